/*
 * screen.c - one query against the index: candidates, scores, ranking and
 * explanations, with every buffer preallocated in the emb_screener.
 *
 * Candidates must include every name that could reach the threshold, so
 * that the index finds exactly what the exhaustive scan finds. The name
 * score is bounded by how much query weight stays unaligned
 * (name_score_bound): sorting query tokens by weight, the shortest prefix
 * G whose weight pushes the bound (plus the most evidence could add) below
 * the threshold is the generating set, and a name that aligns no token of G
 * cannot be a hit. Candidates are then the postings of every dictionary
 * token that can align with a token of G: the token itself, tokens sharing
 * its phonetic key, tokens within the edit budget (symmetric-delete map),
 * the one-letter token of its initial, the two halves when it is two listed
 * words joined, and the joined word when it and a neighbour are one listed
 * word split. An initial in G (a token any word starting with that letter
 * aligns with) falls back to scoring every name. Everything found is then
 * scored exactly as the exhaustive scan scores it.
 */
#include "match/match.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define IDENT_EV_MAX 2 /* identifiers a hit's evidence names */
/* type, country, date of birth, an identifier of each kind its form
 * tells that conflicts (TYPED_IDENTS_MAX), and those the party holds */
#define EV_MAX (3 + TYPED_IDENTS_MAX + IDENT_EV_MAX)
#define IDM_MAX 256   /* listed identifiers one query's may meet */
#define CACHE_CELLS 65536 /* similarity cache: rows x query tokens */
#define DEL_LAG1 6         /* deletion probes: locate this many behind */
#define DEL_LAG2 12        /* and scan this many behind */
#define DEL_RING 16        /* > DEL_LAG2 */
#define DEL_IDS 64         /* matched ids tried together */
#define WALK_AHEAD 8       /* postings: prefetch the name this far ahead */
#define HASH_BATCH 128     /* deletion probes located together */

/* Per name, 8 bytes so that the walks over postings stay in cache: seen ==
 * gen when it is a candidate of this query, and then slot is its place in
 * the candidate array. */
typedef struct name_mark {
    uint32_t seen, slot;
} name_mark;

/* Per candidate: acc is the sum over query tokens of weight x best
 * similarity (over-counts, never under-counts), cur the best similarity of
 * query token `last`, and nacc / ncur the same for the weight of the listed
 * tokens those query tokens can align. */
typedef struct cand_st {
    uint32_t nid;
    float acc, cur, nacc, ncur;
    int8_t last;
    uint8_t content; /* a content query token can align with it other
                        than as an initial (else it scores 0) */
} cand_st;

typedef struct del_probe {
    uint64_t h;
    uint32_t lo, hi;
} del_probe;

/* Per dictionary token, together so that trying a token touches one
 * cache line: tried == tgen when already tried for the query token being
 * expanded; row its row in the similarity cache when row_gen == gen. */
typedef struct tok_st {
    uint32_t tried, row_gen, row;
} tok_st;

typedef struct nb_entry {
    uint32_t id;
    float sim;
    uint8_t how;
} nb_entry;

typedef struct join_walk_e {
    uint32_t tok;
    float wt;
} join_walk_e;

typedef struct nb_memo {
    uint32_t off, n;
} nb_memo;

typedef struct kmemo_slot {
    uint64_t h;
    uint32_t key, klen; /* key at kpool + key - 1; key 0: empty slot */
    nb_memo m;
} kmemo_slot;

#define KMEMO_SLOTS 16384u /* a power of 2; filled to 3/4 at most */

/* The memo's capacities, allocated when the screener opens (untouched
 * pages cost no memory until used) so that screening never allocates:
 * neighbours (12 bytes each; every word of the bundled lists needs about
 * 215,000), join walks (8 bytes each) and the spellings of kmemo. When one
 * is full the memo stops growing and the maps are probed as before. */
#define MEMO_CAP (1u << 19)
#define JMEMO_CAP (1u << 17)
#define KPOOL_CAP (1u << 18)

struct emb_screener {
    const emb_index *ix;
    text_ctx *ctx;
    uint32_t gen;
    name_mark *mark;     /* per name, gen-stamped */
    tok_st *tst;         /* per dictionary token */
    uint32_t tgen;       /* one per expanded query token */
    uint32_t ggen;       /* one per screening, whatever its readings */
    uint32_t *grp_seen;  /* per group: ggen when it has a best */
    double *grp_score;
    uint32_t *grp_name;
    uint8_t *grp_reading; /* the reading of the query it has it by */
    uint32_t *grp_list;
    size_t n_grp;
    cand_st *cand;       /* the candidates, in order of admission */
    size_t n_cand;
    int all_names;

    /* Similarity cache, filled while expanding query tokens: row r holds
     * the similarity of every query token to dictionary token t where
     * tst[t].row_gen == gen and tst[t].row == r. */
    float *cache_sim;
    uint8_t *cache_how;
    size_t rows_used, rows_max;
    int cache_full;
    uint64_t expanded; /* query tokens whose postings were walked */
    int admit;         /* 1: walking a generating token (adds names) */
    float msim[TEXT_MAX_TOKENS * TEXT_MAX_TOKENS];
    uint8_t mhow[TEXT_MAX_TOKENS * TEXT_MAX_TOKENS];

    /* the query's tokens, a buffer per reading so that the explanations
     * of one reading's hits keep theirs while the other is explained;
     * qcur is the reading's in force */
    text_name qn, qn2, pn;
    text_name *qcur;
    /* the query's readings: as written, and a second one
     * (second_reading) in one of the buffers below; `reading` is the one
     * the query tokens hold */
    const char *readings[2];
    char korean[TEXT_CJK_NAME_MAX * 3 + 1]; /* text_korean_reading */
    char regmark[IX_MARK_MAX];              /* ix_registration_mark */
    char persian[EMB_SCREEN_MAX_NAME + 1];  /* text_persian_reading */
    char wadegiles[EMB_SCREEN_MAX_NAME + 1]; /* text_wg_reading */
    int n_readings, reading;
    int32_t qcjk[TEXT_CJK_NAME_MAX]; /* the query as a CJK personal name */
    int qcjk_n;                      /* (text_cjk_name), 0 when not one */
    tokv q[TEXT_MAX_TOKENS];
    int nq;
    tokv nt[TEXT_MAX_TOKENS];
    align_scratch sc;
    query_facts qf;
    double threshold;

    /* the query token being expanded, and the listed tokens each query
     * token can align with (nb_* [nb_lo[i], nb_hi[i]) once nb_done[i]) */
    const tokv *exp_q;
    int exp_qi;
    int split_i; /* query tokens split_i, split_i + 1 probed as one word */
    int psplit_i; /* query tokens psplit_i .. + 2, a particle between,
                     probed as one word by their consonants */
    uint64_t pairs_done; /* bit i: the pair (i, i+1) was probed */
    uint64_t triples_done; /* bit i: i, i+2 around a particle were probed */
    uint64_t runs_done[RUN_MAX - 2]; /* [k - 3] bit i: the run of k from i
                                        was probed */
    uint8_t acros_done[ACRO_RUNS_MAX]; /* the acronym of the query's run
                                          r (sc.qa_*) was looked up */
    /* a batch of deletion-map probes (probe_batched) */
    uint64_t hb[HASH_BATCH];
    uint32_t hb_lo[HASH_BATCH], hb_hi[HASH_BATCH];
    uint32_t hb_n;
    void (*hb_fn)(struct emb_screener *, uint32_t);
    /* the katakana join being walked (kana_join_walks) */
    int kana_qi;
    double kana_wt;
    /* a fuzzy join being probed: query token join_qi is listed token
     * join_exact and, written on, a listed token near join_frag */
    int join_qi;
    uint32_t join_exact;
    const char *join_frag;
    int join_frag_len;
    uint32_t *nb_id;
    float *nb_sim;
    uint8_t *nb_how;
    size_t nb_n;
    int nb_overflow;
    uint32_t nb_lo[TEXT_MAX_TOKENS], nb_hi[TEXT_MAX_TOKENS];
    uint8_t nb_done[TEXT_MAX_TOKENS];
    /* Neighbours of dictionary tokens already collected (nb_memo), so that
     * a token seen again costs a copy rather than the probes: the
     * neighbours of a query token that is dictionary token t as spelt
     * there depend on t alone. memo[t].n entries from memo[t].off - 1 in
     * memo_e when memo[t].off != 0. */
    nb_memo *memo;
    nb_entry *memo_e;
    size_t memo_n;
    /* Tokens that are not spelt as a dictionary token (mapped from another
     * spelling, or in no listed name) are remembered by their spelling:
     * kmemo, an open-addressing table of KMEMO_SLOTS, keys in kpool. */
    kmemo_slot *kmemo;
    size_t kmemo_n;
    char *kpool;
    size_t kpool_n;
    /* The same for the walks a dictionary token makes as two listed
     * words joined (expand_token): jmemo[t] indexes jmemo_e. While
     * jrec, the walks being made are appended to jmemo_e. */
    nb_memo *jmemo;
    join_walk_e *jmemo_e;
    size_t jmemo_n;
    int jrec, jrec_failed;
    del_probe del_ring[DEL_RING];
    uint32_t del_n;
    uint32_t del_id[DEL_IDS]; /* matched token ids awaiting try_token */
    uint32_t del_nid;

    /* the query's identifiers and the listed ones they met (match_idents):
     * the party, the listed identifier (index into ix->idents) and the
     * query's (index into q_idents) */
    const char *const *q_idents;
    struct idm {
        uint32_t g, e, qi;
    } idm[IDM_MAX];
    size_t n_idm;

    size_t n_hits;
    emb_hit hits[EMB_SCREEN_MAX_HITS];
    uint32_t hit_name[EMB_SCREEN_MAX_HITS];
    emb_token_match tm[EMB_SCREEN_MAX_HITS][TEXT_MAX_TOKENS];
    const char *unm[EMB_SCREEN_MAX_HITS][TEXT_MAX_TOKENS];
    emb_evidence ev[EMB_SCREEN_MAX_HITS][EV_MAX];
};

int emb_screener_open(const emb_index *ix, emb_screener **out)
{
    if (!out)
        return EMB_ERR_USAGE;
    *out = NULL;
    if (!ix)
        return EMB_ERR_USAGE;
    emb_screener *s = calloc(1, sizeof *s);
    if (!s)
        return EMB_ERR_NOMEM;
    s->ix = ix;
    size_t nn = ix->n_names + 1, nt = ix->n_toks + 1, ng = ix->n_groups + 1;
    s->mark = calloc(nn, sizeof *s->mark);
    s->cand = malloc(nn * sizeof *s->cand);
    s->tst = calloc(nt, sizeof *s->tst);
    s->memo = calloc(nt, sizeof *s->memo);
    s->jmemo = calloc(nt, sizeof *s->jmemo);
    s->kmemo = calloc(KMEMO_SLOTS, sizeof *s->kmemo);
    s->memo_e = malloc(MEMO_CAP * sizeof *s->memo_e);
    s->jmemo_e = malloc(JMEMO_CAP * sizeof *s->jmemo_e);
    s->kpool = malloc(KPOOL_CAP);
    s->grp_seen = calloc(ng, sizeof *s->grp_seen);
    s->grp_score = malloc(ng * sizeof *s->grp_score);
    s->grp_name = malloc(ng * sizeof *s->grp_name);
    s->grp_reading = malloc(ng);
    s->grp_list = malloc(ng * sizeof *s->grp_list);
    s->cache_sim = malloc(CACHE_CELLS * sizeof *s->cache_sim);
    s->cache_how = malloc(CACHE_CELLS);
    s->nb_id = malloc(CACHE_CELLS * sizeof *s->nb_id);
    s->nb_sim = malloc(CACHE_CELLS * sizeof *s->nb_sim);
    s->nb_how = malloc(CACHE_CELLS);
    if (!s->mark || !s->cand || !s->tst || !s->memo || !s->jmemo ||
        !s->kmemo || !s->memo_e || !s->jmemo_e || !s->kpool || !s->grp_seen ||
        !s->grp_score || !s->grp_name || !s->grp_reading || !s->grp_list ||
        !s->cache_sim || !s->cache_how ||
        !s->nb_id || !s->nb_sim || !s->nb_how) {
        emb_screener_close(s);
        return EMB_ERR_NOMEM;
    }
    int rc = text_ctx_open(&s->ctx);
    if (rc != EMB_OK) {
        emb_screener_close(s);
        return rc;
    }
    *out = s;
    return EMB_OK;
}

