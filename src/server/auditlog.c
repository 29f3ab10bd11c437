/*
 * auditlog.c - the service's writer of the chained audit log.
 *
 * The rows and their chain are exactly those of emb_audit_append
 * (src/store/audit.c, which defines the format; emb_audit_verify checks
 * it): hash = SHA-256(prev_hash || {"action","at","detail","seq",
 * "versions","who"} as compact JSON with the detail as stored). This
 * writer differs in one respect: it takes each detail as already being in
 * canonical form (sorted keys, no spaces, jansson's escapes) instead of
 * parsing and printing it again, because the service writes every detail
 * that way (screen.c by hand, server.c through json_dumps with
 * JSON_SORT_KEYS). At tens of thousands of screens a second that second
 * pass was half of the writer's cost. Builds without NDEBUG still
 * canonicalise every detail and write that form.
 *
 * The caller holds the monitor (the server's mon_mu); one transaction
 * writes the whole batch, so other writers of the log (decisions, the
 * command line) interleave whole batches and the chain stays linear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "server/server.h"
#include "store/monitor.h"
#include "text/sbuf.h"

#define ZERO_HASH \
    "0000000000000000000000000000000000000000000000000000000000000000"

/* s as a JSON string literal the way jansson prints it (json_dumps of a
 * string, no flags): '"', '\' and control characters escaped, \u00XX in
 * upper case for those without a short form. NULL -> null. -1 when s is
 * not valid UTF-8 (jansson refuses it). */
static int put_quoted(sbuf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s) {
        sb_put(b, "null", 4);
        return 0;
    }
    if (!srv_utf8_ok(s))
        return -1;
    sb_put(b, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        sb_put(b, run, (size_t)(s - run));
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        sb_put(b, esc, n);
        run = s + 1;
    }
    sb_put(b, run, (size_t)(s - run));
    sb_put(b, "\"", 1);
    return 0;
}

void srv_json_quote(sbuf *b, const char *s)
{
    if (put_quoted(b, s) != 0)
        sb_put(b, "null", 4);
}

#ifndef NDEBUG
/* The canonical form of a detail (malloc'd), NULL when it is not an
 * object. */
static char *canonical(const char *detail)
{
    json_error_t je;
    json_t *j = json_loads(detail, 0, &je);
    char *out = json_is_object(j)
                    ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS)
                    : NULL;
    json_decref(j);
    return out;
}
#endif

