/*
 * cmd_serve.c - `embargo serve`: runs the HTTP service and the reviewer's
 * page until SIGTERM or SIGINT, then stops gracefully (requests in flight
 * finish, the audit log is flushed).
 *
 * Signals are blocked before the server's threads start, so that they all
 * inherit the mask and only this thread receives them, through sigwait.
 * When no admin token is given one is generated and printed, so that a
 * local reviewer can take decisions at once without leaving the admin
 * endpoints open.
 */
#include <ctype.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_serve(int argc, char **argv, cli_common *c);

static void serve_usage(FILE *out)
{
    fprintf(out,
"usage: embargo serve [--listen HOST:PORT] [--db PATH] [--token T]\n"
"                     [--update-every 12h --update-from URL|DIR]\n"
"                     [--threads N] [--max-body BYTES] [--max-batch N]\n"
"                     [--max-inflight N] [--max-conns N] [--timeout S]\n"
"                     [--threshold X] [--log-names] [--quiet]\n"
"                     [--secmaster FILE] [--holdings FILE]\n"
"\n"
"Serves the HTTP API (docs/openapi.yaml) and the reviewer's page at /.\n"
"  --listen       address (default 127.0.0.1:8080; port 0 picks one)\n"
"  --token        admin bearer token(s): SECRET or NAME:SECRET[,...]\n"
"                 (default $EMBARGO_TOKEN; when neither is set, a random\n"
"                 token is generated and printed)\n"
"  --update-every fetch and import new list files this often (90s, 15m,\n"
"                 12h, 1d) from --update-from (or $EMBARGO_UPDATE_FROM)\n"
"  --threads      worker threads (default: one per core)\n"
"  --max-body     largest request body in bytes (default 16 MiB)\n"
"  --max-batch    most queries in one request (default 10000)\n"
"  --max-inflight requests served at once before 503 (default 256)\n"
"  --max-conns    open connections before 503 (default 1024)\n"
"  --timeout      idle connection timeout in seconds (default 30)\n"
"  --threshold    alert threshold for monitoring (default: the engine's)\n"
"  --log-names    allow screened names and identifiers in the logs and\n"
"                 the audit log (default: a hash of each)\n"
"  --secmaster    security master CSV (security,kind,issuer,underlying) for\n"
"                 /v1/trades/check and /v1/securities, as `embargo trades`\n"
"  --holdings     fund holdings CSV (fund,security,weight), likewise; both\n"
"                 are read again at every list import or update\n"
"  --quiet        no access log on stderr\n"
"Stops gracefully on SIGTERM or SIGINT.\n");
}

