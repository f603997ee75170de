#![no_main]
//! Fuzz target: see `fuzz/entries.rs` (`ingest_workbook`) and docs/fuzzing.md.

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entries::ingest_workbook(data));
