/*
 * index.c - builds the read-only screening index over record sets.
 *
 * Every primary name and alias is normalised once (text_name_normalize)
 * into canonical tokens. Each distinct token gets an id, a document
 * frequency and an IDF weight; postings list the names that hold it. Two
 * maps find the tokens a query token could be similar to without scanning
 * the dictionary: a phonetic map (key -> tokens) and a symmetric-delete map
 * (every string made by deleting up to edit_budget(len) letters -> tokens),
 * so any pair within the edit budget shares at least one deletion variant.
 * All maps are CSR arrays over hash buckets (mmap64), filled by counting
 * sort: no comparison sort and no per-entry allocation, which keeps the
 * build well under a second for every bundled list.
 *
 * Records that two sources hold under a shared key are grouped into one
 * party: a CSL row that carries an "OFAC entity number" identifier is the
 * same party as us_ofac_sdn:<n> (CSL list "SDN") or us_ofac_cons:<n> (any
 * other Treasury list), and us_ofac_sdn:<n> the same as us_ofac_cons:<n>,
 * since OFAC numbers the parties of both its lists in one space and lists
 * some on both (the sectoral sanctions' banks and oil companies). The
 * index never changes after emb_index_build.
 */
#include "match/match.h"
#include "lists/model.h"
#include "text/lexicon.h"

#include <math.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- hashing ---------------------------------------------------------- */
/* FNV-1a over bytes, its start depending on the length, then a final
 * mix so that bucket bits depend on every byte. The state after a prefix
 * does not depend on what follows, so the deletion variants of one string
 * share their prefixes' states (deletion_hashes). */
#define FNV_PRIME 0x100000001b3ULL

static inline uint64_t hash_start(size_t len)
{
    return 0xcbf29ce484222325ULL ^ (len * 0x9E3779B97F4A7C15ULL);
}

static inline uint64_t hash_step(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= FNV_PRIME;
    }
    return h;
}

static inline uint64_t hash_finish(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h ? h : 1;
}

uint64_t match_hash(const char *s, size_t len)
{
    return hash_finish(hash_step(hash_start(len), s, len));
}

enum { SKEL_PLAIN, SKEL_HEBREW, SKEL_KANA };

static uint64_t skeleton_hash_min(const char *s, size_t len, size_t min,
                                  int mode)
{
    char sk[256];
    size_t k = len >= sizeof sk       ? 0
               : mode == SKEL_HEBREW ? text_skeleton_hebrew(s, len, sk,
                                                            sizeof sk)
               : mode == SKEL_KANA   ? text_skeleton_kana(s, len, sk,
                                                          sizeof sk)
                                     : text_skeleton(s, len, sk, sizeof sk);
    return k >= min ? match_hash(sk, k) : 0;
}

uint64_t ix_skeleton_hash(const char *s, size_t len)
{
    return skeleton_hash_min(s, len, SKELETON_MIN, SKEL_PLAIN);
}

uint64_t ix_short_skeleton_hash(const char *s, size_t len)
{
    char sk[SHORT_SKELETON_LEN + 1];
    if (len > SHORT_SKELETON_LEN)
        return 0;
    size_t k = text_skeleton(s, len, sk, sizeof sk);
    /* a seed of its own: these keys share the map with the longer ones */
    return k >= SHORT_SKELETON_MIN && k < SKELETON_MIN
               ? hash_finish(hash_step(hash_start(k ^ 0x5a), sk, k))
               : 0;
}

uint64_t ix_skeleton_hash_hebrew(const char *s, size_t len)
{
    return skeleton_hash_min(s, len, SKELETON_MIN, SKEL_HEBREW);
}

uint64_t ix_skeleton_hash_kana(const char *s, size_t len)
{
    return skeleton_hash_min(s, len, SKELETON_MIN, SKEL_KANA);
}

ix_skeleton_fn ix_skeleton_of(unsigned flags)
{
    return flags & TOK_ABJAD    ? ix_skeleton_hash
           : flags & TOK_HEBREW ? ix_skeleton_hash_hebrew
           : flags & TOK_KANA   ? ix_skeleton_hash_kana
                                : NULL;
}

const mmap64 *ix_skeleton_map(const emb_index *ix, unsigned flags)
{
    return flags & TOK_ABJAD    ? &ix->skel
           : flags & TOK_HEBREW ? &ix->skel_he
           : flags & TOK_KANA   ? &ix->skel_ja
                                : NULL;
}

uint64_t ix_split_skeleton_hash(const char *s, size_t len)
{
    return skeleton_hash_min(s, len, SPLIT_SKELETON_MIN, SKEL_PLAIN);
}

uint64_t ix_phon_hash(const char *s, size_t len)
{
    if (len < 3 || (s[0] >= '0' && s[0] <= '9'))
        return 0;
    /* text_phonetic reads a NUL-terminated word, 63 letters at most: s
     * need not be one (two words written as one) */
    char word[64], key[64];
    size_t l = len < sizeof word - 1 ? len : sizeof word - 1;
    memcpy(word, s, l);
    word[l] = '\0';
    size_t n = text_phonetic(word, key, sizeof key);
    if (n < 2 || n >= sizeof key)
        return 0;
    return match_hash(key, n) | 1; /* never 0 */
}

void deletion_hashes(const char *s, size_t len, int k,
                     void (*fn)(void *arg, uint64_t h), void *arg)
{
    char buf[TEXT_BUF];
    if (len > sizeof buf)
        return;
    fn(arg, match_hash(s, len));
    if (k < 1) {
        /* no edits: only a doubled letter written once ("uun" / "un")
         * and, in three letters, two neighbours swapped (see tok_sim) */
        for (size_t i = 1; i < len; i++)
            if (s[i] == s[i - 1] && (i < 2 || s[i - 1] != s[i - 2])) {
                memcpy(buf, s, i);
                memcpy(buf + i, s + i + 1, len - i - 1);
                fn(arg, match_hash(buf, len - 1));
            }
        if (len == 3)
            for (size_t i = 0; i < 2; i++)
                if (s[i] != s[i + 1]) {
                    memcpy(buf, s, 3);
                    buf[i] = s[i + 1];
                    buf[i + 1] = s[i];
                    fn(arg, match_hash(buf, 3));
                }
        return;
    }
    if (len < 2)
        return;
    /* h1, h2: the states after s[0..i) for strings of len - 1 and len - 2
     * letters; the variant without s[i] (and s[j]) continues from them */
    uint64_t h1 = hash_start(len - 1), h2 = hash_start(len - 2);
    for (size_t i = 0; i < len; h1 = hash_step(h1, s + i, 1),
                h2 = hash_step(h2, s + i, 1), i++) {
        /* Skip positions whose deletion repeats the previous one. */
        if (i > 0 && s[i] == s[i - 1])
            continue;
        fn(arg, hash_finish(hash_step(h1, s + i + 1, len - i - 1)));
        if (k < 2 || len < 3)
            continue;
        /* second deletion at original position j > i; a run of equal
         * letters is deleted from once */
        uint64_t g = h2;
        for (size_t j = i + 1; j < len; g = hash_step(g, s + j, 1), j++) {
            if (j > i + 1 && s[j] == s[j - 1])
                continue;
            fn(arg, hash_finish(hash_step(g, s + j + 1, len - j - 1)));
        }
    }
}

