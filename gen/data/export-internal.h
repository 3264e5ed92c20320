/*
 * export-internal.h: what the XML and JSON exports (gen/data/xml.c,
 * gen/data/json.c) share: the selection of what an export holds, made
 * in gen/data/select.c. Not for use outside gen/data/.
 */
#ifndef REEKS_EXPORT_INTERNAL_H
#define REEKS_EXPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "reeks.h"
#include "gen.h"

/* ---------------------------------------------------------------------
 * What an export holds: the whole store, or one series with what it
 * refers to.
 * ------------------------------------------------------------------- */

typedef struct selection {
	const reeks_store *st;
	const reeks_series *only;   /* NULL: everything */
	const reeks_claim **claims; /* with ONLY: the claims that go with it */
	size_t nclaims;
	const export_cuts *cuts;    /* the whole dataset in pieces, or NULL */
} selection;

/* EXPORT of everything (SE NULL) or of series SE to OUT, with CUTS (see
 * export_csv_pieces(); only without SE). Returns what EXPORT returns, or
 * -1 with errno ENOMEM out of memory. */
int export_selected(int (*export)(const selection *, FILE *),
    const reeks_store *st, const reeks_series *se, const export_cuts *cuts,
    FILE *out);

/* The series and claims SEL holds, by index. */
size_t sel_series_count(const selection *sel);
const reeks_series *sel_series_at(const selection *sel, size_t i);
size_t sel_claim_count(const selection *sel);
const reeks_claim *sel_claim_at(const selection *sel, size_t i);

/* Whether SEL holds the item: everything does without a series; with
 * one, what it refers to. */
bool sel_topic(const selection *sel, const reeks_topic *t);
bool sel_geography(const selection *sel, const reeks_geography *g);
bool sel_claim(const selection *sel, const reeks_claim *c);
bool sel_change(const selection *sel, const reeks_change *c);
bool sel_source(const selection *sel, const reeks_source *src);

#endif
