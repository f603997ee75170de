//! The long sheets of a course: dated labs, adverse-event rows, the
//! transfusion log and dose changes, in the columns of `schema::LONG_SHEETS`.
//!
//! Lab dates fall inside the study's windows around each nominal week (so
//! every drawn value is assigned to its week), the transfusion log before
//! the start adds up to the wide `rbc_units_8wk` and `rbc_units_6mo`, and the
//! dosing log agrees with `dose_reduced` and the final regimen.

use super::cells::{schedule, Cell, Style};
use super::patient::{plus, Course, Response};
use super::rng::Rng;
use crate::date::Date;
use crate::schema::{LongKind, LAB_WEEKS, LONG_SHEETS};

/// The long sheets in the order of `schema::LONG_SHEETS`.
pub const KINDS: usize = 4;

/// The header of long sheet `k` (index into `LONG_SHEETS`), as its schema
/// names the columns.
pub fn header(k: usize) -> Vec<&'static str> {
    LONG_SHEETS[k].columns.iter().map(|c| c.name).collect()
}

/// The sheet name of long sheet `k`.
pub fn name(k: usize) -> &'static str {
    LONG_SHEETS[k].name
}

/// The rows a course adds to each long sheet, cells in each sheet's column
/// order.
pub fn rows(c: &Course, terms: &[&str], rng: &mut Rng) -> [Vec<Vec<Cell>>; KINDS] {
    let style = Style::of_site(c.site);
    let sep = match c.site % 3 {
        0 => '-',
        1 => '/',
        _ => '.',
    };
    let date = |d: Date| Cell::Date(d, sep);
    let id = || Cell::Text(c.id.clone());
    let mut out: [Vec<Vec<Cell>>; KINDS] = Default::default();
    for (k, sheet) in LONG_SHEETS.iter().enumerate() {
        match sheet.kind {
            LongKind::Labs => {
                for (w, week) in LAB_WEEKS.iter().enumerate() {
                    if c.labs.iter().all(|l| l[w].is_none()) {
                        continue;
                    }
                    let half = match week {
                        0 => 0,
                        4 | 8 => 3,
                        12 | 16 => 6,
                        _ => 13,
                    };
                    let offset = if *week == 0 {
                        -(rng.below(10) as i32)
                    } else {
                        7 * *week as i32 + rng.below(2 * half + 1) as i32 - half as i32
                    };
                    let mut row = vec![id(), date(plus(c.start, offset))];
                    row.extend(
                        c.labs
                            .iter()
                            .map(|l| l[w].map_or(Cell::Empty, Cell::Number)),
                    );
                    out[k].push(row);
                }
            }
            LongKind::AdverseEvents => {
                let days = treatment_days(c);
                for (t, g) in terms.iter().zip(&c.ae_grades) {
                    if *g == 0 {
                        continue;
                    }
                    let onset = plus(c.start, rng.below(days as u64 + 1) as i32);
                    // Some events are recorded twice, milder first.
                    if *g > 1 && rng.chance(0.3) {
                        let earlier = plus(
                            c.start,
                            rng.below((onset.days() - c.start.days()) as u64 + 1) as i32,
                        );
                        out[k].push(ae_row(c, t, *g - 1, date(earlier)));
                    }
                    out[k].push(ae_row(c, t, *g, date(onset)));
                }
            }
            LongKind::Transfusions => {
                let mut log = Vec::new();
                spread(&mut log, c.rbc_units_8wk, c.start, 1, 55, rng);
                spread(
                    &mut log,
                    c.rbc_units_6mo.saturating_sub(c.rbc_units_8wk),
                    c.start,
                    57,
                    180,
                    rng,
                );
                // On treatment: until the response, or every three weeks
                // for non-responders, up to ten transfusions.
                let until = match c.response {
                    Response::RbcTi => c.response_date.map_or(0, |d| d.days() - c.start.days() - 1),
                    _ => treatment_days(c).min(210),
                };
                let mut day = 10 + rng.below(10) as i32;
                while day < until {
                    log.push((plus(c.start, day), 2));
                    day += 18 + rng.below(8) as i32;
                }
                log.sort_by_key(|(d, _)| *d);
                for (d, units) in log {
                    // The Hb that triggered it (crf-v1.1 `pre_hb`): 7.0–9.9 g/dL.
                    let pre_hb = 7.0 + rng.below(30) as f64 / 10.0;
                    out[k].push(vec![
                        id(),
                        date(d),
                        Cell::Number(f64::from(units)),
                        Cell::Number(pre_hb),
                    ]);
                }
            }
            LongKind::Dosing => {
                out[k].push(vec![
                    id(),
                    date(c.start),
                    Cell::Number(f64::from(c.start_regimen.dose_mg)),
                    Cell::Text(schedule(c.start_regimen, &style)),
                    Cell::Empty,
                ]);
                if let Some(d) = c.reduced_on {
                    out[k].push(vec![
                        id(),
                        date(d),
                        Cell::Number(f64::from(c.final_regimen.dose_mg)),
                        Cell::Text(schedule(c.final_regimen, &style)),
                        Cell::Text("toxicity".into()),
                    ]);
                }
            }
        }
    }
    out
}

fn ae_row(c: &Course, term: &str, grade: u8, onset: Cell) -> Vec<Cell> {
    vec![
        Cell::Text(c.id.clone()),
        Cell::Text(term.replace('_', " ")),
        Cell::Number(f64::from(grade)),
        onset,
    ]
}

/// Days from the first dose to the last (or to the last follow-up).
fn treatment_days(c: &Course) -> i32 {
    let end = c.stop.map_or(c.last_followup, |(d, _)| d);
    (end.days() - c.start.days()).max(0)
}

/// Spreads `units` as transfusions of two units (one for an odd last unit)
/// between `from` and `to` days before `start`.
fn spread(log: &mut Vec<(Date, u32)>, units: u32, start: Date, from: u32, to: u32, rng: &mut Rng) {
    let mut left = units;
    while left > 0 {
        let u = left.min(2);
        let before = from + rng.below(u64::from(to - from)) as u32;
        log.push((plus(start, -(before as i32)), u));
        left -= u;
    }
}
