/*
 * stats.c: changes, rates, confidence intervals and log-linear trends,
 * built on the distributions in distrib.c.
 *
 * Every function checks all of its arguments before computing anything,
 * in this order: any NaN or infinity (REEKS_STAT_NOT_FINITE), then each
 * argument's own domain in the order of the parameter list (for the
 * trends: the number of points, the values, the times, the level). The
 * result is computed into locals and written to *OUT only when every part
 * of it is a double with all its digits: a result beyond the double range
 * (an infinity, or a value not 0 but below DBL_MIN, about 2.2e-308, where
 * digits are lost) is REEKS_STAT_RANGE, never an infinity, a wrong 0 or a
 * bound that misses its estimate. Huge or tiny arguments are combined so
 * that no intermediate leaves the range when the result does not: ratios
 * of sizes through their exponents (mul_div), times of a trend scaled by
 * a power of 2. OUT must point to writable memory.
 *
 * References:
 *  Garwood, F. (1936). Fiducial limits for the Poisson distribution.
 *    Biometrika 28(3/4), 437-442.
 *  Clopper, C. J. and Pearson, E. S. (1934). The use of confidence or
 *    fiducial limits illustrated in the case of the binomial. Biometrika
 *    26(4), 404-413.
 *  Wilson, E. B. (1927). Probable inference, the law of succession, and
 *    statistical inference. JASA 22(158), 209-212.
 *  Clegg, L. X., Hankey, B. F., Tiwari, R., Feuer, E. J. and Edwards, B. K.
 *    (2009). Estimating average annual per cent change in trend analysis.
 *    Statistics in Medicine 28(29), 3670-3682.
 */
#include <float.h>
#include <math.h>
#include <stddef.h>

#include "reeks.h"

const char *
reeks_stat_strerror(reeks_stat_error e)
{
	switch (e) {
	case REEKS_STAT_OK:
		return "no error";
	case REEKS_STAT_NOT_FINITE:
		return "a number is NaN or infinite";
	case REEKS_STAT_NEGATIVE:
		return "a count, size or time is negative";
	case REEKS_STAT_NOT_INTEGER:
		return "a count is not a whole number";
	case REEKS_STAT_X_ABOVE_N:
		return "x is greater than n";
	case REEKS_STAT_ZERO_DIVISOR:
		return "a base, size or time is zero";
	case REEKS_STAT_LEVEL:
		return "level must be between 0 and 1";
	case REEKS_STAT_PROBABILITY:
		return "probability must be between 0 and 1";
	case REEKS_STAT_PARAMETER:
		return "a parameter (degrees of freedom, shape or segment "
		    "start) is out of range";
	case REEKS_STAT_TOO_FEW:
		return "needs at least 3 points";
	case REEKS_STAT_NOT_POSITIVE:
		return "a log trend or growth rate needs values above 0";
	case REEKS_STAT_SAME_TIME:
		return "the times are all the same";
	case REEKS_STAT_NO_CONVERGENCE:
		return "the computation did not converge";
	case REEKS_STAT_NO_MEMORY:
		return "out of memory";
	case REEKS_STAT_TOO_LARGE:
		return "degrees of freedom or shape above 1e10, beyond the "
		    "tested range";
	case REEKS_STAT_RANGE:
		return "the result is out of the range of a double "
		    "(magnitude above 1.8e308, or not 0 but below 2.2e-308)";
	}
	return "unknown error";
}

/* ---- argument checks ---------------------------------------------------- */

/* X must be a non-negative whole number (already known to be finite). */
static reeks_stat_error
check_count(double x)
{
	if (x < 0)
		return REEKS_STAT_NEGATIVE;
	if (x != floor(x))
		return REEKS_STAT_NOT_INTEGER;
	return REEKS_STAT_OK;
}

/* A size, population or time that is divided by: above 0. */
static reeks_stat_error
check_size(double s)
{
	if (s < 0)
		return REEKS_STAT_NEGATIVE;
	if (s == 0)
		return REEKS_STAT_ZERO_DIVISOR;
	return REEKS_STAT_OK;
}

