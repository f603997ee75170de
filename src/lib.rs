//! Lenalyze: the analysis of a lenalidomide del(5q) MDS study's case report
//! forms, from spreadsheet bytes to a report.
//!
//! The core is pure: [`analyze`] takes files (name + bytes) and settings and
//! returns a [`Report`] that carries located diagnostics. It does no IO and
//! knows nothing of wasm, the DOM or the file system; the CLI
//! (`src/bin/lenalyze.rs`) and the wasm bindings (`wasm.rs`) are thin shells
//! around it. Data flows one way: bytes → cells → typed patients →
//! populations → tables → report → JSON.

pub mod analysis;
pub mod audit;
pub mod date;
pub mod derive;
pub mod diagnostics;
pub mod export;
pub mod ingest;
pub mod model;
pub mod pool;
pub mod present;
pub mod redcap_template;
pub mod report;
pub mod schema;
pub mod settings;
pub mod stats;
#[cfg(feature = "synth")]
pub mod synth;
pub mod template;
pub mod text;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
pub use ingest::InputFile;
pub use report::Report;
pub use settings::Settings;

/// Lenalyze's version, as recorded in every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Analyzes the input files with the given settings.
///
/// Never fails and never panics on any input: problems with the files are
/// diagnostics in the report, and the analysis is left out when any of them
/// is an error.
pub fn analyze(files: &[InputFile], settings: &Settings) -> Report {
    run(files, settings).0
}

/// [`analyze`], taking the files: their bytes are dropped as soon as they
/// are read, instead of being held through the whole analysis (at 10⁵
/// patients, the file's 47 MB of the peak). What the CLI and the page use.
pub fn analyze_files(files: Vec<InputFile>, settings: &Settings) -> Report {
    run(files, settings).0
}

/// [`analyze`], and the tallies the analysis was computed from (absent when
/// the analysis did not run): what a site summary carries ([`pool`]).
pub fn analyze_with_data(
    files: &[InputFile],
    settings: &Settings,
) -> (Report, Option<analysis::AnalysisData>) {
    run(files, settings)
}

/// The whole plan on files either borrowed or owned; owned files are
/// dropped once ingest has read them (their checksums are taken first).
fn run(
    files: impl AsRef<[InputFile]>,
    settings: &Settings,
) -> (Report, Option<analysis::AnalysisData>) {
    let mut diags = Diagnostics::new();
    let options = ingest::IngestOptions {
        redcap: ingest::redcap::Options {
            missing_codes: settings.redcap_missing_codes.clone(),
        },
    };
    let inputs = files
        .as_ref()
        .iter()
        .map(|f| report::InputProvenance::of(&f.name, &f.bytes))
        .collect();
    let ingested = ingest::ingest_with(files.as_ref(), &options, &mut diags);
    drop(files);
    // A missing column leaves out only the analyses that need it (crf-v1);
    // every other error is about the file as a whole and stops them all.
    let fatal = diags.has_errors_other_than("missing-column") || ingested.patients.is_empty();
    let (derived, analysis, data) = if fatal {
        (None, None, None)
    } else {
        let has_sheet = |role: &str| ingested.summary.sheets.iter().any(|s| s.role == role);
        let records = derive::subject::Records {
            transfusions: has_sheet("transfusions"),
            dosing: has_sheet("dosing"),
        };
        let derived = derive::checks::build(&ingested.patients, records, settings);
        let patients = derive::sources::apply(&ingested.patients, &derived, settings);
        let (flow, data) = analysis::tally(
            &patients,
            &ingested.summary.columns,
            &ingested.summary.ae_terms,
            settings,
            &mut diags,
        );
        let analysis = analysis::from_data(flow, &data, settings);
        (Some(derived), Some(analysis), Some(data))
    };
    let provenance = report::Provenance {
        lenalyze_version: VERSION,
        inputs,
        settings: settings.clone(),
    };
    let report = Report::new(provenance, diags, ingested.summary, analysis, derived);
    (report, data)
}

/// Adds to a report the check of a claims file (`name`, `bytes`): each
/// figure a paper prints, looked up in the report and judged (see
/// [`audit`]). Problems in the claims file are located diagnostics in the
/// audit, never errors of the analysis.
pub fn check_claims(mut report: Report, name: &str, bytes: &[u8]) -> Report {
    report.audit = Some(audit::check(&report, name, bytes));
    report
}
