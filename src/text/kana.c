/*
 * kana.c - names written in katakana, the script Japanese writes foreign
 * names in, read back towards the spelling they came from.
 *
 * Katakana writes syllables: a consonant is always followed by a vowel,
 * and l and r, b and v, and often f and v are one letter. So "Sergei
 * Lavrov" is セルゲイ・ラブロフ, se-ru-ge-i ra-bu-ro-fu, and ICU's reading
 * ("serugei raburofu") meets nothing listed. text_kana_read() reads a word
 * of katakana in the Hepburn way, with the combinations foreign names use
 * (ティ ti, ファ fa, ヴィ vi, ウェ we, デュ dyu), the long mark and the
 * small tsu left out, and drops the vowel Japanese adds to a consonant
 * that stands alone in the source word: the u of ku, su, fu, bu, mu, ru
 * ... and the o of to and do, where the next syllable starts with a
 * consonant or the word ends, but not in the word's first syllable, not
 * before the long mark and not in a syllable written with a small vowel.
 * セルゲイ is "sergei", ラムザン "ramzan", アフマド "afmad"; ラブロフ is
 * "rabrof", which the skeleton below finds as LAVROV.
 *
 * text_skeleton_kana() gives the consonants of a word in the classes
 * katakana cannot tell apart, for both the reading and the listed
 * spelling: l is r; b, v and f are one (ブ bu and フ fu both write v), and
 * the v of an initial vl or vr is left out (ウラジーミル, Vladimir);
 * t, ch, ts and tz are one (チ writes both ti and chi: プーチン is Putin);
 * d and z before i or y are j (ジ writes di, zi and ji), and d before e
 * too (ジェ writes a soft de: メドベージェフ, Medvedev); kh is h, and h
 * before u or a consonant is f (フセイン Hussein, アフマド Ahmad); a final
 * g is k (ローテンベルク Rotenberg) and a final ng n; m before b, p or f
 * is n; z before a voiceless consonant is s (ガスプロム Gazprom). A word
 * of fewer than three consonants keeps its vowels too, so that "ari"
 * (アリ) is ALI and not ARAU.
 */
#include "text/lexicon.h"
#include "text/transliterate.h"

#include <string.h>

#define KANA_FIRST 0x30A1 /* small a */
#define KANA_LAST 0x30FA  /* vo */
#define KANA_LONG 0x30FC  /* the long mark */

/* U+30A1 to U+30FA. A leading '_' is a small vowel that replaces the
 * vowel of the syllable before (ティ ti), '^' a small ya, yu or yo that
 * follows it (リョ ryo), "!" the small tsu, "n" the syllabic n. */
static const char *const kana_tab[KANA_LAST - KANA_FIRST + 1] = {
    "_a",  "a",   "_i",  "i",   "_u",  "u",   "_e",  "e",   "_o",  "o",
    "ka",  "ga",  "ki",  "gi",  "ku",  "gu",  "ke",  "ge",  "ko",  "go",
    "sa",  "za",  "shi", "ji",  "su",  "zu",  "se",  "ze",  "so",  "zo",
    "ta",  "da",  "chi", "ji",  "!",   "tsu", "zu",  "te",  "de",  "to",
    "do",  "na",  "ni",  "nu",  "ne",  "no",  "ha",  "ba",  "pa",  "hi",
    "bi",  "pi",  "fu",  "bu",  "pu",  "he",  "be",  "pe",  "ho",  "bo",
    "po",  "ma",  "mi",  "mu",  "me",  "mo",  "^a",  "ya",  "^u",  "yu",
    "^o",  "yo",  "ra",  "ri",  "ru",  "re",  "ro",  "_wa", "wa",  "i",
    "e",   "o",   "n",   "vu",  "ka",  "ke",  "va",  "vi",  "ve",  "vo"};

int text_is_katakana(int32_t c)
{
    return (c >= KANA_FIRST && c <= KANA_LAST) || c == KANA_LONG;
}

/* One syllable: its consonant letters and vowel (0 for the syllabic n). */
typedef struct mora {
    char cons[5];
    char vowel;
    unsigned char fixed; /* vowel written (small vowel, long mark): kept */
    unsigned char doubled; /* after the small tsu */
} mora;

