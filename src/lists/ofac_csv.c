/*
 * ofac_csv.c - reader for OFAC's legacy CSV files (FORMATS.md §1): the SDN
 * list (sdn.csv, add.csv, alt.csv, sdn_comments.csv) and the Non-SDN
 * consolidated list (cons_prim.csv, cons_add.csv, cons_alt.csv,
 * cons_comments.csv).
 *
 * The four files are one table split by ent_num, and no record is complete
 * until its rows in every file are known. The reader first indexes the
 * address, alias and comment files: one small (ent_num, offset, line) entry
 * per row, sorted by ent_num. It then streams the primary file and, for
 * each row, finds that entry's rows by binary search, re-reads them at
 * their offsets and builds the record in one go: O(n log n) overall, with
 * one builder open at a time (the 5.6 MB SDN set would otherwise keep
 * 13,821 builders alive). Only once a record's remarks are whole (the
 * spill-over of sdn_comments.csv appended with no separator) are they
 * parsed into items (ofac_remarks_apply): the 1,000-character cut falls
 * anywhere, even inside a key.
 *
 * Strictness: the column counts (12/6/5/2), integer ent_nums, a known
 * SDN_Type and alt_type, unique primary ent_nums and a non-empty name are
 * checked and fail the read with file, line and field. Rows of the other
 * files whose ent_num is not in the primary file are skipped with a
 * warning, since hand-assembled copies mix publications; a missing remarks
 * continuation is normal (OFAC's own files lag each other).
 */
#include "lists/readers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Column counts of the four files (OFAC dat_spec). */
enum { PRIM_COLS = 12, ADD_COLS = 6, ALT_COLS = 5, COMMENT_COLS = 2 };

/* Orphan rows are reported one by one up to this many per file, then
 * summed up in one warning. */
#define MAX_ORPHAN_WARNINGS 20

/* One row of a secondary file: where to find it again. */
typedef struct row_ref {
    long ent;   /* ent_num */
    long line;  /* csv_reader.next_line before the row was read */
    size_t pos; /* csv_reader.pos before the row was read */
    long order; /* position in its file */
} row_ref;

typedef struct reader reader;
typedef int (*row_fn)(reader *rd, csv_reader *r, const lists_file *f,
                      recb *b);

/* A secondary file (add, alt or comments) and its index. */
typedef struct side_file {
    const lists_file *f;
    size_t cols;
    const char *ent_field;
    row_fn apply;
    row_ref *rows; /* sorted by (ent, order) */
    size_t n;
} side_file;

struct reader {
    const ofac_csv_files *files;
    emb_recset *set;
    emb_error *err;
    side_file side[3];
    row_ref *prim; /* ent_nums of the primary file, for duplicates */
    size_t n_prim, cap_prim;
    long no_address; /* primary entries without an address row */
};

/* 1 when the field is OFAC's null, "-0-" (followed by one blank). */
static int is_null(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    if (strncmp(s, "-0-", 3) != 0)
        return 0;
    s += 3;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s == '\0';
}

/* Field i of the current row, trimmed, NULL for "-0-" or empty, and valid
 * UTF-8 (bytes that are not are read as Latin-1 into the set's arena). The
 * pointer is into the reader's buffer or the arena; valid until the next
 * row. *nomem is set when the arena is exhausted. */
static const char *field_text(reader *rd, csv_reader *r, size_t i, int *nomem)
{
    /* csv_field points into the tokenizer's own writable row buffer. */
    char *s = (char *)csv_field(r, i);
    if (!*s || is_null(s)) /* "" may be a literal: never write to it */
        return NULL;
    str_trim(s);
    if (!*s)
        return NULL;
    size_t len = strlen(s);
    if (utf8_valid(s, len))
        return s;
    char *u = utf8_or_latin1_dup(recset_arena(rd->set), s, len);
    if (!u)
        *nomem = 1;
    return u;
}

/* Field i untrimmed (remarks halves join mid-word, so a blank at the cut
 * must survive); NULL for "-0-" or empty. */
