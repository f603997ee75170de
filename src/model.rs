//! Typed patients: what the analysis reads.
//!
//! A [`Patient`] holds every CRF field as an [`Obs`], which keeps "not
//! recorded" (empty cell), "explicitly unknown" (`NA`) and "could not be read"
//! apart; statistics treat all three as missing, and the report counts each.

use crate::date::Date;
use crate::ingest::schedule::Schedule;
use crate::schema::{LabKind, LabTime, LAB_WEEKS};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One observed value.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(tag = "status", content = "value", rename_all = "snake_case")]
pub enum Obs<T> {
    /// A value.
    Known(T),
    /// Empty cell or no column.
    #[default]
    Empty,
    /// Written as unknown (`NA`, `unknown`, `-`).
    Unknown,
    /// Written, but not readable; a diagnostic says why.
    Invalid,
}

impl<T> Obs<T> {
    /// The value, if known.
    pub fn known(&self) -> Option<&T> {
        match self {
            Obs::Known(v) => Some(v),
            _ => None,
        }
    }

    /// True when a value is known.
    pub fn is_known(&self) -> bool {
        matches!(self, Obs::Known(_))
    }

    /// Maps a known value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Obs<U> {
        match self {
            Obs::Known(v) => Obs::Known(f(v)),
            Obs::Empty => Obs::Empty,
            Obs::Unknown => Obs::Unknown,
            Obs::Invalid => Obs::Invalid,
        }
    }
}

impl<T: Copy> Obs<T> {
    /// The value, copied, if known.
    pub fn get(&self) -> Option<T> {
        self.known().copied()
    }
}

/// Sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
}

/// Physician-assessed response, IWG 2000 HI-E.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub enum Response {
    /// RBC transfusion independence (HI-E major).
    #[serde(rename = "RBC-TI")]
    RbcTi,
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

impl Response {
    /// From a canonical category of [`crate::schema::RESPONSE`].
    pub fn from_canonical(s: &str) -> Option<Response> {
        Some(match s {
            "RBC-TI" => Response::RbcTi,
            "HI-E minor" => Response::HiEMinor,
            "none" => Response::NoResponse,
            "NE" => Response::NotEvaluable,
            _ => return None,
        })
    }
}

/// Why lenalidomide was stopped.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// No response.
    NoResponse,
    /// Toxicity.
    Toxicity,
    /// Transformation to AML.
    AmlProgression,
    /// Patient's choice.
    PatientChoice,
    /// Other.
    Other,
}

impl StopReason {
    /// From a canonical category of [`crate::schema::STOP_REASON`].
    pub fn from_canonical(s: &str) -> Option<StopReason> {
        Some(match s {
            "no response" => StopReason::NoResponse,
            "toxicity" => StopReason::Toxicity,
            "AML progression" => StopReason::AmlProgression,
            "patient choice" => StopReason::PatientChoice,
            "other" => StopReason::Other,
            _ => return None,
        })
    }

    /// All reasons in table order.
    pub const ALL: [StopReason; 5] = [
        StopReason::NoResponse,
        StopReason::Toxicity,
        StopReason::AmlProgression,
        StopReason::PatientChoice,
        StopReason::Other,
    ];
}

/// Time points of [`Labs`]: diagnosis, then the nominal weeks.
const LAB_SLOTS: usize = LAB_WEEKS.len() + 1;

// Every slot has a bit in `Labs::recorded`.
const _: () = assert!(4 * LAB_SLOTS <= 32);

/// Lab values by kind and time point (diagnosis, nominal weeks), in analysis
/// units: a fixed table, since every patient has the same 4 × 8 slots.
///
/// The values and which of them were recorded are kept apart (a bit per
/// slot), not as an `Option<f64>` per slot: that took 16 bytes a slot, half
/// of each patient's memory (512 of 1,096 bytes; 264 now). Serialized as
/// the table of optional values it stands for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Labs {
    /// Each slot's value; 0 where none was recorded.
    values: [[f64; LAB_SLOTS]; 4],
    /// Which slots hold a value: bit `kind * LAB_SLOTS + time`.
    recorded: u32,
}

impl Serialize for Labs {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let table: [[Option<f64>; LAB_SLOTS]; 4] =
            std::array::from_fn(|k| std::array::from_fn(|w| self.slot_value(k, w)));
        table.serialize(serializer)
    }
}

