//! Table 1: patient characteristics of the safety population.

use super::format::{count_percent, mean_sem, median_range, percent};
use super::model::{Block, Cell, CellKind, Group};
use super::words;
use super::{computed, table, with_missing, Ctx, Section};
use crate::analysis::table1::{Level, Row, Table1, Unit};
use crate::analysis::values::Count;
use crate::text::keys;

pub(super) fn section(t1: &Table1, ctx: Ctx) -> Section {
    let t = ctx.t;
    let mut groups = Vec::new();
    let mut known_percent = false;
    for row in &t1.rows {
        match row {
            Row::Continuous {
                variable,
                unit,
                describe,
                show,
            } => {
                // Hemoglobin keeps its decimal; counts and ages are whole
                // unless a value is not.
                let digits = (*unit == Unit::GramsPerDecilitre).then_some(1);
                let mut rows = Vec::new();
                if show.contains(&"median_range") {
                    rows.push(vec![
                        Cell::label(t.t(keys::STAT_MEDIAN_RANGE))
                            .indent(1)
                            .key("median_range"),
                        computed(&describe.summary, t, |s| {
                            Cell::new(CellKind::MedianRange, median_range(s, digits))
                        }),
                    ]);
                }
                if show.contains(&"mean_sem") {
                    rows.push(vec![
                        Cell::label(t.t(keys::STAT_MEAN_SEM))
                            .indent(1)
                            .key("mean_sem"),
                        computed(&describe.summary, t, |s| {
                            Cell::new(CellKind::MeanSem, mean_sem(s, 1))
                        }),
                    ]);
                }
                let label = t.f(
                    keys::LABEL_WITH_UNIT,
                    &[
                        ("label", &t.t(words::variable(*variable))),
                        ("unit", &t.t(words::unit(*unit))),
                    ],
                );
                groups.push(Group {
                    label: Some(with_missing(&label, describe.missing.total, t)),
                    key: Some(super::code(variable)),
                    rows,
                });
            }
            Row::Categorical {
                variable,
                levels,
                missing,
            } => {
                let rows = levels
                    .iter()
                    .map(|(level, c)| {
                        known_percent |= c.missing > 0 && c.percent_of_known.is_some();
                        let cell = match level {
                            Level::Category(c) => Cell::user_label(c).key(super::slug(c)),
                            Level::Code(code) => {
                                Cell::label(words::level(level, t)).key(super::code(code))
                            }
                        };
                        vec![cell.indent(1), count_cell(c, t1.n)]
                    })
                    .collect();
                groups.push(Group {
                    label: Some(with_missing(
                        t.t(words::variable(*variable)),
                        missing.total,
                        t,
                    )),
                    key: Some(super::code(variable)),
                    rows,
                });
            }
        }
    }
    let mut notes = vec![t.f(keys::TABLE1_NOTE_VALUES, &[("n", &t1.n)])];
    if known_percent {
        notes.push(t.t(keys::TABLE1_NOTE_KNOWN).to_string());
    }
    notes.push(t.t(keys::TABLE1_NOTE_ABBREVIATIONS).to_string());
    let tb = table(
        "table1",
        t.t(keys::TABLE1_SHORT).to_string(),
        t.f(keys::TABLE1_CAPTION, &[("n", &t1.n)]),
        super::heads(
            t,
            &[
                ("parameter", keys::TABLE1_COL_PARAMETER),
                ("n_percent", keys::TABLE1_COL_N_PERCENT),
            ],
        ),
        groups,
        notes,
    );
    super::section(
        "characteristics",
        t.t(keys::TABLE1_TITLE),
        vec![Block::Table(tb)],
    )
}

/// `n (pct)` (or `n/d (pct)` for a subgroup), and the percentage of the
/// known values in brackets when some are missing.
fn count_cell(c: &Count, table_n: usize) -> Cell {
    let mut text = count_percent(c, table_n);
    if c.missing > 0 && c.denominator > c.missing {
        text.push_str(&format!(" [{}]", percent(c.n, c.denominator - c.missing)));
    }
    Cell::count_percent(text, c.denominator)
}
