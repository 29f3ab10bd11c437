/*
 * transliterate.c - non-ASCII names to ASCII text, and the text_ctx that
 * holds what this needs: two ICU transliterators and scratch buffers
 * sized for the largest input, so a call allocates nothing.
 *
 * Steps, each skipped when it has nothing to do:
 *  1. utf8proc: compatibility decomposition (NFKD: full-width letters,
 *     ligatures), case folding, default ignorables removed, dashes and
 *     quotes lumped to ASCII. Combining marks that follow a Latin letter
 *     are dropped (diacritics: é -> e, TX_ASCII); marks on other scripts
 *     are kept and everything is recomposed (NFKC), since й, Hangul and
 *     kana voicing marks are letters, not decoration.
 *  2. Chinese company vocabulary (cjk_company.c) over runs of Han,
 *     written in simplified characters first (simplified(): ICU's
 *     "Traditional-Simplified", and the Japanese forms it leaves through
 *     cjk_japanese_form(), so 中國鐵建 and 中国鉄建 are 中国铁建): the
 *     longest known word at each position becomes English, each remaining
 *     run one pinyin word ("Han-Latin; Latin-ASCII", spaces removed). A
 *     name of 2 to 4 Han characters with no company word is read as a
 *     personal name: family name and given name ("习近平" -> "xi jinping").
 *  3. ICU for any other script: "Greek-Latin/UNGEGN" (after
 *     greek_foreign() has written the letters Greek spells foreign
 *     sounds with: μπ b, ντ d, γκ g, ου u, γι y, χ kh), "Russian-Latin/BGN" (or
 *     "Ukrainian-Latin/BGN" when і ї є ґ appear),
 *     then "Any-Latin" (Arabic, kana ...) and "Latin-ASCII". Hebrew goes
 *     through rules of its own first (HEBREW_RULES), which read names:
 *     vav and yod as the vowels or consonants they stand for, the
 *     letters' final forms and geresh (ג׳ j, צ׳ ch), bet as v inside a
 *     word ("סרגיי לברוב" -> "srgei lvrov", not ICU's "srgyy lbrwb").
 *     Arabic words are prepared by put_arabic_word() (article split off:
 *     "التكريتي" -> "al tkryty"; Urdu letter forms as the Arabic letters;
 *     in a name with Persian or Urdu letters, ذ ض ظ as z and ث as s).
 *     Hangul syllables do not go to ICU, whose
 *     Revised Romanisation ("gim jeong eun") is not how the US and UN
 *     lists write Korean names: put_hangul() writes each syllable as one
 *     word in McCune-Reischauer without diacritics, the lists' spelling
 *     (김정은 -> "kim jong un", 리병철 -> "ri pyong chol", 최룡해 ->
 *     "choe ryong hae"). Nor does katakana, which kana.c reads as the
 *     foreign names it writes ("セルゲイ・ラブロフ" -> "sergei rabrof"),
 *     and a Korean name in it as the lists write Korean names.
 *  4. To ASCII: letters and digits stay, apostrophe-like marks become "'"
 *     (dropped inside a word), other punctuation ",", anything left over a
 *     space. Controls become spaces (TX_CONTROL).
 */
#include "text/transliterate.h"
#include "text/lexicon.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <utf8proc.h>

/* utf8proc's NFKD with case folding yields at most 18 code points per
 * 3-byte character (U+FDFA), so 6 per input byte. */
#define CP_CAP (TEXT_MAX_INPUT * 6 + 64)
/* UTF-16 text before and after transliteration; a Han character becomes
 * at most a short English phrase, any other character a few letters. */
#define U16_CAP (TEXT_MAX_INPUT * 32)
#define ASCII_CAP U16_CAP
#define RUN_CAP 256 /* one pinyin run, in UTF-16 units, before joining */
/* one word of katakana read (kana.c): at most 5 letters for a letter of
 * 3 bytes */
#define KANA_CAP (TEXT_MAX_INPUT * 2)

struct text_ctx {
    UTransliterator *generic;   /* BGN Russian, Greek, Any-Latin, ASCII */
    UTransliterator *ukrainian; /* the same with Ukrainian BGN */
    UTransliterator *han;       /* Han-Latin; Latin-ASCII */
    UTransliterator *hebrew;    /* the generic one with HEBREW_RULES */
    UTransliterator *hans;      /* Traditional-Simplified */
    utf8proc_int32_t cp[CP_CAP];
    UChar u16[U16_CAP];
    UChar run[RUN_CAP * 8];
    char kana[KANA_CAP];
    int32_t hans_cp[CP_CAP]; /* a Han run in simplified characters */
    char ascii[ASCII_CAP];
};

