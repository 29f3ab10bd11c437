/*
 * batch.c - screens a CSV or NDJSON file on every core and writes one
 * NDJSON line per input row, in input order.
 *
 * The calling thread reads the input in chunks of rows: it cuts records
 * (quote-aware for CSV, so a quoted line break stays inside its field),
 * parses each with the shared csv_reader or jansson, and copies the fields
 * into the chunk's arena. Then every thread, the caller included, takes
 * rows from the chunk through an atomic counter and screens them with its
 * own emb_screener, formatting each result into its own output buffer.
 * When the chunk is done the caller writes the results in row order and
 * reports progress. A row that cannot be screened (broken CSV, bad JSON,
 * empty or over-long name, invalid UTF-8, unknown type) becomes
 * {"id": ..., "error": "..."} and the batch goes on.
 *
 * Chunks keep memory bounded whatever the input size: one chunk of input
 * and its output are held at a time.
 */
#include "lists/readers.h"
#include "match/match.h"

#include <ctype.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_ROWS_PER_THREAD 2048
#define READ_BLOCK (1 << 20)

typedef struct row {
    const char *id_json; /* the id as a JSON value */
    const char *name, *type, *country, *dob;
    const char **idents; /* its identifiers (split_idents) */
    size_t n_idents;
    const char *error; /* set when the row could not be read */
    size_t out_off, out_len;
    int out_worker;
} row;

typedef struct chunk {
    arena *a;
    row *rows;
    size_t n, cap;
} chunk;

typedef struct pool pool;

typedef struct worker {
    pool *p;
    int idx;
    emb_screener *s;
    sbuf out;
    uint64_t hits, rows_hit, errors;
    pthread_t t;
    int started;
} worker;

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    unsigned epoch;
    int stop, busy;
    chunk *ch;
    atomic_size_t next;
    worker *w;
    int nw;
    emb_query base; /* threshold, max_hits, exhaustive */
    int explain;
};

/* ---- input ------------------------------------------------------------ */
typedef struct input {
    FILE *f;
    char *buf;
    size_t len, pos, cap;
    int eof, io_error;
    uint64_t consumed;
    long line; /* physical line of the next record */
    char head[256]; /* start of the last row dropped as too long */
    size_t head_len;
} input;

/* Reads more bytes; 0 when at end of input. */
static int refill(input *in)
{
    if (in->eof)
        return 0;
    if (in->pos > 0) {
        memmove(in->buf, in->buf + in->pos, in->len - in->pos);
        in->len -= in->pos;
        in->pos = 0;
    }
    if (in->cap - in->len < READ_BLOCK) {
        size_t cap = in->cap ? in->cap * 2 : 2 * READ_BLOCK;
        char *p = realloc(in->buf, cap);
        if (!p) {
            in->io_error = EMB_ERR_NOMEM;
            in->eof = 1;
            return 0;
        }
        in->buf = p;
        in->cap = cap;
    }
    size_t got = fread(in->buf + in->len, 1, in->cap - in->len, in->f);
    if (got == 0) {
        if (ferror(in->f))
            in->io_error = EMB_ERR_IO;
        in->eof = 1;
        return 0;
    }
    in->len += got;
    return 1;
}

enum { REC_OK = 1, REC_EOF = 0, REC_TOO_LONG = -1, REC_UNCLOSED = -2 };

/* Next record: *rec / *rlen (without its line break). csv: 1 to honour
 * quotes. Blank lines are skipped. */
