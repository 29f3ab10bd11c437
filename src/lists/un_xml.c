/*
 * un_xml.c - reader for the UN Security Council consolidated list XML
 * (CONSOLIDATED_LIST / INDIVIDUALS/INDIVIDUAL, ENTITIES/ENTITY; see
 * FORMATS.md section 7).
 *
 * The file is walked with the streaming record walker (xmlread.h): each
 * INDIVIDUAL or ENTITY is expanded on its own, turned into one record with
 * a single pass over its children, and dropped, so memory is bounded by
 * one record plus the set being built. Text pulled out of a record lives
 * in a scratch arena that is thrown away after the record; the builder
 * copies what it keeps into the set.
 *
 * Mapping decisions worth knowing:
 *  - source_id is REFERENCE_NUMBER ("QDi.001"); a record without one, or
 *    without any name, rejects the whole file (EMB_ERR_PARSE). A repeated
 *    REFERENCE_NUMBER keeps the first record and warns.
 *  - The primary name is FIRST..FOURTH_NAME joined by spaces. UN names do
 *    not say which part is the family name, so given/family stay NULL.
 *    NAME_ORIGINAL_SCRIPT becomes a strong a.k.a. with script "original".
 *  - Alias QUALITY "Low" is a weak a.k.a.; "f.k.a." / "n.k.a." give FKA /
 *    NKA; anything else ("Good", "a.k.a.", empty) a strong a.k.a. An
 *    alias's own birth data and note become an "Alias details" fact.
 *  - One ALIAS_NAME may hold several names (27 in the 2026-02-27 file):
 *    "A; B; C", a name in its own script with its romanisations in
 *    brackets ("حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)",
 *    "أنصار الشريعة (Ansar al Charia)") or the other way round ("Jin
 *    Tiesan (金铁三)", "Abubakar (original script: Абубакар)"), lettered
 *    items ("Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet").
 *    Each becomes an alias of its own, of the alias's quality, without
 *    the markers "(original script)", "- sub-unit name" and "(previously
 *    listed as)".
 *  - Dates of birth: EXACT (DATE or YEAR), APPROXIMATELY (circa) and
 *    BETWEEN (FROM_YEAR..TO_YEAR, a range; reversed years are swapped in
 *    the dates and kept as written in the text). A DOB given only in its
 *    NOTE is parsed from the note when it reads as a date, and otherwise
 *    kept as a "Date of birth" fact, since a period needs a date.
 *  - Unreadable dates (LISTED_ON, DOB values) are warnings, not errors:
 *    one bad date must not reject a whole official publication.
 *  - Facts: "Designation" (DESIGNATION/VALUE), "Last updated"
 *    (LAST_DAY_UPDATED/VALUE), "Document" (a document whose number is only
 *    in its NOTE), "Date of birth", "Alias details". TITLE/VALUEs are
 *    joined with "; ". Runs of white space inside values are folded to one
 *    space; COMMENTS1 (remarks) is kept as written.
 *  - Well-formed XML whose root is not CONSOLIDATED_LIST is EMB_ERR_FORMAT.
 *  - The publication date is the root's dateGenerated attribute, found by
 *    scanning the first bytes: the walker must not match (and so expand)
 *    the root element.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lists/readers.h"
#include "lists/xmlread.h"

#define UN_FORMAT "un_xml"
/* 1: an ALIAS_NAME holding several names gives one alias per name */
#define UN_READER_REVISION 1
/* How far into the file the root element's attributes are looked for. */
#define UN_PREFIX_SCAN 4096

typedef struct un_ctx {
    const lists_file *f;
    emb_recset *set;
    emb_error *err;
    xmlr *x;
    arena *tmp; /* scratch for the current record */
    recb *b;    /* builder for the current record */
    /* REFERENCE_NUMBERs already read: open addressing over pointers to the
     * records' source_id strings (owned by the set). */
    const char **seen;
    size_t seen_cap, seen_n;
} un_ctx;

/* ------------------------------------------------------------ helpers */

/* parts[0..n) joined by sep, skipping NULL/empty parts and a part equal
 * to the one before it; NULL when nothing is left or on OOM. */
