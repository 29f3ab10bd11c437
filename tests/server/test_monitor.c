/*
 * test_monitor.c - continuous monitoring over HTTP: a watched customer
 * book, the OFAC Non-SDN list imported as its 2025-04 and then its
 * 2025-12 files, and exactly the alerts the diff between them implies;
 * decisions, false-positive suppression, and the audit chain; customers
 * screened by their identifiers.
 */
#include "client.h"

#if defined(EMB_DEFAULT_THRESHOLD)

static test_srv T;

/* Book rows and the listed records they are written after. */
static const char *const book =
    "id,name,type,country\n"
    "c1,Evren Kayakiran,person,\n"              /* 26182: removed */
    "c2,SZ DJI Technology Co Ltd,entity,CN\n"   /* 33111: unchanged */
    "c3,Ismail Abdul Salah Haniya,person,\n"    /* 9639: changed */
    "c4,China Telecom Corporation Limited,entity,\n" /* 30882: changed */
    "c5,Maple Leaf Bakery Cooperative,entity,CA\n"; /* nothing */

typedef struct alert {
    long id;
    char row[16], sid[32], status[16], reason[16], close[128];
} alert;

static size_t fetch_alerts(const char *status, alert *out, size_t max)
{
    http_res r;
    char path[64];
    snprintf(path, sizeof path, "/v1/alerts?status=%s", status);
    assert_int_equal(http_get(&T, path, &r), 200);
    json_t *arr = json_object_get(r.json, "alerts");
    size_t n = 0, i;
    json_t *a;
    json_array_foreach(arr, i, a) {
        if (n == max)
            break;
        alert *x = &out[n++];
        memset(x, 0, sizeof *x);
        x->id = (long)json_integer_value(json_object_get(a, "id"));
        snprintf(x->row, sizeof x->row, "%s",
                 json_string_value(json_object_get(a, "row_id")));
        snprintf(x->sid, sizeof x->sid, "%s",
                 json_string_value(json_object_get(a, "source_id")));
        snprintf(x->status, sizeof x->status, "%s",
                 json_string_value(json_object_get(a, "status")));
        snprintf(x->reason, sizeof x->reason, "%s",
                 json_string_value(json_object_get(a, "reason")));
        json_t *cr = json_object_get(a, "close_reason");
        if (json_is_string(cr))
            snprintf(x->close, sizeof x->close, "%s", json_string_value(cr));
    }
    http_res_free(&r);
    return n;
}

static const alert *find(const alert *a, size_t n, const char *row,
                         const char *sid, const char *status)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(a[i].row, row) && !strcmp(a[i].sid, sid) &&
            (!status || !strcmp(a[i].status, status)))
            return &a[i];
    return NULL;
}

/* How many audit entries have this action. */
static int audit_count(const char *action)
{
    http_res r;
    assert_int_equal(http_get(&T, "/v1/audit", &r), 200);
    int n = 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r.json, "entries"), i, e)
        n += !strcmp(json_string_value(json_object_get(e, "action")), action);
    http_res_free(&r);
    return n;
}

/* A server on a fresh database, watching the book. */
static void start_watching(void)
{
    test_srv_start(&T, NULL);
    http_res r;
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", book,
                             strlen(book), "text/csv", TEST_BEARER, &r), 200);
    http_res_free(&r);
}

