/*
 * routes.c - the service's endpoints other than screening: list versions
 * and their diffs, listed records, imports, watched books, alerts and
 * decisions, the audit log, securities and trades.
 *
 * Each handler validates its input, opens what it needs for the length of
 * the request (a read-only store handle per request: SQLite opens in tens
 * of microseconds and WAL lets it read beside an import), and answers
 * JSON. Monitor calls go through the server's monitor lock; imports are
 * serialised by their own lock so that a second one is told 409 instead
 * of waiting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

static int open_db(srv_req *r, emb_db **db, enum MHD_Result *res)
{
    int rc = emb_db_open(r->srv->db_path, EMB_DB_READONLY, db);
    if (rc == EMB_OK)
        return 0;
    if (rc == EMB_ERR_NOTFOUND)
        *res = srv_error(r, 404, "not_found",
                         "no lists have been imported yet");
    else
        *res = srv_error(r, 500, "database", "%s",
                         *db ? emb_db_errmsg(*db) : emb_strerror(rc));
    emb_db_close(*db);
    *db = NULL;
    return -1;
}

enum MHD_Result route_lists(srv_req *r)
{
    emb_db *db = NULL;
    enum MHD_Result res;
    if (open_db(r, &db, &res)) {
        if (r->status == 404) /* no database: no lists, not an error */
            return res;
        return res;
    }
    emb_version *vs = NULL;
    size_t n = 0;
    int rc = emb_db_versions(db, NULL, &vs, &n);
    if (rc) {
        res = srv_error(r, 500, "database", "%s", emb_db_errmsg(db));
        emb_db_close(db);
        return res;
    }
    emb_db_close(db);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        int newest = 1;
        for (size_t j = 0; j < n; j++)
            if (!strcmp(vs[j].source, vs[i].source) && vs[j].seq > vs[i].seq)
                newest = 0;
        json_t *o = srv_version_json(&vs[i]);
        json_object_set_new(o, "current", json_boolean(newest));
        json_array_append_new(arr, o);
    }
    emb_free(vs);
    srv_index *ix = srv_index_acquire(r->srv);
    json_t *j = json_pack("{s:o, s:s}", "lists", arr, "list_versions",
                          ix->versions_str);
    srv_index_release(ix);
    return srv_send_json(r, 200, j);
}

static const char *change_name(emb_change c)
{
    return c == EMB_CHANGE_ADDED ? "added"
           : c == EMB_CHANGE_REMOVED ? "removed" : "changed";
}

/* Version id of a source's version number (1, 2, ...); 0 when absent. */
static int64_t version_id(emb_db *db, const char *source, long seq)
{
    emb_version *vs = NULL;
    size_t n = 0;
    int64_t id = 0;
    if (emb_db_versions(db, source, &vs, &n) == EMB_OK)
        for (size_t i = 0; i < n; i++)
            if (vs[i].seq == seq)
                id = vs[i].id;
    emb_free(vs);
    return id;
}

enum MHD_Result route_list_diff(srv_req *r, const char *source)
{
    const char *from_s = srv_arg(r, "from"), *to_s = srv_arg(r, "to");
    long from = 0, to = 0;
    if ((from_s && srv_parse_long(from_s, 1, 1000000, &from)) ||
        (to_s && srv_parse_long(to_s, 1, 1000000, &to)))
        return srv_error(r, 400, "bad_request",
                         "'from' and 'to' must be version numbers (1, 2, "
                         "...)");
    if (!from != !to)
        return srv_error(r, 400, "bad_request", "give both 'from' and 'to'");
    emb_db *db = NULL;
    enum MHD_Result res;
    if (open_db(r, &db, &res))
        return res;
    int64_t from_id = 0, to_id = 0;
    if (from && !(from_id = version_id(db, source, from))) {
        emb_db_close(db);
        return srv_error(r, 404, "not_found", "%.64s has no version %ld",
                         source, from);
    }
    if (to && !(to_id = version_id(db, source, to))) {
        emb_db_close(db);
        return srv_error(r, 404, "not_found", "%.64s has no version %ld",
                         source, to);
    }
    emb_diff *d = NULL;
    int rc = emb_db_diff(db, source, from_id, to_id, &d);
    if (rc) {
        res = srv_error(r, srv_http_status(rc), rc == EMB_ERR_NOTFOUND
                        ? "not_found" : "bad_request", "%s",
                        emb_db_errmsg(db));
        emb_db_close(db);
        return res;
    }
    size_t n = emb_diff_count(d);
    int counts[4] = {0};
    json_t *entries = json_array();
    for (size_t i = 0; i < n; i++) {
        const emb_diff_entry *e = emb_diff_get(d, i);
        counts[e->change & 3]++;
        json_t *o = json_pack("{s:s, s:s, s:s}", "change",
                              change_name(e->change), "source_id",
                              e->source_id, "name", e->name ? e->name : "");
        if (e->n_fields) {
            json_t *f = json_array();
            for (size_t k = 0; k < e->n_fields; k++)
                json_array_append_new(f, json_string(e->fields[k]));
            json_object_set_new(o, "fields", f);
        }
        json_array_append_new(entries, o);
    }
    json_t *j = json_pack("{s:s, s:o, s:o, s:{s:i, s:i, s:i}, s:o}",
                          "source", source, "from",
                          srv_version_json(emb_diff_from(d)), "to",
                          srv_version_json(emb_diff_to(d)), "summary",
                          "added", counts[EMB_CHANGE_ADDED], "removed",
                          counts[EMB_CHANGE_REMOVED], "changed",
                          counts[EMB_CHANGE_CHANGED], "entries", entries);
    emb_diff_free(d);
    emb_db_close(db);
    return srv_send_json(r, 200, j);
}

