//! Cohen's kappa for two ratings of the same patients in k categories (the
//! site's recorded response against a derived one), with the large-sample
//! standard errors of Fleiss, Cohen & Everitt (Psychol Bull 1969;72:323),
//! as restated in Fleiss, Levin & Paik, *Statistical Methods for Rates and
//! Proportions*, 3rd ed. (2003), §18.1.
//!
//! With cell proportions p_ij, row and column margins p_i. and p_.j,
//! observed agreement p_o = Σ p_ii and chance agreement p_e = Σ p_i. p_.i,
//! κ = (p_o − p_e) / (1 − p_e). Two standard errors are needed, because the
//! variance depends on κ:
//!
//! - for the confidence interval, the non-null variance
//!   [Σ_i p_ii (1 − (p_i. + p_.i)(1 − κ))² + (1 − κ)² Σ_{i≠j} p_ij (p_.i +
//!   p_j.)² − (κ − p_e (1 − κ))²] / (n (1 − p_e)²);
//! - for the test of κ = 0, the null variance
//!   [p_e + p_e² − Σ_i p_i. p_.i (p_i. + p_.i)] / (n (1 − p_e)²).
//!
//! The interval is the Wald interval κ ± z·SE with z the normal quantile of
//! the level, limited to [−1, 1] (κ cannot leave that range; the limit only
//! applies when the large-sample interval overshoots, as it can with few
//! patients). R's `statpsych::ci.kappa` computes the same interval; its
//! documented example is a test below.
//!
//! Degenerate cases are values with a reason, never NaN: no patients
//! (`NoPatients`); both ratings in one and the same category, so chance
//! agreement is 1 and κ is 0/0 (`SingleCategory`); perfect agreement in
//! more than one category, where κ = 1 but the standard error is 0, so no
//! interval can be given (`PerfectAgreement` on the interval only); one
//! rating constant while the other varies, where κ = 0 but both variances
//! are 0 (`ConstantVariable` on the test and the interval).

use super::special::{check_level, normal_two_sided_p, z_two_sided};
use super::{NotComputable, Reason};

/// Cohen's kappa with its standard errors, test and interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Kappa {
    /// Patients (the table's total).
    pub n: u64,
    /// Observed agreement p_o (share on the diagonal).
    pub observed_agreement: f64,
    /// Agreement expected by chance p_e.
    pub expected_agreement: f64,
    /// κ.
    pub kappa: f64,
    /// Large-sample standard error (non-null), for the interval.
    pub se: f64,
    /// Standard error under κ = 0, for the test.
    pub se_null: f64,
    /// The test of κ = 0; not computable when one rating puts every
    /// patient in one category (`ConstantVariable`: the null standard
    /// error is 0, and κ is 0 then anyway).
    pub null_test: Result<NullTest, NotComputable>,
    /// Wald interval at `conf_level`, limited to [−1, 1]; not computable
    /// when the standard error is 0 (perfect agreement, or one rating
    /// constant).
    pub interval: Result<(f64, f64), NotComputable>,
    /// Confidence level, e.g. 0.95.
    pub conf_level: f64,
}

