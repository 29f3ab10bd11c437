/*
 * screen.c - the screening endpoints: GET and POST /v1/screen (one query,
 * a JSON array, or an NDJSON stream answered as NDJSON) and POST
 * /match/{dataset} in the request and response shape of OpenSanctions'
 * yente, so that its clients can point at embargo unchanged.
 *
 * Hits are the engine's own JSON (emb_hit_to_json), the same bytes the
 * CLI prints. The hot path (GET with one name) builds its answer in one
 * buffer without a JSON tree. NDJSON bodies are screened while the answer
 * streams out, a chunk of lines at a time, so that a large batch neither
 * waits for its last line nor holds all its results in memory.
 *
 * Every request is audited: who, the list versions, the hash of each
 * screened name and identifier (the values themselves only with
 * log_names) and the records hit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "store/monitor.h"
#include "text/sbuf.h"
#if SRV_HAVE_ENGINE
#include "match/match.h"
#endif

/* ------------------------------------------------------------ buffers */

/* Appends s as a JSON string literal: '"' and '\' escaped, other control
 * characters as \u00XX, everything else as it is. */
static void put_json_str(sbuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    sb_put(b, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        sb_put(b, run, (size_t)(s - run));
        char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        if (c == '"' || c == '\\') {
            esc[1] = (char)c;
            sb_put(b, esc, 2);
        } else {
            sb_put(b, esc, 6);
        }
        run = s + 1;
    }
    sb_put(b, run, (size_t)(s - run));
    sb_put(b, "\"", 1);
}

static void put_lit(sbuf *b, const char *lit)
{
    sb_put(b, lit, strlen(lit));
}

/* A response buffer: sized for a typical answer at once. */
static void sb_start(sbuf *b, size_t cap)
{
    memset(b, 0, sizeof *b);
    b->s = malloc(cap);
    if (!b->s) {
        b->oom = 1;
        return;
    }
    b->s[0] = 0;
    b->cap = cap;
}

/* The query of GET /v1/screen, from the request's parameters: 0, or -1
 * with why. */
static int get_query(srv_req *r, srv_query *q, char *why, size_t why_len)
{
    const char *ids[EMB_QUERY_MAX_IDENTS + 1];
    size_t n = srv_args(r, "identifier", ids, EMB_QUERY_MAX_IDENTS + 1);
    if (n > EMB_QUERY_MAX_IDENTS + 1)
        n = EMB_QUERY_MAX_IDENTS + 1; /* too many, which the check says */
    return srv_query_from_params(srv_arg(r, "name"), srv_arg(r, "type"),
                                 srv_arg(r, "country"), srv_arg(r, "dob"),
                                 srv_arg(r, "threshold"),
                                 srv_arg(r, "limit"), ids, n, q, why,
                                 why_len);
}

static enum MHD_Result screen_ndjson(srv_req *r);
static enum MHD_Result screen_run(srv_req *r, json_t *root, srv_query *qs,
                                  size_t n);
static enum MHD_Result match_run(srv_req *r, const char *dataset,
                                 json_t *root, srv_match_query *qs,
                                 size_t nq, long limit, double threshold,
                                 double cutoff);

#if SRV_HAVE_ENGINE

/* ------------------------------------------------------------ audit */

/* The detail of a screening request's audit entry, written as JSON text
 * while the queries run:
 *   {"endpoint":PATH,"queries":N,"results":[{"country","error","hits":
 *    [{"score","source","source_id"}...],"id","identifiers",
 *    "identifiers_sha256","name","name_sha256","type"}...]}
 * with keys in sorted order, the canonical form the log stores. A string
 * that is not valid UTF-8 (which JSON cannot carry) leaves its key out,
 * as does an array holding one. A query without a name has no name keys,
 * one without identifiers no identifier keys. */
typedef struct audit_doc {
    sbuf b;   /* the objects of "results", comma-separated */
    size_t n; /* how many */
} audit_doc;

/* Writes ,"key": (the comma unless first). */
static void audit_key(sbuf *b, int *first, const char *key)
{
    if (!*first)
        sb_put(b, ",", 1);
    *first = 0;
    sb_put(b, "\"", 1);
    put_lit(b, key);
    sb_put(b, "\":", 2);
}