enum MHD_Result route_entity(srv_req *r, const char *source, const char *id)
{
    const char *ver = srv_arg(r, "version");
    long seq = 0;
    if (ver && srv_parse_long(ver, 1, 1000000, &seq))
        return srv_error(r, 400, "bad_request",
                         "'version' must be a version number (1, 2, ...)");
    emb_db *db = NULL;
    enum MHD_Result res;
    if (open_db(r, &db, &res))
        return res;
    int64_t vid = 0;
    if (seq && !(vid = version_id(db, source, seq))) {
        emb_db_close(db);
        return srv_error(r, 404, "not_found", "%.64s has no version %ld",
                         source, seq);
    }
    emb_recset *set = NULL;
    int rc = emb_db_record(db, source, id, vid, &set);
    if (rc) {
        res = rc == EMB_ERR_NOTFOUND
                  ? srv_error(r, 404, "not_found", "no record %.64s:%.128s",
                              source, id)
                  : srv_error(r, 500, "database", "%s", emb_db_errmsg(db));
        emb_db_close(db);
        return res;
    }
    emb_db_close(db);
    const emb_record *rec = emb_recset_get(set, 0);
    char *js = NULL;
    rc = rec ? emb_record_to_json(rec, 0, &js) : EMB_ERR_NOTFOUND;
    emb_recset_free(set);
    if (rc)
        return srv_error(r, rc == EMB_ERR_NOTFOUND ? 404 : 500,
                         rc == EMB_ERR_NOTFOUND ? "not_found" : "internal",
                         "no record %.64s:%.128s", source, id);
    return srv_send(r, 200, "application/json", js, strlen(js));
}

/* Parses the body as one JSON object; answers 400/415 itself. */
static json_t *body_object(srv_req *r, enum MHD_Result *res)
{
    if (!r->body || !r->len) {
        *res = srv_error(r, 400, "bad_request", "a JSON body is required");
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(r->body, r->len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        *res = srv_error(r, 400, "invalid_json",
                         "malformed JSON at line %d, column %d: %s", je.line,
                         je.column, je.text);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        *res = srv_error(r, 400, "bad_request",
                         "the body must be a JSON object");
        return NULL;
    }
    return j;
}

enum MHD_Result route_import(srv_req *r)
{
    enum MHD_Result res;
    json_t *j = body_object(r, &res);
    if (!j)
        return res;
    json_t *p = json_object_get(j, "path");
    if (!json_is_string(p) || !json_string_length(p) ||
        strlen(json_string_value(p)) != json_string_length(p)) {
        json_decref(j);
        return srv_error(r, 400, "bad_request",
                         "field 'path' must be a non-empty string: a folder "
                         "or file on the server");
    }
    char path[1024];
    snprintf(path, sizeof path, "%s", json_string_value(p));
    json_decref(j);
    emb_server *s = r->srv;
    if (pthread_mutex_trylock(&s->import_mu) != 0)
        return srv_error(r, 409, "conflict", "an import is already running");
    emb_recset **sets = NULL;
    size_t n = 0;
    emb_error err = {0};
    int rc = emb_lists_read(path, &sets, &n, &err);
    if (rc) {
        pthread_mutex_unlock(&s->import_mu);
        char msg[1200];
        emb_error_format(&err, msg, sizeof msg);
        return srv_error(r, rc == EMB_ERR_IO ? 422 : srv_http_status(rc),
                         "import_failed", "nothing was imported: %s", msg);
    }
    emb_db *db = NULL;
    emb_import_result *results = calloc(n ? n : 1, sizeof *results);
    srv_import_begin(s);
    rc = results ? emb_db_open(s->db_path, EMB_DB_CREATE, &db) : EMB_ERR_NOMEM;
    if (rc == EMB_OK)
        rc = emb_db_import(db, sets, n, results);
    char dbmsg[1024];
    snprintf(dbmsg, sizeof dbmsg, "%s", db ? emb_db_errmsg(db)
                                           : emb_strerror(rc));
    emb_db_close(db);
    srv_import_end(s);
    json_t *warnings = json_array();
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < emb_recset_warning_count(sets[i]); k++)
            json_array_append_new(warnings,
                                  json_string(emb_recset_warning(sets[i], k)));
        emb_recset_free(sets[i]);
    }
    emb_free(sets);
    if (rc) {
        pthread_mutex_unlock(&s->import_mu);
        free(results);
        json_decref(warnings);
        return srv_error(r, 500, "import_failed",
                         "nothing was imported: %s", dbmsg);
    }
    json_t *out = json_object();
    char why[1400] = "";
    rc = srv_after_import(s, r->who, path, results, n, out, why, sizeof why);
    pthread_mutex_unlock(&s->import_mu);
    free(results);
    json_object_set_new(out, "warnings", warnings);
    if (rc) {
        json_decref(out);
        return srv_error(r, 500, "index",
                         "the lists were stored but the index was not "
                         "rebuilt: %s", why);
    }
    return srv_send_json(r, 200, out);
}

