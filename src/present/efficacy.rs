//! Efficacy: response rates with the exact interval, duration of use by
//! response, time to response.

use super::format::{fixed, level, mean_sem, median_range, n_of_n, p_cell, percent};
use super::model::{Block, Cell, CellKind};
use super::{computed, rows, table, with_missing, Ctx, Section};
use crate::analysis::efficacy::{Efficacy, Rate};
use crate::analysis::values::{Computed, Describe};
use crate::text::keys;

pub(super) fn section(e: &Efficacy, ctx: Ctx) -> Section {
    let t = ctx.t;
    let conf = level(ctx.settings.confidence_level);
    let rate = |key, id: &str, r: &Rate| {
        vec![
            Cell::label(t.t(key)).key(id),
            Cell::count_percent(n_of_n(&r.count), r.count.denominator),
            computed(&r.interval, t, |i| {
                Cell::new(
                    CellKind::Estimate,
                    format!(
                        "{}–{}",
                        percent_of(100.0 * i.lower),
                        percent_of(100.0 * i.upper)
                    ),
                )
            }),
        ]
    };
    let response = table(
        "efficacy-response",
        t.t(keys::EFFICACY_RESPONSE_SHORT).to_string(),
        t.f(keys::EFFICACY_RESPONSE_CAPTION, &[("n", &e.n)]),
        vec![vec![
            Cell::head(t.t(keys::EFFICACY_COL_RESPONSE)).key("response"),
            Cell::head(t.t(keys::COL_N_OF_N_PERCENT)).key("n_percent"),
            Cell::head(t.f(keys::COL_CI_PERCENT, &[("level", &conf)])).key("ci"),
        ]],
        rows(vec![
            rate(keys::EFFICACY_RBC_TI, "rbc_ti", &e.rbc_ti),
            rate(keys::EFFICACY_HI_E_MINOR, "hi_e_minor", &e.hi_e_minor),
            rate(keys::EFFICACY_NO_RESPONSE, "no_response", &e.no_response),
            rate(keys::EFFICACY_ANY_HI_E, "any_hi_e", &e.any_hi_e),
        ]),
        vec![
            t.f(
                keys::EFFICACY_RESPONSE_NOTE_CI,
                &[("level", &conf), ("n", &e.n)],
            ),
            t.t(keys::EFFICACY_RESPONSE_NOTE_ABBREVIATIONS).to_string(),
        ],
    );

    let d = &e.duration_months;
    let group_row = |label, id: &str, g: &Describe, first: bool| {
        let mut row = vec![
            Cell::label(with_missing(t.t(label), g.missing.total, t)).key(id),
            Cell::count(g.n),
            computed(&g.summary, t, |s| {
                Cell::new(CellKind::MeanSem, mean_sem(s, 1))
            }),
            computed(&g.summary, t, |s| {
                Cell::new(CellKind::MedianRange, median_range(s, Some(1)))
            }),
        ];
        if first {
            row.push(computed(&d.welch, t, |r| p_cell(r.p_value)).rows(2));
            row.push(computed(&d.mann_whitney, t, |r| p_cell(r.p_value)).rows(2));
        }
        row
    };
    let method = |c: &Computed<crate::analysis::values::TestResult>, fallback| match c {
        Computed::Value(r) => t.t(super::words::method(r.method)),
        Computed::NotComputable(_) => t.t(fallback),
    };
    let duration = table(
        "efficacy-duration",
        t.t(keys::EFFICACY_DURATION_SHORT).to_string(),
        t.t(keys::EFFICACY_DURATION_CAPTION).to_string(),
        super::heads(
            t,
            &[
                ("group", keys::COL_GROUP),
                ("n", keys::COL_N),
                ("mean_sem", keys::STAT_MEAN_SEM),
                ("median_range", keys::STAT_MEDIAN_RANGE),
                ("p_welch", keys::COL_P_WELCH),
                ("p_mann_whitney", keys::COL_P_MANN_WHITNEY),
            ],
        ),
        rows(vec![
            group_row(keys::GROUP_RESPONDERS, "responders", &d.responders, true),
            group_row(
                keys::GROUP_NON_RESPONDERS,
                "non_responders",
                &d.non_responders,
                false,
            ),
        ]),
        vec![
            t.f(keys::EFFICACY_DURATION_NOTE_MONTHS, &[("n", &e.n)]),
            t.f(
                keys::EFFICACY_DURATION_NOTE_TESTS,
                &[
                    ("welch", &method(&d.welch, keys::METHOD_WELCH)),
                    (
                        "mann_whitney",
                        &method(&d.mann_whitney, keys::METHOD_MANN_WHITNEY_EXACT),
                    ),
                ],
            ),
        ],
    );

    let r = &e.time_to_response_days;
    let ttr = table(
        "efficacy-time-to-response",
        t.t(keys::EFFICACY_TTR_SHORT).to_string(),
        t.t(keys::EFFICACY_TTR_CAPTION).to_string(),
        vec![[
            keys::COL_GROUP,
            keys::COL_N,
            keys::STAT_MEDIAN_RANGE,
            keys::STAT_MEAN_SEM,
        ]
        .map(|k| Cell::head(t.t(k)))
        .to_vec()],
        rows(vec![vec![
            Cell::label(with_missing(
                t.t(keys::EFFICACY_TTR_GROUP),
                r.missing.total,
                t,
            )),
            Cell::count(r.n),
            computed(&r.summary, t, |s| {
                Cell::new(CellKind::MedianRange, median_range(s, None))
            }),
            computed(&r.summary, t, |s| {
                Cell::new(CellKind::MeanSem, mean_sem(s, 1))
            }),
        ]]),
        vec![t.t(keys::EFFICACY_TTR_NOTE).to_string()],
    );
    super::section(
        "efficacy",
        t.t(keys::EFFICACY_TITLE),
        vec![
            Block::Table(response),
            Block::Table(duration),
            Block::Table(ttr),
        ],
    )
}

/// A percentage already scaled to 0–100, one decimal.
fn percent_of(x: f64) -> String {
    if x.is_finite() {
        fixed(x, 1)
    } else {
        percent(0, 0)
    }
}
