//! Kaplan–Meier estimates, Greenwood standard errors and log-log intervals
//! against R's `survival::survfit` (as SciPy's suite records it, and the
//! `survival` package's own saved outputs) and Mathematica.
//!
//! SciPy's `ecdf(...).sf` has one entry per distinct time, censor-only
//! times included, as our `steps`; where R (and SciPy) give NaN for the
//! log-log interval (survival 1 or 0) we give `None`. The `survival`
//! package's saved outputs print the default "log" intervals, not ours, so
//! only their survival, standard errors and medians are compared.

use super::{assert_abs, assert_decimals, assert_rel};
use lenalyze::stats::survival::{kaplan_meier, KaplanMeier};

/// (time, event) pairs from SciPy's `times` and `died` lists.
fn data(times: &[u32], died: &[u8]) -> Vec<(f64, bool)> {
    times
        .iter()
        .zip(died)
        .map(|(&t, &d)| (f64::from(t), d == 1))
        .collect()
}

fn km(times: &[u32], died: &[u8], level: f64) -> KaplanMeier {
    kaplan_meier(&data(times, died), level).unwrap()
}

// scipy@3dbf660a919b scipy/stats/tests/test_survival.py::TestSurvival,
// lines 141–163: the example data sets t1–t5 with their published
// survival values r1–r5.
const T1: [u32; 10] = [37, 43, 47, 56, 60, 62, 71, 77, 80, 81];
const D1: [u8; 10] = [0, 0, 1, 1, 0, 0, 0, 1, 1, 1];
const T4: [u32; 20] = [
    24, 3, 11, 19, 24, 13, 14, 2, 18, 17, 24, 21, 12, 1, 10, 23, 6, 5, 9, 17,
];
const D4: [u8; 20] = [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1];
const T5: [u32; 18] = [3, 5, 8, 10, 5, 5, 8, 12, 15, 14, 2, 11, 10, 9, 12, 5, 8, 11];
const D5: [u8; 18] = [1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1];

/// test_right_censored_against_examples (line 167): the survival at each
/// distinct time against textbook and web examples, atol 1e-3 as the
/// suite (the references print 3 decimals).
#[test]
fn scipy_right_censored_against_examples() {
    let t2 = [8, 12, 26, 14, 21, 27, 8, 32, 20, 40];
    let d2 = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
    let t3 = [33, 28, 41, 48, 48, 25, 37, 48, 25, 43];
    let d3 = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    let r1 = [1., 1., 0.875, 0.75, 0.75, 0.75, 0.75, 0.5, 0.25, 0.];
    let r2 = [0.9, 0.788, 0.675, 0.675, 0.54, 0.405, 0.27, 0.27, 0.27];
    let r3 = [1., 0.875, 0.75, 0.75, 0.6, 0.6, 0.6];
    #[rustfmt::skip]
    let r4 = [0.95, 0.95, 0.897, 0.844, 0.844, 0.844, 0.844, 0.844, 0.844,
              0.844, 0.76, 0.676, 0.676, 0.676, 0.676, 0.507, 0.507];
    let r5 = [
        0.944, 0.889, 0.722, 0.542, 0.542, 0.542, 0.361, 0.181, 0.181, 0.181,
    ];
    let cases: [(&[u32], &[u8], &[f64]); 5] = [
        (&T1, &D1, &r1),
        (&t2, &d2, &r2),
        (&t3, &d3, &r3),
        (&T4, &D4, &r4),
        (&T5, &D5, &r5),
    ];
    for (i, (t, d, r)) in cases.iter().enumerate() {
        let fit = km(t, d, 0.95);
        assert_eq!(fit.steps.len(), r.len(), "t{}", i + 1);
        for (step, &expected) in fit.steps.iter().zip(r.iter()) {
            let what = format!("t{} at {}", i + 1, step.time);
            assert_abs(step.survival, expected, 1e-3, &what);
        }
    }
}

