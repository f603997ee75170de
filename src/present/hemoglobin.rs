//! Hemoglobin over time: mean ± SEM by week and response, table and figure.

use super::figures;
use super::format::{mean_sem, DASH};
use super::model::{Block, Cell, CellKind};
use super::{computed, rows, table, Ctx, Section};
use crate::analysis::hemoglobin::HemoglobinOverTime;
use crate::text::keys;

/// Every week with a value in any series, in order.
pub(super) fn weeks(h: &HemoglobinOverTime) -> Vec<u32> {
    let mut weeks: Vec<u32> = h
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.week))
        .collect();
    weeks.sort_unstable();
    weeks.dedup();
    weeks
}

pub(super) fn section(h: &HemoglobinOverTime, ctx: Ctx) -> Section {
    let t = ctx.t;
    let body = weeks(h)
        .into_iter()
        .map(|w| {
            let mut row = vec![Cell::label(t.f(keys::HB_WEEK, &[("week", &w)]))];
            for s in &h.series {
                match s.points.iter().find(|p| p.week == w) {
                    Some(p) => {
                        row.push(Cell::count(p.n));
                        row.push(computed(&p.summary, t, |x| {
                            Cell::new(CellKind::MeanSem, mean_sem(x, 1))
                        }));
                    }
                    None => {
                        row.push(Cell::count(0));
                        row.push(Cell::text(DASH));
                    }
                }
            }
            row
        })
        .collect();
    let mut head = vec![vec![Cell::head(t.t(keys::HB_COL_WEEK)).rows(2)], Vec::new()];
    for s in &h.series {
        head[0].push(
            Cell::head(t.f(
                keys::LABEL_WITH_N,
                &[
                    ("label", &t.t(super::words::group(s.group))),
                    ("n", &s.n_patients),
                ],
            ))
            .cols(2),
        );
        head[1].push(Cell::head(t.t(keys::COL_N)));
        head[1].push(Cell::head(t.f(keys::HB_COL_MEAN_SEM, &[("unit", &h.unit)])));
    }
    let tb = table(
        "hemoglobin",
        t.t(keys::HB_SHORT).to_string(),
        t.f(keys::HB_CAPTION, &[("unit", &h.unit)]),
        head,
        rows(body),
        vec![t.f(
            keys::HB_NOTE,
            &[("method", &t.t(super::words::method(h.method)))],
        )],
    );
    super::section(
        "hb",
        t.t(keys::HB_TITLE),
        vec![Block::Table(tb), Block::Figure(figures::hemoglobin(h, t))],
    )
}
