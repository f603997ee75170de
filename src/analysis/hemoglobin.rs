//! Figure 1: hemoglobin by nominal week, responders and non-responders.

use super::values::{Computed, SummaryOut};
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
    /// `responders` or `non-responders`.
    pub group: &'static str,
    /// Patients in the group.
    pub n_patients: usize,
    /// Weeks with data.
    pub points: Vec<HbPoint>,
}

/// Figure 1 data.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HemoglobinOverTime {
    /// Unit.
    pub unit: &'static str,
    /// Method.
    pub method: &'static str,
    /// Responders, then non-responders.
    pub series: Vec<HbSeries>,
}

fn series(group: &'static str, pats: &[&Patient]) -> HbSeries {
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
        method: "mean ± SEM (SD/√n) of the values at each nominal week",
        series: vec![
            series("responders", responders),
            series("non-responders", non_responders),
        ],
    }
}
