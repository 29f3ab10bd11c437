/* test_bis_dpl.c - the BIS Denied Persons List (dpl.txt) reader. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists/model.h"
#include "lists/readers.h"

static const char header[] =
    "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t"
    "\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t"
    "\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n";

static const char aaron[] =
    "\"AARON ABRAHAM VILLA\"\t\"3415 RIVERA AVENUE\"\t\"EL PASO\"\t\"TX\"\t"
    "\"\"\t\"79905\"\t\"08/24/2022\"\t\"01/14/2026\"\t\"Y\"\t\"2022-08-29\"\t"
    "\"F.R. NOTICE ADDED\"\t\"87 F.R. 52741 8/29/2022\"\n";

static emb_recset *read_dpl(void)
{
    const char *path = test_list_path("bis_dpl_2023-11-30/dpl.txt");
    size_t len;
    char *data = test_read_file(path, &len);
    assert_non_null(data);
    lists_file f = {path, data, len};
    emb_recset *set = NULL;
    emb_error err;
    int rc = bis_dpl_read(&f, &set, &err);
    if (rc != EMB_OK) {
        char msg[1024];
        fail_msg("%s", emb_error_format(&err, msg, sizeof msg));
    }
    free(data);
    return set;
}

static const char *fact(const emb_record *r, const char *key)
{
    for (size_t i = 0; i < r->n_facts; i++)
        if (strcmp(r->facts[i].key, key) == 0)
            return r->facts[i].value;
    return NULL;
}

static const emb_record *find_name(const emb_recset *set, const char *name)
{
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        const emb_record *r = emb_recset_get(set, i);
        if (strcmp(r->names[0].full, name) == 0)
            return r;
    }
    return NULL;
}

static void test_dpl_2023(void **state)
{
    (void)state;
    emb_recset *set = read_dpl();
    assert_int_equal(emb_recset_count(set), 665);
    assert_string_equal(emb_recset_source(set), EMB_SOURCE_BIS_DPL);
    assert_string_equal(emb_recset_format(set), "bis_dpl");
    assert_int_equal(emb_recset_warning_count(set), 0);
    int inferred = 1;
    emb_date pub = emb_recset_published(set, &inferred);
    assert_int_equal(pub.year, 2023); /* not the bogus 3033-09-30 */
    assert_int_equal(pub.month, 11);
    assert_int_equal(pub.day, 28);
    assert_int_equal(inferred, 0);
    assert_int_equal(emb_recset_file_count(set), 1);
    assert_string_equal(emb_recset_file_sha256(set, 0),
                        "b4d9a287f8527af7c5713f7cc03751c639819aa44595863088506a80cd63988a");

    /* FNV-1a 64 of "AARON ABRAHAM VILLA\x1f3415 RIVERA AVENUE\x1f"
     * "EL PASO\x1fTX\x1f\x1f" "79905", computed independently. */
    const emb_record *r = emb_recset_find(set, "9fbdcf0eea633113");
    assert_non_null(r);
    assert_ptr_equal(r, find_name(set, "AARON ABRAHAM VILLA"));
    assert_string_equal(r->source, EMB_SOURCE_BIS_DPL);
    assert_string_equal(r->list, "DPL");
    assert_int_equal(r->kind, EMB_KIND_UNKNOWN);
    assert_int_equal(r->n_names, 1);
    assert_int_equal(r->names[0].type, EMB_NAME_PRIMARY);
    assert_int_equal(r->n_addresses, 1);
    const emb_address *a = &r->addresses[0];
    assert_string_equal(a->street, "3415 RIVERA AVENUE");
    assert_string_equal(a->city, "EL PASO");
    assert_string_equal(a->state, "TX");
    assert_string_equal(a->postal, "79905");
    assert_null(a->country);
    assert_string_equal(a->text, "3415 RIVERA AVENUE, EL PASO, TX, 79905");
    assert_int_equal(r->listed_on.year, 2022);
    assert_int_equal(r->listed_on.month, 8);
    assert_int_equal(r->listed_on.day, 24);
    assert_int_equal(r->ends_on.year, 2026);
    assert_int_equal(r->ends_on.month, 1);
    assert_int_equal(r->ends_on.day, 14);
    assert_int_equal(r->n_facts, 4);
    assert_string_equal(fact(r, "Standard_Order"), "Y");
    assert_string_equal(fact(r, "Action"), "F.R. NOTICE ADDED");
    assert_string_equal(fact(r, "FR_Citation"), "87 F.R. 52741 8/29/2022");
    assert_string_equal(fact(r, "Last_Update"), "2022-08-29");
    assert_int_equal(r->n_programs + r->n_idents + r->n_births, 0);

    /* Leading blank trimmed; country kept. */
    r = find_name(set, "I. ASH");
    assert_non_null(r);
    assert_string_equal(r->source_id, "d5be738b528fdd68");
    assert_string_equal(r->addresses[0].country, "US");
    assert_int_equal(r->ends_on.year, 2056);

    /* Two identical rows: the second one gets "-2". */
    size_t suffixed = 0;
    for (size_t i = 0; i < emb_recset_count(set); i++)
        suffixed += strstr(emb_recset_get(set, i)->source_id, "-2") != NULL;
    assert_int_equal(suffixed, 2);
    emb_recset_free(set);
}