/* syllables of one word: a katakana letter is 3 bytes of UTF-8 */
#define MORA_MAX (TEXT_MAX_INPUT / 3 + 1)

static void set_cons(mora *m, const char *s, size_t n)
{
    if (n >= sizeof m->cons)
        n = sizeof m->cons - 1;
    memcpy(m->cons, s, n);
    m->cons[n] = '\0';
}

/* A small vowel after syllable p: ティ ti, ウィ wi, イェ ye, ファ fa. */
static void small_vowel(mora *p, char v)
{
    if (!p->cons[0] && p->vowel == 'u')
        set_cons(p, "w", 1);
    else if (!p->cons[0] && p->vowel == 'i')
        set_cons(p, "y", 1);
    p->vowel = v;
    p->fixed = 1;
}

/* A small ya, yu or yo after syllable p, glide 'y' (リョ ryo, シャ sha,
 * デュ dyu), or the small wa, glide 'w' (クヮ kwa). */
static void small_glide(mora *p, char glide, char v)
{
    size_t n = strlen(p->cons);
    int palatal = glide == 'y' && (!strcmp(p->cons, "sh") ||
                                   !strcmp(p->cons, "ch") ||
                                   !strcmp(p->cons, "j"));
    if (!palatal && n + 1 < sizeof p->cons) {
        p->cons[n] = glide;
        p->cons[n + 1] = '\0';
    }
    p->vowel = v;
    p->fixed = 1;
}

/* 1 when syllable m's vowel is one Japanese adds to a lone consonant. */
static int added_vowel(const mora *m)
{
    static const char *const u_row[] = {"k", "g", "s", "z", "ts", "f",
                                        "b", "p", "m", "r", "v"};
    if (m->fixed)
        return 0;
    if (m->vowel == 'o')
        return !strcmp(m->cons, "t") || !strcmp(m->cons, "d");
    if (m->vowel != 'u')
        return 0;
    for (size_t k = 0; k < sizeof u_row / sizeof u_row[0]; k++)
        if (!strcmp(m->cons, u_row[k]))
            return 1;
    return 0;
}

static size_t put(char *out, size_t at, size_t cap, const char *s)
{
    for (; *s && at + 1 < cap; s++)
        out[at++] = *s;
    return at;
}

/* The syllables of one word of katakana (cp[0..n), long marks included)
 * into m (MORA_MAX); returns their number. */
static size_t parse_word(const int32_t *cp, size_t n, mora *m)
{
    size_t k = 0;
    int doubled = 0;
    for (size_t i = 0; i < n; i++) {
        if (cp[i] == KANA_LONG) {
            if (k)
                m[k - 1].fixed = 1;
            continue;
        }
        const char *e = kana_tab[cp[i] - KANA_FIRST];
        if (e[0] == '!') {
            doubled = 1;
            continue;
        }
        if ((e[0] == '_' || e[0] == '^') && k && m[k - 1].vowel) {
            size_t el = strlen(e);
            if (e[0] == '^')
                small_glide(&m[k - 1], 'y', e[el - 1]);
            else if (el == 3) /* small wa */
                small_glide(&m[k - 1], 'w', 'a');
            else
                small_vowel(&m[k - 1], e[el - 1]);
            continue;
        }
        if (k == MORA_MAX)
            break;
        if (e[0] == '_' || e[0] == '^')
            e++; /* at the start of a word: the vowel itself */
        mora *x = &m[k++];
        size_t el = strlen(e);
        if (!strcmp(e, "n")) {
            set_cons(x, "n", 1);
            x->vowel = 0;
        } else {
            set_cons(x, e, el - 1);
            x->vowel = e[el - 1];
        }
        x->fixed = 0;
        x->doubled = (unsigned char)doubled;
        doubled = 0;
    }
    return k;
}

