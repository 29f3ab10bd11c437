/*
 * detect.c - emb_lists_read: from a path to record sets, whatever mix of
 * official files the user downloaded.
 *
 * Formats are recognised by content first (the XML root element, the CSV
 * header of the CSL and the DPL) and by file name for the OFAC legacy CSV
 * files, which have no header and whose role (primary, addresses, aliases,
 * remarks spill-over) only the name tells. OFAC CSV files in one folder
 * form one publication. Anything not recognised is an error rather than
 * silently skipped: a user who drops a file into the import folder expects
 * it to be read. Only dot-files and Markdown notes (*.md) are passed over.
 *
 * Nothing is returned unless every file was read: an import is all or
 * nothing.
 */
#define _GNU_SOURCE /* strcasestr */
#include "lists/readers.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_FILES 256

typedef enum file_kind {
    FK_UNKNOWN,
    FK_OFAC_PRIM,
    FK_OFAC_ADD,
    FK_OFAC_ALT,
    FK_OFAC_COMMENTS,
    FK_OFAC_XML,
    FK_OFAC_ADV,
    FK_UN_XML,
    FK_CSL,
    FK_BIS_DPL
} file_kind;

typedef struct input {
    char *path;
    char *dir;   /* folder, for grouping OFAC CSV files */
    char *data;
    size_t len;
    file_kind kind;
    int sdn;     /* OFAC: 1 SDN list, 0 Non-SDN consolidated list */
} input;

typedef struct inputs {
    input *v;
    size_t n, cap;
} inputs;

static void inputs_free(inputs *in)
{
    for (size_t i = 0; i < in->n; i++) {
        free(in->v[i].path);
        free(in->v[i].dir);
        free(in->v[i].data);
    }
    free(in->v);
    memset(in, 0, sizeof *in);
}

