/*
 * csl.c - reader for the trade.gov Consolidated Screening List CSV
 * (FORMATS.md §5): one row per listed party of thirteen US lists.
 *
 * Columns are found by name in the header row, so a reordered or widened
 * file still reads; _id, source and name are required, the other known
 * columns are used when present and unknown columns are ignored. Fields
 * are trimmed and split in place inside the tokenizer's record buffer
 * (csv_reader.buf), so a row costs no allocation beyond one reused
 * scratch buffer and what the record builder copies into the set.
 *
 * Choices worth knowing:
 *  - The repeated header row of the 2023 copy is skipped; a final record
 *    cut off inside quotes is dropped with a warning, not an error.
 *  - The same OFAC ent_num can appear on two sub-lists (SSI and NS-MBS,
 *    SDN and PLC). The first row keeps _id as source_id; a later row with
 *    an _id already used gets "<_id>-<LIST>" (then "-2", "-3"...), so ids
 *    stay unique within the set. entity_number is kept as an identifier
 *    ("OFAC entity number") for joining with the OFAC files.
 *  - ids items are "Type, Number[, CC[, issued[, expires]]]". Type is the
 *    text before the first ", " (the labels themselves have no ", "; the
 *    "Directive Determination -, Subject to Directive 1" items read as
 *    label "...Determination -" and value "Subject to Directive 1").
 *    The country is the last part after the number that is exactly two
 *    capital letters and is followed only by date parts; everything
 *    between the label and the country is the number, commas included.
 *    The three CMIC dates become record dates, "Gender" the gender, every
 *    other item an identifier (as the OFAC XML idList has them).
 *  - BIS and State rows have an empty type: their kind is unknown unless
 *    they carry birth or citizenship data or their name ends with a note
 *    that it is a person's ("Linda Zhai (PRC individual)"), which is cut
 *    off (kept in the fact "name_as_listed"). "LAST, First" is split into
 *    family and given names only for type Individual.
 *  - Addresses keep their whole text; the country is the last part when
 *    it is an ISO-2 code and the street is the first part (with a bare
 *    house number joined to the part after it). No more is guessed.
 *  - "Linked To: NAME" items in remarks also become relations.
 *  - A name column that also holds the listing's scope ("; and any
 *    successor, sub-unit, or subsidiary thereof") or another name
 *    ("X (f.k.a., Y)", "X, a.k.a. Y"; name_field_split in names.c, which
 *    the DPL reader shares) is cut to the name; the other name
 *    becomes an f.k.a. or a.k.a., the scope the fact "name_scope", and
 *    the column as written the fact "name_as_listed". An alt_names item
 *    is cut the same way, and one of a party that is no person listing
 *    three names or more with commas gives each its own alias.
 *  - A start_date or end_date that does not parse is a warning and a DOB
 *    that does not parse keeps its text alone; a bad UTF-8 byte, a wrong
 *    field count or an unknown type is an error.
 *  - The CSV carries no publication date: the set's date is inferred from
 *    the newest start date / CMIC date that is not after today.
 */
#include "lists/readers.h"
#include "text/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 1: a name column or alt_names item holding a scope, an f.k.a. or a
 * list of names is cut into its names; a name noted as a person's makes
 * a person */
#define CSL_READER_REVISION 1

enum csl_col {
    C_ID, C_SOURCE, C_ENTITY_NUMBER, C_TYPE, C_PROGRAMS, C_NAME, C_TITLE,
    C_ADDRESSES, C_FR_NOTICE, C_START_DATE, C_END_DATE, C_STANDARD_ORDER,
    C_LICENSE_REQUIREMENT, C_LICENSE_POLICY, C_CALL_SIGN, C_VESSEL_TYPE,
    C_GROSS_TONNAGE, C_GRT, C_VESSEL_FLAG, C_VESSEL_OWNER, C_REMARKS,
    C_SOURCE_LIST_URL, C_ALT_NAMES, C_CITIZENSHIPS, C_DATES_OF_BIRTH,
    C_NATIONALITIES, C_PLACES_OF_BIRTH, C_SOURCE_INFO_URL, C_IDS, C_COUNT
};

