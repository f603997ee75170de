//! Calendar dates as day numbers.
//!
//! The study only needs whole days (days on treatment, lab windows), so a date
//! is the number of days since 1970-01-01. Converting to and from the civil
//! calendar uses Howard Hinnant's `days_from_civil` algorithm, exact for the
//! proleptic Gregorian calendar; a few lines here spare a date-time dependency
//! in the wasm payload.

use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar date, stored as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The date for a year, month (1–12) and day (1–31), or `None` when no
    /// such day exists (e.g. 2019-02-30) or the year is outside 1800–2200.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1800..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// The date from days since 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// The date of an Excel serial day number (1900 date system, including
    /// Excel's phantom 1900-02-29), or `None` when out of the plausible range.
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        if !serial.is_finite() || !(1.0..=200_000.0).contains(&serial) {
            return None;
        }
        let whole = serial.floor() as i32;
        // Serial 25569 is 1970-01-01; serials before 61 predate Excel's
        // phantom leap day and are one day off.
        let days = if whole < 61 {
            whole - 25_568
        } else {
            whole - 25_569
        };
        Some(Date(days))
    }

    /// Completed years from `self` to `later` (age on a birthday counts).
    pub fn whole_years_until(self, later: Date) -> i32 {
        let (y1, m1, d1) = self.ymd();
        let (y2, m2, d2) = later.ymd();
        let mut years = y2 - y1;
        if (m2, d2) < (m1, d1) {
            years -= 1;
        }
        years
    }
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in -50_000..80_000 {
            let d = Date::from_days(days);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(d), "{days}");
        }
        assert_eq!(Date::from_ymd(1970, 1, 1).map(Date::days), Some(0));
        assert_eq!(
            Date::from_ymd(2019, 5, 31)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2019-05-31")
        );
        assert_eq!(Date::from_ymd(2019, 2, 29), None);
        assert!(Date::from_ymd(2020, 2, 29).is_some());
    }

    #[test]
    fn excel_serials() {
        // Excel shows 43616 as 2019-05-31 and 1 as 1900-01-01.
        assert_eq!(
            Date::from_excel_serial(43616.0)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2019-05-31")
        );
        assert_eq!(
            Date::from_excel_serial(1.0)
                .map(|d| d.to_string())
                .as_deref(),
            Some("1900-01-01")
        );
        assert_eq!(
            Date::from_excel_serial(61.0)
                .map(|d| d.to_string())
                .as_deref(),
            Some("1900-03-01")
        );
        assert_eq!(Date::from_excel_serial(f64::NAN), None);
    }

    #[test]
    fn completed_years() {
        let birth = Date::from_ymd(1950, 6, 15).unwrap();
        assert_eq!(
            birth.whole_years_until(Date::from_ymd(2019, 6, 14).unwrap()),
            68
        );
        assert_eq!(
            birth.whole_years_until(Date::from_ymd(2019, 6, 15).unwrap()),
            69
        );
    }
}
