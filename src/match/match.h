/*
 * match.h - private interface between the files of the name matcher.
 *
 *   index.c   builds the read-only index: token dictionary with rarity
 *             weights, postings (token -> names), phonetic and
 *             symmetric-delete maps for fuzzy lookups, party groups.
 *   score.c   token similarity, order-free alignment, the name score and
 *             the evidence (type, country, date of birth).
 *   country.c country names and codes to ISO-2.
 *   screen.c  the per-thread screener: candidates, ranking, explanations.
 *   hitjson.c a hit as JSON (shared by emb_hit_to_json and the batch).
 *   batch.c   CSV / NDJSON batches on every core, output in input order.
 *
 * Nothing here allocates on the query path: every buffer a query needs
 * lives in the emb_screener and is sized when the screener is opened.
 */
#ifndef EMB_MATCH_MATCH_H
#define EMB_MATCH_MATCH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "embargo.h"
#include "match/ident.h"
#include "text/sbuf.h"
#include "text/text.h"

/* ---- scorer parameters (docs/matching.md) ----------------------------- */
typedef struct match_params {
    double w_legal;     /* weight of a legal-form token */
    double w_stop;      /* weight of a stop word */
    double w_initial;   /* weight of a single-letter token */
    double sim_initial; /* an initial against a word it starts */
    double sim_phonetic;/* same phonetic key, when edits say less */
    double sim_doubled; /* a short word with a letter doubled (uun / un) */
    double sim_nickname;/* a nickname and a full name it stands for */
    double sim_acronym; /* an acronym and the words it is made of */
    double sim_adjective; /* a Russian adjective of a place and the place */
    double sim_spelling;  /* one word in two transliterations */
    double sim_consonants;/* a word of a script without short vowels and
                             one with the same consonants */
    double sim_short;     /* the same for words of fewer than SKELETON_MIN
                             consonants, and the long vowels written */
    /* How unaligned tokens count, by the kind of the listed name:
     * kp[KP_PERSON] for people, kp[KP_OTHER] for everything else (a
     * dropped middle name is common, a dropped company word is not). */
    struct kind_params {
        double lambda_q; /* share of an unaligned query token's weight that
                            counts against the score */
        double lambda_n; /* the same for an unaligned listed token */
        double conflict; /* extra cost, per unit of weight, of distinctive
                            tokens left unaligned on both sides (different
                            given names rather than a dropped one) */
        double distinct; /* extra cost, per unit of weight, of the part of
                            an unaligned query content token's weight above
                            the heaviest aligned query token's: the rarest
                            word of the query is missing ("Hikvision
                            Digital Technology" / "LLC Digital
                            Technologies") */
        int initial_apart;  /* 1: a query word that only a listed initial
                               stands for counts as unaligned in
                               `conflict` (a person's "Josefina" against
                               "Manuel J"; not a firm's "IAC" against
                               "I A C") */
    } kp[2];
    double ev_type_agree, ev_type_conflict;
    double ev_country_agree, ev_country_conflict;
    double ev_dob_agree, ev_dob_conflict;
    double ev_ident_conflict;
} match_params;

enum { KP_PERSON = 0, KP_OTHER = 1 };
/* The kp[] slot for a listed name of kind k. */
static inline int kp_slot(emb_kind k)
{
    return k == EMB_KIND_PERSON ? KP_PERSON : KP_OTHER;
}

/* The parameters in force. Benchmarks may change them before any index or
 * screener exists; nothing else writes them. */
extern match_params match_params_v;

/* ---- multimap: 64-bit key -> uint32 values, CSR over hash buckets ----- */
typedef struct mmap64 {
    uint32_t mask;
    uint32_t *off;   /* mask + 2 bucket offsets into chk/val */
    uint32_t *chk;   /* high 32 bits of each entry's key */
    uint32_t *val;
} mmap64;

/* Values under key h are mm->val[i] for i in [*lo, *hi) with
 * mm->chk[i] == (uint32_t)(h >> 32). */
static inline void mmap64_bucket(const mmap64 *mm, uint64_t h, uint32_t *lo,
                                 uint32_t *hi)
{
    uint32_t b = (uint32_t)h & mm->mask;
    *lo = mm->off[b];
    *hi = mm->off[b + 1];
}

