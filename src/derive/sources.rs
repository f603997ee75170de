//! The settings `response_source`, `risk_source` and `toxicity_source`:
//! the paper's tables rebuilt on derived values instead of recorded ones.
//!
//! Why a copy of the patients and not a flag in every table: the tables
//! stay one code path that reads `Patient`; this step decides once which
//! value each patient carries. A value that cannot be derived keeps the
//! recorded one, so switching the source never silently drops a patient;
//! and because that keeps a recorded value in a table said to be built on
//! derived ones, [`summary`] counts those patients with the reason, for the
//! report to say beside which source each table used. [`apply`] and
//! [`summary`] take every decision from the same per-patient functions, so
//! the count is the count of what was applied.

use super::checks::{code, Derived};
use super::ctcae::Lab;
use super::risk::{Component, Reason};
use super::subject::{Derivation, NotDerived, Subject};
use crate::model::{Obs, Patient, Response};
use crate::settings::{Settings, Source};
use serde::Serialize;
use std::borrow::Cow;

/// Why a patient kept the recorded value although the setting asks for
/// the derived one.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum KeptReason {
    /// The files have no `transfusions` sheet.
    NoTransfusionSheet,
    /// No `start_date`.
    NoStartDate,
    /// Neither a stop date nor a last follow-up date.
    NoTreatmentEnd,
    /// No lab value of the count on treatment.
    NoLabValue,
    /// IWG 2000 HI-E major by an Hb rise: the CRF's `response` has no
    /// category for it.
    NoCrfCategory,
    /// A part of the risk score is missing.
    ScorePartMissing {
        /// Which part.
        component: Component,
    },
    /// A part of the risk score is outside what the score grades (e.g.
    /// blasts of 10.5 %, between two IPSS bands).
    ScorePartNotGraded {
        /// Which part.
        component: Component,
    },
}

/// How many patients kept the recorded value for one reason.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Kept {
    /// Why.
    pub reason: KeptReason,
    /// Patients.
    pub patients: u64,
}

/// Which source one group of tables used, and who kept a recorded value.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceUse {
    /// The setting.
    pub source: Source,
    /// With `derived`: the screened patients whose value could not be
    /// derived and who kept the recorded one, by reason (a patient counted
    /// once, by the first reason); empty with `recorded`.
    pub kept_recorded: Vec<Kept>,
}

/// The three settings as applied.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourcesUsed {
    /// `response_source`: the response tables.
    pub response: SourceUse,
    /// `risk_source`: IPSS and IPSS-R.
    pub risk: SourceUse,
    /// `toxicity_source`: the anemia, neutropenia, thrombocytopenia and
    /// lymphopenia grades.
    pub toxicity: SourceUse,
}

fn not_derived(s: &Subject, what: Derivation) -> Option<NotDerived> {
    s.not_derived
        .iter()
        .find(|(d, _)| *d == what)
        .map(|(_, why)| *why)
}

fn kept(why: NotDerived) -> KeptReason {
    match why {
        NotDerived::NoTransfusionSheet => KeptReason::NoTransfusionSheet,
        NotDerived::NoStartDate => KeptReason::NoStartDate,
        NotDerived::NoTreatmentEnd => KeptReason::NoTreatmentEnd,
        NotDerived::NoKaryotype | NotDerived::KaryotypeNotRead => KeptReason::ScorePartMissing {
            component: Component::Cytogenetics,
        },
        NotDerived::NoDosingSheet | NotDerived::NoStartDose | NotDerived::NoLabValue => {
            KeptReason::NoLabValue
        }
    }
}

/// The derived response the tables use, or why the recorded one stays.
fn response(s: &Subject) -> Result<Response, KeptReason> {
    match s.iwg2000 {
        Some(c) => c.as_recorded().ok_or(KeptReason::NoCrfCategory),
        None => {
            Err(not_derived(s, Derivation::Response).map_or(KeptReason::NoTransfusionSheet, kept))
        }
    }
}