static int next_record(input *in, int csv, char delim, const char **rec,
                       size_t *rlen, long *line)
{
    for (;;) {
        /* skip blank lines */
        for (;;) {
            while (in->pos < in->len &&
                   (in->buf[in->pos] == '\n' || in->buf[in->pos] == '\r')) {
                if (in->buf[in->pos] == '\n')
                    in->line++;
                in->pos++;
                in->consumed++;
            }
            if (in->pos < in->len || !refill(in))
                break;
        }
        if (in->pos >= in->len)
            return REC_EOF;
        size_t i = in->pos;
        int inq = 0, fstart = 1;
        long nl = 0;
        for (;;) {
            if (i >= in->len) {
                size_t off = i - in->pos;
                if (off > EMB_BATCH_MAX_ROW)
                    break;
                if (!refill(in)) {
                    *rec = in->buf + in->pos;
                    *line = in->line;
                    if (inq) {
                        /* A quote left open to the end of the input: the
                         * row is its first line; go on after it. */
                        const char *nlp =
                            memchr(*rec, '\n', in->len - in->pos);
                        size_t skip = nlp ? (size_t)(nlp - *rec) + 1
                                          : in->len - in->pos;
                        *rlen = nlp ? skip - 1 : skip;
                        in->consumed += skip;
                        in->pos += skip;
                        in->line++;
                        return REC_UNCLOSED;
                    }
                    /* last record, without a final line break */
                    *rlen = in->len - in->pos;
                    in->consumed += *rlen;
                    in->line += nl;
                    in->pos = in->len;
                    return REC_OK;
                }
                i = in->pos + off;
                continue;
            }
            char c = in->buf[i];
            if (inq) {
                if (c == '"') {
                    if (i + 1 >= in->len && !in->eof) {
                        size_t off = i - in->pos;
                        if (refill(in)) {
                            i = in->pos + off;
                            continue;
                        }
                        i = in->pos + off;
                    }
                    if (i + 1 < in->len && in->buf[i + 1] == '"') {
                        i += 2;
                        continue;
                    }
                    inq = 0;
                } else if (c == '\n') {
                    nl++;
                }
                i++;
                continue;
            }
            if (c == '\n' || c == '\r')
                break;
            if (csv && fstart && c == '"')
                inq = 1;
            fstart = csv && c == delim;
            i++;
        }
        size_t len = i - in->pos;
        if (len > EMB_BATCH_MAX_ROW) {
            /* Drop the row up to the next raw line break, keeping its
             * start (for the id). */
            *line = in->line;
            in->head_len = len < sizeof in->head ? len : sizeof in->head;
            memcpy(in->head, in->buf + in->pos, in->head_len);
            *rec = in->head;
            *rlen = in->head_len;
            for (;;) {
                char *nlp = memchr(in->buf + in->pos, '\n', in->len - in->pos);
                if (nlp) {
                    size_t skip = (size_t)(nlp - (in->buf + in->pos)) + 1;
                    in->pos += skip;
                    in->consumed += skip;
                    break;
                }
                in->consumed += in->len - in->pos;
                in->pos = in->len;
                if (!refill(in))
                    break;
            }
            in->line++;
            return REC_TOO_LONG;
        }
        *rec = in->buf + in->pos;
        *rlen = len;
        *line = in->line;
        in->line += nl + 1;
        in->pos = i + 1;
        if (in->buf[i] == '\r' && in->pos < in->len && in->buf[in->pos] == '\n')
            in->pos++;
        in->consumed += in->pos - (size_t)(*rec - in->buf);
        return REC_OK;
    }
}

/* ---- rows ------------------------------------------------------------- */
static row *new_row(chunk *ch)
{
    if (ch->n == ch->cap) {
        size_t cap = ch->cap ? ch->cap * 2 : 1024;
        row *r = realloc(ch->rows, cap * sizeof *r);
        if (!r)
            return NULL;
        ch->rows = r;
        ch->cap = cap;
    }
    row *r = &ch->rows[ch->n++];
    memset(r, 0, sizeof *r);
    return r;
}

static const char *json_quote(arena *a, const char *s)
{
    sbuf b = {0};
    sb_json_str(&b, s);
    const char *out = b.oom ? NULL : arena_strdup(a, b.s ? b.s : "null");
    sb_free(&b);
    return out;
}

static const char *fmt_error(arena *a, long line, const char *what)
{
    char buf[600];
    snprintf(buf, sizeof buf, "line %ld: %s", line, what);
    return arena_strdup(a, buf);
}

typedef struct columns {
    int id, name, type, country, dob, idents;
    char delim;
} columns;

