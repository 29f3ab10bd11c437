/*
 * transliterate.h - private to src/text: non-ASCII names to ASCII text.
 */
#ifndef EMB_TEXT_TRANSLITERATE_H
#define EMB_TEXT_TRANSLITERATE_H

#include <stddef.h>
#include <stdint.h>

#include "text/text.h"

/* In the ASCII text translit_to_ascii() returns, this byte stands before
 * a word that the Chinese company vocabulary knows as a legal form. */
#define TRANSLIT_LEGAL_MARK '\x01'

/* Turns valid UTF-8 (at most TEXT_MAX_INPUT bytes) into ASCII text in
 * ctx scratch space: letters, digits, spaces, ASCII punctuation and
 * TRANSLIT_LEGAL_MARK. Adds TX_* bits to *applied. The result lives until
 * the next call on ctx; NULL only when ICU fails to run. */
const char *translit_to_ascii(text_ctx *ctx, const char *utf8, size_t len,
                              size_t *out_len, uint32_t *applied);

#endif
