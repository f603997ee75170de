//! CTCAE v5.0 grades of the four blood-count adverse events, derived from
//! every laboratory value rather than read from the site's `ae_*` columns.
//!
//! Source: NCI Common Terminology Criteria for Adverse Events v5.0 (27 Nov
//! 2017), "Investigations" and "Blood and lymphatic system disorders":
//!
//! | term | grade 1 | grade 2 | grade 3 | grade 4 |
//! |---|---|---|---|---|
//! | anemia (Hb, g/dL) | < LLN – 10.0 | < 10.0 – 8.0 | < 8.0 | life-threatening (no lab value) |
//! | neutrophil count decreased (/µL) | < LLN – 1,500 | < 1,500 – 1,000 | < 1,000 – 500 | < 500 |
//! | platelet count decreased (/µL) | < LLN – 75,000 | < 75,000 – 50,000 | < 50,000 – 25,000 | < 25,000 |
//! | lymphocyte count decreased (/µL) | < LLN – 800 | < 800 – 500 | < 500 – 200 | < 200 |
//!
//! Checked (with the search tool) against the CTCAE v5.0 text as
//! transcribed in pharmaverse/admiral `data-raw/adlb_grading/
//! ncictcaev5_uscv.json` (terms "Anemia", "Neutrophil count decreased",
//! "Platelet count decreased", "Lymphocyte count decreased"; its grading
//! code reads the bands the same way: `AVAL < 1500 ~ "2"`), and against
//! `/work/shared/derivations.md`. Each band includes its lower bound and
//! excludes its upper bound ("< 10.0 – 8.0" is 8.0 ≤ Hb < 10.0), so a value
//! exactly on a bound belongs to the milder grade: Hb 10.0 is grade 1, Hb
//! 8.0 grade 2, ANC 500 grade 3.
//!
//! The lower limit of normal (LLN) is the laboratory's, so it is a setting
//! ([`CtcaeSettings`]). An LLN at or below a grade's upper bound makes that
//! grade impossible (with an ANC LLN of 1,500, no value is both below normal
//! and ≥ 1,500); [`CtcaeSettings::impossible_grades`] says so for the report.
//! Anemia grade 4 is defined clinically ("life-threatening consequences;
//! urgent intervention indicated"), not by a value, so a lab value never
//! derives it; grade 5 (death) likewise.
//!
//! What counts as "on treatment" ([`worst_on_treatment`]): values strictly
//! after `start_date` up to the end of treatment, plus an optional number of
//! days after a `stop_date` (default 0: the CRF's `ae_*` columns record the
//! worst grade "during treatment", so the derived grade is comparable; 30 is
//! the common treatment-emergent convention). Values on or before
//! `start_date` are the baseline: MDS patients start cytopenic, so a low
//! count then is disease, not toxicity, and the [`ShiftTable`] shows worst
//! grade by baseline grade.

use super::TreatmentPeriod;
use crate::date::Date;
use crate::model::Sex;
use serde::{Deserialize, Serialize};

/// A blood count that CTCAE grades.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lab {
    /// Hemoglobin, g/dL (anemia).
    Hemoglobin,
    /// Absolute neutrophil count, per µL (neutrophil count decreased).
    Neutrophils,
    /// Platelets, per µL (platelet count decreased).
    Platelets,
    /// Absolute lymphocyte count, per µL (lymphocyte count decreased).
    Lymphocytes,
}

impl Lab {
    /// All four, in the order of the CRF's lab columns (hb, anc, plt, alc).
    pub const ALL: [Lab; 4] = [
        Lab::Hemoglobin,
        Lab::Neutrophils,
        Lab::Platelets,
        Lab::Lymphocytes,
    ];

    /// The CRF's adverse-event column this count's grade is recorded in
    /// (`ae_<term>`): a column identifier, not reader text.
    pub fn ae_term(self) -> &'static str {
        match self {
            Lab::Hemoglobin => "anemia",
            Lab::Neutrophils => "neutropenia",
            Lab::Platelets => "thrombocytopenia",
            Lab::Lymphocytes => "lymphopenia",
        }
    }

    /// Whether a recorded `ae_<term>` grade (0–5) could come from a lab
    /// value at all: anemia grade 4 and any grade 5 are clinical judgements
    /// (life-threatening, death), so a recorded 4 for anemia or a 5 is not
    /// a disagreement with the labs but beyond them.
    pub fn derivable_grade(self, recorded: u8) -> bool {
        match self {
            Lab::Hemoglobin => recorded <= 3,
            _ => recorded <= 4,
        }
    }

    /// Lower bounds of grades 1, 2 and 3 (a value at or above the bound of
    /// grade g and below the next-milder bound has grade g); values below
    /// the grade-3 bound are grade 4, except for anemia, whose grade 3 has
    /// no lower bound. CTCAE v5.0 (see the module docs).
    fn bounds(self) -> [f64; 3] {
        match self {
            Lab::Hemoglobin => [10.0, 8.0, f64::NEG_INFINITY],
            Lab::Neutrophils => [1500.0, 1000.0, 500.0],
            Lab::Platelets => [75_000.0, 50_000.0, 25_000.0],
            Lab::Lymphocytes => [800.0, 500.0, 200.0],
        }
    }
}

