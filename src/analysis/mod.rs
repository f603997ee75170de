//! The analysis plan: typed patients to populations to tables.
//!
//! `analysis` knows patients and the plan, never bytes or JSON files; every
//! test, interval and summary comes from `stats`. Each table is a plain
//! serializable value; the report module decides the document around them.

pub mod efficacy;
pub mod final_dose;
mod flow_json;
pub mod hemoglobin;
pub mod outcome;
pub mod populations;
pub mod predictors;
pub mod table1;
pub mod tally;
pub mod toxicity;
pub mod two_by_two;
pub mod values;

use crate::diagnostics::Diagnostics;
use crate::model::Patient;
use crate::settings::Settings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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

/// What the whole plan is computed from: the population counts and one
/// tally per part (see [`tally`]). Tallies of several sites merge into the
/// tally of all their patients, so [`from_data`] of merged tallies is the
/// analysis of the concatenated files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisData {
    /// The population flow's counts.
    pub flow: populations::FlowCounts,
    /// The canonical columns the patients sheets have (a part needing a
    /// column no site has is not built).
    pub columns: BTreeSet<String>,
    /// Table 1.
    pub table1: table1::Table1Data,
    /// Efficacy.
    pub efficacy: efficacy::EfficacyData,
    /// Table 2.
    pub table2: predictors::Table2Data,
    /// Dose modification.
    pub dose_modification: predictors::DoseModificationData,
    /// Table 4.
    pub table4: final_dose::Table4Data,
    /// Table 3.
    pub table3: toxicity::Table3Data,
    /// Figure 1.
    pub hemoglobin: hemoglobin::HemoglobinData,
    /// Discontinuation.
    pub discontinuation: outcome::DiscontinuationData,
    /// Kaplan–Meier analyses.
    pub survival: outcome::SurvivalData,
    /// Prior-ESA subgroup.
    pub prior_esa: outcome::PriorEsaData,
}

crate::merge_fields!(AnalysisData {
    flow,
    columns,
    table1,
    efficacy,
    table2,
    dose_modification,
    table4,
    table3,
    hemoglobin,
    discontinuation,
    survival,
    prior_esa,
});

/// Builds the populations and tallies every part of the plan; `columns`
/// are the canonical columns the patients sheet(s) have, `ae_terms` the
/// adverse-event terms with data. The flow keeps its patient listings
/// (excluded patients by ID); the tallies hold none.
pub fn tally(
    patients: &[Patient],
    columns: &[String],
    ae_terms: &[String],
    settings: &Settings,
    diags: &mut Diagnostics,
) -> (populations::PopulationFlow, AnalysisData) {
    let (pops, population_flow) = populations::build(patients, settings, diags);
    let pick =
        |idx: &[usize]| -> Vec<&Patient> { idx.iter().filter_map(|&i| patients.get(i)).collect() };
    let safety = pick(&pops.safety);
    let evaluable = pick(&pops.evaluable);
    let responders = pick(&pops.responders);
    let non_responders = pick(&pops.non_responders);
    let data = AnalysisData {
        flow: populations::FlowCounts::of(&population_flow),
        columns: columns.iter().cloned().collect(),
        table1: table1::data(&safety),
        efficacy: efficacy::data(&evaluable),
        table2: predictors::data(&evaluable, &safety, settings),
        dose_modification: predictors::dose_modification_data(&evaluable),
        table4: final_dose::data(&responders),
        table3: toxicity::data(&safety, ae_terms),
        hemoglobin: hemoglobin::data(&responders, &non_responders),
        discontinuation: outcome::discontinuation_data(&safety),
        survival: outcome::survival_data(&safety),
        prior_esa: outcome::prior_esa_data(&safety),
    };
    (population_flow, data)
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
    let (population_flow, data) = tally(patients, columns, ae_terms, settings, diags);
    from_data(population_flow, &data, settings)
}

/// The analysis plan from its tallies, with the population flow to show.
pub fn from_data(
    population_flow: populations::PopulationFlow,
    d: &AnalysisData,
    settings: &Settings,
) -> Analysis {
    let not_built: Vec<NotBuilt> = Part::ALL
        .iter()
        .filter_map(|&part| {
            let missing_columns: Vec<String> = part
                .needs()
                .iter()
                .filter(|c| !d.columns.contains(**c))
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
        table1: built(Part::Characteristics).then(|| table1::from_data(&d.table1)),
        efficacy: built(Part::Efficacy).then(|| efficacy::from_data(&d.efficacy, settings)),
        table2: built(Part::Predictors).then(|| predictors::from_data(&d.table2, settings)),
        dose_modification: built(Part::DoseModification)
            .then(|| predictors::dose_modification_from_data(&d.dose_modification, settings)),
        table4: built(Part::FinalDose).then(|| final_dose::from_data(&d.table4)),
        table3: built(Part::Toxicity).then(|| toxicity::from_data(&d.table3)),
        hemoglobin: built(Part::Hemoglobin).then(|| hemoglobin::from_data(&d.hemoglobin)),
        discontinuation: built(Part::Outcome)
            .then(|| outcome::discontinuation_from_data(&d.discontinuation)),
        survival: built(Part::Outcome)
            .then(|| outcome::survival_from_data(&d.survival, settings.confidence_level)),
        prior_esa: built(Part::PriorEsa).then(|| outcome::prior_esa_from_data(&d.prior_esa)),
        not_built,
    }
}