static const char *const col_names[C_COUNT] = {
    "_id", "source", "entity_number", "type", "programs", "name", "title",
    "addresses", "federal_register_notice", "start_date", "end_date",
    "standard_order", "license_requirement", "license_policy", "call_sign",
    "vessel_type", "gross_tonnage", "gross_registered_tonnage",
    "vessel_flag", "vessel_owner", "remarks", "source_list_url",
    "alt_names", "citizenships", "dates_of_birth", "nationalities",
    "places_of_birth", "source_information_url", "ids"};

/* Columns whose absence makes the file unreadable. */
static const enum csl_col required_cols[] = {C_ID, C_SOURCE, C_NAME};

/* Columns kept verbatim as facts keyed by the column name. */
static const enum csl_col fact_cols[] = {
    C_FR_NOTICE, C_STANDARD_ORDER, C_LICENSE_REQUIREMENT, C_LICENSE_POLICY,
    C_SOURCE_LIST_URL, C_SOURCE_INFO_URL};

static const struct {
    enum csl_col col;
    recb_field field;
} text_cols[] = {
    {C_TITLE, RECB_TITLE},
    {C_CALL_SIGN, RECB_VESSEL_CALL_SIGN},
    {C_VESSEL_TYPE, RECB_VESSEL_TYPE},
    {C_GROSS_TONNAGE, RECB_VESSEL_TONNAGE},
    {C_GRT, RECB_VESSEL_GRT},
    {C_VESSEL_FLAG, RECB_VESSEL_FLAG},
    {C_VESSEL_OWNER, RECB_VESSEL_OWNER},
    {C_REMARKS, RECB_REMARKS}};

/* ---- reader state ----------------------------------------------------- */
typedef struct csl_ctx {
    const char *path;
    emb_recset *set;
    emb_error *err;
    csv_reader csv;
    long col[C_COUNT];  /* field index of each known column, -1 if absent */
    size_t n_cols;      /* fields in the header */
    char *header;       /* copy of the header row's fields */
    size_t *header_offs;
    size_t header_len;
    idset ids;
    char *tmp;          /* scratch for one value at a time */
    size_t tmp_cap;
    char empty[1];      /* what an absent column reads as */
} csl_ctx;

static int nomem(csl_ctx *c)
{
    return emb_error_set(c->err, EMB_ERR_NOMEM, c->path, c->csv.line, NULL,
                         "out of memory");
}

/* The current row's value of a known column: trimmed, writable, "" when
 * the column is absent. Valid until the next row. */
static char *cell(csl_ctx *c, enum csl_col col)
{
    if (c->col[col] < 0 || (size_t)c->col[col] >= c->csv.n_fields) {
        c->empty[0] = '\0';
        return c->empty;
    }
    return c->csv.buf + c->csv.offs[c->col[col]];
}

/* Copies s into the scratch buffer; NULL on OOM. */
static char *scratch(csl_ctx *c, const char *s)
{
    size_t len = strlen(s);
    if (len + 1 > c->tmp_cap) {
        size_t cap = (len + 1) * 2;
        char *p = realloc(c->tmp, cap);
        if (!p)
            return NULL;
        c->tmp = p;
        c->tmp_cap = cap;
    }
    memcpy(c->tmp, s, len + 1);
    return c->tmp;
}

/* Next "; "-separated item of *cursor (trimmed, possibly empty), or NULL
 * when there is none left. Splits in place. */
static char *next_item(char **cursor)
{
    char *p = *cursor;
    if (!p)
        return NULL;
    char *q = strstr(p, "; ");
    if (q) {
        *q = '\0';
        *cursor = q + 2;
    } else {
        *cursor = NULL;
    }
    return str_trim(p);
}

static int is_cc(const char *s)
{
    return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
           s[2] == '\0';
}

