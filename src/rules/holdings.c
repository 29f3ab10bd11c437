/*
 * holdings.c - the holdings report: every covered position of a portfolio
 * as of a date, with the rule, the dates, the days left to divest and the
 * path that made it covered; written as CSV, JSON or one self-contained
 * HTML page (inline CSS and SVG, no external resource).
 *
 * Holding is never a violation (OFAC FAQ 1046; DOMAIN.md rule 11): the
 * report states what the holder may still do, it never flags a position
 * as a breach and never proposes a forced sale. Each position line is one
 * (portfolio row, listed record) pair, so a fund holding two NS-CMIC
 * issuers gives two lines; exposure is the row's value times the cover's
 * look-through weight.
 */
#include "rules/rowfile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct emb_report {
    emb_position *pos;
    size_t n, cap;
    emb_security **secs;
    size_t n_secs, cap_secs;
    char **warn;
    size_t n_warn, cap_warn;
    size_t rows;
    emb_date as_of;
    arena *ar;
};

static int push_warn(emb_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int push_warn(emb_report *rep, const char *fmt, ...)
{
    if (rep->n_warn == rep->cap_warn) {
        size_t cap = rep->cap_warn ? rep->cap_warn * 2 : 8;
        char **w = realloc(rep->warn, cap * sizeof *w);
        if (!w)
            return EMB_ERR_NOMEM;
        rep->warn = w;
        rep->cap_warn = cap;
    }
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (!(rep->warn[rep->n_warn] = strdup(buf)))
        return EMB_ERR_NOMEM;
    rep->n_warn++;
    return EMB_OK;
}

static emb_position *new_pos(emb_report *rep)
{
    if (rep->n == rep->cap) {
        size_t cap = rep->cap ? rep->cap * 2 : 16;
        emb_position *p = realloc(rep->pos, cap * sizeof *p);
        if (!p)
            return NULL;
        rep->pos = p;
        rep->cap = cap;
    }
    emb_position *p = &rep->pos[rep->n++];
    memset(p, 0, sizeof *p);
    p->days_left = -1;
    return p;
}

static const char *fmt(emb_report *rep, const char *f, const char *a)
{
    char buf[512];
    snprintf(buf, sizeof buf, f, a);
    const char *s = arena_strdup(rep->ar, buf);
    return s ? s : "";
}

/* Status, rule and action of one cover as of the report date. */
static void classify(emb_report *rep, emb_position *p, const emb_security *s)
{
    const emb_cover *c = p->cover;
    char ds[11];
    long today = date_to_days(rep->as_of);
    switch (c->listed_as) {
    case EMB_LISTED_CMIC:
        p->rule = "EO 13959 as amended by EO 14032; OFAC FAQs 857, 1046";
        if (!c->effective.year || !c->divestment.year) {
            p->status = "dates_unknown";
            p->action = "listed on NS-CMIC without dates: check the record";
            return;
        }
        if (today < date_to_days(c->divestment))
            p->days_left = date_to_days(c->divestment) - today;
        emb_date_format(c->divestment, ds);
        if (today < date_to_days(c->effective)) {
            p->status = "before_effective";
            p->action = fmt(rep, "holding and trading allowed until the "
                                 "effective date; US persons may sell to "
                                 "divest until 12:01 a.m. ET on %s", ds);
        } else if (p->days_left >= 0) {
            p->status = "divestment_window";
            p->action = fmt(rep, "holding allowed; US persons may sell to "
                                 "divest until 12:01 a.m. ET on %s; no "
                                 "purchases", ds);
        } else {
            p->status = "after_divestment";
            p->action = "holding allowed (no duty to divest); US persons may "
                        "neither buy nor sell without an OFAC licence";
        }
        return;
    case EMB_LISTED_SDN:
        if (!strcmp(c->path, "fund") && s->sdn_share < 0.5) {
            p->status = "risk_flag";
            p->rule = "OFAC FAQ 982 (analogy; below 50%)";
            p->action = "fund holds SDN-issued securities below 50% of its "
                        "value: policy review";
        } else {
            p->status = "blocked";
            p->rule = "IEEPA; 31 CFR 501.603; OFAC 50 Percent Rule";
            p->action = "blocked property: do not transfer; report to OFAC "
                        "within 10 business days of blocking";
        }
        return;
    case EMB_LISTED_EXPORT:
        p->status = "risk_flag";
        p->rule = "15 CFR 744.11, 744.16 (no investment ban)";
        p->action = "issuer on an export-control list: risk flag only";
        return;
    case EMB_LISTED_OTHER:
        p->status = "risk_flag";
        p->rule = "firm policy";
        p->action = "issuer on another sanctions list: risk flag";
        return;
    }
}

static double num(const char *s)
{
    if (!s)
        return 0;
    char *end;
    double v = strtod(s, &end);
    return end == s ? 0 : v;
}

int emb_holdings_report(const emb_rules *r, const char *path, const char *data,
                        size_t len, emb_date as_of, emb_report **out,
                        emb_error *err)
{
    if (!r || !out || !as_of.year)
        return EMB_ERR_USAGE;
    *out = NULL;
    char *owned;
    if (!path)
        path = "portfolio";
    int rc = rules_file_bytes(path, &data, &len, &owned, err);
    if (rc != EMB_OK)
        return rc;
    emb_report *rep = calloc(1, sizeof *rep);
    if (!rep || !(rep->ar = arena_new())) {
        free(rep);
        free(owned);
        return EMB_ERR_NOMEM;
    }
    rep->as_of = as_of;
    /* Lists in force at the end of the report day, New York time. */
    int64_t at = ny_instant(as_of, 23, 59);
    csv_reader cr;
    csv_init(&cr, path, data, len, ',');
    static const char *const want[] = {"security", "account", "quantity",
                                       "value"};
    int col[4];
    rc = rules_header(&cr, want, 4, col, err);
    if (rc == EMB_OK && col[0] < 0)
        rc = emb_error_set(err, EMB_ERR_FORMAT, path, 1, "security",
                           "the header has no 'security' column (expected "
                           "account,security,quantity,value)");
    while (rc == EMB_OK) {
        int t = csv_next(&cr, err);
        if (t == CSV_EOF)
            break;
        if (t == CSV_TRUNCATED) {
            rc = push_warn(rep, "%s:%ld: the file ends inside a quoted "
                                "field; the last row was dropped",
                           path, cr.line);
            break;
        }
        if (t == CSV_ERROR) {
            rc = err ? err->code : EMB_ERR_PARSE;
            break;
        }
        rep->rows++;
        const char *sec = rules_cell(&cr, col[0]);
        if (!sec) {
            rc = push_warn(rep, "%s:%ld: column 'security': empty; row "
                                "skipped", path, cr.line);
            continue;
        }
        emb_security *s;
        rc = emb_security_lookup(r, sec, at, &s);
        if (rc == EMB_ERR_LIMIT) {
            rc = push_warn(rep, "%s:%ld: column 'security': longer than %d "
                                "bytes; row skipped",
                           path, cr.line, EMB_RULES_MAX_TEXT);
            continue;
        }
        if (rc != EMB_OK)
            break;
        if (rep->n_secs == rep->cap_secs) {
            size_t cap = rep->cap_secs ? rep->cap_secs * 2 : 16;
            emb_security **v = realloc(rep->secs, cap * sizeof *v);
            if (!v) {
                emb_security_free(s);
                rc = EMB_ERR_NOMEM;
                break;
            }
            rep->secs = v;
            rep->cap_secs = cap;
        }
        rep->secs[rep->n_secs++] = s;
        if (s->problem[0])
            rc = push_warn(rep, "%s:%ld: %s", path, cr.line, s->problem);
        const char *acct = arena_strdup(rep->ar, rules_cell(&cr, col[1])
                                                     ? rules_cell(&cr, col[1])
                                                     : "");
        double qty = num(rules_cell(&cr, col[2]));
        double val = num(rules_cell(&cr, col[3]));
        for (size_t i = 0; i < s->n_covers && rc == EMB_OK; i++) {
            emb_position *p = new_pos(rep);
            if (!p || !acct) {
                rc = EMB_ERR_NOMEM;
                break;
            }
            p->account = acct;
            p->security = s->text;
            p->quantity = qty;
            p->value = val;
            p->cover = &s->covers[i];
            classify(rep, p, s);
        }
    }
    csv_free(&cr);
    free(owned);
    if (rc != EMB_OK) {
        emb_report_free(rep);
        return rc;
    }
    *out = rep;
    return EMB_OK;
}

size_t emb_report_count(const emb_report *rep)
{
    return rep ? rep->n : 0;
}

const emb_position *emb_report_get(const emb_report *rep, size_t i)
{
    return rep && i < rep->n ? &rep->pos[i] : NULL;
}

size_t emb_report_rows(const emb_report *rep)
{
    return rep ? rep->rows : 0;
}

size_t emb_report_warning_count(const emb_report *rep)
{
    return rep ? rep->n_warn : 0;
}

const char *emb_report_warning(const emb_report *rep, size_t i)
{
    return rep && i < rep->n_warn ? rep->warn[i] : NULL;
}

void emb_report_free(emb_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n_secs; i++)
        emb_security_free(rep->secs[i]);
    for (size_t i = 0; i < rep->n_warn; i++)
        free(rep->warn[i]);
    free(rep->secs);
    free(rep->warn);
    free(rep->pos);
    arena_free(rep->ar);
    free(rep);
}

