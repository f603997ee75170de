//! The patients sheet's header row to fields: each header mapped
//! (`crate::ingest::columns`), and every header that maps to nothing, to a
//! field already taken, or that has no header at all said so; then every
//! required column that is missing named with what it is for. Done before
//! any cell is read, so a file missing a column is one round of fixes.

use super::{Column, Companions, PatientsSheet};
use crate::diagnostics::Diagnostics;
use crate::ingest::columns::{match_header, FieldKey, HeaderMatch};
use crate::ingest::sheet::Sheet;
use crate::ingest::words;
use crate::schema::{Field, LabKind, LabTime, Requirement, LAB_KINDS, PATIENT_COLUMNS};
use crate::text::{keys, Message};

/// Maps headers to fields; reports unknown, duplicate and missing columns.
pub(super) fn map_columns(
    sheet: &Sheet,
    companions: Companions,
    out: &mut PatientsSheet,
    diags: &mut Diagnostics,
) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    let header_loc = |col: usize| sheet.header_location(Some(col));
    for (index, header) in sheet.header.iter().enumerate() {
        if header.trim().is_empty() {
            let filled = (0..sheet.column_end(index))
                .filter(|&r| !sheet.cell(r, index).is_blank())
                .count();
            if filled > 0 {
                let key = if filled == 1 {
                    keys::DIAG_COLUMN_WITHOUT_HEADER_ONE
                } else {
                    keys::DIAG_COLUMN_WITHOUT_HEADER_OTHER
                };
                diags.warning(
                    "column-without-header",
                    header_loc(index),
                    Message::new(key)
                        .with("letter", sheet.column_letter(index))
                        .with("n", filled),
                );
            }
            continue;
        }
        match match_header(header) {
            HeaderMatch::Field(key, unit) => {
                if let Some(other) = columns.iter().find(|c| c.key == key) {
                    let first = sheet.header.get(other.index).cloned().unwrap_or_default();
                    diags.error(
                        "duplicate-column",
                        header_loc(index),
                        Message::new(keys::DIAG_DUPLICATE_COLUMN)
                            .with("first", first)
                            .with("first_letter", sheet.column_letter(other.index))
                            .with("second", header)
                            .with("second_letter", sheet.column_letter(index))
                            .with("field", key.canonical_name()),
                    );
                    continue;
                }
                out.mapped_columns.push(key.canonical_name());
                columns.push(Column { key, index, unit });
            }
            HeaderMatch::UnusedWeek(kind, week) => {
                out.ignored_columns.push(shown_header(header));
                diags.warning(
                    "ignored-column",
                    header_loc(index),
                    Message::new(keys::DIAG_UNUSED_WEEK)
                        .with("column", header)
                        .with_key("lab", words::lab_in_sentence(kind))
                        .with("week", week),
                );
            }
            HeaderMatch::Unknown => {
                out.ignored_columns.push(shown_header(header));
                diags.warning(
                    "ignored-column",
                    header_loc(index),
                    Message::new(keys::DIAG_UNKNOWN_COLUMN).with("column", header),
                );
            }
        }
    }
    let has = |field: Field| columns.iter().any(|c| c.key == FieldKey::Fixed(field));
    let file_loc = sheet.header_location(None);
    for spec in PATIENT_COLUMNS {
        let missing = match spec.requirement {
            Requirement::Required => !has(spec.field),
            Requirement::RequiredUnless(alt) => !has(spec.field) && !has(alt),
            Requirement::Optional => false,
        };
        if missing {
            let alt = match spec.requirement {
                Requirement::RequiredUnless(alt) => Some(alt.name()),
                _ => None,
            };
            // "sex" means sex: say nothing more than the name then (such a
            // column has no catalogue meaning, see `words::column_meaning`).
            let message = match (alt, words::column_meaning(spec.name)) {
                (None, Some(meaning)) => {
                    Message::new(keys::DIAG_MISSING_COLUMN).with_key("meaning", meaning)
                }
                (None, None) => Message::new(keys::DIAG_MISSING_COLUMN_PLAIN),
                (Some(alt), Some(meaning)) => Message::new(keys::DIAG_MISSING_COLUMN_OR)
                    .with("alternative", alt)
                    .with_key("meaning", meaning),
                (Some(alt), None) => {
                    Message::new(keys::DIAG_MISSING_COLUMN_OR_PLAIN).with("alternative", alt)
                }
            };
            diags.error(
                "missing-column",
                file_loc.clone(),
                message.with("column", spec.name),
            );
        }
    }
    if !companions.has_labs_sheet {
        for (kind, ..) in LAB_KINDS {
            let baseline = FieldKey::Lab(*kind, LabTime::Week(0));
            if columns.iter().any(|c| c.key == baseline) {
                continue;
            }
            let name = baseline.canonical_name();
            if *kind == LabKind::Alc {
                diags.warning(
                    "missing-column",
                    file_loc.clone(),
                    Message::new(keys::DIAG_MISSING_BASELINE_ALC)
                        .with("column", name)
                        .with_key("lab", words::lab_in_sentence(*kind)),
                );
            } else {
                let needed_for = if *kind == LabKind::Hb {
                    keys::DIAG_NEEDED_FOR_HB
                } else {
                    keys::DIAG_NEEDED_FOR_ELIGIBILITY
                };
                diags.error(
                    "missing-column",
                    file_loc.clone(),
                    Message::new(keys::DIAG_MISSING_BASELINE_LAB)
                        .with("column", name)
                        .with_key("lab", words::lab_in_sentence(*kind))
                        .with_key("needed_for", needed_for),
                );
            }
        }
    }
    columns
}

/// A header as the report lists it: cut like a diagnostic's value (a
/// header cell may hold a whole pasted paragraph).
fn shown_header(header: &str) -> String {
    crate::diagnostics::cut_value(header).unwrap_or_else(|| header.to_string())
}