void emb_screener_close(emb_screener *s)
{
    if (!s)
        return;
    text_ctx_close(s->ctx);
    free(s->mark);
    free(s->cand);
    free(s->tst);
    free(s->memo);
    free(s->memo_e);
    free(s->jmemo);
    free(s->kmemo);
    free(s->kpool);
    free(s->jmemo_e);
    free(s->grp_seen);
    free(s->grp_score);
    free(s->grp_name);
    free(s->grp_reading);
    free(s->grp_list);
    free(s->cache_sim);
    free(s->cache_how);
    free(s->nb_id);
    free(s->nb_sim);
    free(s->nb_how);
    free(s);
}

static void next_gen(emb_screener *s)
{
    if (++s->gen == 0) {
        memset(s->mark, 0, (s->ix->n_names + 1) * sizeof *s->mark);
        for (size_t t = 0; t <= s->ix->n_toks; t++)
            s->tst[t].row_gen = 0;
        s->gen = 1;
    }
}

/* A new screening: no group has a best yet. */
static void next_ggen(emb_screener *s)
{
    s->n_grp = 0;
    if (++s->ggen == 0) {
        memset(s->grp_seen, 0, (s->ix->n_groups + 1) * sizeof *s->grp_seen);
        s->ggen = 1;
    }
}

/* The idf to give a token the index does not hold: that of its most
 * similar indexed token (ties: the rarer), so a misspelt common name is not
 * weighed as a rare one; idf_unknown when nothing is similar. */
typedef struct near_ctx {
    const emb_index *ix;
    const tokv *q;
    double best_sim, best_idf;
} near_ctx;

/* Dictionary token id into v as a listed token, with its family. */
static inline void listed_view(const emb_index *ix, uint32_t id, tokv *v)
{
    const ix_token *t = &ix->toks[id];
    *v = (tokv){.s = ix->pool + t->str, .orig = ix->pool + t->str,
                .len = t->len, .flags = t->flags, .id = id, .w = 1.0,
                .phon = t->phon};
    tokv_finish(ix, v, 1);
}

static void near_try(void *arg, uint32_t id)
{
    near_ctx *c = arg;
    const ix_token *t = &c->ix->toks[id];
    tokv v;
    listed_view(c->ix, id, &v);
    emb_match_how how;
    double sim = tok_sim(c->q, &v, &how);
    if (sim > c->best_sim || (sim == c->best_sim && sim > 0 &&
                              t->idf > c->best_idf)) {
        c->best_sim = sim;
        c->best_idf = t->idf;
    }
}

static void near_deletion(void *arg, uint64_t h)
{
    near_ctx *c = arg;
    mmap64_each(&c->ix->dels, h, near_try, c);
}

static void near_word(void *arg, const char *w)
{
    near_ctx *c = arg;
    uint32_t id = ix_lookup(c->ix, w, strlen(w));
    if (id != IX_NONE)
        near_try(c, id);
}

/* Hands fn every word the nickname rules relate to query token q: the
 * full names of nickname q and their other nicknames, and the nicknames
 * of q as a full name (what nick_related in tok_sim joins). */
static void nickname_words(const tokv *q, void (*fn)(void *arg, const char *w),
                           void *arg)
{
    const char *nk[64];
    for (int k = 0; q->nick && k < TEXT_NICK_MAX && q->nick[k]; k++) {
        fn(arg, q->nick[k]);
        size_t n = text_nicknames_of(q->nick[k], strlen(q->nick[k]), nk, 64);
        for (size_t i = 0; i < n && i < 64; i++)
            fn(arg, nk[i]);
    }
    size_t n = text_nicknames_of(q->s, q->len, nk, 64);
    for (size_t i = 0; i < n && i < 64; i++)
        fn(arg, nk[i]);
}

/* Hands fn the dictionary tokens that are a place and its Russian
 * adjective with query token q (place_stems): its adjectives, and the
 * places it may be the adjective of. Whether q is a legal form or a
 * function word depends on the name it stands in (and on the query's
 * kind), not on its spelling, by which its neighbours are kept: such
 * words are not left out here, tok_sim leaves them out. */
static void place_words(const emb_index *ix, const tokv *q,
                        void (*fn)(void *arg, uint32_t id), void *arg)
{
    if (q->len < PLACE_STEM_MIN || (q->flags & (TOK_NUMBER | TOK_SYLLABLE)))
        return;
    mmap64_each(&ix->adj, match_hash(q->s, q->len), fn, arg);
    int st[2], n = (q->flags & TOKF_PLACE) ? place_stems(q->s, q->len, st) : 0;
    for (int k = 0; k < n; k++) {
        uint32_t id = ix_lookup(ix, q->s, (size_t)st[k]);
        if (id != IX_NONE)
            fn(arg, id);
    }
}

/* The neighbours tried are those emb_screen collects for a query token
 * (collect_neighbours), so both weigh an unknown token alike. */
static double unknown_idf(const emb_index *ix, const tokv *q)
{
    near_ctx c = {ix, q, 0.0, ix->idf_unknown};
    if (q->len < 2 || (q->flags & TOK_NUMBER) || !ix->n_toks)
        return ix->idf_unknown;
    deletion_hashes(q->s, q->len, edit_budget(q->len), near_deletion, &c);
    if (q->written)
        deletion_hashes(q->written, q->wlen, edit_budget(q->wlen),
                        near_deletion, &c);
    nickname_words(q, near_word, &c);
    place_words(ix, q, near_try, &c);
    if (q->phon)
        mmap64_each(&ix->phon, q->phon, near_try, &c);
    return c.best_sim > 0 ? c.best_idf : ix->idf_unknown;
}

/* Token views of a normalised name that need not be in the index. With
 * resolve_unknown, a token the index does not hold weighs as its nearest
 * dictionary tokens (emb_screen does this for the query later, from the
 * neighbours it collects). A query (listed 0) is compared as written and
 * canonical; a name in the listed role (listed 1: emb_name_score's second
 * name) as an indexed name is: canonical, and through the families of its
 * tokens. */
static void view_free_name(const emb_index *ix, const text_name *tn, tokv *v,
                           int resolve_unknown, int listed)
{
    /* a name with a legal form is a company's: its dotted letters ("S. de
     * R.L.", "S.C.S.") are no one's initials */
    int company = 0;
    for (int i = 0; i < tn->n; i++)
        company |= (tn->tok[i].flags & TOK_LEGAL) != 0;
    for (int i = 0; i < tn->n; i++) {
        const text_token *t = &tn->tok[i];
        tokv *x = &v[i];
        x->s = t->s;
        x->orig = t->orig ? t->orig : t->s;
        x->ini = x->orig[0];
        x->len = t->len;
        x->flags = t->flags;
        if (listed) /* a query's flag only, as in the index */
            x->flags &= ~TOK_SYLLABLE;
        if (strcmp(x->orig, t->s) != 0)
            x->flags |= TOKF_MAPPED;
        if (text_all_digits(t->s, t->len))
            x->flags |= TOK_NUMBER;
        if (text_nickname(t->s, t->len))
            x->flags |= TOKF_NICK;
        if (place_token(x->flags, t->s, t->len))
            x->flags |= TOKF_PLACE;
        if (text_variant_head(t->s, t->len))
            x->flags |= TOKF_HEAD;
        if ((t->flags & TOK_STOP) && text_particle(t->s, t->len))
            x->flags |= TOKF_PARTICLE;
        x->id = ix_lookup(ix, t->s, t->len);
        if (listed) /* an indexed name keeps only the canonical spelling */
            x->orig = x->s;
        tokv_finish(ix, x, listed);
        x->phon = (x->flags & TOK_NUMBER) ? 0 : ix_phon_hash(t->s, t->len);
        /* initials written as one word weigh as the initials they are */
        x->initials = listed || company ? 0 : (uint8_t)compound_initials(x);
        if (x->initials) {
            x->w = x->initials * match_params_v.w_initial;
            continue;
        }
        double idf = x->id != IX_NONE  ? ix->toks[x->id].idf
                     : resolve_unknown ? unknown_idf(ix, x)
                                       : ix->idf_unknown;
        x->w = token_weight(idf, x->flags);
    }
    /* as the index marks a listed name written with its own acronym */
    for (int i = 0; listed && i < tn->n; i++) {
        int from, to;
        if (self_acro(v, tn->n, i, &from, &to))
            v[i].flags |= TOKF_SELFACRO;
    }
}

/* Token views of indexed name nid into v; returns the count. Phonetic
 * keys are filled only when `phon` (direct similarity needs them). */
static int view_name(const emb_index *ix, uint32_t nid, tokv *v, int phon)
{
    const ix_name *nm = &ix->names[nid];
    uint32_t o = nm->tok;
    for (int i = 0; i < nm->n_tok; i++, o++) {
        tokv *x = &v[i];
        x->s = ix->pool + ix->name_str[o];
        x->orig = x->s;
        x->len = ix->name_len[o];
        x->flags = ix->name_tflags[o];
        x->ini = ix->name_ini[o];
        x->id = ix->name_tok[o];
        x->w = ix->name_w[o];
        if (x->len == 255)
            x->len = ix->toks[x->id].len;
        x->phon = phon ? ix->toks[x->id].phon : 0;
        x->initials = 0;
        tokv_finish(ix, x, 1);
    }
    return nm->n_tok;
}

/* Normalises name into tn with the screening limits; `person`: a
 * person's name, which holds no legal form. */
static int normalise(emb_screener *s, const char *name, int person,
                     text_name *tn)
{
    if (!name)
        return EMB_ERR_USAGE;
    size_t len = strlen(name);
    if (len == 0)
        return EMB_ERR_INVALID;
    if (len > EMB_SCREEN_MAX_NAME)
        return EMB_ERR_LIMIT;
    int rc = person ? text_person_normalize(s->ctx, name, len, tn)
                    : text_name_normalize(s->ctx, name, len, tn);
    if (rc != EMB_OK)
        return rc;
    if (tn->n == 0)
        return EMB_ERR_INVALID;
    return EMB_OK;
}

/* ---- candidates ------------------------------------------------------- */
/* Walks the postings of token tok: a generating token admits names, any
 * other only marks names already admitted. */
/* Credits query token qi with similarity sim, aligning listed weight up
 * to wn, to every name holding token tok. */
