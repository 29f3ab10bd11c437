/*
 * model.c - arena, record sets and the record builder.
 *
 * Memory of a record set lives in one arena: strings and the frozen arrays
 * of every record are bump-allocated and released together by
 * emb_recset_free. That keeps parsing allocation-cheap (a 14,000-record SDN
 * file makes a few hundred arena blocks, not a million mallocs) and makes
 * records trivially immutable once sealed.
 *
 * A builder keeps its growing arrays in malloc'd vectors; recb_finish copies
 * them into the arena at their final size.
 */
#include "lists/model.h"
#include "text/text.h"

#include <strings.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

/* ---------------------------------------------------------------- arena */

#define ARENA_BLOCK (64 * 1024)

typedef struct arena_block {
    struct arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} arena_block;

struct arena {
    arena_block *head;
};

arena *arena_new(void)
{
    return calloc(1, sizeof(arena));
}

void arena_free(arena *a)
{
    if (!a)
        return;
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        arena_block *nb = malloc(sizeof(arena_block) + size);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->size = size;
        if (b && size != ARENA_BLOCK) {
            /* A large allocation gets its own block behind the current one
             * so the current block's free space is not wasted. */
            nb->next = b->next;
            b->next = nb;
            nb->used = n;
            return nb->data;
        }
        nb->next = b;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    if (!s)
        return NULL;
    if (len == (size_t)-1)
        len = strlen(s);
    char *p = arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, (size_t)-1);
}

/* ----------------------------------------------------------- record set */

typedef struct set_file {
    char *path;
    char sha256[65];
} set_file;

struct emb_recset {
    arena *a;
    char *source;
    char *format;
    emb_record **recs;
    size_t n, cap;
    emb_date published;
    int inferred;
    set_file *files;
    size_t n_files;
    char **warnings;
    size_t n_warnings;
    int reader_rev;
};

emb_recset *recset_new(const char *source, const char *format)
{
    emb_recset *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->a = arena_new();
    if (!s->a) {
        free(s);
        return NULL;
    }
    s->source = arena_strdup(s->a, source);
    s->format = arena_strdup(s->a, format);
    if (!s->source || !s->format) {
        emb_recset_free(s);
        return NULL;
    }
    return s;
}

arena *recset_arena(emb_recset *set)
{
    return set->a;
}

void recset_set_published(emb_recset *set, emb_date d, int inferred)
{
    set->published = d;
    set->inferred = inferred;
}

void recset_set_reader_revision(emb_recset *set, int rev)
{
    set->reader_rev = rev;
}

int recset_reader_revision(const emb_recset *set)
{
    return set ? set->reader_rev : 0;
}

int recset_add_file_hash(emb_recset *set, const char *path, const char *hex)
{
    set_file *f = realloc(set->files, (set->n_files + 1) * sizeof(*f));
    if (!f)
        return EMB_ERR_NOMEM;
    set->files = f;
    f = &set->files[set->n_files];
    f->path = arena_strdup(set->a, path);
    if (!f->path)
        return EMB_ERR_NOMEM;
    snprintf(f->sha256, sizeof f->sha256, "%s", hex);
    set->n_files++;
    return EMB_OK;
}

int recset_add_file(emb_recset *set, const char *path, const void *data,
                    size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL))
        return EMB_ERR_NOMEM;
    char hex[65];
    for (unsigned i = 0; i < mdlen && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return recset_add_file_hash(set, path, hex);
}

int recset_warn(emb_recset *set, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **w = realloc(set->warnings, (set->n_warnings + 1) * sizeof(*w));
    if (!w)
        return EMB_ERR_NOMEM;
    set->warnings = w;
    w[set->n_warnings] = arena_strdup(set->a, buf);
    if (!w[set->n_warnings])
        return EMB_ERR_NOMEM;
    set->n_warnings++;
    return EMB_OK;
}

int source_id_cmp(const char *a, const char *b)
{
    int da = text_all_digits(a, strlen(a));
    int db = text_all_digits(b, strlen(b));
    if (da && db) {
        size_t la = strlen(a), lb = strlen(b);
        while (la > 1 && *a == '0') { a++; la--; }
        while (lb > 1 && *b == '0') { b++; lb--; }
        if (la != lb)
            return la < lb ? -1 : 1;
        return strcmp(a, b);
    }
    if (da != db)
        return da ? -1 : 1;
    return strcmp(a, b);
}

