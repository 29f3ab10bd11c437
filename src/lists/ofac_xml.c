/*
 * ofac_xml.c - reader for OFAC's sdnList XML (sdn.xml, consolidated.xml),
 * FORMATS.md section 2.
 *
 * The file is walked with the streaming record walker (xmlread.h): each
 * <sdnEntry> is expanded on its own, turned into one record and dropped, so
 * memory stays bounded by one entry. Elements are matched by local name
 * because OFAC has published the same schema under several namespace URIs.
 *
 * The XML is already structured, so almost everything maps one to one:
 * idList/id becomes identifiers, except the three NS-CMIC dates (which are
 * dates in the model) and Gender (a field of its own). The only free text
 * that still carries structure is <remarks>, where "(Linked To: NAME)"
 * appears; those become relations. Strings pulled out of the DOM go to a
 * scratch arena that lives for one entry; the builder copies what it keeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lists/readers.h"
#include "lists/xmlread.h"

typedef struct xml_ctx {
    const lists_file *f;
    emb_recset *set;
    xmlr x;
    emb_error *err;
    arena *tmp; /* scratch for the current entry */
} xml_ctx;

static int kind_from_sdn_type(const char *s, emb_kind *k)
{
    static const struct {
        const char *name;
        emb_kind kind;
    } map[] = {
        {"Individual", EMB_KIND_PERSON},
        {"Entity", EMB_KIND_ENTITY},
        {"Vessel", EMB_KIND_VESSEL},
        {"Aircraft", EMB_KIND_AIRCRAFT},
    };
    for (size_t i = 0; s && i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(s, map[i].name) == 0) {
            *k = map[i].kind;
            return 1;
        }
    return 0;
}

static char *text_of(xml_ctx *c, const xmlNode *n, const char *child)
{
    return xml_child_text(c->tmp, n, child);
}

/* Adds a name written as lastName / firstName: "LAST, First" when both are
 * given (as the legacy CSV writes individuals), else the one given. */
static int add_split_name(xml_ctx *c, recb *b, emb_name_type type, int weak,
                          const char *last, const char *first)
{
    if (!last && !first)
        return EMB_OK;
    const char *full = last ? last : first;
    if (last && first) {
        size_t n = strlen(last) + strlen(first) + 3;
        char *s = arena_alloc(c->tmp, n);
        if (!s)
            return EMB_ERR_NOMEM;
        snprintf(s, n, "%s, %s", last, first);
        full = s;
    }
    int person = recb_kind(b) == EMB_KIND_PERSON;
    return recb_add_name(b, type, weak, full, first,
                         (person || first) ? last : NULL, NULL);
}

/*
 * Finds each "Linked To: NAME" in remarks and adds it as a relation. In the
 * XML the item is parenthesised, "(Linked To: NAME)", and NAME may itself
 * hold parentheses, so it runs to the bracket that closes the opening one.
 * Without the opening bracket (legacy style) it runs to ';' or the end,
 * less a final '.'.
 */
static int add_linked_to(recb *b, const char *remarks)
{
    static const char key[] = "Linked To:";
    const size_t klen = sizeof key - 1;
    const char *p = remarks;
    while ((p = strstr(p, key)) != NULL) {
        const char *q = p;
        while (q > remarks && (q[-1] == ' ' || q[-1] == '\t'))
            q--;
        int bracketed = q > remarks && q[-1] == '(';
        const char *s = p + klen;
        while (*s == ' ' || *s == '\t')
            s++;
        const char *e = s;
        if (bracketed) {
            int depth = 1;
            for (; *e; e++) {
                if (*e == '(')
                    depth++;
                else if (*e == ')' && --depth == 0)
                    break;
            }
        } else {
            while (*e && *e != ';')
                e++;
        }
        const char *next = *e ? e + 1 : e;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
                         (!bracketed && e[-1] == '.')))
            e--;
        if (e > s) {
            char name[1024];
            size_t n = (size_t)(e - s);
            if (n >= sizeof name)
                n = sizeof name - 1;
            memcpy(name, s, n);
            name[n] = '\0';
            int rc = recb_add_relation(b, "Linked To", name, NULL);
            if (rc)
                return rc;
        }
        p = next;
    }
    return EMB_OK;
}

