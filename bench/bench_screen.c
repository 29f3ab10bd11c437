/*
 * bench_screen.c - speed of name screening over every bundled list.
 *
 * Loads data/lists, builds the index, then screens a fixed mix of queries
 * (list names as written, list names with typos, dropped or reordered
 * words and joined words, and invented names that are on no list) on one
 * thread and on every core. Prints index build time and memory, queries
 * per second, p50/p99 latency, the recall of the candidate index
 * against the exhaustive scan on the same queries, and every listed
 * identifier screened alone.
 *
 * Usage: bench_screen [lists-dir] [queries]
 *
 * With BENCH_PASSES=P set, it only screens the queries P times in a row on
 * one screener (the first pass on an empty memo) and prints the hit count:
 * the form to run under `valgrind --tool=callgrind
 * --toggle-collect=emb_screen`, whose instruction count, unlike wall-clock
 * time, does not vary between runs.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "embargo.h"
#include "match/match.h"
#include "../tests/match/perturb.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

/* An invented name: two or three words of random syllables. */
static void invented(uint64_t *st, char *out, size_t cap)
{
    static const char *syl[] = {"ka", "lo", "mer", "dan", "vi", "sto", "ru",
                                "bel", "tor", "na", "quen", "shi", "dro",
                                "pal", "gu", "fen", "zor", "mi", "las", "ter"};
    size_t n = 0;
    int words = 2 + (int)(perturb_rand(st) % 2);
    for (int w = 0; w < words && n + 16 < cap; w++) {
        if (w)
            out[n++] = ' ';
        int s = 2 + (int)(perturb_rand(st) % 2);
        for (int k = 0; k < s; k++) {
            const char *x = syl[perturb_rand(st) % 20];
            size_t l = strlen(x);
            memcpy(out + n, x, l);
            if (k == 0)
                out[n] -= 32;
            n += l;
        }
    }
    out[n] = '\0';
}

typedef struct qset {
    char **q;
    size_t n;
} qset;

static void make_queries(const emb_index *ix, size_t n, qset *qs)
{
    uint64_t st = 20240601;
    qs->q = calloc(n, sizeof *qs->q);
    qs->n = n;
    char buf[1100];
    for (size_t i = 0; i < n; i++) {
        int kind = (int)(i % 4);
        if (kind == 3) {
            invented(&st, buf, sizeof buf);
        } else {
            const ix_name *nm = &ix->names[perturb_rand(&st) % ix->n_names];
            const emb_record *r = ix->recs[nm->rec].r;
            const char *full = r->names[nm->name_idx].full;
            perturb_name(full, kind == 0 ? 0 : kind, &st, buf,
                         sizeof buf < EMB_SCREEN_MAX_NAME ? sizeof buf
                                                          : EMB_SCREEN_MAX_NAME);
        }
        qs->q[i] = strdup(buf);
    }
}

typedef struct job {
    const emb_index *ix;
    const qset *qs;
    size_t from, to;
    double *lat;
    double *cpu;
    double cpu_total;
    size_t hits;
    int exhaustive;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    emb_screener *s;
    if (emb_screener_open(j->ix, &s) != EMB_OK)
        return NULL;
    for (size_t i = j->from; i < j->to; i++) {
        emb_query q = {.name = j->qs->q[i], .threshold = -1,
                       .exhaustive = j->exhaustive};
        const emb_hit *h;
        size_t n = 0;
        double c = cpu_s(), t = now_s();
        emb_screen(s, &q, &h, &n);
        j->lat[i] = now_s() - t;
        j->cpu[i] = cpu_s() - c;
        j->cpu_total += j->cpu[i];
        j->hits += n;
    }
    emb_screener_close(s);
    return NULL;
}

