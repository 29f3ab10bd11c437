/*
 * phonetic.c - text_phonetic(): a sound key for a canonical token that
 * transliteration variants share.
 *
 * The key is the first sound followed by the consonant skeleton, written
 * in sound classes. Rules, applied left to right:
 *   - a leading y/i/j before a vowel is a glide and dropped
 *     (yevgeniy = evgeny, yusuf = iusuf = jusuf, yuri = iurii);
 *   - digraphs first: dzh/dj/zh/j -> j; tsch/tch/sch/ch/sh/cz/sz -> x;
 *     kh -> h (khalid = halid), but k at the end (sheikh = sheik,
 *     farrukh = faruk); ph -> f; th/dh -> t (qadhafi = qaddafi);
 *     gh/ck -> k; ts/tz -> s;
 *   - classes: b p -> b; f v w -> f (ivanoff = ivanov = ivanow);
 *     c g k q -> k (c before e/i/y -> s; gaddafi = qadhafi = kadafi);
 *     d t -> t; s z -> s; x -> ks; l m n r as they are;
 *   - vowels (a e i o u y) are written 'a' when first and dropped after;
 *     h is kept only when first (mohammed = muhamad = mhmd);
 *   - a final vowel is written 'a' (ivanova "afnfa" is not ivanov
 *     "afnf"), a final h after a vowel is silent (abdullah = abdulla);
 *   - a class repeated without a vowel or h between is written once
 *     (unvowelled Arabic "mhmd" keeps both m's like "muhammad");
 *   - Arabic article assimilation: "abd" + l + a sun consonant drops the l
 *     (abdulrahman = abdurrahman).
 * Digits are copied as they are. Clearly different names keep different keys
 * (putin "btn", petrov "btrf"); names that differ only in vowels
 * collide (hassan and hussein "hsn", muhammad and mahmoud "mmt"), so a
 * shared key is evidence, never proof, of a match.
 */
#include "text/text.h"

#include <string.h>

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
           c == 'y';
}

/* The sound class at s, and how many letters it spans. 'a' for a vowel,
 * 'h' for h, 0 for a character that makes no sound. */
static char sound_at(const char *s, size_t *span)
{
    /* digraphs and trigraphs, longest first */
    const char c0 = s[0], c1 = s[1];
    *span = 2;
    switch (c0) {
    case 't':
        if (c1 == 's' && s[2] == 'c' && s[3] == 'h') {
            *span = 4;
            return 'x';
        }
        if (c1 == 'c' && s[2] == 'h') {
            *span = 3;
            return 'x';
        }
        if (c1 == 'h')
            return 't';
        if (c1 == 's' || c1 == 'z')
            return 's';
        break;
    case 'd':
        if (c1 == 'z' && s[2] == 'h') {
            *span = 3;
            return 'j';
        }
        if (c1 == 'j')
            return 'j';
        if (c1 == 'h')
            return 't';
        break;
    case 's':
        if (c1 == 'c' && s[2] == 'h') {
            *span = 3;
            return 'x';
        }
        if (c1 == 'h' || c1 == 'z')
            return 'x';
        break;
    case 'z':
        if (c1 == 'h')
            return 'j';
        break;
    case 'c':
        if (c1 == 'h' || c1 == 'z')
            return 'x';
        if (c1 == 'k')
            return 'k';
        break;
    case 'k':
        if (c1 == 'h')
            return s[2] ? 'h' : 'k';
        break;
    case 'p':
        if (c1 == 'h')
            return 'f';
        break;
    case 'g':
        if (c1 == 'h')
            return 'k';
        break;
    default:
        break;
    }
    *span = 1;
    char c = s[0];
    if (is_vowel(c))
        return 'a';
    if (c >= '0' && c <= '9')
        return c;
    switch (c) {
    case 'b': case 'p': return 'b';
    case 'f': case 'v': case 'w': return 'f';
    case 'g': case 'k': case 'q': return 'k';
    case 'c': return (s[1] == 'e' || s[1] == 'i' || s[1] == 'y') ? 's' : 'k';
    case 'd': case 't': return 't';
    case 's': case 'z': return 's';
    case 'x': return 'x' + 1; /* 'y' marks ks, expanded by the caller */
    case 'j': return 'j';
    case 'h': return 'h';
    case 'l': case 'm': case 'n': case 'r': return c;
    default: return 0;
    }
}

/* The Arabic w as French and English write it. "ou" before a vowel is
 * a vowel then the consonant w (Fouaz = Fawaz, Anouar = Anwar; first in
 * a word, w alone: Ouattara = Wattara): returned as 'w', which the caller
 * writes as class f, even after an f. "aw" before a consonant is a
 * vowel (Fawzi = Fouzi, Tawfiq = Toufik, Aws = Aous, the Belarusian
 * -awna = -auna), but not "ow" or "ew", which German and Polish write
 * for the v of a Slavic name (Tschaikowsky, Jewgeni); between vowels w
 * stays a consonant (Suwayd = Swaid). 0 when neither applies at p. */
static char arabic_w_at(const char *s, const char *p, size_t *span)
{
    if (p[0] == 'o' && p[1] == 'u' && is_vowel(p[2])) {
        *span = 2;
        return 'w';
    }
    if (p[0] == 'w' && p > s && p[-1] == 'a' && p[1] && !is_vowel(p[1])) {
        *span = 1;
        return 'a';
    }
    return 0;
}

