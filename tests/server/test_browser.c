/*
 * test_browser.c - the reviewer's page end to end in headless Chromium.
 * Starts the service in-process with two versions of the OFAC Non-SDN
 * list and a watched book, then runs tests/server/browser/e2e.mjs (Node,
 * DevTools protocol, no packages) against it.
 *
 * Skips, saying why, when Chromium or Node is not installed or the build
 * has no screening engine, so that CI without a browser stays green.
 * Chromium is Debian's `chromium` package; $CHROMIUM overrides the path.
 */
#include <unistd.h>

#include "client.h"

static __attribute__((unused)) const char *find_exe(const char *env, const char *const *names)
{
    static char path[512];
    const char *e = getenv(env);
    if (e && *e && access(e, X_OK) == 0)
        return e;
    static const char *const dirs[] = {"/usr/bin", "/usr/local/bin",
                                       "/snap/bin"};
    for (size_t i = 0; names[i]; i++)
        for (size_t d = 0; d < 3; d++) {
            snprintf(path, sizeof path, "%s/%s", dirs[d], names[i]);
            if (access(path, X_OK) == 0)
                return path;
        }
    return NULL;
}

static void test_reviewer_page(void **state)
{
#if !defined(EMB_DEFAULT_THRESHOLD)
    fprintf(stderr, "SKIP: this build has no screening engine\n");
    skip();
#else
    static const char *const chromes[] = {"chromium", "chromium-browser",
                                          "google-chrome", NULL};
    static const char *const nodes[] = {"node", "nodejs", NULL};
    char chrome[512], node[512];
    const char *c = find_exe("CHROMIUM", chromes);
    if (!c) {
        fprintf(stderr, "SKIP: Chromium is not installed (apt install "
                "chromium, or set $CHROMIUM)\n");
        skip();
    }
    snprintf(chrome, sizeof chrome, "%s", c);
    const char *n = find_exe("NODE", nodes);
    if (!n) {
        fprintf(stderr, "SKIP: Node is not installed\n");
        skip();
    }
    snprintf(node, sizeof node, "%s", n);

    test_srv T;
    emb_server_opts o;
    emb_server_opts_init(&o);
    o.tokens = "reviewer:desk-token";
    test_srv_start(&T, &o);
    http_res r;
    const char *book = "id,name,type\n"
                       "c1,Evren Kayakiran,person\n"
                       "c2,SZ DJI Technology Co Ltd,entity\n"
                       "c3,China Telecom Corporation Limited,entity\n";
    assert_int_equal(http_do(&T, "PUT", "/v1/watch/customers", book,
                             strlen(book), "text/csv", "desk-token", &r),
                     200);
    http_res_free(&r);
    char body[1024];
    snprintf(body, sizeof body, "{\"path\": \"%s\"}",
             test_data_path("lists/ofac_cons_2025-04"));
    assert_int_equal(http_json(&T, "POST", "/v1/lists/import", body,
                               "desk-token", &r), 200);
    http_res_free(&r);
    snprintf(body, sizeof body, "{\"path\": \"%s\"}",
             test_list_path("ofac_cons_2025-12"));
    assert_int_equal(http_json(&T, "POST", "/v1/lists/import", body,
                               "desk-token", &r), 200);
    http_res_free(&r);
    assert_int_equal(http_get(&T, "/v1/alerts?status=open", &r), 200);
    size_t open = json_array_size(json_object_get(r.json, "alerts"));
    http_res_free(&r);
    assert_true(open >= 2);

    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "'%s' --experimental-websocket '%s/tests/server/browser/e2e.mjs' "
             "'%s' 'http://127.0.0.1:%d' desk-token %zu '%s'",
             node, EMB_SOURCE_DIR, chrome, T.port, open, EMB_BINARY_DIR);
    int rc = system(cmd);
    test_srv_stop(&T);
    assert_int_equal(rc, 0);
#endif
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reviewer_page),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