/* The error of a row with more identifiers than a query takes. */
static int too_many_idents(arena *a, row *rw, long line)
{
    char msg[80];
    snprintf(msg, sizeof msg, "more than %d identifiers",
             EMB_QUERY_MAX_IDENTS);
    rw->error = fmt_error(a, line, msg);
    return rw->error ? EMB_OK : EMB_ERR_NOMEM;
}

/* The identifiers of a row, written in one field apart by ';' or '|'
 * (idents_split), into rw (arena-allocated); an error when there are more
 * than a query takes. */
static int split_idents(arena *a, row *rw, const char *field, long line)
{
    ident_span sp[EMB_QUERY_MAX_IDENTS];
    size_t n = idents_split(field, sp, EMB_QUERY_MAX_IDENTS);
    if (n > EMB_QUERY_MAX_IDENTS)
        return too_many_idents(a, rw, line);
    if (!n)
        return EMB_OK;
    rw->idents = arena_alloc(a, n * sizeof *rw->idents);
    if (!rw->idents)
        return EMB_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        if (!(rw->idents[i] = arena_strndup(a, sp[i].s, sp[i].len)))
            return EMB_ERR_NOMEM;
    rw->n_idents = n;
    return EMB_OK;
}

static int header_columns(const char *rec, size_t len, columns *c,
                          emb_error *err)
{
    /* Delimiter: the most frequent of , ; and tab in the header. */
    size_t nc = 0, ns = 0, nt = 0;
    for (size_t i = 0; i < len; i++)
        nc += rec[i] == ',', ns += rec[i] == ';', nt += rec[i] == '\t';
    c->delim = nt > nc && nt >= ns ? '\t' : ns > nc ? ';' : ',';
    c->id = c->name = c->type = c->country = c->dob = c->idents = -1;
    csv_reader r;
    csv_init(&r, "input", rec, len, c->delim);
    if (csv_next(&r, err) != CSV_RECORD) {
        csv_free(&r);
        return emb_error_set(err, EMB_ERR_FORMAT, "input", 1, NULL,
                             "cannot read the CSV header");
    }
    for (size_t i = 0; i < r.n_fields; i++) {
        char f[64];
        snprintf(f, sizeof f, "%s", csv_field(&r, i));
        str_trim(f);
        int *slot = !strcasecmp(f, "id")        ? &c->id
                    : !strcasecmp(f, "name")    ? &c->name
                    : !strcasecmp(f, "type")    ? &c->type
                    : !strcasecmp(f, "country") ? &c->country
                    : !strcasecmp(f, "dob")     ? &c->dob
                    : !strcasecmp(f, "identifiers") ? &c->idents
                                                : NULL;
        if (slot && *slot < 0)
            *slot = (int)i;
    }
    csv_free(&r);
    if (c->name < 0)
        return emb_error_set(err, EMB_ERR_FORMAT, "input", 1, "name",
                             "the CSV header has no 'name' column");
    return EMB_OK;
}

/* The id of a row that could not be parsed: its id field when that is
 * plain text on the row's first line, else the row number. */
static const char *salvage_id(arena *a, const columns *c, int mode,
                              const char *rec, size_t len, uint64_t rowno)
{
    char num[32];
    snprintf(num, sizeof num, "%llu", (unsigned long long)rowno);
    if (mode != 1 || c->id < 0)
        return arena_strdup(a, num);
    size_t start = 0, field = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && rec[i] != c->delim && rec[i] != '\n' && rec[i] != '\r')
            continue;
        if (field == (size_t)c->id) {
            if (i > start && !memchr(rec + start, '"', i - start)) {
                char *id = arena_strndup(a, rec + start, i - start);
                return id ? json_quote(a, str_trim(id)) : NULL;
            }
            break;
        }
        if (i == len || rec[i] != c->delim)
            break;
        field++;
        start = i + 1;
    }
    return arena_strdup(a, num);
}

static const char *opt_field(arena *a, const csv_reader *r, int col)
{
    if (col < 0 || (size_t)col >= r->n_fields)
        return NULL;
    const char *s = csv_field(r, (size_t)col);
    return *s ? arena_strdup(a, s) : NULL;
}

