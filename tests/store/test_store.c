/* test_store.c - the version store: open, import, versions, load, record
 * lookup, diff, and that failed or killed imports leave the database as it
 * was. Record sets are built in-process through the record builder. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lists/model.h"
#include "store/store.h"

/* How a synthetic set differs from the base one. */
typedef struct variant {
    const char *file_tag;    /* feeds the file checksum; NULL: no files */
    const char *skip_id;     /* record left out */
    const char *programs_id; /* record that gets a second program */
    const char *rename_id;   /* record with a new name and remarks */
    int extra;               /* records n+1 .. n+extra are added */
} variant;

/* Records "1".."n": odd ids are people, even ids entities, every 10th a
 * vessel. */
static emb_recset *make_set(const char *source, int n, const variant *v)
{
    emb_recset *set = recset_new(source, "test_fmt");
    assert_non_null(set);
    recset_set_published(set, (emb_date){2025, 6, 30}, 0);
    if (v && v->file_tag) {
        char data[128];
        snprintf(data, sizeof data, "%s:%s:a", source, v->file_tag);
        assert_int_equal(recset_add_file(set, "a.csv", data, strlen(data)),
                         EMB_OK);
        snprintf(data, sizeof data, "%s:%s:b", source, v->file_tag);
        assert_int_equal(recset_add_file(set, "b.csv", data, strlen(data)),
                         EMB_OK);
    }
    int total = n + (v ? v->extra : 0);
    for (int i = 1; i <= total; i++) {
        char id[16], name[64];
        snprintf(id, sizeof id, "%d", i);
        if (v && v->skip_id && strcmp(v->skip_id, id) == 0)
            continue;
        recb *b = recb_new(set, id);
        assert_non_null(b);
        recb_set_kind(b, i % 10 == 0  ? EMB_KIND_VESSEL
                         : i % 2      ? EMB_KIND_PERSON
                                      : EMB_KIND_ENTITY);
        int renamed = v && v->rename_id && strcmp(v->rename_id, id) == 0;
        snprintf(name, sizeof name, "%s %d", renamed ? "RENAMED" : "PARTY", i);
        recb_add_name(b, EMB_NAME_PRIMARY, 0, name, NULL, NULL, NULL);
        snprintf(name, sizeof name, "ALIAS %d", i);
        recb_add_name(b, EMB_NAME_AKA, i % 3 == 0, name, NULL, NULL, NULL);
        recb_add_program(b, "SDGT");
        if (v && v->programs_id && strcmp(v->programs_id, id) == 0)
            recb_add_program(b, "IRAN");
        emb_ident idn = {.type = "Passport", .value = id, .country = "Iran"};
        recb_add_ident(b, &idn);
        emb_period p = {{1960 + i % 30, 1 + i % 12, 1 + i % 28},
                        {1960 + i % 30, 1 + i % 12, 1 + i % 28}, 0, NULL};
        recb_add_birth(b, &p);
        recb_set(b, RECB_REMARKS, renamed ? "Renamed." : "Listed.");
        recb_set_date(b, RECB_LISTED_ON, (emb_date){2020, 1 + i % 12, 0});
        assert_int_equal(recb_finish(b), EMB_OK);
        recb_free(b);
    }
    assert_int_equal(recset_seal(set), EMB_OK);
    return set;
}

static char db_path[512];

static int setup(void **state)
{
    (void)state;
    const char *dir = test_tmpdir();
    assert_non_null(dir);
    snprintf(db_path, sizeof db_path, "%s/test.db", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[600];
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", db_path, suffix[i]);
        unlink(p);
    }
    char *slash = strrchr(db_path, '/');
    if (slash) {
        *slash = '\0';
        rmdir(db_path);
    }
    return 0;
}

static emb_db *open_db(int flags)
{
    emb_db *db = NULL;
    int rc = emb_db_open(db_path, flags, &db);
    if (rc != EMB_OK)
        fail_msg("open %s: %s", db_path, emb_db_errmsg(db));
    return db;
}

static size_t version_count(emb_db *db, const char *source)
{
    emb_version *v = NULL;
    size_t n = 99;
    assert_int_equal(emb_db_versions(db, source, &v, &n), EMB_OK);
    emb_free(v);
    return n;
}

