/*
 * embargo.h - the whole public API of the embargo screening engine.
 *
 * Anything not declared here is private to the library and may change
 * without notice. The `embargo` command-line tool and the HTTP service are
 * written against this header only.
 *
 * Conventions
 *  - Every exported name starts with emb_ / EMB_.
 *  - Functions that can fail return an emb_status (EMB_OK == 0) and hand
 *    results back through out-parameters. emb_strerror() names a code;
 *    handles keep a message for people (emb_db_errmsg()); parsers fill an
 *    emb_error with the file, line and field at fault.
 *  - Ownership is written next to each prototype. Every *_free / *_close
 *    function accepts NULL and does nothing.
 *  - The library never prints, exits or aborts on bad input.
 *
 * Thread safety
 *  - Record sets (emb_recset) are immutable once returned and may be read
 *    from any number of threads at once.
 *  - An emb_db handle must be used by one thread at a time; open one handle
 *    per thread to work in parallel (SQLite WAL lets readers run alongside
 *    one writer).
 */
#ifndef EMBARGO_H
#define EMBARGO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define EMB_EXPORT __attribute__((visibility("default")))
#else
#define EMB_EXPORT
#endif

#define EMB_VERSION "0.1.0"

/* ------------------------------------------------------------------------
 * Status codes. New codes are appended; existing values never change.
 * ---------------------------------------------------------------------- */
typedef enum emb_status {
    EMB_OK = 0,
    EMB_ERR_USAGE = 1,       /* a caller passed an invalid argument */
    EMB_ERR_NOMEM = 2,       /* out of memory */
    EMB_ERR_IO = 3,          /* a file could not be opened, read or written */
    EMB_ERR_PARSE = 4,       /* input is malformed (see emb_error) */
    EMB_ERR_FORMAT = 5,      /* a file's format is not one embargo reads */
    EMB_ERR_DB = 6,          /* the database failed or is not an embargo db */
    EMB_ERR_NOTFOUND = 7,    /* no such source, version or record */
    EMB_ERR_LIMIT = 8,       /* an input exceeds a documented limit */
    EMB_ERR_INTERRUPTED = 9, /* the operation was cancelled */
    EMB_ERR_INVALID = 10     /* a value failed validation (e.g. check digit) */
} emb_status;

/* Short English description of a status code. Static storage; never NULL. */
EMB_EXPORT const char *emb_strerror(int code);

/* Where and why an input was rejected. Filled by the parsers and the import
 * functions; every member is empty/0 when it does not apply. */
typedef struct emb_error {
    int code;           /* an emb_status */
    char file[512];     /* path of the offending file */
    long line;          /* 1-based line, 0 when unknown */
    long column;        /* 1-based column (byte), 0 when unknown */
    char field[96];     /* column or element name at fault */
    char message[512];  /* what is wrong, for people */
} emb_error;

/* Formats an error as "file:line:column: field 'f': message" into buf
 * (always NUL-terminated, truncated to n). Returns buf. */
EMB_EXPORT char *emb_error_format(const emb_error *err, char *buf, size_t n);

/* Frees memory that the library handed out as a plain char * or array
 * (documented at each function). NULL is a no-op. */
EMB_EXPORT void emb_free(void *p);

/* ------------------------------------------------------------------------
 * Entity model
 *
 * A record is one listed party as one source publishes it. Its identity is
 * (source, source_id): OFAC SDN and Non-SDN share one number space, so the
 * source key is always part of the identity. All strings are UTF-8 and
 * NUL-terminated; optional strings are NULL when the source does not give
 * them. Records live inside an emb_recset and are valid until it is freed.
 * ---------------------------------------------------------------------- */

/* Source keys. */
#define EMB_SOURCE_OFAC_SDN "us_ofac_sdn"
#define EMB_SOURCE_OFAC_CONS "us_ofac_cons"
#define EMB_SOURCE_CSL "us_csl"
#define EMB_SOURCE_UN "un_sc"
#define EMB_SOURCE_BIS_DPL "us_bis_dpl"

typedef enum emb_kind {
    EMB_KIND_UNKNOWN = 0,
    EMB_KIND_PERSON = 1,
    EMB_KIND_ENTITY = 2,
    EMB_KIND_VESSEL = 3,
    EMB_KIND_AIRCRAFT = 4
} emb_kind;

