//! The patients sheet to typed [`Patient`]s.
//!
//! Work goes column by column, not row by row, because some rules are
//! decisions about a whole column: whether `05/06/2019` is day-first, whether
//! a lab is in g/L. Each column is parsed once, its decision made, and its
//! values handed to the patients. All problems of the file are collected, so
//! the user fixes them in one round.

use super::columns::{fixed_index, match_header, FieldKey, HeaderMatch};
use super::schedule::{self, Schedule};
use super::sheet::{format_number, CellRef, Sheet};
use super::units;
use super::values::{self, DateReading, Presence};
use super::words;
use crate::date::Date;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Obs, Patient, Response, RowRef, StopReason};
use crate::schema::{
    match_category, LabKind, LabTime, Requirement, ValueKind, LAB_KINDS, PATIENT_COLUMNS,
};
use crate::text::{keys, Key, Message};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A unit conversion applied to a column, reported to the user.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitConversion {
    /// Canonical column names converted.
    pub columns: Vec<String>,
    /// The unit the values were in.
    pub from_unit: String,
    /// The analysis unit.
    pub to_unit: String,
    /// Multiplied by.
    pub factor: f64,
    /// `header` when the header said so, `values` when the values did.
    pub decided_by: &'static str,
}

/// What reading the patients sheet produced.
#[derive(Debug, Default)]
pub struct PatientsSheet {
    /// Patients in file order.
    pub patients: Vec<Patient>,
    /// Unit conversions applied.
    pub unit_conversions: Vec<UnitConversion>,
    /// Headers that were ignored.
    pub ignored_columns: Vec<String>,
    /// Canonical names of the columns found.
    pub mapped_columns: Vec<String>,
    /// Adverse-event terms with a column.
    pub ae_terms: Vec<String>,
    /// Counts of empty and explicitly unknown cells per canonical column.
    pub missing: BTreeMap<String, (usize, usize)>,
}

/// A mapped column.
struct Column {
    key: FieldKey,
    index: usize,
    unit: Option<String>,
}

/// Context for locating diagnostics in this sheet.
struct Ctx<'a> {
    sheet: &'a Sheet,
    rows: &'a [usize],
    ids: &'a [String],
}

impl Ctx<'_> {
    fn at(&self, patient: usize, col: usize, value: &str) -> Location {
        self.at_column(patient, Some(col), value)
    }

    /// A patient's row, at a column the sheet may not have: without one the
    /// location names no column (and no letter: a missing column is not
    /// column A).
    fn at_column(&self, patient: usize, col: Option<usize>, value: &str) -> Location {
        let row = self.rows.get(patient).copied().unwrap_or(0);
        Location {
            file: self.sheet.file.clone(),
            sheet: self.sheet.sheet_name.clone(),
            row: Some(self.sheet.row_number(row)),
            column: col.and_then(|c| self.sheet.header.get(c).cloned()),
            column_letter: col.map(|c| self.sheet.column_letter(c)),
            value: (!value.is_empty()).then(|| value.to_string()),
            patient_id: self.ids.get(patient).cloned(),
            redcap: None,
        }
    }

    fn header_at(&self, col: usize) -> Location {
        Location {
            file: self.sheet.file.clone(),
            sheet: self.sheet.sheet_name.clone(),
            row: Some(self.sheet.header_row_number()),
            column: self.sheet.header.get(col).cloned(),
            column_letter: Some(self.sheet.column_letter(col)),
            ..Location::default()
        }
    }

    fn cell(&self, patient: usize, col: usize) -> CellRef<'_> {
        self.rows
            .get(patient)
            .map_or(CellRef::Empty, |&r| self.sheet.cell(r, col))
    }
}

/// Whether a long `labs` sheet accompanies this sheet (then baseline lab
/// columns are not required here).
#[derive(Debug, Clone, Copy, Default)]
pub struct Companions {
    /// A `labs` long sheet is present.
    pub has_labs_sheet: bool,
}

