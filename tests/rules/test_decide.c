/* test_decide.c - trade decisions on record sets built in the test with the
 * real values of a few OFAC records (Hikvision 30946, China Telecom 30882,
 * SenseTime 33114, DJI 33111, CNOOC's mistyped ISIN; SDN Pingtan Marine
 * 33675) plus records made up to test rule 9, the Entity List flag and
 * list versions; each test names the DOMAIN.md section 8 rule it checks. */
#include "testutil.h"
#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists/model.h"
#include "rules/rules.h"

typedef struct fx_rec {
    const char *id, *name;
    const char *isins[6];
    const char *tickers[8];
    const char *issuers[4];
    emb_date listing, effective, divestment;
} fx_rec;

static void add_rec(emb_recset *set, const fx_rec *f, const char *program,
                    const char *list)
{
    recb *b = recb_new(set, f->id);
    assert_non_null(b);
    recb_set_kind(b, EMB_KIND_ENTITY);
    assert_int_equal(recb_add_name(b, EMB_NAME_PRIMARY, 0, f->name, NULL,
                                   NULL, NULL), EMB_OK);
    if (program)
        recb_add_program(b, program);
    if (list)
        recb_set(b, RECB_LIST, list);
    for (int i = 0; i < 6 && f->isins[i]; i++) {
        emb_ident id = {.kind = EMB_ID_ISIN, .type = "ISIN",
                        .value = f->isins[i]};
        recb_add_ident(b, &id);
    }
    for (int i = 0; i < 8 && f->tickers[i]; i++) {
        emb_ident id = {.kind = EMB_ID_TICKER, .type = "Equity Ticker",
                        .value = f->tickers[i]};
        recb_add_ident(b, &id);
    }
    for (int i = 0; i < 4 && f->issuers[i]; i++) {
        emb_ident id = {.kind = EMB_ID_ISSUER_NAME, .type = "Issuer Name",
                        .value = f->issuers[i]};
        recb_add_ident(b, &id);
    }
    recb_set_date(b, RECB_CMIC_LISTING, f->listing);
    recb_set_date(b, RECB_CMIC_EFFECTIVE, f->effective);
    recb_set_date(b, RECB_CMIC_DIVESTMENT, f->divestment);
    assert_int_equal(recb_finish(b), EMB_OK);
    recb_free(b);
}

