/*
 * score.c - how similar a query name is to a listed name.
 *
 * Tokens: equal canonical tokens score 1 (the normaliser has already
 * mapped variants, abbreviations and legal forms to one spelling); an
 * initial against a word it starts scores sim_initial; otherwise the
 * better of the edit similarity 1 - d / longer length, where d is the
 * optimal-string-alignment distance (typos, doubled, dropped and swapped
 * letters) allowed up to edit_budget(shorter length), and sim_phonetic when
 * both tokens share a phonetic key. Numbers match only exactly.
 *
 * Names: every token pair with a positive similarity, plus joined words
 * (one query token equal to two adjacent listed tokens) and split words
 * (two adjacent query tokens equal to one listed token), is a candidate
 * pair; pairs are taken greedily by gain = similarity x weights, each token
 * used once, so the alignment ignores word order. Each side's coverage is
 * the similarity-weighted share of its aligned weight, where unaligned
 * tokens count with a factor lambda (a dropped middle name costs little),
 * and distinctive tokens left over on both sides cost `conflict` more
 * (a different given name is not a dropped one); a query content token
 * left unaligned that weighs more than every aligned query content token
 * costs `distinct` times the excess more (the rarest word of the query is
 * missing: "Hikvision Digital Technology" is not "LLC Digital
 * Technologies", while a dropped given name, lighter than the surname
 * that aligned, stays cheap); the name score is the harmonic mean of the
 * two coverages.
 * Weights are IDF over the index, with legal forms, stop words and initials
 * set near zero, and a name scores 0 unless a content token of the query
 * (not a legal form, stop word or single letter) aligned other than by its
 * initial: a shared "LTD" alone never matches, nor do shared initials.
 *
 * Everything here is pure and allocation-free; the caller provides the
 * scratch space.
 */
#include "match/match.h"
#include "text/lexicon.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

match_params match_params_v = {
    .w_legal = 0.05,
    .w_stop = 0.2,
    .w_initial = 3.0,
    .sim_initial = 0.75,
    .sim_phonetic = 0.7,
    .sim_doubled = 0.9,
    .sim_nickname = 0.8,
    .sim_acronym = 0.85,
    .sim_adjective = 0.9,
    .sim_spelling = 0.9,
    .sim_consonants = 0.85,
    .sim_short = 0.74,
    .kp = {
        [KP_PERSON] = {.lambda_q = 0.7, .lambda_n = 0.35, .conflict = 0.5,
                       .distinct = 1.0, .initial_apart = 1},
        [KP_OTHER] = {.lambda_q = 0.7, .lambda_n = 0.35, .conflict = 0.5,
                      .distinct = 1.5},
    },
    .ev_type_agree = 0.02,
    .ev_type_conflict = 0.15,
    .ev_country_agree = 0.03,
    .ev_country_conflict = 0.05,
    .ev_dob_agree = 0.05,
    .ev_dob_conflict = 0.1,
    .ev_ident_conflict = 0.2,
};

double token_weight(double idf, unsigned flags)
{
    const match_params *P = &match_params_v;
    if (flags & TOK_LEGAL)
        return P->w_legal;
    if (flags & TOK_STOP)
        return P->w_stop;
    if (flags & TOK_INITIAL)
        return P->w_initial;
    return idf;
}

/* Optimal string alignment distance of a and b when it is <= k, else
 * k + 1; both lengths are at most 64. Bit-parallel over the columns of the
 * dynamic-programming matrix (one 64-bit word holds a column of vertical
 * differences), with the transposition term carried from the previous
 * column: Hyyro, "A bit-vector algorithm for computing Levenshtein and
 * Damerau edit distances", Nordic Journal of Computing 10 (2003). About
 * a dozen word operations per letter of b, whatever k is. */
static int osa_bounded(const char *a, int la, const char *b, int lb, int k)
{
    const int big = k + 1;
    if (la - lb > k || lb - la > k)
        return big;
    if (la == 0)
        return lb <= k ? lb : big;
    /* each letter one word has and the other lacks takes an edit of its
     * own (letters folded to 64 bits lack less, so this never rejects a
     * pair within k): most pairs are told apart here */
    uint64_t ma = 0, mb = 0;
    for (int i = 0; i < la; i++)
        ma |= 1ULL << (a[i] & 63);
    for (int j = 0; j < lb; j++)
        mb |= 1ULL << (b[j] & 63);
    if (text_bits_over(ma & ~mb, k) || text_bits_over(mb & ~ma, k))
        return big;
    uint64_t peq[256]; /* peq[c]: the positions of a holding c */
    for (int i = 0; i < la; i++)
        peq[(unsigned char)a[i]] = 0;
    for (int j = 0; j < lb; j++)
        peq[(unsigned char)b[j]] = 0;
    for (int i = 0; i < la; i++)
        peq[(unsigned char)a[i]] |= 1ULL << i;
    uint64_t vp = la == 64 ? ~0ULL : (1ULL << la) - 1, vn = 0;
    uint64_t d0_prev = 0, pm_prev = 0, last = 1ULL << (la - 1);
    int score = la;
    for (int j = 0; j < lb; j++) {
        uint64_t pm = peq[(unsigned char)b[j]];
        uint64_t tr = (((~d0_prev) & pm) << 1) & pm_prev;
        uint64_t d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
        uint64_t hp = vn | ~(d0 | vp);
        uint64_t hn = d0 & vp;
        if (hp & last)
            score++;
        else if (hn & last)
            score--;
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = d0 & hp;
        pm_prev = pm;
        d0_prev = d0;
    }
    return score <= k ? score : big;
}

/* 1 when the longer of two words of 3 and 4 letters is the shorter with
 * "g" after its final "n" (Lin / Ling, Son / Song: other names). */
static int n_to_ng(const char *x, int lx, const char *y, int ly)
{
    const char *s = lx < ly ? x : y, *l = lx < ly ? y : x;
    return s[2] == 'n' && l[3] == 'g' && !memcmp(s, l, 3);
}

/* Edit similarity 1 - d / longer length of x and y when their distance d
 * is within the budget of the shorter; raises *best to it. */
static void fuzzy_sim(const char *x, int lx, const char *y, int ly,
                      double *best)
{
    int mn = lx < ly ? lx : ly, mx = lx < ly ? ly : lx;
    int k = edit_budget((size_t)mn);
    /* a letter left out of (or added to) a word of 4 letters: Petr / Etr,
     * Musa / Msa, Daud / Dau. Only so: a letter changed in a word of 3
     * is as often another name or firm (Nam / Sam, VTB / VEB). */
    if (mn == 3 && mx == 4 && !n_to_ng(x, lx, y, ly))
        k = 1;
    if (k <= 0 || mx - mn > k || mx > 64)
        return;
    int d = osa_bounded(x, lx, y, ly, k);
    double sim = 1.0 - (double)d / (double)mx;
    if (d <= k && sim > *best)
        *best = sim;
}

/* 1 when y is x with one letter written twice (x of at most 3 letters:
 * longer words reach each other by an edit). */
static int doubled_once(const char *x, int lx, const char *y, int ly)
{
    if (ly != lx + 1 || lx > 3)
        return 0;
    int i = 0;
    while (i < lx && x[i] == y[i])
        i++;
    return i > 0 && y[i] == y[i - 1] && !memcmp(x + i, y + i + 1, lx - i);
}

/* The next letter of x from *i on with the spellings of a sound that
 * English, French, German and Russian transliterations write apart made
 * one: oo and ou as u, ee as i, y after the first letter as i (Masood /
 * Masud, Qadeer / Qadir, Sulaiman / Sulayman, Tatiana / Tatyana) or,
 * between a vowel and e, left out (the Russian ye: Kolbayev / Kolbaev);
 * ph as f, gh as q (Bagheri / Baqeri), kh as h, dj and dzh as j (Djuma /
 * Dzhuma); the German tsch and the French tch as ch, the German sch as
 * sh and w as v (Kowaltschuk / Kovalchuk, Medwedew / Medvedev), ch and
 * sh staying apart (Darwich is not Darwish); and a doubled letter, the
 * Arabic shadda written or not, once (Assaad / Asad); 0 at the end.
 * *prev is the letter given before. */
static inline char next_spelt_letter(const char *x, int lx, int *i, char *prev)
{
    while (*i < lx) {
        int k = *i;
        char c = x[k], d = k + 1 < lx ? x[k + 1] : 0;
        char e = k + 2 < lx ? x[k + 2] : 0;
        int skip = 0; /* letters read beyond c */
        switch (c) {
        case 'o':
            if (d == 'o' || d == 'u')
                c = 'u', skip = 1;
            break;
        case 'e':
            if (d == 'e')
                c = 'i', skip = 1;
            break;
        case 'y':
            if (k > 0 && d == 'e' && strchr("aeiou", x[k - 1])) {
                (*i)++; /* the Russian ye after a vowel (Kolbayev) */
                continue;
            }
            if (k > 0)
                c = 'i';
            break;
        case 'p': /* ph gh kh */
        case 'g':
        case 'k':
            if (d == 'h')
                c = c == 'p' ? 'f' : c == 'g' ? 'q' : 'h', skip = 1;
            break;
        case 't': /* the German tsch, the French tch */
            if (d == 's' && e == 'c' && k + 3 < lx && x[k + 3] == 'h')
                c = 'C', skip = 3;
            else if (d == 'c' && e == 'h')
                c = 'C', skip = 2;
            break;
        case 'c':
            if (d == 'h')
                c = 'C', skip = 1;
            break;
        case 's': /* the German sch, and sh */
            if (d == 'c' && e == 'h')
                c = 'S', skip = 2;
            else if (d == 'h')
                c = 'S', skip = 1;
            break;
        case 'w': /* the German w */
            c = 'v';
            break;
        case 'd': /* dj dzh */
            if (d == 'j')
                c = 'j', skip = 1;
            else if (d == 'z' && e == 'h')
                c = 'j', skip = 2;
            break;
        default:
            break;
        }
        *i = k + 1 + skip;
        if (c != *prev)
            return *prev = c;
    }
    return 0;
}

/* 1 when the different words x and y, of 4 letters or more, are one
 * word in two transliterations (next_spelt_letter), compared
 * letter by letter until they part. */
static int same_spelling(const char *x, int lx, const char *y, int ly)
{
    if (lx < 4 || ly < 4)
        return 0;
    int i = 0, j = 0;
    char px = 0, py = 0;
    for (;;) {
        char a = next_spelt_letter(x, lx, &i, &px);
        char b = next_spelt_letter(y, ly, &j, &py);
        if (a != b)
            return 0;
        if (!a)
            return 1;
    }
}

/* 1 when query word a, as written or canonically, is a spelling of
 * listed word b with a letter doubled or written once (its family's too:
 * "llee" for lee, canonically li). */
