/*
 * fuzz_screen.c - name screening on untrusted input.
 *
 * The first byte chooses the target: even, the rest is one query name,
 * screened through the candidate index and by the exhaustive scan (the two
 * must agree exactly) and scored pairwise; odd, the rest is a batch file
 * (CSV or NDJSON) screened on two threads. With bit 4 of the first byte
 * set, the lines of the query after its first are its identifiers. The
 * index is a handful of listed names, two with identifiers, an aircraft
 * by its registration marks, built once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embargo.h"
#include "lists/model.h"

static emb_index *ix;
static emb_screener *scr;

static void add(emb_recset *set, const char *id, emb_kind k, const char *a,
                const char *b, int weak_b, const emb_ident *ident)
{
    recb *r = recb_new(set, id);
    recb_set_kind(r, k);
    recb_add_name(r, EMB_NAME_PRIMARY, 0, a, NULL, NULL, NULL);
    if (b)
        recb_add_name(r, EMB_NAME_AKA, weak_b, b, NULL, NULL, NULL);
    emb_period p;
    if (k == EMB_KIND_PERSON && emb_period_parse("1952", &p) == EMB_OK)
        recb_add_birth(r, &p);
    recb_add_nationality(r, "Russia");
    if (ident)
        recb_add_ident(r, ident);
    recb_finish(r);
    recb_free(r);
}

static void init(void)
{
    emb_recset *set = recset_new(EMB_SOURCE_OFAC_SDN, "fuzz");
    add(set, "1", EMB_KIND_PERSON, "PUTIN, Vladimir Vladimirovich",
        "The Boss", 1, NULL);
    add(set, "2", EMB_KIND_ENTITY, "JSC ARGUMENT", "AO ARGUMENT", 0, NULL);
    add(set, "3", EMB_KIND_ENTITY, "HUAWEI TECHNOLOGIES CO., LTD.", NULL, 0,
        NULL);
    add(set, "4", EMB_KIND_PERSON, "AL-ZAWAHIRI, Ayman",
        "\xD0\x90\xD0\xB9\xD0\xBC\xD0\xB0\xD0\xBD", 0, NULL);
    add(set, "5", EMB_KIND_VESSEL, "OCEAN PEARL", NULL, 0,
        &(emb_ident){.kind = EMB_ID_IMO, .type = "Vessel Registration "
                     "Identification", .value = "IMO 9879727"});
    add(set, "6", EMB_KIND_PERSON, "KIM, Jong Un", "K J U", 0, NULL);
    add(set, "7", EMB_KIND_ENTITY, "BANK ROSSIYA", NULL, 0,
        &(emb_ident){.kind = EMB_ID_SWIFT_BIC, .type = "SWIFT/BIC",
                     .value = "ROSYRU2P"});
    /* registration marks; words of few consonants for Arabic script */
    add(set, "8", EMB_KIND_AIRCRAFT, "M-VITO", "EP-GOM", 0, NULL);
    add(set, "9", EMB_KIND_PERSON, "FAZL RABI", "MOHAMMAD ALI AL HABBO", 0,
        NULL);
    /* a record of no stated kind (scored as the query's); a legal form a
     * person's query reads as a word */
    add(set, "10", EMB_KIND_UNKNOWN, "DAVID L. MARICOLA", "LIA SA", 0, NULL);
    /* pinyin names a query in Wade-Giles reads (Teng Hsiao-ping) */
    add(set, "11", EMB_KIND_PERSON, "DENG, Xiaoping", "XU, Wei", 0, NULL);
    recset_seal(set);
    emb_recset *sets[1] = {set};
    if (emb_index_build(sets, 1, &ix, NULL) != EMB_OK ||
        emb_screener_open(ix, &scr) != EMB_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ix)
        init();
    if (size < 1)
        return 0;
    if (data[0] % 2 == 0) {
        size_t n = size - 1 > 4096 ? 4096 : size - 1;
        char *name = malloc(n + 1);
        memcpy(name, data + 1, n);
        name[n] = '\0';
        /* the lines after the first: identifiers */
        const char *ids[EMB_QUERY_MAX_IDENTS + 1];
        size_t n_ids = 0;
        for (char *nl = strchr(name, '\n'); data[0] & 16 && nl &&
                                             n_ids <= EMB_QUERY_MAX_IDENTS;
             nl = strchr(nl + 1, '\n')) {
            *nl = '\0';
            ids[n_ids++] = nl + 1;
        }
        emb_query q = {.name = name, .threshold = (data[0] % 10) / 10.0,
                       .max_hits = 1 + data[0] % 7,
                       .kind = (emb_kind)(data[0] % 5),
                       .country = data[0] & 4 ? "RU" : NULL,
                       .dob = data[0] & 8 ? "1952-10-07" : NULL,
                       .idents = ids, .n_idents = n_ids};
        const emb_hit *h;
        size_t nh = 0;
        int rc = emb_screen(scr, &q, &h, &nh);
        const emb_record *rec[EMB_SCREEN_MAX_HITS];
        double sc[EMB_SCREEN_MAX_HITS];
        for (size_t i = 0; i < nh; i++) {
            rec[i] = h[i].record;
            sc[i] = h[i].score;
            /* a party holding a query identifier scores 1; one holding
             * another of its kind loses 0.2 */
            for (size_t k = 0; k < h[i].explanation.n_evidence; k++) {
                const emb_evidence *ev = &h[i].explanation.evidence[k];
                if (ev->field == EMB_EVIDENCE_IDENT && ev->agrees > 0 &&
                    h[i].score != 1.0)
                    abort();
                if (ev->field == EMB_EVIDENCE_IDENT && ev->agrees < 0 &&
                    ev->effect >= 0)
                    abort();
            }
            char *js = NULL;
            if (emb_hit_to_json(scr, &h[i], &js) != EMB_OK)
                abort();
            free(js);
        }
        q.exhaustive = 1;
        size_t ne = 0;
        int re = emb_screen(scr, &q, &h, &ne);
        if (re != rc || ne != nh)
            abort();
        for (size_t i = 0; i < ne; i++)
            if (h[i].record != rec[i] || h[i].score != sc[i])
                abort();
        double s;
        emb_name_score(scr, name, "Vladimir Putin", EMB_KIND_PERSON, &s);
        if (s < 0 || s > 1)
            abort();
        free(name);
        return 0;
    }
    FILE *in = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "r");
    if (!in)
        return 0;
    char *out = NULL;
    size_t len = 0;
    FILE *of = open_memstream(&out, &len);
    emb_batch_opts o = {.threshold = 0.5, .threads = 2, .explain = 1};
    emb_screen_batch(ix, in, of, &o, NULL, NULL);
    fclose(in);
    fclose(of);
    free(out);
    return 0;
}
