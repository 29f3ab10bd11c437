/*
 * ofac_adv.c - reader for OFAC's "advanced" XML (sdn_advanced.xml,
 * cons_advanced.xml; schema sdn_advanced.xsd), FORMATS.md section 3.
 *
 * The format is normalised: nearly every value is an integer ID resolved
 * through code tables, and one party's data is spread over five sections
 * that come in this order:
 *
 *   ReferenceValueSets   code tables (alias, name part, feature, document,
 *                        country, list, sanctions types ...)
 *   Locations            addresses, referred to by features
 *   IDRegDocuments       identity documents, referred to by identity ID
 *   DistinctParties      one record each
 *   ProfileRelationships "Linked To" between profiles
 *   SanctionsEntries     programmes and lists of each profile
 *
 * The file is streamed with the record walker (xmlread.h), one element of
 * these sections at a time. The code tables, locations and documents are
 * kept in sorted arrays (looked up by binary search); each DistinctParty
 * gets a builder that stays open until the relations and sanctions entries
 * behind it have been read, and all records are finished at the end.
 * Everything kept between elements lives in one arena for the whole read.
 *
 * A reference to an ID that is not defined is not an error: the item is
 * skipped and one warning on the set counts them. A DistinctParty without
 * FixedRef, Profile or primary name is an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lists/readers.h"
#include "lists/xmlread.h"

/* ---- growable arrays whose elements start with a long key ------------ */

typedef struct vec {
    void *v;
    size_t n, cap;
    int sorted;
} vec;

/* Appends a zeroed element of `size` bytes; NULL on OOM. */
static void *vec_add(vec *v, size_t size)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        void *p = realloc(v->v, cap * size);
        if (!p)
            return NULL;
        v->v = p;
        v->cap = cap;
    }
    void *e = (char *)v->v + v->n * size;
    memset(e, 0, size);
    v->n++;
    v->sorted = 0;
    return e;
}

static long key_at(const vec *v, size_t size, size_t i)
{
    long k;
    memcpy(&k, (const char *)v->v + i * size, sizeof k);
    return k;
}

/* First index whose key is >= key, in a sorted vec. */
static size_t lower_bound(const vec *v, size_t size, long key)
{
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_at(v, size, mid) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Sorts on first use after a change; cmp orders by key (then anything). */
static void vec_sort(vec *v, size_t size, int (*cmp)(const void *, const void *))
{
    if (!v->sorted && v->n > 1)
        qsort(v->v, v->n, size, cmp);
    v->sorted = 1;
}

/* Element with this key in v (sorted on demand), or NULL. */
static void *vec_find(vec *v, size_t size,
                      int (*cmp)(const void *, const void *), long key)
{
    vec_sort(v, size, cmp);
    size_t i = lower_bound(v, size, key);
    if (i < v->n && key_at(v, size, i) == key)
        return (char *)v->v + i * size;
    return NULL;
}

/* ---- what is kept between elements ----------------------------------- */

typedef struct ref_entry {
    long id;
    const char *label;
    long extra; /* PartySubType: its PartyTypeID */
    size_t seq;
} ref_entry;

enum {
    T_ALIAS,
    T_NAMEPART,
    T_FEATURE,
    T_IDDOC,
    T_IDDOCDATE,
    T_COUNTRY,
    T_LOCPART,
    T_SUBTYPE,
    T_PARTYTYPE,
    T_LIST,
    T_SANCTIONS,
    T_DETAILREF,
    T_SCRIPT,
    T_COUNT
};

/* Element name of each code table's entries, and an attribute to keep. */
static const struct {
    const char *item;
    const char *extra;
} ref_defs[T_COUNT] = {
    [T_ALIAS] = {"AliasType", NULL},
    [T_NAMEPART] = {"NamePartType", NULL},
    [T_FEATURE] = {"FeatureType", NULL},
    [T_IDDOC] = {"IDRegDocType", NULL},
    [T_IDDOCDATE] = {"IDRegDocDateType", NULL},
    [T_COUNTRY] = {"Country", NULL},
    [T_LOCPART] = {"LocPartType", NULL},
    [T_SUBTYPE] = {"PartySubType", "PartyTypeID"},
    [T_PARTYTYPE] = {"PartyType", NULL},
    [T_LIST] = {"List", NULL},
    [T_SANCTIONS] = {"SanctionsType", NULL},
    [T_DETAILREF] = {"DetailReference", NULL},
    [T_SCRIPT] = {"Script", NULL},
};

typedef struct adv_loc {
    long id;
    const char *street, *city, *state, *postal, *country;
    const char *text; /* all parts as one line, NULL when empty */
} adv_loc;

typedef struct adv_doc {
    long identity;
    size_t seq; /* document order among one identity's documents */
    emb_ident id;
} adv_doc;

typedef struct adv_party_key {
    long profile;
    size_t index; /* into parties */
} adv_party_key;

typedef struct party {
    recb *b;
    const char *fixed_ref;
    const char *name; /* primary name, for relation targets */
    const char *list;
    emb_date listed;
} party;

typedef struct adv_ctx {
    const lists_file *f;
    emb_recset *set;
    emb_error *err;
    xmlr x;
    arena *a;
    vec ref[T_COUNT]; /* ref_entry */
    vec locs;         /* adv_loc */
    vec docs;         /* adv_doc */
    vec keys;         /* adv_party_key */
    party *parties;
    size_t n_parties, cap_parties;
    long dangling;
    char first_dangling[160];
} adv_ctx;

static int cmp_key(const void *x, const void *y)
{
    long a, b;
    memcpy(&a, x, sizeof a);
    memcpy(&b, y, sizeof b);
    return a < b ? -1 : a > b;
}

static int cmp_ref(const void *x, const void *y)
{
    const ref_entry *a = x, *b = y;
    int c = cmp_key(x, y);
    return c ? c : (a->seq < b->seq ? -1 : a->seq > b->seq);
}

static int cmp_doc(const void *x, const void *y)
{
    const adv_doc *a = x, *b = y;
    int c = cmp_key(x, y);
    return c ? c : (a->seq < b->seq ? -1 : a->seq > b->seq);
}

static int cmp_party_key(const void *x, const void *y)
{
    const adv_party_key *a = x, *b = y;
    int c = cmp_key(x, y);
    return c ? c : (a->index < b->index ? -1 : a->index > b->index);
}

static int nomem(adv_ctx *c)
{
    return emb_error_set(c->err, EMB_ERR_NOMEM, c->f->path, 0, NULL,
                         "out of memory");
}

/* Notes a reference to an undefined ID (reported once, at the end). */
static void dangling(adv_ctx *c, const xmlNode *n, const char *attr, long id)
{
    if (c->dangling++ == 0)
        snprintf(c->first_dangling, sizeof c->first_dangling,
                 "line %ld: %s=%ld", xmlr_line(&c->x, (xmlNodePtr)n), attr,
                 id);
}

/* ---- small DOM helpers ------------------------------------------------ */

static int parse_long(const char *s, long *out)
{
    if (!s || !*s)
        return 0;
    long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000000L)
            return 0;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return 1;
}