static void walk_names(emb_screener *s, const uint32_t *post, uint32_t from,
                       uint32_t end, int qi, double sim, double wn,
                       int content)
{
    const float w = (float)s->q[qi].w, sm = (float)sim, fn = (float)wn;
    const uint32_t gen = s->gen;
    const int admit = s->admit;
    const int8_t q8 = (int8_t)qi;
    const uint8_t c8 = (uint8_t)content;
    name_mark *mark = s->mark;
    cand_st *cand = s->cand;
    size_t n_cand = s->n_cand;
    for (uint32_t p = from; p < end; p++) {
        if (p + WALK_AHEAD < end)
            __builtin_prefetch(mark + post[p + WALK_AHEAD], 1);
        uint32_t n = post[p];
        name_mark *m = &mark[n];
        if (m->seen != gen) {
            if (!admit)
                continue;
            m->seen = gen;
            m->slot = (uint32_t)n_cand;
            cand_st *x = &cand[n_cand++];
            x->nid = n;
            x->acc = w * sm;
            x->cur = sm;
            x->nacc = fn;
            x->ncur = fn;
            x->last = q8;
            x->content = c8;
            continue;
        }
        cand_st *x = &cand[m->slot];
        x->content |= c8;
        if (x->last != q8) {
            x->acc += w * sm;
            x->cur = sm;
            x->nacc += fn;
            x->ncur = fn;
            x->last = q8;
            continue;
        }
        if (sm > x->cur) {
            x->acc += w * (sm - x->cur);
            x->cur = sm;
        }
        if (fn > x->ncur) {
            x->nacc += fn - x->ncur;
            x->ncur = fn;
        }
    }
    s->n_cand = n_cand;
}

static void walk_postings(emb_screener *s, uint32_t tok, int qi, double sim,
                          double wn, int content)
{
    const emb_index *ix = s->ix;
    walk_names(s, ix->post, ix->post_off[tok], ix->post_off[tok + 1], qi,
               sim, wn, content);
}

/* The cache row of dictionary token id, made (every cell unknown: -1)
 * when it has none; -1 when the cache is full. */
static long cache_row(emb_screener *s, uint32_t id)
{
    tok_st *t = &s->tst[id];
    if (t->row_gen == s->gen)
        return (long)t->row;
    if (s->rows_used >= s->rows_max)
        return -1;
    uint32_t r = (uint32_t)s->rows_used++;
    t->row_gen = s->gen;
    t->row = r;
    float *c = s->cache_sim + (size_t)r * (size_t)s->nq;
    for (int i = 0; i < s->nq; i++)
        c[i] = -1.0f;
    return (long)r;
}

/* Records sim(query token qi, dictionary token id) in the cache. */
static void cache_put(emb_screener *s, uint32_t id, int qi, double sim,
                      emb_match_how how)
{
    long r = cache_row(s, id);
    if (r < 0) {
        s->cache_full = 1;
        return;
    }
    size_t at = (size_t)r * (size_t)s->nq + (size_t)qi;
    s->cache_sim[at] = (float)sim;
    s->cache_how[at] = (uint8_t)how;
}

/* Considers dictionary token id for the query token being expanded. */
static void try_token(emb_screener *s, uint32_t id)
{
    if (s->tst[id].tried == s->tgen)
        return;
    s->tst[id].tried = s->tgen;
    tokv v;
    listed_view(s->ix, id, &v);
    emb_match_how how;
    double sim = tok_sim(s->exp_q, &v, &how);
    if (sim > 0) {
        cache_put(s, id, s->exp_qi, sim, how);
        if (s->nb_n == CACHE_CELLS) {
            s->nb_overflow = 1;
            return;
        }
        s->nb_id[s->nb_n] = id;
        s->nb_sim[s->nb_n] = (float)sim;
        s->nb_how[s->nb_n] = (uint8_t)how;
        s->nb_n++;
    }
}

/* Deletion-map probes are pipelined so their cache misses overlap: a
 * hash's bucket offsets are prefetched when it arrives, its entries
 * DEL_LAG1 hashes later, and it is scanned DEL_LAG2 hashes later (or at
 * the flush). Hashes are scanned in arrival order, so the tokens tried and
 * their order are those of probing each hash as it comes. */
static void del_flush_ids(emb_screener *s)
{
    for (uint32_t k = 0; k < s->del_nid; k++)
        try_token(s, s->del_id[k]);
    s->del_nid = 0;
}

static void del_scan(emb_screener *s, const del_probe *p)
{
    const mmap64 *mm = &s->ix->dels;
    uint32_t chk = (uint32_t)(p->h >> 32);
    for (uint32_t i = p->lo; i < p->hi; i++)
        if (mm->chk[i] == chk) {
            uint32_t id = mm->val[i];
            if (s->del_nid == DEL_IDS)
                del_flush_ids(s);
            __builtin_prefetch(s->tst + id, 1);
            __builtin_prefetch(s->ix->toks + id);
            s->del_id[s->del_nid++] = id;
        }
}

static void del_locate(emb_screener *s, del_probe *p)
{
    const mmap64 *mm = &s->ix->dels;
    mmap64_bucket(mm, p->h, &p->lo, &p->hi);
    if (p->lo < p->hi) {
        __builtin_prefetch(mm->chk + p->lo);
        __builtin_prefetch(mm->val + p->lo);
    }
}

static void on_deletion(void *arg, uint64_t h)
{
    emb_screener *s = arg;
    const mmap64 *mm = &s->ix->dels;
    uint32_t n = s->del_n++;
    if (n >= DEL_LAG2)
        del_scan(s, &s->del_ring[(n - DEL_LAG2) % DEL_RING]);
    if (n >= DEL_LAG1)
        del_locate(s, &s->del_ring[(n - DEL_LAG1) % DEL_RING]);
    s->del_ring[n % DEL_RING].h = h;
    __builtin_prefetch(mm->off + ((uint32_t)h & mm->mask));
}

/* Probes every deletion variant of the query token being expanded. */
static void probe_deletions(emb_screener *s, const tokv *q)
{
    s->del_n = 0;
    s->del_nid = 0;
    deletion_hashes(q->s, q->len, edit_budget(q->len), on_deletion, s);
    if (q->written) /* as written, too */
        deletion_hashes(q->written, q->wlen, edit_budget(q->wlen),
                        on_deletion, s);
    uint32_t n = s->del_n;
    uint32_t from = n > DEL_LAG1 ? n - DEL_LAG1 : 0;
    for (uint32_t k = from; k < n; k++)
        del_locate(s, &s->del_ring[k % DEL_RING]);
    for (uint32_t k = n > DEL_LAG2 ? n - DEL_LAG2 : 0; k < n; k++)
        del_scan(s, &s->del_ring[k % DEL_RING]);
    del_flush_ids(s);
}


static void next_tgen(emb_screener *s)
{
    if (++s->tgen == 0) {
        for (size_t t = 0; t <= s->ix->n_toks; t++)
            s->tst[t].tried = 0;
        s->tgen = 1;
    }
}

/* Appends the neighbours [from, s->nb_n) just collected for dictionary
 * token id to the memo; nothing when it is full or memory is short. */
static void memo_put(emb_screener *s, nb_memo *slot, uint32_t from)
{
    size_t n = s->nb_n - from;
    if (s->memo_n + n > MEMO_CAP)
        return;
    nb_entry *e = s->memo_e + s->memo_n;
    for (size_t k = 0; k < n; k++) {
        e[k].id = s->nb_id[from + k];
        e[k].sim = s->nb_sim[from + k];
        e[k].how = s->nb_how[from + k];
    }
    slot->off = (uint32_t)s->memo_n + 1;
    slot->n = (uint32_t)n;
    s->memo_n += n;
}

/* Replays the memorised neighbours of dictionary token id for the query
 * token being expanded, as try_token would have found them. */
static void memo_replay(emb_screener *s, const nb_memo *slot)
{
    const nb_entry *e = s->memo_e + (slot->off - 1);
    for (uint32_t k = 0; k < slot->n; k++) {
        cache_put(s, e[k].id, s->exp_qi, e[k].sim, e[k].how);
        if (s->nb_n == CACHE_CELLS) {
            s->nb_overflow = 1;
            return;
        }
        s->nb_id[s->nb_n] = e[k].id;
        s->nb_sim[s->nb_n] = e[k].sim;
        s->nb_how[s->nb_n] = e[k].how;
        s->nb_n++;
    }
}

/* try_token as a callback */
static void try_id(void *arg, uint32_t id)
{
    try_token(arg, id);
}

static void try_word(void *arg, const char *w)
{
    emb_screener *s = arg;
    uint32_t id = ix_lookup(s->ix, w, strlen(w));
    if (id != IX_NONE)
        try_token(s, id);
}

/* The memo slot of query token q when it is not kept by its dictionary
 * id: its neighbours depend on its spelling, its spelling as written,
 * whether it was mapped and whether it is a syllable of a CJK name
 * (compared exactly). NULL when the table is full or the spellings are
 * too long to keep; a new slot has off 0. */
static nb_memo *kmemo_slot_of(emb_screener *s, const tokv *q)
{
    char key[256];
    if ((size_t)q->len + q->wlen + 5 > sizeof key)
        return NULL;
    memcpy(key, q->s, q->len);
    size_t kl = q->len;
    key[kl++] = '\1';
    if (q->written) {
        memcpy(key + kl, q->written, q->wlen);
        kl += q->wlen;
    }
    key[kl++] = '\1';
    key[kl++] = (q->flags & TOKF_MAPPED) ? 'm' : '-';
    key[kl++] = (q->flags & TOK_SYLLABLE) ? 's' : '-'; /* exact syllables */
    key[kl++] = (q->flags & TOK_ABJAD)    ? 'a'          /* consonants too */
                : (q->flags & TOK_HEBREW) ? 'h'
                : (q->flags & TOK_KANA)   ? 'k'
                                          : '-';
    uint64_t h = match_hash(key, kl);
    size_t mask = KMEMO_SLOTS - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        kmemo_slot *e = &s->kmemo[i];
        if (!e->key)
            break;
        if (e->h == h && e->klen == kl &&
            memcmp(s->kpool + e->key - 1, key, kl) == 0)
            return &e->m;
    }
    if (s->kmemo_n >= KMEMO_SLOTS / 4 * 3 || s->kpool_n + kl > KPOOL_CAP)
        return NULL;
    size_t i = (size_t)h & mask;
    while (s->kmemo[i].key)
        i = (i + 1) & mask;
    kmemo_slot *e = &s->kmemo[i];
    memcpy(s->kpool + s->kpool_n, key, kl);
    e->h = h;
    e->key = (uint32_t)s->kpool_n + 1;
    e->klen = (uint32_t)kl;
    e->m.off = 0;
    e->m.n = 0;
    s->kpool_n += kl;
    s->kmemo_n++;
    return &e->m;
}

/* Finds every dictionary token query token qi can align with (once per
 * query): the token itself, its phonetic key, the symmetric-delete map, the
 * one-letter token of its initial, its nicknames or full names, the place
 * it is the Russian adjective of or its adjectives. */
static void collect_neighbours(emb_screener *s, int qi)
{
    if (s->nb_done[qi])
        return;
    const emb_index *ix = s->ix;
    const tokv *q = &s->q[qi];
    s->exp_q = q;
    s->exp_qi = qi;
    s->nb_lo[qi] = (uint32_t)s->nb_n;
    /* a query token's neighbours depend on its spelling alone (as a
     * dictionary token, by id; otherwise by its spellings and mapping),
     * whatever the query: they are collected once per screener */
    nb_memo *memo = q->id != IX_NONE && !q->written &&
                            !(q->flags & (TOKF_MAPPED | TOK_SYLLABLE |
                                          TOK_SCRIPTS))
                        ? &s->memo[q->id]
                        : kmemo_slot_of(s, q);
    if (memo && memo->off) {
        memo_replay(s, memo);
    } else {
        next_tgen(s);
        if (q->id != IX_NONE)
            try_token(s, q->id);
        if (q->phon)
            mmap64_each(&ix->phon, q->phon, try_id, s);
        ix_skeleton_fn hash = ix_skeleton_of(q->flags);
        if (hash) {
            const mmap64 *map = ix_skeleton_map(ix, q->flags);
            /* its consonants, either spelling (Hebrew, katakana: in maps
             * of their own, whose classes are the script's) */
            for (int w = 0; w < 2; w++) {
                const char *sp = w ? q->written : q->s;
                size_t sl = w ? q->wlen : q->len;
                uint64_t h = sp ? hash(sp, sl) : 0;
                /* and an Arabic word's fewer consonants (short_consonants) */
                if (sp && !h && (q->flags & TOK_ABJAD))
                    h = ix_short_skeleton_hash(sp, sl);
                if (h)
                    mmap64_each(map, h, try_id, s);
            }
        }
        if (!(q->flags & TOK_NUMBER) && q->len >= 2) {
            probe_deletions(s, q);
            uint32_t init = ix_lookup(ix, q->s, 1);
            if (init != IX_NONE)
                try_token(s, init);
            /* and as written (Yevgeniy: evgeny; Dun: tun) */
            if (q->written && q->written[0] != q->s[0] &&
                (init = ix_lookup(ix, q->written, 1)) != IX_NONE)
                try_token(s, init);
            nickname_words(q, try_word, s);
        }
        place_words(ix, q, try_id, s);
        if (memo && !s->nb_overflow)
            memo_put(s, memo, s->nb_lo[qi]);
    }
    s->nb_hi[qi] = (uint32_t)s->nb_n;
    s->nb_done[qi] = 1;
}