static int rec_ptr_cmp(const void *x, const void *y)
{
    const emb_record *a = *(const emb_record *const *)x;
    const emb_record *b = *(const emb_record *const *)y;
    return source_id_cmp(a->source_id, b->source_id);
}

int recset_seal(emb_recset *set)
{
    if (set->n > 1)
        qsort(set->recs, set->n, sizeof(*set->recs), rec_ptr_cmp);
    return EMB_OK;
}

static void newest(emb_date *best, emb_date d, emb_date today)
{
    if (d.year == 0 || date_cmp(d, today) > 0)
        return;
    if (date_cmp(d, *best) > 0)
        *best = d;
}

void recset_infer_published(emb_recset *set, emb_date today)
{
    if (set->published.year)
        return;
    emb_date best = {0, 0, 0};
    for (size_t i = 0; i < set->n; i++) {
        const emb_record *r = set->recs[i];
        newest(&best, r->cmic_listing, today);
        newest(&best, r->cmic_effective, today);
        newest(&best, r->cmic_divestment, today);
        newest(&best, r->listed_on, today);
        /* Dates inside identifiers and remarks are not scanned here; the
         * OFAC reader passes what it found through listed_on-like fields. */
    }
    if (best.year) {
        set->published = best;
        set->inferred = 1;
    }
}

size_t emb_recset_count(const emb_recset *set)
{
    return set ? set->n : 0;
}

const emb_record *emb_recset_get(const emb_recset *set, size_t i)
{
    return set && i < set->n ? set->recs[i] : NULL;
}

