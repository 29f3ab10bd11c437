/*
 * main.c - the embargo command-line tool: global options and dispatch to
 * the subcommands. Every subcommand prints data to stdout (a table for
 * people, or JSON with --json) and problems to stderr, and ends with one
 * of the exit statuses listed in usage().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_rules.h"

static void usage(FILE *out)
{
    fprintf(out,
"usage: embargo [--db PATH] COMMAND [ARGS]\n"
"\n"
"Sanctions and investment-restriction screening.\n"
"\n"
"Commands:\n"
"  lists                     list the loaded list versions\n"
"  lists import PATH...      import official list files (format detected)\n"
"  lists diff SOURCE         what changed between two versions of a source\n"
"  lists update --from URL|DIR  fetch official files and import them\n"
"  show SOURCE:ID            show one listed record\n"
"  screen NAME               screen a name against every list in force\n"
"  screen --batch FILE       screen a CSV or NDJSON file of names\n"
"  security ID               is a security covered (ISIN, CUSIP, SEDOL, FIGI,\n"
"                            ticker), by whom, with which NS-CMIC dates\n"
"  trades ORDERS.csv         decide orders under the NS-CMIC and sanctions\n"
"                            rules, one NDJSON line each\n"
"  holdings FILE --as-of D   covered positions report (CSV, JSON, HTML)\n"
"  serve [--listen HOST:PORT] [--token T]\n"
"                            HTTP API and the reviewer's page\n"
"  audit verify|list         check or print the chained audit log\n"
"\n"
"Options:\n"
"  --db PATH     database (default: $EMBARGO_DB, else ./embargo.db)\n"
"  --json        machine-readable output, where the output is data\n"
"  -h, --help    help; `embargo COMMAND --help` for a command\n"
"  --version     print the version\n"
"\n"
"Exit status:\n"
"  0 success, 1 usage error, 2 bad input file, 3 not found,\n"
"  4 database error, 5 other failure\n"
"\n"
"Sources: us_ofac_sdn, us_ofac_cons, us_csl, un_sc, us_bis_dpl.\n");
}

int cli_exit_for(int status)
{
    switch (status) {
    case EMB_OK: return EXIT_OK;
    case EMB_ERR_USAGE: return EXIT_USAGE;
    case EMB_ERR_IO:
    case EMB_ERR_PARSE:
    case EMB_ERR_FORMAT:
    case EMB_ERR_LIMIT:
    case EMB_ERR_INVALID: return EXIT_INPUT;
    case EMB_ERR_NOTFOUND: return EXIT_NOTFOUND;
    case EMB_ERR_DB: return EXIT_DB;
    }
    return EXIT_FAIL;
}

int cli_fail(int code, const char *what, const char *message)
{
    fprintf(stderr, "embargo: %s: %s\n", what,
            message && *message ? message : emb_strerror(code));
    return cli_exit_for(code);
}

int cli_open_db(const cli_common *c, int flags, emb_db **db)
{
    const char *path = c->db_path ? c->db_path : emb_db_default_path();
    int rc = emb_db_open(path, flags, db);
    if (rc != EMB_OK) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s",
                 *db ? emb_db_errmsg(*db) : emb_strerror(rc));
        emb_db_close(*db);
        *db = NULL;
        if (rc == EMB_ERR_NOTFOUND)
            snprintf(msg, sizeof msg,
                     "no database (import lists first: embargo lists "
                     "import DIR)");
        return cli_fail(rc, path, msg);
    }
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    cli_common c = {0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            c.db_path = argv[++i];
        } else if (!strncmp(argv[i], "--db=", 5)) {
            c.db_path = argv[i] + 5;
        } else if (!strcmp(argv[i], "--json")) {
            c.json = 1;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--version")) {
            printf("embargo %s\n", EMB_VERSION);
            return EXIT_OK;
        } else {
            fprintf(stderr, "embargo: unknown option %s\n", argv[i]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[i];
    int sub_argc = argc - i;
    char **sub_argv = argv + i;
    if (!strcmp(cmd, "lists") && sub_argc > 1 && !strcmp(sub_argv[1], "update"))
        return cmd_update(sub_argc - 1, sub_argv + 1, &c);
    if (!strcmp(cmd, "lists"))
        return cmd_lists(sub_argc, sub_argv, &c);
    if (!strcmp(cmd, "serve"))
        return cmd_serve(sub_argc, sub_argv, &c);
    if (!strcmp(cmd, "audit"))
        return cmd_audit(sub_argc, sub_argv, &c);
    if (!strcmp(cmd, "show"))
        return cmd_show(sub_argc, sub_argv, &c);
    if (!strcmp(cmd, "security"))
        return cmd_security(sub_argc, sub_argv, &c);
    if (!strcmp(cmd, "trades"))
        return cmd_trades(sub_argc, sub_argv, &c);
    if (!strcmp(cmd, "holdings"))
        return cmd_holdings(sub_argc, sub_argv, &c);
    if (!strcmp(cmd, "screen"))
        return cmd_screen(sub_argc, sub_argv, &c);
    if (!strcmp(cmd, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    fprintf(stderr, "embargo: unknown command '%s'\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
