/*
 * bench_accuracy.c - how often the matcher is right.
 *
 * 1. A development set built from the bundled lists alone: matching pairs
 *    are two names of one record (aliases) and a list name against a
 *    misspelt copy of itself; non-matching pairs are a record's name
 *    against the most similar name of another record of the same source
 *    (the hardest negatives the lists hold). The threshold sweep on this
 *    set is where EMB_DEFAULT_THRESHOLD comes from; `--tune` also searches
 *    the scorer's parameters on it. Nothing is ever fitted to 2 to 4.
 * 2. Peer name pairs (nomenklatura name_bench, 826 labelled pairs):
 *    precision, recall and F1 by case group and schema.
 * 3. Peer cross-script pairs (watchman: found or not) and OFAC's Sanctions
 *    List Search scores of 170 pairs (how close embargo's ranking is).
 * 4. Peer screening sets (yente): UN-listed people as written and as
 *    mistyped (share found), and 50,000 invented US people (share raising
 *    an alert), each screened with its date of birth and nationality
 *    against every bundled list.
 * Peer files live in ../shared/data/bench/peer (or $EMB_PEER_DIR); when they
 * are missing, parts 2 to 4 are skipped with a message.
 *
 * Usage: bench_accuracy [--tune]
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "embargo.h"
#include "lists/readers.h"
#include "match/match.h"
#include "text/text.h"
#include "../tests/match/perturb.h"

typedef struct pair {
    char *a, *b;
    int match;
    const char *group; /* category for the by-group table */
    emb_kind kind;     /* what b names */
    double score;
} pair;

typedef struct pairs {
    pair *p;
    size_t n, cap;
} pairs;

static void add_pair(pairs *ps, const char *a, const char *b, int match,
                     const char *group, emb_kind kind)
{
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 1024;
        ps->p = realloc(ps->p, ps->cap * sizeof *ps->p);
    }
    pair *p = &ps->p[ps->n++];
    p->a = strdup(a);
    p->b = strdup(b);
    p->match = match;
    p->group = group;
    p->kind = kind;
    p->score = 0;
}

static void score_pairs(emb_screener *s, pairs *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        double sc = 0;
        if (emb_name_score(s, ps->p[i].a, ps->p[i].b, ps->p[i].kind, &sc) !=
            EMB_OK)
            sc = 0;
        ps->p[i].score = sc;
    }
}

typedef struct prf {
    size_t tp, fp, fn, tn;
} prf;

/* Counts at thr over the pairs of one group (NULL: any) and one kp slot
 * (-1: any). */
static prf count_in(const pairs *ps, double thr, const char *group, int slot)
{
    prf c = {0};
    for (size_t i = 0; i < ps->n; i++) {
        const pair *p = &ps->p[i];
        if ((group && strcmp(p->group, group)) ||
            (slot >= 0 && kp_slot(p->kind) != slot))
            continue;
        int yes = p->score >= thr;
        if (p->match)
            yes ? c.tp++ : c.fn++;
        else
            yes ? c.fp++ : c.tn++;
    }
    return c;
}

static prf count(const pairs *ps, double thr, const char *group)
{
    return count_in(ps, thr, group, -1);
}

static void print_prf(const char *label, prf c)
{
    double p = c.tp + c.fp ? (double)c.tp / (double)(c.tp + c.fp) : 1.0;
    double r = c.tp + c.fn ? (double)c.tp / (double)(c.tp + c.fn) : 1.0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("  %-22s pairs=%-5zu tp=%-5zu fp=%-5zu fn=%-5zu tn=%-5zu "
           "precision=%.3f recall=%.3f F1=%.3f\n",
           label, c.tp + c.fp + c.fn + c.tn, c.tp, c.fp, c.fn, c.tn, p, r, f);
}

