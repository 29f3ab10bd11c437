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
#include "text/text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static void add_key(seckeys *k, const char *prefix, const char *v)
{
    if (!v[0] || k->n >= SECKEY_MAX)
        return;
    /* keys longer than SECKEY_LEN were hashed by the caller */
    int room = SECKEY_LEN - 1 - (int)strlen(prefix);
    snprintf(k->key[k->n], SECKEY_LEN, "%s%.*s", prefix, room, v);
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

/* The issuer-name key: the name through the same normaliser as name
 * screening (case, punctuation, transliteration variants, abbreviations,
 * legal forms recognised and dropped, stop words dropped), so that "SZ DJI
 * Tech Co Ltd" and "SZ DJI TECHNOLOGY CO., LTD." share a key. Under
 * EO 14032 only the exact listed entity is in scope, so the key is exact on
 * the remaining words. Non-ASCII names, which need a per-thread ICU
 * context, are keyed on their upper-cased words. */
size_t issuer_name_key(const char *name, char *out, size_t cap)
{
    if (cap < 4)
        return 0;
    size_t o = 2;
    memcpy(out, "N:", 2);
    if (!name)
        name = "";
    text_name tn;
    if (text_name_normalize(NULL, name, strlen(name), &tn) == EMB_OK) {
        for (int i = 0; i < tn.n; i++) {
            const text_token *t = &tn.tok[i];
            if (t->flags & (TOK_LEGAL | TOK_STOP))
                continue;
            if (o + t->len + 2 > cap)
                break;
            if (o > 2)
                out[o++] = ' ';
            memcpy(out + o, t->s, t->len);
            o += t->len;
        }
    } else {
        const unsigned char *p = (const unsigned char *)name;
        while (*p && o + 2 < cap) {
            if (isalnum(*p) || *p >= 0x80) {
                out[o++] = (char)toupper(*p);
            } else if (o > 2 && out[o - 1] != ' ') {
                out[o++] = ' ';
            }
            p++;
        }
        while (o > 2 && out[o - 1] == ' ')
            o--;
    }
    out[o] = '\0';
    if (o == 2) {
        out[0] = '\0';
        return 0;
    }
    return o;
}
