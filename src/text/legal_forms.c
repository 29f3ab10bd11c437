/*
 * legal_forms.c - company legal forms: single words (ltd, llc, gmbh, oao)
 * and phrases (joint stock company, s a, sp z o o), each with the one
 * canonical spelling that every variant maps to: OAO/OJSC/PJSC/ZAO/CJSC/
 * AO/PAO -> jsc, OOO/TOV -> llc, Company -> co, Limited -> ltd,
 * Corporation -> corp, Incorporated -> inc; and the Russian kinds of
 * research and production body, which the lists write short or spelt
 * out, in Russian or English: NPO (scientific production association),
 * NPP (enterprise), NPK (corporation or complex), NII, GOSNII and TSNII
 * (scientific research institute, state and central), OKB, SKB and TSKB
 * (experimental, special and central design bureau); the unitary
 * enterprises of Russia and Belarus, federal (FSUE, FGUP) or not (GUP,
 * RUP: state, republican, municipal, private); and the Belarusian forms
 * in Belarusian (AAT, ZAT, ADKRYTAYE AKTSYYANERNAYE TAVARYSTVA -> jsc,
 * TAVARYSTVA Z ABMEZHAVANAY ADKAZNASTSYU -> llc, ODO, additional
 * liability).
 *
 * Words that are also ordinary words or initials (co, company, sa, as,
 * ag) are LEGAL_EDGE: normalize.c flags them only at the end of a name or
 * next to another legal form, so "Trading Company of Iran" keeps its
 * "company". Both tables are sorted for binary search.
 *
 * Spelt-out forms are often misspelt or transliterated in several ways
 * ("obshchestvo s ogranichennoi otvetstvennostyu", "aktsionernoe
 * obschestvo", "CMPANY LIMTED", "Public Jint Stock Company"): a phrase
 * word of 4 letters or more also matches a token one edit away with the
 * same first letter (two from 11 letters), a preposition of one or two
 * letters inside a phrase may be left out ("obshchestvo ogranichennoi
 * otvetstvennostyu"), and a token of 6 letters or more that is not a
 * known word takes the legal word of 7 letters or more that it misspells
 * by one edit. Joined forms (coltd,
 * companylimited) are words of their own.
 */
#include "text/lexicon.h"
#include "text/text.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define S LEGAL_STRONG
#define E LEGAL_EDGE
#define P LEGAL_PREFIX

static const lex_entry legal_tab[] = {
    /* sorted (LC_ALL=C sort) */
    {"aat", "jsc", P},
    {"ab", "ab", E},
    {"ad", "ad", E},
    {"ag", "ag", E},
    {"aktiengesellschaft", "ag", S},
    {"ao", "jsc", P},
    {"as", "as", E},
    {"asa", "asa", E},
    {"asbl", "asbl", S},
    {"bhd", "bhd", S},
    {"bsc", "bsc", E},
    {"bv", "bv", E},
    {"bvba", "bvba", S},
    {"cia", "co", E},
    {"cie", "co", E},
    {"cjsc", "jsc", S},
    {"co", "co", E},
    {"colimited", "ltd", S},
    {"coltd", "ltd", S},
    {"company", "co", E},
    {"companylimited", "ltd", S},
    {"companyltd", "ltd", S},
    {"corp", "corp", S},
    {"corporation", "corp", E},
    {"cv", "cv", E},
    {"dac", "dac", E},
    {"dd", "dd", E},
    {"dmcc", "dmcc", E},
    {"doo", "doo", S},
    {"dooel", "dooel", S},
    {"ead", "ead", E},
    {"eood", "eood", S},
    {"ev", "ev", E},
    {"fgbu", "fgbu", S},
    {"fgup", "fgup", S},
    {"fsue", "fgup", S},
    {"fzc", "fzc", S},
    {"fzco", "fzco", S},
    {"fze", "fze", S},
    {"fzllc", "llc", S},
    {"gmbh", "gmbh", S},
    {"gongsi", "co", S},
    {"gosnii", "gosnii", P},
    {"gup", "gup", P},
    {"inc", "inc", S},
    {"incorporated", "inc", E},
    {"jointstockcompany", "jsc", S},
    {"jpsc", "jsc", S},
    {"jsc", "jsc", S},
    {"kabushikigaisha", "kk", S},
    {"kabushikikaisha", "kk", S},
    {"kft", "kft", S},
    {"kg", "kg", E},
    {"kgaa", "kgaa", S},
    {"kk", "kk", E},
    {"korporatsiya", "corp", E},
    {"limited", "ltd", E},
    {"limitedliabilitycompany", "llc", S},
    {"llc", "llc", S},
    {"llp", "llp", S},
    {"lp", "lp", E},
    {"ltd", "ltd", S},
    {"ltda", "ltd", S},
    {"nii", "nii", P},
    {"npk", "npk", P},
    {"npo", "npo", P},
    {"npp", "npp", P},
    {"nv", "nv", E},
    {"oao", "jsc", S},
    {"odo", "odo", P},
    {"ohg", "ohg", S},
    {"ojsc", "jsc", S},
    {"okb", "okb", P},
    {"ood", "ood", E},
    {"ooo", "llc", S},
    {"oy", "oy", E},
    {"oyj", "oyj", S},
    {"pao", "jsc", S},
    {"pjs", "jsc", S}, /* the Iranian public joint stock company */
    {"pjsc", "jsc", S},
    {"plc", "plc", S},
    {"psc", "psc", E},
    {"pt", "pt", P},
    {"pte", "pte", S},
    {"pty", "pty", S},
    {"ptyltd", "ltd", S},
    {"pvt", "pvt", S},
    {"pvtltd", "ltd", S},
    {"qpsc", "qpsc", S},
    {"qsc", "qsc", S},
    {"rup", "gup", P},
    {"sa", "sa", E},
    {"sac", "sac", E},
    {"sae", "sae", E},
    {"sal", "sal", E},
    {"saoc", "saoc", S},
    {"saog", "saog", S},
    {"sarl", "sarl", S},
    {"sarlu", "sarlu", S},
    {"sas", "sas", E},
    {"sasu", "sasu", S},
    {"sc", "sc", E},
    {"scs", "scs", E},
    {"sdn", "sdn", S},
    {"sdnbhd", "bhd", S},
    {"sherkat", "co", S},
    {"sherkate", "co", S},
    {"shirkat", "co", S},
    {"skb", "skb", P},
    {"sl", "sl", E},
    {"spa", "spa", E},
    {"spr", "spr", E},
    {"sprl", "sprl", S},
    {"spzoo", "spzoo", S},
    {"srl", "srl", S},
    {"sro", "sro", S},
    {"sti", "sti", E},
    {"tov", "llc", P},
    {"tskb", "tskb", P},
    {"tsnii", "tsnii", P},
    {"wll", "wll", S},
    {"zao", "jsc", S},
    {"zat", "jsc", P},
    {"zrt", "zrt", S},
};

