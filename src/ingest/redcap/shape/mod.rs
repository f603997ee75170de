//! The rows of a REDCap export to crf-v1 sheets.
//!
//! An export is one table: a row per record for the non-repeating
//! instruments (per record and event in longitudinal projects) and a row per
//! repeat instance of a repeating instrument, keyed by record + event +
//! instrument + instance (instances restart in each event). Non-repeating
//! fields become the patients sheet, one row per record (the first event
//! that holds them is the baseline; a later event may fill a field the
//! baseline left empty); the fields of the instruments `labs`,
//! `adverse_events`, `transfusions` and `dosing` become those long sheets,
//! from any event. Every built row and column remembers where it was in the
//! export ([`Places`]), so diagnostics name the record, event, instrument,
//! instance and field.

mod columns;
mod table;

use super::decode::{self, MissingCodes, UNKNOWN};
use super::dictionary::{Dictionary, FieldType};
use super::{Built, RowPlace};
use crate::diagnostics::{Diagnostics, Location};
use crate::ingest::columns::{match_header, HeaderMatch};
use crate::ingest::long::LongKind;
use crate::ingest::sheet::Sheet;
use crate::ingest::values;
use crate::schema::{normalize_token, Requirement, LAB_KINDS};
use crate::text::{keys, Message};
use columns::{columns, header_location, Col, FieldUse, Target};
use std::collections::{BTreeSet, HashMap};
use table::Table;

/// The canonical long column a REDCap field name stands for (`lab_date` →
/// `date`, `hgb` → `hb`), through the schema's names and aliases.
pub fn long_column(kind: LongKind, name: &str) -> Option<&'static str> {
    let n = normalize_token(name);
    kind.spec()
        .columns
        .iter()
        .find(|c| normalize_token(c.name) == n || c.aliases.iter().any(|a| normalize_token(a) == n))
        .map(|c| c.name)
        .or_else(|| {
            (kind == LongKind::Labs)
                .then(|| {
                    LAB_KINDS
                        .iter()
                        .find(|(_, _, words, _)| words.iter().any(|w| normalize_token(w) == n))
                        .map(|l| l.1)
                })
                .flatten()
        })
}

/// One row's values, field by field.
#[derive(Debug, Clone, Default)]
pub(super) struct RowValues {
    pub(super) values: Vec<String>,
    /// Checked choices' labels, per checkbox field.
    pub(super) checked: Vec<Vec<String>>,
    /// A missing-data code's column is checked, per checkbox field.
    pub(super) missing: Vec<bool>,
}

