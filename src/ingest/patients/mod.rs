//! The patients sheet to typed [`Patient`]s.
//!
//! Work goes column by column, not row by row, because some rules are
//! decisions about a whole column: whether `05/06/2019` is day-first, whether
//! a lab is in g/L. So the steps are: find the rows that hold a patient
//! (here), map the headers to fields (`header`), decode each column into a
//! typed column in one pass (`decode`), place it on the patients by its
//! field, matched exhaustively (`fields`; the week-by-week labs, whose unit
//! is decided per column, in `labs`), and finally derive and check across
//! columns (`checks`). All problems of the file are collected, so the user
//! fixes them in one round.

mod checks;
mod decode;
mod fields;
mod header;
mod labs;

use super::columns::FieldKey;
use super::sheet::{CellRef, Sheet};
use super::values::{self, Presence};
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{AdverseEvents, Obs, Patient, RowRef};
use crate::schema::{Field, LabKind};
use crate::text::{keys, Message};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub use super::units::UnitConversion;

pub(in crate::ingest) use decode::invalid_lab_value;

/// What reading the patients sheet produced.
#[derive(Debug, Default)]
pub struct PatientsSheet {
    /// Patients in file order.
    pub patients: Vec<Patient>,
    /// Unit conversions applied.
    pub unit_conversions: Vec<UnitConversion>,
    /// Headers that were ignored.
    pub ignored_columns: Vec<String>,
    /// Canonical names of the columns found.
    pub mapped_columns: Vec<String>,
    /// Adverse-event terms with a column.
    pub ae_terms: Vec<String>,
    /// Counts of empty and explicitly unknown cells per canonical column.
    pub missing: BTreeMap<String, (usize, usize)>,
}

/// A mapped column.
struct Column {
    key: FieldKey,
    index: usize,
    unit: Option<String>,
}

/// The patients' rows of the sheet, for reading a column and locating
/// diagnostics.
struct Ctx<'a> {
    sheet: &'a Sheet,
    rows: &'a [usize],
    ids: &'a [String],
}

impl Ctx<'_> {
    fn at(&self, patient: usize, col: usize, value: &str) -> Location {
        self.at_column(patient, Some(col), value)
    }

    /// A patient's row, at a column the sheet may not have: without one the
    /// location names no column (and no letter: a missing column is not
    /// column A).
    fn at_column(&self, patient: usize, col: Option<usize>, value: &str) -> Location {
        let row = self.rows.get(patient).copied().unwrap_or(0);
        Location {
            file: self.sheet.file.clone(),
            sheet: self.sheet.sheet_name.clone(),
            row: Some(self.sheet.row_number(row)),
            column: col.and_then(|c| self.sheet.header.get(c).cloned()),
            column_letter: col.map(|c| self.sheet.column_letter(c)),
            value: (!value.is_empty()).then(|| value.to_string()),
            patient_id: self.ids.get(patient).cloned(),
            redcap: None,
        }
    }

    fn header_at(&self, col: usize) -> Location {
        Location {
            file: self.sheet.file.clone(),
            sheet: self.sheet.sheet_name.clone(),
            row: Some(self.sheet.header_row_number()),
            column: self.sheet.header.get(col).cloned(),
            column_letter: Some(self.sheet.column_letter(col)),
            ..Location::default()
        }
    }

    fn cell(&self, patient: usize, col: usize) -> CellRef<'_> {
        self.rows
            .get(patient)
            .map_or(CellRef::Empty, |&r| self.sheet.cell(r, col))
    }
}

/// Whether a long `labs` sheet accompanies this sheet (then baseline lab
/// columns are not required here).
#[derive(Debug, Clone, Copy, Default)]
pub struct Companions {
    /// A `labs` long sheet is present.
    pub has_labs_sheet: bool,
}

/// Reads the patients sheet.
pub fn read(sheet: &Sheet, companions: Companions, diags: &mut Diagnostics) -> PatientsSheet {
    let mut out = PatientsSheet::default();
    let columns = header::map_columns(sheet, companions, &mut out, diags);
    let Some(id_col) = columns
        .iter()
        .find(|c| c.key == FieldKey::Fixed(Field::PatientId))
        .map(|c| c.index)
    else {
        return out;
    };
    let (rows, ids) = patient_rows(sheet, id_col, diags);
    if rows.is_empty() {
        diags.error(
            "no-patients",
            Location {
                file: sheet.file.clone(),
                sheet: sheet.sheet_name.clone(),
                ..Location::default()
            },
            Message::new(keys::DIAG_NO_PATIENTS),
        );
        return out;
    }
    let mut patients: Vec<Patient> = rows
        .iter()
        .zip(&ids)
        .map(|(&r, id)| {
            Patient::new(
                id.clone(),
                RowRef {
                    file: sheet.file.clone(),
                    sheet: sheet.sheet_name.clone(),
                    row: sheet.row_number(r),
                },
            )
        })
        .collect();
    let ctx = Ctx {
        sheet,
        rows: &rows,
        ids: &ids,
    };

    let mut lab_columns: BTreeMap<LabKind, Vec<&Column>> = BTreeMap::new();
    let mut adverse_events: Vec<(Arc<str>, Vec<Obs<u8>>)> = Vec::new();
    for column in &columns {
        let missing = match &column.key {
            FieldKey::Fixed(field) => {
                fields::read_fixed(&ctx, *field, column.index, &mut patients, diags)
            }
            FieldKey::Lab(kind, _) => {
                // Counted as the lab is read, below.
                lab_columns.entry(*kind).or_default().push(column);
                continue;
            }
            FieldKey::Ae(term) => {
                out.ae_terms.push(term.clone());
                let grades = fields::read_adverse_event(&ctx, column.index, diags);
                let missing = Missing::of(&grades);
                adverse_events.push((Arc::from(term.as_str()), grades));
                missing
            }
        };
        missing.add_to(&mut out.missing, &column.key);
    }
    place_adverse_events(adverse_events, &mut patients);
    for (kind, cols) in lab_columns {
        let missing = labs::read_labs(
            &ctx,
            kind,
            &cols,
            &mut patients,
            &mut out.unit_conversions,
            diags,
        );
        for (column, missing) in cols.iter().zip(missing) {
            missing.add_to(&mut out.missing, &column.key);
        }
    }
    checks::derive_and_check(&ctx, &columns, &mut patients, diags);
    out.patients = patients;
    out
}

