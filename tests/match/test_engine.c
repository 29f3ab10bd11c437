/* test_engine.c - the screening engine's contracts: the candidate index
 * finds exactly what the exhaustive scan finds, results are deterministic
 * and monotonic, bad input gets clear error codes. */
#include <math.h>

#include "testutil.h"

#include "fixture.h"
#include "perturb.h"

static emb_index *ix;
static emb_screener *scr;

static int setup(void **state)
{
    (void)state;
    return fx_open(&ix, &scr);
}

static int teardown(void **state)
{
    (void)state;
    fx_close(ix, scr);
    return 0;
}

typedef struct snap {
    size_t n;
    const emb_record *rec[EMB_SCREEN_MAX_HITS];
    size_t name[EMB_SCREEN_MAX_HITS];
    double score[EMB_SCREEN_MAX_HITS];
} snap;

static int take(emb_screener *s, const emb_query *q, snap *out)
{
    const emb_hit *h;
    int rc = emb_screen(s, q, &h, &out->n);
    for (size_t i = 0; i < out->n; i++) {
        out->rec[i] = h[i].record;
        out->name[i] = h[i].name_index;
        out->score[i] = h[i].score;
    }
    return rc;
}

static int same(const snap *a, const snap *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->rec[i] != b->rec[i] || a->name[i] != b->name[i] ||
            a->score[i] != b->score[i])
            return 0;
    return 1;
}

