/*
 * bench_accuracy.c - how often the matcher is right.
 *
 * 1. A development set built from the bundled lists alone: matching pairs
 *    are two names of one record (aliases) and a list name against a
 *    misspelt copy of itself; non-matching pairs are a record's name
 *    against the most similar name of another record of the same source
 *    (the hardest negatives the lists hold). The threshold sweep on this
 *    set is where EMB_DEFAULT_THRESHOLD comes from; `--tune` also searches
 *    the scorer's parameters on it. Nothing is ever fitted to 2 and 3.
 * 2. Peer name pairs (nomenklatura name_bench, 826 labelled pairs):
 *    precision, recall and F1 by case group and schema.
 * 3. Peer screening sets (yente): UN-listed people as written and as
 *    mistyped (share found), and 50,000 invented US people (share raising
 *    an alert), each screened with its date of birth and nationality
 *    against every bundled list.
 * Peer files live in ../shared/data/bench/peer (or $EMB_PEER_DIR); when they
 * are missing, parts 2 and 3 are skipped with a message.
 *
 * Usage: bench_accuracy [--tune]
 */
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
#include "../tests/match/perturb.h"

typedef struct pair {
    char *a, *b;
    int match;
    const char *group; /* category for the by-group table */
    double score;
} pair;

typedef struct pairs {
    pair *p;
    size_t n, cap;
} pairs;

static void add_pair(pairs *ps, const char *a, const char *b, int match,
                     const char *group)
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
    p->score = 0;
}

static void score_pairs(emb_screener *s, pairs *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        double sc = 0;
        if (emb_name_score(s, ps->p[i].a, ps->p[i].b, &sc) != EMB_OK)
            sc = 0;
        ps->p[i].score = sc;
    }
}

typedef struct prf {
    size_t tp, fp, fn, tn;
} prf;