const lex_table legal_words = {"legal_words", legal_tab,
                               sizeof legal_tab / sizeof legal_tab[0]};

/* Sorted by words[0]. Words are compared after single-word mapping, so
 * "company"/"co" are both written "co", "limited" as "ltd". */
static const legal_phrase phrases[] = {
    {{"a", "g", NULL}, {"ag", NULL}, 1},
    {{"a", "s", NULL}, {"as", NULL}, 1},
    {{"adkrytaye", "aktsyyanernaye", "tavarystva", NULL}, {"jsc", NULL}, 0},
    {{"akciova", "spolecnost", NULL}, {"as", NULL}, 0},
    {{"aktsionernaya", "kompaniya", NULL}, {"jsc", NULL}, 0},
    {{"aktsionerne", "tovarystvo", NULL}, {"jsc", NULL}, 0},
    {{"aktsionernoye", "obshchestvo", NULL}, {"jsc", NULL}, 0},
    {{"aktsyyanernaye", "tavarystva", NULL}, {"jsc", NULL}, 0},
    {{"anonim", "sirketi", NULL}, {"as", NULL}, 0},
    {{"b", "v", NULL}, {"bv", NULL}, 1},
    {{"besloten", "vennootschap", NULL}, {"bv", NULL}, 0},
    {{"central", "scientific", "research", "institute", NULL}, {"tsnii", NULL}, 0},
    {{"central", "research", "institute", NULL}, {"tsnii", NULL}, 0},
    {{"central", "design", "bureau", NULL}, {"tskb", NULL}, 0},
    {{"chastnoye", "unitarnoye", "predpriyatiye", NULL}, {"gup", NULL}, 0},
    {{"closed", "joint", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"d", "o", "o", NULL}, {"doo", NULL}, 1},
    {{"derzhavne", "pidpryemstvo", NULL}, {"gup", NULL}, 0},
    {{"designated", "activity", "co", NULL}, {"dac", NULL}, 0},
    {{"drustvo", "sa", "ogranicenom", "odgovornoscu", NULL}, {"doo", NULL}, 0},
    {{"e", "v", NULL}, {"ev", NULL}, 1},
    {{"experimental", "design", "bureau", NULL}, {"okb", NULL}, 0},
    {{"federal", "state", "unitary", "enterprise", NULL}, {"fgup", NULL}, 0},
    {{"federal", "sue", NULL}, {"fgup", NULL}, 0},
    {{"federalnoye", "gosudarstvennoye", "unitarnoye", "predpriyatiye", NULL}, {"fgup", NULL}, 0},
    {{"foreign", "ltd", "liability", "co", NULL}, {"llc", NULL}, 0},
    {{"gesellschaft", "mit", "beschrankter", "haftung", NULL}, {"gmbh", NULL}, 0},
    {{"gosudarstvennoye", "unitarnoye", "predpriyatiye", NULL}, {"gup", NULL}, 0},
    {{"gosudarstvennyy", "nauchno", "issledovatelskiy", "institut", NULL}, {"gosnii", NULL}, 0},
    {{"gufen", "co", NULL}, {"co", "ltd", NULL}, 0},
    {{"gufen", "youxian", "co", NULL}, {"co", "ltd", NULL}, 0},
    {{"inostrannoye", "obshchestvo", "s", "ogranichennoy", "otvetstvennostyu", NULL}, {"llc", NULL}, 0},
    {{"institute", "for", "scientific", "research", NULL}, {"nii", NULL}, 0},
    {{"j", "s", "c", NULL}, {"jsc", NULL}, 1},
    {{"joint", "stock", NULL}, {"jsc", NULL}, 0},
    {{"joint", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"joint", "public", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"kabushiki", "gaisha", NULL}, {"kk", NULL}, 0},
    {{"kabushiki", "kaisha", NULL}, {"kk", NULL}, 0},
    {{"korlatolt", "felelossegu", "tarsasag", NULL}, {"kft", NULL}, 0},
    {{"l", "l", "c", NULL}, {"llc", NULL}, 1},
    {{"l", "l", "p", NULL}, {"llp", NULL}, 1},
    {{"ltd", "liability", "co", NULL}, {"llc", NULL}, 0},
    {{"ltd", "liability", "partnership", NULL}, {"llp", NULL}, 0},
    {{"ltd", "sirketi", NULL}, {"ltd", NULL}, 0},
    {{"municipal", "unitary", "enterprise", NULL}, {"gup", NULL}, 0},
    {{"munitsipalnoye", "unitarnoye", "predpriyatiye", NULL}, {"gup", NULL}, 0},
    {{"n", "v", NULL}, {"nv", NULL}, 1},
    {{"naamloze", "vennootschap", NULL}, {"nv", NULL}, 0},
    {{"nauchno", "proizvodstvennoe", "obedinenie", NULL}, {"npo", NULL}, 0},
    {{"nauchno", "proizvodstvennoe", "predpriyatie", NULL}, {"npp", NULL}, 0},
    {{"nauchno", "proizvodstvennaya", "corp", NULL}, {"npk", NULL}, 0},
    {{"nauchno", "proizvodstvennyy", "kompleks", NULL}, {"npk", NULL}, 0},
    {{"nauchno", "issledovatelskiy", "institut", NULL}, {"nii", NULL}, 0},
    {{"nauchno", "proizvodstvennoye", "obyedineniye", NULL}, {"npo", NULL}, 0},
    {{"nauchno", "proizvodstvennoye", "predpriyatiye", NULL}, {"npp", NULL}, 0},
    {{"nepublichnoye", "aktsionernoye", "obshchestvo", NULL}, {"jsc", NULL}, 0},
    {{"obshchestvo", "s", "ogranichennoy", "otvetstvennostyu", NULL}, {"llc", NULL}, 0},
    {{"obshchestvo", "s", "dopolnitelnoy", "otvetstvennostyu", NULL}, {"odo", NULL}, 0},
    {{"open", "joint", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"opytnoe", "konstruktorskoe", "byuro", NULL}, {"okb", NULL}, 0},
    {{"otkrytoye", "aktsionernoye", "obshchestvo", NULL}, {"jsc", NULL}, 0},
    {{"private", "joint", "stock", NULL}, {"jsc", NULL}, 1},
    {{"private", "joint", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"private", "joint", "stock", "corp", NULL}, {"jsc", NULL}, 1},
    {{"private", "ltd", NULL}, {"pvt", "ltd", NULL}, 0},
    {{"private", "ltd", "co", NULL}, {"pvt", "ltd", NULL}, 0},
    {{"private", "unitary", "enterprise", NULL}, {"gup", NULL}, 0},
    {{"pryvatne", "aktsionerne", "tovarystvo", NULL}, {"jsc", NULL}, 0},
    {{"public", "joint", "stock", NULL}, {"jsc", NULL}, 1},
    {{"public", "joint", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"public", "joint", "stock", "corp", NULL}, {"jsc", NULL}, 1},
    {{"public", "ltd", "co", NULL}, {"plc", NULL}, 0},
    {{"public", "co", "ltd", NULL}, {"plc", NULL}, 0},
    {{"publichne", "aktsionerne", "tovarystvo", NULL}, {"jsc", NULL}, 0},
    {{"publichnoye", "aktsionernoye", "obshchestvo", NULL}, {"jsc", NULL}, 0},
    {{"publicly", "traded", "co", NULL}, {"jsc", NULL}, 0},
    {{"republican", "unitary", "enterprise", NULL}, {"gup", NULL}, 0},
    {{"research", "institute", NULL}, {"nii", NULL}, 0},
    {{"research", "and", "production", "association", NULL}, {"npo", NULL}, 0},
    {{"research", "production", "association", NULL}, {"npo", NULL}, 0},
    {{"research", "and", "production", "enterprise", NULL}, {"npp", NULL}, 0},
    {{"research", "production", "enterprise", NULL}, {"npp", NULL}, 0},
    {{"research", "and", "production", "corp", NULL}, {"npk", NULL}, 0},
    {{"research", "production", "corp", NULL}, {"npk", NULL}, 0},
    {{"research", "and", "production", "complex", NULL}, {"npk", NULL}, 0},
    {{"research", "production", "complex", NULL}, {"npk", NULL}, 0},
    {{"respublikanskaye", "unitarnaye", "pradpryemstva", NULL}, {"gup", NULL}, 0},
    {{"respublikanske", "pidpryemstvo", NULL}, {"gup", NULL}, 0},
    {{"respublikanskoye", "unitarnoye", "predpriyatiye", NULL}, {"gup", NULL}, 0},
    {{"s", "a", NULL}, {"sa", NULL}, 1},
    {{"s", "a", "s", NULL}, {"sas", NULL}, 1},
    {{"s", "p", "a", NULL}, {"spa", NULL}, 1},
    {{"s", "r", "l", NULL}, {"srl", NULL}, 1},
    {{"s", "r", "o", NULL}, {"sro", NULL}, 1},
    {{"s", "de", "rl", NULL}, {"srl", NULL}, 0},
    {{"sa", "de", "cv", NULL}, {"sa", "cv", NULL}, 0},
    {{"sahami", "aam", NULL}, {"jsc", NULL}, 0},
    {{"sahami", "khas", NULL}, {"jsc", NULL}, 0},
    {{"sahami", "khass", NULL}, {"jsc", NULL}, 0},
    {{"science", "and", "production", "association", NULL}, {"npo", NULL}, 0},
    {{"science", "and", "production", "enterprise", NULL}, {"npp", NULL}, 0},
    {{"science", "and", "production", "corp", NULL}, {"npk", NULL}, 0},
    {{"science", "and", "production", "complex", NULL}, {"npk", NULL}, 0},
    {{"science", "research", "institute", NULL}, {"nii", NULL}, 0},
    {{"scientific", "and", "production", "association", NULL}, {"npo", NULL}, 0},
    {{"scientific", "production", "association", NULL}, {"npo", NULL}, 0},
    {{"scientific", "and", "production", "enterprise", NULL}, {"npp", NULL}, 0},
    {{"scientific", "production", "enterprise", NULL}, {"npp", NULL}, 0},
    {{"scientific", "and", "production", "corp", NULL}, {"npk", NULL}, 0},
    {{"scientific", "production", "corp", NULL}, {"npk", NULL}, 0},
    {{"scientific", "and", "production", "complex", NULL}, {"npk", NULL}, 0},
    {{"scientific", "production", "complex", NULL}, {"npk", NULL}, 0},
    {{"scientific", "research", "institute", NULL}, {"nii", NULL}, 0},
    {{"scientific", "and", "research", "institute", NULL}, {"nii", NULL}, 0},
    {{"sociedad", "anonima", NULL}, {"sa", NULL}, 0},
    {{"sociedad", "anonima", "de", "capital", "variable", NULL}, {"sa", "cv", NULL}, 0},
    {{"sociedad", "de", "responsabilidad", "limitada", NULL}, {"srl", NULL}, 0},
    {{"sociedad", "limitada", NULL}, {"sl", NULL}, 0},
    {{"sociedad", "por", "acciones", "simplificada", NULL}, {"sas", NULL}, 0},
    {{"sociedade", "anonima", NULL}, {"sa", NULL}, 0},
    {{"sociedade", "limitada", NULL}, {"ltd", NULL}, 0},
    {{"societa", "per", "azioni", NULL}, {"spa", NULL}, 0},
    {{"societa", "a", "responsabilita", "limitata", NULL}, {"srl", NULL}, 0},
    {{"societate", "cu", "raspundere", "limitata", NULL}, {"srl", NULL}, 0},
    {{"societate", "pe", "actiuni", NULL}, {"sa", NULL}, 0},
    {{"societatea", "cu", "raspundere", "limitata", NULL}, {"srl", NULL}, 0},
    {{"societatea", "pe", "actiuni", NULL}, {"sa", NULL}, 0},
    {{"societe", "anonyme", NULL}, {"sa", NULL}, 0},
    {{"societe", "a", "responsabilite", "limitee", NULL}, {"sarl", NULL}, 0},
    {{"societe", "par", "actions", "simplifiee", NULL}, {"sas", NULL}, 0},
    {{"sp", "z", "o", "o", NULL}, {"spzoo", NULL}, 0},
    {{"sp", "z", "oo", NULL}, {"spzoo", NULL}, 0},
    {{"special", "design", "bureau", NULL}, {"skb", NULL}, 0},
    {{"spetsialnoe", "konstruktorskoe", "byuro", NULL}, {"skb", NULL}, 0},
    {{"spolecnost", "s", "rucenim", "omezenym", NULL}, {"sro", NULL}, 0},
    {{"spolka", "akcyjna", NULL}, {"sa", NULL}, 0},
    {{"spolka", "z", "ograniczona", "odpowiedzialnoscia", NULL}, {"spzoo", NULL}, 0},
    {{"spolocnost", "s", "rucenim", "obmedzenym", NULL}, {"sro", NULL}, 0},
    {{"state", "scientific", "research", "institute", NULL}, {"gosnii", NULL}, 0},
    {{"state", "research", "institute", NULL}, {"gosnii", NULL}, 0},
    {{"state", "unitary", "enterprise", NULL}, {"gup", NULL}, 0},
    {{"tavarystva", "z", "abmezhavanay", "adkaznastsyu", NULL}, {"llc", NULL}, 0},
    {{"tavarystva", "s", "abmezhavanay", "adkaznastsyu", NULL}, {"llc", NULL}, 0},
    {{"tavarystva", "z", "dadatkovay", "adkaznastsyu", NULL}, {"odo", NULL}, 0},
    {{"tovarystvo", "z", "obmezhenoyu", "vidpovidalnistyu", NULL}, {"llc", NULL}, 0},
    {{"tsentralnoe", "konstruktorskoe", "byuro", NULL}, {"tskb", NULL}, 0},
    {{"tsentralnyy", "nauchno", "issledovatelskiy", "institut", NULL}, {"tsnii", NULL}, 0},
    {{"unitarnaye", "pradpryemstva", NULL}, {"gup", NULL}, 0},
    {{"unitarnoye", "predpriyatiye", NULL}, {"gup", NULL}, 0},
    {{"unitary", "enterprise", NULL}, {"gup", NULL}, 0},
    {{"youxian", "co", NULL}, {"co", "ltd", NULL}, 0},
    {{"youxian", "zeren", "co", NULL}, {"co", "ltd", NULL}, 0},
    {{"zakrytaye", "aktsyyanernaye", "tavarystva", NULL}, {"jsc", NULL}, 0},
    {{"zakrytoye", "aktsionernoye", "obshchestvo", NULL}, {"jsc", NULL}, 0},
    {{"zamezhnaye", "tavarystva", "z", "abmezhavanay", "adkaznastsyu", NULL}, {"llc", NULL}, 0},
};

