/*
 * record_json.c - a record as JSON, and back.
 *
 * The JSON is the record's public face (CLI, HTTP service) and also the
 * store's on-disk form, so it has to be stable byte for byte: the store
 * content-addresses records by the SHA-256 of their compact JSON, and a
 * key order that moved would make every record look changed. Keys are
 * therefore written in one fixed order (record_json_keys) and members that
 * are absent (NULL string, empty array, date with year 0, false flag) are
 * left out rather than written as null:
 *
 *   source, source_id, kind, list,
 *   names        [{full, given, family, script, type, weak}]
 *   programs     [string]
 *   addresses    [{street, city, state, postal, country, text}]
 *   identifiers  [{kind, type, value, country, issued, expires, note}]
 *   births       [{from, to, circa, text}]
 *   birthplaces, nationalities, citizenships  [string]
 *   gender, title,
 *   relations    [{type, target, target_id}]
 *   facts        [{key, value}]
 *   remarks,
 *   vessel       {call_sign, type, tonnage, grt, flag, owner}
 *   cmic         {listing, effective, divestment}
 *   listed_on, ends_on
 *
 * source, source_id, kind and each name's type are always written; weak
 * and circa only when true. Dates are "YYYY", "YYYY-MM" or "YYYY-MM-DD".
 * Strings that are not valid UTF-8 (parsers should never hand them over)
 * are written as if they were Latin-1 rather than failing the record.
 *
 * Reading back goes through the record builder (src/lists/model.h) like
 * any parser, so a rebuilt record obeys the same invariants; since the
 * builder's deduplication and ordering are idempotent on a finished record,
 * writing a rebuilt record yields the original bytes.
 */
#include "store/record_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h> /* writing only; see the reader below */

#include "lists/model.h"
#include "lists/readers.h"

const char *const record_json_keys[RECORD_JSON_KEY_COUNT] = {
    "source",      "source_id",     "kind",         "list",
    "names",       "programs",      "addresses",    "identifiers",
    "births",      "birthplaces",   "nationalities", "citizenships",
    "gender",      "title",         "relations",    "facts",
    "remarks",     "vessel",        "cmic",         "listed_on",
    "ends_on",
};

static const char *const name_types[] = {"primary", "aka", "fka", "nka"};

/* ---------------------------------------------------------------- write */

/* A JSON string for s, reading s as Latin-1 when it is not UTF-8. */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    arena *a = arena_new();
    if (!a)
        return NULL;
    const char *u = utf8_or_latin1_dup(a, s, strlen(s));
    j = u ? json_string(u) : NULL;
    arena_free(a);
    return j;
}

/* Each put_* leaves the member out when the value is absent and clears
 * *ok when memory runs out. */
static void put(json_t *o, const char *key, json_t *v, int *ok)
{
    if (!v || json_object_set_new(o, key, v) != 0)
        *ok = 0;
}

static void put_str(json_t *o, const char *key, const char *s, int *ok)
{
    if (s && *s)
        put(o, key, jstr(s), ok);
}

static void put_date(json_t *o, const char *key, emb_date d, int *ok)
{
    char buf[16];
    if (d.year)
        put(o, key, json_string(emb_date_format(d, buf)), ok);
}