static emb_recset *cons_set(void)
{
    emb_recset *set = recset_new(EMB_SOURCE_OFAC_CONS, "ofac_csv");
    const fx_rec recs[] = {
        {"30946", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.",
         {"CNE100000PM8"}, {"002415 CN"},
         {"Hangzhou Hikvision Digital Technology"},
         {2021, 6, 3}, {2021, 8, 2}, {2022, 6, 3}},
        {"30882", "CHINA TELECOM CORPORATION LIMITED",
         {"US1694261033", "CNE1000002V2", "CND100020NC4", "CND1000248G3",
          "CND10003ND87"},
         {"CHA US", "CHA RU", "ZCHA DE", "CHA AR", "K3ED SG", "0728 HK",
          "ZCH DE"},
         {"China Telecom Corporation Limited", "China Telecom Corp Ltd"},
         {2021, 6, 3}, {2021, 8, 2}, {2022, 6, 3}},
        {"33114", "SENSETIME GROUP LIMITED", {0}, {0}, {0},
         {2021, 12, 10}, {2022, 2, 8}, {2022, 12, 10}},
        {"33111", "SZ DJI TECHNOLOGY CO., LTD.", {0}, {0}, {0},
         {2021, 12, 16}, {2022, 2, 14}, {2022, 12, 16}},
        {"30926", "CNOOC LIMITED", {"BRC1EODR004"}, {0}, {0},
         {2021, 6, 3}, {2021, 8, 2}, {2022, 6, 3}},
        /* Made up: only a listing date (rule 9), and no date at all. */
        {"90001", "LISTING ONLY TEST CO", {"US0000000001"}, {0}, {0},
         {2021, 12, 16}, {0, 0, 0}, {0, 0, 0}},
        {"90002", "UNDATED TEST CO", {"XS1233275194"}, {0}, {0},
         {0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
    };
    for (size_t i = 0; i < sizeof recs / sizeof *recs; i++)
        add_rec(set, &recs[i], "CMIC-EO13959", NULL);
    /* A non-CMIC consolidated-list record (SSI). */
    fx_rec ssi = {"90003", "SSI TEST BANK", {"RU0009029540"}, {0}, {0},
                  {0}, {0}, {0}};
    add_rec(set, &ssi, "UKRAINE-EO13662", NULL);
    emb_date pub = {2025, 12, 1};
    recset_set_published(set, pub, 0);
    assert_int_equal(recset_seal(set), EMB_OK);
    return set;
}

static emb_recset *sdn_set(int with_pingtan, emb_date pub)
{
    emb_recset *set = recset_new(EMB_SOURCE_OFAC_SDN, "ofac_csv");
    fx_rec other = {"10001", "SOME BLOCKED TRADING LLC", {0}, {0}, {0},
                    {0}, {0}, {0}};
    add_rec(set, &other, "SDGT", NULL);
    if (with_pingtan) {
        fx_rec p = {"33675", "PINGTAN MARINE ENTERPRISE LTD.",
                    {"KYG7114V1023"}, {0}, {0}, {0}, {0}, {0}};
        add_rec(set, &p, "GLOMAG", NULL);
    }
    recset_set_published(set, pub, 0);
    assert_int_equal(recset_seal(set), EMB_OK);
    return set;
}

static emb_recset *csl_set(void)
{
    emb_recset *set = recset_new(EMB_SOURCE_CSL, "csl_csv");
    fx_rec el = {"el-1", "Chitron Electronics Company Ltd", {0}, {0}, {0},
                 {0}, {0}, {0}};
    add_rec(set, &el, NULL, "EL");
    emb_date pub = {2023, 11, 30};
    recset_set_published(set, pub, 0);
    assert_int_equal(recset_seal(set), EMB_OK);
    return set;
}

typedef struct fixture {
    emb_recset *sets[4];
    emb_rules *rules;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->sets[0] = cons_set();
    f->sets[1] = sdn_set(0, (emb_date){2023, 1, 1});
    f->sets[2] = sdn_set(1, (emb_date){2023, 6, 1});
    f->sets[3] = csl_set();
    assert_int_equal(emb_rules_new(&f->rules), EMB_OK);
    assert_int_equal(emb_rules_add_list(f->rules, f->sets[0],
                                        "us_ofac_cons #1 2025-12-01",
                                        (emb_date){0, 0, 0}), EMB_OK);
    assert_int_equal(emb_rules_add_list(f->rules, f->sets[2],
                                        "us_ofac_sdn #2 2023-06-01",
                                        (emb_date){0, 0, 0}), EMB_OK);
    assert_int_equal(emb_rules_add_list(f->rules, f->sets[1],
                                        "us_ofac_sdn #1 2023-01-01",
                                        (emb_date){0, 0, 0}), EMB_OK);
    assert_int_equal(emb_rules_add_list(f->rules, f->sets[3], NULL,
                                        (emb_date){0, 0, 0}), EMB_OK);
    emb_error err;
    assert_int_equal(emb_rules_load_secmaster(
                         f->rules, test_data_path("../rules/data/secmaster.csv"),
                         NULL, 0, &err), EMB_OK);
    assert_int_equal(emb_rules_load_holdings(
                         f->rules, test_data_path("../rules/data/holdings.csv"),
                         NULL, 0, &err), EMB_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    emb_rules_free(f->rules);
    for (int i = 0; i < 4; i++)
        emb_recset_free(f->sets[i]);
    free(f);
    return 0;
}

/* Decides one order; checks the decision and that `code` is among the
 * reasons. Returns the decision (free it) for further checks. */
static emb_decision *decide(void **state, const char *time, const char *side,
                            const char *security, const char *usp,
                            const char *purpose, const char *license,
                            emb_verdict want, const char *code)
{
    fixture *f = *state;
    emb_order o = {"t1", time, side, security, usp, purpose, license, NULL};
    emb_decision *d;
    assert_int_equal(emb_decide(f->rules, &o, &d), EMB_OK);
    int found = 0;
    for (size_t i = 0; i < d->n_reasons; i++)
        if (!strcmp(d->reasons[i].code, code))
            found = 1;
    if (d->verdict != want || !found) {
        char *j;
        emb_decision_to_json(d, &j);
        fail_msg("%s %s %s at %s: want %s/%s, got %s", side, security,
                 usp, time, emb_verdict_name(want), code, j);
    }
    return d;
}

static void expect(void **state, const char *time, const char *side,
                   const char *security, const char *usp,
                   const char *purpose, const char *license, emb_verdict want,
                   const char *code)
{
    emb_decision_free(decide(state, time, side, security, usp, purpose,
                             license, want, code));
}

static int has_reason(const emb_decision *d, const char *code)
{
    for (size_t i = 0; i < d->n_reasons; i++)
        if (!strcmp(d->reasons[i].code, code))
            return 1;
    return 0;
}

/* ---- time ------------------------------------------------------------ */

static int64_t t_of(const char *s)
{
    int64_t ms;
    char why[128];
    if (ny_time_parse(s, &ms, why, sizeof why) != EMB_OK)
        fail_msg("%s: %s", s, why);
    return ms;
}

static void test_time_parse(void **state)
{
    (void)state;
    /* 2021-08-02T04:01:00Z = 1627876860 s. */
    assert_true(t_of("2021-08-02T04:01:00Z") == 1627876860000LL);
    assert_true(t_of("2021-08-02T00:01:00-04:00") == 1627876860000LL);
    assert_true(t_of("2021-08-02T00:01-0400") == 1627876860000LL);
    assert_true(t_of("2021-08-02 06:01:00+02") == 1627876860000LL);
    assert_true(t_of("2021-08-02T04:01:00.250Z") == 1627876860250LL);
    assert_true(t_of("2021-08-02t04:01:00z") == 1627876860000LL);
    int64_t ms;
    char why[128];
    assert_int_equal(ny_time_parse("2021-08-02", &ms, why, sizeof why),
                     EMB_ERR_INVALID);
    assert_string_equal(why,
                        "time has a date but no time of day and UTC offset");
    assert_int_equal(ny_time_parse("2021-08-02T00:01:00", &ms, why,
                                   sizeof why), EMB_ERR_INVALID);
    assert_string_equal(why, "time has no UTC offset (add Z or e.g. -05:00)");
    assert_int_equal(ny_time_parse("2021-02-30T00:01:00Z", &ms, why,
                                   sizeof why), EMB_ERR_INVALID);
    assert_string_equal(why, "time has no valid day");
    assert_int_equal(ny_time_parse("02/08/2022 10:00", &ms, why, sizeof why),
                     EMB_ERR_INVALID);
    assert_int_equal(ny_time_parse("2021-08-02T25:00:00Z", &ms, why,
                                   sizeof why), EMB_ERR_INVALID);
    assert_string_equal(why, "time has no valid hour");
    assert_int_equal(ny_time_parse("2021-08-02T10:00:00+19:00", &ms, why,
                                   sizeof why), EMB_ERR_INVALID);
    assert_int_equal(ny_time_parse("2021-08-02T10:00:00Zjunk", &ms, why,
                                   sizeof why), EMB_ERR_INVALID);
}

static void test_new_york_offsets(void **state)
{
    (void)state;
    /* 12:01 a.m. on the dates of the three NS-CMIC groups. */
    assert_true(ny_instant((emb_date){2021, 8, 2}, 0, 1) ==
                t_of("2021-08-02T04:01:00Z")); /* EDT */
    assert_true(ny_instant((emb_date){2022, 6, 3}, 0, 1) ==
                t_of("2022-06-03T04:01:00Z")); /* EDT */
    assert_true(ny_instant((emb_date){2022, 2, 8}, 0, 1) ==
                t_of("2022-02-08T05:01:00Z")); /* EST */
    assert_true(ny_instant((emb_date){2022, 12, 10}, 0, 1) ==
                t_of("2022-12-10T05:01:00Z")); /* EST */
    /* The change days themselves: 00:01 is before the 2:00 switch. */
    assert_true(ny_instant((emb_date){2022, 3, 13}, 0, 1) ==
                t_of("2022-03-13T05:01:00Z"));
    assert_true(ny_instant((emb_date){2022, 11, 6}, 0, 1) ==
                t_of("2022-11-06T04:01:00Z"));
    assert_int_equal(ny_offset_min(t_of("2022-03-13T06:59:59Z")), -300);
    assert_int_equal(ny_offset_min(t_of("2022-03-13T07:00:00Z")), -240);
    assert_int_equal(ny_offset_min(t_of("2022-11-06T05:59:59Z")), -240);
    assert_int_equal(ny_offset_min(t_of("2022-11-06T06:00:00Z")), -300);
    /* 2006 used the old rule: first Sunday of April. */
    assert_int_equal(ny_offset_min(t_of("2006-03-20T12:00:00Z")), -300);
    assert_int_equal(ny_offset_min(t_of("2006-04-02T07:00:00Z")), -240);
    emb_date d = ny_date(t_of("2022-12-10T04:30:00Z"));
    assert_int_equal(d.day, 9); /* 11:30 p.m. on the 9th in New York */
    char buf[40];
    ny_format(t_of("2022-12-10T05:01:00Z"), buf, sizeof buf);
    assert_string_equal(buf, "2022-12-10T00:01:00-05:00");
    /* 10 business days after Monday 2 Aug 2021: Monday 16 Aug. */
    d = business_days_after((emb_date){2021, 8, 2}, 10);
    assert_int_equal(d.month, 8);
    assert_int_equal(d.day, 16);
    d = business_days_after((emb_date){2022, 12, 10}, 10); /* a Saturday */
    assert_int_equal(d.day, 23);
}

/* ---- lookup ------------------------------------------------------------ */

static emb_security *look(void **state, const char *text)
{
    fixture *f = *state;
    emb_security *s;
    assert_int_equal(emb_security_lookup(f->rules, text, EMB_RULES_NEWEST, &s),
                     EMB_OK);
    return s;
}

static void covered_as(void **state, const char *text, const char *id,
                       emb_via via)
{
    emb_security *s = look(state, text);
    if (!s->cmic || s->n_covers < 1)
        fail_msg("%s: not covered", text);
    assert_string_equal(s->covers[0].record->source_id, id);
    assert_int_equal(s->covers[0].via, via);
    emb_security_free(s);
}

static void test_lookup_identifiers(void **state)
{
    /* Rules 3, 25, 29: ISIN, the CUSIP inside it, bonds; tickers. */
    covered_as(state, "CNE100000PM8", "30946", EMB_VIA_ISIN);
    covered_as(state, " cne100000pm8 ", "30946", EMB_VIA_ISIN);
    covered_as(state, "002415.SZ", "30946", EMB_VIA_TICKER);
    covered_as(state, "US1694261033", "30882", EMB_VIA_ISIN);
    covered_as(state, "169426103", "30882", EMB_VIA_ISIN);
    covered_as(state, "CND100020NC4", "30882", EMB_VIA_ISIN);
    covered_as(state, "0728 HK", "30882", EMB_VIA_TICKER);
    covered_as(state, "0728.HK", "30882", EMB_VIA_TICKER);
    covered_as(state, "HKG:728", "30882", EMB_VIA_TICKER);
    covered_as(state, "CHA UN", "30882", EMB_VIA_TICKER);
    /* A listed ISIN that fails its check digit is still matched. */
    covered_as(state, "BRC1EODR004", "30926", EMB_VIA_ISIN);

    emb_security *s = look(state, "CNE100000PM8");
    const emb_cover *c = &s->covers[0];
    assert_string_equal(c->how, "isin");
    assert_string_equal(c->matched, "CNE100000PM8");
    assert_string_equal(c->path, "direct");
    assert_string_equal(c->list_version, "us_ofac_cons #1 2025-12-01");
    assert_int_equal(c->effective.year, 2021);
    assert_int_equal(c->effective.month, 8);
    assert_int_equal(c->divestment.month, 6);
    assert_int_equal(c->dates_derived, 0);
    assert_int_equal(s->id.kind, EMB_SECID_ISIN);
    assert_int_equal(s->in_secmaster, 0);
    emb_security_free(s);

    s = look(state, "US0378331005"); /* Apple: nothing */
    assert_int_equal(s->cmic, 0);
    assert_int_equal(s->n_covers, 0);
    assert_int_equal(s->in_secmaster, 1);
    assert_string_equal(s->kind, "equity");
    emb_security_free(s);
}

static void test_lookup_chains(void **state)
{
    /* Rule 4 / 30: derivatives and receipts reach the underlying. */
    covered_as(state, "OPT-HIK-2212C", "30946", EMB_VIA_UNDERLYING);
    covered_as(state, "HIK-GDR", "30946", EMB_VIA_UNDERLYING);
    covered_as(state, "WARRANT-CT", "30882", EMB_VIA_UNDERLYING);
    /* DJI has no ISIN: the issuer name reaches it. */
    covered_as(state, "DJI-BOND-1", "33111", EMB_VIA_ISSUER_NAME);
    /* Rule 5: a fund holding 0.01 % of China Telecom is covered. */
    covered_as(state, "FUND-ASIA", "30882", EMB_VIA_FUND_HOLDING);
    covered_as(state, "FUND-OF-FUNDS", "30882", EMB_VIA_FUND_HOLDING);

    emb_security *s = look(state, "FUND-ASIA");
    assert_string_equal(s->covers[0].path, "fund");
    assert_string_equal(s->covers[0].chain, "FUND-ASIA > 0728.HK");
    assert_true(s->covers[0].weight > 0.00009 && s->covers[0].weight < 0.00011);
    emb_security_free(s);
    s = look(state, "FUND-OF-FUNDS");
    assert_string_equal(s->covers[0].chain,
                        "FUND-OF-FUNDS > FUND-ASIA > 0728.HK");
    assert_true(s->covers[0].weight > 0.000049 &&
                s->covers[0].weight < 0.000051);
    emb_security_free(s);
    s = look(state, "OPT-HIK-2212C");
    assert_string_equal(s->covers[0].path, "derivative");
    assert_string_equal(s->kind, "option");
    emb_security_free(s);
    s = look(state, "DJI-BOND-1");
    assert_string_equal(s->covers[0].matched, "SZ DJI TECHNOLOGY CO., LTD.");
    assert_string_equal(s->covers[0].chain,
                        "DJI-BOND-1 > SZ DJI Technology Co Ltd");
    emb_security_free(s);

    /* Weight 0 is no holding. */
    s = look(state, "FUND-ZERO");
    assert_int_equal(s->n_covers, 0);
    emb_security_free(s);
    /* Rule 2: a similarly named, unlisted subsidiary is not covered. */
    s = look(state, "HIK-EUROPE-EQ");
    assert_int_equal(s->n_covers, 0);
    emb_security_free(s);

    /* Loops and self-holdings are cut and reported. */
    s = look(state, "LOOP-A");
    assert_int_equal(s->loop, 1);
    assert_string_equal(s->problem,
                        "the chain LOOP-A > LOOP-B loops back to LOOP-A");
    emb_security_free(s);
    s = look(state, "FUND-SELF");
    assert_int_equal(s->self_holding, 1);
    assert_int_equal(s->n_covers, 0);
    assert_string_equal(s->problem,
                        "fund FUND-SELF lists itself among its holdings "
                        "(FUND-SELF)");
    emb_security_free(s);
}

/* What a row's issuer is (an identifier, a name and its key) is worked
 * out by the first lookup that needs it and kept for the next ones. Two
 * threads looking up the same 3,000 rows at once must agree: the rows
 * whose issuer is DJI's name reach DJI's record, those whose issuer is
 * Hikvision's ISIN reach Hikvision's, and those whose issuer is only a
 * legal form reach nothing, every time. */
#define SHARED_ROWS 3000
typedef struct look_job {
    const emb_rules *r;
    int dji, hik, none, other;
} look_job;

static void *look_rows(void *arg)
{
    look_job *j = arg;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < SHARED_ROWS; i++) {
            char text[32];
            snprintf(text, sizeof text, "SHARED-%d", i);
            emb_security *s = NULL;
            if (emb_security_lookup(j->r, text, EMB_RULES_NEWEST, &s) !=
                EMB_OK) {
                j->other++;
                continue;
            }
            const char *id =
                s->n_covers == 1 ? s->covers[0].record->source_id : "";
            if (s->n_covers == 0)
                j->none++;
            else if (!strcmp(id, "33111") &&
                     s->covers[0].via == EMB_VIA_ISSUER_NAME)
                j->dji++;
            else if (!strcmp(id, "30946"))
                j->hik++;
            else
                j->other++;
            emb_security_free(s);
        }
    return NULL;
}

static void test_issuer_keys_shared(void **state)
{
    fixture *f = *state;
    static const char *const issuers[] = {"SZ DJI Tech Co Ltd", "Co., Ltd.",
                                          "CNE100000PM8"};
    char *csv = malloc(SHARED_ROWS * 64 + 64);
    size_t n = (size_t)sprintf(csv, "security,kind,issuer,underlying\n");
    for (int i = 0; i < SHARED_ROWS; i++)
        n += (size_t)sprintf(csv + n, "SHARED-%d,bond,%s,\n", i,
                             issuers[i % 3]);
    emb_error err;
    assert_int_equal(emb_rules_load_secmaster(f->rules, "shared.csv", csv, n,
                                              &err), EMB_OK);
    free(csv);
    look_job jobs[2] = {{f->rules, 0, 0, 0, 0}, {f->rules, 0, 0, 0, 0}};
    pthread_t tid[2];
    for (int t = 0; t < 2; t++)
        assert_int_equal(pthread_create(&tid[t], NULL, look_rows, &jobs[t]),
                         0);
    for (int t = 0; t < 2; t++) {
        pthread_join(tid[t], NULL);
        assert_int_equal(jobs[t].dji, 2 * SHARED_ROWS / 3);
        assert_int_equal(jobs[t].hik, 2 * SHARED_ROWS / 3);
        assert_int_equal(jobs[t].none, 2 * SHARED_ROWS / 3);
        assert_int_equal(jobs[t].other, 0);
    }
}

static void test_load_warnings(void **state)
{
    fixture *f = *state;
    assert_int_equal(emb_rules_warning_count(f->rules), 4);
    const char *w0 = emb_rules_warning(f->rules, 0);
    assert_non_null(strstr(w0, "secmaster.csv:16: column 'kind': unknown "
                               "kind 'crypto'"));
    assert_non_null(strstr(emb_rules_warning(f->rules, 1),
                           "secmaster.csv:17: column 'security': empty"));
    assert_non_null(strstr(emb_rules_warning(f->rules, 2),
                           "secmaster.csv:18: column 'security': "
                           "'OPT-HIK-2212C' is already described on line 2"));
    assert_non_null(strstr(emb_rules_warning(f->rules, 3),
                           "holdings.csv:13: column 'weight': 'abc' is not "
                           "a weight"));
    /* Missing key column: the whole file is refused. */
    emb_rules *r;
    emb_error err;
    assert_int_equal(emb_rules_new(&r), EMB_OK);
    const char *bad = "fund,weight\nF,0.5\n";
    assert_int_equal(emb_rules_load_holdings(r, "h.csv", bad, strlen(bad),
                                             &err), EMB_ERR_FORMAT);
    assert_string_equal(err.field, "security");
    assert_string_equal(err.file, "h.csv");
    const char *bad2 = "isin,kind\nX,equity\n";
    assert_int_equal(emb_rules_load_secmaster(r, "s.csv", bad2, strlen(bad2),
                                              &err), EMB_ERR_FORMAT);
    assert_string_equal(err.field, "security");
    assert_int_equal(emb_rules_load_secmaster(r, "/nonexistent/s.csv", NULL,
                                              0, &err), EMB_ERR_IO);
    emb_rules_free(r);
}

/* ---- decisions --------------------------------------------------------- */

static void test_hikvision_edt_boundaries(void **state)
{
    /* Rules 6, 7, 10: 12:01 a.m. EDT on 2 Aug 2021. */
    expect(state, "2021-08-02T00:00:59-04:00", "buy", "CNE100000PM8", "true",
           NULL, NULL, EMB_ALLOW, "CMIC_BEFORE_EFFECTIVE");
    expect(state, "2021-08-02T00:01:00-04:00", "buy", "CNE100000PM8", "true",
           NULL, NULL, EMB_REJECT, "CMIC_PURCHASE_PROHIBITED");
    expect(state, "2021-08-02T04:00:59Z", "buy", "CNE100000PM8", "true",
           NULL, NULL, EMB_ALLOW, "CMIC_BEFORE_EFFECTIVE");
    expect(state, "2021-08-02T04:01:00Z", "buy", "CNE100000PM8", "true",
           NULL, NULL, EMB_REJECT, "CMIC_PURCHASE_PROHIBITED");
    /* Rule 17: the reject carries the report note, due 10 business days
     * after the trade date. */
    emb_decision *d = decide(state, "2021-08-02T00:01:00-04:00", "buy",
                             "CNE100000PM8", "true", NULL, NULL, EMB_REJECT,
                             "REPORT_REJECTED");
    const emb_reason *last = &d->reasons[d->n_reasons - 1];
    assert_string_equal(last->code, "REPORT_REJECTED");
    assert_string_equal(last->text,
                        "reject the trade (do not block) and report it to "
                        "OFAC within 10 business days, by 2021-08-16");
    assert_string_equal(last->rule, "31 CFR 501.604; OFAC FAQ 1048");
    emb_decision_free(d);
    /* Inside the window a sale divests; at 12:01 a.m. EDT on 3 Jun 2022
     * the window closes (rule 8). */
    expect(state, "2022-06-03T00:00:59-04:00", "sell", "CNE100000PM8",
           "true", NULL, NULL, EMB_ALLOW, "CMIC_DIVESTMENT_SALE");
    expect(state, "2022-06-03T00:01:00-04:00", "sell", "CNE100000PM8",
           "true", NULL, NULL, EMB_REJECT, "CMIC_AFTER_DIVESTMENT");
    expect(state, "2022-06-03T04:01:00Z", "sell", "002415 CH", "true",
           "divestment", NULL, EMB_REJECT, "CMIC_AFTER_DIVESTMENT");
}

static void test_sensetime_est_boundaries(void **state)
{
    /* SenseTime has no security on the list: a secmaster-free order
     * reaches it only through an identifier, so the test uses a record
     * lookup through its name via the security master's issuer. Here the
     * order names the security "SENSETIME-HK" described inline. */
    fixture *f = *state;
    const char *sm = "security,kind,issuer\n0020 HK,equity,SenseTime Group "
                     "Ltd\n";
    emb_error err;
    assert_int_equal(emb_rules_load_secmaster(f->rules, "inline.csv", sm,
                                              strlen(sm), &err), EMB_OK);
    /* 12:01 a.m. EST = 05:01Z on 8 Feb 2022. */
    expect(state, "2022-02-08T05:00:59Z", "buy", "0020.HK", "true", NULL,
           NULL, EMB_ALLOW, "CMIC_BEFORE_EFFECTIVE");
    expect(state, "2022-02-08T05:01:00Z", "buy", "0020.HK", "true", NULL,
           NULL, EMB_REJECT, "CMIC_PURCHASE_PROHIBITED");
    expect(state, "2022-02-08T00:01:00-05:00", "buy", "0020 HK", "true", NULL,
           NULL, EMB_REJECT, "CMIC_PURCHASE_PROHIBITED");
    /* A clock that wrongly used EDT would see 04:01Z as the boundary. */
    expect(state, "2022-02-08T04:01:00Z", "buy", "0020 HK", "true", NULL,
           NULL, EMB_ALLOW, "CMIC_BEFORE_EFFECTIVE");
    /* Divestment date 10 Dec 2022, EST. */
    expect(state, "2022-12-10T00:00:59-05:00", "sell", "0020 HK", "true",
           NULL, NULL, EMB_ALLOW, "CMIC_DIVESTMENT_SALE");
    expect(state, "2022-12-10T00:01:00-05:00", "sell", "0020 HK", "true",
           NULL, NULL, EMB_REJECT, "CMIC_AFTER_DIVESTMENT");
    expect(state, "2022-12-10T04:30:00Z", "sell", "0020 HK", "true", NULL,
           NULL, EMB_ALLOW, "CMIC_DIVESTMENT_SALE");
    emb_decision *d = decide(state, "2022-12-10T05:01:00Z", "sell", "0020 HK",
                             "true", NULL, NULL, EMB_REJECT,
                             "CMIC_AFTER_DIVESTMENT");
    assert_string_equal(d->security->covers[0].record->source_id, "33114");
    assert_int_equal(d->security->covers[0].via, EMB_VIA_ISSUER_NAME);
    assert_non_null(strstr(d->reasons[0].text, "2022-12-10T00:01:00-05:00"));
    emb_decision_free(d);
}

static void test_us_person(void **state)
{
    /* Rules 1, 14, 15: the ban reaches US persons only. */
    expect(state, "2023-03-01T15:00:00Z", "buy", "US1694261033", "false",
           NULL, NULL, EMB_ALLOW, "CMIC_NON_US_PERSON");
    expect(state, "2023-03-01T15:00:00Z", "buy", "US1694261033", "unknown",
           NULL, NULL, EMB_REVIEW, "CMIC_US_PERSON_UNKNOWN");
    expect(state, "2023-03-01T15:00:00Z", "buy", "US1694261033", "",
           NULL, NULL, EMB_REVIEW, "CMIC_US_PERSON_UNKNOWN");
    /* Before the effective date the person does not matter. */
    expect(state, "2021-07-01T15:00:00Z", "buy", "US1694261033", "unknown",
           NULL, NULL, EMB_ALLOW, "CMIC_BEFORE_EFFECTIVE");
}

static void test_purposes_and_licences(void **state)
{
    const char *in_window = "2022-01-10T15:00:00-05:00";
    const char *after = "2023-01-10T15:00:00-05:00";
    /* Rule 12: a dividend reinvestment is a purchase. */
    expect(state, in_window, "buy", "0728 HK", "true",
           "dividend_reinvestment", NULL, EMB_REJECT,
           "CMIC_DIVIDEND_REINVESTMENT");
    expect(state, after, "buy", "0728 HK", "true", "dividend_reinvestment",
           NULL, EMB_REJECT, "CMIC_DIVIDEND_REINVESTMENT");
    /* Rule 7: a purchase made solely to divest is allowed in the window. */
    expect(state, in_window, "buy", "0728 HK", "true", "divestment", NULL,
           EMB_ALLOW, "CMIC_DIVESTMENT_PURCHASE");
    /* Rule 16: market making for divestiture, in the window only. */
    expect(state, in_window, "buy", "CHA US", "true", "market_making", NULL,
           EMB_ALLOW, "CMIC_MARKET_MAKING");
    expect(state, after, "buy", "CHA US", "true", "market_making", NULL,
           EMB_REJECT, "CMIC_AFTER_DIVESTMENT");
    /* Rule 8: after the window only a licence allows a trade. */
    expect(state, after, "sell", "CHA US", "true", NULL, "CMIC-GL-TEST-1",
           EMB_ALLOW, "CMIC_LICENSED");
    expect(state, after, "sell", "CHA US", "true", NULL, NULL, EMB_REJECT,
           "CMIC_AFTER_DIVESTMENT");
    /* Rule 13: a divestment sale to a US person is held for review. */
    fixture *f = *state;
    emb_order o = {"cp", in_window, "sell", "0728 HK", "true", "divestment",
                   NULL, "true"};
    emb_decision *d;
    assert_int_equal(emb_decide(f->rules, &o, &d), EMB_OK);
    assert_int_equal(d->verdict, EMB_REVIEW);
    assert_string_equal(d->reasons[0].code, "CMIC_DIVEST_TO_US_PERSON");
    emb_decision_free(d);
}

static void test_rule9_default_dates(void **state)
{
    /* Listed 16 Dec 2021 without the other dates: effective 14 Feb 2022
     * and divestment 16 Dec 2022. */
    emb_security *s = look(state, "US0000000001");
    assert_int_equal(s->covers[0].effective.month, 2);
    assert_int_equal(s->covers[0].effective.day, 14);
    assert_int_equal(s->covers[0].divestment.year, 2022);
    assert_int_equal(s->covers[0].divestment.month, 12);
    assert_int_equal(s->covers[0].divestment.day, 16);
    assert_int_equal(s->covers[0].dates_derived, 3);
    emb_security_free(s);
    expect(state, "2022-02-14T00:00:59-05:00", "buy", "US0000000001", "true",
           NULL, NULL, EMB_ALLOW, "CMIC_BEFORE_EFFECTIVE");
    expect(state, "2022-02-14T00:01:00-05:00", "buy", "US0000000001", "true",
           NULL, NULL, EMB_REJECT, "CMIC_PURCHASE_PROHIBITED");
    expect(state, "2022-12-16T00:01:00-05:00", "sell", "US0000000001", "true",
           NULL, NULL, EMB_REJECT, "CMIC_AFTER_DIVESTMENT");
    /* No date at all: review. */
    expect(state, "2022-12-16T00:01:00-05:00", "buy", "XS1233275194", "true",
           NULL, NULL, EMB_REVIEW, "CMIC_DATES_UNKNOWN");
}

static void test_chains_decided(void **state)
{
    const char *t = "2023-05-02T14:30:00-04:00";
    expect(state, t, "buy", "OPT-HIK-2212C", "true", NULL, NULL, EMB_REJECT,
           "CMIC_AFTER_DIVESTMENT");
    expect(state, t, "buy", "DJI-BOND-1", "true", NULL, NULL, EMB_REJECT,
           "CMIC_AFTER_DIVESTMENT");
    expect(state, t, "buy", "FUND-ASIA", "true", NULL, NULL, EMB_REJECT,
           "CMIC_AFTER_DIVESTMENT");
    expect(state, t, "buy", "HIK-EUROPE-EQ", "true", NULL, NULL, EMB_ALLOW,
           "NOT_LISTED");
    expect(state, t, "buy", "LOOP-A", "true", NULL, NULL, EMB_REVIEW,
           "CHAIN_LOOP");
    expect(state, t, "buy", "FUND-SELF", "true", NULL, NULL, EMB_REVIEW,
           "FUND_HOLDS_ITSELF");
    expect(state, t, "buy", "US0378331005", "true", NULL, NULL, EMB_ALLOW,
           "NOT_LISTED");
    /* Holding is never a violation (rule 11): there is no "hold" side. */
    expect(state, t, "hold", "CNE100000PM8", "true", NULL, NULL, EMB_REVIEW,
           "INPUT_INVALID");
}

static void test_sdn_and_export_lists(void **state)
{
    const char *t = "2023-07-03T10:00:00-04:00";
    /* Rule 21: SDN issuer -> blocked, whoever trades. */
    emb_decision *d = decide(state, t, "buy", "KYG7114V1023", "false", NULL,
                             NULL, EMB_REJECT, "SDN_BLOCKED");
    assert_true(has_reason(d, "REPORT_BLOCKED"));
    assert_false(has_reason(d, "REPORT_REJECTED"));
    emb_decision_free(d);
    expect(state, t, "sell", "PINGTAN-SWAP", "true", NULL, NULL, EMB_REJECT,
           "SDN_BLOCKED");
    expect(state, t, "sell", "KYG7114V1023", "true", NULL, "GL-8", EMB_REVIEW,
           "SDN_LICENSED");
    /* Rule 22: a fund with >= 50 % SDN-issued holdings is blocked; below,
     * a flag. */
    expect(state, t, "buy", "SDN-FUND", "true", NULL, NULL, EMB_REJECT,
           "SDN_FUND_BLOCKED");
    expect(state, t, "buy", "SDN-FUND-SMALL", "true", NULL, NULL, EMB_ALLOW,
           "SDN_FUND_EXPOSURE");
    /* Rule 23: Entity List issuer -> allow with a flag. */
    expect(state, t, "buy", "CHITRON-EQ", "true", NULL, NULL, EMB_ALLOW,
           "EXPORT_LIST_ISSUER");
    /* A non-SDN, non-CMIC Treasury programme: a flag. */
    expect(state, t, "buy", "RU0009029540", "true", NULL, NULL, EMB_ALLOW,
           "OTHER_LIST_ISSUER");
}

static void test_version_in_force(void **state)
{
    /* Rule 19: Pingtan is only in the SDN version of 2023-06-01. */
    emb_decision *d = decide(state, "2023-03-01T10:00:00-05:00", "buy",
                             "KYG7114V1023", "true", NULL, NULL, EMB_ALLOW,
                             "NOT_LISTED");
    assert_non_null(strstr(d->list_version, "us_ofac_sdn #1 2023-01-01"));
    emb_decision_free(d);
    d = decide(state, "2023-06-01T10:00:00-04:00", "buy", "KYG7114V1023",
               "true", NULL, NULL, EMB_REJECT, "SDN_BLOCKED");
    assert_non_null(strstr(d->list_version, "us_ofac_sdn #2 2023-06-01"));
    emb_decision_free(d);
    /* Before any SDN version: the oldest, with a note. */
    d = decide(state, "2022-03-01T10:00:00-05:00", "buy", "KYG7114V1023",
               "true", NULL, NULL, EMB_ALLOW, "LIST_VERSION_LATER");
    emb_decision_free(d);
}

static void test_bad_orders(void **state)
{
    const char *t = "2023-03-01T10:00:00-05:00";
    emb_decision *d0 = decide(state, t, "buy", "NOT AN ID!!", "true", NULL,
                              NULL, EMB_REVIEW, "SECURITY_ID_INVALID");
    assert_string_equal(d0->reasons[0].text,
                        "'NOT AN ID!!' is not a valid ticker (ticker has "
                        "more than a symbol and an exchange code) and no "
                        "list names it");
    emb_decision_free(d0);
    expect(state, t, "buy", "#%&", "true", NULL, NULL, EMB_REVIEW,
           "SECURITY_UNKNOWN");
    emb_decision *d = decide(state, t, "buy", "CNE100000PM9", "true", NULL,
                             NULL, EMB_REVIEW, "SECURITY_ID_INVALID");
    assert_string_equal(d->reasons[0].text,
                        "'CNE100000PM9' is not a valid isin (ISIN check "
                        "digit is 9, expected 8) and no list names it");
    emb_decision_free(d);
    d = decide(state, "2021-08-02", "buy", "CNE100000PM8", "true", NULL, NULL,
               EMB_REVIEW, "INPUT_INVALID");
    assert_int_equal(d->input_error, 1);
    assert_string_equal(d->reasons[0].text,
                        "column 'time': time has a date but no time of day "
                        "and UTC offset");
    /* The lookup still ran: the covering record is shown. */
    assert_int_equal(d->security->n_covers, 1);
    emb_decision_free(d);
    d = decide(state, "yesterday", "short", "CNE100000PM8", "maybe", "hedge",
               NULL, EMB_REVIEW, "INPUT_INVALID");
    assert_int_equal(d->n_reasons, 1);
    assert_non_null(strstr(d->reasons[0].text, "column 'side': 'short'"));
    assert_non_null(strstr(d->reasons[0].text, "column 'us_person': 'maybe'"));
    assert_non_null(strstr(d->reasons[0].text, "column 'purpose': 'hedge'"));
    emb_decision_free(d);
    char big[400];
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    expect(state, t, "buy", big, "true", NULL, NULL, EMB_REVIEW,
           "INPUT_INVALID");
    expect(state, t, "buy", "", "true", NULL, NULL, EMB_REVIEW,
           "INPUT_INVALID");
}

static void test_json_line(void **state)
{
    emb_decision *d = decide(state, "2021-08-02T00:01:00-04:00", "buy",
                             "US1694261033", "true", NULL, NULL, EMB_REJECT,
                             "CMIC_PURCHASE_PROHIBITED");
    char *j;
    assert_int_equal(emb_decision_to_json(d, &j), EMB_OK);
    assert_string_equal(
        j,
        "{\"id\":\"t1\",\"decision\":\"reject\",\"reasons\":[{\"code\":"
        "\"CMIC_PURCHASE_PROHIBITED\",\"text\":\"purchase of CHINA TELECOM "
        "CORPORATION LIMITED (us_ofac_cons:30882) by a US person: prohibited "
        "since 2021-08-02T00:01:00-04:00; only divestment is allowed until "
        "2022-06-03T00:01:00-04:00\",\"rule\":\"EO 13959 as amended by EO "
        "14032, s.1; 31 CFR part 586; OFAC FAQ 1046 (divestment within 365 "
        "days)\"},{\"code\":\"REPORT_REJECTED\",\"text\":\"reject the trade "
        "(do not block) and report it to OFAC within 10 business days, by "
        "2021-08-16\",\"rule\":\"31 CFR 501.604; OFAC FAQ 1048\"}],"
        "\"covered_by\":[{\"source\":\"us_ofac_cons\",\"source_id\":\"30882\","
        "\"via\":\"isin\"}],\"list_version\":\"us_ofac_cons #1 2025-12-01, "
        "us_ofac_sdn #1 2023-01-01, us_csl 2023-11-30\"}");
    emb_free(j);
    emb_decision_free(d);
}

static void test_orders_file(void **state)
{
    fixture *f = *state;
    const char *csv =
        "id,time,side,security,us_person,purpose,license\n"
        "o1,2021-08-02T00:00:59-04:00,buy,CNE100000PM8,true,,\n"
        "o2,2021-08-02T00:01:00-04:00,buy,CNE100000PM8,true,,\n"
        "o3,not a time,buy,CNE100000PM8,true,,\n"
        "o4,2022-01-10T10:00:00-05:00,sell,0728.HK,true,divestment,\n"
        "o5,2023-01-10T10:00:00-05:00,buy,LOOP-A,true,,\n";
    char *buf = NULL, *errs = NULL;
    size_t blen = 0, elen = 0;
    FILE *out = open_memstream(&buf, &blen);
    FILE *ef = open_memstream(&errs, &elen);
    emb_orders_stats st;
    emb_error err;
    assert_int_equal(emb_decide_orders(f->rules, "orders.csv", csv,
                                       strlen(csv), out, ef, &st, &err),
                     EMB_OK);
    fclose(out);
    fclose(ef);
    assert_int_equal(st.rows, 5);
    assert_int_equal(st.allow, 2);
    assert_int_equal(st.reject, 1);
    assert_int_equal(st.review, 2);
    assert_int_equal(st.input_errors, 1);
    int lines = 0;
    for (char *p = buf; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 5);
    assert_non_null(strstr(buf, "{\"id\":\"o3\",\"decision\":\"review\""));
    assert_non_null(strstr(buf, "{\"id\":\"o5\",\"decision\":\"review\","
                                "\"reasons\":[{\"code\":\"CHAIN_LOOP\""));
    assert_string_equal(errs,
                        "orders.csv:4: order 'o3': column 'time': time is "
                        "not ISO 8601 (YYYY-MM-DDTHH:MM:SS+HH:MM)\n");
    free(buf);
    free(errs);

    const char *missing = "id,side,security\no1,buy,X\n";
    out = open_memstream(&buf, &blen);
    assert_int_equal(emb_decide_orders(f->rules, "o.csv", missing,
                                       strlen(missing), out, NULL, &st, &err),
                     EMB_ERR_FORMAT);
    fclose(out);
    assert_string_equal(err.field, "time, us_person");
    assert_int_equal(err.line, 1);
    free(buf);
}

/* emb_file_read hands back the bytes the loads read, and names the file
 * it cannot read. */
static void test_file_read(void **state)
{
    (void)state;
    const char *path = test_data_path("../rules/data/secmaster.csv");
    size_t want = 0;
    char *ref = test_read_file(path, &want);
    assert_non_null(ref);
    char *data = NULL;
    size_t len = 0;
    emb_error err = {0};
    assert_int_equal(emb_file_read(path, &data, &len, &err), EMB_OK);
    assert_int_equal(len, want);
    assert_memory_equal(data, ref, len);
    emb_rules *r = NULL;
    assert_int_equal(emb_rules_new(&r), EMB_OK);
    assert_int_equal(emb_rules_load_secmaster(r, path, data, len, &err),
                     EMB_OK);
    emb_rules_free(r);
    emb_free(data);
    free(ref);
    assert_int_equal(emb_file_read("/nonexistent/sm.csv", &data, &len, &err),
                     EMB_ERR_IO);
    assert_null(data);
    assert_int_equal(len, 0);
    assert_string_equal(err.file, "/nonexistent/sm.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_parse),
        cmocka_unit_test(test_file_read),
        cmocka_unit_test(test_new_york_offsets),
        cmocka_unit_test(test_lookup_identifiers),
        cmocka_unit_test(test_lookup_chains),
        cmocka_unit_test(test_load_warnings),
        cmocka_unit_test(test_issuer_keys_shared),
        cmocka_unit_test(test_hikvision_edt_boundaries),
        cmocka_unit_test(test_us_person),
        cmocka_unit_test(test_purposes_and_licences),
        cmocka_unit_test(test_rule9_default_dates),
        cmocka_unit_test(test_chains_decided),
        cmocka_unit_test(test_sdn_and_export_lists),
        cmocka_unit_test(test_version_in_force),
        cmocka_unit_test(test_bad_orders),
        cmocka_unit_test(test_json_line),
        cmocka_unit_test(test_orders_file),
        cmocka_unit_test(test_sensetime_est_boundaries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