/* ---- header ----------------------------------------------------------- */
static int read_header(csl_ctx *c)
{
    csv_reader *r = &c->csv;
    unsigned char required[C_COUNT] = {0};
    for (size_t i = 0; i < sizeof required_cols / sizeof required_cols[0]; i++)
        required[required_cols[i]] = 1;
    c->n_cols = r->n_fields;
    int rc = csv_map_header(r, col_names, C_COUNT, required, c->col,
                            "a Consolidated Screening List CSV", c->err);
    if (rc != EMB_OK)
        return rc;
    c->header = malloc(r->buf_len ? r->buf_len : 1);
    c->header_offs = malloc(r->n_fields * sizeof *c->header_offs);
    if (!c->header || !c->header_offs)
        return nomem(c);
    memcpy(c->header, r->buf, r->buf_len);
    memcpy(c->header_offs, r->offs, r->n_fields * sizeof *c->header_offs);
    c->header_len = r->buf_len;
    return EMB_OK;
}

static const char *header_name(const csl_ctx *c, size_t i)
{
    return c->header + c->header_offs[i];
}

/* 1 when the current row repeats the header (all fields unquoted). */
static int is_header_again(const csl_ctx *c)
{
    const csv_reader *r = &c->csv;
    if (r->n_fields != c->n_cols)
        return 0;
    for (size_t i = 0; i < r->n_fields; i++)
        if (csv_field_quoted(r, i) ||
            strcmp(r->buf + r->offs[i], header_name(c, i)) != 0)
            return 0;
    return 1;
}

/* ---- one column at a time --------------------------------------------- */

/* "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department"
 * -> "NS-MBS". Without parentheses the whole name is the code. */
static void list_code(const char *source, char *out, size_t n)
{
    const char *open = strchr(source, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    const char *s = source;
    size_t len = strlen(source);
    if (open && close) {
        s = open + 1;
        len = (size_t)(close - s);
    }
    if (len > 5 && memcmp(s + len - 5, " List", 5) == 0)
        len -= 5;
    if (len >= n)
        len = n - 1;
    memcpy(out, s, len);
    out[len] = '\0';
}

/* Where name ends with a note that it is a person's ("Linda Zhai (PRC
 * individual)", "Igor Aleksandrovich Michurin (Russian individual)", as
 * the State Department's rows write it); NULL when it does not. */
static char *individual_note(char *name)
{
    static const char note[] = "individual)";
    size_t l = strlen(name), ln = sizeof note - 1;
    if (l <= ln || strcasecmp(name + l - ln, note))
        return NULL;
    char *open = strrchr(name, '(');
    return open && open > name ? open : NULL;
}

static int set_kind(csl_ctx *c, recb *b, const char *type)
{
    static const struct {
        const char *name;
        emb_kind kind;
    } kinds[] = {{"Individual", EMB_KIND_PERSON},
                 {"Entity", EMB_KIND_ENTITY},
                 {"Vessel", EMB_KIND_VESSEL},
                 {"Aircraft", EMB_KIND_AIRCRAFT}};
    if (!type[0]) {
        /* BIS and State rows have no type, and hold people and firms
         * alike (the Entity List's "Eliyahu Cohen", the ITAR debarred
         * parties). Birth data or citizenship only make sense for a
         * person; otherwise the row does not say. */
        int person = cell(c, C_DATES_OF_BIRTH)[0] ||
                     cell(c, C_PLACES_OF_BIRTH)[0] ||
                     cell(c, C_CITIZENSHIPS)[0] ||
                     cell(c, C_NATIONALITIES)[0] ||
                     individual_note(cell(c, C_NAME));
        recb_set_kind(b, person ? EMB_KIND_PERSON : EMB_KIND_UNKNOWN);
        return EMB_OK;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcasecmp(type, kinds[i].name) == 0) {
            recb_set_kind(b, kinds[i].kind);
            return EMB_OK;
        }
    }
    return emb_error_set(c->err, EMB_ERR_PARSE, c->path, c->csv.line, "type",
                         "unknown type '%.60s' (expected Individual, Entity, "
                         "Vessel or Aircraft)", type);
}

static int add_primary_name(csl_ctx *c, recb *b, const char *name,
                            int individual)
{
    const char *comma = individual ? strchr(name, ',') : NULL;
    if (!comma)
        return recb_add_name(b, EMB_NAME_PRIMARY, 0, name, NULL, NULL, NULL);
    char *t = scratch(c, name);
    if (!t)
        return EMB_ERR_NOMEM;
    t[comma - name] = '\0';
    char *family = str_trim(t);
    char *given = str_trim(t + (comma - name) + 1);
    return recb_add_name(b, EMB_NAME_PRIMARY, 0, name, given, family, NULL);
}