/* Reads one word of katakana (cp[0..n), long marks included). */
static size_t read_word(const int32_t *cp, size_t n, char *out, size_t cap)
{
    mora m[MORA_MAX];
    size_t k = parse_word(cp, n, m);
    size_t at = 0;
    for (size_t i = 0; i < k; i++) {
        const mora *x = &m[i];
        const mora *next = i + 1 < k ? &m[i + 1] : NULL;
        if (!x->vowel) { /* ン: m before m, b and p (ムハンマド) */
            at = put(out, at, cap,
                     next && strchr("mbp", next->cons[0]) && next->cons[0]
                         ? "m"
                         : "n");
            continue;
        }
        at = put(out, at, cap, x->cons);
        int drop = i > 0 && added_vowel(x) &&
                   (!next || (next->cons[0] && next->vowel));
        /* and the i of a final ッチ (-vich, ヴィッチ) */
        drop |= !next && x->doubled && !x->fixed && x->vowel == 'i' &&
                !strcmp(x->cons, "ch");
        if (!drop && at + 1 < cap)
            out[at++] = x->vowel;
    }
    return at;
}

/* ---- Korean names ----------------------------------------------------
 *
 * Japanese writes Korean names in katakana too, a Korean syllable as a
 * kana and its final consonant, if any, as ン (n, ng), ム (m), ル (l), ク
 * (k) or プ (p): キム・ジョンウン is kim jong-un, チェ・リョンヘ choe
 * ryong-hae. A name whose first word is a Korean family name as Japanese
 * writes it, and that has one or two words more, is read syllable by
 * syllable, each a word, as the lists write Korean given names ("kim jon
 * un"); エ is ae, the Korean vowel it writes most in names (ヘ hae, テ
 * thae), フ hu, and フィ and ファ hwi and hwa. The family name is read as the lists write it (チェ
 * choe, イ and リ ri, ペ pae). */

static const lex_entry korean_family_tab[] = {
    {"アン", "an", 0},   {"イ", "ri", 0},      {"ウ", "u", 0},
    {"オ", "o", 0},      {"カン", "kang", 0},  {"キム", "kim", 0},
    {"キル", "kil", 0},  {"ク", "ku", 0},      {"コ", "ko", 0},
    {"シム", "sim", 0},  {"シン", "sin", 0},   {"ソ", "so", 0},
    {"ソン", "song", 0}, {"チェ", "choe", 0},  {"チャ", "cha", 0},
    {"チャン", "jang", 0}, {"チュ", "ju", 0},  {"チョ", "jo", 0},
    {"チョン", "jong", 0}, {"テ", "thae", 0},  {"ナム", "nam", 0},
    {"ノ", "ro", 0},     {"ハ", "ha", 0},      {"ハン", "han", 0},
    {"パク", "pak", 0},  {"ヒョン", "hyon", 0}, {"ピョン", "pyon", 0},
    {"ファン", "hwang", 0}, {"ペ", "pae", 0},  {"ペク", "paek", 0},
    {"ホ", "ho", 0},     {"ホン", "hong", 0},  {"ミン", "min", 0},
    {"ムン", "mun", 0},  {"ヤン", "ryang", 0}, {"ユ", "yu", 0},
    {"ユン", "yun", 0},  {"リ", "ri", 0},      {"リム", "rim", 0},
    {"リュ", "ryu", 0},
};

const lex_table kana_korean_families = {
    "kana_korean_families", korean_family_tab,
    sizeof korean_family_tab / sizeof korean_family_tab[0]};

/* UTF-8 of the katakana cp[0..n) (3 bytes a letter) into key (cap
 * bytes); 0 when too long. */
static int kana_key(const int32_t *cp, size_t n, char *key, size_t cap)
{
    if (n * 3 + 1 > cap)
        return 0;
    for (size_t k = 0; k < n; k++)
        lex_put_utf8(key + 3 * k, cp[k]);
    key[3 * n] = '\0';
    return 1;
}

/* The lists' spelling of the Korean family name the katakana word
 * cp[0..n) writes, or NULL. */
static const char *korean_family_name(const int32_t *cp, size_t n)
{
    char key[8 * 3 + 1];
    const lex_entry *e =
        kana_key(cp, n, key, sizeof key) ? lex_find(&kana_korean_families, key) : NULL;
    return e ? e->canon : NULL;
}

