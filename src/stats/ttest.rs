//! Welch's two-sample t test (unequal variances), two-sided, as R's
//! `t.test(x, y)`.
//!
//! Design decision: Welch rather than Student is the only variant offered,
//! because it is R's default and stays valid when the group variances differ
//! (it loses almost nothing when they are equal). The p-value comes from the
//! regularized incomplete beta function, `P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, ½)`,
//! which keeps small p-values accurate; a non-integer ν (Welch–Satterthwaite)
//! is used as is.

use super::special::{finite, require_finite, t_two_sided_p};
use super::{NotComputable, PValue, Reason};

/// Result of Welch's t test.
#[derive(Debug, Clone, PartialEq)]
pub struct WelchResult {
    /// t statistic, (mean x − mean y)/SE.
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p_value: PValue,
    /// Mean of x minus mean of y.
    pub mean_difference: f64,
    /// Standard error of the mean difference.
    pub std_error: f64,
}

/// Welch two-sample t test of `x` against `y` (two-sided).
///
/// Errors: a group with fewer than 2 values, non-finite values, or both
/// groups without any spread ("all values identical").
pub fn welch_t_test(x: &[f64], y: &[f64]) -> Result<WelchResult, NotComputable> {
    require_finite(x, "first group")?;
    require_finite(y, "second group")?;
    if x.len() < 2 || y.len() < 2 {
        return Err(NotComputable::because(Reason::TooFewPatients));
    }
    let (mx, vx) = mean_var(x)?;
    let (my, vy) = mean_var(y)?;
    let (nx, ny) = (x.len() as f64, y.len() as f64);
    let (sx, sy) = (vx / nx, vy / ny);
    let se2 = sx + sy;
    if se2 == 0.0 {
        return Err(NotComputable::because(Reason::ConstantGroups));
    }
    let se = finite(se2.sqrt(), "standard error")?;
    let mean_difference = finite(mx - my, "mean difference")?;
    let t = mean_difference / se;
    // Welch–Satterthwaite on the variances scaled by the larger one, so that
    // tiny (or huge) variances neither underflow nor overflow when squared.
    let scale = sx.max(sy);
    let (a, b) = (sx / scale, sy / scale);
    let df = (a + b) * (a + b) / (a * a / (nx - 1.0) + b * b / (ny - 1.0));
    let df = finite(df, "degrees of freedom")?;
    let p_value = PValue::from_tail(t_two_sided_p(t, df)?)?;
    Ok(WelchResult {
        t: finite(t, "t statistic")?,
        df,
        p_value,
        mean_difference,
        std_error: se,
    })
}

fn mean_var(v: &[f64]) -> Result<(f64, f64), NotComputable> {
    let n = v.len() as f64;
    let mean = finite(v.iter().sum::<f64>() / n, "mean")?;
    let ss: f64 = v.iter().map(|x| (x - mean) * (x - mean)).sum();
    Ok((mean, finite(ss / (n - 1.0), "variance")?))
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    #[test]
    fn matches_scipy() {
        let x = [12.5, 3.0, 7.25, 9.0, 15.5, 3.0, 8.0, 11.0];
        let y = [4.1, 6.3, 2.2, 5.0, 3.3, 7.7];
        let r = welch_t_test(&x, &y).unwrap();
        // python3 -c "from scipy.stats import ttest_ind; r=ttest_ind([12.5,3,7.25,9,15.5,3,8,11],[4.1,6.3,2.2,5.0,3.3,7.7],equal_var=False); print(repr(r.statistic), repr(r.pvalue), repr(r.df))"
        assert_rel(r.t, 2.2238421098983188, 1e-12);
        assert_rel(r.p_value.value(), 0.04949158392831552, 1e-10);
        assert_rel(r.df, 10.35306117761601, 1e-12);
        // python3 -c "import numpy as np; print(np.mean([12.5,3,7.25,9,15.5,3,8,11])-np.mean([4.1,6.3,2.2,5.0,3.3,7.7]))"
        assert_rel(r.mean_difference, 8.65625 - 28.6 / 6.0, 1e-12);
    }

    #[test]
    fn one_group_constant() {
        // python3 -c "from scipy.stats import ttest_ind; r=ttest_ind([1,2],[5,5,5],equal_var=False); print(repr(r.statistic), repr(r.pvalue), repr(r.df))"
        let r = welch_t_test(&[1.0, 2.0], &[5.0, 5.0, 5.0]).unwrap();
        assert_rel(r.t, -7.0, 1e-12);
        assert_rel(r.p_value.value(), 0.0903344706017331, 1e-10);
        assert_rel(r.df, 1.0, 1e-12);
    }

    #[test]
    fn tiny_p_value() {
        // python3 -c "from scipy.stats import ttest_ind; r=ttest_ind([10.1,10.2,10.3,10.4,10.5,10.6],[1,1.1,1.2,1.3,1.2,1.1],equal_var=False); print(repr(r.statistic), repr(r.pvalue), repr(r.df))"
        let r = welch_t_test(
            &[10.1, 10.2, 10.3, 10.4, 10.5, 10.6],
            &[1.0, 1.1, 1.2, 1.3, 1.2, 1.1],
        )
        .unwrap();
        assert_rel(r.t, 105.07140429250953, 1e-10);
        assert_rel(r.p_value.value(), 1.1723317193750056e-13, 1e-8);
        assert_rel(r.df, 7.860326894502225, 1e-10);
    }

    #[test]
    fn not_computable() {
        assert!(welch_t_test(&[1.0], &[1.0, 2.0]).is_err());
        assert!(welch_t_test(&[], &[1.0, 2.0]).is_err());
        let e = welch_t_test(&[3.0, 3.0], &[4.0, 4.0, 4.0]).unwrap_err();
        assert_eq!(e.reason, Reason::ConstantGroups);
        assert!(welch_t_test(&[1.0, f64::INFINITY], &[1.0, 2.0]).is_err());
    }
}