/// Lower limits of normal, and which values count as on treatment.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CtcaeSettings {
    /// LLN of hemoglobin for women, g/dL (default 12.0, the WHO anemia
    /// threshold).
    pub lln_hb_female_g_dl: f64,
    /// LLN of hemoglobin for men, g/dL (default 13.0, the WHO anemia
    /// threshold).
    pub lln_hb_male_g_dl: f64,
    /// LLN of the absolute neutrophil count per µL (default 2,000).
    pub lln_anc_per_ul: f64,
    /// LLN of platelets per µL (default 150,000).
    pub lln_platelets_per_ul: f64,
    /// LLN of the absolute lymphocyte count per µL (default 1,000).
    pub lln_alc_per_ul: f64,
    /// Days after `stop_date` whose values still count as on treatment
    /// (default 0: strictly during treatment, as the CRF's `ae_*` columns).
    pub days_after_stop: i32,
    /// Days before `start_date` in which the last value is the baseline
    /// (default 14, the CRF's week-0 window).
    pub baseline_lookback_days: i32,
}

impl Default for CtcaeSettings {
    fn default() -> Self {
        CtcaeSettings {
            lln_hb_female_g_dl: 12.0,
            lln_hb_male_g_dl: 13.0,
            lln_anc_per_ul: 2000.0,
            lln_platelets_per_ul: 150_000.0,
            lln_alc_per_ul: 1000.0,
            days_after_stop: 0,
            baseline_lookback_days: 14,
        }
    }
}

impl CtcaeSettings {
    /// The LLN of a count. Hemoglobin's depends on sex; with sex unknown the
    /// lower (women's) limit is used, so no value is called abnormal that
    /// would be normal for either sex.
    pub fn lln(&self, lab: Lab, sex: Option<Sex>) -> f64 {
        match lab {
            Lab::Hemoglobin => match sex {
                Some(Sex::Male) => self.lln_hb_male_g_dl,
                Some(Sex::Female) => self.lln_hb_female_g_dl,
                None => self.lln_hb_female_g_dl.min(self.lln_hb_male_g_dl),
            },
            Lab::Neutrophils => self.lln_anc_per_ul,
            Lab::Platelets => self.lln_platelets_per_ul,
            Lab::Lymphocytes => self.lln_alc_per_ul,
        }
    }

    /// Grades that no value can reach with this LLN: grade 1 when the LLN
    /// is at or below grade 1's lower bound (nothing lies between), and so
    /// on down. Empty with the default LLNs.
    pub fn impossible_grades(&self, lab: Lab, sex: Option<Sex>) -> Vec<Grade> {
        let lln = self.lln(lab, sex);
        let b = lab.bounds();
        [Grade::G1, Grade::G2, Grade::G3]
            .into_iter()
            .zip(b)
            .filter(|&(_, lower)| lln <= lower)
            .map(|(g, _)| g)
            .collect()
    }
}

/// A CTCAE grade derived from a value: 0 (not below normal) to 4.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Grade {
    /// At or above the LLN: no adverse event.
    G0,
    /// Grade 1.
    G1,
    /// Grade 2.
    G2,
    /// Grade 3.
    G3,
    /// Grade 4.
    G4,
}

impl Grade {
    /// All grades, mildest first.
    pub const ALL: [Grade; 5] = [Grade::G0, Grade::G1, Grade::G2, Grade::G3, Grade::G4];

    /// The grade as a number 0–4.
    pub fn number(self) -> u8 {
        self as u8
    }
}

impl From<Grade> for u8 {
    fn from(g: Grade) -> u8 {
        g.number()
    }
}

impl TryFrom<u8> for Grade {
    type Error = &'static str;
    fn try_from(n: u8) -> Result<Grade, Self::Error> {
        Grade::ALL.get(n as usize).copied().ok_or("grade 0-4")
    }
}

