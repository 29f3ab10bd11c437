/*
 * hitjson.c - a screening hit as a JSON object, written by hand into a
 * growing buffer (sbuf) so that a batch of millions of rows formats its
 * output without building a tree per hit. The object is the one the
 * command line prints and the batch writes:
 *
 *   {"source", "source_id", "name", "matched_name", "score", "type",
 *    "programs", "sources": [{"source", "source_id"}...],
 *    "explanation": {"name_score", "script_similarity" (CJK personal names
 *    only), "tokens": [{"query", "list", "match",
 *    "similarity"}...], "unmatched_list_tokens", "query_normalisations",
 *    "name_normalisations", "evidence": [{"field", "result", "effect",
 *    "list_value", and for an identifier "list_label", "list_kind",
 *    "query_value"}...]}}
 */
#include "match/match.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *emb_match_how_name(emb_match_how h)
{
    switch (h) {
    case EMB_MATCH_NONE: return "none";
    case EMB_MATCH_EXACT: return "exact";
    case EMB_MATCH_VARIANT: return "variant";
    case EMB_MATCH_PHONETIC: return "phonetic";
    case EMB_MATCH_FUZZY: return "fuzzy";
    case EMB_MATCH_JOINED: return "joined";
    case EMB_MATCH_SPLIT: return "split";
    case EMB_MATCH_INITIAL: return "initial";
    case EMB_MATCH_REGROUPED: return "regrouped";
    case EMB_MATCH_NICKNAME: return "nickname";
    case EMB_MATCH_ACRONYM: return "acronym";
    case EMB_MATCH_ADJECTIVE: return "adjective";
    case EMB_MATCH_SPELLING: return "spelling";
    case EMB_MATCH_CONSONANTS: return "consonants";
    }
    return "none";
}

const char *emb_norm_name(unsigned bit)
{
    switch (bit) {
    case EMB_NORM_CASEFOLD: return "casefold";
    case EMB_NORM_TRANSLIT: return "transliteration";
    case EMB_NORM_ASCII: return "diacritics";
    case EMB_NORM_CJK_COMPANY: return "chinese_company";
    case EMB_NORM_LEGAL_FORM: return "legal_form";
    case EMB_NORM_ABBREV: return "abbreviation";
    case EMB_NORM_VARIANT: return "name_variant";
    case EMB_NORM_PUNCT: return "punctuation";
    case EMB_NORM_TRUNCATED: return "truncated";
    case EMB_NORM_CONTROL: return "control_characters";
    case EMB_NORM_NUMBER: return "number_words";
    case EMB_NORM_KOREAN_READING: return "korean_reading";
    case EMB_NORM_PERSIAN_READING: return "persian_reading";
    case EMB_NORM_MARK_READING: return "registration_mark";
    case EMB_NORM_WADE_GILES_READING: return "wade_giles_reading";
    }
    return NULL;
}

_Static_assert((int)EMB_NORM_TRANSLIT == (int)TX_TRANSLIT &&
                   (int)EMB_NORM_CONTROL == (int)TX_CONTROL &&
                   (int)EMB_NORM_NUMBER == (int)TX_NUMBER &&
                   (int)EMB_NORM_KOREAN_READING == (int)TX_KOREAN_READING &&
                   (int)EMB_NORM_PERSIAN_READING ==
                       (int)TX_PERSIAN_READING &&
                   (int)EMB_NORM_MARK_READING == (int)TX_MARK_READING &&
                   (int)EMB_NORM_WADE_GILES_READING == (int)TX_WG_READING &&
                   (int)EMB_NORM_CJK_COMPANY == (int)TX_CJK_COMPANY &&
                   (int)EMB_NORM_TRUNCATED == (int)TX_TRUNCATED,
               "EMB_NORM_* must equal TX_*");

/* Appends v with d (1..6) decimals, the same text as printf's "%.*f" but
 * without its cost (hits are formatted on the service's hot path). Values
 * printf would round differently from a scaled integer (within 1e-7 of a
 * half), very large ones and non-finite ones go through printf itself. */