/* Integer attribute; 0 when absent or not a non-negative integer. */
static int attr_long(const xmlNode *n, const char *name, long *out)
{
    if (!n)
        return 0;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int ok = v && parse_long((const char *)v, out);
    xmlFree(v);
    return ok;
}

static int attr_true(const xmlNode *n, const char *name)
{
    xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
    int t = v && strcasecmp((const char *)v, "true") == 0;
    xmlFree(v);
    return t;
}

static long child_long(const xmlNode *n, const char *name)
{
    xmlNodePtr ch = xml_child(n, name);
    if (!ch)
        return 0;
    xmlChar *t = xmlNodeGetContent(ch);
    long v = 0;
    char *s = (char *)t;
    if (s) {
        while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        size_t len = strlen(s);
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                       s[len - 1] == '\r' || s[len - 1] == '\n'))
            s[--len] = '\0';
        if (!parse_long(s, &v))
            v = 0;
    }
    xmlFree(t);
    return v;
}

/* Label of the code-table entry named by attribute attr of n; NULL when
 * the attribute is absent, or (noted as dangling) when the ID is unknown. */
static const char *ref_label(adv_ctx *c, int t, const xmlNode *n,
                             const char *attr, const ref_entry **entry)
{
    long id;
    if (entry)
        *entry = NULL;
    if (!attr_long(n, attr, &id))
        return NULL;
    const ref_entry *e =
        vec_find(&c->ref[t], sizeof(ref_entry), cmp_ref, id);
    if (!e) {
        dangling(c, n, attr, id);
        return NULL;
    }
    if (entry)
        *entry = e;
    return e->label;
}

/* A growable string built from parts. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *sep, const char *s)
{
    if (!s || !*s || b->oom)
        return;
    size_t ls = strlen(s), lsep = b->len ? strlen(sep) : 0;
    if (b->len + lsep + ls + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + lsep + ls + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, sep, lsep);
    memcpy(b->s + b->len + lsep, s, ls + 1);
    b->len += lsep + ls;
}

/* ---- dates ------------------------------------------------------------ */

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return m >= 1 && m <= 12 ? d[m - 1] : 0;
}

/* Year/Month/Day children of n; 0 unless a plausible date. */
static int read_date(const xmlNode *n, emb_date *d)
{
    memset(d, 0, sizeof *d);
    if (!n)
        return 0;
    long y = child_long(n, "Year"), m = child_long(n, "Month"),
         dd = child_long(n, "Day");
    if (y < 1 || y > 9999 || m < 0 || m > 12 || dd < 0 ||
        dd > days_in_month((int)y, m ? (int)m : 1) || (!m && dd))
        return 0;
    d->year = (int)y;
    d->month = (int)m;
    d->day = (int)dd;
    return 1;
}

