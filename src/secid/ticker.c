/*
 * ticker.c - exchange tickers: one canonical key for every vendor's
 * spelling of a listing.
 *
 * The key is "<symbol> <market>", market being the ISO 3166 country of the
 * listing: "0728 HK", "002415 CN", "CHA US". Country codes rather than one
 * vendor's exchange codes because that is how OFAC writes its "Equity
 * Ticker" values (002415 CN, ZCHA DE, K3ED SG, C1HL34 BR, CHA RU), and the
 * key exists to match against those. The venue, when the text tells it,
 * is kept apart as an ISO 10383 MIC. DOMAIN.md 3.5 recommends (local code,
 * MIC) pairs with leading zeros kept; the key is that idea at the country
 * level, because most inputs (Bloomberg composites, OFAC) name no venue.
 *
 * Three spellings are read:
 *  - Bloomberg "SYMBOL CODE [Equity]" ("700 HK Equity", "CHA UN"), which
 *    OFAC imitates with country codes instead of Bloomberg's;
 *  - Yahoo "SYMBOL.SUFFIX" ("0728.HK", "600845.SS"; no suffix for US);
 *  - prefix "VENUE:SYMBOL" as Google Finance and others write it
 *    ("HKG:0728", "SHA:600845", "NYSE:CHA"), including MICs ("XHKG:0728").
 *
 * Ambiguities and how they are resolved:
 *  - Bloomberg's CH is China (composite) and CN Canada; OFAC's CN is China
 *    and an ISO CH would be Switzerland. Mainland A/B-share codes are
 *    always 6 digits and Canadian and Swiss symbols never are, so a 6-digit
 *    numeric symbol with CN or CH is China and otherwise CN is Canada and
 *    CH Switzerland.
 *  - Other Bloomberg codes that are also ISO codes of a different country
 *    (GR Germany/Greece, ID Ireland/Indonesia, PL Portugal/Poland, SE
 *    Switzerland/Sweden, IT Israel/Italy, NA Netherlands/Namibia ...) are
 *    read as Bloomberg's in "SYMBOL CODE" form. The ISO codes OFAC uses
 *    that Bloomberg does not (DE, SG, BR, CA) are read as countries, and
 *    any other two-letter code is kept as written.
 *  - Yahoo's ".SG" is Stuttgart and ".CN" the Canadian Securities
 *    Exchange: suffixes are only looked up in the Yahoo table.
 *  - Hong Kong codes are 5 digits at HKEX, written without leading zeros
 *    by Bloomberg ("700 HK") and with 4 digits by Yahoo ("0700.HK"); the
 *    key strips zeros and pads to 4 ("0728", "0317", "1800").
 *  - A bare symbol names no market and keeps none in its key.
 *
 * Sources of the code tables (cited per table below): Yahoo suffixes from
 * the GnuCash manual, appendix A.4 (Yahoo codes for exchanges and
 * markets) and yfinance's MIC-to-suffix map; Bloomberg codes with their
 * MICs from a published Bloomberg exchange list
 * (gist.github.com/masaakif/5828070) and DOMAIN.md 3.5; mainland code
 * prefixes from DOMAIN.md 3.5 (600/601/603/688/900 Shanghai, 00/30
 * Shenzhen; 200 is Shenzhen's B-share range); OFAC spellings from the
 * bundled OFAC consolidated list.
 */
#include <ctype.h>
#include <string.h>

#include "secid/secid.h"
#include "text/text.h"

#define SYMBOL_MAX 20 /* longest symbol kept in a key */
#define BARE_MAX 6    /* longest bare symbol (no market) taken as a ticker */

typedef struct market {
    const char *code;    /* as written in the input, upper case */
    const char *country; /* ISO 3166 country of the market: the key's code */
    const char *mic;     /* ISO 10383 MIC, "" for a composite */
} market;

/* Bloomberg exchange codes (masaakif/5828070; US/UN/UQ/UW/UA/UP and the
 * composites as DOMAIN.md 3.5 describes). CN and CH are handled in code. */