/* Every record of a and b serialises to the same JSON. */
static void assert_same_records(const emb_recset *a, const emb_recset *b)
{
    assert_int_equal(emb_recset_count(a), emb_recset_count(b));
    for (size_t i = 0; i < emb_recset_count(a); i++) {
        char *ja = NULL, *jb = NULL;
        assert_int_equal(emb_record_to_json(emb_recset_get(a, i), 0, &ja), 0);
        assert_int_equal(emb_record_to_json(emb_recset_get(b, i), 0, &jb), 0);
        assert_string_equal(ja, jb);
        emb_free(ja);
        emb_free(jb);
    }
}

static void test_open_create(void **state)
{
    (void)state;
    emb_db *db = NULL;
    assert_int_equal(emb_db_open(db_path, 0, &db), EMB_ERR_NOTFOUND);
    assert_non_null(strstr(emb_db_errmsg(db), "no database at"));
    emb_db_close(db);
    assert_int_equal(access(db_path, F_OK), -1);

    db = open_db(EMB_DB_CREATE);
    assert_int_equal(version_count(db, NULL), 0);
    emb_db_close(db);

    db = open_db(0);
    assert_int_equal(version_count(db, EMB_SOURCE_UN), 0);
    emb_recset *out = (emb_recset *)db;
    assert_int_equal(emb_db_load(db, EMB_SOURCE_UN, 0, &out),
                     EMB_ERR_NOTFOUND);
    assert_null(out);
    assert_string_equal(emb_db_errmsg(db),
                        "no version of un_sc has been imported");
    emb_db_close(db);

    db = open_db(EMB_DB_READONLY);
    emb_recset *set = make_set(EMB_SOURCE_UN, 3, NULL);
    assert_int_equal(emb_db_import(db, &set, 1, NULL), EMB_ERR_USAGE);
    emb_recset_free(set);
    emb_db_close(db);

    /* The file carries the marks of an embargo database. */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db_path, &h), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    sqlite3_finalize(st);
    sqlite3_close(h);

    emb_db_close(NULL);
    setenv("EMBARGO_DB", "/tmp/elsewhere.db", 1);
    assert_string_equal(emb_db_default_path(), "/tmp/elsewhere.db");
    unsetenv("EMBARGO_DB");
    assert_string_equal(emb_db_default_path(), "./embargo.db");
}

static void test_not_embargo_db(void **state)
{
    (void)state;
    /* Text file. */
    FILE *f = fopen(db_path, "w");
    assert_non_null(f);
    for (int i = 0; i < 200; i++)
        fputs("this is not a database at all\n", f);
    fclose(f);
    emb_db *db = NULL;
    assert_int_equal(emb_db_open(db_path, 0, &db), EMB_ERR_DB);
    assert_non_null(strstr(emb_db_errmsg(db), "is not an embargo database"));
    emb_db_close(db);
    db = NULL;
    assert_int_equal(emb_db_open(db_path, EMB_DB_CREATE, &db), EMB_ERR_DB);
    emb_db_close(db);
    unlink(db_path);

    /* Another application's SQLite database. */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db_path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x); PRAGMA user_version=1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    db = NULL;
    assert_int_equal(emb_db_open(db_path, EMB_DB_CREATE, &db), EMB_ERR_DB);
    assert_non_null(strstr(emb_db_errmsg(db),
                           "is not an embargo database (application_id"));
    emb_db_close(db);
    unlink(db_path);

    /* An embargo database from a newer release. */
    db = open_db(EMB_DB_CREATE);
    emb_db_close(db);
    assert_int_equal(sqlite3_open(db_path, &h), SQLITE_OK);
    sqlite3_exec(h, "PRAGMA user_version=99", NULL, NULL, NULL);
    sqlite3_close(h);
    db = NULL;
    assert_int_equal(emb_db_open(db_path, 0, &db), EMB_ERR_DB);
    assert_non_null(strstr(emb_db_errmsg(db), "schema version 99"));
    emb_db_close(db);
    unlink(db_path);

    /* An empty file is only made into a database on request. */
    f = fopen(db_path, "w");
    fclose(f);
    db = NULL;
    assert_int_equal(emb_db_open(db_path, 0, &db), EMB_ERR_DB);
    emb_db_close(db);
    db = open_db(EMB_DB_CREATE);
    emb_db_close(db);
}

