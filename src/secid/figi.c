/*
 * figi.c - FIGI (OMG Financial Instrument Global Identifier): check digit
 * and validation.
 *
 * DOMAIN.md 3.4 (source S39): 12 characters; a 2-consonant prefix that is
 * not BS, BM, GG, GB, GH, KY or VG (so a FIGI can never read as an ISIN of
 * those countries); 'G' third; consonants or digits in 4..11; a check
 * digit computed like CUSIP's over the first 11 characters.
 */
#include <ctype.h>
#include <string.h>

#include "secid/secid.h"

static const char *const figi_banned_prefix[] = {"BS", "BM", "GG", "GB",
                                                 "GH", "KY", "VG"};

int emb_figi_check_digit(const char *first11)
{
    return secid_double_add_double(first11, 11, 0);
}

static int is_consonant(int c)
{
    return isupper(c) && !secid_is_vowel(c);
}

int secid_figi_validate(const char *s, emb_secid *out, char *why,
                        size_t why_len)
{
    size_t n = strlen(s);
    out->kind = EMB_SECID_FIGI;
    secid_copy(out->value, sizeof out->value, s, n);
    if (n != 12) {
        secid_why(why, why_len, "FIGI has %zu characters, expected 12", n);
        return EMB_ERR_INVALID;
    }
    if (!is_consonant((unsigned char)s[0]) ||
        !is_consonant((unsigned char)s[1])) {
        secid_why(why, why_len, "FIGI prefix %.2s is not two consonants", s);
        return EMB_ERR_INVALID;
    }
    for (size_t i = 0; i < sizeof figi_banned_prefix / sizeof *figi_banned_prefix;
         i++) {
        if (!strncmp(s, figi_banned_prefix[i], 2)) {
            secid_why(why, why_len, "FIGI prefix %.2s is not allowed", s);
            return EMB_ERR_INVALID;
        }
    }
    if (s[2] != 'G') {
        secid_why(why, why_len, "FIGI third character is '%c', expected G",
                  s[2]);
        return EMB_ERR_INVALID;
    }
    for (size_t i = 3; i < 11; i++) {
        int c = (unsigned char)s[i];
        if (!isdigit(c) && !is_consonant(c)) {
            secid_why(why, why_len,
                      secid_is_vowel(c)
                          ? "FIGI character %zu ('%c') is a vowel"
                          : "FIGI character %zu ('%c') is not a consonant or "
                            "digit",
                      i + 1, s[i]);
            return EMB_ERR_INVALID;
        }
    }
    if (!isdigit((unsigned char)s[11])) {
        secid_why(why, why_len, "FIGI check character '%c' is not a digit",
                  s[11]);
        return EMB_ERR_INVALID;
    }
    int want = emb_figi_check_digit(s);
    if (s[11] - '0' != want) {
        secid_why(why, why_len, "FIGI check digit is %c, expected %d", s[11],
                  want);
        return EMB_ERR_INVALID;
    }
    out->check_ok = 1;
    return EMB_OK;
}
