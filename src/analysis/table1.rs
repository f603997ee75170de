//! Table 1: patient characteristics of the safety population.

use super::tally::{Counts, Numbers, Values, YesNo};
use super::values::{Count, Describe, Missing};
use crate::model::{Obs, Patient, Sex};
use crate::schema::{self, LabKind};
use serde::{Deserialize, Serialize};

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

/// What Table 1 is computed from: one tally per variable of the safety
/// population (see [`super::tally`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table1Data {
    /// Patients (the safety population).
    pub n: usize,
    /// Age, years.
    pub age: Numbers,
    /// Male, female.
    pub sex: [usize; 2],
    /// Sex missing.
    pub sex_missing: Missing,
    /// Weeks from diagnosis to start.
    pub diagnosis_to_start: Numbers,
    /// Transfusion dependent at diagnosis.
    pub td_at_diagnosis: YesNo,
    /// Transfusion dependent at start ([`td_at_start`]).
    pub td_at_start: YesNo,
    /// del(5q) with 0, 1, 2+ additional abnormalities.
    pub karyotype: [usize; 3],
    /// Additional abnormalities missing.
    pub karyotype_missing: Missing,
    /// WHO classification as recorded.
    pub who_class: Categories,
    /// IPSS.
    pub ipss: Categories,
    /// IPSS-R.
    pub ipss_r: Categories,
    /// Baseline hemoglobin, g/dL.
    pub baseline_hb: Numbers,
    /// RBC units in the 8 weeks before start.
    pub rbc_units_8wk: Numbers,
    /// Treated with an ESA before.
    pub prior_esa: YesNo,
    /// RBC-TI on the ESA, of those treated.
    pub prior_esa_ti: YesNo,
}

crate::merge_fields!(Table1Data {
    n,
    age,
    sex,
    sex_missing,
    diagnosis_to_start,
    td_at_diagnosis,
    td_at_start,
    karyotype,
    karyotype_missing,
    who_class,
    ipss,
    ipss_r,
    baseline_hb,
    rbc_units_8wk,
    prior_esa,
    prior_esa_ti,
});

/// A categorical variable: counts by category as written, and missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Categories {
    /// Counts by category.
    pub levels: Counts<String>,
    /// Missing, by kind.
    pub missing: Missing,
}

crate::merge_fields!(Categories { levels, missing });

impl Categories {
    fn of(pats: &[&Patient], f: impl Fn(&Patient) -> &Obs<String>) -> Categories {
        Categories {
            levels: Counts::of(pats.iter().filter_map(|p| f(p).known().cloned())),
            missing: Missing::of(pats.iter().map(|p| f(p))),
        }
    }
}

fn numbers(pats: &[&Patient], f: impl Fn(&Patient) -> Option<f64>, missing: Missing) -> Numbers {
    Numbers {
        n: pats.len(),
        values: Values::of(pats.iter().filter_map(|p| f(p))),
        missing,
    }
}

fn categorical(variable: Variable, n: usize, order: &[&str], data: &Categories) -> Row {
    let missing = data.missing;
    let mut levels: Vec<(Level, Count)> = order
        .iter()
        .map(|level| {
            (
                Level::Category(level.to_string()),
                Count::new(data.levels.get(&level.to_string()), n, missing.total),
            )
        })
        .collect();
    // Wording Lenalyze does not recognize is listed after the known levels
    // (in sorted order, as the tally keeps them).
    for (other, count) in data.levels.iter() {
        if !order.contains(&other.as_str()) {
            levels.push((
                Level::Category(other.clone()),
                Count::new(count, n, missing.total),
            ));
        }
    }
    Row::Categorical {
        variable,
        levels,
        missing,
    }
}

