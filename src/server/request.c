/*
 * request.c - everything the service reads from clients, checked before
 * any of it reaches the engine: listen addresses, durations, bearer
 * tokens, screening queries by name and identifier (GET parameters, JSON
 * objects, NDJSON lines) and yente /match bodies.
 *
 * These functions are pure (no I/O, no server state) so that the fuzz
 * target can drive them directly. Each rejection says which field is
 * wrong and why, in words a client developer can act on; the caller turns
 * it into a 400.
 */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/server.h"

int srv_parse_listen(const char *text, struct sockaddr_storage *ss,
                     socklen_t *len, char *why, size_t why_len)
{
    char host[128];
    const char *port_s;
    memset(ss, 0, sizeof *ss);
    if (!text || !*text || strlen(text) >= sizeof host) {
        snprintf(why, why_len, "expected HOST:PORT");
        return -1;
    }
    if (text[0] == '[') {
        const char *end = strchr(text, ']');
        if (!end || end[1] != ':') {
            snprintf(why, why_len, "expected [IPV6]:PORT");
            return -1;
        }
        memcpy(host, text + 1, (size_t)(end - text - 1));
        host[end - text - 1] = 0;
        port_s = end + 2;
    } else {
        const char *colon = strrchr(text, ':');
        if (!colon) {
            snprintf(why, why_len, "expected HOST:PORT");
            return -1;
        }
        memcpy(host, text, (size_t)(colon - text));
        host[colon - text] = 0;
        port_s = colon + 1;
    }
    long port;
    if (srv_parse_long(port_s, 0, 65535, &port) != 0) {
        snprintf(why, why_len, "port must be a number from 0 to 65535");
        return -1;
    }
    if (!*host || !strcmp(host, "localhost"))
        snprintf(host, sizeof host, "127.0.0.1");
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        *len = sizeof *a4;
        return 0;
    }
    if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *len = sizeof *a6;
        return 0;
    }
    snprintf(why, why_len, "'%s' is not an IP address", host);
    return -1;
}

unsigned srv_parse_duration(const char *text)
{
    if (!text || !isdigit((unsigned char)*text))
        return 0;
    errno = 0;
    char *end;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || v == 0)
        return 0;
    unsigned long mul = 1;
    if (!strcmp(end, "") || !strcmp(end, "s"))
        mul = 1;
    else if (!strcmp(end, "m"))
        mul = 60;
    else if (!strcmp(end, "h"))
        mul = 3600;
    else if (!strcmp(end, "d"))
        mul = 86400;
    else
        return 0;
    if (v > 365UL * 86400 / mul)
        return 0;
    return (unsigned)(v * mul);
}

int srv_tokens_parse(const char *spec, srv_token *out, int max)
{
    int n = 0;
    if (!spec)
        return 0;
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len) {
            if (n >= max)
                return -1;
            const char *colon = memchr(p, ':', len);
            srv_token *t = &out[n];
            memset(t, 0, sizeof *t);
            size_t nl = colon ? (size_t)(colon - p) : 0;
            const char *sec = colon ? colon + 1 : p;
            size_t sl = len - (size_t)(sec - p);
            if (nl >= sizeof t->name || sl >= sizeof t->secret || sl < 1 ||
                (colon && nl == 0))
                return -1;
            if (colon)
                memcpy(t->name, p, nl);
            else
                snprintf(t->name, sizeof t->name, "admin");
            memcpy(t->secret, sec, sl);
            n++;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return n;
}

const char *srv_token_check(const srv_token *t, int n, const char *header)
{
    if (!header || strncasecmp(header, "Bearer ", 7) != 0)
        return NULL;
    const char *given = header + 7;
    while (*given == ' ')
        given++;
    size_t gl = strlen(given);
    for (int i = 0; i < n; i++) {
        size_t sl = strlen(t[i].secret);
        if (gl != sl)
            continue;
        unsigned char diff = 0;
        for (size_t k = 0; k < sl; k++)
            diff |= (unsigned char)(given[k] ^ t[i].secret[k]);
        if (!diff)
            return t[i].name;
    }
    return NULL;
}

