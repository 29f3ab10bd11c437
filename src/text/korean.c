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
static const lex_entry surname_tab[] = {
    {"ahn", "ahn", 0},
    {"an", "an", 0},
    {"bae", "bae", 0},
    {"baek", "baek", 0},
    {"bak", "bak", 0},
    {"bang", "bang", 0},
    {"byun", "byun", 0},
    {"cha", "cha", 0},
    {"chae", "chae", 0},
    {"chang", "chang", 0},
    {"cho", "cho", 0},
    {"choe", "choe", 0},
    {"choi", "choi", 0},
    {"chon", "chon", 0},
    {"chong", "chong", 0},
    {"chu", "chu", 0},
    {"chun", "chun", 0},
    {"chung", "chung", 0},
    {"gil", "gil", 0},
    {"go", "go", 0},
    {"gong", "gong", 0},
    {"gu", "gu", 0},
    {"gwak", "gwak", 0},
    {"gwon", "gwon", 0},
    {"ha", "ha", 0},
    {"han", "han", 0},
    {"heo", "heo", 0},
    {"ho", "ho", 0},
    {"hong", "hong", 0},
    {"hwang", "hwang", 0},
    {"hyon", "hyon", 0},
    {"hyun", "hyun", 0},
    {"im", "im", 0},
    {"jang", "jang", 0},
    {"jeon", "jeon", 0},
    {"jeong", "jeong", 0},
    {"jo", "jo", 0},
    {"jon", "jon", 0},
    {"jong", "jong", 0},
    {"ju", "ju", 0},
    {"jung", "jung", 0},
    {"kang", "kang", 0},
    {"kil", "kil", 0},
    {"kim", "kim", 0},
    {"ko", "ko", 0},
    {"kong", "kong", 0},
    {"koo", "koo", 0},
    {"ku", "ku", 0},
    {"kuk", "kuk", 0},
    {"kwak", "kwak", 0},
    {"kwon", "kwon", 0},
    {"kye", "kye", 0},
    {"min", "min", 0},
    {"mun", "mun", 0},
    {"myong", "myong", 0},
    {"nam", "nam", 0},
    {"oh", "oh", 0},
    {"ok", "ok", 0},
    {"om", "om", 0},
    {"pae", "pae", 0},
    {"paek", "paek", 0},
    {"pak", "pak", 0},
    {"pang", "pang", 0},
    {"park", "park", 0},
    {"phyo", "phyo", 0},
    {"pyo", "pyo", 0},
    {"pyon", "pyon", 0},
    {"ri", "ri", 0},
    {"rim", "rim", 0},
    {"ro", "ro", 0},
    {"ryang", "ryang", 0},
    {"ryom", "ryom", 0},
    {"ryu", "ryu", 0},
    {"seo", "seo", 0},
    {"shim", "shim", 0},
    {"shin", "shin", 0},
    {"sim", "sim", 0},
    {"sin", "sin", 0},
    {"so", "so", 0},
    {"sok", "sok", 0},
    {"son", "son", 0},
    {"song", "song", 0},
    {"tak", "tak", 0},
    {"thae", "thae", 0},
    {"thak", "thak", 0},
    {"um", "um", 0},
    {"yang", "yang", 0},
    {"yi", "yi", 0},
    {"yom", "yom", 0},
    {"yoon", "yoon", 0},
    {"yu", "yu", 0},
    {"yuk", "yuk", 0},
    {"yun", "yun", 0},
};

const lex_table korean_surnames = {"korean_surnames", surname_tab,
                                   N_OF(surname_tab)};

int text_korean_surname_near(const char *s, size_t len)
{
    /* the commonest family names of the lists' Korean names, long enough
     * that one edit still leaves them apart from most other words */
    static const char *const common[] = {"kim", "pak", "choe"};
    for (size_t k = 0; k < N_OF(common); k++)
        if (osa_within(s, len, common[k], strlen(common[k]), 1) <= 1)
            return 1;
    return 0;
}

int text_korean_run(const char *s, size_t len)
{
    for (size_t k = 0; k < N_OF(surname_tab); k++) {
        size_t n = prefix(s, len, surname_tab[k].word);
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
