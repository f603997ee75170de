//! Dose modification derived from the `dosing` sheet by dose intensity, and
//! compared with the recorded `dose_reduced`, `dose_interrupted`,
//! `final_dose_mg` and `final_schedule`.
//!
//! **A reduction is a drop in dose intensity** (mg/day = dose × fraction of
//! days, crf-v1 Schedules; derivations.md), whatever changed: 10 mg QD
//! 21/28 (7.5 mg/day) → 10 mg QOD (5 mg/day) is a reduction by schedule at
//! the same mg; 10 mg QOD → 5 mg QD is the same 5 mg/day written another
//! way and is not. An increase is not a reduction step; a resumption at a
//! lower intensity than before the interruption is one. Each reduction says
//! what changed ([`ReducedBy`]).
//!
//! **An interruption** is a row with dose 0 or a reason saying so
//! ([`super::dose_reason::read_reason`], in the languages the study's
//! sites write). A dose-0
//! row on or after the `stop_date` is the stop itself, not an interruption.
//!
//! **A row without a schedule keeps the previous schedule**, as a site
//! writes only what changed; with no schedule known at all, the intensity
//! is unknown and the step says so instead of guessing "daily".
//!
//! **The final stable dose** is the latest dose held (without change or
//! interruption) for at least `stable_min_days` (default 28, one cycle),
//! counting a dose still given at the end of treatment up to that day. A
//! change in the last weeks therefore does not count as stable yet, and the
//! dose before it is the final stable dose.

use super::TreatmentPeriod;
use crate::date::Date;
use crate::ingest::schedule::{Regimen, Schedule};
use serde::{Deserialize, Serialize};

/// One row of the `dosing` sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DoseRow {
    /// From this day.
    pub date: Date,
    /// Dose in mg (0: not given).
    pub dose_mg: f64,
    /// The schedule, when written and readable.
    pub schedule: Option<Schedule>,
    /// The row's reason says the drug was held
    /// ([`super::dose_reason::read_reason`]).
    pub interruption: bool,
}

/// Choices for the dose history.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DoseSettings {
    /// Days a dose must be held to be the final stable dose (default 28).
    pub stable_min_days: i32,
}

impl Default for DoseSettings {
    fn default() -> Self {
        DoseSettings {
            stable_min_days: 28,
        }
    }
}

/// What a step changed.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The start dose and schedule.
    Start,
    /// Lower intensity than the last dose given.
    Reduction,
    /// Higher intensity.
    Increase,
    /// Same intensity (possibly in another notation).
    Unchanged,
    /// Drug held.
    Interruption,
    /// Drug stopped (a dose-0 row on or after `stop_date`).
    Stop,
    /// Intensity unknown (no schedule known), so no comparison.
    Unknown,
}

/// What a reduction changed.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReducedBy {
    /// Fewer mg, same schedule.
    Dose,
    /// Fewer days with a dose, same mg (or more mg on far fewer days).
    Schedule,
    /// Both.
    Both,
}

/// One step of the dose history.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DoseStep {
    /// From this day.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub date: Date,
    /// Dose in mg.
    pub dose_mg: f64,
    /// The regimen in force (`None` when unknown).
    pub regimen: Option<Regimen>,
    /// Fraction of days with a dose.
    pub fraction_of_days: Option<f64>,
    /// Dose intensity, mg/day (0 while held).
    pub intensity_mg_per_day: Option<f64>,
    /// What changed.
    pub change: Change,
    /// For a reduction: by what.
    pub reduced_by: Option<ReducedBy>,
    /// Given again after an interruption.
    pub resumed: bool,
}

/// The final stable dose.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FinalDose {
    /// Dose in mg.
    pub dose_mg: f64,
    /// Regimen.
    pub regimen: Regimen,
    /// Fraction of days with a dose.
    pub fraction_of_days: f64,
    /// Dose intensity, mg/day.
    pub intensity_mg_per_day: f64,
    /// Held from.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub since: Date,
    /// Days held (to the next change, or to the end of treatment).
    pub days_held: i32,
}

