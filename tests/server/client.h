/*
 * client.h - what the server tests share: a server started in-process on
 * an ephemeral loopback port over a fresh database, and an HTTP client on
 * libcurl that returns status, headers and body.
 */
#ifndef EMB_TEST_SERVER_CLIENT_H
#define EMB_TEST_SERVER_CLIENT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "testutil.h"

#define TEST_TOKEN "alice:s3cret-token"
#define TEST_BEARER "s3cret-token"

typedef struct test_srv {
    emb_server *srv;
    int port;
    char dir[256];
    char db[512];
} test_srv;

typedef struct http_res {
    long status;
    char *body;
    size_t len;
    char headers[4096];
    json_t *json; /* parsed body when it is JSON */
} http_res;

static __attribute__((unused)) size_t client_on_body(char *p, size_t size, size_t n, void *ud)
{
    http_res *r = ud;
    size_t k = size * n;
    char *b = realloc(r->body, r->len + k + 1);
    if (!b)
        return 0;
    r->body = b;
    memcpy(r->body + r->len, p, k);
    r->len += k;
    r->body[r->len] = 0;
    return k;
}

static __attribute__((unused)) size_t client_on_header(char *p, size_t size, size_t n, void *ud)
{
    http_res *r = ud;
    size_t k = size * n, have = strlen(r->headers);
    if (have + k + 1 < sizeof r->headers) {
        memcpy(r->headers + have, p, k);
        r->headers[have + k] = 0;
    }
    return k;
}

static __attribute__((unused)) void http_res_free(http_res *r)
{
    free(r->body);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

/* One request. token: bearer secret or NULL. body may be NULL. */
static __attribute__((unused)) long http_do(const test_srv *t, const char *method, const char *path,
                    const char *body, size_t body_len,
                    const char *content_type, const char *token,
                    http_res *r)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    char url[4096];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", t->port, path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, client_on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, client_on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    struct curl_slist *h = NULL;
    char line[512];
    if (token) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", token);
        h = curl_slist_append(h, line);
    }
    if (content_type) {
        snprintf(line, sizeof line, "Content-Type: %s", content_type);
        h = curl_slist_append(h, line);
    }
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)body_len);
    } else if (!strcmp(method, "HEAD")) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    }
    CURLcode cc = curl_easy_perform(c);
    if (cc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    else
        r->status = -1;
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (r->body)
        r->json = json_loadb(r->body, r->len, 0, NULL);
    return r->status;
}

static __attribute__((unused)) long http_get(const test_srv *t, const char *path, http_res *r)
{
    return http_do(t, "GET", path, NULL, 0, NULL, NULL, r);
}

static __attribute__((unused)) long http_json(const test_srv *t, const char *method,
                      const char *path, const char *body, const char *token,
                      http_res *r)
{
    return http_do(t, method, path, body, strlen(body), "application/json",
                   token, r);
}

/* POSTs the JSON body to path without a token: a 400 whose body says
 * needle. */
static __attribute__((unused)) void expect_rejected(const test_srv *t,
                                                    const char *path,
                                                    const char *body,
                                                    const char *needle)
{
    http_res r;
    assert_int_equal(http_json(t, "POST", path, body, NULL, &r), 400);
    if (!strstr(r.body, needle))
        fail_msg("%s: no \"%s\" in %s", path, needle, r.body);
    http_res_free(&r);
}

/* The "error.code" of an error body, or "". */
static __attribute__((unused)) const char *err_code(const http_res *r)
{
    json_t *e = json_object_get(json_object_get(r->json, "error"), "code");
    return json_is_string(e) ? json_string_value(e) : "";
}

/* Starts a server on a fresh database in a new temporary folder. */
static __attribute__((unused)) void test_srv_start(test_srv *t, emb_server_opts *o)
{
    memset(t, 0, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "%s", test_tmpdir());
    snprintf(t->db, sizeof t->db, "%s/embargo.db", t->dir);
    emb_server_opts local;
    if (!o) {
        emb_server_opts_init(&local);
        o = &local;
    }
    o->listen = "127.0.0.1:0";
    o->db_path = t->db;
    if (!o->tokens)
        o->tokens = TEST_TOKEN;
    if (!o->threads)
        o->threads = 2;
    char err[512];
    int rc = emb_server_start(o, &t->srv, err, sizeof err);
    if (rc)
        fprintf(stderr, "server: %s\n", err);
    assert_int_equal(rc, EMB_OK);
    t->port = emb_server_port(t->srv);
    assert_true(t->port > 0);
}

/* Removes directory dir and what it holds; 0 on success. */
static __attribute__((unused)) int test_rmdir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static __attribute__((unused)) void test_srv_stop(test_srv *t)
{
    emb_server_stop(t->srv, 5000);
    if (test_rmdir(t->dir) != 0)
        fprintf(stderr, "cannot remove %s\n", t->dir);
}

/* Starts a server on the database of one that was stopped. */
static __attribute__((unused)) void test_srv_resume(test_srv *t)
{
    emb_server_opts o;
    emb_server_opts_init(&o);
    o.listen = "127.0.0.1:0";
    o.db_path = t->db;
    o.tokens = TEST_TOKEN;
    o.threads = 2;
    char err[512];
    int rc = emb_server_start(&o, &t->srv, err, sizeof err);
    if (rc)
        fprintf(stderr, "server: %s\n", err);
    assert_int_equal(rc, EMB_OK);
    t->port = emb_server_port(t->srv);
    assert_true(t->port > 0);
}

/* Stops the server and starts another on the same database. */
static __attribute__((unused)) void test_srv_restart(test_srv *t)
{
    emb_server_stop(t->srv, 5000);
    test_srv_resume(t);
}

/* Imports a folder through the API; asserts 200. */
static __attribute__((unused)) void api_import(test_srv *t, const char *dir, http_res *r)
{
    char body[2048];
    snprintf(body, sizeof body, "{\"path\": \"%s\"}", dir);
    http_json(t, "POST", "/v1/lists/import", body, TEST_BEARER, r);
    if (r->status != 200)
        fprintf(stderr, "import: %ld %s\n", r->status, r->body);
    assert_int_equal(r->status, 200);
}

#endif
