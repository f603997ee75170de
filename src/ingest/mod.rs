//! Ingest: input files to typed patients with located diagnostics.
//!
//! `ingest` knows bytes, cells and the CRF contract, never statistics. The
//! flow is one way: [`read`] turns each file into sheets of cells, sheets are
//! sorted into patients sheets and long sheets by name or headers, the
//! patients sheets become [`Patient`]s, and long sheets are merged into them.

#[cfg(feature = "workbook")]
mod biff;
#[cfg(feature = "workbook")]
mod budget;
pub mod columns;
mod csv_cells;
mod cytogenetics;
pub mod long;
#[cfg(feature = "workbook")]
mod ods;
#[cfg(feature = "workbook")]
mod ole;
pub mod patients;
pub mod read;
pub mod redcap;
pub mod schedule;
pub mod sheet;
pub mod units;
#[cfg(feature = "workbook")]
mod unpacked;
pub mod values;
mod words;
#[cfg(feature = "workbook")]
mod workbook;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::Patient;
use crate::schema::normalize_token;
use crate::text::{keys, Message};
use long::{LongKind, LongSheetSummary};
use patients::{Companions, UnitConversion};
use serde::Serialize;
use sheet::Sheet;
use std::collections::{BTreeMap, HashMap};

/// One input file: its name and bytes, as the host read them.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// File name as the user sees it.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Where each sheet of the input went.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetUse {
    /// File name.
    pub file: String,
    /// Sheet name, for workbooks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// `patients`, a long-sheet kind, or `ignored`.
    pub role: String,
    /// Data rows in the sheet.
    pub rows: usize,
}

/// What ingest produced besides the patients.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestSummary {
    /// Each sheet and its role.
    pub sheets: Vec<SheetUse>,
    /// Canonical columns found in the patients sheet(s).
    pub columns: Vec<String>,
    /// Headers ignored.
    pub ignored_columns: Vec<String>,
    /// Unit conversions applied.
    pub unit_conversions: Vec<UnitConversion>,
    /// Empty and explicitly unknown cells per canonical column.
    pub missing_cells: BTreeMap<String, MissingCells>,
    /// Long-sheet merge counts.
    pub long_sheets: LongSheetSummary,
    /// Adverse-event terms with data.
    pub ae_terms: Vec<String>,
}

/// Empty vs explicitly unknown cells of one column.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MissingCells {
    /// Empty cells: not recorded.
    pub empty: usize,
    /// Cells saying unknown (`NA`, `unknown`, `-`).
    pub unknown: usize,
}

/// Typed patients with what was learned reading them.
#[derive(Debug, Default)]
pub struct Ingested {
    /// Patients of all patients sheets, in file order.
    pub patients: Vec<Patient>,
    /// Summary for the report.
    pub summary: IngestSummary,
}

/// How to read the inputs (what the settings say about reading).
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The REDCap reader's options.
    pub redcap: redcap::Options,
}

/// Reads all input files into patients, with the default options.
pub fn ingest(files: &[InputFile], diags: &mut Diagnostics) -> Ingested {
    ingest_with(files, &IngestOptions::default(), diags)
}

