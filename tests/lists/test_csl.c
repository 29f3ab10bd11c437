/* test_csl.c - the trade.gov Consolidated Screening List CSV reader. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists/model.h"
#include "lists/readers.h"

static const char header[] =
    "_id,source,entity_number,type,programs,name,title,addresses,"
    "federal_register_notice,start_date,end_date,standard_order,"
    "license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
    "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,"
    "places_of_birth,source_information_url,ids\n";

enum { ID = 0, SOURCE = 1, TYPE = 3, NAME = 5, START = 9, REMARKS = 20,
       ALT = 22, DOB = 24, IDS = 28, NCOLS = 29 };

/* Appends one data row (every field quoted) to buf: pairs of column index
 * and value, ended by -1; other columns are empty. */
static void add_row(char *buf, size_t n, ...)
{
    const char *vals[NCOLS] = {0};
    va_list ap;
    va_start(ap, n);
    for (int col; (col = va_arg(ap, int)) >= 0;)
        vals[col] = va_arg(ap, const char *);
    va_end(ap);
    size_t len = strlen(buf);
    for (int i = 0; i < NCOLS; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s\"%s\"", i ? "," : "",
                                vals[i] ? vals[i] : "");
    snprintf(buf + len, n - len, "\n");
}

static int read_text(const char *text, emb_recset **out, emb_error *err)
{
    lists_file f = {"test.csv", text, strlen(text)};
    return csl_read(&f, out, err);
}

static emb_recset *read_list(const char *path)
{
    size_t len;
    char *data = test_read_file(path, &len);
    assert_non_null(data);
    lists_file f = {path, data, len};
    emb_recset *set = NULL;
    emb_error err;
    int rc = csl_read(&f, &set, &err);
    if (rc != EMB_OK) {
        char msg[1024];
        fail_msg("%s", emb_error_format(&err, msg, sizeof msg));
    }
    free(data);
    return set;
}

static size_t count_list(const emb_recset *set, const char *list)
{
    size_t n = 0;
    for (size_t i = 0; i < emb_recset_count(set); i++)
        n += strcmp(emb_recset_get(set, i)->list, list) == 0;
    return n;
}

static const emb_ident *find_ident(const emb_record *r, const char *type)
{
    for (size_t i = 0; i < r->n_idents; i++)
        if (r->idents[i].type && strcmp(r->idents[i].type, type) == 0)
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

static void test_csl_2023_counts(void **state)
{
    (void)state;
    emb_recset *set = read_list(test_list_path("trade_csl_2023-11-30/csl.csv"));
    assert_int_equal(emb_recset_count(set), 4226);
    assert_string_equal(emb_recset_source(set), EMB_SOURCE_CSL);
    assert_string_equal(emb_recset_format(set), "csl_csv");
    /* Counted independently with Python's csv module over the complete
     * 29-field rows; the cut-off final record is an SDN row. */
    static const struct {
        const char *list;
        size_t n;
    } want[] = {{"SDN", 1737}, {"EL", 919},    {"DPL", 577}, {"SSI", 288},
                {"UVL", 186},  {"ISN", 144},   {"DTC", 142}, {"PLC", 78},
                {"MEU", 71},   {"CMIC", 68},   {"NS-MBS", 14},
                {"FSE", 1},    {"CAP", 1}};
    size_t total = 0;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(count_list(set, want[i].list), want[i].n);
        total += want[i].n;
    }
    assert_int_equal(total, 4226);

    assert_int_equal(emb_recset_warning_count(set), 1);
    assert_non_null(strstr(emb_recset_warning(set, 0),
                           "csl.csv:4233: last record is cut off"));
    int inferred = 0;
    emb_date pub = emb_recset_published(set, &inferred);
    assert_int_equal(pub.year, 2023);
    assert_int_equal(pub.month, 11);
    assert_int_equal(pub.day, 16);
    assert_int_equal(inferred, 1);
    assert_int_equal(emb_recset_file_count(set), 1);
    assert_string_equal(emb_recset_file_sha256(set, 0),
                        "054553ac960f9db1e0b5f767f681fcbe230f32a20c2e67d3cbc87b2404e94e0d");

    size_t persons = 0, vessels = 0;
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        emb_kind k = emb_recset_get(set, i)->kind;
        persons += k == EMB_KIND_PERSON;
        vessels += k == EMB_KIND_VESSEL;
    }
    /* 1,124 by type or birth data, and 3 State rows whose name says so
     * ("Linda Zhai (PRC individual)") */
    assert_int_equal(persons, 1127);
    assert_int_equal(vessels, 3);
    emb_recset_free(set);
}

