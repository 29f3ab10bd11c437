/*
 * wadegiles.c - Chinese names written in Wade-Giles read in Hanyu Pinyin.
 *
 * The lists write names from the People's Republic in pinyin (XI,
 * Jinping; DENG, Xiaoping); Taiwan's passports, older records and many
 * customer files write the same names in Wade-Giles without its marks
 * (Hsi Chin-ping, Teng Hsiao-ping, Tsai Ing-wen). The two systems differ
 * in their letters for one sound, so edits do not bridge them: hs is x,
 * ch before i is j, ts and tz are z, j is r, -ih is -i, -ung is -ong, -ieh
 * is -ie, -ien is -ian.
 *
 * Wade-Giles writes aspiration with an apostrophe (p'ing, ping; ch'en,
 * chen), which customers and passports mostly leave out. A syllable with
 * the mark is read aspirated (p, t, k, q or ch, c); one without it that
 * pinyin writes the same way as well (ping, kang, chang), as written; any
 * other as the system says, unaspirated (chin jin, tung dong, tse ze).
 * The common family names, written without the mark whatever their
 * sound, have their pinyin from a table (Tsai is Cai, Chang Zhang, Kuo
 * Guo). The syllables of a given name, written with a hyphen or apart,
 * become one word, as pinyin writes them (Hsiao-ping, Xiaoping).
 *
 * A name is read so when it is two to four words, each one or two
 * syllables of the system, the first or last a family name of the table,
 * and one syllable at least one that pinyin never writes (hs, ts, tz, ss,
 * ch before i, j before a vowel but u, -ih, -ieh, -ien, -ueh, -uei,
 * -ung, -erh, ko, ho, lo, yeh, yen, ing) or the family name one pinyin
 * writes otherwise (Chang, Kuo): "Chen Wei" is pinyin already. The
 * reading is a second one, the screener taking the better.
 * Sources: the Library of Congress's Pinyin Conversion Project (2000,
 * www.loc.gov/catdir/pinyin/: the initials of the two systems, hung as
 * hong, hsiung as xiong) and Wikipedia's "Wade-Giles" (finals,
 * aspiration).
 */
#include "text/lexicon.h"

#include <string.h>

#define WG_MAX_WORDS 4
#define WG_WORD_MAX 16 /* letters of a word of two syllables at most */

/* Family names in Wade-Giles and their pinyin, sorted. Those pinyin
 * writes the same way are here too: they say a name is Chinese. */
