//! The HIRA 4-month rule at its edges (day numbers relative to start).

use super::*;

use crate::derive::test_days::{day, start, tx};

fn period(end: Date, stopped: bool) -> TreatmentPeriod {
    TreatmentPeriod {
        start: start(),
        end,
        stopped,
    }
}

#[test]
fn calendar_months() {
    let d = |y, m, dd| Date::from_ymd(y, m, dd).unwrap();
    assert_eq!(add_calendar_months(d(2019, 1, 15), 4), d(2019, 5, 15));
    assert_eq!(add_calendar_months(d(2019, 10, 31), 4), d(2020, 2, 29));
    assert_eq!(add_calendar_months(d(2019, 11, 30), 4), d(2020, 3, 30));
    assert_eq!(add_calendar_months(d(2019, 9, 15), 4), d(2020, 1, 15));
}

#[test]
fn hira_exactly_at_four_months() {
    let s = HiraSettings::default();
    // Start 2019-01-15: the rule applies on 2019-05-15 (day 120).
    let a = Date::from_ymd(2019, 5, 15).unwrap();
    assert_eq!(a, day(120));
    // 4 units in the 8 weeks before start.
    let mut log = vec![tx(-30, 2.0), tx(-10, 2.0)];
    // Stopped the day before: not applicable.
    let r = hira_rule(&log, &period(day(119), true), &s);
    assert_eq!(
        (r.outcome, r.reason),
        (
            HiraOutcome::NotApplicable,
            Some(HiraNotApplicable::StoppedBefore)
        )
    );
    // Still on treatment but followed only to day 119.
    let r = hira_rule(&log, &period(day(119), false), &s);
    assert_eq!(r.reason, Some(HiraNotApplicable::FollowUpEnded));
    // Stopped on the day itself: applies; no units in days 64..=119:
    // reduction 100%: met; did not continue after.
    let r = hira_rule(&log, &period(a, true), &s);
    assert_eq!(r.outcome, HiraOutcome::Met);
    assert_eq!(
        (r.units_before_assessment, r.reduction),
        (Some(0.0), Some(1.0))
    );
    assert!(!r.continued_after);
    // 2 units on day 64 (first day of the window, 120 − 56): 4 → 2 is
    // exactly 50%: met.
    log.push(tx(64, 2.0));
    let r = hira_rule(&log, &period(day(300), false), &s);
    assert_eq!((r.outcome, r.reduction), (HiraOutcome::Met, Some(0.5)));
    assert!(r.continued_after);
    // One more unit on day 119 (last day of the window): 4 → 3 is 25%:
    // not met, and treatment went on to day 300.
    log.push(tx(119, 1.0));
    let r = hira_rule(&log, &period(day(300), true), &s);
    assert_eq!((r.outcome, r.reduction), (HiraOutcome::NotMet, Some(0.25)));
    // A unit on day 120 itself is after the window: no change.
    log.push(tx(120, 5.0));
    assert_eq!(
        hira_rule(&log, &period(day(300), true), &s).reduction,
        Some(0.25)
    );
}

#[test]
fn hira_without_burden_or_by_days() {
    let r = hira_rule(&[], &period(day(300), true), &HiraSettings::default());
    assert_eq!(r.reason, Some(HiraNotApplicable::NoBurdenBeforeStart));
    // 4 × 30.4375 = 121.75 → day 122.
    let s = HiraSettings {
        calendar_months: false,
        ..HiraSettings::default()
    };
    assert_eq!(
        hira_rule(&[], &period(day(300), true), &s).assessment_date,
        day(122)
    );
    let json = serde_json::to_value(hira_rule(&[], &period(day(10), true), &s)).unwrap();
    assert_eq!(json["outcome"], "not applicable");
    assert_eq!(json["reason"], "stopped_before");
}
