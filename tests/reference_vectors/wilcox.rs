//! The Wilcoxon rank-sum (Mann–Whitney) test against R's `wilcox.test` as
//! SciPy's suite records it ("All magic numbers are from R wilcox.test
//! unless otherwise specified", test_hypotests.py line 203) and R's own
//! saved outputs.
//!
//! `mann_whitney` chooses the method as R's default does (exact when both
//! groups are under 50 and there are no ties, else the normal approximation
//! with tie and continuity correction); `p_from_w` gives each variant for a
//! W without ties. SciPy's U for the first sample is R's W. Only two-sided
//! p-values are ours; a suite's one-sided exact value is half the
//! two-sided one (R: min(1, 2·min(P(W ≤ w), P(W ≥ w)))).

use super::{assert_abs, assert_printed, assert_rel};
use lenalyze::stats::wilcox::{mann_whitney, p_from_w, RankSumVariant, WilcoxonMethod};
use lenalyze::stats::Reason;

/// Checks `mann_whitney(x, y)`: W, the two-sided p within `rtol`, method.
#[track_caller]
fn check(x: &[f64], y: &[f64], w: f64, p: f64, rtol: f64, method: WilcoxonMethod, what: &str) {
    let r = mann_whitney(x, y).unwrap();
    assert_eq!(r.w, w, "W, {what}");
    assert_eq!(r.method, method, "method, {what}");
    assert_rel(r.p_value.value(), p, rtol, &format!("p, {what}"));
}

/// `p_from_w` for W without ties.
fn variant(w: f64, nx: usize, ny: usize, v: RankSumVariant) -> f64 {
    p_from_w(w, nx, ny, v).unwrap()
}

/// scipy@3dbf660a919b scipy/stats/tests/test_hypotests.py::TestMannWhitneyU
/// test_basic and test_continuity (lines 317–369): 3 against 13 values, no
/// ties, U = 16 (23 swapped); two-sided exact 0.7035714285714, normal with
/// correction 0.6865041817876, without 0.6377328900502 (R, 13 digits; the
/// suite's default rtol ≈1e-7; we hold 1e-12).
#[test]
fn scipy_test_basic_and_continuity() {
    let x = [210.052110, 110.190630, 307.918612];
    #[rustfmt::skip]
    let y = [436.08811482466416, 416.37397329768191, 179.96975939463582,
             197.8118754228619, 34.038757281225756, 138.54220550921517,
             128.7769351470246, 265.92721427951852, 275.6617533155341,
             592.34083395416258, 448.73177590617018, 300.61495185038905,
             187.97508449019588];
    check(
        &x,
        &y,
        16.0,
        0.7035714285714,
        1e-12,
        WilcoxonMethod::Exact,
        "x, y",
    );
    check(
        &y,
        &x,
        23.0,
        0.7035714285714,
        1e-12,
        WilcoxonMethod::Exact,
        "y, x",
    );
    let corrected = RankSumVariant::NormalCorrected;
    assert_rel(
        variant(16.0, 3, 13, corrected),
        0.6865041817876,
        1e-12,
        "corrected",
    );
    assert_rel(
        variant(23.0, 13, 3, corrected),
        0.6865041817876,
        1e-12,
        "corrected, swapped",
    );
    let plain = RankSumVariant::NormalUncorrected;
    assert_rel(
        variant(23.0, 13, 3, plain),
        0.6377328900502,
        1e-12,
        "uncorrected",
    );
    assert_rel(
        variant(16.0, 3, 13, RankSumVariant::Exact),
        0.7035714285714,
        1e-12,
        "exact",
    );
}

