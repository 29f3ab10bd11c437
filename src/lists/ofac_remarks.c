/*
 * ofac_remarks.c - the OFAC "Remarks" mini-grammar (FORMATS.md §1.7).
 *
 * The legacy CSV has no columns for dates of birth, nationalities,
 * identifiers, NS-CMIC dates or relations: OFAC packs them into one text,
 *
 *     item ( "; " item )* "."
 *     item := [ "alt. " ] key value [ " (" country ")" ] [ issued ] [ expires ]
 *           | "a.k.a. '" name "'"  (weak aliases; also f.k.a. / n.k.a.)
 *           | "Linked To: " name
 *           | free text
 *
 * Keys are not delimited (some contain blanks and parentheses themselves,
 * "Unified Social Credit Code (USCC)"), so items are matched against a table
 * of known keys, the longest matching key winning. The table was derived
 * from the keys that occur in the OFAC files we hold (SDN 2023-12 and
 * 2024-05, Non-SDN 2025-04 and 2025-12). Items with an unknown key still
 * land somewhere useful: "Label: value" becomes a fact, "Label 123 (Country)"
 * an identifier, anything else a "remark" fact. Nothing is dropped.
 *
 * Fact keys are kept as OFAC writes them, including a trailing ":" or " -"
 * ("Secondary sanctions risk:"), which is also how the XML formats spell
 * them as idType, so that the same record read from either format agrees.
 *
 * The text is untrusted: odd, truncated (cut at 1,000 characters with no
 * continuation) or hostile remarks never fail; the only error is running
 * out of memory.
 */
#include "lists/readers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef enum item_kind {
    K_DOB,
    K_POB,
    K_NATIONALITY,
    K_CITIZEN,
    K_GENDER,
    K_LINKED,
    K_CMIC_EFFECTIVE,
    K_CMIC_DIVESTMENT,
    K_CMIC_LISTING,
    K_IDENT,       /* value [(country)] [issued d] [expires d] */
    K_IDENT_PLAIN, /* value taken whole: names, URLs, tickers */
    K_CRYPTO,      /* "Digital Currency Address - XBT addr": type keeps
                      the currency code */
    K_FACT
} item_kind;

typedef struct remark_key {
    const char *key;
    item_kind kind;
} remark_key;

/* Every key is matched case-sensitively at the start of an item and must be
 * followed by a blank or the end of the item. Order does not matter: the
 * longest match wins ("Passport" vs "Passport RL" is decided that way, and
 * "nationality" vs "Nationality of Registration" by case). */