static void test_alerts_follow_the_diff(void **state)
{
    start_watching();
    http_res r;

    /* First version: every listed record is new, so each hit opens. */
    api_import(&T, test_data_path("lists/ofac_cons_2025-04"), &r);
    json_t *al = json_object_get(r.json, "alerts");
    long opened1 = (long)json_integer_value(json_object_get(al, "opened"));
    assert_int_equal(json_integer_value(json_object_get(al, "screened")), 5);
    assert_int_equal(json_integer_value(json_object_get(al, "records")), 443);
    http_res_free(&r);
    static alert a1[512], a2[512], all[1024];
    size_t n1 = fetch_alerts("open", a1, 512);
    assert_int_equal((long)n1, opened1);
    assert_non_null(find(a1, n1, "c1", "26182", "open"));
    assert_non_null(find(a1, n1, "c2", "33111", "open"));
    assert_non_null(find(a1, n1, "c3", "9639", "open"));
    assert_non_null(find(a1, n1, "c4", "30882", "open"));
    for (size_t i = 0; i < n1; i++) {
        assert_string_not_equal(a1[i].row, "c5");
        assert_string_equal(a1[i].reason, "new");
    }

    /* The diff between the two versions, from the API. */
    api_import(&T, test_list_path("ofac_cons_2025-12"), &r);
    al = json_object_get(r.json, "alerts");
    long opened2 = (long)json_integer_value(json_object_get(al, "opened"));
    long closed2 = (long)json_integer_value(json_object_get(al, "closed"));
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/lists/us_ofac_cons/diff", &r), 200);
    json_t *entries = json_object_get(r.json, "entries");
    char removed[16][32], touched[1024][32];
    size_t n_removed = 0, n_touched = 0, i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        const char *ch = json_string_value(json_object_get(e, "change"));
        const char *id = json_string_value(json_object_get(e, "source_id"));
        if (!strcmp(ch, "removed") && n_removed < 16)
            snprintf(removed[n_removed++], 32, "%s", id);
        else if (n_touched < 1024)
            snprintf(touched[n_touched++], 32, "%s", id);
    }
    http_res_free(&r);
    assert_int_equal(n_removed, 1);

    /* Exactly what the diff implies:
     *  - an alert on a removed record is closed;
     *  - an alert on a changed record that still hits is superseded by a
     *    "changed" alert; one that no longer hits is closed;
     *  - an alert on an unchanged record stays open, untouched;
     *  - every alert opened now is on an added or changed record. */
    size_t n_all = fetch_alerts("all", all, 1024);
    size_t n2 = fetch_alerts("open", a2, 512);
    long expect_closed = 0, expect_opened = 0;
    for (size_t k = 0; k < n1; k++) {
        int is_removed = !strcmp(a1[k].sid, removed[0]);
        int is_touched = 0;
        for (size_t t = 0; t < n_touched; t++)
            is_touched |= !strcmp(a1[k].sid, touched[t]);
        const alert *now = NULL;
        for (size_t x = 0; x < n_all; x++)
            if (all[x].id == a1[k].id)
                now = &all[x];
        assert_non_null(now);
        if (is_removed) {
            assert_string_equal(now->status, "closed");
            assert_non_null(strstr(now->close, "removed"));
            expect_closed++;
        } else if (is_touched) {
            assert_string_equal(now->status, "closed");
            const alert *nw = find(a2, n2, a1[k].row, a1[k].sid, "open");
            if (nw) {
                assert_string_equal(nw->reason, "changed");
                assert_non_null(strstr(now->close, "superseded"));
                expect_opened++;
            } else {
                assert_non_null(strstr(now->close, "no longer matches"));
                expect_closed++;
            }
        } else {
            assert_string_equal(now->status, "open");
            assert_non_null(find(a2, n2, a1[k].row, a1[k].sid, "open"));
        }
    }
    for (size_t k = 0; k < n2; k++) {
        if (a2[k].id <= a1[0].id) /* opened before the second import */
            continue;
        int is_touched = 0;
        for (size_t t = 0; t < n_touched; t++)
            is_touched |= !strcmp(a2[k].sid, touched[t]);
        assert_true(is_touched);
        if (!strcmp(a2[k].reason, "new"))
            expect_opened++; /* a changed record that hits for the first time */
    }
    assert_int_equal(opened2, expect_opened);
    assert_int_equal(closed2, expect_closed);
    /* The concrete cases. */
    assert_null(find(a2, n2, "c1", "26182", "open"));
    const alert *dji = find(a2, n2, "c2", "33111", "open");
    assert_non_null(dji);
    assert_int_equal(dji->id, find(a1, n1, "c2", "33111", "open")->id);
    const alert *hn = find(a2, n2, "c3", "9639", "open");
    assert_non_null(hn);
    assert_string_equal(hn->reason, "changed");
    assert_non_null(find(a2, n2, "c4", "30882", "open"));

    /* Importing the same files again raises nothing. */
    api_import(&T, test_list_path("ofac_cons_2025-12"), &r);
    al = json_object_get(r.json, "alerts");
    assert_int_equal(json_integer_value(json_object_get(al, "opened")), 0);
    http_res_free(&r);

    /* Decisions. A false positive stays suppressed ... */
    char path[64], body[256];
    snprintf(path, sizeof path, "/v1/alerts/%ld/decision", dji->id);
    assert_int_equal(http_json(&T, "POST", path,
                               "{\"decision\":\"false_positive\","
                               "\"comment\":\"different company\"}",
                               TEST_BEARER, &r), 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")),
                        "dismissed");
    assert_string_equal(
        json_string_value(json_object_get(r.json, "decided_by")), "alice");
    http_res_free(&r);
    snprintf(path, sizeof path, "/v1/alerts/%ld/decision", hn->id);
    assert_int_equal(http_json(&T, "POST", path,
                               "{\"decision\":\"escalate\"}", TEST_BEARER,
                               &r), 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")),
                        "escalated");
    http_res_free(&r);
    /* ... when the book is sent again unchanged ... */
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", book,
                             strlen(book), "text/csv", TEST_BEARER, &r), 200);
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(r.json, "alerts"), "opened")), 0);
    http_res_free(&r);
    /* ... and is raised again when the customer changes. */
    char *book2 = strdup(book);
    char *p = strstr(book2, "c2,SZ DJI Technology Co Ltd,entity,CN");
    memcpy(p, "c2,SZ DJI Technology Co Ltd,entity,HK", 37);
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", book2,
                             strlen(book2), "text/csv", TEST_BEARER, &r), 200);
    json_t *rows = json_object_get(r.json, "rows");
    assert_int_equal(json_integer_value(json_object_get(rows, "changed")), 1);
    assert_true(json_integer_value(json_object_get(
                    json_object_get(r.json, "alerts"), "opened")) >= 1);
    http_res_free(&r);
    free(book2);
    size_t n3 = fetch_alerts("open", a2, 512);
    const alert *again = find(a2, n3, "c2", "33111", "open");
    assert_non_null(again);
    assert_true(again->id > dji->id);
    assert_string_equal(again->reason, "changed");

    /* A closed alert takes no decision. */
    const alert *gone = find(all, n_all, "c1", "26182", "closed");
    snprintf(path, sizeof path, "/v1/alerts/%ld/decision", gone->id);
    snprintf(body, sizeof body, "{\"decision\":\"true_match\"}");
    assert_int_equal(http_json(&T, "POST", path, body, TEST_BEARER, &r), 409);
    http_res_free(&r);

    /* Metrics count the open alerts; the audit chain holds. */
    assert_int_equal(http_get(&T, "/metrics", &r), 200);
    assert_non_null(strstr(r.body, "embargo_alerts_open "));
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/audit", &r), 200);
    assert_true(json_is_true(
        json_object_get(json_object_get(r.json, "chain"), "intact")));
    http_res_free(&r);
    assert_int_equal(audit_count("decision"), 2);
    test_srv_stop(&T);
}

