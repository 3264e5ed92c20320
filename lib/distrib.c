/*
 * distrib.c: distribution functions and quantiles of the standard normal,
 * Student t, chi-square and beta distributions.
 *
 * Everything is built on libm (erfc, log1p, expm1, fma and, for shapes
 * below 10, tgamma) and two special functions computed here (the gamma
 * one in lib/gamma.c):
 *
 *  - the regularized incomplete gamma function P(a, x), for chi-square:
 *    pchisq(x, df) = P(df/2, x/2) (Abramowitz & Stegun 26.4.19);
 *  - the regularized incomplete beta function I_x(a, b), for beta and
 *    Student t: P(|T| > t) = I_{df/(df+t^2)}(df/2, 1/2) (A&S 26.7.1).
 *
 * Each computes one tail directly (the one its series or continued
 * fraction converges for; the other is one minus it), in logarithms so
 * that nothing underflows on the way, with the leading factor
 * (x^a e^-x / Gamma(a), x^a (1-x)^b / B(a, b)) rearranged for large shapes
 * so that the large terms cancel in the algebra rather than in floating
 * point (DiDonato & Morris 1986, 1992).
 *
 * Quantiles solve F(x) = p by Newton's method on ln F, in ln x for
 * chi-square and in logit x for beta and t, inside a bracket that every
 * step narrows: a step that leaves the bracket, or that does not halve
 * the one before last, is replaced by bisection; an unbounded bracket is
 * widened by doubling steps. The iteration is bounded and returns
 * REEKS_STAT_NO_CONVERGENCE when the bound is reached.
 *
 * References:
 *  Abramowitz, M. and Stegun, I. A. (1964). Handbook of Mathematical
 *    Functions. NBS Applied Mathematics Series 55.
 *  Best, D. J. and Roberts, D. E. (1975). Algorithm AS 91: The percentage
 *    points of the chi-squared distribution. Applied Statistics 24(3),
 *    385-388.
 *  Cran, G. W., Martin, K. J. and Thomas, G. E. (1977). Algorithm AS 109:
 *    Inverse of the incomplete beta function ratio. Applied Statistics
 *    26(1), 111-114.
 *  DiDonato, A. R. and Morris, A. H. (1986). Computation of the incomplete
 *    gamma function ratios and their inverse. ACM TOMS 12(4), 377-393.
 *  DiDonato, A. R. and Morris, A. H. (1992). Algorithm 708: Significant
 *    digit computation of the incomplete beta function ratios. ACM TOMS
 *    18(3), 360-373.
 *  Lentz, W. J. (1976). Generating Bessel functions in Mie scattering
 *    calculations using continued fractions. Applied Optics 15(3),
 *    668-671; modified by Thompson, I. J. and Barnett, A. R. (1986),
 *    J. Computational Physics 64, 490-509.
 *  Maechler, M. (2012). Accurately computing log(1 - exp(-|a|)). R
 *    package Rmpfr, vignette.
 *  Wichura, M. J. (1988). Algorithm AS 241: The percentage points of the
 *    normal distribution. Applied Statistics 37(3), 477-484.
 *  Wilson, E. B. and Hilferty, M. M. (1931). The distribution of
 *    chi-square. PNAS 17(12), 684-688.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>

#include "internal.h"

#define SQRT1_2     0.707106781186547524400844362105   /* 1 / sqrt(2) */
#define LN2         0.693147180559945309417232121458

/* Steps of a quantile's root finding. Bisection alone halves a bracket
 * of width 1500 (the whole double range in logarithms) to 1e-16 in 65. */
#define MAX_STEPS 300

/* ---- elementary pieces -------------------------------------------- */

/* ln(1 - e^l) for l <= 0, choosing expm1 or log1p by where each is exact
 * (Maechler 2012). */
static double
log1mexp(double l)
{
	return l > -LN2 ? log(-expm1(l)) : log1p(-exp(l));
}

/* The tail WANT_UPPER of a distribution whose tail COMPUTED_UPPER has the
 * logarithm LNW: as a probability (tail_prob) or its logarithm
 * (tail_log). */
static double
tail_prob(double lnw, bool computed_upper, bool want_upper)
{
	return computed_upper == want_upper ? exp(lnw) : -expm1(lnw);
}