/* ---- multimap build --------------------------------------------------- */
typedef struct kv {
    uint64_t h;
    uint32_t v;
} kv;

typedef struct kvvec {
    kv *a;
    size_t n, cap;
    int oom;
} kvvec;

static void kv_push(kvvec *v, uint64_t h, uint32_t val)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4096;
        kv *p = realloc(v->a, cap * sizeof *p);
        if (!p) {
            v->oom = 1;
            return;
        }
        v->a = p;
        v->cap = cap;
    }
    v->a[v->n].h = h;
    v->a[v->n].v = val;
    v->n++;
}

static int mmap_build(mmap64 *mm, const kvvec *v)
{
    size_t nb = 1024;
    while (nb < v->n)
        nb <<= 1;
    mm->mask = (uint32_t)(nb - 1);
    mm->off = calloc(nb + 2, sizeof *mm->off);
    mm->chk = malloc((v->n ? v->n : 1) * sizeof *mm->chk);
    mm->val = malloc((v->n ? v->n : 1) * sizeof *mm->val);
    if (!mm->off || !mm->chk || !mm->val)
        return EMB_ERR_NOMEM;
    for (size_t i = 0; i < v->n; i++)
        mm->off[((uint32_t)v->a[i].h & mm->mask) + 2]++;
    for (size_t b = 2; b < nb + 2; b++)
        mm->off[b] += mm->off[b - 1];
    /* off[b + 1] is now the fill cursor of bucket b. */
    for (size_t i = 0; i < v->n; i++) {
        uint32_t b = (uint32_t)v->a[i].h & mm->mask;
        uint32_t at = mm->off[b + 1]++;
        mm->chk[at] = (uint32_t)(v->a[i].h >> 32);
        mm->val[at] = v->a[i].v;
    }
    return EMB_OK;
}

static void mmap_free(mmap64 *mm)
{
    free(mm->off);
    free(mm->chk);
    free(mm->val);
    memset(mm, 0, sizeof *mm);
}

uint32_t ix_lookup(const emb_index *ix, const char *s, size_t len)
{
    return ix_lookup_h(ix, s, len, match_hash(s, len));
}

uint32_t ix_lookup_h(const emb_index *ix, const char *s, size_t len,
                     uint64_t h)
{
    uint32_t lo, hi, chk = (uint32_t)(h >> 32);
    mmap64_bucket(&ix->dict, h, &lo, &hi);
    for (uint32_t i = lo; i < hi; i++) {
        if (ix->dict.chk[i] != chk)
            continue;
        const ix_token *t = &ix->toks[ix->dict.val[i]];
        if (t->len == len && memcmp(ix->pool + t->str, s, len) == 0)
            return ix->dict.val[i];
    }
    return IX_NONE;
}

size_t ix_spelt(const emb_index *ix, const char *s, size_t len, uint64_t h,
                uint32_t *out, size_t max)
{
    uint32_t lo, hi, chk = (uint32_t)(h >> 32);
    size_t n = 0;
    if (!ix->spelt.off)
        return 0;
    mmap64_bucket(&ix->spelt, h, &lo, &hi);
    for (uint32_t i = lo; i < hi && n < max; i++) {
        if (ix->spelt.chk[i] != chk)
            continue;
        uint32_t id = ix->spelt.val[i];
        for (uint32_t f = ix->fam_off[id]; f < ix->fam_off[id + 1]; f++)
            if (ix->fam_len[f] == len && !memcmp(ix->fam_str[f], s, len)) {
                out[n++] = id;
                break;
            }
    }
    return n;
}

size_t ix_spellings(const emb_index *ix, const char *s, size_t len,
                    uint64_t h, uint32_t id, uint32_t out[SPELT_MAX + 1])
{
    size_t n = ix_spelt(ix, s, len, h, out, SPELT_MAX);
    if (id != IX_NONE)
        out[n++] = id;
    return n;
}

/* ---- build-time dictionary: open addressing, grows ------------------- */
typedef struct bdict {
    uint32_t *slot; /* token id + 1, 0 empty */
    uint64_t *hash; /* per token */
    size_t cap;
} bdict;

/* A listed token's spelling as written, when the normaliser wrote it
 * another way (uladzimirauna, canonically vladimirovna): wpool + off. */
typedef struct written_as {
    uint32_t id;
    uint32_t off;
    uint8_t len;
} written_as;

typedef struct builder {
    emb_index *ix;
    bdict d;
    size_t tok_cap, hash_cap, pool_len, pool_cap, ntok_cap, tfl_cap, ini_cap,
        names_cap;
    written_as *wr;
    size_t n_wr, wr_cap, wpool_len, wpool_cap;
    int oom;
} builder;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int bdict_rehash(builder *b, size_t cap)
{
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < b->ix->n_toks; i++) {
        size_t at = b->d.hash[i] & (cap - 1);
        while (slot[at])
            at = (at + 1) & (cap - 1);
        slot[at] = (uint32_t)i + 1;
    }
    free(b->d.slot);
    b->d.slot = slot;
    b->d.cap = cap;
    return 0;
}

/* Id of token s (interned on first sight), IX_NONE on OOM. */
static uint32_t intern(builder *b, const text_token *t)
{
    emb_index *ix = b->ix;
    uint64_t h = match_hash(t->s, t->len);
    if (ix->n_toks * 2 >= b->d.cap &&
        bdict_rehash(b, b->d.cap ? b->d.cap * 2 : 1 << 15) < 0)
        return IX_NONE;
    size_t at = h & (b->d.cap - 1);
    while (b->d.slot[at]) {
        uint32_t id = b->d.slot[at] - 1;
        const ix_token *e = &ix->toks[id];
        if (b->d.hash[id] == h && e->len == t->len &&
            memcmp(ix->pool + e->str, t->s, t->len) == 0)
            return id;
        at = (at + 1) & (b->d.cap - 1);
    }
    if (grow((void **)&ix->toks, &b->tok_cap, ix->n_toks + 1,
             sizeof *ix->toks) ||
        grow((void **)&b->d.hash, &b->hash_cap, ix->n_toks + 1,
             sizeof *b->d.hash))
        return IX_NONE;
    if (grow((void **)&ix->pool, &b->pool_cap, b->pool_len + t->len + 1, 1))
        return IX_NONE;
    uint32_t id = (uint32_t)ix->n_toks++;
    ix_token *e = &ix->toks[id];
    memset(e, 0, sizeof *e);
    e->str = (uint32_t)b->pool_len;
    e->len = t->len;
    e->flags = t->flags;
    memcpy(ix->pool + b->pool_len, t->s, t->len);
    ix->pool[b->pool_len + t->len] = '\0';
    b->pool_len += t->len + 1;
    b->d.hash[id] = h;
    b->d.slot[at] = id + 1;
    return id;
}

