//! The transfusion log read as the response criteria need it: burdens
//! before `start_date`, transfusion-free runs on treatment, units in
//! sliding windows and the IWG 2018 burden class (the HIRA rule is in
//! [`super::hira`]).
//!
//! **Days.** Every window is whole days. "Before start" is the N days
//! `start − N ≤ date < start`, exactly as ingest derives `rbc_units_8wk`
//! (N = 56) and `rbc_units_6mo` (N = 182, 26 weeks) from the long sheet, so
//! the derived and recorded burdens compare like with like; 16 weeks is 112
//! days. On treatment is `start ≤ date ≤ end`: a transfusion given on the
//! day of the first dose is on treatment (it is not part of the pre-start
//! burden either).
//!
//! **RBC transfusion independence** (derivations.md: a run of ≥ 56
//! consecutive transfusion-free days on treatment; the study's RBC-TI, IWG
//! 2000 HI-E major for transfusion-dependent patients, Cheson et al., Blood
//! 2000;96:3671, "lasting ≥ 8 weeks"). A run is a maximal stretch of days in
//! the observation window with no transfusion: between transfusions on
//! days t₁ and t₂ it is t₁ + 1 … t₂ − 1 (t₂ − t₁ − 1 days); before the first
//! transfusion it starts on the window's first day; after the last it ends
//! on the window's last day and is *censored* (it may go on, unobserved). A
//! censored run counts when the days observed already reach 56; a shorter
//! one does not, since independence was not observed. Transfusions on days
//! 0 and 57 leave 56 free days between them: independence; on days 0 and 56,
//! 55 days: not.
//!
//! **IWG 2018 burden** (Platzbecker et al., Blood 2019;133:1020, Table 2,
//! checked with the search tool against the table as reprinted by ASH:
//! "NTD (0 RBCs in 16 wk); LTB (3-7 RBCs in 16 wk in at least 2 transfusion
//! episodes, maximum 3 in 8 wk); HTB (≥8 RBCs in 16 wk, ≥4 in 8 wk)"). An
//! episode is a day with a transfusion. "In 8 weeks" is read by default as
//! each of the two 8-week halves of the 16 weeks; [`EightWeekWindows::Rolling`]
//! reads it as every 56-day window. Either way 7 units cannot fit ≤ 3 per 8
//! weeks, and 1–2 units, 3–7 units in one episode or with ≥ 4 in 8 weeks,
//! fit no group: "unclassified", as derivations.md asks.

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// Days in 8 weeks.
pub const DAYS_8_WEEKS: i32 = 56;
/// Days in 16 weeks.
pub const DAYS_16_WEEKS: i32 = 112;
/// Days in "6 months" as the CRF's `rbc_units_6mo` is derived (26 weeks).
pub const DAYS_6_MONTHS: i32 = 182;

/// One row of the `transfusions` sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transfusion {
    /// Date given.
    pub date: Date,
    /// RBC units.
    pub units: f64,
    /// Hb (g/dL) that triggered it (`pre_hb`, crf-v1.1), when recorded.
    pub pre_hb: Option<f64>,
}

/// RBC units in the days `first ..= last`, of the transfusions `keep` accepts.
pub fn units_between(
    log: &[Transfusion],
    first: Date,
    last: Date,
    keep: impl Fn(&Transfusion) -> bool,
) -> f64 {
    // `+ 0.0`: an empty float sum is −0.0, which the report would print.
    log.iter()
        .filter(|t| t.date >= first && t.date <= last && t.units > 0.0 && keep(t))
        .map(|t| t.units)
        .sum::<f64>()
        + 0.0
}

/// RBC units in the `days` days before `day` (`day − days ≤ date < day`).
pub fn units_before(log: &[Transfusion], day: Date, days: i32) -> f64 {
    units_between(
        log,
        Date::from_days(day.days() - days),
        Date::from_days(day.days() - 1),
        |_| true,
    )
}

/// The transfusion burden before `start_date`, as the CRF records it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PreStartBurden {
    /// Units in the 8 weeks before start (compare `rbc_units_8wk`).
    pub units_8_weeks: f64,
    /// Units in the 16 weeks before start (IWG 2018).
    pub units_16_weeks: f64,
    /// Units in the 26 weeks before start (compare `rbc_units_6mo`).
    pub units_6_months: f64,
}

/// The burdens before `start`.
pub fn pre_start_burden(log: &[Transfusion], start: Date) -> PreStartBurden {
    PreStartBurden {
        units_8_weeks: units_before(log, start, DAYS_8_WEEKS),
        units_16_weeks: units_before(log, start, DAYS_16_WEEKS),
        units_6_months: units_before(log, start, DAYS_6_MONTHS),
    }
}

