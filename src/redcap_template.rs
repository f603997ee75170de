//! The REDCap data dictionary, generated from [`crate::schema`] like the CRF
//! template: a study imports it (Project Setup → Data Dictionary → Upload)
//! and has the crf-v1 instruments in one step.
//!
//! One non-repeating instrument `patients` holds every patients-sheet
//! column (its first field, `patient_id`, is the record ID), and the
//! instruments `labs`, `adverse_events`, `transfusions` and `dosing` hold the
//! long sheets' columns; the project enables them as repeating instruments
//! (Project Setup → Repeating instruments and events), which a dictionary
//! cannot do. Field names are unique across a project, so a long-sheet
//! column that shares its name takes its first unique alias
//! (`ingest::redcap::names`): `lab_date`, `transfusion_date`, `dose_date`.
//!
//! Types follow the crf-v1 kinds: dates are `text` validated `date_ymd`,
//! numbers `number` or `integer` with a plausible range (soft in REDCap:
//! data entry asks, then saves), yes/no `yesno`, categories `dropdown` with
//! codes made from their spellings and the spellings as labels (so raw and
//! label exports both read), sex `radio` (`M`, `F`), grades `dropdown` 0–5.
//! Field labels and notes are the catalogue's words in each language; names,
//! codes and category spellings are the contract's and the same in every
//! language. The columns are REDCap's documented dictionary columns.

use crate::ingest::columns::{match_header, FieldKey, HeaderMatch};
use crate::ingest::redcap::names;
use crate::schema::{LabKind, ValueKind, LAB_KINDS, LONG_SHEETS, PATIENT_COLUMNS};
use crate::template::{self, Entry};
use crate::text::{keys, Lang, Text};

/// REDCap's data dictionary columns, in REDCap's order (the Data Dictionary
/// page's CSV; the API's metadata export names the same columns
/// `field_name`, `form_name`, …).
pub const COLUMNS: [&str; 18] = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
];

/// The English file name; other languages add `-<lang>` before `.csv`.
pub const FILE: &str = "redcap-data-dictionary.csv";

/// One field of the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Variable name.
    pub name: String,
    /// Instrument.
    pub form: &'static str,
    /// REDCap field type (`text`, `yesno`, `radio`, `dropdown`).
    pub field_type: &'static str,
    /// Label, in the dictionary's language.
    pub label: String,
    /// `code, label | …` for radio and drop-down fields.
    pub choices: String,
    /// Unit or form of the value, in the dictionary's language.
    pub note: String,
    /// Text validation (`date_ymd`, `number`, `integer`).
    pub validation: &'static str,
    /// Smallest plausible value.
    pub min: String,
    /// Largest plausible value.
    pub max: String,
    /// `y` when crf-v1 requires the column.
    pub required: bool,
}

/// The plausible range of a number by its unit, for REDCap's validation.
fn unit_range(unit: &str) -> Option<(f64, f64)> {
    match unit {
        "years" => Some((0.0, 120.0)),
        "cm" => Some((30.0, 250.0)),
        "kg" => Some((2.0, 300.0)),
        "mg" => Some((0.0, 100.0)),
        "units" => Some((0.0, 200.0)),
        "%" => Some((0.0, 100.0)),
        _ => None,
    }
}

/// A lab's kind for a patients column (`hb_w4`) or a labs column (`hb`).
fn lab_kind(column: &str) -> Option<LabKind> {
    if let HeaderMatch::Field(FieldKey::Lab(kind, _), _) = match_header(column) {
        return Some(kind);
    }
    LAB_KINDS.iter().find(|l| l.1 == column).map(|l| l.0)
}

fn number_text(n: f64) -> String {
    crate::ingest::sheet::format_number(n)
}

