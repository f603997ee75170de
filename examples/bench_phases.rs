//! Times each step of the whole plan on a file, so a hot spot can be found
//! without a profiler: read + ingest, the analysis, the report JSON, the
//! presentation. Best of three runs.
//!
//! Run: `cargo run --release --example bench_phases -- FILE...`
//! (make a cohort with `lenalyze synth 100000`).

use lenalyze::diagnostics::Diagnostics;
use lenalyze::ingest::{ingest, InputFile};
use lenalyze::present::present;
use lenalyze::text::Lang;
use lenalyze::{analyze, Settings};
use std::time::Instant;

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
    let mut best = [f64::INFINITY; 5];
    for _ in 0..3 {
        let mut diags = Diagnostics::new();
        let t = Instant::now();
        let ingested = ingest(&files, &mut diags);
        let t_ingest = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _ = lenalyze::analysis::run(
            &ingested.patients,
            &ingested.summary.columns,
            &ingested.summary.ae_terms,
            &settings,
            &mut diags,
        );
        let t_analysis = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let report = analyze(&files, &settings);
        let t_analyze = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let json = report.to_json();
        let t_json = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let p = present(&report, Lang::En);
        let t_present = t.elapsed().as_secs_f64();
        std::hint::black_box((json.len(), p));
        for (b, x) in best
            .iter_mut()
            .zip([t_ingest, t_analysis, t_analyze, t_json, t_present])
        {
            *b = b.min(x);
        }
    }
    println!(
        "{megabytes:.1} MB: ingest {:.3} s, analysis {:.3} s, analyze (both + report) {:.3} s, \
         report JSON {:.3} s, present {:.3} s",
        best[0], best[1], best[2], best[3], best[4]
    );
}