/* ---- writers --------------------------------------------------------- */

static const char *issuer_of(const emb_position *p)
{
    const emb_record *rec = p->cover->record;
    return rec->n_names && rec->names[0].full ? rec->names[0].full
                                              : rec->source_id;
}

static void date_or_empty(char *buf, emb_date d)
{
    if (d.year)
        emb_date_format(d, buf);
    else
        buf[0] = '\0';
}

static void write_csv(sbuf *b, const emb_report *rep)
{
    sb_puts(b, "account,security,quantity,value,exposure,issuer,source,"
               "source_id,listed_as,path,via,chain,status,listing,effective,"
               "divestment,days_left,rule,action\n");
    for (size_t i = 0; i < rep->n; i++) {
        const emb_position *p = &rep->pos[i];
        const emb_cover *c = p->cover;
        char l[11], e[11], d[11];
        date_or_empty(l, c->listing);
        date_or_empty(e, c->effective);
        date_or_empty(d, c->divestment);
        sb_csv(b, p->account);
        sb_puts(b, ",");
        sb_csv(b, p->security);
        sb_printf(b, ",%.10g,%.10g,%.10g,", p->quantity, p->value,
                  p->value * c->weight);
        sb_csv(b, issuer_of(p));
        sb_printf(b, ",%s,", c->record->source);
        sb_csv(b, c->record->source_id);
        sb_printf(b, ",%s,%s,%s,", emb_listed_as_name(c->listed_as), c->path,
                  emb_via_name(c->via));
        sb_csv(b, c->chain);
        sb_printf(b, ",%s,%s,%s,%s,", p->status, l, e, d);
        if (p->days_left >= 0)
            sb_printf(b, "%ld", p->days_left);
        sb_puts(b, ",");
        sb_csv(b, p->rule);
        sb_puts(b, ",");
        sb_csv(b, p->action);
        sb_puts(b, "\n");
    }
}

