/*
 * fixture.h - a small in-memory world of listed parties for the matcher's
 * tests: real names from the OFAC, CSL and UN lists written through the
 * record builder, plus filler parties made of common words so that rarity
 * weights behave as they do on the full lists.
 */
#ifndef EMB_TESTS_MATCH_FIXTURE_H
#define EMB_TESTS_MATCH_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists/model.h"

typedef struct fx_rec {
    const char *id;
    emb_kind kind;
    const char *list;
    const char *names[6]; /* [0] primary; "~" prefix: weak alias */
    const char *program;
    const char *dob;
    const char *nationality;
    const char *ofac_num; /* CSL: OFAC entity number */
} fx_rec;

static const fx_rec fx_sdn[] = {
    {"35096", EMB_KIND_PERSON, NULL,
     {"PUTIN, Vladimir Vladimirovich", "PUTIN, Vladimir"}, "RUSSIA-EO14024",
     "07 Oct 1952", "Russia", NULL},
    {"24200", EMB_KIND_ENTITY, NULL, {"JSC ARGUMENT", "AO ARGUMENT"},
     "RUSSIA-EO14024", NULL, NULL, NULL},
    {"11111", EMB_KIND_ENTITY, NULL, {"ROSOBORONEXPORT OAO", "~ROE"},
     "UKRAINE-EO13662",
     NULL, NULL, NULL},
    {"6366", EMB_KIND_PERSON, NULL,
     {"AL-ZAWAHIRI, Ayman", "~The Doctor", "~Abu Fatima"}, "SDGT",
     "19 Jun 1951", "Egypt", NULL},
    {"30110", EMB_KIND_PERSON, NULL,
     {"PRIGOZHIN, Yevgeniy Viktorovich"}, "RUSSIA-EO14024", "01 Jun 1961",
     "Russia", NULL},
    {"24211", EMB_KIND_PERSON, NULL, {"KADYROV, Ramzan Akhmatovich"},
     "UKRAINE-EO13660", "05 Oct 1976", "Russia", NULL},
    {"7001", EMB_KIND_PERSON, NULL, {"MOHAMMED, Khalid Shaikh"}, "SDGT",
     "14 Apr 1965", "Pakistan", NULL},
    {"9001", EMB_KIND_ENTITY, NULL, {"ZENITH HOLDINGS LIMITED"}, "IRAN",
     NULL, NULL, NULL},
    {"9002", EMB_KIND_ENTITY, NULL,
     {"HUAWEI TECHNOLOGIES CO., LTD."}, "CMIC-EO13959", NULL, NULL, NULL},
    {"9003", EMB_KIND_VESSEL, NULL, {"OCEAN PEARL"}, "IRAN", NULL, NULL,
     NULL},
    {"9004", EMB_KIND_PERSON, NULL, {"OCEAN PEARL"}, "SDGT", "1970", NULL,
     NULL},
    {"35233", EMB_KIND_PERSON, NULL,
     {"LAVROV, Sergei Viktorovich", "LAVROV, Sergey"}, "RUSSIA-EO14024",
     "21 Mar 1950", "Russia", NULL},
    {"9771", EMB_KIND_PERSON, NULL, {"PIATKEVICH, Natallia Uladzimirauna"},
     "BELARUS", "1967", "Belarus", NULL},
    {"9772", EMB_KIND_PERSON, NULL, {"ABDULLAH, Yusuf Ahmad"}, "SDGT",
     "1970", "Yemen", NULL},
    {"9773", EMB_KIND_PERSON, NULL, {"ZIDANE, Mounir Hamdan"}, "SDGT",
     "1975", "Algeria", NULL},
    {"9774", EMB_KIND_PERSON, NULL, {"HAQQANI, Nasiruddin"}, "SDGT", "1970",
     "Afghanistan", NULL},
    {"18557", EMB_KIND_PERSON, NULL, {"CHOE, Song Il"}, "NPWMD", NULL,
     "Korea, North", NULL},
    {"23505", EMB_KIND_PERSON, NULL, {"KIM, Man Chun", "KIM, Man-ch'un"},
     "DPRK2", "25 May 1966", "Korea, North", NULL},
    {"23215", EMB_KIND_PERSON, NULL, {"RI, Pyong Chol", "RI, Pyo'ng-ch'o'l"},
     "DPRK2", "1948", "Korea, North", NULL},
    {"37085", EMB_KIND_VESSEL, NULL, {"LADY D", "MALIY B.S."},
     "RUSSIA-EO14024", NULL, NULL, NULL},
    {"7856", EMB_KIND_PERSON, NULL,
     {"AL-RAWI, Saif-al-Din Fulayyih Hassan Taha"}, "IRAQ2", "1953", "Iraq",
     NULL},
    {"6906", EMB_KIND_PERSON, NULL, {"AL-IRAQI, Abd al-Hadi"}, "SDGT",
     "1961", "Iraq", NULL},
    {"17069", EMB_KIND_VESSEL, NULL, {"CHONG CHON GANG"}, "DPRK", NULL,
     NULL, NULL},
    {"9005", EMB_KIND_ENTITY, NULL,
     {"ISLAMIC REVOLUTIONARY GUARD CORPS AIR FORCE", "LAREDO DTO"}, "IRAN",
     NULL, NULL, NULL},
    {"9006", EMB_KIND_ENTITY, NULL,
     {"ISLAMIC STATE OF IRAQ AND THE LEVANT AIR FORCE"}, "SDGT", NULL, NULL,
     NULL},
    {"9007", EMB_KIND_ENTITY, NULL, {"DAEDONG CREDIT BANK (DCB)"}, "DPRK",
     NULL, NULL, NULL},
    {"9008", EMB_KIND_ENTITY, NULL, {"AMURSKY SHIPBUILDING PLANT"},
     "RUSSIA-EO14024", NULL, NULL, NULL},
    {"17018", EMB_KIND_ENTITY, NULL,
     {"PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA"}, "RUSSIA-EO14024",
     NULL, NULL, NULL},
};

