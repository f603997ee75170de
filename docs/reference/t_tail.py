# Reference two-sided p-values of Student's t, P(|T| >= t) = I_x(df/2, 1/2)
# with x = df/(df + t^2), in arbitrary precision (mpmath 1.3.0, 400 digits,
# so that the complement 1 - I_{1-x}(1/2, df/2) still resolves 1e-300).
# I_x(a, b) = x^a (1-x)^b / (a B(a, b)) * 2F1(a+b, 1; a+1; x), summed on the
# side where x < 1/2 (where the series converges fast).
# Run: python3 docs/reference/t_tail.py
from mpmath import mp, mpf, beta, hyp2f1

mp.dps = 400

def inc_beta(a, b, x):
    return x**a * (1 - x)**b / (a * beta(a, b)) * hyp2f1(a + b, 1, a + 1, x, maxterms=10**7)

def t_two_sided(t, df):
    t = mpf(t); df = mpf(df)
    x = df / (df + t * t)
    a, b = df / 2, mpf(1) / 2
    if x < mpf(1) / 2:
        return inc_beta(a, b, x)
    return 1 - inc_beta(b, a, 1 - x)

for df in [1, 2, 3, 5, 10, 28, 178, 1385.7, 1e4, 1e6]:
    for t in [0.0, 0.1, 1, 2, 5, 8, 10, 13, 20, 30.78, 50, 100, 1e3, 1e5]:
        p = t_two_sided(t, df)
        if p < mpf('1e-300'):
            continue
        print(f"            ({float(df)!r}, {float(t)!r}, {mp.nstr(p, 17)}),")
