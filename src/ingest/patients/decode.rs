//! Column decoders: one column of the patients sheet to a typed column
//! (`Vec<Obs<T>>`, one entry per patient) in one pass over its cells.
//!
//! Each decoder keeps empty and explicitly unknown cells apart from values
//! it cannot read, and names every unreadable cell in a warning that says
//! what the column expects (the decimal point when a decimal comma is the
//! likely cause). Whole-column decisions live here too: a date column's
//! day/month order is decided from all its cells, and a categorical or
//! schedule column matches each distinct spelling once.

use super::Ctx;
use crate::date::Date;
use crate::diagnostics::Diagnostics;
use crate::ingest::schedule::{self, Schedule};
use crate::ingest::sheet::CellRef;
use crate::ingest::values::{self, DateReading, Presence};
use crate::ingest::words;
use crate::model::Obs;
use crate::schema::{match_category, ColumnSpec, Field, LabKind, ValueKind};
use crate::text::{keys, Key, Message};
use std::borrow::Cow;
use std::collections::HashMap;

/// One fixed column of the patients sheet, read for its field.
pub(super) struct ColumnReader<'c, 'a> {
    ctx: &'c Ctx<'a>,
    col: usize,
    spec: &'static ColumnSpec,
}

impl<'c, 'a> ColumnReader<'c, 'a> {
    /// The column at index `col`, which holds `field`.
    pub(super) fn new(ctx: &'c Ctx<'a>, col: usize, field: Field) -> Self {
        ColumnReader {
            ctx,
            col,
            spec: field.spec(),
        }
    }

    /// Every cell read by `parse`; a cell it cannot read is
    /// [`Obs::Invalid`], with a warning saying what the column expects.
    pub(super) fn decode<T>(
        &self,
        diags: &mut Diagnostics,
        mut parse: impl FnMut(&CellRef<'_>) -> Option<T>,
    ) -> Vec<Obs<T>> {
        let decimal_comma = self.ctx.sheet.decimal_comma;
        (0..self.ctx.rows.len())
            .map(|p| {
                let cell = self.ctx.cell(p, self.col);
                let obs = parse_obs(&cell, &mut parse);
                if matches!(obs, Obs::Invalid) {
                    // Only messages need the cell as text: built then, not
                    // for every cell.
                    let shown = cell.display();
                    diags.warning(
                        "invalid-value",
                        self.ctx.at(p, self.col, &shown),
                        invalid_value(self.spec, &shown, decimal_comma),
                    );
                }
                obs
            })
            .collect()
    }

    /// The cells as numbers (a decimal comma where the file uses one).
    pub(super) fn numbers(&self, diags: &mut Diagnostics) -> Vec<Obs<f64>> {
        let decimal_comma = self.ctx.sheet.decimal_comma;
        self.decode(diags, |c| values::number(c, decimal_comma))
    }

    /// The cells as counts (whole numbers from 0).
    pub(super) fn counts(&self, diags: &mut Diagnostics) -> Vec<Obs<u32>> {
        let decimal_comma = self.ctx.sheet.decimal_comma;
        self.decode(diags, |c| {
            values::integer(c, decimal_comma).and_then(|n| u32::try_from(n).ok())
        })
    }

    /// The cells as their text, trimmed.
    pub(super) fn texts(&self, diags: &mut Diagnostics) -> Vec<Obs<String>> {
        self.decode(diags, |c| Some(c.display()))
    }

    /// The cells as yes or no.
    pub(super) fn yes_no(&self, diags: &mut Diagnostics) -> Vec<Obs<bool>> {
        self.decode(diags, values::yes_no)
    }

    /// The cells as the column's categories (canonical spellings).
    pub(super) fn categories(&self, diags: &mut Diagnostics) -> Vec<Obs<&'static str>> {
        let mut category = self.category_matcher();
        self.decode(diags, |c| category(c))
    }

    /// Matches a cell to the column's categories. Categorical columns hold
    /// few distinct values: each is matched once per column, not once per
    /// cell.
    pub(super) fn category_matcher(&self) -> impl FnMut(&CellRef<'_>) -> Option<&'static str> {
        let categories = self.spec.categories;
        let mut seen: HashMap<String, Option<&'static str>> = HashMap::new();
        move |c: &CellRef<'_>| {
            let text = text_of(c);
            if let Some(hit) = seen.get(text.as_ref()) {
                return *hit;
            }
            let hit = match_category(categories, &text);
            seen.insert(text.into_owned(), hit);
            hit
        }
    }