/* "street, city, state, postal, CC" with empty parts dropped. */
static int add_addresses(csl_ctx *c, recb *b, char *field)
{
    char *cur = field, *item;
    while ((item = next_item(&cur))) {
        if (!item[0])
            continue;
        char *t = scratch(c, item);
        if (!t)
            return EMB_ERR_NOMEM;
        emb_address a = {0};
        a.text = item;
        char *first = strstr(t, ", ");
        char *last = NULL;
        for (char *p = first; p; p = strstr(p + 2, ", "))
            last = p;
        if (last && is_cc(last + 2))
            a.country = last + 2;
        /* "29, Bolshaya Morskaya str., ...": a bare house number belongs
         * with the part after it. */
        if (first && first != last && strspn(t, "0123456789") ==
                                          (size_t)(first - t))
            first = strstr(first + 2, ", ");
        if (first) {
            *first = '\0';
            a.street = t;
        } else if (is_cc(t)) {
            a.country = t;
        } else {
            a.street = t;
        }
        int rc = recb_add_address(b, &a);
        if (rc)
            return rc;
    }
    return EMB_OK;
}

static int date_column(csl_ctx *c, recb *b, enum csl_col col,
                       recb_date_field f)
{
    const char *s = cell(c, col);
    emb_period p;
    if (!s[0])
        return EMB_OK;
    if (emb_period_parse(s, &p) == EMB_OK) {
        recb_set_date(b, f, p.from);
        return EMB_OK;
    }
    return recset_warn(c->set, "%s:%ld: %s '%.40s' is not a date; ignored",
                       c->path, c->csv.line, col_names[col], s);
}

/* Each "Linked To: NAME" in the remarks becomes a relation. NAME ends at
 * "; " or at the ")" closing the group it sits in; parentheses inside it
 * ("CORPS (IRGC)-QODS FORCE") are kept. */
static int add_linked_to(csl_ctx *c, recb *b, const char *remarks)
{
    static const char key[] = "Linked To: ";
    const char *p = remarks;
    while ((p = strstr(p, key))) {
        p += sizeof key - 1;
        const char *e = p;
        int depth = 0;
        for (; *e; e++) {
            if (*e == '(')
                depth++;
            else if (*e == ')' && depth-- == 0)
                break;
            else if (depth <= 0 && e[0] == ';' && e[1] == ' ')
                break;
        }
        char *t = scratch(c, p);
        if (!t)
            return EMB_ERR_NOMEM;
        t[e - p] = '\0';
        str_trim(t);
        size_t len = strlen(t);
        if (len && t[len - 1] == '.')
            t[len - 1] = '\0';
        int rc = recb_add_relation(b, "Linked To", t, NULL);
        if (rc)
            return rc;
        p = e;
    }
    return EMB_OK;
}

static int add_births(csl_ctx *c, recb *b, char *field)
{
    char *cur = field, *item;
    while ((item = next_item(&cur))) {
        if (!item[0])
            continue;
        emb_period p;
        if (emb_period_parse(item, &p) != EMB_OK)
            memset(&p, 0, sizeof p); /* keep the text alone */
        p.text = item;
        int rc = recb_add_birth(b, &p);
        if (rc)
            return rc;
    }
    (void)c;
    return EMB_OK;
}

typedef int (*add_str_fn)(recb *, const char *);

static int add_list(recb *b, char *field, add_str_fn add)
{
    char *cur = field, *item;
    while ((item = next_item(&cur))) {
        int rc = add(b, item);
        if (rc)
            return rc;
    }
    return EMB_OK;
}

/* One alias, "F.K.A. X" an f.k.a., with another name or the listing's
 * scope cut off as from the name column (name_field_split). */