/* Writes ,"key":"value" (the comma unless first) when value is valid. */
static void audit_field(sbuf *b, int *first, const char *key,
                        const char *value)
{
    if (!value || !srv_utf8_ok(value))
        return;
    audit_key(b, first, key);
    sb_json_str(b, value);
}

/* Writes ,"key":[...] (the comma unless first): the n identifiers, or
 * the hex SHA-256 of each when hashed. Nothing when there are none or one
 * is not valid UTF-8. */
static void audit_idents(sbuf *b, int *first, const char *key,
                         const char *const *ids, size_t n, int hashed)
{
    if (!n)
        return;
    for (size_t i = 0; i < n && !hashed; i++)
        if (!srv_utf8_ok(ids[i]))
            return;
    audit_key(b, first, key);
    sb_put(b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_put(b, ",", 1);
        char hash[65];
        if (hashed)
            mon_sha256_hex(ids[i], strlen(ids[i]), hash);
        sb_json_str(b, hashed ? hash : ids[i]);
    }
    sb_put(b, "]", 1);
}

/* Appends the audit object of one query, whose identifiers are ids (as
 * given, NUL-terminated). */
static void audit_query(emb_server *s, audit_doc *a, const srv_query *q,
                        const char *const *ids, size_t n_ids,
                        const emb_hit *hits, size_t n, const char *error)
{
    sbuf *b = &a->b;
    char hash[65] = "";
    if (q->name)
        mon_sha256_hex(q->name, strlen(q->name), hash);
    if (a->n++)
        sb_put(b, ",", 1);
    sb_put(b, "{", 1);
    int first = 1;
    audit_field(b, &first, "country", q->country);
    audit_field(b, &first, "error", error);
    put_lit(b, first ? "\"hits\":[" : ",\"hits\":[");
    first = 0;
    int firsth = 1;
    for (size_t i = 0; i < n; i++) {
        const emb_record *rec = hits[i].record;
        if (!srv_utf8_ok(rec->source) || !srv_utf8_ok(rec->source_id))
            continue;
        char score[16];
        snprintf(score, sizeof score, "%.4f", hits[i].score);
        put_lit(b, firsth ? "{\"score\":\"" : ",{\"score\":\"");
        firsth = 0;
        put_lit(b, score);
        put_lit(b, "\",\"source\":");
        sb_json_str(b, rec->source);
        put_lit(b, ",\"source_id\":");
        sb_json_str(b, rec->source_id);
        sb_put(b, "}", 1);
    }
    sb_put(b, "]", 1);
    if (q->has_id)
        audit_field(b, &first, "id", q->id);
    if (s->o.log_names)
        audit_idents(b, &first, "identifiers", ids, n_ids, 0);
    audit_idents(b, &first, "identifiers_sha256", ids, n_ids, 1);
    if (s->o.log_names)
        audit_field(b, &first, "name", q->name);
    if (q->name)
        audit_field(b, &first, "name_sha256", hash);
    audit_field(b, &first, "type", q->type);
    sb_put(b, "}", 1);
}

/* Queues the request's audit entry and frees a->b. must: as for
 * srv_audit_text. -1 when it could not be queued. */
static int audit_finish(emb_server *s, const char *who, const char *path,
                        const char *versions, audit_doc *a, int must)
{
    sbuf head = {0};
    put_lit(&head, "{\"endpoint\":");
    sb_json_str(&head, srv_utf8_ok(path) ? path : "?");
    sb_printf(&head, ",\"queries\":%zu,\"results\":[", a->n);
    int rc = -1;
    if (!head.oom && !a->b.oom) {
        const char *parts[3] = {head.s, a->b.s ? a->b.s : "", "]}"};
        size_t lens[3] = {head.len, a->b.len, 2};
        rc = srv_audit_text(s, who, "screen", parts, lens, 3, versions,
                            must);
    }
    sb_free(&head);
    sb_free(&a->b);
    return rc;
}

/* ------------------------------------------------------------ screening */