/// Reads the patients sheet.
pub fn read(sheet: &Sheet, companions: Companions, diags: &mut Diagnostics) -> PatientsSheet {
    let mut out = PatientsSheet::default();
    let columns = map_columns(sheet, companions, &mut out, diags);
    let Some(id_col) = columns
        .iter()
        .find(|c| c.key == FieldKey::Fixed(fixed_index("patient_id").unwrap_or(0)))
        .map(|c| c.index)
    else {
        return out;
    };

    // Rows that hold a patient.
    let mut rows = Vec::new();
    let mut ids = Vec::new();
    let mut first_row_of: HashMap<String, u32> = HashMap::new();
    for r in 0..sheet.n_rows() {
        if sheet.row_is_blank(r) {
            continue;
        }
        let id_cell = sheet.cell(r, id_col);
        let id = id_cell.display();
        let at = Location {
            file: sheet.file.clone(),
            sheet: sheet.sheet_name.clone(),
            row: Some(sheet.row_number(r)),
            column: sheet.header.get(id_col).cloned(),
            column_letter: Some(sheet.column_letter(id_col)),
            value: (!id.is_empty()).then(|| id.clone()),
            patient_id: None,
            redcap: None,
        };
        if id.is_empty() || values::presence(&id_cell) == Presence::Unknown {
            diags.error(
                "missing-patient-id",
                at,
                Message::new(keys::DIAG_MISSING_PATIENT_ID),
            );
            continue;
        }
        if let Some(&first) = first_row_of.get(&id) {
            diags.error(
                "duplicate-patient-id",
                at,
                Message::new(keys::DIAG_DUPLICATE_PATIENT_ID)
                    .with("id", &id)
                    .with("first", first)
                    .with("row", sheet.row_number(r)),
            );
            continue;
        }
        if sheet.cells_beyond_header(r) > 0 {
            diags.warning(
                "cells-without-header",
                at.clone(),
                Message::new(keys::DIAG_CELLS_WITHOUT_HEADER),
            );
        }
        // A footer such as "Total" or a stray ID with nothing else.
        let end = sheet.header.len().min(sheet.row_end(r));
        if (0..end).all(|c| c == id_col || sheet.cell(r, c).is_blank()) {
            diags.warning(
                "id-only-row",
                at,
                Message::new(keys::DIAG_ID_ONLY_ROW)
                    .with("row", sheet.row_number(r))
                    .with("id", &id),
            );
            continue;
        }
        first_row_of.insert(id.clone(), sheet.row_number(r));
        rows.push(r);
        ids.push(id);
    }
    if rows.is_empty() {
        diags.error(
            "no-patients",
            Location {
                file: sheet.file.clone(),
                sheet: sheet.sheet_name.clone(),
                ..Location::default()
            },
            Message::new(keys::DIAG_NO_PATIENTS),
        );
        return out;
    }
    let mut patients: Vec<Patient> = rows
        .iter()
        .zip(&ids)
        .map(|(&r, id)| {
            Patient::new(
                id.clone(),
                RowRef {
                    file: sheet.file.clone(),
                    sheet: sheet.sheet_name.clone(),
                    row: sheet.row_number(r),
                },
            )
        })
        .collect();
    let ctx = Ctx {
        sheet,
        rows: &rows,
        ids: &ids,
    };

    let mut lab_columns: BTreeMap<LabKind, Vec<&Column>> = BTreeMap::new();
    for column in &columns {
        let name = column.key.canonical_name();
        count_missing(&ctx, column.index, &name, &mut out.missing);
        match &column.key {
            FieldKey::Fixed(_) => read_fixed(&ctx, column, &mut patients, diags),
            FieldKey::Lab(kind, _) => lab_columns.entry(*kind).or_default().push(column),
            FieldKey::Ae(term) => {
                out.ae_terms.push(term.clone());
                let key: Arc<str> = term.as_str().into();
                for (p, patient) in patients.iter_mut().enumerate() {
                    let cell = ctx.cell(p, column.index);
                    let obs = parse_obs(&cell, values::grade);
                    if obs == Obs::Invalid {
                        let shown = cell.display();
                        diags.warning(
                            "invalid-grade",
                            ctx.at(p, column.index, &shown),
                            Message::new(keys::DIAG_INVALID_GRADE).with("value", &shown),
                        );
                    }
                    // An empty AE cell means the event did not occur: grade 0
                    // (see `Patient::worst_grade`).
                    patient.adverse_events.push_new(Arc::clone(&key), obs);
                }
            }
        }
    }
    for (kind, cols) in lab_columns {
        read_labs(
            &ctx,
            kind,
            &cols,
            &mut patients,
            &mut out.unit_conversions,
            diags,
        );
    }
    derive_and_check(&ctx, &columns, &mut patients, diags);
    out.patients = patients;
    out
}

