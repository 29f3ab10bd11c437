/* test_un_xml.c - the UN Security Council consolidated list reader, on the
 * bundled 2026-02-27 file and on small broken documents. Expected values
 * were taken from the XML itself (grep / a separate XML parser). */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "lists/readers.h"

#define UN_FILE "un_2026-02-27/UN_consolidated.xml"

static char *un_data;
static size_t un_len;
static emb_recset *un_set;

static int setup(void **state)
{
    (void)state;
    un_data = test_read_file(test_list_path(UN_FILE), &un_len);
    if (!un_data)
        return -1;
    lists_file f = {"UN_consolidated.xml", un_data, un_len};
    emb_error err;
    return un_xml_read(&f, &un_set, &err) == EMB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    emb_recset_free(un_set);
    free(un_data);
    return 0;
}

static const emb_record *rec(const char *id)
{
    const emb_record *r = emb_recset_find(un_set, id);
    assert_non_null(r);
    return r;
}

static const emb_name *find_name(const emb_record *r, const char *full)
{
    for (size_t i = 0; i < r->n_names; i++)
        if (strcmp(r->names[i].full, full) == 0)
            return &r->names[i];
    fail_msg("%s has no name '%s'", r->source_id, full);
    return NULL;
}

static const char *fact(const emb_record *r, const char *key, size_t nth)
{
    for (size_t i = 0; i < r->n_facts; i++)
        if (strcmp(r->facts[i].key, key) == 0 && nth-- == 0)
            return r->facts[i].value;
    return NULL;
}

static void test_counts_and_published(void **state)
{
    (void)state;
    assert_int_equal(emb_recset_count(un_set), 1003);
    size_t persons = 0, entities = 0;
    for (size_t i = 0; i < emb_recset_count(un_set); i++) {
        const emb_record *r = emb_recset_get(un_set, i);
        assert_string_equal(r->source, EMB_SOURCE_UN);
        assert_true(r->n_names >= 1);
        assert_int_equal(r->names[0].type, EMB_NAME_PRIMARY);
        persons += r->kind == EMB_KIND_PERSON;
        entities += r->kind == EMB_KIND_ENTITY;
    }
    assert_int_equal(persons, 730);
    assert_int_equal(entities, 273);
    assert_string_equal(emb_recset_source(un_set), "un_sc");
    assert_string_equal(emb_recset_format(un_set), "un_xml");
    int inferred = -1;
    emb_date d = emb_recset_published(un_set, &inferred);
    assert_int_equal(d.year, 2026);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 27);
    assert_int_equal(inferred, 0);
    assert_int_equal(emb_recset_file_count(un_set), 1);
    assert_string_equal(emb_recset_file_path(un_set, 0), "UN_consolidated.xml");
    assert_int_equal(strlen(emb_recset_file_sha256(un_set, 0)), 64);
    assert_int_equal(emb_recset_warning_count(un_set), 0);
}