static int random_token(char *out, size_t n)
{
    unsigned char b[16];
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(b, 1, sizeof b, f) != sizeof b) {
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    for (size_t i = 0; i < sizeof b && 2 * i + 2 < n; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    return 0;
}

static int parse_count(const char *opt, const char *v, unsigned long max,
                       unsigned long *out)
{
    char *end;
    unsigned long x = v ? strtoul(v, &end, 10) : 0;
    if (!v || !*v || *end || x == 0 || x > max) {
        fprintf(stderr, "embargo: serve: %s needs a number from 1 to %lu\n",
                opt, max);
        return -1;
    }
    *out = x;
    return 0;
}

int cmd_serve(int argc, char **argv, cli_common *c)
{
    emb_server_opts o;
    emb_server_opts_init(&o);
    o.log = stderr;
    const char *every = NULL;
    o.tokens = getenv("EMBARGO_TOKEN");
    o.update_from = getenv("EMBARGO_UPDATE_FROM");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long x;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            serve_usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--listen") && v) {
            o.listen = v, i++;
        } else if (!strcmp(a, "--db") && v) {
            c->db_path = v, i++;
        } else if (!strcmp(a, "--token") && v) {
            o.tokens = v, i++;
        } else if (!strcmp(a, "--update-every") && v) {
            every = v, i++;
        } else if (!strcmp(a, "--update-from") && v) {
            o.update_from = v, i++;
        } else if (!strcmp(a, "--threads") && v) {
            if (parse_count(a, v, 256, &x))
                return EXIT_USAGE;
            o.threads = (unsigned)x, i++;
        } else if (!strcmp(a, "--max-body") && v) {
            if (parse_count(a, v, 1UL << 30, &x))
                return EXIT_USAGE;
            o.max_body = x, i++;
        } else if (!strcmp(a, "--max-batch") && v) {
            if (parse_count(a, v, 1000000, &x))
                return EXIT_USAGE;
            o.max_batch = x, i++;
        } else if (!strcmp(a, "--max-inflight") && v) {
            if (parse_count(a, v, 100000, &x))
                return EXIT_USAGE;
            o.max_inflight = (unsigned)x, i++;
        } else if (!strcmp(a, "--max-conns") && v) {
            if (parse_count(a, v, 100000, &x))
                return EXIT_USAGE;
            o.max_conns = (unsigned)x, i++;
        } else if (!strcmp(a, "--timeout") && v) {
            if (parse_count(a, v, 3600, &x))
                return EXIT_USAGE;
            o.timeout_s = (unsigned)x, i++;
        } else if (!strcmp(a, "--threshold") && v) {
            char *end;
            o.threshold = strtod(v, &end);
            if (*end || o.threshold < 0 || o.threshold > 1) {
                fprintf(stderr, "embargo: serve: --threshold needs a number "
                        "from 0 to 1\n");
                return EXIT_USAGE;
            }
            i++;
        } else if (!strcmp(a, "--secmaster") && v) {
            o.secmaster = v, i++;
        } else if (!strcmp(a, "--holdings") && v) {
            o.fund_holdings = v, i++;
        } else if (!strcmp(a, "--log-names")) {
            o.log_names = 1;
        } else if (!strcmp(a, "--quiet")) {
            o.log = NULL;
        } else {
            fprintf(stderr, "embargo: serve: unknown or incomplete option "
                    "%s\n", a);
            serve_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (every) {
        char *end;
        unsigned long secs = strtoul(every, &end, 10);
        unsigned long mul = !strcmp(end, "") || !strcmp(end, "s") ? 1
                            : !strcmp(end, "m") ? 60
                            : !strcmp(end, "h") ? 3600
                            : !strcmp(end, "d") ? 86400 : 0;
        if (!isdigit((unsigned char)every[0]) || !secs || !mul ||
            secs > 366UL * 86400 / mul) {
            fprintf(stderr, "embargo: serve: --update-every needs a "
                    "duration such as 90s, 15m, 12h or 1d\n");
            return EXIT_USAGE;
        }
        if (!o.update_from || !*o.update_from) {
            fprintf(stderr, "embargo: serve: --update-every needs "
                    "--update-from URL|DIR (or $EMBARGO_UPDATE_FROM)\n");
            return EXIT_USAGE;
        }
        o.update_every_s = (unsigned)(secs * mul);
    }
    char generated[40] = "";
    if (!o.tokens || !*o.tokens) {
        if (random_token(generated, sizeof generated) == 0)
            o.tokens = generated;
    }
    o.db_path = c->db_path ? c->db_path : emb_db_default_path();

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    emb_server *srv = NULL;
    char err[1024];
    int rc = emb_server_start(&o, &srv, err, sizeof err);
    if (rc)
        return cli_fail(rc, "serve", err);
    const char *host = o.listen;
    char shown[160];
    snprintf(shown, sizeof shown, "%s", host);
    char *colon = strrchr(shown, ':');
    if (colon)
        *colon = 0;
    printf("embargo serving http://%s:%d/  (database %s)\n",
           *shown ? shown : "127.0.0.1", emb_server_port(srv), o.db_path);
    if (*generated)
        printf("admin token: %s  (open http://%s:%d/#token=%s to take "
               "decisions; set --token or $EMBARGO_TOKEN to choose one)\n",
               generated, *shown ? shown : "127.0.0.1", emb_server_port(srv),
               generated);
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "embargo: %s received, finishing requests in flight\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    emb_server_stop(srv, 10000);
    return EXIT_OK;
}
