//! What the derived values say about the recorded ones, over all screened
//! patients: recorded against derived for each criterion (cross table,
//! agreement, Cohen's kappa, every disagreement), the CTCAE shift tables,
//! the HIRA rule's verdicts, and the recorded burden and dose columns that
//! the logs contradict.
//!
//! Why over every screened patient: a check is about the site's record,
//! not about the population an analysis uses; a patient is compared
//! wherever both values exist.
//!
//! What reaches the report JSON: counts, cross tables and kappas, never a
//! per-patient row. The rows (each patient's derived values, every
//! disagreement, who took week-0 counts, whose dose or burden columns a log
//! contradicts) stay in memory for the presentation, which lists every one
//! of them (the derived dataset, the disagreement listing, the risk tables'
//! footnote; whole in the CSVs and the workbook); the JSON gives a count
//! where no table of it does. Why: at 10⁵ patients the rows were 102 MB of
//! a 131 MB report that the page copied, parsed and printed, and the
//! report should grow with the number of tables, not of patients (issue 9).

use super::agreement::{agreement, Agreement};
use super::ctcae::{Grade, Lab, ShiftTable};
use super::dose::DoseDisagreement;
use super::hira::{HiraNotApplicable, HiraOutcome};
use super::response_outcome::Iwg2000;
use super::risk::Component;
use super::subject::{self, Records, Subject};
use super::transfusion::BurdenDisagreement;
use crate::analysis::values::Computed;
use crate::model::Patient;
use crate::settings::Settings;
use serde::Serialize;

/// Writes a per-patient list as the number of its entries (the report JSON
/// counts patients; the presentation lists them).
// serde hands a `serialize_with` function the field as declared.
#[allow(clippy::ptr_arg)]
pub(crate) fn count<T, S: serde::Serializer>(rows: &Vec<T>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(rows.len() as u64)
}

/// Cohen's kappa as the report gives it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KappaEstimate {
    /// κ.
    pub kappa: f64,
    /// Confidence interval, when the standard error is not 0.
    pub interval: Computed<(f64, f64)>,
}

/// One patient whose recorded value differs from the derived one.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement<K> {
    /// Patient.
    pub patient_id: String,
    /// As recorded.
    pub recorded: K,
    /// As derived.
    pub derived: K,
}

/// Recorded against derived over the patients with both.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison<K> {
    /// Categories in table order.
    pub categories: Vec<K>,
    /// `table[recorded][derived]`.
    pub table: Vec<Vec<u64>>,
    /// Patients compared.
    pub n: u64,
    /// Patients on the diagonal.
    pub agreeing: u64,
    /// Cohen's kappa.
    pub kappa: Computed<KappaEstimate>,
    /// Every patient off the diagonal (not in the JSON: `table` counts
    /// them, the presentation's disagreement listing names them).
    #[serde(skip)]
    pub disagreements: Vec<Disagreement<K>>,
}

impl<K: Clone> From<Agreement<String, K>> for Comparison<K> {
    fn from(a: Agreement<String, K>) -> Self {
        Comparison {
            categories: a.categories,
            table: a.table,
            n: a.n,
            agreeing: a.agreeing,
            kappa: Computed::from(a.kappa).map(|k| KappaEstimate {
                kappa: k.kappa,
                interval: k.interval.into(),
            }),
            disagreements: a
                .disagreements
                .into_iter()
                .map(|d| Disagreement {
                    patient_id: d.patient,
                    recorded: d.recorded,
                    derived: d.derived,
                })
                .collect(),
        }
    }
}

/// A response on the scale every criterion shares.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Responded {
    /// Any erythroid response.
    Response,
    /// No response.
    NoResponse,
    /// Not evaluable.
    NotEvaluable,
}

impl Responded {
    fn of(r: &impl Responded2) -> Responded {
        match r.responded2() {
            Some(true) => Responded::Response,
            Some(false) => Responded::NoResponse,
            None => Responded::NotEvaluable,
        }
    }

    const ALL: [Responded; 3] = [
        Responded::Response,
        Responded::NoResponse,
        Responded::NotEvaluable,
    ];
}

/// [`super::response_outcome::Responded`] under a name that does not clash
/// with the enum above.
trait Responded2 {
    fn responded2(&self) -> Option<bool>;
}

impl<T: super::response_outcome::Responded> Responded2 for T {
    fn responded2(&self) -> Option<bool> {
        self.responded()
    }
}

/// The recorded response against each criterion.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseChecks {
    /// `response` against IWG 2000 on IWG 2000's five categories (the
    /// CRF's four and HI-E major by Hb, which a site can only have
    /// recorded as something else): every patient with both is counted.
    pub iwg2000: Comparison<Iwg2000>,
    /// `response` against IWG 2006, response / none / NE.
    pub iwg2006: Comparison<Responded>,
    /// Patients for whom IWG 2006's Hb ≤ 9.0 rule could not be applied
    /// (a transfusion without `pre_hb`).
    pub iwg2006_without_pre_hb: usize,
    /// `response` against IWG 2018, response / none / NE.
    pub iwg2018: Comparison<Responded>,
}