/* QDi.299, checked field by field against the XML. */
static void test_al_qaida_individual(void **state)
{
    (void)state;
    const emb_record *r = rec("QDi.299");
    assert_int_equal(r->kind, EMB_KIND_PERSON);
    assert_string_equal(r->list, "Al-Qaida");
    assert_int_equal(r->n_programs, 1);
    assert_string_equal(r->programs[0], "Al-Qaida");
    assert_int_equal(r->listed_on.year, 2011);
    assert_int_equal(r->listed_on.month, 10);
    assert_int_equal(r->listed_on.day, 5);
    assert_null(r->gender);
    assert_string_equal(r->title, "Dr.");
    assert_non_null(r->remarks);
    assert_true(strncmp(r->remarks, "Description: Height: 1.65 m.", 28) == 0);

    /* primary + original script + 1 Good + 3 Low aliases, one of which
     * holds an Arabic name and two romanisations */
    assert_int_equal(r->n_names, 8);
    assert_string_equal(r->names[0].full,
                        "IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI");
    assert_null(r->names[0].given);
    assert_null(r->names[0].family);
    assert_null(r->names[0].script);
    const emb_name *n = find_name(
        r, "\xd8\xa5\xd8\xa8\xd8\xb1\xd8\xa7\xd9\x87\xd9\x8a\xd9\x85 "
           "\xd8\xb9\xd9\x88\xd8\xa7\xd8\xaf "
           "\xd8\xa5\xd8\xa8\xd8\xb1\xd8\xa7\xd9\x87\xd9\x8a\xd9\x85 "
           "\xd8\xb9\xd9\x84\xd9\x8a "
           "\xd8\xa7\xd9\x84\xd8\xa8\xd8\xaf\xd8\xb1\xd9\x8a "
           "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd9\x85\xd8\xb1\xd8\xa7\xd8\xa6\xd9\x8a");
    assert_int_equal(n->type, EMB_NAME_AKA);
    assert_int_equal(n->weak, 0);
    assert_string_equal(n->script, "original");
    n = find_name(r, "Dr. Ibrahim \xe2\x80\x98" "Awwad Ibrahim \xe2\x80\x99"
                     "Ali al-Badri al-Samarrai\xe2\x80\x99");
    assert_int_equal(n->type, EMB_NAME_AKA);
    assert_int_equal(n->weak, 0);
    assert_null(n->script);
    n = find_name(r, "Dr. Ibrahim");
    assert_int_equal(n->type, EMB_NAME_AKA);
    assert_int_equal(n->weak, 1);
    n = find_name(r, "\xd8\xa3\xd8\xa8\xd9\x88 \xd8\xaf\xd8\xb9\xd8\xa7\xd8\xa1");
    assert_int_equal(n->weak, 1);
    assert_null(n->script); /* an alias in Arabic is still just an alias */
    n = find_name(r, "Abu Bakr al-Baghdadi al-Husayni al-Quraishi");
    assert_int_equal(n->weak, 1);
    n = find_name(r, "Abu Bakr al-Baghdadi");
    assert_int_equal(n->weak, 1);
    n = find_name(r, "\xd8\xa3\xd8\xa8\xd9\x88 \xd8\xa8\xd9\x83\xd8\xb1 "
                     "\xd8\xa7\xd9\x84\xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7"
                     "\xd8\xaf\xd9\x8a "
                     "\xd8\xa7\xd9\x84\xd8\xad\xd8\xb3\xd9\x8a\xd9\x86"
                     "\xd9\x8a "
                     "\xd8\xa7\xd9\x84\xd9\x82\xd8\xb1\xd9\x8a\xd8\xb4"
                     "\xd9\x8a");
    assert_int_equal(n->weak, 1);

    assert_int_equal(r->n_births, 1);
    assert_int_equal(r->births[0].from.year, 1971);
    assert_int_equal(r->births[0].from.month, 0);
    assert_int_equal(r->births[0].to.year, 1971);
    assert_int_equal(r->births[0].circa, 0);
    assert_string_equal(r->births[0].text, "1971");
    assert_int_equal(r->n_birthplaces, 1);
    assert_string_equal(r->birthplaces[0], "Iraq");
    assert_int_equal(r->n_nationalities, 1);
    assert_string_equal(r->nationalities[0], "Iraq");
    assert_int_equal(r->n_addresses, 2);
    assert_string_equal(r->addresses[0].country, "Iraq");
    assert_string_equal(r->addresses[1].country, "Syrian Arab Republic");
    assert_null(r->addresses[1].city);

    assert_int_equal(r->n_idents, 1);
    assert_int_equal(r->idents[0].kind, EMB_ID_NATIONAL_ID);
    assert_string_equal(r->idents[0].type,
                        "National Identification Number / Ration card number:");
    assert_string_equal(r->idents[0].value, "0134852");
    assert_null(r->idents[0].country);
    assert_null(r->idents[0].issued);

    assert_string_equal(fact(r, "Last updated", 0), "2012-07-20");
    assert_string_equal(fact(r, "Last updated", 4), "2025-03-11");
    assert_null(fact(r, "Last updated", 5));
    assert_string_equal(fact(r, "Alias details", 1),
                        "\xd8\xa3\xd8\xa8\xd9\x88 \xd8\xaf\xd8\xb9\xd8\xa7\xd8\xa1: "
                        "(Abu Du\xe2\x80\x99" "a; Abu Duaa\xe2\x80\x99) prominently "
                        "known by this nom de guerre");
}

