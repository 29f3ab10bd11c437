/* test_batch.c - batch screening: CSV and NDJSON input, output in input
 * order on several threads, a clear error per broken row, header errors,
 * progress and interruption. */
#include "testutil.h"

#include <jansson.h>

#include "fixture.h"

static emb_index *ix;

static int setup(void **state)
{
    (void)state;
    return fx_open(&ix, NULL);
}

static int teardown(void **state)
{
    (void)state;
    fx_close(ix, NULL);
    return 0;
}

/* Runs a batch over text; returns the output (free it) and the code. */
static char *batch(const char *text, const emb_batch_opts *o, int *rc,
                   emb_batch_stats *st)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    char *out = NULL;
    size_t len = 0;
    FILE *of = open_memstream(&out, &len);
    emb_error err;
    *rc = emb_screen_batch(ix, in, of, o, st, &err);
    fclose(in);
    fclose(of);
    return out;
}

/* Line i (0-based) of text parsed as JSON. */
static json_t *line_json(const char *text, size_t i)
{
    size_t at = 0;
    for (size_t k = 0; k < i; k++) {
        size_t l = strcspn(text + at, "\n");
        if (!text[at + l])
            return NULL;
        at += l + 1;
    }
    return json_loadb(text + at, strcspn(text + at, "\n"), 0, NULL);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_csv_with_broken_rows(void **state)
{
    (void)state;
    const char *in =
        "\xEF\xBB\xBFref,country,name,id,type,dob\r\n"
        "x,RU,Vladimir Putin,c1,person,1952-10-07\r\n"
        "x,,\"Acme, Ltd\",c2,entity,\r\n"
        "x,,,c3,,\r\n"
        "x,,\"Vladimir\nPutin\",c4,,\r\n"
        "x,,Ocean Pearl,c5,spaceship,\r\n"
        "x,,\xff\xfe,c6,,\r\n"
        "x,,JSCARGUMENT,c7,,\r\n"
        "x,,\"unclosed,c8,,\r\n"
        "x,,Rosoboronexport,c9,,\r\n";
    emb_batch_opts o = {.threshold = -1, .threads = 2};
    emb_batch_stats st;
    int rc;
    char *out = batch(in, &o, &rc, &st);
    assert_int_equal(rc, EMB_OK);
    assert_int_equal(count_lines(out), 9);
    assert_int_equal(st.rows, 9);
    assert_int_equal(st.errors, 4);
    assert_int_equal(st.rows_hit, 4);
    static const char *ids[] = {"c1", "c2", "c3", "c4", "c5",
                                "c6", "c7", "c8", "c9"};
    static const char *errors[] = {NULL, NULL, "empty name", NULL,
                                   "type 'spaceship' is not person, entity, "
                                   "vessel or aircraft",
                                   "name is not valid UTF-8", NULL,
                                   "unclosed quote", NULL};
    static const size_t hits[] = {1, 0, 0, 1, 0, 0, 1, 0, 1};
    for (size_t i = 0; i < 9; i++) {
        json_t *j = line_json(out, i);
        assert_non_null(j);
        assert_string_equal(json_string_value(json_object_get(j, "id")),
                            ids[i]);
        json_t *e = json_object_get(j, "error");
        if (errors[i]) {
            assert_non_null(e);
            assert_non_null(strstr(json_string_value(e), errors[i]));
        } else {
            assert_null(e);
            assert_int_equal(json_array_size(json_object_get(j, "hits")),
                             hits[i]);
        }
        json_decref(j);
    }
    json_t *j = line_json(out, 0);
    json_t *h = json_array_get(json_object_get(j, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(h, "source_id")),
                        "35096");
    assert_true(json_real_value(json_object_get(h, "score")) == 1.0);
    assert_int_equal(json_array_size(json_object_get(h, "sources")), 2);
    json_decref(j);
    free(out);
}

static void test_ndjson(void **state)
{
    (void)state;
    const char *in = "{\"id\": 17, \"name\": \"JSC Argument\"}\n"
                     "{\"id\": \"b\", \"name\": 5}\n"
                     "not json at all\n"
                     "\n"
                     "[1, 2]\n"
                     "{\"name\": \"The Doctor\", \"type\": \"person\"}\n";
    emb_batch_opts o = {.threshold = 0.8, .threads = 3, .explain = 1};
    emb_batch_stats st;
    int rc;
    char *out = batch(in, &o, &rc, &st);
    assert_int_equal(rc, EMB_OK);
    assert_int_equal(count_lines(out), 5);
    assert_int_equal(st.errors, 3);
    json_t *j = line_json(out, 0);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 17);
    json_t *h = json_array_get(json_object_get(j, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(h, "source_id")),
                        "24200");
    assert_non_null(json_object_get(json_object_get(h, "explanation"),
                                    "tokens"));
    json_decref(j);
    j = line_json(out, 1);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "b");
    assert_non_null(json_object_get(j, "error"));
    json_decref(j);
    j = line_json(out, 4);
    /* no id: the row number (blank lines are not rows) */
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 5);
    assert_int_equal(json_array_size(json_object_get(j, "hits")), 1);
    json_decref(j);
    free(out);
}