/* "person", "entity", "vessel", "aircraft" or "unknown". */
EMB_EXPORT const char *emb_kind_name(emb_kind k);
/* Inverse of emb_kind_name (also accepts "individual", "organization");
 * EMB_KIND_UNKNOWN for anything else. */
EMB_EXPORT emb_kind emb_kind_parse(const char *s);

typedef enum emb_name_type {
    EMB_NAME_PRIMARY = 0,
    EMB_NAME_AKA = 1, /* also known as */
    EMB_NAME_FKA = 2, /* formerly known as */
    EMB_NAME_NKA = 3  /* now known as */
} emb_name_type;

typedef struct emb_name {
    const char *full;   /* as the source writes it ("PUTIN, Vladimir") */
    const char *given;  /* given names where the source splits them */
    const char *family; /* family name where the source splits them */
    const char *script; /* NULL for Latin; "original" for a name in its
                           original script (UN NAME_ORIGINAL_SCRIPT) */
    emb_name_type type;
    int weak;           /* 1: a weak alias (nickname, low quality); OFAC
                           expects these to match only exactly */
} emb_name;

/* A calendar date; month and day are 0 when the source does not give
 * them, year is 0 when there is no date at all. */
typedef struct emb_date {
    int year;
    int month;
    int day;
} emb_date;

/* A date as published, with its precision and range: "10 Dec 1948" is
 * from == to; "1961 to 1962" and "circa 1951" are ranges (circa sets the
 * flag and keeps the stated year in from and to). */
typedef struct emb_period {
    emb_date from;
    emb_date to;
    int circa;
    const char *text; /* the source's own text */
} emb_period;

/* Broad class of an identifier, derived from the source's label. */
typedef enum emb_id_kind {
    EMB_ID_OTHER = 0,
    EMB_ID_PASSPORT,
    EMB_ID_NATIONAL_ID,
    EMB_ID_TAX_ID,
    EMB_ID_REGISTRATION, /* company / registration numbers, USCC, OGRN... */
    EMB_ID_USCC,
    EMB_ID_ISIN,
    EMB_ID_TICKER,       /* "Equity Ticker 0728 HK" */
    EMB_ID_ISSUER_NAME,  /* "Issuer Name" of an NS-CMIC record */
    EMB_ID_LEI,
    EMB_ID_SWIFT_BIC,
    EMB_ID_IMO,          /* vessel IMO number */
    EMB_ID_MMSI,
    EMB_ID_AIRCRAFT,     /* MSN, tail number */
    EMB_ID_CRYPTO,       /* "Digital Currency Address - XBT" */
    EMB_ID_WEBSITE,
    EMB_ID_EMAIL,
    EMB_ID_PHONE,
    EMB_ID_DRIVER_LICENSE,
    EMB_ID_KIND_COUNT
} emb_id_kind;

EMB_EXPORT const char *emb_id_kind_name(emb_id_kind k);

typedef struct emb_ident {
    emb_id_kind kind;
    const char *type;    /* the source's label ("Passport",
                            "Unified Social Credit Code (USCC)") */
    const char *value;
    const char *country; /* issuing / registering country as written */
    const char *issued;  /* issue date text */
    const char *expires; /* expiry date text */
    const char *note;
} emb_ident;

typedef struct emb_address {
    const char *street;
    const char *city;
    const char *state;
    const char *postal;
    const char *country; /* as written: a name ("China") or ISO-2 ("CN") */
    const char *text;    /* the whole address as one line */
} emb_address;

typedef struct emb_relation {
    const char *type;      /* "Linked To" */
    const char *target;    /* the related party's name */
    const char *target_id; /* its source_id where the source gives it */
} emb_relation;

/* Any published item that has no field of its own ("Secondary sanctions
 * risk", "Organization Type", "Target Type", a CSL licence policy...). */
typedef struct emb_fact {
    const char *key;
    const char *value;
} emb_fact;

typedef struct emb_vessel {
    const char *call_sign;
    const char *type;
    const char *tonnage;
    const char *grt;
    const char *flag;
    const char *owner;
} emb_vessel;

