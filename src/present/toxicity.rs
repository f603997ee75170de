//! Table 3: patients by worst CTCAE grade during treatment, and its figure.

use super::figures;
use super::format::count_percent;
use super::model::{Block, Cell, CellKind, Group};
use super::{table, with_missing, Ctx, Section};
use crate::analysis::toxicity::{AeGroup, Table3, ToxicityRow};
use crate::text::keys;

/// CTCAE v5.0 defines febrile neutropenia from grade 3 only.
fn undefined_low_grades(r: &ToxicityRow) -> bool {
    r.term == "febrile_neutropenia" && r.by_grade[1] == 0 && r.by_grade[2] == 0
}

pub(super) fn section(t3: &Table3, ctx: Ctx) -> Section {
    let t = ctx.t;
    let mut footnote_a = false;
    let mut row = |r: &ToxicityRow| {
        let undefined = undefined_low_grades(r);
        footnote_a |= undefined;
        let mut label = super::words::ae_term(&r.term, t);
        if undefined {
            label.push_str(t.t(keys::TABLE3_MARK_UNDEFINED));
        }
        let mut cells = vec![Cell::user_label(&with_missing(&label, r.missing, t))
            .indent(1)
            .key(super::slug(&r.term))];
        cells.extend(r.by_grade.iter().enumerate().map(|(g, n)| {
            if undefined && (g == 1 || g == 2) {
                Cell::new(CellKind::Count, "–").note(t.t(keys::TABLE3_UNDEFINED))
            } else {
                Cell::count(*n)
            }
        }));
        cells.push(Cell::count_percent(
            count_percent(&r.any_grade, t3.n),
            r.any_grade.denominator,
        ));
        cells.push(if r.grade_3_or_higher.n == 0 {
            Cell::count(0)
        } else {
            Cell::count_percent(
                count_percent(&r.grade_3_or_higher, t3.n),
                r.grade_3_or_higher.denominator,
            )
        });
        cells
    };
    let mut groups = Vec::new();
    for group in [AeGroup::Hematologic, AeGroup::NonHematologic] {
        let key = super::words::ae_group(group);
        let rows: Vec<_> = t3
            .rows
            .iter()
            .filter(|r| r.group == group)
            .map(&mut row)
            .collect();
        if !rows.is_empty() {
            groups.push(Group {
                label: Some(t.t(key).to_string()),
                key: Some(super::code(&group)),
                rows,
            });
        }
    }
    let mut notes = vec![t.f(keys::TABLE3_NOTE, &[("n", &t3.n)])];
    if footnote_a {
        notes.push(t.t(keys::TABLE3_NOTE_UNDEFINED).to_string());
    }
    let mut head = vec![
        Cell::head(t.t(keys::TABLE3_COL_TOXICITY)).key("toxicity"),
        Cell::head(t.t(keys::TABLE3_COL_NONE)).key("none"),
    ];
    head.extend((1..=5).map(|g| {
        Cell::head(t.f(keys::TABLE3_COL_GRADE, &[("grade", &g)])).key(format!("grade{g}"))
    }));
    head.push(Cell::head(t.t(keys::TABLE3_COL_ANY)).key("any"));
    head.push(Cell::head(t.t(keys::TABLE3_COL_GRADE3)).key("grade3_or_higher"));
    let mut blocks = vec![Block::Table(table(
        "table3",
        t.t(keys::TABLE3_SHORT).to_string(),
        t.f(keys::TABLE3_CAPTION, &[("n", &t3.n)]),
        vec![head],
        groups,
        notes,
    ))];
    if !t3.rows.is_empty() {
        blocks.push(Block::Figure(figures::toxicity(t3, t)));
    }
    super::section("toxicity", t.t(keys::TABLE3_TITLE), blocks)
}
