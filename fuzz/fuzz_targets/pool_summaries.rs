#![no_main]
//! Fuzz target: see `fuzz/entries.rs` (`pool_summaries`) and docs/fuzzing.md.

#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entries::pool_summaries(data));
