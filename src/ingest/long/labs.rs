//! The `labs` sheet: every dated value kept in the patient's lab log, and
//! the value closest to each nominal week (inside its window) taking that
//! week's place, over the wide column's value if the two differ (said per
//! patient). Each lab column's unit is decided for the whole column.

use super::windows::assign_week;
use super::{patient_location, LongSheetSummary, Rows};
use crate::date::Date;
use crate::diagnostics::{Diagnostics, Location};
use crate::ingest::patients::invalid_lab_value;
use crate::ingest::sheet::format_number;
use crate::ingest::units::{self, UnitConversion, UnitDecision};
use crate::ingest::values::{self, Presence};
use crate::ingest::words;
use crate::model::{LabRecord, Patient};
use crate::schema::{LabKind, LongKind};
use crate::text::{keys, Message};
use std::collections::{BTreeMap, HashMap};

/// Merges the rows of a `labs` sheet; returns the rows read.
pub(super) fn merge(
    rows: &Rows<'_>,
    patients: &mut [Patient],
    summary: &mut LongSheetSummary,
    conversions: &mut Vec<UnitConversion>,
    diags: &mut Diagnostics,
) -> usize {
    let sheet = rows.sheet;
    let labs = lab_columns(rows, conversions, diags);
    // Per patient, per (lab, week): (distance, date, value) of the best value.
    let mut best: HashMap<(usize, LabKind, u32), (i32, Date, f64)> = HashMap::new();
    let rows_read = rows.each(diags, |r, p, date, diags| {
        let Some(date) = date else {
            diags.warning(
                "missing-date",
                rows.at(r, rows.cols.date, String::new()),
                Message::new(keys::DIAG_LAB_ROW_WITHOUT_DATE),
            );
            return;
        };
        let start = patients[p].start_date.get();
        for &(lab, col, factor) in &labs {
            let cell = rows.cell(r, Some(col));
            let Some(v) = rows.number(r, Some(col)).map(|v| units::convert(v, factor)) else {
                if values::presence(&cell) == Presence::Present {
                    let shown = cell.display();
                    diags.warning(
                        "invalid-value",
                        rows.at(r, Some(col), shown.clone()),
                        invalid_lab_value(&shown, sheet.decimal_comma, lab),
                    );
                }
                continue;
            };
            let (lo, hi) = lab.plausible_range();
            if v < lo || v > hi {
                diags.warning(
                    "implausible-value",
                    rows.at(r, Some(col), cell.display()),
                    Message::new(keys::DIAG_IMPLAUSIBLE_LAB_VALUE)
                        .with_key("lab", words::lab(lab))
                        .with("value", v)
                        .with("unit", lab.unit()),
                );
                continue;
            }
            patients[p].lab_log.push(LabRecord {
                date,
                kind: lab,
                value: v,
            });
            let Some(start) = start else {
                continue;
            };
            match assign_week(start, date) {
                Some((week, distance)) => {
                    summary.labs_assigned += 1;
                    let entry = best.entry((p, lab, week)).or_insert((distance, date, v));
                    if (distance, date) < (entry.0, entry.1) {
                        *entry = (distance, date, v);
                    }
                }
                None => summary.labs_outside_windows += 1,
            }
        }
    });
    let mut overridden: BTreeMap<usize, usize> = BTreeMap::new();
    for ((p, lab, week), (_, _, v)) in best {
        if let Some(old) = patients[p].labs.insert(lab, week, v) {
            if (old - v).abs() > 1e-9 {
                *overridden.entry(p).or_default() += 1;
            }
        }
    }
    for (p, n) in overridden {
        diags.warning(
            "long-overrides-wide",
            patient_location(&patients[p]),
            Message::new(keys::DIAG_LABS_OVERRIDE_WIDE).with("n", n),
        );
    }
    rows_read
}

/// Each lab column with its unit factor, decided for the whole column by
/// the rule the wide week columns follow ([`units::decide`]): the header's
/// unit while the values agree with it, else what the values say. A unit
/// not recognized and a header unit the values contradict are warnings at
/// the header; conversions are reported.
fn lab_columns(
    rows: &Rows<'_>,
    conversions: &mut Vec<UnitConversion>,
    diags: &mut Diagnostics,
) -> Vec<(LabKind, usize, f64)> {
    let sheet = rows.sheet;
    let header_at = |col: usize| sheet.header_location(Some(col));
    rows.cols
        .labs
        .iter()
        .map(|(&k, (col, unit))| {
            let col = *col;
            let header_factor = unit.as_deref().and_then(|u| {
                let factor = units::factor_from_unit(k, u);
                if factor.is_none() {
                    diags.warning(
                        "unknown-unit",
                        header_at(col),
                        Message::new(keys::DIAG_UNKNOWN_UNIT)
                            .with("unit", u)
                            .with_key("lab", words::lab_in_sentence(k))
                            .with("analysis_unit", k.unit()),
                    );
                }
                factor
            });
            let mut known: Vec<f64> = (0..sheet.n_rows())
                .filter_map(|r| values::number(&sheet.cell(r, col), sheet.decimal_comma))
                .collect();
            let Some(median) = units::median(&mut known) else {
                // No value to convert.
                return (k, col, 1.0);
            };
            let decision = units::decide(k, header_factor, median);
            let name = format!("{}:{}", LongKind::Labs.sheet_name(), k.prefix());
            let (from, decided_by) = match decision {
                UnitDecision::AsIs => return (k, col, 1.0),
                UnitDecision::HeaderContradicted => {
                    diags.warning(
                        "header-unit-mismatch",
                        header_at(col),
                        Message::new(keys::DIAG_HEADER_UNIT_MISMATCH)
                            .with("column", k.prefix())
                            .with("median", format_number(median))
                            .with("unit", k.unit()),
                    );
                    return (k, col, 1.0);
                }
                UnitDecision::Header(_) => (unit.clone().unwrap_or_default(), "header"),
                UnitDecision::Values { from, .. } => {
                    diags.info(
                        "unit-converted",
                        Location {
                            file: sheet.file.clone(),
                            sheet: sheet.sheet_name.clone(),
                            column: sheet.header.get(col).cloned(),
                            ..Location::default()
                        },
                        Message::new(keys::DIAG_LONG_UNIT_CONVERTED)
                            .with_key("lab", words::lab(k))
                            .with("from", from)
                            .with("to", k.unit())
                            .with("factor", format_number(decision.factor())),
                    );
                    (from.to_string(), "values")
                }
            };
            conversions.push(UnitConversion {
                columns: vec![name],
                from_unit: from,
                to_unit: k.unit().into(),
                factor: decision.factor(),
                decided_by,
            });
            (k, col, decision.factor())
        })
        .collect()
}