static int csv_row(chunk *ch, const columns *c, const char *rec, size_t len,
                   long line, uint64_t rowno)
{
    row *rw = new_row(ch);
    if (!rw)
        return EMB_ERR_NOMEM;
    csv_reader r;
    emb_error e;
    csv_init(&r, "input", rec, len, c->delim);
    int rc = csv_next(&r, &e), oom = 0;
    char num[32];
    snprintf(num, sizeof num, "%llu", (unsigned long long)rowno);
    if (rc != CSV_RECORD) {
        rw->id_json = salvage_id(ch->a, c, 1, rec, len, rowno);
        rw->error = fmt_error(ch->a, line, rc == CSV_TRUNCATED
                                               ? "unclosed quote in CSV row"
                                               : e.message);
    } else {
        const char *id = c->id >= 0 && (size_t)c->id < r.n_fields
                             ? csv_field(&r, (size_t)c->id)
                             : NULL;
        /* an empty id, like none, is the row number */
        rw->id_json =
            id && *id ? json_quote(ch->a, id) : arena_strdup(ch->a, num);
        rw->name = (size_t)c->name < r.n_fields
                       ? arena_strdup(ch->a, csv_field(&r, (size_t)c->name))
                       : NULL;
        rw->type = opt_field(ch->a, &r, c->type);
        rw->country = opt_field(ch->a, &r, c->country);
        rw->dob = opt_field(ch->a, &r, c->dob);
        const char *ids = opt_field(ch->a, &r, c->idents);
        if (ids && split_idents(ch->a, rw, ids, line) != EMB_OK)
            oom = 1;
        if (!rw->name && !rw->n_idents && !rw->error)
            rw->error = fmt_error(ch->a, line, "row has no name field");
    }
    csv_free(&r);
    return rw->id_json && !oom ? EMB_OK : EMB_ERR_NOMEM;
}

static const char *json_opt(arena *a, json_t *o, const char *key, int *bad)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return arena_strdup(a, json_string_value(v));
}

static int json_row(chunk *ch, const char *rec, size_t len, long line,
                    uint64_t rowno)
{
    row *rw = new_row(ch);
    if (!rw)
        return EMB_ERR_NOMEM;
    char num[32];
    snprintf(num, sizeof num, "%llu", (unsigned long long)rowno);
    json_error_t je;
    json_t *o = json_loadb(rec, len, JSON_REJECT_DUPLICATES, &je);
    if (!o || !json_is_object(o)) {
        rw->id_json = arena_strdup(ch->a, num);
        char msg[220];
        snprintf(msg, sizeof msg, "not a JSON object%s%s", o ? "" : ": ",
                 o ? "" : je.text);
        rw->error = fmt_error(ch->a, line, msg);
        json_decref(o);
        return rw->id_json ? EMB_OK : EMB_ERR_NOMEM;
    }
    json_t *id = json_object_get(o, "id");
    if (json_is_string(id)) {
        rw->id_json = json_quote(ch->a, json_string_value(id));
    } else if (json_is_integer(id) || json_is_real(id)) {
        char *t = json_dumps(id, JSON_ENCODE_ANY);
        rw->id_json = t ? arena_strdup(ch->a, t) : NULL;
        free(t);
    } else {
        rw->id_json = arena_strdup(ch->a, num);
    }
    int bad = 0;
    rw->name = json_opt(ch->a, o, "name", &bad);
    rw->type = json_opt(ch->a, o, "type", &bad);
    rw->country = json_opt(ch->a, o, "country", &bad);
    rw->dob = json_opt(ch->a, o, "dob", &bad);
    int rc = EMB_OK;
    json_t *ids = json_object_get(o, "identifiers");
    if (json_is_string(ids)) {
        rc = split_idents(ch->a, rw, json_string_value(ids), line);
    } else if (json_is_array(ids)) {
        /* each element one identifier, trimmed; empty ones passed over */
        size_t n = json_array_size(ids), k = 0;
        rw->idents = arena_alloc(ch->a, (n ? n : 1) * sizeof *rw->idents);
        if (!rw->idents)
            rc = EMB_ERR_NOMEM;
        for (size_t i = 0; rc == EMB_OK && !bad && i < n; i++) {
            json_t *v = json_array_get(ids, i);
            if (!json_is_string(v)) {
                bad = 1;
                break;
            }
            ident_span t = ident_trim(
                (ident_span){json_string_value(v), json_string_length(v)});
            if (!t.len)
                continue;
            if (k == EMB_QUERY_MAX_IDENTS) {
                rc = too_many_idents(ch->a, rw, line);
                break;
            }
            if (!(rw->idents[k++] = arena_strndup(ch->a, t.s, t.len)))
                rc = EMB_ERR_NOMEM;
        }
        rw->n_idents = k;
    } else if (ids && !json_is_null(ids)) {
        bad = 1;
    }
    if (rw->error)
        ;
    else if (bad)
        rw->error = fmt_error(ch->a, line,
                              "name, type, country and dob must be strings, "
                              "identifiers strings or one string");
    else if (!rw->name && !rw->n_idents)
        rw->error = fmt_error(ch->a, line, "object has no name");
    json_decref(o);
    return rw->id_json && rc == EMB_OK ? EMB_OK : EMB_ERR_NOMEM;
}

