//! The `adverse_events` sheet: each patient's worst grade per term. The
//! sheet is the record: a term (of the sheet or of the wide `ae_` columns)
//! it gives a patient no row for is grade 0 for that patient, and a wide
//! grade it contradicts is named.

use super::{patient_location, Rows};
use crate::diagnostics::Diagnostics;
use crate::ingest::columns::ae_term;
use crate::ingest::values;
use crate::model::{Obs, Patient};
use crate::text::{keys, Message};
use std::collections::{BTreeSet, HashMap};

/// Merges the rows of an `adverse_events` sheet; returns the rows read.
pub(super) fn merge(rows: &Rows<'_>, patients: &mut [Patient], diags: &mut Diagnostics) -> usize {
    let cols = rows.cols;
    let mut worst: HashMap<(usize, String), u8> = HashMap::new();
    let rows_read = rows.each(diags, |r, p, _onset, diags| {
        let term_text = rows.cell(r, cols.term).display();
        // `AE: pruritus` as in a wide header, or plain `Pruritus`.
        let term = ae_term(&term_text).unwrap_or_else(|| {
            term_text
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("_")
        });
        let grade_cell = rows.cell(r, cols.grade);
        match values::grade(&grade_cell) {
            Some(g) if !term.is_empty() => {
                let e = worst.entry((p, term)).or_insert(0);
                *e = (*e).max(g);
            }
            _ if term.is_empty() => diags.warning(
                "missing-term",
                rows.at(r, cols.term, String::new()),
                Message::new(keys::DIAG_AE_ROW_WITHOUT_TERM),
            ),
            _ => diags.warning(
                "invalid-grade",
                rows.at(r, cols.grade, grade_cell.display()),
                Message::new(keys::DIAG_LONG_INVALID_GRADE).with("value", grade_cell.display()),
            ),
        }
    });
    // The sheet is the record: terms it does not list are grade 0.
    // Each term once (`worst` holds one entry per patient and term: taking
    // its keys whole made every patient's merge walk every patient's terms,
    // time quadratic in the cohort).
    let terms: BTreeSet<&str> = worst.keys().map(|(_, t)| t.as_str()).collect();
    for (p, patient) in patients.iter_mut().enumerate() {
        let mut contradicted = Vec::new();
        let all_terms: BTreeSet<String> = patient
            .adverse_events
            .terms()
            .map(|k| k.to_string())
            .chain(terms.iter().map(|t| t.to_string()))
            .collect();
        for term in all_terms {
            let g = worst.get(&(p, term.clone())).copied().unwrap_or(0);
            if let Some(Obs::Known(wide)) = patient.adverse_events.get(term.as_str()) {
                if *wide != g {
                    contradicted.push((term.replace('_', " "), *wide, g));
                }
            }
            patient.adverse_events.insert(term.into(), Obs::Known(g));
        }
        // One warning per term: each names its two grades.
        for (term, wide, sheet) in contradicted {
            diags.warning(
                "long-overrides-wide",
                patient_location(patient),
                Message::new(keys::DIAG_AE_SHEET_CONTRADICTS_WIDE)
                    .with("term", term)
                    .with("wide", wide)
                    .with("sheet", sheet),
            );
        }
    }
    rows_read
}
