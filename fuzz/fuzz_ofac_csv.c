/*
 * fuzz_ofac_csv.c - fuzz target for the OFAC legacy CSV reader.
 *
 * The input is split on the byte 0x1E (ASCII record separator, which no
 * OFAC file contains) into up to four files: primary, addresses, aliases,
 * comments. Without a separator the whole input is the primary file. Each
 * part is copied into its own allocation so that reads past a part's end
 * are caught by the sanitizers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lists/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *part[4] = {NULL, NULL, NULL, NULL};
    size_t len[4] = {0, 0, 0, 0};
    size_t start = 0;
    int n = 0;
    for (size_t i = 0; i <= size && n < 4; i++) {
        if (i == size || (data[i] == 0x1E && n < 3)) {
            len[n] = i - start;
            part[n] = malloc(len[n] ? len[n] : 1);
            if (!part[n])
                goto out;
            if (len[n])
                memcpy(part[n], data + start, len[n]);
            n++;
            start = i + 1;
        }
    }
    ofac_csv_files f;
    memset(&f, 0, sizeof f);
    f.sdn = 1;
    lists_file *lf[4] = {&f.prim, &f.add, &f.alt, &f.comments};
    static const char *const names[4] = {"sdn.csv", "add.csv", "alt.csv",
                                         "sdn_comments.csv"};
    for (int i = 0; i < n; i++) {
        lf[i]->path = names[i];
        lf[i]->data = part[i];
        lf[i]->len = len[i];
    }
    emb_recset *set = NULL;
    emb_error err;
    if (ofac_csv_read(&f, &set, &err) == EMB_OK) {
        /* Touch every record so that bad pointers show up. */
        for (size_t i = 0; i < emb_recset_count(set); i++) {
            const emb_record *r = emb_recset_get(set, i);
            size_t sum = strlen(r->source_id) + strlen(r->names[0].full);
            if (r->remarks)
                sum += strlen(r->remarks);
            for (size_t k = 0; k < r->n_idents; k++)
                sum += strlen(r->idents[k].value);
            if (sum == (size_t)-1)
                abort();
        }
        if (set && emb_recset_count(set) == 0)
            abort(); /* success means at least one record */
    } else if (set) {
        abort(); /* failure must hand nothing back */
    }
    emb_recset_free(set);
out:
    for (int i = 0; i < 4; i++)
        free(part[i]);
    return 0;
}