/* Appends to buf (cap bytes) one identifier more than a query takes,
 * each followed by ';', then tail. */
static void too_many_idents(char *buf, size_t cap, const char *tail)
{
    for (int i = 0; i <= EMB_QUERY_MAX_IDENTS; i++)
        snprintf(buf + strlen(buf), cap - strlen(buf), "ID%06d;", i);
    snprintf(buf + strlen(buf), cap - strlen(buf), "%s", tail);
}

static json_t *open_alert(const char *row, const char *sid);

/* The open alert of row on listed record sid, found by the identifier
 * the record lists as `matched` (a new reference); asserted. */
static json_t *ident_alert(const char *row, const char *sid,
                           const char *matched)
{
    json_t *a = open_alert(row, sid);
    assert_non_null(a);
    assert_string_equal(json_string_value(json_object_get(a, "via")),
                        "identifier");
    assert_string_equal(json_string_value(json_object_get(a, "matched_name")),
                        matched);
    return a;
}

/* The open alert of a book row on a listed record, as the API gives it
 * (a new reference), or NULL. */
static json_t *open_alert(const char *row, const char *sid)
{
    http_res r;
    assert_int_equal(http_get(&T, "/v1/alerts?status=open", &r), 200);
    json_t *found = NULL, *a;
    size_t i;
    json_array_foreach(json_object_get(r.json, "alerts"), i, a)
        if (!strcmp(json_string_value(json_object_get(a, "row_id")), row) &&
            !strcmp(json_string_value(json_object_get(a, "source_id")),
                    sid)) {
            found = json_incref(a);
            break;
        }
    http_res_free(&r);
    return found;
}

