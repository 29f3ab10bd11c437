/*
 * cmd_screen.c - `embargo screen`: one name, or a batch file of names,
 * against every list in force. Loads the newest version of each source
 * from the database, builds the screening index once, and prints ranked
 * hits with the reason for each.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static void screen_usage(FILE *out)
{
    fprintf(out,
"usage: embargo screen NAME [--type T] [--country C] [--dob D] [--id ID]...\n"
"                           [--threshold X] [--max N] [--exhaustive] [--json]\n"
"       embargo screen --id ID... [options as above]\n"
"       embargo screen --batch FILE|- [--threads N] [--threshold X]\n"
"                           [--max N] [--exhaustive] [--explain]\n"
"\n"
"Screens a name against the primary names and strong aliases of every list\n"
"in force (weak aliases only match exactly), in any script, and identifiers\n"
"against the listed parties' identifiers.\n"
"  --type T         person, entity, vessel or aircraft\n"
"  --country C      ISO code or English name (evidence, never hides a hit)\n"
"  --dob D          date of birth YYYY, YYYY-MM or YYYY-MM-DD (evidence)\n"
"  --id ID          an identifier of the party, of any kind (passport,\n"
"                   tax or registration number, IMO, SWIFT/BIC, LEI,\n"
"                   digital currency address, e-mail, website...); a party\n"
"                   holding it is a hit at 1; repeat for more (at most\n"
"                   %d); the name may then be left out\n"
"  --threshold X    alert threshold 0..1 (default %.2f, docs/matching.md)\n"
"  --max N          at most N hits (default %d, at most %d)\n"
"  --exhaustive     score every listed name instead of using the index\n"
"  --batch FILE     CSV with a header (id, name, type, country, dob,\n"
"                   identifiers: several split by ;) or NDJSON objects with\n"
"                   those keys; writes one NDJSON line per row, in input\n"
"                   order, to standard output\n"
"  --threads N      batch threads (default: one per core)\n"
"  --explain        include the explanation in batch output\n",
            EMB_QUERY_MAX_IDENTS, EMB_DEFAULT_THRESHOLD,
            EMB_SCREEN_DEFAULT_HITS, EMB_SCREEN_MAX_HITS);
}

/* Loads the lists in force and builds the index. */
static int load_index(cli_common *c, emb_index **ix)
{
    emb_db *db = NULL;
    int ex = cli_open_db(c, EMB_DB_READONLY, &db);
    if (ex)
        return ex;
    emb_recset **sets = NULL;
    size_t n = 0;
    int rc = emb_db_load_current(db, &sets, &n);
    if (rc != EMB_OK) {
        ex = cli_fail(rc, "screen", emb_db_errmsg(db));
        emb_db_close(db);
        return ex;
    }
    emb_db_close(db);
    emb_error err;
    rc = emb_index_build(sets, n, ix, &err);
    emb_free(sets);
    if (rc != EMB_OK) {
        char buf[1024];
        return cli_fail(rc, "screen", emb_error_format(&err, buf, sizeof buf));
    }
    return EXIT_OK;
}

static const char *how_text(const emb_token_match *t)
{
    return emb_match_how_name(t->how);
}

static void print_hit(size_t rank, const emb_hit *h)
{
    const emb_record *r = h->record;
    printf("%2zu. %.2f  %s:%s  %s", rank, h->score, r->source, r->source_id,
           r->n_names ? r->names[0].full : "");
    if (r->n_programs) {
        printf("  [");
        for (size_t i = 0; i < r->n_programs; i++)
            printf("%s%s", i ? ", " : "", r->programs[i]);
        printf("]");
    }
    printf("\n");
    if (h->name_index != 0 && h->name_index < r->n_names)
        printf("      matched alias \"%s\"%s\n", r->names[h->name_index].full,
               r->names[h->name_index].weak ? " (weak alias, exact match)" : "");
    const emb_explanation *e = &h->explanation;
    if (e->query_normalisations & EMB_NORM_KOREAN_READING)
        printf("      read as a Korean name\n");
    if (e->query_normalisations & EMB_NORM_PERSIAN_READING)
        printf("      read as Persian says it\n");
    if (e->query_normalisations & EMB_NORM_MARK_READING)
        printf("      read as one registration mark\n");
    if (e->query_normalisations & EMB_NORM_WADE_GILES_READING)
        printf("      read from Wade-Giles in pinyin\n");
    if (e->n_tokens)
        printf("      ");
    for (size_t i = 0; i < e->n_tokens; i++) {
        const emb_token_match *t = &e->tokens[i];
        if (t->list) {
            printf("%s%s=%s", i ? "  " : "", t->query, t->list);
            for (int k = 0; k < 2 && t->list_mid[k]; k++)
                printf("+%s", t->list_mid[k]);
            printf("%s%s (%s)", t->list2 ? "+" : "", t->list2 ? t->list2 : "",
                   how_text(t));
        } else
            printf("%s%s unmatched", i ? "  " : "", t->query);
    }
    if (e->n_tokens)
        printf("\n");
    for (size_t i = 0; i < e->n_evidence; i++) {
        const emb_evidence *ev = &e->evidence[i];
        if (ev->field == EMB_EVIDENCE_IDENT) { /* the listed party's */
            printf("      identifier %s %s %s %s", ev->query_value,
                   ev->agrees > 0 ? "=" : "conflicts with",
                   ev->list_label ? ev->list_label
                                  : emb_id_kind_name(ev->list_kind),
                   ev->list_value);
            if (ev->effect != 0)
                printf(" %+.2f", ev->effect);
            printf("\n");
            continue;
        }
        const char *f = ev->field == EMB_EVIDENCE_TYPE      ? "type"
                        : ev->field == EMB_EVIDENCE_COUNTRY ? "country"
                                                            : "date of birth";
        printf("      %s %s (%s) %+.2f%s\n", f,
               ev->agrees > 0 ? "agrees" : "conflicts",
               ev->list_value ? ev->list_value : "", ev->effect,
               ev->field == EMB_EVIDENCE_TYPE && ev->query_value
                   ? ", the query a person's by its date of birth"
                   : "");
    }
    for (size_t i = 0; i < h->n_records; i++)
        if (h->records[i] != r)
            printf("      also %s:%s\n", h->records[i]->source,
                   h->records[i]->source_id);
}