static void test_index_equals_exhaustive(void **state)
{
    (void)state;
    static const double thr[] = {0.5, 0.7, 0.8, 0.9};
    uint64_t st = 42;
    size_t queries = 0, with_hits = 0;
    char q[512];
    const fx_rec *all[] = {fx_sdn, fx_cons, fx_csl, fx_un};
    size_t counts[] = {FX_N(fx_sdn), FX_N(fx_cons), FX_N(fx_csl), FX_N(fx_un)};
    static const char *extra[] = {
        "Muhammad Khan", "Ivan Petrov", "Global Trading Company",
        "Tehran Shipping", "Alexander Smith", "John Q. Public",
        "Dubai Petroleum Investment Holdings", "Omar Hassan Haddad",
        "Moscow Industrial Group LLC", "Maria Garcia Sokolova",
        "Zhenya Prigozhin", "Volodya Putin", "Sasha Lavrov", "Ted Kadyrov",
        "Saifuddin Fulayyih al Rawi", "Saif ad Din Taha", "Abdulhadi Iraqi",
        "Abd ar Rahman Hassan", "Ocean de la Pearl", "Oceanalpearl",
        "Zenith van Holdings", "Nur ud Din al Iraqi",
        "Kadyrovramzanakhmatovich", "Ramzan Akhmatovichkadyrov",
        "Zen Ith Holdings", "Oc Ean Pe Arl", "Jscargumentao", "Hua Wei Tech",
        /* Korean names, whose consonants are written one way: the index
         * looks a word up by its initial as written too (dun, canonically
         * tun, is an initial D) */
        "Ladd Dun Min", "Jo Man Jun", "Kmi Man Chun", "Gimmanjun",
        "Ri Byeong Cheol", "Pyong Chol Ri", "Chong Chon Gang",
        /* the same syllables in Latin letters (compared by their letters)
         * and in Hangul (compared exactly): one screener must not answer
         * the second from what it remembers of the first */
        "Kim Mang Chun", "김망춘", "Ri Pyang Chol", "리평철",
        /* two words written as one listed word in a spelling of its
         * family: abdallah is abdullah */
        "Yusuf Abd Allah", "Abd Allah Ahmad", "عبد الله يوسف",
        /* Arabic script, by consonants too, one word or two */
        "منير حمدان زيدان", "زيدان", "حمدان", "زي دان منير",
        "نصير الدين حقاني", "حقاني نصير الدين", "مطيع الله",
        "عزت الله حقاني",
        /* and words of one or two consonants by the long vowels written
         * around them */
        "محمد علي الحبو", "بخت گل", "يحيى حقانی", "آرش", "سرور",
        /* the Arabic article written onto a word or apart from it, the
         * word misspelt or in another transliteration; two edits in two
         * words written as one long listed word */
        "Alzawahry Ayman", "Al Zawahry Ayman", "Al Zawahiry Aiman",
        "Aliraqy Abd al Hadi", "Al Rawy Saif", "Rosaboron Exprt",
        "Zenit Holdngs",
        /* Hebrew script, by consonants when its vowels agree */
        "ולדימיר פוטין", "סרגיי לברוב", "רמזאן קדירוב", "כהן משה",
        "חיזבאללה", "ארקדי רוטנברג", "רוסנפט", "איימן א-זוואהירי",
        "יורי קובלצ׳וק", "פוטין",
        /* katakana, by consonants in its classes when the listed vowels
         * are among its own; a short word by its letters in them */
        "ウラジーミル・プーチン", "セルゲイ・ラブロフ", "ラムザン・カディロフ",
        "プーチン", "ハマス", "ヒズボラ", "アイマン・ザワヒリ", "ロスネフチ",
        "アリ・ハメネイ", "ムハンマド・ハン", "リ・ビョンチョル", "キム・マンチュン",
        "チェ・ソンイル",
        /* and as two listed words joined, part by part */
        "アルザワヒリ", "アイマンアルザワヒリ", "ウラジーミルプーチン",
        "ガスプロムネフチ", "アルカイダ", "ラムザンカディロフ",
        /* Greek, with the letters of foreign sounds read */
        "Βλαντιμίρ Πούτιν", "Σεργκέι Λαβρόφ", "Μπασάρ αλ Άσαντ",
        /* Korean names in Chinese characters, screened both ways */
        "金萬春", "金万春", "李炳哲", "崔成日", "金正恩"};
    for (int round = 0; round < 40; round++) {
        for (size_t set = 0; set < 5; set++) {
            size_t nn = set < 4 ? counts[set] : FX_N(extra);
            for (size_t i = 0; i < nn; i++) {
                const char *base = set < 4 ? all[set][i].names[0] : extra[i];
                perturb_name(base, round % 4, &st, q, sizeof q);
                for (size_t t = 0; t < 4; t++) {
                    emb_query a = {.name = q, .threshold = thr[t],
                                   .max_hits = EMB_SCREEN_MAX_HITS};
                    emb_query b = a;
                    b.exhaustive = 1;
                    snap sa, sb;
                    int ra = take(scr, &a, &sa), rb = take(scr, &b, &sb);
                    assert_int_equal(ra, rb);
                    if (!same(&sa, &sb))
                        fail_msg("index != exhaustive for '%s' at %.2f: %zu "
                                 "vs %zu hits",
                                 q, thr[t], sa.n, sb.n);
                    queries++;
                    with_hits += sa.n > 0;
                }
            }
        }
    }
    assert_true(queries > 2000);
    assert_true(with_hits > queries / 2);
}

static void test_deterministic(void **state)
{
    (void)state;
    emb_screener *other;
    assert_int_equal(emb_screener_open(ix, &other), EMB_OK);
    static const char *names[] = {"Muhammad Khan", "Ocean Pearl",
                                  "Tehran Technology", "Vladimir Smith"};
    for (size_t i = 0; i < 4; i++) {
        emb_query q = {.name = names[i], .threshold = 0.5,
                       .max_hits = EMB_SCREEN_MAX_HITS};
        snap a, b, c;
        assert_int_equal(take(scr, &q, &a), EMB_OK);
        assert_int_equal(take(scr, &q, &b), EMB_OK);
        assert_int_equal(take(other, &q, &c), EMB_OK);
        assert_true(a.n > 1);
        assert_true(same(&a, &b) && same(&a, &c));
        /* equal scores in (source, source_id) order */
        for (size_t k = 1; k < a.n; k++)
            assert_true(a.score[k - 1] >= a.score[k]);
    }
    emb_query q = {.name = "Ocean Pearl", .threshold = 0.5};
    snap a;
    take(scr, &q, &a);
    assert_int_equal(a.n, 2);
    assert_string_equal(a.rec[0]->source_id, "9003");
    assert_string_equal(a.rec[1]->source_id, "9004");
    emb_screener_close(other);
}

