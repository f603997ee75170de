//! The columns of a REDCap export: record ID, event and repeat columns,
//! form-status and survey columns (not data), fields, and checkbox choices
//! (`field___code` in raw and API label exports, `Label (choice=…)` in the
//! web "CSV (labels)"), matched to the dictionary by name or label.

use super::super::decode::MissingCodes;
use super::super::dictionary::{label_key, Dictionary, Field};
use crate::diagnostics::{Diagnostics, Location, RedcapPlace};
use crate::ingest::long::LongKind;
use crate::ingest::sheet::Sheet;
use crate::schema::normalize_token;
use crate::text::{keys, Message};
use std::collections::HashMap;

/// What an export column holds.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Col {
    RecordId,
    Event,
    RepeatInstrument,
    RepeatInstance,
    /// Form status, survey and access-group columns: not data.
    System,
    /// A field's value.
    Field(usize),
    /// One choice of a checkbox field (`field___code`, or the web labels'
    /// `Label (choice=…)`); `missing` for a missing-data code's column.
    Check {
        field: usize,
        code: String,
        missing: bool,
    },
}

/// Where a field's values go.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Target {
    /// A patients-sheet column with this header.
    Patients(String),
    /// A long sheet.
    Long(LongKind),
    /// Nowhere (a repeating instrument Lenalyze does not read).
    Skip,
}

/// A field as the export shows it.
#[derive(Debug, Clone)]
pub(super) struct FieldUse<'a> {
    /// Variable name (the header when the dictionary does not know it).
    pub(super) name: String,
    /// The export header of its first column.
    pub(super) header: String,
    /// Its first export column.
    pub(super) column: usize,
    /// Its dictionary entry.
    pub(super) def: Option<&'a Field>,
    /// Its instrument, when known.
    pub(super) form: Option<String>,
    pub(super) target: Target,
}

/// `Label (choice=Choice label)`, the web "CSV (labels)" checkbox header.
fn web_checkbox(header: &str) -> Option<(&str, &str)> {
    let inner = header.strip_suffix(')')?;
    let at = inner.rfind(" (choice=")?;
    Some((&inner[..at], &inner[at + " (choice=".len()..]))
}

pub(super) fn header_location(sheet: &Sheet, col: usize, field: Option<&str>) -> Location {
    Location {
        redcap: Some(RedcapPlace {
            field: field.map(str::to_string),
            ..RedcapPlace::default()
        }),
        ..sheet.header_location(Some(col))
    }
}

/// Classifies every export column and collects the fields.
pub(super) fn columns<'a>(
    sheet: &Sheet,
    dict: Option<&'a Dictionary>,
    missing: &MissingCodes,
    diags: &mut Diagnostics,
) -> (Vec<FieldUse<'a>>, Vec<Col>) {
    let mut fields: Vec<FieldUse<'a>> = Vec::new();
    let mut field_of: HashMap<String, usize> = HashMap::new();
    let mut cols: Vec<Col> = Vec::with_capacity(sheet.header.len());
    // Fields since the last form-status column: REDCap writes each form's
    // fields and then its `<form>_complete`.
    let mut pending: Vec<usize> = Vec::new();
    let by_label = |label: &str| -> Result<Option<&'a Field>, Vec<String>> {
        let Some(d) = dict else { return Ok(None) };
        match d.by_label(label) {
            [] => Ok(None),
            [i] => Ok(Some(&d.fields[*i])),
            many => Err(many.iter().map(|&i| d.fields[i].name.clone()).collect()),
        }
    };
    for (c, header) in sheet.header.iter().enumerate() {
        let n = normalize_token(header);
        let col = if c == 0 {
            Col::RecordId
        } else if n == "redcapeventname" || n == "eventname" {
            Col::Event
        } else if n == "redcaprepeatinstrument" || n == "repeatinstrument" {
            Col::RepeatInstrument
        } else if n == "redcaprepeatinstance" || n == "repeatinstance" {
            Col::RepeatInstance
        } else if n == "complete?" {
            pending.clear();
            Col::System
        } else if matches!(
            n.as_str(),
            "redcapdataaccessgroup"
                | "dataaccessgroup"
                | "redcapsurveyidentifier"
                | "surveyidentifier"
                | "surveytimestamp"
        ) {
            Col::System
        } else if let Some(form) = header
            .strip_suffix("_complete")
            .filter(|f| dict.is_none_or(|d| d.fields.iter().any(|x| x.form == *f)))
        {
            for &f in &pending {
                fields[f].form.get_or_insert_with(|| form.to_string());
            }
            pending.clear();
            Col::System
        } else if header.ends_with("_timestamp") && dict.is_none_or(|d| d.field(header).is_none()) {
            Col::System
        } else if let Some((base, code)) = header
            .split_once("___")
            .filter(|(b, _)| dict.is_none_or(|d| d.field(b).is_some()))
        {
            let def = dict.and_then(|d| d.field(base));
            let f = add_field(&mut fields, &mut field_of, base, header, c, def);
            pending.push(f);
            let known = def.is_some_and(|d| d.label_of(code).is_some());
            Col::Check {
                field: f,
                code: code.to_string(),
                missing: !known && missing.is_missing_column(code),
            }
        } else if let Some((label, choice)) = web_checkbox(header) {
            match by_label(label) {
                Err(names) => {
                    ambiguous(sheet, c, header, &names, diags);
                    Col::System
                }
                Ok(def) => {
                    let name = def.map_or(label, |d| d.name.as_str()).to_string();
                    let f = add_field(&mut fields, &mut field_of, &name, header, c, def);
                    pending.push(f);
                    let code = def
                        .and_then(|d| {
                            d.choices
                                .iter()
                                .find(|x| label_key(&x.label) == label_key(choice))
                        })
                        .map(|x| x.code.clone());
                    Col::Check {
                        field: f,
                        missing: code.is_none() && missing.is_missing_column(choice),
                        code: code.unwrap_or_else(|| choice.to_string()),
                    }
                }
            }
        } else {
            let by_name = dict.and_then(|d| d.field(header));
            match by_name.map_or_else(|| by_label(header), |d| Ok(Some(d))) {
                Err(names) => {
                    ambiguous(sheet, c, header, &names, diags);
                    Col::System
                }
                Ok(def) => {
                    let name = def.map_or(header.as_str(), |d| d.name.as_str()).to_string();
                    let f = add_field(&mut fields, &mut field_of, &name, header, c, def);
                    pending.push(f);
                    Col::Field(f)
                }
            }
        };
        cols.push(col);
    }
    (fields, cols)
}

fn ambiguous(sheet: &Sheet, c: usize, header: &str, names: &[String], diags: &mut Diagnostics) {
    diags.error(
        "redcap-field-undecided",
        header_location(sheet, c, None),
        Message::new(keys::DIAG_REDCAP_LABEL_AMBIGUOUS)
            .with("header", header)
            .with("fields", names.join(", ")),
    );
}

fn add_field<'a>(
    fields: &mut Vec<FieldUse<'a>>,
    field_of: &mut HashMap<String, usize>,
    name: &str,
    header: &str,
    column: usize,
    def: Option<&'a Field>,
) -> usize {
    if let Some(&f) = field_of.get(name) {
        return f;
    }
    fields.push(FieldUse {
        name: name.to_string(),
        header: header.to_string(),
        column,
        def,
        form: def.map(|d| d.form.clone()).filter(|f| !f.is_empty()),
        target: Target::Skip,
    });
    field_of.insert(name.to_string(), fields.len() - 1);
    fields.len() - 1
}
