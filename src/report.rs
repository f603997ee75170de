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
    /// `ok` when analyzed, `errors` when the input must be fixed first.
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
}

impl Report {
    /// Assembles a report.
    pub fn new(
        provenance: Provenance,
        mut diagnostics: Diagnostics,
        ingest: IngestSummary,
        analysis: Option<Analysis>,
    ) -> Report {
        diagnostics.sort();
        Report {
            schema_version: SCHEMA_VERSION,
            status: if analysis.is_some() { "ok" } else { "errors" },
            provenance,
            diagnostic_counts: DiagnosticCounts {
                errors: diagnostics.count(Severity::Error),
                warnings: diagnostics.count(Severity::Warning),
                infos: diagnostics.count(Severity::Info),
            },
            diagnostics,
            ingest,
            analysis,
        }
    }

    /// The report as JSON, pretty-printed with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"report could not be serialized: {e}\"}}"));
        json.push('\n');
        json
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
