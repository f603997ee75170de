//! The fuzz smoke test on stable: every saved seed and every input that once
//! crashed a fuzz target (`fuzz/seeds/<target>/`, `fuzz/regressions/<target>/`)
//! goes through the same entry points as the libFuzzer targets
//! (`fuzz/entries.rs`), which panic when Lenalyze breaks a promise. The
//! coverage-guided runs themselves need cargo-fuzz; see docs/fuzzing.md.
#![cfg(not(target_arch = "wasm32"))]

use crate::entries;

use std::path::Path;
use std::time::{Duration, Instant};

/// Each input of a target's seeds and regressions, with its path.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_file() {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Runs every input of `target`; each must finish (no panic) well within
/// the fuzzers' one-second hang limit even in a debug build.
fn smoke(target: &str, entry: fn(&[u8])) {
    let all = inputs(target);
    assert!(!all.is_empty(), "no saved inputs for {target}");
    for (path, bytes) in all {
        let start = Instant::now();
        entry(&bytes);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{path} took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn ingest_text_corpus() {
    smoke("ingest_text", entries::ingest_text);
}

#[test]
fn ingest_workbook_corpus() {
    smoke("ingest_workbook", entries::ingest_workbook);
}

#[test]
fn analyze_corpus() {
    smoke("analyze", entries::analyze);
}

#[test]
fn pool_summaries_corpus() {
    smoke("pool_summaries", entries::pool_summaries);
}

/// The XLS that made calamine 0.38 slice past its sector buffer is now an
/// "unreadable workbook" error.
/// The diagnostics (code, message key) of one saved workbook regression.
fn workbook_regression(file: &str) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions/ingest_workbook")
        .join(file);
    let files = [lenalyze::InputFile {
        name: "crash.xls".into(),
        bytes: std::fs::read(path).unwrap(),
    }];
    let report = lenalyze::analyze(&files, &lenalyze::Settings::default());
    assert!(report.has_errors());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let field = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (
                field("code"),
                d["message"]["key"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn truncated_compound_file_is_a_diagnostic() {
    let diags = workbook_regression("calamine-cfb-last-sector.xls");
    assert!(
        diags.iter().any(|(c, _)| c.starts_with("unreadable")),
        "{diags:?}"
    );
}

/// calamine panics on a BIFF record shorter than its fields; the ingest
/// contains the panic and says the workbook is damaged.
#[test]
fn short_biff_record_is_a_damaged_workbook() {
    let diags = workbook_regression("calamine-xls-read-u32-short-record.xls");
    assert_eq!(
        diags,
        [(
            "unreadable-workbook".to_string(),
            "diag.damaged_workbook".to_string()
        )]
    );
}

/// A directory chain that loops back on itself made calamine gather
/// sectors until the machine ran out of memory (24 GB for a 33 KB file);
/// the chain check before calamine calls the file damaged.
#[test]
fn cyclic_sector_chain_is_a_damaged_workbook() {
    let diags = workbook_regression("calamine-cfb-cyclic-directory.xls");
    assert_eq!(
        diags,
        [(
            "unreadable-workbook".to_string(),
            "diag.damaged_workbook".to_string()
        )]
    );
}

/// An XLS whose cell records lie far apart made calamine allocate its
/// whole used range at open (25 GB for a 30 KB file; an allocation failure
/// aborts). The records are counted before calamine runs, and the sheet is
/// refused with a located error instead, at once.
#[test]
fn far_apart_cells_are_a_located_error_in_bounded_time() {
    let start = Instant::now();
    let diags = workbook_regression("calamine-xls-far-cells-used-range.xls");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert!(
        diags.contains(&(
            "sheet-too-spread".to_string(),
            "diag.sheet_too_spread".to_string()
        )),
        "{diags:?}"
    );
}

/// Three ODS files of under 1 KB that calamine 0.38 would not survive:
/// one row of 16,384 cells repeated 6,000 times (98 million cells built at
/// open), a `<text:s text:c="4000000000"/>` (4 GB of spaces in one cell),
/// and a table whose end never comes (calamine's `read_table` ignores the
/// end of input and loops forever). `ingest::ods` reads `content.xml`
/// first: each is a located error, at once.
#[test]
fn ods_repeats_spaces_and_open_tables_are_located_errors_in_bounded_time() {
    for (file, expected) in [
        (
            "calamine-ods-repeated-wide-row.ods",
            ("sheet-too-spread", "diag.sheet_too_spread"),
        ),
        (
            "calamine-ods-text-spaces-count.ods",
            ("cell-too-long", "diag.cell_text_too_long"),
        ),
        (
            "calamine-ods-table-left-open.ods",
            ("unreadable-workbook", "diag.damaged_workbook"),
        ),
    ] {
        let start = Instant::now();
        let diags = workbook_regression(file);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{file}: {:?}",
            start.elapsed()
        );
        assert_eq!(
            diags,
            [(expected.0.to_string(), expected.1.to_string())],
            "{file}"
        );
    }
}