/* Calls fn(arg, v) for every value v under key h, in bucket order. */
static inline void mmap64_each(const mmap64 *mm, uint64_t h,
                               void (*fn)(void *arg, uint32_t v), void *arg)
{
    uint32_t lo, hi, chk = (uint32_t)(h >> 32);
    mmap64_bucket(mm, h, &lo, &hi);
    for (uint32_t i = lo; i < hi; i++)
        if (mm->chk[i] == chk)
            fn(arg, mm->val[i]);
}

uint64_t match_hash(const char *s, size_t len);

/* ---- the index -------------------------------------------------------- */
#define IX_NONE UINT32_MAX
#define TOKF_MAPPED 0x100 /* occurrence flag: canonical form differs from
                             the folded spelling (variant / abbreviation) */
#define TOKF_NICK 0x200   /* a nickname (text_nickname) */
#define TOKF_HEAD 0x400   /* a given-name family's canonical spelling
                             (text_variant_head) */
#define TOKF_SELFACRO 0x1000 /* an acronym of words of its own name
                                ("DAEDONG CREDIT BANK (DCB)": self_acro) */
#define TOKF_PARTICLE 0x800 /* a name particle (text_particle) that is a
                               stop word: joins around it */
#define TOKF_PLACE 0x2000 /* may be the Russian adjective of a place
                             (place_stems), a content word */

typedef struct ix_token {
    uint32_t str;   /* offset of the NUL-terminated text in ix->pool */
    uint16_t len;
    uint16_t flags; /* TOK_* of its first occurrence */
    uint32_t df;    /* number of names holding it */
    float idf;
    uint64_t phon;  /* hash of the phonetic key; 0 when none */
} ix_token;

typedef struct ix_name {
    uint32_t rec;      /* index into ix->recs */
    uint32_t tok;      /* first token in ix->name_tok / name_tflags */
    uint16_t name_idx; /* index into the record's names[] */
    uint8_t n_tok;
    uint8_t weak;
    float self_w;      /* written with its own acronym (TOKF_SELFACRO):
                          the weight of the acronyms and their words,
                          the most cover_self_acro may add; else 0 */
    uint32_t applied;  /* TX_* */
    float wsum;        /* sum of its token weights */
    float wmax;        /* largest token weight */
} ix_name;

/* A listed identifier (ident.c): the record holding it, that record's
 * first indexed name (what a hit by identifier shows), which of its
 * identifiers it is, and its key (ident_key) in ix->ident_pool. */
typedef struct ix_ident {
    uint32_t rec;
    uint32_t nid;
    uint32_t key;
    uint16_t k;
    uint16_t key_len;
} ix_ident;

typedef struct ix_rec {
    const emb_record *r;
    uint32_t group; /* party */
    uint32_t rank;  /* position in (source, source_id) order */
    /* what the record names, as scoring and evidence read it: its kind,
     * or, when its source does not say (BIS DPL, most CSL rows of BIS
     * and State), EMB_KIND_ENTITY when one of its names holds a legal
     * form ("SCOTT COMMUNICATIONS, INC.") or a word that names
     * organisations ("National Aerospace Development Administration":
     * org_words) */
    emb_kind kind;
    uint8_t kind_by; /* KIND_BY_*: why kind differs from the record's */
} ix_rec;

enum { KIND_BY_LEGAL_FORM = 1, KIND_BY_ORG_WORD = 2 };

struct emb_index {
    emb_recset **sets;
    size_t n_sets;

    ix_rec *recs;
    size_t n_recs;
    uint32_t *group_off;              /* n_groups + 1 */
    const emb_record **group_recs;    /* records of each group, by rank */
    size_t n_groups;

    ix_name *names;
    size_t n_names;
    uint32_t *name_tok;    /* token ids of every name, name after name */
    uint16_t *name_tflags; /* TOK_* | TOKF_MAPPED per occurrence */
    uint32_t *name_str;    /* per occurrence: its text's offset in pool */
    float *name_w;         /* per occurrence: token_weight() */
    uint8_t *name_len;     /* per occurrence: text length (<= 255) */
    char *name_ini;        /* per occurrence: its first letter as written,
                              before canonical mapping (acronyms read it:
                              ZAVOD is "plant" but gives a z) */

    ix_token *toks;
    size_t n_toks;
    char *pool;
    double idf_unknown; /* idf of a token no name holds */

    uint32_t *post_off; /* n_toks + 1 */
    uint32_t *post;     /* name ids, ascending per token */

