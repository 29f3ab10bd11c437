/* test_record_json.c - the record JSON format: exact output, round trip. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "lists/model.h"
#include "store/record_json.h"

/* One record with every field the model has. */
static emb_recset *full_set(void)
{
    emb_recset *set = recset_new(EMB_SOURCE_OFAC_SDN, "ofac_csv");
    assert_non_null(set);
    recb *b = recb_new(set, "36");
    assert_non_null(b);
    recb_set_kind(b, EMB_KIND_PERSON);
    assert_int_equal(recb_set(b, RECB_LIST, "SDN"), EMB_OK);
    recb_add_name(b, EMB_NAME_AKA, 1, "VOVA", NULL, NULL, NULL);
    recb_add_name(b, EMB_NAME_PRIMARY, 0, "PUTIN, Vladimir", "Vladimir",
                  "PUTIN", NULL);
    recb_add_name(b, EMB_NAME_FKA, 0, "PUTIN, V.", NULL, NULL, NULL);
    recb_add_name(b, EMB_NAME_NKA, 0, "Путин Владимир", NULL, NULL,
                  "original");
    recb_add_program(b, "RUSSIA-EO14024");
    recb_add_program(b, "UKRAINE-EO13660");
    emb_address a = {.street = "23 Ilyinka Street", .city = "Moscow",
                     .state = "Moskva", .postal = "103132",
                     .country = "Russia"};
    recb_add_address(b, &a);
    emb_ident id = {.type = "Passport", .value = "100000001",
                    .country = "Russia", .issued = "01 Jan 2010",
                    .expires = "01 Jan 2020", .note = "diplomatic"};
    recb_add_ident(b, &id);
    emb_ident isin = {.kind = EMB_ID_ISIN, .type = "ISIN",
                      .value = "RU000A0JP5V6"};
    recb_add_ident(b, &isin);
    emb_period p1 = {{1952, 10, 7}, {1952, 10, 7}, 0, "07 Oct 1952"};
    emb_period p2 = {{1950, 0, 0}, {1950, 0, 0}, 1, "circa 1950"};
    recb_add_birth(b, &p1);
    recb_add_birth(b, &p2);
    recb_add_birthplace(b, "Leningrad, Russia");
    recb_add_nationality(b, "Russia");
    recb_add_citizenship(b, "Russia");
    recb_set(b, RECB_GENDER, "Male");
    recb_set(b, RECB_TITLE, "President of the \"Russian Federation\"");
    recb_add_relation(b, "Linked To", "BANK ROSSIYA", "12345");
    recb_add_fact(b, "Secondary sanctions risk", "See Section 11");
    recb_set(b, RECB_REMARKS, "Line one;\ttab.");
    recb_set(b, RECB_VESSEL_CALL_SIGN, "UBCD7");
    recb_set(b, RECB_VESSEL_TYPE, "Yacht");
    recb_set(b, RECB_VESSEL_TONNAGE, "1,000");
    recb_set(b, RECB_VESSEL_GRT, "900");
    recb_set(b, RECB_VESSEL_FLAG, "Cayman Islands");
    recb_set(b, RECB_VESSEL_OWNER, "GRACEFUL LTD");
    recb_set_date(b, RECB_CMIC_LISTING, (emb_date){2021, 6, 3});
    recb_set_date(b, RECB_CMIC_EFFECTIVE, (emb_date){2021, 8, 2});
    recb_set_date(b, RECB_CMIC_DIVESTMENT, (emb_date){2022, 6, 3});
    recb_set_date(b, RECB_LISTED_ON, (emb_date){2022, 2, 25});
    recb_set_date(b, RECB_ENDS_ON, (emb_date){2030, 0, 0});
    assert_int_equal(recb_finish(b), EMB_OK);
    recb_free(b);
    assert_int_equal(recset_seal(set), EMB_OK);
    return set;
}