static double
tail_log(double lnw, bool computed_upper, bool want_upper)
{
	return computed_upper == want_upper ? lnw : log1mexp(lnw);
}

/* ---- the incomplete beta function ------------------------------------ */

/*
 * ln(x^a y^b / B(a, b)) for a, b > 0 and x + y = 1, given also LX = ln x
 * and LY = ln y (finite where x or y underflows), which is also
 * ln(x y f(x)) for the beta density f. As in DiDonato & Morris (1992, BRCOMP): when both shapes
 * are 10 or more it is a (ln(1 + e1) - e1) + b (ln(1 + e2) - e2) +
 * ln sqrt(a b / (2 pi (a + b))) - (delta(a) + delta(b) - delta(a + b))
 * with e1 = x (a + b) / a - 1 and e2 = -e1 a / b; when one shape is large,
 * ln Gamma(a + b) - ln Gamma(a) for the large one is summed in the same
 * Stirling form.
 */
static double
beta_lfactor(double a, double b, double x, double y, double lx, double ly)
{
	if (a >= 10 && b >= 10) {
		double s = a + b;
		double d = x <= y ? fma(x, s, -a) : fma(-y, s, b);

		return a * reeks_log1pmx(d / a, lx + log1p(b / a)) +
		    b * reeks_log1pmx(-d / b, ly + log1p(a / b)) +
		    0.5 * log(a / s * b) - LN_SQRT_2PI -
		    (reeks_stirling_delta(a) + reeks_stirling_delta(b) -
		    reeks_stirling_delta(s));
	}
	if (a < 10 && b < 10)
		return a * lx + b * ly -
		    (reeks_lngamma(a) + reeks_lngamma(b) -
		    reeks_lngamma(a + b));

	double big = a > b ? a : b, small = a > b ? b : a;
	double ratio = (big - 0.5) * log1p(small / big) +
	    small * (log(big + small) - 1) +
	    reeks_stirling_delta(big + small) - reeks_stirling_delta(big);

	return a * lx + b * ly - reeks_lngamma(small) + ratio;
}

/*
 * 1 + d_{2m+1} of the continued fraction below. The d with odd index are
 * near -1 when x is near 1, and 1 + d then loses the digits that matter;
 * DiDonato & Morris (1992) avoid this by writing the fraction in terms of
 * a - (a + b) x, computed from y. Here the same is done by expanding:
 * (a + 2m)(a + 2m + 1) - (a + m)(a + b + m)(1 - y) =
 * a (2m + 1 - b) + m (3m + 2 - b) + (a + m)(a + b + m) y.
 */
static double
one_plus_d_odd(double a, double b, double x, double y, double m)
{
	double den = (a + 2 * m) * (a + 2 * m + 1);

	if (y <= x)
		return (a * (2 * m + 1 - b) + m * (3 * m + 2 - b) +
		    (a + m) * (a + b + m) * y) / den;
	return 1 - (a + m) * (a + b + m) * x / den;
}

/*
 * ln of the continued fraction g = 1 + d1/(1 + d2/(1 + ...)) of
 * I_x(a, b) = x^a y^b / (a B(a, b)) / g (A&S 26.5.8), with
 * d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) and
 * d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)), y = 1 - x. It converges
 * fast for x < (a + 1) / (a + b + 2). Evaluated as its even part,
 * g = (1 + d1) - d1 d2 / ((1 + d2 + d3) - d3 d4 / ((1 + d4 + d5) - ...)),
 * with each 1 + d_{2m+1} from one_plus_d_odd(), by the modified Lentz
 * algorithm.
 */
static reeks_stat_error
beta_cf(double a, double b, double x, double y, double *lncf)
{
	const double tiny = 1e-300;
	double h = one_plus_d_odd(a, b, x, y, 0), c, d = 0;

	if (fabs(h) < tiny)
		h = tiny;
	c = h;
	for (long n = 1;; n++) {
		double m = (double)n;
		double d_odd = -(a + m - 1) * (a + b + m - 1) * x /
		    ((a + 2 * m - 2) * (a + 2 * m - 1));           /* d_{2n-1} */
		double d_even = m * (b - m) * x /
		    ((a + 2 * m - 1) * (a + 2 * m));               /* d_{2n} */
		double alpha = -d_odd * d_even;
		double beta = d_even + one_plus_d_odd(a, b, x, y, m);
		double delta;

		if (n > MAX_TERMS)
			return REEKS_STAT_NO_CONVERGENCE;
		d = beta + alpha * d;
		if (fabs(d) < tiny)
			d = tiny;
		d = 1 / d;
		c = beta + alpha / c;
		if (fabs(c) < tiny)
			c = tiny;
		delta = c * d;
		h *= delta;
		if (fabs(delta - 1) <= DBL_EPSILON)
			break;
	}
	*lncf = log(h);
	return REEKS_STAT_OK;
}

