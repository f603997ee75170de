//! Shared numerical helpers (private to the statistics module). Tail
//! probabilities are taken directly from the regularized incomplete beta and
//! complementary error functions rather than via `1 - cdf`, so that small
//! p-values keep their relative precision.

use super::{NotComputable, Reason};
use statrs::function::{beta::checked_beta_reg, erf};

/// Fails unless every value is finite (the caller filters missing values;
/// NaN or infinity here is a data error).
pub(crate) fn require_finite(values: &[f64], _what: &str) -> Result<(), NotComputable> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(NotComputable::because(Reason::NotFinite))
    }
}

/// Fails unless `value` is finite (guards against overflow with huge inputs).
pub(crate) fn finite(value: f64, _what: &str) -> Result<f64, NotComputable> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(NotComputable::because(Reason::TooLarge))
    }
}

/// Checks that a confidence level lies strictly between 0 and 1.
pub(crate) fn check_level(conf_level: f64) -> Result<(), NotComputable> {
    if conf_level > 0.0 && conf_level < 1.0 {
        Ok(())
    } else {
        Err(NotComputable::because(Reason::InvalidConfidenceLevel))
    }
}

fn beta_reg(a: f64, b: f64, x: f64) -> Result<f64, NotComputable> {
    match checked_beta_reg(a, b, x) {
        Ok(v) if v.is_finite() => Ok(v.clamp(0.0, 1.0)),
        _ => Err(NotComputable::because(Reason::NumericalFailure)),
    }
}

/// Regularized incomplete beta `I_x(a, b)` (a, b > 0, 0 ≤ x ≤ 1).
pub(crate) fn incomplete_beta(a: f64, b: f64, x: f64) -> Result<f64, NotComputable> {
    beta_reg(a, b, x)
}

/// Two-sided p-value `P(|T| ≥ |t|)` of Student's t with `df > 0` degrees of
/// freedom (`2·pt(-|t|, df)` in R).
pub(crate) fn t_two_sided_p(t: f64, df: f64) -> Result<f64, NotComputable> {
    if df.is_nan() || df <= 0.0 {
        return Err(NotComputable::because(Reason::NoDegreesOfFreedom));
    }
    let t2 = t * t;
    if t2.is_nan() {
        return Err(NotComputable::because(Reason::StatisticUndefined));
    }
    if t2.is_infinite() {
        return Ok(0.0);
    }
    if df.is_infinite() {
        return Ok(normal_two_sided_p(t));
    }
    if t2 < df {
        // p close to 1: use the complement on the small argument.
        let q = t2 / (df + t2);
        Ok((1.0 - beta_reg(0.5, df / 2.0, q)?).clamp(0.0, 1.0))
    } else {
        let x = df / (df + t2);
        beta_reg(df / 2.0, 0.5, x)
    }
}

/// Two-sided normal p-value `P(|Z| ≥ |z|)`.
pub(crate) fn normal_two_sided_p(z: f64) -> f64 {
    erf::erfc(z.abs() / std::f64::consts::SQRT_2).clamp(0.0, 1.0)
}

/// One-sided normal lower tail `P(Z ≤ z)`.
pub(crate) fn normal_cdf(z: f64) -> f64 {
    (0.5 * erf::erfc(-z / std::f64::consts::SQRT_2)).clamp(0.0, 1.0)
}

/// Upper tail of the chi-square distribution with 1 degree of freedom.
pub(crate) fn chisq1_upper(x: f64) -> f64 {
    if x <= 0.0 {
        1.0
    } else {
        erf::erfc((x / 2.0).sqrt()).clamp(0.0, 1.0)
    }
}

/// Normal quantile `z` with `P(|Z| > z) = alpha`, i.e. `qnorm(1 - alpha/2)`.
pub(crate) fn z_two_sided(alpha: f64) -> f64 {
    std::f64::consts::SQRT_2 * erf::erfc_inv(alpha)
}

/// Average ranks (1-based, ties get the mean rank) and the sizes of tie
/// groups larger than one. Values must be finite.
pub(crate) fn average_ranks(values: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        let va = values.get(a).copied().unwrap_or(0.0);
        let vb = values.get(b).copied().unwrap_or(0.0);
        va.total_cmp(&vb)
    });
    let mut ranks = vec![0.0; values.len()];
    let mut ties = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let value_at = |pos: usize| {
            order
                .get(pos)
                .and_then(|&i| values.get(i))
                .copied()
                .unwrap_or(0.0)
        };
        let v = value_at(start);
        let mut end = start + 1;
        while end < order.len() && value_at(end) == v {
            end += 1;
        }
        // Positions start..end (0-based) share ranks start+1..=end.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in order.get(start..end).unwrap_or(&[]) {
            if let Some(r) = ranks.get_mut(i) {
                *r = rank;
            }
        }
        if end - start > 1 {
            ties.push(end - start);
        }
        start = end;
    }
    (ranks, ties)
}

/// Neumaier (improved Kahan) compensated summation.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Neumaier {
    sum: f64,
    comp: f64,
}

impl Neumaier {
    pub(crate) fn add(&mut self, v: f64) {
        let t = self.sum + v;
        if self.sum.abs() >= v.abs() {
            self.comp += (self.sum - t) + v;
        } else {
            self.comp += (v - t) + self.sum;
        }
        self.sum = t;
    }

    pub(crate) fn value(&self) -> f64 {
        self.sum + self.comp
    }
}

/// Root of a continuous increasing function on `[lo, hi]` with
/// `f(lo) ≤ 0 ≤ f(hi)`, by bisection to full double precision.
pub(crate) fn bisect_increasing(mut f: impl FnMut(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..2200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        let v = f(mid);
        if v == 0.0 {
            return mid;
        }
        if v < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    #[test]
    fn t_p_values() {
        // python3 -c "from scipy.stats import t; print(2*t.sf(2.1, 7.5))"
        assert_rel(t_two_sided_p(2.1, 7.5).unwrap(), 0.07123707145807809, 1e-12);
        // python3 -c "from scipy.stats import t; print(2*t.sf(0.01, 3))"
        assert_rel(t_two_sided_p(-0.01, 3.0).unwrap(), 0.992649111412852, 1e-12);
        // python3 -c "from scipy.stats import t; print(2*t.sf(12.0, 40))"
        assert_rel(
            t_two_sided_p(12.0, 40.0).unwrap(),
            7.82417130425598e-15,
            1e-10,
        );
    }

    #[test]
    fn ranks_with_ties() {
        let (r, ties) = average_ranks(&[3.0, 1.0, 3.0, 2.0]);
        assert_eq!(r, vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(ties, vec![2]);
    }

    #[test]
    fn z_quantile() {
        // python3 -c "from scipy.stats import norm; print(norm.ppf(0.975))"
        assert_rel(z_two_sided(0.05), 1.959963984540054, 1e-14);
    }
}
