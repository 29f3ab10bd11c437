/* testutil.c - see testutil.h. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *test_list_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/data/lists/%s", EMB_SOURCE_DIR, rel);
    return buf;
}

const char *test_data_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/tests/data/%s", EMB_SOURCE_DIR, rel);
    return buf;
}

test_bundled *test_bundled_open(void)
{
    emb_recset **sets;
    size_t n;
    emb_error err;
    char msg[1024];
    if (emb_lists_read(test_list_path(""), &sets, &n, &err) != EMB_OK)
        fail_msg("%s", emb_error_format(&err, msg, sizeof msg));
    test_bundled *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(emb_index_build(sets, n, &f->ix, &err), EMB_OK);
    emb_free(sets);
    assert_int_equal(emb_screener_open(f->ix, &f->s), EMB_OK);
    return f;
}

void test_bundled_close(test_bundled *f)
{
    if (!f)
        return;
    emb_screener_close(f->s);
    emb_index_close(f->ix);
    free(f);
}

int test_bundled_setup(void **state)
{
    *state = test_bundled_open();
    return 0;
}

int test_bundled_teardown(void **state)
{
    test_bundled_close(*state);
    return 0;
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            char *p = realloc(buf, cap + 1);
            if (!p) {
                free(buf);
                buf = NULL;
            }
            buf = p;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

/* The folders test_tmpdir made, removed with their contents when the
 * test exits (EMB_TEST_KEEP=1 keeps them, to look at after a failure). */
static char made[64][32];
static int n_made;

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path) ? -1 : 0;
}

static void remove_made(void)
{
    const char *keep = getenv("EMB_TEST_KEEP");
    if (keep && *keep && strcmp(keep, "0"))
        return;
    for (int i = 0; i < n_made; i++)
        nftw(made[i], remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *test_tmpdir(void)
{
    static char buf[32];
    snprintf(buf, sizeof buf, "/tmp/embargo-test-XXXXXX");
    if (!mkdtemp(buf))
        return NULL;
    if (n_made < (int)(sizeof made / sizeof made[0])) {
        if (n_made == 0)
            atexit(remove_made);
        memcpy(made[n_made++], buf, sizeof buf);
    }
    return buf;
}