/* The BENCH_PASSES form: every query PASSES times on one screener. */
static int passes_only(const emb_index *ix, const qset *qs, int passes)
{
    emb_screener *s;
    if (emb_screener_open(ix, &s) != EMB_OK)
        return 1;
    size_t hits = 0;
    for (int p = 0; p < passes; p++)
        for (size_t i = 0; i < qs->n; i++) {
            emb_query q = {.name = qs->q[i], .threshold = -1};
            const emb_hit *h;
            size_t n = 0;
            if (emb_screen(s, &q, &h, &n) == EMB_OK)
                hits += n;
        }
    emb_screener_close(s);
    printf("passes       %d x %zu queries on one screener, hits=%zu\n",
           passes, qs->n, hits);
    return 0;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Screens every query on `threads` threads. Wall-clock figures depend on
 * what else the machine runs; CPU-time figures (the screening thread's own
 * time) do not, and give the rate the engine sustains per core. */
static void run(const emb_index *ix, const qset *qs, int threads,
                const char *label)
{
    double *lat = calloc(qs->n, sizeof *lat);
    double *cpu = calloc(qs->n, sizeof *cpu);
    job *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *t = calloc((size_t)threads, sizeof *t);
    double t0 = now_s();
    for (int k = 0; k < threads; k++) {
        jobs[k] = (job){ix, qs, qs->n * (size_t)k / (size_t)threads,
                        qs->n * (size_t)(k + 1) / (size_t)threads, lat, cpu,
                        0, 0, 0};
        pthread_create(&t[k], NULL, run_job, &jobs[k]);
    }
    size_t hits = 0;
    double cpu_total = 0;
    for (int k = 0; k < threads; k++) {
        pthread_join(t[k], NULL);
        hits += jobs[k].hits;
        cpu_total += jobs[k].cpu_total;
    }
    double wall = now_s() - t0;
    qsort(lat, qs->n, sizeof *lat, cmp_d);
    qsort(cpu, qs->n, sizeof *cpu, cmp_d);
    printf("%-12s threads=%d queries=%zu hits=%zu\n"
           "             wall: %.0f queries/s  p50=%.3f ms  p99=%.3f ms  "
           "max=%.3f ms\n"
           "             cpu:  %.0f queries/s per core (x%d = %.0f)  "
           "p50=%.3f ms  p99=%.3f ms  max=%.3f ms\n",
           label, threads, qs->n, hits, (double)qs->n / wall,
           lat[qs->n / 2] * 1e3, lat[qs->n * 99 / 100] * 1e3,
           lat[qs->n - 1] * 1e3, (double)qs->n / cpu_total, threads,
           (double)qs->n / cpu_total * threads, cpu[qs->n / 2] * 1e3,
           cpu[qs->n * 99 / 100] * 1e3, cpu[qs->n - 1] * 1e3);
    free(lat);
    free(cpu);
    free(jobs);
    free(t);
}

/* Recall of the index against the exhaustive scan on the first n queries:
 * hits (party, score) found by both over hits found by the scan. */
typedef struct rjob {
    const emb_index *ix;
    const qset *qs;
    size_t from, to;
    size_t ex_hits, ix_hits, both, differ;
} rjob;

static void *recall_job(void *arg)
{
    rjob *j = arg;
    emb_screener *a, *b;
    emb_screener_open(j->ix, &a);
    emb_screener_open(j->ix, &b);
    for (size_t i = j->from; i < j->to; i++) {
        emb_query q = {.name = j->qs->q[i], .threshold = -1,
                       .max_hits = EMB_SCREEN_MAX_HITS};
        const emb_hit *hi, *he;
        size_t ni = 0, ne = 0;
        emb_screen(a, &q, &hi, &ni);
        q.exhaustive = 1;
        emb_screen(b, &q, &he, &ne);
        j->ex_hits += ne;
        j->ix_hits += ni;
        int same = ni == ne;
        for (size_t e = 0; e < ne; e++)
            for (size_t k = 0; k < ni; k++)
                if (he[e].record == hi[k].record &&
                    he[e].score == hi[k].score) {
                    j->both++;
                    break;
                }
        for (size_t k = 0; same && k < ni; k++)
            same = hi[k].record == he[k].record && hi[k].score == he[k].score;
        j->differ += !same;
    }
    emb_screener_close(a);
    emb_screener_close(b);
    return NULL;
}

static void recall(const emb_index *ix, const qset *qs, size_t n, int threads)
{
    rjob *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *t = calloc((size_t)threads, sizeof *t);
    double t0 = now_s();
    for (int k = 0; k < threads; k++) {
        jobs[k] = (rjob){ix, qs, n * (size_t)k / (size_t)threads,
                         n * (size_t)(k + 1) / (size_t)threads, 0, 0, 0, 0};
        pthread_create(&t[k], NULL, recall_job, &jobs[k]);
    }
    size_t ex = 0, in = 0, both = 0, differ = 0;
    for (int k = 0; k < threads; k++) {
        pthread_join(t[k], NULL);
        ex += jobs[k].ex_hits;
        in += jobs[k].ix_hits;
        both += jobs[k].both;
        differ += jobs[k].differ;
    }
    printf("recall       index vs exhaustive on %zu queries: exhaustive "
           "hits=%zu index hits=%zu common=%zu recall=%.4f queries "
           "differing=%zu (%.1f s)\n",
           n, ex, in, both, ex ? (double)both / (double)ex : 1.0, differ,
           now_s() - t0);
    free(jobs);
    free(t);
}

/* Every listed identifier the index holds, screened alone as written, on
 * one thread: how many find the record that lists them (each should), and
 * the time per query. */
static void idents(const emb_index *ix)
{
    emb_screener *s;
    if (emb_screener_open(ix, &s) != EMB_OK)
        return;
    size_t n = 0, found = 0, hits = 0;
    double t0 = now_s();
    for (size_t i = 0; i < ix->n_idents; i++) {
        const ix_ident *e = &ix->idents[i];
        if (i && ix->idents[i - 1].rec == e->rec && ix->idents[i - 1].k == e->k)
            continue; /* a BIC's second key */
        const emb_record *r = ix->recs[e->rec].r;
        const char *v = r->idents[e->k].value;
        emb_query q = {.threshold = -1, .max_hits = EMB_SCREEN_MAX_HITS,
                       .idents = &v, .n_idents = 1};
        const emb_hit *h;
        size_t nh = 0;
        n++;
        if (emb_screen(s, &q, &h, &nh) != EMB_OK)
            continue;
        hits += nh;
        for (size_t k = 0; k < nh; k++)
            for (size_t j = 0; j < h[k].n_records; j++)
                found += h[k].records[j] == r;
    }
    double t = now_s() - t0;
    printf("identifiers  %zu listed identifiers screened alone: %zu find their "
           "record, %zu hits, %.2f us per query\n",
           n, found, hits, n ? t / (double)n * 1e6 : 0.0);
    emb_screener_close(s);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 && argv[1][0] ? argv[1] : EMB_SOURCE_DIR "/data/lists";
    size_t nq = argc > 2 ? (size_t)atol(argv[2]) : 40000;
    int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
    FILE *la = fopen("/proc/loadavg", "r");
    char load[64] = "?";
    if (la) {
        if (!fgets(load, sizeof load, la))
            load[0] = '\0';
        load[strcspn(load, "\n")] = '\0';
        fclose(la);
    }
    printf("machine      %d cores, load average %s\n", cores, load);
    emb_recset **sets;
    size_t n_sets;
    emb_error err;
    double t0 = now_s();
    if (emb_lists_read(dir, &sets, &n_sets, &err) != EMB_OK) {
        char buf[1200];
        fprintf(stderr, "bench_screen: %s\n",
                emb_error_format(&err, buf, sizeof buf));
        return 1;
    }
    double t_read = now_s() - t0;
    long rss_lists = peak_rss_mb();
    t0 = now_s();
    emb_index *ix;
    if (emb_index_build(sets, n_sets, &ix, &err) != EMB_OK) {
        fprintf(stderr, "bench_screen: index: %s\n", err.message);
        return 1;
    }
    emb_free(sets);
    double t_build = now_s() - t0;
    printf("lists        %zu record sets read in %.3f s (peak RSS %ld MB)\n",
           n_sets, t_read, rss_lists);
    printf("index        records=%zu parties=%zu names=%zu tokens=%zu built "
           "in %.3f s, index %.1f MB, peak RSS %ld MB\n",
           emb_index_record_count(ix), emb_index_group_count(ix),
           emb_index_name_count(ix), ix->n_toks, t_build,
           (double)index_bytes(ix) / 1048576.0, peak_rss_mb());
    qset qs;
    make_queries(ix, nq, &qs);
    const char *passes = getenv("BENCH_PASSES");
    int rc = 0;
    if (passes && atoi(passes) > 0) {
        rc = passes_only(ix, &qs, atoi(passes));
    } else {
        run(ix, &qs, 1, "screen");
        run(ix, &qs, cores, "screen");
        if (!getenv("BENCH_NO_RECALL"))
            recall(ix, &qs, nq < 4000 ? nq : 4000, cores);
        idents(ix);
    }
    for (size_t i = 0; i < qs.n; i++)
        free(qs.q[i]);
    free(qs.q);
    emb_index_close(ix);
    return rc;
}
