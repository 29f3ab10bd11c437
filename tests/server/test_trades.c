/*
 * test_trades.c - securities and trade decisions over HTTP, on the real
 * OFAC Non-SDN records: Hikvision's A-share reached by ISIN, China
 * Telecom by its Hong Kong ticker, and orders decided the same way as
 * `embargo trades` decides them.
 */
#include "client.h"

static test_srv T;

static int setup(void **state)
{
    test_srv_start(&T, NULL);
    http_res r;
    /* Before any list: 503. */
    assert_int_equal(http_get(&T, "/v1/securities/CNE100000PM8", &r), 503);
    http_res_free(&r);
    api_import(&T, test_list_path("ofac_cons_2025-12"), &r);
    http_res_free(&r);
    return 0;
}

static int teardown(void **state)
{
    test_srv_stop(&T);
    return 0;
}

static void test_security_lookup(void **state)
{
    http_res r;
    assert_int_equal(http_get(&T, "/v1/securities/CNE100000PM8", &r), 200);
    assert_true(json_is_true(json_object_get(r.json, "covered")));
    json_t *c = json_array_get(json_object_get(r.json, "covers"), 0);
    assert_string_equal(json_string_value(json_object_get(c, "source_id")),
                        "30946");
    assert_string_equal(json_string_value(json_object_get(c, "via")), "isin");
    assert_string_equal(json_string_value(json_object_get(c, "effective")),
                        "2021-08-02");
    assert_string_equal(json_string_value(json_object_get(c, "divestment")),
                        "2022-06-03");
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/securities/0728.HK", &r), 200);
    c = json_array_get(json_object_get(r.json, "covers"), 0);
    assert_string_equal(json_string_value(json_object_get(c, "source_id")),
                        "30882");
    assert_string_equal(json_string_value(json_object_get(c, "via")),
                        "ticker");
    http_res_free(&r);
    /* Apple is not covered. */
    assert_int_equal(http_get(&T, "/v1/securities/US0378331005", &r), 200);
    assert_true(json_is_false(json_object_get(r.json, "covered")));
    http_res_free(&r);
}

static void test_trade_check(void **state)
{
    http_res r;
    assert_int_equal(
        http_json(&T, "POST", "/v1/trades/check",
                  "{\"id\": \"o1\", \"time\": \"2025-03-01T10:00:00Z\","
                  " \"side\": \"buy\", \"security\": \"CNE100000PM8\","
                  " \"us_person\": true}", NULL, &r), 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "id")),
                        "o1");
    assert_string_equal(json_string_value(json_object_get(r.json,
                                                          "decision")),
                        "reject");
    json_t *reason = json_array_get(json_object_get(r.json, "reasons"), 0);
    assert_string_equal(json_string_value(json_object_get(reason, "code")),
                        "CMIC_AFTER_DIVESTMENT");
    http_res_free(&r);

    assert_int_equal(
        http_json(&T, "POST", "/v1/trades/check",
                  "{\"orders\": ["
                  " {\"id\": 1, \"time\": \"2025-03-01T10:00:00Z\","
                  "  \"side\": \"buy\", \"security\": \"CNE100000PM8\","
                  "  \"us_person\": \"false\"},"
                  " {\"id\": \"o3\", \"time\": \"not a time\","
                  "  \"side\": \"buy\", \"security\": \"CNE100000PM8\","
                  "  \"us_person\": \"true\"},"
                  " {\"id\": \"o4\", \"time\": \"2025-03-01T10:00:00Z\","
                  "  \"side\": \"buy\", \"security\": \"US0378331005\","
                  "  \"us_person\": \"true\"}]}", NULL, &r), 200);
    json_t *ds = json_object_get(r.json, "decisions");
    assert_int_equal(json_array_size(ds), 3);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(ds, 0), "decision")), "allow");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(ds, 1), "decision")), "review");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(ds, 2), "decision")), "allow");
    http_res_free(&r);

    /* Wrong types and missing fields are 400 before any decision. */
    assert_int_equal(http_json(&T, "POST", "/v1/trades/check",
                               "{\"id\": \"o1\", \"side\": \"buy\"}", NULL,
                               &r), 400);
    assert_non_null(strstr(r.body, "'time'"));
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/trades/check",
                               "[{\"id\": \"x\", \"time\": 5, \"side\": "
                               "\"buy\", \"security\": \"X\", \"us_person\": "
                               "\"true\"}]", NULL, &r), 400);
    assert_non_null(strstr(r.body, "order 0"));
    http_res_free(&r);
    assert_int_equal(http_json(&T, "POST", "/v1/trades/check", "[1,",
                               NULL, &r), 400);
    assert_string_equal(err_code(&r), "invalid_json");
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/trades/check", &r), 405);
    http_res_free(&r);

    /* Decisions are audited. */
    assert_int_equal(http_get(&T, "/v1/audit", &r), 200);
    assert_non_null(strstr(r.body, "\"action\":\"trade_check\""));
    http_res_free(&r);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_security_lookup),
        cmocka_unit_test(test_trade_check),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
