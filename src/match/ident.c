/*
 * ident.c - identifiers as keys: the form in which a query's identifier
 * and a listed one are compared, which listed identifiers name a party,
 * and the text form that holds several (ident.h). The index maps every
 * such key to the records holding it (index.c, build_idents); emb_screen
 * looks the query's keys up.
 *
 * A key is the identifier's letters and digits, lower-cased, everything
 * else left out: "IMO 9879727", "imo9879727" and "9879727" are one key
 * (the label IMO before seven digits is dropped), as are "+86 150 3011
 * 1720" and "8615030111720", or "http://www.rdif.ru/" and "rdif.ru" (a
 * scheme and "www." are dropped), and an Ethereum address with or without
 * its "0x". Digital currency addresses are written
 * in mixed case; two that differ only in case are taken as one, which
 * the chance of two such addresses makes safe.
 */
#include <ctype.h>
#include <string.h>

#include "match/match.h"

/* s starts with the ASCII prefix p, case aside. */
static int starts_ci(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    if (len < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != p[i])
            return 0;
    return 1;
}

size_t ident_key(const char *value, size_t len, char *out, size_t cap)
{
    while (len && isspace((unsigned char)*value)) {
        value++;
        len--;
    }
    /* a website's scheme and www. */
    static const char *const prefixes[] = {"https://", "http://", "www."};
    for (size_t k = 0; k < 3; k++)
        if (starts_ci(value, len, prefixes[k])) {
            value += strlen(prefixes[k]);
            len -= strlen(prefixes[k]);
        }
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c < 0x80 && !isalnum(c))
            continue;
        if (n + 1 >= cap)
            return 0;
        out[n++] = (char)(c < 0x80 ? tolower(c) : c);
    }
    /* an Ethereum address, 40 hex digits, with or without its "0x" */
    if (n == 42 && out[0] == '0' && out[1] == 'x') {
        size_t d = 2;
        while (d < n && isxdigit((unsigned char)out[d]))
            d++;
        if (d == n) {
            memmove(out, out + 2, 40);
            n = 40;
        }
    }
    /* "IMO 9879727": the vessel's number without its label */
    if (n == 10 && !memcmp(out, "imo", 3)) {
        size_t d = 3;
        while (d < n && isdigit((unsigned char)out[d]))
            d++;
        if (d == n) {
            memmove(out, out + 3, 7);
            n = 7;
        }
    }
    out[n] = '\0';
    return n >= EMB_IDENT_MIN ? n : 0;
}

/* A key of 11 that is written as a BIC is (bank, country, location,
 * branch: 4 letters, 2 letters, 2 letters or digits, 3 letters or
 * digits): its institution's BIC, the first 8. */
static int bic11(const char *k, size_t n)
{
    if (n != 11)
        return 0;
    for (size_t i = 0; i < 6; i++)
        if (!islower((unsigned char)k[i]))
            return 0;
    for (size_t i = 6; i < 11; i++)
        if (!isalnum((unsigned char)k[i]))
            return 0;
    return 1;
}

size_t ident_query_keys(const char *value, char keys[2][IDENT_KEY_CAP],
                        size_t lens[2])
{
    size_t n = ident_key(value, strlen(value), keys[0], IDENT_KEY_CAP);
    if (!n)
        return 0;
    lens[0] = n;
    if (!bic11(keys[0], n))
        return 1;
    /* the listed BIC of 11 with its primary office's XXX is its 8 too */
    memcpy(keys[1], keys[0], 8);
    keys[1][8] = '\0';
    lens[1] = 8;
    return 2;
}

/* The IMO check: the first six digits times 7 down to 2, summed, end in
 * the seventh. */
static int imo_valid(const char *k)
{
    int sum = 0;
    for (int i = 0; i < 6; i++)
        sum += (k[i] - '0') * (7 - i);
    return sum % 10 == k[6] - '0';
}

/* ISO 17442 (ISO 7064 MOD 97-10): letters as 10 to 35, the number mod 97
 * is 1. */
