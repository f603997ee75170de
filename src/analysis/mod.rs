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

/// Every table and figure of the analysis plan.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Screened → eligible → safety → evaluable → responders.
    pub population_flow: populations::PopulationFlow,
    /// Table 1, safety population.
    pub table1: table1::Table1,
    /// Efficacy, evaluable population.
    pub efficacy: efficacy::Efficacy,
    /// Table 2, evaluable population.
    pub table2: predictors::Table2,
    /// Dose modification, evaluable population.
    pub dose_modification: predictors::DoseModification,
    /// Table 4, responders.
    pub table4: final_dose::Table4,
    /// Table 3, safety population.
    pub table3: toxicity::Table3,
    /// Figure 1 data.
    pub hemoglobin: hemoglobin::HemoglobinOverTime,
    /// Discontinuation, safety population.
    pub discontinuation: outcome::Discontinuation,
    /// Kaplan–Meier analyses, safety population.
    pub survival: Vec<outcome::SurvivalAnalysis>,
    /// Prior-ESA subgroup.
    pub prior_esa: outcome::PriorEsa,
}

/// Runs the analysis plan on typed patients; `ae_terms` are the
/// adverse-event terms with data.
pub fn run(
    patients: &[Patient],
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
    Analysis {
        population_flow,
        table1: table1::build(&safety),
        efficacy: efficacy::build(&evaluable, settings),
        table2: predictors::build(&evaluable, &safety, settings),
        dose_modification: predictors::dose_modification(&evaluable, settings),
        table4: final_dose::build(&responders),
        table3: toxicity::build(&safety, ae_terms),
        hemoglobin: hemoglobin::build(&responders, &non_responders),
        discontinuation: outcome::discontinuation(&safety),
        survival: outcome::survival(&safety, settings.confidence_level),
        prior_esa: outcome::prior_esa(&safety),
    }
}
