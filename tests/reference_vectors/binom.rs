//! The Clopper–Pearson interval against R's `binom.test` as SciPy's suite
//! records it (R 3.6.2) and against R's own saved outputs.
//!
//! Our API gives the two-sided interval at any level. R's one-sided
//! interval at level L is one limit of the two-sided interval at level
//! 2L − 1 (with 0 or 1 for the other), so those rows are checked too.

use super::{assert_printed, assert_rel};
use lenalyze::stats::binom::clopper_pearson;

/// (lower, upper) of our two-sided interval.
fn ci(x: u64, n: u64, level: f64) -> (f64, f64) {
    let ci = clopper_pearson(x, n, level).unwrap();
    (ci.lower, ci.upper)
}

/// scipy@3dbf660a919b scipy/stats/tests/test_morestats.py::TestBinomTest,
/// "Expected results here are from R 3.6.2 binom.test", with the suite's
/// tolerances (rtol 1e-12 for the 16-digit values, 1e-6 for the 7-digit
/// ones).
#[test]
fn scipy_test_binomtest_confidence_intervals() {
    // test_confidence_intervals1, lines 1143–1147: binom.test(20, 100,
    // p = 0.25), 95%; two-sided (0.1266555521019559, 0.2918426890886281),
    // "less" upper 0.2772002496709138, "greater" lower 0.1366613252458672.
    let (lo, hi) = ci(20, 100, 0.95);
    assert_rel(lo, 0.1266555521019559, 1e-12, "20/100 lower");
    assert_rel(hi, 0.2918426890886281, 1e-12, "20/100 upper");
    let (lo, hi) = ci(20, 100, 0.90);
    assert_rel(hi, 0.2772002496709138, 1e-12, "20/100 less upper");
    assert_rel(lo, 0.1366613252458672, 1e-12, "20/100 greater lower");
    // test_confidence_intervals2, lines 1163–1167: binom.test(3, 50,
    // p = 0.2), 99%; two-sided (0.006872485, 0.202706269), "less" upper
    // 0.1872093, "greater" lower 0.008860761.
    let (lo, hi) = ci(3, 50, 0.99);
    assert_rel(lo, 0.006872485, 1e-6, "3/50 lower");
    assert_rel(hi, 0.202706269, 1e-6, "3/50 upper");
    let (lo, hi) = ci(3, 50, 0.98);
    assert_rel(hi, 0.1872093, 1e-6, "3/50 less upper");
    assert_rel(lo, 0.008860761, 1e-6, "3/50 greater lower");
    // test_confidence_interval_exact_k0, lines 1182–1184: 0 of 10, 95%;
    // lower exactly 0, two-sided upper 0.3084971, "less" upper 0.2588656.
    let (lo, hi) = ci(0, 10, 0.95);
    assert_eq!(lo, 0.0, "0/10 lower is exactly 0");
    assert_rel(hi, 0.3084971, 1e-6, "0/10 upper");
    assert_rel(ci(0, 10, 0.90).1, 0.2588656, 1e-6, "0/10 less upper");
    // test_confidence_interval_exact_k_is_n, lines 1200–1201: 10 of 10,
    // 95%; upper exactly 1, two-sided lower 0.6915029, "greater" lower
    // 0.7411344.
    let (lo, hi) = ci(10, 10, 0.95);
    assert_eq!(hi, 1.0, "10/10 upper is exactly 1");
    assert_rel(lo, 0.6915029, 1e-6, "10/10 lower");
    assert_rel(ci(10, 10, 0.90).0, 0.7411344, 1e-6, "10/10 greater lower");
}

/// R's own saved outputs (printed with 7 significant digits).
#[test]
fn r_binom_test_outputs() {
    // R@0c26529e807a tests/Examples/stats-Ex.Rout.save lines 4212–4224:
    // binom.test(c(682, 243), p = 3/4): 95 percent confidence interval
    // 0.7076683 0.7654066, probability of success 0.7372973.
    let r = clopper_pearson(682, 925, 0.95).unwrap();
    assert_printed(r.lower, 0.7076683, 7, "682/925 lower");
    assert_printed(r.upper, 0.7654066, 7, "682/925 upper");
    assert_printed(r.estimate, 0.7372973, 7, "682/925 estimate");
    // R@0c26529e807a tests/reg-tests-2.Rout.save lines 3691–3699:
    // binom.test(c(800, 10)) ("p-value < epsilon"): 0.9774134 0.9940643.
    let r = clopper_pearson(800, 810, 0.95).unwrap();
    assert_printed(r.lower, 0.9774134, 7, "800/810 lower");
    assert_printed(r.upper, 0.9940643, 7, "800/810 upper");
    assert_printed(r.estimate, 0.9876543, 7, "800/810 estimate");
}