static int add_ids(xml_ctx *c, recb *b, const xmlNode *list)
{
    int st = EMB_OK;
    for (xmlNodePtr id = xml_child(list, "id"); id; id = xml_next(id, "id")) {
        emb_ident d = {0};
        d.type = text_of(c, id, "idType");
        d.value = text_of(c, id, "idNumber");
        recb_date_field df;
        if (d.value && cmic_date_label(d.type, &df)) {
            emb_period p;
            if (emb_period_parse(d.value, &p) == EMB_OK) {
                recb_set_date(b, df, p.from);
                continue;
            }
            /* An unreadable date is kept as an identifier below. */
        }
        if (d.type && strcasecmp(d.type, "Gender") == 0 && d.value) {
            st |= recb_set(b, RECB_GENDER, d.value);
            continue;
        }
        d.country = text_of(c, id, "idCountry");
        d.issued = text_of(c, id, "issueDate");
        d.expires = text_of(c, id, "expirationDate");
        st |= recb_add_ident(b, &d);
    }
    return st;
}

static int add_akas(xml_ctx *c, recb *b, const xmlNode *list)
{
    int st = EMB_OK;
    for (xmlNodePtr a = xml_child(list, "aka"); a; a = xml_next(a, "aka")) {
        const char *type = text_of(c, a, "type");
        const char *cat = text_of(c, a, "category");
        emb_name_type t = EMB_NAME_AKA;
        if (type && strcasecmp(type, "f.k.a.") == 0)
            t = EMB_NAME_FKA;
        else if (type && strcasecmp(type, "n.k.a.") == 0)
            t = EMB_NAME_NKA;
        int weak = cat && strcasecmp(cat, "weak") == 0;
        st |= add_split_name(c, b, t, weak, text_of(c, a, "lastName"),
                             text_of(c, a, "firstName"));
    }
    return st;
}

static int add_addresses(xml_ctx *c, recb *b, const xmlNode *list)
{
    int st = EMB_OK;
    for (xmlNodePtr a = xml_child(list, "address"); a;
         a = xml_next(a, "address")) {
        char street[2048];
        size_t len = 0;
        street[0] = '\0';
        static const char *const lines[] = {"address1", "address2",
                                            "address3"};
        for (int i = 0; i < 3; i++) {
            const char *s = text_of(c, a, lines[i]);
            if (!s)
                continue;
            int w = snprintf(street + len, sizeof street - len, "%s%s",
                             len ? ", " : "", s);
            if (w < 0 || (size_t)w >= sizeof street - len)
                break;
            len += (size_t)w;
        }
        emb_address ad = {0};
        ad.street = len ? street : NULL;
        ad.city = text_of(c, a, "city");
        ad.state = text_of(c, a, "stateOrProvince");
        ad.postal = text_of(c, a, "postalCode");
        ad.country = text_of(c, a, "country");
        st |= recb_add_address(b, &ad);
    }
    return st;
}

/* Calls add(b, text) for each list/item/field text. */
static int add_each(xml_ctx *c, recb *b, const xmlNode *entry,
                    const char *list, const char *item, const char *field,
                    int (*add)(recb *, const char *))
{
    int st = EMB_OK;
    xmlNodePtr l = xml_child(entry, list);
    for (xmlNodePtr n = xml_child(l, item); n; n = xml_next(n, item))
        st |= add(b, text_of(c, n, field));
    return st;
}

