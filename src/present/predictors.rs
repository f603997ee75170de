//! Table 2 (predictors of RBC-TI) and dose modification by response: 2×2
//! tables with the chosen test and the conditional odds ratio.

use super::format::{level, n_of_n, p_cell, ratio};
use super::model::{Block, Cell, CellKind, Group};
use super::{computed, rows, table, with_missing, Ctx, Section};
use crate::analysis::predictors::{DoseChange, DoseModification, Factor, Table2};
use crate::analysis::two_by_two::TwoByTwo;
use crate::analysis::values::Method;
use crate::settings::{Settings, TwoByTwoTest};
use crate::text::{keys, Text};

/// The odds-ratio cell: `OR (lower–upper)`, with what it compares as a note.
fn odds_ratio(table: &TwoByTwo, compares: String, t: Text) -> Cell {
    computed(&table.odds_ratio, t, |o| {
        Cell::new(
            CellKind::Estimate,
            format!(
                "{} ({}–{})",
                ratio(o.estimate),
                ratio(o.lower),
                ratio(o.upper)
            ),
        )
        .note(compares)
    })
}

/// The name of the 2×2 test the settings chose.
fn test_method(s: &Settings, t: Text) -> &'static str {
    t.t(super::words::method(match s.two_by_two_test {
        TwoByTwoTest::Fisher => Method::Fisher,
        TwoByTwoTest::ChiSquare => Method::ChiSquare,
        TwoByTwoTest::ChiSquareYates => Method::ChiSquareYates,
    }))
}

pub(super) fn table2_section(t2: &Table2, ctx: Ctx) -> Section {
    let t = ctx.t;
    let conf = level(ctx.settings.confidence_level);
    let groups = t2
        .rows
        .iter()
        .map(|row| {
            let [[a, b], [c, d]] = row.table.counts;
            let (level1, level2) = super::words::factor_levels(row.factor, row.cut, t);
            let (key1, key2) = level_keys(row.factor);
            let compares = t.f(
                keys::TABLE2_COMPARES,
                &[("level1", &level1), ("level2", &level2)],
            );
            Group {
                label: None,
                key: None,
                rows: vec![
                    vec![
                        Cell::label(with_missing(
                            t.t(super::words::factor(row.factor)),
                            row.missing,
                            t,
                        ))
                        .key(super::code(&row.factor))
                        .rows(2),
                        Cell::label(level1).key(key1),
                        Cell::count(a as usize),
                        Cell::count(b as usize),
                        computed(&row.table.test, t, |r| p_cell(r.p_value)).rows(2),
                        odds_ratio(&row.table, compares, t).rows(2),
                    ],
                    vec![
                        Cell::label(level2).key(key2),
                        Cell::count(c as usize),
                        Cell::count(d as usize),
                    ],
                ],
            }
        })
        .collect();
    let tb = table(
        "table2",
        t.t(keys::TABLE2_SHORT).to_string(),
        t.f(keys::TABLE2_CAPTION, &[("n", &t2.n)]),
        vec![vec![
            Cell::head(t.t(keys::TABLE2_COL_FACTOR)).key("factor"),
            Cell::head(t.t(keys::TABLE2_COL_LEVEL)).key("level"),
            Cell::head(t.t(keys::TABLE2_COL_RESPONSE_NO)).key("response_no"),
            Cell::head(t.t(keys::TABLE2_COL_RESPONSE_YES)).key("response_yes"),
            Cell::head(t.t(keys::COL_P)).key("p"),
            Cell::head(t.f(keys::COL_OR_CI, &[("level", &conf)])).key("or"),
        ]],
        groups,
        vec![
            t.f(
                keys::TABLE2_NOTE_TEST,
                &[("method", &test_method(ctx.settings, t)), ("n", &t2.n)],
            ),
            t.f(keys::TABLE2_NOTE_OR, &[("level", &conf)]),
            t.t(keys::TABLE2_NOTE_MISSING).to_string(),
        ],
    );
    super::section(
        "predictors",
        t.t(keys::TABLE2_TITLE),
        vec![Block::Table(tb)],
    )
}

pub(super) fn dose_section(dm: &DoseModification, ctx: Ctx) -> Section {
    let t = ctx.t;
    let conf = level(ctx.settings.confidence_level);
    let row = |key, id: &str, c: &DoseChange| {
        let compares = t.t(keys::DOSE_COMPARES).to_string();
        vec![
            Cell::label(t.t(key)).key(id),
            Cell::count_percent(n_of_n(&c.responders), c.responders.denominator),
            Cell::count_percent(n_of_n(&c.non_responders), c.non_responders.denominator),
            computed(&c.table.test, t, |r| p_cell(r.p_value)),
            odds_ratio(&c.table, compares, t),
        ]
    };
    let mut notes = vec![
        t.f(
            keys::DOSE_NOTE_TEST,
            &[
                ("method", &test_method(ctx.settings, t)),
                ("n", &dm.reduction_overall.denominator),
            ],
        ),
        t.t(keys::DOSE_NOTE_OR).to_string(),
        t.f(
            keys::DOSE_NOTE_OVERALL,
            &[("count", &n_of_n(&dm.reduction_overall))],
        ),
    ];
    for (key, c) in [
        (keys::DOSE_REDUCTION, &dm.reduction),
        (keys::DOSE_INTERRUPTION, &dm.interruption),
    ] {
        let missing = c.responders.missing + c.non_responders.missing;
        if missing > 0 {
            notes.push(t.f(
                keys::DOSE_NOTE_MISSING,
                &[("what", &t.t(key)), ("n", &missing)],
            ));
        }
    }
    let tb = table(
        "dose-modification",
        t.t(keys::DOSE_SHORT).to_string(),
        t.t(keys::DOSE_CAPTION).to_string(),
        vec![vec![
            Cell::head(t.t(keys::DOSE_COL_MODIFICATION)).key("modification"),
            Cell::head(t.t(keys::DOSE_COL_RESPONDERS)).key("responders"),
            Cell::head(t.t(keys::DOSE_COL_NON_RESPONDERS)).key("non_responders"),
            Cell::head(t.t(keys::COL_P)).key("p"),
            Cell::head(t.f(keys::COL_OR_CI, &[("level", &conf)])).key("or"),
        ]],
        rows(vec![
            row(keys::DOSE_REDUCTION, "reduction", &dm.reduction),
            row(keys::DOSE_INTERRUPTION, "interruption", &dm.interruption),
        ]),
        notes,
    );
    super::section("dose", t.t(keys::DOSE_TITLE), vec![Block::Table(tb)])
}

/// The stable ids of a factor's two levels, in the table's order.
fn level_keys(f: Factor) -> (&'static str, &'static str) {
    match f {
        Factor::Sex => ("male", "female"),
        Factor::Age | Factor::DiagnosisToStart => ("below", "at_or_above"),
        Factor::Ipss => ("low", "int_1"),
        Factor::RbcTransfusion => ("at_most", "above"),
        Factor::Neutrophils | Factor::Platelets | Factor::Thrombocytopenia => {
            ("at_or_above", "below")
        }
    }
}