/* NUL-terminated copies of a query's identifiers, as emb_query takes
 * them (the parser bounds each to EMB_IDENT_MAX bytes). */
typedef struct ident_copies {
    const char *v[EMB_QUERY_MAX_IDENTS];
    size_t n;
    char buf[EMB_QUERY_MAX_IDENTS * (EMB_IDENT_MAX + 1)];
} ident_copies;

static void fill_query(emb_query *eq, const srv_query *q, ident_copies *c)
{
    memset(eq, 0, sizeof *eq);
    c->n = idents_terminate(q->idents, q->n_idents, c->buf, sizeof c->buf,
                            c->v);
    eq->name = q->name;
    eq->idents = c->v;
    eq->n_idents = c->n;
    eq->kind = q->type ? emb_kind_parse(q->type) : EMB_KIND_UNKNOWN;
    eq->country = q->country;
    eq->dob = q->dob;
    eq->threshold = q->threshold;
    eq->max_hits = q->limit;
}

/* Why q could not be screened (rc from emb_screen), into why; returns
 * whether the name (1) or the identifiers (0) are at fault. */
static int screen_error(int rc, const srv_query *q, char *why, size_t len)
{
    int named = q->name && *q->name;
    if (rc == EMB_ERR_LIMIT && named &&
        strlen(q->name) > EMB_SCREEN_MAX_NAME) {
        snprintf(why, len, "the name is longer than %d bytes",
                 EMB_SCREEN_MAX_NAME);
        return 1;
    }
    if (rc == EMB_ERR_LIMIT) {
        snprintf(why, len, "at most %d identifiers of %d bytes each",
                 EMB_QUERY_MAX_IDENTS, EMB_IDENT_MAX);
        return 0;
    }
    if (rc == EMB_ERR_INVALID && !named) {
        snprintf(why, len, "no name, and no identifier of %d letters and "
                 "digits or more", EMB_IDENT_MIN);
        return 0;
    }
    if (rc == EMB_ERR_INVALID)
        snprintf(why, len, "the name is empty after normalisation or not "
                 "valid UTF-8");
    else
        snprintf(why, len, "%s", emb_strerror(rc));
    return 1;
}

/* Screens q and appends {"id":..,"hits":[..]} (or "error") to b, the hits
 * being the engine's own JSON (hit_json, as emb_hit_to_json writes it).
 * Returns the engine's status. */
static int screen_into(emb_server *s, emb_screener *sc, const srv_query *q,
                       sbuf *b, audit_doc *audit)
{
    emb_query eq;
    ident_copies ids;
    fill_query(&eq, q, &ids);
    const emb_hit *hits = NULL;
    size_t n = 0;
    int rc = emb_screen(sc, &eq, &hits, &n);
    sb_put(b, "{", 1);
    if (q->has_id) {
        put_lit(b, "\"id\":");
        put_json_str(b, q->id);
        sb_put(b, ",", 1);
    }
    if (rc != EMB_OK) {
        char why[128];
        screen_error(rc, q, why, sizeof why);
        put_lit(b, "\"error\":");
        put_json_str(b, why);
        sb_put(b, "}", 1);
        if (audit)
            audit_query(s, audit, q, ids.v, ids.n, NULL, 0, why);
        return rc;
    }
    put_lit(b, "\"hits\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_put(b, ",", 1);
        hit_json(b, &hits[i], 1);
    }
    sb_put(b, "]}", 2);
    if (audit)
        audit_query(s, audit, q, ids.v, ids.n, hits, n, NULL);
    return EMB_OK;
}

/* Takes the current index and a screener, or answers 503. */
static int begin(srv_req *r, srv_index **ix, emb_screener **sc,
                 enum MHD_Result *res)
{
    *ix = srv_index_acquire(r->srv);
    *sc = NULL;
    if (!(*ix)->ix) {
        srv_index_release(*ix);
        *ix = NULL;
        *res = srv_error(r, 503, "no_lists",
                         "no lists are loaded; import lists first");
        return -1;
    }
    *sc = srv_screener_get(*ix);
    if (!*sc) {
        srv_index_release(*ix);
        *ix = NULL;
        *res = srv_error(r, 500, "internal", "cannot open a screener");
        return -1;
    }
    return 0;
}

