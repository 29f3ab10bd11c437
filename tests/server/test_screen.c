/*
 * test_screen.c - screening over HTTP: GET and POST /v1/screen (object,
 * array, NDJSON stream), by name and by identifier, the same hits as the
 * library (and so the CLI), the yente /match shape, the audit entries of
 * screens, an index swap under load without a failed request, admission
 * control (503 with Retry-After) and a graceful stop with requests in
 * flight.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "client.h"
#include "store/monitor.h"

#if defined(EMB_DEFAULT_THRESHOLD)

static test_srv T;

static int setup(void **state)
{
    emb_server_opts o;
    emb_server_opts_init(&o);
    o.max_batch = 1000;
    test_srv_start(&T, &o);
    http_res r;
    api_import(&T, test_list_path("ofac_cons_2025-12"), &r);
    http_res_free(&r);
    return 0;
}

static int teardown(void **state)
{
    test_srv_stop(&T);
    return 0;
}

static json_t *first_hit(json_t *result)
{
    return json_array_get(json_object_get(result, "hits"), 0);
}

static void test_get_screen(void **state)
{
    http_res r;
    assert_int_equal(http_get(&T, "/v1/screen?name=SZ%20DJI%20Technology"
                                  "&type=entity", &r), 200);
    json_t *res = json_object_get(r.json, "result");
    json_t *h = first_hit(res);
    assert_string_equal(json_string_value(json_object_get(h, "source")),
                        "us_ofac_cons");
    assert_string_equal(json_string_value(json_object_get(h, "source_id")),
                        "33111");
    double score = json_number_value(json_object_get(h, "score"));
    assert_true(score >= EMB_DEFAULT_THRESHOLD && score <= 1.0);
    assert_non_null(json_object_get(h, "explanation"));
    assert_string_equal(
        json_string_value(json_object_get(r.json, "list_versions")),
        "us_ofac_cons:1");
    http_res_free(&r);

    /* Nothing for a name nobody lists. */
    assert_int_equal(http_get(&T, "/v1/screen?name=Maple%20Leaf%20Bakery%20"
                                  "Cooperative", &r), 200);
    assert_int_equal(json_array_size(json_object_get(
                         json_object_get(r.json, "result"), "hits")), 0);
    http_res_free(&r);

    /* A name the engine cannot read is 422. */
    assert_int_equal(http_get(&T, "/v1/screen?name=%20%2C%2E", &r), 422);
    assert_string_equal(err_code(&r), "invalid_name");
    http_res_free(&r);
    /* Over the name limit: 400 before the engine. */
    char path[EMB_SCREEN_MAX_NAME + 64];
    strcpy(path, "/v1/screen?name=");
    for (int i = 0; i < EMB_SCREEN_MAX_NAME + 1; i++)
        strcat(path, "a");
    assert_int_equal(http_get(&T, path, &r), 400);
    http_res_free(&r);
}

/* The evidence entry of a hit that names a query identifier, or NULL. */
static json_t *ident_evidence(json_t *hit)
{
    json_t *ev = json_object_get(json_object_get(hit, "explanation"),
                                 "evidence");
    size_t i;
    json_t *e;
    json_array_foreach(ev, i, e)
        if (!strcmp(json_string_value(json_object_get(e, "field")),
                    "identifier"))
            return e;
    return NULL;
}

/* Asserts that hit is BANK VTB 24 (us_ofac_cons:18719, SWIFT/BIC
 * CBGURUMM, website www.vtb24.ru) at 1, found by the query identifier
 * `query` as the listed one `label` `value`. */
static void assert_vtb24(json_t *hit, const char *query, const char *label,
                         const char *value)
{
    assert_non_null(hit);
    assert_string_equal(json_string_value(json_object_get(hit, "source_id")),
                        "18719");
    assert_true(json_number_value(json_object_get(hit, "score")) == 1.0);
    json_t *ev = ident_evidence(hit);
    assert_non_null(ev);
    assert_string_equal(json_string_value(json_object_get(ev, "query_value")),
                        query);
    assert_string_equal(json_string_value(json_object_get(ev, "list_label")),
                        label);
    assert_string_equal(json_string_value(json_object_get(ev, "list_value")),
                        value);
}