static const char golden[] =
    "{\n"
    "  \"source\": \"us_ofac_sdn\",\n"
    "  \"source_id\": \"36\",\n"
    "  \"kind\": \"person\",\n"
    "  \"list\": \"SDN\",\n"
    "  \"names\": [\n"
    "    {\n"
    "      \"full\": \"PUTIN, Vladimir\",\n"
    "      \"given\": \"Vladimir\",\n"
    "      \"family\": \"PUTIN\",\n"
    "      \"type\": \"primary\"\n"
    "    },\n"
    "    {\n"
    "      \"full\": \"VOVA\",\n"
    "      \"type\": \"aka\",\n"
    "      \"weak\": true\n"
    "    },\n"
    "    {\n"
    "      \"full\": \"PUTIN, V.\",\n"
    "      \"type\": \"fka\"\n"
    "    },\n"
    "    {\n"
    "      \"full\": \"Путин Владимир\",\n"
    "      \"script\": \"original\",\n"
    "      \"type\": \"nka\"\n"
    "    }\n"
    "  ],\n"
    "  \"programs\": [\n"
    "    \"RUSSIA-EO14024\",\n"
    "    \"UKRAINE-EO13660\"\n"
    "  ],\n"
    "  \"addresses\": [\n"
    "    {\n"
    "      \"street\": \"23 Ilyinka Street\",\n"
    "      \"city\": \"Moscow\",\n"
    "      \"state\": \"Moskva\",\n"
    "      \"postal\": \"103132\",\n"
    "      \"country\": \"Russia\",\n"
    "      \"text\": \"23 Ilyinka Street, Moscow, Moskva, 103132, Russia\"\n"
    "    }\n"
    "  ],\n"
    "  \"identifiers\": [\n"
    "    {\n"
    "      \"kind\": \"passport\",\n"
    "      \"type\": \"Passport\",\n"
    "      \"value\": \"100000001\",\n"
    "      \"country\": \"Russia\",\n"
    "      \"issued\": \"01 Jan 2010\",\n"
    "      \"expires\": \"01 Jan 2020\",\n"
    "      \"note\": \"diplomatic\"\n"
    "    },\n"
    "    {\n"
    "      \"kind\": \"isin\",\n"
    "      \"type\": \"ISIN\",\n"
    "      \"value\": \"RU000A0JP5V6\"\n"
    "    }\n"
    "  ],\n"
    "  \"births\": [\n"
    "    {\n"
    "      \"from\": \"1952-10-07\",\n"
    "      \"to\": \"1952-10-07\",\n"
    "      \"text\": \"07 Oct 1952\"\n"
    "    },\n"
    "    {\n"
    "      \"from\": \"1950\",\n"
    "      \"to\": \"1950\",\n"
    "      \"circa\": true,\n"
    "      \"text\": \"circa 1950\"\n"
    "    }\n"
    "  ],\n"
    "  \"birthplaces\": [\n"
    "    \"Leningrad, Russia\"\n"
    "  ],\n"
    "  \"nationalities\": [\n"
    "    \"Russia\"\n"
    "  ],\n"
    "  \"citizenships\": [\n"
    "    \"Russia\"\n"
    "  ],\n"
    "  \"gender\": \"Male\",\n"
    "  \"title\": \"President of the \\\"Russian Federation\\\"\",\n"
    "  \"relations\": [\n"
    "    {\n"
    "      \"type\": \"Linked To\",\n"
    "      \"target\": \"BANK ROSSIYA\",\n"
    "      \"target_id\": \"12345\"\n"
    "    }\n"
    "  ],\n"
    "  \"facts\": [\n"
    "    {\n"
    "      \"key\": \"Secondary sanctions risk\",\n"
    "      \"value\": \"See Section 11\"\n"
    "    }\n"
    "  ],\n"
    "  \"remarks\": \"Line one;\\ttab.\",\n"
    "  \"vessel\": {\n"
    "    \"call_sign\": \"UBCD7\",\n"
    "    \"type\": \"Yacht\",\n"
    "    \"tonnage\": \"1,000\",\n"
    "    \"grt\": \"900\",\n"
    "    \"flag\": \"Cayman Islands\",\n"
    "    \"owner\": \"GRACEFUL LTD\"\n"
    "  },\n"
    "  \"cmic\": {\n"
    "    \"listing\": \"2021-06-03\",\n"
    "    \"effective\": \"2021-08-02\",\n"
    "    \"divestment\": \"2022-06-03\"\n"
    "  },\n"
    "  \"listed_on\": \"2022-02-25\",\n"
    "  \"ends_on\": \"2030\"\n"
    "}";

