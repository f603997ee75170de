//! Table 1: patient characteristics of the safety population.

use super::values::{Count, Describe, Missing};
use crate::model::{Obs, Patient, Sex};
use crate::schema::{self, LabKind};
use serde::Serialize;

/// A variable of Table 1, in the plan's order.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variable {
    /// Age at lenalidomide start.
    Age,
    /// Sex.
    Sex,
    /// Time from MDS diagnosis to lenalidomide start.
    DiagnosisToStart,
    /// RBC transfusion dependence at diagnosis and at start.
    TransfusionDependence,
    /// Karyotype: del(5q) with 0, 1, 2+ additional abnormalities.
    Karyotype,
    /// WHO classification.
    WhoClass,
    /// IPSS.
    Ipss,
    /// IPSS-R.
    IpssR,
    /// Baseline hemoglobin.
    BaselineHb,
    /// RBC units in the 8 weeks before start.
    #[serde(rename = "rbc_units_8wk")]
    RbcUnits8wk,
    /// Prior ESA.
    PriorEsa,
}

/// The unit of a continuous variable.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Years.
    Years,
    /// Weeks.
    Weeks,
    /// g/dL.
    GramsPerDecilitre,
    /// RBC units.
    RbcUnits,
}

/// A level of a categorical variable: one Lenalyze names, or a category as
/// the CRF spells it (`Int-1`, `MDS-MLD`, or a site's own wording).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A level Lenalyze names.
    Code(LevelCode),
    /// A category as written.
    Category(String),
}

/// The levels Lenalyze names.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelCode {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Transfusion dependent at MDS diagnosis.
    AtDiagnosis,
    /// Transfusion dependent at lenalidomide start.
    AtStart,
    /// Isolated del(5q).
    IsolatedDel5q,
    /// del(5q) + 1 additional abnormality.
    Del5qPlusOne,
    /// del(5q) + 2 or more additional abnormalities.
    Del5qPlusTwoOrMore,
    /// Treated with an ESA.
    EsaTreated,
    /// RBC-TI on the ESA (of those treated).
    EsaTi,
}

/// One row of Table 1.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Row {
    /// A categorical variable: one count per level, in clinical order.
    Categorical {
        /// Variable.
        variable: Variable,
        /// Levels and counts (zero rows included).
        levels: Vec<(Level, Count)>,
        /// Missing values.
        missing: Missing,
    },
    /// A continuous variable.
    Continuous {
        /// Variable.
        variable: Variable,
        /// Unit.
        unit: Unit,
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
    variable: Variable,
    pats: &[&Patient],
    order: &[&str],
    f: impl Fn(&Patient) -> &Obs<String>,
) -> Row {
    let missing = Missing::of(pats.iter().map(|p| f(p)));
    let mut levels: Vec<(Level, Count)> = order
        .iter()
        .map(|level| {
            let n = pats
                .iter()
                .filter(|p| f(p).known().map(String::as_str) == Some(level))
                .count();
            (
                Level::Category(level.to_string()),
                Count::new(n, pats.len(), missing.total),
            )
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
        levels.push((
            Level::Category(other),
            Count::new(n, pats.len(), missing.total),
        ));
    }
    Row::Categorical {
        variable,
        levels,
        missing,
    }
}

fn continuous(
    variable: Variable,
    unit: Unit,
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
        variable,
        unit,
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
        Variable::Age,
        Unit::Years,
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
        variable: Variable::Sex,
        levels: vec![
            (Level::Code(LevelCode::Male), sex_level(Sex::Male)),
            (Level::Code(LevelCode::Female), sex_level(Sex::Female)),
        ],
        missing: sex_missing,
    });
    let weeks = |p: &Patient| {
        Some((p.start_date.get()?.days() - p.diagnosis_date.get()?.days()) as f64 / 7.0)
    };
    rows.push(continuous(
        Variable::DiagnosisToStart,
        Unit::Weeks,
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
        variable: Variable::TransfusionDependence,
        levels: vec![
            (Level::Code(LevelCode::AtDiagnosis), td_dx),
            (
                Level::Code(LevelCode::AtStart),
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
        variable: Variable::Karyotype,
        levels: vec![
            (Level::Code(LevelCode::IsolatedDel5q), karyo(0, 0)),
            (Level::Code(LevelCode::Del5qPlusOne), karyo(1, 1)),
            (
                Level::Code(LevelCode::Del5qPlusTwoOrMore),
                karyo(2, u32::MAX),
            ),
        ],
        missing: karyo_missing,
    });
    rows.push(categorical(
        Variable::WhoClass,
        pats,
        &names(schema::WHO_CLASS),
        |p| &p.who_class,
    ));
    rows.push(categorical(
        Variable::Ipss,
        pats,
        &names(schema::IPSS),
        |p| &p.ipss,
    ));
    rows.push(categorical(
        Variable::IpssR,
        pats,
        &names(schema::IPSS_R),
        |p| &p.ipss_r,
    ));
    let hb_missing = Missing::total(
        pats.iter()
            .filter(|p| p.lab(LabKind::Hb, 0).is_none())
            .count(),
    );
    rows.push(continuous(
        Variable::BaselineHb,
        Unit::GramsPerDecilitre,
        pats,
        vec!["median_range", "mean_sem"],
        |p| p.lab(LabKind::Hb, 0),
        hb_missing,
    ));
    rows.push(continuous(
        Variable::RbcUnits8wk,
        Unit::RbcUnits,
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
        variable: Variable::PriorEsa,
        levels: vec![
            (Level::Code(LevelCode::EsaTreated), esa),
            (Level::Code(LevelCode::EsaTi), esa_ti),
        ],
        missing: esa_missing,
    });
    Table1 {
        population: "safety",
        n,
        rows,
    }
}