typedef struct emb_record {
    const char *source;    /* EMB_SOURCE_* */
    const char *source_id; /* OFAC ent_num, CSL _id, UN reference number */
    emb_kind kind;
    const char *list;      /* sub-list within the source where it has them:
                              CSL "EL", "DPL", "SDN"...; UN list type */

    const emb_name *names; /* names[0] is the primary name */
    size_t n_names;
    const char *const *programs;
    size_t n_programs;
    const emb_address *addresses;
    size_t n_addresses;
    const emb_ident *idents;
    size_t n_idents;
    const emb_period *births; /* dates of birth */
    size_t n_births;
    const char *const *birthplaces;
    size_t n_birthplaces;
    const char *const *nationalities;
    size_t n_nationalities;
    const char *const *citizenships;
    size_t n_citizenships;
    const emb_relation *relations;
    size_t n_relations;
    const emb_fact *facts;
    size_t n_facts;

    const char *gender;
    const char *title;
    const char *remarks; /* full remarks text (OFAC spill-over rejoined) */
    emb_vessel vessel;

    /* NS-CMIC dates as published; year == 0 when absent. */
    emb_date cmic_listing;
    emb_date cmic_effective;
    emb_date cmic_divestment;

    emb_date listed_on; /* designation / start date where the source has it */
    emb_date ends_on;   /* end / expiry date where the source has it */
} emb_record;

/* ------------------------------------------------------------------------
 * Record sets: the records of one source as read from one publication.
 * ---------------------------------------------------------------------- */
typedef struct emb_recset emb_recset;

EMB_EXPORT size_t emb_recset_count(const emb_recset *set);
/* The i-th record (0 <= i < count), or NULL. Valid until the set is freed. */
EMB_EXPORT const emb_record *emb_recset_get(const emb_recset *set, size_t i);
/* The record with this source_id, or NULL. */
EMB_EXPORT const emb_record *emb_recset_find(const emb_recset *set,
                                             const char *source_id);
/* Source key of the set (EMB_SOURCE_*). */
EMB_EXPORT const char *emb_recset_source(const emb_recset *set);
/* Format name the set was read from: "ofac_csv", "ofac_xml",
 * "ofac_advanced_xml", "csl_csv", "un_xml", "bis_dpl". */
EMB_EXPORT const char *emb_recset_format(const emb_recset *set);
/* Publication date of the data. *inferred is set to 1 when the files carry
 * no date and it was taken from the newest date inside the records. */
EMB_EXPORT emb_date emb_recset_published(const emb_recset *set, int *inferred);
/* Sets the publication date of files that carry none (the OFAC CSV files,
 * the CSL), as the user knows it; clears the inferred flag. EMB_ERR_INVALID
 * for a date without year, month and day. */
EMB_EXPORT int emb_recset_set_published(emb_recset *set, emb_date d);
/* Files the set was read from, with their SHA-256 in lower-case hex. */
EMB_EXPORT size_t emb_recset_file_count(const emb_recset *set);
EMB_EXPORT const char *emb_recset_file_path(const emb_recset *set, size_t i);
EMB_EXPORT const char *emb_recset_file_sha256(const emb_recset *set, size_t i);
/* Warnings raised while reading (e.g. a truncated final CSL record that
 * was dropped), each "file:line: text". */
EMB_EXPORT size_t emb_recset_warning_count(const emb_recset *set);
EMB_EXPORT const char *emb_recset_warning(const emb_recset *set, size_t i);
EMB_EXPORT void emb_recset_free(emb_recset *set);

/* Reads official list files. `path` is a file or a directory; formats are
 * detected from names and content, and the OFAC legacy CSV files of one
 * list (sdn/add/alt/sdn_comments, cons_prim/add/alt/comments) are joined.
 * On success *sets is a malloc'd array of *n_sets record sets, one per
 * publication found; free each with emb_recset_free and the array with
 * emb_free. On failure nothing is returned and err says which file, line
 * and field. An unknown file in a directory is an error (EMB_ERR_FORMAT). */
EMB_EXPORT int emb_lists_read(const char *path, emb_recset ***sets,
                              size_t *n_sets, emb_error *err);

/* The record as JSON (an object with every non-empty field). Free the
 * string with emb_free. flags: EMB_JSON_PRETTY for indented output. */
#define EMB_JSON_PRETTY 1
EMB_EXPORT int emb_record_to_json(const emb_record *rec, int flags, char **out);

/* Parses a date as OFAC and the other sources write it ("10 Dec 1948",
 * "Sep 1938", "1946", "2021-06-03", "06/30/2025", "circa 1951",
 * "1951 to 1953", "01 Jan 1961 to 31 Dec 1962", "circa 1979-1982").
 * Returns EMB_OK or EMB_ERR_PARSE. p->text is left NULL. */
EMB_EXPORT int emb_period_parse(const char *text, emb_period *p);

