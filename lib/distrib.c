/*
 * distrib.c: distribution functions and quantiles of the standard normal,
 * Student t, chi-square and beta distributions.
 *
 * Everything is built on libm (erfc, log1p, expm1, fma and, for shapes
 * below 10, tgamma) and two special functions computed here:
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

#include "reeks.h"

#define LN_SQRT_2PI 0.918938533204672741780329736406   /* ln sqrt(2 pi) */
#define SQRT1_2     0.707106781186547524400844362105   /* 1 / sqrt(2) */
#define LN2         0.693147180559945309417232121458

/* Terms of a series or continued fraction before giving up. Near the
 * mean both need about 9 sqrt(a) terms, so this covers shapes (and half
 * degrees of freedom) up to about 1e11. */
#define MAX_TERMS 3000000L
/* Steps of a quantile's root finding. Bisection alone halves a bracket
 * of width 1500 (the whole double range in logarithms) to 1e-16 in 65. */
#define MAX_STEPS 300

/* ---- elementary pieces -------------------------------------------- */

/*
 * The Stirling correction delta(z) = ln Gamma(z) - ((z - 1/2) ln z - z +
 * ln sqrt(2 pi)) for z >= 10, by the asymptotic series in the Bernoulli
 * numbers (A&S 6.1.40) to the z^-15 term: the first term left out is below
 * 2e-18 at z = 10.
 */
static double
stirling_delta(double z)
{
	double r = 1 / z, r2 = r * r;

	return r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 +
	    r2 * (-1.0 / 1680 + r2 * (1.0 / 1188 + r2 * (-691.0 / 360360 +
	    r2 * (1.0 / 156 + r2 * (-3617.0 / 122400))))))));
}

/* ln Gamma(z) for z > 0: Stirling's series from 10 on, libm's tgamma
 * below (which, unlike lgamma, sets no global). */
static double
lngamma(double z)
{
	if (z >= 10)
		return (z - 0.5) * log(z) - z + LN_SQRT_2PI + stirling_delta(z);
	if (z < 1e-300)
		return -log(z);                 /* Gamma(z) = 1/z - 0.577... */
	return log(tgamma(z));
}

/*
 * ln(1 + e) - e for e > -1, given L = ln(1 + e) as the caller can compute
 * it best (from the quantities that e was made of, rather than from a
 * rounded e near -1). Near e = 0, where the two terms cancel, it uses
 * r = e / (2 + e): ln(1 + e) = 2 atanh r = 2 (r + r^3/3 + r^5/5 + ...)
 * and e - 2r = r e, so the difference is -r e + 2 (r^3/3 + r^5/5 + ...);
 * for |e| <= 1/2, |r| <= 1/3 and the series converges fast.
 */
static double
log1pmx(double e, double l)
{
	double r, r2, power, sum = 0;

	if (e < -0.5 || e > 0.5)
		return l - e;
	r = e / (2 + e);
	r2 = r * r;
	power = r * r2;
	for (int k = 3; k < 80; k += 2) {
		double term = power / k;

		sum += term;
		if (fabs(term) <= 1e-17 * fabs(sum))
			break;
		power *= r2;
	}
	return 2 * sum - r * e;
}

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

/* ---- the incomplete gamma function ----------------------------------- */

/*
 * ln(x^a e^-x / Gamma(a)), the leading factor of P(a, x) and Q(a, x), for
 * a > 0, x >= 0 with LX = ln x (finite even where x underflows to 0). For
 * a >= 10 it is written (DiDonato & Morris 1986, sec. 2) as
 * a (ln(1 + e) - e) + ln sqrt(a / 2 pi) - delta(a) with e = (x - a) / a,
 * so that a ln x, x and ln Gamma(a), each of size a ln a, never meet.
 */
static double
gamma_lfactor(double a, double x, double lx)
{
	double q = x / a;

	if (a < 10)
		return a * lx - x - lngamma(a);
	return a * log1pmx(q - 1, q >= DBL_MIN ? log(q) : lx - log(a)) +
	    0.5 * log(a) - LN_SQRT_2PI - stirling_delta(a);
}

