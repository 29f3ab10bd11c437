/*
 * rules.c - the emb_rules container: list versions, the security master
 * and fund holdings, and choosing the list versions in force at a time.
 *
 * Loading is forgiving row by row and strict about files: a security
 * master or holdings file without its key column is refused whole
 * (EMB_ERR_FORMAT), while a bad row (unknown kind, empty security,
 * unreadable weight, duplicate) is skipped with a warning that names
 * file, line and column, and the load goes on. Once loaded nothing
 * changes, so lookups from many threads need no lock.
 */
#include "rules/rowfile.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[] = {
    "", "equity", "adr", "gdr", "bond", "warrant", "option", "future",
    "swap", "etf", "index_fund", "mutual_fund"};

const char *sec_kind_name(sec_kind k)
{
    return (unsigned)k < sizeof kind_names / sizeof *kind_names
               ? kind_names[k]
               : "";
}

int sec_kind_is_fund(sec_kind k)
{
    return k == SK_ETF || k == SK_INDEX_FUND || k == SK_MUTUAL_FUND;
}

static sec_kind sec_kind_parse(const char *s)
{
    for (size_t i = 1; i < sizeof kind_names / sizeof *kind_names; i++)
        if (!strcasecmp(s, kind_names[i]))
            return (sec_kind)i;
    if (!strcasecmp(s, "stock") || !strcasecmp(s, "share"))
        return SK_EQUITY;
    if (!strcasecmp(s, "fund") || !strcasecmp(s, "mutual fund"))
        return SK_MUTUAL_FUND;
    if (!strcasecmp(s, "index fund"))
        return SK_INDEX_FUND;
    return SK_NONE;
}

int emb_rules_new(emb_rules **out)
{
    if (!out)
        return EMB_ERR_USAGE;
    emb_rules *r = calloc(1, sizeof *r);
    if (!r)
        return EMB_ERR_NOMEM;
    r->sec = keymap_new();
    r->hold = keymap_new();
    r->ar = arena_new();
    if (!r->sec || !r->hold || !r->ar) {
        emb_rules_free(r);
        return EMB_ERR_NOMEM;
    }
    *out = r;
    return EMB_OK;
}

void emb_rules_free(emb_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_vers; i++)
        listver_free(&r->vers[i]);
    free(r->vers);
    for (secrow *row = r->rows; row; row = row->next) {
        char *key = atomic_load(&row->issuer_key);
        if (key != secrow_no_key && key != secrow_id_key)
            free(key);
    }
    keymap_free(r->sec);
    keymap_free(r->hold);
    arena_free(r->ar);
    for (size_t i = 0; i < r->n_warn; i++)
        free(r->warn[i]);
    free(r->warn);
    for (size_t i = 0; i < r->n_owned; i++)
        emb_recset_free(r->owned[i]);
    free(r->owned);
    free(r);
}

int rules_warn(emb_rules *r, const char *fmt, ...)
{
    if (r->n_warn == r->cap_warn) {
        size_t cap = r->cap_warn ? r->cap_warn * 2 : 16;
        char **w = realloc(r->warn, cap * sizeof *w);
        if (!w)
            return EMB_ERR_NOMEM;
        r->warn = w;
        r->cap_warn = cap;
    }
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *s = strdup(buf);
    if (!s)
        return EMB_ERR_NOMEM;
    r->warn[r->n_warn++] = s;
    return EMB_OK;
}

size_t emb_rules_warning_count(const emb_rules *r)
{
    return r ? r->n_warn : 0;
}

const char *emb_rules_warning(const emb_rules *r, size_t i)
{
    return r && i < r->n_warn ? r->warn[i] : NULL;
}

int emb_rules_add_list(emb_rules *r, const emb_recset *set, const char *label,
                       emb_date published)
{
    if (!r || !set)
        return EMB_ERR_USAGE;
    if (r->n_vers == r->cap_vers) {
        size_t cap = r->cap_vers ? r->cap_vers * 2 : 8;
        listver *v = realloc(r->vers, cap * sizeof *v);
        if (!v)
            return EMB_ERR_NOMEM;
        r->vers = v;
        r->cap_vers = cap;
    }
    int rc = listver_build(&r->vers[r->n_vers], set, label, published);
    if (rc != EMB_OK)
        return rc;
    r->n_vers++;
    return EMB_OK;
}

