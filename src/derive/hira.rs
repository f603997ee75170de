//! The HIRA continuation rule the study's patients were under (the study
//! paper, Methods: "If the RBC transfusion burden failed to improve with a reduction of ≥ 50% despite the lenalidomide
//! administration over 4 months, it had to be discontinued according to the
//! HIRA policy"). The paper does not say how the burden is measured; the
//! default (derivations.md) compares the units in the 56 days before the
//! day 4 calendar months after `start_date` with the 56 days before start.
//! A month end that does not exist (31 October + 4 months) falls on the last
//! day of that month (29 February). "Met" means the burden fell by ≥ 50%
//! (continuation allowed); "not met" means lenalidomide should have stopped.
//! Units are counted as in [`super::transfusion`] (the N days before a day,
//! that day excluded).

use super::transfusion::{units_before, Transfusion, DAYS_8_WEEKS};
use super::TreatmentPeriod;
use crate::date::{days_in_month, Date};
use serde::{Deserialize, Serialize};

/// How the HIRA 4-month rule is applied.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HiraSettings {
    /// Months of treatment before the rule applies (default 4).
    pub months: u32,
    /// Calendar months from `start_date` (default true); false: months ×
    /// 30.4375 days, rounded to the nearest day (4 months = day 122).
    pub calendar_months: bool,
    /// Days of burden compared, before that day and before start (default 56).
    pub window_days: i32,
    /// Reduction required to continue (default 0.5, "≥ 50%").
    pub min_reduction: f64,
}

impl Default for HiraSettings {
    fn default() -> Self {
        HiraSettings {
            months: 4,
            calendar_months: true,
            window_days: DAYS_8_WEEKS,
            min_reduction: 0.5,
        }
    }
}

/// The HIRA rule's verdict.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HiraOutcome {
    /// Burden reduced by at least the required share: may continue.
    #[serde(rename = "met")]
    Met,
    /// Burden not reduced enough: lenalidomide should have been stopped.
    #[serde(rename = "not met")]
    NotMet,
    /// The rule did not apply (see the reason).
    #[serde(rename = "not applicable")]
    NotApplicable,
}

/// Why the HIRA rule did not apply.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HiraNotApplicable {
    /// Treatment stopped before the assessment day.
    StoppedBefore,
    /// Still on treatment, but follow-up ended before the assessment day.
    FollowUpEnded,
    /// No units before start, so there is no burden to reduce.
    NoBurdenBeforeStart,
}

/// The HIRA rule for one patient.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HiraRule {
    /// Verdict.
    pub outcome: HiraOutcome,
    /// Why not applicable.
    pub reason: Option<HiraNotApplicable>,
    /// The day the rule applies (start + 4 months).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub assessment_date: Date,
    /// Units in the window before start.
    pub units_before_start: f64,
    /// Units in the window before the assessment day (when reached).
    pub units_before_assessment: Option<f64>,
    /// 1 − after / before, when both are known and before > 0.
    pub reduction: Option<f64>,
    /// Whether treatment went on past the assessment day.
    pub continued_after: bool,
}

/// `start` plus `months` calendar months, on the last day of the month when
/// the day does not exist there.
pub fn add_calendar_months(start: Date, months: u32) -> Date {
    let (y, m, d) = start.ymd();
    let total = (m - 1) + months;
    let year = y + (total / 12) as i32;
    let month = total % 12 + 1;
    let day = d.min(days_in_month(year, month));
    Date::from_ymd(year, month, day).unwrap_or(start)
}

/// Applies the HIRA rule to one patient's log and treatment period.
pub fn hira_rule(log: &[Transfusion], period: &TreatmentPeriod, s: &HiraSettings) -> HiraRule {
    let assessment_date = if s.calendar_months {
        add_calendar_months(period.start, s.months)
    } else {
        Date::from_days(period.start.days() + (f64::from(s.months) * 30.4375).round() as i32)
    };
    let before = units_before(log, period.start, s.window_days);
    let mut rule = HiraRule {
        outcome: HiraOutcome::NotApplicable,
        reason: None,
        assessment_date,
        units_before_start: before,
        units_before_assessment: None,
        reduction: None,
        continued_after: period.end > assessment_date,
    };
    if period.end < assessment_date {
        rule.reason = Some(if period.stopped {
            HiraNotApplicable::StoppedBefore
        } else {
            HiraNotApplicable::FollowUpEnded
        });
        return rule;
    }
    let after = units_before(log, assessment_date, s.window_days);
    rule.units_before_assessment = Some(after);
    if before <= 0.0 {
        rule.reason = Some(HiraNotApplicable::NoBurdenBeforeStart);
        return rule;
    }
    let reduction = 1.0 - after / before;
    rule.reduction = Some(reduction);
    // A tolerance so that 4 → 2 units (exactly 50%) is not lost to rounding.
    rule.outcome = if reduction >= s.min_reduction - 1e-9 {
        HiraOutcome::Met
    } else {
        HiraOutcome::NotMet
    };
    rule
}

#[cfg(test)]
#[path = "hira_tests.rs"]
mod tests;