/* QDi.001: two full dates of birth, Low aliases, a place of birth from
 * STATE_PROVINCE and COUNTRY. */
static void test_full_dates_and_birthplace(void **state)
{
    (void)state;
    const emb_record *r = rec("QDi.001");
    assert_string_equal(r->names[0].full, "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE");
    assert_int_equal(r->n_names, 7);
    assert_int_equal(find_name(r, "Sayf-Al Adl")->weak, 0);
    assert_int_equal(find_name(r, "Seif al Adel")->weak, 1);
    assert_int_equal(r->n_births, 2);
    assert_int_equal(r->births[0].from.year, 1963);
    assert_int_equal(r->births[0].from.month, 4);
    assert_int_equal(r->births[0].from.day, 11);
    assert_int_equal(r->births[0].to.day, 11);
    assert_string_equal(r->births[0].text, "1963-04-11");
    assert_string_equal(r->births[1].text, "1960-04-11");
    assert_string_equal(r->birthplaces[0], "Monufia Governate, Egypt");
    assert_string_equal(r->nationalities[0], "Egypt");
    assert_int_equal(r->n_idents, 0);
    assert_int_equal(r->n_addresses, 0); /* <COUNTRY/> only */
}

/* LYi.006: a passport with issuing country, issue date and city. */
static void test_document_fields(void **state)
{
    (void)state;
    const emb_record *r = rec("LYi.006");
    assert_int_equal(r->n_idents, 1);
    const emb_ident *id = &r->idents[0];
    assert_int_equal(id->kind, EMB_ID_PASSPORT);
    assert_string_equal(id->type, "Passport");
    assert_string_equal(id->value, "FK117RK0");
    assert_string_equal(id->country, "Libya");
    assert_string_equal(id->issued, "2018-11-25");
    assert_string_equal(id->note,
                        "Date of expiration: 24 Nov 2026; issued in Tripoli");
    assert_string_equal(fact(r, "Designation", 0),
                        "Director, External Security Organisation.");
    assert_string_equal(fact(r, "Designation", 1),
                        "Head of external intelligence agency.");
}

/* CDe.001: an entity with one a.k.a. and three f.k.a. names. */
static void test_entity_with_fka(void **state)
{
    (void)state;
    const emb_record *r = rec("CDe.001");
    assert_int_equal(r->kind, EMB_KIND_ENTITY);
    assert_string_equal(r->list, "DRC");
    assert_int_equal(r->listed_on.year, 2014);
    assert_int_equal(r->listed_on.month, 6);
    assert_int_equal(r->listed_on.day, 30);
    assert_int_equal(r->n_names, 5);
    assert_string_equal(r->names[0].full, "ADF");
    assert_int_equal(find_name(r, "Allied Democratic Forces")->type, EMB_NAME_AKA);
    assert_int_equal(find_name(r, "ADF/NALU")->type, EMB_NAME_FKA);
    assert_int_equal(find_name(r, "NALU")->type, EMB_NAME_FKA);
    const emb_name *n = find_name(
        r, "Forces D\xc3\xa9mocratiques Alli\xc3\xa9" "es-Arm\xc3\xa9" "e "
           "Nationale de Lib\xc3\xa9ration de l\xe2\x80\x99Ouganda");
    assert_int_equal(n->type, EMB_NAME_FKA);
    assert_int_equal(n->weak, 0);
    assert_int_equal(r->n_addresses, 1);
    assert_string_equal(r->addresses[0].state, "North Kivu");
    assert_string_equal(r->addresses[0].country, "Democratic Republic of the Congo");
    assert_string_equal(r->addresses[0].text,
                        "North Kivu, Democratic Republic of the Congo");
    assert_int_equal(r->n_births, 0);
}

