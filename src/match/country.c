/*
 * country.c - country names and codes to ISO 3166-1 alpha-2, for the
 * country evidence of a screening query.
 *
 * The lists write countries as English names ("Iran", "Russia", "Korea,
 * North"), sometimes as codes; customers write names, ISO-2 or ISO-3
 * codes. One table maps all of them; a lookup folds case and ignores
 * punctuation and "the". Unknown values return NULL and only agree with a
 * value written the same way.
 */
#include "match/match.h"

#include <ctype.h>
#include <string.h>

/* "AA|AAA|name|other name|...", names already folded (lower case, letters
 * and single spaces). */
static const char *const countries[] = {
    "AF|AFG|afghanistan", "AL|ALB|albania", "DZ|DZA|algeria",
    "AS|ASM|american samoa", "AD|AND|andorra", "AO|AGO|angola",
    "AI|AIA|anguilla", "AG|ATG|antigua and barbuda", "AR|ARG|argentina",
    "AM|ARM|armenia", "AW|ABW|aruba", "AU|AUS|australia", "AT|AUT|austria",
    "AZ|AZE|azerbaijan", "BS|BHS|bahamas", "BH|BHR|bahrain",
    "BD|BGD|bangladesh", "BB|BRB|barbados", "BY|BLR|belarus|byelorussia",
    "BE|BEL|belgium", "BZ|BLZ|belize", "BJ|BEN|benin", "BM|BMU|bermuda",
    "BT|BTN|bhutan", "BO|BOL|bolivia", "BA|BIH|bosnia and herzegovina|bosnia",
    "BW|BWA|botswana", "BR|BRA|brazil", "VG|VGB|british virgin islands|virgin islands british",
    "BN|BRN|brunei|brunei darussalam", "BG|BGR|bulgaria",
    "BF|BFA|burkina faso", "MM|MMR|burma|myanmar", "BI|BDI|burundi",
    "CV|CPV|cabo verde|cape verde", "KH|KHM|cambodia", "CM|CMR|cameroon",
    "CA|CAN|canada", "KY|CYM|cayman islands", "CF|CAF|central african republic",
    "TD|TCD|chad", "CL|CHL|chile", "CN|CHN|china|peoples republic of china|prc",
    "CO|COL|colombia", "KM|COM|comoros", "CG|COG|congo|republic of the congo|congo republic of the|congo brazzaville",
    "CD|COD|democratic republic of the congo|congo democratic republic of the|drc|congo kinshasa",
    "CR|CRI|costa rica", "CI|CIV|cote d ivoire|cote divoire|ivory coast",
    "HR|HRV|croatia", "CU|CUB|cuba", "CW|CUW|curacao", "CY|CYP|cyprus",
    "CZ|CZE|czech republic|czechia", "DK|DNK|denmark", "DJ|DJI|djibouti",
    "DM|DMA|dominica", "DO|DOM|dominican republic", "EC|ECU|ecuador",
    "EG|EGY|egypt", "SV|SLV|el salvador", "GQ|GNQ|equatorial guinea",
    "ER|ERI|eritrea", "EE|EST|estonia", "SZ|SWZ|eswatini|swaziland",
    "ET|ETH|ethiopia", "FJ|FJI|fiji", "FI|FIN|finland", "FR|FRA|france",
    "GA|GAB|gabon", "GM|GMB|gambia", "GE|GEO|georgia", "DE|DEU|germany",
    "GH|GHA|ghana", "GI|GIB|gibraltar", "GR|GRC|greece", "GD|GRD|grenada",
    "GT|GTM|guatemala", "GG|GGY|guernsey", "GN|GIN|guinea",
    "GW|GNB|guinea bissau", "GY|GUY|guyana", "HT|HTI|haiti",
    "HN|HND|honduras", "HK|HKG|hong kong", "HU|HUN|hungary",
    "IS|ISL|iceland", "IN|IND|india", "ID|IDN|indonesia",
    "IR|IRN|iran|islamic republic of iran|iran islamic republic of",
    "IQ|IRQ|iraq", "IE|IRL|ireland", "IM|IMN|isle of man", "IL|ISR|israel",
    "IT|ITA|italy", "JM|JAM|jamaica", "JP|JPN|japan", "JE|JEY|jersey",
    "JO|JOR|jordan", "KZ|KAZ|kazakhstan", "KE|KEN|kenya", "KI|KIR|kiribati",
    "KP|PRK|north korea|korea north|democratic peoples republic of korea|korea democratic peoples republic of|dprk",
    "KR|KOR|south korea|korea south|republic of korea|korea republic of",
    "XK|XKX|kosovo", "KW|KWT|kuwait", "KG|KGZ|kyrgyzstan",
    "LA|LAO|laos|lao peoples democratic republic", "LV|LVA|latvia",
    "LB|LBN|lebanon", "LS|LSO|lesotho", "LR|LBR|liberia", "LY|LBY|libya",
    "LI|LIE|liechtenstein", "LT|LTU|lithuania", "LU|LUX|luxembourg",
    "MO|MAC|macau|macao", "MG|MDG|madagascar", "MW|MWI|malawi",
    "MY|MYS|malaysia", "MV|MDV|maldives", "ML|MLI|mali", "MT|MLT|malta",
    "MH|MHL|marshall islands", "MR|MRT|mauritania", "MU|MUS|mauritius",
    "MX|MEX|mexico", "FM|FSM|micronesia", "MD|MDA|moldova|republic of moldova",
    "MC|MCO|monaco", "MN|MNG|mongolia", "ME|MNE|montenegro",
    "MA|MAR|morocco", "MZ|MOZ|mozambique", "NA|NAM|namibia", "NR|NRU|nauru",
    "NP|NPL|nepal", "NL|NLD|netherlands|holland", "NZ|NZL|new zealand",
    "NI|NIC|nicaragua", "NE|NER|niger", "NG|NGA|nigeria",
    "MK|MKD|north macedonia|macedonia", "NO|NOR|norway", "OM|OMN|oman",
    "PK|PAK|pakistan", "PW|PLW|palau", "PS|PSE|palestine|palestinian territories|west bank|gaza",
    "PA|PAN|panama", "PG|PNG|papua new guinea", "PY|PRY|paraguay",
    "PE|PER|peru", "PH|PHL|philippines", "PL|POL|poland", "PT|PRT|portugal",
    "PR|PRI|puerto rico", "QA|QAT|qatar", "RO|ROU|romania",
    "RU|RUS|russia|russian federation", "RW|RWA|rwanda",
    "KN|KNA|saint kitts and nevis|st kitts and nevis", "LC|LCA|saint lucia|st lucia",
    "VC|VCT|saint vincent and the grenadines|st vincent and the grenadines",
    "WS|WSM|samoa", "SM|SMR|san marino", "ST|STP|sao tome and principe",
    "SA|SAU|saudi arabia", "SN|SEN|senegal", "RS|SRB|serbia",
    "SC|SYC|seychelles", "SL|SLE|sierra leone", "SG|SGP|singapore",
    "SX|SXM|sint maarten", "SK|SVK|slovakia", "SI|SVN|slovenia",
    "SB|SLB|solomon islands", "SO|SOM|somalia", "ZA|ZAF|south africa",
    "SS|SSD|south sudan", "ES|ESP|spain", "LK|LKA|sri lanka", "SD|SDN|sudan",
    "SR|SUR|suriname", "SE|SWE|sweden", "CH|CHE|switzerland",
    "SY|SYR|syria|syrian arab republic", "TW|TWN|taiwan", "TJ|TJK|tajikistan",
    "TZ|TZA|tanzania", "TH|THA|thailand", "TL|TLS|timor leste|east timor",
    "TG|TGO|togo", "TO|TON|tonga", "TT|TTO|trinidad and tobago",
    "TN|TUN|tunisia", "TR|TUR|turkey|turkiye", "TM|TKM|turkmenistan",
    "TC|TCA|turks and caicos islands", "TV|TUV|tuvalu", "UG|UGA|uganda",
    "UA|UKR|ukraine", "AE|ARE|united arab emirates|uae",
    "GB|GBR|united kingdom|uk|great britain|britain|england|scotland|wales|northern ireland",
    "US|USA|united states|united states of america|usa|america",
    "UY|URY|uruguay", "UZ|UZB|uzbekistan", "VU|VUT|vanuatu",
    "VA|VAT|vatican|holy see", "VE|VEN|venezuela", "VN|VNM|vietnam|viet nam",
    "YE|YEM|yemen", "ZM|ZMB|zambia", "ZW|ZWE|zimbabwe",
    "CK|COK|cook islands", "NU|NIU|niue", "GL|GRL|greenland",
    "FO|FRO|faroe islands", "NC|NCL|new caledonia", "PF|PYF|french polynesia",
    "RE|REU|reunion", "GP|GLP|guadeloupe", "MQ|MTQ|martinique",
    "GF|GUF|french guiana", "VI|VIR|us virgin islands|virgin islands us",
    "GU|GUM|guam", "MP|MNP|northern mariana islands", "EH|ESH|western sahara",
    "AX|ALA|aland islands", "BQ|BES|bonaire", "MF|MAF|saint martin",
    "BL|BLM|saint barthelemy", "PM|SPM|saint pierre and miquelon",
    "SH|SHN|saint helena", "FK|FLK|falkland islands", "MS|MSR|montserrat",
};

