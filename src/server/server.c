/*
 * server.c - the embargo HTTP service on libmicrohttpd: daemon, routing,
 * limits, admission control, metrics, the shared index and shutdown.
 *
 * Threads. MHD runs a pool of worker threads (one per core by default),
 * each serving its connections from start to end; no request handler
 * blocks on another. One read-only screening index is shared by all of
 * them through a reference-counted pointer: a request acquires the current
 * index (a mutex held for two instructions), screens with a screener taken
 * from that index's pool, and releases it. A list import builds a new
 * index beside the old one and swaps the pointer; requests already running
 * finish on the old index, which is freed by the last one to release it,
 * so no request is dropped or sees a half-built index.
 *
 * Limits. Header size is bounded by the per-connection memory limit of
 * 16 KiB (MHD answers 431 itself; MHD clears the part of it a request
 * used, so a larger pool costs every request), bodies by max_body (413, checked against
 * Content-Length before reading and again while reading), idle clients by
 * the connection timeout, batches by max_batch. Admission control counts
 * requests in flight and open connections; beyond max_inflight or
 * max_conns a request is answered 503 with Retry-After at once, which
 * costs microseconds, so an overloaded server sheds load and recovers
 * instead of queueing without bound.
 *
 * Privacy. The access log names the route, never the query string or
 * body, so screened names and identifiers are not written unless
 * log_names is set; the audit log stores a SHA-256 of each screened name
 * and identifier unless log_names is set.
 *
 * Shutdown. emb_server_stop answers new requests 503, waits for the
 * requests in flight, stops MHD, then drains the audit queue to the
 * database, so nothing accepted is lost.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include "server/server.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void srv_log(emb_server *s, const char *fmt, ...)
{
    FILE *f = s->o.log;
    if (!f)
        return;
    char ts[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&s->log_mu);
    fprintf(f, "%s ", ts);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    fflush(f);
    pthread_mutex_unlock(&s->log_mu);
    va_end(ap);
}

/* ------------------------------------------------------------ index */

srv_index *srv_index_acquire(emb_server *s)
{
    pthread_mutex_lock(&s->ix_mu);
    srv_index *ix = s->cur;
    atomic_fetch_add(&ix->refs, 1);
    pthread_mutex_unlock(&s->ix_mu);
    return ix;
}

static void index_free(srv_index *ix)
{
#if SRV_HAVE_ENGINE
    for (size_t i = 0; i < ix->n_pool; i++)
        emb_screener_close(ix->pool[i]);
    emb_index_close(ix->ix);
#endif
    free(ix->pool);
    emb_rules_free(ix->rules);
    emb_free(ix->versions);
    pthread_mutex_destroy(&ix->pool_mu);
    free(ix);
}

void srv_index_release(srv_index *ix)
{
    if (ix && atomic_fetch_sub(&ix->refs, 1) == 1)
        index_free(ix);
}

void srv_index_swap(emb_server *s, srv_index *ix)
{
    atomic_store(&ix->refs, 1); /* the server's own reference */
    pthread_mutex_lock(&s->ix_mu);
    srv_index *old = s->cur;
    s->cur = ix;
    pthread_mutex_unlock(&s->ix_mu);
    srv_index_release(old);
}

#if SRV_HAVE_ENGINE
emb_screener *srv_screener_get(srv_index *ix)
{
    emb_screener *sc = NULL;
    pthread_mutex_lock(&ix->pool_mu);
    if (ix->n_pool)
        sc = ix->pool[--ix->n_pool];
    pthread_mutex_unlock(&ix->pool_mu);
    if (!sc && ix->ix && emb_screener_open(ix->ix, &sc) != EMB_OK)
        sc = NULL;
    return sc;
}

void srv_screener_put(srv_index *ix, emb_screener *sc)
{
    if (!sc)
        return;
    pthread_mutex_lock(&ix->pool_mu);
    if (ix->n_pool == ix->cap_pool) {
        size_t cap = ix->cap_pool ? 2 * ix->cap_pool : 8;
        void **p = realloc(ix->pool, cap * sizeof *p);
        if (!p) {
            pthread_mutex_unlock(&ix->pool_mu);
            emb_screener_close(sc);
            return;
        }
        ix->pool = p;
        ix->cap_pool = cap;
    }
    ix->pool[ix->n_pool++] = sc;
    pthread_mutex_unlock(&ix->pool_mu);
}
#endif

/* The most row warnings of one reference file written to the log. */
#define SRV_MAX_LOGGED_WARNINGS 20

static int load_ref(int which, emb_rules *r, const char *path,
                    const char *data, size_t len, emb_error *err)
{
    return which == 0 ? emb_rules_load_secmaster(r, path, data, len, err)
                      : emb_rules_load_holdings(r, path, data, len, err);
}

/* Starts *r again from the copies of the reference files before file
 * `upto` read well by this load, after file upto failed half-way through
 * (its rows read so far must go). */
static int refs_restart(emb_server *s, emb_rules **r, int upto,
                        const char *const paths[2], emb_error *err)
{
    emb_rules_free(*r);
    *r = NULL;
    int rc = emb_rules_new(r);
    for (int k = 0; k < upto && rc == EMB_OK; k++)
        if (paths[k])
            rc = load_ref(k, *r, paths[k], s->ref_good[k], s->ref_good_len[k],
                          err);
    return rc;
}

/* Reads the server's security master and fund holdings into *r (a rules
 * object with nothing else in it yet), and logs their row warnings. A
 * file that cannot be used (missing, unreadable, no header, a field over
 * EMB_RULES_MAX_TEXT) fails the load with why naming it, unless an
 * earlier load read it well: then that copy is used and the log says so,
 * so that a broken reference file never keeps new lists out of service.
 * Each file is parsed once; when one fails half-way through, *r is built
 * again from the copies read well, so that trades are never decided on
 * a half-read master. */
static int index_load_refs(emb_server *s, emb_rules **r, srv_index *ix,
                           char *why, size_t n)
{
    const char *paths[2] = {s->o.secmaster, s->o.fund_holdings};
    static const char *const what[2] = {"security master",
                                        "fund holdings"};
    for (int i = 0; i < 2; i++) {
        if (!paths[i])
            continue;
        size_t before = emb_rules_warning_count(*r);
        emb_error err = {0};
        char *data = NULL;
        size_t len = 0;
        int rc = emb_file_read(paths[i], &data, &len, &err);
        if (rc == EMB_OK) {
            rc = load_ref(i, *r, paths[i], data, len, &err);
            if (rc == EMB_OK) {
                emb_free(s->ref_good[i]);
                s->ref_good[i] = data;
                s->ref_good_len[i] = len;
                data = NULL;
            } else if (s->ref_good[i]) {
                emb_error rerr = {0};
                int rr = refs_restart(s, r, i, paths, &rerr);
                if (rr != EMB_OK) {
                    emb_free(data);
                    snprintf(why, n, "reading the reference files again: %s",
                             emb_strerror(rr));
                    return rr;
                }
                before = emb_rules_warning_count(*r);
            }
        }
        emb_free(data);
        if (rc && s->ref_good[i]) {
            char msg[1200];
            emb_error_format(&err, msg, sizeof msg);
            srv_log(s, "%s %s cannot be used (%s); using the copy read "
                    "earlier", what[i], paths[i], msg);
            memset(&err, 0, sizeof err);
            rc = load_ref(i, *r, paths[i], s->ref_good[i],
                          s->ref_good_len[i], &err);
        }
        if (rc) {
            char msg[1200];
            emb_error_format(&err, msg, sizeof msg);
            /* The message names the file, unless it is about memory. */
            if (err.file[0])
                snprintf(why, n, "%s: %s", what[i], msg);
            else
                snprintf(why, n, "%s %s: %s", what[i], paths[i], msg);
            return rc;
        }
        size_t after = emb_rules_warning_count(*r);
        for (size_t k = before;
             k < after && k < before + SRV_MAX_LOGGED_WARNINGS; k++)
            srv_log(s, "%s: warning: %s", what[i], emb_rules_warning(*r, k));
        if (after - before > SRV_MAX_LOGGED_WARNINGS)
            srv_log(s, "%s: %zu more warnings not shown", what[i],
                    after - before - SRV_MAX_LOGGED_WARNINGS);
        srv_log(s, "%s %s read; rows skipped: %zu", what[i], paths[i],
                after - before);
    }
    ix->has_secmaster = s->o.secmaster != NULL;
    ix->has_holdings = s->o.fund_holdings != NULL;
    return EMB_OK;
}

