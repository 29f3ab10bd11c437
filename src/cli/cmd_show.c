/*
 * cmd_show.c - `embargo show SOURCE:ID`: one listed record in full, as
 * text for people or as the record's JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void show_usage(FILE *out)
{
    fprintf(out,
"usage: embargo show SOURCE:ID [--version N] [--json]\n"
"\n"
"Shows a listed record as its source publishes it, e.g.\n"
"  embargo show us_ofac_cons:33111\n"
"  embargo show un_sc:QDi.001 --json\n"
"--version N shows it as in version N of the source (default: newest).\n");
}

static const char *name_type(emb_name_type t)
{
    switch (t) {
    case EMB_NAME_PRIMARY: return "name";
    case EMB_NAME_AKA: return "a.k.a.";
    case EMB_NAME_FKA: return "f.k.a.";
    case EMB_NAME_NKA: return "n.k.a.";
    }
    return "name";
}

static void row(const char *label, const char *value)
{
    if (value && *value)
        printf("  %-14s %s\n", label, value);
}

static void print_record(const emb_record *r)
{
    char d1[11], d2[11], d3[11];
    printf("%s:%s  %s\n", r->source, r->source_id,
           r->n_names ? r->names[0].full : "");
    row("type", emb_kind_name(r->kind));
    row("list", r->list);
    for (size_t i = 1; i < r->n_names; i++) {
        char label[32];
        snprintf(label, sizeof label, "%s%s", name_type(r->names[i].type),
                 r->names[i].weak ? " (weak)" : "");
        if (r->names[i].script)
            snprintf(label, sizeof label, "original script");
        row(label, r->names[i].full);
    }
    for (size_t i = 0; i < r->n_programs; i++)
        row("program", r->programs[i]);
    if (r->cmic_listing.year || r->cmic_effective.year ||
        r->cmic_divestment.year) {
        char buf[128];
        snprintf(buf, sizeof buf, "listed %s, effective %s, divestment %s",
                 emb_date_format(r->cmic_listing, d1),
                 emb_date_format(r->cmic_effective, d2),
                 emb_date_format(r->cmic_divestment, d3));
        row("NS-CMIC", buf);
    }
    row("listed on", emb_date_format(r->listed_on, d1));
    row("ends on", emb_date_format(r->ends_on, d1));
    row("title", r->title);
    row("gender", r->gender);
    for (size_t i = 0; i < r->n_births; i++)
        row("born", r->births[i].text ? r->births[i].text
                                      : emb_date_format(r->births[i].from, d1));
    for (size_t i = 0; i < r->n_birthplaces; i++)
        row("birthplace", r->birthplaces[i]);
    for (size_t i = 0; i < r->n_nationalities; i++)
        row("nationality", r->nationalities[i]);
    for (size_t i = 0; i < r->n_citizenships; i++)
        row("citizenship", r->citizenships[i]);
    for (size_t i = 0; i < r->n_idents; i++) {
        const emb_ident *id = &r->idents[i];
        char buf[1024];
        snprintf(buf, sizeof buf, "%s %s%s%s%s%s%s%s%s",
                 id->type ? id->type : "", id->value, id->country ? " (" : "",
                 id->country ? id->country : "", id->country ? ")" : "",
                 id->issued ? " issued " : "", id->issued ? id->issued : "",
                 id->expires ? " expires " : "",
                 id->expires ? id->expires : "");
        row(emb_id_kind_name(id->kind), buf);
    }
    for (size_t i = 0; i < r->n_addresses; i++)
        row("address", r->addresses[i].text);
    for (size_t i = 0; i < r->n_relations; i++) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%s %s", r->relations[i].type,
                 r->relations[i].target ? r->relations[i].target
                                        : r->relations[i].target_id);
        row("relation", buf);
    }
    row("vessel type", r->vessel.type);
    row("call sign", r->vessel.call_sign);
    row("flag", r->vessel.flag);
    row("owner", r->vessel.owner);
    for (size_t i = 0; i < r->n_facts; i++)
        row(r->facts[i].key ? r->facts[i].key : "note", r->facts[i].value);
    row("remarks", r->remarks);
}

int cmd_show(int argc, char **argv, cli_common *c)
{
    const char *ref = NULL;
    int version = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json")) {
            c->json = 1;
        } else if (!strcmp(a, "--db") && i + 1 < argc) {
            c->db_path = argv[++i];
        } else if (!strcmp(a, "--version") && i + 1 < argc) {
            version = atoi(argv[++i]);
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            show_usage(stdout);
            return EXIT_OK;
        } else if (a[0] == '-') {
            fprintf(stderr, "embargo: show: unknown option %s\n", a);
            show_usage(stderr);
            return EXIT_USAGE;
        } else if (!ref) {
            ref = a;
        } else {
            show_usage(stderr);
            return EXIT_USAGE;
        }
    }
    const char *colon = ref ? strchr(ref, ':') : NULL;
    if (!colon || colon == ref || !colon[1]) {
        fprintf(stderr, "embargo: show needs SOURCE:ID, e.g. us_ofac_cons:33111\n");
        return EXIT_USAGE;
    }
    char source[64];
    snprintf(source, sizeof source, "%.*s", (int)(colon - ref), ref);
    emb_db *db = NULL;
    int ex = cli_open_db(c, EMB_DB_READONLY, &db);
    if (ex)
        return ex;
    int64_t vid = 0;
    if (version > 0) {
        emb_version *v = NULL;
        size_t n = 0;
        if (emb_db_versions(db, source, &v, &n) == EMB_OK)
            for (size_t i = 0; i < n; i++)
                if (v[i].seq == version)
                    vid = v[i].id;
        emb_free(v);
        if (!vid) {
            emb_db_close(db);
            return cli_fail(EMB_ERR_NOTFOUND, ref, "no such version");
        }
    }
    emb_recset *set = NULL;
    int rc = emb_db_record(db, source, colon + 1, vid, &set);
    if (rc != EMB_OK) {
        ex = cli_fail(rc, ref, rc == EMB_ERR_NOTFOUND ? "no such record"
                                                      : emb_db_errmsg(db));
        emb_db_close(db);
        return ex;
    }
    const emb_record *r = emb_recset_get(set, 0);
    if (c->json) {
        char *json = NULL;
        rc = emb_record_to_json(r, EMB_JSON_PRETTY, &json);
        if (rc == EMB_OK)
            puts(json);
        emb_free(json);
        ex = cli_exit_for(rc);
    } else {
        print_record(r);
    }
    emb_recset_free(set);
    emb_db_close(db);
    return ex;
}
