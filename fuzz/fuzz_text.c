/*
 * fuzz_text.c - name normalisation over arbitrary bytes: any input must
 * give EMB_OK or EMB_ERR_INVALID, stay inside the text_name bounds and
 * produce [a-z0-9]+ tokens whose phonetic keys fit their buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

static text_ctx *ctx;
static text_name nm;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx && text_ctx_open(&ctx) != EMB_OK)
        abort();
    int rc = text_name_normalize(ctx, (const char *)data, size, &nm);
    if (rc != EMB_OK && rc != EMB_ERR_INVALID)
        abort();
    if (nm.n < 0 || nm.n > TEXT_MAX_TOKENS || nm.used > TEXT_BUF)
        abort();
    for (int i = 0; i < nm.n; i++) {
        const text_token *t = &nm.tok[i];
        if (!t->s || !t->orig || strlen(t->s) != t->len || t->len == 0)
            abort();
        for (const char *p = t->s; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
                abort();
        char key[16];
        size_t k = text_phonetic(t->s, key, sizeof key);
        if (k >= sizeof key || strlen(key) != k)
            abort();
    }
    return 0;
}
