//! Window edges, run lengths and burden groups, worked by hand (day
//! numbers relative to `start`).

use super::*;

use crate::derive::test_days::{day, start, tx};

#[test]
fn pre_start_windows_match_ingest() {
    // Day −56 is inside 8 weeks, −57 outside; day 0 (start) is on
    // treatment, not in the burden.
    let log = [
        tx(-182, 1.0),
        tx(-183, 100.0),
        tx(-112, 2.0),
        tx(-113, 4.0),
        tx(-57, 8.0),
        tx(-56, 16.0),
        tx(-1, 32.0),
        tx(0, 64.0),
    ];
    let b = pre_start_burden(&log, start());
    assert_eq!(b.units_8_weeks, 48.0); // 16 + 32
    assert_eq!(b.units_16_weeks, 58.0); // 2 + 8 + 16 + 32
    assert_eq!(b.units_6_months, 63.0); // 1 + 4 + 58
}

#[test]
fn burden_compared_with_recorded() {
    let b = PreStartBurden {
        units_8_weeks: 6.0,
        units_16_weeks: 10.0,
        units_6_months: 12.0,
    };
    assert!(compare_burden(&b, Some(6.0), Some(12.0)).is_empty());
    assert!(compare_burden(&b, None, None).is_empty());
    assert_eq!(
        compare_burden(&b, Some(4.0), Some(12.0)),
        vec![BurdenDisagreement::RbcUnits8wk {
            recorded: 4.0,
            derived: 6.0
        }]
    );
    let json = serde_json::to_value(compare_burden(&b, None, Some(9.0))).unwrap();
    assert_eq!(json[0]["column"], "rbc_units_6mo");
}

#[test]
fn independence_needs_56_free_days() {
    // Transfusions on days 0 and 57: days 1..=56 free = 56 days: TI.
    let log = [tx(0, 2.0), tx(57, 2.0)];
    let ti = first_independence(&log, day(0), day(200), 56).unwrap();
    assert_eq!((ti.first_day, ti.last_day, ti.days), (day(1), day(56), 56));
    assert!(!ti.censored);
    // Days 0 and 56: days 1..=55 free = 55 days, then 57..=100 = 44
    // (censored): not TI.
    let log = [tx(0, 2.0), tx(56, 2.0)];
    assert_eq!(first_independence(&log, day(0), day(100), 56), None);
    let runs = free_runs(&log, day(0), day(100));
    assert_eq!(runs.len(), 2);
    assert_eq!(
        (runs[0].days, runs[1].days, runs[1].censored),
        (55, 44, true)
    );
}

#[test]
fn censored_runs_count_only_when_56_days_observed() {
    // Last transfusion on day 10; treatment ends on day 65: days 11..=65
    // = 55 days, censored: not (yet) TI. Ending on day 66: 56 days: TI.
    let log = [tx(10, 1.0)];
    assert_eq!(first_independence(&log, day(0), day(65), 56), None);
    let ti = first_independence(&log, day(0), day(66), 56).unwrap();
    assert_eq!((ti.first_day, ti.days, ti.censored), (day(11), 56, true));
    // No transfusion at all on treatment: the run starts on day 0.
    let ti = first_independence(&[], day(0), day(55), 56).unwrap();
    assert_eq!((ti.first_day, ti.days), (day(0), 56));
    assert_eq!(first_independence(&[], day(0), day(54), 56), None);
}

#[test]
fn zero_unit_rows_are_not_transfusions() {
    let log = [tx(20, 0.0)];
    assert_eq!(free_runs(&log, day(0), day(99)).len(), 1);
}

#[test]
fn fewest_units_in_sliding_window() {
    // 2 units on days 10, 40, 70, 100; window of 56 days in 0..=119.
    let log = [tx(10, 2.0), tx(40, 2.0), tx(70, 2.0), tx(100, 2.0)];
    // Windows [s, s+55], s = 0..=64: [0, 55] holds days 10 and 40 (4
    // units); [11, 66] holds only day 40: 2 units, the earliest window
    // with the fewest (none holds fewer: 30-day spacing < 56).
    assert_eq!(
        fewest_units_in_window(&log, day(0), day(119), 56, |_| true),
        Some((day(11), 2.0))
    );
    // Window does not fit in 55 days of observation.
    assert_eq!(
        fewest_units_in_window(&log, day(0), day(54), 56, |_| true),
        None
    );
}

fn class(log: &[Transfusion], w: EightWeekWindows) -> BurdenClass {
    burden_2018(log, start(), w).class
}

#[test]
fn iwg2018_burden_boundaries() {
    use BurdenClass::*;
    let h = EightWeekWindows::Halves;
    // 0 units in 16 weeks: NTD (units on day −113 are outside).
    assert_eq!(class(&[tx(-113, 6.0)], h), Ntd);
    // 2 units: fits no group.
    assert_eq!(class(&[tx(-100, 1.0), tx(-20, 1.0)], h), Unclassified);
    // 3 units in 2 episodes, 2 and 1 per half: LTB.
    assert_eq!(class(&[tx(-100, 2.0), tx(-20, 1.0)], h), Ltb);
    // 3 units in one episode: not LTB.
    assert_eq!(class(&[tx(-20, 3.0)], h), Unclassified);
    // 6 units, 3 per half: LTB.
    assert_eq!(class(&[tx(-100, 3.0), tx(-20, 3.0)], h), Ltb);
    // 6 units with 4 in the last 8 weeks: ≥ 4 in 8 weeks but < 8: none.
    assert_eq!(class(&[tx(-100, 2.0), tx(-20, 4.0)], h), Unclassified);
    // 7 units: one half must hold ≥ 4, so never LTB; < 8 so never HTB.
    assert_eq!(class(&[tx(-100, 3.0), tx(-20, 4.0)], h), Unclassified);
    // 8 units, 4 per half: HTB.
    let b = burden_2018(&[tx(-100, 4.0), tx(-20, 4.0)], start(), h);
    assert_eq!(
        (b.class, b.units, b.episodes, b.most_in_8_weeks),
        (Htb, 8.0, 2, 4.0)
    );
    // The halves meet between day −57 and day −56.
    let b = burden_2018(&[tx(-57, 2.0), tx(-56, 2.0)], start(), h);
    assert_eq!((b.class, b.most_in_8_weeks), (Ltb, 2.0));
}

#[test]
fn rolling_eight_week_windows_are_stricter() {
    // 2 units on day −58 and 2 on day −50: the halves hold 2 and 2 (LTB),
    // but the 56-day window from day −58 holds all 4.
    let log = [tx(-58, 2.0), tx(-50, 2.0)];
    assert_eq!(class(&log, EightWeekWindows::Halves), BurdenClass::Ltb);
    let b = burden_2018(&log, start(), EightWeekWindows::Rolling);
    assert_eq!(
        (b.class, b.most_in_8_weeks),
        (BurdenClass::Unclassified, 4.0)
    );
}

#[test]
fn log_order_does_not_matter() {
    let log = [
        tx(-30, 2.0),
        tx(90, 1.0),
        tx(5, 2.0),
        tx(40, 1.0),
        tx(-100, 3.0),
    ];
    let mut reversed = log;
    reversed.reverse();
    assert_eq!(
        free_runs(&log, day(0), day(200)),
        free_runs(&reversed, day(0), day(200))
    );
    assert_eq!(
        burden_2018(&log, start(), EightWeekWindows::Rolling),
        burden_2018(&reversed, start(), EightWeekWindows::Rolling)
    );
    assert_eq!(
        pre_start_burden(&log, start()),
        pre_start_burden(&reversed, start())
    );
}