/// A count's recorded grade against the grade from its lab values.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabCheck {
    /// The count.
    pub lab: Lab,
    /// Recorded `ae_` grade against the derived worst grade (patients with
    /// both; a recorded grade beyond what a lab value can show is left out).
    pub grades: Comparison<u8>,
    /// Baseline grade by worst grade on treatment.
    pub shift: ShiftTable,
}

/// The HIRA rule's verdicts.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HiraSummary {
    /// Burden reduced enough.
    pub met: usize,
    /// Not reduced enough (lenalidomide should have been stopped).
    pub not_met: usize,
    /// Of those, treatment went on past the assessment day (in the JSON
    /// their number, `not_met_continued_patients`; the presentation names
    /// them).
    #[serde(rename = "not_met_continued_patients", serialize_with = "count")]
    #[cfg_attr(feature = "schema", schemars(with = "usize"))]
    pub not_met_continued: Vec<String>,
    /// The rule did not apply, by reason.
    pub not_applicable: Vec<(HiraNotApplicable, usize)>,
}

/// A patient's recorded columns that a log contradicts.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contradiction<D> {
    /// Patient.
    pub patient_id: String,
    /// Each column, recorded and derived.
    pub columns: Vec<D>,
}

/// The recorded risk groups against the derived scores' groups.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskChecks {
    /// `ipss` against IPSS.
    pub ipss: Comparison<String>,
    /// `ipss_r` against IPSS-R.
    pub ipss_r: Comparison<String>,
    /// Patients whose scores used week-0 counts, with the counts taken
    /// from week 0 because the diagnosis count was missing (in the JSON
    /// their number, `counts_from_week0_patients`; the derived dataset's
    /// `counts_from_week0` column and the risk tables' footnote name them).
    #[serde(rename = "counts_from_week0_patients", serialize_with = "count")]
    #[cfg_attr(feature = "schema", schemars(with = "usize"))]
    pub counts_from_week0: Vec<(String, Vec<Component>)>,
}

/// Every derivation and check of the report.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Derived {
    /// One row per screened patient (not in the JSON: the presentation's
    /// derived dataset is these rows, and `population_flow.screened`
    /// counts them).
    #[serde(skip)]
    pub subjects: Vec<Subject>,
    /// Risk scores.
    pub risk: RiskChecks,
    /// What the karyotypes say, and the recorded cytogenetic columns
    /// against them.
    pub cytogenetics: super::cytogenetics_checks::CytogeneticsChecks,
    /// Response criteria (when the files have a transfusions sheet).
    pub response: Option<ResponseChecks>,
    /// CTCAE grades from labs, per count.
    pub ctcae: Vec<LabCheck>,
    /// The HIRA rule (when the files have a transfusions sheet).
    pub hira: Option<HiraSummary>,
    /// Recorded burden columns the transfusion log contradicts (in the
    /// JSON the number of patients, `burden_contradicted_patients`; the
    /// disagreement listing names them).
    #[serde(rename = "burden_contradicted_patients", serialize_with = "count")]
    #[cfg_attr(feature = "schema", schemars(with = "usize"))]
    pub burden: Vec<Contradiction<BurdenDisagreement>>,
    /// Recorded dose columns the dosing sheet contradicts (in the JSON the
    /// number of patients, `dose_contradicted_patients`; the disagreement
    /// listing names them).
    #[serde(rename = "dose_contradicted_patients", serialize_with = "count")]
    #[cfg_attr(feature = "schema", schemars(with = "usize"))]
    pub dose: Vec<Contradiction<DoseDisagreement>>,
    /// Which source (recorded or derived) the response, risk and toxicity
    /// tables used, and who kept a recorded value under `derived`.
    pub sources: super::sources::SourcesUsed,
}

