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

impl RedcapPlace {
    /// The place in words (`event baseline_arm_1, instrument labs, instance
    /// 2, field hb`); the record only when `with_record` (a table with a
    /// patient column shows it there).
    pub fn render(&self, t: Text, with_record: bool) -> String {
        use crate::text::keys;
        let mut parts = Vec::new();
        if let Some(r) = self.record.as_ref().filter(|_| with_record) {
            parts.push(t.f(keys::REDCAP_PLACE_RECORD, &[("record", r)]));
        }
        if let Some(e) = &self.event {
            parts.push(t.f(keys::REDCAP_PLACE_EVENT, &[("event", e)]));
        }
        if let Some(i) = &self.instrument {
            parts.push(t.f(keys::REDCAP_PLACE_INSTRUMENT, &[("instrument", i)]));
        }
        if let Some(n) = self.instance {
            parts.push(t.f(keys::REDCAP_PLACE_INSTANCE, &[("instance", &n)]));
        }
        if let Some(f) = &self.field {
            parts.push(t.f(keys::REDCAP_PLACE_FIELD, &[("field", f)]));
        }
        parts.join(t.t(keys::LIST_SEPARATOR))
    }
}

/// How serious a diagnostic is.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
    /// Where in a REDCap project the value was, for a REDCap export: record,
    /// event, instrument, repeat instance and field (`column` is then the
    /// export's header and `row` the export's row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redcap: Option<RedcapPlace>,
}

/// A place in a REDCap project, as its exports and data-entry pages name it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RedcapPlace {
    /// Record ID (the project's first field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// Unique event name (`baseline_arm_1`), in longitudinal projects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Instrument (form) name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    /// Repeat instance of a repeating instrument or event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<u32>,
    /// Field (variable) name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
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
    /// The same problem found again elsewhere in the same sheet, listed
    /// compactly instead of one diagnostic each ([`Diagnostics::group`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeated: Option<Repeated>,
}

/// Where else a diagnostic's problem was found.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repeated {
    /// How many more times.
    pub count: usize,
    /// The first rows it was found in (at most [`LISTED_PLACES`]); absent
    /// when none (the schema says so: `default` makes it optional there).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<u32>,
    /// The first columns it was found in (at most [`LISTED_PLACES`]); absent
    /// when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
}

/// A problem found this many times in one sheet becomes one diagnostic that
/// lists where (the first is kept whole, the rest as rows and columns).
pub const GROUP_FROM: usize = 10;

/// At most this many rows and columns are listed for a grouped problem.
pub const LISTED_PLACES: usize = 20;

impl Diagnostic {
    /// The sentence in a language.
    pub fn text(&self, lang: Lang) -> String {
        self.message.render(Text::new(lang))
    }
}

/// A problem found this many times in one sheet is counted from then on,
/// not kept: only a diagnostic that adds a row or column to the places a
/// grouped problem lists is kept, so memory stays bounded however often a
/// file repeats a problem (100,000 unknown columns took 48 MB of kept
/// diagnostics, and twice that while grouping).
pub const KEEP_AT_MOST: usize = 1_000;

/// What makes diagnostics the same problem for grouping: severity, code,
/// sentence, file and sheet.
type GroupKey = (
    Severity,
    &'static str,
    crate::text::Key,
    String,
    Option<String>,
);

/// How often one problem was found, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Tally {
    /// Diagnostics of this problem kept in the list.
    kept: usize,
    /// Diagnostics counted but not kept (after [`KEEP_AT_MOST`]).
    counted: usize,
    /// Rows and columns of the kept ones, up to [`LISTED_PLACES`] each, to
    /// tell whether a later one adds a place.
    rows: Vec<u32>,
    columns: Vec<String>,
}

/// An ordered collection of diagnostics.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    /// Per problem, how often it was found (see [`KEEP_AT_MOST`]).
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    tally: std::collections::HashMap<GroupKey, Tally>,
}

/// The grouping key of a diagnostic.
fn group_key(d: &Diagnostic) -> GroupKey {
    (
        d.severity,
        d.code,
        d.message.key,
        d.location.file.clone(),
        d.location.sheet.clone(),
    )
}

