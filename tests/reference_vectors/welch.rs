//! Welch's two-sample t test against R's `t.test` (as SciPy's suite records
//! it, and R's own saved outputs) and SciPy's regression values.

use super::{assert_printed, assert_rel};
use lenalyze::stats::ttest::{welch_from_summaries, welch_t_test, GroupSummary};
use lenalyze::stats::Reason;

/// NumPy's `linspace(start, stop, num)`: start + i·step, the last point
/// exactly `stop`.
fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    let step = (stop - start) / (num - 1) as f64;
    (0..num)
        .map(|i| {
            if i + 1 == num {
                stop
            } else {
                start + i as f64 * step
            }
        })
        .collect()
}

/// Mean, SD (n − 1) and n, for the summary form of the test.
fn summary(v: &[f64]) -> GroupSummary {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let ss: f64 = v.iter().map(|x| (x - mean) * (x - mean)).sum();
    GroupSummary {
        mean,
        sd: (ss / (n - 1.0)).sqrt(),
        n: v.len(),
    }
}

/// Checks the data form and the summary form against (t, p).
#[track_caller]
fn check(x: &[f64], y: &[f64], t: f64, p: f64, rtol: f64, what: &str) {
    let r = welch_t_test(x, y).unwrap();
    assert_rel(r.t, t, rtol, &format!("t, {what}"));
    assert_rel(r.p_value.value(), p, rtol, &format!("p, {what}"));
    let s = welch_from_summaries(summary(x), summary(y)).unwrap();
    assert_rel(s.t, t, rtol, &format!("t from summaries, {what}"));
    assert_rel(s.p_value, p, rtol, &format!("p from summaries, {what}"));
}

/// scipy@3dbf660a919b scipy/stats/tests/test_stats.py::TestTTestIndMore::
/// test_ttest_ind_with_uneq_var (lines 6060–6100), "check vs. R t.test"
/// with `options(digits=20)` for the first two, SciPy regression values for
/// the last two; each also through `ttest_ind_from_stats` in the suite (our
/// `welch_from_summaries`). The suite's tolerance is its default (rtol
/// ≈1e-7); we hold 1e-12.
#[test]
fn scipy_test_ttest_ind_with_uneq_var() {
    let b = [1.1, 2.9, 4.2];
    // Lines 6067–6070.
    check(
        &[1., 2., 3.],
        &b,
        -0.686495127355726265,
        0.53619490753126686,
        1e-12,
        "a = 1:3",
    );
    // Lines 6080–6082.
    check(
        &[1., 2., 3., 4.],
        &b,
        -0.210866331595072315,
        0.84354139131608252,
        1e-12,
        "a = 1:4",
    );
    // Lines 6093–6096: rvs1 = linspace(5, 105, 100), rvs2 = linspace(1,
    // 100, 100), rvs3 = linspace(1, 100, 25).
    let rvs1 = linspace(5., 105., 100);
    let rvs2 = linspace(1., 100., 100);
    let rvs3 = linspace(1., 100., 25);
    check(
        &rvs1,
        &rvs2,
        1.0912746897927283,
        0.27647831993021388,
        1e-12,
        "rvs1, rvs2",
    );
    check(
        &rvs1,
        &rvs3,
        0.66745638708050492,
        0.50873585065616544,
        1e-12,
        "rvs1, rvs3",
    );
    // The same, groups swapped (the suite's 2-D cases): t changes sign.
    check(
        &rvs2,
        &rvs1,
        -1.0912746897927283,
        0.27647831993021388,
        1e-12,
        "rvs2, rvs1",
    );
}

