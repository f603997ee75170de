//! One derived row per screened patient (like an ADaM subject-level
//! dataset): every value the derivations compute from the raw records, put
//! beside the recorded value it checks.
//!
//! Why a row of its own: the checks tables count these rows, the "derived"
//! data sources of the settings read them, and the row is what a study
//! statistician downloads to redo any of it elsewhere. A value that cannot
//! be derived is empty with the reason ([`NotDerived`]), never a guess.

use super::ctcae::{self, Grade, Lab};
use super::cytogenetics::{self, IpssCytoGroup, IpssRCyto};
use super::dose::{self, DoseHistory, DoseRow, RecordedDose};
use super::hira::{self, HiraRule};
use super::iscn::Karyotype;
use super::response::{self, ErythroidInput};
use super::response_outcome::{Iwg2000, Iwg2006, Iwg2018};
use super::risk::{self, BloodCounts, Component, Ipss, IpssR, IpssRa};
use super::transfusion::{self, BurdenDisagreement, PreStartBurden, Transfusion};
use super::{dose_reason, DerivationSettings, TreatmentPeriod};
use crate::date::Date;
use crate::model::{Obs, Patient, Response};
use crate::schema::{LabKind, LAB_WEEKS};
use serde::Serialize;

/// Which raw records the files hold at all: a patient with no row in a
/// sheet that exists has none of those events (0 units, no dose change);
/// without the sheet nothing can be derived from it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Records {
    /// A `transfusions` sheet was read.
    pub transfusions: bool,
    /// A `dosing` sheet was read.
    pub dosing: bool,
}

/// Why a derived value is empty.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotDerived {
    /// No `start_date`.
    NoStartDate,
    /// Neither a stop date nor a last follow-up date to end the treatment.
    NoTreatmentEnd,
    /// The files have no `transfusions` sheet.
    NoTransfusionSheet,
    /// The files have no `dosing` sheet.
    NoDosingSheet,
    /// No `start_dose_mg`.
    NoStartDose,
    /// No lab value of this count on treatment.
    NoLabValue,
    /// No karyotype.
    NoKaryotype,
    /// A part of the karyotype could not be read (see the warning).
    KaryotypeNotRead,
}

/// The derived values of one patient (the derived dataset's row).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subject {
    /// Patient.
    pub patient_id: String,
    /// Institution, as recorded.
    pub site: Option<String>,
    /// What the karyotype says, when it could be read and classified.
    pub cytogenetics: Option<CytoFacts>,
    /// IPSS from blasts, karyotype and counts.
    pub ipss: Option<Ipss>,
    /// IPSS-R from blasts, karyotype and counts.
    pub ipss_r: Option<IpssR>,
    /// Age-adjusted IPSS-R.
    pub ipss_ra: Option<IpssRa>,
    /// Why a score is missing: every missing or out-of-band part.
    pub risk_not_scored: Vec<risk::Reason>,
    /// The counts at diagnosis that were missing, so week 0's were used
    /// instead (each count on its own: [`Component::Hemoglobin`],
    /// [`Component::Neutrophils`], [`Component::Platelets`]).
    pub counts_from_week0: Vec<Component>,
    /// Age in years at diagnosis, for IPSS-RA ([`age_at_diagnosis`]; when
    /// missing, [`Subject::risk_not_scored`] names the part that is).
    pub age_at_diagnosis: Option<f64>,
    /// IPSS as recorded.
    pub ipss_recorded: Option<String>,
    /// IPSS-R as recorded.
    pub ipss_r_recorded: Option<String>,
    /// Worst CTCAE grade on treatment per count, from every lab value, in
    /// the order of [`Lab::ALL`] (anemia, neutropenia, thrombocytopenia,
    /// lymphopenia).
    pub ctcae: [Option<u8>; 4],
    /// CTCAE grade at baseline per count (for the shift tables).
    pub ctcae_baseline: [Option<u8>; 4],
    /// Recorded `ae_` grades of the same four terms; `None` when not
    /// recorded (no such column, or an empty cell), never grade 0.
    pub ctcae_recorded: [Option<u8>; 4],
    /// RBC units before start from the log (8 weeks, 26 weeks, 16 weeks).
    pub burden: Option<PreStartBurden>,
    /// Recorded burden columns the log contradicts.
    pub burden_disagreements: Vec<BurdenDisagreement>,
    /// IWG 2000 response from the transfusion log and Hb.
    pub iwg2000: Option<Iwg2000>,
    /// IWG 2006 response and whether its Hb ≤ 9.0 rule could be applied.
    pub iwg2006: Option<Iwg2006>,
    /// IWG 2018 burden group and response.
    pub iwg2018: Option<Iwg2018>,
    /// Response as recorded.
    pub response_recorded: Option<Response>,
    /// The HIRA 4-month rule.
    pub hira: Option<HiraRule>,
    /// Dose history from the dosing sheet.
    pub dose: Option<DoseHistory>,
    /// Recorded dose columns the dosing sheet contradicts.
    pub dose_disagreements: Vec<dose::DoseDisagreement>,
    /// Why each empty group of values is empty: (what, why).
    pub not_derived: Vec<(Derivation, NotDerived)>,
}

