/*
 * monitor.c - continuous monitoring: watched customer books and
 * portfolios, re-screened when a list changes, and the alerts this raises.
 *
 * Tables (in the list database, next to the store's own; created with
 * IF NOT EXISTS so that they can appear in any existing database, and a
 * column added since added to an older table by ALTER TABLE at open):
 *   mon_customers(id, name, type, country, dob, row_hash, screened_hash,
 *                 identifiers)
 *   mon_holdings(id, security, issuer, quantity, row_hash, screened_hash,
 *                issuer_identifiers)
 *   mon_alerts(...)   one row per (book row, listed record) hit episode
 *   mon_screened(source, version_id, seq, at)  the version of each source
 *                     the books were last re-screened through
 *   audit_log(...)    see audit.c
 * A row is "pending" while screened_hash differs from row_hash: it is new
 * or changed and has not been screened against the full lists yet. A
 * row's hash covers its columns in order; a column added since (a
 * customer's identifiers) counts only when it is not empty, so that the
 * rows of a book stored before it keep their hash and are not screened
 * again for it.
 *
 * An alert carries the hash of the listed record (its JSON) and of the
 * book row at the time of the hit. A new hit on the same pair is compared
 * with the latest alert: same hashes and an open, escalated or confirmed
 * alert -> nothing new; same hashes and dismissed (false positive) ->
 * suppressed; otherwise a new alert ("changed" when a previous one
 * existed, which is superseded if still open). A record the list removed
 * closes its open alerts, as does a changed record or row that no longer
 * hits.
 *
 * Re-screening after an import looks only at what the import changed: an
 * index is built from just the added and changed records and the books
 * are screened against it, so the cost follows the size of the diff, not
 * of the lists. The diff runs from the version the books were last
 * re-screened through, which is recorded in the same transaction as the
 * alerts: a version whose re-screen failed or never ran (lists imported
 * from the command line, a server stopped midway) is caught up by the
 * next one or by emb_monitor_catch_up, and none is screened twice.
 */
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "lists/model.h"
#include "store/monitor.h"

static const char *const schema_sql =
    "CREATE TABLE IF NOT EXISTS mon_customers("
    " id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT, country TEXT,"
    " dob TEXT, row_hash TEXT NOT NULL, screened_hash TEXT,"
    " identifiers TEXT);"
    "CREATE TABLE IF NOT EXISTS mon_holdings("
    " id TEXT PRIMARY KEY, security TEXT NOT NULL, issuer TEXT,"
    " quantity TEXT, row_hash TEXT NOT NULL, screened_hash TEXT,"
    " issuer_identifiers TEXT);"
    "CREATE TABLE IF NOT EXISTS mon_alerts("
    " id INTEGER PRIMARY KEY, book TEXT NOT NULL, row_id TEXT NOT NULL,"
    " row_name TEXT, source TEXT NOT NULL, source_id TEXT NOT NULL,"
    " record_name TEXT, matched_name TEXT, via TEXT, score REAL,"
    " reason TEXT NOT NULL, status TEXT NOT NULL, record_hash TEXT,"
    " row_hash TEXT, hit TEXT, versions TEXT, opened_at TEXT NOT NULL,"
    " decision TEXT, comment TEXT, decided_by TEXT, decided_at TEXT,"
    " closed_at TEXT, close_reason TEXT);"
    "CREATE INDEX IF NOT EXISTS mon_alerts_pair ON"
    " mon_alerts(book, row_id, source, source_id);"
    "CREATE INDEX IF NOT EXISTS mon_alerts_record ON"
    " mon_alerts(source, source_id);"
    "CREATE INDEX IF NOT EXISTS mon_alerts_status ON mon_alerts(status);"
    "CREATE TABLE IF NOT EXISTS mon_screened("
    " source TEXT PRIMARY KEY, version_id INTEGER NOT NULL,"
    " seq INTEGER NOT NULL, at TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS audit_log("
    " seq INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,"
    " action TEXT NOT NULL, detail TEXT NOT NULL, versions TEXT,"
    " prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);"
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON"
    " audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only');"
    " END;"
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON"
    " audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only');"
    " END;"
    "CREATE TEMP TABLE IF NOT EXISTS mon_hits(book TEXT, row_id TEXT,"
    " source TEXT, source_id TEXT);"
    "CREATE TEMP TABLE IF NOT EXISTS mon_rows(book TEXT, row_id TEXT);"
    "CREATE TEMP TABLE IF NOT EXISTS mon_changed(source TEXT,"
    " source_id TEXT);";

/* ------------------------------------------------------------ helpers */

int mon_fail(emb_monitor *m, int code, const char *fmt, ...)
{
    if (m) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m->errmsg, sizeof m->errmsg, fmt, ap);
        va_end(ap);
    }
    return code;
}

int mon_exec(emb_monitor *m, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(m->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        mon_fail(m, EMB_ERR_DB, "%s", msg ? msg : sqlite3_errmsg(m->h));
        sqlite3_free(msg);
        return rc == SQLITE_NOMEM ? EMB_ERR_NOMEM : EMB_ERR_DB;
    }
    return EMB_OK;
}

static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_fetch(void)
{
    sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

const EVP_MD *mon_sha256_md(void)
{
    pthread_once(&sha256_once, sha256_fetch);
    return sha256_md;
}

void mon_sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    const EVP_MD *alg = mon_sha256_md();
    if (!alg || !EVP_Digest(data, len, md, &n, alg, NULL) || n != 32) {
        hex[0] = 0;
        return;
    }
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = 0;
}

void mon_now(char out[25])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char buf[64];
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000000));
    memcpy(out, buf, 24);
    out[24] = 0;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

static void rollback(emb_monitor *m)
{
    if (!sqlite3_get_autocommit(m->h))
        sqlite3_exec(m->h, "ROLLBACK", NULL, NULL, NULL);
}