/// Gives each patient the grades of the sheet's adverse-event columns
/// (term, grade per patient), in column order, with one list of the terms
/// shared by all of them (see [`crate::model::AdverseEvents`]).
fn place_adverse_events(columns: Vec<(Arc<str>, Vec<Obs<u8>>)>, patients: &mut [Patient]) {
    if columns.is_empty() {
        return;
    }
    let (terms, mut grades): (Vec<Arc<str>>, Vec<Vec<Obs<u8>>>) = columns.into_iter().unzip();
    let terms = Arc::new(terms);
    for (p, patient) in patients.iter_mut().enumerate() {
        patient.adverse_events = AdverseEvents::shared(&terms, |t| {
            grades
                .get_mut(t)
                .and_then(|column| column.get_mut(p))
                .map_or(Obs::Empty, std::mem::take)
        });
    }
}

/// The data rows that hold a patient, with their IDs. A row without an ID,
/// with an ID seen before, or with nothing but its ID is not a patient, and
/// says so.
fn patient_rows(
    sheet: &Sheet,
    id_col: usize,
    diags: &mut Diagnostics,
) -> (Vec<usize>, Vec<String>) {
    let mut rows = Vec::new();
    let mut ids = Vec::new();
    let mut first_row_of: HashMap<String, u32> = HashMap::new();
    for r in 0..sheet.n_rows() {
        if sheet.row_is_blank(r) {
            continue;
        }
        let id_cell = sheet.cell(r, id_col);
        let id = id_cell.display();
        // The ID cell, for a message: built only when one is said.
        let at = || Location {
            file: sheet.file.clone(),
            sheet: sheet.sheet_name.clone(),
            row: Some(sheet.row_number(r)),
            column: sheet.header.get(id_col).cloned(),
            column_letter: Some(sheet.column_letter(id_col)),
            value: (!id.is_empty()).then(|| id.clone()),
            patient_id: None,
            redcap: None,
        };
        if id.is_empty() || values::presence(&id_cell) == Presence::Unknown {
            diags.error(
                "missing-patient-id",
                at(),
                Message::new(keys::DIAG_MISSING_PATIENT_ID),
            );
            continue;
        }
        if let Some(&first) = first_row_of.get(&id) {
            diags.error(
                "duplicate-patient-id",
                at(),
                Message::new(keys::DIAG_DUPLICATE_PATIENT_ID)
                    .with("id", &id)
                    .with("first", first)
                    .with("row", sheet.row_number(r)),
            );
            continue;
        }
        if sheet.cells_beyond_header(r) > 0 {
            diags.warning(
                "cells-without-header",
                at(),
                Message::new(keys::DIAG_CELLS_WITHOUT_HEADER),
            );
        }
        // A footer such as "Total" or a stray ID with nothing else.
        let end = sheet.header.len().min(sheet.row_end(r));
        if (0..end).all(|c| c == id_col || sheet.cell(r, c).is_blank()) {
            diags.warning(
                "id-only-row",
                at(),
                Message::new(keys::DIAG_ID_ONLY_ROW)
                    .with("row", sheet.row_number(r))
                    .with("id", &id),
            );
            continue;
        }
        first_row_of.insert(id.clone(), sheet.row_number(r));
        rows.push(r);
        ids.push(id);
    }
    (rows, ids)
}

/// A column's empty and explicitly unknown cells, for the report's
/// missing-data counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Missing {
    empty: usize,
    unknown: usize,
}

impl Missing {
    /// Read off a decoded column: its cells were told apart by
    /// [`values::presence`] as they were decoded.
    fn of<T>(column: &[Obs<T>]) -> Missing {
        let mut missing = Missing::default();
        for obs in column {
            missing.note(obs);
        }
        missing
    }

    /// Counts one decoded cell.
    fn note<T>(&mut self, obs: &Obs<T>) {
        match obs {
            Obs::Empty => self.empty += 1,
            Obs::Unknown => self.unknown += 1,
            Obs::Known(_) | Obs::Invalid => {}
        }
    }

    /// Adds the counts to the sheet's, under the column's canonical name.
    fn add_to(self, missing: &mut BTreeMap<String, (usize, usize)>, key: &FieldKey) {
        let entry = missing.entry(key.canonical_name()).or_insert((0, 0));
        entry.0 += self.empty;
        entry.1 += self.unknown;
    }
}