/// Why the risk scores could not be derived: the first part of IPSS /
/// IPSS-R that is missing or not graded (the age parts only concern
/// IPSS-RA, which no table uses).
fn risk_reason(s: &Subject) -> KeptReason {
    s.risk_not_scored
        .iter()
        .find_map(|r| match *r {
            Reason::Missing { component }
                if !matches!(component, Component::Age | Component::DiagnosisDate) =>
            {
                Some(KeptReason::ScorePartMissing { component })
            }
            Reason::Missing { .. } => None,
            Reason::BetweenBands { component, .. }
            | Reason::AboveScope { component, .. }
            | Reason::Implausible { component, .. } => {
                Some(KeptReason::ScorePartNotGraded { component })
            }
        })
        .unwrap_or(KeptReason::ScorePartMissing {
            component: Component::Cytogenetics,
        })
}

/// The derived IPSS and IPSS-R groups (crf-v1 spellings), or why not.
fn risk(s: &Subject) -> [Result<String, KeptReason>; 2] {
    [
        s.ipss
            .as_ref()
            .map(|x| code(&x.category))
            .ok_or_else(|| risk_reason(s)),
        s.ipss_r
            .as_ref()
            .map(|x| code(&x.category))
            .ok_or_else(|| risk_reason(s)),
    ]
}

/// The derived worst grades, in [`Lab::ALL`] order, or why not.
fn toxicity(s: &Subject) -> [Result<u8, KeptReason>; 4] {
    let why = not_derived(s, Derivation::Ctcae).map_or(KeptReason::NoLabValue, kept);
    s.ctcae.map(|g| g.ok_or(why))
}

/// The patients with derived values where the settings ask for them.
pub fn apply<'a>(patients: &'a [Patient], derived: &Derived, s: &Settings) -> Cow<'a, [Patient]> {
    if s.response_source == Source::Recorded
        && s.toxicity_source == Source::Recorded
        && s.risk_source == Source::Recorded
    {
        return Cow::Borrowed(patients);
    }
    let mut out = patients.to_vec();
    for (p, subject) in out.iter_mut().zip(&derived.subjects) {
        if s.response_source == Source::Derived {
            if let Ok(r) = response(subject) {
                p.response = Obs::Known(r);
            }
        }
        if s.risk_source == Source::Derived {
            let [ipss, ipss_r] = risk(subject);
            if let Ok(g) = ipss {
                p.ipss = Obs::Known(g);
            }
            if let Ok(g) = ipss_r {
                p.ipss_r = Obs::Known(g);
            }
        }
        if s.toxicity_source == Source::Derived {
            for (lab, g) in Lab::ALL.into_iter().zip(toxicity(subject)) {
                if let Ok(g) = g {
                    p.adverse_events.insert(lab.ae_term().into(), Obs::Known(g));
                }
            }
        }
    }
    Cow::Owned(out)
}

/// Counts, by reason, the patients whose first value in `values` is not
/// derived.
fn count<T, const N: usize>(
    source: Source,
    subjects: &[Subject],
    values: impl Fn(&Subject) -> [Result<T, KeptReason>; N],
) -> SourceUse {
    let mut kept_recorded: Vec<Kept> = Vec::new();
    if source == Source::Derived {
        for s in subjects {
            let Some(reason) = values(s).into_iter().find_map(Result::err) else {
                continue;
            };
            match kept_recorded.iter_mut().find(|k| k.reason == reason) {
                Some(k) => k.patients += 1,
                None => kept_recorded.push(Kept {
                    reason,
                    patients: 1,
                }),
            }
        }
        kept_recorded.sort_by_key(|k| k.reason);
    }
    SourceUse {
        source,
        kept_recorded,
    }
}

/// Which source each group of tables used, and who kept a recorded value.
pub fn summary(subjects: &[Subject], s: &Settings) -> SourcesUsed {
    SourcesUsed {
        response: count(s.response_source, subjects, |x| [response(x)]),
        risk: count(s.risk_source, subjects, risk),
        toxicity: count(s.toxicity_source, subjects, toxicity),
    }
}
