/*
 * dates.c - the date texts the list sources publish, and calendar helpers.
 *
 * Sources write dates many ways ("10 Dec 1948", "Sep 1938", "circa 1951",
 * "01 Jan 1961 to 31 Dec 1962", "2021-06-03", "06/30/2025"). A date keeps
 * its precision: unknown month or day stay 0 rather than being invented,
 * so that a screen can tell "born 1951" from "born 1 Jan 1951".
 */
#include "lists/model.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"};

int month_from_name(const char *s, size_t len)
{
    if (len < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(month_names[m]);
        if ((len == 3 || len == full || (len == 4 && m == 8)) &&
            strncasecmp(s, month_names[m], len < full ? len : full) == 0)
            return m + 1;
    }
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

static int valid(emb_date d)
{
    if (d.year < 1 || d.year > 9999)
        return 0;
    if (d.month == 0)
        return d.day == 0;
    if (d.month < 1 || d.month > 12)
        return 0;
    return d.day == 0 || (d.day >= 1 && d.day <= days_in_month(d.year, d.month));
}

static size_t digits(const char *s, size_t len, size_t i, int *val)
{
    size_t j = i;
    int v = 0;
    while (j < len && isdigit((unsigned char)s[j]) && j - i < 5)
        v = v * 10 + (s[j++] - '0');
    *val = v;
    return j - i;
}

/* Parses exactly one date in s[0..len). */
static int parse_one(const char *s, size_t len, emb_date *out)
{
    while (len && isspace((unsigned char)*s)) { s++; len--; }
    while (len && isspace((unsigned char)s[len - 1])) len--;
    emb_date d = {0, 0, 0};
    int a, b, c;
    size_t n1 = digits(s, len, 0, &a);
    if (n1 == 4 && len == 4) {                          /* 1946 */
        d.year = a;
    } else if (n1 == 4 && len >= 7 && s[4] == '-') {    /* 2021-06-03, 2021-06 */
        size_t n2 = digits(s, len, 5, &b);
        if (n2 != 2)
            return EMB_ERR_PARSE;
        d.year = a;
        d.month = b;
        if (len == 7) {
        } else if (len == 10 && s[7] == '-' && digits(s, len, 8, &c) == 2) {
            d.day = c;
        } else {
            return EMB_ERR_PARSE;
        }
    } else if ((n1 == 1 || n1 == 2) && len >= 8 && s[n1] == '/') { /* 06/30/2025 */
        size_t n2 = digits(s, len, n1 + 1, &b);
        if (n2 < 1 || n2 > 2 || s[n1 + 1 + n2] != '/')
            return EMB_ERR_PARSE;
        size_t n3 = digits(s, len, n1 + 2 + n2, &c);
        if (n3 != 4 || n1 + 2 + n2 + n3 != len)
            return EMB_ERR_PARSE;
        d.year = c;
        d.month = a;
        d.day = b;
    } else {                                            /* [DD ]Mon YYYY */
        size_t i = 0;
        if (n1 == 1 || n1 == 2) {
            d.day = a;
            i = n1;
            if (i >= len || s[i] != ' ')
                return EMB_ERR_PARSE;
            i++;
        } else if (n1 != 0) {
            return EMB_ERR_PARSE;
        }
        size_t m0 = i;
        while (i < len && isalpha((unsigned char)s[i]))
            i++;
        int m = month_from_name(s + m0, i - m0);
        if (!m)
            return EMB_ERR_PARSE;
        if (i < len && s[i] == '.')
            i++;
        if (i >= len || s[i] != ' ')
            return EMB_ERR_PARSE;
        i++;
        if (digits(s, len, i, &c) != 4 || i + 4 != len)
            return EMB_ERR_PARSE;
        d.month = m;
        d.year = c;
    }
    if (!valid(d))
        return EMB_ERR_PARSE;
    *out = d;
    return EMB_OK;
}

int emb_period_parse(const char *text, emb_period *p)
{
    if (!text || !p)
        return EMB_ERR_USAGE;
    memset(p, 0, sizeof *p);
    const char *s = text;
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && (isspace((unsigned char)s[len - 1]) || s[len - 1] == '.'))
        len--;
    if (len >= 6 && strncasecmp(s, "circa ", 6) == 0) {
        p->circa = 1;
        s += 6;
        len -= 6;
    } else if (len >= 6 && strncasecmp(s, "about ", 6) == 0) {
        p->circa = 1;
        s += 6;
        len -= 6;
    }
    const char *to = NULL;
    size_t sep = 0;
    for (size_t i = 0; i + 4 <= len; i++)
        if (strncasecmp(s + i, " to ", 4) == 0) {
            to = s + i;
            sep = 4;
            break;
        }
    if (!to && len == 9 && s[4] == '-' && isdigit((unsigned char)s[5]))
        to = s + 4, sep = 1; /* 1979-1982 */
    if (!to)
        to = NULL;
    int rc;
    if (to) {
        rc = parse_one(s, (size_t)(to - s), &p->from);
        if (rc == EMB_OK)
            rc = parse_one(to + sep, len - (size_t)(to - s) - sep, &p->to);
        if (rc == EMB_OK && date_cmp(p->from, p->to) > 0)
            rc = EMB_ERR_PARSE;
    } else {
        rc = parse_one(s, len, &p->from);
        p->to = p->from;
    }
    if (rc != EMB_OK)
        memset(p, 0, sizeof *p);
    return rc;
}

char *emb_date_format(emb_date d, char *buf)
{
    if (d.year == 0)
        buf[0] = '\0';
    else if (d.month == 0)
        snprintf(buf, 11, "%04d", d.year);
    else if (d.day == 0)
        snprintf(buf, 11, "%04d-%02d", d.year, d.month);
    else
        snprintf(buf, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

int date_cmp(emb_date a, emb_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

/* Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's
 * days_from_civil. Month/day 0 count as 1. */
long date_to_days(emb_date d)
{
    int y = d.year, m = d.month ? d.month : 1, dd = d.day ? d.day : 1;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

emb_date date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    emb_date d = {(int)(y + (m <= 2)), (int)m, (int)dd};
    return d;
}

emb_date date_today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    emb_date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return d;
}