static reeks_stat_error
check_level(double level)
{
	if (!(level > 0 && level < 1))
		return REEKS_STAT_LEVEL;
	return REEKS_STAT_OK;
}

/* X of N trials: both counts, N > 0, X <= N. */
static reeks_stat_error
check_x_of_n(double x, double n)
{
	reeks_stat_error e;

	if ((e = check_count(x)) != REEKS_STAT_OK ||
	    (e = check_count(n)) != REEKS_STAT_OK)
		return e;
	if (n == 0)
		return REEKS_STAT_ZERO_DIVISOR;
	if (x > n)
		return REEKS_STAT_X_ABOVE_N;
	return REEKS_STAT_OK;
}

/* V is a result a double holds with all its digits: 0, or finite and
 * at least DBL_MIN in magnitude. */
static int
in_range(double v)
{
	return v == 0 || isnormal(v);
}

/* Write E, L, U to *OUT if all three are in range. */
static reeks_stat_error
put_interval(double e, double l, double u, reeks_interval *out)
{
	if (!in_range(e) || !in_range(l) || !in_range(u))
		return REEKS_STAT_RANGE;
	out->estimate = e;
	out->lower = l;
	out->upper = u;
	return REEKS_STAT_OK;
}

static reeks_stat_error
put(double v, double *out)
{
	if (!in_range(v))
		return REEKS_STAT_RANGE;
	*out = v;
	return REEKS_STAT_OK;
}

/*
 * A / C * B for finite A, B and C not 0, with the mantissas and the
 * exponents combined apart so that no intermediate overflows or
 * underflows: the same roundings as A / C * B where that stays in range
 * (scaling by a power of 2 is exact), then one by ldexp. The result is an
 * infinity or below DBL_MIN only when the true one is; a true result not 0
 * that underflows to 0 is a NaN, so that in_range() refuses it too.
 */
static double
mul_div(double a, double b, double c)
{
	int ea, eb, ec;
	double ma, mb, mc, r;

	if (a == 0 || b == 0)
		return 0;
	ma = frexp(a, &ea);
	mb = frexp(b, &eb);
	mc = frexp(c, &ec);
	r = ldexp(ma / mc * mb, ea - ec + eb);
	return r == 0 ? NAN : r;
}

/* ---- changes ---------------------------------------------------------------- */

reeks_stat_error
reeks_abs_change(double a, double b, double *out)
{
	if (!isfinite(a) || !isfinite(b))
		return REEKS_STAT_NOT_FINITE;
	return put(b - a, out);
}

/* 100 (B - A) / A; when B - A overflows, 100 (B / A - 1). */
reeks_stat_error
reeks_pct_change(double a, double b, double *out)
{
	double r;

	if (!isfinite(a) || !isfinite(b))
		return REEKS_STAT_NOT_FINITE;
	if (a == 0)
		return REEKS_STAT_ZERO_DIVISOR;
	r = 100 * (b - a) / a;
	if (!isfinite(r))
		r = 100 * (b / a - 1);
	return put(r, out);
}

/*
 * 100 ((B / A)^(1 / YEARS) - 1), as 100 expm1(ln(B / A) / YEARS) so that
 * small rates keep their digits; ln(B / A) is log1p((B - A) / A) when A and
 * B are within a factor 2 (where B - A is exact). When ln(B / A) / YEARS
 * is so small that expm1 of it is itself, 100 ln(B / A) / YEARS, which
 * does not pass through a number below DBL_MIN.
 */
reeks_stat_error
reeks_cagr(double a, double b, double years, double *out)
{
	double l, q;

	if (!isfinite(a) || !isfinite(b) || !isfinite(years))
		return REEKS_STAT_NOT_FINITE;
	if (a <= 0 || b <= 0)
		return REEKS_STAT_NOT_POSITIVE;
	if (years < 0)
		return REEKS_STAT_NEGATIVE;
	if (years == 0)
		return REEKS_STAT_ZERO_DIVISOR;
	q = b / a;
	if (b >= a / 2 && b <= 2 * a)
		l = log1p((b - a) / a);
	else if (isfinite(q) && q > 0)
		l = log(q);
	else
		l = log(b) - log(a);
	if (fabs(l / years) < 0x1p-60)
		return put(mul_div(l, 100, years), out);
	return put(100 * expm1(l / years), out);
}

