//! Table 3: adverse events by worst CTCAE grade in the safety population.

use super::values::Count;
use crate::model::{Obs, Patient};
use crate::schema::HEMATOLOGIC_AE_TERMS;
use serde::Serialize;

/// One adverse-event term.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToxicityRow {
    /// Term key (`deep_vein_thrombosis`).
    pub term: String,
    /// Term in words (`deep vein thrombosis`).
    pub label: String,
    /// `hematologic` or `non-hematologic`.
    pub group: &'static str,
    /// Patients by worst grade 0 (none) to 5.
    pub by_grade: [usize; 6],
    /// Any grade (1–5).
    pub any_grade: Count,
    /// Grade 3 or higher.
    pub grade_3_or_higher: Count,
    /// Patients whose grade is missing or unreadable.
    pub missing: usize,
}

/// Table 3.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table3 {
    /// Population.
    pub population: &'static str,
    /// N.
    pub n: usize,
    /// Rows: hematologic first, then by any-grade count, grade ≥ 3 count, name.
    pub rows: Vec<ToxicityRow>,
}

/// Builds Table 3 for the given terms.
pub fn build(safety: &[&Patient], terms: &[String]) -> Table3 {
    let n = safety.len();
    let mut rows: Vec<ToxicityRow> = terms
        .iter()
        .map(|term| {
            let mut by_grade = [0usize; 6];
            let mut missing = 0;
            for p in safety {
                match p.worst_grade(term) {
                    Obs::Known(g) => by_grade[usize::from(g.min(5))] += 1,
                    _ => missing += 1,
                }
            }
            let any: usize = by_grade[1..].iter().sum();
            let severe: usize = by_grade[3..].iter().sum();
            let hematologic = HEMATOLOGIC_AE_TERMS.contains(&term.as_str());
            ToxicityRow {
                term: term.clone(),
                label: term.replace('_', " "),
                group: if hematologic {
                    "hematologic"
                } else {
                    "non-hematologic"
                },
                by_grade,
                any_grade: Count::new(any, n, missing),
                grade_3_or_higher: Count::new(severe, n, missing),
                missing,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.group != "hematologic")
            .cmp(&(b.group != "hematologic"))
            .then(b.any_grade.n.cmp(&a.any_grade.n))
            .then(b.grade_3_or_higher.n.cmp(&a.grade_3_or_higher.n))
            .then(a.label.cmp(&b.label))
    });
    Table3 {
        population: "safety",
        n,
        rows,
    }
}
