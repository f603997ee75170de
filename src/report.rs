//! The report: one versioned JSON document, the only place that knows the
//! JSON shape.
//!
//! It carries the schema version, provenance (each input's SHA-256, the
//! Lenalyze version, the settings used), the diagnostics, what ingest learned,
//! and the analysis when the input had no errors. No clock and no hash-map
//! order enter it, so the same input gives byte-identical JSON everywhere.

use crate::analysis::Analysis;
use crate::diagnostics::{Diagnostics, Severity};
use crate::ingest::IngestSummary;
use crate::settings::Settings;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Version of the report's JSON shape (semver: a new major breaks readers).
pub const SCHEMA_VERSION: &str = "1.0.0";

/// Significant digits of every floating-point number in the JSON report.
pub const SIGNIFICANT_DIGITS: usize = 10;

/// `x` rounded to [`SIGNIFICANT_DIGITS`] significant digits.
fn round_significant(x: f64) -> f64 {
    format!("{:.*e}", SIGNIFICANT_DIGITS - 1, x)
        .parse()
        .unwrap_or(x)
}

/// serde_json's pretty printer, with every float rounded by
/// [`round_significant`] as it is written; integers are left alone.
///
/// Why a formatter: rounding on the way out writes the report in one pass.
/// Rounding a `serde_json::Value` copy first held the whole report twice
/// more (the tree and its drop took about a third of the time of a
/// 10⁵-patient analysis, issue 9).
struct Rounded(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for Rounded {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, x: f64) -> std::io::Result<()> {
        self.0.write_f64(w, round_significant(x))
    }
    fn write_f32<W: ?Sized + std::io::Write>(&mut self, w: &mut W, x: f32) -> std::io::Result<()> {
        self.write_f64(w, f64::from(x))
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as pretty-printed JSON with every float rounded to
/// [`SIGNIFICANT_DIGITS`], and a trailing newline.
pub(crate) fn to_rounded_json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Rounded(Default::default()));
    value.serialize(&mut ser).map_err(|e| e.to_string())?;
    out.push(b'\n');
    // serde_json writes UTF-8 only.
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// One input file as the report records it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputProvenance {
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub bytes: usize,
    /// SHA-256 of the content, hex.
    pub sha256: String,
}

impl InputProvenance {
    /// Records a file.
    pub fn of(name: &str, bytes: &[u8]) -> InputProvenance {
        let digest = Sha256::digest(bytes);
        InputProvenance {
            name: name.to_string(),
            bytes: bytes.len(),
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }
}

/// Where a report came from.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// Lenalyze version.
    pub lenalyze_version: &'static str,
    /// Input files.
    pub inputs: Vec<InputProvenance>,
    /// Settings used.
    pub settings: Settings,
}

/// Diagnostic counts by severity.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DiagnosticCounts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub infos: usize,
}

/// The whole report.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: &'static str,
    /// `ok` when analyzed without errors; `errors` when the input has errors (a
    /// missing column still leaves the analyses that do not need it).
    pub status: &'static str,
    /// Inputs, version and settings.
    pub provenance: Provenance,
    /// Counts of the diagnostics.
    pub diagnostic_counts: DiagnosticCounts,
    /// Every diagnostic, in file and row order.
    pub diagnostics: Diagnostics,
    /// What reading the files found.
    pub ingest: IngestSummary,
    /// The analysis; absent when the input has errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis: Option<Analysis>,
    /// Values derived from the raw records and checked against the
    /// recorded ones; absent when the input has errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<crate::derive::checks::Derived>,
    /// The check of a published table's printed figures against this
    /// analysis, when a claims file was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audit: Option<crate::audit::Audit>,
}

