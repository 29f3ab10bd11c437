/*
 * store_diff.c - what changed between two versions of a source.
 *
 * Records are content-addressed, so the comparison first works on
 * (source_id, hash) pairs only: an id on one side only is ADDED or REMOVED,
 * an id on both sides with different hashes is CHANGED. Only the changed
 * records are parsed, to name the top-level JSON keys whose values differ
 * (a key present on one side only counts as differing). Entries come in
 * record-set order: numeric source ids numerically, then the rest by bytes.
 *
 * Everything a diff hands out lives in one arena freed by emb_diff_free.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lists/model.h"
#include "store/record_json.h"

struct emb_diff {
    arena *a;
    emb_diff_entry *entries;
    size_t n;
    emb_version from, to;
};

/* One side of the comparison: a version's records, sorted by id. */
typedef struct side_row {
    const char *id, *hash, *name;
} side_row;

typedef struct side {
    side_row *rows;
    size_t n;
} side;

static int row_cmp(const void *x, const void *y)
{
    return source_id_cmp(((const side_row *)x)->id, ((const side_row *)y)->id);
}

static int read_side(emb_db *db, arena *a, int64_t version_id, side *out)
{
    sqlite3_stmt *st = NULL;
    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(db->h,
                           "SELECT source_id, hash, name FROM version_records"
                           " WHERE version_id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return store_sql_fail(db, "cannot read records");
    sqlite3_bind_int64(st, 1, version_id);
    size_t cap = 0;
    int rc = EMB_OK, s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 1024;
            side_row *p = realloc(out->rows, cap * sizeof *p);
            if (!p) {
                rc = store_fail(db, EMB_ERR_NOMEM, "out of memory");
                break;
            }
            out->rows = p;
        }
        side_row *r = &out->rows[out->n];
        r->id = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
        r->hash = arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
        const char *name = (const char *)sqlite3_column_text(st, 2);
        r->name = name ? arena_strdup(a, name) : NULL;
        if (!r->id || !r->hash || (name && !r->name)) {
            rc = store_fail(db, EMB_ERR_NOMEM, "out of memory");
            break;
        }
        out->n++;
    }
    if (rc == EMB_OK && s != SQLITE_DONE)
        rc = store_sql_fail(db, "cannot read records");
    sqlite3_finalize(st);
    if (rc == EMB_OK && out->n > 1)
        qsort(out->rows, out->n, sizeof *out->rows, row_cmp);
    return rc;
}

/* The stored JSON object of a record hash; NULL and a message on error. */
static json_t *load_object(emb_db *db, sqlite3_stmt *st, const char *hash,
                           int *rc)
{
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    json_t *o = NULL;
    if (s == SQLITE_ROW) {
        json_error_t jerr;
        o = json_loadb((const char *)sqlite3_column_text(st, 0),
                       (size_t)sqlite3_column_bytes(st, 0), 0, &jerr);
        if (!o || !json_is_object(o)) {
            json_decref(o);
            o = NULL;
            *rc = store_fail(db, EMB_ERR_DB, "damaged record %s", hash);
        }
    } else if (s == SQLITE_DONE) {
        *rc = store_fail(db, EMB_ERR_DB, "missing record %s", hash);
    } else {
        *rc = store_sql_fail(db, "cannot read a record");
    }
    sqlite3_reset(st);
    return o;
}

static int key_differs(const json_t *a, const json_t *b, const char *key)
{
    json_t *x = json_object_get(a, key), *y = json_object_get(b, key);
    if (!x || !y)
        return x != y;
    return !json_equal(x, y);
}

static int is_known_key(const char *key)
{
    for (int i = 0; i < RECORD_JSON_KEY_COUNT; i++)
        if (strcmp(key, record_json_keys[i]) == 0)
            return 1;
    return 0;
}

/* Appends key to the entry's field list (kept in the arena). */
static int add_field(arena *a, emb_diff_entry *e, const char *key,
                     size_t *cap)
{
    if (e->n_fields == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        const char **p = arena_alloc(a, ncap * sizeof *p);
        if (!p)
            return EMB_ERR_NOMEM;
        if (e->n_fields)
            memcpy(p, e->fields, e->n_fields * sizeof *p);
        e->fields = p;
        *cap = ncap;
    }
    const char *k = arena_strdup(a, key);
    if (!k)
        return EMB_ERR_NOMEM;
    ((const char **)e->fields)[e->n_fields++] = k;
    return EMB_OK;
}

/* Fills e->fields with the top-level keys whose values differ: first the
 * documented keys in their documented order, then any others. */
static int changed_fields(arena *a, const json_t *old, const json_t *new_,
                          emb_diff_entry *e)
{
    size_t cap = 0;
    for (int i = 0; i < RECORD_JSON_KEY_COUNT; i++)
        if (key_differs(old, new_, record_json_keys[i]) &&
            add_field(a, e, record_json_keys[i], &cap))
            return EMB_ERR_NOMEM;
    const json_t *objs[2] = {new_, old};
    for (int s = 0; s < 2; s++) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)objs[s], key, v) {
            (void)v;
            if (is_known_key(key) || (s == 1 && json_object_get(new_, key)))
                continue;
            if (key_differs(old, new_, key) && add_field(a, e, key, &cap))
                return EMB_ERR_NOMEM;
        }
    }
    return EMB_OK;
}

