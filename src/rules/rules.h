/*
 * rules.h - what the files of src/rules share: New York time, the string
 * multimap every index is built on, security keys, the per-version list
 * index, and the emb_rules structure itself.
 *
 * The shape: every lookup is a hash probe on a canonical key ("I:" ISIN,
 * "C:" CUSIP, "S:" SEDOL, "F:" FIGI, "T:" ticker key, "N:" issuer name,
 * "X:" any other code), so a decision costs a handful of probes whatever
 * the size of the lists or of the security master. Everything is built
 * once while loading and is read-only afterwards (thread-safe reads).
 */
#ifndef EMB_RULES_RULES_H
#define EMB_RULES_RULES_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "embargo.h"
#include "text/sbuf.h"
#include "lists/model.h"

/* ---- New York time (nytime.c) ----------------------------------------
 * America/New_York offsets are computed from the US rule rather than read
 * from the tz database: setenv("TZ") is not thread-safe, and the rule is
 * short. Since 2007 daylight time runs from the second Sunday of March,
 * 2:00 local, to the first Sunday of November, 2:00 local; 1987-2006 from
 * the first Sunday of April to the last Sunday of October; earlier years
 * use the 1967-1986 rule (last Sunday of April to last Sunday of
 * October). */

#define MS_PER_DAY 86400000LL

/* Parses ISO 8601 "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z" or an
 * offset "+HH:MM", "+HHMM" or "+HH" (a space may replace the "T"). A time
 * without an offset is refused: the 12:01 a.m. boundaries need one.
 * EMB_OK with *ms (Unix milliseconds) or EMB_ERR_INVALID with why. */
int ny_time_parse(const char *s, int64_t *ms, char *why, size_t why_len);
/* New York's offset from UTC at the instant, in minutes (-240 or -300). */
int ny_offset_min(int64_t utc_ms);
/* The instant (Unix ms) of local New York time h:m on date d. */
int64_t ny_instant(emb_date d, int h, int m);
/* The New York calendar date of an instant. */
emb_date ny_date(int64_t utc_ms);
/* d plus n business days (Monday to Friday; public holidays are not
 * known and count as business days). */
emb_date business_days_after(emb_date d, int n);
/* Writes the instant as "YYYY-MM-DDTHH:MM:SS-04:00" in New York time. */
void ny_format(int64_t utc_ms, char *buf, size_t n);

/* ---- string multimap (keymap.c) -------------------------------------- */
typedef struct keymap keymap;
keymap *keymap_new(void);
void keymap_free(keymap *m);
/* Adds (key, val, tag); keys are copied. A key may hold many values.
 * EMB_OK or EMB_ERR_NOMEM. */
int keymap_add(keymap *m, const char *key, const void *val, int tag);
size_t keymap_count(const keymap *m);

typedef struct keymap_iter {
    const keymap *m;
    const char *key;
    uint64_t hash;
    size_t slot;
} keymap_iter;
/* Starts an iteration over the values of key. */
void keymap_find(const keymap *m, const char *key, keymap_iter *it);
/* Next value of the key: 1 with val and tag set, 0 at the end. */
int keymap_next(keymap_iter *it, const void **val, int *tag);
/* The first value of key, or NULL. */
const void *keymap_get(const keymap *m, const char *key);

/* ---- security keys (seckey.c) ---------------------------------------- */
#define SECKEY_LEN 80
#define SECKEY_MAX 4

typedef struct seckeys {
    char key[SECKEY_MAX][SECKEY_LEN]; /* key[0] is the canonical one */
    int n;
    emb_secid id;
    int status;      /* emb_secid_parse's result */
    char why[128];
} seckeys;

/* The keys a security text can be found under: its identifier ("I:",
 * "C:", "S:", "F:", "T:"), the CUSIP/SEDOL inside an ISIN, and "X:" plus
 * the upper-cased text for codes that are no identifier. EMB_OK, or
 * EMB_ERR_LIMIT for text longer than EMB_RULES_MAX_TEXT. */
int seckeys_of(const char *text, seckeys *out);
/* "N:" + the name's issuer key: upper-case ASCII words, punctuation
 * dropped, legal forms (CO, LTD, LIMITED, CORP, INC ...) dropped. Returns
 * the length, 0 when nothing is left. */
size_t issuer_name_key(const char *name, char *out, size_t cap);