/* ---- screening a row ------------------------------------------------- */
static void row_error(sbuf *b, const row *r, const char *msg)
{
    sb_puts(b, "{\"id\":");
    sb_puts(b, r->id_json);
    sb_puts(b, ",\"error\":");
    sb_json_str(b, msg);
    sb_put(b, "}", 1);
}

static void do_row(worker *w, row *r)
{
    pool *p = w->p;
    sbuf *b = &w->out;
    r->out_worker = w->idx;
    r->out_off = b->len;
    if (r->error) {
        row_error(b, r, r->error);
        w->errors++;
        r->out_len = b->len - r->out_off;
        return;
    }
    emb_query q = p->base;
    q.name = r->name;
    q.country = r->country;
    q.dob = r->dob;
    q.idents = r->idents;
    q.n_idents = r->n_idents;
    q.kind = EMB_KIND_UNKNOWN;
    if (r->type) {
        q.kind = emb_kind_parse(r->type);
        if (q.kind == EMB_KIND_UNKNOWN && strcasecmp(r->type, "unknown")) {
            char msg[160];
            snprintf(msg, sizeof msg,
                     "type '%.60s' is not person, entity, vessel or aircraft",
                     r->type);
            row_error(b, r, msg);
            w->errors++;
            r->out_len = b->len - r->out_off;
            return;
        }
    }
    const emb_hit *hits;
    size_t n;
    int rc = emb_screen(w->s, &q, &hits, &n);
    if (rc != EMB_OK) {
        char msg[128];
        const char *name = r->name ? r->name : "";
        if (rc == EMB_ERR_LIMIT && strlen(name) > EMB_SCREEN_MAX_NAME)
            snprintf(msg, sizeof msg, "name longer than %d bytes",
                     EMB_SCREEN_MAX_NAME);
        else if (rc == EMB_ERR_LIMIT)
            snprintf(msg, sizeof msg, "an identifier longer than %d bytes",
                     EMB_IDENT_MAX);
        else if (!name[0] && r->n_idents)
            snprintf(msg, sizeof msg, "no name, and no identifier of %d "
                     "letters and digits or more", EMB_IDENT_MIN);
        else if (!name[0])
            snprintf(msg, sizeof msg, "empty name");
        else if (!utf8_valid(r->name, strlen(r->name)))
            snprintf(msg, sizeof msg, "name is not valid UTF-8");
        else if (rc == EMB_ERR_INVALID)
            snprintf(msg, sizeof msg, "name has no letters or digits");
        else
            snprintf(msg, sizeof msg, "%s", emb_strerror(rc));
        row_error(b, r, msg);
        w->errors++;
        r->out_len = b->len - r->out_off;
        return;
    }
    sb_puts(b, "{\"id\":");
    sb_puts(b, r->id_json);
    sb_puts(b, ",\"hits\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_put(b, ",", 1);
        hit_json(b, &hits[i], p->explain);
    }
    sb_puts(b, "]}");
    w->hits += n;
    w->rows_hit += n > 0;
    r->out_len = b->len - r->out_off;
}

