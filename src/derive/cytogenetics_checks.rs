//! What the karyotypes say over all screened patients, and the recorded
//! cytogenetic columns against them (derivations.md: "every disagreement is
//! listed").
//!
//! Why over every screened patient: like the other checks this is about
//! the site's record, and a registry extract with karyotypes but no
//! lenalidomide columns (no safety population, so no Table 1) still gets
//! its cytogenetics summary.
//!
//! What is compared (crf-v1): `additional_abnormalities` (abnormalities
//! beyond del(5q)) and `chr7_abnormality` (-7 or del(7q)), each only where
//! the site filled it: a column that ingest filled from the karyotype
//! ([`crate::model::FromKaryotype`]) would agree with itself. crf-v1 has
//! no recorded del(5q) or "complex" column, so those are summarised, not
//! compared. The eligibility (no -7/del(7q)) and Table 1's karyotype rows
//! use the recorded columns when filled (analysis plan, "Karyotype: the
//! … columns win when filled"); `risk_source` changes only the IPSS and
//! IPSS-R groups, so a disagreement here can change eligibility, which is
//! why each one is listed.
//!
//! The WHO class is a recorded cytogenetic statement too: "MDS with
//! isolated del(5q)" requires "del(5q) alone or with 1 additional
//! abnormality, except loss of chromosome 7 or del(7q)" (WHO 2016, Arber et
//! al., Blood 2016;127:2391, table of MDS types, as reprinted by MDS Europe;
//! the same in WHO 2022, Khoury et al., Leukemia 2022;36:1703, Table 3).
//! A patient recorded in that class whose karyotype does not fit is listed.
//! The other direction is not a contradiction (a del(5q) patient with 5 %
//! blasts is MDS-EB), so it is not compared.

use super::agreement::agreement;
use super::checks::Comparison;
use super::cytogenetics::{IpssCytoGroup, IpssRCyto};
use super::subject::{Derivation, NotDerived, Subject};
use crate::model::Patient;
use serde::Serialize;

/// How many patients' karyotypes say what.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CytogeneticsSummary {
    /// Screened patients.
    pub screened: usize,
    /// No karyotype (empty, or recorded as not done or unknown).
    pub no_karyotype: usize,
    /// A karyotype that could not be read completely (see the warnings).
    pub not_read: usize,
    /// Karyotypes read and classified: the denominator of the rows below.
    pub classified: usize,
    /// With a del(5q) clone.
    pub del5q: usize,
    /// Of those: del(5q) alone.
    pub isolated_del5q: usize,
    /// Of those: del(5q) and one more abnormality.
    pub del5q_plus_one: usize,
    /// Of those: del(5q) and two or more.
    pub del5q_plus_two: usize,
    /// -7 or del(7q).
    pub chr7: usize,
    /// Three or more distinct abnormalities.
    pub complex: usize,
    /// IPSS cytogenetic groups, best first, zero rows kept.
    pub ipss_groups: Vec<(IpssCytoGroup, usize)>,
    /// IPSS-R cytogenetic categories, best first, zero rows kept.
    pub ipss_r_categories: Vec<(IpssRCyto, usize)>,
}

/// The cytogenetics derived from the karyotypes and the recorded columns
/// against them.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CytogeneticsChecks {
    /// What the karyotypes say.
    pub summary: CytogeneticsSummary,
    /// Recorded `additional_abnormalities` against the karyotype's count of
    /// abnormalities beyond del(5q) (patients with both).
    pub additional_abnormalities: Comparison<u32>,
    /// Recorded `chr7_abnormality` against -7/del(7q) in the karyotype
    /// (patients with both).
    pub chr7_abnormality: Comparison<bool>,
    /// Patients recorded as WHO "MDS with isolated del(5q)" whose read
    /// karyotype does not fit that class, with why (in the JSON their
    /// number, `who_isolated_del5q_mismatches`; the disagreement listing
    /// names them).
    #[serde(
        rename = "who_isolated_del5q_mismatches",
        serialize_with = "super::checks::count"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "usize"))]
    pub who_isolated_del5q: Vec<WhoMismatch>,
}

/// Why a karyotype does not fit WHO "MDS with isolated del(5q)".
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotIsolatedDel5q {
    /// No del(5q) clone.
    NoDel5q,
    /// -7 or del(7q).
    Chromosome7,
    /// Two or more abnormalities besides del(5q).
    TwoOrMoreAdditional,
}