static void test_import_and_versions(void **state)
{
    (void)state;
    emb_db *db = open_db(EMB_DB_CREATE);
    variant base = {.file_tag = "v1"};
    emb_recset *sets[2] = {make_set(EMB_SOURCE_OFAC_SDN, 50, &base),
                           make_set(EMB_SOURCE_UN, 20, &base)};
    emb_import_result res[2];
    assert_int_equal(emb_db_import(db, sets, 2, res), EMB_OK);
    assert_int_equal(res[0].unchanged, 0);
    assert_int_equal(res[0].version.seq, 1);
    assert_string_equal(res[0].version.source, EMB_SOURCE_OFAC_SDN);
    assert_string_equal(res[0].version.format, "test_fmt");
    assert_string_equal(res[0].version.published, "2025-06-30");
    assert_int_equal(res[0].version.published_inferred, 0);
    assert_int_equal(res[0].version.records, 50);
    assert_int_equal(res[0].version.persons, 25);
    assert_int_equal(res[0].version.entities, 20);
    assert_int_equal(res[0].version.vessels, 5);
    assert_int_equal(res[0].version.aircraft, 0);
    assert_int_equal(strlen(res[0].version.sha256), 64);
    assert_int_equal(strlen(res[0].version.imported_at), 20);
    assert_int_equal(res[0].version.imported_at[10], 'T');
    assert_int_equal(res[0].version.imported_at[19], 'Z');
    assert_int_equal(res[1].version.seq, 1);
    assert_int_equal(res[1].version.records, 20);
    assert_true(res[1].version.id > res[0].version.id);
    int64_t sdn_v1 = res[0].version.id;

    /* The version checksum is SHA-256 over the files' hex checksums. */
    char cat[129];
    snprintf(cat, sizeof cat, "%s%s", emb_recset_file_sha256(sets[0], 0),
             emb_recset_file_sha256(sets[0], 1));
    emb_recset *probe = recset_new("x", "y");
    recset_add_file(probe, "cat", cat, 128);
    assert_string_equal(res[0].version.sha256,
                        emb_recset_file_sha256(probe, 0));
    emb_recset_free(probe);

    /* Importing the same files again changes nothing. */
    assert_int_equal(emb_db_import(db, sets, 2, res), EMB_OK);
    assert_int_equal(res[0].unchanged, 1);
    assert_int_equal(res[1].unchanged, 1);
    assert_int_equal(res[0].version.id, sdn_v1);
    assert_int_equal(res[0].version.seq, 1);
    assert_int_equal(version_count(db, NULL), 2);
    emb_recset_free(sets[0]);
    emb_recset_free(sets[1]);

    /* A new publication of one source is its version 2. */
    variant v2 = {.file_tag = "v2", .programs_id = "5"};
    emb_recset *s2 = make_set(EMB_SOURCE_OFAC_SDN, 50, &v2);
    assert_int_equal(emb_db_import(db, &s2, 1, res), EMB_OK);
    assert_int_equal(res[0].unchanged, 0);
    assert_int_equal(res[0].version.seq, 2);
    emb_recset_free(s2);

    emb_version *vs = NULL;
    size_t n = 0;
    assert_int_equal(emb_db_versions(db, NULL, &vs, &n), EMB_OK);
    assert_int_equal(n, 3);
    assert_string_equal(vs[0].source, EMB_SOURCE_OFAC_SDN);
    assert_int_equal(vs[0].seq, 1);
    assert_string_equal(vs[1].source, EMB_SOURCE_UN);
    assert_string_equal(vs[2].source, EMB_SOURCE_OFAC_SDN);
    assert_int_equal(vs[2].seq, 2);
    assert_true(vs[0].id < vs[1].id && vs[1].id < vs[2].id);
    emb_free(vs);
    assert_int_equal(emb_db_versions(db, EMB_SOURCE_OFAC_SDN, &vs, &n), EMB_OK);
    assert_int_equal(n, 2);
    assert_int_equal(vs[0].seq, 1);
    assert_int_equal(vs[1].seq, 2);
    emb_free(vs);
    assert_int_equal(version_count(db, EMB_SOURCE_CSL), 0);

    /* 49 of the 50 records are shared between the two SDN versions. */
    sqlite3 *h;
    sqlite3_open(db_path, &h);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(h, "SELECT count(*) FROM records", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 50 + 20 + 1);
    sqlite3_finalize(st);
    sqlite3_close(h);
    emb_db_close(db);
}

/* Imports the same five UN records, read by reader revision rev; returns
 * the import's result. */
