/*
 * fuzz_ofac_remarks.c - fuzz target for the OFAC remarks mini-grammar.
 *
 * The input, NUL-terminated, is applied to a builder of a throwaway record
 * set, which is then frozen and freed. The first byte picks the record's
 * kind (names are split differently for people).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lists/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    emb_recset *set = recset_new(EMB_SOURCE_OFAC_SDN, "fuzz");
    recb *b = set ? recb_new(set, "1") : NULL;
    if (b) {
        recb_set_kind(b, size && (data[0] & 1) ? EMB_KIND_PERSON
                                                : EMB_KIND_ENTITY);
        recb_add_name(b, EMB_NAME_PRIMARY, 0, "X", NULL, NULL, NULL);
        emb_error err;
        if (ofac_remarks_apply(b, text, &err, "fuzz", 1) != EMB_OK &&
            err.code != EMB_ERR_NOMEM)
            abort(); /* only running out of memory may fail */
        recb_finish(b);
    }
    recb_free(b);
    emb_recset_free(set);
    free(text);
    return 0;
}