static const remark_key keys[] = {
    {"DOB", K_DOB},
    {"POB", K_POB},
    {"nationality", K_NATIONALITY},
    {"citizen", K_CITIZEN},
    {"Gender", K_GENDER},
    {"Linked To:", K_LINKED},
    {"Effective Date (CMIC)", K_CMIC_EFFECTIVE},
    {"Purchase/Sales For Divestment Date (CMIC)", K_CMIC_DIVESTMENT},
    {"Listing Date (CMIC)", K_CMIC_LISTING},
    {"Digital Currency Address -", K_CRYPTO},

    /* Securities and contact identifiers: taken whole. */
    {"ISIN", K_IDENT_PLAIN},
    {"Equity Ticker", K_IDENT_PLAIN},
    {"Issuer Name", K_IDENT_PLAIN},
    {"Website", K_IDENT_PLAIN},
    {"Email Address", K_IDENT_PLAIN},
    {"Phone Number", K_IDENT_PLAIN},
    {"Telephone", K_IDENT_PLAIN},
    {"Telephone No.", K_IDENT_PLAIN},
    {"Fax", K_IDENT_PLAIN},
    {"Fax No.", K_IDENT_PLAIN},
    {"SWIFT/BIC", K_IDENT_PLAIN},
    {"MMSI", K_IDENT_PLAIN},
    {"Aircraft Manufacturer's Serial Number (MSN)", K_IDENT_PLAIN},
    {"Aircraft Tail Number", K_IDENT_PLAIN},
    {"Aircraft Construction Number (also called L/N or S/N or F/N)", K_IDENT_PLAIN},
    {"Aircraft Serial Identification", K_IDENT_PLAIN},
    {"Aircraft Mode S Transponder Code", K_IDENT_PLAIN},

    /* Documents and registrations: value (country) issued .. expires .. */
    {"Passport", K_IDENT},
    {"Diplomatic Passport", K_IDENT},
    {"British National Overseas Passport", K_IDENT},
    {"Stateless Person Passport", K_IDENT},
    {"Stateless Person ID Card", K_IDENT},
    {"National ID No.", K_IDENT},
    {"National Foreign ID Number", K_IDENT},
    {"Personal ID Card", K_IDENT},
    {"Refugee ID Card", K_IDENT},
    {"Tazkira National ID Card", K_IDENT},
    {"Kenyan ID No.", K_IDENT},
    {"Moroccan Personal ID No.", K_IDENT},
    {"Turkish Identification Number", K_IDENT},
    {"UAE Identification", K_IDENT},
    {"Identification Number", K_IDENT},
    {"Citizen's Card Number", K_IDENT},
    {"Numero de Identidad", K_IDENT},
    {"Birth Certificate Number", K_IDENT},
    {"Travel Document Number", K_IDENT},
    {"Seafarer's Identification Document", K_IDENT},
    {"Residency Number", K_IDENT},
    {"Immigration No.", K_IDENT},
    {"VisaNumberID", K_IDENT},
    {"Electoral Registry No.", K_IDENT},
    {"Credencial electoral", K_IDENT},
    {"Cartilla de Servicio Militar Nacional", K_IDENT},
    {"Military Registration Number", K_IDENT},
    {"Driver's License No.", K_IDENT},
    {"Pilot License Number", K_IDENT},
    {"SSN", K_IDENT},
    {"Cedula No.", K_IDENT},
    {"C.U.R.P.", K_IDENT},
    {"C.U.R.P. #", K_IDENT},
    {"C.U.I.", K_IDENT},
    {"C.U.I.P.", K_IDENT},
    {"C.U.I.T.", K_IDENT},
    {"D.N.I.", K_IDENT},
    {"I.F.E.", K_IDENT},
    {"N.I.E.", K_IDENT},
    {"N.I.F.", K_IDENT},
    {"C.I.F.", K_IDENT},
    {"C.I.N.", K_IDENT},
    {"CNP (Personal Numerical Code)", K_IDENT},
    {"LE Number", K_IDENT},
    {"Tax ID No.", K_IDENT},
    {"R.F.C.", K_IDENT},
    {"R.F.C. #", K_IDENT},
    {"RFC", K_IDENT},
    {"NIT #", K_IDENT},
    {"RUC #", K_IDENT},
    {"RIF #", K_IDENT},
    {"RTN", K_IDENT},
    {"US FEIN", K_IDENT},
    {"V.A.T. Number", K_IDENT},
    {"Italian Fiscal Code", K_IDENT},
    {"Fiscal Code", K_IDENT},
    {"Romanian Tax Registration", K_IDENT},
    {"Paraguayan tax identification number", K_IDENT},
    {"Numero Unico de Identificacao Tributaria (NUIT)", K_IDENT},
    {"Unified Social Credit Code (USCC)", K_IDENT},
    {"United Social Credit Code Certificate (USCCC)", K_IDENT},
    {"Legal Entity Number", K_IDENT},
    {"Registration Number", K_IDENT},
    {"Registration ID", K_IDENT},
    {"Registration Certificate Number (Dubai)", K_IDENT},
    {"Business Registration Number", K_IDENT},
    {"Business Registration Document #", K_IDENT},
    {"Public Registration Number", K_IDENT},
    {"Central Registration System Number", K_IDENT},
    {"MSB Registration Number", K_IDENT},
    {"Russian State Individual Business Registration Number Pattern (OGRNIP)", K_IDENT},
    {"Government Gazette Number", K_IDENT},
    {"Company Number", K_IDENT},
    {"UK Company Number", K_IDENT},
    {"Commercial Registry Number", K_IDENT},
    {"Economic Register Number (CBLS)", K_IDENT},
    {"Enterprise Number", K_IDENT},
    {"Branch Unit Number", K_IDENT},
    {"Business Number", K_IDENT},
    {"Certificate of Incorporation Number", K_IDENT},
    {"Chamber of Commerce Number", K_IDENT},
    {"Istanbul Chamber of Comm. No.", K_IDENT},
    {"Dubai Chamber of Commerce Membership No.", K_IDENT},
    {"C.R. No.", K_IDENT},
    {"Romanian C.R.", K_IDENT},
    {"Romanian Permanent Resident CAN", K_IDENT},
    {"Folio Mercantil No.", K_IDENT},
    {"Matricula Mercantil No", K_IDENT},
    {"Trade License No.", K_IDENT},
    {"Tourism License No.", K_IDENT},
    {"License", K_IDENT},
    {"Permit Number", K_IDENT},
    {"SRE Permit No.", K_IDENT},
    {"Afghan Money Service Provider License Number", K_IDENT},
    {"Registered Charity No.", K_IDENT},
    {"Organization Code", K_IDENT},
    {"Trademark number", K_IDENT},
    {"File Number", K_IDENT},
    {"D-U-N-S Number", K_IDENT},
    {"BIK (RU)", K_IDENT},
    {"Chinese Commercial Code", K_IDENT},
    {"Vessel Registration Identification", K_IDENT},
    {"IMO", K_IDENT},

    /* Keyed items that are not identifiers. */
    {"Target Type", K_FACT},
    {"Organization Established Date", K_FACT},
    {"Organization Type:", K_FACT},
    {"Secondary sanctions risk:", K_FACT},
    {"Additional Sanctions Information -", K_FACT},
    {"Executive Order 13662 Directive Determination -", K_FACT},
    {"Executive Order 14024 Directive Information -", K_FACT},
    {"Executive Order 14024 Directive Information", K_FACT},
    {"IFCA Determination -", K_FACT},
    {"Aircraft Model", K_FACT},
    {"Aircraft Operator", K_FACT},
    {"Aircraft Manufacture Date", K_FACT},
    {"Nationality of Registration", K_FACT},
    {"Former Vessel Flag", K_FACT},
    {"Other Vessel Type", K_FACT},
    {"Other Vessel Flag", K_FACT},
    {"Other Vessel Call Sign", K_FACT},
    {"Vessel Year of Build", K_FACT},
};