static int read_whole(const char *path, char **data, size_t *len,
                      emb_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return emb_error_set(err, EMB_ERR_IO, path, 0, NULL,
                             "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return emb_error_set(err, EMB_ERR_IO, path, 0, NULL,
                             "not a regular file");
    }
    if ((size_t)st.st_size > LISTS_MAX_FILE_BYTES) {
        fclose(f);
        return emb_error_set(err, EMB_ERR_LIMIT, path, 0, NULL,
                             "file is %lld bytes; the limit is %zu",
                             (long long)st.st_size, LISTS_MAX_FILE_BYTES);
    }
    size_t n = (size_t)st.st_size;
    char *buf = malloc(n + 1);
    if (!buf) {
        fclose(f);
        return emb_error_set(err, EMB_ERR_NOMEM, path, 0, NULL,
                             "out of memory");
    }
    size_t got = fread(buf, 1, n, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || got != n) {
        free(buf);
        return emb_error_set(err, EMB_ERR_IO, path, 0, NULL,
                             "read error");
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return EMB_OK;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static const struct {
    const char *name;
    file_kind kind;
    int sdn;
} ofac_names[] = {
    {"sdn.csv", FK_OFAC_PRIM, 1},
    {"add.csv", FK_OFAC_ADD, 1},
    {"alt.csv", FK_OFAC_ALT, 1},
    {"sdn_comments.csv", FK_OFAC_COMMENTS, 1},
    {"cons_prim.csv", FK_OFAC_PRIM, 0},
    {"cons_add.csv", FK_OFAC_ADD, 0},
    {"cons_alt.csv", FK_OFAC_ALT, 0},
    {"cons_comments.csv", FK_OFAC_COMMENTS, 0},
};

/* Does the first line of data contain all the words? */
static int header_has(const char *data, size_t len, const char *const *words)
{
    size_t end = 0;
    while (end < len && end < 8192 && data[end] != '\n')
        end++;
    for (; *words; words++) {
        size_t w = strlen(*words);
        int found = 0;
        for (size_t i = 0; i + w <= end; i++)
            if (strncmp(data + i, *words, w) == 0) {
                found = 1;
                break;
            }
        if (!found)
            return 0;
    }
    return 1;
}

/* Local name of the XML root element, or "" when data is not XML. */
static void xml_root(const char *data, size_t len, char *out, size_t cap)
{
    out[0] = '\0';
    size_t i = 0;
    if (len >= 3 && (unsigned char)data[0] == 0xEF &&
        (unsigned char)data[1] == 0xBB && (unsigned char)data[2] == 0xBF)
        i = 3;
    size_t limit = len < 65536 ? len : 65536;
    while (i < limit) {
        while (i < limit && data[i] != '<')
            i++;
        if (i + 1 >= limit)
            return;
        char c = data[i + 1];
        if (c == '?' || c == '!') {
            i += 2;
            continue;
        }
        i++;
        size_t start = i;
        while (i < limit && data[i] != ' ' && data[i] != '>' &&
               data[i] != '\t' && data[i] != '\r' && data[i] != '\n' &&
               data[i] != '/')
            i++;
        const char *name = data + start;
        size_t n = i - start;
        const char *colon = memchr(name, ':', n);
        if (colon) {
            n -= (size_t)(colon + 1 - name);
            name = colon + 1;
        }
        if (n >= cap)
            n = cap - 1;
        memcpy(out, name, n);
        out[n] = '\0';
        return;
    }
}

static void classify(input *in)
{
    const char *base = base_name(in->path);
    char root[64];
    xml_root(in->data, in->len, root, sizeof root);
    int cons = strcasestr(base, "cons") != NULL;
    if (strcmp(root, "sdnList") == 0) {
        in->kind = FK_OFAC_XML;
        in->sdn = !cons;
        return;
    }
    if (strcmp(root, "Sanctions") == 0) {
        in->kind = FK_OFAC_ADV;
        in->sdn = !cons;
        return;
    }
    if (strcmp(root, "CONSOLIDATED_LIST") == 0) {
        in->kind = FK_UN_XML;
        return;
    }
    static const char *const csl_cols[] = {"_id", "source", "entity_number",
                                           "name", NULL};
    static const char *const dpl_cols[] = {"Name", "Street_Address",
                                           "Effective_Date", NULL};
    if (header_has(in->data, in->len, csl_cols)) {
        in->kind = FK_CSL;
        return;
    }
    if (header_has(in->data, in->len, dpl_cols)) {
        in->kind = FK_BIS_DPL;
        return;
    }
    for (size_t i = 0; i < sizeof ofac_names / sizeof ofac_names[0]; i++)
        if (strcasecmp(base, ofac_names[i].name) == 0) {
            in->kind = ofac_names[i].kind;
            in->sdn = ofac_names[i].sdn;
            return;
        }
    in->kind = FK_UNKNOWN;
}

static int skip_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] == '.' || (n > 3 && strcasecmp(name + n - 3, ".md") == 0);
}

