/*
 * names.c - a name field that holds more than a name, as the CSL and the
 * BIS Denied Persons List write them: the scope of the listing ("X; and
 * any successor, sub-unit, or subsidiary thereof", "X, and its sub-units
 * and successors") and another name ("X (f.k.a., Y)", "X, a.k.a. Y (Z)",
 * "X (aka Y)", "X [aka Y]", "X A/K/A Y", "X D/B/A Y", and inside the
 * name, "PEARL (A.K.A. NEI-CHIEN CHU) LI", whose name is Pearl Li).
 */
#include "lists/readers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const scopes[] = {"and any successor", "and its sub-unit",
                                     "and its successor"};

static const struct {
    const char *key;
    emb_name_type type;
} marks[] = {
    {"f.k.a.", EMB_NAME_FKA},   {"a.k.a.", EMB_NAME_AKA},
    {"n.k.a.", EMB_NAME_NKA},   {"(aka ", EMB_NAME_AKA},
    {"[aka ", EMB_NAME_AKA},    {" a/k/a ", EMB_NAME_AKA},
    {" d/b/a ", EMB_NAME_AKA},  {" f/k/a ", EMB_NAME_FKA},
};

/* The first place after s[0] where key is written, in any case; NULL if
 * none. */
static const char *find_after_first(const char *s, const char *key)
{
    size_t lk = strlen(key);
    for (const char *p = s + (*s != '\0'); *p; p++)
        if (!strncasecmp(p, key, lk))
            return p;
    return NULL;
}

/* s[0..n) without the characters of `chars` at its end: the new n. */
static size_t trim_end(const char *s, size_t n, const char *chars)
{
    while (n && strchr(chars, s[n - 1]))
        n--;
    return n;
}

/* Appends s[0..n) and a NUL at *at; returns where it starts. */
static char *put(char **at, const char *s, size_t n)
{
    char *start = *at;
    memcpy(start, s, n);
    start[n] = '\0';
    *at += n + 1;
    return start;
}

int name_field_split(const char *field, name_field *out)
{
    memset(out, 0, sizeof *out);
    const char *scope = NULL, *mark = NULL;
    size_t km = 0;
    for (size_t k = 0; k < sizeof scopes / sizeof scopes[0]; k++) {
        const char *p = find_after_first(field, scopes[k]);
        if (p && (!scope || p < scope))
            scope = p;
    }
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        const char *p = find_after_first(field, marks[k].key);
        if (p && (!mark || p < mark)) {
            mark = p;
            km = k;
        }
    }
    size_t len = strlen(field);
    const char *end = field + len; /* where the name and the other end */
    if (scope && mark && mark > scope)
        mark = NULL; /* words of the scope */
    if (scope)
        end = scope;
    if (!scope && !mark)
        return EMB_OK;
    /* the name before the mark: "X (f.k.a." and "X [aka" end at the
     * bracket */
    const char *name_end = mark ? mark : scope;
    char open = 0;
    if (mark) {
        const char *key = marks[km].key;
        open = key[0] == '(' || key[0] == '[' ? key[0] : 0;
        while (!open && name_end > field &&
               (name_end[-1] == ' ' || name_end[-1] == ','))
            name_end--;
        if (!open && name_end > field &&
            (name_end[-1] == '(' || name_end[-1] == '['))
            open = *--name_end;
    }
    size_t n_name = trim_end(field, (size_t)(name_end - field), " ,;");
    size_t alnum = 0;
    for (size_t i = 0; i < n_name; i++)
        alnum += isalnum((unsigned char)field[i]) != 0;
    if (!alnum)
        return EMB_OK; /* nothing would be left of the name */

    const char *other = NULL, *rest = NULL;
    size_t n_other = 0, n_rest = 0;
    if (mark) {
        other = mark + strlen(marks[km].key);
        other += strspn(other, " ,");
        const char *stop = end;
        if (open) {
            /* the bracket closes after the other name; what follows it is
             * more of the name */
            char close = open == '[' ? ']' : ')';
            int depth = 1;
            for (const char *p = other; p < end; p++) {
                depth += *p == open;
                if (*p == close && --depth == 0) {
                    stop = p;
                    rest = p + 1 + strspn(p + 1, " ,;.");
                    n_rest = rest < end ? trim_end(rest, (size_t)(end - rest),
                                                   " ,;.")
                                        : 0;
                    break;
                }
            }
        }
        n_other = trim_end(other, (size_t)(stop - other), " ,;");
    }
    out->buf = malloc(2 * len + 4);
    if (!out->buf)
        return EMB_ERR_NOMEM;
    char *at = out->buf;
    out->name = put(&at, field, n_name);
    if (n_rest) { /* "PEARL (A.K.A. NEI-CHIEN CHU) LI" is Pearl Li */
        at[-1] = ' ';
        put(&at, rest, n_rest);
    }
    if (n_other) {
        out->other = put(&at, other, n_other);
        out->type = marks[km].type;
    }
    if (scope)
        out->scope = put(&at, scope, (size_t)(field + len - scope));
    return EMB_OK;
}
