//! The IPSS, IPSS-R and age-adjusted IPSS-RA risk scores of one patient,
//! from marrow blasts, the cytogenetic group and the blood counts at
//! diagnosis (the caller decides which counts: diagnosis, or week 0 as a
//! declared fallback).
//!
//! Why derive them: the site's recorded IPSS is the eligibility criterion
//! (Low/Int-1) and a Table 2 predictor; a score recomputed from its parts
//! shows where a site scored by another version or a typo.
//!
//! Sources (each threshold checked; the tests cite them again):
//! - **IPSS**: Greenberg et al., Blood 1997;89:2079, the prognostic-variables
//!   table (ASH reprint): marrow blasts < 5 % → 0, 5–10 → 0.5, 11–20 → 1.5,
//!   21–30 → 2.0; karyotype good 0, intermediate 0.5, poor 1.0; cytopenias
//!   0/1 → 0, 2/3 → 0.5, a cytopenia being Hb < 10 g/dL, ANC < 1,800/µL
//!   (1.8 × 10⁹/L), platelets < 100,000/µL; risk Low 0, Int-1 0.5–1.0, Int-2
//!   1.5–2.0, High ≥ 2.5. The blast bands are printed for whole
//!   percentages, so a value between two bands (10.5 %, 20.5 %) gets no
//!   score and the reason [`Reason::BetweenBands`], never a guessed band.
//! - **IPSS-R**: Greenberg et al., Blood 2012;120:2454, Tables (the MDS
//!   Foundation calculator, ipssrbasic.mds-foundation.org, prints the same):
//!   cytogenetics very good 0, good 1, intermediate 2, poor 3, very poor 4;
//!   blasts ≤ 2 % → 0, > 2 to < 5 → 1, 5–10 → 2, > 10 → 3; Hb ≥ 10 g/dL → 0,
//!   8 to < 10 → 1, < 8 → 1.5; platelets ≥ 100 → 0, 50 to < 100 → 0.5, < 50
//!   → 1 (× 10⁹/L = thousands per µL); ANC ≥ 0.8 × 10⁹/L → 0, < 0.8 → 0.5;
//!   risk very low ≤ 1.5, low > 1.5–3, intermediate > 3–4.5, high > 4.5–6,
//!   very high > 6.
//! - **IPSS-RA** (same paper): IPSS-R + (age − 70) × (0.05 − IPSS-R ×
//!   0.005), with the IPSS-R cut points. The same formula is in the MDS
//!   Foundation's IPSS-M/IPSS-R reference implementation
//!   (papaemmelab `computeIpssr`), which rounds the score to 4 decimals
//!   before cutting; so does [`ipss_ra`], so that a score that is 3.0 on
//!   paper is not 3.0000000000000004 in binary and put in the wrong group.
//!
//! Both scores were built on marrow blasts up to 30 % (FAB RAEB-t); above
//! that the score is not given ([`Reason::AboveScope`]). A missing part
//! makes the score missing, never 0: every missing or unusable part is
//! listed in [`NotScored`].

use super::cytogenetics::{IpssCytoGroup, IpssRCyto};
use serde::Serialize;

/// IPSS risk group, spelled as in the CRF (`Low`, `Int-1`, `Int-2`, `High`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum IpssCategory {
    /// Score 0.
    Low,
    /// Score 0.5–1.0.
    #[serde(rename = "Int-1")]
    Int1,
    /// Score 1.5–2.0.
    #[serde(rename = "Int-2")]
    Int2,
    /// Score ≥ 2.5.
    High,
}

/// IPSS-R risk category, spelled as in the CRF.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum IpssRCategory {
    /// ≤ 1.5.
    #[serde(rename = "Very low")]
    VeryLow,
    /// > 1.5 to 3.
    Low,
    /// > 3 to 4.5.
    Intermediate,
    /// > 4.5 to 6.
    High,
    /// > 6.
    #[serde(rename = "Very high")]
    VeryHigh,
}

impl IpssRCategory {
    /// The category of an IPSS-R (or IPSS-RA) score.
    pub fn of(score: f64) -> IpssRCategory {
        if score <= 1.5 {
            IpssRCategory::VeryLow
        } else if score <= 3.0 {
            IpssRCategory::Low
        } else if score <= 4.5 {
            IpssRCategory::Intermediate
        } else if score <= 6.0 {
            IpssRCategory::High
        } else {
            IpssRCategory::VeryHigh
        }
    }
}

/// The blood counts a score reads. Hb in g/dL, counts per µL.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BloodCounts {
    /// Hemoglobin, g/dL.
    pub hb_g_dl: Option<f64>,
    /// Absolute neutrophil count, per µL.
    pub anc_per_ul: Option<f64>,
    /// Platelets, per µL.
    pub platelets_per_ul: Option<f64>,
}