/* Folds s into out: lower-case letters, runs of anything else to one
 * space, "the" dropped, trimmed. */
static void fold(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    int space = 0;
    for (; *s && n + 2 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalpha(c)) {
            if (space && n)
                out[n++] = ' ';
            space = 0;
            out[n++] = (char)tolower(c);
        } else if (c != '\'') {
            space = 1;
        }
    }
    out[n] = '\0';
    /* drop a leading or trailing "the" word */
    if (strncmp(out, "the ", 4) == 0)
        memmove(out, out + 4, strlen(out + 4) + 1);
    n = strlen(out);
    if (n > 4 && strcmp(out + n - 4, " the") == 0)
        out[n - 4] = '\0';
}

const char *country_iso2(const char *s, char *buf)
{
    char f[128];
    if (!s)
        return NULL;
    fold(s, f, sizeof f);
    size_t fl = strlen(f);
    if (!fl)
        return NULL;
    for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++) {
        const char *e = countries[i];
        int match = 0;
        if (fl == 2 && tolower((unsigned char)e[0]) == f[0] &&
            tolower((unsigned char)e[1]) == f[1])
            match = 1;
        else if (fl == 3 && tolower((unsigned char)e[3]) == f[0] &&
                 tolower((unsigned char)e[4]) == f[1] &&
                 tolower((unsigned char)e[5]) == f[2])
            match = 1;
        else {
            const char *p = e + 7;
            while (*p && !match) {
                const char *bar = strchr(p, '|');
                size_t len = bar ? (size_t)(bar - p) : strlen(p);
                if (len == fl && memcmp(p, f, fl) == 0)
                    match = 1;
                p = bar ? bar + 1 : p + len;
            }
        }
        if (match) {
            buf[0] = e[0];
            buf[1] = e[1];
            buf[2] = '\0';
            return buf;
        }
    }
    return NULL;
}
