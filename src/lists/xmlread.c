/*
 * xmlread.c - see xmlread.h. The one place that configures libxml2.
 */
#include "lists/xmlread.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

static void capture_error(void *ctx, xmlErrorPtr e)
{
    xmlr *x = ctx;
    if (x->failed || !e || e->level < XML_ERR_ERROR)
        return;
    x->failed = 1;
    char msg[400];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    emb_error_set(x->err, EMB_ERR_PARSE, x->path, e->line, NULL,
                  "malformed XML: %s", msg);
    if (x->err)
        x->err->column = e->int2;
}

int xmlr_open(xmlr *x, const lists_file *f, emb_error *err)
{
    memset(x, 0, sizeof *x);
    x->path = f->path;
    x->err = err;
    if (f->len > (size_t)0x7fffffff)
        return emb_error_set(err, EMB_ERR_LIMIT, f->path, 0, NULL,
                             "file larger than 2 GiB");
    x->reader = xmlReaderForMemory(f->data, (int)f->len, f->path, NULL,
                                   XML_PARSE_NONET | XML_PARSE_NOERROR |
                                       XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
    if (!x->reader)
        return emb_error_set(err, EMB_ERR_NOMEM, f->path, 0, NULL,
                             "cannot create XML reader");
    xmlTextReaderSetStructuredErrorHandler(x->reader, capture_error, x);
    return EMB_OK;
}

void xmlr_close(xmlr *x)
{
    if (x->reader)
        xmlFreeTextReader(x->reader);
    x->reader = NULL;
}

int xml_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           strcmp((const char *)n->name, name) == 0;
}

static int name_in(const xmlChar *local, const char *const *names)
{
    for (; *names; names++)
        if (strcmp((const char *)local, *names) == 0)
            return 1;
    return 0;
}

int xmlr_next(xmlr *x, const char *const *names, xmlNodePtr *node)
{
    *node = NULL;
    for (;;) {
        /* After a record was handed out, skip its subtree. */
        int rc = x->pending ? xmlTextReaderNext(x->reader)
                            : xmlTextReaderRead(x->reader);
        x->pending = 0;
        if (rc == 0)
            break;
        if (rc < 0 || x->failed) {
            if (!x->failed)
                emb_error_set(x->err, EMB_ERR_PARSE, x->path,
                              xmlTextReaderGetParserLineNumber(x->reader),
                              NULL, "malformed XML");
            return -EMB_ERR_PARSE;
        }
        if (xmlTextReaderNodeType(x->reader) != XML_READER_TYPE_ELEMENT)
            continue;
        const xmlChar *local = xmlTextReaderConstLocalName(x->reader);
        if (!local || !name_in(local, names))
            continue;
        xmlNodePtr n = xmlTextReaderExpand(x->reader);
        if (!n || x->failed) {
            if (!x->failed)
                emb_error_set(x->err, EMB_ERR_PARSE, x->path,
                              xmlTextReaderGetParserLineNumber(x->reader),
                              (const char *)local,
                              "malformed or truncated XML inside <%s>",
                              (const char *)local);
            return -EMB_ERR_PARSE;
        }
        *node = n;
        x->pending = 1;
        return 1;
    }
    if (x->failed)
        return -EMB_ERR_PARSE;
    return 0;
}

long xmlr_line(const xmlr *x, xmlNodePtr node)
{
    if (node && node->line > 0 && node->line < 65535)
        return node->line;
    long l = node ? (long)xmlGetLineNo(node) : -1;
    if (l > 0)
        return l;
    return x->reader ? xmlTextReaderGetParserLineNumber(x->reader) : 0;
}

xmlNodePtr xml_next(const xmlNode *n, const char *name)
{
    for (n = n ? n->next : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && (!name || xml_is(n, name)))
            return (xmlNodePtr)n;
    return NULL;
}

xmlNodePtr xml_child(const xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (xml_is(c, name))
            return c;
    return NULL;
}

char *xml_text(arena *a, const xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return NULL;
    const char *s = (const char *)t;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                   s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    char *out = len ? arena_strndup(a, s, len) : NULL;
    xmlFree(t);
    return out;
}

char *xml_child_text(arena *a, const xmlNode *n, const char *name)
{
    return xml_text(a, xml_child(n, name));
}

char *xml_attr(arena *a, const xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *out = *v ? arena_strdup(a, (const char *)v) : NULL;
    xmlFree(v);
    return out;
}
