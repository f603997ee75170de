//! Number formatting, once, for every output.
//!
//! The rules are the analysis plan's: percentages with one decimal, rounded
//! half away from zero from the exact fraction (integer arithmetic, so 6.25 %
//! is 6.3 and never 6.2 through binary rounding); p-values with three
//! decimals or `<0.001`; odds ratios with two decimals, or two significant
//! digits below 0.01 so a small ratio is never printed as 0.00; a true minus
//! sign (U+2212) and `∞`, as journals print them.

use super::model::{Cell, CellKind};
use crate::analysis::values::{Count, Num, SummaryOut};

/// The dash shown for a value that is not available.
pub const DASH: &str = "—";

/// The minus sign journals print.
pub const MINUS: char = '\u{2212}';

/// A percentage of n/N with one decimal, rounded half away from zero from
/// the exact fraction; a dash when N = 0.
pub fn percent(n: usize, denominator: usize) -> String {
    if denominator == 0 {
        return DASH.into();
    }
    let (n, d) = (n as u128, denominator as u128);
    let tenths = (2000 * n + d) / (2 * d);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `x` rounded half away from zero to `digits` decimals (the epsilon absorbs
/// binary representation error: 2.675 is stored as 2.67499…).
pub fn round(x: f64, digits: u8) -> f64 {
    let f = 10f64.powi(i32::from(digits));
    (x.abs() * f + 0.5 + 1e-9).floor() / f * x.signum()
}

/// `x` with `digits` decimals; a true minus sign; `∞` for infinity.
pub fn fixed(x: f64, digits: u8) -> String {
    if x.is_nan() {
        return DASH.into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "∞".into()
        } else {
            format!("{MINUS}∞")
        };
    }
    let r = round(x, digits);
    let body = format!("{:.*}", usize::from(digits), r.abs());
    if r < 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("{MINUS}{body}")
    } else {
        body
    }
}

/// Up to `digits` decimals without trailing zeros (3.75, 7.5, 10).
pub fn trimmed(x: f64, digits: u8) -> String {
    let t = fixed(x, digits);
    if t.contains('.') {
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        t
    }
}

/// A p-value: three decimals, or `<0.001`.
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "<0.001".into()
    } else {
        fixed(p, 3)
    }
}

/// Decimals an odds ratio or limit is shown with: two, or two significant
/// digits below 0.01.
fn ratio_digits(x: f64) -> u8 {
    if x.is_finite() && x != 0.0 && x.abs() < 0.01 {
        (1 - x.abs().log10().floor() as i32).clamp(2, 15) as u8
    } else {
        2
    }
}

/// An odds ratio or one of its limits.
pub fn ratio(n: Num) -> String {
    fixed(n.0, ratio_digits(n.0))
}

/// A confidence level as a label: 0.95 → `95%`.
pub fn level(level: f64) -> String {
    format!("{}%", trimmed(level * 100.0, 1))
}

/// `n (pct)` when the count's denominator is the table's N, else
/// `n/d (pct)`, so a subgroup shows its own denominator.
pub fn count_percent(c: &Count, table_n: usize) -> String {
    if c.denominator == table_n {
        format!("{} ({})", c.n, percent(c.n, c.denominator))
    } else {
        format!(
            "{}/{} ({})",
            c.n,
            c.denominator,
            percent(c.n, c.denominator)
        )
    }
}

/// `n/N (pct%)`, as the efficacy text writes it.
pub fn n_of_n(c: &Count) -> String {
    format!(
        "{}/{} ({}%)",
        c.n,
        c.denominator,
        percent(c.n, c.denominator)
    )
}

/// `median (min–max)` with one precision for the three numbers: `digits`
/// when given, else whole when all are whole and one decimal otherwise.
pub fn median_range(s: &SummaryOut, digits: Option<u8>) -> String {
    let d = digits.unwrap_or(
        if [s.median, s.min, s.max].iter().all(|x| x.fract() == 0.0) {
            0
        } else {
            1
        },
    );
    format!(
        "{} ({}–{})",
        fixed(s.median, d),
        fixed(s.min, d),
        fixed(s.max, d)
    )
}

/// `mean ± SEM`; the mean alone when n = 1 (no SEM).
pub fn mean_sem(s: &SummaryOut, digits: u8) -> String {
    match s.sem {
        Some(sem) => format!("{} ± {}", fixed(s.mean, digits), fixed(sem, digits)),
        None => fixed(s.mean, digits),
    }
}

/// A cell holding `x` with `digits` decimals.
pub fn number_cell(x: f64, digits: u8) -> Cell {
    Cell::number(CellKind::Number, x, digits, fixed(x, digits))
}

/// A p-value cell (a number when shown as one).
pub fn p_cell(p: f64) -> Cell {
    if p < 0.001 {
        Cell::new(CellKind::P, p_value(p))
    } else {
        Cell::number(CellKind::P, round(p, 3), 3, p_value(p))
    }
}

