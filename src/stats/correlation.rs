//! Pearson and Spearman correlation with two-sided p-values.
//!
//! Design decision: both p-values use the t approximation
//! `t = r·√((n−2)/(1−r²))` on n − 2 degrees of freedom. For Pearson this is
//! exact under bivariate normality (R's `cor.test`, SciPy's `pearsonr`). For
//! Spearman it is the large-sample approximation used by SciPy's
//! `spearmanr` and by R's `cor.test(method = "spearman", exact = FALSE)`;
//! note that R's *default* for n < 1290 without ties is the exact AS 89
//! algorithm, so for small samples R's default Spearman p-value can differ
//! from ours (the coefficient ρ itself is identical). ρ is Pearson's r on
//! average ranks, so ties are handled as R and SciPy do. |r| = 1 makes t
//! infinite and the model's p exactly 0, which no study should print: it is
//! reported as [`PValue::Below`] the smallest normal double, an honest upper
//! bound shown as `<0.001` (an r within 4 ulps of ±1 is treated as exactly
//! ±1, so that a perfect relation is not reported with a spurious p ≈ 10⁻⁸
//! caused by rounding).

use super::pvalue::SMALLEST;
use super::special::{average_ranks, require_finite, t_two_sided_p};
use super::{NotComputable, PValue, Reason};

/// Which coefficient was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrelationMethod {
    /// Pearson's product-moment r.
    Pearson,
    /// Spearman's rank correlation ρ (t approximation for the p-value).
    Spearman,
}

/// A correlation coefficient with its two-sided p-value.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlation {
    /// Coefficient in [−1, 1].
    pub r: f64,
    /// Number of pairs.
    pub n: usize,
    /// Two-sided p-value for H0: no correlation.
    pub p_value: PValue,
    /// Method used.
    pub method: CorrelationMethod,
}

/// Pearson correlation of paired values `x[i]`, `y[i]`.
///
/// Errors: different lengths, fewer than 3 pairs, non-finite values, or a
/// variable with all values identical.
pub fn pearson(x: &[f64], y: &[f64]) -> Result<Correlation, NotComputable> {
    check_pairs(x, y)?;
    let r = pearson_r(x, y)?;
    finish(r, x.len(), CorrelationMethod::Pearson)
}

/// Spearman rank correlation of paired values (ties get average ranks).
///
/// Errors: as [`pearson`].
pub fn spearman(x: &[f64], y: &[f64]) -> Result<Correlation, NotComputable> {
    check_pairs(x, y)?;
    let (rx, _) = average_ranks(x);
    let (ry, _) = average_ranks(y);
    let r = pearson_r(&rx, &ry)?;
    finish(r, x.len(), CorrelationMethod::Spearman)
}

fn check_pairs(x: &[f64], y: &[f64]) -> Result<(), NotComputable> {
    if x.len() != y.len() {
        return Err(NotComputable::because(Reason::UnequalLengths));
    }
    require_finite(x, "first variable")?;
    require_finite(y, "second variable")?;
    if x.len() < 3 {
        return Err(NotComputable::because(Reason::TooFewPairs));
    }
    Ok(())
}