static int screen_one(emb_index *ix, const emb_query *q, cli_common *c)
{
    emb_screener *s = NULL;
    int rc = emb_screener_open(ix, &s);
    if (rc != EMB_OK)
        return cli_fail(rc, "screen", NULL);
    const emb_hit *hits = NULL;
    size_t n = 0;
    rc = emb_screen(s, q, &hits, &n);
    if (rc != EMB_OK) {
        emb_screener_close(s);
        char msg[160] = "";
        if (rc == EMB_ERR_INVALID && q->n_idents && (!q->name || !*q->name))
            snprintf(msg, sizeof msg, "no name, and no identifier of %d "
                     "letters and digits or more", EMB_IDENT_MIN);
        else if (rc == EMB_ERR_INVALID)
            snprintf(msg, sizeof msg, "the name is empty, not UTF-8, or has "
                                      "no letters or digits");
        else if (rc == EMB_ERR_LIMIT && q->name &&
                 strlen(q->name) > EMB_SCREEN_MAX_NAME)
            snprintf(msg, sizeof msg, "the name is longer than %d bytes",
                     EMB_SCREEN_MAX_NAME);
        else if (rc == EMB_ERR_LIMIT)
            snprintf(msg, sizeof msg, "at most %d identifiers of %d bytes "
                     "each", EMB_QUERY_MAX_IDENTS, EMB_IDENT_MAX);
        return cli_fail(rc, "screen", msg);
    }
    if (c->json) {
        json_t *jq = q->name && *q->name ? json_string(q->name) : json_null();
        char *qs = jq ? json_dumps(jq, JSON_ENCODE_ANY) : NULL;
        printf("{\"query\": %s", qs ? qs : "null");
        free(qs);
        json_decref(jq);
        if (q->n_idents) {
            json_t *ids = json_array();
            for (size_t i = 0; i < q->n_idents; i++)
                json_array_append_new(ids, json_string(q->idents[i]));
            char *is = json_dumps(ids, JSON_COMPACT);
            printf(", \"identifiers\": %s", is ? is : "[]");
            free(is);
            json_decref(ids);
        }
        printf(", \"threshold\": %.2f, \"hits\": [",
               q->threshold < 0 ? EMB_DEFAULT_THRESHOLD : q->threshold);
        for (size_t i = 0; i < n; i++) {
            char *json = NULL;
            if (emb_hit_to_json(s, &hits[i], &json) == EMB_OK)
                printf("%s%s", i ? ", " : "", json);
            emb_free(json);
        }
        printf("]}\n");
    } else {
        if (q->name && *q->name)
            printf("\"%s\"", q->name);
        for (size_t i = 0; i < q->n_idents; i++)
            printf("%s%s", i || (q->name && *q->name) ? ", " : "",
                   q->idents[i]);
        printf(": %zu hit%s at or above %.2f (%zu listed records)\n", n,
               n == 1 ? "" : "s",
               q->threshold < 0 ? EMB_DEFAULT_THRESHOLD : q->threshold,
               emb_index_record_count(ix));
        for (size_t i = 0; i < n; i++)
            print_hit(i + 1, &hits[i]);
    }
    emb_screener_close(s);
    return EXIT_OK;
}

typedef struct progress {
    int tty;
    double last;
} progress;

