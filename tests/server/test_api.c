/*
 * test_api.c - the service over real HTTP on loopback: health, metrics,
 * list versions and diffs, records, imports, watched books, alerts and the
 * audit log, and the right 4xx with a JSON error for every kind of bad
 * request. The server runs in-process on an ephemeral port.
 */
#include "client.h"

static test_srv T;

static int setup(void **state)
{
    emb_server_opts o;
    emb_server_opts_init(&o);
    o.max_body = 256 * 1024;
    o.max_batch = 50;
    test_srv_start(&T, &o);
    return 0;
}

static int teardown(void **state)
{
    test_srv_stop(&T);
    return 0;
}

static void test_healthz_and_errors(void **state)
{
    http_res r;
    assert_int_equal(http_get(&T, "/healthz", &r), 200);
    assert_string_equal(
        json_string_value(json_object_get(r.json, "status")), "ok");
    assert_string_equal(
        json_string_value(json_object_get(r.json, "version")), EMB_VERSION);
    assert_int_equal(json_integer_value(json_object_get(r.json, "records")),
                     0);
    /* whether the books are still being caught up with the lists: that
     * runs beside the first requests */
    assert_true(json_is_boolean(json_object_get(r.json, "catching_up")));
    http_res_free(&r);

    assert_int_equal(http_get(&T, "/v1/nothing-here", &r), 404);
    assert_string_equal(err_code(&r), "not_found");
    assert_non_null(strstr(r.headers, "application/json"));
    http_res_free(&r);

    assert_int_equal(http_json(&T, "DELETE", "/v1/lists", "{}", NULL, &r),
                     405);
    assert_string_equal(err_code(&r), "method_not_allowed");
    assert_non_null(strstr(r.headers, "Allow: GET"));
    http_res_free(&r);

    assert_int_equal(http_get(&T, "/v1/lists/import", &r), 405);
    assert_non_null(strstr(r.headers, "Allow: POST"));
    http_res_free(&r);

    /* No lists yet: an empty list of versions. */
    assert_int_equal(http_get(&T, "/v1/lists", &r), 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "lists")), 0);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/screen?name=Acme", &r), 503);
    assert_non_null(strstr(r.headers, "Retry-After: 1"));
    http_res_free(&r);
}

static void test_admin_needs_token(void **state)
{
    http_res r;
    const char *body = "{\"path\": \"/nonexistent\"}";
    assert_int_equal(http_json(&T, "POST", "/v1/lists/import", body, NULL, &r),
                     401);
    assert_string_equal(err_code(&r), "unauthorized");
    assert_non_null(strstr(r.headers, "WWW-Authenticate: Bearer"));
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/lists/import", body,
                               "wrong-token", &r), 401);
    http_res_free(&r);
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", "id,name\n",
                             8, "text/csv", NULL, &r), 401);
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/alerts/1/decision",
                               "{\"decision\":\"escalate\"}", NULL, &r), 401);
    http_res_free(&r);
}

static void test_import_bad_bodies(void **state)
{
    http_res r;
    assert_int_equal(http_json(&T, "POST", "/v1/lists/import", "{\"path\": ",
                               TEST_BEARER, &r), 400);
    assert_string_equal(err_code(&r), "invalid_json");
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/lists/import",
                               "{\"path\": 42}", TEST_BEARER, &r), 400);
    assert_string_equal(err_code(&r), "bad_request");
    assert_non_null(strstr(r.body, "'path'"));
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/lists/import", "[1,2]",
                               TEST_BEARER, &r), 400);
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/lists/import",
                               "{\"path\": \"/nonexistent/lists\"}",
                               TEST_BEARER, &r), 422);
    assert_string_equal(err_code(&r), "import_failed");
    assert_non_null(strstr(r.body, "nothing was imported"));
    http_res_free(&r);

    /* A body over the limit: 413 from Content-Length, before reading. */
    size_t big = 300 * 1024;
    char *b = malloc(big + 1);
    memset(b, 'x', big);
    b[big] = 0;
    assert_int_equal(http_do(&T, "POST", "/v1/lists/import", b, big,
                             "application/json", TEST_BEARER, &r), 413);
    assert_string_equal(err_code(&r), "body_too_large");
    http_res_free(&r);
    free(b);
}

