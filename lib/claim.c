/*
 * claim.c: derived figures as sources printed them, recomputed from the
 * observations they derive from (and from the numerator and denominator
 * of an input printed rounded); the figures of the observations as
 * printed (a share and its numerator and denominator, figures in words).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The number FIELD of OBS; false when the observation does not have it. */
static bool
field_value(const reeks_obs *o, const char *field, const number **out)
{
	const number *n = NULL;

	if (strcmp(field, "value") == 0)
		n = &o->value;
	else if (strcmp(field, "lower") == 0)
		n = &o->x->lower;
	else if (strcmp(field, "upper") == 0)
		n = &o->x->upper;
	else if (strcmp(field, "numerator") == 0)
		n = &o->x->numerator;
	else if (strcmp(field, "denominator") == 0)
		n = &o->x->denominator;
	*out = n;
	return n != NULL && n->text != NULL;
}

/* Find the observation of SERIES_ID at PERIOD; NULL if there is none. */
static const reeks_obs *
find_obs(const reeks_series *se, const char *period)
{
	for (size_t i = 0; i < se->nobs; i++)
		if (strcmp(se->obs[i].period, period) == 0)
			return &se->obs[i];
	return NULL;
}

/* The factor that makes a share of a rate unit from its numerator over
 * its denominator: 100 for a percent; 0 for a unit that is not one. */
static double
unit_scale(reeks_unit u)
{
	return u == REEKS_UNIT_PERCENT ? 100 : u == REEKS_UNIT_PER_100K ?
	    100000 : u == REEKS_UNIT_PER_100PY ? 100 : 0;
}

/* The unrounded figure behind O's value: its printed numerator over its
 * printed denominator, in its unit. False when O's value is not a share
 * with both printed. */
static bool
unrounded_value(const reeks_obs *o, double *out)
{
	const number *num = &o->x->numerator, *den = &o->x->denominator;
	double scale = unit_scale(o->series->unit);

	if (scale == 0 || o->value.text == NULL || num->text == NULL ||
	    den->text == NULL || !(den->v > 0) || num->v > den->v)
		return false;       /* the last two are errors of their own */
	*out = scale * num->v / den->v;
	return true;
}

/* Half a unit of the last decimal of a number printed as TEXT. */
static double
printed_tolerance(const char *text)
{
	const char *dot = strchr(text, '.');
	int decimals = 0;

	while (dot != NULL && dot[1 + decimals] >= '0' &&
	    dot[1 + decimals] <= '9')
		decimals++;
	return 0.5 * pow(10, -decimals);
}

/* Whether V, recomputed, is PRINTED within the tolerance TOL of its
 * rounding. A relative slack of 1e-9 keeps an exact half-way case
 * (printed 10 for 10.5) from failing on rounding error. */
static bool
within(double v, double printed, double tol)
{
	return fabs(v - printed) <= tol * (1 + 1e-9);
}

/* Recompute claim C from A and B with the library's own statistics.
 * Returns REEKS_STAT_OK and sets *OUT. */
static reeks_stat_error
recompute(const reeks_claim *c, double a, double b, double *out)
{
	reeks_stat_error e;

	if (strcmp(c->operation, "pct-change") == 0)
		return reeks_pct_change(a, b, out);
	if (strcmp(c->operation, "share") == 0)
		return reeks_index(a, b, out);
	if (strcmp(c->operation, "difference") == 0)
		return reeks_abs_change(a, b, out);
	/* ratio: an index without its factor 100 */
	if ((e = reeks_index(a, b, out)) == REEKS_STAT_OK)
		*out /= 100;
	return e;
}