/// test_tie_correct (lines 388–405): R `wilcox.test(x, y, exact = FALSE)`
/// for x = 1:4 against seven shifts of y = 1:5 (ties at 0 to 3 values).
/// The two shifts without ties are `p_from_w` (R would be exact by
/// default); the five with ties are `mann_whitney`, which like R falls
/// back to the tie-corrected normal approximation.
#[test]
fn scipy_test_tie_correct() {
    let x = [1., 2., 3., 4.];
    let y0 = [1., 2., 3., 4., 5.];
    let dy = [0., 1., 0., 1., 0.].map(|v| v * 0.01);
    let dy2 = [0., 0., 1., 0., 0.].map(|v| v * 0.01);
    let shifted = |f: &dyn Fn(usize) -> f64| -> Vec<f64> { (0..5).map(f).collect() };
    let ys = [
        shifted(&|i| y0[i] - 0.01),
        shifted(&|i| y0[i] - dy[i]),
        shifted(&|i| y0[i] - dy2[i]),
        y0.to_vec(),
        shifted(&|i| y0[i] + dy2[i]),
        shifted(&|i| y0[i] + dy[i]),
        shifted(&|i| y0[i] + 0.01),
    ];
    let u = [10., 9., 8.5, 8., 7.5, 7., 6.];
    #[rustfmt::skip]
    let p = [1., 0.9017048037317, 0.804080657472, 0.7086240584439,
             0.6197963884941, 0.5368784563079, 0.3912672792826];
    for i in 0..7 {
        let what = format!("shift {i}");
        if i == 0 || i == 6 {
            assert_eq!(mann_whitney(&x, &ys[i]).unwrap().w, u[i], "{what}");
            let got = variant(u[i], 4, 5, RankSumVariant::NormalCorrected);
            assert_rel(got, p[i], 1e-11, &what);
        } else {
            check(
                &x,
                &ys[i],
                u[i],
                p[i],
                1e-11,
                WilcoxonMethod::NormalApproximation,
                &what,
            );
        }
    }
}

/// test_gh_11355b (lines 607–628): ties and infinite values, normal
/// approximation (R), atol 1e-12 as the suite. Our groups hold finite
/// values only (an infinite value is a data error before the test), so
/// +∞ is replaced by 1e300: a rank test sees only the order, and the
/// infinities stay tied with each other and above everything else.
#[test]
fn scipy_test_gh_11355b() {
    const BIG: f64 = 1e300;
    #[rustfmt::skip]
    let cases: [(Vec<f64>, Vec<f64>, f64, f64); 5] = [
        (vec![1., 2., 3., 4.], vec![3., 6., 7., 8., BIG, 3., 2., 1., 4., 4., 5.], 10., 0.1297704873477),
        (vec![1., 2., 3., 4.], vec![3., 6., 7., 8., BIG, BIG, 2., 1., 4., 4., 5.], 8.5, 0.08735617507695),
        (vec![1., 2., BIG, 4.], vec![3., 6., 7., 8., BIG, 3., 2., 1., 4., 4., 5.], 17.5, 0.5988856695752),
        (vec![1., 2., BIG, 4.], vec![3., 6., 7., 8., BIG, BIG, 2., 1., 4., 4., 5.], 16., 0.4687165824462),
        (vec![1., BIG, BIG, 4.], vec![3., 6., 7., 8., BIG, BIG, 2., 1., 4., 4., 5.], 24.5, 0.7912517950119),
    ];
    for (i, (x, y, u, p)) in cases.iter().enumerate() {
        let r = mann_whitney(x, y).unwrap();
        assert_eq!(r.w, *u, "case {i}");
        assert_eq!(r.method, WilcoxonMethod::NormalApproximation);
        assert_abs(r.p_value.value(), *p, 1e-12, &format!("case {i}"));
    }
}