/* ---- list versions (listindex.c) ------------------------------------- */
typedef struct listver {
    const emb_recset *set;
    char source[32];
    char label[96];
    emb_date published;
    keymap *ids;   /* I:/C:/S:/T: -> listhit, tag EMB_VIA_ISIN/TICKER */
    keymap *names; /* N: -> listhit */
    arena *ar;
} listver;

/* A value of a listver map: the record and its value that was keyed. */
typedef struct listhit {
    const emb_record *rec;
    const char *matched;
    emb_listed_as as;
} listhit;

/* What a record is listed as, 0 when it does not matter here (persons,
 * vessels, aircraft). */
emb_listed_as listed_as_of(const emb_record *rec);
int listver_build(listver *v, const emb_recset *set, const char *label,
                  emb_date published);
void listver_free(listver *v);

/* ---- the rules ------------------------------------------------------- */
typedef enum sec_kind {
    SK_NONE = 0,
    SK_EQUITY, SK_ADR, SK_GDR, SK_BOND, SK_WARRANT, SK_OPTION, SK_FUTURE,
    SK_SWAP, SK_ETF, SK_INDEX_FUND, SK_MUTUAL_FUND
} sec_kind;
const char *sec_kind_name(sec_kind k);
int sec_kind_is_fund(sec_kind k);

typedef struct secrow {
    const char *security;   /* as written */
    char key[SECKEY_LEN];   /* canonical key */
    sec_kind kind;
    const char *issuer;     /* NULL when empty */
    const char *underlying; /* NULL when empty */
    long line;
    /* What the issuer is, worked out by the first decision that needs it
     * and kept: NULL until then, secrow_id_key for an identifier,
     * secrow_no_key for a name without a key, else the name's key. Set
     * once by compare-and-swap, so threads deciding at once share it;
     * freed with the rules. */
    _Atomic(char *) issuer_key;
    struct secrow *next; /* every row, newest first, to free the keys */
} secrow;
extern char secrow_no_key[], secrow_id_key[];

typedef struct holdrow {
    const char *fund, *security;
    char sec_key[SECKEY_LEN]; /* canonical key of the held security */
    double weight;
    long line;
    struct holdrow *next; /* the fund's next holding, in file order */
} holdrow;

/* The holdings of one fund: one map entry per fund, so that a large fund
 * does not lengthen the probe runs of every other key. */
typedef struct holdlist {
    holdrow *first, *last;
} holdlist;

struct emb_rules {
    listver *vers;
    size_t n_vers, cap_vers;
    keymap *sec;   /* every key of a secmaster security -> secrow */
    keymap *hold;  /* canonical key of a fund -> holdlist */
    secrow *rows;  /* every secmaster row, through secrow.next */
    arena *ar;
    char **warn;
    size_t n_warn, cap_warn;
    emb_recset **owned; /* sets loaded by emb_rules_load_db */
    size_t n_owned;
};

int rules_warn(emb_rules *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Versions in force at `at` (EMB_RULES_NEWEST: the newest), one per
 * source, into sel (capacity cap); returns the count. *before is set when
 * a source had no version published by then and its oldest was used. */
size_t rules_select(const emb_rules *r, int64_t at, const listver **sel,
                    size_t cap, int *before);

/* ---- decisions (decide.c) ------------------------------------------- */
/* Appends the decision's NDJSON line (without newline) to b. */
void decision_json(sbuf *b, const emb_decision *d);
/* Appends one cover as a JSON object (resolve.c). */
void cover_json(sbuf *b, const emb_cover *c);

/* ---- string pool (sbuf.c) -------------------------------------------
 * Per-result string storage: the first kilobyte lives inside the result
 * itself, so a typical lookup or decision makes no extra allocation. The
 * pool must be zeroed before first use. */
typedef struct strpool {
    char *cur;
    size_t left;
    struct pool_chunk *chunks;
    char first[1024];
} strpool;
/* Copies s (NULL -> ""); NULL on out of memory. */
const char *pool_dup(strpool *p, const char *s);
void pool_free(strpool *p);

/* ---- CSV files with a header (rowfile.c) ----------------------------- */
/* Reads a whole file for the loaders: data NULL reads path. *owned gets
 * the malloc'd buffer to free (NULL when data was given). */
int rules_file_bytes(const char *path, const char **data, size_t *len,
                     char **owned, emb_error *err);
#endif