static void write_json(sbuf *b, const emb_report *rep)
{
    char ds[11];
    sb_printf(b, "{\"as_of\":\"%s\",\"rows\":%zu,\"positions\":[",
              emb_date_format(rep->as_of, ds), rep->rows);
    for (size_t i = 0; i < rep->n; i++) {
        const emb_position *p = &rep->pos[i];
        sb_puts(b, i ? ",{\"account\":" : "{\"account\":");
        sb_json_str(b, p->account);
        sb_puts(b, ",\"security\":");
        sb_json_str(b, p->security);
        sb_printf(b, ",\"quantity\":%.10g,\"value\":%.10g,\"exposure\":%.10g",
                  p->quantity, p->value, p->value * p->cover->weight);
        sb_printf(b, ",\"status\":\"%s\",\"days_left\":", p->status);
        if (p->days_left >= 0)
            sb_printf(b, "%ld", p->days_left);
        else
            sb_puts(b, "null");
        sb_puts(b, ",\"rule\":");
        sb_json_str(b, p->rule);
        sb_puts(b, ",\"action\":");
        sb_json_str(b, p->action);
        sb_puts(b, ",\"cover\":");
        cover_json(b, p->cover);
        sb_puts(b, "}");
    }
    sb_puts(b, "],\"warnings\":[");
    for (size_t i = 0; i < rep->n_warn; i++) {
        if (i)
            sb_puts(b, ",");
        sb_json_str(b, rep->warn[i]);
    }
    sb_puts(b, "]}\n");
}

