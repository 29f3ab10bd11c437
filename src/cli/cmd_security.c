/*
 * cmd_security.c - `embargo security ID`: is a security covered, by which
 * listed record, along which path, with which NS-CMIC dates; also the
 * option parsing and loading that `trades` and `holdings` share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_rules.h"

static void security_usage(FILE *out)
{
    fprintf(out,
"usage: embargo security ID [--secmaster FILE] [--holdings FILE]\n"
"                           [--as-of YYYY-MM-DD] [--json]\n"
"\n"
"Tells whether a security is covered by the NS-CMIC investment ban or\n"
"issued by an SDN or an export-listed party. ID is an ISIN, CUSIP, SEDOL,\n"
"FIGI, a ticker (\"0728 HK\", \"0728.HK\", \"HKG:0728\") or a code of the\n"
"security master, which is followed to issuers, underlyings and fund\n"
"holdings. --as-of uses the list versions in force on that date.\n"
"Examples:\n"
"  embargo security CNE100000PM8\n"
"  embargo security \"0728 HK\" --json\n");
}

int rules_opts_parse(int argc, char **argv, cli_common *c, rules_opts *o,
                     void (*usage)(FILE *))
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "--secmaster"))
            slot = &o->secmaster;
        else if (!strcmp(a, "--holdings"))
            slot = &o->holdings;
        else if (!strcmp(a, "--report"))
            slot = &o->report;
        else if (!strcmp(a, "--as-of"))
            slot = &o->as_of;
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "embargo: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            *slot = argv[++i];
        } else if (!strcmp(a, "--json")) {
            c->json = 1;
        } else if (!strcmp(a, "--csv")) {
            o->csv = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return -1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "embargo: unknown option %s\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (!o->input) {
            o->input = a;
        } else {
            fprintf(stderr, "embargo: unexpected argument '%s'\n", a);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (o->as_of) {
        emb_period p;
        if (emb_period_parse(o->as_of, &p) != EMB_OK || !p.from.day ||
            p.from.year != p.to.year || p.from.month != p.to.month ||
            p.from.day != p.to.day) {
            fprintf(stderr, "embargo: --as-of '%s' is not a date "
                            "(YYYY-MM-DD)\n", o->as_of);
            return EXIT_USAGE;
        }
        o->as_of_date = p.from;
    }
    return EXIT_OK;
}

static int load_file(emb_rules *r, const char *path, int secmaster)
{
    emb_error err;
    size_t before = emb_rules_warning_count(r);
    int rc = secmaster ? emb_rules_load_secmaster(r, path, NULL, 0, &err)
                       : emb_rules_load_holdings(r, path, NULL, 0, &err);
    for (size_t i = before; i < emb_rules_warning_count(r); i++)
        fprintf(stderr, "embargo: warning: %s\n", emb_rules_warning(r, i));
    if (rc != EMB_OK) {
        char msg[1200];
        return cli_fail(rc, secmaster ? "secmaster" : "holdings",
                        emb_error_format(&err, msg, sizeof msg));
    }
    return EXIT_OK;
}

int rules_cli_load(const cli_common *c, const rules_opts *o, int all_versions,
                   int until_as_of, emb_rules **out)
{
    *out = NULL;
    emb_db *db;
    int ex = cli_open_db(c, EMB_DB_READONLY, &db);
    if (ex != EXIT_OK)
        return ex;
    emb_rules *r;
    int rc = emb_rules_new(&r);
    if (rc != EMB_OK) {
        emb_db_close(db);
        return cli_fail(rc, "rules", NULL);
    }
    emb_error err;
    memset(&err, 0, sizeof err);
    emb_date none = {0, 0, 0};
    rc = emb_rules_load_db(r, db, all_versions,
                           until_as_of ? o->as_of_date : none, &err);
    emb_db_close(db);
    if (rc != EMB_OK) {
        emb_rules_free(r);
        if (rc == EMB_ERR_NOTFOUND && until_as_of && o->as_of)
            return cli_fail(rc, "lists",
                            "no list version published by --as-of date");
        return cli_fail(rc, "lists",
                        rc == EMB_ERR_NOTFOUND
                            ? "no lists in the database (import them first: "
                              "embargo lists import DIR)"
                            : err.message);
    }
    if ((o->secmaster && (ex = load_file(r, o->secmaster, 1)) != EXIT_OK) ||
        (o->holdings && (ex = load_file(r, o->holdings, 0)) != EXIT_OK)) {
        emb_rules_free(r);
        return ex;
    }
    *out = r;
    return EXIT_OK;
}

/* Days since 1970-01-01 of a calendar date. */
static int64_t days_from_civil(emb_date d)
{
    int y = d.year - (d.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 +
                  d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void print_cover(const emb_cover *c)
{
    const emb_record *rec = c->record;
    char d1[11], d2[11], d3[11];
    printf("  %s:%s  %s  [%s%s%s]\n", rec->source, rec->source_id,
           rec->n_names ? rec->names[0].full : "",
           emb_listed_as_name(c->listed_as), rec->list ? ", list " : "",
           rec->list ? rec->list : "");
    printf("    via %s, path %s: %s (matched '%s')\n", emb_via_name(c->via),
           c->path, c->chain, c->matched ? c->matched : "");
    if (c->weight < 1)
        printf("    look-through weight %.6g%%\n", c->weight * 100);
    if (c->listed_as == EMB_LISTED_CMIC) {
        if (c->effective.year)
            printf("    listed %s; prohibitions from 12:01 a.m. ET %s%s; "
                   "divestment until 12:01 a.m. ET %s%s\n",
                   emb_date_format(c->listing, d1),
                   emb_date_format(c->effective, d2),
                   c->dates_derived & 1 ? " (listing + 60 days)" : "",
                   emb_date_format(c->divestment, d3),
                   c->dates_derived & 2 ? " (listing + 365 days)" : "");
        else
            printf("    no NS-CMIC dates on the record\n");
    }
    printf("    list version %s\n", c->list_version);
}

static void print_security(const emb_security *s)
{
    printf("%s  %s%s%s%s%s\n", s->text, emb_secid_kind_name(s->id.kind),
           s->id_status == EMB_OK ? ", valid" : ", ",
           s->id_status == EMB_OK ? "" : s->id_why,
           s->kind ? ", security master: " : "", s->kind ? s->kind : "");
    if (s->cmic)
        printf("  COVERED by the NS-CMIC investment ban (EO 13959 as "
               "amended by EO 14032)\n");
    if (s->sdn)
        printf("  BLOCKED: an issuer is on the SDN list\n");
    if (s->sdn_share > 0)
        printf("  SDN-issued holdings: %.4g%% of the fund%s\n",
               s->sdn_share * 100,
               s->sdn_share >= 0.5 ? " (>= 50%: treated as blocked)" : "");
    if (s->export_flag)
        printf("  RISK FLAG: an issuer is on an export-control list\n");
    if (s->other_flag)
        printf("  RISK FLAG: an issuer is on another sanctions list\n");
    if (!s->n_covers)
        printf("  not covered: no listed issuer found\n");
    if (s->problem[0])
        printf("  problem: %s\n", s->problem);
    for (size_t i = 0; i < s->n_covers; i++)
        print_cover(&s->covers[i]);
    printf("  lists: %s\n", s->list_version);
}

int cmd_security(int argc, char **argv, cli_common *c)
{
    rules_opts o;
    int ex = rules_opts_parse(argc, argv, c, &o, security_usage);
    if (ex)
        return ex < 0 ? EXIT_OK : ex;
    if (!o.input) {
        security_usage(stderr);
        return EXIT_USAGE;
    }
    emb_rules *r;
    if ((ex = rules_cli_load(c, &o, o.as_of != NULL, 0, &r)) != EXIT_OK)
        return ex;
    int64_t at = EMB_RULES_NEWEST;
    if (o.as_of) /* noon UTC: the same calendar day in New York */
        at = (days_from_civil(o.as_of_date) * 86400 + 12 * 3600) * 1000;
    emb_security *s;
    int rc = emb_security_lookup(r, o.input, at, &s);
    if (rc != EMB_OK) {
        emb_rules_free(r);
        return cli_fail(rc, o.input, NULL);
    }
    if (c->json) {
        char *j;
        if (emb_security_to_json(s, &j) == EMB_OK) {
            printf("%s\n", j);
            emb_free(j);
        }
    } else {
        print_security(s);
    }
    emb_security_free(s);
    emb_rules_free(r);
    return EXIT_OK;
}