static int doubled_spelling(const tokv *a, const tokv *b)
{
    /* the shorter spelling has 3 letters at most, the other one more */
    int amin = a->written && a->wlen < a->len ? a->wlen : a->len;
    int bmin = b->n_fam && b->fam_min < b->len ? b->fam_min : b->len;
    if (amin > 4 || bmin > 4 || (amin > 3 && bmin > 3))
        return 0;
    const char *as[2] = {a->s, a->written};
    int al[2] = {a->len, a->wlen};
    for (int i = 0; i < 2; i++) {
        if (!as[i] || al[i] > 4)
            continue;
        if (doubled_once(as[i], al[i], b->s, b->len) ||
            doubled_once(b->s, b->len, as[i], al[i]))
            return 1;
        /* a family spelling a letter longer or shorter, of 4 at most */
        if (!b->n_fam || b->fam_min > 4 || al[i] + 1 < b->fam_min ||
            al[i] > b->fam_max + 1)
            continue;
        for (uint32_t f = 0; f < b->n_fam; f++)
            if (doubled_once(as[i], al[i], b->fam[f], b->fam_len[f]) ||
                doubled_once(b->fam[f], b->fam_len[f], as[i], al[i]))
                return 1;
    }
    return 0;
}

/* 1 when query word a, canonically or as written, has the consonants of
 * listed word b (text_skeleton; text_skeleton_hebrew for a word read from
 * Hebrew script, text_skeleton_kana from katakana), SKELETON_MIN or more
 * of them. */
static int same_consonants(const tokv *a, const tokv *b)
{
    ix_skeleton_fn hash = ix_skeleton_of(a->flags);
    if (!hash)
        return 0;
    uint64_t hb = hash(b->s, b->len);
    return hb && (hash(a->s, a->len) == hb ||
                  (a->written && hash(a->written, a->wlen) == hb));
}

/* 1 when the long vowels query word a, read from Arabic script, writes
 * in one gap between consonants (TEXT_GAP_* bits) meet those listed word
 * b spells there: an alif a or e (any vowel at the start, where an alif
 * or ain carries the word's first vowel: "amr" / OMAR), a waw u, o or w,
 * a yeh i, e or y (and a at the end: the alif maqsura of Musa); two such
 * letters two vowels of b. The script writes a word's first and last
 * vowel, so b may begin or end with one only where a does, but for the
 * silent e of French spellings (ALOUCHE, AMINE). */
static int gap_vowels_meet(unsigned a, unsigned b, int first, int last)
{
    const unsigned vowels = TEXT_GAP_A | TEXT_GAP_E | TEXT_GAP_I |
                            TEXT_GAP_O | TEXT_GAP_U;
    const unsigned yeh = TEXT_GAP_I | TEXT_GAP_E | TEXT_GAP_Y;
    if ((a & TEXT_GAP_TWO) && !(b & TEXT_GAP_TWO))
        return 0;
    if ((a & TEXT_GAP_A) &&
        !(b & (first ? vowels : TEXT_GAP_A | TEXT_GAP_E)))
        return 0;
    if ((a & (TEXT_GAP_U | TEXT_GAP_O | TEXT_GAP_W)) &&
        !(b & (TEXT_GAP_U | TEXT_GAP_O | TEXT_GAP_W)))
        return 0;
    if ((a & yeh) && !(b & (last ? yeh | TEXT_GAP_A : yeh)))
        return 0;
    if (last && b == TEXT_GAP_E)
        return 1;
    return !((first || last) && (b & vowels) && !a);
}

/* The class of a word's last letter when it is a vowel, y or w (a, i for
 * i, e and y, u for u, o and w), a final h after one left out (Hamzah);
 * else 0. */
static char last_vowel(const char *s, int len)
{
    if (len > 1 && s[len - 1] == 'h' && strchr("aeiou", s[len - 2]))
        len--;
    switch (len > 0 ? s[len - 1] : 0) {
    case 'a': return 'a';
    case 'i': case 'e': case 'y': return 'i';
    case 'u': case 'o': case 'w': return 'u';
    default: return 0;
    }
}

/* 1 when query word a, read from Arabic script, canonically or as
 * written, and listed word b have the same consonants, SHORT_SKELETON_MIN
 * to SKELETON_MIN - 1 of them, too few to go by alone, the long vowels a
 * writes meet b's in their places (gap_vowels_meet), and a long vowel
 * ending a ends b too (an alif maqsura, y, may end b in a): حبو "hbw" /
 * HABBO, ربيع "rby" / RABI, سرور "srur" / SARWAR, يحيى "yhyy" / YAHYA,
 * but not "hbw" / HIBA, "rb" / RABI or رواء "rwa" / RAWI. Particles
 * (AL, BIN) are left to their own spellings. */
static int short_consonants(const tokv *a, const tokv *b)
{
    char kb[SHORT_SKELETON_LEN + 1], ka[SHORT_SKELETON_LEN + 1];
    uint8_t gb[SHORT_SKELETON_LEN + 2], ga[SHORT_SKELETON_LEN + 2];
    if (b->len > SHORT_SKELETON_LEN ||
        text_particle(b->s, b->len) || text_particle(a->s, a->len))
        return 0;
    size_t nb = text_skeleton_gaps(b->s, b->len, kb, sizeof kb, gb);
    if (nb < SHORT_SKELETON_MIN || nb >= SKELETON_MIN)
        return 0;
    char eb = last_vowel(b->s, b->len);
    for (int w = 0; w < 2; w++) {
        const char *s = w ? a->written : a->s;
        if (!s || (w ? a->wlen : a->len) > SHORT_SKELETON_LEN)
            continue;
        size_t n = text_skeleton_gaps(s, w ? a->wlen : a->len, ka, sizeof ka,
                                      ga);
        char ea = last_vowel(s, w ? a->wlen : a->len);
        if (n != nb || memcmp(ka, kb, n) ||
            (ea && ea != eb && !(ea == 'i' && eb == 'a')))
            continue;
        size_t g = 0;
        while (g <= n && gap_vowels_meet(ga[g], gb[g], g == 0, g == n))
            g++;
        if (g > n)
            return 1;
    }
    return 0;
}

/* The vowels of s[0..len) a Hebrew spelling may write, in classes: a; o
 * for o and u (vav); i for i, e and y after the first letter (yod, and
 * the ei of a final double yod). Into out (cap >= len + 1); the count. */
static int vowel_classes(const char *s, int len, char *out)
{
    int k = 0;
    for (int i = 0; i < len; i++) {
        char c = s[i];
        if (c == 'a')
            out[k++] = 'a';
        else if (c == 'o' || c == 'u')
            out[k++] = 'o';
        else if (c == 'i' || c == 'e' || (c == 'y' && i > 0))
            out[k++] = 'i';
    }
    return k;
}

/* 1 when x's vowels, in the classes `classes` writes, are among y's in
 * order. Words longer than VOWELS_MAX are not compared so. */
#define VOWELS_MAX 64
static int vowels_within(const tokv *x, const tokv *y,
                         int (*classes)(const char *, int, char *))
{
    char vx[VOWELS_MAX + 1], vy[VOWELS_MAX + 1];
    if (x->len > VOWELS_MAX || y->len > VOWELS_MAX)
        return 0;
    int nx = classes(x->s, x->len, vx);
    int ny = classes(y->s, y->len, vy);
    int j = 0;
    for (int i = 0; i < nx; i++) {
        while (j < ny && vy[j] != vx[i])
            j++;
        if (j++ == ny)
            return 0;
    }
    return 1;
}

/* 1 when the vowels query word a (read from Hebrew script) writes are
 * among listed word b's, in order: Hebrew leaves short vowels out but
 * writes the long ones, so "lvrov" (לברוב) is LAVROV and "srgei" SERGEI,
 * while "msha" (משה) is not MESH. */
static int hebrew_vowels_in(const tokv *a, const tokv *b)
{
    return vowels_within(a, b, vowel_classes);
}

/* 1 when query word a, read from Hebrew script, is listed word b but for
 * vav read as o where b has u ("yori" / YURI, "potin" / PUTIN), in no
 * more places than the edit budget (so that the index finds b). */
static int vav_as_u(const tokv *a, const tokv *b)
{
    if (a->len != b->len)
        return 0;
    int n = 0;
    for (int i = 0; i < a->len; i++) {
        if (a->s[i] == b->s[i])
            continue;
        if (a->s[i] != 'o' || b->s[i] != 'u')
            return 0;
        n++;
    }
    return n > 0 && n <= edit_budget(a->len);
}

/* The vowels of s[0..len): a, e, i, o, u, and y as i where it is no
 * consonant (after the first letter and not before a vowel). */
static int vowels_of(const char *s, int len, char *out)
{
    int k = 0;
    for (int i = 0; i < len; i++) {
        char c = s[i];
        if (c == 'y' && i > 0 && !(i + 1 < len && strchr("aeiou", s[i + 1])))
            c = 'i';
        if (c && strchr("aeiou", c))
            out[k++] = c;
    }
    return k;
}

/* 1 when the vowels of listed word b are among query word a's, in order.
 * a is read from katakana, which writes a vowel after every consonant,
 * so it holds the listed word's and more ("rabrof" / LAVROV, "kadirof" /
 * KADYROV), while a word of other vowels ("nesre", ネスレ / NASEER) is
 * another word. */
static int kana_vowels_in(const tokv *a, const tokv *b)
{
    return vowels_within(b, a, vowels_of);
}

int kana_cuts(const tokv *w, uint64_t *pre, uint64_t *suf)
{
    if (!(w->flags & TOK_KANA) || w->len > KANA_JOIN_LEN)
        return 0;
    for (int c = 1; c < w->len; c++) {
        pre[c] = ix_skeleton_hash_kana(w->s, (size_t)c);
        suf[c] = ix_skeleton_hash_kana(w->s + c, (size_t)(w->len - c));
    }
    return 1;
}

/* 1 when listed token t's vowels are among those of query token w's
 * letters from `at` on, `len` of them (kana_vowels_in). */
static int kana_part_vowels(const tokv *w, int at, int len, const tokv *t)
{
    tokv part = {.s = w->s + at, .len = (uint16_t)len};
    return kana_vowels_in(&part, t);
}

/* 1 when query word w, read from katakana, is listed words x then y
 * written as one, each part compared as one word read from katakana is
 * (same_consonants, kana_vowels_in): cut somewhere, the first part has
 * x's key and the rest y's; or x is the Arabic article and the rest after
 * "ar" or "al" has y's key. hx and hy are x's and y's key hashes, pre and
 * suf w's cuts' (kana_cuts). ガスプロムネフチ "gaspromnefchi" / GAZPROM
 * NEFT, アルカイダ "arkaida" / AL QA'IDA. */
static int kana_joined(const tokv *w, const uint64_t *pre,
                       const uint64_t *suf, const tokv *x, uint64_t hx,
                       const tokv *y, uint64_t hy)
{
    if (!hy)
        return 0;
    if (kana_article(x) && w->len > 2 && w->s[0] == 'a' &&
        (w->s[1] == 'r' || w->s[1] == 'l') && suf[2] == hy &&
        kana_part_vowels(w, 2, w->len - 2, y))
        return 1;
    if (!hx)
        return 0;
    for (int c = 1; c < w->len; c++)
        if (pre[c] == hx && suf[c] == hy && kana_part_vowels(w, 0, c, x) &&
            kana_part_vowels(w, c, w->len - c, y))
            return 1;
    return 0;
}

/* 1 when the different three-letter words x and y differ by two adjacent
 * letters swapped. */
static int swapped3(const char *x, const char *y)
{
    return (x[0] == y[1] && x[1] == y[0] && x[2] == y[2]) ||
           (x[0] == y[0] && x[1] == y[2] && x[2] == y[1]);
}

/* 1 when word t, as written or in a spelling of its family, starts with
 * letter c: "Y." is an initial of Yevgeniy, canonically evgeny. */