/* ---- records and groups ----------------------------------------------- */
/* Order of sources in a party and among equal scores: the primary
 * publishers first, the CSL (which republishes them) last. */
static int source_order(const char *s)
{
    static const char *const order[] = {EMB_SOURCE_OFAC_SDN,
                                        EMB_SOURCE_OFAC_CONS, EMB_SOURCE_UN,
                                        EMB_SOURCE_BIS_DPL, EMB_SOURCE_CSL};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, order[i]) == 0)
            return i;
    return 5;
}

static int src_id_cmp(const char *sa, const char *ia, const char *sb,
                      const char *ib)
{
    int oa = source_order(sa), ob = source_order(sb);
    if (oa != ob)
        return oa < ob ? -1 : 1;
    int c = strcmp(sa, sb);
    return c ? c : source_id_cmp(ia, ib);
}

static int rec_cmp(const void *x, const void *y)
{
    const emb_record *a = ((const ix_rec *)x)->r, *b = ((const ix_rec *)y)->r;
    return src_id_cmp(a->source, a->source_id, b->source, b->source_id);
}

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

static void uf_union(uint32_t *p, uint32_t a, uint32_t b)
{
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a != b) {
        if (a < b)
            p[b] = a;
        else
            p[a] = b;
    }
}

/* Index in ix->recs of (source, id), found by binary search on rank order;
 * IX_NONE when absent. */