    /* Other spellings of a token that heads a family of name variants
     * (sergey: sergei, sergej, serguei...), fam_str[fam_off[id] ..
     * fam_off[id + 1]), and the spellings the lists write the token in
     * when the normaliser maps them to it (vladimirovna: uladzimirauna),
     * held in wpool; the deletion map holds them too, so that a typo of
     * any spelling finds the family. */
    uint32_t *fam_off; /* n_toks + 1 */
    const char **fam_str;
    uint8_t *fam_len;  /* strlen of each fam_str */
    uint8_t *fam_max;  /* per token: the longest of its family's spellings */
    uint8_t *fam_min;  /* and the shortest (0: no family) */
    uint64_t *fam_ends; /* per token with a family: spelling_ends() of all
                           its spellings, the canonical one too */
    char *wpool;        /* the listed spellings among fam_str (while
                           building, every occurrence's) */
    size_t wpool_len;
    /* the canonical spellings of the families no token heads, sorted;
     * family n_toks + k of the arrays above is lexfam[k]'s */
    const char **lexfam;
    size_t n_lexfam;

    mmap64 dict;  /* hash(text) -> token id */
    mmap64 phon;  /* phonetic hash -> token ids */
    mmap64 dels;  /* hash(deletion variant) -> token ids */
    mmap64 spelt; /* hash(family spelling) -> ids of the tokens it is a
                     spelling of */
    mmap64 skel;  /* hash(consonants, text_skeleton) -> token ids */
    mmap64 skel_he; /* the same, text_skeleton_hebrew */
    mmap64 skel_ja; /* the same, text_skeleton_kana */
    mmap64 adj;   /* hash(place) -> ids of the tokens that may be its
                     Russian adjective (place_stems) */
    mmap64 acro;  /* hash(acronym) -> ids of the names (not people's) with
                     a run of words it stands for (acro_part), the ids of
                     one acronym together and ascending */
    float acro_wmax; /* the most weight such a run has */
    /* identifiers (ident.c): hash(key) -> index into idents */
    mmap64 ident;
    ix_ident *idents;
    size_t n_idents;
    char *ident_pool;
};



/* Bytes the index holds (not counting the record sets). */
size_t index_bytes(const emb_index *ix);
/* Token id of s[0..len), or IX_NONE. */
uint32_t ix_lookup(const emb_index *ix, const char *s, size_t len);
/* ix_lookup with h = match_hash(s, len) worked out already. */
uint32_t ix_lookup_h(const emb_index *ix, const char *s, size_t len,
                     uint64_t h);
/* Ids of the tokens (at most max, written to out) that s[0..len), whose
 * match_hash is h, is a family spelling of ("volodymyr": vladimir);
 * returns how many. A spelling
 * belongs to one family of each table (name variants, company words), so
 * SPELT_MAX is room for all. */
#define SPELT_MAX 4
size_t ix_spelt(const emb_index *ix, const char *s, size_t len, uint64_t h,
                uint32_t *out, size_t max);
/* Ids of the tokens s[0..len) (hash h) is a family spelling of, then id,
 * the token s is (ix_lookup_h's answer, IX_NONE: none), into out;
 * returns how many. */
size_t ix_spellings(const emb_index *ix, const char *s, size_t len,
                    uint64_t h, uint32_t id, uint32_t out[SPELT_MAX + 1]);
/* Phonetic hash of canonical token s[0..len), which need not be
 * NUL-terminated (0 when too short or numeric). */
uint64_t ix_phon_hash(const char *s, size_t len);
/* An aircraft's registration mark whose nationality mark is one letter,
 * a hyphen and three to five letters ("M-VITO"), written into out (cap
 * bytes, IX_MARK_MAX enough) as one word ("MVITO"); 0 when full is no
 * such mark. The letter is part of a code, not an initial: "Vito
 * Marzorati" does not meet M-VITO by "vito" and the "m" taken for
 * Marzorati's. The index so writes the names of aircraft, and a query
 * that is such a mark is read so too, beside as written, the better
 * counting: a mistyped mark ("M-VTIO") still meets it. Marks of two
 * letters ("EP-GOM") stay as written: neither part is an initial. */
#define IX_MARK_MAX 8
int ix_registration_mark(const char *full, char *out, size_t cap);

/* Hash of the consonants of a token (text_skeleton), 0 when they are
 * fewer than SKELETON_MIN: too few to tell names apart (Isam, Osama and
 * Asma are all "sm"). */