static int versioned_source(const char *src)
{
    return !strcmp(src, EMB_SOURCE_OFAC_CONS) ||
           !strcmp(src, EMB_SOURCE_OFAC_SDN) || !strcmp(src, EMB_SOURCE_CSL);
}

static emb_date parse_day(const char *s)
{
    emb_period p;
    if (emb_period_parse(s, &p) != EMB_OK)
        return (emb_date){0, 0, 0};
    return p.from;
}

int emb_rules_load_db(emb_rules *r, emb_db *db, int all_versions,
                      emb_date until, emb_error *err)
{
    if (!r || !db)
        return EMB_ERR_USAGE;
    emb_version *v = NULL;
    size_t n = 0;
    int rc = emb_db_versions(db, NULL, &v, &n);
    if (rc != EMB_OK)
        return emb_error_set(err, rc, NULL, 0, NULL, "%s", emb_db_errmsg(db));
    size_t loaded = 0;
    for (size_t i = 0; i < n && rc == EMB_OK; i++) {
        emb_date pub = parse_day(v[i].published);
        if (until.year && pub.year && date_cmp(pub, until) > 0)
            continue;
        if (!all_versions || !versioned_source(v[i].source)) {
            /* Only the newest (within `until`) of this source. */
            int newer = 0;
            for (size_t j = 0; j < n && !newer; j++) {
                if (j == i || strcmp(v[j].source, v[i].source) ||
                    v[j].seq <= v[i].seq)
                    continue;
                emb_date pj = parse_day(v[j].published);
                newer = !(until.year && pj.year && date_cmp(pj, until) > 0);
            }
            if (newer)
                continue;
        }
        emb_recset **o = realloc(r->owned, (r->n_owned + 1) * sizeof *o);
        if (!o) {
            rc = EMB_ERR_NOMEM;
            break;
        }
        r->owned = o;
        emb_recset *set;
        rc = emb_db_load(db, v[i].source, v[i].id, &set);
        if (rc != EMB_OK) {
            emb_error_set(err, rc, NULL, 0, v[i].source, "%s",
                          emb_db_errmsg(db));
            break;
        }
        r->owned[r->n_owned++] = set;
        char label[96];
        snprintf(label, sizeof label, "%s #%d %s", v[i].source, v[i].seq,
                 v[i].published);
        rc = emb_rules_add_list(r, set, label, pub);
        loaded++;
    }
    emb_free(v);
    if (rc == EMB_OK && loaded == 0)
        rc = emb_error_set(err, EMB_ERR_NOTFOUND, NULL, 0, NULL,
                           "no list version in the database%s",
                           until.year ? " published by the date asked" : "");
    return rc;
}

size_t rules_select(const emb_rules *r, int64_t at, const listver **sel,
                    size_t cap, int *before)
{
    size_t n = 0;
    emb_date day = {0, 0, 0};
    if (at != EMB_RULES_NEWEST)
        day = ny_date(at);
    if (before)
        *before = 0;
    for (size_t i = 0; i < r->n_vers; i++) {
        const listver *v = &r->vers[i];
        size_t j = 0;
        while (j < n && strcmp(sel[j]->source, v->source))
            j++;
        int in_force = at == EMB_RULES_NEWEST ||
                       date_cmp(v->published, day) <= 0;
        if (j == n) {
            if (n == cap)
                continue;
            sel[n++] = v;
            continue;
        }
        const listver *cur = sel[j];
        int cur_in_force = at == EMB_RULES_NEWEST ||
                           date_cmp(cur->published, day) <= 0;
        int c = date_cmp(v->published, cur->published);
        if (in_force && (!cur_in_force || c > 0 || (c == 0 && v > cur)))
            sel[j] = v; /* the newest in force (later-added wins a tie) */
        else if (!in_force && !cur_in_force && c < 0)
            sel[j] = v; /* none in force yet: the oldest */
    }
    if (before && at != EMB_RULES_NEWEST)
        for (size_t j = 0; j < n; j++)
            if (date_cmp(sel[j]->published, day) > 0)
                *before = 1;
    return n;
}