static int starts_with(const tokv *t, char c)
{
    if (t->s[0] == c || (t->written && t->written[0] == c))
        return 1;
    for (uint32_t f = 0; f < t->n_fam; f++)
        if (t->fam[f][0] == c)
            return 1;
    return 0;
}

/* 1 when t is one of the NULL-terminated names. */
static int among(const char *const *names, const tokv *t)
{
    for (int k = 0; k < TEXT_NICK_MAX && names[k]; k++)
        if (!strncmp(names[k], t->s, t->len) && names[k][t->len] == '\0')
            return 1;
    return 0;
}

/* 1 when a is a nickname of b or b of a, or both are nicknames of one
 * full name. */
static int nick_related(const tokv *a, const tokv *b)
{
    if ((a->nick && among(a->nick, b)) || (b->nick && among(b->nick, a)))
        return 1;
    if (!a->nick || !b->nick)
        return 0;
    for (int i = 0; i < TEXT_NICK_MAX && a->nick[i]; i++)
        for (int j = 0; j < TEXT_NICK_MAX && b->nick[j]; j++)
            if (!strcmp(a->nick[i], b->nick[j]))
                return 1;
    return 0;
}

/* The endings of a Russian adjective after its -sk- in the lists'
 * transliterations: amursky, amurskiy, amurskii, amurskij, amurski;
 * -skaya, -skaia, -skaja; -skoe, -skoye; -skogo; -skoi, -skoy. */
static const struct {
    char s[4];
    int len;
} place_endings[] = {
    {"aia", 3}, {"aja", 3}, {"aya", 3}, {"i", 1},  {"ii", 2},
    {"ij", 2},  {"iy", 2},  {"oe", 2},  {"ogo", 3}, {"oi", 2},
    {"oy", 2},  {"oye", 3}, {"y", 1},
};
#define PLACE_SUFFIX_MAX 5 /* "sk" and an ending */

int place_stems(const char *s, int len, int *stems)
{
    if (len < PLACE_STEM_MIN + 3)
        return 0;
    for (size_t k = 0; k < sizeof place_endings / sizeof place_endings[0];
         k++) {
        int le = place_endings[k].len;
        if (len < PLACE_STEM_MIN + 2 + le ||
            memcmp(s + len - le, place_endings[k].s, (size_t)le) ||
            s[len - le - 2] != 's' || s[len - le - 1] != 'k')
            continue;
        /* one ending at most follows the -sk-: the place without it and,
         * for a place in -sk (Novosibirsk), with it */
        stems[0] = len - le - 2;
        stems[1] = len - le;
        return 2;
    }
    return 0;
}

int place_token(unsigned flags, const char *s, int len)
{
    int st[2];
    return !(flags & (TOK_LEGAL | TOK_STOP | TOK_NUMBER | TOK_SYLLABLE)) &&
           place_stems(s, len, st) > 0;
}

/* 1 when one of x and y is the Russian adjective of the other, a place
 * (place_stems). */
static inline int place_adjective(const tokv *x, const tokv *y)
{
    const tokv *a = x->len > y->len ? x : y, *b = a == x ? y : x;
    int st[2], d = a->len - b->len;
    /* a is b and "sk" and an ending, or b ends in -sk and a is b and an
     * ending: first the letters that say so, then the rest */
    if (d < 1 || d > PLACE_SUFFIX_MAX || b->len < PLACE_STEM_MIN ||
        !((d >= 3 && a->s[b->len] == 's' && a->s[b->len + 1] == 'k') ||
          (d <= 3 && b->s[b->len - 1] == 'k' && b->s[b->len - 2] == 's')) ||
        memcmp(a->s, b->s, b->len))
        return 0;
    int n = place_stems(a->s, a->len, st);
    for (int k = 0; k < n; k++)
        if (st[k] == b->len)
            return 1;
    return 0;
}

double tok_sim(const tokv *a, const tokv *b, emb_match_how *how)
{
    const match_params *P = &match_params_v;
    *how = EMB_MATCH_NONE;
    if (a->len == b->len &&
        ((a->id != IX_NONE && a->id == b->id) ||
         memcmp(a->s, b->s, a->len) == 0)) {
        *how = ((a->flags | b->flags) & TOKF_MAPPED) ? EMB_MATCH_VARIANT
                                                      : EMB_MATCH_EXACT;
        return 1.0;
    }
    /* a syllable of a name written in Chinese characters, Hangul or kana
     * is romanised by rule, without typos: a syllable a letter away is
     * another name (qiang / liang, yong / song), and "u" (우) no initial */
    if ((a->flags | b->flags) & TOK_SYLLABLE)
        return 0.0;
    if ((a->len == 1 || b->len == 1) && !((a->flags | b->flags) & TOK_NUMBER)) {
        const tokv *ini = a->len == 1 ? a : b, *word = a->len == 1 ? b : a;
        char c = ini->s[0];
        if (word->len > 1 && c >= 'a' && c <= 'z' && starts_with(word, c)) {
            *how = EMB_MATCH_INITIAL;
            return P->sim_initial;
        }
        return 0.0;
    }
    if ((a->flags | b->flags) & TOK_NUMBER)
        return 0.0;
    /* two known given names of different families: Mahmoud is not
     * Muhammad, nor Hassan Hussein, however close their letters */
    if (a->flags & b->flags & TOKF_HEAD)
        return 0.0;
    double best = 0.0;
    fuzzy_sim(a->s, a->len, b->s, b->len, &best);
    /* each side as written too, and every spelling of either side's
     * family against the other side's (serei / sergei, which is
     * canonically sergey); no edits below 4 letters */
    if ((a->len < 4 && a->wlen < 4 && a->fam_max < 4) ||
        (b->len < 4 && b->wlen < 4 && b->fam_max < 4) ||
        (!a->written && !b->written && !a->n_fam && !b->n_fam))
        goto done;
    const char *as[2] = {a->s, a->written};
    const char *bs[2] = {b->s, b->written};
    int al[2] = {a->len, a->wlen}, bl[2] = {b->len, b->wlen};
    for (int i = 0; i < 2; i++) {
        if (!as[i])
            continue;
        for (int j = !i; j < 2; j++)
            if (bs[j])
                fuzzy_sim(as[i], al[i], bs[j], bl[j], &best);
        for (uint32_t f = 0; f < b->n_fam; f++)
            fuzzy_sim(as[i], al[i], b->fam[f], b->fam_len[f], &best);
    }
    for (uint32_t f = 0; f < a->n_fam; f++)
        for (int j = 0; j < 2; j++)
            if (bs[j])
                fuzzy_sim(a->fam[f], a->fam_len[f], bs[j], bl[j], &best);
done:
    /* a doubled letter in a word too short for edits (Jong-uun); the
     * deletion map holds these spellings, and the swaps below, for the
     * index */
    if (P->sim_doubled > best && doubled_spelling(a, b))
        best = P->sim_doubled;
    /* and two letters swapped in a word of three (sko / sok), at the edit
     * similarity of one edit; not in two-letter words (Oh / Ho) */
    if (best < 2.0 / 3 && a->len == 3 && b->len == 3 && swapped3(a->s, b->s))
        best = 2.0 / 3;
    if (best > 0)
        *how = EMB_MATCH_FUZZY;
    /* a place and its Russian adjective (AMUR / AMURSKY); name_score
     * takes it in names of anything but people (Petrov / Petrovsky) */
    if (((a->flags | b->flags) & TOKF_PLACE) && P->sim_adjective > best &&
        !((a->flags | b->flags) & (TOK_LEGAL | TOK_STOP)) &&
        place_adjective(a, b)) {
        best = P->sim_adjective;
        *how = EMB_MATCH_ADJECTIVE;
    }
    if (a->phon && a->phon == b->phon && P->sim_phonetic > best) {
        best = P->sim_phonetic;
        *how = EMB_MATCH_PHONETIC;
    }
    /* and, sounding alike, one word in two transliterations; the
     * phonetic map finds such pairs for the index */
    if (a->phon && a->phon == b->phon && P->sim_spelling > best &&
        same_spelling(a->s, a->len, b->s, b->len)) {
        best = P->sim_spelling;
        *how = EMB_MATCH_SPELLING;
    }
    /* a word of Arabic script, without short vowels (the query's),
     * against one with them: the same consonants (زيدان "zydan" /
     * Zidane) */
    if ((a->flags & TOK_ABJAD) && P->sim_consonants > best &&
        same_consonants(a, b)) {
        best = P->sim_consonants;
        *how = EMB_MATCH_CONSONANTS;
    } else if ((a->flags & TOK_ABJAD) && P->sim_short > best &&
               short_consonants(a, b)) {
        best = P->sim_short;
        *how = EMB_MATCH_CONSONANTS;
    }
    /* a word of Hebrew script, without short vowels, against one with
     * them: the same consonants, and its long vowels among the other's
     * (רמזאן "rmzan" / RAMZAN, קדירוב "kdirov" / KADYROV) */
    if ((a->flags & TOK_HEBREW) && P->sim_consonants > best &&
        same_consonants(a, b) && hebrew_vowels_in(a, b)) {
        best = P->sim_consonants;
        *how = EMB_MATCH_CONSONANTS;
    }
    /* a word read from katakana, with the vowels it adds, against the
     * listed word: the same consonants in katakana's classes, and the
     * listed vowels among its own (ラブロフ "rabrof" / LAVROV) */
    if ((a->flags & TOK_KANA) && P->sim_consonants > best &&
        same_consonants(a, b) && kana_vowels_in(a, b)) {
        best = P->sim_consonants;
        *how = EMB_MATCH_CONSONANTS;
    }
    /* and the same word but for its vav, o or u */
    if ((a->flags & TOK_HEBREW) && P->sim_spelling > best && vav_as_u(a, b)) {
        best = P->sim_spelling;
        *how = EMB_MATCH_SPELLING;
    }
    if ((a->nick || b->nick) && P->sim_nickname > best && nick_related(a, b)) {
        best = P->sim_nickname;
        *how = EMB_MATCH_NICKNAME;
    }
    return best;
}

/* 1 when whole is xs then ys. */
static int concat_of(const tokv *whole, const char *xs, int lx,
                     const char *ys, int ly)
{
    return whole->len == lx + ly && memcmp(whole->s, xs, (size_t)lx) == 0 &&
           memcmp(whole->s + lx, ys, (size_t)ly) == 0;
}

static int is_concat(const tokv *whole, const tokv *x, const tokv *y)
{
    return concat_of(whole, x->s, x->len, y->s, y->len);
}

void fuzzy_join_part(const char *part, int lp, const char *tok, int lt,
                     double *sim)
{
    *sim = 0.0;
    fuzzy_sim(part, lp, tok, lt, sim);
}

/* The edit similarity of rest (the part of a joined query token beyond
 * the exact listed token, whose other part has lo letters) to spelling sp
 * of the listed token, over the whole joined length. */
static void join_rest_one(const char *rest, int lr, const char *sp, int ls,
                          int lo, int lw, double *best)
{
    double sim = 0.0;
    fuzzy_sim(rest, lr, sp, ls, &sim);
    if (sim <= 0)
        return;
    int mx = lw > lo + ls ? lw : lo + ls, ml = lr > ls ? lr : ls;
    double v = 1.0 - (1.0 - sim) * (double)ml / (double)mx;
    if (v > *best)
        *best = v;
}

