//! Headers to fields: crf-v1 "Header matching".
//!
//! A header is normalized (case, spaces, dots, hyphens, underscores and a
//! trailing bracketed unit ignored) and compared with the schema's canonical
//! names and aliases, then with the lab pattern (`Hb W4`, `Platelets
//! baseline`) and the adverse-event prefix (`AE: deep vein thrombosis`). A
//! header that matches nothing is ignored and said so; two headers that match
//! one field are an error, because guessing which one the site meant could
//! silently change a result.

use crate::schema::{
    normalize_header, normalize_token, ColumnSpec, Field, LabKind, LabTime, LAB_KINDS, LAB_WEEKS,
    PATIENT_COLUMNS,
};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The field a header maps to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldKey {
    /// A fixed column of [`PATIENT_COLUMNS`].
    Fixed(Field),
    /// A lab at diagnosis or at a nominal week.
    Lab(LabKind, LabTime),
    /// An adverse-event grade; the term key in snake case.
    Ae(String),
}

impl FieldKey {
    /// The canonical column name (`hb_w4`, `ae_pruritus`, `sex`).
    pub fn canonical_name(&self) -> String {
        match self {
            FieldKey::Fixed(field) => field.name().to_string(),
            FieldKey::Lab(kind, time) => format!("{}_{}", kind.prefix(), time.suffix()),
            FieldKey::Ae(term) => format!("ae_{term}"),
        }
    }

    /// The schema entry of a fixed column.
    pub fn spec(&self) -> Option<&'static ColumnSpec> {
        match self {
            FieldKey::Fixed(field) => Some(field.spec()),
            _ => None,
        }
    }
}

/// Result of matching one header.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderMatch {
    /// Maps to a field; with the bracketed unit, if any.
    Field(FieldKey, Option<String>),
    /// A lab column at a week the study does not use.
    UnusedWeek(LabKind, u32),
    /// Unknown.
    Unknown,
}

/// Matches a header of the patients sheet.
pub fn match_header(header: &str) -> HeaderMatch {
    if let Some(term) = ae_term(header) {
        return HeaderMatch::Field(FieldKey::Ae(term), None);
    }
    let (norm, unit) = normalize_header(header);
    if norm.is_empty() {
        return HeaderMatch::Unknown;
    }
    if let Some(&field) = fixed_names().get(&norm) {
        return HeaderMatch::Field(FieldKey::Fixed(field), unit);
    }
    match lab_header(&norm) {
        Some((kind, LabTime::Week(week))) if !LAB_WEEKS.contains(&week) => {
            HeaderMatch::UnusedWeek(kind, week)
        }
        Some((kind, time)) => HeaderMatch::Field(FieldKey::Lab(kind, time), unit),
        None => HeaderMatch::Unknown,
    }
}

/// Every fixed column's normalized names → its field (the first column
/// that has the name, as a scan in schema order would find), built once: a
/// sheet of 10⁵ headers would otherwise normalize every name and alias of
/// the schema 10⁵ times.
fn fixed_names() -> &'static HashMap<String, Field> {
    static NAMES: OnceLock<HashMap<String, Field>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut map = HashMap::new();
        for spec in PATIENT_COLUMNS {
            for name in names_of(spec) {
                map.entry(name).or_insert(spec.field);
            }
        }
        map
    })
}

/// Canonical name, the name without its unit suffix, and aliases, normalized.
fn names_of(spec: &ColumnSpec) -> impl Iterator<Item = String> + '_ {
    let without_unit = ["_cm", "_kg", "_mg"]
        .iter()
        .find_map(|suffix| spec.name.strip_suffix(suffix))
        .map(normalize_token);
    std::iter::once(normalize_token(spec.name))
        .chain(without_unit)
        .chain(spec.aliases.iter().map(|a| normalize_token(a)))
}

/// `AE Pruritus`, `AE: deep vein thrombosis`, `ae_febrile_neutropenia`,
/// `AE-rash (grade)` → the term in snake case.
pub fn ae_term(header: &str) -> Option<String> {
    let lower = header.trim().to_lowercase();
    let rest = lower.strip_prefix("ae")?;
    let first = rest.chars().next()?;
    if !matches!(first, ' ' | ':' | '_' | '-' | '.') {
        return None;
    }
    let rest = match rest.find(['(', '[']) {
        Some(i) => &rest[..i],
        None => rest,
    };
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join("_"))
}