static void test_import_lists_diff_entity(void **state)
{
    http_res r;
    api_import(&T, test_data_path("lists/ofac_cons_2025-04"), &r);
    json_t *v = json_array_get(json_object_get(r.json, "imported"), 0);
    assert_string_equal(json_string_value(json_object_get(v, "source")),
                        "us_ofac_cons");
    assert_int_equal(json_integer_value(json_object_get(v, "version")), 1);
    assert_int_equal(json_integer_value(json_object_get(v, "records")), 443);
    assert_true(json_is_false(json_object_get(v, "unchanged")));
    http_res_free(&r);

    api_import(&T, test_list_path("ofac_cons_2025-12"), &r);
    v = json_array_get(json_object_get(r.json, "imported"), 0);
    assert_int_equal(json_integer_value(json_object_get(v, "version")), 2);
    assert_int_equal(json_integer_value(json_object_get(v, "records")), 442);
    assert_string_equal(
        json_string_value(json_object_get(r.json, "list_versions")),
        "us_ofac_cons:2");
    http_res_free(&r);

    /* The same files again: a no-op. */
    api_import(&T, test_list_path("ofac_cons_2025-12"), &r);
    v = json_array_get(json_object_get(r.json, "imported"), 0);
    assert_true(json_is_true(json_object_get(v, "unchanged")));
    assert_int_equal(json_integer_value(json_object_get(v, "version")), 2);
    http_res_free(&r);

    assert_int_equal(http_get(&T, "/v1/lists", &r), 200);
    json_t *lists = json_object_get(r.json, "lists");
    assert_int_equal(json_array_size(lists), 2);
    assert_true(json_is_false(
        json_object_get(json_array_get(lists, 0), "current")));
    assert_true(json_is_true(
        json_object_get(json_array_get(lists, 1), "current")));
    http_res_free(&r);

    assert_int_equal(http_get(&T, "/v1/lists/us_ofac_cons/diff", &r), 200);
    json_t *sum = json_object_get(r.json, "summary");
    assert_int_equal(json_integer_value(json_object_get(sum, "added")), 0);
    assert_int_equal(json_integer_value(json_object_get(sum, "removed")), 1);
    assert_int_equal(json_integer_value(json_object_get(sum, "changed")), 397);
    json_t *entries = json_object_get(r.json, "entries");
    int found = 0;
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        if (!strcmp(json_string_value(json_object_get(e, "change")),
                    "removed")) {
            assert_string_equal(
                json_string_value(json_object_get(e, "source_id")), "26182");
            found = 1;
        }
    }
    assert_true(found);
    http_res_free(&r);

    assert_int_equal(http_get(&T, "/v1/lists/us_ofac_cons/diff?from=1&to=2",
                              &r), 200);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/lists/us_ofac_cons/diff?from=1", &r),
                     400);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/lists/us_ofac_cons/diff?from=x&to=2",
                              &r), 400);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/lists/us_ofac_cons/diff?from=1&to=9",
                              &r), 404);
    http_res_free(&r);

    assert_int_equal(http_get(&T, "/v1/entities/us_ofac_cons/33111", &r),
                     200);
    assert_string_equal(json_string_value(json_object_get(r.json, "source_id")),
                        "33111");
    assert_non_null(strstr(r.body, "914403007954257495"));
    assert_non_null(strstr(r.body, "SZ DJI TECHNOLOGY CO., LTD."));
    http_res_free(&r);
    /* 26182 is gone from version 2 but still in version 1. */
    assert_int_equal(http_get(&T, "/v1/entities/us_ofac_cons/26182", &r), 404);
    assert_string_equal(err_code(&r), "not_found");
    http_res_free(&r);
    assert_int_equal(
        http_get(&T, "/v1/entities/us_ofac_cons/26182?version=1", &r), 200);
    assert_non_null(strstr(r.body, "KAYAKIRAN"));
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/entities/nope/1", &r), 404);
    http_res_free(&r);

    assert_int_equal(http_get(&T, "/healthz", &r), 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "records")),
                     442);
    http_res_free(&r);
}

