/*
 * readers.h - the list readers, one per official format, and what they
 * share. Each reader takes whole files already in memory (the largest
 * official file is a few MB) and produces one sealed emb_recset, or fails
 * with an emb_error naming file, line and field and produces nothing.
 *
 * Readers must not print, must not keep pointers into the input after they
 * return, and must treat every byte of the input as untrusted: they are
 * fuzzed (fuzz/fuzz_<reader>.c).
 */
#ifndef EMB_LISTS_READERS_H
#define EMB_LISTS_READERS_H

#include <stddef.h>
#include <stdint.h>

#include "embargo.h"
#include "lists/model.h"

/* Largest single input file accepted (EMB_ERR_LIMIT beyond). */
#define LISTS_MAX_FILE_BYTES ((size_t)512 * 1024 * 1024)

typedef struct lists_file {
    const char *path; /* for messages and the version record */
    const char *data;
    size_t len;
} lists_file;

/* The files of one OFAC legacy CSV publication. prim is required; the
 * others may have data == NULL. sdn: 1 for the SDN list (sdn.csv, ...),
 * 0 for the Non-SDN consolidated list (cons_prim.csv, ...). */
typedef struct ofac_csv_files {
    int sdn;
    lists_file prim, add, alt, comments;
} ofac_csv_files;

int ofac_csv_read(const ofac_csv_files *files, emb_recset **out,
                  emb_error *err);
/* OFAC sdnList XML (sdn.xml / consolidated.xml). source is
 * EMB_SOURCE_OFAC_SDN or EMB_SOURCE_OFAC_CONS. */
/* Checks a reader's arguments: EMB_ERR_USAGE when f or out is missing or
 * f has a length but no data, EMB_ERR_LIMIT when the file is larger than
 * LISTS_MAX_FILE_BYTES; EMB_OK otherwise. who names the reader. */
int lists_file_check(const lists_file *f, emb_recset **out, const char *who,
                     emb_error *err);

int ofac_xml_read(const lists_file *f, const char *source, emb_recset **out,
                  emb_error *err);
/* OFAC advanced XML (sdn_advanced.xml / cons_advanced.xml). */
int ofac_adv_read(const lists_file *f, const char *source, emb_recset **out,
                  emb_error *err);
/* UN Security Council consolidated list XML. */
int un_xml_read(const lists_file *f, emb_recset **out, emb_error *err);
/* trade.gov Consolidated Screening List CSV. */
int csl_read(const lists_file *f, emb_recset **out, emb_error *err);
/* BIS Denied Persons List (dpl.txt, tab-separated). */
int bis_dpl_read(const lists_file *f, emb_recset **out, emb_error *err);

/* Parses an OFAC remarks text ("DOB 10 Dec 1948; nationality Iran; ...")
 * into the builder's fields: dates of birth, places of birth,
 * nationalities, identifiers, weak aliases, Linked To, NS-CMIC dates,
 * gender, and facts for other keyed items. Also used for the leftover
 * remarks of the XML formats. path/line locate the record for messages. */
int ofac_remarks_apply(recb *b, const char *remarks, emb_error *err,
                       const char *path, long line);

/* 1 when s[0..len) is valid UTF-8. */
int utf8_valid(const char *s, size_t len);
/* Copies s[0..len) into the arena as UTF-8, reading it as Latin-1 when it
 * is not valid UTF-8. */
char *utf8_or_latin1_dup(arena *a, const char *s, size_t len);

/* ---- CSV tokenizer (RFC 4180, any one-byte delimiter) ---------------- */
typedef struct csv_reader {
    const char *path;
    const char *data;
    size_t len, pos;
    char delim;
    long line;      /* line where the current record starts (1-based) */
    long next_line; /* line where the next record starts */
    /* Current record: fields are NUL-terminated inside buf. */
    char *buf;
    size_t buf_len, buf_cap;
    size_t *offs;
    unsigned char *quoted;
    size_t n_fields, cap_fields;
} csv_reader;

