/*
 * book.c - reads a watched book (customers or holdings) sent as CSV with a
 * header row or as NDJSON objects, row by row, into fixed columns.
 *
 * The whole body is in memory (the server bounds its size), so the parser
 * works on the buffer in place: CSV through the shared tokenizer, NDJSON
 * one line at a time through jansson. It never keeps a row: the callback
 * copies what it wants. Every rejection names the line and the field, and
 * the caller stores nothing unless the whole book parsed.
 *
 * A column of identifiers holds several, apart by ';' or '|' (in NDJSON
 * also an array, joined here into that form): the row keeps the text as
 * written, and idents_split (ident.c) reads the identifiers out of it
 * where they are checked or screened.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "lists/model.h"
#include "lists/readers.h"
#include "store/monitor.h"

#define BOOK_NAME "request body"

static char detect_delim(const char *s, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    for (size_t i = 0; i < len && s[i] != '\n'; i++) {
        if (s[i] == ',') comma++;
        else if (s[i] == ';') semi++;
        else if (s[i] == '\t') tab++;
    }
    if (tab > comma && tab >= semi)
        return '\t';
    if (semi > comma)
        return ';';
    return ',';
}

static int check_value(const char *v, size_t len, long line,
                       const char *col, emb_error *err)
{
    if (len > EMB_WATCH_MAX_FIELD)
        return emb_error_set(err, EMB_ERR_LIMIT, BOOK_NAME, line, col,
                             "value has %zu bytes, at most %d allowed", len,
                             EMB_WATCH_MAX_FIELD);
    if (!utf8_valid(v, len))
        return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, line, col,
                             "value is not valid UTF-8");
    return EMB_OK;
}

static int check_required(const book_row *row, const char *const *cols,
                          size_t n_cols, unsigned required, emb_error *err)
{
    for (size_t c = 0; c < n_cols; c++)
        if ((required & (1u << c)) && !*row->f[c])
            return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, row->line,
                                 cols[c], "required value is empty");
    return EMB_OK;
}

static int parse_csv(const char *body, size_t len, const char *const *cols,
                     size_t n_cols, unsigned required, book_row_fn fn,
                     void *ctx, emb_error *err)
{
    csv_reader r;
    csv_init(&r, BOOK_NAME, body, len, detect_delim(body, len));
    int map[BOOK_MAX_COLS];
    for (size_t c = 0; c < n_cols; c++)
        map[c] = -1;
    int rc = csv_next(&r, err);
    if (rc != CSV_RECORD) {
        csv_free(&r);
        if (rc == CSV_ERROR)
            return err ? err->code : EMB_ERR_PARSE;
        return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, 1, NULL,
                             "no header row");
    }
    for (size_t i = 0; i < r.n_fields; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s", csv_field(&r, i));
        str_trim(name);
        /* A UTF-8 byte order mark before the first name. */
        char *n = name;
        if (i == 0 && (unsigned char)n[0] == 0xEF &&
            (unsigned char)n[1] == 0xBB && (unsigned char)n[2] == 0xBF)
            n += 3;
        for (size_t c = 0; c < n_cols; c++)
            if (map[c] < 0 && !strcasecmp(n, cols[c]))
                map[c] = (int)i;
    }
    for (size_t c = 0; c < n_cols; c++)
        if ((required & (1u << c)) && map[c] < 0) {
            csv_free(&r);
            return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, 1, cols[c],
                                 "the header has no '%s' column", cols[c]);
        }
    long rows = 0;
    rc = EMB_OK;
    for (;;) {
        int k = csv_next(&r, err);
        if (k == CSV_EOF)
            break;
        if (k == CSV_ERROR) {
            rc = err ? err->code : EMB_ERR_PARSE;
            break;
        }
        if (k == CSV_TRUNCATED) {
            rc = emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, r.line, NULL,
                               "the body ends inside a quoted field");
            break;
        }
        if (++rows > EMB_WATCH_MAX_ROWS) {
            rc = emb_error_set(err, EMB_ERR_LIMIT, BOOK_NAME, r.line, NULL,
                               "more than %d rows", EMB_WATCH_MAX_ROWS);
            break;
        }
        book_row row = {.line = r.line};
        for (size_t c = 0; c < n_cols; c++) {
            row.f[c] = map[c] < 0 ? "" : csv_field(&r, (size_t)map[c]);
            /* Fields are NUL-terminated in the reader's own buffer. */
            char *v = (char *)row.f[c];
            if (*v)
                row.f[c] = v = str_trim(v);
            rc = check_value(v, strlen(v), r.line, cols[c], err);
            if (rc)
                break;
        }
        if (rc == EMB_OK)
            rc = check_required(&row, cols, n_cols, required, err);
        if (rc == EMB_OK)
            rc = fn(ctx, &row);
        if (rc)
            break;
    }
    csv_free(&r);
    return rc;
}

/* The strings of an NDJSON array of identifiers, joined by "; " into
 * *out (malloc'd), the form a CSV field writes them in. */
