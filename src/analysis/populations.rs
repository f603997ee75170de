//! Populations (analysis plan "Populations"): screened → eligible → safety →
//! evaluable → responders, with every exclusion and its reasons.

use super::tally::Counts;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Obs, Patient, Response, StopReason};
use crate::schema::LabKind;
use crate::settings::Settings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An eligibility criterion of the analysis plan.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Age ≥ 19.
    Age,
    /// IPSS Low or Int-1.
    LowerRiskIpss,
    /// del(5q) in the karyotype.
    Del5q,
    /// RBC units 8 wk > 0 and 6 mo > 8.
    TransfusionDependent,
    /// No -7/del(7q).
    NoChromosome7Abnormality,
    /// Baseline ANC ≥ 500/µL.
    BaselineAnc,
    /// Baseline platelets ≥ 25,000/µL.
    BaselinePlatelets,
}

impl Criterion {
    /// All criteria in the plan's order.
    pub const ALL: [Criterion; 7] = [
        Criterion::Age,
        Criterion::LowerRiskIpss,
        Criterion::Del5q,
        Criterion::TransfusionDependent,
        Criterion::NoChromosome7Abnormality,
        Criterion::BaselineAnc,
        Criterion::BaselinePlatelets,
    ];
}

/// Outcome of one criterion for one patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Met.
    Pass,
    /// Not met.
    Fail,
    /// A value needed is missing.
    NotAssessable,
}

/// Evaluates one criterion.
pub fn check(p: &Patient, c: Criterion, s: &Settings) -> Check {
    let cmp = |v: Option<f64>, ok: &dyn Fn(f64) -> bool| match v {
        Some(v) if ok(v) => Check::Pass,
        Some(_) => Check::Fail,
        None => Check::NotAssessable,
    };
    match c {
        Criterion::Age => cmp(p.age.get(), &|a| a >= s.min_age_years),
        Criterion::LowerRiskIpss => match p.ipss.known().map(String::as_str) {
            Some("Low" | "Int-1") => Check::Pass,
            Some(_) => Check::Fail,
            None => Check::NotAssessable,
        },
        Criterion::Del5q => match p.del5q.get() {
            Some(true) => Check::Pass,
            Some(false) => Check::Fail,
            None => Check::NotAssessable,
        },
        Criterion::TransfusionDependent => {
            let w8 = p.rbc_units_8wk.get();
            let m6 = p.rbc_units_6mo.get();
            if w8.is_some_and(|u| u <= 0.0) || m6.is_some_and(|u| u <= 8.0) {
                Check::Fail
            } else if w8.is_some() && m6.is_some() {
                Check::Pass
            } else {
                Check::NotAssessable
            }
        }
        Criterion::NoChromosome7Abnormality => match p.chr7_abnormality.get() {
            Some(false) => Check::Pass,
            Some(true) => Check::Fail,
            None => Check::NotAssessable,
        },
        Criterion::BaselineAnc => cmp(p.lab(LabKind::Anc, 0), &|v| v >= s.min_anc_per_ul),
        Criterion::BaselinePlatelets => {
            cmp(p.lab(LabKind::Plt, 0), &|v| v >= s.min_platelets_per_ul)
        }
    }
}

/// A screened patient who is not eligible.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exclusion {
    /// Patient.
    pub patient_id: String,
    /// Row in the spreadsheet.
    pub row: u32,
    /// Every criterion failed.
    pub reasons: Vec<Criterion>,
}

/// A patient of the safety population who is not evaluable.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotEvaluable {
    /// Patient.
    pub patient_id: String,
    /// Why stopped, when stopped and recorded.
    pub stop_reason: Option<StopReason>,
    /// Days on treatment, when known.
    pub days_on_treatment: Option<i32>,
    /// `NE`; none when the response was not recorded.
    pub response: Option<Response>,
}

/// Why a patient of the safety population is not evaluable for response.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotEvaluableReason {
    /// Stopped for this reason (`None`: the reason was not recorded).
    Stopped {
        /// The stop reason.
        stop_reason: Option<StopReason>,
    },
    /// Still on treatment (too early to assess).
    OnTreatment,
    /// The response column is empty.
    ResponseNotRecorded,
}

/// Patients not evaluable for one reason.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NotEvaluableCount {
    /// The reason.
    pub reason: NotEvaluableReason,
    /// Patients.
    pub n: usize,
}

