//! The settings `response_source`, `risk_source` and `toxicity_source`:
//! the paper's tables rebuilt on derived values instead of recorded ones.
//!
//! Why a copy of the patients and not a flag in every table: the tables
//! stay one code path that reads `Patient`; this step decides once which
//! value each patient carries. A value that cannot be derived keeps the
//! recorded one, so switching the source never silently drops a patient;
//! the report says which source each table used (it echoes the settings).

use super::checks::Derived;
use super::ctcae::Lab;
use crate::model::{Obs, Patient};
use crate::settings::{Settings, Source};
use std::borrow::Cow;

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
            if let Some(r) = subject.iwg2000.and_then(|c| c.as_recorded()) {
                p.response = Obs::Known(r);
            }
        }
        if s.risk_source == Source::Derived {
            if let Some(ipss) = &subject.ipss {
                p.ipss = Obs::Known(super::checks::code(&ipss.category));
            }
            if let Some(ipss_r) = &subject.ipss_r {
                p.ipss_r = Obs::Known(super::checks::code(&ipss_r.category));
            }
        }
        if s.toxicity_source == Source::Derived {
            for (i, lab) in Lab::ALL.into_iter().enumerate() {
                if let Some(g) = subject.ctcae[i] {
                    p.adverse_events.insert(lab.ae_term().into(), Obs::Known(g));
                }
            }
        }
    }
    Cow::Owned(out)
}