    /// Known values for which `implausible` holds become [`Obs::Invalid`],
    /// each named in an `implausible-value` warning at its cell.
    pub(super) fn flag_implausible(
        &self,
        values: Vec<Obs<f64>>,
        diags: &mut Diagnostics,
        implausible: impl Fn(f64) -> bool,
        message: impl Fn(f64) -> Message,
    ) -> Vec<Obs<f64>> {
        values
            .into_iter()
            .enumerate()
            .map(|(p, obs)| match obs {
                Obs::Known(v) if implausible(v) => {
                    let shown = self.ctx.cell(p, self.col).display();
                    diags.warning(
                        "implausible-value",
                        self.ctx.at(p, self.col, &shown),
                        message(v),
                    );
                    Obs::Invalid
                }
                obs => obs,
            })
            .collect()
    }

    /// The cells as dosing schedules; a schedule that cannot be read in full
    /// is named as such (never taken as "daily").
    pub(super) fn schedules(&self, diags: &mut Diagnostics) -> Vec<Obs<Schedule>> {
        // Each distinct text parsed once per column.
        let mut seen: HashMap<String, Option<Schedule>> = HashMap::new();
        (0..self.ctx.rows.len())
            .map(|p| {
                let cell = self.ctx.cell(p, self.col);
                let obs = parse_obs(&cell, |c| {
                    let text = text_of(c);
                    if let Some(hit) = seen.get(text.as_ref()) {
                        return *hit;
                    }
                    let hit = schedule::parse(&text);
                    seen.insert(text.into_owned(), hit);
                    hit
                });
                if matches!(obs, Obs::Invalid) {
                    let shown = cell.display();
                    diags.warning(
                        "unreadable-schedule",
                        self.ctx.at(p, self.col, &shown),
                        Message::new(keys::DIAG_UNREADABLE_SCHEDULE).with("value", &shown),
                    );
                }
                obs
            })
            .collect()
    }

    /// The cells as dates, with day/month order decided for the whole
    /// column: a column that has both a date only day-first can read and one
    /// only month-first can read is an error at each, and a column that
    /// never tells is an error at each ambiguous date.
    pub(super) fn dates(&self, diags: &mut Diagnostics) -> Vec<Obs<Date>> {
        let (ctx, col, name) = (self.ctx, self.col, self.spec.name);
        let readings: Vec<Obs<DateReading>> = (0..ctx.rows.len())
            .map(|p| parse_obs(&ctx.cell(p, col), values::date))
            .collect();
        let day_first = readings
            .iter()
            .any(|r| matches!(r, Obs::Known(DateReading::DayFirstOnly(_))));
        let month_first = readings
            .iter()
            .any(|r| matches!(r, Obs::Known(DateReading::MonthFirstOnly(_))));
        let mut reported_ambiguous = false;
        readings
            .into_iter()
            .enumerate()
            .map(|(p, reading)| {
                let shown = || ctx.cell(p, col).display();
                match reading {
                    Obs::Known(DateReading::Exact(d)) => Obs::Known(d),
                    Obs::Known(DateReading::DayFirstOnly(d)) if !month_first => Obs::Known(d),
                    Obs::Known(DateReading::MonthFirstOnly(d)) if !day_first => Obs::Known(d),
                    Obs::Known(DateReading::Ambiguous { day_first: d, .. })
                        if day_first && !month_first =>
                    {
                        Obs::Known(d)
                    }
                    Obs::Known(DateReading::Ambiguous { month_first: m, .. })
                        if month_first && !day_first =>
                    {
                        Obs::Known(m)
                    }
                    Obs::Known(DateReading::DayFirstOnly(_) | DateReading::MonthFirstOnly(_)) => {
                        let shown = shown();
                        diags.error(
                            "mixed-date-order",
                            ctx.at(p, col, &shown),
                            Message::new(keys::DIAG_MIXED_DATE_ORDER)
                                .with("column", name)
                                .with("value", &shown),
                        );
                        Obs::Invalid
                    }
                    Obs::Known(DateReading::Ambiguous {
                        day_first: d,
                        month_first: m,
                    }) => {
                        let shown = shown();
                        let message = if reported_ambiguous {
                            Message::new(keys::DIAG_AMBIGUOUS_DATE_AGAIN)
                        } else {
                            Message::new(keys::DIAG_AMBIGUOUS_DATE).with("column", name)
                        }
                        .with("value", &shown)
                        .with("day_first", d)
                        .with("month_first", m);
                        reported_ambiguous = true;
                        diags.error("ambiguous-date", ctx.at(p, col, &shown), message);
                        Obs::Invalid
                    }
                    Obs::Invalid => {
                        let shown = shown();
                        diags.warning(
                            "invalid-date",
                            ctx.at(p, col, &shown),
                            Message::new(keys::DIAG_INVALID_DATE)
                                .with("value", &shown)
                                .with("column", name),
                        );
                        Obs::Invalid
                    }
                    Obs::Empty => Obs::Empty,
                    Obs::Unknown => Obs::Unknown,
                }
            })
            .collect()
    }
}

