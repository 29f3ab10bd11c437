/*
 * text.h - name normalisation for matching: any script in, comparable
 * tokens out.
 *
 * A name goes through, in order: UTF-8 validation and control-character
 * removal; Chinese company vocabulary (有限公司 -> legal form, 科技 ->
 * "technology", the rest as pinyin runs); ICU transliteration of any other
 * non-Latin script to Latin and removal of diacritics; case folding;
 * punctuation to token breaks; legal forms recognised and flagged
 * (Co., Ltd. / Company Limited / LLC / JSC / OAO / GmbH / S.A. ...);
 * abbreviations and their long forms mapped to one canonical word
 * (tech/technologies -> technology, intl -> international ...); common
 * transliteration variants of given names mapped to one spelling
 * (Mohammed/Mohamed/Muhammad -> muhammad).
 *
 * The result lives in a caller-provided text_name, so normalising a query
 * allocates nothing. A text_ctx holds ICU transliterators, which are not
 * thread-safe: use one text_ctx per thread.
 */
#ifndef EMB_TEXT_TEXT_H
#define EMB_TEXT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "embargo.h"

#define TEXT_MAX_INPUT 1024 /* bytes of a name considered; the rest is cut
                               at a character boundary and flagged */
#define TEXT_MAX_TOKENS 48
#define TEXT_BUF 4096       /* token text storage in a text_name */

/* Token flags. */
enum {
    TOK_LEGAL = 1,   /* a legal form (ltd, llc, gmbh, jsc, co ...) */
    TOK_STOP = 2,    /* a function word (of, the, and, de, al, bin ...) */
    TOK_INITIAL = 4, /* a single letter */
    TOK_NUMBER = 8,  /* all digits */
    TOK_DOTTED = 16, /* letters written with dots between them (J.C., S.A.) */
    TOK_SYLLABLE = 32, /* a syllable of a personal name written in Chinese
                          characters, Hangul or kana, romanised by rule:
                          compared as written, never by its letters */
    TOK_KOREAN = 64,   /* a word of a Korean name that the Korean reading
                          writes another way (jang as chang), whose
                          reading is its family: the index keeps no
                          spelling of it as written */
    TOK_ABJAD = 128,   /* a word transliterated from Arabic script,
                          which leaves short vowels unwritten (محمد
                          "mhmd"): compared by its consonants too
                          (text_skeleton) */
    /* (0x100 to 0x2000 are the matcher's TOKF_ flags) */
    TOK_HEBREW = 0x4000, /* a word read from Hebrew script, which writes
                           long vowels (vav, yod, alef) and leaves short
                           ones out (רמזאן "rmzan"): compared by its
                           consonants too when its vowels are among the
                           other word's, in order */
    TOK_KANA = 0x8000   /* a word read from katakana (kana.c), which adds
                           vowels and writes l as r and v as b or f:
                           compared by its consonants in katakana's
                           classes (text_skeleton_kana) when the other
                           word's vowels are among its own */
};

/* Normalisations applied to a name (text_name.applied), for explanations. */
enum {
    TX_CASEFOLD = 1 << 0,   /* letters folded to lower case */
    TX_TRANSLIT = 1 << 1,   /* a non-Latin script was transliterated */
    TX_ASCII = 1 << 2,      /* diacritics removed */
    TX_CJK_COMPANY = 1 << 3,/* Chinese company vocabulary translated */
    TX_LEGAL_FORM = 1 << 4, /* a legal form was recognised */
    TX_ABBREV = 1 << 5,     /* an abbreviation or long form was canonicalised */
    TX_VARIANT = 1 << 6,    /* a name spelling variant was canonicalised */
    TX_PUNCT = 1 << 7,      /* punctuation removed */
    TX_TRUNCATED = 1 << 8,  /* input longer than TEXT_MAX_INPUT was cut */
    TX_CONTROL = 1 << 9,    /* control characters removed */
    TX_NUMBER = 1 << 10,    /* number words written as digits */
    TX_KOREAN_READING = 1 << 11, /* Chinese characters read as a Korean
                                    name (text_korean_reading); set by the
                                    screener, which screens both readings */
    TX_PERSIAN_READING = 1 << 12, /* Arabic letters read as Persian says
                                     them (text_persian_reading); the same */
    TX_MARK_READING = 1 << 13,    /* a registration mark read as one word;
                                     the same */
    TX_WG_READING = 1 << 14       /* a Chinese name in Wade-Giles read in
                                     pinyin (text_wg_reading); the same */
};