static const market bloomberg[] = {
    {"US", "US", ""},     {"UN", "US", "XNYS"}, {"UQ", "US", "XNAS"},
    {"UW", "US", "XNAS"}, {"UR", "US", "XNAS"}, {"UA", "US", "XASE"},
    {"UP", "US", "ARCX"}, {"UV", "US", ""},     {"HK", "HK", "XHKG"},
    {"CG", "CN", "XSHG"}, {"CS", "CN", "XSHE"}, {"CT", "CA", "XTSE"},
    {"CV", "CA", "XTSX"}, {"LN", "GB", "XLON"}, {"GR", "DE", ""},
    {"GY", "DE", "XETR"}, {"GF", "DE", "XFRA"}, {"FP", "FR", "XPAR"},
    {"JP", "JP", ""},     {"JT", "JP", "XTKS"}, {"SP", "SG", "XSES"},
    {"KS", "KR", ""},     {"KP", "KR", "XKRX"}, {"KQ", "KR", "XKOS"},
    {"AU", "AU", "XASX"}, {"NA", "NL", "XAMS"}, {"BB", "BE", "XBRU"},
    {"IM", "IT", "MTAA"}, {"SM", "ES", ""},     {"SW", "CH", ""},
    {"SE", "CH", "XSWX"}, {"VX", "CH", "XVTX"}, {"SS", "SE", "XSTO"},
    {"DC", "DK", "XCSE"}, {"FH", "FI", "XHEL"}, {"NO", "NO", ""},
    {"AV", "AT", "XWBO"}, {"ID", "IE", "XDUB"}, {"PL", "PT", "XLIS"},
    {"PW", "PL", ""},     {"GA", "GR", "XATH"}, {"TT", "TW", ""},
    {"IN", "IN", ""},     {"IB", "IN", "XBOM"}, {"IS", "IN", "XNSE"},
    {"BZ", "BR", ""},     {"BS", "BR", "BVMF"}, {"MM", "MX", ""},
    {"SJ", "ZA", "XJSE"}, {"RU", "RU", "RTSX"}, {"RM", "RU", "MISX"},
    {"NZ", "NZ", ""},     {"MK", "MY", ""},     {"PM", "PH", ""},
    {"IJ", "ID", "XIDX"}, {"IT", "IL", "XTAE"}, {"CC", "CL", "XSGO"},
    {"AR", "AR", ""},     {"EY", "EG", "XCAI"}, {"HB", "HU", "XBUD"},
    {"CP", "CZ", "XPRA"}, {"LX", "LU", ""},     {"PE", "PE", ""},
    /* ISO country codes as OFAC writes them where Bloomberg has none. */
    {"DE", "DE", ""},     {"SG", "SG", ""},     {"BR", "BR", ""},
    {"CA", "CA", ""},
};

/* Yahoo suffixes (GnuCash manual A.4; yfinance's MIC map). ".SH" is not
 * Yahoo's but is common for Shanghai ("603019.SH", DOMAIN.md S34). */