/// A recorded burden column that the log contradicts.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "column")]
pub enum BurdenDisagreement {
    /// `rbc_units_8wk` differs from the units in the log's 8 weeks.
    #[serde(rename = "rbc_units_8wk")]
    RbcUnits8wk {
        /// As recorded.
        recorded: f64,
        /// From the log.
        derived: f64,
    },
    /// `rbc_units_6mo` differs from the units in the log's 26 weeks.
    #[serde(rename = "rbc_units_6mo")]
    RbcUnits6mo {
        /// As recorded.
        recorded: f64,
        /// From the log.
        derived: f64,
    },
}

/// The recorded burden columns the log contradicts (an empty recorded cell
/// is not a disagreement).
pub fn compare_burden(
    derived: &PreStartBurden,
    recorded_8wk: Option<f64>,
    recorded_6mo: Option<f64>,
) -> Vec<BurdenDisagreement> {
    let differs = |r: f64, d: f64| (r - d).abs() > 1e-9;
    let mut out = Vec::new();
    if let Some(r) = recorded_8wk.filter(|&r| differs(r, derived.units_8_weeks)) {
        out.push(BurdenDisagreement::RbcUnits8wk {
            recorded: r,
            derived: derived.units_8_weeks,
        });
    }
    if let Some(r) = recorded_6mo.filter(|&r| differs(r, derived.units_6_months)) {
        out.push(BurdenDisagreement::RbcUnits6mo {
            recorded: r,
            derived: derived.units_6_months,
        });
    }
    out
}

/// A maximal run of transfusion-free days in an observation window.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FreeRun {
    /// First transfusion-free day (the CRF's `response_date` when the run
    /// is the response).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub first_day: Date,
    /// Last transfusion-free day observed.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub last_day: Date,
    /// Days in the run, both ends included.
    pub days: i32,
    /// Whether the run reaches the end of the window (it may go on).
    pub censored: bool,
}

/// The transfusion-free runs within `from ..= to`, in date order.
pub fn free_runs(log: &[Transfusion], from: Date, to: Date) -> Vec<FreeRun> {
    let mut days: Vec<i32> = log
        .iter()
        .filter(|t| t.units > 0.0 && t.date >= from && t.date <= to)
        .map(|t| t.date.days())
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut runs = Vec::new();
    let mut next_free = from.days();
    let mut push = |first: i32, last: i32, censored: bool| {
        if last >= first {
            runs.push(FreeRun {
                first_day: Date::from_days(first),
                last_day: Date::from_days(last),
                days: last - first + 1,
                censored,
            });
        }
    };
    for d in days {
        push(next_free, d - 1, false);
        next_free = d + 1;
    }
    push(next_free, to.days(), true);
    runs
}

/// The first run of at least `min_days` transfusion-free days in
/// `from ..= to`: transfusion independence.
pub fn first_independence(
    log: &[Transfusion],
    from: Date,
    to: Date,
    min_days: i32,
) -> Option<FreeRun> {
    free_runs(log, from, to)
        .into_iter()
        .find(|r| r.days >= min_days)
}

/// The fewest units in any complete window of `window_days` days within
/// `from ..= to` (of the transfusions `keep` accepts), with the window's
/// first day (the earliest on a tie); `None` when no window fits.
pub fn fewest_units_in_window(
    log: &[Transfusion],
    from: Date,
    to: Date,
    window_days: i32,
    keep: impl Fn(&Transfusion) -> bool,
) -> Option<(Date, f64)> {
    let last_first = to.days() - window_days + 1;
    let mut best: Option<(Date, f64)> = None;
    for s in from.days()..=last_first {
        let first = Date::from_days(s);
        let units = units_between(log, first, Date::from_days(s + window_days - 1), &keep);
        if best.is_none_or(|(_, b)| units < b) {
            best = Some((first, units));
        }
    }
    best
}

