//! Kaplan–Meier survival estimate as R's
//! `survival::survfit(Surv(time, event) ~ 1, conf.type = "log-log")`.
//!
//! Design decision: the curve is stored exactly like R's `survfit` object —
//! one row per distinct time, censor-only times included (n_event = 0), so
//! it serves both the table (filter with [`KaplanMeier::event_steps`]) and
//! the plot (censoring marks) — and the median uses R's `quantile.survfit`
//! rule verbatim rather than a simpler "first time S ≤ 0.5": values within
//! √ε of 0.5 count as 0.5, a plateau at exactly 0.5 gives the midpoint
//! between its start and the next drop, and a curve that ends on that
//! plateau gives the midpoint between its start and the last follow-up time.
//! Ties: at a time with both deaths and censorings, the deaths come first
//! (censored patients are still at risk at that time), as in R. Times are
//! compared exactly (R's `timefix` merges times equal within ~10⁻⁸ relative;
//! this only matters for times produced by floating-point arithmetic).
//!
//! Standard errors use Greenwood's formula; the log-log interval is
//! `S^exp(±z·se(log S)/log S)`. Where R reports `NA` (the interval when
//! S = 1 or S = 0, the standard error when S = 0) we return `None`.

use super::special::{check_level, z_two_sided};
use super::{NotComputable, Reason};
use std::collections::HashSet;

/// One row of the Kaplan–Meier table (one distinct time).
#[derive(Debug, Clone, PartialEq)]
pub struct KmStep {
    /// The time.
    pub time: f64,
    /// Number at risk just before this time.
    pub n_risk: usize,
    /// Number of events (deaths) at this time.
    pub n_event: usize,
    /// Number censored at this time.
    pub n_censor: usize,
    /// Kaplan–Meier survival just after this time.
    pub survival: f64,
    /// Greenwood standard error of the survival; `None` when survival is 0.
    pub std_err: Option<f64>,
    /// Lower log-log confidence limit; `None` when survival is 0 or 1.
    pub lower: Option<f64>,
    /// Upper log-log confidence limit; `None` when survival is 0 or 1.
    pub upper: Option<f64>,
}

/// Median survival with its confidence interval; each `None` means "not
/// reached" (the curve, or the confidence curve, never falls to 0.5).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MedianSurvival {
    /// Median survival time.
    pub estimate: Option<f64>,
    /// Lower limit: where the lower confidence curve reaches 0.5.
    pub lower: Option<f64>,
    /// Upper limit: where the upper confidence curve reaches 0.5.
    pub upper: Option<f64>,
}

/// A Kaplan–Meier estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct KaplanMeier {
    /// One row per distinct time, ascending (censor-only times included).
    pub steps: Vec<KmStep>,
    /// Number of patients.
    pub n: usize,
    /// Total number of events.
    pub n_events: usize,
    /// Confidence level of the intervals, e.g. 0.95.
    pub conf_level: f64,
    /// Median survival and its confidence interval.
    pub median: MedianSurvival,
}

impl KaplanMeier {
    /// Rows with at least one event (R's `summary(fit)`).
    pub fn event_steps(&self) -> impl Iterator<Item = &KmStep> {
        self.steps.iter().filter(|s| s.n_event > 0)
    }

    /// Survival probability at time `t` (right-continuous step function;
    /// 1 before the first time).
    pub fn survival_at(&self, t: f64) -> f64 {
        self.steps
            .iter()
            .take_while(|s| s.time <= t)
            .last()
            .map_or(1.0, |s| s.survival)
    }
}

/// Kaplan–Meier estimate from `(time, event)` pairs (`event = true` for a
/// death/event, `false` for censoring) with log-log intervals at
/// `conf_level` (0 < level < 1; R's default is 0.95).
///
/// Errors: no patients, a missing/infinite time, or an invalid level.
pub fn kaplan_meier(data: &[(f64, bool)], conf_level: f64) -> Result<KaplanMeier, NotComputable> {
    check_level(conf_level)?;
    let sorted = sorted_times(data)?;
    let z = z_two_sided(1.0 - conf_level);
    let mut steps: Vec<KmStep> = Vec::new();
    let mut at_risk = sorted.len();
    let mut surv = 1.0f64;
    let mut greenwood = 0.0f64;
    let mut i = 0;
    while let Some(&(time, _)) = sorted.get(i) {
        let mut n_event = 0;
        let mut n_censor = 0;
        while let Some(&(t, e)) = sorted.get(i) {
            if t != time {
                break;
            }
            if e {
                n_event += 1;
            } else {
                n_censor += 1;
            }
            i += 1;
        }
        let n_risk = at_risk;
        if n_event > 0 {
            let (n, d) = (n_risk as f64, n_event as f64);
            if n_event >= n_risk {
                surv = 0.0;
                greenwood = f64::INFINITY;
            } else {
                surv *= (n - d) / n;
                greenwood += d / (n * (n - d));
            }
        }
        let (std_err, lower, upper) = confidence(surv, greenwood, z);
        steps.push(KmStep {
            time,
            n_risk,
            n_event,
            n_censor,
            survival: surv,
            std_err,
            lower,
            upper,
        });
        at_risk = at_risk.saturating_sub(n_event + n_censor);
    }
    let median = median_survival(&steps);
    Ok(KaplanMeier {
        n: sorted.len(),
        n_events: sorted.iter().filter(|p| p.1).count(),
        steps,
        conf_level,
        median,
    })
}

