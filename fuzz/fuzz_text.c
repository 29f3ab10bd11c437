/*
 * fuzz_text.c - name normalisation over arbitrary bytes: any input must
 * give EMB_OK or EMB_ERR_INVALID, stay inside the text_name bounds and
 * produce [a-z0-9]+ tokens whose phonetic and katakana consonant keys fit
 * their buffers, and a Korean reading, if any, of Hangul syllables;
 * read as a person's name (no legal forms), the same result and no
 * legal token.
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
    static text_name person;
    int rc = text_person_normalize(ctx, (const char *)data, size, &person);
    int prc = rc;
    if (rc != EMB_OK && rc != EMB_ERR_INVALID)
        abort();
    for (int i = 0; rc == EMB_OK && i < person.n; i++)
        if (person.tok[i].flags & TOK_LEGAL)
            abort();
    rc = text_name_normalize(ctx, (const char *)data, size, &nm);
    if (rc != prc || person.n < 0 || person.n > TEXT_MAX_TOKENS)
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
        char sk[64];
        k = text_skeleton_kana(t->s, t->len, sk, sizeof sk);
        if (k >= sizeof sk || strlen(sk) != k)
            abort();
    }
    /* a Korean reading is Hangul: three bytes a character, 2 to 4 */
    if (rc == EMB_OK) {
        char kr[TEXT_CJK_NAME_MAX * 3 + 1];
        size_t k = text_korean_reading(ctx, (const char *)data, size, kr,
                                       sizeof kr);
        if (k && (k % 3 || k < 6 || strlen(kr) != k))
            abort();
        for (size_t i = 0; i < k; i += 3) /* U+AC00 to U+D7A3 */
            if ((unsigned char)kr[i] < 0xEA || (unsigned char)kr[i] > 0xED)
                abort();
    }
    /* a Wade-Giles reading is ASCII, NUL-terminated, within its buffer,
     * and read from a name of ASCII letters, spaces, commas, hyphens,
     * dots and apostrophes only */
    char wg[96];
    size_t w = text_wg_reading((const char *)data, size, wg, sizeof wg);
    if (w && (w >= sizeof wg || strlen(wg) != w))
        abort();
    for (size_t i = 0; w && i < size; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    " ,-.'",
                    data[i]) || !data[i])
            abort();
    return 0;
}
