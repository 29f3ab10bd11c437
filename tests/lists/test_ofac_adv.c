/* test_ofac_adv.c - the OFAC advanced XML reader on cons_advanced.xml. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "lists/readers.h"

static const char *const ADV =
    "lists/ofac_cons_advanced_2020-03-17/cons_advanced.xml";

static emb_recset *read_sample(void)
{
    size_t len;
    char *data = test_read_file(test_data_path(ADV), &len);
    assert_non_null(data);
    lists_file f = {"cons_advanced.xml", data, len};
    emb_recset *set = NULL;
    emb_error err;
    int rc = ofac_adv_read(&f, EMB_SOURCE_OFAC_CONS, &set, &err);
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

static void test_counts(void **state)
{
    (void)state;
    emb_recset *set = read_sample();
    /* grep -c '<DistinctParty ' */
    assert_int_equal(emb_recset_count(set), 375);
    assert_string_equal(emb_recset_format(set), "ofac_advanced_xml");
    int inferred = -1;
    emb_date d = emb_recset_published(set, &inferred);
    assert_int_equal(d.year, 2020);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 17);
    assert_int_equal(inferred, 0);
    assert_int_equal(emb_recset_warning_count(set), 0);

    size_t persons = 0, weak = 0, relations = 0, programs = 0, ukraine = 0,
           plc = 0, births = 0, addresses = 0, ssi = 0, sdn = 0;
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        const emb_record *r = emb_recset_get(set, i);
        assert_true(r->n_names >= 1);
        assert_int_equal(r->names[0].type, EMB_NAME_PRIMARY);
        persons += r->kind == EMB_KIND_PERSON;
        for (size_t j = 0; j < r->n_names; j++)
            weak += r->names[j].weak;
        for (size_t j = 0; j < r->n_relations; j++) {
            assert_string_equal(r->relations[j].type, "Linked To");
            assert_non_null(r->relations[j].target);
            assert_non_null(emb_recset_find(set, r->relations[j].target_id));
        }
        relations += r->n_relations;
        programs += r->n_programs;
        ukraine += has_program(r, "UKRAINE-EO13662");
        plc += has_program(r, "NS-PLC");
        births += r->n_births;
        addresses += r->n_addresses;
        ssi += r->list &&
               strcmp(r->list, "Sectoral Sanctions Identifications List") == 0;
        sdn += r->list && strncmp(r->list, "SDN List; ", 10) == 0;
    }
    /* PartySubTypeID="4" (Unknown under PartyType Individual) */
    assert_int_equal(persons, 82);
    /* 31 LowQuality="true" aliases; 18769 lists VYSOKOTOCHNYE KOMPLEKSY
     * twice and the record keeps it once */
    assert_int_equal(weak, 30);
    /* every one of the 276 ProfileRelationship resolves */
    assert_int_equal(relations, 276);
    /* distinct (ProfileID, Comment) of SanctionsMeasure type Program */
    assert_int_equal(programs, 384);
    assert_int_equal(ukraine, 290);
    assert_int_equal(plc, 78);
    /* sub-lists next to "Consolidated List": 287 SSI only, and 9 also on
     * the SDN List ("SDN List; FSE List" ...) */
    assert_int_equal(ssi, 287);
    assert_int_equal(sdn, 9);
    /* FeatureTypeID="8" */
    assert_int_equal(births, 77);
    /* 460 Location features, 53 of them a location with no part */
    assert_int_equal(addresses, 407);
    emb_recset_free(set);
}