static int add_one_alias(recb *b, char *s)
{
    emb_name_type type = EMB_NAME_AKA;
    if (!strncasecmp(s, "f.k.a. ", 7) || !strncasecmp(s, "a.k.a. ", 7)) {
        type = s[0] == 'f' || s[0] == 'F' ? EMB_NAME_FKA : EMB_NAME_AKA;
        s = str_trim(s + 7);
    }
    name_field nf;
    int rc = name_field_split(s, &nf);
    const char *name = nf.buf ? nf.name : s;
    if (rc == EMB_OK && name[0])
        rc = recb_add_name(b, type, 0, name, NULL, NULL, NULL);
    if (rc == EMB_OK && nf.other)
        rc = recb_add_name(b, nf.type, 0, nf.other, NULL, NULL, NULL);
    free(nf.buf);
    return rc;
}

/* How many names an alt_names item of a party that is no person holds
 * when it lists them with commas ("Maro Sanat Engineering, Marou Sanat
 * Engineering Company, Mohandesi Tarh Va Toseh Maro Sanat Company"): the
 * parts, three or more, when none starts with "and" or "or" (a name
 * that lists: "... OF PRESEVO, MEDVEDJA, AND BUJANOVAC") or is an f.k.a.
 * between two names ("JSC NIIP, f.k.a., Otkrytoe ...") and the last is
 * no legal form ("Massandra State Concern, National Production and
 * Agrarian Union, OJSC"); else 1. */
#define ALIAS_LIST_MIN 3
static size_t alias_list(const recb *b, const char *s)
{
    if (recb_kind(b) == EMB_KIND_PERSON)
        return 1;
    size_t parts = 1;
    const char *last = s;
    for (const char *p = strstr(s, ", "); p; p = strstr(p + 2, ", ")) {
        const char *q = p + 2 + strspn(p + 2, " ");
        if (!strncasecmp(q, "and ", 4) || !strncasecmp(q, "or ", 3) ||
            ((!strncasecmp(q, "f.k.a.", 6) || !strncasecmp(q, "a.k.a.", 6)) &&
             (q[6] == ',' || !q[6])))
            return 1;
        parts++;
        last = q;
    }
    size_t ll = strlen(last);
    while (ll && last[ll - 1] == ' ')
        ll--;
    if (parts < ALIAS_LIST_MIN || text_legal_word(last, ll))
        return 1;
    return parts;
}

static int add_aliases(recb *b, char *field)
{
    char *cur = field, *item;
    while ((item = next_item(&cur))) {
        if (!item[0])
            continue;
        if (alias_list(b, item) == 1) {
            int rc = add_one_alias(b, item);
            if (rc)
                return rc;
            continue;
        }
        for (char *p = item; p;) {
            char *e = strstr(p, ", ");
            if (e)
                *e = '\0';
            char *part = str_trim(p);
            int rc = part[0] ? add_one_alias(b, part) : EMB_OK;
            if (rc)
                return rc;
            p = e ? e + 2 : NULL;
        }
    }
    return EMB_OK;
}

/* True when s is a date part that may follow the country of an id. */
static int is_date_part(const char *s)
{
    emb_period p;
    return emb_period_parse(s, &p) == EMB_OK;
}

#define MAX_ID_PARTS 64