/* A given name in katakana, syllable by syllable (above). */
static size_t read_korean_word(const int32_t *cp, size_t n, char *out,
                               size_t cap)
{
    mora m[MORA_MAX];
    size_t k = parse_word(cp, n, m), at = 0;
    int open = 0; /* a syllable without its final consonant yet */
    for (size_t i = 0; i < k; i++) {
        const mora *x = &m[i];
        if (!x->vowel) { /* ン */
            at = put(out, at, cap, "n");
            open = 0;
            continue;
        }
        static const char *const finals[][2] = {
            {"m", "m"}, {"r", "l"}, {"k", "k"}, {"p", "p"}};
        const char *fin = NULL;
        for (size_t f = 0; open && !fin && f < 4; f++)
            if (!strcmp(x->cons, finals[f][0]) && x->vowel == 'u' &&
                !x->fixed)
                fin = finals[f][1];
        if (fin) {
            at = put(out, at, cap, fin);
            open = 0;
            continue;
        }
        if (at && at + 1 < cap)
            out[at++] = ' ';
        /* フ is hu, フィ and ファ hwi and hwa: Korean has no f */
        at = put(out, at, cap,
                 strcmp(x->cons, "f") ? x->cons : x->vowel == 'u' ? "h" : "hw");
        at = put(out, at, cap, x->vowel == 'e' ? "ae" : (char[2]){x->vowel, 0});
        open = 1;
    }
    return at;
}

/* The English words Japanese writes in katakana in company names
 * (グループ group, テクノロジー technology, ホールディングス holdings),
 * and the NS-CMIC companies' brands as Japanese writes them (ファーウェイ
 * Huawei, ハイクビジョン Hikvision): katakana (UTF-8, sorted bytewise)
 * and English. */
static const lex_entry vocab_tab[] = {
    {"アカデミー", "academy", 0},
    {"アビエーション", "aviation", 0},
    {"アル", "al", 0},
    {"イノベーション", "innovation", 0},
    {"イノベーションズ", "innovations", 0},
    {"インク", "inc", 0},
    {"インスティテュート", "institute", 0},
    {"インスパー", "inspur", 0},
    {"インターナショナル", "international", 0},
    {"インダストリー", "industry", 0},
    {"インダストリーズ", "industries", 0},
    {"インテリジェンス", "intelligence", 0},
    {"インベストメント", "investment", 0},
    {"エアロスペース", "aerospace", 0},
    {"エナジー", "energy", 0},
    {"エルエルシー", "llc", 0},
    {"エレクトリック", "electric", 0},
    {"エレクトロニクス", "electronics", 0},
    {"エレクトロニック", "electronic", 0},
    {"エンジニアリング", "engineering", 0},
    {"オイル", "oil", 0},
    {"オプティクス", "optics", 0},
    {"カンパニー", "company", 0},
    {"ガス", "gas", 0},
    {"キャピタル", "capital", 0},
    {"クラウドウォーク", "cloudwalk", 0},
    {"グループ", "group", 0},
    {"ケミカル", "chemical", 0},
    {"コミュニケーションズ", "communications", 0},
    {"コンストラクション", "construction", 0},
    {"コーポレーション", "corporation", 0},
    {"サイエンス", "science", 0},
    {"サービス", "services", 0},
    {"システム", "system", 0},
    {"システムズ", "systems", 0},
    {"シッピング", "shipping", 0},
    {"シノケム", "sinochem", 0},
    {"シャンハイ", "shanghai", 0},
    {"シンセン", "shenzhen", 0},
    {"ジャパン", "japan", 0},
    {"セキュリティ", "security", 0},
    {"センスタイム", "sensetime", 0},
    {"ソリューションズ", "solutions", 0},
    {"チャイナ", "china", 0},
    {"テクノロジー", "technology", 0},
    {"テクノロジーズ", "technologies", 0},
    {"テレコム", "telecom", 0},
    {"ディージェイアイ", "dji", 0},
    {"デジタル", "digital", 0},
    {"トラスト", "trust", 0},
    {"トレーディング", "trading", 0},
    {"ネットワーク", "network", 0},
    {"ネットワークス", "networks", 0},
    {"ハイクビジョン", "hikvision", 0},
    {"バンク", "bank", 0},
    {"パワー", "power", 0},
    {"ファイナンス", "finance", 0},
    {"ファンド", "fund", 0},
    {"ファーウェイ", "huawei", 0},
    {"ベイジン", "beijing", 0},
    {"ホンコン", "hong kong", 0},
    {"ホールディング", "holding", 0},
    {"ホールディングス", "holdings", 0},
    {"マシナリー", "machinery", 0},
    {"マリン", "marine", 0},
    {"メグビー", "megvii", 0},
    {"メディカル", "medical", 0},
    {"モバイル", "mobile", 0},
    {"ユニコム", "unicom", 0},
    {"ユニバーシティ", "university", 0},
    {"リサーチ", "research", 0},
    {"リミテッド", "limited", 0},
    {"ロシア", "russia", 0},
    {"ロボティクス", "robotics", 0},
};

