/*
 * csv.c - RFC 4180 tokenizer shared by the OFAC, CSL and BIS readers.
 *
 * One pass over the bytes, fields copied into one reusable buffer, no
 * allocation per field. It knows nothing of any list's columns; the readers
 * decide what an unquoted "-0- " or an empty field means. Line numbers count
 * physical lines so that errors point where an editor would.
 */
#include "lists/readers.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CSV_MAX_RECORD (16 * 1024 * 1024)
#define CSV_MAX_FIELDS 4096

void csv_init(csv_reader *r, const char *path, const char *data, size_t len,
              char delim)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->data = data;
    r->len = len;
    r->delim = delim;
    r->next_line = 1;
    /* OFAC files end with a DOS end-of-file byte, possibly after the final
     * line break; some copies keep a line break after it. */
    while (r->len && (data[r->len - 1] == '\n' || data[r->len - 1] == '\r'))
        r->len--;
    if (r->len && data[r->len - 1] == 0x1A)
        r->len--;
}

static int buf_put(csv_reader *r, char c)
{
    if (r->buf_len == r->buf_cap) {
        size_t cap = r->buf_cap ? r->buf_cap * 2 : 1024;
        if (cap > CSV_MAX_RECORD)
            return -1;
        char *p = realloc(r->buf, cap);
        if (!p)
            return -1;
        r->buf = p;
        r->buf_cap = cap;
    }
    r->buf[r->buf_len++] = c;
    return 0;
}

static int field_start(csv_reader *r, int quoted)
{
    if (r->n_fields == r->cap_fields) {
        size_t cap = r->cap_fields ? r->cap_fields * 2 : 32;
        if (cap > CSV_MAX_FIELDS)
            return -1;
        size_t *o = realloc(r->offs, cap * sizeof *o);
        if (!o)
            return -1;
        r->offs = o;
        unsigned char *q = realloc(r->quoted, cap);
        if (!q)
            return -1;
        r->quoted = q;
        r->cap_fields = cap;
    }
    r->offs[r->n_fields] = r->buf_len;
    r->quoted[r->n_fields] = (unsigned char)quoted;
    r->n_fields++;
    return 0;
}