/* Checks the reference files when there are no lists to decide on (the
 * index then has no rules): a bad path still fails the start. */
static int index_check_refs(emb_server *s, srv_index *ix, char *why,
                            size_t n)
{
    if (!s->o.secmaster && !s->o.fund_holdings)
        return EMB_OK;
    emb_rules *r = NULL;
    int rc = emb_rules_new(&r);
    if (rc == EMB_OK)
        rc = index_load_refs(s, &r, ix, why, n);
    else
        snprintf(why, n, "out of memory");
    emb_rules_free(r);
    ix->has_secmaster = ix->has_holdings = 0;
    return rc;
}

int srv_index_load(emb_server *s, srv_index **out, char *why, size_t n)
{
    *out = NULL;
    srv_index *ix = calloc(1, sizeof *ix);
    if (!ix) {
        snprintf(why, n, "out of memory");
        return EMB_ERR_NOMEM;
    }
    pthread_mutex_init(&ix->pool_mu, NULL);
    atomic_init(&ix->refs, 1);
    emb_db *db = NULL;
    int rc = emb_db_open(s->db_path, EMB_DB_READONLY, &db);
    if (rc == EMB_ERR_NOTFOUND) { /* no database yet: an empty index */
        emb_db_close(db);
        rc = index_check_refs(s, ix, why, n);
        if (rc) {
            index_free(ix);
            return rc;
        }
        *out = ix;
        return EMB_OK;
    }
    emb_version *vs = NULL;
    size_t nv = 0;
    if (rc == EMB_OK)
        rc = emb_db_versions(db, NULL, &vs, &nv);
    if (rc) {
        snprintf(why, n, "%s", db ? emb_db_errmsg(db) : emb_strerror(rc));
        emb_db_close(db);
        index_free(ix);
        return rc;
    }
    /* Keep the newest version of each source, in first-seen order. */
    ix->versions = calloc(nv ? nv : 1, sizeof *ix->versions);
    emb_recset **sets = calloc(nv ? nv : 1, sizeof *sets);
    size_t k = 0;
    for (size_t i = 0; ix->versions && sets && i < nv; i++) {
        size_t j = 0;
        while (j < k && strcmp(ix->versions[j].source, vs[i].source))
            j++;
        if (j == k)
            k++;
        if (vs[i].seq >= ix->versions[j].seq)
            ix->versions[j] = vs[i];
    }
    emb_free(vs);
    if (!ix->versions || !sets) {
        free(sets);
        emb_db_close(db);
        index_free(ix);
        snprintf(why, n, "out of memory");
        return EMB_ERR_NOMEM;
    }
    ix->n_versions = k;
    size_t loaded = 0;
    for (size_t i = 0; i < k && rc == EMB_OK; i++) {
        size_t len = strlen(ix->versions_str);
        snprintf(ix->versions_str + len, sizeof ix->versions_str - len,
                 "%s%s:%d", i ? "," : "", ix->versions[i].source,
                 ix->versions[i].seq);
        ix->records += ix->versions[i].records;
#if SRV_HAVE_ENGINE
        rc = emb_db_load(db, ix->versions[i].source, ix->versions[i].id,
                         &sets[loaded]);
        if (rc == EMB_OK)
            loaded++;
        else
            snprintf(why, n, "loading %s: %s", ix->versions[i].source,
                     emb_db_errmsg(db));
#endif
    }
    /* The trade rules read the security master and fund holdings, read
     * again at every load, and every version of the sources that change
     * over time, so that a trade is decided on the version in force
     * then. */
    int refs_read = 0;
    if (rc == EMB_OK && k && emb_rules_new(&ix->rules) == EMB_OK) {
        emb_error rerr = {0};
        emb_date none = {0, 0, 0};
        rc = index_load_refs(s, &ix->rules, ix, why, n);
        refs_read = 1;
        if (rc == EMB_OK &&
            emb_rules_load_db(ix->rules, db, 1, none, &rerr) != EMB_OK) {
            emb_rules_free(ix->rules);
            ix->rules = NULL;
            ix->has_secmaster = ix->has_holdings = 0;
        }
    }
    if (rc == EMB_OK && !ix->rules && !refs_read)
        rc = index_check_refs(s, ix, why, n);
    emb_db_close(db);
#if SRV_HAVE_ENGINE
    if (rc == EMB_OK && loaded) {
        emb_error err = {0};
        rc = emb_index_build(sets, loaded, &ix->ix, &err);
        loaded = 0; /* the index owns the sets, or freed them */
        if (rc)
            snprintf(why, n, "building the index: %s", err.message);
    }
#endif
    for (size_t i = 0; i < loaded; i++)
        emb_recset_free(sets[i]);
    free(sets);
    if (rc) {
        index_free(ix);
        return rc;
    }
    *out = ix;
    return EMB_OK;
}

/* ------------------------------------------------------------ audit */

/* An entry's strings live in one block that starts at it->who, so that a
 * queued entry costs one allocation and one free. */
static void audit_item_free(emb_audit_item *it)
{
    free((char *)it->who);
    it->who = NULL;
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

/* UTC now as "YYYY-MM-DDTHH:MM:SS.mmmZ". */
static void audit_now(char at[25])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    int y = tm.tm_year + 1900, ms = (int)(ts.tv_nsec / 1000000);
    if (y < 0 || y > 9999) {
        char buf[96];
        snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                 ms);
        memcpy(at, buf, 24);
        at[24] = 0;
        return;
    }
    memcpy(at, "0000-00-00T00:00:00.000Z", 25);
    put2(at, y / 100);
    put2(at + 2, y % 100);
    put2(at + 5, tm.tm_mon + 1);
    put2(at + 8, tm.tm_mday);
    put2(at + 11, tm.tm_hour);
    put2(at + 14, tm.tm_min);
    put2(at + 17, tm.tm_sec);
    at[20] = (char)('0' + ms / 100);
    put2(at + 21, ms % 100);
}

/* Fills it with copies of the strings; the detail is the concatenation of
 * the n parts. -1 when out of memory. */
