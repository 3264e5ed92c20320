#!/usr/bin/env python3
"""temme.py: the coefficients of Temme's uniform asymptotic expansion of
the incomplete gamma function, for the table temme_c in lib/gamma.c.

    python3 lib/temme.py        # prints the table's rows on stdout

Q(a, x) = erfc(eta sqrt(a/2)) / 2 + R with
R ~ e^(-a eta^2/2) / sqrt(2 pi a) * sum_k c_k(eta) a^-k (DLMF 8.12.3,
8.12.8), lambda = x / a and eta^2 / 2 = lambda - 1 - ln lambda. With
mu = lambda - 1 (DLMF 8.12.9, 8.12.10):

    c_0(eta) = 1/mu - 1/eta
    c_k(eta) = c_{k-1}'(eta) / eta + (-1)^k g_k / mu

g_k being the coefficients of Stirling's series, Gamma*(a) ~ sum g_k a^-k.
Everything is done in exact rational arithmetic on power series in eta:
mu(eta) by reverting eta^2/2 = mu - ln(1 + mu), 1/mu as a Laurent series,
then the recurrence. Each c_k is regular at eta = 0: the script checks
that the terms in 1/eta and 1/eta^2 cancel, and that c_0(0) = -1/3,
c_1(0) = -1/540, c_2(0) = 25/6048 as the literature has them. Standard
library only; the same output every run.
"""
from fractions import Fraction as F

ORDER = 44      # terms of the series in eta to start from
K = 12          # c_0 .. c_11
TERMS = 30      # terms of each c_k in the table (fewer where fewer exist)


def bernoulli(n):
    """B_0 .. B_n (Akiyama-Tanigawa; B_1 = +1/2, unused here)."""
    a = [F(0)] * (n + 1)
    out = []
    for m in range(n + 1):
        a[m] = F(1, m + 1)
        for j in range(m, 0, -1):
            a[j - 1] = j * (a[j - 1] - a[j])
        out.append(a[0])
    return out


def stirling(m):
    """g_0 .. g_m: Gamma*(a) = exp(sum_n B_2n / (2n (2n-1) a^(2n-1)))."""
    b = bernoulli(2 * m + 2)
    lg = [F(0)] * (m + 1)
    for n in range(1, m + 1):
        if 2 * n - 1 <= m:
            lg[2 * n - 1] = b[2 * n] / (2 * n * (2 * n - 1))
    g = [F(0)] * (m + 1)
    g[0] = F(1)
    for k in range(1, m + 1):       # g' = lg' g
        g[k] = sum(j * lg[j] * g[k - j] for j in range(1, k + 1)) / k
    return g


def mul(a, b, n):
    r = [F(0)] * n
    for i, x in enumerate(a[:n]):
        if x:
            for j, y in enumerate(b[:n - i]):
                if y:
                    r[i + j] += x * y
    return r


def half_eta_squared(m, n):
    """mu - ln(1 + mu) as a series in eta, for mu = sum m_j eta^j."""
    total = [F(0)] * n
    p = mul(m, m, n)
    for k in range(2, n):
        if not any(p):
            break
        for i in range(n):
            total[i] += F((-1) ** k, k) * p[i]
        p = mul(p, m, n)
    return total


def mu_series(n):
    """mu(eta) = eta + eta^2/3 + eta^3/36 - ..., term by term: the
    coefficient of eta^(j+1) in mu - ln(1 + mu) is m_j plus terms of the
    m_i before it."""
    m = [F(0)] * n
    m[1] = F(1)
    for j in range(2, n - 1):
        m[j] = -half_eta_squared(m, n)[j + 1]
    total = half_eta_squared(m, n)
    assert total[2] == F(1, 2) and not any(total[3:n - 1])
    return m


def coefficients():
    g = stirling(K + 1)
    m = mu_series(ORDER)
    s = m[1:] + [F(0)]               # mu = eta * s(eta), s(0) = 1
    inv = [F(0)] * ORDER
    inv[0] = F(1)
    for k in range(1, ORDER):
        inv[k] = -sum(s[j] * inv[k - j] for j in range(1, k + 1))
    inv_mu = {k - 1: inv[k] for k in range(ORDER - 1)}   # Laurent in eta
    c0 = dict(inv_mu)
    c0[-1] -= 1
    assert c0[-1] == 0
    c = [{p: v for p, v in c0.items() if p >= 0}]
    top = ORDER - 3
    for k in range(1, K):
        d = {}
        for p, v in c[k - 1].items():
            if p >= 1:
                d[p - 2] = d.get(p - 2, F(0)) + p * v
        for p, v in inv_mu.items():
            d[p] = d.get(p, F(0)) + (-1) ** k * g[k] * v
        assert d.get(-1, 0) == 0 and d.get(-2, 0) == 0, k
        top -= 2                     # a derivative and a division
        c.append({p: v for p, v in d.items() if 0 <= p <= top})
    assert c[0][0] == F(-1, 3) and c[1][0] == F(-1, 540)
    assert c[2][0] == F(25, 6048)
    return c


def main():
    for k, ck in enumerate(coefficients()):
        n = min(TERMS, max(ck) + 1)
        items = ["%.17g" % float(ck.get(i, F(0))) for i in range(n)]
        lines, line = [], "\t\t"
        for it in items:
            piece = it + ", "
            if len(line.expandtabs(8)) + len(piece) > 78:
                lines.append(line.rstrip())
                line = "\t\t"
            line += piece
        lines.append(line.rstrip().rstrip(","))
        print("\t{ /* c_%d: %d terms */" % (k, n))
        print("\n".join(lines))
        print("\t},")


if __name__ == "__main__":
    main()
