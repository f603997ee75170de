//! Catalogue words for the schema things diagnostics name: lab names and
//! what a required column holds.
//!
//! The schema (`crate::schema`) keeps its own English wording for the data
//! dictionary and the template; a diagnostic must not echo that text, or the
//! report would carry English. These functions give the catalogue key of the
//! same words (column meanings are looked up by the column's name), and the
//! tests below keep the English catalogue identical to the schema's wording
//! (and make adding a required column without its words a test failure
//! rather than a silently shorter message).

use crate::schema::LabKind;
use crate::text::{keys, Key};

/// The lab's name at the start of a sentence ("Hemoglobin").
pub(crate) fn lab(kind: LabKind) -> Key {
    match kind {
        LabKind::Hb => keys::DIAG_LAB_HB,
        LabKind::Anc => keys::DIAG_LAB_ANC,
        LabKind::Plt => keys::DIAG_LAB_PLT,
        LabKind::Alc => keys::DIAG_LAB_ALC,
    }
}

/// The lab's name inside a sentence ("hemoglobin").
pub(crate) fn lab_in_sentence(kind: LabKind) -> Key {
    match kind {
        LabKind::Hb => keys::DIAG_LAB_HB_IN_SENTENCE,
        LabKind::Anc => keys::DIAG_LAB_ANC_IN_SENTENCE,
        LabKind::Plt => keys::DIAG_LAB_PLT_IN_SENTENCE,
        LabKind::Alc => keys::DIAG_LAB_ALC_IN_SENTENCE,
    }
}

/// What a required column of the patients sheet holds, inside a sentence
/// (`diag.meaning_<column>`); `None` for a column whose meaning is its name
/// (`sex`) or that is never required. Looked up by name, so no column name
/// is listed here (the schema lists them; the test below checks that every
/// required one has its words).
pub(crate) fn column_meaning(column: &str) -> Option<Key> {
    Key::lookup(&format!("diag.meaning_{column}"))
}

/// What a required column of a long sheet holds, inside a sentence
/// (`diag.meaning_<sheet>_<column>`).
pub(crate) fn long_column_meaning(sheet: &str, column: &str) -> Option<Key> {
    if column == "patient_id" {
        return Some(keys::DIAG_MEANING_LONG_PATIENT_ID);
    }
    Key::lookup(&format!("diag.meaning_{sheet}_{column}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{normalize_token, Requirement, LAB_KINDS, LONG_SHEETS, PATIENT_COLUMNS};
    use crate::text::{Lang, Text};

    /// A schema meaning as it reads inside a sentence (the catalogue's
    /// wording): the first letter lower-cased, acronyms left alone: "Date of
    /// MDS diagnosis" → "date of MDS diagnosis", while "IPSS risk group" and
    /// "WHO category" stay as they are (not "iPSS", "wHO").
    fn lower_first(s: &str) -> String {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(_), Some(second)) if second.is_uppercase() => s.to_string(),
            (Some(c), _) => c.to_lowercase().chain(s.chars().skip(1)).collect(),
            (None, _) => String::new(),
        }
    }

    fn en(key: Key) -> &'static str {
        Text::new(Lang::En).t(key)
    }

    #[test]
    fn lab_names_are_the_schemas() {
        for (kind, .., meaning) in LAB_KINDS {
            assert_eq!(en(lab(*kind)), *meaning);
            assert_eq!(en(lab_in_sentence(*kind)), meaning.to_lowercase());
        }
    }

    #[test]
    fn every_required_column_has_its_meaning() {
        for spec in PATIENT_COLUMNS {
            let meaning = lower_first(spec.meaning);
            let says_more = normalize_token(&meaning) != normalize_token(spec.name);
            match (spec.requirement, column_meaning(spec.name)) {
                (Requirement::Optional, _) => {}
                (_, Some(key)) => assert_eq!(en(key), meaning, "{}", spec.name),
                (_, None) => assert!(!says_more, "{} has no catalogue meaning", spec.name),
            }
        }
        for (sheet, columns) in LONG_SHEETS {
            for (name, _, _, required, meaning) in *columns {
                if *required {
                    let key = long_column_meaning(sheet, name)
                        .unwrap_or_else(|| panic!("{sheet}:{name} has no catalogue meaning"));
                    assert_eq!(en(key), lower_first(meaning), "{sheet}:{name}");
                }
            }
        }
    }
}
