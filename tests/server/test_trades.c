/*
 * test_trades.c - securities and trade decisions over HTTP, on the real
 * OFAC Non-SDN records: Hikvision's A-share reached by ISIN, China
 * Telecom by its Hong Kong ticker, and orders decided the same way as
 * `embargo trades` decides them. With `serve --secmaster --holdings`
 * (tests/rules/data) an option, a GDR and funds reach the listed issuer
 * as `embargo trades --secmaster --holdings` does; expected reasons are
 * the CLI's for the same orders and files.
 */
#include <unistd.h>

#include "client.h"

/* o[key] is the string want. */
static void expect_str(const json_t *o, const char *key, const char *want)
{
    const char *got = json_string_value(json_object_get(o, key));
    if (!got || strcmp(got, want) != 0)
        fail_msg("%s: expected \"%s\", got \"%s\"", key, want,
                 got ? got : "(none)");
}

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
    expect_str(c, "source_id", "30946");
    expect_str(c, "via", "isin");
    expect_str(c, "effective", "2021-08-02");
    expect_str(c, "divestment", "2022-06-03");
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/securities/0728.HK", &r), 200);
    c = json_array_get(json_object_get(r.json, "covers"), 0);
    expect_str(c, "source_id", "30882");
    expect_str(c, "via", "ticker");
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
    expect_str(reason, "code", "CMIC_AFTER_DIVESTMENT");
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
    expect_rejected(&T, "/v1/trades/check",
                    "{\"id\": \"o1\", \"side\": \"buy\"}", "'time'");
    expect_rejected(&T, "/v1/trades/check",
                    "[{\"id\": \"x\", \"time\": 5, \"side\": \"buy\", "
                    "\"security\": \"X\", \"us_person\": \"true\"}]",
                    "order 0");
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

/* The same orders with and without the security master: an option and a
 * GDR on Hikvision's A-share, a fund holding China Telecom, a fund whose
 * listed holding weighs 0, and a fund of funds; bought by a US person
 * after the divestment date (2022-06-03). */
static const char *const REF_ORDERS =
    "["
    " {\"id\": \"d1\", \"time\": \"2025-03-01T10:00:00Z\", \"side\": \"buy\","
    "  \"security\": \"OPT-HIK-2212C\", \"us_person\": true},"
    " {\"id\": \"d2\", \"time\": \"2025-03-01T10:00:00Z\", \"side\": \"buy\","
    "  \"security\": \"HIK-GDR\", \"us_person\": true},"
    " {\"id\": \"f1\", \"time\": \"2025-03-01T10:00:00Z\", \"side\": \"buy\","
    "  \"security\": \"FUND-ASIA\", \"us_person\": true},"
    " {\"id\": \"f2\", \"time\": \"2025-03-01T10:00:00Z\", \"side\": \"buy\","
    "  \"security\": \"FUND-ZERO\", \"us_person\": true},"
    " {\"id\": \"f3\", \"time\": \"2025-03-01T10:00:00Z\", \"side\": \"buy\","
    "  \"security\": \"FUND-OF-FUNDS\", \"us_person\": true}]";

static const char *rules_fixture(const char *name)
{
    static char buf[2][1024];
    static int k;
    k ^= 1;
    snprintf(buf[k], sizeof buf[k], "%s/tests/rules/data/%s",
             EMB_SOURCE_DIR, name);
    return buf[k];
}

/* Decision i of a {"decisions": [...]} answer: its verdict, the code of
 * its first reason and, when covered, the first covering record. */
static void assert_decision(const http_res *r, size_t i, const char *id,
                            const char *verdict, const char *code,
                            const char *source_id, const char *via)
{
    json_t *d = json_array_get(json_object_get(r->json, "decisions"), i);
    assert_non_null(d);
    assert_string_equal(json_string_value(json_object_get(d, "id")), id);
    assert_string_equal(json_string_value(json_object_get(d, "decision")),
                        verdict);
    json_t *reason = json_array_get(json_object_get(d, "reasons"), 0);
    assert_string_equal(json_string_value(json_object_get(reason, "code")),
                        code);
    json_t *cov = json_object_get(d, "covered_by");
    if (!source_id) {
        assert_int_equal(json_array_size(cov), 0);
        return;
    }
    json_t *c = json_array_get(cov, 0);
    assert_string_equal(json_string_value(json_object_get(c, "source_id")),
                        source_id);
    assert_string_equal(json_string_value(json_object_get(c, "via")), via);
}