static int join_idents(json_t *arr, long line, const char *col, char **out,
                       emb_error *err)
{
    size_t len = 1, i;
    json_t *e;
    json_array_foreach(arr, i, e) {
        if (!json_is_string(e))
            return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, line, col,
                                 "must be a string or an array of strings");
        const char *v = json_string_value(e);
        size_t n = json_string_length(e);
        if (memchr(v, 0, n))
            return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, line, col,
                                 "value contains a NUL");
        if (strpbrk(v, ";|"))
            return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, line, col,
                                 "an identifier of the array holds ';' or "
                                 "'|', which separate identifiers");
        len += n + 2;
    }
    char *b = malloc(len);
    if (!b)
        return emb_error_set(err, EMB_ERR_NOMEM, BOOK_NAME, line, col,
                             "out of memory");
    size_t o = 0;
    json_array_foreach(arr, i, e) {
        size_t n = json_string_length(e);
        if (o) {
            memcpy(b + o, "; ", 2);
            o += 2;
        }
        memcpy(b + o, json_string_value(e), n);
        o += n;
    }
    b[o] = 0;
    int rc = check_value(b, o, line, col, err);
    if (rc)
        free(b);
    else
        *out = b;
    return rc;
}

/* 1 when column col holds identifiers (a customer's identifiers, a
 * holding's issuer_identifiers), which NDJSON may give as an array. */
static int idents_column(const char *col)
{
    size_t n = strlen(col), k = strlen("identifiers");
    return n >= k && !strcmp(col + n - k, "identifiers");
}

/* Reads one NDJSON object into row (strings copied into bufs). */
static int ndjson_row(json_t *obj, long line, const char *const *cols,
                      size_t n_cols, book_row *row, char **bufs,
                      emb_error *err)
{
    if (!json_is_object(obj))
        return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, line, NULL,
                             "each line must be a JSON object");
    for (size_t c = 0; c < n_cols; c++) {
        row->f[c] = "";
        json_t *v = json_object_get(obj, cols[c]);
        if (!v || json_is_null(v))
            continue;
        if (json_is_string(v)) {
            size_t n = json_string_length(v);
            int rc = check_value(json_string_value(v), n, line, cols[c], err);
            if (rc)
                return rc;
            if (memchr(json_string_value(v), 0, n))
                return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, line,
                                     cols[c], "value contains a NUL");
            bufs[c] = strdup(json_string_value(v));
        } else if (json_is_array(v) && idents_column(cols[c])) {
            int rc = join_idents(v, line, cols[c], &bufs[c], err);
            if (rc)
                return rc;
        } else if (json_is_number(v) && (!strcmp(cols[c], "id") ||
                                          !strcmp(cols[c], "quantity"))) {
            char tmp[64];
            if (json_is_integer(v))
                snprintf(tmp, sizeof tmp, "%lld",
                         (long long)json_integer_value(v));
            else
                snprintf(tmp, sizeof tmp, "%.17g", json_real_value(v));
            bufs[c] = strdup(tmp);
        } else {
            return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, line,
                                 cols[c], "%s",
                                 !idents_column(cols[c])
                                     ? "must be a string"
                                     : "must be a string or an array of "
                                       "strings");
        }
        if (!bufs[c])
            return emb_error_set(err, EMB_ERR_NOMEM, BOOK_NAME, line,
                                 cols[c], "out of memory");
        row->f[c] = str_trim(bufs[c]);
    }
    return EMB_OK;
}

static int parse_ndjson(const char *body, size_t len, const char *const *cols,
                        size_t n_cols, unsigned required, book_row_fn fn,
                        void *ctx, emb_error *err)
{
    size_t pos = 0;
    long line = 0, rows = 0;
    int rc = EMB_OK;
    while (pos < len && rc == EMB_OK) {
        const char *nl = memchr(body + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - body) : len;
        const char *s = body + pos;
        size_t n = end - pos;
        pos = end + 1;
        line++;
        while (n && isspace((unsigned char)*s))
            s++, n--;
        while (n && isspace((unsigned char)s[n - 1]))
            n--;
        if (!n)
            continue;
        if (++rows > EMB_WATCH_MAX_ROWS)
            return emb_error_set(err, EMB_ERR_LIMIT, BOOK_NAME, line, NULL,
                                 "more than %d rows", EMB_WATCH_MAX_ROWS);
        json_error_t je;
        json_t *obj = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
        if (!obj)
            return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, line, NULL,
                                 "invalid JSON: %s", je.text);
        book_row row = {.line = line};
        char *bufs[BOOK_MAX_COLS] = {0};
        rc = ndjson_row(obj, line, cols, n_cols, &row, bufs, err);
        if (rc == EMB_OK)
            rc = check_required(&row, cols, n_cols, required, err);
        if (rc == EMB_OK)
            rc = fn(ctx, &row);
        for (size_t c = 0; c < n_cols; c++)
            free(bufs[c]);
        json_decref(obj);
    }
    return rc;
}

int book_parse(const char *body, size_t len, const char *const *cols,
               size_t n_cols, unsigned required, book_row_fn fn, void *ctx,
               emb_error *err)
{
    if (!body || !cols || n_cols == 0 || n_cols > BOOK_MAX_COLS || !fn)
        return emb_error_set(err, EMB_ERR_USAGE, NULL, 0, NULL,
                             "invalid arguments");
    size_t i = 0;
    while (i < len && isspace((unsigned char)body[i]))
        i++;
    if (i == len)
        return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, 1, NULL,
                             "the body is empty");
    if (memchr(body, 0, len))
        return emb_error_set(err, EMB_ERR_PARSE, BOOK_NAME, 0, NULL,
                             "the body contains a NUL byte");
    if (body[i] == '{')
        return parse_ndjson(body, len, cols, n_cols, required, fn, ctx, err);
    return parse_csv(body, len, cols, n_cols, required, fn, ctx, err);
}