fn pearson_r(x: &[f64], y: &[f64]) -> Result<f64, NotComputable> {
    // The pairs in one order, whatever the order of the rows: floating-
    // point sums depend on their order, and an r of zero came out as
    // +1.5e-17 or −1.5e-17 depending on the file's row order
    // (tests/suite/properties.rs, row_order_never_changes_the_analysis).
    let mut pairs: Vec<(f64, f64)> = x.iter().copied().zip(y.iter().copied()).collect();
    pairs.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)));
    let (x, y): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
    let (x, y) = (x.as_slice(), y.as_slice());
    // Deviations scaled by their largest magnitude, so that their squares
    // neither overflow (values of 1e200) nor underflow (values of 1e-188),
    // as in SciPy's test_extremely_large_input_values and
    // test_very_small_input_values; r does not change with the scale.
    let a = scaled_deviations(x)?;
    let b = scaled_deviations(y)?;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (da, db) in a.iter().zip(b.iter()) {
        sxy += da * db;
        sxx += da * da;
        syy += db * db;
    }
    // √(sxx·syy) is exact for identical rank vectors (√(a·a) = a), unlike
    // √sxx·√syy; each sum lies in [1, n], so the product cannot overflow.
    let r = sxy / (sxx * syy).sqrt();
    if r.is_finite() {
        // Rounding can leave a perfect correlation a few ulps short of ±1.
        if 1.0 - r.abs() <= 4.0 * f64::EPSILON {
            Ok(r.signum())
        } else {
            Ok(r.clamp(-1.0, 1.0))
        }
    } else {
        Err(NotComputable::because(Reason::TooLarge))
    }
}

/// The co-moments of paired values: n, the means, and the sums of squared
/// and cross deviations from the means. They are what Pearson's r needs,
/// and two sets of them merge into the co-moments of all the pairs without
/// the pairs (the pairwise update of Chan, Golub & LeVeque, "Updating
/// formulae and a pairwise algorithm for computing sample variances",
/// 1979, eq. 2.1b, extended to the cross term as in Schubert & Gertz,
/// "Numerically stable parallel computation of (co-)variance", SSDBM 2018,
/// eq. 22): so sites can pool a correlation without sharing patients.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CoMoments {
    /// Pairs.
    pub n: usize,
    /// Mean of x.
    pub mean_x: f64,
    /// Mean of y.
    pub mean_y: f64,
    /// Σ(x − mean x)².
    pub sxx: f64,
    /// Σ(y − mean y)².
    pub syy: f64,
    /// Σ(x − mean x)(y − mean y).
    pub sxy: f64,
}

