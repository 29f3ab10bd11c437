/*
 * fuzz_bis_dpl.c - libFuzzer target for the BIS Denied Persons List reader
 * (bis_dpl.c).
 * Any input must either give a record set or an error naming the file;
 * never a crash, a leak or an error code without a message.
 */
#include <stdint.h>
#include <stdlib.h>

#include "lists/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lists_file f = {"dpl.txt", (const char *)data, size};
    emb_recset *set = NULL;
    emb_error err;
    int rc = bis_dpl_read(&f, &set, &err);
    if (rc == EMB_OK) {
        /* Touch every record so that bad pointers show up. */
        size_t n = emb_recset_count(set), names = 0;
        for (size_t i = 0; i < n; i++) {
            const emb_record *r = emb_recset_get(set, i);
            names += r->n_names;
            if (emb_recset_find(set, r->source_id) == NULL)
                abort();
        }
        if (n == 0 || names < n)
            abort();
        emb_recset_free(set);
    } else if (set != NULL || err.code != rc || !err.message[0]) {
        abort();
    }
    return 0;
}
