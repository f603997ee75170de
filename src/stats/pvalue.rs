//! The p-value as a typed number that is never 0, never NaN and never above 1.
//!
//! Why a type: a tail probability can be smaller than the smallest normal
//! double (2.2 × 10⁻³⁰⁸), either because the data are that extreme (Fisher's
//! test on thousands of patients, a z of 40) or because the statistic is
//! infinite (a perfect correlation, where the t statistic is ±∞ and the
//! model's p is exactly 0). Printing such a p as `0` claims a certainty no
//! test gives, and a subnormal double has lost its relative precision. So
//! every test in this module returns a [`PValue`]: either the value itself,
//! in `[2.2e-308, 1]`, or the statement "smaller than 2.2e-308", which the
//! report carries as an upper bound and the presentation prints as
//! `<0.001` like any other small p.

use super::{NotComputable, Reason};

/// The smallest p-value carried as a value; anything smaller is
/// [`PValue::Below`] this bound. It is the smallest positive normal double,
/// below which a double keeps fewer than 16 significant digits.
pub const SMALLEST: f64 = f64::MIN_POSITIVE;

/// A two-sided p-value in (0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PValue {
    /// The p-value, in `[SMALLEST, 1]`.
    Is(f64),
    /// The p-value is smaller than this bound ([`SMALLEST`]): the tail
    /// underflowed, or the statistic is infinite and the model's p is 0.
    Below(f64),
}

impl PValue {
    /// The p-value of a computed tail probability: values above 1 (rounding
    /// in a sum of probabilities) become 1, values below [`SMALLEST`]
    /// (including 0) become `Below(SMALLEST)`; NaN is a numerical failure.
    pub fn from_tail(p: f64) -> Result<PValue, NotComputable> {
        if p.is_nan() {
            Err(NotComputable::because(Reason::NumericalFailure))
        } else if p < SMALLEST {
            Ok(PValue::Below(SMALLEST))
        } else {
            Ok(PValue::Is(p.min(1.0)))
        }
    }

    /// The p-value, or its bound when it is [`PValue::Below`]; always in
    /// (0, 1].
    pub fn value(self) -> f64 {
        match self {
            PValue::Is(p) | PValue::Below(p) => p,
        }
    }

    /// Whether [`value`](Self::value) is an upper bound rather than the
    /// p-value itself.
    pub fn is_upper_bound(self) -> bool {
        matches!(self, PValue::Below(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_subnormal_and_above_one_become_honest_values() {
        assert_eq!(PValue::from_tail(0.0), Ok(PValue::Below(SMALLEST)));
        assert_eq!(PValue::from_tail(-0.0), Ok(PValue::Below(SMALLEST)));
        // A subnormal (4.9e-324 is the smallest) has lost its precision.
        assert_eq!(PValue::from_tail(5e-324), Ok(PValue::Below(SMALLEST)));
        assert_eq!(PValue::from_tail(1e-310), Ok(PValue::Below(SMALLEST)));
        assert_eq!(PValue::from_tail(SMALLEST), Ok(PValue::Is(SMALLEST)));
        assert_eq!(PValue::from_tail(1e-300), Ok(PValue::Is(1e-300)));
        assert_eq!(PValue::from_tail(1.0 + 1e-15), Ok(PValue::Is(1.0)));
        assert_eq!(
            PValue::from_tail(f64::NAN).unwrap_err().reason,
            Reason::NumericalFailure
        );
    }

    #[test]
    fn every_value_is_in_the_open_closed_unit_interval() {
        for p in [0.0, 1e-320, 1e-300, 0.5, 1.0, 2.0, f64::INFINITY] {
            let v = PValue::from_tail(p).unwrap();
            assert!(v.value() > 0.0 && v.value() <= 1.0, "{p} -> {v:?}");
            assert_eq!(v.is_upper_bound(), p < SMALLEST);
        }
    }

    /// Each test's tail, pushed past the smallest double, is a bound, not 0.
    /// The true values are far below 1e-308: Fisher's p for a perfectly
    /// separated 5,000 + 5,000 table is 2/C(10000, 5000) ≈ 10⁻³⁰⁰⁷; a
    /// chi-square of 2·10⁵ on 1 df has p = erfc(√10⁵) ≈ 10⁻⁴³⁴⁰⁰; two fully
    /// separated groups of 3,000 give z ≈ 67 (p ≈ 10⁻⁹⁸⁰).
    #[test]
    fn far_tails_are_bounds_never_zero() {
        use crate::stats::{chisq, fisher, ttest, wilcox};
        let below = PValue::Below(SMALLEST);
        assert_eq!(
            fisher::fisher_exact([[5000, 0], [0, 5000]])
                .unwrap()
                .p_value,
            below
        );
        assert_eq!(
            chisq::chisq_2x2([[100_000, 0], [0, 100_000]], false)
                .unwrap()
                .p_value,
            below
        );
        let low: Vec<f64> = (0..3000).map(f64::from).collect();
        let high: Vec<f64> = (10_000..13_000).map(f64::from).collect();
        let w = wilcox::mann_whitney(&low, &high).unwrap();
        assert_eq!(w.p_value, below);
        // One group's spread 1e-60, the other none: df = 5, t = 1.3093e60,
        // still representable. mpmath (50 digits):
        // betainc(2.5, 0.5, 0, 5/(5+t**2), regularized=True) with
        // t = 1.3093073414159543e60 -> 4.9328265700657964891e-300.
        let far = [1.0; 6];
        let near: Vec<f64> = (0..6).map(|i| f64::from(i) * 1e-60).collect();
        let t = ttest::welch_t_test(&near, &far).unwrap();
        assert!(!t.p_value.is_upper_bound());
        crate::stats::testutil::assert_rel(t.p_value.value(), 4.932_826_570_065_796e-300, 1e-9);
        // Spread 1e-150: t ≈ 1.3e150, p ≈ 10⁻⁷⁴⁹, a bound.
        let near: Vec<f64> = (0..6).map(|i| f64::from(i) * 1e-150).collect();
        let t = ttest::welch_t_test(&near, &far).unwrap();
        assert_eq!(t.p_value, below);
    }
}
