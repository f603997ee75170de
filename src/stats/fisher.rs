//! Fisher's exact test for a 2×2 table, reproducing R's `fisher.test`
//! (two-sided p-value, conditional maximum-likelihood odds ratio and its
//! exact confidence interval).
//!
//! Design decision: everything is computed in log space, from *ratios* of
//! neighbouring hypergeometric probabilities. With the table's margins fixed,
//! `ln P(x+1) − ln P(x) = ln[(k−x)(m−x) / ((x+1)(n−k+x+1))]`, so walking
//! outward from the mode (log-weight 0) yields every log-probability up to a
//! common constant without ever forming factorials. This matters twice:
//! (1) probabilities of large tables (totals of 10^5–10^6) underflow `f64`,
//! and differences of ln-factorials of that size (≈10^7) lose about 9
//! significant digits to cancellation, while the ratio walk (with
//! compensated summation) keeps ~12+ digits; (2) the walk can stop as soon as
//! terms become negligible (more than e^60 below the largest relevant term),
//! so the cost is proportional to the *effective* support (≈ √total), not to
//! the total, and memory is O(1). The p-value follows R exactly: the sum of
//! the probabilities of all tables with the same margins that are no more
//! probable than the observed one, with R's relative tolerance 1 + 10⁻⁷.
//!
//! The odds ratio is R's conditional MLE (Fisher's noncentral
//! hypergeometric: the ψ with E[X; ψ] = x) and the interval inverts the
//! noncentral tails, exactly as `fisher.test`. We solve in ln ψ by bisection
//! to full double precision (R's `uniroot` stops at ≈10⁻⁴, so R's printed
//! values can differ from ours in the 4th–5th significant digit; SciPy's
//! `odds_ratio(kind="conditional")` solves to 10⁻¹³ and agrees with ours).
//! An odds ratio of 0 or +∞ and interval limits of 0 or +∞ are legitimate
//! values (zero cells), returned as `0.0` / `f64::INFINITY`.

use super::special::{check_level, Neumaier};
use super::{NotComputable, PValue, Reason};

/// Largest table total accepted (keeps the run time bounded; clinical
/// tables are far smaller).
pub const MAX_TOTAL: u64 = 1_000_000_000;

/// Log-weights more than this far below the reference term are dropped
/// (e^-60 ≈ 9·10⁻²⁷; even 10⁹ such terms change a sum by < 10⁻¹⁷).
const CUTOFF: f64 = 60.0;

/// Conditional maximum-likelihood odds ratio with its exact confidence
/// interval. `estimate` may be 0 or +∞, `lower` may be 0, `upper` may be +∞.
#[derive(Debug, Clone, PartialEq)]
pub struct OddsRatio {
    /// Conditional MLE of the odds ratio (R's `fisher.test()$estimate`).
    pub estimate: f64,
    /// Lower confidence limit (0 when the observed a-cell is at its minimum).
    pub lower: f64,
    /// Upper confidence limit (+∞ when the observed a-cell is at its maximum).
    pub upper: f64,
    /// Confidence level of the interval, e.g. 0.95.
    pub conf_level: f64,
}

/// Result of Fisher's exact test.
#[derive(Debug, Clone, PartialEq)]
pub struct FisherResult {
    /// Two-sided p-value as R's `fisher.test` (1 when a margin is zero).
    /// Reported as 0 when it is below ~10⁻³⁰⁰ (underflow).
    pub p_value: PValue,
    /// Odds ratio and interval; not computable when a row or column total
    /// is zero (every table with those margins is the same table).
    pub odds_ratio: Result<OddsRatio, NotComputable>,
}

/// Fisher's exact test with a 95% interval for the odds ratio.
/// `table = [[a, b], [c, d]]`; the odds ratio is (a·d)/(b·c) in
/// conditional-MLE form. Errors: empty table, or a total above
/// [`MAX_TOTAL`].
pub fn fisher_exact(table: [[u64; 2]; 2]) -> Result<FisherResult, NotComputable> {
    fisher_exact_with_level(table, 0.95)
}

