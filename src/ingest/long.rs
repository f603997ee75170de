//! Long sheets (`labs`, `adverse_events`, `transfusions`, `dosing`): one row
//! per event, merged into the patients.
//!
//! A long sheet is the better record when a site keeps one, so it wins over
//! wide columns, and every wide value it overrides or contradicts is named in
//! a warning. Lab dates are assigned to nominal weeks with the study's
//! windows; a value outside every window is kept out of the weekly figures
//! and counted, never silently dropped.

use super::patients::UnitConversion;
use super::sheet::{CellRef, Sheet};
use super::values::{self, Presence};
use super::{schedule, units, words};
use crate::date::Date;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{DosingRecord, LabRecord, Obs, Patient, TransfusionRecord};
use crate::schema::{
    normalize_header, normalize_token, LabKind, LAB_KINDS, LAB_WEEKS, LONG_SHEETS,
};
use crate::text::{keys, Message};
use std::collections::{BTreeMap, HashMap};

/// The kinds of long sheet.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LongKind {
    /// Lab values by date.
    Labs,
    /// Adverse events with grades.
    AdverseEvents,
    /// RBC transfusions.
    Transfusions,
    /// Dose changes.
    Dosing,
}

impl LongKind {
    /// The sheet name in crf-v1.
    pub fn sheet_name(self) -> &'static str {
        match self {
            LongKind::Labs => "labs",
            LongKind::AdverseEvents => "adverse_events",
            LongKind::Transfusions => "transfusions",
            LongKind::Dosing => "dosing",
        }
    }

    /// Recognizes a sheet or file name.
    pub fn from_name(name: &str) -> Option<LongKind> {
        let n = normalize_token(name);
        if n == "labs" || n == "lab" || n.ends_with("labs") || n == "laboratory" {
            Some(LongKind::Labs)
        } else if n == "adverseevents"
            || n == "ae"
            || n == "aes"
            || n.ends_with("adverseevents")
            || n == "toxicity"
        {
            Some(LongKind::AdverseEvents)
        } else if n.starts_with("transfusion") || n.ends_with("transfusions") {
            Some(LongKind::Transfusions)
        } else if n == "dosing" || n.ends_with("dosing") || n == "doses" {
            Some(LongKind::Dosing)
        } else {
            None
        }
    }

    /// Recognizes a long sheet from its headers, for CSV files named otherwise.
    pub fn from_headers(header: &[String]) -> Option<LongKind> {
        let names: Vec<String> = header.iter().map(|h| normalize_header(h).0).collect();
        let has = |n: &str| names.iter().any(|h| h == n);
        let has_date = has("date") || has("onsetdate");
        let has_id = has("patientid") || has("id");
        if !has_id {
            return None;
        }
        if has("term") && has("grade") {
            Some(LongKind::AdverseEvents)
        } else if has_date && has("units") {
            Some(LongKind::Transfusions)
        } else if has_date && (has("dosemg") || has("dose")) {
            Some(LongKind::Dosing)
        } else if has_date && ["hb", "hgb", "anc", "plt", "alc"].iter().any(|n| has(n)) {
            Some(LongKind::Labs)
        } else {
            None
        }
    }
}

/// Counts from merging long sheets, for the report.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct LongSheetSummary {
    /// Long sheets read, by kind: rows read.
    pub rows_read: BTreeMap<String, usize>,
    /// Lab values outside every nominal-week window (kept, not assigned).
    pub labs_outside_windows: usize,
    /// Lab values assigned to a nominal week.
    pub labs_assigned: usize,
}

/// Nominal-week window half-width in days (crf-v1 "Long sheets").
fn window_days(week: u32) -> i32 {
    match week {
        4 | 8 => 4,
        12 | 16 => 7,
        _ => 14,
    }
}

/// The nominal week a lab date falls in, with its distance from the nominal
/// day; week 0 is the 14 days up to and including start (closest = latest).
pub fn assign_week(start: Date, date: Date) -> Option<(u32, i32)> {
    let day = date.days() - start.days();
    if (-14..=0).contains(&day) {
        return Some((0, -day));
    }
    LAB_WEEKS.iter().filter(|&&w| w > 0).find_map(|&w| {
        let nominal = 7 * w as i32;
        let distance = (day - nominal).abs();
        (distance <= window_days(w)).then_some((w, distance))
    })
}