/// The CTCAE v5.0 grade of one value, or `None` when the value is not a
/// finite non-negative number (it is then left out, never graded 0).
pub fn grade(lab: Lab, value: f64, lln: f64) -> Option<Grade> {
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    if value >= lln {
        return Some(Grade::G0);
    }
    let [b1, b2, b3] = lab.bounds();
    Some(if value >= b1 {
        Grade::G1
    } else if value >= b2 {
        Grade::G2
    } else if value >= b3 {
        Grade::G3
    } else {
        Grade::G4
    })
}

/// A graded value: the worst one on treatment, or the baseline one.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GradedValue {
    /// The grade.
    pub grade: Grade,
    /// The value graded.
    pub value: f64,
    /// Its date.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub date: Date,
}

/// The worst grade of the values on treatment (see the module docs for the
/// window), with its value and date (the earliest when several share it,
/// and the lowest value of that grade); `None` when no value falls in the
/// window, so "not assessed" never reads as grade 0.
pub fn worst_on_treatment(
    lab: Lab,
    values: &[(Date, f64)],
    period: &TreatmentPeriod,
    lln: f64,
    settings: &CtcaeSettings,
) -> Option<GradedValue> {
    let last = if period.stopped {
        period.end.days() + settings.days_after_stop.max(0)
    } else {
        period.end.days()
    };
    let mut worst: Option<GradedValue> = None;
    for &(date, value) in values {
        if date.days() <= period.start.days() || date.days() > last {
            continue;
        }
        let Some(g) = grade(lab, value, lln) else {
            continue;
        };
        let candidate = GradedValue {
            grade: g,
            value,
            date,
        };
        worst = Some(match worst {
            None => candidate,
            Some(w) if (g, -value, -date.days()) > (w.grade, -w.value, -w.date.days()) => candidate,
            Some(w) => w,
        });
    }
    worst
}

/// The baseline grade: the last value on or before `start_date` within
/// `baseline_lookback_days`; `None` when there is none.
pub fn baseline(
    lab: Lab,
    values: &[(Date, f64)],
    start: Date,
    lln: f64,
    settings: &CtcaeSettings,
) -> Option<GradedValue> {
    let first = start.days() - settings.baseline_lookback_days.max(0);
    values
        .iter()
        .filter(|(d, v)| d.days() <= start.days() && d.days() >= first && v.is_finite())
        .filter_map(|&(date, value)| {
            grade(lab, value, lln).map(|grade| GradedValue { grade, value, date })
        })
        .max_by_key(|g| g.date)
}

/// Dated values from the wide week columns (`hb_w4` …): week N is dated
/// `start_date` + 7·N, so week 0 is the start date and counts as baseline.
pub fn week_values(start: Date, weeks: &[(u32, f64)]) -> Vec<(Date, f64)> {
    weeks
        .iter()
        .map(|&(w, v)| (Date::from_days(start.days() + 7 * w as i32), v))
        .collect()
}

/// Patients by baseline grade (rows) and worst grade on treatment
/// (columns), for one count. Index 0–4 is the grade; index 5 counts
/// patients without a value (no baseline value, or none on treatment).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShiftTable {
    /// The count.
    pub lab: Lab,
    /// `counts[baseline][worst]`; index 5 is "no value".
    pub counts: [[u32; 6]; 6],
}

impl ShiftTable {
    /// Index of the "no value" row and column.
    pub const NOT_ASSESSED: usize = 5;

    /// An empty table.
    pub fn new(lab: Lab) -> Self {
        ShiftTable {
            lab,
            counts: [[0; 6]; 6],
        }
    }

    /// Counts one patient.
    pub fn add(&mut self, baseline: Option<Grade>, worst: Option<Grade>) {
        let i = baseline.map_or(Self::NOT_ASSESSED, |g| g.number() as usize);
        let j = worst.map_or(Self::NOT_ASSESSED, |g| g.number() as usize);
        self.counts[i][j] += 1;
    }

    /// The table of many patients' (baseline, worst) grades.
    pub fn from_pairs(
        lab: Lab,
        pairs: impl IntoIterator<Item = (Option<Grade>, Option<Grade>)>,
    ) -> Self {
        let mut t = ShiftTable::new(lab);
        for (b, w) in pairs {
            t.add(b, w);
        }
        t
    }

    /// Patients counted.
    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum()
    }

    /// Patients whose worst grade on treatment is worse than at baseline
    /// (both known): the treatment-emergent worsening.
    pub fn worsened(&self) -> u32 {
        (0..5)
            .flat_map(|i| (i + 1..5).map(move |j| (i, j)))
            .map(|(i, j)| self.counts[i][j])
            .sum()
    }
}

#[cfg(test)]
#[path = "ctcae_tests.rs"]
mod tests;
