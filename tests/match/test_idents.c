/* test_idents.c - screening by identifier against the bundled lists: the
 * keys identifiers are compared by (ident_key), and a party holding a
 * query's identifier coming back at 1 with the identifier in its
 * evidence, with or without a name, while securities' identifiers, short
 * numbers and bad arguments are not screened so. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"

typedef test_bundled fixture;

static void expect_key(const char *value, const char *key)
{
    char out[IDENT_KEY_CAP];
    size_t n = ident_key(value, strlen(value), out, sizeof out);
    if (!key) {
        if (n)
            fail_msg("'%s': key '%s', expected none", value, out);
        return;
    }
    if (n != strlen(key) || strcmp(out, key))
        fail_msg("'%s': key '%s', expected '%s'", value, n ? out : "",
                 key);
}

static void test_keys(void **state)
{
    (void)state;
    expect_key("IMO 9879727", "9879727");
    expect_key("imo9879727", "9879727");
    expect_key("9879727", "9879727");
    expect_key("IMO 98797270", "imo98797270"); /* not an IMO number */
    expect_key("+86 150 3011 1720", "8615030111720");
    expect_key("(98)(21)(22224537)", "982122224537");
    expect_key("http://www.rdif.ru/", "rdifru");
    expect_key("https://WWW.RDIF.RU", "rdifru");
    expect_key("info@uecrus.com", "infouecruscom");
    expect_key("0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1",
               "01e2919679362dfbc9ee1644ba9c6da6d6245bb1");
    expect_key("01e2919679362dFBC9ee1644Ba9C6da6D6245BB1",
               "01e2919679362dfbc9ee1644ba9c6da6d6245bb1");
    expect_key("0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB", /* 39 digits */
               "0x01e2919679362dfbc9ee1644ba9c6da6d6245bb");
    expect_key("  HE 334164 ", "he334164");
    expect_key("12345", NULL);     /* too short to name anyone */
    expect_key("A-1-2-3-4", NULL); /* five letters and digits */
    expect_key("", NULL);
    /* a BIC of 11 is also its institution's 8 */
    char keys[2][IDENT_KEY_CAP];
    size_t lens[2];
    assert_int_equal(ident_query_keys("CBGURUMMXXX", keys, lens), 2);
    assert_string_equal(keys[0], "cbgurummxxx");
    assert_string_equal(keys[1], "cbgurumm");
    assert_int_equal(lens[1], 8);
    assert_int_equal(ident_query_keys("CBGURUMM", keys, lens), 1);
    assert_int_equal(ident_query_keys("12345678901", keys, lens), 1);
    assert_int_equal(ident_query_keys("12345", keys, lens), 0);
}

/* Screens name (may be NULL) with identifiers ids[0..n). */
static int screen(fixture *f, const char *name, const char *const *ids,
                  size_t n, const emb_hit **hits, size_t *nh)
{
    emb_query q = {0};
    q.name = name;
    q.threshold = -1;
    q.idents = ids;
    q.n_idents = n;
    return emb_screen(f->s, &q, hits, nh);
}

static const emb_hit *find(const emb_hit *h, size_t n, const char *source,
                           const char *id)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < h[i].n_records; k++)
            if (!strcmp(h[i].records[k]->source, source) &&
                !strcmp(h[i].records[k]->source_id, id))
                return &h[i];
    return NULL;
}

/* The first identifier evidence of a hit that agrees (agrees 1) or
 * conflicts (-1), or NULL. */
static const emb_evidence *ident_ev_of(const emb_hit *h, int agrees)
{
    for (size_t i = 0; i < h->explanation.n_evidence; i++)
        if (h->explanation.evidence[i].field == EMB_EVIDENCE_IDENT &&
            h->explanation.evidence[i].agrees == agrees)
            return &h->explanation.evidence[i];
    return NULL;
}

static const emb_evidence *ident_ev(const emb_hit *h)
{
    return ident_ev_of(h, 1);
}