static int progress_calls;
static int on_progress(void *user, const emb_batch_stats *st)
{
    (void)st;
    progress_calls++;
    return user != NULL && progress_calls >= 2;
}

static void test_order_and_progress(void **state)
{
    (void)state;
    /* 20,000 rows over 2 threads: many chunks, output in input order */
    size_t n = 20000, cap = n * 40 + 64, len = 0;
    char *in = malloc(cap);
    len += (size_t)snprintf(in + len, cap - len, "id\tname\n");
    static const char *names[] = {"Vladimir Putin", "Ivan Petrov",
                                  "Nobody Special", "Ocean Pearl"};
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(in + len, cap - len, "r%zu\t%s\n", i,
                                names[i % 4]);
    emb_batch_opts o = {.threshold = -1, .threads = 2,
                        .progress = on_progress};
    emb_batch_stats st;
    int rc;
    progress_calls = 0;
    char *out = batch(in, &o, &rc, &st);
    assert_int_equal(rc, EMB_OK);
    assert_int_equal(st.rows, n);
    assert_int_equal(st.rows_hit, n / 4 * 3); /* all but "Nobody Special" */
    assert_true(progress_calls >= 2);
    const char *p = out;
    for (size_t i = 0; i < n; i++) {
        char want[32];
        snprintf(want, sizeof want, "{\"id\":\"r%zu\",", i);
        assert_memory_equal(p, want, strlen(want));
        p = strchr(p, '\n') + 1;
    }
    assert_int_equal(*p, '\0');
    free(out);
    /* a non-zero progress return stops the batch */
    progress_calls = 0;
    o.user = &o;
    out = batch(in, &o, &rc, &st);
    assert_int_equal(rc, EMB_ERR_INTERRUPTED);
    assert_int_equal(progress_calls, 2);
    assert_true(st.rows < n);
    free(out);
    free(in);
}

static void test_header_errors(void **state)
{
    (void)state;
    int rc;
    emb_batch_stats st;
    char *out = batch("id,fullname\n1,Vladimir Putin\n", NULL, &rc, &st);
    assert_int_equal(rc, EMB_ERR_FORMAT);
    assert_int_equal(out[0], '\0');
    free(out);
    out = batch("", NULL, &rc, &st);
    assert_int_equal(rc, EMB_OK);
    assert_int_equal(st.rows, 0);
    free(out);
    /* a row longer than the limit is one error, and the batch goes on */
    size_t big = EMB_BATCH_MAX_ROW + 100;
    char *in = malloc(big + 100);
    strcpy(in, "id,name\nlong,");
    memset(in + 13, 'a', big);
    strcpy(in + 13 + big, "\nok,Vladimir Putin\n");
    out = batch(in, NULL, &rc, &st);
    assert_int_equal(rc, EMB_OK);
    assert_int_equal(st.rows, 2);
    json_t *j = line_json(out, 0);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "long");
    assert_non_null(strstr(json_string_value(json_object_get(j, "error")),
                           "row longer than"));
    json_decref(j);
    j = line_json(out, 1);
    assert_int_equal(json_array_size(json_object_get(j, "hits")), 1);
    json_decref(j);
    free(out);
    free(in);
    /* exhaustive gives the same output */
    emb_batch_opts a = {.threshold = 0.6, .threads = 1};
    emb_batch_opts b = a;
    b.exhaustive = 1;
    const char *q = "id,name\n1,Vladmir Putn\n2,Muhammad Khan\n3,Tehran Tech\n";
    char *oa = batch(q, &a, &rc, &st), *ob = batch(q, &b, &rc, &st);
    assert_string_equal(oa, ob);
    free(oa);
    free(ob);
}

/* a row whose id is empty is known by its row number, as one without */
static void test_csv_empty_id(void **state)
{
    (void)state;
    emb_batch_opts o = {.threshold = -1, .threads = 1};
    emb_batch_stats st;
    int rc;
    char *out = batch("id,name\nc1,Rosoboronexport\n,Vladimir Putin\n", &o,
                      &rc, &st);
    assert_int_equal(rc, EMB_OK);
    assert_int_equal(st.rows, 2);
    json_t *j = line_json(out, 1);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 2);
    assert_int_equal(json_array_size(json_object_get(j, "hits")), 1);
    json_decref(j);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_with_broken_rows),
        cmocka_unit_test(test_csv_empty_id),
        cmocka_unit_test(test_ndjson),
        cmocka_unit_test(test_order_and_progress),
        cmocka_unit_test(test_header_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