static void put_strs(json_t *o, const char *key, const char *const *v,
                     size_t n, int *ok)
{
    if (n == 0)
        return;
    json_t *arr = json_array();
    if (!arr) {
        *ok = 0;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (v[i] && *v[i] && json_array_append_new(arr, jstr(v[i])) != 0)
            *ok = 0;
    if (json_array_size(arr) == 0)
        json_decref(arr);
    else
        put(o, key, arr, ok);
}

/* Appends obj to *arr (created on first use). */
static void push(json_t **arr, json_t *obj, int *ok)
{
    if (!obj) {
        *ok = 0;
        return;
    }
    if (!*arr && !(*arr = json_array())) {
        json_decref(obj);
        *ok = 0;
        return;
    }
    if (json_array_append_new(*arr, obj) != 0)
        *ok = 0;
}

static void put_arr(json_t *o, const char *key, json_t *arr, int *ok)
{
    if (arr)
        put(o, key, arr, ok);
}

static json_t *record_object(const emb_record *r, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    put(o, "source", jstr(r->source ? r->source : ""), ok);
    put(o, "source_id", jstr(r->source_id ? r->source_id : ""), ok);
    put(o, "kind", json_string(emb_kind_name(r->kind)), ok);
    put_str(o, "list", r->list, ok);

    json_t *arr = NULL;
    for (size_t i = 0; i < r->n_names; i++) {
        const emb_name *n = &r->names[i];
        json_t *e = json_object();
        if (e) {
            put_str(e, "full", n->full, ok);
            put_str(e, "given", n->given, ok);
            put_str(e, "family", n->family, ok);
            put_str(e, "script", n->script, ok);
            unsigned t = (unsigned)n->type < 4 ? (unsigned)n->type : 1;
            put(e, "type", json_string(name_types[t]), ok);
            if (n->weak)
                put(e, "weak", json_true(), ok);
        }
        push(&arr, e, ok);
    }
    put_arr(o, "names", arr, ok);

    put_strs(o, "programs", r->programs, r->n_programs, ok);

    arr = NULL;
    for (size_t i = 0; i < r->n_addresses; i++) {
        const emb_address *a = &r->addresses[i];
        json_t *e = json_object();
        if (e) {
            put_str(e, "street", a->street, ok);
            put_str(e, "city", a->city, ok);
            put_str(e, "state", a->state, ok);
            put_str(e, "postal", a->postal, ok);
            put_str(e, "country", a->country, ok);
            put_str(e, "text", a->text, ok);
        }
        push(&arr, e, ok);
    }
    put_arr(o, "addresses", arr, ok);

    arr = NULL;
    for (size_t i = 0; i < r->n_idents; i++) {
        const emb_ident *id = &r->idents[i];
        json_t *e = json_object();
        if (e) {
            put(e, "kind", json_string(emb_id_kind_name(id->kind)), ok);
            put_str(e, "type", id->type, ok);
            put_str(e, "value", id->value, ok);
            put_str(e, "country", id->country, ok);
            put_str(e, "issued", id->issued, ok);
            put_str(e, "expires", id->expires, ok);
            put_str(e, "note", id->note, ok);
        }
        push(&arr, e, ok);
    }
    put_arr(o, "identifiers", arr, ok);

    arr = NULL;
    for (size_t i = 0; i < r->n_births; i++) {
        const emb_period *p = &r->births[i];
        json_t *e = json_object();
        if (e) {
            put_date(e, "from", p->from, ok);
            put_date(e, "to", p->to, ok);
            if (p->circa)
                put(e, "circa", json_true(), ok);
            put_str(e, "text", p->text, ok);
        }
        push(&arr, e, ok);
    }
    put_arr(o, "births", arr, ok);

    put_strs(o, "birthplaces", r->birthplaces, r->n_birthplaces, ok);
    put_strs(o, "nationalities", r->nationalities, r->n_nationalities, ok);
    put_strs(o, "citizenships", r->citizenships, r->n_citizenships, ok);
    put_str(o, "gender", r->gender, ok);
    put_str(o, "title", r->title, ok);

    arr = NULL;
    for (size_t i = 0; i < r->n_relations; i++) {
        const emb_relation *rel = &r->relations[i];
        json_t *e = json_object();
        if (e) {
            put_str(e, "type", rel->type, ok);
            put_str(e, "target", rel->target, ok);
            put_str(e, "target_id", rel->target_id, ok);
        }
        push(&arr, e, ok);
    }
    put_arr(o, "relations", arr, ok);

    arr = NULL;
    for (size_t i = 0; i < r->n_facts; i++) {
        json_t *e = json_object();
        if (e) {
            put_str(e, "key", r->facts[i].key, ok);
            put_str(e, "value", r->facts[i].value, ok);
        }
        push(&arr, e, ok);
    }
    put_arr(o, "facts", arr, ok);

    put_str(o, "remarks", r->remarks, ok);

    const emb_vessel *v = &r->vessel;
    if (v->call_sign || v->type || v->tonnage || v->grt || v->flag ||
        v->owner) {
        json_t *e = json_object();
        if (e) {
            put_str(e, "call_sign", v->call_sign, ok);
            put_str(e, "type", v->type, ok);
            put_str(e, "tonnage", v->tonnage, ok);
            put_str(e, "grt", v->grt, ok);
            put_str(e, "flag", v->flag, ok);
            put_str(e, "owner", v->owner, ok);
            if (json_object_size(e) == 0)
                json_decref(e);
            else
                put(o, "vessel", e, ok);
        } else {
            *ok = 0;
        }
    }

    if (r->cmic_listing.year || r->cmic_effective.year ||
        r->cmic_divestment.year) {
        json_t *e = json_object();
        if (e) {
            put_date(e, "listing", r->cmic_listing, ok);
            put_date(e, "effective", r->cmic_effective, ok);
            put_date(e, "divestment", r->cmic_divestment, ok);
        }
        put(o, "cmic", e, ok);
    }

    put_date(o, "listed_on", r->listed_on, ok);
    put_date(o, "ends_on", r->ends_on, ok);
    return o;
}

int emb_record_to_json(const emb_record *rec, int flags, char **out)
{
    if (!out)
        return EMB_ERR_USAGE;
    *out = NULL;
    if (!rec)
        return EMB_ERR_USAGE;
    int ok = 1;
    json_t *o = record_object(rec, &ok);
    if (!o || !ok) {
        json_decref(o);
        return EMB_ERR_NOMEM;
    }
    size_t jf = JSON_PRESERVE_ORDER;
    jf |= (flags & EMB_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT;
    /* jansson allocates with malloc unless the process installed its own
     * allocator; emb_free releases the string. */
    *out = json_dumps(o, jf);
    json_decref(o);
    return *out ? EMB_OK : EMB_ERR_NOMEM;
}

/* ----------------------------------------------------------------- read */

int record_json_parse_date(const char *s, emb_date *d)
{
    d->year = d->month = d->day = 0;
    if (!s || !*s)
        return 0;
    int part[3] = {0, 0, 0};
    const int width[3] = {4, 2, 2};
    int n = 0;
    const char *p = s;
    for (;;) {
        for (int k = 0; k < width[n]; k++, p++) {
            if (*p < '0' || *p > '9')
                return -1;
            part[n] = part[n] * 10 + (*p - '0');
        }
        n++;
        if (*p == '\0')
            break;
        if (*p != '-' || n == 3)
            return -1;
        p++;
    }
    if (part[0] == 0 || (n > 1 && (part[1] < 1 || part[1] > 12)) ||
        (n > 2 && (part[2] < 1 || part[2] > 31)))
        return -1;
    d->year = part[0];
    d->month = part[1];
    d->day = part[2];
    return 0;
}

/* Reading uses a small tree of its own rather than jansson's: a record is
 * parsed once per load and jansson's per-object hash tables made parsing
 * the bulk of emb_db_load. The tree lives in two flat buffers (nodes, and
 * decoded strings, which never outgrow the input), so a record costs a
 * couple of allocations. Strings must be UTF-8 without NUL. */

enum { J_NULL, J_FALSE, J_TRUE, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jnode {
    int type;
    const char *key; /* member name when inside an object */
    const char *str; /* J_STR: decoded, NUL-terminated */
    size_t first;    /* J_ARR, J_OBJ: first child; 0 when empty */
    size_t next;     /* next sibling; 0 for the last one */
} jnode;

#define J_BAD ((size_t)-1)
#define J_MAX_DEPTH 32

typedef struct jtree {
    jnode *nodes;
    size_t n, cap;
    char *buf; /* decoded strings */
    size_t used;
    const char *p, *start, *end;
    int depth;
    int oom;
} jtree;

static size_t j_node(jtree *t, int type)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        jnode *p = realloc(t->nodes, cap * sizeof *p);
        if (!p) {
            t->oom = 1;
            return J_BAD;
        }
        t->nodes = p;
        t->cap = cap;
    }
    jnode *nd = &t->nodes[t->n];
    memset(nd, 0, sizeof *nd);
    nd->type = type;
    return t->n++;
}

static void j_ws(jtree *t)
{
    while (t->p < t->end &&
           (*t->p == ' ' || *t->p == '\n' || *t->p == '\t' || *t->p == '\r'))
        t->p++;
}

static int j_hex4(jtree *t, unsigned *cp)
{
    if (t->end - t->p < 4)
        return 0;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = *t->p++;
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *cp = v;
    return 1;
}

/* Decodes the string at t->p (on its opening quote) into t->buf. */
static const char *j_string(jtree *t)
{
    char *out = t->buf + t->used, *o = out;
    t->p++;
    while (t->p < t->end) {
        unsigned char c = (unsigned char)*t->p++;
        if (c == '"') {
            *o = '\0';
            if (!utf8_valid(out, (size_t)(o - out)))
                return NULL;
            t->used = (size_t)(o + 1 - t->buf);
            return out;
        }
        if (c < 0x20)
            return NULL;
        if (c != '\\') {
            *o++ = (char)c;
            continue;
        }
        if (t->p >= t->end)
            return NULL;
        unsigned cp;
        switch (*t->p++) {
        case '"': *o++ = '"'; continue;
        case '\\': *o++ = '\\'; continue;
        case '/': *o++ = '/'; continue;
        case 'b': *o++ = '\b'; continue;
        case 'f': *o++ = '\f'; continue;
        case 'n': *o++ = '\n'; continue;
        case 'r': *o++ = '\r'; continue;
        case 't': *o++ = '\t'; continue;
        case 'u':
            if (!j_hex4(t, &cp) || cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
                return NULL;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (t->end - t->p < 6 || t->p[0] != '\\' || t->p[1] != 'u')
                    return NULL;
                t->p += 2;
                if (!j_hex4(t, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return NULL;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (cp < 0x80) {
                *o++ = (char)cp;
            } else if (cp < 0x800) {
                *o++ = (char)(0xC0 | (cp >> 6));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                *o++ = (char)(0xE0 | (cp >> 12));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else {
                *o++ = (char)(0xF0 | (cp >> 18));
                *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
            continue;
        default:
            return NULL;
        }
    }
    return NULL;
}

static int j_literal(jtree *t, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(t->end - t->p) < n || memcmp(t->p, word, n) != 0)
        return 0;
    t->p += n;
    return 1;
}

/* Parses one value at t->p; its node index, or J_BAD. */
static size_t j_value(jtree *t)
{
    j_ws(t);
    if (t->p >= t->end)
        return J_BAD;
    char c = *t->p;
    if (c == '"') {
        size_t id = j_node(t, J_STR);
        if (id == J_BAD || !(t->nodes[id].str = j_string(t)))
            return J_BAD;
        return id;
    }
    if (c == '{' || c == '[') {
        int obj = c == '{';
        char close = obj ? '}' : ']';
        size_t id = j_node(t, obj ? J_OBJ : J_ARR), last = 0;
        if (id == J_BAD || ++t->depth > J_MAX_DEPTH)
            return J_BAD;
        t->p++;
        j_ws(t);
        if (t->p < t->end && *t->p == close) {
            t->p++;
            t->depth--;
            return id;
        }
        for (;;) {
            const char *key = NULL;
            if (obj) {
                j_ws(t);
                if (t->p >= t->end || *t->p != '"' || !(key = j_string(t)))
                    return J_BAD;
                j_ws(t);
                if (t->p >= t->end || *t->p++ != ':')
                    return J_BAD;
            }
            size_t child = j_value(t);
            if (child == J_BAD)
                return J_BAD;
            t->nodes[child].key = key;
            if (last)
                t->nodes[last].next = child;
            else
                t->nodes[id].first = child;
            last = child;
            j_ws(t);
            if (t->p >= t->end)
                return J_BAD;
            if (*t->p == ',') {
                t->p++;
                continue;
            }
            if (*t->p++ != close)
                return J_BAD;
            t->depth--;
            return id;
        }
    }
    if (j_literal(t, "true"))
        return j_node(t, J_TRUE);
    if (j_literal(t, "false"))
        return j_node(t, J_FALSE);
    if (j_literal(t, "null"))
        return j_node(t, J_NULL);
    if (c == '-' || (c >= '0' && c <= '9')) {
        while (t->p < t->end && *t->p && strchr("+-0123456789.eE", *t->p))
            t->p++;
        return j_node(t, J_NUM);
    }
    return J_BAD;
}

static const jnode *j_get(const jtree *t, const jnode *o, const char *key)
{
    for (size_t c = o->first; c; c = t->nodes[c].next)
        if (strcmp(t->nodes[c].key, key) == 0)
            return &t->nodes[c];
    return NULL;
}

#define J_EACH(t, arr, e)                                                  \
    for (const jnode *e = (arr)->first ? &(t)->nodes[(arr)->first] : NULL; \
         e; e = e->next ? &(t)->nodes[e->next] : NULL)

/* State of one record_from_json call: the first problem wins. */
typedef struct reader {
    const jtree *t;
    emb_error *err;
    int rc;
} reader;

static void fail(reader *rd, const char *field, const char *what)
{
    if (rd->rc == EMB_OK)
        rd->rc = emb_error_set(rd->err, EMB_ERR_PARSE, NULL, 0, field,
                               "record JSON: %s", what);
}

static void check(reader *rd, int rc)
{
    if (rc != EMB_OK && rd->rc == EMB_OK)
        rd->rc = emb_error_set(rd->err, rc, NULL, 0, NULL,
                               "record JSON: %s", emb_strerror(rc));
}

/* The string member `key` of o, NULL when absent. */
static const char *get_str(reader *rd, const jnode *o, const char *key)
{
    const jnode *v = j_get(rd->t, o, key);
    if (!v)
        return NULL;
    if (v->type != J_STR) {
        fail(rd, key, "expected a string");
        return NULL;
    }
    return v->str;
}

static int get_flag(reader *rd, const jnode *o, const char *key)
{
    const jnode *v = j_get(rd->t, o, key);
    if (!v)
        return 0;
    if (v->type != J_TRUE && v->type != J_FALSE) {
        fail(rd, key, "expected true or false");
        return 0;
    }
    return v->type == J_TRUE;
}

static emb_date get_date(reader *rd, const jnode *o, const char *key)
{
    emb_date d = {0, 0, 0};
    const char *s = get_str(rd, o, key);
    if (s && record_json_parse_date(s, &d) != 0)
        fail(rd, key, "expected a date YYYY[-MM[-DD]]");
    return d;
}

/* The object member `key`, NULL when absent. */
static const jnode *get_obj(reader *rd, const jnode *o, const char *key)
{
    const jnode *v = j_get(rd->t, o, key);
    if (v && v->type != J_OBJ) {
        fail(rd, key, "expected an object");
        return NULL;
    }
    return v;
}

/* The array member `key`, NULL when absent; each element must be an
 * object (objects = 1) or a string (objects = 0). */
static const jnode *get_arr(reader *rd, const jnode *o, const char *key,
                            int objects)
{
    const jnode *v = j_get(rd->t, o, key);
    if (!v)
        return NULL;
    if (v->type != J_ARR) {
        fail(rd, key, "expected an array");
        return NULL;
    }
    J_EACH(rd->t, v, e) {
        if (e->type != (objects ? J_OBJ : J_STR)) {
            fail(rd, key, objects ? "expected an array of objects"
                                  : "expected an array of strings");
            return NULL;
        }
    }
    return v;
}

static void read_strs(reader *rd, recb *b, const jnode *o, const char *key,
                      int (*add)(recb *, const char *))
{
    const jnode *arr = get_arr(rd, o, key, 0);
    if (arr)
        J_EACH(rd->t, arr, e)
            check(rd, add(b, e->str));
}

static emb_name_type parse_name_type(reader *rd, const char *s)
{
    for (unsigned t = 0; t < 4; t++)
        if (s && strcmp(s, name_types[t]) == 0)
            return (emb_name_type)t;
    fail(rd, "names.type", "expected primary, aka, fka or nka");
    return EMB_NAME_AKA;
}

static emb_id_kind parse_id_kind(const char *s)
{
    for (int k = 0; s && k < EMB_ID_KIND_COUNT; k++)
        if (strcmp(s, emb_id_kind_name((emb_id_kind)k)) == 0)
            return (emb_id_kind)k;
    return EMB_ID_OTHER; /* reclassified from the label by the builder */
}

static void read_record(reader *rd, recb *b, const jnode *o)
{
    const jnode *arr;

    recb_set_kind(b, emb_kind_parse(get_str(rd, o, "kind")));
    check(rd, recb_set(b, RECB_LIST, get_str(rd, o, "list")));

    if ((arr = get_arr(rd, o, "names", 1)))
        J_EACH(rd->t, arr, e) {
            emb_name_type t = parse_name_type(rd, get_str(rd, e, "type"));
            check(rd, recb_add_name(b, t, get_flag(rd, e, "weak"),
                                    get_str(rd, e, "full"),
                                    get_str(rd, e, "given"),
                                    get_str(rd, e, "family"),
                                    get_str(rd, e, "script")));
        }

    read_strs(rd, b, o, "programs", recb_add_program);

    if ((arr = get_arr(rd, o, "addresses", 1)))
        J_EACH(rd->t, arr, e) {
            emb_address a = {
                .street = get_str(rd, e, "street"),
                .city = get_str(rd, e, "city"),
                .state = get_str(rd, e, "state"),
                .postal = get_str(rd, e, "postal"),
                .country = get_str(rd, e, "country"),
                .text = get_str(rd, e, "text"),
            };
            check(rd, recb_add_address(b, &a));
        }

    if ((arr = get_arr(rd, o, "identifiers", 1)))
        J_EACH(rd->t, arr, e) {
            emb_ident id = {
                .kind = parse_id_kind(get_str(rd, e, "kind")),
                .type = get_str(rd, e, "type"),
                .value = get_str(rd, e, "value"),
                .country = get_str(rd, e, "country"),
                .issued = get_str(rd, e, "issued"),
                .expires = get_str(rd, e, "expires"),
                .note = get_str(rd, e, "note"),
            };
            check(rd, recb_add_ident(b, &id));
        }

    if ((arr = get_arr(rd, o, "births", 1)))
        J_EACH(rd->t, arr, e) {
            emb_period p = {
                .from = get_date(rd, e, "from"),
                .to = get_date(rd, e, "to"),
                .circa = get_flag(rd, e, "circa"),
                .text = get_str(rd, e, "text"),
            };
            check(rd, recb_add_birth(b, &p));
        }

    read_strs(rd, b, o, "birthplaces", recb_add_birthplace);
    read_strs(rd, b, o, "nationalities", recb_add_nationality);
    read_strs(rd, b, o, "citizenships", recb_add_citizenship);
    check(rd, recb_set(b, RECB_GENDER, get_str(rd, o, "gender")));
    check(rd, recb_set(b, RECB_TITLE, get_str(rd, o, "title")));

    if ((arr = get_arr(rd, o, "relations", 1)))
        J_EACH(rd->t, arr, e)
            check(rd, recb_add_relation(b, get_str(rd, e, "type"),
                                        get_str(rd, e, "target"),
                                        get_str(rd, e, "target_id")));

    if ((arr = get_arr(rd, o, "facts", 1)))
        J_EACH(rd->t, arr, e)
            check(rd, recb_add_fact(b, get_str(rd, e, "key"),
                                    get_str(rd, e, "value")));

    check(rd, recb_set(b, RECB_REMARKS, get_str(rd, o, "remarks")));

    const jnode *v = get_obj(rd, o, "vessel");
    if (v) {
        static const struct {
            const char *key;
            recb_field f;
        } vf[] = {
            {"call_sign", RECB_VESSEL_CALL_SIGN}, {"type", RECB_VESSEL_TYPE},
            {"tonnage", RECB_VESSEL_TONNAGE},     {"grt", RECB_VESSEL_GRT},
            {"flag", RECB_VESSEL_FLAG},           {"owner", RECB_VESSEL_OWNER},
        };
        for (size_t k = 0; k < sizeof vf / sizeof vf[0]; k++)
            check(rd, recb_set(b, vf[k].f, get_str(rd, v, vf[k].key)));
    }

    const jnode *c = get_obj(rd, o, "cmic");
    if (c) {
        recb_set_date(b, RECB_CMIC_LISTING, get_date(rd, c, "listing"));
        recb_set_date(b, RECB_CMIC_EFFECTIVE, get_date(rd, c, "effective"));
        recb_set_date(b, RECB_CMIC_DIVESTMENT, get_date(rd, c, "divestment"));
    }

    recb_set_date(b, RECB_LISTED_ON, get_date(rd, o, "listed_on"));
    recb_set_date(b, RECB_ENDS_ON, get_date(rd, o, "ends_on"));
}

int record_from_json(emb_recset *set, const char *json, size_t len,
                     emb_error *err)
{
    jtree t = {.p = json, .start = json, .end = json + len};
    reader rd = {&t, err, EMB_OK};
    t.buf = malloc(len + 1);
    size_t root = t.buf ? j_value(&t) : J_BAD;
    if (root != J_BAD) {
        j_ws(&t);
        if (t.p != t.end)
            root = J_BAD;
    }
    if (!t.buf || t.oom)
        check(&rd, EMB_ERR_NOMEM);
    else if (root == J_BAD)
        rd.rc = emb_error_set(err, EMB_ERR_PARSE, NULL, 0, NULL,
                              "record JSON: syntax error near byte %zu",
                              (size_t)(t.p - t.start));
    else if (t.nodes[root].type != J_OBJ)
        fail(&rd, NULL, "expected an object");

    const jnode *o = rd.rc == EMB_OK ? &t.nodes[root] : NULL;
    const char *source = o ? get_str(&rd, o, "source") : NULL;
    const char *id = o ? get_str(&rd, o, "source_id") : NULL;
    const char *want = emb_recset_source(set);
    if (rd.rc == EMB_OK && (!source || !want || strcmp(source, want) != 0))
        fail(&rd, "source", "does not match the record set's source");
    if (rd.rc == EMB_OK && (!id || !*id))
        fail(&rd, "source_id", "missing");
    recb *b = NULL;
    if (rd.rc == EMB_OK && !(b = recb_new(set, id)))
        check(&rd, EMB_ERR_NOMEM);
    if (rd.rc == EMB_OK)
        read_record(&rd, b, o);
    if (rd.rc == EMB_OK)
        check(&rd, recb_finish(b));
    recb_free(b);
    free(t.nodes);
    free(t.buf);
    return rd.rc;
}
