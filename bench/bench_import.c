/*
 * bench_import.c - how long reading and storing every bundled list takes,
 * and the peak memory it needs (issue target: under 2 s and 200 MB).
 *
 * Usage: bench_import [LISTS_DIR]   (default: the source tree's data/lists)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "embargo.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : EMB_SOURCE_DIR "/data/lists";
    char db_path[] = "/tmp/embargo-bench-XXXXXX";
    int fd = mkstemp(db_path);
    if (fd < 0)
        return 1;
    close(fd);
    unlink(db_path);

    double t0 = now();
    emb_recset **sets = NULL;
    size_t n = 0;
    emb_error err;
    int rc = emb_lists_read(dir, &sets, &n, &err);
    if (rc != EMB_OK) {
        char buf[1024];
        fprintf(stderr, "bench_import: %s\n", emb_error_format(&err, buf, sizeof buf));
        return 1;
    }
    double t1 = now();
    size_t records = 0;
    for (size_t i = 0; i < n; i++)
        records += emb_recset_count(sets[i]);

    emb_db *db = NULL;
    rc = emb_db_open(db_path, EMB_DB_CREATE, &db);
    if (rc == EMB_OK)
        rc = emb_db_import(db, sets, n, NULL);
    double t2 = now();
    if (rc != EMB_OK) {
        fprintf(stderr, "bench_import: %s\n", db ? emb_db_errmsg(db) : emb_strerror(rc));
        return 1;
    }
    emb_recset *loaded = NULL;
    size_t loaded_n = 0;
    emb_version *v = NULL;
    size_t nv = 0;
    emb_db_versions(db, NULL, &v, &nv);
    double t3 = now();
    for (size_t i = 0; i < nv; i++) {
        if (emb_db_load(db, v[i].source, v[i].id, &loaded) == EMB_OK) {
            loaded_n += emb_recset_count(loaded);
            emb_recset_free(loaded);
        }
    }
    double t4 = now();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    printf("import: %zu sources, %zu records from %s\n", n, records, dir);
    printf("import: parse %.0f ms, store %.0f ms, total %.0f ms (target < 2000 ms)\n",
           (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t2 - t0) * 1e3);
    printf("import: reload of %zu records from the database %.0f ms\n",
           loaded_n, (t4 - t3) * 1e3);
    printf("import: peak RSS %.1f MB (target < 200 MB)\n", ru.ru_maxrss / 1024.0);
    emb_free(v);
    emb_db_close(db);
    for (size_t i = 0; i < n; i++)
        emb_recset_free(sets[i]);
    emb_free(sets);
    unlink(db_path);
    char wal[64];
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", db_path);
    unlink(wal);
    return 0;
}
