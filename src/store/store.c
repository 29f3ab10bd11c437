/*
 * store.c - the version store: every imported publication of a source is a
 * version, kept in one SQLite database.
 *
 * Layout. A record is stored once as its compact JSON (emb_record_to_json)
 * under the SHA-256 of those bytes (table records), so a record that did
 * not change between two publications costs one row in version_records and
 * nothing more; a diff compares hashes and only parses the records whose
 * hash moved. versions holds one row per publication with its counts, and
 * version_files the files it was read from with their checksums.
 *
 * Integrity. An import is one BEGIN IMMEDIATE ... COMMIT over every set it
 * is given, so SQLite's atomic commit (in WAL mode) leaves the previous
 * versions untouched if the process dies or anything fails midway; nothing
 * else writes. A database is recognised by its application_id; its schema
 * version is PRAGMA user_version and each schema change is one entry
 * appended to `migrations`, applied in order on open.
 *
 * The handle does not cache statements between calls: each call prepares
 * what it needs and reuses the statements across rows, which is where the
 * time goes (an import of 20,000 records is one transaction of ~40,000
 * inserts).
 */
#include "store/store.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/evp.h>

#include "lists/model.h"
#include "store/record_json.h"
#include "text/sbuf.h"

#define STORE_BUSY_MS 30000 /* longest wait for a lock */

/* "EMBD" */
#define STORE_APPLICATION_ID 0x454D4244

/* Schema changes, in order; entry i takes user_version i to i + 1. Append
 * only: a released entry never changes. */
