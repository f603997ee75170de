//! A REDCap data dictionary: the fields of a project, their instruments,
//! types, labels, choices and validations.
//!
//! REDCap writes the dictionary in two spellings: the Data Dictionary page's
//! CSV (`Variable / Field Name`, `Form Name`, `Field Type`, `Field Label`,
//! `Choices, Calculations, OR Slider Labels`, `Text Validation Type OR Show
//! Slider Number`, …) and the API's metadata export (`field_name`,
//! `form_name`, `field_type`, `field_label`, `select_choices_or_calculations`,
//! `text_validation_type_or_show_slider_number`, …). Both are read; columns
//! are found by name, so older dictionaries without `Field Annotation` read
//! the same.

use super::super::sheet::Sheet;
use crate::schema::normalize_token;
use std::collections::HashMap;

/// A REDCap field type (the dictionary's `Field Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// One line of text, maybe validated (date, number, integer).
    Text,
    /// Several lines of text.
    Notes,
    /// One choice from radio buttons.
    Radio,
    /// One choice from a drop-down list.
    Dropdown,
    /// Any number of choices: one export column per choice.
    Checkbox,
    /// Yes (1) or No (0).
    YesNo,
    /// True (1) or False (0).
    TrueFalse,
    /// A calculated number.
    Calc,
    /// A slider (0–100).
    Slider,
    /// Anything else (file, descriptive, sql): read as text.
    Other,
}

impl FieldType {
    fn parse(s: &str) -> FieldType {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" => FieldType::Text,
            "notes" => FieldType::Notes,
            "radio" => FieldType::Radio,
            "dropdown" | "select" => FieldType::Dropdown,
            "checkbox" => FieldType::Checkbox,
            "yesno" => FieldType::YesNo,
            "truefalse" => FieldType::TrueFalse,
            "calc" => FieldType::Calc,
            "slider" => FieldType::Slider,
            _ => FieldType::Other,
        }
    }

    /// True for the types whose raw values are codes of a choice list.
    pub fn has_choices(self) -> bool {
        matches!(
            self,
            FieldType::Radio | FieldType::Dropdown | FieldType::Checkbox
        )
    }
}

/// One choice: the raw code REDCap stores and the label it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Raw value (`1`, `int_1`).
    pub code: String,
    /// Label (`Male`, `Int-1`).
    pub label: String,
}

/// One field of the project.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Variable name (lower-case letters, digits, underscores).
    pub name: String,
    /// Instrument (form) name.
    pub form: String,
    /// Field type.
    pub kind: FieldType,
    /// Field label, as shown on the form and in label exports' headers.
    pub label: String,
    /// Choices of radio, drop-down and checkbox fields.
    pub choices: Vec<Choice>,
    /// Text validation (`date_ymd`, `number`, `number_comma_decimal`).
    pub validation: String,
}

impl Field {
    /// True when numbers are written with a decimal comma
    /// (`number_comma_decimal`, `number_2dp_comma_decimal`).
    pub fn comma_decimal(&self) -> bool {
        self.validation.contains("comma_decimal")
    }

    /// True for a date-and-time field (`datetime_ymd`, `datetime_seconds_dmy`).
    pub fn datetime(&self) -> bool {
        self.validation.starts_with("datetime")
    }

    /// The label of a raw code, matched as REDCap matches checkbox codes
    /// (without case).
    pub fn label_of(&self, code: &str) -> Option<&str> {
        let code = code.trim();
        self.choices
            .iter()
            .find(|c| c.code == code)
            .or_else(|| {
                self.choices
                    .iter()
                    .find(|c| c.code.eq_ignore_ascii_case(code))
            })
            .map(|c| c.label.as_str())
    }

    /// True when `value` is one of the choice labels.
    pub fn is_label(&self, value: &str) -> bool {
        let v = value.trim();
        self.choices.iter().any(|c| c.label.trim() == v)
    }
}

/// A project's fields in dictionary order (the first is the record ID).
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    /// File it came from (empty for Lenalyze's own).
    pub file: String,
    /// Fields in order.
    pub fields: Vec<Field>,
    by_name: HashMap<String, usize>,
    by_label: HashMap<String, Vec<usize>>,
}

/// The dictionary's columns: page heading and API name of each one read.
const NAME: [&str; 2] = ["Variable / Field Name", "field_name"];
const FORM: [&str; 2] = ["Form Name", "form_name"];
const TYPE: [&str; 2] = ["Field Type", "field_type"];
const LABEL: [&str; 2] = ["Field Label", "field_label"];
const CHOICES: [&str; 2] = [
    "Choices, Calculations, OR Slider Labels",
    "select_choices_or_calculations",
];
const VALIDATION: [&str; 2] = [
    "Text Validation Type OR Show Slider Number",
    "text_validation_type_or_show_slider_number",
];

fn column_of(sheet: &Sheet, names: [&str; 2]) -> Option<usize> {
    let wanted: Vec<String> = names.iter().map(|n| normalize_token(n)).collect();
    sheet
        .header
        .iter()
        .position(|h| wanted.contains(&normalize_token(h)))
}