static void test_watch_alerts_decisions(void **state)
{
    http_res r;
    /* A CSV without a name column is refused and changes nothing. */
    const char *bad = "id,fullname\nc1,Someone\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", bad,
                             strlen(bad), "text/csv", TEST_BEARER, &r), 400);
    assert_non_null(strstr(r.body, "'name'"));
    http_res_free(&r);
    const char *dup = "id,name\nc1,A\nc1,B\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", dup,
                             strlen(dup), "text/csv", TEST_BEARER, &r), 400);
    assert_non_null(strstr(r.body, "duplicate id"));
    http_res_free(&r);
    const char *nd = "{\"id\": \"c1\", \"name\": 5}\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", nd,
                             strlen(nd), "application/x-ndjson", TEST_BEARER,
                             &r), 400);
    http_res_free(&r);

    const char *book = "id,name,type,country\n"
                       "c1,Acme Trading,entity,GB\n"
                       "c2,Jane Doe,person,\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", book,
                             strlen(book), "text/csv", TEST_BEARER, &r), 200);
    json_t *rows = json_object_get(r.json, "rows");
    assert_int_equal(json_integer_value(json_object_get(rows, "rows")), 2);
    assert_int_equal(json_integer_value(json_object_get(rows, "added")), 2);
    http_res_free(&r);
    const char *book2 = "{\"id\":\"c1\",\"name\":\"Acme Trading\","
                        "\"type\":\"entity\",\"country\":\"GB\"}\n"
                        "{\"id\":\"c3\",\"name\":\"New Customer\"}\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", book2,
                             strlen(book2), "application/x-ndjson",
                             TEST_BEARER, &r), 200);
    rows = json_object_get(r.json, "rows");
    assert_int_equal(json_integer_value(json_object_get(rows, "added")), 1);
    assert_int_equal(json_integer_value(json_object_get(rows, "removed")), 1);
    assert_int_equal(json_integer_value(json_object_get(rows, "unchanged")), 1);
    http_res_free(&r);

    const char *hold = "security,quantity\nCNE100000PM8,100\nnot an id!!,1\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/holdings", hold,
                             strlen(hold), "text/csv", TEST_BEARER, &r), 400);
    http_res_free(&r);
    hold = "security,quantity\nCNE100000PM8,100\nUS1694261033,5\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/holdings", hold,
                             strlen(hold), "text/csv", TEST_BEARER, &r), 200);
    rows = json_object_get(r.json, "rows");
    assert_int_equal(json_integer_value(json_object_get(rows, "rows")), 2);
    http_res_free(&r);

    assert_int_equal(http_get(&T, "/v1/alerts?status=bogus", &r), 400);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/alerts?status=all&limit=0", &r), 400);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/alerts", &r), 200);
    assert_true(json_is_array(json_object_get(r.json, "alerts")));
    http_res_free(&r);

    assert_int_equal(http_json(&T, "POST", "/v1/alerts/999999/decision",
                               "{\"decision\":\"escalate\"}", TEST_BEARER,
                               &r), 404);
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/alerts/1/decision",
                               "{\"decision\":\"maybe\"}", TEST_BEARER, &r),
                     400);
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/alerts/1/decision",
                               "{\"decision\":\"escalate\",\"comment\":7}",
                               TEST_BEARER, &r), 400);
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/alerts/abc/decision",
                               "{\"decision\":\"escalate\"}", TEST_BEARER,
                               &r), 404);
    http_res_free(&r);
}

