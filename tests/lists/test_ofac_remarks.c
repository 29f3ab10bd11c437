/* test_ofac_remarks.c - the OFAC remarks mini-grammar, on the verbatim
 * remarks of FORMATS.md §4 and on hand-made items. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "lists/readers.h"

/* Parses remarks into a one-record set and returns it; the record is
 * emb_recset_get(set, 0). */
static emb_recset *parse(const char *remarks, emb_kind kind)
{
    emb_recset *set = recset_new(EMB_SOURCE_OFAC_CONS, "test");
    assert_non_null(set);
    recb *b = recb_new(set, "1");
    assert_non_null(b);
    recb_set_kind(b, kind);
    assert_int_equal(recb_add_name(b, EMB_NAME_PRIMARY, 0, "X", NULL, NULL, NULL),
                     EMB_OK);
    emb_error err;
    assert_int_equal(ofac_remarks_apply(b, remarks, &err, "t.csv", 1), EMB_OK);
    assert_int_equal(recb_finish(b), EMB_OK);
    recb_free(b);
    return set;
}

static const emb_ident *ident(const emb_record *r, const char *type,
                              const char *value)
{
    for (size_t i = 0; i < r->n_idents; i++)
        if (strcmp(r->idents[i].type, type) == 0 &&
            (!value || strcmp(r->idents[i].value, value) == 0))
            return &r->idents[i];
    return NULL;
}

static const char *fact(const emb_record *r, const char *key)
{
    for (size_t i = 0; i < r->n_facts; i++)
        if (strcmp(r->facts[i].key, key) == 0)
            return r->facts[i].value;
    return NULL;
}

static void assert_date(emb_date d, int y, int m, int day)
{
    assert_int_equal(d.year, y);
    assert_int_equal(d.month, m);
    assert_int_equal(d.day, day);
}

static void test_dji(void **state)
{
    (void)state;
    emb_recset *set = parse(
        "Effective Date (CMIC) 14 Feb 2022; Purchase/Sales For Divestment "
        "Date (CMIC) 16 Dec 2022; Listing Date (CMIC) 16 Dec 2021; Unified "
        "Social Credit Code (USCC) 914403007954257495 (China).",
        EMB_KIND_ENTITY);
    const emb_record *r = emb_recset_get(set, 0);
    assert_date(r->cmic_effective, 2022, 2, 14);
    assert_date(r->cmic_divestment, 2022, 12, 16);
    assert_date(r->cmic_listing, 2021, 12, 16);
    assert_int_equal(r->n_idents, 1);
    assert_string_equal(r->idents[0].type, "Unified Social Credit Code (USCC)");
    assert_string_equal(r->idents[0].value, "914403007954257495");
    assert_string_equal(r->idents[0].country, "China");
    assert_int_equal(r->idents[0].kind, EMB_ID_USCC);
    assert_int_equal(r->n_facts, 0);
    /* The remarks text itself is the caller's business. */
    assert_null(r->remarks);
    emb_recset_free(set);
}

static void test_megvii_sensetime(void **state)
{
    (void)state;
    emb_recset *set = parse(
        "Effective Date (CMIC) 14 Feb 2022; Purchase/Sales For Divestment "
        "Date (CMIC) 16 Dec 2022; Listing Date (CMIC) 16 Dec 2021.",
        EMB_KIND_ENTITY);
    const emb_record *r = emb_recset_get(set, 0);
    assert_int_equal(r->n_idents, 0);
    assert_int_equal(r->n_facts, 0);
    assert_date(r->cmic_listing, 2021, 12, 16);
    emb_recset_free(set);

    set = parse("Effective Date (CMIC) 08 Feb 2022; Purchase/Sales For "
                "Divestment Date (CMIC) 10 Dec 2022; Listing Date (CMIC) 10 "
                "Dec 2021; C.R. No. 2162198 (Hong Kong).",
                EMB_KIND_ENTITY);
    r = emb_recset_get(set, 0);
    assert_date(r->cmic_effective, 2022, 2, 8);
    assert_int_equal(r->n_idents, 1);
    assert_string_equal(r->idents[0].type, "C.R. No.");
    assert_string_equal(r->idents[0].value, "2162198");
    assert_string_equal(r->idents[0].country, "Hong Kong");
    assert_int_equal(r->idents[0].kind, EMB_ID_REGISTRATION);
    emb_recset_free(set);
}

