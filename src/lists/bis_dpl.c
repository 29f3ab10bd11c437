/*
 * bis_dpl.c - reader for the BIS Denied Persons List, dpl.txt
 * (FORMATS.md §6): tab-separated, every field quoted, a header row naming
 * twelve columns, one row per (party, address).
 *
 * Columns are found by name; all twelve are required. Fields are trimmed
 * in place in the tokenizer's buffer; a field that is not UTF-8 is read as
 * Latin-1 (BIS text is ASCII, but a Windows-1252 copy should not stop an
 * import).
 *
 * The file has no identifiers, so the source id is made from the row: the
 * FNV-1a 64-bit hash, as 16 lower-case hex digits, of the normalised
 * (ASCII upper-cased, white space collapsed, trimmed) Name, Street_Address,
 * City, State, Country and Postal_Code. The party and its address are what
 * stays put while it is listed; Effective_Date, Last_Update, Action and
 * FR_Citation change when BIS renews or amends an order, so they are left
 * out. A second row with the same hash (a repeated row) gets "-2", a third
 * "-3", in file order.
 *
 * A Name that gives a second name ("FUYI SUN A/K/A FRANK SUN", "SIBERIAN
 * AIRLINES D/B/A S7 AIRLINES", "PEARL (A.K.A. NEI-CHIEN CHU) LI") is the
 * primary name and an a.k.a. (f.k.a. for F/K/A; name_field_split in
 * names.c, shared with the CSL reader), the field as written
 * kept as the fact "name_as_listed"; the source id is made from the field
 * as written.
 *
 * BIS does not say whether a party is a person or a company, so the kind
 * is EMB_KIND_UNKNOWN. The publication date is the newest Last_Update that
 * is not after today (one row carries a bogus 3033-09-30), not inferred
 * since the file states it.
 */
#include "lists/readers.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 1: a Name giving a second name (A/K/A, D/B/A, F/K/A) is two names */
#define DPL_READER_REVISION 1

enum dpl_col {
    D_NAME, D_STREET, D_CITY, D_STATE, D_COUNTRY, D_POSTAL, D_EFFECTIVE,
    D_EXPIRATION, D_STANDARD_ORDER, D_LAST_UPDATE, D_ACTION, D_FR_CITATION,
    D_COUNT
};

static const char *const col_names[D_COUNT] = {
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code",
    "Effective_Date", "Expiration_Date", "Standard_Order", "Last_Update",
    "Action", "FR_Citation"};

/* Columns kept verbatim as facts keyed by the column name. */
static const enum dpl_col fact_cols[] = {D_STANDARD_ORDER, D_ACTION,
                                         D_FR_CITATION, D_LAST_UPDATE};

/* Columns the source id is made from. */
static const enum dpl_col id_cols[] = {D_NAME,    D_STREET,  D_CITY,
                                       D_STATE,   D_COUNTRY, D_POSTAL};

/* ---- reader state ----------------------------------------------------- */
typedef struct dpl_ctx {
    const char *path;
    emb_recset *set;
    emb_error *err;
    csv_reader csv;
    long col[D_COUNT]; /* field index of each column */
    size_t n_cols;
    const char *val[D_COUNT]; /* the current row's values, UTF-8, trimmed */
    idset ids;
    emb_date published;
    emb_date today;
} dpl_ctx;

static int nomem(dpl_ctx *c)
{
    return emb_error_set(c->err, EMB_ERR_NOMEM, c->path, c->csv.line, NULL,
                         "out of memory");
}

static int read_header(dpl_ctx *c)
{
    static const unsigned char all[D_COUNT] = {1, 1, 1, 1, 1, 1,
                                               1, 1, 1, 1, 1, 1};
    c->n_cols = c->csv.n_fields;
    return csv_map_header(&c->csv, col_names, D_COUNT, all, c->col,
                          "a BIS Denied Persons List dpl.txt", c->err);
}

/* 1 when the current row is the header again. */
static int is_header_again(const dpl_ctx *c)
{
    const char *s = csv_field(&c->csv, c->col[D_NAME]);
    const char *d = csv_field(&c->csv, c->col[D_EFFECTIVE]);
    return strcmp(s, col_names[D_NAME]) == 0 &&
           strcmp(d, col_names[D_EFFECTIVE]) == 0;
}

/* Feeds s to the hash upper-cased, with runs of white space as one space
 * and none at either end. */
static uint64_t hash_normalised(uint64_t h, const char *s)
{
    int space = 0, any = 0;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
            space = any;
            continue;
        }
        if (space)
            h = (h ^ ' ') * FNV1A_PRIME;
        space = 0;
        any = 1;
        if (ch >= 'a' && ch <= 'z')
            ch = (unsigned char)(ch - 'a' + 'A');
        h = (h ^ ch) * FNV1A_PRIME;
    }
    return h;
}

/* The row's source id (see the top of the file), owned by c->ids; NULL
 * on OOM. */
static const char *row_id(dpl_ctx *c)
{
    uint64_t h = FNV1A_OFFSET;
    for (size_t i = 0; i < sizeof id_cols / sizeof id_cols[0]; i++) {
        if (i)
            h = (h ^ 0x1F) * FNV1A_PRIME; /* unit separator between fields */
        h = hash_normalised(h, c->val[id_cols[i]]);
    }
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
    return idset_unique(&c->ids, hex);
}

