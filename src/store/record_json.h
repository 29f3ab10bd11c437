/*
 * record_json.h - private side of the record JSON format: reading a
 * record back from the JSON that emb_record_to_json writes.
 *
 * The store keeps every record as its compact JSON, so this pair is the
 * store's serialisation: record_from_json(emb_record_to_json(r)) rebuilds r
 * field for field, and writing the rebuilt record gives the same bytes.
 */
#ifndef EMB_STORE_RECORD_JSON_H
#define EMB_STORE_RECORD_JSON_H

#include <stddef.h>

#include "embargo.h"

/* Top-level keys of a record's JSON object, in the order they are written.
 * RECORD_JSON_KEY_COUNT entries. Static storage. */
#define RECORD_JSON_KEY_COUNT 21
extern const char *const record_json_keys[RECORD_JSON_KEY_COUNT];

/* Parses one record object (json[0..len)) and adds it to `set` through the
 * record builder. The object's "source" must equal the set's source.
 * Returns EMB_OK, EMB_ERR_PARSE (err names the field at fault) or
 * EMB_ERR_NOMEM. The set is not sealed here. */
int record_from_json(emb_recset *set, const char *json, size_t len,
                     emb_error *err);

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (as emb_date_format writes);
 * "" is the empty date. Returns 0 on success, -1 if malformed. */
int record_json_parse_date(const char *s, emb_date *d);

#endif
