//! Shared numerical helpers (private to the statistics module). Tail
//! probabilities are taken directly from the regularized incomplete beta and
//! complementary error functions rather than via `1 - cdf`, so that small
//! p-values keep their relative precision.

use super::erfc::erfc;
use super::{NotComputable, Reason};
use statrs::function::{beta::checked_beta_reg, erf};

/// Fails unless every value is finite (the caller filters missing values;
/// NaN or infinity here is a data error).
pub(crate) fn require_finite(values: &[f64], _what: &str) -> Result<(), NotComputable> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(NotComputable::because(Reason::NotFinite))
    }
}

/// Fails unless `value` is finite (guards against overflow with huge inputs).
pub(crate) fn finite(value: f64, _what: &str) -> Result<f64, NotComputable> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(NotComputable::because(Reason::TooLarge))
    }
}

/// Checks that a confidence level lies strictly between 0 and 1.
pub(crate) fn check_level(conf_level: f64) -> Result<(), NotComputable> {
    if conf_level > 0.0 && conf_level < 1.0 {
        Ok(())
    } else {
        Err(NotComputable::because(Reason::InvalidConfidenceLevel))
    }
}

fn beta_reg(a: f64, b: f64, x: f64) -> Result<f64, NotComputable> {
    match checked_beta_reg(a, b, x) {
        Ok(v) if v.is_finite() => Ok(v.clamp(0.0, 1.0)),
        _ => Err(NotComputable::because(Reason::NumericalFailure)),
    }
}

/// Regularized incomplete beta `I_x(a, b)` (a, b > 0, 0 ≤ x ≤ 1).
pub(crate) fn incomplete_beta(a: f64, b: f64, x: f64) -> Result<f64, NotComputable> {
    beta_reg(a, b, x)
}

/// Two-sided p-value `P(|T| ≥ |t|)` of Student's t with `df > 0` degrees of
/// freedom (`2·pt(-|t|, df)` in R).
///
/// Always the small side directly: `I_x(df/2, 1/2)` with `x = df/(df + t²)`.
/// Taking `1 − I_q(1/2, df/2)` when `t² < df` (as the textbook shortcut does)
/// keeps only ~1e-16 absolute accuracy, so p-values below that print as 0
/// (two groups of 90 with a true p of 8e-17, or Welch's t = 30.8 on 1,386 df
/// with p = 6e-159). The incomplete beta flips to its complement itself when
/// that is the accurate side (p near 1).
pub(crate) fn t_two_sided_p(t: f64, df: f64) -> Result<f64, NotComputable> {
    if df.is_nan() || df <= 0.0 {
        return Err(NotComputable::because(Reason::NoDegreesOfFreedom));
    }
    let t2 = t * t;
    if t2.is_nan() {
        return Err(NotComputable::because(Reason::StatisticUndefined));
    }
    if t2.is_infinite() {
        return Ok(0.0);
    }
    if df.is_infinite() {
        return Ok(normal_two_sided_p(t));
    }
    // x = df/(df + t²), written so that neither form overflows.
    let x = if t2 > df {
        1.0 / (1.0 + t2 / df)
    } else {
        df / (df + t2)
    };
    beta_reg(df / 2.0, 0.5, x)
}

/// Two-sided normal p-value `P(|Z| ≥ |z|)`.
pub(crate) fn normal_two_sided_p(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2).clamp(0.0, 1.0)
}

/// One-sided normal lower tail `P(Z ≤ z)`.
pub(crate) fn normal_cdf(z: f64) -> f64 {
    (0.5 * erfc(-z / std::f64::consts::SQRT_2)).clamp(0.0, 1.0)
}

/// Upper tail of the chi-square distribution with 1 degree of freedom.
pub(crate) fn chisq1_upper(x: f64) -> f64 {
    if x <= 0.0 {
        1.0
    } else {
        erfc((x / 2.0).sqrt()).clamp(0.0, 1.0)
    }
}

