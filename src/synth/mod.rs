//! Synthetic crf-v1 cohorts of any size, so every benchmark can be
//! reproduced by anyone: `lenalyze synth N --seed S`.
//!
//! A cohort is deterministic from its seed (a seeded `fastrand` generator,
//! never the clock) and as messy as a multi-site registry: each site spells
//! yes/no, sex and dates its own way and some cells differ from their site's
//! habit, optional cells are left empty or say `NA`/`unknown`, about one
//! patient in twelve fails an eligibility criterion, and the long sheets
//! (`labs`, `adverse_events`, `transfusions`, `dosing`) can replace the wide
//! lab and adverse-event columns. Every column the schema lists is written,
//! in the schema's order (see [`columns`]); what a column holds is decided in
//! [`cells`], by the column's name, so a column added to the schema is
//! written at once (empty until `cells` draws it).
//!
//! Behind the cargo feature `synth`, which the wasm builds leave out.
//! Writers take any `std::io::Write`; the core still opens no file.

mod cells;
mod long;
mod patient;
mod rng;
mod write;

pub use cells::Cell;
pub use write::{csv, xlsx, CsvSheets};

use crate::schema::{ColumnSpec, LabKind, LAB_KINDS, LAB_WEEKS, PATIENT_COLUMNS, STUDY_AE_TERMS};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Number of patients.
    pub patients: usize,
    /// Seed: the same seed gives the same cohort, byte for byte.
    pub seed: u64,
    /// Write labs and adverse events as long sheets (plus transfusion and
    /// dosing logs) instead of the wide `hb_wN`…, `ae_TERM` columns.
    pub long: bool,
}

/// The hospitals of the synthetic study (data values, like a real file's).
pub const SITES: &[&str] = &[
    "Asan Medical Center",
    "Seoul National University Hospital",
    "Samsung Medical Center",
    "Severance Hospital",
    "Seoul St. Mary's Hospital",
    "Chonnam National University Hwasun Hospital",
    "Kyungpook National University Hospital",
    "Pusan National University Hospital",
    "Chungnam National University Hospital",
    "Ajou University Hospital",
    "Korea University Anam Hospital",
    "Inha University Hospital",
];

/// Adverse events of lenalidomide beyond the study's Table 3 terms, so the
/// wide sheet carries 30 `ae_` columns as registries do.
pub const EXTRA_AE_TERMS: &[&str] = &[
    "nausea",
    "vomiting",
    "muscle_cramps",
    "peripheral_edema",
    "cough",
    "upper_respiratory_infection",
    "pneumonia",
    "back_pain",
    "arthralgia",
    "dizziness",
    "hypothyroidism",
];

/// The adverse-event terms of a synthetic cohort: the study's, then
/// [`EXTRA_AE_TERMS`].
pub fn ae_terms() -> Vec<&'static str> {
    STUDY_AE_TERMS
        .iter()
        .chain(EXTRA_AE_TERMS)
        .copied()
        .collect()
}

/// One column of the synthetic patients sheet.
#[derive(Debug, Clone, Copy)]
pub enum Column {
    /// A fixed column of the schema.
    Fixed(&'static ColumnSpec),
    /// A lab at a week (index into `LAB_WEEKS`).
    Lab(LabKind, usize),
    /// An adverse-event term (index into [`ae_terms`]).
    Ae(usize),
}

impl Column {
    /// The header as written (the canonical name).
    pub fn header(&self, terms: &[&str]) -> String {
        match self {
            Column::Fixed(spec) => spec.name.to_string(),
            Column::Lab(kind, w) => format!("{}_w{}", kind.prefix(), LAB_WEEKS[*w]),
            Column::Ae(t) => format!("ae_{}", terms[*t]),
        }
    }
}

/// The patients sheet's columns in template order: the schema's fixed
/// columns, then (unless the labs and adverse events go to long sheets) the
/// lab columns by week and the adverse-event columns.
pub fn columns(long: bool) -> Vec<Column> {
    let mut out: Vec<Column> = PATIENT_COLUMNS.iter().map(Column::Fixed).collect();
    if !long {
        for w in 0..LAB_WEEKS.len() {
            for (kind, ..) in LAB_KINDS {
                out.push(Column::Lab(*kind, w));
            }
        }
        out.extend((0..ae_terms().len()).map(Column::Ae));
    }
    out
}
