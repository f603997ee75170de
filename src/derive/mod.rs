//! Derivations: what a careful study statistician computes from the raw
//! records instead of taking the site's word for it (`derivations.md`).
//!
//! A CRF carries both raw records (lab values, the transfusion log, the
//! dosing sheet) and the judgements a site typed from them (worst grades,
//! the response, "dose reduced", the final stable dose). Sites differ in how
//! they read the same rules, and a typed judgement cannot be checked unless
//! it is derived again from the records by one rule for every site. These
//! modules derive each value per patient, by a rule cited to its primary
//! source, so the report can show it beside the recorded value and list
//! every disagreement (patient, recorded, derived, why). The recorded values
//! stay the basis of the paper's tables unless a setting says otherwise.
//!
//! Everything here is pure: plain typed values in (dates, numbers, parsed
//! schedules), typed outcomes out, each with a reason enum where a value
//! could not be derived. No text, no IO, no patients: the analysis layer
//! feeds these functions and the presentation layer words their results.
//! Where a source leaves a choice open, the choice is a field of a settings
//! struct with a documented default.

pub mod agreement;
pub mod ctcae;
pub mod dose;
pub mod dose_reason;
pub mod hira;
pub mod response;
pub mod response_outcome;
pub mod transfusion;

use crate::date::Date;

/// The days a patient was on lenalidomide: from `start_date` (the first
/// dose) to `stop_date` (the last dose), or to `last_followup_date` when the
/// patient was still on treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreatmentPeriod {
    /// First dose (`start_date`).
    pub start: Date,
    /// Last dose (`stop_date`), or the last follow-up while on treatment.
    pub end: Date,
    /// Whether `end` is a `stop_date` (true) or the last follow-up of a
    /// patient still on treatment (false).
    pub stopped: bool,
}

impl TreatmentPeriod {
    /// Days from start to end (0 when both are the same day; negative when
    /// the dates are in the wrong order, which callers treat as unusable).
    pub fn days(&self) -> i32 {
        self.end.days() - self.start.days()
    }
}
