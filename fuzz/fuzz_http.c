/*
 * fuzz_http.c - fuzzes what the HTTP service reads from clients: screening
 * bodies (object, array, NDJSON lines) and their validation, yente /match
 * bodies, listen addresses, durations, token lists and Authorization
 * headers, and watched books (CSV or NDJSON). None may crash, hang or
 * leak on any input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "store/monitor.h"

static int count_row(void *ctx, const book_row *row)
{
    (*(long *)ctx)++;
    return row->f[0][0] == '!' ? EMB_ERR_PARSE : EMB_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = 0;

    /* Bodies of POST /v1/screen and /match. */
    int kind = srv_screen_body_kind(size && s[0] == 'N' ? "application/x-ndjson"
                                                        : "application/json",
                                    s, size);
    json_error_t je;
    char why[256];
    if (kind == SRV_BODY_NDJSON) {
        char *save = NULL;
        char *copy = strdup(s);
        for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l;
             l = strtok_r(NULL, "\n", &save)) {
            json_t *o = json_loads(l, JSON_REJECT_DUPLICATES, &je);
            srv_query q;
            if (o)
                srv_query_from_json(o, &q, why, sizeof why);
            json_decref(o);
        }
        free(copy);
    }
    json_t *root = json_loadb(s, size, JSON_REJECT_DUPLICATES, &je);
    if (root) {
        srv_query q;
        if (json_is_array(root)) {
            size_t i;
            json_t *o;
            json_array_foreach(root, i, o)
                srv_query_from_json(o, &q, why, sizeof why);
        } else {
            srv_query_from_json(root, &q, why, sizeof why);
        }
        srv_match_query *qs = NULL;
        size_t n = 0;
        if (srv_match_parse(root, &qs, &n, 1000, why, sizeof why) == 0)
            free(qs);
        json_decref(root);
    }

    /* Short texts: addresses, durations, tokens, headers, parameters. */
    char line[300];
    size_t k = 0;
    while (k < size && k < sizeof line - 1 && s[k] != '\n')
        k++;
    memcpy(line, s, k);
    line[k] = 0;
    struct sockaddr_storage ss;
    socklen_t sl;
    srv_parse_listen(line, &ss, &sl, why, sizeof why);
    srv_parse_duration(line);
    srv_token toks[4];
    int nt = srv_tokens_parse(line, toks, 4);
    if (nt > 0)
        srv_token_check(toks, nt, s);
    srv_query q;
    const char *ids[2] = {line, line};
    srv_query_from_params(line, line, line, line, line, line, ids,
                          k % 3, &q, why, sizeof why);
    double d;
    long l;
    srv_parse_double(line, 0, 1, &d);
    srv_parse_long(line, 1, 100, &l);

    /* Watched books. */
    static const char *const cols[] = {"id", "name", "type", "country",
                                       "dob", "identifiers"};
    long rows = 0;
    emb_error err;
    memset(&err, 0, sizeof err);
    book_parse(s, size, cols, 6, 1u, count_row, &rows, &err);
    ident_span sp[4];
    idents_split(s, sp, 4);

    free(s);
    return 0;
}