/// True when a sheet is a REDCap data dictionary (it has the field-name,
/// form-name and field-type columns).
pub fn is_dictionary(sheet: &Sheet) -> bool {
    column_of(sheet, NAME).is_some()
        && column_of(sheet, FORM).is_some()
        && column_of(sheet, TYPE).is_some()
}

/// Splits `1, Male | 2, Female` into choices: at `|` (with or without
/// spaces), each at its first comma only, so a label may hold commas.
pub fn parse_choices(text: &str) -> Vec<Choice> {
    text.split('|')
        .filter_map(|part| {
            let part = part.trim();
            if part.is_empty() {
                return None;
            }
            let (code, label) = part.split_once(',').unwrap_or((part, part));
            Some(Choice {
                code: code.trim().to_string(),
                label: label.trim().to_string(),
            })
        })
        .collect()
}

/// A label as headers compare it: HTML tags dropped, spaces collapsed,
/// lower case.
pub fn label_key(label: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in label.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Dictionary {
    /// Reads a dictionary sheet; `None` when it is not one.
    pub fn read(sheet: &Sheet) -> Option<Dictionary> {
        let name = column_of(sheet, NAME)?;
        let form = column_of(sheet, FORM)?;
        let kind = column_of(sheet, TYPE)?;
        let label = column_of(sheet, LABEL);
        let choices = column_of(sheet, CHOICES);
        let validation = column_of(sheet, VALIDATION);
        let text =
            |r: usize, c: Option<usize>| c.map_or(String::new(), |c| sheet.cell(r, c).display());
        let mut fields = Vec::new();
        for r in 0..sheet.n_rows() {
            let field_name = text(r, Some(name));
            if field_name.is_empty() {
                continue;
            }
            let kind = FieldType::parse(&text(r, Some(kind)));
            fields.push(Field {
                name: field_name,
                form: text(r, Some(form)),
                kind,
                label: text(r, label),
                choices: if kind.has_choices() {
                    parse_choices(&text(r, choices))
                } else {
                    Vec::new()
                },
                validation: text(r, validation).to_ascii_lowercase(),
            });
        }
        let mut dictionary = Dictionary {
            file: sheet.file.clone(),
            ..Dictionary::default()
        };
        for f in fields {
            dictionary.add(f);
        }
        Some(dictionary)
    }

    /// Adds a field (a later field of the same name is ignored).
    pub fn add(&mut self, field: Field) {
        if self.by_name.contains_key(&field.name) {
            return;
        }
        let i = self.fields.len();
        self.by_name.insert(field.name.clone(), i);
        self.add_label(&field.label, i);
        self.fields.push(field);
    }

    /// Makes a further label (another language's) find field `i`.
    pub fn add_label(&mut self, label: &str, i: usize) {
        let key = label_key(label);
        if key.is_empty() {
            return;
        }
        let list = self.by_label.entry(key).or_default();
        if !list.contains(&i) {
            list.push(i);
        }
    }

    /// The field of a variable name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.by_name.get(name).map(|&i| &self.fields[i])
    }

    /// Index of a field by name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// Fields whose label is `label` (a web "CSV (labels)" header).
    pub fn by_label(&self, label: &str) -> &[usize] {
        self.by_label
            .get(&label_key(label))
            .map_or(&[], Vec::as_slice)
    }

    /// The record ID field's name (the project's first field).
    pub fn record_id(&self) -> Option<&str> {
        self.fields.first().map(|f| f.name.as_str())
    }

    /// How many of `headers` this dictionary knows (by name or label, a
    /// checkbox column by its field): picks the dictionary of an export.
    pub fn coverage(&self, headers: &[String]) -> usize {
        headers
            .iter()
            .filter(|h| {
                let base = h.split_once("___").map_or(h.as_str(), |(b, _)| b);
                self.by_name.contains_key(base) || !self.by_label(h).is_empty()
            })
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_split_at_pipes_and_first_commas() {
        // REDCap's own example format, with and without spaces around `|`.
        let c = parse_choices("1, Male | 2, Female");
        assert_eq!(c.len(), 2);
        assert_eq!((c[1].code.as_str(), c[1].label.as_str()), ("2", "Female"));
        let c = parse_choices("1,Yes|0,No");
        assert_eq!((c[1].code.as_str(), c[1].label.as_str()), ("0", "No"));
        let c = parse_choices("a, MDS, unclassifiable | b, Street, City, ZIP");
        assert_eq!(c[0].label, "MDS, unclassifiable");
        assert_eq!(c[1].label, "Street, City, ZIP");
        assert!(parse_choices("").is_empty());
    }

    #[test]
    fn labels_compare_without_html_and_case() {
        assert_eq!(label_key("<b>Sex</b>  at birth"), "sex at birth");
        assert_eq!(label_key("Date of MDS diagnosis"), "date of mds diagnosis");
    }
}