/* A screener remembers the neighbours of the dictionary tokens it has
 * expanded and explains hits from the similarities it kept; a warm
 * screener must answer exactly as a new one scanning every name does,
 * down to how each token aligned. */
static void test_memo_equals_cold(void **state)
{
    (void)state;
    uint64_t st = 7;
    char q[512];
    size_t compared = 0, aligned = 0, variant = 0, acronym = 0;
    /* legal forms written out in one listed name and abbreviated in
     * another: the same dictionary token, mapped in one occurrence only;
     * acronyms either way */
    static const char *mixed[] = {
        "Zenith Technologies Ltd", "Huawei Holdings Limited",
        "Hikvision Holdings Ltd", "Zenith Technology Company Limited",
        "IRGC Air Force", "I.S.I.L. Air Force",
        "Laredo Drug Trafficking Organization", "IRGC DTO Laredo"};
    for (int round = 0; round < 4; round++)
        for (size_t i = 0; i < FX_N(fx_sdn) + FX_N(mixed); i++) {
            if (i < FX_N(fx_sdn))
                perturb_name(fx_sdn[i].names[0], round, &st, q, sizeof q);
            else
                snprintf(q, sizeof q, "%s", mixed[i - FX_N(fx_sdn)]);
            emb_query a = {.name = q, .threshold = round == 3 ? 0.2 : 0.5,
                           .max_hits = EMB_SCREEN_MAX_HITS};
            emb_query b = a;
            b.exhaustive = 1;
            const emb_hit *hw, *hc;
            size_t nw, nc;
            emb_screener *cold;
            assert_int_equal(emb_screener_open(ix, &cold), EMB_OK);
            assert_int_equal(emb_screen(scr, &a, &hw, &nw), EMB_OK);
            assert_int_equal(emb_screen(cold, &b, &hc, &nc), EMB_OK);
            assert_int_equal(nw, nc);
            for (size_t k = 0; k < nw; k++) {
                assert_ptr_equal(hw[k].record, hc[k].record);
                assert_true(hw[k].score == hc[k].score);
                const emb_explanation *ew = &hw[k].explanation,
                                      *ec = &hc[k].explanation;
                assert_int_equal(ew->n_tokens, ec->n_tokens);
                for (size_t t = 0; t < ew->n_tokens; t++) {
                    assert_int_equal(ew->tokens[t].how, ec->tokens[t].how);
                    assert_true(ew->tokens[t].similarity ==
                                ec->tokens[t].similarity);
                    aligned += ew->tokens[t].how != EMB_MATCH_NONE;
                    variant += ew->tokens[t].how == EMB_MATCH_VARIANT;
                    acronym += ew->tokens[t].how == EMB_MATCH_ACRONYM;
                }
                compared++;
            }
            emb_screener_close(cold);
        }
    assert_true(compared > FX_N(fx_sdn));
    assert_true(aligned > compared);
    assert_true(variant > 0);
    assert_true(acronym > 0);
}

static double score_for(const char *name, const char *id, emb_kind k,
                        const char *country, const char *dob)
{
    emb_query q = {.name = name, .threshold = 0.0, .kind = k,
                   .country = country, .dob = dob,
                   .max_hits = EMB_SCREEN_MAX_HITS};
    const emb_hit *h;
    size_t n;
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_OK);
    const emb_hit *x = fx_find(h, n, "us_ofac_sdn", id);
    return x ? x->score : 0.0;
}