const lex_table kana_vocab = {"kana_vocab", vocab_tab,
                              sizeof vocab_tab / sizeof vocab_tab[0]};
#define VOCAB_MAX 12 /* letters of the longest key */
/* A key shorter than this is a word only when it is the whole word: ガス
 * is gas, but not inside ガスプロム, nor バンク inside ズベルバンク. */
#define VOCAB_INSIDE_MIN 4

/* The longest word of the vocabulary at the start of cp[0..n) (katakana,
 * 3 bytes each in UTF-8) that may stand there: *latin its English, the
 * return its length in letters, 0 when none. whole: cp[0..n) is the
 * whole word. */
static size_t vocab_at(const int32_t *cp, size_t n, int whole,
                       const char **latin)
{
    char key[VOCAB_MAX * 3 + 1];
    size_t max = n < VOCAB_MAX ? n : VOCAB_MAX;
    kana_key(cp, max, key, sizeof key);
    for (size_t len = max; len > 0; len--) {
        if (len < VOCAB_INSIDE_MIN && !(whole && len == n))
            continue;
        key[3 * len] = '\0';
        const lex_entry *w = lex_find(&kana_vocab, key);
        if (w) {
            *latin = w->canon;
            return len;
        }
    }
    return 0;
}

/* A space before the next word, when out[0..at) holds one. */
static size_t space(char *out, size_t at, size_t cap)
{
    if (at && at + 1 < cap)
        out[at++] = ' ';
    return at;
}

int text_kana_korean(const int32_t *cp, size_t n)
{
    size_t words = 0, i = 0;
    while (i < n) {
        if (!text_is_katakana(cp[i])) {
            if (cp[i] != ' ' && cp[i] != 0x30FB && cp[i] != 0x30A0 &&
                cp[i] != '=' && cp[i] != '-')
                return 0; /* a letter of something else */
            i++;
            continue;
        }
        size_t e = i;
        while (e < n && text_is_katakana(cp[e]))
            e++;
        if (words++ == 0 && !korean_family_name(cp + i, e - i))
            return 0;
        i = e;
    }
    return words >= 2 && words <= 3;
}

size_t text_kana_read(const int32_t *cp, size_t n, int korean, char *out,
                      size_t cap)
{
    size_t at = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && cp[i] == KANA_LONG)
            i++;
        size_t e = i;
        while (e < n && text_is_katakana(cp[e]))
            e++;
        if (e == i)
            break;
        const char *family =
            korean == 1 ? korean_family_name(cp + i, e - i) : NULL;
        if (family || korean == 2) {
            at = space(out, at, cap);
            at = family ? put(out, at, cap, family)
                        : at + read_korean_word(cp + i, e - i, out + at,
                                                cap - at);
            i = e;
            continue;
        }
        /* the vocabulary's words, the rest read */
        size_t plain = i;
        for (size_t k = i; k < e;) {
            const char *latin;
            size_t m = vocab_at(cp + k, e - k, k == i, &latin);
            if (!m) {
                k++;
                continue;
            }
            if (plain < k) {
                at = space(out, at, cap);
                at += read_word(cp + plain, k - plain, out + at, cap - at);
            }
            at = put(out, space(out, at, cap), cap, latin);
            k += m;
            plain = k;
        }
        if (plain < e) {
            at = space(out, at, cap);
            at += read_word(cp + plain, e - plain, out + at, cap - at);
        }
        i = e;
    }
    if (cap)
        out[at < cap ? at : cap - 1] = '\0';
    return at;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
           c == 'y';
}

