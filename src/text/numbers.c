/*
 * numbers.c - English number words and ordinals written as digits, so that
 * "Brigade Forty-Four" is "Brigade 44", "First International Bank" is
 * "1st International Bank" and "Three Percenters" is "3 Percenters".
 *
 * Words: zero to nineteen, the tens twenty to ninety (and the common
 * misspelling "fourty"), their ordinals (first, second, twentieth...), and
 * digits with an ordinal suffix (1st, 2nd, 23rd, 4th). A tens word followed
 * by a unit word is one number (forty four -> 44). Larger numbers stay
 * words: they are rare in names and often part of a brand.
 */
#include "text/lexicon.h"

#include <stdio.h>
#include <string.h>

typedef struct num_word {
    const char *w;
    int value;
} num_word;

/* Sorted by word. value: 0-19 units and teens, 20-90 tens. */
static const num_word cardinals[] = {
    {"eight", 8},      {"eighteen", 18}, {"eighty", 80},   {"eleven", 11},
    {"fifteen", 15},   {"fifty", 50},    {"five", 5},      {"forty", 40},
    {"four", 4},       {"fourteen", 14}, {"fourty", 40},   {"nine", 9},
    {"nineteen", 19},  {"ninety", 90},   {"one", 1},       {"seven", 7},
    {"seventeen", 17}, {"seventy", 70},  {"six", 6},       {"sixteen", 16},
    {"sixty", 60},     {"ten", 10},      {"thirteen", 13}, {"thirty", 30},
    {"three", 3},      {"twelve", 12},   {"twenty", 20},   {"two", 2},
    {"zero", 0},
};

static const num_word ordinals[] = {
    {"eighteenth", 18}, {"eighth", 8}, {"eightieth", 80}, {"eleventh", 11},
    {"fifteenth", 15}, {"fifth", 5}, {"fiftieth", 50}, {"first", 1},
    {"fortieth", 40}, {"fourteenth", 14}, {"fourth", 4},
    {"nineteenth", 19}, {"ninetieth", 90}, {"ninth", 9}, {"second", 2},
    {"seventeenth", 17}, {"seventh", 7}, {"seventieth", 70},
    {"sixteenth", 16}, {"sixth", 6}, {"sixtieth", 60}, {"tenth", 10},
    {"third", 3}, {"thirteenth", 13}, {"thirtieth", 30}, {"twelfth", 12},
    {"twentieth", 20},
};

static int find(const num_word *t, size_t n, const char *w)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = lex_cmp(w, t[mid].w);
        if (c == 0)
            return t[mid].value;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

int number_word(const char *w, int *is_tens)
{
    *is_tens = 0;
    int v = find(cardinals, sizeof cardinals / sizeof cardinals[0], w);
    if (v >= 0) {
        *is_tens = v >= 20;
        return v;
    }
    v = find(ordinals, sizeof ordinals / sizeof ordinals[0], w);
    if (v >= 0)
        return v;
    /* 1st, 2nd, 3rd, 4th ... 999th */
    size_t n = strlen(w), d = 0;
    while (d < n && w[d] >= '0' && w[d] <= '9')
        d++;
    if (d == 0 || d > 3 || n != d + 2)
        return -1;
    const char *sfx = w + d;
    if (strcmp(sfx, "st") && strcmp(sfx, "nd") && strcmp(sfx, "rd") &&
        strcmp(sfx, "th"))
        return -1;
    int x = 0;
    for (size_t i = 0; i < d; i++)
        x = x * 10 + (w[i] - '0');
    return x;
}

int roman_number(const char *w, size_t len)
{
    /* I to XXXIX as written by the rules: tens, then units */
    static const char *const units[] = {"",  "i",  "ii",  "iii",  "iv",
                                        "v", "vi", "vii", "viii", "ix"};
    size_t tens = 0;
    while (tens < len && tens < 3 && w[tens] == 'x')
        tens++;
    for (int u = 0; u < 10; u++) {
        size_t ul = strlen(units[u]);
        if (tens + ul == len && !memcmp(w + tens, units[u], ul) && len)
            return (int)tens * 10 + u;
    }
    return -1;
}

int number_words_sorted(void)
{
    for (size_t i = 1; i < sizeof cardinals / sizeof cardinals[0]; i++)
        if (strcmp(cardinals[i - 1].w, cardinals[i].w) >= 0)
            return 0;
    for (size_t i = 1; i < sizeof ordinals / sizeof ordinals[0]; i++)
        if (strcmp(ordinals[i - 1].w, ordinals[i].w) >= 0)
            return 0;
    return 1;
}