static const fx_rec fx_cons[] = {
    {"33111", EMB_KIND_ENTITY, NULL, {"SZ DJI TECHNOLOGY CO., LTD."},
     "CMIC-EO13959", NULL, NULL, NULL},
    {"33112", EMB_KIND_ENTITY, NULL,
     {"HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."}, "CMIC-EO13959",
     NULL, NULL, NULL},
    /* on both OFAC lists, under one number */
    {"17018", EMB_KIND_ENTITY, NULL,
     {"PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA"}, "UKRAINE-EO13662",
     NULL, NULL, NULL},
};

static const fx_rec fx_csl[] = {
    {"a1", EMB_KIND_ENTITY, "CMIC", {"SZ DJI TECHNOLOGY CO., LTD.",
     "DA-JIANG INNOVATIONS"}, "CMIC-EO13959", NULL, NULL, "33111"},
    {"a2", EMB_KIND_PERSON, "SDN", {"PUTIN, Vladimir Vladimirovich"},
     "RUSSIA-EO14024", NULL, NULL, "35096"},
    {"a3", EMB_KIND_ENTITY, "EL", {"HUAWEI TECHNOLOGIES CO., LTD."}, NULL,
     NULL, NULL, NULL},
    /* the Denied Persons List does not say what a party is */
    {"a4", EMB_KIND_UNKNOWN, "DPL", {"DAVID L. MARICOLA"}, NULL, NULL, NULL,
     NULL},
    {"a5", EMB_KIND_UNKNOWN, "DPL", {"SCOTT COMMUNICATIONS, INC."}, NULL, NULL,
     NULL, NULL},
    {"a6", EMB_KIND_UNKNOWN, "ISN",
     {"National Aerospace Development Administration", "NADA"}, NULL, NULL,
     NULL, NULL},
};

static const fx_rec fx_un[] = {
    {"QDi.006", EMB_KIND_PERSON, NULL, {"AYMAN MUHAMMED RABI AL-ZAWAHIRI"},
     "Al-Qaida", "19 Jun 1951", "Egypt", NULL},
};

static void fx_add(emb_recset *set, const fx_rec *r)
{
    recb *b = recb_new(set, r->id);
    recb_set_kind(b, r->kind);
    if (r->list)
        recb_set(b, RECB_LIST, r->list);
    for (int i = 0; i < 6 && r->names[i]; i++) {
        const char *n = r->names[i];
        int weak = n[0] == '~';
        recb_add_name(b, i ? EMB_NAME_AKA : EMB_NAME_PRIMARY, weak,
                      n + weak, NULL, NULL, NULL);
    }
    if (r->program)
        recb_add_program(b, r->program);
    if (r->dob) {
        emb_period p;
        if (emb_period_parse(r->dob, &p) == EMB_OK) {
            p.text = r->dob;
            recb_add_birth(b, &p);
        }
    }
    if (r->nationality)
        recb_add_nationality(b, r->nationality);
    if (r->ofac_num) {
        emb_ident id = {0};
        id.type = "OFAC entity number";
        id.value = r->ofac_num;
        recb_add_ident(b, &id);
    }
    recb_finish(b);
    recb_free(b);
}