static char *join(arena *a, const char *const *parts, size_t n,
                  const char *sep)
{
    size_t len = 0, seplen = strlen(sep);
    const char *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i] || !*parts[i] || (prev && strcmp(prev, parts[i]) == 0))
            continue;
        len += (prev ? seplen : 0) + strlen(parts[i]);
        prev = parts[i];
    }
    if (!prev)
        return NULL;
    char *out = arena_alloc(a, len + 1);
    if (!out)
        return NULL;
    char *p = out;
    prev = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i] || !*parts[i] || (prev && strcmp(prev, parts[i]) == 0))
            continue;
        if (prev) {
            memcpy(p, sep, seplen);
            p += seplen;
        }
        size_t l = strlen(parts[i]);
        memcpy(p, parts[i], l);
        p += l;
        prev = parts[i];
    }
    *p = '\0';
    return out;
}

/* Element text with every run of white space (line breaks and the
 * indentation after them included) folded to one space; NULL when empty.
 * Copied into the record's scratch arena. */
static char *text(un_ctx *c, const xmlNode *n)
{
    char *s = xml_text(c->tmp, n);
    if (!s)
        return NULL;
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n') {
            if (w > s && w[-1] != ' ')
                *w++ = ' ';
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return s;
}

static char *ctext(un_ctx *c, const xmlNode *n, const char *name)
{
    return text(c, xml_child(n, name));
}

static int nomem(un_ctx *c)
{
    return emb_error_set(c->err, EMB_ERR_NOMEM, c->f->path, 0, NULL,
                         "out of memory");
}

/* Parses "YYYY-MM-DD" at the start of s (LISTED_ON sometimes carries a
 * zone suffix, "2001-10-06-04:00"). 0 on success. */
static int parse_ymd_prefix(const char *s, emb_date *d)
{
    if (!s || strlen(s) < 10)
        return -1;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return -1;
    if (s[10] && s[10] != '-' && s[10] != '+' && s[10] != 'T' && s[10] != 'Z')
        return -1;
    char buf[11];
    memcpy(buf, s, 10);
    buf[10] = '\0';
    emb_period p;
    if (emb_period_parse(buf, &p) != EMB_OK || p.from.day == 0)
        return -1;
    *d = p.from;
    return 0;
}

/* A positive year of one to four digits, or 0. */
static int parse_year(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (n == 0 || n > 4)
        return 0;
    int y = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
        y = y * 10 + (s[i] - '0');
    }
    return y;
}

/* dateGenerated="YYYY-MM-DD..." within the first bytes of the file: 0
 * found, -1 absent, -2 present but unreadable. */
static int find_published(const lists_file *f, emb_date *d)
{
    static const char key[] = "dateGenerated=";
    size_t n = f->len < UN_PREFIX_SCAN ? f->len : UN_PREFIX_SCAN;
    size_t kl = sizeof key - 1;
    for (size_t i = 0; i + kl + 1 < n; i++) {
        if (memcmp(f->data + i, key, kl) != 0)
            continue;
        char q = f->data[i + kl];
        if (q != '"' && q != '\'')
            continue;
        size_t s = i + kl + 1, e = s;
        while (e < n && e - s < 40 && f->data[e] != q)
            e++;
        if (e >= n || f->data[e] != q)
            return -2;
        char buf[48];
        memcpy(buf, f->data + s, e - s);
        buf[e - s] = '\0';
        return parse_ymd_prefix(buf, d) == 0 ? 0 : -2;
    }
    return -1;
}

/* 1 when the first bytes of the file mention the UN root element. */
static int has_un_root(const lists_file *f)
{
    static const char root[] = "<CONSOLIDATED_LIST";
    size_t n = f->len < UN_PREFIX_SCAN ? f->len : UN_PREFIX_SCAN;
    size_t rl = sizeof root - 1;
    for (size_t i = 0; i + rl <= n; i++)
        if (memcmp(f->data + i, root, rl) == 0)
            return 1;
    return 0;
}