#define SKELETON_MIN 3
/* Words of Arabic script of fewer consonants, down to this many, meet
 * listed words by their consonants and the long vowels the script writes
 * between them (the scorer's short_consonants); the index keeps such
 * words by their consonants (ix_short_skeleton_hash). */
#define SHORT_SKELETON_MIN 1
#define SHORT_SKELETON_LEN 24 /* letters at most of such a word */
uint64_t ix_short_skeleton_hash(const char *s, size_t len);
/* The most letters a listed word may have beyond two words of Arabic
 * script it is written as (their short vowels) */
#define ABJAD_VOWELS_MAX 6
uint64_t ix_skeleton_hash(const char *s, size_t len);
/* The same with text_skeleton_hebrew, for words read from Hebrew script,
 * and text_skeleton_kana, for words read from katakana. */
uint64_t ix_skeleton_hash_hebrew(const char *s, size_t len);
uint64_t ix_skeleton_hash_kana(const char *s, size_t len);
/* The consonant hash and map a query word of flags is looked up by: its
 * script's (TOK_ABJAD, TOK_HEBREW, TOK_KANA); NULL for other words. */
#define TOK_SCRIPTS (TOK_ABJAD | TOK_HEBREW | TOK_KANA)
typedef uint64_t (*ix_skeleton_fn)(const char *s, size_t len);
ix_skeleton_fn ix_skeleton_of(unsigned flags);
const mmap64 *ix_skeleton_map(const emb_index *ix, unsigned flags);
/* The same for two words written as one: 0 when they have fewer than
 * SPLIT_SKELETON_MIN consonants, as a word boundary makes chance meetings
 * likelier. */
#define SPLIT_SKELETON_MIN 4
uint64_t ix_split_skeleton_hash(const char *s, size_t len);
/* The skeleton hash the index probes for two query words written as one:
 * SKELETON_MIN consonants are enough when the second is Allah, which ends
 * names written as one word (مطيع الله "mty allah" / MATIULLAH), else
 * SPLIT_SKELETON_MIN; the scorer asks besides that the listed word end as
 * Allah does (concat_consonants). */
static inline int is_allah(const char *s, size_t len)
{
    return len == 5 && !memcmp(s, "allah", 5);
}
static inline uint64_t ix_pair_skeleton_hash(const char *s, size_t len,
                                             const char *second,
                                             size_t second_len)
{
    return is_allah(second, second_len) ? ix_skeleton_hash(s, len)
                                        : ix_split_skeleton_hash(s, len);
}
/* Edit budget for a pair whose shorter token has `len` letters. */
static inline int edit_budget(size_t len)
{
    return len <= 3 ? 0 : len <= 5 ? 1 : 2;
}
/* Calls fn(h) for s and each string made by deleting up to k letters. The
 * scratch buffer holds len bytes. */
void deletion_hashes(const char *s, size_t len, int k,
                     void (*fn)(void *arg, uint64_t h), void *arg);

/* ---- token views and scoring ----------------------------------------- */
typedef struct tokv {
    const char *s;
    const char *orig; /* as folded before canonical mapping (query side) */
    uint16_t len;
    uint16_t flags;   /* TOK_* | TOKF_MAPPED */
    uint32_t id;      /* dictionary id or IX_NONE */
    double w;         /* weight */
    uint64_t phon;
    const char *const *fam; /* other spellings of its variant family
                               (listed and dictionary tokens only) */
    const uint8_t *fam_len; /* their lengths */
    uint32_t n_fam;
    uint16_t fam_max;       /* the longest of them (0: none) */
    uint16_t fam_min;       /* the shortest of them (0: none) */
    uint64_t ends;          /* spelling_ends() of it and its family */
    const char *written;    /* tokv_written(), set by tokv_finish */
    uint16_t wlen;
    uint8_t initials;        /* query tokens: compound_initials() */
    char ini;                /* first letter as written, before canonical
                                mapping: what an acronym takes from it */
    const char *const *nick; /* full names it is a nickname of (TOKF_NICK),
                                set by tokv_finish; else NULL */
} tokv;

/* v's spelling as written when it differs from the canonical one and is
 * one word ("sergei" for sergey; not "joint stock company" for jsc), or
 * NULL. */