static long query_long(emb_monitor *m, const char *sql)
{
    sqlite3_stmt *st;
    long v = -1;
    if (sqlite3_prepare_v2(m->h, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Adds a column to a table created before it existed. Looked for first
 * without a lock, so that opening a current database writes nothing;
 * added under the write lock after a second look, so that two processes
 * opening an older file at once add it once. */
static int add_column(emb_monitor *m, const char *table, const char *column,
                      const char *decl)
{
    char has[256], alter[256];
    snprintf(has, sizeof has, "SELECT count(*) FROM pragma_table_info('%s') "
             "WHERE name = '%s'", table, column);
    long n = query_long(m, has);
    if (n > 0)
        return EMB_OK;
    int rc = n < 0 ? mon_fail(m, EMB_ERR_DB, "%s", sqlite3_errmsg(m->h))
                   : mon_exec(m, "BEGIN IMMEDIATE");
    if (rc == EMB_OK && (n = query_long(m, has)) < 0)
        rc = mon_fail(m, EMB_ERR_DB, "%s", sqlite3_errmsg(m->h));
    if (rc == EMB_OK && n == 0) {
        snprintf(alter, sizeof alter, "ALTER TABLE %s ADD COLUMN %s %s",
                 table, column, decl);
        rc = mon_exec(m, alter);
    }
    if (rc == EMB_OK)
        rc = mon_exec(m, "COMMIT");
    if (rc)
        rollback(m);
    return rc;
}

/* ------------------------------------------------------------ handle */

int emb_monitor_open(const char *db_path, emb_monitor **out)
{
    if (!out)
        return EMB_ERR_USAGE;
    *out = NULL;
    if (!db_path || !*db_path)
        db_path = emb_db_default_path();
    /* The store owns the file's header and schema: let it create or check
     * the database first, then add the monitor's tables beside its own. */
    emb_db *db = NULL;
    int rc = emb_db_open(db_path, EMB_DB_CREATE, &db);
    emb_monitor *m = calloc(1, sizeof *m);
    if (!m) {
        emb_db_close(db);
        return EMB_ERR_NOMEM;
    }
    *out = m;
    if (rc != EMB_OK) {
        mon_fail(m, rc, "%s", db ? emb_db_errmsg(db) : emb_strerror(rc));
        emb_db_close(db);
        return rc;
    }
    emb_db_close(db);
    if (sqlite3_open_v2(db_path, &m->h,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        return mon_fail(m, EMB_ERR_IO, "cannot open %s: %s", db_path,
                        m->h ? sqlite3_errmsg(m->h) : "out of memory");
    sqlite3_busy_timeout(m->h, 10000);
    rc = mon_exec(m, "PRAGMA synchronous = NORMAL");
    if (rc == EMB_OK)
        rc = mon_exec(m, schema_sql);
    if (rc == EMB_OK)
        rc = add_column(m, "mon_customers", "identifiers", "TEXT");
    if (rc == EMB_OK)
        rc = add_column(m, "mon_holdings", "issuer_identifiers", "TEXT");
    return rc;
}

void emb_monitor_close(emb_monitor *m)
{
    if (!m)
        return;
    sqlite3_close_v2(m->h);
    free(m);
}

const char *emb_monitor_errmsg(const emb_monitor *m)
{
    return m ? m->errmsg : "no monitor handle";
}

void emb_monitor_interrupt(emb_monitor *m)
{
    if (m)
        atomic_store(&m->interrupted, 1);
}

/* ------------------------------------------------------------ books */

typedef struct book_def {
    const char *book;  /* "customer" / "holding" */
    const char *table;
    const char *const *cols;
    size_t n_cols;
    unsigned required; /* bit per column */
    int id_default;    /* column whose value stands in for an empty id */
    size_t n_hashed;   /* columns every row hash covers; those after them
                          (added since) count only when not empty */
} book_def;

/* A customer needs a name or an identifier (check_customer). */
static const char *const customer_cols[] = {"id", "name", "type", "country",
                                            "dob", "identifiers"};
enum { CUST_NAME = 1, CUST_IDENTS = 5 };
static const char *const holding_cols[] = {"id", "security", "issuer",
                                           "quantity", "issuer_identifiers"};
enum { HOLD_IDENTS = 4 };
static const book_def customers_def = {"customer", "mon_customers",
                                       customer_cols, 6, 1u, -1, 5};
static const book_def holdings_def = {"holding", "mon_holdings",
                                      holding_cols, 5, 2u, 1, 4};

typedef struct put_ctx {
    emb_monitor *m;
    const book_def *def;
    sqlite3_stmt *ins;
    emb_error *err;
    long rows;
} put_ctx;

static void row_hash(const book_row *row, const book_def *def, char hex[65])
{
    size_t n = def->n_cols;
    while (n > def->n_hashed && !*row->f[n - 1])
        n--;
    size_t len = 0;
    for (size_t c = 0; c < n; c++)
        len += strlen(row->f[c]) + 1;
    char *buf = malloc(len + 1), *p = buf;
    if (!buf) {
        hex[0] = 0;
        return;
    }
    for (size_t c = 0; c < n; c++) {
        size_t k = strlen(row->f[c]);
        memcpy(p, row->f[c], k);
        p += k;
        *p++ = 0x1f;
    }
    mon_sha256_hex(buf, len, hex);
    free(buf);
}

/* A row's identifiers (column col) fit a query (EMB_QUERY_MAX_IDENTS of
 * at most EMB_IDENT_MAX bytes), so that the row is screened as it was
 * written; *n: how many. */
static int check_idents(const book_row *row, size_t col, const char *name,
                        size_t *n, emb_error *err)
{
    ident_span ids[EMB_QUERY_MAX_IDENTS];
    *n = idents_split(row->f[col], ids, EMB_QUERY_MAX_IDENTS);
    if (*n > EMB_QUERY_MAX_IDENTS)
        return emb_error_set(err, EMB_ERR_LIMIT, "request body", row->line,
                             name, "%zu identifiers, at most %d allowed",
                             *n, EMB_QUERY_MAX_IDENTS);
    for (size_t i = 0; i < *n; i++)
        if (ids[i].len > EMB_IDENT_MAX)
            return emb_error_set(err, EMB_ERR_LIMIT, "request body",
                                 row->line, name, "an identifier has %zu "
                                 "bytes, at most %d allowed", ids[i].len,
                                 EMB_IDENT_MAX);
    return EMB_OK;
}

/* A customer row has a name or an identifier, and its identifiers fit a
 * query. */
static int check_customer(const book_row *row, emb_error *err)
{
    size_t n;
    int rc = check_idents(row, CUST_IDENTS, "identifiers", &n, err);
    if (rc == EMB_OK && !*row->f[CUST_NAME] && !n)
        return emb_error_set(err, EMB_ERR_PARSE, "request body", row->line,
                             "name", "required value is empty (a row needs "
                             "a name or identifiers)");
    return rc;
}

static int put_row(void *vctx, const book_row *in)
{
    put_ctx *ctx = vctx;
    book_row row = *in;
    const book_def *def = ctx->def;
    if (!*row.f[0] && def->id_default >= 0)
        row.f[0] = row.f[def->id_default];
    if (!*row.f[0])
        return emb_error_set(ctx->err, EMB_ERR_PARSE, "request body",
                             row.line, "id", "required value is empty");
    if (def == &holdings_def) {
        emb_secid sid;
        char why[128];
        /* A near-miss ISIN/CUSIP/SEDOL/FIGI (bad check digit) is kept, as
         * lists publish such values; text that is no identifier is not. */
        if (emb_secid_parse(row.f[1], &sid, why, sizeof why) != EMB_OK &&
            (sid.kind == EMB_SECID_UNKNOWN || sid.kind == EMB_SECID_TICKER))
            return emb_error_set(ctx->err, EMB_ERR_PARSE, "request body",
                                 row.line, "security",
                                 "not a security identifier: %s", why);
    }
    if (def == &customers_def) {
        int rc = check_customer(&row, ctx->err);
        if (rc)
            return rc;
    } else {
        size_t n;
        int rc = check_idents(&row, HOLD_IDENTS, "issuer_identifiers", &n,
                              ctx->err);
        if (rc)
            return rc;
    }
    char hex[65];
    row_hash(&row, def, hex);
    sqlite3_reset(ctx->ins);
    for (size_t c = 0; c < def->n_cols; c++)
        sqlite3_bind_text(ctx->ins, (int)c + 1, row.f[c], -1,
                          SQLITE_TRANSIENT);
    sqlite3_bind_text(ctx->ins, (int)def->n_cols + 1, hex, -1,
                      SQLITE_TRANSIENT);
    int rc = sqlite3_step(ctx->ins);
    if (rc == SQLITE_CONSTRAINT)
        return emb_error_set(ctx->err, EMB_ERR_PARSE, "request body",
                             row.line, "id", "duplicate id '%s'", row.f[0]);
    if (rc != SQLITE_DONE)
        return emb_error_set(ctx->err, EMB_ERR_DB, "request body", row.line,
                             NULL, "%s", sqlite3_errmsg(ctx->m->h));
    ctx->rows++;
    return EMB_OK;
}

/* Replaces a book: rows go to a temporary table first, are compared with
 * the stored book, and then merged, all in one transaction. */
static int put_book(emb_monitor *m, const book_def *def, const char *body,
                    size_t len, emb_watch_stats *st, emb_error *err)
{
    emb_watch_stats local;
    if (!st)
        st = &local;
    memset(st, 0, sizeof *st);
    if (!m || (!body && len))
        return EMB_ERR_USAGE;
    char sql[2048], cols[256] = "", qs[64] = "", sets[512] = "";
    for (size_t c = 0; c < def->n_cols; c++) {
        snprintf(cols + strlen(cols), sizeof cols - strlen(cols), "%s, ",
                 def->cols[c]);
        snprintf(qs + strlen(qs), sizeof qs - strlen(qs), "?, ");
        if (c)
            snprintf(sets + strlen(sets), sizeof sets - strlen(sets),
                     "%s = excluded.%s, ", def->cols[c], def->cols[c]);
    }
    int rc = mon_exec(m, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    snprintf(sql, sizeof sql,
             "DROP TABLE IF EXISTS temp.mon_new;"
             "CREATE TEMP TABLE mon_new AS SELECT * FROM %s WHERE 0;"
             "CREATE UNIQUE INDEX temp.mon_new_id ON mon_new(id);",
             def->table);
    rc = mon_exec(m, sql);
    put_ctx ctx = {m, def, NULL, err, 0};
    if (rc == EMB_OK) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO mon_new(%srow_hash) VALUES (%s?)", cols, qs);
        if (sqlite3_prepare_v2(m->h, sql, -1, &ctx.ins, NULL) != SQLITE_OK)
            rc = mon_fail(m, EMB_ERR_DB, "%s", sqlite3_errmsg(m->h));
    }
    if (rc == EMB_OK)
        rc = book_parse(body ? body : "", len, def->cols, def->n_cols,
                        def->required, put_row, &ctx, err);
    sqlite3_finalize(ctx.ins);
    if (rc == EMB_OK) {
        st->rows = ctx.rows;
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM mon_new n WHERE NOT EXISTS (SELECT 1 "
                 "FROM %s o WHERE o.id = n.id)", def->table);
        st->added = query_long(m, sql);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM mon_new n JOIN %s o ON o.id = n.id "
                 "WHERE o.row_hash <> n.row_hash", def->table);
        st->changed = query_long(m, sql);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM %s o WHERE NOT EXISTS (SELECT 1 "
                 "FROM mon_new n WHERE n.id = o.id)", def->table);
        st->removed = query_long(m, sql);
        st->unchanged = st->rows - st->added - st->changed;
        char now[25];
        mon_now(now);
        snprintf(sql, sizeof sql,
                 "UPDATE mon_alerts SET status = 'closed', closed_at = '%s', "
                 "close_reason = '%s removed from the book' WHERE book = "
                 "'%s' AND status IN ('open', 'escalated') AND NOT EXISTS "
                 "(SELECT 1 FROM mon_new n WHERE n.id = mon_alerts.row_id);"
                 "DELETE FROM %s WHERE id NOT IN (SELECT id FROM mon_new);",
                 now, def->book, def->book, def->table);
        rc = mon_exec(m, sql);
    }
    if (rc == EMB_OK) {
        /* The WHERE 1 keeps SQLite from reading ON CONFLICT as a join. */
        snprintf(sql, sizeof sql,
                 "INSERT INTO %s(%srow_hash) SELECT %srow_hash FROM mon_new "
                 "WHERE 1 ON CONFLICT(id) DO UPDATE SET %srow_hash = "
                 "excluded.row_hash WHERE row_hash <> excluded.row_hash;"
                 "DROP TABLE temp.mon_new;",
                 def->table, cols, cols, sets);
        rc = mon_exec(m, sql);
    }
    if (rc == EMB_OK)
        rc = mon_exec(m, "COMMIT");
    if (rc) {
        if (err && !err->code && m->errmsg[0])
            emb_error_set(err, rc, "request body", 0, NULL, "%s", m->errmsg);
        rollback(m);
        sqlite3_exec(m->h, "DROP TABLE IF EXISTS temp.mon_new", NULL, NULL,
                     NULL);
    }
    return rc;
}

int emb_watch_put_customers(emb_monitor *m, const char *body, size_t len,
                            emb_watch_stats *st, emb_error *err)
{
    return put_book(m, &customers_def, body, len, st, err);
}

int emb_watch_put_holdings(emb_monitor *m, const char *body, size_t len,
                           emb_watch_stats *st, emb_error *err)
{
    return put_book(m, &holdings_def, body, len, st, err);
}

/* ------------------------------------------------------------ alerts */

static const char *const alert_cols =
    "id, book, row_id, row_name, source, source_id, record_name, "
    "matched_name, via, score, reason, status, versions, opened_at, "
    "decision, comment, decided_by, decided_at, closed_at, close_reason, hit";

static json_t *alert_row_json(sqlite3_stmt *st)
{
    static const char *const names[] = {
        "id", "book", "row_id", "row_name", "source", "source_id",
        "record_name", "matched_name", "via", "score", "reason", "status",
        "versions", "opened_at", "decision", "comment", "decided_by",
        "decided_at", "closed_at", "close_reason", "hit"};
    json_t *o = json_object();
    for (int i = 0; i < 21; i++) {
        int t = sqlite3_column_type(st, i);
        json_t *v;
        if (t == SQLITE_NULL)
            v = json_null();
        else if (i == 0)
            v = json_integer(sqlite3_column_int64(st, i));
        else if (i == 9)
            v = json_real(sqlite3_column_double(st, i));
        else if (i == 20)
            v = json_loads(col_text(st, i), 0, NULL);
        else
            v = json_string(col_text(st, i));
        json_object_set_new(o, names[i], v ? v : json_null());
    }
    return o;
}

int emb_alerts_json(emb_monitor *m, const char *status, long limit,
                    char **out)
{
    if (!m || !out)
        return EMB_ERR_USAGE;
    *out = NULL;
    if (limit <= 0)
        limit = 1000;
    int all = !status || !*status || !strcmp(status, "all");
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM mon_alerts %s ORDER BY id DESC "
             "LIMIT ?2", alert_cols, all ? "" : "WHERE status = ?1");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(m->h, sql, -1, &st, NULL) != SQLITE_OK)
        return mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    if (!all)
        sqlite3_bind_text(st, 1, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, limit);
    json_t *arr = json_array();
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, alert_row_json(st));
    int rc = step == SQLITE_DONE ? EMB_OK
                                 : mon_fail(m, EMB_ERR_DB, "alerts: %s",
                                            sqlite3_errmsg(m->h));
    sqlite3_finalize(st);
    if (rc == EMB_OK && !(*out = json_dumps(arr, JSON_COMPACT)))
        rc = EMB_ERR_NOMEM;
    json_decref(arr);
    return rc;
}

int emb_alert_json(emb_monitor *m, int64_t id, char **out)
{
    if (!m || !out)
        return EMB_ERR_USAGE;
    *out = NULL;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM mon_alerts WHERE id = ?",
             alert_cols);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(m->h, sql, -1, &st, NULL) != SQLITE_OK)
        return mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    sqlite3_bind_int64(st, 1, id);
    int rc = EMB_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        json_t *o = alert_row_json(st);
        *out = json_dumps(o, JSON_COMPACT);
        json_decref(o);
        if (!*out)
            rc = EMB_ERR_NOMEM;
    } else {
        rc = mon_fail(m, EMB_ERR_NOTFOUND, "no alert %lld", (long long)id);
    }
    sqlite3_finalize(st);
    return rc;
}

