/*
 * bench_store.c - how long the store takes to import, re-import, load and
 * diff a database the size of all bundled lists (~20,000 records).
 *
 * The records are synthetic but shaped like OFAC SDN entries (a primary
 * name and a few aliases, programs, an address, identifiers, a date of
 * birth, remarks), so the timings do not depend on the parsers. Usage:
 *   bench_store [records]      (default 20000)
 * With BENCH_KEEP set, the database is left in place for inspection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "embargo.h"
#include "lists/model.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of the process: steadier than wall time on a busy machine. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static emb_recset *make_set(const char *source, int first, int n, int rev)
{
    emb_recset *set = recset_new(source, "synthetic");
    if (!set)
        return NULL;
    char tag[64];
    snprintf(tag, sizeof tag, "%s-%d", source, rev);
    recset_add_file(set, "synthetic.csv", tag, strlen(tag));
    recset_set_published(set, (emb_date){2025, 6, 30}, 0);
    for (int i = first; i < first + n; i++) {
        char id[16], buf[256];
        snprintf(id, sizeof id, "%d", i);
        recb *b = recb_new(set, id);
        if (!b)
            break;
        recb_set_kind(b, i % 3 ? EMB_KIND_ENTITY : EMB_KIND_PERSON);
        snprintf(buf, sizeof buf, "SYNTHETIC TRADING COMPANY NUMBER %d LLC", i);
        recb_add_name(b, EMB_NAME_PRIMARY, 0, buf, NULL, NULL, NULL);
        for (int k = 0; k < 3; k++) {
            snprintf(buf, sizeof buf, "ALIAS %d OF PARTY %d", k, i);
            recb_add_name(b, EMB_NAME_AKA, k == 2, buf, NULL, NULL, NULL);
        }
        recb_add_program(b, "SDGT");
        recb_add_program(b, i % 2 ? "IRAN" : "RUSSIA-EO14024");
        if (rev && i % 97 == 0)
            recb_add_program(b, "NEW-PROGRAM");
        emb_address a = {.street = "Office 12, 34 Long Street Name",
                         .city = "Dubai", .country = "United Arab Emirates"};
        recb_add_address(b, &a);
        emb_ident id1 = {.type = "Registration Number", .value = id,
                         .country = "United Arab Emirates"};
        recb_add_ident(b, &id1);
        emb_ident id2 = {.type = "Tax ID No.", .value = buf};
        recb_add_ident(b, &id2);
        emb_period p = {{1960 + i % 40, 1 + i % 12, 1 + i % 28},
                        {1960 + i % 40, 1 + i % 12, 1 + i % 28}, 0,
                        "01 Jan 1970"};
        recb_add_birth(b, &p);
        recb_add_nationality(b, "Iran");
        recb_set(b, RECB_REMARKS,
                 "Secondary sanctions risk: section 1(b) of Executive Order "
                 "13224, as amended by Executive Order 13886; Organization "
                 "Established Date 2010.");
        recb_set_date(b, RECB_LISTED_ON, (emb_date){2019, 1 + i % 12, 1});
        recb_finish(b);
        recb_free(b);
    }
    recset_seal(set);
    return set;
}

int main(int argc, char **argv)
{
    int total = argc > 1 ? atoi(argv[1]) : 20000;
    if (total < 10)
        total = 10;
    static const char *const sources[] = {
        EMB_SOURCE_OFAC_SDN, EMB_SOURCE_OFAC_CONS, EMB_SOURCE_CSL,
        EMB_SOURCE_UN, EMB_SOURCE_BIS_DPL};
    /* Roughly the bundled lists' proportions. */
    static const double share[] = {0.6, 0.02, 0.2, 0.05, 0.13};
    enum { NS = 5 };
    emb_recset *v1[NS], *v2[NS];
    for (int s = 0; s < NS; s++) {
        int n = (int)(total * share[s]);
        v1[s] = make_set(sources[s], 1, n, 0);
        v2[s] = make_set(sources[s], 1 + n / 50, n, 1);
        if (!v1[s] || !v2[s])
            return 1;
    }
    size_t records = 0;
    for (int s = 0; s < NS; s++)
        records += emb_recset_count(v1[s]);

    char dir[] = "/tmp/embargo-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[64], side[80];
    snprintf(path, sizeof path, "%s/bench.db", dir);
    emb_db *db = NULL;
    if (emb_db_open(path, EMB_DB_CREATE, &db) != EMB_OK) {
        fprintf(stderr, "open: %s\n", emb_db_errmsg(db));
        return 1;
    }

    double t = now_ms(), c = cpu_ms();
    int rc = emb_db_import(db, v1, NS, NULL);
    printf("store import: %zu records in %.0f ms (cpu %.0f ms)\n", records,
           now_ms() - t, cpu_ms() - c);
    t = now_ms();
    if (!rc)
        rc = emb_db_import(db, v1, NS, NULL);
    printf("store re-import (unchanged): %.1f ms\n", now_ms() - t);
    t = now_ms();
    if (!rc)
        rc = emb_db_import(db, v2, NS, NULL);
    printf("store import of a new version of every list: %.0f ms\n",
           now_ms() - t);

    t = now_ms();
    c = cpu_ms();
    size_t loaded = 0;
    for (int s = 0; !rc && s < NS; s++) {
        emb_recset *set = NULL;
        rc = emb_db_load(db, sources[s], 0, &set);
        loaded += emb_recset_count(set);
        emb_recset_free(set);
    }
    printf("store load: %zu records in %.0f ms (cpu %.0f ms)\n", loaded,
           now_ms() - t, cpu_ms() - c);

    t = now_ms();
    size_t changes = 0;
    for (int s = 0; !rc && s < NS; s++) {
        emb_diff *d = NULL;
        rc = emb_db_diff(db, sources[s], 0, 0, &d);
        changes += emb_diff_count(d);
        emb_diff_free(d);
    }
    printf("store diff: %zu changes in %.0f ms\n", changes, now_ms() - t);
    if (rc)
        fprintf(stderr, "error: %s\n", emb_db_errmsg(db));

    emb_db_close(db);
    for (int s = 0; s < NS; s++) {
        emb_recset_free(v1[s]);
        emb_recset_free(v2[s]);
    }
    if (getenv("BENCH_KEEP")) { printf("kept %s\n", path); return 0; }
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    rmdir(dir);
    return rc ? 1 : 0;
}