static const char *const migrations[] = {
    /* 1: initial schema */
    "CREATE TABLE versions("
    " id INTEGER PRIMARY KEY,"
    " source TEXT NOT NULL,"
    " seq INTEGER NOT NULL,"
    " format TEXT NOT NULL,"
    " published TEXT NOT NULL," /* YYYY[-MM[-DD]] or '' */
    " published_inferred INTEGER NOT NULL,"
    " imported_at TEXT NOT NULL," /* YYYY-MM-DDTHH:MM:SSZ */
    " sha256 TEXT NOT NULL,"
    " records INTEGER NOT NULL,"
    " persons INTEGER NOT NULL,"
    " entities INTEGER NOT NULL,"
    " vessels INTEGER NOT NULL,"
    " aircraft INTEGER NOT NULL,"
    " UNIQUE(source, seq));"
    "CREATE TABLE version_files("
    " version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,"
    " pos INTEGER NOT NULL,"
    " path TEXT NOT NULL,"
    " sha256 TEXT NOT NULL,"
    " PRIMARY KEY(version_id, pos)) WITHOUT ROWID;"
    "CREATE TABLE records("
    " hash TEXT PRIMARY KEY," /* sha256 hex of json */
    " json TEXT NOT NULL);"
    "CREATE TABLE version_records("
    " version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,"
    " source_id TEXT NOT NULL,"
    " hash TEXT NOT NULL REFERENCES records(hash),"
    " name TEXT,"
    " kind TEXT NOT NULL,"
    " PRIMARY KEY(version_id, source_id)) WITHOUT ROWID;",
    /* 2: the revision of the reader that made a version's records */
    "ALTER TABLE versions ADD COLUMN reader_rev INTEGER NOT NULL DEFAULT 0;",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

/* ------------------------------------------------------------ messages */

int store_fail(emb_db *db, int code, const char *fmt, ...)
{
    if (!db)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
    va_end(ap);
    return code;
}

int store_sql_fail(emb_db *db, const char *what)
{
    int rc = sqlite3_errcode(db->h);
    store_fail(db, EMB_ERR_DB, "%s: %s", what, sqlite3_errmsg(db->h));
    return rc == SQLITE_NOMEM ? EMB_ERR_NOMEM : EMB_ERR_DB;
}

const char *emb_db_errmsg(const emb_db *db)
{
    if (!db)
        return "no database handle";
    return db->errmsg;
}

const char *emb_db_default_path(void)
{
    const char *p = getenv("EMBARGO_DB");
    return p && *p ? p : "./embargo.db";
}

/* ---------------------------------------------------------- open/close */

static int exec(emb_db *db, const char *sql, const char *what)
{
    if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_sql_fail(db, what);
    return EMB_OK;
}

/* Reads one integer from a single-value query into *v. */
static int query_int(emb_db *db, const char *sql, sqlite3_int64 *v)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *v = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

static void rollback(emb_db *db)
{
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/* Brings the schema from version `from` to SCHEMA_VERSION. */
static int migrate(emb_db *db, int from)
{
    int rc = exec(db, "BEGIN IMMEDIATE", "cannot start schema upgrade");
    if (rc)
        return rc;
    char sql[96];
    for (int v = from; v < SCHEMA_VERSION && rc == EMB_OK; v++) {
        rc = exec(db, migrations[v], "cannot create the schema");
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (rc == EMB_OK)
            rc = exec(db, sql, "cannot record the schema version");
    }
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
             STORE_APPLICATION_ID);
    if (rc == EMB_OK)
        rc = exec(db, sql, "cannot mark the database");
    if (rc == EMB_OK)
        rc = exec(db, "COMMIT", "cannot commit the schema");
    if (rc)
        rollback(db);
    return rc;
}

/* Checks that the open file is an embargo database (or, when `create`,
 * an empty SQLite file to make one of) and brings its schema up to date. */
static int check_schema(emb_db *db, const char *path, int create)
{
    sqlite3_int64 app = 0, ver = 0, tables = 0;
    int rc = query_int(db, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK)
        rc = query_int(db, "PRAGMA user_version", &ver);
    if (rc == SQLITE_OK)
        rc = query_int(db, "SELECT count(*) FROM sqlite_master", &tables);
    if (rc == SQLITE_NOTADB)
        return store_fail(db, EMB_ERR_DB,
                          "%s is not an embargo database (not an SQLite "
                          "database file)", path);
    if (rc != SQLITE_OK)
        return store_sql_fail(db, "cannot read the database header");

    if (app == 0 && ver == 0 && tables == 0) {
        if (!create || db->readonly)
            return store_fail(db, EMB_ERR_DB,
                              "%s is not an embargo database (empty "
                              "database)", path);
        /* WAL is persistent and must be chosen outside a transaction. */
        rc = exec(db, "PRAGMA journal_mode = WAL", "cannot enable WAL");
        return rc ? rc : migrate(db, 0);
    }
    if (app != STORE_APPLICATION_ID)
        return store_fail(db, EMB_ERR_DB,
                          "%s is not an embargo database (application_id "
                          "0x%08llx)", path, (unsigned long long)app);
    if (ver > SCHEMA_VERSION || ver < 1)
        return store_fail(db, EMB_ERR_DB,
                          "%s has schema version %lld, this embargo reads "
                          "1 to %d", path, (long long)ver, SCHEMA_VERSION);
    if (ver < SCHEMA_VERSION) {
        if (db->readonly)
            return store_fail(db, EMB_ERR_DB,
                              "%s needs a schema upgrade (version %lld to "
                              "%d); open it read-write once", path,
                              (long long)ver, SCHEMA_VERSION);
        return migrate(db, (int)ver);
    }
    return EMB_OK;
}

int emb_db_open(const char *path, int flags, emb_db **out)
{
    if (!out)
        return EMB_ERR_USAGE;
    *out = NULL;
    if (!path || !*path)
        path = emb_db_default_path();
    emb_db *db = calloc(1, sizeof *db);
    if (!db)
        return EMB_ERR_NOMEM;
    *out = db;
    db->readonly = (flags & EMB_DB_READONLY) != 0;
    int create = (flags & EMB_DB_CREATE) != 0;
    if (db->readonly && create)
        return store_fail(db, EMB_ERR_USAGE,
                          "cannot create a database opened read-only");
    struct stat st;
    if (!create && stat(path, &st) != 0)
        return store_fail(db, EMB_ERR_NOTFOUND,
                          "no database at %s (import lists to create one)",
                          path);

    int of = SQLITE_OPEN_NOMUTEX;
    of |= db->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (create)
        of |= SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &db->h, of, NULL) != SQLITE_OK) {
        if (!db->h)
            return store_fail(db, EMB_ERR_NOMEM, "cannot open %s: out of "
                              "memory", path);
        store_fail(db, EMB_ERR_IO, "cannot open %s: %s", path,
                   sqlite3_errmsg(db->h));
        return EMB_ERR_IO;
    }
    sqlite3_extended_result_codes(db->h, 0);
    /* Another connection's write (a service writing its audit log, a
     * second import) is waited for rather than failed: an import of the
     * full lists takes seconds, and under load so may the writer ahead
     * of it. */
    sqlite3_busy_timeout(db->h, STORE_BUSY_MS);
    int rc = exec(db, "PRAGMA foreign_keys = ON", "cannot enable foreign keys");
    if (rc == EMB_OK)
        rc = check_schema(db, path, create);
    /* A 16 MB page cache holds an import's hot pages (the records index,
     * the version being written) instead of spilling and re-reading them. */
    if (rc == EMB_OK)
        rc = exec(db, "PRAGMA cache_size = -16384", "cannot size the cache");
    return rc;
}