static void test_get_screen_by_identifier(void **state)
{
    http_res r;
    /* An identifier alone: its institution's BIC of the 11-character one. */
    assert_int_equal(http_get(&T, "/v1/screen?identifier=CBGURUMMXXX", &r),
                     200);
    json_t *res = json_object_get(r.json, "result");
    assert_int_equal(json_array_size(json_object_get(res, "hits")), 1);
    json_t *ev = ident_evidence(first_hit(res));
    assert_string_equal(json_string_value(json_object_get(ev, "list_kind")),
                        "swift_bic");
    assert_vtb24(first_hit(res), "CBGURUMMXXX", "SWIFT/BIC", "CBGURUMM");
    http_res_free(&r);

    /* A name nobody lists beside identifiers, one too short to name
     * anyone and a website written otherwise than the list does. */
    assert_int_equal(http_get(&T, "/v1/screen?name=Maple%20Leaf%20Bakery"
                                  "&identifier=12345&identifier=http%3A%2F"
                                  "%2Fwww.vtb24.ru%2F", &r), 200);
    res = json_object_get(r.json, "result");
    assert_int_equal(json_array_size(json_object_get(res, "hits")), 1);
    assert_vtb24(first_hit(res), "http://www.vtb24.ru/", "Website",
                 "www.vtb24.ru");
    http_res_free(&r);

    /* With a listed name: the name's hit and the identifier's, each
     * explained by what found it. */
    assert_int_equal(http_get(&T, "/v1/screen?name=SZ%20DJI%20Technology"
                                  "&identifier=CBGURUMM", &r), 200);
    json_t *hits = json_object_get(json_object_get(r.json, "result"),
                                   "hits");
    json_t *vtb = NULL, *dji = NULL, *h;
    size_t i;
    json_array_foreach(hits, i, h) {
        const char *sid = json_string_value(json_object_get(h, "source_id"));
        if (!strcmp(sid, "18719"))
            vtb = h;
        else if (!strcmp(sid, "33111"))
            dji = h;
    }
    assert_vtb24(vtb, "CBGURUMM", "SWIFT/BIC", "CBGURUMM");
    assert_non_null(dji);
    assert_null(ident_evidence(dji));
    http_res_free(&r);

    /* Neither a name nor an identifier is 400; only identifiers too short
     * to name anyone are 422. */
    assert_int_equal(http_get(&T, "/v1/screen?type=entity&identifier=%20",
                              &r), 400);
    assert_string_equal(err_code(&r), "bad_request");
    assert_non_null(strstr(r.body, "'name' or 'identifier' is required"));
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/screen?identifier=12345", &r), 422);
    assert_string_equal(err_code(&r), "invalid_identifier");
    assert_non_null(strstr(r.body, "no name, and no identifier of 6"));
    http_res_free(&r);
    /* Over the limits: 400 before the engine. */
    char path[2048] = "/v1/screen?name=x";
    for (int k = 0; k <= EMB_QUERY_MAX_IDENTS; k++)
        snprintf(path + strlen(path), sizeof path - strlen(path),
                 "&identifier=ID%06d", k);
    assert_int_equal(http_get(&T, path, &r), 400);
    assert_non_null(strstr(r.body, "more than 16 identifiers"));
    http_res_free(&r);
    strcpy(path, "/v1/screen?identifier=");
    for (int k = 0; k <= EMB_IDENT_MAX; k++)
        strcat(path, "7");
    assert_int_equal(http_get(&T, path, &r), 400);
    assert_non_null(strstr(r.body, "longer than 256 bytes"));
    http_res_free(&r);
}