/// The large-sample z test of κ = 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NullTest {
    /// z = κ / SE under the null.
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// Cohen's kappa of a square table of counts, `table[i][j]` = patients in
/// category i by the first rating and j by the second.
///
/// Errors: a table that is not square (`UnequalLengths`), no patients,
/// a single shared category (`SingleCategory`), an invalid level.
pub fn cohen_kappa(table: &[Vec<u64>], conf_level: f64) -> Result<Kappa, NotComputable> {
    check_level(conf_level)?;
    let k = table.len();
    if table.iter().any(|row| row.len() != k) {
        return Err(NotComputable::because(Reason::UnequalLengths));
    }
    let n: u64 = table.iter().flatten().sum();
    if n == 0 {
        return Err(NotComputable::because(Reason::NoPatients));
    }
    let nf = n as f64;
    let p = |i: usize, j: usize| table[i][j] as f64 / nf;
    let row: Vec<f64> = (0..k).map(|i| (0..k).map(|j| p(i, j)).sum()).collect();
    let col: Vec<f64> = (0..k).map(|j| (0..k).map(|i| p(i, j)).sum()).collect();
    let po: f64 = (0..k).map(|i| p(i, i)).sum();
    let pe: f64 = (0..k).map(|i| row[i] * col[i]).sum();
    // p_e = 1 exactly when every patient is in one shared category (the
    // margins are then 1 and 1); allow for rounding in the sum.
    if 1.0 - pe <= 1e-12 {
        return Err(NotComputable::because(Reason::SingleCategory));
    }
    let kappa = (po - pe) / (1.0 - pe);
    let denom = nf * (1.0 - pe) * (1.0 - pe);
    let diagonal: f64 = (0..k)
        .map(|i| p(i, i) * (1.0 - (row[i] + col[i]) * (1.0 - kappa)).powi(2))
        .sum();
    let off: f64 = (0..k)
        .flat_map(|i| (0..k).map(move |j| (i, j)))
        .filter(|(i, j)| i != j)
        .map(|(i, j)| p(i, j) * (col[i] + row[j]).powi(2))
        .sum();
    let var =
        (diagonal + (1.0 - kappa).powi(2) * off - (kappa - pe * (1.0 - kappa)).powi(2)) / denom;
    // Rounding can leave a tiny negative variance at perfect agreement.
    let se = var.max(0.0).sqrt();
    let var0 = (pe + pe * pe
        - (0..k)
            .map(|i| row[i] * col[i] * (row[i] + col[i]))
            .sum::<f64>())
        / denom;
    let se_null = var0.max(0.0).sqrt();
    let null_test = if se_null > 1e-12 {
        let z = kappa / se_null;
        Ok(NullTest {
            z,
            p_value: normal_two_sided_p(z),
        })
    } else {
        Err(NotComputable::because(Reason::ConstantVariable))
    };
    let interval = if po >= 1.0 - 1e-12 {
        Err(NotComputable::because(Reason::PerfectAgreement))
    } else if se <= 1e-12 {
        // One rating constant: both variances vanish with κ = 0.
        Err(NotComputable::because(Reason::ConstantVariable))
    } else {
        let half = z_two_sided(1.0 - conf_level) * se;
        Ok(((kappa - half).max(-1.0), (kappa + half).min(1.0)))
    };
    Ok(Kappa {
        n,
        observed_agreement: po,
        expected_agreement: pe,
        kappa,
        se,
        se_null,
        null_test,
        interval,
        conf_level,
    })
}