/// What the karyotype says (derivations.md, Cytogenetics).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CytoFacts {
    /// del(5q) present.
    pub del5q: bool,
    /// Distinct clonal abnormalities.
    pub abnormalities: u32,
    /// -7 or del(7q).
    pub chr7: bool,
    /// ≥ 3 abnormalities.
    pub complex: bool,
    /// IPSS cytogenetic group.
    pub ipss_group: IpssCytoGroup,
    /// IPSS-R cytogenetic category.
    pub ipss_r_category: IpssRCyto,
}

/// A group of derived values, for saying why it is empty.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Derivation {
    /// CTCAE grades from labs.
    Ctcae,
    /// Transfusion burden before start.
    Burden,
    /// IWG responses and the HIRA rule.
    Response,
    /// Dose modification.
    Dose,
    /// Cytogenetics from the karyotype.
    Cytogenetics,
}

/// Every dated Hb (or other count) value of a patient: the long sheet's
/// and the week columns' (at their nominal days).
fn lab_values(p: &Patient, kind: LabKind, start: Option<Date>) -> Vec<(Date, f64)> {
    let mut values: Vec<(Date, f64)> = p
        .lab_log
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| (r.date, r.value))
        .collect();
    if let Some(start) = start {
        let weeks: Vec<(u32, f64)> = LAB_WEEKS
            .iter()
            .filter_map(|&w| p.lab(kind, w).map(|v| (w, v)))
            .collect();
        for (date, value) in ctcae::week_values(start, &weeks) {
            // A week value that came from the long sheet is there already.
            if !values.contains(&(date, value)) {
                values.push((date, value));
            }
        }
    }
    values.sort_by_key(|a| a.0);
    values
}

fn lab_kind(lab: Lab) -> LabKind {
    match lab {
        Lab::Hemoglobin => LabKind::Hb,
        Lab::Neutrophils => LabKind::Anc,
        Lab::Platelets => LabKind::Plt,
        Lab::Lymphocytes => LabKind::Alc,
    }
}

fn grade_number(g: Option<Grade>) -> Option<u8> {
    g.map(Grade::number)
}

/// The treatment period, or why there is none.
fn period(p: &Patient) -> Result<TreatmentPeriod, NotDerived> {
    let start = p.start_date.get().ok_or(NotDerived::NoStartDate)?;
    let stop = p.stop_date.get();
    let end = stop
        .or(p.last_followup_date.get())
        .ok_or(NotDerived::NoTreatmentEnd)?;
    Ok(TreatmentPeriod::new(start, stop, end))
}

/// Days in a year, for ages from dates (the mean Gregorian year with leap
/// days, as ages in years are usually computed from day counts).
const DAYS_PER_YEAR: f64 = 365.25;

/// Age in years at diagnosis (IPSS-RA, derivations.md: "age in years at
/// diagnosis"): from `birth_date` when recorded, else crf-v1's `age` (the
/// age at lenalidomide start) minus the years from `diagnosis_date` to
/// `start_date`. Without a diagnosis date it is unknown, and the missing
/// part is returned (never the age at start in its place).
pub fn age_at_diagnosis(p: &Patient) -> Result<f64, Component> {
    let dx = p.diagnosis_date.get().ok_or(Component::DiagnosisDate)?;
    if let Some(birth) = p.birth_date.get() {
        return Ok(f64::from(dx.days() - birth.days()) / DAYS_PER_YEAR);
    }
    let age = p.age.get().ok_or(Component::Age)?;
    let start = p.start_date.get().ok_or(Component::Age)?;
    Ok(age - f64::from(start.days() - dx.days()) / DAYS_PER_YEAR)
}