/* Name of the document's root element as seen from a record node. */
static const char *root_name(const xmlNode *n)
{
    while (n && n->parent && n->parent->type == XML_ELEMENT_NODE)
        n = n->parent;
    return n && n->name ? (const char *)n->name : "";
}

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Adds id to the seen set; 1 if it was new, 0 if already there, -1 on
 * OOM. id must outlive the context (it points into the set's arena). */
static int seen_add(un_ctx *c, const char *id)
{
    if ((c->seen_n + 1) * 2 > c->seen_cap) {
        size_t cap = c->seen_cap ? c->seen_cap * 2 : 2048;
        const char **t = calloc(cap, sizeof *t);
        if (!t)
            return -1;
        for (size_t i = 0; i < c->seen_cap; i++) {
            if (!c->seen[i])
                continue;
            size_t j = hash_str(c->seen[i]) & (cap - 1);
            while (t[j])
                j = (j + 1) & (cap - 1);
            t[j] = c->seen[i];
        }
        free(c->seen);
        c->seen = t;
        c->seen_cap = cap;
    }
    size_t j = hash_str(id) & (c->seen_cap - 1);
    for (; c->seen[j]; j = (j + 1) & (c->seen_cap - 1))
        if (strcmp(c->seen[j], id) == 0)
            return 0;
    c->seen[j] = id;
    c->seen_n++;
    return 1;
}

/* Case-insensitive comparison ignoring dots and spaces ("a.k.a." = "aka"). */
static int quality_is(const char *q, const char *want)
{
    for (;;) {
        while (*q == '.' || *q == ' ')
            q++;
        if (!*q || !*want)
            return !*q && !*want;
        if (tolower((unsigned char)*q) != *want)
            return 0;
        q++;
        want++;
    }
}

/* Adds a warning "path:line: text" to the set. */
static int warn(un_ctx *c, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int warn(un_ctx *c, long line, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (recset_warn(c->set, "%s:%ld: %s", c->f->path, line, msg) != EMB_OK)
        return nomem(c);
    return EMB_OK;
}

#define TRY(expr)                                                        \
    do {                                                                 \
        int rc_ = (expr);                                                \
        if (rc_ != EMB_OK)                                               \
            return rc_ == EMB_ERR_NOMEM ? nomem(c) : rc_;                \
    } while (0)

/* ------------------------------------------------------- record parts */

#define ORIGINAL_SCRIPT "original script"

/* s (len bytes) with white space at both ends, a leading "original
 * script:" and a trailing "(original script)", "- sub-unit name" or
 * "(previously listed as)" taken off, as a string in the scratch arena; NULL
 * when nothing is left or on OOM (*oom set). */
static char *alias_item(un_ctx *c, const char *s, size_t len, int *oom)
{
    static const char *const markers[] = {"(" ORIGINAL_SCRIPT ")",
                                          "- sub-unit name",
                                          "(previously listed as)"};
    const size_t lo = sizeof ORIGINAL_SCRIPT - 1;
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    if (len > lo && !strncmp(s, ORIGINAL_SCRIPT ":", lo + 1)) {
        s += lo + 1;
        len -= lo + 1;
        while (len && isspace((unsigned char)*s)) {
            s++;
            len--;
        }
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
        size_t lm = strlen(markers[k]);
        if (len < lm || memcmp(s + len - lm, markers[k], lm))
            continue;
        len -= lm;
        while (len && isspace((unsigned char)s[len - 1]))
            len--;
    }
    if (!len)
        return NULL;
    char *out = arena_alloc(c->tmp, len + 1);
    if (!out) {
        *oom = 1;
        return NULL;
    }
    memcpy(out, s, len);
    out[len] = '\0';
    return out;
}

/* Where the item starting at s ends: at "; " (or a last ";") outside
 * brackets, at a lettered item " b) " to " z) ", or at the end. *skip
 * gets the length of the separator. */
static const char *alias_item_end(const char *s, size_t *skip)
{
    int depth = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth > 0)
            depth--;
        else if (depth == 0 && p[0] == ';' && (p[1] == ' ' || !p[1])) {
            *skip = p[1] ? 2 : 1;
            return p;
        } else if (p > s && p[0] == ' ' && p[1] >= 'b' && p[1] <= 'z' &&
                   p[2] == ')' && p[3] == ' ') {
            *skip = 4;
            return p;
        }
    }
    *skip = 0;
    return s + strlen(s);
}