enum { CSV_RECORD = 1, CSV_EOF = 0, CSV_TRUNCATED = -1, CSV_ERROR = -2 };

/* Prepares to read data; strips a final 0x1A (DOS end-of-file) byte. */
void csv_init(csv_reader *r, const char *path, const char *data, size_t len,
              char delim);
/* Reads the next record. CSV_RECORD, CSV_EOF, CSV_TRUNCATED (input ended
 * inside a quoted field: the partial record is discarded) or CSV_ERROR
 * (err filled: NUL byte, record too long). Accepts CRLF and LF; blank
 * lines are skipped. */
int csv_next(csv_reader *r, emb_error *err);
const char *csv_field(const csv_reader *r, size_t i); /* "" past the end */
int csv_field_quoted(const csv_reader *r, size_t i);
void csv_free(csv_reader *r);

/* Maps header names (case-insensitive, trimmed, UTF-8 BOM stripped) of the
 * current record of r to columns: col[k] = the field index of names[k], or
 * -1. A name given twice, or a missing required name (required[k] != 0), is
 * EMB_ERR_PARSE naming the column; `what` names the expected format in the
 * message ("a BIS Denied Persons List dpl.txt"). */
int csv_map_header(csv_reader *r, const char *const *names, size_t n,
                   const unsigned char *required, long *col, const char *what,
                   emb_error *err);

/* The reading loop of a CSV file with a header row, shared by the CSL and
 * DPL readers: reads the header and calls header(ctx), then row(ctx) for
 * every data row except repeats of the header (is_header_again(ctx) may be
 * NULL). A final record cut off inside a quoted field is dropped with a
 * warning on set. A file with no header or no data row is EMB_ERR_PARSE.
 * Returns EMB_OK or the first error (err filled). */
typedef struct csv_headed_ops {
    int (*header)(void *ctx);
    int (*is_header_again)(void *ctx);
    int (*row)(void *ctx);
} csv_headed_ops;
int csv_read_headed(csv_reader *r, emb_recset *set, const csv_headed_ops *ops,
                    void *ctx, emb_error *err);

/* ---- ids for sources without (unique) ids of their own ---------------- */
#define FNV1A_OFFSET 0xcbf29ce484222325ULL
#define FNV1A_PRIME 0x100000001b3ULL
uint64_t fnv1a(const char *s);

typedef struct id_slot {
    char *id;
    unsigned long next; /* next "-k" suffix to try */
} id_slot;

typedef struct idset {
    id_slot *slots; /* open addressing, cap a power of two */
    size_t cap, n;
} idset;

/* Returns base, or base + "-2", "-3"... when taken, and records it as
 * taken. The string belongs to the set. NULL on OOM. */
const char *idset_unique(idset *set, const char *base);
int idset_has(const idset *set, const char *id);
void idset_free(idset *set);

/* Trims ASCII white space in place; returns s. */
char *str_trim(char *s);

/* ---- name fields that hold more than a name (names.c) ---------------- */
typedef struct name_field {
    char *buf;         /* holds the strings below; free() it */
    const char *name;  /* the name itself */
    const char *other; /* another name the field gives, or NULL */
    emb_name_type type; /* other's type: EMB_NAME_AKA, _FKA or _NKA */
    const char *scope; /* the listing's scope the field gives, or NULL */
} name_field;

/* Reads a name field that may hold the listing's scope ("X; and any
 * successor, sub-unit, or subsidiary thereof") or another name ("X
 * (f.k.a., Y)", "X, a.k.a. Y", "X [aka Y]", "X A/K/A Y", "X D/B/A Y",
 * "PEARL (A.K.A. NEI-CHIEN CHU) LI"). When it does, out->buf is set and
 * holds the parts; when the field is a name alone, out->buf is NULL.
 * EMB_ERR_NOMEM on OOM. */
int name_field_split(const char *field, name_field *out);

#endif
