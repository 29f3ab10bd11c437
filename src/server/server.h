/*
 * server.h - private interface between the files of the HTTP service:
 * server.c (daemon, routing, limits, metrics, shutdown), request.c (pure
 * parsing and validation of what clients send; fuzzed), routes.c (lists,
 * entities, import, monitoring, audit), screen.c (screening and the yente
 * /match shape), web_assets.c (the reviewer's page, generated) and
 * trades.c (securities and trade decisions under the NS-CMIC rules) and
 * update.c (fetching list files).
 */
#ifndef EMB_SERVER_SERVER_H
#define EMB_SERVER_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/socket.h>

#include <jansson.h>
#include <microhttpd.h>

#include "embargo.h"
#include "match/ident.h"
#include "text/sbuf.h"

#if defined(EMB_DEFAULT_THRESHOLD)
#define SRV_HAVE_ENGINE 1
#else
#define SRV_HAVE_ENGINE 0
#define EMB_SCREEN_MAX_NAME 1024
#define EMB_SCREEN_MAX_HITS 100
#define EMB_SCREEN_DEFAULT_HITS 10
#define EMB_QUERY_MAX_IDENTS 16
#define EMB_IDENT_MAX 256
#define EMB_IDENT_MIN 6
#endif

/* ---- request parsing (request.c) -------------------------------------- */

/* Parses "HOST:PORT", "[V6]:PORT" or ":PORT" (host 127.0.0.1) into ss. */
int srv_parse_listen(const char *text, struct sockaddr_storage *ss,
                     socklen_t *len, char *why, size_t why_len);
/* Parses "90", "90s", "15m", "12h", "1d" into seconds (> 0). 0 on error. */
unsigned srv_parse_duration(const char *text);

typedef struct srv_token {
    char name[64];
    char secret[256];
} srv_token;

/* Parses "SECRET" or "NAME:SECRET[,NAME:SECRET...]". Returns the number of
 * tokens written (at most max), -1 when the text is malformed. */
int srv_tokens_parse(const char *spec, srv_token *out, int max);
/* The name of the token an "Authorization: Bearer X" header presents, or
 * NULL (no header, not Bearer, unknown token). Compares in constant time
 * for a given secret length. */
const char *srv_token_check(const srv_token *t, int n, const char *header);

/* One screening query as clients send it (GET parameters, a JSON object,
 * an NDJSON line or a yente query). Strings point into the source (the
 * JSON object or the connection's arguments) and live as long as it.
 * A query has a name, identifiers, or both. */
typedef struct srv_query {
    char id[128];        /* client id, "" when none */
    int has_id;
    const char *name;    /* NULL when only identifiers are given */
    const char *type;    /* person|entity|vessel|aircraft, or NULL */
    const char *country;
    const char *dob;
    double threshold;    /* -1: default */
    int limit;           /* 0: default */
    /* identifiers as given, trimmed, none empty, each at most
     * EMB_IDENT_MAX bytes; spans of the source (one split from a longer
     * string is not NUL-terminated) */
    ident_span idents[EMB_QUERY_MAX_IDENTS];
    size_t n_idents;
} srv_query;

/* Validates a JSON query object into q. 0 on success; otherwise -1 with
 * why ("field 'name' must be a string"). "identifiers" is an array of
 * strings, each one identifier, or one string of them apart by ';' or
 * '|'. */
int srv_query_from_json(const json_t *o, srv_query *q, char *why,
                        size_t why_len);
/* Validates the text parameters of GET /v1/screen (any may be NULL; a
 * name or an identifier is needed). idents: the n_idents values of the
 * repeated parameter 'identifier', each one identifier; more than
 * EMB_QUERY_MAX_IDENTS is an error. */
int srv_query_from_params(const char *name, const char *type,
                          const char *country, const char *dob,
                          const char *threshold, const char *limit,
                          const char *const *idents, size_t n_idents,
                          srv_query *q, char *why, size_t why_len);
/* Parses a decimal number in [lo, hi]; 0 on success. */
int srv_parse_double(const char *s, double lo, double hi, double *out);
/* Parses a decimal integer in [lo, hi]; 0 on success. */
int srv_parse_long(const char *s, long lo, long hi, long *out);

/* A yente /match request: queries by key, each with its schema and the
 * properties embargo uses. */
typedef struct srv_match_query {
    const char *key;
    const char *schema;  /* "Person", "Company", ... */
    const char *kind;    /* our type for the schema, or NULL */
    const json_t *names; /* array of strings, or NULL: identifiers alone */
    const char *dob;     /* first birthDate, or NULL */
    const char *country; /* first nationality/country/jurisdiction */
    const json_t *example; /* the query object, echoed back */
    /* the strings of its identifier properties (imoNumber, swiftBic,
     * registrationNumber, passportNumber...), each at most EMB_IDENT_MAX
     * bytes */
    const char *idents[EMB_QUERY_MAX_IDENTS];
    size_t n_idents;
} srv_match_query;