static void test_dpl_ids_stable(void **state)
{
    (void)state;
    emb_recset *a = read_dpl(), *b = read_dpl();
    assert_int_equal(emb_recset_count(a), emb_recset_count(b));
    for (size_t i = 0; i < emb_recset_count(a); i++) {
        const emb_record *ra = emb_recset_get(a, i);
        const emb_record *rb = emb_recset_get(b, i);
        assert_string_equal(ra->source_id, rb->source_id);
        assert_ptr_equal(emb_recset_find(a, ra->source_id), ra);
        if (i)
            assert_string_not_equal(emb_recset_get(a, i - 1)->source_id,
                                    ra->source_id);
    }
    emb_recset_free(a);
    emb_recset_free(b);

    /* The id does not depend on the order, dates or notice of a row. */
    char text[4096];
    snprintf(text, sizeof text, "%s\"SOMEONE ELSE\"\t\"1 MAIN ST\"\t\"X\"\t\"\"\t"
             "\"\"\t\"\"\t\"01/01/2020\"\t\"\"\t\"N\"\t\"2020-01-02\"\t\"\"\t\"\"\n"
             "\"  aaron  abraham villa \"\t\"3415 RIVERA AVENUE\"\t\"EL PASO\"\t"
             "\"TX\"\t\"\"\t\"79905\"\t\"09/01/2023\"\t\"\"\t\"Y\"\t"
             "\"2023-09-02\"\t\"RENEWED\"\t\"88 F.R. 1\"\n", header);
    lists_file f = {"dpl.txt", text, strlen(text)};
    emb_recset *set = NULL;
    emb_error err;
    assert_int_equal(bis_dpl_read(&f, &set, &err), EMB_OK);
    assert_int_equal(emb_recset_count(set), 2);
    const emb_record *r = emb_recset_find(set, "9fbdcf0eea633113");
    assert_non_null(r);
    assert_string_equal(r->names[0].full, "aaron  abraham villa");
    int inferred;
    emb_date pub = emb_recset_published(set, &inferred);
    assert_int_equal(pub.year, 2023);
    assert_int_equal(pub.month, 9);
    assert_int_equal(pub.day, 2);
    emb_recset_free(set);
}

/* a Name that gives a second name (all three are in the 2023 file) */
static void test_dpl_second_name(void **state)
{
    (void)state;
    emb_recset *set = read_dpl();
    const emb_record *r = find_name(set, "FUYI SUN");
    assert_non_null(r);
    assert_int_equal(r->n_names, 2);
    assert_string_equal(r->names[1].full, "FRANK SUN");
    assert_int_equal(r->names[1].type, EMB_NAME_AKA);
    assert_string_equal(fact(r, "name_as_listed"), "FUYI SUN A/K/A FRANK SUN");
    r = find_name(set, "SIBERIAN AIRLINES");
    assert_non_null(r);
    assert_string_equal(r->names[1].full, "S7 AIRLINES");
    r = find_name(set, "PEARL LI");
    assert_non_null(r);
    assert_string_equal(r->names[1].full, "NEI-CHIEN CHU");
    assert_null(find_name(set, "PEARL (A.K.A. NEI-CHIEN CHU) LI"));
    /* the id is made from the field as written */
    char text[1024];
    snprintf(text, sizeof text,
             "%s\"PEARL (A.K.A. NEI-CHIEN CHU) LI\"\t\"1132 SEAGULL LANE\"\t"
             "\"CHERRY HILL\"\t\"NJ\"\t\"US\"\t\"08054\"\t\"06/23/2006\"\t"
             "\"06/23/2026\"\t\"Y\"\t\"2006-06-23\"\t\"\"\t\"\"\n"
             "\"X F/K/A \"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t"
             "\"N\"\t\"2006-06-23\"\t\"\"\t\"\"\n",
             header);
    lists_file f = {"dpl.txt", text, strlen(text)};
    emb_recset *one = NULL;
    emb_error err;
    assert_int_equal(bis_dpl_read(&f, &one, &err), EMB_OK);
    const emb_record *o = find_name(one, "PEARL LI");
    assert_non_null(o);
    assert_string_equal(o->source_id, r->source_id);
    /* nothing after the mark: the field stays the name */
    assert_non_null(find_name(one, "X F/K/A"));
    emb_recset_free(one);
    emb_recset_free(set);
}

