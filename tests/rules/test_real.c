/* test_real.c - decisions on the bundled official lists: OFAC's
 * consolidated list of Dec 2025 (all 68 NS-CMIC records), the SDN list of
 * 28 Dec 2023 and the Consolidated Screening List of 30 Nov 2023, read with
 * emb_lists_read, plus a small security master (tests/rules/data). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

typedef struct fixture {
    emb_recset **sets;
    size_t n;
    emb_rules *rules;
} fixture;

static void read_into(fixture *f, const char *rel)
{
    emb_recset **sets;
    size_t n;
    emb_error err;
    char msg[1024];
    if (emb_lists_read(test_list_path(rel), &sets, &n, &err) != EMB_OK)
        fail_msg("%s", emb_error_format(&err, msg, sizeof msg));
    f->sets = realloc(f->sets, (f->n + n) * sizeof *f->sets);
    for (size_t i = 0; i < n; i++) {
        f->sets[f->n++] = sets[i];
        assert_int_equal(emb_rules_add_list(f->rules, sets[i], NULL,
                                            (emb_date){0, 0, 0}), EMB_OK);
    }
    emb_free(sets);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_int_equal(emb_rules_new(&f->rules), EMB_OK);
    read_into(f, "ofac_cons_2025-12");
    read_into(f, "ofac_sdn_2023-12-28");
    read_into(f, "trade_csl_2023-11-30");
    emb_error err;
    assert_int_equal(emb_rules_load_secmaster(
                         f->rules,
                         test_data_path("../rules/data/secmaster_real.csv"),
                         NULL, 0, &err), EMB_OK);
    assert_int_equal(emb_rules_load_holdings(
                         f->rules,
                         test_data_path("../rules/data/holdings_real.csv"),
                         NULL, 0, &err), EMB_OK);
    assert_int_equal(emb_rules_warning_count(f->rules), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    emb_rules_free(f->rules);
    for (size_t i = 0; i < f->n; i++)
        emb_recset_free(f->sets[i]);
    free(f->sets);
    free(f);
    return 0;
}

static emb_security *look(void **state, const char *text)
{
    fixture *f = *state;
    emb_security *s;
    assert_int_equal(emb_security_lookup(f->rules, text, EMB_RULES_NEWEST, &s),
                     EMB_OK);
    return s;
}

static emb_decision *decide(void **state, const char *time, const char *side,
                            const char *security, const char *usp,
                            const char *purpose, emb_verdict want,
                            const char *code)
{
    fixture *f = *state;
    emb_order o = {"r1", time, side, security, usp, purpose, NULL, NULL};
    emb_decision *d;
    assert_int_equal(emb_decide(f->rules, &o, &d), EMB_OK);
    int found = 0;
    for (size_t i = 0; i < d->n_reasons; i++)
        found |= !strcmp(d->reasons[i].code, code);
    if (d->verdict != want || !found) {
        char *j;
        emb_decision_to_json(d, &j);
        fail_msg("%s %s at %s: want %s/%s, got %s", side, security, time,
                 emb_verdict_name(want), code, j);
    }
    return d;
}

static void expect(void **state, const char *time, const char *side,
                   const char *security, const char *usp, const char *purpose,
                   emb_verdict want, const char *code)
{
    emb_decision_free(
        decide(state, time, side, security, usp, purpose, want, code));
}

static void test_cmic_records(void **state)
{
    /* Rule 2: the 68 NS-CMIC records are the ones classed CMIC. */
    fixture *f = *state;
    size_t cmic = 0;
    for (size_t i = 0; i < emb_recset_count(f->sets[0]); i++)
        cmic += listed_as_of(emb_recset_get(f->sets[0], i)) == EMB_LISTED_CMIC;
    assert_string_equal(emb_recset_source(f->sets[0]), EMB_SOURCE_OFAC_CONS);
    assert_int_equal(cmic, 68);
}

