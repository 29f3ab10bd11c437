/*
 * cli.h - what the subcommands of the embargo tool share. The tool uses
 * only the public API (include/embargo.h); this header is its own.
 */
#ifndef EMB_CLI_H
#define EMB_CLI_H

#include <stdio.h>

#include "embargo.h"

/* Exit statuses, documented in `embargo --help` and docs/cli.md. */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 1,    /* bad command line */
    EXIT_INPUT = 2,    /* an input file is unreadable or malformed */
    EXIT_NOTFOUND = 3, /* no such source, version or record */
    EXIT_DB = 4,       /* the database failed */
    EXIT_FAIL = 5      /* anything else (out of memory ...) */
};

/* Options every subcommand accepts. */
typedef struct cli_common {
    const char *db_path; /* --db, else emb_db_default_path() */
    int json;            /* --json */
} cli_common;

/* Maps an emb_status to an exit status. */
int cli_exit_for(int status);
/* Prints "embargo: <what>: <message>" to stderr and returns the exit
 * status for code. */
int cli_fail(int code, const char *what, const char *message);
/* Opens the database; prints the error and returns non-zero on failure. */
int cli_open_db(const cli_common *c, int flags, emb_db **db);

int cmd_lists(int argc, char **argv, cli_common *c);
int cmd_show(int argc, char **argv, cli_common *c);
int cmd_screen(int argc, char **argv, cli_common *c);
int cmd_serve(int argc, char **argv, cli_common *c);
int cmd_audit(int argc, char **argv, cli_common *c);
int cmd_update(int argc, char **argv, cli_common *c);

#endif
