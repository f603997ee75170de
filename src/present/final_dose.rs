//! Table 4: final stable dose of the responders, and how dose intensity
//! correlates with body size.

use super::format::{fixed, p_cell, round, trimmed};
use super::model::{Block, Cell, CellKind};
use super::{computed, rows, table, with_missing, Ctx, Section};
use crate::analysis::final_dose::Table4;
use crate::analysis::values::Computed;
use crate::text::keys;

pub(super) fn section(t4: &Table4, ctx: Ctx) -> Section {
    let t = ctx.t;
    let doses = t4
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::label(t.f(
                    keys::TABLE4_DOSING,
                    &[
                        ("dose", &trimmed(r.dose_mg, 2)),
                        ("regimen", &t.t(super::words::regimen(r.regimen))),
                    ],
                ))
                .key(format!(
                    "{}mg_{}",
                    super::slug(&trimmed(r.dose_mg, 2)),
                    super::code(&r.regimen)
                )),
                Cell::count_percent(
                    super::format::count_percent(&r.count, t4.n),
                    r.count.denominator,
                ),
                Cell::number(
                    CellKind::Number,
                    round(r.dose_intensity_mg_per_day, 2),
                    decimals(&trimmed(r.dose_intensity_mg_per_day, 2)),
                    trimmed(r.dose_intensity_mg_per_day, 2),
                ),
            ]
        })
        .collect();
    let mut notes = vec![t.f(keys::TABLE4_NOTE_ORDER, &[("n", &t4.n)])];
    if t4.missing > 0 {
        notes.push(t.f(keys::TABLE4_NOTE_MISSING, &[("n", &t4.missing)]));
    }
    let dose_table = table(
        "table4",
        t.t(keys::TABLE4_SHORT).to_string(),
        t.f(keys::TABLE4_CAPTION, &[("n", &t4.n)]),
        super::heads(
            t,
            &[
                ("dosing", keys::TABLE4_COL_DOSING),
                ("patients", keys::TABLE4_COL_PATIENTS),
                ("dose_intensity", keys::TABLE4_COL_INTENSITY),
            ],
        ),
        rows(doses),
        notes,
    );
    let r_cell = |r: f64| Cell::number(CellKind::Number, round(r, 3), 3, fixed(r, 3));
    let correlations = t4
        .correlations
        .iter()
        .map(|k| {
            let n = match (&k.pearson, &k.spearman) {
                (Computed::Value(p), _) => Cell::count(p.n),
                (_, Computed::Value(s)) => Cell::count(s.n),
                _ => Cell::text(super::format::DASH),
            };
            vec![
                Cell::label(with_missing(
                    t.t(super::words::body_size(k.with)),
                    k.missing,
                    t,
                ))
                .key(super::code(&k.with)),
                n,
                computed(&k.pearson, t, |p| r_cell(p.r)),
                computed(&k.pearson, t, |p| p_cell(p.p_value)),
                computed(&k.spearman, t, |s| r_cell(s.r)),
                computed(&k.spearman, t, |s| p_cell(s.p_value)),
            ]
        })
        .collect();
    let pearson = t.t(keys::METHOD_PEARSON);
    let spearman = t.t(keys::METHOD_SPEARMAN);
    let corr_table = table(
        "table4-correlations",
        t.t(keys::CORRELATION_SHORT).to_string(),
        t.t(keys::CORRELATION_CAPTION).to_string(),
        super::heads(
            t,
            &[
                ("with", keys::CORRELATION_COL_WITH),
                ("n", keys::COL_N),
                ("pearson_r", keys::CORRELATION_COL_PEARSON),
                ("pearson_p", keys::COL_P),
                ("spearman_rho", keys::CORRELATION_COL_SPEARMAN),
                ("spearman_p", keys::COL_P),
            ],
        ),
        rows(correlations),
        vec![t.f(
            keys::CORRELATION_NOTE,
            &[("pearson", &pearson), ("spearman", &spearman), ("n", &t4.n)],
        )],
    );
    super::section(
        "final-dose",
        t.t(keys::TABLE4_TITLE),
        vec![Block::Table(dose_table), Block::Table(corr_table)],
    )
}

/// Decimals shown in a formatted number.
fn decimals(text: &str) -> u8 {
    text.split_once('.').map_or(0, |(_, d)| d.len() as u8)
}
