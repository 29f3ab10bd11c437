/*
 * listindex.c - the securities view of one list version: which records
 * matter for trading, and their ISINs, tickers and issuer names as keys.
 *
 * Only records that can issue or stand behind a security are indexed
 * (entities and records of unknown type; persons, vessels and aircraft
 * are not issuers). Each is classed once (listed_as_of): NS-CMIC by its
 * programme CMIC-EO13959, SDN by its source (or CSL list "SDN"), export
 * lists (BIS and State CSL lists, the BIS Denied Persons file) and the
 * rest as "other". The record sets are borrowed, never copied.
 */
#include "rules/rules.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int has_cmic_program(const emb_record *rec)
{
    for (size_t i = 0; i < rec->n_programs; i++)
        if (rec->programs[i] && strstr(rec->programs[i], "CMIC"))
            return 1;
    return rec->list && !strcasecmp(rec->list, "CMIC");
}

emb_listed_as listed_as_of(const emb_record *rec)
{
    if (rec->kind == EMB_KIND_PERSON || rec->kind == EMB_KIND_VESSEL ||
        rec->kind == EMB_KIND_AIRCRAFT)
        return 0;
    if (has_cmic_program(rec))
        return EMB_LISTED_CMIC;
    const char *src = rec->source ? rec->source : "";
    if (!strcmp(src, EMB_SOURCE_OFAC_SDN))
        return EMB_LISTED_SDN;
    if (!strcmp(src, EMB_SOURCE_CSL)) {
        static const char *const export_lists[] = {"EL",  "MEU", "UVL",
                                                   "DPL", "ISN", "DTC"};
        const char *l = rec->list ? rec->list : "";
        if (!strcasecmp(l, "SDN"))
            return EMB_LISTED_SDN;
        for (size_t i = 0; i < sizeof export_lists / sizeof *export_lists; i++)
            if (!strcasecmp(l, export_lists[i]))
                return EMB_LISTED_EXPORT;
        return EMB_LISTED_OTHER;
    }
    if (!strcmp(src, EMB_SOURCE_BIS_DPL))
        return EMB_LISTED_EXPORT;
    return EMB_LISTED_OTHER;
}

const char *emb_listed_as_name(emb_listed_as a)
{
    switch (a) {
    case EMB_LISTED_CMIC: return "cmic";
    case EMB_LISTED_SDN: return "sdn";
    case EMB_LISTED_EXPORT: return "export";
    case EMB_LISTED_OTHER: return "other";
    }
    return "unknown";
}

static int put(listver *v, keymap *m, const char *key, const emb_record *rec,
               const char *matched, emb_listed_as as, int tag)
{
    /* One record under one key once (an ISIN and its CUSIP are two keys). */
    keymap_iter it;
    const void *val;
    keymap_find(m, key, &it);
    while (keymap_next(&it, &val, NULL))
        if (((const listhit *)val)->rec == rec)
            return EMB_OK;
    listhit *h = arena_alloc(v->ar, sizeof *h);
    if (!h)
        return EMB_ERR_NOMEM;
    h->rec = rec;
    h->matched = matched;
    h->as = as;
    return keymap_add(m, key, h, tag);
}

static int index_name(listver *v, const emb_record *rec, const char *name,
                      emb_listed_as as)
{
    char key[SECKEY_LEN * 3];
    if (!name || !issuer_name_key(name, key, sizeof key))
        return EMB_OK;
    return put(v, v->names, key, rec, name, as, EMB_VIA_ISSUER_NAME);
}

static int index_record(listver *v, const emb_record *rec)
{
    emb_listed_as as = listed_as_of(rec);
    if (!as)
        return EMB_OK;
    int rc = EMB_OK;
    for (size_t i = 0; i < rec->n_names && rc == EMB_OK; i++)
        if (!rec->names[i].weak)
            rc = index_name(v, rec, rec->names[i].full, as);
    for (size_t i = 0; i < rec->n_idents && rc == EMB_OK; i++) {
        const emb_ident *id = &rec->idents[i];
        if (!id->value)
            continue;
        char key[SECKEY_LEN];
        if (id->kind == EMB_ID_ISIN) {
            emb_secid s;
            emb_secid_parse_as(id->value, EMB_SECID_ISIN, &s, NULL, 0);
            if (!s.value[0])
                continue;
            snprintf(key, sizeof key, "I:%s", s.value);
            rc = put(v, v->ids, key, rec, id->value, as, EMB_VIA_ISIN);
            if (rc == EMB_OK && s.cusip[0]) {
                snprintf(key, sizeof key, "C:%s", s.cusip);
                rc = put(v, v->ids, key, rec, id->value, as, EMB_VIA_ISIN);
            }
            if (rc == EMB_OK && s.sedol[0]) {
                snprintf(key, sizeof key, "S:%s", s.sedol);
                rc = put(v, v->ids, key, rec, id->value, as, EMB_VIA_ISIN);
            }
        } else if (id->kind == EMB_ID_TICKER) {
            char tk[32];
            if (emb_ticker_normalize(id->value, tk, sizeof tk, NULL, 0) !=
                EMB_OK)
                continue;
            snprintf(key, sizeof key, "T:%s", tk);
            rc = put(v, v->ids, key, rec, id->value, as, EMB_VIA_TICKER);
        } else if (id->kind == EMB_ID_ISSUER_NAME) {
            rc = index_name(v, rec, id->value, as);
        }
    }
    return rc;
}

int listver_build(listver *v, const emb_recset *set, const char *label,
                  emb_date published)
{
    memset(v, 0, sizeof *v);
    v->set = set;
    snprintf(v->source, sizeof v->source, "%s",
             emb_recset_source(set) ? emb_recset_source(set) : "");
    if (published.year == 0)
        published = emb_recset_published(set, NULL);
    v->published = published;
    if (label && *label) {
        snprintf(v->label, sizeof v->label, "%s", label);
    } else {
        char d[11];
        snprintf(v->label, sizeof v->label, "%s %s", v->source,
                 published.year ? emb_date_format(published, d) : "undated");
    }
    v->ids = keymap_new();
    v->names = keymap_new();
    v->ar = arena_new();
    if (!v->ids || !v->names || !v->ar) {
        listver_free(v);
        return EMB_ERR_NOMEM;
    }
    size_t n = emb_recset_count(set);
    for (size_t i = 0; i < n; i++) {
        int rc = index_record(v, emb_recset_get(set, i));
        if (rc != EMB_OK) {
            listver_free(v);
            return rc;
        }
    }
    return EMB_OK;
}

void listver_free(listver *v)
{
    if (!v)
        return;
    keymap_free(v->ids);
    keymap_free(v->names);
    arena_free(v->ar);
    v->ids = v->names = NULL;
    v->ar = NULL;
}