#define NPHRASES (sizeof phrases / sizeof phrases[0])

/* The letters a word has, one bit each. */
static uint32_t letter_mask(const char *s, size_t n)
{
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            m |= 1u << (s[i] - 'a');
    return m;
}

/* osa_within for a budget of one edit, by one scan: 0 when a and b are
 * equal, 1 when a letter is changed, left out or added or two adjacent
 * letters are swapped, else 2. Their lengths differ by one at most. */
static int osa_one(const char *a, size_t la, const char *b, size_t lb)
{
    if (la < lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    size_t i = 0;
    while (i < lb && a[i] == b[i])
        i++;
    if (la > lb) /* a letter of a left out of b */
        return memcmp(a + i + 1, b + i, lb - i) ? 2 : 1;
    if (i == la)
        return 0;
    if (!memcmp(a + i + 1, b + i + 1, la - i - 1))
        return 1;
    return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
                   !memcmp(a + i + 2, b + i + 2, la - i - 2)
               ? 1
               : 2;
}

int osa_within(const char *a, size_t la, const char *b, size_t lb, int k)
{
    int d[3][65];
    int *pp = d[0], *pv = d[1], *cu = d[2];
    if (la >= 64 || lb >= 64 || (la > lb ? la - lb : lb - la) > (size_t)k)
        return k + 1;
    if (k == 1)
        return osa_one(a, la, b, lb);
    for (size_t j = 0; j <= lb; j++)
        pv[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int rowmin = cu[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int v = pv[j - 1] + (a[i - 1] != b[j - 1]);
            if (pv[j] + 1 < v)
                v = pv[j] + 1;
            if (cu[j - 1] + 1 < v)
                v = cu[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cu[j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > k)
            return k + 1;
        int *t = pp;
        pp = pv;
        pv = cu;
        cu = t;
    }
    return pv[lb];
}

/* A word of a legal phrase against a token: equal, or a misspelling with
 * the same first letter or its first two letters swapped (one edit from 4
 * letters, two from 11: "jint", "stcok", "ojint", "obschestvo",
 * "otvestvennostyu"), any first letter from 8 ("bshchestvo",
 * "tvetstvennostyu"), the Russian adjective's ending in any of its
 * transliterations ("publichnoe", "pnblichnoe" for publichnoye); every
 * other word of the phrase must be there too, so a word alone is not
 * taken. Words of up to 3 letters must be equal. */
#define PHRASE_FUZZY_MIN 4
#define PHRASE_ANY_FIRST_MIN 8
static int phrase_word_near(const char *pw, size_t lp, const char *tok,
                            size_t lt)
{
    size_t mn = lp < lt ? lp : lt;
    if (mn < PHRASE_FUZZY_MIN ||
        (mn < PHRASE_ANY_FIRST_MIN && pw[0] != tok[0] &&
         (pw[0] != tok[1] || pw[1] != tok[0])))
        return 0;
    int k = mn >= 11 ? 2 : 1;
    return osa_within(pw, lp, tok, lt, k) <= k;
}

/* The other transliterations of a Russian adjective's ending that word
 * (l letters) has: -oye written -oe, -oy written -oi or -oj. Writes them
 * to out (at most RU_ENDINGS_MAX, each under 32 letters); returns how
 * many. */
#define RU_ENDINGS_MAX 2
static size_t russian_endings(const char *word, size_t l, char (*out)[32])
{
    static const char *const ends[][3] = {{"oye", "oe", NULL},
                                          {"oy", "oi", "oj"}};
    size_t n = 0;
    for (size_t e = 0; e < 2 && l < 32; e++) {
        size_t le = strlen(ends[e][0]);
        if (l <= le + 3 || strcmp(word + l - le, ends[e][0]))
            continue;
        for (size_t v = 1; v < 3 && ends[e][v]; v++) {
            memcpy(out[n], word, l - le);
            strcpy(out[n] + l - le, ends[e][v]);
            n++;
        }
        break; /* a word has one ending */
    }
    return n;
}

static int phrase_word_eq(const char *pw, const char *tok)
{
    if (!lex_cmp(pw, tok))
        return 1;
    size_t lp = strlen(pw), lt = strlen(tok);
    /* no edit for fewer letters; at most two edits, and an ending one
     * letter shorter */
    if (lt < PHRASE_FUZZY_MIN || lp > lt + 3 || lt > lp + 3)
        return 0;
    if (phrase_word_near(pw, lp, tok, lt))
        return 1;
    char alt[RU_ENDINGS_MAX][32];
    size_t na = russian_endings(pw, lp, alt);
    for (size_t k = 0; k < na; k++)
        if (phrase_word_near(alt[k], strlen(alt[k]), tok, lt))
            return 1;
    return 0;
}

/* A phrase word that may be left out: a preposition or article of one or
 * two letters inside a spelt-out phrase ("obshchestvo [s] ogranichennoy
 * otvetstvennostyu", "sociedad [de] responsabilidad limitada"). */
static int phrase_word_optional(const legal_phrase *p, int m)
{
    return m > 0 && !p->at_end && p->words[m + 1] && strlen(p->words[m]) <= 2;
}

/* A phrase word that may be missing when the first is there and is no
 * legal word itself: one of 4 letters or more after the first word of a
 * phrase of three words or more ("publichnoye [aktsionernoye]
 * obshchestvo", "open [joint] stock company", "joint [stock] company"),
 * not the liability of "ltd liability co". */
static int phrase_word_missable(const legal_phrase *p, int m,
                                const char *first)
{
    return m > 0 && !p->at_end && p->words[2] && strlen(p->words[m]) >= 4 &&
           strlen(first) >= 4 && !lex_find(&legal_words, first);
}

/* Per phrase, gathered once: where the run of phrases of its first word
 * ends (the phrases of one first word are adjacent, and it is compared
 * once), that word's length, letters and Russian ending; and per first
 * letter the run of phrases. */
static struct {
    uint16_t next; /* the next phrase of another first word */
    uint8_t len;
    uint8_t ending; /* 1: a Russian ending another transliteration
                       changes (russian_endings) */
    uint32_t mask;
} firsts[NPHRASES];
static uint16_t letter_lo[256], letter_hi[256];
static pthread_once_t firsts_once = PTHREAD_ONCE_INIT;

static void gather_firsts(void)
{
    for (size_t k = NPHRASES; k-- > 0;) {
        const char *f = phrases[k].words[0];
        firsts[k].next = (uint16_t)(k + 1 < NPHRASES &&
                                            !strcmp(phrases[k + 1].words[0], f)
                                        ? firsts[k + 1].next
                                        : k + 1);
    }
    for (size_t k = 0; k < NPHRASES; k++) {
        const char *f = phrases[k].words[0];
        size_t l = strlen(f);
        unsigned char c = (unsigned char)f[0];
        firsts[k].len = (uint8_t)(l < 255 ? l : 255);
        char alt[RU_ENDINGS_MAX][32];
        firsts[k].ending = russian_endings(f, l, alt) > 0;
        firsts[k].mask = letter_mask(f, l);
        if (!letter_hi[c])
            letter_lo[c] = (uint16_t)k;
        letter_hi[c] = (uint16_t)(k + 1);
    }
}

/* phrase_word_eq of phrase k's first word and tok (lt letters; *mt its
 * letters, worked out on first need), passed over when their lengths or
 * letters are too far apart for it: each edit (two from 11 letters, one
 * below: phrase_word_near) and a Russian ending that changes a letter
 * (oye / oe, oy / oi) change which letters a word has by one at most. */
static int first_word_eq(size_t k, const char *tok, size_t lt, uint32_t *mt)
{
    size_t lp = firsts[k].len;
    if (lt < PHRASE_FUZZY_MIN || lp > lt + 3 || lt > lp + 3)
        return !lex_cmp(phrases[k].words[0], tok);
    size_t mn = lp < lt ? lp : lt;
    int slack = (mn >= 11 ? 2 : 1) + firsts[k].ending;
    if (!*mt)
        *mt = letter_mask(tok, lt) | 1u << 31; /* never 0 once worked out */
    if (text_bits_over(firsts[k].mask & ~*mt, slack) ||
        text_bits_over(*mt & ~firsts[k].mask & ~(1u << 31), slack))
        return 0;
    return phrase_word_eq(phrases[k].words[0], tok);
}

/* The longest phrase whose first word starts with letter c (which
 * phrase_word_eq takes w[i] for) starting at token i; *best_rank ranks
 * the one found so far: twice its tokens, plus one when none of its words
 * is missing, so a whole phrase wins over one as long with a word left
 * out. */
static const legal_phrase *phrase_with_first(const char *const *w, int n,
                                             int i, unsigned char c,
                                             const legal_phrase *best,
                                             int *best_rank)
{
    pthread_once(&firsts_once, gather_firsts);
    size_t lt = strlen(w[i]);
    uint32_t mt = 0;
    size_t end = 0; /* the phrases from k to end share a first word that
                       matched */
    for (size_t k = letter_lo[c]; k < letter_hi[c]; k++) {
        const legal_phrase *p = &phrases[k];
        if (k >= end) {
            if (!first_word_eq(k, w[i], lt, &mt)) {
                k = firsts[k].next - 1u; /* past its first word's run */
                continue;
            }
            end = firsts[k].next;
        }
        /* phrase words, tokens taken */
        int m = 1, t = 1, skipped = 0, missing = 0;
        while (p->words[m]) {
            if (i + t < n && phrase_word_eq(p->words[m], w[i + t])) {
                m++;
                t++;
            } else if (!skipped && phrase_word_optional(p, m)) {
                m++;
                skipped = 1;
            } else if (!missing && phrase_word_missable(p, m, w[i])) {
                m++;
                missing = 1;
            } else {
                break;
            }
        }
        /* a phrase with a word missing leaves some word of the name */
        if (p->words[m] || (p->at_end && i + t != n) || t < 2 ||
            (missing && i == 0 && t == n))
            continue;
        int rank = 2 * t + !missing;
        if (rank > *best_rank) {
            best = p;
            *best_rank = rank;
        }
    }
    return best;
}

const legal_phrase *legal_phrase_at(const char *const *w, int n, int i,
                                    int *len)
{
    int best_rank = 0;
    unsigned char c0 = (unsigned char)w[i][0], c1 = (unsigned char)w[i][1];
    const legal_phrase *best = phrase_with_first(w, n, i, c0, NULL,
                                                 &best_rank);
    /* a first word with its first two letters swapped ("lcosed") */
    if (c1 && c1 != c0)
        best = phrase_with_first(w, n, i, c1, best, &best_rank);
    *len = best_rank / 2;
    return best;
}

/* Words that only a spelt-out legal form has, sorted: written alone,
 * misspelt, or away from the rest of their phrase ("AKTSIONERNOE PLUTON",
 * "S OGRANICHENNOI OTVETSTVENNOSTYU PROMOIL OBSHCHESTVO") they still
 * say what kind of company it is, not what it is called. Words also
 * common in names (company, gesellschaft, sociedad, societe, state,
 * gosudarstvennoye, kaisha) are not here, nor the adjectives open and
 * closed (otkrytoye is one edit from the bank Otkrytie): only their
 * phrases make them legal. A word of under 8 letters is taken only as
 * written (haftung is one edit from the surname Hartung). */
static const char *const vocab[] = {
    "abmezhavanay",     "adkaznastsyu",     "akciova",
    "akcyjna",          "aktsionernaya",    "aktsionerne",
    "aktsionernoye",    "aktsyyanernaye",   "anonima",
    "anonyme",          "beschrankter",     "besloten",
    "drustvo",          "felelossegu",      "haftung",
    "kabushiki",        "korlatolt",        "limitada",
    "limitata",         "limitee",          "naamloze",
    "nepublichnoye",    "obmedzenym",       "obmezhenoyu",
    "obshchestvo",      "odgovornoscu",     "odpowiedzialnoscia",
    "ogranicenom",      "ogranichennoy",    "ograniczona",
    "omezenym",         "otvetstvennostyu", "pryvatne",
    "publichne",        "publichnoye",      "raspundere",
    "responsabilidad",  "responsabilita",   "responsabilite",
    "rucenim",          "simplificada",     "simplifiee",
    "sirketi",          "spolecnost",       "spolocnost",
    "tarsasag",         "tavarystva",       "tovarystvo",
    "vennootschap",     "vidpovidalnistyu",
};

#define VOCAB_N (sizeof vocab / sizeof vocab[0])
_Static_assert(VOCAB_N <= 64, "vocab_near holds 64 words");

static const char *vocab_find(const char *word)
{
    size_t lo = 0, hi = VOCAB_N;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = lex_cmp(word, vocab[mid]);
        if (c == 0)
            return vocab[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* The vocabulary words of 8 letters or more, the only ones taken
 * misspelt, with their lengths and letters, gathered once. */
static struct {
    const char *w;
    size_t len;
    uint32_t mask;
} vocab_long[VOCAB_N];
static size_t n_vocab_long;
/* vocab_near[l]: bit k set when vocab_long[k] is within two letters of
 * length l, so a word of l letters tries only those, in vocab order */
#define VOCAB_LEN_MAX 32
static uint64_t vocab_near[VOCAB_LEN_MAX];
static pthread_once_t vocab_once = PTHREAD_ONCE_INIT;

static void gather_vocab_long(void)
{
    for (size_t k = 0; k < VOCAB_N; k++) {
        size_t l = strlen(vocab[k]);
        if (l < PHRASE_ANY_FIRST_MIN)
            continue;
        for (size_t m = l > 2 ? l - 2 : 0; m <= l + 2 && m < VOCAB_LEN_MAX;
             m++)
            vocab_near[m] |= 1ULL << n_vocab_long;
        vocab_long[n_vocab_long].w = vocab[k];
        vocab_long[n_vocab_long].len = l;
        vocab_long[n_vocab_long++].mask = letter_mask(vocab[k], l);
    }
}

const char *legal_vocab_word(const char *word, size_t len)
{
    if (len < LEGAL_VOCAB_MIN || len >= 32)
        return NULL;
    const char *e = vocab_find(word);
    if (e)
        return e;
    /* a Russian ending in another transliteration: -oe for -oye, -oi or
     * -oj for -oy ("aktsionernoe" is aktsionernoye, not aktsionerne
     * misspelt) */
    char w[40];
    if (word[len - 2] == 'o' &&
        (word[len - 1] == 'e' || word[len - 1] == 'i' || word[len - 1] == 'j')) {
        memcpy(w, word, len - 1);
        strcpy(w + len - 1, word[len - 1] == 'e' ? "ye" : "y");
        if ((e = vocab_find(w)))
            return e;
    }
    pthread_once(&vocab_once, gather_vocab_long);
    /* misspelt: one edit changes which letters a word has by two at
     * most (the Russian ending by one more), so most words are passed
     * over on their letters alone */
    uint32_t mt = letter_mask(word, len);
    for (uint64_t near = vocab_near[len]; near; near &= near - 1) {
        size_t k = (size_t)__builtin_ctzll(near);
        size_t lv = vocab_long[k].len;
        int slack = (len < lv ? len : lv) >= 11 ? 3 : 2;
        uint32_t mv = vocab_long[k].mask;
        if (text_bits_over(mv & ~mt, slack) ||
            text_bits_over(mt & ~mv, slack))
            continue;
        if (phrase_word_eq(vocab_long[k].w, word))
            return vocab_long[k].w;
    }
    return NULL;
}

int legal_vocab_sorted(void)
{
    for (size_t k = 1; k < VOCAB_N; k++)
        if (strcmp(vocab[k - 1], vocab[k]) >= 0)
            return 0;
    return 1;
}

/* The spelt-out legal words legal_word_fuzzy tries (7 letters or more:
 * company, limited, corporation, incorporated, companylimited,
 * aktiengesellschaft ...) with their lengths, gathered once. */
static struct {
    const lex_entry *e;
    size_t len;
    uint32_t mask; /* its letters */
} long_words[sizeof legal_tab / sizeof legal_tab[0]];
static size_t n_long_words;
static pthread_once_t long_words_once = PTHREAD_ONCE_INIT;

static void gather_long_words(void)
{
    for (size_t k = 0; k < sizeof legal_tab / sizeof legal_tab[0]; k++) {
        size_t le = strlen(legal_tab[k].word);
        if (le >= 7) {
            long_words[n_long_words].e = &legal_tab[k];
            long_words[n_long_words].mask = letter_mask(legal_tab[k].word, le);
            long_words[n_long_words++].len = le;
        }
    }
}

/* A legal word of only-legal kind (LTD, LLC, OOO, CJSC, CORP, GMBH)
 * written with one letter doubled ("LTTD", "OOOO", "CJSCC", "CORPP"), or
 * NULL. */
static const lex_entry *legal_word_doubled(const char *word, size_t lw)
{
    char w[16];
    if (lw < 4 || lw > 8)
        return NULL;
    for (size_t i = 1; i < lw; i++) {
        if (word[i] != word[i - 1])
            continue;
        memcpy(w, word, i);
        memcpy(w + i, word + i + 1, lw - i);
        const lex_entry *e = lex_find(&legal_words, w);
        if (e && e->kind == LEGAL_STRONG)
            return e;
    }
    return NULL;
}

/* The legal word of only-legal kind that a word of 4 to 8 letters writes
 * with two adjacent letters swapped ("csjc", "ojcs"), when it has no vowel
 * but perhaps a first one: an acronym's letters. A word with vowels may be
 * a name the swap makes one ("crop" and corp). */
static const lex_entry *legal_word_swapped(const char *word, size_t lw)
{
    char w[16];
    if (lw < 4 || lw > 8)
        return NULL;
    for (size_t i = 1; i < lw; i++)
        if (strchr("aeiouy", word[i]))
            return NULL;
    memcpy(w, word, lw + 1);
    for (size_t i = 0; i + 1 < lw; i++) {
        if (w[i] == w[i + 1])
            continue;
        char c = w[i];
        w[i] = w[i + 1];
        w[i + 1] = c;
        const lex_entry *e = lex_find(&legal_words, w);
        w[i + 1] = w[i];
        w[i] = c;
        if (e && e->kind == LEGAL_STRONG)
            return e;
    }
    return NULL;
}

/* A short legal word typed with a letter doubled or two swapped. */
static const lex_entry *legal_word_typed(const char *word, size_t lw)
{
    const lex_entry *e = legal_word_doubled(word, lw);
    return e ? e : legal_word_swapped(word, lw);
}

const lex_entry *legal_word_fuzzy(const char *word)
{
    size_t lw = strlen(word);
    if (lw < 6)
        return legal_word_typed(word, lw);
    pthread_once(&long_words_once, gather_long_words);
    uint32_t mw = letter_mask(word, lw);
    for (size_t k = 0; k < n_long_words; k++) {
        size_t le = long_words[k].len;
        /* one edit changes which letters a word has by one each way */
        if (le > lw + 1 || lw > le + 1 ||
            text_bits_over(long_words[k].mask & ~mw, 1) ||
            text_bits_over(mw & ~long_words[k].mask, 1))
            continue;
        if (osa_within(long_words[k].e->word, le, word, lw, 1) <= 1)
            return long_words[k].e;
    }
    return legal_word_typed(word, lw);
}

/* Two adjacent words of a phrase written as one ("jointstock",
 * "closedjoint", "sogranichennoy", "limitedliability"): each word in its
 * canonical spelling or one legal_tab maps to it, gathered once, sorted,
 * with the length of the first. Only joins of JOIN_WORD_MIN letters or
 * more whose longer part has 5 letters: "sade" (s a, de) stays a name. */
#define JOIN_WORD_MIN 8
typedef struct joined_word {
    char s[48];
    uint8_t cut;
} joined_word;
static joined_word *joined_words;
static size_t n_joined_words, cap_joined_words;
static pthread_once_t joined_once = PTHREAD_ONCE_INIT;

static int cmp_joined(const void *a, const void *b)
{
    return strcmp(((const joined_word *)a)->s, ((const joined_word *)b)->s);
}

/* The spellings of phrase word pw: itself and every legal word mapped to
 * it, and for each a Russian adjective's other transliterated endings
 * ("-oye" / "-oe", "-oy" / "-oi" / "-oj"); at most max, written to out. */
#define SPELLING_MAX 32
static size_t spellings_of(const char *pw, char (*out)[32], size_t max)
{
    const char *base[SPELLING_MAX];
    size_t nb = 0, n = 0;
    base[nb++] = pw;
    for (size_t k = 0;
         k < sizeof legal_tab / sizeof legal_tab[0] && nb < SPELLING_MAX; k++)
        if (!strcmp(legal_tab[k].canon, pw) && strcmp(legal_tab[k].word, pw))
            base[nb++] = legal_tab[k].word;
    for (size_t i = 0; i < nb && n + 1 + RU_ENDINGS_MAX <= max; i++) {
        size_t l = strlen(base[i]);
        if (l >= 32)
            continue;
        memcpy(out[n++], base[i], l + 1);
        n += russian_endings(base[i], l, out + n);
    }
    return n;
}

static void gather_joined_words(void)
{
    for (size_t k = 0; k < NPHRASES; k++)
        for (int m = 0; phrases[k].words[m] && phrases[k].words[m + 1]; m++) {
            char a[SPELLING_MAX][32], b[SPELLING_MAX][32];
            size_t na = spellings_of(phrases[k].words[m], a, SPELLING_MAX);
            size_t nb =
                spellings_of(phrases[k].words[m + 1], b, SPELLING_MAX);
            for (size_t i = 0; i < na; i++)
                for (size_t j = 0; j < nb; j++) {
                    size_t la = strlen(a[i]), lb = strlen(b[j]);
                    if (la + lb < JOIN_WORD_MIN || (la < 5 && lb < 5) ||
                        la + lb >= sizeof joined_words->s)
                        continue;
                    if (n_joined_words == cap_joined_words) {
                        size_t cap = cap_joined_words ? 2 * cap_joined_words
                                                      : 1024;
                        joined_word *p =
                            realloc(joined_words, cap * sizeof *p);
                        if (!p)
                            continue; /* fewer joins are recognised */
                        joined_words = p;
                        cap_joined_words = cap;
                    }
                    joined_word *w = &joined_words[n_joined_words++];
                    memcpy(w->s, a[i], la);
                    memcpy(w->s + la, b[j], lb + 1);
                    w->cut = (uint8_t)la;
                }
        }
    qsort(joined_words, n_joined_words, sizeof *joined_words, cmp_joined);
}

size_t legal_phrase_joins(void)
{
    pthread_once(&joined_once, gather_joined_words);
    return n_joined_words;
}

size_t legal_phrase_join(const char *word, size_t len)
{
    if (len < JOIN_WORD_MIN || len >= sizeof joined_words->s)
        return 0;
    pthread_once(&joined_once, gather_joined_words);
    size_t lo = 0, hi = n_joined_words;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *a = joined_words[mid].s;
        size_t i = 0;
        while (i < len && a[i] == word[i])
            i++;
        /* a[len] == 0 at a full match: shorter words sort first */
        int c = i < len ? (unsigned char)a[i] - (unsigned char)word[i]
                        : a[len] != 0;
        if (c < 0)
            lo = mid + 1;
        else if (c > 0)
            hi = mid;
        else
            return joined_words[mid].cut;
    }
    return 0;
}

int text_legal_word(const char *s, size_t len)
{
    char w[32];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '.')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c < 'a' || c > 'z' || n + 1 >= sizeof w)
            return 0;
        w[n++] = c;
    }
    w[n] = '\0';
    return n > 0 && lex_find(&legal_words, w) != NULL;
}

int legal_phrases_sorted(void)
{
    for (size_t k = 1; k < NPHRASES; k++)
        if (strcmp(phrases[k - 1].words[0], phrases[k].words[0]) > 0)
            return 0;
    return 1;
}