static void put_fixed(sbuf *b, double v, int d)
{
    static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    char out[48];
    int neg = signbit(v) != 0;
    double a = neg ? -v : v;
    double x = a * scale[d];
    if (!(x < 1e8)) { /* also NaN and infinities */
        sb_printf(b, "%.*f", d, v);
        return;
    }
    double fl = floor(x), frac = x - fl;
    if (fabs(frac - 0.5) < 1e-7) {
        sb_printf(b, "%.*f", d, v);
        return;
    }
    unsigned long long n = (unsigned long long)fl + (frac > 0.5);
    char digits[24];
    int k = 0;
    do {
        digits[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (k <= d) /* at least one digit before the point */
        digits[k++] = '0';
    int o = 0;
    if (neg)
        out[o++] = '-';
    for (int i = k - 1; i >= 0; i--) {
        out[o++] = digits[i];
        if (i == d)
            out[o++] = '.';
    }
    sb_put(b, out, (size_t)o);
}

static void norms(sbuf *b, unsigned bits)
{
    sb_put(b, "[", 1);
    int first = 1;
    for (unsigned bit = 1; bit && bit <= EMB_NORM_WADE_GILES_READING;
         bit <<= 1) {
        const char *n = (bits & bit) ? emb_norm_name(bit) : NULL;
        if (!n)
            continue;
        if (!first)
            sb_put(b, ",", 1);
        first = 0;
        sb_json_str(b, n);
    }
    sb_put(b, "]", 1);
}

static const char *evidence_field(emb_evidence_field f)
{
    return f == EMB_EVIDENCE_TYPE      ? "type"
           : f == EMB_EVIDENCE_COUNTRY ? "country"
           : f == EMB_EVIDENCE_IDENT   ? "identifier"
                                       : "dob";
}

static void programs(sbuf *b, const emb_hit *h)
{
    sb_put(b, "[", 1);
    int first = 1;
    for (size_t r = 0; r < h->n_records; r++) {
        const emb_record *rec = h->records[r];
        for (size_t i = 0; i < rec->n_programs; i++) {
            const char *p = rec->programs[i];
            int dup = 0;
            for (size_t r2 = 0; r2 <= r && !dup; r2++) {
                const emb_record *o = h->records[r2];
                size_t lim = r2 == r ? i : o->n_programs;
                for (size_t k = 0; k < lim && !dup; k++)
                    dup = strcmp(o->programs[k], p) == 0;
            }
            if (dup)
                continue;
            if (!first)
                sb_put(b, ",", 1);
            first = 0;
            sb_json_str(b, p);
        }
    }
    sb_put(b, "]", 1);
}

void hit_json(sbuf *b, const emb_hit *h, int explain)
{
    const emb_record *r = h->record;
    sb_puts(b, "{\"source\":");
    sb_json_str(b, r->source);
    sb_puts(b, ",\"source_id\":");
    sb_json_str(b, r->source_id);
    sb_puts(b, ",\"name\":");
    sb_json_str(b, r->n_names ? r->names[0].full : NULL);
    sb_puts(b, ",\"matched_name\":");
    sb_json_str(b, h->name_index < r->n_names ? r->names[h->name_index].full
                                              : NULL);
    sb_puts(b, ",\"score\":");
    put_fixed(b, h->score, 4);
    sb_puts(b, ",\"type\":");
    sb_json_str(b, emb_kind_name(r->kind));
    sb_puts(b, ",\"programs\":");
    programs(b, h);
    sb_puts(b, ",\"sources\":[");
    for (size_t i = 0; i < h->n_records; i++) {
        sb_puts(b, i ? ",{\"source\":" : "{\"source\":");
        sb_json_str(b, h->records[i]->source);
        sb_puts(b, ",\"source_id\":");
        sb_json_str(b, h->records[i]->source_id);
        if (h->records[i]->list) {
            sb_puts(b, ",\"list\":");
            sb_json_str(b, h->records[i]->list);
        }
        sb_put(b, "}", 1);
    }
    sb_put(b, "]", 1);
    if (explain) {
        const emb_explanation *e = &h->explanation;
        sb_puts(b, ",\"explanation\":{\"name_score\":");
        put_fixed(b, e->name_score, 4);
        if (e->script_similarity >= 0) {
            sb_puts(b, ",\"script_similarity\":");
            put_fixed(b, e->script_similarity, 4);
        }
        sb_puts(b, ",\"tokens\":[");
        for (size_t i = 0; i < e->n_tokens; i++) {
            const emb_token_match *m = &e->tokens[i];
            sb_puts(b, i ? ",{\"query\":" : "{\"query\":");
            sb_json_str(b, m->query);
            sb_puts(b, ",\"list\":");
            if (m->list && m->list2) {
                sb_put(b, "\"", 1);
                sb_puts(b, m->list);
                for (int k = 0; k < 2 && m->list_mid[k]; k++) {
                    sb_put(b, " ", 1);
                    sb_puts(b, m->list_mid[k]);
                }
                sb_put(b, " ", 1);
                sb_puts(b, m->list2);
                sb_put(b, "\"", 1);
            } else {
                sb_json_str(b, m->list);
            }
            sb_puts(b, ",\"match\":");
            sb_json_str(b, emb_match_how_name(m->how));
            sb_puts(b, ",\"similarity\":");
            put_fixed(b, m->similarity, 4);
            sb_puts(b, ",\"weight\":");
            put_fixed(b, m->weight, 3);
            sb_put(b, "}", 1);
        }
        sb_puts(b, "],\"unmatched_list_tokens\":[");
        for (size_t i = 0; i < e->n_unmatched_list; i++) {
            if (i)
                sb_put(b, ",", 1);
            sb_json_str(b, e->unmatched_list[i]);
        }
        sb_puts(b, "],\"query_normalisations\":");
        norms(b, e->query_normalisations);
        sb_puts(b, ",\"name_normalisations\":");
        norms(b, e->name_normalisations);
        sb_puts(b, ",\"evidence\":[");
        for (size_t i = 0; i < e->n_evidence; i++) {
            const emb_evidence *v = &e->evidence[i];
            sb_puts(b, i ? ",{\"field\":" : "{\"field\":");
            sb_json_str(b, evidence_field(v->field));
            sb_puts(b, ",\"result\":");
            sb_json_str(b, v->agrees > 0 ? "agrees" : "conflicts");
            sb_puts(b, ",\"effect\":");
            put_fixed(b, v->effect, 3);
            sb_puts(b, ",\"list_value\":");
            sb_json_str(b, v->list_value);
            if (v->field == EMB_EVIDENCE_IDENT) {
                sb_puts(b, ",\"list_label\":");
                sb_json_str(b, v->list_label);
                sb_puts(b, ",\"list_kind\":");
                sb_json_str(b, emb_id_kind_name(v->list_kind));
                sb_puts(b, ",\"query_value\":");
                sb_json_str(b, v->query_value);
            } else if (v->field == EMB_EVIDENCE_TYPE && v->query_value) {
                sb_puts(b, ",\"query_value\":");
                sb_json_str(b, v->query_value);
            }
            sb_put(b, "}", 1);
        }
        sb_put(b, "]", 1);
        if (e->exact_floor)
            sb_puts(b, ",\"exact_name_kept_at_threshold\":true");
        sb_put(b, "}", 1);
    }
    sb_put(b, "}", 1);
}

int emb_hit_to_json(const emb_screener *s, const emb_hit *hit, char **out)
{
    if (out)
        *out = NULL;
    if (!s || !hit || !out)
        return EMB_ERR_USAGE;
    sbuf b = {0};
    hit_json(&b, hit, 1);
    if (b.oom || !b.s) {
        sb_free(&b);
        return EMB_ERR_NOMEM;
    }
    *out = b.s;
    return EMB_OK;
}
