/*
 * rowfile.h - reading the user's CSV files by column name (rowfile.c).
 */
#ifndef EMB_RULES_ROWFILE_H
#define EMB_RULES_ROWFILE_H

#include "lists/readers.h"
#include "rules/rules.h"

/* Reads the header record and finds each wanted column; idx[i] = -1 when
 * absent. EMB_OK, or EMB_ERR_FORMAT for an empty file (err filled). */
int rules_header(csv_reader *r, const char *const *want, size_t n_want,
                 int *idx, emb_error *err);
/* The trimmed cell of column idx in the current record, NULL when the
 * column is absent or the cell empty. Trims in place. */
char *rules_cell(const csv_reader *r, int idx);

#endif
