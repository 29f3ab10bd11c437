/*
 * bench_rules.c - orders decided per second against the bundled OFAC,
 * SDN and CSL lists with a 100,000-row synthetic security master, on one
 * thread and on two (issue target: >= 200,000 orders/s on 2 cores), and
 * the cost of fund look-through (funds of 50 holdings vs plain shares).
 *
 * A decision here is the whole job: emb_decide (parse the order, resolve
 * the security through the security master, decide) plus its NDJSON line.
 * A security's issuer name is normalised on its first decision and kept:
 * the first pass over the security master is reported on its own line.
 *
 * Usage: bench_rules [ORDERS]   (default 400,000 orders)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "embargo.h"

#define SECMASTER_ROWS 100000
#define FUNDS 1000
#define FUND_HOLDINGS 50

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

/* A valid ISIN "US" + CUSIP built from n. */
static void synth_isin(unsigned n, char out[13])
{
    char cusip[10];
    snprintf(cusip, sizeof cusip, "9%07u", n % 10000000);
    cusip[8] = (char)('0' + emb_cusip_check_digit(cusip));
    cusip[9] = '\0';
    emb_isin_from_cusip("US", cusip, out);
}

typedef struct grow {
    char *s;
    size_t len, cap;
} grow;

static void put(grow *g, const char *s)
{
    size_t n = strlen(s);
    if (g->len + n + 1 > g->cap) {
        g->cap = (g->len + n + 1) * 2;
        g->s = realloc(g->s, g->cap);
    }
    memcpy(g->s + g->len, s, n + 1);
    g->len += n;
}

/* Security master: 70 % shares (ISINs, issuer names), 20 % derivatives on
 * other rows or on listed securities, 1,000 funds; 1 % of issuers are
 * listed names. */
static void build_inputs(grow *sm, grow *hold, char (*codes)[16], int *is_fund)
{
    static const char *const listed[] = {
        "SZ DJI Technology Co Ltd", "SenseTime Group Ltd",
        "Chitron Electronics Company Ltd", "Megvii Technology Ltd"};
    static const char *const unders[] = {"CNE100000PM8", "0728 HK",
                                         "US1694261033", "KYG7114V1023"};
    put(sm, "security,kind,issuer,underlying\n");
    put(hold, "fund,security,weight\n");
    char line[256];
    for (unsigned i = 0; i < SECMASTER_ROWS; i++) {
        is_fund[i] = 0;
        if (i < 70000) {
            synth_isin(i, codes[i]);
            if (rnd() % 100 == 0)
                snprintf(line, sizeof line, "%s,equity,%s,\n", codes[i],
                         listed[rnd() % 4]);
            else
                snprintf(line, sizeof line,
                         "%s,equity,Synthetic Issuer %u Holdings Ltd,\n",
                         codes[i], i);
        } else if (i < 90000) {
            snprintf(codes[i], 16, "DRV%07u", i);
            if (rnd() % 50 == 0)
                snprintf(line, sizeof line, "%s,option,,%s\n", codes[i],
                         unders[rnd() % 4]);
            else
                snprintf(line, sizeof line, "%s,swap,,%s\n", codes[i],
                         codes[rnd() % 70000]);
        } else if (i < 90000 + FUNDS) {
            snprintf(codes[i], 16, "FND%07u", i);
            is_fund[i] = 1;
            snprintf(line, sizeof line, "%s,etf,Synthetic Funds Plc,\n",
                     codes[i]);
            for (int h = 0; h < FUND_HOLDINGS; h++) {
                char hl[128];
                snprintf(hl, sizeof hl, "%s,%s,%.4f\n", codes[i],
                         codes[rnd() % 90000], 1.0 / FUND_HOLDINGS);
                put(hold, hl);
            }
        } else {
            snprintf(codes[i], 16, "BND%07u", i);
            snprintf(line, sizeof line,
                     "%s,bond,Synthetic Issuer %u Holdings Ltd,\n", codes[i],
                     i % 70000);
        }
        put(sm, line);
    }
}

typedef struct job {
    const emb_rules *r;
    emb_order *orders;
    size_t n;
    size_t rejects, bytes;
} job;

static void *run(void *arg)
{
    job *j = arg;
    size_t rejects = 0, bytes = 0; /* locals: no false sharing */
    for (size_t i = 0; i < j->n; i++) {
        emb_decision *d;
        char *json;
        if (emb_decide(j->r, &j->orders[i], &d) != EMB_OK)
            abort();
        if (emb_decision_to_json(d, &json) != EMB_OK)
            abort();
        bytes += strlen(json);
        rejects += d->verdict == EMB_REJECT;
        emb_free(json);
        emb_decision_free(d);
    }
    j->rejects = rejects;
    j->bytes = bytes;
    return NULL;
}

