/*
 * secid.c - identifier detection: which scheme a piece of text is in, and
 * the entry points that validate it (emb_secid_parse, emb_secid_parse_as,
 * emb_secid_same).
 *
 * Detection goes by shape, because lists and order files rarely say which
 * identifier a value is. Text with market syntax (a space, ':', '.', '-',
 * '/') is tried as a ticker first; then, with spaces and dashes removed
 * ("037833 10 0" is a common CUSIP spelling), 12 characters are an ISIN or
 * a FIGI, 9 a CUSIP, 7 a SEDOL, a short bare symbol a ticker, and a near
 * miss (2 letters + 8..12 more, or 8 characters) the probable scheme with
 * a length complaint. OFAC publishes at least one 11-character "ISIN"
 * (BRC1EODR004), which must stay recognisable so that a caller can still
 * match it against the same typo elsewhere.
 *
 * FIGI and ISIN overlap in shape ("BBG000BLNQ16" is also 2 letters + 9 +
 * digit). A 12-character value that verifies as an ISIN is an ISIN;
 * otherwise one with FIGI's consonant + 'G' shape and an allowed prefix is
 * treated as a FIGI. The prefixes FIGI excludes (BS, BM, GG, GB, GH, KY,
 * VG) are exactly the countries whose ISINs look like FIGIs, so those stay
 * ISINs.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "secid/secid.h"

void secid_why(char *why, size_t why_len, const char *fmt, ...)
{
    if (!why || why_len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, why_len, fmt, ap);
    va_end(ap);
}

int secid_char_value(int c, int with_specials)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (with_specials) {
        if (c == '*')
            return 36;
        if (c == '@')
            return 37;
        if (c == '#')
            return 38;
    }
    return -1;
}

int secid_is_vowel(int c)
{
    c = toupper(c);
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

void secid_copy(char *dst, size_t dst_len, const char *src, size_t n)
{
    if (dst_len == 0)
        return;
    if (n > dst_len - 1)
        n = dst_len - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

const char *emb_secid_kind_name(emb_secid_kind k)
{
    switch (k) {
    case EMB_SECID_ISIN: return "isin";
    case EMB_SECID_CUSIP: return "cusip";
    case EMB_SECID_SEDOL: return "sedol";
    case EMB_SECID_FIGI: return "figi";
    case EMB_SECID_TICKER: return "ticker";
    default: return "unknown";
    }
}

int secid_clean_input(const char *text, char buf[EMB_SECID_MAX_INPUT + 1],
                      char *why, size_t why_len)
{
    buf[0] = '\0';
    while (*text && isspace((unsigned char)*text))
        text++;
    size_t n = strnlen(text, EMB_SECID_MAX_INPUT + 64);
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    if (n == 0) {
        secid_why(why, why_len, "identifier is empty");
        return EMB_ERR_INVALID;
    }
    if (n > EMB_SECID_MAX_INPUT) {
        secid_why(why, why_len, "identifier is longer than %d characters",
                  EMB_SECID_MAX_INPUT);
        return EMB_ERR_INVALID;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x80) {
            secid_why(why, why_len, "identifier contains a non-ASCII byte");
            return EMB_ERR_INVALID;
        }
        if (c < 0x20 && c != '\t') {
            secid_why(why, why_len, "identifier contains a control character");
            return EMB_ERR_INVALID;
        }
        if (c == 0x7f) {
            secid_why(why, why_len, "identifier contains a control character");
            return EMB_ERR_INVALID;
        }
    }
    memcpy(buf, text, n);
    buf[n] = '\0';
    return EMB_OK;
}

/* Upper-cases s into out without spaces, tabs and dashes. Returns 1 when
 * what is left uses only identifier characters (A-Z 0-9 * @ #). */
static int compact(const char *s, char *out)
{
    int clean = 1;
    size_t n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '-')
            continue;
        c = (unsigned char)toupper(c);
        if (secid_char_value(c, 1) < 0)
            clean = 0;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return clean;
}

static int is_consonant(int c)
{
    return isupper(c) && !secid_is_vowel(c);
}

static int figi_shaped(const char *s)
{
    static const char *const banned[] = {"BS", "BM", "GG", "GB",
                                         "GH", "KY", "VG"};
    if (!is_consonant((unsigned char)s[0]) ||
        !is_consonant((unsigned char)s[1]) || s[2] != 'G')
        return 0;
    for (size_t i = 0; i < sizeof banned / sizeof *banned; i++)
        if (!strncmp(s, banned[i], 2))
            return 0;
    return 1;
}

/* Detects the scheme of a compacted identifier candidate. Returns -1 when
 * no identifier scheme claims it. */
