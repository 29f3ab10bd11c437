/*
 * secid.h - what the identifier files share inside src/secid: character
 * values, the "double add double" sum that CUSIP and FIGI both use, the
 * reason formatter, and each scheme's structural validator.
 *
 * Validators take a normalised candidate (upper case, no spaces, at most
 * EMB_SECID_MAX_INPUT bytes), fill `out` as far as the text allows and
 * return EMB_OK or EMB_ERR_INVALID with the first failing check in `why`.
 * They never read past the candidate's NUL.
 */
#ifndef EMB_SECID_SECID_H
#define EMB_SECID_SECID_H

#include <stddef.h>

#include "embargo.h"

#if defined(__GNUC__)
#define SECID_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SECID_PRINTF(a, b)
#endif

/* Writes a reason into why (NULL or why_len 0: nothing). */
void secid_why(char *why, size_t why_len, const char *fmt, ...)
    SECID_PRINTF(3, 4);

/* 0..9 for digits, 10..35 for letters (either case), 36/37/38 for '*',
 * '@', '#' when with_specials; -1 otherwise. */
int secid_char_value(int c, int with_specials);

/* Vowels A E I O U (SEDOL and FIGI never use them). */
int secid_is_vowel(int c);

/* Check digit by "Modulus 10 Double Add Double" over the first n
 * characters of s: values doubled at the 2nd, 4th, ... position from the
 * left, decimal digits of every product summed, check = (10 - sum % 10)
 * % 10. -1 when s is shorter than n or holds a character outside the
 * alphabet. */
int secid_double_add_double(const char *s, size_t n, int with_specials);

/* Structural validators (see the comment at the top). */
int secid_isin_validate(const char *s, emb_secid *out, char *why,
                        size_t why_len);
int secid_cusip_validate(const char *s, emb_secid *out, char *why,
                         size_t why_len);
int secid_sedol_validate(const char *s, emb_secid *out, char *why,
                         size_t why_len);
int secid_figi_validate(const char *s, emb_secid *out, char *why,
                        size_t why_len);

/* Parses a trimmed ticker text (any supported spelling) into out (kind,
 * value = key, country, exchange, mic, ticker). */
int secid_ticker_parse(const char *text, emb_secid *out, char *why,
                       size_t why_len);

/* Trims text and checks it is printable ASCII of at most
 * EMB_SECID_MAX_INPUT bytes; copies it into buf. EMB_OK or
 * EMB_ERR_INVALID with why. */
int secid_clean_input(const char *text, char buf[EMB_SECID_MAX_INPUT + 1],
                      char *why, size_t why_len);

/* Copies at most dst_len-1 bytes and NUL-terminates. */
void secid_copy(char *dst, size_t dst_len, const char *src, size_t n);

#endif