void emb_db_close(emb_db *db)
{
    if (!db)
        return;
    sqlite3_close_v2(db->h);
    free(db);
}

/* ------------------------------------------------------------ versions */

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    snprintf(dst, n, "%s", s ? (const char *)s : "");
}

void store_version_row(sqlite3_stmt *st, emb_version *v)
{
    memset(v, 0, sizeof *v);
    v->id = sqlite3_column_int64(st, 0);
    copy_col(v->source, sizeof v->source, st, 1);
    v->seq = sqlite3_column_int(st, 2);
    copy_col(v->format, sizeof v->format, st, 3);
    copy_col(v->published, sizeof v->published, st, 4);
    v->published_inferred = sqlite3_column_int(st, 5);
    copy_col(v->imported_at, sizeof v->imported_at, st, 6);
    copy_col(v->sha256, sizeof v->sha256, st, 7);
    v->records = (long)sqlite3_column_int64(st, 8);
    v->persons = (long)sqlite3_column_int64(st, 9);
    v->entities = (long)sqlite3_column_int64(st, 10);
    v->vessels = (long)sqlite3_column_int64(st, 11);
    v->aircraft = (long)sqlite3_column_int64(st, 12);
}

/* Newest version of source into *v: 1 found, 0 none, <0 SQLite error. */
static int newest_version(emb_db *db, const char *source, emb_version *v)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h,
                                "SELECT " STORE_VERSION_COLS " FROM versions"
                                " WHERE source = ?1 ORDER BY seq DESC LIMIT 1",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (found == 1)
        store_version_row(st, v);
    sqlite3_finalize(st);
    return found;
}

int store_version_get(emb_db *db, const char *source, int64_t version_id,
                      emb_version *v)
{
    if (version_id == 0) {
        if (!source)
            return store_fail(db, EMB_ERR_USAGE,
                              "a source is needed to find its newest version");
        int found = newest_version(db, source, v);
        if (found < 0)
            return store_sql_fail(db, "cannot read versions");
        if (found == 0)
            return store_fail(db, EMB_ERR_NOTFOUND,
                              "no version of %s has been imported", source);
        return EMB_OK;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h,
                                "SELECT " STORE_VERSION_COLS
                                " FROM versions WHERE id = ?1",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, version_id);
        rc = sqlite3_step(st);
    }
    if (rc == SQLITE_ROW)
        store_version_row(st, v);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sql_fail(db, "cannot read versions");
    if (rc == SQLITE_DONE)
        return store_fail(db, EMB_ERR_NOTFOUND, "no version %lld",
                          (long long)version_id);
    if (source && strcmp(v->source, source) != 0)
        return store_fail(db, EMB_ERR_NOTFOUND,
                          "version %lld is a version of %s, not of %s",
                          (long long)version_id, v->source, source);
    return EMB_OK;
}

