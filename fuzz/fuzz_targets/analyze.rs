#![no_main]
//! Fuzz target: see `fuzz/entries.rs` (`analyze`) and docs/fuzzing.md.

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entries::analyze(data));
