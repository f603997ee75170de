//! Dosing schedules to dose intensity.
//!
//! Sites write schedules the way the study's Table 4 does (`10 mg once daily
//! for 3 wk, 1-wk rest`), as codes (`QD 21/28`, `QOD`, `D1-21 q28d`) or in
//! their own words (`10 mg daily x 21 days every 28 days`). All reduce to the
//! fraction of days a dose is taken; dose intensity is dose × that fraction
//! in mg/day.
//!
//! The parser accounts for every number in the text: the dose, the days on
//! and the cycle length. A number it cannot place means a pattern it does not
//! know, and then the schedule is unreadable (a warning on the patient)
//! rather than silently taken as daily dosing.

use serde::Serialize;

/// A dosing schedule reduced to what dose intensity needs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Schedule {
    /// Fraction of days with a dose: 1 daily, 21/28 for 3 weeks on 1 off,
    /// 1/2 every other day.
    pub fraction_of_days: f64,
    /// A dose written in the schedule text (`10 mg …`), if any.
    pub dose_in_text_mg: Option<f64>,
    /// The regimen, as Table 4 names it (without the dose).
    pub regimen: Regimen,
}

/// A dosing regimen Table 4 names; the presentation words it ("once every
/// other day") in the reader's language.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Regimen {
    /// Once daily.
    Daily,
    /// Once every other day.
    EveryOtherDay,
    /// Once daily for 3 weeks, 1-week rest (21/28).
    #[serde(rename = "daily_21_of_28")]
    Daily21Of28,
    /// Once every other day for 3 weeks, 1-week rest.
    #[serde(rename = "every_other_day_21_of_28")]
    EveryOtherDay21Of28,
    /// Once daily for 2 weeks, 1-week rest (14/21).
    #[serde(rename = "daily_14_of_21")]
    Daily14Of21,
    /// Once daily for 2 weeks, 2-week rest (14/28).
    #[serde(rename = "daily_14_of_28")]
    Daily14Of28,
    /// Once daily, 5 days a week.
    #[serde(rename = "daily_5_of_7")]
    Daily5Of7,
    /// Once daily on another intermittent cycle.
    DailyIntermittent,
}

/// A number in the text: where it is and its value.
#[derive(Debug, Clone, Copy)]
struct Number {
    start: usize,
    end: usize,
    value: f64,
}

fn numbers(text: &str) -> Vec<Number> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit()
                    || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            if let Ok(value) = text[start..i].parse() {
                out.push(Number {
                    start,
                    end: i,
                    value,
                });
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The text right after a number, without leading spaces and dashes.
fn after<'a>(text: &'a str, n: &Number) -> &'a str {
    text[n.end..].trim_start_matches([' ', '-'])
}

/// The text right before a number, without trailing spaces.
fn before<'a>(text: &'a str, n: &Number) -> &'a str {
    text[..n.start].trim_end()
}

/// Reads a schedule; `None` when it cannot be understood.
pub fn parse(text: &str) -> Option<Schedule> {
    let lower: String = text
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '~' => '-',
            '×' => 'x',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    if lower.is_empty() {
        return None;
    }
    let compact: String = lower.chars().filter(|c| *c != ' ').collect();
    let every_other_day = [
        "everyotherday",
        "qod",
        "eod",
        "alternateday",
        "alternatingday",
        "q2d",
        "every2days",
        "격일",
    ]
    .iter()
    .any(|k| compact.contains(k));
    let daily = ["daily", "qd", "매일", "once a day", "od"]
        .iter()
        .any(|k| lower.contains(k));

    let nums = numbers(&lower);
    let mut used = vec![false; nums.len()];
    // The dose: a number followed by "mg".
    let mut dose_in_text_mg = None;
    for (i, n) in nums.iter().enumerate() {
        if after(&lower, n).starts_with("mg") {
            dose_in_text_mg = Some(n.value);
            used[i] = true;
        }
    }
    // "every 2 days" is every other day.
    for (i, n) in nums.iter().enumerate() {
        if !used[i]
            && n.value == 2.0
            && every_other_day
            && (after(&lower, n).starts_with('d') || before(&lower, n).ends_with('q'))
        {
            used[i] = true;
        }
    }
    let (on, cycle) = cycle(&lower, &nums, &mut used)?;
    if used.iter().any(|u| !u) {
        return None;
    }
    if !(daily || every_other_day || on.is_some()) {
        return None;
    }
    let base = if every_other_day { 0.5 } else { 1.0 };
    let (fraction_of_days, regimen) = match (on, cycle) {
        (Some(on), Some(cycle)) if on > 0.0 && on <= cycle && cycle <= 56.0 => {
            let regimen = match (every_other_day, on as u32, cycle as u32) {
                (_, a, b) if a == b => {
                    if every_other_day {
                        Regimen::EveryOtherDay
                    } else {
                        Regimen::Daily
                    }
                }
                (false, 21, 28) => Regimen::Daily21Of28,
                (true, 21, 28) => Regimen::EveryOtherDay21Of28,
                (false, 14, 21) => Regimen::Daily14Of21,
                (false, 14, 28) => Regimen::Daily14Of28,
                (false, 5, 7) => Regimen::Daily5Of7,
                _ => Regimen::DailyIntermittent,
            };
            (base * on / cycle, regimen)
        }
        (None, None) => (
            base,
            if every_other_day {
                Regimen::EveryOtherDay
            } else {
                Regimen::Daily
            },
        ),
        _ => return None,
    };
    Some(Schedule {
        fraction_of_days,
        dose_in_text_mg,
        regimen,
    })
}