static void test_hikvision_huawei(void **state)
{
    (void)state;
    emb_recset *set = parse(
        "Equity Ticker 002415 CN; Issuer Name Hangzhou Hikvision Digital "
        "Technology; ISIN CNE100000PM8; Target Type Public Company; Effective "
        "Date (CMIC) 02 Aug 2021; Purchase/Sales For Divestment Date (CMIC) 03 "
        "Jun 2022; Listing Date (CMIC) 03 Jun 2021; Unified Social Credit Code "
        "(USCC) 91330000733796106P (China).",
        EMB_KIND_ENTITY);
    const emb_record *r = emb_recset_get(set, 0);
    assert_int_equal(r->n_idents, 4);
    assert_string_equal(ident(r, "Equity Ticker", NULL)->value, "002415 CN");
    assert_string_equal(ident(r, "Issuer Name", NULL)->value,
                        "Hangzhou Hikvision Digital Technology");
    assert_int_equal(ident(r, "Issuer Name", NULL)->kind, EMB_ID_ISSUER_NAME);
    assert_string_equal(ident(r, "ISIN", NULL)->value, "CNE100000PM8");
    assert_string_equal(ident(r, "Unified Social Credit Code (USCC)", NULL)->value,
                        "91330000733796106P");
    assert_int_equal(r->n_facts, 1);
    assert_string_equal(fact(r, "Target Type"), "Public Company");
    assert_date(r->cmic_effective, 2021, 8, 2);
    assert_date(r->cmic_divestment, 2022, 6, 3);
    assert_date(r->cmic_listing, 2021, 6, 3);
    emb_recset_free(set);

    set = parse("Target Type Private Company; Effective Date (CMIC) 02 Aug "
                "2021; Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022; "
                "Listing Date (CMIC) 03 Jun 2021; Unified Social Credit Code "
                "(USCC) 914403001922038216 (China).",
                EMB_KIND_ENTITY);
    r = emb_recset_get(set, 0);
    assert_string_equal(fact(r, "Target Type"), "Private Company");
    assert_string_equal(r->idents[0].value, "914403001922038216");
    emb_recset_free(set);
}

static void test_china_telecom(void **state)
{
    (void)state;
    emb_recset *set = parse(
        "Equity Ticker CHA US; alt. Equity Ticker CHA RU; alt. Equity Ticker "
        "ZCHA DE; alt. Equity Ticker CHA AR; alt. Equity Ticker K3ED SG; alt. "
        "Equity Ticker 0728 HK; alt. Equity Ticker ZCH DE; Issuer Name China "
        "Telecom Corporation Limited; alt. Issuer Name China Telecom Corp Ltd; "
        "alt. Issuer Name China Telecom Co., Ltd; alt. Issuer Name China "
        "Telecom Corporation Limited.Co.Ltd; ISIN US1694261033; alt. ISIN "
        "CNE1000002V2; alt. ISIN CND100020NC4; alt. ISIN CND1000248G3; alt. "
        "ISIN CND10003ND87; Target Type Public Company; Effective Date (CMIC) "
        "02 Aug 2021; Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022; "
        "Listing Date (CMIC) 03 Jun 2021; Unified Social Credit Code (USCC) "
        "9111000071093019X7 (China); Linked To: CHINA TELECOMMUNICATIONS "
        "CORPORATION.",
        EMB_KIND_ENTITY);
    const emb_record *r = emb_recset_get(set, 0);
    assert_int_equal(r->n_idents, 7 + 4 + 5 + 1);
    assert_string_equal(r->idents[0].value, "CHA US");
    assert_string_equal(r->idents[5].value, "0728 HK");
    assert_string_equal(r->idents[6].value, "ZCH DE");
    assert_string_equal(r->idents[10].value, "China Telecom Corporation Limited.Co.Ltd");
    assert_string_equal(r->idents[15].value, "CND10003ND87");
    assert_int_equal(r->idents[15].kind, EMB_ID_ISIN);
    assert_int_equal(r->n_relations, 1);
    assert_string_equal(r->relations[0].type, "Linked To");
    assert_string_equal(r->relations[0].target,
                        "CHINA TELECOMMUNICATIONS CORPORATION");
    emb_recset_free(set);
}