static void test_csl_hikvision(void **state)
{
    (void)state;
    emb_recset *set = read_list(test_list_path("trade_csl_2023-11-30/csl.csv"));
    const emb_record *r = emb_recset_find(set, "30946");
    assert_non_null(r);
    assert_string_equal(r->list, "CMIC");
    assert_int_equal(r->kind, EMB_KIND_ENTITY);
    assert_int_equal(r->n_programs, 1);
    assert_string_equal(r->programs[0], "CMIC-EO13959");
    assert_int_equal(r->n_names, 3);
    assert_string_equal(r->names[0].full,
                        "Hangzhou Hikvision Digital Technology Co., Ltd.");
    assert_int_equal(r->names[0].type, EMB_NAME_PRIMARY);
    assert_null(r->names[0].family);
    assert_string_equal(r->names[1].full, "Hikvision");
    assert_int_equal(r->names[1].type, EMB_NAME_AKA);
    assert_string_equal(r->names[2].full, "Hangzhou Hikvision Digital Technology");

    const emb_ident *id = find_ident(r, "ISIN");
    assert_non_null(id);
    assert_string_equal(id->value, "CNE100000PM8");
    assert_int_equal(id->kind, EMB_ID_ISIN);
    id = find_ident(r, "Equity Ticker");
    assert_non_null(id);
    assert_string_equal(id->value, "002415 CN");
    assert_null(id->country);
    id = find_ident(r, "Unified Social Credit Code (USCC)");
    assert_non_null(id);
    assert_string_equal(id->value, "91330000733796106P");
    assert_string_equal(id->country, "CN");
    assert_int_equal(id->kind, EMB_ID_USCC);
    id = find_ident(r, "OFAC entity number");
    assert_non_null(id);
    assert_string_equal(id->value, "30946");
    assert_string_equal(fact(r, "entity_number"), "30946");
    assert_null(find_ident(r, "Listing Date (CMIC)"));

    assert_int_equal(r->cmic_listing.year, 2021);
    assert_int_equal(r->cmic_listing.month, 6);
    assert_int_equal(r->cmic_listing.day, 3);
    assert_int_equal(r->cmic_effective.year, 2021);
    assert_int_equal(r->cmic_effective.month, 8);
    assert_int_equal(r->cmic_effective.day, 2);
    assert_int_equal(r->cmic_divestment.year, 2022);
    assert_int_equal(r->cmic_divestment.month, 6);
    assert_int_equal(r->cmic_divestment.day, 3);

    assert_int_equal(r->n_addresses, 1);
    assert_string_equal(r->addresses[0].country, "CN");
    assert_string_equal(r->addresses[0].street, "555, Qianmo Road");
    assert_string_equal(r->addresses[0].text,
                        "555, Qianmo Road, Binjiang District, Hangzhou, 310051, CN");
    assert_string_equal(fact(r, "source_list"),
                        "Non-SDN Chinese Military-Industrial Complex "
                        "Companies List (CMIC) - Treasury Department");
    emb_recset_free(set);
}

