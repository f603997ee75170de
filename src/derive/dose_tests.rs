//! Dose histories worked by hand: intensity = mg × fraction of days.

use super::*;
use crate::ingest::schedule::parse;

fn start() -> Date {
    Date::from_ymd(2019, 1, 15).unwrap()
}

fn day(n: i32) -> Date {
    Date::from_days(start().days() + n)
}

fn sch(text: &str) -> Option<Schedule> {
    Some(parse(text).unwrap())
}

fn row(n: i32, dose: f64, schedule: &str) -> DoseRow {
    DoseRow {
        date: day(n),
        dose_mg: dose,
        schedule: if schedule.is_empty() {
            None
        } else {
            sch(schedule)
        },
        interruption: false,
    }
}

fn period(end: i32, stopped: bool) -> TreatmentPeriod {
    TreatmentPeriod {
        start: start(),
        end: day(end),
        stopped,
    }
}

fn history(rows: &[DoseRow], end: i32) -> DoseHistory {
    dose_history(
        10.0,
        sch("QD 21/28"),
        rows,
        &period(end, false),
        &DoseSettings::default(),
    )
}

#[test]
fn same_mg_on_fewer_days_is_a_reduction() {
    // 10 mg QD 21/28 = 10 × 0.75 = 7.5 mg/day → 10 mg QOD = 10 × 0.5 = 5.
    let h = history(&[row(60, 10.0, "QOD")], 300);
    let step = h.steps[1];
    assert_eq!(step.intensity_mg_per_day, Some(5.0));
    assert_eq!(
        (step.change, step.reduced_by),
        (Change::Reduction, Some(ReducedBy::Schedule))
    );
    assert_eq!(
        (h.reductions, h.reduced, h.days_to_first_reduction),
        (1, true, Some(60))
    );
    assert_eq!(h.steps[0].intensity_mg_per_day, Some(7.5));
}

#[test]
fn same_intensity_in_another_notation_is_not() {
    // 10 mg QOD (5 mg/day) → 5 mg QD (5 mg/day): unchanged, no step.
    let h = dose_history(
        10.0,
        sch("QOD"),
        &[row(60, 5.0, "QD")],
        &period(300, false),
        &DoseSettings::default(),
    );
    assert_eq!(h.steps[1].change, Change::Unchanged);
    assert!(!h.reduced);
    // The final stable dose is the latest notation, held since day 60.
    let f = h.final_stable.unwrap();
    assert_eq!(
        (f.dose_mg, f.regimen, f.since),
        (5.0, Regimen::Daily, day(60))
    );
}

#[test]
fn reductions_by_dose_both_and_steps() {
    // 7.5 → 5 mg QD 21/28 (3.75, by dose) → 5 mg QOD (2.5, by schedule)
    // → 2.5 mg QD (2.5, unchanged) → 5 mg QD (5, increase) → 2.5 mg QOD
    // (1.25, both).
    let h = history(
        &[
            row(30, 5.0, ""),
            row(90, 5.0, "QOD"),
            row(150, 2.5, "QD"),
            row(200, 5.0, "QD"),
            row(260, 2.5, "QOD"),
        ],
        400,
    );
    let changes: Vec<_> = h.steps.iter().map(|s| (s.change, s.reduced_by)).collect();
    assert_eq!(
        changes,
        vec![
            (Change::Start, None),
            (Change::Reduction, Some(ReducedBy::Dose)),
            (Change::Reduction, Some(ReducedBy::Schedule)),
            (Change::Unchanged, None),
            (Change::Increase, None),
            (Change::Reduction, Some(ReducedBy::Both)),
        ]
    );
    // The row without a schedule kept QD 21/28: 5 × 0.75 = 3.75.
    assert_eq!(h.steps[1].intensity_mg_per_day, Some(3.75));
    assert_eq!((h.reductions, h.days_to_first_reduction), (3, Some(30)));
    assert!(!h.interrupted);
    let f = h.final_stable.unwrap();
    assert_eq!(
        (f.intensity_mg_per_day, f.since, f.days_held),
        (1.25, day(260), 141)
    );
}

#[test]
fn interruptions_and_resumption_at_a_lower_dose() {
    // Held on day 40 (dose 0), resumed on day 54 at 5 mg QD 21/28 (3.75 <
    // 7.5 given before the hold): an interruption and a reduction.
    let h = history(&[row(40, 0.0, ""), row(54, 5.0, "")], 200);
    assert_eq!(h.steps[1].change, Change::Interruption);
    assert_eq!(h.steps[1].intensity_mg_per_day, Some(0.0));
    assert_eq!(
        (h.steps[2].change, h.steps[2].resumed),
        (Change::Reduction, true)
    );
    assert!(h.interrupted && h.reduced);
    // Held by reason with the dose written, resumed at the same dose:
    // interrupted, not reduced.
    let held = DoseRow {
        interruption: true,
        ..row(40, 10.0, "")
    };
    let h = history(&[held, row(54, 10.0, "")], 200);
    assert_eq!(h.steps[2].change, Change::Unchanged);
    assert!(h.interrupted && !h.reduced);
    // A dose-0 row on the stop date is the stop, not an interruption.
    let h = dose_history(
        10.0,
        sch("QD 21/28"),
        &[row(100, 0.0, "")],
        &period(100, true),
        &DoseSettings::default(),
    );
    assert_eq!(h.steps[1].change, Change::Stop);
    assert!(!h.interrupted);
}

