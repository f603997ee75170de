//! The analysis plan: typed patients to populations to tables.
//!
//! `analysis` knows patients and the plan, never bytes or JSON files; every
//! test, interval and summary comes from `stats`. Each table is a plain
//! serializable value; the report module decides the document around them.

pub mod efficacy;
pub mod final_dose;
pub mod hemoglobin;
pub mod outcome;
pub mod populations;
pub mod predictors;
pub mod table1;
pub mod toxicity;
pub mod two_by_two;
pub mod values;

use crate::diagnostics::Diagnostics;
use crate::model::Patient;
use crate::settings::Settings;
use serde::Serialize;

/// A part of the analysis plan that needs columns beyond the patient list.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Table 1.
    Characteristics,
    /// Response rates.
    Efficacy,
    /// Table 2.
    Predictors,
    /// Dose modification by response.
    DoseModification,
    /// Table 4.
    FinalDose,
    /// Table 3.
    Toxicity,
    /// Figure 1.
    Hemoglobin,
    /// Discontinuation and Kaplan–Meier analyses.
    Outcome,
    /// Prior-ESA subgroup.
    PriorEsa,
}

impl Part {
    /// The patients-sheet columns the part cannot be built without: the
    /// safety population needs `start_date`, response analyses `response`.
    pub fn needs(self) -> &'static [&'static str] {
        match self {
            Part::Characteristics | Part::Toxicity => &["start_date"],
            Part::Efficacy | Part::Predictors | Part::FinalDose | Part::Hemoglobin => {
                &["start_date", "response"]
            }
            Part::DoseModification => &["start_date", "response", "dose_reduced"],
            Part::Outcome => &["start_date", "last_followup_date"],
            Part::PriorEsa => &["start_date", "response", "prior_esa"],
        }
    }

    /// Every part, in report order.
    pub const ALL: [Part; 9] = [
        Part::Characteristics,
        Part::Efficacy,
        Part::Predictors,
        Part::DoseModification,
        Part::FinalDose,
        Part::Toxicity,
        Part::Hemoglobin,
        Part::Outcome,
        Part::PriorEsa,
    ];
}

/// A part of the plan left out because the file lacks columns it needs.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotBuilt {
    /// The part.
    pub part: Part,
    /// The columns it needs that the file does not have.
    pub missing_columns: Vec<String>,
}

/// Every table and figure of the analysis plan; a part is `None` when the
/// file lacks a column it needs (see [`Analysis::not_built`]).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Screened → eligible → safety → evaluable → responders.
    pub population_flow: populations::PopulationFlow,
    /// Table 1, safety population.
    pub table1: Option<table1::Table1>,
    /// Efficacy, evaluable population.
    pub efficacy: Option<efficacy::Efficacy>,
    /// Table 2, evaluable population.
    pub table2: Option<predictors::Table2>,
    /// Dose modification, evaluable population.
    pub dose_modification: Option<predictors::DoseModification>,
    /// Table 4, responders.
    pub table4: Option<final_dose::Table4>,
    /// Table 3, safety population.
    pub table3: Option<toxicity::Table3>,
    /// Figure 1 data.
    pub hemoglobin: Option<hemoglobin::HemoglobinOverTime>,
    /// Discontinuation, safety population.
    pub discontinuation: Option<outcome::Discontinuation>,
    /// Kaplan–Meier analyses, safety population.
    pub survival: Option<Vec<outcome::SurvivalAnalysis>>,
    /// Prior-ESA subgroup.
    pub prior_esa: Option<outcome::PriorEsa>,
    /// Parts left out, with the columns each lacks (crf-v1: "the analyses
    /// that need it are not computed, every other analysis still is").
    pub not_built: Vec<NotBuilt>,
}

/// Runs the analysis plan on typed patients; `columns` are the canonical
/// columns the patients sheet(s) have, `ae_terms` the adverse-event terms
/// with data.
pub fn run(
    patients: &[Patient],
    columns: &[String],
    ae_terms: &[String],
    settings: &Settings,
    diags: &mut Diagnostics,
) -> Analysis {
    let (pops, population_flow) = populations::build(patients, settings, diags);
    let pick =
        |idx: &[usize]| -> Vec<&Patient> { idx.iter().filter_map(|&i| patients.get(i)).collect() };
    let safety = pick(&pops.safety);
    let evaluable = pick(&pops.evaluable);
    let responders = pick(&pops.responders);
    let non_responders = pick(&pops.non_responders);
    let not_built: Vec<NotBuilt> = Part::ALL
        .iter()
        .filter_map(|&part| {
            let missing_columns: Vec<String> = part
                .needs()
                .iter()
                .filter(|c| !columns.iter().any(|have| have == *c))
                .map(|c| c.to_string())
                .collect();
            (!missing_columns.is_empty()).then_some(NotBuilt {
                part,
                missing_columns,
            })
        })
        .collect();
    let built = |part: Part| !not_built.iter().any(|n| n.part == part);
    Analysis {
        population_flow,
        table1: built(Part::Characteristics).then(|| table1::build(&safety)),
        efficacy: built(Part::Efficacy).then(|| efficacy::build(&evaluable, settings)),
        table2: built(Part::Predictors).then(|| predictors::build(&evaluable, &safety, settings)),
        dose_modification: built(Part::DoseModification)
            .then(|| predictors::dose_modification(&evaluable, settings)),
        table4: built(Part::FinalDose).then(|| final_dose::build(&responders)),
        table3: built(Part::Toxicity).then(|| toxicity::build(&safety, ae_terms)),
        hemoglobin: built(Part::Hemoglobin)
            .then(|| hemoglobin::build(&responders, &non_responders)),
        discontinuation: built(Part::Outcome).then(|| outcome::discontinuation(&safety)),
        survival: built(Part::Outcome)
            .then(|| outcome::survival(&safety, settings.confidence_level)),
        prior_esa: built(Part::PriorEsa).then(|| outcome::prior_esa(&safety)),
        not_built,
    }
}