static void test_identifier_alone(void **state)
{
    fixture *f = *state;
    const emb_hit *h;
    size_t n;
    /* a vessel by its IMO number, with or without the label (after a
     * name in characters, whose normalisations do not stay) */
    assert_int_equal(screen(f, "金正恩", NULL, 0, &h, &n), EMB_OK);
    assert_true(n > 0 && h[0].explanation.query_normalisations != 0);
    const char *imo[] = {"IMO 9879727"};
    assert_int_equal(screen(f, NULL, imo, 1, &h, &n), EMB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].record->source_id, "33756");
    assert_true(h[0].score == 1.0);
    assert_int_equal(h[0].explanation.n_tokens, 0);
    assert_int_equal(h[0].explanation.query_normalisations, 0);
    /* the listed name's words all unaligned: fu yuan yu 7875 */
    assert_int_equal(h[0].explanation.n_unmatched_list, 4);
    const emb_evidence *ev = ident_ev(&h[0]);
    assert_non_null(ev);
    assert_int_equal(ev->agrees, 1);
    assert_int_equal(ev->list_kind, EMB_ID_IMO);
    assert_string_equal(ev->list_value, "IMO 9879727");
    assert_string_equal(ev->list_label, "Vessel Registration Identification");
    assert_string_equal(ev->query_value, "IMO 9879727");
    assert_true(ev->effect == 1.0);
    const char *bare[] = {"9879727"};
    assert_int_equal(screen(f, "", bare, 1, &h, &n), EMB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].record->source_id, "33756");

    /* a bank by its BIC of 11: one hit for the party both lists hold */
    const char *bic[] = {"CBGURUMMXXX"};
    assert_int_equal(screen(f, NULL, bic, 1, &h, &n), EMB_OK);
    assert_int_equal(n, 1);
    assert_non_null(find(h, n, "us_ofac_cons", "18719"));
    assert_non_null(find(h, n, "us_csl", "18719"));
    assert_int_equal(h[0].explanation.n_evidence, 1);
    assert_int_equal(ident_ev(&h[0])->list_kind, EMB_ID_SWIFT_BIC);

    /* a digital currency address without its 0x and in another case, a
     * website written another way, a phone number with its spaces */
    const char *more[] = {"01E2919679362DFBC9EE1644BA9C6DA6D6245BB1",
                          "http://rdif.ru/", "+86 150 3011 1720"};
    assert_int_equal(screen(f, NULL, more, 3, &h, &n), EMB_OK);
    const emb_hit *tc = find(h, n, "us_ofac_sdn", "39796");
    assert_non_null(tc);
    assert_string_equal(tc->record->names[0].full, "TORNADO CASH");
    assert_int_equal(ident_ev(tc)->list_kind, EMB_ID_CRYPTO);
    assert_non_null(find(h, n, "us_ofac_sdn", "34036"));  /* rdif.ru */
    assert_non_null(find(h, n, "us_ofac_cons", "18279")); /* rdif.ru */
    assert_non_null(find(h, n, "us_ofac_sdn", "41297"));  /* the phone */
    for (size_t i = 0; i < n; i++)
        assert_true(h[i].score == 1.0);
}

static void test_identifier_with_name(void **state)
{
    fixture *f = *state;
    const emb_hit *h;
    size_t n;
    /* the name's own hit stays, and the identifier's party comes at 1
     * whatever its name scores, which its explanation still shows */
    const char *bic[] = {"CBGURUMM"};
    assert_int_equal(screen(f, "Central Bank of Russia", bic, 1, &h, &n),
                     EMB_OK);
    const emb_hit *byname = find(h, n, "us_ofac_cons", "31695");
    const emb_hit *byid = find(h, n, "us_ofac_cons", "18719");
    assert_non_null(byname);
    assert_non_null(byid);
    assert_null(ident_ev(byname));
    assert_true(byid->score == 1.0);
    assert_int_equal(byid->explanation.n_tokens, 4);
    double ns = byid->explanation.name_score;
    assert_true(ns > 0.0 && ns < 0.75);
    assert_true(fabs(ident_ev(byid)->effect - (1.0 - ns)) < 1e-9);

    /* the same party by name and identifier: one hit, its name aligned */
    const char *imo[] = {"9879727"};
    assert_int_equal(screen(f, "FU YUAN YU 7875", imo, 1, &h, &n), EMB_OK);
    assert_int_equal(n, 1);
    assert_true(h[0].score == 1.0);
    assert_true(h[0].explanation.name_score == 1.0);
    assert_true(ident_ev(&h[0])->effect == 0.0);
}