static int has_latin_letter(const char *s, const char *end)
{
    for (; s < end; s++)
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
            return 1;
    return 0;
}

static int has_non_ascii(const char *s, const char *end)
{
    for (; s < end; s++)
        if ((unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

/* 1 when the bracket from open to close (after the name s[0..open)) holds
 * a name of its own: the romanisation of a name with no Latin letter
 * ("أنصار الشريعة (Ansar al Charia)"), the original script of a Latin
 * one ("Jin Tiesan (金铁三)"), or one given as such ("(original script:
 * Амир Хазмат)"); not the marker "(original script)", nor a bracket of
 * the name itself ("華信船務(香港)有限公司", "Bank (Pvt) Ltd"). */
static int group_is_name(const char *s, const char *open, const char *close)
{
    const size_t lm = sizeof ORIGINAL_SCRIPT - 1;
    if (open == s)
        return 0;
    if ((size_t)(close - open - 1) >= lm &&
        !strncmp(open + 1, ORIGINAL_SCRIPT, lm))
        return open[1 + lm] == ':';
    int latin_name = has_latin_letter(s, open);
    int latin_group = has_latin_letter(open, close);
    return latin_name ? !latin_group && has_non_ascii(open, close)
                      : latin_group;
}

/* The bracketed group of s that holds names of its own: one with a "; "
 * inside ("X (A; B)") or one group_is_name takes. Its "(" in *open, its
 * ")" (or the end) in *close; 0 when there is none. */
static int alias_group(const char *s, const char **open, const char **close)
{
    int depth = 0, listed = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '(') {
            if (depth++ == 0) {
                *open = p;
                listed = 0;
            }
        } else if (*p == ')' && depth > 0) {
            if (--depth == 0 && (listed || group_is_name(s, *open, p))) {
                *close = p;
                return 1;
            }
        } else if (depth == 1 && p[0] == ';' && p[1] == ' ') {
            listed = 1;
        }
    }
    if (depth > 0 && listed) {
        *close = s + strlen(s);
        return 1;
    }
    return 0;
}

/* Adds each name of the items of s[0..len) as an alias. */
static int add_alias_items(un_ctx *c, emb_name_type type, int weak,
                           const char *s, size_t len)
{
    int oom = 0;
    char *copy = alias_item(c, s, len, &oom);
    for (const char *p = copy; p && *p;) {
        size_t skip;
        const char *e = alias_item_end(p, &skip);
        char *item = alias_item(c, p, (size_t)(e - p), &oom);
        if (item) {
            int rc = recb_add_name(c->b, type, weak, item, NULL, NULL, NULL);
            if (rc)
                return rc;
        }
        p = e + skip;
    }
    return oom ? EMB_ERR_NOMEM : EMB_OK;
}

/* The names of one ALIAS_NAME (see the header). */
static int add_alias_names(un_ctx *c, emb_name_type type, int weak,
                           const char *name)
{
    const char *open = NULL, *close = NULL;
    if (!alias_group(name, &open, &close))
        return add_alias_items(c, type, weak, name, strlen(name));
    int rc = add_alias_items(c, type, weak, name, (size_t)(open - name));
    if (rc == EMB_OK)
        rc = add_alias_items(c, type, weak, open + 1,
                             (size_t)(close - open - 1));
    return rc;
}

static int read_alias(un_ctx *c, const xmlNode *n)
{
    char *name = ctext(c, n, "ALIAS_NAME");
    if (!name)
        return EMB_OK;
    char *q = ctext(c, n, "QUALITY");
    emb_name_type type = EMB_NAME_AKA;
    int weak = 0;
    if (q && quality_is(q, "low"))
        weak = 1;
    else if (q && quality_is(q, "fka"))
        type = EMB_NAME_FKA;
    else if (q && quality_is(q, "nka"))
        type = EMB_NAME_NKA;
    TRY(add_alias_names(c, type, weak, name));

    /* What the alias says about itself (a different DOB or birthplace
     * used with that name) is kept as one fact. */
    char *dob = ctext(c, n, "DATE_OF_BIRTH");
    const char *pob_parts[2] = {ctext(c, n, "CITY_OF_BIRTH"),
                                ctext(c, n, "COUNTRY_OF_BIRTH")};
    char *pob = join(c->tmp, pob_parts, 2, ", ");
    char *note = ctext(c, n, "NOTE");
    if (!dob && !pob && !note)
        return EMB_OK;
    const char *dparts[2] = {"date of birth ", dob};
    const char *pparts[2] = {"place of birth ", pob};
    const char *items[3] = {dob ? join(c->tmp, dparts, 2, "") : NULL,
                            pob ? join(c->tmp, pparts, 2, "") : NULL, note};
    char *details = join(c->tmp, items, 3, "; ");
    const char *all[2] = {name, details};
    char *value = join(c->tmp, all, 2, ": ");
    if (!details || !value)
        return nomem(c);
    TRY(recb_add_fact(c->b, "Alias details", value));
    return EMB_OK;
}

static int read_address(un_ctx *c, const xmlNode *n)
{
    emb_address a = {0};
    a.street = ctext(c, n, "STREET");
    a.city = ctext(c, n, "CITY");
    a.state = ctext(c, n, "STATE_PROVINCE");
    a.postal = ctext(c, n, "ZIP_CODE");
    a.country = ctext(c, n, "COUNTRY");
    TRY(recb_add_address(c->b, &a));
    return EMB_OK;
}

static int read_birthplace(un_ctx *c, const xmlNode *n)
{
    const char *parts[4] = {ctext(c, n, "STREET"),
                            ctext(c, n, "CITY"),
                            ctext(c, n, "STATE_PROVINCE"),
                            ctext(c, n, "COUNTRY")};
    char *s = join(c->tmp, parts, 4, ", ");
    if (!s) /* only a note ("possibly Sabratha, ...") */
        s = ctext(c, n, "NOTE");
    TRY(recb_add_birthplace(c->b, s));
    return EMB_OK;
}

/* One INDIVIDUAL_DATE_OF_BIRTH; see the file comment for the rules. */
static int read_birth(un_ctx *c, const xmlNode *n, long line)
{
    char *type = ctext(c, n, "TYPE_OF_DATE");
    char *date = ctext(c, n, "DATE");
    char *year = ctext(c, n, "YEAR");
    char *from = ctext(c, n, "FROM_YEAR");
    char *to = ctext(c, n, "TO_YEAR");
    char *note = ctext(c, n, "NOTE");
    int approx = (type && strcasecmp(type, "APPROXIMATELY") == 0) ||
                 (note && strcasecmp(note, "approximately") == 0);
    emb_period p;
    memset(&p, 0, sizeof p);
    char *raw = NULL; /* the date as written, for the text */

    if (from || to) {
        const char *parts[3] = {from, " to ", to};
        raw = from && to ? join(c->tmp, parts, 3, "") : (from ? from : to);
        int fy = parse_year(from), ty = parse_year(to);
        if (!fy || !ty) /* one side only, or unreadable */
            fy = ty = fy ? fy : ty;
        if (fy) {
            p.from.year = fy < ty ? fy : ty;
            p.to.year = fy < ty ? ty : fy;
        }
    } else if (date || year) {
        raw = date ? date : year;
        if (emb_period_parse(raw, &p) != EMB_OK)
            memset(&p, 0, sizeof p);
    }
    int says_circa = p.circa; /* raw itself reads "circa ..." */
    if (!raw && !note)
        return EMB_OK; /* an empty placeholder */
    if (p.from.year == 0 && !raw && emb_period_parse(note, &p) == EMB_OK) {
        /* The date is only in the note ("Nov. 1973"). */
        p.circa |= approx;
        p.text = note;
        TRY(recb_add_birth(c->b, &p));
        return EMB_OK;
    }
    if (p.from.year == 0) {
        if (raw)
            TRY(warn(c, line, "INDIVIDUAL_DATE_OF_BIRTH: unreadable date "
                              "'%.100s', kept as a fact", raw));
        const char *parts[2] = {raw, note};
        TRY(recb_add_fact(c->b, "Date of birth", join(c->tmp, parts, 2, " ")));
        return EMB_OK;
    }
    if (approx)
        p.circa = 1;
    int note_is_circa = note && strcasecmp(note, "approximately") == 0;
    const char *parts[5] = {p.circa && !says_circa ? "circa " : NULL, raw,
                            note && !note_is_circa ? " (" : NULL,
                            note_is_circa ? NULL : note,
                            note && !note_is_circa ? ")" : NULL};
    p.text = join(c->tmp, parts, 5, "");
    if (!p.text)
        return nomem(c);
    TRY(recb_add_birth(c->b, &p));
    return EMB_OK;
}

/* Identifier label that the shared classifier does not know. */
static emb_id_kind document_kind(const char *label)
{
    emb_id_kind k = ident_kind_from_label(label);
    if (k != EMB_ID_OTHER || !label)
        return k;
    if (strncasecmp(label, "Num", 3) == 0 &&
        (strstr(label, "passeport") || strstr(label, "pasaporte")))
        return EMB_ID_PASSPORT;
    return EMB_ID_OTHER;
}

static int read_document(un_ctx *c, const xmlNode *n)
{
    char *t1 = ctext(c, n, "TYPE_OF_DOCUMENT");
    char *t2 = ctext(c, n, "TYPE_OF_DOCUMENT2");
    char *number = ctext(c, n, "NUMBER");
    char *note = ctext(c, n, "NOTE");
    const char *tparts[2] = {t1, t2};
    char *type = join(c->tmp, tparts, 2, " / ");
    if (!number) {
        /* "Passport" with the number only in the note. */
        if (note) {
            const char *parts[2] = {type, note};
            TRY(recb_add_fact(c->b, "Document",
                              join(c->tmp, parts, 2, ": ")));
        }
        return EMB_OK;
    }
    emb_ident id = {0};
    id.kind = document_kind(t1 ? t1 : t2);
    id.type = type;
    id.value = number;
    char *issuing = ctext(c, n, "ISSUING_COUNTRY");
    char *country_of_issue = ctext(c, n, "COUNTRY_OF_ISSUE");
    char *city = ctext(c, n, "CITY_OF_ISSUE");
    id.country = issuing ? issuing : country_of_issue;
    id.issued = ctext(c, n, "DATE_OF_ISSUE");
    const char *cparts[2] = {"issued in ", city};
    const char *kparts[2] = {"country of issue ", country_of_issue};
    const char *nparts[3] = {
        note, city ? join(c->tmp, cparts, 2, "") : NULL,
        issuing && country_of_issue && strcmp(issuing, country_of_issue)
            ? join(c->tmp, kparts, 2, "")
            : NULL};
    id.note = join(c->tmp, nparts, 3, "; ");
    TRY(recb_add_ident(c->b, &id));
    return EMB_OK;
}

/* Every VALUE child of n, used as `use` says. */
enum value_use { V_NATIONALITY, V_DESIGNATION, V_UPDATED };

static int read_values(un_ctx *c, const xmlNode *n, enum value_use use)
{
    for (xmlNodePtr v = xml_child(n, "VALUE"); v; v = xml_next(v, "VALUE")) {
        char *s = text(c, v);
        if (!s)
            continue;
        switch (use) {
        case V_NATIONALITY: TRY(recb_add_nationality(c->b, s)); break;
        case V_DESIGNATION: TRY(recb_add_fact(c->b, "Designation", s)); break;
        case V_UPDATED: TRY(recb_add_fact(c->b, "Last updated", s)); break;
        }
    }
    return EMB_OK;
}

/* TITLE/VALUE items joined with "; " (after any title already set). */
static int read_titles(un_ctx *c, const xmlNode *n)
{
    size_t count = 1;
    for (xmlNodePtr v = xml_child(n, "VALUE"); v; v = xml_next(v, "VALUE"))
        count++;
    const char **parts = arena_alloc(c->tmp, count * sizeof *parts);
    if (!parts)
        return nomem(c);
    size_t k = 0;
    parts[k++] = recb_get(c->b, RECB_TITLE);
    for (xmlNodePtr v = xml_child(n, "VALUE"); v; v = xml_next(v, "VALUE"))
        parts[k++] = text(c, v);
    TRY(recb_set(c->b, RECB_TITLE, join(c->tmp, parts, k, "; ")));
    return EMB_OK;
}

/* ---------------------------------------------------------- a record */

static int read_record(un_ctx *c, const xmlNode *n, long line)
{
    int person = xml_is(n, "INDIVIDUAL");
    const char *what = person ? "INDIVIDUAL" : "ENTITY";
    const char *alias_el = person ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS";
    const char *addr_el = person ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS";

    char *ref = ctext(c, n, "REFERENCE_NUMBER");
    if (!ref)
        return emb_error_set(c->err, EMB_ERR_PARSE, c->f->path, line,
                             "REFERENCE_NUMBER",
                             "%s without a REFERENCE_NUMBER", what);
    const char *parts[4] = {ctext(c, n, "FIRST_NAME"),
                            ctext(c, n, "SECOND_NAME"),
                            ctext(c, n, "THIRD_NAME"),
                            ctext(c, n, "FOURTH_NAME")};
    /* Parts are joined as written, even when two are the same word. */
    size_t len = 0;
    for (int i = 0; i < 4; i++)
        len += parts[i] ? strlen(parts[i]) + 1 : 0;
    if (len == 0)
        return emb_error_set(c->err, EMB_ERR_PARSE, c->f->path, line,
                             "FIRST_NAME", "%s %.100s has no name", what, ref);
    char *full = arena_alloc(c->tmp, len);
    if (!full)
        return nomem(c);
    full[0] = '\0';
    for (int i = 0; i < 4; i++) {
        if (!parts[i])
            continue;
        if (full[0])
            strcat(full, " ");
        strcat(full, parts[i]);
    }

    c->b = recb_new(c->set, ref);
    if (!c->b)
        return nomem(c);
    int fresh = seen_add(c, recb_source_id(c->b));
    if (fresh < 0)
        return nomem(c);
    if (!fresh)
        return warn(c, line, "duplicate REFERENCE_NUMBER %.100s; the later "
                             "record was skipped", ref);

    recb_set_kind(c->b, person ? EMB_KIND_PERSON : EMB_KIND_ENTITY);
    TRY(recb_add_name(c->b, EMB_NAME_PRIMARY, 0, full, NULL, NULL, NULL));

    for (xmlNodePtr k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE || !k->name)
            continue;
        const char *el = (const char *)k->name;
        long kline = xmlr_line(c->x, k);
        if (strcmp(el, "UN_LIST_TYPE") == 0) {
            char *s = text(c, k);
            TRY(recb_set(c->b, RECB_LIST, s));
            TRY(recb_add_program(c->b, s));
        } else if (strcmp(el, "LISTED_ON") == 0) {
            char *s = text(c, k);
            emb_date d;
            if (s && parse_ymd_prefix(s, &d) == 0)
                recb_set_date(c->b, RECB_LISTED_ON, d);
            else if (s)
                TRY(warn(c, kline, "LISTED_ON: unreadable date '%.100s'", s));
        } else if (strcmp(el, "GENDER") == 0) {
            TRY(recb_set(c->b, RECB_GENDER, text(c, k)));
        } else if (strcmp(el, "COMMENTS1") == 0) {
            TRY(recb_set(c->b, RECB_REMARKS, xml_text(c->tmp, k)));
        } else if (strcmp(el, "NAME_ORIGINAL_SCRIPT") == 0) {
            TRY(recb_add_name(c->b, EMB_NAME_AKA, 0, text(c, k),
                              NULL, NULL, "original"));
        } else if (strcmp(el, "TITLE") == 0) {
            TRY(read_titles(c, k));
        } else if (strcmp(el, "DESIGNATION") == 0) {
            TRY(read_values(c, k, V_DESIGNATION));
        } else if (strcmp(el, "NATIONALITY") == 0) {
            TRY(read_values(c, k, V_NATIONALITY));
        } else if (strcmp(el, "LAST_DAY_UPDATED") == 0) {
            TRY(read_values(c, k, V_UPDATED));
        } else if (strcmp(el, alias_el) == 0) {
            TRY(read_alias(c, k));
        } else if (strcmp(el, addr_el) == 0) {
            TRY(read_address(c, k));
        } else if (person && strcmp(el, "INDIVIDUAL_DATE_OF_BIRTH") == 0) {
            TRY(read_birth(c, k, kline));
        } else if (person && strcmp(el, "INDIVIDUAL_PLACE_OF_BIRTH") == 0) {
            TRY(read_birthplace(c, k));
        } else if (person && strcmp(el, "INDIVIDUAL_DOCUMENT") == 0) {
            TRY(read_document(c, k));
        }
        /* DATAID, VERSIONNUM, LIST_TYPE ("UN List"), SORT_KEY... unused. */
    }
    TRY(recb_finish(c->b));
    return EMB_OK;
}