static void test_hikvision(void **state)
{
    emb_security *s = look(state, "CNE100000PM8");
    assert_int_equal(s->cmic, 1);
    /* OFAC's record; the CSL copy of it (entity_number 30946) is
     * dropped. */
    assert_int_equal(s->n_covers, 1);
    const emb_cover *c = &s->covers[0];
    assert_string_equal(c->record->source, "us_ofac_cons");
    assert_string_equal(c->record->source_id, "30946");
    assert_int_equal(c->via, EMB_VIA_ISIN);
    char d1[11], d2[11], d3[11];
    assert_string_equal(emb_date_format(c->listing, d1), "2021-06-03");
    assert_string_equal(emb_date_format(c->effective, d2), "2021-08-02");
    assert_string_equal(emb_date_format(c->divestment, d3), "2022-06-03");
    emb_security_free(s);
    /* Boundaries, EDT (rules 6, 7, 8, 10). */
    expect(state, "2021-08-02T00:00:59-04:00", "buy", "CNE100000PM8", "true",
           NULL, EMB_ALLOW, "CMIC_BEFORE_EFFECTIVE");
    expect(state, "2021-08-02T00:01:00-04:00", "buy", "CNE100000PM8", "true",
           NULL, EMB_REJECT, "CMIC_PURCHASE_PROHIBITED");
    expect(state, "2022-06-03T00:00:59-04:00", "sell", "002415.SZ", "true",
           NULL, EMB_ALLOW, "CMIC_DIVESTMENT_SALE");
    expect(state, "2022-06-03T00:01:00-04:00", "sell", "002415.SZ", "true",
           NULL, EMB_REJECT, "CMIC_AFTER_DIVESTMENT");
    expect(state, "2026-11-27T10:00:00-05:00", "buy", "HIK-CALL-2025", "true",
           NULL, EMB_REJECT, "CMIC_AFTER_DIVESTMENT");
}

static void test_china_telecom(void **state)
{
    const char *ids[] = {"US1694261033", "0728 HK", "0728.HK", "CHA US",
                         "CNE1000002V2", "CND100020NC4"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        emb_security *s = look(state, ids[i]);
        if (!s->cmic)
            fail_msg("%s is not covered", ids[i]);
        assert_string_equal(s->covers[0].record->source_id, "30882");
        assert_int_equal(s->covers[0].via,
                         i == 0 || i >= 4 ? EMB_VIA_ISIN : EMB_VIA_TICKER);
        emb_security_free(s);
    }
    emb_decision *d = decide(state, "2022-01-05T15:00:00Z", "buy",
                             "US1694261033", "true", NULL, EMB_REJECT,
                             "CMIC_PURCHASE_PROHIBITED");
    assert_string_equal(d->security->covers[0].record->source_id, "30882");
    emb_decision_free(d);
    expect(state, "2022-01-05T15:00:00Z", "sell", "0728 HK", "true", NULL,
           EMB_ALLOW, "CMIC_DIVESTMENT_SALE");
    expect(state, "2022-01-05T15:00:00Z", "buy", "CT-GDR", "true",
           "dividend_reinvestment", EMB_REJECT, "CMIC_DIVIDEND_REINVESTMENT");
}

static void test_sensetime_est(void **state)
{
    /* Listed 10 Dec 2021: effective 8 Feb 2022 and divestment 10 Dec 2022,
     * both in EST (12:01 a.m. = 05:01Z). */
    emb_decision *d = decide(state, "2022-02-08T05:00:59Z", "buy", "0020.HK",
                             "true", NULL, EMB_ALLOW, "CMIC_BEFORE_EFFECTIVE");
    const emb_cover *c = &d->security->covers[0];
    assert_string_equal(c->record->source_id, "33114");
    assert_int_equal(c->via, EMB_VIA_ISSUER_NAME);
    char ds[11];
    assert_string_equal(emb_date_format(c->listing, ds), "2021-12-10");
    emb_decision_free(d);
    expect(state, "2022-02-08T05:01:00Z", "buy", "0020.HK", "true", NULL,
           EMB_REJECT, "CMIC_PURCHASE_PROHIBITED");
    expect(state, "2022-12-10T00:00:59-05:00", "sell", "0020 HK", "true",
           NULL, EMB_ALLOW, "CMIC_DIVESTMENT_SALE");
    expect(state, "2022-12-10T00:01:00-05:00", "sell", "0020 HK", "true",
           NULL, EMB_REJECT, "CMIC_AFTER_DIVESTMENT");
}