/* Resolves the pair to compare: to_id 0 is the newest version, from_id 0
 * the one before `to`. Both must be versions of source. */
static int resolve_pair(emb_db *db, const char *source, int64_t from_id,
                        int64_t to_id, emb_version *from, emb_version *to)
{
    int rc = store_version_get(db, source, to_id, to);
    if (rc == EMB_ERR_NOTFOUND && to_id == 0)
        return store_fail(db, EMB_ERR_NOTFOUND,
                          "%s has no versions; a diff needs two", source);
    if (rc)
        return rc;
    if (from_id)
        return store_version_get(db, source, from_id, from);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h,
                           "SELECT " STORE_VERSION_COLS " FROM versions"
                           " WHERE source = ?1 AND seq < ?2"
                           " ORDER BY seq DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return store_sql_fail(db, "cannot read versions");
    sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, to->seq);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        store_version_row(st, from);
    sqlite3_finalize(st);
    if (s == SQLITE_DONE)
        return store_fail(db, EMB_ERR_NOTFOUND,
                          "%s has no version before version %d; a diff "
                          "needs two", source, to->seq);
    if (s != SQLITE_ROW)
        return store_sql_fail(db, "cannot read versions");
    return EMB_OK;
}

static emb_diff_entry *push_entry(emb_diff *d, size_t *cap)
{
    if (d->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        emb_diff_entry *p = realloc(d->entries, ncap * sizeof *p);
        if (!p)
            return NULL;
        d->entries = p;
        *cap = ncap;
    }
    emb_diff_entry *e = &d->entries[d->n++];
    memset(e, 0, sizeof *e);
    return e;
}

/* Walks both sorted sides at once and records every difference. */
static int compare(emb_db *db, emb_diff *d, const side *old, const side *new_)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, "SELECT json FROM records WHERE hash = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return store_sql_fail(db, "cannot read records");
    size_t i = 0, j = 0, cap = 0;
    int rc = EMB_OK;
    while (rc == EMB_OK && (i < old->n || j < new_->n)) {
        int c = i == old->n   ? 1
                : j == new_->n ? -1
                               : source_id_cmp(old->rows[i].id,
                                              new_->rows[j].id);
        if (c == 0 && strcmp(old->rows[i].hash, new_->rows[j].hash) == 0) {
            i++, j++;
            continue;
        }
        emb_diff_entry *e = push_entry(d, &cap);
        if (!e) {
            rc = store_fail(db, EMB_ERR_NOMEM, "out of memory");
            break;
        }
        if (c < 0) {
            e->change = EMB_CHANGE_REMOVED;
            e->source_id = old->rows[i].id;
            e->name = old->rows[i++].name;
            continue;
        }
        if (c > 0) {
            e->change = EMB_CHANGE_ADDED;
            e->source_id = new_->rows[j].id;
            e->name = new_->rows[j++].name;
            continue;
        }
        e->change = EMB_CHANGE_CHANGED;
        e->source_id = new_->rows[j].id;
        e->name = new_->rows[j].name;
        json_t *a = load_object(db, st, old->rows[i].hash, &rc);
        json_t *b = a ? load_object(db, st, new_->rows[j].hash, &rc) : NULL;
        if (a && b && changed_fields(d->a, a, b, e))
            rc = store_fail(db, EMB_ERR_NOMEM, "out of memory");
        json_decref(a);
        json_decref(b);
        i++, j++;
    }
    sqlite3_finalize(st);
    return rc;
}

int emb_db_diff(emb_db *db, const char *source, int64_t from_id,
                int64_t to_id, emb_diff **out)
{
    if (!db || !out || !source)
        return store_fail(db, EMB_ERR_USAGE, "missing argument");
    *out = NULL;
    emb_diff *d = calloc(1, sizeof *d);
    if (!d || !(d->a = arena_new())) {
        free(d);
        return store_fail(db, EMB_ERR_NOMEM, "out of memory");
    }
    side old = {0}, new_ = {0};
    int rc = resolve_pair(db, source, from_id, to_id, &d->from, &d->to);
    if (rc == EMB_OK)
        rc = read_side(db, d->a, d->from.id, &old);
    if (rc == EMB_OK)
        rc = read_side(db, d->a, d->to.id, &new_);
    if (rc == EMB_OK)
        rc = compare(db, d, &old, &new_);
    free(old.rows);
    free(new_.rows);
    if (rc) {
        emb_diff_free(d);
        return rc;
    }
    *out = d;
    return EMB_OK;
}

size_t emb_diff_count(const emb_diff *d)
{
    return d ? d->n : 0;
}

const emb_diff_entry *emb_diff_get(const emb_diff *d, size_t i)
{
    return d && i < d->n ? &d->entries[i] : NULL;
}

const emb_version *emb_diff_from(const emb_diff *d)
{
    return d ? &d->from : NULL;
}

const emb_version *emb_diff_to(const emb_diff *d)
{
    return d ? &d->to : NULL;
}

void emb_diff_free(emb_diff *d)
{
    if (!d)
        return;
    arena_free(d->a);
    free(d->entries);
    free(d);
}
