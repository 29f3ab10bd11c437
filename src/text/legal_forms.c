/*
 * legal_forms.c - company legal forms: single words (ltd, llc, gmbh, oao)
 * and phrases (joint stock company, s a, sp z o o), each with the one
 * canonical spelling that every variant maps to: OAO/OJSC/PJSC/ZAO/CJSC/
 * AO/PAO -> jsc, OOO/TOV -> llc, Company -> co, Limited -> ltd,
 * Corporation -> corp, Incorporated -> inc.
 *
 * Words that are also ordinary words or initials (co, company, sa, as,
 * ag) are LEGAL_EDGE: normalize.c flags them only at the end of a name or
 * next to another legal form, so "Trading Company of Iran" keeps its
 * "company". Both tables are sorted for binary search.
 */
#include "text/lexicon.h"

#define S LEGAL_STRONG
#define E LEGAL_EDGE
#define P LEGAL_PREFIX

static const lex_entry legal_tab[] = {
    /* sorted (LC_ALL=C sort) */
    {"ab", "ab", E},
    {"ag", "ag", E},
    {"aktiengesellschaft", "ag", S},
    {"ao", "jsc", P},
    {"as", "as", E},
    {"asa", "asa", E},
    {"bhd", "bhd", S},
    {"bsc", "bsc", E},
    {"bv", "bv", E},
    {"cia", "co", E},
    {"cie", "co", E},
    {"cjsc", "jsc", S},
    {"co", "co", E},
    {"company", "co", E},
    {"corp", "corp", S},
    {"corporation", "corp", E},
    {"cv", "cv", E},
    {"dd", "dd", E},
    {"doo", "doo", S},
    {"eood", "eood", S},
    {"fzc", "fzc", S},
    {"fzco", "fzco", S},
    {"fze", "fze", S},
    {"fzllc", "llc", S},
    {"gmbh", "gmbh", S},
    {"inc", "inc", S},
    {"incorporated", "inc", E},
    {"jsc", "jsc", S},
    {"kabushikigaisha", "kk", S},
    {"kabushikikaisha", "kk", S},
    {"kft", "kft", S},
    {"kg", "kg", E},
    {"kgaa", "kgaa", S},
    {"kk", "kk", E},
    {"limited", "ltd", E},
    {"llc", "llc", S},
    {"llp", "llp", S},
    {"lp", "lp", E},
    {"ltd", "ltd", S},
    {"ltda", "ltd", S},
    {"nv", "nv", E},
    {"oao", "jsc", S},
    {"ohg", "ohg", S},
    {"ojsc", "jsc", S},
    {"ooo", "llc", S},
    {"oy", "oy", E},
    {"oyj", "oyj", S},
    {"pao", "jsc", S},
    {"pjsc", "jsc", S},
    {"plc", "plc", S},
    {"psc", "psc", E},
    {"pt", "pt", P},
    {"pte", "pte", S},
    {"pty", "pty", S},
    {"pvt", "pvt", S},
    {"qpsc", "qpsc", S},
    {"qsc", "qsc", S},
    {"sa", "sa", E},
    {"sae", "sae", E},
    {"sal", "sal", E},
    {"saoc", "saoc", S},
    {"saog", "saog", S},
    {"sarl", "sarl", S},
    {"sas", "sas", E},
    {"sdn", "sdn", S},
    {"sl", "sl", E},
    {"spa", "spa", E},
    {"sprl", "sprl", S},
    {"spzoo", "spzoo", S},
    {"srl", "srl", S},
    {"sro", "sro", S},
    {"sti", "sti", E},
    {"tov", "llc", P},
    {"wll", "wll", S},
    {"zao", "jsc", S},
    {"zrt", "zrt", S},
};

const lex_table legal_words = {"legal_words", legal_tab,
                               sizeof legal_tab / sizeof legal_tab[0]};

/* Sorted by words[0]. Words are compared after single-word mapping, so
 * "company"/"co" are both written "co", "limited" as "ltd". */