/// Normal quantile `z` with `P(|Z| > z) = alpha`, i.e. `qnorm(1 - alpha/2)`.
pub(crate) fn z_two_sided(alpha: f64) -> f64 {
    std::f64::consts::SQRT_2 * erf::erfc_inv(alpha)
}

/// Average ranks (1-based, ties get the mean rank) and the sizes of tie
/// groups larger than one. Values must be finite.
pub(crate) fn average_ranks(values: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        let va = values.get(a).copied().unwrap_or(0.0);
        let vb = values.get(b).copied().unwrap_or(0.0);
        va.total_cmp(&vb)
    });
    let mut ranks = vec![0.0; values.len()];
    let mut ties = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let value_at = |pos: usize| {
            order
                .get(pos)
                .and_then(|&i| values.get(i))
                .copied()
                .unwrap_or(0.0)
        };
        let v = value_at(start);
        let mut end = start + 1;
        while end < order.len() && value_at(end) == v {
            end += 1;
        }
        // Positions start..end (0-based) share ranks start+1..=end.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in order.get(start..end).unwrap_or(&[]) {
            if let Some(r) = ranks.get_mut(i) {
                *r = rank;
            }
        }
        if end - start > 1 {
            ties.push(end - start);
        }
        start = end;
    }
    (ranks, ties)
}

/// Neumaier (improved Kahan) compensated summation.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Neumaier {
    sum: f64,
    comp: f64,
}

impl Neumaier {
    pub(crate) fn add(&mut self, v: f64) {
        let t = self.sum + v;
        if self.sum.abs() >= v.abs() {
            self.comp += (self.sum - t) + v;
        } else {
            self.comp += (v - t) + self.sum;
        }
        self.sum = t;
    }

    pub(crate) fn value(&self) -> f64 {
        self.sum + self.comp
    }
}

