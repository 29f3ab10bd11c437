/*
 * resolve.c - from a security to the listed records behind it.
 *
 * A security is looked up by each of its keys in the list versions in
 * force; then, if the security master knows it, its issuer (an identifier,
 * or a name looked up exactly among listed names, aliases and "Issuer
 * Name" values), its underlying (derivatives and depositary receipts,
 * FAQ 860) and, for a fund, every holding with a non-zero weight (FAQ
 * 861: any weight covers the fund) are followed in turn. The walk keeps
 * the chain of keys it is on, so a chain that comes back to a security
 * already on it is a loop: it is cut there and reported, never followed.
 * A fund listed among its own holdings is reported the same way.
 *
 * Each listed record reached becomes one emb_cover (the first route to it
 * is kept), carrying the first step from the asked security (via), the
 * chain for people, the fund weight product, and the NS-CMIC dates with
 * rule 9's defaults filled in.
 */
#include "lists/readers.h"
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VERSIONS 32

typedef struct sec_result {
    emb_security pub; /* first: emb_security * is a sec_result * */
    strpool pool;
    emb_cover *covers;
    size_t n, cap;
    sbuf problem;
} sec_result;

typedef struct resolver {
    const emb_rules *r;
    const listver *sel[MAX_VERSIONS];
    size_t n_sel;
    sec_result *out;
    const char *keys[EMB_RULES_MAX_DEPTH + 1];
    const char *texts[EMB_RULES_MAX_DEPTH + 1];
    int in_holding, counted;
    double hold_w;
    int rc;
} resolver;

const char *emb_via_name(emb_via v)
{
    switch (v) {
    case EMB_VIA_ISIN: return "isin";
    case EMB_VIA_TICKER: return "ticker";
    case EMB_VIA_ISSUER_NAME: return "issuer_name";
    case EMB_VIA_UNDERLYING: return "underlying";
    case EMB_VIA_FUND_HOLDING: return "fund_holding";
    }
    return "unknown";
}

static emb_date add_days(emb_date d, long n)
{
    return date_from_days(date_to_days(d) + n);
}

static void cmic_dates(const emb_record *rec, emb_cover *c)
{
    c->listing = rec->cmic_listing;
    c->effective = rec->cmic_effective;
    c->divestment = rec->cmic_divestment;
    int have_listing = c->listing.year && c->listing.month && c->listing.day;
    if (!c->effective.year && have_listing) {
        c->effective = add_days(c->listing, 60);
        c->dates_derived |= 1;
    }
    if (!c->divestment.year && have_listing) {
        c->divestment = add_days(c->listing, 365);
        c->dates_derived |= 2;
    }
}

static const char *chain_text(resolver *rs, int depth, const char *last)
{
    sbuf b = {0};
    for (int i = 0; i <= depth; i++) {
        if (i)
            sb_puts(&b, " > ");
        sb_puts(&b, rs->texts[i]);
    }
    if (last) {
        sb_puts(&b, " > ");
        sb_puts(&b, last);
    }
    const char *s = b.oom ? NULL : pool_dup(&rs->out->pool, b.s);
    free(b.s);
    if (!s)
        rs->rc = EMB_ERR_NOMEM;
    return s ? s : "";
}

static void add_cover(resolver *rs, const listver *v, const listhit *h,
                      emb_via first, int how, int depth, const char *via_text,
                      double weight, const char *path)
{
    sec_result *o = rs->out;
    for (size_t i = 0; i < o->n; i++)
        if (o->covers[i].record == h->rec) {
            if (weight > o->covers[i].weight)
                o->covers[i].weight = weight;
            goto account;
        }
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 4;
        emb_cover *c = realloc(o->covers, cap * sizeof *c);
        if (!c) {
            rs->rc = EMB_ERR_NOMEM;
            return;
        }
        o->covers = c;
        o->cap = cap;
    }
    emb_cover *c = &o->covers[o->n++];
    memset(c, 0, sizeof *c);
    c->record = h->rec;
    c->listed_as = h->as;
    c->via = first ? first : (emb_via)how;
    c->how = emb_via_name((emb_via)how);
    c->matched = h->matched;
    c->chain = chain_text(rs, depth, via_text);
    c->path = path;
    c->weight = weight;
    c->list_version = v->label;
    if (h->as == EMB_LISTED_CMIC)
        cmic_dates(h->rec, c);
