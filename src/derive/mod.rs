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
//!
//! - [`iscn`]: the ISCN karyotype string to clones and typed abnormalities.
//! - [`cytogenetics`]: clonality, del(5q), the abnormality count, -7/del(7q),
//!   complexity and the IPSS and IPSS-R cytogenetic groups.
//! - [`risk`]: the IPSS, IPSS-R and age-adjusted IPSS-RA scores.
//! - [`ctcae`], [`transfusion`], [`response`], [`hira`], [`dose`]: grades,
//!   burdens, responses and dose history from the logs.
//! - [`subject`]: all of it for one patient (the derived dataset's row);
//!   [`checks`]: recorded against derived over all patients
//!   ([`cytogenetics_checks`] for the karyotype); [`sources`]:
//!   the settings that put derived values into the paper's tables.

pub mod agreement;
pub mod checks;
pub mod ctcae;
pub mod cytogenetics;
pub mod cytogenetics_checks;
pub mod dose;
pub mod dose_reason;
pub mod hira;
pub mod iscn;
pub mod response;
pub mod response_outcome;
pub mod risk;
pub mod sources;
pub mod subject;
pub mod transfusion;

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// Every choice the derivations of this module leave to the user, with the
/// defaults documented on each part; for the lead's [`crate::Settings`].
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DerivationSettings {
    /// CTCAE lower limits of normal and the on-treatment window.
    pub ctcae: ctcae::CtcaeSettings,
    /// Erythroid response criteria.
    pub response: response::ResponseSettings,
    /// The HIRA 4-month rule.
    pub hira: hira::HiraSettings,
    /// Dose history.
    pub dose: dose::DoseSettings,
    /// Which 3q abnormalities IPSS-R counts as poor (derivations.md: "as
    /// printed, any" by default).
    pub three_q: cytogenetics::ThreeQScope,
}

/// Day numbers for the derivations' tests: day `n` of a treatment started
/// on 2019-01-15, and a transfusion on such a day.
#[cfg(test)]
pub(crate) mod test_days {
    use super::transfusion::Transfusion;
    use crate::date::Date;

    /// The start date of every test course.
    pub fn start() -> Date {
        Date::from_ymd(2019, 1, 15).unwrap_or(Date::from_days(0))
    }

    /// The date `n` days after (negative: before) start.
    pub fn day(n: i32) -> Date {
        Date::from_days(start().days() + n)
    }

    /// `units` RBC units on day `n`, without a pre-transfusion Hb.
    pub fn tx(n: i32, units: f64) -> Transfusion {
        Transfusion {
            date: day(n),
            units,
            pre_hb: None,
        }
    }
}

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
    /// The period from `start_date`, `stop_date` and `last_followup_date`:
    /// to the stop when there is one, else to the last follow-up.
    pub fn new(start: Date, stop: Option<Date>, last_followup: Date) -> Self {
        match stop {
            Some(end) => TreatmentPeriod {
                start,
                end,
                stopped: true,
            },
            None => TreatmentPeriod {
                start,
                end: last_followup,
                stopped: false,
            },
        }
    }

    /// Days from start to end (0 when both are the same day; negative when
    /// the dates are in the wrong order, which callers treat as unusable).
    pub fn days(&self) -> i32 {
        self.end.days() - self.start.days()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_default_from_empty_json() {
        let s: DerivationSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(s, DerivationSettings::default());
        assert_eq!(s.response.observation_weeks_2018, 24);
        assert_eq!(s.hira.months, 4);
        assert_eq!(s.dose.stable_min_days, 28);
        let s: DerivationSettings =
            serde_json::from_str(r#"{"hira": {"calendar_months": false}}"#).unwrap();
        assert!(!s.hira.calendar_months);
        assert_eq!(s.hira.min_reduction, 0.5);
        assert!(serde_json::from_str::<DerivationSettings>(r#"{"kappa": 1}"#).is_err());
    }

    #[test]
    fn period_ends_at_stop_or_follow_up() {
        let d = |n| Date::from_days(18_000 + n);
        let p = TreatmentPeriod::new(d(0), Some(d(30)), d(90));
        assert_eq!((p.end, p.stopped, p.days()), (d(30), true, 30));
        let p = TreatmentPeriod::new(d(0), None, d(90));
        assert_eq!((p.end, p.stopped), (d(90), false));
    }
}