/* One ids item; see the top of the file for the rule. */
static int add_id_item(csl_ctx *c, recb *b, char *item)
{
    emb_ident id = {0};
    char *sep = strstr(item, ", ");
    if (!sep) {
        id.value = item;
        return recb_add_ident(b, &id);
    }
    *sep = '\0';
    id.type = str_trim(item);
    char *rest = sep + 2;

    recb_date_field df;
    if (cmic_date_label(id.type, &df)) {
        emb_period p;
        if (emb_period_parse(str_trim(rest), &p) == EMB_OK) {
            recb_set_date(b, df, p.from);
            return EMB_OK;
        }
        int rc = recset_warn(c->set, "%s:%ld: %s '%.40s' is not a date",
                             c->path, c->csv.line, id.type, rest);
        if (rc)
            return rc;
        /* kept as an identifier below */
    }
    if (strcmp(id.type, "Gender") == 0)
        return recb_set(b, RECB_GENDER, str_trim(rest));

    /* parts[0] is the first part of the number. */
    char *parts[MAX_ID_PARTS];
    size_t n = 0;
    parts[n++] = rest;
    for (char *p = strstr(rest, ", "); p && n < MAX_ID_PARTS;
         p = strstr(p + 2, ", "))
        parts[n++] = p + 2;
    if (n < MAX_ID_PARTS) {
        /* Country: the last two-capital part (not the first) that only
         * dates follow, at most issue and expiry. */
        size_t k = 0;
        for (size_t j = n; j-- > 1 && n - 1 - j <= 2;) {
            parts[j][-2] = '\0';
            if (!is_cc(parts[j]))
                continue;
            int dates = 1;
            for (size_t m = j + 1; m < n && dates; m++)
                dates = is_date_part(parts[m]);
            if (dates) {
                k = j;
                break;
            }
        }
        /* Re-join the number's parts; the country and dates stay cut. */
        for (size_t j = 1; j < (k ? k : n); j++)
            parts[j][-2] = ',';
        if (k) {
            id.country = parts[k];
            if (k + 1 < n)
                id.issued = parts[k + 1];
            if (k + 2 < n)
                id.expires = parts[k + 2];
        }
    }
    id.value = str_trim(rest);
    return recb_add_ident(b, &id);
}

static int add_ids(csl_ctx *c, recb *b, char *field)
{
    char *cur = field, *item;
    while ((item = next_item(&cur))) {
        if (!item[0])
            continue;
        int rc = add_id_item(c, b, item);
        if (rc)
            return rc;
    }
    return EMB_OK;
}

/* A unique source id for the current row: _id, or "<_id>-<LIST>" (then
 * "-2", "-3"...) when _id was used by an earlier row. Owned by c->ids. */
static const char *unique_id(csl_ctx *c, const char *id, const char *list)
{
    if (!idset_has(&c->ids, id))
        return idset_unique(&c->ids, id);
    char *base = malloc(strlen(id) + strlen(list) + 3);
    if (!base)
        return NULL;
    sprintf(base, "%s-%s", id, list[0] ? list : "x");
    const char *sid = idset_unique(&c->ids, base);
    free(base);
    return sid;
}