/// Fisher's exact test with a confidence interval at `conf_level`
/// (0 < level < 1) for the odds ratio.
pub fn fisher_exact_with_level(
    table: [[u64; 2]; 2],
    conf_level: f64,
) -> Result<FisherResult, NotComputable> {
    check_level(conf_level)?;
    let h = Hyper::from_table(table)?;
    if h.lo == h.hi {
        return Ok(FisherResult {
            p_value: PValue::Is(1.0),
            odds_ratio: Err(NotComputable::because(Reason::OddsRatioUndefined)),
        });
    }
    let p_value = PValue::from_tail(h.p_value())?;
    let alpha = (1.0 - conf_level) / 2.0;
    let odds_ratio = Ok(OddsRatio {
        estimate: h.mle()?,
        lower: h.ci_lower(alpha)?,
        upper: h.ci_upper(alpha)?,
        conf_level,
    });
    Ok(FisherResult {
        p_value,
        odds_ratio,
    })
}

/// One-sided p-values of Fisher's exact test, as R's
/// `fisher.test(alternative = "less" / "greater")`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneSided {
    /// P(X ≤ a): the odds ratio is below 1.
    pub less: f64,
    /// P(X ≥ a): the odds ratio is above 1.
    pub greater: f64,
}

/// Both one-sided p-values of Fisher's exact test for `[[a, b], [c, d]]`
/// (the tails of the central hypergeometric distribution of a). Papers
/// sometimes print one of them as "the" p-value; the audit of a published
/// table names it. Errors as [`fisher_exact`].
pub fn fisher_one_sided(table: [[u64; 2]; 2]) -> Result<OneSided, NotComputable> {
    let h = Hyper::from_table(table)?;
    if h.lo == h.hi {
        return Ok(OneSided {
            less: 1.0,
            greater: 1.0,
        });
    }
    let (less, greater) = h.one_sided()?;
    Ok(OneSided { less, greater })
}

/// Hypergeometric setting of R's `fisher.test`: `x` = a, `m` = first column
/// total, `n` = second column total, `k` = first row total.
#[derive(Debug, Clone, Copy)]
struct Hyper {
    x: u64,
    m: u64,
    n: u64,
    k: u64,
    lo: u64,
    hi: u64,
}

/// Accumulated window sums of a (noncentral) distribution, relative to the
/// weight at the start of the walk.
#[derive(Debug, Default)]
struct Sums {
    total: f64,
    /// Σ (y − x)·w.
    first_moment: f64,
    /// Σ_{y ≤ x} w.
    at_most_x: f64,
    /// Σ_{y ≥ x} w.
    at_least_x: f64,
}

impl Hyper {
    fn from_table(t: [[u64; 2]; 2]) -> Result<Self, NotComputable> {
        let [[a, b], [c, d]] = t;
        let too_big = || NotComputable::because(Reason::TooManyForExactTest);
        let m = a.checked_add(c).ok_or_else(too_big)?;
        let n = b.checked_add(d).ok_or_else(too_big)?;
        let k = a.checked_add(b).ok_or_else(too_big)?;
        let total = m.checked_add(n).ok_or_else(too_big)?;
        if total == 0 {
            return Err(NotComputable::because(Reason::NoPatients));
        }
        if total > MAX_TOTAL {
            return Err(too_big());
        }
        Ok(Hyper {
            x: a,
            m,
            n,
            k,
            lo: k.saturating_sub(n),
            hi: k.min(m),
        })
    }

    /// ln P(y+1) − ln P(y) for lo ≤ y < hi (central hypergeometric).
    fn log_ratio(&self, y: u64) -> f64 {
        let (y, k, m, n) = (y as u128, self.k as u128, self.m as u128, self.n as u128);
        let num = k.saturating_sub(y) * m.saturating_sub(y);
        // n − k + y + 1 ≥ 1 because y ≥ lo ≥ k − n.
        let den = (y + 1) * (n + y + 1).saturating_sub(k).max(1);
        let r = num as f64 / den as f64;
        if r > 0.5 && r < 2.0 {
            // Near the mode: ln(1 + (num − den)/den) without cancellation.
            let diff = num as i128 - den as i128;
            (diff as f64 / den as f64).ln_1p()
        } else {
            r.ln()
        }
    }

    /// Mode of the central distribution.
    fn mode(&self) -> u64 {
        let total = self.m as u128 + self.n as u128;
        let md = (self.k as u128 + 1) * (self.m as u128 + 1) / (total + 2);
        (md as u64).clamp(self.lo, self.hi)
    }

