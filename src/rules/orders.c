/*
 * orders.c - an orders file in, NDJSON decisions out (emb_decide_orders).
 *
 * The file is read whole and decided row by row, in order; a row whose
 * fields cannot be read still gets its decision line (review,
 * INPUT_INVALID) plus a "path:line: ..." line on the error stream, so that
 * one bad row never stops a run and every input row has an answer. Only a
 * missing required column refuses the file.
 */
#include "rules/rowfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_ID, O_TIME, O_SIDE, O_SECURITY, O_USP, O_PURPOSE, O_LICENSE, O_CP,
       O_COLS };

static const char *const order_cols[O_COLS] = {
    "id", "time", "side", "security", "us_person", "purpose", "license",
    "counterparty_us_person"};

int emb_decide_orders(const emb_rules *r, const char *path, const char *data,
                      size_t len, FILE *out, FILE *row_errors,
                      emb_orders_stats *stats, emb_error *err)
{
    if (!r || !out)
        return EMB_ERR_USAGE;
    emb_orders_stats st = {0};
    char *owned;
    if (!path)
        path = "orders";
    int rc = rules_file_bytes(path, &data, &len, &owned, err);
    if (rc != EMB_OK)
        return rc;
    csv_reader cr;
    csv_init(&cr, path, data, len, ',');
    int col[O_COLS];
    rc = rules_header(&cr, order_cols, O_COLS, col, err);
    if (rc == EMB_OK) {
        char missing[128] = "";
        for (int i = 0; i <= O_USP; i++)
            if (col[i] < 0) {
                strcat(missing, missing[0] ? ", " : "");
                strcat(missing, order_cols[i]);
            }
        if (missing[0])
            rc = emb_error_set(err, EMB_ERR_FORMAT, path, 1, missing,
                               "the header lacks required column(s) %s "
                               "(expected id,time,side,security,us_person"
                               "[,purpose,license])", missing);
    }
    sbuf line = {0};
    while (rc == EMB_OK) {
        int t = csv_next(&cr, err);
        if (t == CSV_EOF)
            break;
        if (t == CSV_TRUNCATED) {
            if (row_errors)
                fprintf(row_errors,
                        "%s:%ld: the file ends inside a quoted field; the "
                        "last row was not decided\n", path, cr.line);
            break;
        }
        if (t == CSV_ERROR) {
            rc = err ? err->code : EMB_ERR_PARSE;
            break;
        }
        emb_order o;
        o.id = rules_cell(&cr, col[O_ID]);
        o.time = rules_cell(&cr, col[O_TIME]);
        o.side = rules_cell(&cr, col[O_SIDE]);
        o.security = rules_cell(&cr, col[O_SECURITY]);
        o.us_person = rules_cell(&cr, col[O_USP]);
        o.purpose = rules_cell(&cr, col[O_PURPOSE]);
        o.license = rules_cell(&cr, col[O_LICENSE]);
        o.counterparty_us_person = rules_cell(&cr, col[O_CP]);
        emb_decision *d;
        rc = emb_decide(r, &o, &d);
        if (rc != EMB_OK)
            break;
        st.rows++;
        if (d->verdict == EMB_ALLOW)
            st.allow++;
        else if (d->verdict == EMB_REVIEW)
            st.review++;
        else
            st.reject++;
        if (d->input_error) {
            st.input_errors++;
            if (row_errors)
                for (size_t i = 0; i < d->n_reasons; i++)
                    if (!strcmp(d->reasons[i].code, "INPUT_INVALID"))
                        fprintf(row_errors, "%s:%ld: order '%s': %s\n", path,
                                cr.line, o.id ? o.id : "", d->reasons[i].text);
        }
        line.len = 0;
        decision_json(&line, d);
        sb_put(&line, "\n", 1);
        emb_decision_free(d);
        if (line.oom) {
            rc = EMB_ERR_NOMEM;
            break;
        }
        if (fwrite(line.s, 1, line.len, out) != line.len) {
            rc = emb_error_set(err, EMB_ERR_IO, NULL, 0, NULL,
                               "cannot write the decisions");
            break;
        }
    }
    free(line.s);
    csv_free(&cr);
    free(owned);
    if (stats)
        *stats = st;
    return rc;
}