static void test_post_screen_by_identifier(void **state)
{
    http_res r;
    /* An array of identifiers, without a name. */
    assert_int_equal(http_json(&T, "POST", "/v1/screen",
                               "{\"id\": \"a\", \"identifiers\": "
                               "[\"CBGURUMM\"]}", NULL, &r), 200);
    json_t *res = json_object_get(r.json, "result");
    assert_string_equal(json_string_value(json_object_get(res, "id")), "a");
    assert_vtb24(first_hit(res), "CBGURUMM", "SWIFT/BIC", "CBGURUMM");
    http_res_free(&r);

    /* One string of several, apart by ';' or '|', and an empty array
     * beside a name. */
    assert_int_equal(
        http_json(&T, "POST", "/v1/screen",
                  "[{\"id\": \"s\", \"name\": \"\","
                  "  \"identifiers\": \"12345; www.vtb24.ru | \"},"
                  " {\"id\": \"n\", \"name\": \"SZ DJI Technology\","
                  "  \"identifiers\": []}]", NULL, &r), 200);
    json_t *results = json_object_get(r.json, "results");
    assert_int_equal(json_array_size(results), 2);
    assert_vtb24(first_hit(json_array_get(results, 0)), "www.vtb24.ru",
                 "Website", "www.vtb24.ru");
    json_t *dji = first_hit(json_array_get(results, 1));
    assert_string_equal(json_string_value(json_object_get(dji, "source_id")),
                        "33111");
    assert_null(ident_evidence(dji));
    http_res_free(&r);

    /* NDJSON: a line of the wrong type gets its error, the stream goes
     * on. */
    const char *nd = "{\"id\": \"x\", \"identifiers\": \"CBGURUMM\"}\n"
                     "{\"id\": \"y\", \"identifiers\": 5}\n"
                     "{\"id\": \"z\", \"identifiers\": [\"1234\"]}\n";
    assert_int_equal(http_do(&T, "POST", "/v1/screen", nd, strlen(nd),
                             "application/x-ndjson", NULL, &r), 200);
    char *save = NULL, *l1 = strtok_r(r.body, "\n", &save);
    char *l2 = strtok_r(NULL, "\n", &save), *l3 = strtok_r(NULL, "\n", &save);
    assert_non_null(l3);
    json_t *j1 = json_loads(l1, 0, NULL), *j2 = json_loads(l2, 0, NULL),
           *j3 = json_loads(l3, 0, NULL);
    assert_vtb24(first_hit(j1), "CBGURUMM", "SWIFT/BIC", "CBGURUMM");
    assert_string_equal(json_string_value(json_object_get(j2, "id")), "y");
    assert_string_equal(json_string_value(json_object_get(j2, "error")),
                        "field 'identifiers' must be an array of strings or "
                        "one string");
    assert_string_equal(json_string_value(json_object_get(j3, "error")),
                        "no name, and no identifier of 6 letters and digits "
                        "or more");
    json_decref(j1);
    json_decref(j2);
    json_decref(j3);
    http_res_free(&r);

    /* A wrong type is 400, naming the field and the query. */
    assert_int_equal(http_json(&T, "POST", "/v1/screen",
                               "[{\"name\": \"A\"}, {\"identifiers\": "
                               "[\"CBGURUMM\", 7]}]", NULL, &r), 400);
    assert_string_equal(err_code(&r), "bad_request");
    assert_non_null(strstr(r.body, "query 1: field 'identifiers' must be an "
                                   "array of strings or one string"));
    http_res_free(&r);
    expect_rejected(&T, "/v1/screen",
                    "{\"identifiers\": {\"imo\": \"9879727\"}}",
                    "field 'identifiers' must be");
    expect_rejected(&T, "/v1/screen", "{\"type\": \"entity\"}",
                    "field 'name' or 'identifiers' is required");
}

static void test_same_hits_as_the_library(void **state)
{
    emb_recset **sets = NULL;
    size_t n = 0;
    emb_error err = {0};
    assert_int_equal(emb_lists_read(test_list_path("ofac_cons_2025-12"),
                                    &sets, &n, &err), EMB_OK);
    emb_index *ix = NULL;
    assert_int_equal(emb_index_build(sets, n, &ix, &err), EMB_OK);
    emb_free(sets);
    emb_screener *sc = NULL;
    assert_int_equal(emb_screener_open(ix, &sc), EMB_OK);
    emb_query q = {.name = "China Telecom Corp", .threshold = -1};
    const emb_hit *hits;
    size_t nh;
    assert_int_equal(emb_screen(sc, &q, &hits, &nh), EMB_OK);
    assert_true(nh >= 1);
    char *want = NULL;
    assert_int_equal(emb_hit_to_json(sc, &hits[0], &want), EMB_OK);

    http_res r;
    assert_int_equal(http_json(&T, "POST", "/v1/screen",
                               "{\"id\": \"q1\", \"name\": \"China Telecom "
                               "Corp\"}", NULL, &r), 200);
    assert_non_null(strstr(r.body, want));
    json_t *res = json_object_get(r.json, "result");
    assert_string_equal(json_string_value(json_object_get(res, "id")), "q1");
    assert_int_equal(json_array_size(json_object_get(res, "hits")), nh);
    http_res_free(&r);
    emb_free(want);
    emb_screener_close(sc);
    emb_index_close(ix);
}