/* 100 X / BASE by mul_div(): x / base * 100 where that stays in range. */
reeks_stat_error
reeks_index(double x, double base, double *out)
{

	if (!isfinite(x) || !isfinite(base))
		return REEKS_STAT_NOT_FINITE;
	if (base == 0)
		return REEKS_STAT_ZERO_DIVISOR;
	return put(mul_div(x, 100, base), out);
}

/* ---- counts and proportions ---------------------------------------------- */

/*
 * Garwood's exact interval, as R's poisson.test: the lower bound is the
 * (1 - level)/2 quantile of chi-square with 2x degrees of freedom, halved
 * (0 for x = 0); the upper bound the (1 + level)/2 quantile with 2x + 2.
 */
reeks_stat_error
reeks_poisson_ci(double x, double level, reeks_interval *out)
{
	reeks_stat_error e;
	double lo = 0, hi;

	if (!isfinite(x) || !isfinite(level))
		return REEKS_STAT_NOT_FINITE;
	if ((e = check_count(x)) != REEKS_STAT_OK ||
	    (e = check_level(level)) != REEKS_STAT_OK)
		return e;
	if (x > 0 &&
	    (e = reeks_qchisq((1 - level) / 2, 2 * x, &lo)) != REEKS_STAT_OK)
		return e;
	if ((e = reeks_qchisq((1 + level) / 2, 2 * x + 2, &hi)) !=
	    REEKS_STAT_OK)
		return e;
	return put_interval(x, lo / 2, hi / 2, out);
}

/* The count's interval from reeks_poisson_ci(), each figure divided by
 * POP and multiplied by PER, in that order (as x / pop * per in R), by
 * mul_div() so that a huge or tiny POP and PER do not overflow or
 * underflow when the rate does not. */
reeks_stat_error
reeks_rate_ci(double x, double pop, double per, double level,
    reeks_interval *out)
{
	reeks_stat_error e;
	reeks_interval c;

	if (!isfinite(x) || !isfinite(pop) || !isfinite(per) ||
	    !isfinite(level))
		return REEKS_STAT_NOT_FINITE;
	if ((e = check_count(x)) != REEKS_STAT_OK ||
	    (e = check_size(pop)) != REEKS_STAT_OK ||
	    (e = check_size(per)) != REEKS_STAT_OK ||
	    (e = check_level(level)) != REEKS_STAT_OK)
		return e;
	if ((e = reeks_poisson_ci(x, level, &c)) != REEKS_STAT_OK)
		return e;
	return put_interval(mul_div(c.estimate, per, pop),
	    mul_div(c.lower, per, pop), mul_div(c.upper, per, pop), out);
}

/*
 * The Wilson score interval: the roots p of (p - x/n)^2 = z^2 p (1 - p) / n
 * with z the (1 + level)/2 normal quantile, i.e. of A p^2 - B p + C = 0 with
 * A = n + z^2, B = 2x + z^2, C = x^2 / n. The discriminant is
 * z^2 (z^2 + 4 x (n - x) / n), free of cancellation; the upper root is
 * (B + sqrt of it) / 2A, computed halved above and below (the same bits)
 * so that counts near the largest double do not overflow, and the lower
 * one C / (A * upper), so that a small lower bound keeps its digits. x = 0 gives lower 0, x = n upper 1, as R's
 * prop.test(correct = FALSE).
 */
reeks_stat_error
reeks_wilson_ci(double x, double n, double level, reeks_interval *out)
{
	reeks_stat_error e;
	double z, z2, a, hi, lo;

	if (!isfinite(x) || !isfinite(n) || !isfinite(level))
		return REEKS_STAT_NOT_FINITE;
	if ((e = check_x_of_n(x, n)) != REEKS_STAT_OK ||
	    (e = check_level(level)) != REEKS_STAT_OK)
		return e;
	if ((e = reeks_qnorm((1 + level) / 2, &z)) != REEKS_STAT_OK)
		return e;
	z2 = z * z;
	a = n + z2;
	hi = (x + z2 / 2 + z * sqrt(z2 / 4 + x * ((n - x) / n))) / a;
	lo = x == 0 ? 0 : x / n * x / (a * hi);
	if (x == n || hi > 1)
		hi = 1;
	return put_interval(x / n, lo, hi, out);
}