int srv_parse_double(const char *s, double lo, double hi, double *out)
{
    if (!s || !*s || isspace((unsigned char)*s))
        return -1;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v) || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int srv_parse_long(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s || !(isdigit((unsigned char)*s) || *s == '-'))
        return -1;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int valid_type(const char *t)
{
    return !strcmp(t, "person") || !strcmp(t, "entity") ||
           !strcmp(t, "vessel") || !strcmp(t, "aircraft") ||
           !strcmp(t, "individual") || !strcmp(t, "organization");
}

static int too_many_idents(const char *field, char *why, size_t why_len)
{
    snprintf(why, why_len, "%s: more than %d identifiers", field,
             EMB_QUERY_MAX_IDENTS);
    return -1;
}

/* Adds one identifier, len bytes at s, trimmed of blanks, to q; an empty
 * one is passed over. field names where it came from in why. */
static int add_ident(srv_query *q, const char *s, size_t len,
                     const char *field, char *why, size_t why_len)
{
    ident_span sp = ident_trim((ident_span){s, len});
    s = sp.s;
    len = sp.len;
    if (!len)
        return 0;
    if (q->n_idents == EMB_QUERY_MAX_IDENTS)
        return too_many_idents(field, why, why_len);
    if (len > EMB_IDENT_MAX) {
        snprintf(why, why_len, "%s: an identifier is longer than %d bytes",
                 field, EMB_IDENT_MAX);
        return -1;
    }
    q->idents[q->n_idents++] = (ident_span){s, len};
    return 0;
}

/* Adds the identifiers written in text apart by ';' or '|' to q. */
static int add_ident_list(srv_query *q, const char *text, const char *field,
                          char *why, size_t why_len)
{
    ident_span sp[EMB_QUERY_MAX_IDENTS];
    size_t n = idents_split(text, sp, EMB_QUERY_MAX_IDENTS);
    for (size_t i = 0; i < n && i < EMB_QUERY_MAX_IDENTS; i++)
        if (add_ident(q, sp[i].s, sp[i].len, field, why, why_len))
            return -1;
    return n > EMB_QUERY_MAX_IDENTS ? too_many_idents(field, why, why_len)
                                    : 0;
}

/* Checks the text fields common to both query forms. */
static int check_query(srv_query *q, const char *needed, char *why,
                       size_t why_len)
{
    if (q->name && !*q->name && q->n_idents)
        q->name = NULL; /* the identifiers are the query */
    if (!q->n_idents && (!q->name || !*q->name)) {
        snprintf(why, why_len, "%s", needed);
        return -1;
    }
    if (q->name && strlen(q->name) > EMB_SCREEN_MAX_NAME) {
        snprintf(why, why_len, "'name' is longer than %d bytes",
                 EMB_SCREEN_MAX_NAME);
        return -1;
    }
    if (q->type && *q->type && !valid_type(q->type)) {
        snprintf(why, why_len,
                 "'type' must be person, entity, vessel or aircraft");
        return -1;
    }
    if (q->type && !*q->type)
        q->type = NULL;
    if (q->country && (!*q->country || strlen(q->country) > 64)) {
        if (*q->country) {
            snprintf(why, why_len, "'country' is longer than 64 bytes");
            return -1;
        }
        q->country = NULL;
    }
    if (q->dob && (!*q->dob || strlen(q->dob) > 32)) {
        if (*q->dob) {
            snprintf(why, why_len, "'dob' is longer than 32 bytes");
            return -1;
        }
        q->dob = NULL;
    }
    return 0;
}