static void test_person_record(void **state)
{
    (void)state;
    emb_recset *set = read_sample();
    const emb_record *r = emb_recset_find(set, "26182");
    assert_non_null(r);
    assert_int_equal(r->kind, EMB_KIND_PERSON);
    assert_int_equal(r->n_names, 1);
    assert_string_equal(r->names[0].full, "KAYAKIRAN, Evren");
    assert_string_equal(r->names[0].given, "Evren");
    assert_string_equal(r->names[0].family, "KAYAKIRAN");
    assert_int_equal(r->names[0].weak, 0);
    assert_string_equal(r->list, "FSE List");
    assert_int_equal(r->n_programs, 1);
    assert_string_equal(r->programs[0], "FSE-IR");
    assert_string_equal(r->gender, "Male");
    assert_int_equal(r->n_births, 1);
    assert_int_equal(r->births[0].from.year, 1980);
    assert_int_equal(r->births[0].from.month, 2);
    assert_int_equal(r->births[0].from.day, 8);
    assert_int_equal(r->births[0].to.day, 8);
    assert_int_equal(r->births[0].circa, 0);
    assert_string_equal(r->births[0].text, "08 Feb 1980");
    assert_int_equal(r->n_citizenships, 1);
    assert_string_equal(r->citizenships[0], "Turkey");
    assert_int_equal(r->n_idents, 1);
    assert_string_equal(r->idents[0].type, "Passport");
    assert_string_equal(r->idents[0].value, "U00242309");
    assert_string_equal(r->idents[0].country, "Turkey");
    assert_int_equal(r->idents[0].kind, EMB_ID_PASSPORT);
    assert_int_equal(r->n_addresses, 1);
    assert_null(r->addresses[0].street);
    assert_string_equal(r->addresses[0].country, "Turkey");
    assert_int_equal(r->listed_on.year, 2019);
    assert_int_equal(r->listed_on.month, 2);
    assert_int_equal(r->listed_on.day, 7);

    /* year-only date of birth, place of birth, earliest listing date */
    r = emb_recset_find(set, "9639");
    assert_non_null(r);
    assert_string_equal(r->names[0].full, "HANIYA, Ismail Abdul Salah");
    assert_int_equal(r->n_names, 3);
    assert_string_equal(r->names[2].full, "HANIYYA, Ismaeel");
    assert_int_equal(r->names[2].type, EMB_NAME_AKA);
    assert_int_equal(r->births[0].from.year, 1962);
    assert_int_equal(r->births[0].from.month, 0);
    assert_int_equal(r->births[0].to.year, 1962);
    assert_int_equal(r->births[0].to.day, 0);
    assert_string_equal(r->births[0].text, "1962");
    assert_string_equal(r->birthplaces[0], "Shati");
    assert_string_equal(r->list,
                        "Non-SDN Palestinian Legislative Council List");
    assert_int_equal(r->listed_on.year, 2006);
    assert_int_equal(r->listed_on.month, 4);
    assert_int_equal(r->listed_on.day, 12);
    emb_recset_free(set);
}

static void test_entity_record(void **state)
{
    (void)state;
    emb_recset *set = read_sample();
    const emb_record *r = emb_recset_find(set, "17013");
    assert_non_null(r);
    assert_int_equal(r->kind, EMB_KIND_ENTITY);
    assert_string_equal(r->names[0].full, "VTB BANK OAO");
    assert_null(r->names[0].given);
    assert_int_equal(r->n_names, 11);
    size_t fka = 0;
    for (size_t i = 0; i < r->n_names; i++)
        fka += r->names[i].type == EMB_NAME_FKA;
    assert_int_equal(fka, 6);
    const emb_ident *id = find_ident(r, "Registration ID");
    assert_non_null(id);
    assert_string_equal(id->value, "1027739609391");
    assert_string_equal(id->country, "Russia");
    assert_int_equal(id->kind, EMB_ID_REGISTRATION);
    id = find_ident(r, "SWIFT/BIC");
    assert_non_null(id);
    assert_string_equal(id->value, "VTBRRUMM");
    assert_int_equal(id->kind, EMB_ID_SWIFT_BIC);
    id = find_ident(r, "Executive Order 13662 Directive Determination -");
    assert_non_null(id);
    assert_string_equal(id->value, "Subject to Directive 1");
    assert_int_equal(r->n_idents, 7);
    assert_int_equal(r->n_addresses, 3);
    assert_string_equal(r->addresses[0].street, "29, Bolshaya Morskaya str.");
    assert_string_equal(r->addresses[0].city, "St. Petersburg");
    assert_string_equal(r->addresses[0].postal, "190000");
    assert_string_equal(r->addresses[0].country, "Russia");
    assert_true(has_program(r, "UKRAINE-EO13662"));

    r = emb_recset_find(set, "18769");
    assert_non_null(r);
    assert_int_equal(r->n_relations, 1);
    assert_string_equal(r->relations[0].target, "ROSTEC");
    assert_string_equal(r->relations[0].target_id, "17260");
    emb_recset_free(set);
}

static int read_doc(const char *doc, emb_recset **set, emb_error *err)
{
    lists_file f = {"bad.xml", doc, strlen(doc)};
    *set = NULL;
    memset(err, 0, sizeof *err);
    return ofac_adv_read(&f, EMB_SOURCE_OFAC_CONS, set, err);
}