/*
 * Temme's uniform asymptotic expansion (Temme 1979; DLMF 8.12.3, 8.12.4,
 * 8.12.8-8.12.10), for large a and x near a, where the series and the
 * continued fraction below need terms in proportion to sqrt(a):
 *   Q(a, x) = erfc(eta sqrt(a/2)) / 2 + R,  P(a, x) = erfc(-eta sqrt(a/2)) / 2 - R,
 *   R ~ e^(-a eta^2/2) / sqrt(2 pi a) * sum_k c_k(eta) a^-k,
 * with lambda = x / a and eta^2 / 2 = lambda - 1 - ln lambda, eta of the
 * sign of lambda - 1. The c_k are the power series in eta below,
 * derived in exact rational arithmetic by lib/temme.py: c_0 = 1/(lambda -
 * 1) - 1/eta and c_k = c_{k-1}'(eta) / eta + (-1)^k g_k / (lambda - 1),
 * g_k the coefficients of Stirling's series; the poles at eta = 0
 * cancel, which the script checks. Used for a >= TEMME_MIN_A and
 * |eta| <= 1, where the series in eta converge (their radius is 2
 * sqrt(pi)) and the twelfth term of the sum is below 1e-16 of the first,
 * and while e^(-a eta^2/2) stays a normal number.
 */
#define TEMME_K 12
#define TEMME_N 30
#define TEMME_MIN_A 20

