/*
 * cmd_lists.c - `embargo lists`: the loaded versions, importing official
 * files, and the difference between two versions of a source.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static void lists_usage(FILE *out)
{
    fprintf(out,
"usage: embargo lists [--json]\n"
"       embargo lists import PATH... [--published YYYY-MM-DD] [--json]\n"
"       embargo lists diff SOURCE [--from N] [--to N] [--json]\n"
"\n"
"  lists            every version of every source, newest marked '*'\n"
"  lists import     read official list files or folders (formats detected:\n"
"                   OFAC sdn/add/alt/sdn_comments.csv and cons_*.csv, OFAC\n"
"                   sdn.xml/consolidated.xml, OFAC advanced XML, UN\n"
"                   consolidated XML, trade.gov CSL CSV, BIS dpl.txt) and\n"
"                   store each publication as a new version of its source,\n"
"                   all in one transaction; identical files are not stored\n"
"                   twice. A bad file stops the import and changes nothing.\n"
"                   --published gives the publication date of files that\n"
"                   carry none (OFAC CSV, CSL); otherwise it is inferred\n"
"                   from the newest listing date in the records.\n"
"  lists diff       records added, removed and changed between versions N\n"
"                   (default: the two newest) of SOURCE\n");
}

/* Days between a YYYY-MM-DD string and today (UTC); -1 if unparsable. */
static long age_days(const char *ymd)
{
    struct tm tm = {0};
    if (sscanf(ymd, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t then = timegm(&tm);
    return (long)((time(NULL) - then) / 86400);
}

static json_t *version_json(const emb_version *v)
{
    char *txt = emb_version_json(v);
    json_t *j = txt ? json_loads(txt, 0, NULL) : NULL;
    emb_free(txt);
    return j;
}

static void print_json(json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s) {
        puts(s);
        free(s);
    }
    json_decref(j);
}

static int lists_show(cli_common *c)
{
    emb_db *db = NULL;
    int ex = cli_open_db(c, EMB_DB_READONLY, &db);
    if (ex)
        return ex;
    emb_version *v = NULL;
    size_t n = 0;
    int rc = emb_db_versions(db, NULL, &v, &n);
    if (rc != EMB_OK) {
        ex = cli_fail(rc, "lists", emb_db_errmsg(db));
        emb_db_close(db);
        return ex;
    }
    if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *o = version_json(&v[i]);
            int newest = 1;
            for (size_t k = i + 1; k < n; k++)
                if (!strcmp(v[k].source, v[i].source))
                    newest = 0;
            json_object_set_new(o, "current", json_boolean(newest));
            json_array_append_new(arr, o);
        }
        print_json(arr);
    } else if (n == 0) {
        printf("no lists loaded (embargo lists import DIR)\n");
    } else {
        printf("  %-13s %3s  %-18s %-10s %-10s %8s  %-20s  %s\n", "SOURCE",
               "VER", "FORMAT", "PUBLISHED", "AGE", "RECORDS", "IMPORTED",
               "SHA256");
        for (size_t i = 0; i < n; i++) {
            int newest = 1;
            for (size_t k = i + 1; k < n; k++)
                if (!strcmp(v[k].source, v[i].source))
                    newest = 0;
            char age[32];
            long d = age_days(v[i].published);
            snprintf(age, sizeof age, "%ld days%s", d,
                     v[i].published_inferred ? "*" : "");
            printf("%c %-13s %3d  %-18s %-10s %-10s %8ld  %-20s  %.12s\n",
                   newest ? '*' : ' ', v[i].source, v[i].seq, v[i].format,
                   v[i].published, d < 0 ? "?" : age, v[i].records,
                   v[i].imported_at, v[i].sha256);
        }
        int any_inferred = 0;
        for (size_t i = 0; i < n; i++)
            any_inferred |= v[i].published_inferred;
        printf("\n'*' before a source: the version in force.%s\n",
               any_inferred ? " '*' after an age: the files carry no "
                              "publication date; it is inferred from the "
                              "newest listing date in the records." : "");
    }
    emb_free(v);
    emb_db_close(db);
    return EXIT_OK;
}