static double f1_of(prf c)
{
    double p = c.tp + c.fp ? (double)c.tp / (double)(c.tp + c.fp) : 1.0;
    double r = c.tp + c.fn ? (double)c.tp / (double)(c.tp + c.fn) : 1.0;
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Best-F1 threshold on ps (ties: the higher threshold). */
static double best_threshold(const pairs *ps, double *f1)
{
    double best = 0.5, bf = -1;
    for (int t = 50; t <= 99; t++) {
        double f = f1_of(count(ps, t / 100.0, NULL));
        if (f >= bf) {
            bf = f;
            best = t / 100.0;
        }
    }
    *f1 = bf;
    return best;
}

/* ---- development set -------------------------------------------------- */
/* The set depends on the lists and a fixed seed only, never on the
 * scorer, so that two scorer versions are compared on the same pairs;
 * names are drawn in the order of a hash of what they are, so a change to
 * some names of the lists changes only the pairs drawn from those. */
static int latin(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/* Lower-case letters and digits, every other run one space. */
static void fold(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    int sp = 0;
    for (; *s && o + 2 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            (c >= 'A' && c <= 'Z')) {
            if (sp && o)
                out[o++] = ' ';
            sp = 0;
            out[o++] = (char)(c | ((c >= 'A' && c <= 'Z') ? 0x20 : 0));
        } else {
            sp = 1;
        }
    }
    out[o] = '\0';
}

static int same_folded(const char *a, const char *b)
{
    char fa[1100], fb[1100];
    fold(a, fa, sizeof fa);
    fold(b, fb, sizeof fb);
    return !strcmp(fa, fb);
}

/* 1 when every word of folded a is a word of folded b. */
static int words_within(const char *a, const char *b)
{
    for (const char *w = a; *w;) {
        size_t l = strcspn(w, " ");
        int found = 0;
        for (const char *v = b; *v && !found;) {
            size_t m = strcspn(v, " ");
            found = m == l && !memcmp(v, w, l);
            v += m;
            v += *v == ' ';
        }
        if (!found)
            return 0;
        w += l;
        w += *w == ' ';
    }
    return 1;
}

static size_t trigrams(const char *f, uint32_t *out, size_t cap);
static double dice(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* 1 when two names of one record are written alike enough for a name
 * matcher to have a chance: a shared word of three letters or more, or
 * half their letter trigrams. Aliases that are other names altogether
 * ("PARTY OF GOD" for "HIZBALLAH") measure nothing but the threshold. */
static int related(const char *a, const char *b)
{
    char fa[1100], fb[1100];
    fold(a, fa, sizeof fa);
    fold(b, fb, sizeof fb);
    for (const char *w = fa; *w;) {
        size_t l = strcspn(w, " ");
        for (const char *v = fb; *v && l >= 3;) {
            size_t m = strcspn(v, " ");
            if (m == l && !memcmp(v, w, l))
                return 1;
            v += m;
            v += *v == ' ';
        }
        w += l;
        w += *w == ' ';
    }
    uint32_t ta[1100], tb[1100];
    size_t na = trigrams(fa, ta, 1100), nb = trigrams(fb, tb, 1100);
    return dice(ta, na, tb, nb) >= 0.5;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorted distinct letter trigrams of a folded name (padded with spaces). */
static size_t trigrams(const char *f, uint32_t *out, size_t cap)
{
    char buf[1104];
    size_t len = (size_t)snprintf(buf, sizeof buf, " %s ", f), n = 0;
    for (size_t i = 0; i + 2 < len && n < cap; i++)
        out[n++] = (uint32_t)(unsigned char)buf[i] << 16 |
                   (uint32_t)(unsigned char)buf[i + 1] << 8 |
                   (unsigned char)buf[i + 2];
    qsort(out, n, sizeof *out, cmp_u32);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || out[m - 1] != out[i])
            out[m++] = out[i];
    return m;
}

static double dice(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0, c = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            c++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return na + nb ? 2.0 * (double)c / (double)(na + nb) : 0;
}

/* a hash and the name it belongs to: a word of a name, or the name
 * itself */
typedef struct wordref {
    uint64_t h;
    uint32_t name;
} wordref;

static int cmp_wordref(const void *a, const void *b)
{
    const wordref *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->name < y->name ? -1 : x->name > y->name;
}

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

#define DEV_WORD_MAX_DF 400 /* words held by more names find no neighbour */

/* What name i is (its source, record and text) hashed with salt: the
 * same name gets the same key whatever else the lists hold. */
static uint64_t name_key(const emb_index *ix, size_t i, uint64_t salt)
{
    const ix_name *nm = &ix->names[i];
    const emb_record *rec = ix->recs[nm->rec].r;
    const char *full = rec->names[nm->name_idx].full;
    uint64_t h = salt * 0x9e3779b97f4a7c15ull;
    const char *parts[3] = {rec->source, rec->source_id, full ? full : ""};
    for (int k = 0; k < 3; k++)
        h = (h ^ fnv(parts[k], strlen(parts[k]))) * 0xff51afd7ed558ccdull;
    return h ^ (h >> 29);
}

/* The names in the order of their keys, with the keys: pairs are drawn
 * in this order, so that a change to some names of the lists leaves the
 * pairs drawn from the others as they were. */
static wordref *name_order(const emb_index *ix, uint64_t salt)
{
    wordref *o = malloc((ix->n_names ? ix->n_names : 1) * sizeof *o);
    for (size_t i = 0; o && i < ix->n_names; i++)
        o[i] = (wordref){name_key(ix, i, salt), (uint32_t)i};
    if (o)
        qsort(o, ix->n_names, sizeof *o, cmp_wordref);
    return o;
}

/* The script a name is written in, by its first letter that is not
 * ASCII: Arabic (with Persian and Urdu), Cyrillic, CJK (Han, kana,
 * Hangul) or other. */
static const char *script_of(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        /* ASCII, continuation bytes, Latin letters with diacritics (up to
         * U+024F) and general punctuation (U+2000-U+206F) */
        if (*p < 0xc3 || *p <= 0xc9 ||
            (*p == 0xe2 && (p[1] == 0x80 || p[1] == 0x81)))
            continue;
        if (*p >= 0xd8 && *p <= 0xdb)
            return "arabic";
        if (*p >= 0xd0 && *p <= 0xd3)
            return "cyrillic";
        if (*p >= 0xe3 && *p <= 0xed)
            return "cjk";
        return "other";
    }
    return "latin";
}

/* name's canonical words joined by spaces into out, as the normaliser
 * writes them (in Latin letters, whatever the script). */
static void canonical(text_ctx *ctx, text_name *tn, const char *name,
                      char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    if (text_name_normalize(ctx, name, strlen(name), tn) != EMB_OK)
        return;
    for (int i = 0; i < tn->n && o + tn->tok[i].len + 2 < cap; i++) {
        if (o)
            out[o++] = ' ';
        memcpy(out + o, tn->tok[i].s, tn->tok[i].len);
        o += tn->tok[i].len;
    }
    out[o] = '\0';
}

/* Cross-script pairs from the lists: each strong alias of a record
 * written in another script (the UN list gives many in their original
 * script) against the record's primary name in Latin letters, and against
 * the Latin primary name of another party of the same kind whose
 * canonical words share the most letter trigrams with the alias's as the
 * normaliser writes it in Latin letters (the hardest negative). */
static void script_set(const emb_index *ix, pairs *ps)
{
    text_ctx *ctx = NULL;
    text_name *tn = malloc(sizeof *tn);
    size_t nr = ix->n_recs;
    uint32_t *off = calloc(nr + 1, sizeof *off), *tri = NULL;
    uint32_t *skip = calloc(nr + 1, sizeof *skip), stamp = 0;
    size_t n_tri = 0, cap_tri = 0;
    char buf[1100];
    if (!tn || !off || !skip || text_ctx_open(&ctx) != EMB_OK) {
        free(tn);
        free(off);
        free(skip);
        return;
    }
    for (size_t r = 0; r < nr; r++) {
        const emb_record *rec = ix->recs[r].r;
        off[r] = (uint32_t)n_tri;
        if (!rec->n_names || !rec->names[0].full || !latin(rec->names[0].full))
            continue;
        canonical(ctx, tn, rec->names[0].full, buf, sizeof buf);
        if (cap_tri < n_tri + 1100) {
            cap_tri = 2 * (n_tri + 1100);
            tri = realloc(tri, cap_tri * sizeof *tri);
        }
        n_tri += trigrams(buf, tri + n_tri, 1100);
    }
    off[nr] = (uint32_t)n_tri;
    uint32_t mine[1100];
    for (size_t r = 0; r < nr; r++) {
        const emb_record *rec = ix->recs[r].r;
        if (off[r] == off[r + 1])
            continue;
        for (size_t k = 1; k < rec->n_names; k++) {
            const emb_name *n = &rec->names[k];
            const char *sc = n->full ? script_of(n->full) : "latin";
            if (n->weak || !strcmp(sc, "latin"))
                continue;
            add_pair(ps, n->full, rec->names[0].full, 1, sc, rec->kind);
            canonical(ctx, tn, n->full, buf, sizeof buf);
            size_t nm = trigrams(buf, mine, 1100);
            char own[1100], theirs[1100];
            canonical(ctx, tn, rec->names[0].full, own, sizeof own);
            stamp++;
            /* the best, but for parties whose name holds the record's own
             * or is held in it: the lists give one person as two
             * parties (the UN's and OFAC's) without a shared key */
            for (int tries = 0; tries < 16; tries++) {
                double best = 0;
                size_t bi = nr;
                for (size_t o = 0; o < nr; o++) {
                    const emb_record *other = ix->recs[o].r;
                    if (ix->recs[o].group == ix->recs[r].group ||
                        other->kind != rec->kind || off[o] == off[o + 1] ||
                        skip[o] == stamp)
                        continue;
                    double d =
                        dice(mine, nm, tri + off[o], off[o + 1] - off[o]);
                    if (d > best) {
                        best = d;
                        bi = o;
                    }
                }
                if (bi == nr)
                    break;
                canonical(ctx, tn, ix->recs[bi].r->names[0].full, theirs,
                          sizeof theirs);
                if (!words_within(own, theirs) &&
                    !words_within(theirs, own)) {
                    add_pair(ps, n->full, ix->recs[bi].r->names[0].full, 0,
                             sc, rec->kind);
                    break;
                }
                skip[bi] = stamp; /* not again for this alias */
            }
        }
    }
    text_ctx_close(ctx);
    free(tn);
    free(off);
    free(skip);
    free(tri);
}

static void dev_set(const emb_index *ix, pairs *ps)
{
    char buf[1100];
    wordref *order = name_order(ix, 7), *order2 = name_order(ix, 11);
    if (!order || !order2 || !ix->n_names) {
        free(order);
        free(order2);
        return;
    }
    /* aliases of one record */
    for (size_t r = 0; r < ix->n_recs; r++) {
        const emb_record *rec = ix->recs[r].r;
        if (!rec->n_names || !rec->names[0].full || !latin(rec->names[0].full))
            continue;
        int taken = 0;
        for (size_t k = 1; k < rec->n_names && taken < 2; k++) {
            const emb_name *n = &rec->names[k];
            if (n->weak || !n->full || !latin(n->full) ||
                same_folded(n->full, rec->names[0].full) ||
                !related(n->full, rec->names[0].full))
                continue;
            add_pair(ps, rec->names[0].full, n->full, 1, "alias", rec->kind);
            taken++;
        }
    }
    size_t n_alias = ps->n;
    /* misspelt list names */
    for (size_t i = 0; i < n_alias && i < ix->n_names; i++) {
        const ix_name *nm = &ix->names[order[i].name];
        const emb_record *rec = ix->recs[nm->rec].r;
        const char *full = rec->names[nm->name_idx].full;
        if (!full || !latin(full))
            continue;
        /* one or two edits, drawn from the name's own key */
        uint64_t st = order[i].h | 1;
        perturb_name(full, 1 + (int)(order[i].h >> 7 & 1), &st, buf, 1024);
        if (same_folded(full, buf))
            continue;
        /* the misspelt copy is the query, as in screening */
        add_pair(ps, buf, full, 1, "misspelt", rec->kind);
    }
    /* hardest negatives: the name of another party of the same source and
     * kind with the most letter trigrams in common (Dice), among the names
     * that share a word with it */
    size_t nn = ix->n_names;
    uint32_t *tri_off = calloc(nn + 1, sizeof *tri_off);
    uint32_t *tri = NULL;
    size_t n_tri = 0, cap_tri = 0;
    wordref *words = NULL;
    size_t n_words = 0, cap_words = 0;
    for (size_t i = 0; i < nn; i++) {
        const ix_name *nm = &ix->names[i];
        const char *full = ix->recs[nm->rec].r->names[nm->name_idx].full;
        tri_off[i] = (uint32_t)n_tri;
        if (nm->weak || !full || !latin(full))
            continue;
        fold(full, buf, sizeof buf);
        if (cap_tri < n_tri + 1100) {
            cap_tri = 2 * (n_tri + 1100);
            tri = realloc(tri, cap_tri * sizeof *tri);
        }
        n_tri += trigrams(buf, tri + n_tri, 1100);
        for (char *w = buf; *w;) {
            size_t l = strcspn(w, " ");
            if (l > 2) {
                if (n_words == cap_words) {
                    cap_words = cap_words ? 2 * cap_words : 65536;
                    words = realloc(words, cap_words * sizeof *words);
                }
                words[n_words++] = (wordref){fnv(w, l), (uint32_t)i};
            }
            w += l;
            w += *w == ' ';
        }
    }
    tri_off[nn] = (uint32_t)n_tri;
    qsort(words, n_words, sizeof *words, cmp_wordref);
    size_t want = ps->n;
    uint32_t *seen = calloc(nn, sizeof *seen);
    uint32_t stamp = 0;
    for (size_t tries = 0; tries < 8 * want && ps->n < 2 * want; tries++) {
        uint32_t a = order2[tries % nn].name;
        const ix_name *nm = &ix->names[a];
        const emb_record *rec = ix->recs[nm->rec].r;
        const char *full = rec->names[nm->name_idx].full;
        if (nm->weak || !full || !latin(full))
            continue;
        stamp++;
        double best = 0;
        uint32_t bi = UINT32_MAX;
        fold(full, buf, sizeof buf);
        for (char *w = buf; *w;) {
            size_t l = strcspn(w, " ");
            if (l > 2) {
                wordref key = {fnv(w, l), 0};
                size_t lo = 0, hi = n_words;
                while (lo < hi) {
                    size_t mid = (lo + hi) / 2;
                    if (cmp_wordref(&words[mid], &key) < 0)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                size_t end = lo;
                while (end < n_words && words[end].h == key.h)
                    end++;
                if (end - lo <= DEV_WORD_MAX_DF)
                    for (size_t k = lo; k < end; k++) {
                        uint32_t b = words[k].name;
                        if (seen[b] == stamp)
                            continue;
                        seen[b] = stamp;
                        const ix_name *o = &ix->names[b];
                        const emb_record *orec = ix->recs[o->rec].r;
                        if (ix->recs[o->rec].group == ix->recs[nm->rec].group ||
                            orec->kind != rec->kind ||
                            strcmp(orec->source, rec->source))
                            continue;
                        double d = dice(tri + tri_off[a], tri_off[a + 1] - tri_off[a],
                                        tri + tri_off[b], tri_off[b + 1] - tri_off[b]);
                        if (d > best || (d == best && b < bi)) {
                            best = d;
                            bi = b;
                        }
                    }
            }
            w += l;
            w += *w == ' ';
        }
        if (bi == UINT32_MAX)
            continue;
        const ix_name *o = &ix->names[bi];
        const char *other = ix->recs[o->rec].r->names[o->name_idx].full;
        /* two parties of one name, or one name within the other (a
         * dropped middle name, often one person listed twice): no name
         * matcher can tell them apart, so they measure nothing */
        char fo[1100];
        fold(full, buf, sizeof buf);
        fold(other, fo, sizeof fo);
        if (words_within(buf, fo) || words_within(fo, buf))
            continue;
        add_pair(ps, full, other, 0, "different", rec->kind);
    }
    free(seen);
    free(words);
    free(tri);
    free(tri_off);
    free(order);
    free(order2);
}

/* ---- peer files ------------------------------------------------------- */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) {
        b[n] = '\0';
        *len = (size_t)n;
    }
    return b;
}

