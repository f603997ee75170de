//! Times `lenalyze::ingest::ingest` on a 100,000-patient CSV built in memory
//! from the demo's rows with new IDs.
//!
//! Run: `cargo run --release --example bench_ingest`

use lenalyze::diagnostics::Diagnostics;
use lenalyze::ingest::{ingest, InputFile};
use std::time::Instant;

const PATIENTS: usize = 100_000;

fn main() {
    let demo = include_str!("../www/demo/lenalyze-demo.csv");
    let mut lines = demo.lines();
    let header = lines.next().expect("demo header");
    let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    let mut csv = String::with_capacity(demo.len() * (PATIENTS / rows.len() + 1));
    csv.push_str(header);
    csv.push('\n');
    for i in 0..PATIENTS {
        let row = rows[i % rows.len()];
        // Replace the ID (the first field) with a unique one.
        let rest = &row[row.find(',').expect("a comma")..];
        csv.push_str(&format!("BENCH-{i:06}{rest}\n"));
    }
    let files = [InputFile {
        name: "bench.csv".into(),
        bytes: csv.into_bytes(),
    }];
    let megabytes = files[0].bytes.len() as f64 / 1e6;

    let mut best = f64::INFINITY;
    for run in 0..3 {
        let mut diags = Diagnostics::new();
        let start = Instant::now();
        let ingested = ingest(&files, &mut diags);
        let seconds = start.elapsed().as_secs_f64();
        assert_eq!(ingested.patients.len(), PATIENTS);
        assert!(!diags.has_errors());
        println!(
            "run {run}: {PATIENTS} patients, {megabytes:.1} MB in {seconds:.3} s: \
             {:.0} rows/s, {:.1} MB/s",
            PATIENTS as f64 / seconds,
            megabytes / seconds
        );
        best = best.min(seconds);
    }
    println!(
        "best: {best:.3} s ({:.0} rows/s, {:.1} MB/s)",
        PATIENTS as f64 / best,
        megabytes / best
    );
}
