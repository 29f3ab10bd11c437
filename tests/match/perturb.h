/*
 * perturb.h - deterministic misspellings of a name, the way people mistype
 * them: a letter replaced, dropped, doubled or swapped with its neighbour,
 * a word dropped, words rotated, two words joined. Shared by the matcher's
 * tests and bench/ (recall of the index against the exhaustive scan).
 */
#ifndef EMB_TESTS_MATCH_PERTURB_H
#define EMB_TESTS_MATCH_PERTURB_H

#include <stdint.h>
#include <string.h>

static uint32_t perturb_rand(uint64_t *st)
{
    *st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*st >> 33);
}

/* Writes into out (cap bytes) a copy of name with `edits` random edits.
 * Only ASCII letters are edited, so UTF-8 stays valid. */
__attribute__((unused)) static void perturb_name(const char *name, int edits, uint64_t *st, char *out,
                         size_t cap)
{
    size_t n = strlen(name);
    if (n >= cap)
        n = cap - 1;
    memcpy(out, name, n);
    out[n] = '\0';
    for (int e = 0; e < edits; e++) {
        n = strlen(out);
        if (n < 2)
            return;
        size_t i = perturb_rand(st) % n;
        int letter = (out[i] >= 'a' && out[i] <= 'z') ||
                     (out[i] >= 'A' && out[i] <= 'Z');
        switch (perturb_rand(st) % 7) {
        case 0: /* replace */
            if (letter)
                out[i] = (char)('a' + perturb_rand(st) % 26);
            break;
        case 1: /* drop */
            if (letter)
                memmove(out + i, out + i + 1, n - i);
            break;
        case 2: /* double */
            if (letter && n + 1 < cap) {
                memmove(out + i + 1, out + i, n - i + 1);
            }
            break;
        case 3: /* swap */
            if (i + 1 < n && letter &&
                ((out[i + 1] >= 'a' && out[i + 1] <= 'z') ||
                 (out[i + 1] >= 'A' && out[i + 1] <= 'Z'))) {
                char t = out[i];
                out[i] = out[i + 1];
                out[i + 1] = t;
            }
            break;
        case 4: { /* drop a word */
            char *sp = strchr(out, ' ');
            if (sp && strchr(sp + 1, ' '))
                memmove(sp, strchr(sp + 1, ' '), strlen(strchr(sp + 1, ' ')) + 1);
            break;
        }
        case 5: { /* rotate: first word to the end */
            char *sp = strchr(out, ' ');
            if (sp && n + 1 < cap) {
                char tmp[512];
                size_t w = (size_t)(sp - out);
                if (w < sizeof tmp) {
                    memcpy(tmp, out, w);
                    memmove(out, sp + 1, n - w);
                    out[n - w - 1] = ' ';
                    memcpy(out + n - w, tmp, w);
                    out[n] = '\0';
                }
            }
            break;
        }
        default: { /* join two words */
            char *sp = strchr(out + i, ' ');
            if (sp)
                memmove(sp, sp + 1, strlen(sp + 1) + 1);
            break;
        }
        }
    }
}

#endif
