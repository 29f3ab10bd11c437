/* test_xmlread.c - the streaming XML record walker. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "lists/xmlread.h"

static void test_counts_un_records(void **state)
{
    (void)state;
    size_t len;
    char *data = test_read_file(test_list_path("un_2026-02-27/UN_consolidated.xml"), &len);
    assert_non_null(data);
    lists_file f = {"UN_consolidated.xml", data, len};
    xmlr x;
    emb_error err;
    assert_int_equal(xmlr_open(&x, &f, &err), EMB_OK);
    static const char *const names[] = {"INDIVIDUAL", "ENTITY", NULL};
    xmlNodePtr n;
    int people = 0, entities = 0, rc;
    arena *a = arena_new();
    char *first = NULL;
    while ((rc = xmlr_next(&x, names, &n)) == 1) {
        if (xml_is(n, "INDIVIDUAL")) {
            if (!first)
                first = xml_child_text(a, n, "REFERENCE_NUMBER");
            people++;
        } else {
            entities++;
        }
    }
    assert_int_equal(rc, 0);
    assert_int_equal(people, 730);
    assert_int_equal(entities, 273);
    assert_non_null(first);
    xmlr_close(&x);
    arena_free(a);
    free(data);
}

static void test_truncated_xml_is_an_error(void **state)
{
    (void)state;
    const char doc[] = "<A>\n<R><n>1</n></R>\n<R><n>2</n>\n<R><n>3";
    lists_file f = {"cut.xml", doc, sizeof doc - 1};
    xmlr x;
    emb_error err;
    assert_int_equal(xmlr_open(&x, &f, &err), EMB_OK);
    static const char *const names[] = {"R", NULL};
    xmlNodePtr n;
    int rc, seen = 0;
    while ((rc = xmlr_next(&x, names, &n)) == 1)
        seen++;
    assert_true(rc < 0);
    assert_int_equal(seen, 1);
    assert_int_equal(err.code, EMB_ERR_PARSE);
    assert_string_equal(err.file, "cut.xml");
    assert_true(err.line >= 3);
    xmlr_close(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_un_records),
        cmocka_unit_test(test_truncated_xml_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
