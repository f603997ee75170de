//! What several integration tests share: the repository root, every test
//! input under a folder, an input file read from disk, the settings
//! variants every text is checked under, and the generated cohorts of the
//! property tests (`cohort`).

#![allow(dead_code)] // not every helper is used by every build (features)

pub mod cohort;

use lenalyze::settings::{Settings, TwoByTwoTest};
use lenalyze::InputFile;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every CRF-like file (csv, tsv, txt, xlsx, xls, ods) under `dir`, sorted.
pub fn inputs_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(inputs_under(&p));
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("csv" | "tsv" | "txt" | "xlsx" | "xls" | "ods")
        ) {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// An input file as the page or the CLI would pass it.
pub fn file(path: &Path) -> InputFile {
    InputFile {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        bytes: std::fs::read(path).unwrap(),
    }
}

/// The defaults and settings that change what the tables say: eligibility
/// off, each 2×2 test, another interval level.
pub fn settings_variants() -> [Settings; 3] {
    [
        Settings::default(),
        Settings {
            apply_eligibility: false,
            two_by_two_test: TwoByTwoTest::ChiSquareYates,
            confidence_level: 0.9,
            ..Settings::default()
        },
        Settings {
            two_by_two_test: TwoByTwoTest::ChiSquare,
            ..Settings::default()
        },
    ]
}

/// A CSV line's cells (quotes as the encoder writes them).
pub fn split_csv(line: &str) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    r.records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}
