//! Pearson's r and Spearman's ρ with their two-sided p-values against R's
//! `cor.test` (as SciPy's suite records it, and R's own saved outputs) and
//! SciPy's 80-digit mpmath values for badly scaled data.
//!
//! Variants: our Spearman p-value is the t approximation, R's
//! `cor.test(method = "spearman", exact = FALSE)` and SciPy's `spearmanr`;
//! R's default for small samples without ties is the exact distribution
//! (AS 89), whose values (0.08333 below, 0.0484 for the tuna data) we do
//! not compute. A perfect correlation has t = ±∞ and model p = 0: SciPy
//! returns 0, we return the bound "below 2.2e-308". R and we need 3 pairs;
//! SciPy returns r = ±1, p = 1 for 2.

use super::{assert_abs, assert_printed, assert_rel};
use lenalyze::stats::correlation::{pearson, spearman};
use lenalyze::stats::pvalue::SMALLEST;
use lenalyze::stats::{PValue, Reason};

/// scipy@3dbf660a919b scipy/stats/tests/test_stats.py::TestPearsonr.
#[test]
fn scipy_test_pearsonr() {
    // test_basic, line 412: [-1, 0, 1] against [0, 0, 3]: r = √3/2,
    // p = 1/3 exactly (default rtol ≈1e-7; ours 1e-14).
    let c = pearson(&[-1., 0., 1.], &[0., 0., 3.]).unwrap();
    assert_rel(c.r, 3f64.sqrt() / 2.0, 1e-14, "test_basic r");
    assert_rel(c.p_value.value(), 1.0 / 3.0, 1e-14, "test_basic p");
    // test_basic_example, lines 531–546, "Expected values computed with R
    // 3.6.2 cor.test": [1, 2, 3, 4] against ±[0, 1, 0.5, 1]: r =
    // ±0.6741998624632421, two-sided p = 0.325800137536 (12 digits).
    for sign in [1.0, -1.0] {
        let y = [0., 1., 0.5, 1.].map(|v| v * sign);
        let c = pearson(&[1., 2., 3., 4.], &y).unwrap();
        assert_rel(
            c.r,
            0.6741998624632421 * sign,
            1e-14,
            "test_basic_example r",
        );
        // (The suite cuts the p-value to 12 digits: 1e-11.)
        assert_rel(
            c.p_value.value(),
            0.325800137536,
            1e-11,
            "test_basic_example p",
        );
    }
    // test_very_small_input_values, line 445 (gh-9353, mpmath with 80
    // digits): y of order 1e-188 to 1e-245, whose squares underflow.
    let x = [
        0.004434375,
        0.004756007,
        0.003911996,
        0.0038005,
        0.003409971,
    ];
    let y = [2.48e-188, 7.41e-181, 4.09e-208, 2.08e-223, 2.66e-245];
    let c = pearson(&x, &y).unwrap();
    assert_rel(c.r, 0.7272930540750450, 1e-13, "very small r");
    assert_rel(c.p_value.value(), 0.1637805429533202, 1e-13, "very small p");
    // test_very_large_input_values, line 460 (gh-8980, mpmath 80 digits).
    let x = [0., 0., 0., 1., 1., 1., 1.].map(|v| v * 1e90);
    let y: Vec<f64> = (0..7).map(|i| f64::from(i) * 1e90).collect();
    let c = pearson(&x, &y).unwrap();
    assert_rel(c.r, 0.8660254037844386, 1e-13, "very large r");
    assert_rel(
        c.p_value.value(),
        0.011724811003954638,
        1e-13,
        "very large p",
    );
    // test_extremely_large_input_values, line 474 (mpmath 80 digits):
    // squares of the deviations overflow.
    let x = [2.3e200, 4.5e200, 6.7e200, 8e200];
    let y = [1.2e199, 5.5e200, 3.3e201, 1.0e200];
    let c = pearson(&x, &y).unwrap();
    assert_rel(c.r, 0.351312332103289, 1e-13, "extremely large r");
    assert_rel(
        c.p_value.value(),
        0.648687667896711,
        1e-13,
        "extremely large p",
    );
    // test_r_almost_exactly_pos1 (line 394) and _neg1, and
    // test_length3_r_exactly_negative_one (line 565): r = ±1 exactly,
    // p "0" (atol ≈1.5e-8 and 1e-7) — ours the bound below 2.2e-308.
    let cases = [
        ([0., 1., 2.], [0., 1., 2.], 1.0),
        ([0., 1., 2.], [0., -1., -2.], -1.0),
        ([1., 2., 3.], [5., -4., -13.], -1.0),
    ];
    for (x, y, r) in cases {
        let c = pearson(&x, &y).unwrap();
        assert_eq!(c.r, r, "{x:?} {y:?}");
        assert_eq!(c.p_value, PValue::Below(SMALLEST), "{x:?} {y:?}");
    }
    // test_constant_input (line 421): r and p NaN in SciPy; not computable
    // here. test_length_two_pos1 (line 489): SciPy r = 1, p = 1; R's
    // cor.test stops ("not enough finite observations"), as we do.
    let constant = pearson(&[0.667, 0.667, 0.667], &[0.123, 0.456, 0.789]);
    assert_eq!(constant.unwrap_err().reason, Reason::ConstantVariable);
    assert_eq!(
        pearson(&[1., 2.], &[3., 5.]).unwrap_err().reason,
        Reason::TooFewPairs
    );
}