struct LongColumns {
    /// canonical long-sheet column name → index.
    by_name: HashMap<&'static str, (usize, Option<String>)>,
}

fn map_long_columns(sheet: &Sheet, kind: LongKind, diags: &mut Diagnostics) -> Option<LongColumns> {
    let spec = LONG_SHEETS
        .iter()
        .find(|(name, _)| *name == kind.sheet_name())
        .map(|(_, cols)| *cols)?;
    let mut by_name = HashMap::new();
    let loc = |col: usize| Location {
        file: sheet.file.clone(),
        sheet: sheet.sheet_name.clone(),
        row: Some(sheet.header_row_number()),
        column: sheet.header.get(col).cloned(),
        column_letter: Some(sheet.column_letter(col)),
        ..Location::default()
    };
    for (index, header) in sheet.header.iter().enumerate() {
        let (norm, unit) = normalize_header(header);
        let lab_word = LAB_KINDS
            .iter()
            .find(|(_, _, words, _)| words.iter().any(|w| normalize_token(w) == norm))
            .map(|l| l.1);
        let found = spec.iter().find(|(name, aliases, ..)| {
            normalize_token(name) == norm
                || aliases.iter().any(|a| normalize_token(a) == norm)
                || (kind == LongKind::Labs && lab_word == Some(name))
        });
        match found {
            Some((name, ..)) if by_name.contains_key(name) => diags.error(
                "duplicate-column",
                loc(index),
                Message::new(keys::DIAG_LONG_DUPLICATE_COLUMN)
                    .with("sheet", kind.sheet_name())
                    .with("column", name),
            ),
            Some((name, ..)) => {
                by_name.insert(*name, (index, unit));
            }
            None if header.trim().is_empty() => {}
            None => diags.warning(
                "ignored-column",
                loc(index),
                Message::new(keys::DIAG_LONG_UNKNOWN_COLUMN)
                    .with("column", header)
                    .with("sheet", kind.sheet_name()),
            ),
        }
    }
    let mut ok = true;
    for (name, _, _, required) in spec {
        if *required && !by_name.contains_key(name) {
            ok = false;
            let at = Location {
                file: sheet.file.clone(),
                sheet: sheet.sheet_name.clone(),
                row: Some(sheet.header_row_number()),
                ..Location::default()
            };
            diags.error(
                "missing-column",
                at,
                match words::long_column_meaning(kind.sheet_name(), name) {
                    Some(meaning) => {
                        Message::new(keys::DIAG_LONG_MISSING_COLUMN).with_key("meaning", meaning)
                    }
                    None => Message::new(keys::DIAG_LONG_MISSING_COLUMN_PLAIN),
                }
                .with("sheet", kind.sheet_name())
                // A sheet read from a REDCap export names the REDCap field
                // (`lab_date`), which is what the user can add there.
                .with(
                    "column",
                    match &sheet.origin {
                        Some(_) => super::redcap::names::long_field(kind.sheet_name(), name)
                            .unwrap_or_else(|| name.to_string()),
                        None => name.to_string(),
                    },
                ),
            );
        }
    }
    ok.then_some(LongColumns { by_name })
}