static const char *field_raw(reader *rd, csv_reader *r, size_t i, int *nomem)
{
    const char *s = csv_field(r, i);
    if (is_null(s) || !*s)
        return NULL;
    size_t len = strlen(s);
    if (utf8_valid(s, len))
        return s;
    char *u = utf8_or_latin1_dup(recset_arena(rd->set), s, len);
    if (!u)
        *nomem = 1;
    return u;
}

static int nomem(reader *rd, const lists_file *f, long line)
{
    return emb_error_set(rd->err, EMB_ERR_NOMEM, f->path, line, NULL,
                         "out of memory");
}

/* Parses the ent_num column: digits only (blanks around allowed), at most
 * nine of them. -1 when it is not such an integer. */
static long parse_ent_num(const char *s)
{
    while (*s == ' ')
        s++;
    long v = 0;
    int n = 0;
    while (isdigit((unsigned char)*s)) {
        if (++n > 9)
            return -1;
        v = v * 10 + (*s++ - '0');
    }
    while (*s == ' ')
        s++;
    return n && !*s ? v : -1;
}

/* Reads the next row of f into r and checks its column count. Returns
 * CSV_RECORD, CSV_EOF, or CSV_ERROR with rd->err filled. */
static int next_row(reader *rd, csv_reader *r, const lists_file *f,
                    size_t cols)
{
    int rc = csv_next(r, rd->err);
    if (rc == CSV_TRUNCATED) {
        emb_error_set(rd->err, EMB_ERR_PARSE, f->path, r->line, NULL,
                      "file ends inside a quoted field (truncated file?)");
        return CSV_ERROR;
    }
    if (rc != CSV_RECORD)
        return rc;
    if (r->n_fields != cols) {
        emb_error_set(rd->err, EMB_ERR_PARSE, f->path, r->line, NULL,
                      "expected %zu fields, found %zu", cols, r->n_fields);
        return CSV_ERROR;
    }
    return CSV_RECORD;
}

static int ref_cmp(const void *x, const void *y)
{
    const row_ref *a = x, *b = y;
    if (a->ent != b->ent)
        return a->ent < b->ent ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Index of the first row with ent_num >= ent. */
static size_t lower_bound(const row_ref *rows, size_t n, long ent)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rows[mid].ent < ent)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int push_ref(row_ref **v, size_t *n, size_t *cap, row_ref ref)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 1024;
        row_ref *p = realloc(*v, c * sizeof *p);
        if (!p)
            return EMB_ERR_NOMEM;
        *v = p;
        *cap = c;
    }
    (*v)[(*n)++] = ref;
    return EMB_OK;
}

/* Adds a name written "LAST, First Middle" for individuals (family and
 * given filled) or as one string for everything else. */
static int add_name(recb *b, emb_name_type type, const char *full)
{
    if (recb_kind(b) == EMB_KIND_PERSON) {
        const char *comma = strchr(full, ',');
        if (comma && comma > full) {
            char family[512];
            size_t n = (size_t)(comma - full);
            const char *given = comma + 1;
            while (*given == ' ')
                given++;
            while (n && full[n - 1] == ' ')
                n--;
            if (n < sizeof family && *given) {
                memcpy(family, full, n);
                family[n] = '\0';
                return recb_add_name(b, type, 0, full, given, family, NULL);
            }
        }
    }
    return recb_add_name(b, type, 0, full, NULL, NULL, NULL);
}

/* "SDGT] [SYRIA" -> SDGT, SYRIA. */
static int add_programs(recb *b, const char *s)
{
    char buf[1024];
    while (s && *s) {
        const char *sep = strstr(s, "] [");
        size_t n = sep ? (size_t)(sep - s) : strlen(s);
        const char *p = s;
        if (*p == '[') {
            p++;
            n--;
        }
        if (n && p[n - 1] == ']')
            n--;
        if (n >= sizeof buf)
            n = sizeof buf - 1;
        memcpy(buf, p, n);
        buf[n] = '\0';
        str_trim(buf);
        int rc = recb_add_program(b, buf);
        if (rc != EMB_OK)
            return rc;
        s = sep ? sep + 3 : NULL;
    }
    return EMB_OK;
}

