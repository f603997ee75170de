//! The judgement of one claim: by what the cell holds (a p-value, a count
//! with its percentage, other numbers).

use super::alternatives;
use super::locate::{self, Miss};
use super::printed::{self, counts_giving_percent, Exact, Printed, PrintedNumber, Rounding};
use super::{Claim, ClaimResult, Finding, Population, TestValue, Verdict};
use crate::present::model::{Cell, CellKind, Table};
use crate::Report;

/// Judges one claim against the laid-out tables and the report.
pub fn claim(c: &Claim, tables: &[&Table], report: &Report) -> ClaimResult {
    let mut r = ClaimResult {
        line: c.line,
        table: c.table.clone(),
        row: c.row.clone(),
        column: c.column.clone(),
        printed: c.printed.clone(),
        source: c.source.clone(),
        note: c.note.clone(),
        recomputed: None,
        verdict: Verdict::NotFound,
        findings: Vec::new(),
    };
    let found = match locate::find(tables, &c.table, &c.row, &c.column) {
        Ok(f) => f,
        Err(miss) => {
            r.findings.push(match miss {
                Miss::Table => Finding::UnknownTable,
                Miss::Row => Finding::UnknownRow,
                Miss::Column => Finding::UnknownColumn,
                Miss::Ambiguous => Finding::AmbiguousCell,
            });
            return r;
        }
    };
    let cell = found.cell;
    r.recomputed = Some(cell.text.clone());
    if cell.kind == CellKind::NotComputable {
        r.verdict = Verdict::NotComputable;
        return r;
    }
    let Some(printed) = printed::parse(&c.printed) else {
        r.verdict = Verdict::Unreadable;
        return r;
    };
    match cell.kind {
        CellKind::P => p_value(&mut r, &printed, cell, report, &found),
        CellKind::CountPercent => count_percent(&mut r, &printed, cell, report),
        _ => numbers(&mut r, &printed, cell),
    }
    r
}

/// True when a p-value `q` prints as `printed` (a bound: below it; a
/// number: rounded to its decimals by some rule).
fn reproduces(printed: &Printed, q: f64) -> bool {
    match printed.numbers.first() {
        Some(bound) if printed.less_than => q < bound.value(),
        Some(p) => !Exact::Float(q).rounds_to(*p).is_empty(),
        None => false,
    }
}

fn p_value(
    r: &mut ClaimResult,
    printed: &Printed,
    cell: &Cell,
    report: &Report,
    found: &locate::Found,
) {
    if printed.numbers.len() != 1 {
        r.verdict = Verdict::Unreadable;
        r.findings.push(Finding::ShapeDiffers);
        return;
    }
    let source = report
        .analysis
        .as_ref()
        .and_then(|a| alternatives::source(a, found.table.id, &found.row, &found.column));
    let exact = source
        .as_ref()
        .and_then(|s| s.shown(&found.column))
        .or(cell.number);
    let Some(exact) = exact else {
        // The cell shows a bound and the report holds nothing finer.
        r.verdict = if printed.less_than && cell.text.starts_with('<') {
            Verdict::Consistent
        } else {
            Verdict::NotConsistent
        };
        return;
    };
    let p = printed.numbers[0];
    let shown = printed::parse(&cell.text);
    r.verdict = if printed.less_than {
        if exact < p.value() {
            Verdict::Consistent
        } else {
            Verdict::NotConsistent
        }
    } else if shown
        .is_some_and(|s| !s.less_than && s.numbers.len() == 1 && s.numbers[0].same_value(p))
        || Exact::Float(exact).equals(p)
    {
        Verdict::Consistent
    } else {
        let rules = Exact::Float(exact).rounds_to(p);
        if rules.is_empty() {
            Verdict::NotConsistent
        } else {
            r.findings.push(Finding::Rounded { rules });
            Verdict::ConsistentAfterRounding
        }
    };
    if r.verdict == Verdict::NotConsistent {
        if let Some(s) = source {
            let tried: Vec<TestValue> = s
                .alternatives()
                .into_iter()
                .map(|t| TestValue {
                    reproduces: reproduces(printed, t.p),
                    ..t
                })
                .collect();
            r.findings.push(Finding::Tests { tried });
        }
    }
}

