//! A long sheet's header row to its typed columns.
//!
//! Each header is compared with the sheet's schema columns (canonical name
//! or alias; in a `labs` sheet, any word the patients sheet accepts for a
//! lab too) and lands in the slot of its [`LongField`], matched
//! exhaustively: a field added to the schema has no slot, and does not
//! compile, until it is read. A header twice is an error, an unknown one a
//! warning, and a missing required column an error that stops this sheet.

use crate::diagnostics::Diagnostics;
use crate::ingest::redcap;
use crate::ingest::sheet::Sheet;
use crate::ingest::words;
use crate::schema::{normalize_header, normalize_token, LabKind, LongField, LongKind, LAB_KINDS};
use crate::text::{keys, Message};
use std::collections::BTreeMap;

/// Where each field of a long sheet is (its column index).
#[derive(Debug, Default)]
pub(super) struct LongColumns {
    pub(super) patient_id: Option<usize>,
    pub(super) date: Option<usize>,
    /// Each lab's column and the unit in its header, in [`LabKind`] order.
    pub(super) labs: BTreeMap<LabKind, (usize, Option<String>)>,
    pub(super) term: Option<usize>,
    pub(super) grade: Option<usize>,
    pub(super) onset_date: Option<usize>,
    pub(super) units: Option<usize>,
    pub(super) pre_hb: Option<usize>,
    pub(super) dose_mg: Option<usize>,
    pub(super) schedule: Option<usize>,
    pub(super) reason: Option<usize>,
    /// The fields found, in header order.
    mapped: Vec<LongField>,
}

impl LongColumns {
    /// Whether a field has its column.
    fn has(&self, field: LongField) -> bool {
        self.mapped.contains(&field)
    }

    /// Puts a column in its field's slot.
    fn place(&mut self, field: LongField, index: usize, unit: Option<String>) {
        self.mapped.push(field);
        let slot = match field {
            LongField::Lab(kind) => {
                self.labs.insert(kind, (index, unit));
                return;
            }
            LongField::PatientId => &mut self.patient_id,
            LongField::Date => &mut self.date,
            LongField::Term => &mut self.term,
            LongField::Grade => &mut self.grade,
            LongField::OnsetDate => &mut self.onset_date,
            LongField::Units => &mut self.units,
            LongField::PreHb => &mut self.pre_hb,
            LongField::DoseMg => &mut self.dose_mg,
            LongField::Schedule => &mut self.schedule,
            LongField::Reason => &mut self.reason,
        };
        *slot = Some(index);
    }
}

/// Maps a long sheet's headers to its fields; `None` (after an error for
/// each) when a required column is missing.
pub(super) fn map_long_columns(
    sheet: &Sheet,
    kind: LongKind,
    diags: &mut Diagnostics,
) -> Option<LongColumns> {
    let spec = kind.spec();
    let mut cols = LongColumns::default();
    let loc = |col: usize| sheet.header_location(Some(col));
    for (index, header) in sheet.header.iter().enumerate() {
        let (norm, unit) = normalize_header(header);
        let lab_word = LAB_KINDS
            .iter()
            .find(|(_, _, words, _)| words.iter().any(|w| normalize_token(w) == norm))
            .map(|l| l.0);
        let found = spec.columns.iter().find(|c| {
            normalize_token(c.name) == norm
                || c.aliases.iter().any(|a| normalize_token(a) == norm)
                || lab_word.is_some_and(|lab| c.field == LongField::Lab(lab))
        });
        match found {
            Some(column) if cols.has(column.field) => diags.error(
                "duplicate-column",
                loc(index),
                Message::new(keys::DIAG_LONG_DUPLICATE_COLUMN)
                    .with("sheet", spec.name)
                    .with("column", column.name),
            ),
            Some(column) => cols.place(column.field, index, unit),
            None if header.trim().is_empty() => {}
            None => diags.warning(
                "ignored-column",
                loc(index),
                Message::new(keys::DIAG_LONG_UNKNOWN_COLUMN)
                    .with("column", header)
                    .with("sheet", spec.name),
            ),
        }
    }
    let mut ok = true;
    for column in spec.columns {
        if column.required && !cols.has(column.field) {
            ok = false;
            let at = sheet.header_location(None);
            let name = column.name;
            diags.error(
                "missing-column",
                at,
                match words::long_column_meaning(spec.name, name) {
                    Some(meaning) => {
                        Message::new(keys::DIAG_LONG_MISSING_COLUMN).with_key("meaning", meaning)
                    }
                    None => Message::new(keys::DIAG_LONG_MISSING_COLUMN_PLAIN),
                }
                .with("sheet", spec.name)
                // A sheet read from a REDCap export names the REDCap field
                // (`lab_date`), which is what the user can add there.
                .with(
                    "column",
                    match &sheet.origin {
                        Some(_) => redcap::names::long_field(spec.name, name)
                            .unwrap_or_else(|| name.to_string()),
                        None => name.to_string(),
                    },
                ),
            );
        }
    }
    ok.then_some(cols)
}