static const lex_entry family_tab[] = {
    {"chai", "zhai", 0},
    {"chang", "zhang", 0},
    {"chao", "zhao", 0},
    {"chen", "chen", 0},
    {"cheng", "zheng", 0},
    {"chi", "ji", 0},
    {"chia", "jia", 0},
    {"chiang", "jiang", 0},
    {"chiao", "qiao", 0},
    {"chien", "jian", 0},
    {"chin", "jin", 0},
    {"chiu", "qiu", 0},
    {"chou", "zhou", 0},
    {"chu", "zhu", 0},
    {"chuang", "zhuang", 0},
    {"chung", "zhong", 0},
    {"fan", "fan", 0},
    {"fang", "fang", 0},
    {"feng", "feng", 0},
    {"fu", "fu", 0},
    {"han", "han", 0},
    {"hao", "hao", 0},
    {"ho", "he", 0},
    {"hou", "hou", 0},
    {"hsi", "xi", 0},
    {"hsia", "xia", 0},
    {"hsiang", "xiang", 0},
    {"hsiao", "xiao", 0},
    {"hsieh", "xie", 0},
    {"hsin", "xin", 0},
    {"hsing", "xing", 0},
    {"hsiung", "xiong", 0},
    {"hsu", "xu", 0},
    {"hsueh", "xue", 0},
    {"hu", "hu", 0},
    {"hua", "hua", 0},
    {"huang", "huang", 0},
    {"hung", "hong", 0},
    {"jao", "rao", 0},
    {"jen", "ren", 0},
    {"juan", "ruan", 0},
    {"kan", "gan", 0},
    {"kang", "kang", 0},
    {"kao", "gao", 0},
    {"keng", "geng", 0},
    {"ko", "ge", 0},
    {"ku", "gu", 0},
    {"kuan", "guan", 0},
    {"kung", "gong", 0},
    {"kuo", "guo", 0},
    {"lai", "lai", 0},
    {"lan", "lan", 0},
    {"li", "li", 0},
    {"liang", "liang", 0},
    {"liao", "liao", 0},
    {"lien", "lian", 0},
    {"lin", "lin", 0},
    {"liu", "liu", 0},
    {"lo", "luo", 0},
    {"lu", "lu", 0},
    {"lung", "long", 0},
    {"ma", "ma", 0},
    {"mao", "mao", 0},
    {"mei", "mei", 0},
    {"meng", "meng", 0},
    {"pai", "bai", 0},
    {"pan", "pan", 0},
    {"pao", "bao", 0},
    {"pei", "pei", 0},
    {"peng", "peng", 0},
    {"pien", "bian", 0},
    {"shao", "shao", 0},
    {"shen", "shen", 0},
    {"shih", "shi", 0},
    {"su", "su", 0},
    {"sun", "sun", 0},
    {"sung", "song", 0},
    {"tai", "dai", 0},
    {"tan", "tan", 0},
    {"tang", "tang", 0},
    {"tao", "tao", 0},
    {"teng", "deng", 0},
    {"tien", "tian", 0},
    {"ting", "ding", 0},
    {"tsai", "cai", 0},
    {"tsao", "cao", 0},
    {"tseng", "zeng", 0},
    {"tso", "zuo", 0},
    {"tsou", "zou", 0},
    {"tsui", "cui", 0},
    {"tu", "du", 0},
    {"tuan", "duan", 0},
    {"tung", "dong", 0},
    {"wan", "wan", 0},
    {"wang", "wang", 0},
    {"wei", "wei", 0},
    {"wen", "wen", 0},
    {"weng", "weng", 0},
    {"wu", "wu", 0},
    {"yang", "yang", 0},
    {"yao", "yao", 0},
    {"yeh", "ye", 0},
    {"yen", "yan", 0},
    {"yin", "yin", 0},
    {"yu", "yu", 0},
    {"yuan", "yuan", 0},
    {"yueh", "yue", 0},
};

const lex_table wg_families = {"wg_families", family_tab,
                               sizeof family_tab / sizeof family_tab[0]};

/* The pinyin of family name w (NUL-terminated), or NULL. */
static const char *family_pinyin(const char *w)
{
    const lex_entry *e = lex_find(&wg_families, w);
    return e ? e->canon : NULL;
}

/* Initials and finals of the system, longest first. */
static const char *const initials[] = {"tz", "ts", "ch", "hs", "sh", "ss",
                                       "sz", "p", "m", "f", "t", "n",
                                       "l", "k", "h", "j", "s", "w",
                                       "y", ""};
static const char *const finals[] = {
    "iung", "uang", "iang", "ieh", "ien", "iao", "ueh", "uei", "uan",
    "ung", "ing", "erh", "eng", "ang", "ai", "ao", "ei", "en", "ou", "an",
    "ia", "ie", "iu", "in", "ih", "ua", "uo", "ui", "un", "eh", "a", "e",
    "i", "o", "u"};
#define N_OF(a) (sizeof a / sizeof a[0])

typedef struct wg_syl {
    const char *ini, *fin;
    int aspirated; /* written with the apostrophe */
} wg_syl;

static size_t take(const char *s, size_t n, const char *p)
{
    size_t l = strlen(p);
    return l <= n && !memcmp(s, p, l) ? l : (size_t)-1;
}

/* Splits s[0..n) (letters, an apostrophe after an initial) into at most
 * `left` syllables, into out: their count (0 for no letters), or -1 when
 * it is no such syllables. `first`: s starts a word. */