static void test_monotonic(void **state)
{
    (void)state;
    /* fewer errors never score lower */
    const char *steps[] = {"Vldmr Ptn", "Vldmir Ptin", "Vladmir Putn",
                           "Vladimir Putn", "Vladimir Putin"};
    double prev = 0;
    for (size_t i = 0; i < 5; i++) {
        double s = score_for(steps[i], "35096", 0, NULL, NULL);
        assert_true(s >= prev);
        prev = s;
    }
    assert_true(prev == 1.0);
    /* more agreeing evidence never lowers a score */
    const char *q = "Yevgeniy Prigozin";
    double s0 = score_for(q, "30110", 0, NULL, NULL);
    double s1 = score_for(q, "30110", EMB_KIND_PERSON, NULL, NULL);
    double s2 = score_for(q, "30110", EMB_KIND_PERSON, "RU", NULL);
    double s3 = score_for(q, "30110", EMB_KIND_PERSON, "RU", "1961-06-01");
    assert_true(s0 < s1 && s1 < s2 && s2 < s3);
    /* and missing evidence is neutral */
    assert_true(score_for(q, "30110", 0, "Atlantis", "not a date") == s0);
}

static void test_bad_input(void **state)
{
    (void)state;
    const emb_hit *h;
    size_t n = 7;
    emb_query q = {.name = "", .threshold = -1};
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_ERR_INVALID);
    assert_int_equal(n, 0);
    q.name = NULL;
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_ERR_USAGE);
    assert_int_equal(emb_screen(NULL, &q, &h, &n), EMB_ERR_USAGE);
    char *big = malloc(100001);
    memset(big, 'a', 100000);
    big[100000] = '\0';
    q.name = big;
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_ERR_LIMIT);
    big[EMB_SCREEN_MAX_NAME] = '\0';
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_OK);
    assert_int_equal(n, 0);
    free(big);
    q.name = "Vladimir \xC3\x28 Putin";
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_ERR_INVALID);
    q.name = "\xff";
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_ERR_INVALID);
    q.name = "---  ...";
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_ERR_INVALID);
    q.name = "\x01\x02\x1f";
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_ERR_INVALID);
    /* control characters inside a name are removed */
    q.name = "Vladimir\x01\x07 Putin\x1b";
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].record->source_id, "35096");
    q.name = "Vladimir Putin";
    q.threshold = 1.5;
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_ERR_INVALID);
    q.threshold = 0.0 / 0.0;
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_ERR_INVALID);
    /* max_hits is capped */
    q.name = "Smith";
    q.threshold = 0.0;
    q.max_hits = 100000;
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_OK);
    assert_true(n >= 12 && n <= EMB_SCREEN_MAX_HITS);
    q.max_hits = 3;
    assert_int_equal(emb_screen(scr, &q, &h, &n), EMB_OK);
    assert_int_equal(n, 3);
    double sc;
    assert_int_equal(emb_name_score(scr, "", "x", EMB_KIND_UNKNOWN, &sc),
                     EMB_ERR_INVALID);
    assert_int_equal(emb_screener_open(NULL, NULL), EMB_ERR_USAGE);
    emb_index *none = NULL;
    assert_int_equal(emb_index_build(NULL, 1, &none, NULL), EMB_ERR_USAGE);
    emb_index_close(NULL);
    emb_screener_close(NULL);
}

static void test_name_score_pairs(void **state)
{
    (void)state;
    double s;
    assert_int_equal(emb_name_score(scr, "PUTIN, Vladimir", "Vladimir Putin",
                                    EMB_KIND_PERSON, &s),
                     EMB_OK);
    assert_true(s == 1.0);
    assert_int_equal(emb_name_score(scr, "Olaf Scholz", "Olaf Scholze",
                                    EMB_KIND_PERSON, &s),
                     EMB_OK);
    assert_true(s > 0.85 && s < 0.99);
    assert_int_equal(emb_name_score(scr, "Acme Ltd", "Zenith Ltd",
                                    EMB_KIND_ENTITY, &s),
                     EMB_OK);
    assert_true(s == 0.0);
    /* lineage: the son is not the father */
    assert_int_equal(emb_name_score(scr, "ABDULLAH BIN OMAR AL-MUHAMMAD",
                                    "OMAR BIN ABDULLAH AL-MUHAMMAD",
                                    EMB_KIND_PERSON, &s),
                     EMB_OK);
    assert_true(s < 0.5);
    assert_int_equal(emb_name_score(scr, "Omar bin Abdullah",
                                    "OMAR BIN ABDULLAH AL-MUHAMMAD",
                                    EMB_KIND_PERSON, &s),
                     EMB_OK);
    assert_true(s > 0.9);
    /* a father's name given without the connector is no conflict */
    assert_int_equal(emb_name_score(scr, "Abdullah Omar",
                                    "OMAR BIN ABDULLAH", EMB_KIND_PERSON,
                                    &s),
                     EMB_OK);
    assert_true(s > 0.95);
}

