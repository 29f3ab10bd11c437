/* test_ids.c - ISIN, CUSIP, SEDOL and FIGI: check digits, detection,
 * every failure reason, builders, and identifiers from the OFAC list. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

/* Parses text (auto-detected) and asserts status, kind, value, check_ok. */
static void parse(const char *text, int status, emb_secid_kind kind,
                  const char *value)
{
    emb_secid id;
    char why[160];
    assert_int_equal(emb_secid_parse(text, &id, why, sizeof why), status);
    assert_int_equal(id.kind, kind);
    assert_string_equal(id.value, value);
    assert_int_equal(id.check_ok, status == EMB_OK);
    if (status == EMB_OK)
        assert_string_equal(why, "");
}

/* Asserts that parsing text as kind fails with exactly `reason`. */
static void fails(const char *text, emb_secid_kind kind, const char *reason)
{
    emb_secid id;
    char why[160];
    assert_int_equal(emb_secid_parse_as(text, kind, &id, why, sizeof why),
                     EMB_ERR_INVALID);
    assert_string_equal(why, reason);
    assert_int_equal(id.check_ok, 0);
}

static void test_check_digits(void **state)
{
    (void)state;
    /* DOMAIN.md 3.1-3.4 worked examples. */
    assert_int_equal(emb_isin_check_digit("US037833100"), 5);
    assert_int_equal(emb_isin_check_digit("XS123327519"), 4);
    assert_int_equal(emb_isin_check_digit("US0378331005"), 5); /* whole id */
    assert_int_equal(emb_isin_check_digit("us037833100"), 5);
    assert_int_equal(emb_cusip_check_digit("03783310"), 0);
    assert_int_equal(emb_cusip_check_digit("38259P10"), 2);
    assert_int_equal(emb_sedol_check_digit("026349"), 4);
    assert_int_equal(emb_sedol_check_digit("B0YBKJ"), 7);
    assert_int_equal(emb_figi_check_digit("BBG000BLNQ1"), 6);
    /* Real OFAC values. */
    assert_int_equal(emb_isin_check_digit("CNE100000PM"), 8);
    assert_int_equal(emb_isin_check_digit("US169426103"), 3);
    assert_int_equal(emb_isin_check_digit("CNE1000002V"), 2);
    assert_int_equal(emb_cusip_check_digit("16942610"), 3);
    /* Private-placement characters are CUSIP-only. */
    assert_int_equal(emb_cusip_check_digit("0378331*"), 1);
    assert_int_equal(emb_isin_check_digit("US0378331*0"), -1);
    /* Too short, bad characters, NULL. */
    assert_int_equal(emb_isin_check_digit("US03783310"), -1);
    assert_int_equal(emb_isin_check_digit(""), -1);
    assert_int_equal(emb_isin_check_digit(NULL), -1);
    assert_int_equal(emb_cusip_check_digit("0378331"), -1);
    assert_int_equal(emb_cusip_check_digit("0378 310"), -1);
    assert_int_equal(emb_cusip_check_digit(NULL), -1);
    assert_int_equal(emb_sedol_check_digit("02634"), -1);
    assert_int_equal(emb_sedol_check_digit("02634-"), -1);
    assert_int_equal(emb_sedol_check_digit(NULL), -1);
    assert_int_equal(emb_figi_check_digit("BBG000BLNQ"), -1);
    assert_int_equal(emb_figi_check_digit("BBG000BL*Q1"), -1);
    assert_int_equal(emb_figi_check_digit(NULL), -1);
}

/* Every single-character change that the scheme guarantees to catch: any
 * digit replaced by another digit, and any change of the check digit. */
static void mutate_all(const char *valid, emb_secid_kind kind,
                       const char *alphabet)
{
    emb_secid id;
    char why[160];
    assert_int_equal(emb_secid_parse_as(valid, kind, &id, why, sizeof why),
                     EMB_OK);
    size_t n = strlen(valid);
    int tried = 0;
    for (size_t i = 0; i < n; i++) {
        for (const char *c = alphabet; *c; c++) {
            if (*c == valid[i])
                continue;
            int digit_swap = valid[i] >= '0' && valid[i] <= '9' &&
                             *c >= '0' && *c <= '9';
            if (!digit_swap && i != n - 1)
                continue;
            char m[16];
            memcpy(m, valid, n + 1);
            m[i] = *c;
            assert_int_equal(
                emb_secid_parse_as(m, kind, &id, why, sizeof why),
                EMB_ERR_INVALID);
            assert_int_equal(id.check_ok, 0);
            tried++;
        }
    }
    assert_true(tried > 9);
}

