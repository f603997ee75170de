//! Table 1: patient characteristics of the safety population.

use super::values::{Count, Describe, Missing};
use crate::model::{Obs, Patient, Sex};
use crate::schema::{self, LabKind};
use serde::Serialize;

/// One row of Table 1.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Row {
    /// A categorical variable: one count per level, in clinical order.
    Categorical {
        /// Variable.
        label: String,
        /// Levels and counts (zero rows included).
        levels: Vec<(String, Count)>,
        /// Missing values.
        missing: Missing,
    },
    /// A continuous variable.
    Continuous {
        /// Variable.
        label: String,
        /// Unit.
        unit: String,
        /// Statistics.
        describe: Describe,
        /// What the table shows: `median_range`, `mean_sem`, or both.
        show: Vec<&'static str>,
    },
}

/// Table 1.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table1 {
    /// Population.
    pub population: &'static str,
    /// N.
    pub n: usize,
    /// Rows in order.
    pub rows: Vec<Row>,
}

fn yes_count(pats: &[&Patient], f: impl Fn(&Patient) -> &Obs<bool>) -> (Count, Missing) {
    let missing = Missing::of(pats.iter().map(|p| f(p)));
    let n = pats.iter().filter(|p| f(p).get() == Some(true)).count();
    (Count::new(n, pats.len(), missing.total), missing)
}

fn categorical(
    label: &str,
    pats: &[&Patient],
    order: &[&str],
    f: impl Fn(&Patient) -> &Obs<String>,
) -> Row {
    let missing = Missing::of(pats.iter().map(|p| f(p)));
    let mut levels: Vec<(String, Count)> = order
        .iter()
        .map(|level| {
            let n = pats
                .iter()
                .filter(|p| f(p).known().map(String::as_str) == Some(level))
                .count();
            (level.to_string(), Count::new(n, pats.len(), missing.total))
        })
        .collect();
    // Wording Lenalyze does not recognize is listed after the known levels.
    let mut others: Vec<String> = pats
        .iter()
        .filter_map(|p| f(p).known().cloned())
        .filter(|v| !order.contains(&v.as_str()))
        .collect();
    others.sort();
    others.dedup();
    for other in others {
        let n = pats.iter().filter(|p| f(p).known() == Some(&other)).count();
        levels.push((other, Count::new(n, pats.len(), missing.total)));
    }
    Row::Categorical {
        label: label.into(),
        levels,
        missing,
    }
}

fn continuous(
    label: &str,
    unit: &str,
    pats: &[&Patient],
    show: Vec<&'static str>,
    f: impl Fn(&Patient) -> Option<f64>,
    missing: Missing,
) -> Row {
    let values: Vec<f64> = pats.iter().filter_map(|p| f(p)).collect();
    let missing = if missing.total == 0 {
        Missing::total(pats.len() - values.len())
    } else {
        missing
    };
    Row::Continuous {
        label: label.into(),
        unit: unit.into(),
        describe: Describe::of(&values, missing),
        show,
    }
}

/// Transfusion dependent at start: 8-week units > 0 and 6-month units > 8;
/// unknown if either is missing.
pub fn td_at_start(p: &Patient) -> Obs<bool> {
    match (p.rbc_units_8wk.get(), p.rbc_units_6mo.get()) {
        (Some(w), Some(m)) => Obs::Known(w > 0.0 && m > 8.0),
        (Some(w), _) if w <= 0.0 => Obs::Known(false),
        (_, Some(m)) if m <= 8.0 => Obs::Known(false),
        _ => Obs::Empty,
    }
}