/// What each distinct karyotype text says, read once: a cohort repeats a
/// few hundred karyotypes over its patients (1,198 distinct texts among
/// 10⁵ synthetic patients), and reading one is the dearest step of a
/// patient's row (the ISCN parse and classification were two thirds of
/// deriving it). The reading is a function of the text and the settings'
/// 3q scope alone, so the cached value is the value; one [`Karyotypes`]
/// serves one scope, the one it is made with.
#[derive(Debug)]
pub struct Karyotypes<'a> {
    three_q: cytogenetics::ThreeQScope,
    read: std::collections::HashMap<&'a str, Result<CytoFacts, NotDerived>>,
}

impl<'a> Karyotypes<'a> {
    /// An empty cache for karyotypes read under `three_q`.
    pub fn new(three_q: cytogenetics::ThreeQScope) -> Karyotypes<'a> {
        Karyotypes {
            three_q,
            read: std::collections::HashMap::new(),
        }
    }

    /// What `text` says, or why it says nothing ([`NotDerived::KaryotypeNotRead`]).
    fn facts(&mut self, text: &'a str) -> Result<CytoFacts, NotDerived> {
        let three_q = self.three_q;
        *self
            .read
            .entry(text)
            .or_insert_with(|| cyto_facts(text, three_q))
    }
}

/// Reads and classifies one karyotype text.
fn cyto_facts(text: &str, three_q: cytogenetics::ThreeQScope) -> Result<CytoFacts, NotDerived> {
    let c = cytogenetics::classify(&Karyotype::parse(text), three_q);
    match c.classification {
        Ok(k) => Ok(CytoFacts {
            del5q: c.del5q,
            abnormalities: k.distinct,
            chr7: c.minus7_or_del7q,
            complex: k.complex,
            ipss_group: k.ipss,
            ipss_r_category: k.ipss_r,
        }),
        Err(_) => Err(NotDerived::KaryotypeNotRead),
    }
}

/// Derives every value of one patient.
pub fn derive(p: &Patient, records: Records, s: &DerivationSettings) -> Subject {
    derive_reading(p, records, s, &mut Karyotypes::new(s.three_q))
}

