/* test_ofac_csv.c - the OFAC legacy CSV reader on the real files and on
 * broken inputs. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lists/readers.h"

/* ---- helpers ----------------------------------------------------------- */

typedef struct loaded {
    ofac_csv_files files;
    char *data[4];
    char paths[4][4096];
} loaded;

/* Reads the files of one publication; names[i] NULL (or missing) leaves
 * that file out. */
static void load(loaded *l, int sdn, const char *dir, const char *const names[4])
{
    memset(l, 0, sizeof *l);
    l->files.sdn = sdn;
    lists_file *lf[4] = {&l->files.prim, &l->files.add, &l->files.alt,
                         &l->files.comments};
    for (int i = 0; i < 4; i++) {
        if (!names[i])
            continue;
        snprintf(l->paths[i], sizeof l->paths[i], "%s/%s", dir, names[i]);
        size_t len = 0;
        l->data[i] = test_read_file(l->paths[i], &len);
        assert_non_null(l->data[i]);
        lf[i]->path = l->paths[i];
        lf[i]->data = l->data[i];
        lf[i]->len = len;
    }
}

static void unload(loaded *l)
{
    for (int i = 0; i < 4; i++)
        free(l->data[i]);
}

static const char *const cons_names[4] = {"cons_prim.csv", "cons_add.csv",
                                          "cons_alt.csv", "cons_comments.csv"};
static const char *const sdn_names[4] = {"sdn.csv", "add.csv", "alt.csv",
                                         "sdn_comments.csv"};

static emb_recset *read_dir(int sdn, const char *dir, const char *const names[4])
{
    loaded l;
    load(&l, sdn, dir, names);
    emb_recset *set = NULL;
    emb_error err;
    int rc = ofac_csv_read(&l.files, &set, &err);
    if (rc != EMB_OK) {
        char buf[1200];
        fprintf(stderr, "%s\n", emb_error_format(&err, buf, sizeof buf));
    }
    assert_int_equal(rc, EMB_OK);
    unload(&l);
    return set;
}

static char dir_buf[4096];
static const char *list_dir(const char *rel)
{
    snprintf(dir_buf, sizeof dir_buf, "%s", test_list_path(rel));
    return dir_buf;
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

static size_t ident_count(const emb_record *r, const char *type)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_idents; i++)
        n += strcmp(r->idents[i].type, type) == 0;
    return n;
}

