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

#include <jansson.h>

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

/* State of one record_from_json call: the first problem wins. */
typedef struct reader {
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
static const char *get_str(reader *rd, const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return NULL;
    if (!json_is_string(v)) {
        fail(rd, key, "expected a string");
        return NULL;
    }
    return json_string_value(v);
}

static int get_flag(reader *rd, const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_boolean(v)) {
        fail(rd, key, "expected true or false");
        return 0;
    }
    return json_is_true(v);
}

static emb_date get_date(reader *rd, const json_t *o, const char *key)
{
    emb_date d = {0, 0, 0};
    const char *s = get_str(rd, o, key);
    if (s && record_json_parse_date(s, &d) != 0)
        fail(rd, key, "expected a date YYYY[-MM[-DD]]");
    return d;
}

/* The array member `key`, NULL when absent; each element must be an
 * object (objects = 1) or a string (objects = 0). */
static const json_t *get_arr(reader *rd, const json_t *o, const char *key,
                             int objects)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return NULL;
    if (!json_is_array(v)) {
        fail(rd, key, "expected an array");
        return NULL;
    }
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        if (objects ? !json_is_object(e) : !json_is_string(e)) {
            fail(rd, key, objects ? "expected an array of objects"
                                  : "expected an array of strings");
            return NULL;
        }
    }
    return v;
}

static void read_strs(reader *rd, recb *b, const json_t *o, const char *key,
                      int (*add)(recb *, const char *))
{
    const json_t *arr = get_arr(rd, o, key, 0);
    size_t i;
    json_t *e;
    if (arr)
        json_array_foreach(arr, i, e)
            check(rd, add(b, json_string_value(e)));
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

static void read_record(reader *rd, recb *b, const json_t *o)
{
    size_t i;
    json_t *e;
    const json_t *arr;

    recb_set_kind(b, emb_kind_parse(get_str(rd, o, "kind")));
    check(rd, recb_set(b, RECB_LIST, get_str(rd, o, "list")));

    if ((arr = get_arr(rd, o, "names", 1)))
        json_array_foreach(arr, i, e) {
            emb_name_type t = parse_name_type(rd, get_str(rd, e, "type"));
            check(rd, recb_add_name(b, t, get_flag(rd, e, "weak"),
                                    get_str(rd, e, "full"),
                                    get_str(rd, e, "given"),
                                    get_str(rd, e, "family"),
                                    get_str(rd, e, "script")));
        }

    read_strs(rd, b, o, "programs", recb_add_program);

    if ((arr = get_arr(rd, o, "addresses", 1)))
        json_array_foreach(arr, i, e) {
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
        json_array_foreach(arr, i, e) {
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
        json_array_foreach(arr, i, e) {
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
        json_array_foreach(arr, i, e)
            check(rd, recb_add_relation(b, get_str(rd, e, "type"),
                                        get_str(rd, e, "target"),
                                        get_str(rd, e, "target_id")));

    if ((arr = get_arr(rd, o, "facts", 1)))
        json_array_foreach(arr, i, e)
            check(rd, recb_add_fact(b, get_str(rd, e, "key"),
                                    get_str(rd, e, "value")));

    check(rd, recb_set(b, RECB_REMARKS, get_str(rd, o, "remarks")));

    json_t *v = json_object_get(o, "vessel");
    if (v && !json_is_object(v))
        fail(rd, "vessel", "expected an object");
    else if (v) {
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

    json_t *c = json_object_get(o, "cmic");
    if (c && !json_is_object(c))
        fail(rd, "cmic", "expected an object");
    else if (c) {
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
    reader rd = {err, EMB_OK};
    json_error_t jerr;
    json_t *o = json_loadb(json, len, 0, &jerr);
    if (!o)
        return emb_error_set(err, EMB_ERR_PARSE, NULL, jerr.line, NULL,
                             "record JSON: %s", jerr.text);
    if (!json_is_object(o)) {
        json_decref(o);
        return emb_error_set(err, EMB_ERR_PARSE, NULL, 0, NULL,
                             "record JSON: expected an object");
    }
    const char *source = get_str(&rd, o, "source");
    const char *id = get_str(&rd, o, "source_id");
    const char *want = emb_recset_source(set);
    if (rd.rc == EMB_OK && (!source || !want || strcmp(source, want) != 0))
        fail(&rd, "source", "does not match the record set's source");
    if (rd.rc == EMB_OK && (!id || !*id))
        fail(&rd, "source_id", "missing");
    if (rd.rc != EMB_OK) {
        json_decref(o);
        return rd.rc;
    }
    recb *b = recb_new(set, id);
    if (!b) {
        json_decref(o);
        return emb_error_set(err, EMB_ERR_NOMEM, NULL, 0, NULL,
                             "record JSON: out of memory");
    }
    read_record(&rd, b, o);
    if (rd.rc == EMB_OK)
        check(&rd, recb_finish(b));
    recb_free(b);
    json_decref(o);
    return rd.rc;
}