/* Validates a yente /match body. On success *qs (malloc'd, n entries)
 * points into root. -1 with why otherwise. max bounds the queries. */
int srv_match_parse(const json_t *root, srv_match_query **qs, size_t *n,
                    size_t max, char *why, size_t why_len);

/* 1 when s is valid UTF-8 as JSON parsers take it (no overlong forms,
 * surrogates or code points beyond U+10FFFF). */
int srv_utf8_ok(const char *s);

/* Kind of body POST /v1/screen carries. */
enum { SRV_BODY_OBJECT = 1, SRV_BODY_ARRAY = 2, SRV_BODY_NDJSON = 3 };
/* Decides from the Content-Type (may be NULL) and the first non-blank
 * byte; -1 when the body is empty. */
int srv_screen_body_kind(const char *content_type, const char *body,
                         size_t len);

/* ---- the running server (server.c) ------------------------------------ */

/* Routes, for dispatch and metrics. */
enum srv_route {
    R_STATIC, R_HEALTHZ, R_METRICS, R_LISTS, R_LIST_DIFF, R_ENTITY,
    R_IMPORT, R_SCREEN, R_MATCH, R_WATCH, R_ALERTS, R_DECISION, R_AUDIT,
    R_SECURITY, R_TRADES, R_NOTFOUND, R_COUNT
};

/* One loaded index with the list versions it holds; shared by every
 * request that acquired it, freed when the last one releases it. */
typedef struct srv_index {
    atomic_int refs;
    emb_index *ix;          /* NULL when no lists or no engine */
    emb_rules *rules;       /* NS-CMIC rules over every version, or NULL */
    int has_secmaster;      /* rules hold the server's security master */
    int has_holdings;       /* rules hold the server's fund holdings */
    emb_version *versions;  /* newest version of each source */
    size_t n_versions;
    char versions_str[512]; /* "us_ofac_cons:2,un_sc:1" */
    long records;
    pthread_mutex_t pool_mu; /* guards the screener pool */
    void **pool;            /* idle emb_screener * */
    size_t n_pool, cap_pool;
} srv_index;

#define SRV_MAX_TOKENS 16
#define SRV_HIST_BUCKETS 14

struct emb_server {
    emb_server_opts o;
    char db_path[1024];
    /* Copies of o.secmaster and o.fund_holdings (NULL when not given);
     * o points at them. */
    char *secmaster;
    char *fund_holdings;
    char *update_from; /* copy of o.update_from, read by the update thread */
    /* The last good bytes of each reference file (security master, fund
     * holdings), used when the file cannot be used at a reload; written
     * by srv_index_load only (at start, then under import_mu). */
    char *ref_good[2];
    size_t ref_good_len[2];
    struct MHD_Daemon *d;
    int port;
    srv_token tokens[SRV_MAX_TOKENS];
    int n_tokens;

    pthread_mutex_t ix_mu; /* guards cur (swap and acquire) */
    srv_index *cur;
    pthread_mutex_t import_mu; /* one import at a time */
    /* Imports writing to the database now (srv_import_begin/end): the
     * audit writer holds its batches back meanwhile, so that an import
     * under a full screening load gets the database's write lock. */
    atomic_int importing;

    pthread_mutex_t mon_mu; /* guards mon */
    emb_monitor *mon;

    /* Audit entries of screens, written in batches by audit_thread. */
    pthread_mutex_t aq_mu;
    pthread_cond_t aq_cv;       /* wakes the writer */
    pthread_cond_t aq_space_cv; /* the writer took the queue */
    emb_audit_item *aq;
    size_t aq_n, aq_cap;
    int aq_stop;
    pthread_t aq_thread;
    long audit_dropped;
    /* A batch the database refused, written first next time (mon_mu). */
    emb_audit_item *aq_retry;
    size_t aq_retry_n;

    /* The books' catch-up with the lists at start, on a thread of its
     * own so that the service answers meanwhile: it takes mon_mu before
     * the service listens (cu_holding, under cu_mu), so what needs the
     * monitor waits for the books to be caught up. */
    pthread_t cu_thread;
    int cu_running;
    pthread_mutex_t cu_mu;
    pthread_cond_t cu_cv;
    int cu_holding;
    atomic_int catching_up; /* shown by /healthz */

    /* Periodic list updates. */
    pthread_t up_thread;
    int up_running;
    pthread_mutex_t up_mu;
    pthread_cond_t up_cv;
    int up_stop;

    atomic_int inflight;
    atomic_int conns;
    atomic_int stopping;
    atomic_ullong req_count[R_COUNT][16];
    atomic_ullong hist[R_COUNT][SRV_HIST_BUCKETS + 1];
    atomic_ullong lat_sum_us[R_COUNT];
    atomic_ullong shed;
    pthread_mutex_t log_mu;
};