/// Number of patients still at risk (time ≥ t) at each of `times`, for the
/// table under a survival plot (R's `summary(fit, times = t)$n.risk`).
///
/// Errors: no patients, or a missing/infinite time (data or query).
pub fn numbers_at_risk(data: &[(f64, bool)], times: &[f64]) -> Result<Vec<usize>, NotComputable> {
    let sorted = sorted_times(data)?;
    if times.iter().any(|t| !t.is_finite()) {
        return Err(NotComputable::because(Reason::NotFinite));
    }
    Ok(times
        .iter()
        .map(|&t| sorted.len() - sorted.partition_point(|p| p.0 < t))
        .collect())
}

fn sorted_times(data: &[(f64, bool)]) -> Result<Vec<(f64, bool)>, NotComputable> {
    if data.is_empty() {
        return Err(NotComputable::because(Reason::NoPatients));
    }
    if data.iter().any(|p| !p.0.is_finite()) {
        return Err(NotComputable::because(Reason::NotFinite));
    }
    let mut sorted = data.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(sorted)
}

/// Greenwood standard error of S and the log-log limits (R's
/// `survfit_confint(conf.type = "log-log")`).
fn confidence(surv: f64, greenwood: f64, z: f64) -> (Option<f64>, Option<f64>, Option<f64>) {
    if surv <= 0.0 {
        return (None, None, None);
    }
    let se_log = greenwood.sqrt();
    let std_err = Some(surv * se_log);
    if surv >= 1.0 {
        return (std_err, None, None);
    }
    let log_s = surv.ln();
    let c = z * se_log / log_s; // negative
    let lnl = (-log_s).ln();
    let lower = (-(lnl - c).exp()).exp();
    let upper = (-(lnl + c).exp()).exp();
    let ok = |v: f64| v.is_finite().then_some(v.clamp(0.0, 1.0));
    (std_err, ok(lower), ok(upper))
}

fn median_survival(steps: &[KmStep]) -> MedianSurvival {
    let times: Vec<f64> = steps.iter().map(|s| s.time).collect();
    let curve =
        |f: &dyn Fn(&KmStep) -> Option<f64>| -> Vec<Option<f64>> { steps.iter().map(f).collect() };
    MedianSurvival {
        estimate: r_quantile(&times, &curve(&|s| Some(s.survival)), 0.5),
        lower: r_quantile(&times, &curve(&|s| s.lower), 0.5),
        upper: r_quantile(&times, &curve(&|s| s.upper), 0.5),
    }
}

