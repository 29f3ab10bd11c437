/*
 * cmd_rules.h - what `embargo security`, `embargo trades` and `embargo
 * holdings` share: their options and loading the lists, the security
 * master and the fund holdings into an emb_rules (cmd_security.c).
 */
#ifndef EMB_CLI_CMD_RULES_H
#define EMB_CLI_CMD_RULES_H

#include "cli.h"

typedef struct rules_opts {
    const char *input;     /* the positional argument */
    const char *secmaster; /* --secmaster FILE */
    const char *holdings;  /* --holdings FILE */
    const char *report;    /* --report FILE (holdings) */
    const char *as_of;     /* --as-of YYYY-MM-DD */
    emb_date as_of_date;
    int csv;               /* --csv */
} rules_opts;

/* Parses argv[1..] into o (--json sets c->json). Prints the problem and
 * returns EXIT_USAGE on a bad option; EXIT_OK otherwise; -1 after printing
 * help (the caller returns EXIT_OK). */
int rules_opts_parse(int argc, char **argv, cli_common *c, rules_opts *o,
                     void (*usage)(FILE *));
/* Opens the database and fills *r: lists (every version of the versioned
 * sources when all_versions; none published after --as-of when
 * until_as_of), then --secmaster and --holdings. Load warnings go to
 * stderr. Returns an exit status. */
int rules_cli_load(const cli_common *c, const rules_opts *o, int all_versions,
                   int until_as_of, emb_rules **r);

int cmd_security(int argc, char **argv, cli_common *c);
int cmd_trades(int argc, char **argv, cli_common *c);
int cmd_holdings(int argc, char **argv, cli_common *c);

#endif
