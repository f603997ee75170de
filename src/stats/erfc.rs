//! The complementary error function erfc, to full double precision.
//!
//! Why not `statrs::function::erf::erfc`: statrs 0.19.1 (the latest
//! release) rebuilds erfc from rational fits around per-interval constants
//! that were transcribed with only 10 significant digits, so its values are
//! off by about 1e-10 relative everywhere above 0.5 (statrs-dev/statrs pull
//! request 412, merged after that release). Every normal and 1-df
//! chi-square p-value goes through erfc, and R's own values recorded in
//! SciPy's suite (`tests/reference_vectors/wilcox.rs`) exposed the error.
//!
//! Design decision: two textbook expansions, each used where it needs no
//! cancellation. Below 1, erfc = 1 − erf with erf from its series of
//! positive terms, erf(x) = (2x/√π)·e^(−x²)·Σ (2x²)ⁿ / (1·3·…·(2n+1)); erf
//! is at most 0.843 there, so the subtraction costs under 3 bits. From 1
//! on, erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))), Laplace's
//! continued fraction evaluated by the modified Lentz method (about 200
//! terms at x = 1, 10 at x = 10). The factor e^(−x²) is taken from the
//! exactly split square (x² = s + e, e the rounding error recovered with a
//! fused multiply-add), so it keeps its relative precision for large x,
//! where x² has lost up to 10 bits. Negative x: erfc(−x) = 2 − erfc(x).

/// 1/√π.
const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;

/// erfc(x) = 1 − erf(x) = (2/√π)∫ₓ^∞ e^(−t²) dt; relative error ~1e-15
/// (NaN for NaN, 2 at −∞, 0 at +∞ and past x ≈ 27.3, where the value is
/// below the smallest double).
pub(crate) fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    if x < 1.0 {
        1.0 - erf_series(x)
    } else if x < 27.5 {
        exp_minus_square(x) * FRAC_1_SQRT_PI * continued_fraction(x)
    } else {
        0.0
    }
}

/// e^(−x²) with the rounding error of x² put back.
fn exp_minus_square(x: f64) -> f64 {
    let s = x * x;
    let e = x.mul_add(x, -s);
    (-s).exp() * (-e).exp()
}

/// erf(x) for 0 ≤ x < 1 by the series of positive terms.
fn erf_series(x: f64) -> f64 {
    let two_x2 = 2.0 * x * x;
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut n = 0.0;
    while term > 1e-17 * sum {
        n += 1.0;
        term *= two_x2 / (2.0 * n + 1.0);
        sum += term;
    }
    2.0 * x * FRAC_1_SQRT_PI * exp_minus_square(x) * sum
}

/// 1/(x + a₁/(x + a₂/(x + …))) with aₖ = k/2, by the modified Lentz
/// method; x ≥ 1.
fn continued_fraction(x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut f = x;
    let mut c = x;
    let mut d = 0.0;
    for k in 1..5000 {
        let a = f64::from(k) / 2.0;
        d = x + a * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = x + a / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    1.0 / f
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    /// 30-digit references: python3 -c "import mpmath as mp; mp.mp.dps=30;
    /// print(mp.erfc(X))" for each X (mpmath 1.3.0), printed with 21 digits.
    #[rustfmt::skip]
    #[allow(clippy::excessive_precision)]
    const CASES: [(f64, f64); 16] = [
        (0.0, 1.0),
        (1e-10, 0.99999999988716208329),
        (0.3, 0.671373240540872572361),
        (0.6, 0.396143909152074094918),
        (0.99, 0.16149193044463019642),
        (1.0, 0.157299207050285130659),
        (1.5, 0.033894853524689272933),
        (2.0, 0.00467773498104726583793),
        (2.5, 0.000406952017444958939564),
        (3.0, 0.0000220904969985854413728),
        (4.0, 1.54172579002800188522e-8),
        (6.0, 2.15197367124989131166e-17),
        (8.0, 1.122429717298292708e-29),
        (15.0, 7.21299417245120666657e-100),
        (26.0, 5.66319240885614284648e-296),
        (-1.5, 1.96610514647531072707),
    ];

    #[test]
    fn matches_mpmath() {
        for (x, expected) in CASES {
            assert_rel(erfc(x), expected, 2e-15);
        }
    }

    #[test]
    fn limits() {
        assert_eq!(erfc(f64::INFINITY), 0.0);
        assert_eq!(erfc(f64::NEG_INFINITY), 2.0);
        assert_eq!(erfc(30.0), 0.0);
        assert!(erfc(f64::NAN).is_nan());
    }
}