impl Labs {
    fn slot(kind: LabKind, time: LabTime) -> Option<(usize, usize)> {
        let k = match kind {
            LabKind::Hb => 0,
            LabKind::Anc => 1,
            LabKind::Plt => 2,
            LabKind::Alc => 3,
        };
        match time {
            LabTime::Diagnosis => Some((k, 0)),
            LabTime::Week(week) => LAB_WEEKS
                .iter()
                .position(|&w| w == week)
                .map(|w| (k, w + 1)),
        }
    }

    /// The bit of a slot in `recorded`.
    fn bit(k: usize, w: usize) -> u32 {
        1 << (k * LAB_SLOTS + w)
    }

    /// The value of a slot, if recorded.
    fn slot_value(&self, k: usize, w: usize) -> Option<f64> {
        (self.recorded & Self::bit(k, w) != 0).then_some(self.values[k][w])
    }

    /// The value at a nominal week.
    pub fn get(&self, kind: LabKind, week: u32) -> Option<f64> {
        self.at(kind, LabTime::Week(week))
    }

    /// The value at a time point.
    pub fn at(&self, kind: LabKind, time: LabTime) -> Option<f64> {
        let (k, w) = Self::slot(kind, time)?;
        self.slot_value(k, w)
    }

    /// Sets the value at a nominal week, returning the previous one; weeks
    /// that are not study weeks are ignored.
    pub fn insert(&mut self, kind: LabKind, week: u32, value: f64) -> Option<f64> {
        self.insert_at(kind, LabTime::Week(week), value)
    }

    /// Sets the value at a time point, returning the previous one.
    pub fn insert_at(&mut self, kind: LabKind, time: LabTime, value: f64) -> Option<f64> {
        let (k, w) = Self::slot(kind, time)?;
        let previous = self.slot_value(k, w);
        self.values[k][w] = value;
        self.recorded |= Self::bit(k, w);
        previous
    }
}

/// Worst grade per adverse-event term key (`deep_vein_thrombosis`).
///
/// Short lists, not a map: a study has a few dozen terms. Every patient of
/// a wide sheet has the same terms in the same order, so the list of terms
/// is shared between them ([`AdverseEvents::shared`]: one list for the
/// cohort, copied for one patient only when a term is added to that patient
/// alone, from a long sheet or a derived grade), and each patient keeps a
/// grade per term: 2 bytes, where a term beside each grade in a vector
/// grown per patient took 24 and a third of it unused (77 MB at 10⁵
/// patients with 30 terms, now 6 MB). Comparison ignores order;
/// serialization sorts by term.
#[derive(Debug, Clone, Default)]
pub struct AdverseEvents {
    /// The terms, in the order recorded.
    terms: Arc<Vec<Arc<str>>>,
    /// Each term's grade, in the order of `terms` (as many).
    grades: Vec<Obs<u8>>,
}

impl AdverseEvents {
    /// A patient's grades of `terms`, shared with the other patients:
    /// `grade(i)` is the grade of `terms[i]`.
    pub(crate) fn shared(
        terms: &Arc<Vec<Arc<str>>>,
        grade: impl FnMut(usize) -> Obs<u8>,
    ) -> AdverseEvents {
        AdverseEvents {
            terms: Arc::clone(terms),
            grades: (0..terms.len()).map(grade).collect(),
        }
    }

    /// The grade recorded for a term.
    pub fn get(&self, term: &str) -> Option<&Obs<u8>> {
        let i = self.terms.iter().position(|k| &**k == term)?;
        self.grades.get(i)
    }

    /// Records a term's grade, returning the one it replaces.
    pub fn insert(&mut self, term: Arc<str>, grade: Obs<u8>) -> Option<Obs<u8>> {
        let found = self
            .terms
            .iter()
            .position(|k| Arc::ptr_eq(k, &term) || *k == term);
        match found.and_then(|i| self.grades.get_mut(i)) {
            Some(v) => Some(std::mem::replace(v, grade)),
            None => {
                // This patient's own list from now on, if it was shared.
                Arc::make_mut(&mut self.terms).push(term);
                self.grades.push(grade);
                None
            }
        }
    }

    /// The terms recorded.
    pub fn terms(&self) -> impl Iterator<Item = &Arc<str>> {
        self.terms.iter()
    }