static void end(srv_index *ix, emb_screener *sc)
{
    srv_screener_put(ix, sc);
    srv_index_release(ix);
}

/* The answer when a screen's audit entry cannot be queued: no results
 * leave the server unaudited. */
static enum MHD_Result audit_refused(srv_req *r, sbuf *b)
{
    if (b)
        sb_free(b);
    return srv_error(r, 503, "audit_unavailable",
                     "the audit log cannot record the screen now; retry "
                     "later");
}

enum MHD_Result route_screen_get(srv_req *r)
{
    srv_query q;
    char why[256];
    if (get_query(r, &q, why, sizeof why))
        return srv_error(r, 400, "bad_request", "%s", why);
    srv_index *ix;
    emb_screener *sc;
    enum MHD_Result res;
    if (begin(r, &ix, &sc, &res))
        return res;
    sbuf b;
    sb_start(&b, 8192);
    audit_doc audit = {{0}, 0};
    put_lit(&b, "{\"list_versions\":");
    put_json_str(&b, ix->versions_str);
    put_lit(&b, ",\"result\":");
    int rc = screen_into(r->srv, sc, &q, &b, &audit);
    sb_put(&b, "}\n", 2);
    int arc = audit_finish(r->srv, r->who, r->path, ix->versions_str, &audit,
                           0);
    end(ix, sc);
    if (arc)
        return audit_refused(r, &b);
    if (b.oom) {
        sb_free(&b);
        return srv_error(r, 500, "internal", "out of memory");
    }
    if (rc == EMB_ERR_LIMIT || rc == EMB_ERR_INVALID) {
        sb_free(&b);
        int name = screen_error(rc, &q, why, sizeof why);
        return srv_error(r, 422, name ? "invalid_name" : "invalid_identifier",
                         "%s", why);
    }
    return srv_send(r, 200, "application/json", b.s, b.len);
}

/* ------------------------------------------------------------ NDJSON */

typedef struct ndj_stream {
    emb_server *srv;
    srv_index *ix;
    emb_screener *sc;
    char *body;
    size_t len, pos;
    sbuf out;
    size_t out_pos;
    long line;
    audit_doc audit;
    char who[64];
    char path[256];
} ndj_stream;

/* Screens lines until about 16 KB of output is ready or the input ends. */
static void ndj_fill(ndj_stream *st)
{
    st->out.len = 0;
    st->out_pos = 0;
    while (st->pos < st->len && st->out.len < 16384 && !st->out.oom) {
        const char *s = st->body + st->pos;
        const char *nl = memchr(s, '\n', st->len - st->pos);
        size_t n = nl ? (size_t)(nl - s) : st->len - st->pos;
        st->pos += n + (nl ? 1 : 0);
        st->line++;
        while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        if (!n)
            continue;
        json_error_t je;
        json_t *o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
        srv_query q;
        char why[256];
        if (!o) {
            snprintf(why, sizeof why, "line %ld: malformed JSON: %s",
                     st->line, je.text);
        } else if (srv_query_from_json(o, &q, why, sizeof why) == 0) {
            screen_into(st->srv, st->sc, &q, &st->out, &st->audit);
            put_lit(&st->out, "\n");
            json_decref(o);
            continue;
        }
        /* Echo the id when the line had one, so rows can be matched. */
        json_t *id = o ? json_object_get(o, "id") : NULL;
        put_lit(&st->out, "{");
        if (json_is_string(id)) {
            put_lit(&st->out, "\"id\":");
            put_json_str(&st->out, json_string_value(id));
            put_lit(&st->out, ",");
        }
        put_lit(&st->out, "\"error\":");
        put_json_str(&st->out, why);
        put_lit(&st->out, "}\n");
        json_decref(o);
    }
}

static ssize_t ndj_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    ndj_stream *st = cls;
    if (st->out_pos >= st->out.len) {
        ndj_fill(st);
        if (st->out.oom)
            return MHD_CONTENT_READER_END_WITH_ERROR;
        if (st->out.len == 0)
            return MHD_CONTENT_READER_END_OF_STREAM;
    }
    size_t n = st->out.len - st->out_pos;
    if (n > max)
        n = max;
    memcpy(buf, st->out.s + st->out_pos, n);
    st->out_pos += n;
    return (ssize_t)n;
}