/// The first day from which the transfusion requirement over the rest of
/// `from ..= to`, as a whole, is at most `max_per_8_weeks` units per 8
/// weeks, with that requirement. The period begins on `from` or on the day
/// after a transfusion, ends on the day of the last transfusion in the
/// window, and lasts at least `min_days`; its requirement is its units
/// (the first day's excluded, the last day's included) per 8 weeks of its
/// length.
///
/// Why the whole rest of the window and whole transfusion intervals, not
/// the best-placed 8-week window: transfusions are discrete, so a window
/// placed between two of them holds one transfusion fewer than the
/// patient's rhythm (2 units every 30 days, 3.7 units per 8 weeks, has
/// 8-week windows holding 2 units), and one long interval among short ones
/// is not a lasting decrease. Measured from the day after a transfusion to
/// the last one, that rhythm is exactly 2 units per 30 days. The days after
/// the last transfusion are not counted: the next one is not yet known,
/// and fewer than `min_days` of them remain (else the patient is
/// transfusion independent, [`first_independence`]).
pub fn requirement_at_most(
    log: &[Transfusion],
    from: Date,
    to: Date,
    min_days: i32,
    max_per_8_weeks: f64,
) -> Option<(Date, f64)> {
    let mut given: Vec<&Transfusion> = log
        .iter()
        .filter(|t| t.units > 0.0 && t.date >= from && t.date <= to)
        .collect();
    given.sort_by_key(|t| t.date);
    let last = given.last()?.date.days();
    let firsts = std::iter::once(from.days()).chain(given.iter().map(|t| t.date.days() + 1));
    for first in firsts {
        let length = last - first + 1;
        if length < min_days {
            // Later first days only shorten the period.
            return None;
        }
        let units: f64 = given
            .iter()
            .filter(|t| t.date.days() >= first)
            .map(|t| t.units)
            .sum();
        let rate = units * f64::from(DAYS_8_WEEKS) / f64::from(length);
        if rate <= max_per_8_weeks + 1e-9 {
            return Some((Date::from_days(first), rate));
        }
    }
    None
}

/// How IWG 2018's "in 8 weeks" is read within the 16 weeks before start.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EightWeekWindows {
    /// The two consecutive 8-week halves of the 16 weeks (default).
    #[default]
    Halves,
    /// Every 56-day window within the 16 weeks (stricter for LTB).
    Rolling,
}

/// IWG 2018 transfusion-burden group.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BurdenClass {
    /// Non-transfused: 0 units in 16 weeks.
    #[serde(rename = "NTD")]
    Ntd,
    /// Low burden: 3–7 units in ≥ 2 episodes, ≤ 3 in 8 weeks.
    #[serde(rename = "LTB")]
    Ltb,
    /// High burden: ≥ 8 units, ≥ 4 in 8 weeks.
    #[serde(rename = "HTB")]
    Htb,
    /// Fits no group (1–2 units, or 3–7 in one episode or with ≥ 4 in 8
    /// weeks).
    #[serde(rename = "unclassified")]
    Unclassified,
}

/// The 16 weeks before start as IWG 2018 groups them.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Burden2018 {
    /// The group.
    pub class: BurdenClass,
    /// Units in the 16 weeks.
    pub units: f64,
    /// Transfusion episodes (days) in the 16 weeks.
    pub episodes: u32,
    /// Most units in 8 weeks (as [`EightWeekWindows`] reads it).
    pub most_in_8_weeks: f64,
}

/// The IWG 2018 burden group of the 16 weeks before `start`.
pub fn burden_2018(log: &[Transfusion], start: Date, windows: EightWeekWindows) -> Burden2018 {
    let first = Date::from_days(start.days() - DAYS_16_WEEKS);
    let last = Date::from_days(start.days() - 1);
    let units = units_between(log, first, last, |_| true);
    let mut days: Vec<Date> = log
        .iter()
        .filter(|t| t.units > 0.0 && t.date >= first && t.date <= last)
        .map(|t| t.date)
        .collect();
    days.sort_unstable();
    days.dedup();
    let most_in_8_weeks = match windows {
        EightWeekWindows::Halves => units_before(log, start, DAYS_8_WEEKS).max(units_between(
            log,
            first,
            Date::from_days(start.days() - DAYS_8_WEEKS - 1),
            |_| true,
        )),
        EightWeekWindows::Rolling => (first.days()..=last.days() - DAYS_8_WEEKS + 1)
            .map(|s| {
                units_between(
                    log,
                    Date::from_days(s),
                    Date::from_days(s + DAYS_8_WEEKS - 1),
                    |_| true,
                )
            })
            .fold(0.0, f64::max),
    };
    let episodes = days.len() as u32;
    let class = if units == 0.0 {
        BurdenClass::Ntd
    } else if units >= 8.0 && most_in_8_weeks >= 4.0 {
        BurdenClass::Htb
    } else if (3.0..=7.0).contains(&units) && episodes >= 2 && most_in_8_weeks <= 3.0 {
        BurdenClass::Ltb
    } else {
        BurdenClass::Unclassified
    };
    Burden2018 {
        class,
        units,
        episodes,
        most_in_8_weeks,
    }
}

#[cfg(test)]
#[path = "transfusion_tests.rs"]
mod tests;