    /// Each term recorded with its grade (a term once: `insert` replaces).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Obs<u8>)> {
        self.terms.iter().map(|k| &**k).zip(&self.grades)
    }

    /// Keeps the terms for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&Arc<str>, &Obs<u8>) -> bool) {
        let kept: Vec<bool> = self
            .terms
            .iter()
            .zip(&self.grades)
            .map(|(k, v)| keep(k, v))
            .collect();
        if kept.iter().all(|k| *k) {
            return;
        }
        let (terms, grades) = self
            .terms
            .iter()
            .zip(self.grades.drain(..))
            .zip(kept)
            .filter(|(_, keep)| *keep)
            .map(|((k, v), _)| (Arc::clone(k), v))
            .unzip();
        self.terms = Arc::new(terms);
        self.grades = grades;
    }
}

impl PartialEq for AdverseEvents {
    fn eq(&self, other: &Self) -> bool {
        self.grades.len() == other.grades.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl Serialize for AdverseEvents {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sorted: BTreeMap<&str, &Obs<u8>> = self.iter().collect();
        sorted.serialize(serializer)
    }
}

/// One dated lab value of the `labs` sheet, in analysis units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LabRecord {
    /// Sample date.
    pub date: Date,
    /// Which lab.
    pub kind: LabKind,
    /// Value in analysis units (g/dL, per µL).
    pub value: f64,
}

/// One RBC transfusion of the `transfusions` sheet.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TransfusionRecord {
    /// Date given.
    pub date: Date,
    /// RBC units.
    pub units: f64,
    /// Hb that triggered it, g/dL (crf-v1.1 `pre_hb`), when recorded.
    pub pre_hb: Option<f64>,
}

/// One row of the `dosing` sheet: the dose from that date on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DosingRecord {
    /// From this date.
    pub date: Date,
    /// Dose, mg (0 = interrupted).
    pub dose_mg: f64,
    /// Schedule, when given and readable.
    pub schedule: Option<Schedule>,
    /// Reason as written, when given.
    pub reason: Option<String>,
}

/// Where a patient's row is, for diagnostics raised during analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowRef {
    /// File name.
    pub file: String,
    /// Sheet name, for workbooks.
    pub sheet: Option<String>,
    /// Spreadsheet row number.
    pub row: u32,
}

/// The cytogenetic columns ingest filled from the karyotype because the
/// site left them empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FromKaryotype {
    /// `additional_abnormalities` was derived.
    pub additional_abnormalities: bool,
    /// `chr7_abnormality` was derived.
    pub chr7_abnormality: bool,
}

/// One patient of the CRF, typed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Patient {
    /// Where the row is.
    pub source: RowRef,
    /// Identifier, unique in the file.
    pub patient_id: String,
    /// Institution.
    pub site: Obs<String>,
    /// Sex.
    pub sex: Obs<Sex>,
    /// Age at start in years: the `age` column, else completed years from
    /// `birth_date` to `start_date`.
    pub age: Obs<f64>,
    /// Date of birth.
    pub birth_date: Obs<Date>,
    /// Height, cm.
    pub height_cm: Obs<f64>,
    /// Weight, kg.
    pub weight_kg: Obs<f64>,
    /// Date of MDS diagnosis.
    pub diagnosis_date: Obs<Date>,
    /// WHO category (canonical spelling when recognized).
    pub who_class: Obs<String>,
    /// IPSS group (canonical).
    pub ipss: Obs<String>,
    /// IPSS-R group (canonical).
    pub ipss_r: Obs<String>,
    /// Karyotype as written.
    pub karyotype: Obs<String>,
    /// del(5q) present (from the karyotype).
    pub del5q: Obs<bool>,
    /// Abnormalities beyond del(5q).
    pub additional_abnormalities: Obs<u32>,
    /// -7/del(7q).
    pub chr7_abnormality: Obs<bool>,
    /// Which of the two columns above were empty and filled from the
    /// karyotype (a recorded value is never replaced), so a check compares
    /// only what the site recorded.
    pub from_karyotype: FromKaryotype,
    /// Bone-marrow blasts at diagnosis, % (crf-v1.1).
    pub bm_blasts_pct: Obs<f64>,
    /// Transfusion dependent at diagnosis.
    pub td_at_diagnosis: Obs<bool>,
    /// RBC units in the 8 weeks before start.
    pub rbc_units_8wk: Obs<f64>,
    /// RBC units in the 6 months before start.
    pub rbc_units_6mo: Obs<f64>,
    /// ESA before lenalidomide.
    pub prior_esa: Obs<bool>,
    /// RBC-TI on that ESA.
    pub prior_esa_ti: Obs<bool>,
    /// First lenalidomide dose.
    pub start_date: Obs<Date>,
    /// Starting dose, mg.
    pub start_dose_mg: Obs<f64>,
    /// Starting schedule.
    pub start_schedule: Obs<Schedule>,
    /// Labs by (kind, diagnosis or nominal week), in analysis units.
    pub labs: Labs,
    /// Every dated lab value of the `labs` sheet, in analysis units, assigned
    /// to a week or not: the CTCAE derivation grades them all.
    pub lab_log: Vec<LabRecord>,
    /// Every row of the `transfusions` sheet, by date.
    pub transfusion_log: Vec<TransfusionRecord>,
    /// Every row of the `dosing` sheet, by date.
    pub dosing_log: Vec<DosingRecord>,
    /// Response.
    pub response: Obs<Response>,
    /// First day of the transfusion-free period.
    pub response_date: Obs<Date>,
    /// Dose reduced.
    pub dose_reduced: Obs<bool>,
    /// Dose interrupted.
    pub dose_interrupted: Obs<bool>,
    /// Final stable dose, mg.
    pub final_dose_mg: Obs<f64>,
    /// Final stable schedule.
    pub final_schedule: Obs<Schedule>,
    /// Last dose.
    pub stop_date: Obs<Date>,
    /// Why stopped.
    pub stop_reason: Obs<StopReason>,
    /// Last follow-up.
    pub last_followup_date: Obs<Date>,
    /// Dead at last follow-up.
    pub dead: Obs<bool>,
    /// Date of death.
    pub death_date: Obs<Date>,
    /// Date of AML transformation.
    pub aml_date: Obs<Date>,
    /// Worst CTCAE grade per adverse-event term key (`deep_vein_thrombosis`).
    /// Keys are shared between patients (one allocation per term, not per cell).
    pub adverse_events: AdverseEvents,
}