/// [`derive`], with the karyotypes already read ([`Karyotypes`], made with
/// `s.three_q`): what [`super::checks::build`] calls for each patient.
pub fn derive_reading<'a>(
    p: &'a Patient,
    records: Records,
    s: &DerivationSettings,
    karyotypes: &mut Karyotypes<'a>,
) -> Subject {
    let mut not_derived = Vec::new();
    let period = period(p);
    let start = p.start_date.get();
    let sex = p.sex.get();

    // CTCAE grades from every lab value.
    let mut ctcae = [None; 4];
    let mut ctcae_baseline = [None; 4];
    let mut ctcae_recorded = [None; 4];
    for (i, lab) in Lab::ALL.into_iter().enumerate() {
        // Only a grade the files hold: a missing `ae_` column or an empty
        // cell is "not recorded" here, not grade 0, so it is never compared
        // (an `adverse_events` sheet records grade 0 for a term it lists
        // and a patient lacks, crf-v1, and ingest stores that as known).
        ctcae_recorded[i] = match p.adverse_events.get(lab.ae_term()) {
            Some(Obs::Known(g)) => Some(*g),
            _ => None,
        };
        let values = lab_values(p, lab_kind(lab), start);
        let lln = s.ctcae.lln(lab, sex);
        if let Ok(period) = &period {
            ctcae[i] = grade_number(
                ctcae::worst_on_treatment(lab, &values, period, lln, &s.ctcae).map(|g| g.grade),
            );
            ctcae_baseline[i] = grade_number(
                ctcae::baseline(lab, &values, period.start, lln, &s.ctcae).map(|g| g.grade),
            );
        }
    }
    match &period {
        Err(why) => not_derived.push((Derivation::Ctcae, *why)),
        Ok(_) if ctcae.iter().all(Option::is_none) => {
            not_derived.push((Derivation::Ctcae, NotDerived::NoLabValue));
        }
        Ok(_) => {}
    }

    // The transfusion log: burden before start, responses, HIRA.
    let log: Vec<Transfusion> = p
        .transfusion_log
        .iter()
        .map(|t| Transfusion {
            date: t.date,
            units: t.units,
            pre_hb: t.pre_hb,
        })
        .collect();
    let (mut burden, mut burden_disagreements) = (None, Vec::new());
    let (mut iwg2000, mut iwg2006, mut iwg2018, mut hira) = (None, None, None, None);
    match (&period, records.transfusions) {
        (_, false) => {
            not_derived.push((Derivation::Burden, NotDerived::NoTransfusionSheet));
            not_derived.push((Derivation::Response, NotDerived::NoTransfusionSheet));
        }
        (Err(why), true) => {
            if let Some(start) = start {
                burden = Some(transfusion::pre_start_burden(&log, start));
            } else {
                not_derived.push((Derivation::Burden, *why));
            }
            not_derived.push((Derivation::Response, *why));
        }
        (Ok(period), true) => {
            let derived = transfusion::pre_start_burden(&log, period.start);
            burden_disagreements =
                transfusion::compare_burden(&derived, p.rbc_units_8wk.get(), p.rbc_units_6mo.get());
            burden = Some(derived);
            let hb = lab_values(p, LabKind::Hb, start);
            let input = ErythroidInput {
                period: *period,
                transfusions: &log,
                hb: &hb,
            };
            iwg2000 = Some(response::iwg2000(&input, &s.response).category);
            iwg2006 = Some(response::iwg2006(&input, &s.response));
            iwg2018 = Some(response::iwg2018(&input, &s.response));
            hira = Some(hira::hira_rule(&log, period, &s.hira));
        }
    }

    // The dosing sheet.
    let (mut dose, mut dose_disagreements) = (None, Vec::new());
    match (&period, records.dosing, p.start_dose_mg.get()) {
        (_, false, _) => not_derived.push((Derivation::Dose, NotDerived::NoDosingSheet)),
        (Err(why), true, _) => not_derived.push((Derivation::Dose, *why)),
        (Ok(_), true, None) => not_derived.push((Derivation::Dose, NotDerived::NoStartDose)),
        (Ok(period), true, Some(start_dose)) => {
            let rows: Vec<DoseRow> = p
                .dosing_log
                .iter()
                .map(|r| DoseRow {
                    date: r.date,
                    dose_mg: r.dose_mg,
                    schedule: r.schedule,
                    interruption: r.dose_mg == 0.0
                        || r.reason
                            .as_deref()
                            .is_some_and(|t| dose_reason::read_reason(t).is_interruption()),
                })
                .collect();
            let history =
                dose::dose_history(start_dose, p.start_schedule.get(), &rows, period, &s.dose);
            dose_disagreements = dose::compare(
                &history,
                &RecordedDose {
                    dose_reduced: p.dose_reduced.get(),
                    dose_interrupted: p.dose_interrupted.get(),
                    final_dose_mg: p.final_dose_mg.get(),
                    final_schedule: p.final_schedule.get(),
                },
            );
            dose = Some(history);
        }
    }

    // Cytogenetics and risk scores: diagnosis counts, else week 0.
    let cytogenetics = match p.karyotype.known() {
        None => {
            not_derived.push((Derivation::Cytogenetics, NotDerived::NoKaryotype));
            None
        }
        Some(text) => match karyotypes.facts(text) {
            Ok(facts) => Some(facts),
            Err(why) => {
                not_derived.push((Derivation::Cytogenetics, why));
                None
            }
        },
    };
    let at_dx = |kind| p.labs.at(kind, crate::schema::LabTime::Diagnosis);
    let dx = BloodCounts {
        hb_g_dl: at_dx(LabKind::Hb),
        anc_per_ul: at_dx(LabKind::Anc),
        platelets_per_ul: at_dx(LabKind::Plt),
    };
    // Each count on its own: a missing diagnosis count is taken from week
    // 0 when week 0 has it (derivations.md), and the row says which.
    let mut counts_from_week0 = Vec::new();
    let mut fallback = |at_dx: Option<f64>, kind: LabKind, component: Component| {
        at_dx.or_else(|| {
            let w0 = p.lab(kind, 0);
            if w0.is_some() {
                counts_from_week0.push(component);
            }
            w0
        })
    };
    let counts = BloodCounts {
        hb_g_dl: fallback(dx.hb_g_dl, LabKind::Hb, Component::Hemoglobin),
        anc_per_ul: fallback(dx.anc_per_ul, LabKind::Anc, Component::Neutrophils),
        platelets_per_ul: fallback(dx.platelets_per_ul, LabKind::Plt, Component::Platelets),
    };
    let blasts = p.bm_blasts_pct.get();
    let ipss = risk::ipss(blasts, cytogenetics.map(|c| c.ipss_group), counts);
    let ipss_r = risk::ipss_r(blasts, cytogenetics.map(|c| c.ipss_r_category), counts);
    let age_dx = age_at_diagnosis(p);
    let mut ipss_ra = risk::ipss_ra(&ipss_r, age_dx.ok());
    if let (Err(part), Err(e)) = (age_dx, &mut ipss_ra) {
        // Name the part the age at diagnosis lacks (e.g. the diagnosis date).
        for r in &mut e.reasons {
            if *r
                == (risk::Reason::Missing {
                    component: Component::Age,
                })
            {
                *r = risk::Reason::Missing { component: part };
            }
        }
    }
    let mut risk_not_scored: Vec<risk::Reason> = Vec::new();
    for reasons in [
        ipss.as_ref().err().map(|e| &e.reasons),
        ipss_r.as_ref().err().map(|e| &e.reasons),
        ipss_ra.as_ref().err().map(|e| &e.reasons),
    ]
    .into_iter()
    .flatten()
    {
        for r in reasons {
            if !risk_not_scored.contains(r) {
                risk_not_scored.push(*r);
            }
        }
    }

    Subject {
        patient_id: p.patient_id.clone(),
        site: p.site.known().cloned(),
        cytogenetics,
        ipss: ipss.ok(),
        ipss_r: ipss_r.ok(),
        ipss_ra: ipss_ra.ok(),
        risk_not_scored,
        counts_from_week0,
        age_at_diagnosis: age_dx.ok(),
        ipss_recorded: p.ipss.known().cloned(),
        ipss_r_recorded: p.ipss_r.known().cloned(),
        ctcae,
        ctcae_baseline,
        ctcae_recorded,
        burden,
        burden_disagreements,
        iwg2000,
        iwg2006,
        iwg2018,
        response_recorded: match &p.response {
            Obs::Known(r) => Some(*r),
            _ => None,
        },
        hira,
        dose,
        dose_disagreements,
        not_derived,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::cytogenetics::ThreeQScope;

    /// A karyotype read through the cache says what a fresh reading says,
    /// the first time and every time after, under either 3q scope; one
    /// that cannot be read is [`NotDerived::KaryotypeNotRead`] each time.
    #[test]
    fn cached_karyotypes_read_as_fresh_ones() {
        let texts = [
            "46,XX,del(5)(q13q33)[20]",
            "46,XY,del(5)(q13q33)[12]/46,XY[8]",
            "47,XY,del(5)(q13q33),+8,-7,inv(3)(q21q26)[15]/46,XY[5]",
            "46,XX,del(5)(q13q33),del(7)(q22)[10]",
            "46,XX,t(3;3)(q21;q26),del(5)(q13q33)[9]/46,XX[11]",
            "this is not a karyotype",
        ];
        for scope in [ThreeQScope::default(), ThreeQScope::Q21OrQ26] {
            let mut cache = Karyotypes::new(scope);
            for _ in 0..2 {
                for text in texts {
                    assert_eq!(cache.facts(text), cyto_facts(text, scope), "{text}");
                }
            }
            assert_eq!(cache.read.len(), texts.len());
        }
        assert_eq!(
            cyto_facts("this is not a karyotype", ThreeQScope::default()),
            Err(NotDerived::KaryotypeNotRead)
        );
        // Not vacuous: the facts differ between the karyotypes.
        let del7 = cyto_facts(texts[3], ThreeQScope::default()).unwrap();
        let isolated = cyto_facts(texts[0], ThreeQScope::default()).unwrap();
        assert!(del7.chr7 && !isolated.chr7 && isolated.del5q);
    }
}
