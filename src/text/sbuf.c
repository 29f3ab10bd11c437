/*
 * sbuf.c - a growing string for the JSON, CSV and HTML that hits,
 * decisions and reports are written as.
 *
 * Out of memory is sticky: the first failed growth sets `oom`, later
 * writes are dropped, and the caller checks once at the end. That keeps
 * every writer a straight sequence of appends.
 */
#include "text/sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(sbuf *b, size_t extra)
{
    if (b->oom)
        return 0;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->oom = 1;
        return 0;
    }
    b->s = s;
    b->cap = cap;
    return 1;
}

void sb_put(sbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        sb_put(b, tmp, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sb_json_str(sbuf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s) {
        sb_puts(b, "null");
        return;
    }
    sb_put(b, "\"", 1);
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        sb_put(b, run, (size_t)((const char *)p - run));
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (*p) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
            n = 6;
        }
        sb_put(b, esc, n);
        run = (const char *)p + 1;
    }
    sb_puts(b, run);
    sb_put(b, "\"", 1);
}

void sb_html(sbuf *b, const char *s)
{
    if (!s)
        return;
    for (; *s; s++) {
        switch (*s) {
        case '&': sb_puts(b, "&amp;"); break;
        case '<': sb_puts(b, "&lt;"); break;
        case '>': sb_puts(b, "&gt;"); break;
        case '"': sb_puts(b, "&quot;"); break;
        case '\'': sb_puts(b, "&#39;"); break;
        default: sb_put(b, s, 1);
        }
    }
}

void sb_csv(sbuf *b, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && s[0] != '=' && s[0] != '+' &&
        s[0] != '-' && s[0] != '@') {
        sb_puts(b, s);
        return;
    }
    sb_put(b, "\"", 1);
    /* A leading formula character is neutralised for spreadsheets. */
    if (s[0] == '=' || s[0] == '+' || s[0] == '@' ||
        (s[0] == '-' && !(s[1] >= '0' && s[1] <= '9')))
        sb_put(b, "'", 1);
    for (; *s; s++) {
        if (*s == '"')
            sb_put(b, "\"", 1);
        sb_put(b, s, 1);
    }
    sb_put(b, "\"", 1);
}

void sb_free(sbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}