static uint32_t rec_find(const emb_index *ix, const char *source,
                         const char *id)
{
    size_t lo = 0, hi = ix->n_recs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const emb_record *r = ix->recs[mid].r;
        int c = src_id_cmp(r->source, r->source_id, source, id);
        if (!c)
            return (uint32_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return IX_NONE;
}

static int build_groups(emb_index *ix)
{
    uint32_t *parent = malloc((ix->n_recs + 1) * sizeof *parent);
    if (!parent)
        return EMB_ERR_NOMEM;
    for (size_t i = 0; i < ix->n_recs; i++)
        parent[i] = (uint32_t)i;
    for (size_t i = 0; i < ix->n_recs; i++) {
        const emb_record *r = ix->recs[i].r;
        if (strcmp(r->source, EMB_SOURCE_CSL) != 0)
            continue;
        for (size_t k = 0; k < r->n_idents; k++) {
            const emb_ident *id = &r->idents[k];
            if (!id->type || !id->value ||
                strcasecmp(id->type, "OFAC entity number") != 0)
                continue;
            const char *src = r->list && strcmp(r->list, "SDN") == 0
                                  ? EMB_SOURCE_OFAC_SDN
                                  : EMB_SOURCE_OFAC_CONS;
            uint32_t j = rec_find(ix, src, id->value);
            if (j != IX_NONE)
                uf_union(parent, (uint32_t)i, j);
        }
    }
    for (size_t i = 0; i < ix->n_recs; i++) {
        const emb_record *r = ix->recs[i].r;
        uint32_t j;
        if (!strcmp(r->source, EMB_SOURCE_OFAC_CONS) &&
            (j = rec_find(ix, EMB_SOURCE_OFAC_SDN, r->source_id)) != IX_NONE)
            uf_union(parent, (uint32_t)i, j);
    }
    /* Number groups in rank order of their first record. */
    uint32_t *gid = malloc((ix->n_recs + 1) * sizeof *gid);
    ix->group_off = calloc(ix->n_recs + 2, sizeof *ix->group_off);
    ix->group_recs = malloc((ix->n_recs + 1) * sizeof *ix->group_recs);
    if (!gid || !ix->group_off || !ix->group_recs) {
        free(parent);
        free(gid);
        return EMB_ERR_NOMEM;
    }
    size_t ng = 0;
    for (size_t i = 0; i < ix->n_recs; i++) {
        uint32_t root = uf_find(parent, (uint32_t)i);
        if (root == i)
            gid[i] = (uint32_t)ng++;
        ix->recs[i].group = gid[root]; /* root <= i, already numbered */
    }
    ix->n_groups = ng;
    for (size_t i = 0; i < ix->n_recs; i++)
        ix->group_off[ix->recs[i].group + 2]++;
    for (size_t g = 2; g < ng + 2; g++)
        ix->group_off[g] += ix->group_off[g - 1];
    for (size_t i = 0; i < ix->n_recs; i++)
        ix->group_recs[ix->group_off[ix->recs[i].group + 1]++] = ix->recs[i].r;
    free(parent);
    free(gid);
    return EMB_OK;
}

/* ---- names ------------------------------------------------------------ */
/* Per-occurrence copies of what scoring reads, so that a name's tokens
 * are read from contiguous memory. */
static int build_occurrences(emb_index *ix)
{
    size_t nt = ix->n_names ? ix->names[ix->n_names - 1].tok +
                                  ix->names[ix->n_names - 1].n_tok
                            : 0;
    ix->name_str = malloc((nt + 1) * sizeof *ix->name_str);
    ix->name_w = malloc((nt + 1) * sizeof *ix->name_w);
    ix->name_len = malloc(nt + 1);
    if (!ix->name_str || !ix->name_w || !ix->name_len)
        return EMB_ERR_NOMEM;
    for (size_t i = 0; i < nt; i++) {
        const ix_token *t = &ix->toks[ix->name_tok[i]];
        ix->name_str[i] = t->str;
        ix->name_w[i] = (float)token_weight(t->idf, ix->name_tflags[i]);
        ix->name_len[i] = (uint8_t)(t->len > 255 ? 255 : t->len);
    }
    for (size_t n = 0; n < ix->n_names; n++) {
        ix_name *nm = &ix->names[n];
        float sum = 0, max = 0;
        for (uint32_t k = nm->tok; k < nm->tok + nm->n_tok; k++) {
            sum += ix->name_w[k];
            if (ix->name_w[k] > max)
                max = ix->name_w[k];
        }
        nm->wsum = sum;
        nm->wmax = max;
    }
    return EMB_OK;
}

/* Keeps t's spelling as written as one of token id's (see written_as):
 * a word of letters, of 4 letters or more, that the normaliser mapped to
 * another (a patronymic, an abbreviation); legal forms, function words
 * and Korean readings are left to their tables and rules. Returns -1
 * when out of memory. */
static int keep_written(builder *b, uint32_t id, unsigned flags,
                        const text_token *t)
{
    if (!t->orig ||
        (flags & (TOK_LEGAL | TOK_STOP | TOK_NUMBER | TOK_KOREAN)))
        return 0;
    size_t len = strlen(t->orig);
    if (len < 4 || len > 254 || !strcmp(t->orig, t->s))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (t->orig[i] < 'a' || t->orig[i] > 'z')
            return 0;
    emb_index *ix = b->ix;
    if (grow((void **)&b->wr, &b->wr_cap, b->n_wr + 1, sizeof *b->wr) ||
        grow((void **)&ix->wpool, &b->wpool_cap, b->wpool_len + len + 1, 1))
        return -1;
    b->wr[b->n_wr++] = (written_as){id, (uint32_t)b->wpool_len, (uint8_t)len};
    memcpy(ix->wpool + b->wpool_len, t->orig, len + 1);
    b->wpool_len += len + 1;
    ix->wpool_len = b->wpool_len;
    return 0;
}

/* 1 when another record of record ri's party holds full as a weak alias
 * (letter case aside): the CSL republishes OFAC's aliases without their
 * weak mark, and one party's alias is weak whoever prints it. */
static int weak_in_party(const emb_index *ix, size_t ri, const char *full)
{
    uint32_t g = ix->recs[ri].group;
    for (uint32_t k = ix->group_off[g]; k < ix->group_off[g + 1]; k++) {
        const emb_record *o = ix->group_recs[k];
        if (o == ix->recs[ri].r)
            continue;
        for (size_t n = 0; n < o->n_names; n++)
            if (o->names[n].weak && o->names[n].full &&
                !strcasecmp(o->names[n].full, full))
                return 1;
    }
    return 0;
}

int ix_registration_mark(const char *full, char *out, size_t cap)
{
    size_t n = strlen(full);
    if (n < 5 || n > 7 || n >= cap || full[1] != '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i != 1 && !isalpha((unsigned char)full[i]))
            return 0;
    out[0] = full[0];
    memcpy(out + 1, full + 2, n - 2);
    out[n - 1] = '\0';
    return 1;
}

static int add_names(builder *b, text_ctx *ctx, text_name *tn)
{
    emb_index *ix = b->ix;
    size_t ntok_len = 0;
    for (size_t ri = 0; ri < ix->n_recs; ri++) {
        const emb_record *r = ix->recs[ri].r;
        for (size_t k = 0; k < r->n_names && k < 65535; k++) {
            const emb_name *nm = &r->names[k];
            if (!nm->full || !*nm->full)
                continue;
            char mark[IX_MARK_MAX];
            const char *text = r->kind == EMB_KIND_AIRCRAFT &&
                                       ix_registration_mark(nm->full, mark,
                                                            sizeof mark)
                                   ? mark
                                   : nm->full;
            /* a person has no legal form ("PAO, Yu Liang": Pao is a family
             * name, not the Russian PAO) */
            int rc = r->kind == EMB_KIND_PERSON
                         ? text_person_normalize(ctx, text, strlen(text), tn)
                         : text_name_normalize(ctx, text, strlen(text), tn);
            if (rc != EMB_OK || tn->n == 0)
                continue;
            if (r->kind == EMB_KIND_UNKNOWN && !ix->recs[ri].kind_by) {
                if (tn->applied & TX_LEGAL_FORM)
                    ix->recs[ri].kind_by = KIND_BY_LEGAL_FORM;
                for (int t = 0; !ix->recs[ri].kind_by && t < tn->n; t++)
                    if (!(tn->tok[t].flags & (TOK_LEGAL | TOK_STOP)) &&
                        lex_find(&org_words, tn->tok[t].s))
                        ix->recs[ri].kind_by = KIND_BY_ORG_WORD;
                if (ix->recs[ri].kind_by)
                    ix->recs[ri].kind = EMB_KIND_ENTITY;
            }
            if (grow((void **)&ix->names, &b->names_cap, ix->n_names + 1,
                     sizeof *ix->names))
                return EMB_ERR_NOMEM;
            if (grow((void **)&ix->name_tok, &b->ntok_cap,
                     ntok_len + (size_t)tn->n, sizeof *ix->name_tok) ||
                grow((void **)&ix->name_tflags, &b->tfl_cap,
                     ntok_len + (size_t)tn->n, sizeof *ix->name_tflags) ||
                grow((void **)&ix->name_ini, &b->ini_cap,
                     ntok_len + (size_t)tn->n, sizeof *ix->name_ini))
                return EMB_ERR_NOMEM;
            ix_name *e = &ix->names[ix->n_names];
            e->rec = (uint32_t)ri;
            e->tok = (uint32_t)ntok_len;
            e->name_idx = (uint16_t)k;
            e->n_tok = (uint8_t)tn->n;
            e->weak = nm->weak || weak_in_party(ix, ri, nm->full);
            e->applied = tn->applied;
            e->self_w = 0; /* build_acronyms */
            for (int t = 0; t < tn->n; t++) {
                tn->tok[t].flags &= (uint16_t)~TOK_SYLLABLE; /* a query's */
                uint32_t id = intern(b, &tn->tok[t]);
                if (id == IX_NONE)
                    return EMB_ERR_NOMEM;
                unsigned fl = tn->tok[t].flags;
                if (text_all_digits(tn->tok[t].s, tn->tok[t].len))
                    fl |= TOK_NUMBER;
                if (tn->tok[t].orig && strcmp(tn->tok[t].orig, tn->tok[t].s))
                    fl |= TOKF_MAPPED;
                if (text_nickname(tn->tok[t].s, tn->tok[t].len)) {
                    fl |= TOKF_NICK;
                    ix->toks[id].flags |= TOKF_NICK;
                }
                if (place_token(fl, tn->tok[t].s, tn->tok[t].len)) {
                    fl |= TOKF_PLACE;
                    ix->toks[id].flags |= TOKF_PLACE;
                }
                if ((fl & TOK_STOP) &&
                    text_particle(tn->tok[t].s, tn->tok[t].len))
                    fl |= TOKF_PARTICLE;
                if (text_variant_head(tn->tok[t].s, tn->tok[t].len)) {
                    fl |= TOKF_HEAD;
                    ix->toks[id].flags |= TOKF_HEAD;
                }
                if (keep_written(b, id, fl, &tn->tok[t]))
                    return EMB_ERR_NOMEM;
                ix->name_tok[ntok_len + (size_t)t] = id;
                ix->name_tflags[ntok_len + (size_t)t] = (uint16_t)fl;
                ix->name_ini[ntok_len + (size_t)t] =
                    tn->tok[t].orig ? tn->tok[t].orig[0] : tn->tok[t].s[0];
            }
            ntok_len += (size_t)tn->n;
            ix->n_names++;
        }
    }
    return EMB_OK;
}

static int build_postings(emb_index *ix)
{
    size_t nt = ix->n_toks;
    uint32_t *last = malloc((nt + 1) * sizeof *last);
    ix->post_off = calloc(nt + 2, sizeof *ix->post_off);
    if (!last || !ix->post_off) {
        free(last);
        return EMB_ERR_NOMEM;
    }
    memset(last, 0xff, (nt + 1) * sizeof *last);
    for (size_t n = 0; n < ix->n_names; n++) {
        const ix_name *nm = &ix->names[n];
        for (int t = 0; t < nm->n_tok; t++) {
            uint32_t id = ix->name_tok[nm->tok + (uint32_t)t];
            if (last[id] == n)
                continue;
            last[id] = (uint32_t)n;
            ix->post_off[id + 2]++;
        }
    }
    for (size_t i = 2; i < nt + 2; i++)
        ix->post_off[i] += ix->post_off[i - 1];
    size_t total = ix->post_off[nt + 1];
    ix->post = malloc((total ? total : 1) * sizeof *ix->post);
    if (!ix->post) {
        free(last);
        return EMB_ERR_NOMEM;
    }
    memset(last, 0xff, (nt + 1) * sizeof *last);
    for (size_t n = 0; n < ix->n_names; n++) {
        const ix_name *nm = &ix->names[n];
        for (int t = 0; t < nm->n_tok; t++) {
            uint32_t id = ix->name_tok[nm->tok + (uint32_t)t];
            if (last[id] == n)
                continue;
            last[id] = (uint32_t)n;
            ix->post[ix->post_off[id + 1]++] = (uint32_t)n;
        }
    }
    free(last);
    double N = (double)(ix->n_names ? ix->n_names : 1);
    for (size_t i = 0; i < nt; i++) {
        ix_token *t = &ix->toks[i];
        t->df = ix->post_off[i + 1] - ix->post_off[i];
        t->idf = (float)log(1.0 + N / (double)(t->df ? t->df : 1));
    }
    ix->idf_unknown = log(1.0 + N);
    return EMB_OK;
}

typedef struct del_ctx {
    kvvec *v;
    uint32_t id;
} del_ctx;

static void del_push(void *arg, uint64_t h)
{
    del_ctx *c = arg;
    kv_push(c->v, h, c->id);
}

static int cmp_canon(const void *a, const void *b)
{
    const lex_entry *x = *(const lex_entry *const *)a,
                    *y = *(const lex_entry *const *)b;
    int c = strcmp(x->canon, y->canon);
    return c ? c : strcmp(x->word, y->word);
}

/* Spellings of a word in the company vocabulary that count as its family:
 * written out (FAM_ABBREV_MIN letters or more, so not "tech" or "svc", or
 * a word of another language, ABBREV_WORD: "naft"; never a pinyin word,
 * ABBREV_PINYIN) and mapped to one word. */
#define FAM_ABBREV_MIN 5

/* The family whose canonical spelling by[at] starts (at == nb or another
 * canonical spelling: none) as family slot f, its spellings from fam_str[nf]
 * on, each marked taken; returns the next free fam_str slot. */
static size_t add_family(emb_index *ix, size_t f, const lex_entry **by,
                         size_t nb, size_t at, uint8_t *taken, size_t nf)
{
    ix->fam_off[f] = (uint32_t)nf;
    if (at >= nb)
        return nf;
    const char *canon = by[at]->canon;
    for (size_t k = at; k < nb && !strcmp(by[k]->canon, canon); k++) {
        size_t l = strlen(by[k]->word);
        uint8_t l8 = (uint8_t)(l < 255 ? l : 255);
        taken[k] = 1;
        ix->fam_str[nf] = by[k]->word; /* each entry once */
        ix->fam_len[nf++] = l8;
        if (l8 > ix->fam_max[f])
            ix->fam_max[f] = l8;
        if (!ix->fam_min[f] || l8 < ix->fam_min[f])
            ix->fam_min[f] = l8;
        ix->fam_ends[f] |= spelling_ends(by[k]->word, l);
    }
    ix->fam_ends[f] |= spelling_ends(canon, strlen(canon));
    return nf;
}

typedef struct counted {
    const char *s;
    size_t len;
} counted;

/* bsearch order of a counted key and a NUL-terminated string. */
static int cmp_counted(const void *key, const void *elem)
{
    const counted *k = key;
    const char *e = *(const char *const *)elem;
    int c = strncmp(k->s, e, k->len);
    return c ? c : -(e[k->len] != '\0');
}

uint32_t lexfam_id(const emb_index *ix, const char *s, size_t len)
{
    counted key = {s, len};
    const char **at = ix->n_lexfam ? bsearch(&key, ix->lexfam, ix->n_lexfam,
                                              sizeof *ix->lexfam, cmp_counted)
                                   : NULL;
    return at ? (uint32_t)(ix->n_toks + (size_t)(at - ix->lexfam)) : IX_NONE;
}

/* Families: for each token that is the canonical spelling of a name
 * variant family (sergey: sergei, serguei, ...) or of a company word
 * (technology: technologies, tekhnologii, ...), its other spellings, so
 * that a misspelt one ("Technolgies", "Serej") is compared with them. Then
 * the families no token heads, for emb_name_score (lexfam_id). */
static int cmp_written(const void *a, const void *b)
{
    const written_as *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* Adds to token id's family, from fam_str[nf] on, its listed spellings
 * wr[*at ..] that it does not hold yet; returns the next free slot. */
static size_t add_written(emb_index *ix, uint32_t id, const written_as *wr,
                          size_t n_wr, size_t *at, size_t nf)
{
    for (; *at < n_wr && wr[*at].id == id; (*at)++) {
        const char *w = ix->wpool + wr[*at].off;
        uint8_t l = wr[*at].len;
        size_t f = ix->fam_off[id];
        while (f < nf && (ix->fam_len[f] != l || memcmp(ix->fam_str[f], w, l)))
            f++;
        if (f < nf)
            continue;
        ix->fam_str[nf] = w;
        ix->fam_len[nf++] = l;
        if (l > ix->fam_max[id])
            ix->fam_max[id] = l;
        if (!ix->fam_min[id] || l < ix->fam_min[id])
            ix->fam_min[id] = l;
        ix->fam_ends[id] |= spelling_ends(w, l);
    }
    return nf;
}

/* Moves the listed spellings the families hold (each once) out of
 * wpool, which holds one per occurrence, into a pool of their own. */
static int compact_written(emb_index *ix, size_t nf)
{
    const char *lo = ix->wpool, *hi = ix->wpool + ix->wpool_len;
    size_t need = 0;
    for (size_t f = 0; f < nf; f++)
        if (ix->fam_str[f] >= lo && ix->fam_str[f] < hi)
            need += ix->fam_len[f] + 1u;
    char *pool = malloc(need ? need : 1);
    if (!pool)
        return EMB_ERR_NOMEM;
    size_t at = 0;
    for (size_t f = 0; f < nf; f++)
        if (ix->fam_str[f] >= lo && ix->fam_str[f] < hi) {
            memcpy(pool + at, ix->fam_str[f], ix->fam_len[f]);
            pool[at + ix->fam_len[f]] = '\0';
            ix->fam_str[f] = pool + at;
            at += ix->fam_len[f] + 1u;
        }
    free(ix->wpool);
    ix->wpool = pool;
    ix->wpool_len = need;
    return EMB_OK;
}

static int build_families(emb_index *ix, builder *b)
{
    const lex_table *tabs[] = {&name_variants, &abbrev_words};
    size_t cap = name_variants.n + abbrev_words.n + b->n_wr + 1;
    /* room for every token, then every family no token heads */
    size_t slots = ix->n_toks + cap + 1;
    const lex_entry **by = malloc(cap * sizeof *by);
    uint8_t *taken = calloc(cap, 1);
    ix->fam_off = calloc(slots, sizeof *ix->fam_off);
    ix->fam_str = malloc(cap * sizeof *ix->fam_str);
    ix->fam_len = malloc(cap);
    ix->fam_max = calloc(slots, 1);
    ix->fam_min = calloc(slots, 1);
    ix->fam_ends = calloc(slots, sizeof *ix->fam_ends);
    ix->lexfam = malloc(cap * sizeof *ix->lexfam);
    if (!by || !taken || !ix->fam_off || !ix->fam_str || !ix->fam_len ||
        !ix->fam_max || !ix->fam_min || !ix->fam_ends || !ix->lexfam) {
        free(by);
        free(taken);
        return EMB_ERR_NOMEM;
    }
    size_t nb = 0, nf = 0;
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < tabs[k]->n; i++) {
            const lex_entry *e = &tabs[k]->e[i];
            if (!strcmp(e->word, e->canon))
                continue;
            if (k == 1 && ((strlen(e->word) < FAM_ABBREV_MIN &&
                            e->kind != ABBREV_WORD) ||
                           e->kind == ABBREV_PINYIN ||
                           strchr(e->word, ' ') || strchr(e->canon, ' ')))
                continue;
            by[nb++] = e;
        }
    qsort(by, nb, sizeof *by, cmp_canon);
    if (b->n_wr)
        qsort(b->wr, b->n_wr, sizeof *b->wr, cmp_written);
    size_t w = 0;
    for (size_t i = 0; i < ix->n_toks; i++) {
        const char *s = ix->pool + ix->toks[i].str;
        size_t lo = 0, hi = nb;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(by[mid]->canon, s) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < nb && strcmp(by[lo]->canon, s))
            lo = nb; /* no family */
        nf = add_family(ix, i, by, nb, lo, taken, nf);
        size_t before = nf;
        nf = add_written(ix, (uint32_t)i, b->wr, b->n_wr, &w, nf);
        if (nf > before)
            ix->fam_ends[i] |= spelling_ends(s, ix->toks[i].len);
    }
    /* the families no token heads, after the tokens, in the order of
     * their canonical spellings: emb_name_score reads a name the index
     * does not hold with them (lexfam_id) */
    ix->n_lexfam = 0;
    for (size_t k = 0; k < nb; k++) {
        if (taken[k] || (k && !strcmp(by[k]->canon, by[k - 1]->canon)))
            continue;
        size_t f = ix->n_toks + ix->n_lexfam;
        ix->lexfam[ix->n_lexfam++] = by[k]->canon;
        nf = add_family(ix, f, by, nb, k, taken, nf);
    }
    ix->fam_off[ix->n_toks + ix->n_lexfam] = (uint32_t)nf;
    free(by);
    free(taken);
    return compact_written(ix, nf);
}

static int build_maps(emb_index *ix)
{
    kvvec d = {0}, p = {0}, x = {0}, sp = {0}, a = {0}, sk = {0}, sh = {0},
          sj = {0};
    for (size_t i = 0; i < ix->n_toks; i++) {
        ix_token *t = &ix->toks[i];
        const char *s = ix->pool + t->str;
        kv_push(&d, match_hash(s, t->len), (uint32_t)i);
        t->phon = (t->flags & TOK_NUMBER) ? 0 : ix_phon_hash(s, t->len);
        if (t->phon)
            kv_push(&p, t->phon, (uint32_t)i);
        uint64_t skh =
            (t->flags & TOK_NUMBER) ? 0 : ix_skeleton_hash(s, t->len);
        if (skh)
            kv_push(&sk, skh, (uint32_t)i);
        else if (!(t->flags & TOK_NUMBER) &&
                 (skh = ix_short_skeleton_hash(s, t->len)) != 0)
            kv_push(&sk, skh, (uint32_t)i);
        uint64_t shh =
            (t->flags & TOK_NUMBER) ? 0 : ix_skeleton_hash_hebrew(s, t->len);
        if (shh)
            kv_push(&sh, shh, (uint32_t)i);
        uint64_t sjh =
            (t->flags & TOK_NUMBER) ? 0 : ix_skeleton_hash_kana(s, t->len);
        if (sjh)
            kv_push(&sj, sjh, (uint32_t)i);
        if (!(t->flags & TOK_NUMBER) && t->len >= 2) {
            del_ctx c = {&x, (uint32_t)i};
            deletion_hashes(s, t->len, edit_budget(t->len), del_push, &c);
            for (uint32_t f = ix->fam_off[i]; f < ix->fam_off[i + 1]; f++)
                deletion_hashes(ix->fam_str[f], ix->fam_len[f],
                                edit_budget(ix->fam_len[f]), del_push, &c);
        }
        for (uint32_t f = ix->fam_off[i]; f < ix->fam_off[i + 1]; f++)
            kv_push(&sp, match_hash(ix->fam_str[f], ix->fam_len[f]),
                    (uint32_t)i);
        int st[2], ns = (t->flags & TOKF_PLACE) ? place_stems(s, t->len, st)
                                                : 0;
        for (int k = 0; k < ns; k++)
            kv_push(&a, match_hash(s, (size_t)st[k]), (uint32_t)i);
    }
    int rc = EMB_ERR_NOMEM;
    if (!d.oom && !p.oom && !x.oom && !sp.oom && !a.oom && !sk.oom &&
        !sh.oom && !sj.oom && mmap_build(&ix->dict, &d) == EMB_OK &&
        mmap_build(&ix->skel, &sk) == EMB_OK &&
        mmap_build(&ix->skel_he, &sh) == EMB_OK &&
        mmap_build(&ix->skel_ja, &sj) == EMB_OK &&
        mmap_build(&ix->phon, &p) == EMB_OK &&
        mmap_build(&ix->dels, &x) == EMB_OK &&
        mmap_build(&ix->spelt, &sp) == EMB_OK &&
        mmap_build(&ix->adj, &a) == EMB_OK)
        rc = EMB_OK;
    free(d.a);
    free(p.a);
    free(x.a);
    free(sp.a);
    free(a.a);
    free(sk.a);
    free(sh.a);
    free(sj.a);
    return rc;
}

static int kv_cmp(const void *a, const void *b)
{
    const kv *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->v < y->v ? -1 : x->v > y->v;
}

/* The acronyms every name of anything but a person may be written as:
 * the first letters of each run of ACRO_MIN to ACRO_MAX words
 * (acro_part, as the scorer reads them), each (acronym, name) once; and
 * the names written with their own acronym (TOKF_SELFACRO). */
/* The identifiers that name a party (ident_indexable), each under its
 * keys (ident_query_keys: a BIC of 11 under its institution's 8 too), for
 * the records with an indexed name. */
static int build_idents(emb_index *ix)
{
    uint32_t *first = malloc((ix->n_recs ? ix->n_recs : 1) * sizeof *first);
    if (!first)
        return EMB_ERR_NOMEM;
    for (size_t i = 0; i < ix->n_recs; i++)
        first[i] = UINT32_MAX;
    for (size_t nid = ix->n_names; nid-- > 0;) /* the first name wins */
        first[ix->names[nid].rec] = (uint32_t)nid;
    size_t n = 0, pool = 0; /* two keys each at most, the second of 8 */
    for (size_t i = 0; i < ix->n_recs; i++) {
        const emb_record *r = ix->recs[i].r;
        for (size_t k = 0; first[i] != UINT32_MAX && k < r->n_idents; k++)
            if (ident_indexable(&r->idents[k])) {
                n += 2;
                pool += strlen(r->idents[k].value) + 1 + 9;
            }
    }
    ix->idents = malloc((n ? n : 1) * sizeof *ix->idents);
    ix->ident_pool = malloc(pool ? pool : 1);
    kvvec v = {0};
    int rc = ix->idents && ix->ident_pool ? EMB_OK : EMB_ERR_NOMEM;
    size_t at = 0;
    for (size_t i = 0; rc == EMB_OK && i < ix->n_recs; i++) {
        const emb_record *r = ix->recs[i].r;
        for (size_t k = 0; first[i] != UINT32_MAX && k < r->n_idents; k++) {
            const emb_ident *id = &r->idents[k];
            char keys[2][IDENT_KEY_CAP];
            size_t lens[2];
            if (!ident_indexable(id) || strlen(id->value) >= IDENT_KEY_CAP)
                continue;
            size_t nk = ident_query_keys(id->value, keys, lens);
            for (size_t j = 0; j < nk; j++) {
                ix_ident *e = &ix->idents[ix->n_idents];
                e->rec = (uint32_t)i;
                e->nid = first[i];
                e->k = (uint16_t)k;
                e->key = (uint32_t)at;
                e->key_len = (uint16_t)lens[j];
                memcpy(ix->ident_pool + at, keys[j], lens[j] + 1);
                at += lens[j] + 1;
                kv_push(&v, match_hash(keys[j], lens[j]),
                        (uint32_t)ix->n_idents++);
            }
        }
    }
    if (rc == EMB_OK)
        rc = v.oom ? EMB_ERR_NOMEM : mmap_build(&ix->ident, &v);
    free(v.a);
    free(first);
    return rc;
}

static int build_acronyms(emb_index *ix)
{
    kvvec v = {0};
    float wmax = 0;
    tokv t[TEXT_MAX_TOKENS];
    for (size_t n = 0; n < ix->n_names; n++) {
        const ix_name *nm = &ix->names[n];
        if (ix->recs[nm->rec].r->kind == EMB_KIND_PERSON)
            continue;
        int nt = nm->n_tok < TEXT_MAX_TOKENS ? nm->n_tok : TEXT_MAX_TOKENS;
        for (int j = 0; j < nt; j++) { /* what acro_part reads */
            uint32_t o = nm->tok + (uint32_t)j;
            t[j].s = ix->pool + ix->name_str[o];
            t[j].len = (uint16_t)ix->toks[ix->name_tok[o]].len;
            t[j].flags = ix->name_tflags[o];
            t[j].ini = ix->name_ini[o];
        }
        for (int j = 0; j < nt; j++) {
            int from, to;
            if (!self_acro(t, nt, j, &from, &to))
                continue;
            ix->name_tflags[nm->tok + (uint32_t)j] |= TOKF_SELFACRO;
            ix->names[n].self_w += ix->name_w[nm->tok + (uint32_t)j];
            for (int m = from; m <= to; m++)
                if (acro_part(&t[m]) == 1)
                    ix->names[n].self_w += ix->name_w[nm->tok + (uint32_t)m];
        }
        for (int j = 0; j < nt; j++) {
            char letters[ACRO_MAX];
            int end[ACRO_MAX];
            int got = acro_letters(t, nt, j, letters, end);
            float w = 0;
            for (int k = 1, m = j; k <= got; k++) {
                for (; m <= end[k - 1]; m++)
                    w += ix->name_w[nm->tok + (uint32_t)m];
                if (k < ACRO_MIN)
                    continue;
                kv_push(&v, match_hash(letters, (size_t)k), (uint32_t)n);
                if (w > wmax)
                    wmax = w;
            }
        }
    }
    int rc = EMB_ERR_NOMEM;
    if (!v.oom) {
        size_t k = 0;
        if (v.n)
            qsort(v.a, v.n, sizeof *v.a, kv_cmp);
        for (size_t i = 0; i < v.n; i++)
            if (!k || v.a[i].h != v.a[k - 1].h || v.a[i].v != v.a[k - 1].v)
                v.a[k++] = v.a[i];
        v.n = k;
        rc = mmap_build(&ix->acro, &v);
    }
    ix->acro_wmax = wmax;
    free(v.a);
    return rc;
}

/* ---- public ----------------------------------------------------------- */
void emb_index_close(emb_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n_sets; i++)
        emb_recset_free(ix->sets[i]);
    free(ix->sets);
    free(ix->recs);
    free(ix->group_off);
    free(ix->group_recs);
    free(ix->names);
    free(ix->name_tok);
    free(ix->name_tflags);
    free(ix->name_ini);
    free(ix->name_str);
    free(ix->name_w);
    free(ix->name_len);
    free(ix->toks);
    free(ix->pool);
    free(ix->post_off);
    free(ix->post);
    free(ix->fam_off);
    free(ix->fam_str);
    free(ix->fam_len);
    free(ix->fam_max);
    free(ix->fam_min);
    free(ix->fam_ends);
    free(ix->lexfam);
    free(ix->wpool);
    mmap_free(&ix->dict);
    mmap_free(&ix->phon);
    mmap_free(&ix->dels);
    mmap_free(&ix->spelt);
    mmap_free(&ix->acro);
    mmap_free(&ix->adj);
    mmap_free(&ix->skel);
    mmap_free(&ix->skel_he);
    mmap_free(&ix->skel_ja);
    mmap_free(&ix->ident);
    free(ix->idents);
    free(ix->ident_pool);
    free(ix);
}