static int audit_item_make(emb_audit_item *it, const char *who,
                           const char *action, const char *const *parts,
                           const size_t *lens, size_t n, const char *versions)
{
    memset(it, 0, sizeof *it);
    audit_now(it->at);
    /* The log takes UTF-8 only (the details are made so). */
    who = !who ? "anonymous" : srv_utf8_ok(who) ? who : "(not UTF-8)";
    if (versions && !srv_utf8_ok(versions))
        versions = "(not UTF-8)";
    size_t lw = strlen(who) + 1, la = strlen(action) + 1,
           lv = versions ? strlen(versions) + 1 : 0, ld = 1;
    for (size_t i = 0; i < n; i++)
        ld += lens[i];
    char *p = malloc(lw + la + lv + ld);
    if (!p)
        return -1;
    memcpy(p, who, lw);
    it->who = p;
    p += lw;
    memcpy(p, action, la);
    it->action = p;
    p += la;
    if (versions) {
        memcpy(p, versions, lv);
        it->versions = p;
        p += lv;
    }
    it->detail_json = p;
    it->detail_canonical = 1;
    for (size_t i = 0; i < n; i++) {
        memcpy(p, parts[i], lens[i]);
        p += lens[i];
    }
    *p = 0;
    return 0;
}

static int audit_item_fill(emb_audit_item *it, const char *who,
                           const char *action, json_t *detail,
                           const char *versions)
{
    char *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS)
                     : NULL;
    json_decref(detail);
    if (!d)
        return -1;
    const char *parts[1] = {d};
    size_t lens[1] = {strlen(d)};
    int rc = audit_item_make(it, who, action, parts, lens, 1, versions);
    free(d);
    return rc;
}

/* The writer is woken when this many entries wait (or every 200 ms); one
 * transaction writes them all. */
#define AUDIT_BATCH 2048
/* Beyond this many waiting entries a screen waits for the writer (up to
 * AUDIT_WAIT_S) rather than grow the queue without bound. */
#define AUDIT_QUEUE_MAX (256 * 1024)
#define AUDIT_WAIT_S 5
/* The writer thread's nice value (see audit_thread). */
#define AUDIT_NICE 10

/* Queues it (taken). must: the caller has already answered, so the entry
 * is queued whatever the queue's length. Otherwise a full queue is waited
 * on, and -1 (entry not queued) tells the caller to withhold its answer. */
static int audit_push(emb_server *s, emb_audit_item *it, int must)
{
    pthread_mutex_lock(&s->aq_mu);
    if (!must && s->aq_n >= AUDIT_QUEUE_MAX) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += AUDIT_WAIT_S;
        pthread_cond_signal(&s->aq_cv);
        while (s->aq_n >= AUDIT_QUEUE_MAX && !s->aq_stop &&
               pthread_cond_timedwait(&s->aq_space_cv, &s->aq_mu, &ts) !=
                   ETIMEDOUT)
            ;
    }
    int ok = must || s->aq_n < AUDIT_QUEUE_MAX, behind = !ok;
    if (ok && s->aq_n == s->aq_cap) {
        size_t cap = s->aq_cap ? 2 * s->aq_cap : 4096;
        emb_audit_item *q = realloc(s->aq, cap * sizeof *q);
        if (q) {
            s->aq = q;
            s->aq_cap = cap;
        } else {
            ok = 0;
        }
    }
    if (ok) {
        s->aq[s->aq_n++] = *it;
        if (s->aq_n == AUDIT_BATCH)
            pthread_cond_signal(&s->aq_cv);
    } else {
        s->audit_dropped++;
    }
    pthread_mutex_unlock(&s->aq_mu);
    if (!ok) {
        srv_log(s, "audit: cannot queue an entry (%s)",
                behind ? "the writer is behind" : "out of memory");
        audit_item_free(it);
        return -1;
    }
    return 0;
}

int srv_audit_text(emb_server *s, const char *who, const char *action,
                   const char *const *parts, const size_t *lens, size_t n,
                   const char *versions, int must)
{
    emb_audit_item it;
    if (audit_item_make(&it, who, action, parts, lens, n, versions) != 0) {
        pthread_mutex_lock(&s->aq_mu);
        s->audit_dropped++;
        pthread_mutex_unlock(&s->aq_mu);
        srv_log(s, "audit: out of memory");
        return -1;
    }
    return audit_push(s, &it, must);
}

void srv_audit(emb_server *s, const char *who, const char *action,
               json_t *detail, const char *versions)
{
    emb_audit_item it;
    if (audit_item_fill(&it, who, action, detail, versions) != 0) {
        pthread_mutex_lock(&s->aq_mu);
        s->audit_dropped++;
        pthread_mutex_unlock(&s->aq_mu);
        srv_log(s, "audit: cannot encode an entry");
        return;
    }
    audit_push(s, &it, 1);
}

/* Writes the queued entries in one transaction; 0 or the store's code.
 * The monitor lock is held from taking the queue to the commit, so that
 * entries reach the log in the order they were queued whoever flushes.
 * A batch whose write fails is kept (s->aq_retry, under the monitor lock)
 * and written first on the next flush: no entry is dropped. The caller
 * holds the monitor lock (audit_flush takes it). */
static int audit_flush_locked(emb_server *s)
{
    int rc = EMB_OK;
    if (s->aq_retry_n) {
        rc = s->mon ? emb_audit_append(s->mon, s->aq_retry, s->aq_retry_n)
                    : EMB_ERR_USAGE;
        if (rc == EMB_ERR_INVALID) {
            /* Entries the log can never take (the service does not make
             * them): dropped, not retried for ever. */
            srv_log(s, "audit: %zu entries refused: %s", s->aq_retry_n,
                    emb_monitor_errmsg(s->mon));
            pthread_mutex_lock(&s->aq_mu);
            s->audit_dropped += (long)s->aq_retry_n;
            pthread_mutex_unlock(&s->aq_mu);
            rc = EMB_OK;
        }
        if (rc == EMB_OK) {
            for (size_t i = 0; i < s->aq_retry_n; i++)
                audit_item_free(&s->aq_retry[i]);
            free(s->aq_retry);
            s->aq_retry = NULL;
            s->aq_retry_n = 0;
        }
    }
    emb_audit_item *q = NULL;
    size_t n = 0, cap = 0;
    if (rc == EMB_OK) {
        pthread_mutex_lock(&s->aq_mu);
        q = s->aq;
        n = s->aq_n;
        cap = s->aq_cap;
        s->aq = NULL;
        s->aq_n = s->aq_cap = 0;
        pthread_cond_broadcast(&s->aq_space_cv);
        pthread_mutex_unlock(&s->aq_mu);
        if (n) {
            rc = s->mon ? emb_audit_append(s->mon, q, n) : EMB_ERR_USAGE;
            if (rc) {
                s->aq_retry = q;
                s->aq_retry_n = n;
                q = NULL;
            }
        }
    }
    if (rc)
        srv_log(s, "audit: cannot write %zu entries (kept for a retry): %s",
                s->aq_retry_n,
                s->mon ? emb_monitor_errmsg(s->mon) : "no monitor");
    if (!q)
        return rc;
    for (size_t i = 0; i < n; i++)
        audit_item_free(&q[i]);
    pthread_mutex_lock(&s->aq_mu);
    if (!s->aq) { /* reuse the array for the next batch */
        s->aq = q;
        s->aq_cap = cap;
        q = NULL;
    }
    pthread_mutex_unlock(&s->aq_mu);
    free(q);
    return rc;
}

static int audit_flush(emb_server *s)
{
    pthread_mutex_lock(&s->mon_mu);
    int rc = audit_flush_locked(s);
    pthread_mutex_unlock(&s->mon_mu);
    return rc;
}

void srv_import_begin(emb_server *s)
{
    atomic_fetch_add(&s->importing, 1);
}

void srv_import_end(emb_server *s)
{
    atomic_fetch_sub(&s->importing, 1);
    pthread_mutex_lock(&s->aq_mu);
    pthread_cond_signal(&s->aq_cv);
    pthread_mutex_unlock(&s->aq_mu);
}