/// A dosing row that could not be placed in the history.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "issue", content = "date", rename_all = "snake_case")]
pub enum DoseIssue {
    /// A row dated before `start_date` (left out).
    BeforeStart(#[cfg_attr(feature = "schema", schemars(with = "String"))] Date),
    /// A row with a dose after the end of treatment (left out).
    AfterEnd(#[cfg_attr(feature = "schema", schemars(with = "String"))] Date),
}

/// A patient's dose history from the dosing sheet.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoseHistory {
    /// Every step, the start first.
    pub steps: Vec<DoseStep>,
    /// Reduction steps.
    pub reductions: u32,
    /// Derived `dose_reduced`.
    pub reduced: bool,
    /// Derived `dose_interrupted`.
    pub interrupted: bool,
    /// Days from start to the first reduction.
    pub days_to_first_reduction: Option<i32>,
    /// The final stable dose, when some dose was held long enough.
    pub final_stable: Option<FinalDose>,
    /// Rows left out, and why.
    pub issues: Vec<DoseIssue>,
}

const EPS: f64 = 1e-9;

/// The dose history from the start dose and schedule and the dosing rows.
pub fn dose_history(
    start_dose_mg: f64,
    start_schedule: Option<Schedule>,
    rows: &[DoseRow],
    period: &TreatmentPeriod,
    s: &DoseSettings,
) -> DoseHistory {
    let intensity = |dose: f64, sch: Option<Schedule>| sch.map(|x| dose * x.fraction_of_days);
    let mut steps = vec![DoseStep {
        date: period.start,
        dose_mg: start_dose_mg,
        regimen: start_schedule.map(|x| x.regimen),
        fraction_of_days: start_schedule.map(|x| x.fraction_of_days),
        intensity_mg_per_day: intensity(start_dose_mg, start_schedule),
        change: Change::Start,
        reduced_by: None,
        resumed: false,
    }];
    let mut issues = Vec::new();
    let mut sorted: Vec<DoseRow> = rows.to_vec();
    sorted.sort_by_key(|r| r.date);
    let mut schedule = start_schedule;
    let mut last_given = steps[0];
    let mut held = false;
    for row in sorted {
        if row.date < period.start {
            issues.push(DoseIssue::BeforeStart(row.date));
            continue;
        }
        let stops = row.dose_mg <= 0.0 || row.interruption;
        if row.date > period.end && !stops {
            issues.push(DoseIssue::AfterEnd(row.date));
            continue;
        }
        schedule = row.schedule.or(schedule);
        let mut step = DoseStep {
            date: row.date,
            dose_mg: row.dose_mg,
            regimen: schedule.map(|x| x.regimen),
            fraction_of_days: schedule.map(|x| x.fraction_of_days),
            intensity_mg_per_day: intensity(row.dose_mg, schedule),
            change: Change::Unchanged,
            reduced_by: None,
            resumed: held && !stops,
        };
        if stops {
            step.intensity_mg_per_day = Some(0.0);
            step.change = if period.stopped && row.date >= period.end {
                Change::Stop
            } else {
                held = true;
                Change::Interruption
            };
            steps.push(step);
            continue;
        }
        held = false;
        step.change = match (step.intensity_mg_per_day, last_given.intensity_mg_per_day) {
            (Some(now), Some(before)) if now < before - EPS => {
                let by_dose = row.dose_mg < last_given.dose_mg - EPS;
                let by_schedule = step
                    .fraction_of_days
                    .zip(last_given.fraction_of_days)
                    .is_some_and(|(a, b)| a < b - EPS);
                step.reduced_by = Some(match (by_dose, by_schedule) {
                    (true, true) => ReducedBy::Both,
                    (true, false) => ReducedBy::Dose,
                    (false, _) => ReducedBy::Schedule,
                });
                Change::Reduction
            }
            (Some(now), Some(before)) if now > before + EPS => Change::Increase,
            (Some(_), Some(_)) => Change::Unchanged,
            _ => Change::Unknown,
        };
        // A row on the start date repeating the start dose and schedule is
        // the start itself, not a step of its own.
        if row.date == period.start
            && steps.len() == 1
            && step.change == Change::Unchanged
            && step.regimen == steps[0].regimen
            && (step.dose_mg - steps[0].dose_mg).abs() <= EPS
        {
            continue;
        }
        last_given = step;
        steps.push(step);
    }
    let reductions = steps
        .iter()
        .filter(|x| x.change == Change::Reduction)
        .count() as u32;
    let days_to_first_reduction = steps
        .iter()
        .find(|x| x.change == Change::Reduction)
        .map(|x| x.date.days() - period.start.days());
    DoseHistory {
        final_stable: final_stable(&steps, period, s),
        interrupted: steps.iter().any(|x| x.change == Change::Interruption),
        reduced: reductions > 0,
        reductions,
        days_to_first_reduction,
        steps,
        issues,
    }
}

/// The latest dose held ≥ `stable_min_days` (see the module docs).
fn final_stable(
    steps: &[DoseStep],
    period: &TreatmentPeriod,
    s: &DoseSettings,
) -> Option<FinalDose> {
    // Periods of one dose and schedule: a step that changes neither merges
    // into the period before it.
    let mut periods: Vec<(DoseStep, i32)> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let until = steps
            .get(i + 1)
            .map_or(period.end.days() + 1, |next| next.date.days());
        let days = until - step.date.days();
        let given = !matches!(step.change, Change::Interruption | Change::Stop);
        match periods.last_mut() {
            Some((p, d))
                if given
                    && !matches!(p.change, Change::Interruption | Change::Stop)
                    && (p.dose_mg - step.dose_mg).abs() < EPS
                    && p.fraction_of_days == step.fraction_of_days =>
            {
                *d += days
            }
            _ => periods.push((*step, days)),
        }
    }
    periods
        .iter()
        .rev()
        .filter(|(p, _)| !matches!(p.change, Change::Interruption | Change::Stop))
        .find(|(_, d)| *d >= s.stable_min_days)
        .and_then(|(p, d)| {
            Some(FinalDose {
                dose_mg: p.dose_mg,
                regimen: p.regimen?,
                fraction_of_days: p.fraction_of_days?,
                intensity_mg_per_day: p.intensity_mg_per_day?,
                since: p.date,
                days_held: *d,
            })
        })
}