static int parse(const char *s, size_t n, int left, wg_syl *out,
                 int first)
{
    if (n == 0)
        return 0;
    if (left == 0)
        return -1;
    /* a syllable without an initial starts a word ("ing", not "jeou") */
    size_t n_ini = N_OF(initials) - (first ? 0 : 1);
    for (size_t a = 0; a < n_ini; a++) {
        size_t i = take(s, n, initials[a]);
        if (i == (size_t)-1)
            continue;
        int asp = i > 0 && i < n && s[i] == '\'';
        size_t at = i + (size_t)asp;
        for (size_t b = 0; b < N_OF(finals); b++) {
            size_t f = take(s + at, n - at, finals[b]);
            if (f == (size_t)-1)
                continue;
            int rest = parse(s + at + f, n - at - f, left - 1, out + 1, 0);
            if (rest < 0)
                continue;
            out[0].ini = initials[a];
            out[0].fin = finals[b];
            out[0].aspirated = asp;
            return rest + 1;
        }
    }
    return -1;
}

/* 1 when pinyin never writes syllable y so. */
static int wg_only(const wg_syl *y)
{
    const char *i = y->ini, *f = y->fin;
    if (!strcmp(i, "hs") || !strcmp(i, "ts") || !strcmp(i, "tz") ||
        !strcmp(i, "ss") || !strcmp(i, "sz"))
        return 1;
    if (!strcmp(i, "ch") && f[0] == 'i')
        return 1;
    if (!strcmp(i, "j") && f[0] != 'u')
        return 1;
    if (!strcmp(f, "ih") || !strcmp(f, "ieh") || !strcmp(f, "ien") ||
        !strcmp(f, "ueh") || !strcmp(f, "uei") || !strcmp(f, "ung") ||
        !strcmp(f, "iung") || !strcmp(f, "erh") || !strcmp(f, "eh"))
        return 1;
    if (!strcmp(f, "o") && (!strcmp(i, "k") || !strcmp(i, "h") ||
                            !strcmp(i, "l") || !strcmp(i, "t") ||
                            !strcmp(i, "n") || !strcmp(i, "s")))
        return 1;
    if (!strcmp(i, "y") && !strcmp(f, "en"))
        return 1;
    return !*i && f[0] == 'i'; /* ing, in: pinyin writes ying, yin */
}

/* Appends syllable y in pinyin to out (room for 8 letters). */
static size_t to_pinyin(const wg_syl *y, char *out)
{
    const char *i = y->ini, *f = y->fin;
    const char *pi = i;
    int front = f[0] == 'i'; /* ch before i is j (q) */
    /* written without the mark and a pinyin syllable as it stands (ping,
     * kang, chang), it is read as written: names mostly leave the mark
     * out (Teng Hsiao-ping is Deng Xiaoping, Kuo Tai-ming Guo Taiming) */
    int asp = y->aspirated || !wg_only(y);
    if (!strcmp(i, "hs"))
        pi = "x";
    else if (!strcmp(i, "ch"))
        pi = front ? (asp ? "q" : "j") : (asp ? "ch" : "zh");
    else if (!strcmp(i, "ts") || !strcmp(i, "tz"))
        pi = y->aspirated ? "c" : "z";
    else if (!strcmp(i, "ss") || !strcmp(i, "sz"))
        pi = "s";
    else if (!strcmp(i, "j"))
        pi = "r";
    else if (!strcmp(i, "k"))
        pi = asp ? "k" : "g";
    else if (!strcmp(i, "p"))
        pi = asp ? "p" : "b";
    else if (!strcmp(i, "t"))
        pi = asp ? "t" : "d";
    const char *pf = f;
    if (!strcmp(f, "ih"))
        pf = "i";
    else if (!strcmp(f, "u") && (!strcmp(i, "tz") || !strcmp(i, "ss") ||
                                 !strcmp(i, "sz")))
        pf = "i"; /* tzu, ssu: zi, si */
    else if (!strcmp(f, "ieh"))
        pf = "ie";
    else if (!strcmp(f, "ien"))
        pf = !strcmp(i, "y") ? "an" : "ian";
    else if (!strcmp(f, "ueh"))
        pf = "ue";
    else if (!strcmp(f, "uei"))
        pf = "ui";
    else if (!strcmp(f, "ung"))
        pf = "ong";
    else if (!strcmp(f, "iung"))
        pf = "iong";
    else if (!strcmp(f, "erh"))
        pf = "er";
    else if (!strcmp(f, "eh"))
        pf = "e";
    else if (!strcmp(f, "en") && !strcmp(i, "y"))
        pf = "an";
    else if (!strcmp(f, "o") && (!strcmp(i, "k") || !strcmp(i, "h")))
        pf = "e";
    else if (!strcmp(f, "o") && *i && strcmp(i, "p") && strcmp(i, "m") &&
             strcmp(i, "f") && strcmp(i, "w") && strcmp(i, "y"))
        pf = "uo";
    if (!*i && f[0] == 'i')
        pi = "y"; /* ing, in, i: ying, yin, yi */
    size_t a = strlen(pi), b = strlen(pf);
    memcpy(out, pi, a);
    memcpy(out + a, pf, b);
    return a + b;
}