const emb_record *emb_recset_find(const emb_recset *set, const char *id)
{
    if (!set || !id)
        return NULL;
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = source_id_cmp(set->recs[mid]->source_id, id);
        if (c == 0)
            return set->recs[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *emb_recset_source(const emb_recset *set)
{
    return set ? set->source : NULL;
}

const char *emb_recset_format(const emb_recset *set)
{
    return set ? set->format : NULL;
}

emb_date emb_recset_published(const emb_recset *set, int *inferred)
{
    emb_date none = {0, 0, 0};
    if (inferred)
        *inferred = set ? set->inferred : 0;
    return set ? set->published : none;
}

int emb_recset_set_published(emb_recset *set, emb_date d)
{
    if (!set || d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 ||
        d.day > 31)
        return EMB_ERR_INVALID;
    recset_set_published(set, d, 0);
    return EMB_OK;
}

size_t emb_recset_file_count(const emb_recset *set)
{
    return set ? set->n_files : 0;
}

const char *emb_recset_file_path(const emb_recset *set, size_t i)
{
    return set && i < set->n_files ? set->files[i].path : NULL;
}

const char *emb_recset_file_sha256(const emb_recset *set, size_t i)
{
    return set && i < set->n_files ? set->files[i].sha256 : NULL;
}

size_t emb_recset_warning_count(const emb_recset *set)
{
    return set ? set->n_warnings : 0;
}

const char *emb_recset_warning(const emb_recset *set, size_t i)
{
    return set && i < set->n_warnings ? set->warnings[i] : NULL;
}

void emb_recset_free(emb_recset *set)
{
    if (!set)
        return;
    arena_free(set->a);
    free(set->recs);
    free(set->files);
    free(set->warnings);
    free(set);
}

void emb_free(void *p)
{
    free(p);
}

/* --------------------------------------------------------------- builder */

typedef struct vec {
    void *items;
    size_t n, cap, size;
} vec;

static void *vec_push(vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        void *p = realloc(v->items, cap * v->size);
        if (!p)
            return NULL;
        v->items = p;
        v->cap = cap;
    }
    void *slot = (char *)v->items + v->n * v->size;
    memset(slot, 0, v->size);
    v->n++;
    return slot;
}

static void *vec_freeze(vec *v, arena *a)
{
    if (v->n == 0)
        return NULL;
    void *p = arena_alloc(a, v->n * v->size);
    if (p)
        memcpy(p, v->items, v->n * v->size);
    return p;
}

/* Duplicates are looked for among the first DEDUP_SCAN items of a list
 * only: real records have at most a few hundred names or identifiers, and
 * the cap keeps a hostile record with 100,000 aliases linear, not
 * quadratic. */
#define DEDUP_SCAN 512

enum { V_NAMES, V_PROGRAMS, V_ADDRS, V_IDENTS, V_BIRTHS, V_BIRTHPLACES,
       V_NATIONALITIES, V_CITIZENSHIPS, V_RELATIONS, V_FACTS, V_COUNT };

static const size_t vec_sizes[V_COUNT] = {
    sizeof(emb_name), sizeof(char *), sizeof(emb_address), sizeof(emb_ident),
    sizeof(emb_period), sizeof(char *), sizeof(char *), sizeof(char *),
    sizeof(emb_relation), sizeof(emb_fact),
};

struct recb {
    emb_recset *set;
    emb_record rec; /* scalar fields; arrays are in v[] until finish */
    vec v[V_COUNT];
    /* Remarks are assembled in a heap buffer since they are appended to. */
    char *remarks;
    size_t remarks_len;
};

recb *recb_new(emb_recset *set, const char *source_id)
{
    recb *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    b->set = set;
    for (int i = 0; i < V_COUNT; i++)
        b->v[i].size = vec_sizes[i];
    b->rec.source = set->source;
    b->rec.source_id = arena_strdup(set->a, source_id ? source_id : "");
    if (!b->rec.source_id) {
        free(b);
        return NULL;
    }
    return b;
}

void recb_free(recb *b)
{
    if (!b)
        return;
    for (int i = 0; i < V_COUNT; i++)
        free(b->v[i].items);
    free(b->remarks);
    free(b);
}

static int empty(const char *s)
{
    return !s || !*s;
}

/* Arena copy of s, NULL for an empty string. *ok cleared on OOM. */
static const char *dup_opt(recb *b, const char *s, int *ok)
{
    if (empty(s))
        return NULL;
    const char *p = arena_strdup(b->set->a, s);
    if (!p)
        *ok = 0;
    return p;
}

static int str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

void recb_set_kind(recb *b, emb_kind k)
{
    b->rec.kind = k;
}

emb_kind recb_kind(const recb *b)
{
    return b->rec.kind;
}

const char *recb_source_id(const recb *b)
{
    return b->rec.source_id;
}

static const char **field_slot(recb *b, recb_field f)
{
    switch (f) {
    case RECB_LIST: return &b->rec.list;
    case RECB_GENDER: return &b->rec.gender;
    case RECB_TITLE: return &b->rec.title;
    case RECB_VESSEL_CALL_SIGN: return &b->rec.vessel.call_sign;
    case RECB_VESSEL_TYPE: return &b->rec.vessel.type;
    case RECB_VESSEL_TONNAGE: return &b->rec.vessel.tonnage;
    case RECB_VESSEL_GRT: return &b->rec.vessel.grt;
    case RECB_VESSEL_FLAG: return &b->rec.vessel.flag;
    case RECB_VESSEL_OWNER: return &b->rec.vessel.owner;
    case RECB_REMARKS: break;
    }
    return NULL;
}

int recb_append(recb *b, recb_field f, const char *s)
{
    if (empty(s))
        return EMB_OK;
    if (f != RECB_REMARKS) {
        const char *old = recb_get(b, f);
        if (!old)
            return recb_set(b, f, s);
        size_t lo = strlen(old), ls = strlen(s);
        char *p = arena_alloc(b->set->a, lo + ls + 1);
        if (!p)
            return EMB_ERR_NOMEM;
        memcpy(p, old, lo);
        memcpy(p + lo, s, ls + 1);
        *field_slot(b, f) = p;
        return EMB_OK;
    }
    size_t ls = strlen(s);
    char *p = realloc(b->remarks, b->remarks_len + ls + 1);
    if (!p)
        return EMB_ERR_NOMEM;
    memcpy(p + b->remarks_len, s, ls + 1);
    b->remarks = p;
    b->remarks_len += ls;
    return EMB_OK;
}

int recb_set(recb *b, recb_field f, const char *s)
{
    if (f == RECB_REMARKS) {
        free(b->remarks);
        b->remarks = NULL;
        b->remarks_len = 0;
        return recb_append(b, f, s);
    }
    int ok = 1;
    *field_slot(b, f) = dup_opt(b, s, &ok);
    return ok ? EMB_OK : EMB_ERR_NOMEM;
}

const char *recb_get(const recb *b, recb_field f)
{
    if (f == RECB_REMARKS)
        return b->remarks;
    return *field_slot((recb *)b, f);
}

void recb_set_date(recb *b, recb_date_field f, emb_date d)
{
    switch (f) {
    case RECB_CMIC_LISTING: b->rec.cmic_listing = d; break;
    case RECB_CMIC_EFFECTIVE: b->rec.cmic_effective = d; break;
    case RECB_CMIC_DIVESTMENT: b->rec.cmic_divestment = d; break;
    case RECB_LISTED_ON: b->rec.listed_on = d; break;
    case RECB_ENDS_ON: b->rec.ends_on = d; break;
    }
}

size_t recb_name_count(const recb *b)
{
    return b->v[V_NAMES].n;
}

int recb_add_name(recb *b, emb_name_type type, int weak, const char *full,
                  const char *given, const char *family, const char *script)
{
    if (empty(full))
        return EMB_OK;
    vec *v = &b->v[V_NAMES];
    emb_name *names = v->items;
    for (size_t i = 0; i < v->n && i < DEDUP_SCAN; i++)
        if (names[i].type == type && names[i].weak == !!weak &&
            strcmp(names[i].full, full) == 0 && str_eq(names[i].script, script))
            return EMB_OK;
    emb_name *n = vec_push(v);
    if (!n)
        return EMB_ERR_NOMEM;
    int ok = 1;
    n->full = dup_opt(b, full, &ok);
    n->given = dup_opt(b, given, &ok);
    n->family = dup_opt(b, family, &ok);
    n->script = dup_opt(b, script, &ok);
    n->type = type;
    n->weak = !!weak;
    if (!ok)
        return EMB_ERR_NOMEM;
    /* Keep the first primary name at index 0. */
    names = v->items;
    if (type == EMB_NAME_PRIMARY && v->n > 1 &&
        names[0].type != EMB_NAME_PRIMARY) {
        emb_name tmp = names[v->n - 1];
        memmove(&names[1], &names[0], (v->n - 1) * sizeof(emb_name));
        names[0] = tmp;
    }
    return EMB_OK;
}

static int add_str(recb *b, int which, const char *s)
{
    if (empty(s))
        return EMB_OK;
    vec *v = &b->v[which];
    const char **items = v->items;
    for (size_t i = 0; i < v->n && i < DEDUP_SCAN; i++)
        if (strcmp(items[i], s) == 0)
            return EMB_OK;
    const char **slot = vec_push(v);
    if (!slot)
        return EMB_ERR_NOMEM;
    int ok = 1;
    *slot = dup_opt(b, s, &ok);
    return ok ? EMB_OK : EMB_ERR_NOMEM;
}

int recb_add_program(recb *b, const char *s) { return add_str(b, V_PROGRAMS, s); }
int recb_add_birthplace(recb *b, const char *s) { return add_str(b, V_BIRTHPLACES, s); }
int recb_add_nationality(recb *b, const char *s) { return add_str(b, V_NATIONALITIES, s); }
int recb_add_citizenship(recb *b, const char *s) { return add_str(b, V_CITIZENSHIPS, s); }

int recb_add_address(recb *b, const emb_address *a)
{
    const char *parts[5] = {a->street, a->city, a->state, a->postal, a->country};
    char text[2048];
    size_t len = 0;
    text[0] = '\0';
    for (int i = 0; i < 5; i++) {
        if (empty(parts[i]))
            continue;
        int w = snprintf(text + len, sizeof text - len, "%s%s",
                         len ? ", " : "", parts[i]);
        if (w < 0 || (size_t)w >= sizeof text - len)
            break;
        len += (size_t)w;
    }
    const char *t = a->text ? a->text : text;
    if (empty(t))
        return EMB_OK;
    emb_address *n = vec_push(&b->v[V_ADDRS]);
    if (!n)
        return EMB_ERR_NOMEM;
    int ok = 1;
    n->street = dup_opt(b, a->street, &ok);
    n->city = dup_opt(b, a->city, &ok);
    n->state = dup_opt(b, a->state, &ok);
    n->postal = dup_opt(b, a->postal, &ok);
    n->country = dup_opt(b, a->country, &ok);
    n->text = dup_opt(b, t, &ok);
    return ok ? EMB_OK : EMB_ERR_NOMEM;
}

int recb_add_ident(recb *b, const emb_ident *id)
{
    if (empty(id->value))
        return EMB_OK;
    vec *v = &b->v[V_IDENTS];
    emb_ident *items = v->items;
    for (size_t i = 0; i < v->n && i < DEDUP_SCAN; i++)
        if (str_eq(items[i].type, id->type) && str_eq(items[i].value, id->value) &&
            str_eq(items[i].country, id->country))
            return EMB_OK;
    emb_ident *n = vec_push(v);
    if (!n)
        return EMB_ERR_NOMEM;
    int ok = 1;
    n->kind = id->kind != EMB_ID_OTHER ? id->kind
                                       : ident_kind_from_label(id->type);
    n->type = dup_opt(b, id->type, &ok);
    n->value = dup_opt(b, id->value, &ok);
    n->country = dup_opt(b, id->country, &ok);
    n->issued = dup_opt(b, id->issued, &ok);
    n->expires = dup_opt(b, id->expires, &ok);
    n->note = dup_opt(b, id->note, &ok);
    return ok ? EMB_OK : EMB_ERR_NOMEM;
}

int recb_add_birth(recb *b, const emb_period *p)
{
    emb_period *n = vec_push(&b->v[V_BIRTHS]);
    if (!n)
        return EMB_ERR_NOMEM;
    *n = *p;
    int ok = 1;
    n->text = dup_opt(b, p->text, &ok);
    return ok ? EMB_OK : EMB_ERR_NOMEM;
}

int recb_add_relation(recb *b, const char *type, const char *target,
                      const char *target_id)
{
    if (empty(target) && empty(target_id))
        return EMB_OK;
    emb_relation *n = vec_push(&b->v[V_RELATIONS]);
    if (!n)
        return EMB_ERR_NOMEM;
    int ok = 1;
    n->type = dup_opt(b, type, &ok);
    n->target = dup_opt(b, target, &ok);
    n->target_id = dup_opt(b, target_id, &ok);
    return ok ? EMB_OK : EMB_ERR_NOMEM;
}

int recb_add_fact(recb *b, const char *key, const char *value)
{
    if (empty(key) && empty(value))
        return EMB_OK;
    emb_fact *n = vec_push(&b->v[V_FACTS]);
    if (!n)
        return EMB_ERR_NOMEM;
    int ok = 1;
    n->key = dup_opt(b, key, &ok);
    n->value = dup_opt(b, value, &ok);
    return ok ? EMB_OK : EMB_ERR_NOMEM;
}

int recb_finish(recb *b)
{
    emb_recset *set = b->set;
    arena *a = set->a;
    emb_record *r = arena_alloc(a, sizeof(*r));
    if (!r)
        return EMB_ERR_NOMEM;
    *r = b->rec;
    int ok = 1;
    r->remarks = dup_opt(b, b->remarks, &ok);
#define FREEZE(idx, field, count)                     \
    do {                                              \
        r->field = vec_freeze(&b->v[idx], a);         \
        r->count = b->v[idx].n;                       \
        if (r->count && !r->field)                    \
            ok = 0;                                   \
    } while (0)
    FREEZE(V_NAMES, names, n_names);
    FREEZE(V_PROGRAMS, programs, n_programs);
    FREEZE(V_ADDRS, addresses, n_addresses);
    FREEZE(V_IDENTS, idents, n_idents);
    FREEZE(V_BIRTHS, births, n_births);
    FREEZE(V_BIRTHPLACES, birthplaces, n_birthplaces);
    FREEZE(V_NATIONALITIES, nationalities, n_nationalities);
    FREEZE(V_CITIZENSHIPS, citizenships, n_citizenships);
    FREEZE(V_RELATIONS, relations, n_relations);
    FREEZE(V_FACTS, facts, n_facts);
#undef FREEZE
    if (!ok)
        return EMB_ERR_NOMEM;
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 256;
        emb_record **p = realloc(set->recs, cap * sizeof(*p));
        if (!p)
            return EMB_ERR_NOMEM;
        set->recs = p;
        set->cap = cap;
    }
    set->recs[set->n++] = r;
    /* Reset for reuse. */
    for (int i = 0; i < V_COUNT; i++)
        b->v[i].n = 0;
    free(b->remarks);
    b->remarks = NULL;
    b->remarks_len = 0;
    const char *sid = b->rec.source_id;
    memset(&b->rec, 0, sizeof b->rec);
    b->rec.source = set->source;
    b->rec.source_id = sid;
    return EMB_OK;
}

int cmic_date_label(const char *label, recb_date_field *f)
{
    static const struct {
        const char *label;
        recb_date_field field;
    } map[] = {
        {"Listing Date (CMIC)", RECB_CMIC_LISTING},
        {"Effective Date (CMIC)", RECB_CMIC_EFFECTIVE},
        {"Purchase/Sales For Divestment Date (CMIC)", RECB_CMIC_DIVESTMENT},
    };
    for (size_t i = 0; label && i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(label, map[i].label) == 0) {
            *f = map[i].field;
            return 1;
        }
    return 0;
}
