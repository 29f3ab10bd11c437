/* test_audit.c - the audit log's chain: canonical details, jansson's
 * escapes in the hashed text, details taken as written, bad text. */
#include "testutil.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static emb_monitor *open_fresh(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
    remove(path);
    emb_monitor *m = NULL;
    assert_int_equal(emb_monitor_open(path, &m), EMB_OK);
    return m;
}

static void sha256_hex(const char *a, const char *b, char out[65])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned char d[32];
    unsigned n = 0;
    EVP_DigestInit_ex(c, EVP_sha256(), NULL);
    EVP_DigestUpdate(c, a, strlen(a));
    EVP_DigestUpdate(c, b, strlen(b));
    EVP_DigestFinal_ex(c, d, &n);
    EVP_MD_CTX_free(c);
    for (unsigned i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void test_chain_text(void **state)
{
    (void)state;
    emb_monitor *m = open_fresh("audit1.db");
    emb_audit_item it[2];
    memset(it, 0, sizeof it);
    it[0].who = "ops\t\"desk\"";
    it[0].action = "decision";
    it[0].detail_json = "{ \"z\": 1, \"a\": \"x\\u0001\\b\\f\" }";
    it[0].versions = NULL;
    snprintf(it[0].at, sizeof it[0].at, "2026-11-28T10:00:00.000Z");
    it[1].who = "batch";
    it[1].action = "screen";
    it[1].detail_json = "{\"b\":[1,2],\"c\":\"\xc3\xa9\"}"; /* é */
    it[1].detail_canonical = 1;
    it[1].versions = "us_ofac_sdn:1";
    snprintf(it[1].at, sizeof it[1].at, "2026-11-28T10:00:01.000Z");
    assert_int_equal(emb_audit_append(m, it, 2), EMB_OK);

    char *js = NULL;
    assert_int_equal(emb_audit_json(m, NULL, 0, &js), EMB_OK);
    /* the first detail was brought to canonical form */
    assert_non_null(strstr(js, "\"detail\":{\"a\":\"x\\u0001\\b\\f\","
                               "\"z\":1}"));
    free(js);

    /* the hash is SHA-256(64 zeros || the canonical text) */
    const char *want0 =
        "{\"action\":\"decision\",\"at\":\"2026-11-28T10:00:00.000Z\","
        "\"detail\":{\"a\":\"x\\u0001\\b\\f\",\"z\":1},\"seq\":1,"
        "\"versions\":null,\"who\":\"ops\\t\\\"desk\\\"\"}";
    char h0[65], h1[65];
    sha256_hex("0000000000000000000000000000000000000000000000000000000000000000",
               want0, h0);
    const char *want1 =
        "{\"action\":\"screen\",\"at\":\"2026-11-28T10:00:01.000Z\","
        "\"detail\":{\"b\":[1,2],\"c\":\"\xc3\xa9\"},\"seq\":2,"
        "\"versions\":\"us_ofac_sdn:1\",\"who\":\"batch\"}";
    sha256_hex(h0, want1, h1);
    emb_audit_report rep;
    assert_int_equal(emb_audit_verify(m, &rep), EMB_OK);
    assert_int_equal(rep.entries, 2);
    assert_string_equal(rep.head, h1);

    /* a detail that is no object, and text that is not UTF-8 */
    emb_audit_item bad = {0};
    bad.action = "screen";
    bad.detail_json = "[1]";
    assert_int_equal(emb_audit_append(m, &bad, 1), EMB_ERR_INVALID);
    bad.detail_json = "{}";
    bad.who = "\xff\xfe";
    assert_int_equal(emb_audit_append(m, &bad, 1), EMB_ERR_INVALID);
    assert_int_equal(emb_audit_verify(m, &rep), EMB_OK);
    assert_int_equal(rep.entries, 2);
    emb_monitor_close(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