char *emb_version_json(const emb_version *v)
{
    if (!v)
        return NULL;
    sbuf b = {0};
    sb_puts(&b, "{\"source\":");
    sb_json_str(&b, v->source);
    sb_printf(&b, ",\"version\":%d,\"id\":%lld,\"format\":", v->seq,
              (long long)v->id);
    sb_json_str(&b, v->format);
    sb_puts(&b, ",\"published\":");
    sb_json_str(&b, v->published);
    sb_printf(&b, ",\"published_inferred\":%s,\"imported_at\":",
              v->published_inferred ? "true" : "false");
    sb_json_str(&b, v->imported_at);
    sb_printf(&b,
              ",\"records\":%ld,\"by_type\":{\"person\":%ld,"
              "\"entity\":%ld,\"vessel\":%ld,\"aircraft\":%ld},"
              "\"sha256\":",
              v->records, v->persons, v->entities, v->vessels, v->aircraft);
    sb_json_str(&b, v->sha256);
    sb_put(&b, "}", 1);
    if (b.oom) {
        sb_free(&b);
        return NULL;
    }
    return b.s;
}

int emb_db_versions(emb_db *db, const char *source, emb_version **out,
                    size_t *n)
{
    if (!db || !out || !n)
        return store_fail(db, EMB_ERR_USAGE, "missing argument");
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    const char *sql = source ? "SELECT " STORE_VERSION_COLS " FROM versions"
                               " WHERE source = ?1 ORDER BY id"
                             : "SELECT " STORE_VERSION_COLS " FROM versions"
                               " ORDER BY id";
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sql_fail(db, "cannot read versions");
    if (source)
        sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    emb_version *arr = NULL;
    size_t cnt = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            cap = cap ? cap * 2 : 8;
            emb_version *p = realloc(arr, cap * sizeof *p);
            if (!p) {
                free(arr);
                sqlite3_finalize(st);
                return store_fail(db, EMB_ERR_NOMEM, "out of memory");
            }
            arr = p;
        }
        store_version_row(st, &arr[cnt++]);
    }
    if (rc != SQLITE_DONE) {
        rc = store_sql_fail(db, "cannot read versions");
        free(arr);
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_finalize(st);
    *out = arr;
    *n = cnt;
    return EMB_OK;
}

/* -------------------------------------------------------------- import */

static void hex32(const unsigned char *md, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
}

static int sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
        return EMB_ERR_NOMEM;
    hex32(md, hex);
    return EMB_OK;
}

/* The statements an import reuses across rows. */
enum { S_INS_VERSION, S_INS_FILE, S_INS_RECORD, S_INS_VREC, S_COUNT };

static const char *const import_sql[S_COUNT] = {
    [S_INS_VERSION] = "INSERT INTO versions(source, seq, format, published,"
                      " published_inferred, imported_at, sha256, records,"
                      " persons, entities, vessels, aircraft, reader_rev)"
                      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
    [S_INS_FILE] = "INSERT INTO version_files(version_id, pos, path, sha256)"
                   " VALUES(?1,?2,?3,?4)",
    [S_INS_RECORD] = "INSERT OR IGNORE INTO records(hash, json) VALUES(?1,?2)",
    [S_INS_VREC] = "INSERT INTO version_records(version_id, source_id, hash,"
                   " name, kind) VALUES(?1,?2,?3,?4,?5)",
};

typedef struct importer {
    emb_db *db;
    sqlite3_stmt *st[S_COUNT];
    store_progress_fn cb;
    void *ctx;
    char now[21];
} importer;

