//! Printed numbers as a paper prints them, and the rounding rules that may
//! have produced them.
//!
//! A printed number is kept as its digits (`0.038` is 38 thousandths), never
//! as a float, so deciding whether it is an exact value rounded to its
//! decimals is integer arithmetic: for a percentage the exact fraction n/N,
//! for other values the recomputed double (with a tolerance of 10⁻⁹ of a
//! unit of the last printed decimal, so a binary 2.675 still counts as a
//! tie).

use serde::Serialize;

/// How a printed value may have been rounded from the exact one.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half away from zero (what Lenalyze, SPSS and Excel do).
    HalfUp,
    /// Half to even (R's `round`, IEEE).
    HalfEven,
    /// Cut after the last printed decimal.
    Truncation,
}

impl Rounding {
    /// Every rule, in the order they are named.
    pub const ALL: [Rounding; 3] = [Rounding::HalfUp, Rounding::HalfEven, Rounding::Truncation];
}

/// One printed number: `scaled` = value × 10^`decimals`, exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintedNumber {
    /// The value times 10^decimals.
    pub scaled: i128,
    /// Decimals as printed.
    pub decimals: u8,
}

impl PrintedNumber {
    /// The value as a double.
    pub fn value(self) -> f64 {
        self.scaled as f64 / 10f64.powi(i32::from(self.decimals))
    }

    /// The value is a whole number.
    pub fn whole(self) -> Option<u64> {
        (self.decimals == 0 && self.scaled >= 0).then_some(self.scaled as u64)
    }

    /// True when both are the same number (`100` and `100.0`).
    pub fn same_value(self, other: PrintedNumber) -> bool {
        let d = self.decimals.max(other.decimals);
        rescale(self, d) == rescale(other, d)
    }
}

impl std::fmt::Display for PrintedNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.scaled.unsigned_abs().to_string();
        let d = usize::from(self.decimals);
        let padded = format!("{digits:0>width$}", width = d + 1);
        let (int, frac) = padded.split_at(padded.len() - d);
        let sign = if self.scaled < 0 { "\u{2212}" } else { "" };
        if d == 0 {
            write!(f, "{sign}{int}")
        } else {
            write!(f, "{sign}{int}.{frac}")
        }
    }
}

fn rescale(p: PrintedNumber, decimals: u8) -> Option<i128> {
    p.scaled
        .checked_mul(10i128.checked_pow(u32::from(decimals - p.decimals))?)
}

/// A printed figure: its numbers in order, and its shape.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Printed {
    /// The numbers, in reading order.
    pub numbers: Vec<PrintedNumber>,
    /// Printed as a bound: `<0.001`.
    pub less_than: bool,
    /// Has a `/` between its first two numbers (`15/19 (78.9%)`).
    pub slash: bool,
    /// Has a `%` sign.
    pub percent_sign: bool,
}

/// Reads a printed figure: `41.9`, `15 (41.9)`, `15/19 (78.9%)`,
/// `P=0.03`, `<0.001`, `＜0.001`, `66 (46–83)`, `7.2±0.2`, `r=−0.114`.
/// A `-` or `−` is a minus sign only before a digit and not right after one
/// (so `46-83` is a range). `None` when it holds no number.
pub fn parse(text: &str) -> Option<Printed> {
    let mut out = Printed::default();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut previous: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '<' | '＜' | '≤' if out.numbers.is_empty() => out.less_than = true,
            '/' if out.numbers.len() == 1 => out.slash = true,
            '%' => out.percent_sign = true,
            _ => {}
        }
        let minus = matches!(c, '-' | '−')
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && !previous.is_some_and(|p| p.is_ascii_digit());
        if c.is_ascii_digit() || minus {
            let start = if minus { i + 1 } else { i };
            let mut j = start;
            let mut digits = String::new();
            let mut decimals = 0u8;
            let mut seen_point = false;
            while j < chars.len() {
                let d = chars[j];
                if d.is_ascii_digit() {
                    digits.push(d);
                    if seen_point {
                        decimals = decimals.saturating_add(1);
                    }
                } else if d == '.'
                    && !seen_point
                    && chars.get(j + 1).is_some_and(char::is_ascii_digit)
                {
                    seen_point = true;
                } else if d == ',' && !seen_point && thousands_group(&chars, j) {
                    // 1,000: a thousands separator
                } else {
                    break;
                }
                j += 1;
            }
            let scaled: i128 = digits.parse().ok()?;
            out.numbers.push(PrintedNumber {
                scaled: if minus { -scaled } else { scaled },
                decimals,
            });
            previous = chars.get(j - 1).copied();
            i = j;
            continue;
        }
        if !c.is_whitespace() {
            previous = Some(c);
        }
        i += 1;
    }
    // "15 of 19 (78.9%)" is "15/19 (78.9%)".
    if out.numbers.len() == 3 && !out.slash && text.contains(" of ") {
        out.slash = true;
    }
    (!out.numbers.is_empty()).then_some(out)
}

