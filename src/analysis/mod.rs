//! The analysis plan: typed patients to populations to tables.
//!
//! `analysis` knows patients and the plan, never bytes or JSON files; it
//! calls `stats` for every test and interval. Each table is a plain
//! serializable value; the report module decides the document around them.

pub mod populations;

use crate::diagnostics::Diagnostics;
use crate::model::Patient;
use crate::settings::Settings;
use populations::PopulationFlow;
use serde::Serialize;

/// Every table and figure of the analysis plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Screened → eligible → safety → evaluable → responders.
    pub population_flow: PopulationFlow,
}

/// Runs the analysis plan on typed patients.
pub fn run(patients: &[Patient], settings: &Settings, diags: &mut Diagnostics) -> Analysis {
    let (_pops, population_flow) = populations::build(patients, settings, diags);
    Analysis { population_flow }
}
