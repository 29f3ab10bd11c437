/*
 * audit.c - the append-only audit log: every screen, decision and import,
 * each entry chained to the one before by SHA-256.
 *
 * An entry's hash is SHA-256(prev_hash || canonical JSON of the entry),
 * the canonical JSON being the object {action, at, detail, seq, versions,
 * who} with keys in that (sorted) order, no spaces, and `detail` exactly
 * as stored (it was brought to canonical form once, when appended). The
 * verifier rebuilds that text from the stored columns, so any change to a
 * column, a removed entry or a reordering breaks the chain from that entry
 * on. SQLite triggers refuse UPDATE and DELETE on the table; the hash
 * chain is what shows tampering done around them (editing the file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/monitor.h"
#include "lists/readers.h"
#include "text/sbuf.h"
#include "text/text.h"

#include <openssl/evp.h>

#define ZERO_HASH \
    "0000000000000000000000000000000000000000000000000000000000000000"

/* The canonical text of one entry into b (emptied first); -1 when a
 * string is not UTF-8. */
static int entry_text(sbuf *b, long long seq, const char *at,
                      const char *who, const char *action, const char *detail,
                      const char *versions)
{
    const char *strs[] = {action, at, versions, who};
    for (int i = 0; i < 4; i++)
        if (strs[i] && !utf8_valid(strs[i], strlen(strs[i])))
            return -1;
    b->len = 0;
    sb_puts(b, "{\"action\":");
    sb_json_str(b, action);
    sb_puts(b, ",\"at\":");
    sb_json_str(b, at);
    sb_puts(b, ",\"detail\":");
    sb_puts(b, detail);
    sb_printf(b, ",\"seq\":%lld,\"versions\":", seq);
    sb_json_str(b, versions);
    sb_puts(b, ",\"who\":");
    sb_json_str(b, who);
    sb_put(b, "}", 1);
    return 0;
}