/// A comma followed by exactly three digits and no further digit.
fn thousands_group(chars: &[char], comma: usize) -> bool {
    (1..=3).all(|k| chars.get(comma + k).is_some_and(char::is_ascii_digit))
        && !chars.get(comma + 4).is_some_and(char::is_ascii_digit)
}

/// The exact value a printed number is compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Exact {
    /// A fraction num/den (a percentage is 100·n/N).
    Ratio(u128, u128),
    /// A computed double.
    Float(f64),
}

impl Exact {
    /// A percentage: 100·n/N.
    pub fn percent(n: usize, denominator: usize) -> Exact {
        Exact::Ratio(100 * n as u128, denominator as u128)
    }

    /// As a double.
    pub fn value(self) -> f64 {
        match self {
            Exact::Ratio(n, d) => n as f64 / d as f64,
            Exact::Float(x) => x,
        }
    }

    /// The value rounded to `decimals` by `rule`, times 10^decimals.
    pub fn rounded(self, decimals: u8, rule: Rounding) -> Option<i128> {
        let scale = 10u128.checked_pow(u32::from(decimals))?;
        match self {
            Exact::Ratio(_, 0) => None,
            Exact::Ratio(n, d) => {
                let num = n.checked_mul(scale)?;
                let (q, r) = (num / d, num % d);
                let up = match rule {
                    Rounding::Truncation => false,
                    Rounding::HalfUp => 2 * r >= d,
                    Rounding::HalfEven => 2 * r > d || (2 * r == d && q % 2 == 1),
                };
                i128::try_from(q + u128::from(up)).ok()
            }
            Exact::Float(x) if !x.is_finite() => None,
            Exact::Float(x) => {
                let scaled = x.abs() * scale as f64;
                if scaled > 1e30 {
                    return None;
                }
                let eps = 1e-9;
                let mut low = scaled.floor();
                if scaled - low > 1.0 - eps {
                    low += 1.0;
                }
                let frac = (scaled - low).max(0.0);
                let up = match rule {
                    Rounding::Truncation => false,
                    Rounding::HalfUp => frac >= 0.5 - eps,
                    Rounding::HalfEven => {
                        if (frac - 0.5).abs() < eps {
                            low % 2.0 == 1.0
                        } else {
                            frac > 0.5
                        }
                    }
                };
                let magnitude = (low + if up { 1.0 } else { 0.0 }) as i128;
                Some(if x < 0.0 { -magnitude } else { magnitude })
            }
        }
    }

    /// True when the value is exactly the printed number.
    pub fn equals(self, p: PrintedNumber) -> bool {
        let Some(scale) = 10u128.checked_pow(u32::from(p.decimals)) else {
            return false;
        };
        match self {
            Exact::Ratio(_, 0) => false,
            Exact::Ratio(n, d) => {
                p.scaled >= 0
                    && n.checked_mul(scale)
                        .is_some_and(|num| num % d == 0 && (num / d) as i128 == p.scaled)
            }
            Exact::Float(x) => (x * scale as f64 - p.scaled as f64).abs() < 1e-9,
        }
    }

    /// The rules under which rounding this value to the printed decimals
    /// gives the printed number (empty: none does).
    pub fn rounds_to(self, p: PrintedNumber) -> Vec<Rounding> {
        Rounding::ALL
            .into_iter()
            .filter(|&rule| self.rounded(p.decimals, rule) == Some(p.scaled))
            .collect()
    }
}