static void
check_one(reeks_store *st, reeks_claim *c, reeks_diags *diags)
{
	const number *in[2] = { NULL, NULL };
	bool ok = true;
	double r;
	reeks_stat_error e;

	c->source = (const reeks_source *)reeks_item_find(st->sources,
	    st->nsources, c->source_id);
	if (c->source == NULL)
		reeks_diag_add(diags, REEKS_ERROR, REEKS_DIAG_DATA,
		    c->base.file,
		    c->base.line, "claim '%s': unknown source '%s'",
		    c->base.id, c->source_id != NULL ? c->source_id : "");
	c->tolerance = 0.5 * pow(10, -c->decimals);
	c->verdict = REEKS_CLAIM_NOT_VERIFIABLE;
	if (c->ninputs != 2)
		return;
	for (size_t i = 0; i < 2; i++) {
		claim_input *ci = &c->inputs[i];
		const reeks_series *se = (const reeks_series *)reeks_item_find(
		    st->series, st->nseries, ci->series_id);

		if (se == NULL) {
			reeks_diag_add(diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    c->base.file, ci->line, "claim '%s': unknown "
			    "series '%s'", c->base.id, ci->series_id);
			ok = false;
			continue;
		}
		if ((ci->obs = find_obs(se, ci->period)) == NULL) {
			reeks_diag_add(diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    c->base.file, ci->line, "claim '%s': series '%s' "
			    "has no observation for period '%s'", c->base.id,
			    ci->series_id, ci->period);
			ok = false;
			continue;
		}
		if (!field_value(ci->obs, ci->field, &in[i])) {
			reeks_diag_add(diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    c->base.file, ci->line, "claim '%s': the "
			    "observation '%s' of series '%s' has no %s",
			    c->base.id, ci->period, ci->series_id, ci->field);
			ok = false;
		}
	}
	if (!ok)
		return;
	if ((e = recompute(c, in[0]->v, in[1]->v, &r)) != REEKS_STAT_OK) {
		reeks_diag_add(diags, REEKS_ERROR, REEKS_DIAG_DATA,
		    c->base.file,
		    c->base.line, "claim '%s': %s of %s and %s cannot be "
		    "computed: %s", c->base.id, c->operation, in[0]->text,
		    in[1]->text, reeks_stat_strerror(e));
		return;
	}
	c->recomputed = r;
	/* An input printed rounded, as a share with its numerator and
	 * denominator: the claim recomputed from the unrounded figures too. */
	double u[2] = { in[0]->v, in[1]->v }, ur;
	bool rounded = false;

	for (size_t i = 0; i < 2; i++)
		if (strcmp(c->inputs[i].field, "value") == 0 &&
		    unrounded_value(c->inputs[i].obs, &u[i]))
			rounded = true;
	if (rounded && recompute(c, u[0], u[1], &ur) == REEKS_STAT_OK) {
		c->has_unrounded = true;
		c->unrounded = ur;
	}
	if (within(r, c->value.v, c->tolerance)) {
		c->verdict = c->has_unrounded && !within(c->unrounded,
		    c->value.v, c->tolerance) ? REEKS_CLAIM_HOLDS_ROUNDED :
		    REEKS_CLAIM_HOLDS;
		return;
	}
	if (c->has_unrounded && within(c->unrounded, c->value.v,
	    c->tolerance)) {
		c->verdict = REEKS_CLAIM_HOLDS;
		return;
	}
	c->verdict = REEKS_CLAIM_DOES_NOT_HOLD;

	char got[64], tol[64], num[64], unr[96] = "";
	reeks_fmt_fixed(got, sizeof got, r, c->decimals + 1);
	reeks_fmt_fixed(tol, sizeof tol, c->tolerance, c->decimals + 1);
	if (c->has_unrounded) {
		reeks_fmt_fixed(num, sizeof num, c->unrounded,
		    c->decimals + 1);
		snprintf(unr, sizeof unr, " (%s unrounded)", num);
	}
	reeks_diag_add(diags, REEKS_WARNING, REEKS_DIAG_DATA, c->base.file,
	    c->base.line, "claim '%s' does not hold: %s of %s and %s "
	    "recomputes to %s%s, not %s (within %s)", c->base.id,
	    c->operation, in[0]->text, in[1]->text, got, unr, c->value.text,
	    tol);
}

/* Whether TEXT, a figure as the source printed it, is in words: "two
 * thirds", "¼", "no" (no digit in it). */
static bool
in_words(const char *text)
{
	return text != NULL && strpbrk(text, "0123456789") == NULL;
}

/* The figures of SE as printed: a share with its numerator and
 * denominator must be their quotient within its printed rounding, and a
 * figure in words that is not a count ("two thirds" of a percent) is
 * approximate, not exact. */
static void
check_printed(const reeks_series *se, reeks_diags *diags)
{
	bool whole = se->unit == REEKS_UNIT_COUNT ||
	    se->unit == REEKS_UNIT_PERSONS || se->unit == REEKS_UNIT_PLACES;

	for (size_t i = 0; i < se->nobs; i++) {
		const reeks_obs *o = &se->obs[i];
		double v, tol;

		if ((o->qualifier == REEKS_QUAL_EXACT ||
		    o->qualifier == REEKS_QUAL_APPROX) &&
		    unrounded_value(o, &v) && !within(v, o->value.v,
		    tol = printed_tolerance(o->value.text))) {
			char got[64], half[64];
			int d = (int)lround(-log10(2 * tol)) + 1;

			reeks_fmt_fixed(got, sizeof got, v, d);
			reeks_fmt_fixed(half, sizeof half, tol, d);
			reeks_diag_add(diags, REEKS_WARNING, REEKS_DIAG_DATA,
			    se->base.file, o->line, "value '%s' is not "
			    "numerator '%s' over denominator '%s': they give "
			    "%s, not %s (within %s)", o->value.text,
			    o->x->numerator.text, o->x->denominator.text, got,
			    o->value.text, half);
		}
		if (!whole && o->qualifier == REEKS_QUAL_EXACT &&
		    o->value.text != NULL && in_words(o->x->printed))
			reeks_diag_add(diags, REEKS_WARNING, REEKS_DIAG_DATA,
			    se->base.file, o->line, "value '%s' was printed "
			    "in words ('%s'): a figure in words is "
			    "approximate, not exact (qualifier=\"approx\")",
			    o->value.text, o->x->printed);
	}
}

