/*
 * decide.c - one order in, one decision out: allow, review or reject, with
 * every reason that led there (DOMAIN.md section 8; docs/rules.md).
 *
 * The decision is the strictest of its reasons. Reasons come from three
 * places: the order's own fields (a field that cannot be read asks for a
 * review rather than failing the run), the listed records behind the
 * security (emb_security_lookup, in the list versions in force at the
 * trade time), and the NS-CMIC timeline of each covering record, whose
 * boundaries are 12:01 a.m. New York time on the effective and divestment
 * dates. A reject always carries the reporting note: NS-CMIC trades are
 * rejected, not blocked, and reported within 10 business days (FAQ 1048);
 * SDN property is blocked and reported in the same time (31 CFR 501.603).
 *
 * Reason codes are part of the interface: they never change meaning, and
 * new ones are only added (docs/rules.md lists them).
 */
#include "lists/readers.h"
#include "rules/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_REASONS 32

typedef struct dec_result {
    emb_decision pub; /* first: emb_decision * is a dec_result * */
    emb_reason reasons[MAX_REASONS];
    size_t n;
    strpool pool;
    emb_security *sec;
} dec_result;

typedef enum tri { TRI_UNKNOWN = -1, TRI_FALSE = 0, TRI_TRUE = 1 } tri;

typedef enum purpose {
    P_NONE = 0,
    P_DIVESTMENT,
    P_DIVIDEND_REINVESTMENT,
    P_MARKET_MAKING
} purpose;

/* The legal sources quoted in reasons. */
#define SRC_CMIC "EO 13959 as amended by EO 14032, s.1; 31 CFR part 586"
#define SRC_TIMING SRC_CMIC "; OFAC FAQ 857 (12:01 a.m. ET, listing + 60 days)"
#define SRC_WINDOW SRC_CMIC "; OFAC FAQ 1046 (divestment within 365 days)"
#define SRC_USP "EO 13959 s.4 (United States person); OFAC FAQs 863, 902, 903"

const char *emb_verdict_name(emb_verdict v)
{
    switch (v) {
    case EMB_ALLOW: return "allow";
    case EMB_REVIEW: return "review";
    case EMB_REJECT: return "reject";
    }
    return "review";
}

static void reason(dec_result *d, emb_verdict v, const char *code,
                   const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void reason(dec_result *d, emb_verdict v, const char *code,
                   const char *rule, const char *fmt, ...)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->reasons[i].code, code))
            return; /* one reason per code: the first record explains it */
    if (d->n == MAX_REASONS)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    emb_reason *r = &d->reasons[d->n++];
    r->code = code;
    r->rule = rule;
    r->verdict = v;
    r->text = pool_dup(&d->pool, buf);
    if (!r->text)
        r->text = "";
    if (v > d->pub.verdict)
        d->pub.verdict = v;
}

static int field_set(const char *s)
{
    return s && *s;
}

static tri parse_tri(const char *s, int *ok)
{
    *ok = 1;
    if (!field_set(s) || !strcasecmp(s, "unknown"))
        return TRI_UNKNOWN;
    if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcmp(s, "1"))
        return TRI_TRUE;
    if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcmp(s, "0"))
        return TRI_FALSE;
    *ok = 0;
    return TRI_UNKNOWN;
}

static const char *rec_name(const emb_record *rec)
{
    return rec->n_names && rec->names[0].full ? rec->names[0].full
                                              : rec->source_id;
}

static void bad_field(dec_result *d, const char *col, const char *fmt,
                      const char *v)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, v ? v : "");
    reason(d, EMB_REVIEW, "INPUT_INVALID", "",
           "column '%s': %s", col, msg);
    /* Several bad fields: name each one (codes are kept once, so append). */
    emb_reason *r = NULL;
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->reasons[i].code, "INPUT_INVALID"))
            r = &d->reasons[i];
    if (r && !strstr(r->text, col)) {
        char buf[1200];
        snprintf(buf, sizeof buf, "%s; column '%s': %s", r->text, col, msg);
        const char *t = pool_dup(&d->pool, buf);
        if (t)
            r->text = t;
    }
    d->pub.input_error = 1;
}

typedef struct order_in {
    int64_t t;
    int buy;
    tri usp, cp;
    purpose why;
    const char *license;
} order_in;

