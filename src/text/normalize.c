/*
 * normalize.c - text_name_normalize(): bytes in, canonical tokens out.
 *
 * Two passes. The first makes plain ASCII text: it validates the UTF-8,
 * cuts the input at TEXT_MAX_INPUT on a character boundary and, when any
 * byte is not ASCII, hands the text to transliterate.c (utf8proc for
 * Latin with diacritics, the Chinese company vocabulary, ICU for other
 * scripts). ASCII input skips all of that and is tokenised in place, so
 * the common query costs no allocation and no ICU call.
 *
 * The second pass tokenises and classifies: letters are folded, any other
 * character breaks a token (apostrophes vanish, "&" becomes "and", dots
 * between single letters join them: "S.A." -> "sa"); then, over the whole
 * token list, legal forms (one word or a phrase), stop words,
 * abbreviations and name variants are looked up in the sorted tables of
 * lexicon.h. Each token keeps its folded spelling in `orig`; `s` is the
 * canonical spelling, either in out->buf or a static table string.
 *
 * Nothing here keeps state between calls: the text_name is the only
 * output and the ctx holds only transliteration scratch space.
 */
#include "text/lexicon.h"
#include "text/transliterate.h"

#include <stdio.h>
#include <string.h>

/* Private token flag while classifying: the Chinese company pass already
 * knows this token is a legal form. Cleared before returning. */
#define TOKF_FORCED_LEGAL 0x10000u

/* Length of the longest valid UTF-8 prefix of s[0..len) that ends on a
 * character boundary within `max` bytes. Sets *bad when an invalid
 * sequence starts before `max`, *ascii to whether every byte taken is
 * below 0x80. */
static size_t utf8_scan(const unsigned char *s, size_t len, size_t max,
                        int *ascii, int *bad)
{
    size_t i = 0;
    *ascii = 1;
    *bad = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            if (i + 1 > max)
                break;
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            cp = c & 0x07;
        } else {
            *bad = i < max;
            break;
        }
        if (i + n > len) {
            *bad = i < max;
            break;
        }
        for (size_t k = 1; k < n; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xC0) != 0x80) {
                *bad = i < max;
                return i;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
            *bad = i < max;
            break;
        }
        if (i + n > max)
            break;
        *ascii = 0;
        i += n;
    }
    return i;
}

/* ---- tokeniser ------------------------------------------------------ */

typedef struct tokenizer {
    text_name *out;
    int full;      /* buf or tok[] exhausted: later tokens are dropped */
    size_t start;  /* start of the token being built in out->buf */
    size_t seg;    /* letters since the token start or the last joined dot */
    uint32_t flags;
} tokenizer;

static int tk_building(const tokenizer *t)
{
    return t->out->used > t->start;
}

static void tk_putc(tokenizer *t, char c)
{
    text_name *o = t->out;
    if (t->full)
        return;
    if (o->used + 2 > TEXT_BUF) { /* room for c and the NUL */
        t->full = 1;
        o->used = t->start;
        return;
    }
    o->buf[o->used++] = c;
    t->seg++;
}

static void tk_end(tokenizer *t)
{
    text_name *o = t->out;
    if (!t->full && tk_building(t)) {
        if (o->n >= TEXT_MAX_TOKENS) {
            t->full = 1;
            o->used = t->start;
        } else {
            o->buf[o->used++] = '\0';
            text_token *k = &o->tok[o->n++];
            k->s = k->orig = o->buf + t->start;
            k->len = (uint16_t)(o->used - 1 - t->start);
            k->flags = t->flags;
        }
    }
    t->start = o->used;
    t->seg = 0;
    t->flags = 0;
}

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A surname in capitals written onto a capitalised given name
 * ("NikolayevichBABICH", "KhalifMUSA") is a word of its own: the given
 * name has CAMEL_LOWER_MIN lower-case letters or more, the surname two
 * capitals or more and nothing in lower case. A capital followed by
 * lower case is part of the word ("SenseTime", "PetroChina", "McDonald"
 * are names as they are written). */
#define CAMEL_LOWER_MIN 3

static int capitals_to_end(const unsigned char *s, size_t len)
{
    size_t letters = 0;
    for (size_t i = 0; i < len && is_alnum(s[i]); i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            return 0;
        letters += s[i] >= 'A';
    }
    return letters >= 2;
}

/* Splits ASCII text into folded tokens. With `markers`, byte
 * TRANSLIT_LEGAL_MARK flags the next token as a known legal form;
 * otherwise control bytes are token breaks flagged TX_CONTROL. A surname
 * in capitals written onto a given name is split off. */
/* The length of a Persian or Urdu ezafe ("e", "i", "ye", any case) that
 * starts s and ends a word, or 0. */
static size_t ezafe_len(const unsigned char *s, size_t n)
{
    size_t k = n >= 2 && (s[0] | 32) == 'y' && (s[1] | 32) == 'e' ? 2
               : n >= 1 && ((s[0] | 32) == 'e' || (s[0] | 32) == 'i') ? 1
                                                                      : 0;
    return k && (k == n || !is_alnum(s[k])) ? k : 0;
}