impl CoMoments {
    /// The co-moments of paired values (two passes: means, then
    /// deviations). Lengths are assumed equal; extra values are ignored.
    pub fn of(x: &[f64], y: &[f64]) -> CoMoments {
        let len = x.len().min(y.len());
        if len == 0 {
            return CoMoments::default();
        }
        let (x, y) = (&x[..len], &y[..len]);
        let n = len as f64;
        let mean_x = x.iter().sum::<f64>() / n;
        let mean_y = y.iter().sum::<f64>() / n;
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for (a, b) in x.iter().zip(y.iter()) {
            let (dx, dy) = (a - mean_x, b - mean_y);
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        CoMoments {
            n: len,
            mean_x,
            mean_y,
            sxx,
            syy,
            sxy,
        }
    }

    /// The co-moments of both sets of pairs together.
    pub fn merge(&self, other: &CoMoments) -> CoMoments {
        if self.n == 0 {
            return *other;
        }
        if other.n == 0 {
            return *self;
        }
        let (na, nb) = (self.n as f64, other.n as f64);
        let n = na + nb;
        let dx = other.mean_x - self.mean_x;
        let dy = other.mean_y - self.mean_y;
        let w = na * nb / n;
        CoMoments {
            n: self.n + other.n,
            mean_x: self.mean_x + dx * nb / n,
            mean_y: self.mean_y + dy * nb / n,
            sxx: self.sxx + other.sxx + dx * dx * w,
            syy: self.syy + other.syy + dy * dy * w,
            sxy: self.sxy + other.sxy + dx * dy * w,
        }
    }

    fn r(&self) -> Result<f64, NotComputable> {
        let (sxx, syy, sxy) = (self.sxx, self.syy, self.sxy);
        if sxx == 0.0 || syy == 0.0 {
            return Err(NotComputable::because(Reason::ConstantVariable));
        }
        // √(sxx·syy) is exact for identical rank vectors (√(a·a) = a), unlike
        // √sxx·√syy; fall back to the latter only if the product overflows.
        let prod = (sxx * syy).sqrt();
        let denom = if prod.is_finite() && prod > 0.0 {
            prod
        } else {
            sxx.sqrt() * syy.sqrt()
        };
        let r = sxy / denom;
        if r.is_finite() {
            // Rounding can leave a perfect correlation a few ulps short of ±1.
            if 1.0 - r.abs() <= 4.0 * f64::EPSILON {
                Ok(r.signum())
            } else {
                Ok(r.clamp(-1.0, 1.0))
            }
        } else {
            Err(NotComputable::because(Reason::TooLarge))
        }
    }
}

/// Pearson correlation from co-moments (of one list of pairs, or merged
/// from several): the same r and p as [`pearson`] on the pairs.
///
/// Errors: fewer than 3 pairs, a non-finite moment, or a constant variable.
pub fn pearson_from(m: &CoMoments) -> Result<Correlation, NotComputable> {
    let finite = [m.mean_x, m.mean_y, m.sxx, m.syy, m.sxy]
        .iter()
        .all(|v| v.is_finite());
    if !finite {
        return Err(NotComputable::because(Reason::NotFinite));
    }
    if m.n < 3 {
        return Err(NotComputable::because(Reason::TooFewPairs));
    }
    finish(m.r()?, m.n, CorrelationMethod::Pearson)
}

/// (vᵢ − mean)/max|vⱼ − mean|; errors when every value is the same.
fn scaled_deviations(v: &[f64]) -> Result<Vec<f64>, NotComputable> {
    // Identical values are constant even where their mean rounds
    // (3 × 0.667 / 3 ≠ 0.667 in binary).
    if v.windows(2).all(|w| w[0] == w[1]) {
        return Err(NotComputable::because(Reason::ConstantVariable));
    }
    let n = v.len() as f64;
    let mut mean = v.iter().sum::<f64>() / n;
    if !mean.is_finite() {
        // The sum overflowed (values near 1.8e308): average the shares.
        mean = v.iter().map(|x| x / n).sum::<f64>();
    }
    // Second pass (as R's mean): add back the mean residual.
    mean += v.iter().map(|x| x - mean).sum::<f64>() / n;
    let dev: Vec<f64> = v.iter().map(|x| x - mean).collect();
    let scale = dev.iter().fold(0.0f64, |m, d| m.max(d.abs()));
    if scale == 0.0 {
        return Err(NotComputable::because(Reason::ConstantVariable));
    }
    if !scale.is_finite() {
        return Err(NotComputable::because(Reason::TooLarge));
    }
    Ok(dev.iter().map(|d| d / scale).collect())
}

/// The two-sided p-value of a correlation coefficient `r` on `n` pairs (the
/// t test on n − 2 df), from the printed numbers alone: the audit of a
/// published table uses it to check that a printed r and P can go together.
pub fn p_from_r(r: f64, n: usize) -> Result<f64, NotComputable> {
    if !r.is_finite() || r.abs() > 1.0 {
        return Err(NotComputable::because(Reason::NotFinite));
    }
    if n < 3 {
        return Err(NotComputable::because(Reason::TooFewPairs));
    }
    Ok(finish(r, n, CorrelationMethod::Pearson)?.p_value.value())
}

fn finish(r: f64, n: usize, method: CorrelationMethod) -> Result<Correlation, NotComputable> {
    let df = n as f64 - 2.0;
    let p_value = if r.abs() >= 1.0 {
        PValue::Below(SMALLEST)
    } else {
        let t = r * (df / ((1.0 - r) * (1.0 + r))).sqrt();
        PValue::from_tail(t_two_sided_p(t, df)?)?
    };
    Ok(Correlation {
        r,
        n,
        p_value,
        method,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    #[test]
    fn p_from_printed_r() {
        // mpmath: t = r√((n−2)/(1−r²)), p = I_{df/(df+t²)}(df/2, ½), df = 17:
        // r = 0.325 → 0.174569427972479; r = 0.133 → 0.587269338561078.
        assert_rel(p_from_r(0.325, 19).unwrap(), 0.174569427972479, 1e-10);
        assert_rel(p_from_r(0.133, 19).unwrap(), 0.587269338561078, 1e-10);
        assert_eq!(p_from_r(0.0, 19).unwrap(), 1.0);
        assert!(p_from_r(1.5, 19).is_err());
        assert!(p_from_r(0.3, 2).is_err());
    }

    const X: [f64; 8] = [1.2, 2.4, 3.1, 4.8, 5.0, 6.7, 7.1, 8.9];
    const Y: [f64; 8] = [2.0, 2.9, 3.5, 3.1, 6.2, 6.0, 8.4, 7.7];

    /// Values whose squared deviations underflow (1e-188) or overflow
    /// (1e200) have a correlation. 80-digit references (mpmath 1.3.0,
    /// mp.dps = 80: r = Sxy/√(Sxx·Syy) from the decimal inputs, p =
    /// betainc(df/2, 1/2, 0, df/(df + t²), regularized=True)); the same
    /// values are in SciPy's test_stats.py (gh-9353, gh-8980).
    #[test]
    // The references are printed with 17–18 digits, as computed.
    #[allow(clippy::excessive_precision)]
    fn badly_scaled_values() {
        let x = [
            0.004434375,
            0.004756007,
            0.003911996,
            0.0038005,
            0.003409971,
        ];
        let y = [2.48e-188, 7.41e-181, 4.09e-208, 2.08e-223, 2.66e-245];
        let c = pearson(&x, &y).unwrap();
        assert_rel(c.r, 0.72729305407504504, 1e-13);
        assert_rel(c.p_value.value(), 0.16378054295332022, 1e-13);
        let x = [2.3e200, 4.5e200, 6.7e200, 8e200];
        let y = [1.2e199, 5.5e200, 3.3e201, 1.0e200];
        let c = pearson(&x, &y).unwrap();
        assert_rel(c.r, 0.35131233210328905, 1e-13);
        assert_rel(c.p_value.value(), 0.64868766789671095, 1e-13);
        // Near the largest double the sum overflows; the mean still exists
        // (mpmath, mp.dps = 50, on the same doubles: 0.970725343394150942).
        let c = pearson(&[1e308, 1.5e308, 1.7e308], &[1.0, 2.0, 3.0]).unwrap();
        assert_rel(c.r, 0.970725343394150942, 1e-12);
    }

    #[test]
    fn pearson_matches_scipy() {
        // python3 -c "from scipy.stats import pearsonr; print(pearsonr([1.2,2.4,3.1,4.8,5.0,6.7,7.1,8.9],[2.0,2.9,3.5,3.1,6.2,6.0,8.4,7.7]))"
        let c = pearson(&X, &Y).unwrap();
        assert_rel(c.r, 0.9006913034383354, 1e-12);
        assert_rel(c.p_value.value(), 0.0022697632612479054, 1e-10);
        assert_eq!((c.n, c.method), (8, CorrelationMethod::Pearson));
    }

    #[test]
    fn spearman_matches_scipy() {
        // python3 -c "from scipy.stats import spearmanr; print(spearmanr([1.2,2.4,3.1,4.8,5.0,6.7,7.1,8.9],[2.0,2.9,3.5,3.1,6.2,6.0,8.4,7.7]))"
        let c = spearman(&X, &Y).unwrap();
        assert_rel(c.r, 0.9285714285714287, 1e-12);
        assert_rel(c.p_value.value(), 0.0008629681828999767, 1e-10);
    }

    #[test]
    fn with_ties() {
        let x = [1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 4.0, 5.0, 6.0];
        let y = [3.0, 1.0, 2.0, 2.0, 5.0, 4.0, 6.0, 6.0, 9.0];
        // python3 -c "from scipy.stats import pearsonr; print(pearsonr([1,2,2,3,4,4,4,5,6],[3,1,2,2,5,4,6,6,9]))"
        let c = pearson(&x, &y).unwrap();
        assert_rel(c.r, 0.8706143815078907, 1e-12);
        assert_rel(c.p_value.value(), 0.0022552989123567446, 1e-10);
        // python3 -c "from scipy.stats import spearmanr; print(spearmanr([1,2,2,3,4,4,4,5,6],[3,1,2,2,5,4,6,6,9]))"
        let c = spearman(&x, &y).unwrap();
        assert_rel(c.r, 0.8541480562465052, 1e-12);
        assert_rel(c.p_value.value(), 0.0033727520402277514, 1e-10);
    }

    #[test]
    fn three_pairs_and_perfect_correlation() {
        // python3 -c "from scipy.stats import pearsonr; print(pearsonr([1,2,3],[1.0,2.5,2.9]))"
        let c = pearson(&[1.0, 2.0, 3.0], &[1.0, 2.5, 2.9]).unwrap();
        assert_rel(c.r, 0.9484206140366034, 1e-12);
        assert_rel(c.p_value.value(), 0.20536093464562089, 1e-10);
        // python3 -c "from scipy.stats import spearmanr; print(spearmanr([1,2,3],[1.0,2.5,2.9]))"  -> 1.0, 0.0
        // SciPy prints the model's p of exactly 0; we carry "below 2.2e-308".
        let c = spearman(&[1.0, 2.0, 3.0], &[1.0, 2.5, 2.9]).unwrap();
        assert_eq!((c.r, c.p_value), (1.0, PValue::Below(SMALLEST)));
        // python3 -c "from scipy.stats import pearsonr; print(pearsonr([1,2,3,4],[-2,-4,-6,-8]))"  -> -1.0, 0.0
        let c = pearson(&[1.0, 2.0, 3.0, 4.0], &[-2.0, -4.0, -6.0, -8.0]).unwrap();
        assert_eq!((c.r, c.p_value), (-1.0, PValue::Below(SMALLEST)));
        assert!(c.p_value.value() > 0.0 && c.p_value.is_upper_bound());
    }

    #[test]
    fn not_computable() {
        assert_eq!(
            pearson(&[1.0, 2.0], &[1.0, 2.0]).unwrap_err().reason,
            Reason::TooFewPairs
        );
        assert!(spearman(&[], &[]).is_err());
        assert!(pearson(&[1.0, 2.0, 3.0], &[1.0, 2.0]).is_err());
        assert!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]).is_err());
        assert!(spearman(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]).is_err());
        assert!(pearson(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0]).is_err());
    }

    #[test]
    fn merged_co_moments_give_the_pooled_pearson() {
        // mpmath at 30 digits, r = sxy/√(sxx·syy) of the decimal values:
        // 0.741266256173053888240421380581 (python3, mp.dps = 30).
        let x = [5.0, 7.5, 10.0, 10.0, 2.5, 5.0, 7.5];
        let y = [22.1, 24.3, 27.9, 25.0, 19.8, 23.3, 30.1];
        let whole = pearson(&x, &y).unwrap();
        assert_rel(whole.r, 0.741_266_256_173_054, 1e-14);
        for cut in 0..=x.len() {
            let a = CoMoments::of(&x[..cut], &y[..cut]);
            let b = CoMoments::of(&x[cut..], &y[cut..]);
            for m in [a.merge(&b), b.merge(&a)] {
                let pooled = pearson_from(&m).unwrap();
                assert_rel(pooled.r, whole.r, 1e-13);
                assert_rel(pooled.p_value.value(), whole.p_value.value(), 1e-12);
            }
        }
        // One set of co-moments: the plain two-pass sums, within rounding
        // of pearson's scaled deviations.
        let one = pearson_from(&CoMoments::of(&x, &y)).unwrap();
        assert_rel(one.r, whole.r, 1e-14);
        assert_eq!(one.n, whole.n);
    }
}