static int kind_from_type(const char *t, emb_kind *k)
{
    if (!t)
        *k = EMB_KIND_ENTITY;
    else if (strcasecmp(t, "individual") == 0)
        *k = EMB_KIND_PERSON;
    else if (strcasecmp(t, "vessel") == 0)
        *k = EMB_KIND_VESSEL;
    else if (strcasecmp(t, "aircraft") == 0)
        *k = EMB_KIND_AIRCRAFT;
    else if (strcasecmp(t, "entity") == 0)
        *k = EMB_KIND_ENTITY;
    else
        return 0;
    return 1;
}

/* Reads a secondary file once, checking every row, and indexes its rows
 * by ent_num. */
static int index_side(reader *rd, side_file *sf)
{
    const lists_file *f = sf->f;
    if (!f->data)
        return EMB_OK;
    /* One row per line in OFAC's files: size the index once. */
    size_t cap = 1;
    for (const char *p = f->data, *end = f->data + f->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        cap++;
    sf->rows = malloc(cap * sizeof *sf->rows);
    if (!sf->rows)
        return nomem(rd, f, 0);
    csv_reader r;
    csv_init(&r, f->path, f->data, f->len, ',');
    int rc;
    for (;;) {
        row_ref ref = {0, r.next_line, r.pos, (long)sf->n};
        rc = next_row(rd, &r, f, sf->cols);
        if (rc != CSV_RECORD)
            break;
        ref.ent = parse_ent_num(csv_field(&r, 0));
        if (ref.ent < 0) {
            emb_error_set(rd->err, EMB_ERR_PARSE, f->path, r.line,
                          sf->ent_field, "not an integer: '%.40s'",
                          csv_field(&r, 0));
            rc = CSV_ERROR;
            break;
        }
        if (push_ref(&sf->rows, &sf->n, &cap, ref) != EMB_OK) {
            nomem(rd, f, r.line);
            rc = CSV_ERROR;
            break;
        }
    }
    csv_free(&r);
    if (rc != CSV_EOF)
        return rd->err->code ? rd->err->code : EMB_ERR_PARSE;
    /* OFAC writes the files in ent_num order; sort only when they are
     * not. */
    for (size_t i = 1; i < sf->n; i++)
        if (ref_cmp(&sf->rows[i - 1], &sf->rows[i]) > 0) {
            qsort(sf->rows, sf->n, sizeof *sf->rows, ref_cmp);
            break;
        }
    return EMB_OK;
}

/* Applies every row of sf that belongs to ent to the builder. r reads sf's
 * file; it is repositioned at each row (pos and next_line are where a
 * csv_reader resumes, so setting them back re-reads a row). */
static int join_side(reader *rd, side_file *sf, csv_reader *r, long ent,
                     recb *b, int *found)
{
    *found = 0;
    for (size_t i = lower_bound(sf->rows, sf->n, ent);
         i < sf->n && sf->rows[i].ent == ent; i++) {
        r->pos = sf->rows[i].pos;
        r->next_line = sf->rows[i].line;
        if (next_row(rd, r, sf->f, sf->cols) != CSV_RECORD)
            return rd->err->code ? rd->err->code : EMB_ERR_PARSE;
        int rc = sf->apply(rd, r, sf->f, b);
        if (rc != EMB_OK)
            return rc;
        *found = 1;
    }
    return EMB_OK;
}

/* Builds the record of the primary row in r. */
static int build_record(reader *rd, csv_reader *r, csv_reader *sub, long ent)
{
    const lists_file *f = &rd->files->prim;
    int oom = 0;
    const char *v[PRIM_COLS];
    for (size_t i = 1; i < PRIM_COLS; i++)
        v[i] = i == 11 ? field_raw(rd, r, i, &oom) : field_text(rd, r, i, &oom);
    if (oom)
        return nomem(rd, f, r->line);
    emb_kind kind;
    if (!kind_from_type(v[2], &kind))
        return emb_error_set(rd->err, EMB_ERR_PARSE, f->path, r->line,
                             "SDN_Type", "unknown type '%.40s'", v[2]);
    if (!v[1])
        return emb_error_set(rd->err, EMB_ERR_PARSE, f->path, r->line,
                             "SDN_Name", "entry %ld has no name", ent);
    char id[24];
    snprintf(id, sizeof id, "%ld", ent);
    recb *b = recb_new(rd->set, id);
    if (!b)
        return nomem(rd, f, r->line);
    static const recb_field vessel[6] = {
        RECB_VESSEL_CALL_SIGN, RECB_VESSEL_TYPE, RECB_VESSEL_TONNAGE,
        RECB_VESSEL_GRT, RECB_VESSEL_FLAG, RECB_VESSEL_OWNER};
    recb_set_kind(b, kind);
    int rc = add_name(b, EMB_NAME_PRIMARY, v[1]);
    if (rc == EMB_OK)
        rc = add_programs(b, v[3]);
    if (rc == EMB_OK)
        rc = recb_set(b, RECB_TITLE, v[4]);
    for (int i = 0; i < 6 && rc == EMB_OK; i++)
        rc = recb_set(b, vessel[i], v[5 + i]);
    if (rc == EMB_OK)
        rc = recb_set(b, RECB_REMARKS, v[11]);
    if (rc != EMB_OK)
        rc = nomem(rd, f, r->line);
    long line = r->line;
    for (int s = 0; s < 3 && rc == EMB_OK; s++) {
        int found;
        rc = join_side(rd, &rd->side[s], &sub[s], ent, b, &found);
        if (s == 0 && rd->side[0].f->data && !found)
            rd->no_address++;
    }
    if (rc == EMB_OK)
        rc = ofac_remarks_apply(b, recb_get(b, RECB_REMARKS), rd->err, f->path,
                                line);
    if (rc == EMB_OK && recb_finish(b) != EMB_OK)
        rc = nomem(rd, f, line);
    recb_free(b);
    return rc;
}

/* Streams the primary file, building one record per row. */
static int read_prim(reader *rd)
{
    const lists_file *f = &rd->files->prim;
    csv_reader r, sub[3];
    csv_init(&r, f->path, f->data, f->len, ',');
    for (int s = 0; s < 3; s++) {
        const lists_file *sf = rd->side[s].f;
        csv_init(&sub[s], sf->path, sf->data ? sf->data : "",
                 sf->data ? sf->len : 0, ',');
    }
    int rc, st = EMB_OK;
    while (st == EMB_OK && (rc = next_row(rd, &r, f, PRIM_COLS)) == CSV_RECORD) {
        row_ref ref = {parse_ent_num(csv_field(&r, 0)), r.line, 0,
                       (long)rd->n_prim};
        if (ref.ent < 0)
            st = emb_error_set(rd->err, EMB_ERR_PARSE, f->path, r.line,
                               "ent_num", "not an integer: '%.40s'",
                               csv_field(&r, 0));
        else if (push_ref(&rd->prim, &rd->n_prim, &rd->cap_prim, ref) != EMB_OK)
            st = nomem(rd, f, r.line);
        else
            st = build_record(rd, &r, sub, ref.ent);
    }
    if (st == EMB_OK && rc != CSV_EOF)
        st = rd->err->code ? rd->err->code : EMB_ERR_PARSE;
    csv_free(&r);
    for (int s = 0; s < 3; s++)
        csv_free(&sub[s]);
    if (st != EMB_OK)
        return st;
    if (rd->n_prim == 0)
        return emb_error_set(rd->err, EMB_ERR_PARSE, f->path, 0, NULL,
                             "the file has no records");
    /* Duplicates end up side by side; the later row is the one at fault. */
    qsort(rd->prim, rd->n_prim, sizeof *rd->prim, ref_cmp);
    for (size_t i = 1; i < rd->n_prim; i++)
        if (rd->prim[i].ent == rd->prim[i - 1].ent)
            return emb_error_set(rd->err, EMB_ERR_PARSE, f->path,
                                 rd->prim[i].line, "ent_num",
                                 "duplicate ent_num %ld (first on line %ld)",
                                 rd->prim[i].ent, rd->prim[i - 1].line);
    return EMB_OK;
}

/* Warns about rows of sf whose ent_num is not in the primary file (one
 * warning each up to MAX_ORPHAN_WARNINGS, then a total). rd->prim must be
 * sorted. */
static int warn_orphans(reader *rd, const side_file *sf)
{
    long orphans = 0;
    for (size_t i = 0; i < sf->n; i++) {
        size_t k = lower_bound(rd->prim, rd->n_prim, sf->rows[i].ent);
        if (k < rd->n_prim && rd->prim[k].ent == sf->rows[i].ent)
            continue;
        if (++orphans <= MAX_ORPHAN_WARNINGS &&
            recset_warn(rd->set, "%s:%ld: ent_num %ld is not in %s; row "
                        "skipped", sf->f->path, sf->rows[i].line,
                        sf->rows[i].ent, rd->files->prim.path) != EMB_OK)
            return nomem(rd, sf->f, 0);
    }
    if (orphans > MAX_ORPHAN_WARNINGS &&
        recset_warn(rd->set, "%s: %ld rows in all have an ent_num that is "
                    "not in %s", sf->f->path, orphans,
                    rd->files->prim.path) != EMB_OK)
        return nomem(rd, sf->f, 0);
    return EMB_OK;
}

/* add.csv: Ent_num, Add_num, Address, City/State/Province/Postal Code,
 * Country, Add_remarks. */
static int address_row(reader *rd, csv_reader *r, const lists_file *f,
                       recb *b)
{
    int oom = 0;
    emb_address a;
    memset(&a, 0, sizeof a);
    a.street = field_text(rd, r, 2, &oom);
    a.city = field_text(rd, r, 3, &oom);
    a.country = field_text(rd, r, 4, &oom);
    if (oom || recb_add_address(b, &a) != EMB_OK)
        return nomem(rd, f, r->line);
    return EMB_OK;
}

/* alt.csv: ent_num, alt_num, alt_type, alt_name, alt_remarks. */
static int alias_row(reader *rd, csv_reader *r, const lists_file *f, recb *b)
{
    int oom = 0;
    const char *type = field_text(rd, r, 2, &oom);
    const char *name = field_text(rd, r, 3, &oom);
    if (oom)
        return nomem(rd, f, r->line);
    emb_name_type t;
    if (!type || strcasecmp(type, "aka") == 0 || strcasecmp(type, "a.k.a.") == 0)
        t = EMB_NAME_AKA;
    else if (strcasecmp(type, "fka") == 0 || strcasecmp(type, "f.k.a.") == 0)
        t = EMB_NAME_FKA;
    else if (strcasecmp(type, "nka") == 0 || strcasecmp(type, "n.k.a.") == 0)
        t = EMB_NAME_NKA;
    else
        return emb_error_set(rd->err, EMB_ERR_PARSE, f->path, r->line,
                             "alt_type", "unknown alias type '%.40s'", type);
    if (name && add_name(b, t, name) != EMB_OK)
        return nomem(rd, f, r->line);
    return EMB_OK;
}

/* comments.csv: ent_num, the remarks' continuation, appended as is. */
static int comment_row(reader *rd, csv_reader *r, const lists_file *f,
                       recb *b)
{
    int oom = 0;
    const char *text = field_raw(rd, r, 1, &oom);
    if (oom || recb_append(b, RECB_REMARKS, text) != EMB_OK)
        return nomem(rd, f, r->line);
    return EMB_OK;
}

static void newest(emb_date *best, emb_date d, emb_date today)
{
    if (d.year && date_cmp(d, today) <= 0 && date_cmp(d, *best) > 0)
        *best = d;
}

/* The legacy CSV files carry no publication date, so it is inferred: the
 * newest date among the records' remarks items that record an event
 * already past when the list was published, i.e. "Listing Date (CMIC)",
 * every "Listing Date (...)" directive date, "Organization Established
 * Date" and "Aircraft Manufacture Date", ignoring dates after today. Left
 * out on purpose: dates of birth (never the newest); effective, divestment
 * and expiry dates, which OFAC publishes ahead of time (a CMIC divestment
 * date is a year after listing); and identifier issue dates, which carry
 * data-entry errors (the 2023-12-28 SDN file has a passport "issued
 * 03 Nov 2024"). The result is a lower bound of the real date. */
static void infer_published(emb_recset *set)
{
    emb_date today = date_today(), best = {0, 0, 0};
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        const emb_record *r = emb_recset_get(set, i);
        newest(&best, r->cmic_listing, today);
        for (size_t k = 0; k < r->n_facts; k++) {
            const emb_fact *fa = &r->facts[k];
            emb_period p;
            if (!fa->key || !fa->value ||
                (strncmp(fa->key, "Listing Date", 12) != 0 &&
                 strcmp(fa->key, "Organization Established Date") != 0 &&
                 strcmp(fa->key, "Aircraft Manufacture Date") != 0))
                continue;
            if (emb_period_parse(fa->value, &p) == EMB_OK)
                newest(&best, p.from, today);
        }
    }
    if (best.year)
        recset_set_published(set, best, 1);
}