static void test_csl_rows(void **state)
{
    (void)state;
    emb_recset *set = read_list(test_list_path("trade_csl_2023-11-30/csl.csv"));

    /* An Entity List row: no type (a person's name, but nothing in the
     * row says so: the kind is unknown), licence facts, start date. */
    const emb_record *r = emb_recset_find(
        set, "ef773baf03e047f916e2fc565c0cc19b87548fdde5d11c8611a87211");
    assert_non_null(r);
    assert_string_equal(r->list, "EL");
    assert_int_equal(r->kind, EMB_KIND_UNKNOWN);
    assert_string_equal(r->names[0].full, "Fazal Rahim Farid");
    assert_int_equal(r->n_names, 4); /* "Fazel Rahim Farid; Farid; and ..." */
    assert_string_equal(fact(r, "license_requirement"),
                        "For all items subject to the EAR. (See \xC2\xA7" "744.11 of the EAR).");
    assert_string_equal(fact(r, "license_policy"), "Presumption of denial.");
    assert_string_equal(fact(r, "federal_register_notice"), "76 FR 71867");
    assert_int_equal(r->listed_on.year, 2011);
    assert_int_equal(r->listed_on.month, 11);
    assert_int_equal(r->listed_on.day, 21);
    assert_int_equal(r->ends_on.year, 0);
    assert_int_equal(r->n_addresses, 4);
    assert_string_equal(r->addresses[3].country, "PK");
    assert_string_equal(r->addresses[2].street, "122, First Floor");
    assert_null(find_ident(r, "OFAC entity number"));

    /* An SDN individual: LAST, First split, passport with dates. */
    r = emb_recset_find(set, "7257");
    assert_non_null(r);
    assert_int_equal(r->kind, EMB_KIND_PERSON);
    assert_string_equal(r->names[0].full, "MAAROUFI, Tarek Ben Habib Ben Al-Toumi");
    assert_string_equal(r->names[0].family, "MAAROUFI");
    assert_string_equal(r->names[0].given, "Tarek Ben Habib Ben Al-Toumi");
    const emb_ident *id = find_ident(r, "Passport");
    assert_non_null(id);
    assert_string_equal(id->value, "E590976");
    assert_string_equal(id->country, "TN");
    assert_string_equal(id->issued, "19 Jun 1987");
    assert_string_equal(id->expires, "18 Jun 1992");
    assert_int_equal(r->n_births, 1);
    assert_string_equal(r->births[0].text, "1965-11-23");
    assert_int_equal(r->births[0].from.day, 23);
    assert_int_equal(r->n_nationalities, 1);
    assert_string_equal(r->nationalities[0], "TN");
    assert_int_equal(r->n_birthplaces, 2);
    assert_string_equal(r->birthplaces[1], "Ghardimaou, Tunisia");

    /* Linked To with parentheses inside the name. */
    r = emb_recset_find(set, "4632");
    assert_non_null(r);
    assert_string_equal(r->remarks, "(Linked To: ISLAMIC REVOLUTIONARY GUARD "
                                    "CORPS (IRGC)-QODS FORCE; Linked To: HIZBALLAH)");
    assert_int_equal(r->n_relations, 2);
    assert_string_equal(r->relations[0].type, "Linked To");
    assert_string_equal(r->relations[0].target,
                        "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE");
    assert_string_equal(r->relations[1].target, "HIZBALLAH");

    /* One ent_num on two sub-lists: both kept, ids stay unique. */
    r = emb_recset_find(set, "17014");
    assert_non_null(r);
    assert_string_equal(r->list, "NS-MBS");
    r = emb_recset_find(set, "17014-SSI");
    assert_non_null(r);
    assert_string_equal(r->list, "SSI");
    assert_string_equal(find_ident(r, "OFAC entity number")->value, "17014");

    /* A vessel. */
    r = emb_recset_find(set, "4238");
    assert_non_null(r);
    assert_int_equal(r->kind, EMB_KIND_VESSEL);
    assert_string_equal(r->vessel.call_sign, "CL2192");
    assert_string_equal(r->vessel.type, "Tug");
    assert_string_equal(r->vessel.grt, "212");
    assert_string_equal(r->vessel.flag, "Cuba");
    assert_string_equal(r->vessel.owner, "Samir de Navegacion S.A.");
    assert_null(r->vessel.tonnage);

    /* Items whose label or number hold ", ". */
    r = emb_recset_find(set, "17013");
    assert_non_null(r);
    id = find_ident(r, "Executive Order 13662 Directive Determination -");
    assert_non_null(id);
    assert_string_equal(id->value, "Subject to Directive 1");
    assert_null(id->country);
    id = find_ident(r, "Secondary sanctions risk:");
    assert_non_null(id);
    assert_string_equal(id->value, "Ukraine-/Russia-Related Sanctions "
                                   "Regulations, 31 CFR 589.201 and/or 589.209");
    assert_string_equal(find_ident(r, "Registration ID")->country, "RU");
    emb_recset_free(set);
}