/* 1 when the audit writer should let an import have the database: one is
 * running and the queue has room to wait (half of it; beyond, screens
 * would soon wait for the queue, so the writer takes its turn). Called
 * under aq_mu. */
static int audit_held_back(emb_server *s)
{
    return atomic_load(&s->importing) > 0 && s->aq_n < AUDIT_QUEUE_MAX / 2;
}

static void *audit_thread(void *arg)
{
    emb_server *s = arg;
    int failing = 0;
    /* Under full load the writer's batches (a transaction, a hash per
     * entry) would otherwise hold a core for milliseconds while requests
     * wait; at a lower priority it runs between them. It still gets its
     * share of the CPU, and a queue it falls behind on makes screens wait
     * (audit_push), so no entry is lost. Best effort: Linux only. */
#ifdef __linux__
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), AUDIT_NICE);
#endif
    for (;;) {
        pthread_mutex_lock(&s->aq_mu);
        if (!s->aq_stop &&
            (failing || s->aq_n < AUDIT_BATCH || audit_held_back(s))) {
            /* Every 200 ms, or at once when a batch is full; a second
             * between retries while the database refuses writes. */
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += (failing ? 1000 : 200) * 1000000L;
            while (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&s->aq_cv, &s->aq_mu, &ts);
        }
        int stop = s->aq_stop;
        int held = !stop && audit_held_back(s);
        pthread_mutex_unlock(&s->aq_mu);
        if (held)
            continue;
        failing = audit_flush(s) != EMB_OK;
        if (stop)
            break;
    }
    return NULL;
}

/* srv_audit_now with the monitor lock held by the caller. */
static int audit_now_locked(emb_server *s, const char *who,
                            const char *action, json_t *detail,
                            const char *versions)
{
    emb_audit_item it;
    if (audit_item_fill(&it, who, action, detail, versions) != 0)
        return EMB_ERR_NOMEM;
    /* Keep the order: what was queued before goes first. */
    int rc = audit_flush_locked(s);
    if (rc == EMB_OK && !s->aq_retry_n)
        rc = s->mon ? emb_audit_append(s->mon, &it, 1) : EMB_ERR_USAGE;
    if (rc == EMB_OK) {
        audit_item_free(&it);
        return rc;
    }
    /* The log refuses writes now: queue it behind the others instead. */
    audit_push(s, &it, 1);
    return rc;
}

int srv_audit_now(emb_server *s, const char *who, const char *action,
                  json_t *detail, const char *versions)
{
    pthread_mutex_lock(&s->mon_mu);
    int rc = audit_now_locked(s, who, action, detail, versions);
    pthread_mutex_unlock(&s->mon_mu);
    return rc;
}

/* ------------------------------------------------------------ imports */

json_t *srv_version_json(const emb_version *v)
{
    char *txt = emb_version_json(v);
    json_t *j = txt ? json_loads(txt, 0, NULL) : NULL;
    emb_free(txt);
    return j;
}

/* A re-screen's counts as the JSON object imports and catch-ups audit. */
static json_t *rescreen_json(const emb_rescreen_stats *st)
{
    return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "screened",
                     (int)st->screened, "records", (int)st->records, "opened",
                     (int)st->opened, "closed", (int)st->closed, "suppressed",
                     (int)st->suppressed, "unchanged", (int)st->unchanged);
}

#if SRV_HAVE_ENGINE
/* Re-screens the books against every list version they have not been
 * screened against (emb_monitor_catch_up); the caller holds mon_mu.
 * versions NULL: named from the database. On failure, why says why. */
static int srv_monitor_catch_up(emb_server *s, const char *versions,
                                emb_rescreen_stats *st, char *why, size_t n)
{
    memset(st, 0, sizeof *st);
    emb_db *db = NULL;
    int rc = emb_db_open(s->db_path, EMB_DB_READONLY, &db);
    if (rc == EMB_ERR_NOTFOUND) { /* no database yet: no list to catch up */
        emb_db_close(db);
        return EMB_OK;
    }
    if (rc == EMB_OK) {
        rc = emb_monitor_catch_up(s->mon, db, s->o.threshold, versions, st);
        if (rc)
            snprintf(why, n, "%s", emb_monitor_errmsg(s->mon));
    } else {
        snprintf(why, n, "%s", db ? emb_db_errmsg(db) : emb_strerror(rc));
    }
    emb_db_close(db);
    return rc;
}

/* At start: lists imported while no server ran (from the command line),
 * or an import whose re-screen failed, reach the books now. A failure is
 * logged and the server runs all the same. Once it holds the monitor
 * lock it says so (cu_holding), and the service may listen. */
static void srv_catch_up_at_start(emb_server *s)
{
    emb_rescreen_stats st;
    char why[600];
    /* the index of the start: an import may swap another in meanwhile */
    srv_index *ix = srv_index_acquire(s);
    pthread_mutex_lock(&s->mon_mu);
    pthread_mutex_lock(&s->cu_mu);
    s->cu_holding = 1;
    pthread_cond_signal(&s->cu_cv);
    pthread_mutex_unlock(&s->cu_mu);
    int rc = srv_monitor_catch_up(s, ix->versions_str, &st, why, sizeof why);
    int audited = rc == EMB_OK && (st.screened || st.closed);
    if (audited) {
        /* written before the lock is let go, so that what waited for the
         * catch-up finds its entry in the log */
        json_t *detail = json_pack("{s:o}", "alerts", rescreen_json(&st));
        if (detail) /* audit_now_locked takes the reference */
            audit_now_locked(s, "server", "catch_up", detail,
                             ix->versions_str);
    }
    atomic_store(&s->catching_up, 0); /* before what waits may look */
    pthread_mutex_unlock(&s->mon_mu);
    if (rc == EMB_ERR_INTERRUPTED)
        srv_log(s, "monitor: catching up with the lists stopped with the "
                "server; the next start takes it up again");
    else if (rc)
        srv_log(s, "monitor: catching up with the lists failed: %s", why);
    else if (audited)
        srv_log(s, "monitor: caught up with the lists: %ld rows screened, "
                "%ld alerts opened, %ld closed", st.screened, st.opened,
                st.closed);
    srv_index_release(ix);
}

static void *catch_up_thread(void *arg)
{
    srv_catch_up_at_start(arg);
    return NULL;
}

/* Starts the catch-up and returns once it holds the monitor lock; on
 * its own thread when one can be had, else here, to its end. */
static void srv_catch_up_start(emb_server *s)
{
    atomic_store(&s->catching_up, 1);
    if (pthread_create(&s->cu_thread, NULL, catch_up_thread, s) != 0) {
        srv_catch_up_at_start(s);
        return;
    }
    s->cu_running = 1;
    pthread_mutex_lock(&s->cu_mu);
    while (!s->cu_holding)
        pthread_cond_wait(&s->cu_cv, &s->cu_mu);
    pthread_mutex_unlock(&s->cu_mu);
}
#endif

/* Waits for the catch-up at start to end. */
static void srv_catch_up_join(emb_server *s)
{
    if (s->cu_running) {
        pthread_join(s->cu_thread, NULL);
        s->cu_running = 0;
    }
}