/* Filler parties: common words in many combinations. */
static void fx_filler(emb_recset *set)
{
    static const char *first[] = {"Muhammad", "Ali", "Ahmed", "Hassan",
                                  "Ivan", "Sergei", "John", "Maria",
                                  "Abdul", "Omar", "Vladimir", "Alexander"};
    static const char *last[] = {"Khan", "Rahman", "Ivanov", "Petrov",
                                 "Hussein", "Smith", "Garcia", "Nasser",
                                 "Haddad", "Sokolov", "Kuznetsov", "Popov"};
    static const char *w1[] = {"Global", "International", "Trading",
                               "Shipping", "Industrial", "Petroleum",
                               "Investment", "Technology"};
    static const char *w2[] = {"Company", "Limited", "LLC", "Group",
                               "Holdings", "Co Ltd"};
    static const char *place[] = {"Tehran", "Moscow", "Dubai", "Shenzhen",
                                  "Damascus", "Minsk"};
    char id[32], name[128];
    int k = 0;
    for (size_t i = 0; i < 12; i++)
        for (size_t j = 0; j < 12; j++) {
            snprintf(id, sizeof id, "F%d", k++);
            snprintf(name, sizeof name, "%s, %s", last[j], first[i]);
            recb *b = recb_new(set, id);
            recb_set_kind(b, EMB_KIND_PERSON);
            recb_add_name(b, EMB_NAME_PRIMARY, 0, name, NULL, NULL, NULL);
            recb_finish(b);
            recb_free(b);
        }
    for (size_t p = 0; p < 6; p++)
        for (size_t i = 0; i < 8; i++)
            for (size_t j = 0; j < 6; j++) {
                snprintf(id, sizeof id, "F%d", k++);
                snprintf(name, sizeof name, "%s %s %s", place[p], w1[i],
                         w2[j]);
                recb *b = recb_new(set, id);
                recb_set_kind(b, EMB_KIND_ENTITY);
                recb_add_name(b, EMB_NAME_PRIMARY, 0, name, NULL, NULL, NULL);
                recb_finish(b);
                recb_free(b);
            }
}

static emb_recset *fx_set(const char *source, const fx_rec *recs, size_t n,
                          int filler)
{
    emb_recset *set = recset_new(source, "test");
    for (size_t i = 0; i < n; i++)
        fx_add(set, &recs[i]);
    if (filler)
        fx_filler(set);
    recset_seal(set);
    return set;
}

#define FX_N(a) (sizeof(a) / sizeof((a)[0]))

static emb_index *fx_index(void)
{
    emb_recset *sets[4];
    sets[0] = fx_set(EMB_SOURCE_OFAC_SDN, fx_sdn, FX_N(fx_sdn), 1);
    sets[1] = fx_set(EMB_SOURCE_OFAC_CONS, fx_cons, FX_N(fx_cons), 0);
    sets[2] = fx_set(EMB_SOURCE_CSL, fx_csl, FX_N(fx_csl), 0);
    sets[3] = fx_set(EMB_SOURCE_UN, fx_un, FX_N(fx_un), 0);
    emb_index *ix = NULL;
    emb_error err;
    if (emb_index_build(sets, 4, &ix, &err) != EMB_OK)
        return NULL;
    return ix;
}

/* The hit for (source, id) among hits, or NULL. */
__attribute__((unused)) static const emb_hit *fx_find(const emb_hit *h, size_t n, const char *source,
                              const char *id)
{
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < h[i].n_records; r++)
            if (!strcmp(h[i].records[r]->source, source) &&
                !strcmp(h[i].records[r]->source_id, id))
                return &h[i];
    return NULL;
}

/* Prints hits (for diagnosing a failing expectation). */
__attribute__((unused)) static void fx_dump(const char *q, const emb_hit *h, size_t n)
{
    fprintf(stderr, "query %s: %zu hits\n", q, n);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "  %.4f %s:%s %s\n", h[i].score, h[i].record->source,
                h[i].record->source_id,
                h[i].record->names[h[i].name_index].full);
}

/* The fixture index and (when scr is not NULL) a screener on it, for a
 * group setup; 0, or -1 when either cannot be made. */
__attribute__((unused)) static int fx_open(emb_index **ix, emb_screener **scr)
{
    *ix = fx_index();
    if (!*ix)
        return -1;
    return scr && emb_screener_open(*ix, scr) != EMB_OK ? -1 : 0;
}

__attribute__((unused)) static void fx_close(emb_index *ix, emb_screener *scr)
{
    emb_screener_close(scr);
    emb_index_close(ix);
}

#endif
