/*
 * sedol.c - SEDOL (LSEG, 7 characters): check digit and validation.
 *
 * DOMAIN.md 3.3 (source S38): 6 alphanumerics and a check digit; letters
 * are valued 9 + alphabet position (B=11 .. Z=35; vowels keep their slot
 * in the numbering but are never issued); weights 1,3,1,7,3,9 and the
 * check makes the 7-character weighted sum a multiple of 10.
 */
#include <ctype.h>
#include <string.h>

#include "secid/secid.h"

int emb_sedol_check_digit(const char *first6)
{
    static const int weight[6] = {1, 3, 1, 7, 3, 9};
    if (!first6)
        return -1;
    int sum = 0;
    for (int i = 0; i < 6; i++) {
        int v = secid_char_value((unsigned char)first6[i], 0);
        if (v < 0)
            return -1;
        sum += v * weight[i];
    }
    return (10 - sum % 10) % 10;
}

int secid_sedol_validate(const char *s, emb_secid *out, char *why,
                         size_t why_len)
{
    size_t n = strlen(s);
    out->kind = EMB_SECID_SEDOL;
    secid_copy(out->value, sizeof out->value, s, n);
    if (n != 7) {
        secid_why(why, why_len, "SEDOL has %zu characters, expected 7", n);
        return EMB_ERR_INVALID;
    }
    for (size_t i = 0; i < 6; i++) {
        if (secid_char_value((unsigned char)s[i], 0) < 0) {
            secid_why(why, why_len,
                      "SEDOL character %zu ('%c') is not a letter or digit",
                      i + 1, s[i]);
            return EMB_ERR_INVALID;
        }
    }
    for (size_t i = 0; i < 6; i++) {
        if (secid_is_vowel((unsigned char)s[i])) {
            secid_why(why, why_len, "SEDOL contains a vowel");
            return EMB_ERR_INVALID;
        }
    }
    if (!isdigit((unsigned char)s[6])) {
        secid_why(why, why_len, "SEDOL check character '%c' is not a digit",
                  s[6]);
        return EMB_ERR_INVALID;
    }
    int want = emb_sedol_check_digit(s);
    if (s[6] - '0' != want) {
        secid_why(why, why_len, "SEDOL check digit is %c, expected %d", s[6],
                  want);
        return EMB_ERR_INVALID;
    }
    out->check_ok = 1;
    return EMB_OK;
}
