/* test_ticker.c - ticker keys: every vendor spelling of a listing gives
 * one key, OFAC's spellings included, and every failure says why. */
#include "testutil.h"

#include <string.h>

static void key_is(const char *text, const char *want)
{
    char key[32], why[160];
    int r = emb_ticker_normalize(text, key, sizeof key, why, sizeof why);
    if (r != EMB_OK)
        fail_msg("%s: %s", text, why);
    assert_string_equal(key, want);
    assert_string_equal(why, "");
}

static void key_fails(const char *text, const char *reason)
{
    char key[32] = "x", why[160];
    assert_int_equal(emb_ticker_normalize(text, key, sizeof key, why,
                                          sizeof why),
                     EMB_ERR_INVALID);
    assert_string_equal(why, reason);
    assert_string_equal(key, "");
}

static void pair_is(const char *symbol, const char *exchange,
                    const char *want)
{
    char key[32], why[160];
    int r = emb_ticker_key(symbol, exchange, key, sizeof key, why, sizeof why);
    if (r != EMB_OK)
        fail_msg("%s/%s: %s", symbol, exchange ? exchange : "-", why);
    assert_string_equal(key, want);
}

static void test_same_listing(void **state)
{
    (void)state;
    /* China Aerospace International (OFAC: Equity Ticker 0728 HK). */
    key_is("0728 HK", "0728 HK");
    key_is("0728.HK", "0728 HK");
    key_is("HKG:0728", "0728 HK");
    key_is("728 HK", "0728 HK");
    key_is("XHKG:0728", "0728 HK");
    key_is("00728 HK", "0728 HK");
    key_is("728 HK Equity", "0728 HK");
    key_is("0728.hk", "0728 HK");
    key_is("SEHK: 728", "0728 HK");
    /* Hikvision (OFAC: 002415 CN). */
    key_is("002415 CN", "002415 CN");
    key_is("002415.SZ", "002415 CN");
    key_is("SHE:002415", "002415 CN");
    key_is("002415 CH", "002415 CN");
    key_is("002415 CS", "002415 CN");
    key_is("XSHE:002415", "002415 CN");
    /* Shanghai and ChiNext codes. */
    key_is("600845.SS", "600845 CN");
    key_is("600845 CH", "600845 CN");
    key_is("SHA:600845", "600845 CN");
    key_is("600845.SH", "600845 CN");
    key_is("300367.SZ", "300367 CN");
    key_is("300367 CH", "300367 CN");
    /* China Telecom ADR (OFAC: CHA US). */
    key_is("CHA US", "CHA US");
    key_is("NYSE:CHA", "CHA US");
    key_is("CHA UN", "CHA US");
    key_is("XNYS:CHA", "CHA US");
    key_is("cha us equity", "CHA US");
    /* OFAC's other spellings stay as OFAC writes them. */
    key_is("ZCHA DE", "ZCHA DE");
    key_is("K3ED SG", "K3ED SG");
    key_is("CHA AR", "CHA AR");
    key_is("CHA RU", "CHA RU");
    key_is("C1HL34 BR", "C1HL34 BR");
    key_is("CNU CA", "CNU CA");
    key_is("ROSB", "ROSB");
    /* OFAC's irregular spacing. */
    key_is("603019CN", "603019 CN");
    key_is("002389  CN", "002389 CN");
    key_is("00317  HK", "0317 HK");
    key_is("01800 HK", "1800 HK");
    key_is("941 HK", "0941 HK");
    /* HK codes above 9999 keep 5 digits. */
    key_is("80737 HK", "80737 HK");
    key_is("80737.HK", "80737 HK");
}

static void test_exchanges(void **state)
{
    (void)state;
    /* Bloomberg's CN is Canada unless the symbol is a mainland code. */
    key_is("RY CN", "RY CA");
    key_is("RY.TO", "RY CA");
    key_is("TSX:RY", "RY CA");
    key_is("NESN CH", "NESN CH");
    key_is("NESN SW", "NESN CH");
    key_is("NESN.SW", "NESN CH");
    /* Germany: Bloomberg GR/GY/GF, Yahoo .DE/.F/.SG (Stuttgart), OFAC DE. */
    key_is("ZCHA GR", "ZCHA DE");
    key_is("ZCHA GY", "ZCHA DE");
    key_is("ZCHA.F", "ZCHA DE");
    key_is("ZCHA.DE", "ZCHA DE");
    key_is("ZCHA.SG", "ZCHA DE");
    key_is("ETR:ZCHA", "ZCHA DE");
    /* Singapore: Bloomberg SP, Yahoo .SI, OFAC SG. */
    key_is("K3ED SP", "K3ED SG");
    key_is("K3ED.SI", "K3ED SG");
    key_is("SGX:K3ED", "K3ED SG");
    /* London, Tokyo, Nasdaq. */
    key_is("VOD LN", "VOD GB");
    key_is("VOD.L", "VOD GB");
    key_is("LON:VOD", "VOD GB");
    key_is("7203 JT", "7203 JP");
    key_is("7203.T", "7203 JP");
    key_is("TYO:7203", "7203 JP");
    key_is("AAPL UW", "AAPL US");
    key_is("NASDAQ:AAPL", "AAPL US");
    /* Share classes. */
    key_is("BRK-B", "BRK/B");
    key_is("BRK.B", "BRK/B");
    key_is("BRK/B US", "BRK/B US");
    key_is("BRK.B US", "BRK/B US");
    key_is("NYSE:BRK.B", "BRK/B US");
    key_is("BT-A.L", "BT/A GB");
    /* An unknown two-letter code is kept as written. */
    key_is("ABC QQ", "ABC QQ");

    pair_is("CHA", "NYSE", "CHA US");
    pair_is("CHA", "XNYS", "CHA US");
    pair_is("CHA", "UN", "CHA US");
    pair_is("0728", ".HK", "0728 HK");
    pair_is("728", "HK", "0728 HK");
    pair_is("600845", "CH", "600845 CN");
    pair_is("002415", " SZSE ", "002415 CN");
    pair_is("RY", "CN", "RY CA");
    pair_is("CHA", NULL, "CHA");
    pair_is("CHA", "", "CHA");
}