static const char *const GENERIC_ID =
    "Greek-Latin/UNGEGN; Russian-Latin/BGN; Any-Latin; Latin-ASCII";
static const char *const UKRAINIAN_ID =
    "Greek-Latin/UNGEGN; Ukrainian-Latin/BGN; Any-Latin; Latin-ASCII";
static const char *const HAN_ID = "Han-Latin; Latin-ASCII";

/* Hebrew names in Latin letters, as the lists write the people and
 * companies that Hebrew spells (Russian, Arabic and other names). Hebrew
 * writes long vowels with its consonant letters and leaves short ones out:
 * vav is v at the start of a word, doubled v there and w inside (the w
 * of Arabic names: Sinwar), else o; yod is y at the start of a word,
 * doubled yod ei at the end (Sergei) and y inside, else i; alef and ayin
 * are a, or with the vav or yod after them at the start of a word o or i
 * (Oleg, Igor), with a double yod ay (Ayman). The word בן is ben, as
 * Latin names write it (not bn, the Arabic bin that the matcher passes
 * over). Bet, kaf and pe are b, k and p at the start of a word and v, kh
 * and p inside (kaf before samekh, k: Aleksandr);
 * final pe f, final he a; het h, the Arabic ح it writes (with a geresh,
 * kh: the Arabic خ; the Russian х is kh or h in the lists). A geresh
 * makes ג ז צ ת ד ח ע the sounds Hebrew lacks: j, zh, ch, th, dh, kh, gh.
 * Points and accents are dropped. A rule that looks back sees letters
 * already written in Latin, so a word start is "not after a letter". */
static const char HEBREW_RULES[] =
    ":: Greek-Latin/UNGEGN ;"
    ":: Russian-Latin/BGN ;"
    "$G = ['\\u05F3] ;"
    "$B = [^[:L:]] ;"
    "[\\u0591-\\u05C7] > ;"
    "\\u05D2 $G > j ; \\u05D6 $G > zh ; \\u05E6 $G > ch ; \\u05E5 $G > ch ;"
    "\\u05EA $G > th ; \\u05D3 $G > dh ; \\u05D7 $G > kh ; \\u05E2 $G > gh ;"
    "\\u05F0 > v ; \\u05F1 > oi ; \\u05F2 > ei ;"
    "$B { \\u05D5 \\u05D5 > v ; ^ \\u05D5 \\u05D5 > v ;"
    "\\u05D5 \\u05D5 > w ;"
    "$B { \\u05D5 > v ; ^ \\u05D5 > v ; \\u05D5 > o ;"
    "\\u05D9 \\u05D9 } $B > ei ; \\u05D9 \\u05D9 } $ > ei ;"
    "\\u05D9 \\u05D9 > y ;"
    "$B { \\u05D9 > y ; ^ \\u05D9 > y ; \\u05D9 > i ;"
    "$B { \\u05D0 \\u05D9 \\u05D9 > ay ; ^ \\u05D0 \\u05D9 \\u05D9 > ay ;"
    "$B { \\u05D0 \\u05D9 > i ; ^ \\u05D0 \\u05D9 > i ;"
    "$B { \\u05D0 \\u05D5 > o ; ^ \\u05D0 \\u05D5 > o ;"
    "\\u05D0 > a ;"
    "\\u05E2 \\u05D9 > i ; \\u05E2 \\u05D5 > o ; \\u05E2 > a ;"
    "$B { \\u05D1 \\u05DF } $B > ben ; ^ \\u05D1 \\u05DF } $B > ben ;"
    "$B { \\u05D1 \\u05DF } $ > ben ; ^ \\u05D1 \\u05DF } $ > ben ;"
    "$B { \\u05D1 > b ; ^ \\u05D1 > b ; \\u05D1 > v ;"
    "\\u05E4 > p ; \\u05E3 > f ;"
    "\\u05DB } \\u05E1 > k ;"
    "$B { \\u05DB > k ; ^ \\u05DB > k ; \\u05DB > kh ; \\u05DA > kh ;"
    "\\u05D7 > h ;"
    "\\u05D4 } $B > a ; \\u05D4 } $ > a ; \\u05D4 > h ;"
    "\\u05E7 > k ; \\u05D8 > t ; \\u05EA > t ; \\u05E6 > ts ; \\u05E5 > ts ;"
    "\\u05E9 > sh ; \\u05E1 > s ; \\u05D6 > z ; \\u05D2 > g ; \\u05D3 > d ;"
    "\\u05DC > l ; \\u05DE > m ; \\u05DD > m ; \\u05E0 > n ; \\u05DF > n ;"
    "\\u05E8 > r ;"
    "$G > ;"
    ":: Any-Latin ;"
    ":: Latin-ASCII ;";