static emb_import_result import_read_by(emb_db *db, int rev)
{
    variant base = {.file_tag = "v1"};
    emb_recset *set = make_set(EMB_SOURCE_UN, 5, &base);
    recset_set_reader_revision(set, rev);
    emb_import_result res;
    assert_int_equal(emb_db_import(db, &set, 1, &res), EMB_OK);
    emb_recset_free(set);
    return res;
}

/* The same files read by a newer revision of their reader are a new
 * version; a database of schema 1 is brought up to date, its versions
 * read by revision 0. */
static void test_reader_revision(void **state)
{
    (void)state;
    emb_db *db = open_db(EMB_DB_CREATE);
    assert_int_equal(import_read_by(db, 0).version.seq, 1);
    emb_db_close(db);

    /* back to schema 1: no reader revision */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db_path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  "ALTER TABLE versions DROP COLUMN reader_rev;"
                                  "PRAGMA user_version = 1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    db = NULL;
    assert_int_equal(emb_db_open(db_path, EMB_DB_READONLY, &db), EMB_ERR_DB);
    assert_non_null(strstr(emb_db_errmsg(db), "needs a schema upgrade"));
    emb_db_close(db);

    db = open_db(0);
    emb_import_result res = import_read_by(db, 0);
    assert_int_equal(res.unchanged, 1);
    res = import_read_by(db, 1);
    assert_int_equal(res.unchanged, 0);
    assert_int_equal(res.version.seq, 2);
    /* and read again by that revision, nothing changes */
    res = import_read_by(db, 1);
    assert_int_equal(res.unchanged, 1);
    assert_int_equal(res.version.seq, 2);
    emb_db_close(db);
    unlink(db_path);
}

static void test_fileless_sets(void **state)
{
    (void)state;
    emb_db *db = open_db(EMB_DB_CREATE);
    emb_recset *a = make_set(EMB_SOURCE_CSL, 10, NULL);
    emb_import_result r;
    assert_int_equal(emb_db_import(db, &a, 1, &r), EMB_OK);
    assert_int_equal(r.unchanged, 0);
    assert_int_equal(emb_db_import(db, &a, 1, &r), EMB_OK);
    assert_int_equal(r.unchanged, 1);
    variant v = {.rename_id = "2"};
    emb_recset *b = make_set(EMB_SOURCE_CSL, 10, &v);
    assert_int_equal(emb_db_import(db, &b, 1, &r), EMB_OK);
    assert_int_equal(r.unchanged, 0);
    assert_int_equal(r.version.seq, 2);
    emb_recset *loaded = NULL;
    assert_int_equal(emb_db_load(db, EMB_SOURCE_CSL, 0, &loaded), EMB_OK);
    assert_int_equal(emb_recset_file_count(loaded), 0);
    assert_same_records(b, loaded);
    emb_recset_free(loaded);
    emb_recset_free(a);
    emb_recset_free(b);
    emb_db_close(db);
}

static void test_load_roundtrip(void **state)
{
    (void)state;
    emb_db *db = open_db(EMB_DB_CREATE);
    variant base = {.file_tag = "v1"};
    emb_recset *orig = make_set(EMB_SOURCE_OFAC_CONS, 120, &base);
    recset_set_published(orig, (emb_date){2025, 12, 0}, 1);
    emb_import_result r1;
    assert_int_equal(emb_db_import(db, &orig, 1, &r1), EMB_OK);
    assert_string_equal(r1.version.published, "2025-12");
    assert_int_equal(r1.version.published_inferred, 1);
    variant v2 = {.file_tag = "v2", .extra = 5};
    emb_recset *next = make_set(EMB_SOURCE_OFAC_CONS, 120, &v2);
    emb_import_result r2;
    assert_int_equal(emb_db_import(db, &next, 1, &r2), EMB_OK);
    emb_db_close(db);

    db = open_db(EMB_DB_READONLY);
    emb_recset *loaded = NULL;
    assert_int_equal(emb_db_load(db, EMB_SOURCE_OFAC_CONS, r1.version.id,
                                 &loaded),
                     EMB_OK);
    assert_string_equal(emb_recset_source(loaded), EMB_SOURCE_OFAC_CONS);
    assert_string_equal(emb_recset_format(loaded), "test_fmt");
    int inferred = 0;
    emb_date pub = emb_recset_published(loaded, &inferred);
    assert_int_equal(pub.year, 2025);
    assert_int_equal(pub.month, 12);
    assert_int_equal(pub.day, 0);
    assert_int_equal(inferred, 1);
    assert_int_equal(emb_recset_file_count(loaded), 2);
    assert_string_equal(emb_recset_file_path(loaded, 0), "a.csv");
    assert_string_equal(emb_recset_file_path(loaded, 1), "b.csv");
    assert_string_equal(emb_recset_file_sha256(loaded, 1),
                        emb_recset_file_sha256(orig, 1));
    assert_same_records(orig, loaded);
    /* Sealed: lookups work and the order is numeric. */
    assert_string_equal(emb_recset_get(loaded, 9)->source_id, "10");
    assert_non_null(emb_recset_find(loaded, "100"));
    emb_recset_free(loaded);

    assert_int_equal(emb_db_load(db, EMB_SOURCE_OFAC_CONS, 0, &loaded), EMB_OK);
    assert_int_equal(emb_recset_count(loaded), 125);
    assert_same_records(next, loaded);
    emb_recset_free(loaded);

    /* A version id of another source, or none at all. */
    assert_int_equal(emb_db_load(db, EMB_SOURCE_UN, r1.version.id, &loaded),
                     EMB_ERR_NOTFOUND);
    assert_non_null(strstr(emb_db_errmsg(db), "not of un_sc"));
    assert_int_equal(emb_db_load(db, EMB_SOURCE_OFAC_CONS, 9999, &loaded),
                     EMB_ERR_NOTFOUND);
    assert_null(loaded);
    emb_db_close(db);
    emb_recset_free(orig);
    emb_recset_free(next);
}