/// The populations' sizes, for percentages printed of another N.
fn populations(report: &Report) -> Vec<(Population, usize)> {
    report.analysis.as_ref().map_or_else(Vec::new, |a| {
        let f = &a.population_flow;
        vec![
            (Population::Screened, f.screened),
            (Population::Eligible, f.eligible),
            (Population::Safety, f.safety),
            (Population::Evaluable, f.evaluable),
            (Population::Responders, f.responders),
            (Population::NonResponders, f.non_responders),
        ]
    })
}

fn count_percent(r: &mut ClaimResult, printed: &Printed, cell: &Cell, report: &Report) {
    let shown = printed::parse(&cell.text).unwrap_or_default();
    let (Some(count), Some(denominator)) = (
        shown.numbers.first().and_then(|n| n.whole()),
        cell.denominator,
    ) else {
        return numbers(r, printed, cell);
    };
    let shown_percent = shown.numbers.last().copied();
    let pn = &printed.numbers;
    if pn.len() > 3 {
        r.verdict = Verdict::Unreadable;
        r.findings.push(Finding::ShapeDiffers);
        return;
    }
    let (p_count, p_den, p_pct) = if printed.slash {
        (pn.first(), pn.get(1), pn.get(2))
    } else if pn.len() >= 2 {
        (pn.first(), None, pn.get(1))
    } else if printed.percent_sign {
        (None, None, pn.first())
    } else {
        (pn.first(), None, None)
    };
    let mut verdict = Verdict::Consistent;
    let whole = |p: Option<&PrintedNumber>| p.map(|p| p.whole());
    let n_used = match whole(p_count) {
        Some(Some(n)) => {
            if n != count {
                verdict = Verdict::NotConsistent;
                r.findings.push(Finding::CountDiffers {
                    printed: n,
                    recomputed: count,
                });
            }
            n
        }
        Some(None) => {
            r.verdict = Verdict::Unreadable;
            return;
        }
        None => count,
    };
    let d_used = match whole(p_den) {
        Some(Some(d)) => {
            if d != denominator as u64 {
                verdict = Verdict::NotConsistent;
                r.findings.push(Finding::DenominatorDiffers {
                    printed: d,
                    recomputed: denominator as u64,
                });
            }
            d
        }
        Some(None) => {
            r.verdict = Verdict::Unreadable;
            return;
        }
        None => denominator as u64,
    };
    let mut rules: Vec<Rounding> = Vec::new();
    if let Some(&pct) = p_pct {
        let exact = Exact::Ratio(100 * u128::from(n_used), u128::from(d_used));
        let as_shown = n_used == count
            && d_used == denominator as u64
            && shown_percent.is_some_and(|s| s.same_value(pct));
        if !(as_shown || exact.equals(pct)) {
            rules = exact.rounds_to(pct);
            if rules.is_empty() {
                verdict = Verdict::NotConsistent;
                let d = usize::try_from(d_used).unwrap_or(usize::MAX).min(1_000_000);
                let counts = counts_giving_percent(pct, d);
                if counts.is_empty() {
                    r.findings.push(Finding::NoCountGivesPercent {
                        denominator: d_used,
                    });
                } else {
                    r.findings.push(Finding::PercentNotOfCount {
                        n: n_used,
                        denominator: d_used,
                        percent: exact.rounded(1, Rounding::HalfUp).unwrap_or(0) as f64 / 10.0,
                        counts,
                    });
                }
                for (population, n) in populations(report) {
                    if n as u64 != d_used
                        && n as u64 >= n_used
                        && !Exact::percent(n_used as usize, n)
                            .rounds_to(pct)
                            .is_empty()
                        && !r.findings.iter().any(|f| {
                            matches!(f, Finding::OtherDenominator { denominator, .. } if *denominator == n)
                        })
                    {
                        r.findings.push(Finding::OtherDenominator {
                            denominator: n,
                            population,
                        });
                    }
                }
            }
        }
    }
    if verdict == Verdict::Consistent && !rules.is_empty() {
        verdict = Verdict::ConsistentAfterRounding;
        r.findings.push(Finding::Rounded { rules });
    }
    r.verdict = verdict;
}