static void tokenize(const char *p, size_t len, int markers, text_name *out)
{
    tokenizer t = {out, 0, out->used, 0, 0};
    const unsigned char *s = (const unsigned char *)p;
    int capital = 0, lower = 0; /* the word's first letter; lower run */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (is_alnum(c)) {
            if (c >= 'A' && c <= 'Z') {
                if (capital && lower >= CAMEL_LOWER_MIN && !t.flags &&
                    capitals_to_end(s + i, len - i))
                    tk_end(&t);
                if (!tk_building(&t))
                    capital = 1;
                lower = 0;
                c = (unsigned char)(c + 32);
                out->applied |= TX_CASEFOLD;
            } else if (c >= 'a' && c <= 'z') {
                if (!tk_building(&t))
                    capital = 0;
                lower++;
            } else {
                lower = 0;
            }
            tk_putc(&t, (char)c);
            continue;
        }
        lower = 0;
        if (c == ' ') {
            tk_end(&t);
            continue;
        }
        if (markers && c == TRANSLIT_LEGAL_MARK) {
            tk_end(&t);
            t.flags |= TOKF_FORCED_LEGAL;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            tk_end(&t);
            out->applied |= TX_CONTROL;
            continue;
        }
        out->applied |= TX_PUNCT;
        if ((c == '\'' || c == '`') && tk_building(&t) && i + 1 < len &&
            is_alnum(s[i + 1]))
            continue; /* O'Neil -> oneil */
        /* a curly apostrophe lost to "?" on the way to ASCII (the 2023
         * Consolidated Screening List: "People?s", "China?s") */
        if (c == '?' && tk_building(&t) && i + 1 < len &&
            (s[i + 1] == 's' || s[i + 1] == 'S') &&
            (i + 2 == len || !is_alnum(s[i + 2])))
            continue;
        if (c == '.' && t.seg == 1 && is_alpha(s[i - 1]) && i + 1 < len &&
            is_alpha(s[i + 1]) && (i + 2 >= len || !is_alnum(s[i + 2]))) {
            t.seg = 0; /* S.A. -> sa, J.S.C. -> jsc */
            t.flags |= TOK_DOTTED;
            continue;
        }
        /* the Persian and Urdu ezafe written onto the word before it
         * ("SEPAH-E PASDARAN", "MELLI-YE", "TEHRIK-I-TALIBAN") is left
         * out: the lists write the same names without it */
        if (c == '-' && out->used - t.start >= 3) {
            size_t k = ezafe_len(s + i + 1, len - i - 1);
            if (k) {
                tk_end(&t);
                i += k;
                continue;
            }
        }
        tk_end(&t);
        if (c == '&') {
            tk_putc(&t, 'a');
            tk_putc(&t, 'n');
            tk_putc(&t, 'd');
            t.flags = TOK_STOP;
            tk_end(&t);
        }
    }
    tk_end(&t);
}

/* ---- classification ------------------------------------------------- */

/* Copies "a b c" (the folded words of a phrase) into out->buf, or returns
 * the first word when there is no room. */
static const char *join_orig(text_name *out, const text_token *tok, int len)
{
    size_t need = 0;
    for (int k = 0; k < len; k++)
        need += strlen(tok[k].orig) + 1;
    if (out->used + need > TEXT_BUF)
        return tok[0].orig;
    char *dst = out->buf + out->used;
    size_t at = 0;
    for (int k = 0; k < len; k++) {
        size_t l = strlen(tok[k].orig);
        if (k)
            dst[at++] = ' ';
        memcpy(dst + at, tok[k].orig, l);
        at += l;
    }
    dst[at++] = '\0';
    out->used += at;
    return dst;
}

/* Replaces multi-token legal phrases by their canonical tokens. le[i] is
 * the legal_words entry of token i (or NULL); it follows the tokens. */
static void merge_legal_phrases(text_name *out, const lex_entry **le)
{
    const char *w[TEXT_MAX_TOKENS];
    text_token in[TEXT_MAX_TOKENS];
    const lex_entry *in_le[TEXT_MAX_TOKENS];
    int n = out->n;
    if (n <= 0 || n > TEXT_MAX_TOKENS)
        return;
    for (int i = 0; i < n; i++) {
        le[i] = out->sa_is_name && !strcmp(out->tok[i].orig, "sa")
                    ? NULL
                    : lex_find(&legal_words, out->tok[i].orig);
        /* a misspelt legal word, in a name of other words too ("ASLB"
         * alone is a name, not ASBL misspelt) */
        if (!le[i] && out->tok[i].len >= 4 && n > 1)
            le[i] = legal_word_fuzzy(out->tok[i].orig);
        w[i] = le[i] ? le[i]->canon : out->tok[i].orig;
    }
    int i = 0, len = 0;
    while (i < n && !legal_phrase_at(w, n, i, &len))
        i++;
    if (i == n)
        return; /* the common case: nothing to merge */
    memcpy(in, out->tok, (size_t)n * sizeof in[0]);
    memcpy(in_le, le, (size_t)n * sizeof le[0]);
    int m = i;
    while (i < n) {
        const legal_phrase *p = legal_phrase_at(w, n, i, &len);
        if (!p) {
            le[m] = in_le[i];
            out->tok[m++] = in[i++];
            continue;
        }
        const char *orig = join_orig(out, in + i, len);
        for (int k = 0; k < 3 && p->canon[k]; k++) {
            text_token *t = &out->tok[m];
            t->s = p->canon[k];
            t->orig = orig;
            t->len = (uint16_t)strlen(p->canon[k]);
            t->flags = TOK_LEGAL;
            le[m++] = NULL;
        }
        out->applied |= TX_LEGAL_FORM;
        i += len;
    }
    out->n = m;
}

static void set_canon(text_token *t, const char *canon)
{
    t->s = canon;
    t->len = (uint16_t)strlen(canon);
}

/* Makes the n letters just written at out->buf + out->used, a NUL after
 * them, token t's canonical spelling. */
static void take_spelling(text_name *out, text_token *t, size_t n)
{
    t->s = out->buf + out->used;
    t->len = (uint16_t)n;
    out->used += n + 1;
}

