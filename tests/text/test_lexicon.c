/* test_lexicon.c - the static word tables are sorted, free of duplicates
 * and spelt as the tokeniser produces tokens, so binary search finds every
 * entry. */
#include "testutil.h"

#include <string.h>

#include "text/lexicon.h"

static int folded(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* The table is sorted and binary search finds each entry; with
 * `spelling`, its words and canonical forms are as the tokeniser writes
 * tokens (the katakana tables' words are katakana). */
static void check_order(const lex_table *t, int spelling)
{
    assert_true(t->n > 0);
    for (size_t i = 0; i < t->n; i++) {
        if (spelling && (!folded(t->e[i].word) || !folded(t->e[i].canon)))
            fail_msg("%s: bad spelling \"%s\"", t->name, t->e[i].word);
        if (i && strcmp(t->e[i - 1].word, t->e[i].word) >= 0)
            fail_msg("%s: \"%s\" out of order", t->name, t->e[i].word);
        assert_ptr_equal(lex_find(t, t->e[i].word), &t->e[i]);
    }
    assert_null(lex_find(t, "zzzzzz"));
    assert_null(lex_find(t, ""));
}

static void check_table(const lex_table *t)
{
    check_order(t, 1);
}

static void test_tables_sorted(void **state)
{
    (void)state;
    check_table(&legal_words);
    check_table(&abbrev_words);
    check_table(&stop_words);
    check_table(&org_words);
    check_table(&wg_families);
    check_table(&name_variants);
    check_table(&korean_surnames);
    assert_true(legal_phrases_sorted());
    assert_true(legal_vocab_sorted());
    assert_true(number_words_sorted());
    assert_true(cjk_company_sorted());
    assert_int_equal(cjk_company_count, 229);
    assert_true(cjk_japanese_sorted());
    assert_true(text_hanja_sorted());
    check_order(&kana_vocab, 0);
    check_order(&kana_korean_families, 0);
}

static void test_legal_phrase_joins(void **state)
{
    (void)state;
    /* two adjacent words of a phrase, in any of their spellings */
    assert_int_equal(legal_phrase_join("jointstock", 10), 5);
    assert_int_equal(legal_phrase_join("closedjoint", 11), 6);
    assert_int_equal(legal_phrase_join("limitedliability", 16), 7);
    assert_int_equal(legal_phrase_join("sogranichennoi", 14), 1);
    assert_int_equal(legal_phrase_join("ogranichennoyotvetstvennostyu", 29),
                     13);
    assert_int_equal(legal_phrase_join("aktsionernoeobshchestvo", 23), 12);
    /* not words of one phrase in their order, or too short */
    assert_int_equal(legal_phrase_join("stockjoint", 10), 0);
    assert_int_equal(legal_phrase_join("jointstocks", 11), 0);
    assert_int_equal(legal_phrase_join("sade", 4), 0);
    assert_int_equal(legal_phrase_join("stockholm", 9), 0);
    /* the phrases' adjacent words (8 letters together, one of 5) in all
     * their spellings */
    assert_int_equal(legal_phrase_joins(), 723);
    assert_int_equal(legal_phrase_join("unitaryenterprise", 17), 7);
    assert_int_equal(legal_phrase_join("aktsionernetovarystvo", 21), 11);
}

static void test_not_russian_spellings(void **state)
{
    (void)state;
    /* Belarusian and Ukrainian spellings Russian never writes */
    const char *const marked[] = {"ryhor", "henadz", "mykola", "uladzimir",
                                  "siarhei", "oleksandr"};
    for (size_t i = 0; i < sizeof marked / sizeof marked[0]; i++)
        assert_int_equal(lex_find(&name_variants, marked[i])->kind,
                         NOT_RUSSIAN);
    /* Russian spellings, however far from their family's first one */
    const char *const russian[] = {"aleksandr", "alexei", "yevgeniy",
                                   "dmitriy", "gennadiy", "sergei"};
    for (size_t i = 0; i < sizeof russian / sizeof russian[0]; i++)
        assert_int_equal(lex_find(&name_variants, russian[i])->kind, 0);
}

static void test_legal_vocabulary(void **state)
{
    (void)state;
    assert_string_equal(legal_vocab_word("obshchestvo", 11), "obshchestvo");
    /* misspelt from 8 letters, the first letter too */
    assert_string_equal(legal_vocab_word("obshcestvo", 10), "obshchestvo");
    assert_string_equal(legal_vocab_word("bshchestvo", 10), "obshchestvo");
    assert_string_equal(legal_vocab_word("otvestvennostyu", 15),
                        "otvetstvennostyu");
    /* a Russian ending in another transliteration */
    assert_string_equal(legal_vocab_word("aktsionernoe", 12), "aktsionernoye");
    assert_string_equal(legal_vocab_word("ogranichennoi", 13),
                        "ogranichennoy");
    /* shorter words only as written */
    assert_string_equal(legal_vocab_word("limitee", 7), "limitee");
    assert_null(legal_vocab_word("limitez", 7));
    /* names near them, and the adjectives open and closed */
    assert_null(legal_vocab_word("hartung", 7));
    assert_null(legal_vocab_word("otkrytie", 8));
    assert_null(legal_vocab_word("otkrytoye", 9));
    assert_null(legal_vocab_word("zakrytoe", 8));
    assert_null(legal_vocab_word("obshch", 6));
}

static void test_canonical_forms_are_fixed_points(void **state)
{
    (void)state;
    /* a canonical word maps to itself, so mapping twice changes nothing */
    const lex_table *tabs[] = {&legal_words, &abbrev_words, &name_variants};
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < tabs[k]->n; i++) {
            const lex_entry *e = lex_find(tabs[k], tabs[k]->e[i].canon);
            if (e && strcmp(e->canon, tabs[k]->e[i].canon) != 0)
                fail_msg("%s: %s -> %s -> %s", tabs[k]->name,
                         tabs[k]->e[i].word, tabs[k]->e[i].canon, e->canon);
        }
    /* a stop word is never also a name variant, nor an abbreviation
     * unless it is a title, a stop word in a person's name alone (GEN,
     * GENERAL) */
    for (size_t i = 0; i < stop_words.n; i++) {
        if (stop_words.e[i].kind != STOP_PERSON)
            assert_null(lex_find(&abbrev_words, stop_words.e[i].word));
        assert_null(lex_find(&name_variants, stop_words.e[i].word));
    }
    assert_non_null(lex_find(&org_words, "ministry"));
    assert_null(lex_find(&org_words, "plant")); /* a family name too */
    assert_string_equal(lex_find(&legal_words, "oao")->canon, "jsc");
    assert_string_equal(lex_find(&legal_words, "tov")->canon, "llc");
    assert_string_equal(lex_find(&name_variants, "mohd")->canon, "muhammad");
    /* every family's canonical spelling is in the table as itself, so
     * that two families' heads are told apart (text_variant_head) */
    for (size_t i = 0; i < name_variants.n; i++) {
        const char *c = name_variants.e[i].canon;
        if (!text_variant_head(c, strlen(c)))
            fail_msg("name_variants: %s is no head", c);
    }
    assert_true(text_variant_head("hussein", 7));
    assert_false(text_variant_head("husain", 6));
    assert_false(text_variant_head("smith", 5));
    assert_string_equal(lex_find(&abbrev_words, "hldgs")->canon, "holding");
}

static void test_nicknames(void **state)
{
    (void)state;
    size_t n = text_nickname_count();
    assert_true(n > 100);
    for (size_t i = 0; i < n; i++) {
        const char *const *full;
        const char *nick = text_nickname_at(i, &full);
        if (!folded(nick))
            fail_msg("nicknames: bad spelling \"%s\"", nick);
        if (i && strcmp(text_nickname_at(i - 1, NULL), nick) >= 0)
            fail_msg("nicknames: \"%s\" out of order", nick);
        assert_ptr_equal(text_nickname(nick, strlen(nick)), full);
        /* a nickname is a token of its own: no variant, legal form,
         * abbreviation or stop word maps it first */
        assert_null(lex_find(&name_variants, nick));
        assert_null(lex_find(&legal_words, nick));
        assert_null(lex_find(&abbrev_words, nick));
        assert_null(lex_find(&stop_words, nick));
        assert_non_null(full[0]);
        for (int k = 0; k < TEXT_NICK_MAX && full[k]; k++) {
            /* full names in the spelling tokens have after mapping */
            const lex_entry *e = lex_find(&name_variants, full[k]);
            if (!folded(full[k]) || (e && strcmp(e->canon, full[k])))
                fail_msg("nicknames: %s -> %s is not canonical", nick,
                         full[k]);
            /* and the reverse lookup finds the nickname */
            const char *back[64];
            size_t nb = text_nicknames_of(full[k], strlen(full[k]), back, 64);
            int found = 0;
            for (size_t j = 0; j < nb && j < 64; j++)
                found |= !strcmp(back[j], nick);
            if (!found)
                fail_msg("nicknames: %s not found from %s", nick, full[k]);
        }
    }
    const char *const *f = text_nickname("sasha", 5);
    assert_non_null(f);
    assert_string_equal(f[0], "alexander");
    assert_null(f[1]);
    f = text_nickname("ted", 3);
    assert_string_equal(f[0], "edward");
    assert_string_equal(f[1], "theodore");
    assert_null(text_nickname("sash", 4));
    assert_null(text_nickname("al", 2));
    assert_null(text_nickname("ben", 3));
    const char *nk[8];
    assert_int_equal(text_nicknames_of("alexander", 9, nk, 8), 4);
    assert_string_equal(nk[0], "alex");
    assert_string_equal(nk[1], "alik");
    assert_string_equal(nk[2], "sanya");
    assert_string_equal(nk[3], "sasha");
    assert_int_equal(text_nicknames_of("nobody", 6, nk, 8), 0);
}

static void test_cjk_longest_match(void **state)
{
    (void)state;
    /* 有限责任公司 over 有限公司 over 公司 */
    const int32_t s[] = {0x6709, 0x9650, 0x8D23, 0x4EFB, 0x516C, 0x53F8};
    const char *latin = NULL;
    assert_int_equal(cjk_company_match(s, 6, &latin), 6);
    assert_string_equal(latin, "\1co \1ltd");
    assert_int_equal(cjk_company_match(s + 4, 2, &latin), 2);
    assert_string_equal(latin, "\1co");
    assert_int_equal(cjk_company_match(s + 1, 3, &latin), 0);
    /* Japanese forms: 鉄 is 铁, 団 团; 国 is written alike */
    assert_int_equal(cjk_japanese_form(0x9244), 0x94C1);
    assert_int_equal(cjk_japanese_form(0x56E3), 0x56E2);
    assert_int_equal(cjk_japanese_form(0x56FD), 0x56FD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_sorted),
        cmocka_unit_test(test_legal_phrase_joins),
        cmocka_unit_test(test_legal_vocabulary),
        cmocka_unit_test(test_not_russian_spellings),
        cmocka_unit_test(test_canonical_forms_are_fixed_points),
        cmocka_unit_test(test_nicknames),
        cmocka_unit_test(test_cjk_longest_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
