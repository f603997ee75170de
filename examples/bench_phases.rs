//! Times each step of the whole plan on a file, so a hot spot can be found
//! without a profiler: read + ingest, the derived values (each patient's
//! row and the checks over them), the analysis (populations and tallies,
//! then the tables and tests from the tallies), the report (provenance
//! checksums, diagnostics sorted), the whole of `analyze` for comparison,
//! the report JSON, the presentation (as the page has it, and with every
//! row as the CSVs and the workbook have it) and the CSV of every table. Best of three runs.
//!
//! Run: `cargo run --release --example bench_phases -- FILE...`
//! (make a cohort with `lenalyze synth 100000`).

use lenalyze::derive::subject::Records;
use lenalyze::diagnostics::Diagnostics;
use lenalyze::ingest::{ingest, InputFile};
use lenalyze::present::{present_with, Listings};
use lenalyze::report::{InputProvenance, Provenance, Report};
use lenalyze::text::Lang;
use lenalyze::{analyze, Settings, VERSION};
use std::time::Instant;

/// The phases, in the order they run and are printed.
const PHASES: [&str; 10] = [
    "ingest",
    "derive",
    "populations + tallies",
    "tables from tallies",
    "report",
    "analyze (all of the above)",
    "report JSON",
    "present (the page's: long listings cut)",
    "present (every row)",
    "CSV of every table",
];

fn main() {
    let files: Vec<InputFile> = std::env::args()
        .skip(1)
        .map(|path| InputFile {
            name: path.clone(),
            bytes: std::fs::read(&path).expect("a readable file"),
        })
        .collect();
    assert!(!files.is_empty(), "usage: bench_phases FILE...");
    let megabytes = files.iter().map(|f| f.bytes.len()).sum::<usize>() as f64 / 1e6;
    let settings = Settings::default();
    let mut best = [f64::INFINITY; PHASES.len()];
    for _ in 0..3 {
        let mut times = [0.0; PHASES.len()];
        let mut clock = Instant::now();
        let mut lap = |phase: usize| {
            times[phase] = clock.elapsed().as_secs_f64();
            clock = Instant::now();
        };
        // The steps of `lenalyze::analyze_with_data`, one by one.
        let mut diags = Diagnostics::new();
        let ingested = ingest(&files, &mut diags);
        lap(0);
        let has_sheet = |role: &str| ingested.summary.sheets.iter().any(|s| s.role == role);
        let records = Records {
            transfusions: has_sheet("transfusions"),
            dosing: has_sheet("dosing"),
        };
        let derived = lenalyze::derive::checks::build(&ingested.patients, records, &settings);
        let patients = lenalyze::derive::sources::apply(&ingested.patients, &derived, &settings);
        lap(1);
        let (flow, data) = lenalyze::analysis::tally(
            &patients,
            &ingested.summary.columns,
            &ingested.summary.ae_terms,
            &settings,
            &mut diags,
        );
        lap(2);
        let analysis = lenalyze::analysis::from_data(flow, &data, &settings);
        lap(3);
        let provenance = Provenance {
            lenalyze_version: VERSION,
            inputs: files
                .iter()
                .map(|f| InputProvenance::of(&f.name, &f.bytes))
                .collect(),
            settings: settings.clone(),
        };
        drop(patients);
        let report = Report::new(
            provenance,
            diags,
            ingested.summary,
            Some(analysis),
            Some(derived),
        );
        lap(4);
        std::hint::black_box(&report);
        drop(report);
        let report = analyze(&files, &settings);
        lap(5);
        let json = report.to_json();
        lap(6);
        let cut = present_with(&report, Lang::En, Listings::Cut);
        lap(7);
        let whole = present_with(&report, Lang::En, Listings::Whole);
        lap(8);
        let csv: usize = lenalyze::present::tables(&whole)
            .map(|t| lenalyze::export::csv(t).len())
            .sum();
        lap(9);
        std::hint::black_box((json.len(), cut, whole, csv));
        for (b, x) in best.iter_mut().zip(times) {
            *b = b.min(x);
        }
    }
    let phases: Vec<String> = PHASES
        .iter()
        .zip(best)
        .map(|(name, t)| format!("{name} {t:.3} s"))
        .collect();
    println!("{megabytes:.1} MB: {}", phases.join(", "));
}