impl Report {
    /// Assembles a report.
    pub fn new(
        provenance: Provenance,
        mut diagnostics: Diagnostics,
        ingest: IngestSummary,
        analysis: Option<Analysis>,
        derived: Option<crate::derive::checks::Derived>,
    ) -> Report {
        diagnostics.group();
        diagnostics.sort();
        Report {
            schema_version: SCHEMA_VERSION,
            // A missing column leaves the rest of the analysis in place,
            // but the file still has errors to fix.
            status: if analysis.is_some() && !diagnostics.has_errors() {
                "ok"
            } else {
                "errors"
            },
            provenance,
            diagnostic_counts: DiagnosticCounts {
                errors: diagnostics.count(Severity::Error),
                warnings: diagnostics.count(Severity::Warning),
                infos: diagnostics.count(Severity::Info),
            },
            diagnostics,
            ingest,
            analysis,
            derived,
            audit: None,
        }
    }

    /// The report as JSON, pretty-printed with a trailing newline.
    ///
    /// Floating-point values are written with [`SIGNIFICANT_DIGITS`]
    /// significant digits. The wasm build's math library (Rust's libm port)
    /// and the native one (the system's) can differ in the last bit of a
    /// logarithm or exponential; rounding at the edge makes the page's and the
    /// CLI's reports byte-identical while keeping far more precision than any
    /// table shows.
    pub fn to_json(&self) -> String {
        to_rounded_json(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"report could not be serialized: {e}\"}}\n"))
    }

    /// Every screened patient's derived values in full, as JSON (an array
    /// in the derived dataset's order, numbers as in [`Report::to_json`]):
    /// each score with its parts, each response with what it was read
    /// from, the dose history, and every reason a value is empty
    /// (`not_derived`, `risk_not_scored`). `None` when nothing was derived
    /// (the input had errors, or the report is pooled).
    ///
    /// Not part of the report JSON, which counts patients but lists none of
    /// their derived values (at 10⁵ patients these were 102 MB of a 131 MB
    /// report, issue 9); the presentation's derived dataset holds each
    /// patient's values, and this document the rest, on request.
    pub fn derivations_json(&self) -> Option<String> {
        let derived = self.derived.as_ref()?;
        Some(to_rounded_json(&derived.subjects).unwrap_or_else(|e| {
            format!("{{\"error\": \"derivations could not be serialized: {e}\"}}\n")
        }))
    }

    /// True when the input had errors.
    pub fn has_errors(&self) -> bool {
        self.diagnostic_counts.errors > 0
    }
}

/// The JSON Schema of [`Report`], pretty-printed with a trailing newline;
/// published as `www/report.schema.json`.
#[cfg(feature = "schema")]
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(Report);
    schema.insert(
        "$id".into(),
        "https://lenalyze.invalid/report.schema.json".into(),
    );
    schema.insert(
        "title".into(),
        format!("Lenalyze report, schema version {SCHEMA_VERSION}").into(),
    );
    let mut json = serde_json::to_string_pretty(&schema).unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_rounded_integers_kept() {
        let v = serde_json::json!({"p": 0.17321331999413603, "q": 0.173213319994136, "n": 31, "x": [1e-300, 66.0]});
        let back: serde_json::Value = serde_json::from_str(&to_rounded_json(&v).unwrap()).unwrap();
        assert_eq!(back["p"], back["q"]);
        assert_eq!(back["p"].as_f64(), Some(0.1732133200));
        assert_eq!(back["n"].as_u64(), Some(31));
        assert_eq!(back["x"][0].as_f64(), Some(1e-300));
        assert_eq!(back["x"][1].as_f64(), Some(66.0));
        // Not a number has no JSON spelling: null, as serde_json writes it.
        assert_eq!(
            to_rounded_json(&[f64::NAN, f64::INFINITY, 0.1]).unwrap(),
            "[\n  null,\n  null,\n  0.1\n]\n"
        );
    }

    #[test]
    fn rounded_json_is_pretty_printed_like_serde_json() {
        let v = serde_json::json!({"a": [1, {"b": []}], "c": {}, "d": "x"});
        let mut pretty = serde_json::to_string_pretty(&v).unwrap();
        pretty.push('\n');
        assert_eq!(to_rounded_json(&v).unwrap(), pretty);
    }
}