static const emb_name *name_of(const emb_record *r, const char *full)
{
    for (size_t i = 0; i < r->n_names; i++)
        if (strcmp(r->names[i].full, full) == 0)
            return &r->names[i];
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

/* ---- Non-SDN consolidated list, 2025-12 (all four files) --------------- */

static void test_cons_2025_12(void **state)
{
    (void)state;
    emb_recset *set = read_dir(0, list_dir("ofac_cons_2025-12"), cons_names);
    assert_string_equal(emb_recset_source(set), EMB_SOURCE_OFAC_CONS);
    assert_string_equal(emb_recset_format(set), "ofac_csv");
    assert_int_equal(emb_recset_count(set), 442);
    assert_int_equal(emb_recset_file_count(set), 4);
    assert_string_equal(emb_recset_file_sha256(set, 0),
        "7027f6656b7815e38b1a5517e66d7f00ad7bdae814510cddff11771c439f08b2");
    assert_int_equal(emb_recset_warning_count(set), 0);

    size_t cmic = 0, persons = 0, weak = 0, long_remarks = 0;
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        const emb_record *r = emb_recset_get(set, i);
        for (size_t k = 0; k < r->n_programs; k++)
            cmic += strcmp(r->programs[k], "CMIC-EO13959") == 0;
        persons += r->kind == EMB_KIND_PERSON;
        for (size_t k = 0; k < r->n_names; k++)
            weak += r->names[k].weak;
        if (r->remarks && strlen(r->remarks) > 1000)
            long_remarks++;
    }
    assert_int_equal(cmic, 68);
    assert_int_equal(persons, 79);
    assert_int_equal(weak, 72);
    assert_int_equal(long_remarks, 10);

    /* SZ DJI (FORMATS.md §4). */
    const emb_record *r = emb_recset_find(set, "33111");
    assert_non_null(r);
    assert_string_equal(r->names[0].full, "SZ DJI TECHNOLOGY CO., LTD.");
    assert_int_equal(r->names[0].type, EMB_NAME_PRIMARY);
    assert_int_equal(r->kind, EMB_KIND_ENTITY);
    assert_int_equal(r->n_programs, 1);
    assert_string_equal(r->programs[0], "CMIC-EO13959");
    const emb_ident *id = ident(r, "Unified Social Credit Code (USCC)", NULL);
    assert_non_null(id);
    assert_int_equal(id->kind, EMB_ID_USCC);
    assert_string_equal(id->value, "914403007954257495");
    assert_string_equal(id->country, "China");
    assert_date(r->cmic_listing, 2021, 12, 16);
    assert_date(r->cmic_effective, 2022, 2, 14);
    assert_date(r->cmic_divestment, 2022, 12, 16);
    assert_int_equal(r->n_addresses, 1);
    assert_string_equal(r->addresses[0].city, "Shenzhen, Guangdong 518057");
    assert_string_equal(r->addresses[0].country, "China");
    assert_string_equal(r->addresses[0].street,
                        "14 F, West Block of Skyworth Semiconductor Design "
                        "Building, No. 18 Gaoxin South 4th Road, Nanshan "
                        "District");
    assert_null(r->title);
    assert_int_equal(r->n_facts, 0);

    /* China Telecom: many ISINs and tickers in one remarks field. */
    r = emb_recset_find(set, "30882");
    assert_non_null(r);
    assert_string_equal(r->names[0].full, "CHINA TELECOM CORPORATION LIMITED");
    assert_int_equal(ident_count(r, "ISIN"), 5);
    const char *isins[] = {"US1694261033", "CNE1000002V2", "CND100020NC4",
                           "CND1000248G3", "CND10003ND87"};
    for (int i = 0; i < 5; i++) {
        id = ident(r, "ISIN", isins[i]);
        assert_non_null(id);
        assert_int_equal(id->kind, EMB_ID_ISIN);
        assert_null(id->country);
    }
    assert_int_equal(ident_count(r, "Equity Ticker"), 7);
    assert_non_null(ident(r, "Equity Ticker", "0728 HK"));
    assert_non_null(ident(r, "Equity Ticker", "CHA US"));
    assert_int_equal(ident(r, "Equity Ticker", "ZCHA DE")->kind, EMB_ID_TICKER);
    assert_int_equal(ident_count(r, "Issuer Name"), 4);
    assert_non_null(ident(r, "Issuer Name", "China Telecom Co., Ltd"));
    assert_non_null(ident(r, "Issuer Name", "China Telecom Corporation Limited.Co.Ltd"));
    assert_int_equal(r->n_relations, 1);
    assert_string_equal(r->relations[0].type, "Linked To");
    assert_string_equal(r->relations[0].target,
                        "CHINA TELECOMMUNICATIONS CORPORATION");
    assert_null(r->relations[0].target_id);
    assert_string_equal(fact(r, "Target Type"), "Public Company");
    assert_string_equal(ident(r, "Unified Social Credit Code (USCC)", NULL)->value,
                        "9111000071093019X7");
    assert_date(r->cmic_listing, 2021, 6, 3);

    /* Hikvision: two strong aliases from cons_alt.csv. */
    r = emb_recset_find(set, "30946");
    assert_non_null(r);
    assert_int_equal(r->n_names, 3);
    const emb_name *n = name_of(r, "HIKVISION");
    assert_non_null(n);
    assert_int_equal(n->type, EMB_NAME_AKA);
    assert_int_equal(n->weak, 0);
    n = name_of(r, "HANGZHOU HIKVISION DIGITAL TECHNOLOGY");
    assert_non_null(n);
    assert_int_equal(n->type, EMB_NAME_AKA);
    assert_string_equal(ident(r, "ISIN", NULL)->value, "CNE100000PM8");
    assert_string_equal(ident(r, "Equity Ticker", NULL)->value, "002415 CN");

    /* SenseTime: C.R. No. with country; a strong alias. */
    r = emb_recset_find(set, "33114");
    assert_non_null(r);
    id = ident(r, "C.R. No.", "2162198");
    assert_non_null(id);
    assert_string_equal(id->country, "Hong Kong");
    assert_non_null(name_of(r, "SENSETIME GROUP LTD"));

    /* Remarks spill-over rejoined with no separator, then parsed. */
    r = emb_recset_find(set, "17018");
    assert_non_null(r);
    assert_true(strlen(r->remarks) > 1000);
    assert_non_null(strstr(r->remarks,
                           "Listing Date (EO 14024 Directive 3): 24 Feb 2022"));
    assert_string_equal(fact(r, "Listing Date (EO 14024 Directive 3):"),
                        "24 Feb 2022");
    id = ident(r, "Tax ID No.", "7707083893");
    assert_non_null(id);
    assert_string_equal(id->country, "Russia");
    assert_non_null(fact(r, "For more information on directives, please visit "
                            "the following link:"));

    /* Publication date: newest past-event date in the remarks (see
     * infer_published): Listing Date (EO 14014 Directive 1) 31 Oct 2023. */
    int inferred = 0;
    emb_date pub = emb_recset_published(set, &inferred);
    assert_int_equal(inferred, 1);
    assert_date(pub, 2023, 10, 31);
    emb_recset_free(set);
}