static int add_births(xml_ctx *c, recb *b, const xmlNode *entry)
{
    int st = EMB_OK;
    xmlNodePtr l = xml_child(entry, "dateOfBirthList");
    for (xmlNodePtr n = xml_child(l, "dateOfBirthItem"); n;
         n = xml_next(n, "dateOfBirthItem")) {
        const char *t = text_of(c, n, "dateOfBirth");
        if (!t)
            continue;
        emb_period p;
        if (emb_period_parse(t, &p) != EMB_OK)
            memset(&p, 0, sizeof p);
        p.text = t;
        st |= recb_add_birth(b, &p);
    }
    return st;
}

static int add_vessel(xml_ctx *c, recb *b, const xmlNode *v)
{
    static const struct {
        const char *elem;
        recb_field field;
    } map[] = {
        {"callSign", RECB_VESSEL_CALL_SIGN},
        {"vesselType", RECB_VESSEL_TYPE},
        {"vesselFlag", RECB_VESSEL_FLAG},
        {"vesselOwner", RECB_VESSEL_OWNER},
        {"tonnage", RECB_VESSEL_TONNAGE},
        {"grossRegisteredTonnage", RECB_VESSEL_GRT},
    };
    int st = EMB_OK;
    for (size_t i = 0; v && i < sizeof map / sizeof map[0]; i++) {
        const char *s = text_of(c, v, map[i].elem);
        if (s)
            st |= recb_set(b, map[i].field, s);
    }
    return st;
}

static int parse_error(xml_ctx *c, const xmlNode *at, const char *field,
                       const char *msg, const char *uid)
{
    return emb_error_set(c->err, EMB_ERR_PARSE, c->f->path,
                         xmlr_line(&c->x, (xmlNodePtr)at), field,
                         "sdnEntry%s%s: %s", uid ? " " : "", uid ? uid : "",
                         msg);
}

/* Turns one <sdnEntry> into a record of c->set. */
static int read_entry(xml_ctx *c, const xmlNode *e)
{
    const char *uid = text_of(c, e, "uid");
    if (!uid)
        return parse_error(c, e, "uid", "missing uid", NULL);
    const char *last = text_of(c, e, "lastName");
    if (!last)
        return parse_error(c, e, "lastName", "missing lastName", uid);
    xmlNodePtr tn = xml_child(e, "sdnType");
    const char *type = xml_text(c->tmp, tn);
    emb_kind kind;
    if (!type)
        return parse_error(c, e, "sdnType", "missing sdnType", uid);
    if (!kind_from_sdn_type(type, &kind)) {
        char msg[160];
        snprintf(msg, sizeof msg, "unknown sdnType '%.100s'", type);
        return parse_error(c, tn, "sdnType", msg, uid);
    }

    recb *b = recb_new(c->set, uid);
    if (!b)
        return emb_error_set(c->err, EMB_ERR_NOMEM, c->f->path, 0, NULL,
                             "out of memory");
    recb_set_kind(b, kind);
    int st = add_split_name(c, b, EMB_NAME_PRIMARY, 0, last,
                            text_of(c, e, "firstName"));
    st |= recb_set(b, RECB_TITLE, text_of(c, e, "title"));
    xmlNodePtr pl = xml_child(e, "programList");
    for (xmlNodePtr p = xml_child(pl, "program"); p; p = xml_next(p, "program"))
        st |= recb_add_program(b, xml_text(c->tmp, p));
    st |= add_ids(c, b, xml_child(e, "idList"));
    st |= add_akas(c, b, xml_child(e, "akaList"));
    st |= add_addresses(c, b, xml_child(e, "addressList"));
    st |= add_each(c, b, e, "nationalityList", "nationality", "country",
                   recb_add_nationality);
    st |= add_each(c, b, e, "citizenshipList", "citizenship", "country",
                   recb_add_citizenship);
    st |= add_each(c, b, e, "placeOfBirthList", "placeOfBirthItem",
                   "placeOfBirth", recb_add_birthplace);
    st |= add_births(c, b, e);
    st |= add_vessel(c, b, xml_child(e, "vesselInfo"));
    const char *remarks = text_of(c, e, "remarks");
    if (remarks) {
        st |= recb_set(b, RECB_REMARKS, remarks);
        st |= add_linked_to(b, remarks);
    }
    if (!st)
        st = recb_finish(b);
    recb_free(b);
    if (st)
        return emb_error_set(c->err, EMB_ERR_NOMEM, c->f->path, 0, NULL,
                             "out of memory");
    return EMB_OK;
}

