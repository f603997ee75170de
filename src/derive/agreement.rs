//! A recorded value against a derived one, patient by patient: the cross
//! table, how many agree, Cohen's kappa with its interval, and every
//! disagreement (derivations.md: "counts, agreement, Cohen's kappa … and
//! every disagreement listed").
//!
//! Generic over the patient reference and the category, so the same
//! builder serves the response criteria (recorded `response` against IWG
//! 2000, or any criterion on the common responded / not / NE scale) and the
//! CTCAE grades (recorded `ae_*` grade against the derived grade). The
//! caller puts both ratings on one category type first; this module only
//! counts.

use crate::stats::kappa::{cohen_kappa, Kappa};
use crate::stats::NotComputable;

/// One patient whose recorded and derived values differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement<P, K> {
    /// The patient (whatever the caller identifies patients by).
    pub patient: P,
    /// As recorded.
    pub recorded: K,
    /// As derived.
    pub derived: K,
}

/// Recorded against derived for a set of patients.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement<P, K> {
    /// The categories, in table order.
    pub categories: Vec<K>,
    /// `table[recorded][derived]` patient counts.
    pub table: Vec<Vec<u64>>,
    /// Patients compared.
    pub n: u64,
    /// Patients on the diagonal.
    pub agreeing: u64,
    /// Cohen's kappa (recorded as the first rating).
    pub kappa: Result<Kappa, NotComputable>,
    /// Every patient off the diagonal, in input order.
    pub disagreements: Vec<Disagreement<P, K>>,
}

/// Compares recorded with derived values. `categories` fixes the table's
/// order and keeps categories nobody has as zero rows; a value not listed
/// is added after them (in its `Ord` order), never dropped.
pub fn agreement<P: Clone, K: Ord + Clone>(
    rows: &[(P, K, K)],
    categories: &[K],
    conf_level: f64,
) -> Agreement<P, K> {
    let mut cats: Vec<K> = categories.to_vec();
    let mut extra: Vec<K> = rows
        .iter()
        .flat_map(|(_, r, d)| [r.clone(), d.clone()])
        .filter(|k| !categories.contains(k))
        .collect();
    extra.sort();
    extra.dedup();
    cats.extend(extra);
    let index = |k: &K| cats.iter().position(|c| c == k).unwrap_or(0);
    let mut table = vec![vec![0u64; cats.len()]; cats.len()];
    let mut disagreements = Vec::new();
    for (p, r, d) in rows {
        table[index(r)][index(d)] += 1;
        if r != d {
            disagreements.push(Disagreement {
                patient: p.clone(),
                recorded: r.clone(),
                derived: d.clone(),
            });
        }
    }
    let n = rows.len() as u64;
    Agreement {
        kappa: cohen_kappa(&table, conf_level),
        agreeing: n - disagreements.len() as u64,
        n,
        categories: cats,
        table,
        disagreements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Reason;

    #[test]
    fn counts_kappa_and_disagreements() {
        // Recorded vs derived for 6 patients on the responded scale
        // (Some(true) responder, Some(false) not, None NE).
        let rows = [
            ("P1", Some(true), Some(true)),
            ("P2", Some(true), Some(false)),
            ("P3", Some(false), Some(false)),
            ("P4", None, None),
            ("P5", Some(true), Some(true)),
            ("P6", Some(false), Some(true)),
        ];
        let a = agreement(&rows, &[Some(true), Some(false), None], 0.95);
        assert_eq!(a.n, 6);
        assert_eq!(a.agreeing, 4);
        assert_eq!(a.table, vec![vec![2, 1, 0], vec![1, 1, 0], vec![0, 0, 1]]);
        assert_eq!(
            a.disagreements
                .iter()
                .map(|d| d.patient)
                .collect::<Vec<_>>(),
            vec!["P2", "P6"]
        );
        // p_o = 4/6; margins (3, 2, 1)/6 both ways: p_e = (9 + 4 + 1)/36 =
        // 14/36; κ = (24/36 − 14/36)/(22/36) = 10/22.
        let k = a.kappa.unwrap();
        assert!((k.kappa - 10.0 / 22.0).abs() < 1e-12);
    }

    #[test]
    fn unlisted_categories_are_added_and_empty_ones_kept() {
        let rows = [(1, 3u8, 3u8), (2, 4, 3)];
        let a = agreement(&rows, &[0, 1, 2, 3], 0.95);
        assert_eq!(a.categories, vec![0, 1, 2, 3, 4]);
        assert_eq!(a.table[4][3], 1);
        assert_eq!(a.table[0], vec![0; 5]);
        // Derived all 3: one rating constant, κ = 0 but no interval.
        let k = a.kappa.unwrap();
        assert_eq!(k.kappa, 0.0);
        assert_eq!(k.interval.unwrap_err().reason, Reason::ConstantVariable);
        let none: [(u8, u8, u8); 0] = [];
        let a = agreement(&none, &[0, 1], 0.95);
        assert_eq!(a.kappa.unwrap_err().reason, Reason::NoPatients);
    }
}
