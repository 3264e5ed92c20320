/*
 * gen.h: what the parts of the reeks command share.
 */
#ifndef REEKS_GEN_H
#define REEKS_GEN_H

#include <stdio.h>

#include "reeks.h"

/*
 * Write every observation of ST to OUT as RFC 4180 CSV: UTF-8, CRLF line
 * ends, a header row, series in id order and observations in period
 * order. Returns 0, or -1 when writing failed (errno says why).
 */
int export_csv(const reeks_store *st, FILE *out);

#endif /* REEKS_GEN_H */