static void test_post_array_and_ndjson(void **state)
{
    http_res r;
    assert_int_equal(
        http_json(&T, "POST", "/v1/screen",
                  "[{\"id\": 1, \"name\": \"SZ DJI Technology\"},"
                  " {\"id\": \"b\", \"name\": \"Maple Leaf Bakery\"},"
                  " {\"id\": \"c\", \"name\": \"China Telecom\","
                  "  \"type\": \"entity\", \"limit\": 1}]", NULL, &r), 200);
    json_t *results = json_object_get(r.json, "results");
    assert_int_equal(json_array_size(results), 3);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(results, 0), "id")), "1");
    assert_string_equal(json_string_value(json_object_get(
                            first_hit(json_array_get(results, 0)),
                            "source_id")), "33111");
    assert_int_equal(json_array_size(json_object_get(
                         json_array_get(results, 1), "hits")), 0);
    assert_int_equal(json_array_size(json_object_get(
                         json_array_get(results, 2), "hits")), 1);
    http_res_free(&r);

    /* NDJSON in, NDJSON out, one line per input line, in order; a bad
     * line gets an error line and the stream goes on. */
    size_t rows = 300;
    char *body = malloc(rows * 80);
    size_t len = 0;
    for (size_t i = 0; i < rows; i++) {
        if (i == 7)
            len += (size_t)sprintf(body + len, "{\"id\": \"r%zu\", \"name\": 5}\n",
                                   i);
        else if (i == 8)
            len += (size_t)sprintf(body + len, "{not json\n");
        else
            len += (size_t)sprintf(body + len,
                                   "{\"id\": \"r%zu\", \"name\": \"%s\"}\n", i,
                                   i % 2 ? "SZ DJI Technology"
                                         : "Maple Leaf Bakery");
    }
    assert_int_equal(http_do(&T, "POST", "/v1/screen", body, len,
                             "application/x-ndjson", NULL, &r), 200);
    assert_non_null(strstr(r.headers, "application/x-ndjson"));
    size_t lines = 0;
    char *save = NULL;
    for (char *l = strtok_r(r.body, "\n", &save); l;
         l = strtok_r(NULL, "\n", &save)) {
        json_t *j = json_loads(l, 0, NULL);
        assert_non_null(j);
        if (lines == 7) {
            assert_string_equal(json_string_value(json_object_get(j, "id")),
                                "r7");
            assert_non_null(json_object_get(j, "error"));
        } else if (lines == 8) {
            assert_non_null(strstr(json_string_value(json_object_get(
                                       j, "error")), "line 9"));
        } else {
            char id[16];
            snprintf(id, sizeof id, "r%zu", lines);
            assert_string_equal(json_string_value(json_object_get(j, "id")),
                                id);
            assert_int_equal(json_array_size(json_object_get(j, "hits")) > 0,
                             lines % 2);
        }
        json_decref(j);
        lines++;
    }
    assert_int_equal(lines, rows);
    http_res_free(&r);
    free(body);
}

/* POST /match/default with body answers query key with one result, the
 * party id at 1 and a match. */
static void expect_one_match(const char *body, const char *key,
                             const char *id)
{
    http_res r;
    assert_int_equal(http_json(&T, "POST", "/match/default", body, NULL, &r),
                     200);
    json_t *q = json_object_get(json_object_get(r.json, "responses"), key);
    assert_int_equal(json_array_size(json_object_get(q, "results")), 1);
    json_t *res = json_array_get(json_object_get(q, "results"), 0);
    assert_string_equal(json_string_value(json_object_get(res, "id")), id);
    assert_true(json_number_value(json_object_get(res, "score")) == 1.0);
    assert_true(json_is_true(json_object_get(res, "match")));
    http_res_free(&r);
}