/* Rules 6-13, 16: one NS-CMIC cover against the trade. */
static void decide_cmic(dec_result *d, const emb_cover *c, const order_in *o)
{
    const emb_record *rec = c->record;
    char eff_s[40], div_s[40], ds[11];
    if (!c->effective.year || !c->divestment.year) {
        reason(d, EMB_REVIEW, "CMIC_DATES_UNKNOWN", SRC_TIMING,
               "%s (%s:%s) is on the NS-CMIC list but its record gives no "
               "listing, effective or divestment date",
               rec_name(rec), rec->source, rec->source_id);
        return;
    }
    int64_t eff = ny_instant(c->effective, 0, 1);
    int64_t div = ny_instant(c->divestment, 0, 1);
    ny_format(eff, eff_s, sizeof eff_s);
    ny_format(div, div_s, sizeof div_s);
    if (o->t < eff) {
        reason(d, EMB_ALLOW, "CMIC_BEFORE_EFFECTIVE", SRC_TIMING,
               "%s (%s:%s) is on the NS-CMIC list; its prohibitions take "
               "effect at %s (12:01 a.m. New York time%s), after this trade",
               rec_name(rec), rec->source, rec->source_id, eff_s,
               c->dates_derived & 1 ? ", listing + 60 days" : "");
        return;
    }
    if (o->usp == TRI_FALSE) {
        reason(d, EMB_ALLOW, "CMIC_NON_US_PERSON", SRC_USP,
               "%s (%s:%s) is an NS-CMIC issuer, but the account owner is "
               "not a US person: the ban reaches US persons only (clearing, "
               "custody and advice for non-US owners may go on)",
               rec_name(rec), rec->source, rec->source_id);
        return;
    }
    if (o->usp == TRI_UNKNOWN) {
        reason(d, EMB_REVIEW, "CMIC_US_PERSON_UNKNOWN", SRC_USP,
               "%s (%s:%s) is an NS-CMIC issuer in force since %s and it is "
               "not known whether the account owner is a US person",
               rec_name(rec), rec->source, rec->source_id, eff_s);
        return;
    }
    if (field_set(o->license)) {
        reason(d, EMB_ALLOW, "CMIC_LICENSED",
               SRC_CMIC "; OFAC FAQ 1046 (licence)",
               "%s (%s:%s) is an NS-CMIC issuer; the trade cites OFAC "
               "licence '%s': check that it authorises this trade",
               rec_name(rec), rec->source, rec->source_id, o->license);
        return;
    }
    int purchase = o->buy || o->why == P_DIVIDEND_REINVESTMENT;
    if (o->why == P_DIVIDEND_REINVESTMENT) {
        reason(d, EMB_REJECT, "CMIC_DIVIDEND_REINVESTMENT",
               SRC_CMIC "; OFAC FAQ 1047",
               "a dividend reinvestment is a purchase of %s (%s:%s), "
               "prohibited for US persons since %s",
               rec_name(rec), rec->source, rec->source_id, eff_s);
        return;
    }
    if (o->t < div) {
        if (purchase && o->why == P_MARKET_MAKING) {
            reason(d, EMB_ALLOW, "CMIC_MARKET_MAKING",
                   SRC_WINDOW "; OFAC FAQs 865, 904",
                   "market making to facilitate divestiture of %s (%s:%s) is "
                   "allowed until %s",
                   rec_name(rec), rec->source, rec->source_id, div_s);
        } else if (purchase && o->why == P_DIVESTMENT) {
            reason(d, EMB_ALLOW, "CMIC_DIVESTMENT_PURCHASE", SRC_WINDOW,
                   "purchase of %s (%s:%s) flagged as made solely to effect "
                   "divestment, allowed until %s",
                   rec_name(rec), rec->source, rec->source_id, div_s);
        } else if (purchase) {
            reason(d, EMB_REJECT, "CMIC_PURCHASE_PROHIBITED", SRC_WINDOW,
                   "purchase of %s (%s:%s) by a US person: prohibited since "
                   "%s; only divestment is allowed until %s",
                   rec_name(rec), rec->source, rec->source_id, eff_s, div_s);
        } else if (o->cp == TRI_TRUE) {
            reason(d, EMB_REVIEW, "CMIC_DIVEST_TO_US_PERSON",
                   SRC_WINDOW "; Clearstream A21002",
                   "divestment sale of %s (%s:%s) to a US-person "
                   "counterparty: held for review of EO 14032 s.1(c)",
                   rec_name(rec), rec->source, rec->source_id);
        } else {
            reason(d, EMB_ALLOW, "CMIC_DIVESTMENT_SALE", SRC_WINDOW,
                   "sale of %s (%s:%s) to divest, allowed until %s",
                   rec_name(rec), rec->source, rec->source_id, div_s);
        }
        return;
    }
    reason(d, EMB_REJECT, "CMIC_AFTER_DIVESTMENT",
           SRC_CMIC "; OFAC FAQs 1046, 1048",
           "%s of %s (%s:%s) by a US person after the divestment window "
           "closed at %s (divestment date %s): prohibited without an OFAC "
           "licence",
           purchase ? "purchase" : "sale", rec_name(rec), rec->source,
           rec->source_id, div_s, emb_date_format(c->divestment, ds));
}

