//! Wilcoxon rank-sum / Mann–Whitney U test, two-sided, with the defaults of
//! R's `wilcox.test(x, y)`.
//!
//! Design decision: the method is chosen exactly as R does and reported with
//! the result: the exact null distribution when both groups have fewer than
//! 50 values and there are no ties, otherwise the normal approximation with
//! tie-corrected variance and continuity correction. The exact distribution
//! is obtained by counting (the recurrence c(u; i, j) = c(u − j; i − 1, j) +
//! c(u; i, j − 1), additions only, so no cancellation) in `f64`, whose
//! 53-bit mantissa represents the counts — at most C(98, 49) ≈ 2.5·10²⁸ —
//! to ~16 significant digits.

use super::special::{average_ranks, normal_cdf, require_finite};
use super::{NotComputable, PValue, Reason};
use std::fmt;

/// How the p-value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WilcoxonMethod {
    /// Exact null distribution of W (both n < 50, no ties).
    Exact,
    /// Normal approximation with continuity and tie correction.
    NormalApproximation,
}

impl WilcoxonMethod {
    /// Text for reports: `"exact"` or
    /// `"normal approximation with continuity and tie correction"`.
    pub fn description(self) -> &'static str {
        match self {
            WilcoxonMethod::Exact => "exact",
            WilcoxonMethod::NormalApproximation => {
                "normal approximation with continuity and tie correction"
            }
        }
    }
}

impl fmt::Display for WilcoxonMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// Result of the rank-sum test.
#[derive(Debug, Clone, PartialEq)]
pub struct MannWhitneyResult {
    /// R's W: sum of the ranks of `x` minus n_x(n_x + 1)/2 (equals SciPy's
    /// U for the first sample).
    pub w: f64,
    /// Two-sided p-value.
    pub p_value: PValue,
    /// Method used for the p-value.
    pub method: WilcoxonMethod,
}

/// Two-sided Wilcoxon rank-sum (Mann–Whitney) test of `x` against `y`.
///
/// Errors: an empty group, non-finite values, or all values identical
/// (normal approximation with zero variance).
pub fn mann_whitney(x: &[f64], y: &[f64]) -> Result<MannWhitneyResult, NotComputable> {
    require_finite(x, "first group")?;
    require_finite(y, "second group")?;
    if x.is_empty() || y.is_empty() {
        return Err(NotComputable::because(Reason::NoPatients));
    }
    let combined: Vec<f64> = x.iter().chain(y.iter()).copied().collect();
    let (ranks, ties) = average_ranks(&combined);
    let (nx, ny) = (x.len(), y.len());
    let (nxf, nyf) = (nx as f64, ny as f64);
    let rank_sum: f64 = ranks.iter().take(nx).sum();
    let w = rank_sum - nxf * (nxf + 1.0) / 2.0;

    if nx < 50 && ny < 50 && ties.is_empty() {
        let w_int = w.round().max(0.0) as usize;
        let p_value = PValue::from_tail(exact_two_sided(w_int, nx, ny))?;
        return Ok(MannWhitneyResult {
            w,
            p_value,
            method: WilcoxonMethod::Exact,
        });
    }

    let n = nxf + nyf;
    let tie_term: f64 = ties
        .iter()
        .map(|&t| {
            let t = t as f64;
            t * t * t - t
        })
        .sum();
    let var = nxf * nyf / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)));
    if var.is_nan() || var <= 0.0 {
        return Err(NotComputable::because(Reason::ConstantGroups));
    }
    let z = w - nxf * nyf / 2.0;
    let correction = if z > 0.0 {
        0.5
    } else if z < 0.0 {
        -0.5
    } else {
        0.0
    };
    let z = (z - correction) / var.sqrt();
    let p_value = PValue::from_tail(2.0 * normal_cdf(z).min(normal_cdf(-z)))?;
    Ok(MannWhitneyResult {
        w,
        p_value,
        method: WilcoxonMethod::NormalApproximation,
    })
}