static void format_date(emb_date d, char *buf, size_t n)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr",
                                      "May", "Jun", "Jul", "Aug",
                                      "Sep", "Oct", "Nov", "Dec"};
    if (d.month && d.day)
        snprintf(buf, n, "%02d %s %04d", d.day, mon[d.month - 1], d.year);
    else if (d.month)
        snprintf(buf, n, "%s %04d", mon[d.month - 1], d.year);
    else
        snprintf(buf, n, "%04d", d.year);
}

/*
 * A DatePeriod as an emb_period: from = the earliest start, to = the
 * latest end. A period covering whole years ("1962" is published as
 * 1 Jan 1962 .. 31 Dec 1962) or whole months drops the day and month, as
 * the other formats write them. text (>= 64 bytes) gets the CSV wording.
 * Returns 0 when the period holds no date.
 */
static int read_period(const xmlNode *dp, emb_period *p, char *text)
{
    memset(p, 0, sizeof *p);
    text[0] = '\0';
    if (!dp)
        return 0;
    xmlNodePtr st = xml_child(dp, "Start"), en = xml_child(dp, "End");
    emb_date sf, stt, ef, et;
    read_date(xml_child(st, "From"), &sf);
    read_date(xml_child(st, "To"), &stt);
    read_date(xml_child(en, "From"), &ef);
    read_date(xml_child(en, "To"), &et);
    emb_date from = sf.year ? sf : stt.year ? stt : ef.year ? ef : et;
    emb_date to = et.year ? et : ef.year ? ef : stt.year ? stt : sf;
    if (!from.year)
        return 0;
    if (date_cmp(from, to) > 0) {
        emb_date t = from;
        from = to;
        to = t;
    }
    if (from.month == 1 && from.day == 1 && to.month == 12 && to.day == 31) {
        from.month = from.day = to.month = to.day = 0;
    } else if (from.month && to.month && from.day == 1 &&
               to.day == days_in_month(to.year, to.month)) {
        from.day = to.day = 0;
    }
    p->from = from;
    p->to = to;
    p->circa = attr_true(st, "Approximate") || attr_true(en, "Approximate");
    char a[24], b[24];
    format_date(from, a, sizeof a);
    format_date(to, b, sizeof b);
    if (date_cmp(from, to) == 0)
        snprintf(text, 64, "%s%s", p->circa ? "circa " : "", a);
    else
        snprintf(text, 64, "%s%s to %s", p->circa ? "circa " : "", a, b);
    return 1;
}

/* ---- sections before the parties -------------------------------------- */

static int read_reference_sets(adv_ctx *c, const xmlNode *rvs)
{
    for (xmlNodePtr set = rvs->children; set; set = set->next) {
        if (set->type != XML_ELEMENT_NODE)
            continue;
        for (xmlNodePtr it = set->children; it; it = it->next) {
            if (it->type != XML_ELEMENT_NODE)
                continue;
            int t;
            for (t = 0; t < T_COUNT; t++)
                if (xml_is(it, ref_defs[t].item))
                    break;
            long id;
            if (t == T_COUNT || !attr_long(it, "ID", &id))
                continue;
            ref_entry *e = vec_add(&c->ref[t], sizeof *e);
            if (!e)
                return nomem(c);
            e->id = id;
            e->seq = c->ref[t].n;
            e->label = xml_text(c->a, it);
            if (ref_defs[t].extra)
                attr_long(it, ref_defs[t].extra, &e->extra);
        }
    }
    return EMB_OK;
}

