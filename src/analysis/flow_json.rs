//! The population flow as the report JSON has it: every count, and the
//! patient listings as their numbers.
//!
//! Why a view of its own: the listings (excluded patients with their
//! reasons, eligible patients without a start date, patients not evaluable
//! with their stop reasons) grow with the cohort, about 13 bytes a screened
//! patient (1.32 MB at 10⁵, issue 9), while the report should grow with the
//! number of tables. The presentation lists them whole (CSV, XLSX) or cut
//! (page, Word). Each number is the flow's count
//! ([`PopulationFlow::excluded_count`] …), so a report pooled from site
//! summaries, which has no listings, gives the same numbers as the
//! concatenated files.

#[cfg(doc)]
use super::populations::NotEvaluableReason;
use super::populations::{Criterion, NotEvaluableCount, PooledFlow, PopulationFlow};
use serde::Serialize;
use std::collections::BTreeMap;

/// The population flow the report opens with.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PopulationFlow"))]
#[derive(Serialize)]
struct FlowJson<'a> {
    /// Rows of the patients sheet(s).
    screened: usize,
    /// Whether eligibility criteria were applied.
    eligibility_applied: bool,
    /// Patients excluded (the presentation lists them with every criterion
    /// they failed).
    excluded_patients: usize,
    /// Excluded patients per failed criterion (a patient may count under several).
    excluded_by_reason: &'a BTreeMap<Criterion, usize>,
    /// Eligible patients.
    eligible: usize,
    /// Eligible patients who are kept although a criterion was not assessable.
    kept_not_assessable: usize,
    /// Eligible patients without a start date (not in the safety
    /// population; the presentation names them).
    no_start_date_patients: usize,
    /// Safety population size.
    safety: usize,
    /// Patients of the safety population not evaluable for response (the
    /// presentation lists them with stop reasons and days).
    not_evaluable_patients: usize,
    /// Not evaluable by reason, in the order of [`NotEvaluableReason`].
    not_evaluable_by_reason: &'a [NotEvaluableCount],
    /// Evaluable for response.
    evaluable: usize,
    /// Responders (RBC-TI).
    responders: usize,
    /// Evaluable non-responders.
    non_responders: usize,
    /// In a report pooled from site summaries: the counts again, and each
    /// site's flow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pooled: Option<&'a PooledFlow>,
}

impl<'a> From<&'a PopulationFlow> for FlowJson<'a> {
    fn from(f: &'a PopulationFlow) -> Self {
        FlowJson {
            screened: f.screened,
            eligibility_applied: f.eligibility_applied,
            excluded_patients: f.excluded_count(),
            excluded_by_reason: &f.excluded_by_reason,
            eligible: f.eligible,
            kept_not_assessable: f.kept_not_assessable,
            no_start_date_patients: f.no_start_date_count(),
            safety: f.safety,
            not_evaluable_patients: f.not_evaluable_count(),
            not_evaluable_by_reason: &f.not_evaluable_by_reason,
            evaluable: f.evaluable,
            responders: f.responders,
            non_responders: f.non_responders,
            pooled: f.pooled.as_ref(),
        }
    }
}

impl Serialize for PopulationFlow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FlowJson::from(self).serialize(s)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for PopulationFlow {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PopulationFlow".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        FlowJson::json_schema(g)
    }
}