/* ------------------------------------------------------------- reader */

static int read_all(un_ctx *c)
{
    static const char *const names[] = {"INDIVIDUAL", "ENTITY", NULL};
    int checked_root = 0;
    for (;;) {
        xmlNodePtr n;
        int rc = xmlr_next(c->x, names, &n);
        if (rc == 0)
            break;
        if (rc < 0)
            return -rc;
        long line = xmlr_line(c->x, n);
        if (!checked_root) {
            const char *root = root_name(n);
            if (strcmp(root, "CONSOLIDATED_LIST") != 0)
                return emb_error_set(c->err, EMB_ERR_FORMAT, c->f->path, line,
                                     root, "root element <%.80s> is not a UN "
                                     "CONSOLIDATED_LIST", root);
            checked_root = 1;
        }
        c->tmp = arena_new();
        if (!c->tmp)
            return nomem(c);
        rc = read_record(c, n, line);
        recb_free(c->b);
        c->b = NULL;
        arena_free(c->tmp);
        c->tmp = NULL;
        if (rc != EMB_OK)
            return rc;
    }
    if (!checked_root && !has_un_root(c->f))
        return emb_error_set(c->err, EMB_ERR_FORMAT, c->f->path, 0, NULL,
                             "not a UN consolidated list (no "
                             "CONSOLIDATED_LIST element)");
    return EMB_OK;
}

