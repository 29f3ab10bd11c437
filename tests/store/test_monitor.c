/* test_monitor.c - the customer book's identifiers column in the
 * database: a database written before the column existed gains it when
 * opened, and the rows stored then keep their hash (they are not screened
 * again for it); identifiers written as one string or, in NDJSON, as an
 * array, and the rows refused for them. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store/monitor.h"

static const char *db_path(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
    return path;
}

static void exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

/* The text of the first column of the first row sql selects, into out
 * ("" for NULL, "-" when there is no row). */
static void query_text(const char *path, const char *sql, char *out,
                       size_t cap)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    snprintf(out, cap, "-");
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        snprintf(out, cap, "%s", v ? (const char *)v : "");
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void put(emb_monitor *m, const char *book, int want,
                emb_watch_stats *st, emb_error *err)
{
    memset(err, 0, sizeof *err);
    int rc = emb_watch_put_customers(m, book, strlen(book), st, err);
    if (rc != want) {
        char msg[512];
        fail_msg("put: %d, expected %d: %s", rc, want,
                 emb_error_format(err, msg, sizeof msg));
    }
}

static void test_older_database(void **state)
{
    (void)state;
    const char *path = db_path("older.db");
    /* The tables as a release before the identifiers column wrote them,
     * with a row stored then: its hash is SHA-256 of its five fields,
     * each followed by 0x1f. */
    emb_monitor *m = NULL;
    assert_int_equal(emb_monitor_open(path, &m), EMB_OK);
    emb_monitor_close(m);
    exec(path, "DROP TABLE mon_customers;"
               "CREATE TABLE mon_customers(id TEXT PRIMARY KEY, name TEXT "
               "NOT NULL, type TEXT, country TEXT, dob TEXT, row_hash TEXT "
               "NOT NULL, screened_hash TEXT);"
               "DROP TABLE mon_holdings;"
               "CREATE TABLE mon_holdings(id TEXT PRIMARY KEY, security "
               "TEXT NOT NULL, issuer TEXT, quantity TEXT, row_hash TEXT "
               "NOT NULL, screened_hash TEXT);");
    const char *row = "c1\x1fIvan Petrov\x1fperson\x1fRU\x1f"
                      "1970\x1f";
    char hash[65], sql[512];
    mon_sha256_hex(row, strlen(row), hash);
    snprintf(sql, sizeof sql, "INSERT INTO mon_customers VALUES ('c1', "
             "'Ivan Petrov', 'person', 'RU', '1970', '%s', '%s')", hash,
             hash);
    exec(path, sql);

    /* Opened, the table gains the column; the row is still there. */
    assert_int_equal(emb_monitor_open(path, &m), EMB_OK);
    char v[128];
    query_text(path, "SELECT count(*) FROM pragma_table_info("
                     "'mon_customers') WHERE name = 'identifiers'", v,
               sizeof v);
    assert_string_equal(v, "1");
    query_text(path, "SELECT identifiers IS NULL FROM mon_customers WHERE "
                     "id = 'c1'", v, sizeof v);
    assert_string_equal(v, "1");
    query_text(path, "SELECT count(*) FROM pragma_table_info("
                     "'mon_holdings') WHERE name = 'issuer_identifiers'", v,
               sizeof v);
    assert_string_equal(v, "1");
    emb_monitor_close(m);
    /* Opened again, nothing more to add. */
    assert_int_equal(emb_monitor_open(path, &m), EMB_OK);

    /* The same book sent again is unchanged, with or without an empty
     * identifiers column: the row keeps the hash written before. */
    emb_watch_stats st;
    emb_error err;
    put(m, "id,name,type,country,dob\nc1,Ivan Petrov,person,RU,1970\n",
        EMB_OK, &st, &err);
    assert_int_equal(st.unchanged, 1);
    assert_int_equal(st.changed, 0);
    put(m, "id,name,type,country,dob,identifiers\n"
           "c1,Ivan Petrov,person,RU,1970,\n", EMB_OK, &st, &err);
    assert_int_equal(st.unchanged, 1);
    query_text(path, "SELECT row_hash = screened_hash FROM mon_customers",
               v, sizeof v);
    assert_string_equal(v, "1");

    /* An identifier changes the row, which is pending again. */
    put(m, "id,name,type,country,dob,identifiers\n"
           "c1,Ivan Petrov,person,RU,1970,Passport 7123456\n", EMB_OK, &st,
        &err);
    assert_int_equal(st.changed, 1);
    query_text(path, "SELECT identifiers || '/' || (row_hash IS NOT "
                     "screened_hash) FROM mon_customers", v, sizeof v);
    assert_string_equal(v, "Passport 7123456/1");
    emb_monitor_close(m);
}

static void test_identifiers_column(void **state)
{
    (void)state;
    const char *path = db_path("idents.db");
    emb_monitor *m = NULL;
    assert_int_equal(emb_monitor_open(path, &m), EMB_OK);
    emb_watch_stats st;
    emb_error err;
    char v[512];

    /* NDJSON: an array is stored as the string a CSV field would hold; a
     * row needs no name when it has identifiers. */
    put(m, "{\"id\": \"v1\", \"identifiers\": [\"IMO 9879727\", "
           "\"CBGURUMM\"]}\n"
           "{\"id\": \"v2\", \"name\": \"Acme\", \"identifiers\": "
           "\"a; b\"}\n", EMB_OK, &st, &err);
    assert_int_equal(st.added, 2);
    query_text(path, "SELECT name || '/' || identifiers FROM mon_customers "
                     "WHERE id = 'v1'", v, sizeof v);
    assert_string_equal(v, "/IMO 9879727; CBGURUMM");

    /* Refused, naming the line and the field; the book stays. */
    put(m, "{\"id\": \"v1\", \"identifiers\": [\"A;B\"]}\n", EMB_ERR_PARSE,
        &st, &err);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.field, "identifiers");
    assert_non_null(strstr(err.message, "holds ';' or '|'"));
    put(m, "{\"id\": \"v1\", \"name\": \"x\", \"identifiers\": [7]}\n",
        EMB_ERR_PARSE, &st, &err);
    assert_string_equal(err.field, "identifiers");
    assert_non_null(strstr(err.message, "an array of strings"));
    put(m, "id,name,identifiers\nv1,Acme,\nv2,,|\n", EMB_ERR_PARSE, &st,
        &err);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.field, "name");
    char big[600] = "id,identifiers\nv1,";
    for (int i = 0; i <= EMB_IDENT_MAX; i++)
        strcat(big, "9");
    strcat(big, "\n");
    put(m, big, EMB_ERR_LIMIT, &st, &err);
    assert_string_equal(err.field, "identifiers");
    assert_non_null(strstr(err.message, "at most 256 allowed"));
    query_text(path, "SELECT count(*) FROM mon_customers", v, sizeof v);
    assert_string_equal(v, "2");
    emb_monitor_close(m);
}

static void test_idents_split(void **state)
{
    (void)state;
    ident_span sp[2];
    const char *text = " IMO 9879727 ;;| CBGURUMM|www.vtb24.ru ";
    assert_int_equal(idents_split(text, sp, 2), 3);
    assert_int_equal(sp[0].len, 11);
    assert_memory_equal(sp[0].s, "IMO 9879727", 11);
    assert_int_equal(sp[1].len, 8);
    assert_memory_equal(sp[1].s, "CBGURUMM", 8);
    assert_int_equal(idents_split(" ; | ", sp, 2), 0);
    assert_int_equal(idents_split(NULL, sp, 2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_older_database),
        cmocka_unit_test(test_identifiers_column),
        cmocka_unit_test(test_idents_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