/// Wilkinson's tests ("W.II.D", scipy@3dbf660a919b scipy/stats/tests/
/// test_stats.py lines 69–77 and TestPearsonrWilkinson, TestCorrSpearmanr
/// from line 271 and 1050): every correlation among X, BIG, LITTLE, HUGE,
/// TINY and ROUND is exactly 1 (the suite: 7 significant digits); BIG and
/// LITTLE differ only in the 8th digit, HUGE and TINY are 1e±12 apart.
#[test]
fn scipy_wilkinson_all_correlations_are_one() {
    let x: Vec<f64> = (1..=9).map(f64::from).collect();
    let big: Vec<f64> = (1..=9).map(|i| 99999990.0 + f64::from(i)).collect();
    #[rustfmt::skip]
    let little = [0.99999991, 0.99999992, 0.99999993, 0.99999994, 0.99999995,
                  0.99999996, 0.99999997, 0.99999998, 0.99999999];
    let huge: Vec<f64> = (1..=9).map(|i| f64::from(i) * 1e12).collect();
    let tiny: Vec<f64> = (1..=9).map(|i| f64::from(i) * 1e-12).collect();
    let round: Vec<f64> = (1..=9).map(|i| f64::from(i) - 0.5).collect();
    let all: [(&str, &[f64]); 6] = [
        ("X", &x),
        ("BIG", &big),
        ("LITTLE", &little),
        ("HUGE", &huge),
        ("TINY", &tiny),
        ("ROUND", &round),
    ];
    for (na, a) in all {
        for (nb, b) in all {
            let p = pearson(a, b).unwrap();
            assert_printed(p.r, 1.0, 7, &format!("pearson {na} {nb}"));
            let s = spearman(a, b).unwrap();
            assert_eq!(s.r, 1.0, "spearman {na} {nb}");
            assert!(s.p_value.is_upper_bound());
        }
        // ZERO: "undefined or missing correlations".
        let zero = [0.0; 9];
        assert_eq!(
            pearson(a, &zero).unwrap_err().reason,
            Reason::ConstantVariable
        );
        assert_eq!(
            spearman(&zero, a).unwrap_err().reason,
            Reason::ConstantVariable
        );
    }
}

/// Spearman, scipy@3dbf660a919b scipy/stats/tests/test_stats.py.
#[test]
fn scipy_test_spearmanr() {
    // TestCorrSpearmanr2::test_spearmanr_vs_r, line 1324, "Cross-check
    // with R": [1..5] against [5, 6, 7, 8, 7] (a tie, so R uses the t
    // approximation): ρ = 0.82078268166812329, p = 0.088587005313543798
    // (7 significant digits in the suite; ours 1e-14).
    let c = spearman(&[1., 2., 3., 4., 5.], &[5., 6., 7., 8., 7.]).unwrap();
    assert_rel(c.r, 0.82078268166812329, 1e-14, "vs R rho");
    assert_rel(c.p_value.value(), 0.088587005313543798, 1e-13, "vs R p");
    // test_3cols, line 1266: arange(6) against [0, 1, 2, 3, 5, 4]:
    // ρ = 0.94285714, p = 0.00480466472 (rtol 1e-7); against −arange(6):
    // ρ = −1, p 0 (ours the bound).
    let x1: Vec<f64> = (0..6).map(f64::from).collect();
    let c = spearman(&x1, &[0., 1., 2., 3., 5., 4.]).unwrap();
    assert_rel(c.r, 0.94285714, 1e-7, "3cols rho");
    assert_rel(c.p_value.value(), 0.00480466472, 1e-7, "3cols p");
    let minus: Vec<f64> = x1.iter().map(|v| -v).collect();
    let c = spearman(&x1, &minus).unwrap();
    assert_eq!((c.r, c.p_value), (-1.0, PValue::Below(SMALLEST)));
    // test_gh_9103, line 1282: the pairs left after dropping NaN (the
    // suite's nan_policy='omit'), ρ = 0.2051957, 0.4857143, −0.4707919
    // (rtol 1e-6).
    let pairs = [
        (
            vec![4.0, 5.0, 5.1, 6.0, 9.2],
            vec![4.1, 4.8, 4.9, 5.0, 4.1],
            0.2051957,
        ),
        (
            vec![3.0, 4.0, 5.0, 5.1, 6.0, 9.2],
            vec![4.0, 7.1, 3.8, 8.0, 5.1, 7.6],
            0.4857143,
        ),
        (
            vec![5.0, 4.1, 4.8, 4.9, 5.0, 4.1],
            vec![0.5, 7.1, 3.8, 8.0, 5.1, 7.6],
            -0.4707919,
        ),
    ];
    for (x, y, rho) in pairs {
        assert_rel(spearman(&x, &y).unwrap().r, rho, 1e-6, "gh_9103");
    }
    // test_gh_issue_6061_windows_overflow, line 1373: 2,000 ranks with
    // three swaps, ρ = 1 − 1/500 = 0.998 (7 decimals).
    let x: Vec<f64> = (0..2000).map(f64::from).collect();
    let mut y = x.clone();
    for (i, j) in [(0, 9), (10, 434), (435, 1509)] {
        y.swap(i, j);
    }
    assert_abs(spearman(&x, &y).unwrap().r, 0.998, 1.5e-7, "gh 6061");
    // test_corr_1, line 1349: [1, 1, 2] against itself: ρ = 1.
    assert_eq!(spearman(&[1., 1., 2.], &[1., 1., 2.]).unwrap().r, 1.0);
    // test_tie0, line 1386: a constant variable gives NaN; not computable.
    for (a, b) in [([2., 2., 2.], [2., 2., 2.]), ([2., 0., 2.], [2., 2., 2.])] {
        assert_eq!(
            spearman(&a, &b).unwrap_err().reason,
            Reason::ConstantVariable
        );
    }
    // test_tie1, line 1400: with ties, ρ and p are Pearson's on the
    // average ranks.
    let s = spearman(&[1., 2., 3., 4.], &[1., 2., 2., 3.]).unwrap();
    let p = pearson(&[1., 2., 3., 4.], &[1., 2.5, 2.5, 4.]).unwrap();
    assert_rel(s.r, p.r, 1e-15, "tie1 r");
    assert_rel(s.p_value.value(), p.p_value.value(), 1e-14, "tie1 p");
}

