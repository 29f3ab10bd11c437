/* textcheck.h - shared by the text tests: one text context opened by the
 * group setup, and names normalised and shown as their canonical tokens
 * joined by spaces, legal ones written "s(L)". */
#ifndef EMB_TESTS_TEXT_TEXTCHECK_H
#define EMB_TESTS_TEXT_TEXTCHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

static text_ctx *ctx;
static text_name nm;

static int setup(void **state)
{
    (void)state;
    return text_ctx_open(&ctx) == EMB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    text_ctx_close(ctx);
    return 0;
}

static const char *show(const text_name *n)
{
    static char buf[TEXT_BUF * 2];
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < n->n; i++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%s%s",
                               i ? " " : "", n->tok[i].s,
                               (n->tok[i].flags & TOK_LEGAL) ? "(L)" : "");
    return buf;
}

/* Normalises s into out (every token [a-z0-9]+ with its length right)
 * and shows it. */
static const char *norm_into(const char *s, text_name *out)
{
    assert_int_equal(text_name_normalize(ctx, s, strlen(s), out), EMB_OK);
    for (int i = 0; i < out->n; i++) {
        assert_int_equal(out->tok[i].len, strlen(out->tok[i].s));
        for (const char *p = out->tok[i].s; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'));
    }
    return show(out);
}

#define NORM(in, want) assert_string_equal(norm_into(in, &nm), want)
/* The same, and token i's flags are exactly fl. */
#define NORM_FLAGS(in, want, i, fl)                                           \
    do {                                                                      \
        NORM(in, want);                                                       \
        assert_int_equal(nm.tok[i].flags, fl);                                \
    } while (0)

#endif
