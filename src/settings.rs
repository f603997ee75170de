//! Analysis settings: every default of the analysis plan, changeable.
//!
//! The page keeps them in the URL hash and the CLI reads them from a JSON
//! file; the report echoes the settings it used, so a table can always be
//! traced to the choices that made it.

use serde::{Deserialize, Serialize};

/// The test used for the 2×2 tables of Table 2 and dose modification.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TwoByTwoTest {
    /// Fisher's exact test, two-sided (the plan's default).
    #[default]
    Fisher,
    /// Pearson's chi-square without continuity correction.
    ChiSquare,
    /// Pearson's chi-square with Yates' continuity correction.
    ChiSquareYates,
}

/// Cut points of Table 2.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CutPoints {
    /// Diagnosis to start, days (2 years = 730.5).
    pub diagnosis_to_start_days: f64,
    /// RBC units in 8 weeks: ≤ this vs more.
    pub rbc_units_8wk: f64,
    /// Baseline ANC per µL: ≥ this vs less.
    pub anc_per_ul: f64,
    /// Baseline platelets per µL: ≥ this vs less.
    pub platelets_per_ul: f64,
    /// Thrombocytopenia grade: ≥ this vs less.
    pub thrombocytopenia_grade: u8,
}

impl Default for CutPoints {
    fn default() -> Self {
        CutPoints {
            diagnosis_to_start_days: 730.5,
            rbc_units_8wk: 4.0,
            anc_per_ul: 1000.0,
            platelets_per_ul: 150_000.0,
            thrombocytopenia_grade: 3,
        }
    }
}

/// All settings of an analysis.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Apply the eligibility criteria (off: every screened patient is eligible).
    pub apply_eligibility: bool,
    /// Minimum age in years.
    pub min_age_years: f64,
    /// Minimum baseline ANC per µL.
    pub min_anc_per_ul: f64,
    /// Minimum baseline platelets per µL.
    pub min_platelets_per_ul: f64,
    /// Days on treatment below which a response other than NE is questioned.
    pub evaluable_min_days: i32,
    /// Test for 2×2 tables.
    pub two_by_two_test: TwoByTwoTest,
    /// Table 2 cut points.
    pub cut_points: CutPoints,
    /// Confidence level of every interval.
    pub confidence_level: f64,
    /// Where the response of the paper's tables comes from.
    pub response_source: Source,
    /// Where the risk scores (IPSS, IPSS-R) come from.
    pub risk_source: Source,
    /// Where the hematologic toxicity grades (anemia, neutropenia,
    /// thrombocytopenia, lymphopenia) come from.
    pub toxicity_source: Source,
    /// The choices the derivations leave open (derivations.md).
    pub derivations: crate::derive::DerivationSettings,
    /// A REDCap project's own missing-data codes (`-999`), read as
    /// explicitly unknown like REDCap's standard codes (`UNK`, `NASK`, …),
    /// which are always read so. REDCap allows letters, digits, dots,
    /// dashes and underscores.
    pub redcap_missing_codes: Vec<String>,
    /// A site summary's disclosure note lists every count from 1 to one
    /// below this (small cells that could point to a patient).
    pub disclosure_min_count: u32,
}

/// Whether a table is built on what the site recorded or on what Lenalyze
/// derives from the raw records (derivations.md).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The recorded column (the default): derived values are only checked
    /// against it.
    #[default]
    Recorded,
    /// The value derived from the raw records, where it can be derived;
    /// the recorded value where it cannot.
    Derived,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            apply_eligibility: true,
            min_age_years: 19.0,
            min_anc_per_ul: 500.0,
            min_platelets_per_ul: 25_000.0,
            evaluable_min_days: 28,
            two_by_two_test: TwoByTwoTest::Fisher,
            cut_points: CutPoints::default(),
            confidence_level: 0.95,
            response_source: Source::Recorded,
            risk_source: Source::Recorded,
            toxicity_source: Source::Recorded,
            derivations: crate::derive::DerivationSettings::default(),
            redcap_missing_codes: Vec::new(),
            disclosure_min_count: 5,
        }
    }
}

impl Settings {
    /// Reads settings from JSON; missing fields take their defaults.
    ///
    /// # Errors
    /// A message naming the bad field when the JSON does not fit or a value
    /// is out of range.
    pub fn from_json(json: &str) -> Result<Settings, String> {
        let settings: Settings = if json.trim().is_empty() {
            Settings::default()
        } else {
            serde_json::from_str(json).map_err(|e| format!("settings: {e}"))?
        };
        settings.validate()?;
        Ok(settings)
    }