account:
    if (h->as == EMB_LISTED_SDN && rs->in_holding && !rs->counted) {
        o->pub.sdn_share += rs->hold_w;
        if (o->pub.sdn_share > 1)
            o->pub.sdn_share = 1;
        rs->counted = 1;
    }
}

static void find_ids(resolver *rs, const seckeys *ks, emb_via first,
                     int depth, double weight, const char *path)
{
    for (size_t v = 0; v < rs->n_sel; v++)
        for (int k = 0; k < ks->n; k++) {
            keymap_iter it;
            const void *val;
            int tag;
            keymap_find(rs->sel[v]->ids, ks->key[k], &it);
            while (keymap_next(&it, &val, &tag))
                add_cover(rs, rs->sel[v], val, first, tag, depth, NULL,
                          weight, path);
        }
}

char secrow_no_key[] = "", secrow_id_key[] = "";

/* An issuer that is an identifier (ISIN, CUSIP, SEDOL, FIGI) rather than a
 * name: ks filled. */
static int issuer_is_id(const char *issuer, seckeys *ks)
{
    seckeys_of(issuer, ks);
    emb_secid_kind k = ks->id.kind;
    return ks->id.check_ok && (k == EMB_SECID_ISIN || k == EMB_SECID_CUSIP ||
                               k == EMB_SECID_SEDOL || k == EMB_SECID_FIGI);
}

/* What the row's issuer is, worked out once per row for all decisions:
 * secrow_id_key for an identifier, secrow_no_key for a name with no key,
 * else the name's key. The first thread to finish stores its answer; a
 * thread that loses the race frees its own. */
static const char *row_issuer_key(const secrow *row)
{
    /* The row lives in the rules' arena; only this memo is written. */
    _Atomic(char *) *memo = (_Atomic(char *) *)&row->issuer_key;
    char *key = atomic_load_explicit(memo, memory_order_acquire);
    if (key)
        return key;
    seckeys ks;
    char buf[SECKEY_LEN * 3];
    size_t n = 0;
    char *mine = issuer_is_id(row->issuer, &ks) ? secrow_id_key
                 : (n = issuer_name_key(row->issuer, buf, sizeof buf))
                     ? malloc(n + 1)
                     : secrow_no_key;
    if (!mine)
        return secrow_no_key; /* out of memory: worked out again next time */
    if (n)
        memcpy(mine, buf, n + 1);
    char *none = NULL;
    if (atomic_compare_exchange_strong_explicit(memo, &none, mine,
                                                memory_order_acq_rel,
                                                memory_order_acquire))
        return mine;
    if (n)
        free(mine);
    return none;
}

/* The issuer column: an identifier is looked up as one; anything else is
 * a name. */
static void find_issuer(resolver *rs, const secrow *row, emb_via first,
                        int depth, double weight, const char *path)
{
    const char *key = row_issuer_key(row);
    if (key == secrow_id_key) {
        seckeys ks;
        seckeys_of(row->issuer, &ks);
        find_ids(rs, &ks, first, depth, weight, path);
        return;
    }
    if (key == secrow_no_key)
        return;
    for (size_t v = 0; v < rs->n_sel; v++) {
        keymap_iter it;
        const void *val;
        keymap_find(rs->sel[v]->names, key, &it);
        while (keymap_next(&it, &val, NULL))
            add_cover(rs, rs->sel[v], val, first, EMB_VIA_ISSUER_NAME, depth,
                      row->issuer, weight, path);
    }
}

static void problem(resolver *rs, const char *fmt, const char *a,
                    const char *b)
{
    sbuf *p = &rs->out->problem;
    if (p->len)
        sb_puts(p, "; ");
    sb_printf(p, fmt, a, b);
}