/// Maps headers to fields; reports unknown, duplicate and missing columns.
fn map_columns(
    sheet: &Sheet,
    companions: Companions,
    out: &mut PatientsSheet,
    diags: &mut Diagnostics,
) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    let header_loc = |col: usize| Location {
        file: sheet.file.clone(),
        sheet: sheet.sheet_name.clone(),
        row: Some(sheet.header_row_number()),
        column: sheet.header.get(col).cloned(),
        column_letter: Some(sheet.column_letter(col)),
        ..Location::default()
    };
    for (index, header) in sheet.header.iter().enumerate() {
        if header.trim().is_empty() {
            let filled = (0..sheet.column_end(index))
                .filter(|&r| !sheet.cell(r, index).is_blank())
                .count();
            if filled > 0 {
                let key = if filled == 1 {
                    keys::DIAG_COLUMN_WITHOUT_HEADER_ONE
                } else {
                    keys::DIAG_COLUMN_WITHOUT_HEADER_OTHER
                };
                diags.warning(
                    "column-without-header",
                    header_loc(index),
                    Message::new(key)
                        .with("letter", sheet.column_letter(index))
                        .with("n", filled),
                );
            }
            continue;
        }
        match match_header(header) {
            HeaderMatch::Field(key, unit) => {
                if let Some(other) = columns.iter().find(|c| c.key == key) {
                    let first = sheet.header.get(other.index).cloned().unwrap_or_default();
                    diags.error(
                        "duplicate-column",
                        header_loc(index),
                        Message::new(keys::DIAG_DUPLICATE_COLUMN)
                            .with("first", first)
                            .with("first_letter", sheet.column_letter(other.index))
                            .with("second", header)
                            .with("second_letter", sheet.column_letter(index))
                            .with("field", key.canonical_name()),
                    );
                    continue;
                }
                out.mapped_columns.push(key.canonical_name());
                columns.push(Column { key, index, unit });
            }
            HeaderMatch::UnusedWeek(kind, week) => {
                out.ignored_columns.push(shown_header(header));
                diags.warning(
                    "ignored-column",
                    header_loc(index),
                    Message::new(keys::DIAG_UNUSED_WEEK)
                        .with("column", header)
                        .with_key("lab", words::lab_in_sentence(kind))
                        .with("week", week),
                );
            }
            HeaderMatch::Unknown => {
                out.ignored_columns.push(shown_header(header));
                diags.warning(
                    "ignored-column",
                    header_loc(index),
                    Message::new(keys::DIAG_UNKNOWN_COLUMN).with("column", header),
                );
            }
        }
    }
    let has = |name: &str| columns.iter().any(|c| c.key.canonical_name() == name);
    let file_loc = Location {
        file: sheet.file.clone(),
        sheet: sheet.sheet_name.clone(),
        row: Some(sheet.header_row_number()),
        ..Location::default()
    };
    for spec in PATIENT_COLUMNS {
        let missing = match spec.requirement {
            Requirement::Required => !has(spec.name),
            Requirement::RequiredUnless(alt) => !has(spec.name) && !has(alt),
            Requirement::Optional => false,
        };
        if missing {
            let alt = match spec.requirement {
                Requirement::RequiredUnless(alt) => Some(alt),
                _ => None,
            };
            // "sex" means sex: say nothing more than the name then (such a
            // column has no catalogue meaning, see `words::column_meaning`).
            let message = match (alt, words::column_meaning(spec.name)) {
                (None, Some(meaning)) => {
                    Message::new(keys::DIAG_MISSING_COLUMN).with_key("meaning", meaning)
                }
                (None, None) => Message::new(keys::DIAG_MISSING_COLUMN_PLAIN),
                (Some(alt), Some(meaning)) => Message::new(keys::DIAG_MISSING_COLUMN_OR)
                    .with("alternative", alt)
                    .with_key("meaning", meaning),
                (Some(alt), None) => {
                    Message::new(keys::DIAG_MISSING_COLUMN_OR_PLAIN).with("alternative", alt)
                }
            };
            diags.error(
                "missing-column",
                file_loc.clone(),
                message.with("column", spec.name),
            );
        }
    }
    if !companions.has_labs_sheet {
        for (kind, prefix, ..) in LAB_KINDS {
            let name = format!("{prefix}_w0");
            if has(&name) {
                continue;
            }
            if *kind == LabKind::Alc {
                diags.warning(
                    "missing-column",
                    file_loc.clone(),
                    Message::new(keys::DIAG_MISSING_BASELINE_ALC)
                        .with("column", name)
                        .with_key("lab", words::lab_in_sentence(*kind)),
                );
            } else {
                let needed_for = if *kind == LabKind::Hb {
                    keys::DIAG_NEEDED_FOR_HB
                } else {
                    keys::DIAG_NEEDED_FOR_ELIGIBILITY
                };
                diags.error(
                    "missing-column",
                    file_loc.clone(),
                    Message::new(keys::DIAG_MISSING_BASELINE_LAB)
                        .with("column", name)
                        .with_key("lab", words::lab_in_sentence(*kind))
                        .with_key("needed_for", needed_for),
                );
            }
        }
    }
    columns
}