    /// Checks every numeric setting against [`RANGES`].
    ///
    /// # Errors
    /// A message naming the first setting out of range.
    pub fn validate(&self) -> Result<(), String> {
        for code in &self.redcap_missing_codes {
            let ok = !code.is_empty()
                && code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
            if !ok {
                return Err(format!(
                    "settings: redcap_missing_codes: \"{code}\" is not a REDCap missing-data \
                     code (letters, digits, dots, dashes and underscores)"
                ));
            }
        }
        for r in RANGES {
            let v = self.number(r.path);
            let integral = !r.integer || v.fract() == 0.0;
            if !(v.is_finite() && v >= r.min && v <= r.max && integral) {
                return Err(format!(
                    "settings: {} must be {} from {} to {} (got {v})",
                    r.path,
                    if r.integer {
                        "a whole number"
                    } else {
                        "a number"
                    },
                    r.min,
                    r.max
                ));
            }
        }
        Ok(())
    }

    /// The numeric setting at a [`Range::path`].
    fn number(&self, path: &str) -> f64 {
        let c = &self.cut_points;
        match path {
            "min_age_years" => self.min_age_years,
            "min_anc_per_ul" => self.min_anc_per_ul,
            "min_platelets_per_ul" => self.min_platelets_per_ul,
            "evaluable_min_days" => f64::from(self.evaluable_min_days),
            "confidence_level" => self.confidence_level,
            "cut_points.diagnosis_to_start_days" => c.diagnosis_to_start_days,
            "cut_points.rbc_units_8wk" => c.rbc_units_8wk,
            "cut_points.anc_per_ul" => c.anc_per_ul,
            "cut_points.platelets_per_ul" => c.platelets_per_ul,
            "cut_points.thrombocytopenia_grade" => f64::from(c.thrombocytopenia_grade),
            "disclosure_min_count" => f64::from(self.disclosure_min_count),
            _ => f64::NAN,
        }
    }
}

/// The accepted range of a numeric setting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    /// Where the setting is (`cut_points.anc_per_ul`).
    pub path: &'static str,
    /// Smallest value accepted.
    pub min: f64,
    /// Largest value accepted.
    pub max: f64,
    /// Whole numbers only.
    pub integer: bool,
}

const fn range(path: &'static str, min: f64, max: f64, integer: bool) -> Range {
    Range {
        path,
        min,
        max,
        integer,
    }
}

/// Every numeric setting's accepted range: the one place the page and the
/// core learn them from.
pub const RANGES: [Range; 11] = [
    range("min_age_years", 0.0, 120.0, false),
    range("min_anc_per_ul", 0.0, 1e6, false),
    range("min_platelets_per_ul", 0.0, 1e7, false),
    range("evaluable_min_days", 0.0, 3650.0, true),
    // Strictly between 0.5 and 1: a 50% or 100% interval is no interval.
    range("confidence_level", 0.5000001, 0.9999999, false),
    range("cut_points.diagnosis_to_start_days", 0.0, 36500.0, false),
    range("cut_points.rbc_units_8wk", 0.0, 1000.0, false),
    range("cut_points.anc_per_ul", 0.0, 1e6, false),
    range("cut_points.platelets_per_ul", 0.0, 1e7, false),
    range("cut_points.thrombocytopenia_grade", 1.0, 5.0, true),
    range("disclosure_min_count", 1.0, 1000.0, true),
];

/// The defaults and ranges as JSON (`{"defaults": …, "ranges": […]}`), for
/// the page.
pub fn info_json() -> String {
    #[derive(Serialize)]
    struct Info {
        defaults: Settings,
        ranges: &'static [Range],
    }
    serde_json::to_string(&Info {
        defaults: Settings::default(),
        ranges: &RANGES,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_partial_json() {
        assert_eq!(Settings::from_json("").unwrap(), Settings::default());
        let s = Settings::from_json(
            r#"{"apply_eligibility": false, "cut_points": {"rbc_units_8wk": 6}}"#,
        )
        .unwrap();
        assert!(!s.apply_eligibility);
        assert_eq!(s.cut_points.rbc_units_8wk, 6.0);
        assert_eq!(s.cut_points.anc_per_ul, 1000.0);
        assert!(Settings::from_json(r#"{"confidence_level": 2}"#).is_err());
        assert!(Settings::from_json(r#"{"typo": 1}"#).is_err());
        assert!(Settings::from_json(r#"{"evaluable_min_days": 4000}"#).is_err());
        assert!(Settings::from_json(r#"{"cut_points": {"thrombocytopenia_grade": 0}}"#).is_err());
        assert!(Settings::from_json(r#"{"min_age_years": -1}"#).is_err());
        let s = Settings::from_json(r#"{"redcap_missing_codes": ["-999", "N.A_1"]}"#).unwrap();
        assert_eq!(s.redcap_missing_codes, vec!["-999", "N.A_1"]);
        assert!(Settings::from_json(r#"{"redcap_missing_codes": ["not asked"]}"#).is_err());
    }

    #[test]
    fn every_range_names_a_setting_and_holds_its_default() {
        let d = Settings::default();
        for r in RANGES {
            let v = d.number(r.path);
            assert!(v >= r.min && v <= r.max, "{}", r.path);
        }
        assert!(info_json().contains("\"ranges\""));
    }
}