/// Root of a continuous increasing function on `[lo, hi]` with
/// `f(lo) ≤ 0 ≤ f(hi)`, by bisection to full double precision.
pub(crate) fn bisect_increasing(mut f: impl FnMut(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..2200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        let v = f(mid);
        if v == 0.0 {
            return mid;
        }
        if v < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    /// The t tail across the whole range of t² vs df, down to 1e-300,
    /// against arbitrary precision: `I_x(df/2, 1/2)` at 400 digits by
    /// mpmath 1.3.0 from its hypergeometric series; the script is
    /// `docs/reference/t_tail.py` (`python3 docs/reference/t_tail.py`).
    #[test]
    // The references are printed with 17 digits, as computed.
    #[allow(clippy::excessive_precision)]
    fn t_tail_matches_arbitrary_precision_down_to_1e_300() {
        let cases: &[(f64, f64, f64)] = &[
            (1.0, 0.0, 1.0),
            (1.0, 0.1, 0.93654896513889286),
            (1.0, 1.0, 0.5),
            (1.0, 2.0, 0.29516723530086655),
            (1.0, 5.0, 0.12566591637800237),
            (1.0, 8.0, 0.079166848321131084),
            (1.0, 10.0, 0.063451034861107139),
            (1.0, 13.0, 0.048874503944394801),
            (1.0, 20.0, 0.03180450251235275),
            (1.0, 30.78, 0.020675631179960283),
            (1.0, 50.0, 0.012730698201945593),
            (1.0, 100.0, 0.0063659855298165103),
            (1.0, 1000.0, 0.00063661956016111788),
            (1.0, 100000.0, 6.3661977234636068e-6),
            (2.0, 0.0, 1.0),
            (2.0, 0.1, 0.92946543841414017),
            (2.0, 1.0, 0.42264973081037424),
            (2.0, 2.0, 0.18350341907227397),
            (2.0, 5.0, 0.037749551350623726),
            (2.0, 8.0, 0.015268072165338138),
            (2.0, 10.0, 0.0098524570233256908),
            (2.0, 13.0, 0.0058651532275656811),
            (2.0, 20.0, 0.002490663892367097),
            (2.0, 30.78, 0.0010538427921942017),
            (2.0, 50.0, 0.00039976015988808058),
            (2.0, 100.0, 9.9985002499562579e-5),
            (2.0, 1000.0, 9.999985000025e-7),
            (2.0, 100000.0, 9.9999999985e-11),
            (3.0, 0.0, 1.0),
            (3.0, 0.1, 0.92665234880080582),
            (3.0, 1.0, 0.39100221895577064),
            (3.0, 2.0, 0.13932596855884318),
            (3.0, 5.0, 0.015392438073302301),
            (3.0, 8.0, 0.0040765775877854682),
            (3.0, 10.0, 0.0021283990584141501),
            (3.0, 13.0, 0.00098280189771944403),
            (3.0, 20.0, 0.00027320325024731172),
            (3.0, 30.78, 7.5338524193930486e-5),
            (3.0, 50.0, 1.7617152041271974e-5),
            (3.0, 100.0, 2.2045219231849111e-6),
            (3.0, 1000.0, 2.2053076425765927e-9),
            (3.0, 100000.0, 2.2053155808932546e-15),
            (5.0, 0.0, 1.0),
            (5.0, 0.1, 0.92423014115466037),
            (5.0, 1.0, 0.36321746764912263),
            (5.0, 2.0, 0.10193947882985836),
            (5.0, 5.0, 0.0041047159800533224),
            (5.0, 8.0, 0.00049290666057244408),
            (5.0, 10.0, 0.00017094757574296359),
            (5.0, 13.0, 4.8022028010178372e-5),
            (5.0, 20.0, 5.7755163732241721e-6),
            (5.0, 30.78, 6.7930034186773867e-7),
            (5.0, 50.0, 6.0477576266012252e-8),
            (5.0, 100.0, 1.8960014224623627e-9),
            (5.0, 1000.0, 1.8980131131979715e-14),
            (5.0, 100000.0, 1.8980334470788649e-24),
            (10.0, 0.0, 1.0),
            (10.0, 0.1, 0.92232071856440832),
            (10.0, 1.0, 0.34089313230205987),
            (10.0, 2.0, 0.073388034770740366),
            (10.0, 5.0, 0.00053733360275645262),
            (10.0, 8.0, 1.177494278966616e-5),
            (10.0, 10.0, 1.589553175596412e-6),
            (10.0, 13.0, 1.3715087966146647e-7),
            (10.0, 20.0, 2.1460623172042518e-9),
            (10.0, 30.78, 3.0726501136581523e-11),
            (10.0, 50.0, 2.47431032930268e-13),
            (10.0, 100.0, 2.4496895554198299e-16),
            (10.0, 1000.0, 2.4608247101732711e-26),
            (10.0, 100000.0, 2.4609374887207032e-46),
            (28.0, 0.0, 1.0),
            (28.0, 0.1, 0.92105689977232673),
            (28.0, 1.0, 0.32587470687166101),
            (28.0, 2.0, 0.055285237641956908),
            (28.0, 5.0, 2.7733414997812647e-5),
            (28.0, 8.0, 1.033567438169951e-8),
            (28.0, 10.0, 9.6248248311970504e-11),
            (28.0, 13.0, 2.2033867330786e-13),
            (28.0, 20.0, 4.0566530064722966e-18),
            (28.0, 30.78, 3.9082609938611639e-23),
            (28.0, 50.0, 6.2816572704807923e-29),
            (28.0, 100.0, 2.6197675692676837e-37),
            (28.0, 1000.0, 2.7197695801850246e-65),
            (28.0, 100000.0, 2.720800269325226e-121),
            (178.0, 0.0, 1.0),
            (178.0, 0.1, 0.9204568638293623),
            (178.0, 1.0, 0.31866798292035986),
            (178.0, 2.0, 0.04702082959694364),
            (178.0, 5.0, 1.3657613228250719e-6),
            (178.0, 8.0, 1.5356015234244501e-13),
            (178.0, 10.0, 5.7721987379510183e-19),
            (178.0, 13.0, 1.342433828259057e-27),
            (178.0, 20.0, 2.1418517537789056e-47),
            (178.0, 30.78, 3.4184643526320586e-73),
            (178.0, 50.0, 1.007216886748885e-106),
            (178.0, 100.0, 2.4284594153343768e-158),
            (1385.7, 0.0, 1.0),
            (1385.7, 0.1, 0.92035879054038999),
            (1385.7, 1.0, 0.31748509620404649),
            (1385.7, 2.0, 0.045695145275946368),
            (1385.7, 5.0, 6.465428827986409e-7),
            (1385.7, 8.0, 2.6061783077684891e-15),
            (1385.7, 10.0, 8.8266772566321429e-23),
            (1385.7, 13.0, 1.5259802256141527e-36),
            (1385.7, 20.0, 2.2121906827965862e-78),
            (1385.7, 30.78, 5.7290014331644608e-159),
            (10000.0, 0.0, 1.0),
            (10000.0, 0.1, 0.92034633003107489),
            (10000.0, 1.0, 0.31733470433042912),
            (10000.0, 2.0, 0.045527260661435443),
            (10000.0, 5.0, 5.8303266136626473e-7),
            (10000.0, 8.0, 1.3821208729065382e-15),
            (10000.0, 10.0, 1.9632807428663829e-23),
            (10000.0, 13.0, 2.4995161939008311e-38),
            (10000.0, 20.0, 2.7646525865407733e-87),
            (10000.0, 30.78, 7.5207136778891526e-199),
            (1000000.0, 0.0, 1.0),
            (1000000.0, 0.1, 0.92034434549204316),
            (1000000.0, 1.0, 0.31731074983357813),
            (1000000.0, 2.0, 0.045500533851319208),
            (1000000.0, 5.0, 5.7339978708907416e-7),
            (1000000.0, 8.0, 1.245506343320252e-15),
            (1000000.0, 10.0, 1.527861076817825e-23),
            (1000000.0, 13.0, 1.2323025892477382e-38),
            (1000000.0, 20.0, 5.7330870473903718e-89),
            (1000000.0, 30.78, 6.0770379243052005e-208),
        ];
        assert!(cases.len() > 100);
        for &(df, t, p) in cases {
            let got = t_two_sided_p(t, df).unwrap();
            let rel = ((got - p) / p).abs();
            assert!(
                rel < 1e-9,
                "t = {t}, df = {df}: {got:e} vs {p:e} (rel {rel:e})"
            );
            assert!(got > 0.0 && got <= 1.0);
        }
    }

    #[test]
    fn t_p_values() {
        // python3 -c "from scipy.stats import t; print(2*t.sf(2.1, 7.5))"
        assert_rel(t_two_sided_p(2.1, 7.5).unwrap(), 0.07123707145807809, 1e-12);
        // python3 -c "from scipy.stats import t; print(2*t.sf(0.01, 3))"
        assert_rel(t_two_sided_p(-0.01, 3.0).unwrap(), 0.992649111412852, 1e-12);
        // python3 -c "from scipy.stats import t; print(2*t.sf(12.0, 40))"
        assert_rel(
            t_two_sided_p(12.0, 40.0).unwrap(),
            7.82417130425598e-15,
            1e-10,
        );
    }

    #[test]
    fn ranks_with_ties() {
        let (r, ties) = average_ranks(&[3.0, 1.0, 3.0, 2.0]);
        assert_eq!(r, vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(ties, vec![2]);
    }

    #[test]
    fn z_quantile() {
        // python3 -c "from scipy.stats import norm; print(norm.ppf(0.975))"
        assert_rel(z_two_sided(0.05), 1.959963984540054, 1e-14);
    }
}