#[test]
fn final_stable_needs_28_days() {
    // Reduced on day 60 to 5 mg, again on day 280 to 2.5 mg; follow-up
    // ends on day 300: 2.5 mg held days 280..=300 = 21 days (< 28), so the
    // final stable dose is 5 mg (held 220 days).
    let h = history(&[row(60, 5.0, ""), row(280, 2.5, "")], 300);
    let f = h.final_stable.unwrap();
    assert_eq!((f.dose_mg, f.days_held), (5.0, 220));
    // Follow-up to day 307: 28 days: 2.5 mg is stable.
    let h = history(&[row(60, 5.0, ""), row(280, 2.5, "")], 307);
    assert_eq!(h.final_stable.unwrap().dose_mg, 2.5);
    // A repeated row with the same dose and schedule merges: 5 mg from day
    // 60, restated on day 70, then changed on day 80: 20 days, not stable;
    // the start dose (60 days) is.
    let h = history(&[row(60, 5.0, ""), row(70, 5.0, ""), row(80, 2.5, "")], 90);
    assert_eq!(h.final_stable.unwrap().dose_mg, 10.0);
}

#[test]
fn unknown_schedule_is_not_guessed() {
    let h = dose_history(
        10.0,
        None,
        &[row(30, 5.0, "")],
        &period(100, false),
        &DoseSettings::default(),
    );
    assert_eq!(h.steps[0].intensity_mg_per_day, None);
    assert_eq!(h.steps[1].change, Change::Unknown);
    assert!(!h.reduced);
    assert_eq!(h.final_stable, None);
}

#[test]
fn rows_outside_treatment_are_listed() {
    let h = history(&[row(-3, 10.0, ""), row(150, 5.0, "")], 100);
    assert_eq!(
        h.issues,
        vec![
            DoseIssue::BeforeStart(day(-3)),
            DoseIssue::AfterEnd(day(150))
        ]
    );
    assert_eq!(h.steps.len(), 1);
}

#[test]
fn compared_with_recorded_columns() {
    let h = history(&[row(60, 10.0, "QOD")], 300);
    // Recorded as the site would: reduced, not interrupted, 10 mg QOD.
    let agrees = RecordedDose {
        dose_reduced: Some(true),
        dose_interrupted: Some(false),
        final_dose_mg: Some(10.0),
        final_schedule: sch("10 mg once every other day"),
    };
    assert!(compare(&h, &agrees).is_empty());
    assert!(compare(&h, &RecordedDose::default()).is_empty());
    // A site that counts only mg: "not reduced", final 5 mg daily.
    let mg_only = RecordedDose {
        dose_reduced: Some(false),
        dose_interrupted: None,
        final_dose_mg: Some(5.0),
        final_schedule: sch("QD"),
    };
    let d = compare(&h, &mg_only);
    assert_eq!(
        d,
        vec![
            DoseDisagreement::DoseReduced {
                recorded: false,
                derived: true
            },
            DoseDisagreement::FinalDoseMg {
                recorded: 5.0,
                derived: Some(10.0)
            },
            DoseDisagreement::FinalSchedule {
                recorded: Regimen::Daily,
                derived: Some(Regimen::EveryOtherDay)
            },
        ]
    );
    let json = serde_json::to_value(d[0]).unwrap();
    assert_eq!(json["column"], "dose_reduced");
}

#[test]
fn row_order_does_not_matter() {
    let rows = [
        row(30, 5.0, ""),
        row(40, 0.0, ""),
        row(54, 5.0, "QOD"),
        row(120, 2.5, "QD"),
    ];
    let mut reversed = rows;
    reversed.reverse();
    assert_eq!(history(&rows, 300), history(&reversed, 300));
}

#[test]
fn a_row_on_the_start_date_repeating_the_start_is_not_a_step() {
    // Review (D01): a dosing row on the start date with the start's 10 mg
    // QD 21/28 is the start itself: two steps (start, reduction), not
    // three with an "unchanged" step on day 0.
    let h = history(&[row(0, 10.0, "QD 21/28"), row(45, 10.0, "QOD")], 300);
    let changes: Vec<(Date, Change)> = h.steps.iter().map(|s| (s.date, s.change)).collect();
    assert_eq!(
        changes,
        vec![(day(0), Change::Start), (day(45), Change::Reduction)]
    );
    // A row on the start date with another dose is a step of its own:
    // 5 mg QD 21/28 = 3.75 < 7.5 mg/day, a reduction on day 0.
    let h = history(&[row(0, 5.0, "QD 21/28")], 300);
    assert_eq!(h.steps.len(), 2);
    assert_eq!(h.steps[1].change, Change::Reduction);
}