long emb_alerts_open_count(emb_monitor *m)
{
    if (!m)
        return -1;
    return query_long(m, "SELECT count(*) FROM mon_alerts WHERE status IN "
                         "('open', 'escalated')");
}

int emb_alert_decide(emb_monitor *m, int64_t id, const char *decision,
                     const char *comment, const char *who)
{
    if (!m || !decision)
        return EMB_ERR_USAGE;
    const char *status;
    if (!strcmp(decision, "true_match"))
        status = "confirmed";
    else if (!strcmp(decision, "false_positive"))
        status = "dismissed";
    else if (!strcmp(decision, "escalate"))
        status = "escalated";
    else
        return mon_fail(m, EMB_ERR_INVALID,
                        "decision must be true_match, false_positive or "
                        "escalate");
    int rc = mon_exec(m, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    sqlite3_stmt *st = NULL;
    char prev[16] = "", book[16] = "", row_id[256] = "", source[32] = "",
         source_id[128] = "";
    if (sqlite3_prepare_v2(m->h,
                           "SELECT status, book, row_id, source, source_id "
                           "FROM mon_alerts WHERE id = ?", -1, &st,
                           NULL) != SQLITE_OK) {
        rc = mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
        goto out;
    }
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = mon_fail(m, EMB_ERR_NOTFOUND, "no alert %lld", (long long)id);
        goto out;
    }
    snprintf(prev, sizeof prev, "%s", col_text(st, 0));
    snprintf(book, sizeof book, "%s", col_text(st, 1));
    snprintf(row_id, sizeof row_id, "%s", col_text(st, 2));
    snprintf(source, sizeof source, "%s", col_text(st, 3));
    snprintf(source_id, sizeof source_id, "%s", col_text(st, 4));
    sqlite3_finalize(st);
    st = NULL;
    if (!strcmp(prev, "closed")) {
        rc = mon_fail(m, EMB_ERR_INVALID,
                      "alert %lld is closed and takes no decision",
                      (long long)id);
        goto out;
    }
    char now[25];
    mon_now(now);
    if (sqlite3_prepare_v2(m->h,
                           "UPDATE mon_alerts SET status = ?, decision = ?, "
                           "comment = ?, decided_by = ?, decided_at = ? "
                           "WHERE id = ?", -1, &st, NULL) != SQLITE_OK) {
        rc = mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
        goto out;
    }
    const char *by = who && *who ? who : "anonymous";
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, decision, -1, SQLITE_TRANSIENT);
    if (comment)
        sqlite3_bind_text(st, 3, comment, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, by, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
        goto out;
    }
    json_t *d = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s?}",
                          "alert", (json_int_t)id, "decision", decision,
                          "previous_status", prev, "book", book, "row_id",
                          row_id, "source", source, "source_id", source_id,
                          "comment", comment);
    char *dj = d ? json_dumps(d, JSON_COMPACT) : NULL;
    json_decref(d);
    if (!dj) {
        rc = mon_fail(m, EMB_ERR_INVALID, "comment is not valid UTF-8");
        goto out;
    }
    emb_audit_item it = {.who = by, .action = "decision", .detail_json = dj};
    memcpy(it.at, now, sizeof it.at);
    rc = audit_append_locked(m, &it, 1);
    free(dj);