/* QDi.290 has its name in Cyrillic; LISTED_ON with a zone suffix. */
static void test_cyrillic_original_and_zoned_listing(void **state)
{
    (void)state;
    const emb_record *r = rec("QDi.290");
    assert_string_equal(r->names[0].full, "DOKU KHAMATOVICH UMAROV");
    const emb_name *n = find_name(
        r, "\xd0\xa3\xd0\xbc\xd0\xb0\xd1\x80\xd0\xbe\xd0\xb2 "
           "\xd0\x94\xd0\xbe\xd0\xba\xd1\x83 "
           "\xd0\xa5\xd0\xb0\xd0\xbc\xd0\xb0\xd1\x82\xd0\xbe\xd0\xb2\xd0\xb8\xd1\x87");
    assert_string_equal(n->script, "original");
    assert_int_equal(n->type, EMB_NAME_AKA);
    assert_int_equal(n->weak, 0);

    r = rec("QDi.352"); /* <LISTED_ON>2015-04-07-04:00</LISTED_ON> */
    assert_int_equal(r->listed_on.year, 2015);
    assert_int_equal(r->listed_on.month, 4);
    assert_int_equal(r->listed_on.day, 7);
}

/* Whole-file totals, each counted independently in the XML. */
static void test_totals(void **state)
{
    (void)state;
    size_t weak = 0, fka = 0, original = 0, births = 0, ranges = 0, circa = 0;
    size_t titled = 0, docs = 0;
    for (size_t i = 0; i < emb_recset_count(un_set); i++) {
        const emb_record *r = emb_recset_get(un_set, i);
        for (size_t j = 0; j < r->n_names; j++) {
            weak += r->names[j].weak;
            fka += r->names[j].type == EMB_NAME_FKA;
            original += r->names[j].script &&
                        strcmp(r->names[j].script, "original") == 0;
        }
        for (size_t j = 0; j < r->n_births; j++) {
            births++;
            ranges += r->births[j].from.year < r->births[j].to.year;
            circa += r->births[j].circa;
        }
        titled += r->title != NULL;
        docs += r->n_idents;
    }
    /* QUALITY Low with a name: 615; three hold three names, seven a
     * name and its original script */
    assert_int_equal(weak, 628);
    assert_int_equal(fka, 19);      /* QUALITY f.k.a. */
    assert_int_equal(original, 378); /* NAME_ORIGINAL_SCRIPT: 336 + 42 */
    assert_int_equal(ranges, 31);   /* TYPE_OF_DATE BETWEEN */
    assert_int_equal(circa, 124);   /* 116 APPROXIMATELY + 8 BETWEEN noted so */
    /* 870 typed dates of birth; 3 give no date (kept as facts). */
    assert_int_equal(births, 867);
    assert_int_equal(titled, 159);
    assert_int_equal(docs, 454);    /* documents with a NUMBER */
}

static void test_birth_variants(void **state)
{
    (void)state;
    /* BETWEEN with the note "Approximately". */
    const emb_record *r = rec("TAi.002");
    assert_string_equal(r->title, "Mullah; Haji");
    assert_int_equal(r->n_births, 2);
    assert_int_equal(r->births[0].from.year, 1955);
    assert_int_equal(r->births[0].to.year, 1958);
    assert_int_equal(r->births[0].circa, 1);
    assert_string_equal(r->births[0].text, "circa 1955 to 1958");

    /* EXACT with the date only in the note. */
    r = rec("CDi.004");
    assert_int_equal(r->n_births, 1);
    assert_int_equal(r->births[0].from.year, 1973);
    assert_int_equal(r->births[0].from.month, 11);
    assert_int_equal(r->births[0].from.day, 0);
    assert_string_equal(r->births[0].text, "Nov. 1973");

    /* A note that is no date is a fact. */
    r = rec("LYi.022");
    assert_int_equal(r->n_births, 0);
    assert_string_equal(fact(r, "Date of birth", 0), "30-35 years old");

    /* DATE with a note. */
    r = rec("QDi.295");
    assert_int_equal(r->n_births, 3);
    assert_string_equal(r->births[2].text, "1979-03-03 (from false passport)");

    /* APPROXIMATELY with a YEAR. */
    size_t found = 0;
    for (size_t i = 0; i < emb_recset_count(un_set); i++) {
        const emb_record *x = emb_recset_get(un_set, i);
        for (size_t j = 0; j < x->n_births; j++)
            if (x->births[j].circa && x->births[j].from.year ==
                                          x->births[j].to.year) {
                assert_true(strncmp(x->births[j].text, "circa ", 6) == 0);
                found++;
            }
    }
    assert_int_equal(found, 116);
}