/* The bytes of peer file `name` in dir (its path into path), or NULL. */
static char *peer_file(const char *dir, const char *name, char *path,
                       size_t cap, size_t *len)
{
    snprintf(path, cap, "%s/%s", dir, name);
    return slurp(path, len);
}

static int col(const csv_reader *r, const char *name)
{
    for (size_t i = 0; i < r->n_fields; i++)
        if (!strcmp(csv_field(r, i), name))
            return (int)i;
    return -1;
}

static const char *group_names[] = {"nk_checks", "nk_unit_tests",
                                    "synth_people", "synth_companies",
                                    "cluster_align", "cust_cases"};

static int nomenklatura(emb_screener *s, const char *dir)
{
    char path[2200];
    size_t len;
    char *data = peer_file(dir, "nomenklatura_name_bench_cases.csv", path,
                           sizeof path, &len);
    if (!data)
        return -1;
    csv_reader r;
    emb_error err;
    csv_init(&r, path, data, len, ',');
    csv_next(&r, &err);
    int cg = col(&r, "case_group"), cs = col(&r, "schema"),
        c1 = col(&r, "name1"), c2 = col(&r, "name2"), cm = col(&r, "is_match");
    pairs ps = {0}, by_schema = {0};
    while (csv_next(&r, &err) == CSV_RECORD) {
        const char *g = csv_field(&r, (size_t)cg);
        const char *group = "other";
        for (size_t i = 0; i < 6; i++)
            if (!strcmp(g, group_names[i]))
                group = group_names[i];
        const char *sch = csv_field(&r, (size_t)cs);
        const char *schema = !strcmp(sch, "Person")       ? "Person"
                             : !strcmp(sch, "Vessel")     ? "Vessel"
                                                          : "Company/Org";
        int m = !strcasecmp(csv_field(&r, (size_t)cm), "true");
        emb_kind kind = !strcmp(sch, "Person")   ? EMB_KIND_PERSON
                        : !strcmp(sch, "Vessel") ? EMB_KIND_VESSEL
                                                 : EMB_KIND_ENTITY;
        add_pair(&ps, csv_field(&r, (size_t)c1), csv_field(&r, (size_t)c2), m,
                 group, kind);
        add_pair(&by_schema, csv_field(&r, (size_t)c1),
                 csv_field(&r, (size_t)c2), m, schema, kind);
    }
    csv_free(&r);
    free(data);
    score_pairs(s, &ps);
    score_pairs(s, &by_schema);
    double thr = EMB_DEFAULT_THRESHOLD;
    if (getenv("EMB_PEER_DUMP")) /* the misjudged pairs, for reading */
        for (size_t i = 0; i < ps.n; i++)
            if ((ps.p[i].score >= thr) != ps.p[i].match)
                fprintf(stderr, "%d\t%.3f\t%s\t%s\t%s\t%s\n", ps.p[i].match,
                        ps.p[i].score, ps.p[i].group, by_schema.p[i].group,
                        ps.p[i].a, ps.p[i].b);
    printf("\nnomenklatura name_bench (%zu pairs) at threshold %.2f\n", ps.n,
           thr);
    print_prf("all", count(&ps, thr, NULL));
    for (size_t i = 0; i < 6; i++)
        print_prf(group_names[i], count(&ps, thr, group_names[i]));
    print_prf("Person", count(&by_schema, thr, "Person"));
    print_prf("Company/Org", count(&by_schema, thr, "Company/Org"));
    print_prf("Vessel", count(&by_schema, thr, "Vessel"));
    double f1;
    double t = best_threshold(&ps, &f1);
    printf("  (for reference only, not used: best F1 on these pairs is "
           "%.3f at %.2f)\n",
           f1, t);
    for (size_t i = 0; i < ps.n; i++) {
        free(ps.p[i].a);
        free(ps.p[i].b);
        free(by_schema.p[i].a);
        free(by_schema.p[i].b);
    }
    free(ps.p);
    free(by_schema.p);
    return 0;
}