impl Patient {
    /// Where the patient's row is, for a diagnostic about the patient.
    pub fn location(&self) -> crate::diagnostics::Location {
        crate::diagnostics::Location {
            file: self.source.file.clone(),
            sheet: self.source.sheet.clone(),
            row: Some(self.source.row),
            patient_id: Some(self.patient_id.clone()),
            ..crate::diagnostics::Location::default()
        }
    }

    /// A patient with only an identifier and a row.
    pub fn new(patient_id: String, source: RowRef) -> Patient {
        Patient {
            source,
            patient_id,
            site: Obs::Empty,
            sex: Obs::Empty,
            age: Obs::Empty,
            birth_date: Obs::Empty,
            height_cm: Obs::Empty,
            weight_kg: Obs::Empty,
            diagnosis_date: Obs::Empty,
            who_class: Obs::Empty,
            ipss: Obs::Empty,
            ipss_r: Obs::Empty,
            karyotype: Obs::Empty,
            del5q: Obs::Empty,
            additional_abnormalities: Obs::Empty,
            chr7_abnormality: Obs::Empty,
            from_karyotype: FromKaryotype::default(),
            bm_blasts_pct: Obs::Empty,
            td_at_diagnosis: Obs::Empty,
            rbc_units_8wk: Obs::Empty,
            rbc_units_6mo: Obs::Empty,
            prior_esa: Obs::Empty,
            prior_esa_ti: Obs::Empty,
            start_date: Obs::Empty,
            start_dose_mg: Obs::Empty,
            start_schedule: Obs::Empty,
            labs: Labs::default(),
            lab_log: Vec::new(),
            transfusion_log: Vec::new(),
            dosing_log: Vec::new(),
            response: Obs::Empty,
            response_date: Obs::Empty,
            dose_reduced: Obs::Empty,
            dose_interrupted: Obs::Empty,
            final_dose_mg: Obs::Empty,
            final_schedule: Obs::Empty,
            stop_date: Obs::Empty,
            stop_reason: Obs::Empty,
            last_followup_date: Obs::Empty,
            dead: Obs::Empty,
            death_date: Obs::Empty,
            aml_date: Obs::Empty,
            adverse_events: AdverseEvents::default(),
        }
    }

    /// A lab value at a nominal week.
    pub fn lab(&self, kind: LabKind, week: u32) -> Option<f64> {
        self.labs.get(kind, week)
    }

    /// Worst grade of an adverse-event term; a term never recorded is grade 0.
    /// An empty cell is grade 0 too (crf-v1: "empty or 0 = none"); it is
    /// kept as empty only so a long sheet does not call it a contradiction.
    pub fn worst_grade(&self, term: &str) -> Obs<u8> {
        match self.adverse_events.get(term) {
            None | Some(Obs::Empty) => Obs::Known(0),
            Some(o) => o.clone(),
        }
    }