/// Counts of U = 0..=m·n under H0 for group sizes m and n.
fn exact_counts(m: usize, n: usize) -> Vec<f64> {
    let max_u = m * n;
    // layer[j][u] = c(u; i, j) for the current i.
    let mut layer: Vec<Vec<f64>> = (0..=n)
        .map(|_| {
            let mut v = vec![0.0; max_u + 1];
            if let Some(first) = v.first_mut() {
                *first = 1.0;
            }
            v
        })
        .collect();
    for _i in 1..=m {
        let prev = layer;
        let mut next: Vec<Vec<f64>> = Vec::with_capacity(n + 1);
        for (j, prev_j) in prev.iter().enumerate() {
            let mut cur = vec![0.0; max_u + 1];
            // Last-ranked element is an x (with j y's below it)…
            for (u, slot) in cur.iter_mut().enumerate().skip(j) {
                *slot = prev_j.get(u - j).copied().unwrap_or(0.0);
            }
            // …or a y.
            if let Some(left) = next.last() {
                for (slot, add) in cur.iter_mut().zip(left.iter()) {
                    *slot += add;
                }
            }
            next.push(cur);
        }
        layer = next;
    }
    layer.pop().unwrap_or_default()
}

/// A variant of the rank-sum p-value, as the audit of a published table
/// tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankSumVariant {
    /// Exact null distribution.
    Exact,
    /// Normal approximation with continuity correction.
    NormalCorrected,
    /// Normal approximation without continuity correction.
    NormalUncorrected,
}

/// The two-sided rank-sum p-value of `w` (R's W) for groups of `nx` and
/// `ny` values without ties, by `variant` (R's `wilcox.test(exact =,
/// correct =)`). Errors: an empty group; the exact variant for groups of 50
/// or more.
pub fn p_from_w(
    w: f64,
    nx: usize,
    ny: usize,
    variant: RankSumVariant,
) -> Result<f64, NotComputable> {
    if nx == 0 || ny == 0 {
        return Err(NotComputable::because(Reason::NoPatients));
    }
    if !w.is_finite() || w < 0.0 || w > (nx * ny) as f64 {
        return Err(NotComputable::because(Reason::NotFinite));
    }
    let (nxf, nyf) = (nx as f64, ny as f64);
    let z = w - nxf * nyf / 2.0;
    let sd = (nxf * nyf * (nxf + nyf + 1.0) / 12.0).sqrt();
    let normal = |correction: f64| {
        let z = (z.abs() - correction).max(0.0) / sd;
        (2.0 * normal_cdf(-z)).min(1.0)
    };
    match variant {
        RankSumVariant::Exact if nx < 50 && ny < 50 => {
            Ok(exact_two_sided(w.round() as usize, nx, ny))
        }
        RankSumVariant::Exact => Err(NotComputable::because(Reason::TooManyForExactTest)),
        RankSumVariant::NormalCorrected => Ok(normal(0.5)),
        RankSumVariant::NormalUncorrected => Ok(normal(0.0)),
    }
}