static int read_location(adv_ctx *c, const xmlNode *n)
{
    long id;
    if (!attr_long(n, "ID", &id))
        return EMB_OK;
    sbuf street = {0};
    adv_loc l = {0};
    const char *unknown = NULL;
    l.id = id;
    for (xmlNodePtr p = xml_child(n, "LocationPart"); p;
         p = xml_next(p, "LocationPart")) {
        const char *type = ref_label(c, T_LOCPART, p, "LocPartTypeID", NULL);
        /* the primary value, else the first */
        xmlNodePtr v = xml_child(p, "LocationPartValue"), pv = v;
        for (; pv && !attr_true(pv, "Primary");
             pv = xml_next(pv, "LocationPartValue"))
            ;
        const char *val = xml_child_text(c->a, pv ? pv : v, "Value");
        if (!type || !val)
            continue;
        if (strncasecmp(type, "ADDRESS", 7) == 0)
            sb_add(&street, ", ", val);
        else if (strcasecmp(type, "CITY") == 0)
            l.city = val;
        else if (strcasecmp(type, "STATE/PROVINCE") == 0)
            l.state = val;
        else if (strcasecmp(type, "POSTAL CODE") == 0)
            l.postal = val;
        else if (strcasecmp(type, "REGION") == 0 && !l.state)
            l.state = val;
        else if (!unknown)
            unknown = val;
    }
    l.country = ref_label(c, T_COUNTRY, xml_child(n, "LocationCountry"),
                          "CountryID", NULL);
    /* Country-valued features (citizenship, nationality of registration)
     * point to a location whose only part, of type "Unknown", is the
     * country name. */
    if (!l.country && !street.len && !l.city && !l.state && !l.postal)
        l.country = unknown;
    if (street.len)
        l.street = arena_strdup(c->a, street.s);
    sbuf text = {0};
    const char *parts[] = {l.street, l.city, l.state, l.postal, l.country};
    for (size_t i = 0; i < 5; i++)
        sb_add(&text, ", ", parts[i]);
    if (text.len)
        l.text = arena_strdup(c->a, text.s);
    int oom = street.oom || text.oom || (street.len && !l.street) ||
              (text.len && !l.text);
    free(street.s);
    free(text.s);
    adv_loc *e = oom ? NULL : vec_add(&c->locs, sizeof *e);
    if (!e)
        return nomem(c);
    *e = l;
    return EMB_OK;
}

static const adv_loc *find_location(adv_ctx *c, const xmlNode *n,
                                    const char *attr)
{
    long id;
    if (!attr_long(n, attr, &id))
        return NULL;
    const adv_loc *l = vec_find(&c->locs, sizeof(adv_loc), cmp_key, id);
    if (!l)
        dangling(c, n, attr, id);
    return l;
}

static int read_id_document(adv_ctx *c, const xmlNode *n)
{
    long identity;
    if (!attr_long(n, "IdentityID", &identity))
        return EMB_OK;
    emb_ident id = {0};
    id.type = ref_label(c, T_IDDOC, n, "IDRegDocTypeID", NULL);
    id.value = xml_child_text(c->a, n, "IDRegistrationNo");
    if (!id.type || !id.value)
        return EMB_OK;
    id.country = ref_label(c, T_COUNTRY, n, "IssuedBy-CountryID", NULL);
    id.note = xml_child_text(c->a, n, "Comment");
    for (xmlNodePtr d = xml_child(n, "DocumentDate"); d;
         d = xml_next(d, "DocumentDate")) {
        const char *kind = ref_label(c, T_IDDOCDATE, d, "IDRegDocDateTypeID",
                                     NULL);
        emb_period p;
        char text[64];
        if (!kind || !read_period(xml_child(d, "DatePeriod"), &p, text))
            continue;
        char *t = arena_strdup(c->a, text);
        if (!t)
            return nomem(c);
        if (strncasecmp(kind, "Issue", 5) == 0)
            id.issued = t;
        else if (strncasecmp(kind, "Expir", 5) == 0)
            id.expires = t;
    }
    adv_doc *e = vec_add(&c->docs, sizeof *e);
    if (!e)
        return nomem(c);
    e->identity = identity;
    e->seq = c->docs.n;
    e->id = id;
    return EMB_OK;
}

/* ---- DistinctParty ---------------------------------------------------- */

typedef struct name_group {
    long id;
    long type;
} name_group;

static int cmp_group(const void *x, const void *y)
{
    return cmp_key(x, y);
}

static const char *group_label(adv_ctx *c, const name_group *g, size_t n,
                               const xmlNode *part)
{
    long id;
    if (!attr_long(part, "NamePartGroupID", &id))
        return NULL;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == n || g[lo].id != id) {
        dangling(c, part, "NamePartGroupID", id);
        return NULL;
    }
    const ref_entry *e =
        vec_find(&c->ref[T_NAMEPART], sizeof(ref_entry), cmp_ref, g[lo].type);
    if (!e)
        dangling(c, part, "NamePartTypeID", g[lo].type);
    return e ? e->label : NULL;
}

static int is_family_part(const char *label)
{
    return label && (strcasecmp(label, "Last Name") == 0 ||
                     strcasecmp(label, "Maiden Name") == 0 ||
                     strcasecmp(label, "Matronymic") == 0);
}

/*
 * Adds the names of one DocumentedName. Individuals are written
 * "Last, First Middle" like the legacy CSV (family and given set); other
 * parties join their parts in document order. A name in a non-Latin
 * script is kept as script "original", never as the primary name.
 */