/* The longest key that starts `item` and is followed by a blank or the end
 * of the item; NULL if none. */
static const remark_key *match_key(const char *item, size_t len)
{
    const remark_key *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *k = keys[i].key;
        if (k[0] != item[0])
            continue;
        size_t n = strlen(k);
        if (n <= best_len || n > len || memcmp(item, k, n) != 0)
            continue;
        if (n < len && item[n] != ' ')
            continue;
        best = &keys[i];
        best_len = n;
    }
    return best;
}

/* Trims blanks in place at both ends of s[0..*len); returns the new start. */
static char *trim_span(char *s, size_t *len)
{
    while (*len && isspace((unsigned char)*s)) {
        s++;
        (*len)--;
    }
    while (*len && isspace((unsigned char)s[*len - 1]))
        (*len)--;
    s[*len] = '\0';
    return s;
}

/* Finds the last occurrence of needle in s[0..len), or NULL. */
static char *find_last(char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n > len)
        return NULL;
    for (size_t i = len - n + 1; i-- > 0;)
        if (memcmp(s + i, needle, n) == 0)
            return s + i;
    return NULL;
}

/* When v[0..len) ends with " (Something)" whose content starts with a
 * capital letter and something stands before it, the index of the "(";
 * else 0. */
static size_t country_start(const char *v, size_t len)
{
    if (len < 4 || v[len - 1] != ')')
        return 0;
    int depth = 0;
    size_t i = len;
    while (i-- > 0) {
        if (v[i] == ')')
            depth++;
        else if (v[i] == '(' && --depth == 0)
            break;
    }
    if (i == (size_t)-1 || i < 2 || v[i - 1] != ' ' ||
        !isupper((unsigned char)v[i + 1]))
        return 0;
    return i;
}