/*
 * Clopper-Pearson, as R's binom.test: lower bound the (1 - level)/2
 * quantile of Beta(x, n - x + 1) (0 for x = 0), upper bound the
 * (1 + level)/2 quantile of Beta(x + 1, n - x) (1 for x = n).
 */
reeks_stat_error
reeks_exact_binom_ci(double x, double n, double level, reeks_interval *out)
{
	reeks_stat_error e;
	double lo = 0, hi = 1;

	if (!isfinite(x) || !isfinite(n) || !isfinite(level))
		return REEKS_STAT_NOT_FINITE;
	if ((e = check_x_of_n(x, n)) != REEKS_STAT_OK ||
	    (e = check_level(level)) != REEKS_STAT_OK)
		return e;
	if (x > 0 && (e = reeks_qbeta((1 - level) / 2, x, n - x + 1, &lo)) !=
	    REEKS_STAT_OK)
		return e;
	if (x < n && (e = reeks_qbeta((1 + level) / 2, x + 1, n - x, &hi)) !=
	    REEKS_STAT_OK)
		return e;
	return put_interval(x / n, lo, hi, out);
}

/*
 * p / (1 - p) for the P-quantile of Beta(A, B): when the quantile is above
 * 1/2, 1 - it is taken as the (1 - P)-quantile of Beta(B, A), so that the
 * odds keep their digits near 1.
 */
static reeks_stat_error
beta_quantile_odds(double p, double a, double b, double *odds)
{
	reeks_stat_error e;
	double q, c;

	if ((e = reeks_qbeta(p, a, b, &q)) != REEKS_STAT_OK)
		return e;
	if (q <= 0.5) {
		*odds = q / (1 - q);
		return REEKS_STAT_OK;
	}
	if ((e = reeks_qbeta(1 - p, b, a, &c)) != REEKS_STAT_OK)
		return e;
	*odds = (1 - c) / c;
	return REEKS_STAT_OK;
}

/*
 * As R's poisson.test(c(x1, x2), c(t1, t2)): given x1 + x2 events, x1 is
 * binomial with p = t1 r / (t1 r + t2) for the rate ratio r; the
 * Clopper-Pearson bounds for p, as odds p / (1 - p), times t2 / t1 are the
 * bounds for r. The estimate is (x1 / x2) (t2 / t1). Each is computed by
 * mul_div(), so that t1 and t2 far apart do not overflow or underflow
 * (x1 / t1 / (x2 / t2) made 1e9 1 1e9 1e-300 an estimate of 0 outside its
 * interval).
 */
reeks_stat_error
reeks_rate_ratio_ci(double x1, double t1, double x2, double t2, double level,
    reeks_interval *out)
{
	reeks_stat_error e;
	double lo = 0, hi;

	if (!isfinite(x1) || !isfinite(t1) || !isfinite(x2) || !isfinite(t2) ||
	    !isfinite(level))
		return REEKS_STAT_NOT_FINITE;
	if ((e = check_count(x1)) != REEKS_STAT_OK ||
	    (e = check_size(t1)) != REEKS_STAT_OK ||
	    (e = check_count(x2)) != REEKS_STAT_OK ||
	    (e = check_size(t2)) != REEKS_STAT_OK)
		return e;
	if (x2 == 0)
		return REEKS_STAT_ZERO_DIVISOR;
	if ((e = check_level(level)) != REEKS_STAT_OK)
		return e;
	if (x1 > 0 && (e = beta_quantile_odds((1 - level) / 2, x1, x2 + 1,
	    &lo)) != REEKS_STAT_OK)
		return e;
	if ((e = beta_quantile_odds((1 + level) / 2, x1 + 1, x2, &hi)) !=
	    REEKS_STAT_OK)
		return e;
	return put_interval(mul_div(x1 / x2, t2, t1), mul_div(lo, t2, t1),
	    mul_div(hi, t2, t1), out);
}