static void test_dji_by_issuer_name(void **state)
{
    emb_security *s = look(state, "DJI-NOTE-2027");
    assert_int_equal(s->cmic, 1);
    assert_string_equal(s->covers[0].record->source_id, "33111");
    assert_int_equal(s->covers[0].via, EMB_VIA_ISSUER_NAME);
    assert_string_equal(s->covers[0].matched, "SZ DJI TECHNOLOGY CO., LTD.");
    char ds[11];
    assert_string_equal(emb_date_format(s->covers[0].effective, ds),
                        "2022-02-14");
    assert_string_equal(emb_date_format(s->covers[0].divestment, ds),
                        "2022-12-16");
    emb_security_free(s);
    expect(state, "2022-02-14T00:00:59-05:00", "buy", "DJI-NOTE-2027", "true",
           NULL, EMB_ALLOW, "CMIC_BEFORE_EFFECTIVE");
    expect(state, "2022-02-14T00:01:00-05:00", "buy", "DJI-NOTE-2027", "true",
           NULL, EMB_REJECT, "CMIC_PURCHASE_PROHIBITED");
    /* Rule 5: an ETF holding 0.01 % of it. */
    s = look(state, "ASIA-TECH-ETF");
    assert_int_equal(s->cmic, 1);
    assert_int_equal(s->covers[0].via, EMB_VIA_FUND_HOLDING);
    assert_string_equal(s->covers[0].chain,
                        "ASIA-TECH-ETF > DJI-NOTE-2027 > SZ DJI Technology "
                        "Co Ltd");
    emb_security_free(s);
    expect(state, "2026-11-27T10:00:00-05:00", "buy", "ASIA-TECH-ETF", "true",
           NULL, EMB_REJECT, "CMIC_AFTER_DIVESTMENT");
}

static void test_sdn_and_entity_list(void **state)
{
    /* Pingtan Marine: SDN (GLOMAG) with ISIN KYG7114V1023. */
    emb_decision *d = decide(state, "2023-12-29T10:00:00-05:00", "buy",
                             "KYG7114V1023", "true", NULL, EMB_REJECT,
                             "SDN_BLOCKED");
    assert_string_equal(d->security->covers[0].record->source,
                        "us_ofac_sdn");
    assert_string_equal(d->security->covers[0].record->source_id, "33675");
    emb_decision_free(d);
    expect(state, "2023-12-29T10:00:00-05:00", "sell", "PINGTAN-CFD", "true",
           NULL, EMB_REJECT, "SDN_BLOCKED");
    /* Chitron: Entity List (and ITAR debarred) only -> allow, flagged. */
    d = decide(state, "2023-12-29T10:00:00-05:00", "buy", "CHITRON-EQ",
               "true", NULL, EMB_ALLOW, "EXPORT_LIST_ISSUER");
    assert_string_equal(d->security->covers[0].record->source, "us_csl");
    emb_decision_free(d);
    /* Apple: nothing. */
    expect(state, "2023-12-29T10:00:00-05:00", "buy", "AAPL US", "true", NULL,
           EMB_ALLOW, "NOT_LISTED");
}

