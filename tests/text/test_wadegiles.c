/* test_wadegiles.c - Chinese names in Wade-Giles read in pinyin
 * (text_wg_reading). */
#include "testutil.h"

#include <string.h>

#include "text/text.h"

/* The reading of name, or "" when it has none. */
static const char *reading(const char *name)
{
    static char out[256];
    size_t n = text_wg_reading(name, strlen(name), out, sizeof out);
    if (!n)
        return "";
    assert_int_equal(n, strlen(out));
    return out;
}

static void test_names(void **state)
{
    (void)state;
    /* hs, ch before i, ts, -ung, -ieh, -ien; a given name as one word */
    assert_string_equal(reading("Teng Hsiao-ping"), "deng xiaoping");
    assert_string_equal(reading("Hsi Chin-ping"), "xi jinping");
    assert_string_equal(reading("Mao Tse-tung"), "mao zedong");
    assert_string_equal(reading("Yeh Chien-ying"), "ye jianying");
    assert_string_equal(reading("WEI, Hsueh Kang"), "wei, xuekang");
    /* the family names by the table, whatever their sound */
    assert_string_equal(reading("Tsai Ing-wen"), "cai yingwen");
    assert_string_equal(reading("Chang Wei"), "zhang wei");
    assert_string_equal(reading("Kuo Tai-ming"), "guo taiming");
    /* -ih, j, and the family name last */
    assert_string_equal(reading("Jen Pi-shih"), "ren pishi");
    assert_string_equal(reading("Ming-te Shih"), "mingte shi");
    /* the apostrophe of aspiration */
    assert_string_equal(reading("Chou Ch'ing-t'ao"), "zhou qingtao");
    assert_string_equal(reading("Chou Ching-tao"), "zhou jingtao");
}

static void test_not_wade_giles(void **state)
{
    (void)state;
    assert_string_equal(reading("Chen Wei"), ""); /* pinyin already */
    assert_string_equal(reading("Xi Jinping"), "");
    assert_string_equal(reading("Kim Jong Un"), "");
    assert_string_equal(reading("Chung Mong Koo"), ""); /* koo: no */
    assert_string_equal(reading("Vladimir Putin"), "");
    assert_string_equal(reading("Hsiaoping"), "");       /* one word */
    assert_string_equal(reading("Ting Hsu Kuo Lo Ho"), ""); /* five */
    assert_string_equal(reading("Ma Ying-jeou"), "");       /* jeou: no */
    assert_string_equal(reading("Hsu W."), "");             /* an initial */
    assert_string_equal(reading("Hsü Wei"), "");            /* not ASCII */
    assert_string_equal(reading("Hung Hsiao Ping Ltd"), ""); /* ltd: no */
    char small[8];
    assert_int_equal(text_wg_reading("Hsu Wei", 7, small, 7), 0);
    assert_int_equal(text_wg_reading("Hsu Wei", 7, small, sizeof small), 6);
    assert_string_equal(small, "xu wei");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_not_wade_giles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
