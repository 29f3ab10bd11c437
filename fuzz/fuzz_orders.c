/*
 * fuzz_orders.c - the user's files of the rules engine on arbitrary
 * bytes: the input is decided as an orders file, loaded as a security
 * master and as fund holdings (then the securities it names are looked
 * up, so that arbitrary chains, loops and self-holdings are walked), and
 * read as a portfolio for the holdings report in every format. Nothing
 * may crash, leak or read out of bounds, whatever the bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embargo.h"
#include "lists/model.h"

static emb_recset *listed(void)
{
    static emb_recset *set;
    if (set)
        return set;
    set = recset_new(EMB_SOURCE_OFAC_CONS, "ofac_csv");
    recb *b = recb_new(set, "30946");
    recb_set_kind(b, EMB_KIND_ENTITY);
    recb_add_name(b, EMB_NAME_PRIMARY, 0,
                  "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.", NULL,
                  NULL, NULL);
    recb_add_program(b, "CMIC-EO13959");
    emb_ident isin = {.kind = EMB_ID_ISIN, .type = "ISIN",
                      .value = "CNE100000PM8"};
    emb_ident tick = {.kind = EMB_ID_TICKER, .type = "Equity Ticker",
                      .value = "002415 CN"};
    recb_add_ident(b, &isin);
    recb_add_ident(b, &tick);
    recb_set_date(b, RECB_CMIC_LISTING, (emb_date){2021, 6, 3});
    recb_finish(b);
    recb_free(b);
    recset_seal(set);
    return set;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    emb_rules *r;
    if (emb_rules_new(&r) != EMB_OK)
        return 0;
    emb_rules_add_list(r, listed(), NULL, (emb_date){2025, 12, 1});
    FILE *sink = fopen("/dev/null", "w");
    emb_error err;

    /* As a security master and as holdings of the same rules. */
    emb_rules_load_secmaster(r, "fuzz", text, size, &err);
    emb_rules_load_holdings(r, "fuzz", text, size, &err);

    /* Look up every comma-separated token of the first lines. */
    char tok[300];
    size_t n = 0, looked = 0;
    for (size_t i = 0; i <= size && looked < 64; i++) {
        if (i == size || data[i] == ',' || data[i] == '\n' || n + 1 >= sizeof tok) {
            tok[n] = '\0';
            if (n && !memchr(tok, 0, n)) {
                emb_security *s;
                if (emb_security_lookup(r, tok, EMB_RULES_NEWEST, &s) ==
                    EMB_OK) {
                    char *j;
                    if (emb_security_to_json(s, &j) == EMB_OK)
                        emb_free(j);
                    emb_security_free(s);
                }
                looked++;
            }
            n = 0;
        } else {
            tok[n++] = data[i] ? (char)data[i] : ' ';
        }
    }

    /* As orders. */
    if (sink)
        emb_decide_orders(r, "fuzz", text, size, sink, sink, NULL, &err);

    /* As a portfolio. */
    emb_report *rep;
    if (emb_holdings_report(r, "fuzz", text, size, (emb_date){2022, 3, 1},
                            &rep, &err) == EMB_OK) {
        if (sink) {
            emb_report_write(rep, EMB_REPORT_CSV, sink);
            emb_report_write(rep, EMB_REPORT_JSON, sink);
            emb_report_write(rep, EMB_REPORT_HTML, sink);
        }
        emb_report_free(rep);
    }
    if (sink)
        fclose(sink);
    emb_rules_free(r);
    return 0;
}