/* 1 when s[0..n) is one or more ASCII digits. */
static inline int text_all_digits(const char *s, size_t n)
{
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

typedef struct text_token {
    const char *s;    /* canonical form: lower-case [a-z0-9]+, NUL-terminated */
    const char *orig; /* the token as folded, before canonical mapping
                         (equal to s when no mapping applied) */
    uint16_t len;     /* strlen(s) */
    uint32_t flags;   /* TOK_* (the matcher keeps the low 16 bits) */
} text_token;

typedef struct text_name {
    text_token tok[TEXT_MAX_TOKENS];
    int n;            /* number of tokens */
    uint32_t applied; /* TX_* */
    int sa_is_name;   /* "Sá" written with its accent, and no S.A.: the
                         Portuguese family name, not the legal form */
    size_t used;      /* bytes of buf in use */
    char buf[TEXT_BUF];
} text_name;

typedef struct text_ctx text_ctx;

/* Opens a context (loads ICU transliterators). EMB_OK or EMB_ERR_NOMEM /
 * EMB_ERR_INVALID when ICU lacks a transform. */
int text_ctx_open(text_ctx **out);
void text_ctx_close(text_ctx *ctx);

/* Normalises the name utf8[0..len) into out. Returns EMB_OK, or
 * EMB_ERR_INVALID for invalid UTF-8 (out->n == 0). An empty or all-
 * punctuation name gives EMB_OK with out->n == 0. Allocates nothing on
 * ASCII input; non-Latin input goes through ICU. */
int text_name_normalize(text_ctx *ctx, const char *utf8, size_t len,
                        text_name *out);

/* As text_name_normalize, for a person's name: no word is read as a legal
 * form, since a person has none ("Leonardo Sá" is no "Leonardo S.A.", nor
 * "Lia Co" Lia Company). */
int text_person_normalize(text_ctx *ctx, const char *utf8, size_t len,
                          text_name *out);

/* A phonetic key of a canonical token (lower-case ASCII) into out (cap
 * bytes, NUL-terminated); returns its length. Spelling variants that sound
 * alike share a key (kh/h, ph/f, ck/k, double letters, -off/-ov, vowels
 * after the first letter dropped ...). */
size_t text_phonetic(const char *tok, char *out, size_t cap);

/* The consonants of a canonical token s[0..len) as a script without
 * short vowels writes them, into out (cap bytes, NUL-terminated); returns
 * their number. Vowels, y and w (long vowels in such scripts) are left
 * out, q is k, c is s (the French ch for sh), dj is j, dh is d and th is
 * t, a doubled letter counts once and a final h (the feminine ending) not
 * at all: zidane, zydan and "zydan" from زيدان are all "zdn". */
size_t text_skeleton(const char *s, size_t len, char *out, size_t cap);
/* The same, and in gaps (cap + 1 entries) the vowels, y and w left out
 * around the consonants: gaps[i] those before consonant i, gaps[k] those
 * after the last of k, as TEXT_GAP_* bits, TEXT_GAP_TWO when there are
 * two or more ("habbo": "hb", gaps 0, a, o; the letters of a final h
 * dropped count after the consonant before it). */
enum {
    TEXT_GAP_A = 1,
    TEXT_GAP_E = 2,
    TEXT_GAP_I = 4,
    TEXT_GAP_O = 8,
    TEXT_GAP_U = 16,
    TEXT_GAP_Y = 32,
    TEXT_GAP_W = 64,
    TEXT_GAP_TWO = 128
};
size_t text_skeleton_gaps(const char *s, size_t len, char *out, size_t cap,
                          uint8_t *gaps);
/* The same with v as b and p as f, for words read from Hebrew script,
 * whose bet and pe are either ("rotnvrg" / ROTENBERG, "rosnpt" /
 * ROSNEFT), and c as k, or as s before e, i, y or h ("nikols" /
 * NICOLAS; ch stays apart from kh). */
size_t text_skeleton_hebrew(const char *s, size_t len, char *out,
                            size_t cap);

/* The consonants of s[0..len) in the classes katakana writes alike, for
 * words read from katakana and the listed words they may be (kana.c):
 * vowels, y and w left out, l as r, b, v, f and ph as one, t, ch, ts and tz
 * as one, d and z before i or y as j, kh as h, h before u or a consonant
 * as f, a final g as k: "rabrof" (ラブロフ) and LAVROV are both "rbrb",
 * "puchin" (プーチン) and PUTIN "ptn". A word of fewer than three
 * consonants keeps its vowels, and y at its start ("ari", アリ, and ALI
 * are both "ari"; "yon", ヨン, and YONG "yon"). Returns the key's length. */
size_t text_skeleton_kana(const char *s, size_t len, char *out, size_t cap);

/* A personal name written in Chinese characters, Hangul or hiragana:
 * when every letter of utf8[0..len) is one and there are 2 to max of
 * them, writes them to out and returns how many; else 0 (and 0 for a
 * name with katakana, whose foreign names are words). Transliteration
 * loses what tells such names apart (김정은 and 김종은 are both "kim jong
 * un"), so they are compared by their characters too. */
#define TEXT_CJK_NAME_MAX 4
int text_cjk_name(const char *utf8, size_t len, int32_t *out, int max);

/* The Korean reading of a personal name in Chinese characters: when
 * utf8[0..len) is one written as one word (text_cjk_name, Han only, no
 * space: "成 王" is given name, family name) whose first character is
 * a Korean family name and every character one the Korean table reads
 * (korean.c; traditional and Japanese forms read as the simplified
 * ones), writes it in Hangul into out (cap bytes, NUL-terminated) and
 * returns its length: 金正恩 -> 김정은, read "kim jong un". Else 0. Chinese
 * and Korean names share family names (金 is Jin and Kim), so such a name
 * is screened both ways. */
size_t text_korean_reading(text_ctx *ctx, const char *utf8, size_t len,
                           char *out, size_t cap);

/* A name in Arabic letters read as Persian, Urdu and Pashto say them: when
 * utf8[0..len) has ذ, ض or ظ (read z) or ث (read s) and none of the
 * letters those languages add or write in their own form (a name with
 * them is read so already), writes it into out (cap > len bytes,
 * NUL-terminated) with those letters as ز and س and returns len; else 0.
 * فضل ربيع, written with Arabic letters only, is Fazl Rabi in the lists:
 * such a name is screened both ways. */
size_t text_persian_reading(const char *utf8, size_t len, char *out,
                            size_t cap);

/* A Chinese name in Wade-Giles read in pinyin (wadegiles.c): when
 * name[0..len) is one, writes the reading into out (cap > len bytes,
 * NUL-terminated) and returns its length: "Teng Hsiao-p'ing" -> "Deng
 * Xiao-ping", "Tsai Ing-wen" -> "Cai Ying-wen". Else 0. */
size_t text_wg_reading(const char *name, size_t len, char *out, size_t cap);

/* 1 when s[0..len) is the canonical spelling of a family of given-name
 * variants (variants.c: "muhammad", "mahmoud", "hussein", "hassan"):
 * two different ones are different names, however alike they sound. */
int text_variant_head(const char *s, size_t len);

/* 1 when the word s[0..len), in any case and with its dots left out, is
 * a legal form written as one word ("OJSC", "Ltd.", "S.A.", "GmbH"). */
int text_legal_word(const char *s, size_t len);

/* 1 when x has more than k bits set (k small: clears k of them); the
 * letter-set tests that pass over words too far apart for an edit
 * budget. */
static inline int text_bits_over(uint64_t x, int k)
{
    for (int i = 0; i < k && x; i++)
        x &= x - 1;
    return x != 0;
}

/* Name particles. 1 when s[0..len) is the Arabic definite article as
 * romanised, its l assimilated or not ("al", "el", "ul", "ud", "ar",
 * "ash" ...). */
static inline int text_article(const char *s, size_t len)
{
    if (len < 2 || len > 3 ||
        (s[0] != 'a' && s[0] != 'e' && s[0] != 'i' && s[0] != 'u'))
        return 0;
    if (len == 2)
        switch (s[1]) {
        case 'l': case 'r': case 's': case 'd': case 'n': case 't': case 'z':
            return 1;
        default:
            return 0;
        }
    return s[2] == 'h' && (s[1] == 's' || s[1] == 'd' || s[1] == 't');
}
/* 1 when s[0..len) is a particle that may stand between two parts of one
 * name and be written into it ("abd al rahman" / "abdulrahman", "van der
 * bilt" / "vanderbilt", "de la cruz" / "delacruz"): an Arabic article or
 * a short function word of names (de, la, van, der ...), never a
 * patronymic connector (bin, ibn, ben). */
int text_particle(const char *s, size_t len);

/* Nicknames (nicknames.c). The full names the token s[0..len) is a
 * nickname of (TEXT_NICK_MAX at most, NULL-terminated), or NULL when it is
 * none: "sasha" -> {"alexander"}. Full names are spelt as the normaliser
 * writes tokens (canonical variant spellings). */
#define TEXT_NICK_MAX 3
const char *const *text_nickname(const char *s, size_t len);
/* The nicknames of full name s[0..len) into out (at most max); returns
 * how many there are. Thread-safe. */
size_t text_nicknames_of(const char *s, size_t len, const char **out,
                         size_t max);
/* The table, for its tests: entry i's nickname and full names. */
size_t text_nickname_count(void);
const char *text_nickname_at(size_t i, const char *const **full);

#endif