static int letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

size_t text_wg_reading(const char *name, size_t len, char *out, size_t cap)
{
    if (!name || len == 0 || len + 1 > cap)
        return 0;
    /* the words: letters, with an apostrophe inside (ch'en) */
    size_t ws[WG_MAX_WORDS], we[WG_MAX_WORDS];
    int nw = 0;
    for (size_t k = 0; k < len;) {
        unsigned char c = (unsigned char)name[k];
        if (c >= 0x80)
            return 0; /* Latin letters only */
        if (!letter(c)) {
            if (c != ' ' && c != ',' && c != '-' && c != '.')
                return 0;
            k++;
            continue;
        }
        if (nw == WG_MAX_WORDS)
            return 0;
        ws[nw] = k;
        while (k < len && (letter((unsigned char)name[k]) ||
                           (name[k] == '\'' && k + 1 < len &&
                            letter((unsigned char)name[k + 1]))))
            k++;
        we[nw++] = k;
    }
    if (nw < 2)
        return 0;
    char w[WG_MAX_WORDS][WG_WORD_MAX + 2];
    for (int i = 0; i < nw; i++) {
        size_t n = we[i] - ws[i];
        if (n < 2 || n > WG_WORD_MAX)
            return 0;
        for (size_t k = 0; k < n; k++)
            w[i][k] = (char)(name[ws[i] + k] | 0x20);
        w[i][n] = '\0';
    }
    /* most names have no such family name first or last: said at once */
    int fam = 0;
    const char *fam_py = family_pinyin(w[0]);
    if (!fam_py && (fam_py = family_pinyin(w[nw - 1])))
        fam = nw - 1;
    if (!fam_py)
        return 0;
    wg_syl syl[WG_MAX_WORDS][2];
    int nsyl[WG_MAX_WORDS], marked = 0;
    for (int i = 0; i < nw; i++) {
        nsyl[i] = parse(w[i], we[i] - ws[i], 2, syl[i], 1);
        if (nsyl[i] <= 0)
            return 0;
        for (int k = 0; k < nsyl[i]; k++)
            marked |= wg_only(&syl[i][k]);
    }
    /* a family name pinyin writes otherwise says so too (Chang, Kuo) */
    if (!marked && !strcmp(fam_py, w[fam]))
        return 0;
    /* written back in pinyin, word for word, with what lay between; the
     * syllables of a given name as one word, as pinyin writes them
     * (Chin-ping, Jinping; "WEI, Hsueh Kang", Xuegang) */
    size_t at = 0, from = 0;
    for (int i = 0; i < nw; i++) {
        size_t gap = ws[i] - from;
        if (i > 0 && i != fam && i - 1 != fam && gap == 1 &&
            (name[from] == '-' || name[from] == ' '))
            gap = 0;
        char py[2 * WG_WORD_MAX];
        size_t l = 0;
        if (i == fam) {
            l = strlen(fam_py);
            memcpy(py, fam_py, l);
        } else {
            for (int k = 0; k < nsyl[i]; k++)
                l += to_pinyin(&syl[i][k], py + l);
        }
        if (at + gap + l + 1 > cap)
            return 0;
        memcpy(out + at, name + from, gap);
        memcpy(out + at + gap, py, l);
        at += gap + l;
        from = we[i];
    }
    if (at + (len - from) + 1 > cap)
        return 0;
    memcpy(out + at, name + from, len - from);
    at += len - from;
    out[at] = '\0';
    return at;
}