/* ---- security master and holdings ------------------------------------ */

/* Copies a cell into the arena; NULL stays NULL. */
static const char *keep(emb_rules *r, const char *s)
{
    return s ? arena_strdup(r->ar, s) : NULL;
}

static int too_long(emb_rules *r, const char *path, long line,
                    const char *col, const char *s, emb_error *err)
{
    if (!s || strlen(s) <= EMB_RULES_MAX_TEXT)
        return 0;
    emb_error_set(err, EMB_ERR_LIMIT, path, line, col,
                  "value is %zu bytes, longer than %d", strlen(s),
                  EMB_RULES_MAX_TEXT);
    return 1;
}

/* Reads the next row of a rules file: 1 when there is one; 0 at the end
 * (a row cut inside a quoted field is dropped with a warning) or on an
 * error, which is left in *rc and err. */
static int next_row(emb_rules *r, csv_reader *cr, const char *path, int *rc,
                    emb_error *err)
{
    int t = csv_next(cr, err);
    if (t == CSV_TRUNCATED)
        rules_warn(r, "%s:%ld: the file ends inside a quoted field; the "
                      "last row was dropped", path, cr->line);
    else if (t == CSV_ERROR)
        *rc = err ? err->code : EMB_ERR_PARSE;
    return t != CSV_EOF && t != CSV_TRUNCATED && t != CSV_ERROR;
}

int emb_rules_load_secmaster(emb_rules *r, const char *path, const char *data,
                             size_t len, emb_error *err)
{
    if (!r)
        return EMB_ERR_USAGE;
    char *owned;
    if (!path)
        path = "secmaster";
    int rc = rules_file_bytes(path, &data, &len, &owned, err);
    if (rc != EMB_OK)
        return rc;
    csv_reader cr;
    csv_init(&cr, path, data, len, ',');
    static const char *const want[] = {"security", "kind", "issuer",
                                       "underlying"};
    int col[4];
    rc = rules_header(&cr, want, 4, col, err);
    if (rc == EMB_OK && col[0] < 0)
        rc = emb_error_set(err, EMB_ERR_FORMAT, path, 1, "security",
                           "the header has no 'security' column "
                           "(expected security,kind,issuer,underlying)");
    while (rc == EMB_OK && next_row(r, &cr, path, &rc, err)) {
        const char *sec = rules_cell(&cr, col[0]);
        const char *kind = rules_cell(&cr, col[1]);
        const char *issuer = rules_cell(&cr, col[2]);
        const char *under = rules_cell(&cr, col[3]);
        if (too_long(r, path, cr.line, "security", sec, err) ||
            too_long(r, path, cr.line, "issuer", issuer, err) ||
            too_long(r, path, cr.line, "underlying", under, err)) {
            rc = EMB_ERR_LIMIT;
            break;
        }
        if (!sec) {
            rc = rules_warn(r, "%s:%ld: column 'security': empty; row skipped",
                            path, cr.line);
            continue;
        }
        sec_kind k = SK_NONE;
        if (kind && (k = sec_kind_parse(kind)) == SK_NONE) {
            rc = rules_warn(r,
                            "%s:%ld: column 'kind': unknown kind '%s' "
                            "(equity, adr, gdr, bond, warrant, option, "
                            "future, swap, etf, index_fund, mutual_fund); "
                            "row skipped",
                            path, cr.line, kind);
            continue;
        }
        seckeys keys;
        seckeys_of(sec, &keys);
        if (keymap_get(r->sec, keys.key[0])) {
            const secrow *old = keymap_get(r->sec, keys.key[0]);
            rc = rules_warn(r,
                            "%s:%ld: column 'security': '%s' is already "
                            "described on line %ld; row skipped",
                            path, cr.line, sec, old->line);
            continue;
        }
        if (under && !strcasecmp(under, sec)) {
            rc = rules_warn(r,
                            "%s:%ld: column 'underlying': '%s' is its own "
                            "underlying; underlying ignored",
                            path, cr.line, sec);
            if (rc != EMB_OK)
                break;
            under = NULL;
        }
        secrow *row = arena_alloc(r->ar, sizeof *row);
        if (!row) {
            rc = EMB_ERR_NOMEM;
            break;
        }
        row->security = keep(r, sec);
        snprintf(row->key, sizeof row->key, "%s", keys.key[0]);
        row->kind = k;
        row->issuer = keep(r, issuer);
        row->underlying = keep(r, under);
        row->line = cr.line;
        atomic_init(&row->issuer_key, NULL);
        row->next = r->rows;
        r->rows = row;
        for (int i = 0; i < keys.n && rc == EMB_OK; i++)
            rc = keymap_add(r->sec, keys.key[i], row, 0);
    }
    csv_free(&cr);
    free(owned);
    return rc;
}