/// Reads one export into crf-v1 sheets.
pub(super) fn shape(
    sheet: &Sheet,
    dict: Option<&Dictionary>,
    missing: &MissingCodes,
    diags: &mut Diagnostics,
) -> Vec<Built> {
    let (mut fields, cols) = columns(sheet, dict, missing, diags);
    let col_of = |want: &Col| cols.iter().position(|c| c == want);
    let event_col = col_of(&Col::Event);
    let instrument_col = col_of(&Col::RepeatInstrument);
    let instance_col = col_of(&Col::RepeatInstance);
    let text = |r: usize, c: Option<usize>| c.map_or(String::new(), |c| sheet.cell(r, c).display());

    // Repeating instruments, and the forms of fields the dictionary does not
    // name, from the rows that carry values for them.
    let mut repeating: BTreeSet<String> = BTreeSet::new();
    let mut repeating_names: HashMap<String, String> = HashMap::new();
    for r in 0..sheet.n_rows() {
        let instrument = text(r, instrument_col);
        if instrument.is_empty() {
            continue;
        }
        let key = normalize_token(&instrument);
        repeating_names
            .entry(key.clone())
            .or_insert(instrument.clone());
        repeating.insert(key);
        for (c, col) in cols.iter().enumerate() {
            let f = match col {
                Col::Field(f) | Col::Check { field: f, .. } => *f,
                _ => continue,
            };
            if fields[f].form.is_none() && !sheet.cell(r, c).is_blank() {
                fields[f].form = Some(instrument.clone());
            }
        }
    }
    decide_targets(
        sheet,
        &mut fields,
        &repeating,
        &repeating_names,
        diags,
        &header_location,
    );

    // REDCap exports every field of the project, used or not: a patients
    // field without a value in any record is left out (and listed), unless
    // crf-v1 requires its column, so that its absence is reported as empty
    // cells rather than as a missing column.
    let mut used = vec![false; fields.len()];
    for (c, col) in cols.iter().enumerate() {
        let (f, tick) = match col {
            Col::Field(f) => (*f, false),
            Col::Check { field, .. } => (*field, true),
            _ => continue,
        };
        if used[f] {
            continue;
        }
        used[f] = (0..sheet.column_end(c)).any(|r| {
            let v = sheet.cell(r, c).display();
            if tick {
                v == "1" || v.eq_ignore_ascii_case("checked")
            } else {
                !v.is_empty()
            }
        });
    }
    let required = |header: &str| {
        matches!(
            match_header(header),
            HeaderMatch::Field(k, _) if k.spec().is_some_and(|s| s.requirement == Requirement::Required)
        )
    };
    let mut unused = Vec::new();
    let patient_fields: Vec<usize> = (0..fields.len())
        .filter(|&f| match &fields[f].target {
            Target::Patients(h) if !used[f] && !required(h) => {
                unused.push(fields[f].name.clone());
                false
            }
            Target::Patients(_) => true,
            _ => false,
        })
        .collect();
    if !unused.is_empty() {
        diags.info(
            "redcap-export-unused-fields",
            Location {
                file: sheet.file.clone(),
                sheet: sheet.sheet_name.clone(),
                ..Location::default()
            },
            Message::new(keys::DIAG_REDCAP_UNUSED_FIELDS).with("fields", unused.join(", ")),
        );
    }
    let mut patients = Table::new(sheet, &fields, &patient_fields, None);
    let kinds = [
        LongKind::Labs,
        LongKind::AdverseEvents,
        LongKind::Transfusions,
        LongKind::Dosing,
    ];
    let mut longs: Vec<Table> = kinds
        .iter()
        .map(|&k| {
            let fs: Vec<usize> = (0..fields.len())
                .filter(|&f| fields[f].target == Target::Long(k))
                .collect();
            Table::new(sheet, &fields, &fs, Some(k))
        })
        .collect();

    let mut record_row: HashMap<String, usize> = HashMap::new();
    for r in 0..sheet.n_rows() {
        if sheet.row_is_blank(r) {
            continue;
        }
        let record = sheet.cell(r, 0).display();
        let row_number = sheet.row_number(r);
        if record.is_empty() {
            diags.warning(
                "redcap-no-record-id",
                Location {
                    file: sheet.file.clone(),
                    sheet: sheet.sheet_name.clone(),
                    row: Some(row_number),
                    column: sheet.header.first().cloned(),
                    column_letter: Some(sheet.column_letter(0)),
                    ..Location::default()
                },
                Message::new(keys::DIAG_REDCAP_NO_RECORD_ID),
            );
            continue;
        }
        let event = Some(text(r, event_col)).filter(|e| !e.is_empty());
        let instrument = text(r, instrument_col);
        let instance = text(r, instance_col).parse::<u32>().ok();
        let values = row_values(sheet, r, &fields, &cols, missing);
        let place = RowPlace {
            row: row_number,
            record: record.clone(),
            event: event.clone(),
            instrument: None,
            instance,
        };
        if !instrument.is_empty() {
            let key = normalize_token(&instrument);
            let name = fields
                .iter()
                .find(|f| f.form.as_deref().map(normalize_token) == Some(key.clone()))
                .and_then(|f| f.form.clone())
                .unwrap_or(instrument);
            for table in &mut longs {
                let belongs = table
                    .fields
                    .iter()
                    .any(|&f| fields[f].form.as_deref().map(normalize_token) == Some(key.clone()));
                if belongs {
                    table.push_row(
                        &values,
                        RowPlace {
                            instrument: Some(name.clone()),
                            ..place.clone()
                        },
                        Some(&key),
                        &fields,
                    );
                }
            }
            record_row
                .entry(record.clone())
                .or_insert_with(|| patients.new_row(&record, place.clone()));
            continue;
        }
        // A non-repeating row (or a repeating event's): the patients'
        // fields, and the long instruments' fields collected per event.
        let p = *record_row
            .entry(record.clone())
            .or_insert_with(|| patients.new_row(&record, place.clone()));
        patients.merge_row(p, &values, &place, &fields, sheet, diags);
        for table in &mut longs {
            let form = table.fields.first().and_then(|&f| fields[f].form.clone());
            table.push_row(
                &values,
                RowPlace {
                    instrument: form,
                    ..place.clone()
                },
                None,
                &fields,
            );
        }
    }

    let mut built = vec![patients.build(sheet)];
    for table in longs {
        if !table.rows.is_empty() {
            built.push(table.build(sheet));
        }
    }
    built
}