/// Merges one long sheet into the patients.
pub fn merge(
    sheet: &Sheet,
    kind: LongKind,
    patients: &mut [Patient],
    summary: &mut LongSheetSummary,
    conversions: &mut Vec<UnitConversion>,
    diags: &mut Diagnostics,
) {
    let Some(cols) = map_long_columns(sheet, kind, diags) else {
        return;
    };
    let index_of: HashMap<String, usize> = patients
        .iter()
        .enumerate()
        .map(|(i, p)| (p.patient_id.clone(), i))
        .collect();
    let at = |r: usize, name: &str, value: String| {
        let col = cols.by_name.get(name).map(|c| c.0);
        Location {
            file: sheet.file.clone(),
            sheet: sheet.sheet_name.clone(),
            row: Some(sheet.row_number(r)),
            column: col.and_then(|c| sheet.header.get(c).cloned()),
            column_letter: col.map(|c| sheet.column_letter(c)),
            value: (!value.is_empty()).then_some(value),
            patient_id: None,
            redcap: None,
        }
    };
    let cell = |r: usize, name: &str| -> CellRef<'_> {
        cols.by_name
            .get(name)
            .map_or(CellRef::Empty, |c| sheet.cell(r, c.0))
    };
    let number = |r: usize, name: &str| values::number(&cell(r, name), sheet.decimal_comma);
    let mut rows_read = 0;
    // Per patient, per (lab, week): (distance, date, value) of the best value.
    let mut best_labs: HashMap<(usize, LabKind, u32), (i32, Date, f64)> = HashMap::new();
    let mut worst: HashMap<(usize, String), u8> = HashMap::new();
    // Each lab column's unit: the header's when given, else what its values
    // say (as for the wide columns); conversions are reported.
    let lab_factor: Vec<(LabKind, f64)> = if kind == LongKind::Labs {
        LAB_KINDS
            .iter()
            .filter_map(|(k, prefix, ..)| {
                let (col, unit) = cols.by_name.get(*prefix)?;
                let header_factor = unit.as_deref().and_then(|u| units::factor_from_unit(*k, u));
                let mut known: Vec<f64> = (0..sheet.n_rows())
                    .filter_map(|r| values::number(&sheet.cell(r, *col), sheet.decimal_comma))
                    .collect();
                let (factor, from, decided_by) = match (
                    header_factor,
                    units::median(&mut known).and_then(|m| units::factor_from_values(*k, m)),
                ) {
                    (Some(f), _) => (f, unit.clone().unwrap_or_default(), "header"),
                    (None, Some((f, from))) => (f, from.to_string(), "values"),
                    (None, None) => (1.0, String::new(), ""),
                };
                if factor != 1.0 {
                    let name = format!("{}:{}", kind.sheet_name(), prefix);
                    if decided_by == "values" {
                        diags.info(
                            "unit-converted",
                            Location {
                                file: sheet.file.clone(),
                                sheet: sheet.sheet_name.clone(),
                                column: sheet.header.get(*col).cloned(),
                                ..Location::default()
                            },
                            Message::new(keys::DIAG_LONG_UNIT_CONVERTED)
                                .with_key("lab", words::lab(*k))
                                .with("from", &from)
                                .with("to", k.unit())
                                .with("factor", crate::ingest::sheet::format_number(factor)),
                        );
                    }
                    conversions.push(UnitConversion {
                        columns: vec![name],
                        from_unit: from,
                        to_unit: k.unit().into(),
                        factor,
                        decided_by,
                    });
                }
                Some((*k, factor))
            })
            .collect()
    } else {
        Vec::new()
    };
    for r in 0..sheet.n_rows() {
        if sheet.row_is_blank(r) {
            continue;
        }
        rows_read += 1;
        let id = cell(r, "patient_id").display();
        let Some(&p) = index_of.get(&id) else {
            diags.warning(
                "unknown-patient",
                at(r, "patient_id", id.clone()),
                Message::new(keys::DIAG_UNKNOWN_PATIENT)
                    .with("id", &id)
                    .with("sheet", kind.sheet_name()),
            );
            continue;
        };
        let date_cell = cell(
            r,
            if kind == LongKind::AdverseEvents {
                "onset_date"
            } else {
                "date"
            },
        );
        let date = match values::date(&date_cell) {
            Some(values::DateReading::Exact(d) | values::DateReading::DayFirstOnly(d)) => Some(d),
            _ if date_cell.is_blank() => None,
            _ => {
                if kind != LongKind::AdverseEvents {
                    diags.warning(
                        "invalid-date",
                        at(r, "date", date_cell.display()),
                        Message::new(keys::DIAG_LONG_INVALID_DATE),
                    );
                    continue;
                }
                None
            }
        };
        match kind {
            LongKind::Labs => {
                let Some(date) = date else {
                    diags.warning(
                        "missing-date",
                        at(r, "date", String::new()),
                        Message::new(keys::DIAG_LAB_ROW_WITHOUT_DATE),
                    );
                    continue;
                };
                let start = patients[p].start_date.get();
                for (lab, factor) in &lab_factor {
                    let Some(v) = number(r, lab.prefix()).map(|v| units::convert(v, *factor))
                    else {
                        let value = cell(r, lab.prefix());
                        if values::presence(&value) == Presence::Present {
                            let shown = value.display();
                            diags.warning(
                                "invalid-value",
                                at(r, lab.prefix(), shown.clone()),
                                super::patients::invalid_lab_value(
                                    &shown,
                                    sheet.decimal_comma,
                                    *lab,
                                ),
                            );
                        }
                        continue;
                    };
                    let (lo, hi) = lab.plausible_range();
                    if v < lo || v > hi {
                        diags.warning(
                            "implausible-value",
                            at(r, lab.prefix(), cell(r, lab.prefix()).display()),
                            Message::new(keys::DIAG_IMPLAUSIBLE_LAB_VALUE)
                                .with_key("lab", words::lab(*lab))
                                .with("value", v)
                                .with("unit", lab.unit()),
                        );
                        continue;
                    }
                    patients[p].lab_log.push(LabRecord {
                        date,
                        kind: *lab,
                        value: v,
                    });
                    let Some(start) = start else {
                        continue;
                    };
                    match assign_week(start, date) {
                        Some((week, distance)) => {
                            summary.labs_assigned += 1;
                            let entry = best_labs
                                .entry((p, *lab, week))
                                .or_insert((distance, date, v));
                            if (distance, date) < (entry.0, entry.1) {
                                *entry = (distance, date, v);
                            }
                        }
                        None => summary.labs_outside_windows += 1,
                    }
                }
            }
            LongKind::AdverseEvents => {
                let term_text = cell(r, "term").display();
                // `AE: pruritus` as in a wide header, or plain `Pruritus`.
                let term = super::columns::ae_term(&term_text).unwrap_or_else(|| {
                    term_text
                        .to_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .collect::<Vec<_>>()
                        .join("_")
                });
                let grade_cell = cell(r, "grade");
                match values::grade(&grade_cell) {
                    Some(g) if !term.is_empty() => {
                        let e = worst.entry((p, term)).or_insert(0);
                        *e = (*e).max(g);
                    }
                    _ if term.is_empty() => diags.warning(
                        "missing-term",
                        at(r, "term", String::new()),
                        Message::new(keys::DIAG_AE_ROW_WITHOUT_TERM),
                    ),
                    _ => diags.warning(
                        "invalid-grade",
                        at(r, "grade", grade_cell.display()),
                        Message::new(keys::DIAG_LONG_INVALID_GRADE)
                            .with("value", grade_cell.display()),
                    ),
                }
            }
            LongKind::Transfusions => match (date, number(r, "units")) {
                (Some(date), Some(units)) if units >= 0.0 => {
                    let pre_hb = match values::presence(&cell(r, "pre_hb")) {
                        Presence::Present => match number(r, "pre_hb") {
                            Some(hb) if hb_plausible(hb) => Some(hb),
                            _ => {
                                diags.warning(
                                    "invalid-value",
                                    at(r, "pre_hb", cell(r, "pre_hb").display()),
                                    Message::new(keys::DIAG_INVALID_PRE_HB),
                                );
                                None
                            }
                        },
                        _ => None,
                    };
                    patients[p].transfusion_log.push(TransfusionRecord {
                        date,
                        units,
                        pre_hb,
                    });
                }
                _ => diags.warning(
                    "invalid-value",
                    at(r, "units", cell(r, "units").display()),
                    Message::new(keys::DIAG_INVALID_TRANSFUSION_ROW),
                ),
            },
            LongKind::Dosing => match (date, number(r, "dose_mg")) {
                (Some(d), Some(dose)) if dose >= 0.0 => {
                    let sched = match values::presence(&cell(r, "schedule")) {
                        Presence::Present => schedule::parse(&cell(r, "schedule").display()),
                        _ => None,
                    };
                    let reason = match values::presence(&cell(r, "reason")) {
                        Presence::Present => Some(cell(r, "reason").display()),
                        _ => None,
                    };
                    patients[p].dosing_log.push(DosingRecord {
                        date: d,
                        dose_mg: dose,
                        schedule: sched,
                        reason,
                    });
                }
                _ => diags.warning(
                    "invalid-value",
                    at(r, "dose_mg", cell(r, "dose_mg").display()),
                    Message::new(keys::DIAG_INVALID_DOSING_ROW),
                ),
            },
        }
    }
    summary
        .rows_read
        .insert(kind.sheet_name().to_string(), rows_read);
    let patient_loc = |p: &Patient| Location {
        file: p.source.file.clone(),
        sheet: p.source.sheet.clone(),
        row: Some(p.source.row),
        patient_id: Some(p.patient_id.clone()),
        ..Location::default()
    };
    match kind {
        LongKind::Labs => {
            let mut overridden: BTreeMap<usize, usize> = BTreeMap::new();
            for ((p, lab, week), (_, _, v)) in best_labs {
                if let Some(old) = patients[p].labs.insert(lab, week, v) {
                    if (old - v).abs() > 1e-9 {
                        *overridden.entry(p).or_default() += 1;
                    }
                }
            }
            for (p, n) in overridden {
                diags.warning(
                    "long-overrides-wide",
                    patient_loc(&patients[p]),
                    Message::new(keys::DIAG_LABS_OVERRIDE_WIDE).with("n", n),
                );
            }
        }
        LongKind::AdverseEvents => {
            // The sheet is the record: terms it does not list are grade 0.
            let terms: Vec<String> = worst.keys().map(|(_, t)| t.clone()).collect();
            for (p, patient) in patients.iter_mut().enumerate() {
                let mut contradicted = Vec::new();
                let mut all_terms: Vec<String> = patient
                    .adverse_events
                    .terms()
                    .map(|k| k.to_string())
                    .chain(terms.iter().cloned())
                    .collect();
                all_terms.sort();
                all_terms.dedup();
                for term in all_terms {
                    let g = worst.get(&(p, term.clone())).copied().unwrap_or(0);
                    if let Some(Obs::Known(wide)) = patient.adverse_events.get(term.as_str()) {
                        if *wide != g {
                            contradicted.push((term.replace('_', " "), *wide, g));
                        }
                    }
                    patient.adverse_events.insert(term.into(), Obs::Known(g));
                }
                // One warning per term: each names its two grades.
                for (term, wide, sheet) in contradicted {
                    diags.warning(
                        "long-overrides-wide",
                        patient_loc(patient),
                        Message::new(keys::DIAG_AE_SHEET_CONTRADICTS_WIDE)
                            .with("term", term)
                            .with("wide", wide)
                            .with("sheet", sheet),
                    );
                }
            }
        }
        // The logs are records; what they imply (the burden before start,
        // dose changes) is derived and checked in `crate::derive`.
        LongKind::Transfusions => {
            for patient in patients.iter_mut() {
                patient.transfusion_log.sort_by_key(|t| t.date);
            }
        }
        LongKind::Dosing => {
            for patient in patients.iter_mut() {
                patient.dosing_log.sort_by_key(|d| d.date);
            }
        }
    }
}

