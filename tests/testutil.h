/*
 * testutil.h - what every unit test shares: cmocka, paths to the bundled
 * list files, and reading a file into memory.
 */
#ifndef EMB_TESTUTIL_H
#define EMB_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "embargo.h"

/* Absolute path of a file under the source tree's data/lists/. Static
 * buffer, valid until the next call. */
const char *test_list_path(const char *rel);
/* Absolute path under tests/data/. */
const char *test_data_path(const char *rel);
/* The screening fixture over every bundled list: its index and a
 * screener (a test failure when they cannot be had). Closed by
 * test_bundled_close. */
typedef struct test_bundled {
    emb_index *ix;
    emb_screener *s;
} test_bundled;
test_bundled *test_bundled_open(void);
void test_bundled_close(test_bundled *f);
/* The same as cmocka group setup and teardown: *state is the fixture. */
int test_bundled_setup(void **state);
int test_bundled_teardown(void **state);
/* Reads a whole file; NULL if it cannot. Free with free(). */
char *test_read_file(const char *path, size_t *len);
/* A fresh temporary directory (mkdtemp), removed with its contents when
 * the test exits unless EMB_TEST_KEEP=1; static buffer. */
const char *test_tmpdir(void);

#endif