/* watchman's cross-script pairs: "query,expected,min score,description"
 * lines, no quoting, # comments. Each pair is scored as a name of
 * unknown kind; reported: found at the default threshold and at or above
 * the pair's own minimum. */
static void watchman(emb_screener *s, const char *dir)
{
    char path[2200];
    size_t len;
    char *data = peer_file(dir, "watchman_cross_script_pairs.csv", path,
                           sizeof path, &len);
    if (!data)
        return;
    size_t n = 0, at_thr = 0, at_min = 0;
    int dump = getenv("EMB_PEER_DUMP") != NULL;
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        if (*line == '#' || !strchr(line, ','))
            continue;
        char *q = line, *e = strchr(q, ',');
        *e++ = '\0';
        char *m = strchr(e, ',');
        if (!m)
            continue;
        *m++ = '\0';
        double min = atof(m), sc = -1;
        if (emb_name_score(s, q, e, EMB_KIND_UNKNOWN, &sc) != EMB_OK)
            sc = 0;
        n++;
        at_thr += sc >= EMB_DEFAULT_THRESHOLD;
        at_min += sc >= min;
        if (dump && sc < EMB_DEFAULT_THRESHOLD)
            fprintf(stderr, "1\t%.3f\twatchman\t-\t%s\t%s\n", sc, q, e);
    }
    free(data);
    printf("\nwatchman cross-script pairs (%zu, every one a match)\n", n);
    printf("  found at %.2f: %zu; at or above the pair's own minimum score: "
           "%zu\n",
           EMB_DEFAULT_THRESHOLD, at_thr, at_min);
}