static void test_single_changes_fail(void **state)
{
    (void)state;
    const char *alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const char *isins[] = {"US0378331005", "XS1233275194", "CNE100000PM8",
                           "US1694261033", "CNE1000002V2", "HK0000216777",
                           "XS1401816761", "HK0000111952"};
    for (size_t i = 0; i < sizeof isins / sizeof *isins; i++)
        mutate_all(isins[i], EMB_SECID_ISIN, alnum);
    mutate_all("037833100", EMB_SECID_CUSIP,
               "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*@#");
    mutate_all("38259P102", EMB_SECID_CUSIP, alnum);
    mutate_all("169426103", EMB_SECID_CUSIP, alnum);
    mutate_all("0263494", EMB_SECID_SEDOL, alnum);
    mutate_all("B0YBKJ7", EMB_SECID_SEDOL, alnum);
    mutate_all("BBG000BLNQ16", EMB_SECID_FIGI, alnum);

    /* Letters are where the schemes are blind, and the tests say so:
     * CUSIP sums the digits of each value, so S (28 -> 2+8 = 10) stands in
     * for 0 at an odd position; SEDOL weights position 1 by 1, so K (20)
     * stands in for 0; FIGI doubles position 4, so N (23 -> 46 -> 10) does
     * too. Each of these is a valid identifier by its check digit. */
    emb_secid id;
    assert_int_equal(emb_secid_parse_as("S37833100", EMB_SECID_CUSIP, &id,
                                        NULL, 0),
                     EMB_OK);
    assert_int_equal(emb_secid_parse_as("K263494", EMB_SECID_SEDOL, &id, NULL,
                                        0),
                     EMB_OK);
    assert_int_equal(emb_secid_parse_as("BBGN00BLNQ16", EMB_SECID_FIGI, &id,
                                        NULL, 0),
                     EMB_OK);
}

static void test_detection(void **state)
{
    (void)state;
    parse("US0378331005", EMB_OK, EMB_SECID_ISIN, "US0378331005");
    parse("XS1233275194", EMB_OK, EMB_SECID_ISIN, "XS1233275194");
    parse("037833100", EMB_OK, EMB_SECID_CUSIP, "037833100");
    parse("38259P102", EMB_OK, EMB_SECID_CUSIP, "38259P102");
    parse("0263494", EMB_OK, EMB_SECID_SEDOL, "0263494");
    parse("B0YBKJ7", EMB_OK, EMB_SECID_SEDOL, "B0YBKJ7");
    parse("BBG000BLNQ16", EMB_OK, EMB_SECID_FIGI, "BBG000BLNQ16");
    parse("CNE100000PM8", EMB_OK, EMB_SECID_ISIN, "CNE100000PM8");
    parse("CNE1000002V2", EMB_OK, EMB_SECID_ISIN, "CNE1000002V2");
    /* Case, surrounding space, and the spaced CUSIP spelling. */
    parse("  us0378331005\t", EMB_OK, EMB_SECID_ISIN, "US0378331005");
    parse("037833 10 0", EMB_OK, EMB_SECID_CUSIP, "037833100");
    parse("38259p102", EMB_OK, EMB_SECID_CUSIP, "38259P102");
    parse("US 0378331005", EMB_OK, EMB_SECID_ISIN, "US0378331005");

    /* Embedded identifiers (rule 29). */
    emb_secid id;
    assert_int_equal(emb_secid_parse("US1694261033", &id, NULL, 0), EMB_OK);
    assert_string_equal(id.country, "US");
    assert_string_equal(id.cusip, "169426103");
    assert_string_equal(id.sedol, "");
    assert_int_equal(emb_secid_parse("CNE100000PM8", &id, NULL, 0), EMB_OK);
    assert_string_equal(id.country, "CN");
    assert_string_equal(id.cusip, "");
    assert_int_equal(emb_secid_parse("GB00B0YBKJ77", &id, NULL, 0), EMB_OK);
    assert_string_equal(id.sedol, "B0YBKJ7");
    assert_string_equal(id.cusip, "");

    /* OFAC's 11-character "ISIN": invalid, but still a probable ISIN. */
    char why[160];
    assert_int_equal(emb_secid_parse("BRC1EODR004", &id, why, sizeof why),
                     EMB_ERR_INVALID);
    assert_string_equal(why, "ISIN has 11 characters, expected 12");
    assert_int_equal(id.kind, EMB_SECID_ISIN);
    assert_string_equal(id.value, "BRC1EODR004");
    assert_string_equal(id.country, "BR");
    assert_int_equal(id.check_ok, 0);

    /* Near misses keep their probable kind. */
    parse("US0378331006", EMB_ERR_INVALID, EMB_SECID_ISIN, "US0378331006");
    parse("03783310", EMB_ERR_INVALID, EMB_SECID_CUSIP, "03783310");
    parse("0263495", EMB_ERR_INVALID, EMB_SECID_SEDOL, "0263495");
    parse("BBG000BLNQ1", EMB_ERR_INVALID, EMB_SECID_FIGI, "BBG000BLNQ1");
    parse("BBG000BLNQ17", EMB_ERR_INVALID, EMB_SECID_FIGI, "BBG000BLNQ17");
    /* FIGI's excluded prefixes are those countries' ISINs. */
    parse("BSG000BLNQ16", EMB_ERR_INVALID, EMB_SECID_ISIN, "BSG000BLNQ16");
    parse("", EMB_ERR_INVALID, EMB_SECID_UNKNOWN, "");
    parse("garbage!!", EMB_ERR_INVALID, EMB_SECID_UNKNOWN, "");
    parse("abcdefghijklmn", EMB_ERR_INVALID, EMB_SECID_UNKNOWN, "");

    assert_int_equal(emb_secid_parse(NULL, &id, why, sizeof why),
                     EMB_ERR_USAGE);
    assert_string_equal(why, "no identifier given");
    assert_int_equal(emb_secid_parse("US0378331005", NULL, why, sizeof why),
                     EMB_ERR_USAGE);
    /* why is optional and always terminated, even when tiny. */
    assert_int_equal(emb_secid_parse("BRC1EODR004", &id, NULL, 0),
                     EMB_ERR_INVALID);
    char tiny[5];
    assert_int_equal(emb_secid_parse("BRC1EODR004", &id, tiny, sizeof tiny),
                     EMB_ERR_INVALID);
    assert_string_equal(tiny, "ISIN");
}

