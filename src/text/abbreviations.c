/*
 * abbreviations.c - company vocabulary written short or long, mapped to
 * one canonical word (tech/technologies -> technology, intl ->
 * international, hldgs -> holding; the Russian business words the lists
 * give in Latin letters beside the English, kholding -> holding,
 * inzhiniring -> engineering; the Turkish ones, as ASCII writes them,
 * beside their English: sanayi ve ticaret -> industry and trading,
 * ithalat ihracat -> import export, dis ticaret -> foreign trading,
 * havacilik -> aviation), country names spelt out (united states ->
 * us), the function words that carry no identity (of, the, de, al, bin),
 * and the name particles among them (text_particle).
 *
 * Short forms that are also common personal names or place words are
 * deliberately missing ("min", "tel", "petro", "do"), and so is "aero",
 * which brands run into the next word (AERO-CARIBBEAN / AEROCARIBBEAN,
 * which "aerospace caribbean" would not join to): a wrong mapping hides
 * a real name, a missing one only costs a little recall. Abu is not
 * a stop word: it starts many names (Abu Bakr). Both tables are sorted.
 */
#include "text/lexicon.h"

static const lex_entry abbrev_tab[] = {
    {"acente", "agency", 0},
    {"acentelik", "agency", 0},
    {"acentesi", "agency", 0},
    {"adm", "administration", 0},
    {"admin", "administration", 0},
    {"administration", "administration", 0},
    {"aerospace", "aerospace", 0},
    {"agency", "agency", 0},
    {"assn", "association", 0},
    {"assoc", "association", 0},
    {"association", "association", 0},
    {"assy", "assembly", 0},
    {"automotive", "automotive", 0},
    {"aviation", "aviation", 0},
    {"bank", "bank", 0},
    {"bilgi", "information", 0},
    {"bk", "bank", 0},
    {"bros", "brothers", 0},
    {"brothers", "brothers", 0},
    {"cargo", "cargo", 0},
    {"center", "center", 0},
    {"centre", "center", 0},
    {"chem", "chemical", 0},
    {"chemical", "chemical", 0},
    {"chemicals", "chemical", 0},
    {"cntr", "center", 0},
    {"comm", "communication", 0},
    {"comms", "communication", 0},
    {"communication", "communication", 0},
    {"communications", "communication", 0},
    {"construction", "construction", 0},
    {"consulting", "consulting", 0},
    {"coop", "cooperative", 0},
    {"cooperative", "cooperative", 0},
    {"ctr", "center", 0},
    {"danismanlik", "consulting", 0},
    {"defence", "defense", 0},
    {"defense", "defense", 0},
    {"denizcilik", "shipping", 0},
    {"department", "department", 0},
    {"dept", "department", 0},
    {"dev", "development", 0},
    {"development", "development", 0},
    {"devt", "development", 0},
    {"dis", "foreign", 0},
    {"div", "division", 0},
    {"division", "division", 0},
    {"elec", "electronics", 0},
    {"electr", "electronics", 0},
    {"electronic", "electronics", 0},
    {"electronics", "electronics", 0},
    {"elektronik", "electronics", 0},
    {"elektronika", "electronics", 0},
    {"elektroniks", "electronics", 0},
    {"energiya", "energy", 0},
    {"energo", "energy", 0},
    {"energy", "energy", 0},
    {"enerji", "energy", 0},
    {"enerjisi", "energy", 0},
    {"eng", "engineering", 0},
    {"engg", "engineering", 0},
    {"engineering", "engineering", 0},
    {"engr", "engineering", 0},
    {"enterprise", "enterprise", 0},
    {"enterprises", "enterprise", 0},
    {"eqpt", "equipment", 0},
    {"equip", "equipment", 0},
    {"equipment", "equipment", 0},
    {"establishment", "establishment", 0},
    {"exp", "export", 0},
    {"export", "export", 0},
    {"exports", "export", 0},
    {"finance", "finance", 0},
    {"financial", "finance", 0},
    {"food", "food", 0},
    {"foods", "food", 0},
    {"foodstuff", "food", 0},
    {"foodstuffs", "food", 0},
    {"foreign", "foreign", 0},
    {"ft", "fort", 0},
    {"gen", "general", 0},
    {"general", "general", 0},
    {"genl", "general", 0},
    {"gida", "food", 0},
    {"gov", "government", 0},
    {"government", "government", 0},
    {"govt", "government", 0},
    {"group", "group", 0},
    {"groups", "group", 0},
    {"grp", "group", 0},
    {"grubu", "group", 0},
    {"grup", "group", 0},
    {"grupp", "group", 0},
    {"gruppa", "group", 0},
    {"havacilik", "aviation", 0},
    {"hizmet", "service", 0},
    {"hizmetlari", "service", 0},
    {"hizmetleri", "service", 0},
    {"hldg", "holding", 0},
    {"hldgs", "holding", 0},
    {"holding", "holding", 0},
    {"holdings", "holding", 0},
    {"ihr", "export", 0},
    {"ihracat", "export", 0},
    {"imp", "import", 0},
    {"import", "import", 0},
    {"imports", "import", 0},
    {"ind", "industry", 0},
    {"inds", "industry", 0},
    {"indus", "industry", 0},
    {"industrial", "industry", 0},
    {"industries", "industry", 0},
    {"industry", "industry", 0},
    {"information", "information", 0},
    {"insaat", "construction", 0},
    {"inst", "institute", 0},
    {"institute", "institute", 0},
    {"internat", "international", 0},
    {"international", "international", 0},
    {"intl", "international", 0},
    {"invest", "investment", 0},
    {"investitsii", "investment", 0},
    {"investment", "investment", 0},
    {"investments", "investment", 0},
    {"inzhenering", "engineering", 0},
    {"inzhiniring", "engineering", 0},
    {"ith", "import", 0},
    {"ithalat", "import", 0},
    {"kargo", "cargo", 0},
    {"kholding", "holding", 0},
    {"kholdings", "holding", 0},
    {"kimya", "chemical", 0},
    {"konsalting", "consulting", 0},
    {"leasing", "leasing", 0},
    {"lizing", "leasing", 0},
    {"logistics", "logistics", 0},
    {"logistik", "logistics", 0},
    {"logistika", "logistics", 0},
    {"lojistik", "logistics", 0},
    {"machinery", "machinery", 0},
    {"madencilik", "mining", 0},
    {"makina", "machinery", 0},
    {"makine", "machinery", 0},
    {"management", "management", 0},
    {"manufacturer", "manufacturing", 0},
    {"manufacturing", "manufacturing", 0},
    {"marketing", "marketing", 0},
    {"marketinga", "marketing", 0},
    {"menedzhment", "management", 0},
    {"metallurgical", "metallurgy", 0},
    {"metallurgy", "metallurgy", 0},
    {"metalurji", "metallurgy", 0},
    {"mfg", "manufacturing", 0},
    {"mfr", "manufacturing", 0},
    {"mfrs", "manufacturing", 0},
    {"mgmt", "management", 0},
    {"mgt", "management", 0},
    {"mining", "mining", 0},
    {"ministry", "ministry", 0},
    {"mktg", "marketing", 0},
    {"mt", "mount", 0},
    {"mtn", "mountain", 0},
    {"muhendislik", "engineering", 0},
    {"nakliyat", "transport", 0},
    {"nakliye", "transport", 0},
    {"national", "national", 0},
    {"natl", "national", 0},
    {"navigation", "navigation", 0},
    {"org", "organization", 0},
    {"organisation", "organization", 0},
    {"organization", "organization", 0},
    {"otomotiv", "automotive", 0},
    {"pazarlama", "marketing", 0},
    {"petrol", "petroleum", 0},
    {"petroleum", "petroleum", 0},
    {"pharm", "pharmaceutical", 0},
    {"pharma", "pharmaceutical", 0},
    {"pharmaceutical", "pharmaceutical", 0},
    {"pharmaceuticals", "pharmaceutical", 0},
    {"production", "production", 0},
    {"research", "research", 0},
    {"rsch", "research", 0},
    {"sanayi", "industry", 0},
    {"sanayii", "industry", 0},
    {"sanayisi", "industry", 0},
    {"savunma", "defense", 0},
    {"sci", "science", 0},
    {"science", "science", 0},
    {"sciences", "science", 0},
    {"scientific", "science", 0},
    {"serv", "service", 0},
    {"service", "service", 0},
    {"services", "service", 0},
    {"servis", "service", 0},
    {"shipping", "shipping", 0},
    {"shpg", "shipping", 0},
    {"sistema", "system", 0},
    {"sistems", "system", 0},
    {"sistemy", "system", 0},
    {"st", "saint", 0},
    {"ste", "sainte", 0},
    {"stg", "stichting", 0},
    {"stichting", "stichting", 0},
    {"svc", "service", 0},
    {"svcs", "service", 0},
    {"sys", "system", 0},
    {"syst", "system", 0},
    {"system", "system", 0},
    {"systems", "system", 0},
    {"tasimacilik", "transport", 0},
    {"tech", "technology", 0},
    {"techn", "technology", 0},
    {"technol", "technology", 0},
    {"technologies", "technology", 0},
    {"technology", "technology", 0},
    {"tekhnolodzhi", "technology", 0},
    {"tekhnologii", "technology", 0},
    {"tekhnologiya", "technology", 0},
    {"tekn", "technology", 0},
    {"teknoloji", "technology", 0},
    {"teknolojileri", "technology", 0},
    {"teknolojisi", "technology", 0},
    {"tekstil", "textile", 0},
    {"telcom", "telecommunication", 0},
    {"telecom", "telecommunication", 0},
    {"telecommunication", "telecommunication", 0},
    {"telecommunications", "telecommunication", 0},
    {"telecoms", "telecommunication", 0},
    {"telekom", "telecommunication", 0},
    {"textile", "textile", 0},
    {"textiles", "textile", 0},
    {"tic", "trading", 0},
    {"ticaret", "trading", 0},
    {"ticareti", "trading", 0},
    {"tourism", "tourism", 0},
    {"trade", "trading", 0},
    {"trading", "trading", 0},
    {"transp", "transport", 0},
    {"transport", "transport", 0},
    {"transportation", "transport", 0},
    {"trdg", "trading", 0},
    {"treiding", "trading", 0},
    {"treyding", "trading", 0},
    {"turizm", "tourism", 0},
    {"univ", "university", 0},
    {"university", "university", 0},
    {"uretim", "production", 0},
    {"usa", "us", 0},
    {"yatirim", "investment", 0},
};