#define NUMBER_ROOM 5 /* bytes of a number below 1000 and its NUL */

/* Token t's canonical spelling as the digits of v (0 <= v < 1000), with
 * NUMBER_ROOM bytes free in out->buf. */
static void set_number(text_name *out, text_token *t, int v)
{
    int w = snprintf(out->buf + out->used, NUMBER_ROOM, "%d", v);
    take_spelling(out, t, (size_t)w);
}

static void flag_legal(text_name *out, text_token *t)
{
    t->flags |= TOK_LEGAL;
    out->applied |= TX_LEGAL_FORM;
}

/* Flags single-word legal forms. Strong ones always; edge ones as the
 * last token or next to a legal token; prefix ones also first. */
static void mark_legal_words(text_name *out, const lex_entry **le)
{
    int n = out->n, any_edge = 0;
    for (int i = 0; i < n; i++) {
        text_token *t = &out->tok[i];
        const lex_entry *e = le[i];
        if (t->flags & TOK_LEGAL)
            continue;
        if (t->flags & TOKF_FORCED_LEGAL)
            flag_legal(out, t);
        if (!e)
            continue;
        if (e->canon != t->s && strcmp(e->canon, t->s) != 0) {
            set_canon(t, e->canon);
            out->applied |= TX_ABBREV; /* canonical even when not legal */
        }
        if (e->kind == LEGAL_STRONG || (e->kind == LEGAL_PREFIX && i == 0 &&
                                        n > 1))
            flag_legal(out, t);
        else
            any_edge = 1;
    }
    if (!any_edge)
        return;
    /* right to left: "co ltd" -> co legal because ltd is */
    for (int i = n - 1; i >= 0; i--) {
        text_token *t = &out->tok[i];
        if (!le[i] || (t->flags & TOK_LEGAL))
            continue;
        if ((i == n - 1 && n > 1) ||
            (i + 1 < n && (out->tok[i + 1].flags & TOK_LEGAL)) ||
            (i > 0 && (out->tok[i - 1].flags & TOK_LEGAL)))
            flag_legal(out, t);
    }
}

/* A word only spelt-out legal forms have is one wherever it stands, when
 * the rest of its phrase is missing or apart ("PUBLICHNOE OBSHCHESTVO
 * TRANSNEFT", "S OGRANICHENNOI OTVETSTVENNOSTYU PROMOIL OBSHCHESTVO"),
 * as long as some word of the name is no legal form. */
static void mark_legal_vocabulary(text_name *out)
{
    const char *canon[TEXT_MAX_TOKENS];
    int n = out->n, rest = 0;
    if (n < 2 || n > TEXT_MAX_TOKENS)
        return;
    for (int i = 0; i < n; i++) {
        const text_token *t = &out->tok[i];
        canon[i] = t->flags & TOK_LEGAL ? NULL
                                        : legal_vocab_word(t->s, t->len);
        rest += !canon[i] && !(t->flags & TOK_LEGAL);
    }
    for (int i = 0; rest && i < n; i++)
        if (canon[i]) {
            set_canon(&out->tok[i], canon[i]);
            flag_legal(out, &out->tok[i]);
        }
}

/* Where a word of four letters or more runs into a number, with or
 * without an ordinal's ending ("cetc20th", "zavod70"), the offset of its
 * first digit; 0 when it does not (a code of two or three letters, su27
 * or yv2556, stays one word). */
static size_t digits_from(const char *s, size_t len)
{
    size_t p = 0;
    while (p < len && s[p] >= 'a' && s[p] <= 'z')
        p++;
    if (p < 4 || p == len || s[p] < '0' || s[p] > '9')
        return 0;
    int tens;
    return text_all_digits(s + p, len - p) || number_word(s + p, &tens) >= 0
               ? p
               : 0;
}

/* Token t cut at `cut` into two, both copied into the name's buffer (the
 * caller checked the room), in written order. */
static void split_at(text_name *out, const text_token *t, size_t cut,
                     text_token two[2])
{
    char *a = out->buf + out->used;
    memcpy(a, t->s, cut);
    a[cut] = '\0';
    char *b = a + cut + 1;
    memcpy(b, t->s + cut, t->len - cut);
    b[t->len - cut] = '\0';
    out->used += t->len + 2;
    two[0] = (text_token){a, a, (uint16_t)cut, t->flags};
    two[1] = (text_token){b, b, (uint16_t)(t->len - cut), t->flags};
}

/* Such a word is two, the word and the number, as when written apart
 * ("CETC20th Research Institute" is "CETC 20th Research Institute"). */
static void split_numbers(text_name *out)
{
    text_token in[TEXT_MAX_TOKENS];
    int n = out->n, m = 0, any = 0;
    for (int i = 0; i < n && !any; i++)
        any = digits_from(out->tok[i].s, out->tok[i].len) > 0;
    if (!any)
        return; /* the common case */
    memcpy(in, out->tok, (size_t)n * sizeof in[0]);
    for (int i = 0; i < n; i++) {
        text_token t = in[i];
        size_t p = digits_from(t.s, t.len);
        if (!p || m + 1 + (n - i) > TEXT_MAX_TOKENS ||
            out->used + t.len + 2 > TEXT_BUF) {
            out->tok[m++] = t;
            continue;
        }
        split_at(out, &t, p, out->tok + m);
        m += 2;
    }
    out->n = m;
}

/* Number words and ordinals become digits ("forty four", "forty-four",
 * "44th" -> 44). */