/* ---- small documents -------------------------------------------------- */

static int read_doc(const char *doc, emb_recset **set, emb_error *err)
{
    lists_file f = {"doc.xml", doc, strlen(doc)};
    *set = NULL;
    memset(err, 0, sizeof *err);
    return un_xml_read(&f, set, err);
}

#define HEAD                                                              \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                       \
    "<CONSOLIDATED_LIST dateGenerated=\"2025-01-02T00:00:00Z\">\n"        \
    "<INDIVIDUALS>\n"
#define TAIL "</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n"
#define PERSON(ref, extra)                                                \
    "<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><SECOND_NAME>B</SECOND_NAME>"  \
    "<UN_LIST_TYPE>Iraq</UN_LIST_TYPE>" ref extra "</INDIVIDUAL>\n"

static void test_truncated_file(void **state)
{
    (void)state;
    /* The real file cut a third of the way in, inside a record. */
    size_t cut = un_len / 3;
    char *doc = malloc(cut + 1);
    assert_non_null(doc);
    memcpy(doc, un_data, cut);
    doc[cut] = '\0';
    emb_recset *set = (emb_recset *)0x1;
    emb_error err;
    lists_file f = {"cut.xml", doc, cut};
    set = NULL;
    assert_int_equal(un_xml_read(&f, &set, &err), EMB_ERR_PARSE);
    assert_null(set);
    assert_int_equal(err.code, EMB_ERR_PARSE);
    assert_string_equal(err.file, "cut.xml");
    assert_true(err.line > 0);
    free(doc);

    assert_int_equal(read_doc(HEAD PERSON("<REFERENCE_NUMBER>IQi.1", ""),
                              &set, &err),
                     EMB_ERR_PARSE);
    assert_null(set);
    assert_true(err.line >= 4);
}

static void test_missing_reference(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;
    const char *doc = HEAD PERSON("<REFERENCE_NUMBER>IQi.1</REFERENCE_NUMBER>", "")
        PERSON("<REFERENCE_NUMBER> </REFERENCE_NUMBER>", "") TAIL;
    assert_int_equal(read_doc(doc, &set, &err), EMB_ERR_PARSE);
    assert_null(set);
    assert_string_equal(err.file, "doc.xml");
    assert_int_equal(err.line, 5);
    assert_string_equal(err.field, "REFERENCE_NUMBER");

    doc = HEAD "<INDIVIDUAL><REFERENCE_NUMBER>IQi.9</REFERENCE_NUMBER>"
               "<FIRST_NAME/></INDIVIDUAL>" TAIL;
    assert_int_equal(read_doc(doc, &set, &err), EMB_ERR_PARSE);
    assert_string_equal(err.field, "FIRST_NAME");
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.message, "IQi.9"));
}

static void test_not_xml(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;
    assert_int_equal(read_doc("REFERENCE_NUMBER,NAME\nQDi.001,X\n", &set, &err),
                     EMB_ERR_PARSE);
    assert_null(set);
    assert_string_equal(err.file, "doc.xml");
    assert_true(err.line > 0);
    assert_int_equal(read_doc("", &set, &err), EMB_ERR_PARSE);
    assert_int_equal(read_doc("\x00\x01\x02", &set, &err), EMB_ERR_PARSE);
    /* Well-formed XML of another kind. */
    assert_int_equal(read_doc("<sdnList><INDIVIDUAL><REFERENCE_NUMBER>1"
                              "</REFERENCE_NUMBER><FIRST_NAME>X</FIRST_NAME>"
                              "</INDIVIDUAL></sdnList>", &set, &err),
                     EMB_ERR_FORMAT);
    assert_null(set);
    assert_int_equal(read_doc("<other/>", &set, &err), EMB_ERR_FORMAT);
}