    /// BMI in kg/m², when height and weight are known.
    pub fn bmi(&self) -> Option<f64> {
        let h = self.height_cm.get()? / 100.0;
        let w = self.weight_kg.get()?;
        (h > 0.0).then(|| w / (h * h))
    }

    /// Final stable dose intensity in mg/day.
    pub fn final_dose_intensity_mg_per_day(&self) -> Option<f64> {
        let schedule = self.final_schedule.get()?;
        let dose = self.final_dose_mg.get().or(schedule.dose_in_text_mg)?;
        Some(dose * schedule.fraction_of_days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(names: &[&str]) -> Arc<Vec<Arc<str>>> {
        Arc::new(names.iter().map(|&n| Arc::from(n)).collect())
    }

    #[test]
    fn adverse_events_share_their_terms_and_keep_their_own_grades() {
        let list = terms(&["rash", "neutropenia"]);
        let mut a = AdverseEvents::shared(&list, |t| Obs::Known(t as u8 + 1));
        let b = AdverseEvents::shared(&list, |_| Obs::Empty);
        assert_eq!(a.get("rash"), Some(&Obs::Known(1)));
        assert_eq!(a.get("neutropenia"), Some(&Obs::Known(2)));
        assert_eq!(b.get("rash"), Some(&Obs::Empty));
        assert_eq!(a.get("fatigue"), None);
        // A known term is replaced in place, a new one added to this
        // patient only.
        assert_eq!(a.insert("rash".into(), Obs::Known(3)), Some(Obs::Known(1)));
        assert_eq!(a.insert("fatigue".into(), Obs::Known(2)), None);
        assert_eq!(a.get("fatigue"), Some(&Obs::Known(2)));
        assert_eq!(b.get("fatigue"), None);
        assert_eq!(b.terms().count(), 2);
        assert_eq!(list.len(), 2);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"fatigue":{"status":"known","value":2},"neutropenia":{"status":"known","value":2},"rash":{"status":"known","value":3}}"#
        );
    }

    #[test]
    fn labs_keep_each_slot_and_serialize_as_the_table_of_optional_values() {
        let mut labs = Labs::default();
        assert_eq!(labs.at(LabKind::Hb, LabTime::Diagnosis), None);
        assert_eq!(labs.insert(LabKind::Hb, 8, 9.5), None);
        assert_eq!(labs.insert(LabKind::Alc, 48, 0.0), None);
        assert_eq!(labs.insert(LabKind::Hb, 8, 10.0), Some(9.5));
        assert_eq!(labs.insert(LabKind::Plt, 5, 1.0), None, "not a study week");
        assert_eq!(labs.get(LabKind::Hb, 8), Some(10.0));
        assert_eq!(labs.get(LabKind::Alc, 48), Some(0.0));
        assert_eq!(labs.get(LabKind::Alc, 24), None);
        assert_eq!(labs.get(LabKind::Plt, 5), None);
        let mut table = [[None; LAB_SLOTS]; 4];
        table[0][3] = Some(10.0);
        table[3][7] = Some(0.0);
        assert_eq!(
            serde_json::to_string(&labs).unwrap(),
            serde_json::to_string(&table).unwrap()
        );
        let mut same = Labs::default();
        same.insert(LabKind::Alc, 48, 0.0);
        assert_ne!(same, labs);
        same.insert_at(LabKind::Hb, LabTime::Week(8), 10.0);
        assert_eq!(same, labs);
    }

    #[test]
    fn adverse_events_compare_whatever_the_order() {
        let shared =
            AdverseEvents::shared(&terms(&["rash", "neutropenia"]), |t| Obs::Known(t as u8));
        let mut inserted = AdverseEvents::default();
        inserted.insert("neutropenia".into(), Obs::Known(1));
        assert_ne!(shared, inserted);
        inserted.insert("rash".into(), Obs::Known(0));
        assert_eq!(shared, inserted);
        let mut fewer = shared.clone();
        fewer.retain(|term, _| &**term != "rash");
        assert_eq!(
            fewer.terms().map(|t| &**t).collect::<Vec<_>>(),
            ["neutropenia"]
        );
        assert_eq!(fewer.get("neutropenia"), Some(&Obs::Known(1)));
        assert_eq!(shared.get("rash"), Some(&Obs::Known(0)));
    }
}