static void test_record_lookup(void **state)
{
    (void)state;
    emb_db *db = open_db(EMB_DB_CREATE);
    variant base = {.file_tag = "v1"};
    emb_recset *v1 = make_set(EMB_SOURCE_OFAC_SDN, 30, &base);
    emb_import_result r1;
    assert_int_equal(emb_db_import(db, &v1, 1, &r1), EMB_OK);
    variant mod = {.file_tag = "v2", .rename_id = "17"};
    emb_recset *v2 = make_set(EMB_SOURCE_OFAC_SDN, 30, &mod);
    assert_int_equal(emb_db_import(db, &v2, 1, NULL), EMB_OK);

    emb_recset *one = NULL;
    assert_int_equal(emb_db_record(db, EMB_SOURCE_OFAC_SDN, "17", 0, &one),
                     EMB_OK);
    assert_int_equal(emb_recset_count(one), 1);
    const emb_record *r = emb_recset_find(one, "17");
    assert_non_null(r);
    assert_string_equal(r->names[0].full, "RENAMED 17");
    assert_string_equal(r->remarks, "Renamed.");
    assert_int_equal(r->kind, EMB_KIND_PERSON);
    emb_recset_free(one);

    assert_int_equal(emb_db_record(db, EMB_SOURCE_OFAC_SDN, "17",
                                   r1.version.id, &one),
                     EMB_OK);
    assert_string_equal(emb_recset_get(one, 0)->names[0].full, "PARTY 17");
    emb_recset_free(one);

    assert_int_equal(emb_db_record(db, EMB_SOURCE_OFAC_SDN, "31", 0, &one),
                     EMB_ERR_NOTFOUND);
    assert_null(one);
    assert_non_null(strstr(emb_db_errmsg(db), "no record 31"));
    assert_int_equal(emb_db_record(db, EMB_SOURCE_CSL, "1", 0, &one),
                     EMB_ERR_NOTFOUND);
    emb_recset_free(v1);
    emb_recset_free(v2);
    emb_db_close(db);
}

static void assert_entry(const emb_diff *d, size_t i, emb_change change,
                         const char *id, const char *name)
{
    const emb_diff_entry *e = emb_diff_get(d, i);
    assert_non_null(e);
    assert_int_equal(e->change, change);
    assert_string_equal(e->source_id, id);
    assert_string_equal(e->name, name);
    if (change != EMB_CHANGE_CHANGED)
        assert_int_equal(e->n_fields, 0);
}