/// Builds Table 1.
pub fn build(pats: &[&Patient]) -> Table1 {
    let n = pats.len();
    let names = |cats: &[schema::Category]| cats.iter().map(|c| c.canonical).collect::<Vec<_>>();
    let mut rows = Vec::new();
    rows.push(continuous(
        "Age at lenalidomide start",
        "years",
        pats,
        vec!["median_range"],
        |p| p.age.get(),
        Missing::of(pats.iter().map(|p| &p.age)),
    ));
    let sex_missing = Missing::of(pats.iter().map(|p| &p.sex));
    let sex_level = |s: Sex| {
        Count::new(
            pats.iter().filter(|p| p.sex.get() == Some(s)).count(),
            n,
            sex_missing.total,
        )
    };
    rows.push(Row::Categorical {
        label: "Sex".into(),
        levels: vec![
            ("Male".into(), sex_level(Sex::Male)),
            ("Female".into(), sex_level(Sex::Female)),
        ],
        missing: sex_missing,
    });
    let weeks = |p: &Patient| {
        Some((p.start_date.get()?.days() - p.diagnosis_date.get()?.days()) as f64 / 7.0)
    };
    rows.push(continuous(
        "Time from MDS diagnosis to lenalidomide start",
        "weeks",
        pats,
        vec!["median_range"],
        weeks,
        Missing::of(pats.iter().map(|p| &p.diagnosis_date)),
    ));
    let (td_dx, td_dx_missing) = yes_count(pats, |p| &p.td_at_diagnosis);
    let td_start: Vec<Obs<bool>> = pats.iter().map(|p| td_at_start(p)).collect();
    let td_start_missing = Missing::of(td_start.iter());
    let td_start_n = td_start.iter().filter(|o| o.get() == Some(true)).count();
    rows.push(Row::Categorical {
        label: "RBC transfusion dependence".into(),
        levels: vec![
            ("At MDS diagnosis".into(), td_dx),
            (
                "At lenalidomide start".into(),
                Count::new(td_start_n, n, td_start_missing.total),
            ),
        ],
        missing: Missing::total(td_dx_missing.total.max(td_start_missing.total)),
    });
    let karyo_missing = Missing::of(pats.iter().map(|p| &p.additional_abnormalities));
    let karyo = |lo: u32, hi: u32| {
        Count::new(
            pats.iter()
                .filter(|p| {
                    p.additional_abnormalities
                        .get()
                        .is_some_and(|a| a >= lo && a <= hi)
                })
                .count(),
            n,
            karyo_missing.total,
        )
    };
    rows.push(Row::Categorical {
        label: "Karyotype".into(),
        levels: vec![
            ("Isolated del(5q)".into(), karyo(0, 0)),
            ("del(5q) + 1 additional abnormality".into(), karyo(1, 1)),
            (
                "del(5q) + 2 or more additional abnormalities".into(),
                karyo(2, u32::MAX),
            ),
        ],
        missing: karyo_missing,
    });
    rows.push(categorical(
        "WHO classification",
        pats,
        &names(schema::WHO_CLASS),
        |p| &p.who_class,
    ));
    rows.push(categorical("IPSS", pats, &names(schema::IPSS), |p| &p.ipss));
    rows.push(categorical("IPSS-R", pats, &names(schema::IPSS_R), |p| {
        &p.ipss_r
    }));
    let hb_missing = Missing::total(
        pats.iter()
            .filter(|p| p.lab(LabKind::Hb, 0).is_none())
            .count(),
    );
    rows.push(continuous(
        "Baseline hemoglobin",
        "g/dL",
        pats,
        vec!["median_range", "mean_sem"],
        |p| p.lab(LabKind::Hb, 0),
        hb_missing,
    ));
    rows.push(continuous(
        "RBC units in the 8 weeks before start",
        "units",
        pats,
        vec!["median_range", "mean_sem"],
        |p| p.rbc_units_8wk.get(),
        Missing::of(pats.iter().map(|p| &p.rbc_units_8wk)),
    ));
    let (esa, esa_missing) = yes_count(pats, |p| &p.prior_esa);
    let esa_patients: Vec<&Patient> = pats
        .iter()
        .copied()
        .filter(|p| p.prior_esa.get() == Some(true))
        .collect();
    let (esa_ti, _) = yes_count(&esa_patients, |p| &p.prior_esa_ti);
    rows.push(Row::Categorical {
        label: "Prior ESA".into(),
        levels: vec![
            ("Treated with ESA".into(), esa),
            ("RBC-TI on ESA (of those treated)".into(), esa_ti),
        ],
        missing: esa_missing,
    });
    Table1 {
        population: "safety",
        n,
        rows,
    }
}