static const char *deeper_path(const char *path, const char *step)
{
    if (!strcmp(path, "fund") || !strcmp(step, "fund"))
        return "fund";
    return step;
}

static void resolve(resolver *rs, const char *text, emb_via first,
                    double weight, const char *path, int depth)
{
    if (rs->rc != EMB_OK)
        return;
    seckeys ks;
    seckeys_of(text, &ks);
    if (depth == 0) {
        emb_security *s = &rs->out->pub;
        s->id = ks.id;
        s->id_status = ks.status;
        s->id_why = pool_dup(&rs->out->pool, ks.why);
    }
    for (int i = 0; i < depth; i++)
        if (!strcmp(rs->keys[i], ks.key[0])) {
            rs->out->pub.loop = 1;
            problem(rs, "the chain %s loops back to %s",
                    chain_text(rs, depth - 1, NULL), text);
            return;
        }
    if (depth >= EMB_RULES_MAX_DEPTH) {
        rs->out->pub.loop = 1;
        problem(rs, "the chain from %s is deeper than %s levels; cut",
                rs->texts[0], "16");
        return;
    }
    rs->keys[depth] = ks.key[0];
    rs->texts[depth] = text;

    find_ids(rs, &ks, first, depth, weight, path);

    const secrow *row = NULL;
    for (int k = 0; k < ks.n && !row; k++)
        row = keymap_get(rs->r->sec, ks.key[k]);
    if (row) {
        if (depth == 0) {
            rs->out->pub.in_secmaster = 1;
            rs->out->pub.kind = sec_kind_name(row->kind);
        }
        if (row->issuer)
            find_issuer(rs, row, first, depth, weight, path);
        if (row->underlying)
            resolve(rs, row->underlying, first ? first : EMB_VIA_UNDERLYING,
                    weight, deeper_path(path, "derivative"), depth + 1);
    }

    /* Fund look-through, under every key of the fund. */
    const char *fund_keys[SECKEY_MAX + 1];
    int nk = 0;
    for (int k = 0; k < ks.n; k++)
        fund_keys[nk++] = ks.key[k];
    if (row && strcmp(row->key, ks.key[0]))
        fund_keys[nk++] = row->key;
    for (int k = 0; k < nk; k++) {
        const holdlist *list = keymap_get(rs->r->hold, fund_keys[k]);
        for (const holdrow *h = list ? list->first : NULL; h; h = h->next) {
            if (depth == 0)
                rs->out->pub.in_secmaster = 1;
            int self = 0;
            for (int j = 0; j < ks.n; j++)
                if (!strcmp(h->sec_key, ks.key[j]))
                    self = 1;
            if (self || (row && !strcmp(h->sec_key, row->key))) {
                rs->out->pub.self_holding = 1;
                problem(rs, "fund %s lists itself among its holdings (%s)",
                        text, h->fund);
                continue;
            }
            if (!(h->weight > 0))
                continue;
            int save_in = rs->in_holding, save_counted = rs->counted;
            double save_w = rs->hold_w;
            rs->in_holding = 1;
            rs->counted = 0;
            rs->hold_w = weight * h->weight;
            resolve(rs, h->security, first ? first : EMB_VIA_FUND_HOLDING,
                    weight * h->weight, "fund", depth + 1);
            rs->in_holding = save_in;
            rs->counted = save_counted;
            rs->hold_w = save_w;
            if (rs->rc != EMB_OK)
                return;
        }
    }
}

/* Official lists first, copies (CSL) after: the first cover of a kind is
 * the one a decision quotes. */
static int source_rank(const char *src)
{
    static const char *const order[] = {EMB_SOURCE_OFAC_CONS,
                                        EMB_SOURCE_OFAC_SDN, EMB_SOURCE_CSL,
                                        EMB_SOURCE_BIS_DPL, EMB_SOURCE_UN};
    for (int i = 0; i < 5; i++)
        if (!strcmp(src, order[i]))
            return i;
    return 5;
}

