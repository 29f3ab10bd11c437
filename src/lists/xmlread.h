/*
 * xmlread.h - streaming access to the XML list formats on top of libxml2's
 * xmlTextReader. A reader walks the document and stops at each record
 * element (sdnEntry, INDIVIDUAL, DistinctParty...), expands just that
 * subtree to a small DOM the caller walks, and then moves on: memory stays
 * bounded by one record, whatever the file size.
 *
 * libxml2 is opened with network access and entity substitution off (no
 * XXE), and its diagnostics are captured instead of printed: the first
 * error becomes an emb_error with the file and line.
 */
#ifndef EMB_LISTS_XMLREAD_H
#define EMB_LISTS_XMLREAD_H

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "lists/readers.h"

typedef struct xmlr {
    xmlTextReaderPtr reader;
    const char *path;
    emb_error *err;
    int failed;     /* a libxml2 error was captured into err */
    int pending;    /* a record was handed out; skip its subtree next */
} xmlr;

/* Opens f for reading. EMB_OK, or EMB_ERR_PARSE / EMB_ERR_NOMEM with err. */
int xmlr_open(xmlr *x, const lists_file *f, emb_error *err);
void xmlr_close(xmlr *x);

/* Moves to the next element whose local name is in names (NULL-terminated)
 * and expands it. Returns 1 with *node set (owned by the reader, valid until
 * the next call), 0 at the end of the document, or a negative emb_status
 * with err filled (malformed or truncated XML). */
int xmlr_next(xmlr *x, const char *const *names, xmlNodePtr *node);

/* Line of the current node (for messages), 0 if unknown. */
long xmlr_line(const xmlr *x, xmlNodePtr node);

/* Local-name comparison that ignores namespaces. */
int xml_is(const xmlNode *n, const char *name);
/* First element child of n with that local name, or NULL. */
xmlNodePtr xml_child(const xmlNode *n, const char *name);
/* Next element sibling after n with that local name (NULL name: any). */
xmlNodePtr xml_next(const xmlNode *n, const char *name);
/* Text content of n with surrounding white space trimmed and inner runs
 * of white space kept, copied into the arena; NULL when n is NULL or the
 * text is empty. */
char *xml_text(arena *a, const xmlNode *n);
/* xml_text of the first child named name. */
char *xml_child_text(arena *a, const xmlNode *n, const char *name);
/* Attribute value (local name), copied into the arena; NULL when absent. */
char *xml_attr(arena *a, const xmlNode *n, const char *name);

#endif