static void test_holdings_by_identifier(void **state)
{
    test_srv_start(&T, NULL);
    http_res r;
    api_import(&T, test_list_path("ofac_cons_2025-12"), &r);
    http_res_free(&r);
    /* China Telecom's ADR and one of its ISINs, Yahoo-style ticker; and
     * a security no list names whose issuer is given by its BIC, which
     * BANK VTB 24 (us_ofac_cons:18719) holds. */
    const char *hold = "id,security,quantity,issuer_identifiers\n"
                       "p1,US1694261033,100,\n"
                       "p2,0728.HK,5000,\n"
                       "p3,US0378331005,10,\n"
                       "p4,US0378331005,10,CBGURUMMXXX\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/holdings", hold,
                             strlen(hold), "text/csv", TEST_BEARER, &r), 200);
    http_res_free(&r);
    static alert a[64];
    size_t n = fetch_alerts("open", a, 64);
    int p2 = 0;
    for (size_t i = 0; i < n; i++) {
        assert_string_not_equal(a[i].row, "p3"); /* Apple is not listed */
        if (!strcmp(a[i].row, "p2")) {
            assert_string_equal(a[i].sid, "30882");
            p2 = 1;
        }
    }
    assert_true(p2);
    json_decref(ident_alert("p4", "18719", "CBGURUMM"));
    /* more identifiers than a query takes leave the book as it was */
    char many[512] = "id,security,issuer_identifiers\np5,US0378331005,";
    too_many_idents(many, sizeof many, "\n");
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/holdings", many,
                             strlen(many), "text/csv", TEST_BEARER, &r), 413);
    assert_non_null(strstr(r.body, "issuer_identifiers"));
    http_res_free(&r);
    json_decref(ident_alert("p4", "18719", "CBGURUMM"));
    test_srv_stop(&T);
}