int srv_query_from_params(const char *name, const char *type,
                          const char *country, const char *dob,
                          const char *threshold, const char *limit,
                          const char *const *idents, size_t n_idents,
                          srv_query *q, char *why, size_t why_len)
{
    memset(q, 0, sizeof *q);
    q->threshold = -1;
    q->name = name;
    q->type = type;
    q->country = country;
    q->dob = dob;
    if (n_idents > EMB_QUERY_MAX_IDENTS)
        return too_many_idents("parameter 'identifier'", why, why_len);
    for (size_t i = 0; i < n_idents; i++) {
        if (!idents[i])
            continue;
        if (!srv_utf8_ok(idents[i])) {
            snprintf(why, why_len, "parameter 'identifier' is not valid "
                                   "UTF-8");
            return -1;
        }
        if (add_ident(q, idents[i], strlen(idents[i]),
                      "parameter 'identifier'", why, why_len))
            return -1;
    }
    if (threshold && *threshold &&
        srv_parse_double(threshold, 0, 1, &q->threshold) != 0) {
        snprintf(why, why_len, "'threshold' must be a number from 0 to 1");
        return -1;
    }
    long l = 0;
    if (limit && *limit &&
        srv_parse_long(limit, 1, EMB_SCREEN_MAX_HITS, &l) != 0) {
        snprintf(why, why_len, "'limit' must be an integer from 1 to %d",
                 EMB_SCREEN_MAX_HITS);
        return -1;
    }
    q->limit = (int)l;
    return check_query(q, "parameter 'name' or 'identifier' is required",
                       why, why_len);
}

static int opt_string(const json_t *o, const char *key, const char **out,
                      char *why, size_t why_len)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v)) {
        snprintf(why, why_len, "field '%s' must be a string", key);
        return -1;
    }
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        snprintf(why, why_len, "field '%s' contains a NUL character", key);
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

/* The "identifiers" of a JSON query: an array of strings, each one
 * identifier, or one string of them apart by ';' or '|'. */
static int query_idents(const json_t *o, srv_query *q, char *why,
                        size_t why_len)
{
    static const char field[] = "field 'identifiers'";
    json_t *v = json_object_get(o, "identifiers");
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        if (strlen(json_string_value(v)) != json_string_length(v)) {
            snprintf(why, why_len, "%s contains a NUL character", field);
            return -1;
        }
        return add_ident_list(q, json_string_value(v), field, why, why_len);
    }
    if (!json_is_array(v))
        goto wrong;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        if (!json_is_string(e))
            goto wrong;
        if (strlen(json_string_value(e)) != json_string_length(e)) {
            snprintf(why, why_len, "%s contains a NUL character", field);
            return -1;
        }
        if (add_ident(q, json_string_value(e), json_string_length(e), field,
                      why, why_len))
            return -1;
    }
    return 0;
wrong:
    snprintf(why, why_len, "%s must be an array of strings or one string",
             field);
    return -1;
}

int srv_query_from_json(const json_t *o, srv_query *q, char *why,
                        size_t why_len)
{
    memset(q, 0, sizeof *q);
    q->threshold = -1;
    if (!json_is_object(o)) {
        snprintf(why, why_len, "a query must be a JSON object");
        return -1;
    }
    json_t *id = json_object_get(o, "id");
    if (id && !json_is_null(id)) {
        if (json_is_string(id)) {
            if (json_string_length(id) >= sizeof q->id) {
                snprintf(why, why_len, "field 'id' is longer than %zu bytes",
                         sizeof q->id - 1);
                return -1;
            }
            snprintf(q->id, sizeof q->id, "%s", json_string_value(id));
        } else if (json_is_integer(id)) {
            snprintf(q->id, sizeof q->id, "%lld",
                     (long long)json_integer_value(id));
        } else {
            snprintf(why, why_len, "field 'id' must be a string or an "
                     "integer");
            return -1;
        }
        q->has_id = 1;
    }
    if (opt_string(o, "name", &q->name, why, why_len) ||
        opt_string(o, "type", &q->type, why, why_len) ||
        opt_string(o, "country", &q->country, why, why_len) ||
        opt_string(o, "dob", &q->dob, why, why_len))
        return -1;
    json_t *t = json_object_get(o, "threshold");
    if (t && !json_is_null(t)) {
        if (!json_is_number(t) || json_number_value(t) < 0 ||
            json_number_value(t) > 1) {
            snprintf(why, why_len,
                     "field 'threshold' must be a number from 0 to 1");
            return -1;
        }
        q->threshold = json_number_value(t);
    }
    json_t *l = json_object_get(o, "limit");
    if (l && !json_is_null(l)) {
        if (!json_is_integer(l) || json_integer_value(l) < 1 ||
            json_integer_value(l) > EMB_SCREEN_MAX_HITS) {
            snprintf(why, why_len,
                     "field 'limit' must be an integer from 1 to %d",
                     EMB_SCREEN_MAX_HITS);
            return -1;
        }
        q->limit = (int)json_integer_value(l);
    }
    if (query_idents(o, q, why, why_len))
        return -1;
    return check_query(q, "field 'name' or 'identifiers' is required", why,
                       why_len);
}

