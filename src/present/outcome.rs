//! Discontinuation, Kaplan–Meier estimates with their figures, and the
//! prior-ESA subgroup.

use super::figures;
use super::format::{count_percent, fixed, level, n_of_n};
use super::model::{Block, Cell, CellKind};
use super::{computed, rows, table, with_missing, Ctx, Section};
use crate::analysis::efficacy::DAYS_PER_MONTH;
use crate::analysis::outcome::{Discontinuation, PriorEsa, SurvivalAnalysis};
use crate::analysis::values::{Computed, Count};
use crate::text::{keys, Text};

/// Days as months with one decimal, or `NR` (not reached).
pub(super) fn months(days: Option<f64>, t: Text) -> String {
    days.map_or_else(
        || t.t(keys::KM_NOT_REACHED_SHORT).to_string(),
        |d| fixed(d / DAYS_PER_MONTH, 1),
    )
}

pub(super) fn section(d: &Discontinuation, survival: &[SurvivalAnalysis], ctx: Ctx) -> Section {
    let t = ctx.t;
    let share = |c: &Count| Cell::count_percent(count_percent(c, d.n), c.denominator);
    let mut body = vec![vec![
        Cell::label(t.t(keys::OUTCOME_STOPPED)).key("stopped"),
        share(&d.stopped),
    ]];
    body.extend(d.by_reason.iter().map(|c| {
        vec![
            Cell::label(t.t(super::words::stop_reason(c.reason)))
                .indent(1)
                .key(format!("stopped.{}", super::code(&c.reason))),
            share(&c.count),
        ]
    }));
    body.push(vec![
        Cell::label(t.t(keys::OUTCOME_ON_TREATMENT)).key("on_treatment"),
        share(&d.on_treatment),
    ]);
    if d.stop_unknown > 0 {
        body.push(vec![
            Cell::label(t.t(keys::OUTCOME_STOP_UNKNOWN)).key("stop_unknown"),
            Cell::count(d.stop_unknown),
        ]);
    }
    let stops = table(
        "discontinuation",
        t.t(keys::OUTCOME_SHORT).to_string(),
        t.f(keys::OUTCOME_CAPTION, &[("n", &d.n)]),
        super::heads(
            t,
            &[
                ("status", keys::OUTCOME_COL_STATUS),
                ("n_percent", keys::COL_N_PERCENT),
            ],
        ),
        rows(body),
        vec![t.f(keys::OUTCOME_NOTE, &[("n", &d.n)])],
    );
    let conf = level(ctx.settings.confidence_level);
    let km_rows = survival
        .iter()
        .map(|s| {
            let (name, event) = super::words::endpoint(s.endpoint);
            let name = Cell::label(t.t(name));
            let event = Cell::text(t.t(event));
            match &s.estimate {
                Computed::Value(k) => {
                    let median = match k.median_days {
                        Some(m) => fixed(m / DAYS_PER_MONTH, 1),
                        None => t.t(keys::KM_NOT_REACHED).to_string(),
                    };
                    vec![
                        name,
                        event,
                        Cell::count(k.n),
                        Cell::count(k.events),
                        Cell::new(
                            CellKind::Estimate,
                            format!(
                                "{median} ({}–{})",
                                months(k.median_lower_days, t),
                                months(k.median_upper_days, t)
                            ),
                        ),
                        Cell::count(s.excluded),
                    ]
                }
                Computed::NotComputable(_) => {
                    let nc = || computed(&s.estimate, t, |_| Cell::empty());
                    vec![name, event, nc(), nc(), nc(), Cell::count(s.excluded)]
                }
            }
        })
        .collect();
    let method = t.t(super::words::method(
        survival
            .first()
            .map_or(crate::analysis::values::Method::KaplanMeier, |s| s.method),
    ));
    let km = table(
        "survival",
        t.t(keys::KM_SHORT).to_string(),
        t.t(keys::KM_CAPTION).to_string(),
        vec![vec![
            Cell::head(t.t(keys::KM_COL_ANALYSIS)),
            Cell::head(t.t(keys::KM_COL_EVENT)),
            Cell::head(t.t(keys::KM_COL_PATIENTS)),
            Cell::head(t.t(keys::KM_COL_EVENTS)),
            Cell::head(t.f(keys::KM_COL_MEDIAN, &[("level", &conf)])),
            Cell::head(t.t(keys::KM_COL_LEFT_OUT)),
        ]],
        rows(km_rows),
        vec![
            t.f(keys::KM_NOTE_METHOD, &[("method", &method)]),
            t.t(keys::KM_NOTE_LEFT_OUT).to_string(),
        ],
    );
    let mut blocks = vec![Block::Table(stops), Block::Table(km)];
    let mut number = 3;
    for s in survival {
        if let Computed::Value(k) = &s.estimate {
            blocks.push(Block::Figure(figures::kaplan_meier(s, k, number, t)));
            number += 1;
        }
    }
    super::section("outcome", t.t(keys::OUTCOME_TITLE), blocks)
}

pub(super) fn prior_esa_section(e: &PriorEsa, ctx: Ctx) -> Section {
    let t = ctx.t;
    let rate = |c: &Count| Cell::count_percent(n_of_n(c), c.denominator);
    let tb = table(
        "prior-esa",
        t.t(keys::ESA_SHORT).to_string(),
        t.t(keys::ESA_CAPTION).to_string(),
        super::heads(
            t,
            &[
                ("subgroup", keys::ESA_COL_SUBGROUP),
                ("n_percent", keys::COL_N_OF_N_PERCENT),
            ],
        ),
        rows(vec![
            vec![
                Cell::label(with_missing(t.t(keys::ESA_TREATED), e.treated.missing, t))
                    .key("treated"),
                rate(&e.treated),
            ],
            vec![
                Cell::label(with_missing(
                    t.t(keys::ESA_TI_ON_ESA),
                    e.rbc_ti_on_esa.missing,
                    t,
                ))
                .indent(1)
                .key("rbc_ti_on_esa"),
                rate(&e.rbc_ti_on_esa),
            ],
            vec![
                Cell::label(t.t(keys::ESA_TI_ON_LENALIDOMIDE))
                    .indent(1)
                    .key("rbc_ti_on_lenalidomide"),
                rate(&e.rbc_ti_on_lenalidomide),
            ],
        ]),
        vec![t.t(keys::ESA_NOTE).to_string()],
    );
    super::section("esa", t.t(keys::ESA_TITLE), vec![Block::Table(tb)])
}