/* Ranks of v[0..n) (1-based, ties given their mean rank) into r. */
static void ranks(const double *v, size_t n, double *r)
{
    for (size_t i = 0; i < n; i++) {
        size_t below = 0, same = 0;
        for (size_t j = 0; j < n; j++) {
            below += v[j] < v[i];
            same += v[j] == v[i];
        }
        r[i] = (double)below + (double)(same + 1) / 2.0;
    }
}

/* Pearson correlation of a and b. */
static double pearson(const double *a, const double *b, size_t n)
{
    double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++) {
        ma += a[i] / (double)n;
        mb += b[i] / (double)n;
    }
    for (size_t i = 0; i < n; i++) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0;
}

/* OFAC's Sanctions List Search scores of (query, result) pairs, 50 to 100
 * (-1: OFAC listed no such result, read as 0). Not labels: how close
 * embargo's ranking is to OFAC's own (Spearman), and how each treats
 * the pairs OFAC scores 100 and those it scores below 90. */
static void ofac_sls(emb_screener *s, const char *dir)
{
    char path[2200];
    size_t len;
    char *data =
        peer_file(dir, "ofac_sls_scores.csv", path, sizeof path, &len);
    if (!data)
        return;
    csv_reader r;
    emb_error err;
    csv_init(&r, path, data, len, ',');
    csv_next(&r, &err);
    int cq = col(&r, "query_name"), cr = col(&r, "result_name"),
        cs = col(&r, "ofac_score");
    double *ofac = NULL, *ours = NULL;
    size_t n = 0, cap = 0, top = 0, top_alert = 0, low = 0, low_alert = 0;
    while (cq >= 0 && cr >= 0 && cs >= 0 && csv_next(&r, &err) == CSV_RECORD) {
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            ofac = realloc(ofac, cap * sizeof *ofac);
            ours = realloc(ours, cap * sizeof *ours);
        }
        double o = atof(csv_field(&r, (size_t)cs)), sc = -1;
        if (emb_name_score(s, csv_field(&r, (size_t)cq),
                           csv_field(&r, (size_t)cr), EMB_KIND_UNKNOWN,
                           &sc) != EMB_OK)
            sc = 0;
        ofac[n] = o < 0 ? 0 : o;
        ours[n++] = sc;
        if (o >= 100) {
            top++;
            top_alert += sc >= EMB_DEFAULT_THRESHOLD;
        } else if (o < 90) {
            low++;
            low_alert += sc >= EMB_DEFAULT_THRESHOLD;
        }
    }
    csv_free(&r);
    free(data);
    double *ra = malloc((n ? n : 1) * sizeof *ra);
    double *rb = malloc((n ? n : 1) * sizeof *rb);
    ranks(ofac, n, ra);
    ranks(ours, n, rb);
    printf("\nOFAC Sanctions List Search scores (%zu pairs)\n", n);
    printf("  Spearman correlation with OFAC's scores: %.3f\n",
           pearson(ra, rb, n));
    printf("  OFAC 100: %zu pairs, %zu at or above %.2f here; OFAC below "
           "90: %zu pairs, %zu at or above %.2f here\n",
           top, top_alert, EMB_DEFAULT_THRESHOLD, low, low_alert,
           EMB_DEFAULT_THRESHOLD);
    free(ra);
    free(rb);
    free(ofac);
    free(ours);
}