/// scipy@3dbf660a919b scipy/stats/tests/test_stats.py::TestTTestCI (lines
/// 5981–6013): R `PairedData::yuen.t.test(a, b, tr = 0)` (untrimmed, i.e.
/// Welch) on the vectors printed in the comment, two-sided: t = -0.2314607,
/// df = 19.894435, p = 0.8193209 (the suite: rtol 1e-7, "only 7 digits in
/// reference"; we ask each to print as given).
#[test]
fn scipy_test_ttest_ci_welch() {
    #[rustfmt::skip]
    let a = [0.88236329, 0.97318744, 0.4549262, 0.97893335, 0.0606677,
             0.44013366, 0.55806018, 0.40151434, 0.14453315, 0.25860601,
             0.20202162];
    #[rustfmt::skip]
    let b = [0.93455277, 0.42680603, 0.49751939, 0.14152846, 0.711435,
             0.77669667, 0.20507578, 0.78702772, 0.94691855, 0.32464958,
             0.3873582, 0.35187468, 0.21731811];
    let r = welch_t_test(&a, &b).unwrap();
    assert_printed(r.t, -0.2314607, 7, "t");
    assert_printed(r.df, 19.894435, 8, "df");
    assert_printed(r.p_value.value(), 0.8193209, 7, "p");
}

/// R@0c26529e807a tests/Examples/stats-Ex.Rout.save, the `t.test` help
/// page's Welch examples (lines 17752–17800), printed to 4–5 significant
/// digits.
#[test]
fn r_t_test_examples() {
    let one_to_ten: Vec<f64> = (1..=10).map(f64::from).collect();
    // t.test(1:10, y = c(7:20)): t = -5.4349, df = 21.982, p = 1.855e-05.
    let y: Vec<f64> = (7..=20).map(f64::from).collect();
    let r = welch_t_test(&one_to_ten, &y).unwrap();
    assert_printed(r.t, -5.4349, 5, "1:10 vs 7:20 t");
    assert_printed(r.df, 21.982, 5, "1:10 vs 7:20 df");
    assert_printed(r.p_value.value(), 1.855e-05, 4, "1:10 vs 7:20 p");
    // t.test(1:10, y = c(7:20, 200)): t = -1.6329, df = 14.165, p = 0.1245.
    let mut y = y;
    y.push(200.0);
    let r = welch_t_test(&one_to_ten, &y).unwrap();
    assert_printed(r.t, -1.6329, 5, "with 200 t");
    assert_printed(r.df, 14.165, 5, "with 200 df");
    assert_printed(r.p_value.value(), 0.1245, 4, "with 200 p");
    // with(mtcars, t.test(mpg[am == 0], mpg[am == 1])): t = -3.7671,
    // df = 18.332, p = 0.001374; mtcars from R@0c26529e807a
    // src/library/datasets/data/mtcars.R, split by am in row order.
    #[rustfmt::skip]
    let automatic = [21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3,
                     15.2, 10.4, 10.4, 14.7, 21.5, 15.5, 15.2, 13.3, 19.2];
    #[rustfmt::skip]
    let manual = [21.0, 21.0, 22.8, 32.4, 30.4, 33.9, 27.3, 26.0, 30.4, 15.8, 19.7,
                  15.0, 21.4];
    let r = welch_t_test(&automatic, &manual).unwrap();
    assert_printed(r.t, -3.7671, 5, "mtcars t");
    assert_printed(r.df, 18.332, 5, "mtcars df");
    assert_printed(r.p_value.value(), 0.001374, 4, "mtcars p");
    assert_printed(r.mean_difference, 17.14737 - 24.39231, 5, "mtcars means");
}

/// Degenerate groups. SciPy's test_ttest_ind_zero_division (line 6146)
/// returns t = −∞, p = 0 for zeros(3) against ones(3) and NaN for zeros
/// against zeros; R's `t.test` stops with "data are essentially constant"
/// (R@0c26529e807a src/library/stats/R/t.test.R) for both, and so do we
/// (not computable, "all values identical"), since a p of 0 claims a
/// certainty no test gives. One value in a group: R stops with "not enough
/// 'x' observations", we say too few patients.
#[test]
fn degenerate_groups_follow_r() {
    let zeros = [0.0; 3];
    let ones = [1.0; 3];
    assert_eq!(
        welch_t_test(&zeros, &ones).unwrap_err().reason,
        Reason::ConstantGroups
    );
    assert_eq!(
        welch_t_test(&zeros, &zeros).unwrap_err().reason,
        Reason::ConstantGroups
    );
    assert_eq!(
        welch_t_test(&[1.0], &ones).unwrap_err().reason,
        Reason::TooFewPatients
    );
}