static void expect_error(const char *text, size_t len, int code, long line,
                         const char *field, const char *msg_part)
{
    static int sentinel;
    emb_recset *set = (emb_recset *)&sentinel; /* must stay untouched */
    lists_file f = {"dpl.txt", text, len};
    emb_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(bis_dpl_read(&f, &set, &err), code);
    assert_ptr_equal(set, (emb_recset *)&sentinel);
    assert_int_equal(err.code, code);
    assert_string_equal(err.file, "dpl.txt");
    assert_int_equal(err.line, line);
    assert_string_equal(err.field, field);
    assert_non_null(strstr(err.message, msg_part));
}

static void test_dpl_bad_input(void **state)
{
    (void)state;
    char text[4096];

    /* Header without FR_Citation. */
    snprintf(text, sizeof text, "%s", header);
    *strstr(text, "\t\"FR_Citation\"") = '\0';
    strcat(text, "\n");
    expect_error(text, strlen(text), EMB_ERR_PARSE, 1, "FR_Citation",
                 "no column 'FR_Citation'");

    /* A row with 11 fields. */
    snprintf(text, sizeof text, "%s%s%s", header, aaron, aaron);
    char *cut = strrchr(text, '\t');
    *cut = '\n';
    cut[1] = '\0';
    expect_error(text, strlen(text), EMB_ERR_PARSE, 3, "", "11 fields");

    /* A NUL byte. */
    snprintf(text, sizeof text, "%s%s", header, aaron);
    size_t len = strlen(text);
    char *p = strstr(text, "EL PASO");
    p[2] = '\0';
    expect_error(text, len, EMB_ERR_PARSE, 2, "", "NUL byte");

    /* Only a header; nothing at all. */
    expect_error(header, strlen(header), EMB_ERR_PARSE, 2, "", "no records");
    expect_error("", 0, EMB_ERR_PARSE, 1, "", "no header");

    /* Empty name. */
    snprintf(text, sizeof text, "%s\"  \"%s", header, strchr(aaron, '\t'));
    expect_error(text, strlen(text), EMB_ERR_PARSE, 2, "Name", "empty name");
}

static void test_dpl_lenient(void **state)
{
    (void)state;
    /* Latin-1 text is read, a bad date is a warning, a repeated header and
     * a cut-off last row are skipped. */
    char text[4096];
    snprintf(text, sizeof text,
             "%s%s\"JOS\xC9 N\xDA\xD1" "EZ\"\t\"\"\t\"\"\t\"\"\t\"MX\"\t\"\"\t"
             "\"13/45/2020\"\t\"\"\t\"Y\"\t\"3033-09-30\"\t\"\"\t\"\"\n"
             "\"CUT", header, header);
    lists_file f = {"dpl.txt", text, strlen(text)};
    emb_recset *set = NULL;
    emb_error err;
    assert_int_equal(bis_dpl_read(&f, &set, &err), EMB_OK);
    assert_int_equal(emb_recset_count(set), 1);
    const emb_record *r = emb_recset_get(set, 0);
    assert_string_equal(r->names[0].full, "JOS\xC3\x89 N\xC3\x9A\xC3\x91" "EZ");
    assert_int_equal(r->listed_on.year, 0);
    assert_int_equal(emb_recset_warning_count(set), 2);
    assert_non_null(strstr(emb_recset_warning(set, 0),
                           "dpl.txt:3: Effective_Date '13/45/2020'"));
    assert_non_null(strstr(emb_recset_warning(set, 1), "dpl.txt:4: last record"));
    /* No Last_Update on or before today: none stated, so none is set. */
    int inferred;
    emb_date pub = emb_recset_published(set, &inferred);
    assert_int_equal(pub.year, 0);
    emb_recset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dpl_2023),
        cmocka_unit_test(test_dpl_ids_stable),
        cmocka_unit_test(test_dpl_second_name),
        cmocka_unit_test(test_dpl_bad_input),
        cmocka_unit_test(test_dpl_lenient),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
