//! Figure 1: hemoglobin by nominal week, responders and non-responders.

use super::values::{Computed, Method, SummaryOut};
use crate::model::Patient;
use crate::schema::{LabKind, LAB_WEEKS};
use crate::stats;
use serde::Serialize;

/// One week of one series.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HbPoint {
    /// Nominal week.
    pub week: u32,
    /// Patients with a value.
    pub n: usize,
    /// Mean, SD, SEM, median, range.
    pub summary: Computed<SummaryOut>,
}

/// One series (responders or non-responders).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HbSeries {
    /// Responders or non-responders.
    pub group: ResponseGroup,
    /// Patients in the group.
    pub n_patients: usize,
    /// Weeks with data.
    pub points: Vec<HbPoint>,
}

/// Figure 1 data.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HemoglobinOverTime {
    /// Unit symbol (`g/dL`).
    pub unit: &'static str,
    /// Method.
    pub method: Method,
    /// Responders, then non-responders.
    pub series: Vec<HbSeries>,
}

fn series(group: ResponseGroup, pats: &[&Patient]) -> HbSeries {
    let points = LAB_WEEKS
        .iter()
        .filter_map(|&week| {
            let values: Vec<f64> = pats
                .iter()
                .filter_map(|p| p.lab(LabKind::Hb, week))
                .collect();
            (!values.is_empty()).then(|| HbPoint {
                week,
                n: values.len(),
                summary: Computed::from(stats::describe::summarize(&values)).map(SummaryOut::from),
            })
        })
        .collect();
    HbSeries {
        group,
        n_patients: pats.len(),
        points,
    }
}

/// Builds Figure 1 data.
pub fn build(responders: &[&Patient], non_responders: &[&Patient]) -> HemoglobinOverTime {
    HemoglobinOverTime {
        unit: "g/dL",
        method: Method::MeanByWeek,
        series: vec![
            series(ResponseGroup::Responders, responders),
            series(ResponseGroup::NonResponders, non_responders),
        ],
    }
}

/// A group of the evaluable population by response.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseGroup {
    /// RBC-TI.
    Responders,
    /// Evaluable, not RBC-TI.
    NonResponders,
}
