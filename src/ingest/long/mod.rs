//! Long sheets (`labs`, `adverse_events`, `transfusions`, `dosing`): one row
//! per event, merged into the patients.
//!
//! A long sheet is the better record when a site keeps one, so it wins over
//! wide columns, and every wide value it overrides or contradicts is named in
//! a warning. Lab dates are assigned to nominal weeks with the study's
//! windows; a value outside every window is kept out of the weekly figures
//! and counted, never silently dropped.
//!
//! Here: which sheet is which, and what every kind does with a row (find
//! its patient, read its date). The header goes to typed columns in
//! `columns`; each kind's rows in their own module: `labs` (units, windows
//! in `windows`), `adverse_events`, and `logs` (transfusions and dosing).

mod adverse_events;
mod columns;
mod labs;
mod logs;
mod windows;

use super::sheet::{CellRef, Sheet};
use super::units::UnitConversion;
use super::values;
use crate::date::Date;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::Patient;
use crate::schema::{normalize_header, normalize_token};
use crate::text::{keys, Message};
use columns::LongColumns;
use std::collections::{BTreeMap, HashMap};

pub use windows::assign_week;

pub use crate::schema::LongKind;

impl LongKind {
    /// Recognizes a sheet or file name.
    pub fn from_name(name: &str) -> Option<LongKind> {
        let n = normalize_token(name);
        if n == "labs" || n == "lab" || n.ends_with("labs") || n == "laboratory" {
            Some(LongKind::Labs)
        } else if n == "adverseevents"
            || n == "ae"
            || n == "aes"
            || n.ends_with("adverseevents")
            || n == "toxicity"
        {
            Some(LongKind::AdverseEvents)
        } else if n.starts_with("transfusion") || n.ends_with("transfusions") {
            Some(LongKind::Transfusions)
        } else if n == "dosing" || n.ends_with("dosing") || n == "doses" {
            Some(LongKind::Dosing)
        } else {
            None
        }
    }

    /// Recognizes a long sheet from its headers, for CSV files named otherwise.
    pub fn from_headers(header: &[String]) -> Option<LongKind> {
        let names: Vec<String> = header.iter().map(|h| normalize_header(h).0).collect();
        let has = |n: &str| names.iter().any(|h| h == n);
        let has_date = has("date") || has("onsetdate");
        let has_id = has("patientid") || has("id");
        if !has_id {
            return None;
        }
        if has("term") && has("grade") {
            Some(LongKind::AdverseEvents)
        } else if has_date && has("units") {
            Some(LongKind::Transfusions)
        } else if has_date && (has("dosemg") || has("dose")) {
            Some(LongKind::Dosing)
        } else if has_date && ["hb", "hgb", "anc", "plt", "alc"].iter().any(|n| has(n)) {
            Some(LongKind::Labs)
        } else {
            None
        }
    }
}

/// Counts from merging long sheets, for the report.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct LongSheetSummary {
    /// Long sheets read, by kind: rows read.
    pub rows_read: BTreeMap<String, usize>,
    /// Lab values outside every nominal-week window (kept, not assigned).
    pub labs_outside_windows: usize,
    /// Lab values assigned to a nominal week.
    pub labs_assigned: usize,
}

/// Merges one long sheet into the patients.
pub fn merge(
    sheet: &Sheet,
    kind: LongKind,
    patients: &mut [Patient],
    summary: &mut LongSheetSummary,
    conversions: &mut Vec<UnitConversion>,
    diags: &mut Diagnostics,
) {
    let Some(cols) = columns::map_long_columns(sheet, kind, diags) else {
        return;
    };
    let rows = Rows {
        sheet,
        kind,
        cols: &cols,
        index_of: patients
            .iter()
            .enumerate()
            .map(|(i, p)| (p.patient_id.clone(), i))
            .collect(),
    };
    let rows_read = match kind {
        LongKind::Labs => labs::merge(&rows, patients, summary, conversions, diags),
        LongKind::AdverseEvents => adverse_events::merge(&rows, patients, diags),
        LongKind::Transfusions => logs::merge_transfusions(&rows, patients, diags),
        LongKind::Dosing => logs::merge_dosing(&rows, patients, diags),
    };
    summary
        .rows_read
        .insert(kind.sheet_name().to_string(), rows_read);
}