/// Text from the user's files made safe for spreadsheets: a leading `=`,
/// `+`, `-`, `@`, tab or carriage return (after any leading spaces, which a
/// spreadsheet also skips) gets an apostrophe, so a site's cell never becomes
/// a live formula in an export. Control characters other than tab, line
/// feed and carriage return (a NUL byte in a cell, say), which XML 1.0 and
/// so XLSX and DOCX cannot hold (a DOCX with one is refused by Word), are
/// shown as their Unicode control pictures (`␀`), and U+FFFE/U+FFFF as
/// U+FFFD. Applied once, where the user's text enters the model, before any
/// layout.
pub fn safe_text(text: &str) -> String {
    let text = printable(text);
    if reads_as_formula(&text) {
        format!("'{text}")
    } else {
        text.into_owned()
    }
}

/// [`safe_text`] of an owned text: the text itself when it needs no
/// change (most do: a code, a number, an ID), so a cell made of it costs
/// no second copy.
pub fn safe_text_owned(text: String) -> String {
    let unchanged =
        matches!(printable(&text), std::borrow::Cow::Borrowed(_)) && !reads_as_formula(&text);
    if unchanged {
        text
    } else {
        safe_text(&text)
    }
}

/// True when a spreadsheet would read the text as a formula.
fn reads_as_formula(text: &str) -> bool {
    text.trim_start_matches(' ').starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ])
}

/// Text with the characters XML 1.0 cannot hold made visible (see
/// [`safe_text`]); borrowed when there are none.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{7F}' | '\u{FFFE}' | '\u{FFFF}')
    };
    if !text.contains(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\u{7F}' => '\u{2421}',
            '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
            c if bad(c) => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'),
            c => c,
        })
        .collect::<String>()
        .into()
}

/// How many Latin-letter widths a text takes: Hangul, CJK ideographs and
/// full-width forms take two (column widths in the exports use it, so a
/// Korean label gets the room it needs).
pub fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x11FF
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_away_from_the_exact_fraction() {
        assert_eq!(percent(19, 28), "67.9");
        assert_eq!(percent(5, 31), "16.1");
        assert_eq!(percent(1, 8), "12.5");
        assert_eq!(percent(1, 16), "6.3"); // 6.25 → 6.3
        assert_eq!(percent(0, 31), "0.0");
        assert_eq!(percent(31, 31), "100.0");
        assert_eq!(percent(1, 0), "—");
    }

    #[test]
    fn fixed_rounds_half_away_with_a_true_minus() {
        assert_eq!(fixed(2.675, 2), "2.68");
        assert_eq!(fixed(-1.25, 1), "−1.3");
        assert_eq!(fixed(-0.0004, 3), "0.000");
        assert_eq!(fixed(f64::INFINITY, 2), "∞");
        assert_eq!(trimmed(3.75, 2), "3.75");
        assert_eq!(trimmed(10.0, 2), "10");
        assert_eq!(level(0.95), "95%");
        assert_eq!(level(0.9), "90%");
        assert_eq!(level(0.995), "99.5%");
    }

    #[test]
    fn p_values_and_small_ratios() {
        assert_eq!(p_value(0.0195), "0.020");
        assert_eq!(p_value(0.0004), "<0.001");
        assert_eq!(p_value(1.0), "1.000");
        assert_eq!(ratio(Num(0.0042)), "0.0042");
        assert_eq!(ratio(Num(0.012)), "0.01");
        assert_eq!(ratio(Num(2.345)), "2.35");
        assert_eq!(ratio(Num(f64::INFINITY)), "∞");
        assert_eq!(ratio(Num(0.0)), "0.00");
    }

    #[test]
    fn korean_takes_two_widths() {
        assert_eq!(display_width("N (%)"), 5);
        assert_eq!(display_width("환자 특성"), 9);
        assert_eq!(display_width("ＡＢ"), 4);
    }

    #[test]
    fn user_text_that_would_be_a_formula_is_neutralized_even_when_indented() {
        assert_eq!(safe_text("RA\0RS\u{1b}\u{7f}\u{ffff}"), "RA␀RS␛␡\u{fffd}");
        assert_eq!(safe_text("a\tb\r\nc"), "a\tb\r\nc");
        assert_eq!(safe_text("\0=1"), "␀=1");
        assert_eq!(safe_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(
            safe_text("    =cmd|' /C calc'!A0"),
            "'    =cmd|' /C calc'!A0"
        );
        assert_eq!(safe_text("+1"), "'+1");
        assert_eq!(safe_text("-7"), "'-7");
        assert_eq!(safe_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_text("＝1+1"), "'＝1+1");
        assert_eq!(safe_text("Seoul"), "Seoul");
        assert_eq!(safe_text("del(5q)"), "del(5q)");
    }
}