/// Parses a cell with `parse`, keeping empty and unknown apart.
pub(super) fn parse_obs<T>(
    cell: &CellRef<'_>,
    parse: impl FnOnce(&CellRef<'_>) -> Option<T>,
) -> Obs<T> {
    match values::presence(cell) {
        Presence::Empty => Obs::Empty,
        Presence::Unknown => Obs::Unknown,
        Presence::Present => parse(cell).map_or(Obs::Invalid, Obs::Known),
    }
}

/// A cell's text for matching: borrowed and trimmed when it is text.
fn text_of<'a>(cell: &CellRef<'a>) -> Cow<'a, str> {
    match cell {
        CellRef::Text(t) => Cow::Borrowed(t.trim()),
        other => Cow::Owned(other.display()),
    }
}

/// The message for a lab cell that holds something other than a number
/// (wide week columns and the long `labs` sheet alike), with the decimal
/// point fix when a decimal comma is the likely cause.
pub(in crate::ingest) fn invalid_lab_value(
    shown: &str,
    decimal_comma: bool,
    kind: LabKind,
) -> Message {
    let message = match decimal_point_fix(shown, decimal_comma) {
        Some(fix) => {
            Message::new(keys::DIAG_INVALID_LAB_VALUE_DECIMAL_COMMA).with("suggestion", fix)
        }
        None => Message::new(keys::DIAG_INVALID_LAB_VALUE),
    };
    message
        .with("value", shown)
        .with_key("lab", words::lab_in_sentence(kind))
}

/// What a fixed column's values should look like, for messages (a choice
/// column names its categories instead: see [`invalid_value`]).
fn expectation(kind: ValueKind) -> Key {
    match kind {
        ValueKind::Text | ValueKind::Karyotype | ValueKind::Choice => keys::DIAG_EXPECT_TEXT,
        ValueKind::Sex => keys::DIAG_EXPECT_SEX,
        ValueKind::Integer => keys::DIAG_EXPECT_INTEGER,
        ValueKind::Number => keys::DIAG_EXPECT_NUMBER,
        ValueKind::Date => keys::DIAG_EXPECT_DATE,
        ValueKind::YesNo => keys::DIAG_EXPECT_YES_NO,
        ValueKind::Schedule => keys::DIAG_EXPECT_SCHEDULE,
        ValueKind::Grade => keys::DIAG_EXPECT_GRADE,
    }
}

/// The value as it should be written, when a number could not be read
/// because of a decimal comma in a comma-separated file (`7,5` → `7.5`):
/// the usual cause, and "correct it" alone does not tell a clinician what is
/// wrong with a value that looks right.
fn decimal_point_fix(text: &str, decimal_comma: bool) -> Option<String> {
    let decimal_comma_like = text.split_once(',').is_some_and(|(a, b)| {
        !a.is_empty()
            && !b.is_empty()
            && a.trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_digit())
            && b.chars().all(|c| c.is_ascii_digit())
    });
    (decimal_comma_like && !decimal_comma).then(|| text.replacen(',', ".", 1))
}

/// The message for a value of a fixed column that could not be read.
fn invalid_value(spec: &crate::schema::ColumnSpec, value: &str, decimal_comma: bool) -> Message {
    let fix = match spec.kind {
        ValueKind::Number | ValueKind::Integer => decimal_point_fix(value, decimal_comma),
        _ => None,
    };
    let message = match (spec.kind, fix) {
        (ValueKind::Choice, _) => {
            // The categories are spellings of the file format, not words.
            let names: Vec<String> = spec
                .categories
                .iter()
                .map(|c| format!("\"{}\"", c.canonical))
                .collect();
            Message::new(keys::DIAG_INVALID_CHOICE).with("categories", names.join(", "))
        }
        (kind, Some(fix)) => Message::new(keys::DIAG_INVALID_VALUE_DECIMAL_COMMA)
            .with_key("expected", expectation(kind))
            .with("suggestion", fix),
        (kind, None) => {
            Message::new(keys::DIAG_INVALID_VALUE).with_key("expected", expectation(kind))
        }
    };
    message.with("value", value).with("column", spec.name)
}