/* Deletion-map probes in batches: the hashes of a string's deletion
 * variants are gathered, their buckets located together and then scanned,
 * so that the cache misses of one batch overlap. Each dictionary token
 * found is handed once (per next_tgen) to the batch's handler. */
typedef void (*token_found)(emb_screener *s, uint32_t id);

static void batch_flush(emb_screener *s)
{
    const mmap64 *mm = &s->ix->dels;
    uint32_t n = s->hb_n;
    for (uint32_t i = 0; i < n; i++)
        __builtin_prefetch(mm->off + ((uint32_t)s->hb[i] & mm->mask));
    for (uint32_t i = 0; i < n; i++) {
        mmap64_bucket(mm, s->hb[i], &s->hb_lo[i], &s->hb_hi[i]);
        if (s->hb_lo[i] < s->hb_hi[i])
            __builtin_prefetch(mm->chk + s->hb_lo[i]);
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t chk = (uint32_t)(s->hb[i] >> 32);
        for (uint32_t k = s->hb_lo[i]; k < s->hb_hi[i]; k++) {
            uint32_t id = mm->val[k];
            if (mm->chk[k] != chk || s->tst[id].tried == s->tgen)
                continue;
            s->tst[id].tried = s->tgen;
            s->hb_fn(s, id);
        }
    }
    s->hb_n = 0;
}

static void batch_add(void *arg, uint64_t h)
{
    emb_screener *s = arg;
    s->hb[s->hb_n++] = h;
    if (s->hb_n == HASH_BATCH)
        batch_flush(s);
}

/* Hands every dictionary token within k deletions of str to fn. */
static void probe_batched(emb_screener *s, const char *str, size_t len,
                          int k, token_found fn)
{
    next_tgen(s);
    s->hb_n = 0;
    s->hb_fn = fn;
    deletion_hashes(str, len, k, batch_add, s);
    batch_flush(s);
}

/* A listed token near query tokens split_i, split_i + 1 written as one:
 * when they split it (split_sim), it credits both with its names. */
static void split_found(emb_screener *s, uint32_t id)
{
    const emb_index *ix = s->ix;
    const ix_token *t = &ix->toks[id];
    tokv v;
    listed_view(ix, id, &v);
    int i = s->split_i;
    if (split_sim(&s->q[i], &s->q[i + 1], &v) <= 0)
        return;
    double wt = token_weight_max(t->idf);
    walk_postings(s, id, i, 1.0, wt, content_token(&s->q[i]));
    walk_postings(s, id, i + 1, 1.0, wt, content_token(&s->q[i + 1]));
}

static void split_found_id(void *arg, uint32_t id)
{
    split_found(arg, id);
}

/* Walks the postings of tok for query token qi written as two listed
 * words joined (similarity 1, listed weight wt), recording the walk when
 * the joins of a dictionary token are being memorised. */
static void join_walk(emb_screener *s, uint32_t tok, int qi, double wt)
{
    if (s->jrec && !s->jrec_failed) {
        if (s->jmemo_n == JMEMO_CAP)
            s->jrec_failed = 1;
        if (!s->jrec_failed)
            s->jmemo_e[s->jmemo_n++] = (join_walk_e){tok, (float)wt};
    }
    walk_postings(s, tok, qi, 1.0, wt, content_token(&s->q[qi]));
}

/* A listed token near the part of a query token beyond an exact listed
 * token (join_*): when it has JOIN_MIN letters or more and it or one of
 * its family's spellings is within the budget of that part (the deletion
 * map holds those spellings), it makes a fuzzy join with join_exact, and the
 * rarer of the two credits the query token with its names. */
static void join_found(emb_screener *s, uint32_t id)
{
    const emb_index *ix = s->ix;
    const ix_token *t = &ix->toks[id], *e = &ix->toks[s->join_exact];
    if (t->len < JOIN_MIN || (t->flags & TOK_NUMBER))
        return;
    double sim = 0.0;
    fuzzy_join_part(s->join_frag, s->join_frag_len, ix->pool + t->str,
                    t->len, &sim);
    /* or one of its family's spellings (joined_sim) */
    for (uint32_t f = ix->fam_off ? ix->fam_off[id] : 0;
         sim <= 0 && ix->fam_off && f < ix->fam_off[id + 1]; f++)
        fuzzy_join_part(s->join_frag, s->join_frag_len, ix->fam_str[f],
                        ix->fam_len[f], &sim);
    if (sim <= 0)
        return;
    join_walk(s, t->df <= e->df ? id : s->join_exact, s->join_qi,
              token_weight_max(t->idf) + token_weight_max(e->idf));
}

/* Probes the listed tokens near frag (the rest of query token qi beyond
 * the exact listed token `exact`). */
static void probe_join(emb_screener *s, int qi, uint32_t exact,
                       const char *frag, size_t len)
{
    s->join_qi = qi;
    s->join_exact = exact;
    s->join_frag = frag;
    s->join_frag_len = (int)len;
    probe_batched(s, frag, len, edit_budget(len), join_found);
}

/* The listed tokens under one katakana key hash: how many names hold
 * them and the most any of them weighs (kana_join_walks). */
typedef struct kana_side {
    const emb_index *ix;
    uint64_t df;
    double wmax;
} kana_side;

static void kana_side_add(void *arg, uint32_t id)
{
    kana_side *k = arg;
    const ix_token *t = &k->ix->toks[id];
    double w = token_weight_max(t->idf);
    k->df += t->df;
    if (w > k->wmax)
        k->wmax = w;
}

static void kana_side_walk(void *arg, uint32_t id)
{
    emb_screener *s = arg;
    walk_postings(s, id, s->kana_qi, 1.0, s->kana_wt,
                  content_token(&s->q[s->kana_qi]));
}

/* Query token qi, read from katakana, as two listed words joined
 * (kana_joined): at every cut, the listed tokens of its first part's key
 * and those of its rest's (or, after "ar" or "al", the Arabic article),
 * the side whose names are fewer walked, credited with the most both
 * sides may weigh. pre and suf are its cuts' key hashes (kana_cuts). */
static void kana_join_walks(emb_screener *s, int qi, const uint64_t *pre,
                            const uint64_t *suf)
{
    const emb_index *ix = s->ix;
    const tokv *q = &s->q[qi];
    uint32_t al = ix_lookup(ix, "al", 2);
    s->kana_qi = qi;
    for (int c = 1; c < q->len; c++) {
        if (!suf[c])
            continue;
        kana_side b = {ix, 0, 0.0};
        mmap64_each(&ix->skel_ja, suf[c], kana_side_add, &b);
        if (!b.df)
            continue;
        if (c == 2 && al != IX_NONE && q->s[0] == 'a' &&
            (q->s[1] == 'r' || q->s[1] == 'l')) {
            s->kana_wt = token_weight_max(ix->toks[al].idf) + b.wmax;
            mmap64_each(&ix->skel_ja, suf[c], kana_side_walk, s);
        }
        if (!pre[c])
            continue;
        kana_side a = {ix, 0, 0.0};
        mmap64_each(&ix->skel_ja, pre[c], kana_side_add, &a);
        if (!a.df)
            continue;
        s->kana_wt = a.wmax + b.wmax;
        mmap64_each(&ix->skel_ja, a.df <= b.df ? pre[c] : suf[c],
                    kana_side_walk, s);
    }
}

/* Query token qi as listed tokens x m z joined, m a name particle
 * (particle_join_sim): x is its first `cut` letters (dictionary token
 * a); every particle-like run of letters after it followed by a
 * dictionary token z walks the rarer of x and z. The scorer then checks
 * that the listed particle is one it accepts. */
static void particle_join_walks(emb_screener *s, int qi, uint32_t a,
                                size_t cut)
{
    const emb_index *ix = s->ix;
    const tokv *q = &s->q[qi];
    for (size_t ml = 1; ml <= PARTICLE_MAX && cut + ml + 2 <= q->len; ml++) {
        const char *mid = q->s + cut;
        if (!text_particle(mid, ml) && !(ml == 1 && strchr("aeiu", mid[0])))
            continue;
        uint32_t b = ix_lookup(ix, mid + ml, q->len - cut - ml);
        if (b != IX_NONE)
            join_walk(s, ix->toks[a].df <= ix->toks[b].df ? a : b, qi,
                      token_weight_max(ix->toks[a].idf) +
                          token_weight_max(ix->toks[b].idf));
    }
}

static void mid_put(char *dst, char a, char b, char c)
{
    dst[0] = a;
    dst[1] = b;
    dst[2] = c;
    dst[3] = 0;
}

/* Query token qi as RUN_MAX or fewer listed tokens (3 at least, each of
 * 2 to RUN_PART_MAX letters) written as one, exactly, each in its
 * canonical spelling or one of its family's (run_concat): its letters
 * from `at` on are cut into dictionary tokens after the `parts` found so
 * far (the rarest of them `rare`, their weights adding to wt); every
 * complete cut walks the rarest part. */
static void run_join_walks(emb_screener *s, int qi, size_t at, int parts,
                           uint32_t rare, double wt)
{
    const emb_index *ix = s->ix;
    const tokv *q = &s->q[qi];
    for (size_t end = at + 2; end <= q->len && end <= at + RUN_PART_MAX;
         end++) {
        if (end < q->len && end + 2 > q->len)
            continue; /* the rest would be one letter */
        if (end == q->len && parts < 2)
            break; /* a run has three parts at least */
        uint64_t h = match_hash(q->s + at, end - at);
        uint32_t ids[SPELT_MAX + 1];
        size_t n = ix_spellings(ix, q->s + at, end - at, h,
                                ix_lookup_h(ix, q->s + at, end - at, h), ids);
        for (size_t k = 0; k < n; k++) {
            uint32_t r = ix->toks[ids[k]].df < ix->toks[rare].df ? ids[k]
                                                                 : rare;
            double w = wt + token_weight_max(ix->toks[ids[k]].idf);
            if (end == q->len)
                join_walk(s, r, qi, w);
            else if (parts + 1 < RUN_MAX)
                run_join_walks(s, qi, end, parts + 1, r, w);
        }
    }
}

/* Query tokens i .. i+k-1 (k of 3 to RUN_MAX) written as one listed word,
 * exactly, each canonically or as written (run_concat): its names
 * credited to each of them. Bit m of `as_written` picks token i+m's
 * written spelling; every choice is walked. */