/// test_gh_9184 (lines 630–667): the Hollander & Wolfe permeability data
/// (also R's own example, below), 10 against 5, no ties, U = 35; R
/// two-sided exact 0.2544122544123, normal with correction 0.244623605127,
/// without 0.2206713619198 (default rtol ≈1e-7; we hold 1e-12).
#[test]
fn scipy_test_gh_9184() {
    let x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    let y = [1.15, 0.88, 0.90, 0.74, 1.21];
    check(
        &x,
        &y,
        35.0,
        0.2544122544123,
        1e-12,
        WilcoxonMethod::Exact,
        "exact",
    );
    let c = variant(35.0, 10, 5, RankSumVariant::NormalCorrected);
    assert_rel(c, 0.244623605127, 1e-11, "corrected");
    let u = variant(35.0, 10, 5, RankSumVariant::NormalUncorrected);
    assert_rel(u, 0.2206713619198, 1e-12, "uncorrected");
    // R@0c26529e807a tests/Examples/stats-Ex.Rout.save lines 19046–19060:
    // wilcox.test(x, y, alternative = "g"): W = 35, p-value = 0.1272
    // (exact; two-sided is twice it); with exact = FALSE, correct = FALSE:
    // p-value = 0.1103 (two-sided twice it).
    let r = mann_whitney(&x, &y).unwrap();
    assert_printed(r.p_value.value() / 2.0, 0.1272, 4, "R greater, exact");
    assert_printed(u / 2.0, 0.1103, 4, "R greater, normal");
}

/// test_gh_2118 (lines 687–707) and test_exact_U_equals_mean (line 485):
/// U exactly at its mean gives a two-sided p of 1, never above it, exact
/// or normal with continuity correction (rtol 1e-12 as the suite).
#[test]
fn scipy_u_at_its_mean_gives_one() {
    // [1, 2, 3] against [1.5, 2.5]: no ties, U = 3 = 3·2/2.
    check(
        &[1., 2., 3.],
        &[1.5, 2.5],
        3.0,
        1.0,
        0.0,
        WilcoxonMethod::Exact,
        "exact",
    );
    let c = variant(3.0, 3, 2, RankSumVariant::NormalCorrected);
    assert_eq!(c, 1.0);
    // [1, 2, 3] against [2] and [1, 2] against [1, 2]: ties, normal.
    let normal = WilcoxonMethod::NormalApproximation;
    check(
        &[1., 2., 3.],
        &[2.],
        1.5,
        1.0,
        1e-12,
        normal,
        "[1, 2, 3], [2]",
    );
    check(
        &[1., 2.],
        &[1., 2.],
        2.0,
        1.0,
        1e-12,
        normal,
        "[1, 2], [1, 2]",
    );
}

/// The old test_stats values (lines 749–826, "source of magic numbers
/// unknown", rtol 1e-14 in the suite): 30 against 20, no ties, U = 498
/// (102 swapped); two-sided normal with correction 9.188326533255e-05,
/// without 8.81880199916178e-05. Ours to 1e-12 (the reference has 13
/// digits).
#[test]
fn scipy_old_two_sided_normal() {
    #[rustfmt::skip]
    let x = [19.8958398126694, 19.5452691647182, 19.0577309166425, 21.716543054589,
             20.3269502208702, 20.0009273294025, 19.3440043632957, 20.4216806548105,
             19.0649894736528, 18.7808043120398, 19.3680942943298, 19.4848044069953,
             20.7514611265663, 19.0894948874598, 19.4975522356628, 18.9971170734274,
             20.3239606288208, 20.6921298083835, 19.0724259532507, 18.9825187935021,
             19.5144462609601, 19.8256857844223, 20.5174677102032, 21.1122407995892,
             17.9490854922535, 18.2847521114727, 20.1072217648826, 18.6439891962179,
             20.4970638083542, 19.5567594734914];
    #[rustfmt::skip]
    let y = [19.2790668029091, 16.993808441865, 18.5416338448258, 17.2634018833575,
             19.1577183624616, 18.5119655377495, 18.6068455037221, 18.8358343362655,
             19.0366413269742, 18.1135025515417, 19.2201873866958, 17.8344909022841,
             18.2894380745856, 18.6661374133922, 19.9688601693252, 16.0672254617636,
             19.00596360572, 19.201561539032, 19.0487501090183, 19.0847908674356];
    assert_eq!(mann_whitney(&x, &y).unwrap().w, 498.0);
    assert_eq!(mann_whitney(&y, &x).unwrap().w, 102.0);
    let c = RankSumVariant::NormalCorrected;
    assert_rel(
        variant(498.0, 30, 20, c),
        9.188326533255e-05,
        1e-12,
        "corrected",
    );
    assert_rel(
        variant(102.0, 20, 30, c),
        9.188326533255e-05,
        1e-12,
        "corrected, swapped",
    );
    let u = RankSumVariant::NormalUncorrected;
    assert_rel(
        variant(498.0, 30, 20, u),
        8.81880199916178e-05,
        1e-12,
        "uncorrected",
    );
}