/* Turns the current row into a record. */
static int read_row(csl_ctx *c)
{
    csv_reader *r = &c->csv;
    long line = r->line;
    if (r->n_fields != c->n_cols)
        return emb_error_set(c->err, EMB_ERR_PARSE, c->path, line, NULL,
                             "row has %zu fields, the header has %zu",
                             r->n_fields, c->n_cols);
    for (size_t i = 0; i < r->n_fields; i++) {
        char *s = r->buf + r->offs[i];
        if (!utf8_valid(s, strlen(s)))
            return emb_error_set(c->err, EMB_ERR_PARSE, c->path, line,
                                 header_name(c, i), "invalid UTF-8");
        str_trim(s);
    }
    const char *raw_id = cell(c, C_ID);
    if (!raw_id[0])
        return emb_error_set(c->err, EMB_ERR_PARSE, c->path, line, "_id",
                             "empty _id");
    const char *name = cell(c, C_NAME);
    if (!name[0])
        return emb_error_set(c->err, EMB_ERR_PARSE, c->path, line, "name",
                             "empty name");
    const char *source = cell(c, C_SOURCE);
    char list[64];
    list_code(source, list, sizeof list);

    const char *sid = unique_id(c, raw_id, list);
    if (!sid)
        return nomem(c);
    recb *b = recb_new(c->set, sid);
    if (!b)
        return nomem(c);
    name_field nf = {0};

    int rc = set_kind(c, b, cell(c, C_TYPE));
    if (rc)
        goto done;
    rc = EMB_ERR_NOMEM;
#define TRY(x)            \
    do {                  \
        if ((x) != EMB_OK) \
            goto done;    \
    } while (0)
    TRY(recb_set(b, RECB_LIST, list));
    TRY(recb_add_fact(b, "source_list", source[0] ? source : NULL));
    const char *ent = cell(c, C_ENTITY_NUMBER);
    if (ent[0]) {
        emb_ident id = {0};
        id.type = "OFAC entity number";
        id.value = ent;
        TRY(recb_add_fact(b, "entity_number", ent));
        TRY(recb_add_ident(b, &id));
    }
    TRY(add_list(b, cell(c, C_PROGRAMS), recb_add_program));
    /* the name column as written, before a person's note, the scope or
     * another name are cut off it */
    char *note = individual_note(cell(c, C_NAME));
    TRY(name_field_split(name, &nf));
    if (note || nf.buf)
        TRY(recb_add_fact(b, "name_as_listed", name));
    if (note) {
        free(nf.buf);
        *note = '\0';
        str_trim(cell(c, C_NAME));
        TRY(name_field_split(name, &nf));
    }
    if (nf.scope)
        TRY(recb_add_fact(b, "name_scope", nf.scope));
    TRY(add_primary_name(c, b, nf.buf ? nf.name : name,
                         recb_kind(b) == EMB_KIND_PERSON &&
                             cell(c, C_TYPE)[0]));
    if (nf.other)
        TRY(recb_add_name(b, nf.type, 0, nf.other, NULL, NULL, NULL));
    TRY(add_aliases(b, cell(c, C_ALT_NAMES)));
    TRY(add_addresses(c, b, cell(c, C_ADDRESSES)));
    for (size_t i = 0; i < sizeof text_cols / sizeof text_cols[0]; i++)
        TRY(recb_set(b, text_cols[i].field, cell(c, text_cols[i].col)));
    TRY(add_linked_to(c, b, cell(c, C_REMARKS)));
    for (size_t i = 0; i < sizeof fact_cols / sizeof fact_cols[0]; i++) {
        const char *v = cell(c, fact_cols[i]);
        if (v[0])
            TRY(recb_add_fact(b, col_names[fact_cols[i]], v));
    }
    TRY(date_column(c, b, C_START_DATE, RECB_LISTED_ON));
    TRY(date_column(c, b, C_END_DATE, RECB_ENDS_ON));
    TRY(add_list(b, cell(c, C_CITIZENSHIPS), recb_add_citizenship));
    TRY(add_list(b, cell(c, C_NATIONALITIES), recb_add_nationality));
    TRY(add_births(c, b, cell(c, C_DATES_OF_BIRTH)));
    TRY(add_list(b, cell(c, C_PLACES_OF_BIRTH), recb_add_birthplace));
    TRY(add_ids(c, b, cell(c, C_IDS)));
    TRY(recb_finish(b));
#undef TRY
    rc = EMB_OK;
done:
    free(nf.buf);
    recb_free(b);
    if (rc == EMB_ERR_NOMEM)
        return nomem(c);
    return rc;
}

static int header_cb(void *ctx) { return read_header(ctx); }
static int header_again_cb(void *ctx) { return is_header_again(ctx); }
static int row_cb(void *ctx) { return read_row(ctx); }

int csl_read(const lists_file *f, emb_recset **out, emb_error *err)
{
    int rc0 = lists_file_check(f, out, "csl_read", err);
    if (rc0 != EMB_OK)
        return rc0;
    const char *path = f->path ? f->path : "(csl)";
    csl_ctx c;
    memset(&c, 0, sizeof c);
    c.path = path;
    c.err = err;
    c.set = recset_new(EMB_SOURCE_CSL, "csl_csv");
    if (!c.set)
        return emb_error_set(err, EMB_ERR_NOMEM, path, 0, NULL,
                             "out of memory");
    recset_set_reader_revision(c.set, CSL_READER_REVISION);
    csv_init(&c.csv, path, f->data ? f->data : "", f->len, ',');

    static const csv_headed_ops ops = {header_cb, header_again_cb, row_cb};
    int rc = csv_read_headed(&c.csv, c.set, &ops, &c, err);
    if (rc != EMB_OK)
        goto fail;
    recset_infer_published(c.set, date_today());
    if (recset_add_file(c.set, path, f->data ? f->data : "", f->len) ||
        recset_seal(c.set)) {
        rc = nomem(&c);
        goto fail;
    }
    *out = c.set;
    c.set = NULL;
    rc = EMB_OK;
fail:
    emb_recset_free(c.set);
    csv_free(&c.csv);
    idset_free(&c.ids);
    free(c.header);
    free(c.header_offs);
    free(c.tmp);
    return rc;
}