static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_fetch(void)
{
    sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

/* hex = SHA-256(prev || text) in lower-case hex. */
static int chain_hash(EVP_MD_CTX *ctx, const char *prev, const char *text,
                      size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned dl = 0;
    if (!EVP_DigestInit_ex(ctx, sha256_md, NULL) ||
        !EVP_DigestUpdate(ctx, prev, strlen(prev)) ||
        !EVP_DigestUpdate(ctx, text, len) ||
        !EVP_DigestFinal_ex(ctx, d, &dl) || dl != 32)
        return -1;
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = 0;
    return 0;
}

static int write_locked(emb_monitor *m, const emb_audit_item *items,
                        size_t n, EVP_MD_CTX *ctx, sbuf *canon)
{
    int rc = EMB_OK;
    char prev[65] = ZERO_HASH;
    long long seq = 0;
    sqlite3_stmt *st = NULL, *ins = NULL;
    if (sqlite3_prepare_v2(m->h,
                           "SELECT seq, hash FROM audit_log ORDER BY seq "
                           "DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(m->h,
                           "INSERT INTO audit_log(seq, at, who, action, "
                           "detail, versions, prev_hash, hash) VALUES "
                           "(?,?,?,?,?,?,?,?)", -1, &ins, NULL) != SQLITE_OK) {
        rc = mon_fail(m, EMB_ERR_DB, "audit log: %s", sqlite3_errmsg(m->h));
        goto done;
    }
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        seq = sqlite3_column_int64(st, 0);
        const char *h = (const char *)sqlite3_column_text(st, 1);
        snprintf(prev, sizeof prev, "%s", h ? h : "");
    } else if (step != SQLITE_DONE) {
        rc = mon_fail(m, EMB_ERR_DB, "audit log: %s", sqlite3_errmsg(m->h));
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const emb_audit_item *it = &items[i];
        char at[25];
        if (it->at[0])
            snprintf(at, sizeof at, "%s", it->at);
        else
            mon_now(at);
        const char *who = it->who && *it->who ? it->who : "anonymous";
        const char *action = it->action && *it->action ? it->action : "?";
        const char *detail = it->detail_json ? it->detail_json : "{}";
        char *fixed = NULL;
#ifndef NDEBUG
        fixed = canonical(detail);
        if (!fixed) {
            rc = mon_fail(m, EMB_ERR_INVALID,
                          "audit entry %zu: detail is not a JSON object", i);
            break;
        }
        if (!strcmp(fixed, detail)) {
            free(fixed);
            fixed = NULL;
        } else {
            detail = fixed;
        }
#endif
        canon->len = 0;
        sb_puts(canon, "{\"action\":");
        int bad = put_quoted(canon, action);
        sb_puts(canon, ",\"at\":");
        bad |= put_quoted(canon, at);
        sb_puts(canon, ",\"detail\":");
        sb_puts(canon, detail);
        sb_printf(canon, ",\"seq\":%lld,\"versions\":", seq + 1);
        bad |= put_quoted(canon, it->versions);
        sb_puts(canon, ",\"who\":");
        bad |= put_quoted(canon, who);
        sb_put(canon, "}", 1);
        char hash[65];
        if (bad || canon->oom ||
            chain_hash(ctx, prev, canon->s, canon->len, hash) != 0) {
            free(fixed);
            rc = canon->oom ? mon_fail(m, EMB_ERR_NOMEM, "out of memory")
                 : bad      ? mon_fail(m, EMB_ERR_INVALID,
                                       "audit entry %zu: text is not valid "
                                       "UTF-8", i)
                            : mon_fail(m, EMB_ERR_NOMEM, "SHA-256 failed");
            break;
        }
        sqlite3_bind_int64(ins, 1, seq + 1);
        sqlite3_bind_text(ins, 2, at, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, who, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, action, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, detail, -1, SQLITE_STATIC);
        if (it->versions)
            sqlite3_bind_text(ins, 6, it->versions, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(ins, 6);
        sqlite3_bind_text(ins, 7, prev, 64, SQLITE_STATIC);
        sqlite3_bind_text(ins, 8, hash, 64, SQLITE_STATIC);
        int ok = sqlite3_step(ins) == SQLITE_DONE;
        sqlite3_reset(ins);
        sqlite3_clear_bindings(ins);
        free(fixed);
        if (!ok) {
            rc = mon_fail(m, EMB_ERR_DB, "audit log: %s",
                          sqlite3_errmsg(m->h));
            break;
        }
        seq++;
        memcpy(prev, hash, sizeof prev);
    }
done:
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    return rc;
}

int srv_audit_write(emb_monitor *m, const emb_audit_item *items, size_t n)
{
    if (!m || (!items && n))
        return EMB_ERR_USAGE;
    if (n == 0)
        return EMB_OK;
    pthread_once(&sha256_once, sha256_fetch);
    EVP_MD_CTX *ctx = sha256_md ? EVP_MD_CTX_new() : NULL;
    if (!ctx)
        return mon_fail(m, EMB_ERR_NOMEM, "SHA-256 is not available");
    sbuf canon = {0};
    int rc = mon_exec(m, "BEGIN IMMEDIATE");
    if (rc == EMB_OK) {
        rc = write_locked(m, items, n, ctx, &canon);
        if (rc == EMB_OK)
            rc = mon_exec(m, "COMMIT");
        if (rc)
            sqlite3_exec(m->h, "ROLLBACK", NULL, NULL, NULL);
    }
    sb_free(&canon);
    EVP_MD_CTX_free(ctx);
    return rc;
}