/* ---- SDN list, 2023-12-28 (all four files) ------------------------------ */

static void test_sdn_2023_12_28(void **state)
{
    (void)state;
    emb_recset *set = read_dir(1, list_dir("ofac_sdn_2023-12-28"), sdn_names);
    assert_string_equal(emb_recset_source(set), EMB_SOURCE_OFAC_SDN);
    assert_int_equal(emb_recset_count(set), 13821);
    assert_int_equal(emb_recset_warning_count(set), 0);
    size_t kinds[5] = {0}, continued = 0, cut = 0, weak = 0, aliased = 0;
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        const emb_record *r = emb_recset_get(set, i);
        kinds[r->kind]++;
        size_t len = r->remarks ? strlen(r->remarks) : 0;
        continued += len > 1000;
        cut += len == 1000;
        int strong = 0;
        for (size_t k = 0; k < r->n_names; k++) {
            weak += r->names[k].weak;
            strong |= r->names[k].type != EMB_NAME_PRIMARY && !r->names[k].weak;
        }
        aliased += strong;
    }
    assert_int_equal(kinds[EMB_KIND_PERSON], 6646);
    assert_int_equal(kinds[EMB_KIND_ENTITY], 6033);
    assert_int_equal(kinds[EMB_KIND_VESSEL], 764);
    assert_int_equal(kinds[EMB_KIND_AIRCRAFT], 378);
    assert_int_equal(kinds[EMB_KIND_UNKNOWN], 0);
    assert_int_equal(continued, 16);
    assert_int_equal(cut, 1);
    assert_int_equal(weak, 3386);
    assert_int_equal(aliased, 6667);

    /* 45430: cut at 1,000 characters, no continuation, not an error. */
    const emb_record *r = emb_recset_find(set, "45430");
    assert_non_null(r);
    assert_string_equal(r->names[0].full, "KIMSUKY");
    assert_int_equal(strlen(r->remarks), 1000);
    assert_non_null(ident(r, "Website", "onerearth.xyz"));

    r = emb_recset_find(set, "2674");
    assert_non_null(r);
    assert_int_equal(r->kind, EMB_KIND_PERSON);
    assert_string_equal(r->names[0].full, "ABBAS, Abu");
    assert_string_equal(r->names[0].family, "ABBAS");
    assert_string_equal(r->names[0].given, "Abu");
    assert_int_equal(r->n_programs, 1);
    assert_string_equal(r->programs[0], "SDGT");
    assert_string_equal(r->title,
                        "Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION");
    assert_int_equal(r->n_births, 1);
    assert_date(r->births[0].from, 1948, 12, 10);
    assert_date(r->births[0].to, 1948, 12, 10);
    assert_string_equal(r->births[0].text, "10 Dec 1948");
    assert_string_equal(fact(r, "remark"),
                        "Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION");
    assert_int_equal(r->n_addresses, 0); /* its add.csv row is all null */

    r = emb_recset_find(set, "306");
    assert_non_null(r);
    assert_string_equal(r->names[0].full, "BANCO NACIONAL DE CUBA");
    assert_int_equal(r->kind, EMB_KIND_ENTITY);
    const emb_name *n = name_of(r, "BNC");
    assert_non_null(n);
    assert_int_equal(n->weak, 1);
    assert_int_equal(n->type, EMB_NAME_AKA);
    assert_string_equal(r->remarks, "a.k.a. 'BNC'.");
    assert_string_equal(r->programs[0], "CUBA");
    assert_int_equal(r->n_addresses, 4);
    assert_string_equal(r->addresses[0].city, "Zurich CH-8022");
    assert_string_equal(r->addresses[0].country, "Switzerland");
    assert_string_equal(r->addresses[3].city, "Panama City");

    /* A vessel with its columns. */
    r = emb_recset_find(set, "4238");
    assert_non_null(r);
    assert_int_equal(r->kind, EMB_KIND_VESSEL);
    assert_string_equal(r->vessel.call_sign, "CL2192");
    assert_string_equal(r->vessel.type, "Tug");
    assert_null(r->vessel.tonnage);
    assert_string_equal(r->vessel.grt, "212");
    assert_string_equal(r->vessel.flag, "Cuba");
    assert_string_equal(r->vessel.owner, "Samir de Navegacion S.A.");

    /* Date ranges in DOB items. */
    r = emb_recset_find(set, "15962");
    assert_non_null(r);
    assert_int_equal(r->n_births, 1);
    assert_date(r->births[0].from, 1961, 1, 1);
    assert_date(r->births[0].to, 1962, 12, 31);
    assert_string_equal(r->births[0].text, "01 Jan 1961 to 31 Dec 1962");
    r = emb_recset_find(set, "7782");
    assert_non_null(r);
    assert_int_equal(r->births[0].circa, 1);
    assert_date(r->births[0].from, 1951, 0, 0);
    assert_date(r->births[0].to, 1951, 0, 0);
    r = emb_recset_find(set, "12057");
    assert_non_null(r);
    assert_int_equal(r->n_births, 4);
    assert_date(r->births[0].from, 1951, 0, 0);
    assert_date(r->births[0].to, 1953, 0, 0);
    assert_date(r->births[2].from, 1961, 4, 0);
    assert_string_equal(r->births[3].text, "1953");
    assert_int_equal(r->n_programs, 6);
    assert_string_equal(r->programs[5], "IRAN-EO13876");
    assert_int_equal(r->n_birthplaces, 2);
    assert_string_equal(r->birthplaces[1], "Tehran, Iran");
    assert_string_equal(r->nationalities[0], "Iran");
    assert_string_equal(r->gender, "Male");
    assert_string_equal(fact(r, "Additional Sanctions Information -"),
                        "Subject to Secondary Sanctions");

    int inferred = 0;
    emb_date pub = emb_recset_published(set, &inferred);
    assert_int_equal(inferred, 1);
    assert_date(pub, 2023, 9, 20);
    emb_recset_free(set);
}

