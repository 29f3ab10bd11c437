/*
 * trades.c - securities and trades under the NS-CMIC rules:
 * GET /v1/securities/{id} (what covers a security, through which record,
 * with the dates) and POST /v1/trades/check (orders in, decisions out, the
 * same JSON as `embargo trades`).
 *
 * The rules object is built with the index from every version of the
 * lists that change over time, and is read-only afterwards, so lookups
 * and decisions run on it from every worker thread at once. Orders are
 * validated for types here; their values (times, sides, identifiers) are
 * the rules' business, which answer a bad value with a review decision
 * naming the field, as the CLI does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

/* Takes the current index; answers 503 when it has no rules. */
static srv_index *rules_or_503(srv_req *r, enum MHD_Result *res)
{
    srv_index *ix = srv_index_acquire(r->srv);
    if (!ix->rules) {
        srv_index_release(ix);
        *res = srv_error(r, 503, "no_lists",
                         "no lists are loaded; import lists first");
        return NULL;
    }
    return ix;
}

enum MHD_Result route_security(srv_req *r, const char *id)
{
    if (!*id || strlen(id) > EMB_RULES_MAX_TEXT)
        return srv_error(r, 400, "bad_request",
                         "the identifier must have 1 to %d bytes",
                         EMB_RULES_MAX_TEXT);
    enum MHD_Result res;
    srv_index *ix = rules_or_503(r, &res);
    if (!ix)
        return res;
    emb_security *sec = NULL;
    int rc = emb_security_lookup(ix->rules, id, EMB_RULES_NEWEST, &sec);
    char *js = NULL;
    if (rc == EMB_OK)
        rc = emb_security_to_json(sec, &js);
    emb_security_free(sec);
    srv_index_release(ix);
    if (rc)
        return srv_error(r, rc == EMB_ERR_LIMIT ? 400 : 500,
                         rc == EMB_ERR_LIMIT ? "bad_request" : "internal",
                         "cannot look the security up: %s", emb_strerror(rc));
    return srv_send(r, 200, "application/json", js, strlen(js));
}