static int add_file(inputs *in, const char *path, emb_error *err)
{
    if (in->n == MAX_FILES)
        return emb_error_set(err, EMB_ERR_LIMIT, path, 0, NULL,
                             "more than %d files in one import", MAX_FILES);
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        input *v = realloc(in->v, cap * sizeof *v);
        if (!v)
            return emb_error_set(err, EMB_ERR_NOMEM, path, 0, NULL,
                                 "out of memory");
        in->v = v;
        in->cap = cap;
    }
    input *f = &in->v[in->n];
    memset(f, 0, sizeof *f);
    f->path = strdup(path);
    const char *slash = strrchr(path, '/');
    f->dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    if (!f->path || !f->dir) {
        free(f->path);
        free(f->dir);
        return emb_error_set(err, EMB_ERR_NOMEM, path, 0, NULL,
                             "out of memory");
    }
    in->n++;
    int rc = read_whole(path, &f->data, &f->len, err);
    if (rc != EMB_OK)
        return rc;
    classify(f);
    if (f->kind == FK_UNKNOWN)
        return emb_error_set(
            err, EMB_ERR_FORMAT, path, 1, NULL,
            "not an official list file embargo reads (OFAC sdn/add/alt/"
            "sdn_comments.csv or cons_*.csv, OFAC XML or advanced XML, UN "
            "consolidated XML, trade.gov CSL CSV, BIS dpl.txt)");
    return EMB_OK;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(inputs *in, const char *path, int depth, emb_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return emb_error_set(err, EMB_ERR_IO, path, 0, NULL,
                             "cannot open: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return add_file(in, path, err);
    if (depth > 4)
        return emb_error_set(err, EMB_ERR_LIMIT, path, 0, NULL,
                             "folders nested deeper than 4 levels");
    DIR *d = opendir(path);
    if (!d)
        return emb_error_set(err, EMB_ERR_IO, path, 0, NULL,
                             "cannot open folder: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = EMB_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (skip_name(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) {
                rc = emb_error_set(err, EMB_ERR_NOMEM, path, 0, NULL,
                                   "out of memory");
                break;
            }
            names = p;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = emb_error_set(err, EMB_ERR_NOMEM, path, 0, NULL,
                               "out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    /* Sorted, so that the order of sets and messages is reproducible. */
    if (n)
        qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n && rc == EMB_OK; i++) {
        char child[4096];
        int w = snprintf(child, sizeof child, "%s%s%s", path,
                         path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
        if (w < 0 || (size_t)w >= sizeof child)
            rc = emb_error_set(err, EMB_ERR_LIMIT, path, 0, NULL,
                               "path too long");
        else
            rc = walk(in, child, depth + 1, err);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

typedef struct sets {
    emb_recset **v;
    size_t n, cap;
} sets;

static int sets_push(sets *s, emb_recset *set)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        emb_recset **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return EMB_ERR_NOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = set;
    return EMB_OK;
}

static void sets_free(sets *s)
{
    for (size_t i = 0; i < s->n; i++)
        emb_recset_free(s->v[i]);
    free(s->v);
}

static lists_file as_file(const input *f)
{
    lists_file lf = {f->path, f->data, f->len};
    return lf;
}

/* Joins the OFAC CSV files that share a folder and a list into one set. */
static int read_ofac_csv_groups(inputs *in, sets *out, emb_error *err)
{
    for (size_t i = 0; i < in->n; i++) {
        input *f = &in->v[i];
        if (f->kind < FK_OFAC_PRIM || f->kind > FK_OFAC_COMMENTS)
            continue;
        if (f->kind != FK_OFAC_PRIM) {
            /* Every non-primary file must have its primary beside it. */
            int found = 0;
            for (size_t j = 0; j < in->n; j++)
                if (in->v[j].kind == FK_OFAC_PRIM && in->v[j].sdn == f->sdn &&
                    strcmp(in->v[j].dir, f->dir) == 0)
                    found = 1;
            if (!found)
                return emb_error_set(
                    err, EMB_ERR_FORMAT, f->path, 0, NULL,
                    "%s has no %s in the same folder: the primary file is "
                    "needed to import an OFAC CSV publication",
                    base_name(f->path), f->sdn ? "sdn.csv" : "cons_prim.csv");
            continue;
        }
        ofac_csv_files set = {0};
        set.sdn = f->sdn;
        set.prim = as_file(f);
        for (size_t j = 0; j < in->n; j++) {
            input *g = &in->v[j];
            if (g->sdn != f->sdn || strcmp(g->dir, f->dir) != 0)
                continue;
            lists_file *slot = g->kind == FK_OFAC_ADD        ? &set.add
                               : g->kind == FK_OFAC_ALT      ? &set.alt
                               : g->kind == FK_OFAC_COMMENTS ? &set.comments
                                                             : NULL;
            if (slot) {
                if (slot->data)
                    return emb_error_set(err, EMB_ERR_FORMAT, g->path, 0,
                                         NULL, "a second %s in %s",
                                         base_name(g->path), g->dir);
                *slot = as_file(g);
            }
        }
        emb_recset *s = NULL;
        int rc = ofac_csv_read(&set, &s, err);
        if (rc != EMB_OK)
            return rc;
        if (sets_push(out, s) != EMB_OK) {
            emb_recset_free(s);
            return emb_error_set(err, EMB_ERR_NOMEM, f->path, 0, NULL,
                                 "out of memory");
        }
    }
    return EMB_OK;
}

static int read_single(input *f, sets *out, emb_error *err)
{
    lists_file lf = as_file(f);
    emb_recset *s = NULL;
    int rc;
    const char *src = f->sdn ? EMB_SOURCE_OFAC_SDN : EMB_SOURCE_OFAC_CONS;
    switch (f->kind) {
    case FK_OFAC_XML: rc = ofac_xml_read(&lf, src, &s, err); break;
    case FK_OFAC_ADV: rc = ofac_adv_read(&lf, src, &s, err); break;
    case FK_UN_XML: rc = un_xml_read(&lf, &s, err); break;
    case FK_CSL: rc = csl_read(&lf, &s, err); break;
    case FK_BIS_DPL: rc = bis_dpl_read(&lf, &s, err); break;
    default: return EMB_OK;
    }
    if (rc != EMB_OK)
        return rc;
    if (sets_push(out, s) != EMB_OK) {
        emb_recset_free(s);
        return emb_error_set(err, EMB_ERR_NOMEM, f->path, 0, NULL,
                             "out of memory");
    }
    return EMB_OK;
}

/* Oldest publication first within a source, so that importing the result
 * in order leaves the newest one current. */
static int set_order(const void *a, const void *b)
{
    const emb_recset *x = *(emb_recset *const *)a;
    const emb_recset *y = *(emb_recset *const *)b;
    int c = strcmp(emb_recset_source(x), emb_recset_source(y));
    if (c)
        return c;
    c = date_cmp(emb_recset_published(x, NULL), emb_recset_published(y, NULL));
    if (c)
        return c;
    return strcmp(emb_recset_file_path(x, 0), emb_recset_file_path(y, 0));
}

int emb_lists_read(const char *path, emb_recset ***out, size_t *n_out,
                   emb_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (!path || !out || !n_out)
        return emb_error_set(err, EMB_ERR_USAGE, NULL, 0, NULL,
                             "emb_lists_read: NULL argument");
    *out = NULL;
    *n_out = 0;
    inputs in = {0};
    sets res = {0};
    int rc = walk(&in, path, 0, err);
    if (rc == EMB_OK && in.n == 0)
        rc = emb_error_set(err, EMB_ERR_FORMAT, path, 0, NULL,
                           "no list files found");
    if (rc == EMB_OK)
        rc = read_ofac_csv_groups(&in, &res, err);
    for (size_t i = 0; rc == EMB_OK && i < in.n; i++)
        rc = read_single(&in.v[i], &res, err);
    inputs_free(&in);
    if (rc != EMB_OK) {
        sets_free(&res);
        return rc;
    }
    qsort(res.v, res.n, sizeof *res.v, set_order);
    *out = res.v;
    *n_out = res.n;
    return EMB_OK;
}

int lists_file_check(const lists_file *f, emb_recset **out, const char *who,
                     emb_error *err)
{
    if (!f || !out || (!f->data && f->len))
        return emb_error_set(err, EMB_ERR_USAGE, f ? f->path : NULL, 0, NULL,
                             "%s: missing file or output", who);
    if (f->len > LISTS_MAX_FILE_BYTES)
        return emb_error_set(err, EMB_ERR_LIMIT, f->path, 0, NULL,
                             "file larger than %zu bytes",
                             LISTS_MAX_FILE_BYTES);
    return EMB_OK;
}