static int is_sun(char code)
{
    return code == 't' || code == 's' || code == 'x' || code == 'j' ||
           code == 'r' || code == 'n' || code == 'l';
}

size_t text_phonetic(const char *tok, char *out, size_t cap)
{
    char s[64], key[64];
    size_t n = 0, k = 0;
    if (!out || cap == 0)
        return 0;
    for (; tok && *tok && n < sizeof s - 1; tok++) {
        char c = *tok;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            s[n++] = c;
    }
    if (n > 2 && s[n - 1] == 'h' && is_vowel(s[n - 2]))
        n--; /* abdullah = abdulla, hamzah = hamza */
    s[n] = '\0';
    int vowel_end = n > 1 && is_vowel(s[n - 1]);
    const char *p = s;
    if ((p[0] == 'y' || p[0] == 'i' || p[0] == 'j') && p[1] &&
        is_vowel(p[1]) && p[1] != 'y')
        p++;
    char last = 0;
    int first = 1;
    while (*p && k < sizeof key - 3) {
        size_t span;
        char code = arabic_w_at(s, p, &span);
        if (!code)
            code = sound_at(p, &span);
        p += span;
        if (!code)
            continue;
        if (code == 'w') { /* "ou": a vowel, then w; first, only w */
            last = 0;
            code = 'f';
        }
        if (first) {
            first = 0;
            if (code == 'y') {
                key[k++] = 'k';
                code = 's';
            }
            key[k++] = code;
            last = code == 'a' ? 0 : code;
            continue;
        }
        if (code == 'a' || code == 'h') { /* both separate repeats */
            last = 0;
            continue;
        }
        if (code == 'y') { /* x = ks */
            if (last != 'k')
                key[k++] = 'k';
            code = 's';
        }
        if (code == last && !(code >= '0' && code <= '9'))
            continue;
        key[k++] = code;
        last = code;
    }
    if (vowel_end && k > 1)
        key[k++] = 'a'; /* ivanova is not ivanov */
    key[k] = '\0';
    if (k >= 5 && !strncmp(key, "abtl", 4) && is_sun(key[4])) {
        memmove(key + 3, key + 4, k - 3);
        k--;
    }
    if (k >= cap)
        k = cap - 1;
    memcpy(out, key, k);
    out[k] = '\0';
    return k;
}

/* The bit of vowel letter c in a gap mask (text_skeleton_gaps), 0 for
 * other letters. */
static unsigned vowel_bit(char c)
{
    switch (c) {
    case 'a': return TEXT_GAP_A;
    case 'e': return TEXT_GAP_E;
    case 'i': return TEXT_GAP_I;
    case 'o': return TEXT_GAP_O;
    case 'u': return TEXT_GAP_U;
    case 'y': return TEXT_GAP_Y;
    case 'w': return TEXT_GAP_W;
    default: return 0;
    }
}

static size_t skeleton(const char *s, size_t len, char *out, size_t cap,
                       int hebrew, uint8_t *gaps)
{
    size_t k = 0;
    if (gaps)
        gaps[0] = 0;
    for (size_t i = 0; i < len && k + 1 < cap; i++) {
        char c = s[i];
        if (strchr("aeiouyw", c)) {
            if (gaps)
                gaps[k] |= (uint8_t)(vowel_bit(c) |
                                     (gaps[k] ? TEXT_GAP_TWO : 0));
            continue; /* what the script leaves unwritten or writes as a
                         long vowel */
        }
        if (c == 'd' && i + 1 < len && s[i + 1] == 'j')
            continue; /* dj: j */
        if (c == 'h' && i > 0 && (s[i - 1] == 'd' || s[i - 1] == 't'))
            continue; /* dh and th, which the script writes as one letter
                         the transliteration may give as d or t */
        if (c == 'q')
            c = 'k';
        else if (hebrew && c == 'c')
            c = i + 1 < len && strchr("eiyh", s[i + 1]) ? 's' : 'k';
        else if (c == 'c')
            c = 's'; /* the French ch: sh */
        else if (hebrew && c == 'v')
            c = 'b'; /* bet is b or v */
        else if (hebrew && c == 'p')
            c = 'f'; /* pe is p or f */
        if (k && out[k - 1] == c)
            continue; /* the shadda written or not */
        out[k++] = c;
        if (gaps)
            gaps[k] = 0;
    }
    if (k > 1 && out[k - 1] == 'h') {
        k--; /* the feminine ending, -a or -ah */
        if (gaps)
            gaps[k] |= gaps[k + 1];
    }
    out[k] = '\0';
    return k;
}

size_t text_skeleton(const char *s, size_t len, char *out, size_t cap)
{
    return skeleton(s, len, out, cap, 0, NULL);
}

size_t text_skeleton_gaps(const char *s, size_t len, char *out, size_t cap,
                          uint8_t *gaps)
{
    return skeleton(s, len, out, cap, 0, gaps);
}

size_t text_skeleton_hebrew(const char *s, size_t len, char *out, size_t cap)
{
    return skeleton(s, len, out, cap, 1, NULL);
}
