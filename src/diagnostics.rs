//! Located diagnostics: every problem found in an input file, as a value.
//!
//! Bad input never panics and never disappears silently. Each problem becomes
//! a [`Diagnostic`] that names where it is (file, sheet, row as the user sees it
//! in their spreadsheet, column as written in their header, the value) and says
//! in one sentence what is wrong and how to fix it. Like a compiler's span, the
//! location lets the page link the message to the cell.
//!
//! The sentence is stored as a catalogue key with its parameters
//! ([`Message`]), not as text, so the report stays language-free: the
//! presentation layer (and the CLI) render it in the reader's language.

use crate::text::{Lang, Message, Param, Text};
use serde::Serialize;

/// How serious a diagnostic is.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file cannot be analyzed until this is fixed.
    Error,
    /// A value was dropped, converted or questioned; the analysis goes on.
    Warning,
    /// Something the user should know (an encoding detected, a unit converted).
    Info,
}

/// Where in the user's files a diagnostic points.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// File name as dropped.
    pub file: String,
    /// Sheet name for workbooks; `None` for CSV files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Row number as the spreadsheet shows it (the header is row 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// Column header exactly as the user wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Column letter as the spreadsheet shows it (A, B, …, AA).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column_letter: Option<String>,
    /// The offending value, as written; a value longer than 200 characters
    /// is cut to its first 200 and "…".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The patient the row belongs to, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient_id: Option<String>,
}

/// One problem or note about the input.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error, warning or info.
    pub severity: Severity,
    /// A stable machine-readable code, e.g. `duplicate-patient-id`.
    pub code: &'static str,
    /// Where the problem is.
    pub location: Location,
    /// One sentence on what is wrong and how to fix it, for a clinician (a
    /// catalogue key and its parameters).
    pub message: Message,
}

impl Diagnostic {
    /// The sentence in a language.
    pub fn text(&self, lang: Lang) -> String {
        self.message.render(Text::new(lang))
    }
}

/// An ordered collection of diagnostics.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a diagnostic. The sentence is a catalogue [`Message`], never
    /// text, so every diagnostic can be read in the reader's language. The
    /// value in the location and the parameters shown as written are cut
    /// with [`cut_value`].
    pub fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        mut location: Location,
        mut message: Message,
    ) {
        if let Some(v) = location.value.as_mut() {
            if let Some(short) = cut_value(v) {
                *v = short;
            }
        }
        for (_, p) in &mut message.params {
            if let Param::Text(v) = p {
                if let Some(short) = cut_value(v) {
                    *v = short;
                }
            }
        }
        self.0.push(Diagnostic {
            severity,
            code,
            location,
            message,
        });
    }

    /// Adds an error.
    pub fn error(&mut self, code: &'static str, location: Location, message: Message) {
        self.push(Severity::Error, code, location, message);
    }

    /// Adds a warning.
    pub fn warning(&mut self, code: &'static str, location: Location, message: Message) {
        self.push(Severity::Warning, code, location, message);
    }

    /// Adds an informational note.
    pub fn info(&mut self, code: &'static str, location: Location, message: Message) {
        self.push(Severity::Info, code, location, message);
    }

    /// Appends all diagnostics of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// True when at least one error is present.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    /// All diagnostics in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts by file, sheet, row, then severity, keeping insertion order for
    /// ties, so reports read top to bottom like the spreadsheet.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (
                &a.location.file,
                &a.location.sheet,
                a.location.row,
                a.severity,
            )
                .cmp(&(
                    &b.location.file,
                    &b.location.sheet,
                    b.location.row,
                    b.severity,
                ))
        });
    }
}

/// The longest cell value a diagnostic repeats, in characters.
pub const MAX_VALUE_CHARS: usize = 200;

/// A value echoed from the user's file, cut for a diagnostic: a value longer
/// than [`MAX_VALUE_CHARS`] characters becomes its first 200 characters and
/// "…" (a whole pasted paragraph, or a row that ran into one cell through a
/// stray quote, would otherwise fill the report and the data check). `None`
/// when the value is short enough to keep as it is. [`Diagnostics::push`]
/// applies it to the location's value and to every parameter shown as
/// written, so no call site can forget it.
pub fn cut_value(value: &str) -> Option<String> {
    let (cut, _) = value.char_indices().nth(MAX_VALUE_CHARS)?;
    Some(format!("{}…", &value[..cut]))
}

/// Spreadsheet column letter for a zero-based column index (0 → A, 26 → AA).
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::keys;

    #[test]
    fn column_letters_match_spreadsheets() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn long_values_are_cut_to_200_characters() {
        let exactly = "가".repeat(MAX_VALUE_CHARS);
        assert_eq!(cut_value(&exactly), None);
        let long = format!("{exactly}xyz");
        assert_eq!(cut_value(&long), Some(format!("{exactly}…")));

        let mut diags = Diagnostics::new();
        diags.warning(
            "invalid-value",
            Location {
                value: Some(long.clone()),
                ..Location::default()
            },
            Message::new(keys::DIAG_INVALID_DATE)
                .with("value", &long)
                .with("column", "start_date"),
        );
        let d = diags.iter().next().unwrap();
        assert_eq!(d.location.value.as_deref(), Some(&*format!("{exactly}…")));
        assert_eq!(
            d.text(Lang::En),
            format!(
                "\"{exactly}…\" is not a date Lenalyze can read in column start_date; the \
                 value is left out. Write it as YYYY-MM-DD."
            )
        );
    }
}