/*
 * The regularized incomplete beta function I_x(a, b) for a, b > 0 and
 * x in [0, 1] with y = 1 - x, LX = ln x and LY = ln y given too (so that
 * a caller who knows them more precisely than from x can say so). As reeks_igamma(): the tail computed
 * directly as its logarithm in *LNW, *UPPER true when that is 1 - I_x(a,
 * b) = I_y(b, a), and *LFAC = ln(x^a y^b / B(a, b)). The lower tail is
 * computed for x < (a + 1) / (a + b + 2), the upper one above, each by the
 * continued fraction of beta_cf().
 */
static reeks_stat_error
ibeta(double a, double b, double x, double y, double lx, double ly,
    double *lnw, bool *upper, double *lfac)
{
	reeks_stat_error e;
	double g;

	if (isinf(lx) || isinf(ly)) {
		*lnw = -INFINITY;       /* the tail beyond the end is empty */
		*upper = isinf(ly);
		*lfac = -INFINITY;
		return REEKS_STAT_OK;
	}
	*lfac = beta_lfactor(a, b, x, y, lx, ly);
	if (x < (a + 1) / (a + b + 2)) {
		if ((e = beta_cf(a, b, x, y, &g)) != REEKS_STAT_OK)
			return e;
		*lnw = *lfac - log(a) - g;
		*upper = false;
	} else {
		if ((e = beta_cf(b, a, y, x, &g)) != REEKS_STAT_OK)
			return e;
		*lnw = *lfac - log(b) - g;
		*upper = true;
	}
	if (*lnw > 0)
		*lnw = 0;               /* rounding above 1 */
	return REEKS_STAT_OK;
}

/* ln x and ln y of x + y = 1, from the smaller one. */
static void
logs_of(double x, double y, double *lx, double *ly)
{
	*lx = x <= y ? log(x) : log1p(-y);
	*ly = x <= y ? log1p(-x) : log(y);
}

/* x = 1 / (1 + e^-u), y = 1 - x = 1 / (1 + e^u) and their logarithms,
 * each to full relative precision (the logarithms even where x or y
 * underflows). */
static void
logit_inverse(double u, double *x, double *y, double *lx, double *ly)
{
	double t = exp(-fabs(u));       /* in (0, 1] */
	double big = 1 / (1 + t), small = t / (1 + t);
	double l = log1p(t);

	*x = u >= 0 ? big : small;
	*y = u >= 0 ? small : big;
	*lx = u >= 0 ? -l : u - l;
	*ly = u >= 0 ? -u - l : -l;
}

/* ---- quantiles by safeguarded Newton iteration ------------------------ */

typedef enum qkind { Q_GAMMA, Q_BETA } qkind;

/* What a quantile solves: for the gamma distribution with shape A (in
 * u = ln x) or the beta with shapes A, B (in u = logit x), the point where
 * the lower tail (or the upper one, when UPPER) is e^LNP. */
typedef struct qproblem {
	qkind kind;
	double a, b;
	bool upper;
	double lnp;
} qproblem;

/*
 * H(u) = ln F - ln p for a lower tail F, ln p - ln Q for an upper tail Q:
 * in both cases increasing in u, zero at the quantile. *DH gets dH/du =
 * x f(x) / F (or / Q) for the gamma and x (1 - x) f(x) / F for the beta.
 */
