/*
 * seckey.c - canonical lookup keys for securities and issuer names.
 *
 * A security can be written many ways ("0728 HK", "0728.HK", "HKG:728";
 * an ISIN or the CUSIP inside it). The securities-identifier module
 * (emb_secid_parse) turns each spelling into one normalised value; this
 * file prefixes it with its kind so that the list index, the security
 * master and the fund holdings all agree on one key per security. Texts
 * that are no identifier (a house code such as "FUND-ASIA") get an "X:"
 * key of their upper-cased text.
 *
 * Issuer names are keyed on their words, upper-cased, without punctuation
 * and without legal forms, so "SZ DJI Technology Co Ltd" and "SZ DJI
 * TECHNOLOGY CO., LTD." meet. This is an exact lookup on purpose: under
 * EO 14032 only the listed entity itself is covered (OFAC FAQ 857), so a
 * name that is merely similar must not decide a trade.
 */
#include "rules/rules.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static void add_key(seckeys *k, const char *prefix, const char *v)
{
    if (!v[0] || k->n >= SECKEY_MAX)
        return;
    snprintf(k->key[k->n], SECKEY_LEN, "%s%s", prefix, v);
    for (int i = 0; i < k->n; i++)
        if (!strcmp(k->key[i], k->key[k->n]))
            return;
    k->n++;
}

int seckeys_of(const char *text, seckeys *out)
{
    memset(out, 0, sizeof *out);
    if (!text)
        return EMB_ERR_USAGE;
    size_t len = strlen(text);
    if (len > EMB_RULES_MAX_TEXT) {
        out->status = EMB_ERR_LIMIT;
        snprintf(out->why, sizeof out->why,
                 "security text is %zu bytes, longer than %d", len,
                 EMB_RULES_MAX_TEXT);
        return EMB_ERR_LIMIT;
    }
    out->status = emb_secid_parse(text, &out->id, out->why, sizeof out->why);
    const emb_secid *id = &out->id;
    switch (id->kind) {
    case EMB_SECID_ISIN:
        add_key(out, "I:", id->value);
        add_key(out, "C:", id->cusip);
        add_key(out, "S:", id->sedol);
        break;
    case EMB_SECID_CUSIP: add_key(out, "C:", id->value); break;
    case EMB_SECID_SEDOL: add_key(out, "S:", id->value); break;
    case EMB_SECID_FIGI: add_key(out, "F:", id->value); break;
    case EMB_SECID_TICKER: add_key(out, "T:", id->value); break;
    default: break;
    }
    if (out->n == 0) {
        char up[EMB_RULES_MAX_TEXT + 1];
        size_t n = 0;
        for (const char *p = text; *p; p++)
            if (!isspace((unsigned char)*p))
                up[n++] = (char)toupper((unsigned char)*p);
        up[n] = '\0';
        if (n > SECKEY_LEN - 3) {
            /* Long house codes keep a prefix plus a hash of the rest. */
            unsigned long h = 5381;
            for (size_t i = 0; i < n; i++)
                h = h * 33 + (unsigned char)up[i];
            snprintf(up + SECKEY_LEN - 20, 20, "#%016lx", h);
        }
        add_key(out, "X:", up);
    }
    return EMB_OK;
}

static int is_legal_form(const char *w, size_t n)
{
    static const char *const forms[] = {
        "CO", "COMPANY", "LTD", "LIMITED", "CORP", "CORPORATION", "INC",
        "INCORPORATED", "LLC", "PLC", "LLP", "LP", "SA", "AG", "GMBH",
        "JSC", "PJSC", "OJSC", "CJSC", "OAO", "ZAO", "PAO", "THE", "BV",
        "NV", "SPA", "SRL", "KK"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (strlen(forms[i]) == n && !memcmp(forms[i], w, n))
            return 1;
    return 0;
}

size_t issuer_name_key(const char *name, char *out, size_t cap)
{
    if (cap < 4)
        return 0;
    size_t o = 2;
    memcpy(out, "N:", 2);
    char word[128];
    const unsigned char *p = (const unsigned char *)(name ? name : "");
    while (*p) {
        size_t n = 0;
        while (*p && (isalnum(*p) || *p >= 0x80)) {
            if (n < sizeof word)
                word[n++] = (char)toupper(*p);
            p++;
        }
        if (n > 0 && !is_legal_form(word, n)) {
            if (o + n + 2 > cap)
                break;
            if (o > 2)
                out[o++] = ' ';
            memcpy(out + o, word, n);
            o += n;
        }
        while (*p && !(isalnum(*p) || *p >= 0x80))
            p++;
    }
    out[o] = '\0';
    if (o == 2) {
        out[0] = '\0';
        return 0;
    }
    return o;
}
