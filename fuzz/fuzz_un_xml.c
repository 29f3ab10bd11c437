/*
 * fuzz_un_xml.c - feeds arbitrary bytes to the UN consolidated list reader.
 * A successful read is walked end to end so that every string the reader
 * produced is touched (ASan catches dangling or unterminated ones).
 */
#include <stdint.h>
#include <string.h>

#include "lists/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lists_file f = {"fuzz.xml", (const char *)data, size};
    emb_recset *set = NULL;
    emb_error err;
    if (un_xml_read(&f, &set, &err) != EMB_OK)
        return 0;
    size_t sum = 0;
    for (size_t i = 0; i < emb_recset_count(set); i++) {
        const emb_record *r = emb_recset_get(set, i);
        sum += touch(r->source_id) + touch(r->list) + touch(r->title) +
               touch(r->remarks) + touch(r->gender);
        for (size_t j = 0; j < r->n_names; j++)
            sum += touch(r->names[j].full) + touch(r->names[j].script);
        for (size_t j = 0; j < r->n_births; j++)
            sum += touch(r->births[j].text);
        for (size_t j = 0; j < r->n_idents; j++)
            sum += touch(r->idents[j].type) + touch(r->idents[j].value) +
                   touch(r->idents[j].note);
        for (size_t j = 0; j < r->n_addresses; j++)
            sum += touch(r->addresses[j].text);
        for (size_t j = 0; j < r->n_facts; j++)
            sum += touch(r->facts[j].key) + touch(r->facts[j].value);
        for (size_t j = 0; j < r->n_birthplaces; j++)
            sum += touch(r->birthplaces[j]);
        for (size_t j = 0; j < r->n_nationalities; j++)
            sum += touch(r->nationalities[j]);
        if (emb_recset_find(set, r->source_id) == NULL)
            __builtin_trap();
    }
    for (size_t i = 0; i < emb_recset_warning_count(set); i++)
        sum += touch(emb_recset_warning(set, i));
    emb_recset_free(set);
    return sum == (size_t)-1;
}
