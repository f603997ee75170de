//! Every native integration test, in one test binary.
//!
//! One binary instead of one per file: each integration-test binary links
//! the whole crate, and fifteen of them made linking most of the native
//! test time. A module here is what a file in `tests/` used to be; run one
//! with `cargo test --test suite <module>::` (e.g. `schema::`).
//!
//! `tests/limits.rs` keeps its own binary: its counting global allocator
//! measures peak memory and must not see the other tests' allocations.

mod common;
#[path = "../../fuzz/entries.rs"]
mod entries;

mod audit;
mod cli;
mod cytogenetics;
mod derive_review;
mod derived_out_of_report;
mod fuzz_corpus;
mod golden;
mod ingest;
mod korean;
mod partial;
mod pool;
mod present;
mod properties;
mod redcap;
mod schema;
mod synth;