/// Reads all input files into patients.
pub fn ingest_with(
    files: &[InputFile],
    options: &IngestOptions,
    diags: &mut Diagnostics,
) -> Ingested {
    let mut patient_sheets: Vec<Sheet> = Vec::new();
    let mut long_sheets: Vec<(LongKind, Sheet)> = Vec::new();
    // Where the cells of sheets built from REDCap exports were, by sheet.
    let mut patient_places: Vec<Option<redcap::Places>> = Vec::new();
    let mut long_places: Vec<Option<redcap::Places>> = Vec::new();
    let mut summary = IngestSummary::default();
    // REDCap dictionaries and exports first: an export is known by its
    // shape or by a dictionary dropped with it.
    let mut read_files: Vec<(&InputFile, Vec<Sheet>)> = Vec::new();
    let mut dictionaries: Vec<redcap::Dictionary> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if let Some(first) = files[..i].iter().find(|f| f.bytes == file.bytes) {
            diags.warning(
                "same-file-twice",
                Location {
                    file: file.name.clone(),
                    ..Location::default()
                },
                Message::new(keys::DIAG_SAME_FILE_TWICE)
                    .with("file", &file.name)
                    .with("first", &first.name),
            );
            continue;
        }
        let mut sheets = read::read_file(&file.name, &file.bytes, diags);
        sheets.retain(|sheet| match redcap::Dictionary::read(sheet) {
            Some(d) => {
                summary.sheets.push(SheetUse {
                    file: sheet.file.clone(),
                    sheet: sheet.sheet_name.clone(),
                    role: "redcap_dictionary".into(),
                    rows: sheet.n_rows(),
                });
                dictionaries.push(d);
                false
            }
            None => true,
        });
        read_files.push((file, sheets));
    }
    let mut exports: Vec<Sheet> = Vec::new();
    for (file, mut sheets) in read_files {
        let (export, rest): (Vec<Sheet>, Vec<Sheet>) = sheets
            .drain(..)
            .partition(|s| redcap::is_export(s, &dictionaries));
        exports.extend(export);
        let sheets = rest;
        if sheets.is_empty() {
            continue;
        }
        let is_workbook = sheets.iter().any(|s| s.sheet_name.is_some());
        let named_patients = sheets.iter().position(|s| {
            s.sheet_name
                .as_deref()
                .is_some_and(|n| normalize_token(n) == "patients")
        });
        for (i, sheet) in sheets.into_iter().enumerate() {
            let role = if is_workbook {
                let name = sheet.sheet_name.clone().unwrap_or_default();
                // Without a sheet named patients the first sheet holds them,
                // unless it is named as a long sheet (`labs` first, say).
                let first_is_patients = i == 0 && LongKind::from_name(&name).is_none();
                if named_patients == Some(i) || (named_patients.is_none() && first_is_patients) {
                    Some(None)
                } else {
                    LongKind::from_name(&name).map(Some)
                }
            } else {
                let stem = file
                    .name
                    .rsplit_once('.')
                    .map_or(file.name.as_str(), |(s, _)| s);
                Some(LongKind::from_name(stem).or_else(|| LongKind::from_headers(&sheet.header)))
            };
            let mut use_ = SheetUse {
                file: sheet.file.clone(),
                sheet: sheet.sheet_name.clone(),
                role: String::new(),
                rows: sheet.n_rows(),
            };
            match role {
                Some(None) => {
                    use_.role = "patients".into();
                    patient_sheets.push(sheet);
                    patient_places.push(None);
                }
                Some(Some(kind)) => {
                    use_.role = kind.sheet_name().into();
                    long_sheets.push((kind, sheet));
                    long_places.push(None);
                }
                None => {
                    use_.role = "ignored".into();
                    diags.info(
                        "ignored-sheet",
                        Location {
                            file: sheet.file.clone(),
                            sheet: sheet.sheet_name.clone(),
                            ..Location::default()
                        },
                        Message::new(keys::DIAG_IGNORED_SHEET),
                    );
                }
            }
            summary.sheets.push(use_);
        }
    }
    for export in &exports {
        for built in redcap::read(export, &dictionaries, &options.redcap, diags) {
            summary.sheets.push(SheetUse {
                file: built.sheet.file.clone(),
                sheet: built.sheet.sheet_name.clone(),
                role: built.kind.map_or("patients", LongKind::sheet_name).into(),
                rows: built.sheet.n_rows(),
            });
            match built.kind {
                None => {
                    patient_sheets.push(built.sheet);
                    patient_places.push(Some(built.places));
                }
                Some(kind) => {
                    long_sheets.push((kind, built.sheet));
                    long_places.push(Some(built.places));
                }
            }
        }
    }
    if exports.is_empty() {
        for d in &dictionaries {
            diags.warning(
                "redcap-dictionary-alone",
                Location {
                    file: d.file.clone(),
                    ..Location::default()
                },
                Message::new(keys::DIAG_REDCAP_DICTIONARY_ALONE),
            );
        }
    }
    if patient_sheets.is_empty() {
        if !diags.has_errors() {
            let file = files.first().map(|f| f.name.clone()).unwrap_or_default();
            diags.error(
                "no-patients-sheet",
                Location {
                    file,
                    ..Location::default()
                },
                Message::new(keys::DIAG_NO_PATIENTS_SHEET),
            );
        }
        return Ingested {
            patients: Vec::new(),
            summary,
        };
    }
    let companions = Companions {
        has_labs_sheet: long_sheets.iter().any(|(k, _)| *k == LongKind::Labs),
    };
    let mut patients: Vec<Patient> = Vec::new();
    let mut seen: HashMap<String, (String, u32)> = HashMap::new();
    for (sheet, places) in patient_sheets.iter().zip(&patient_places) {
        let from = diags.len();
        let mut read = patients::read(sheet, companions, diags);
        // Kept in place and moved whole: copying patient by patient into a
        // growing vector held every patient twice at the peak.
        read.patients.retain(|p| {
            if let Some((file, row)) = seen.get(&p.patient_id) {
                diags.error(
                    "duplicate-patient-id",
                    p.location(),
                    Message::new(keys::DIAG_DUPLICATE_PATIENT_ID_ACROSS_FILES)
                        .with("id", &p.patient_id)
                        .with("file", file)
                        .with("row", row),
                );
                return false;
            }
            seen.insert(p.patient_id.clone(), (p.source.file.clone(), p.source.row));
            true
        });
        if patients.is_empty() {
            patients = std::mem::take(&mut read.patients);
        } else {
            patients.append(&mut read.patients);
        }
        if let Some(places) = places {
            places.locate(sheet, diags, from);
        }
        for c in read.mapped_columns {
            if !summary.columns.contains(&c) {
                summary.columns.push(c);
            }
        }
        summary.ignored_columns.extend(read.ignored_columns);
        summary.unit_conversions.extend(read.unit_conversions);
        for t in read.ae_terms {
            if !summary.ae_terms.contains(&t) {
                summary.ae_terms.push(t);
            }
        }
        for (name, (empty, unknown)) in read.missing {
            let m = summary.missing_cells.entry(name).or_default();
            m.empty += empty;
            m.unknown += unknown;
        }
    }
    for ((kind, sheet), places) in long_sheets.iter().zip(&long_places) {
        let from = diags.len();
        long::merge(
            sheet,
            *kind,
            &mut patients,
            &mut summary.long_sheets,
            &mut summary.unit_conversions,
            diags,
        );
        if let Some(places) = places {
            places.locate(sheet, diags, from);
        }
        if *kind == LongKind::AdverseEvents {
            for p in &patients {
                for t in p.adverse_events.terms() {
                    if !summary.ae_terms.iter().any(|x| x.as_str() == &**t) {
                        summary.ae_terms.push(t.to_string());
                    }
                }
            }
        }
    }
    Ingested { patients, summary }
}