/* Steps a prepared insert and resets it for the next row. */
static int step_insert(importer *im, int which, const char *what)
{
    sqlite3_stmt *st = im->st[which];
    int rc = sqlite3_step(st) == SQLITE_DONE ? EMB_OK
                                              : store_sql_fail(im->db, what);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/* A set's records as compact JSON with their hashes. */
typedef struct set_json {
    char **json;
    size_t *len;
    char (*hash)[65];
    size_t n;
} set_json;

static void set_json_free(set_json *sj)
{
    for (size_t i = 0; sj->json && i < sj->n; i++)
        free(sj->json[i]);
    free(sj->json);
    free(sj->len);
    free(sj->hash);
    memset(sj, 0, sizeof *sj);
}

static int set_json_build(emb_db *db, const emb_recset *set, set_json *sj)
{
    size_t n = emb_recset_count(set);
    memset(sj, 0, sizeof *sj);
    sj->json = calloc(n ? n : 1, sizeof *sj->json);
    sj->len = calloc(n ? n : 1, sizeof *sj->len);
    sj->hash = calloc(n ? n : 1, sizeof *sj->hash);
    if (!sj->json || !sj->len || !sj->hash)
        return store_fail(db, EMB_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const emb_record *r = emb_recset_get(set, i);
        int rc = emb_record_to_json(r, 0, &sj->json[i]);
        sj->n = i + 1;
        if (rc == EMB_OK) {
            sj->len[i] = strlen(sj->json[i]);
            rc = sha256_hex(sj->json[i], sj->len[i], sj->hash[i]);
        }
        if (rc)
            return store_fail(db, rc, "cannot serialise record %s of %s: %s",
                              r->source_id, emb_recset_source(set),
                              emb_strerror(rc));
    }
    return EMB_OK;
}

/* The version checksum: SHA-256 over the files' hex checksums in order;
 * a set read from no files is identified by its records' hashes instead
 * (sj must then be built). */
static int version_sha256(const emb_recset *set, const set_json *sj,
                          char hex[65])
{
    size_t nf = emb_recset_file_count(set);
    size_t n = nf ? nf : sj->n;
    char *buf = malloc(n * 64 + 1);
    if (!buf)
        return EMB_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *h = nf ? emb_recset_file_sha256(set, i) : sj->hash[i];
        memcpy(buf + 64 * i, h, 64);
    }
    int rc = sha256_hex(buf, n * 64, hex);
    free(buf);
    return rc;
}