/* Without a security master the service sees only identifiers. */
static void test_trades_without_secmaster(void **state)
{
    http_res r;
    assert_int_equal(http_json(&T, "POST", "/v1/trades/check", REF_ORDERS,
                               NULL, &r), 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "decisions")),
                     5);
    assert_decision(&r, 0, "d1", "review", "SECURITY_ID_INVALID", NULL, NULL);
    assert_decision(&r, 1, "d2", "allow", "NOT_LISTED", NULL, NULL);
    assert_decision(&r, 2, "f1", "review", "SECURITY_ID_INVALID", NULL, NULL);
    assert_decision(&r, 3, "f2", "review", "SECURITY_ID_INVALID", NULL, NULL);
    assert_decision(&r, 4, "f3", "review", "SECURITY_ID_INVALID", NULL, NULL);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/securities/OPT-HIK-2212C", &r), 200);
    assert_true(json_is_false(json_object_get(r.json, "covered")));
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/healthz", &r), 200);
    assert_true(json_is_false(json_object_get(r.json, "secmaster")));
    assert_true(json_is_false(json_object_get(r.json, "fund_holdings")));
    http_res_free(&r);
}

static void test_trades_with_secmaster(void **state)
{
    FILE *log = tmpfile();
    assert_non_null(log);
    emb_server_opts o;
    emb_server_opts_init(&o);
    o.secmaster = rules_fixture("secmaster.csv");
    o.fund_holdings = rules_fixture("holdings.csv");
    o.log = log;
    test_srv S;
    test_srv_start(&S, &o); /* an empty database: the files are checked */
    http_res r;
    assert_int_equal(http_get(&S, "/v1/securities/OPT-HIK-2212C", &r), 503);
    http_res_free(&r);
    assert_int_equal(http_get(&S, "/healthz", &r), 200);
    assert_true(json_is_false(json_object_get(r.json, "secmaster")));
    http_res_free(&r);
    api_import(&S, test_list_path("ofac_cons_2025-12"), &r);
    http_res_free(&r);
    assert_int_equal(http_get(&S, "/healthz", &r), 200);
    assert_true(json_is_true(json_object_get(r.json, "secmaster")));
    assert_true(json_is_true(json_object_get(r.json, "fund_holdings")));
    http_res_free(&r);

    /* The CLI's decisions for the same orders and files. */
    assert_int_equal(http_json(&S, "POST", "/v1/trades/check", REF_ORDERS,
                               NULL, &r), 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "decisions")),
                     5);
    assert_decision(&r, 0, "d1", "reject", "CMIC_AFTER_DIVESTMENT", "30946",
                    "underlying");
    assert_decision(&r, 1, "d2", "reject", "CMIC_AFTER_DIVESTMENT", "30946",
                    "underlying");
    assert_decision(&r, 2, "f1", "reject", "CMIC_AFTER_DIVESTMENT", "30882",
                    "fund_holding");
    assert_decision(&r, 3, "f2", "allow", "NOT_LISTED", NULL, NULL);
    assert_decision(&r, 4, "f3", "reject", "CMIC_AFTER_DIVESTMENT", "30882",
                    "fund_holding");
    json_t *d0 = json_array_get(json_object_get(r.json, "decisions"), 0);
    json_t *rep = json_array_get(json_object_get(d0, "reasons"), 1);
    expect_str(rep, "code", "REPORT_REJECTED");
    expect_str(d0, "list_version", "us_ofac_cons #1 2023-10-31");
    http_res_free(&r);

    /* The option reaches Hikvision's record through its underlying. */
    assert_int_equal(http_get(&S, "/v1/securities/OPT-HIK-2212C", &r), 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "kind")),
                        "option");
    assert_true(json_is_true(json_object_get(r.json, "covered")));
    json_t *c = json_array_get(json_object_get(r.json, "covers"), 0);
    expect_str(c, "source_id", "30946");
    expect_str(c, "name", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.");
    expect_str(c, "via", "underlying");
    expect_str(c, "chain", "OPT-HIK-2212C > CNE100000PM8");
    expect_str(c, "divestment", "2022-06-03");
    http_res_free(&r);
    /* The fund reaches China Telecom through a 0.01% holding. */
    assert_int_equal(http_get(&S, "/v1/securities/FUND-ASIA", &r), 200);
    c = json_array_get(json_object_get(r.json, "covers"), 0);
    expect_str(c, "source_id", "30882");
    expect_str(c, "via", "fund_holding");
    expect_str(c, "chain", "FUND-ASIA > 0728.HK");
    assert_true(json_real_value(json_object_get(c, "weight")) == 0.0001);
    http_res_free(&r);
    test_srv_stop(&S);

    /* Rows that cannot be used were logged, once per load (start and
     * import): the unknown kind of line 16, the bad weight of line 13. */
    fflush(log);
    rewind(log);
    char line[2048];
    int kind = 0, weight = 0, dup = 0;
    while (fgets(line, sizeof line, log)) {
        kind += strstr(line, "secmaster.csv:16: column 'kind'") != NULL;
        dup += strstr(line, "secmaster.csv:18: column 'security'") != NULL;
        weight += strstr(line, "holdings.csv:13: column 'weight'") != NULL;
    }
    fclose(log);
    assert_int_equal(kind, 2);
    assert_int_equal(dup, 2);
    assert_int_equal(weight, 2);
}