static int lists_import(int argc, char **argv, const char *published,
                        cli_common *c)
{
    emb_period pub = {0};
    if (published && (emb_period_parse(published, &pub) != EMB_OK ||
                      pub.from.day == 0 || pub.circa ||
                      pub.from.year != pub.to.year || pub.from.day != pub.to.day)) {
        fprintf(stderr, "embargo: --published needs a date as YYYY-MM-DD\n");
        return EXIT_USAGE;
    }
    emb_recset **all = NULL;
    size_t n_all = 0;
    int ex = EXIT_OK;
    for (int i = 0; i < argc; i++) {
        emb_recset **sets = NULL;
        size_t n = 0;
        emb_error err;
        int rc = emb_lists_read(argv[i], &sets, &n, &err);
        if (rc != EMB_OK) {
            char buf[1600];
            fprintf(stderr, "embargo: import failed, nothing was changed\n");
            ex = cli_fail(rc, "error", emb_error_format(&err, buf, sizeof buf));
            goto out;
        }
        for (size_t k = 0; published && k < n; k++) {
            int inferred = 0;
            emb_recset_published(sets[k], &inferred);
            if (inferred || emb_recset_published(sets[k], NULL).year == 0)
                emb_recset_set_published(sets[k], pub.from);
        }
        emb_recset **p = realloc(all, (n_all + n) * sizeof *p);
        if (!p) {
            for (size_t k = 0; k < n; k++)
                emb_recset_free(sets[k]);
            emb_free(sets);
            ex = cli_fail(EMB_ERR_NOMEM, "import", NULL);
            goto out;
        }
        all = p;
        memcpy(all + n_all, sets, n * sizeof *sets);
        n_all += n;
        emb_free(sets);
    }
    for (size_t i = 0; i < n_all; i++)
        for (size_t w = 0; w < emb_recset_warning_count(all[i]); w++)
            fprintf(stderr, "embargo: warning: %s\n",
                    emb_recset_warning(all[i], w));
    emb_db *db = NULL;
    ex = cli_open_db(c, EMB_DB_CREATE, &db);
    if (ex)
        goto out;
    emb_import_result *res = calloc(n_all ? n_all : 1, sizeof *res);
    int rc = res ? emb_db_import(db, all, n_all, res) : EMB_ERR_NOMEM;
    if (rc != EMB_OK) {
        fprintf(stderr, "embargo: import failed, nothing was changed\n");
        ex = cli_fail(rc, "import", emb_db_errmsg(db));
    } else if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n_all; i++) {
            json_t *o = version_json(&res[i].version);
            json_object_set_new(o, "unchanged", json_boolean(res[i].unchanged));
            json_t *files = json_array();
            for (size_t f = 0; f < emb_recset_file_count(all[i]); f++)
                json_array_append_new(
                    files, json_pack("{s:s,s:s}", "path",
                                     emb_recset_file_path(all[i], f), "sha256",
                                     emb_recset_file_sha256(all[i], f)));
            json_object_set_new(o, "files", files);
            json_array_append_new(arr, o);
        }
        print_json(arr);
    } else {
        for (size_t i = 0; i < n_all; i++) {
            const emb_version *v = &res[i].version;
            printf("%-13s v%-3d %-18s published %s%s  %6ld records  %s\n",
                   v->source, v->seq, v->format, v->published,
                   v->published_inferred ? " (inferred)" : "", v->records,
                   res[i].unchanged ? "unchanged (already imported)"
                                    : "imported");
        }
    }
    free(res);
    emb_db_close(db);
out:
    for (size_t i = 0; i < n_all; i++)
        emb_recset_free(all[i]);
    free(all);
    return ex;
}

/* Version id of the seq-th version of source (seq <= 0: 0, the default). */
static int version_id_for(emb_db *db, const char *source, int seq,
                          int64_t *id)
{
    *id = 0;
    if (seq <= 0)
        return EMB_OK;
    emb_version *v = NULL;
    size_t n = 0;
    int rc = emb_db_versions(db, source, &v, &n);
    if (rc != EMB_OK)
        return rc;
    rc = EMB_ERR_NOTFOUND;
    for (size_t i = 0; i < n; i++)
        if (v[i].seq == seq) {
            *id = v[i].id;
            rc = EMB_OK;
        }
    emb_free(v);
    return rc;
}

static const char *change_name(emb_change c)
{
    return c == EMB_CHANGE_ADDED     ? "added"
           : c == EMB_CHANGE_REMOVED ? "removed"
                                     : "changed";
}