/* The reader revision of version id; -1 when it cannot be read. */
static int version_reader_revision(emb_db *db, int64_t id)
{
    sqlite3_stmt *st = NULL;
    int rev = -1;
    if (sqlite3_prepare_v2(db->h,
                           "SELECT reader_rev FROM versions WHERE id = ?1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
            rev = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return rev;
}

static int valid_key(const char *s, size_t max)
{
    if (!s || !*s)
        return 0;
    size_t len = strlen(s);
    return len < max;
}

static int import_set(importer *im, size_t idx, const emb_recset *set,
                      emb_import_result *res)
{
    emb_db *db = im->db;
    const char *source = emb_recset_source(set);
    const char *format = emb_recset_format(set);
    if (!valid_key(source, sizeof res->version.source))
        return store_fail(db, EMB_ERR_LIMIT,
                          "record set %zu: source key must be 1 to %zu bytes",
                          idx, sizeof res->version.source - 1);
    if (!valid_key(format, sizeof res->version.format))
        return store_fail(db, EMB_ERR_LIMIT,
                          "record set %zu (%s): format name must be 1 to %zu "
                          "bytes", idx, source, sizeof res->version.format - 1);
    for (size_t i = 0; i < emb_recset_file_count(set); i++) {
        const char *h = emb_recset_file_sha256(set, i);
        if (!h || strlen(h) != 64)
            return store_fail(db, EMB_ERR_INVALID,
                              "record set %s: file %s has no SHA-256",
                              source, emb_recset_file_path(set, i));
    }

    /* With files, the checksum is known before any record is serialised,
     * so re-importing an unchanged publication costs almost nothing; the
     * same files read by a newer revision of their reader are a new
     * version, as the records may differ. */
    set_json sj;
    memset(&sj, 0, sizeof sj);
    int has_files = emb_recset_file_count(set) > 0;
    int rc = has_files ? EMB_OK : set_json_build(db, set, &sj);
    char sha[65];
    if (rc == EMB_OK && (rc = version_sha256(set, &sj, sha)) != EMB_OK)
        store_fail(db, rc, "out of memory");

    emb_version prev;
    int found = 0;
    if (rc == EMB_OK && (found = newest_version(db, source, &prev)) < 0)
        rc = store_sql_fail(db, "cannot read versions");
    int rev = recset_reader_revision(set);
    if (rc == EMB_OK && found && strcmp(prev.sha256, sha) == 0 &&
        version_reader_revision(db, prev.id) == rev) {
        res->version = prev;
        res->unchanged = 1;
        set_json_free(&sj);
        return EMB_OK;
    }
    if (rc == EMB_OK && has_files)
        rc = set_json_build(db, set, &sj);

    long counts[5] = {0, 0, 0, 0, 0}; /* by emb_kind */
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        emb_kind k = emb_recset_get(set, i)->kind;
        counts[(unsigned)k < 5 ? k : 0]++;
    }
    int inferred = 0;
    char published[16];
    emb_date_format(emb_recset_published(set, &inferred), published);

    sqlite3_int64 vid = 0;
    if (rc == EMB_OK) {
        sqlite3_stmt *st = im->st[S_INS_VERSION];
        sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, found ? prev.seq + 1 : 1);
        sqlite3_bind_text(st, 3, format, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, published, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, inferred);
        sqlite3_bind_text(st, 6, im->now, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, sha, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, (sqlite3_int64)emb_recset_count(set));
        for (int k = 1; k <= 4; k++)
            sqlite3_bind_int64(st, 8 + k, counts[k]);
        sqlite3_bind_int(st, 13, rev);
        rc = step_insert(im, S_INS_VERSION, "cannot add the version");
        vid = sqlite3_last_insert_rowid(db->h);
    }
    for (size_t i = 0; rc == EMB_OK && i < emb_recset_file_count(set); i++) {
        sqlite3_stmt *st = im->st[S_INS_FILE];
        sqlite3_bind_int64(st, 1, vid);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        sqlite3_bind_text(st, 3, emb_recset_file_path(set, i), -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(st, 4, emb_recset_file_sha256(set, i), -1,
                          SQLITE_STATIC);
        rc = step_insert(im, S_INS_FILE, "cannot add a version file");
    }
    for (size_t i = 0; rc == EMB_OK && i < sj.n; i++) {
        const emb_record *r = emb_recset_get(set, i);
        if (im->cb && im->cb(im->ctx, idx, i)) {
            rc = store_fail(db, EMB_ERR_INTERRUPTED, "import interrupted");
            break;
        }
        sqlite3_stmt *st = im->st[S_INS_RECORD];
        sqlite3_bind_text(st, 1, sj.hash[i], 64, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, sj.json[i], (int)sj.len[i], SQLITE_STATIC);
        rc = step_insert(im, S_INS_RECORD, "cannot store a record");
        if (rc)
            break;
        st = im->st[S_INS_VREC];
        sqlite3_bind_int64(st, 1, vid);
        sqlite3_bind_text(st, 2, r->source_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, sj.hash[i], 64, SQLITE_STATIC);
        if (r->n_names)
            sqlite3_bind_text(st, 4, r->names[0].full, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, emb_kind_name(r->kind), -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            if (sqlite3_errcode(db->h) == SQLITE_CONSTRAINT)
                rc = store_fail(db, EMB_ERR_INVALID,
                                "record set %s has more than one record with "
                                "source_id %s", source, r->source_id);
            else
                rc = store_sql_fail(db, "cannot store a record");
        }
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
    set_json_free(&sj);
    if (rc)
        return rc;
    res->unchanged = 0;
    return store_version_get(db, NULL, vid, &res->version);
}

int store_import(emb_db *db, emb_recset *const *sets, size_t n,
                 emb_import_result *results, store_progress_fn cb, void *ctx)
{
    if (!db || (n && !sets))
        return store_fail(db, EMB_ERR_USAGE, "missing argument");
    if (db->readonly)
        return store_fail(db, EMB_ERR_USAGE,
                          "cannot import into a database opened read-only");
    for (size_t i = 0; i < n; i++)
        if (!sets[i])
            return store_fail(db, EMB_ERR_USAGE, "record set %zu is NULL", i);
    if (n == 0)
        return EMB_OK;

    emb_import_result *res = calloc(n, sizeof *res);
    if (!res)
        return store_fail(db, EMB_ERR_NOMEM, "out of memory");
    importer im = {.db = db, .cb = cb, .ctx = ctx};
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(im.now, sizeof im.now, "%Y-%m-%dT%H:%M:%SZ", &tm);

    int rc = exec(db, "BEGIN IMMEDIATE", "cannot start the import");
    for (int s = 0; rc == EMB_OK && s < S_COUNT; s++)
        if (sqlite3_prepare_v3(db->h, import_sql[s], -1,
                               SQLITE_PREPARE_PERSISTENT, &im.st[s],
                               NULL) != SQLITE_OK)
            rc = store_sql_fail(db, "cannot prepare the import");
    for (size_t i = 0; rc == EMB_OK && i < n; i++)
        rc = import_set(&im, i, sets[i], &res[i]);
    for (int s = 0; s < S_COUNT; s++)
        sqlite3_finalize(im.st[s]);
    if (rc == EMB_OK)
        rc = exec(db, "COMMIT", "cannot commit the import");
    if (rc != EMB_OK)
        rollback(db);
    else if (results)
        memcpy(results, res, n * sizeof *res);
    free(res);
    return rc;
}

int emb_db_import(emb_db *db, emb_recset *const *sets, size_t n,
                  emb_import_result *results)
{
    return store_import(db, sets, n, results, NULL, NULL);
}

/* ---------------------------------------------------------------- load */

/* Reads the records that `st` selects (first column: JSON) into a new,
 * sealed set carrying version v's format, publication date and files. */
static int load_rows(emb_db *db, const emb_version *v, sqlite3_stmt *st,
                     emb_recset **out)
{
    emb_recset *set = recset_new(v->source, v->format);
    if (!set)
        return store_fail(db, EMB_ERR_NOMEM, "out of memory");
    int rc = EMB_OK;
    emb_date pub;
    if (record_json_parse_date(v->published, &pub) == 0)
        recset_set_published(set, pub, v->published_inferred);

    sqlite3_stmt *fs = NULL;
    if (sqlite3_prepare_v2(db->h,
                           "SELECT path, sha256 FROM version_files"
                           " WHERE version_id = ?1 ORDER BY pos",
                           -1, &fs, NULL) != SQLITE_OK)
        rc = store_sql_fail(db, "cannot read version files");
    else {
        sqlite3_bind_int64(fs, 1, v->id);
        int s;
        while (rc == EMB_OK && (s = sqlite3_step(fs)) == SQLITE_ROW)
            if (recset_add_file_hash(set,
                                     (const char *)sqlite3_column_text(fs, 0),
                                     (const char *)sqlite3_column_text(fs, 1)))
                rc = store_fail(db, EMB_ERR_NOMEM, "out of memory");
        if (rc == EMB_OK && s != SQLITE_DONE)
            rc = store_sql_fail(db, "cannot read version files");
    }
    sqlite3_finalize(fs);

    int s = SQLITE_DONE;
    while (rc == EMB_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *json = (const char *)sqlite3_column_text(st, 0);
        size_t len = (size_t)sqlite3_column_bytes(st, 0);
        emb_error err;
        int r = json ? record_from_json(set, json, len, &err) : EMB_ERR_NOMEM;
        if (r == EMB_ERR_NOMEM)
            rc = store_fail(db, r, "out of memory");
        else if (r)
            rc = store_fail(db, EMB_ERR_DB,
                            "damaged record in version %lld of %s: %s%s%s",
                            (long long)v->id, v->source, err.field,
                            err.field[0] ? ": " : "", err.message);
    }
    if (rc == EMB_OK && s != SQLITE_DONE)
        rc = store_sql_fail(db, "cannot read records");
    if (rc == EMB_OK && recset_seal(set) != EMB_OK)
        rc = store_fail(db, EMB_ERR_NOMEM, "out of memory");
    if (rc) {
        emb_recset_free(set);
        return rc;
    }
    *out = set;
    return EMB_OK;
}

/* Records of one version (all, or the one of source_id when not NULL). */
static int load_version(emb_db *db, const char *source, int64_t version_id,
                        const char *source_id, emb_version *v,
                        emb_recset **out)
{
    *out = NULL;
    int rc = store_version_get(db, source, version_id, v);
    if (rc)
        return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h,
                           source_id
                               ? "SELECT r.json FROM version_records vr"
                                 " JOIN records r ON r.hash = vr.hash"
                                 " WHERE vr.version_id = ?1"
                                 " AND vr.source_id = ?2"
                               : "SELECT r.json FROM version_records vr"
                                 " JOIN records r ON r.hash = vr.hash"
                                 " WHERE vr.version_id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return store_sql_fail(db, "cannot read records");
    sqlite3_bind_int64(st, 1, v->id);
    if (source_id)
        sqlite3_bind_text(st, 2, source_id, -1, SQLITE_STATIC);
    rc = load_rows(db, v, st, out);
    sqlite3_finalize(st);
    return rc;
}

int emb_db_load(emb_db *db, const char *source, int64_t version_id,
                emb_recset **out)
{
    if (!db || !out)
        return store_fail(db, EMB_ERR_USAGE, "missing argument");
    emb_version v;
    return load_version(db, source, version_id, NULL, &v, out);
}

int emb_db_load_current(emb_db *db, emb_recset ***sets, size_t *n)
{
    if (!db || !sets || !n)
        return store_fail(db, EMB_ERR_USAGE, "missing argument");
    *sets = NULL;
    *n = 0;
    emb_version *v = NULL;
    size_t nv = 0;
    int rc = emb_db_versions(db, NULL, &v, &nv);
    if (rc != EMB_OK)
        return rc;
    emb_recset **out = calloc(nv ? nv : 1, sizeof *out);
    size_t got = 0;
    if (!out)
        rc = store_fail(db, EMB_ERR_NOMEM, "out of memory");
    /* Versions come oldest first: the last of each source is current. */
    for (size_t i = 0; rc == EMB_OK && i < nv; i++) {
        int newest = 1;
        for (size_t k = i + 1; k < nv; k++)
            if (strcmp(v[k].source, v[i].source) == 0)
                newest = 0;
        if (newest)
            rc = emb_db_load(db, v[i].source, v[i].id, &out[got++]);
    }
    emb_free(v);
    if (rc == EMB_OK && got == 0)
        rc = store_fail(db, EMB_ERR_NOTFOUND,
                        "no lists loaded (embargo lists import DIR)");
    if (rc != EMB_OK) {
        for (size_t i = 0; i < got; i++)
            emb_recset_free(out[i]);
        free(out);
        return rc;
    }
    *sets = out;
    *n = got;
    return EMB_OK;
}

int emb_db_record(emb_db *db, const char *source, const char *source_id,
                  int64_t version_id, emb_recset **out)
{
    if (!db || !out || !source_id)
        return store_fail(db, EMB_ERR_USAGE, "missing argument");
    emb_version v;
    int rc = load_version(db, source, version_id, source_id, &v, out);
    if (rc == EMB_OK && emb_recset_count(*out) == 0) {
        emb_recset_free(*out);
        *out = NULL;
        rc = store_fail(db, EMB_ERR_NOTFOUND,
                        "%s has no record %s in version %d (id %lld)",
                        v.source, source_id, v.seq, (long long)v.id);
    }
    return rc;
}