static void test_golden_pretty(void **state)
{
    (void)state;
    emb_recset *set = full_set();
    char *json = NULL;
    assert_int_equal(emb_record_to_json(emb_recset_get(set, 0),
                                        EMB_JSON_PRETTY, &json),
                     EMB_OK);
    assert_string_equal(json, golden);
    emb_free(json);
    emb_recset_free(set);
}

static void test_compact(void **state)
{
    (void)state;
    emb_recset *set = recset_new(EMB_SOURCE_UN, "un_xml");
    recb *b = recb_new(set, "QDi.001");
    recb_set_kind(b, EMB_KIND_ENTITY);
    recb_add_name(b, EMB_NAME_PRIMARY, 0, "AL-QAIDA", NULL, NULL, NULL);
    recb_add_program(b, "Al-Qaida");
    emb_period p = {{0, 0, 0}, {0, 0, 0}, 0, NULL};
    recb_add_birth(b, &p); /* an empty period stays as {} */
    assert_int_equal(recb_finish(b), EMB_OK);
    recb_free(b);
    recset_seal(set);
    char *json = NULL;
    assert_int_equal(emb_record_to_json(emb_recset_get(set, 0), 0, &json),
                     EMB_OK);
    assert_string_equal(json,
                        "{\"source\":\"un_sc\",\"source_id\":\"QDi.001\","
                        "\"kind\":\"entity\",\"names\":[{\"full\":"
                        "\"AL-QAIDA\",\"type\":\"primary\"}],\"programs\":"
                        "[\"Al-Qaida\"],\"births\":[{}]}");

    /* Round trip through the reader gives the same bytes. */
    emb_recset *back = recset_new(EMB_SOURCE_UN, "un_xml");
    emb_error err;
    assert_int_equal(record_from_json(back, json, strlen(json), &err), EMB_OK);
    char *again = NULL;
    assert_int_equal(emb_record_to_json(emb_recset_get(back, 0), 0, &again),
                     EMB_OK);
    assert_string_equal(again, json);
    assert_int_equal(emb_recset_get(back, 0)->n_births, 1);
    emb_free(again);
    emb_free(json);
    emb_recset_free(back);
    emb_recset_free(set);

    assert_int_equal(emb_record_to_json(NULL, 0, &json), EMB_ERR_USAGE);
    assert_null(json);
}

static void test_roundtrip_full(void **state)
{
    (void)state;
    emb_recset *set = full_set();
    const emb_record *r = emb_recset_get(set, 0);
    for (int pretty = 0; pretty < 2; pretty++) {
        char *json = NULL;
        assert_int_equal(emb_record_to_json(r, pretty, &json), EMB_OK);
        emb_recset *back = recset_new(EMB_SOURCE_OFAC_SDN, "ofac_csv");
        emb_error err;
        assert_int_equal(record_from_json(back, json, strlen(json), &err),
                         EMB_OK);
        recset_seal(back);
        const emb_record *q = emb_recset_find(back, "36");
        assert_non_null(q);
        assert_int_equal(q->kind, EMB_KIND_PERSON);
        assert_int_equal(q->n_names, 4);
        assert_int_equal(q->names[1].weak, 1);
        assert_int_equal(q->names[3].type, EMB_NAME_NKA);
        assert_string_equal(q->names[3].script, "original");
        assert_int_equal(q->idents[0].kind, EMB_ID_PASSPORT);
        assert_int_equal(q->births[1].circa, 1);
        assert_int_equal(q->births[0].from.day, 7);
        assert_int_equal(q->cmic_effective.month, 8);
        assert_int_equal(q->ends_on.year, 2030);
        assert_int_equal(q->ends_on.month, 0);
        assert_string_equal(q->vessel.owner, "GRACEFUL LTD");
        char *again = NULL;
        assert_int_equal(emb_record_to_json(q, pretty, &again), EMB_OK);
        assert_string_equal(again, json);
        emb_free(again);
        emb_free(json);
        emb_recset_free(back);
    }
    emb_recset_free(set);
}