static void ndj_free(void *cls)
{
    ndj_stream *st = cls;
    /* The answer has gone out: the entry is queued whatever it takes. */
    audit_finish(st->srv, st->who, st->path, st->ix->versions_str,
                 &st->audit, 1);
    end(st->ix, st->sc);
    sb_free(&st->out);
    free(st->body);
    free(st);
}

static enum MHD_Result screen_ndjson(srv_req *r)
{
    size_t lines = 0;
    for (size_t i = 0; i < r->len; i++)
        lines += r->body[i] == '\n';
    if (lines > r->srv->o.max_batch)
        return srv_error(r, 413, "batch_too_large",
                         "more than %zu lines; split the batch",
                         r->srv->o.max_batch);
    ndj_stream *st = calloc(1, sizeof *st);
    if (!st)
        return MHD_NO;
    enum MHD_Result res;
    if (begin(r, &st->ix, &st->sc, &res)) {
        free(st);
        return res;
    }
    st->srv = r->srv;
    st->body = r->body; /* the stream owns the body from here */
    st->len = r->len;
    r->body = NULL;
    r->len = 0;
    snprintf(st->who, sizeof st->who, "%s", r->who);
    snprintf(st->path, sizeof st->path, "%s", r->path);
    struct MHD_Response *resp = MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, 32 * 1024, ndj_read, st, ndj_free);
    if (!resp) {
        ndj_free(st);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/x-ndjson");
    MHD_add_response_header(resp, "X-List-Versions", st->ix->versions_str);
    return srv_queue(r, 200, resp);
}

static enum MHD_Result screen_run(srv_req *r, json_t *root, srv_query *qs,
                                  size_t n)
{
    srv_index *ix;
    emb_screener *sc;
    enum MHD_Result res;
    if (begin(r, &ix, &sc, &res)) {
        free(qs);
        json_decref(root);
        return res;
    }
    sbuf b;
    sb_start(&b, n > 1 ? 16384 : 8192);
    audit_doc audit = {{0}, 0};
    put_lit(&b, "{\"list_versions\":");
    put_json_str(&b, ix->versions_str);
    put_lit(&b, json_is_array(root) ? ",\"results\":[" : ",\"result\":");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_put(&b, ",", 1);
        screen_into(r->srv, sc, &qs[i], &b, &audit);
    }
    put_lit(&b, json_is_array(root) ? "]}\n" : "}\n");
    int arc = audit_finish(r->srv, r->who, r->path, ix->versions_str, &audit,
                           0);
    end(ix, sc);
    free(qs);
    json_decref(root);
    if (arc)
        return audit_refused(r, &b);
    if (b.oom) {
        sb_free(&b);
        return srv_error(r, 500, "internal", "out of memory");
    }
    return srv_send(r, 200, "application/json", b.s, b.len);
}

#endif /* SRV_HAVE_ENGINE */