/* hex = SHA-256(prev || text) in lower-case hex; -1 on failure. */
static int chain_hash(EVP_MD_CTX *ctx, const char *prev, const char *text,
                      size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned dl = 0;
    if (!EVP_DigestInit_ex(ctx, mon_sha256_md(), NULL) ||
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

/* Canonical form of a detail object; malloc'd, NULL when it is not one. */
static char *detail_canonical(const char *detail_json)
{
    json_error_t je;
    json_t *j = json_loads(detail_json ? detail_json : "{}", 0, &je);
    if (!j || !json_is_object(j)) {
        json_decref(j);
        return NULL;
    }
    char *out = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return out;
}

/* The detail to store for it (*fixed: malloc'd copy to free, or NULL):
 * details marked canonical are taken as they are (checked in builds with
 * assertions), others parsed and printed in canonical form. */
static const char *detail_of(const emb_audit_item *it, char **fixed)
{
    const char *d = it->detail_json ? it->detail_json : "{}";
    *fixed = NULL;
#ifdef NDEBUG
    if (it->detail_canonical)
        return d;
#endif
    *fixed = detail_canonical(d);
    if (!*fixed)
        return NULL;
    if (it->detail_canonical && !strcmp(*fixed, d)) {
        free(*fixed);
        *fixed = NULL;
        return d;
    }
    return *fixed;
}

static int append_rows(emb_monitor *m, const emb_audit_item *items, size_t n,
                       EVP_MD_CTX *ctx, sbuf *canon)
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
        char *fixed;
        const char *detail = detail_of(it, &fixed);
        if (!detail) {
            rc = mon_fail(m, EMB_ERR_INVALID,
                          "audit entry %zu: detail is not a JSON object", i);
            break;
        }
        char hash[65];
        int bad = entry_text(canon, seq + 1, at, who, action, detail,
                             it->versions);
        if (bad || canon->oom ||
            chain_hash(ctx, prev, canon->s, canon->len, hash) != 0) {
            free(fixed);
            rc = bad ? mon_fail(m, EMB_ERR_INVALID,
                                "audit entry %zu: text is not valid UTF-8", i)
                     : mon_fail(m, EMB_ERR_NOMEM,
                                "audit entry %zu: out of memory", i);
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

int audit_append_locked(emb_monitor *m, const emb_audit_item *items,
                        size_t n)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || !mon_sha256_md()) {
        EVP_MD_CTX_free(ctx);
        return mon_fail(m, EMB_ERR_NOMEM, "SHA-256 is not available");
    }
    sbuf canon = {0};
    int rc = append_rows(m, items, n, ctx, &canon);
    sb_free(&canon);
    EVP_MD_CTX_free(ctx);
    return rc;
}

int emb_audit_append(emb_monitor *m, const emb_audit_item *items, size_t n)
{
    if (!m || (!items && n))
        return EMB_ERR_USAGE;
    if (n == 0)
        return EMB_OK;
    int rc = mon_exec(m, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    rc = audit_append_locked(m, items, n);
    if (rc == EMB_OK)
        rc = mon_exec(m, "COMMIT");
    if (rc)
        sqlite3_exec(m->h, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int emb_audit_json(emb_monitor *m, const char *since, long limit, char **out)
{
    if (!m || !out)
        return EMB_ERR_USAGE;
    *out = NULL;
    if (limit <= 0)
        limit = 1000;
    const char *sql;
    if (since && *since && text_all_digits(since, strlen(since)))
        sql = "SELECT seq, at, who, action, detail, versions, prev_hash, "
              "hash FROM audit_log WHERE seq > CAST(?1 AS INTEGER) ORDER BY "
              "seq LIMIT ?2";
    else if (since && *since)
        sql = "SELECT seq, at, who, action, detail, versions, prev_hash, "
              "hash FROM audit_log WHERE at >= ?1 ORDER BY seq LIMIT ?2";
    else
        sql = "SELECT seq, at, who, action, detail, versions, prev_hash, "
              "hash FROM audit_log ORDER BY seq LIMIT ?2";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(m->h, sql, -1, &st, NULL) != SQLITE_OK)
        return mon_fail(m, EMB_ERR_DB, "audit log: %s", sqlite3_errmsg(m->h));
    if (since && *since)
        sqlite3_bind_text(st, 1, since, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, limit);
    json_t *arr = json_array();
    int rc = EMB_OK, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *e = json_object();
        json_object_set_new(e, "seq",
                            json_integer(sqlite3_column_int64(st, 0)));
        json_object_set_new(e, "at",
                            json_string((const char *)sqlite3_column_text(st, 1)));
        json_object_set_new(e, "who",
                            json_string((const char *)sqlite3_column_text(st, 2)));
        json_object_set_new(e, "action",
                            json_string((const char *)sqlite3_column_text(st, 3)));
        json_t *d = json_loads((const char *)sqlite3_column_text(st, 4), 0,
                               NULL);
        json_object_set_new(e, "detail", d ? d : json_null());
        const char *v = (const char *)sqlite3_column_text(st, 5);
        json_object_set_new(e, "versions", v ? json_string(v) : json_null());
        json_object_set_new(e, "prev_hash",
                            json_string((const char *)sqlite3_column_text(st, 6)));
        json_object_set_new(e, "hash",
                            json_string((const char *)sqlite3_column_text(st, 7)));
        json_array_append_new(arr, e);
    }
    if (step != SQLITE_DONE)
        rc = mon_fail(m, EMB_ERR_DB, "audit log: %s", sqlite3_errmsg(m->h));
    sqlite3_finalize(st);
    if (rc == EMB_OK) {
        *out = json_dumps(arr, JSON_COMPACT);
        if (!*out)
            rc = EMB_ERR_NOMEM;
    }
    json_decref(arr);
    return rc;
}

int emb_audit_verify(emb_monitor *m, emb_audit_report *rep)
{
    emb_audit_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    if (!m)
        return EMB_ERR_USAGE;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(m->h,
                           "SELECT seq, at, who, action, detail, versions, "
                           "prev_hash, hash FROM audit_log ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        return mon_fail(m, EMB_ERR_DB, "audit log: %s", sqlite3_errmsg(m->h));
    char prev[65] = ZERO_HASH;
    long long expect = 1;
    int rc = EMB_OK, step;
    sbuf canon = {0};
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || !mon_sha256_md()) {
        EVP_MD_CTX_free(ctx);
        sqlite3_finalize(st);
        return mon_fail(m, EMB_ERR_NOMEM, "SHA-256 is not available");
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long long seq = sqlite3_column_int64(st, 0);
        const char *cols[8];
        for (int i = 1; i < 8; i++)
            cols[i] = (const char *)sqlite3_column_text(st, i);
        rep->entries++;
        const char *why = NULL;
        char hash[65] = "";
        if (seq != expect) {
            why = "sequence gap (an entry was removed or inserted)";
        } else if (!cols[1] || !cols[2] || !cols[3] || !cols[4] ||
                   !cols[6] || !cols[7]) {
            why = "a column is missing";
        } else if (strcmp(cols[6], prev) != 0) {
            why = "prev_hash does not match the previous entry's hash";
        } else {
            if (entry_text(&canon, seq, cols[1], cols[2], cols[3], cols[4],
                           cols[5]) != 0 ||
                canon.oom ||
                chain_hash(ctx, prev, canon.s, canon.len, hash) != 0)
                hash[0] = '\0';
            if (strcmp(hash, cols[7]) != 0)
                why = "hash does not match the entry's content";
        }
        if (why) {
            rep->first_bad = seq;
            snprintf(rep->message, sizeof rep->message, "entry %lld: %s",
                     seq, why);
            rc = EMB_ERR_INVALID;
            break;
        }
        memcpy(prev, hash, sizeof prev);
        expect = seq + 1;
    }
    if (rc == EMB_OK && step != SQLITE_DONE)
        rc = mon_fail(m, EMB_ERR_DB, "audit log: %s", sqlite3_errmsg(m->h));
    sqlite3_finalize(st);
    sb_free(&canon);
    EVP_MD_CTX_free(ctx);
    if (rc == EMB_OK) {
        if (rep->entries)
            memcpy(rep->head, prev, sizeof rep->head);
        snprintf(rep->message, sizeof rep->message,
                 "%lld entries, chain intact", (long long)rep->entries);
    } else if (rc == EMB_ERR_INVALID) {
        mon_fail(m, rc, "%s", rep->message);
    }
    return rc;
}