int srv_after_import(emb_server *s, const char *who, const char *from,
                     const emb_import_result *res, size_t n, json_t *out,
                     char *why, size_t why_len)
{
    size_t changed = 0;
    for (size_t i = 0; i < n; i++)
        changed += !res[i].unchanged;
    json_t *imported = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *v = srv_version_json(&res[i].version);
        json_object_set_new(v, "unchanged", json_boolean(res[i].unchanged));
        json_array_append_new(imported, v);
    }
    int rc = EMB_OK;
    srv_index *nix = NULL;
    if (changed)
        rc = srv_index_load(s, &nix, why, why_len);
    if (nix)
        srv_index_swap(s, nix);
    srv_index *cur = srv_index_acquire(s);
    emb_rescreen_stats st = {0};
    const char *mon_err = NULL;
#if SRV_HAVE_ENGINE
    /* The books are re-screened against the new versions even when the
     * index could not be reloaded: the monitor builds its own from what
     * changed. Versions left over by an earlier failure come along. */
    char mon_why[600];
    if (changed) {
        pthread_mutex_lock(&s->mon_mu);
        int mrc = srv_monitor_catch_up(s, rc == EMB_OK ? cur->versions_str
                                                       : NULL,
                                       &st, mon_why, sizeof mon_why);
        pthread_mutex_unlock(&s->mon_mu);
        if (mrc) {
            mon_err = mon_why;
            srv_log(s, "monitor: re-screening after the import failed: %s",
                    mon_err);
        }
    }
#endif
    json_t *alerts = rescreen_json(&st);
    json_t *detail = json_pack("{s:s, s:O, s:O}", "from", from ? from : "",
                               "imported", imported, "alerts", alerts);
    if (mon_err)
        json_object_set_new(detail, "monitor_error", json_string(mon_err));
    srv_audit_now(s, who, "import", detail, cur->versions_str);
    if (out) {
        json_object_set(out, "imported", imported);
        json_object_set(out, "alerts", alerts);
        json_object_set_new(out, "list_versions",
                            json_string(cur->versions_str));
    }
    json_decref(imported);
    json_decref(alerts);
    srv_index_release(cur);
    return rc;
}

/* ------------------------------------------------------------ responses */

int srv_http_status(int code)
{
    switch (code) {
    case EMB_OK: return 200;
    case EMB_ERR_USAGE: return 400;
    case EMB_ERR_NOTFOUND: return 404;
    case EMB_ERR_PARSE:
    case EMB_ERR_FORMAT:
    case EMB_ERR_INVALID: return 422;
    case EMB_ERR_LIMIT: return 413;
    case EMB_ERR_IO: return 422;
    }
    return 500;
}

enum MHD_Result srv_queue(srv_req *r, int status, struct MHD_Response *resp)
{
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (status == 503)
        MHD_add_response_header(resp, "Retry-After", "1");
    if (status == 401)
        MHD_add_response_header(resp, "WWW-Authenticate",
                                "Bearer realm=\"embargo\"");
    r->status = status;
    r->answered = 1;
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return ret;
}

enum MHD_Result srv_send(srv_req *r, int status, const char *type,
                         char *body, size_t len)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", type);
    return srv_queue(r, status, resp);
}

enum MHD_Result srv_send_text(srv_req *r, int status, const char *type,
                              const char *text)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    return srv_queue(r, status, resp);
}

enum MHD_Result srv_send_json(srv_req *r, int status, json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!s)
        return srv_error(r, 500, "internal", "cannot encode the response");
    size_t len = strlen(s);
    /* A trailing newline makes curl output and NDJSON tooling friendlier. */
    char *t = realloc(s, len + 2);
    if (t) {
        s = t;
        s[len++] = '\n';
        s[len] = 0;
    }
    return srv_send(r, status, "application/json", s, len);
}

enum MHD_Result srv_error(srv_req *r, int status, const char *code,
                          const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *j = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message",
                          msg);
    if (!j) /* a message that is not UTF-8 */
        j = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message",
                      "invalid request");
    return srv_send_json(r, status, j);
}

const char *srv_arg(srv_req *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

typedef struct arg_values {
    const char *key;
    const char **out;
    size_t max, n;
} arg_values;

static enum MHD_Result take_arg(void *cls, enum MHD_ValueKind kind,
                                const char *key, const char *value)
{
    arg_values *a = cls;
    (void)kind;
    if (key && !strcmp(key, a->key)) {
        if (a->n < a->max)
            a->out[a->n] = value ? value : "";
        a->n++;
    }
    return MHD_YES;
}

size_t srv_args(srv_req *r, const char *key, const char **out, size_t max)
{
    arg_values a = {key, out, max, 0};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, take_arg, &a);
    return a.n;
}

/* ------------------------------------------------------------ metrics */

static const int status_codes[] = {200, 201, 204, 400, 401, 404, 405, 409,
                                   413, 415, 422, 429, 431, 500, 503, 0};
static const double buckets[SRV_HIST_BUCKETS] = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
    0.025,  0.05,    0.1,    0.25,  0.5,    1,     5};
static const char *const route_names[R_COUNT] = {
    "static", "healthz", "metrics", "lists", "list_diff", "entity",
    "import", "screen", "match", "watch", "alerts", "decision", "audit",
    "security", "trades", "not_found"};

static int status_slot(int status)
{
    int i = 0;
    for (; status_codes[i]; i++)
        if (status_codes[i] == status)
            return i;
    return i; /* "other" */
}

static void record_metrics(emb_server *s, srv_req *r)
{
    double dt = now_s() - r->t0;
    int route = r->route >= 0 && r->route < R_COUNT ? r->route : R_NOTFOUND;
    atomic_fetch_add(&s->req_count[route][status_slot(r->status)], 1);
    int b = 0;
    while (b < SRV_HIST_BUCKETS && dt > buckets[b])
        b++;
    atomic_fetch_add(&s->hist[route][b], 1);
    atomic_fetch_add(&s->lat_sum_us[route], (unsigned long long)(dt * 1e6));
}

static void buf_printf(char **buf, size_t *len, size_t *cap, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));

static void buf_printf(char **buf, size_t *len, size_t *cap, const char *fmt,
                       ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = *buf ? vsnprintf(*buf + *len, *cap - *len, fmt, ap) : -1;
        va_end(ap);
        if (*buf && k >= 0 && (size_t)k < *cap - *len) {
            *len += (size_t)k;
            return;
        }
        size_t cap2 = *cap ? *cap * 2 : 16384;
        char *nb = realloc(*buf, cap2);
        if (!nb)
            return;
        *buf = nb;
        *cap = cap2;
    }
}