/* join_rest_one over listed token t's canonical spelling and each of its
 * family's ("huaweitechnologies" / "huawei" "technology"). */
static void join_rest(const char *rest, int lr, const tokv *t, int lo,
                      int lw, double *best)
{
    join_rest_one(rest, lr, t->s, t->len, lo, lw, best);
    for (uint32_t f = 0; f < t->n_fam; f++)
        join_rest_one(rest, lr, t->fam[f], t->fam_len[f], lo, lw, best);
}

/* 1 when s[0..len) is t in its canonical spelling or one of its
 * family's. */
static int spelt_as(const tokv *t, const char *s, int len)
{
    if (t->len == len && memcmp(t->s, s, (size_t)len) == 0)
        return 1;
    for (uint32_t f = 0; f < t->n_fam; f++)
        if (t->fam_len[f] == len && t->fam[f][0] == s[0] &&
            memcmp(t->fam[f], s, (size_t)len) == 0)
            return 1;
    return 0;
}

/* Similarity of query token w to listed tokens x y written as one word:
 * 1 when w is exactly x then y, each in any of its spellings; else, with
 * w starting with all of x (or ending with all of y), in its canonical
 * spelling or one of its family's, and at least JOIN_MIN letters each
 * side, the edit similarity of the rest of w to y (to x, each through its
 * family's spellings too) within the budget of the shorter, over the
 * whole length: "gennadiyandreevtch" / "gennadiy" "andreevich",
 * "volodymyrnodoviz" / "vladimir" (volodymyr) "nedoviz". 0 otherwise. */
double joined_sim(const tokv *w, const tokv *x, const tokv *y)
{
    if (is_concat(w, x, y))
        return 1.0;
    if ((w->flags | x->flags | y->flags) & (TOK_NUMBER | TOK_SYLLABLE))
        return 0.0;
    int lw = w->len;
    int x_first = may_start(x, w->s[0]), y_last = may_end(y, w->s[lw - 1]);
    int fuzzy = x->len >= JOIN_MIN && y->len >= JOIN_MIN;
    /* or after the Arabic article, however short ("alshamary" / "al"
     * "shammari") */
    int article = y->len >= JOIN_MIN && (x->flags & TOKF_PARTICLE) &&
                  text_article(x->s, x->len);
    double best = 0.0;
    /* w starting with a spelling of x (f == 0: the canonical one; f > 0:
     * family spelling f - 1): the rest is y exactly, in any spelling,
     * however short ("abumohammed" / "abu" "muhammad"), or within its
     * budget */
    for (uint32_t f = 0; x_first && f <= x->n_fam && best < 1.0; f++) {
        const char *sx = f ? x->fam[f - 1] : x->s;
        int lx = f ? x->fam_len[f - 1] : x->len;
        if (lx >= lw || sx[0] != w->s[0] || memcmp(w->s, sx, (size_t)lx))
            continue;
        const char *rest = w->s + lx;
        int lr = lw - lx;
        if (y_last && spelt_as(y, rest, lr))
            return 1.0;
        if ((article || (fuzzy && lx >= JOIN_MIN)) && lr >= JOIN_MIN)
            join_rest(rest, lr, y, lx, lw, &best);
    }
    if (!fuzzy)
        return best;
    for (uint32_t f = 0; y_last && f <= y->n_fam && best < 1.0; f++) {
        const char *sy = f ? y->fam[f - 1] : y->s;
        int ly = f ? y->fam_len[f - 1] : y->len;
        if (ly >= JOIN_MIN && lw - ly >= JOIN_MIN &&
            sy[ly - 1] == w->s[lw - 1] &&
            memcmp(w->s + lw - ly, sy, (size_t)ly) == 0)
            join_rest(w->s, lw - ly, x, ly, lw, &best);
    }
    return best;
}

/* The fewer and the more letters of query token t canonically and as
 * written. */
static int written_min(const tokv *t)
{
    return t->written && t->wlen < t->len ? t->wlen : t->len;
}

static int written_max(const tokv *t)
{
    return t->written && t->wlen > t->len ? t->wlen : t->len;
}

/* 1 when x then y, each canonically or as written, is a spelling of
 * w's family ("Abd Allah" / ABDULLAH: abdallah). */
static int concat_spelt(const tokv *w, const tokv *x, const tokv *y)
{
    const char *xs[2] = {x->s, x->written}, *ys[2] = {y->s, y->written};
    int xl[2] = {x->len, x->wlen}, yl[2] = {y->len, y->wlen};
    char buf[64];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            if (!xs[i] || !ys[j] || xl[i] + yl[j] > (int)sizeof buf ||
                xl[i] + yl[j] < w->fam_min || xl[i] + yl[j] > w->fam_max ||
                !may_start(w, xs[i][0]) || !may_end(w, ys[j][yl[j] - 1]))
                continue;
            memcpy(buf, xs[i], (size_t)xl[i]);
            memcpy(buf + xl[i], ys[j], (size_t)yl[j]);
            if (spelt_as(w, buf, xl[i] + yl[j]))
                return 1;
        }
    return 0;
}

/* 1 when x then y, two words of Arabic script each as written or
 * canonically, have the consonants of w, SPLIT_SKELETON_MIN or more
 * (حزب الله "hzb allah" / HIZBALLAH); SKELETON_MIN when y is Allah and w
 * ends as Allah does, in -la or -lah (مطيع الله "mty allah" / MATIULLAH,
 * not MATILI). */
static int concat_consonants(const tokv *w, const tokv *x, const tokv *y)
{
    int allah = is_allah(y->s, y->len) && w->len >= 4 &&
                (!memcmp(w->s + w->len - 2, "la", 2) ||
                 !memcmp(w->s + w->len - 3, "lah", 3));
    uint64_t (*hash)(const char *, size_t) =
        allah ? ix_skeleton_hash : ix_split_skeleton_hash;
    uint64_t hw = hash(w->s, w->len);
    char buf[2 * TEXT_BUF];
    for (int k = 0; hw && k < 4; k++) {
        int l = split_spelling(x, y, k, buf);
        if (l > 0 && hash(buf, (size_t)l) == hw)
            return 1;
    }
    return 0;
}

/* split_sim of the Arabic article x and query token y against listed
 * token w, which starts with x: the edit similarity of y to the rest of
 * w within the budget of the shorter, over the whole length ("al"
 * "shamary" / ALSHAMARI), or sim_spelling when the two written as one are
 * w in another transliteration, sounding alike ("al" "shamary" /
 * ALSHAMMARI: the phonetic map finds it for the index). */
static double article_split_sim(const tokv *x, const tokv *y, const tokv *w)
{
    int lc = x->len + y->len, lr = w->len - x->len;
    if (lr < JOIN_MIN || memcmp(w->s, x->s, (size_t)x->len))
        return 0.0;
    double best = 0.0, sim = 0.0;
    fuzzy_sim(y->s, y->len, w->s + x->len, lr, &sim);
    if (sim > 0) {
        int mx = lc > w->len ? lc : w->len, ml = y->len > lr ? y->len : lr;
        best = 1.0 - (1.0 - sim) * (double)ml / (double)mx;
    }
    char buf[64];
    memcpy(buf, x->s, (size_t)x->len);
    memcpy(buf + x->len, y->s, (size_t)y->len);
    /* w's key computed here: w->phon is set only where tok_sim needed
     * it, and the same pair must score alike wherever it is met */
    if (match_params_v.sim_spelling > best &&
        same_spelling(buf, lc, w->s, w->len)) {
        uint64_t wp = ix_phon_hash(w->s, w->len);
        if (wp && ix_phon_hash(buf, (size_t)lc) == wp)
            best = match_params_v.sim_spelling;
    }
    return best;
}

/* Similarity of adjacent query tokens x y to listed token w, the two
 * written as one word: 1 when exact, each part canonically or as written
 * ("Petro China" / PETROCHINA: petro is canonically pyotr), w in any
 * spelling of its family; two words of Arabic script with w's consonants
 * (concat_consonants) score sim_consonants; else, when x and y have at
 * least JOIN_MIN letters each, their edit similarity joined to w within
 * SPLIT_BUDGET edits ("Rosoboron Exprt" / ROSOBORONEXPORT); after the
 * Arabic article, article_split_sim. */
double split_sim(const tokv *x, const tokv *y, const tokv *w)
{
    if (is_concat(w, x, y) ||
        (x->written && concat_of(w, x->written, x->wlen, y->s, y->len)) ||
        (y->written && concat_of(w, x->s, x->len, y->written, y->wlen)) ||
        (x->written && y->written &&
         concat_of(w, x->written, x->wlen, y->written, y->wlen)) ||
        (w->n_fam && concat_spelt(w, x, y)))
        return 1.0;
    if ((x->flags & y->flags & TOK_ABJAD) &&
        written_min(x) + written_min(y) <= w->len + SPLIT_BUDGET &&
        concat_consonants(w, x, y))
        return match_params_v.sim_consonants;
    int lc = x->len + y->len;
    if ((w->flags | x->flags | y->flags) & (TOK_NUMBER | TOK_SYLLABLE) ||
        lc > 64 || y->len < JOIN_MIN)
        return 0.0;
    if (x->len < JOIN_MIN)
        return (x->flags & TOKF_PARTICLE) && text_article(x->s, x->len)
                   ? article_split_sim(x, y, w)
                   : 0.0;
    char buf[64];
    memcpy(buf, x->s, x->len);
    memcpy(buf + x->len, y->s, y->len);
    if (abs(lc - w->len) > SPLIT_BUDGET)
        return 0.0;
    int mx = lc > w->len ? lc : w->len;
    int d = osa_bounded(buf, lc, w->s, w->len, SPLIT_BUDGET);
    return d <= SPLIT_BUDGET ? 1.0 - (double)d / (double)mx : 0.0;
}

double particle_consonant_sim(const tokv *w, const tokv *x, const tokv *m,
                              const tokv *z)
{
    if (!(x->flags & z->flags & TOK_ABJAD) || !text_particle(m->s, m->len))
        return 0.0;
    uint64_t hw = ix_split_skeleton_hash(w->s, w->len);
    char buf[3 * TEXT_BUF];
    for (int k = 0; hw && k < 8; k++) {
        int l = particle_spelling(x, k & 4 ? m : NULL, z, k & 3, buf);
        if (l > 0 && ix_split_skeleton_hash(buf, (size_t)l) == hw)
            return match_params_v.sim_consonants;
    }
    return 0.0;
}

/* Similarity of token w to tokens x m z of the other name, m a name
 * particle written into the word or left out: 1 when w is x, m, z
 * joined ("vanderbilt" / "van der bilt", "delacruz" / "de la cruz");
 * SKIP_SIM when m is left out, or when m is the Arabic article and w
 * has it in another assimilation or as a bare vowel ("saifuddin" / "saif
 * al din", "nurudin" / "nur al din"); 0 otherwise. */