int srv_screen_body_kind(const char *content_type, const char *body,
                         size_t len)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)body[i]))
        i++;
    if (i == len)
        return -1;
    if (content_type && (strcasestr(content_type, "ndjson") ||
                         strcasestr(content_type, "jsonl") ||
                         strcasestr(content_type, "json-seq")))
        return SRV_BODY_NDJSON;
    if (body[i] == '[')
        return SRV_BODY_ARRAY;
    /* An object followed by another line is NDJSON. */
    const char *nl = memchr(body + i, '\n', len - i);
    if (nl) {
        size_t k = (size_t)(nl - body) + 1;
        while (k < len && isspace((unsigned char)body[k]))
            k++;
        if (k < len && body[k] == '{')
            return SRV_BODY_NDJSON;
    }
    return SRV_BODY_OBJECT;
}

/* Our type for a FollowTheMoney schema; NULL for a schema we do not
 * narrow (Thing, LegalEntity). */
static const char *schema_kind(const char *schema, int *known)
{
    static const struct {
        const char *schema, *kind;
    } map[] = {{"Person", "person"},       {"Company", "entity"},
               {"Organization", "entity"}, {"PublicBody", "entity"},
               {"LegalEntity", NULL},      {"Thing", NULL},
               {"Vessel", "vessel"},       {"Airplane", "aircraft"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(schema, map[i].schema)) {
            *known = 1;
            return map[i].kind;
        }
    *known = 0;
    return NULL;
}

/* First string of property `key` (a string or an array of strings). */
static int first_prop(const json_t *props, const char *key, const char **out,
                      char *why, size_t why_len)
{
    json_t *v = json_object_get(props, key);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        if (!*out)
            *out = json_string_value(v);
        return 0;
    }
    if (!json_is_array(v)) {
        snprintf(why, why_len, "property '%s' must be a list of strings",
                 key);
        return -1;
    }
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        if (!json_is_string(e)) {
            snprintf(why, why_len, "property '%s' must be a list of strings",
                     key);
            return -1;
        }
        if (!*out && json_string_length(e))
            *out = json_string_value(e);
    }
    return 0;
}

/* FollowTheMoney properties that hold an identifier of the party, which
 * a /match query screens as GET /v1/screen does an 'identifier' (not the
 * securities' isinCode and ticker). */
static const char *const ftm_ident_props[] = {
    "registrationNumber", "idNumber", "taxNumber", "vatCode",
    "passportNumber", "socialSecurityNumber", "innCode", "ogrnCode",
    "okpoCode", "leiCode", "dunsCode", "swiftBic", "uniqueEntityId",
    "imoNumber", "mmsi", "callSign", "serialNumber", "email", "phone",
    "website"};

/* Adds the strings of identifier property key (a string or an array of
 * strings) to m. */
static int ident_prop(const json_t *props, const char *key,
                      srv_match_query *m, char *why, size_t why_len)
{
    json_t *v = json_object_get(props, key);
    if (!v || json_is_null(v))
        return 0;
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
        if (!json_is_string(e) ||
            strlen(json_string_value(e)) != json_string_length(e)) {
            snprintf(why, why_len, "property '%s' must be a list of strings",
                     key);
            return -1;
        }
        if (!json_string_length(e))
            continue;
        if (json_string_length(e) > EMB_IDENT_MAX) {
            snprintf(why, why_len, "property '%s' holds a value longer than "
                     "%d bytes", key, EMB_IDENT_MAX);
            return -1;
        }
        if (m->n_idents == EMB_QUERY_MAX_IDENTS) {
            snprintf(why, why_len, "more than %d identifiers",
                     EMB_QUERY_MAX_IDENTS);
            return -1;
        }
        m->idents[m->n_idents++] = json_string_value(e);
    }
    return 0;
}