static reeks_stat_error
qeval(const qproblem *pr, double u, double *h, double *dh)
{
	double lnw, lfac, lnt;
	bool upper;
	reeks_stat_error e;

	if (pr->kind == Q_GAMMA) {
		double x = exp(u);

		if (isinf(x)) {
			/* All of the mass is below. */
			lnw = -INFINITY;
			upper = true;
			lfac = -INFINITY;
		} else if ((e = reeks_igamma(pr->a, x, u, &lnw, &upper,
		    &lfac)) != REEKS_STAT_OK)
			return e;
	} else {
		double x, y, lx, ly;

		logit_inverse(u, &x, &y, &lx, &ly);
		if ((e = ibeta(pr->a, pr->b, x, y, lx, ly, &lnw, &upper,
		    &lfac)) != REEKS_STAT_OK)
			return e;
	}
	lnt = tail_log(lnw, upper, pr->upper);
	*h = pr->upper ? pr->lnp - lnt : lnt - pr->lnp;
	*dh = exp(lfac - lnt);
	return REEKS_STAT_OK;
}

/*
 * Solve H(u) = 0 from U, the root known to lie in (LO, HI) (either may be
 * infinite). Newton steps are taken while they stay inside the bracket and
 * at least halve the step before last; otherwise the bracket is bisected,
 * or, while it is unbounded, widened by steps of 1, 2, 4, ... The answer
 * is the Newton iterate once a step is below 1e-11 (relative for |u| > 1):
 * convergence is then quadratic, so the step taken leaves an error far
 * below the accuracy of H itself.
 */
static reeks_stat_error
qsolve(const qproblem *pr, double u, double lo, double hi, double *root)
{
	double widen = 1, step = INFINITY, step_before = INFINITY;

	for (int i = 0; i < MAX_STEPS; i++) {
		double h, dh, next;
		reeks_stat_error e = qeval(pr, u, &h, &dh);

		if (e != REEKS_STAT_OK)
			return e;
		if (isnan(h))
			return REEKS_STAT_NO_CONVERGENCE;
		if (h == 0) {
			*root = u;
			return REEKS_STAT_OK;
		}
		if (h < 0)
			lo = u;
		else
			hi = u;
		next = u - h / dh;
		if (isfinite(next) && next > lo && next < hi &&
		    fabs(next - u) <= 0.5 * step_before) {
			double d = fabs(next - u);

			if (d <= 1e-11 * fmax(1, fabs(u))) {
				*root = next;
				return REEKS_STAT_OK;
			}
			step_before = step;
			step = d;
			u = next;
			continue;
		}
		if (isfinite(lo) && isfinite(hi)) {
			next = lo + 0.5 * (hi - lo);
			if (next <= lo || next >= hi ||
			    hi - lo <= 4 * DBL_EPSILON * fmax(1, fabs(next))) {
				*root = next;
				return REEKS_STAT_OK;
			}
		} else if (h < 0) {
			next = u + widen;
			widen *= 2;
		} else {
			next = u - widen;
			widen *= 2;
		}
		step_before = step;
		step = fabs(next - u);
		u = next;
	}
	return REEKS_STAT_NO_CONVERGENCE;
}

/* Rough digamma and trigamma for the starting points: exact in the
 * leading terms both as z -> 0 and as z -> infinity. */
static double
digamma_rough(double z)
{
	return log(z + 0.5) - 1 / z;
}

static double
trigamma_rough(double z)
{
	return 1 / (z + 0.5) + 1 / (z * z);
}

/* The standard normal deviate with lower tail P, or upper tail P when
 * UPPER (0 < P < 1). */
static double qnorm_as241(double p);

static double
deviate(double p, bool upper)
{
	return upper ? -qnorm_as241(p) : qnorm_as241(p);
}

/*
 * The quantile of the gamma distribution with shape A where the lower
 * tail (upper when UPPER) is P, 0 < P <= 1/2, as ln x in *LNX. Start: the
 * small-x approximation x = (p Gamma(a + 1))^(1/a) of AS 91 where AS 91
 * uses it (a < -0.62 ln p), otherwise Wilson-Hilferty. The small-x value
 * is also a lower bound (P(a, x) <= x^a / Gamma(a + 1)).
 */