/// R@0c26529e807a's saved outputs, printed to 4–7 significant digits.
#[test]
fn r_cor_test_outputs() {
    // tests/Examples/stats-Ex.Rout.save lines 5231–5288, the tuna data of
    // Hollander & Wolfe: cor.test(x, y, alternative = "g"): t = 1.8411,
    // df = 7, p-value = 0.05409 (one-sided, half the two-sided), cor =
    // 0.5711816; method = "spearm": S = 48, rho = 0.6 (the exact one-sided
    // p 0.0484 is R's AS 89, not ours).
    let x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1];
    let y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8];
    let c = pearson(&x, &y).unwrap();
    assert_printed(c.r, 0.5711816, 7, "tuna r");
    assert_printed(c.p_value.value() / 2.0, 0.05409, 4, "tuna one-sided p");
    assert_rel(spearman(&x, &y).unwrap().r, 0.6, 1e-15, "tuna rho");
    // Same file lines 5293–5304: cor.test(~ CONT + INTG, data =
    // USJudgeRatings): t = -0.8605, df = 41, p-value = 0.3945, cor =
    // -0.1331909. Data: src/library/datasets/data/USJudgeRatings.R.
    #[rustfmt::skip]
    let cont = [5.7, 6.8, 7.2, 6.8, 7.3, 6.2, 10.6, 7.0, 7.3, 8.2, 7.0, 6.5, 6.7, 7.0,
                6.5, 7.3, 8.0, 7.7, 8.3, 9.6, 7.1, 7.6, 6.6, 6.2, 7.5, 7.8, 7.1, 7.5,
                7.5, 7.1, 6.6, 8.4, 6.9, 7.3, 7.7, 8.5, 6.9, 6.5, 8.3, 8.3, 9.0, 7.1,
                8.6];
    #[rustfmt::skip]
    let intg = [7.9, 8.9, 8.1, 8.8, 6.4, 8.8, 9.0, 5.9, 8.9, 7.9, 8.0, 8.0, 8.6, 7.5,
                8.1, 8.0, 7.6, 7.7, 8.2, 6.9, 8.2, 7.3, 7.4, 8.3, 8.7, 8.9, 8.5, 9.0,
                8.1, 9.2, 7.4, 8.0, 8.5, 8.9, 6.2, 8.3, 8.3, 8.2, 7.3, 8.2, 7.0, 8.4,
                7.4];
    let c = pearson(&cont, &intg).unwrap();
    assert_printed(c.r, -0.1331909, 7, "USJudgeRatings r");
    assert_printed(c.p_value.value(), 0.3945, 4, "USJudgeRatings p");
    // tests/reg-tests-2.Rout.save lines 6547–6568: cor.test(1:5, c(8, 6,
    // 7, 5, 3), method = "spearman", exact = FALSE): rho = -0.9, p-value =
    // 0.03739 (exact = TRUE gives 0.08333, AS 89: not ours).
    let c = spearman(&[1., 2., 3., 4., 5.], &[8., 6., 7., 5., 3.]).unwrap();
    assert_rel(c.r, -0.9, 1e-15, "reg-tests-2 rho");
    assert_printed(c.p_value.value(), 0.03739, 4, "reg-tests-2 p");
}