#define REFS                                                                   \
    "<?xml version=\"1.0\"?>\n<Sanctions xmlns=\"urn:x\">\n"                   \
    "<DateOfIssue><Year>2020</Year><Month>3</Month><Day>17</Day>"              \
    "</DateOfIssue>\n<ReferenceValueSets><PartySubTypeValues>"                 \
    "<PartySubType ID=\"4\" PartyTypeID=\"1\">Unknown</PartySubType>"          \
    "</PartySubTypeValues><PartyTypeValues><PartyType ID=\"1\">Individual"     \
    "</PartyType></PartyTypeValues><NamePartTypeValues><NamePartType "         \
    "ID=\"1520\">Last Name</NamePartType></NamePartTypeValues>"                \
    "</ReferenceValueSets>\n<DistinctParties>\n"

#define NAME                                                                   \
    "<Identity ID=\"5\"><Alias Primary=\"true\"><DocumentedName>"              \
    "<DocumentedNamePart><NamePartValue NamePartGroupID=\"1\">DOE"             \
    "</NamePartValue></DocumentedNamePart></DocumentedName></Alias>"           \
    "<NamePartGroups><MasterNamePartGroup><NamePartGroup ID=\"1\" "            \
    "NamePartTypeID=\"1520\"/></MasterNamePartGroup></NamePartGroups>"         \
    "</Identity>"

static void test_bad_input(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;

    size_t len;
    char *data = test_read_file(test_data_path(ADV), &len);
    assert_non_null(data);
    lists_file f = {"cut.xml", data, len / 2};
    set = NULL;
    assert_int_equal(ofac_adv_read(&f, EMB_SOURCE_OFAC_CONS, &set, &err),
                     EMB_ERR_PARSE);
    assert_null(set);
    assert_string_equal(err.file, "cut.xml");
    assert_true(err.line > 20000);
    free(data);

    assert_int_equal(read_doc(REFS "<DistinctParty>\n<Profile ID=\"1\" "
                                   "PartySubTypeID=\"4\">" NAME "</Profile>"
                                   "</DistinctParty></DistinctParties>"
                                   "</Sanctions>",
                              &set, &err),
                     EMB_ERR_PARSE);
    assert_null(set);
    assert_string_equal(err.field, "FixedRef");
    assert_int_equal(err.line, 6);

    assert_int_equal(read_doc(REFS "<DistinctParty FixedRef=\"1\">\n"
                                   "<Profile ID=\"1\" PartySubTypeID=\"4\">"
                                   "</Profile></DistinctParty>"
                                   "</DistinctParties></Sanctions>",
                              &set, &err),
                     EMB_ERR_PARSE);
    assert_string_equal(err.field, "Alias");

    assert_int_equal(read_doc("not xml at all", &set, &err), EMB_ERR_PARSE);
    assert_null(set);
    assert_int_equal(read_doc("<x><y/></x>", &set, &err), EMB_ERR_FORMAT);
}

static void test_dangling_references(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;
    /* unknown sub-type, feature type, location, profiles and list */
    const char *doc =
        REFS "<DistinctParty FixedRef=\"7\"><Profile ID=\"7\" "
             "PartySubTypeID=\"99\">" NAME
             "<Feature FeatureTypeID=\"8\"><FeatureVersion><VersionLocation "
             "LocationID=\"3\"/></FeatureVersion></Feature></Profile>"
             "</DistinctParty></DistinctParties><ProfileRelationships>"
             "<ProfileRelationship From-ProfileID=\"7\" To-ProfileID=\"8\"/>"
             "<ProfileRelationship From-ProfileID=\"9\" To-ProfileID=\"7\"/>"
             "</ProfileRelationships><SanctionsEntries><SanctionsEntry "
             "ProfileID=\"7\" ListID=\"5\"><SanctionsMeasure "
             "SanctionsTypeID=\"1\"><Comment>X</Comment></SanctionsMeasure>"
             "</SanctionsEntry><SanctionsEntry ProfileID=\"70\"/>"
             "</SanctionsEntries></Sanctions>";
    assert_int_equal(read_doc(doc, &set, &err), EMB_OK);
    assert_int_equal(emb_recset_count(set), 1);
    const emb_record *r = emb_recset_get(set, 0);
    assert_string_equal(r->source_id, "7");
    assert_string_equal(r->names[0].full, "DOE");
    assert_int_equal(r->kind, EMB_KIND_UNKNOWN);
    assert_int_equal(r->n_relations, 0);
    assert_int_equal(r->n_programs, 0);
    assert_null(r->list);
    assert_int_equal(emb_recset_warning_count(set), 1);
    assert_non_null(strstr(emb_recset_warning(set, 0), "7 references"));
    emb_recset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_person_record),
        cmocka_unit_test(test_entity_record),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_dangling_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