fn count_missing(
    ctx: &Ctx<'_>,
    col: usize,
    name: &str,
    missing: &mut BTreeMap<String, (usize, usize)>,
) {
    let entry = missing.entry(name.to_string()).or_insert((0, 0));
    for p in 0..ctx.rows.len() {
        match values::presence(&ctx.cell(p, col)) {
            Presence::Empty => entry.0 += 1,
            Presence::Unknown => entry.1 += 1,
            Presence::Present => {}
        }
    }
}

/// The message for a lab cell that holds something other than a number
/// (wide week columns and the long `labs` sheet alike), with the decimal
/// point fix when a decimal comma is the likely cause.
pub(super) fn invalid_lab_value(shown: &str, decimal_comma: bool, kind: LabKind) -> Message {
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

/// Parses a cell with `parse`, keeping empty and unknown apart.
fn parse_obs<T>(cell: &CellRef<'_>, parse: impl FnOnce(&CellRef<'_>) -> Option<T>) -> Obs<T> {
    match values::presence(cell) {
        Presence::Empty => Obs::Empty,
        Presence::Unknown => Obs::Unknown,
        Presence::Present => parse(cell).map_or(Obs::Invalid, Obs::Known),
    }
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

fn read_fixed(ctx: &Ctx<'_>, column: &Column, patients: &mut [Patient], diags: &mut Diagnostics) {
    let Some(spec) = column.key.spec() else {
        return;
    };
    let col = column.index;
    let decimal_comma = ctx.sheet.decimal_comma;
    let invalid = |diags: &mut Diagnostics, p: usize, value: &str| {
        diags.warning(
            "invalid-value",
            ctx.at(p, col, value),
            invalid_value(spec, value, decimal_comma),
        );
    };
    if spec.kind == ValueKind::Date {
        let dates = read_date_column(ctx, col, spec.name, diags);
        for (patient, obs) in patients.iter_mut().zip(dates) {
            set_date(patient, spec.name, obs);
        }
        return;
    }
    // Categorical and schedule columns hold few distinct values: each is
    // matched once per column, not once per cell.
    let mut categories_seen: HashMap<String, Option<&'static str>> = HashMap::new();
    let mut category = |c: &CellRef<'_>| -> Option<&'static str> {
        let text = text_of(c);
        if let Some(hit) = categories_seen.get(text.as_ref()) {
            return *hit;
        }
        let hit = match_category(spec.categories, &text);
        categories_seen.insert(text.into_owned(), hit);
        hit
    };
    let mut schedules_seen: HashMap<String, Option<Schedule>> = HashMap::new();
    let mut schedule_of = |c: &CellRef<'_>| -> Option<Schedule> {
        let text = text_of(c);
        if let Some(hit) = schedules_seen.get(text.as_ref()) {
            return *hit;
        }
        let hit = schedule::parse(&text);
        schedules_seen.insert(text.into_owned(), hit);
        hit
    };
    for (p, patient) in patients.iter_mut().enumerate() {
        let cell = ctx.cell(p, col);
        // Only messages need the cell as text: build it then, not for every
        // cell (a String per cell was a large part of reading big files).
        let shown = || cell.display();
        macro_rules! obs {
            ($parse:expr) => {{
                let o = parse_obs(&cell, $parse);
                if o == Obs::Invalid {
                    invalid(diags, p, &shown());
                }
                o
            }};
        }
        match spec.name {
            "site" => patient.site = obs!(|c: &CellRef<'_>| Some(c.display())),
            "sex" => patient.sex = obs!(values::sex),
            "age" => patient.age = obs!(|c: &CellRef<'_>| values::number(c, decimal_comma)),
            "height_cm" => {
                patient.height_cm = obs!(|c: &CellRef<'_>| values::number(c, decimal_comma))
            }
            "weight_kg" => {
                patient.weight_kg = obs!(|c: &CellRef<'_>| values::number(c, decimal_comma))
            }
            "who_class" => {
                // Unrecognized WHO wording is kept as written: Table 1 lists it.
                patient.who_class = obs!(|c: &CellRef<'_>| {
                    Some(category(c).map_or_else(|| c.display(), str::to_string))
                })
            }
            "ipss" | "ipss_r" | "response" | "stop_reason" | "vital_status" => {
                let o = obs!(|c: &CellRef<'_>| category(c));
                match spec.name {
                    "ipss" => patient.ipss = o.map(str::to_string),
                    "ipss_r" => patient.ipss_r = o.map(str::to_string),
                    "response" => {
                        patient.response =
                            o.map(|s| Response::from_canonical(s).unwrap_or(Response::NotEvaluable))
                    }
                    "stop_reason" => {
                        patient.stop_reason =
                            o.map(|s| StopReason::from_canonical(s).unwrap_or(StopReason::Other))
                    }
                    _ => patient.dead = o.map(|s| s == "dead"),
                }
            }
            "karyotype" => patient.karyotype = obs!(|c: &CellRef<'_>| Some(c.display())),
            "additional_abnormalities" => {
                patient.additional_abnormalities =
                    obs!(|c: &CellRef<'_>| values::integer(c, decimal_comma)
                        .and_then(|n| u32::try_from(n).ok()))
            }
            "chr7_abnormality" => patient.chr7_abnormality = obs!(values::yes_no),
            "td_at_diagnosis" => patient.td_at_diagnosis = obs!(values::yes_no),
            "bm_blasts_pct" => {
                let o = obs!(|c: &CellRef<'_>| values::number(c, decimal_comma));
                patient.bm_blasts_pct = match o {
                    Obs::Known(v) if !(0.0..=100.0).contains(&v) => {
                        diags.warning(
                            "implausible-value",
                            ctx.at(p, col, &shown()),
                            Message::new(keys::DIAG_BLASTS_OUT_OF_RANGE).with("value", v),
                        );
                        Obs::Invalid
                    }
                    o => o,
                };
            }
            "rbc_units_8wk" | "rbc_units_6mo" => {
                let o = obs!(|c: &CellRef<'_>| values::number(c, decimal_comma));
                let o = match o {
                    Obs::Known(n) if n < 0.0 => {
                        diags.warning(
                            "implausible-value",
                            ctx.at(p, col, &shown()),
                            Message::new(keys::DIAG_NEGATIVE_RBC_UNITS),
                        );
                        Obs::Invalid
                    }
                    o => o,
                };
                if spec.name == "rbc_units_8wk" {
                    patient.rbc_units_8wk = o;
                } else {
                    patient.rbc_units_6mo = o;
                }
            }
            "prior_esa" => patient.prior_esa = obs!(values::yes_no),
            "prior_esa_ti" => patient.prior_esa_ti = obs!(values::yes_no),
            "start_dose_mg" => {
                patient.start_dose_mg =
                    obs!(|c: &CellRef<'_>| values::number(c, decimal_comma).filter(|n| *n > 0.0))
            }
            "final_dose_mg" => {
                patient.final_dose_mg =
                    obs!(|c: &CellRef<'_>| values::number(c, decimal_comma).filter(|n| *n > 0.0))
            }
            "start_schedule" | "final_schedule" => {
                let o: Obs<Schedule> = parse_obs(&cell, |c| schedule_of(c));
                if o == Obs::Invalid {
                    let shown = shown();
                    diags.warning(
                        "unreadable-schedule",
                        ctx.at(p, col, &shown),
                        Message::new(keys::DIAG_UNREADABLE_SCHEDULE).with("value", &shown),
                    );
                }
                if spec.name == "start_schedule" {
                    patient.start_schedule = o;
                } else {
                    patient.final_schedule = o;
                }
            }
            "dose_reduced" => patient.dose_reduced = obs!(values::yes_no),
            "dose_interrupted" => patient.dose_interrupted = obs!(values::yes_no),
            "patient_id" => {}
            _ => {}
        }
    }
}

/// A cell's text for matching: borrowed and trimmed when it is text.
fn text_of<'a>(cell: &CellRef<'a>) -> std::borrow::Cow<'a, str> {
    match cell {
        CellRef::Text(t) => std::borrow::Cow::Borrowed(t.trim()),
        other => std::borrow::Cow::Owned(other.display()),
    }
}

fn set_date(patient: &mut Patient, name: &str, obs: Obs<Date>) {
    match name {
        "birth_date" => patient.birth_date = obs,
        "diagnosis_date" => patient.diagnosis_date = obs,
        "start_date" => patient.start_date = obs,
        "response_date" => patient.response_date = obs,
        "stop_date" => patient.stop_date = obs,
        "last_followup_date" => patient.last_followup_date = obs,
        "death_date" => patient.death_date = obs,
        "aml_date" => patient.aml_date = obs,
        _ => {}
    }
}

/// Reads a date column, deciding day/month order for the whole column.
fn read_date_column(
    ctx: &Ctx<'_>,
    col: usize,
    name: &str,
    diags: &mut Diagnostics,
) -> Vec<Obs<Date>> {
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

/// Reads all week columns of one lab, converting units for the whole lab.
fn read_labs(
    ctx: &Ctx<'_>,
    kind: LabKind,
    cols: &[&Column],
    patients: &mut [Patient],
    conversions: &mut Vec<UnitConversion>,
    diags: &mut Diagnostics,
) {
    let decimal_comma = ctx.sheet.decimal_comma;
    // (time point, column index, unit factor, values)
    type WeekColumn = (LabTime, usize, Option<f64>, Vec<Obs<f64>>);
    let mut parsed: Vec<WeekColumn> = Vec::new();
    for column in cols {
        let FieldKey::Lab(_, week) = column.key else {
            continue;
        };
        let factor = match column.unit.as_deref() {
            Some(unit) => match units::factor_from_unit(kind, unit) {
                Some(f) => Some(f),
                None => {
                    diags.warning(
                        "unknown-unit",
                        ctx.header_at(column.index),
                        Message::new(keys::DIAG_UNKNOWN_UNIT)
                            .with("unit", unit)
                            .with_key("lab", words::lab_in_sentence(kind))
                            .with("analysis_unit", kind.unit()),
                    );
                    None
                }
            },
            None => None,
        };
        let values: Vec<Obs<f64>> = (0..ctx.rows.len())
            .map(|p| {
                let cell = ctx.cell(p, column.index);
                let o = parse_obs(&cell, |c| values::number(c, decimal_comma));
                if o == Obs::Invalid {
                    let shown = cell.display();
                    diags.warning(
                        "invalid-value",
                        ctx.at(p, column.index, &shown),
                        invalid_lab_value(&shown, decimal_comma, kind),
                    );
                }
                o
            })
            .collect();
        parsed.push((week, column.index, factor, values));
    }
    // Each column's unit (crf-v1: "a column whose values are implausible in
    // that unit but plausible in a common other one is converted"): the
    // header's when its values agree with it, else what the values say.
    let (lo, hi) = kind.plausible_range();
    let plausible = |v: f64| v >= lo && v <= hi;
    let mut by_values: Vec<String> = Vec::new();
    let mut by_values_unit = ("", 1.0);
    for (time, col, factor, values) in parsed.iter_mut() {
        let name = format!("{}_{}", kind.prefix(), time.suffix());
        let mut known: Vec<f64> = values.iter().filter_map(Obs::get).collect();
        let Some(median) = units::median(&mut known) else {
            continue;
        };
        match *factor {
            Some(f) if !plausible(units::convert(median, f)) && plausible(median) && f != 1.0 => {
                diags.warning(
                    "header-unit-mismatch",
                    ctx.header_at(*col),
                    Message::new(keys::DIAG_HEADER_UNIT_MISMATCH)
                        .with("column", &name)
                        .with("median", format_number(median))
                        .with("unit", kind.unit()),
                );
                *factor = Some(1.0);
            }
            Some(f) => {
                if f != 1.0 {
                    let unit = cols
                        .iter()
                        .find(|c| c.index == *col)
                        .and_then(|c| c.unit.clone())
                        .unwrap_or_default();
                    match conversions.iter_mut().find(|c| {
                        c.decided_by == "header" && c.from_unit == unit && c.to_unit == kind.unit()
                    }) {
                        Some(conv) => conv.columns.push(name),
                        None => conversions.push(UnitConversion {
                            columns: vec![name],
                            from_unit: unit,
                            to_unit: kind.unit().into(),
                            factor: f,
                            decided_by: "header",
                        }),
                    }
                }
            }
            None => {
                if let Some((f, from)) = units::factor_from_values(kind, median) {
                    *factor = Some(f);
                    by_values.push(name);
                    by_values_unit = (from, f);
                }
            }
        }
    }
    if !by_values.is_empty() {
        let (from, factor) = by_values_unit;
        diags.info(
            "unit-converted",
            Location {
                file: ctx.sheet.file.clone(),
                sheet: ctx.sheet.sheet_name.clone(),
                ..Location::default()
            },
            // The columns are names of the file format, not words.
            Message::new(keys::DIAG_UNIT_CONVERTED)
                .with_key("lab", words::lab(kind))
                .with("from", from)
                .with("to", kind.unit())
                .with("columns", by_values.join(", "))
                .with("factor", format_number(factor)),
        );
        conversions.push(UnitConversion {
            columns: by_values,
            from_unit: from.into(),
            to_unit: kind.unit().into(),
            factor,
            decided_by: "values",
        });
    }
    for (time, col, factor, values) in parsed {
        let factor = factor.unwrap_or(1.0);
        for (p, obs) in values.into_iter().enumerate() {
            if let Obs::Known(v) = obs {
                // `convert`, not `v * factor`: g/L must read to the same
                // value as g/dL (see `units::convert`).
                let v = units::convert(v, factor);
                if v < lo || v > hi {
                    diags.warning(
                        "implausible-value",
                        ctx.at(p, col, &ctx.cell(p, col).display()),
                        Message::new(keys::DIAG_IMPLAUSIBLE_LAB_VALUE)
                            .with_key("lab", words::lab(kind))
                            .with("value", v)
                            .with("unit", kind.unit()),
                    );
                } else if let Some(patient) = patients.get_mut(p) {
                    patient.labs.insert_at(kind, time, v);
                }
            }
        }
    }
}

/// Values derived from others, and checks across columns.
fn derive_and_check(
    ctx: &Ctx<'_>,
    columns: &[Column],
    patients: &mut [Patient],
    diags: &mut Diagnostics,
) {
    // A column the sheet does not have (death_date, say, when only
    // vital_status is given) is no column: not column A.
    let col_of = |name: &str| {
        columns
            .iter()
            .find(|c| c.key.canonical_name() == name)
            .map(|c| c.index)
    };
    let at = |p: usize, name: &str, value: String| ctx.at_column(p, col_of(name), &value);
    for (p, patient) in patients.iter_mut().enumerate() {
        // Karyotype facts; explicit columns win when filled.
        let karyotype_col = col_of("karyotype");
        let shown = karyotype_col.map(|c| ctx.cell(p, c).display());
        super::cytogenetics::karyotype(patient, |v| at(p, "karyotype", v), shown, diags);
        super::cytogenetics::blasts(
            patient,
            |v| at(p, "bm_blasts_pct", v),
            col_of("bm_blasts_pct").is_some(),
            diags,
        );
        // Age: the column, else completed years from birth to start.
        if !patient.age.is_known() {
            if let (Some(birth), Some(start)) = (patient.birth_date.get(), patient.start_date.get())
            {
                patient.age = Obs::Known(f64::from(birth.whole_years_until(start)));
            }
        }
        if let Some(age) = patient.age.get() {
            if !(0.0..=120.0).contains(&age) {
                diags.warning(
                    "implausible-value",
                    at(p, "age", crate::ingest::sheet::format_number(age)),
                    Message::new(keys::DIAG_IMPLAUSIBLE_AGE).with("age", format_number(age)),
                );
                patient.age = Obs::Invalid;
            }
        }
        for (name, value) in [
            ("height_cm", patient.height_cm.get()),
            ("weight_kg", patient.weight_kg.get()),
        ] {
            let (lo, hi) = if name == "height_cm" {
                (100.0, 230.0)
            } else {
                (20.0, 250.0)
            };
            if let Some(v) = value.filter(|v| !(lo..=hi).contains(v)) {
                diags.warning(
                    "implausible-value",
                    at(p, name, crate::ingest::sheet::format_number(v)),
                    Message::new(keys::DIAG_IMPLAUSIBLE_BODY_SIZE)
                        .with("value", format_number(v))
                        .with_key(
                            "what",
                            if name == "height_cm" {
                                keys::DIAG_HEIGHT_IN_CM
                            } else {
                                keys::DIAG_WEIGHT_IN_KG
                            },
                        ),
                );
                if name == "height_cm" {
                    patient.height_cm = Obs::Invalid;
                } else {
                    patient.weight_kg = Obs::Invalid;
                }
            }
        }
        // Dates in order.
        if let Some(start) = patient.start_date.get() {
            let checks: [(&str, Option<Date>, Key); 5] = [
                (
                    "stop_date",
                    patient.stop_date.get(),
                    keys::DIAG_WHY_STOP_DATE,
                ),
                (
                    "response_date",
                    patient.response_date.get(),
                    keys::DIAG_WHY_RESPONSE_DATE,
                ),
                (
                    "last_followup_date",
                    patient.last_followup_date.get(),
                    keys::DIAG_WHY_LAST_FOLLOWUP_DATE,
                ),
                (
                    "death_date",
                    patient.death_date.get(),
                    keys::DIAG_WHY_DEATH_DATE,
                ),
                ("aml_date", patient.aml_date.get(), keys::DIAG_WHY_AML_DATE),
            ];
            for (name, date, why) in checks {
                if let Some(d) = date.filter(|d| *d < start) {
                    diags.warning(
                        "date-before-start",
                        at(p, name, d.to_string()),
                        Message::new(keys::DIAG_DATE_BEFORE_START)
                            .with("column", name)
                            .with("date", d)
                            .with("start", start)
                            .with_key("why", why),
                    );
                    set_date(patient, name, Obs::Invalid);
                }
            }
            if let Some(d) = patient.diagnosis_date.get().filter(|d| *d > start) {
                diags.warning(
                    "diagnosis-after-start",
                    at(p, "diagnosis_date", d.to_string()),
                    Message::new(keys::DIAG_DIAGNOSIS_AFTER_START)
                        .with("date", d)
                        .with("start", start),
                );
                patient.diagnosis_date = Obs::Invalid;
            }
        }
        if let (Some(stop), Some(fu)) = (patient.stop_date.get(), patient.last_followup_date.get())
        {
            if fu < stop {
                diags.warning(
                    "followup-before-stop",
                    at(p, "last_followup_date", fu.to_string()),
                    Message::new(keys::DIAG_FOLLOWUP_BEFORE_STOP)
                        .with("date", fu)
                        .with("stop", stop),
                );
                patient.last_followup_date = Obs::Known(stop);
            }
        }
        // An unreadable reason already has its own warning.
        if patient.stop_date.is_known() && matches!(patient.stop_reason, Obs::Empty) {
            diags.warning(
                "missing-stop-reason",
                at(p, "stop_reason", String::new()),
                Message::new(keys::DIAG_MISSING_STOP_REASON),
            );
        }
        if patient.dead == Obs::Known(true) && !patient.death_date.is_known() {
            diags.warning(
                "death-without-date",
                at(p, "death_date", String::new()),
                Message::new(keys::DIAG_DEATH_WITHOUT_DATE),
            );
        }
        if patient.death_date.is_known() && patient.dead == Obs::Known(false) {
            diags.warning(
                "death-date-but-alive",
                at(p, "vital_status", "alive".into()),
                Message::new(keys::DIAG_DEATH_DATE_BUT_ALIVE),
            );
            patient.dead = Obs::Known(true);
        }
        if patient.death_date.is_known() && !patient.dead.is_known() {
            patient.dead = Obs::Known(true);
        }
        // A dose written in the schedule that differs from the dose column.
        for (sched, dose, name) in [
            (
                &patient.start_schedule,
                &patient.start_dose_mg,
                "start_schedule",
            ),
            (
                &patient.final_schedule,
                &patient.final_dose_mg,
                "final_schedule",
            ),
        ] {
            if let (Some(s), Some(d)) = (sched.get(), dose.get()) {
                if let Some(t) = s.dose_in_text_mg.filter(|t| (t - d).abs() > 1e-9) {
                    diags.warning(
                        "dose-mismatch",
                        at(p, name, String::new()),
                        Message::new(keys::DIAG_DOSE_MISMATCH)
                            .with("schedule_dose", format_number(t))
                            .with("dose", format_number(d)),
                    );
                }
            }
        }
        if patient.final_schedule.is_known() && !patient.final_dose_mg.is_known() {
            if let Some(d) = patient.final_schedule.get().and_then(|s| s.dose_in_text_mg) {
                patient.final_dose_mg = Obs::Known(d);
            }
        }
        if patient.start_schedule.is_known() && !patient.start_dose_mg.is_known() {
            if let Some(d) = patient.start_schedule.get().and_then(|s| s.dose_in_text_mg) {
                patient.start_dose_mg = Obs::Known(d);
            }
        }
    }
}

/// A header as the report lists it: cut like a diagnostic's value (a
/// header cell may hold a whole pasted paragraph).
fn shown_header(header: &str) -> String {
    crate::diagnostics::cut_value(header).unwrap_or_else(|| header.to_string())
}
