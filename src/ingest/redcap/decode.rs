//! One exported value to the value a crf-v1 cell holds.
//!
//! Raw exports hold codes (`sex` = `1`, a drop-down's code), label exports
//! the choices' labels; both become the label, which the crf-v1 parsers
//! read (`Male`, `Int-1`, `Yes`). A missing-data code becomes an explicit
//! unknown. A number validated with REDCap's comma-decimal format arrives as
//! `"7,6"` inside a comma-delimited file and becomes `7.6`. A date-time keeps
//! its date.

use super::dictionary::{Field, FieldType};

/// REDCap's standard missing-data codes (Project Setup → Additional
/// customizations → Missing Data Codes, the predefined list; HL7 null
/// flavors). A project chooses among them or adds its own; exports do not
/// say which, so all standard codes are read as explicitly unknown, and a
/// project's own codes (`-999`) only when the settings name them.
pub const STANDARD_MISSING_CODES: &[&str] = &[
    "NI", "INV", "UNK", "NASK", "ASKU", "NAV", "MSK", "NA", "NAVU", "NP", "QS", "QI", "TRC", "UNC",
    "DER", "PINF", "NINF", "OTH",
];

/// What an explicitly unknown value becomes in a crf-v1 cell (a word the
/// crf-v1 parsers read as unknown).
pub const UNKNOWN: &str = "unknown";

/// The missing-data codes read as explicitly unknown.
#[derive(Debug, Clone, Default)]
pub struct MissingCodes {
    codes: Vec<String>,
}

impl MissingCodes {
    /// The standard codes and the project's own.
    pub fn new(project: &[String]) -> MissingCodes {
        let mut codes: Vec<String> = STANDARD_MISSING_CODES
            .iter()
            .map(|c| c.to_string())
            .collect();
        for c in project {
            let c = c.trim();
            if !c.is_empty() && !codes.iter().any(|x| x == c) {
                codes.push(c.to_string());
            }
        }
        MissingCodes { codes }
    }

    /// True when a value is a missing-data code, as REDCap stores it.
    pub fn is_missing(&self, value: &str) -> bool {
        let v = value.trim();
        self.codes.iter().any(|c| c == v)
    }

    /// True when a checkbox column's code (`___unk`, lower-cased by REDCap)
    /// is a missing-data code.
    pub fn is_missing_column(&self, code: &str) -> bool {
        let code = code.trim();
        // REDCap writes a code's dots and dashes as underscores in a column name.
        let squash = |s: &str| s.replace(['.', '-'], "_").to_ascii_lowercase();
        self.codes.iter().any(|c| squash(c) == squash(code))
    }
}

/// `7,6` → `7.6`; anything else as it is.
fn comma_decimal(value: &str) -> String {
    let (sign, digits) = value
        .strip_prefix('-')
        .map_or(("", value), |rest| ("-", rest));
    match digits.split_once(',') {
        Some((int, frac))
            if !int.is_empty()
                && !frac.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{sign}{int}.{frac}")
        }
        _ => value.to_string(),
    }
}

/// The crf-v1 cell for one exported value of `field` (`None` without a
/// dictionary entry: the value as written, missing codes aside).
pub fn value(field: Option<&Field>, raw: &str, missing: &MissingCodes) -> String {
    let t = raw.trim();
    if t.is_empty() {
        return String::new();
    }
    let Some(field) = field else {
        return if missing.is_missing(t) {
            UNKNOWN.to_string()
        } else {
            t.to_string()
        };
    };
    if field.kind.has_choices() {
        if let Some(label) = field.label_of(t) {
            return label.to_string();
        }
        if field.is_label(t) {
            return t.to_string();
        }
    }
    if missing.is_missing(t) {
        return UNKNOWN.to_string();
    }
    match field.kind {
        FieldType::Text if field.comma_decimal() => comma_decimal(t),
        FieldType::Text if field.datetime() => t.split([' ', 'T']).next().unwrap_or(t).to_string(),
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::dictionary::parse_choices;
    use super::*;

    fn field(kind: FieldType, choices: &str, validation: &str) -> Field {
        Field {
            name: "f".into(),
            form: "patients".into(),
            kind,
            label: "F".into(),
            choices: parse_choices(choices),
            validation: validation.into(),
        }
    }

    #[test]
    fn codes_become_labels_and_labels_stay() {
        let m = MissingCodes::new(&[]);
        let sex = field(FieldType::Radio, "1, Male | 2, Female", "");
        assert_eq!(value(Some(&sex), "2", &m), "Female");
        assert_eq!(value(Some(&sex), "Female", &m), "Female");
        assert_eq!(value(Some(&sex), " ", &m), "");
        assert_eq!(value(Some(&sex), "UNK", &m), UNKNOWN);
        // A code not in the list is left for the parser to report.
        assert_eq!(value(Some(&sex), "7", &m), "7");
    }

    #[test]
    fn missing_codes_standard_and_project() {
        let m = MissingCodes::new(&[]);
        let age = field(FieldType::Text, "", "integer");
        for code in STANDARD_MISSING_CODES {
            assert_eq!(value(Some(&age), code, &m), UNKNOWN, "{code}");
        }
        assert_eq!(value(Some(&age), "-999", &m), "-999");
        let m = MissingCodes::new(&["-999".into()]);
        assert_eq!(value(Some(&age), "-999", &m), UNKNOWN);
        assert!(m.is_missing_column("unk"));
        assert!(m.is_missing_column("_999"));
        assert!(!m.is_missing_column("1"));
    }

    #[test]
    fn comma_decimals_and_datetimes() {
        let m = MissingCodes::new(&[]);
        let hb = field(FieldType::Text, "", "number_comma_decimal");
        assert_eq!(value(Some(&hb), "7,6", &m), "7.6");
        assert_eq!(value(Some(&hb), "-0,25", &m), "-0.25");
        assert_eq!(value(Some(&hb), "12", &m), "12");
        // Without the validation a comma is not a decimal comma.
        let text = field(FieldType::Text, "", "");
        assert_eq!(value(Some(&text), "189,000", &m), "189,000");
        let at = field(FieldType::Text, "", "datetime_ymd");
        assert_eq!(value(Some(&at), "2019-03-11 08:30", &m), "2019-03-11");
    }
}