static void run_split_walks(emb_screener *s, int i, int k)
{
    const emb_index *ix = s->ix;
    char buf[TEXT_BUF];
    unsigned has = 0;
    for (int m = 0; m < k; m++)
        if (s->q[i + m].written)
            has |= 1u << m;
    for (unsigned as_written = 0; as_written < 1u << k; as_written++) {
        if (as_written & ~has)
            continue;
        size_t at = 0;
        int ok = 1;
        for (int m = 0; m < k && ok; m++) {
            const tokv *x = &s->q[i + m];
            const char *sp = as_written >> m & 1 ? x->written : x->s;
            size_t l = as_written >> m & 1 ? x->wlen : x->len;
            ok = l >= 2 && l <= RUN_PART_MAX && at + l <= sizeof buf;
            if (ok) {
                memcpy(buf + at, sp, l);
                at += l;
            }
        }
        uint32_t id = ok ? ix_lookup(ix, buf, at) : IX_NONE;
        if (id == IX_NONE)
            continue;
        double wt = token_weight_max(ix->toks[id].idf);
        for (int m = i; m < i + k; m++)
            walk_postings(s, id, m, 1.0, wt, content_token(&s->q[m]));
    }
}

/* Query tokens i, i+1, i+2 (a name particle in the middle) written as one
 * listed word (particle_join_sim): the listed words x mid z for every
 * middle the scorer accepts, each credited to both outer tokens. */
/* A listed token with the consonants of query tokens psplit_i and
 * psplit_i + 2 (a particle between): when particle_consonant_sim has
 * them one word, it credits both with its names. */
static void particle_consonants_found(void *arg, uint32_t id)
{
    emb_screener *s = arg;
    const emb_index *ix = s->ix;
    const ix_token *t = &ix->toks[id];
    tokv v;
    listed_view(ix, id, &v);
    int i = s->psplit_i;
    if (particle_consonant_sim(&v, &s->q[i], &s->q[i + 1], &s->q[i + 2]) <=
        0)
        return;
    double wt = token_weight_max(t->idf);
    walk_postings(s, id, i, 1.0, wt, content_token(&s->q[i]));
    walk_postings(s, id, i + 2, 1.0, wt, content_token(&s->q[i + 2]));
}

static void particle_split_walks(emb_screener *s, int i)
{
    static const char vowels[] = "aeiu";
    const emb_index *ix = s->ix;
    const tokv *x = &s->q[i], *m = &s->q[i + 1], *z = &s->q[i + 2];
    if (x->len < 2 || z->len < 2 || !text_particle(m->s, m->len) ||
        ((x->flags | z->flags) & TOK_NUMBER) ||
        (size_t)x->len + PARTICLE_MAX + z->len > TEXT_BUF)
        return;
    char buf[TEXT_BUF + 8];
    /* the middles: m itself, nothing, and for the article every other
     * assimilation and a bare vowel */
    char mids[2 + 4 * 11][PARTICLE_MAX + 1] = {{0}};
    int nm = 2;
    memcpy(mids[0], m->s, m->len);
    if (text_article(m->s, m->len))
        for (int v = 0; v < 4; v++) {
            const char *c;
            for (c = "lrsdntz"; *c; c++)
                mid_put(mids[nm++], vowels[v], *c, 0);
            for (c = "sdt"; *c; c++)
                mid_put(mids[nm++], vowels[v], *c, 'h');
            mid_put(mids[nm++], vowels[v], 0, 0);
        }
    for (int k = 0; k < nm; k++) {
        size_t ml = strlen(mids[k]);
        if (k >= 2 && ml == m->len && !memcmp(mids[k], m->s, ml))
            continue; /* m itself, already tried */
        memcpy(buf, x->s, x->len);
        memcpy(buf + x->len, mids[k], ml);
        memcpy(buf + x->len + ml, z->s, z->len);
        uint32_t id = ix_lookup(ix, buf, x->len + ml + z->len);
        if (id == IX_NONE)
            continue;
        double wt = token_weight_max(ix->toks[id].idf);
        walk_postings(s, id, i, 1.0, wt, content_token(x));
        walk_postings(s, id, i + 2, 1.0, wt, content_token(z));
    }
    /* words of Arabic script, by their consonants, the particle in or
     * out (particle_consonant_sim) */
    if (!(x->flags & z->flags & TOK_ABJAD))
        return;
    char cbuf[3 * TEXT_BUF];
    s->psplit_i = i;
    for (int k = 0; k < 8; k++) {
        int l = particle_spelling(x, k & 4 ? m : NULL, z, k & 3, cbuf);
        uint64_t h = l > 0 ? ix_split_skeleton_hash(cbuf, (size_t)l) : 0;
        if (h)
            mmap64_each(&ix->skel, h, particle_consonants_found, s);
    }
}

/* Query token qi as an acronym of listed words (acro_token): the names
 * the index holds under it. */
static void acronym_walk(emb_screener *s, int qi)
{
    const emb_index *ix = s->ix;
    const tokv *q = &s->q[qi];
    uint64_t h = match_hash(q->s, q->len);
    uint32_t lo, hi, chk = (uint32_t)(h >> 32);
    mmap64_bucket(&ix->acro, h, &lo, &hi);
    /* one acronym's names are together in its bucket */
    while (lo < hi) {
        if (ix->acro.chk[lo] != chk) {
            lo++;
            continue;
        }
        uint32_t end = lo;
        while (end < hi && ix->acro.chk[end] == chk)
            end++;
        walk_names(s, ix->acro.val, lo, end, qi, match_params_v.sim_acronym,
                   ix->acro_wmax, 0);
        lo = end;
    }
}

/* The acronyms of the query's runs of words with qi among them
 * (align_query's sc.qa_*) that are listed tokens: each credits the words
 * it stands for with its names; each looked up once. */
static void acronym_run_walks(emb_screener *s, int qi)
{
    const emb_index *ix = s->ix;
    const align_scratch *sc = &s->sc;
    for (int r = 0; r < sc->qa_n; r++) {
        if (sc->qa_from[r] > qi || sc->qa_to[r] < qi || s->acros_done[r])
            continue;
        s->acros_done[r] = 1;
        uint32_t id = ix_lookup(ix, sc->qa_letters[r], sc->qa_len[r]);
        if (id == IX_NONE)
            continue;
        double wt = token_weight_max(ix->toks[id].idf);
        for (int m = sc->qa_from[r]; m <= sc->qa_to[r]; m++)
            if (acro_part(&s->q[m]) == 1)
                walk_postings(s, id, m, match_params_v.sim_acronym, wt, 0);
    }
}

/* Walks the postings of every dictionary token query token qi can align
 * with, alone or as part of a joined, split or regrouped word or an
 * acronym. */
static void expand_token(emb_screener *s, int qi, int admit)
{
    const emb_index *ix = s->ix;
    const tokv *q = &s->q[qi];
    int content = content_token(q);
    collect_neighbours(s, qi);
    s->admit = admit;
    for (uint32_t k = s->nb_lo[qi]; k < s->nb_hi[qi]; k++)
        walk_postings(s, s->nb_id[k], qi, s->nb_sim[k],
                      token_weight_max(ix->toks[s->nb_id[k]].idf),
                      content && s->nb_how[k] != EMB_MATCH_INITIAL);
    /* joined: q is two adjacent listed tokens, both exact (the rarer
     * one's names), or, with both parts of JOIN_MIN letters, one exact and
     * the other within its budget (probe_join). What a dictionary token
     * walks here depends on its letters alone: the first time it is
     * recorded in the memo, later it is replayed. */
    int kj = s->sc.kj_slot[qi];
    if (kj >= 0)
        kana_join_walks(s, qi, s->sc.kj_pre[kj], s->sc.kj_suf[kj]);
    const nb_memo *jm = q->id != IX_NONE && !(q->flags & TOK_SYLLABLE)
                            ? &s->jmemo[q->id]
                            : NULL;
    if (jm && jm->off) {
        const join_walk_e *e = s->jmemo_e + (jm->off - 1);
        for (uint32_t k = 0; k < jm->n; k++)
            walk_postings(s, e[k].tok, qi, 1.0, e[k].wt, content);
    } else {
        size_t start = s->jmemo_n;
        s->jrec = jm != NULL;
        s->jrec_failed = 0;
        for (size_t cut = 1; cut < q->len; cut++) {
            uint64_t ha = match_hash(q->s, cut);
            uint64_t hb = match_hash(q->s + cut, q->len - cut);
            uint32_t a = ix_lookup_h(ix, q->s, cut, ha);
            uint32_t b = ix_lookup_h(ix, q->s + cut, q->len - cut, hb);
            if (a != IX_NONE && cut < JOIN_MIN && q->len - cut >= JOIN_MIN &&
                text_article(q->s, cut)) {
                /* after the Arabic article, the rest within its budget
                 * ("alshamary": al shammari) */
                probe_join(s, qi, a, q->s + cut, q->len - cut);
            }
            if (cut >= JOIN_MIN && q->len - cut >= JOIN_MIN) {
                if (a != IX_NONE)
                    probe_join(s, qi, a, q->s + cut, q->len - cut);
                if (b != IX_NONE)
                    probe_join(s, qi, b, q->s, cut);
                /* the exact part in a family spelling ("volodymyr" for
                 * vladimir) */
                uint32_t sp[SPELT_MAX];
                size_t ns = ix_spelt(ix, q->s, cut, ha, sp, SPELT_MAX);
                for (size_t k = 0; k < ns; k++)
                    probe_join(s, qi, sp[k], q->s + cut, q->len - cut);
                ns = ix_spelt(ix, q->s + cut, q->len - cut, hb, sp,
                              SPELT_MAX);
                for (size_t k = 0; k < ns; k++)
                    probe_join(s, qi, sp[k], q->s, cut);
            } else {
                /* both parts exact, each the listed token or a family
                 * spelling of one ("abu" "mohammed") */
                uint32_t as[SPELT_MAX + 1], bs[SPELT_MAX + 1];
                size_t na = ix_spellings(ix, q->s, cut, ha, a, as);
                size_t nb =
                    ix_spellings(ix, q->s + cut, q->len - cut, hb, b, bs);
                for (size_t i = 0; i < na; i++)
                    for (size_t j = 0; j < nb; j++)
                        join_walk(s,
                                  ix->toks[as[i]].df <= ix->toks[bs[j]].df
                                      ? as[i]
                                      : bs[j],
                                  qi,
                                  token_weight_max(ix->toks[as[i]].idf) +
                                      token_weight_max(ix->toks[bs[j]].idf));
            }
            if (a != IX_NONE && cut >= 2)
                particle_join_walks(s, qi, a, cut);
            if (cut >= 2 && cut <= RUN_PART_MAX && q->len - cut >= 4) {
                uint32_t ids[SPELT_MAX + 1];
                size_t n = ix_spellings(ix, q->s, cut, ha, a, ids);
                for (size_t k = 0; k < n; k++)
                    run_join_walks(s, qi, cut, 1, ids[k],
                                   token_weight_max(ix->toks[ids[k]].idf));
            }
        }
        if (s->jrec && !s->jrec_failed) {
            s->jmemo[q->id].off = (uint32_t)start + 1;
            s->jmemo[q->id].n = (uint32_t)(s->jmemo_n - start);
        } else {
            s->jmemo_n = start;
        }
        s->jrec = 0;
    }
    /* split: q and a neighbour written as one listed token (within the
     * budget of the joined word); regrouped: q and a neighbour are two
     * listed tokens divided elsewhere */
    char buf[2 * TEXT_BUF];
    for (int side = 0; side < 2; side++) {
        int i = side ? qi : qi - 1; /* pair (i, i+1) */
        if (i < 0 || i + 1 >= s->nq)
            continue;
        const tokv *x = &s->q[i], *y = &s->q[i + 1];
        size_t lc = (size_t)x->len + y->len;
        /* a pair is probed once: first by its generating token if it has
         * one (the generating tokens are expanded first) */
        if (lc > sizeof buf || (s->pairs_done >> i & 1))
            continue;
        s->pairs_done |= 1ULL << i;
        memcpy(buf, x->s, x->len);
        memcpy(buf + x->len, y->s, y->len);
        s->split_i = i;
        /* typos only when both parts have JOIN_MIN letters, or the first
         * is the Arabic article (split_sim): then the rest's budget, and
         * another transliteration by its sound */
        int article = x->len < JOIN_MIN && y->len >= JOIN_MIN &&
                      (x->flags & TOKF_PARTICLE) &&
                      text_article(x->s, x->len);
        int k = x->len >= JOIN_MIN && y->len >= JOIN_MIN ? SPLIT_BUDGET
                : article                                ? edit_budget(y->len)
                                                         : 0;
        probe_batched(s, buf, lc, k, split_found);
        uint64_t ph = article ? ix_phon_hash(buf, lc) : 0;
        if (ph)
            mmap64_each(&ix->phon, ph, split_found_id, s);
        size_t lo = x->len > REGROUP_SHIFT ? x->len - REGROUP_SHIFT : 1;
        size_t hi = (size_t)x->len + REGROUP_SHIFT;
        for (size_t cut = lo; cut < lc && cut <= hi; cut++) {
            if (cut == x->len)
                continue;
            uint32_t a = ix_lookup(ix, buf, cut);
            if (a == IX_NONE)
                continue;
            uint32_t b = ix_lookup(ix, buf + cut, lc - cut);
            if (b == IX_NONE)
                continue;
            double wt = token_weight_max(ix->toks[a].idf) +
                        token_weight_max(ix->toks[b].idf);
            uint32_t t = ix->toks[a].df <= ix->toks[b].df ? a : b;
            walk_postings(s, t, i, 1.0, wt, content_token(x));
            walk_postings(s, t, i + 1, 1.0, wt, content_token(y));
        }
        /* split exactly, either part as written ("Petro China": petro is
         * canonically pyotr), or into a family spelling of a listed word
         * ("Abd Allah": abdallah, a spelling of abdullah) */
        for (int w = 0; w < 4; w++) {
            int lw = split_spelling(x, y, w, buf);
            if (lw <= 0)
                continue;
            uint64_t h = match_hash(buf, (size_t)lw);
            uint32_t ids[SPELT_MAX + 1];
            size_t n = ix_spellings(ix, buf, (size_t)lw, h,
                                    w ? ix_lookup_h(ix, buf, (size_t)lw, h)
                                      : IX_NONE,
                                    ids);
            for (size_t j = 0; j < n; j++)
                split_found(s, ids[j]);
            /* two words of Arabic script, by their consonants ("hzb
             * allah": HIZBALLAH) */
            uint64_t sk = (x->flags & y->flags & TOK_ABJAD)
                              ? ix_pair_skeleton_hash(buf, (size_t)lw, y->s,
                                                      y->len)
                              : 0;
            if (sk)
                mmap64_each(&ix->skel, sk, split_found_id, s);
        }
    }
    /* split around a particle: three query tokens with qi among them, a
     * particle in the middle, written as one listed word; each triple
     * probed once, by the first of its tokens expanded */
    for (int i = qi - 2; i <= qi; i++) {
        if (i < 0 || i + 2 >= s->nq || !(s->q[i + 1].flags & TOK_STOP) ||
            (s->triples_done >> i & 1))
            continue;
        s->triples_done |= 1ULL << i;
        particle_split_walks(s, i);
    }
    if (s->sc.q_acro >> qi & 1)
        acronym_walk(s, qi);
    acronym_run_walks(s, qi);
    /* runs of three or more query tokens with qi, one listed word; each
     * run probed once */
    for (int k = 3; k <= RUN_MAX; k++)
        for (int i = qi - k + 1; i <= qi; i++) {
            if (i < 0 || i + k > s->nq || (s->runs_done[k - 3] >> i & 1))
                continue;
            s->runs_done[k - 3] |= 1ULL << i;
            run_split_walks(s, i, k);
        }
}

