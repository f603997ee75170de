//! REDCap exports in: a front end that turns an export into the crf-v1
//! sheets the rest of ingest reads.
//!
//! Multi-site studies collect their CRFs in REDCap more often than in
//! spreadsheets, and its exports differ from crf-v1 in shape, not in
//! meaning: raw exports carry codes, checkbox fields take a column per
//! choice (`field___code`), repeating instruments put rows per instance
//! (`redcap_repeat_instrument`, `redcap_repeat_instance`), longitudinal
//! projects a row per event (`redcap_event_name`), and missing-data codes
//! stand in for values. This module reads all of that *before* the typed
//! parsing: it builds a patients sheet and the long sheets with decoded
//! values, so every crf-v1 rule (header matching, value parsing, units,
//! windows) applies unchanged, and it remembers where each built cell was
//! ([`Places`]), so a diagnostic names the record, event, instrument,
//! repeat instance and field, not a row of a sheet the user never saw.
//!
//! An export is recognized by its shape (`redcap_*` columns, `___` checkbox
//! columns, `<form>_complete` or the web export's `Complete?` columns), or
//! by a data dictionary dropped with it whose record ID heads its first
//! column. Without a dictionary, fields named as in Lenalyze's own REDCap
//! dictionary (`crate::redcap_template`) are decoded with that one.

pub mod decode;
pub mod dictionary;
pub mod names;
mod shape;

use super::long::LongKind;
use super::sheet::Sheet;
use crate::diagnostics::{Diagnostics, Location, RedcapPlace};
use crate::schema::normalize_token;
use crate::text::{keys, Lang, Message};
pub use decode::MissingCodes;
pub use dictionary::Dictionary;
use std::collections::HashMap;

/// A crf-v1 sheet built from an export.
#[derive(Debug)]
pub struct Built {
    /// `None` for the patients sheet, else the long sheet's kind.
    pub kind: Option<LongKind>,
    /// The sheet, with the export's row numbers and column letters.
    pub sheet: Sheet,
    /// Where each of its rows, columns and cells was in the project.
    pub places: Places,
}

/// Where a built row was: the export row and its REDCap keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowPlace {
    pub row: u32,
    pub record: String,
    pub event: Option<String>,
    pub instrument: Option<String>,
    pub instance: Option<u32>,
}

/// A patients cell filled from another event than the record's baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CellPlace {
    pub row: u32,
    pub event: Option<String>,
}

/// Where each row, column and cell of a built sheet was in the export.
#[derive(Debug, Clone, Default)]
pub struct Places {
    rows: Vec<RowPlace>,
    export_headers: Vec<String>,
    fields: Vec<Option<String>>,
    forms: Vec<Option<String>>,
    cells: HashMap<(usize, usize), CellPlace>,
}

impl Places {
    /// Gives the diagnostics from index `from` on that point into `sheet`
    /// their REDCap place: record, event, instrument, instance and field;
    /// the column becomes the export's header.
    pub fn locate(&self, sheet: &Sheet, diags: &mut Diagnostics, from: usize) {
        let header_row = sheet.header_row_number();
        let row_index: HashMap<u32, usize> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, p)| (p.row, i))
            .collect();
        for d in diags.iter_mut_from(from) {
            let l = &mut d.location;
            if l.file != sheet.file || l.sheet != sheet.sheet_name || l.redcap.is_some() {
                continue;
            }
            let col = l
                .column
                .as_ref()
                .and_then(|c| sheet.header.iter().position(|h| h == c));
            let row = l
                .row
                .filter(|&r| r != header_row)
                .and_then(|r| row_index.get(&r));
            if col.is_none() && row.is_none() {
                continue;
            }
            let mut place = RedcapPlace::default();
            if let Some(&r) = row {
                let p = &self.rows[r];
                place.record = Some(p.record.clone());
                place.event = p.event.clone();
                place.instrument = p.instrument.clone();
                place.instance = p.instance;
                if l.patient_id.is_none() {
                    l.patient_id = Some(p.record.clone());
                }
                if let Some(cell) = col.and_then(|c| self.cells.get(&(r, c))) {
                    l.row = Some(cell.row);
                    place.event = cell.event.clone();
                }
            }
            if let Some(c) = col {
                place.field = self.fields.get(c).cloned().flatten();
                if place.instrument.is_none() {
                    place.instrument = self.forms.get(c).cloned().flatten();
                }
                if let Some(h) = self.export_headers.get(c) {
                    l.column = Some(h.clone());
                }
            }
            l.redcap = Some(place);
        }
    }
}