static void test_identifiers(void **state)
{
    (void)state;
    emb_recset *set = parse(
        "DOB 29 Nov 1961; POB Cairo, Egypt; nationality Egypt; Passport 484824 "
        "(Egypt) issued 18 Jan 1984 expires 17 Jan 1989; alt. Passport "
        "A1234567 (Egypt) expires 01 Jan 2030; Passport G 649385 issued 1995; "
        "National ID No. 216040 (Yemen); Registration Number HRA 738077 "
        "(Stuttgart) (Germany); ISIN BRC1EODR004; Digital Currency Address - "
        "XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; Email Address "
        "info@example.com; Vessel Registration Identification IMO 7406784; "
        "Telephone (357)(22660766); Romanian C.R. J23/242/2004 (Romania).",
        EMB_KIND_PERSON);
    const emb_record *r = emb_recset_get(set, 0);
    const emb_ident *id = ident(r, "Passport", "484824");
    assert_non_null(id);
    assert_int_equal(id->kind, EMB_ID_PASSPORT);
    assert_string_equal(id->country, "Egypt");
    assert_string_equal(id->issued, "18 Jan 1984");
    assert_string_equal(id->expires, "17 Jan 1989");
    id = ident(r, "Passport", "A1234567");
    assert_non_null(id);
    assert_null(id->issued);
    assert_string_equal(id->expires, "01 Jan 2030");
    id = ident(r, "Passport", "G 649385");
    assert_non_null(id);
    assert_null(id->country);
    assert_string_equal(id->issued, "1995");
    id = ident(r, "National ID No.", "216040");
    assert_string_equal(id->country, "Yemen");
    assert_int_equal(id->kind, EMB_ID_NATIONAL_ID);
    id = ident(r, "Registration Number", "HRA 738077 (Stuttgart)");
    assert_non_null(id);
    assert_string_equal(id->country, "Germany");
    /* An 11-character ISIN is kept as published. */
    assert_non_null(ident(r, "ISIN", "BRC1EODR004"));
    id = ident(r, "Digital Currency Address - XBT", NULL);
    assert_non_null(id);
    assert_string_equal(id->value, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h");
    assert_int_equal(id->kind, EMB_ID_CRYPTO);
    assert_int_equal(ident(r, "Email Address", NULL)->kind, EMB_ID_EMAIL);
    id = ident(r, "Vessel Registration Identification", NULL);
    assert_string_equal(id->value, "IMO 7406784");
    assert_int_equal(id->kind, EMB_ID_IMO);
    id = ident(r, "Telephone", NULL);
    assert_string_equal(id->value, "(357)(22660766)");
    assert_null(id->country);
    /* A label the table does not know, recognised by "(Country)". */
    id = ident(r, "Romanian C.R.", NULL);
    assert_non_null(id);
    assert_string_equal(id->value, "J23/242/2004");
    assert_string_equal(id->country, "Romania");

    assert_int_equal(r->n_births, 1);
    assert_date(r->births[0].from, 1961, 11, 29);
    assert_string_equal(r->birthplaces[0], "Cairo, Egypt");
    assert_string_equal(r->nationalities[0], "Egypt");
    assert_int_equal(r->n_facts, 0);
    emb_recset_free(set);
}

static void test_people_and_facts(void **state)
{
    (void)state;
    emb_recset *set = parse(
        "DOB 1951 to 1953; alt. DOB circa 1979-1982; alt. DOB Mar 1962 to Feb "
        "1963; alt. DOB circa 07 Jul 1966; alt. DOB sometime in the sixties; "
        "citizen Iran; Gender Male; a.k.a. 'ABU ALI'; f.k.a. 'OLD NAME'; "
        "n.k.a. 'NEW NAME'; Secondary sanctions risk: section 1(b) of "
        "Executive Order 13224, as amended by Executive Order 13886; "
        "Additional Sanctions Information - Subject to Secondary Sanctions; "
        "Organization Established Date 1969; Listing Date (EO 14024 Directive "
        "3): 24 Feb 2022; Director of PALESTINE LIBERATION FRONT - ABU ABBAS "
        "FACTION.",
        EMB_KIND_PERSON);
    const emb_record *r = emb_recset_get(set, 0);
    assert_int_equal(r->n_births, 5);
    assert_date(r->births[0].from, 1951, 0, 0);
    assert_date(r->births[0].to, 1953, 0, 0);
    assert_int_equal(r->births[1].circa, 1);
    assert_date(r->births[1].to, 1982, 0, 0);
    assert_date(r->births[2].from, 1962, 3, 0);
    assert_date(r->births[2].to, 1963, 2, 0);
    assert_date(r->births[3].from, 1966, 7, 7);
    /* An unparseable DOB keeps its text only. */
    assert_int_equal(r->births[4].from.year, 0);
    assert_string_equal(r->births[4].text, "sometime in the sixties");
    assert_string_equal(r->citizenships[0], "Iran");
    assert_string_equal(r->gender, "Male");

    assert_int_equal(r->n_names, 4);
    assert_string_equal(r->names[1].full, "ABU ALI");
    assert_int_equal(r->names[1].weak, 1);
    assert_int_equal(r->names[1].type, EMB_NAME_AKA);
    assert_int_equal(r->names[2].type, EMB_NAME_FKA);
    assert_int_equal(r->names[3].type, EMB_NAME_NKA);
    assert_string_equal(r->names[3].full, "NEW NAME");

    assert_string_equal(fact(r, "Secondary sanctions risk:"),
                        "section 1(b) of Executive Order 13224, as amended by "
                        "Executive Order 13886");
    assert_string_equal(fact(r, "Additional Sanctions Information -"),
                        "Subject to Secondary Sanctions");
    assert_string_equal(fact(r, "Organization Established Date"), "1969");
    assert_string_equal(fact(r, "Listing Date (EO 14024 Directive 3):"),
                        "24 Feb 2022");
    assert_string_equal(fact(r, "remark"),
                        "Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION");
    assert_int_equal(r->n_idents, 0);
    emb_recset_free(set);
}

static void test_odd_text(void **state)
{
    (void)state;
    /* Cut mid-item (no continuation), empty items, bare keys, stray
     * separators: never an error, nothing lost. */
    const char *odd[] = {
        "", ".", "; ; ;", "a.k.a. '", "a.k.a. ''", "a.k.a. 'WHOIS HACKIN",
        "DOB", "Passport", "Passport (Egypt)", "Linked To:", "alt. ",
        "alt. alt. DOB 1950", "Digital Currency Address - ",
        "Digital Currency Address - XBT", "Effective Date (CMIC) soon",
        "X (", ")", " (A)", "Key: ", ": value", "Listing Date (EO 14024 Directive 3)",
        "Passport 1 expires ", "Passport 1 issued  expires ",
    };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        emb_recset *set = parse(odd[i], EMB_KIND_PERSON);
        assert_int_equal(emb_recset_count(set), 1);
        emb_recset_free(set);
    }
    emb_recset *set = parse("a.k.a. 'WHOIS HACKIN", EMB_KIND_ENTITY);
    const emb_record *r = emb_recset_get(set, 0);
    assert_int_equal(r->n_names, 1);
    assert_string_equal(fact(r, "remark"), "a.k.a. 'WHOIS HACKIN");
    emb_recset_free(set);

    set = parse("Effective Date (CMIC) soon", EMB_KIND_ENTITY);
    r = emb_recset_get(set, 0);
    assert_int_equal(r->cmic_effective.year, 0);
    assert_string_equal(fact(r, "Effective Date (CMIC)"), "soon");
    emb_recset_free(set);

    /* NULL remarks are fine. */
    emb_error err;
    assert_int_equal(ofac_remarks_apply(NULL, NULL, &err, NULL, 0), EMB_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dji),
        cmocka_unit_test(test_megvii_sensetime),
        cmocka_unit_test(test_hikvision_huawei),
        cmocka_unit_test(test_china_telecom),
        cmocka_unit_test(test_identifiers),
        cmocka_unit_test(test_people_and_facts),
        cmocka_unit_test(test_odd_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