/* ---- log-linear trends ------------------------------------------------------ */

/* A least-squares line through (t, ln v) of some points, in times
 * scaled by 2^-k (see time_scale()). */
typedef struct fit {
	double slope;           /* b, per scaled unit of time */
	double var;             /* its variance, s^2 / Sxx */
} fit;

/*
 * The exponent k such that the times T[0..N-1] divided by 2^k are below 1
 * in magnitude, the largest at least 1/2 (0 when all are 0). Dividing by a
 * power of 2 is exact, so a fit in the scaled times gives the same bits as
 * in the times themselves, scaled; but neither the differences of times
 * near the largest double (-1e308 and 1e308) nor the squares of tiny or
 * huge differences leave the double range on the way.
 */
static int
time_scale(const double *t, size_t n)
{
	double m = 0;
	int k = 0;

	for (size_t i = 0; i < n; i++)
		m = fmax(m, fabs(t[i]));
	if (m > 0)
		(void)frexp(m, &k);
	return k;
}

/*
 * Fit ln V[i] = a + b T[i] / 2^K over points FROM..TO (inclusive, at least
 * 3 points, values > 0 and finite): with t and ln v taken relative to the
 * first point and then to their means (two passes), so that equal values
 * give a slope and residuals of exactly 0. REEKS_STAT_SAME_TIME when all
 * the times are equal.
 */
static reeks_stat_error
fit_loglinear(const double *t, const double *v, size_t from, size_t to,
    int k, fit *f)
{
	double n = (double)(to - from + 1);
	double t0 = ldexp(t[from], -k), y0 = log(v[from]);
	double st = 0, sy = 0, mt, my, sxx = 0, sxy = 0, rss = 0, b;

	for (size_t i = from; i <= to; i++) {
		st += ldexp(t[i], -k) - t0;
		sy += log(v[i]) - y0;
	}
	mt = st / n;
	my = sy / n;
	for (size_t i = from; i <= to; i++) {
		double dt = ldexp(t[i], -k) - t0 - mt;
		double dy = log(v[i]) - y0 - my;

		sxx += dt * dt;
		sxy += dt * dy;
	}
	if (!(sxx > 0))
		return REEKS_STAT_SAME_TIME;
	b = sxy / sxx;
	for (size_t i = from; i <= to; i++) {
		double r = log(v[i]) - y0 - my -
		    b * (ldexp(t[i], -k) - t0 - mt);

		rss += r * r;
	}
	f->slope = b;
	f->var = rss / (n - 2) / sxx;
	if (!isfinite(f->slope) || !isfinite(f->var))
		return REEKS_STAT_RANGE;
	return REEKS_STAT_OK;
}

/* 100 (e^(X / 2^K) - 1); when that is 100 X / 2^K to the last digit,
 * computed so, without a number below DBL_MIN on the way (and a NaN, which
 * put_interval() refuses, when it underflows to 0). */
static double
percent_of_slope(double x, int k)
{
	double b = ldexp(x, -k), r;

	if (fabs(b) < 0x1p-60) {
		r = ldexp(100 * x, -k);
		return r == 0 && x != 0 ? NAN : r;
	}
	return 100 * expm1(b);
}

/* The annual percent change 100 (e^b - 1) of slope B / 2^K with the
 * interval from (B +- t * sqrt(VAR)) / 2^K, t the (1 + level)/2 quantile
 * with DF degrees of freedom. */
static reeks_stat_error
percent_interval(double b, double var, int k, double df, double level,
    reeks_interval *out)
{
	reeks_stat_error e;
	double tq, half;

	if ((e = reeks_qt((1 + level) / 2, df, &tq)) != REEKS_STAT_OK)
		return e;
	half = tq * sqrt(var);
	return put_interval(percent_of_slope(b, k),
	    percent_of_slope(b - half, k), percent_of_slope(b + half, k), out);
}