void
reeks_claims_check(reeks_store *st, reeks_diags *diags)
{
	for (size_t i = 0; i < st->nseries; i++)
		check_printed((const reeks_series *)st->series[i], diags);
	for (size_t i = 0; i < st->nclaims; i++)
		check_one(st, (reeks_claim *)st->claims[i], diags);
}

size_t reeks_store_claim_count(const reeks_store *st) { return st->nclaims; }

const reeks_claim *
reeks_store_claim_at(const reeks_store *st, size_t i)
{
	return i < st->nclaims ? (const reeks_claim *)st->claims[i] : NULL;
}

const reeks_claim *
reeks_claim_find(const reeks_store *st, const char *id)
{
	return (const reeks_claim *)reeks_item_find(st->claims, st->nclaims,
	    id);
}

size_t
reeks_claims_by_series(const reeks_store *st, const char *id,
    const reeks_claim **out, size_t max)
{
	size_t n = 0;
	const reeks_series *se;

	if (id == NULL)
		return 0;
	/* Inputs are resolved to observations when the store loads, so the
	 * series compare as pointers; by id only if one is not. */
	se = reeks_series_find(st, id);
	for (size_t i = 0; i < st->nclaims; i++) {
		const reeks_claim *c = (const reeks_claim *)st->claims[i];
		bool uses = false;

		for (size_t j = 0; j < c->ninputs && !uses; j++) {
			const claim_input *in = &c->inputs[j];

			uses = in->obs != NULL ? in->obs->series == se :
			    strcmp(in->series_id, id) == 0;
		}
		if (!uses)
			continue;
		if (n < max)
			out[n] = c;
		n++;
	}
	return n;
}

const char *reeks_claim_id(const reeks_claim *c) { return c->base.id; }
const char *reeks_claim_operation(const reeks_claim *c)
    { return c->operation; }
const char *reeks_claim_value_text(const reeks_claim *c)
    { return c->value.text; }
double reeks_claim_value(const reeks_claim *c) { return c->value.v; }
const char *reeks_claim_printed(const reeks_claim *c) { return c->printed; }
const reeks_source *reeks_claim_source(const reeks_claim *c)
    { return c->source; }
const char *reeks_claim_locator(const reeks_claim *c) { return c->locator; }

const char *
reeks_claim_locator_translation(const reeks_claim *c, reeks_lang lang)
{
	return c->at.lang[lang == REEKS_NL ? 1 : 0];
}

const char *
reeks_claim_locator_lang(const reeks_claim *c, reeks_lang lang)
{
	const char *t = c->at.lang[lang == REEKS_NL ? 1 : 0];

	return t != NULL ? t : c->locator;
}
const char *reeks_claim_excerpt(const reeks_claim *c) { return c->excerpt; }
const char *
reeks_claim_note(const reeks_claim *c, reeks_lang lang)
{
	return c->note.lang[lang == REEKS_NL ? 1 : 0];
}
size_t reeks_claim_input_count(const reeks_claim *c) { return c->ninputs; }
const reeks_obs *
reeks_claim_input_obs(const reeks_claim *c, size_t i)
{
	return i < c->ninputs ? c->inputs[i].obs : NULL;
}
const char *
reeks_claim_input_field(const reeks_claim *c, size_t i)
{
	return i < c->ninputs ? c->inputs[i].field : NULL;
}
reeks_claim_verdict reeks_claim_verdict_of(const reeks_claim *c)
    { return c->verdict; }
double reeks_claim_recomputed(const reeks_claim *c) { return c->recomputed; }
bool
reeks_claim_unrounded(const reeks_claim *c, double *out)
{
	if (c->has_unrounded && out != NULL)
		*out = c->unrounded;
	return c->has_unrounded;
}
double reeks_claim_tolerance(const reeks_claim *c) { return c->tolerance; }
const char *reeks_claim_file(const reeks_claim *c) { return c->base.file; }
unsigned long reeks_claim_line(const reeks_claim *c) { return c->base.line; }