static inline const char *tokv_written(const tokv *v)
{
    if (!v->orig || v->orig == v->s || strchr(v->orig, ' ') ||
        !strcmp(v->orig, v->s))
        return NULL;
    return v->orig;
}

/* The letters a spelling starts (bits 0-31) and ends (32-63) with, each
 * letter c as bit c & 31: a quick test that no spelling of a family
 * starts or ends with a letter. */
static inline uint64_t spelling_ends(const char *s, size_t len)
{
    return (1ull << (s[0] & 31)) | (1ull << (32 + (s[len - 1] & 31)));
}

/* The family slot of canonical word s[0..len) when no token of the index
 * is it and it heads a family of the lexicon (emb_index.lexfam), else
 * IX_NONE. */
uint32_t lexfam_id(const emb_index *ix, const char *s, size_t len);

/* Completes a view whose s, orig and id are set: its written spelling and,
 * when family is 1, its family's spellings (from the index; a word the
 * index does not hold, from the lexicon's families through lexfam_id),
 * and the letters they start and end with. */
static inline void tokv_finish(const emb_index *ix, tokv *v, int family)
{
    v->written = tokv_written(v);
    v->wlen = v->written ? (uint16_t)strlen(v->written) : 0;
    v->nick = (v->flags & TOKF_NICK) ? text_nickname(v->s, v->len) : NULL;
    v->fam = NULL;
    v->fam_len = NULL;
    v->n_fam = 0;
    v->fam_max = 0;
    v->fam_min = 0;
    v->ends = v->len ? spelling_ends(v->s, v->len) : 0;
    if (!family || !ix->fam_off)
        return;
    /* a word the index does not hold has its family too, if it heads one
     * (a name scored by emb_name_score) */
    uint32_t f = v->id != IX_NONE ? v->id : lexfam_id(ix, v->s, v->len);
    if (f == IX_NONE)
        return;
    uint32_t lo = ix->fam_off[f], hi = ix->fam_off[f + 1];
    if (lo == hi)
        return;
    v->ends |= ix->fam_ends[f];
    v->fam = ix->fam_str + lo;
    v->fam_len = ix->fam_len + lo;
    v->n_fam = hi - lo;
    v->fam_max = ix->fam_max[f];
    v->fam_min = ix->fam_min[f];
}

/* Writes tokens x then y into out (2 TEXT_BUF bytes), x as written when
 * k & 1, y when k & 2, else canonically; returns the length, or -1 when
 * such a spelling is missing. */
static inline int split_spelling(const tokv *x, const tokv *y, int k,
                                 char *out)
{
    const char *xs = k & 1 ? x->written : x->s;
    const char *ys = k & 2 ? y->written : y->s;
    if (!xs || !ys)
        return -1;
    int lx = k & 1 ? x->wlen : x->len, ly = k & 2 ? y->wlen : y->len;
    memcpy(out, xs, (size_t)lx);
    memcpy(out + lx, ys, (size_t)ly);
    return lx + ly;
}

/* Writes tokens x, m (when not NULL, canonically) and z into out (3
 * TEXT_BUF bytes), x as written when k & 1, z when k & 2, else
 * canonically; returns the length, or -1 when such a spelling is
 * missing. */
static inline int particle_spelling(const tokv *x, const tokv *m,
                                    const tokv *z, int k, char *out)
{
    int l = split_spelling(x, z, k, out);
    if (l < 0 || !m)
        return l;
    int lx = k & 1 ? x->wlen : x->len;
    memmove(out + lx + m->len, out + lx, (size_t)(l - lx));
    memcpy(out + lx, m->s, m->len);
    return l + m->len;
}

/* 1 when some spelling of v may start (end) with letter c: 0 means none
 * does. */
static inline int may_start(const tokv *v, char c)
{
    return (int)(v->ends >> (c & 31)) & 1;
}

static inline int may_end(const tokv *v, char c)
{
    return (int)(v->ends >> (32 + (c & 31))) & 1;
}

double token_weight(double idf, unsigned flags);
/* The number of initials query token t stands for (2 or 3), or 0: letters
 * written with dots ("V.V.", "R.A.") or two consonants that are no listed
 * word ("VV"), which name the words of a listed name they start
 * ("Vladimir Vladimirovich", "Ramzan Akhmatovich"). Kept in
 * tokv.initials. */