/* emb_name_score is the pairwise form of emb_screen: a query scored
 * against the listed name a hit matched gives the hit's score (no
 * evidence given, so the score is the name score). */
static void test_name_score_equals_screen(void **state)
{
    (void)state;
    emb_screener *pair;
    assert_int_equal(emb_screener_open(ix, &pair), EMB_OK);
    uint64_t st = 7;
    char q[512];
    size_t compared = 0;
    const fx_rec *all[] = {fx_sdn, fx_cons, fx_csl, fx_un};
    size_t counts[] = {FX_N(fx_sdn), FX_N(fx_cons), FX_N(fx_csl), FX_N(fx_un)};
    /* tokens the index does not hold, weighed by their neighbours:
     * nicknames (Sasha, Ted), misspellings, joined words */
    static const char *extra[] = {
        "Sasha Lavrov", "Ted Kadyrov", "Zhenya Prigozhin", "Volodya Putin",
        "Alf Sergeevich Lavrov", "Bill Kadyrov Ramzan", "Vova Putin",
        "Saifuddin Fulayyih al Rawi", "Kadyrovramzanakhmatovich",
        "Zen Ith Holdings", "Huawei Technolgies", "Oceanalpearl"};
    for (int round = 0; round < 24; round++)
        for (size_t set = 0; set < 5; set++)
            for (size_t i = 0; i < (set < 4 ? counts[set] : FX_N(extra));
                 i++) {
                perturb_name(set < 4 ? all[set][i].names[0] : extra[i],
                             round % 4, &st, q, sizeof q);
                emb_query a = {.name = q, .threshold = 0.5,
                               .max_hits = EMB_SCREEN_MAX_HITS};
                const emb_hit *h;
                size_t n;
                if (emb_screen(scr, &a, &h, &n) != EMB_OK)
                    continue;
                for (size_t k = 0; k < n; k++) {
                    const emb_name *nm = &h[k].record->names[h[k].name_index];
                    if (nm->weak)
                        continue; /* screened only exactly */
                    double sc = -1;
                    assert_int_equal(emb_name_score(pair, q, nm->full,
                                                    h[k].record->kind, &sc),
                                     EMB_OK);
                    if (fabs(sc - h[k].score) > 1e-9)
                        fail_msg("'%s' against '%s': pairwise %.6f, "
                                 "screened %.6f",
                                 q, nm->full, sc, h[k].score);
                    compared++;
                }
            }
    /* a misspelt spelling of a variant family against another spelling */
    double sc = 0;
    assert_int_equal(emb_name_score(pair, "Serej Lavrov", "LAVROV, Sergey",
                                    EMB_KIND_PERSON, &sc),
                     EMB_OK);
    assert_true(sc > 0.93 && sc < 0.95);
    emb_screener_close(pair);
    assert_true(compared > 500);
}

static void test_empty_index(void **state)
{
    (void)state;
    emb_index *e = NULL;
    assert_int_equal(emb_index_build(NULL, 0, &e, NULL), EMB_OK);
    assert_int_equal(emb_index_name_count(e), 0);
    emb_screener *s;
    assert_int_equal(emb_screener_open(e, &s), EMB_OK);
    emb_query q = {.name = "Vladimir Putin", .threshold = -1};
    const emb_hit *h;
    size_t n;
    assert_int_equal(emb_screen(s, &q, &h, &n), EMB_OK);
    assert_int_equal(n, 0);
    emb_screener_close(s);
    emb_index_close(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_equals_exhaustive),
        cmocka_unit_test(test_memo_equals_cold),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_monotonic),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_name_score_pairs),
        cmocka_unit_test(test_name_score_equals_screen),
        cmocka_unit_test(test_empty_index),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