static const double temme_c[TEMME_K][TEMME_N] = {
	{ /* c_0: 30 terms */
		-0.33333333333333331, 0.083333333333333329,
		-0.014814814814814815, 0.0011574074074074073,
		0.00035273368606701942, -0.0001787551440329218,
		3.9192631785224377e-05, -2.185448510679992e-06,
		-1.85406221071516e-06, 8.2967113409530865e-07,
		-1.7665952736826078e-07, 6.7078535434014984e-09,
		1.0261809784240309e-08, -4.3820360184533529e-09,
		9.1476995822367902e-10, -2.5514193994946248e-11,
		-5.8307721325504256e-11, 2.4361948020667415e-11,
		-5.0276692801141755e-12, 1.1004392031956135e-13,
		3.3717632624009851e-13, -1.3923887224181621e-13,
		2.8534893807047445e-14, -5.1391118342425723e-16,
		-1.9752288294349442e-15, 8.0995211567045613e-16,
		-1.6522531216398162e-16, 2.5305430097478883e-18,
		1.1686939738559576e-17, -4.7700370498204847e-18
	},
	{ /* c_1: 30 terms */
		-0.0018518518518518519, -0.003472222222222222,
		0.0026455026455026454, -0.00099022633744855963,
		0.00020576131687242798, -4.018775720164609e-07,
		-1.8098550334489977e-05, 7.6491609160811098e-06,
		-1.6120900894563446e-06, 4.647127802807434e-09,
		1.3786334469157209e-07, -5.7525456035177047e-08,
		1.1951628599778148e-08, -1.7543241719747647e-11,
		-1.0091543710600413e-09, 4.1627929918425828e-10,
		-8.5639070264929801e-11, 6.0672151016047582e-14,
		7.1624989648114856e-12, -2.9331866437714371e-12,
		5.9966963656836885e-13, -2.1671786527323313e-16,
		-4.9783399723692617e-14, 2.0291628823713425e-14,
		-4.1312557138106099e-15, 8.2865162398830967e-19,
		3.4100308869333327e-16, -1.3854195302893971e-16,
		2.8123466532288747e-17, -3.4064441941430288e-21
	},
	{ /* c_2: 30 terms */
		0.0041335978835978834, -0.0026813271604938273,
		0.0007716049382716049, 2.0093878600823047e-06,
		-0.0001073665322636516, 5.2923448829120125e-05,
		-1.2760635188618728e-05, 3.4235787340961378e-08,
		1.3721957309062934e-06, -6.2989921383800548e-07,
		1.4280614206064242e-07, -2.0477098421990866e-10,
		-1.409252991086752e-08, 6.2289740849220218e-09,
		-1.3670488396617114e-09, 9.428356159014678e-13,
		1.2872252400089318e-10, -5.5645956134363323e-11,
		1.1975935546366981e-11, -4.1689782251838634e-15,
		-1.0940640427884595e-12, 4.6622399463901356e-13,
		-9.9051057639069066e-14, 1.8931876768373515e-17,
		8.8592218725911265e-15, -3.7378203980464053e-15,
		7.8688336390351555e-16, -9.0000273957412109e-20,
		-6.9288812293476713e-17, 2.9020384270164786e-17
	},
	{ /* c_3: 30 terms */
		0.00064943415637860077, 0.00022947209362139917,
		-0.0004691894943952557, 0.00026772063206283885,
		-7.5618016718839766e-05, -2.3965051138672968e-07,
		1.1082654115347302e-05, -5.6749528269915965e-06,
		1.4230900732435883e-06, -2.7861080291528143e-11,
		-1.6958404091930278e-07, 8.0994649053880827e-08,
		-1.9111168485973655e-08, 2.3928620439808118e-12,
		2.0620131815488797e-09, -9.460496661855133e-10,
		2.1541049775774907e-10, -1.388823336813903e-14,
		-2.1894761681963938e-11, 9.7909989511716844e-12,
		-2.1782191880180961e-12, 6.2088195734079008e-17,
		2.1269783632797371e-13, -9.344688791517433e-14,
		2.0453671226782849e-14, -2.5826079040349502e-19,
		-1.9405297673344544e-15, 8.4159792904848158e-16,
		-1.8200430439538226e-16, 1.0735443641247309e-21
	},
	{ /* c_4: 30 terms */
		-0.00086188829091671173, 0.00078403922172006662,
		-0.00029907248030319018, -1.4638452578843418e-06,
		6.6414982154651219e-05, -3.9683650471794347e-05,
		1.1375726970678419e-05, 2.5074972262375329e-10,
		-1.6954149536558305e-06, 8.9075075322053094e-07,
		-2.2929348340008049e-07, 2.9567941375440492e-11,
		2.8865829742708783e-08, -1.4189739437803219e-08,
		3.4463580499464896e-09, -2.3024517174528067e-13,
		-3.9409233028046403e-10, 1.8602338968504501e-10,
		-4.3563230050566177e-11, 1.278600101629623e-15,
		4.6792750266579197e-12, -2.149246470613483e-12,
		4.908815614809652e-13, -6.3385914848915601e-18,
		-5.0453320690800942e-14, 2.2722958222901286e-14,
		-5.0960826084724017e-15, 3.0552097557171355e-20,
		5.0690216763105516e-16, -2.2493836956481809e-16
	},
	{ /* c_5: 30 terms */
		-0.00033679855336635813, -6.9728137583658571e-05,
		0.00027727532449593918, -0.00019932570516188847,
		6.797780477937208e-05, 1.4190629206439671e-07,
		-1.3594048189768693e-05, 8.018470256334202e-06,
		-2.2914811765080952e-06, -3.2524735512984538e-10,
		3.4652846491085265e-07, -1.8447187191171344e-07,
		4.8240967037894184e-08, -1.7989466721743514e-14,
		-6.3061945000135231e-09, 3.1624176287745678e-09,
		-7.8409242536974288e-10, 5.1926791652540408e-15,
		9.3589442423067842e-11, -4.513426216163278e-11,
		1.0799129993116828e-11, -3.661886712685252e-17,
		-1.2109020690551549e-12, 5.6807435849905644e-13,
		-1.3249659916340829e-13, 1.8987240764284076e-19,
		1.4193390236794701e-14, -6.5232147014246967e-15,
		1.4925242636202885e-15, -8.800389458732369e-22
	},
	{ /* c_6: 30 terms */
		0.00053130793646399225, -0.00059216643735369393,
		0.0002708782096718045, 7.9023532326603281e-07,
		-8.1539693675619691e-05, 5.6116827531062497e-05,
		-1.8329116582843375e-05, -3.0796134506033047e-09,
		3.4651553688036091e-06, -2.0291327396058603e-06,
		5.7887928631490039e-07, 2.3386306738266568e-13,
		-8.828600746330484e-08, 4.7435958880408125e-08,
		-1.2545415020710383e-08, 8.6496488580102926e-14,
		1.6846058979264062e-09, -8.5754928235775943e-10,
		2.1598224929232125e-10, -7.6132305204761534e-16,
		-2.6639822008536144e-11, 1.3065700536611057e-11,
		-3.1799163902367977e-12, 4.7109761213674312e-18,
		3.6902800842763465e-13, -1.7612674046201426e-13,
		4.179066786051478e-14, -2.5344679379178804e-20,
		-4.6320659420016047e-15, 2.2154793785018332e-15
	},
	{ /* c_7: 28 terms */
		0.00034436760689237765, 5.1717909082605919e-05,
		-0.00033493161081142234, 0.00028126951547632369,
		-0.00010976582244684731, -1.2741009095484485e-07,
		2.7744451511563645e-05, -1.8263488805711332e-05,
		5.7876949497350525e-06, 4.9387589339362701e-10,
		-1.0595367014026043e-06, 6.1667143761104078e-07,
		-1.7562973359060463e-07, -1.2974473287015439e-12,
		2.6954236062889659e-08, -1.4578352908731272e-08,
		3.887645959386175e-09, -3.8810022510194121e-17,
		-5.3279941738772864e-10, 2.7437977643314844e-10,
		-6.995796092070568e-11, 2.5899863874868481e-17,
		8.8566890996696389e-12, -4.4031688158713109e-12,
		1.0865561947091654e-12, -2.0467988447416678e-19,
		-1.2969794421692939e-13, 6.4248903475055804e-14
	},
	{ /* c_8: 26 terms */
		-0.00065262391859530937, 0.00083949872067208726,
		-0.00043829709854172099, -6.9690914584205523e-07,
		0.00016644846642067547, -0.00012783517679769218,
		4.6299532636913042e-05, 4.557909867922708e-09,
		-1.0595271125805195e-05, 6.7833429048651668e-06,
		-2.1075476666258803e-06, -1.7213731432817144e-11,
		3.7735877416110978e-07, -2.1867506700122867e-07,
		6.2202288040189267e-08, 6.5977038267330002e-16,
		-9.5903864974256859e-09, 5.2132144922808074e-09,
		-1.3991589583935709e-09, 5.3820589990605749e-16,
		1.9484714275467745e-10, -1.0127287556389682e-10,
		2.6077347197254926e-11, -5.0904186999932991e-18,
		-3.3721464474854593e-12, 1.7347203519374768e-12
	},
	{ /* c_9: 24 terms */
		-0.00059676129019274626, -7.2048954160200109e-05,
		0.0006782308837667328, -0.0006401475260262758,
		0.00027750107634328704, 1.8197008380465151e-07,
		-8.4795071170685031e-05, 6.1051920825015314e-05,
		-2.1073920183404862e-05, -8.8585890141255993e-10,
		4.5284535953805374e-06, -2.8427815022504407e-06,
		8.7082341778646408e-07, 3.6886101871706966e-12,
		-1.5344695190702061e-07, 8.8624667787906948e-08,
		-2.5184812301826817e-08, -1.0225912098215092e-14,
		3.8969470758154778e-09, -2.1267304792235634e-09,
		5.7370135528051383e-10, -1.8877498501697116e-19,
		-8.0931538694657872e-11, 4.3368009229864699e-11
	},
	{ /* c_10: 22 terms */
		0.0013324454494800656, -0.0019144384985654776,
		0.0011089369134596636, 9.9324041226422995e-07,
		-0.00050874501293093194, 0.00042735056665392886,
		-0.00016858853767910798, -8.1301893922785004e-09,
		4.5284402370562144e-05, -3.1270536747817339e-05,
		1.0449868285303381e-05, 4.8435226265680926e-11,
		-2.1482565873456259e-06, 1.329369701097492e-06,
		-4.029569309210103e-07, -1.7567877666323291e-13,
		7.0145043163668253e-08, -4.0407877349994832e-08,
		1.1474026743371964e-08, 3.9642746853563942e-18,
		-1.7804938269892715e-09, 9.9746420225487293e-10
	},
	{ /* c_11: 20 terms */
		0.001579727660730835, 0.00016251626278391583,
		-0.0020633421035543276, 0.0021389686185689098,
		-0.0010108559391263003, -3.9912705529919201e-07,
		0.00036235025084764691, -0.00028143901463712157,
		0.00010449513336495887, 2.1211418491830298e-09,
		-2.5779417251947842e-05, 1.7281818956040464e-05,
		-5.6413773872904282e-06, -1.1024320105776174e-11,
		1.1223224418895174e-06, -6.8693396379526738e-07,
		2.0653236975414888e-07, 4.6714772409838506e-14,
		-3.5609886164949055e-08, 2.094674845802465e-08
	},
};