static const emb_cover *first_cover(const emb_security *s, emb_listed_as as,
                                    int fund)
{
    for (size_t i = 0; i < s->n_covers; i++)
        if (s->covers[i].listed_as == as &&
            (strcmp(s->covers[i].path, "fund") == 0) == fund)
            return &s->covers[i];
    return NULL;
}

static void decide_lists(dec_result *d, const emb_security *s,
                         const order_in *o)
{
    for (size_t i = 0; i < s->n_covers; i++)
        if (s->covers[i].listed_as == EMB_LISTED_CMIC)
            decide_cmic(d, &s->covers[i], o);
    const emb_cover *c;
    if (s->sdn && (c = first_cover(s, EMB_LISTED_SDN, 0))) {
        if (field_set(o->license))
            reason(d, EMB_REVIEW, "SDN_LICENSED",
                   "31 CFR 501.801 (specific licences); OFAC 50 Percent Rule",
                   "issuer %s (%s:%s) is on the SDN list; licence '%s' is "
                   "cited: confirm it covers this blocked property",
                   rec_name(c->record), c->record->source,
                   c->record->source_id, o->license);
        else
            reason(d, EMB_REJECT, "SDN_BLOCKED",
                   "IEEPA; 31 CFR 501.603; OFAC 50 Percent Rule (FAQ 398)",
                   "issuer %s (%s:%s) is on the SDN list: its securities are "
                   "blocked property and may not be traded",
                   rec_name(c->record), c->record->source,
                   c->record->source_id);
    }
    if (s->sdn_share > 0 && (c = first_cover(s, EMB_LISTED_SDN, 1))) {
        if (s->sdn_share >= 0.5 && !field_set(o->license))
            reason(d, EMB_REJECT, "SDN_FUND_BLOCKED",
                   "OFAC FAQ 982 (analogy: fund >= 50% blocked holdings)",
                   "%.1f%% of the fund's holdings are issued by SDNs (e.g. "
                   "%s, %s:%s): the fund is treated as blocked",
                   s->sdn_share * 100, rec_name(c->record),
                   c->record->source, c->record->source_id);
        else
            reason(d, EMB_ALLOW, "SDN_FUND_EXPOSURE",
                   "OFAC FAQ 982 (analogy: below 50%, policy flag)",
                   "%.1f%% of the fund's holdings are issued by SDNs (e.g. "
                   "%s, %s:%s): below 50%%, flagged for policy",
                   s->sdn_share * 100, rec_name(c->record),
                   c->record->source, c->record->source_id);
    }
    if (s->export_flag && (c = first_cover(s, EMB_LISTED_EXPORT, 0)))
        reason(d, EMB_ALLOW, "EXPORT_LIST_ISSUER",
               "15 CFR 744.11, 744.16 (export licence requirement, no "
               "investment ban)",
               "issuer %s (%s:%s%s%s) is on an export-control list: a risk "
               "flag, not a trading bar",
               rec_name(c->record), c->record->source, c->record->source_id,
               c->record->list ? ", list " : "",
               c->record->list ? c->record->list : "");
    if (s->other_flag && (c = first_cover(s, EMB_LISTED_OTHER, 0)))
        reason(d, EMB_ALLOW, "OTHER_LIST_ISSUER", "firm policy",
               "issuer %s (%s:%s) is on another sanctions list (%s): a "
               "risk flag",
               rec_name(c->record), c->record->source, c->record->source_id,
               c->record->n_programs ? c->record->programs[0]
                                     : (c->record->list ? c->record->list
                                                        : "no programme"));
}