int compound_initials(const tokv *t);
/* 1 when t can make a match: not a legal form, stop word or single
 * letter. A name scores 0 unless one of the query's content tokens
 * aligned (other than as an initial). */
int content_token(const tokv *t);
/* Similarity of two tokens in [0,1] and how it was reached. Edit
 * distance is taken over each side's canonical and written spellings and
 * the family spellings of either side (filled for listed tokens) against
 * the other's. */
double tok_sim(const tokv *a, const tokv *b, emb_match_how *how);

/* Words written as one (joined_sim: query token w = listed x y; split_sim:
 * query x y = listed w) and regrouped words (query a b = listed x y
 * divided elsewhere). A fuzzy join keeps one part exact and each part has
 * at least JOIN_MIN letters; a fuzzy split allows SPLIT_BUDGET edits, or
 * after the Arabic article the budget of the word after it. */
#define JOIN_MIN 4
#define SPLIT_BUDGET 1 /* edits allowed in a split word */
#define SPLIT_SLACK 2  /* letters a split word and its listed word may
                          differ by: one edit, two after the article */
#define REGROUP_SHIFT 3 /* letters a regrouped division may move */
double joined_sim(const tokv *w, const tokv *x, const tokv *y);
/* *sim = the edit similarity of part (the rest of a joined query token)
 * and listed token tok within the budget of the shorter, else 0: the test
 * joined_sim applies to the fuzzy part. */
void fuzzy_join_part(const char *part, int lp, const char *tok, int lt,
                     double *sim);
double split_sim(const tokv *x, const tokv *y, const tokv *w);
int regrouped(const tokv *a, const tokv *b, const tokv *x, const tokv *y);
/* Token w against tokens x m z of the other name, m a name particle
 * (text_particle) written into w, left out, or for the Arabic article
 * written in another assimilation: 1 when w is exactly x m z, SKIP_SIM
 * for the others, 0 when w is not x . z with at most PARTICLE_MAX letters
 * between. x and z are whole (at least 2 letters each). */
#define PARTICLE_MAX 5
#define SKIP_SIM 0.95
double particle_join_sim(const tokv *w, const tokv *x, const tokv *m,
                         const tokv *z);
/* Query tokens x m z, x and z of Arabic script and m a particle, against
 * listed token w by their consonants, m in or out (نصير الدين "nsyr al
 * dyn" / NASIRUDDIN, صلاح الدين "slah al dyn" / SALAHALDIN): the
 * consonant similarity when they have w's, SPLIT_SKELETON_MIN or more;
 * else 0. */
double particle_consonant_sim(const tokv *w, const tokv *x, const tokv *m,
                              const tokv *z);

/* One aligned pair: query tokens qi (and qi2 for SPLIT and REGROUPED),
 * listed tokens nj (and nj2 for JOINED and REGROUPED); -1 where unused.
 * qi2 is qi + 1 and nj2 nj + 1, + 2 around a name particle (whole == 0:
 * the particle stays free), or up to + RUN_MAX - 1 for a word written as
 * several (whole == 1). */