double particle_join_sim(const tokv *w, const tokv *x, const tokv *m,
                         const tokv *z)
{
    if (((w->flags | x->flags | z->flags) & TOK_NUMBER) || x->len < 2 ||
        z->len < 2 || !text_particle(m->s, m->len))
        return 0.0;
    int ml = w->len - x->len - z->len;
    if (ml < 0 || ml > PARTICLE_MAX || memcmp(w->s, x->s, x->len) ||
        memcmp(w->s + w->len - z->len, z->s, z->len))
        return 0.0;
    const char *mid = w->s + x->len;
    if (ml == m->len && !memcmp(mid, m->s, (size_t)ml))
        return 1.0;
    if (ml == 0 ||
        (text_article(m->s, m->len) &&
         (text_article(mid, (size_t)ml) ||
          (ml == 1 && strchr("aeiu", mid[0])))))
        return SKIP_SIM;
    return 0.0;
}

/* 1 when query tokens a b and listed tokens x y are the same letters
 * divided at another place, at most REGROUP_SHIFT letters away ("myongc
 * hin" / "myong chin"). */
int regrouped(const tokv *a, const tokv *b, const tokv *x, const tokv *y)
{
    if (a->len + b->len != x->len + y->len || a->len == x->len ||
        abs(a->len - x->len) > REGROUP_SHIFT)
        return 0;
    const tokv *s1 = a->len < x->len ? a : x, *l1 = a->len < x->len ? x : a;
    const tokv *s2 = a->len < x->len ? b : y, *l2 = a->len < x->len ? y : b;
    /* s1 is a prefix of l1; the rest of l1 then s2... is l2 */
    int rest = l1->len - s1->len;
    return memcmp(l1->s, s1->s, s1->len) == 0 &&
           memcmp(l1->s + s1->len, s2->s, (size_t)rest) == 0 &&
           memcmp(s2->s + rest, l2->s, l2->len) == 0;
}

/* 1 when t is a patronymic connector: the token after it names the
 * father ("Omar bin Abdullah"). */
static int connector(const tokv *t)
{
    switch (t->len) {
    case 3:
        return !memcmp(t->s, "bin", 3) || !memcmp(t->s, "ibn", 3) ||
               !memcmp(t->s, "ben", 3) || !memcmp(t->s, "bte", 3);
    case 4:
        return !memcmp(t->s, "bint", 4) || !memcmp(t->s, "ould", 4);
    case 5:
        return !memcmp(t->s, "binti", 5);
    }
    return 0;
}

/* lineage[i] = 1 when token i of t names an ancestor: it follows a
 * connector (articles between do not count: "ben al mekki"). Returns 1
 * when t has a connector before its last token. */
static int lineage(const tokv *t, int n, uint8_t *anc)
{
    int any = 0;
    for (int i = 0; i < n; i++) {
        int k = i;
        while (--k >= 0 && !connector(&t[k]) && (t[k].flags & TOK_STOP))
            ;
        anc[i] = k >= 0 && connector(&t[k]) && !connector(&t[i]);
        any |= anc[i];
    }
    return any;
}

int compound_initials(const tokv *t)
{
    if (t->len < 2 || t->len > 3 ||
        (t->flags & (TOK_LEGAL | TOK_STOP | TOK_NUMBER | TOKF_MAPPED)))
        return 0;
    int vowel = 0;
    for (int k = 0; k < t->len; k++) {
        char c = t->s[k];
        if (c < 'a' || c > 'z')
            return 0;
        vowel |= strchr("aeiouy", c) != NULL;
    }
    /* a legal form wherever it stands ("S.A. (Panama)", "S.A. de C.V.
     * Mexico") is no one's initials */
    if (lex_find(&legal_words, t->s))
        return 0;
    if (t->flags & TOK_DOTTED)
        return t->len;
    /* undotted: two consonants that are no listed word, and not the
     * Cantonese surname Ng */
    return t->len == 2 && !vowel && t->id == IX_NONE &&
                   memcmp(t->s, "ng", 2)
               ? 2
               : 0;
}

int content_token(const tokv *t)
{
    if (t->flags & (TOK_LEGAL | TOK_STOP))
        return 0;
    return !(t->len == 1 && t->s[0] >= 'a' && t->s[0] <= 'z');
}

#define ACRO_LAST 1e6f /* below any gain */

int acro_token(unsigned flags, int len, const char *s)
{
    if (len < ACRO_MIN || len > ACRO_MAX ||
        (flags & (TOK_LEGAL | TOK_STOP | TOK_NUMBER | TOK_SYLLABLE |
                  TOKF_MAPPED)))
        return 0;
    for (int k = 0; k < len; k++)
        if (s[k] < 'a' || s[k] > 'z')
            return 0;
    return 1;
}

int acro_part(const tokv *t)
{
    if (t->flags & TOK_STOP)
        return 0;
    if ((t->flags & (TOK_NUMBER | TOK_SYLLABLE)) || t->len < 2 ||
        t->ini < 'a' || t->ini > 'z')
        return -1;
    return 1;
}

int acro_letters(const tokv *t, int n, int j, char *letters, int *end)
{
    int got = 0;
    if (j >= n || acro_part(&t[j]) != 1)
        return 0;
    for (int m = j; m < n && m < j + ACRO_SPAN && got < ACRO_MAX; m++) {
        int part = acro_part(&t[m]);
        if (part < 0)
            break;
        if (part == 0)
            continue;
        letters[got] = t[m].ini;
        end[got++] = m;
    }
    return got;
}

int acro_run(const tokv *t, int n, int j, const char *letters, int k)
{
    char got[ACRO_MAX];
    int end[ACRO_MAX];
    int g = acro_letters(t, n, j, got, end);
    return g >= k && !memcmp(got, letters, (size_t)k) ? end[k - 1] : -1;
}

int self_acro(const tokv *t, int n, int j, int *from, int *to)
{
    if (!acro_token(t[j].flags, t[j].len, t[j].s))
        return 0;
    for (int k = 0; k < n; k++) {
        if (k == j || t[k].ini != t[j].s[0])
            continue;
        int e = acro_run(t, n, k, t[j].s, t[j].len);
        if (e >= 0 && (j < k || j > e)) {
            *from = k;
            *to = e;
            return 1;
        }
    }
    return 0;
}

/* A name written with its own acronym ("DAEDONG CREDIT BANK (DCB)",
 * self_acro: the acronym at j, its words from..to): when the acronym
 * aligned and none of its words did, each word takes the acronym's
 * similarity; when every word aligned and the acronym did not, it takes
 * the least of theirs. Into cover (per token, -1 when none). */
static void cover_self_acro(const tokv *t, const int16_t *to,
                            const align_pair *pp, int j, int from, int upto,
                            float *cover)
{
    int all = 1, none = 1;
    float least = 1;
    for (int m = from; m <= upto; m++) {
        if (acro_part(&t[m]) != 1)
            continue;
        if (to[m] >= 0) {
            none = 0;
            if (pp[to[m]].sim < least)
                least = pp[to[m]].sim;
        } else {
            all = 0;
        }
    }
    if (to[j] >= 0 && none) {
        for (int m = from; m <= upto; m++)
            if (acro_part(&t[m]) == 1)
                cover[m] = pp[to[j]].sim;
    } else if (to[j] < 0 && all) {
        cover[j] = least;
    }
}

/* Fills p: query tokens qi (and qi2) aligned with listed tokens nj (and
 * nj2), -1 where unused; gain = sim x the weight of every token in it. */
static void add_pair(align_pair *p, const tokv *q, const tokv *n, int qi,
                     int qi2, int nj, int nj2, emb_match_how how, double sim)
{
    double w = q[qi].w + n[nj].w + (qi2 >= 0 ? q[qi2].w : 0) +
               (nj2 >= 0 ? n[nj2].w : 0);
    p->qi = (int8_t)qi;
    p->qi2 = (int8_t)qi2;
    p->nj = (int8_t)nj;
    p->nj2 = (int8_t)nj2;
    p->how = how;
    p->whole = 0;
    p->sim = (float)sim;
    p->gain = (float)(sim * w);
}

/* Fills p: query tokens qi..qi2 aligned with listed tokens nj..nj2 at
 * similarity sim, every token between included (one side a single
 * token). */
static void add_run(align_pair *p, const tokv *q, const tokv *n, int qi,
                    int qi2, int nj, int nj2, emb_match_how how, double sim)
{
    double w = 0;
    for (int i = qi; i <= qi2; i++)
        w += q[i].w;
    for (int j = nj; j <= nj2; j++)
        w += n[j].w;
    p->qi = (int8_t)qi;
    p->qi2 = (int8_t)(qi2 > qi ? qi2 : -1);
    p->nj = (int8_t)nj;
    p->nj2 = (int8_t)(nj2 > nj ? nj2 : -1);
    p->how = how;
    p->whole = 1;
    p->sim = (float)sim;
    p->gain = (float)(sim * w);
}

/* How many tokens, 3 to RUN_MAX, starting at x (avail of them) are w
 * written as one, each part of 2 to RUN_PART_MAX letters; 0 when none.
 * Parts are spelt canonically or, by `spell`, each in one of its
 * family's spellings (RUN_FAMILY: listed parts, "nationaliranianoil" /
 * national iran oil, iranian being a spelling of iran) or as written
 * (RUN_WRITTEN: query parts, tejarat for trading); k parts of x end at
 * letter `at` of w. */
enum { RUN_CANONICAL, RUN_FAMILY, RUN_WRITTEN };
static int run_from(const tokv *w, int at, const tokv *x, int k, int avail,
                    int spell)
{
    if (k >= avail || k >= RUN_MAX)
        return 0;
    const tokv *p = &x[k];
    uint32_t n_sp = 1 + (spell == RUN_FAMILY    ? p->n_fam
                         : spell == RUN_WRITTEN ? (p->written != NULL)
                                                : 0);
    for (uint32_t f = 0; f < n_sp; f++) {
        const char *sp = !f                    ? p->s
                         : spell == RUN_FAMILY ? p->fam[f - 1]
                                               : p->written;
        int lp = !f                    ? p->len
                 : spell == RUN_FAMILY ? p->fam_len[f - 1]
                                       : p->wlen;
        if (lp < 2 || lp > RUN_PART_MAX || at + lp > w->len ||
            sp[0] != w->s[at] || memcmp(w->s + at, sp, (size_t)lp))
            continue;
        if (at + lp == w->len) {
            if (k >= 2)
                return k + 1;
            continue;
        }
        int r = run_from(w, at + lp, x, k + 1, avail, spell);
        if (r)
            return r;
    }
    return 0;
}

static int run_concat(const tokv *w, const tokv *x, int avail, int spell)
{
    return run_from(w, 0, x, 0, avail, spell);
}

/* 1 when every token of pair p is still free. */
static int pair_free(const align_scratch *sc, const align_pair *p)
{
    if (sc->q_to[p->qi] >= 0 || sc->n_to[p->nj] >= 0 ||
        (p->qi2 >= 0 && sc->q_to[p->qi2] >= 0) ||
        (p->nj2 >= 0 && sc->n_to[p->nj2] >= 0))
        return 0;
    if (p->whole) /* the tokens between (a run: one side has them) */
        for (int i = p->qi + 1; i < p->qi2; i++)
            if (sc->q_to[i] >= 0)
                return 0;
    if (p->whole)
        for (int j = p->nj + 1; j < p->nj2; j++)
            if (sc->n_to[j] >= 0)
                return 0;
    return 1;
}