/// Days on and cycle length, marking the numbers used: `21/28`, `3 wk, 1-wk
/// rest`, `3 weeks on, 1 week off`, `days 1-21 of 28`, `d1-21 q28d`, `x 21
/// days every 28 days`, `for 21 days of 28`, `5 days a week`. Returns
/// `Some((None, None))` when the text states no cycle, and `None` when it
/// states one only in part.
fn cycle(lower: &str, nums: &[Number], used: &mut [bool]) -> Option<(Option<f64>, Option<f64>)> {
    let free = |used: &[bool], i: usize| !used[i];
    // A code "N/M".
    for i in 0..nums.len().saturating_sub(1) {
        let (a, b) = (nums[i], nums[i + 1]);
        if free(used, i) && free(used, i + 1) && lower[a.end..b.start].trim() == "/" {
            used[i] = true;
            used[i + 1] = true;
            return Some((Some(a.value), Some(b.value)));
        }
    }
    // Weeks on and weeks of rest.
    let weeks: Vec<usize> = (0..nums.len())
        .filter(|&i| {
            free(used, i)
                && (after(lower, &nums[i]).starts_with("wk")
                    || after(lower, &nums[i]).starts_with("week")
                    || after(lower, &nums[i]).starts_with('주'))
        })
        .collect();
    if weeks.len() == 2
        && ["rest", "off", "휴약", "break"]
            .iter()
            .any(|w| lower.contains(w))
    {
        let (on, off) = (nums[weeks[0]].value, nums[weeks[1]].value);
        used[weeks[0]] = true;
        used[weeks[1]] = true;
        return Some((Some(on * 7.0), Some((on + off) * 7.0)));
    }
    // "N days a week".
    for i in 0..nums.len() {
        let rest = after(lower, &nums[i]);
        if free(used, i)
            && [
                "days a week",
                "days per week",
                "days/week",
                "days/wk",
                "d/wk",
                "days a wk",
                "x/week",
                "times a week",
                "times weekly",
            ]
            .iter()
            .any(|p| rest.starts_with(p))
        {
            used[i] = true;
            return Some((Some(nums[i].value), Some(7.0)));
        }
    }
    let mut on = None;
    // A day range "days 1-21", "d1-21", "day 1 to 21".
    for i in 0..nums.len().saturating_sub(1) {
        let (a, b) = (nums[i], nums[i + 1]);
        let between = lower[a.end..b.start].trim();
        let named = before(lower, &a).ends_with('d')
            || before(lower, &a).ends_with("day")
            || before(lower, &a).ends_with("days");
        if free(used, i)
            && free(used, i + 1)
            && named
            && (between == "-" || between == "to")
            && b.value >= a.value
        {
            used[i] = true;
            used[i + 1] = true;
            on = Some(b.value - a.value + 1.0);
            break;
        }
    }
    // "x 21 days", "for 21 days", "21 days".
    if on.is_none() {
        for i in 0..nums.len() {
            let rest = after(lower, &nums[i]);
            let prev = before(lower, &nums[i]);
            let cycle_word = ["every", "q", "of", "per", "/"]
                .iter()
                .any(|w| prev.ends_with(w));
            if free(used, i)
                && !cycle_word
                && (rest.starts_with("day")
                    || rest.starts_with("d ")
                    || rest == "d"
                    || rest.starts_with('일'))
            {
                used[i] = true;
                on = Some(nums[i].value);
                break;
            }
        }
    }
    // The cycle: "every 28 days", "q28d", "of 28", "per 28", "28-day cycle".
    let mut cycle = None;
    for i in 0..nums.len() {
        if !free(used, i) {
            continue;
        }
        let prev = before(lower, &nums[i]);
        let rest = after(lower, &nums[i]);
        if ["every", "q", "of", "per", "/", "cycle"]
            .iter()
            .any(|w| prev.ends_with(w))
            || rest.starts_with("day cycle")
            || rest.starts_with("-day cycle")
            || rest.starts_with("days cycle")
        {
            used[i] = true;
            cycle = Some(nums[i].value);
            break;
        }
    }
    match (on, cycle) {
        (None, None) => Some((None, None)),
        (Some(on), Some(cycle)) => Some((Some(on), Some(cycle))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fraction(s: &str) -> Option<f64> {
        parse(s).map(|s| s.fraction_of_days)
    }

    #[test]
    fn table4_wording() {
        assert_eq!(fraction("10 mg once daily"), Some(1.0));
        assert_eq!(fraction("10 mg once daily for 3 wk, 1-wk rest"), Some(0.75));
        assert_eq!(fraction("5 mg once every other day"), Some(0.5));
        assert_eq!(fraction("5 mg once daily for 3 wk, 1-wk rest"), Some(0.75));
        assert_eq!(
            parse("10 mg once daily for 3 wk, 1-wk rest").and_then(|s| s.dose_in_text_mg),
            Some(10.0)
        );
        assert_eq!(parse("2.5mg QD").and_then(|s| s.dose_in_text_mg), Some(2.5));
        let regimen = |s: &str| parse(s).map(|s| s.regimen);
        assert_eq!(
            regimen("5 mg once every other day"),
            Some(Regimen::EveryOtherDay)
        );
        assert_eq!(regimen("QD 21/28"), Some(Regimen::Daily21Of28));
        assert_eq!(regimen("QOD 21/28"), Some(Regimen::EveryOtherDay21Of28));
        assert_eq!(regimen("14/21"), Some(Regimen::Daily14Of21));
    }

    #[test]
    fn codes() {
        assert_eq!(fraction("QD"), Some(1.0));
        assert_eq!(fraction("QD 21/28"), Some(0.75));
        assert_eq!(fraction("qd21/28"), Some(0.75));
        assert_eq!(fraction("QOD"), Some(0.5));
        assert_eq!(fraction("D1-21 q28d"), Some(0.75));
        assert_eq!(fraction("days 1-21 of 28-day cycle"), Some(0.75));
        assert_eq!(fraction("3 weeks on, 1 week off"), Some(0.75));
    }

    #[test]
    fn multibyte_characters_before_numbers() {
        assert_eq!(fraction("QD \u{feff}21/28"), Some(0.75));
        assert_eq!(fraction("매일 21/28"), Some(0.75));
        assert!(parse("격일 3주 투약, 1주 휴약").is_some());
        assert_eq!(
            parse("용량10mg QD").and_then(|s| s.dose_in_text_mg),
            Some(10.0)
        );
    }

    #[test]
    fn written_out_cycles() {
        assert_eq!(fraction("10 mg daily x 21 days every 28 days"), Some(0.75));
        assert_eq!(fraction("10 mg once daily x 21 days q 28 days"), Some(0.75));
        assert_eq!(
            fraction("10 mg once daily (days 1–21 every 28 days)"),
            Some(0.75)
        );
        assert_eq!(fraction("5 mg once daily for 21 days of 28"), Some(0.75));
        assert_eq!(fraction("5 mg once daily 5 days a week"), Some(5.0 / 7.0));
        assert_eq!(fraction("10 mg qd d1-21 of a 28-day cycle"), Some(0.75));
        assert_eq!(fraction("5 mg every 2 days"), Some(0.5));
    }

    #[test]
    fn a_number_it_cannot_place_makes_it_unreadable() {
        // Silently reading these as daily would inflate dose intensity.
        assert_eq!(fraction("10 mg daily x 21 days"), None);
        assert_eq!(fraction("10 mg once daily 3 cycles"), None);
        assert_eq!(fraction("daily, restarted 2019"), None);
    }

    #[test]
    fn unreadable() {
        assert_eq!(fraction("as directed"), None);
        assert_eq!(fraction(""), None);
    }
}