int ofac_csv_read(const ofac_csv_files *files, emb_recset **out,
                  emb_error *err)
{
    emb_error scratch;
    if (!err)
        err = &scratch;
    memset(err, 0, sizeof *err);
    if (out)
        *out = NULL;
    if (!files || !out || !files->prim.data)
        return emb_error_set(err, EMB_ERR_USAGE, NULL, 0, NULL,
                             "the primary file is required");
    const lists_file *all[4] = {&files->prim, &files->add, &files->alt,
                                &files->comments};
    for (int i = 0; i < 4; i++)
        if (all[i]->data && all[i]->len > LISTS_MAX_FILE_BYTES)
            return emb_error_set(err, EMB_ERR_LIMIT, all[i]->path, 0, NULL,
                                 "file larger than %zu bytes",
                                 LISTS_MAX_FILE_BYTES);

    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.files = files;
    rd.err = err;
    side_file sides[3] = {
        {&files->add, ADD_COLS, "Ent_num", address_row, NULL, 0},
        {&files->alt, ALT_COLS, "ent_num", alias_row, NULL, 0},
        {&files->comments, COMMENT_COLS, "ent_num", comment_row, NULL, 0},
    };
    memcpy(rd.side, sides, sizeof sides);
    rd.set = recset_new(files->sdn ? EMB_SOURCE_OFAC_SDN : EMB_SOURCE_OFAC_CONS,
                        "ofac_csv");
    if (!rd.set)
        return emb_error_set(err, EMB_ERR_NOMEM, files->prim.path, 0, NULL,
                             "out of memory");
    int rc = EMB_OK;
    for (int i = 0; i < 4 && rc == EMB_OK; i++)
        if (all[i]->data &&
            recset_add_file(rd.set, all[i]->path ? all[i]->path : "",
                            all[i]->data, all[i]->len) != EMB_OK)
            rc = nomem(&rd, all[i], 0);
    for (int s = 0; s < 3 && rc == EMB_OK; s++)
        rc = index_side(&rd, &rd.side[s]);
    if (rc == EMB_OK)
        rc = read_prim(&rd);
    for (int s = 0; s < 3 && rc == EMB_OK; s++)
        rc = warn_orphans(&rd, &rd.side[s]);
    if (rc == EMB_OK && rd.no_address &&
        recset_warn(rd.set, "%s: %ld entries have no row in %s",
                    files->prim.path, rd.no_address, files->add.path) != EMB_OK)
        rc = nomem(&rd, &files->add, 0);
    for (int s = 0; s < 3; s++)
        free(rd.side[s].rows);
    free(rd.prim);
    if (rc == EMB_OK) {
        infer_published(rd.set);
        if (recset_seal(rd.set) != EMB_OK)
            rc = nomem(&rd, &files->prim, 0);
    }
    if (rc != EMB_OK) {
        emb_recset_free(rd.set);
        return rc;
    }
    *out = rd.set;
    return EMB_OK;
}