/* Whether Temme's expansion serves for shape A at X; then *ETA. */
static bool
temme_ok(double a, double x, double *eta)
{
	double mu, half;

	if (a < TEMME_MIN_A)
		return false;
	mu = (x - a) / a;
	if (mu < -0.75 || mu > 1.5)         /* |eta| > 1 for sure */
		return false;
	half = -log1pmx(mu, log1p(mu));     /* lambda - 1 - ln lambda */
	*eta = copysign(sqrt(2 * half), mu);
	return fabs(*eta) <= 1 && a * half < 700;
}

/* The smaller tail of the pair P(a, x), Q(a, x) by Temme's expansion, as
 * igamma() gives it, for ETA from temme_ok(). */
static void
igamma_temme(double a, double eta, double *lnw, bool *upper)
{
	double sum = 0, inva = 1 / a, r, y = eta * sqrt(a / 2);

	for (int k = TEMME_K - 1; k >= 0; k--) {
		double ck = 0;

		for (int n = TEMME_N - 1; n >= 0; n--)
			ck = ck * eta + temme_c[k][n];
		sum = sum * inva + ck;
	}
	r = exp(-0.5 * a * eta * eta - LN_SQRT_2PI) / sqrt(a) * sum;
	if (eta >= 0) {
		*lnw = log(0.5 * erfc(y) + r);
		*upper = true;
	} else {
		*lnw = log(0.5 * erfc(-y) - r);
		*upper = false;
	}
}