static reeks_stat_error
qgamma_log(double p, double a, bool upper, double *lnx)
{
	qproblem pr = { Q_GAMMA, a, 0, upper, log(p) };
	double lo = -INFINITY, u;
	double z = deviate(p, upper);
	double c = 1 - 1 / (9 * a) + z / (3 * sqrt(a));

	if (!upper) {
		lo = (pr.lnp + reeks_lngamma(a + 1)) / a;
		if (a < -0.62 * pr.lnp || c <= 0)
			u = lo;
		else
			u = fmax(lo, log(a) + 3 * log(c));
	} else if (c > 0)
		u = log(a) + 3 * log(c);
	else
		u = digamma_rough(a) + z * sqrt(trigamma_rough(a));
	if (lo > -INFINITY) {
		/* Make the bound a strict one for the bracket. */
		lo -= 1e-3 * fmax(1, fabs(lo));
		if (u <= lo)
			u = lo + 1e-3;
	}
	return qsolve(&pr, u, lo, INFINITY, lnx);
}

/*
 * The quantile of the beta distribution with shapes A, B where the lower
 * tail (upper when UPPER) is P, 0 < P <= 1/2, as u = logit x in *U. Start:
 * for a, b > 1 the approximation of AS 109 (Cran, Martin and Thomas 1977,
 * after Carter 1947), otherwise normal on the logit scale with the mean
 * psi(a) - psi(b) and variance psi'(a) + psi'(b) of logit X.
 */
static reeks_stat_error
qbeta_logit(double p, double a, double b, bool upper, double *u)
{
	qproblem pr = { Q_BETA, a, b, upper, log(p) };
	double y = -qnorm_as241(p);     /* >= 0 */
	double u0;

	if (a > 1 && b > 1) {
		/* AS 109 for the lower tail of Beta(s, t); the upper tail of
		 * Beta(a, b) is the lower one of Beta(b, a) mirrored. */
		double s_ = upper ? b : a, t_ = upper ? a : b;
		double r = (y * y - 3) / 6;
		double s = 1 / (2 * s_ - 1), t = 1 / (2 * t_ - 1);
		double hh = 2 / (s + t);
		double w = y * sqrt(hh + r) / hh -
		    (t - s) * (r + 5.0 / 6 - 2 / (3 * hh));
		double v = log(s_ / t_) - 2 * w;

		u0 = upper ? -v : v;
	} else {
		double z = upper ? y : -y;

		u0 = digamma_rough(a) - digamma_rough(b) +
		    z * sqrt(trigamma_rough(a) + trigamma_rough(b));
	}
	if (!isfinite(u0))
		u0 = log(a / b);
	return qsolve(&pr, u0, -INFINITY, INFINITY, u);
}

/* ---- argument checks ---------------------------------------------------- */

static reeks_stat_error
check_p(double p)
{
	if (!isfinite(p))
		return REEKS_STAT_NOT_FINITE;
	if (!(p > 0 && p < 1))
		return REEKS_STAT_PROBABILITY;
	return REEKS_STAT_OK;
}

static reeks_stat_error
check_shape(double s)
{
	if (!isfinite(s))
		return REEKS_STAT_NOT_FINITE;
	if (!(s > 0))
		return REEKS_STAT_PARAMETER;
	if (s > REEKS_STAT_SHAPE_MAX)
		return REEKS_STAT_TOO_LARGE;
	return REEKS_STAT_OK;
}

/* Writes a probability P to *OUT: the last guard of the promise that no
 * function writes a NaN or an infinity. */
static reeks_stat_error
put_prob(double p, double *out)
{
	if (!(p >= 0 && p <= 1))
		return REEKS_STAT_NO_CONVERGENCE;
	*out = p;
	return REEKS_STAT_OK;
}

/* ---- the normal distribution -------------------------------------------- */

/* Wichura (1988), AS 241 PPND16: rational approximations in three ranges
 * of p, relative accuracy about 1e-16. 0 < p < 1. For p > 1/2 it uses
 * 1 - p, which is exact there. */
