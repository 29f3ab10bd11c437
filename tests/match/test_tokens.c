/* test_tokens.c - token similarity: the edit-distance cases with concrete
 * values, and the bit-parallel distance against a plain dynamic
 * programming reference on random strings. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"

static tokv tv(const char *s)
{
    tokv v;
    memset(&v, 0, sizeof v);
    v.s = s;
    v.orig = s;
    v.len = (uint16_t)strlen(s);
    v.id = IX_NONE;
    v.w = 1.0;
    if (strspn(s, "0123456789") == v.len)
        v.flags = TOK_NUMBER;
    return v;
}

static double sim(const char *a, const char *b, emb_match_how *how)
{
    tokv x = tv(a), y = tv(b);
    emb_match_how h;
    double s = tok_sim(&x, &y, how ? how : &h);
    return s;
}

/* Optimal string alignment distance by the full matrix. */
static int osa_ref(const char *a, int la, const char *b, int lb)
{
    int d[20][20];
    for (int i = 0; i <= la; i++)
        d[i][0] = i;
    for (int j = 0; j <= lb; j++)
        d[0][j] = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

static void test_cases(void **state)
{
    (void)state;
    emb_match_how how;
    assert_true(sim("putin", "putin", &how) == 1.0);
    assert_int_equal(how, EMB_MATCH_EXACT);
    assert_true(fabs(sim("vladmir", "vladimir", &how) - 7.0 / 8) < 1e-12);
    assert_int_equal(how, EMB_MATCH_FUZZY);
    assert_true(fabs(sim("adbul", "abdul", NULL) - 0.8) < 1e-12); /* swap */
    assert_true(fabs(sim("prigozin", "prigozhin", NULL) - 8.0 / 9) < 1e-12);
    assert_true(fabs(sim("kadyrow", "kadyrov", NULL) - 6.0 / 7) < 1e-12);
    /* budget: 0 edits to 3 letters (but see below), 1 to 5, 2 from 6 */
    assert_true(sim("kim", "kin", NULL) == 0.0);
    assert_true(fabs(sim("lavrov", "lavorv", NULL) - 5.0 / 6) < 1e-12);
    assert_true(sim("abcdefgh", "abxdyfgz", NULL) == 0.0); /* 3 edits */
    assert_true(sim("12345", "12346", NULL) == 0.0); /* numbers: exact */
    /* a doubled letter where no edit is allowed: sim_doubled */
    assert_true(fabs(sim("uun", "un", &how) - 0.9) < 1e-12);
    assert_int_equal(how, EMB_MATCH_FUZZY);
    assert_true(fabs(sim("kim", "kimm", NULL) - 0.9) < 1e-12);
    assert_true(fabs(sim("abu", "abbu", NULL) - 0.9) < 1e-12);
    assert_true(sim("aab", "abb", NULL) == 0.0); /* two changes */
    assert_true(sim("un", "uuun", NULL) == 0.0);  /* two letters added */
    assert_true(sim("un", "uno", NULL) == 0.0);   /* added to two letters */
    /* a letter added to (left out of) a word of 3, making 4: one edit */
    assert_true(fabs(sim("kim", "kima", NULL) - 0.75) < 1e-12);
    assert_true(fabs(sim("etr", "petr", NULL) - 0.75) < 1e-12);
    assert_true(fabs(sim("msa", "musa", NULL) - 0.75) < 1e-12);
    /* but not n -> ng, another name (Lin, Ling), nor a changed letter */
    assert_true(sim("lin", "ling", NULL) == 0.0);
    assert_true(sim("son", "song", NULL) == 0.0);
    assert_true(sim("vtb", "veb", NULL) == 0.0);
    /* two letters swapped in three: one edit's similarity */
    assert_true(fabs(sim("sko", "sok", &how) - 2.0 / 3) < 1e-12);
    assert_int_equal(how, EMB_MATCH_FUZZY);
    assert_true(fabs(sim("kim", "ikm", NULL) - 2.0 / 3) < 1e-12);
    assert_true(sim("oh", "ho", NULL) == 0.0);   /* not in two letters */
    assert_true(sim("kim", "mik", NULL) == 0.0); /* not adjacent */
}

/* 1 when the longer of a and b is the shorter (at most 3 letters) with one
 * of its letters written twice. */
static int doubled_ref(const char *a, int la, const char *b, int lb)
{
    if (la > lb)
        return doubled_ref(b, lb, a, la);
    if (lb != la + 1 || la > 3)
        return 0;
    for (int i = 1; i < lb; i++) {
        char c[20];
        if (b[i] != b[i - 1])
            continue;
        memcpy(c, b, (size_t)i);
        memcpy(c + i, b + i + 1, (size_t)(lb - i - 1));
        if (!memcmp(c, a, (size_t)la))
            return 1;
    }
    return 0;
}

static void test_against_reference(void **state)
{
    (void)state;
    srand(11);
    char a[20], b[20];
    for (int t = 0; t < 300000; t++) {
        int la = 1 + rand() % 12, alpha = 2 + rand() % 4;
        for (int i = 0; i < la; i++)
            a[i] = (char)('a' + rand() % alpha);
        int lb = la + rand() % 5 - 2;
        if (lb < 1)
            lb = 1;
        for (int i = 0; i < lb; i++)
            b[i] = i < la && rand() % 3 ? a[i] : (char)('a' + rand() % alpha);
        a[la] = b[lb] = '\0';
        int mn = la < lb ? la : lb, mx = la < lb ? lb : la;
        int k = edit_budget((size_t)mn), d = osa_ref(a, la, b, lb);
        double want = d == 0 ? 1.0 : (k > 0 && d <= k) ? 1.0 - (double)d / mx
                                                       : 0.0;
        /* a letter added to three, unless it is n -> ng */
        const char *sh = la < lb ? a : b, *lo = la < lb ? b : a;
        if (mn == 3 && mx == 4 && d == 1 &&
            !(sh[2] == 'n' && lo[3] == 'g' && !memcmp(sh, lo, 3)))
            want = 0.75;
        if (want < match_params_v.sim_doubled && doubled_ref(a, la, b, lb))
            want = match_params_v.sim_doubled;
        /* one edit between three letters each that changes two of them:
         * a transposition */
        if (want < 2.0 / 3 && la == 3 && lb == 3 && d == 1 &&
            (a[0] != b[0]) + (a[1] != b[1]) + (a[2] != b[2]) == 2)
            want = 2.0 / 3;
        emb_match_how how;
        double got = sim(a, b, &how);
        if (how == EMB_MATCH_INITIAL || how == EMB_MATCH_PHONETIC)
            continue; /* one-letter tokens and phonetic keys: not edits */
        if (fabs(got - want) > 1e-12)
            fail_msg("%s / %s: %f, expected %f (d=%d)", a, b, got, want, d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