    /// Walks outward from `start` (log-weight 0) over the distribution with
    /// log-weights tilted by `tilt`·y (tilt = ln ψ), calling `f(y, lw)` for
    /// every visited y and stopping on each side once `lw < floor` (the
    /// weights are log-concave, so they only decrease further out).
    fn walk(&self, start: u64, tilt: f64, floor: f64, mut f: impl FnMut(u64, f64)) {
        f(start, 0.0);
        let mut acc = Neumaier::default();
        let mut y = start;
        while y < self.hi {
            acc.add(self.log_ratio(y) + tilt);
            y += 1;
            let lw = acc.value();
            if lw < floor {
                break;
            }
            f(y, lw);
        }
        let mut acc = Neumaier::default();
        let mut y = start;
        while y > self.lo {
            acc.add(-(self.log_ratio(y - 1) + tilt));
            y -= 1;
            let lw = acc.value();
            if lw < floor {
                break;
            }
            f(y, lw);
        }
    }

    /// Central log-weight of the observed table relative to the mode
    /// (same summation order as `walk`, so the values agree bit for bit).
    /// `None` if it is below `floor`.
    fn observed_log_weight(&self, mode: u64, floor: f64) -> Option<f64> {
        let mut acc = Neumaier::default();
        if self.x >= mode {
            for y in mode..self.x {
                acc.add(self.log_ratio(y));
                if acc.value() < floor {
                    return None;
                }
            }
        } else {
            for y in (self.x..mode).rev() {
                acc.add(-self.log_ratio(y));
                if acc.value() < floor {
                    return None;
                }
            }
        }
        Some(acc.value())
    }

    /// Two-sided p-value exactly as R: Σ P(y) over P(y) ≤ P(x)·(1 + 10⁻⁷).
    fn p_value(&self) -> f64 {
        let mode = self.mode();
        // Below e^-745 the p-value underflows f64 anyway.
        let Some(lw_obs) = self.observed_log_weight(mode, -800.0) else {
            return 0.0;
        };
        let threshold = lw_obs + (1e-7f64).ln_1p();
        let mut total = 0.0;
        let mut tail = 0.0;
        self.walk(mode, 0.0, lw_obs.min(0.0) - CUTOFF, |_, lw| {
            total += lw.exp();
            if lw <= threshold {
                tail += (lw - lw_obs).exp();
            }
        });
        if total <= 0.0 || tail <= 0.0 {
            return 0.0;
        }
        (lw_obs + tail.ln() - total.ln()).exp().clamp(0.0, 1.0)
    }

    /// The one-sided p-values (P(X ≤ x), P(X ≥ x)) under ψ = 1.
    ///
    /// The tail away from the mode is summed relative to P(x), like
    /// [`p_value`](Self::p_value), so a far tail keeps its relative
    /// precision (SciPy's suite has R's P(X ≥ 200) = 2.0e-122 for
    /// `[[200, 7], [8, 300]]`; a walk cut off e^60 below the mode returned
    /// 0). The side holding the mode is summed relative to the mode. A tail
    /// below e^-800 relative to the mode underflows `f64` and is 0.
    fn one_sided(&self) -> Result<(f64, f64), NotComputable> {
        let mode = self.mode();
        let x = self.x;
        let far_is_upper = x >= mode;
        let Some(lw_obs) = self.observed_log_weight(mode, -800.0) else {
            return Ok(if far_is_upper { (1.0, 0.0) } else { (0.0, 1.0) });
        };
        let (mut total, mut at_most, mut at_least, mut far) = (0.0, 0.0, 0.0, 0.0);
        self.walk(mode, 0.0, lw_obs.min(0.0) - CUTOFF, |y, lw| {
            let w = lw.exp();
            total += w;
            if y <= x {
                at_most += w;
            }
            if y >= x {
                at_least += w;
            }
            // Beyond x, away from the mode, every weight is ≤ P(x).
            if (far_is_upper && y >= x) || (!far_is_upper && y <= x) {
                far += (lw - lw_obs).exp();
            }
        });
        if total <= 0.0 || far <= 0.0 {
            return Err(NotComputable::because(Reason::NumericalFailure));
        }
        let far_p = (lw_obs + far.ln() - total.ln()).exp().clamp(0.0, 1.0);
        Ok(if far_is_upper {
            ((at_most / total).clamp(0.0, 1.0), far_p)
        } else {
            (far_p, (at_least / total).clamp(0.0, 1.0))
        })
    }

    /// Window sums of the noncentral distribution with ln ψ = `tilt`.
    fn noncentral(&self, tilt: f64) -> Sums {
        // Argmax of the tilted log-weights: first y with ratio·ψ ≤ 1
        // (the log-ratio decreases in y).
        let (mut a, mut b) = (self.lo, self.hi);
        while a < b {
            let mid = a + (b - a) / 2;
            if self.log_ratio(mid) + tilt <= 0.0 {
                b = mid;
            } else {
                a = mid + 1;
            }
        }
        let start = a;
        let x = self.x;
        let mut s = Sums::default();
        self.walk(start, tilt, -CUTOFF, |y, lw| {
            let w = lw.exp();
            s.total += w;
            s.first_moment += (y as f64 - x as f64) * w;
            if y <= x {
                s.at_most_x += w;
            }
            if y >= x {
                s.at_least_x += w;
            }
        });
        s
    }