/// Options of the REDCap reader.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The project's own missing-data codes (REDCap's standard ones are
    /// always read as unknown).
    pub missing_codes: Vec<String>,
}

/// True when a sheet has a REDCap export's shape: `redcap_*` columns,
/// checkbox columns (`field___code`), form-status columns
/// (`<form>_complete`, the web export's `Complete?`), or the web export's
/// `Repeat Instrument` and `Event Name`.
pub fn has_export_shape(sheet: &Sheet) -> bool {
    sheet.header.iter().skip(1).any(|h| {
        let n = normalize_token(h);
        n.starts_with("redcap")
            || h.contains("___")
            || h.ends_with("_complete")
            || matches!(
                n.as_str(),
                "complete?" | "repeatinstrument" | "repeatinstance" | "eventname"
            )
            || h.contains(" (choice=")
    })
}

/// True when `dict` is this export's dictionary: its record ID (or that
/// field's label) heads the first column and it knows most headers.
fn fits(sheet: &Sheet, dict: &Dictionary) -> bool {
    let Some(first) = sheet.header.first() else {
        return false;
    };
    let record_id = dict.fields.first();
    let heads = record_id.is_some_and(|f| {
        f.name == *first || dictionary::label_key(&f.label) == dictionary::label_key(first)
    });
    heads && dict.coverage(&sheet.header) * 2 >= sheet.header.len()
}

/// True when a sheet is a REDCap export: by shape, or because one of the
/// dictionaries dropped with it fits it.
pub fn is_export(sheet: &Sheet, dictionaries: &[Dictionary]) -> bool {
    has_export_shape(sheet) || dictionaries.iter().any(|d| fits(sheet, d))
}

/// Lenalyze's own REDCap dictionary, with the Korean labels too, for
/// exports that come without theirs. Built once: it is the same for every
/// file, and building it (writing the dictionary in each language and
/// reading it back) cost more than reading a small export.
fn own_dictionary() -> Option<&'static Dictionary> {
    static OWN: std::sync::OnceLock<Option<Dictionary>> = std::sync::OnceLock::new();
    OWN.get_or_init(build_own_dictionary).as_ref()
}

/// Builds [`own_dictionary`].
fn build_own_dictionary() -> Option<Dictionary> {
    let read = |lang: Lang| -> Option<Dictionary> {
        let bytes = crate::redcap_template::dictionary_csv(lang);
        let mut scratch = Diagnostics::new();
        let sheets = super::read::read_file("", &bytes, &mut scratch);
        sheets.first().and_then(Dictionary::read)
    };
    let mut own = read(Lang::En)?;
    own.file = String::new();
    for other in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        if let Some(d) = read(other) {
            for f in &d.fields {
                if let Some(i) = own.index(&f.name) {
                    own.add_label(&f.label, i);
                }
            }
        }
    }
    Some(own)
}

/// Reads one export into crf-v1 sheets, with the best-fitting dictionary
/// (the one that knows most of its headers), else Lenalyze's own.
pub fn read(
    sheet: &Sheet,
    dictionaries: &[Dictionary],
    options: &Options,
    diags: &mut Diagnostics,
) -> Vec<Built> {
    let at = Location {
        file: sheet.file.clone(),
        sheet: sheet.sheet_name.clone(),
        ..Location::default()
    };
    let best = dictionaries
        .iter()
        .map(|d| (d.coverage(&sheet.header), d))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, d)| d);
    let dict = match best {
        Some(d) => {
            diags.info(
                "redcap-export",
                at,
                Message::new(keys::DIAG_REDCAP_EXPORT).with("dictionary", &d.file),
            );
            Some(d)
        }
        None => {
            let own = own_dictionary().filter(|d| d.coverage(&sheet.header) > 1);
            diags.info(
                "redcap-export",
                at,
                Message::new(if own.is_some() {
                    keys::DIAG_REDCAP_OWN_DICTIONARY
                } else {
                    keys::DIAG_REDCAP_NO_DICTIONARY
                }),
            );
            own
        }
    };
    let missing = MissingCodes::new(&options.missing_codes);
    shape::shape(sheet, dict, &missing, diags)
}
