/*
 * korean.c - Korean names written in Latin letters by the two systems in
 * use: the Revised Romanization of South Korea (2000: 정은 "jeong eun",
 * 영철 "yeong cheol") and McCune-Reischauer, which the US and UN lists use
 * without its breves (North Korean names: "jong un", "yong chol"). The
 * two write the vowels ㅓ and ㅡ differently (RR "eo" and "eu", MR "ŏ"
 * and "ŭ", so "o" and "u" once the breves are gone); their consonants
 * differ less regularly (RR "b", "g", "d" where MR has "p", "k", "t" at
 * the start of a word) and are left to the edit distance.
 *
 * A token is read as Korean when it is one to three syllables of either
 * system: an initial consonant, a vowel (with its y or w glide) and a
 * final consonant, each optional but the vowel; as the Revised
 * Romanization when it is one or two (a family name, a given name written
 * as one word) without McCune-Reischauer's aspirates, so that "Theodore"
 * and "Theo" are not read as Korean.
 */
#include "text/lexicon.h"

/* Longest first. The last three are McCune-Reischauer's aspirates as the
 * lists write them ("Thaek"); the Revised Romanization has none. */
static const char *const initials[] = {"kk", "tt", "pp", "ss", "jj", "ch",
                                       "g",  "k",  "n",  "d",  "t",  "r",
                                       "m",  "b",  "p",  "s",  "j",  "h",
                                       "",   "th", "ph", "kh"};
#define RR_INITIALS (sizeof initials / sizeof initials[0] - 3)
static const char *const vowels[] = {"wae", "yae", "yeo", "eo", "eu", "ae",
                                     "oe", "ui", "wa", "we", "wi", "wo",
                                     "ya", "ye", "yo", "yu", "a", "e",
                                     "i", "o", "u"};
static const char *const finals[] = {"ng", "k", "n", "t", "l", "m", "p",
                                     ""};

#define N_OF(a) (sizeof a / sizeof a[0])

static size_t prefix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return n <= len && !memcmp(s, p, n) ? n : (size_t)-1;
}

/* 1 when s[0..len) is `left` syllables or fewer (at least one), with the
 * first n_init initials. */
static int syllables(const char *s, size_t len, int left, size_t n_init)
{
    if (len == 0)
        return 1;
    if (left == 0)
        return 0;
    for (size_t a = 0; a < n_init; a++) {
        size_t ia = prefix(s, len, initials[a]);
        if (ia == (size_t)-1)
            continue;
        for (size_t b = 0; b < N_OF(vowels); b++) {
            size_t vb = prefix(s + ia, len - ia, vowels[b]);
            if (vb == (size_t)-1)
                continue;
            for (size_t c = 0; c < N_OF(finals); c++) {
                size_t at = ia + vb;
                size_t fc = prefix(s + at, len - at, finals[c]);
                if (fc != (size_t)-1 &&
                    syllables(s + at + fc, len - at - fc, left - 1, n_init))
                    return 1;
            }
        }
    }
    return 0;
}

int text_korean_token(const char *s, size_t len, int rr)
{
    return len > 0 && len <= 15 &&
           (rr ? syllables(s, len, 2, RR_INITIALS)
               : syllables(s, len, 3, N_OF(initials)));
}

size_t text_korean_mr(const char *s, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        out[n++] = s[i];
        if (s[i] == 'e' && i + 1 < len && (s[i + 1] == 'o' || s[i + 1] == 'u')) {
            out[n - 1] = s[i + 1]; /* eo -> o, eu -> u */
            i++;
        }
    }
    out[n] = '\0';
    return n;
}