static double decide_rate(const emb_rules *r, emb_order *orders, size_t n,
                          int threads, size_t *rejects)
{
    job jobs[8];
    pthread_t tid[8];
    double t0 = now();
    for (int t = 0; t < threads; t++) {
        jobs[t].r = r;
        jobs[t].orders = orders + n / threads * t;
        jobs[t].n = t == threads - 1 ? n - n / threads * t : n / threads;
        jobs[t].rejects = jobs[t].bytes = 0;
        pthread_create(&tid[t], NULL, run, &jobs[t]);
    }
    *rejects = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(tid[t], NULL);
        *rejects += jobs[t].rejects;
    }
    return (double)n / (now() - t0);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 400000;
    if (n < 1000)
        n = 1000;
    emb_rules *r;
    emb_rules_new(&r);
    const char *dirs[] = {"ofac_cons_2025-12", "ofac_sdn_2023-12-28",
                          "trade_csl_2023-11-30"};
    emb_recset **all[3];
    size_t n_all[3];
    double t0 = now();
    for (int i = 0; i < 3; i++) {
        char path[1024];
        emb_error err;
        snprintf(path, sizeof path, "%s/data/lists/%s", EMB_SOURCE_DIR,
                 dirs[i]);
        if (emb_lists_read(path, &all[i], &n_all[i], &err) != EMB_OK) {
            fprintf(stderr, "bench_rules: cannot read %s\n", path);
            return 1;
        }
        for (size_t k = 0; k < n_all[i]; k++)
            emb_rules_add_list(r, all[i][k], NULL, (emb_date){0, 0, 0});
    }
    double t_lists = now() - t0;

    grow sm = {0}, hold = {0};
    char (*codes)[16] = calloc(SECMASTER_ROWS, 16);
    int *is_fund = calloc(SECMASTER_ROWS, sizeof *is_fund);
    build_inputs(&sm, &hold, codes, is_fund);
    t0 = now();
    emb_error err;
    if (emb_rules_load_secmaster(r, "synthetic", sm.s, sm.len, &err) ||
        emb_rules_load_holdings(r, "synthetic", hold.s, hold.len, &err)) {
        fprintf(stderr, "bench_rules: load failed: %s\n", err.message);
        return 1;
    }
    double t_load = now() - t0;

    /* Orders: every security kind, real listed identifiers mixed in. */
    static const char *const real[] = {"CNE100000PM8", "0728.HK",
                                       "US1694261033", "KYG7114V1023",
                                       "AAPL US"};
    static const char *const times[] = {
        "2021-07-30T10:00:00-04:00", "2021-11-15T10:00:00-05:00",
        "2022-09-01T15:30:00Z", "2024-03-04T09:45:00-05:00"};
    emb_order *orders = calloc(n, sizeof *orders);
    emb_order *funds = calloc(n, sizeof *funds);
    emb_order *shares = calloc(n, sizeof *shares);
    emb_order *first = calloc(SECMASTER_ROWS, sizeof *first);
    char (*ids)[24] = calloc(n, 24);
    for (size_t i = 0; i < n; i++) {
        emb_order o = {ids[i], times[rnd() % 4], rnd() % 2 ? "buy" : "sell",
                       NULL, rnd() % 10 ? "true" : "false", NULL, NULL, NULL};
        snprintf(ids[i], 24, "o%zu", i);
        o.security = rnd() % 20 == 0 ? real[rnd() % 5]
                                     : codes[rnd() % SECMASTER_ROWS];
        orders[i] = o;
        o.security = codes[90000 + rnd() % FUNDS];
        funds[i] = o;
        o.security = codes[rnd() % 70000];
        shares[i] = o;
    }
    for (size_t i = 0; i < SECMASTER_ROWS; i++) {
        first[i] = orders[i % n];
        first[i].security = codes[i];
    }
    size_t rej;
    printf("lists: %zu+%zu+%zu record sets read and indexed in %.2f s\n",
           n_all[0], n_all[1], n_all[2], t_lists);
    printf("security master: %d rows + %d funds x %d holdings loaded in "
           "%.3f s (%zu warnings)\n",
           SECMASTER_ROWS, FUNDS, FUND_HOLDINGS, t_load,
           emb_rules_warning_count(r));
    /* A row's issuer name is normalised by the first decision that reaches
     * it and kept; this pass reaches every row once, so the runs below
     * measure the steady state. */
    double rfirst = decide_rate(r, first, SECMASTER_ROWS, 2, &rej);
    printf("first order of each security, 2 threads (issuer names "
           "normalised): %9.0f orders/s\n", rfirst);
    double r1 = decide_rate(r, orders, n, 1, &rej);
    printf("mixed orders, 1 thread:  %9.0f orders/s (%zu orders, %zu "
           "rejected)\n", r1, n, rej);
    double r2 = decide_rate(r, orders, n, 2, &rej);
    printf("mixed orders, 2 threads: %9.0f orders/s (target >= 200,000)\n",
           r2);
    double rs = decide_rate(r, shares, n / 4, 1, &rej);
    double rf = decide_rate(r, funds, n / 4, 1, &rej);
    printf("plain shares, 1 thread:  %9.0f orders/s (%.2f us each)\n", rs,
           1e6 / rs);
    printf("fund look-through (%d holdings), 1 thread: %9.0f orders/s "
           "(%.2f us each, %.1fx a share; %zu of %zu rejected)\n",
           FUND_HOLDINGS, rf, 1e6 / rf, rs / rf, rej, n / 4);
    free(orders);
    free(funds);
    free(shares);
    free(first);
    free(ids);
    free(codes);
    free(is_fund);
    free(sm.s);
    free(hold.s);
    emb_rules_free(r);
    for (int i = 0; i < 3; i++) {
        for (size_t k = 0; k < n_all[i]; k++)
            emb_recset_free(all[i][k]);
        emb_free(all[i]);
    }
    return 0;
}
