//! Catalogue words for the schema things diagnostics name: lab names and
//! what a required column holds.
//!
//! The schema (`crate::schema`) holds no words: what a column means is the
//! catalogue's `diag.meaning_<column>`, the same words the data dictionary
//! and the CRF template show (`crate::template::column_words`). These
//! functions give the keys diagnostics use; the tests below make a required
//! column without its words a test failure rather than a silently shorter
//! message.

use crate::schema::{normalize_token, LabKind};
use crate::text::{keys, Key, Lang, Text};

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
    // Decided on the English words, so every language says the same amount.
    crate::template::column_words(column)
        .filter(|key| normalize_token(Text::new(Lang::En).t(*key)) != normalize_token(column))
}

/// What a required column of a long sheet holds, inside a sentence
/// (`diag.meaning_<sheet>_<column>`).
pub(crate) fn long_column_meaning(sheet: &str, column: &str) -> Option<Key> {
    crate::template::long_column_words(sheet, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Requirement, LAB_KINDS, LONG_SHEETS, PATIENT_COLUMNS};

    fn en(key: Key) -> &'static str {
        Text::new(Lang::En).t(key)
    }

    #[test]
    fn lab_names_inside_a_sentence_are_lower_case() {
        for (kind, ..) in LAB_KINDS {
            assert_eq!(en(lab_in_sentence(*kind)), en(lab(*kind)).to_lowercase());
        }
    }

    #[test]
    fn every_required_column_has_its_meaning() {
        for spec in PATIENT_COLUMNS {
            let words = crate::template::column_words(spec.name)
                .unwrap_or_else(|| panic!("{} has no catalogue meaning", spec.name));
            let says_more = normalize_token(en(words)) != normalize_token(spec.name);
            match (spec.requirement, column_meaning(spec.name)) {
                (Requirement::Optional, _) => {}
                (_, Some(key)) => assert_eq!(key, words, "{}", spec.name),
                (_, None) => assert!(!says_more, "{} has no catalogue meaning", spec.name),
            }
        }
        // "sex" means sex: the diagnostic names the column only.
        assert_eq!(column_meaning("sex"), None);
        assert!(column_meaning("age").is_some());
        for sheet in LONG_SHEETS {
            for column in sheet.columns {
                let (sheet, name) = (sheet.name, column.name);
                if column.required {
                    assert!(
                        long_column_meaning(sheet, name).is_some(),
                        "{sheet}:{name} has no catalogue meaning"
                    );
                }
            }
        }
    }
}
