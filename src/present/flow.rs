//! The population flow: screened → eligible → safety → evaluable →
//! responders, with every exclusion and its reason.

use super::figures;
use super::model::{Block, Cell, Paragraph, TextRole};
use super::{rows, table, words, Ctx, Section};
use crate::analysis::populations::PopulationFlow;
use crate::text::keys;

pub(super) fn section(f: &PopulationFlow, ctx: Ctx) -> Section {
    let t = ctx.t;
    let mut blocks = vec![Block::Figure(figures::flow(f, ctx))];
    let step = |key, id: &str, n: usize, detail: String| {
        vec![
            Cell::label(t.t(key)).key(id),
            Cell::count(n),
            Cell::text(detail),
        ]
    };
    let mut body = vec![step(
        keys::FLOW_SCREENED,
        "screened",
        f.screened,
        String::new(),
    )];
    if f.eligibility_applied {
        body.extend(f.excluded_by_reason.iter().map(|(reason, n)| {
            vec![
                Cell::label(t.t(keys::FLOW_EXCLUDED))
                    .indent(1)
                    .key(format!("excluded.{}", super::code(reason))),
                Cell::count(*n),
                Cell::text(words::criterion(*reason, ctx.settings, t)),
            ]
        }));
    }
    body.push(step(
        keys::FLOW_ELIGIBLE,
        "eligible",
        f.eligible,
        if f.eligibility_applied {
            String::new()
        } else {
            t.t(keys::FLOW_NOT_APPLIED).to_string()
        },
    ));
    if f.no_start_date_count() > 0 {
        body.push(vec![
            Cell::label(t.t(keys::FLOW_NO_START_DATE))
                .indent(1)
                .key("no_start_date"),
            Cell::count(f.no_start_date_count()),
            Cell::empty(),
        ]);
    }
    body.push(step(keys::FLOW_SAFETY, "safety", f.safety, String::new()));
    body.extend(f.not_evaluable_by_reason.iter().map(|c| {
        vec![
            Cell::label(t.t(keys::FLOW_NOT_EVALUABLE))
                .indent(1)
                .key(format!("not_evaluable.{}", super::code(&c.reason))),
            Cell::count(c.n),
            Cell::text(words::not_evaluable(c.reason, t)),
        ]
    }));
    body.push(step(
        keys::FLOW_EVALUABLE,
        "evaluable",
        f.evaluable,
        String::new(),
    ));
    body.push(vec![
        Cell::label(t.t(keys::FLOW_RESPONDERS))
            .indent(1)
            .key("responders"),
        Cell::count(f.responders),
        Cell::empty(),
    ]);
    body.push(vec![
        Cell::label(t.t(keys::FLOW_NON_RESPONDERS))
            .indent(1)
            .key("non_responders"),
        Cell::count(f.non_responders),
        Cell::empty(),
    ]);
    let mut notes = Vec::new();
    if f.excluded_several_reasons() > 0 {
        notes.push(t.t(keys::FLOW_NOTE_SEVERAL).to_string());
    }
    if f.kept_not_assessable > 0 {
        notes.push(t.f(
            keys::FLOW_KEPT_NOT_ASSESSABLE,
            &[("n", &f.kept_not_assessable)],
        ));
    }
    blocks.push(Block::Table(table(
        "flow",
        t.t(keys::FLOW_SHORT).to_string(),
        t.t(keys::FLOW_CAPTION).to_string(),
        super::heads(
            t,
            &[
                ("step", keys::FLOW_COL_STEP),
                ("n", keys::FLOW_COL_N),
                ("detail", keys::FLOW_COL_DETAIL),
            ],
        ),
        rows(body),
        notes,
    )));
    if !f.excluded.is_empty() {
        let listed = f.excluded[..ctx.listed(f.excluded.len())]
            .iter()
            .map(|x| {
                vec![
                    Cell::user_label(&x.patient_id),
                    Cell::count(x.row as usize),
                    Cell::text(
                        x.reasons
                            .iter()
                            .map(|c| words::criterion(*c, ctx.settings, t))
                            .collect::<Vec<_>>()
                            .join(t.t(keys::LIST_SEPARATOR)),
                    ),
                ]
            })
            .collect();
        let mut tb = table(
            "flow-excluded",
            t.t(keys::FLOW_EXCLUDED_SHORT).to_string(),
            t.f(keys::FLOW_EXCLUDED_CAPTION, &[("n", &f.excluded.len())]),
            vec![[
                keys::FLOW_COL_PATIENT,
                keys::FLOW_COL_ROW,
                keys::FLOW_COL_REASONS,
            ]
            .map(|k| Cell::head(t.t(k)))
            .to_vec()],
            rows(listed),
            vec![],
        );
        tb.listing = true;
        super::cut_listing(&mut tb, f.excluded.len(), t);
        blocks.push(Block::Table(tb));
    }
    if !f.no_start_date.is_empty() {
        blocks.push(Block::Text(Paragraph {
            role: TextRole::Hint,
            text: t.f(
                keys::FLOW_NO_START_DATE_LIST,
                &[(
                    "patients",
                    &super::format::safe_text(&f.no_start_date.join(", ")),
                )],
            ),
        }));
    }
    if !f.not_evaluable.is_empty() {
        let listed = f.not_evaluable[..ctx.listed(f.not_evaluable.len())]
            .iter()
            .map(|x| {
                vec![
                    Cell::user_label(&x.patient_id),
                    Cell::text(
                        x.stop_reason
                            .map_or(super::format::DASH, |r| t.t(words::stop_reason(Some(r)))),
                    ),
                    x.days_on_treatment
                        .map_or(Cell::text(super::format::DASH), |d| {
                            Cell::number(
                                super::CellKind::Count,
                                f64::from(d),
                                0,
                                super::format::fixed(f64::from(d), 0),
                            )
                        }),
                    Cell::text(t.t(words::response(x.response))),
                ]
            })
            .collect();
        let mut tb = table(
            "flow-not-evaluable",
            t.t(keys::FLOW_NOT_EVALUABLE_SHORT).to_string(),
            t.f(
                keys::FLOW_NOT_EVALUABLE_CAPTION,
                &[("n", &f.not_evaluable.len())],
            ),
            vec![[
                keys::FLOW_COL_PATIENT,
                keys::FLOW_COL_STOP_REASON,
                keys::FLOW_COL_DAYS,
                keys::FLOW_COL_RESPONSE,
            ]
            .map(|k| Cell::head(t.t(k)))
            .to_vec()],
            rows(listed),
            vec![],
        );
        tb.listing = true;
        super::cut_listing(&mut tb, f.not_evaluable.len(), t);
        blocks.push(Block::Table(tb));
    }
    if let Some(p) = &f.pooled {
        blocks.push(Block::Text(Paragraph {
            role: TextRole::Hint,
            text: t.f(keys::FLOW_POOLED_NOTE, &[("sites", &p.sites.len())]),
        }));
        blocks.push(Block::Table(sites_table(p, ctx)));
    }
    super::section("flow", t.t(keys::FLOW_TITLE), blocks)
}