static void merge_numbers(text_name *out)
{
    int m = 0;
    for (int i = 0; i < out->n; i++) {
        text_token t = out->tok[i];
        int tens, v = number_word(t.s, &tens), len = 1;
        if (v < 0 || out->used + NUMBER_ROOM > TEXT_BUF) {
            out->tok[m++] = t;
            continue;
        }
        if (tens && i + 1 < out->n && out->tok[i + 1].s[0] > '9') {
            int t2, u = number_word(out->tok[i + 1].s, &t2);
            if (u >= 1 && u <= 9) {
                v += u;
                len = 2;
            }
        }
        const char *orig = len == 2 ? join_orig(out, &out->tok[i], 2) : t.orig;
        set_number(out, &t, v);
        t.orig = orig;
        out->tok[m++] = t;
        out->applied |= TX_NUMBER;
        i += len - 1;
    }
    out->n = m;
}

/* A Roman numeral of two letters or more that ends a name of several
 * words, before its legal form if any, numbers it: "BICENTENARIO VIII",
 * "KKR Asian Fund III L.P.", "Smith III" are 8, 3, 3. Elsewhere, or
 * alone, the letters are as likely a name or initials ("Xi Jinping",
 * "V. V. Putin"). */
static void roman_numerals(text_name *out)
{
    int i = out->n - 1;
    while (i > 0 && (out->tok[i].flags & TOK_LEGAL))
        i--;
    if (i <= 0)
        return;
    text_token *t = &out->tok[i];
    if (t->len < 2 || (t->len == 2 && !memcmp(t->s, "xi", 2)) ||
        out->used + NUMBER_ROOM > TEXT_BUF)
        return;
    int v = roman_number(t->s, t->len);
    if (v < 0)
        return;
    set_number(out, t, v);
    out->applied |= TX_NUMBER;
}

/* "abd" and the article after it are one word, "abdul" ("abd al-rahman",
 * "abd ar rahman", "abd-el-aziz"): the lists write the servant-of names
 * joined, hyphenated or spaced, the article in any assimilation. */
static void merge_abd_article(text_name *out)
{
    int m = 0;
    for (int i = 0; i < out->n; i++) {
        text_token t = out->tok[i];
        if (t.len == 3 && !memcmp(t.s, "abd", 3) && i + 1 < out->n &&
            text_article(out->tok[i + 1].s, out->tok[i + 1].len)) {
            t.orig = join_orig(out, &out->tok[i], 2);
            t.s = "abdul";
            t.len = 5;
            out->applied |= TX_VARIANT;
            i++;
        }
        out->tok[m++] = t;
    }
    out->n = m;
}

/* The given-name variant behind a patronymic stem ("sergey" for "serge"
 * of sergeevich, "mykhaylo" for "mykhayl" of mykhaylovych, "mykolay",
 * "siarhei" for "siarhe" of Siarheevich), or NULL. */
static const lex_entry *patronymic_stem(const char *stem, size_t n)
{
    char w[40];
    if (n + 2 > sizeof w)
        return NULL;
    memcpy(w, stem, n);
    static const char *const add[] = {"", "y", "o", "i"};
    for (size_t k = 0; k < sizeof add / sizeof add[0]; k++) {
        strcpy(w + n, add[k]);
        const lex_entry *e = lex_find(&name_variants, w);
        if (e)
            return e;
    }
    if (n > 3 && (stem[n - 1] == 'y' || stem[n - 1] == 'i')) {
        w[n - 1] = '\0';
        return lex_find(&name_variants, w);
    }
    return NULL;
}

/* The stem a Russian patronymic is written on when it is not the
 * canonical given name itself: "aleksandr" of Aleksandrovich for the
 * canonical alexander, "igor" with the soft ending of Igorevich. */
static const char *russian_patronymic_stem(const char *given, int *soft)
{
    static const struct {
        const char *given, *stem;
        int soft;
    } odd[] = {
        {"alexander", "aleksandr", 0}, {"alexey", "aleksey", 1},
        {"igor", "igor", 1},           {"pavel", "pavl", 0},
        {"pyotr", "petr", 0},          {"yakov", "yakovl", 1},
    };
    size_t l = strlen(given);
    *soft = given[l - 1] == 'y' || given[l - 1] == 'i';
    for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++)
        if (!strcmp(odd[k].given, given)) {
            *soft = odd[k].soft;
            return odd[k].stem;
        }
    return given;
}

/* Patronymics spelt the Ukrainian, Belarusian, French or German way are
 * written the Russian way, the way the lists write most of them: on the
 * father's name when it is a known one, with the hard or soft ending
 * Russian gives it (Mykhaylovych -> mikhailovich, Serhiyovych and
 * Siarheevich -> sergeyevich, Uladzimirauna and Uladzimirawna ->
 * vladimirovna,
 * Aliaksandravich -> aleksandrovich), else with the ending alone replaced
 * (Ivanovych -> ivanovich, Vasylivna -> vasylovna). Russian spellings
 * stay as written, so that a misspelt one stays near and one written into
 * the given name ("SergeyAleksandrovich") still joins, unless the
 * father's name is a Belarusian or Ukrainian spelling ("Ryhorovich" ->
 * grigoryevich). Returns whether t changed. */