/* A system transliterator by its id, or (rules not NULL) one of ours
 * named id. */
static UTransliterator *open_trans(const char *id, const char *rules,
                                   int *rc)
{
    UChar uid[128];
    UChar urules[sizeof HEBREW_RULES];
    int32_t rlen = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_uastrcpy(uid, id);
    if (rules) {
        size_t n = strlen(rules);
        if (n >= sizeof urules / sizeof urules[0]) {
            *rc = EMB_ERR_INVALID;
            return NULL;
        }
        rlen = (int32_t)n;
        u_charsToUChars(rules, urules, rlen);
    }
    UParseError pe;
    UTransliterator *t = utrans_openU(uid, -1, UTRANS_FORWARD,
                                      rules ? urules : NULL, rlen, &pe, &st);
    if (U_FAILURE(st) || !t) {
        if (t)
            utrans_close(t);
        *rc = st == U_MEMORY_ALLOCATION_ERROR ? EMB_ERR_NOMEM
                                              : EMB_ERR_INVALID;
        return NULL;
    }
    return t;
}

int text_ctx_open(text_ctx **out)
{
    if (!out)
        return EMB_ERR_USAGE;
    *out = NULL;
    text_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return EMB_ERR_NOMEM;
    int rc = EMB_OK;
    c->generic = open_trans(GENERIC_ID, NULL, &rc);
    if (c->generic)
        c->ukrainian = open_trans(UKRAINIAN_ID, NULL, &rc);
    if (c->ukrainian)
        c->han = open_trans(HAN_ID, NULL, &rc);
    if (c->han)
        c->hebrew = open_trans("embargo-Hebrew-Latin", HEBREW_RULES, &rc);
    if (c->hebrew)
        c->hans = open_trans("Traditional-Simplified", NULL, &rc);
    if (!c->hans) {
        text_ctx_close(c);
        return rc;
    }
    *out = c;
    return EMB_OK;
}

void text_ctx_close(text_ctx *ctx)
{
    if (!ctx)
        return;
    if (ctx->generic)
        utrans_close(ctx->generic);
    if (ctx->ukrainian)
        utrans_close(ctx->ukrainian);
    if (ctx->han)
        utrans_close(ctx->han);
    if (ctx->hebrew)
        utrans_close(ctx->hebrew);
    if (ctx->hans)
        utrans_close(ctx->hans);
    free(ctx);
}

/* ---- character classes ---------------------------------------------- */

static int is_latin_letter(int32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x1E00 && c <= 0x1EFF);
}

static int is_han(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F) ||
           c == 0x3007;
}

static int is_hangul(int32_t c)
{
    return c >= 0xAC00 && c <= 0xD7A3;
}

static int is_kana(int32_t c)
{
    return c >= 0x3041 && c <= 0x30FF && c != 0x30FB && c != 0x30A0;
}

int text_cjk_name(const char *utf8, size_t len, int32_t *out, int max)
{
    int n = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(
            (const utf8proc_uint8_t *)utf8 + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0)
            return 0;
        i += (size_t)k;
        if (text_is_katakana(c))
            return 0; /* foreign names, read as words (kana.c) */
        if (is_han(c) || is_hangul(c) || is_kana(c)) {
            if (n == max)
                return 0;
            out[n++] = c;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO)
            return 0; /* a letter or digit of another script */
    }
    return n >= 2 ? n : 0;
}

static int is_arabic_letter(int32_t c)
{
    return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3);
}

static int is_arabic_mark(int32_t c)
{
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
           (c >= 0x06D6 && c <= 0x06ED);
}

static int is_mark(int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC ||
           k == UTF8PROC_CATEGORY_ME;
}