/* The checks common to reeks_apc() and reeks_aapc(), after the segments'
 * own. */
static reeks_stat_error
check_series(const double *times, const double *values, size_t n,
    double level)
{
	if (n > 0 && (times == NULL || values == NULL))
		return REEKS_STAT_PARAMETER;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(times[i]) || !isfinite(values[i]))
			return REEKS_STAT_NOT_FINITE;
	if (!isfinite(level))
		return REEKS_STAT_NOT_FINITE;
	if (n < 3)
		return REEKS_STAT_TOO_FEW;
	for (size_t i = 0; i < n; i++)
		if (!(values[i] > 0))
			return REEKS_STAT_NOT_POSITIVE;
	return REEKS_STAT_OK;
}

/* TIMES and VALUES point to N numbers each (they may be NULL when N is
 * 0); NULL with N > 0 is REEKS_STAT_PARAMETER. */
reeks_stat_error
reeks_apc(const double *times, const double *values, size_t n, double level,
    reeks_interval *out)
{
	reeks_stat_error e;
	fit f;
	int k;

	if ((e = check_series(times, values, n, level)) != REEKS_STAT_OK)
		return e;
	k = time_scale(times, n);
	if ((e = fit_loglinear(times, values, 0, n - 1, k, &f)) !=
	    REEKS_STAT_OK)
		return e;
	if ((e = check_level(level)) != REEKS_STAT_OK)
		return e;
	return percent_interval(f.slope, f.var, k, (double)n - 2, level, out);
}

/*
 * Besides the contract in reeks.h: STARTS NULL, NSEGMENTS 0 or STARTS[0]
 * not 0 is REEKS_STAT_PARAMETER; starts that do not increase or a segment
 * of fewer than 3 points REEKS_STAT_TOO_FEW; a segment whose times are all
 * equal, or whose last time is not after its first (the weight would not
 * be positive), REEKS_STAT_SAME_TIME.
 */
reeks_stat_error
reeks_aapc(const double *times, const double *values, size_t n,
    const size_t *starts, size_t nsegments, double level,
    reeks_interval *out)
{
	reeks_stat_error e;
	double sum_wb = 0, sum_w = 0, df = 0, var = 0;
	int sc;

	if ((e = check_series(times, values, n, level)) != REEKS_STAT_OK)
		return e;
	if (starts == NULL || nsegments == 0 || starts[0] != 0)
		return REEKS_STAT_PARAMETER;
	for (size_t k = 0; k < nsegments; k++) {
		size_t end = k + 1 < nsegments ? starts[k + 1] : n - 1;

		if (starts[k] >= n || end >= n || end <= starts[k] ||
		    end - starts[k] < 2)
			return REEKS_STAT_TOO_FEW;
	}
	/* Two passes: the weights' total is needed for the variance. Times
	 * and weights are scaled by 2^-sc, as in fit_loglinear(). */
	sc = time_scale(times, n);
	for (size_t k = 0; k < nsegments; k++) {
		size_t end = k + 1 < nsegments ? starts[k + 1] : n - 1;
		double w = ldexp(times[end], -sc) - ldexp(times[starts[k]], -sc);
		fit f;

		if ((e = fit_loglinear(times, values, starts[k], end, sc,
		    &f)) != REEKS_STAT_OK)
			return e;
		if (!(w > 0))
			return REEKS_STAT_SAME_TIME;
		sum_wb += w * f.slope;
		sum_w += w;
		df += (double)(end - starts[k] + 1) - 2;
	}
	if ((e = check_level(level)) != REEKS_STAT_OK)
		return e;
	for (size_t k = 0; k < nsegments; k++) {
		size_t end = k + 1 < nsegments ? starts[k + 1] : n - 1;
		double w = (ldexp(times[end], -sc) -
		    ldexp(times[starts[k]], -sc)) / sum_w;
		fit f;

		if ((e = fit_loglinear(times, values, starts[k], end, sc,
		    &f)) != REEKS_STAT_OK)
			return e;
		var += w * w * f.var;
	}
	return percent_interval(sum_wb / sum_w, var, sc, df, level, out);
}