static void test_reasons(void **state)
{
    (void)state;
    char why[160];
    emb_secid id;

    fails("XS1233275195", EMB_SECID_ISIN, "ISIN check digit is 5, expected 4");
    fails("BRC1EODR004", EMB_SECID_ISIN, "ISIN has 11 characters, expected 12");
    fails("CND10002G601", EMB_SECID_ISIN, "ISIN check digit is 1, expected 8");
    fails("123456789012", EMB_SECID_ISIN, "ISIN prefix 12 is not two letters");
    fails("US*378331005", EMB_SECID_ISIN,
          "ISIN character 3 ('*') is not a letter or digit");
    fails("US037833100X", EMB_SECID_ISIN,
          "ISIN check character 'X' is not a digit");

    fails("03783310", EMB_SECID_CUSIP, "CUSIP has 8 characters, expected 9");
    fails("037833101", EMB_SECID_CUSIP, "CUSIP check digit is 1, expected 0");
    fails("!37833100", EMB_SECID_CUSIP,
          "CUSIP character 1 ('!') is not a letter, digit, *, @ or #");
    fails("03783310X", EMB_SECID_CUSIP,
          "CUSIP check character 'X' is not a digit");

    fails("A263494", EMB_SECID_SEDOL, "SEDOL contains a vowel");
    fails("B0YBKU7", EMB_SECID_SEDOL, "SEDOL contains a vowel");
    fails("0263495", EMB_SECID_SEDOL, "SEDOL check digit is 5, expected 4");
    fails("026349", EMB_SECID_SEDOL, "SEDOL has 6 characters, expected 7");
    fails("02634*4", EMB_SECID_SEDOL,
          "SEDOL character 6 ('*') is not a letter or digit");
    fails("026349X", EMB_SECID_SEDOL,
          "SEDOL check character 'X' is not a digit");

    fails("BSG000BLNQ16", EMB_SECID_FIGI, "FIGI prefix BS is not allowed");
    fails("KYG000BLNQ16", EMB_SECID_FIGI, "FIGI prefix KY is not allowed");
    fails("ABG000BLNQ16", EMB_SECID_FIGI,
          "FIGI prefix AB is not two consonants");
    fails("BBX000BLNQ16", EMB_SECID_FIGI,
          "FIGI third character is 'X', expected G");
    fails("BBGA00BLNQ16", EMB_SECID_FIGI, "FIGI character 4 ('A') is a vowel");
    fails("BBG0*0BLNQ16", EMB_SECID_FIGI,
          "FIGI character 5 ('*') is not a consonant or digit");
    fails("BBG000BLNQ17", EMB_SECID_FIGI, "FIGI check digit is 7, expected 6");
    fails("BBG000BLNQ1X", EMB_SECID_FIGI,
          "FIGI check character 'X' is not a digit");
    fails("BBG000BLNQ1", EMB_SECID_FIGI, "FIGI has 11 characters, expected 12");

    /* Auto-detection reports the same reasons. */
    assert_int_equal(emb_secid_parse("BBG000BLNQ17", &id, why, sizeof why),
                     EMB_ERR_INVALID);
    assert_string_equal(why, "FIGI check digit is 7, expected 6");
    assert_int_equal(emb_secid_parse("BSG000BLNQ16", &id, why, sizeof why),
                     EMB_ERR_INVALID);
    assert_string_equal(why, "ISIN check digit is 6, expected 7");

    /* Input limits. */
    fails("", EMB_SECID_UNKNOWN, "identifier is empty");
    fails("   ", EMB_SECID_ISIN, "identifier is empty");
    char big[100];
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    fails(big, EMB_SECID_UNKNOWN, "identifier is longer than 64 characters");
    fails("US03783\xC3\xA9" "31005", EMB_SECID_UNKNOWN,
          "identifier contains a non-ASCII byte");
    fails("US0378\n331005", EMB_SECID_UNKNOWN,
          "identifier contains a control character");
    fails("garbage!!", EMB_SECID_UNKNOWN,
          "garbage!! is not an ISIN, CUSIP, SEDOL, FIGI or ticker");
}