/* Reads <publshInformation>: the publication date and the announced
 * record count (*count, -1 when absent). */
static void read_publish_info(xml_ctx *c, const xmlNode *n, long *count)
{
    const char *d = text_of(c, n, "Publish_Date");
    emb_period p;
    if (d && emb_period_parse(d, &p) == EMB_OK && p.from.day)
        recset_set_published(c->set, p.from, 0);
    else if (d)
        recset_warn(c->set, "%s:%ld: unreadable Publish_Date '%.40s'",
                    c->f->path, xmlr_line(&c->x, (xmlNodePtr)n), d);
    const char *rc = text_of(c, n, "Record_Count");
    if (rc) {
        char *end;
        long v = strtol(rc, &end, 10);
        if (*end == '\0' && v >= 0)
            *count = v;
    }
}

int ofac_xml_read(const lists_file *f, const char *source, emb_recset **out,
                  emb_error *err)
{
    int rc0 = lists_file_check(f, out, "ofac_xml_read", err);
    if (rc0 != EMB_OK)
        return rc0;
    xml_ctx c = {0};
    c.f = f;
    c.err = err;
    c.set = recset_new(source ? source : EMB_SOURCE_OFAC_CONS, "ofac_xml");
    if (!c.set)
        return emb_error_set(err, EMB_ERR_NOMEM, f->path, 0, NULL,
                             "out of memory");
    int rc = recset_add_file(c.set, f->path, f->data, f->len);
    if (rc) {
        emb_recset_free(c.set);
        return emb_error_set(err, rc, f->path, 0, NULL, "out of memory");
    }
    rc = xmlr_open(&c.x, f, err);
    if (rc) {
        emb_recset_free(c.set);
        return rc;
    }
    static const char *const names[] = {"publshInformation", "sdnEntry",
                                        NULL};
    long announced = -1, entries = 0, header_line = 0;
    int header = 0;
    xmlNodePtr n;
    while (rc == EMB_OK && (rc = xmlr_next(&c.x, names, &n)) == 1) {
        rc = EMB_OK;
        c.tmp = arena_new();
        if (!c.tmp) {
            rc = emb_error_set(err, EMB_ERR_NOMEM, f->path, 0, NULL,
                               "out of memory");
            break;
        }
        if (xml_is(n, "sdnEntry")) {
            rc = read_entry(&c, n);
            entries++;
        } else if (!header) {
            header = 1;
            header_line = xmlr_line(&c.x, n);
            read_publish_info(&c, n, &announced);
        }
        arena_free(c.tmp);
        c.tmp = NULL;
    }
    if (rc < 0)
        rc = -rc;
    xmlr_close(&c.x);
    if (rc == EMB_OK && !header && entries == 0)
        rc = emb_error_set(err, EMB_ERR_FORMAT, f->path, 0, NULL,
                           "not an OFAC sdnList document (no "
                           "publshInformation, no sdnEntry)");
    if (rc == EMB_OK && announced >= 0 && announced != entries)
        recset_warn(c.set, "%s:%ld: Record_Count says %ld, file has %ld "
                    "entries", f->path, header_line, announced, entries);
    if (rc == EMB_OK && recset_seal(c.set) != EMB_OK)
        rc = emb_error_set(err, EMB_ERR_NOMEM, f->path, 0, NULL,
                           "out of memory");
    if (rc != EMB_OK) {
        emb_recset_free(c.set);
        return rc;
    }
    *out = c.set;
    return EMB_OK;
}