/// The rows of one long sheet, with what every kind does with a row.
struct Rows<'a> {
    sheet: &'a Sheet,
    kind: LongKind,
    cols: &'a LongColumns,
    /// Patient ID → index among the patients.
    index_of: HashMap<String, usize>,
}

impl Rows<'_> {
    /// A cell of a row, in a column the sheet may not have.
    fn cell(&self, r: usize, col: Option<usize>) -> CellRef<'_> {
        col.map_or(CellRef::Empty, |c| self.sheet.cell(r, c))
    }

    /// A cell of a row as a number (a decimal comma where the file uses
    /// one).
    fn number(&self, r: usize, col: Option<usize>) -> Option<f64> {
        values::number(&self.cell(r, col), self.sheet.decimal_comma)
    }

    /// The text of a cell that holds a value (not empty, not written as
    /// unknown).
    fn present_text(&self, r: usize, col: Option<usize>) -> Option<String> {
        let cell = self.cell(r, col);
        (values::presence(&cell) == values::Presence::Present).then(|| cell.display())
    }

    /// Warns that a row's cell cannot be read, naming the cell and its
    /// value.
    fn invalid(
        &self,
        diags: &mut Diagnostics,
        r: usize,
        col: Option<usize>,
        why: crate::text::Key,
    ) {
        diags.warning(
            "invalid-value",
            self.at(r, col, self.cell(r, col).display()),
            Message::new(why),
        );
    }

    /// A row at a column, for a diagnostic.
    fn at(&self, r: usize, col: Option<usize>, value: String) -> Location {
        Location {
            file: self.sheet.file.clone(),
            sheet: self.sheet.sheet_name.clone(),
            row: Some(self.sheet.row_number(r)),
            column: col.and_then(|c| self.sheet.header.get(c).cloned()),
            column_letter: col.map(|c| self.sheet.column_letter(c)),
            value: (!value.is_empty()).then_some(value),
            patient_id: None,
            redcap: None,
        }
    }

    /// Calls `row(r, patient, date, diags)` for every filled row of a known
    /// patient, and returns how many filled rows there were. A row of an
    /// unknown patient is a warning; so is an unreadable date, which skips
    /// the row, except an adverse event's onset date, which is optional and
    /// then taken as not given.
    fn each(
        &self,
        diags: &mut Diagnostics,
        mut row: impl FnMut(usize, usize, Option<Date>, &mut Diagnostics),
    ) -> usize {
        let mut rows_read = 0;
        for r in 0..self.sheet.n_rows() {
            if self.sheet.row_is_blank(r) {
                continue;
            }
            rows_read += 1;
            let id = self.cell(r, self.cols.patient_id).display();
            let Some(&p) = self.index_of.get(&id) else {
                diags.warning(
                    "unknown-patient",
                    self.at(r, self.cols.patient_id, id.clone()),
                    Message::new(keys::DIAG_UNKNOWN_PATIENT)
                        .with("id", &id)
                        .with("sheet", self.kind.sheet_name()),
                );
                continue;
            };
            let adverse_event = self.kind == LongKind::AdverseEvents;
            let date_col = if adverse_event {
                self.cols.onset_date
            } else {
                self.cols.date
            };
            let date_cell = self.cell(r, date_col);
            let date = match values::date(&date_cell) {
                Some(values::DateReading::Exact(d) | values::DateReading::DayFirstOnly(d)) => {
                    Some(d)
                }
                _ if date_cell.is_blank() => None,
                _ => {
                    if !adverse_event {
                        diags.warning(
                            "invalid-date",
                            self.at(r, self.cols.date, date_cell.display()),
                            Message::new(keys::DIAG_LONG_INVALID_DATE),
                        );
                        continue;
                    }
                    None
                }
            };
            row(r, p, date, diags);
        }
        rows_read
    }
}

/// A patient's row in the patients sheet, for what a long sheet changed.
fn patient_location(p: &Patient) -> Location {
    Location {
        file: p.source.file.clone(),
        sheet: p.source.sheet.clone(),
        row: Some(p.source.row),
        patient_id: Some(p.patient_id.clone()),
        ..Location::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            LongKind::from_name("Adverse Events"),
            Some(LongKind::AdverseEvents)
        );
        assert_eq!(LongKind::from_name("site03_labs"), Some(LongKind::Labs));
        assert_eq!(LongKind::from_name("patients"), None);
    }
}
