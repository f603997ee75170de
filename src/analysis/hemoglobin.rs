//! Figure 1: hemoglobin by nominal week, responders and non-responders.

use super::tally::Values;
use super::values::{Computed, Method, SummaryOut};
use crate::model::Patient;
use crate::schema::{LabKind, LAB_WEEKS};
use crate::stats;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// Hemoglobin values of one response group at each nominal week.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupHb {
    /// Patients in the group.
    pub n_patients: usize,
    /// Values by nominal week (weeks without a value absent).
    pub weeks: BTreeMap<u32, Values>,
}

crate::merge_fields!(GroupHb { n_patients, weeks });

/// What Figure 1 is computed from: responders (`[0]`) and non-responders
/// (`[1]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HemoglobinData {
    /// Responders, then non-responders.
    pub groups: [GroupHb; 2],
}

crate::merge_fields!(HemoglobinData { groups });

fn group(pats: &[&Patient]) -> GroupHb {
    GroupHb {
        n_patients: pats.len(),
        weeks: LAB_WEEKS
            .iter()
            .map(|&week| {
                let v = Values::of(pats.iter().filter_map(|p| p.lab(LabKind::Hb, week)));
                (week, v)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect(),
    }
}

/// Tallies hemoglobin by week of responders and non-responders.
pub fn data(responders: &[&Patient], non_responders: &[&Patient]) -> HemoglobinData {
    HemoglobinData {
        groups: [group(responders), group(non_responders)],
    }
}

fn series(group: ResponseGroup, d: &GroupHb) -> HbSeries {
    let points = LAB_WEEKS
        .iter()
        .filter_map(|week| {
            let values = d.weeks.get(week)?.sorted();
            (!values.is_empty()).then(|| HbPoint {
                week: *week,
                n: values.len(),
                summary: Computed::from(stats::describe::summarize(&values)).map(SummaryOut::from),
            })
        })
        .collect();
    HbSeries {
        group,
        n_patients: d.n_patients,
        points,
    }
}

/// Builds Figure 1's data.
pub fn build(responders: &[&Patient], non_responders: &[&Patient]) -> HemoglobinOverTime {
    from_data(&data(responders, non_responders))
}

/// Builds Figure 1's data from its tally.
pub fn from_data(d: &HemoglobinData) -> HemoglobinOverTime {
    HemoglobinOverTime {
        unit: "g/dL",
        method: Method::MeanByWeek,
        series: vec![
            series(ResponseGroup::Responders, &d.groups[0]),
            series(ResponseGroup::NonResponders, &d.groups[1]),
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
