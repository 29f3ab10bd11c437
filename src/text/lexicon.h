/*
 * lexicon.h - private to src/text: the word tables behind name
 * normalisation and the pieces of the pipeline that live in separate files.
 *
 * Every table is a static const array sorted by `word` (strcmp order) and
 * searched with lex_find(); nothing is built at run time, so the tables
 * are shared by all threads without locking. tests/text/test_lexicon.c
 * checks that each table is sorted and free of duplicates.
 */
#ifndef EMB_TEXT_LEXICON_H
#define EMB_TEXT_LEXICON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "text/text.h"

typedef struct lex_entry {
    const char *word;  /* folded spelling, [a-z0-9]+ (kana.c: katakana) */
    const char *canon; /* canonical spelling */
    int kind;          /* table specific (LEGAL_* for legal forms) */
} lex_entry;

typedef struct lex_table {
    const char *name;
    const lex_entry *e;
    size_t n;
} lex_table;

/* strcmp for the short words of the tables, inlined: most comparisons
 * end at the first byte. */
static inline int lex_cmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

/* Binary search of a sorted table; NULL when `word` is absent. */
static inline const lex_entry *lex_find(const lex_table *t, const char *word)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = lex_cmp(word, t->e[mid].word);
        if (c == 0)
            return &t->e[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* Writes code point cp as UTF-8 at out; returns its length (1 to 4). */
static inline size_t lex_put_utf8(char *out, int32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Binary search of rows of `width` code points sorted by their first:
 * the row that starts with c, or NULL. */
static inline const int32_t *lex_cp_find(const int32_t *rows, size_t n,
                                         size_t width, int32_t c)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const int32_t *r = rows + mid * width;
        if (r[0] == c)
            return r;
        if (r[0] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* legal_forms.c ------------------------------------------------------- */

/* Optimal-string-alignment distance of a and b when it is <= k, else
 * k + 1 (k <= 2, lengths below 64). */
int osa_within(const char *a, size_t la, const char *b, size_t lb, int k);

/* How sure a word is to be a legal form wherever it stands. */
enum {
    LEGAL_STRONG = 1, /* only ever a legal form (ltd, llc, gmbh, jsc) */
    LEGAL_EDGE = 2,   /* also an ordinary word or initials (co, company,
                         sa, ag, as): legal only as the last token or next
                         to another legal token */
    LEGAL_PREFIX = 3  /* like EDGE, but also legal as the first token
                         (ooo, oao, tov, pt come before the name) */
};

extern const lex_table legal_words;

/* A legal form spelt over several tokens ("joint stock company", "s a",
 * "sp z o o"). The whole phrase becomes the tokens of `canon`. */
typedef struct legal_phrase {
    const char *words[6]; /* NULL-terminated */
    const char *canon[3]; /* NULL-terminated, at least one */
    int at_end;           /* recognised only as the last tokens */
} legal_phrase;

/* The longest phrase that starts at token i of the `n` tokens `w`, or
 * NULL. Each w[i] is the folded token, or its legal canonical form when it
 * is a legal word ("company" -> "co"). *len receives its length. */
const legal_phrase *legal_phrase_at(const char *const *w, int n, int i,
                                    int *len);
int legal_phrases_sorted(void); /* for the table test */

/* When word[0..len) is two adjacent words of a legal phrase written as
 * one ("jointstock", "sogranichennoy"; 8 letters at least), the length of
 * the first; else 0. */
size_t legal_phrase_join(const char *word, size_t len);
size_t legal_phrase_joins(void); /* how many such words (for the test) */

/* The legal word of at least 7 letters that `word` (6 letters or more,
 * not itself in legal_words) misspells by one edit ("cmpany", "limted",
 * "corporaton"), or the one of only-legal kind that a word of 4 to 8
 * letters writes with a letter doubled ("lttd", "cjscc"), or NULL. */
const lex_entry *legal_word_fuzzy(const char *word);

/* The word of a spelt-out legal form that `word` (len letters) is or
 * misspells, standing without its phrase ("obshchestvo", "aktsionernoe",
 * "otvetstvennostyu"), or NULL. */
#define LEGAL_VOCAB_MIN 6
const char *legal_vocab_word(const char *word, size_t len);
int legal_vocab_sorted(void); /* for the table test */

/* abbreviations.c ----------------------------------------------------- */

extern const lex_table abbrev_words; /* tech -> technology, intl -> ... */
/* canonical words that name organisations, never people
 * (administration, bank, institute, ministry ...) */
extern const lex_table org_words;

/* wadegiles.c --------------------------------------------------------- */

extern const lex_table wg_families; /* tsai -> cai, chang -> zhang ... */
/* kind of an abbrev_words entry: a whole word of another language (naft
 * for oil, grup for group), not a shortening, so that it is a spelling of
 * its family however short (a misspelt "naaft" is compared with it) */
#define ABBREV_WORD 1
/* kind of an abbrev_words entry never compared but as written: a Chinese
 * word in pinyin (keji, jishu), which a letter changes into other
 * syllables, so no family spelling */
#define ABBREV_PINYIN 2
/* The English word, written as one, of a Russian compound adjective of
 * industry in any of its endings ("mashinostroitelnoye" ->
 * "machinebuilding"), or NULL. */
const char *russian_compound(const char *word, size_t len);
extern const lex_table stop_words;   /* of, the, de, al, bin ... */
/* kind of a stop_words entry that is a function word only between two
 * words: a conjunction that is also a name on its own (VA BO COMPANY,
 * a Bulgarian firm; the Persian "va" of OMRAN VA MASKAN) */
#define STOP_BETWEEN 1
/* kind of a stop_words entry that is a title, a function word in a
 * person's name only (GENERAL, COLONEL, DOCTOR: "AL-MAJID, General Ali
 * Hasan"; a firm's GENERAL TRADING keeps its word) */
#define STOP_PERSON 2
/* The initials of the country name spelt out at token i ("united states"
 * -> "us"), *len its words; NULL when none starts there. */
const char *place_phrase_at(const text_token *tok, int n, int i, int *len);

/* variants.c ---------------------------------------------------------- */

extern const lex_table name_variants; /* mohammed -> muhammad ... */
/* kind of a name_variants entry: a Belarusian or Ukrainian spelling that
 * Russian never writes (ryhor, mykola, uladzimir) */
#define NOT_RUSSIAN 1

/* korean.c ------------------------------------------------------------ */

/* 1 when s[0..len) is one to three Korean syllables in Latin letters
 * (Revised Romanization or McCune-Reischauer without breves); with rr,
 * one or two syllables of the Revised Romanization. */
int text_korean_token(const char *s, size_t len, int rr);
/* s[0..len) with the Revised Romanization's vowels eo and eu written as
 * the lists write McCune-Reischauer's (o, u) into out (len + 1 bytes);
 * returns the new length. */
size_t text_korean_mr(const char *s, size_t len, char *out);
/* Korean family names as the lists or the Revised Romanization write
 * them (kim, pak, park, choe, jong, ri ...). */
extern const lex_table korean_surnames;
/* 1 when s[0..len) is one edit (a letter changed, left out, added, two
 * swapped) from one of the commonest Korean family names (kim, pak,
 * choe). */
int text_korean_surname_near(const char *s, size_t len);
/* 1 when s[0..len) is a Korean family name of three letters or more and
 * one or two Korean syllables written as one word (kimjongun). */
int text_korean_run(const char *s, size_t len);
/* s[0..len) with the Revised Romanization's consonants g, d, b and j
 * written as McCune-Reischauer writes them at the start of a word (k, t,
 * p, ch) into out (2 len + 1 bytes), but for doubled letters and a g
 * after n (the final ng, or n then g: "Chongchongang" is "chong chon
 * gang"), `before` being the letter before s (the last of the word
 * before, or 0); returns the new length. */
size_t text_korean_consonants(const char *s, size_t len, char before,
                              char *out);

/* numbers.c ----------------------------------------------------------- */

/* The value of a number word, ordinal or digits-with-ordinal-suffix token
 * ("forty" 40, "first" 1, "23rd" 23), or -1. *is_tens is 1 for a tens
 * cardinal (twenty ... ninety) that a unit word may follow. */
int number_word(const char *w, int *is_tens);
/* The value of a Roman numeral of 1 to 39 in lower case ("viii" 8, "xiv"
 * 14), or -1. */
int roman_number(const char *w, size_t len);
int number_words_sorted(void); /* for the table test */

/* The Korean reading of a personal name in simplified Chinese characters
 * cp[0..n): its Hangul syllables into out (n of them), when the first is
 * a Korean family name and every character one of the table's; else 0.
 * 金正恩 is 김정은. */
size_t text_hanja_hangul(const int32_t *cp, size_t n, int32_t *out);
int text_hanja_sorted(void); /* for the table test */

/* kana.c: the English words of company names and the NS-CMIC brands in
 * katakana, and Korean family names in katakana (keys: katakana, UTF-8;
 * canon: the Latin spelling). */
extern const lex_table kana_vocab, kana_korean_families;

/* cjk_company.c ------------------------------------------------------- */

/* Chinese company vocabulary: the longest entry that starts at cp[0]
 * (n code points available). Returns its length in code points (0 when
 * none) and sets *latin to its English words, in which
 * TRANSLIT_LEGAL_MARK precedes each legal-form word (有限公司 ->
 * "\1co \1ltd"). */
size_t cjk_company_match(const int32_t *cp, size_t n, const char **latin);

/* Number of entries, for the table test. */
extern const size_t cjk_company_count;
int cjk_company_sorted(void);

/* The simplified character a character in its Japanese form (shinjitai)
 * is, when neither Chinese writes that form (鉄 -> 铁, 団 -> 团); else
 * c. The keys above are simplified. */
int32_t cjk_japanese_form(int32_t c);
int cjk_japanese_sorted(void); /* for the table test */

#endif
