#![no_main]
//! Fuzz target: see `fuzz/entries.rs` (`analyze`) and docs/fuzzing.md.

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(
    init: entries::contained_calamine_panics_are_not_findings(),
    |data: &[u8]| entries::analyze(data)
);