static int detect_id(const char *s, emb_secid *out, char *why, size_t why_len)
{
    size_t n = strlen(s);
    int has_digit = strpbrk(s, "0123456789") != NULL;
    int two_letters = isupper((unsigned char)s[0]) &&
                      isupper((unsigned char)s[1]);
    if (!has_digit)
        return -1;
    if (n == 12) {
        int r = secid_isin_validate(s, out, why, why_len);
        if (r == EMB_OK || !figi_shaped(s))
            return r;
        char figi_why[128];
        emb_secid figi;
        memset(&figi, 0, sizeof figi);
        r = secid_figi_validate(s, &figi, figi_why, sizeof figi_why);
        /* A FIGI that verifies, or an issued one ("BBG"), is a FIGI; any
         * other near miss is reported against ISIN, the commoner one. */
        if (r == EMB_OK || !strncmp(s, "BBG", 3)) {
            *out = figi;
            secid_why(why, why_len, "%s", r == EMB_OK ? "" : figi_why);
        }
        return r;
    }
    if (n == 9)
        return secid_cusip_validate(s, out, why, why_len);
    if (n == 7)
        return secid_sedol_validate(s, out, why, why_len);
    if (two_letters && n >= 10 && n <= 14) {
        if (!strncmp(s, "BBG", 3))
            return secid_figi_validate(s, out, why, why_len);
        return secid_isin_validate(s, out, why, why_len);
    }
    if (n == 8)
        return secid_cusip_validate(s, out, why, why_len);
    return -1;
}

static int parse_auto(const char *buf, emb_secid *out, char *why,
                      size_t why_len)
{
    char flat[EMB_SECID_MAX_INPUT + 1];
    int id_chars = compact(buf, flat);
    size_t n = strlen(flat);
    int ticker_syntax = strpbrk(buf, " \t:./-") != NULL;

    char tick_why[160] = "";
    emb_secid tick;
    memset(&tick, 0, sizeof tick);
    int tr = -1;
    /* A bare text of 7, 9 or 12 characters is an identifier first. */
    if (ticker_syntax || (n != 7 && n != 9 && n != 12)) {
        tr = secid_ticker_parse(buf, &tick, tick_why, sizeof tick_why);
        if (tr == EMB_OK) {
            *out = tick;
            return EMB_OK;
        }
    }
    if (id_chars && n > 0) {
        int r = detect_id(flat, out, why, why_len);
        if (r >= 0)
            return r;
    }
    memset(out, 0, sizeof *out);
    if (ticker_syntax && tr >= 0) {
        *out = tick;
        secid_why(why, why_len, "%s", tick_why);
    } else {
        secid_why(why, why_len,
                  "%s is not an ISIN, CUSIP, SEDOL, FIGI or ticker", buf);
    }
    return EMB_ERR_INVALID;
}

int emb_secid_parse_as(const char *text, emb_secid_kind kind, emb_secid *out,
                       char *why, size_t why_len)
{
    secid_why(why, why_len, "%s", "");
    if (!out)
        return EMB_ERR_USAGE;
    memset(out, 0, sizeof *out);
    if (!text) {
        secid_why(why, why_len, "no identifier given");
        return EMB_ERR_USAGE;
    }
    char buf[EMB_SECID_MAX_INPUT + 1];
    int r = secid_clean_input(text, buf, why, why_len);
    if (r != EMB_OK)
        return r;
    char flat[EMB_SECID_MAX_INPUT + 1];
    switch (kind) {
    case EMB_SECID_TICKER:
        return secid_ticker_parse(buf, out, why, why_len);
    case EMB_SECID_ISIN:
        compact(buf, flat);
        return secid_isin_validate(flat, out, why, why_len);
    case EMB_SECID_CUSIP:
        compact(buf, flat);
        return secid_cusip_validate(flat, out, why, why_len);
    case EMB_SECID_SEDOL:
        compact(buf, flat);
        return secid_sedol_validate(flat, out, why, why_len);
    case EMB_SECID_FIGI:
        compact(buf, flat);
        return secid_figi_validate(flat, out, why, why_len);
    default:
        return parse_auto(buf, out, why, why_len);
    }
}

int emb_secid_parse(const char *text, emb_secid *out, char *why,
                    size_t why_len)
{
    return emb_secid_parse_as(text, EMB_SECID_UNKNOWN, out, why, why_len);
}

/* 1 when isin embeds other (a CUSIP or SEDOL). */
static int embeds(const emb_secid *isin, const emb_secid *other)
{
    if (isin->kind != EMB_SECID_ISIN)
        return 0;
    if (other->kind == EMB_SECID_CUSIP)
        return isin->cusip[0] && !strcmp(isin->cusip, other->value);
    if (other->kind == EMB_SECID_SEDOL)
        return isin->sedol[0] && !strcmp(isin->sedol, other->value);
    return 0;
}

int emb_secid_same(const emb_secid *a, const emb_secid *b)
{
    if (!a || !b || a->kind == EMB_SECID_UNKNOWN ||
        b->kind == EMB_SECID_UNKNOWN)
        return 0;
    if (a->kind == b->kind)
        return a->value[0] && !strcmp(a->value, b->value);
    return embeds(a, b) || embeds(b, a);
}
