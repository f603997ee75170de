//! Cell values to typed values, following crf-v1 "Values".
//!
//! Each parser takes the cell as the user wrote it and returns the typed value
//! or `None` when it cannot be read; the caller owns the diagnostic, since
//! only it knows the row and column. Empty cells and explicit unknowns
//! (`NA`, `unknown`, `-`, …) are told apart here so the report can count both.

use super::sheet::CellRef;
use crate::date::Date;
use crate::model::Sex;

/// Why a value is missing, or that it is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// The cell is empty: not recorded.
    Empty,
    /// The cell says the value is unknown (`NA`, `unknown`, `-`, …).
    Unknown,
    /// The cell holds something to parse.
    Present,
}

/// Words that mean "explicitly unknown".
const UNKNOWN_WORDS: &[&str] = &[
    "na",
    "n/a",
    "n.a.",
    "unknown",
    "uk",
    "unk",
    "-",
    "--",
    "?",
    "not available",
    "not done",
    "nd",
    "미상",
    "모름",
];

/// Byte length of the longest of [`UNKNOWN_WORDS`].
const LONGEST_UNKNOWN_WORD: usize = 13;

/// Classifies a cell as empty, explicitly unknown or present.
pub fn presence(cell: &CellRef<'_>) -> Presence {
    match cell {
        CellRef::Empty => Presence::Empty,
        CellRef::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                Presence::Empty
            } else if t.len() > LONGEST_UNKNOWN_WORD || t.as_bytes()[0].is_ascii_digit() {
                // Most cells: a number or longer text, never an unknown word.
                Presence::Present
            } else if UNKNOWN_WORDS.iter().any(|w| t.eq_ignore_ascii_case(w)) {
                Presence::Unknown
            } else {
                Presence::Present
            }
        }
        CellRef::Error(_) => Presence::Present,
        _ => Presence::Present,
    }
}

/// Reads yes/no: `Y`, `N`, `yes`, `no`, `1`, `0`, `true`, `false`, `예`, `아니오`.
pub fn yes_no(cell: &CellRef<'_>) -> Option<bool> {
    match cell {
        CellRef::Bool(b) => Some(*b),
        CellRef::Number(n) if *n == 1.0 => Some(true),
        CellRef::Number(n) if *n == 0.0 => Some(false),
        CellRef::Text(t) => match t.trim().to_lowercase().as_str() {
            "y" | "yes" | "1" | "true" | "t" | "예" | "네" | "유" | "o" | "+" => Some(true),
            "n" | "no" | "0" | "false" | "f" | "아니오" | "아니요" | "무" | "x" => {
                Some(false)
            }
            _ => None,
        },
        _ => None,
    }
}

/// Reads sex: `M`, `F`, `male`, `female`, `남`, `여` and close variants.
pub fn sex(cell: &CellRef<'_>) -> Option<Sex> {
    let CellRef::Text(t) = cell else { return None };
    match t.trim().to_lowercase().as_str() {
        "m" | "male" | "man" | "남" | "남성" | "남자" => Some(Sex::Male),
        "f" | "female" | "woman" | "여" | "여성" | "여자" => Some(Sex::Female),
        _ => None,
    }
}

/// Reads a number; `decimal_comma` allows `7,5` (semicolon- or tab-delimited
/// files). In comma files a comma is read only as a thousands separator
/// (`215,000`).
pub fn number(cell: &CellRef<'_>, decimal_comma: bool) -> Option<f64> {
    match cell {
        CellRef::Number(n) if n.is_finite() => Some(*n),
        CellRef::Bool(_)
        | CellRef::Date(_)
        | CellRef::Error(_)
        | CellRef::Empty
        | CellRef::Number(_) => None,
        CellRef::Text(t) => parse_number_text(t.trim(), decimal_comma),
    }
}

