/*
 * model.h - private side of the entity model: the arena that owns a record
 * set's memory, and the builder the parsers fill records through.
 *
 * A parser never allocates an emb_record itself. It opens a builder on the
 * set (recb_new), adds what it reads (every string is copied into the set's
 * arena), and recb_finish freezes the record into the set. Builders may stay
 * open side by side, which the OFAC CSV reader needs to join its four files
 * before any record is complete.
 */
#ifndef EMB_LISTS_MODEL_H
#define EMB_LISTS_MODEL_H

#include <stdarg.h>
#include <stddef.h>

#include "embargo.h"

/* ---- arena: bump allocator, freed all at once ------------------------- */
typedef struct arena arena;
arena *arena_new(void);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n); /* 8-byte aligned; NULL on OOM */
/* Copies s (len bytes, or strlen when len == (size_t)-1) NUL-terminated. */
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);

/* ---- record sets ------------------------------------------------------ */
emb_recset *recset_new(const char *source, const char *format);
arena *recset_arena(emb_recset *set);
void recset_set_published(emb_recset *set, emb_date d, int inferred);
/* Which revision of its reader made the set's records from its files (0
 * unless the reader says): the store reads unchanged files again when a
 * newer reader makes other records of them. */
void recset_set_reader_revision(emb_recset *set, int rev);
int recset_reader_revision(const emb_recset *set);
/* Records the file and its SHA-256 (computed here from the bytes). */
int recset_add_file(emb_recset *set, const char *path, const void *data,
                    size_t len);
int recset_add_file_hash(emb_recset *set, const char *path, const char *hex);
int recset_warn(emb_recset *set, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Sorts records by source_id (numeric ids numerically) and builds the
 * lookup used by emb_recset_find. Called once, when the set is complete. */
int recset_seal(emb_recset *set);
/* Order of source ids: numeric ids numerically and before any other id,
 * others by bytes. Records of a sealed set are in this order. */
int source_id_cmp(const char *a, const char *b);
/* When the set has no publication date, takes the newest date found in its
 * records that is not after `today` and marks it inferred. */
void recset_infer_published(emb_recset *set, emb_date today);

/* ---- record builder --------------------------------------------------- */
typedef struct recb recb;

/* Opens a builder for one record of `set`. NULL on OOM. */
recb *recb_new(emb_recset *set, const char *source_id);
/* Frees a builder that was not finished (or after finishing). */
void recb_free(recb *b);

typedef enum recb_field {
    RECB_LIST,
    RECB_GENDER,
    RECB_TITLE,
    RECB_REMARKS,
    RECB_VESSEL_CALL_SIGN,
    RECB_VESSEL_TYPE,
    RECB_VESSEL_TONNAGE,
    RECB_VESSEL_GRT,
    RECB_VESSEL_FLAG,
    RECB_VESSEL_OWNER
} recb_field;

typedef enum recb_date_field {
    RECB_CMIC_LISTING,
    RECB_CMIC_EFFECTIVE,
    RECB_CMIC_DIVESTMENT,
    RECB_LISTED_ON,
    RECB_ENDS_ON
} recb_date_field;

/* The record field of an NS-CMIC date label ("Listing Date (CMIC)",
 * "Effective Date (CMIC)", "Purchase/Sales For Divestment Date (CMIC)",
 * any case); 0 when label is not one. */
int cmic_date_label(const char *label, recb_date_field *f);

/* Every string argument may be NULL or empty, meaning "absent"; strings are
 * copied. All return EMB_OK or EMB_ERR_NOMEM. */
void recb_set_kind(recb *b, emb_kind k);
emb_kind recb_kind(const recb *b);
const char *recb_source_id(const recb *b);
int recb_set(recb *b, recb_field f, const char *s);
/* Appends text to a string field with no separator (remarks spill-over). */
int recb_append(recb *b, recb_field f, const char *s);
const char *recb_get(const recb *b, recb_field f);
void recb_set_date(recb *b, recb_date_field f, emb_date d);
/* Adds a name; an identical (full, type, weak, script) name is kept once.
 * The first PRIMARY name added becomes names[0]. */
int recb_add_name(recb *b, emb_name_type type, int weak, const char *full,
                  const char *given, const char *family, const char *script);
int recb_add_program(recb *b, const char *program);
/* Adds an address; text is built from the parts when a->text is NULL. An
 * address with every part empty is skipped. */
int recb_add_address(recb *b, const emb_address *a);
/* Adds an identifier; kind is classified from the label when
 * id->kind == EMB_ID_OTHER. Exact duplicates are kept once. */
int recb_add_ident(recb *b, const emb_ident *id);
/* Adds a date of birth. text is kept as given. */
int recb_add_birth(recb *b, const emb_period *p);
int recb_add_birthplace(recb *b, const char *s);
int recb_add_nationality(recb *b, const char *s);
int recb_add_citizenship(recb *b, const char *s);
int recb_add_relation(recb *b, const char *type, const char *target,
                      const char *target_id);
int recb_add_fact(recb *b, const char *key, const char *value);

/* Freezes the record into its set and resets the builder (which must still
 * be freed). A record with no name gets none added: the caller checks. */
int recb_finish(recb *b);
size_t recb_name_count(const recb *b);

/* ---- helpers shared by the parsers ------------------------------------ */
/* Classifies a source's identifier label ("Passport", "Tax ID No.",
 * "Digital Currency Address - XBT", ...). */
emb_id_kind ident_kind_from_label(const char *label);
/* Month from an English abbreviation or name ("Dec", "December"), 0 if not. */
int month_from_name(const char *s, size_t len);
/* Fills err; returns code. Any of file/field may be NULL. */
int emb_error_set(emb_error *err, int code, const char *file, long line,
                  const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Today's date (UTC). */
emb_date date_today(void);
/* Days from 1970-01-01 for a full date, and back. */
long date_to_days(emb_date d);
emb_date date_from_days(long days);
/* Compares two dates (missing month/day count as 0): <0, 0, >0. */
int date_cmp(emb_date a, emb_date b);

#endif
