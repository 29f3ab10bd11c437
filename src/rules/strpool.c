/*
 * strpool.c - the string pool decisions and security results copy their
 * texts into, so that a result owns its strings without one malloc each:
 * a small first block inside the pool, then 2 KB chunks freed together.
 */
#include "rules/rules.h"

#include <stdlib.h>
#include <string.h>

typedef struct pool_chunk {
    struct pool_chunk *next;
    char data[];
} pool_chunk;

const char *pool_dup(strpool *p, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s) + 1;
    if (!p->cur) {
        p->cur = p->first;
        p->left = sizeof p->first;
    }
    if (n > p->left) {
        size_t size = n > 2048 ? n : 2048;
        pool_chunk *c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->next = p->chunks;
        p->chunks = c;
        p->cur = c->data;
        p->left = size;
    }
    char *d = p->cur;
    memcpy(d, s, n);
    p->cur += n;
    p->left -= n;
    return d;
}

void pool_free(strpool *p)
{
    pool_chunk *c = p->chunks;
    while (c) {
        pool_chunk *next = c->next;
        free(c);
        c = next;
    }
    p->chunks = NULL;
    p->cur = NULL;
    p->left = 0;
}