static int patronymic(text_name *out, text_token *t)
{
    static const struct {
        const char *suffix, *russian;
    } pat[] = {
        {"ovych", "ovich"},   {"evych", "evich"},  {"ovitch", "ovich"},
        {"evitch", "evich"},  {"owitsch", "ovich"}, {"ewitsch", "evich"},
        {"ivna", "ovna"},     {"avich", "ovich"},  {"auna", "ovna"},
        {"ovitsch", "ovich"}, {"evitsch", "evich"},
        /* the Belarusian short u written w (Lieanidawna), and after o
         * and e (Piatrouna, Iureuna) */
        {"awich", "ovich"},   {"awna", "ovna"},    {"ouna", "ovna"},
        {"owna", "ovna"},     {"euna", "evna"},
        /* the Scandinavian tj for ch (Uladzimiravitj) */
        {"avitj", "ovich"},   {"ovitj", "ovich"},  {"evitj", "evich"},
        /* the Russian endings, on a Belarusian or Ukrainian father's
         * name ("Ryhorovich", "Henadzievich", "Mykolaevna") */
        {"ovich", NULL},      {"evich", NULL},     {"ovna", NULL},
        {"evna", NULL},
    };
    char last = t->len > 4 ? t->s[t->len - 1] : 0;
    if (last != 'h' && last != 'a' && last != 'j')
        return 0; /* the common case: no patronymic ending */
    for (size_t k = 0; k < sizeof pat / sizeof pat[0]; k++) {
        size_t sl = strlen(pat[k].suffix), n = t->len;
        if (n < sl + 3 || memcmp(t->s + n - sl, pat[k].suffix, sl))
            continue;
        const lex_entry *e = patronymic_stem(t->s, n - sl);
        const char *given = e ? e->canon : NULL, *tail = pat[k].russian;
        /* a Russian ending on a Russian name stays as written, so that a
         * misspelt one stays near the listed one */
        if (!tail && (!e || e->kind != NOT_RUSSIAN))
            return 0;
        if (given) {
            int soft, female = pat[k].suffix[sl - 1] == 'a';
            given = russian_patronymic_stem(given, &soft);
            tail = soft ? (female ? "evna" : "evich")
                        : (female ? "ovna" : "ovich");
        }
        size_t gl = given ? strlen(given) : n - sl, tl = strlen(tail);
        if (out->used + gl + tl + 1 > TEXT_BUF)
            return 0;
        char *dst = out->buf + out->used;
        memcpy(dst, given ? given : t->s, gl);
        memcpy(dst + gl, tail, tl + 1);
        take_spelling(out, t, gl + tl);
        return 1;
    }
    return 0;
}

/* 1 when token i is the Arabic article assimilated to the word after it,
 * which starts with the consonant the l became ("ad din", "ar rahman",
 * "ash shami", "ud din"): a function word like "al", which is one
 * already. */
static int assimilated_article(const text_name *out, int i)
{
    const text_token *t = &out->tok[i];
    if (i + 1 >= out->n || (t->s[0] != 'a' && t->s[0] != 'u') ||
        !text_article(t->s, t->len) || t->s[1] == 'l')
        return 0;
    const text_token *u = &out->tok[i + 1];
    return u->len > t->len && !memcmp(u->s, t->s + 1, (size_t)t->len - 1);
}

/* Country names spelt out become their initials, as they are written
 * as often ("U.S. Department of State"). */
static void merge_places(text_name *out)
{
    int m = 0, len;
    for (int i = 0; i < out->n; i++) {
        text_token t = out->tok[i];
        const char *canon;
        if (t.s[0] == 'u' && (canon = place_phrase_at(out->tok, out->n, i,
                                                      &len))) {
            t.orig = join_orig(out, &out->tok[i], len);
            t.s = canon;
            t.len = (uint16_t)strlen(canon);
            out->applied |= TX_ABBREV;
            i += len - 1;
        }
        out->tok[m++] = t;
    }
    out->n = m;
}

static int has_eo_eu(const text_token *t)
{
    for (int k = 0; k + 1 < t->len; k++)
        if (t->s[k] == 'e' && (t->s[k + 1] == 'o' || t->s[k + 1] == 'u'))
            return 1;
    return 0;
}

/* A Korean name in the Revised Romanization is written the way the lists
 * write Korean names ("Kim Jeong-eun" -> "kim jong un", "Yeong Cheol" ->
 * "yong chol"): when two of its words or more read as Korean syllables,
 * those with the vowels eo or eu that read as the Revised Romanization
 * have them as o and u. */
static void korean_vowels(text_name *out)
{
    int any = 0, korean = 0;
    for (int i = 0; i < out->n && !any; i++)
        any = !(out->tok[i].flags & TOK_LEGAL) && has_eo_eu(&out->tok[i]);
    if (!any)
        return; /* the common case */
    for (int i = 0; i < out->n; i++)
        korean += !(out->tok[i].flags & TOK_LEGAL) &&
                  text_korean_token(out->tok[i].s, out->tok[i].len, 0);
    if (korean < 2)
        return;
    for (int i = 0; i < out->n; i++) {
        text_token *t = &out->tok[i];
        if ((t->flags & TOK_LEGAL) || !has_eo_eu(t) ||
            !text_korean_token(t->s, t->len, 1) ||
            out->used + t->len + 1u > TEXT_BUF)
            continue;
        take_spelling(out, t,
                      text_korean_mr(t->s, t->len, out->buf + out->used));
        t->flags |= TOK_KOREAN;
        out->applied |= TX_VARIANT;
    }
}

/* The consonants of a Korean name written as McCune-Reischauer writes
 * them at the start of a word, as the lists mostly do, since the lists
 * also write one person's syllables in the Revised Romanization or with
 * McCune-Reischauer's voicing inside a given name ("JANG, Myong-Jin" /
 * "CHANG, Myong-Chin", "CHOI, Bu-il" / "CHOE, Pu Il", "JO Yong Chol" /
 * "CHO Yong Chol", "RI Gwang Il" / "RI Kwang Il"): j as ch, g as k (but
 * after n), d as t, b as p.
 *
 * A name is Korean when it has no legal form and is either two to
 * KOREAN_NAME_MAX words that start or end with a Korean family name, or
 * start with one a letter off (kmi, kiim, pac) followed by words of
 * Korean syllables only, or one word of KOREAN_RUN_MIN letters or more
 * that is a family name and one or two syllables ("Kimjongun"). "KOREA
 * MARINE AN INDUSTRIAL TRDG" and "HAJI ABDUL QAYOUM, Eisa Jon" are not.
 * All its words are written so, but for function words and words of a
 * family of spellings, so that a misspelt given name ("Kim Joonng-un")
 * is written the same way as the name it is misspelt from. */
