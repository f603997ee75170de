//! The outcomes of the erythroid response criteria ([`super::response`]):
//! one category enum per criterion, spelled as the CRF spells `response`
//! where the CRF has the category, each with the reason for NE and the
//! first day of the response, and one common scale ([`Responded`]) on which
//! every criterion and the recorded value can be compared.

use super::transfusion;
use crate::date::Date;
use crate::model::Response;
use serde::Serialize;

/// Why a criterion gave NE.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotEvaluableReason {
    /// `end` before `start`.
    InvalidPeriod,
    /// Fewer than 56 days observed and no response.
    TooShort,
    /// The criterion needs a pretreatment Hb and there is none.
    NoBaselineHb,
    /// Only an Hb criterion applies and no Hb was measured on treatment.
    NoHbOnTreatment,
    /// Pretreatment Hb ≥ 11 g/dL: the erythroid criteria do not apply.
    NotAnemic,
    /// IWG 2018: the burden before start fits no group.
    UnclassifiedBurden,
}

/// A derived response: the category, why NE, and when it began.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Derived<C> {
    /// The category.
    pub category: C,
    /// Why NE (only then).
    pub reason: Option<NotEvaluableReason>,
    /// First day of the response period (of the transfusion-free run, the
    /// window, or the first qualifying Hb).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub response_date: Option<Date>,
}

/// IWG 2000 erythroid response, spelled as the CRF's `response`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Iwg2000 {
    /// Transfusion independence ≥ 8 weeks (HI-E major, transfusion dependent).
    #[serde(rename = "RBC-TI")]
    RbcTi,
    /// Hb increase > 2 g/dL ≥ 8 weeks (HI-E major of a patient not
    /// transfusion dependent). Not transfusion independence, so not
    /// `RBC-TI`; the CRF's `response` has no spelling for it, so the
    /// derived dataset and the data dictionary spell it `HI-E major`.
    #[serde(rename = "HI-E major")]
    HiEMajor,
    /// HI-E minor.
    #[serde(rename = "HI-E minor")]
    HiEMinor,
    /// No response.
    #[serde(rename = "none")]
    NoResponse,
    /// Not evaluable.
    #[serde(rename = "NE")]
    NotEvaluable,
}

impl Iwg2000 {
    /// Every category, in table order.
    pub const ALL: [Iwg2000; 5] = [
        Iwg2000::RbcTi,
        Iwg2000::HiEMajor,
        Iwg2000::HiEMinor,
        Iwg2000::NoResponse,
        Iwg2000::NotEvaluable,
    ];

    /// A recorded `response` on this scale (the CRF's four categories are
    /// four of these five), so recorded and derived share one cross table.
    pub fn from_recorded(r: Response) -> Iwg2000 {
        match r {
            Response::RbcTi => Iwg2000::RbcTi,
            Response::HiEMinor => Iwg2000::HiEMinor,
            Response::NoResponse => Iwg2000::NoResponse,
            Response::NotEvaluable => Iwg2000::NotEvaluable,
        }
    }

    /// The recorded category this is, when the CRF can record it (`None`
    /// for HI-E major by Hb, which `response` has no spelling for).
    pub fn as_recorded(self) -> Option<Response> {
        match self {
            Iwg2000::RbcTi => Some(Response::RbcTi),
            Iwg2000::HiEMajor => None,
            Iwg2000::HiEMinor => Some(Response::HiEMinor),
            Iwg2000::NoResponse => Some(Response::NoResponse),
            Iwg2000::NotEvaluable => Some(Response::NotEvaluable),
        }
    }
}

/// IWG 2006 erythroid response.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Iwg2006Category {
    /// HI-E.
    #[serde(rename = "HI-E")]
    HiE,
    /// No response.
    #[serde(rename = "none")]
    NoResponse,
    /// Not evaluable.
    #[serde(rename = "NE")]
    NotEvaluable,
}

/// IWG 2006 response, and whether the Hb ≤ 9.0 transfusion rule applied.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Iwg2006 {
    /// The response.
    pub response: Derived<Iwg2006Category>,
    /// False when a transfusion in the windows compared has no `pre_hb`,
    /// so it was counted whatever the Hb was.
    pub hb_9_rule_applied: bool,
}

/// IWG 2018 erythroid response.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Iwg2018Category {
    /// HI-E (NTD, LTB).
    #[serde(rename = "HI-E")]
    HiE,
    /// Major HI-E (HTB).
    #[serde(rename = "HI-E major")]
    HiEMajor,
    /// Minor HI-E (HTB).
    #[serde(rename = "HI-E minor")]
    HiEMinor,
    /// No response.
    #[serde(rename = "none")]
    NoResponse,
    /// Not evaluable.
    #[serde(rename = "NE")]
    NotEvaluable,
}

impl Iwg2018Category {
    /// The derived dataset's spelling (crf-v1 style): `HI-E` for any HI-E
    /// of the NTD and LTB groups and for the HTB group's major response,
    /// `HI-E minor` for the HTB group's minor level, `none`, `NE`.
    pub fn dataset_code(self) -> &'static str {
        match self {
            Iwg2018Category::HiE | Iwg2018Category::HiEMajor => "HI-E",
            Iwg2018Category::HiEMinor => "HI-E minor",
            Iwg2018Category::NoResponse => "none",
            Iwg2018Category::NotEvaluable => "NE",
        }
    }
}

/// IWG 2018 response with the burden group it was judged in.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Iwg2018 {
    /// The burden before start.
    pub burden: transfusion::Burden2018,
    /// The response.
    pub response: Derived<Iwg2018Category>,
}

/// Whether a category is a response (any HI-E), no response, or NE
/// (`None`): the common scale on which every criterion and the recorded
/// value can be compared.
pub trait Responded {
    /// `Some(true)` for any response, `Some(false)` for none, `None` for NE.
    fn responded(&self) -> Option<bool>;
}

impl Responded for Response {
    fn responded(&self) -> Option<bool> {
        match self {
            Response::RbcTi | Response::HiEMinor => Some(true),
            Response::NoResponse => Some(false),
            Response::NotEvaluable => None,
        }
    }
}

impl Responded for Iwg2000 {
    fn responded(&self) -> Option<bool> {
        match self {
            Iwg2000::NotEvaluable => None,
            Iwg2000::NoResponse => Some(false),
            _ => Some(true),
        }
    }
}

impl Responded for Iwg2006Category {
    fn responded(&self) -> Option<bool> {
        match self {
            Iwg2006Category::HiE => Some(true),
            Iwg2006Category::NoResponse => Some(false),
            Iwg2006Category::NotEvaluable => None,
        }
    }
}

impl Responded for Iwg2018Category {
    fn responded(&self) -> Option<bool> {
        match self {
            Iwg2018Category::NotEvaluable => None,
            Iwg2018Category::NoResponse => Some(false),
            _ => Some(true),
        }
    }
}
