//! The study's lab windows: which nominal week a dated lab value counts
//! for (crf-v1 "Long sheets").

use crate::date::Date;
use crate::schema::LAB_WEEKS;

/// Nominal-week window half-width in days (crf-v1 "Long sheets").
fn window_days(week: u32) -> i32 {
    match week {
        4 | 8 => 4,
        12 | 16 => 7,
        _ => 14,
    }
}

/// The nominal week a lab date falls in, with its distance from the nominal
/// day; week 0 is the 14 days up to and including start (closest = latest).
pub fn assign_week(start: Date, date: Date) -> Option<(u32, i32)> {
    let day = date.days() - start.days();
    if (-14..=0).contains(&day) {
        return Some((0, -day));
    }
    LAB_WEEKS.iter().filter(|&&w| w > 0).find_map(|&w| {
        let nominal = 7 * w as i32;
        let distance = (day - nominal).abs();
        (distance <= window_days(w)).then_some((w, distance))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        let p: Vec<i32> = s.split('-').map(|x| x.parse().unwrap()).collect();
        Date::from_ymd(p[0], p[1] as u32, p[2] as u32).unwrap()
    }

    #[test]
    fn windows() {
        let start = d("2019-01-01");
        assert_eq!(assign_week(start, d("2019-01-01")), Some((0, 0)));
        assert_eq!(assign_week(start, d("2018-12-18")), Some((0, 14)));
        assert_eq!(assign_week(start, d("2018-12-17")), None);
        assert_eq!(assign_week(start, d("2019-01-29")), Some((4, 0)));
        assert_eq!(assign_week(start, d("2019-02-02")), Some((4, 4)));
        assert_eq!(assign_week(start, d("2019-02-03")), None);
        assert_eq!(assign_week(start, d("2019-03-26")), Some((12, 0)));
        assert_eq!(assign_week(start, d("2019-04-02")), Some((12, 7)));
        assert_eq!(assign_week(start, d("2019-04-16")), Some((16, 7)));
        assert_eq!(assign_week(start, d("2019-06-04")), Some((24, 14)));
        assert_eq!(assign_week(start, d("2019-01-02")), None);
    }
}
