/*
 * cmd_holdings.c - `embargo holdings portfolio.csv --as-of DATE`: every
 * covered position with its rule, dates, days left to divest and path;
 * a table for people, --csv or --json for machines, and --report FILE for
 * a self-contained HTML page with charts.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd_rules.h"

static void holdings_usage(FILE *out)
{
    fprintf(out,
"usage: embargo holdings PORTFOLIO.csv --as-of YYYY-MM-DD\n"
"                        [--secmaster FILE] [--holdings FILE]\n"
"                        [--report REPORT.html] [--json | --csv]\n"
"\n"
"Lists every covered position of a portfolio (columns security and\n"
"optionally account, quantity, value) as of a date: the rule, the NS-CMIC\n"
"dates, days left in the divestment window, and the path (direct,\n"
"derivative, fund look-through). Holding is never a violation; the action\n"
"column says what may still be done. --report writes an HTML report with\n"
"charts of exposure by issuer and by deadline.\n");
}

static void print_table(const emb_report *rep)
{
    printf("%-10s %-16s %-40s %-18s %-10s %-11s %5s\n", "ACCOUNT",
           "SECURITY", "ISSUER", "STATUS", "PATH", "DIVESTMENT", "DAYS");
    for (size_t i = 0; i < emb_report_count(rep); i++) {
        const emb_position *p = emb_report_get(rep, i);
        const emb_record *rec = p->cover->record;
        char d[11] = "";
        if (p->cover->divestment.year)
            emb_date_format(p->cover->divestment, d);
        char days[24] = "";
        if (p->days_left >= 0)
            snprintf(days, sizeof days, "%ld", p->days_left);
        printf("%-10.10s %-16.16s %-40.40s %-18s %-10s %-11s %5s\n",
               p->account, p->security,
               rec->n_names ? rec->names[0].full : rec->source_id, p->status,
               p->cover->path, d, days);
    }
    printf("%zu covered positions in %zu portfolio rows\n",
           emb_report_count(rep), emb_report_rows(rep));
}

int cmd_holdings(int argc, char **argv, cli_common *c)
{
    rules_opts o;
    int ex = rules_opts_parse(argc, argv, c, &o, holdings_usage);
    if (ex)
        return ex < 0 ? EXIT_OK : ex;
    if (!o.input || !o.as_of) {
        fprintf(stderr, "embargo: holdings needs PORTFOLIO.csv and "
                        "--as-of DATE\n");
        holdings_usage(stderr);
        return EXIT_USAGE;
    }
    if (o.csv && c->json) {
        fprintf(stderr, "embargo: --json and --csv exclude each other\n");
        return EXIT_USAGE;
    }
    emb_rules *r;
    if ((ex = rules_cli_load(c, &o, 1, 0, &r)) != EXIT_OK)
        return ex;
    emb_report *rep;
    emb_error err;
    memset(&err, 0, sizeof err);
    int rc = emb_holdings_report(r, o.input, NULL, 0, o.as_of_date, &rep,
                                 &err);
    if (rc != EMB_OK) {
        emb_rules_free(r);
        char msg[1200];
        return cli_fail(rc, "holdings",
                        emb_error_format(&err, msg, sizeof msg));
    }
    for (size_t i = 0; i < emb_report_warning_count(rep); i++)
        fprintf(stderr, "embargo: warning: %s\n", emb_report_warning(rep, i));
    ex = EXIT_OK;
    if (o.report) {
        FILE *f = fopen(o.report, "w");
        if (!f) {
            ex = cli_fail(EMB_ERR_IO, o.report, strerror(errno));
        } else {
            rc = emb_report_write(rep, EMB_REPORT_HTML, f);
            if (fclose(f) != 0 && rc == EMB_OK)
                rc = EMB_ERR_IO;
            if (rc != EMB_OK)
                ex = cli_fail(rc, o.report, NULL);
        }
    }
    if (ex == EXIT_OK) {
        if (c->json || o.csv) {
            rc = emb_report_write(rep, c->json ? EMB_REPORT_JSON
                                               : EMB_REPORT_CSV, stdout);
            if (rc != EMB_OK)
                ex = cli_fail(rc, "holdings", NULL);
        } else {
            print_table(rep);
        }
    }
    emb_report_free(rep);
    emb_rules_free(r);
    return ex;
}
