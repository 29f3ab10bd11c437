/*
 * ident.h - identifiers of parties (ident.c): the key a query's and a
 * listed identifier are compared by, which listed identifiers are
 * screened, and the text form that holds several (a batch's or a book's
 * identifiers column, a query's "identifiers" string).
 */
#ifndef EMB_MATCH_IDENT_H
#define EMB_MATCH_IDENT_H

#include <stddef.h>

#include "embargo.h"

#define IDENT_KEY_CAP (EMB_IDENT_MAX + 1)

/* The key of identifier value[0..len) into out (cap bytes): its letters
 * and digits, lower-cased, a website's scheme and "www." and the label of
 * an IMO number left out. Its length, or 0 when it is shorter than
 * EMB_IDENT_MIN or longer than cap allows. */
size_t ident_key(const char *value, size_t len, char *out, size_t cap);
/* The keys identifier value stands for: its own, and for a BIC of 11 its
 * institution's 8 too. How many (0: none). */
size_t ident_query_keys(const char *value, char keys[2][IDENT_KEY_CAP],
                        size_t lens[2]);
/* 1 when a listed identifier names its holder and is screened: not a
 * security's (ISIN, ticker, issuer name), nor a date or a note the lists
 * give among identifiers. */
int ident_indexable(const emb_ident *id);

/* The kind an identifier's key (ident_key) shows by its form, when its
 * form tells: an IMO number (7 digits, the last their check digit), an LEI
 * (20 letters and digits, ISO 17442's check), a BIC (8 or 11: 4 letters,
 * a country's 2, 2 letters or digits, and 3 more); else EMB_ID_OTHER. */
emb_id_kind ident_kind_of(const char *key, size_t len);
/* 1 when keys a and b of kind k name one party: equal, or for a BIC the
 * same institution (the first 8). */
int ident_same(emb_id_kind k, const char *a, size_t la, const char *b,
               size_t lb);

/* One identifier of a text holding several: a span of it, not
 * NUL-terminated. */
typedef struct ident_span {
    const char *s;
    size_t len;
} ident_span;

/* Splits text, identifiers apart by ';' or '|', into out: each trimmed
 * of blanks, empty ones passed over. Writes at most max spans and returns
 * how many identifiers there are, which may be more. */
size_t idents_split(const char *text, ident_span *out, size_t max);
/* span trimmed of blanks at both ends. */
ident_span ident_trim(ident_span span);
/* The n spans copied, each NUL-terminated, into buf (cap bytes), their
 * starts into out, as emb_query.idents takes them; returns how many fit. */
size_t idents_terminate(const ident_span *sp, size_t n, char *buf,
                        size_t cap, const char **out);

#endif