static void work(worker *w)
{
    pool *p = w->p;
    chunk *ch = p->ch;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 8);
        if (i >= ch->n)
            break;
        size_t end = i + 8 < ch->n ? i + 8 : ch->n;
        for (; i < end; i++)
            do_row(w, &ch->rows[i]);
    }
}

static void *thread_main(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    unsigned seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->epoch == seen && !p->stop)
            pthread_cond_wait(&p->go, &p->mu);
        if (p->stop)
            break;
        seen = p->epoch;
        pthread_mutex_unlock(&p->mu);
        work(w);
        pthread_mutex_lock(&p->mu);
        if (--p->busy == 0)
            pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void run_chunk(pool *p, chunk *ch)
{
    pthread_mutex_lock(&p->mu);
    p->ch = ch;
    atomic_store(&p->next, 0);
    p->busy = p->nw - 1;
    p->epoch++;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    work(&p->w[0]);
    pthread_mutex_lock(&p->mu);
    while (p->busy > 0)
        pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

static int write_chunk(pool *p, chunk *ch, FILE *out, emb_batch_stats *st)
{
    for (size_t i = 0; i < ch->n; i++) {
        const row *r = &ch->rows[i];
        const sbuf *b = &p->w[r->out_worker].out;
        if (b->oom)
            return EMB_ERR_NOMEM;
        if (fwrite(b->s + r->out_off, 1, r->out_len, out) != r->out_len ||
            fputc('\n', out) == EOF)
            return EMB_ERR_IO;
    }
    st->rows += ch->n;
    for (int k = 0; k < p->nw; k++) {
        worker *w = &p->w[k];
        st->hits += w->hits;
        st->rows_hit += w->rows_hit;
        st->errors += w->errors;
        w->hits = w->rows_hit = w->errors = 0;
        w->out.len = 0;
    }
    return EMB_OK;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pool_stop(pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    for (int k = 1; k < p->nw; k++)
        if (p->w[k].started)
            pthread_join(p->w[k].t, NULL);
    for (int k = 0; k < p->nw; k++) {
        emb_screener_close(p->w[k].s);
        sb_free(&p->w[k].out);
    }
    free(p->w);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->go);
    pthread_cond_destroy(&p->done);
}

int emb_screen_batch(const emb_index *ix, FILE *in_f, FILE *out,
                     const emb_batch_opts *opts, emb_batch_stats *stats,
                     emb_error *err)
{
    emb_batch_stats st = {0};
    if (stats)
        *stats = st;
    if (!ix || !in_f || !out)
        return emb_error_set(err, EMB_ERR_USAGE, NULL, 0, NULL,
                             "emb_screen_batch: NULL argument");
    emb_batch_opts o = {0};
    o.threshold = -1;
    if (opts)
        o = *opts;
    if (!(o.threshold <= 1.0))
        return emb_error_set(err, EMB_ERR_INVALID, NULL, 0, NULL,
                             "threshold must be at most 1");
    int nw = o.threads > 0 ? o.threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (nw < 1)
        nw = 1;
    if (nw > 256)
        nw = 256;

    pool p;
    memset(&p, 0, sizeof p);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.go, NULL);
    pthread_cond_init(&p.done, NULL);
    p.base.threshold = o.threshold;
    p.base.max_hits = o.max_hits;
    p.base.exhaustive = o.exhaustive;
    p.explain = o.explain;
    p.w = calloc((size_t)nw, sizeof *p.w);
    int rc = p.w ? EMB_OK : EMB_ERR_NOMEM;
    if (p.w)
        p.nw = nw;
    for (int k = 0; k < p.nw && rc == EMB_OK; k++) {
        p.w[k].p = &p;
        p.w[k].idx = k;
        rc = emb_screener_open(ix, &p.w[k].s);
    }
    for (int k = 1; k < p.nw && rc == EMB_OK; k++) {
        if (pthread_create(&p.w[k].t, NULL, thread_main, &p.w[k]) != 0) {
            p.nw = k; /* run with the threads we have */
            break;
        }
        p.w[k].started = 1;
    }
    if (rc != EMB_OK) {
        pool_stop(&p);
        return emb_error_set(err, rc, NULL, 0, NULL,
                             "cannot start the batch: %s", emb_strerror(rc));
    }

    input in = {0};
    in.f = in_f;
    in.line = 1;
    chunk ch = {0};
    double t0 = now_s();
    const char *rec;
    size_t len;
    long line;
    int mode = 0; /* 1 csv, 2 ndjson */
    columns cols = {0};
    uint64_t rowno = 0;
    size_t per_chunk = (size_t)p.nw * CHUNK_ROWS_PER_THREAD;
    int done = 0;
    /* Skip a UTF-8 byte order mark and detect the format. */
    while (in.len < 3 && refill(&in))
        ;
    if (in.len >= 3 && memcmp(in.buf, "\xEF\xBB\xBF", 3) == 0) {
        in.pos = 3;
        in.consumed = 3;
    }
    {
        size_t i = in.pos;
        while (i < in.len && isspace((unsigned char)in.buf[i]))
            i++;
        mode = i < in.len && in.buf[i] == '{' ? 2 : 1;
    }
    if (mode == 1) {
        int r = next_record(&in, 1, ',', &rec, &len, &line);
        if (r == REC_EOF)
            done = 1;
        else if (r != REC_OK)
            rc = emb_error_set(err, EMB_ERR_FORMAT, "input", 1, NULL,
                               "the CSV header is unreadable");
        else
            rc = header_columns(rec, len, &cols, err);
    }
    while (rc == EMB_OK && !done) {
        arena_free(ch.a);
        ch.a = arena_new();
        ch.n = 0;
        if (!ch.a) {
            rc = EMB_ERR_NOMEM;
            break;
        }
        while (ch.n < per_chunk && rc == EMB_OK) {
            int r = next_record(&in, mode == 1, cols.delim, &rec, &len, &line);
            if (r == REC_EOF) {
                done = 1;
                break;
            }
            rowno++;
            if (r == REC_TOO_LONG || r == REC_UNCLOSED) {
                row *rw = new_row(&ch);
                if (!rw) {
                    rc = EMB_ERR_NOMEM;
                    break;
                }
                rw->id_json = salvage_id(ch.a, &cols, mode, rec, len, rowno);
                char msg[96];
                if (r == REC_TOO_LONG)
                    snprintf(msg, sizeof msg, "row longer than %d bytes",
                             EMB_BATCH_MAX_ROW);
                else
                    snprintf(msg, sizeof msg, "unclosed quote in CSV row");
                rw->error = fmt_error(ch.a, line, msg);
                if (!rw->id_json || !rw->error)
                    rc = EMB_ERR_NOMEM;
                continue;
            }
            rc = mode == 1 ? csv_row(&ch, &cols, rec, len, line, rowno)
                           : json_row(&ch, rec, len, line, rowno);
        }
        if (in.io_error && rc == EMB_OK)
            rc = in.io_error;
        if (rc != EMB_OK || ch.n == 0)
            break;
        run_chunk(&p, &ch);
        rc = write_chunk(&p, &ch, out, &st);
        if (rc == EMB_OK && fflush(out) != 0)
            rc = EMB_ERR_IO;
        st.bytes_in = in.consumed;
        st.seconds = now_s() - t0;
        if (rc == EMB_OK && o.progress && o.progress(o.user, &st))
            rc = EMB_ERR_INTERRUPTED;
    }
    if (in.io_error && rc == EMB_OK)
        rc = in.io_error;
    st.bytes_in = in.consumed;
    st.seconds = now_s() - t0;
    if (rc != EMB_OK && rc != EMB_ERR_FORMAT)
        emb_error_set(err, rc, "input", in.line, NULL, "batch stopped: %s",
                      emb_strerror(rc));
    arena_free(ch.a);
    free(ch.rows);
    free(in.buf);
    pool_stop(&p);
    if (stats)
        *stats = st;
    return rc;
}