#define KOREAN_NAME_MAX 4 /* family name, given name as three syllables */
#define KOREAN_RUN_MIN 6  /* letters of a name written as one word */

static void korean_consonants(text_name *out)
{
    if (out->n < 1 || out->n > KOREAN_NAME_MAX)
        return;
    const text_token *first = &out->tok[0], *last = &out->tok[out->n - 1];
    if (out->n == 1) {
        if (first->len < KOREAN_RUN_MIN ||
            !text_korean_run(first->s, first->len))
            return;
    } else if (!lex_find(&korean_surnames, first->s) &&
               !lex_find(&korean_surnames, last->s)) {
        /* a misspelt family name first ("Kmi Jong Un", "Kiim Jong
         * Chol") and Korean syllables after it */
        if (!text_korean_surname_near(first->s, first->len))
            return; /* the common case */
        for (int i = 1; i < out->n; i++)
            if (!text_korean_token(out->tok[i].s, out->tok[i].len, 0))
                return;
    }
    for (int i = 0; i < out->n; i++)
        if (out->tok[i].flags & TOK_LEGAL)
            return;
    for (int i = 0; i < out->n; i++) {
        text_token *t = &out->tok[i];
        if (t->len < 2 || lex_find(&stop_words, t->s) ||
            lex_find(&name_variants, t->s) ||
            out->used + 2u * t->len + 1u > TEXT_BUF)
            continue;
        char *dst = out->buf + out->used;
        char before = i > 0 ? out->tok[i - 1].s[out->tok[i - 1].len - 1] : 0;
        size_t n = text_korean_consonants(t->s, t->len, before, dst);
        if (n == t->len && !memcmp(dst, t->s, n))
            continue; /* nothing to write another way */
        take_spelling(out, t, n);
        t->flags |= TOK_KOREAN;
        out->applied |= TX_VARIANT;
    }
}

/* Legal forms run into the name without a space ("TranssrviceLLC",
 * "BrillianceLtd", "CJSCLESPROMPROCESSING", "GKROOO") or into another
 * word of a spelt-out form ("LIMITEDLIABILITY COMPANY") are cut off, so
 * that the name is the word it is and the form is a legal form. Only
 * forms that no ordinary word ends (or, for those written first, starts)
 * with, and only when the rest has LEGAL_SUFFIX_REST_MIN letters
 * (LEGAL_PREFIX_REST_MIN after an abbreviation written first):
 * "unlimited", "accompany", "zinc" and "Paolino" stay whole. Longer forms
 * first. */
typedef struct legal_affix_form {
    const char *s;
    size_t len;
} legal_affix_form;
#define LA(s) {s, sizeof s - 1}
static const legal_affix_form legal_suffix[] = {
    LA("aktsionernoye"), LA("aktsionernoe"), LA("corporation"),
    LA("obshchestvo"), LA("liability"), LA("company"), LA("limited"),
    LA("fsue"), LA("gmbh"), LA("ltda"), LA("cjsc"), LA("ojsc"), LA("pjsc"),
    LA("inc"), LA("jsc"), LA("llc"), LA("ltd"), LA("ooo"), LA("plc")};
/* the Russian abbreviations, and the words of a spelt-out form that no
 * word starts with ("COMPANYTEKHNODINAMIKA", "OBSHCHESTVOBELARUSKALIY",
 * "LIABILITYCOMPANY") */
static const legal_affix_form legal_prefix[] = {
    LA("aktsionernoye"), LA("aktsionernoe"), LA("publichnoye"),
    LA("publichnoe"), LA("corporation"), LA("obshchestvo"), LA("zakrytoye"),
    LA("otkrytoye"), LA("liability"), LA("zakrytoe"), LA("otkrytoe"),
    LA("company"), LA("limited"), LA("cjsc"), LA("ojsc"), LA("pjsc"),
    LA("jsc"), LA("llc"), LA("oao"), LA("ooo")};
#undef LA
#define LEGAL_SUFFIX_REST_MIN 3
#define LEGAL_PREFIX_REST_MIN 4

/* The length of the legal form t ends with (starts with, when `prefix`),
 * or 0. */
static size_t legal_affix(const text_token *t, int prefix)
{
    const legal_affix_form *f = prefix ? legal_prefix : legal_suffix;
    size_t nf = prefix ? sizeof legal_prefix / sizeof *legal_prefix
                       : sizeof legal_suffix / sizeof *legal_suffix;
    size_t min = prefix ? LEGAL_PREFIX_REST_MIN : LEGAL_SUFFIX_REST_MIN;
    if (t->len < 3 + min)
        return 0;
    for (size_t k = 0; k < nf; k++) {
        size_t l = f[k].len;
        /* a spelt-out word written first leaves a name of 3 letters
         * ("COMPANYVTB", "OBSHCHESTVOVEB") */
        size_t need = prefix && l >= 7 ? LEGAL_SUFFIX_REST_MIN : min;
        if (t->len < l + need)
            continue;
        const char *at = prefix ? t->s : t->s + t->len - l;
        if (at[0] == f[k].s[0] && !memcmp(at, f[k].s, l))
            return l;
    }
    return 0;
}