/// A pre-transfusion Hb in g/dL within the plausible range of any Hb.
fn hb_plausible(hb: f64) -> bool {
    let (lo, hi) = LabKind::Hb.plausible_range();
    (lo..=hi).contains(&hb)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        let p: Vec<i32> = s.split('-').map(|x| x.parse().unwrap()).collect();
        Date::from_ymd(p[0], p[1] as u32, p[2] as u32).unwrap()
    }

    #[test]
    fn windows() {
        let start = d("2019-01-01");
        assert_eq!(assign_week(start, d("2019-01-01")), Some((0, 0)));
        assert_eq!(assign_week(start, d("2018-12-18")), Some((0, 14)));
        assert_eq!(assign_week(start, d("2018-12-17")), None);
        assert_eq!(assign_week(start, d("2019-01-29")), Some((4, 0)));
        assert_eq!(assign_week(start, d("2019-02-02")), Some((4, 4)));
        assert_eq!(assign_week(start, d("2019-02-03")), None);
        assert_eq!(assign_week(start, d("2019-03-26")), Some((12, 0)));
        assert_eq!(assign_week(start, d("2019-04-02")), Some((12, 7)));
        assert_eq!(assign_week(start, d("2019-04-16")), Some((16, 7)));
        assert_eq!(assign_week(start, d("2019-06-04")), Some((24, 14)));
        assert_eq!(assign_week(start, d("2019-01-02")), None);
    }

    #[test]
    fn names() {
        assert_eq!(
            LongKind::from_name("Adverse Events"),
            Some(LongKind::AdverseEvents)
        );
        assert_eq!(LongKind::from_name("site03_labs"), Some(LongKind::Labs));
        assert_eq!(LongKind::from_name("patients"), None);
    }
}