/// The population flow the report opens with.
///
/// In the report JSON ([`super::flow_json`]) the patient listings
/// (`excluded`, `no_start_date`, `not_evaluable`) are their numbers
/// (`excluded_patients`, `no_start_date_patients`,
/// `not_evaluable_patients`, the same in a pooled report); the
/// presentation's flow lists the patients.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationFlow {
    /// Rows of the patients sheet(s).
    pub screened: usize,
    /// Whether eligibility criteria were applied.
    pub eligibility_applied: bool,
    /// Patients excluded, with reasons.
    pub excluded: Vec<Exclusion>,
    /// Excluded patients per failed criterion (a patient may count under several).
    pub excluded_by_reason: BTreeMap<Criterion, usize>,
    /// Eligible patients.
    pub eligible: usize,
    /// Eligible patients who are kept although a criterion was not assessable.
    pub kept_not_assessable: usize,
    /// Eligible patients without a start date (not in the safety population).
    pub no_start_date: Vec<String>,
    /// Safety population size.
    pub safety: usize,
    /// Not evaluable, with stop reasons and days.
    pub not_evaluable: Vec<NotEvaluable>,
    /// Not evaluable by reason, in the order of [`NotEvaluableReason`].
    pub not_evaluable_by_reason: Vec<NotEvaluableCount>,
    /// Evaluable for response.
    pub evaluable: usize,
    /// Responders (RBC-TI).
    pub responders: usize,
    /// Evaluable non-responders.
    pub non_responders: usize,
    /// In a report pooled from site summaries: the counts that stand for
    /// the patient listings above (which are then empty), and each site's
    /// flow.
    pub pooled: Option<PooledFlow>,
}

impl PopulationFlow {
    /// Patients excluded.
    pub fn excluded_count(&self) -> usize {
        self.pooled
            .as_ref()
            .map_or(self.excluded.len(), |p| p.excluded)
    }

    /// Excluded patients who failed more than one criterion.
    pub fn excluded_several_reasons(&self) -> usize {
        self.pooled.as_ref().map_or_else(
            || self.excluded.iter().filter(|x| x.reasons.len() > 1).count(),
            |p| p.excluded_several_reasons,
        )
    }

    /// Eligible patients without a start date.
    pub fn no_start_date_count(&self) -> usize {
        self.pooled
            .as_ref()
            .map_or(self.no_start_date.len(), |p| p.no_start_date)
    }

    /// Patients of the safety population not evaluable for response.
    pub fn not_evaluable_count(&self) -> usize {
        self.pooled
            .as_ref()
            .map_or(self.not_evaluable.len(), |p| p.not_evaluable)
    }
}

/// The population flow of a report pooled from site summaries: counts in
/// place of the patient listings, and the flow of each site.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PooledFlow {
    /// Patients excluded.
    pub excluded: usize,
    /// Excluded patients who failed more than one criterion.
    pub excluded_several_reasons: usize,
    /// Eligible patients without a start date.
    pub no_start_date: usize,
    /// Not evaluable for response.
    pub not_evaluable: usize,
    /// Each site's counts, in the order the summaries were given.
    pub sites: Vec<SiteFlow>,
}

/// One site's population flow in a pooled report.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteFlow {
    /// The site's label.
    pub site: String,
    /// Screened.
    pub screened: usize,
    /// Excluded.
    pub excluded: usize,
    /// Excluded per failed criterion.
    pub excluded_by_reason: BTreeMap<Criterion, usize>,
    /// Eligible.
    pub eligible: usize,
    /// Eligible without a start date.
    pub no_start_date: usize,
    /// Safety population.
    pub safety: usize,
    /// Not evaluable for response.
    pub not_evaluable: usize,
    /// Evaluable for response.
    pub evaluable: usize,
    /// Responders.
    pub responders: usize,
}

/// The population flow's counts without its patient listings: what a site
/// summary carries and what pools.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FlowCounts {
    /// Screened.
    pub screened: usize,
    /// Excluded.
    pub excluded: usize,
    /// Excluded patients who failed more than one criterion.
    pub excluded_several_reasons: usize,
    /// Excluded per failed criterion.
    pub excluded_by_reason: BTreeMap<Criterion, usize>,
    /// Eligible.
    pub eligible: usize,
    /// Eligible although a criterion was not assessable.
    pub kept_not_assessable: usize,
    /// Eligible without a start date.
    pub no_start_date: usize,
    /// Safety population.
    pub safety: usize,
    /// Not evaluable, by reason.
    pub not_evaluable_by_reason: Counts<NotEvaluableReason>,
    /// Evaluable.
    pub evaluable: usize,
    /// Responders.
    pub responders: usize,
    /// Evaluable non-responders.
    pub non_responders: usize,
}

crate::merge_fields!(FlowCounts {
    screened,
    excluded,
    excluded_several_reasons,
    excluded_by_reason,
    eligible,
    kept_not_assessable,
    no_start_date,
    safety,
    not_evaluable_by_reason,
    evaluable,
    responders,
    non_responders,
});