typedef struct yrow {
    char *name, *dob, *country;
} yrow;

typedef struct yset {
    yrow *r;
    size_t n;
} yset;

static int yente_load(const char *path, yset *ys)
{
    size_t len;
    char *data = slurp(path, &len);
    if (!data)
        return -1;
    csv_reader r;
    emb_error err;
    csv_init(&r, path, data, len, ',');
    csv_next(&r, &err);
    int cn = col(&r, "full_name"), cd = col(&r, "date_of_birth"),
        cc = col(&r, "nationality");
    size_t cap = 1024;
    ys->r = malloc(cap * sizeof *ys->r);
    ys->n = 0;
    while (csv_next(&r, &err) == CSV_RECORD) {
        if (ys->n == cap) {
            cap *= 2;
            ys->r = realloc(ys->r, cap * sizeof *ys->r);
        }
        yrow *y = &ys->r[ys->n++];
        y->name = strdup(csv_field(&r, (size_t)cn));
        y->dob = strdup(csv_field(&r, (size_t)cd));
        y->country = strdup(csv_field(&r, (size_t)cc));
    }
    csv_free(&r);
    free(data);
    return 0;
}

typedef struct yjob {
    const emb_index *ix;
    const yset *ys;
    size_t from, to;
    int evidence;
    size_t alerts, un_hits;
} yjob;

static void *yente_job(void *arg)
{
    yjob *j = arg;
    emb_screener *s;
    emb_screener_open(j->ix, &s);
    for (size_t i = j->from; i < j->to; i++) {
        const yrow *y = &j->ys->r[i];
        emb_query q = {.name = y->name, .threshold = -1,
                       .kind = EMB_KIND_PERSON,
                       .max_hits = EMB_SCREEN_MAX_HITS};
        if (j->evidence) {
            q.dob = *y->dob ? y->dob : NULL;
            q.country = *y->country ? y->country : NULL;
        } else {
            q.kind = EMB_KIND_UNKNOWN;
        }
        const emb_hit *h;
        size_t n = 0;
        if (emb_screen(s, &q, &h, &n) != EMB_OK)
            n = 0;
        j->alerts += n > 0;
        int un = 0;
        for (size_t k = 0; k < n && !un; k++)
            for (size_t g = 0; g < h[k].n_records; g++)
                un |= !strcmp(h[k].records[g]->source, EMB_SOURCE_UN);
        const char *dump = getenv("EMB_YENTE_DUMP"); /* for reading: 1 the
            screens with evidence, 2 those of the name alone */
        if (dump && j->evidence == (*dump != '2'))
            fprintf(stderr, "%zu\t%s\t%s\t%s\t%s\n", n,
                    un ? "un" : "-", y->name, y->dob, y->country);
        j->un_hits += un;
    }
    emb_screener_close(s);
    return NULL;
}

