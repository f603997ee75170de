//! The audit section: each printed figure of a claims file with the
//! recomputed cell, the verdict and why, grouped by table; and the claims
//! file's problems, located.

use super::format::{fixed, p_value, safe_text};
use super::model::{Block, Cell, Group, Table};
use super::{listing, table, Ctx, Section};
use crate::audit::{Audit, ClaimResult, Finding, Population, Rounding, Test, TestValue, Verdict};
use crate::text::{keys, Key, Text};

pub(super) fn section(a: &Audit, shorts: &[(&str, String)], ctx: Ctx) -> Section {
    let t = ctx.t;
    let mut groups: Vec<Group> = Vec::new();
    for r in &a.results {
        let label = shorts
            .iter()
            .find(|(id, _)| *id == r.table)
            .map_or_else(|| safe_text(&r.table), |(_, s)| s.clone());
        let row = claim_row(r, t);
        match groups
            .iter_mut()
            .find(|g| g.label.as_deref() == Some(&label))
        {
            Some(g) => g.rows.push(row),
            None => groups.push(Group {
                label: Some(label),
                key: Some(r.table.clone()),
                rows: vec![row],
            }),
        }
    }
    let other = a.results.len()
        - a.count(Verdict::Consistent)
        - a.count(Verdict::ConsistentAfterRounding)
        - a.count(Verdict::NotConsistent);
    let mut tb = table(
        "audit",
        t.t(keys::AUDIT_SHORT).to_string(),
        t.f(keys::AUDIT_CAPTION, &[("file", &safe_text(&a.file))]),
        super::heads(
            t,
            &[
                ("source", keys::AUDIT_COL_SOURCE),
                ("cell", keys::AUDIT_COL_CELL),
                ("printed", keys::AUDIT_COL_PRINTED),
                ("recomputed", keys::AUDIT_COL_RECOMPUTED),
                ("verdict", keys::AUDIT_COL_VERDICT),
                ("why", keys::AUDIT_COL_WHY),
            ],
        ),
        groups,
        vec![
            t.f(
                keys::AUDIT_NOTE_SUMMARY,
                &[
                    ("n", &a.results.len()),
                    ("consistent", &a.count(Verdict::Consistent)),
                    ("rounded", &a.count(Verdict::ConsistentAfterRounding)),
                    ("differ", &a.count(Verdict::NotConsistent)),
                    ("other", &other),
                ],
            ),
            t.t(keys::AUDIT_NOTE_METHOD).to_string(),
        ],
    );
    tb.wide = true;
    let mut blocks = vec![Block::Table(tb)];
    if !a.diagnostics.is_empty() {
        blocks.push(Block::Table(problems(a, t)));
    }
    super::section("audit", t.t(keys::AUDIT_TITLE), blocks)
}

fn claim_row(r: &ClaimResult, t: Text) -> Vec<Cell> {
    let mut why: Vec<String> = r.findings.iter().map(|f| finding(f, t)).collect();
    if !r.note.is_empty() {
        why.push(t.f(keys::AUDIT_CLAIM_NOTE, &[("note", &r.note)]));
    }
    vec![
        Cell::user_label(&r.source).key(format!("line{}", r.line)),
        Cell::user(&format!("{} · {} · {}", r.table, r.row, r.column)),
        Cell::user(&r.printed),
        r.recomputed
            .as_deref()
            .map_or_else(|| Cell::text(super::format::DASH), Cell::text),
        Cell::text(t.t(verdict(r.verdict))),
        Cell::user(&why.join(" ")),
    ]
}