static int draw_progress(void *user, const emb_batch_stats *st)
{
    progress *p = user;
    if (!p->tty || st->seconds - p->last < 0.2)
        return 0;
    p->last = st->seconds;
    fprintf(stderr, "\r%llu rows  %llu with hits  %llu errors  %.0f rows/s  ",
            (unsigned long long)st->rows, (unsigned long long)st->rows_hit,
            (unsigned long long)st->errors,
            st->seconds > 0 ? (double)st->rows / st->seconds : 0.0);
    return 0;
}

static int screen_batch(emb_index *ix, const char *path,
                        const emb_batch_opts *base)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        char msg[512];
        snprintf(msg, sizeof msg, "cannot open: %s", strerror(errno));
        return cli_fail(EMB_ERR_IO, path, msg);
    }
    progress p = {isatty(2), 0};
    emb_batch_opts opts = *base;
    opts.progress = draw_progress;
    opts.user = &p;
    emb_batch_stats st;
    emb_error err;
    int rc = emb_screen_batch(ix, in, stdout, &opts, &st, &err);
    if (in != stdin)
        fclose(in);
    fflush(stdout);
    if (p.tty)
        fprintf(stderr, "\r");
    fprintf(stderr,
            "embargo: %llu rows screened, %llu with hits, %llu hits, %llu "
            "errors, %.1f s\n",
            (unsigned long long)st.rows, (unsigned long long)st.rows_hit,
            (unsigned long long)st.hits, (unsigned long long)st.errors,
            st.seconds);
    if (rc != EMB_OK) {
        char buf[1024];
        return cli_fail(rc, path, emb_error_format(&err, buf, sizeof buf));
    }
    return EXIT_OK;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || end == s)
        return -1;
    *out = v;
    return 0;
}

int cmd_screen(int argc, char **argv, cli_common *c)
{
    emb_query q = {0};
    q.threshold = -1;
    const char *ids[EMB_QUERY_MAX_IDENTS];
    q.idents = ids;
    emb_batch_opts bo = {0};
    bo.threshold = -1;
    const char *batch = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--json")) {
            c->json = 1;
        } else if (!strcmp(a, "--exhaustive")) {
            q.exhaustive = bo.exhaustive = 1;
        } else if (!strcmp(a, "--explain")) {
            bo.explain = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            screen_usage(stdout);
            return EXIT_OK;
        } else if (a[0] == '-' && a[1] == '-' && !v) {
            fprintf(stderr, "embargo: screen: %s needs a value\n", a);
            return EXIT_USAGE;
        } else if (!strcmp(a, "--db")) {
            c->db_path = v, i++;
        } else if (!strcmp(a, "--batch")) {
            batch = v, i++;
        } else if (!strcmp(a, "--type")) {
            q.kind = emb_kind_parse(v), i++;
            if (q.kind == EMB_KIND_UNKNOWN) {
                fprintf(stderr, "embargo: screen: --type is person, entity, "
                                "vessel or aircraft\n");
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--country")) {
            q.country = v, i++;
        } else if (!strcmp(a, "--dob")) {
            q.dob = v, i++;
        } else if (!strcmp(a, "--id")) {
            if (q.n_idents == EMB_QUERY_MAX_IDENTS) {
                fprintf(stderr, "embargo: screen: at most %d --id\n",
                        EMB_QUERY_MAX_IDENTS);
                return EXIT_USAGE;
            }
            ids[q.n_idents++] = v, i++;
        } else if (!strcmp(a, "--threshold")) {
            if (parse_double(v, &q.threshold) || q.threshold < 0 ||
                q.threshold > 1) {
                fprintf(stderr, "embargo: screen: --threshold is a number "
                                "from 0 to 1\n");
                return EXIT_USAGE;
            }
            bo.threshold = q.threshold;
            i++;
        } else if (!strcmp(a, "--max") || !strcmp(a, "--threads")) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 0 || n > 1024) {
                fprintf(stderr, "embargo: screen: %s needs a whole number\n", a);
                return EXIT_USAGE;
            }
            if (a[2] == 'm')
                q.max_hits = bo.max_hits = (int)n;
            else
                bo.threads = (int)n;
            i++;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "embargo: screen: unknown option %s\n", a);
            screen_usage(stderr);
            return EXIT_USAGE;
        } else if (!q.name) {
            q.name = a;
        } else {
            fprintf(stderr, "embargo: screen: one name at a time (quote it: "
                            "embargo screen \"%s %s\")\n", q.name, a);
            return EXIT_USAGE;
        }
    }
    if (!!batch == (q.name || q.n_idents)) {
        fprintf(stderr, "embargo: screen needs a NAME, --id ID or --batch "
                        "FILE\n");
        screen_usage(stderr);
        return EXIT_USAGE;
    }
    emb_index *ix = NULL;
    int ex = load_index(c, &ix);
    if (ex)
        return ex;
    ex = batch ? screen_batch(ix, batch, &bo) : screen_one(ix, &q, c);
    emb_index_close(ix);
    return ex;
}