/* Per-request state, from the first call of the handler to completion. */
typedef struct srv_req {
    emb_server *srv;
    struct MHD_Connection *conn;
    int route;
    int status;
    double t0;
    char *body;
    size_t len, cap;
    int too_large;
    int answered;
    const char *who; /* token name or "anonymous" */
    char path[256];  /* for the access log */
    const char *method;
} srv_req;

/* Index references: acquire never returns NULL once the server runs. */
srv_index *srv_index_acquire(emb_server *s);
void srv_index_release(srv_index *ix);
/* Builds an index over the newest version of every source in the
 * database, with trade rules over every version and the server's security
 * master and fund holdings (read again at every load). On failure why
 * names the cause, a reference file that cannot be read among them, and
 * the caller keeps the index it has. */
int srv_index_load(emb_server *s, srv_index **out, char *why, size_t n);
/* Makes ix current; the old one is freed when its last user is done. */
void srv_index_swap(emb_server *s, srv_index *ix);
#if SRV_HAVE_ENGINE
emb_screener *srv_screener_get(srv_index *ix);
void srv_screener_put(srv_index *ix, emb_screener *sc);
#endif

/* Responses. Each returns the MHD result of queueing. body is taken
 * (freed by MHD). */
enum MHD_Result srv_send(srv_req *r, int status, const char *type,
                         char *body, size_t len);
enum MHD_Result srv_send_json(srv_req *r, int status, json_t *j);
enum MHD_Result srv_send_text(srv_req *r, int status, const char *type,
                              const char *text);
enum MHD_Result srv_error(srv_req *r, int status, const char *code,
                          const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Queues a response built elsewhere (streams), recording the status. */
enum MHD_Result srv_queue(srv_req *r, int status, struct MHD_Response *resp);
/* Maps an emb_status to an HTTP status. */
int srv_http_status(int code);

/* Queues one audit entry (copied); written by the audit thread. Never
 * dropped: the queue grows when it must. */
void srv_audit(emb_server *s, const char *who, const char *action,
               json_t *detail /* taken */, const char *versions);
/* Queues one audit entry whose detail is JSON text, the concatenation of
 * the n parts (copied). must: the caller has answered already, so the
 * entry is queued whatever the queue's length. Otherwise, when the writer
 * is far behind, waits for it a few seconds; -1 means the entry was not
 * queued (that, or out of memory) and the caller must not give the
 * results. */
int srv_audit_text(emb_server *s, const char *who, const char *action,
                   const char *const *parts, const size_t *lens, size_t n,
                   const char *versions, int must);
/* Writes an audit entry now, through the monitor lock. */
int srv_audit_now(emb_server *s, const char *who, const char *action,
                  json_t *detail /* taken */, const char *versions);


/* Around an import's writes to the database (s->importing). */
void srv_import_begin(emb_server *s);
void srv_import_end(emb_server *s);

/* After new list versions are stored: rebuild and swap the index,
 * re-screen the books, audit. Fills `out` (may be NULL) with a summary. */
int srv_after_import(emb_server *s, const char *who, const char *from,
                     const emb_import_result *res, size_t n, json_t *out,
                     char *why, size_t why_len);

/* A GET argument of the request, or NULL. */
const char *srv_arg(srv_req *r, const char *key);
/* The values of a GET argument given more than once, in order: at most
 * max into out; returns how many there are, which may be more. */
size_t srv_args(srv_req *r, const char *key, const char **out, size_t max);
/* Writes one access-log line (when a log is set). */
void srv_log(emb_server *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* JSON of a version (the same shape as `embargo lists --json`). */
json_t *srv_version_json(const emb_version *v);

/* ---- handlers (routes.c, screen.c, trades.c) -------------------------- */
enum MHD_Result route_lists(srv_req *r);
enum MHD_Result route_list_diff(srv_req *r, const char *source);
enum MHD_Result route_entity(srv_req *r, const char *source, const char *id);
enum MHD_Result route_import(srv_req *r);
enum MHD_Result route_watch(srv_req *r, const char *which);
enum MHD_Result route_alerts(srv_req *r);
enum MHD_Result route_decision(srv_req *r, const char *id);
enum MHD_Result route_audit(srv_req *r);
enum MHD_Result route_metrics(srv_req *r);
enum MHD_Result route_healthz(srv_req *r);
enum MHD_Result route_security(srv_req *r, const char *id);
enum MHD_Result route_trades(srv_req *r);
enum MHD_Result route_screen_get(srv_req *r);
enum MHD_Result route_screen_post(srv_req *r);
enum MHD_Result route_match(srv_req *r, const char *dataset);
/* Static files of the reviewer's page; 0 when path is not one. */
int route_static(srv_req *r, const char *path, enum MHD_Result *res);

/* ---- web assets (web_assets.c, generated by scripts/gen-web-assets) --- */
typedef struct srv_asset {
    const char *path; /* "/", "/app.js", ... */
    const char *type;
    const unsigned char *data;
    size_t len;
} srv_asset;
extern const srv_asset srv_assets[];
extern const size_t srv_n_assets;

#endif