/* A horizontal bar chart as inline SVG: labels[i] with values[i]. */
static void svg_bars(sbuf *b, const char *title, char **labels,
                     const double *values, size_t n, int money)
{
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (values[i] > max)
            max = values[i];
    int row = 24, top = 8, lw = 460, bw = 360;
    sb_printf(b, "<figure><figcaption>%s</figcaption>\n", title);
    sb_printf(b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
              "height=\"%d\" role=\"img\">\n",
              lw + bw + 120, top * 2 + row * (int)(n ? n : 1));
    if (n == 0)
        sb_puts(b, "<text x=\"0\" y=\"20\">no covered position</text>\n");
    for (size_t i = 0; i < n; i++) {
        int y = top + row * (int)i;
        int w = max > 0 ? (int)(values[i] / max * bw + 0.5) : 0;
        if (w < 1)
            w = 1;
        sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 8,
                  y + 16);
        sb_html(b, labels[i]);
        sb_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" "
                     "height=\"%d\" class=\"bar\"/>",
                  lw, y + 3, w, row - 6);
        sb_printf(b, "<text x=\"%d\" y=\"%d\">", lw + w + 6, y + 16);
        if (money)
            sb_printf(b, "%.2f", values[i]);
        else
            sb_printf(b, "%.0f", values[i]);
        sb_puts(b, "</text>\n");
    }
    sb_puts(b, "</svg></figure>\n");
}

/* Groups positions by a label and sums exposure (or counts positions when
 * no value was given); labels sorted by descending total. */
typedef const char *(*label_fn)(const emb_position *p, char *buf);

static const char *label_issuer(const emb_position *p, char *buf)
{
    (void)buf;
    return issuer_of(p);
}

static const char *label_deadline(const emb_position *p, char *buf)
{
    const emb_cover *c = p->cover;
    if (c->listed_as != EMB_LISTED_CMIC || !c->divestment.year)
        return p->status;
    emb_date_format(c->divestment, buf);
    if (p->days_left < 0)
        strcat(buf, " (passed)");
    return buf;
}

static void chart(sbuf *b, const emb_report *rep, const char *title,
                  label_fn fn, int by_label)
{
    int money = 0;
    for (size_t i = 0; i < rep->n; i++)
        if (rep->pos[i].value != 0)
            money = 1;
    char **labels = calloc(rep->n + 1, sizeof *labels);
    double *vals = calloc(rep->n + 1, sizeof *vals);
    size_t n = 0;
    for (size_t i = 0; labels && vals && i < rep->n; i++) {
        char buf[64];
        const char *l = fn(&rep->pos[i], buf);
        size_t j = 0;
        while (j < n && strcmp(labels[j], l))
            j++;
        if (j == n && !(labels[n++] = strdup(l)))
            break;
        vals[j] += money ? rep->pos[i].value * rep->pos[i].cover->weight : 1;
    }
    /* Sort: by total (issuers) or by label (deadlines, chronological). */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0; j--) {
            int swap = by_label ? strcmp(labels[j - 1], labels[j]) > 0
                                : vals[j - 1] < vals[j];
            if (!swap)
                break;
            char *tl = labels[j];
            labels[j] = labels[j - 1];
            labels[j - 1] = tl;
            double tv = vals[j];
            vals[j] = vals[j - 1];
            vals[j - 1] = tv;
        }
    char t[160];
    snprintf(t, sizeof t, "%s (%s)", title,
             money ? "exposure, value x look-through weight" : "positions");
    svg_bars(b, t, labels, vals, n, money);
    for (size_t i = 0; labels && i < n; i++)
        free(labels[i]);
    free(labels);
    free(vals);
}

