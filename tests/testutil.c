/* testutil.c - see testutil.h. */
#include "testutil.h"

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

const char *test_tmpdir(void)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "/tmp/embargo-test-XXXXXX");
    if (!mkdtemp(buf))
        return NULL;
    return buf;
}