static void test_csl_sample_2025(void **state)
{
    (void)state;
    emb_recset *set = read_list(
        test_data_path("lists/trade_csl_sample_2025-06/consolidated.csv"));
    /* 13 data rows after the header (FORMATS.md says 12). */
    assert_int_equal(emb_recset_count(set), 13);
    assert_int_equal(emb_recset_warning_count(set), 0);
    const emb_record *r = emb_recset_find(set, "52291");
    assert_non_null(r);
    assert_string_equal(r->names[0].family, "RIM");
    assert_string_equal(r->names[0].given, "Ryong Nam");
    r = emb_recset_find(set, "9673");
    assert_non_null(r);
    assert_string_equal(r->list, "PLC");
    assert_string_equal(r->names[0].full, "Mohammed ABU JHEISHEH");
    assert_null(r->names[0].family);
    int inferred = 0;
    emb_date pub = emb_recset_published(set, &inferred);
    assert_int_equal(pub.year, 2023);
    assert_int_equal(pub.month, 7);
    assert_int_equal(pub.day, 19);
    assert_int_equal(inferred, 1);
    emb_recset_free(set);
}

static void test_csl_small(void **state)
{
    (void)state;
    char text[8192];
    snprintf(text, sizeof text, "%s%s", header, header);
    add_row(text, sizeof text, ID, "1", SOURCE, "Capta List (CAP) - Treasury Department",
            TYPE, "individual", NAME, "DOE, John", DOB, "circa 1960; sometime",
            REMARKS, "(Linked To: ACME (HOLDINGS) LTD.; Linked To: FOO)",
            IDS, "Gender, Male; Immigration No., A7800002 Border Crossing, US; "
                 "Issuer Name, China Telecom Co., Ltd; Website, www.x.com; "
                 "C.U.R.P., AIMM67125HCHRRG06, MX, 1968; Lonely",
            -1);
    add_row(text, sizeof text, ID, "2", SOURCE, "Nothing in brackets",
            NAME, "Widget Works", START, "not a date", -1);
    emb_recset *set = NULL;
    emb_error err;
    assert_int_equal(read_text(text, &set, &err), EMB_OK);
    assert_int_equal(emb_recset_count(set), 2);
    const emb_record *r = emb_recset_find(set, "1");
    assert_string_equal(r->list, "CAP");
    assert_int_equal(r->kind, EMB_KIND_PERSON);
    assert_string_equal(r->gender, "Male");
    assert_null(find_ident(r, "Gender"));
    assert_string_equal(find_ident(r, "Immigration No.")->value,
                        "A7800002 Border Crossing");
    assert_string_equal(find_ident(r, "Immigration No.")->country, "US");
    assert_string_equal(find_ident(r, "Issuer Name")->value, "China Telecom Co., Ltd");
    assert_null(find_ident(r, "Issuer Name")->country);
    assert_string_equal(find_ident(r, "C.U.R.P.")->issued, "1968");
    assert_int_equal(r->n_births, 2);
    assert_int_equal(r->births[0].circa, 1);
    assert_string_equal(r->births[1].text, "sometime");
    assert_int_equal(r->births[1].from.year, 0);
    assert_int_equal(r->n_relations, 2);
    assert_string_equal(r->relations[0].target, "ACME (HOLDINGS) LTD");
    assert_string_equal(r->relations[1].target, "FOO");
    r = emb_recset_find(set, "2");
    assert_string_equal(r->list, "Nothing in brackets");
    assert_int_equal(r->kind, EMB_KIND_UNKNOWN);
    assert_int_equal(r->listed_on.year, 0);
    assert_int_equal(emb_recset_warning_count(set), 1);
    assert_non_null(strstr(emb_recset_warning(set, 0), "test.csv:4: start_date"));
    emb_recset_free(set);

    /* A cut-off last record is dropped with a warning. */
    snprintf(text, sizeof text, "%s", header);
    add_row(text, sizeof text, ID, "1", SOURCE, "S (SDN)", NAME, "A", -1);
    strcat(text, "\"2\",\"S (SDN)\",\"\",\"\",\"\",\"B");
    assert_int_equal(read_text(text, &set, &err), EMB_OK);
    assert_int_equal(emb_recset_count(set), 1);
    assert_int_equal(emb_recset_warning_count(set), 1);
    assert_string_equal(emb_recset_warning(set, 0),
                        "test.csv:3: last record is cut off (no closing "
                        "quote); dropped");
    emb_recset_free(set);
}

