//! A crf-v1 sheet under construction from export rows, with the place of
//! every row, column and cell in the export.

use super::super::{Built, CellPlace, Places, RowPlace};
use super::columns::{FieldUse, Target};
use super::RowValues;
use crate::diagnostics::{Diagnostics, Location, RedcapPlace};
use crate::ingest::long::LongKind;
use crate::ingest::sheet::{Origin, Sheet};
use crate::schema::normalize_token;
use crate::text::{keys, Message};
use std::collections::HashMap;

/// A built sheet under construction.
pub(super) struct Table {
    pub(super) kind: Option<LongKind>,
    /// Fields, one column each after the record ID.
    pub(super) fields: Vec<usize>,
    pub(super) header: Vec<String>,
    /// Export header and letter and field name of each column.
    pub(super) export_headers: Vec<String>,
    pub(super) letters: Vec<String>,
    pub(super) field_names: Vec<Option<String>>,
    pub(super) forms: Vec<Option<String>>,
    pub(super) rows: Vec<Vec<String>>,
    pub(super) places: Vec<RowPlace>,
    pub(super) cells: HashMap<(usize, usize), CellPlace>,
}

impl Table {
    pub(super) fn new(
        sheet: &Sheet,
        fields: &[FieldUse],
        which: &[usize],
        kind: Option<LongKind>,
    ) -> Table {
        let mut t = Table {
            kind,
            fields: which.to_vec(),
            header: vec!["patient_id".to_string()],
            export_headers: vec![sheet.header.first().cloned().unwrap_or_default()],
            letters: vec![sheet.column_letter(0)],
            field_names: vec![sheet.header.first().cloned()],
            forms: vec![None],
            rows: Vec::new(),
            places: Vec::new(),
            cells: HashMap::new(),
        };
        for &f in which {
            let fu = &fields[f];
            t.header.push(match &fu.target {
                Target::Patients(h) => h.clone(),
                _ => fu.name.clone(),
            });
            t.export_headers.push(fu.header.clone());
            t.letters.push(sheet.column_letter(fu.column));
            t.field_names.push(Some(fu.name.clone()));
            t.forms.push(fu.form.clone());
        }
        t
    }

    /// A patients row with only the record ID.
    pub(super) fn new_row(&mut self, record: &str, place: RowPlace) -> usize {
        let mut row = vec![String::new(); self.header.len()];
        row[0] = record.to_string();
        self.rows.push(row);
        self.places.push(place);
        self.rows.len() - 1
    }

    /// Merges a non-repeating row into a record's patients row: the first
    /// event holding a value keeps it; a different value later is a warning.
    pub(super) fn merge_row(
        &mut self,
        p: usize,
        values: &RowValues,
        place: &RowPlace,
        fields: &[FieldUse],
        sheet: &Sheet,
        diags: &mut Diagnostics,
    ) {
        // A record whose first row held no patients values (a repeating
        // row came first) takes this row as its baseline.
        let no_values_yet = self.rows[p][1..].iter().all(String::is_empty);
        if no_values_yet && self.places[p].row != place.row {
            self.places[p] = RowPlace {
                instrument: None,
                instance: None,
                ..place.clone()
            };
        }
        for (k, &f) in self.fields.iter().enumerate() {
            let v = &values.values[f];
            if v.is_empty() {
                continue;
            }
            let c = k + 1;
            let current = &self.rows[p][c];
            if current.is_empty() {
                self.rows[p][c] = v.clone();
                if self.places[p].row != place.row {
                    self.cells.insert(
                        (p, c),
                        CellPlace {
                            row: place.row,
                            event: place.event.clone(),
                        },
                    );
                }
            } else if current != v && is_crf_column(&self.header[c]) {
                // A field the CRF does not read is reported as ignored
                // once; its values across events do not matter.
                diags.warning(
                    "redcap-event-conflict",
                    Location {
                        file: sheet.file.clone(),
                        sheet: sheet.sheet_name.clone(),
                        row: Some(place.row),
                        column: Some(fields[f].header.clone()),
                        column_letter: Some(sheet.column_letter(fields[f].column)),
                        value: Some(v.clone()),
                        patient_id: Some(place.record.clone()),
                        redcap: Some(RedcapPlace {
                            record: Some(place.record.clone()),
                            event: place.event.clone(),
                            instrument: fields[f].form.clone(),
                            instance: place.instance,
                            field: Some(fields[f].name.clone()),
                        }),
                    },
                    Message::new(keys::DIAG_REDCAP_EVENT_CONFLICT)
                        .with("field", &fields[f].name)
                        .with("value", v)
                        .with("kept", current)
                        .with("event", self.places[p].event.clone().unwrap_or_default()),
                );
            }
        }
    }

    /// Adds a long row from a row's values of this table's fields (only
    /// those of instrument `form` when given), unless all are empty.
    pub(super) fn push_row(
        &mut self,
        values: &RowValues,
        place: RowPlace,
        form: Option<&str>,
        fields: &[FieldUse],
    ) {
        let mut row = vec![String::new(); self.header.len()];
        row[0] = place.record.clone();
        let mut any = false;
        for (k, &f) in self.fields.iter().enumerate() {
            if let Some(form) = form {
                if fields[f].form.as_deref().map(normalize_token).as_deref() != Some(form) {
                    continue;
                }
            }
            let v = &values.values[f];
            if !v.is_empty() {
                any = true;
                row[k + 1] = v.clone();
            }
        }
        if any {
            self.rows.push(row);
            self.places.push(place);
        }
    }

    pub(super) fn build(self, sheet: &Sheet) -> Built {
        let origin = Origin {
            header_row: sheet.header_row_number(),
            rows: self.places.iter().map(|p| p.row).collect(),
            letters: self.letters.clone(),
        };
        let built = Sheet::built(
            &sheet.file,
            sheet.sheet_name.clone(),
            self.header.clone(),
            &self.rows,
            origin,
        );
        Built {
            kind: self.kind,
            sheet: built,
            places: Places {
                rows: self.places,
                export_headers: self.export_headers,
                fields: self.field_names,
                forms: self.forms,
                cells: self.cells,
            },
        }
    }
}

/// True when the patients sheet reads a column of this header.
fn is_crf_column(header: &str) -> bool {
    !matches!(
        crate::ingest::columns::match_header(header),
        crate::ingest::columns::HeaderMatch::Unknown
    )
}