static int voiceless(char c)
{
    return c == 'p' || c == 't' || c == 'k' || c == 's' || c == 'f' ||
           c == 'c';
}

/* The consonants of s[0..len) in katakana's classes, with its vowels
 * when `vowels` (y as i where it is no consonant). */
static size_t kana_classes(const char *s, size_t len, char *out, size_t cap,
                           int vowels)
{
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < cap; i++) {
        char c = s[i], n1 = i + 1 < len ? s[i + 1] : 0;
        char cls;
        switch (c) {
        case 'y':
            if (!vowels)
                continue;
            /* a consonant at the start (ヨン yon, YONG), left out before
             * a vowel inside a word (リョ ryo: MURILLO), else i */
            if (i > 0 && n1 && strchr("aeiou", n1))
                continue;
            out[k++] = i == 0 ? 'y' : 'i';
            continue;
        case 'a': case 'e': case 'i': case 'o': case 'u':
            if (vowels)
                out[k++] = c;
            continue;
        case 'w':
            continue;
        case 'l': case 'r':
            cls = 'r';
            break;
        case 'v':
            if (i == 0 && (n1 == 'l' || n1 == 'r'))
                continue; /* ウラジーミル, Vladimir */
            cls = 'b';
            break;
        case 'b': case 'f':
            cls = 'b';
            break;
        case 'p':
            cls = n1 == 'h' ? (i++, 'b') : 'p';
            break;
        case 'c':
            if (n1 == 'h') {
                cls = 't';
                i++;
            } else if (n1 == 'z') {
                cls = 't';
                i++;
            } else {
                cls = n1 == 'e' || n1 == 'i' || n1 == 'y' ? 's' : 'k';
            }
            break;
        case 't':
            if (n1 == 's' || n1 == 'z') {
                i++;
                cls = 't';
            } else if (n1 == 'h') {
                i++;
                cls = 's';
            } else {
                cls = 't';
            }
            break;
        case 'd':
            if (n1 == 'j')
                continue;
            if (n1 == 'h')
                i++;
            cls = n1 == 'i' || n1 == 'y' || n1 == 'e' ? 'j' : 'd';
            break;
        case 'z':
            cls = n1 == 'i' || n1 == 'y' ? 'j'
                  : !n1 || voiceless(n1) ? 's'
                                         : 'z';
            break;
        case 's':
            if (n1 == 'h')
                i++;
            else if (n1 == 'c' && i + 2 < len && s[i + 2] == 'h')
                i += 2;
            cls = 's';
            break;
        case 'k':
            if (n1 == 'h') {
                i++;
                cls = 'h';
            } else {
                cls = 'k';
            }
            break;
        case 'h':
            if (!n1 || (i > 0 && !is_vowel(s[i - 1])))
                continue; /* final (Allah), or after a consonant (bh) */
            if (n1 == 'u' || (i > 0 && !is_vowel(n1) && n1 != 'w'))
                cls = 'b'; /* フ: Hussein, Ahmad */
            else
                cls = 'h';
            break;
        case 'g':
            if (n1 == 'h')
                i++;
            cls = i + 1 >= len ? 'k' : 'g';
            if (i + 1 >= len && k && out[k - 1] == 'n' && s[i - 1] == 'n')
                continue; /* a final ng is ン */
            break;
        case 'q':
            cls = 'k';
            break;
        case 'x':
            if (k + 2 < cap && !(k && out[k - 1] == 'k'))
                out[k++] = 'k';
            cls = 's';
            break;
        case 'm':
            cls = n1 == 'b' || n1 == 'p' || n1 == 'f' ? 'n' : 'm';
            break;
        case 'j': case 'n':
            cls = c;
            break;
        default:
            cls = c; /* a digit */
            break;
        }
        if (k && out[k - 1] == cls)
            continue;
        out[k++] = cls;
    }
    out[k] = '\0';
    return k;
}

/* Fewer consonants than this, and a word's vowels are part of its key. */
#define KANA_SHORT 3

size_t text_skeleton_kana(const char *s, size_t len, char *out, size_t cap)
{
    size_t k = kana_classes(s, len, out, cap, 0);
    return k < KANA_SHORT ? kana_classes(s, len, out, cap, 1) : k;
}