/* Gives pair `at` its tokens. */
static void pair_take(align_scratch *sc, const align_pair *p, int at)
{
    int q2 = p->qi2 >= 0 ? p->qi2 : p->qi, n2 = p->nj2 >= 0 ? p->nj2 : p->nj;
    sc->q_to[p->qi] = sc->q_to[q2] = (int16_t)at;
    sc->n_to[p->nj] = sc->n_to[n2] = (int16_t)at;
    for (int i = p->qi + 1; p->whole && i < q2; i++)
        sc->q_to[i] = (int16_t)at;
    for (int j = p->nj + 1; p->whole && j < n2; j++)
        sc->n_to[j] = (int16_t)at;
}

static uint64_t len_bit(int l)
{
    return l < 64 ? 1ULL << l : 0;
}

static int first_slot(char c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' : 26;
}

/* The fewest and the most letters a spelling of listed token t has (its
 * canonical one or its family's). */
static int spell_min(const tokv *t)
{
    return t->fam_min && t->fam_min < t->len ? t->fam_min : t->len;
}

static int spell_max(const tokv *t)
{
    return t->fam_max > t->len ? t->fam_max : t->len;
}

/* sc->qlf of every letter a spelling of listed token t may start with. */
static uint64_t spell_starts(const align_scratch *sc, const tokv *t)
{
    uint64_t m = 0;
    uint32_t first = (uint32_t)(t->ends & 0x7fffffeu); /* bits 1-26: a-z */
    while (first) {
        int b = __builtin_ctz(first);
        m |= sc->qlf[b - 1];
        first &= first - 1;
    }
    return m;
}

void align_query(align_scratch *sc, const tokv *q, int nq)
{
    sc->q_lineage = lineage(q, nq, sc->anc_q);
    memset(sc->qlf, 0, sizeof sc->qlf);
    sc->q_acro = 0;
    sc->qa_n = 0;
    sc->q_self = sc->q_self_all = 0;
    sc->kj_n = 0;
    for (int i = 0; i < nq; i++) {
        int from, to;
        sc->kj_slot[i] = -1;
        if (sc->kj_n < KANA_JOIN_WORDS &&
            kana_cuts(&q[i], sc->kj_pre[sc->kj_n], sc->kj_suf[sc->kj_n]))
            sc->kj_slot[i] = (int8_t)sc->kj_n++;
        if (acro_token(q[i].flags, q[i].len, q[i].s))
            sc->q_acro |= 1ULL << i;
        if ((sc->q_acro >> i & 1) && self_acro(q, nq, i, &from, &to)) {
            sc->q_self |= 1ULL << i;
            sc->qs_from[i] = (int8_t)from;
            sc->qs_to[i] = (int8_t)to;
            sc->qs_words[i] = 0;
            for (int m = from; m <= to; m++)
                if (acro_part(&q[m]) == 1)
                    sc->qs_words[i] |= 1ULL << m;
            sc->q_self_all |= sc->qs_words[i] | 1ULL << i;
        }
        /* the runs of words from i */
        char letters[ACRO_MAX];
        int end[ACRO_MAX];
        int got = acro_letters(q, nq, i, letters, end);
        for (int k = ACRO_MIN; k <= got; k++) {
            int r = sc->qa_n++;
            sc->qa_from[r] = (int8_t)i;
            sc->qa_to[r] = (int8_t)end[k - 1];
            sc->qa_len[r] = (uint8_t)k;
            memcpy(sc->qa_letters[r], letters, (size_t)k);
        }
        sc->qlf[first_slot(q[i].s[0])] |= len_bit(q[i].len);
        /* the lengths of the runs of 3 and 4 from i, each word
         * canonically or as written */
        int *r = sc->qrun[i];
        r[0] = r[1] = r[2] = r[3] = 0;
        if (i + 2 < nq) {
            for (int k = 0; k < 3; k++) {
                r[0] += written_min(&q[i + k]);
                r[1] += written_max(&q[i + k]);
            }
            if (i + 3 < nq) {
                r[2] = r[0] + written_min(&q[i + 3]);
                r[3] = r[1] + written_max(&q[i + 3]);
            }
        }
    }
}

/* 1 when mask (bit l: a token of l letters) has a length in [lo, hi]. */
static int lens_in(uint64_t mask, int lo, int hi)
{
    if (lo <= 0 || lo > 63)
        return 0;
    if (hi > 63)
        hi = 63;
    uint64_t span = hi - lo >= 63 ? ~0ULL : ((1ULL << (hi - lo + 1)) - 1);
    return (mask >> lo & span) != 0;
}

/* joined_sim of query token w against listed tokens x y (*js) and y x
 * (*jr), when w's length is within reach of theirs (lmin to lmax, the
 * joined lengths their spellings make) and one part may be exact: w
 * starts with a spelling of the first or ends with one of the second;
 * else 0, with both left unset. */
static inline int latin_joined(const tokv *w, const tokv *x, const tokv *y,
                               int lmin, int lmax, double *js, double *jr)
{
    if (w->len > lmax + 2 || w->len + 2 < lmin)
        return 0;
    char w0 = w->s[0], wl = w->s[w->len - 1];
    int fwd = may_start(x, w0) || may_end(y, wl);
    /* the other way round too, but for two words of two letters, whose
     * reversal makes chance words (LIMA for MA LI) */
    int rev = (x->len > 2 || y->len > 2) &&
              (may_start(y, w0) || may_end(x, wl));
    if (!fwd && !rev)
        return 0;
    *js = fwd ? joined_sim(w, x, y) : 0.0;
    *jr = rev ? joined_sim(w, y, x) : 0.0;
    return 1;
}

/* Adds the pair of query token i joined from listed tokens j and j + 1,
 * in the order the query joined them (js: j then j + 1; jr: reversed),
 * when either is similar. */
static inline void add_joined(align_pair *pp, int *np, const tokv *q,
                              const tokv *n, int i, int j, double js,
                              double jr)
{
    if (jr > js)
        add_pair(&pp[(*np)++], q, n, i, -1, j + 1, j, EMB_MATCH_JOINED, jr);
    else if (js > 0)
        add_pair(&pp[(*np)++], q, n, i, -1, j, j + 1, EMB_MATCH_JOINED, js);
}

/* The joins of listed tokens j and j + 1 with the query's words, of a
 * query holding words read from katakana (sc->kj_slot): as any words are
 * joined (latin_joined), and such a word by its katakana keys too
 * (kana_joined), the better. Returns the pair count. */
static int kana_joins(const align_scratch *sc, const tokv *q, int nq,
                      const tokv *n, int j, int lmin, int lmax,
                      align_pair *pp, int np)
{
    const tokv *x = &n[j], *y = &n[j + 1];
    uint64_t hx = ix_skeleton_hash_kana(x->s, x->len);
    uint64_t hy = ix_skeleton_hash_kana(y->s, y->len);
    double sk = match_params_v.sim_consonants;
    for (int i = 0; i < nq; i++) {
        double js = 0.0, jr = 0.0;
        latin_joined(&q[i], x, y, lmin, lmax, &js, &jr);
        int k = sc->kj_slot[i];
        if (k < 0) {
            add_joined(pp, &np, q, n, i, j, js, jr);
            continue;
        }
        const uint64_t *pre = sc->kj_pre[k], *suf = sc->kj_suf[k];
        if (sk > js && kana_joined(&q[i], pre, suf, x, hx, y, hy))
            js = sk;
        if (sk > jr && kana_joined(&q[i], pre, suf, y, hy, x, hx))
            jr = sk;
        add_joined(pp, &np, q, n, i, j, js, jr);
    }
    return np;
}

