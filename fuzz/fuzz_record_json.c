/*
 * fuzz_record_json.c - libFuzzer target for the store's record reader
 * (record_json.c), which turns a stored record's JSON back into a record.
 * A damaged database must give an error naming the field, never a crash;
 * a record it accepts must write back to JSON and read again the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lists/model.h"
#include "store/record_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The reader insists that a record's source is its set's: try each. */
static const char *const sources[] = {
    EMB_SOURCE_OFAC_SDN, EMB_SOURCE_OFAC_CONS, EMB_SOURCE_CSL, EMB_SOURCE_UN,
    EMB_SOURCE_BIS_DPL};

static void one(const char *source, const uint8_t *data, size_t size)
{
    emb_recset *set = recset_new(source, "fuzz");
    if (!set)
        return;
    emb_error err;
    int rc = record_from_json(set, (const char *)data, size, &err);
    if (rc == EMB_OK) {
        if (emb_recset_count(set) != 1)
            abort();
        char *a = NULL, *b = NULL;
        if (emb_record_to_json(emb_recset_get(set, 0), 0, &a) != EMB_OK)
            abort();
        emb_recset *again = recset_new(source, "fuzz");
        if (!again || record_from_json(again, a, strlen(a), &err) != EMB_OK ||
            emb_record_to_json(emb_recset_get(again, 0), 0, &b) != EMB_OK ||
            strcmp(a, b) != 0)
            abort();
        emb_free(a);
        emb_free(b);
        emb_recset_free(again);
    } else if (rc != EMB_ERR_NOMEM && !err.message[0]) {
        abort();
    }
    emb_recset_free(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
        one(sources[i], data, size);
    return 0;
}
