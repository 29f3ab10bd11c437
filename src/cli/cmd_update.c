/*
 * cmd_update.c - `embargo lists update --from URL|DIR`: fetches the
 * official list files (or reads a folder), imports them in one
 * transaction, re-screens the watched books against what changed, and
 * records the import in the audit log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

int cmd_update(int argc, char **argv, cli_common *c);

static void update_usage(FILE *out)
{
    fprintf(out,
"usage: embargo lists update --from URL|DIR [--json]\n"
"\n"
"Fetches official list files and imports them in one transaction.\n"
"  URL of a folder: every official file name is tried below it\n"
"      (cons_prim.csv, sdn.csv, ..., dpl.txt); missing ones are skipped\n"
"  URL of one file: that file\n"
"  DIR: a local folder, imported as it is\n"
"Watched books are then re-screened against the records that changed.\n"
"Default source: $EMBARGO_UPDATE_FROM.\n");
}

int cmd_update(int argc, char **argv, cli_common *c)
{
    const char *from = getenv("EMBARGO_UPDATE_FROM");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            update_usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--from") && i + 1 < argc) {
            from = argv[++i];
        } else if (!strcmp(a, "--json")) {
            c->json = 1;
        } else if (!strcmp(a, "--db") && i + 1 < argc) {
            c->db_path = argv[++i];
        } else if (!strcmp(a, "update") && i == 1) {
            continue; /* called as `lists update` with argv from "lists" */
        } else {
            fprintf(stderr, "embargo: lists update: unknown option %s\n", a);
            update_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (!from || !*from) {
        fprintf(stderr, "embargo: lists update needs --from URL|DIR\n");
        update_usage(stderr);
        return EXIT_USAGE;
    }
    emb_db *db = NULL;
    int ex = cli_open_db(c, EMB_DB_CREATE, &db);
    if (ex)
        return ex;
    emb_import_result *res = NULL;
    size_t n = 0;
    emb_error err = {0};
    int rc = emb_lists_update(db, from, &res, &n, &err);
    if (rc) {
        char msg[1200];
        emb_error_format(&err, msg, sizeof msg);
        emb_db_close(db);
        fprintf(stderr, "embargo: update failed, nothing was changed\n");
        return cli_fail(rc, "update", msg);
    }
    /* Alerts for the watched books (against this update and any version
     * they have not been re-screened against yet), and the audit entry. */
    const char *path = c->db_path ? c->db_path : emb_db_default_path();
    emb_monitor *m = NULL;
    emb_rescreen_stats st = {0};
    int mrc = emb_monitor_open(path, &m);
    if (mrc == EMB_OK)
        mrc = emb_monitor_catch_up(m, db, -1, NULL, &st);
    if (mrc)
        fprintf(stderr,
                "embargo: the lists are imported, but re-screening the "
                "watched books failed (%s); it is done again by the next "
                "update and when the server starts\n",
                m ? emb_monitor_errmsg(m) : emb_strerror(mrc));
    json_t *imported = json_array();
    for (size_t i = 0; i < n; i++) {
        const emb_version *v = &res[i].version;
        json_array_append_new(
            imported, json_pack("{s:s, s:i, s:s, s:i, s:b}", "source",
                                v->source, "version", v->seq, "published",
                                v->published, "records", (int)v->records,
                                "unchanged", res[i].unchanged));
    }
    if (m) {
        const char *user = getenv("USER");
        char who[96];
        snprintf(who, sizeof who, "cli:%s", user && *user ? user : "unknown");
        json_t *d = json_pack("{s:s, s:O, s:{s:i, s:i}}", "from", from,
                              "imported", imported, "alerts", "opened",
                              (int)st.opened, "closed", (int)st.closed);
        char *dj = json_dumps(d, JSON_COMPACT);
        emb_audit_item it = {.who = who, .action = "import",
                             .detail_json = dj};
        emb_audit_append(m, &it, 1);
        free(dj);
        json_decref(d);
    }
    emb_monitor_close(m);
    emb_db_close(db);
    if (c->json) {
        json_t *j = json_pack("{s:O, s:{s:i, s:i, s:i}}", "imported",
                              imported, "alerts", "opened", (int)st.opened,
                              "closed", (int)st.closed, "suppressed",
                              (int)st.suppressed);
        char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s)
            printf("%s\n", s);
        free(s);
        json_decref(j);
    } else {
        for (size_t i = 0; i < n; i++) {
            const emb_version *v = &res[i].version;
            printf("%-13s v%-3d published %s  %6ld records%s\n", v->source,
                   v->seq, v->published, v->records,
                   res[i].unchanged ? "  (unchanged)" : "");
        }
        if (mrc == EMB_OK)
            printf("alerts: %ld opened, %ld closed, %ld suppressed\n",
                   st.opened, st.closed, st.suppressed);
    }
    json_decref(imported);
    emb_free(res);
    return EXIT_OK;
}