static void decide_problems(dec_result *d, const emb_security *s)
{
    if (s->loop)
        reason(d, EMB_REVIEW, "CHAIN_LOOP", "",
               "security master: %s", s->problem);
    if (s->self_holding)
        reason(d, EMB_REVIEW, "FUND_HOLDS_ITSELF", "",
               "fund holdings: %s", s->problem);
}

static void not_covered(dec_result *d, const emb_security *s)
{
    if (s->loop || s->self_holding)
        return;
    if (!s->in_secmaster && s->id.kind == EMB_SECID_UNKNOWN) {
        reason(d, EMB_REVIEW, "SECURITY_UNKNOWN", "",
               "'%s' is no ISIN, CUSIP, SEDOL, FIGI or ticker, and the "
               "security master does not describe it%s%s",
               s->text, s->id_why[0] ? ": " : "", s->id_why);
        return;
    }
    if (!s->in_secmaster && s->id_status != EMB_OK) {
        reason(d, EMB_REVIEW, "SECURITY_ID_INVALID", "",
               "'%s' is not a valid %s (%s) and no list names it",
               s->text, emb_secid_kind_name(s->id.kind), s->id_why);
        return;
    }
    reason(d, EMB_ALLOW, "NOT_LISTED", "",
           "no listed issuer found for %s%s", s->text,
           s->in_secmaster ? " (identifiers, issuer, underlying and holdings "
                             "checked)"
                           : " (identifiers checked; the security master "
                             "does not describe it)");
}

static void report_note(dec_result *d)
{
    emb_date day = ny_date(d->pub.time);
    char due[11];
    emb_date_format(business_days_after(day, 10), due);
    int sdn = 0, cmic = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->reasons[i].verdict != EMB_REJECT)
            continue;
        if (!strncmp(d->reasons[i].code, "SDN_", 4))
            sdn = 1;
        else if (!strncmp(d->reasons[i].code, "CMIC_", 5))
            cmic = 1;
    }
    if (cmic)
        reason(d, EMB_REJECT, "REPORT_REJECTED",
               "31 CFR 501.604; OFAC FAQ 1048",
               "reject the trade (do not block) and report it to OFAC within "
               "10 business days, by %s", due);
    if (sdn)
        reason(d, EMB_REJECT, "REPORT_BLOCKED", "31 CFR 501.603",
               "block the property and report it to OFAC within 10 business "
               "days, by %s", due);
}

/* Whether deciding on a list published after the trade can change the
 * answer: not for an NS-CMIC record whose own listing date proves it was
 * listed by then (its dates carry the timeline). */
static int later_matters(const emb_security *s, const order_in *o)
{
    if (!s->n_covers)
        return 1;
    for (size_t i = 0; i < s->n_covers; i++) {
        const emb_cover *c = &s->covers[i];
        if (c->listed_as != EMB_LISTED_CMIC || !c->listing.year ||
            ny_instant(c->listing, 0, 0) > o->t)
            return 1;
    }
    return 0;
}

