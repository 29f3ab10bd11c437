/*
 * sbuf.h - a growing string (sbuf.c). Out of memory is sticky: the first
 * failed growth sets `oom`, later writes are dropped, and the writer checks
 * once at the end. A zeroed sbuf is empty and ready; free with sb_free.
 */
#ifndef EMB_TEXT_SBUF_H
#define EMB_TEXT_SBUF_H

#include <stddef.h>

typedef struct sbuf {
    char *s;
    size_t len, cap;
    int oom;
} sbuf;

void sb_put(sbuf *b, const char *s, size_t n);
void sb_puts(sbuf *b, const char *s);
void sb_printf(sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* s as a JSON string literal, quotes included; NULL -> null. Escapes as
 * jansson's json_dumps does (", \, the short forms \b \f \n \r \t,
 * other controls as \u00XX, nothing else), so that text written here
 * and text jansson writes are the same bytes (the audit chain hashes
 * them). s must be UTF-8. */
void sb_json_str(sbuf *b, const char *s);
/* s escaped for HTML text and attributes. */
void sb_html(sbuf *b, const char *s);
/* s as one CSV field (quoted when needed). */
void sb_csv(sbuf *b, const char *s);
void sb_free(sbuf *b);

#endif