static int cover_cmp(const void *a, const void *b)
{
    const emb_cover *x = a, *y = b;
    if (x->listed_as != y->listed_as)
        return (int)x->listed_as - (int)y->listed_as;
    int c = source_rank(x->record->source) - source_rank(y->record->source);
    if (!c)
        c = strcmp(x->record->source, y->record->source);
    if (c)
        return c;
    size_t lx = strlen(x->record->source_id), ly = strlen(y->record->source_id);
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return strcmp(x->record->source_id, y->record->source_id);
}

/* The OFAC number a CSL copy of an OFAC record carries, or NULL. */
static const char *csl_entity_number(const emb_record *rec)
{
    if (strcmp(rec->source, EMB_SOURCE_CSL))
        return NULL;
    for (size_t i = 0; i < rec->n_facts; i++)
        if (rec->facts[i].key && !strcmp(rec->facts[i].key, "entity_number"))
            return rec->facts[i].value;
    return NULL;
}

/* Drops CSL copies of records also reached in OFAC's own lists. */
static void drop_copies(sec_result *o)
{
    size_t w = 0;
    for (size_t i = 0; i < o->n; i++) {
        const emb_cover *c = &o->covers[i];
        const char *num = csl_entity_number(c->record);
        int dup = 0;
        for (size_t j = 0; num && j < o->n && !dup; j++)
            dup = j != i && o->covers[j].listed_as == c->listed_as &&
                  strcmp(o->covers[j].record->source, EMB_SOURCE_CSL) &&
                  !strcmp(o->covers[j].record->source_id, num);
        if (!dup)
            o->covers[w++] = *c;
    }
    o->n = w;
}

int emb_security_lookup(const emb_rules *r, const char *text, int64_t at,
                        emb_security **out)
{
    if (!r || !text || !out)
        return EMB_ERR_USAGE;
    *out = NULL;
    if (strlen(text) > EMB_RULES_MAX_TEXT)
        return EMB_ERR_LIMIT;
    sec_result *o = calloc(1, sizeof *o);
    if (!o)
        return EMB_ERR_NOMEM;
    resolver rs;
    memset(&rs, 0, sizeof rs);
    rs.r = r;
    rs.out = o;
    int before = 0;
    rs.n_sel = rules_select(r, at, rs.sel, MAX_VERSIONS, &before);
    char *t = (char *)pool_dup(&o->pool, text);
    if (!t) {
        emb_security_free(&o->pub);
        return EMB_ERR_NOMEM;
    }
    o->pub.text = str_trim(t);
    resolve(&rs, o->pub.text, 0, 1.0, "direct", 0);
    if (rs.rc != EMB_OK) {
        emb_security_free(&o->pub);
        return rs.rc;
    }
    drop_copies(o);
    if (o->n > 1)
        qsort(o->covers, o->n, sizeof *o->covers, cover_cmp);
    emb_security *s = &o->pub;
    for (size_t i = 0; i < o->n; i++) {
        const emb_cover *c = &o->covers[i];
        int through_fund = !strcmp(c->path, "fund");
        if (c->listed_as == EMB_LISTED_CMIC)
            s->cmic = 1;
        else if (c->listed_as == EMB_LISTED_SDN && !through_fund)
            s->sdn = 1;
        else if (c->listed_as == EMB_LISTED_EXPORT && !through_fund)
            s->export_flag = 1;
        else if (c->listed_as == EMB_LISTED_OTHER && !through_fund)
            s->other_flag = 1;
    }
    s->covers = o->covers;
    s->n_covers = o->n;
    s->problem = o->problem.s ? o->problem.s : "";
    sbuf lv = {0};
    for (size_t i = 0; i < rs.n_sel; i++) {
        if (i)
            sb_puts(&lv, ", ");
        sb_puts(&lv, rs.sel[i]->label);
    }
    s->list_version = pool_dup(&o->pool, lv.s);
    free(lv.s);
    if (o->problem.oom || lv.oom || !s->list_version || !s->id_why) {
        emb_security_free(s);
        return EMB_ERR_NOMEM;
    }
    s->lists_after_trade = before;
    *out = s;
    return EMB_OK;
}