    /// Solves `g(tilt) = 0` for a function increasing in tilt = ln ψ and
    /// returns ψ. `g` is negative for very small and positive for very
    /// large tilts whenever lo < x < hi (or the one-sided cases used).
    fn solve(&self, g: impl Fn(&Sums) -> f64) -> Result<f64, NotComputable> {
        let eval = |t: f64| {
            let s = self.noncentral(t);
            if s.total > 0.0 {
                g(&s)
            } else {
                0.0
            }
        };
        let fail = || NotComputable::because(Reason::OddsRatioNotFound);
        let mut lo = -1.0;
        while eval(lo) > 0.0 {
            lo *= 2.0;
            if lo < -4096.0 {
                return Err(fail());
            }
        }
        let mut hi = 1.0;
        while eval(hi) < 0.0 {
            hi *= 2.0;
            if hi > 4096.0 {
                return Err(fail());
            }
        }
        let tilt = super::special::bisect_increasing(eval, lo, hi);
        Ok(tilt.exp())
    }

    /// Conditional MLE: ψ with E[X; ψ] = x; 0 at x = lo, ∞ at x = hi.
    fn mle(&self) -> Result<f64, NotComputable> {
        if self.x == self.lo {
            return Ok(0.0);
        }
        if self.x == self.hi {
            return Ok(f64::INFINITY);
        }
        self.solve(|s| s.first_moment / s.total)
    }

    /// Lower limit: ψ with P(X ≥ x; ψ) = alpha; 0 at x = lo.
    fn ci_lower(&self, alpha: f64) -> Result<f64, NotComputable> {
        if self.x == self.lo {
            return Ok(0.0);
        }
        self.solve(|s| s.at_least_x / s.total - alpha)
    }