fn continuous(variable: Variable, unit: Unit, show: Vec<&'static str>, data: &Numbers) -> Row {
    let values = data.values.sorted();
    let missing = if data.missing.total == 0 {
        Missing::total(data.n - values.len())
    } else {
        data.missing
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

/// Tallies Table 1's variables over the safety population.
pub fn data(pats: &[&Patient]) -> Table1Data {
    let weeks = |p: &Patient| {
        Some((p.start_date.get()?.days() - p.diagnosis_date.get()?.days()) as f64 / 7.0)
    };
    let karyo = |lo: u32, hi: u32| {
        pats.iter()
            .filter(|p| {
                p.additional_abnormalities
                    .get()
                    .is_some_and(|a| a >= lo && a <= hi)
            })
            .count()
    };
    let sex = |s: Sex| pats.iter().filter(|p| p.sex.get() == Some(s)).count();
    let td_start: Vec<Obs<bool>> = pats.iter().map(|p| td_at_start(p)).collect();
    Table1Data {
        n: pats.len(),
        age: numbers(
            pats,
            |p| p.age.get(),
            Missing::of(pats.iter().map(|p| &p.age)),
        ),
        sex: [sex(Sex::Male), sex(Sex::Female)],
        sex_missing: Missing::of(pats.iter().map(|p| &p.sex)),
        diagnosis_to_start: numbers(
            pats,
            weeks,
            Missing::of(pats.iter().map(|p| &p.diagnosis_date)),
        ),
        td_at_diagnosis: YesNo::of(pats.iter().map(|p| &p.td_at_diagnosis)),
        td_at_start: YesNo::of(td_start.iter()),
        karyotype: [karyo(0, 0), karyo(1, 1), karyo(2, u32::MAX)],
        karyotype_missing: Missing::of(pats.iter().map(|p| &p.additional_abnormalities)),
        who_class: Categories::of(pats, |p| &p.who_class),
        ipss: Categories::of(pats, |p| &p.ipss),
        ipss_r: Categories::of(pats, |p| &p.ipss_r),
        baseline_hb: numbers(
            pats,
            |p| p.lab(LabKind::Hb, 0),
            Missing::total(
                pats.iter()
                    .filter(|p| p.lab(LabKind::Hb, 0).is_none())
                    .count(),
            ),
        ),
        rbc_units_8wk: numbers(
            pats,
            |p| p.rbc_units_8wk.get(),
            Missing::of(pats.iter().map(|p| &p.rbc_units_8wk)),
        ),
        prior_esa: YesNo::of(pats.iter().map(|p| &p.prior_esa)),
        prior_esa_ti: YesNo::of(
            pats.iter()
                .filter(|p| p.prior_esa.get() == Some(true))
                .map(|p| &p.prior_esa_ti),
        ),
    }
}

/// Builds Table 1.
pub fn build(pats: &[&Patient]) -> Table1 {
    from_data(&data(pats))
}

/// Builds Table 1 from its tally.
pub fn from_data(d: &Table1Data) -> Table1 {
    let n = d.n;
    let names = |cats: &[schema::Category]| cats.iter().map(|c| c.canonical).collect::<Vec<_>>();
    let karyo = |i: usize| Count::new(d.karyotype[i], n, d.karyotype_missing.total);
    let rows = vec![
        continuous(Variable::Age, Unit::Years, vec!["median_range"], &d.age),
        Row::Categorical {
            variable: Variable::Sex,
            levels: vec![
                (
                    Level::Code(LevelCode::Male),
                    Count::new(d.sex[0], n, d.sex_missing.total),
                ),
                (
                    Level::Code(LevelCode::Female),
                    Count::new(d.sex[1], n, d.sex_missing.total),
                ),
            ],
            missing: d.sex_missing,
        },
        continuous(
            Variable::DiagnosisToStart,
            Unit::Weeks,
            vec!["median_range"],
            &d.diagnosis_to_start,
        ),
        Row::Categorical {
            variable: Variable::TransfusionDependence,
            levels: vec![
                (
                    Level::Code(LevelCode::AtDiagnosis),
                    d.td_at_diagnosis.count(),
                ),
                (Level::Code(LevelCode::AtStart), d.td_at_start.count()),
            ],
            missing: Missing::total(
                d.td_at_diagnosis
                    .missing
                    .total
                    .max(d.td_at_start.missing.total),
            ),
        },
        Row::Categorical {
            variable: Variable::Karyotype,
            levels: vec![
                (Level::Code(LevelCode::IsolatedDel5q), karyo(0)),
                (Level::Code(LevelCode::Del5qPlusOne), karyo(1)),
                (Level::Code(LevelCode::Del5qPlusTwoOrMore), karyo(2)),
            ],
            missing: d.karyotype_missing,
        },
        categorical(
            Variable::WhoClass,
            n,
            &names(schema::WHO_CLASS),
            &d.who_class,
        ),
        categorical(Variable::Ipss, n, &names(schema::IPSS), &d.ipss),
        categorical(Variable::IpssR, n, &names(schema::IPSS_R), &d.ipss_r),
        continuous(
            Variable::BaselineHb,
            Unit::GramsPerDecilitre,
            vec!["median_range", "mean_sem"],
            &d.baseline_hb,
        ),
        continuous(
            Variable::RbcUnits8wk,
            Unit::RbcUnits,
            vec!["median_range", "mean_sem"],
            &d.rbc_units_8wk,
        ),
        Row::Categorical {
            variable: Variable::PriorEsa,
            levels: vec![
                (Level::Code(LevelCode::EsaTreated), d.prior_esa.count()),
                (Level::Code(LevelCode::EsaTi), d.prior_esa_ti.count()),
            ],
            missing: d.prior_esa.missing,
        },
    ];
    Table1 {
        population: "safety",
        n,
        rows,
    }
}
