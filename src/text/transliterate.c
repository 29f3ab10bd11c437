/*
 * transliterate.c - non-ASCII names to ASCII text (first cut: non-ASCII
 * characters become token breaks).
 */
#include "text/transliterate.h"

#include <stdlib.h>

struct text_ctx {
    char ascii[TEXT_MAX_INPUT + 1];
};

int text_ctx_open(text_ctx **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? EMB_OK : EMB_ERR_NOMEM;
}

void text_ctx_close(text_ctx *ctx)
{
    free(ctx);
}

const char *translit_to_ascii(text_ctx *ctx, const char *utf8, size_t len,
                              size_t *out_len, uint32_t *applied)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < TEXT_MAX_INPUT; i++) {
        unsigned char c = (unsigned char)utf8[i];
        ctx->ascii[n++] = c < 0x80 ? (char)c : ' ';
    }
    *out_len = n;
    (void)applied;
    return ctx->ascii;
}
