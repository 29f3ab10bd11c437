/*
 * fuzz_secid.c - identifier and ticker parsing on arbitrary bytes.
 *
 * The input (cut at its first NUL, copied so that it is terminated) goes
 * through auto-detection, every forced kind, ticker normalisation with a
 * short and a full key buffer, the check-digit functions and the ISIN
 * builders. Every output string must stay terminated inside its field;
 * a violation traps so that the fuzzer records it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "embargo.h"

static void must(int cond)
{
    if (!cond)
        __builtin_trap();
}

static void check_fields(const emb_secid *id, int status, const char *why)
{
    must(memchr(id->value, 0, sizeof id->value) != NULL);
    must(memchr(id->country, 0, sizeof id->country) != NULL);
    must(memchr(id->exchange, 0, sizeof id->exchange) != NULL);
    must(memchr(id->mic, 0, sizeof id->mic) != NULL);
    must(memchr(id->ticker, 0, sizeof id->ticker) != NULL);
    must(memchr(id->cusip, 0, sizeof id->cusip) != NULL);
    must(memchr(id->sedol, 0, sizeof id->sedol) != NULL);
    must(status == EMB_OK || status == EMB_ERR_INVALID);
    must((status == EMB_OK) == (id->check_ok == 1));
    must(status != EMB_OK || why[0] == '\0');
    must(status == EMB_OK || why[0] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    emb_secid id, other;
    char why[96];
    int r = emb_secid_parse(s, &id, why, sizeof why);
    check_fields(&id, r, why);
    for (int k = EMB_SECID_UNKNOWN; k <= EMB_SECID_TICKER; k++) {
        r = emb_secid_parse_as(s, (emb_secid_kind)k, &other, why, sizeof why);
        check_fields(&other, r, why);
        (void)emb_secid_same(&id, &other);
    }

    char key[32], tiny[6];
    r = emb_ticker_normalize(s, key, sizeof key, why, sizeof why);
    must(r == EMB_OK || r == EMB_ERR_INVALID);
    must(memchr(key, 0, sizeof key) != NULL);
    r = emb_ticker_normalize(s, tiny, sizeof tiny, why, 1);
    must(memchr(tiny, 0, sizeof tiny) != NULL && why[0] == '\0');
    (void)emb_ticker_key(s, s, key, sizeof key, why, sizeof why);
    (void)emb_ticker_key("0728", s, key, sizeof key, why, sizeof why);

    int d = emb_isin_check_digit(s);
    must(d >= -1 && d <= 9);
    d = emb_cusip_check_digit(s);
    must(d >= -1 && d <= 9);
    d = emb_sedol_check_digit(s);
    must(d >= -1 && d <= 9);
    d = emb_figi_check_digit(s);
    must(d >= -1 && d <= 9);

    char isin[13];
    if (emb_isin_from_cusip("US", s, isin) == EMB_OK)
        must(emb_secid_parse(isin, &other, NULL, 0) == EMB_OK &&
             !strcasecmp(other.cusip, s));
    if (emb_isin_from_sedol("GB", s, isin) == EMB_OK)
        must(emb_secid_parse(isin, &other, NULL, 0) == EMB_OK);
    if (size >= 2)
        (void)emb_isin_from_cusip(s + size - 2, "037833100", isin);
    free(s);
    return 0;
}