double name_score(const tokv *q, int nq, const tokv *n, int nn,
                  const float *sim, const uint8_t *hows, emb_kind kind,
                  align_scratch *sc)
{
    const struct kind_params *P = &match_params_v.kp[kp_slot(kind)];
    align_pair *pp = sc->pairs;
    int np = 0;
    for (int i = 0; i < nq; i++)
        for (int j = 0; j < nn; j++) {
            emb_match_how how;
            double s;
            if (sim) {
                s = sim[i * nn + j];
                how = (emb_match_how)hows[i * nn + j];
            } else {
                s = tok_sim(&q[i], &n[j], &how);
            }
            if (s > 0.0)
                add_pair(&pp[np++], q, n, i, -1, j, -1, how, s);
        }
    /* a place's adjective is no person's surname (Petrov / Petrovsky); a
     * letter of a vessel's name no initial of a word (MARIA E is no Maria
     * Engman) */
    if (kind == EMB_KIND_PERSON || kind == EMB_KIND_VESSEL) {
        emb_match_how drop = kind == EMB_KIND_PERSON ? EMB_MATCH_ADJECTIVE
                                                     : EMB_MATCH_INITIAL;
        int kept = 0;
        for (int k = 0; k < np; k++)
            if (pp[k].how != drop)
                pp[kept++] = pp[k];
        np = kept;
    }
    /* two adjacent listed words written as one, in either order
     * ("khamisghadaffi" / "GHADAFFI, Khamis"), as words may come in any
     * order; a word read from katakana by their katakana keys too
     * (kana_joins) */
    const int kana = sc->kj_n > 0;
    for (int j = 0; j + 1 < nn; j++) {
        /* the joined lengths a family spelling of either can make */
        int lmax = (n[j].fam_max > n[j].len ? n[j].fam_max : n[j].len) +
                   (n[j + 1].fam_max > n[j + 1].len ? n[j + 1].fam_max
                                                    : n[j + 1].len);
        int lmin = (n[j].fam_min && n[j].fam_min < n[j].len ? n[j].fam_min
                                                          : n[j].len) +
                   (n[j + 1].fam_min && n[j + 1].fam_min < n[j + 1].len
                        ? n[j + 1].fam_min
                        : n[j + 1].len);
        const tokv *x = &n[j], *y = &n[j + 1];
        if (kana) { /* the query holds words read from katakana */
            np = kana_joins(sc, q, nq, n, j, lmin, lmax, pp, np);
            continue;
        }
        for (int i = 0; i < nq; i++) {
            double js, jr;
            if (latin_joined(&q[i], x, y, lmin, lmax, &js, &jr))
                add_joined(pp, &np, q, n, i, j, js, jr);
        }
    }
    /* a query token that stands for initials ("J.C.", "R.A.") against the
     * adjacent listed words they start, each a word of 2 letters or more;
     * people's names only (a company's "S. de R.L." is no one's initials) */
    int person = kind == EMB_KIND_PERSON || kind == EMB_KIND_UNKNOWN;
    for (int i = 0; person && i < nq; i++) {
        int k = q[i].initials;
        for (int j = 0; k && j + k <= nn; j++) {
            int m = 0;
            while (m < k && n[j + m].len >= 2 && content_token(&n[j + m]) &&
                   starts_with(&n[j + m], q[i].s[m]))
                m++;
            if (m == k)
                add_run(&pp[np++], q, n, i, i, j, j + k - 1,
                        EMB_MATCH_INITIAL, match_params_v.sim_initial);
        }
    }
    for (int i = 0; i + 1 < nq; i++) {
        /* the pair's length, each part canonically or as written */
        int ls = written_min(&q[i]) + written_min(&q[i + 1]);
        int lt = written_max(&q[i]) + written_max(&q[i + 1]);
        /* written without short vowels, shorter than the listed word */
        if (q[i].flags & q[i + 1].flags & TOK_ABJAD)
            lt += ABJAD_VOWELS_MAX;
        for (int j = 0; j < nn; j++) {
            if (ls > n[j].len + SPLIT_SLACK || lt + SPLIT_SLACK < n[j].len)
                continue;
            double ss = split_sim(&q[i], &q[i + 1], &n[j]);
            if (ss > 0)
                add_pair(&pp[np++], q, n, i, i + 1, j, -1, EMB_MATCH_SPLIT,
                         ss);
        }
    }
    /* joined or split around a name particle (the particle itself stays
     * unaligned: a stop word, it costs little), and runs of three or four
     * written as one ("chongchongang" / "chong chon gang"), exactly;
     * sc->qlf (query token lengths by first letter) skips the listed
     * tokens no query token can be joined from */
    for (int j = 0; j + 2 < nn; j++) {
        uint64_t m = sc->qlf[first_slot(n[j].s[0])];
        if (m && (n[j + 1].flags & TOKF_PARTICLE)) {
            int lo = n[j].len + n[j + 2].len;
            for (int i = 0; i < nq && lens_in(m, lo, lo + PARTICLE_MAX); i++) {
                if (q[i].len < lo || q[i].len > lo + PARTICLE_MAX ||
                    q[i].s[0] != n[j].s[0])
                    continue;
                double ps =
                    particle_join_sim(&q[i], &n[j], &n[j + 1], &n[j + 2]);
                if (ps > 0)
                    add_pair(&pp[np++], q, n, i, -1, j, j + 2,
                             EMB_MATCH_JOINED, ps);
            }
        }
        /* the query tokens starting with a letter the run's first word
         * may start with, and the lengths the run's spellings make */
        uint64_t mr = n[j].n_fam ? m | spell_starts(sc, &n[j]) : m;
        if (!mr)
            continue;
        int lo3 = 0, hi3 = 0, lo4 = 0, hi4 = 0;
        for (int k = 0; k < 3; k++) {
            lo3 += spell_min(&n[j + k]);
            hi3 += spell_max(&n[j + k]);
        }
        if (j + 3 < nn) {
            lo4 = lo3 + spell_min(&n[j + 3]);
            hi4 = hi3 + spell_max(&n[j + 3]);
        }
        if (!lens_in(mr, lo3, hi3) && !(lo4 && lens_in(mr, lo4, hi4)))
            continue;
        for (int i = 0; i < nq; i++) {
            int k, l = q[i].len;
            if (((l >= lo3 && l <= hi3) || (l >= lo4 && l <= hi4)) &&
                (q[i].s[0] == n[j].s[0] || may_start(&n[j], q[i].s[0])) &&
                (k = run_concat(&q[i], &n[j], nn - j, RUN_FAMILY)))
                add_run(&pp[np++], q, n, i, i, j, j + k - 1, EMB_MATCH_JOINED,
                        1.0);
        }
    }
    uint64_t nlens = 0; /* bit l: a listed token of l letters */
    for (int j = 0; j < nn && nq > 2; j++)
        nlens |= len_bit(n[j].len);
    for (int i = 0; i + 2 < nq; i++) {
        int lo = q[i].len + q[i + 2].len, part = q[i + 1].flags & TOKF_PARTICLE;
        const int *r = sc->qrun[i]; /* lo3 hi3 lo4 hi4 */
        int runs = lens_in(nlens, r[0], r[1]) || lens_in(nlens, r[2], r[3]);
        if (!runs && !(part && lens_in(nlens, lo, lo + PARTICLE_MAX)))
            continue;
        char w0 = q[i].written ? q[i].written[0] : q[i].s[0];
        for (int j = 0; j < nn; j++) {
            int k, l = n[j].len;
            if (runs && (n[j].s[0] == q[i].s[0] || n[j].s[0] == w0) &&
                ((l >= r[0] && l <= r[1]) || (l >= r[2] && l <= r[3])) &&
                (k = run_concat(&n[j], &q[i], nq - i, RUN_WRITTEN)))
                add_run(&pp[np++], q, n, i, i + k - 1, j, j, EMB_MATCH_SPLIT,
                        1.0);
            if (!part || n[j].s[0] != q[i].s[0] || n[j].len < lo ||
                n[j].len > lo + PARTICLE_MAX)
                continue;
            double ps = particle_join_sim(&n[j], &q[i], &q[i + 1], &q[i + 2]);
            if (ps <= 0)
                ps = particle_consonant_sim(&n[j], &q[i], &q[i + 1],
                                            &q[i + 2]);
            if (ps > 0)
                add_pair(&pp[np++], q, n, i, i + 2, j, -1, EMB_MATCH_SPLIT,
                         ps);
        }
    }
    /* acronyms, either way, in names of anything but people; taken after
     * every other pair (ACRO_LAST below their gain), so that one never
     * takes words that align one by one ("ABDALLAH AZZAM BRIGADES (AAB)"
     * / "Abdullah Azzam Brigades") */
    int acro_from = np;
    for (int i = 0; kind != EMB_KIND_PERSON && i < nq; i++)
        for (int j = 0; sc->q_acro >> i & 1 && j < nn; j++) {
            int e = n[j].ini == q[i].s[0]
                        ? acro_run(n, nn, j, q[i].s, q[i].len)
                        : -1;
            if (e > j)
                add_run(&pp[np++], q, n, i, i, j, e, EMB_MATCH_ACRONYM,
                        match_params_v.sim_acronym);
        }
    for (int j = 0; sc->qa_n && kind != EMB_KIND_PERSON && j < nn; j++) {
        if (!acro_token(n[j].flags, n[j].len, n[j].s))
            continue;
        for (int r = 0; r < sc->qa_n; r++)
            if (sc->qa_len[r] == n[j].len &&
                !memcmp(sc->qa_letters[r], n[j].s, n[j].len))
                add_run(&pp[np++], q, n, sc->qa_from[r], sc->qa_to[r], j, j,
                        EMB_MATCH_ACRONYM, match_params_v.sim_acronym);
    }
    for (int k = acro_from; k < np; k++)
        pp[k].gain -= ACRO_LAST;
    for (int i = 0; i + 1 < nq; i++)
        for (int j = 0; j + 1 < nn; j++)
            if (q[i].len + q[i + 1].len == n[j].len + n[j + 1].len &&
                q[i].len != n[j].len &&
                regrouped(&q[i], &q[i + 1], &n[j], &n[j + 1]))
                add_pair(&pp[np++], q, n, i, i + 1, j, j + 1,
                         EMB_MATCH_REGROUPED, 1.0);
    memset(sc->q_to, -1, (size_t)nq * sizeof sc->q_to[0]);
    memset(sc->n_to, -1, (size_t)nn * sizeof sc->n_to[0]);
    sc->n_chosen = 0;
    /* Greedy: best remaining pair whose tokens are all free; ties go to
     * the pair generated first (query order, then list order). */
    for (;;) {
        int best = -1;
        for (int k = 0; k < np; k++) {
            const align_pair *p = &pp[k];
            if ((best < 0 || p->gain > pp[best].gain) && pair_free(sc, p))
                best = k;
        }
        if (best < 0)
            break;
        pair_take(sc, &pp[best], best);
        sc->chosen[sc->n_chosen++] = best;
        if (sc->n_chosen >= TEXT_MAX_TOKENS)
            break;
    }
    /* Both names spell out a lineage ("Abdullah bin Omar"): a token
     * aligned with one in the other role (the father's name, after the
     * connector, with a person's own, right before it) is not aligned:
     * "Omar bin Abdullah" is his son. */
    const uint8_t *anc_q = sc->anc_q;
    uint8_t anc_n[TEXT_MAX_TOKENS];
    if (sc->q_lineage && lineage(n, nn, anc_n))
        for (int k = 0; k < sc->n_chosen; k++) {
            const align_pair *p = &pp[sc->chosen[k]];
            if (p->qi2 >= 0 || p->nj2 >= 0 || anc_q[p->qi] == anc_n[p->nj] ||
                !(anc_q[p->qi] ? p->nj + 1 < nn && connector(&n[p->nj + 1])
                               : p->qi + 1 < nq && connector(&q[p->qi + 1])))
                continue;
            sc->q_to[p->qi] = -1;
            sc->n_to[p->nj] = -1;
        }
    /* A personal name written in Chinese characters, Hangul or kana: two
     * syllables of its given name read in one order are another name in
     * the other (김은정, Kim Eun-jeong, is not KIM, Jong Un), so of two
     * adjacent syllables aligned with adjacent listed words the other
     * way round, the second is not aligned. The family name may stand
     * first or last: in a name of two syllables either may be it (晨 王
     * is "WANG, Chen"), so only names of three or more are read so. */
    int syl = 0;
    for (int i = 0; i < nq; i++)
        syl += (q[i].flags & TOK_SYLLABLE) != 0;
    for (int i = 0; syl >= 3 && i + 1 < nq; i++) {
        if (!(q[i].flags & q[i + 1].flags & TOK_SYLLABLE) ||
            sc->q_to[i] < 0 || sc->q_to[i + 1] < 0)
            continue;
        const align_pair *a = &pp[sc->q_to[i]], *b = &pp[sc->q_to[i + 1]];
        if (a->qi2 >= 0 || a->nj2 >= 0 || b->qi2 >= 0 || b->nj2 >= 0 ||
            b->nj + 1 != a->nj)
            continue;
        sc->n_to[b->nj] = -1;
        sc->q_to[i + 1] = -1;
    }
    /* a name written with its own acronym, in names of anything but
     * people: the acronym or its words stand for each other */
    int qcov = kind != EMB_KIND_PERSON && sc->q_self, ncov = 0;
    for (int i = 0; qcov && i < nq; i++)
        sc->q_cover[i] = -1;
    for (int i = 0; qcov && i < nq; i++)
        if (sc->q_self >> i & 1)
            cover_self_acro(q, sc->q_to, pp, i, sc->qs_from[i],
                            sc->qs_to[i], sc->q_cover);
    for (int j = 0; kind != EMB_KIND_PERSON && j < nn; j++) {
        int from, to;
        if (!(n[j].flags & TOKF_SELFACRO) || !self_acro(n, nn, j, &from, &to))
            continue;
        for (int m = 0; !ncov && m < nn; m++)
            sc->n_cover[m] = -1;
        ncov = 1;
        cover_self_acro(n, sc->n_to, pp, j, from, to, sc->n_cover);
    }
    sc->q_covered = qcov;
    sc->n_covered = ncov;
    int content = 0;
    double aq = 0, waq = 0, wuq = 0, an = 0, wan = 0, wun = 0;
    double wus = 0; /* unaligned query syllables, which count in full */
    double wns = 0; /* listed words a query of syllables lacks: likewise */
    double cuq = 0, cun = 0; /* unaligned distinctive weight per side */
    double maq = 0; /* heaviest aligned content token of the query */
    unsigned qsyl = 0; /* TOK_SYLLABLE: the query is a name of syllables */
    for (int i = 0; i < nq; i++) {
        qsyl |= q[i].flags & TOK_SYLLABLE;
        if (qcov && sc->q_to[i] < 0 && sc->q_cover[i] >= 0) {
            aq += sc->q_cover[i] * q[i].w;
            waq += q[i].w;
            continue;
        }
        if (sc->q_to[i] < 0) {
            /* a syllable of a name written in Chinese characters, Hangul
             * or kana is a part of its name, not a middle name a list
             * may leave out: it counts in full (성현 김 is not KIM, Song);
             * so does a word of three letters or more against a vessel's
             * name, which has none to leave out either (Amber Smith is
             * not AMBER; a prefix, MV or MT, is no such word) */
            if ((q[i].flags & TOK_SYLLABLE) ||
                (kind == EMB_KIND_VESSEL && content_token(&q[i]) &&
                 q[i].len > 2 && (!q[i].written || q[i].wlen > 2)))
                wus += q[i].w;
            else
                wuq += q[i].w;
            if (!(q[i].flags & (TOK_LEGAL | TOK_STOP)))
                cuq += q[i].w;
            continue;
        }
        const align_pair *p = &pp[sc->q_to[i]];
        aq += p->sim * q[i].w;
        waq += q[i].w;
        if (content_token(&q[i]) && p->how != EMB_MATCH_INITIAL &&
            p->how != EMB_MATCH_ACRONYM)
            content = 1;
        /* a word of a person's name that only a listed initial stands
         * for counts as a word the listed name lacks when the two keep
         * other words apart ("Josefina Torres" / "TORRES, Manuel J") */
        if (P->initial_apart && content_token(&q[i]) &&
            p->how == EMB_MATCH_INITIAL && q[i].len > 1)
            cuq += q[i].w;
        if (content_token(&q[i]) && q[i].w > maq)
            maq = q[i].w;
    }
    for (int j = 0; j < nn; j++) {
        if (ncov && sc->n_to[j] < 0 && sc->n_cover[j] >= 0) {
            an += sc->n_cover[j] * n[j].w;
            wan += n[j].w;
            continue;
        }
        if (sc->n_to[j] < 0) {
            if (qsyl && content_token(&n[j]))
                wns += n[j].w;
            else
                wun += n[j].w;
            if (!(n[j].flags & (TOK_LEGAL | TOK_STOP)))
                cun += n[j].w;
            continue;
        }
        const align_pair *p = &pp[sc->n_to[j]];
        an += p->sim * n[j].w;
        wan += n[j].w;
    }
    if (!content || waq <= 0 || wan <= 0)
        return 0.0;
    /* distinctive excess: unaligned query content weight above the
     * heaviest aligned query content token. Only ever adds to the
     * denominator, so the bounds of name_score_cap stay upper bounds. */
    double xq = 0;
    if (P->distinct > 0)
        for (int i = 0; i < nq; i++)
            if (sc->q_to[i] < 0 && !(qcov && sc->q_cover[i] >= 0) &&
                content_token(&q[i]) && q[i].w > maq)
                xq += q[i].w - maq;
    /* the syllables of a name written in Chinese characters, Hangul or
     * kana make one given name: one left over on either side is another
     * given name, not a middle name dropped, and counts in full and as a
     * conflict (陈平, Chen Ping, is not CHEN, Guo Ping, nor 徐伟彬 XU,
     * Bin) */
    double clash = P->conflict * ((cuq < cun ? cuq : cun) + wus + wns);
    double cq =
        aq / (waq + P->lambda_q * wuq + wus + clash + P->distinct * xq);
    double cn = an / (wan + P->lambda_n * wun + wns + clash);
    if (cq <= 0 || cn <= 0)
        return 0.0;
    double s = 2.0 * cq * cn / (cq + cn);
    return s > 1.0 ? 1.0 : s;
}

