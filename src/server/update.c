/*
 * update.c - fetches official list files and imports them in one
 * transaction (`embargo lists update --from URL|DIR`, `serve
 * --update-every`).
 *
 * A URL ending in a known file name is fetched alone; any other URL is
 * taken as a folder and every official file name is tried below it (404s
 * are skipped: a mirror rarely has all of them). Files go to a fresh
 * temporary directory, are read with format detection exactly as a local
 * import, and are stored by emb_db_import in one transaction, so a failed
 * download or a truncated file leaves the database as it was. Downloads
 * are bounded in size and time, follow at most a few redirects and only
 * over http(s).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "lists/model.h"

/* The names the publishers give their files. */
static const char *const official_files[] = {
    "sdn.csv",          "add.csv",         "alt.csv",
    "sdn_comments.csv", "cons_prim.csv",   "cons_add.csv",
    "cons_alt.csv",     "cons_comments.csv", "sdn.xml",
    "consolidated.xml", "sdn_advanced.xml", "cons_advanced.xml",
    "consolidated.csv", "csl.csv",         "UN_consolidated.xml",
    "dpl.txt"};
#define N_OFFICIAL (sizeof official_files / sizeof official_files[0])

typedef struct sink {
    FILE *f;
    size_t bytes;
    int too_big;
} sink;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    sink *s = ud;
    size_t len = size * n;
    if (s->bytes + len > (size_t)EMB_FETCH_MAX_FILE) {
        s->too_big = 1;
        return 0;
    }
    s->bytes += len;
    return fwrite(p, 1, len, s->f);
}

/* Fetches url into path. 0 ok, 404 not there, -1 failure (why filled). */
static int fetch(CURL *c, const char *url, const char *path, char *why,
                 size_t why_len)
{
    sink s = {fopen(path, "wb"), 0, 0};
    if (!s.f) {
        snprintf(why, why_len, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    CURLcode cc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    int closed = fclose(s.f);
    if (cc == CURLE_OK && code == 404) {
        unlink(path);
        return 404;
    }
    if (cc != CURLE_OK || code < 200 || code >= 300 || closed) {
        if (s.too_big)
            snprintf(why, why_len, "%s is larger than %ld bytes", url,
                     EMB_FETCH_MAX_FILE);
        else if (cc != CURLE_OK)
            snprintf(why, why_len, "%s: %s", url, curl_easy_strerror(cc));
        else
            snprintf(why, why_len, "%s: HTTP status %ld", url, code);
        unlink(path);
        return -1;
    }
    return 0;
}

static int is_official(const char *name)
{
    for (size_t i = 0; i < N_OFFICIAL; i++)
        if (!strcmp(name, official_files[i]))
            return 1;
    return 0;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[1200];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) <
            (int)sizeof path)
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static int is_url(const char *s)
{
    return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8);
}

/* Downloads into a new temporary directory (written into dir). */
static int download(const char *from, char *dir, size_t dir_len,
                    emb_error *err)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, dir_len, "%s/embargo-update-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return emb_error_set(err, EMB_ERR_IO, dir, 0, NULL,
                             "cannot create a temporary folder: %s",
                             strerror(errno));
    CURL *c = curl_easy_init();
    if (!c) {
        remove_dir(dir);
        return emb_error_set(err, EMB_ERR_NOMEM, from, 0, NULL,
                             "cannot start libcurl");
    }
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 600L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "embargo/" EMB_VERSION);

    const char *slash = strrchr(from, '/');
    const char *base = slash ? slash + 1 : from;
    char why[1200] = "";
    int got = 0, rc = EMB_OK;
    char path[1200], url[2048];
    if (is_official(base)) {
        snprintf(path, sizeof path, "%s/%s", dir, base);
        int k = fetch(c, from, path, why, sizeof why);
        if (k == 0)
            got = 1;
        else
            rc = emb_error_set(err, EMB_ERR_IO, from, 0, NULL, "%s",
                               k == 404 ? "not found (HTTP 404)" : why);
    } else {
        size_t bl = strlen(from);
        const char *sep = bl && from[bl - 1] == '/' ? "" : "/";
        for (size_t i = 0; i < N_OFFICIAL && rc == EMB_OK; i++) {
            snprintf(url, sizeof url, "%s%s%s", from, sep, official_files[i]);
            snprintf(path, sizeof path, "%s/%s", dir, official_files[i]);
            int k = fetch(c, url, path, why, sizeof why);
            if (k == 0)
                got++;
            else if (k < 0)
                rc = emb_error_set(err, EMB_ERR_IO, url, 0, NULL, "%s", why);
        }
        if (rc == EMB_OK && !got)
            rc = emb_error_set(err, EMB_ERR_IO, from, 0, NULL,
                               "no official list file found there (tried "
                               "%zu names)", N_OFFICIAL);
    }
    curl_easy_cleanup(c);
    if (rc)
        remove_dir(dir);
    return rc;
}

int emb_lists_update(emb_db *db, const char *from,
                     emb_import_result **results, size_t *n, emb_error *err)
{
    if (results)
        *results = NULL;
    if (n)
        *n = 0;
    if (!db || !from || !*from || !results || !n)
        return emb_error_set(err, EMB_ERR_USAGE, NULL, 0, NULL,
                             "invalid arguments");
    char dir[1024];
    int rc;
    int temp = 0;
    if (is_url(from)) {
        rc = download(from, dir, sizeof dir, err);
        if (rc)
            return rc;
        temp = 1;
    } else if (!strncmp(from, "file://", 7)) {
        snprintf(dir, sizeof dir, "%s", from + 7);
    } else if (strstr(from, "://")) {
        return emb_error_set(err, EMB_ERR_USAGE, from, 0, NULL,
                             "only http, https and local folders are "
                             "supported");
    } else {
        snprintf(dir, sizeof dir, "%s", from);
    }
    emb_recset **sets = NULL;
    size_t ns = 0;
    rc = emb_lists_read(dir, &sets, &ns, err);
    if (rc == EMB_OK) {
        emb_import_result *res = calloc(ns ? ns : 1, sizeof *res);
        rc = res ? emb_db_import(db, sets, ns, res) : EMB_ERR_NOMEM;
        if (rc)
            emb_error_set(err, rc, dir, 0, NULL, "%s", emb_db_errmsg(db));
        if (rc == EMB_OK) {
            *results = res;
            *n = ns;
        } else {
            free(res);
        }
        for (size_t i = 0; i < ns; i++)
            emb_recset_free(sets[i]);
        emb_free(sets);
    }
    if (temp)
        remove_dir(dir);
    return rc;
}
