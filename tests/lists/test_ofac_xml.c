/* test_ofac_xml.c - the OFAC sdnList XML reader on consolidated.xml. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "lists/readers.h"

static const char *const XML = "lists/ofac_cons_xml_2025-06-30/consolidated.xml";

static emb_recset *read_sample(void)
{
    size_t len;
    char *data = test_read_file(test_data_path(XML), &len);
    assert_non_null(data);
    lists_file f = {"consolidated.xml", data, len};
    emb_recset *set = NULL;
    emb_error err;
    int rc = ofac_xml_read(&f, EMB_SOURCE_OFAC_CONS, &set, &err);
    free(data);
    if (rc != EMB_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.message);
    assert_non_null(set);
    return set;
}

static int has_program(const emb_record *r, const char *p)
{
    for (size_t i = 0; i < r->n_programs; i++)
        if (strcmp(r->programs[i], p) == 0)
            return 1;
    return 0;
}

static const emb_ident *find_ident(const emb_record *r, const char *type)
{
    for (size_t i = 0; i < r->n_idents; i++)
        if (strcmp(r->idents[i].type, type) == 0)
            return &r->idents[i];
    return NULL;
}

static int has_name(const emb_record *r, const char *full, emb_name_type t)
{
    for (size_t i = 0; i < r->n_names; i++)
        if (strcmp(r->names[i].full, full) == 0 && r->names[i].type == t)
            return 1;
    return 0;
}

static void test_counts(void **state)
{
    (void)state;
    emb_recset *set = read_sample();
    assert_int_equal(emb_recset_count(set), 443);
    assert_string_equal(emb_recset_format(set), "ofac_xml");
    assert_string_equal(emb_recset_source(set), EMB_SOURCE_OFAC_CONS);
    int inferred = -1;
    emb_date d = emb_recset_published(set, &inferred);
    assert_int_equal(d.year, 2025);
    assert_int_equal(d.month, 6);
    assert_int_equal(d.day, 30);
    assert_int_equal(inferred, 0);
    assert_int_equal(emb_recset_file_count(set), 1);
    assert_int_equal(emb_recset_warning_count(set), 0);

    size_t cmic = 0, persons = 0, weak = 0, strong = 0, fka = 0, relations = 0,
           births = 0, programs = 0, addresses = 0;
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        const emb_record *r = emb_recset_get(set, i);
        assert_true(r->n_names >= 1);
        assert_int_equal(r->names[0].type, EMB_NAME_PRIMARY);
        cmic += has_program(r, "CMIC-EO13959");
        persons += r->kind == EMB_KIND_PERSON;
        for (size_t j = 1; j < r->n_names; j++) {
            weak += r->names[j].weak;
            strong += !r->names[j].weak;
            fka += r->names[j].type == EMB_NAME_FKA;
        }
        relations += r->n_relations;
        births += r->n_births;
        programs += r->n_programs;
        addresses += r->n_addresses;
    }
    /* grep -c '<program>CMIC-EO13959</program>' */
    assert_int_equal(cmic, 68);
    assert_int_equal(persons, 80);
    /* FORMATS.md: 70 weak, 1,066 strong, 144 f.k.a. */
    assert_int_equal(weak, 70);
    assert_int_equal(strong, 1066);
    assert_int_equal(fka, 144);
    /* one "(Linked To: ...)" in each of 283 remarks */
    assert_int_equal(relations, 283);
    assert_int_equal(births, 75);
    assert_int_equal(programs, 524);
    assert_int_equal(addresses, 520);
    emb_recset_free(set);
}