/// Decides where each field's values go: a repeating instrument's fields to
/// its long sheet; a non-repeating `labs`-like instrument's fields to that
/// long sheet when they are its columns (`dosing`'s `schedule` is not the
/// patients' `start_schedule`, which it matches as a header); the
/// rest to the patients sheet, under the header its name (or, failing that,
/// its label) matches.
fn decide_targets(
    sheet: &Sheet,
    fields: &mut [FieldUse],
    repeating: &BTreeSet<String>,
    repeating_names: &HashMap<String, String>,
    diags: &mut Diagnostics,
    header_at: &dyn Fn(&Sheet, usize, Option<&str>) -> Location,
) {
    // Repeating instruments Lenalyze reads, by their names or fields.
    let mut kind_of: HashMap<String, Option<LongKind>> = HashMap::new();
    for key in repeating {
        let name = repeating_names.get(key).cloned().unwrap_or_default();
        let mut kind = LongKind::from_name(&name);
        if kind.is_none() {
            let mut headers = vec!["patient_id".to_string()];
            for f in fields.iter() {
                if f.form.as_deref().map(normalize_token).as_deref() == Some(key.as_str()) {
                    let canonical = [
                        LongKind::Labs,
                        LongKind::AdverseEvents,
                        LongKind::Transfusions,
                        LongKind::Dosing,
                    ]
                    .iter()
                    .find_map(|&k| long_column(k, &f.name));
                    headers.push(canonical.map_or(f.name.clone(), str::to_string));
                }
            }
            kind = LongKind::from_headers(&headers);
        }
        if kind.is_none() {
            let column = fields
                .iter()
                .find(|f| f.form.as_deref().map(normalize_token).as_deref() == Some(key.as_str()))
                .map_or(0, |f| f.column);
            let mut at = header_at(sheet, column, None);
            if let Some(place) = at.redcap.as_mut() {
                place.instrument = Some(name.clone());
            }
            diags.warning(
                "redcap-instrument-not-read",
                at,
                Message::new(keys::DIAG_REDCAP_INSTRUMENT_NOT_READ).with("instrument", &name),
            );
        }
        kind_of.insert(key.clone(), kind);
    }
    let mut claimed: HashMap<String, usize> = HashMap::new();
    for f in fields.iter() {
        if let HeaderMatch::Field(key, _) = match_header(&f.name) {
            claimed.entry(key.canonical_name()).or_insert(f.column);
        }
    }
    for field in fields.iter_mut() {
        let key = field.form.as_deref().map(normalize_token);
        if let Some(kind) = key.as_ref().and_then(|k| kind_of.get(k)) {
            field.target = kind.map_or(Target::Skip, Target::Long);
            continue;
        }
        let named = match_header(&field.name);
        if let Some(kind) = field.form.as_deref().and_then(LongKind::from_name) {
            if long_column(kind, &field.name).is_some() {
                field.target = Target::Long(kind);
                continue;
            }
        }
        let mut header = field.name.clone();
        if named == HeaderMatch::Unknown {
            let label = field.def.map(|d| d.label.as_str()).unwrap_or("");
            if let HeaderMatch::Field(key, _) = match_header(label) {
                let canonical = key.canonical_name();
                match claimed.get(&canonical) {
                    Some(&other) if other != field.column => {
                        diags.error(
                            "redcap-field-undecided",
                            header_at(sheet, field.column, Some(&field.name)),
                            Message::new(keys::DIAG_REDCAP_FIELD_UNDECIDED)
                                .with("field", &field.name)
                                .with("label", label)
                                .with("column", &canonical)
                                .with(
                                    "other",
                                    sheet.header.get(other).cloned().unwrap_or_default(),
                                ),
                        );
                    }
                    _ => {
                        claimed.insert(canonical.clone(), field.column);
                        header = canonical;
                    }
                }
            }
        }
        field.target = Target::Patients(header);
    }
}

/// The decoded values of one export row.
fn row_values(
    sheet: &Sheet,
    r: usize,
    fields: &[FieldUse],
    cols: &[Col],
    missing: &MissingCodes,
) -> RowValues {
    let mut v = RowValues {
        values: vec![String::new(); fields.len()],
        checked: vec![Vec::new(); fields.len()],
        missing: vec![false; fields.len()],
    };
    for (c, col) in cols.iter().enumerate() {
        match col {
            Col::Field(f) => {
                let raw = sheet.cell(r, c).display();
                v.values[*f] = decode::value(fields[*f].def, &raw, missing);
            }
            Col::Check {
                field,
                code,
                missing: is_missing,
            } => {
                let raw = sheet.cell(r, c).display();
                let checked = raw == "1" || raw.eq_ignore_ascii_case("checked");
                if !checked {
                    continue;
                }
                if *is_missing {
                    v.missing[*field] = true;
                } else {
                    let label = fields[*field]
                        .def
                        .and_then(|d| d.label_of(code))
                        .unwrap_or(code);
                    v.checked[*field].push(label.to_string());
                }
            }
            _ => {}
        }
    }
    for (f, field) in fields.iter().enumerate() {
        if v.missing[f] {
            v.values[f] = UNKNOWN.to_string();
        } else if !v.checked[f].is_empty() {
            let joined = v.checked[f].join(", ");
            // A single tick box on a yes/no column says yes.
            let yes_no_column = match &field.target {
                Target::Patients(h) => matches!(
                    match_header(h),
                    HeaderMatch::Field(k, _) if k.spec().is_some_and(|s| s.kind == crate::schema::ValueKind::YesNo)
                ),
                _ => false,
            };
            let reads = values::yes_no(&crate::ingest::sheet::CellRef::Text(&joined)).is_some();
            v.values[f] = if yes_no_column && !reads && v.checked[f].len() == 1 {
                "Y".to_string()
            } else {
                joined
            };
        } else if field.def.is_some_and(|d| d.kind == FieldType::Checkbox) {
            v.values[f].clear();
        }
    }
    v
}