impl FlowCounts {
    /// The counts of a flow.
    pub fn of(f: &PopulationFlow) -> FlowCounts {
        FlowCounts {
            screened: f.screened,
            excluded: f.excluded_count(),
            excluded_several_reasons: f.excluded_several_reasons(),
            excluded_by_reason: f.excluded_by_reason.clone(),
            eligible: f.eligible,
            kept_not_assessable: f.kept_not_assessable,
            no_start_date: f.no_start_date_count(),
            safety: f.safety,
            not_evaluable_by_reason: Counts::of(
                f.not_evaluable_by_reason
                    .iter()
                    .flat_map(|c| std::iter::repeat_n(c.reason, c.n)),
            ),
            evaluable: f.evaluable,
            responders: f.responders,
            non_responders: f.non_responders,
        }
    }

    /// One site's line of a pooled flow.
    pub fn site(&self, site: &str) -> SiteFlow {
        SiteFlow {
            site: site.to_string(),
            screened: self.screened,
            excluded: self.excluded,
            excluded_by_reason: self.excluded_by_reason.clone(),
            eligible: self.eligible,
            no_start_date: self.no_start_date,
            safety: self.safety,
            not_evaluable: self.not_evaluable_by_reason.total(),
            evaluable: self.evaluable,
            responders: self.responders,
        }
    }

    /// The flow a pooled report shows: these counts, no patient listings,
    /// and the sites' lines.
    pub fn pooled_flow(&self, eligibility_applied: bool, sites: Vec<SiteFlow>) -> PopulationFlow {
        PopulationFlow {
            screened: self.screened,
            eligibility_applied,
            excluded: Vec::new(),
            excluded_by_reason: self.excluded_by_reason.clone(),
            eligible: self.eligible,
            kept_not_assessable: self.kept_not_assessable,
            no_start_date: Vec::new(),
            safety: self.safety,
            not_evaluable: Vec::new(),
            not_evaluable_by_reason: self
                .not_evaluable_by_reason
                .iter()
                .map(|(reason, n)| NotEvaluableCount { reason: *reason, n })
                .collect(),
            evaluable: self.evaluable,
            responders: self.responders,
            non_responders: self.non_responders,
            pooled: Some(PooledFlow {
                excluded: self.excluded,
                excluded_several_reasons: self.excluded_several_reasons,
                no_start_date: self.no_start_date,
                not_evaluable: self.not_evaluable_by_reason.total(),
                sites,
            }),
        }
    }
}

/// Indices into the patient list for each population.
#[derive(Debug, Clone, Default)]
pub struct Populations {
    /// Eligible.
    pub eligible: Vec<usize>,
    /// Safety population.
    pub safety: Vec<usize>,
    /// Evaluable for response.
    pub evaluable: Vec<usize>,
    /// Responders.
    pub responders: Vec<usize>,
    /// Evaluable non-responders.
    pub non_responders: Vec<usize>,
}

/// The date that ends treatment for days on treatment: the stop date, or
/// the last follow-up when still on treatment; with its missing kind when
/// absent (start date missing counts as not recorded).
pub fn treatment_end(p: &Patient) -> &Obs<crate::date::Date> {
    const NOT_RECORDED: Obs<crate::date::Date> = Obs::Empty;
    if !p.start_date.is_known() {
        return &NOT_RECORDED;
    }
    match &p.stop_date {
        Obs::Empty => &p.last_followup_date,
        other => other,
    }
}

/// Days on treatment: (stop, else last follow-up) − start. An unreadable
/// stop date makes them unknown, never silently the follow-up date.
pub fn days_on_treatment(p: &Patient) -> Option<i32> {
    let start = p.start_date.get()?;
    let end = match &p.stop_date {
        Obs::Known(d) => *d,
        Obs::Empty => p.last_followup_date.get()?,
        Obs::Unknown | Obs::Invalid => return None,
    };
    Some(end.days() - start.days())
}

fn patient_loc(p: &Patient) -> Location {
    p.location()
}