const lex_table abbrev_words = {"abbrev_words", abbrev_tab,
                                 sizeof abbrev_tab / sizeof abbrev_tab[0]};

static const lex_entry stop_tab[] = {
    {"al", "al", 0},
    {"and", "and", 0},
    {"bin", "bin", 0},
    {"bint", "bint", 0},
    {"binti", "binti", 0},
    {"da", "da", 0},
    {"das", "das", 0},
    {"de", "de", 0},
    {"del", "del", 0},
    {"della", "della", 0},
    {"den", "den", 0},
    {"der", "der", 0},
    {"des", "des", 0},
    {"di", "di", 0},
    {"dos", "dos", 0},
    {"dr", "dr", 0},
    {"du", "du", 0},
    {"el", "el", 0},
    {"et", "et", 0},
    {"for", "for", 0},
    {"ibn", "ibn", 0},
    {"la", "la", 0},
    {"le", "le", 0},
    {"les", "les", 0},
    {"mr", "mr", 0},
    {"mrs", "mrs", 0},
    {"of", "of", 0},
    {"president", "president", 0},
    {"prof", "prof", 0},
    {"the", "the", 0},
    {"ud", "ud", 0},
    {"ul", "ul", 0},
    {"und", "und", 0},
    {"van", "van", 0},
    {"ve", "ve", 0},
    {"von", "von", 0},
};

