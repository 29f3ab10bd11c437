/*
 * store.h - private interface between the store's files (store.c holds the
 * handle, schema, import and load; store_diff.c compares versions) and the
 * hooks the unit tests use to interrupt an import.
 */
#ifndef EMB_STORE_STORE_H
#define EMB_STORE_STORE_H

#include <sqlite3.h>

#include "embargo.h"
#include "lists/model.h"

struct emb_db {
    sqlite3 *h;
    int readonly;
    char errmsg[1024];
};

/* Sets the handle's message; returns code. */
int store_fail(emb_db *db, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets the message to "what: <sqlite3_errmsg>" and returns EMB_ERR_DB (or
 * EMB_ERR_NOMEM when SQLite ran out of memory). */
int store_sql_fail(emb_db *db, const char *what);

/* Columns read by store_version_row, for "SELECT " STORE_VERSION_COLS. */
#define STORE_VERSION_COLS                                                  \
    "id, source, seq, format, published, published_inferred, imported_at, " \
    "sha256, records, persons, entities, vessels, aircraft"
/* Fills v from the current row of a statement selecting
 * STORE_VERSION_COLS first. */
void store_version_row(sqlite3_stmt *st, emb_version *v);
/* Finds a version: version_id 0 means the newest of `source`; otherwise
 * the version must exist and (when source is not NULL) belong to source.
 * EMB_ERR_NOTFOUND with a message when it does not. */
int store_version_get(emb_db *db, const char *source, int64_t version_id,
                      emb_version *v);

/* Called before each record an import writes (set index, record index);
 * a non-zero return aborts the import, which is rolled back and returns
 * EMB_ERR_INTERRUPTED. */
typedef int (*store_progress_fn)(void *ctx, size_t set, size_t record);

/* emb_db_import with a progress hook (cb may be NULL). */
int store_import(emb_db *db, emb_recset *const *sets, size_t n,
                 emb_import_result *results, store_progress_fn cb, void *ctx);

#endif