/* the Entity List's name column holding the listing's scope or another
 * name */
static void test_csl_name_column(void **state)
{
    (void)state;
    char text[8192];
    snprintf(text, sizeof text, "%s", header);
    add_row(text, sizeof text, ID, "1", SOURCE, "Entity List (EL)", NAME,
            "Sinobright Import and Export Company; and any successor, "
            "sub-unit, or subsidiary thereof", -1);
    add_row(text, sizeof text, ID, "2", SOURCE, "Entity List (EL)", NAME,
            "Gazprom Sotsinvest, OOO (f.k.a., Gazprominvestarena OOO)", -1);
    add_row(text, sizeof text, ID, "3", SOURCE, "Entity List (EL)", NAME,
            "Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics "
            "Company Ltd. (Chitron-Shenzhen)", -1);
    add_row(text, sizeof text, ID, "4", SOURCE, "Entity List (EL)", NAME,
            "Southwest Institute (a.k.a., China Academy (CAEP)'s 902 "
            "Institute), and its sub-units and successors", -1);
    add_row(text, sizeof text, ID, "5", SOURCE, "Entity List (EL)", NAME,
            "(f.k.a. Nameless)", -1);
    /* alt_names items listing names with commas, or with an f.k.a. */
    add_row(text, sizeof text, ID, "6", SOURCE, "ISN", NAME, "MARO SANAT",
            ALT, "Maro Sanat Engineering, Marou Sanat Company, MSC; "
                 "F.K.A. Office of Studies (OSIS); "
                 "JSC NIIP, f.k.a., Otkrytoe Obshchestvo NIIP; "
                 "Union of Presevo, Medvedja, and Bujanovac; "
                 "Massandra State Concern, National Union, OJSC", -1);
    add_row(text, sizeof text, ID, "7", SOURCE, "ISN", TYPE, "Individual",
            NAME, "DOE, John", ALT, "DOE, Jr., John", -1);
    add_row(text, sizeof text, ID, "8", SOURCE, "ISN", NAME,
            "Ri Sung Chol (aka Ri Su'ng-ch'o'l) (DPRK individual)", -1);
    add_row(text, sizeof text, ID, "9", SOURCE, "EL", NAME,
            "Astronautics Research Institute [aka Astronautics Systems "
            "Research Center, Aerospace Research Institute]", -1);
    add_row(text, sizeof text, ID, "10", SOURCE, "DPL", NAME,
            "FUYI SUN A/K/A FRANK SUN", ALT,
            "PEARL (A.K.A. NEI-CHIEN CHU) LI", -1);
    emb_recset *set = NULL;
    emb_error err;
    assert_int_equal(read_text(text, &set, &err), EMB_OK);
    const emb_record *r = emb_recset_find(set, "1");
    assert_string_equal(r->names[0].full, "Sinobright Import and Export Company");
    assert_int_equal(r->n_names, 1);
    assert_string_equal(fact(r, "name_scope"),
                        "and any successor, sub-unit, or subsidiary thereof");
    assert_non_null(strstr(fact(r, "name_as_listed"), "Company; and any"));
    r = emb_recset_find(set, "2");
    assert_string_equal(r->names[0].full, "Gazprom Sotsinvest, OOO");
    assert_int_equal(r->n_names, 2);
    assert_string_equal(r->names[1].full, "Gazprominvestarena OOO");
    assert_int_equal(r->names[1].type, EMB_NAME_FKA);
    assert_null(fact(r, "name_scope"));
    r = emb_recset_find(set, "3");
    assert_string_equal(r->names[0].full, "Chitron Electronics Company Ltd.");
    assert_string_equal(r->names[1].full,
                        "Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)");
    assert_int_equal(r->names[1].type, EMB_NAME_AKA);
    r = emb_recset_find(set, "4");
    assert_string_equal(r->names[0].full, "Southwest Institute");
    assert_string_equal(r->names[1].full, "China Academy (CAEP)'s 902 Institute");
    assert_string_equal(fact(r, "name_scope"), "and its sub-units and successors");
    /* nothing before the marker: the column stays the name */
    r = emb_recset_find(set, "5");
    assert_string_equal(r->names[0].full, "(f.k.a. Nameless)");
    assert_null(fact(r, "name_as_listed"));
    r = emb_recset_find(set, "6");
    const char *const want[] = {
        "MARO SANAT", "Maro Sanat Engineering", "Marou Sanat Company", "MSC",
        "Office of Studies (OSIS)", "JSC NIIP", "Otkrytoe Obshchestvo NIIP",
        "Union of Presevo, Medvedja, and Bujanovac",
        "Massandra State Concern, National Union, OJSC"};
    assert_int_equal(r->n_names, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < r->n_names; i++)
        assert_string_equal(r->names[i].full, want[i]);
    assert_int_equal(r->names[4].type, EMB_NAME_FKA);
    assert_int_equal(r->names[6].type, EMB_NAME_FKA);
    assert_int_equal(r->names[5].type, EMB_NAME_AKA);
    /* a person's commas are the family name's */
    r = emb_recset_find(set, "7");
    assert_int_equal(r->n_names, 2);
    assert_string_equal(r->names[1].full, "DOE, Jr., John");
    /* a State row whose name says it is a person's, with an aka */
    r = emb_recset_find(set, "8");
    assert_int_equal(r->kind, EMB_KIND_PERSON);
    assert_int_equal(r->n_names, 2);
    assert_string_equal(r->names[0].full, "Ri Sung Chol");
    assert_string_equal(r->names[1].full, "Ri Su'ng-ch'o'l");
    assert_string_equal(fact(r, "name_as_listed"),
                        "Ri Sung Chol (aka Ri Su'ng-ch'o'l) (DPRK individual)");
    r = emb_recset_find(set, "9");
    assert_string_equal(r->names[0].full, "Astronautics Research Institute");
    assert_string_equal(r->names[1].full, "Astronautics Systems Research "
                                          "Center, Aerospace Research "
                                          "Institute");
    r = emb_recset_find(set, "10");
    assert_string_equal(r->names[0].full, "FUYI SUN");
    assert_string_equal(r->names[1].full, "FRANK SUN");
    /* an alias inside the name, read as the DPL reader reads it */
    assert_int_equal(r->n_names, 4);
    assert_string_equal(r->names[2].full, "PEARL LI");
    assert_string_equal(r->names[3].full, "NEI-CHIEN CHU");
    emb_recset_free(set);
}