/*
 * The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 -
 * P(a, x) for a > 0, x >= 0 with LX = ln x: the one computed directly, as its logarithm
 * in *LNW, with *UPPER telling which (Q when true); *LFAC gets the leading
 * factor ln(x^a e^-x / Gamma(a)), which is also ln(x f(x)) for the density
 * f of the gamma distribution. Below x = a + 1, P by its power series
 * (A&S 6.5.29); above, Q by Legendre's continued fraction (A&S 6.5.31),
 * evaluated by the modified Lentz algorithm.
 */
static reeks_stat_error
igamma(double a, double x, double lx, double *lnw, bool *upper,
    double *lfac)
{
	const double tiny = 1e-300;
	double lf = gamma_lfactor(a, x, lx), eta;

	*lfac = lf;
	if (temme_ok(a, x, &eta)) {
		igamma_temme(a, eta, lnw, upper);
		return REEKS_STAT_OK;
	}
	if (x < a + 1) {
		/* P = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a+1)...(a+n)).
		 * The ratio of terms, r = x / (a + n + 1) < 1, falls; the rest
		 * after a term t is below t r / (1 - r). */
		double term = 1, sum = 1;

		for (long n = 1;; n++) {
			double r;

			if (n > MAX_TERMS)
				return REEKS_STAT_NO_CONVERGENCE;
			term *= x / (a + n);
			sum += term;
			r = x / (a + n + 1);
			if (term * r <= 0.5 * DBL_EPSILON * sum * (1 - r))
				break;
		}
		*lnw = lf - log(a) + log(sum);
		*upper = false;
		return REEKS_STAT_OK;
	}
	/* Q = x^a e^-x / Gamma(a) / (b0 + a1/(b1 + a2/(b2 + ...))) with
	 * b_n = x + 2n + 1 - a, a_n = -n (n - a). */
	double f = x + 1 - a, c = f, d = 0;

	for (long n = 1;; n++) {
		double an = -(double)n * ((double)n - a);
		double bn = x + 2.0 * (double)n + 1 - a;
		double delta;

		if (n > MAX_TERMS)
			return REEKS_STAT_NO_CONVERGENCE;
		d = bn + an * d;
		if (fabs(d) < tiny)
			d = tiny;
		d = 1 / d;
		c = bn + an / c;
		if (fabs(c) < tiny)
			c = tiny;
		delta = c * d;
		f *= delta;
		if (fabs(delta - 1) <= DBL_EPSILON)
			break;
	}
	*lnw = lf - log(f);
	*upper = true;
	return REEKS_STAT_OK;
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

		return a * log1pmx(d / a, lx + log1p(b / a)) +
		    b * log1pmx(-d / b, ly + log1p(a / b)) +
		    0.5 * log(a / s * b) - LN_SQRT_2PI -
		    (stirling_delta(a) + stirling_delta(b) - stirling_delta(s));
	}
	if (a < 10 && b < 10)
		return a * lx + b * ly -
		    (lngamma(a) + lngamma(b) - lngamma(a + b));

	double big = a > b ? a : b, small = a > b ? b : a;
	double ratio = (big - 0.5) * log1p(small / big) +
	    small * (log(big + small) - 1) +
	    stirling_delta(big + small) - stirling_delta(big);

	return a * lx + b * ly - lngamma(small) + ratio;
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
 * a caller who knows them more precisely than from x can say so). As igamma(): the tail computed
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
		} else if ((e = igamma(pr->a, x, u, &lnw, &upper, &lfac)) !=
		    REEKS_STAT_OK)
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
		lo = (pr.lnp + lngamma(a + 1)) / a;
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
	if ((e = igamma(df / 2, x / 2, log(x / 2), &lnw, &upper, &lfac)) !=
	    REEKS_STAT_OK)
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