fn numbers(r: &mut ClaimResult, printed: &Printed, cell: &Cell) {
    let Some(shown) = printed::parse(&cell.text) else {
        r.verdict = Verdict::Unreadable;
        return;
    };
    if printed.numbers.len() > shown.numbers.len() {
        r.verdict = Verdict::Unreadable;
        r.findings.push(Finding::ShapeDiffers);
        return;
    }
    let single = shown.numbers.len() == 1;
    let mut verdict = Verdict::Consistent;
    let mut all_rules: Vec<Rounding> = Rounding::ALL.to_vec();
    for (p, s) in printed.numbers.iter().zip(&shown.numbers) {
        let exact = match cell.number {
            Some(x) if single => Exact::Float(x),
            _ => Exact::Float(s.value()),
        };
        if p.same_value(*s) || exact.equals(*p) {
            continue;
        }
        let rules = if p.decimals < s.decimals || single {
            exact.rounds_to(*p)
        } else {
            Vec::new()
        };
        if rules.is_empty() {
            verdict = Verdict::NotConsistent;
            r.findings.push(Finding::NumberDiffers {
                printed: p.to_string(),
                recomputed: s.to_string(),
            });
        } else {
            all_rules.retain(|x| rules.contains(x));
            if verdict == Verdict::Consistent {
                verdict = Verdict::ConsistentAfterRounding;
            }
        }
    }
    if verdict == Verdict::ConsistentAfterRounding {
        r.findings.push(Finding::Rounded { rules: all_rules });
    }
    r.verdict = verdict;
}

/// Columns holding a coefficient and its P, checked against each other.
const PAIRS: [(&str, &str); 2] = [("pearson_r", "pearson_p"), ("spearman_rho", "spearman_p")];

/// For every printed P whose row also has a printed coefficient: can the
/// two go together at the analysis' n?
pub fn printed_pairs(results: &mut [ClaimResult], tables: &[&Table]) {
    let mut add = Vec::new();
    for (i, p_claim) in results.iter().enumerate() {
        let Ok(p_cell) = locate::find(tables, &p_claim.table, &p_claim.row, &p_claim.column) else {
            continue;
        };
        let Some((r_col, _)) = PAIRS.iter().find(|(_, p)| *p == p_cell.column) else {
            continue;
        };
        let Some(r_claim) = results.iter().find(|c| {
            c.table == p_claim.table
                && locate::find(tables, &c.table, &c.row, &c.column)
                    .is_ok_and(|f| f.column == *r_col && f.row == p_cell.row)
        }) else {
            continue;
        };
        let n = locate::find(tables, &p_claim.table, &p_cell.row, "n")
            .ok()
            .and_then(|f| f.cell.number);
        let (Some(n), Some(pr), Some(pp)) = (
            n,
            printed::parse(&r_claim.printed),
            printed::parse(&p_claim.printed),
        ) else {
            continue;
        };
        let (Some(r), n) = (pr.numbers.first().map(|x| x.value()), n as usize) else {
            continue;
        };
        let Ok(two_sided) = crate::stats::correlation::p_from_r(r, n) else {
            continue;
        };
        let one_sided = two_sided / 2.0;
        // The printed r is itself rounded: every r that rounds to it gives
        // a P between these (P falls as |r| grows).
        let half = pr
            .numbers
            .first()
            .map_or(0.0, |x| 0.5 / 10f64.powi(i32::from(x.decimals)));
        let p_at = |x: f64| crate::stats::correlation::p_from_r(x.clamp(-1.0, 1.0), n).ok();
        let (Some(low), Some(high)) = (p_at(r.abs() + half), p_at((r.abs() - half).max(0.0)))
        else {
            continue;
        };
        let possible = [1.0, 0.5]
            .iter()
            .any(|&k| p_interval_meets(&pp, k * low, k * high));
        add.push((
            i,
            Finding::PrintedPair {
                r,
                n,
                two_sided,
                one_sided,
                possible,
            },
        ));
    }
    for (i, f) in add {
        if let Some(r) = results.get_mut(i) {
            r.findings.push(f);
        }
    }
}

/// True when some p in [low, high] prints as `printed` (a bound: below it;
/// a number: within half a unit of its last decimal).
fn p_interval_meets(printed: &Printed, low: f64, high: f64) -> bool {
    match printed.numbers.first() {
        Some(bound) if printed.less_than => low < bound.value(),
        Some(p) => {
            let half = 0.5 / 10f64.powi(i32::from(p.decimals));
            low <= p.value() + half && high >= p.value() - half
        }
        None => false,
    }
}
