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

/// A group as a paper prints it: mean, SD (n − 1) and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupSummary {
    /// Mean.
    pub mean: f64,
    /// Standard deviation (n − 1 denominator).
    pub sd: f64,
    /// Number of values.
    pub n: usize,
}

/// A t test computed from group summaries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SummaryTest {
    /// t statistic.
    pub t: f64,
    /// Degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// Student's two-sample t test with pooled variance, two-sided, from the
/// groups' summaries (as R's `t.test(x, y, var.equal = TRUE)` on the data).
/// Used to name the test behind a published p-value; the plan's test is
/// Welch's.
pub fn student_from_summaries(
    x: GroupSummary,
    y: GroupSummary,
) -> Result<SummaryTest, NotComputable> {
    check_summaries(x, y)?;
    let (nx, ny) = (x.n as f64, y.n as f64);
    let df = nx + ny - 2.0;
    let pooled = ((nx - 1.0) * x.sd * x.sd + (ny - 1.0) * y.sd * y.sd) / df;
    let se2 = pooled * (1.0 / nx + 1.0 / ny);
    if se2 <= 0.0 {
        return Err(NotComputable::because(Reason::ConstantGroups));
    }
    let t = finite((x.mean - y.mean) / se2.sqrt(), "t statistic")?;
    Ok(SummaryTest {
        t,
        df,
        p_value: t_two_sided_p(t, df)?,
    })
}

/// Welch's t test, two-sided, from the groups' summaries (the same value as
/// [`welch_t_test`] on the data).
pub fn welch_from_summaries(
    x: GroupSummary,
    y: GroupSummary,
) -> Result<SummaryTest, NotComputable> {
    check_summaries(x, y)?;
    let (sx, sy) = (x.sd * x.sd / x.n as f64, y.sd * y.sd / y.n as f64);
    let se2 = sx + sy;
    if se2 <= 0.0 {
        return Err(NotComputable::because(Reason::ConstantGroups));
    }
    let df = finite(
        se2 * se2 / (sx * sx / (x.n as f64 - 1.0) + sy * sy / (y.n as f64 - 1.0)),
        "degrees of freedom",
    )?;
    let t = finite((x.mean - y.mean) / se2.sqrt(), "t statistic")?;
    Ok(SummaryTest {
        t,
        df,
        p_value: t_two_sided_p(t, df)?,
    })
}

fn check_summaries(x: GroupSummary, y: GroupSummary) -> Result<(), NotComputable> {
    require_finite(&[x.mean, x.sd, y.mean, y.sd], "summaries")?;
    if x.n < 2 || y.n < 2 {
        return Err(NotComputable::because(Reason::TooFewPatients));
    }
    Ok(())
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
    fn from_summaries_match_the_formulas() {
        // mpmath (50 digits): pooled SD² = ((n1−1)s1² + (n2−1)s2²)/(n1+n2−2),
        // t = (m1−m2)/√(sp²(1/n1+1/n2)), p = I_{df/(df+t²)}(df/2, ½);
        // Welch–Satterthwaite df for Welch. Inputs: 12.0 ± SD 3.0 (n 8) vs
        // 9.5 ± SD 1.5 (n 6).
        let x = GroupSummary {
            mean: 12.0,
            sd: 3.0,
            n: 8,
        };
        let y = GroupSummary {
            mean: 9.5,
            sd: 1.5,
            n: 6,
        };
        let s = student_from_summaries(x, y).unwrap();
        assert_rel(s.t, 1.86096842079694, 1e-12);
        assert_rel(s.p_value, 0.0874168413507882, 1e-10);
        assert_eq!(s.df, 12.0);
        let w = welch_from_summaries(x, y).unwrap();
        assert_rel(w.t, 2.04124145231932, 1e-12);
        assert_rel(w.df, 10.7692307692308, 1e-12);
        assert_rel(w.p_value, 0.066507059676162, 1e-10);
        // the same as Welch on data: the matches_scipy sample's summaries
        let data_x = [12.5, 3.0, 7.25, 9.0, 15.5, 3.0, 8.0, 11.0];
        let data_y = [4.1, 6.3, 2.2, 5.0, 3.3, 7.7];
        let summary = |v: &[f64]| {
            let (m, var) = mean_var(v).unwrap();
            GroupSummary {
                mean: m,
                sd: var.sqrt(),
                n: v.len(),
            }
        };
        let direct = welch_t_test(&data_x, &data_y).unwrap();
        let from = welch_from_summaries(summary(&data_x), summary(&data_y)).unwrap();
        assert_rel(from.p_value, direct.p_value.value(), 1e-12);
        let one = GroupSummary { n: 1, ..x };
        assert!(student_from_summaries(one, y).is_err());
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