static int add_documented_name(adv_ctx *c, recb *b, const xmlNode *dn,
                               const name_group *g, size_t ng,
                               emb_name_type type, int weak,
                               const char **primary)
{
    int person = recb_kind(b) == EMB_KIND_PERSON;
    sbuf given = {0}, family = {0}, all = {0};
    const char *script = NULL;
    int first = 1;
    for (xmlNodePtr part = xml_child(dn, "DocumentedNamePart"); part;
         part = xml_next(part, "DocumentedNamePart")) {
        xmlNodePtr v = xml_child(part, "NamePartValue");
        const char *s = xml_text(c->a, v);
        if (!s)
            continue;
        if (first) {
            const char *sc = ref_label(c, T_SCRIPT, v, "ScriptID", NULL);
            if (sc && strcasecmp(sc, "Latin") != 0)
                script = "original";
            first = 0;
        }
        sb_add(&all, " ", s);
        if (is_family_part(group_label(c, g, ng, v)))
            sb_add(&family, " ", s);
        else
            sb_add(&given, " ", s);
    }
    int rc = EMB_OK;
    if (given.oom || family.oom || all.oom) {
        rc = EMB_ERR_NOMEM;
    } else if (all.len) {
        if (script && type == EMB_NAME_PRIMARY)
            type = EMB_NAME_AKA;
        if (type == EMB_NAME_PRIMARY && *primary)
            type = EMB_NAME_AKA; /* a second Latin spelling */
        sbuf full = {0};
        if (person && family.len && given.len) {
            sb_add(&full, "", family.s);
            sb_add(&full, ", ", given.s);
        } else {
            sb_add(&full, "", all.s);
        }
        if (full.oom) {
            rc = EMB_ERR_NOMEM;
        } else {
            rc = recb_add_name(b, type, weak, full.s,
                               person ? given.s : NULL,
                               person ? family.s : NULL, script);
            if (!rc && type == EMB_NAME_PRIMARY) {
                *primary = arena_strdup(c->a, full.s);
                if (!*primary)
                    rc = EMB_ERR_NOMEM;
            }
        }
        free(full.s);
    }
    free(given.s);
    free(family.s);
    free(all.s);
    return rc;
}

static int add_identity_docs(adv_ctx *c, recb *b, long identity)
{
    vec_sort(&c->docs, sizeof(adv_doc), cmp_doc);
    const adv_doc *d = c->docs.v;
    int st = EMB_OK;
    for (size_t i = lower_bound(&c->docs, sizeof(adv_doc), identity);
         i < c->docs.n && d[i].identity == identity; i++) {
        recb_date_field f;
        emb_period p;
        if (cmic_date_label(d[i].id.type, &f) &&
            emb_period_parse(d[i].id.value, &p) == EMB_OK) {
            recb_set_date(b, f, p.from);
            continue;
        }
        st |= recb_add_ident(b, &d[i].id);
    }
    return st;
}

static int read_identity(adv_ctx *c, recb *b, const xmlNode *idn,
                         const char **primary)
{
    /* NamePartGroupID -> NamePartTypeID, sorted for lookups */
    vec groups = {0};
    xmlNodePtr npg = xml_child(idn, "NamePartGroups");
    for (xmlNodePtr m = xml_child(npg, "MasterNamePartGroup"); m;
         m = xml_next(m, "MasterNamePartGroup"))
        for (xmlNodePtr g = xml_child(m, "NamePartGroup"); g;
             g = xml_next(g, "NamePartGroup")) {
            name_group ng;
            if (!attr_long(g, "ID", &ng.id) ||
                !attr_long(g, "NamePartTypeID", &ng.type))
                continue;
            name_group *e = vec_add(&groups, sizeof *e);
            if (!e) {
                free(groups.v);
                return EMB_ERR_NOMEM;
            }
            *e = ng;
        }
    vec_sort(&groups, sizeof(name_group), cmp_group);

    int st = EMB_OK;
    for (xmlNodePtr al = xml_child(idn, "Alias"); al && !st;
         al = xml_next(al, "Alias")) {
        emb_name_type type = EMB_NAME_AKA;
        const char *label = ref_label(c, T_ALIAS, al, "AliasTypeID", NULL);
        if (attr_true(al, "Primary"))
            type = EMB_NAME_PRIMARY;
        else if (label && strcasecmp(label, "F.K.A.") == 0)
            type = EMB_NAME_FKA;
        else if (label && strcasecmp(label, "N.K.A.") == 0)
            type = EMB_NAME_NKA;
        int weak = attr_true(al, "LowQuality");
        for (xmlNodePtr dn = xml_child(al, "DocumentedName"); dn && !st;
             dn = xml_next(dn, "DocumentedName"))
            st = add_documented_name(c, b, dn, groups.v, groups.n, type, weak,
                                     primary);
    }
    free(groups.v);
    long id;
    if (!st && attr_long(idn, "ID", &id))
        st = add_identity_docs(c, b, id);
    return st;
}

/* What one FeatureVersion says, in whichever form it says it. */
typedef struct feature_value {
    const char *text; /* detail text, reference label or date text */
    const adv_loc *loc;
    int has_period;
    emb_period period;
    char period_text[64];
} feature_value;