int srv_match_parse(const json_t *root, srv_match_query **qs, size_t *n,
                    size_t max, char *why, size_t why_len)
{
    *qs = NULL;
    *n = 0;
    if (!json_is_object(root)) {
        snprintf(why, why_len, "the body must be a JSON object");
        return -1;
    }
    json_t *queries = json_object_get(root, "queries");
    if (!json_is_object(queries)) {
        snprintf(why, why_len, "'queries' must be an object of queries");
        return -1;
    }
    size_t count = json_object_size(queries);
    if (count == 0) {
        snprintf(why, why_len, "'queries' is empty");
        return -1;
    }
    if (count > max) {
        snprintf(why, why_len, "more than %zu queries", max);
        return -1;
    }
    srv_match_query *out = calloc(count, sizeof *out);
    if (!out) {
        snprintf(why, why_len, "out of memory");
        return -1;
    }
    const char *key;
    json_t *q;
    size_t k = 0;
    json_object_foreach(queries, key, q) {
        srv_match_query *m = &out[k];
        m->key = key;
        m->example = q;
        char sub[160];
        if (!json_is_object(q)) {
            snprintf(why, why_len, "query '%.64s' must be an object", key);
            goto fail;
        }
        json_t *schema = json_object_get(q, "schema");
        if (!json_is_string(schema)) {
            snprintf(why, why_len, "query '%.64s': 'schema' must be a string",
                     key);
            goto fail;
        }
        m->schema = json_string_value(schema);
        int known;
        m->kind = schema_kind(m->schema, &known);
        if (!known) {
            snprintf(why, why_len, "query '%.64s': unknown schema '%.64s'",
                     key, m->schema);
            goto fail;
        }
        json_t *props = json_object_get(q, "properties");
        if (!json_is_object(props)) {
            snprintf(why, why_len,
                     "query '%.64s': 'properties' must be an object", key);
            goto fail;
        }
        /* a name, or identifiers alone (checked below) */
        json_t *names = json_object_get(props, "name");
        if (names && !json_is_null(names) && !json_is_array(names)) {
            snprintf(why, why_len,
                     "query '%.64s': property 'name' must be a list of "
                     "strings", key);
            goto fail;
        }
        if (json_array_size(names) == 0)
            names = NULL;
        size_t i;
        json_t *e;
        json_array_foreach(names, i, e) {
            if (!json_is_string(e) || json_string_length(e) == 0 ||
                json_string_length(e) > EMB_SCREEN_MAX_NAME ||
                strlen(json_string_value(e)) != json_string_length(e)) {
                snprintf(why, why_len,
                         "query '%.64s': each name must be a non-empty "
                         "string of at most %d bytes", key,
                         EMB_SCREEN_MAX_NAME);
                goto fail;
            }
        }
        if (json_array_size(names) > 20) {
            snprintf(why, why_len, "query '%.64s': more than 20 names", key);
            goto fail;
        }
        m->names = names;
        sub[0] = 0;
        if (first_prop(props, "birthDate", &m->dob, sub, sizeof sub) ||
            first_prop(props, "nationality", &m->country, sub, sizeof sub) ||
            first_prop(props, "country", &m->country, sub, sizeof sub) ||
            first_prop(props, "jurisdiction", &m->country, sub, sizeof sub)) {
            snprintf(why, why_len, "query '%.64s': %s", key, sub);
            goto fail;
        }
        for (size_t p = 0; p < sizeof ftm_ident_props / sizeof *ftm_ident_props;
             p++)
            if (ident_prop(props, ftm_ident_props[p], m, sub, sizeof sub)) {
                snprintf(why, why_len, "query '%.64s': %s", key, sub);
                goto fail;
            }
        if (!names && m->n_idents == 0) {
            snprintf(why, why_len,
                     "query '%.64s': property 'name' must be a non-empty "
                     "list of strings, or an identifier property given",
                     key);
            goto fail;
        }
        if (m->dob && strlen(m->dob) > 32)
            m->dob = NULL;
        if (m->country && strlen(m->country) > 64)
            m->country = NULL;
        k++;
    }
    *qs = out;
    *n = k;
    return 0;
fail:
    free(out);
    return -1;
}

int srv_utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        int n;
        unsigned cp, min;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1, cp = c & 0x1F, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, cp = c & 0x0F, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, cp = c & 0x07, min = 0x10000;
        else
            return 0;
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}