/// test_mannwhitneyu_ones (lines 828–872), gh-1428: 244 against 158 values
/// that are almost all 1 (x: 233 ones, 10 twos, one 3; y: 132, 25, 1),
/// U = 16980.5, R two-sided 5.642865531266e-5 (default rtol ≈1e-7; ours to
/// 1e-11). Heavy ties: the tie correction carries the variance.
#[test]
fn scipy_test_mannwhitneyu_ones() {
    let group = |ones: usize, twos: usize, threes: usize| -> Vec<f64> {
        let mut v = vec![1.0; ones];
        v.extend(vec![2.0; twos]);
        v.extend(vec![3.0; threes]);
        v
    };
    let (x, y) = (group(233, 10, 1), group(132, 25, 1));
    let normal = WilcoxonMethod::NormalApproximation;
    check(&x, &y, 16980.5, 5.642865531266e-5, 1e-11, normal, "ones");
}

/// Degenerate groups. test_scalar_data (line 513): one value each, 1 and
/// 2: two-sided exact p = 1. test_equal_scalar_data (line 517): 1 and 1:
/// the normal approximation divides 0 by 0 and R gives NA (as the test's
/// comment says); we say not computable (all values identical).
#[test]
fn degenerate_groups() {
    check(
        &[1.0],
        &[2.0],
        0.0,
        1.0,
        0.0,
        WilcoxonMethod::Exact,
        "1 vs 2",
    );
    let err = mann_whitney(&[1.0], &[1.0]).unwrap_err();
    assert_eq!(err.reason, Reason::ConstantGroups);
    let err = mann_whitney(&[3.0; 5], &[3.0; 7]).unwrap_err();
    assert_eq!(err.reason, Reason::ConstantGroups);
}

/// R@0c26529e807a tests/Examples/stats-Ex.Rout.save lines 19081–19089:
/// wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5,
/// 8)): "cannot compute exact p-value with ties", W = 127.5, p-value =
/// 0.0001208. Ozone from R@0c26529e807a src/library/datasets/data/
/// airquality.tab, months 5 and 8 in row order, the five NAs of each month
/// left out as R's formula interface does.
#[test]
fn r_wilcox_test_airquality() {
    #[rustfmt::skip]
    let may = [41.0, 36.0, 12.0, 18.0, 28.0, 23.0, 19.0, 8.0, 7.0, 16.0, 11.0, 14.0, 18.0,
               14.0, 34.0, 6.0, 30.0, 11.0, 1.0, 11.0, 4.0, 32.0, 23.0, 45.0, 115.0, 37.0];
    #[rustfmt::skip]
    let august = [39.0, 9.0, 16.0, 78.0, 35.0, 66.0, 122.0, 89.0, 110.0, 44.0, 28.0, 65.0,
                  22.0, 59.0, 23.0, 31.0, 44.0, 21.0, 9.0, 45.0, 168.0, 73.0, 76.0, 118.0,
                  84.0, 85.0];
    let r = mann_whitney(&may, &august).unwrap();
    assert_eq!(r.w, 127.5);
    assert_eq!(r.method, WilcoxonMethod::NormalApproximation);
    assert_printed(r.p_value.value(), 0.0001208, 4, "airquality");
}