void emb_security_free(emb_security *s)
{
    if (!s)
        return;
    sec_result *o = (sec_result *)s;
    pool_free(&o->pool);
    free(o->covers);
    free(o->problem.s);
    free(o);
}

static void json_date(sbuf *b, const char *key, emb_date d)
{
    char s[11];
    sb_printf(b, ",\"%s\":", key);
    if (d.year)
        sb_json_str(b, emb_date_format(d, s));
    else
        sb_puts(b, "null");
}

void cover_json(sbuf *b, const emb_cover *c)
{
    const emb_record *rec = c->record;
    sb_puts(b, "{\"source\":");
    sb_json_str(b, rec->source);
    sb_puts(b, ",\"source_id\":");
    sb_json_str(b, rec->source_id);
    sb_puts(b, ",\"name\":");
    sb_json_str(b, rec->n_names ? rec->names[0].full : NULL);
    sb_puts(b, ",\"listed_as\":");
    sb_json_str(b, emb_listed_as_name(c->listed_as));
    sb_puts(b, ",\"list\":");
    sb_json_str(b, rec->list);
    sb_puts(b, ",\"programs\":[");
    for (size_t i = 0; i < rec->n_programs; i++) {
        if (i)
            sb_puts(b, ",");
        sb_json_str(b, rec->programs[i]);
    }
    sb_printf(b, "],\"via\":\"%s\",\"how\":\"%s\",\"matched\":",
              emb_via_name(c->via), c->how);
    sb_json_str(b, c->matched);
    sb_puts(b, ",\"chain\":");
    sb_json_str(b, c->chain);
    sb_printf(b, ",\"path\":\"%s\",\"weight\":%.6g,\"list_version\":",
              c->path, c->weight);
    sb_json_str(b, c->list_version);
    if (c->listed_as == EMB_LISTED_CMIC) {
        json_date(b, "listing", c->listing);
        json_date(b, "effective", c->effective);
        json_date(b, "divestment", c->divestment);
        sb_printf(b, ",\"effective_derived\":%s,\"divestment_derived\":%s",
                  c->dates_derived & 1 ? "true" : "false",
                  c->dates_derived & 2 ? "true" : "false");
    }
    sb_puts(b, "}");
}

int emb_security_to_json(const emb_security *s, char **out)
{
    if (!s || !out)
        return EMB_ERR_USAGE;
    sbuf b = {0};
    sb_puts(&b, "{\"security\":");
    sb_json_str(&b, s->text);
    sb_puts(&b, ",\"identifier\":{\"kind\":");
    sb_json_str(&b, emb_secid_kind_name(s->id.kind));
    sb_puts(&b, ",\"value\":");
    sb_json_str(&b, s->id.value[0] ? s->id.value : NULL);
    sb_printf(&b, ",\"valid\":%s", s->id_status == EMB_OK ? "true" : "false");
    if (s->id_why && s->id_why[0]) {
        sb_puts(&b, ",\"why\":");
        sb_json_str(&b, s->id_why);
    }
    sb_puts(&b, "},\"kind\":");
    sb_json_str(&b, s->kind);
    sb_printf(&b,
              ",\"covered\":%s,\"sdn\":%s,\"export_flag\":%s,"
              "\"other_flag\":%s,\"sdn_share\":%.6g",
              s->cmic ? "true" : "false", s->sdn ? "true" : "false",
              s->export_flag ? "true" : "false",
              s->other_flag ? "true" : "false", s->sdn_share);
    if (s->problem && s->problem[0]) {
        sb_puts(&b, ",\"problem\":");
        sb_json_str(&b, s->problem);
    }
    sb_puts(&b, ",\"covers\":[");
    for (size_t i = 0; i < s->n_covers; i++) {
        if (i)
            sb_puts(&b, ",");
        cover_json(&b, &s->covers[i]);
    }
    sb_puts(&b, "],\"list_version\":");
    sb_json_str(&b, s->list_version);
    sb_puts(&b, "}");
    if (b.oom) {
        free(b.s);
        *out = NULL;
        return EMB_ERR_NOMEM;
    }
    *out = b.s;
    return EMB_OK;
}
