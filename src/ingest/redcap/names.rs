//! REDCap names of the crf-v1 fields, derived from the schema.
//!
//! A REDCap project's field names are unique across all its instruments, and
//! its record ID (`patient_id`) is the first field only. The long sheets
//! share column names (`date` in `labs`, `transfusions` and `dosing`), so a
//! long-sheet column whose name is not unique takes its first alias that is
//! (`lab_date`, `transfusion_date`, `dose_date`); the reader maps those back
//! through the same aliases, so no list of names lives here.

use crate::schema::{LONG_SHEETS, PATIENT_COLUMNS};

/// The instrument of the patients sheet (the long sheets' instruments carry
/// their sheet names).
pub const PATIENTS_INSTRUMENT: &str = "patients";

/// A name as a REDCap variable: lower-case letters, digits and underscores,
/// starting with a letter.
pub fn variable(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

fn used_elsewhere(sheet: &str, column: &str) -> bool {
    PATIENT_COLUMNS.iter().any(|c| c.name == column)
        || LONG_SHEETS
            .iter()
            .filter(|s| s.name != sheet)
            .any(|s| s.columns.iter().any(|c| c.name == column))
}

/// The REDCap field name of a long sheet's column; `None` for `patient_id`,
/// which is the record ID.
pub fn long_field(sheet: &str, column: &str) -> Option<String> {
    if column == "patient_id" {
        return None;
    }
    if !used_elsewhere(sheet, column) {
        return Some(column.to_string());
    }
    let aliases = LONG_SHEETS
        .iter()
        .find(|s| s.name == sheet)
        .and_then(|s| s.columns.iter().find(|c| c.name == column))
        .map_or(&[][..], |c| c.aliases);
    aliases
        .iter()
        .map(|a| variable(a))
        .find(|v| !v.is_empty() && !used_elsewhere(sheet, v))
        .or_else(|| Some(variable(&format!("{sheet}_{column}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_take_their_sheets_names() {
        assert_eq!(long_field("labs", "date").as_deref(), Some("lab_date"));
        assert_eq!(
            long_field("transfusions", "date").as_deref(),
            Some("transfusion_date")
        );
        assert_eq!(long_field("dosing", "date").as_deref(), Some("dose_date"));
        assert_eq!(
            long_field("adverse_events", "onset_date").as_deref(),
            Some("onset_date")
        );
        assert_eq!(long_field("labs", "hb").as_deref(), Some("hb"));
        assert_eq!(long_field("labs", "patient_id"), None);
        assert_eq!(variable("Int-1"), "int_1");
        assert_eq!(
            variable("MDS with isolated del(5q)"),
            "mds_with_isolated_del_5q"
        );
    }
}