int csv_next(csv_reader *r, emb_error *err)
{
    const char *d = r->data;
    size_t n = r->len, i = r->pos;
    /* Skip blank lines. */
    while (i < n && (d[i] == '\n' || d[i] == '\r')) {
        if (d[i] == '\n')
            r->next_line++;
        i++;
    }
    if (i >= n) {
        r->pos = i;
        return CSV_EOF;
    }
    r->line = r->next_line;
    r->buf_len = 0;
    r->n_fields = 0;
    for (;;) {
        /* Start of a field at d[i]. */
        int quoted = i < n && d[i] == '"';
        if (field_start(r, quoted) < 0)
            return emb_error_set(err, EMB_ERR_LIMIT, r->path, r->line, NULL,
                                 "record has more than %d fields",
                                 CSV_MAX_FIELDS), CSV_ERROR;
        if (quoted) {
            i++;
            for (;;) {
                if (i >= n) {
                    r->pos = n;
                    return CSV_TRUNCATED;
                }
                char c = d[i];
                if (c == '"') {
                    if (i + 1 < n && d[i + 1] == '"') {
                        if (buf_put(r, '"') < 0)
                            goto too_long;
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (c == '\0')
                    goto nul;
                if (c == '\n')
                    r->next_line++;
                if (buf_put(r, c) < 0)
                    goto too_long;
                i++;
            }
            /* Bytes between the closing quote and the delimiter are kept
             * (lenient: some producers write "abc" def). */
        }
        while (i < n && d[i] != r->delim && d[i] != '\n' && d[i] != '\r') {
            if (d[i] == '\0')
                goto nul;
            if (buf_put(r, d[i]) < 0)
                goto too_long;
            i++;
        }
        if (buf_put(r, '\0') < 0)
            goto too_long;
        if (i < n && d[i] == r->delim) {
            i++;
            continue;
        }
        /* End of record. */
        if (i < n && d[i] == '\r')
            i++;
        if (i < n && d[i] == '\n')
            i++;
        r->next_line++;
        r->pos = i;
        return CSV_RECORD;
    }
nul:
    emb_error_set(err, EMB_ERR_PARSE, r->path, r->next_line, NULL,
                  "NUL byte in text (not a text file, or wrong encoding such "
                  "as UTF-16)");
    return CSV_ERROR;
too_long:
    emb_error_set(err, EMB_ERR_LIMIT, r->path, r->line, NULL,
                  "record longer than %d bytes", CSV_MAX_RECORD);
    return CSV_ERROR;
}

const char *csv_field(const csv_reader *r, size_t i)
{
    return i < r->n_fields ? r->buf + r->offs[i] : "";
}

int csv_field_quoted(const csv_reader *r, size_t i)
{
    return i < r->n_fields ? r->quoted[i] : 0;
}

void csv_free(csv_reader *r)
{
    free(r->buf);
    free(r->offs);
    free(r->quoted);
    memset(r, 0, sizeof *r);
}

int csv_map_header(csv_reader *r, const char *const *names, size_t n,
                   const unsigned char *required, long *col, const char *what,
                   emb_error *err)
{
    for (size_t k = 0; k < n; k++)
        col[k] = -1;
    for (size_t i = 0; i < r->n_fields; i++) {
        char *name = r->buf + r->offs[i];
        if (i == 0 && memcmp(name, "\xEF\xBB\xBF", 3) == 0)
            memmove(name, name + 3, strlen(name + 3) + 1);
        str_trim(name);
        for (size_t k = 0; k < n; k++) {
            if (strcasecmp(name, names[k]) != 0)
                continue;
            if (col[k] >= 0)
                return emb_error_set(err, EMB_ERR_PARSE, r->path, r->line,
                                     names[k],
                                     "column appears twice in the header");
            col[k] = (long)i;
        }
    }
    for (size_t k = 0; k < n; k++)
        if (required[k] && col[k] < 0)
            return emb_error_set(err, EMB_ERR_PARSE, r->path, r->line,
                                 names[k],
                                 "header has no column '%s' (not %s?)",
                                 names[k], what);
    return EMB_OK;
}

int csv_read_headed(csv_reader *r, emb_recset *set, const csv_headed_ops *ops,
                    void *ctx, emb_error *err)
{
    int t = csv_next(r, err);
    if (t == CSV_ERROR)
        return err ? err->code : EMB_ERR_PARSE;
    if (t != CSV_RECORD)
        return emb_error_set(err, EMB_ERR_PARSE, r->path, 1, NULL,
                             "no header row");
    int rc = ops->header(ctx);
    if (rc != EMB_OK)
        return rc;
    size_t rows = 0;
    while ((t = csv_next(r, err)) != CSV_EOF) {
        if (t == CSV_ERROR)
            return err ? err->code : EMB_ERR_PARSE;
        if (t == CSV_TRUNCATED) {
            if (recset_warn(set, "%s:%ld: last record is cut off (no closing "
                            "quote); dropped", r->path, r->line))
                return emb_error_set(err, EMB_ERR_NOMEM, r->path, r->line,
                                     NULL, "out of memory");
            break;
        }
        if (ops->is_header_again && ops->is_header_again(ctx))
            continue;
        if ((rc = ops->row(ctx)) != EMB_OK)
            return rc;
        rows++;
    }
    if (!rows)
        return emb_error_set(err, EMB_ERR_PARSE, r->path, r->next_line, NULL,
                             "file has no records");
    return EMB_OK;
}

char *str_trim(char *s)
{
    char *p = s;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    size_t len = strlen(p);
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
                   p[len - 1] == '\r' || p[len - 1] == '\n'))
        len--;
    if (p != s)
        memmove(s, p, len);
    s[len] = '\0';
    return s;
}

int utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t need;
        unsigned min;
        if (c < 0x80) { i++; continue; }
        else if ((c & 0xE0) == 0xC0) { need = 1; min = 0x80; c &= 0x1F; }
        else if ((c & 0xF0) == 0xE0) { need = 2; min = 0x800; c &= 0x0F; }
        else if ((c & 0xF8) == 0xF0) { need = 3; min = 0x10000; c &= 0x07; }
        else return 0;
        if (i + need >= len)
            return 0;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

char *utf8_or_latin1_dup(arena *a, const char *s, size_t len)
{
    if (utf8_valid(s, len))
        return arena_strndup(a, s, len);
    char *out = arena_alloc(a, len * 2 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[o++] = (char)c;
        } else {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = '\0';
    return out;
}