static void test_cmic_record(void **state)
{
    (void)state;
    emb_recset *set = read_sample();
    const emb_record *r = emb_recset_find(set, "33111");
    assert_non_null(r);
    assert_int_equal(r->kind, EMB_KIND_ENTITY);
    assert_string_equal(r->names[0].full, "SZ DJI TECHNOLOGY CO., LTD.");
    assert_null(r->names[0].given);
    assert_true(has_program(r, "CMIC-EO13959"));
    const emb_ident *id = find_ident(r, "Unified Social Credit Code (USCC)");
    assert_non_null(id);
    assert_string_equal(id->value, "914403007954257495");
    assert_string_equal(id->country, "China");
    assert_int_equal(id->kind, EMB_ID_USCC);
    /* the CMIC dates are dates, not identifiers */
    assert_int_equal(r->n_idents, 1);
    assert_int_equal(r->cmic_listing.year, 2021);
    assert_int_equal(r->cmic_listing.month, 12);
    assert_int_equal(r->cmic_listing.day, 16);
    assert_int_equal(r->cmic_effective.year, 2022);
    assert_int_equal(r->cmic_effective.month, 2);
    assert_int_equal(r->cmic_effective.day, 14);
    assert_int_equal(r->cmic_divestment.year, 2022);
    assert_int_equal(r->cmic_divestment.month, 12);
    assert_int_equal(r->cmic_divestment.day, 16);
    assert_int_equal(r->n_addresses, 1);
    const emb_address *a = &r->addresses[0];
    assert_string_equal(a->street, "14 F, West Block of Skyworth Semiconductor "
                                   "Design Building, No. 18 Gaoxin South 4th "
                                   "Road, Nanshan District");
    assert_string_equal(a->city, "Shenzhen");
    assert_string_equal(a->state, "Guangdong");
    assert_string_equal(a->postal, "518057");
    assert_string_equal(a->country, "China");

    r = emb_recset_find(set, "30946");
    assert_non_null(r);
    assert_string_equal(r->names[0].full,
                        "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.");
    id = find_ident(r, "ISIN");
    assert_non_null(id);
    assert_string_equal(id->value, "CNE100000PM8");
    assert_int_equal(id->kind, EMB_ID_ISIN);
    id = find_ident(r, "Equity Ticker");
    assert_non_null(id);
    assert_string_equal(id->value, "002415 CN");
    assert_int_equal(id->kind, EMB_ID_TICKER);
    id = find_ident(r, "Issuer Name");
    assert_non_null(id);
    assert_string_equal(id->value, "Hangzhou Hikvision Digital Technology");
    assert_int_equal(r->n_names, 3);
    assert_true(has_name(r, "HIKVISION", EMB_NAME_AKA));
    assert_true(has_name(r, "HANGZHOU HIKVISION DIGITAL TECHNOLOGY",
                         EMB_NAME_AKA));
    assert_int_equal(r->cmic_listing.year, 2021);
    assert_int_equal(r->cmic_listing.month, 6);
    assert_int_equal(r->cmic_listing.day, 3);
    assert_int_equal(r->cmic_effective.month, 8);
    assert_int_equal(r->cmic_divestment.year, 2022);
    assert_string_equal(r->addresses[0].street,
                        "555, Qianmo Road, Binjiang District");
    assert_string_equal(r->addresses[0].postal, "310051");
    emb_recset_free(set);
}

static void test_person_record(void **state)
{
    (void)state;
    emb_recset *set = read_sample();
    const emb_record *r = emb_recset_find(set, "9639");
    assert_non_null(r);
    assert_int_equal(r->kind, EMB_KIND_PERSON);
    assert_string_equal(r->names[0].full, "HANIYA, Ismail Abdul Salah");
    assert_string_equal(r->names[0].given, "Ismail Abdul Salah");
    assert_string_equal(r->names[0].family, "HANIYA");
    assert_true(has_name(r, "HANIYYA, Ismaeel", EMB_NAME_AKA));
    assert_int_equal(r->n_births, 1);
    assert_int_equal(r->births[0].from.year, 1962);
    assert_int_equal(r->births[0].from.month, 0);
    assert_string_equal(r->births[0].text, "1962");
    assert_int_equal(r->n_birthplaces, 1);
    assert_string_equal(r->birthplaces[0], "Shati");
    assert_int_equal(r->n_programs, 1);
    assert_string_equal(r->programs[0], "NS-PLC");

    /* ZAHHAR: remarks "(Linked To: HAMAS)" and two programmes */
    int found = 0;
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        r = emb_recset_get(set, i);
        if (strcmp(r->names[0].full, "ZAHHAR, Mahmoud Khaled") != 0)
            continue;
        found = 1;
        assert_string_equal(r->remarks, "(Linked To: HAMAS)");
        assert_int_equal(r->n_relations, 1);
        assert_string_equal(r->relations[0].type, "Linked To");
        assert_string_equal(r->relations[0].target, "HAMAS");
        assert_null(r->relations[0].target_id);
        assert_true(has_program(r, "SDGT"));
        assert_true(has_program(r, "NS-PLC"));
    }
    assert_true(found);

    /* Linked To with an entity reference decoded and a preceding text */
    size_t huawei = 0;
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        r = emb_recset_get(set, i);
        for (size_t j = 0; j < r->n_relations; j++)
            huawei += strcmp(r->relations[j].target,
                             "HUAWEI INVESTMENT & HOLDING CO., LTD.") == 0;
    }
    assert_int_equal(huawei, 2);
    emb_recset_free(set);
}

static int read_doc(const char *doc, emb_recset **set, emb_error *err)
{
    lists_file f = {"bad.xml", doc, strlen(doc)};
    *set = NULL;
    memset(err, 0, sizeof *err);
    return ofac_xml_read(&f, EMB_SOURCE_OFAC_CONS, set, err);
}

#define HEAD                                                                   \
    "<?xml version=\"1.0\"?>\n<sdnList xmlns=\"urn:x\">\n"                      \
    "<publshInformation><Publish_Date>06/30/2025</Publish_Date>"               \
    "<Record_Count>1</Record_Count></publshInformation>\n"

