//! Exact (Clopper–Pearson) confidence interval for a proportion, as R's
//! `binom.test(x, n)$conf.int`.
//!
//! Design decision: the limits are Beta quantiles
//! (`qbeta(α/2, x, n−x+1)` and `qbeta(1−α/2, x+1, n−x)`), obtained by
//! bisecting the regularized incomplete beta function to full double
//! precision instead of relying on a closed-form inverse approximation; the
//! incomplete beta is monotone in p, so bisection cannot fail or wander, and
//! it keeps relative precision for limits very close to 0. By convention the
//! lower limit is exactly 0 when x = 0 and the upper limit exactly 1 when
//! x = n.

use super::special::{check_level, incomplete_beta};
use super::{NotComputable, Reason};

/// A proportion with its exact confidence interval.
#[derive(Debug, Clone, PartialEq)]
pub struct ProportionCi {
    /// Number of successes.
    pub x: u64,
    /// Number of trials (patients).
    pub n: u64,
    /// Observed proportion x/n.
    pub estimate: f64,
    /// Lower Clopper–Pearson limit (0 when x = 0).
    pub lower: f64,
    /// Upper Clopper–Pearson limit (1 when x = n).
    pub upper: f64,
    /// Confidence level, e.g. 0.95.
    pub conf_level: f64,
}

/// Clopper–Pearson interval for `x` successes out of `n` at `conf_level`
/// (0 < level < 1), e.g. `clopper_pearson(19, 28, 0.95)`.
///
/// Errors: n = 0 ("no patients"), x > n.
pub fn clopper_pearson(x: u64, n: u64, conf_level: f64) -> Result<ProportionCi, NotComputable> {
    check_level(conf_level)?;
    if n == 0 {
        return Err(NotComputable::because(Reason::NoPatients));
    }
    if x > n {
        return Err(NotComputable::because(Reason::MoreEventsThanPatients));
    }
    let alpha = (1.0 - conf_level) / 2.0;
    let (xf, nf) = (x as f64, n as f64);
    let lower = if x == 0 {
        0.0
    } else {
        beta_quantile(alpha, xf, nf - xf + 1.0)?
    };
    let upper = if x == n {
        1.0
    } else {
        beta_quantile(1.0 - alpha, xf + 1.0, nf - xf)?
    };
    Ok(ProportionCi {
        x,
        n,
        estimate: xf / nf,
        lower,
        upper,
        conf_level,
    })
}

/// p with I_p(a, b) = q, by bisection on [0, 1].
fn beta_quantile(q: f64, a: f64, b: f64) -> Result<f64, NotComputable> {
    let mut failed = None;
    let root = super::special::bisect_increasing(
        |p| match incomplete_beta(a, b, p) {
            Ok(v) => v - q,
            Err(e) => {
                failed = Some(e);
                0.0
            }
        },
        0.0,
        1.0,
    );
    match failed {
        Some(e) => Err(e),
        None => Ok(root.clamp(0.0, 1.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    /// (x, n, lower, upper) at 95%, each row from SciPy 1.17.1:
    /// python3 -c "from scipy.stats import binomtest; print(binomtest(X, N).proportion_ci(0.95, method='exact'))"
    #[rustfmt::skip]
    const CASES: [(u64, u64, f64, f64); 5] = [
        // X=19, N=28 (≈ 0.4765–0.8412)
        (19, 28, 0.47648359329013973, 0.841223962113847),
        // X=0, N=10 (lower exactly 0)
        (0, 10, 0.0, 0.30849710781876294),
        // X=10, N=10 (upper exactly 1)
        (10, 10, 0.6915028921812371, 1.0),
        // X=1, N=1
        (1, 1, 0.025000000000000022, 1.0),
        // X=0, N=1
        (0, 1, 0.0, 0.975),
    ];

    #[test]
    fn matches_scipy() {
        for (x, n, lo, hi) in CASES {
            let ci = clopper_pearson(x, n, 0.95).unwrap();
            assert_rel(ci.lower, lo, 1e-10);
            assert_rel(ci.upper, hi, 1e-10);
            assert_rel(ci.estimate, x as f64 / n as f64, 1e-15);
        }
        assert_eq!(clopper_pearson(0, 10, 0.95).unwrap().lower, 0.0);
        assert_eq!(clopper_pearson(10, 10, 0.95).unwrap().upper, 1.0);
    }

    #[test]
    fn small_proportion() {
        // SciPy: python3 -c "from scipy.stats import binomtest; print(binomtest(5, 1000).proportion_ci(0.95, method='exact'))"
        // -> (0.001625419517373302, 0.011629470559812206); SciPy's lower limit is
        // off by 1.2e-10 relative. 40-digit reference (pip install mpmath):
        // python3 -c "import mpmath as mp; mp.mp.dps=40; print(mp.findroot(lambda p: mp.betainc(5,996,0,p,regularized=True)-mp.mpf('0.025'), 0.0016))"
        // -> 0.001625419517562760280636181261796056087917
        let ci = clopper_pearson(5, 1000, 0.95).unwrap();
        assert_rel(ci.lower, 0.0016254195175627603, 1e-12);
        assert_rel(ci.lower, 0.001625419517373302, 1e-9);
        assert_rel(ci.upper, 0.011629470559812206, 1e-10);
    }

    #[test]
    fn ninety_percent() {
        // python3 -c "from scipy.stats import binomtest; print(binomtest(19, 28).proportion_ci(0.9, method='exact'))"
        let ci = clopper_pearson(19, 28, 0.9).unwrap();
        assert_rel(ci.lower, 0.5062110280808655, 1e-10);
        assert_rel(ci.upper, 0.8209229948657671, 1e-10);
    }

    #[test]
    fn invalid_input() {
        assert_eq!(
            clopper_pearson(0, 0, 0.95).unwrap_err().reason,
            Reason::NoPatients
        );
        assert!(clopper_pearson(5, 4, 0.95).is_err());
        assert!(clopper_pearson(1, 4, 0.0).is_err());
        assert!(clopper_pearson(1, 4, f64::NAN).is_err());
    }
}