/// Builds the populations and their flow.
pub fn build(
    patients: &[Patient],
    s: &Settings,
    diags: &mut Diagnostics,
) -> (Populations, PopulationFlow) {
    let mut pops = Populations::default();
    let mut flow = PopulationFlow {
        screened: patients.len(),
        eligibility_applied: s.apply_eligibility,
        excluded: Vec::new(),
        excluded_by_reason: BTreeMap::new(),
        eligible: 0,
        kept_not_assessable: 0,
        no_start_date: Vec::new(),
        safety: 0,
        not_evaluable: Vec::new(),
        not_evaluable_by_reason: Vec::new(),
        evaluable: 0,
        responders: 0,
        non_responders: 0,
        pooled: None,
    };
    for (i, p) in patients.iter().enumerate() {
        if s.apply_eligibility {
            let mut failed = Vec::new();
            let mut not_assessable = Vec::new();
            for c in Criterion::ALL {
                match check(p, c, s) {
                    Check::Pass => {}
                    Check::Fail => failed.push(c),
                    Check::NotAssessable => not_assessable.push(c),
                }
            }
            if !failed.is_empty() {
                for r in &failed {
                    *flow.excluded_by_reason.entry(*r).or_default() += 1;
                }
                flow.excluded.push(Exclusion {
                    patient_id: p.patient_id.clone(),
                    row: p.source.row,
                    reasons: failed,
                });
                continue;
            }
            if !not_assessable.is_empty() {
                flow.kept_not_assessable += 1;
                use crate::text::{keys, Key, Message};
                // Age names its threshold (a setting), so it has sentences of
                // its own; the other criteria are catalogue words.
                let age = not_assessable.contains(&Criterion::Age);
                let names: Vec<Key> = not_assessable
                    .iter()
                    .filter_map(|c| match c {
                        Criterion::Age => None,
                        Criterion::LowerRiskIpss => Some(keys::DIAG_CRITERION_IPSS),
                        Criterion::Del5q => Some(keys::DIAG_CRITERION_DEL5Q),
                        Criterion::TransfusionDependent => {
                            Some(keys::DIAG_CRITERION_TRANSFUSION_DEPENDENT)
                        }
                        Criterion::NoChromosome7Abnormality => {
                            Some(keys::DIAG_CRITERION_NO_CHR7_ABNORMALITY)
                        }
                        Criterion::BaselineAnc => Some(keys::DIAG_CRITERION_BASELINE_ANC),
                        Criterion::BaselinePlatelets => {
                            Some(keys::DIAG_CRITERION_BASELINE_PLATELETS)
                        }
                    })
                    .collect();
                let message = match (age, names.is_empty()) {
                    (true, true) => Message::new(keys::DIAG_ELIGIBILITY_NOT_ASSESSABLE_AGE)
                        .with("min_age", s.min_age_years),
                    (true, false) => Message::new(keys::DIAG_ELIGIBILITY_NOT_ASSESSABLE_AGE_AND)
                        .with("min_age", s.min_age_years)
                        .with_keys("criteria", names),
                    (false, _) => Message::new(keys::DIAG_ELIGIBILITY_NOT_ASSESSABLE)
                        .with_keys("criteria", names),
                };
                diags.warning("eligibility-not-assessable", patient_loc(p), message);
            }
        }
        pops.eligible.push(i);
        if !p.start_date.is_known() {
            flow.no_start_date.push(p.patient_id.clone());
            continue;
        }
        pops.safety.push(i);
        let days = days_on_treatment(p);
        let response = p.response.get();
        if let (Some(d), Some(r)) = (days, response) {
            use crate::text::{keys, Message};
            if d < s.evaluable_min_days && r != Response::NotEvaluable {
                diags.warning(
                    "short-treatment-response",
                    patient_loc(p),
                    Message::new(keys::DIAG_SHORT_TREATMENT_RESPONSE)
                        .with("days", d)
                        .with("min_days", s.evaluable_min_days),
                );
            } else if d >= s.evaluable_min_days && r == Response::NotEvaluable {
                diags.warning(
                    "long-treatment-ne",
                    patient_loc(p),
                    Message::new(keys::DIAG_LONG_TREATMENT_NE)
                        .with("days", d)
                        .with("min_days", s.evaluable_min_days),
                );
            }
        }
        match response {
            Some(Response::NotEvaluable) | None => {
                let stop_reason = p.stop_reason.get();
                let reason = match (response, stop_reason) {
                    (None, _) => NotEvaluableReason::ResponseNotRecorded,
                    (_, Some(r)) => NotEvaluableReason::Stopped {
                        stop_reason: Some(r),
                    },
                    (_, None) if p.stop_date.is_known() => {
                        NotEvaluableReason::Stopped { stop_reason: None }
                    }
                    _ => NotEvaluableReason::OnTreatment,
                };
                match flow
                    .not_evaluable_by_reason
                    .iter_mut()
                    .find(|c| c.reason == reason)
                {
                    Some(c) => c.n += 1,
                    None => flow
                        .not_evaluable_by_reason
                        .push(NotEvaluableCount { reason, n: 1 }),
                }
                flow.not_evaluable.push(NotEvaluable {
                    patient_id: p.patient_id.clone(),
                    stop_reason,
                    days_on_treatment: days,
                    response,
                });
            }
            Some(r) => {
                pops.evaluable.push(i);
                if r == Response::RbcTi {
                    pops.responders.push(i);
                } else {
                    pops.non_responders.push(i);
                }
            }
        }
    }
    flow.not_evaluable_by_reason.sort_by_key(|c| c.reason);
    flow.eligible = pops.eligible.len();
    flow.safety = pops.safety.len();
    flow.evaluable = pops.evaluable.len();
    flow.responders = pops.responders.len();
    flow.non_responders = pops.non_responders.len();
    (pops, flow)
}
