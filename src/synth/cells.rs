//! A drawn course written as cells, the way its site writes them.
//!
//! Each site has a habit ([`Style`]): how it spells yes/no and sex, which
//! separator its dates use, whether it writes schedules as text or codes,
//! whether a grade-0 adverse event is `0` or left empty. A few cells break
//! their site's habit (another accepted spelling), and optional cells are
//! sometimes empty or an explicit unknown — the mess the ingest must read.

use super::patient::{lab_index, Course, Cycle, Regimen, Response, StopReason};
use super::rng::Rng;
use super::Column;
use crate::date::Date;
use crate::schema::{Requirement, IPSS, IPSS_R, WHO_CLASS};

/// A cell as the writers receive it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Not recorded.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date, with the separator its site writes (`-`, `/` or `.`).
    Date(Date, char),
}

/// Yes/no spellings accepted by crf-v1, one pair per site habit.
const YES_NO: [(&str, &str); 5] = [
    ("Y", "N"),
    ("Yes", "No"),
    ("1", "0"),
    ("yes", "no"),
    ("예", "아니오"),
];

/// Sex spellings (female, male).
const SEX: [(&str, &str); 4] = [
    ("F", "M"),
    ("female", "male"),
    ("여", "남"),
    ("Female", "Male"),
];

/// Explicitly-unknown words of crf-v1.
const UNKNOWN: [&str; 5] = ["NA", "N/A", "unknown", "UK", "-"];

/// Date separators: ISO, and the slash and dot forms of it.
const DATE_SEPARATORS: [char; 3] = ['-', '/', '.'];

/// How one site writes its cells.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    yes_no: usize,
    sex: usize,
    date_separator: char,
    schedule_codes: bool,
    zero_grade_empty: bool,
}

impl Style {
    /// The habit of site `site` (fixed per site, not drawn).
    pub fn of_site(site: usize) -> Style {
        Style {
            yes_no: site % YES_NO.len(),
            sex: (site / 2) % SEX.len(),
            date_separator: DATE_SEPARATORS[(site / 3) % DATE_SEPARATORS.len()],
            schedule_codes: site % 4 == 3,
            zero_grade_empty: site % 3 == 1,
        }
    }
}

/// Writes a course as cells, one per column. `rng` adds the per-cell mess.
pub fn patient_row(course: &Course, columns: &[Column], rng: &mut Rng) -> Vec<Cell> {
    let style = Style::of_site(course.site);
    columns
        .iter()
        .map(|column| {
            let cell = match column {
                Column::Fixed(spec) => fixed(course, spec.name, &style, rng),
                Column::Lab(kind, w) => number_or_empty(course.labs[lab_index(*kind)][*w]),
                Column::Ae(t) => grade(course.ae_grades[*t], &style),
            };
            let optional = match column {
                Column::Fixed(spec) => spec.requirement == Requirement::Optional,
                Column::Lab(_, w) => *w > 0,
                Column::Ae(_) => false,
            };
            if optional && cell != Cell::Empty {
                missing(cell, rng)
            } else {
                cell
            }
        })
        .collect()
}

/// Leaves about 3 % of present optional cells empty and 1 % unknown.
fn missing(cell: Cell, rng: &mut Rng) -> Cell {
    let roll = rng.unit();
    if roll < 0.03 {
        Cell::Empty
    } else if roll < 0.04 {
        Cell::Text(UNKNOWN[rng.below(UNKNOWN.len() as u64) as usize].into())
    } else {
        cell
    }
}