/// A patient whose WHO class the karyotype contradicts.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhoMismatch {
    /// Patient.
    pub patient_id: String,
    /// Why the karyotype does not fit.
    pub reason: NotIsolatedDel5q,
}

/// The canonical spelling of the WHO class the check is about.
const WHO_ISOLATED_DEL5Q: &str = "MDS with isolated del(5q)";

/// The IPSS cytogenetic groups in table order.
const IPSS_GROUPS: [IpssCytoGroup; 3] = [
    IpssCytoGroup::Good,
    IpssCytoGroup::Intermediate,
    IpssCytoGroup::Poor,
];

/// The IPSS-R cytogenetic categories in table order.
const IPSS_R_CATEGORIES: [IpssRCyto; 5] = [
    IpssRCyto::VeryGood,
    IpssRCyto::Good,
    IpssRCyto::Intermediate,
    IpssRCyto::Poor,
    IpssRCyto::VeryPoor,
];

/// Summarises the karyotypes and compares the recorded columns;
/// `patients` and `subjects` are in the same order (one subject per
/// patient).
pub fn build(patients: &[Patient], subjects: &[Subject], level: f64) -> CytogeneticsChecks {
    let mut s = CytogeneticsSummary {
        screened: subjects.len(),
        no_karyotype: 0,
        not_read: 0,
        classified: 0,
        del5q: 0,
        isolated_del5q: 0,
        del5q_plus_one: 0,
        del5q_plus_two: 0,
        chr7: 0,
        complex: 0,
        ipss_groups: IPSS_GROUPS.iter().map(|&g| (g, 0)).collect(),
        ipss_r_categories: IPSS_R_CATEGORIES.iter().map(|&c| (c, 0)).collect(),
    };
    let mut additional = Vec::new();
    let mut chr7 = Vec::new();
    let mut who_isolated_del5q = Vec::new();
    for (p, subject) in patients.iter().zip(subjects) {
        let why = subject
            .not_derived
            .iter()
            .find(|(d, _)| *d == Derivation::Cytogenetics)
            .map(|(_, why)| *why);
        match why {
            Some(NotDerived::NoKaryotype) => s.no_karyotype += 1,
            Some(_) => s.not_read += 1,
            None => {}
        }
        let Some(c) = subject.cytogenetics else {
            continue;
        };
        s.classified += 1;
        let derived_additional = c.abnormalities - u32::from(c.del5q);
        if c.del5q {
            s.del5q += 1;
            match derived_additional {
                0 => s.isolated_del5q += 1,
                1 => s.del5q_plus_one += 1,
                _ => s.del5q_plus_two += 1,
            }
        }
        s.chr7 += usize::from(c.chr7);
        s.complex += usize::from(c.complex);
        for (g, n) in &mut s.ipss_groups {
            *n += usize::from(*g == c.ipss_group);
        }
        for (k, n) in &mut s.ipss_r_categories {
            *n += usize::from(*k == c.ipss_r_category);
        }
        let id = || subject.patient_id.clone();
        if p.who_class.known().map(String::as_str) == Some(WHO_ISOLATED_DEL5Q) {
            let reason = if !c.del5q {
                Some(NotIsolatedDel5q::NoDel5q)
            } else if c.chr7 {
                Some(NotIsolatedDel5q::Chromosome7)
            } else if derived_additional >= 2 {
                Some(NotIsolatedDel5q::TwoOrMoreAdditional)
            } else {
                None
            };
            if let Some(reason) = reason {
                who_isolated_del5q.push(WhoMismatch {
                    patient_id: id(),
                    reason,
                });
            }
        }
        if !p.from_karyotype.additional_abnormalities {
            if let Some(&recorded) = p.additional_abnormalities.known() {
                additional.push((id(), recorded, derived_additional));
            }
        }
        if !p.from_karyotype.chr7_abnormality {
            if let Some(&recorded) = p.chr7_abnormality.known() {
                chr7.push((id(), recorded, c.chr7));
            }
        }
    }
    CytogeneticsChecks {
        summary: s,
        additional_abnormalities: agreement(&additional, &[0, 1, 2], level).into(),
        chr7_abnormality: agreement(&chr7, &[true, false], level).into(),
        who_isolated_del5q,
    }
}

#[cfg(test)]
#[path = "cytogenetics_checks_tests.rs"]
mod tests;
