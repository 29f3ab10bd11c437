/* test_noalloc.c - emb_screen allocates nothing: every buffer, the memo
 * included, belongs to the screener from emb_screener_open on. The test
 * defines malloc and its kin, which stand in for the C library's in the
 * whole process (glibc's __libc_* do the work) and count while asked to.
 * Sanitizer builds replace malloc themselves, so there it is skipped. */
#include "testutil.h"

#include "fixture.h"
#include "perturb.h"

#if defined(__SANITIZE_ADDRESS__)
#define NOALLOC_SKIP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NOALLOC_SKIP 1
#endif
#endif

#ifndef NOALLOC_SKIP
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

static volatile int counting;
static volatile size_t n_alloc;

void *malloc(size_t n)
{
    if (counting)
        n_alloc++;
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    if (counting)
        n_alloc++;
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    if (counting)
        n_alloc++;
    return __libc_realloc(p, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    if (counting)
        n_alloc++;
    return __libc_memalign(align, n);
}

void free(void *p)
{
    __libc_free(p);
}
#endif

static void test_screen_allocates_nothing(void **state)
{
    (void)state;
#ifdef NOALLOC_SKIP
    skip();
#else
    emb_index *ix;
    emb_screener *scr;
    assert_int_equal(fx_open(&ix, &scr), 0);
    /* the allocator must be the one counted here */
    counting = 1;
    void *probe = malloc(16);
    counting = 0;
    free(probe);
    assert_int_equal(n_alloc, 1);
    n_alloc = 0;

    uint64_t st = 3;
    char q[512];
    size_t queries = 0, hits = 0;
    counting = 1;
    /* a new screener (nothing remembered yet), then a warm one */
    for (int round = 0; round < 4; round++)
        for (size_t i = 0; i < FX_N(fx_sdn); i++) {
            perturb_name(fx_sdn[i].names[0], round % 2, &st, q, sizeof q);
            emb_query a = {.name = q, .threshold = 0.5,
                           .max_hits = EMB_SCREEN_MAX_HITS};
            const emb_hit *h;
            size_t n;
            assert_int_equal(emb_screen(scr, &a, &h, &n), EMB_OK);
            queries++;
            hits += n;
        }
    emb_query b = {.name = "Zhenya Prigozhin", .threshold = -1};
    const emb_hit *h;
    size_t n;
    assert_int_equal(emb_screen(scr, &b, &h, &n), EMB_OK);
    hits += n;
    counting = 0;
    assert_int_equal(n_alloc, 0);
    assert_true(queries > 50);
    assert_true(hits > queries);
    fx_close(ix, scr);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_screen_allocates_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