static long days_since(const char *ymd)
{
    struct tm tm = {0};
    if (sscanf(ymd, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (long)((time(NULL) - timegm(&tm)) / 86400);
}

enum MHD_Result route_metrics(srv_req *r)
{
    emb_server *s = r->srv;
    char *b = NULL;
    size_t len = 0, cap = 0;
    buf_printf(&b, &len, &cap,
               "# HELP embargo_requests_total HTTP requests by route and "
               "status.\n# TYPE embargo_requests_total counter\n");
    for (int rt = 0; rt < R_COUNT; rt++)
        for (int k = 0; k < 16; k++) {
            unsigned long long v = atomic_load(&s->req_count[rt][k]);
            if (!v)
                continue;
            char code[8];
            if (status_codes[k])
                snprintf(code, sizeof code, "%d", status_codes[k]);
            else
                snprintf(code, sizeof code, "other");
            buf_printf(&b, &len, &cap,
                       "embargo_requests_total{route=\"%s\",status=\"%s\"} "
                       "%llu\n", route_names[rt], code, v);
        }
    buf_printf(&b, &len, &cap,
               "# HELP embargo_request_duration_seconds Time from the "
               "request's headers to its completion.\n"
               "# TYPE embargo_request_duration_seconds histogram\n");
    for (int rt = 0; rt < R_COUNT; rt++) {
        unsigned long long cum = 0, total = 0;
        for (int k = 0; k <= SRV_HIST_BUCKETS; k++)
            total += atomic_load(&s->hist[rt][k]);
        if (!total)
            continue;
        for (int k = 0; k < SRV_HIST_BUCKETS; k++) {
            cum += atomic_load(&s->hist[rt][k]);
            buf_printf(&b, &len, &cap,
                       "embargo_request_duration_seconds_bucket{route=\"%s\","
                       "le=\"%g\"} %llu\n", route_names[rt], buckets[k], cum);
        }
        buf_printf(&b, &len, &cap,
                   "embargo_request_duration_seconds_bucket{route=\"%s\","
                   "le=\"+Inf\"} %llu\n"
                   "embargo_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                   "embargo_request_duration_seconds_count{route=\"%s\"} "
                   "%llu\n", route_names[rt], total, route_names[rt],
                   (double)atomic_load(&s->lat_sum_us[rt]) / 1e6,
                   route_names[rt], total);
    }
    srv_index *ix = srv_index_acquire(s);
    buf_printf(&b, &len, &cap,
               "# HELP embargo_list_age_days Days since the publication of "
               "the list version in force.\n"
               "# TYPE embargo_list_age_days gauge\n");
    for (size_t i = 0; i < ix->n_versions; i++)
        buf_printf(&b, &len, &cap,
                   "embargo_list_age_days{source=\"%s\",version=\"%d\"} "
                   "%ld\n", ix->versions[i].source, ix->versions[i].seq,
                   days_since(ix->versions[i].published));
    buf_printf(&b, &len, &cap,
               "# HELP embargo_list_records Records in the list version in "
               "force.\n# TYPE embargo_list_records gauge\n");
    for (size_t i = 0; i < ix->n_versions; i++)
        buf_printf(&b, &len, &cap, "embargo_list_records{source=\"%s\"} %ld\n",
                   ix->versions[i].source, ix->versions[i].records);
    srv_index_release(ix);
    pthread_mutex_lock(&s->mon_mu);
    long open = s->mon ? emb_alerts_open_count(s->mon) : -1;
    pthread_mutex_unlock(&s->mon_mu);
    buf_printf(&b, &len, &cap,
               "# HELP embargo_alerts_open Alerts waiting for a decision.\n"
               "# TYPE embargo_alerts_open gauge\nembargo_alerts_open %ld\n"
               "# HELP embargo_requests_in_flight Requests being served.\n"
               "# TYPE embargo_requests_in_flight gauge\n"
               "embargo_requests_in_flight %d\n"
               "# HELP embargo_connections_open Open client connections.\n"
               "# TYPE embargo_connections_open gauge\n"
               "embargo_connections_open %d\n"
               "# HELP embargo_requests_shed_total Requests answered 503 by "
               "admission control.\n"
               "# TYPE embargo_requests_shed_total counter\n"
               "embargo_requests_shed_total %llu\n"
               "# HELP embargo_audit_dropped_total Audit entries that could "
               "not be queued.\n"
               "# TYPE embargo_audit_dropped_total counter\n"
               "embargo_audit_dropped_total %ld\n",
               open, atomic_load(&s->inflight) - 1, atomic_load(&s->conns),
               atomic_load(&s->shed), s->audit_dropped);
    if (!b)
        return srv_error(r, 500, "internal", "out of memory");
    return srv_send(r, 200, "text/plain; version=0.0.4; charset=utf-8", b,
                    len);
}

enum MHD_Result route_healthz(srv_req *r)
{
    srv_index *ix = srv_index_acquire(r->srv);
    json_t *j = json_pack(
        "{s:s, s:s, s:I, s:s, s:b, s:b, s:b, s:b}", "status", "ok", "version",
        EMB_VERSION, "records", (json_int_t)ix->records, "list_versions",
        ix->versions_str, "screening", SRV_HAVE_ENGINE && ix->ix != NULL,
        "secmaster", ix->has_secmaster, "fund_holdings", ix->has_holdings,
        "catching_up", atomic_load(&r->srv->catching_up) != 0);
    srv_index_release(ix);
    return srv_send_json(r, 200, j);
}

/* ------------------------------------------------------------ routing */

/* Splits path into at most max segments (in place); returns the count,
 * -1 when there are more. */
static int split_path(char *path, char **seg, int max)
{
    int n = 0;
    char *p = path;
    while (*p == '/')
        p++;
    while (*p) {
        if (n == max)
            return -1;
        seg[n++] = p;
        char *slash = strchr(p, '/');
        if (!slash)
            break;
        *slash = 0;
        p = slash + 1;
    }
    return n;
}

static enum MHD_Result bad_method(srv_req *r, const char *allow)
{
    char *body = NULL;
    json_t *j = json_pack("{s:{s:s, s:s}}", "error", "code",
                          "method_not_allowed", "message",
                          "method not allowed here");
    body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        body ? strlen(body) : 0, body, MHD_RESPMEM_MUST_FREE);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", "application/json");
    MHD_add_response_header(resp, "Allow", allow);
    return srv_queue(r, 405, resp);
}

/* Admin routes need a valid token; others take one when given (it names
 * the user in the audit log). */
static int authorize(srv_req *r, int admin)
{
    emb_server *s = r->srv;
    const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_AUTHORIZATION);
    const char *name = srv_token_check(s->tokens, s->n_tokens, h);
    r->who = name ? name : "anonymous";
    return !admin || name != NULL;
}

#define IS(m) (!strcmp(r->method, m))

static enum MHD_Result dispatch(srv_req *r, const char *url)
{
    char path[1024];
    snprintf(path, sizeof path, "%s", url);
    char *seg[8];
    int n = split_path(path, seg, 8);
    int get = IS("GET") || IS("HEAD");

    if (n >= 1 && !strcmp(seg[0], "v1")) {
        if (n == 2 && !strcmp(seg[1], "screen")) {
            r->route = R_SCREEN;
            authorize(r, 0);
            if (get)
                return route_screen_get(r);
            if (IS("POST"))
                return route_screen_post(r);
            return bad_method(r, "GET, POST");
        }
        if (n == 2 && !strcmp(seg[1], "lists")) {
            r->route = R_LISTS;
            return get ? route_lists(r) : bad_method(r, "GET");
        }
        if (n == 3 && !strcmp(seg[1], "lists") && !strcmp(seg[2], "import")) {
            r->route = R_IMPORT;
            if (!IS("POST"))
                return bad_method(r, "POST");
            if (!authorize(r, 1))
                return srv_error(r, 401, "unauthorized",
                                 "this endpoint needs an admin bearer token");
            return route_import(r);
        }
        if (n == 4 && !strcmp(seg[1], "lists") && !strcmp(seg[3], "diff")) {
            r->route = R_LIST_DIFF;
            return get ? route_list_diff(r, seg[2]) : bad_method(r, "GET");
        }
        if (n == 4 && !strcmp(seg[1], "entities")) {
            r->route = R_ENTITY;
            return get ? route_entity(r, seg[2], seg[3])
                       : bad_method(r, "GET");
        }
        if (n == 3 && !strcmp(seg[1], "watch") &&
            (!strcmp(seg[2], "customers") || !strcmp(seg[2], "holdings"))) {
            r->route = R_WATCH;
            if (!IS("PUT"))
                return bad_method(r, "PUT");
            if (!authorize(r, 1))
                return srv_error(r, 401, "unauthorized",
                                 "this endpoint needs an admin bearer token");
            return route_watch(r, seg[2]);
        }
        if (n == 2 && !strcmp(seg[1], "alerts")) {
            r->route = R_ALERTS;
            authorize(r, 0);
            return get ? route_alerts(r) : bad_method(r, "GET");
        }
        if (n == 4 && !strcmp(seg[1], "alerts") &&
            !strcmp(seg[3], "decision")) {
            r->route = R_DECISION;
            if (!IS("POST"))
                return bad_method(r, "POST");
            if (!authorize(r, 1))
                return srv_error(r, 401, "unauthorized",
                                 "this endpoint needs an admin bearer token");
            return route_decision(r, seg[2]);
        }
        if (n == 2 && !strcmp(seg[1], "audit")) {
            r->route = R_AUDIT;
            return get ? route_audit(r) : bad_method(r, "GET");
        }
        if (n == 3 && !strcmp(seg[1], "securities")) {
            r->route = R_SECURITY;
            return get ? route_security(r, seg[2]) : bad_method(r, "GET");
        }
        if (n == 3 && !strcmp(seg[1], "trades") && !strcmp(seg[2], "check")) {
            r->route = R_TRADES;
            authorize(r, 0);
            return IS("POST") ? route_trades(r) : bad_method(r, "POST");
        }
    } else if (n == 2 && !strcmp(seg[0], "match")) {
        r->route = R_MATCH;
        authorize(r, 0);
        return IS("POST") ? route_match(r, seg[1]) : bad_method(r, "POST");
    } else if (n == 1 && !strcmp(seg[0], "healthz")) {
        r->route = R_HEALTHZ;
        return get ? route_healthz(r) : bad_method(r, "GET");
    } else if (n == 1 && !strcmp(seg[0], "metrics")) {
        r->route = R_METRICS;
        return get ? route_metrics(r) : bad_method(r, "GET");
    } else {
        enum MHD_Result res;
        r->route = R_STATIC;
        if (route_static(r, url, &res))
            return get ? res : bad_method(r, "GET");
    }
    r->route = R_NOTFOUND;
    return srv_error(r, 404, "not_found", "no such endpoint: %s %.200s",
                     r->method, url);
}

/* ------------------------------------------------------------ MHD glue */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    emb_server *s = cls;
    srv_req *r = *con_cls;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        *con_cls = r;
        r->srv = s;
        r->conn = conn;
        r->route = R_NOTFOUND;
        r->t0 = now_s();
        r->method = method;
        r->who = "anonymous";
        snprintf(r->path, sizeof r->path, "%s", url);
        int inflight = atomic_fetch_add(&s->inflight, 1) + 1;
        if (atomic_load(&s->stopping) ||
            (unsigned)inflight > s->o.max_inflight ||
            (unsigned)atomic_load(&s->conns) > s->o.max_conns) {
            atomic_fetch_add(&s->shed, 1);
            return srv_error(r, 503, "overloaded",
                             "the server is busy; retry after a second");
        }
        const char *cl = MHD_lookup_connection_value(
            conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        long long want = cl ? atoll(cl) : 0;
        if (want > (long long)s->o.max_body) {
            r->route = R_NOTFOUND;
            return srv_error(r, 413, "body_too_large",
                             "the body has %lld bytes; at most %zu allowed",
                             want, s->o.max_body);
        }
        /* Answered on the next call: a response queued on this first one
         * makes MHD close the connection, which would cost every client a
         * new TCP handshake per request. (503 and 413 above do close it,
         * on purpose.) */
        return MHD_YES;
    }
    if (r->answered) {
        *upload_size = 0; /* discard a body we have already answered */
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (r->too_large || r->len + n > s->o.max_body) {
            r->too_large = 1;
            return MHD_YES;
        }
        if (r->len + n + 1 > r->cap) {
            size_t cap = r->cap ? r->cap : 4096;
            while (cap < r->len + n + 1)
                cap *= 2;
            char *b = realloc(r->body, cap);
            if (!b)
                return MHD_NO;
            r->body = b;
            r->cap = cap;
        }
        memcpy(r->body + r->len, upload_data, n);
        r->len += n;
        r->body[r->len] = 0;
        return MHD_YES;
    }
    if (r->too_large)
        return srv_error(r, 413, "body_too_large",
                         "the body is larger than %zu bytes", s->o.max_body);
    return dispatch(r, url);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
    emb_server *s = cls;
    srv_req *r = *con_cls;
    if (!r)
        return;
    record_metrics(s, r);
    if (s->o.log)
        srv_log(s, "%s %s %d %.3fms %s%s", r->method, r->path, r->status,
                (now_s() - r->t0) * 1e3, r->who,
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ""
                                                           : " (aborted)");
    atomic_fetch_sub(&s->inflight, 1);
    free(r->body);
    free(r);
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn,
                          void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    emb_server *s = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&s->conns, 1);
    else
        atomic_fetch_sub(&s->conns, 1);
}