static void test_invalid_utf8_as_latin1(void **state)
{
    (void)state;
    emb_recset *set = recset_new(EMB_SOURCE_CSL, "csl_csv");
    recb *b = recb_new(set, "x1");
    recb_add_name(b, EMB_NAME_PRIMARY, 0, "CAF\xc9 NOIR", NULL, NULL, NULL);
    recb_finish(b);
    recb_free(b);
    char *json = NULL;
    assert_int_equal(emb_record_to_json(emb_recset_get(set, 0), 0, &json),
                     EMB_OK);
    assert_non_null(strstr(json, "\"CAF\xc3\x89 NOIR\""));
    emb_free(json);
    emb_recset_free(set);
}

static void reject(const char *json, const char *field)
{
    emb_recset *set = recset_new(EMB_SOURCE_CSL, "csl_csv");
    emb_error err;
    assert_int_equal(record_from_json(set, json, strlen(json), &err),
                     EMB_ERR_PARSE);
    assert_string_equal(err.field, field);
    assert_int_equal(emb_recset_count(set), 0);
    emb_recset_free(set);
}

static void test_reader_rejects(void **state)
{
    (void)state;
    reject("{\"source\":\"us_csl\"", "");
    reject("[1]", "");
    reject("{\"source\":\"un_sc\",\"source_id\":\"1\"}", "source");
    reject("{\"source\":\"us_csl\"}", "source_id");
    reject("{\"source\":\"us_csl\",\"source_id\":\"1\",\"names\":{}}", "names");
    reject("{\"source\":\"us_csl\",\"source_id\":\"1\",\"programs\":[1]}",
           "programs");
    reject("{\"source\":\"us_csl\",\"source_id\":\"1\",\"listed_on\":\"2021-13\"}",
           "listed_on");
    reject("{\"source\":\"us_csl\",\"source_id\":\"1\",\"names\":"
           "[{\"full\":\"A\",\"type\":\"alias\"}]}",
           "names.type");
    reject("{\"source\":\"us_csl\",\"source_id\":\"1\",\"births\":"
           "[{\"circa\":1}]}",
           "circa");
}

/* Every truncation and many byte flips of a valid record are rejected or
 * read without harm. */
static void test_reader_survives_damage(void **state)
{
    (void)state;
    emb_recset *set = full_set();
    char *json = NULL;
    assert_int_equal(emb_record_to_json(emb_recset_get(set, 0), 0, &json), 0);
    size_t len = strlen(json);
    emb_error err;
    for (size_t n = 0; n < len; n++) {
        emb_recset *s = recset_new(EMB_SOURCE_OFAC_SDN, "x");
        assert_int_equal(record_from_json(s, json, n, &err), EMB_ERR_PARSE);
        assert_int_equal(emb_recset_count(s), 0);
        emb_recset_free(s);
    }
    char *copy = malloc(len);
    const char flips[] = {'"', '\\', '{', '}', '[', ']', ',', ':', 'x', '\0',
                          '\x80'};
    for (size_t i = 0; i < len; i += 3) {
        for (size_t k = 0; k < sizeof flips; k++) {
            memcpy(copy, json, len);
            copy[i] = flips[k];
            emb_recset *s = recset_new(EMB_SOURCE_OFAC_SDN, "x");
            int rc = record_from_json(s, copy, len, &err);
            assert_true(rc == EMB_OK || rc == EMB_ERR_PARSE);
            assert_int_equal(emb_recset_count(s), rc == EMB_OK ? 1 : 0);
            emb_recset_free(s);
        }
    }
    free(copy);
    emb_free(json);
    emb_recset_free(set);
}

