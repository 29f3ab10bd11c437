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
/* Reads a whole file; NULL if it cannot. Free with free(). */
char *test_read_file(const char *path, size_t *len);
/* A fresh temporary directory (mkdtemp), removed with its contents when
 * the test exits unless EMB_TEST_KEEP=1; static buffer. */
const char *test_tmpdir(void);

#endif