out:
    sqlite3_finalize(st);
    if (rc == EMB_OK)
        rc = mon_exec(m, "COMMIT");
    if (rc)
        rollback(m);
    return rc;
}

/* ------------------------------------------------------------ screening */

#ifdef EMB_DEFAULT_THRESHOLD
/* The screening engine is part of this build. */

typedef struct hitctx {
    emb_monitor *m;
    sqlite3_stmt *last, *ins, *supersede, *hit;
    const char *versions;
    char now[25];
    emb_rescreen_stats *st;
} hitctx;

static int hit_prepare(hitctx *h, emb_monitor *m, const char *versions,
                       emb_rescreen_stats *st)
{
    memset(h, 0, sizeof *h);
    h->m = m;
    h->versions = versions;
    h->st = st;
    mon_now(h->now);
    if (sqlite3_prepare_v2(m->h,
                           "SELECT id, status, record_hash, row_hash FROM "
                           "mon_alerts WHERE book = ? AND row_id = ? AND "
                           "source = ? AND source_id = ? ORDER BY id DESC "
                           "LIMIT 1", -1, &h->last, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(m->h,
                           "INSERT INTO mon_alerts(book, row_id, row_name, "
                           "source, source_id, record_name, matched_name, "
                           "via, score, reason, status, record_hash, "
                           "row_hash, hit, versions, opened_at) VALUES "
                           "(?,?,?,?,?,?,?,?,?,?,'open',?,?,?,?,?)", -1,
                           &h->ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(m->h,
                           "UPDATE mon_alerts SET status = 'closed', "
                           "closed_at = ?, close_reason = 'superseded by "
                           "alert ' || ? WHERE id = ?", -1, &h->supersede,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(m->h,
                           "INSERT INTO mon_hits(book, row_id, source, "
                           "source_id) VALUES (?,?,?,?)", -1, &h->hit,
                           NULL) != SQLITE_OK)
        return mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    return EMB_OK;
}

static void hit_finish(hitctx *h)
{
    sqlite3_finalize(h->last);
    sqlite3_finalize(h->ins);
    sqlite3_finalize(h->supersede);
    sqlite3_finalize(h->hit);
}

static void record_hash(const emb_record *rec, char hex[65])
{
    char *js = NULL;
    if (emb_record_to_json(rec, 0, &js) == EMB_OK && js)
        mon_sha256_hex(js, strlen(js), hex);
    else
        hex[0] = 0;
    emb_free(js);
}

typedef struct book_hit {
    const char *book, *row_id, *row_name, *row_hash;
    const emb_record *rec;
    const char *matched_name, *via, *hit_json;
    double score;
} book_hit;

/* Applies one hit to the alert table (see the top of the file). */
static int record_hit(hitctx *h, const book_hit *bh)
{
    emb_monitor *m = h->m;
    char rhash[65];
    record_hash(bh->rec, rhash);
    sqlite3_reset(h->hit);
    sqlite3_bind_text(h->hit, 1, bh->book, -1, SQLITE_STATIC);
    sqlite3_bind_text(h->hit, 2, bh->row_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(h->hit, 3, bh->rec->source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(h->hit, 4, bh->rec->source_id, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(h->hit) != SQLITE_DONE)
        return mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));

    sqlite3_reset(h->last);
    sqlite3_bind_text(h->last, 1, bh->book, -1, SQLITE_STATIC);
    sqlite3_bind_text(h->last, 2, bh->row_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(h->last, 3, bh->rec->source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(h->last, 4, bh->rec->source_id, -1, SQLITE_TRANSIENT);
    int64_t prev_id = 0;
    char status[16] = "";
    int same = 0;
    if (sqlite3_step(h->last) == SQLITE_ROW) {
        prev_id = sqlite3_column_int64(h->last, 0);
        snprintf(status, sizeof status, "%s", col_text(h->last, 1));
        same = !strcmp(col_text(h->last, 2), rhash) &&
               !strcmp(col_text(h->last, 3), bh->row_hash);
    }
    sqlite3_reset(h->last);
    if (prev_id && same && !strcmp(status, "dismissed")) {
        h->st->suppressed++;
        return EMB_OK;
    }
    if (prev_id && same && strcmp(status, "closed") != 0) {
        h->st->unchanged++;
        return EMB_OK;
    }
    int changed = prev_id && strcmp(status, "closed") != 0;
    sqlite3_stmt *s = h->ins;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, bh->book, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, bh->row_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, bh->row_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, bh->rec->source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, bh->rec->source_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 6, bh->rec->n_names ? bh->rec->names[0].full : "",
                      -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 7, bh->matched_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 8, bh->via, -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 9, bh->score);
    sqlite3_bind_text(s, 10, changed ? "changed" : "new", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 11, rhash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 12, bh->row_hash, -1, SQLITE_TRANSIENT);
    if (bh->hit_json)
        sqlite3_bind_text(s, 13, bh->hit_json, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 13);
    if (h->versions)
        sqlite3_bind_text(s, 14, h->versions, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 14);
    sqlite3_bind_text(s, 15, h->now, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE)
        return mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    int64_t new_id = sqlite3_last_insert_rowid(m->h);
    h->st->opened++;
    if (changed && (!strcmp(status, "open") || !strcmp(status, "escalated"))) {
        sqlite3_reset(h->supersede);
        sqlite3_bind_text(h->supersede, 1, h->now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(h->supersede, 2, new_id);
        sqlite3_bind_int64(h->supersede, 3, prev_id);
        if (sqlite3_step(h->supersede) != SQLITE_DONE)
            return mon_fail(m, EMB_ERR_DB, "alerts: %s",
                            sqlite3_errmsg(m->h));
    }
    return EMB_OK;
}

/* What of a book row is screened through the engine. */
typedef struct screened_row {
    const char *book, *id, *hash;
    const char *name;   /* "" when the row has none */
    const char *idents; /* identifiers apart by ';' or '|', or NULL */
    const char *type, *country, *dob; /* NULL or "" when not known */
    const char *via;    /* how a hit by name is recorded */
} screened_row;

/* The first identifier of a hit's evidence that the party holds, or
 * NULL when it held none of the query's. */
static const emb_evidence *ident_evidence(const emb_hit *hit)
{
    const emb_explanation *e = &hit->explanation;
    for (size_t i = 0; i < e->n_evidence; i++)
        if (e->evidence[i].field == EMB_EVIDENCE_IDENT &&
            e->evidence[i].agrees > 0)
            return &e->evidence[i];
    return NULL;
}

/* Screens a book row by its name and identifiers and records every hit:
 * a party holding one of the identifiers as seen "via identifier", the
 * listed identifier standing as what matched. */
static int screen_row(hitctx *h, emb_screener *s, const screened_row *r,
                      double threshold)
{
    ident_span sp[EMB_QUERY_MAX_IDENTS];
    const char *ids[EMB_QUERY_MAX_IDENTS];
    char buf[EMB_WATCH_MAX_FIELD + EMB_QUERY_MAX_IDENTS];
    size_t n_ids = idents_split(r->idents, sp, EMB_QUERY_MAX_IDENTS);
    if (n_ids > EMB_QUERY_MAX_IDENTS)
        n_ids = EMB_QUERY_MAX_IDENTS;
    size_t k = idents_terminate(sp, n_ids, buf, sizeof buf, ids);
    emb_query q = {0};
    q.name = *r->name ? r->name : NULL;
    q.idents = ids;
    q.n_idents = k;
    q.kind = r->type && *r->type ? emb_kind_parse(r->type) : EMB_KIND_UNKNOWN;
    q.country = r->country && *r->country ? r->country : NULL;
    q.dob = r->dob && *r->dob ? r->dob : NULL;
    q.threshold = threshold;
    q.max_hits = EMB_SCREEN_MAX_HITS;
    const emb_hit *hits = NULL;
    size_t n = 0;
    if (emb_screen(s, &q, &hits, &n) != EMB_OK)
        return EMB_OK; /* a row the engine cannot read raises nothing */
    for (size_t i = 0; i < n; i++) {
        char *js = NULL;
        emb_hit_to_json(s, &hits[i], &js);
        const emb_record *rec = hits[i].record;
        const emb_evidence *id = ident_evidence(&hits[i]);
        book_hit bh = {r->book, r->id, q.name ? q.name : r->idents, r->hash,
                       rec,
                       id ? id->list_value
                       : hits[i].name_index < rec->n_names
                           ? rec->names[hits[i].name_index].full
                           : "",
                       id ? "identifier" : r->via, js, hits[i].score};
        int rc = record_hit(h, &bh);
        emb_free(js);
        if (rc)
            return rc;
    }
    return EMB_OK;
}

/* Identifier hits of one holding against the records of a set. */
static int match_holding(hitctx *h, const char *row_id, const char *row_hash,
                         const char *security, const emb_recset *set)
{
    emb_secid want;
    if (emb_secid_parse(security, &want, NULL, 0) != EMB_OK &&
        want.kind == EMB_SECID_UNKNOWN)
        return EMB_OK;
    size_t n = emb_recset_count(set);
    for (size_t i = 0; i < n; i++) {
        const emb_record *rec = emb_recset_get(set, i);
        for (size_t k = 0; k < rec->n_idents; k++) {
            const emb_ident *id = &rec->idents[k];
            emb_secid_kind kind = id->kind == EMB_ID_ISIN ? EMB_SECID_ISIN
                                  : id->kind == EMB_ID_TICKER
                                      ? EMB_SECID_TICKER
                                      : EMB_SECID_UNKNOWN;
            if (kind == EMB_SECID_UNKNOWN || !id->value)
                continue;
            emb_secid got;
            emb_secid_parse_as(id->value, kind, &got, NULL, 0);
            if (got.kind == EMB_SECID_UNKNOWN || !emb_secid_same(&want, &got))
                continue;
            book_hit bh = {"holding", row_id, security, row_hash, rec,
                           id->value,
                           kind == EMB_SECID_ISIN ? "isin" : "ticker", NULL,
                           1.0};
            int rc = record_hit(h, &bh);
            if (rc)
                return rc;
            break;
        }
    }
    return EMB_OK;
}

/* Screens book rows (all, or only pending ones) against ix and, for
 * holdings' identifiers, against sets. Rows screened go to mon_rows. */
/* EMB_ERR_INTERRUPTED with the handle's message once emb_monitor_interrupt
 * asked the re-screens to stop, else EMB_OK. */
static int stop_asked(emb_monitor *m)
{
    if (!atomic_load(&m->interrupted))
        return EMB_OK;
    return mon_fail(m, EMB_ERR_INTERRUPTED, "re-screen interrupted; the "
                    "books stay screened through the versions before");
}

static int screen_books(hitctx *h, const emb_index *ix,
                        const emb_recset *const *sets, size_t n_sets,
                        int only_pending, double threshold)
{
    emb_monitor *m = h->m;
    emb_screener *s = NULL;
    int rc = emb_screener_open(ix, &s);
    if (rc)
        return mon_fail(m, rc, "cannot open a screener");
    sqlite3_stmt *st = NULL, *row = NULL;
    const char *pend = only_pending ? " WHERE screened_hash IS NOT row_hash"
                                    : "";
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id, name, type, country, dob, "
             "row_hash, identifiers FROM mon_customers%s ORDER BY id", pend);
    if (sqlite3_prepare_v2(m->h, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(m->h, "INSERT INTO mon_rows(book, row_id) "
                           "VALUES (?, ?)", -1, &row, NULL) != SQLITE_OK) {
        rc = mon_fail(m, EMB_ERR_DB, "books: %s", sqlite3_errmsg(m->h));
        goto out;
    }
    while (rc == EMB_OK && (rc = stop_asked(m)) == EMB_OK &&
           sqlite3_step(st) == SQLITE_ROW) {
        const char *id = col_text(st, 0);
        screened_row cr = {.book = "customer", .id = id,
                           .hash = col_text(st, 5), .name = col_text(st, 1),
                           .idents = col_text(st, 6),
                           .type = col_text(st, 2),
                           .country = col_text(st, 3),
                           .dob = col_text(st, 4), .via = "name"};
        rc = screen_row(h, s, &cr, threshold);
        sqlite3_reset(row);
        sqlite3_bind_text(row, 1, "customer", -1, SQLITE_STATIC);
        sqlite3_bind_text(row, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_step(row);
        h->st->screened++;
    }
    sqlite3_finalize(st);
    st = NULL; /* finalized once, here, when the holdings are not read */
    snprintf(sql, sizeof sql, "SELECT id, security, issuer, row_hash, "
             "issuer_identifiers FROM mon_holdings%s ORDER BY id", pend);
    if (rc == EMB_OK &&
        sqlite3_prepare_v2(m->h, sql, -1, &st, NULL) != SQLITE_OK) {
        st = NULL;
        rc = mon_fail(m, EMB_ERR_DB, "books: %s", sqlite3_errmsg(m->h));
    }
    while (rc == EMB_OK && st && (rc = stop_asked(m)) == EMB_OK &&
           sqlite3_step(st) == SQLITE_ROW) {
        const char *id = col_text(st, 0), *hash = col_text(st, 3);
        for (size_t k = 0; k < n_sets && rc == EMB_OK; k++)
            rc = match_holding(h, id, hash, col_text(st, 1), sets[k]);
        screened_row hr = {.book = "holding", .id = id, .hash = hash,
                           .name = col_text(st, 2),
                           .idents = col_text(st, 4), .type = "entity",
                           .via = "issuer_name"};
        if (rc == EMB_OK && (*hr.name || *hr.idents))
            rc = screen_row(h, s, &hr, threshold);
        sqlite3_reset(row);
        sqlite3_bind_text(row, 1, "holding", -1, SQLITE_STATIC);
        sqlite3_bind_text(row, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_step(row);
        h->st->screened++;
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(row);
    emb_screener_close(s);
    return rc;
}

/* Closes open alerts matched by `where` (on mon_alerts) that got no hit in
 * this run. */
static int close_unhit(hitctx *h, const char *where, const char *reason)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "UPDATE mon_alerts SET status = 'closed', closed_at = '%s', "
             "close_reason = '%s' WHERE status IN ('open', 'escalated') AND "
             "(%s) AND NOT EXISTS (SELECT 1 FROM mon_hits x WHERE x.book = "
             "mon_alerts.book AND x.row_id = mon_alerts.row_id AND x.source "
             "= mon_alerts.source AND x.source_id = mon_alerts.source_id)",
             h->now, reason, where);
    int rc = mon_exec(h->m, sql);
    if (rc == EMB_OK)
        h->st->closed += sqlite3_changes(h->m->h);
    return rc;
}

static int begin_run(emb_monitor *m)
{
    int rc = mon_exec(m, "BEGIN IMMEDIATE");
    if (rc == EMB_OK)
        rc = mon_exec(m, "DELETE FROM mon_hits; DELETE FROM mon_rows; "
                         "DELETE FROM mon_changed;");
    return rc;
}

static int end_run(emb_monitor *m, int rc)
{
    if (rc == EMB_OK)
        rc = mon_exec(m, "COMMIT");
    if (rc)
        rollback(m);
    return rc;
}

/* Index in vs of the newest version of vs[i]'s source; -1 when an earlier
 * entry has that source, so that each source is seen once, in the order
 * of its first entry. */
static long newest_of(const emb_version *vs, size_t nv, size_t i)
{
    size_t best = i;
    for (size_t j = 0; j < nv; j++) {
        if (strcmp(vs[j].source, vs[i].source))
            continue;
        if (j < i)
            return -1;
        if (vs[j].seq > vs[best].seq)
            best = j;
    }
    return (long)best;
}

/* The newest version of every source, loaded; for identifier matching. */
static int load_current(emb_db *db, emb_recset ***sets, size_t *n)
{
    *sets = NULL;
    *n = 0;
    if (!db)
        return EMB_OK;
    emb_version *vs = NULL;
    size_t nv = 0;
    int rc = emb_db_versions(db, NULL, &vs, &nv);
    if (rc)
        return rc;
    emb_recset **out = calloc(nv ? nv : 1, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; out && i < nv && rc == EMB_OK; i++) {
        long v = newest_of(vs, nv, i);
        if (v >= 0)
            rc = emb_db_load(db, vs[v].source, vs[v].id, &out[k++]);
        if (rc)
            k--;
    }
    emb_free(vs);
    if (!out)
        return EMB_ERR_NOMEM;
    *sets = out;
    *n = k;
    return rc;
}

int emb_monitor_screen_pending(emb_monitor *m, emb_db *db,
                               const emb_index *ix, double threshold,
                               const char *versions, emb_rescreen_stats *st)
{
    emb_rescreen_stats local;
    if (!st)
        st = &local;
    memset(st, 0, sizeof *st);
    if (!m || !ix)
        return EMB_ERR_USAGE;
    emb_recset **sets = NULL;
    size_t n_sets = 0;
    int rc = EMB_OK;
    if (query_long(m, "SELECT count(*) FROM mon_holdings WHERE "
                      "screened_hash IS NOT row_hash") > 0)
        rc = load_current(db, &sets, &n_sets);
    hitctx h;
    if (rc == EMB_OK)
        rc = hit_prepare(&h, m, versions, st);
    else
        memset(&h, 0, sizeof h);
    if (rc == EMB_OK)
        rc = begin_run(m);
    if (rc == EMB_OK) {
        st->records = (long)emb_index_record_count(ix);
        rc = screen_books(&h, ix, (const emb_recset *const *)sets, n_sets, 1,
                          threshold);
    }
    if (rc == EMB_OK)
        rc = close_unhit(&h,
                         "EXISTS (SELECT 1 FROM mon_rows r WHERE r.book = "
                         "mon_alerts.book AND r.row_id = mon_alerts.row_id)",
                         "no longer matches after the row changed");
    if (rc == EMB_OK)
        rc = mon_exec(m, "UPDATE mon_customers SET screened_hash = row_hash "
                         "WHERE id IN (SELECT row_id FROM mon_rows WHERE "
                         "book = 'customer'); UPDATE mon_holdings SET "
                         "screened_hash = row_hash WHERE id IN (SELECT "
                         "row_id FROM mon_rows WHERE book = 'holding');");
    hit_finish(&h);
    rc = end_run(m, rc);
    for (size_t i = 0; i < n_sets; i++)
        emb_recset_free(sets[i]);
    free(sets);
    return rc;
}

/* The version before v of its source, or 0. */
static int64_t previous_version(emb_db *db, const emb_version *v)
{
    emb_version *vs = NULL;
    size_t n = 0;
    int64_t prev = 0;
    int best = 0;
    if (emb_db_versions(db, v->source, &vs, &n) != EMB_OK)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (vs[i].seq < v->seq && vs[i].seq > best) {
            best = vs[i].seq;
            prev = vs[i].id;
        }
    emb_free(vs);
    return prev;
}

/* The version of `source` the books were last re-screened through: *seq
 * and *id, both 0 when the monitor has none recorded. */
static int screened_through(emb_monitor *m, const char *source, int *seq,
                            int64_t *id)
{
    *seq = 0;
    *id = 0;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(m->h, "SELECT seq, version_id FROM mon_screened "
                           "WHERE source = ?", -1, &q, NULL) != SQLITE_OK)
        return mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    sqlite3_bind_text(q, 1, source, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int(q, 0);
        *id = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    return EMB_OK;
}

/* Records that the books are re-screened through version v. */
static int mark_screened(emb_monitor *m, const emb_version *v,
                         const char *now)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(m->h,
                           "INSERT INTO mon_screened(source, version_id, seq, "
                           "at) VALUES (?,?,?,?) ON CONFLICT(source) DO "
                           "UPDATE SET version_id = excluded.version_id, "
                           "seq = excluded.seq, at = excluded.at",
                           -1, &q, NULL) != SQLITE_OK)
        return mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    sqlite3_bind_text(q, 1, v->source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, v->id);
    sqlite3_bind_int(q, 3, v->seq);
    sqlite3_bind_text(q, 4, now, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q) == SQLITE_DONE
                 ? EMB_OK
                 : mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    sqlite3_finalize(q);
    return rc;
}

/* Re-screens the books against what changed in v's source since the
 * version they were last re-screened through (when none is recorded, the
 * version before v), and records v as screened through in the same
 * transaction. Nothing to do when they are screened through v already. */
static int after_one(emb_monitor *m, emb_db *db, const emb_version *v,
                     double threshold, const char *versions,
                     emb_rescreen_stats *st)
{
    int done_seq;
    int64_t prev;
    int rc = screened_through(m, v->source, &done_seq, &prev);
    if (rc)
        return rc;
    if (done_seq >= v->seq)
        return EMB_OK;
    if ((rc = stop_asked(m)) != EMB_OK)
        return rc;
    if (!done_seq)
        prev = previous_version(db, v);
    emb_recset **sets = NULL;
    size_t n_sets = 0, cap = 0;
    emb_diff *d = NULL;
    if (prev) {
        rc = emb_db_diff(db, v->source, prev, v->id, &d);
        if (rc)
            return mon_fail(m, rc, "diff of %s: %s", v->source,
                            emb_db_errmsg(db));
        size_t nd = emb_diff_count(d);
        for (size_t i = 0; i < nd && rc == EMB_OK; i++) {
            const emb_diff_entry *e = emb_diff_get(d, i);
            if (e->change == EMB_CHANGE_REMOVED)
                continue;
            if (n_sets == cap) {
                cap = cap ? 2 * cap : 16;
                emb_recset **ns = realloc(sets, cap * sizeof *ns);
                if (!ns) {
                    rc = EMB_ERR_NOMEM;
                    break;
                }
                sets = ns;
            }
            rc = emb_db_record(db, v->source, e->source_id, v->id,
                               &sets[n_sets]);
            if (rc == EMB_OK)
                n_sets++;
        }
    } else {
        sets = calloc(1, sizeof *sets);
        rc = sets ? emb_db_load(db, v->source, v->id, &sets[0]) : EMB_ERR_NOMEM;
        if (rc == EMB_OK)
            n_sets = 1;
    }
    if (rc) {
        for (size_t i = 0; i < n_sets; i++)
            emb_recset_free(sets[i]);
        free(sets);
        emb_diff_free(d);
        return mon_fail(m, rc, "loading %s: %s", v->source, emb_db_errmsg(db));
    }

    hitctx h;
    rc = hit_prepare(&h, m, versions, st);
    if (rc == EMB_OK)
        rc = begin_run(m);
    /* Removed records close their alerts; changed ones are listed so that
     * their alerts close when they no longer hit. */
    sqlite3_stmt *ch = NULL;
    if (rc == EMB_OK &&
        sqlite3_prepare_v2(m->h, "INSERT INTO mon_changed(source, "
                           "source_id) VALUES (?, ?)", -1, &ch,
                           NULL) != SQLITE_OK)
        rc = mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    size_t nd = d ? emb_diff_count(d) : 0;
    for (size_t i = 0; i < nd && rc == EMB_OK; i++) {
        const emb_diff_entry *e = emb_diff_get(d, i);
        if (e->change == EMB_CHANGE_REMOVED) {
            char sql[512];
            char *q = sqlite3_mprintf(
                "UPDATE mon_alerts SET status = 'closed', closed_at = '%q', "
                "close_reason = 'record removed from the list (version %d)' "
                "WHERE source = '%q' AND source_id = '%q' AND status IN "
                "('open', 'escalated')", h.now, v->seq, v->source,
                e->source_id);
            snprintf(sql, sizeof sql, "%s", q ? q : "");
            sqlite3_free(q);
            rc = mon_exec(m, sql);
            if (rc == EMB_OK)
                st->closed += sqlite3_changes(m->h);
            continue;
        }
        sqlite3_reset(ch);
        sqlite3_bind_text(ch, 1, v->source, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ch, 2, e->source_id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ch) != SQLITE_DONE)
            rc = mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    }
    sqlite3_finalize(ch);

    emb_index *ix = NULL;
    emb_recset **keep = NULL;
    if (rc == EMB_OK && n_sets) {
        /* The index takes the sets; keep their pointers for identifier
         * matching while it lives. */
        keep = malloc(n_sets * sizeof *keep);
        if (!keep)
            rc = EMB_ERR_NOMEM;
        else
            memcpy(keep, sets, n_sets * sizeof *keep);
        emb_error err = {0};
        if (rc == EMB_OK) {
            rc = emb_index_build(sets, n_sets, &ix, &err);
            n_sets = rc == EMB_OK ? n_sets : 0;
            if (rc)
                mon_fail(m, rc, "index: %s", err.message);
        } else {
            for (size_t i = 0; i < n_sets; i++)
                emb_recset_free(sets[i]);
        }
        if (rc == EMB_OK) {
            for (size_t i = 0; i < n_sets; i++)
                st->records += (long)emb_recset_count(keep[i]);
            rc = screen_books(&h, ix, (const emb_recset *const *)keep, n_sets,
                              0, threshold);
        }
    } else {
        for (size_t i = 0; i < n_sets; i++)
            emb_recset_free(sets[i]);
    }
    if (rc == EMB_OK && prev)
        rc = close_unhit(&h,
                         "EXISTS (SELECT 1 FROM mon_changed c WHERE c.source "
                         "= mon_alerts.source AND c.source_id = "
                         "mon_alerts.source_id)",
                         "the changed record no longer matches");
    if (rc == EMB_OK)
        rc = mark_screened(m, v, h.now);
    hit_finish(&h);
    rc = end_run(m, rc);
    emb_index_close(ix);
    free(keep);
    free(sets);
    emb_diff_free(d);
    return rc;
}

int emb_monitor_after_import(emb_monitor *m, emb_db *db,
                             const emb_import_result *res, size_t n,
                             double threshold, const char *versions,
                             emb_rescreen_stats *st)
{
    emb_rescreen_stats local;
    if (!st)
        st = &local;
    memset(st, 0, sizeof *st);
    if (!m || !db || (!res && n))
        return EMB_ERR_USAGE;
    for (size_t i = 0; i < n; i++) {
        if (res[i].unchanged)
            continue;
        int rc = after_one(m, db, &res[i].version, threshold, versions, st);
        if (rc)
            return rc;
    }
    return EMB_OK;
}

/* 1 when neither book holds a row (-1 on error). */
static int books_empty(emb_monitor *m)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(m->h, "SELECT EXISTS(SELECT 1 FROM mon_customers) "
                           "OR EXISTS(SELECT 1 FROM mon_holdings)", -1, &q,
                           NULL) != SQLITE_OK)
        return -1;
    int any = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
    sqlite3_finalize(q);
    return any < 0 ? -1 : !any;
}

/* "source:seq,..." of the newest version of each source, as the server
 * names the versions in force. */
static void versions_text(const emb_version *vs, size_t nv, char *out,
                          size_t cap)
{
    size_t o = 0;
    out[0] = 0;
    for (size_t i = 0; i < nv; i++) {
        long k = newest_of(vs, nv, i);
        if (k < 0)
            continue;
        int w = snprintf(out + o, cap - o, "%s%s:%d", o ? "," : "",
                         vs[k].source, vs[k].seq);
        if (w < 0 || (size_t)w >= cap - o)
            break;
        o += (size_t)w;
    }
}

int emb_monitor_catch_up(emb_monitor *m, emb_db *db, double threshold,
                         const char *versions, emb_rescreen_stats *st)
{
    emb_rescreen_stats local;
    if (!st)
        st = &local;
    memset(st, 0, sizeof *st);
    if (!m || !db)
        return EMB_ERR_USAGE;
    emb_version *vs = NULL;
    size_t nv = 0;
    int rc = emb_db_versions(db, NULL, &vs, &nv);
    if (rc == EMB_ERR_NOTFOUND)
        return EMB_OK; /* no list loaded: nothing to catch up */
    if (rc)
        return mon_fail(m, rc, "versions: %s", emb_db_errmsg(db));
    char vtext[1024];
    if (!versions) {
        versions_text(vs, nv, vtext, sizeof vtext);
        versions = vtext;
    }
    int empty = books_empty(m);
    if (empty < 0)
        rc = mon_fail(m, EMB_ERR_DB, "alerts: %s", sqlite3_errmsg(m->h));
    for (size_t i = 0; i < nv && rc == EMB_OK; i++) {
        long k = newest_of(vs, nv, i);
        if (k < 0)
            continue;
        if (empty) { /* no row to screen: only the mark moves */
            char now[25];
            mon_now(now);
            rc = begin_run(m);
            if (rc == EMB_OK)
                rc = mark_screened(m, &vs[k], now);
            rc = end_run(m, rc);
        } else {
            rc = after_one(m, db, &vs[k], threshold, versions, st);
        }
    }
    emb_free(vs);
    return rc;
}

#else /* no screening engine in this build */

int emb_monitor_screen_pending(emb_monitor *m, emb_db *db,
                               const emb_index *ix, double threshold,
                               const char *versions, emb_rescreen_stats *st)
{
    if (st)
        memset(st, 0, sizeof *st);
    return mon_fail(m, EMB_ERR_USAGE, "this build has no screening engine");
}

int emb_monitor_after_import(emb_monitor *m, emb_db *db,
                             const emb_import_result *res, size_t n,
                             double threshold, const char *versions,
                             emb_rescreen_stats *st)
{
    if (st)
        memset(st, 0, sizeof *st);
    return mon_fail(m, EMB_ERR_USAGE, "this build has no screening engine");
}

int emb_monitor_catch_up(emb_monitor *m, emb_db *db, double threshold,
                         const char *versions, emb_rescreen_stats *st)
{
    if (st)
        memset(st, 0, sizeof *st);
    return mon_fail(m, EMB_ERR_USAGE, "this build has no screening engine");
}

#endif