fn parse_number_text(t: &str, decimal_comma: bool) -> Option<f64> {
    if t.is_empty() {
        return None;
    }
    // Most cells are plain numbers (`1900`, `8.1`): read them without the
    // unit, comma and sign handling below, to the same value (whole numbers
    // of up to 15 digits are exact in an f64).
    let bytes = t.as_bytes();
    if bytes.len() <= 15 && bytes.iter().all(u8::is_ascii_digit) {
        return Some(bytes.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64);
    }
    if bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.')
        && bytes.iter().filter(|b| **b == b'.').count() == 1
        && bytes.len() > 1
    {
        return t.parse::<f64>().ok().filter(|v| v.is_finite());
    }
    let t = strip_unit(t.trim_start_matches('+'));
    let value: f64 = if !t.contains(',') {
        t.trim().parse().ok()?
    } else if decimal_comma && !t.contains('.') {
        t.replacen(',', ".", 1).trim().parse().ok()?
    } else if is_thousands_grouped(t) {
        t.replace(',', "").trim().parse().ok()?
    } else {
        return None;
    };
    value.is_finite().then_some(value)
}

/// Units people type after a number in a cell (`10 mg`, `62kg`, `7.5 g/dL`).
const CELL_UNITS: &[&str] = &[
    "mg", "kg", "cm", "g/dl", "g/l", "units", "unit", "u", "years", "yrs", "yr", "y", "/ul", "/µl",
    "세",
];

/// `10 mg` → `10`: a trailing unit from [`CELL_UNITS`] is dropped; any other
/// trailing text is kept, so the number does not parse.
fn strip_unit(t: &str) -> &str {
    let Some(split) = t.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | ' ')))
    else {
        return t;
    };
    let (number, unit) = t.split_at(split);
    if CELL_UNITS
        .iter()
        .any(|u| unit.trim().eq_ignore_ascii_case(u))
        && !number.trim().is_empty()
    {
        number.trim_end()
    } else {
        t
    }
}