static void yente_run(const emb_index *ix, const yset *ys, int evidence,
                      size_t *alerts, size_t *un)
{
    int nt = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (nt < 1)
        nt = 1;
    yjob jobs[64];
    pthread_t t[64];
    if (nt > 64)
        nt = 64;
    for (int k = 0; k < nt; k++) {
        jobs[k] = (yjob){ix, ys, ys->n * (size_t)k / (size_t)nt,
                         ys->n * (size_t)(k + 1) / (size_t)nt, evidence, 0, 0};
        pthread_create(&t[k], NULL, yente_job, &jobs[k]);
    }
    *alerts = *un = 0;
    for (int k = 0; k < nt; k++) {
        pthread_join(t[k], NULL);
        *alerts += jobs[k].alerts;
        *un += jobs[k].un_hits;
    }
}

static void yente(const emb_index *ix, const char *dir)
{
    static const char *files[] = {"yente_positives_un_untreated.csv",
                                  "yente_positives_un_treated.csv",
                                  "yente_negatives_us.csv"};
    printf("\nyente screening sets at threshold %.2f (name + date of birth + "
           "nationality; name only in brackets)\n",
           EMB_DEFAULT_THRESHOLD);
    for (int f = 0; f < 3; f++) {
        char path[2200];
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        yset ys;
        if (yente_load(path, &ys) < 0) {
            printf("  %s: missing\n", files[f]);
            continue;
        }
        size_t a, un, a0, un0;
        yente_run(ix, &ys, 1, &a, &un);
        yente_run(ix, &ys, 0, &a0, &un0);
        if (f < 2)
            printf("  %-34s rows=%-6zu found=%.4f (%zu) found as a UN "
                   "record=%.4f  [name only: found=%.4f, UN=%.4f]\n",
                   files[f], ys.n, (double)a / (double)ys.n, a,
                   (double)un / (double)ys.n, (double)a0 / (double)ys.n,
                   (double)un0 / (double)ys.n);
        else
            printf("  %-34s rows=%-6zu alerting=%.4f (%zu)  [name only: "
                   "%.4f (%zu)]\n",
                   files[f], ys.n, (double)a / (double)ys.n, a,
                   (double)a0 / (double)ys.n, a0);
        for (size_t i = 0; i < ys.n; i++) {
            free(ys.r[i].name);
            free(ys.r[i].dob);
            free(ys.r[i].country);
        }
        free(ys.r);
    }
}

/* ---- tuning on the development set ------------------------------------ */
/* F1 of ps at thr after rescoring the pairs whose kind uses slot. */
static double f1_slot(emb_screener *s, pairs *ps, int slot, double thr)
{
    for (size_t i = 0; i < ps->n; i++) {
        pair *p = &ps->p[i];
        if (kp_slot(p->kind) != slot)
            continue;
        double sc = 0;
        if (emb_name_score(s, p->a, p->b, p->kind, &sc) != EMB_OK)
            sc = 0;
        p->score = sc;
    }
    return f1_of(count(ps, thr, NULL));
}

/* Searches each kind's parameters in turn on every third pair, for the
 * best F1 at EMB_DEFAULT_THRESHOLD; prints the best and restores the
 * parameters in force. */
static void tune(emb_screener *s, pairs *dev)
{
    pairs sub = {0};
    for (size_t i = 0; i < dev->n; i += 3)
        add_pair(&sub, dev->p[i].a, dev->p[i].b, dev->p[i].match,
                 dev->p[i].group, dev->p[i].kind);
    score_pairs(s, &sub);
    match_params base = match_params_v;
    static const double lq[] = {0.3, 0.5, 0.7, 0.9};
    static const double ln[] = {0.1, 0.2, 0.35, 0.5, 0.7};
    static const double cf[] = {0.5, 1.0, 2.0, 3.0};
    static const double ds[] = {0.5, 1.0, 2.0};
    static const char *slot_name[] = {"people", "others"};
    printf("\ntuning on a third of the development set (%zu pairs), F1 at "
           "threshold %.2f; in force: %.4f\n",
           sub.n, EMB_DEFAULT_THRESHOLD,
           f1_of(count(&sub, EMB_DEFAULT_THRESHOLD, NULL)));
    for (int slot = 0; slot < 2; slot++) {
        struct kind_params best = match_params_v.kp[slot];
        const int apart = best.initial_apart; /* not tuned */
        double best_f1 = -1;
        for (size_t a = 0; a < 4; a++)
            for (size_t b = 0; b < 5; b++)
                for (size_t c = 0; c < 4; c++)
                    for (size_t d = 0; d < 3; d++) {
                        match_params_v.kp[slot] = (struct kind_params){
                            lq[a], ln[b], cf[c], ds[d], apart};
                        double f = f1_slot(s, &sub, slot,
                                           EMB_DEFAULT_THRESHOLD);
                        if (f > best_f1 + 1e-9) {
                            best_f1 = f;
                            best = match_params_v.kp[slot];
                        }
                    }
        match_params_v.kp[slot] = best;
        f1_slot(s, &sub, slot, EMB_DEFAULT_THRESHOLD);
        printf("  %-7s best F1 %.4f with lambda_q=%.2f lambda_n=%.2f "
               "conflict=%.2f distinct=%.2f\n",
               slot_name[slot], best_f1, best.lambda_q, best.lambda_n,
               best.conflict, best.distinct);
    }
    match_params_v = base;
    for (size_t i = 0; i < sub.n; i++) {
        free(sub.p[i].a);
        free(sub.p[i].b);
    }
    free(sub.p);
}

