/*
 * status.c - status codes, error reports and the names of the model's
 * enumerations. The only place that turns codes into words.
 */
#include "lists/model.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *emb_strerror(int code)
{
    switch (code) {
    case EMB_OK: return "success";
    case EMB_ERR_USAGE: return "invalid argument";
    case EMB_ERR_NOMEM: return "out of memory";
    case EMB_ERR_IO: return "input/output error";
    case EMB_ERR_PARSE: return "malformed input";
    case EMB_ERR_FORMAT: return "unrecognised file format";
    case EMB_ERR_DB: return "database error";
    case EMB_ERR_NOTFOUND: return "not found";
    case EMB_ERR_LIMIT: return "input exceeds a limit";
    case EMB_ERR_INTERRUPTED: return "interrupted";
    case EMB_ERR_INVALID: return "invalid value";
    }
    return "unknown error";
}

int emb_error_set(emb_error *err, int code, const char *file, long line,
                  const char *field, const char *fmt, ...)
{
    if (!err)
        return code;
    memset(err, 0, sizeof *err);
    err->code = code;
    err->line = line;
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
    if (field)
        snprintf(err->field, sizeof err->field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

char *emb_error_format(const emb_error *err, char *buf, size_t n)
{
    if (!buf || n == 0)
        return buf;
    buf[0] = '\0';
    if (!err)
        return buf;
    size_t len = 0;
#define PUT(...)                                                   \
    do {                                                           \
        if (len < n) {                                             \
            int w_ = snprintf(buf + len, n - len, __VA_ARGS__);    \
            if (w_ > 0)                                            \
                len += (size_t)w_;                                 \
        }                                                          \
    } while (0)
    if (err->file[0]) {
        PUT("%s", err->file);
        if (err->line > 0)
            PUT(":%ld", err->line);
        if (err->column > 0)
            PUT(":%ld", err->column);
        PUT(": ");
    }
    if (err->field[0])
        PUT("field '%s': ", err->field);
    PUT("%s", err->message[0] ? err->message : emb_strerror(err->code));
#undef PUT
    return buf;
}

const char *emb_kind_name(emb_kind k)
{
    switch (k) {
    case EMB_KIND_PERSON: return "person";
    case EMB_KIND_ENTITY: return "entity";
    case EMB_KIND_VESSEL: return "vessel";
    case EMB_KIND_AIRCRAFT: return "aircraft";
    case EMB_KIND_UNKNOWN: break;
    }
    return "unknown";
}

emb_kind emb_kind_parse(const char *s)
{
    if (!s)
        return EMB_KIND_UNKNOWN;
    if (!strcasecmp(s, "person") || !strcasecmp(s, "individual"))
        return EMB_KIND_PERSON;
    if (!strcasecmp(s, "entity") || !strcasecmp(s, "organization") ||
        !strcasecmp(s, "organisation") || !strcasecmp(s, "company"))
        return EMB_KIND_ENTITY;
    if (!strcasecmp(s, "vessel"))
        return EMB_KIND_VESSEL;
    if (!strcasecmp(s, "aircraft"))
        return EMB_KIND_AIRCRAFT;
    return EMB_KIND_UNKNOWN;
}

static const char *const id_kind_names[EMB_ID_KIND_COUNT] = {
    [EMB_ID_OTHER] = "other",
    [EMB_ID_PASSPORT] = "passport",
    [EMB_ID_NATIONAL_ID] = "national_id",
    [EMB_ID_TAX_ID] = "tax_id",
    [EMB_ID_REGISTRATION] = "registration",
    [EMB_ID_USCC] = "uscc",
    [EMB_ID_ISIN] = "isin",
    [EMB_ID_TICKER] = "ticker",
    [EMB_ID_ISSUER_NAME] = "issuer_name",
    [EMB_ID_LEI] = "lei",
    [EMB_ID_SWIFT_BIC] = "swift_bic",
    [EMB_ID_IMO] = "imo",
    [EMB_ID_MMSI] = "mmsi",
    [EMB_ID_AIRCRAFT] = "aircraft",
    [EMB_ID_CRYPTO] = "crypto",
    [EMB_ID_WEBSITE] = "website",
    [EMB_ID_EMAIL] = "email",
    [EMB_ID_PHONE] = "phone",
    [EMB_ID_DRIVER_LICENSE] = "driver_license",
};

const char *emb_id_kind_name(emb_id_kind k)
{
    if ((unsigned)k >= EMB_ID_KIND_COUNT)
        return "other";
    return id_kind_names[k];
}

/* Label prefixes, checked in order; the first that the label starts with
 * (case-insensitive) wins, so longer, more specific ones come first. */
static const struct {
    const char *prefix;
    emb_id_kind kind;
} id_labels[] = {
    {"Unified Social Credit Code", EMB_ID_USCC},
    {"ISIN", EMB_ID_ISIN},
    {"Equity Ticker", EMB_ID_TICKER},
    {"Issuer Name", EMB_ID_ISSUER_NAME},
    {"Legal Entity Number", EMB_ID_LEI},
    {"LEI", EMB_ID_LEI},
    {"SWIFT/BIC", EMB_ID_SWIFT_BIC},
    {"SWIFT", EMB_ID_SWIFT_BIC},
    {"BIC", EMB_ID_SWIFT_BIC},
    {"Vessel Registration Identification", EMB_ID_IMO},
    {"IMO", EMB_ID_IMO},
    {"MMSI", EMB_ID_MMSI},
    {"Aircraft Manufacturer's Serial Number", EMB_ID_AIRCRAFT},
    {"Aircraft Tail Number", EMB_ID_AIRCRAFT},
    {"Digital Currency Address", EMB_ID_CRYPTO},
    {"Website", EMB_ID_WEBSITE},
    {"Email", EMB_ID_EMAIL},
    {"Phone", EMB_ID_PHONE},
    {"Passport", EMB_ID_PASSPORT},
    {"Diplomatic Passport", EMB_ID_PASSPORT},
    {"National ID", EMB_ID_NATIONAL_ID},
    {"National Identification", EMB_ID_NATIONAL_ID},
    {"Identification Number", EMB_ID_NATIONAL_ID},
    {"Cedula", EMB_ID_NATIONAL_ID},
    {"C.U.R.P.", EMB_ID_NATIONAL_ID},
    {"Personal ID", EMB_ID_NATIONAL_ID},
    {"SSN", EMB_ID_NATIONAL_ID},
    {"Driver's License", EMB_ID_DRIVER_LICENSE},
    {"Tax ID", EMB_ID_TAX_ID},
    {"R.F.C.", EMB_ID_TAX_ID},
    {"RFC", EMB_ID_TAX_ID},
    {"NIT", EMB_ID_TAX_ID},
    {"RUC", EMB_ID_TAX_ID},
    {"INN", EMB_ID_TAX_ID},
    {"VAT", EMB_ID_TAX_ID},
    {"Registration", EMB_ID_REGISTRATION},
    {"Company Number", EMB_ID_REGISTRATION},
    {"Commercial Registry", EMB_ID_REGISTRATION},
    {"Business Registration", EMB_ID_REGISTRATION},
    {"Business Number", EMB_ID_REGISTRATION},
    {"C.R. No.", EMB_ID_REGISTRATION},
    {"Chamber of Commerce", EMB_ID_REGISTRATION},
    {"Government Gazette", EMB_ID_REGISTRATION},
    {"Trade License", EMB_ID_REGISTRATION},
    {"Public Registration", EMB_ID_REGISTRATION},
    {"Certificate of Incorporation", EMB_ID_REGISTRATION},
    {"OGRN", EMB_ID_REGISTRATION},
    {"UK Company Number", EMB_ID_REGISTRATION},
};

emb_id_kind ident_kind_from_label(const char *label)
{
    if (!label)
        return EMB_ID_OTHER;
    for (size_t i = 0; i < sizeof id_labels / sizeof id_labels[0]; i++) {
        size_t n = strlen(id_labels[i].prefix);
        if (strncasecmp(label, id_labels[i].prefix, n) == 0)
            return id_labels[i].kind;
    }
    return EMB_ID_OTHER;
}