/// R's `findq` (survival package, `quantile.survfit`) applied to a
/// survival curve `surv` (None = NA) at distinct `times`, for probability
/// `p` of the CDF `1 − S`, with R's tolerance √ε.
fn r_quantile(times: &[f64], surv: &[Option<f64>], p: f64) -> Option<f64> {
    let tol = f64::EPSILON.sqrt();
    // R: x = c(0, time), y = c(0, 1 - surv).
    let mut x = vec![0.0];
    x.extend_from_slice(times);
    let mut y: Vec<Option<f64>> = vec![Some(0.0)];
    y.extend(surv.iter().map(|s| s.map(|v| 1.0 - v)));

    let max_y = y
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    if max_y < p {
        return None;
    }
    let xmax = x.last().copied()?;
    // Drop duplicated y values (keep the first occurrence; NA equals NA).
    let mut seen: HashSet<Option<u64>> = HashSet::new();
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<Option<f64>> = Vec::new();
    for (&xi, &yi) in x.iter().zip(y.iter()) {
        // `+ 0.0` maps −0.0 to +0.0 so that bit patterns compare like `==`.
        if seen.insert(yi.map(|v| (v + 0.0).to_bits())) {
            xs.push(xi);
            ys.push(yi);
        }
    }
    // approx(y ± tol, 1:n, p, method = "constant", f = 1): the index of the
    // knot with the smallest key ≥ p, NA if p is outside the key range.
    let approx_index = |shift: f64| -> Option<usize> {
        let keys = ys
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (v + shift, i)));
        let min_key = keys.clone().map(|k| k.0).fold(f64::INFINITY, f64::min);
        if p < min_key {
            return None;
        }
        keys.filter(|k| k.0 >= p)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|k| k.1)
    };
    let i1 = approx_index(tol);
    let i2 = approx_index(-tol);
    let at = |i: Option<usize>| i.and_then(|i| xs.get(i).copied());
    let mut quant = match (at(i1), at(i2)) {
        (Some(a), Some(b)) => Some((a + b) / 2.0),
        _ => None,
    };
    if let Some(Some(last)) = ys.last() {
        if (p - last).abs() < tol {
            quant = at(i1).map(|a| (a + xmax) / 2.0);
        }
    }
    quant
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    fn pairs(t: &[f64], e: &[u8]) -> Vec<(f64, bool)> {
        t.iter().zip(e).map(|(&t, &e)| (t, e == 1)).collect()
    }

    // Verified by hand that SciPy's log-log interval is R's: SciPy computes
    // exp(-exp(ln(-ln S) ± z·σ)) with σ = √(Σ d/(n(n−d)))/|ln S| (Greenwood),
    // R's survfit_confint uses exp(-exp(ln(-ln S) ∓ z·se/ln S)) with
    // se = √(Σ d/(n(n−d))); since ln S < 0 these are the same numbers.
    // SciPy has no standard error of S; it is Greenwood's S·√(Σ d/(n(n−d)))
    // evaluated with SciPy's own n and d (the `se=` part of the commands).
    const T1: [f64; 15] = [
        1.0, 2.0, 2.0, 2.0, 3.0, 4.0, 4.0, 5.0, 6.0, 7.0, 8.0, 8.0, 9.0, 10.0, 12.0,
    ];
    const E1: [u8; 15] = [1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0];

    #[test]
    fn table_matches_scipy_with_tied_events_and_censorings() {
        let km = kaplan_meier(&pairs(&T1, &E1), 0.95).unwrap();
        // python3 -c "import numpy as np; from scipy.stats import ecdf, CensoredData as C; t=np.array([1,2,2,2,3,4,4,5,6,7,8,8,9,10,12.]); e=np.array([1,1,1,0,0,1,0,1,0,1,1,0,0,1,0],bool); r=ecdf(C(uncensored=t[e],right=t[~e])).sf; c=r.confidence_interval(0.95,method='log-log'); print(r.quantiles, r._n, r._d, repr(r.probabilities), repr(c.low.probabilities), repr(c.high.probabilities), 'se=', repr(r.probabilities*np.sqrt(np.cumsum(r._d/(r._n*(r._n-r._d))))))"
        let times = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 12.0];
        let n_risk = [15, 14, 11, 10, 8, 7, 6, 5, 3, 2, 1];
        let n_event = [1, 2, 0, 1, 1, 0, 1, 1, 0, 1, 0];
        let n_censor = [0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1];
        #[rustfmt::skip]
        let surv = [0.9333333333333333, 0.7999999999999999, 0.7999999999999999, 0.72, 0.63, 0.63,
            0.525, 0.42000000000000004, 0.42000000000000004, 0.21000000000000002, 0.21000000000000002];
        #[rustfmt::skip]
        let low = [0.6126412437748717, 0.4998239816557543, 0.4998239816557543, 0.41149032103292915,
            0.318706294522591, 0.318706294522591, 0.2198583626209568, 0.14188509444725114,
            0.14188509444725114, 0.014620538537149945, 0.014620538537149945];
        #[rustfmt::skip]
        let high = [0.9903322366500169, 0.9307172940541175, 0.9307172940541175, 0.8855645312786052,
            0.8297012709975294, 0.8297012709975294, 0.7602575370209372, 0.6801882255168673,
            0.6801882255168673, 0.5618987038803577, 0.5618987038803577];
        #[rustfmt::skip]
        let se = [0.06440611887195306, 0.10327955589886444, 0.10327955589886444, 0.12,
            0.1345826883369477, 0.1345826883369477, 0.14753177623820574, 0.15083103128998357,
            0.15083103128998357, 0.1665457894994647, 0.1665457894994647];
        assert_eq!(km.steps.len(), times.len());
        for (i, s) in km.steps.iter().enumerate() {
            assert_eq!(s.time, times[i]);
            assert_eq!(
                (s.n_risk, s.n_event, s.n_censor),
                (n_risk[i], n_event[i], n_censor[i])
            );
            assert_rel(s.survival, surv[i], 1e-12);
            assert_rel(s.std_err.unwrap(), se[i], 1e-12);
            assert_rel(s.lower.unwrap(), low[i], 1e-10);
            assert_rel(s.upper.unwrap(), high[i], 1e-10);
        }
        assert_eq!((km.n, km.n_events), (15, 8));
        assert_eq!(km.event_steps().count(), 7);
        // Median: first time S <= 0.5 (8, S = 0.42); lower: first time the lower
        // curve <= 0.5 (2, 0.49982); upper curve never <= 0.5 (min 0.5619) -> None.
        // Read off the SciPy arrays above.
        assert_eq!(
            km.median,
            MedianSurvival {
                estimate: Some(8.0),
                lower: Some(2.0),
                upper: None
            }
        );
        assert_eq!(km.survival_at(0.5), 1.0);
        assert_rel(km.survival_at(7.5), 0.525, 1e-12);
    }

    #[test]
    fn median_with_both_confidence_limits() {
        #[rustfmt::skip]
        let t = [3., 5., 5., 7., 8., 8., 8., 10., 12., 12., 13., 15., 15., 16., 18., 20., 21., 21.,
            24., 25., 27., 30., 30., 33., 35., 36., 40., 41., 44., 50.];
        #[rustfmt::skip]
        let e = [1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0];
        // python3 -c "import numpy as np; from scipy.stats import ecdf, CensoredData as C; t=np.array([3,5,5,7,8,8,8,10,12,12,13,15,15,16,18,20,21,21,24,25,27,30,30,33,35,36,40,41,44,50.]); e=np.array([1,1,0,1,1,1,0,1,1,0,1,1,1,0,1,1,0,1,1,0,1,1,0,1,1,0,1,0,1,0],bool); r=ecdf(C(uncensored=t[e],right=t[~e])).sf; c=r.confidence_interval(0.95,method='log-log'); q=r.quantiles; f=lambda s: q[np.argmax(s<=0.5)]; print(f(r.probabilities), f(c.low.probabilities), f(c.high.probabilities))"
        // -> 24.0 15.0 35.0
        let km = kaplan_meier(&pairs(&t, &e), 0.95).unwrap();
        assert_eq!(
            km.median,
            MedianSurvival {
                estimate: Some(24.0),
                lower: Some(15.0),
                upper: Some(35.0)
            }
        );
    }

    #[test]
    fn plateau_at_exactly_one_half_uses_midpoint() {
        // python3 -c "import numpy as np; from scipy.stats import ecdf, CensoredData as C; r=ecdf(C(uncensored=[1,2,3,4.])).sf; c=r.confidence_interval(0.95,method='log-log'); print(repr(r.probabilities), repr(c.low.probabilities), repr(c.high.probabilities))"
        // -> S = [0.75, 0.5, 0.25, 0.0]; low = [0.12794691759514576, 0.05784708299514461,
        //    0.008947824416603157, nan]; high = [0.9605486422850784, 0.844861281190374,
        //    0.6653253427888655, nan]
        let km = kaplan_meier(&pairs(&[1.0, 2.0, 3.0, 4.0], &[1, 1, 1, 1]), 0.95).unwrap();
        assert_rel(km.steps[2].lower.unwrap(), 0.008947824416603157, 1e-10);
        assert_rel(km.steps[2].upper.unwrap(), 0.6653253427888655, 1e-10);
        let last = &km.steps[3];
        assert_eq!(
            (last.survival, last.std_err, last.lower, last.upper),
            (0.0, None, None, None)
        );
        // S = 0.5 exactly on [2, 3): R's quantile.survfit gives (2 + 3)/2 = 2.5;
        // lower curve first <= 0.5 at 1; upper curve never (NA at S = 0) -> None.
        assert_eq!(
            km.median,
            MedianSurvival {
                estimate: Some(2.5),
                lower: Some(1.0),
                upper: None
            }
        );
    }

    #[test]
    fn curve_ending_at_one_half() {
        // python3 -c "import numpy as np; from scipy.stats import ecdf, CensoredData as C; print(ecdf(C(uncensored=[1,2.],right=[3,4.])).sf.probabilities)"
        // -> [0.75, 0.5, 0.5, 0.5]. R's findq "last point" rule (derived by hand from
        // survival's quantile.survfit source): the curve ends on the 0.5 plateau, so
        // the median is (2 + last follow-up time 4)/2 = 3.
        let km = kaplan_meier(&pairs(&[1.0, 2.0, 3.0, 4.0], &[1, 1, 0, 0]), 0.95).unwrap();
        assert_eq!(km.median.estimate, Some(3.0));
        assert_eq!(km.median.lower, Some(1.0));
        assert_eq!(km.median.upper, None);
    }

    #[test]
    fn median_not_reached() {
        // python3 -c "import numpy as np; from scipy.stats import ecdf, CensoredData as C; r=ecdf(C(uncensored=[1,4.],right=[2,3,5,6.])).sf; c=r.confidence_interval(0.95,method='log-log'); print(repr(r.probabilities), repr(c.low.probabilities), repr(c.high.probabilities))"
        // -> S min 0.5555555555555556 (never <= 0.5); low[0] = 0.27312284992835584;
        //    high[3] = 0.8760704399907503
        let km =
            kaplan_meier(&pairs(&[1., 2., 3., 4., 5., 6.], &[1, 0, 0, 1, 0, 0]), 0.95).unwrap();
        assert_rel(km.steps[3].survival, 0.5555555555555556, 1e-12);
        assert_rel(km.steps[0].lower.unwrap(), 0.27312284992835584, 1e-10);
        assert_rel(km.steps[3].upper.unwrap(), 0.8760704399907503, 1e-10);
        assert_eq!(
            km.median,
            MedianSurvival {
                estimate: None,
                lower: Some(1.0),
                upper: None
            }
        );
    }

    #[test]
    fn single_patient_and_empty() {
        // python3 -c "from scipy.stats import ecdf, CensoredData as C; print(ecdf(C(uncensored=[5.])).sf.probabilities)" -> [0.]
        let km = kaplan_meier(&[(5.0, true)], 0.95).unwrap();
        assert_eq!(km.steps[0].survival, 0.0);
        assert_eq!(km.median.estimate, Some(5.0));
        assert_eq!((km.median.lower, km.median.upper), (None, None));
        // One censored patient: S stays 1, intervals undefined (R: NA).
        let km = kaplan_meier(&[(5.0, false)], 0.95).unwrap();
        let s = &km.steps[0];
        assert_eq!(
            (s.survival, s.std_err, s.lower, s.upper),
            (1.0, Some(0.0), None, None)
        );
        assert_eq!(km.median.estimate, None);
        assert_eq!(
            kaplan_meier(&[], 0.95).unwrap_err().reason,
            Reason::NoPatients
        );
        assert!(kaplan_meier(&[(f64::NAN, true)], 0.95).is_err());
        assert!(kaplan_meier(&[(1.0, true)], 1.5).is_err());
    }

    #[test]
    fn other_confidence_level() {
        // python3 -c "import numpy as np; from scipy.stats import ecdf, CensoredData as C; t=np.array([1,2,2,2,3,4,4,5,6,7,8,8,9,10,12.]); e=np.array([1,1,1,0,0,1,0,1,0,1,1,0,0,1,0],bool); c=ecdf(C(uncensored=t[e],right=t[~e])).sf.confidence_interval(0.9,method='log-log'); print(repr(c.low.probabilities[7]), repr(c.high.probabilities[7]))"
        let km = kaplan_meier(&pairs(&T1, &E1), 0.9).unwrap();
        assert_rel(km.steps[7].lower.unwrap(), 0.18015752376847755, 1e-10);
        assert_rel(km.steps[7].upper.unwrap(), 0.644626338959369, 1e-10);
    }

    #[test]
    fn numbers_at_risk_for_plot() {
        // python3 -c "import numpy as np; t=np.array([1,2,2,2,3,4,4,5,6,7,8,8,9,10,12.]); print([int((t>=q).sum()) for q in [0,2,2.5,8,12,13]])"
        // -> [15, 14, 11, 5, 1, 0]
        let n = numbers_at_risk(&pairs(&T1, &E1), &[0.0, 2.0, 2.5, 8.0, 12.0, 13.0]).unwrap();
        assert_eq!(n, vec![15, 14, 11, 5, 1, 0]);
        assert!(numbers_at_risk(&[], &[1.0]).is_err());
        assert!(numbers_at_risk(&[(1.0, true)], &[f64::NAN]).is_err());
    }
}