int un_xml_read(const lists_file *f, emb_recset **out, emb_error *err)
{
    int rc0 = lists_file_check(f, out, "un_xml_read", err);
    if (rc0 != EMB_OK)
        return rc0;
    if (f->len == 0)
        return emb_error_set(err, EMB_ERR_PARSE, f->path, 0, NULL,
                             "empty file");
    un_ctx c;
    memset(&c, 0, sizeof c);
    c.f = f;
    c.err = err;
    c.set = recset_new(EMB_SOURCE_UN, UN_FORMAT);
    if (!c.set)
        return nomem(&c);
    recset_set_reader_revision(c.set, UN_READER_REVISION);
    xmlr x;
    int rc = xmlr_open(&x, f, err);
    if (rc == EMB_OK) {
        c.x = &x;
        rc = read_all(&c);
        xmlr_close(&x);
    }
    free(c.seen);
    if (rc == EMB_OK) {
        emb_date d;
        int found = find_published(f, &d);
        if (found == 0)
            recset_set_published(c.set, d, 0);
        else
            recset_infer_published(c.set, date_today());
        if (found == -2)
            rc = recset_warn(c.set, "%s:1: dateGenerated: unreadable date",
                             f->path);
        if (rc == EMB_OK)
            rc = recset_add_file(c.set, f->path, f->data, f->len);
        if (rc == EMB_OK)
            rc = recset_seal(c.set);
        if (rc != EMB_OK)
            rc = nomem(&c);
    }
    if (rc != EMB_OK) {
        emb_recset_free(c.set);
        return rc;
    }
    *out = c.set;
    return EMB_OK;
}
