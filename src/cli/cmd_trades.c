/*
 * cmd_trades.c - `embargo trades orders.csv`: one NDJSON decision per
 * order on stdout, per-row problems and a summary on stderr. Each order
 * is decided on the list versions in force at its own trade time.
 */
#include <stdio.h>
#include <string.h>

#include "cmd_rules.h"

static void trades_usage(FILE *out)
{
    fprintf(out,
"usage: embargo trades ORDERS.csv [--secmaster FILE] [--holdings FILE]\n"
"                                 [--as-of YYYY-MM-DD]\n"
"\n"
"Decides every order (allow, review or reject, with reasons and the list\n"
"version used) and writes one JSON line per order to stdout.\n"
"ORDERS.csv columns: id,time,side,security,us_person[,purpose,license,\n"
"  counterparty_us_person]; time is ISO 8601 with an offset or Z; side\n"
"  buy|sell; us_person true|false|unknown; purpose divestment |\n"
"  dividend_reinvestment | market_making.\n"
"--secmaster: security,kind,issuer,underlying; --holdings:\n"
"  fund,security,weight (fund look-through).\n"
"--as-of ignores list versions published after that date (replays what\n"
"  was known then).\n"
"Rows that cannot be read are decided 'review' and reported on stderr.\n"
"docs/rules.md lists every rule and reason code.\n");
}

int cmd_trades(int argc, char **argv, cli_common *c)
{
    rules_opts o;
    int ex = rules_opts_parse(argc, argv, c, &o, trades_usage);
    if (ex)
        return ex < 0 ? EXIT_OK : ex;
    if (!o.input) {
        trades_usage(stderr);
        return EXIT_USAGE;
    }
    emb_rules *r;
    if ((ex = rules_cli_load(c, &o, 1, 1, &r)) != EXIT_OK)
        return ex;
    emb_orders_stats st;
    emb_error err;
    memset(&err, 0, sizeof err);
    int rc = emb_decide_orders(r, o.input, NULL, 0, stdout, stderr, &st,
                               &err);
    emb_rules_free(r);
    if (fflush(stdout) != 0 && rc == EMB_OK)
        rc = EMB_ERR_IO;
    if (rc != EMB_OK) {
        char msg[1200];
        return cli_fail(rc, "trades", emb_error_format(&err, msg, sizeof msg));
    }
    fprintf(stderr,
            "embargo: trades: %llu orders: %llu allow, %llu review, %llu "
            "reject (%llu with unreadable fields)\n",
            (unsigned long long)st.rows, (unsigned long long)st.allow,
            (unsigned long long)st.review, (unsigned long long)st.reject,
            (unsigned long long)st.input_errors);
    return EXIT_OK;
}
