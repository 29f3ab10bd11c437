/*
 * monitor.h - private side of the monitor (monitor.c, audit.c): the
 * handle, the parser of watched books (CSV or NDJSON), and the helpers
 * both files share. The server's fuzz target reaches book_parse here.
 */
#ifndef EMB_STORE_MONITOR_H
#define EMB_STORE_MONITOR_H

#include <sqlite3.h>
#include <stdatomic.h>

#include "embargo.h"
#include "match/ident.h"

struct emb_monitor {
    sqlite3 *h;
    char errmsg[512];
    atomic_int interrupted; /* set by emb_monitor_interrupt, never cleared */
};

/* Sets the handle's message; returns code. */
int mon_fail(emb_monitor *m, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Runs SQL without results; EMB_ERR_DB with the message on failure. */
int mon_exec(emb_monitor *m, const char *sql);
/* Lower-case hex SHA-256 of data into hex (65 bytes; "" on failure). */
void mon_sha256_hex(const void *data, size_t len, char hex[65]);
/* The SHA-256 implementation, fetched from the provider once (NULL when
 * there is none). */
typedef struct evp_md_st EVP_MD;
const EVP_MD *mon_sha256_md(void);
/* UTC now as "YYYY-MM-DDTHH:MM:SS.mmmZ" (25 bytes with the NUL). */
void mon_now(char out[25]);

/* emb_audit_append inside a transaction the caller holds. */
int audit_append_locked(emb_monitor *m, const emb_audit_item *items,
                        size_t n);

/* ---- watched books ---------------------------------------------------- */

/* Column names a book may have; index i of book_row.f matches cols[i]. */
#define BOOK_MAX_COLS 6

typedef struct book_row {
    const char *f[BOOK_MAX_COLS]; /* "" when absent */
    long line;                    /* 1-based line in the body */
} book_row;

/* Called for each row; a non-zero return stops the parse with that code. */
typedef int (*book_row_fn)(void *ctx, const book_row *row);

/* Parses a book: CSV with a header row (delimiter , ; or tab, detected
 * from the header) or NDJSON objects (first non-blank byte '{'). cols are
 * the recognised column names (lower-case; headers are matched without
 * case); columns whose bit is set in `required` must be present in the
 * header and non-empty in each row. Values longer than
 * EMB_WATCH_MAX_FIELD, more than EMB_WATCH_MAX_ROWS rows, invalid UTF-8
 * or a non-string value are errors naming the line and field. In NDJSON
 * an "identifiers" column may also be an array of strings, given to fn
 * joined by "; " (an element holding ';' or '|' is an error). */
int book_parse(const char *body, size_t len, const char *const *cols,
               size_t n_cols, unsigned required, book_row_fn fn, void *ctx,
               emb_error *err);


#endif