int emb_decide(const emb_rules *r, const emb_order *o, emb_decision **out)
{
    if (!r || !o || !out)
        return EMB_ERR_USAGE;
    *out = NULL;
    dec_result *d = calloc(1, sizeof *d);
    if (!d)
        return EMB_ERR_NOMEM;
    d->pub.verdict = EMB_ALLOW;
    d->pub.id = pool_dup(&d->pool, o->id);
    if (!d->pub.id) {
        free(d);
        return EMB_ERR_NOMEM;
    }
    d->pub.list_version = "";
    order_in in = {0};
    in.license = o->license;
    char why[160];

    if (!field_set(o->id))
        bad_field(d, "id", "empty%s", "");
    int time_ok = 0;
    if (!field_set(o->time))
        bad_field(d, "time", "empty%s", "");
    else if (ny_time_parse(o->time, &in.t, why, sizeof why) != EMB_OK)
        bad_field(d, "time", "%s", why);
    else
        time_ok = 1;
    d->pub.time = time_ok ? in.t : 0;
    if (field_set(o->side) && !strcasecmp(o->side, "buy"))
        in.buy = 1;
    else if (!field_set(o->side) || strcasecmp(o->side, "sell"))
        bad_field(d, "side", "'%s' is not buy or sell", o->side);
    int ok;
    in.usp = parse_tri(o->us_person, &ok);
    if (!ok)
        bad_field(d, "us_person", "'%s' is not true, false or unknown",
                  o->us_person);
    in.cp = parse_tri(o->counterparty_us_person, &ok);
    if (!ok)
        bad_field(d, "counterparty_us_person",
                  "'%s' is not true, false or unknown",
                  o->counterparty_us_person);
    if (!field_set(o->purpose))
        in.why = P_NONE;
    else if (!strcasecmp(o->purpose, "divestment"))
        in.why = P_DIVESTMENT;
    else if (!strcasecmp(o->purpose, "dividend_reinvestment"))
        in.why = P_DIVIDEND_REINVESTMENT;
    else if (!strcasecmp(o->purpose, "market_making"))
        in.why = P_MARKET_MAKING;
    else
        bad_field(d, "purpose",
                  "'%s' is not divestment, dividend_reinvestment or "
                  "market_making", o->purpose);

    int rc = EMB_OK;
    if (!field_set(o->security)) {
        bad_field(d, "security", "empty%s", "");
    } else {
        int64_t at = time_ok ? in.t : EMB_RULES_NEWEST;
        rc = emb_security_lookup(r, o->security, at, &d->sec);
        if (rc == EMB_ERR_LIMIT) {
            bad_field(d, "security", "longer than %s bytes", "256");
            rc = EMB_OK;
        }
    }
    if (rc != EMB_OK) {
        emb_decision_free(&d->pub);
        return rc;
    }
    emb_security *s = d->sec;
    if (s) {
        d->pub.security = s;
        d->pub.list_version = s->list_version;
        if (!d->pub.input_error) {
            if (s->n_covers)
                decide_lists(d, s, &in);
            else
                not_covered(d, s);
            decide_problems(d, s);
            if (s->lists_after_trade && later_matters(s, &in))
                reason(d, EMB_ALLOW, "LIST_VERSION_LATER", "",
                       "no version of a list was published by the trade "
                       "time; its oldest loaded version was used (%s)",
                       s->list_version);
        }
    }
    if (d->pub.verdict == EMB_REJECT)
        report_note(d);
    d->pub.reasons = d->reasons;
    d->pub.n_reasons = d->n;
    *out = &d->pub;
    return EMB_OK;
}

void emb_decision_free(emb_decision *dp)
{
    if (!dp)
        return;
    dec_result *d = (dec_result *)dp;
    emb_security_free(d->sec);
    pool_free(&d->pool);
    free(d);
}

/* Appends the decision's JSON line (no newline) to b. */
void decision_json(sbuf *b, const emb_decision *d)
{
    sb_puts(b, "{\"id\":");
    sb_json_str(b, d->id);
    sb_puts(b, ",\"decision\":\"");
    sb_puts(b, emb_verdict_name(d->verdict));
    sb_puts(b, "\",\"reasons\":[");
    for (size_t i = 0; i < d->n_reasons; i++) {
        const emb_reason *r = &d->reasons[i];
        sb_puts(b, i ? ",{\"code\":\"" : "{\"code\":\"");
        sb_puts(b, r->code);
        sb_puts(b, "\",\"text\":");
        sb_json_str(b, r->text);
        sb_puts(b, ",\"rule\":");
        sb_json_str(b, r->rule);
        sb_puts(b, "}");
    }
    sb_puts(b, "],\"covered_by\":[");
    const emb_security *s = d->security;
    for (size_t i = 0; s && i < s->n_covers; i++) {
        const emb_cover *c = &s->covers[i];
        sb_puts(b, i ? ",{\"source\":" : "{\"source\":");
        sb_json_str(b, c->record->source);
        sb_puts(b, ",\"source_id\":");
        sb_json_str(b, c->record->source_id);
        sb_puts(b, ",\"via\":\"");
        sb_puts(b, emb_via_name(c->via));
        sb_puts(b, "\"}");
    }
    sb_puts(b, "],\"list_version\":");
    sb_json_str(b, d->list_version);
    sb_puts(b, "}");
}

int emb_decision_to_json(const emb_decision *d, char **out)
{
    if (!d || !out)
        return EMB_ERR_USAGE;
    sbuf b = {0};
    decision_json(&b, d);
    if (b.oom) {
        free(b.s);
        *out = NULL;
        return EMB_ERR_NOMEM;
    }
    *out = b.s;
    return EMB_OK;
}