/* A reference file that cannot be read stops the start, naming it. */
static void test_secmaster_bad_path(void **state)
{
    char dir[512], db[600], err[1024];
    snprintf(dir, sizeof dir, "%s", test_tmpdir());
    snprintf(db, sizeof db, "%s/embargo.db", dir);
    emb_server_opts o;
    emb_server_opts_init(&o);
    o.listen = "127.0.0.1:0";
    o.db_path = db;
    o.threads = 1;
    o.secmaster = "/no/such/folder/secmaster.csv";
    emb_server *srv = NULL;
    int rc = emb_server_start(&o, &srv, err, sizeof err);
    assert_int_equal(rc, EMB_ERR_IO);
    assert_null(srv);
    assert_non_null(strstr(err, "/no/such/folder/secmaster.csv"));
    assert_non_null(strstr(err, "security master"));

    /* Holdings without a 'fund' column (an orders file): no header. */
    o.secmaster = rules_fixture("secmaster.csv");
    o.fund_holdings = rules_fixture("orders.csv");
    rc = emb_server_start(&o, &srv, err, sizeof err);
    assert_int_equal(rc, EMB_ERR_FORMAT);
    assert_null(srv);
    assert_non_null(strstr(err, "fund holdings"));
    assert_non_null(strstr(err, "orders.csv:1"));
    assert_int_equal(test_rmdir(dir), 0);
}

/* Starts a server with security master sm and a log, and imports the
 * April 2025 OFAC consolidated list; returns the log. */
static FILE *start_with_secmaster(test_srv *S, const char *sm)
{
    FILE *log = tmpfile();
    assert_non_null(log);
    emb_server_opts o;
    emb_server_opts_init(&o);
    o.secmaster = sm;
    o.log = log;
    test_srv_start(S, &o);
    http_res r;
    api_import(S, test_data_path("lists/ofac_cons_2025-04"), &r);
    http_res_free(&r);
    return log;
}

/* The log says security master sm could not be used and the copy read
 * earlier was; closes it. */
static void expect_copy_used(FILE *log, const char *sm)
{
    fflush(log);
    rewind(log);
    char line[2048];
    int said = 0;
    while (fgets(line, sizeof line, log))
        said |= strstr(line, "security master") && strstr(line, sm) &&
                strstr(line, "cannot be used") &&
                strstr(line, "using the copy read earlier");
    fclose(log);
    assert_true(said);
}

