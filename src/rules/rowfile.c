/*
 * rowfile.c - the user's CSV files (orders, security master, holdings,
 * portfolio): reading them whole and finding their columns by name.
 *
 * Columns are found by header name, in any order, case-insensitively,
 * with a UTF-8 byte-order mark and surrounding spaces ignored; extra
 * columns are ignored. Files are capped at LISTS_MAX_FILE_BYTES.
 */
#include "rules/rowfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int rules_file_bytes(const char *path, const char **data, size_t *len,
                     char **owned, emb_error *err)
{
    *owned = NULL;
    if (*data)
        return EMB_OK;
    if (!path)
        return emb_error_set(err, EMB_ERR_USAGE, NULL, 0, NULL,
                             "no file and no data");
    FILE *f = fopen(path, "rb");
    if (!f)
        return emb_error_set(err, EMB_ERR_IO, path, 0, NULL, "%s",
                             strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return emb_error_set(err, EMB_ERR_NOMEM, path, 0, NULL,
                             "out of memory");
    }
    for (;;) {
        if (n == cap) {
            if (cap >= LISTS_MAX_FILE_BYTES) {
                free(buf);
                fclose(f);
                return emb_error_set(err, EMB_ERR_LIMIT, path, 0, NULL,
                                     "file is larger than %zu bytes",
                                     (size_t)LISTS_MAX_FILE_BYTES);
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                fclose(f);
                return emb_error_set(err, EMB_ERR_NOMEM, path, 0, NULL,
                                     "out of memory");
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return emb_error_set(err, EMB_ERR_IO, path, 0, NULL, "read error");
    }
    *owned = buf;
    *data = buf;
    *len = n;
    return EMB_OK;
}

int emb_file_read(const char *path, char **data, size_t *len, emb_error *err)
{
    if (data)
        *data = NULL;
    if (len)
        *len = 0;
    if (!data || !len)
        return emb_error_set(err, EMB_ERR_USAGE, NULL, 0, NULL,
                             "no place for the bytes");
    const char *d = NULL;
    char *owned = NULL;
    int rc = rules_file_bytes(path, &d, len, &owned, err);
    if (rc == EMB_OK)
        *data = owned;
    return rc;
}

int rules_header(csv_reader *r, const char *const *want, size_t n_want,
                 int *idx, emb_error *err)
{
    for (size_t i = 0; i < n_want; i++)
        idx[i] = -1;
    int rc = csv_next(r, err);
    if (rc == CSV_ERROR)
        return err ? err->code : EMB_ERR_PARSE;
    if (rc != CSV_RECORD)
        return emb_error_set(err, EMB_ERR_FORMAT, r->path, 1, NULL,
                             "empty file: expected a header row");
    /* Column names are matched as every headed CSV is (csv.c): trimmed,
     * BOM stripped, case-insensitive, a column named twice is an error. */
    static const unsigned char none[64];
    long col[64];
    if (n_want > 64)
        return emb_error_set(err, EMB_ERR_USAGE, r->path, 1, NULL,
                             "too many columns asked for");
    rc = csv_map_header(r, want, n_want, none, col, "a header row", err);
    if (rc != EMB_OK)
        return rc;
    for (size_t i = 0; i < n_want; i++)
        idx[i] = (int)col[i];
    return EMB_OK;
}

char *rules_cell(const csv_reader *r, int idx)
{
    if (idx < 0 || (size_t)idx >= r->n_fields)
        return NULL;
    char *s = str_trim((char *)csv_field(r, (size_t)idx));
    return *s ? s : NULL;
}