static double
qnorm_as241(double p)
{
	static const double a[8] = {
		3.3871328727963666080e0, 1.3314166789178437745e+2,
		1.9715909503065514427e+3, 1.3731693765509461125e+4,
		4.5921953931549871457e+4, 6.7265770927008700853e+4,
		3.3430575583588128105e+4, 2.5090809287301226727e+3,
	};
	static const double b[8] = {
		1.0, 4.2313330701600911252e+1,
		6.8718700749205790830e+2, 5.3941960214247511077e+3,
		2.1213794301586595867e+4, 3.9307895800092710610e+4,
		2.8729085735721942674e+4, 5.2264952788528545610e+3,
	};
	static const double c[8] = {
		1.42343711074968357734e0, 4.63033784615654529590e0,
		5.76949722146069140550e0, 3.64784832476320460504e0,
		1.27045825245236838258e0, 2.41780725177450611770e-1,
		2.27238449892691845833e-2, 7.74545014278341407640e-4,
	};
	static const double d[8] = {
		1.0, 2.05319162663775882187e0,
		1.67638483018380384940e0, 6.89767334985100004550e-1,
		1.48103976427480074590e-1, 1.51986665636164571966e-2,
		5.47593808499534494600e-4, 1.05075007164441684324e-9,
	};
	static const double e[8] = {
		6.65790464350110377720e0, 5.46378491116411436990e0,
		1.78482653991729133580e0, 2.96560571828504891230e-1,
		2.65321895265761230930e-2, 1.24266094738807843860e-3,
		2.71155556874348757815e-5, 2.01033439929228813265e-7,
	};
	static const double f[8] = {
		1.0, 5.99832206555887937690e-1,
		1.36929880922735805310e-1, 1.48753612908506148525e-2,
		7.86869131145613259100e-4, 1.84631831751005468180e-5,
		1.42151175831644588870e-7, 2.04426310338993978564e-15,
	};
	const double *num, *den;
	double q = p - 0.5, r, x;

	if (fabs(q) <= 0.425) {
		r = 0.180625 - q * q;
		num = a;
		den = b;
	} else {
		r = sqrt(-log(q < 0 ? p : 1 - p));
		if (r <= 5) {
			r -= 1.6;
			num = c;
			den = d;
		} else {
			r -= 5;
			num = e;
			den = f;
		}
	}
	double n = num[7], m = den[7];

	for (int i = 6; i >= 0; i--) {
		n = n * r + num[i];
		m = m * r + den[i];
	}
	x = n / m;
	if (fabs(q) <= 0.425)
		return q * x;
	return q < 0 ? -x : x;
}

/* Phi(x) = erfc(-x / sqrt 2) / 2 with libm's erfc, accurate to a few ulp
 * relative in both tails. */
reeks_stat_error
reeks_pnorm(double x, double *out)
{
	if (!isfinite(x))
		return REEKS_STAT_NOT_FINITE;
	*out = 0.5 * erfc(-x * SQRT1_2);
	return REEKS_STAT_OK;
}

reeks_stat_error
reeks_qnorm(double p, double *out)
{
	reeks_stat_error e = check_p(p);

	if (e != REEKS_STAT_OK)
		return e;
	*out = qnorm_as241(p);
	return REEKS_STAT_OK;
}

/* ---- chi-square ------------------------------------------------------ */

reeks_stat_error
reeks_pchisq(double x, double df, double *out)
{
	reeks_stat_error e;
	double lnw, lfac;
	bool upper;

	if (!isfinite(x))
		return REEKS_STAT_NOT_FINITE;
	if ((e = check_shape(df)) != REEKS_STAT_OK)
		return e;
	if (x <= 0) {
		*out = 0;
		return REEKS_STAT_OK;
	}
	if ((e = reeks_igamma(df / 2, x / 2, log(x / 2), &lnw, &upper,
	    &lfac)) != REEKS_STAT_OK)
		return e;
	return put_prob(tail_prob(lnw, upper, false), out);
}

reeks_stat_error
reeks_qchisq(double p, double df, double *out)
{
	reeks_stat_error e;
	double lnx, x;

	if ((e = check_p(p)) != REEKS_STAT_OK ||
	    (e = check_shape(df)) != REEKS_STAT_OK)
		return e;
	/* Solve in the smaller tail; 1 - p is exact for p >= 1/2. */
	if (p <= 0.5)
		e = qgamma_log(p, df / 2, false, &lnx);
	else
		e = qgamma_log(1 - p, df / 2, true, &lnx);
	if (e != REEKS_STAT_OK)
		return e;
	x = 2 * exp(lnx);
	if (!isfinite(x))
		return REEKS_STAT_RANGE;
	*out = x;
	return REEKS_STAT_OK;
}

/* ---- beta ----------------------------------------------------------------- */