static void test_yente_match(void **state)
{
    http_res r;
    const char *body =
        "{\"queries\": {"
        "  \"q1\": {\"schema\": \"Company\", \"properties\": {"
        "     \"name\": [\"SZ DJI Technology Co Ltd\"],"
        "     \"jurisdiction\": [\"cn\"]}},"
        "  \"q2\": {\"schema\": \"Person\", \"properties\": {"
        "     \"name\": [\"Maple Leaf Baker\"], \"birthDate\": [\"1970\"]}}"
        "}}";
    assert_int_equal(http_json(&T, "POST", "/match/default?limit=3", body,
                               NULL, &r), 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "limit")), 3);
    assert_true(json_is_object(json_object_get(r.json, "matcher")));
    json_t *q1 = json_object_get(json_object_get(r.json, "responses"), "q1");
    assert_int_equal(json_integer_value(json_object_get(q1, "status")), 200);
    json_t *res = json_array_get(json_object_get(q1, "results"), 0);
    assert_string_equal(json_string_value(json_object_get(res, "id")),
                        "us_ofac_cons-33111");
    assert_string_equal(json_string_value(json_object_get(res, "caption")),
                        "SZ DJI TECHNOLOGY CO., LTD.");
    assert_string_equal(json_string_value(json_object_get(res, "schema")),
                        "Organization");
    assert_true(json_is_true(json_object_get(res, "match")));
    assert_true(json_is_number(json_object_get(res, "score")));
    assert_true(json_is_object(json_object_get(res, "features")));
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(res, "datasets"), 0)),
                        "us_ofac_cons");
    json_t *props = json_object_get(res, "properties");
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(props, "name"), 0)),
                        "SZ DJI TECHNOLOGY CO., LTD.");
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(q1, "total"), "relation")), "eq");
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(q1, "query"), "schema")),
                        "Company");
    json_t *q2 = json_object_get(json_object_get(r.json, "responses"), "q2");
    assert_int_equal(json_array_size(json_object_get(q2, "results")), 0);
    http_res_free(&r);

    /* A dataset that is a source key filters; an unknown one is 404. */
    assert_int_equal(http_json(&T, "POST", "/match/us_ofac_cons", body, NULL,
                               &r), 200);
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/match/un_sc", body, NULL, &r),
                     404);
    http_res_free(&r);

    /* An identifier property finds the party holding it, whatever the
     * name; one of the wrong type is 400. */
    expect_one_match("{\"queries\": {\"b\": {\"schema\": \"Company\", "
                     "\"properties\": {\"name\": [\"Maple Leaf Bakery\"], "
                     "\"swiftBic\": [\"CBGURUMMXXX\"]}}}}",
                     "b", "us_ofac_cons-18719");
    expect_rejected(&T, "/match/default",
                    "{\"queries\": {\"b\": {\"schema\": \"Vessel\", "
                    "\"properties\": {\"name\": [\"Fu Yuan Yu\"], "
                    "\"imoNumber\": 9879727}}}}",
                    "query 'b': property 'imoNumber' must be a list of "
                    "strings");
    /* Identifiers alone, without a name, are a query too; neither is 400. */
    expect_one_match("{\"queries\": {\"c\": {\"schema\": \"Company\", "
                     "\"properties\": {\"swiftBic\": [\"CBGURUMMXXX\"]}}}}",
                     "c", "us_ofac_cons-18719");
    expect_rejected(&T, "/match/default",
                    "{\"queries\": {\"c\": {\"schema\": \"Company\", "
                    "\"properties\": {\"name\": []}}}}",
                    "or an identifier property given");
}

static void test_screens_are_audited(void **state)
{
    http_res r;
    assert_int_equal(http_get(&T, "/v1/screen?name=Secret%20Customer%20Name",
                              &r), 200);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/audit", &r), 200);
    assert_true(json_is_true(
        json_object_get(json_object_get(r.json, "chain"), "intact")));
    /* The name is not in the log, only its hash. */
    assert_null(strstr(r.body, "Secret Customer Name"));
    assert_non_null(strstr(r.body, "name_sha256"));
    assert_non_null(strstr(r.body, "\"action\":\"screen\""));
    assert_non_null(strstr(r.body, "\"versions\":\"us_ofac_cons:1\""));
    http_res_free(&r);
}

/* The audited result of a screen whose first identifier hashes to
 * sha256, from the entries of GET /v1/audit; NULL when there is none. */