static int is_control(int32_t c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

/* Latin letters that neither decompose nor fold to ASCII. */
static const char *latin_extra(int32_t c)
{
    switch (c) {
    case 0xDF: return "ss";
    case 0xE6: return "ae";
    case 0xF0: return "d";
    case 0xF8: return "o";
    case 0xFE: return "th";
    case 0x111: return "d";
    case 0x127: return "h";
    case 0x131: return "i";
    case 0x138: return "k";
    case 0x140: return "l";
    case 0x142: return "l";
    case 0x14B: return "n";
    case 0x153: return "oe";
    case 0x167: return "t";
    case 0x17F: return "s";
    case 0x180: return "b";
    case 0x188: return "c";
    case 0x192: return "f";
    case 0x199: return "k";
    case 0x1A5: return "p";
    case 0x1B6: return "z";
    case 0x259: return "e"; /* schwa, Azerbaijani */
    default: return NULL;
    }
}

/* Apostrophes and letter modifiers that mark a sound, not a break:
 * dropped inside a word (ʿAbd, Il'ich, otvet·stvennost). */
static int is_apostrophe(int32_t c)
{
    return c == '\'' || c == '`' || c == 0xB4 || c == 0xB7 ||
           (c >= 0x2B9 && c <= 0x2BF) || c == 0x2C8 || c == 0x2018 ||
           c == 0x2019 || c == 0x201B || c == 0x2032;
}

/* ---- step 1: utf8proc ----------------------------------------------- */

/* NFKD + case fold into ctx->cp, Latin diacritics dropped, recomposed.
 * Returns the number of code points or -1. */
static long fold_and_strip(text_ctx *ctx, const char *utf8, size_t len,
                           uint32_t *applied)
{
    utf8proc_int32_t *cp = ctx->cp;
    utf8proc_ssize_t n = utf8proc_decompose_custom(
        (const utf8proc_uint8_t *)utf8, (utf8proc_ssize_t)len, cp, CP_CAP,
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
            UTF8PROC_IGNORE | UTF8PROC_LUMP,
        NULL, NULL);
    if (n < 0 || n > CP_CAP)
        return -1;
    utf8proc_ssize_t j = 0;
    int latin_base = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        int32_t c = cp[i];
        if (c >= 0x80 && is_mark(c)) {
            if (latin_base) {
                *applied |= TX_ASCII;
                continue;
            }
        } else {
            latin_base = is_latin_letter(c);
        }
        if (is_control(c)) {
            *applied |= TX_CONTROL;
            c = ' ';
        }
        cp[j++] = c;
    }
    n = utf8proc_normalize_utf32(cp, j, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    return n < 0 ? -1 : (long)n;
}

/* ---- UTF-16 output buffer ------------------------------------------- */

typedef struct u16buf {
    UChar *s;
    int32_t n, cap;
} u16buf;

static void u16_put(u16buf *b, int32_t c)
{
    if (c >= 0x10000) {
        if (b->n + 2 <= b->cap) {
            b->s[b->n++] = (UChar)(0xD7C0 + (c >> 10));
            b->s[b->n++] = (UChar)(0xDC00 | (c & 0x3FF));
        }
    } else if (b->n < b->cap) {
        b->s[b->n++] = (UChar)c;
    }
}

static void u16_puts(u16buf *b, const char *s)
{
    for (; *s; s++)
        u16_put(b, (unsigned char)*s);
}

/* ---- step 2: Chinese ------------------------------------------------ */

static size_t compound_surname(const int32_t *cp, size_t n)
{
    static const int32_t two[][2] = {
        {0x6B27, 0x9633}, /* 欧阳 */ {0x53F8, 0x9A6C}, /* 司马 */
        {0x8BF8, 0x845B}, /* 诸葛 */ {0x4E0A, 0x5B98}, /* 上官 */
        {0x590F, 0x4FAF}, /* 夏侯 */ {0x7687, 0x752B}, /* 皇甫 */
        {0x6B50, 0x967D}, /* 歐陽 */ {0x53F8, 0x99AC}, /* 司馬 */
        {0x8AF8, 0x845B}, /* 諸葛 */ {0x4EE4, 0x72D0}, /* 令狐 */
    };
    if (n >= 3)
        for (size_t k = 0; k < sizeof two / sizeof two[0]; k++)
            if (cp[0] == two[k][0] && cp[1] == two[k][1])
                return 2;
    return 1;
}

/* Appends the pinyin of cp[0..n) as one word (no spaces, no tones). */
static void put_pinyin(text_ctx *ctx, const int32_t *cp, size_t n, u16buf *out)
{
    u16buf r = {ctx->run, 0, RUN_CAP};
    for (size_t k = 0; k < n; k++)
        u16_put(&r, cp[k]);
    int32_t len = r.n, limit = r.n;
    UErrorCode st = U_ZERO_ERROR;
    utrans_transUChars(ctx->han, ctx->run, &len, RUN_CAP * 8, 0, &limit, &st);
    if (U_FAILURE(st))
        return;
    for (int32_t k = 0; k < len; k++)
        if (ctx->run[k] != ' ')
            u16_put(out, ctx->run[k]);
}

/* The Han run cp[0..n) in simplified characters, into ctx->hans_cp:
 * Japanese forms first (cjk_japanese_form), then ICU for traditional ones.
 * Returns the number of code points (n, the Japanese forms alone written,
 * when the run is too long for ctx->run or ICU fails). */
static size_t simplified(text_ctx *ctx, const int32_t *cp, size_t n)
{
    u16buf r = {ctx->run, 0, RUN_CAP};
    for (size_t k = 0; k < n; k++)
        u16_put(&r, cjk_japanese_form(cp[k]));
    int32_t len = r.n, limit = r.n;
    UErrorCode st = U_ZERO_ERROR;
    if (r.n < RUN_CAP)
        utrans_transUChars(ctx->hans, ctx->run, &len, RUN_CAP * 8, 0, &limit,
                           &st);
    if (r.n >= RUN_CAP || U_FAILURE(st)) { /* the Japanese forms only */
        for (size_t k = 0; k < n; k++)
            ctx->hans_cp[k] = cjk_japanese_form(cp[k]);
        return n;
    }
    size_t m = 0;
    for (int32_t k = 0; k < len && m < CP_CAP; k++) {
        int32_t c = ctx->run[k];
        if (c >= 0xD800 && c <= 0xDBFF && k + 1 < len) {
            c = 0x10000 + ((c - 0xD800) << 10) + (ctx->run[k + 1] - 0xDC00);
            k++;
        }
        ctx->hans_cp[m++] = c;
    }
    return m;
}

size_t text_korean_reading(text_ctx *ctx, const char *utf8, size_t len,
                           char *out, size_t cap)
{
    int32_t cp[TEXT_CJK_NAME_MAX], hangul[TEXT_CJK_NAME_MAX];
    /* 2 to 4 characters of 3 bytes, written as one word, family name
     * first: "成 王", given name first and apart, is Wang Cheng */
    if (!ctx || len % 3 || len < 6 || len > TEXT_CJK_NAME_MAX * 3 ||
        (unsigned char)utf8[0] < 0xE3)
        return 0;
    int n = text_cjk_name(utf8, len, cp, TEXT_CJK_NAME_MAX);
    if ((size_t)n * 3 != len)
        return 0;
    for (int k = 0; k < n; k++)
        if (!is_han(cp[k]))
            return 0;
    if (n == 0 || simplified(ctx, cp, (size_t)n) != (size_t)n ||
        !text_hanja_hangul(ctx->hans_cp, (size_t)n, hangul) ||
        cap < (size_t)n * 3 + 1)
        return 0;
    size_t at = 0;
    for (int k = 0; k < n; k++) /* U+AC00 to U+D7A3: three bytes each */
        at += utf8proc_encode_char(hangul[k], (utf8proc_uint8_t *)out + at);
    out[at] = '\0';
    return at;
}

/* Writes a Han run, reading company words; returns whether any matched. */
static int put_han_run(text_ctx *ctx, const int32_t *cp, size_t n,
                       int whole_name, u16buf *out)
{
    if (whole_name && n >= 2 && n <= 4) {
        const char *latin;
        int any = 0;
        for (size_t k = 0; k < n && !any; k++)
            any = cjk_company_match(cp + k, n - k, &latin) > 0;
        if (!any) { /* a personal name: family name, given name */
            size_t fam = compound_surname(cp, n);
            u16_put(out, ' ');
            put_pinyin(ctx, cp, fam, out);
            u16_put(out, ' ');
            put_pinyin(ctx, cp + fam, n - fam, out);
            u16_put(out, ' ');
            return 0;
        }
    }
    int matched = 0;
    size_t i = 0, plain = 0; /* start of the pending pinyin run */
    while (i < n) {
        const char *latin = NULL;
        size_t m = cjk_company_match(cp + i, n - i, &latin);
        if (!m) {
            i++;
            continue;
        }
        if (plain < i) {
            u16_put(out, ' ');
            put_pinyin(ctx, cp + plain, i - plain, out);
        }
        u16_put(out, ' ');
        u16_puts(out, latin);
        u16_put(out, ' ');
        matched = 1;
        i += m;
        plain = i;
    }
    if (plain < n) {
        u16_put(out, ' ');
        put_pinyin(ctx, cp + plain, n - plain, out);
        u16_put(out, ' ');
    }
    return matched;
}

/* ---- step 3 preparation --------------------------------------------- */

/* Writes one Arabic word (letters and vowel marks) for ICU: عبد glued
 * to the article and the article itself split off (عبدالجبار -> عبد ال
 * جبار, but الله stays whole), an initial ain, a final ta marbuta and a
 * final heh after a consonant read as alef (عمر -> "amr" like Omar,
 * حمزة -> "hmza" like Hamza, شحاته -> "shhata" like Shihata), a medial
 * waw as the vowel u (نور -> "nur", not "nwr") unless alef follows (جواد),
 * and the Urdu/Persian heh doachashmee as heh. */
/* The Arabic letter an Urdu or Persian form writes: heh goal and heh
 * doachashmee are heh (اللہ is الله), teh marbuta goal is teh marbuta. */
static int32_t arabic_letter(int32_t c)
{
    return c == 0x06C1 || c == 0x06BE ? 0x0647 : c == 0x06C3 ? 0x0629 : c;
}

/* 1 when c is a letter Persian, Urdu or Pashto add to the Arabic
 * alphabet, or write in their own form (ی ک گ چ پ ژ ہ ھ ے). */
static int persian_letter(int32_t c)
{
    return c == 0x06CC || c == 0x06A9 || c == 0x06AF || c == 0x0686 ||
           c == 0x067E || c == 0x0698 || c == 0x06C1 || c == 0x06BE ||
           c == 0x06D2;
}

size_t text_persian_reading(const char *utf8, size_t len, char *out,
                            size_t cap)
{
    if (!utf8 || len + 1 > cap)
        return 0;
    const unsigned char *u = (const unsigned char *)utf8;
    size_t first = 0; /* most names have no Arabic letter: said at once */
    while (first < len && (u[first] < 0xD8 || u[first] > 0xDB))
        first++;
    if (first == len)
        return 0;
    int changed = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = u[i];
        out[i] = (char)c;
        /* U+0600..U+06FF: 0xD8..0xDB then one continuation byte */
        if (c < 0xD8 || c > 0xDB || i + 1 >= len || (u[i + 1] & 0xC0) != 0x80)
            continue;
        int32_t cp = ((c & 0x1F) << 6) | (u[i + 1] & 0x3F);
        if (persian_letter(cp) || arabic_letter(cp) != cp)
            return 0; /* read so already */
        int32_t to = cp == 0x0630 || cp == 0x0636 || cp == 0x0638 ? 0x0632
                     : cp == 0x062B                               ? 0x0633
                                                                  : cp;
        changed |= to != cp;
        out[i] = (char)(0xC0 | to >> 6);
        out[++i] = (char)(0x80 | (to & 0x3F));
    }
    out[len] = '\0';
    return changed ? len : 0;
}