/* Writes d as "YYYY-MM-DD", "YYYY-MM" or "YYYY" into buf (>= 11 bytes). */
EMB_EXPORT char *emb_date_format(emb_date d, char *buf);

/* ------------------------------------------------------------------------
 * Store: every imported publication is a version of its source, in SQLite.
 * ---------------------------------------------------------------------- */
typedef struct emb_db emb_db;

#define EMB_DB_READONLY 1
#define EMB_DB_CREATE 2

/* Path used when none is given: $EMBARGO_DB, else "./embargo.db". Static
 * or environment storage; do not free. */
EMB_EXPORT const char *emb_db_default_path(void);

/* Opens (with EMB_DB_CREATE, creates) the database at path. On failure
 * *out may still hold a handle whose emb_db_errmsg explains; close it. */
EMB_EXPORT int emb_db_open(const char *path, int flags, emb_db **out);
EMB_EXPORT void emb_db_close(emb_db *db);
/* The last error on this handle, for people. Valid until the next call. */
EMB_EXPORT const char *emb_db_errmsg(const emb_db *db);

typedef struct emb_version {
    int64_t id;         /* version id, unique in the database */
    char source[32];
    int seq;            /* 1, 2, ... within the source */
    char format[32];
    char published[11]; /* YYYY-MM-DD */
    int published_inferred;
    char imported_at[21]; /* UTC, YYYY-MM-DDTHH:MM:SSZ */
    char sha256[65];    /* over the files' own checksums, in order */
    long records;
    long persons, entities, vessels, aircraft;
} emb_version;

typedef struct emb_import_result {
    emb_version version; /* the version now current for the source */
    int unchanged;       /* 1: identical files were already imported */
} emb_import_result;

/* Imports record sets as new versions of their sources, all in one
 * transaction: either every set is stored or none is and the database is
 * as it was. results (may be NULL) receives n entries. */
EMB_EXPORT int emb_db_import(emb_db *db, emb_recset *const *sets, size_t n,
                             emb_import_result *results);

/* Versions of a source (or of every source when source is NULL), oldest
 * first. Free *out with emb_free. */
EMB_EXPORT int emb_db_versions(emb_db *db, const char *source,
                               emb_version **out, size_t *n);

/* Reads the records of one version (version_id 0: the newest version of
 * the source) into a new record set; free it with emb_recset_free. */
EMB_EXPORT int emb_db_load(emb_db *db, const char *source, int64_t version_id,
                           emb_recset **out);

/* One record of a source's newest version (or of version_id). */
EMB_EXPORT int emb_db_record(emb_db *db, const char *source,
                             const char *source_id, int64_t version_id,
                             emb_recset **out);

typedef enum emb_change {
    EMB_CHANGE_ADDED = 1,
    EMB_CHANGE_REMOVED = 2,
    EMB_CHANGE_CHANGED = 3
} emb_change;

typedef struct emb_diff_entry {
    emb_change change;
    const char *source_id;
    const char *name;          /* primary name (newer one when changed) */
    const char *const *fields; /* changed top-level fields (CHANGED only) */
    size_t n_fields;
} emb_diff_entry;

typedef struct emb_diff emb_diff;

/* Differences between two versions of a source. from_id/to_id 0: the
 * second-newest and newest. */
EMB_EXPORT int emb_db_diff(emb_db *db, const char *source, int64_t from_id,
                           int64_t to_id, emb_diff **out);
EMB_EXPORT size_t emb_diff_count(const emb_diff *d);
EMB_EXPORT const emb_diff_entry *emb_diff_get(const emb_diff *d, size_t i);
EMB_EXPORT const emb_version *emb_diff_from(const emb_diff *d);
EMB_EXPORT const emb_version *emb_diff_to(const emb_diff *d);
EMB_EXPORT void emb_diff_free(emb_diff *d);

/* ------------------------------------------------------------------------
 * Name screening (text normalisation and matching).
 * ---------------------------------------------------------------------- */

/* ------------------------------------------------------------------------
 * Securities identifiers.
 * ---------------------------------------------------------------------- */

/* Identifiers of securities: ISIN (ISO 6166), CUSIP, SEDOL, FIGI and
 * exchange tickers. Parsing never allocates and never fails silently: a
 * value that breaks a rule is still identified as well as it can be (kind,
 * normalised value, embedded CUSIP/SEDOL) with check_ok = 0, so that an
 * identifier published with a typo by a list can still be matched. All
 * functions are pure and thread-safe. */
