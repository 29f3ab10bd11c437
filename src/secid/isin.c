/*
 * isin.c - ISIN (ISO 6166): check digit, validation, the CUSIP and SEDOL
 * an ISIN embeds, and building an ISIN from either.
 *
 * Structure and algorithm as in DOMAIN.md 3.1 (source S36): 2-letter
 * prefix, 9 alphanumerics, 1 digit. The check digit is Luhn over the
 * letter-expanded digit string (A=10 .. Z=35): letters are expanded to two
 * digits *before* alternating, which is where ISIN differs from CUSIP and
 * FIGI. Containment (S36, S38): a US or CA ISIN is prefix + CUSIP + check;
 * a GB or IE ISIN is prefix + "00" + SEDOL + check.
 */
#include <ctype.h>
#include <string.h>

#include "secid/secid.h"

int emb_isin_check_digit(const char *first11)
{
    if (!first11)
        return -1;
    unsigned char digits[22];
    size_t n = 0;
    for (size_t i = 0; i < 11; i++) {
        int v = secid_char_value((unsigned char)first11[i], 0);
        if (v < 0)
            return -1; /* also stops at the NUL of a short string */
        if (v >= 10)
            digits[n++] = (unsigned char)(v / 10);
        digits[n++] = (unsigned char)(v % 10);
    }
    int sum = 0, dbl = 1; /* the rightmost digit is doubled */
    for (size_t i = n; i-- > 0; dbl = !dbl) {
        int d = digits[i] * (dbl ? 2 : 1);
        sum += d / 10 + d % 10;
    }
    return (10 - sum % 10) % 10;
}

/* Fills the CUSIP or SEDOL that a US/CA or GB/IE ISIN embeds. */
static void isin_embedded(const char *s, emb_secid *out)
{
    if (!strncmp(s, "US", 2) || !strncmp(s, "CA", 2))
        secid_copy(out->cusip, sizeof out->cusip, s + 2, 9);
    else if ((!strncmp(s, "GB", 2) || !strncmp(s, "IE", 2)) &&
             !strncmp(s + 2, "00", 2))
        secid_copy(out->sedol, sizeof out->sedol, s + 4, 7);
}

int secid_isin_validate(const char *s, emb_secid *out, char *why,
                        size_t why_len)
{
    size_t n = strlen(s);
    out->kind = EMB_SECID_ISIN;
    secid_copy(out->value, sizeof out->value, s, n);
    if (n >= 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]))
        secid_copy(out->country, sizeof out->country, s, 2);
    if (n != 12) {
        secid_why(why, why_len, "ISIN has %zu characters, expected 12", n);
        return EMB_ERR_INVALID;
    }
    if (!out->country[0]) {
        secid_why(why, why_len, "ISIN prefix %.2s is not two letters", s);
        return EMB_ERR_INVALID;
    }
    for (size_t i = 2; i < 11; i++) {
        if (secid_char_value((unsigned char)s[i], 0) < 0) {
            secid_why(why, why_len,
                      "ISIN character %zu ('%c') is not a letter or digit",
                      i + 1, s[i]);
            return EMB_ERR_INVALID;
        }
    }
    isin_embedded(s, out);
    if (!isdigit((unsigned char)s[11])) {
        secid_why(why, why_len, "ISIN check character '%c' is not a digit",
                  s[11]);
        return EMB_ERR_INVALID;
    }
    int want = emb_isin_check_digit(s);
    if (s[11] - '0' != want) {
        secid_why(why, why_len, "ISIN check digit is %c, expected %d", s[11],
                  want);
        return EMB_ERR_INVALID;
    }
    out->check_ok = 1;
    return EMB_OK;
}

/* Writes prefix + body + check digit into out; body must be 9 chars. */
static int isin_build(const char *country2, const char *body, char out[13])
{
    memcpy(out, country2, 2);
    memcpy(out + 2, body, 9);
    int d = emb_isin_check_digit(out);
    if (d < 0) {
        out[0] = '\0';
        return EMB_ERR_INVALID;
    }
    out[11] = (char)('0' + d);
    out[12] = '\0';
    return EMB_OK;
}

static int is_country2(const char *c)
{
    return isalpha((unsigned char)c[0]) && isalpha((unsigned char)c[1]) &&
           c[2] == '\0';
}

int emb_isin_from_cusip(const char *country2, const char *cusip, char out[13])
{
    if (!out)
        return EMB_ERR_USAGE;
    out[0] = '\0';
    if (!country2 || !cusip)
        return EMB_ERR_USAGE;
    if (!is_country2(country2) || strlen(cusip) != 9)
        return EMB_ERR_INVALID;
    char body[10], cc[3] = {(char)toupper((unsigned char)country2[0]),
                            (char)toupper((unsigned char)country2[1]), 0};
    for (int i = 0; i < 9; i++)
        body[i] = (char)toupper((unsigned char)cusip[i]);
    body[9] = '\0';
    emb_secid tmp;
    memset(&tmp, 0, sizeof tmp);
    /* An ISIN cannot hold '*', '@' or '#', so private-placement CUSIPs
     * have no ISIN; isin_build's check digit rejects them. */
    if (secid_cusip_validate(body, &tmp, NULL, 0) != EMB_OK)
        return EMB_ERR_INVALID;
    return isin_build(cc, body, out);
}

int emb_isin_from_sedol(const char *country2, const char *sedol, char out[13])
{
    if (!out)
        return EMB_ERR_USAGE;
    out[0] = '\0';
    if (!country2 || !sedol)
        return EMB_ERR_USAGE;
    if (!is_country2(country2) || strlen(sedol) != 7)
        return EMB_ERR_INVALID;
    char cc[3] = {(char)toupper((unsigned char)country2[0]),
                  (char)toupper((unsigned char)country2[1]), 0};
    if (strcmp(cc, "GB") && strcmp(cc, "IE"))
        return EMB_ERR_INVALID;
    char body[10] = "00";
    for (int i = 0; i < 7; i++)
        body[2 + i] = (char)toupper((unsigned char)sedol[i]);
    body[9] = '\0';
    emb_secid tmp;
    memset(&tmp, 0, sizeof tmp);
    if (secid_sedol_validate(body + 2, &tmp, NULL, 0) != EMB_OK)
        return EMB_ERR_INVALID;
    return isin_build(cc, body, out);
}