static void test_builders(void **state)
{
    (void)state;
    char isin[13];
    assert_int_equal(emb_isin_from_cusip("US", "037833100", isin), EMB_OK);
    assert_string_equal(isin, "US0378331005");
    assert_int_equal(emb_isin_from_cusip("US", "169426103", isin), EMB_OK);
    assert_string_equal(isin, "US1694261033");
    assert_int_equal(emb_isin_from_cusip("us", "38259p102", isin), EMB_OK);
    assert_string_equal(isin, "US38259P1021");
    assert_int_equal(emb_isin_check_digit("US38259P102"), 1);
    assert_int_equal(emb_isin_from_cusip("US", "037833101", isin),
                     EMB_ERR_INVALID);
    assert_string_equal(isin, "");
    assert_int_equal(emb_isin_from_cusip("USA", "037833100", isin),
                     EMB_ERR_INVALID);
    assert_int_equal(emb_isin_from_cusip("U", "037833100", isin),
                     EMB_ERR_INVALID);
    assert_int_equal(emb_isin_from_cusip("US", "03783310", isin),
                     EMB_ERR_INVALID);
    /* A private-placement CUSIP has no ISIN. */
    assert_int_equal(emb_isin_from_cusip("US", "0378331*1", isin),
                     EMB_ERR_INVALID);
    assert_int_equal(emb_isin_from_cusip(NULL, "037833100", isin),
                     EMB_ERR_USAGE);
    assert_int_equal(emb_isin_from_cusip("US", NULL, isin), EMB_ERR_USAGE);
    assert_int_equal(emb_isin_from_cusip("US", "037833100", NULL),
                     EMB_ERR_USAGE);

    assert_int_equal(emb_isin_from_sedol("GB", "B0YBKJ7", isin), EMB_OK);
    assert_string_equal(isin, "GB00B0YBKJ77");
    assert_int_equal(emb_isin_from_sedol("ie", "0263494", isin), EMB_OK);
    assert_string_equal(isin, "IE0002634941");
    assert_int_equal(emb_isin_from_sedol("FR", "0263494", isin),
                     EMB_ERR_INVALID);
    assert_string_equal(isin, "");
    assert_int_equal(emb_isin_from_sedol("GB", "A263494", isin),
                     EMB_ERR_INVALID);
    assert_int_equal(emb_isin_from_sedol("GB", "026349", isin),
                     EMB_ERR_INVALID);
    assert_int_equal(emb_isin_from_sedol("G", "0263494", isin),
                     EMB_ERR_INVALID);
    assert_int_equal(emb_isin_from_sedol("GB", NULL, isin), EMB_ERR_USAGE);

    /* What a builder writes parses back with the identifier embedded. */
    emb_secid id;
    assert_int_equal(emb_isin_from_sedol("GB", "0263494", isin), EMB_OK);
    assert_int_equal(emb_secid_parse(isin, &id, NULL, 0), EMB_OK);
    assert_string_equal(id.sedol, "0263494");
}