enum MHD_Result route_watch(srv_req *r, const char *which)
{
    emb_server *s = r->srv;
    int customers = !strcmp(which, "customers");
    emb_watch_stats st = {0};
    emb_error err = {0};
    pthread_mutex_lock(&s->mon_mu);
    int rc = customers
                 ? emb_watch_put_customers(s->mon, r->body ? r->body : "",
                                           r->len, &st, &err)
                 : emb_watch_put_holdings(s->mon, r->body ? r->body : "",
                                          r->len, &st, &err);
    pthread_mutex_unlock(&s->mon_mu);
    if (rc) {
        char msg[1200];
        emb_error_format(&err, msg, sizeof msg);
        int status = rc == EMB_ERR_PARSE || rc == EMB_ERR_INVALID ? 400
                     : rc == EMB_ERR_LIMIT ? 413 : 500;
        return srv_error(r, status, status == 500 ? "database" : "bad_request",
                         "the book was not changed: %s", msg);
    }
    srv_index *ix = srv_index_acquire(s);
    emb_rescreen_stats rs = {0};
    const char *screen_err = NULL;
#if SRV_HAVE_ENGINE
    if (ix->ix) {
        emb_db *db = NULL;
        pthread_mutex_lock(&s->mon_mu);
        if (emb_db_open(s->db_path, EMB_DB_READONLY, &db) != EMB_OK) {
            emb_db_close(db);
            db = NULL;
        }
        if (emb_monitor_screen_pending(s->mon, db, ix->ix, s->o.threshold,
                                       ix->versions_str, &rs) != EMB_OK)
            screen_err = "re-screening failed";
        pthread_mutex_unlock(&s->mon_mu);
        emb_db_close(db);
    }
#endif
    json_t *book = json_pack("{s:i, s:i, s:i, s:i, s:i}", "rows",
                             (int)st.rows, "added", (int)st.added, "changed",
                             (int)st.changed, "removed", (int)st.removed,
                             "unchanged", (int)st.unchanged);
    json_t *alerts = json_pack("{s:i, s:i, s:i, s:i, s:i}", "screened",
                               (int)rs.screened, "opened", (int)rs.opened,
                               "closed", (int)rs.closed, "suppressed",
                               (int)rs.suppressed, "unchanged",
                               (int)rs.unchanged);
    json_t *detail = json_pack("{s:s, s:O, s:O}", "book", which, "rows",
                               book, "alerts", alerts);
    srv_audit_now(s, r->who, "watch", detail, ix->versions_str);
    json_t *j = json_pack("{s:s, s:o, s:o, s:s}", "book", which, "rows",
                          book, "alerts", alerts, "list_versions",
                          ix->versions_str);
    if (screen_err)
        json_object_set_new(j, "warning", json_string(screen_err));
    srv_index_release(ix);
    return srv_send_json(r, 200, j);
}

static int valid_status(const char *s)
{
    static const char *const ok[] = {"open", "escalated", "confirmed",
                                     "dismissed", "closed", "all"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!strcmp(s, ok[i]))
            return 1;
    return 0;
}

