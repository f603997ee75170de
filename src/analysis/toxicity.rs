//! Table 3: adverse events by worst CTCAE grade in the safety population.

use super::values::Count;
use crate::model::{Obs, Patient};
use crate::schema::HEMATOLOGIC_AE_TERMS;
use serde::Serialize;

/// One adverse-event term.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToxicityRow {
    /// Term key (`deep_vein_thrombosis`): a study term the catalogue names,
    /// or the site's own term as written in its column or sheet.
    pub term: String,
    /// Hematologic or not.
    pub group: AeGroup,
    /// Patients by worst grade 0 (none) to 5.
    pub by_grade: [usize; 6],
    /// Any grade (1–5).
    pub any_grade: Count,
    /// Grade 3 or higher.
    pub grade_3_or_higher: Count,
    /// Patients whose grade is missing or unreadable.
    pub missing: usize,
}

/// Whether an adverse event is hematologic (Table 3 lists those first).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AeGroup {
    /// Neutropenia, thrombocytopenia, anemia, …
    Hematologic,
    /// Everything else.
    NonHematologic,
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
                group: if hematologic {
                    AeGroup::Hematologic
                } else {
                    AeGroup::NonHematologic
                },
                by_grade,
                any_grade: Count::new(any, n, missing),
                grade_3_or_higher: Count::new(severe, n, missing),
                missing,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.group
            .cmp(&b.group)
            .then(b.any_grade.n.cmp(&a.any_grade.n))
            .then(b.grade_3_or_higher.n.cmp(&a.grade_3_or_higher.n))
            .then(a.term.replace('_', " ").cmp(&b.term.replace('_', " ")))
    });
    Table3 {
        population: "safety",
        n,
        rows,
    }
}