static void test_screen_validation(void **state)
{
    http_res r;
    assert_int_equal(http_get(&T, "/v1/screen", &r), 400);
    assert_non_null(strstr(r.body, "'name'"));
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/screen?name=x&type=robot", &r), 400);
    assert_non_null(strstr(r.body, "'type'"));
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/screen?name=x&threshold=2", &r), 400);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/screen?name=x&limit=0", &r), 400);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/screen?name=", &r), 400);
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/screen", "{\"name\": ",
                               NULL, &r), 400);
    assert_string_equal(err_code(&r), "invalid_json");
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/screen", "{\"name\": 12}",
                               NULL, &r), 400);
    http_res_free(&r);
    expect_rejected(&T, "/v1/screen", "[{\"name\":\"a\"},{\"nom\":\"b\"}]",
                    "query 1");
    assert_int_equal(http_json(&T, "POST", "/v1/screen", "\"just text\"",
                               NULL, &r), 400);
    http_res_free(&r);
    /* 51 queries with max_batch 50. */
    char big[4096] = "[";
    for (int i = 0; i < 51; i++)
        strcat(big, i ? ",{\"name\":\"x\"}" : "{\"name\":\"x\"}");
    strcat(big, "]");
    assert_int_equal(http_json(&T, "POST", "/v1/screen", big, NULL, &r), 413);
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/match/default", "{\"queries\":1}",
                               NULL, &r), 400);
    http_res_free(&r);
    assert_int_equal(
        http_json(&T, "POST", "/match/default",
                  "{\"queries\":{\"q\":{\"schema\":\"Person\","
                  "\"properties\":{\"name\":[]}}}}", NULL, &r), 400);
    http_res_free(&r);
    assert_int_equal(
        http_json(&T, "POST", "/match/default",
                  "{\"queries\":{\"q\":{\"schema\":\"Spaceship\","
                  "\"properties\":{\"name\":[\"x\"]}}}}", NULL, &r), 400);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/match/default", &r), 405);
    http_res_free(&r);
}

static void test_metrics_and_audit(void **state)
{
    http_res r;
    assert_int_equal(http_get(&T, "/metrics", &r), 200);
    assert_non_null(strstr(r.headers, "text/plain; version=0.0.4"));
    assert_non_null(
        strstr(r.body, "embargo_requests_total{route=\"healthz\",status=\"200\"}"));
    assert_non_null(
        strstr(r.body, "embargo_requests_total{route=\"import\",status=\"401\"}"));
    assert_non_null(strstr(
        r.body, "embargo_request_duration_seconds_bucket{route=\"healthz\","
                "le=\"+Inf\"}"));
    assert_non_null(
        strstr(r.body, "embargo_list_age_days{source=\"us_ofac_cons\","
                       "version=\"2\"}"));
    assert_non_null(strstr(r.body, "embargo_list_records{source=\"us_ofac_"
                                   "cons\"} 442"));
    assert_non_null(strstr(r.body, "embargo_alerts_open "));
    http_res_free(&r);

    assert_int_equal(http_get(&T, "/v1/audit", &r), 200);
    json_t *chain = json_object_get(r.json, "chain");
    assert_true(json_is_true(json_object_get(chain, "intact")));
    json_t *entries = json_object_get(r.json, "entries");
    int imports = 0, watches = 0;
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        const char *a = json_string_value(json_object_get(e, "action"));
        imports += !strcmp(a, "import");
        watches += !strcmp(a, "watch");
        if (!strcmp(a, "import"))
            assert_string_equal(json_string_value(json_object_get(e, "who")),
                                "alice");
        assert_int_equal(strlen(json_string_value(json_object_get(e, "hash"))),
                         64);
    }
    assert_int_equal(imports, 3);
    assert_int_equal(watches, 3);
    json_int_t last = json_integer_value(
        json_object_get(json_array_get(entries, json_array_size(entries) - 1),
                        "seq"));
    http_res_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/v1/audit?since=%lld", (long long)last);
    assert_int_equal(http_get(&T, path, &r), 200);
    /* Only the read of the audit log itself comes after. */
    assert_int_equal(json_array_size(json_object_get(r.json, "entries")), 1);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/audit?limit=abc", &r), 400);
    http_res_free(&r);
}

static void test_static_page(void **state)
{
    http_res r;
    assert_int_equal(http_get(&T, "/", &r), 200);
    assert_non_null(strstr(r.headers, "text/html"));
    assert_non_null(strstr(r.body, "embargo"));
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/app.js", &r), 200);
    assert_non_null(strstr(r.headers, "text/javascript"));
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/style.css", &r), 200);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/../etc/passwd", &r), 404);
    http_res_free(&r);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_healthz_and_errors),
        cmocka_unit_test(test_admin_needs_token),
        cmocka_unit_test(test_import_bad_bodies),
        cmocka_unit_test(test_import_lists_diff_entity),
        cmocka_unit_test(test_watch_alerts_decisions),
        cmocka_unit_test(test_screen_validation),
        cmocka_unit_test(test_metrics_and_audit),
        cmocka_unit_test(test_static_page),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