enum MHD_Result route_alerts(srv_req *r)
{
    const char *status = srv_arg(r, "status");
    const char *limit_s = srv_arg(r, "limit");
    long limit = 1000;
    if (status && !valid_status(status))
        return srv_error(r, 400, "bad_request",
                         "'status' must be open, escalated, confirmed, "
                         "dismissed, closed or all");
    if (limit_s && srv_parse_long(limit_s, 1, 100000, &limit))
        return srv_error(r, 400, "bad_request",
                         "'limit' must be an integer from 1 to 100000");
    char *js = NULL;
    pthread_mutex_lock(&r->srv->mon_mu);
    int rc = emb_alerts_json(r->srv->mon, status ? status : "open", limit,
                             &js);
    pthread_mutex_unlock(&r->srv->mon_mu);
    if (rc)
        return srv_error(r, 500, "database", "cannot read the alerts");
    size_t len = strlen(js);
    const char *pre = "{\"alerts\":";
    char *body = malloc(len + strlen(pre) + 3);
    if (!body) {
        emb_free(js);
        return MHD_NO;
    }
    len = (size_t)sprintf(body, "%s%s}\n", pre, js);
    emb_free(js);
    return srv_send(r, 200, "application/json", body, len);
}

enum MHD_Result route_decision(srv_req *r, const char *id_s)
{
    long id;
    if (srv_parse_long(id_s, 1, 0x7fffffffffffffffL, &id))
        return srv_error(r, 404, "not_found", "no alert %.64s", id_s);
    enum MHD_Result res;
    json_t *j = body_object(r, &res);
    if (!j)
        return res;
    json_t *d = json_object_get(j, "decision");
    json_t *c = json_object_get(j, "comment");
    if (!json_is_string(d)) {
        json_decref(j);
        return srv_error(r, 400, "bad_request",
                         "field 'decision' must be true_match, "
                         "false_positive or escalate");
    }
    if (c && !json_is_null(c) &&
        (!json_is_string(c) || json_string_length(c) > 4000 ||
         strlen(json_string_value(c)) != json_string_length(c))) {
        json_decref(j);
        return srv_error(r, 400, "bad_request",
                         "field 'comment' must be a string of at most 4000 "
                         "bytes");
    }
    const char *dec = json_string_value(d);
    if (strcmp(dec, "true_match") && strcmp(dec, "false_positive") &&
        strcmp(dec, "escalate")) {
        json_decref(j);
        return srv_error(r, 400, "bad_request",
                         "field 'decision' must be true_match, "
                         "false_positive or escalate");
    }
    emb_server *s = r->srv;
    pthread_mutex_lock(&s->mon_mu);
    int rc = emb_alert_decide(s->mon, id, dec,
                              json_is_string(c) ? json_string_value(c) : NULL,
                              r->who);
    char msg[512];
    snprintf(msg, sizeof msg, "%s", emb_monitor_errmsg(s->mon));
    char *alert = NULL;
    if (rc == EMB_OK)
        rc = emb_alert_json(s->mon, id, &alert);
    pthread_mutex_unlock(&s->mon_mu);
    json_decref(j);
    if (rc == EMB_ERR_NOTFOUND)
        return srv_error(r, 404, "not_found", "no alert %ld", id);
    if (rc == EMB_ERR_INVALID)
        return srv_error(r, 409, "conflict", "%s", msg);
    if (rc)
        return srv_error(r, 500, "database", "%s", msg);
    return srv_send(r, 200, "application/json", alert, strlen(alert));
}

enum MHD_Result route_audit(srv_req *r)
{
    const char *since = srv_arg(r, "since");
    const char *limit_s = srv_arg(r, "limit");
    long limit = 1000;
    if (limit_s && srv_parse_long(limit_s, 1, 100000, &limit))
        return srv_error(r, 400, "bad_request",
                         "'limit' must be an integer from 1 to 100000");
    if (since && strlen(since) > 40)
        return srv_error(r, 400, "bad_request",
                         "'since' must be a sequence number or a UTC time");
    emb_server *s = r->srv;
    /* Show what has been accepted so far, including queued screens. */
    srv_audit_now(s, r->who, "audit_read",
                  json_pack("{s:s?}", "since", since), NULL);
    char *js = NULL;
    emb_audit_report rep;
    pthread_mutex_lock(&s->mon_mu);
    int rc = emb_audit_json(s->mon, since, limit, &js);
    int vrc = rc ? rc : emb_audit_verify(s->mon, &rep);
    pthread_mutex_unlock(&s->mon_mu);
    if (rc)
        return srv_error(r, 500, "database", "cannot read the audit log");
    json_error_t je;
    json_t *entries = json_loads(js, 0, &je);
    emb_free(js);
    json_t *j = json_pack("{s:o, s:{s:b, s:I, s:s, s:s}}", "entries",
                          entries ? entries : json_array(), "chain",
                          "intact", vrc == EMB_OK, "entries",
                          (json_int_t)rep.entries, "head", rep.head,
                          "message", rep.message);
    return srv_send_json(r, 200, j);
}