static void test_customers_by_identifier(void **state)
{
    test_srv_start(&T, NULL);
    http_res r;
    /* NDJSON: a customer known only by the bank's BIC of 11, as an array;
     * one by a name nobody lists. */
    const char *nd = "{\"id\": \"k1\", \"identifiers\": [\"CBGURUMMXXX\"]}\n"
                     "{\"id\": \"k2\", \"name\": \"Maple Leaf Bakery "
                     "Cooperative\"}\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", nd, strlen(nd),
                             "application/x-ndjson", TEST_BEARER, &r), 200);
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(r.json, "rows"), "added")), 2);
    http_res_free(&r);

    /* The list arrives: the party holding the BIC (us_ofac_cons:18719,
     * BANK VTB 24) raises an alert on k1, found by the identifier. */
    api_import(&T, test_data_path("lists/ofac_cons_2025-04"), &r);
    http_res_free(&r);
    json_t *a = ident_alert("k1", "18719", "CBGURUMM");
    assert_string_equal(json_string_value(json_object_get(a, "row_name")),
                        "CBGURUMMXXX");
    assert_true(json_number_value(json_object_get(a, "score")) == 1.0);
    long first = (long)json_integer_value(json_object_get(a, "id"));
    json_decref(a);
    assert_int_equal(fetch_alerts("open", (alert[4]){0}, 4), 1);
    /* Sent again unchanged: the rows, pending since no list was loaded
     * when they came, are screened against the lists; nothing new. */
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", nd, strlen(nd),
                             "application/x-ndjson", TEST_BEARER, &r), 200);
    json_t *al = json_object_get(r.json, "alerts");
    assert_int_equal(json_integer_value(json_object_get(al, "screened")), 2);
    assert_int_equal(json_integer_value(json_object_get(al, "opened")), 0);
    assert_int_equal(json_integer_value(json_object_get(al, "unchanged")), 1);
    http_res_free(&r);

    /* The same book as CSV, k1's identifier changed to the bank's website
     * (several apart by ';'): k1 is screened again and its alert
     * superseded; k2, without identifiers, keeps its row hash. */
    const char *csv = "id,name,identifiers\n"
                      "k1,,12345; http://www.vtb24.ru\n"
                      "k2,Maple Leaf Bakery Cooperative,\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", csv,
                             strlen(csv), "text/csv", TEST_BEARER, &r), 200);
    json_t *rows = json_object_get(r.json, "rows");
    assert_int_equal(json_integer_value(json_object_get(rows, "changed")), 1);
    assert_int_equal(json_integer_value(json_object_get(rows, "unchanged")),
                     1);
    al = json_object_get(r.json, "alerts");
    assert_int_equal(json_integer_value(json_object_get(al, "screened")), 1);
    assert_int_equal(json_integer_value(json_object_get(al, "opened")), 1);
    http_res_free(&r);
    a = ident_alert("k1", "18719", "www.vtb24.ru");
    assert_true(json_integer_value(json_object_get(a, "id")) > first);
    assert_string_equal(json_string_value(json_object_get(a, "reason")),
                        "changed");
    json_decref(a);

    /* A row with neither a name nor an identifier, or with more
     * identifiers than a query takes, leaves the book as it was. */
    const char *empty = "id,name,identifiers\nk1,, ; \n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", empty,
                             strlen(empty), "text/csv", TEST_BEARER, &r), 400);
    assert_non_null(strstr(r.body, "request body:2: field 'name': required "
                                   "value is empty (a row needs a name or "
                                   "identifiers)"));
    http_res_free(&r);
    char many[512] = "{\"id\": \"k1\", \"identifiers\": \"";
    too_many_idents(many, sizeof many, "\"}\n");
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", many,
                             strlen(many), "application/x-ndjson",
                             TEST_BEARER, &r), 413);
    assert_non_null(strstr(r.body, "17 identifiers, at most 16"));
    http_res_free(&r);
    assert_non_null((a = open_alert("k1", "18719")));
    json_decref(a);
    test_srv_stop(&T);
}

/* Imports a folder as `embargo lists import` does, with no server to
 * re-screen the books. */
static void import_offline(const char *db_path, const char *dir)
{
    emb_recset **sets;
    size_t n;
    emb_error err;
    assert_int_equal(emb_lists_read(dir, &sets, &n, &err), EMB_OK);
    emb_db *db = NULL;
    assert_int_equal(emb_db_open(db_path, 0, &db), EMB_OK);
    assert_int_equal(emb_db_import(db, sets, n, NULL), EMB_OK);
    emb_db_close(db);
    for (size_t i = 0; i < n; i++)
        emb_recset_free(sets[i]);
    emb_free(sets);
}