/// Counts k = 0…N whose percentage k/N rounds (by any rule) to the printed
/// percentage; empty when no count can give it (the GRIM test of Brown and
/// Heathers, 2017).
pub fn counts_giving_percent(p: PrintedNumber, denominator: usize) -> Vec<usize> {
    (0..=denominator)
        .filter(|&k| !Exact::percent(k, denominator).rounds_to(p).is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> PrintedNumber {
        parse(text).unwrap().numbers[0]
    }

    #[test]
    fn reads_what_papers_print() {
        let p = parse("15/19 (78.9%)").unwrap();
        assert!(p.slash && p.percent_sign && !p.less_than);
        assert_eq!(
            p.numbers.iter().map(|n| n.value()).collect::<Vec<_>>(),
            vec![15.0, 19.0, 78.9]
        );
        let p = parse("＜0.001").unwrap();
        assert!(p.less_than);
        assert_eq!(
            p.numbers[0],
            PrintedNumber {
                scaled: 1,
                decimals: 3
            }
        );
        assert_eq!(parse("P=0.03").unwrap().numbers[0].decimals, 2);
        let range = parse("66 (46–83)").unwrap();
        assert_eq!(range.numbers.len(), 3);
        let hyphen = parse("0-424").unwrap();
        assert_eq!(hyphen.numbers[1].value(), 424.0);
        assert_eq!(parse("r=−0.114").unwrap().numbers[0].value(), -0.114);
        assert_eq!(parse("7.2±0.2").unwrap().numbers.len(), 2);
        assert_eq!(parse("1,000/µL").unwrap().numbers[0].value(), 1000.0);
        assert_eq!(parse("8 (25.8)").unwrap().numbers.len(), 2);
        assert!(parse("15 of 19 responders (78.9%)").unwrap().slash);
        assert_eq!(parse("n.s."), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn prints_back_as_written() {
        assert_eq!(num("0.038").to_string(), "0.038");
        assert_eq!(num("41.9").to_string(), "41.9");
        assert_eq!(num("−0.114").to_string(), "\u{2212}0.114");
        assert_eq!(num("424").to_string(), "424");
    }

    #[test]
    fn same_value_ignores_trailing_zeros() {
        assert!(num("100").same_value(num("100.0")));
        assert!(!num("0.035").same_value(num("0.03")));
    }

    #[test]
    fn percentages_round_from_the_exact_fraction() {
        // 5/31 = 16.129…%: 16.1 by every rule, never 16.2.
        let x = Exact::percent(5, 31);
        assert_eq!(x.rounds_to(num("16.1")), Rounding::ALL.to_vec());
        assert!(x.rounds_to(num("16.2")).is_empty());
        // 1/16 = 6.25% exactly: half-up 6.3, half-even and truncation 6.2.
        let x = Exact::percent(1, 16);
        assert_eq!(x.rounds_to(num("6.3")), vec![Rounding::HalfUp]);
        assert_eq!(
            x.rounds_to(num("6.2")),
            vec![Rounding::HalfEven, Rounding::Truncation]
        );
        // 15/19 = 78.947…%: 78.9 by every rule; truncation to whole 78,
        // half-up and half-even 79.
        let x = Exact::percent(15, 19);
        assert_eq!(x.rounds_to(num("78.9")).len(), 3);
        assert_eq!(x.rounds_to(num("78")), vec![Rounding::Truncation]);
        assert_eq!(x.rounds_to(num("79")).len(), 2);
        assert!(Exact::percent(31, 31).equals(num("100")));
        assert!(Exact::percent(0, 31).equals(num("0")));
        assert!(!Exact::percent(5, 31).equals(num("16.1")));
    }

    #[test]
    fn doubles_round_with_ties_seen_through_binary_error() {
        // 2.675 is stored as 2.67499999…: still a tie, so half up and half
        // to even (7 is odd) give 2.68, truncation 2.67; 2.665 half to even
        // gives 2.66.
        let x = Exact::Float(2.675);
        assert_eq!(
            x.rounds_to(num("2.68")),
            vec![Rounding::HalfUp, Rounding::HalfEven]
        );
        assert_eq!(x.rounds_to(num("2.67")), vec![Rounding::Truncation]);
        assert_eq!(
            Exact::Float(2.665).rounds_to(num("2.66")),
            vec![Rounding::HalfEven, Rounding::Truncation]
        );
        // Fisher two-sided p of the dose-reduction table, 0.0346262…: 0.03
        // at two decimals by every rule, 0.035 at three (not by truncation).
        let p = Exact::Float(0.0346262433218955);
        assert_eq!(p.rounds_to(num("0.03")).len(), 3);
        assert_eq!(
            p.rounds_to(num("0.035")),
            vec![Rounding::HalfUp, Rounding::HalfEven]
        );
        assert!(p.rounds_to(num("0.034")) == vec![Rounding::Truncation]);
        assert_eq!(
            Exact::Float(-0.1125).rounds_to(num("-0.113")),
            vec![Rounding::HalfUp]
        );
        assert!(Exact::Float(f64::NAN).rounds_to(num("1")).is_empty());
    }

    #[test]
    fn grim_counts() {
        // 16.2% of 31: 5/31 = 16.13, 6/31 = 19.35: no count gives it.
        assert!(counts_giving_percent(num("16.2"), 31).is_empty());
        // 41.9% of 31 is 13 (13/31 = 41.935…).
        assert_eq!(counts_giving_percent(num("41.9"), 31), vec![13]);
        assert_eq!(counts_giving_percent(num("25.8"), 31), vec![8]);
    }
}