static int lei_valid(const char *k)
{
    unsigned r = 0;
    for (int i = 0; i < 20; i++) {
        unsigned v = isdigit((unsigned char)k[i]) ? (unsigned)(k[i] - '0')
                                                  : (unsigned)(k[i] - 'a') + 10;
        r = (r * (v < 10 ? 10 : 100) + v) % 97;
    }
    return r == 1;
}

static int all_of(const char *k, size_t n, int (*is)(int))
{
    for (size_t i = 0; i < n; i++)
        if (!is((unsigned char)k[i]))
            return 0;
    return 1;
}

emb_id_kind ident_kind_of(const char *key, size_t len)
{
    if (len == 7 && all_of(key, 7, isdigit) && imo_valid(key))
        return EMB_ID_IMO;
    if (len == 20 && all_of(key, 20, isalnum) && lei_valid(key))
        return EMB_ID_LEI;
    char iso[3];
    if ((len == 8 || len == 11) && all_of(key, 6, islower) &&
        all_of(key + 6, len - 6, isalnum)) {
        char cc[3] = {key[4], key[5], '\0'};
        if (country_iso2(cc, iso))
            return EMB_ID_SWIFT_BIC;
    }
    return EMB_ID_OTHER;
}

int ident_same(emb_id_kind k, const char *a, size_t la, const char *b,
               size_t lb)
{
    if (k == EMB_ID_SWIFT_BIC && la >= 8 && lb >= 8)
        return !memcmp(a, b, 8);
    return la == lb && !memcmp(a, b, la);
}

/* 1 when an identifier of kind other, labelled `type`, is a number that
 * names its holder: not a date, a directive, a sanctions note or OFAC's
 * own entity number, which the lists give among identifiers too. */
static int other_names_holder(const char *type)
{
    static const char *const not_ids[] = {
        "entity number", "date",    "sanction", "directive",
        "executive order", "type",  "prohibited", "nationality",
        "information",   "determination", "ifca", "caatsa",
    };
    if (!type)
        return 0;
    char low[128];
    size_t n = 0;
    for (; type[n] && n + 1 < sizeof low; n++)
        low[n] = (char)tolower((unsigned char)type[n]);
    low[n] = '\0';
    for (size_t k = 0; k < sizeof not_ids / sizeof not_ids[0]; k++)
        if (strstr(low, not_ids[k]))
            return 0;
    return 1;
}

int ident_indexable(const emb_ident *id)
{
    if (!id->value || !*id->value)
        return 0;
    switch (id->kind) {
    case EMB_ID_ISIN:
    case EMB_ID_TICKER:
    case EMB_ID_ISSUER_NAME: /* securities: emb_security_lookup */
        return 0;
    case EMB_ID_OTHER:
        return other_names_holder(id->type);
    default:
        return 1;
    }
}

ident_span ident_trim(ident_span sp)
{
    while (sp.len && isspace((unsigned char)*sp.s))
        sp.s++, sp.len--;
    while (sp.len && isspace((unsigned char)sp.s[sp.len - 1]))
        sp.len--;
    return sp;
}

size_t idents_split(const char *text, ident_span *out, size_t max)
{
    size_t n = 0;
    for (const char *p = text; p && *p;) {
        size_t len = strcspn(p, ";|");
        ident_span sp = ident_trim((ident_span){p, len});
        if (sp.len) {
            if (n < max)
                out[n] = sp;
            n++;
        }
        p += len + (p[len] != '\0');
    }
    return n;
}

size_t idents_terminate(const ident_span *sp, size_t n, char *buf,
                        size_t cap, const char **out)
{
    size_t k = 0;
    for (size_t i = 0, o = 0; i < n; i++) {
        if (o + sp[i].len + 1 > cap)
            break;
        memcpy(buf + o, sp[i].s, sp[i].len);
        buf[o + sp[i].len] = '\0';
        out[k++] = buf + o;
        o += sp[i].len + 1;
    }
    return k;
}
