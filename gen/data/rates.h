/*
 * rates.h: the rates per 100,000 inhabitants as downloads (derived
 * figures: see reeks_obs_rate() in reeks.h and doc/statistics.md, "Rates").
 *
 *   data/rates.csv, data/rates.json     every rate, each also .gz
 *   data/rates/ID.csv, .json            the rates of count series ID
 */
#ifndef REEKS_RATES_H
#define REEKS_RATES_H

#include "out/out.h"
#include "reeks.h"
#include "util/buf.h"
#include "util/errlist.h"

/* Rates are per this many inhabitants, with a 95% interval. */
#define RATE_PER 100000.0
#define RATE_LEVEL 0.95

/* The rates of SE (all of ST's series when SE is NULL) as CSV (RFC 4180,
 * CRLF, a header row) or JSON into B. Returns 0, or -1 when B ran out of
 * memory. */
int rates_csv(buf *b, const reeks_store *st, const reeks_series *se);
int rates_json(buf *b, const reeks_store *st, const reeks_series *se);

/* Write data/rates.csv and .json (with .gz) and data/rates/ID.csv and
 * .json for each series with a population series into O. Returns 0, or
 * -1 after adding the reason to ERRS. */
int rates_write(out_dir *o, const reeks_store *st, errlist *errs);

#endif