static void split_legal_affixes(text_name *out)
{
    text_token in[TEXT_MAX_TOKENS];
    int n = out->n, m = 0, any = 0;
    for (int i = 0; i < n && !any; i++)
        any = (out->tok[i].flags & TOKF_FORCED_LEGAL) == 0 &&
              (legal_affix(&out->tok[i], 0) || legal_affix(&out->tok[i], 1) ||
               legal_phrase_join(out->tok[i].s, out->tok[i].len));
    if (!any)
        return; /* the common case */
    memcpy(in, out->tok, (size_t)n * sizeof in[0]);
    for (int i = 0; i < n; i++) {
        text_token t = in[i];
        size_t suf = 0, pre = 0;
        /* a word of its own (coltd, sdnbhd, companylimited) stays; two
         * words of a phrase written as one are cut where they meet (the
         * first then counts as the "prefix") */
        if (!(t.flags & TOKF_FORCED_LEGAL) && !text_all_digits(t.s, t.len) &&
            !lex_find(&legal_words, t.s) && !lex_find(&abbrev_words, t.s) &&
            !lex_find(&name_variants, t.s) && !lex_find(&stop_words, t.s) &&
            !(pre = legal_phrase_join(t.s, t.len)) &&
            !(suf = legal_affix(&t, 0)))
            pre = legal_affix(&t, 1);
        /* room for the two parts and every token after them */
        if ((!suf && !pre) || m + 1 + (n - i) > TEXT_MAX_TOKENS ||
            out->used + t.len + 2 > TEXT_BUF) {
            out->tok[m++] = t;
            continue;
        }
        /* the rest and the form, in written order */
        split_at(out, &t, suf ? t.len - suf : pre, out->tok + m);
        m += 2;
        out->applied |= TX_LEGAL_FORM;
    }
    out->n = m;
}

/* 1 when token i is "san" for Turkish sanayi (industry): before "ve" or
 * "tic" ("SAN. VE TIC.", "SAN. TIC. LTD. STI."); elsewhere it is a Korean
 * syllable or a saint's (San Ignacio). */
static int turkish_san(const text_name *out, int i)
{
    const text_token *t = &out->tok[i];
    if (t->len != 3 || memcmp(t->s, "san", 3) || i + 1 >= out->n)
        return 0;
    const text_token *u = &out->tok[i + 1];
    return (u->len == 2 && !memcmp(u->s, "ve", 2)) ||
           (u->len >= 3 && !memcmp(u->s, "tic", 3) &&
            lex_find(&abbrev_words, u->s));
}

/* 1 when token i is a function word: a stop word, not written as dotted
 * initials (V.A. is no "va"), a STOP_BETWEEN one between two words, and
 * a STOP_PERSON one (a title) only in a person's name. */
static int stop_word(const text_name *out, int i, int person)
{
    const text_token *t = &out->tok[i];
    const lex_entry *e;
    if ((t->flags & TOK_DOTTED) || !(e = lex_find(&stop_words, t->s)))
        return 0;
    if (e->kind == STOP_PERSON)
        return person;
    return e->kind != STOP_BETWEEN || (i > 0 && i + 1 < out->n);
}

/* A person's name of titles and function words alone is a name by its
 * titles: "EL DOCTOR", an alias, is one, while "General Ali Hasan" is Ali
 * Hasan. */
static void titles_alone(text_name *out)
{
    for (int i = 0; i < out->n; i++)
        if (!(out->tok[i].flags & (TOK_STOP | TOK_INITIAL)))
            return;
    for (int i = 0; i < out->n; i++) {
        text_token *t = &out->tok[i];
        const lex_entry *e = lex_find(&stop_words, t->s);
        if ((t->flags & TOK_STOP) && e && e->kind == STOP_PERSON)
            t->flags &= ~TOK_STOP;
    }
}

/* Classifies the tokens; `syllables`: the name is a personal name written
 * in Chinese characters, Hangul or kana, whose syllables are names, not
 * particles ("张彬" is zhang bin, and bin is no "son of"); `legal`: legal
 * forms are read (not in a person's name). */
static void classify(text_name *out, int syllables, int legal)
{
    const lex_entry *le[TEXT_MAX_TOKENS];
    if (legal)
        split_legal_affixes(out);
    merge_abd_article(out);
    merge_places(out);
    split_numbers(out);
    merge_numbers(out);
    if (legal) {
        merge_legal_phrases(out, le);
        mark_legal_words(out, le);
        mark_legal_vocabulary(out);
    }
    roman_numerals(out);
    korean_vowels(out);
    korean_consonants(out);
    for (int i = 0; i < out->n; i++) {
        text_token *t = &out->tok[i];
        t->flags &= ~TOKF_FORCED_LEGAL;
        if (t->flags & TOK_LEGAL)
            continue;
        if (text_all_digits(t->s, t->len)) {
            t->flags |= TOK_NUMBER;
            continue;
        }
        if (syllables) /* one letter too: 우 is "u", no initial */
            t->flags |= TOK_SYLLABLE;
        else if (t->len == 1) {
            t->flags |= TOK_INITIAL;
            continue;
        }
        const lex_entry *e;
        const char *c;
        if (!syllables &&
            (stop_word(out, i, !legal) || assimilated_article(out, i))) {
            t->flags |= TOK_STOP;
        } else if (!syllables && turkish_san(out, i)) {
            set_canon(t, "industry");
            out->applied |= TX_ABBREV;
        } else if ((e = lex_find(&abbrev_words, t->s))) {
            if (strcmp(e->canon, t->s) != 0) {
                set_canon(t, e->canon);
                out->applied |= TX_ABBREV;
            }
        } else if (!syllables && (c = russian_compound(t->s, t->len))) {
            set_canon(t, c);
            out->applied |= TX_ABBREV;
        } else if ((e = lex_find(&name_variants, t->s))) {
            if (strcmp(e->canon, t->s) != 0) {
                set_canon(t, e->canon);
                out->applied |= TX_VARIANT;
            }
        } else if (patronymic(out, t)) {
            out->applied |= TX_VARIANT;
        }
    }
    if (!legal)
        titles_alone(out);
}