reeks_stat_error
reeks_pbeta(double x, double a, double b, double *out)
{
	reeks_stat_error e;
	double lnw, lfac, lx, ly;
	bool upper;

	if (!isfinite(x))
		return REEKS_STAT_NOT_FINITE;
	if ((e = check_shape(a)) != REEKS_STAT_OK ||
	    (e = check_shape(b)) != REEKS_STAT_OK)
		return e;
	if (x <= 0 || x >= 1) {
		*out = x <= 0 ? 0 : 1;
		return REEKS_STAT_OK;
	}
	logs_of(x, 1 - x, &lx, &ly);
	if ((e = ibeta(a, b, x, 1 - x, lx, ly, &lnw, &upper, &lfac)) !=
	    REEKS_STAT_OK)
		return e;
	return put_prob(tail_prob(lnw, upper, false), out);
}

reeks_stat_error
reeks_qbeta(double p, double a, double b, double *out)
{
	reeks_stat_error e;
	double u, x, y, lx, ly;

	if ((e = check_p(p)) != REEKS_STAT_OK ||
	    (e = check_shape(a)) != REEKS_STAT_OK ||
	    (e = check_shape(b)) != REEKS_STAT_OK)
		return e;
	if (p <= 0.5)
		e = qbeta_logit(p, a, b, false, &u);
	else
		e = qbeta_logit(1 - p, a, b, true, &u);
	if (e != REEKS_STAT_OK)
		return e;
	logit_inverse(u, &x, &y, &lx, &ly);
	return put_prob(x, out);
}

/* ---- Student t ------------------------------------------------------------ */

/*
 * P(T <= t) from P(|T| > |t|) = I_x(df/2, 1/2) with x = df / (df + t^2)
 * and 1 - x = t^2 / (df + t^2), each computed directly; for |t| so large
 * or small that t^2 leaves the double range, from logit x = ln df - 2 ln
 * |t|.
 */
reeks_stat_error
reeks_pt(double t, double df, double *out)
{
	reeks_stat_error e;
	double tt = t * t, s = df + tt, x, y, lx, ly, lnw, lfac;
	bool upper;

	if (!isfinite(t))
		return REEKS_STAT_NOT_FINITE;
	if ((e = check_shape(df)) != REEKS_STAT_OK)
		return e;
	if (t == 0) {
		*out = 0.5;
		return REEKS_STAT_OK;
	}
	if (tt >= DBL_MIN && isfinite(s)) {
		x = df / s;
		y = tt / s;
		logs_of(x, y, &lx, &ly);
	} else
		logit_inverse(log(df) - 2 * log(fabs(t)), &x, &y, &lx, &ly);
	if ((e = ibeta(df / 2, 0.5, x, y, lx, ly, &lnw, &upper, &lfac)) !=
	    REEKS_STAT_OK)
		return e;
	/* Lower tail of the beta: both tails of T beyond |t|. */
	if (t < 0)
		return put_prob(0.5 * tail_prob(lnw, upper, false), out);
	return put_prob(0.5 + 0.5 * tail_prob(lnw, upper, true), out);
}

/*
 * The t quantile through the beta one: for p < 1/2, P(|T| > |t|) = 2p, so
 * x = df / (df + t^2) is the 2p-quantile of Beta(df/2, 1/2) (its upper
 * 1 - 2p quantile when 2p > 1/2, which keeps full precision near the
 * median), and t = -sqrt(df) e^(-u/2) with u = logit x; by symmetry for
 * p > 1/2.
 */
reeks_stat_error
reeks_qt(double p, double df, double *out)
{
	reeks_stat_error e;
	double q, u, t;

	if ((e = check_p(p)) != REEKS_STAT_OK ||
	    (e = check_shape(df)) != REEKS_STAT_OK)
		return e;
	if (p == 0.5) {
		*out = 0;
		return REEKS_STAT_OK;
	}
	q = 2 * (p < 0.5 ? p : 1 - p);  /* exact */
	if (q <= 0.5)
		e = qbeta_logit(q, df / 2, 0.5, false, &u);
	else
		e = qbeta_logit(1 - q, df / 2, 0.5, true, &u);
	if (e != REEKS_STAT_OK)
		return e;
	t = sqrt(df) * exp(-0.5 * u);
	if (!isfinite(t))
		return REEKS_STAT_RANGE;
	*out = p < 0.5 ? -t : t;
	return REEKS_STAT_OK;
}
