/*
 * nicknames.c - everyday short forms of given names (hypocorisms) and the
 * full names they stand for: bill -> william, sasha -> alexander, pepe ->
 * jose, zhenya -> evgeny.
 *
 * Unlike the spelling variants of variants.c, a nickname is not the same
 * name: "Ted" may be an Edward or a Theodore, and a person listed as
 * Aleksandr may trade as Sasha. The matcher therefore gives a nickname and
 * a full name it stands for (or two nicknames of one full name) a fixed
 * similarity below an exact match, and the explanation says "nickname".
 *
 * Words are spelt as the normaliser leaves them: folded ASCII, and a full
 * name in the canonical spelling of its variant family ("alexander",
 * "evgeny", "yekaterina"), so that both sides meet whatever transliteration
 * was used. Short forms that are also common words or name particles in
 * the lists are left out: "al" (the Arabic article), "ben" and "bin" (son
 * of), "abu", "don", "will" as a word of company names is kept out too.
 *
 * The forms are the common English, Russian, Ukrainian, Spanish,
 * Portuguese, Italian and German short forms of the given names that
 * sanctions lists hold most often (see for instance the "diminutive"
 * entries of Wiktionary for each full name). Sorted by nickname.
 */
#include <pthread.h>
#include <string.h>

#include "text/lexicon.h"
#include "text/text.h"

typedef struct nick_entry {
    const char *nick;
    const char *full[TEXT_NICK_MAX + 1]; /* NULL-terminated */
} nick_entry;

static const nick_entry nick_tab[] = {
    {"abe", {"abraham", NULL}},
    {"alejo", {"alejandro", NULL}},
    {"alex", {"alexander", "alexey", "alejandro"}},
    {"alf", {"alfred", NULL}},
    {"alfie", {"alfred", NULL}},
    {"alik", {"alexander", "albert", NULL}},
    {"alyosha", {"alexey", NULL}},
    {"andy", {"andrew", NULL}},
    {"annie", {"anna", NULL}},
    {"arkasha", {"arkady", NULL}},
    {"art", {"arthur", NULL}},
    {"barney", {"bernard", NULL}},
    {"beppe", {"giuseppe", NULL}},
    {"bert", {"albert", "robert", "herbert"}},
    {"beto", {"alberto", "roberto", NULL}},
    {"betty", {"elizabeth", NULL}},
    {"bill", {"william", NULL}},
    {"billy", {"william", NULL}},
    {"bob", {"robert", NULL}},
    {"bobby", {"robert", NULL}},
    {"borya", {"boris", NULL}},
    {"cathy", {"catherine", "katherine", NULL}},
    {"charlie", {"charles", NULL}},
    {"chema", {"jose", NULL}},
    {"chris", {"christopher", "christian", "christine"}},
    {"chucho", {"jesus", NULL}},
    {"chuck", {"charles", NULL}},
    {"dan", {"daniel", NULL}},
    {"danny", {"daniel", NULL}},
    {"dasha", {"darya", NULL}},
    {"dave", {"david", NULL}},
    {"davy", {"david", NULL}},
    {"dick", {"richard", NULL}},
    {"dima", {"dmitry", NULL}},
    {"eddie", {"edward", "eduardo", NULL}},
    {"fede", {"federico", NULL}},
    {"fedya", {"fyodor", NULL}},
    {"frank", {"francis", "franklin", NULL}},
    {"fred", {"frederick", "alfred", NULL}},
    {"freddie", {"frederick", "alfred", NULL}},
    {"fritz", {"friedrich", NULL}},
    {"gosha", {"georgy", NULL}},
    {"grisha", {"grigory", NULL}},
    {"hank", {"henry", NULL}},
    {"hans", {"johannes", NULL}},
    {"harry", {"henry", "harold", NULL}},
    {"ira", {"irina", NULL}},
    {"jack", {"john", NULL}},
    {"jake", {"jacob", NULL}},
    {"jim", {"james", NULL}},
    {"jimmy", {"james", NULL}},
    {"joe", {"joseph", NULL}},
    {"joey", {"joseph", NULL}},
    {"johnny", {"john", NULL}},
    {"jon", {"jonathan", NULL}},
    {"juanma", {"juan", NULL}},
    {"kate", {"catherine", "katherine", NULL}},
    {"katya", {"yekaterina", NULL}},
    {"ken", {"kenneth", NULL}},
    {"kika", {"enrique", NULL}},
    {"kike", {"enrique", NULL}},
    {"kolya", {"nikolay", NULL}},
    {"kostya", {"konstantin", NULL}},
    {"lalo", {"eduardo", NULL}},
    {"larry", {"lawrence", NULL}},
    {"lena", {"yelena", NULL}},
    {"lenya", {"leonid", NULL}},
    {"liz", {"elizabeth", NULL}},
    {"lola", {"dolores", NULL}},
    {"lucho", {"luis", NULL}},
    {"lupe", {"guadalupe", NULL}},
    {"lyosha", {"alexey", NULL}},
    {"lyuba", {"lyubov", NULL}},
    {"lyuda", {"lyudmila", NULL}},
    {"manolo", {"manuel", NULL}},
    {"masha", {"maria", NULL}},
    {"matt", {"matthew", NULL}},
    {"max", {"maksim", "maximilian", NULL}},
    {"memo", {"guillermo", NULL}},
    {"mike", {"michael", NULL}},
    {"misha", {"mikhail", NULL}},
    {"mitya", {"dmitry", NULL}},
    {"nacho", {"ignacio", NULL}},
    {"nastya", {"anastasia", NULL}},
    {"natasha", {"natalia", NULL}},
    {"nick", {"nicholas", NULL}},
    {"nicky", {"nicholas", NULL}},
    {"nico", {"nicolas", NULL}},
    {"olya", {"olga", NULL}},
    {"paco", {"francisco", NULL}},
    {"pancho", {"francisco", NULL}},
    {"pasha", {"pavel", NULL}},
    {"pat", {"patrick", "patricia", NULL}},
    {"patti", {"patricia", NULL}},
    {"patty", {"patricia", NULL}},
    {"peggy", {"margaret", NULL}},
    {"pepe", {"jose", NULL}},
    {"pete", {"peter", NULL}},
    {"petya", {"pyotr", NULL}},
    {"quique", {"enrique", NULL}},
    {"rafa", {"rafael", NULL}},
    {"rick", {"richard", NULL}},
    {"rob", {"robert", NULL}},
    {"robbie", {"robert", NULL}},
    {"ron", {"ronald", NULL}},
    {"sam", {"samuel", NULL}},
    {"sanya", {"alexander", NULL}},
    {"sasha", {"alexander", NULL}},
    {"sepp", {"josef", NULL}},
    {"seryozha", {"sergey", NULL}},
    {"slava", {"vyacheslav", "vladislav", "yaroslav"}},
    {"steve", {"stephen", "steven", NULL}},
    {"sue", {"susan", NULL}},
    {"sveta", {"svetlana", NULL}},
    {"tanya", {"tatiana", NULL}},
    {"ted", {"edward", "theodore", NULL}},
    {"teddy", {"edward", "theodore", NULL}},
    {"tim", {"timothy", NULL}},
    {"toli", {"anatoly", NULL}},
    {"tolya", {"anatoly", NULL}},
    {"tom", {"thomas", NULL}},
    {"tommy", {"thomas", NULL}},
    {"tony", {"anthony", "antonio", NULL}},
    {"valya", {"valentin", "valentina", NULL}},
    {"vanya", {"ivan", NULL}},
    {"vasya", {"vasily", NULL}},
    {"vitya", {"viktor", NULL}},
    {"volodya", {"vladimir", NULL}},
    {"vova", {"vladimir", NULL}},
    {"yasha", {"yakov", NULL}},
    {"yura", {"yuri", NULL}},
    {"zhenya", {"evgeny", "evgeniya", NULL}},
};