    /// Upper limit: ψ with P(X ≤ x; ψ) = alpha; ∞ at x = hi.
    fn ci_upper(&self, alpha: f64) -> Result<f64, NotComputable> {
        if self.x == self.hi {
            return Ok(f64::INFINITY);
        }
        self.solve(|s| alpha - s.at_most_x / s.total)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    type Case = ([[u64; 2]; 2], f64, f64, f64, f64);

    /// (table, p, conditional MLE odds ratio, 95% lower, 95% upper), each row
    /// from SciPy 1.17.1 with
    /// python3 -c "from scipy.stats import fisher_exact as f; from scipy.stats.contingency import odds_ratio as o; t=TABLE; r=o(t,kind='conditional'); c=r.confidence_interval(0.95); print(repr(f(t).pvalue), repr(r.statistic), repr(c.low), repr(c.high))"
    /// with TABLE replaced by the table in the row.
    #[rustfmt::skip]
    const CASES: [Case; 13] = [
        // study table 1: TABLE=[[5,2],[4,17]]
        ([[5, 2], [4, 17]], 0.01957535218404784, 9.499222894574695, 1.0922354841935922, 135.40589387660498),
        // study table 2: TABLE=[[7,8],[2,11]]
        ([[7, 8], [2, 11]], 0.11449275362318839, 4.544404289047167, 0.6309236239302874, 56.329398604691995),
        // study table 3: TABLE=[[4,11],[5,8]]
        ([[4, 11], [5, 8]], 0.6891304347826086, 0.5933481024695436, 0.08629889929461515, 3.7875640727137094),
        // study table 4: TABLE=[[5,10],[4,9]]
        ([[5, 10], [4, 9]], 1.0, 1.1202833770997653, 0.17497942804621064, 7.600188676673018),
        // study table 5: TABLE=[[3,11],[6,8]]
        ([[3, 11], [6, 8]], 0.4197101449275362, 0.3773370335458013, 0.046344944319401955, 2.441240974220889),
        // study table 6: TABLE=[[5,16],[4,3]]
        ([[5, 16], [4, 3]], 0.1652477956825783, 0.24896880835197135, 0.02629663591726597, 2.016462491176104),
        // study table 7: TABLE=[[5,17],[4,2]]
        ([[5, 17], [4, 2]], 0.06376811594202898, 0.16000082796251847, 0.011248592597231055, 1.4858922033361701),
        // study table 8: TABLE=[[1,7],[8,12]]
        ([[1, 7], [8, 12]], 0.2143508665247796, 0.22479760181515537, 0.00423471583144936, 2.351783689583605),
        // dose reduction: TABLE=[[15,4],[3,6]]
        ([[15, 4], [3, 6]], 0.03462624332189549, 6.8646764383627685, 0.9667690454457004, 64.22166489131818),
        // zero cells: TABLE=[[0,5],[5,0]] (SciPy: OR 0, CI [0, 0.435…])
        ([[0, 5], [5, 0]], 0.007936507936507938, 0.0, 0.0, 0.43534120574505614),
        // zero cell: TABLE=[[0,3],[2,4]]
        ([[0, 3], [2, 4]], 0.5000000000000001, 0.0, 0.0, 11.282856857085697),
        // zero cells, OR = inf: TABLE=[[12,0],[0,9]]
        ([[12, 0], [0, 9]], 3.4021705848331236e-06, f64::INFINITY, 12.086767794129758, f64::INFINITY),
        // large total 18000: TABLE=[[5000,4000],[3000,6000]]
        ([[5000, 4000], [3000, 6000]], 2.7682192582901084e-199, 2.499868424537464, 2.352340408604422, 2.656937969426776),
    ];

    #[test]
    fn matches_scipy() {
        for (table, p, or, lo, hi) in CASES {
            let r = fisher_exact(table).unwrap();
            assert_rel(r.p_value.value(), p, 1e-10);
            let o = r.odds_ratio.unwrap();
            assert_rel(o.estimate, or, 1e-8);
            assert_rel(o.lower, lo, 1e-8);
            assert_rel(o.upper, hi, 1e-8);
            assert_eq!(o.conf_level, 0.95);
        }
    }

    #[test]
    fn one_sided_tails_match_exact_rationals() {
        // Exact hypergeometric tails summed as fractions (Python's
        // fractions + math.comb; the script is in the audit's test notes):
        // less = Σ_{x ≤ a} C(m,x)C(n,k−x)/C(m+n,k), greater = Σ_{x ≥ a}.
        #[rustfmt::skip]
        let cases: [([[u64; 2]; 2], f64, f64); 5] = [
            ([[5, 2], [4, 17]], 0.998621668186886, 0.0195753521840478),
            ([[7, 8], [2, 11]], 0.987163561076605, 0.0855072463768116),
            ([[4, 11], [5, 8]], 0.396376811594203, 0.857971014492754),
            ([[1, 7], [8, 12]], 0.170223978919631, 0.975682288725767),
            ([[6, 3], [4, 15]], 0.997223066788284, 0.0275869058477754),
        ];
        for (table, less, greater) in cases {
            let r = fisher_one_sided(table).unwrap();
            assert_rel(r.less, less, 1e-12);
            assert_rel(r.greater, greater, 1e-12);
        }
        let r = fisher_one_sided([[0, 0], [3, 4]]).unwrap();
        assert_eq!((r.less, r.greater), (1.0, 1.0));
        assert!(fisher_one_sided([[0, 0], [0, 0]]).is_err());
    }

    /// Far one-sided tails keep their relative precision (they were 0 when
    /// the walk stopped e^60 below the mode). 40-digit sums of the
    /// hypergeometric probabilities (mpmath, mp.dps = 40):
    /// fsum(binomial(m,y)*binomial(n,k-y)/binomial(m+n,k) for y ≥ a), with
    /// m = a+c, n = b+d, k = a+b. R's values are in SciPy's suite
    /// (tests/reference_vectors/fisher.rs).
    #[test]
    // The references are printed with 20 digits, as computed.
    #[allow(clippy::excessive_precision)]
    fn far_one_sided_tails_are_not_zero() {
        #[rustfmt::skip]
        let cases: [([[u64; 2]; 2], f64, f64); 3] = [
            ([[200, 7], [8, 300]], 1.0, 2.0056578803889208846e-122),
            ([[28, 21], [6, 1957]], 1.0, 5.7284374608319220227e-44),
            ([[22, 0], [0, 102]], 1.0, 7.1750667862445207581e-25),
        ];
        for (table, less, greater) in cases {
            let r = fisher_one_sided(table).unwrap();
            assert_rel(r.less, less, 1e-12);
            assert_rel(r.greater, greater, 1e-10);
            // Mirrored table: the tails swap.
            let [[a, b], [c, d]] = table;
            let r = fisher_one_sided([[b, a], [d, c]]).unwrap();
            assert_rel(r.less, greater, 1e-10);
            assert_rel(r.greater, less, 1e-12);
        }
        // Beyond e^-800: 0 (below the smallest double), the other side 1.
        let r = fisher_one_sided([[5000, 0], [0, 5000]]).unwrap();
        assert_eq!((r.less, r.greater), (1.0, 0.0));
    }

    #[test]
    fn zero_margin_gives_p_one_and_no_odds_ratio() {
        // python3 -c "from scipy.stats import fisher_exact; print(fisher_exact([[0,0],[3,4]]))"
        // -> pvalue 1.0 (SciPy's OR is nan; R's is 0 with CI [0, Inf])
        let r = fisher_exact([[0, 0], [3, 4]]).unwrap();
        assert_eq!(r.p_value, PValue::Is(1.0));
        assert!(r.odds_ratio.is_err());
        // everyone in one group (second column empty):
        // python3 -c "from scipy.stats import fisher_exact; print(fisher_exact([[3,0],[7,0]]))" -> 1.0
        let r = fisher_exact([[3, 0], [7, 0]]).unwrap();
        assert_eq!(r.p_value, PValue::Is(1.0));
        assert_eq!(r.odds_ratio.unwrap_err().reason, Reason::OddsRatioUndefined);
    }

    #[test]
    fn empty_table_and_bad_level() {
        assert!(fisher_exact([[0, 0], [0, 0]]).is_err());
        assert!(fisher_exact_with_level([[1, 2], [3, 4]], 1.0).is_err());
        assert!(fisher_exact([[u64::MAX, 1], [1, 1]]).is_err());
    }

    #[test]
    fn other_confidence_level() {
        // python3 -c "from scipy.stats.contingency import odds_ratio as o; print(o([[5,2],[4,17]],kind='conditional').confidence_interval(0.9))"
        let o = fisher_exact_with_level([[5, 2], [4, 17]], 0.9)
            .unwrap()
            .odds_ratio
            .unwrap();
        assert_rel(o.lower, 1.4305409962765387, 1e-8);
        assert_rel(o.upper, 90.0816112046053, 1e-8);
    }

    #[test]
    fn million_patients_p_values_fast() {
        // Each p from: python3 -c "from scipy.stats import fisher_exact; print(repr(fisher_exact(TABLE).pvalue))"
        #[rustfmt::skip]
        let cases: [([[u64; 2]; 2], f64); 5] = [
            // TABLE=[[250000,249000],[248500,252500]]
            ([[250000, 249000], [248500, 252500]], 5.97441351834627e-07),
            // TABLE=[[250000,249000],[249000,251000]]
            ([[250000, 249000], [249000, 251000]], 0.0027041990369162357),
            // TABLE=[[1,999999],[10,999990]]
            ([[1, 999999], [10, 999990]], 0.011718535156468568),
            // TABLE=[[100,400000],[150,399850]]
            ([[100, 400000], [150, 399850]], 0.0015435233898058775),
            // TABLE=[[400000,100000],[100500,399500]] (underflows to 0.0 in SciPy)
            ([[400000, 100000], [100500, 399500]], 0.0),
        ];
        for (table, p) in cases {
            let r = fisher_exact(table).unwrap();
            assert_rel(r.p_value.value(), p, 1e-10);
            let o = r.odds_ratio.unwrap();
            assert!(o.lower < o.estimate && o.estimate < o.upper);
        }
    }

    #[test]
    fn large_tables_match_high_precision_reference() {
        // SciPy's own p for these tables is only good to ~1e-11; a 40-digit
        // mpmath sum (pip install mpmath) of exp(loggamma terms) over all tables
        // with probability <= observed*(1+1e-7) gives (printed to 20 digits:
        // 5.9744135184289406233e-7, 0.0027041990370850609484,
        // 0.0015435233896762434067, 2.7682192582901112279e-199):
        // python3 tests/reference/mpmath_fisher.py
        #[rustfmt::skip]
        let cases: [([[u64; 2]; 2], f64); 4] = [
            ([[250000, 249000], [248500, 252500]], 5.974413518428941e-7),
            ([[250000, 249000], [249000, 251000]], 0.002704199037085061),
            ([[100, 400000], [150, 399850]], 0.0015435233896762434),
            ([[5000, 4000], [3000, 6000]], 2.768219258290111e-199),
        ];
        for (table, p) in cases {
            assert_rel(fisher_exact(table).unwrap().p_value.value(), p, 1e-12);
        }
    }
}