static void read_feature_value(adv_ctx *c, const xmlNode *fv,
                               feature_value *v)
{
    memset(v, 0, sizeof *v);
    xmlNodePtr vd = xml_child(fv, "VersionDetail");
    v->text = xml_text(c->a, vd);
    if (!v->text)
        v->text = ref_label(c, T_DETAILREF, vd, "DetailReferenceID", NULL);
    v->has_period = read_period(xml_child(fv, "DatePeriod"), &v->period,
                                v->period_text);
    if (v->has_period)
        v->period.text = v->period_text;
    if (!v->text && v->has_period)
        v->text = v->period_text;
    xmlNodePtr vl = xml_child(fv, "VersionLocation");
    if (vl)
        v->loc = find_location(c, vl, "LocationID");
}

static int feature_is(const char *label, const char *name)
{
    return strcasecmp(label, name) == 0;
}

static int apply_feature(recb *b, const char *label,
                         const feature_value *v)
{
    static const struct {
        const char *label;
        recb_field field;
    } fields[] = {
        {"Gender", RECB_GENDER},
        {"Title", RECB_TITLE},
        {"Vessel Call Sign", RECB_VESSEL_CALL_SIGN},
        {"Vessel Type", RECB_VESSEL_TYPE},
        {"Vessel Flag", RECB_VESSEL_FLAG},
        {"Vessel Owner", RECB_VESSEL_OWNER},
        {"Vessel Tonnage", RECB_VESSEL_TONNAGE},
        {"Vessel Gross Registered Tonnage", RECB_VESSEL_GRT},
    };
    const char *country = v->loc ? v->loc->country : NULL;
    const char *loc_text = v->loc ? v->loc->text : NULL;
    const char *value = v->text ? v->text : loc_text;

    if (feature_is(label, "Birthdate")) {
        if (v->has_period)
            return recb_add_birth(b, &v->period);
        if (!v->text)
            return EMB_OK;
        emb_period p;
        if (emb_period_parse(v->text, &p) != EMB_OK)
            memset(&p, 0, sizeof p);
        p.text = v->text;
        return recb_add_birth(b, &p);
    }
    if (feature_is(label, "Place of Birth"))
        return recb_add_birthplace(b, value);
    if (feature_is(label, "Nationality Country"))
        return recb_add_nationality(b, country ? country : v->text);
    if (feature_is(label, "Citizenship Country"))
        return recb_add_citizenship(b, country ? country : v->text);
    if (feature_is(label, "Location")) {
        if (!v->loc)
            return EMB_OK;
        emb_address a = {v->loc->street, v->loc->city, v->loc->state,
                         v->loc->postal, v->loc->country, NULL};
        return recb_add_address(b, &a);
    }
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (feature_is(label, fields[i].label))
            return recb_set(b, fields[i].field,
                            v->text ? v->text : country);
    recb_date_field df;
    if (cmic_date_label(label, &df)) {
        emb_period p;
        if (v->has_period && v->period.from.day) {
            recb_set_date(b, df, v->period.from);
            return EMB_OK;
        }
        if (v->text && emb_period_parse(v->text, &p) == EMB_OK &&
            p.from.day) {
            recb_set_date(b, df, p.from);
            return EMB_OK;
        }
    }
    /* Anything else is published like an identifier (as sdnList XML does:
     * Website, SWIFT/BIC, ISIN, Equity Ticker, directive determinations). */
    emb_ident id = {0};
    id.type = label;
    id.value = value;
    return recb_add_ident(b, &id);
}

static int read_features(adv_ctx *c, recb *b, const xmlNode *profile)
{
    int st = EMB_OK;
    for (xmlNodePtr f = xml_child(profile, "Feature"); f && !st;
         f = xml_next(f, "Feature")) {
        const char *label = ref_label(c, T_FEATURE, f, "FeatureTypeID", NULL);
        if (!label)
            continue;
        for (xmlNodePtr fv = xml_child(f, "FeatureVersion"); fv && !st;
             fv = xml_next(fv, "FeatureVersion")) {
            feature_value v;
            read_feature_value(c, fv, &v);
            st = apply_feature(b, label, &v);
        }
    }
    return st;
}

static emb_kind kind_of_profile(adv_ctx *c, const xmlNode *profile)
{
    const ref_entry *sub;
    const char *s = ref_label(c, T_SUBTYPE, profile, "PartySubTypeID", &sub);
    if (!s)
        return EMB_KIND_UNKNOWN;
    if (strcasecmp(s, "Vessel") == 0)
        return EMB_KIND_VESSEL;
    if (strcasecmp(s, "Aircraft") == 0)
        return EMB_KIND_AIRCRAFT;
    const ref_entry *pt =
        vec_find(&c->ref[T_PARTYTYPE], sizeof(ref_entry), cmp_ref, sub->extra);
    if (!pt) {
        dangling(c, profile, "PartyTypeID", sub->extra);
        return EMB_KIND_UNKNOWN;
    }
    if (pt->label && strcasecmp(pt->label, "Individual") == 0)
        return EMB_KIND_PERSON;
    if (pt->label && (strcasecmp(pt->label, "Entity") == 0 ||
                      strcasecmp(pt->label, "Other Entity") == 0))
        return EMB_KIND_ENTITY;
    return EMB_KIND_UNKNOWN;
}