#define N_NICK (sizeof nick_tab / sizeof nick_tab[0])

/* strcmp of s[0..len) with the NUL-terminated w. */
static int cmp_len(const char *s, size_t len, const char *w)
{
    size_t i = 0;
    for (; i < len && w[i]; i++)
        if (s[i] != w[i])
            return (unsigned char)s[i] - (unsigned char)w[i];
    if (i < len)
        return 1;
    return w[i] ? -1 : 0;
}

const char *const *text_nickname(const char *s, size_t len)
{
    size_t lo = 0, hi = N_NICK;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_len(s, len, nick_tab[mid].nick);
        if (c == 0)
            return nick_tab[mid].full;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* The table the other way round: (full name, nickname) pairs sorted by
 * full name, built once. */
typedef struct full_pair {
    const char *full, *nick;
} full_pair;

static full_pair by_full[N_NICK * TEXT_NICK_MAX];
static size_t n_by_full;
static pthread_once_t by_full_once = PTHREAD_ONCE_INIT;

static int cmp_pair(const void *a, const void *b)
{
    const full_pair *x = a, *y = b;
    int c = strcmp(x->full, y->full);
    return c ? c : strcmp(x->nick, y->nick);
}

static void build_by_full(void)
{
    size_t n = 0;
    for (size_t i = 0; i < N_NICK; i++)
        for (int k = 0; k < TEXT_NICK_MAX && nick_tab[i].full[k]; k++)
            by_full[n++] = (full_pair){nick_tab[i].full[k], nick_tab[i].nick};
    /* insertion sort: a few hundred pairs, once, and no allocation
     * (glibc's qsort may allocate, and screening must not) */
    for (size_t i = 1; i < n; i++) {
        full_pair x = by_full[i];
        size_t j = i;
        for (; j > 0 && cmp_pair(&by_full[j - 1], &x) > 0; j--)
            by_full[j] = by_full[j - 1];
        by_full[j] = x;
    }
    n_by_full = n;
}

size_t text_nicknames_of(const char *s, size_t len, const char **out,
                         size_t max)
{
    pthread_once(&by_full_once, build_by_full);
    size_t lo = 0, hi = n_by_full;
    while (lo < hi) { /* first pair whose full name is >= s */
        size_t mid = (lo + hi) / 2;
        if (cmp_len(s, len, by_full[mid].full) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t n = 0;
    for (; lo < n_by_full && cmp_len(s, len, by_full[lo].full) == 0; lo++)
        if (n < max)
            out[n++] = by_full[lo].nick;
    return n;
}

size_t text_nickname_count(void)
{
    return N_NICK;
}

const char *text_nickname_at(size_t i, const char *const **full)
{
    if (i >= N_NICK)
        return NULL;
    if (full)
        *full = nick_tab[i].full;
    return nick_tab[i].nick;
}
