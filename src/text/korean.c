/*
 * korean.c - Korean names written in Latin letters by the two systems in
 * use: the Revised Romanization of South Korea (2000: 정은 "jeong eun",
 * 영철 "yeong cheol") and McCune-Reischauer, which the US and UN lists use
 * without its breves (North Korean names: "jong un", "yong chol"). The
 * two write the vowels ㅓ and ㅡ differently (RR "eo" and "eu", MR "ŏ"
 * and "ŭ", so "o" and "u" once the breves are gone) and the first
 * consonant of a syllable: RR "g", "d", "b", "j" where MR has "k", "t",
 * "p", "ch" (and the lists, copying MR's voicing inside a given name,
 * write "Myong-Jin" and "Myong-Chin", "Bu-il" and "Pu Il" for one
 * person; RR writes MR's aspirates "ch'", "k'", "t'", "p'" as "ch",
 * "k", "t", "p", and the lists leave out the mark).
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

/* Family names of Korea in the forms the lists and the Revised
 * Romanization write them, but for the one-letter O (an initial in any
 * other name). Sorted. */
static const char *const surnames[] = {
    "ahn",  "an",   "bae",  "baek", "bak",  "byun",  "cha",  "chae",
    "chang", "cho", "choe", "choi", "chon", "chong", "chu",  "chun",
    "chung", "go",  "gwak", "gwon", "ha",   "han",   "heo",  "ho",
    "hong", "hwang", "hyon", "hyun", "im",  "jang",  "jeon", "jeong",
    "jo",   "jon",  "jong", "ju",   "jung", "kang",  "kim",  "ko",
    "kwak", "kwon", "kye",  "min",  "mun",  "nam",   "oh",
    "ok",   "om",   "pae",  "paek", "pak",  "park",  "pyon", "ri",
    "rim",  "ro",   "ryang", "ryom", "ryu", "seo",   "shin", "sin",
    "so",   "sok",  "son",  "song", "thae", "um",    "yang", "yi",
    "yoon", "yu",   "yun"};

int text_korean_surname(const char *s, size_t len)
{
    size_t lo = 0, hi = N_OF(surnames);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = surnames[mid];
        size_t ml = strlen(m);
        int c = memcmp(s, m, len < ml ? len : ml);
        if (c == 0)
            c = (len > ml) - (len < ml);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* 1 when a[0..la) and b[0..lb) are one edit apart: a letter changed,
 * left out, added, or two neighbours swapped. */
static int one_edit(const char *a, size_t la, const char *b, size_t lb)
{
    if (la < lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    if (la - lb > 1)
        return 0;
    size_t i = 0;
    while (i < lb && a[i] == b[i])
        i++;
    if (la == lb) {
        if (i == la)
            return 0; /* equal */
        return !memcmp(a + i + 1, b + i + 1, la - i - 1) ||
               (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
                !memcmp(a + i + 2, b + i + 2, la - i - 2));
    }
    return !memcmp(a + i + 1, b + i, lb - i);
}

int text_korean_surname_near(const char *s, size_t len)
{
    /* the commonest family names of the lists' Korean names, long enough
     * that one edit still leaves them apart from most other words */
    static const char *const common[] = {"kim", "pak", "choe"};
    for (size_t k = 0; k < N_OF(common); k++)
        if (one_edit(s, len, common[k], strlen(common[k])))
            return 1;
    return 0;
}

int text_korean_run(const char *s, size_t len)
{
    for (size_t k = 0; k < N_OF(surnames); k++) {
        size_t n = prefix(s, len, surnames[k]);
        if (n != (size_t)-1 && n > 2 && n < len &&
            syllables(s + n, len - n, 2, N_OF(initials)))
            return 1;
    }
    return 0;
}

size_t text_korean_consonants(const char *s, size_t len, char before,
                              char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (i + 1 < len && s[i + 1] == c) { /* RR's tense gg, dd, bb, jj */
            out[n++] = c;
            out[n++] = s[++i];
            continue;
        }
        switch (c) {
        case 'j':
            out[n++] = 'c';
            c = 'h';
            break;
        case 'g': /* not after n: final ng, or n then g (chon gang) */
            c = (i > 0 ? s[i - 1] : before) == 'n' ? 'g' : 'k';
            break;
        case 'd':
            c = 't';
            break;
        case 'b':
            c = 'p';
            break;
        default:
            break;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    return n;
}