/// Compares our log-log limits with a reference list per distinct time;
/// `None` where the reference is NaN.
#[track_caller]
fn check_limits(fit: &KaplanMeier, low: &[Option<f64>], high: &[Option<f64>], tol: Tol) {
    assert_eq!(fit.steps.len(), low.len());
    for ((step, lo), hi) in fit.steps.iter().zip(low).zip(high) {
        let what = format!("at {}", step.time);
        for (ours, theirs, side) in [(step.lower, lo, "lower"), (step.upper, hi, "upper")] {
            match (ours, theirs) {
                (Some(a), Some(b)) => match tol {
                    Tol::Rel(r) => assert_rel(a, *b, r, &format!("{side} {what}")),
                    Tol::Abs(t) => assert_abs(a, *b, t, &format!("{side} {what}")),
                },
                (None, None) => {}
                _ => panic!("{side} {what}: ours {ours:?}, reference {theirs:?}"),
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Tol {
    Rel(f64),
    Abs(f64),
}

/// test_right_censored_ci_example_5 (lines 243–281): R `survfit(Surv(time,
/// status) ~ 1, conf.type = "log-log", conf.int = 0.90)` with
/// `options(digits=16)`; the suite's assert_allclose default, rtol 1e-7.
/// Ours agree to 1e-12. Also Mathematica's 95% log-log limits for the same
/// data (lines 248–255, atol 1e-5 as the suite).
#[test]
fn scipy_r_survfit_log_log_90() {
    let fit = km(&T5, &D5, 0.90);
    #[rustfmt::skip]
    let low = [0.74366748406861172, 0.68582332289196246, 0.50596835651480121,
               0.32913131413336727, 0.32913131413336727, 0.32913131413336727,
               0.15986912028781664, 0.04499539918147757, 0.04499539918147757,
               0.04499539918147757].map(Some);
    #[rustfmt::skip]
    let high = [0.9890291867238429, 0.9638835422144144, 0.8560366823086629,
                0.7130167643978450, 0.7130167643978450, 0.7130167643978450,
                0.5678602982997164, 0.3887616766886558, 0.3887616766886558,
                0.3887616766886558].map(Some);
    check_limits(&fit, &low, &high, Tol::Rel(1e-12));
    let fit = km(&T5, &D5, 0.95);
    #[rustfmt::skip]
    let low = [0.66639, 0.624174, 0.456179, 0.287822, 0.287822,
               0.287822, 0.128489, 0.030957, 0.030957, 0.030957].map(Some);
    #[rustfmt::skip]
    let high = [0.991983, 0.970995, 0.87378, 0.739467, 0.739467,
                0.739467, 0.603133, 0.430365, 0.430365, 0.430365].map(Some);
    check_limits(&fit, &low, &high, Tol::Abs(1e-5));
}

/// test_right_censored_ci_nans (lines 293–363): R `survfit(...,
/// conf.type = "log-log", conf.int = 0.95)` on t1, whose curve starts at
/// 1 (two censorings first) and ends at 0: R gives NA there, we `None`
/// (and no standard error at 0); rtol 1e-7 in the suite, ours 1e-12.
#[test]
fn scipy_r_survfit_log_log_with_na() {
    let fit = km(&T1, &D1, 0.95);
    #[rustfmt::skip]
    let low = [None, None, Some(0.38700001403202522), Some(0.31480711370551911),
               Some(0.31480711370551911), Some(0.31480711370551911),
               Some(0.31480711370551911), Some(0.08048821148507734),
               Some(0.01049958986680601), None];
    #[rustfmt::skip]
    let high = [None, None, Some(0.9813929658789660), Some(0.9308983170906275),
                Some(0.9308983170906275), Some(0.9308983170906275),
                Some(0.9308983170906275), Some(0.8263946341076415),
                Some(0.6558775085110887), None];
    check_limits(&fit, &low, &high, Tol::Rel(1e-12));
    let last = fit.steps.last().unwrap();
    assert_eq!((last.survival, last.std_err), (0.0, None));
}

/// test_right_censored_ci (lines 201–241): Mathematica
/// `SurvivalModelFit[...]["PointwiseIntervals", ConfidenceLevel -> 0.95,
/// ConfidenceTransform -> "LogLog"]` on t4, atol 1e-6 as the suite.
#[test]
fn scipy_mathematica_log_log_95() {
    let fit = km(&T4, &D4, 0.95);
    #[rustfmt::skip]
    let low = [0.694743, 0.694743, 0.647529, 0.591142, 0.591142, 0.591142,
               0.591142, 0.591142, 0.591142, 0.591142, 0.464605, 0.370359,
               0.370359, 0.370359, 0.370359, 0.160489, 0.160489].map(Some);
    #[rustfmt::skip]
    let high = [0.992802, 0.992802, 0.973299, 0.947073, 0.947073, 0.947073,
                0.947073, 0.947073, 0.947073, 0.947073, 0.906422, 0.856521,
                0.856521, 0.856521, 0.856521, 0.776724, 0.776724].map(Some);
    check_limits(&fit, &low, &high, Tol::Abs(1e-6));
}

/// survival@a2533a920092 tests/doaml.Rout.save lines 71–105:
/// `survfit(Surv(time, status) ~ x)` on the AML data (Miller), as printed
/// by `fit` (n, events, median) and `summary(fit)` (time, n.risk, n.event,
/// survival, std.err at each death; a column prints with a common number
/// of decimals, 3 or 4). The data are in tests/difftest.R lines 15–21 of
/// the same commit. At the last Nonmaintained death the curve is 0: R
/// prints std.err NaN and the limits NA; we give `None`.
#[test]
fn survival_package_aml() {
    let maintained = [
        (9., true),
        (13., true),
        (13., false),
        (18., true),
        (23., true),
        (28., false),
        (31., true),
        (34., true),
        (45., false),
        (48., true),
        (161., false),
    ];
    let nonmaintained = [
        (5., true),
        (5., true),
        (8., true),
        (8., true),
        (12., true),
        (16., false),
        (23., true),
        (27., true),
        (30., true),
        (33., true),
        (43., true),
        (45., true),
    ];
    // (time, n.risk, n.event, survival, std.err) with 3 / 4 decimals.
    #[rustfmt::skip]
    let m_rows = [
        (9., 11, 1, 0.909, 0.0867), (13., 10, 1, 0.818, 0.1163),
        (18., 8, 1, 0.716, 0.1397), (23., 7, 1, 0.614, 0.1526),
        (31., 5, 1, 0.491, 0.1642), (34., 4, 1, 0.368, 0.1627),
        (48., 2, 1, 0.184, 0.1535),
    ];
    #[rustfmt::skip]
    let n_rows = [
        (5., 12, 2, 0.8333, 0.1076), (8., 10, 2, 0.6667, 0.1361),
        (12., 8, 1, 0.5833, 0.1423), (23., 6, 1, 0.4861, 0.1481),
        (27., 5, 1, 0.3889, 0.1470), (30., 4, 1, 0.2917, 0.1387),
        (33., 3, 1, 0.1944, 0.1219), (43., 2, 1, 0.0972, 0.0919),
    ];
    for (group, data, rows, surv_decimals, n, events, median) in [
        ("Maintained", &maintained[..], &m_rows[..], 3, 11, 7, 31.0),
        (
            "Nonmaintained",
            &nonmaintained[..],
            &n_rows[..],
            4,
            12,
            11,
            23.0,
        ),
    ] {
        let fit = kaplan_meier(data, 0.95).unwrap();
        assert_eq!((fit.n, fit.n_events), (n, events), "{group}");
        assert_eq!(fit.median.estimate, Some(median), "{group} median");
        let deaths: Vec<_> = fit.event_steps().collect();
        for (step, &(time, n_risk, n_event, surv, se)) in deaths.iter().zip(rows) {
            let what = format!("{group} at {time}");
            assert_eq!(
                (step.time, step.n_risk, step.n_event),
                (time, n_risk, n_event)
            );
            assert_decimals(step.survival, surv, surv_decimals, &what);
            assert_decimals(step.std_err.unwrap(), se, 4, &what);
        }
        if group == "Nonmaintained" {
            let last = deaths.last().unwrap();
            assert_eq!((last.time, last.n_risk, last.n_event), (45.0, 1, 1));
            assert_eq!(last.survival, 0.0);
            assert_eq!((last.std_err, last.lower, last.upper), (None, None, None));
        } else {
            assert_eq!(deaths.len(), rows.len());
        }
    }
}

/// survival@a2533a920092 tests/quantile.R lines 11–45 (checked by
/// `aeq(...)` in the package's tests): test1 without its NA-status row;
/// the overall median is 9; by x, curve 0 has median 9 and curve 1 median
/// 6 (its survival drops from 2/3 straight to 0).
#[test]
fn survival_package_quantile_medians() {
    // time = c(9, 3, 1, 1, 6, 6, 8, 10), status = c(1, NA, 1, 0, 1, 1, 0,
    // 0), x = c(0, 2, 1, 1, 1, 0, 0, 0).
    let all = [
        (9., true),
        (1., true),
        (1., false),
        (6., true),
        (6., true),
        (8., false),
        (10., false),
    ];
    assert_eq!(kaplan_meier(&all, 0.95).unwrap().median.estimate, Some(9.0));
    let x0 = [(9., true), (6., true), (8., false), (10., false)];
    assert_eq!(kaplan_meier(&x0, 0.95).unwrap().median.estimate, Some(9.0));
    let x1 = [(1., true), (1., false), (6., true)];
    assert_eq!(kaplan_meier(&x1, 0.95).unwrap().median.estimate, Some(6.0));
    // "True survival = (6/7) * (3/5) * (1/2) for overall" (line 15).
    let fit = kaplan_meier(&all, 0.95).unwrap();
    assert_rel(
        fit.survival_at(9.0),
        6.0 / 7.0 * 3.0 / 5.0 * 0.5,
        1e-15,
        "S(9)",
    );
}