/* One word of Arabic script for ICU. persian: the name is written in
 * Persian or Urdu letters, which say ذ ض ظ as z and ث as s (احمد ضیا,
 * Ahmad Zia; ثناء اللہ, Sanaullah), where Arabic says dh, d, z and th. */
static void put_arabic_word(const int32_t *w, size_t n, int persian,
                            u16buf *out)
{
#define W(k) arabic_letter(w[k])
    size_t i = 0;
    if (n >= 7 && W(0) == 0x0639 && W(1) == 0x0628 && W(2) == 0x062F &&
        W(3) == 0x0627 && W(4) == 0x0644) {
        u16_put(out, 0x0627); /* initial ain, as below */
        u16_put(out, 0x0628);
        u16_put(out, 0x062F);
        u16_put(out, ' ');
        i = 3;
    }
    if (n - i >= 4 && W(i) == 0x0627 && W(i + 1) == 0x0644 &&
        !(n - i == 4 && W(i + 2) == 0x0644 && W(i + 3) == 0x0647)) {
        u16_put(out, 0x0627);
        u16_put(out, 0x0644);
        u16_put(out, ' ');
        i += 2;
    }
    size_t start = i;
    int allah = n - i == 4 && W(i) == 0x0627 && W(i + 1) == 0x0644 &&
                W(i + 2) == 0x0644 && W(i + 3) == 0x0647;
    for (; i < n; i++) {
        int32_t c = W(i);
        if (c == 0x0639 && i == start)
            c = 0x0627; /* initial ain: Latin spells a vowel (Omar, Ali) */
        else if ((c == 0x0629 || (c == 0x0647 && !allah && i > start + 1 &&
                                  W(i - 1) != 0x0627)) &&
                 i + 1 == n)
            c = 0x0627; /* final ta marbuta, final heh after a consonant */
        else if (c == 0x0648 && i > start && i + 1 < n &&
                 W(i + 1) != 0x0627 && W(i - 1) != 0x0627)
            c = 'u'; /* a long u, not the w of -awi (سبعاوي, Sabawi) */
        else if (persian && (c == 0x0630 || c == 0x0636 || c == 0x0638))
            c = 0x0632;
        else if (persian && c == 0x062B)
            c = 0x0633;
        u16_put(out, c);
    }
#undef W
}