static int party_error(adv_ctx *c, const xmlNode *n, const char *field,
                       const char *fixed, const char *msg)
{
    return emb_error_set(c->err, EMB_ERR_PARSE, c->f->path,
                         xmlr_line(&c->x, (xmlNodePtr)n), field,
                         "DistinctParty%s%s: %s", fixed ? " " : "",
                         fixed ? fixed : "", msg);
}

static int read_party(adv_ctx *c, const xmlNode *dp)
{
    const char *fixed = xml_attr(c->a, dp, "FixedRef");
    if (!fixed)
        return party_error(c, dp, "FixedRef", NULL, "missing FixedRef");
    xmlNodePtr prof = xml_child(dp, "Profile");
    long pid;
    if (!prof)
        return party_error(c, dp, "Profile", fixed, "missing Profile");
    if (!attr_long(prof, "ID", &pid))
        return party_error(c, prof, "Profile", fixed,
                           "Profile without a numeric ID");

    if (c->n_parties == c->cap_parties) {
        size_t cap = c->cap_parties ? c->cap_parties * 2 : 256;
        party *p = realloc(c->parties, cap * sizeof *p);
        if (!p)
            return nomem(c);
        c->parties = p;
        c->cap_parties = cap;
    }
    adv_party_key *k = vec_add(&c->keys, sizeof *k);
    recb *b = k ? recb_new(c->set, fixed) : NULL;
    if (!b) {
        if (k)
            c->keys.n--;
        return nomem(c);
    }
    k->profile = pid;
    k->index = c->n_parties;
    party *p = &c->parties[c->n_parties++];
    memset(p, 0, sizeof *p);
    p->b = b;
    p->fixed_ref = fixed;

    recb_set_kind(b, kind_of_profile(c, prof));
    int st = EMB_OK;
    for (xmlNodePtr id = xml_child(prof, "Identity"); id && !st;
         id = xml_next(id, "Identity"))
        st = read_identity(c, b, id, &p->name);
    if (!st && !p->name)
        return party_error(c, dp, "Alias", fixed, "no primary name");
    if (!st)
        st = read_features(c, b, prof);
    const char *remarks = xml_child_text(c->a, dp, "Comment");
    if (!st && remarks)
        st = recb_set(b, RECB_REMARKS, remarks);
    if (st)
        return nomem(c);
    return EMB_OK;
}

/* ---- sections after the parties --------------------------------------- */

static party *find_party(adv_ctx *c, const xmlNode *n, const char *attr)
{
    long id;
    if (!attr_long(n, attr, &id))
        return NULL;
    adv_party_key *k =
        vec_find(&c->keys, sizeof(adv_party_key), cmp_party_key, id);
    if (!k) {
        dangling(c, n, attr, id);
        return NULL;
    }
    return &c->parties[k->index];
}

static int read_relation(adv_ctx *c, const xmlNode *n)
{
    party *from = find_party(c, n, "From-ProfileID");
    party *to = from ? find_party(c, n, "To-ProfileID") : NULL;
    if (!from || !to)
        return EMB_OK;
    if (recb_add_relation(from->b, "Linked To", to->name,
                          to->fixed_ref))
        return nomem(c);
    return EMB_OK;
}

/* Keeps the most specific list: "Consolidated List" holds every entry of
 * the consolidated file, so a sub-list named next to it wins. */
static int note_list(adv_ctx *c, party *p, const char *list)
{
    static const char all[] = "Consolidated List";
    if (!list || (p->list && strcasecmp(list, all) == 0))
        return EMB_OK;
    if (!p->list || strcasecmp(p->list, all) == 0) {
        p->list = list;
        return EMB_OK;
    }
    if (strstr(p->list, list))
        return EMB_OK;
    size_t n = strlen(p->list) + strlen(list) + 3;
    char *s = arena_alloc(c->a, n);
    if (!s)
        return nomem(c);
    snprintf(s, n, "%s; %s", p->list, list);
    p->list = s;
    return EMB_OK;
}