/* ------------------------------------------------------------ updates */

static void *update_thread(void *arg)
{
    emb_server *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->up_mu);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += s->o.update_every_s;
        while (!s->up_stop &&
               pthread_cond_timedwait(&s->up_cv, &s->up_mu, &ts) != ETIMEDOUT)
            ;
        int stop = s->up_stop;
        pthread_mutex_unlock(&s->up_mu);
        if (stop)
            break;
        pthread_mutex_lock(&s->import_mu);
        emb_db *db = NULL;
        emb_import_result *res = NULL;
        size_t n = 0;
        emb_error err = {0};
        srv_import_begin(s);
        int rc = emb_db_open(s->db_path, EMB_DB_CREATE, &db);
        if (rc == EMB_OK)
            rc = emb_lists_update(db, s->o.update_from, &res, &n, &err);
        emb_db_close(db);
        srv_import_end(s);
        if (rc == EMB_OK) {
            char why[1400] = "";
            if (srv_after_import(s, "update", s->o.update_from, res, n, NULL,
                                 why, sizeof why) != EMB_OK)
                srv_log(s, "update from %s: the lists were stored but the "
                        "index was not rebuilt (the previous one still "
                        "serves): %s", s->o.update_from, why);
            else
                srv_log(s, "update from %s: %zu sources", s->o.update_from,
                        n);
        } else {
            char msg[1200];
            srv_log(s, "update from %s failed: %s", s->o.update_from,
                    emb_error_format(&err, msg, sizeof msg));
        }
        emb_free(res);
        pthread_mutex_unlock(&s->import_mu);
    }
    return NULL;
}

/* ------------------------------------------------------------ lifecycle */

void emb_server_opts_init(emb_server_opts *o)
{
    memset(o, 0, sizeof *o);
    o->listen = "127.0.0.1:8080";
    o->threshold = -1;
}

int emb_server_port(const emb_server *s)
{
    return s ? s->port : 0;
}

static void server_free(emb_server *s)
{
    if (s->cur)
        srv_index_release(s->cur);
    emb_monitor_close(s->mon);
    for (size_t i = 0; i < s->aq_n; i++)
        audit_item_free(&s->aq[i]);
    free(s->aq);
    for (size_t i = 0; i < s->aq_retry_n; i++)
        audit_item_free(&s->aq_retry[i]);
    free(s->aq_retry);
    pthread_mutex_destroy(&s->ix_mu);
    pthread_mutex_destroy(&s->import_mu);
    pthread_mutex_destroy(&s->mon_mu);
    pthread_mutex_destroy(&s->aq_mu);
    pthread_cond_destroy(&s->aq_cv);
    pthread_cond_destroy(&s->aq_space_cv);
    pthread_mutex_destroy(&s->up_mu);
    pthread_cond_destroy(&s->up_cv);
    pthread_mutex_destroy(&s->cu_mu);
    pthread_cond_destroy(&s->cu_cv);
    pthread_mutex_destroy(&s->log_mu);
    free(s->secmaster);
    free(s->fund_holdings);
    free(s->update_from);
    emb_free(s->ref_good[0]);
    emb_free(s->ref_good[1]);
    free(s);
}