static void test_diff(void **state)
{
    (void)state;
    emb_db *db = open_db(EMB_DB_CREATE);
    variant base = {.file_tag = "v1"};
    emb_recset *v1 = make_set(EMB_SOURCE_UN, 10, &base);
    emb_import_result r1, r2;
    assert_int_equal(emb_db_import(db, &v1, 1, &r1), EMB_OK);

    emb_diff *d = (emb_diff *)db;
    assert_int_equal(emb_db_diff(db, EMB_SOURCE_UN, 0, 0, &d),
                     EMB_ERR_NOTFOUND);
    assert_null(d);
    assert_non_null(strstr(emb_db_errmsg(db), "a diff needs two"));

    /* v2: 3 removed, 5 gets a program, 7 renamed, 11 and 12 added. */
    variant mod = {.file_tag = "v2", .skip_id = "3", .programs_id = "5",
                   .rename_id = "7", .extra = 2};
    emb_recset *v2 = make_set(EMB_SOURCE_UN, 10, &mod);
    assert_int_equal(emb_db_import(db, &v2, 1, &r2), EMB_OK);

    assert_int_equal(emb_db_diff(db, EMB_SOURCE_UN, 0, 0, &d), EMB_OK);
    assert_int_equal(emb_diff_from(d)->id, r1.version.id);
    assert_int_equal(emb_diff_to(d)->id, r2.version.id);
    assert_int_equal(emb_diff_to(d)->seq, 2);
    assert_int_equal(emb_diff_count(d), 5);
    assert_entry(d, 0, EMB_CHANGE_REMOVED, "3", "PARTY 3");
    assert_entry(d, 1, EMB_CHANGE_CHANGED, "5", "PARTY 5");
    const emb_diff_entry *e = emb_diff_get(d, 1);
    assert_int_equal(e->n_fields, 1);
    assert_string_equal(e->fields[0], "programs");
    assert_entry(d, 2, EMB_CHANGE_CHANGED, "7", "RENAMED 7");
    e = emb_diff_get(d, 2);
    assert_int_equal(e->n_fields, 2);
    assert_string_equal(e->fields[0], "names");
    assert_string_equal(e->fields[1], "remarks");
    assert_entry(d, 3, EMB_CHANGE_ADDED, "11", "PARTY 11");
    assert_entry(d, 4, EMB_CHANGE_ADDED, "12", "PARTY 12");
    assert_null(emb_diff_get(d, 5));
    emb_diff_free(d);

    /* The other way round, by explicit ids. */
    assert_int_equal(emb_db_diff(db, EMB_SOURCE_UN, r2.version.id,
                                 r1.version.id, &d),
                     EMB_OK);
    assert_int_equal(emb_diff_count(d), 5);
    assert_entry(d, 0, EMB_CHANGE_ADDED, "3", "PARTY 3");
    assert_entry(d, 2, EMB_CHANGE_CHANGED, "7", "PARTY 7");
    assert_entry(d, 4, EMB_CHANGE_REMOVED, "12", "PARTY 12");
    emb_diff_free(d);

    /* A version against itself is empty. */
    assert_int_equal(emb_db_diff(db, EMB_SOURCE_UN, r1.version.id,
                                 r1.version.id, &d),
                     EMB_OK);
    assert_int_equal(emb_diff_count(d), 0);
    emb_diff_free(d);

    /* Versions must belong to the source. */
    emb_recset *other = make_set(EMB_SOURCE_CSL, 2, NULL);
    emb_import_result ro;
    assert_int_equal(emb_db_import(db, &other, 1, &ro), EMB_OK);
    assert_int_equal(emb_db_diff(db, EMB_SOURCE_UN, ro.version.id,
                                 r2.version.id, &d),
                     EMB_ERR_NOTFOUND);
    assert_int_equal(emb_db_diff(db, EMB_SOURCE_CSL, 0, 0, &d),
                     EMB_ERR_NOTFOUND);
    assert_int_equal(emb_db_diff(db, NULL, 0, 0, &d), EMB_ERR_USAGE);
    emb_diff_free(NULL);
    emb_recset_free(other);
    emb_recset_free(v1);
    emb_recset_free(v2);
    emb_db_close(db);
}

