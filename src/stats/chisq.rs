//! Pearson's chi-square test for a 2×2 table, as R's `chisq.test`.
//!
//! Design decision: Yates' continuity correction is an explicit argument
//! rather than a silent default, and it uses R's (and SciPy's) capped form
//! `(|O − E| − min(0.5, |O − E|))²/E`, so the correction can never flip the
//! sign of a deviation smaller than 0.5. The upper tail of χ²(1) is computed
//! as `erfc(√(X²/2))`, which keeps tiny p-values accurate.

use super::special::chisq1_upper;
use super::{NotComputable, PValue, Reason};

/// Result of a 2×2 chi-square test.
#[derive(Debug, Clone, PartialEq)]
pub struct ChiSquareResult {
    /// Pearson's X² statistic (continuity-corrected if `yates`).
    pub statistic: f64,
    /// Degrees of freedom (always 1 for a 2×2 table).
    pub df: u32,
    /// Upper-tail p-value of χ²(1).
    pub p_value: PValue,
    /// Whether Yates' continuity correction was applied.
    pub yates: bool,
    /// Expected counts under independence, `[[E_a, E_b], [E_c, E_d]]`
    /// (useful for the "expected count below 5" warning).
    pub expected: [[f64; 2]; 2],
}

/// Chi-square test of independence on `table = [[a, b], [c, d]]`, with
/// (`yates = true`, R's `chisq.test` default) or without continuity
/// correction.
///
/// Errors: a zero row or column total (an expected count of zero).
pub fn chisq_2x2(table: [[u64; 2]; 2], yates: bool) -> Result<ChiSquareResult, NotComputable> {
    let [[a, b], [c, d]] = table.map(|row| row.map(|v| v as f64));
    let rows = [a + b, c + d];
    let cols = [a + c, b + d];
    let total = rows[0] + rows[1];
    if total == 0.0 {
        return Err(NotComputable::because(Reason::NoPatients));
    }
    if rows.contains(&0.0) || cols.contains(&0.0) {
        return Err(NotComputable::because(Reason::ZeroMargin));
    }
    let expected = [
        [rows[0] * cols[0] / total, rows[0] * cols[1] / total],
        [rows[1] * cols[0] / total, rows[1] * cols[1] / total],
    ];
    let observed = [[a, b], [c, d]];
    // For a 2×2 table |O − E| is the same in every cell.
    let dev = (a - expected[0][0]).abs();
    let correction = if yates { dev.min(0.5) } else { 0.0 };
    let mut statistic = 0.0;
    for (orow, erow) in observed.iter().zip(expected.iter()) {
        for (o, e) in orow.iter().zip(erow.iter()) {
            let d = (o - e).abs() - correction;
            statistic += d * d / e;
        }
    }
    if !statistic.is_finite() {
        return Err(NotComputable::because(Reason::TooLarge));
    }
    Ok(ChiSquareResult {
        statistic,
        df: 1,
        p_value: PValue::from_tail(chisq1_upper(statistic))?,
        yates,
        expected,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    /// (table, Yates?, X², p), each row from SciPy 1.17.1:
    /// python3 -c "from scipy.stats import chi2_contingency as c; r=c(TABLE, correction=YATES); print(repr(r.statistic), repr(r.pvalue), r.dof)"
    #[rustfmt::skip]
    const CASES: [([[u64; 2]; 2], bool, f64, f64); 12] = [
        // TABLE=[[5,2],[4,17]], YATES=True / False
        ([[5, 2], [4, 17]], true, 4.421052631578948, 0.03549813132066249),
        ([[5, 2], [4, 17]], false, 6.604288499025341, 0.010173344627846982),
        // TABLE=[[15,4],[3,6]], YATES=True / False
        ([[15, 4], [3, 6]], true, 3.7260558804418453, 0.05356974793308345),
        ([[15, 4], [3, 6]], false, 5.534502923976609, 0.018645061174217322),
        // TABLE=[[7,8],[2,11]], YATES=True / False
        ([[7, 8], [2, 11]], true, 1.8549107812265715, 0.1732133199863167),
        ([[7, 8], [2, 11]], false, 3.1245464087569355, 0.07712133173764905),
        // TABLE=[[0,5],[5,0]], YATES=True / False
        ([[0, 5], [5, 0]], true, 6.4, 0.01141203638600166),
        ([[0, 5], [5, 0]], false, 10.0, 0.001565402258002549),
        // TABLE=[[5000,4000],[3000,6000]], YATES=True / False
        ([[5000, 4000], [3000, 6000]], true, 899.1002250000001, 1.5396468366425203e-197),
        ([[5000, 4000], [3000, 6000]], false, 900.0, 9.813427854296455e-198),
        // |O−E| < 0.5, so the capped correction makes X² = 0: TABLE=[[10,11],[10,10]]
        ([[10, 11], [10, 10]], true, 0.0, 1.0),
        ([[10, 11], [10, 10]], false, 0.02324263038548757, 0.8788278129295307),
    ];

    #[test]
    fn matches_scipy() {
        for (table, yates, stat, p) in CASES {
            let r = chisq_2x2(table, yates).unwrap();
            assert_rel(r.statistic, stat, 1e-12);
            assert_rel(r.p_value.value(), p, 1e-10);
            assert_eq!((r.df, r.yates), (1, yates));
        }
    }

    #[test]
    fn expected_counts() {
        // python3 -c "from scipy.stats import chi2_contingency as c; print(c([[5,2],[4,17]]).expected_freq)"
        let e = chisq_2x2([[5, 2], [4, 17]], true).unwrap().expected;
        assert_rel(e[0][0], 2.25, 1e-14);
        assert_rel(e[1][1], 14.25, 1e-14);
    }

    #[test]
    fn zero_margin_not_computable() {
        assert!(chisq_2x2([[0, 0], [3, 4]], true).is_err());
        assert!(chisq_2x2([[3, 0], [7, 0]], false).is_err());
        assert!(chisq_2x2([[0, 0], [0, 0]], false).is_err());
    }
}