static json_t *audited_query(json_t *audit, const char *sha256)
{
    size_t i, k;
    json_t *e, *q;
    json_array_foreach(json_object_get(audit, "entries"), i, e) {
        if (strcmp(json_string_value(json_object_get(e, "action")),
                   "screen"))
            continue;
        json_array_foreach(json_object_get(json_object_get(e, "detail"),
                                           "results"), k, q) {
            json_t *h = json_array_get(
                json_object_get(q, "identifiers_sha256"), 0);
            if (json_is_string(h) && !strcmp(json_string_value(h), sha256))
                return q;
        }
    }
    return NULL;
}

static void test_identifiers_are_audited(void **state)
{
    const char *secret = "Secret-Passport-77123";
    char want[65], bic[65];
    mon_sha256_hex(secret, strlen(secret), want);
    mon_sha256_hex("CBGURUMM", 8, bic);
    http_res r;
    assert_int_equal(http_get(&T, "/v1/screen?identifier=Secret-Passport-"
                                  "77123&identifier=CBGURUMM", &r), 200);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/audit", &r), 200);
    assert_true(json_is_true(
        json_object_get(json_object_get(r.json, "chain"), "intact")));
    /* The identifiers are in the log only as their hashes, in the order
     * given; a query without a name has no name keys. */
    assert_null(strstr(r.body, secret));
    json_t *q = audited_query(r.json, want);
    assert_non_null(q);
    json_t *hashes = json_object_get(q, "identifiers_sha256");
    assert_int_equal(json_array_size(hashes), 2);
    assert_string_equal(json_string_value(json_array_get(hashes, 1)), bic);
    assert_null(json_object_get(q, "identifiers"));
    assert_null(json_object_get(q, "name_sha256"));
    json_t *hit = json_array_get(json_object_get(q, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(hit, "source_id")),
                        "18719");
    assert_string_equal(json_string_value(json_object_get(hit, "score")),
                        "1.0000");
    http_res_free(&r);

    /* With log_names, the values beside their hashes; the chain, whose
     * hash covers the sorted keys, holds. */
    test_srv S;
    emb_server_opts o;
    emb_server_opts_init(&o);
    o.log_names = 1;
    test_srv_start(&S, &o);
    api_import(&S, test_data_path("lists/ofac_cons_2025-04"), &r);
    http_res_free(&r);
    assert_int_equal(http_json(&S, "POST", "/v1/screen",
                               "{\"name\": \"Bank\", \"identifiers\": "
                               "\"Secret-Passport-77123|CBGURUMM\"}", NULL,
                               &r), 200);
    http_res_free(&r);
    assert_int_equal(http_get(&S, "/v1/audit", &r), 200);
    assert_true(json_is_true(
        json_object_get(json_object_get(r.json, "chain"), "intact")));
    q = audited_query(r.json, want);
    assert_non_null(q);
    json_t *ids = json_object_get(q, "identifiers");
    assert_int_equal(json_array_size(ids), 2);
    assert_string_equal(json_string_value(json_array_get(ids, 0)), secret);
    assert_string_equal(json_string_value(json_array_get(ids, 1)),
                        "CBGURUMM");
    assert_string_equal(json_string_value(json_object_get(q, "name")),
                        "Bank");
    http_res_free(&r);
    test_srv_stop(&S);
}

/* ---- load: an import swaps the index while screens run ------------- */

typedef struct load {
    atomic_int stop;
    long ok, bad;
} load;

static void *hammer(void *arg)
{
    load *l = arg;
    while (!atomic_load(&l->stop)) {
        http_res r;
        long st = http_get(&T, "/v1/screen?name=SZ%20DJI%20Technology", &r);
        json_t *h = first_hit(json_object_get(r.json, "result"));
        if (st == 200 && h &&
            !strcmp(json_string_value(json_object_get(h, "source_id")),
                    "33111"))
            l->ok++;
        else
            l->bad++;
        http_res_free(&r);
    }
    return NULL;
}