static const market yahoo[] = {
    {"HK", "HK", "XHKG"},  {"SS", "CN", "XSHG"}, {"SH", "CN", "XSHG"},
    {"SZ", "CN", "XSHE"},  {"L", "GB", "XLON"},  {"IL", "GB", "XLON"},
    {"DE", "DE", "XETR"},  {"F", "DE", "XFRA"},  {"BE", "DE", "XBER"},
    {"DU", "DE", "XDUS"},  {"HM", "DE", "XHAM"}, {"HA", "DE", "XHAN"},
    {"MU", "DE", "XMUN"},  {"SG", "DE", "XSTU"}, {"PA", "FR", "XPAR"},
    {"T", "JP", "XTKS"},   {"TO", "CA", "XTSE"}, {"V", "CA", "XTSX"},
    {"CN", "CA", "XCNQ"},  {"NE", "CA", "NEOE"}, {"AX", "AU", "XASX"},
    {"SI", "SG", "XSES"},  {"KS", "KR", "XKRX"}, {"KQ", "KR", "XKOS"},
    {"TW", "TW", "XTAI"},  {"TWO", "TW", "ROCO"}, {"NS", "IN", "XNSE"},
    {"BO", "IN", "XBOM"},  {"SA", "BR", "BVMF"}, {"BA", "AR", "XBUE"},
    {"AS", "NL", "XAMS"},  {"BR", "BE", "XBRU"}, {"MI", "IT", "XMIL"},
    {"MC", "ES", "XMAD"},  {"SW", "CH", "XSWX"}, {"ST", "SE", "XSTO"},
    {"CO", "DK", "XCSE"},  {"HE", "FI", "XHEL"}, {"OL", "NO", "XOSL"},
    {"VI", "AT", "XWBO"},  {"IR", "IE", "XDUB"}, {"LS", "PT", "XLIS"},
    {"ME", "RU", "MISX"},  {"MX", "MX", "XMEX"}, {"NZ", "NZ", "XNZE"},
    {"JK", "ID", "XIDX"},  {"KL", "MY", "XKLS"}, {"BK", "TH", "XBKK"},
    {"TA", "IL", "XTAE"},  {"JO", "ZA", "XJSE"}, {"SN", "CL", "XSGO"},
    {"AT", "GR", "XATH"},
};

/* Venue names and MICs used as "VENUE:SYMBOL" prefixes (Google Finance
 * style names; MICs from ISO 10383). "TSE" is left out: Google uses it
 * for Toronto and others for Tokyo. */
static const market venues[] = {
    {"HKG", "HK", "XHKG"},     {"HKEX", "HK", "XHKG"},
    {"SEHK", "HK", "XHKG"},    {"XHKG", "HK", "XHKG"},
    {"SHA", "CN", "XSHG"},     {"SSE", "CN", "XSHG"},
    {"SHSE", "CN", "XSHG"},    {"XSHG", "CN", "XSHG"},
    {"SHE", "CN", "XSHE"},     {"SZSE", "CN", "XSHE"},
    {"XSHE", "CN", "XSHE"},    {"NYSE", "US", "XNYS"},
    {"XNYS", "US", "XNYS"},    {"NASDAQ", "US", "XNAS"},
    {"XNAS", "US", "XNAS"},    {"XNGS", "US", "XNAS"},
    {"XNMS", "US", "XNAS"},    {"XNCM", "US", "XNAS"},
    {"AMEX", "US", "XASE"},    {"NYSEAMERICAN", "US", "XASE"},
    {"XASE", "US", "XASE"},    {"NYSEARCA", "US", "ARCX"},
    {"ARCA", "US", "ARCX"},    {"ARCX", "US", "ARCX"},
    {"OTC", "US", ""},         {"OTCMKTS", "US", ""},
    {"LON", "GB", "XLON"},     {"LSE", "GB", "XLON"},
    {"XLON", "GB", "XLON"},    {"ETR", "DE", "XETR"},
    {"XETRA", "DE", "XETR"},   {"XETR", "DE", "XETR"},
    {"FRA", "DE", "XFRA"},     {"XFRA", "DE", "XFRA"},
    {"TYO", "JP", "XTKS"},     {"XTKS", "JP", "XTKS"},
    {"TSX", "CA", "XTSE"},     {"XTSE", "CA", "XTSE"},
    {"CVE", "CA", "XTSX"},     {"TSXV", "CA", "XTSX"},
    {"XTSX", "CA", "XTSX"},    {"ASX", "AU", "XASX"},
    {"XASX", "AU", "XASX"},    {"SGX", "SG", "XSES"},
    {"XSES", "SG", "XSES"},    {"KRX", "KR", "XKRX"},
    {"XKRX", "KR", "XKRX"},    {"KOSDAQ", "KR", "XKOS"},
    {"XKOS", "KR", "XKOS"},    {"EPA", "FR", "XPAR"},
    {"XPAR", "FR", "XPAR"},    {"AMS", "NL", "XAMS"},
    {"XAMS", "NL", "XAMS"},    {"BIT", "IT", "XMIL"},
    {"XMIL", "IT", "XMIL"},    {"SWX", "CH", "XSWX"},
    {"XSWX", "CH", "XSWX"},    {"BVMF", "BR", "BVMF"},
    {"XBUE", "AR", "XBUE"},    {"MCX", "RU", "MISX"},
    {"MOEX", "RU", "MISX"},    {"MISX", "RU", "MISX"},
    {"TPE", "TW", "XTAI"},     {"XTAI", "TW", "XTAI"},
    {"NSE", "IN", "XNSE"},     {"XNSE", "IN", "XNSE"},
    {"BOM", "IN", "XBOM"},     {"XBOM", "IN", "XBOM"},
};

