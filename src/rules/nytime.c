/*
 * nytime.c - trade times and New York wall-clock boundaries.
 *
 * The NS-CMIC prohibitions start and the divestment window closes at
 * 12:01 a.m. Eastern time on the published dates (EO 14032; OFAC FAQ 857),
 * and OFAC measures compliance by trade date, not settlement date. A
 * trade time must therefore carry its UTC offset, and the boundary instant
 * must be computed with the Eastern offset of that very day (EDT in
 * August 2021, EST in February and December 2022).
 *
 * The offset is computed from the US daylight-saving rule (see rules.h)
 * instead of the tz database, because switching TZ with setenv/tzset is
 * not thread-safe and decisions run on many threads. Everything here is
 * pure arithmetic on Unix milliseconds.
 */
#include "rules/rules.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Day of week of a day number (days since 1970-01-01, a Thursday):
 * 0 = Sunday. */
static int weekday(long days)
{
    return (int)(((days % 7) + 7 + 4) % 7);
}

/* Day number of the n-th Sunday of a month (n = -1: the last one). */
static long nth_sunday(int y, int m, int n)
{
    if (n > 0) {
        emb_date first = {y, m, 1};
        long d = date_to_days(first);
        d += (7 - weekday(d)) % 7;
        return d + 7L * (n - 1);
    }
    emb_date last = {y, m, month_days(y, m)};
    long d = date_to_days(last);
    return d - weekday(d);
}

/* UTC seconds at which daylight time starts and ends in year y. */
static void dst_bounds(int y, int64_t *start, int64_t *end)
{
    long s, e;
    if (y >= 2007) {
        s = nth_sunday(y, 3, 2);
        e = nth_sunday(y, 11, 1);
    } else if (y >= 1987) {
        s = nth_sunday(y, 4, 1);
        e = nth_sunday(y, 10, -1);
    } else {
        s = nth_sunday(y, 4, -1);
        e = nth_sunday(y, 10, -1);
    }
    /* 2:00 EST = 07:00 UTC; 2:00 EDT = 06:00 UTC. */
    *start = (int64_t)s * 86400 + 7 * 3600;
    *end = (int64_t)e * 86400 + 6 * 3600;
}

static long floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b) != 0 && ((a < 0) != (b < 0)))
        q--;
    return (long)q;
}

int ny_offset_min(int64_t utc_ms)
{
    int64_t sec = utc_ms / 1000 - (utc_ms % 1000 < 0);
    emb_date d = date_from_days(floor_div(sec - 5 * 3600, 86400));
    int64_t start, end;
    dst_bounds(d.year, &start, &end);
    return sec >= start && sec < end ? -240 : -300;
}

int64_t ny_instant(emb_date d, int h, int m)
{
    int64_t local = ((int64_t)date_to_days(d) * 86400 + h * 3600 + m * 60) *
                    1000;
    int64_t est = local + 5 * 3600 * 1000LL;
    if (ny_offset_min(est) == -300)
        return est;
    int64_t edt = local + 4 * 3600 * 1000LL;
    if (ny_offset_min(edt) == -240)
        return edt;
    return est; /* inside the spring-forward gap: read as standard time */
}

emb_date ny_date(int64_t utc_ms)
{
    int64_t local = utc_ms + (int64_t)ny_offset_min(utc_ms) * 60000;
    return date_from_days(floor_div(local, MS_PER_DAY));
}

emb_date business_days_after(emb_date d, int n)
{
    long days = date_to_days(d);
    while (n > 0) {
        days++;
        int w = weekday(days);
        if (w != 0 && w != 6)
            n--;
    }
    return date_from_days(days);
}

void ny_format(int64_t utc_ms, char *buf, size_t n)
{
    int off = ny_offset_min(utc_ms);
    int64_t local = utc_ms + (int64_t)off * 60000;
    long days = floor_div(local, MS_PER_DAY);
    int64_t rem = (local - (int64_t)days * MS_PER_DAY) / 1000;
    emb_date d = date_from_days(days);
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d-%02d:00", d.year, d.month,
             d.day, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
             -off / 60);
}

/* Reads exactly n digits at *p; -1 when they are not there. */
static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    return v;
}

static int bad(char *why, size_t why_len, const char *msg)
{
    if (why && why_len)
        snprintf(why, why_len, "%s", msg);
    return EMB_ERR_INVALID;
}

int ny_time_parse(const char *s, int64_t *ms, char *why, size_t why_len)
{
    if (why && why_len)
        why[0] = '\0';
    if (!s || !ms)
        return EMB_ERR_USAGE;
    while (*s == ' ' || *s == '\t')
        s++;
    const char *p = s;
    int y = digits(&p, 4);
    if (y < 0 || *p++ != '-')
        return bad(why, why_len, "time is not ISO 8601 (YYYY-MM-DDTHH:MM:SS+HH:MM)");
    int mo = digits(&p, 2);
    if (mo < 1 || mo > 12 || *p++ != '-')
        return bad(why, why_len, "time has no valid month");
    int d = digits(&p, 2);
    if (d < 1 || d > month_days(y, mo))
        return bad(why, why_len, "time has no valid day");
    if (*p == '\0')
        return bad(why, why_len,
                   "time has a date but no time of day and UTC offset");
    if (*p != 'T' && *p != 't' && *p != ' ')
        return bad(why, why_len, "time is not ISO 8601 (expected 'T' after the date)");
    p++;
    int h = digits(&p, 2);
    if (h < 0 || h > 23 || *p++ != ':')
        return bad(why, why_len, "time has no valid hour");
    int mi = digits(&p, 2);
    if (mi < 0 || mi > 59)
        return bad(why, why_len, "time has no valid minute");
    int sec = 0, frac_ms = 0;
    if (*p == ':') {
        p++;
        sec = digits(&p, 2);
        if (sec < 0 || sec > 60)
            return bad(why, why_len, "time has no valid second");
        if (*p == '.' || *p == ',') {
            p++;
            if (!isdigit((unsigned char)*p))
                return bad(why, why_len, "time has an empty fraction of a second");
            int scale = 100;
            while (isdigit((unsigned char)*p)) {
                frac_ms += (*p - '0') * scale;
                scale /= 10;
                p++;
            }
        }
    }
    int off = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        int oh = digits(&p, 2), om = 0;
        if (oh < 0 || oh > 18)
            return bad(why, why_len, "time has an invalid UTC offset");
        if (*p == ':') {
            p++;
            om = digits(&p, 2);
        } else if (isdigit((unsigned char)*p)) {
            om = digits(&p, 2);
        }
        if (om < 0 || om > 59)
            return bad(why, why_len, "time has an invalid UTC offset");
        off = sign * (oh * 60 + om);
    } else if (*p == '\0' || *p == ' ') {
        return bad(why, why_len,
                   "time has no UTC offset (add Z or e.g. -05:00)");
    } else {
        return bad(why, why_len, "time has unexpected characters");
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p)
        return bad(why, why_len, "time has unexpected characters after the offset");
    emb_date day = {y, mo, d};
    int64_t t = (int64_t)date_to_days(day) * 86400 + h * 3600 + mi * 60 + sec;
    t -= (int64_t)off * 60;
    *ms = t * 1000 + frac_ms;
    return EMB_OK;
}