/* A version imported while no server ran reaches the books when the
 * server starts, once; an import of it afterwards finds nothing to do. */
static void test_catch_up_at_start(void **state)
{
    start_watching();
    http_res r;
    api_import(&T, test_data_path("lists/ofac_cons_2025-04"), &r);
    http_res_free(&r);
    static alert a1[512], a2[512], all[1024];
    size_t n1 = fetch_alerts("open", a1, 512);
    const alert *hn1 = find(a1, n1, "c3", "9639", "open");
    assert_non_null(hn1);
    long hn1_id = hn1->id;
    assert_int_equal(audit_count("catch_up"), 0);

    /* The next version arrives from the command line, the server down. */
    emb_server_stop(T.srv, 5000);
    import_offline(T.db, test_list_path("ofac_cons_2025-12"));

    /* A catch-up asked to stop stops, rolled back: what follows finds the
     * books as they were. A server stopped as it starts stops its own so. */
    emb_monitor *m = NULL;
    assert_int_equal(emb_monitor_open(T.db, &m), EMB_OK);
    emb_monitor_interrupt(m);
    emb_rescreen_stats st;
    assert_int_equal(emb_monitor_catch_up(m, NULL, -1, NULL, &st),
                     EMB_ERR_USAGE);
    emb_db *db = NULL;
    assert_int_equal(emb_db_open(T.db, EMB_DB_READONLY, &db), EMB_OK);
    assert_int_equal(emb_monitor_catch_up(m, db, -1, NULL, &st),
                     EMB_ERR_INTERRUPTED);
    assert_non_null(strstr(emb_monitor_errmsg(m), "interrupted"));
    assert_int_equal(st.opened, 0);
    emb_db_close(db);
    emb_monitor_close(m);
    test_srv_resume(&T);
    emb_server_stop(T.srv, 5000);
    test_srv_resume(&T);

    /* The server caught up at start, on a thread of its own, while it
     * listened; reading the alerts waited for it: the removed record's
     * alert is closed, the changed record's alert superseded by a
     * "changed" one, the unchanged record's alert left as it was. */
    size_t n_all = fetch_alerts("all", all, 1024);
    assert_int_equal(http_get(&T, "/healthz", &r), 200);
    assert_true(json_is_false(json_object_get(r.json, "catching_up")));
    http_res_free(&r);
    const alert *gone = find(all, n_all, "c1", "26182", NULL);
    assert_non_null(gone);
    assert_string_equal(gone->status, "closed");
    assert_non_null(strstr(gone->close, "removed"));
    size_t n2 = fetch_alerts("open", a2, 512);
    const alert *hn2 = find(a2, n2, "c3", "9639", "open");
    assert_non_null(hn2);
    assert_true(hn2->id > hn1_id);
    assert_string_equal(hn2->reason, "changed");
    assert_int_equal(find(a2, n2, "c2", "33111", "open")->id,
                     find(a1, n1, "c2", "33111", "open")->id);
    assert_int_equal(audit_count("catch_up"), 1);

    /* Done once: neither another start nor importing the same version
     * again through the API screens it again. */
    test_srv_restart(&T);
    assert_int_equal(audit_count("catch_up"), 1);
    api_import(&T, test_list_path("ofac_cons_2025-12"), &r);
    json_t *al = json_object_get(r.json, "alerts");
    assert_int_equal(json_integer_value(json_object_get(al, "screened")), 0);
    assert_int_equal(json_integer_value(json_object_get(al, "opened")), 0);
    http_res_free(&r);
    assert_int_equal(fetch_alerts("open", a1, 512), n2);
    test_srv_stop(&T);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alerts_follow_the_diff),
        cmocka_unit_test(test_holdings_by_identifier),
        cmocka_unit_test(test_customers_by_identifier),
        cmocka_unit_test(test_catch_up_at_start),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}

#else

static void test_needs_engine(void **state)
{
    skip(); /* this build has no screening engine */
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_needs_engine)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
