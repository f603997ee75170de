//! The week-by-week lab columns of the patients sheet (`hb_w4`,
//! `plt_dx`): read as numbers, each column's unit decided for the whole
//! column, converted, and kept only when plausible.

use super::decode::{invalid_lab_value, parse_obs};
use super::{Column, Ctx, Missing};
use crate::diagnostics::{Diagnostics, Location};
use crate::ingest::columns::FieldKey;
use crate::ingest::sheet::format_number;
use crate::ingest::units::{self, UnitConversion, UnitDecision};
use crate::ingest::values;
use crate::ingest::words;
use crate::model::{Obs, Patient};
use crate::schema::{LabKind, LabTime};
use crate::text::{keys, Message};

/// Reads all week columns of one lab, converting units for the whole lab;
/// returns each column's missing cells, in the order of `cols`.
pub(super) fn read_labs(
    ctx: &Ctx<'_>,
    kind: LabKind,
    cols: &[&Column],
    patients: &mut [Patient],
    conversions: &mut Vec<UnitConversion>,
    diags: &mut Diagnostics,
) -> Vec<Missing> {
    let decimal_comma = ctx.sheet.decimal_comma;
    // (time point, column index, unit factor, values)
    type WeekColumn = (LabTime, usize, Option<f64>, Vec<Obs<f64>>);
    let mut parsed: Vec<WeekColumn> = Vec::new();
    let mut missing = Vec::with_capacity(cols.len());
    for column in cols {
        let FieldKey::Lab(_, week) = column.key else {
            missing.push(Missing::default());
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
        missing.push(Missing::of(&values));
        parsed.push((week, column.index, factor, values));
    }
    // Each column's unit (crf-v1: "a column whose values are implausible in
    // that unit but plausible in a common other one is converted"), by the
    // rule the long `labs` sheet follows too (`units::decide`).
    let (lo, hi) = kind.plausible_range();
    let mut by_values: Vec<String> = Vec::new();
    let mut by_values_unit = ("", 1.0);
    for (time, col, factor, values) in parsed.iter_mut() {
        let name = format!("{}_{}", kind.prefix(), time.suffix());
        let mut known: Vec<f64> = values.iter().filter_map(Obs::get).collect();
        let Some(median) = units::median(&mut known) else {
            continue;
        };
        let decision = units::decide(kind, *factor, median);
        *factor = Some(decision.factor());
        match decision {
            UnitDecision::HeaderContradicted => diags.warning(
                "header-unit-mismatch",
                ctx.header_at(*col),
                Message::new(keys::DIAG_HEADER_UNIT_MISMATCH)
                    .with("column", &name)
                    .with("median", format_number(median))
                    .with("unit", kind.unit()),
            ),
            UnitDecision::Header(f) => {
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
            UnitDecision::Values { factor: f, from } => {
                by_values.push(name);
                by_values_unit = (from, f);
            }
            UnitDecision::AsIs => {}
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
    missing
}