/* Cuts a trailing " (Country)" off v and returns the country
 * (NUL-terminated in place), or NULL. */
static char *cut_country(char *v, size_t *len)
{
    size_t i = country_start(v, *len);
    if (!i)
        return NULL;
    v[*len - 1] = '\0';
    *len = i - 1;
    trim_span(v, len);
    return *len ? v + i + 1 : NULL;
}

/* Adds identifier `type` from v[0..len). Unless plain, the value may end
 * with " (Country) issued DATE expires DATE" (each part optional). */
static int add_ident(recb *b, const char *type, char *v, size_t len, int plain)
{
    emb_ident id;
    memset(&id, 0, sizeof id);
    id.type = type;
    if (!plain) {
        char *ex = find_last(v, len, " expires ");
        if (ex) {
            id.expires = ex + 9;
            *ex = '\0';
            len = (size_t)(ex - v);
        }
        char *is = find_last(v, len, " issued ");
        if (is) {
            id.issued = is + 8;
            *is = '\0';
            len = (size_t)(is - v);
        }
        v = trim_span(v, &len);
        id.country = cut_country(v, &len);
    }
    id.value = v;
    if (!*v)
        return recb_add_fact(b, type, NULL);
    return recb_add_ident(b, &id);
}

static int set_cmic_date(recb *b, recb_date_field f, const char *key,
                         const char *value)
{
    emb_period p;
    if (emb_period_parse(value, &p) == EMB_OK && !p.circa &&
        date_cmp(p.from, p.to) == 0 && p.from.day) {
        recb_set_date(b, f, p.from);
        return EMB_OK;
    }
    return recb_add_fact(b, key, value);
}

/* "a.k.a. 'NAME'" and its f.k.a. / n.k.a. forms; 1 when item is one. */
static int weak_alias(const char *item, size_t len, emb_name_type *type,
                      const char **name, size_t *name_len)
{
    if (len < 10 || item[len - 1] != '\'' || memcmp(item + 1, ".k.a. '", 7))
        return 0;
    switch (item[0]) {
    case 'a': *type = EMB_NAME_AKA; break;
    case 'f': *type = EMB_NAME_FKA; break;
    case 'n': *type = EMB_NAME_NKA; break;
    default: return 0;
    }
    *name = item + 8;
    *name_len = len - 9;
    return 1;
}

/* Length of the label of an unknown "Label VALUE" item: up to six words
 * that start with a letter, followed by a word holding a digit. 0 when the
 * item does not look like that. */
static size_t unknown_label_len(const char *item)
{
    const char *p = item;
    for (int words = 0; words <= 6; words++) {
        const char *w = p;
        int digit = 0;
        while (*p && *p != ' ')
            digit |= isdigit((unsigned char)*p++);
        if (digit)
            return words ? (size_t)(w - item) - 1 : 0;
        if (!isalpha((unsigned char)*w) || *p != ' ')
            return 0;
        p++;
    }
    return 0;
}

/* An item with no known key: "Label: value" (a short label) -> fact;
 * "Label 123 (Country)" -> identifier; anything else a "remark" fact. */
static int apply_unknown(recb *b, char *item, size_t len)
{
    char *colon = strstr(item, ": ");
    if (colon && colon > item && colon - item <= 120) {
        int words = 1;
        for (const char *p = item; p < colon; p++)
            words += *p == ' ';
        if (words <= 12) {
            char *v = colon + 2;
            size_t vlen = len - (size_t)(v - item);
            v = trim_span(v, &vlen);
            colon[1] = '\0';
            return recb_add_fact(b, item, *v ? v : NULL);
        }
    }
    size_t label = unknown_label_len(item);
    if (label) {
        char *v = item + label + 1;
        size_t vlen = len - label - 1;
        if (country_start(v, vlen)) {
            item[label] = '\0';
            return add_ident(b, item, v, vlen, 0);
        }
    }
    return recb_add_fact(b, "remark", item);
}