/// The recorded dose columns of a patient.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RecordedDose {
    /// `dose_reduced`.
    pub dose_reduced: Option<bool>,
    /// `dose_interrupted`.
    pub dose_interrupted: Option<bool>,
    /// `final_dose_mg`.
    pub final_dose_mg: Option<f64>,
    /// `final_schedule`.
    pub final_schedule: Option<Schedule>,
}

/// A recorded dose column the dosing sheet contradicts.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "column", rename_all = "snake_case")]
pub enum DoseDisagreement {
    /// `dose_reduced`.
    DoseReduced {
        /// As recorded.
        recorded: bool,
        /// From the dosing sheet.
        derived: bool,
    },
    /// `dose_interrupted`.
    DoseInterrupted {
        /// As recorded.
        recorded: bool,
        /// From the dosing sheet.
        derived: bool,
    },
    /// `final_dose_mg`.
    FinalDoseMg {
        /// As recorded.
        recorded: f64,
        /// From the dosing sheet (`None`: no dose held long enough).
        derived: Option<f64>,
    },
    /// `final_schedule` (compared by fraction of days).
    FinalSchedule {
        /// As recorded.
        recorded: Regimen,
        /// From the dosing sheet (`None`: no dose held long enough).
        derived: Option<Regimen>,
    },
}

/// The recorded columns the history contradicts (empty recorded cells are
/// not disagreements).
pub fn compare(history: &DoseHistory, recorded: &RecordedDose) -> Vec<DoseDisagreement> {
    let mut out = Vec::new();
    if let Some(r) = recorded.dose_reduced.filter(|&r| r != history.reduced) {
        out.push(DoseDisagreement::DoseReduced {
            recorded: r,
            derived: history.reduced,
        });
    }
    if let Some(r) = recorded
        .dose_interrupted
        .filter(|&r| r != history.interrupted)
    {
        out.push(DoseDisagreement::DoseInterrupted {
            recorded: r,
            derived: history.interrupted,
        });
    }
    let fin = history.final_stable;
    if let Some(r) = recorded.final_dose_mg {
        if fin.is_none_or(|f| (f.dose_mg - r).abs() > EPS) {
            out.push(DoseDisagreement::FinalDoseMg {
                recorded: r,
                derived: fin.map(|f| f.dose_mg),
            });
        }
    }
    if let Some(r) = recorded.final_schedule {
        if fin.is_none_or(|f| (f.fraction_of_days - r.fraction_of_days).abs() > EPS) {
            out.push(DoseDisagreement::FinalSchedule {
                recorded: r.regimen,
                derived: fin.map(|f| f.regimen),
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "dose_tests.rs"]
mod tests;