typedef enum emb_secid_kind {
    EMB_SECID_UNKNOWN = 0,
    EMB_SECID_ISIN = 1,
    EMB_SECID_CUSIP = 2,
    EMB_SECID_SEDOL = 3,
    EMB_SECID_FIGI = 4,
    EMB_SECID_TICKER = 5
} emb_secid_kind;

/* "isin", "cusip", "sedol", "figi", "ticker" or "unknown". Static. */
EMB_EXPORT const char *emb_secid_kind_name(emb_secid_kind k);

typedef struct emb_secid {
    emb_secid_kind kind;
    /* Normalised value: upper case, no spaces, for ISIN/CUSIP/SEDOL/FIGI;
     * for a ticker its canonical key (see emb_ticker_normalize). */
    char value[32];
    /* ISIN: its 2-letter prefix. Ticker: ISO 3166 country of the market
     * ("HK", "CN", "US"), empty when the text names no market. */
    char country[3];
    /* Ticker: canonical market code used in the key (same as country). */
    char exchange[16];
    /* Ticker: ISO 10383 MIC of the venue when the text or the code tells
     * it ("XHKG", "XSHE", "XNYS"); empty for composites ("CHA US"). */
    char mic[8];
    /* Ticker: the local symbol, leading zeros kept ("0728", "BRK/B"). */
    char ticker[24];
    char cusip[10]; /* CUSIP embedded in a US or CA ISIN */
    char sedol[8];  /* SEDOL embedded in a GB or IE ISIN ("GB00" + SEDOL) */
    /* 1 when the value passed every check (structure and check digit; for
     * a ticker, its syntax), 0 otherwise. */
    int check_ok;
} emb_secid;

/* Longest text emb_secid_parse and emb_ticker_normalize look at, in bytes
 * (after trimming); longer input is EMB_ERR_INVALID. */
#define EMB_SECID_MAX_INPUT 64

/* Identifies and validates one identifier. The kind is detected from the
 * shape: 12 characters -> ISIN (or FIGI when it has FIGI's "xxG" shape and
 * fails as an ISIN), 9 -> CUSIP, 7 -> SEDOL; text with a market (Bloomberg
 * "0728 HK", "700 HK Equity"; Yahoo "0728.HK", "600845.SS"; prefix
 * "HKG:0728", "XSHE:002415") or a short bare symbol ("BRK-B", "ROSB") ->
 * ticker. A near miss (2 letters + 8..12 alphanumerics, 8-character CUSIP)
 * is reported as the probable kind.
 * Returns EMB_OK with out->check_ok = 1; EMB_ERR_INVALID with `why` naming
 * the first check that failed ("ISIN check digit is 5, expected 4",
 * "SEDOL contains a vowel", "CUSIP has 8 characters, expected 9") and out
 * still filled as far as possible (kind may be EMB_SECID_UNKNOWN for
 * garbage); EMB_ERR_USAGE when text or out is NULL. why (may be NULL) is
 * always NUL-terminated, empty on success. */
EMB_EXPORT int emb_secid_parse(const char *text, emb_secid *out, char *why,
                               size_t why_len);

/* As emb_secid_parse, but validates text as the given kind (a list that
 * labels a value "ISIN" is checked as an ISIN whatever its shape).
 * EMB_SECID_UNKNOWN detects the kind. */
EMB_EXPORT int emb_secid_parse_as(const char *text, emb_secid_kind kind,
                                  emb_secid *out, char *why, size_t why_len);

/* 1 when a and b name the same security as far as the identifiers tell:
 * equal kind and value, an ISIN and the CUSIP or SEDOL it embeds, or two
 * tickers with the same canonical key. Check digits are not required. */
EMB_EXPORT int emb_secid_same(const emb_secid *a, const emb_secid *b);

/* Check digits (0..9), computed from the leading characters of the text
 * (which may be the whole identifier); -1 when the text is shorter or a
 * character is outside the scheme's alphabet. Lower case is accepted.
 *  - ISIN: Luhn over letter-expanded digits (A=10..Z=35), 11 characters.
 *  - CUSIP: "Modulus 10 Double Add Double" (A=10..Z=35, *=36, @=37, #=38),
 *    8 characters.
 *  - SEDOL: weights 1,3,1,7,3,9 (letters 10..35), 6 characters; vowels are
 *    valued like other letters (their rejection is a structural check).
 *  - FIGI: CUSIP's method over 11 characters. */
