/*
 * test_update.c - emb_lists_update against a small HTTP server started in
 * the test on loopback (libmicrohttpd serving the bundled list files):
 * a folder URL, a file URL, a folder with nothing, a server error, a
 * local folder; and the periodic update of a running service.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "client.h"

static const char *serve_dir;
static int fail_all;

static enum MHD_Result on_file(void *cls, struct MHD_Connection *c,
                               const char *url, const char *method,
                               const char *version, const char *data,
                               size_t *size, void **ctx)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    if (fail_all) {
        resp = MHD_create_response_from_buffer(5, "oops!",
                                               MHD_RESPMEM_PERSISTENT);
        ret = MHD_queue_response(c, 500, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s%s", serve_dir, url);
    int fd = strstr(url, "..") ? -1 : open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        resp = MHD_create_response_from_buffer(9, "not found",
                                               MHD_RESPMEM_PERSISTENT);
        ret = MHD_queue_response(c, 404, resp);
    } else {
        resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
        ret = MHD_queue_response(c, 200, resp);
    }
    MHD_destroy_response(resp);
    return ret;
}

static struct MHD_Daemon *files;
static int files_port;

static int setup(void **state)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s", test_list_path(""));
    serve_dir = dir;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    files = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
                                 MHD_USE_THREAD_PER_CONNECTION,
                             0, NULL, NULL, on_file, NULL,
                             MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                             MHD_OPTION_END);
    assert_non_null(files);
    files_port = MHD_get_daemon_info(files, MHD_DAEMON_INFO_BIND_PORT)->port;
    return 0;
}

static int teardown(void **state)
{
    MHD_stop_daemon(files);
    return 0;
}

static void url_of(char *buf, size_t n, const char *rel)
{
    snprintf(buf, n, "http://127.0.0.1:%d/%s", files_port, rel);
}

static emb_db *fresh_db(char *path, size_t n)
{
    snprintf(path, n, "%s/u.db", test_tmpdir());
    emb_db *db = NULL;
    assert_int_equal(emb_db_open(path, EMB_DB_CREATE, &db), EMB_OK);
    return db;
}

static void test_update_from_folder_url(void **state)
{
    char dbp[512], url[256];
    emb_db *db = fresh_db(dbp, sizeof dbp);
    url_of(url, sizeof url, "ofac_cons_2025-12/");
    emb_import_result *res = NULL;
    size_t n = 0;
    emb_error err = {0};
    int rc = emb_lists_update(db, url, &res, &n, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.message);
    assert_int_equal(rc, EMB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(res[0].version.source, "us_ofac_cons");
    assert_int_equal(res[0].version.records, 442);
    assert_int_equal(res[0].unchanged, 0);
    emb_free(res);
    /* Again: the same files, nothing new. */
    assert_int_equal(emb_lists_update(db, url, &res, &n, &err), EMB_OK);
    assert_int_equal(res[0].unchanged, 1);
    emb_free(res);
    emb_db_close(db);
}

static void test_update_from_file_url(void **state)
{
    char dbp[512], url[256];
    emb_db *db = fresh_db(dbp, sizeof dbp);
    url_of(url, sizeof url, "bis_dpl_2023-11-30/dpl.txt");
    emb_import_result *res = NULL;
    size_t n = 0;
    emb_error err = {0};
    assert_int_equal(emb_lists_update(db, url, &res, &n, &err), EMB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(res[0].version.source, "us_bis_dpl");
    emb_free(res);
    emb_db_close(db);
}

static void test_update_failures_change_nothing(void **state)
{
    char dbp[512], url[256];
    emb_db *db = fresh_db(dbp, sizeof dbp);
    emb_import_result *res = NULL;
    size_t n = 0;
    emb_error err = {0};
    url_of(url, sizeof url, "no_such_folder/");
    assert_int_equal(emb_lists_update(db, url, &res, &n, &err), EMB_ERR_IO);
    assert_non_null(strstr(err.message, "no official list file"));
    url_of(url, sizeof url, "ofac_cons_2025-12/sdn.csv");
    memset(&err, 0, sizeof err);
    assert_int_equal(emb_lists_update(db, url, &res, &n, &err), EMB_ERR_IO);
    assert_non_null(strstr(err.message, "404"));
    fail_all = 1;
    url_of(url, sizeof url, "ofac_cons_2025-12/");
    memset(&err, 0, sizeof err);
    assert_int_equal(emb_lists_update(db, url, &res, &n, &err), EMB_ERR_IO);
    assert_non_null(strstr(err.message, "HTTP status 500"));
    fail_all = 0;
    memset(&err, 0, sizeof err);
    assert_int_equal(emb_lists_update(db, "ftp://example.org/x", &res, &n,
                                      &err), EMB_ERR_USAGE);
    emb_version *vs = NULL;
    size_t nv = 0;
    assert_int_equal(emb_db_versions(db, NULL, &vs, &nv), EMB_OK);
    assert_int_equal(nv, 0);
    emb_free(vs);
    /* A local folder works too. */
    assert_int_equal(emb_lists_update(db, test_list_path("ofac_cons_2025-12"),
                                      &res, &n, &err), EMB_OK);
    assert_int_equal(res[0].version.records, 442);
    emb_free(res);
    emb_db_close(db);
}

static void test_serve_updates_periodically(void **state)
{
    test_srv T;
    emb_server_opts o;
    emb_server_opts_init(&o);
    char url[256];
    url_of(url, sizeof url, "ofac_cons_2025-12/");
    o.update_from = url;
    o.update_every_s = 1;
    test_srv_start(&T, &o);
    /* the server keeps its own copy of the source */
    snprintf(url, sizeof url, "http://127.0.0.1:1/gone/");
    http_res r;
    long records = 0;
    for (int i = 0; i < 100 && records != 442; i++) {
        usleep(100 * 1000);
        assert_int_equal(http_get(&T, "/healthz", &r), 200);
        records = (long)json_integer_value(json_object_get(r.json, "records"));
        http_res_free(&r);
    }
    assert_int_equal(records, 442);
    /* The audit entry follows the swap of the index by a moment. */
    int audited = 0;
    for (int i = 0; i < 50 && !audited; i++) {
        assert_int_equal(http_get(&T, "/v1/audit", &r), 200);
        audited = strstr(r.body, "\"who\":\"update\"") != NULL;
        http_res_free(&r);
        if (!audited)
            usleep(100 * 1000);
    }
    assert_true(audited);
    test_srv_stop(&T);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_update_from_folder_url),
        cmocka_unit_test(test_update_from_file_url),
        cmocka_unit_test(test_update_failures_change_nothing),
        cmocka_unit_test(test_serve_updates_periodically),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