/* "0.25", "25%", "25" (a number above 1 is a percentage). -1 when it is
 * no number in [0, 100 %]. */
static double parse_weight(const char *s)
{
    char *end;
    double w = strtod(s, &end);
    if (end == s || !isfinite(w))
        return -1;
    while (*end == ' ')
        end++;
    if (*end == '%') {
        w /= 100;
        end++;
    } else if (w > 1) {
        w /= 100;
    }
    while (*end == ' ')
        end++;
    if (*end || w < 0 || w > 1)
        return -1;
    return w;
}

int emb_rules_load_holdings(emb_rules *r, const char *path, const char *data,
                            size_t len, emb_error *err)
{
    if (!r)
        return EMB_ERR_USAGE;
    char *owned;
    if (!path)
        path = "holdings";
    int rc = rules_file_bytes(path, &data, &len, &owned, err);
    if (rc != EMB_OK)
        return rc;
    csv_reader cr;
    csv_init(&cr, path, data, len, ',');
    static const char *const want[] = {"fund", "security", "weight"};
    int col[3];
    rc = rules_header(&cr, want, 3, col, err);
    for (int i = 0; rc == EMB_OK && i < 2; i++)
        if (col[i] < 0)
            rc = emb_error_set(err, EMB_ERR_FORMAT, path, 1, want[i],
                               "the header has no '%s' column (expected "
                               "fund,security,weight)", want[i]);
    while (rc == EMB_OK && next_row(r, &cr, path, &rc, err)) {
        const char *fund = rules_cell(&cr, col[0]);
        const char *sec = rules_cell(&cr, col[1]);
        const char *wt = rules_cell(&cr, col[2]);
        if (too_long(r, path, cr.line, "fund", fund, err) ||
            too_long(r, path, cr.line, "security", sec, err)) {
            rc = EMB_ERR_LIMIT;
            break;
        }
        if (!fund || !sec) {
            rc = rules_warn(r, "%s:%ld: column '%s': empty; row skipped",
                            path, cr.line, fund ? "security" : "fund");
            continue;
        }
        double w = 1;
        if (wt && (w = parse_weight(wt)) < 0) {
            rc = rules_warn(r,
                            "%s:%ld: column 'weight': '%s' is not a weight "
                            "(0..1 or a percentage); row skipped",
                            path, cr.line, wt);
            continue;
        }
        seckeys fk;
        seckeys_of(fund, &fk);
        holdrow *h = arena_alloc(r->ar, sizeof *h);
        if (!h) {
            rc = EMB_ERR_NOMEM;
            break;
        }
        h->fund = keep(r, fund);
        h->security = keep(r, sec);
        seckeys hk;
        seckeys_of(sec, &hk);
        snprintf(h->sec_key, sizeof h->sec_key, "%s", hk.key[0]);
        h->weight = w;
        h->line = cr.line;
        h->next = NULL;
        holdlist *list = (holdlist *)keymap_get(r->hold, fk.key[0]);
        if (!list) {
            list = arena_alloc(r->ar, sizeof *list);
            if (!list) {
                rc = EMB_ERR_NOMEM;
                break;
            }
            list->first = NULL;
            rc = keymap_add(r->hold, fk.key[0], list, 0);
        }
        if (list->first)
            list->last->next = h;
        else
            list->first = h;
        list->last = h;
    }
    csv_free(&cr);
    free(owned);
    return rc;
}