static int read_sanctions_entry(adv_ctx *c, const xmlNode *n)
{
    party *p = find_party(c, n, "ProfileID");
    if (!p)
        return EMB_OK;
    int rc = note_list(c, p, ref_label(c, T_LIST, n, "ListID", NULL));
    if (rc)
        return rc;
    for (xmlNodePtr ev = xml_child(n, "EntryEvent"); ev;
         ev = xml_next(ev, "EntryEvent")) {
        emb_date d;
        if (read_date(xml_child(ev, "Date"), &d) &&
            (!p->listed.year || date_cmp(d, p->listed) < 0))
            p->listed = d;
    }
    for (xmlNodePtr m = xml_child(n, "SanctionsMeasure"); m;
         m = xml_next(m, "SanctionsMeasure")) {
        const char *t = ref_label(c, T_SANCTIONS, m, "SanctionsTypeID", NULL);
        if (t && strcasecmp(t, "Program") == 0 &&
            recb_add_program(p->b, xml_child_text(c->a, m, "Comment")))
            return nomem(c);
    }
    return EMB_OK;
}

/* ---- driver ------------------------------------------------------------ */

static int finish_parties(adv_ctx *c)
{
    for (size_t i = 0; i < c->n_parties; i++) {
        party *p = &c->parties[i];
        int st = recb_set(p->b, RECB_LIST, p->list);
        if (p->listed.year)
            recb_set_date(p->b, RECB_LISTED_ON, p->listed);
        if (!st)
            st = recb_finish(p->b);
        recb_free(p->b);
        p->b = NULL;
        if (st)
            return nomem(c);
    }
    return EMB_OK;
}

static void free_ctx(adv_ctx *c)
{
    for (size_t i = 0; i < c->n_parties; i++)
        recb_free(c->parties[i].b);
    free(c->parties);
    for (int t = 0; t < T_COUNT; t++)
        free(c->ref[t].v);
    free(c->locs.v);
    free(c->docs.v);
    free(c->keys.v);
    arena_free(c->a);
    xmlr_close(&c->x);
}

static int read_element(adv_ctx *c, xmlNodePtr n, int *seen_root_parts)
{
    if (xml_is(n, "DistinctParty"))
        return read_party(c, n);
    *seen_root_parts = 1;
    if (xml_is(n, "ReferenceValueSets"))
        return read_reference_sets(c, n);
    if (xml_is(n, "Location"))
        return read_location(c, n);
    if (xml_is(n, "IDRegDocument"))
        return read_id_document(c, n);
    if (xml_is(n, "ProfileRelationship"))
        return read_relation(c, n);
    if (xml_is(n, "SanctionsEntry"))
        return read_sanctions_entry(c, n);
    if (xml_is(n, "DateOfIssue")) {
        emb_date d;
        if (read_date(n, &d) && d.day)
            recset_set_published(c->set, d, 0);
        else
            recset_warn(c->set, "%s:%ld: unreadable DateOfIssue",
                        c->f->path, xmlr_line(&c->x, n));
    }
    return EMB_OK;
}

int ofac_adv_read(const lists_file *f, const char *source, emb_recset **out,
                  emb_error *err)
{
    int rc0 = lists_file_check(f, out, "ofac_adv_read", err);
    if (rc0 != EMB_OK)
        return rc0;
    adv_ctx c;
    memset(&c, 0, sizeof c);
    c.f = f;
    c.err = err;
    c.a = arena_new();
    c.set = recset_new(source ? source : EMB_SOURCE_OFAC_CONS,
                       "ofac_advanced_xml");
    if (!c.a || !c.set) {
        arena_free(c.a);
        emb_recset_free(c.set);
        return emb_error_set(err, EMB_ERR_NOMEM, f->path, 0, NULL,
                             "out of memory");
    }
    int rc = recset_add_file(c.set, f->path, f->data, f->len);
    if (rc)
        rc = nomem(&c);
    else
        rc = xmlr_open(&c.x, f, err);
    static const char *const names[] = {
        "DateOfIssue",   "ReferenceValueSets",  "Location",
        "IDRegDocument", "DistinctParty",       "ProfileRelationship",
        "SanctionsEntry", NULL};
    int seen = 0;
    xmlNodePtr n;
    while (rc == EMB_OK && (rc = xmlr_next(&c.x, names, &n)) == 1)
        rc = read_element(&c, n, &seen);
    if (rc < 0)
        rc = -rc;
    if (rc == EMB_OK && !seen && c.n_parties == 0)
        rc = emb_error_set(err, EMB_ERR_FORMAT, f->path, 0, NULL,
                           "not an OFAC advanced XML document");
    if (rc == EMB_OK)
        rc = finish_parties(&c);
    if (rc == EMB_OK && c.dangling)
        recset_warn(c.set, "%s: %ld references to undefined IDs ignored "
                    "(first at %s)", f->path, c.dangling, c.first_dangling);
    if (rc == EMB_OK && recset_seal(c.set) != EMB_OK)
        rc = nomem(&c);
    free_ctx(&c);
    if (rc != EMB_OK) {
        emb_recset_free(c.set);
        return rc;
    }
    *out = c.set;
    return EMB_OK;
}