fn field(t: Text, e: &Entry, name: String, form: &'static str, required: bool) -> Field {
    let mut f = Field {
        name,
        form,
        field_type: "text",
        label: e.meaning.clone(),
        choices: String::new(),
        note: e.unit.to_string(),
        validation: "",
        min: String::new(),
        max: String::new(),
        required,
    };
    let choice_list = |pairs: Vec<(String, String)>| {
        pairs
            .into_iter()
            .map(|(c, l)| format!("{c}, {l}"))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    match e.kind {
        ValueKind::Text => {}
        ValueKind::Karyotype | ValueKind::Schedule => {
            f.note = e.allowed_values.join("; ");
        }
        ValueKind::Sex => {
            f.field_type = "radio";
            f.choices = choice_list(vec![
                ("M".into(), t.t(keys::LEVEL_MALE).into()),
                ("F".into(), t.t(keys::LEVEL_FEMALE).into()),
            ]);
        }
        ValueKind::YesNo => f.field_type = "yesno",
        ValueKind::Date => f.validation = "date_ymd",
        ValueKind::Integer | ValueKind::Number => {
            f.validation = if e.kind == ValueKind::Integer {
                "integer"
            } else {
                "number"
            };
            let range = lab_kind(&e.column)
                .map(LabKind::plausible_range)
                .or_else(|| unit_range(e.unit))
                .or((e.kind == ValueKind::Integer).then_some((0.0, f64::NAN)));
            if let Some((min, max)) = range {
                f.min = number_text(min);
                if max.is_finite() {
                    f.max = number_text(max);
                }
            }
        }
        ValueKind::Choice => {
            f.field_type = "dropdown";
            let categories = PATIENT_COLUMNS
                .iter()
                .find(|c| c.name == e.column)
                .map_or(&[][..], |c| c.categories);
            f.choices = choice_list(
                categories
                    .iter()
                    .map(|c| (names::variable(c.canonical), c.canonical.to_string()))
                    .collect(),
            );
        }
        ValueKind::Grade => {
            f.field_type = "dropdown";
            f.choices = choice_list((0..=5).map(|g| (g.to_string(), g.to_string())).collect());
        }
    }
    f
}

/// Every field of the dictionary in `lang`: the patients instrument, then
/// the long sheets' instruments.
pub fn fields(lang: Lang) -> Vec<Field> {
    let t = Text::new(lang);
    let mut out = Vec::new();
    for e in template::dictionary(lang) {
        if e.sheet == "patients" {
            let required = PATIENT_COLUMNS.iter().any(|c| {
                c.name == e.column && c.requirement == crate::schema::Requirement::Required
            });
            out.push(field(t, &e, e.column.clone(), "patients", required));
            continue;
        }
        let Some(long) = LONG_SHEETS.iter().find(|s| s.name == e.sheet) else {
            continue;
        };
        let sheet = long.name;
        let Some(name) = names::long_field(sheet, &e.column) else {
            continue;
        };
        let required = long
            .columns
            .iter()
            .any(|c| c.name == e.column && c.required);
        out.push(field(t, &e, name, sheet, required));
    }
    out
}

/// One CSV line, quoting cells that need it, ended by CRLF.
fn csv_line(cells: &[&str]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.to_string()
            }
        })
        .collect();
    format!("{}\r\n", quoted.join(","))
}

/// The dictionary as REDCap imports it: UTF-8 with a BOM (as Excel's "CSV
/// UTF-8" writes, so Korean labels survive a round trip through Excel),
/// CRLF lines, REDCap's 18 columns.
pub fn dictionary_csv(lang: Lang) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_line(&COLUMNS));
    for f in fields(lang) {
        let cells = [
            f.name.as_str(),
            f.form,
            "",
            f.field_type,
            f.label.as_str(),
            f.choices.as_str(),
            f.note.as_str(),
            f.validation,
            f.min.as_str(),
            f.max.as_str(),
            "",
            "",
            if f.required { "y" } else { "" },
            "",
            "",
            "",
            "",
            "",
        ];
        out.push_str(&csv_line(&cells));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_redcap_variables_unique_and_the_record_id_first() {
        for lang in Lang::ALL {
            let fs = fields(lang);
            assert_eq!(fs[0].name, "patient_id");
            assert_eq!(fs[0].form, "patients");
            let mut seen = HashSet::new();
            for f in &fs {
                // REDCap: lower-case letters, digits, underscores; a letter first.
                assert!(
                    f.name
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_lowercase())
                        && f.name
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{}",
                    f.name
                );
                assert!(seen.insert(f.name.clone()), "{} twice", f.name);
                assert!(!f.label.is_empty(), "{}", f.name);
            }
            assert!(fs.iter().filter(|f| f.name == "patient_id").count() == 1);
        }
    }

    #[test]
    fn choice_codes_are_unique_per_field() {
        for f in fields(Lang::En) {
            let codes: Vec<&str> = f
                .choices
                .split(" | ")
                .filter(|c| !c.is_empty())
                .map(|c| c.split_once(", ").map_or(c, |(code, _)| code))
                .collect();
            let unique: HashSet<&&str> = codes.iter().collect();
            assert_eq!(unique.len(), codes.len(), "{}", f.name);
        }
    }
}