/// A part of a score.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Bone-marrow blasts, %.
    Blasts,
    /// The cytogenetic group.
    Cytogenetics,
    /// Hemoglobin.
    Hemoglobin,
    /// Absolute neutrophil count.
    Neutrophils,
    /// Platelets.
    Platelets,
    /// Age at diagnosis (IPSS-RA).
    Age,
    /// The diagnosis date, without which the age at diagnosis is unknown
    /// (IPSS-RA; crf-v1's `age` is the age at lenalidomide start).
    DiagnosisDate,
}

/// Why a part could not be scored.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// Not recorded (or not derivable).
    Missing {
        /// Which part.
        component: Component,
    },
    /// Between two of the IPSS's whole-percentage blast bands (10.5 %).
    BetweenBands {
        /// Which part.
        component: Component,
        /// The value.
        value: f64,
    },
    /// Beyond what the score was built for (blasts > 30 %).
    AboveScope {
        /// Which part.
        component: Component,
        /// The value.
        value: f64,
    },
    /// Not a possible value (negative, not finite, blasts > 100 %).
    Implausible {
        /// Which part.
        component: Component,
        /// The value.
        value: f64,
    },
}

/// A score that could not be given, with every reason.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotScored {
    /// One reason per part that could not be scored, in the order of the
    /// score's parts.
    pub reasons: Vec<Reason>,
}

/// An IPSS score with its parts.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ipss {
    /// The sum.
    pub score: f64,
    /// The risk group.
    pub category: IpssCategory,
    /// Points for marrow blasts.
    pub blast_points: f64,
    /// Points for the karyotype.
    pub karyotype_points: f64,
    /// How many of Hb, ANC, platelets are low.
    pub cytopenias: u8,
    /// Points for the cytopenias.
    pub cytopenia_points: f64,
}

/// An IPSS-R score with its parts.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IpssR {
    /// The sum.
    pub score: f64,
    /// The risk category.
    pub category: IpssRCategory,
    /// Points for cytogenetics.
    pub cytogenetic_points: f64,
    /// Points for marrow blasts.
    pub blast_points: f64,
    /// Points for hemoglobin.
    pub hemoglobin_points: f64,
    /// Points for platelets.
    pub platelet_points: f64,
    /// Points for neutrophils.
    pub neutrophil_points: f64,
}

/// The age-adjusted IPSS-RA.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IpssRa {
    /// IPSS-R + (age − 70) × (0.05 − IPSS-R × 0.005), rounded to 4 decimals.
    pub score: f64,
    /// The category by the IPSS-R cut points.
    pub category: IpssRCategory,
}

/// Collects the reasons while the parts are scored.
#[derive(Default)]
struct Parts {
    reasons: Vec<Reason>,
}

impl Parts {
    /// A value that must be present, finite and not negative (and, for
    /// blasts, at most 100 %).
    fn value(&mut self, component: Component, value: Option<f64>) -> Option<f64> {
        let Some(value) = value else {
            self.reasons.push(Reason::Missing { component });
            return None;
        };
        let upper = if component == Component::Blasts {
            100.0
        } else {
            f64::MAX
        };
        if !value.is_finite() || value < 0.0 || value > upper {
            self.reasons.push(Reason::Implausible { component, value });
            return None;
        }
        Some(value)
    }

    fn present<T>(&mut self, component: Component, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.reasons.push(Reason::Missing { component });
        }
        value
    }

    fn blasts_above_30(&mut self, blasts: Option<f64>) -> Option<f64> {
        let b = blasts?;
        if b > 30.0 {
            self.reasons.push(Reason::AboveScope {
                component: Component::Blasts,
                value: b,
            });
            return None;
        }
        Some(b)
    }

    fn done<T>(self, score: Option<T>) -> Result<T, NotScored> {
        match score {
            Some(s) if self.reasons.is_empty() => Ok(s),
            _ => Err(NotScored {
                reasons: self.reasons,
            }),
        }
    }
}