/* ---- Non-SDN 2025-04 fixture: prim + add only, LF line ends ------------- */

static void test_cons_2025_04(void **state)
{
    (void)state;
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s", test_data_path("lists/ofac_cons_2025-04"));
    const char *const names[4] = {"cons_prim.csv", "cons_add.csv", NULL, NULL};
    emb_recset *set = read_dir(0, dir, names);
    assert_int_equal(emb_recset_count(set), 443);
    assert_int_equal(emb_recset_file_count(set), 2);
    const emb_record *r = emb_recset_find(set, "26182");
    assert_non_null(r);
    assert_non_null(r->names[0].full);
    emb_recset_free(set);
}

/* ---- broken inputs ----------------------------------------------------- */

static const char good_prim[] =
    "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\r\n"
    "2674,\"ABBAS, Abu\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 10 Dec 1948.\"\r\n"
    "\x1a";

static int read_mem(const char *prim, const char *add, const char *alt,
                    const char *comments, emb_recset **set, emb_error *err)
{
    ofac_csv_files f;
    memset(&f, 0, sizeof f);
    f.sdn = 1;
    f.prim = (lists_file){"mem/sdn.csv", prim, prim ? strlen(prim) : 0};
    f.add = (lists_file){"mem/add.csv", add, add ? strlen(add) : 0};
    f.alt = (lists_file){"mem/alt.csv", alt, alt ? strlen(alt) : 0};
    f.comments = (lists_file){"mem/sdn_comments.csv", comments,
                              comments ? strlen(comments) : 0};
    *set = NULL;
    memset(err, 0, sizeof *err);
    return ofac_csv_read(&f, set, err);
}