const lex_table stop_words = {"stop_words", stop_tab,
                              sizeof stop_tab / sizeof stop_tab[0]};

/* Country names written out or as initials ("United States" / "U.S." /
 * "USA"): each phrase becomes the one token of its initials. Sorted by
 * the first word, longest first. */
static const struct place_phrase {
    const char *words[5];
    const char *canon;
} places[] = {
    {{"united", "arab", "emirates", NULL}, "uae"},
    {{"united", "kingdom", NULL}, "uk"},
    {{"united", "states", "of", "america", NULL}, "us"},
    {{"united", "states", NULL}, "us"},
};

const char *place_phrase_at(const text_token *tok, int n, int i, int *len)
{
    for (size_t k = 0; k < sizeof places / sizeof places[0]; k++) {
        const struct place_phrase *p = &places[k];
        int m = 0;
        while (p->words[m] && i + m < n && !strcmp(tok[i + m].s, p->words[m]))
            m++;
        if (!p->words[m]) {
            *len = m;
            return p->canon;
        }
    }
    return NULL;
}

int text_article(const char *s, size_t len)
{
    if (len < 2 || len > 3 || !s[0] || !strchr("aeiu", s[0]))
        return 0;
    if (len == 2)
        return s[1] && strchr("lrsdntz", s[1]) != NULL;
    return s[2] == 'h' && (s[1] == 's' || s[1] == 'd' || s[1] == 't');
}

int text_particle(const char *s, size_t len)
{
    /* the stop words that are parts of names, not connectors or grammar,
     * by length */
    static const char *const part2[] = {"da", "de", "di", "du", "la", "le"};
    static const char *const part3[] = {"das", "del", "den", "der", "des",
                                        "dos", "les", "van", "von"};
    if (text_article(s, len))
        return 1;
    if (len == 2) {
        for (size_t i = 0; i < sizeof part2 / sizeof part2[0]; i++)
            if (s[0] == part2[i][0] && s[1] == part2[i][1])
                return 1;
    } else if (len == 3) {
        for (size_t i = 0; i < sizeof part3 / sizeof part3[0]; i++)
            if (s[0] == part3[i][0] && s[1] == part3[i][1] &&
                s[2] == part3[i][2])
                return 1;
    } else if (len == 5) {
        return !memcmp(s, "della", 5);
    }
    return 0;
}