static prf count(const pairs *ps, double thr, const char *group)
{
    prf c = {0};
    for (size_t i = 0; i < ps->n; i++) {
        const pair *p = &ps->p[i];
        if (group && strcmp(p->group, group))
            continue;
        int yes = p->score >= thr;
        if (p->match)
            yes ? c.tp++ : c.fn++;
        else
            yes ? c.fp++ : c.tn++;
    }
    return c;
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
static int latin(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

static void dev_set(const emb_index *ix, emb_screener *s, pairs *ps)
{
    uint64_t st = 7;
    char buf[1100];
    /* aliases of one record */
    for (size_t r = 0; r < ix->n_recs; r++) {
        const emb_record *rec = ix->recs[r].r;
        if (!rec->n_names || !rec->names[0].full || !latin(rec->names[0].full))
            continue;
        int taken = 0;
        for (size_t k = 1; k < rec->n_names && taken < 2; k++) {
            const emb_name *n = &rec->names[k];
            if (n->weak || !n->full || !latin(n->full) ||
                !strcasecmp(n->full, rec->names[0].full))
                continue;
            double sc;
            /* identical after normalisation is no test */
            if (emb_name_score(s, rec->names[0].full, n->full, &sc) ==
                    EMB_OK &&
                sc >= 1.0)
                continue;
            add_pair(ps, rec->names[0].full, n->full, 1, "alias");
            taken++;
        }
    }
    size_t n_alias = ps->n;
    /* misspelt list names */
    for (size_t i = 0; i < n_alias; i++) {
        const ix_name *nm = &ix->names[perturb_rand(&st) % ix->n_names];
        const char *full = ix->recs[nm->rec].r->names[nm->name_idx].full;
        if (!latin(full))
            continue;
        perturb_name(full, 1 + (int)(i % 2), &st, buf, 1024);
        add_pair(ps, full, buf, 1, "misspelt");
    }
    /* hardest negatives: the most similar name of another record of the
     * same source */
    size_t want = ps->n;
    for (size_t tries = 0; tries < 8 * want && ps->n < 2 * want; tries++) {
        const ix_name *nm = &ix->names[perturb_rand(&st) % ix->n_names];
        const emb_record *rec = ix->recs[nm->rec].r;
        const char *full = rec->names[nm->name_idx].full;
        if (nm->weak || !latin(full))
            continue;
        emb_query q = {.name = full, .threshold = 0.3, .max_hits = 20};
        const emb_hit *h;
        size_t n;
        if (emb_screen(s, &q, &h, &n) != EMB_OK)
            continue;
        for (size_t k = 0; k < n; k++) {
            const emb_record *o = h[k].record;
            int same_party = 0;
            for (size_t g = 0; g < h[k].n_records; g++)
                same_party |= h[k].records[g] == rec;
            if (same_party || strcmp(o->source, rec->source))
                continue;
            const char *other = o->names[h[k].name_index].full;
            if (!latin(other) || o->names[h[k].name_index].weak)
                continue;
            /* two parties of one name: no name matcher can tell them
             * apart, so they measure nothing */
            double sc;
            if (emb_name_score(s, full, other, &sc) != EMB_OK || sc >= 1.0)
                break;
            add_pair(ps, full, other, 0, "different");
            break;
        }
    }
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
    snprintf(path, sizeof path, "%s/nomenklatura_name_bench_cases.csv", dir);
    size_t len;
    char *data = slurp(path, &len);
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
        add_pair(&ps, csv_field(&r, (size_t)c1), csv_field(&r, (size_t)c2), m,
                 group);
        add_pair(&by_schema, csv_field(&r, (size_t)c1),
                 csv_field(&r, (size_t)c2), m, schema);
    }
    csv_free(&r);
    free(data);
    score_pairs(s, &ps);
    score_pairs(s, &by_schema);
    double thr = EMB_DEFAULT_THRESHOLD;
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
static void tune(emb_screener *s, pairs *dev)
{
    /* every third pair keeps the search short */
    pairs sub = {0};
    for (size_t i = 0; i < dev->n; i += 3)
        add_pair(&sub, dev->p[i].a, dev->p[i].b, dev->p[i].match,
                 dev->p[i].group);
    match_params base = match_params_v, best = base;
    double best_f1 = -1, best_t = 0;
    static const double lq[] = {0.3, 0.5, 0.7};
    static const double ln[] = {0.2, 0.35, 0.5};
    static const double cf[] = {0.0, 0.5, 1.0, 2.0};
    static const double ph[] = {0.7, 0.85};
    static const double wi[] = {1.5, 3.0};
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < 3; b++)
            for (size_t c = 0; c < 4; c++)
                for (size_t d = 0; d < 2; d++)
                    for (size_t e = 0; e < 2; e++) {
                        match_params_v = base;
                        match_params_v.lambda_q = lq[a];
                        match_params_v.lambda_n = ln[b];
                        match_params_v.conflict = cf[c];
                        match_params_v.sim_phonetic = ph[d];
                        match_params_v.w_initial = wi[e];
                        score_pairs(s, &sub);
                        double f1, t = best_threshold(&sub, &f1);
                        if (f1 > best_f1) {
                            best_f1 = f1;
                            best = match_params_v;
                            best_t = t;
                        }
                    }
    printf("\ntuning on a third of the development set: best F1 %.4f at "
           "threshold %.2f with lambda_q=%.2f lambda_n=%.2f conflict=%.2f "
           "sim_phonetic=%.2f w_initial=%.2f\n",
           best_f1, best_t, best.lambda_q, best.lambda_n, best.conflict,
           best.sim_phonetic, best.w_initial);
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
    dev_set(ix, s, &dev);
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
    if (do_tune)
        tune(s, &dev);
    if (getenv("EMB_DEV_DUMP"))
        for (size_t i = 0; i < dev.n; i++)
            fprintf(stderr, "%d\t%.3f\t%s\t%s\t%s\n", dev.p[i].match,
                    dev.p[i].score, dev.p[i].group, dev.p[i].a, dev.p[i].b);

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