/* Chooses the generating tokens, walks postings, and leaves in s->cand
 * the names admitted (or sets all_names). */
static void gather_candidates(emb_screener *s, double emax)
{
    int order[TEXT_MAX_TOKENS];
    double total = 0;
    for (int i = 0; i < s->nq; i++) {
        total += s->q[i].w;
        int k = i;
        while (k > 0 && s->q[order[k - 1]].w < s->q[i].w) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    double gen_w = 0;
    int ng = 0;
    while (ng < s->nq) {
        gen_w += s->q[order[ng]].w;
        ng++;
        if (name_score_bound(total, gen_w) + emax < s->threshold - 1e-9)
            break;
    }
    /* A hit must align a token of the generating set and a content
     * token; admit through the generating set unless it holds an initial
     * (which aligns with every word of its letter), else through the
     * content tokens. */
    uint64_t admit = 0, content = 0;
    int initial = 0;
    for (int k = 0; k < ng; k++) {
        admit |= 1ULL << order[k];
        if ((!content_token(&s->q[order[k]]) && s->q[order[k]].len == 1) ||
            s->q[order[k]].initials)
            initial = 1;
    }
    for (int i = 0; i < s->nq; i++)
        if (content_token(&s->q[i]))
            content |= 1ULL << i;
    if (initial)
        admit = content;
    /* the query written with its own acronym: a name may count the
     * acronym as aligned when its words are, or the words when the
     * acronym is (cover_self_acro), so each admits through the other */
    for (uint64_t was = ~admit; s->sc.q_self && was != admit;) {
        was = admit;
        for (int i = 0; i < s->nq; i++) {
            uint64_t self = s->sc.qs_words[i];
            if (!(s->sc.q_self >> i & 1))
                continue;
            if (admit >> i & 1)
                admit |= self;
            if (admit & self)
                admit |= 1ULL << i;
        }
    }
    s->expanded = 0;
    s->pairs_done = 0;
    s->triples_done = 0;
    memset(s->runs_done, 0, sizeof s->runs_done);
    memset(s->acros_done, 0, (size_t)s->sc.qa_n);
    /* a token that may stand for initials aligns with names its walk
     * does not find: it is walked but not counted as expanded, so the
     * bounds below take it as fully alignable */
    for (int k = 0; k < s->nq; k++)
        if (admit >> order[k] & 1) {
            expand_token(s, order[k], 1);
            if (!s->q[order[k]].initials &&
                !(s->sc.q_self_all >> order[k] & 1))
                s->expanded |= 1ULL << order[k];
        }
    if (s->nb_overflow) { /* too many similar tokens: score everything */
        s->all_names = 1;
        return;
    }
    /* The other tokens only mark admitted names, which tightens their
     * bound; initials, legal forms and stop words are not walked (their
     * postings are long) and count as fully alignable. */
    for (int k = 0; k < s->nq; k++) {
        const tokv *q = &s->q[order[k]];
        if ((admit >> order[k] & 1) || !content_token(q))
            continue;
        expand_token(s, order[k], 0);
        if (!q->initials && !(s->sc.q_self_all >> order[k] & 1))
            s->expanded |= 1ULL << order[k];
    }
}

/* ---- scoring ---------------------------------------------------------- */
/* 1 when the query equals the listed name of nn tokens, as a weak alias
 * must: every word aligned exactly or as a variant of the same name,
 * nothing left over on either side but legal forms ("SMIC Corp" is the
 * weak alias SMIC; "Doctor" is not "The Doctor"). */
static int weak_exact(const emb_screener *s, int nn)
{
    for (int i = 0; i < s->nq; i++) {
        int p = s->sc.q_to[i];
        if (p < 0) {
            if (s->q[i].flags & TOK_LEGAL)
                continue;
            return 0;
        }
        emb_match_how h = s->sc.pairs[p].how;
        if (h != EMB_MATCH_EXACT && h != EMB_MATCH_VARIANT)
            return 0;
    }
    for (int j = 0; j < nn; j++)
        if (s->sc.n_to[j] < 0 && !(s->nt[j].flags & TOK_LEGAL))
            return 0;
    return 1;
}

/* Fills s->msim / s->mhow for the query against the nn tokens in s->nt.
 * A cache cell is -1 (unknown) or the similarity of its query token to
 * its dictionary token. For an expanded query token every similar
 * dictionary token has its cell set, so unknown means 0; for the others
 * the similarity is computed once per query and dictionary token and
 * kept, since listed names share many tokens. */
static void fill_matrix(emb_screener *s, int nn)
{
    const emb_index *ix = s->ix;
    for (int j = 0; j < nn; j++) {
        uint32_t id = s->nt[j].id;
        long row = s->tst[id].row_gen == s->gen ? (long)s->tst[id].row : -1;
        for (int i = 0; i < s->nq; i++) {
            size_t at = (size_t)i * (size_t)nn + (size_t)j;
            size_t cell = (size_t)row * (size_t)s->nq + (size_t)i;
            if (row >= 0 && s->cache_sim[cell] >= 0) {
                s->msim[at] = s->cache_sim[cell];
                s->mhow[at] = s->cache_how[cell];
                /* the cell holds the dictionary token's first occurrence;
                 * whether this one was mapped from another spelling is
                 * its own (tok_sim's rule for equal tokens) */
                if (s->mhow[at] == EMB_MATCH_EXACT ||
                    s->mhow[at] == EMB_MATCH_VARIANT)
                    s->mhow[at] = ((s->q[i].flags | s->nt[j].flags) &
                                   TOKF_MAPPED)
                                      ? EMB_MATCH_VARIANT
                                      : EMB_MATCH_EXACT;
                continue;
            }
            if ((s->expanded >> i & 1) && !s->cache_full) {
                s->msim[at] = 0.0f;
                s->mhow[at] = EMB_MATCH_NONE;
                continue;
            }
            if (!s->nt[j].phon)
                s->nt[j].phon = ix->toks[id].phon;
            emb_match_how how;
            double sim = tok_sim(&s->q[i], &s->nt[j], &how);
            s->msim[at] = (float)sim;
            s->mhow[at] = (uint8_t)how;
            if (row < 0)
                row = cache_row(s, id);
            if (row >= 0) {
                cell = (size_t)row * (size_t)s->nq + (size_t)i;
                s->cache_sim[cell] = (float)sim;
                s->cache_how[cell] = (uint8_t)how;
            }
        }
    }
}

/* Share of characters two CJK personal names have in common (Dice over
 * the characters, any order). */
static double cjk_similarity(const int32_t *a, int na, const int32_t *b,
                             int nb)
{
    int used[TEXT_CJK_NAME_MAX] = {0}, common = 0;
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            if (!used[j] && a[i] == b[j]) {
                used[j] = 1;
                common++;
                break;
            }
    return 2.0 * common / (na + nb);
}

/* When the query and the listed name `full` are both CJK personal names,
 * the share of their characters in common, which caps the name score: a
 * different character is a different part of the name, however alike
 * the romanisations. -1 when either is not one. */
static double cjk_cap(const emb_screener *s, const char *full)
{
    int32_t b[TEXT_CJK_NAME_MAX];
    int nb;
    if (!s->qcjk_n || !full ||
        !(nb = text_cjk_name(full, strlen(full), b, TEXT_CJK_NAME_MAX)))
        return -1;
    return cjk_similarity(s->qcjk, s->qcjk_n, b, nb);
}

/* Final score of name nid (after evidence), or -1 when it is no hit;
 * *ns receives the name score. ev may be NULL. direct: compute token
 * similarities with tok_sim rather than from the cache. */
static double score_name(emb_screener *s, uint32_t nid, double emax,
                         int direct, double *ns, emb_evidence *ev, int *n_ev,
                         int *floor)
{
    const emb_index *ix = s->ix;
    int nn = view_name(ix, nid, s->nt, direct);
    emb_kind kind = ix->recs[ix->names[nid].rec].kind;
    /* a record that does not say what it names (BIS DPL) is scored as
     * what the query names */
    if (kind == EMB_KIND_UNKNOWN)
        kind = s->qf.kind;
    double sc;
    if (direct) {
        sc = name_score(s->q, s->nq, s->nt, nn, NULL, NULL, kind, &s->sc);
    } else {
        fill_matrix(s, nn);
        sc = name_score(s->q, s->nq, s->nt, nn, s->msim, s->mhow, kind,
                        &s->sc);
    }
    if (s->qcjk_n && sc > 0) {
        const ix_name *nm = &ix->names[nid];
        double cap = cjk_cap(s, ix->recs[nm->rec].r->names[nm->name_idx].full);
        if (cap >= 0 && sc > cap)
            sc = cap;
    }
    *ns = sc;
    if (sc <= 0)
        return -1;
    if (ix->names[nid].weak && !weak_exact(s, nn))
        return -1;
    if (sc + emax < s->threshold - 1e-12 && !ev)
        return -1;
    emb_evidence tmp[EV_MAX];
    double delta = 0;
    int n = evidence_eval(&s->qf, &ix->recs[ix->names[nid].rec],
                          ev ? ev : tmp, &delta);
    if (n_ev)
        *n_ev = n;
    double f = sc + delta;
    if (f > 1)
        f = 1;
    if (f < 0)
        f = 0;
    if (floor)
        *floor = 0;
    if (sc >= 1.0 - 1e-12 && f < s->threshold) {
        f = s->threshold;
        if (floor)
            *floor = 1;
    }
    return f >= s->threshold ? f : -1;
}

static void offer(emb_screener *s, uint32_t nid, double f)
{
    const emb_index *ix = s->ix;
    uint32_t g = ix->recs[ix->names[nid].rec].group;
    if (s->grp_seen[g] != s->ggen) {
        s->grp_seen[g] = s->ggen;
        s->grp_score[g] = f;
        s->grp_name[g] = nid;
        s->grp_reading[g] = (uint8_t)s->reading;
        s->grp_list[s->n_grp++] = g;
    } else if (f > s->grp_score[g] ||
               (f == s->grp_score[g] && nid < s->grp_name[g])) {
        s->grp_score[g] = f;
        s->grp_name[g] = nid;
        s->grp_reading[g] = (uint8_t)s->reading;
    }
}

/* 1 when group a ranks before group b. */
static int ranks_before(const emb_screener *s, uint32_t a, uint32_t b)
{
    if (s->grp_score[a] != s->grp_score[b])
        return s->grp_score[a] > s->grp_score[b];
    const emb_index *ix = s->ix;
    uint32_t ra = ix->recs[ix->names[s->grp_name[a]].rec].rank;
    uint32_t rb = ix->recs[ix->names[s->grp_name[b]].rec].rank;
    return ra < rb;
}

/* For query token i counted aligned through the query's own acronym
 * (sc.q_cover): the listed token its partner aligned with (the acronym's,
 * for one of its words; the first word's, for the acronym), or NULL. */
static const char *cover_list(const emb_screener *s, int i)
{
    const align_scratch *sc = &s->sc;
    for (int t = 0; t < s->nq; t++) {
        if (!(sc->q_self >> t & 1))
            continue;
        int from = sc->qs_from[t], to = sc->qs_to[t];
        if (t == i) { /* the acronym: its first aligned word's partner */
            for (int m = from; m <= to; m++)
                if (sc->q_to[m] >= 0)
                    return s->nt[sc->pairs[sc->q_to[m]].nj].s;
        } else if (i >= from && i <= to && sc->q_to[t] >= 0) {
            return s->nt[sc->pairs[sc->q_to[t]].nj].s; /* a word */
        }
    }
    return NULL;
}

/* Adds to hit h's evidence the query identifiers its party holds
 * (match_idents), raising the score from `base` to the hit's. */
static int ident_evidence(emb_screener *s, size_t h, int n_ev, double base)
{
    const emb_index *ix = s->ix;
    const emb_hit *hit = &s->hits[h];
    uint32_t g = ix->recs[ix->names[s->hit_name[h]].rec].group;
    if (base < 0)
        base = 0;
    if (base > 1)
        base = 1;
    for (size_t i = 0, taken = 0; i < s->n_idm && taken < IDENT_EV_MAX;
         i++) {
        if (s->idm[i].g != g)
            continue;
        const ix_ident *e = &ix->idents[s->idm[i].e];
        const emb_ident *id = &ix->recs[e->rec].r->idents[e->k];
        emb_evidence *v = &s->ev[h][n_ev++];
        memset(v, 0, sizeof *v);
        v->field = EMB_EVIDENCE_IDENT;
        v->agrees = 1;
        v->effect = taken++ ? 0.0 : hit->score - base;
        v->list_value = id->value;
        v->list_label = id->type;
        v->list_kind = id->kind;
        v->query_value = s->q_idents[s->idm[i].qi];
    }
    return n_ev;
}

static void explain(emb_screener *s, size_t h, double emax)
{
    const emb_index *ix = s->ix;
    uint32_t nid = s->hit_name[h];
    emb_hit *hit = &s->hits[h];
    double ns = 0;
    int n_ev = 0, floor = 0;
    if (s->nq > 0)
        score_name(s, nid, emax, s->all_names, &ns, s->ev[h], &n_ev, &floor);
    else { /* no name: nothing aligned */
        for (int j = 0; j < TEXT_MAX_TOKENS; j++)
            s->sc.n_to[j] = -1;
        s->sc.q_covered = s->sc.n_covered = 0;
    }
    double base = ns;
    for (int i = 0; i < n_ev; i++)
        base += s->ev[h][i].effect;
    n_ev = ident_evidence(s, h, n_ev, base);
    int nn = view_name(ix, nid, s->nt, 1);
    for (int i = 0; i < s->nq; i++) {
        emb_token_match *m = &s->tm[h][i];
        memset(m, 0, sizeof *m);
        m->query = s->q[i].s;
        m->weight = s->q[i].w;
        int p = s->sc.q_to[i];
        if (p < 0 && s->sc.q_covered && s->sc.q_cover[i] >= 0) {
            /* the query's own acronym */
            m->list = cover_list(s, i);
            m->similarity = s->sc.q_cover[i];
            m->how = EMB_MATCH_ACRONYM;
        }
        if (p < 0)
            continue;
        const align_pair *ap = &s->sc.pairs[p];
        m->list = s->nt[ap->nj].s;
        m->list2 = ap->nj2 >= 0 ? s->nt[ap->nj2].s : NULL;
        /* an acronym's words between, its stop words left out */
        int acro = ap->how == EMB_MATCH_ACRONYM;
        for (int j = ap->nj + 1, k = 0; ap->whole && j < ap->nj2 && k < 2;
             j++)
            if (!acro || acro_part(&s->nt[j]) == 1)
                m->list_mid[k++] = s->nt[j].s;
        m->similarity = ap->sim;
        m->how = ap->how;
    }
    size_t nu = 0;
    for (int j = 0; j < nn; j++) /* not those its own acronym covers */
        if (s->sc.n_to[j] < 0 &&
            !(s->sc.n_covered && s->sc.n_cover[j] >= 0))
            s->unm[h][nu++] = s->nt[j].s;
    emb_explanation *e = &hit->explanation;
    e->tokens = s->tm[h];
    e->n_tokens = (size_t)s->nq;
    e->unmatched_list = s->unm[h];
    e->n_unmatched_list = nu;
    e->query_normalisations = s->qcur->applied;
    e->name_normalisations = ix->names[nid].applied;
    e->name_score = ns;
    e->script_similarity =
        cjk_cap(s, ix->recs[ix->names[nid].rec].r->names[ix->names[nid]
                                                              .name_idx]
                       .full);
    e->evidence = s->ev[h];
    e->n_evidence = (size_t)n_ev;
    e->exact_floor = floor;
}

/* The party of the record whose first indexed name is nid holds one of
 * the query's identifiers: it scores 1, a hit whatever its name scored,
 * and keeps the name it scored by when it has one. */
static void offer_ident(emb_screener *s, uint32_t nid)
{
    const emb_index *ix = s->ix;
    uint32_t g = ix->recs[ix->names[nid].rec].group;
    if (s->grp_seen[g] != s->ggen) {
        s->grp_seen[g] = s->ggen;
        s->grp_name[g] = nid;
        s->grp_reading[g] = 0;
        s->grp_list[s->n_grp++] = g;
    }
    s->grp_score[g] = 1.0;
}

/* Looks every key of the query's identifiers up among the listed ones:
 * each listed identifier met is recorded (idm) and its party offered. */
static void match_idents(emb_screener *s, const emb_query *q)
{
    const emb_index *ix = s->ix;
    s->n_idm = 0;
    s->q_idents = q->idents;
    for (size_t i = 0; i < q->n_idents; i++) {
        char keys[2][IDENT_KEY_CAP];
        size_t lens[2];
        size_t nk = ident_query_keys(q->idents[i], keys, lens);
        for (size_t j = 0; j < nk; j++) {
            uint64_t h = match_hash(keys[j], lens[j]);
            uint32_t lo, hi, chk = (uint32_t)(h >> 32);
            mmap64_bucket(&ix->ident, h, &lo, &hi);
            for (uint32_t b = lo; b < hi; b++) {
                if (ix->ident.chk[b] != chk)
                    continue;
                uint32_t at = ix->ident.val[b];
                const ix_ident *e = &ix->idents[at];
                if (e->key_len != lens[j] ||
                    memcmp(ix->ident_pool + e->key, keys[j], lens[j]))
                    continue;
                uint32_t g = ix->recs[e->rec].group;
                /* a party once per query identifier and per listed one */
                size_t d = 0;
                for (; d < s->n_idm; d++) {
                    const ix_ident *o = &ix->idents[s->idm[d].e];
                    if (s->idm[d].g == g &&
                        (s->idm[d].qi == (uint32_t)i ||
                         (o->key_len == e->key_len &&
                          !memcmp(ix->ident_pool + o->key,
                                  ix->ident_pool + e->key, e->key_len))))
                        break;
                }
                if (d < s->n_idm)
                    continue;
                if (s->n_idm < IDM_MAX) /* beyond, a hit without evidence */
                    s->idm[s->n_idm++] = (struct idm){g, at, (uint32_t)i};
                offer_ident(s, e->nid);
            }
        }
    }
}

/* Checks the query's identifiers; *usable: how many have a key. */
static int check_idents(const emb_query *q, size_t *usable)
{
    *usable = 0;
    if (q->n_idents && !q->idents)
        return EMB_ERR_USAGE;
    if (q->n_idents > EMB_QUERY_MAX_IDENTS)
        return EMB_ERR_LIMIT;
    for (size_t i = 0; i < q->n_idents; i++) {
        if (!q->idents[i])
            return EMB_ERR_USAGE;
        size_t len = strlen(q->idents[i]);
        if (len > EMB_IDENT_MAX)
            return EMB_ERR_LIMIT;
        char key[IDENT_KEY_CAP];
        *usable += ident_key(q->idents[i], len, key, sizeof key) > 0;
    }
    return EMB_OK;
}

static int set_facts(emb_screener *s, const emb_query *q)
{
    query_facts *qf = &s->qf;
    /* all but the typed identifiers' keys, which n_typed bounds */
    memset(qf, 0, offsetof(query_facts, typed));
    qf->kind = q->kind >= EMB_KIND_UNKNOWN && q->kind <= EMB_KIND_AIRCRAFT
                   ? q->kind
                   : EMB_KIND_UNKNOWN;
    if (q->country && *q->country) {
        if (country_iso2(q->country, qf->iso)) {
            qf->country = qf->iso;
            qf->country_iso = 1;
        } else {
            qf->country = q->country;
        }
    }
    if (q->dob && *q->dob && emb_period_parse(q->dob, &qf->dob) == EMB_OK)
        qf->has_dob = 1;
    /* only a person is born: a query with a date of birth and no kind is
     * a person's */
    if (qf->kind == EMB_KIND_UNKNOWN && qf->has_dob) {
        qf->kind = EMB_KIND_PERSON;
        qf->kind_from_dob = 1;
    }
    if (q->idents)
        evidence_idents(qf, q->idents, q->n_idents);
    return EMB_OK;
}

/* The query name's second reading, into one of s's buffers, or NULL: a
 * Korean name in Chinese characters also in its Korean reading, a
 * registration mark also as one word (ix_registration_mark), a name in
 * Arabic letters also as Persian says them (text_persian_reading), a
 * Chinese name in Wade-Giles also in pinyin (text_wg_reading). */
static const char *second_reading(emb_screener *s, const char *name)
{
    size_t len = strlen(name);
    if (text_korean_reading(s->ctx, name, len, s->korean, sizeof s->korean))
        return s->korean;
    if (ix_registration_mark(name, s->regmark, sizeof s->regmark))
        return s->regmark;
    if (text_persian_reading(name, len, s->persian, sizeof s->persian))
        return s->persian;
    if (text_wg_reading(name, len, s->wadegiles, sizeof s->wadegiles))
        return s->wadegiles;
    return NULL;
}

/* Makes reading r of the query (s->readings[r]) the one the query
 * tokens hold: normalised and weighed, with a fresh generation of
 * candidate marks and caches. */
static int prepare_reading(emb_screener *s, int r)
{
    const char *name = s->readings[r];
    text_name *tn = r ? &s->qn2 : &s->qn;
    /* a query for a person holds no legal form ("Leonardo Sá") */
    int rc = normalise(s, name, s->qf.kind == EMB_KIND_PERSON, tn);
    if (rc != EMB_OK)
        return rc;
    tn->applied |= name == s->korean      ? TX_KOREAN_READING
                   : name == s->persian   ? TX_PERSIAN_READING
                   : name == s->regmark   ? TX_MARK_READING
                   : name == s->wadegiles ? TX_WG_READING
                                          : 0;
    s->qcur = tn;
    const emb_index *ix = s->ix;
    s->reading = r;
    s->nq = tn->n;
    view_free_name(ix, tn, s->q, 0, 0);
    align_query(&s->sc, s->q, s->nq);
    s->qcjk_n = text_cjk_name(name, strlen(name), s->qcjk, TEXT_CJK_NAME_MAX);
    next_gen(s);
    s->n_cand = 0;
    s->expanded = 0;
    s->rows_used = 0;
    s->rows_max = CACHE_CELLS / (size_t)s->nq;
    s->cache_full = 0;
    s->nb_n = 0;
    s->nb_overflow = 0;
    memset(s->nb_done, 0, sizeof s->nb_done);
    /* A token no listed name holds weighs as its most similar listed token
     * (the same rule as unknown_idf, from the neighbours found here). */
    for (int i = 0; i < s->nq; i++) {
        tokv *x = &s->q[i];
        if (x->id != IX_NONE || x->len < 2 || (x->flags & TOK_NUMBER) ||
            x->initials)
            continue;
        collect_neighbours(s, i);
        double best = 0, idf = ix->idf_unknown;
        for (uint32_t k = s->nb_lo[i]; k < s->nb_hi[i]; k++) {
            if (s->nb_how[k] == EMB_MATCH_INITIAL)
                continue;
            double sim = s->nb_sim[k], t = ix->toks[s->nb_id[k]].idf;
            if (sim > best || (sim == best && sim > 0 && t > idf)) {
                best = sim;
                idf = t;
            }
        }
        x->w = token_weight(best > 0 ? idf : ix->idf_unknown, x->flags);
    }
    return EMB_OK;
}

/* Scores the listed names the prepared reading may match, every one when
 * `all`, and offers those at the threshold. */
static void score_reading(emb_screener *s, int all, double emax)
{
    const emb_index *ix = s->ix;
    int any_content = 0;
    for (int i = 0; i < s->nq; i++)
        any_content |= content_token(&s->q[i]);
    s->all_names = all;
    if (!any_content) /* nothing in the query can make a match */
        s->all_names = 0;
    else if (!s->all_names)
        gather_candidates(s, emax);
    if (s->all_names) {
        for (uint32_t nid = 0; nid < ix->n_names; nid++) {
            double ns, f = score_name(s, nid, emax, 1, &ns, NULL, NULL, NULL);
            if (f >= 0)
                offer(s, nid, f);
        }
    } else {
        double total = 0, w_opt = 0;
        int n_opt = 0; /* listed tokens the tokens not walked may align */
        for (int i = 0; i < s->nq; i++) {
            total += s->q[i].w;
            if (!(s->expanded >> i & 1)) {
                w_opt += s->q[i].w;
                /* two when it is them joined; a run of up to RUN_MAX
                 * needs 2 letters a part; initials, one word each; an
                 * acronym, its words and the stop words between */
                int ci = s->q[i].initials;
                n_opt += (s->sc.q_acro >> i & 1) ? ACRO_SPAN
                         : s->q[i].len >= 6      ? RUN_MAX
                         : ci > 2                ? ci
                                                 : 2;
            }
        }
        for (size_t c = 0; c < s->n_cand; c++) {
            const cand_st *x = &s->cand[c];
            uint32_t nid = x->nid;
            if (c + WALK_AHEAD < s->n_cand)
                __builtin_prefetch(ix->names + s->cand[c + WALK_AHEAD].nid);
            /* no content token aligns it (only an initial, a legal form
             * or a stop word do): it scores 0 */
            if (!x->content)
                continue;
            /* Skip names that cannot reach the threshold: on the query
             * side, the alignable weight times the best similarity each
             * token found; on the listed side, the weight those tokens
             * can align (n_opt: a token not walked may align any one
             * token, or several when it is them joined). */
            const ix_name *nm = &ix->names[nid];
            double w = w_opt + (double)x->acc * (1.0 + 1e-6);
            /* a name written with its own acronym may count words no
             * query token aligns, up to self_w (cover_self_acro) */
            double a = ((double)x->nacc + n_opt * (double)nm->wmax +
                        (double)nm->self_w) *
                       (1.0 + 1e-6);
            if (name_score_cap(total, w, nm->wsum * (1.0 - 1e-6), a) + emax <
                s->threshold - 1e-9)
                continue;
            double ns, f = score_name(s, nid, emax, 0, &ns, NULL, NULL, NULL);
            if (f >= 0)
                offer(s, nid, f);
        }
    }
}

int emb_screen(emb_screener *s, const emb_query *q, const emb_hit **hits,
               size_t *n_hits)
{
    if (hits)
        *hits = NULL;
    if (n_hits)
        *n_hits = 0;
    if (!s || !q || !hits || !n_hits)
        return EMB_ERR_USAGE;
    s->n_hits = 0;
    double thr = q->threshold < 0 ? EMB_DEFAULT_THRESHOLD : q->threshold;
    if (!(thr <= 1.0)) /* also rejects NaN */
        return EMB_ERR_INVALID;
    s->threshold = thr;
    int max_hits = q->max_hits <= 0 ? EMB_SCREEN_DEFAULT_HITS : q->max_hits;
    if (max_hits > EMB_SCREEN_MAX_HITS)
        max_hits = EMB_SCREEN_MAX_HITS;
    size_t usable;
    int rc = check_idents(q, &usable);
    if (rc != EMB_OK)
        return rc;
    int named = q->name && *q->name;
    if (!named && q->n_idents && !usable)
        return EMB_ERR_INVALID; /* no name, no identifier to screen */
    named |= !usable;
    s->readings[0] = q->name;
    s->n_readings = named;
    const char *second = named && q->name ? second_reading(s, q->name) : NULL;
    if (second)
        s->readings[s->n_readings++] = second;
    set_facts(s, q);
    double emax = evidence_max_raise(&s->qf);
    next_ggen(s);
    /* what a query without a name leaves so (prepare_reading sets them
     * for one with) */
    s->reading = 0;
    s->nq = 0;
    s->qn.n = 0;
    s->qn.applied = 0;
    s->qcur = &s->qn;
    s->qcjk_n = 0;
    s->all_names = 1;
    /* each reading's best for a group stands; ties keep the first */
    for (int r = 0; r < s->n_readings; r++) {
        rc = prepare_reading(s, r);
        if (rc != EMB_OK)
            return rc;
        score_reading(s, q->exhaustive ? 1 : 0, emax);
    }
    match_idents(s, q);
    const emb_index *ix = s->ix;
    /* Top max_hits groups by insertion into a short sorted list. */
    uint32_t top[EMB_SCREEN_MAX_HITS];
    size_t nt = 0;
    for (size_t i = 0; i < s->n_grp; i++) {
        uint32_t g = s->grp_list[i];
        if (nt == (size_t)max_hits && !ranks_before(s, g, top[nt - 1]))
            continue;
        size_t k = nt < (size_t)max_hits ? nt++ : nt - 1;
        while (k > 0 && ranks_before(s, g, top[k - 1])) {
            top[k] = top[k - 1];
            k--;
        }
        top[k] = g;
    }
    for (size_t h = 0; h < nt; h++) {
        uint32_t g = top[h], nid = s->grp_name[g];
        emb_hit *hit = &s->hits[h];
        memset(hit, 0, sizeof *hit);
        const ix_name *nm = &ix->names[nid];
        hit->record = ix->recs[nm->rec].r;
        hit->name_index = nm->name_idx;
        hit->records = ix->group_recs + ix->group_off[g];
        hit->n_records = ix->group_off[g + 1] - ix->group_off[g];
        hit->score = s->grp_score[g];
        s->hit_name[h] = nid;
        if (named && s->grp_reading[g] != s->reading) {
            /* another reading's hit: its tokens, scored directly (the
             * exhaustive scan's score, which the index's equals) */
            rc = prepare_reading(s, s->grp_reading[g]);
            if (rc != EMB_OK)
                return rc;
            s->all_names = 1;
        }
        explain(s, h, emax);
    }
    s->n_hits = nt;
    *hits = s->hits;
    *n_hits = nt;
    return EMB_OK;
}

int emb_name_score(emb_screener *s, const char *a, const char *b,
                   emb_kind kind, double *score)
{
    if (score)
        *score = 0;
    if (!s || !a || !b || !score)
        return EMB_ERR_USAGE;
    char mark[IX_MARK_MAX];
    int rc = normalise(s,
                       kind == EMB_KIND_AIRCRAFT &&
                               ix_registration_mark(b, mark, sizeof mark)
                           ? mark
                           : b,
                       kind == EMB_KIND_PERSON, &s->pn);
    if (rc != EMB_OK)
        return rc;
    s->n_hits = 0;
    view_free_name(s->ix, &s->pn, s->nt, 1, 1);
    /* a's readings (second_reading), the best */
    const char *readings[2] = {a, second_reading(s, a)};
    int n = readings[1] ? 2 : 1;
    for (int r = 0; r < n; r++) {
        rc = normalise(s, readings[r], 0, &s->qn);
        if (rc != EMB_OK)
            return rc;
        view_free_name(s->ix, &s->qn, s->q, 1, 0);
        align_query(&s->sc, s->q, s->qn.n);
        double sc = name_score(s->q, s->qn.n, s->nt, s->pn.n, NULL, NULL,
                               kind, &s->sc);
        s->qcjk_n = text_cjk_name(readings[r], strlen(readings[r]), s->qcjk,
                                  TEXT_CJK_NAME_MAX);
        double cap = cjk_cap(s, b);
        if (cap >= 0 && sc > cap)
            sc = cap;
        if (sc > *score)
            *score = sc;
    }
    return EMB_OK;
}