/// Derives every patient's values and compares them with the records.
pub fn build(patients: &[Patient], records: Records, settings: &Settings) -> Derived {
    let level = settings.confidence_level;
    let mut karyotypes = subject::Karyotypes::new(settings.derivations.three_q);
    let subjects: Vec<Subject> = patients
        .iter()
        .map(|p| subject::derive_reading(p, records, &settings.derivations, &mut karyotypes))
        .collect();
    let response = records
        .transfusions
        .then(|| response_checks(&subjects, level));
    let risk = risk_checks(&subjects, level);
    let cytogenetics = super::cytogenetics_checks::build(patients, &subjects, level);
    let ctcae = Lab::ALL
        .into_iter()
        .enumerate()
        .map(|(i, lab)| {
            let rows: Vec<(String, u8, u8)> = subjects
                .iter()
                .filter_map(|s| {
                    let recorded = s.ctcae_recorded[i].filter(|&g| lab.derivable_grade(g))?;
                    Some((s.patient_id.clone(), recorded, s.ctcae[i]?))
                })
                .collect();
            let grade = |n: Option<u8>| n.and_then(|n| Grade::try_from(n).ok());
            LabCheck {
                lab,
                grades: agreement(&rows, &[0, 1, 2, 3, 4], level).into(),
                shift: ShiftTable::from_pairs(
                    lab,
                    subjects
                        .iter()
                        .map(|s| (grade(s.ctcae_baseline[i]), grade(s.ctcae[i]))),
                ),
            }
        })
        .collect();
    let hira = records.transfusions.then(|| hira_summary(&subjects));
    let burden = subjects
        .iter()
        .filter(|s| !s.burden_disagreements.is_empty())
        .map(|s| Contradiction {
            patient_id: s.patient_id.clone(),
            columns: s.burden_disagreements.clone(),
        })
        .collect();
    let dose = subjects
        .iter()
        .filter(|s| !s.dose_disagreements.is_empty())
        .map(|s| Contradiction {
            patient_id: s.patient_id.clone(),
            columns: s.dose_disagreements.clone(),
        })
        .collect();
    Derived {
        sources: super::sources::summary(&subjects, settings),
        subjects,
        risk,
        cytogenetics,
        response,
        ctcae,
        hira,
        burden,
        dose,
    }
}

fn response_checks(subjects: &[Subject], level: f64) -> ResponseChecks {
    let mut iwg2000 = Vec::new();
    let mut iwg2006 = Vec::new();
    let mut iwg2006_without_pre_hb = 0;
    let mut iwg2018 = Vec::new();
    for s in subjects {
        let Some(recorded) = s.response_recorded else {
            continue;
        };
        let id = || s.patient_id.clone();
        if let Some(derived) = s.iwg2000 {
            iwg2000.push((id(), Iwg2000::from_recorded(recorded), derived));
        }
        if let Some(d) = &s.iwg2006 {
            iwg2006.push((
                id(),
                Responded::of(&recorded),
                Responded::of(&d.response.category),
            ));
            if !d.hb_9_rule_applied {
                iwg2006_without_pre_hb += 1;
            }
        }
        if let Some(d) = &s.iwg2018 {
            iwg2018.push((
                id(),
                Responded::of(&recorded),
                Responded::of(&d.response.category),
            ));
        }
    }
    ResponseChecks {
        iwg2000: agreement(&iwg2000, &Iwg2000::ALL, level).into(),
        iwg2006: agreement(&iwg2006, &Responded::ALL, level).into(),
        iwg2006_without_pre_hb,
        iwg2018: agreement(&iwg2018, &Responded::ALL, level).into(),
    }
}

/// A category's data code: its serde name (`Int-1`, `Very low`).
pub fn code(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn risk_checks(subjects: &[Subject], level: f64) -> RiskChecks {
    let canonical = |cats: &[crate::schema::Category]| -> Vec<String> {
        cats.iter().map(|c| c.canonical.to_string()).collect()
    };
    let ipss: Vec<(String, String, String)> = subjects
        .iter()
        .filter_map(|s| {
            Some((
                s.patient_id.clone(),
                s.ipss_recorded.clone()?,
                code(&s.ipss?.category),
            ))
        })
        .collect();
    let ipss_r: Vec<(String, String, String)> = subjects
        .iter()
        .filter_map(|s| {
            Some((
                s.patient_id.clone(),
                s.ipss_r_recorded.clone()?,
                code(&s.ipss_r?.category),
            ))
        })
        .collect();
    RiskChecks {
        ipss: agreement(&ipss, &canonical(crate::schema::IPSS), level).into(),
        ipss_r: agreement(&ipss_r, &canonical(crate::schema::IPSS_R), level).into(),
        counts_from_week0: subjects
            .iter()
            .filter(|s| !s.counts_from_week0.is_empty() && (s.ipss.is_some() || s.ipss_r.is_some()))
            .map(|s| (s.patient_id.clone(), s.counts_from_week0.clone()))
            .collect(),
    }
}

fn hira_summary(subjects: &[Subject]) -> HiraSummary {
    let mut summary = HiraSummary {
        met: 0,
        not_met: 0,
        not_met_continued: Vec::new(),
        not_applicable: Vec::new(),
    };
    for rule in subjects.iter().filter_map(|s| s.hira.map(|h| (s, h))) {
        let (s, h) = rule;
        match h.outcome {
            HiraOutcome::Met => summary.met += 1,
            HiraOutcome::NotMet => {
                summary.not_met += 1;
                if h.continued_after {
                    summary.not_met_continued.push(s.patient_id.clone());
                }
            }
            HiraOutcome::NotApplicable => {
                if let Some(reason) = h.reason {
                    match summary
                        .not_applicable
                        .iter_mut()
                        .find(|(r, _)| *r == reason)
                    {
                        Some((_, n)) => *n += 1,
                        None => summary.not_applicable.push((reason, 1)),
                    }
                }
            }
        }
    }
    summary
}