/// The place a grouped diagnostic lists for another: its row, and its
/// column letter or else its header.
fn place_of(location: &Location) -> (Option<u32>, Option<&String>) {
    (
        location.row,
        location.column_letter.as_ref().or(location.column.as_ref()),
    )
}

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
        let Location {
            file,
            sheet,
            column,
            value,
            patient_id,
            ..
        } = &mut location;
        let echoed = [Some(file), sheet.as_mut(), column.as_mut(), value.as_mut()];
        for v in echoed.into_iter().flatten().chain(patient_id.as_mut()) {
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
        let d = Diagnostic {
            severity,
            code,
            location,
            message,
            repeated: None,
        };
        let tally = self.tally.entry(group_key(&d)).or_default();
        let (row, column) = place_of(&d.location);
        let new_row = row.filter(|r| !tally.rows.contains(r));
        let new_column = column.filter(|c| !tally.columns.contains(c));
        let adds_a_place = (new_row.is_some() && tally.rows.len() < LISTED_PLACES)
            || (new_column.is_some() && tally.columns.len() < LISTED_PLACES);
        if tally.kept >= KEEP_AT_MOST && !adds_a_place {
            tally.counted += 1;
            return;
        }
        tally.kept += 1;
        if let Some(r) = new_row.filter(|_| tally.rows.len() < LISTED_PLACES) {
            tally.rows.push(r);
        }
        if let Some(c) = new_column.filter(|_| tally.columns.len() < LISTED_PLACES) {
            tally.columns.push(c.clone());
        }
        self.list.push(d);
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

    /// Appends all diagnostics of `other` (with what it only counted).
    pub fn extend(&mut self, other: Diagnostics) {
        for (key, theirs) in other.tally {
            let mine = self.tally.entry(key).or_default();
            mine.kept += theirs.kept;
            mine.counted += theirs.counted;
            for r in theirs.rows {
                if mine.rows.len() < LISTED_PLACES && !mine.rows.contains(&r) {
                    mine.rows.push(r);
                }
            }
            for c in theirs.columns {
                if mine.columns.len() < LISTED_PLACES && !mine.columns.contains(&c) {
                    mine.columns.push(c);
                }
            }
        }
        self.list.extend(other.list);
    }

    /// True when at least one error is present.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when there is an error of any code but `code`.
    pub fn has_errors_other_than(&self, code: &str) -> bool {
        self.list
            .iter()
            .any(|d| d.severity == Severity::Error && d.code != code)
    }

    /// Number of problems of a severity, a grouped one counted as often as
    /// it was found (also those only counted, see [`KEEP_AT_MOST`]).
    pub fn count(&self, severity: Severity) -> usize {
        let listed: usize = self
            .list
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| 1 + d.repeated.as_ref().map_or(0, |r| r.count))
            .sum();
        let counted: usize = self
            .tally
            .iter()
            .filter(|(k, _)| k.0 == severity)
            .map(|(_, t)| t.counted)
            .sum();
        listed + counted
    }

    /// All diagnostics in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// The diagnostics from index `from` on, to amend their locations (a
    /// reader that knows more about where a value was than the code that
    /// found the problem).
    pub fn iter_mut_from(&mut self, from: usize) -> impl Iterator<Item = &mut Diagnostic> {
        self.list.iter_mut().skip(from)
    }

    /// Number of diagnostics kept (see [`KEEP_AT_MOST`]).
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Groups a problem found [`GROUP_FROM`] times or more in one sheet (the
    /// same code and sentence) into its first diagnostic, which then lists
    /// the others' rows and columns compactly: a file with 100,000 unknown
    /// columns gives one warning, not 100,000. Nothing is dropped: the count
    /// says how many, and the first places are listed.
    pub fn group(&mut self) {
        use std::collections::HashMap;
        let mut counts: HashMap<GroupKey, usize> = HashMap::new();
        for d in &self.list {
            *counts.entry(group_key(d)).or_default() += 1;
        }
        if counts.values().all(|&n| n < GROUP_FROM) {
            return;
        }
        let mut first_of: HashMap<GroupKey, usize> = HashMap::new();
        let mut out: Vec<Diagnostic> = Vec::with_capacity(self.list.len());
        for d in std::mem::take(&mut self.list) {
            let k = group_key(&d);
            if counts[&k] < GROUP_FROM {
                out.push(d);
                continue;
            }
            match first_of.get(&k) {
                None => {
                    // Those only counted are added to the first.
                    let counted = self.tally.get(&k).map_or(0, |t| t.counted);
                    first_of.insert(k, out.len());
                    out.push(Diagnostic {
                        repeated: Some(Repeated {
                            count: counted,
                            rows: Vec::new(),
                            columns: Vec::new(),
                        }),
                        ..d
                    });
                }
                Some(&i) => {
                    if let Some(r) = out[i].repeated.as_mut() {
                        r.count += 1;
                        if let Some(row) = d.location.row {
                            if r.rows.len() < LISTED_PLACES && !r.rows.contains(&row) {
                                r.rows.push(row);
                            }
                        }
                        if let Some(col) = d.location.column_letter.or(d.location.column) {
                            if r.columns.len() < LISTED_PLACES && !r.columns.contains(&col) {
                                r.columns.push(col);
                            }
                        }
                    }
                }
            }
        }
        // The counted ones are in the first of their group now.
        for t in self.tally.values_mut() {
            t.counted = 0;
        }
        self.list = out;
    }

    /// Sorts by file, sheet, row, then severity, keeping insertion order for
    /// ties, so reports read top to bottom like the spreadsheet.
    pub fn sort(&mut self) {
        self.list.sort_by(|a, b| {
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
    // No more bytes than the limit: no more characters either.
    if value.len() <= MAX_VALUE_CHARS {
        return None;
    }
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
    fn a_storm_of_one_problem_is_one_diagnostic_listing_where() {
        let mut d = Diagnostics::new();
        for c in 0..100_000u32 {
            d.warning(
                "ignored-column",
                Location {
                    file: "wide.csv".into(),
                    row: Some(1),
                    column: Some(format!("x{c}")),
                    column_letter: Some(column_letter(c as usize + 3)),
                    ..Location::default()
                },
                Message::new(keys::DIAG_UNKNOWN_COLUMN).with("column", format!("x{c}")),
            );
        }
        d.error(
            "no-patients",
            Location::default(),
            Message::new(keys::DIAG_NO_PATIENTS),
        );
        d.group();
        assert_eq!(d.len(), 2);
        let first = d.iter().next().unwrap();
        let r = first.repeated.as_ref().unwrap();
        assert_eq!(r.count, 99_999);
        assert_eq!(r.rows, vec![1]);
        assert_eq!(r.columns.len(), LISTED_PLACES);
        assert_eq!(r.columns[0], "E");
        // A problem found a few times stays as it is.
        let mut few = Diagnostics::new();
        for _ in 0..GROUP_FROM - 1 {
            few.error(
                "no-patients",
                Location::default(),
                Message::new(keys::DIAG_NO_PATIENTS),
            );
        }
        few.group();
        assert_eq!(few.len(), GROUP_FROM - 1);
    }

    #[test]
    fn a_storm_is_counted_not_kept_and_groups_as_if_kept() {
        let push_all = |d: &mut Diagnostics, n: u32| {
            for i in 0..n {
                d.warning(
                    "invalid-value",
                    Location {
                        file: "f.csv".into(),
                        // Rows repeat after 25, so later ones add no place.
                        row: Some(2 + i % 25),
                        column: Some("age".into()),
                        column_letter: Some("D".into()),
                        ..Location::default()
                    },
                    Message::new(keys::DIAG_INVALID_DATE).with("value", format!("v{i}")),
                );
            }
        };
        let mut d = Diagnostics::new();
        push_all(&mut d, 100_000);
        assert_eq!(d.len(), KEEP_AT_MOST);
        assert_eq!(d.count(Severity::Warning), 100_000);
        d.group();
        assert_eq!(d.len(), 1);
        assert_eq!(d.count(Severity::Warning), 100_000);
        let r = d.iter().next().unwrap().repeated.clone().unwrap();
        assert_eq!(r.count, 99_999);
        assert_eq!(r.rows, (3..23).collect::<Vec<u32>>());
        assert_eq!(r.columns, vec!["D".to_string()]);
        // The same as when every one is kept.
        let mut few = Diagnostics::new();
        push_all(&mut few, KEEP_AT_MOST as u32);
        few.group();
        assert_eq!(
            few.iter().next().unwrap().repeated.as_ref().unwrap().rows,
            r.rows
        );
        // A place first seen after the limit is still kept (and listed).
        let at_row = |d: &mut Diagnostics, row: u32| {
            d.warning(
                "invalid-value",
                Location {
                    file: "f.csv".into(),
                    row: Some(row),
                    ..Location::default()
                },
                Message::new(keys::DIAG_INVALID_DATE).with("value", "x"),
            );
        };
        let mut late = Diagnostics::new();
        for _ in 0..5_000 {
            at_row(&mut late, 2);
        }
        at_row(&mut late, 9_999);
        assert_eq!(late.len(), KEEP_AT_MOST + 1);
        late.group();
        let r = late.iter().next().unwrap().repeated.clone().unwrap();
        assert_eq!(r.count, 5_000);
        assert_eq!(r.rows, vec![2, 9_999]);
    }

    #[test]
    fn every_echoed_place_is_cut() {
        let long = "x".repeat(MAX_VALUE_CHARS + 1);
        let cut = cut_value(&long);
        let mut d = Diagnostics::new();
        d.warning(
            "ignored-column",
            Location {
                file: long.clone(),
                sheet: Some(long.clone()),
                column: Some(long.clone()),
                value: Some(long.clone()),
                patient_id: Some(long.clone()),
                ..Location::default()
            },
            Message::new(keys::DIAG_UNKNOWN_COLUMN).with("column", &long),
        );
        let l = &d.iter().next().unwrap().location;
        for v in [
            Some(&l.file),
            l.sheet.as_ref(),
            l.column.as_ref(),
            l.value.as_ref(),
            l.patient_id.as_ref(),
        ] {
            assert_eq!(v, cut.as_ref());
        }
    }

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