/// The cell of a fixed column, by the column's schema name; a column the
/// generator does not draw is written empty.
fn fixed(c: &Course, name: &str, style: &Style, rng: &mut Rng) -> Cell {
    let date = |d: Date| Cell::Date(d, style.date_separator);
    let number = |x: f64| Cell::Number(x);
    match name {
        "patient_id" => Cell::Text(c.id.clone()),
        "site" => Cell::Text(super::SITES[c.site].into()),
        "sex" => {
            let (f, m) = SEX[style.sex];
            Cell::Text(if c.female { f } else { m }.into())
        }
        "age" => number(f64::from(c.age)),
        // Most sites record the age; one in three also the birth date.
        "birth_date" if c.site % 3 == 0 => date(c.birth_date),
        "height_cm" => number(c.height_cm),
        "weight_kg" => number(c.weight_kg),
        "diagnosis_date" => date(c.diagnosis),
        "who_class" => Cell::Text(category(WHO_CLASS, c.who, rng)),
        "ipss" => Cell::Text(category(IPSS, c.ipss, rng)),
        "ipss_r" => Cell::Text(category(IPSS_R, c.ipss_r, rng)),
        "karyotype" => Cell::Text(c.karyotype.clone()),
        // Half the sites count the abnormalities themselves.
        "additional_abnormalities" if c.site % 2 == 0 => number(f64::from(c.additional)),
        "chr7_abnormality" if c.site % 2 == 0 => yes_no(c.chr7, style, rng),
        "td_at_diagnosis" => yes_no(c.td_at_diagnosis, style, rng),
        "rbc_units_8wk" => number(f64::from(c.rbc_units_8wk)),
        "rbc_units_6mo" => number(f64::from(c.rbc_units_6mo)),
        "prior_esa" => yes_no(c.prior_esa.is_some(), style, rng),
        "prior_esa_ti" => c.prior_esa.map_or(Cell::Empty, |b| yes_no(b, style, rng)),
        "start_date" => date(c.start),
        "start_dose_mg" => number(f64::from(c.start_regimen.dose_mg)),
        "start_schedule" => Cell::Text(schedule(c.start_regimen, style)),
        "response" => Cell::Text(
            match c.response {
                Response::RbcTi => "RBC-TI",
                Response::Minor => "HI-E minor",
                Response::None => "none",
                Response::NotEvaluable => "NE",
            }
            .into(),
        ),
        "response_date" => c.response_date.map_or(Cell::Empty, date),
        "dose_reduced" => yes_no(c.reduced_on.is_some(), style, rng),
        "dose_interrupted" => yes_no(c.interrupted, style, rng),
        "final_dose_mg" => number(f64::from(c.final_regimen.dose_mg)),
        "final_schedule" => Cell::Text(schedule(c.final_regimen, style)),
        "stop_date" => c.stop.map_or(Cell::Empty, |(d, _)| date(d)),
        "stop_reason" => c.stop.map_or(Cell::Empty, |(_, r)| {
            Cell::Text(
                match r {
                    StopReason::NoResponse => "no response",
                    StopReason::Toxicity => "toxicity",
                    StopReason::AmlProgression => "AML progression",
                    StopReason::PatientChoice => "patient choice",
                    StopReason::Other => "other",
                }
                .into(),
            )
        }),
        "last_followup_date" => date(c.last_followup),
        "vital_status" => Cell::Text(if c.dead { "dead" } else { "alive" }.into()),
        "death_date" if c.dead => date(c.last_followup),
        "aml_date" => c.aml.map_or(Cell::Empty, date),
        // crf v1.1: drawn here, written once the schema lists them.
        "bm_blasts_pct" => number(c.bm_blasts_pct),
        "hb_dx" => number(c.at_diagnosis[0]),
        "anc_dx" => number(c.at_diagnosis[1]),
        "plt_dx" => number(c.at_diagnosis[2]),
        _ => Cell::Empty,
    }
}

/// Yes or no in the site's spelling; one cell in fifty breaks the habit.
fn yes_no(b: bool, style: &Style, rng: &mut Rng) -> Cell {
    let form = if rng.chance(0.02) {
        rng.below(YES_NO.len() as u64) as usize
    } else {
        style.yes_no
    };
    let (y, n) = YES_NO[form];
    Cell::Text(if b { y } else { n }.into())
}

/// A category's canonical spelling, or (one time in twenty) one of its
/// accepted variants.
fn category(categories: &[crate::schema::Category], index: usize, rng: &mut Rng) -> String {
    let cat = &categories[index.min(categories.len() - 1)];
    if !cat.variants.is_empty() && rng.chance(0.05) {
        cat.variants[rng.below(cat.variants.len() as u64) as usize].to_string()
    } else {
        cat.canonical.to_string()
    }
}

/// A regimen as Table 4 words it, or as a code.
pub fn schedule(r: Regimen, style: &Style) -> String {
    match (style.schedule_codes, r.cycle) {
        (true, Cycle::Daily) => "QD".into(),
        (true, Cycle::ThreeWeeksOfFour) => "QD 21/28".into(),
        (true, Cycle::EveryOtherDay) => "QOD".into(),
        (false, Cycle::Daily) => format!("{} mg once daily", r.dose_mg),
        (false, Cycle::ThreeWeeksOfFour) => {
            format!("{} mg once daily for 3 wk, 1-wk rest", r.dose_mg)
        }
        (false, Cycle::EveryOtherDay) => format!("{} mg once every other day", r.dose_mg),
    }
}

fn number_or_empty(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, Cell::Number)
}

fn grade(g: u8, style: &Style) -> Cell {
    if g == 0 && style.zero_grade_empty {
        Cell::Empty
    } else {
        Cell::Number(f64::from(g))
    }
}
