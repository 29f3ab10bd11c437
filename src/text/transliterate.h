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

/* kana.c: 1 when c is a katakana letter or the long mark. */
int text_is_katakana(int32_t c);

/* 1 when cp[0..n) is a Korean name in katakana: two or three words of
 * katakana alone, the first a Korean family name (キム, パク, チェ ...). */
int text_kana_korean(const int32_t *cp, size_t n);

/* Reads the katakana words in cp[0..n) (runs of katakana; anything else
 * ends a word) as the foreign names they write, into out (cap bytes,
 * NUL-terminated): "セルゲイ・ラブロフ" gives "sergei rabrof". korean: 0,
 * or the words are of a Korean name (text_kana_korean), 1 its family
 * name, 2 its given name, read syllable by syllable ("ジョンウン" gives
 * "jon un"). Returns the length. */
size_t text_kana_read(const int32_t *cp, size_t n, int korean, char *out,
                      size_t cap);

#endif