#define NELEM(a) (sizeof(a) / sizeof *(a))

static const market *lookup(const market *t, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].code, code))
            return &t[i];
    return NULL;
}

/* Mainland venue from the code's prefix (DOMAIN.md 3.5), "" if unknown. */
static const char *china_mic(const char *code)
{
    if (code[0] == '6' || code[0] == '9')
        return "XSHG";
    if (code[0] == '0' || code[0] == '3' || code[0] == '2')
        return "XSHE";
    return "";
}

/* The market of a Bloomberg-form code after `symbol`, or NULL. *tmp holds
 * the result for codes that are not in a table. */
static const market *bloomberg_market(const char *code, const char *symbol,
                                      market *tmp)
{
    static const market china = {"CN", "CN", ""};
    static const market canada = {"CN", "CA", ""};
    static const market swiss = {"CH", "CH", ""};
    if (!strcmp(code, "CN") || !strcmp(code, "CH")) {
        if (strlen(symbol) == 6 && text_all_digits(symbol, 6))
            return &china;
        return code[1] == 'N' ? &canada : &swiss;
    }
    const market *m = lookup(bloomberg, NELEM(bloomberg), code);
    if (m)
        return m;
    if (strlen(code) == 2 && isupper((unsigned char)code[0]) &&
        isupper((unsigned char)code[1])) {
        tmp->code = code;
        tmp->country = code;
        tmp->mic = "";
        return tmp;
    }
    return NULL;
}

/* Upper case, tabs to spaces, runs of spaces collapsed, trimmed. */
static void tidy(const char *in, char *out, size_t out_len)
{
    size_t n = 0;
    int space = 0;
    for (; *in && n + 1 < out_len; in++) {
        unsigned char c = (unsigned char)*in;
        if (c == ' ' || c == '\t') {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < out_len)
            out[n++] = ' ';
        space = 0;
        out[n++] = (char)toupper(c);
    }
    out[n] = '\0';
}

/* Normalises a symbol: A-Z 0-9, and one of '-', '.', '/' between them as
 * a share-class separator (written '/'). */
static int symbol_norm(const char *in, char *out, char *why, size_t why_len)
{
    size_t n = strlen(in), k = 0;
    if (n == 0) {
        secid_why(why, why_len, "ticker symbol is empty");
        return EMB_ERR_INVALID;
    }
    if (n > SYMBOL_MAX) {
        secid_why(why, why_len,
                  "ticker symbol %s has %zu characters, more than %d", in, n,
                  SYMBOL_MAX);
        return EMB_ERR_INVALID;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (isupper(c) || isdigit(c)) {
            out[k++] = (char)c;
        } else if (c == '-' || c == '.' || c == '/') {
            if (k == 0 || i + 1 == n || out[k - 1] == '/') {
                secid_why(why, why_len,
                          "ticker symbol %s has a misplaced '%c'", in, c);
                return EMB_ERR_INVALID;
            }
            out[k++] = '/';
        } else {
            secid_why(why, why_len, "ticker symbol %s contains '%c'", in, c);
            return EMB_ERR_INVALID;
        }
    }
    out[k] = '\0';
    return EMB_OK;
}

