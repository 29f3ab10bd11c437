/*
 * cusip.c - CUSIP (9 characters) and the "Modulus 10 Double Add Double"
 * check digit that FIGI reuses.
 *
 * DOMAIN.md 3.2 (source S37): 6-character issuer, 2-character issue, 1
 * check digit; '*', '@' and '#' may appear (private placements). Each
 * character is valued first (digit, A=10 .. Z=35, *=36, @=37, #=38), the
 * value at every even position from the left is doubled, and the decimal
 * digits of the products are summed - the letter is not split into two
 * digits before doubling, unlike ISIN.
 */
#include <ctype.h>
#include <string.h>

#include "secid/secid.h"

int secid_double_add_double(const char *s, size_t n, int with_specials)
{
    if (!s)
        return -1;
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = secid_char_value((unsigned char)s[i], with_specials);
        if (v < 0)
            return -1;
        if (i % 2 == 1)
            v *= 2;
        sum += v / 10 + v % 10;
    }
    return (10 - sum % 10) % 10;
}

int emb_cusip_check_digit(const char *first8)
{
    return secid_double_add_double(first8, 8, 1);
}

int secid_cusip_validate(const char *s, emb_secid *out, char *why,
                         size_t why_len)
{
    size_t n = strlen(s);
    out->kind = EMB_SECID_CUSIP;
    secid_copy(out->value, sizeof out->value, s, n);
    if (n != 9) {
        secid_why(why, why_len, "CUSIP has %zu characters, expected 9", n);
        return EMB_ERR_INVALID;
    }
    for (size_t i = 0; i < 8; i++) {
        if (secid_char_value((unsigned char)s[i], 1) < 0) {
            secid_why(why, why_len,
                      "CUSIP character %zu ('%c') is not a letter, digit, "
                      "*, @ or #",
                      i + 1, s[i]);
            return EMB_ERR_INVALID;
        }
    }
    if (!isdigit((unsigned char)s[8])) {
        secid_why(why, why_len, "CUSIP check character '%c' is not a digit",
                  s[8]);
        return EMB_ERR_INVALID;
    }
    int want = emb_cusip_check_digit(s);
    if (s[8] - '0' != want) {
        secid_why(why, why_len, "CUSIP check digit is %c, expected %d", s[8],
                  want);
        return EMB_ERR_INVALID;
    }
    out->check_ok = 1;
    return EMB_OK;
}
