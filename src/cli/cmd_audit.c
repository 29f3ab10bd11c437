/*
 * cmd_audit.c - `embargo audit verify` recomputes the hash chain of the
 * audit log and says whether it is intact; `embargo audit list` prints the
 * entries (JSON lines).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

int cmd_audit(int argc, char **argv, cli_common *c);

static void audit_usage(FILE *out)
{
    fprintf(out,
"usage: embargo audit verify [--json]\n"
"       embargo audit list [--since SEQ|TIME] [--limit N]\n"
"\n"
"verify  recomputes every entry's SHA-256 chain link; exit 0 when the\n"
"        chain is intact, 2 when an entry was altered, removed or\n"
"        inserted (the first broken entry is named)\n"
"list    prints the entries, one JSON object per line, oldest first\n");
}

static int open_monitor(cli_common *c, emb_monitor **m)
{
    const char *path = c->db_path ? c->db_path : emb_db_default_path();
    int rc = emb_monitor_open(path, m);
    if (rc) {
        int ex = cli_fail(rc, path, *m ? emb_monitor_errmsg(*m) : NULL);
        emb_monitor_close(*m);
        *m = NULL;
        return ex;
    }
    return EXIT_OK;
}

static int audit_verify(cli_common *c)
{
    emb_monitor *m = NULL;
    int ex = open_monitor(c, &m);
    if (ex)
        return ex;
    emb_audit_report rep;
    int rc = emb_audit_verify(m, &rep);
    if (rc != EMB_OK && rc != EMB_ERR_INVALID) {
        ex = cli_fail(rc, "audit verify", emb_monitor_errmsg(m));
        emb_monitor_close(m);
        return ex;
    }
    emb_monitor_close(m);
    if (c->json) {
        json_t *j = json_pack("{s:b, s:I, s:I, s:s, s:s}", "intact",
                              rc == EMB_OK, "entries",
                              (json_int_t)rep.entries, "first_bad",
                              (json_int_t)rep.first_bad, "head", rep.head,
                              "message", rep.message);
        char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s)
            printf("%s\n", s);
        free(s);
        json_decref(j);
    } else if (rc == EMB_OK) {
        printf("audit log intact: %lld entries%s%s\n",
               (long long)rep.entries, rep.entries ? ", head " : "",
               rep.head);
    } else {
        printf("audit log BROKEN at entry %lld: %s\n",
               (long long)rep.first_bad, rep.message);
    }
    return rc == EMB_OK ? EXIT_OK : EXIT_INPUT;
}

static int audit_list(cli_common *c, const char *since, long limit)
{
    emb_monitor *m = NULL;
    int ex = open_monitor(c, &m);
    if (ex)
        return ex;
    char *js = NULL;
    int rc = emb_audit_json(m, since, limit, &js);
    if (rc) {
        ex = cli_fail(rc, "audit list", emb_monitor_errmsg(m));
        emb_monitor_close(m);
        return ex;
    }
    emb_monitor_close(m);
    json_t *arr = json_loads(js, 0, NULL);
    emb_free(js);
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) {
        char *s = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s)
            printf("%s\n", s);
        free(s);
    }
    json_decref(arr);
    return EXIT_OK;
}

int cmd_audit(int argc, char **argv, cli_common *c)
{
    const char *sub = NULL, *since = NULL;
    long limit = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            audit_usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--json")) {
            c->json = 1;
        } else if (!strcmp(a, "--db") && i + 1 < argc) {
            c->db_path = argv[++i];
        } else if (!strcmp(a, "--since") && i + 1 < argc) {
            since = argv[++i];
        } else if (!strcmp(a, "--limit") && i + 1 < argc) {
            limit = strtol(argv[++i], NULL, 10);
        } else if (!sub && a[0] != '-') {
            sub = a;
        } else {
            fprintf(stderr, "embargo: audit: unknown option %s\n", a);
            audit_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (sub && !strcmp(sub, "verify"))
        return audit_verify(c);
    if (sub && !strcmp(sub, "list"))
        return audit_list(c, since, limit);
    audit_usage(stderr);
    return EXIT_USAGE;
}