/// `215,000` and `1,234,567.5`: groups of three digits after each comma.
fn is_thousands_grouped(t: &str) -> bool {
    let int_part = t.split('.').next().unwrap_or("");
    let mut groups = int_part.trim_start_matches('-').split(',');
    let first = groups.next().unwrap_or("");
    !first.is_empty()
        && first.len() <= 3
        && first.chars().all(|c| c.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// Reads a whole number; `3.0` is accepted, `3.5` is not.
pub fn integer(cell: &CellRef<'_>, decimal_comma: bool) -> Option<i64> {
    let n = number(cell, decimal_comma)?;
    (n.fract() == 0.0 && n.abs() < 1e12).then_some(n as i64)
}

/// Reads a CTCAE grade 0–5 (`3`, `G3`, `grade 3`, `Gr 3`).
pub fn grade(cell: &CellRef<'_>) -> Option<u8> {
    let n = match cell {
        CellRef::Number(n) => *n,
        // The common case: one digit.
        CellRef::Text(t) if t.len() == 1 && t.as_bytes()[0].is_ascii_digit() => {
            f64::from(t.as_bytes()[0] - b'0')
        }
        CellRef::Text(t) if t.trim().len() == 1 => t.trim().parse::<f64>().ok()?,
        CellRef::Text(t) => {
            let t = t.trim().to_lowercase();
            let digits = t
                .trim_start_matches("grade")
                .trim_start_matches("gr")
                .trim_start_matches('g')
                .trim();
            digits.parse::<f64>().ok()?
        }
        _ => return None,
    };
    (n.fract() == 0.0 && (0.0..=5.0).contains(&n)).then_some(n as u8)
}

/// A date read from one cell, before the column decides day/month order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateReading {
    /// Unambiguous.
    Exact(Date),
    /// `a/b/year` with both a and b ≤ 12 and different: day-first gives the
    /// first date, month-first the second.
    Ambiguous {
        /// Reading as day/month/year.
        day_first: Date,
        /// Reading as month/day/year.
        month_first: Date,
    },
    /// `a/b/year` that only reads day-first (a > 12).
    DayFirstOnly(Date),
    /// `a/b/year` that only reads month-first (b > 12).
    MonthFirstOnly(Date),
}

/// Reads a date cell: ISO-like `2019-05-31`, `2019/05/31`, `2019.05.31`,
/// `20190531`, Korean `2019년 5월 31일`, Excel serial numbers, real date
/// cells, and `dd/mm/yyyy` or `mm/dd/yyyy` (see [`DateReading`]).
pub fn date(cell: &CellRef<'_>) -> Option<DateReading> {
    match cell {
        CellRef::Date(d) => Some(DateReading::Exact(*d)),
        CellRef::Number(n) => Date::from_excel_serial(*n).map(DateReading::Exact),
        CellRef::Text(t) => date_text(t.trim()),
        _ => None,
    }
}

fn date_text(t: &str) -> Option<DateReading> {
    // The common case first: `2019-05-31` (or with / or .), read by bytes.
    if let [y1, y2, y3, y4, s1, m1, m2, s2, d1, d2] = *t.as_bytes() {
        let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
        if digits.iter().all(u8::is_ascii_digit) && s1 == s2 && matches!(s1, b'-' | b'/' | b'.') {
            let n = |a: &[u8]| a.iter().fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
            return Date::from_ymd(n(&digits[..4]) as i32, n(&digits[4..6]), n(&digits[6..]))
                .map(DateReading::Exact);
        }
    }
    // Drop a time part: `2019-05-31 00:00:00`, `2019-05-31T00:00`.
    let t = t
        .split(['T', ' '])
        .next()
        .filter(|s| s.len() >= 6 && !t.contains('년'))
        .unwrap_or(t);
    if t.contains('년') {
        let cleaned: String = t.replace(['년', '월'], "-").replace(['일', ' '], "");
        return date_text(cleaned.trim_end_matches('-'));
    }
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        let y = t[0..4].parse().ok()?;
        let m = t[4..6].parse().ok()?;
        let d = t[6..8].parse().ok()?;
        return Date::from_ymd(y, m, d).map(DateReading::Exact);
    }
    // An Excel serial day, also as exported with decimals (`43535.0`).
    let (whole, fraction) = t.split_once('.').unwrap_or((t, "0"));
    if (4..=6).contains(&whole.len())
        && whole.chars().all(|c| c.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.chars().all(|c| c.is_ascii_digit())
    {
        let serial: f64 = t.parse().ok()?;
        if (10_000.0..=80_000.0).contains(&serial) {
            return Date::from_excel_serial(serial).map(DateReading::Exact);
        }
        return None;
    }
    let parts: Vec<&str> = t
        .split(['-', '/', '.'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let nums: Vec<i64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if nums.len() != 3 {
        return None;
    }
    if parts[0].len() == 4 {
        return Date::from_ymd(nums[0] as i32, nums[1] as u32, nums[2] as u32)
            .map(DateReading::Exact);
    }
    if parts[2].len() != 4 {
        return None;
    }
    let (a, b, y) = (nums[0] as u32, nums[1] as u32, nums[2] as i32);
    let day_first = Date::from_ymd(y, b, a);
    let month_first = Date::from_ymd(y, a, b);
    match (day_first, month_first) {
        (Some(d), Some(m)) if d == m => Some(DateReading::Exact(d)),
        (Some(d), Some(m)) => Some(DateReading::Ambiguous {
            day_first: d,
            month_first: m,
        }),
        (Some(d), None) => Some(DateReading::DayFirstOnly(d)),
        (None, Some(m)) => Some(DateReading::MonthFirstOnly(m)),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> CellRef<'_> {
        CellRef::Text(s)
    }

    fn d(y: i32, m: u32, dd: u32) -> Option<DateReading> {
        Date::from_ymd(y, m, dd).map(DateReading::Exact)
    }

    #[test]
    fn yes_no_variants() {
        for y in ["Y", "yes", "1", "TRUE", "예"] {
            assert_eq!(yes_no(&text(y)), Some(true), "{y}");
        }
        for n in ["N", "No", "0", "false", "아니오", "아니요"] {
            assert_eq!(yes_no(&text(n)), Some(false), "{n}");
        }
        assert_eq!(yes_no(&text("maybe")), None);
        assert_eq!(yes_no(&CellRef::Number(1.0)), Some(true));
    }

    #[test]
    fn sex_variants() {
        assert_eq!(sex(&text("m")), Some(Sex::Male));
        assert_eq!(sex(&text("Female")), Some(Sex::Female));
        assert_eq!(sex(&text("남")), Some(Sex::Male));
        assert_eq!(sex(&text("여")), Some(Sex::Female));
        assert_eq!(sex(&text("X")), None);
    }

    #[test]
    fn longest_unknown_word_is_right() {
        assert_eq!(
            UNKNOWN_WORDS.iter().map(|w| w.len()).max(),
            Some(LONGEST_UNKNOWN_WORD)
        );
    }

    #[test]
    fn missing_kinds() {
        assert_eq!(presence(&CellRef::Empty), Presence::Empty);
        assert_eq!(presence(&text("  ")), Presence::Empty);
        for u in ["NA", "N/A", "unknown", "UK", "-"] {
            assert_eq!(presence(&text(u)), Presence::Unknown, "{u}");
        }
        assert_eq!(presence(&text("0")), Presence::Present);
    }

    #[test]
    fn numbers() {
        assert_eq!(number(&text("7,5"), true), Some(7.5));
        assert_eq!(number(&text("7,5"), false), None);
        assert_eq!(number(&text("215,000"), false), Some(215000.0));
        assert_eq!(number(&text(" 12.25 "), false), Some(12.25));
        assert_eq!(number(&text("abc"), false), None);
        assert_eq!(number(&text("10 mg"), false), Some(10.0));
        assert_eq!(number(&text("62kg"), false), Some(62.0));
        assert_eq!(number(&text("7,5 g/dL"), true), Some(7.5));
        assert_eq!(number(&text("66세"), false), Some(66.0));
        assert_eq!(number(&text("10 (approx)"), false), None);
        assert_eq!(number(&text("1.5E+05"), false), Some(150000.0));
        assert_eq!(number(&text("inf"), false), None);
        assert_eq!(integer(&text("3.0"), false), Some(3));
        assert_eq!(integer(&text("3.5"), false), None);
        // The plain-number fast path reads what the general path reads.
        for t in [
            "0",
            "7",
            "1900",
            "000123",
            "123456789012345",
            "1234567890123456",
            "8.1",
            ".5",
            "5.",
            "0.1",
            "12.25",
            "1.2.3",
            ".",
        ] {
            let general = t.parse::<f64>().ok().filter(|v| v.is_finite());
            assert_eq!(number(&text(t), false), general, "{t}");
        }
    }

    #[test]
    fn grades() {
        assert_eq!(grade(&text("3")), Some(3));
        assert_eq!(grade(&text("G4")), Some(4));
        assert_eq!(grade(&text("Grade 2")), Some(2));
        assert_eq!(grade(&text("7")), None);
        assert_eq!(grade(&CellRef::Number(0.0)), Some(0));
    }

    #[test]
    fn dates() {
        assert_eq!(date(&text("2019-05-31")), d(2019, 5, 31));
        assert_eq!(date(&text("2019/05/31")), d(2019, 5, 31));
        assert_eq!(date(&text("2019.05.31")), d(2019, 5, 31));
        assert_eq!(date(&text("2019. 5. 31.")), d(2019, 5, 31));
        assert_eq!(date(&text("20190531")), d(2019, 5, 31));
        assert_eq!(date(&text("2019-05-31 00:00:00")), d(2019, 5, 31));
        assert_eq!(date(&text("2019년 5월 31일")), d(2019, 5, 31));
        assert_eq!(date(&text("43616")), d(2019, 5, 31));
        assert_eq!(date(&text("43616.0")), d(2019, 5, 31));
        assert_eq!(date(&CellRef::Number(43616.0)), d(2019, 5, 31));
        assert_eq!(date(&text("2019-02-30")), None);
        assert_eq!(
            date(&text("31/05/2019")),
            Some(DateReading::DayFirstOnly(
                Date::from_ymd(2019, 5, 31).unwrap()
            ))
        );
        assert_eq!(
            date(&text("05/31/2019")),
            Some(DateReading::MonthFirstOnly(
                Date::from_ymd(2019, 5, 31).unwrap()
            ))
        );
        assert!(matches!(
            date(&text("05/06/2019")),
            Some(DateReading::Ambiguous { .. })
        ));
        assert_eq!(date(&text("05/05/2019")), d(2019, 5, 5));
        assert_eq!(date(&text("yesterday")), None);
    }
}