/* Integrity check result of the database file. */
static void assert_integrity_ok(void)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(db_path, &h, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st,
                                        NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_prepare_v2(h, "PRAGMA foreign_key_check", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static int die_at(void *ctx, size_t set, size_t record)
{
    if (set == 1 && record == *(size_t *)ctx)
        _exit(42);
    return 0;
}

static void test_killed_import(void **state)
{
    (void)state;
    emb_db *db = open_db(EMB_DB_CREATE);
    variant base = {.file_tag = "v1"};
    emb_recset *v1 = make_set(EMB_SOURCE_OFAC_SDN, 3000, &base);
    emb_import_result r1;
    assert_int_equal(emb_db_import(db, &v1, 1, &r1), EMB_OK);
    emb_db_close(db);

    variant mod = {.file_tag = "v2", .rename_id = "9", .extra = 100};
    emb_recset *v2[2] = {make_set(EMB_SOURCE_CSL, 500, &base),
                         make_set(EMB_SOURCE_OFAC_SDN, 3000, &mod)};
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        emb_db *child = NULL;
        if (emb_db_open(db_path, 0, &child) != EMB_OK)
            _exit(1);
        size_t at = 2500;
        store_import(child, v2, 2, NULL, die_at, &at);
        _exit(2); /* not reached when the hook fires */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 42);

    /* The half-written transaction is gone; version 1 is current. */
    assert_integrity_ok();
    db = open_db(0);
    assert_int_equal(version_count(db, NULL), 1);
    emb_recset *loaded = NULL;
    assert_int_equal(emb_db_load(db, EMB_SOURCE_OFAC_SDN, 0, &loaded), EMB_OK);
    assert_same_records(v1, loaded);
    emb_recset_free(loaded);

    /* And the next import goes through. */
    emb_import_result r2[2];
    assert_int_equal(emb_db_import(db, v2, 2, r2), EMB_OK);
    assert_int_equal(r2[0].version.seq, 1);
    assert_int_equal(r2[1].version.seq, 2);
    assert_int_equal(r2[1].version.records, 3100);
    emb_db_close(db);
    assert_integrity_ok();
    emb_recset_free(v1);
    emb_recset_free(v2[0]);
    emb_recset_free(v2[1]);
}

static int stop_second_set(void *ctx, size_t set, size_t record)
{
    (void)ctx;
    return set == 1 && record == 3;
}

static void test_failed_import_rolls_back(void **state)
{
    (void)state;
    emb_db *db = open_db(EMB_DB_CREATE);
    variant base = {.file_tag = "v1"};
    emb_recset *un = make_set(EMB_SOURCE_UN, 10, &base);
    assert_int_equal(emb_db_import(db, &un, 1, NULL), EMB_OK);

    /* A bad second set undoes the first. */
    emb_recset *sets[2] = {make_set(EMB_SOURCE_CSL, 10, &base),
                           make_set("a_source_key_of_forty_bytes_or_so__",
                                    10, &base)};
    emb_import_result res[2];
    memset(res, 0x5a, sizeof res);
    assert_int_equal(emb_db_import(db, sets, 2, res), EMB_ERR_LIMIT);
    assert_non_null(strstr(emb_db_errmsg(db), "source key"));
    assert_int_equal(res[0].unchanged, 0x5a5a5a5a); /* untouched */
    assert_int_equal(version_count(db, NULL), 1);
    emb_recset_free(sets[1]);

    /* So does an interruption in the middle of the second set. */
    variant mod = {.file_tag = "v2", .programs_id = "1"};
    sets[1] = make_set(EMB_SOURCE_UN, 10, &mod);
    assert_int_equal(store_import(db, sets, 2, NULL, stop_second_set, NULL),
                     EMB_ERR_INTERRUPTED);
    assert_int_equal(version_count(db, NULL), 1);
    assert_int_equal(version_count(db, EMB_SOURCE_CSL), 0);

    /* Two records with one id cannot be stored. */
    emb_recset *dup = make_set(EMB_SOURCE_BIS_DPL, 3, NULL);
    recb *b = recb_new(dup, "2");
    recb_add_name(b, EMB_NAME_PRIMARY, 0, "TWIN", NULL, NULL, NULL);
    recb_finish(b);
    recb_free(b);
    recset_seal(dup);
    assert_int_equal(emb_db_import(db, &dup, 1, NULL), EMB_ERR_INVALID);
    assert_non_null(strstr(emb_db_errmsg(db), "source_id 2"));
    emb_recset_free(dup);

    /* The handle still works, and nothing half-done is visible. */
    assert_int_equal(emb_db_import(db, sets, 2, res), EMB_OK);
    assert_int_equal(res[0].version.seq, 1);
    assert_int_equal(res[1].version.seq, 2);
    assert_int_equal(version_count(db, NULL), 3);
    emb_db_close(db);
    assert_integrity_ok();
    emb_recset_free(un);
    emb_recset_free(sets[0]);
    emb_recset_free(sets[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_create, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_embargo_db, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_and_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_revision, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fileless_sets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_killed_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_import_rolls_back, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