int emb_server_start(const emb_server_opts *o, emb_server **out, char *err,
                     size_t errlen)
{
    char dummy[8];
    if (!err) {
        err = dummy;
        errlen = sizeof dummy;
    }
    err[0] = 0;
    if (!o || !out)
        return EMB_ERR_USAGE;
    *out = NULL;
    emb_server *s = calloc(1, sizeof *s);
    if (!s)
        return EMB_ERR_NOMEM;
    s->o = *o;
    if (!s->o.listen)
        s->o.listen = "127.0.0.1:8080";
    if (!s->o.threads) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        s->o.threads = nc > 0 ? (unsigned)nc : 2;
    }
    if (!s->o.max_body)
        s->o.max_body = 16u << 20;
    if (!s->o.max_batch)
        s->o.max_batch = 10000;
    if (!s->o.timeout_s)
        s->o.timeout_s = 30;
    if (!s->o.max_inflight)
        s->o.max_inflight = 256;
    if (!s->o.max_conns)
        s->o.max_conns = 1024;
    snprintf(s->db_path, sizeof s->db_path, "%s",
             o->db_path && *o->db_path ? o->db_path : emb_db_default_path());
    s->o.db_path = s->db_path;
    /* The reference files are read again at every index load, long after
     * the caller's strings may be gone. */
    s->secmaster = o->secmaster && *o->secmaster ? strdup(o->secmaster)
                                                 : NULL;
    s->fund_holdings = o->fund_holdings && *o->fund_holdings
                           ? strdup(o->fund_holdings)
                           : NULL;
    s->o.secmaster = s->secmaster;
    s->o.fund_holdings = s->fund_holdings;
    /* so is the update source, by the update thread */
    s->update_from = o->update_from && *o->update_from ? strdup(o->update_from)
                                                       : NULL;
    s->o.update_from = s->update_from;
    pthread_mutex_init(&s->ix_mu, NULL);
    pthread_mutex_init(&s->import_mu, NULL);
    pthread_mutex_init(&s->mon_mu, NULL);
    pthread_mutex_init(&s->aq_mu, NULL);
    pthread_cond_init(&s->aq_cv, NULL);
    pthread_cond_init(&s->aq_space_cv, NULL);
    pthread_mutex_init(&s->up_mu, NULL);
    pthread_cond_init(&s->up_cv, NULL);
    pthread_mutex_init(&s->cu_mu, NULL);
    pthread_cond_init(&s->cu_cv, NULL);
    pthread_mutex_init(&s->log_mu, NULL);

    s->n_tokens = srv_tokens_parse(o->tokens, s->tokens, SRV_MAX_TOKENS);
    if (s->n_tokens < 0) {
        snprintf(err, errlen, "malformed token list (expected SECRET or "
                 "NAME:SECRET, comma-separated, at most %d)", SRV_MAX_TOKENS);
        server_free(s);
        return EMB_ERR_USAGE;
    }
    if ((o->secmaster && *o->secmaster && !s->secmaster) ||
        (o->fund_holdings && *o->fund_holdings && !s->fund_holdings) ||
        (o->update_from && *o->update_from && !s->update_from)) {
        snprintf(err, errlen, "out of memory");
        server_free(s);
        return EMB_ERR_NOMEM;
    }
    struct sockaddr_storage ss;
    socklen_t sl;
    char why[1400];
    if (srv_parse_listen(s->o.listen, &ss, &sl, why, sizeof why) != 0) {
        snprintf(err, errlen, "--listen %s: %s", s->o.listen, why);
        server_free(s);
        return EMB_ERR_USAGE;
    }
    int rc = emb_monitor_open(s->db_path, &s->mon);
    if (rc) {
        snprintf(err, errlen, "%s: %s", s->db_path,
                 s->mon ? emb_monitor_errmsg(s->mon) : emb_strerror(rc));
        server_free(s);
        return rc;
    }
    srv_index *ix = NULL;
    rc = srv_index_load(s, &ix, why, sizeof why);
    if (rc) {
        snprintf(err, errlen, "loading the index: %s", why);
        server_free(s);
        return rc;
    }
    s->cur = ix;
    if (pthread_create(&s->aq_thread, NULL, audit_thread, s) != 0) {
        snprintf(err, errlen, "cannot start the audit writer");
        server_free(s);
        return EMB_ERR_NOMEM;
    }
#if SRV_HAVE_ENGINE
    srv_catch_up_start(s);
#endif
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_USE_ITC;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    s->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, s->o.threads,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_CONNECTION_TIMEOUT, s->o.timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, s->o.max_conns + 64,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_END);
    if (!s->d) {
        snprintf(err, errlen, "cannot listen on %s: %s", s->o.listen,
                 errno ? strerror(errno) : "address in use or not allowed");
        srv_catch_up_join(s);
        pthread_mutex_lock(&s->aq_mu);
        s->aq_stop = 1;
        pthread_cond_signal(&s->aq_cv);
        pthread_mutex_unlock(&s->aq_mu);
        pthread_join(s->aq_thread, NULL);
        server_free(s);
        return EMB_ERR_IO;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : 0;
    if (s->o.update_every_s && s->o.update_from) {
        if (pthread_create(&s->up_thread, NULL, update_thread, s) == 0)
            s->up_running = 1;
    }
    srv_log(s, "listening on %s (port %d), %u threads, %ld records",
            s->o.listen, s->port, s->o.threads, ix->records);
    *out = s;
    return EMB_OK;
}

void emb_server_stop(emb_server *s, unsigned grace_ms)
{
    if (!s)
        return;
    /* From here a new request is answered 503 at once. The daemon is not
     * quiesced: with a thread pool on epoll, libmicrohttpd 0.9.75 takes
     * the listening socket out of each worker's epoll set from this
     * thread while the worker may be doing the same, and aborts when
     * that fails. */
    atomic_store(&s->stopping, 1);
    /* Let the requests in flight finish. */
    double until = now_s() + grace_ms / 1000.0;
    while (atomic_load(&s->inflight) > 0 && now_s() < until)
        usleep(2000);
    MHD_stop_daemon(s->d);
    if (s->up_running) {
        pthread_mutex_lock(&s->up_mu);
        s->up_stop = 1;
        pthread_cond_signal(&s->up_cv);
        pthread_mutex_unlock(&s->up_mu);
        pthread_join(s->up_thread, NULL);
    }
    /* The catch-up at start may still be re-screening the books: it stops
     * at its next row, rolled back, and the next start takes it up. */
    if (s->mon)
        emb_monitor_interrupt(s->mon);
    srv_catch_up_join(s);
    pthread_mutex_lock(&s->aq_mu);
    s->aq_stop = 1;
    pthread_cond_signal(&s->aq_cv);
    pthread_mutex_unlock(&s->aq_mu);
    pthread_join(s->aq_thread, NULL);
    for (int i = 0; i < 3 && audit_flush(s) != EMB_OK; i++)
        sleep(1);
    if (s->aq_n || s->aq_retry_n)
        srv_log(s, "audit: %zu entries could not be written",
                s->aq_n + s->aq_retry_n);
    srv_log(s, "stopped");
    server_free(s);
}