#define RUN_MAX 4
#define RUN_PART_MAX 12 /* letters of a part of a run at most: syllables,
                           short words ("chong chon gang", "omar bin
                           laden") and words run together with every space
                           left out ("nationaliranianoil") */
typedef struct align_pair {
    int8_t qi, qi2, nj, nj2;
    uint8_t whole; /* the tokens between qi and qi2 (nj and nj2) are part
                      of it too; else only the two ends are */
    emb_match_how how;
    float sim;
    float gain;
} align_pair;

/* single, joined, split, regrouped, joined or split around a particle,
 * joined or split over a run, initials, and an acronym either way: each
 * at most one pair per query and listed token */
#define ALIGN_MAX_PAIRS (11 * TEXT_MAX_TOKENS * TEXT_MAX_TOKENS)

/* Acronyms, in names of anything but people: a token of ACRO_MIN to
 * ACRO_MAX letters that is the first letters of as many adjacent words of
 * the other name, the stop words between them passed over ("IRGC" /
 * "Islamic Revolutionary Guard Corps", "ISIL" / "Islamic State of Iraq
 * and the Levant"), aligns with all of them at sim_acronym. */
/* Words read from katakana compared as two listed words written as one
 * (kana_joined): at most KANA_JOIN_WORDS of a query, of at most
 * KANA_JOIN_LEN letters each. */
#define KANA_JOIN_WORDS 4
#define KANA_JOIN_LEN 32

#define ACRO_MIN 3
#define ACRO_MAX 4
#define ACRO_SPAN 8 /* tokens a run covers at most, stop words included */
#define ACRO_RUNS_MAX ((ACRO_MAX - ACRO_MIN + 1) * TEXT_MAX_TOKENS)
/* 1 when a token (TOK_* | TOKF_MAPPED flags, len letters s) may be an
 * acronym: ACRO_MIN to ACRO_MAX letters a-z, no legal form, stop word,
 * number or mapped word. */
int acro_token(unsigned flags, int len, const char *s);

/* A Russian adjective of a place ("AMURSKY", "RYAZANSKOE", "KAZANSKII",
 * "NOVOSIBIRSKIY"): the lengths of the place names token s (len letters)
 * may be the adjective of, into stems (two at most: "amur" of amursky and
 * "amursk"; "novosibir" and "novosibirsk" of novosibirskiy), each of
 * PLACE_STEM_MIN letters or more; returns how many (0: no such ending). */
#define PLACE_STEM_MIN 4
int place_stems(const char *s, int len, int *stems);
/* 1 when a token (TOK_* flags, len letters s) may be the Russian adjective
 * of a place: a content word with such an ending (TOKF_PLACE). */
int place_token(unsigned flags, const char *s, int len);
/* What token t is in an acronym's run: 1 a word giving its first
 * letter, 0 a stop word passed over, -1 neither (the run stops). */
int acro_part(const tokv *t);
/* Reads the run of words from t[j] (of n tokens), which must be one: the
 * first letters of up to ACRO_MAX words, within ACRO_SPAN tokens, into
 * letters, and in end[k] the token the (k + 1)th of them is. Returns how
 * many letters (0 when t[j] is no word). */
int acro_letters(const tokv *t, int n, int j, char *letters, int *end);
/* The run from t[j] whose words' first letters are letters[0..k): the
 * index of its last token, or -1. */
int acro_run(const tokv *t, int n, int j, const char *letters, int k);
/* When token t[j] (acro_token) is the acronym of a run of words of the
 * same name t (n tokens) that does not hold it, as a name written with
 * its acronym ("DAEDONG CREDIT BANK (DCB)"): 1, the run from *from to
 * *to (the first such run). Else 0. */
int self_acro(const tokv *t, int n, int j, int *from, int *to);

typedef struct align_scratch {
    align_pair pairs[ALIGN_MAX_PAIRS];
    int16_t q_to[TEXT_MAX_TOKENS]; /* pair index per query token, -1 */
    int16_t n_to[TEXT_MAX_TOKENS]; /* pair index per listed token, -1 */
    int n_chosen;
    int chosen[TEXT_MAX_TOKENS];
    /* of the query, set by align_query(): by first letter (26: not a
     * letter), bit l for a token of l letters; the letters of the runs
     * of 3 and 4 tokens from each token */
    uint64_t qlf[27];
    int qrun[TEXT_MAX_TOKENS][4]; /* fewest and most letters of the runs
                                     of 3, then of 4, 0 0: none */
    uint64_t q_acro;                /* bit i: query token i may be an
                                       acronym (acro_token) */
    /* the query's runs of words an acronym may stand for: from token
     * qa_from[r] to qa_to[r], first letters qa_letters[r] (qa_len[r] of
     * them) */
    int qa_n;
    /* the query's own acronyms (self_acro): bit j of q_self for each,
     * q_self_all with their words too; qs_from[j] .. qs_to[j] the run,
     * qs_words[j] its words (bit per token) */
    uint64_t q_self, q_self_all;
    int8_t qs_from[TEXT_MAX_TOKENS], qs_to[TEXT_MAX_TOKENS];
    uint64_t qs_words[TEXT_MAX_TOKENS];
    /* set by name_score: the similarity a token left unaligned takes from
     * its name's own acronym or the acronym's words (-1: none), filled
     * only when q_covered (n_covered) */
    float q_cover[TEXT_MAX_TOKENS], n_cover[TEXT_MAX_TOKENS];
    int q_covered, n_covered;
    int8_t qa_from[ACRO_RUNS_MAX], qa_to[ACRO_RUNS_MAX];
    uint8_t qa_len[ACRO_RUNS_MAX];
    char qa_letters[ACRO_RUNS_MAX][ACRO_MAX];
    int q_lineage;                  /* the query spells out a lineage */
    uint8_t anc_q[TEXT_MAX_TOKENS]; /* its tokens naming an ancestor */
    /* the query's words read from katakana that may be two listed words
     * joined (kana_cuts): slot per query token (-1: none), and in each
     * slot the katakana key hashes of the word's first c letters and of
     * the rest, for every cut c */
    int8_t kj_slot[TEXT_MAX_TOKENS];
    int kj_n;
    uint64_t kj_pre[KANA_JOIN_WORDS][KANA_JOIN_LEN];
    uint64_t kj_suf[KANA_JOIN_WORDS][KANA_JOIN_LEN];
} align_scratch;

/* 1 when listed token t is the Arabic article a word read from katakana
 * may begin with (アル, read "ar": アルカイダ / AL QA'IDA). */
static inline int kana_article(const tokv *t)
{
    return t->len == 2 && t->s[0] == 'a' && t->s[1] == 'l';
}

/* The katakana key hashes (ix_skeleton_hash_kana) of the first c letters
 * of query token w into pre[c] and of the rest into suf[c], for each cut
 * c from 1 to w->len - 1; 0 when w is no word read from katakana of
 * KANA_JOIN_LEN letters or fewer, else 1. */
int kana_cuts(const tokv *w, uint64_t *pre, uint64_t *suf);

/* Records in sc what name_score needs to know of the query q once for
 * all the names it is scored against. */
void align_query(align_scratch *sc, const tokv *q, int nq);

/* The name score of q against n (0 when no distinctive token aligned).
 * sim/how (nq x nn, row-major by query token) give the token
 * similarities when the caller has them; NULL computes them with tok_sim.
 * kind is the listed name's (EMB_KIND_UNKNOWN when not known).
 * align_query(sc, q, nq) must have been called since q last changed.
 * The alignment is left in sc (q_to, n_to, pairs). */
double name_score(const tokv *q, int nq, const tokv *n, int nn,
                  const float *sim, const uint8_t *how, emb_kind kind,
                  align_scratch *sc);
/* Upper bound of name_score when the query tokens that can align carry
 * weight w_alignable of w_total (similarity-weighted), and the listed
 * tokens that can align carry n_alignable of n_total (n_total <= 0: no
 * bound on the listed side). */
double name_score_cap(double w_total, double w_alignable, double n_total,
                      double n_alignable);
/* Largest weight any occurrence of a token with this idf can have. */
double token_weight_max(double idf);

/* Upper bound of name_score for a name that aligns none of a set of query
 * tokens weighing w_gen (of w_total). */
double name_score_bound(double w_total, double w_gen);

/* Evidence of a query against a record: fills ev (up to 3 entries) and
 * returns the number; *delta receives the summed effect. */
/* The query's identifiers whose kind their form tells (ident_kind_of),
 * at most this many, compared with the listed party's of their kind. */
#define TYPED_IDENTS_MAX 4

typedef struct query_facts {
    emb_kind kind;       /* the query's, or person when it gives none but a
                            date of birth (kind_from_dob 1) */
    int kind_from_dob;
    const char *country; /* ISO-2 (in iso) or the query's own text */
    int country_iso;     /* 1: country is ISO-2 */
    char iso[3];
    emb_period dob;
    int has_dob;
    int n_typed;
    struct typed_ident {
        emb_id_kind kind;
        const char *value; /* as the query gives it */
        char key[IDENT_KEY_CAP];
        size_t len;
    } typed[TYPED_IDENTS_MAX];
} query_facts;
int evidence_eval(const query_facts *qf, const ix_rec *xr, emb_evidence *ev,
                  double *delta);
/* The query's identifiers (ids[0..n)) whose kind their form tells, into
 * qf->typed: the first of each kind, as evidence_eval compares them. */
void evidence_idents(query_facts *qf, const char *const *ids, size_t n);
/* Most that evidence can add for these facts. */
double evidence_max_raise(const query_facts *qf);

/* ISO-2 code for a country name or code ("Russia", "RUS", "ru", "Russian
 * Federation") written into buf (3 bytes) and returned, or NULL. */
const char *country_iso2(const char *s, char *buf);

/* ---- JSON output ------------------------------------------------------ */
/* Appends a hit object; explain = 0 leaves out "explanation". */
void hit_json(sbuf *b, const emb_hit *h, int explain);

#endif