static void test_fields(void **state)
{
    (void)state;
    emb_secid id;
    assert_int_equal(emb_secid_parse("0728.HK", &id, NULL, 0), EMB_OK);
    assert_int_equal(id.kind, EMB_SECID_TICKER);
    assert_string_equal(id.value, "0728 HK");
    assert_string_equal(id.ticker, "0728");
    assert_string_equal(id.country, "HK");
    assert_string_equal(id.exchange, "HK");
    assert_string_equal(id.mic, "XHKG");
    assert_int_equal(id.check_ok, 1);
    /* Mainland venue follows the code's prefix. */
    assert_int_equal(emb_secid_parse("002415 CN", &id, NULL, 0), EMB_OK);
    assert_string_equal(id.mic, "XSHE");
    assert_int_equal(emb_secid_parse("688981 CN", &id, NULL, 0), EMB_OK);
    assert_string_equal(id.mic, "XSHG");
    /* A composite names no venue; an exchange does. */
    assert_int_equal(emb_secid_parse("CHA US", &id, NULL, 0), EMB_OK);
    assert_string_equal(id.mic, "");
    assert_int_equal(emb_secid_parse("NYSE:CHA", &id, NULL, 0), EMB_OK);
    assert_string_equal(id.mic, "XNYS");
    assert_string_equal(id.ticker, "CHA");
    /* A bare symbol has no market. */
    assert_int_equal(emb_secid_parse("ROSB", &id, NULL, 0), EMB_OK);
    assert_int_equal(id.kind, EMB_SECID_TICKER);
    assert_string_equal(id.country, "");
    assert_string_equal(id.exchange, "");
    assert_int_equal(emb_secid_parse("600845", &id, NULL, 0), EMB_OK);
    assert_string_equal(id.value, "600845");
    assert_int_equal(emb_secid_parse_as("0728 HK", EMB_SECID_TICKER, &id,
                                        NULL, 0),
                     EMB_OK);
    assert_string_equal(id.value, "0728 HK");
    /* A failed ticker keeps the text it was given. */
    char why[160];
    assert_int_equal(emb_secid_parse("hello world", &id, why, sizeof why),
                     EMB_ERR_INVALID);
    assert_int_equal(id.kind, EMB_SECID_TICKER);
    assert_string_equal(id.value, "HELLO WORLD");
    assert_string_equal(why, "unknown exchange code WORLD");
    assert_int_equal(id.check_ok, 0);
}

static void test_failures(void **state)
{
    (void)state;
    key_fails("HELLO WORLD", "unknown exchange code WORLD");
    key_fails("ABC HK", "Hong Kong code ABC is not numeric");
    key_fails("1234567 HK", "Hong Kong code 1234567 has more than 5 digits");
    key_fails("0000 HK", "Hong Kong code 0000 is zero");
    key_fails("12345.SS", "mainland China code 12345 is not 6 digits");
    key_fails("SHA:ABCDEF", "mainland China code ABCDEF is not 6 digits");
    key_fails("FOO:BAR", "unknown exchange prefix FOO");
    key_fails(":0728", "exchange prefix is empty");
    key_fails("HKG:", "ticker symbol is empty");
    key_fails("BRK--B US", "ticker symbol BRK--B has a misplaced '-'");
    key_fails("-B US", "ticker symbol -B has a misplaced '-'");
    key_fails("A$B US", "ticker symbol A$B contains '$'");
    key_fails("A B US", "ticker has more than a symbol and an exchange code");
    key_fails("ABCDEFGH",
              "ticker ABCDEFGH names no market and is longer than 6 "
              "characters");
    key_fails("ABCDEFGHIJKLMNOPQRSTU US",
              "ticker symbol ABCDEFGHIJKLMNOPQRSTU has 21 characters, more "
              "than 20");
    key_fails("", "identifier is empty");
    key_fails("0728\x01HK", "identifier contains a control character");

    char key[32], why[160];
    assert_int_equal(emb_ticker_normalize("0728 HK", key, 7, why, sizeof why),
                     EMB_ERR_LIMIT);
    assert_string_equal(why, "key needs 8 bytes");
    assert_string_equal(key, "");
    assert_int_equal(emb_ticker_normalize("0728 HK", key, 8, NULL, 0), EMB_OK);
    assert_string_equal(key, "0728 HK");
    assert_int_equal(emb_ticker_normalize(NULL, key, sizeof key, NULL, 0),
                     EMB_ERR_USAGE);
    assert_int_equal(emb_ticker_normalize("CHA US", NULL, 8, NULL, 0),
                     EMB_ERR_USAGE);
    assert_int_equal(emb_ticker_normalize("CHA US", key, 0, NULL, 0),
                     EMB_ERR_USAGE);
    assert_int_equal(emb_ticker_key("CHA", "FOO", key, sizeof key, why,
                                    sizeof why),
                     EMB_ERR_INVALID);
    assert_string_equal(why, "unknown exchange prefix FOO");
    assert_int_equal(emb_ticker_key("HKG:0728", "NYSE", key, sizeof key, why,
                                    sizeof why),
                     EMB_ERR_INVALID);
    assert_string_equal(why, "symbol or exchange contains ':'");
    assert_int_equal(emb_ticker_key(NULL, "NYSE", key, sizeof key, NULL, 0),
                     EMB_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_listing),
        cmocka_unit_test(test_exchanges),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