/* The smaller of a lambda over every kind: caps hold for any name. */
static double lambda_min(int query_side)
{
    const struct kind_params *a = &match_params_v.kp[KP_PERSON],
                             *b = &match_params_v.kp[KP_OTHER];
    double la = query_side ? a->lambda_q : a->lambda_n;
    double lb = query_side ? b->lambda_q : b->lambda_n;
    return la < lb ? la : lb;
}

static double side_cap(double total, double alignable, double lambda)
{
    if (alignable <= 0)
        return 0.0;
    double miss = total - alignable;
    if (miss < 0)
        miss = 0;
    return alignable / (alignable + lambda * miss);
}

double name_score_cap(double w_total, double w_alignable, double n_total,
                      double n_alignable)
{
    double bq = side_cap(w_total, w_alignable, lambda_min(1));
    double bn = n_total > 0 ? side_cap(n_total, n_alignable, lambda_min(0))
                            : 1.0;
    if (bq <= 0 || bn <= 0)
        return 0.0;
    /* the harmonic mean grows with each side */
    return 2.0 * bq * bn / (bq + bn);
}

double token_weight_max(double idf)
{
    const match_params *P = &match_params_v;
    double m = idf;
    if (P->w_legal > m)
        m = P->w_legal;
    if (P->w_stop > m)
        m = P->w_stop;
    if (P->w_initial > m)
        m = P->w_initial;
    return m;
}

double name_score_bound(double w_total, double w_gen)
{
    return name_score_cap(w_total, w_total - w_gen, 0, 0);
}

/* ---- evidence --------------------------------------------------------- */
static int dob_relation(const emb_period *q, const emb_period *b)
{
    /* 1 agree, -1 conflict, 0 neither. */
    int lo = b->from.year, hi = b->to.year ? b->to.year : b->from.year;
    if (!lo)
        return 0;
    if (b->circa) {
        lo--;
        hi++;
    }
    int qlo = q->from.year, qhi = q->to.year ? q->to.year : q->from.year;
    if (qhi < lo - 1 || qlo > hi + 1)
        return -1;
    if (qhi < lo || qlo > hi)
        return 0;
    /* Same year range; when both give a single full date, it must be the
     * same day to agree. */
    if (!b->circa && b->from.year == b->to.year && q->from.year == q->to.year &&
        b->from.month && q->from.month) {
        if (b->from.month != q->from.month)
            return 0;
        if (b->from.day && q->from.day && b->from.day != q->from.day)
            return 0;
    }
    return 1;
}

static int country_rel(const query_facts *qf, const char *s, int *mapped)
{
    if (!s || !*s)
        return 0;
    char buf[3];
    const char *iso = country_iso2(s, buf);
    if (iso) {
        *mapped = 1;
        return qf->country_iso && strcmp(iso, qf->country) == 0;
    }
    /* An unmapped value agrees only when written the same way. */
    size_t n = strlen(qf->country);
    return strlen(s) == n && strncasecmp(s, qf->country, n) == 0;
}

int evidence_eval(const query_facts *qf, const ix_rec *xr, emb_evidence *ev,
                  double *delta)
{
    const match_params *P = &match_params_v;
    const emb_record *r = xr->r;
    int n = 0;
    double d = 0;
    if (qf->kind != EMB_KIND_UNKNOWN && xr->kind != EMB_KIND_UNKNOWN) {
        emb_evidence *e = &ev[n++];
        e->field = EMB_EVIDENCE_TYPE;
        e->agrees = qf->kind == xr->kind ? 1 : -1;
        e->effect = e->agrees > 0 ? P->ev_type_agree : -P->ev_type_conflict;
        e->list_value = xr->kind_by == KIND_BY_LEGAL_FORM
                            ? "entity (a legal form in its name)"
                        : xr->kind_by == KIND_BY_ORG_WORD
                            ? "entity (an organisation's word in its name)"
                            : emb_kind_name(xr->kind);
        e->query_value =
            qf->kind_from_dob ? "person (a date of birth given)" : NULL;
        d += e->effect;
    }
    if (qf->country) {
        int mapped = 0;
        const char *hit = NULL, *any = NULL;
        const char *const *lists[2] = {r->nationalities, r->citizenships};
        size_t counts[2] = {r->n_nationalities, r->n_citizenships};
        for (int l = 0; l < 2 && !hit; l++)
            for (size_t i = 0; i < counts[l] && !hit; i++) {
                if (!any)
                    any = lists[l][i];
                if (country_rel(qf, lists[l][i], &mapped))
                    hit = lists[l][i];
            }
        for (size_t i = 0; i < r->n_addresses && !hit; i++) {
            const char *c = r->addresses[i].country;
            if (!c)
                continue;
            if (!any)
                any = c;
            if (country_rel(qf, c, &mapped))
                hit = c;
        }
        if (hit || (mapped && qf->country_iso)) {
            emb_evidence *e = &ev[n++];
            e->field = EMB_EVIDENCE_COUNTRY;
            e->agrees = hit ? 1 : -1;
            e->effect = hit ? P->ev_country_agree : -P->ev_country_conflict;
            e->list_value = hit ? hit : any;
            d += e->effect;
        }
    }
    if (qf->has_dob && r->n_births) {
        int rel = -1;
        const char *val = r->births[0].text;
        for (size_t i = 0; i < r->n_births && rel < 1; i++) {
            int x = dob_relation(&qf->dob, &r->births[i]);
            if (x > rel) {
                rel = x;
                val = r->births[i].text;
            }
        }
        if (rel) {
            emb_evidence *e = &ev[n++];
            e->field = EMB_EVIDENCE_DOB;
            e->agrees = rel;
            e->effect = rel > 0 ? P->ev_dob_agree : -P->ev_dob_conflict;
            e->list_value = val;
            d += e->effect;
        }
    }
    /* an IMO number, LEI or BIC of the query's against the record's of
     * that kind, when it has some and none is the query's */
    for (int t = 0; t < qf->n_typed; t++) {
        const struct typed_ident *q = &qf->typed[t];
        const emb_ident *other = NULL;
        int same = 0;
        for (size_t i = 0; i < r->n_idents && !same; i++) {
            const emb_ident *id = &r->idents[i];
            char key[IDENT_KEY_CAP];
            size_t len;
            if (id->kind != q->kind || !id->value ||
                !(len = ident_key(id->value, strlen(id->value), key,
                                  sizeof key)))
                continue;
            same = ident_same(q->kind, q->key, q->len, key, len);
            other = id;
        }
        if (same || !other)
            continue;
        emb_evidence *e = &ev[n++];
        memset(e, 0, sizeof *e);
        e->field = EMB_EVIDENCE_IDENT;
        e->agrees = -1;
        e->effect = -P->ev_ident_conflict;
        e->list_value = other->value;
        e->list_label = other->type;
        e->list_kind = other->kind;
        e->query_value = q->value;
        d += e->effect;
    }
    *delta = d;
    return n;
}

void evidence_idents(query_facts *qf, const char *const *ids, size_t n)
{
    qf->n_typed = 0;
    for (size_t i = 0; i < n && qf->n_typed < TYPED_IDENTS_MAX; i++) {
        struct typed_ident *t = &qf->typed[qf->n_typed];
        t->len = ident_key(ids[i], strlen(ids[i]), t->key, sizeof t->key);
        t->kind = t->len ? ident_kind_of(t->key, t->len) : EMB_ID_OTHER;
        if (t->kind == EMB_ID_OTHER)
            continue;
        /* one of a kind: the first */
        int dup = 0;
        for (int k = 0; k < qf->n_typed; k++)
            dup |= qf->typed[k].kind == t->kind;
        if (dup)
            continue;
        t->value = ids[i];
        qf->n_typed++;
    }
}

double evidence_max_raise(const query_facts *qf)
{
    const match_params *P = &match_params_v;
    double m = 0;
    if (qf->kind != EMB_KIND_UNKNOWN)
        m += P->ev_type_agree;
    if (qf->country)
        m += P->ev_country_agree;
    if (qf->has_dob)
        m += P->ev_dob_agree;
    return m;
}