/* A reference file gone at a later load: the new lists go into service
 * all the same, with the copy of the file read at start, and the log says
 * so. */
static void test_secmaster_reload_failure(void **state)
{
    char dir[512], sm[600];
    snprintf(dir, sizeof dir, "%s", test_tmpdir());
    snprintf(sm, sizeof sm, "%s/secmaster.csv", dir);
    size_t len = 0;
    char *text = test_read_file(rules_fixture("secmaster.csv"), &len);
    assert_non_null(text);
    FILE *f = fopen(sm, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    free(text);

    test_srv S;
    FILE *log = start_with_secmaster(&S, sm);
    http_res r;
    assert_int_equal(unlink(sm), 0);

    api_import(&S, test_list_path("ofac_cons_2025-12"), &r);
    http_res_free(&r);
    assert_int_equal(http_get(&S, "/healthz", &r), 200);
    expect_str(r.json, "list_versions", "us_ofac_cons:2");
    assert_true(json_is_true(json_object_get(r.json, "secmaster")));
    http_res_free(&r);
    assert_int_equal(http_get(&S, "/v1/securities/OPT-HIK-2212C", &r), 200);
    assert_true(json_is_true(json_object_get(r.json, "covered")));
    http_res_free(&r);
    test_srv_stop(&S);
    expect_copy_used(log, sm);
    assert_int_equal(test_rmdir(dir), 0);
}

/* A security master that fails half-way through on a reload (a field
 * over EMB_RULES_MAX_TEXT after good rows): none of its rows is used,
 * the copy read earlier is, and the rows before the failure are gone. */
static void test_secmaster_reload_half_read(void **state)
{
    (void)state;
    char dir[512], sm[600];
    snprintf(dir, sizeof dir, "%s", test_tmpdir());
    snprintf(sm, sizeof sm, "%s/secmaster.csv", dir);
    FILE *f = fopen(sm, "wb");
    assert_non_null(f);
    fputs("security,kind,issuer,underlying\n"
          "OPT-HIK-2212C,option,,CNE100000PM8\n",
          f);
    fclose(f);
    test_srv S;
    FILE *log = start_with_secmaster(&S, sm);
    http_res r;
    /* the new file: a new row first, then one too long to read */
    f = fopen(sm, "wb");
    assert_non_null(f);
    fputs("security,kind,issuer,underlying\n"
          "OPT-HIK-2301P,option,,CNE100000PM8\n"
          "BAD-1,equity,",
          f);
    for (int i = 0; i < EMB_RULES_MAX_TEXT + 10; i++)
        fputc('x', f);
    fputs(",\n", f);
    fclose(f);
    api_import(&S, test_list_path("ofac_cons_2025-12"), &r);
    http_res_free(&r);
    assert_int_equal(http_get(&S, "/healthz", &r), 200);
    expect_str(r.json, "list_versions", "us_ofac_cons:2");
    http_res_free(&r);
    /* the earlier copy's option is there, the new file's is not */
    assert_int_equal(http_get(&S, "/v1/securities/OPT-HIK-2212C", &r), 200);
    assert_true(json_is_true(json_object_get(r.json, "covered")));
    http_res_free(&r);
    assert_int_equal(http_get(&S, "/v1/securities/OPT-HIK-2301P", &r), 200);
    assert_true(json_is_false(json_object_get(r.json, "covered")));
    http_res_free(&r);
    test_srv_stop(&S);
    expect_copy_used(log, sm);
    assert_int_equal(test_rmdir(dir), 0);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_security_lookup),
        cmocka_unit_test(test_trade_check),
        cmocka_unit_test(test_trades_without_secmaster),
        cmocka_unit_test(test_trades_with_secmaster),
        cmocka_unit_test(test_secmaster_bad_path),
        cmocka_unit_test(test_secmaster_reload_failure),
        cmocka_unit_test(test_secmaster_reload_half_read),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