static void test_reader_escapes(void **state)
{
    (void)state;
    const char *json =
        "{ \"source\" : \"us_csl\", \"source_id\":\"a\\/1\",\n"
        "  \"names\": [ {\"full\": \"CAF\\u00c9 \\ud83d\\ude00\\t\\\"Q\\\"\","
        " \"type\": \"primary\", \"weak\": false} ],"
        " \"unknown\": [1, -2.5e3, null, {\"x\": [true]}] }";
    emb_recset *set = recset_new(EMB_SOURCE_CSL, "csl_csv");
    emb_error err;
    assert_int_equal(record_from_json(set, json, strlen(json), &err), EMB_OK);
    const emb_record *r = emb_recset_get(set, 0);
    assert_string_equal(r->source_id, "a/1");
    assert_string_equal(r->names[0].full,
                        "CAF\xc3\x89 \xf0\x9f\x98\x80\t\"Q\"");
    assert_int_equal(r->names[0].weak, 0);
    emb_recset_free(set);

    const char *bad[] = {
        "{\"source\":\"us_csl\",\"source_id\":\"\\u0000\"}",
        "{\"source\":\"us_csl\",\"source_id\":\"\\ud83d\"}",
        "{\"source\":\"us_csl\",\"source_id\":\"\\ude00\"}",
        "{\"source\":\"us_csl\",\"source_id\":\"\\x\"}",
        "{\"source\":\"us_csl\",\"source_id\":\"\xff\"}",
        "{\"source\":\"us_csl\",\"source_id\":\"1\"} x",
        "{\"source\":\"us_csl\",\"source_id\":\"1\",}",
        "{\"source\":\"us_csl\" \"source_id\":\"1\"}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        set = recset_new(EMB_SOURCE_CSL, "csl_csv");
        assert_int_equal(record_from_json(set, bad[i], strlen(bad[i]), &err),
                         EMB_ERR_PARSE);
        assert_non_null(strstr(err.message, "syntax error"));
        emb_recset_free(set);
    }
}

static void test_parse_date(void **state)
{
    (void)state;
    emb_date d;
    assert_int_equal(record_json_parse_date("2021-06-03", &d), 0);
    assert_int_equal(d.year, 2021);
    assert_int_equal(d.month, 6);
    assert_int_equal(d.day, 3);
    assert_int_equal(record_json_parse_date("1946", &d), 0);
    assert_int_equal(d.year, 1946);
    assert_int_equal(d.month, 0);
    assert_int_equal(record_json_parse_date("1938-09", &d), 0);
    assert_int_equal(d.month, 9);
    assert_int_equal(d.day, 0);
    assert_int_equal(record_json_parse_date("", &d), 0);
    assert_int_equal(d.year, 0);
    assert_int_equal(record_json_parse_date("21-06-03", &d), -1);
    assert_int_equal(record_json_parse_date("2021-06-03-", &d), -1);
    assert_int_equal(record_json_parse_date("2021-00", &d), -1);
    assert_int_equal(record_json_parse_date("2021-6-3", &d), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_pretty),
        cmocka_unit_test(test_compact),
        cmocka_unit_test(test_roundtrip_full),
        cmocka_unit_test(test_invalid_utf8_as_latin1),
        cmocka_unit_test(test_reader_rejects),
        cmocka_unit_test(test_reader_survives_damage),
        cmocka_unit_test(test_reader_escapes),
        cmocka_unit_test(test_parse_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