/// A pooled report's flow by site: one row per site summary.
fn sites_table(p: &crate::analysis::populations::PooledFlow, ctx: Ctx) -> super::Table {
    let t = ctx.t;
    let body = p
        .sites
        .iter()
        .map(|s| {
            vec![
                Cell::user_label(&s.site),
                Cell::count(s.screened),
                Cell::count(s.excluded),
                Cell::count(s.eligible),
                Cell::count(s.no_start_date),
                Cell::count(s.safety),
                Cell::count(s.not_evaluable),
                Cell::count(s.evaluable),
                Cell::count(s.responders),
            ]
        })
        .collect();
    table(
        "flow-sites",
        t.t(keys::FLOW_SITES_SHORT).to_string(),
        t.f(keys::FLOW_SITES_CAPTION, &[("n", &p.sites.len())]),
        super::heads(
            t,
            &[
                ("site", keys::FLOW_COL_SITE),
                ("screened", keys::FLOW_SCREENED),
                ("excluded", keys::FLOW_EXCLUDED),
                ("eligible", keys::FLOW_ELIGIBLE),
                ("no_start_date", keys::FLOW_NO_START_DATE),
                ("safety", keys::FLOW_SAFETY),
                ("not_evaluable", keys::FLOW_NOT_EVALUABLE),
                ("evaluable", keys::FLOW_EVALUABLE),
                ("responders", keys::FLOW_RESPONDERS),
            ],
        ),
        rows(body),
        vec![],
    )
}