static void test_swap_under_load(void **state)
{
    load l[4];
    pthread_t th[4];
    memset(l, 0, sizeof l);
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, hammer, &l[i]);
    /* the imports' answers are checked once the load has stopped, so
     * that a failure leaves no thread running */
    const char *dirs[2] = {test_data_path("lists/ofac_cons_2025-04"),
                           test_list_path("ofac_cons_2025-12")};
    long imported[2];
    http_res r;
    for (int k = 0; k < 2; k++) {
        char body[2048];
        snprintf(body, sizeof body, "{\"path\": \"%s\"}", dirs[k]);
        imported[k] =
            http_json(&T, "POST", "/v1/lists/import", body, TEST_BEARER, &r);
        if (imported[k] != 200)
            fprintf(stderr, "import: %ld %s\n", imported[k], r.body);
        http_res_free(&r);
    }
    usleep(100 * 1000);
    long ok = 0, bad = 0;
    for (int i = 0; i < 4; i++) {
        atomic_store(&l[i].stop, 1);
        pthread_join(th[i], NULL);
        ok += l[i].ok;
        bad += l[i].bad;
    }
    assert_int_equal(imported[0], 200);
    assert_int_equal(imported[1], 200);
    assert_int_equal(bad, 0);
    assert_true(ok > 0);
    assert_int_equal(http_get(&T, "/healthz", &r), 200);
    assert_string_equal(
        json_string_value(json_object_get(r.json, "list_versions")),
        "us_ofac_cons:3");
    http_res_free(&r);
}

/* ---- admission control and graceful stop ---------------------------- */

/* A screen request that holds its slot for as long as the test wants.
 * It is sent with "Expect: 100-continue": the server takes the slot when
 * it reads the headers and only then answers "100 Continue", after which
 * libcurl asks for the body. The first read therefore marks the moment the
 * request is admitted; the body is given once the test says go. */
typedef struct held_req {
    const test_srv *t;
    const char *body;
    size_t len, pos;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int admitted, go;
    long status;
    size_t lines;
} held_req;

static size_t held_read(char *buf, size_t size, size_t n, void *arg)
{
    held_req *h = arg;
    pthread_mutex_lock(&h->mu);
    h->admitted = 1;
    pthread_cond_broadcast(&h->cv);
    while (!h->go)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
    size_t k = h->len - h->pos;
    if (k > size * n)
        k = size * n;
    memcpy(buf, h->body + h->pos, k);
    h->pos += k;
    return k;
}

static void *send_held(void *arg)
{
    held_req *h = arg;
    http_res r;
    memset(&r, 0, sizeof r);
    CURL *c = curl_easy_init();
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/v1/screen", h->t->port);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, held_read);
    curl_easy_setopt(c, CURLOPT_READDATA, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)h->len);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, client_on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    /* no body before the server's 100 Continue, however long it takes */
    curl_easy_setopt(c, CURLOPT_EXPECT_100_TIMEOUT_MS, 120000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 240L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    struct curl_slist *hd = NULL;
    hd = curl_slist_append(hd, "Content-Type: application/x-ndjson");
    hd = curl_slist_append(hd, "Expect: 100-continue");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hd);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &h->status);
    else
        h->status = -1;
    for (size_t i = 0; i < r.len; i++)
        h->lines += r.body[i] == '\n';
    curl_slist_free_all(hd);
    curl_easy_cleanup(c);
    http_res_free(&r);
    /* released here too, should the server answer without asking for the
     * body (an error), so that the test never waits on admission for ever */
    pthread_mutex_lock(&h->mu);
    h->admitted = 1;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

/* Sends h's request from thread th and returns once the server holds it.
 * The single slot is freed just after a client has its answer, so the
 * connection of a probe that saw it free may still hold it: a request
 * shed that way (503 before it was admitted) is sent again. */
static void held_start(held_req *h, pthread_t *th)
{
    for (int tries = 0;; tries++) {
        h->pos = 0;
        h->admitted = h->go = 0;
        h->status = 0;
        h->lines = 0;
        pthread_create(th, NULL, send_held, h);
        pthread_mutex_lock(&h->mu);
        while (!h->admitted)
            pthread_cond_wait(&h->cv, &h->mu);
        long status = h->status;
        pthread_mutex_unlock(&h->mu);
        if (status != 503 || tries == 100)
            return;
        pthread_join(*th, NULL);
        usleep(5000);
    }
}