static int apply_item(recb *b, char *item, size_t len)
{
    if (len > 5 && memcmp(item, "alt. ", 5) == 0) {
        item += 5;
        len -= 5;
        item = trim_span(item, &len);
    }
    if (!len)
        return EMB_OK;

    emb_name_type nt;
    const char *name;
    size_t name_len;
    if (weak_alias(item, len, &nt, &name, &name_len)) {
        item[len - 1] = '\0';
        if (!name_len)
            return EMB_OK;
        return recb_add_name(b, nt, 1, name, NULL, NULL, NULL);
    }

    const remark_key *k = match_key(item, len);
    if (!k)
        return apply_unknown(b, item, len);

    size_t klen = strlen(k->key);
    char *v = item + klen;
    size_t vlen = len - klen;
    v = trim_span(v, &vlen);
    item[klen] = '\0'; /* item now holds the key alone */
    const char *key = k->key;
    char typebuf[96];

    switch (k->kind) {
    case K_DOB: {
        emb_period p;
        if (!*v)
            return EMB_OK;
        if (emb_period_parse(v, &p) != EMB_OK)
            memset(&p, 0, sizeof p);
        p.text = v;
        return recb_add_birth(b, &p);
    }
    case K_POB: return recb_add_birthplace(b, v);
    case K_NATIONALITY: return recb_add_nationality(b, v);
    case K_CITIZEN: return recb_add_citizenship(b, v);
    case K_GENDER: return recb_set(b, RECB_GENDER, v);
    case K_LINKED: return recb_add_relation(b, "Linked To", v, NULL);
    case K_CMIC_EFFECTIVE:
        return set_cmic_date(b, RECB_CMIC_EFFECTIVE, key, v);
    case K_CMIC_DIVESTMENT:
        return set_cmic_date(b, RECB_CMIC_DIVESTMENT, key, v);
    case K_CMIC_LISTING:
        return set_cmic_date(b, RECB_CMIC_LISTING, key, v);
    case K_CRYPTO: {
        /* The currency code belongs to the label. */
        size_t c = 0;
        while (c < vlen && v[c] != ' ')
            c++;
        if (c == 0 || c >= 16 || c == vlen)
            return recb_add_fact(b, key, *v ? v : NULL);
        memcpy(typebuf, key, klen);
        typebuf[klen] = ' ';
        memcpy(typebuf + klen + 1, v, c);
        typebuf[klen + 1 + c] = '\0';
        char *addr = v + c + 1;
        size_t alen = vlen - c - 1;
        addr = trim_span(addr, &alen);
        return add_ident(b, typebuf, addr, alen, 1);
    }
    case K_IDENT:
    case K_IDENT_PLAIN:
        return add_ident(b, key, v, vlen, k->kind == K_IDENT_PLAIN);
    case K_FACT:
        return recb_add_fact(b, key, *v ? v : NULL);
    }
    return EMB_OK;
}

int ofac_remarks_apply(recb *b, const char *remarks, emb_error *err,
                       const char *path, long line)
{
    if (!b || !remarks)
        return EMB_OK;
    size_t len = strlen(remarks);
    char *buf = malloc(len + 1);
    if (!buf)
        return emb_error_set(err, EMB_ERR_NOMEM, path, line, "Remarks",
                             "out of memory");
    memcpy(buf, remarks, len + 1);
    char *s = trim_span(buf, &len);
    if (len && s[len - 1] == '.')
        s[--len] = '\0';
    int rc = EMB_OK;
    char *p = s, *end = s + len;
    while (p < end && rc == EMB_OK) {
        char *sep = strstr(p, "; ");
        char *stop = sep ? sep : end;
        *stop = '\0';
        size_t ilen = (size_t)(stop - p);
        char *item = trim_span(p, &ilen);
        if (ilen)
            rc = apply_item(b, item, ilen);
        p = sep ? sep + 2 : end;
    }
    free(buf);
    if (rc != EMB_OK)
        return emb_error_set(err, rc, path, line, "Remarks", "out of memory");
    return EMB_OK;
}
