/*
 * idset.c - unique record ids for the sources that have none of their own
 * (BIS DPL) or that repeat them across sub-lists (CSL): an open-addressing
 * set of the ids handed out, each with the next "-k" suffix to try, so
 * that n repeats of one id cost O(n), not O(n^2).
 */
#include "lists/readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t fnv1a(const char *s)
{
    uint64_t h = FNV1A_OFFSET;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * FNV1A_PRIME;
    return h;
}

static id_slot *idset_slot(const idset *set, const char *id)
{
    size_t i = fnv1a(id) & (set->cap - 1);
    while (set->slots[i].id && strcmp(set->slots[i].id, id) != 0)
        i = (i + 1) & (set->cap - 1);
    return &set->slots[i];
}

static int idset_grow(idset *set)
{
    size_t cap = set->cap ? set->cap * 2 : 1024;
    idset bigger = {calloc(cap, sizeof(id_slot)), cap, set->n};
    if (!bigger.slots)
        return EMB_ERR_NOMEM;
    for (size_t i = 0; i < set->cap; i++)
        if (set->slots[i].id)
            *idset_slot(&bigger, set->slots[i].id) = set->slots[i];
    free(set->slots);
    *set = bigger;
    return EMB_OK;
}

/* Returns base, or base + "-2", "-3"... when taken, and records it as
 * taken. The string belongs to the set. NULL on OOM. */
const char *idset_unique(idset *set, const char *base)
{
    if ((set->n + 2) * 2 > set->cap && idset_grow(set) != EMB_OK)
        return NULL;
    id_slot *s = idset_slot(set, base);
    char *id;
    if (!s->id) {
        id = strdup(base);
    } else {
        size_t len = strlen(base) + 24;
        id = malloc(len);
        if (!id)
            return NULL;
        do
            snprintf(id, len, "%s-%lu", base, s->next++);
        while (idset_slot(set, id)->id);
        s = idset_slot(set, id);
    }
    if (!id)
        return NULL;
    s->id = id;
    s->next = 2;
    set->n++;
    return id;
}

void idset_free(idset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slots[i].id);
    free(set->slots);
    memset(set, 0, sizeof *set);
}

int idset_has(const idset *set, const char *id)
{
    return set->cap && idset_slot(set, id)->id != NULL;
}