static void test_small_join(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;
    const char add[] = "306,199,\"Zweierstrasse 35\",\"Zurich CH-8022\",\"Switzerland\",-0- \r\n"
                       "2674,1832,-0- ,-0- ,-0- ,-0- \r\n"
                       "999,1,\"Orphan St\",-0- ,-0- ,-0- \r\n";
    const char alt[] = "2674,10,\"aka\",\"ABBAS, Mohammed\",-0- \n"
                       "306,11,\"fka\",\"BNC OLD\",-0- \n";
    const char com[] = "2674,\"; POB Safed\"\n2674,\", Palestine.\"\n";
    const char prim[] =
        "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA] [SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\n"
        "2674,\"ABBAS, Abu\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 10 Dec 1948\"\n";
    assert_int_equal(read_mem(prim, add, alt, com, &set, &err), EMB_OK);
    assert_int_equal(emb_recset_count(set), 2);
    assert_int_equal(emb_recset_warning_count(set), 1);
    assert_non_null(strstr(emb_recset_warning(set, 0), "mem/add.csv:3"));
    const emb_record *r = emb_recset_find(set, "306");
    assert_int_equal(r->n_programs, 2);
    assert_string_equal(r->programs[0], "CUBA");
    assert_string_equal(r->programs[1], "SDGT");
    assert_int_equal(name_of(r, "BNC OLD")->type, EMB_NAME_FKA);
    r = emb_recset_find(set, "2674");
    assert_string_equal(r->remarks, "DOB 10 Dec 1948; POB Safed, Palestine.");
    assert_int_equal(r->n_birthplaces, 1);
    assert_string_equal(r->birthplaces[0], "Safed, Palestine");
    const emb_name *n = name_of(r, "ABBAS, Mohammed");
    assert_string_equal(n->family, "ABBAS");
    assert_string_equal(n->given, "Mohammed");
    emb_recset_free(set);

    /* Latin-1 bytes are read as such. */
    const char latin[] = "7,\"CAF\xc9 S.A.\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
    assert_int_equal(read_mem(latin, NULL, NULL, NULL, &set, &err), EMB_OK);
    assert_string_equal(emb_recset_get(set, 0)->names[0].full, "CAF\xc3\x89 S.A.");
    emb_recset_free(set);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    emb_recset *set;
    emb_error err;

    /* 11 columns on line 2. */
    const char short_row[] =
        "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\r\n"
        "2674,\"ABBAS, Abu\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    assert_int_equal(read_mem(short_row, NULL, NULL, NULL, &set, &err), EMB_ERR_PARSE);
    assert_null(set);
    assert_int_equal(err.code, EMB_ERR_PARSE);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.file, "mem/sdn.csv");
    assert_non_null(strstr(err.message, "11"));

    const char bad_num[] =
        "30x6,\"BANCO\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    assert_int_equal(read_mem(bad_num, NULL, NULL, NULL, &set, &err), EMB_ERR_PARSE);
    assert_string_equal(err.field, "ent_num");
    assert_int_equal(err.line, 1);

    const char bad_type[] =
        "306,\"BANCO\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
        "307,\"R2D2\",\"robot\",\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    assert_int_equal(read_mem(bad_type, NULL, NULL, NULL, &set, &err), EMB_ERR_PARSE);
    assert_string_equal(err.field, "SDN_Type");
    assert_int_equal(err.line, 2);

    const char dup[] =
        "306,\"BANCO\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
        "306,\"BANCO 2\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    assert_int_equal(read_mem(dup, NULL, NULL, NULL, &set, &err), EMB_ERR_PARSE);
    assert_string_equal(err.field, "ent_num");
    assert_int_equal(err.line, 2);

    const char no_name[] =
        "306,-0- ,-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    assert_int_equal(read_mem(no_name, NULL, NULL, NULL, &set, &err), EMB_ERR_PARSE);
    assert_string_equal(err.field, "SDN_Name");

    /* An address row with 5 columns names the address file. */
    const char add5[] = "306,199,\"Zweierstrasse 35\",\"Zurich CH-8022\",\"Switzerland\"\r\n";
    assert_int_equal(read_mem(good_prim, add5, NULL, NULL, &set, &err), EMB_ERR_PARSE);
    assert_string_equal(err.file, "mem/add.csv");
    assert_int_equal(err.line, 1);
    assert_null(set);

    const char alt_bad[] = "306,11,\"xka\",\"BNC OLD\",-0- \n";
    assert_int_equal(read_mem(good_prim, NULL, alt_bad, NULL, &set, &err), EMB_ERR_PARSE);
    assert_string_equal(err.file, "mem/alt.csv");
    assert_string_equal(err.field, "alt_type");

    const char com_num[] = "abc,\"x\"\n";
    assert_int_equal(read_mem(good_prim, NULL, NULL, com_num, &set, &err), EMB_ERR_PARSE);
    assert_string_equal(err.file, "mem/sdn_comments.csv");
    assert_string_equal(err.field, "ent_num");

    /* Truncated inside a quoted field on line 2. */
    char cut[sizeof good_prim];
    memcpy(cut, good_prim, sizeof good_prim);
    cut[strstr(good_prim, "DOB") - good_prim] = '\0';
    assert_int_equal(read_mem(cut, NULL, NULL, NULL, &set, &err), EMB_ERR_PARSE);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.file, "mem/sdn.csv");

    /* Empty primary file (only the end-of-file byte). */
    assert_int_equal(read_mem("\x1a", NULL, NULL, NULL, &set, &err), EMB_ERR_PARSE);
    assert_non_null(strstr(err.message, "no records"));
    assert_string_equal(err.file, "mem/sdn.csv");
    assert_int_equal(read_mem("", NULL, NULL, NULL, &set, &err), EMB_ERR_PARSE);

    /* NUL byte: the tokenizer's error comes through. */
    const char nul[] = "306,\"BAN\0CO\"\n";
    ofac_csv_files f;
    memset(&f, 0, sizeof f);
    f.prim = (lists_file){"mem/nul.csv", nul, sizeof nul - 1};
    assert_int_equal(ofac_csv_read(&f, &set, &err), EMB_ERR_PARSE);
    assert_int_equal(err.line, 1);

    /* No primary file at all. */
    memset(&f, 0, sizeof f);
    assert_int_equal(ofac_csv_read(&f, &set, &err), EMB_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cons_2025_12),
        cmocka_unit_test(test_sdn_2023_12_28),
        cmocka_unit_test(test_cons_2025_04),
        cmocka_unit_test(test_small_join),
        cmocka_unit_test(test_bad_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