static int lists_diff(const char *source, int from, int to, cli_common *c)
{
    emb_db *db = NULL;
    int ex = cli_open_db(c, EMB_DB_READONLY, &db);
    if (ex)
        return ex;
    int64_t from_id = 0, to_id = 0;
    int rc = version_id_for(db, source, from, &from_id);
    if (rc == EMB_OK)
        rc = version_id_for(db, source, to, &to_id);
    if (rc != EMB_OK) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s has no version %d", source,
                 from_id ? to : from);
        emb_db_close(db);
        return cli_fail(rc, "diff", msg);
    }
    if ((from > 0) != (to > 0)) {
        emb_db_close(db);
        return cli_fail(EMB_ERR_USAGE, "diff", "give both --from and --to");
    }
    emb_diff *d = NULL;
    rc = emb_db_diff(db, source, from_id, to_id, &d);
    if (rc != EMB_OK) {
        ex = cli_fail(rc, "diff", emb_db_errmsg(db));
        emb_db_close(db);
        return ex;
    }
    const emb_version *vf = emb_diff_from(d), *vt = emb_diff_to(d);
    size_t n = emb_diff_count(d), counts[4] = {0};
    for (size_t i = 0; i < n; i++)
        counts[emb_diff_get(d, i)->change]++;
    if (c->json) {
        json_t *entries = json_array();
        for (size_t i = 0; i < n; i++) {
            const emb_diff_entry *e = emb_diff_get(d, i);
            json_t *o = json_pack("{s:s,s:s,s:s}", "change",
                                  change_name(e->change), "source_id",
                                  e->source_id, "name", e->name ? e->name : "");
            if (e->change == EMB_CHANGE_CHANGED) {
                json_t *f = json_array();
                for (size_t k = 0; k < e->n_fields; k++)
                    json_array_append_new(f, json_string(e->fields[k]));
                json_object_set_new(o, "fields", f);
            }
            json_array_append_new(entries, o);
        }
        json_t *root = json_pack(
            "{s:s, s:o, s:o, s:{s:i,s:i,s:i}, s:o}", "source", source, "from",
            version_json(vf), "to", version_json(vt), "summary", "added",
            (int)counts[EMB_CHANGE_ADDED], "removed",
            (int)counts[EMB_CHANGE_REMOVED], "changed",
            (int)counts[EMB_CHANGE_CHANGED], "entries", entries);
        print_json(root);
    } else {
        printf("%s: version %d (published %s) -> version %d (published %s)\n",
               source, vf->seq, vf->published, vt->seq, vt->published);
        printf("%zu added, %zu removed, %zu changed\n\n",
               counts[EMB_CHANGE_ADDED], counts[EMB_CHANGE_REMOVED],
               counts[EMB_CHANGE_CHANGED]);
        for (size_t i = 0; i < n; i++) {
            const emb_diff_entry *e = emb_diff_get(d, i);
            printf("%-8s %-10s %s", change_name(e->change), e->source_id,
                   e->name ? e->name : "");
            if (e->change == EMB_CHANGE_CHANGED) {
                printf("  [");
                for (size_t k = 0; k < e->n_fields; k++)
                    printf("%s%s", k ? ", " : "", e->fields[k]);
                printf("]");
            }
            printf("\n");
        }
    }
    emb_diff_free(d);
    emb_db_close(db);
    return EXIT_OK;
}

int cmd_lists(int argc, char **argv, cli_common *c)
{
    const char *sub = NULL;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0, from = 0, to = 0;
    const char *published = NULL;
    if (!pos)
        return cli_fail(EMB_ERR_NOMEM, "lists", NULL);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json")) {
            c->json = 1;
        } else if (!strcmp(a, "--db") && i + 1 < argc) {
            c->db_path = argv[++i];
        } else if ((!strcmp(a, "--from") || !strcmp(a, "--to")) && i + 1 < argc) {
            char *end;
            long v = strtol(argv[i + 1], &end, 10);
            if (*end || v <= 0) {
                free(pos);
                fprintf(stderr, "embargo: %s needs a version number (1, 2, ...)\n", a);
                return EXIT_USAGE;
            }
            if (a[2] == 'f')
                from = (int)v;
            else
                to = (int)v;
            i++;
        } else if (!strcmp(a, "--published") && i + 1 < argc) {
            published = argv[++i];
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            free(pos);
            lists_usage(stdout);
            return EXIT_OK;
        } else if (a[0] == '-' && a[1]) {
            free(pos);
            fprintf(stderr, "embargo: lists: unknown option %s\n", a);
            lists_usage(stderr);
            return EXIT_USAGE;
        } else if (!sub) {
            sub = a;
        } else {
            pos[npos++] = argv[i];
        }
    }
    int ex;
    if (!sub || !strcmp(sub, "versions")) {
        ex = lists_show(c);
    } else if (!strcmp(sub, "import")) {
        if (npos == 0) {
            fprintf(stderr, "embargo: lists import needs a file or folder\n");
            ex = EXIT_USAGE;
        } else {
            ex = lists_import(npos, pos, published, c);
        }
    } else if (!strcmp(sub, "diff")) {
        if (npos != 1) {
            fprintf(stderr, "embargo: lists diff needs one SOURCE\n");
            ex = EXIT_USAGE;
        } else {
            ex = lists_diff(pos[0], from, to, c);
        }
    } else {
        fprintf(stderr, "embargo: lists: unknown command '%s'\n", sub);
        lists_usage(stderr);
        ex = EXIT_USAGE;
    }
    free(pos);
    return ex;
}