enum MHD_Result route_screen_post(srv_req *r)
{
    const char *ct = MHD_lookup_connection_value(
        r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    int kind = srv_screen_body_kind(ct, r->body ? r->body : "", r->len);
    if (kind < 0)
        return srv_error(r, 400, "bad_request", "a JSON body is required");
    if (kind == SRV_BODY_NDJSON)
        return screen_ndjson(r);
    json_error_t je;
    json_t *root = json_loadb(r->body, r->len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return srv_error(r, 400, "invalid_json",
                         "malformed JSON at line %d, column %d: %s", je.line,
                         je.column, je.text);
    size_t n = json_is_array(root) ? json_array_size(root) : 1;
    if (!json_is_array(root) && !json_is_object(root)) {
        json_decref(root);
        return srv_error(r, 400, "bad_request",
                         "the body must be a query object, an array of "
                         "them, or NDJSON");
    }
    if (n > r->srv->o.max_batch) {
        json_decref(root);
        return srv_error(r, 413, "batch_too_large",
                         "%zu queries; at most %zu in one request", n,
                         r->srv->o.max_batch);
    }
    srv_query *qs = calloc(n ? n : 1, sizeof *qs);
    if (!qs) {
        json_decref(root);
        return MHD_NO;
    }
    for (size_t i = 0; i < n; i++) {
        char why[256];
        const json_t *o = json_is_array(root) ? json_array_get(root, i) : root;
        if (srv_query_from_json(o, &qs[i], why, sizeof why)) {
            int array = json_is_array(root);
            free(qs);
            json_decref(root);
            if (array)
                return srv_error(r, 400, "bad_request", "query %zu: %s", i,
                                 why);
            return srv_error(r, 400, "bad_request", "%s", why);
        }
    }
    return screen_run(r, root, qs, n);
}

/* ------------------------------------------------------------ yente */

#if SRV_HAVE_ENGINE

static const char *ftm_schema(emb_kind k)
{
    switch (k) {
    case EMB_KIND_PERSON: return "Person";
    case EMB_KIND_ENTITY: return "Organization";
    case EMB_KIND_VESSEL: return "Vessel";
    case EMB_KIND_AIRCRAFT: return "Airplane";
    default: return "LegalEntity";
    }
}

static json_t *str_array(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        if (v[i])
            json_array_append_new(a, json_string(v[i]));
    return a;
}

/* A listed record in FollowTheMoney's entity shape. */
static json_t *ftm_entity(const emb_record *rec)
{
    json_t *props = json_object();
    json_t *name = json_array(), *alias = json_array(), *weak = json_array();
    for (size_t i = 0; i < rec->n_names; i++) {
        const emb_name *nm = &rec->names[i];
        json_array_append_new(i == 0 ? name : nm->weak ? weak : alias,
                              json_string(nm->full));
    }
    json_object_set_new(props, "name", name);
    if (json_array_size(alias))
        json_object_set_new(props, "alias", alias);
    else
        json_decref(alias);
    if (json_array_size(weak))
        json_object_set_new(props, "weakAlias", weak);
    else
        json_decref(weak);
    if (rec->n_births) {
        json_t *b = json_array();
        for (size_t i = 0; i < rec->n_births; i++) {
            char d[16];
            if (rec->births[i].from.year)
                json_array_append_new(
                    b, json_string(emb_date_format(rec->births[i].from, d)));
        }
        json_object_set_new(props, "birthDate", b);
    }
    if (rec->n_nationalities)
        json_object_set_new(props, "nationality",
                            str_array(rec->nationalities,
                                      rec->n_nationalities));
    if (rec->n_citizenships)
        json_object_set_new(props, "citizenship",
                            str_array(rec->citizenships,
                                      rec->n_citizenships));
    if (rec->n_addresses) {
        json_t *c = json_array();
        for (size_t i = 0; i < rec->n_addresses; i++)
            if (rec->addresses[i].country)
                json_array_append_new(c,
                                      json_string(rec->addresses[i].country));
        json_object_set_new(props, "country", c);
    }
    if (rec->n_programs)
        json_object_set_new(props, "program",
                            str_array(rec->programs, rec->n_programs));
    json_object_set_new(props, "topics", json_pack("[s]", "sanction"));
    char id[256];
    snprintf(id, sizeof id, "%s-%s", rec->source, rec->source_id);
    return json_pack("{s:s, s:s, s:s, s:o, s:[s], s:[], s:b, s:n, s:n, s:n}",
                     "id", id, "caption",
                     rec->n_names ? rec->names[0].full : rec->source_id,
                     "schema", ftm_schema(rec->kind), "properties", props,
                     "datasets", rec->source, "referents", "target", 1,
                     "first_seen", "last_seen", "last_change");
}

typedef struct cand {
    const char *source;
    char key[160];
    double score;
    json_t *entity;
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return strcmp(x->key, y->key);
}

/* The matcher's feature documentation, as yente returns it. */
static json_t *matcher_docs(void)
{
    return json_pack(
        "{s:{s:s, s:f, s:s}, s:{s:s, s:f, s:s}}", "name_score", "description",
        "Similarity of the best-matching listed name after normalisation, "
        "transliteration and token alignment", "coefficient", 1.0, "url",
        "docs/matching.md", "evidence", "description",
        "Adjustment from type, country and date of birth, and a shared "
        "identifier (imoNumber, swiftBic, registrationNumber...), which "
        "scores 1", "coefficient", 1.0,
        "url", "docs/matching.md");
}

static int dataset_ok(const srv_index *ix, const char *ds, const char **only)
{
    *only = NULL;
    if (!strcmp(ds, "default") || !strcmp(ds, "sanctions") ||
        !strcmp(ds, "all") || !strcmp(ds, "embargo"))
        return 1;
    for (size_t i = 0; i < ix->n_versions; i++)
        if (!strcmp(ix->versions[i].source, ds)) {
            *only = ix->versions[i].source;
            return 1;
        }
    return 0;
}

static enum MHD_Result match_run(srv_req *r, const char *dataset,
                                 json_t *root, srv_match_query *qs,
                                 size_t nq, long limit,
                                 double threshold, double cutoff)
{
    srv_index *ix;
    emb_screener *sc;
    enum MHD_Result res;
    if (begin(r, &ix, &sc, &res)) {
        free(qs);
        json_decref(root);
        return res;
    }
    const char *only;
    if (!dataset_ok(ix, dataset, &only)) {
        end(ix, sc);
        free(qs);
        json_decref(root);
        return srv_error(r, 404, "not_found",
                         "dataset '%.64s' not found (use default or a "
                         "source key)", dataset);
    }
    json_t *responses = json_object();
    audit_doc audit = {{0}, 0};
    for (size_t i = 0; i < nq; i++) {
        const srv_match_query *mq = &qs[i];
        cand *cs = NULL;
        size_t nc = 0, capc = 0;
        /* each name; a query of identifiers alone, once without */
        size_t n_names = mq->names ? json_array_size(mq->names) : 0;
        for (size_t k = 0; k < (n_names ? n_names : 1); k++) {
            emb_query eq = {0};
            eq.name = n_names ? json_string_value(json_array_get(mq->names, k))
                              : NULL;
            eq.kind = mq->kind ? emb_kind_parse(mq->kind) : EMB_KIND_UNKNOWN;
            eq.country = mq->country;
            eq.dob = mq->dob;
            eq.threshold = cutoff;
            eq.max_hits = only ? EMB_SCREEN_MAX_HITS : (int)limit;
            eq.idents = mq->idents;
            eq.n_idents = mq->n_idents;
            const emb_hit *hits = NULL;
            size_t nh = 0;
            if (emb_screen(sc, &eq, &hits, &nh) != EMB_OK)
                continue;
            srv_query aq = {.name = eq.name, .type = mq->kind,
                            .country = mq->country};
            snprintf(aq.id, sizeof aq.id, "%s", mq->key);
            aq.has_id = 1;
            audit_query(r->srv, &audit, &aq, mq->idents, mq->n_idents, hits,
                        nh, NULL);
            for (size_t h = 0; h < nh; h++) {
                const emb_record *rec = hits[h].record;
                if (only && strcmp(rec->source, only))
                    continue;
                char key[160];
                snprintf(key, sizeof key, "%s-%s", rec->source,
                         rec->source_id);
                size_t c = 0;
                while (c < nc && strcmp(cs[c].key, key))
                    c++;
                if (c < nc && cs[c].score >= hits[h].score)
                    continue;
                if (c == nc) {
                    if (nc == capc) {
                        capc = capc ? 2 * capc : 8;
                        cand *ncs = realloc(cs, capc * sizeof *ncs);
                        if (!ncs)
                            break;
                        cs = ncs;
                    }
                    memset(&cs[nc], 0, sizeof cs[nc]);
                    snprintf(cs[nc].key, sizeof cs[nc].key, "%s", key);
                    nc++;
                }
                json_decref(cs[c].entity);
                cs[c].entity = ftm_entity(rec);
                cs[c].score = hits[h].score;
                double ns = hits[h].explanation.name_score;
                json_object_set_new(cs[c].entity, "score",
                                    json_real(hits[h].score));
                json_object_set_new(
                    cs[c].entity, "features",
                    json_pack("{s:f, s:f}", "name_score", ns, "evidence",
                              hits[h].score - ns));
                json_object_set_new(cs[c].entity, "match",
                                    json_boolean(hits[h].score >= threshold));
            }
        }
        if (nc)
            qsort(cs, nc, sizeof *cs, cand_cmp);
        json_t *results = json_array();
        for (size_t c = 0; c < nc; c++) {
            if (c < (size_t)limit)
                json_array_append(results, cs[c].entity);
            json_decref(cs[c].entity);
        }
        free(cs);
        json_object_set_new(
            responses, mq->key,
            json_pack("{s:i, s:o, s:{s:i, s:s}, s:O}", "status", 200,
                      "results", results, "total", "value", (int)nc,
                      "relation", "eq", "query", mq->example));
    }
    int arc = audit_finish(r->srv, r->who, r->path, ix->versions_str, &audit,
                           0);
    end(ix, sc);
    free(qs);
    json_decref(root);
    if (arc) {
        json_decref(responses);
        return audit_refused(r, NULL);
    }
    json_t *j = json_pack("{s:o, s:o, s:i}", "responses", responses,
                          "matcher", matcher_docs(), "limit", (int)limit);
    return srv_send_json(r, 200, j);
}

#else /* no screening engine in this build */

static enum MHD_Result no_engine(srv_req *r)
{
    return srv_error(r, 503, "no_engine",
                     "this build has no screening engine");
}

enum MHD_Result route_screen_get(srv_req *r)
{
    srv_query q;
    char why[256];
    if (get_query(r, &q, why, sizeof why))
        return srv_error(r, 400, "bad_request", "%s", why);
    return no_engine(r);
}

static enum MHD_Result screen_ndjson(srv_req *r)
{
    return no_engine(r);
}

static enum MHD_Result screen_run(srv_req *r, json_t *root, srv_query *qs,
                                  size_t n)
{
    free(qs);
    json_decref(root);
    (void)put_json_str;
    (void)put_lit;
    (void)sb_start;
    return no_engine(r);
}

static enum MHD_Result match_run(srv_req *r, const char *dataset,
                                 json_t *root, srv_match_query *qs,
                                 size_t nq, long limit, double threshold,
                                 double cutoff)
{
    free(qs);
    json_decref(root);
    return no_engine(r);
}

#define EMB_DEFAULT_THRESHOLD 0.8
#endif

enum MHD_Result route_match(srv_req *r, const char *dataset)
{
    const char *limit_s = srv_arg(r, "limit");
    const char *thr_s = srv_arg(r, "threshold");
    const char *cut_s = srv_arg(r, "cutoff");
    long limit = 5;
    double threshold = EMB_DEFAULT_THRESHOLD, cutoff = 0.5;
    if (limit_s && srv_parse_long(limit_s, 1, EMB_SCREEN_MAX_HITS, &limit))
        return srv_error(r, 400, "bad_request",
                         "'limit' must be an integer from 1 to %d",
                         EMB_SCREEN_MAX_HITS);
    if ((thr_s && srv_parse_double(thr_s, 0, 1, &threshold)) ||
        (cut_s && srv_parse_double(cut_s, 0, 1, &cutoff)))
        return srv_error(r, 400, "bad_request",
                         "'threshold' and 'cutoff' must be numbers from 0 "
                         "to 1");
    if (!r->body || !r->len)
        return srv_error(r, 400, "bad_request", "a JSON body is required");
    json_error_t je;
    json_t *root = json_loadb(r->body, r->len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return srv_error(r, 400, "invalid_json",
                         "malformed JSON at line %d, column %d: %s", je.line,
                         je.column, je.text);
    srv_match_query *qs = NULL;
    size_t nq = 0;
    char why[256];
    if (srv_match_parse(root, &qs, &nq, r->srv->o.max_batch, why,
                        sizeof why)) {
        json_decref(root);
        return srv_error(r, 400, "bad_request", "%s", why);
    }
    return match_run(r, dataset, root, qs, nq, limit, threshold, cutoff);
}