/// The claims file's problems as a listing.
fn problems(a: &Audit, t: Text) -> Table {
    let rows = a
        .diagnostics
        .iter()
        .map(|d| {
            let l = &d.location;
            vec![
                l.row.map_or_else(Cell::empty, |r| Cell::count(r as usize)),
                Cell::user(l.column.as_deref().unwrap_or("")),
                Cell::user(l.value.as_deref().unwrap_or("")),
                Cell::text(d.message.render(t)),
            ]
        })
        .collect();
    listing(table(
        "audit-problems",
        t.t(keys::AUDIT_PROBLEMS_SHORT).to_string(),
        t.f(
            keys::AUDIT_PROBLEMS_CAPTION,
            &[("file", &safe_text(&a.file))],
        ),
        super::heads(
            t,
            &[
                ("row", keys::AUDIT_PROBLEMS_COL_ROW),
                ("column", keys::AUDIT_PROBLEMS_COL_COLUMN),
                ("value", keys::AUDIT_PROBLEMS_COL_VALUE),
                ("problem", keys::AUDIT_PROBLEMS_COL_PROBLEM),
            ],
        ),
        super::rows(rows),
        vec![],
    ))
}

fn verdict(v: Verdict) -> Key {
    match v {
        Verdict::Consistent => keys::AUDIT_VERDICT_CONSISTENT,
        Verdict::ConsistentAfterRounding => keys::AUDIT_VERDICT_AFTER_ROUNDING,
        Verdict::NotConsistent => keys::AUDIT_VERDICT_NOT_CONSISTENT,
        Verdict::NotComputable => keys::AUDIT_VERDICT_NOT_COMPUTABLE,
        Verdict::Unreadable => keys::AUDIT_VERDICT_UNREADABLE,
        Verdict::NotFound => keys::AUDIT_VERDICT_NOT_FOUND,
    }
}

fn rounding(r: Rounding) -> Key {
    match r {
        Rounding::HalfUp => keys::AUDIT_ROUNDING_HALF_UP,
        Rounding::HalfEven => keys::AUDIT_ROUNDING_HALF_EVEN,
        Rounding::Truncation => keys::AUDIT_ROUNDING_TRUNCATION,
    }
}

fn test(x: Test) -> Key {
    match x {
        Test::FisherTwoSided => keys::AUDIT_TEST_FISHER_TWO_SIDED,
        Test::FisherLess => keys::AUDIT_TEST_FISHER_LESS,
        Test::FisherGreater => keys::AUDIT_TEST_FISHER_GREATER,
        Test::ChiSquare => keys::AUDIT_TEST_CHI_SQUARE,
        Test::ChiSquareYates => keys::AUDIT_TEST_CHI_SQUARE_YATES,
        Test::WelchT => keys::AUDIT_TEST_WELCH,
        Test::StudentT => keys::AUDIT_TEST_STUDENT,
        Test::RankSumExact => keys::AUDIT_TEST_RANK_SUM_EXACT,
        Test::RankSumNormalCorrected => keys::AUDIT_TEST_RANK_SUM_CORRECTED,
        Test::RankSumNormalUncorrected => keys::AUDIT_TEST_RANK_SUM_UNCORRECTED,
        Test::CorrelationTwoSided => keys::AUDIT_TEST_CORRELATION_TWO_SIDED,
        Test::CorrelationOneSided => keys::AUDIT_TEST_CORRELATION_ONE_SIDED,
    }
}

fn population(p: Population) -> Key {
    match p {
        Population::Screened => keys::AUDIT_POPULATION_SCREENED,
        Population::Eligible => keys::AUDIT_POPULATION_ELIGIBLE,
        Population::Safety => keys::AUDIT_POPULATION_SAFETY,
        Population::Evaluable => keys::AUDIT_POPULATION_EVALUABLE,
        Population::Responders => keys::AUDIT_POPULATION_RESPONDERS,
        Population::NonResponders => keys::AUDIT_POPULATION_NON_RESPONDERS,
    }
}

/// A p-value in a finding: three decimals, or four significant digits
/// below 0.001 (so 0.0003 is not hidden behind "<0.001").
fn p_text(p: f64) -> String {
    if p > 0.0 && p < 0.001 {
        let digits = (3 - p.log10().floor() as i32).clamp(4, 12) as u8;
        fixed(p, digits)
    } else {
        p_value(p)
    }
}