int emb_index_build(emb_recset **sets, size_t n, emb_index **out,
                    emb_error *err)
{
    if (out)
        *out = NULL;
    if (!out || (!sets && n)) {
        for (size_t i = 0; sets && i < n; i++)
            emb_recset_free(sets[i]);
        return emb_error_set(err, EMB_ERR_USAGE, NULL, 0, NULL,
                             "emb_index_build: NULL argument");
    }
    emb_index *ix = calloc(1, sizeof *ix);
    if (ix)
        ix->sets = malloc((n ? n : 1) * sizeof *ix->sets);
    if (!ix || !ix->sets) {
        for (size_t i = 0; i < n; i++)
            emb_recset_free(sets[i]);
        if (ix)
            free(ix);
        return emb_error_set(err, EMB_ERR_NOMEM, NULL, 0, NULL,
                             "out of memory building the index");
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!sets[i])
            continue;
        ix->sets[ix->n_sets++] = sets[i];
        total += emb_recset_count(sets[i]);
    }
    int rc = EMB_ERR_NOMEM;
    builder b = {0};
    b.ix = ix;
    text_ctx *ctx = NULL;
    text_name *tn = malloc(sizeof *tn);
    ix->recs = malloc((total ? total : 1) * sizeof *ix->recs);
    if (!tn || !ix->recs)
        goto fail;
    for (size_t i = 0; i < ix->n_sets; i++) {
        size_t c = emb_recset_count(ix->sets[i]);
        for (size_t k = 0; k < c; k++) {
            const emb_record *r = emb_recset_get(ix->sets[i], k);
            if (r)
                ix->recs[ix->n_recs++] = (ix_rec){.r = r, .kind = r->kind};
        }
    }
    qsort(ix->recs, ix->n_recs, sizeof *ix->recs, rec_cmp);
    for (size_t i = 0; i < ix->n_recs; i++)
        ix->recs[i].rank = (uint32_t)i;
    if ((rc = build_groups(ix)) != EMB_OK)
        goto fail;
    if ((rc = text_ctx_open(&ctx)) != EMB_OK) {
        emb_error_set(err, rc, NULL, 0, NULL,
                      "cannot open the text normaliser: %s",
                      emb_strerror(rc));
        goto fail_msg;
    }
    if ((rc = add_names(&b, ctx, tn)) != EMB_OK ||
        (rc = build_postings(ix)) != EMB_OK ||
        (rc = build_occurrences(ix)) != EMB_OK ||
        (rc = build_families(ix, &b)) != EMB_OK ||
        (rc = build_maps(ix)) != EMB_OK ||
        (rc = build_acronyms(ix)) != EMB_OK ||
        (rc = build_idents(ix)) != EMB_OK)
        goto fail;
    text_ctx_close(ctx);
    free(tn);
    free(b.d.slot);
    free(b.d.hash);
    free(b.wr);
    *out = ix;
    return EMB_OK;