static void held_release(held_req *h)
{
    pthread_mutex_lock(&h->mu);
    h->go = 1;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

static char *ndjson_rows(size_t rows, size_t *len)
{
    char *body = malloc(rows * 64);
    *len = 0;
    for (size_t i = 0; i < rows; i++)
        *len += (size_t)sprintf(body + *len,
                                "{\"id\":\"%zu\",\"name\":\"Huawei Tech %zu\"}\n",
                                i, i);
    return body;
}

/* Waits (a bounded while) until the single slot is free again: it is
 * released when a finished request's connection is cleaned up, just after
 * its client has the answer. Returns the last /healthz status. */
static long wait_slot_free(test_srv *S)
{
    http_res r;
    long st = 0;
    for (int i = 0; i < 400 && st != 200; i++) {
        if (i)
            usleep(5000);
        st = http_get(S, "/healthz", &r);
        http_res_free(&r);
    }
    return st;
}

typedef struct stop_arg {
    emb_server *srv;
} stop_arg;

static void *stop_server(void *arg)
{
    stop_arg *a = arg;
    emb_server_stop(a->srv, 120000);
    return NULL;
}

static void test_overload_and_graceful_stop(void **state)
{
    test_srv S;
    emb_server_opts o;
    emb_server_opts_init(&o);
    o.max_inflight = 1;
    o.max_batch = 100000;
    test_srv_start(&S, &o);
    http_res r;
    api_import(&S, test_list_path("ofac_cons_2025-12"), &r);
    http_res_free(&r);
    assert_int_equal(wait_slot_free(&S), 200);

    held_req h;
    memset(&h, 0, sizeof h);
    pthread_mutex_init(&h.mu, NULL);
    pthread_cond_init(&h.cv, NULL);
    h.t = &S;
    size_t rows = 500;
    char *body = ndjson_rows(rows, &h.len);
    h.body = body;

    /* A request holds the single slot: the next one is shed, with the
     * advice to come back. */
    pthread_t th;
    held_start(&h, &th);
    assert_int_equal(http_get(&S, "/healthz", &r), 503);
    assert_non_null(strstr(r.headers, "Retry-After: 1"));
    assert_string_equal(err_code(&r), "overloaded");
    http_res_free(&r);
    held_release(&h);
    pthread_join(th, NULL);
    assert_int_equal(h.status, 200);
    assert_int_equal(h.lines, rows);
    size_t answered = 1; /* screen requests answered 200 */

    /* Recovered once that request is done. */
    assert_int_equal(wait_slot_free(&S), 200);

    /* A stop while a request runs lets it finish: the request is admitted,
     * the stop begins, and only then is its body sent. */
    held_start(&h, &th);
    stop_arg sa = {S.srv};
    pthread_t stopper;
    pthread_create(&stopper, NULL, stop_server, &sa);
    usleep(100000); /* the stop is under way (it waits for the request) */
    held_release(&h);
    pthread_join(th, NULL);
    pthread_join(stopper, NULL);
    assert_int_equal(h.status, 200);
    assert_int_equal(h.lines, rows);
    answered++;
    free(body);
    pthread_mutex_destroy(&h.mu);
    pthread_cond_destroy(&h.cv);
    /* Every screen request answered reached the audit log (the probes
     * shed were not screened). */
    emb_monitor *m = NULL;
    assert_int_equal(emb_monitor_open(S.db, &m), EMB_OK);
    emb_audit_report rep;
    assert_int_equal(emb_audit_verify(m, &rep), EMB_OK);
    char *js = NULL;
    assert_int_equal(emb_audit_json(m, NULL, 100000, &js), EMB_OK);
    size_t screens = 0;
    for (char *p = js; (p = strstr(p, "\"action\":\"screen\"")); p++)
        screens++;
    assert_int_equal(screens, answered);
    emb_free(js);
    emb_monitor_close(m);
    S.srv = NULL;
    test_srv_stop(&S);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_screen),
        cmocka_unit_test(test_same_hits_as_the_library),
        cmocka_unit_test(test_post_array_and_ndjson),
        cmocka_unit_test(test_yente_match),
        cmocka_unit_test(test_screens_are_audited),
        cmocka_unit_test(test_get_screen_by_identifier),
        cmocka_unit_test(test_post_screen_by_identifier),
        cmocka_unit_test(test_identifiers_are_audited),
        cmocka_unit_test(test_swap_under_load),
        cmocka_unit_test(test_overload_and_graceful_stop),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}

#else

static void test_needs_engine(void **state)
{
    skip(); /* this build has no screening engine */
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_needs_engine)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
