/* test_phonetic.c - text_phonetic(): transliteration variants share a
 * key, different names do not; the key fits any buffer. */
#include "testutil.h"

#include <string.h>

#include "text/text.h"

static const char *key(const char *tok)
{
    static char buf[2][64];
    static int which;
    which ^= 1;
    text_phonetic(tok, buf[which], sizeof buf[which]);
    return buf[which];
}

static void same(const char *a, const char *b)
{
    assert_string_equal(key(a), key(b));
}

static void differ(const char *a, const char *b)
{
    assert_string_not_equal(key(a), key(b));
}

static void test_keys(void **state)
{
    (void)state;
    assert_string_equal(key("muhammad"), "mmt");
    assert_string_equal(key("putin"), "btn");
    assert_string_equal(key("petrov"), "btrf");
    assert_string_equal(key("evgeny"), "afkna");
    assert_string_equal(key("khalid"), "hlt");
    assert_string_equal(key("abdurrahman"), "abtrmn");
    assert_string_equal(key("tchaikovsky"), "xkfska");
    assert_string_equal(key(""), "");
    assert_string_equal(key("8200"), "8200");
}

static void test_variants_share_keys(void **state)
{
    (void)state;
    same("mohammed", "muhamad");
    same("mohammed", "mhmd");
    same("mahmoud", "mhmud");
    same("yevgeniy", "evgeny");
    same("evgenii", "jewgeni");
    same("khalid", "halid");
    /* a final kh is the k it ends with, not the h of Khalid */
    same("sheikh", "sheik");
    same("shaykh", "sheik");
    same("farrukh", "faruk");
    same("abdulrahman", "abdurrahman");
    same("gaddafi", "qadhafi");
    same("gaddafi", "kadafi");
    same("qaddafi", "gadhafi");
    same("hussein", "husayn");
    same("tchaikovsky", "chaykovskiy");
    same("tschaikowsky", "chaikovsky");
    same("ivanov", "ivanoff");
    same("ivanov", "ivanow");
    same("yusuf", "yousef");
    same("yusuf", "iusuf");
    same("yuri", "iurii");
    same("vladimir", "wladimir");
    same("philip", "filip");
    same("jackson", "jakson");
    same("schwartz", "shvarts");
    same("zubaidi", "zbydy");
    same("hamza", "hmza");
    same("saddam", "sdam");
    same("ahmed", "ahmad");
    same("ahmet", "ahmad");
    /* the Arabic w written ou in French, aw before a consonant a vowel */
    same("fawaz", "fouaz");
    same("anwar", "anouar");
    same("fawzi", "fouzi");
    same("tawfiq", "toufik");
    same("aws", "aous");
    same("ouattara", "wattara");
    same("suwayd", "swaid");
    same("ruwwad", "rowad");
    same("lieanidawna", "leanidauna");
}

static void test_different_names_differ(void **state)
{
    (void)state;
    differ("putin", "petrov");
    differ("muhammad", "ahmad");
    differ("hassan", "hamid");
    differ("ivanov", "ivanova");
    differ("smith", "jones");
    differ("khalid", "walid");
    differ("sergey", "andrey");
    differ("tschaikowsky", "tschaikosky"); /* ow is v there, not a vowel */
}

static void test_bounds(void **state)
{
    (void)state;
    char small[4];
    assert_int_equal(text_phonetic("abdurrahman", small, sizeof small), 3);
    assert_string_equal(small, "abt");
    char one[1];
    assert_int_equal(text_phonetic("abc", one, 1), 0);
    assert_string_equal(one, "");
    assert_int_equal(text_phonetic("abc", NULL, 0), 0);
    char big[64];
    char longtok[300];
    memset(longtok, 'b', sizeof longtok - 1);
    longtok[sizeof longtok - 1] = '\0';
    assert_int_equal(text_phonetic(longtok, big, sizeof big), 1);
    for (int i = 0; i < 299; i++)
        longtok[i] = (char)('a' + (i * 7) % 26);
    size_t n = text_phonetic(longtok, big, sizeof big);
    assert_true(n < sizeof big);
    assert_int_equal(strlen(big), n);
    /* upper case and punctuation are tolerated */
    same("O'Neil", "oneil");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_variants_share_keys),
        cmocka_unit_test(test_different_names_differ),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