int main(int argc, char **argv)
{
    int do_tune = argc > 1 && !strcmp(argv[1], "--tune");
    const char *dir = EMB_SOURCE_DIR "/data/lists";
    emb_recset **sets;
    size_t n_sets;
    emb_error err;
    if (emb_lists_read(dir, &sets, &n_sets, &err) != EMB_OK) {
        char buf[1200];
        fprintf(stderr, "bench_accuracy: %s\n",
                emb_error_format(&err, buf, sizeof buf));
        return 1;
    }
    emb_index *ix;
    if (emb_index_build(sets, n_sets, &ix, &err) != EMB_OK) {
        fprintf(stderr, "bench_accuracy: index: %s\n", err.message);
        return 1;
    }
    emb_free(sets);
    emb_screener *s;
    emb_screener_open(ix, &s);

    pairs dev = {0};
    dev_set(ix, &dev);
    score_pairs(s, &dev);
    printf("development set from the bundled lists: %zu pairs\n", dev.n);
    double f1, t = best_threshold(&dev, &f1);
    printf("  best F1 %.3f at threshold %.2f; EMB_DEFAULT_THRESHOLD is %.2f\n",
           f1, t, EMB_DEFAULT_THRESHOLD);
    for (int k = 60; k <= 95; k += 5) {
        char label[32];
        snprintf(label, sizeof label, "threshold %.2f", k / 100.0);
        print_prf(label, count(&dev, k / 100.0, NULL));
    }
    printf("  at EMB_DEFAULT_THRESHOLD by kind of pair:\n");
    print_prf("alias", count(&dev, EMB_DEFAULT_THRESHOLD, "alias"));
    print_prf("misspelt", count(&dev, EMB_DEFAULT_THRESHOLD, "misspelt"));
    print_prf("different", count(&dev, EMB_DEFAULT_THRESHOLD, "different"));
    printf("  at EMB_DEFAULT_THRESHOLD by kind of name:\n");
    print_prf("people", count_in(&dev, EMB_DEFAULT_THRESHOLD, NULL, KP_PERSON));
    print_prf("others", count_in(&dev, EMB_DEFAULT_THRESHOLD, NULL, KP_OTHER));
    pairs scr = {0};
    script_set(ix, &scr);
    score_pairs(s, &scr);
    printf("  names in another script against their record's Latin primary "
           "name (match)\n  and against the most alike other party's "
           "(non-match), at EMB_DEFAULT_THRESHOLD:\n");
    static const char *scripts[] = {"arabic", "cyrillic", "cjk", "other"};
    for (size_t k = 0; k < 4; k++)
        print_prf(scripts[k], count(&scr, EMB_DEFAULT_THRESHOLD, scripts[k]));
    if (getenv("EMB_SCRIPT_DUMP"))
        for (size_t i = 0; i < scr.n; i++)
            fprintf(stderr, "%d\t%.3f\t%s\t%s\t%s\n", scr.p[i].match,
                    scr.p[i].score, scr.p[i].group, scr.p[i].a, scr.p[i].b);
    for (size_t i = 0; i < scr.n; i++) {
        free(scr.p[i].a);
        free(scr.p[i].b);
    }
    free(scr.p);
    if (do_tune)
        tune(s, &dev);
    if (getenv("EMB_DEV_DUMP"))
        for (size_t i = 0; i < dev.n; i++)
            fprintf(stderr, "%d\t%.3f\t%s\t%s\t%s\t%s\n", dev.p[i].match,
                    dev.p[i].score, dev.p[i].group,
                    emb_kind_name(dev.p[i].kind), dev.p[i].a, dev.p[i].b);

    const char *peer = getenv("EMB_PEER_DIR");
    char pbuf[1024];
    if (!peer) {
        snprintf(pbuf, sizeof pbuf, "%s/../shared/data/bench/peer",
                 EMB_SOURCE_DIR);
        peer = pbuf;
        if (access(pbuf, R_OK) != 0)
            peer = "/work/shared/data/bench/peer";
    }
    if (access(peer, R_OK) != 0 || nomenklatura(s, peer) < 0) {
        printf("\npeer benchmark files not found (looked in %s; set "
               "EMB_PEER_DIR): skipping the peer comparisons\n",
               peer);
    } else {
        watchman(s, peer);
        ofac_sls(s, peer);
        yente(ix, peer);
    }
    for (size_t i = 0; i < dev.n; i++) {
        free(dev.p[i].a);
        free(dev.p[i].b);
    }
    free(dev.p);
    emb_screener_close(s);
    emb_index_close(ix);
    return 0;
}