static void test_bad_input(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;

    /* the real file cut half-way */
    size_t len;
    char *data = test_read_file(test_data_path(XML), &len);
    assert_non_null(data);
    lists_file f = {"cut.xml", data, len / 2};
    set = NULL;
    assert_int_equal(ofac_xml_read(&f, EMB_SOURCE_OFAC_CONS, &set, &err),
                     EMB_ERR_PARSE);
    assert_null(set);
    assert_string_equal(err.file, "cut.xml");
    assert_true(err.line > 0);
    free(data);

    assert_int_equal(read_doc(HEAD "<sdnEntry>\n<lastName>X</lastName>\n"
                                   "<sdnType>Entity</sdnType></sdnEntry>\n"
                                   "</sdnList>\n",
                              &set, &err),
                     EMB_ERR_PARSE);
    assert_null(set);
    assert_string_equal(err.field, "uid");
    assert_int_equal(err.line, 4);

    assert_int_equal(read_doc(HEAD "<sdnEntry><uid>7</uid>\n"
                                   "<sdnType>Entity</sdnType></sdnEntry>\n"
                                   "</sdnList>\n",
                              &set, &err),
                     EMB_ERR_PARSE);
    assert_string_equal(err.field, "lastName");

    assert_int_equal(read_doc(HEAD "<sdnEntry><uid>7</uid>\n"
                                   "<lastName>X</lastName>\n"
                                   "<sdnType>Person</sdnType></sdnEntry>\n"
                                   "</sdnList>\n",
                              &set, &err),
                     EMB_ERR_PARSE);
    assert_string_equal(err.field, "sdnType");
    assert_int_equal(err.line, 6);
    assert_non_null(strstr(err.message, "Person"));

    assert_int_equal(read_doc("uid,name\n1,X\n", &set, &err), EMB_ERR_PARSE);
    assert_null(set);
    assert_int_equal(read_doc("", &set, &err), EMB_ERR_PARSE);
    assert_int_equal(read_doc("<other><a/></other>", &set, &err),
                     EMB_ERR_FORMAT);

    /* a wrong Record_Count is a warning, not an error */
    assert_int_equal(read_doc(HEAD "</sdnList>\n", &set, &err), EMB_OK);
    assert_int_equal(emb_recset_count(set), 0);
    assert_int_equal(emb_recset_warning_count(set), 1);
    emb_recset_free(set);
}

static void test_small_document(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;
    const char *doc =
        HEAD "<sdnEntry><uid>12</uid><lastName>SEA STAR</lastName>"
             "<sdnType>Vessel</sdnType><remarks>Vessel note; Linked To: "
             "ACME (HOLDING) LTD.</remarks><programList><program>CUBA"
             "</program></programList><idList><id><idType>Gender</idType>"
             "<idNumber>Male</idNumber></id><id><idType>Listing Date (CMIC)"
             "</idType><idNumber>not a date</idNumber></id><id><idType>"
             "Passport</idType><idNumber>A1</idNumber><idCountry>Cuba"
             "</idCountry><issueDate>01 Jan 2001</issueDate>"
             "<expirationDate>01 Jan 2011</expirationDate></id></idList>"
             "<dateOfBirthList><dateOfBirthItem><dateOfBirth>sometime"
             "</dateOfBirth></dateOfBirthItem></dateOfBirthList>"
             "<vesselInfo><callSign>CL1</callSign><vesselType>Tug"
             "</vesselType><vesselFlag>Cuba</vesselFlag><tonnage>10</tonnage>"
             "<grossRegisteredTonnage>212</grossRegisteredTonnage>"
             "</vesselInfo></sdnEntry></sdnList>";
    assert_int_equal(read_doc(doc, &set, &err), EMB_OK);
    const emb_record *r = emb_recset_get(set, 0);
    assert_int_equal(r->kind, EMB_KIND_VESSEL);
    assert_string_equal(r->gender, "Male");
    assert_int_equal(r->cmic_listing.year, 0);
    assert_int_equal(r->n_idents, 2);
    assert_string_equal(r->idents[0].type, "Listing Date (CMIC)");
    assert_string_equal(r->idents[1].issued, "01 Jan 2001");
    assert_string_equal(r->idents[1].expires, "01 Jan 2011");
    assert_int_equal(r->idents[1].kind, EMB_ID_PASSPORT);
    assert_int_equal(r->n_births, 1);
    assert_int_equal(r->births[0].from.year, 0);
    assert_string_equal(r->births[0].text, "sometime");
    assert_string_equal(r->relations[0].target, "ACME (HOLDING) LTD");
    assert_string_equal(r->vessel.call_sign, "CL1");
    assert_string_equal(r->vessel.type, "Tug");
    assert_string_equal(r->vessel.flag, "Cuba");
    assert_string_equal(r->vessel.tonnage, "10");
    assert_string_equal(r->vessel.grt, "212");
    assert_int_equal(emb_recset_warning_count(set), 0);
    emb_recset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_cmic_record),
        cmocka_unit_test(test_person_record),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_small_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