fail:
    emb_error_set(err, rc, NULL, 0, NULL, "building the index: %s",
                  emb_strerror(rc));
fail_msg:
    text_ctx_close(ctx);
    free(tn);
    free(b.d.slot);
    free(b.d.hash);
    free(b.wr);
    emb_index_close(ix);
    return rc;
}

size_t emb_index_record_count(const emb_index *ix)
{
    return ix ? ix->n_recs : 0;
}

size_t emb_index_name_count(const emb_index *ix)
{
    return ix ? ix->n_names : 0;
}

size_t emb_index_group_count(const emb_index *ix)
{
    return ix ? ix->n_groups : 0;
}

size_t index_bytes(const emb_index *ix)
{
    size_t b = sizeof *ix;
    b += ix->n_recs * sizeof *ix->recs;
    b += (ix->n_groups + 1) * sizeof *ix->group_off;
    b += ix->n_recs * sizeof *ix->group_recs;
    b += ix->n_names * sizeof *ix->names;
    size_t nt = ix->n_names ? ix->names[ix->n_names - 1].tok +
                                  ix->names[ix->n_names - 1].n_tok
                            : 0;
    b += nt * (sizeof *ix->name_tok + sizeof *ix->name_tflags +
               sizeof *ix->name_str + sizeof *ix->name_w + 1 +
               sizeof *ix->name_ini);
    b += ix->n_toks * sizeof *ix->toks;
    for (size_t i = 0; i < ix->n_toks; i++)
        b += ix->toks[i].len + 1u;
    b += (ix->n_toks + 1) * sizeof *ix->post_off;
    if (ix->fam_off) {
        size_t nfam = ix->n_toks + ix->n_lexfam;
        b += (nfam + 1) * (sizeof *ix->fam_off + 2 + sizeof *ix->fam_ends) +
             ix->fam_off[nfam] * (sizeof *ix->fam_str + 1) +
             ix->n_lexfam * sizeof *ix->lexfam + ix->wpool_len;
    }
    b += (ix->n_toks ? ix->post_off[ix->n_toks] : 0) * sizeof *ix->post;
    const mmap64 *m[] = {&ix->dict, &ix->phon, &ix->dels,  &ix->spelt,
                         &ix->acro, &ix->adj,  &ix->skel, &ix->skel_he,
                         &ix->skel_ja, &ix->ident};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        size_t n = m[i]->off ? m[i]->off[m[i]->mask + 1] : 0;
        b += (m[i]->mask + 2) * sizeof(uint32_t) + n * 2 * sizeof(uint32_t);
    }
    b += ix->n_idents * sizeof *ix->idents;
    for (size_t i = 0; i < ix->n_idents; i++)
        b += ix->idents[i].key_len + 1u;
    return b;
}