static void test_reversed_between_and_duplicates(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;
    const char *doc = HEAD
        PERSON("<REFERENCE_NUMBER>IQi.1</REFERENCE_NUMBER>",
               "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"
               "<FROM_YEAR>1962</FROM_YEAR><TO_YEAR>1961</TO_YEAR>"
               "</INDIVIDUAL_DATE_OF_BIRTH>"
               "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>"
               "<DATE>1960-02-31</DATE></INDIVIDUAL_DATE_OF_BIRTH>"
               "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"
               "<FROM_YEAR>x</FROM_YEAR><TO_YEAR>99999</TO_YEAR>"
               "</INDIVIDUAL_DATE_OF_BIRTH>"
               "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE/></INDIVIDUAL_DATE_OF_BIRTH>")
        PERSON("<REFERENCE_NUMBER>IQi.1</REFERENCE_NUMBER>",
               "<FOURTH_NAME>DUP</FOURTH_NAME>")
        PERSON("<REFERENCE_NUMBER>IQi.2</REFERENCE_NUMBER>",
               "<LISTED_ON>someday</LISTED_ON>") TAIL;
    assert_int_equal(read_doc(doc, &set, &err), EMB_OK);
    assert_int_equal(emb_recset_count(set), 2);
    const emb_record *r = emb_recset_find(set, "IQi.1");
    assert_non_null(r);
    assert_string_equal(r->names[0].full, "A B"); /* the first one is kept */
    assert_int_equal(r->n_births, 1);
    assert_int_equal(r->births[0].from.year, 1961);
    assert_int_equal(r->births[0].to.year, 1962);
    assert_string_equal(r->births[0].text, "1962 to 1961");
    assert_string_equal(fact(r, "Date of birth", 0), "1960-02-31");
    assert_string_equal(fact(r, "Date of birth", 1), "x to 99999");
    assert_int_equal(emb_recset_warning_count(set), 4);
    assert_string_equal(emb_recset_warning(set, 2),
                        "doc.xml:5: duplicate REFERENCE_NUMBER IQi.1; the "
                        "later record was skipped");
    assert_non_null(strstr(emb_recset_warning(set, 3), "LISTED_ON"));
    r = emb_recset_find(set, "IQi.2");
    assert_int_equal(r->listed_on.year, 0);
    int inferred;
    emb_date d = emb_recset_published(set, &inferred);
    assert_int_equal(d.year, 2025);
    assert_int_equal(d.day, 2);
    emb_recset_free(set);
}

static void test_alias_qualities_and_whitespace(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;
    const char *doc =
        "<CONSOLIDATED_LIST><ENTITIES><ENTITY>"
        "<FIRST_NAME>  ACME\n     TRADING </FIRST_NAME>"
        "<REFERENCE_NUMBER>KPe.1</REFERENCE_NUMBER>"
        "<LISTED_ON>2020-01-02</LISTED_ON>"
        "<ENTITY_ALIAS><QUALITY>n.k.a.</QUALITY><ALIAS_NAME>NEW</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY>F.K.A</QUALITY><ALIAS_NAME>OLD</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY/><ALIAS_NAME/></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY></QUALITY><ALIAS_NAME>PLAIN</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ADDRESS><STREET>1 Main St</STREET><CITY>Pyongyang</CITY>"
        "<ZIP_CODE>00001</ZIP_CODE><COUNTRY>DPRK</COUNTRY></ENTITY_ADDRESS>"
        "<ENTITY_ADDRESS><COUNTRY/></ENTITY_ADDRESS>"
        "</ENTITY></ENTITIES></CONSOLIDATED_LIST>";
    assert_int_equal(read_doc(doc, &set, &err), EMB_OK);
    const emb_record *r = emb_recset_get(set, 0);
    assert_string_equal(r->names[0].full, "ACME TRADING");
    assert_int_equal(r->n_names, 4);
    assert_int_equal(find_name(r, "NEW")->type, EMB_NAME_NKA);
    assert_int_equal(find_name(r, "OLD")->type, EMB_NAME_FKA);
    assert_int_equal(find_name(r, "PLAIN")->type, EMB_NAME_AKA);
    assert_int_equal(r->n_addresses, 1);
    assert_string_equal(r->addresses[0].postal, "00001");
    assert_string_equal(r->addresses[0].text, "1 Main St, Pyongyang, 00001, DPRK");
    /* No dateGenerated: the newest LISTED_ON, marked inferred. */
    int inferred;
    emb_date d = emb_recset_published(set, &inferred);
    assert_int_equal(d.year, 2020);
    assert_int_equal(inferred, 1);
    emb_recset_free(set);
}