EMB_EXPORT int emb_isin_check_digit(const char *first11);
EMB_EXPORT int emb_cusip_check_digit(const char *first8);
EMB_EXPORT int emb_sedol_check_digit(const char *first6);
EMB_EXPORT int emb_figi_check_digit(const char *first11);

/* Builds the ISIN country2 + cusip + check digit into out (13 bytes with
 * the NUL), e.g. ("US", "037833100") -> "US0378331005". country2 must be
 * two letters (US and CA ISINs embed a CUSIP; other countries' CINS-based
 * ISINs follow the same rule) and cusip a valid 9-character CUSIP.
 * Returns EMB_OK, EMB_ERR_INVALID, or EMB_ERR_USAGE for NULL arguments;
 * out is "" on failure. */
EMB_EXPORT int emb_isin_from_cusip(const char *country2, const char *cusip,
                                   char out[13]);

/* Builds "GB"/"IE" + "00" + sedol + check digit into out, e.g.
 * ("GB", "B0YBKJ7") -> "GB00B0YBKJ77". country2 must be GB or IE and
 * sedol a valid SEDOL. Returns as emb_isin_from_cusip. */
EMB_EXPORT int emb_isin_from_sedol(const char *country2, const char *sedol,
                                   char out[13]);

/* Canonical key of a ticker: "<symbol> <market>" where market is the ISO
 * 3166 country of the listing ("0728 HK", "600845 CN", "CHA US", "ZCHA
 * DE") or just "<symbol>" when the text names no market ("ROSB"). Every
 * vendor spelling of one listing gives one key: "0728 HK", "728 HK",
 * "0728.HK", "HKG:0728", "XHKG:0728" -> "0728 HK"; "002415 CN",
 * "002415 CH", "002415.SZ", "SHE:002415" -> "002415 CN"; "CHA US",
 * "CHA UN", "NYSE:CHA" -> "CHA US". Hong Kong numeric codes are written
 * with 4 digits at least, leading zeros kept. Share-class separators
 * ("BRK-B", "BRK.B", "BRK/B") become "/". Bloomberg's "CN" (Canada) and
 * "CH" (China) collide with OFAC's ISO "CN" (China) and ISO "CH"
 * (Switzerland): a 6-digit numeric symbol with either is China; otherwise
 * CN is Canada and CH Switzerland. Writes the key into key (key_len >= 32
 * always suffices). Returns EMB_OK, EMB_ERR_INVALID with why, or
 * EMB_ERR_USAGE (NULL text or key, key_len 0); EMB_ERR_LIMIT when key_len
 * is too small. */
EMB_EXPORT int emb_ticker_normalize(const char *text, char *key,
                                    size_t key_len, char *why,
                                    size_t why_len);

/* As emb_ticker_normalize for a symbol and a separately given exchange,
 * which may be a venue name, a MIC, a Bloomberg code or a Yahoo suffix
 * ("NYSE", "XNYS", "UN", ".HK"); exchange NULL or "" means none. */
EMB_EXPORT int emb_ticker_key(const char *symbol, const char *exchange,
                              char *key, size_t key_len, char *why,
                              size_t why_len);

/* ------------------------------------------------------------------------
 * NS-CMIC and sanctions decisions.
 * ---------------------------------------------------------------------- */

/* ------------------------------------------------------------------------
 * Service (monitoring, alerts, audit).
 *
 * The long-running side of embargo: an HTTP server (emb_server_*), watched
 * customer books and portfolios that are re-screened when a list changes
 * (emb_watch_*, emb_monitor_*), the alerts this raises and the decisions
 * taken on them (emb_alert*), an append-only audit log whose entries are
 * chained by SHA-256 (emb_audit_*), and fetching new list files
 * (emb_lists_update).
 *
 * The monitor's tables live in the same SQLite file as the list versions
 * (prefixed mon_ and audit_). An emb_monitor handle, like an emb_db, is
 * used by one thread at a time.
 * ---------------------------------------------------------------------- */

typedef struct emb_index emb_index;
typedef struct emb_monitor emb_monitor;

/* Opens the monitor tables in the database at db_path, creating them when
 * missing (the file is created too). On failure *out may hold a handle
 * whose emb_monitor_errmsg says why; close it. */
EMB_EXPORT int emb_monitor_open(const char *db_path, emb_monitor **out);
EMB_EXPORT void emb_monitor_close(emb_monitor *m);
/* The last error on this handle, for people. Valid until the next call. */
EMB_EXPORT const char *emb_monitor_errmsg(const emb_monitor *m);