/* The script flag of the words of utf8[0..len), when it has no Latin
 * letter: TOK_ABJAD for letters of the Arabic script (U+0600 to U+06FF,
 * U+0750 to U+077F, the Arabic presentation forms), TOK_HEBREW for Hebrew
 * letters (U+05D0 to U+05EA) and no Arabic one, TOK_KANA for katakana
 * (U+30A1 to U+30FA, the long mark, the half-width forms) and neither;
 * 0 otherwise. Hebrew writes more of its vowels than Arabic (with vav and
 * yod), and compared by consonants alone its names met Arabic and Persian
 * listed names, so it is told apart. */
static unsigned script_flag(const unsigned char *s, size_t len)
{
    int arabic = 0, hebrew = 0, kana = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            return 0;
        if (i + 2 < len &&
            ((c == 0xe3 && ((s[i + 1] == 0x82 && s[i + 2] >= 0xa1) ||
                            (s[i + 1] == 0x83 &&
                             (s[i + 2] <= 0xba || s[i + 2] == 0xbc)))) ||
             (c == 0xef && ((s[i + 1] == 0xbd && s[i + 2] >= 0xa6) ||
                            (s[i + 1] == 0xbe && s[i + 2] <= 0x9f)))))
            kana = 1;
        if ((c >= 0xd8 && c <= 0xdb) || c == 0xdd ||
            (c == 0xef && i + 1 < len && s[i + 1] >= 0xad &&
             s[i + 1] <= 0xbb))
            arabic = 1;
        else if (c == 0xd7 && i + 1 < len && s[i + 1] >= 0x90 &&
                 s[i + 1] <= 0xaa)
            hebrew = 1;
    }
    return arabic ? TOK_ABJAD : hebrew ? TOK_HEBREW : kana ? TOK_KANA : 0;
}

/* 1 when s[0..len) holds the word Sá, written with its accent (the
 * Portuguese family name: no legal form writes the accent), and no word
 * S.A., SA or S. A. as the legal form is written. */
static int accented_sa(const unsigned char *s, size_t len)
{
    int accented = 0;
    for (size_t i = 0; i < len; i++) {
        if ((s[i] | 0x20) != 's' || (i > 0 && (s[i - 1] >= 0x80 ||
                                               is_alnum(s[i - 1]))))
            continue;
        size_t k = i + 1;
        while (k < len && (s[k] == '.' || s[k] == ' '))
            k++;
        int acute = k == i + 1 && k + 1 < len && s[k] == 0xC3 &&
                    (s[k + 1] | 0x20) == 0xA1;
        size_t end = k + (acute ? 2 : 1);
        if ((!acute && (k >= len || (s[k] | 0x20) != 'a')) ||
            (end < len && (s[end] >= 0x80 || is_alnum(s[end]))))
            continue; /* no word Sá, S.A. or SA here ("Sábado") */
        if (!acute)
            return 0; /* S.A. as the legal form is written */
        accented = 1;
    }
    return accented;
}

static int name_normalize(text_ctx *ctx, const char *utf8, size_t len,
                          int legal, text_name *out)
{
    if (!out)
        return EMB_ERR_USAGE;
    out->n = 0;
    out->applied = 0;
    out->used = 0;
    out->sa_is_name = 0;
    if (!utf8 || len == 0)
        return utf8 || len == 0 ? EMB_OK : EMB_ERR_USAGE;
    int ascii, bad, syllables = 0;
    unsigned script = 0;
    size_t take = utf8_scan((const unsigned char *)utf8, len, TEXT_MAX_INPUT,
                            &ascii, &bad);
    if (bad)
        return EMB_ERR_INVALID;
    if (take < len)
        out->applied |= TX_TRUNCATED;
    if (ascii) {
        tokenize(utf8, take, 0, out);
    } else {
        if (!ctx)
            return EMB_ERR_USAGE;
        size_t alen = 0;
        const char *ascii_text =
            translit_to_ascii(ctx, utf8, take, &alen, &out->applied);
        if (!ascii_text)
            return EMB_ERR_NOMEM;
        tokenize(ascii_text, alen, 1, out);
        out->sa_is_name = accented_sa((const unsigned char *)utf8, take);
        int32_t cp[TEXT_CJK_NAME_MAX];
        syllables = text_cjk_name(utf8, take, cp, TEXT_CJK_NAME_MAX) > 0;
        script = script_flag((const unsigned char *)utf8, take);
    }
    classify(out, syllables, legal);
    for (int i = 0; script && i < out->n; i++)
        if (!(out->tok[i].flags & (TOK_LEGAL | TOK_NUMBER)))
            out->tok[i].flags |= script;
    return EMB_OK;
}

int text_name_normalize(text_ctx *ctx, const char *utf8, size_t len,
                        text_name *out)
{
    return name_normalize(ctx, utf8, len, 1, out);
}

int text_person_normalize(text_ctx *ctx, const char *utf8, size_t len,
                          text_name *out)
{
    return name_normalize(ctx, utf8, len, 0, out);
}