/// `hbw4`, `hgbweek4`, `plateletsw0`, `ancbaseline`, `w4hb`, `hbdx` → (kind,
/// time point).
fn lab_header(norm: &str) -> Option<(LabKind, LabTime)> {
    for (kind, words) in lab_words() {
        for word in words {
            if let Some(rest) = norm.strip_prefix(word.as_str()) {
                if let Some(week) = week_of(rest) {
                    return Some((*kind, week));
                }
            }
            if let Some(rest) = norm.strip_suffix(word.as_str()) {
                if let Some(week) = week_of(rest) {
                    return Some((*kind, week));
                }
            }
        }
    }
    None
}

/// Each lab's words, normalized once (10⁵ unknown headers normalized every
/// lab word 10⁵ times: most of the time such a file took).
fn lab_words() -> &'static [(LabKind, Vec<String>)] {
    static WORDS: OnceLock<Vec<(LabKind, Vec<String>)>> = OnceLock::new();
    WORDS.get_or_init(|| {
        LAB_KINDS
            .iter()
            .map(|(kind, _, words, _)| (*kind, words.iter().map(|w| normalize_token(w)).collect()))
            .collect()
    })
}

/// `w4`, `wk4`, `week4`, `4`, `baseline`, `bl`, `w0` → that week; `dx`,
/// `atdiagnosis` → diagnosis.
fn week_of(s: &str) -> Option<LabTime> {
    if matches!(s, "baseline" | "bl" | "base" | "pre" | "pretreatment") {
        return Some(LabTime::Week(0));
    }
    if matches!(s, "dx" | "atdx" | "diagnosis" | "atdiagnosis" | "diag") {
        return Some(LabTime::Diagnosis);
    }
    let digits = ["weeks", "week", "wk", "w"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(LabTime::Week)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(h: &str) -> Option<String> {
        match match_header(h) {
            HeaderMatch::Field(k, _) => Some(k.canonical_name()),
            _ => None,
        }
    }

    #[test]
    fn canonical_and_aliases() {
        assert_eq!(name("patient_id").as_deref(), Some("patient_id"));
        assert_eq!(name("Patient ID").as_deref(), Some("patient_id"));
        assert_eq!(name("Height (cm)").as_deref(), Some("height_cm"));
        assert_eq!(name("Start dose (mg)").as_deref(), Some("start_dose_mg"));
        assert_eq!(name("START_DOSE_MG").as_deref(), Some("start_dose_mg"));
        assert_eq!(name("IPSS-R").as_deref(), Some("ipss_r"));
        assert_eq!(name("환자번호").as_deref(), Some("patient_id"));
        assert_eq!(name("성별").as_deref(), Some("sex"));
        assert_eq!(name("체중 (kg)").as_deref(), Some("weight_kg"));
        assert_eq!(name("투약 시작일").as_deref(), Some("start_date"));
    }

    #[test]
    fn labs_by_week() {
        assert_eq!(name("Platelets W0 (x10^3/uL)").as_deref(), Some("plt_w0"));
        assert_eq!(name("Hb week 4").as_deref(), Some("hb_w4"));
        assert_eq!(name("Hgb wk8").as_deref(), Some("hb_w8"));
        assert_eq!(name("ANC baseline").as_deref(), Some("anc_w0"));
        assert_eq!(name("Neutrophils W12").as_deref(), Some("anc_w12"));
        assert_eq!(name("ALC_W48").as_deref(), Some("alc_w48"));
        assert_eq!(name("hb_dx").as_deref(), Some("hb_dx"));
        assert_eq!(name("Platelets at diagnosis").as_deref(), Some("plt_dx"));
        assert_eq!(name("bm_blasts_pct").as_deref(), Some("bm_blasts_pct"));
        assert_eq!(name("BM blasts (%)").as_deref(), Some("bm_blasts_pct"));
        assert_eq!(
            match_header("hb_w20"),
            HeaderMatch::UnusedWeek(LabKind::Hb, 20)
        );
        if let HeaderMatch::Field(_, unit) = match_header("Hb W4 (g/L)") {
            assert_eq!(unit.as_deref(), Some("g/L"));
        }
    }

    #[test]
    fn adverse_events() {
        assert_eq!(name("AE Pruritus").as_deref(), Some("ae_pruritus"));
        assert_eq!(
            name("AE: deep vein thrombosis").as_deref(),
            Some("ae_deep_vein_thrombosis")
        );
        assert_eq!(
            name("ae_febrile_neutropenia").as_deref(),
            Some("ae_febrile_neutropenia")
        );
        assert_eq!(name("aesthetics"), None);
        assert_eq!(name("age").as_deref(), Some("age"));
    }

    #[test]
    fn unknown() {
        assert_eq!(match_header("favourite colour"), HeaderMatch::Unknown);
        assert_eq!(match_header(""), HeaderMatch::Unknown);
    }
}