static void test_not_screened_by_identifier(void **state)
{
    fixture *f = *state;
    const emb_hit *h;
    size_t n;
    /* a security's ISIN is no party's identifier: emb_security_lookup
     * answers for it */
    const char *isin[] = {"CNE100000PM8"};
    assert_int_equal(screen(f, NULL, isin, 1, &h, &n), EMB_OK);
    assert_int_equal(n, 0);
    /* a note the lists give among identifiers ("Executive Order 13662
     * Directive Determination - Subject to Directive 4") names no one */
    const char *ent[] = {"Subject to Directive 4"};
    assert_int_equal(screen(f, NULL, ent, 1, &h, &n), EMB_OK);
    assert_int_equal(n, 0);
    /* nothing of six letters and digits, and no name */
    const char *shortid[] = {"12345"};
    assert_int_equal(screen(f, NULL, shortid, 1, &h, &n), EMB_ERR_INVALID);
    assert_int_equal(screen(f, "", shortid, 1, &h, &n), EMB_ERR_INVALID);
    /* with a name, a short identifier is passed over */
    assert_int_equal(screen(f, "FU YUAN YU 7875", shortid, 1, &h, &n),
                     EMB_OK);
    assert_int_equal(n, 1);
    assert_null(ident_ev(&h[0]));
    /* bad arguments */
    const char *null_id[] = {NULL};
    assert_int_equal(screen(f, NULL, null_id, 1, &h, &n), EMB_ERR_USAGE);
    assert_int_equal(screen(f, "x", NULL, 1, &h, &n), EMB_ERR_USAGE);
    char longid[EMB_IDENT_MAX + 2];
    memset(longid, '7', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    const char *toolong[] = {longid};
    assert_int_equal(screen(f, NULL, toolong, 1, &h, &n), EMB_ERR_LIMIT);
    const char *many[EMB_QUERY_MAX_IDENTS + 1];
    for (size_t i = 0; i <= EMB_QUERY_MAX_IDENTS; i++)
        many[i] = "9879727";
    assert_int_equal(screen(f, NULL, many, EMB_QUERY_MAX_IDENTS + 1, &h, &n),
                     EMB_ERR_LIMIT);
    /* the same identifier twice: one hit, one piece of evidence */
    assert_int_equal(screen(f, NULL, many, 2, &h, &n), EMB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(h[0].explanation.n_evidence, 1);
}

static void test_kinds(void **state)
{
    (void)state;
    assert_int_equal(ident_kind_of("9879727", 7), EMB_ID_IMO);
    assert_int_equal(ident_kind_of("9879739", 7), EMB_ID_IMO);
    assert_int_equal(ident_kind_of("9879728", 7), EMB_ID_OTHER); /* check */
    assert_int_equal(ident_kind_of("549300fij3myu0vx6y72", 20), EMB_ID_LEI);
    assert_int_equal(ident_kind_of("549300fij3myu0vx6y73", 20),
                     EMB_ID_OTHER);
    assert_int_equal(ident_kind_of("cbgurumm", 8), EMB_ID_SWIFT_BIC);
    assert_int_equal(ident_kind_of("cbgurummxxx", 11), EMB_ID_SWIFT_BIC);
    assert_int_equal(ident_kind_of("software", 8), EMB_ID_OTHER); /* "wa" */
    assert_int_equal(ident_kind_of("he334164", 8), EMB_ID_OTHER);
    assert_true(ident_same(EMB_ID_SWIFT_BIC, "cbgurummxxx", 11, "cbgurumm", 8));
    assert_false(ident_same(EMB_ID_IMO, "9879727", 7, "9879739", 7));
}

/* A name's hit whose party holds another IMO number, LEI or BIC than the
 * query's: the identifiers conflict, which lowers the score but keeps an
 * exact name at the threshold. */
static void test_identifier_conflicts(void **state)
{
    fixture *f = *state;
    const emb_hit *h;
    size_t n;
    const char *other[] = {"IMO 9879739"}; /* a valid IMO number, not its */
    assert_int_equal(screen(f, "FU YUAN YU 7875", other, 1, &h, &n),
                     EMB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].record->source_id, "33756");
    assert_true(fabs(h[0].score - 0.80) < 1e-9);
    const emb_evidence *c = ident_ev_of(&h[0], -1);
    assert_non_null(c);
    assert_true(fabs(c->effect + 0.20) < 1e-9);
    assert_string_equal(c->list_value, "IMO 9879727");
    assert_string_equal(c->query_value, "IMO 9879739");
    assert_int_equal(c->list_kind, EMB_ID_IMO);
    assert_null(ident_ev(&h[0]));
    /* a number that is no IMO number by its check digit tells nothing */
    const char *notimo[] = {"9879738"};
    assert_int_equal(screen(f, "FU YUAN YU 7875", notimo, 1, &h, &n),
                     EMB_OK);
    assert_int_equal(n, 1);
    assert_true(h[0].score == 1.0);
    assert_null(ident_ev_of(&h[0], -1));
    /* a BIC of another branch of the same institution agrees */
    const char *branch[] = {"CBGURUMM123"};
    assert_int_equal(screen(f, "BANK VTB 24", branch, 1, &h, &n), EMB_OK);
    const emb_hit *vtb = find(h, n, "us_ofac_cons", "18719");
    assert_non_null(vtb);
    assert_null(ident_ev_of(vtb, -1));
    assert_true(vtb->score == 1.0);
}

static void test_json(void **state)
{
    fixture *f = *state;
    const emb_hit *h;
    size_t n;
    const char *imo[] = {"imo9879727"};
    assert_int_equal(screen(f, NULL, imo, 1, &h, &n), EMB_OK);
    assert_int_equal(n, 1);
    char *js = NULL;
    assert_int_equal(emb_hit_to_json(f->s, &h[0], &js), EMB_OK);
    assert_non_null(strstr(js, "\"field\":\"identifier\""));
    assert_non_null(strstr(js, "\"list_value\":\"IMO 9879727\""));
    assert_non_null(strstr(js, "\"list_kind\":\"imo\""));
    assert_non_null(strstr(js, "\"query_value\":\"imo9879727\""));
    assert_non_null(strstr(js, "\"score\":1.0000"));
    emb_free(js);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_identifier_alone),
        cmocka_unit_test(test_identifier_with_name),
        cmocka_unit_test(test_not_screened_by_identifier),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_identifier_conflicts),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, test_bundled_setup,
                                  test_bundled_teardown);
}