static const legal_phrase phrases[] = {
    {{"a", "g", NULL}, {"ag", NULL}, 1},
    {{"a", "s", NULL}, {"as", NULL}, 1},
    {{"aktsionernoye", "obshchestvo", NULL}, {"jsc", NULL}, 0},
    {{"b", "v", NULL}, {"bv", NULL}, 1},
    {{"besloten", "vennootschap", NULL}, {"bv", NULL}, 0},
    {{"closed", "joint", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"d", "o", "o", NULL}, {"doo", NULL}, 1},
    {{"gesellschaft", "mit", "beschrankter", "haftung", NULL}, {"gmbh", NULL}, 0},
    {{"j", "s", "c", NULL}, {"jsc", NULL}, 1},
    {{"joint", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"kabushiki", "gaisha", NULL}, {"kk", NULL}, 0},
    {{"kabushiki", "kaisha", NULL}, {"kk", NULL}, 0},
    {{"l", "l", "c", NULL}, {"llc", NULL}, 1},
    {{"l", "l", "p", NULL}, {"llp", NULL}, 1},
    {{"ltd", "liability", "co", NULL}, {"llc", NULL}, 0},
    {{"ltd", "liability", "partnership", NULL}, {"llp", NULL}, 0},
    {{"n", "v", NULL}, {"nv", NULL}, 1},
    {{"naamloze", "vennootschap", NULL}, {"nv", NULL}, 0},
    {{"nepublichnoye", "aktsionernoye", "obshchestvo", NULL}, {"jsc", NULL}, 0},
    {{"obshchestvo", "s", "ogranichennoy", "otvetstvennostyu", NULL}, {"llc", NULL}, 0},
    {{"open", "joint", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"otkrytoye", "aktsionernoye", "obshchestvo", NULL}, {"jsc", NULL}, 0},
    {{"private", "joint", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"private", "ltd", NULL}, {"pvt", "ltd", NULL}, 0},
    {{"public", "joint", "stock", "co", NULL}, {"jsc", NULL}, 0},
    {{"public", "ltd", "co", NULL}, {"plc", NULL}, 0},
    {{"publichnoye", "aktsionernoye", "obshchestvo", NULL}, {"jsc", NULL}, 0},
    {{"s", "a", NULL}, {"sa", NULL}, 1},
    {{"s", "a", "s", NULL}, {"sas", NULL}, 1},
    {{"s", "p", "a", NULL}, {"spa", NULL}, 1},
    {{"s", "r", "l", NULL}, {"srl", NULL}, 1},
    {{"s", "r", "o", NULL}, {"sro", NULL}, 1},
    {{"sa", "de", "cv", NULL}, {"sa", "cv", NULL}, 0},
    {{"sociedad", "anonima", NULL}, {"sa", NULL}, 0},
    {{"sociedade", "anonima", NULL}, {"sa", NULL}, 0},
    {{"societa", "per", "azioni", NULL}, {"spa", NULL}, 0},
    {{"societe", "anonyme", NULL}, {"sa", NULL}, 0},
    {{"sp", "z", "o", "o", NULL}, {"spzoo", NULL}, 0},
    {{"sp", "z", "oo", NULL}, {"spzoo", NULL}, 0},
    {{"zakrytoye", "aktsionernoye", "obshchestvo", NULL}, {"jsc", NULL}, 0},
};

#define NPHRASES (sizeof phrases / sizeof phrases[0])

const legal_phrase *legal_phrase_at(const char *const *w, int n, int i,
                                    int *len)
{
    const char *first = w[i];
    size_t lo = 0, hi = NPHRASES;
    while (lo < hi) { /* first phrase with words[0] >= first */
        size_t mid = (lo + hi) / 2;
        if (lex_cmp(phrases[mid].words[0], first) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const legal_phrase *best = NULL;
    int best_len = 0;
    for (size_t k = lo; k < NPHRASES && !lex_cmp(phrases[k].words[0], first);
         k++) {
        const legal_phrase *p = &phrases[k];
        int m = 1;
        while (p->words[m] && i + m < n &&
               !lex_cmp(p->words[m], w[i + m]))
            m++;
        if (p->words[m])
            continue;
        if (p->at_end && i + m != n)
            continue;
        if (m > best_len) {
            best = p;
            best_len = m;
        }
    }
    *len = best_len;
    return best;
}

int legal_phrases_sorted(void)
{
    for (size_t k = 1; k < NPHRASES; k++)
        if (strcmp(phrases[k - 1].words[0], phrases[k].words[0]) > 0)
            return 0;
    return 1;
}