static void test_alias_holding_several_names(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;
    const char *doc =
        "<CONSOLIDATED_LIST><ENTITIES><ENTITY>"
        "<FIRST_NAME>FRONT</FIRST_NAME>"
        "<REFERENCE_NUMBER>QDe.9</REFERENCE_NUMBER>"
        "<ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Front (HF) "
        "(\xd8\xac\xd8\xa8\xd9\x87\xd8\xa9 (original script); Jabhat "
        "(North); The Front)</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>A One; A Two b) "
        "B One</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY/><ALIAS_NAME>\xd8\xb4\xd8\xa8\xd9\x83\xd8\xa9 "
        "(Network - sub-unit name)</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY/><ALIAS_NAME>\xe8\x8f\xaf\xe4\xbf\xa1"
        "(\xe9\xa6\x99\xe6\xb8\xaf)\xe5\x85\xac\xe5\x8f\xb8"
        "</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY/><ALIAS_NAME>Bank (Pvt) Ltd; "
        "</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY/><ALIAS_NAME>Jin Tiesan (\xe9\x87\x91\xe9\x93"
        "\x81\xe4\xb8\x89)</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY/><ALIAS_NAME>Abubakar (original script: "
        "\xd0\x90\xd0\xb1\xd1\x83)</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY/><ALIAS_NAME>Ezatullah Haqqani (previously "
        "listed as)</ALIAS_NAME></ENTITY_ALIAS>"
        "</ENTITY></ENTITIES></CONSOLIDATED_LIST>";
    assert_int_equal(read_doc(doc, &set, &err), EMB_OK);
    const emb_record *r = emb_recset_get(set, 0);
    /* names in the bracket after a name, split at "; " outside their own
     * brackets, without the marker */
    assert_int_equal(find_name(r, "Front (HF)")->type, EMB_NAME_AKA);
    find_name(r, "\xd8\xac\xd8\xa8\xd9\x87\xd8\xa9");
    find_name(r, "Jabhat (North)");
    find_name(r, "The Front");
    /* "; " and lettered items, each of the alias's quality */
    assert_int_equal(find_name(r, "A One")->type, EMB_NAME_FKA);
    assert_int_equal(find_name(r, "A Two")->type, EMB_NAME_FKA);
    assert_int_equal(find_name(r, "B One")->type, EMB_NAME_FKA);
    /* the romanisation of a name with no Latin letter */
    find_name(r, "\xd8\xb4\xd8\xa8\xd9\x83\xd8\xa9");
    find_name(r, "Network");
    /* a bracket that is part of the name stays */
    find_name(r, "\xe8\x8f\xaf\xe4\xbf\xa1(\xe9\xa6\x99\xe6\xb8\xaf)"
                 "\xe5\x85\xac\xe5\x8f\xb8");
    find_name(r, "Bank (Pvt) Ltd");
    /* a Latin name and its original script, or a note after a name */
    find_name(r, "Jin Tiesan");
    find_name(r, "\xe9\x87\x91\xe9\x93\x81\xe4\xb8\x89");
    find_name(r, "Abubakar");
    find_name(r, "\xd0\x90\xd0\xb1\xd1\x83");
    find_name(r, "Ezatullah Haqqani");
    assert_int_equal(r->n_names, 1 + 4 + 3 + 2 + 1 + 1 + 2 + 2 + 1);
    emb_recset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_and_published),
        cmocka_unit_test(test_al_qaida_individual),
        cmocka_unit_test(test_full_dates_and_birthplace),
        cmocka_unit_test(test_document_fields),
        cmocka_unit_test(test_entity_with_fka),
        cmocka_unit_test(test_cyrillic_original_and_zoned_listing),
        cmocka_unit_test(test_totals),
        cmocka_unit_test(test_birth_variants),
        cmocka_unit_test(test_truncated_file),
        cmocka_unit_test(test_missing_reference),
        cmocka_unit_test(test_not_xml),
        cmocka_unit_test(test_reversed_between_and_duplicates),
        cmocka_unit_test(test_alias_qualities_and_whitespace),
        cmocka_unit_test(test_alias_holding_several_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