/* A field of an order: a string, or for us_person a boolean too. */
static int order_field(const json_t *o, const char *key, int required,
                       char *buf, size_t n, const char **out, char *why,
                       size_t why_len)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required) {
            snprintf(why, why_len, "field '%s' is required", key);
            return -1;
        }
        return 0;
    }
    if (json_is_boolean(v) && !strcmp(key, "us_person")) {
        snprintf(buf, n, "%s", json_is_true(v) ? "true" : "false");
        *out = buf;
        return 0;
    }
    if (json_is_integer(v) && !strcmp(key, "id")) {
        snprintf(buf, n, "%lld", (long long)json_integer_value(v));
        *out = buf;
        return 0;
    }
    if (!json_is_string(v) || json_string_length(v) > EMB_RULES_MAX_TEXT ||
        strlen(json_string_value(v)) != json_string_length(v)) {
        snprintf(why, why_len, "field '%s' must be a string of at most %d "
                 "bytes", key, EMB_RULES_MAX_TEXT);
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

typedef struct order_bufs {
    char id[32], us[8];
} order_bufs;

static int order_from_json(const json_t *o, emb_order *ord, order_bufs *b,
                           char *why, size_t why_len)
{
    memset(ord, 0, sizeof *ord);
    if (!json_is_object(o)) {
        snprintf(why, why_len, "an order must be a JSON object");
        return -1;
    }
    if (order_field(o, "id", 1, b->id, sizeof b->id, &ord->id, why,
                    why_len) ||
        order_field(o, "time", 1, NULL, 0, &ord->time, why, why_len) ||
        order_field(o, "side", 1, NULL, 0, &ord->side, why, why_len) ||
        order_field(o, "security", 1, NULL, 0, &ord->security, why,
                    why_len) ||
        order_field(o, "us_person", 1, b->us, sizeof b->us, &ord->us_person,
                    why, why_len) ||
        order_field(o, "purpose", 0, NULL, 0, &ord->purpose, why, why_len) ||
        order_field(o, "license", 0, NULL, 0, &ord->license, why, why_len) ||
        order_field(o, "counterparty_us_person", 0, NULL, 0,
                    &ord->counterparty_us_person, why, why_len))
        return -1;
    return 0;
}

enum MHD_Result route_trades(srv_req *r)
{
    if (!r->body || !r->len)
        return srv_error(r, 400, "bad_request", "a JSON body is required");
    json_error_t je;
    json_t *root = json_loadb(r->body, r->len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return srv_error(r, 400, "invalid_json",
                         "malformed JSON at line %d, column %d: %s", je.line,
                         je.column, je.text);
    /* An order, an array of orders, or {"orders": [...]}. */
    json_t *orders = root;
    if (json_is_object(root) && json_is_array(json_object_get(root, "orders")))
        orders = json_object_get(root, "orders");
    int many = json_is_array(orders);
    size_t n = many ? json_array_size(orders) : 1;
    if (!many && !json_is_object(orders)) {
        json_decref(root);
        return srv_error(r, 400, "bad_request",
                         "the body must be an order object or an array of "
                         "orders");
    }
    if (n > r->srv->o.max_batch) {
        json_decref(root);
        return srv_error(r, 413, "batch_too_large",
                         "%zu orders; at most %zu in one request", n,
                         r->srv->o.max_batch);
    }
    emb_order *ords = calloc(n ? n : 1, sizeof *ords);
    order_bufs *bufs = calloc(n ? n : 1, sizeof *bufs);
    if (!ords || !bufs) {
        free(ords);
        free(bufs);
        json_decref(root);
        return MHD_NO;
    }
    for (size_t i = 0; i < n; i++) {
        char why[256];
        const json_t *o = many ? json_array_get(orders, i) : orders;
        if (order_from_json(o, &ords[i], &bufs[i], why, sizeof why)) {
            free(ords);
            free(bufs);
            json_decref(root);
            if (many)
                return srv_error(r, 400, "bad_request", "order %zu: %s", i,
                                 why);
            return srv_error(r, 400, "bad_request", "%s", why);
        }
    }
    enum MHD_Result res;
    srv_index *ix = rules_or_503(r, &res);
    if (!ix) {
        free(ords);
        free(bufs);
        json_decref(root);
        return res;
    }
    json_t *out = json_array();
    json_t *audit = json_array();
    int rc = EMB_OK;
    for (size_t i = 0; i < n && rc == EMB_OK; i++) {
        emb_decision *d = NULL;
        char *js = NULL;
        rc = emb_decide(ix->rules, &ords[i], &d);
        if (rc == EMB_OK)
            rc = emb_decision_to_json(d, &js);
        json_t *dj = js ? json_loads(js, 0, NULL) : NULL;
        if (dj) {
            json_array_append_new(out, dj);
            json_array_append_new(
                audit, json_pack("{s:s, s:s, s:s, s:s}", "id", ords[i].id,
                                 "security", ords[i].security, "side",
                                 ords[i].side, "decision",
                                 emb_verdict_name(d->verdict)));
        }
        emb_free(js);
        emb_decision_free(d);
    }
    json_t *detail = json_pack("{s:I, s:o}", "orders", (json_int_t)n,
                               "decisions", audit);
    srv_audit(r->srv, r->who, "trade_check", detail, ix->versions_str);
    srv_index_release(ix);
    free(ords);
    free(bufs);
    json_decref(root);
    if (rc) {
        json_decref(out);
        return srv_error(r, 500, "internal", "cannot decide: %s",
                         emb_strerror(rc));
    }
    if (many)
        return srv_send_json(r, 200, json_pack("{s:o}", "decisions", out));
    json_t *one = json_incref(json_array_get(out, 0));
    json_decref(out);
    return srv_send_json(r, 200, one);
}