static void expect_error(const char *text, int code, long line,
                         const char *field, const char *msg_part)
{
    static int sentinel;
    emb_recset *set = (emb_recset *)&sentinel; /* must stay untouched */
    emb_recset *before = set;
    emb_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(read_text(text, &set, &err), code);
    assert_ptr_equal(set, before);
    assert_int_equal(err.code, code);
    assert_string_equal(err.file, "test.csv");
    assert_int_equal(err.line, line);
    assert_string_equal(err.field, field);
    if (msg_part)
        assert_non_null(strstr(err.message, msg_part));
}

static void test_csl_bad_input(void **state)
{
    (void)state;
    char text[8192];

    /* Header without `name`. */
    expect_error("_id,source,entity_number,type\n\"1\",\"x\",\"\",\"\"\n",
                 EMB_ERR_PARSE, 1, "name", "no column 'name'");

    /* A row with 28 fields. */
    snprintf(text, sizeof text, "%s", header);
    add_row(text, sizeof text, ID, "1", SOURCE, "S (SDN)", NAME, "A", -1);
    add_row(text, sizeof text, ID, "2", SOURCE, "S (SDN)", NAME, "B", -1);
    char *last = strrchr(text, ',');
    memmove(last, last + 3, strlen(last + 3) + 1); /* drop the last field */
    expect_error(text, EMB_ERR_PARSE, 3, "", "28 fields");

    /* Invalid UTF-8 in alt_names. */
    snprintf(text, sizeof text, "%s", header);
    add_row(text, sizeof text, ID, "1", SOURCE, "S (SDN)", NAME, "A", -1);
    add_row(text, sizeof text, ID, "2", SOURCE, "S (SDN)", NAME, "B",
            22, "Caf\xE9", -1);
    expect_error(text, EMB_ERR_PARSE, 3, "alt_names", "UTF-8");

    /* Only a header. */
    expect_error(header, EMB_ERR_PARSE, 2, "", "no records");
    snprintf(text, sizeof text, "%s%s", header, header);
    expect_error(text, EMB_ERR_PARSE, 3, "", "no records");
    expect_error("", EMB_ERR_PARSE, 1, "", "no header");

    /* Unknown type. */
    snprintf(text, sizeof text, "%s", header);
    add_row(text, sizeof text, ID, "1", SOURCE, "S (SDN)", NAME, "A",
            TYPE, "Spaceship", -1);
    expect_error(text, EMB_ERR_PARSE, 2, "type", "Spaceship");

    /* Empty name and empty id. */
    snprintf(text, sizeof text, "%s", header);
    add_row(text, sizeof text, ID, "1", SOURCE, "S (SDN)", NAME, "  ", -1);
    expect_error(text, EMB_ERR_PARSE, 2, "name", "empty name");
    snprintf(text, sizeof text, "%s", header);
    add_row(text, sizeof text, SOURCE, "S (SDN)", NAME, "A", -1);
    expect_error(text, EMB_ERR_PARSE, 2, "_id", "empty _id");

    /* A NUL byte. */
    static const char nul[] = "_id,source,name\n\"1\",\"S\",\"A\0B\"\n";
    lists_file f = {"test.csv", nul, sizeof nul - 1};
    emb_recset *set = NULL;
    emb_error err;
    assert_int_equal(csl_read(&f, &set, &err), EMB_ERR_PARSE);
    assert_null(set);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "NUL"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csl_2023_counts),
        cmocka_unit_test(test_csl_hikvision),
        cmocka_unit_test(test_csl_rows),
        cmocka_unit_test(test_csl_sample_2025),
        cmocka_unit_test(test_csl_small),
        cmocka_unit_test(test_csl_name_column),
        cmocka_unit_test(test_csl_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