/* Fills out from a raw symbol and its market (NULL: none). */
static int finish(const char *raw, const market *m, emb_secid *out,
                  char *why, size_t why_len)
{
    char sym[SYMBOL_MAX + 1];
    int r = symbol_norm(raw, sym, why, why_len);
    if (r != EMB_OK)
        return r;
    const char *mic = m ? m->mic : "";
    if (m && !strcmp(m->country, "HK")) {
        if (!text_all_digits(sym, strlen(sym))) {
            secid_why(why, why_len, "Hong Kong code %s is not numeric", sym);
            return EMB_ERR_INVALID;
        }
        const char *p = sym;
        while (*p == '0')
            p++;
        size_t len = strlen(p);
        if (len == 0 || len > 5) {
            secid_why(why, why_len,
                      len ? "Hong Kong code %s has more than 5 digits"
                          : "Hong Kong code %s is zero",
                      sym);
            return EMB_ERR_INVALID;
        }
        char padded[8] = "0000";
        memcpy(padded + (len < 4 ? 4 - len : 0), p, len + 1);
        memcpy(sym, padded, strlen(padded) + 1);
    } else if (m && !strcmp(m->country, "CN")) {
        if (strlen(sym) != 6 || !text_all_digits(sym, strlen(sym))) {
            secid_why(why, why_len,
                      "mainland China code %s is not 6 digits", sym);
            return EMB_ERR_INVALID;
        }
        if (!*mic)
            mic = china_mic(sym);
    }
    out->kind = EMB_SECID_TICKER;
    secid_copy(out->ticker, sizeof out->ticker, sym, strlen(sym));
    if (m) {
        secid_copy(out->country, sizeof out->country, m->country, 2);
        secid_copy(out->exchange, sizeof out->exchange, m->country, 2);
        secid_copy(out->mic, sizeof out->mic, mic, strlen(mic));
    }
    size_t sl = strlen(sym);
    memcpy(out->value, sym, sl);
    if (m) {
        out->value[sl] = ' ';
        memcpy(out->value + sl + 1, m->country, 3);
    } else {
        out->value[sl] = '\0';
    }
    out->check_ok = 1;
    return EMB_OK;
}

/* "603019CN" (OFAC once omitted the space): 4-6 digits then 2 letters
 * that are a known market code. Returns the split point or 0. */
static size_t glued_split(const char *s)
{
    size_t d = 0;
    while (isdigit((unsigned char)s[d]))
        d++;
    if (d < 4 || d > 6 || strlen(s + d) != 2)
        return 0;
    if (!strcmp(s + d, "CN") || !strcmp(s + d, "CH") ||
        lookup(bloomberg, NELEM(bloomberg), s + d))
        return d;
    return 0;
}

int secid_ticker_parse(const char *text, emb_secid *out, char *why,
                       size_t why_len)
{
    char buf[EMB_SECID_MAX_INPUT + 1];
    market tmp;
    tidy(text, buf, sizeof buf);
    memset(out, 0, sizeof *out);
    out->kind = EMB_SECID_TICKER;
    secid_copy(out->value, sizeof out->value, buf, strlen(buf));
    if (!buf[0]) {
        secid_why(why, why_len, "ticker is empty");
        return EMB_ERR_INVALID;
    }
    /* Bloomberg's yellow key. */
    size_t n = strlen(buf);
    if (n > 7 && !strcmp(buf + n - 7, " EQUITY"))
        buf[n -= 7] = '\0';

    char *colon = strchr(buf, ':');
    if (colon) {
        *colon = '\0';
        char *sym = colon + 1;
        while (*sym == ' ')
            sym++;
        char *end = colon;
        while (end > buf && end[-1] == ' ')
            *--end = '\0';
        if (!buf[0]) {
            secid_why(why, why_len, "exchange prefix is empty");
            return EMB_ERR_INVALID;
        }
        const market *m = lookup(venues, NELEM(venues), buf);
        if (!m && strlen(buf) == 2)
            m = bloomberg_market(buf, sym, &tmp);
        if (!m) {
            secid_why(why, why_len, "unknown exchange prefix %s", buf);
            return EMB_ERR_INVALID;
        }
        return finish(sym, m, out, why, why_len);
    }
    char *space = strrchr(buf, ' ');
    if (space) {
        *space = '\0';
        const char *code = space + 1;
        if (strchr(buf, ' ')) {
            secid_why(why, why_len,
                      "ticker has more than a symbol and an exchange code");
            return EMB_ERR_INVALID;
        }
        const market *m = bloomberg_market(code, buf, &tmp);
        if (!m) {
            secid_why(why, why_len, "unknown exchange code %s", code);
            return EMB_ERR_INVALID;
        }
        return finish(buf, m, out, why, why_len);
    }
    char *dot = strrchr(buf, '.');
    if (dot) {
        const market *m = lookup(yahoo, NELEM(yahoo), dot + 1);
        if (m) {
            *dot = '\0';
            return finish(buf, m, out, why, why_len);
        }
        /* "BRK.B": a share class, no market. */
    }
    size_t split = glued_split(buf);
    if (split) {
        char code[3] = {buf[split], buf[split + 1], 0};
        buf[split] = '\0';
        return finish(buf, bloomberg_market(code, buf, &tmp), out, why,
                      why_len);
    }
    size_t alnum = 0;
    for (const char *p = buf; *p; p++)
        alnum += isalnum((unsigned char)*p) != 0;
    if (alnum > BARE_MAX) {
        secid_why(why, why_len,
                  "ticker %s names no market and is longer than %d "
                  "characters",
                  buf, BARE_MAX);
        return EMB_ERR_INVALID;
    }
    return finish(buf, NULL, out, why, why_len);
}