/// The IPSS (Greenberg 1997).
///
/// # Errors
/// [`NotScored`] with every part that is missing, implausible, between
/// the printed blast bands or above 30 % blasts.
pub fn ipss(
    blasts_pct: Option<f64>,
    cytogenetics: Option<IpssCytoGroup>,
    counts: BloodCounts,
) -> Result<Ipss, NotScored> {
    let mut parts = Parts::default();
    let blasts = parts.value(Component::Blasts, blasts_pct);
    let blasts = parts.blasts_above_30(blasts);
    let blast_points = blasts.and_then(|b| {
        let points = match b {
            b if b < 5.0 => Some(0.0),
            b if (5.0..=10.0).contains(&b) => Some(0.5),
            b if (11.0..=20.0).contains(&b) => Some(1.5),
            b if (21.0..=30.0).contains(&b) => Some(2.0),
            _ => None,
        };
        if points.is_none() {
            parts.reasons.push(Reason::BetweenBands {
                component: Component::Blasts,
                value: b,
            });
        }
        points
    });
    let karyotype_points = parts
        .present(Component::Cytogenetics, cytogenetics)
        .map(|g| match g {
            IpssCytoGroup::Good => 0.0,
            IpssCytoGroup::Intermediate => 0.5,
            IpssCytoGroup::Poor => 1.0,
        });
    let hb = parts.value(Component::Hemoglobin, counts.hb_g_dl);
    let anc = parts.value(Component::Neutrophils, counts.anc_per_ul);
    let plt = parts.value(Component::Platelets, counts.platelets_per_ul);
    let score = (|| {
        let cytopenias =
            u8::from(hb? < 10.0) + u8::from(anc? < 1800.0) + u8::from(plt? < 100_000.0);
        let cytopenia_points = if cytopenias >= 2 { 0.5 } else { 0.0 };
        let score = blast_points? + karyotype_points? + cytopenia_points;
        let category = if score == 0.0 {
            IpssCategory::Low
        } else if score <= 1.0 {
            IpssCategory::Int1
        } else if score <= 2.0 {
            IpssCategory::Int2
        } else {
            IpssCategory::High
        };
        Some(Ipss {
            score,
            category,
            blast_points: blast_points?,
            karyotype_points: karyotype_points?,
            cytopenias,
            cytopenia_points,
        })
    })();
    parts.done(score)
}

/// The IPSS-R (Greenberg 2012).
///
/// # Errors
/// [`NotScored`] with every part that is missing, implausible or above
/// 30 % blasts.
pub fn ipss_r(
    blasts_pct: Option<f64>,
    cytogenetics: Option<IpssRCyto>,
    counts: BloodCounts,
) -> Result<IpssR, NotScored> {
    let mut parts = Parts::default();
    let cytogenetic_points =
        parts
            .present(Component::Cytogenetics, cytogenetics)
            .map(|c| match c {
                IpssRCyto::VeryGood => 0.0,
                IpssRCyto::Good => 1.0,
                IpssRCyto::Intermediate => 2.0,
                IpssRCyto::Poor => 3.0,
                IpssRCyto::VeryPoor => 4.0,
            });
    let blasts = parts.value(Component::Blasts, blasts_pct);
    let blast_points = parts.blasts_above_30(blasts).map(|b| match b {
        b if b <= 2.0 => 0.0,
        b if b < 5.0 => 1.0,
        b if b <= 10.0 => 2.0,
        _ => 3.0,
    });
    let hemoglobin_points = parts
        .value(Component::Hemoglobin, counts.hb_g_dl)
        .map(|hb| match hb {
            hb if hb >= 10.0 => 0.0,
            hb if hb >= 8.0 => 1.0,
            _ => 1.5,
        });
    let platelet_points = parts
        .value(Component::Platelets, counts.platelets_per_ul)
        .map(|p| match p {
            p if p >= 100_000.0 => 0.0,
            p if p >= 50_000.0 => 0.5,
            _ => 1.0,
        });
    let neutrophil_points = parts
        .value(Component::Neutrophils, counts.anc_per_ul)
        .map(|anc| if anc >= 800.0 { 0.0 } else { 0.5 });
    let score = (|| {
        let score = cytogenetic_points?
            + blast_points?
            + hemoglobin_points?
            + platelet_points?
            + neutrophil_points?;
        Some(IpssR {
            score,
            category: IpssRCategory::of(score),
            cytogenetic_points: cytogenetic_points?,
            blast_points: blast_points?,
            hemoglobin_points: hemoglobin_points?,
            platelet_points: platelet_points?,
            neutrophil_points: neutrophil_points?,
        })
    })();
    parts.done(score)
}

/// The age-adjusted IPSS-RA from an IPSS-R and the age at diagnosis.
///
/// # Errors
/// [`NotScored`] with the IPSS-R's reasons, and the age's when it is
/// missing or implausible (negative, over 120, not finite).
pub fn ipss_ra(
    ipss_r: &Result<IpssR, NotScored>,
    age_years: Option<f64>,
) -> Result<IpssRa, NotScored> {
    let mut parts = Parts::default();
    if let Err(e) = ipss_r {
        parts.reasons.extend(e.reasons.iter().copied());
    }
    let age = parts.value(Component::Age, age_years).filter(|&age| {
        let ok = age <= 120.0;
        if !ok {
            parts.reasons.push(Reason::Implausible {
                component: Component::Age,
                value: age,
            });
        }
        ok
    });
    let score = ipss_r.as_ref().ok().zip(age).map(|(r, age)| {
        let s = r.score;
        let score = ((s + (age - 70.0) * (0.05 - s * 0.005)) * 1e4).round() / 1e4;
        IpssRa {
            score,
            category: IpssRCategory::of(score),
        }
    });
    parts.done(score)
}

#[cfg(test)]
#[path = "risk_tests.rs"]
mod tests;
