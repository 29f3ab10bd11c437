/*
 * keymap.c - a string multimap: open addressing with linear probing, keys
 * copied into an arena, several values per key kept side by side.
 *
 * Every index in src/rules (identifiers of listed records, issuer names,
 * the security master, fund holdings) is one of these. It is filled while
 * loading and only read afterwards, so reads need no lock. A lookup walks
 * the probe run from the key's slot to the next empty slot and returns the
 * entries whose hash and key match (callers that need an order sort).
 */
#include "rules/rules.h"

#include <stdlib.h>
#include <string.h>

typedef struct kentry {
    uint64_t hash; /* 0: empty slot */
    const char *key;
    const void *val;
    int tag;
} kentry;

struct keymap {
    kentry *slots;
    size_t cap, count;
    arena *ar;
};

static uint64_t key_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    /* FNV's low bits cluster on keys that differ only at the end ("I:US9
     * 0000011", "I:US90000029"); the MurmurHash3 finaliser spreads them. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h ? h : 1;
}

keymap *keymap_new(void)
{
    keymap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 64;
    m->slots = calloc(m->cap, sizeof(kentry));
    m->ar = arena_new();
    if (!m->slots || !m->ar) {
        keymap_free(m);
        return NULL;
    }
    return m;
}

void keymap_free(keymap *m)
{
    if (!m)
        return;
    free(m->slots);
    arena_free(m->ar);
    free(m);
}

size_t keymap_count(const keymap *m)
{
    return m ? m->count : 0;
}

static void place(kentry *slots, size_t cap, const kentry *e)
{
    size_t i = e->hash & (cap - 1);
    while (slots[i].hash)
        i = (i + 1) & (cap - 1);
    slots[i] = *e;
}

static int grow(keymap *m)
{
    size_t cap = m->cap * 2;
    kentry *slots = calloc(cap, sizeof(kentry));
    if (!slots)
        return EMB_ERR_NOMEM;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].hash)
            place(slots, cap, &m->slots[i]);
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return EMB_OK;
}

int keymap_add(keymap *m, const char *key, const void *val, int tag)
{
    if ((m->count + 1) * 2 > m->cap && grow(m) != EMB_OK)
        return EMB_ERR_NOMEM;
    kentry e = {key_hash(key), arena_strdup(m->ar, key), val, tag};
    if (!e.key)
        return EMB_ERR_NOMEM;
    place(m->slots, m->cap, &e);
    m->count++;
    return EMB_OK;
}

void keymap_find(const keymap *m, const char *key, keymap_iter *it)
{
    it->m = m;
    it->key = key;
    it->hash = key_hash(key);
    it->slot = m ? it->hash & (m->cap - 1) : 0;
}

int keymap_next(keymap_iter *it, const void **val, int *tag)
{
    const keymap *m = it->m;
    if (!m)
        return 0;
    while (m->slots[it->slot].hash) {
        const kentry *e = &m->slots[it->slot];
        it->slot = (it->slot + 1) & (m->cap - 1);
        if (e->hash == it->hash && strcmp(e->key, it->key) == 0) {
            if (val)
                *val = e->val;
            if (tag)
                *tag = e->tag;
            return 1;
        }
    }
    return 0;
}

const void *keymap_get(const keymap *m, const char *key)
{
    keymap_iter it;
    const void *v = NULL;
    keymap_find(m, key, &it);
    return keymap_next(&it, &v, NULL) ? v : NULL;
}