static void test_same(void **state)
{
    (void)state;
    emb_secid isin, cusip, other, sedol, gb, t1, t2, bare;
    assert_int_equal(emb_secid_parse("US0378331005", &isin, NULL, 0), EMB_OK);
    assert_int_equal(emb_secid_parse("037833100", &cusip, NULL, 0), EMB_OK);
    assert_int_equal(emb_secid_parse("38259P102", &other, NULL, 0), EMB_OK);
    assert_int_equal(emb_secid_parse("B0YBKJ7", &sedol, NULL, 0), EMB_OK);
    assert_int_equal(emb_secid_parse("GB00B0YBKJ77", &gb, NULL, 0), EMB_OK);
    assert_int_equal(emb_secid_parse("0728 HK", &t1, NULL, 0), EMB_OK);
    assert_int_equal(emb_secid_parse("HKG:728", &t2, NULL, 0), EMB_OK);
    assert_int_equal(emb_secid_parse("0728", &bare, NULL, 0), EMB_OK);
    assert_true(emb_secid_same(&isin, &cusip));
    assert_true(emb_secid_same(&cusip, &isin));
    assert_false(emb_secid_same(&isin, &other));
    assert_true(emb_secid_same(&gb, &sedol));
    assert_false(emb_secid_same(&isin, &sedol));
    assert_true(emb_secid_same(&t1, &t2));
    assert_false(emb_secid_same(&t1, &bare));
    assert_true(emb_secid_same(&isin, &isin));
    assert_false(emb_secid_same(&isin, NULL));
    emb_secid unknown;
    memset(&unknown, 0, sizeof unknown);
    assert_false(emb_secid_same(&unknown, &unknown));
    /* The 11-character OFAC value matches itself, check or no check. */
    emb_secid a, b;
    assert_int_equal(emb_secid_parse("BRC1EODR004", &a, NULL, 0),
                     EMB_ERR_INVALID);
    assert_int_equal(emb_secid_parse("brc1eodr004", &b, NULL, 0),
                     EMB_ERR_INVALID);
    assert_true(emb_secid_same(&a, &b));
    assert_string_equal(emb_secid_kind_name(EMB_SECID_FIGI), "figi");
    assert_string_equal(emb_secid_kind_name((emb_secid_kind)99), "unknown");
}

/* Every ISIN in OFAC's consolidated list of Dec 2025: three fail. */
static void test_ofac_isins(void **state)
{
    (void)state;
    size_t len;
    char *csv = test_read_file(test_list_path("ofac_cons_2025-12/cons_prim.csv"),
                               &len);
    assert_non_null(csv);
    int total = 0, valid = 0, tickers = 0;
    char bad[4][16] = {{0}};
    for (const char *p = csv; (p = strstr(p, "ISIN ")) != NULL; p += 5) {
        char v[40];
        size_t n = strcspn(p + 5, ";\"");
        if (n >= sizeof v)
            continue;
        memcpy(v, p + 5, n);
        v[n] = '\0';
        emb_secid id;
        int r = emb_secid_parse_as(v, EMB_SECID_ISIN, &id, NULL, 0);
        total++;
        if (r == EMB_OK)
            valid++;
        else if (total - valid <= 4)
            strcpy(bad[total - valid - 1], id.value);
    }
    for (const char *p = csv; (p = strstr(p, "Equity Ticker ")) != NULL;
         p += 14) {
        char v[40], key[32];
        size_t n = strcspn(p + 14, ";\"");
        assert_true(n < sizeof v);
        memcpy(v, p + 14, n);
        v[n] = '\0';
        assert_int_equal(emb_ticker_normalize(v, key, sizeof key, NULL, 0),
                         EMB_OK);
        tickers++;
    }
    free(csv);
    assert_int_equal(total, 165);
    assert_int_equal(valid, 162);
    assert_string_equal(bad[0], "BRC1EODR004");
    assert_string_equal(bad[1], "CND10002K094");
    assert_string_equal(bad[2], "CND10002G601");
    assert_int_equal(tickers, 69);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_digits),
        cmocka_unit_test(test_single_changes_fail),
        cmocka_unit_test(test_detection),
        cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_builders),
        cmocka_unit_test(test_same),
        cmocka_unit_test(test_ofac_isins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