fn tests(tried: &[&TestValue], t: Text) -> String {
    tried
        .iter()
        .map(|v| {
            t.f(
                keys::AUDIT_TEST_VALUE,
                &[("test", &t.t(test(v.test))), ("p", &p_text(v.p))],
            )
        })
        .collect::<Vec<_>>()
        .join(t.t(keys::LIST_SEPARATOR))
}

fn finding(f: &Finding, t: Text) -> String {
    match f {
        Finding::UnknownTable => t.t(keys::AUDIT_FINDING_UNKNOWN_TABLE).to_string(),
        Finding::UnknownRow => t.t(keys::AUDIT_FINDING_UNKNOWN_ROW).to_string(),
        Finding::UnknownColumn => t.t(keys::AUDIT_FINDING_UNKNOWN_COLUMN).to_string(),
        Finding::AmbiguousCell => t.t(keys::AUDIT_FINDING_AMBIGUOUS).to_string(),
        Finding::Rounded { rules } => {
            let names: Vec<&str> = rules.iter().map(|r| t.t(rounding(*r))).collect();
            t.f(
                keys::AUDIT_FINDING_ROUNDED,
                &[("rules", &names.join(t.t(keys::LIST_SEPARATOR)))],
            )
        }
        Finding::ShapeDiffers => t.t(keys::AUDIT_FINDING_SHAPE).to_string(),
        Finding::NumberDiffers {
            printed,
            recomputed,
        } => t.f(
            keys::AUDIT_FINDING_NUMBER_DIFFERS,
            &[("printed", printed), ("recomputed", recomputed)],
        ),
        Finding::CountDiffers {
            printed,
            recomputed,
        } => t.f(
            keys::AUDIT_FINDING_COUNT_DIFFERS,
            &[("printed", printed), ("recomputed", recomputed)],
        ),
        Finding::DenominatorDiffers {
            printed,
            recomputed,
        } => t.f(
            keys::AUDIT_FINDING_DENOMINATOR_DIFFERS,
            &[("printed", printed), ("recomputed", recomputed)],
        ),
        Finding::PercentNotOfCount {
            n,
            denominator,
            percent,
            counts,
        } => {
            let counts: Vec<String> = counts.iter().map(usize::to_string).collect();
            t.f(
                keys::AUDIT_FINDING_PERCENT_NOT_OF_COUNT,
                &[
                    ("n", n),
                    ("denominator", denominator),
                    ("percent", &fixed(*percent, 1)),
                    ("counts", &counts.join(t.t(keys::LIST_SEPARATOR))),
                ],
            )
        }
        Finding::NoCountGivesPercent { denominator } => t.f(
            keys::AUDIT_FINDING_NO_COUNT,
            &[("denominator", denominator)],
        ),
        Finding::OtherDenominator {
            denominator,
            population: p,
        } => t.f(
            keys::AUDIT_FINDING_OTHER_DENOMINATOR,
            &[
                ("denominator", denominator),
                ("population", &t.t(population(*p))),
            ],
        ),
        Finding::Tests { tried } => {
            let hits: Vec<&TestValue> = tried.iter().filter(|v| v.reproduces).collect();
            if hits.is_empty() {
                let all: Vec<&TestValue> = tried.iter().collect();
                t.f(keys::AUDIT_FINDING_NO_TEST, &[("tests", &tests(&all, t))])
            } else {
                t.f(
                    keys::AUDIT_FINDING_REPRODUCED_BY,
                    &[("tests", &tests(&hits, t))],
                )
            }
        }
        Finding::PrintedPair {
            r,
            n,
            two_sided,
            one_sided,
            possible,
        } => t.f(
            if *possible {
                keys::AUDIT_FINDING_PAIR_POSSIBLE
            } else {
                keys::AUDIT_FINDING_PAIR_IMPOSSIBLE
            },
            &[
                ("r", &fixed(*r, 3)),
                ("n", n),
                ("two_sided", &p_text(*two_sided)),
                ("one_sided", &p_text(*one_sided)),
            ],
        ),
    }
}
