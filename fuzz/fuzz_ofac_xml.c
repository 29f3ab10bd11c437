/*
 * fuzz_ofac_xml.c - feeds arbitrary bytes to the OFAC sdnList XML reader.
 * Any outcome but a crash, a leak or a sanitizer report is a pass.
 */
#include <stddef.h>
#include <stdint.h>

#include "lists/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lists_file f = {"fuzz.xml", (const char *)data, size};
    emb_recset *set = NULL;
    emb_error err;
    if (ofac_xml_read(&f, EMB_SOURCE_OFAC_SDN, &set, &err) == EMB_OK)
        emb_recset_free(set);
    return 0;
}