/// Exact two-sided p-value min(1, 2·min(P(W ≤ w), P(W ≥ w))).
fn exact_two_sided(w: usize, m: usize, n: usize) -> f64 {
    let counts = exact_counts(m, n);
    let total: f64 = counts.iter().sum();
    if total <= 0.0 {
        return 1.0;
    }
    let below: f64 = counts.iter().take(w + 1).sum();
    let above: f64 = counts.iter().skip(w).sum();
    (2.0 * below.min(above) / total).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    #[test]
    fn variants_from_w() {
        // x = [1.1, 2.3, 3.7, 4.2, 5.9, 8.8, 9.1], y = [0.5, 0.9, 1.7, 2.0,
        // 2.8]: W = 31. Exact: enumeration of all C(12, 7) rank sets in
        // Python, min(1, 2·min(P(W ≤ 31), P(W ≥ 31))) = 0.030303030303;
        // normal: mpmath erfc((|W − 17.5| − cc)/√(35·13/12)/√2) =
        // 0.0347555843596162 (cc 0.5), 0.0283510373292277 (cc 0).
        let x = [1.1, 2.3, 3.7, 4.2, 5.9, 8.8, 9.1];
        let y = [0.5, 0.9, 1.7, 2.0, 2.8];
        let direct = mann_whitney(&x, &y).unwrap();
        assert_eq!(direct.w, 31.0);
        let exact = p_from_w(31.0, 7, 5, RankSumVariant::Exact).unwrap();
        assert_rel(exact, 0.030303030303030304, 1e-12);
        assert_eq!(exact, direct.p_value.value());
        let cc = p_from_w(31.0, 7, 5, RankSumVariant::NormalCorrected).unwrap();
        assert_rel(cc, 0.0347555843596162, 1e-9);
        let plain = p_from_w(31.0, 7, 5, RankSumVariant::NormalUncorrected).unwrap();
        assert_rel(plain, 0.0283510373292277, 1e-9);
        assert!(p_from_w(31.0, 0, 5, RankSumVariant::Exact).is_err());
        assert!(p_from_w(36.0, 7, 5, RankSumVariant::Exact).is_err());
    }

    #[test]
    fn exact_small_samples() {
        // python3 -c "from scipy.stats import mannwhitneyu as mw; print(mw([1.1,2.3,3.7,4.2,5.9],[0.5,1.9,2.8,3.1,6.4,7.2,0.9],alternative='two-sided',method='exact'))"
        let r = mann_whitney(
            &[1.1, 2.3, 3.7, 4.2, 5.9],
            &[0.5, 1.9, 2.8, 3.1, 6.4, 7.2, 0.9],
        )
        .unwrap();
        assert_eq!(r.w, 20.0);
        assert_rel(r.p_value.value(), 0.7550505050505051, 1e-12);
        assert_eq!(r.method, WilcoxonMethod::Exact);
        assert_eq!(r.method.to_string(), "exact");
    }

    #[test]
    fn exact_complete_separation() {
        // python3 -c "from scipy.stats import mannwhitneyu as mw; print(mw([1,2,3,4,5,6,7],[8,9,10,11,12,13,14,15],alternative='two-sided',method='exact'))"
        let x: Vec<f64> = (1..=7).map(f64::from).collect();
        let y: Vec<f64> = (8..=15).map(f64::from).collect();
        let r = mann_whitney(&x, &y).unwrap();
        assert_eq!(r.w, 0.0);
        assert_rel(r.p_value.value(), 0.0003108003108003108, 1e-12);
    }

    #[test]
    fn one_patient_each() {
        // python3 -c "from scipy.stats import mannwhitneyu as mw; print(mw([3.0],[1.0],alternative='two-sided',method='exact'))"
        let r = mann_whitney(&[3.0], &[1.0]).unwrap();
        assert_eq!((r.w, r.p_value), (1.0, PValue::Is(1.0)));
    }

    #[test]
    fn exact_at_49_per_group() {
        // python3 -c "from scipy.stats import mannwhitneyu as mw; print(mw([float(i) for i in range(49)],[i+20.5 for i in range(49)],alternative='two-sided',method='exact'))"
        let x: Vec<f64> = (0..49).map(f64::from).collect();
        let y: Vec<f64> = (0..49).map(|i| f64::from(i) + 20.5).collect();
        let r = mann_whitney(&x, &y).unwrap();
        assert_eq!(r.w, 406.0);
        assert_eq!(r.method, WilcoxonMethod::Exact);
        assert_rel(r.p_value.value(), 2.6341334724381734e-09, 1e-10);
    }

    #[test]
    fn ties_use_normal_approximation() {
        // python3 -c "from scipy.stats import mannwhitneyu as mw; print(mw([1,2,2,3,4,5,5,6],[2,3,3,4,7,8],alternative='two-sided',method='asymptotic',use_continuity=True))"
        let r = mann_whitney(
            &[1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0, 6.0],
            &[2.0, 3.0, 3.0, 4.0, 7.0, 8.0],
        )
        .unwrap();
        assert_eq!(r.w, 18.5);
        assert_rel(r.p_value.value(), 0.513943442885429, 1e-12);
        assert_eq!(r.method, WilcoxonMethod::NormalApproximation);
        assert_eq!(
            r.method.description(),
            "normal approximation with continuity and tie correction"
        );
    }

    #[test]
    fn fifty_or_more_use_normal_approximation() {
        // python3 -c "from scipy.stats import mannwhitneyu as mw; print(mw([float(i) for i in range(50)],[i+20.5 for i in range(49)],alternative='two-sided',method='asymptotic'))"
        let x: Vec<f64> = (0..50).map(f64::from).collect();
        let y: Vec<f64> = (0..49).map(|i| f64::from(i) + 20.5).collect();
        let r = mann_whitney(&x, &y).unwrap();
        assert_eq!(r.w, 435.0);
        assert_eq!(r.method, WilcoxonMethod::NormalApproximation);
        assert_rel(r.p_value.value(), 3.2883127879910685e-08, 1e-10);
    }

    #[test]
    fn not_computable() {
        assert!(mann_whitney(&[], &[1.0]).is_err());
        assert!(mann_whitney(&[1.0, f64::NAN], &[1.0]).is_err());
        // All values identical: R returns NaN for the p-value.
        assert_eq!(
            mann_whitney(&[5.0, 5.0, 5.0], &[5.0, 5.0])
                .unwrap_err()
                .reason,
            Reason::ConstantGroups
        );
    }
}
