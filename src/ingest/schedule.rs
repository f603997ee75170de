//! Dosing schedules to dose intensity.
//!
//! Sites write schedules the way the study's Table 4 does (`10 mg once daily
//! for 3 wk, 1-wk rest`) or as codes (`QD 21/28`, `QOD`). Both reduce to the
//! fraction of days a dose is taken; dose intensity is dose × that fraction
//! in mg/day. A schedule that cannot be read is a warning on the patient.

use serde::Serialize;

/// A dosing schedule reduced to what dose intensity needs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Schedule {
    /// Fraction of days with a dose: 1 daily, 21/28 for 3 weeks on 1 off,
    /// 1/2 every other day.
    pub fraction_of_days: f64,
    /// A dose written in the schedule text (`10 mg …`), if any.
    pub dose_in_text_mg: Option<f64>,
    /// Canonical wording, as Table 4 prints it (without the dose).
    pub wording: &'static str,
}

/// Reads a schedule; `None` when it cannot be understood.
pub fn parse(text: &str) -> Option<Schedule> {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() {
        return None;
    }
    let dose_in_text_mg = dose_in_text(&lower);
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
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
    let (on, cycle) = cycle_days(&lower, &compact);
    let daily = every_other_day
        || compact.contains("daily")
        || compact.contains("qd")
        || compact.contains("oncedaily")
        || compact.contains("매일")
        || compact.starts_with("od")
        || on.is_some();
    if !daily {
        return None;
    }
    let base = if every_other_day { 0.5 } else { 1.0 };
    let (fraction_of_days, wording) = match (on, cycle) {
        (Some(on), Some(cycle)) if on > 0.0 && on < cycle && cycle <= 56.0 => {
            let wording = match (every_other_day, on as u32, cycle as u32) {
                (false, 21, 28) => "once daily for 3 wk, 1-wk rest",
                (true, 21, 28) => "once every other day for 3 wk, 1-wk rest",
                (false, 14, 21) => "once daily for 2 wk, 1-wk rest",
                (false, 14, 28) => "once daily for 2 wk, 2-wk rest",
                _ => "once daily, intermittent",
            };
            (base * on / cycle, wording)
        }
        (Some(_), Some(_)) => return None,
        _ => (
            base,
            if every_other_day {
                "once every other day"
            } else {
                "once daily"
            },
        ),
    };
    Some(Schedule {
        fraction_of_days,
        dose_in_text_mg,
        wording,
    })
}

/// Byte index where the run of `keep` characters at the end of `s` starts.
/// Not `rfind(..) + 1`: the character found may be several bytes long
/// (`QD \u{feff}21/28`), and slicing inside it panics.
fn digits_start(s: &str, keep: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .rev()
        .find(|&(_, c)| !keep(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// `10 mg`, `2.5mg` at the start of the text.
fn dose_in_text(lower: &str) -> Option<f64> {
    let idx = lower.find("mg")?;
    let before = lower[..idx].trim_end();
    let start = digits_start(before, |c| c.is_ascii_digit() || c == '.' || c == ',');
    before[start..].replace(',', ".").parse().ok()
}

/// Days on and cycle length: `for 3 wk, 1-wk rest`, `3 weeks on, 1 week off`,
/// `21/28`, `days 1-21 of 28`, `d1-21 q28d`.
fn cycle_days(lower: &str, compact: &str) -> (Option<f64>, Option<f64>) {
    let numbers_before = |word: &str| -> Vec<f64> {
        let mut found = Vec::new();
        let mut rest = compact;
        while let Some(i) = rest.find(word) {
            let head = rest[..i].trim_end_matches('-');
            let start = digits_start(head, |c| c.is_ascii_digit());
            if let Ok(n) = head[start..].parse::<f64>() {
                found.push(n);
            }
            rest = &rest[i + word.len()..];
        }
        found
    };
    // "N/M" written as a code.
    if let Some(slash) = compact.find('/') {
        let head = &compact[..slash];
        let tail = &compact[slash + 1..];
        let a_start = digits_start(head, |c| c.is_ascii_digit());
        let b_end = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        if let (Ok(a), Ok(b)) = (head[a_start..].parse::<f64>(), tail[..b_end].parse::<f64>()) {
            return (Some(a), Some(b));
        }
    }
    // Weeks on and weeks of rest.
    let weeks: Vec<f64> = ["wk", "week"]
        .iter()
        .flat_map(|w| numbers_before(w))
        .collect();
    let mentions_rest = lower.contains("rest") || lower.contains("off") || lower.contains("휴약");
    if mentions_rest && weeks.len() >= 2 {
        let (on, off) = (weeks[0], weeks[1]);
        return (Some(on * 7.0), Some((on + off) * 7.0));
    }
    // Days 1-21 of 28 / d1-21 q28d.
    if let Some(i) = compact.find("1-") {
        let tail = &compact[i + 2..];
        let end = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        if let Ok(on) = tail[..end].parse::<f64>() {
            let rest = &tail[end..];
            let digits: String = rest
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(cycle) = digits.parse::<f64>() {
                return (Some(on), Some(cycle));
            }
        }
    }
    (None, None)
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
    fn unreadable() {
        assert_eq!(fraction("as directed"), None);
        assert_eq!(fraction(""), None);
    }
}
