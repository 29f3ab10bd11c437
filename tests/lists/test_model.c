/* test_model.c - the entity model: builder, record sets, dates, CSV. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "lists/model.h"
#include "lists/readers.h"

static void period(const char *text, int fy, int fm, int fd, int ty, int tm,
                   int td, int circa)
{
    emb_period p;
    assert_int_equal(emb_period_parse(text, &p), EMB_OK);
    assert_int_equal(p.from.year, fy);
    assert_int_equal(p.from.month, fm);
    assert_int_equal(p.from.day, fd);
    assert_int_equal(p.to.year, ty);
    assert_int_equal(p.to.month, tm);
    assert_int_equal(p.to.day, td);
    assert_int_equal(p.circa, circa);
}

static void test_period_formats(void **state)
{
    (void)state;
    period("10 Dec 1948", 1948, 12, 10, 1948, 12, 10, 0);
    period("1946", 1946, 0, 0, 1946, 0, 0, 0);
    period("Sep 1938", 1938, 9, 0, 1938, 9, 0, 0);
    period("circa 1951", 1951, 0, 0, 1951, 0, 0, 1);
    period("1951 to 1953", 1951, 0, 0, 1953, 0, 0, 0);
    period("01 Jan 1961 to 31 Dec 1962", 1961, 1, 1, 1962, 12, 31, 0);
    period("Mar 1962 to Feb 1963", 1962, 3, 0, 1963, 2, 0, 0);
    period("circa 07 Jul 1966", 1966, 7, 7, 1966, 7, 7, 1);
    period("circa 1979-1982", 1979, 0, 0, 1982, 0, 0, 1);
    period("2021-06-03", 2021, 6, 3, 2021, 6, 3, 0);
    period("06/30/2025", 2025, 6, 30, 2025, 6, 30, 0);
    emb_period p;
    assert_int_equal(emb_period_parse("31 Feb 2020", &p), EMB_ERR_PARSE);
    assert_int_equal(emb_period_parse("1962 to 1961", &p), EMB_ERR_PARSE);
    assert_int_equal(emb_period_parse("yesterday", &p), EMB_ERR_PARSE);
    assert_int_equal(emb_period_parse("", &p), EMB_ERR_PARSE);
}

static void test_days_roundtrip(void **state)
{
    (void)state;
    emb_date d = {2021, 12, 16};
    long days = date_to_days(d);
    emb_date e = date_from_days(days + 60);
    assert_int_equal(e.year, 2022);
    assert_int_equal(e.month, 2);
    assert_int_equal(e.day, 14);
    e = date_from_days(days + 365);
    assert_int_equal(e.year, 2022);
    assert_int_equal(e.month, 12);
    assert_int_equal(e.day, 16);
    emb_date epoch = {1970, 1, 1};
    assert_int_equal(date_to_days(epoch), 0);
}

static void test_builder_and_find(void **state)
{
    (void)state;
    emb_recset *set = recset_new(EMB_SOURCE_OFAC_CONS, "test");
    assert_non_null(set);
    const char *ids[] = {"30946", "9", "100", "30947"};
    for (int i = 0; i < 4; i++) {
        recb *b = recb_new(set, ids[i]);
        assert_non_null(b);
        recb_set_kind(b, EMB_KIND_ENTITY);
        assert_int_equal(recb_add_name(b, EMB_NAME_AKA, 0, "ALIAS", NULL, NULL, NULL), EMB_OK);
        assert_int_equal(recb_add_name(b, EMB_NAME_PRIMARY, 0, ids[i], NULL, NULL, NULL), EMB_OK);
        assert_int_equal(recb_add_name(b, EMB_NAME_AKA, 0, "ALIAS", NULL, NULL, NULL), EMB_OK);
        emb_ident id = {0};
        id.type = "ISIN";
        id.value = "CNE100000PM8";
        assert_int_equal(recb_add_ident(b, &id), EMB_OK);
        assert_int_equal(recb_add_ident(b, &id), EMB_OK);
        recb_append(b, RECB_REMARKS, "Listing Date (EO 14024 Directive 3)");
        recb_append(b, RECB_REMARKS, ": 24 Feb 2022");
        assert_int_equal(recb_finish(b), EMB_OK);
        recb_free(b);
    }
    assert_int_equal(recset_seal(set), EMB_OK);
    assert_int_equal(emb_recset_count(set), 4);
    assert_string_equal(emb_recset_get(set, 0)->source_id, "9");
    assert_string_equal(emb_recset_get(set, 3)->source_id, "30947");
    const emb_record *r = emb_recset_find(set, "100");
    assert_non_null(r);
    assert_int_equal(r->n_names, 2);
    assert_string_equal(r->names[0].full, "100");
    assert_int_equal(r->names[0].type, EMB_NAME_PRIMARY);
    assert_int_equal(r->n_idents, 1);
    assert_int_equal(r->idents[0].kind, EMB_ID_ISIN);
    assert_string_equal(r->remarks,
                        "Listing Date (EO 14024 Directive 3): 24 Feb 2022");
    assert_null(emb_recset_find(set, "101"));
    emb_recset_free(set);
}

static void test_csv_quirks(void **state)
{
    (void)state;
    const char data[] = "306,\"BANCO, \"\"NACIONAL\"\"\",-0- \r\n"
                        "\r\n"
                        "7,\"multi\nline\",x\n"
                        "8,last\r\n\x1a";
    csv_reader r;
    emb_error err;
    csv_init(&r, "t.csv", data, sizeof data - 1, ',');
    assert_int_equal(csv_next(&r, &err), CSV_RECORD);
    assert_int_equal(r.n_fields, 3);
    assert_string_equal(csv_field(&r, 1), "BANCO, \"NACIONAL\"");
    assert_int_equal(csv_field_quoted(&r, 1), 1);
    assert_string_equal(csv_field(&r, 2), "-0- ");
    assert_int_equal(csv_next(&r, &err), CSV_RECORD);
    assert_int_equal(r.line, 3);
    assert_string_equal(csv_field(&r, 1), "multi\nline");
    assert_int_equal(csv_next(&r, &err), CSV_RECORD);
    assert_int_equal(r.line, 5);
    assert_string_equal(csv_field(&r, 1), "last");
    assert_int_equal(csv_next(&r, &err), CSV_EOF);
    csv_free(&r);

    const char cut[] = "\"a\",\"b\"\n\"c\",\"unterminated";
    csv_init(&r, "cut.csv", cut, sizeof cut - 1, ',');
    assert_int_equal(csv_next(&r, &err), CSV_RECORD);
    assert_int_equal(csv_next(&r, &err), CSV_TRUNCATED);
    assert_int_equal(r.line, 2);
    csv_free(&r);

    const char nul[] = "a,b\0c\n";
    csv_init(&r, "nul.csv", nul, sizeof nul - 1, ',');
    assert_int_equal(csv_next(&r, &err), CSV_ERROR);
    assert_int_equal(err.code, EMB_ERR_PARSE);
    assert_int_equal(err.line, 1);
    csv_free(&r);
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(utf8_valid("Путин", strlen("Путин")));
    assert_false(utf8_valid("\xe9t\xe9", 3));
    assert_false(utf8_valid("\xd0", 1));
    arena *a = arena_new();
    assert_string_equal(utf8_or_latin1_dup(a, "caf\xe9", 4), "caf\xc3\xa9");
    arena_free(a);
}

static void test_error_format(void **state)
{
    (void)state;
    emb_error err;
    emb_error_set(&err, EMB_ERR_PARSE, "x/sdn.csv", 12, "SDN_Type",
                  "unknown type '%s'", "robot");
    char buf[256];
    assert_string_equal(emb_error_format(&err, buf, sizeof buf),
                        "x/sdn.csv:12: field 'SDN_Type': unknown type 'robot'");
    assert_string_equal(emb_strerror(EMB_ERR_FORMAT), "unrecognised file format");
}

static void test_ident_kinds(void **state)
{
    (void)state;
    assert_int_equal(ident_kind_from_label("Unified Social Credit Code (USCC)"), EMB_ID_USCC);
    assert_int_equal(ident_kind_from_label("Digital Currency Address - XBT"), EMB_ID_CRYPTO);
    assert_int_equal(ident_kind_from_label("Passport"), EMB_ID_PASSPORT);
    assert_int_equal(ident_kind_from_label("Tax ID No."), EMB_ID_TAX_ID);
    assert_int_equal(ident_kind_from_label("Equity Ticker"), EMB_ID_TICKER);
    assert_int_equal(ident_kind_from_label("Target Type"), EMB_ID_OTHER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_formats),
        cmocka_unit_test(test_days_roundtrip),
        cmocka_unit_test(test_builder_and_find),
        cmocka_unit_test(test_csv_quirks),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_error_format),
        cmocka_unit_test(test_ident_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