static emb_report *report(void **state, emb_date as_of)
{
    fixture *f = *state;
    emb_report *rep;
    emb_error err;
    assert_int_equal(emb_holdings_report(
                         f->rules, test_data_path("../rules/data/portfolio.csv"),
                         NULL, 0, as_of, &rep, &err), EMB_OK);
    return rep;
}

static void test_holdings_report(void **state)
{
    /* Rule 11: holdings are reported with what may still be done; none is
     * a violation. */
    emb_report *rep = report(state, (emb_date){2026, 11, 28});
    assert_int_equal(emb_report_rows(rep), 7);
    /* Chitron is three Entity List rows: "Chitron Electronics, Inc.",
     * "Chitron Electronics Company Ltd", and "Chitron Electronics Company
     * Ltd., a.k.a. Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)",
     * whose name column is cut to its name */
    assert_int_equal(emb_report_count(rep), 7);
    int chitron = 0;
    for (size_t i = 0; i < emb_report_count(rep); i++)
        chitron += !strcmp(emb_report_get(rep, i)->security, "CHITRON-EQ");
    assert_int_equal(chitron, 3);
    assert_int_equal(emb_report_warning_count(rep), 1);
    assert_non_null(strstr(emb_report_warning(rep, 0),
                           "portfolio.csv:7: column 'security': empty"));
    const emb_position *p = emb_report_get(rep, 0);
    assert_string_equal(p->account, "ACC-1");
    assert_string_equal(p->security, "CNE100000PM8");
    assert_string_equal(p->status, "after_divestment");
    assert_int_equal(p->days_left, -1);
    assert_string_equal(p->cover->path, "direct");
    p = emb_report_get(rep, 2);
    assert_string_equal(p->security, "ASIA-TECH-ETF");
    assert_string_equal(p->cover->path, "fund");
    assert_string_equal(p->cover->record->source_id, "33111");
    p = emb_report_get(rep, 3);
    assert_string_equal(p->status, "blocked");
    assert_string_equal(p->cover->path, "derivative");
    p = emb_report_get(rep, 4);
    assert_string_equal(p->status, "risk_flag");
    for (size_t i = 0; i < emb_report_count(rep); i++)
        assert_null(strstr(emb_report_get(rep, i)->action, "violation"));

    char *buf;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(emb_report_write(rep, EMB_REPORT_CSV, f), EMB_OK);
    fclose(f);
    assert_non_null(strstr(buf, "ACC-2,ASIA-TECH-ETF,10,5000,0.5,\"SZ DJI "
                                "TECHNOLOGY CO., LTD.\",us_ofac_cons,33111,"
                                "cmic,fund,fund_holding,"));
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(emb_report_write(rep, EMB_REPORT_HTML, f), EMB_OK);
    fclose(f);
    assert_non_null(strstr(buf, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(buf, "By divestment deadline"));
    assert_null(strstr(buf, "<script"));
    assert_null(strstr(buf, "href="));
    assert_null(strstr(buf, "src="));
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(emb_report_write(rep, EMB_REPORT_JSON, f), EMB_OK);
    fclose(f);
    assert_non_null(strstr(buf, "{\"as_of\":\"2026-11-28\",\"rows\":7,"));
    free(buf);
    emb_report_free(rep);

    /* Inside Hikvision's window: 94 days left on 1 Mar 2022. */
    rep = report(state, (emb_date){2022, 3, 1});
    p = emb_report_get(rep, 0);
    assert_string_equal(p->status, "divestment_window");
    assert_int_equal(p->days_left, 94);
    assert_non_null(strstr(p->action, "until 12:01 a.m. ET on 2022-06-03"));
    emb_report_free(rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmic_records),
        cmocka_unit_test(test_hikvision),
        cmocka_unit_test(test_china_telecom),
        cmocka_unit_test(test_sensetime_est),
        cmocka_unit_test(test_dji_by_issuer_name),
        cmocka_unit_test(test_sdn_and_entity_list),
        cmocka_unit_test(test_holdings_report),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