static int date_column(dpl_ctx *c, recb *b, enum dpl_col col,
                       recb_date_field f)
{
    const char *s = c->val[col];
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

static int note_last_update(dpl_ctx *c)
{
    const char *s = c->val[D_LAST_UPDATE];
    emb_period p;
    if (!s[0])
        return EMB_OK;
    if (emb_period_parse(s, &p) != EMB_OK || !p.from.day)
        return recset_warn(c->set, "%s:%ld: Last_Update '%.40s' is not a "
                           "date; ignored", c->path, c->csv.line, s);
    if (date_cmp(p.from, c->today) <= 0 &&
        date_cmp(p.from, c->published) > 0)
        c->published = p.from;
    return EMB_OK;
}

/* The primary name and, when the field gives one, the other name (see
 * the header). */
static int add_names(recb *b, const char *name)
{
    name_field nf;
    int rc = name_field_split(name, &nf);
    if (rc == EMB_OK)
        rc = recb_add_name(b, EMB_NAME_PRIMARY, 0, nf.buf ? nf.name : name,
                           NULL, NULL, NULL);
    if (rc == EMB_OK && nf.other)
        rc = recb_add_name(b, nf.type, 0, nf.other, NULL, NULL, NULL);
    if (rc == EMB_OK && nf.buf)
        rc = recb_add_fact(b, "name_as_listed", name);
    free(nf.buf);
    return rc;
}

/* Turns the current row into a record. */
static int read_row(dpl_ctx *c)
{
    csv_reader *r = &c->csv;
    long line = r->line;
    if (r->n_fields != c->n_cols)
        return emb_error_set(c->err, EMB_ERR_PARSE, c->path, line, NULL,
                             "row has %zu fields, the header has %zu",
                             r->n_fields, c->n_cols);
    for (int k = 0; k < D_COUNT; k++) {
        char *s = str_trim(r->buf + r->offs[c->col[k]]);
        size_t len = strlen(s);
        c->val[k] = s;
        if (!utf8_valid(s, len)) {
            c->val[k] = utf8_or_latin1_dup(recset_arena(c->set), s, len);
            if (!c->val[k])
                return nomem(c);
        }
    }
    if (!c->val[D_NAME][0])
        return emb_error_set(c->err, EMB_ERR_PARSE, c->path, line, "Name",
                             "empty name");
    const char *id = row_id(c);
    if (!id)
        return nomem(c);
    recb *b = recb_new(c->set, id);
    if (!b)
        return nomem(c);
    int rc = EMB_ERR_NOMEM;
#define TRY(x)             \
    do {                   \
        if ((x) != EMB_OK) \
            goto done;     \
    } while (0)
    recb_set_kind(b, EMB_KIND_UNKNOWN);
    TRY(recb_set(b, RECB_LIST, "DPL"));
    TRY(add_names(b, c->val[D_NAME]));
    emb_address a = {0};
    a.street = c->val[D_STREET];
    a.city = c->val[D_CITY];
    a.state = c->val[D_STATE];
    a.postal = c->val[D_POSTAL];
    a.country = c->val[D_COUNTRY];
    TRY(recb_add_address(b, &a));
    TRY(date_column(c, b, D_EFFECTIVE, RECB_LISTED_ON));
    TRY(date_column(c, b, D_EXPIRATION, RECB_ENDS_ON));
    TRY(note_last_update(c));
    for (size_t i = 0; i < sizeof fact_cols / sizeof fact_cols[0]; i++) {
        const char *v = c->val[fact_cols[i]];
        if (v[0])
            TRY(recb_add_fact(b, col_names[fact_cols[i]], v));
    }
    TRY(recb_finish(b));
#undef TRY
    rc = EMB_OK;
done:
    recb_free(b);
    return rc == EMB_OK ? EMB_OK : nomem(c);
}

static int header_cb(void *ctx) { return read_header(ctx); }
static int header_again_cb(void *ctx) { return is_header_again(ctx); }
static int row_cb(void *ctx) { return read_row(ctx); }

int bis_dpl_read(const lists_file *f, emb_recset **out, emb_error *err)
{
    int rc0 = lists_file_check(f, out, "bis_dpl_read", err);
    if (rc0 != EMB_OK)
        return rc0;
    const char *path = f->path ? f->path : "(dpl)";
    dpl_ctx c;
    memset(&c, 0, sizeof c);
    c.path = path;
    c.err = err;
    c.today = date_today();
    c.set = recset_new(EMB_SOURCE_BIS_DPL, "bis_dpl");
    if (!c.set)
        return emb_error_set(err, EMB_ERR_NOMEM, path, 0, NULL,
                             "out of memory");
    recset_set_reader_revision(c.set, DPL_READER_REVISION);
    csv_init(&c.csv, path, f->data ? f->data : "", f->len, '\t');

    static const csv_headed_ops ops = {header_cb, header_again_cb, row_cb};
    int rc = csv_read_headed(&c.csv, c.set, &ops, &c, err);
    if (rc != EMB_OK)
        goto fail;
    if (c.published.year)
        recset_set_published(c.set, c.published, 0);
    else
        recset_infer_published(c.set, c.today);
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
    return rc;
}