/// The categories seen (sorted) and the square table of counts of pairs
/// (first rating, second rating), for [`cohen_kappa`].
pub fn table_from_pairs<T: Ord + Clone>(pairs: &[(T, T)]) -> (Vec<T>, Vec<Vec<u64>>) {
    let mut categories: Vec<T> = pairs
        .iter()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect();
    categories.sort();
    categories.dedup();
    let mut table = vec![vec![0u64; categories.len()]; categories.len()];
    for (a, b) in pairs {
        if let (Ok(i), Ok(j)) = (categories.binary_search(a), categories.binary_search(b)) {
            table[i][j] += 1;
        }
    }
    (categories, table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::testutil::assert_rel;

    #[test]
    fn statpsych_documented_example() {
        // R statpsych::ci.kappa(.05, 31, 12, 4, 58), documented output
        // (search: rdrr.io/cran/statpsych/man/ci.kappa.html):
        // Cohen kappa 0.6756757, SE 0.07344761, LL 0.5317210, UL 0.8196303.
        let k = cohen_kappa(&[vec![31, 12], vec![4, 58]], 0.95).unwrap();
        assert_rel(k.kappa, 0.6756757, 1e-7);
        assert_rel(k.se, 0.07344761, 1e-7);
        let (lo, hi) = k.interval.unwrap();
        assert_rel(lo, 0.5317210, 1e-7);
        assert_rel(hi, 0.8196303, 1e-7);
        // Null SE, z and p from the same formulas in mpmath at 40 digits
        // (python3 /tmp/kappa_ref.py, an independent implementation whose
        // κ, SE and limits reproduce statpsych's to all printed digits).
        assert_rel(k.se_null, 0.09629831789871922, 1e-12);
        let test = k.null_test.unwrap();
        assert_rel(test.z, 7.016484715613732, 1e-12);
        assert_rel(test.p_value, 2.2751977983271877e-12, 1e-9);
        assert_rel(k.observed_agreement, 89.0 / 105.0, 1e-15);
    }

    #[test]
    fn three_and_four_categories() {
        // Fleiss, Levin & Paik's diagnosis layout (3 categories, n = 100):
        // p_o = 0.89, p_e = 0.8·0.8 + 0.1·0.05 + 0.1·0.15 = 0.66,
        // κ = 0.23/0.34 = 0.67647…; SE, limits and the null SE from the
        // mpmath script above.
        let t = vec![vec![75, 1, 4], vec![5, 4, 1], vec![0, 0, 10]];
        let k = cohen_kappa(&t, 0.95).unwrap();
        assert_rel(k.expected_agreement, 0.66, 1e-14);
        assert_rel(k.kappa, 0.23 / 0.34, 1e-14);
        assert_rel(k.se, 0.08770295347521248, 1e-12);
        assert_rel(k.se_null, 0.07618725792346247, 1e-12);
        let (lo, hi) = k.interval.unwrap();
        assert_rel(lo, 0.5045759580860857, 1e-12);
        assert_rel(hi, 0.8483652183845025, 1e-12);
        // Four categories, as recorded vs derived response (RBC-TI, HI-E
        // minor, none, NE), n = 30.
        let t = vec![
            vec![10, 2, 0, 1],
            vec![1, 6, 1, 0],
            vec![0, 2, 3, 1],
            vec![0, 0, 1, 2],
        ];
        let k = cohen_kappa(&t, 0.95).unwrap();
        assert_rel(k.kappa, 0.5748031496062992, 1e-12);
        assert_rel(k.se, 0.11399349610401743, 1e-12);
        let (lo, hi) = k.interval.unwrap();
        assert_rel(lo, 0.3513800027706181, 1e-12);
        assert_rel(hi, 0.7982262964419803, 1e-12);
        assert_rel(k.null_test.unwrap().p_value, 2.477604980752494e-07, 1e-8);
    }

    #[test]
    fn degenerate_tables() {
        let reason = |t: &[Vec<u64>]| cohen_kappa(t, 0.95).unwrap_err().reason;
        assert_eq!(reason(&[]), Reason::NoPatients);
        assert_eq!(reason(&[vec![0, 0], vec![0, 0]]), Reason::NoPatients);
        assert_eq!(reason(&[vec![1, 2]]), Reason::UnequalLengths);
        // Everyone "none" by both: chance agreement 1, κ = 0/0.
        assert_eq!(reason(&[vec![0, 0], vec![0, 7]]), Reason::SingleCategory);
        assert_eq!(
            cohen_kappa(&[vec![1]], 1.0).unwrap_err().reason,
            Reason::InvalidConfidenceLevel
        );
        // Perfect agreement in two categories: κ = 1, SE 0, no interval.
        let k = cohen_kappa(&[vec![4, 0], vec![0, 6]], 0.95).unwrap();
        assert_eq!(k.kappa, 1.0);
        assert_eq!(k.se, 0.0);
        assert_eq!(k.interval.unwrap_err().reason, Reason::PerfectAgreement);
        assert!(k.null_test.unwrap().p_value < 0.01);
        // One rating constant, the other not: p_o = p_e = 3/8, κ = 0
        // (defined), but the null variance is 0.375 + 0.375² − 0.375·1·1.375
        // = 0, and the non-null one 0.375·0.375² + 0.625·0.375² − 0.375² = 0:
        // neither a test nor an interval.
        let k = cohen_kappa(&[vec![3, 0], vec![5, 0]], 0.95).unwrap();
        assert_eq!(k.kappa, 0.0);
        assert_eq!(k.null_test.unwrap_err().reason, Reason::ConstantVariable);
        assert_eq!(k.interval.unwrap_err().reason, Reason::ConstantVariable);
    }

    #[test]
    fn interval_is_limited_to_minus_one_one() {
        // n = 4: p_o = 0.75, p_e = 0.5, κ = 0.5, SE = 0.375 (mpmath
        // script), so the Wald limits are −0.23499 and 1.23499; the upper
        // one is limited to 1.
        let k = cohen_kappa(&[vec![2, 1], vec![0, 1]], 0.95).unwrap();
        assert_rel(k.se, 0.375, 1e-12);
        let (lo, hi) = k.interval.unwrap();
        assert_rel(lo, -0.23498649420252019, 1e-12);
        assert_eq!(hi, 1.0);
    }

    #[test]
    fn pairs_to_table() {
        let pairs = [("a", "a"), ("a", "b"), ("c", "a"), ("b", "b")];
        let (cats, t) = table_from_pairs(&pairs);
        assert_eq!(cats, vec!["a", "b", "c"]);
        assert_eq!(t, vec![vec![1, 1, 0], vec![0, 1, 0], vec![1, 0, 0]]);
    }
}