int emb_ticker_normalize(const char *text, char *key, size_t key_len,
                         char *why, size_t why_len)
{
    secid_why(why, why_len, "%s", "");
    if (!text || !key || key_len == 0)
        return EMB_ERR_USAGE;
    key[0] = '\0';
    char buf[EMB_SECID_MAX_INPUT + 1];
    int r = secid_clean_input(text, buf, why, why_len);
    if (r != EMB_OK)
        return r;
    emb_secid id;
    r = secid_ticker_parse(buf, &id, why, why_len);
    if (r != EMB_OK)
        return r;
    size_t n = strlen(id.value);
    if (n >= key_len) {
        secid_why(why, why_len, "key needs %zu bytes", n + 1);
        return EMB_ERR_LIMIT;
    }
    memcpy(key, id.value, n + 1);
    return EMB_OK;
}

int emb_ticker_key(const char *symbol, const char *exchange, char *key,
                   size_t key_len, char *why, size_t why_len)
{
    secid_why(why, why_len, "%s", "");
    if (!symbol || !key || key_len == 0)
        return EMB_ERR_USAGE;
    key[0] = '\0';
    if (!exchange || !*exchange)
        return emb_ticker_normalize(symbol, key, key_len, why, why_len);
    if (strchr(symbol, ':') || strchr(exchange, ':')) {
        secid_why(why, why_len, "symbol or exchange contains ':'");
        return EMB_ERR_INVALID;
    }
    char text[2 * EMB_SECID_MAX_INPUT + 4];
    size_t sl = strnlen(symbol, EMB_SECID_MAX_INPUT + 1);
    size_t el = strnlen(exchange, EMB_SECID_MAX_INPUT + 1);
    while (el > 0 && isspace((unsigned char)exchange[el - 1]))
        el--;
    while (el > 0 && isspace((unsigned char)*exchange)) {
        exchange++;
        el--;
    }
    if (sl > EMB_SECID_MAX_INPUT || el > EMB_SECID_MAX_INPUT) {
        secid_why(why, why_len, "identifier is longer than %d characters",
                  EMB_SECID_MAX_INPUT);
        return EMB_ERR_INVALID;
    }
    size_t n = 0;
    if (exchange[0] == '.') { /* a Yahoo suffix: SYMBOL.SUFFIX */
        memcpy(text, symbol, sl);
        memcpy(text + sl, exchange, el);
        n = sl + el;
    } else { /* VENUE:SYMBOL */
        memcpy(text, exchange, el);
        text[el] = ':';
        memcpy(text + el + 1, symbol, sl);
        n = el + 1 + sl;
    }
    text[n] = '\0';
    return emb_ticker_normalize(text, key, key_len, why, why_len);
}