/* Rows of one book, and what a PUT changed. */
typedef struct emb_watch_stats {
    long rows;      /* rows in the new book */
    long added;     /* ids not in the previous book */
    long changed;   /* ids whose row changed */
    long removed;   /* ids no longer in the book (their alerts close) */
    long unchanged;
} emb_watch_stats;

#define EMB_WATCH_MAX_ROWS 1000000 /* rows in one book */
#define EMB_WATCH_MAX_FIELD 1024   /* bytes of one field */

/* Replaces the customer book. body is CSV with a header (columns id, name
 * and optionally type, country, dob; others ignored) or NDJSON objects
 * with those keys, detected from the first byte. Ids must be unique and
 * non-empty, names non-empty. Customers that are new or changed are
 * screened by the next emb_monitor_screen_pending. Either the whole book
 * is stored or, on an error (EMB_ERR_PARSE / EMB_ERR_LIMIT, err names the
 * line and field), nothing changes. */
EMB_EXPORT int emb_watch_put_customers(emb_monitor *m, const char *body,
                                       size_t len, emb_watch_stats *st,
                                       emb_error *err);
/* Replaces the portfolio: CSV or NDJSON with columns security (any
 * identifier emb_secid_parse reads) and optionally id (defaults to the
 * security), issuer (a name, screened like a customer), quantity. */
EMB_EXPORT int emb_watch_put_holdings(emb_monitor *m, const char *body,
                                      size_t len, emb_watch_stats *st,
                                      emb_error *err);

/* What a re-screen did. */
typedef struct emb_rescreen_stats {
    long screened;   /* book rows screened */
    long records;    /* listed records screened against */
    long opened;     /* alerts opened (new or changed hits) */
    long closed;     /* alerts closed (record removed or no longer hit) */
    long suppressed; /* hits covered by a standing false-positive decision */
    long unchanged;  /* hits that already have an open alert */
} emb_rescreen_stats;

/* Screens the book rows added or changed since they were last screened
 * against ix (all current lists) and opens an alert for each new hit at or
 * above threshold (< 0: the engine's default). Holdings' identifiers are
 * compared with the newest version of every source in db (may be NULL:
 * names only). versions names the list versions in force (stored with
 * each alert). */
EMB_EXPORT int emb_monitor_screen_pending(emb_monitor *m, emb_db *db,
                                          const emb_index *ix,
                                          double threshold,
                                          const char *versions,
                                          emb_rescreen_stats *st);

/* After emb_db_import: re-screens the books against only what each new
 * version changed (records added or changed; the whole version when it is
 * a source's first), opens an alert for each new or changed hit, and
 * closes the alerts of records the version removed. Results marked
 * unchanged are skipped. */
EMB_EXPORT int emb_monitor_after_import(emb_monitor *m, emb_db *db,
                                        const emb_import_result *res,
                                        size_t n, double threshold,
                                        const char *versions,
                                        emb_rescreen_stats *st);

/* Alerts as a JSON array, newest first. status: "open", "escalated",
 * "confirmed", "dismissed", "closed", or NULL/"all". limit <= 0: 1000.
 * *out is malloc'd; free it with emb_free. */
EMB_EXPORT int emb_alerts_json(emb_monitor *m, const char *status, long limit,
                               char **out);
/* One alert as a JSON object; EMB_ERR_NOTFOUND when there is none. */
EMB_EXPORT int emb_alert_json(emb_monitor *m, int64_t id, char **out);
/* Alerts waiting for a decision (open or escalated); -1 on error. */
EMB_EXPORT long emb_alerts_open_count(emb_monitor *m);

/* Records a decision: "true_match" (status confirmed), "false_positive"
 * (dismissed: the same hit stays suppressed until the listed record or the
 * customer row changes) or "escalate" (escalated, still waiting). Writes
 * an audit entry in the same transaction. EMB_ERR_NOTFOUND: no such
 * alert; EMB_ERR_INVALID: unknown decision or a closed alert. */
EMB_EXPORT int emb_alert_decide(emb_monitor *m, int64_t id,
                                const char *decision, const char *comment,
                                const char *who);

/* One audit entry to append. detail_json must be a JSON object (it is
 * stored in canonical form: sorted keys, no spaces). */