static void write_html(sbuf *b, const emb_report *rep)
{
    char ds[11];
    emb_date_format(rep->as_of, ds);
    sb_printf(b,
              "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
              "charset=\"utf-8\"><title>Covered holdings as of %s</title>\n"
              "<style>\nbody{font:14px/1.4 system-ui,sans-serif;margin:2em;"
              "color:#222}\ntable{border-collapse:collapse;margin:1em 0}\n"
              "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;"
              "vertical-align:top;max-width:22em}\nth{background:#f0f0f0}\n"
              "table{font-size:13px}td:nth-child(n+11){min-width:18em}td:nth-child(4){word-break:break-all;max-width:14em}\n"
              ".blocked{background:#fdd}.after_divestment{background:#fee9d6}"
              "\n.divestment_window{background:#fff6cc}.risk_flag{background:"
              "#eef}\nfigure{margin:1em 0}figcaption{font-weight:bold}\n"
              ".bar{fill:#4a74b5}svg text{font:12px sans-serif}\n"
              "</style></head><body>\n",
              ds);
    sb_printf(b, "<h1>Covered holdings as of %s</h1>\n", ds);
    sb_printf(b, "<p>%zu portfolio rows read; %zu covered positions. "
                 "Holding a covered security is not a violation (OFAC FAQ "
                 "1046); the action column says what may still be done.</p>\n",
              rep->rows, rep->n);
    chart(b, rep, "By issuer", label_issuer, 0);
    chart(b, rep, "By divestment deadline", label_deadline, 1);
    sb_puts(b, "<table><thead><tr><th>Account</th><th>Security</th>"
               "<th>Issuer</th><th>List</th><th>Path</th><th>Status</th>"
               "<th>Effective</th><th>Divestment</th><th>Days left</th>"
               "<th>Exposure</th><th>Rule</th><th>Action</th></tr></thead>"
               "<tbody>\n");
    for (size_t i = 0; i < rep->n; i++) {
        const emb_position *p = &rep->pos[i];
        const emb_cover *c = p->cover;
        char e[11], d[11];
        date_or_empty(e, c->effective);
        date_or_empty(d, c->divestment);
        sb_printf(b, "<tr class=\"%s\"><td>", p->status);
        sb_html(b, p->account);
        sb_puts(b, "</td><td>");
        sb_html(b, p->security);
        sb_puts(b, "</td><td>");
        sb_html(b, issuer_of(p));
        sb_printf(b, "</td><td>%s:", c->record->source);
        sb_html(b, c->record->source_id);
        sb_printf(b, " (%s)</td><td>%s via %s: ",
                  emb_listed_as_name(c->listed_as), c->path,
                  emb_via_name(c->via));
        sb_html(b, c->chain);
        sb_printf(b, "</td><td>%s</td><td>%s</td><td>%s</td><td>", p->status,
                  e, d);
        if (p->days_left >= 0)
            sb_printf(b, "%ld", p->days_left);
        sb_printf(b, "</td><td>%.2f</td><td>", p->value * c->weight);
        sb_html(b, p->rule);
        sb_puts(b, "</td><td>");
        sb_html(b, p->action);
        sb_puts(b, "</td></tr>\n");
    }
    sb_puts(b, "</tbody></table>\n");
    if (rep->n_warn) {
        sb_puts(b, "<h2>Warnings</h2><ul>\n");
        for (size_t i = 0; i < rep->n_warn; i++) {
            sb_puts(b, "<li>");
            sb_html(b, rep->warn[i]);
            sb_puts(b, "</li>\n");
        }
        sb_puts(b, "</ul>\n");
    }
    sb_puts(b, "</body></html>\n");
}

int emb_report_write(const emb_report *rep, emb_report_format f, FILE *out)
{
    if (!rep || !out)
        return EMB_ERR_USAGE;
    sbuf b = {0};
    switch (f) {
    case EMB_REPORT_CSV: write_csv(&b, rep); break;
    case EMB_REPORT_JSON: write_json(&b, rep); break;
    case EMB_REPORT_HTML: write_html(&b, rep); break;
    default: return EMB_ERR_USAGE;
    }
    int rc = EMB_OK;
    if (b.oom)
        rc = EMB_ERR_NOMEM;
    else if (b.len && fwrite(b.s, 1, b.len, out) != b.len)
        rc = EMB_ERR_IO;
    free(b.s);
    return rc;
}