/* One Hangul syllable (U+AC00..U+D7A3 = initial x 588 + vowel x 28 +
 * final) in McCune-Reischauer, breves and apostrophes left out. */
static void put_hangul(int32_t c, u16buf *out)
{
    static const char *const initial[19] = {
        "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s",
        "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
    static const char *const vowel[21] = {
        "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae",
        "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"};
    static const char *const final[28] = {
        "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
        "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};
    int32_t x = c - 0xAC00;
    u16_puts(out, initial[x / 588]);
    u16_puts(out, vowel[x % 588 / 28]);
    u16_puts(out, final[x % 28]);
}

/* Greek letters as Greek writes the sounds of foreign names, which ICU's
 * UNGEGN reading spells letter by letter: μπ, ντ and γκ are b, d and g
 * (Μπασάρ Bashar, Ντεριπάσκα Deripaska, Σεργκέι Sergei; Greek's own b, d
 * and g at the start of a word), ου is u (Ουσμάνοφ Usmanov), γι before a
 * vowel y (Γιαχία Yahya), γου before a vowel w (Χουαγουέι Huawei), and χ
 * kh, as the lists write the h of Arabic and the kh of Russian names
 * (Χανίγια Haniyeh, Χαμενεΐ Khamenei), but h at a word's end, where it
 * writes the h of Arabic names (Αλλάχ Allah, Χεζμπολάχ Hezbollah).
 * Returns the Latin letters and *used the letters read, or NULL. */
/* 1 when c is a Greek letter (U+0386..U+03CE, the basic block's). */
static int greek_letter(int32_t c)
{
    return c >= 0x0386 && c <= 0x03CE;
}

/* 1 when c is a Greek vowel, with or without its accent. */
static int greek_vowel(int32_t c)
{
    static const int32_t v[] = {0x03B1, 0x03AC, 0x03B5, 0x03AD, 0x03B7,
                                0x03AE, 0x03B9, 0x03AF, 0x03BF, 0x03CC,
                                0x03C5, 0x03CD, 0x03C9, 0x03CE, 0x03CA};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (v[i] == c)
            return 1;
    return 0;
}

static const char *greek_foreign(const int32_t *cp, size_t n, size_t *used)
{
    int32_t c = cp[0], d = n > 1 ? cp[1] : 0;
    *used = 2;
    if (c == 0x03BC && d == 0x03C0)
        return "b";
    if (c == 0x03BD && d == 0x03C4)
        return "d";
    if (c == 0x03B3 && d == 0x03BA)
        return "g";
    if (c == 0x03B3 && d == 0x03BF && n > 3 &&
        (cp[2] == 0x03C5 || cp[2] == 0x03CD) && greek_vowel(cp[3])) {
        *used = 3; /* γου before a vowel: w (Χουαγουέι Huawei) */
        return "w";
    }
    if (c == 0x03BF && (d == 0x03C5 || d == 0x03CD))
        return "u";
    if (c == 0x03B3 && (d == 0x03B9 || d == 0x03AF) && n > 2 &&
        greek_vowel(cp[2]))
        return "y";
    *used = 1;
    if (c == 0x03C7) /* at a word's end, the h of Arabic names (Αλλάχ) */
        return n > 1 && greek_letter(d) ? "kh" : "h";
    return NULL;
}

/* Code points to UTF-16 for ICU, Han runs already in Latin, Hangul
 * syllables romanised one word each, the Arabic article split off. */
static void to_u16(text_ctx *ctx, const int32_t *cp, size_t n, int has_han,
                   uint32_t *applied, u16buf *out)
{
    int only_han = has_han, persian = 0;
    int korean_kana = text_kana_korean(cp, n), kana_words = 0;
    for (size_t i = 0; i < n && only_han; i++)
        only_han = is_han(cp[i]) || cp[i] == ' ';
    for (size_t i = 0; i < n && !persian; i++)
        persian = persian_letter(cp[i]);
    for (size_t i = 0; i < n;) {
        int32_t c = cp[i];
        if (has_han && is_han(c)) {
            size_t e = i;
            while (e < n && is_han(cp[e]))
                e++;
            int whole = only_han && i == 0 && e == n;
            size_t m = simplified(ctx, cp + i, e - i);
            if (put_han_run(ctx, ctx->hans_cp, m, whole, out))
                *applied |= TX_CJK_COMPANY;
            *applied |= TX_TRANSLIT;
            i = e;
            continue;
        }
        size_t used;
        const char *g = greek_foreign(cp + i, n - i, &used);
        if (g) {
            u16_puts(out, g);
            i += used;
            continue;
        }
        if (is_arabic_letter(c)) {
            size_t e = i;
            while (e < n && (is_arabic_letter(cp[e]) || is_arabic_mark(cp[e])))
                e++;
            put_arabic_word(cp + i, e - i, persian, out);
            i = e;
            continue;
        }
        if (text_is_katakana(c)) {
            size_t e = i;
            while (e < n && text_is_katakana(cp[e]))
                e++;
            text_kana_read(cp + i, e - i,
                           korean_kana ? 1 + (kana_words++ > 0) : 0,
                           ctx->kana, KANA_CAP);
            u16_put(out, ' ');
            u16_puts(out, ctx->kana);
            u16_put(out, ' ');
            *applied |= TX_TRANSLIT;
            i = e;
            continue;
        }
        if (is_hangul(c)) {
            put_hangul(c, out);
            *applied |= TX_TRANSLIT;
            if (i + 1 < n && is_hangul(cp[i + 1]))
                u16_put(out, ' ');
            i++;
            continue;
        }
        u16_put(out, c);
        i++;
    }
}

/* ---- step 4: to ASCII ------------------------------------------------ */

static void ascii_put(char *dst, size_t *at, const char *s)
{
    for (; *s && *at < ASCII_CAP; s++)
        dst[(*at)++] = *s;
}

/* Writes one code point of (nearly) Latin text as ASCII. */
static void put_ascii(char *dst, size_t *at, int32_t c, uint32_t *applied)
{
    char one[2] = {0, 0};
    const char *x;
    if (c == TRANSLIT_LEGAL_MARK) {
        one[0] = (char)c;
    } else if (is_control(c)) {
        *applied |= TX_CONTROL;
        one[0] = ' ';
    } else if (c < 0x80) {
        one[0] = (char)c;
    } else if (is_apostrophe(c)) {
        one[0] = '\'';
    } else if ((x = latin_extra(c))) {
        *applied |= TX_ASCII;
        ascii_put(dst, at, x);
        return;
    } else {
        utf8proc_category_t k = utf8proc_category(c);
        int letter = k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ND;
        one[0] = letter || k == UTF8PROC_CATEGORY_ZS ? ' ' : ',';
    }
    ascii_put(dst, at, one);
}

const char *translit_to_ascii(text_ctx *ctx, const char *utf8, size_t len,
                              size_t *out_len, uint32_t *applied)
{
    long n = fold_and_strip(ctx, utf8, len, applied);
    if (n < 0)
        return NULL;
    const int32_t *cp = ctx->cp;
    int has_han = 0, own = 0, needs_icu = 0, ukrainian = 0, upper = 0;
    int hebrew = 0;
    for (long i = 0; i < n; i++) {
        int32_t c = cp[i];
        if (c < 0x80 || latin_extra(c) || is_apostrophe(c))
            continue;
        if (is_han(c))
            has_han = 1;
        else if (is_hangul(c) || text_is_katakana(c))
            own = 1; /* read here, not by ICU */
        else if (c == 0x456 || c == 0x457 || c == 0x454 || c == 0x491)
            ukrainian = needs_icu = 1;
        else if (c >= 0x5D0 && c <= 0x5F4)
            hebrew = needs_icu = 1;
        else
            needs_icu = 1;
    }
    /* case folding happened in utf8proc; report it like the ASCII path */
    for (size_t i = 0; i < len && !upper;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)utf8 +
                                                  i, (utf8proc_ssize_t)(len - i),
                                              &c);
        if (k <= 0)
            break;
        upper = utf8proc_tolower(c) != c;
        i += (size_t)k;
    }
    if (upper)
        *applied |= TX_CASEFOLD;

    size_t at = 0;
    if (!has_han && !own && !needs_icu) {
        for (long i = 0; i < n; i++)
            put_ascii(ctx->ascii, &at, cp[i], applied);
        *out_len = at;
        return ctx->ascii;
    }
    u16buf b = {ctx->u16, 0, U16_CAP};
    to_u16(ctx, cp, (size_t)n, has_han, applied, &b);
    int32_t ulen = b.n;
    if (needs_icu) {
        int32_t limit = ulen;
        UErrorCode st = U_ZERO_ERROR;
        UTransliterator *t = hebrew      ? ctx->hebrew
                             : ukrainian ? ctx->ukrainian
                                         : ctx->generic;
        utrans_transUChars(t, ctx->u16, &ulen, U16_CAP, 0, &limit, &st);
        if (U_FAILURE(st))
            ulen = b.n; /* leave the text as it was: non-Latin breaks */
        else
            *applied |= TX_TRANSLIT;
    }
    for (int32_t i = 0; i < ulen; i++) {
        int32_t c = ctx->u16[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < ulen &&
            ctx->u16[i + 1] >= 0xDC00 && ctx->u16[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (ctx->u16[i + 1] - 0xDC00);
            i++;
        }
        put_ascii(ctx->ascii, &at, c, applied);
    }
    *out_len = at;
    return ctx->ascii;
}