typedef struct emb_audit_item {
    const char *who;         /* token name, or "anonymous" */
    const char *action;      /* "screen", "decision", "import", ... */
    const char *detail_json; /* what: a JSON object */
    const char *versions;    /* list versions in force, or NULL */
    char at[25];             /* UTC "YYYY-MM-DDTHH:MM:SS.mmmZ"; empty: now */
} emb_audit_item;

/* Appends n entries in one transaction. Each entry's hash is
 * SHA-256(prev_hash || canonical JSON of {seq, at, who, action, detail,
 * versions}) in lower-case hex; the first entry's prev_hash is 64 zeros.
 * The table refuses UPDATE and DELETE. */
EMB_EXPORT int emb_audit_append(emb_monitor *m, const emb_audit_item *items,
                                size_t n);
/* Entries as a JSON array, oldest first. since: a sequence number (the
 * entries after it) or a UTC time prefix ("2026-11-28T10:00", entries at
 * or after it), or NULL for all. limit <= 0: 1000. */
EMB_EXPORT int emb_audit_json(emb_monitor *m, const char *since, long limit,
                              char **out);

typedef struct emb_audit_report {
    int64_t entries;   /* entries checked */
    int64_t first_bad; /* sequence number of the first broken entry, 0 */
    char head[65];     /* hash of the last entry ("" when empty) */
    char message[256]; /* what is wrong, for people */
} emb_audit_report;

/* Recomputes the whole chain. EMB_OK when every entry's hash and link are
 * right, EMB_ERR_INVALID when one is not (rep says which and why). */
EMB_EXPORT int emb_audit_verify(emb_monitor *m, emb_audit_report *rep);

/* Fetches official list files into a new temporary directory and imports
 * them in one transaction. from: an http(s) URL of a folder (the official
 * file names are tried below it: cons_prim.csv, sdn.csv, ..., dpl.txt; a
 * 404 is skipped), an http(s) URL of one file, or a local directory
 * (imported as it is). *results (n entries, malloc'd, free with emb_free)
 * tells what was imported. EMB_ERR_IO when nothing could be fetched. */
#define EMB_FETCH_MAX_FILE (512L * 1024 * 1024)
EMB_EXPORT int emb_lists_update(emb_db *db, const char *from,
                                emb_import_result **results, size_t *n,
                                emb_error *err);

/* The HTTP service. docs/server.md and docs/openapi.yaml describe it. */
typedef struct emb_server emb_server;

typedef struct emb_server_opts {
    const char *listen;      /* "HOST:PORT" ("127.0.0.1:8080"); port 0
                                picks a free port (emb_server_port) */
    const char *db_path;     /* database (emb_db_default_path() if NULL) */
    /* Admin tokens: "SECRET" or "NAME:SECRET", several separated by
     * commas. NULL or "": admin endpoints answer 401. */
    const char *tokens;
    unsigned threads;        /* worker threads; 0: one per core */
    size_t max_body;         /* request body bytes; 0: 16 MiB */
    size_t max_batch;        /* queries in one POST /v1/screen; 0: 10000 */
    unsigned timeout_s;      /* idle connection timeout; 0: 30 */
    unsigned max_inflight;   /* requests being served before 503; 0: 256 */
    unsigned max_conns;      /* open connections before 503; 0: 1024 */
    double threshold;        /* alert threshold; < 0: engine default */
    int log_names;           /* 1: screened names may appear in the log
                                and the audit log (default: a hash) */
    void *log;               /* FILE * for the access log, or NULL */
    const char *update_from; /* URL or directory for periodic updates */
    unsigned update_every_s; /* 0: no periodic update */
} emb_server_opts;

/* Defaults as documented above (listen 127.0.0.1:8080, threshold -1). */
EMB_EXPORT void emb_server_opts_init(emb_server_opts *o);
/* Loads the newest version of every source from the database, builds the
 * index and starts serving. On failure returns a code and writes why into
 * err (may be NULL). */
EMB_EXPORT int emb_server_start(const emb_server_opts *o, emb_server **out,
                                char *err, size_t errlen);
/* The port the server listens on. */
EMB_EXPORT int emb_server_port(const emb_server *s);
/* Stops accepting connections, lets in-flight requests finish (up to
 * grace_ms), flushes the audit log and closes everything. NULL: no-op. */
EMB_EXPORT void emb_server_stop(emb_server *s, unsigned grace_ms);

#ifdef __cplusplus
}
#endif
#endif /* EMBARGO_H */
