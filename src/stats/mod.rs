//! Lenalyze statistics: descriptive statistics, exact and asymptotic tests,
//! correlation and Kaplan–Meier survival, each matching the corresponding R
//! function (see the module docs). Every function returns
//! `Result<_, NotComputable>`; no input can make them panic or return NaN.
//!
//! This file only declares and re-exports submodules so that the tree can be
//! moved verbatim under another crate (e.g. as `crate::stats`).

pub mod binom;
pub mod chisq;
pub mod correlation;
pub mod describe;
pub mod error;
pub mod fisher;
pub mod kappa;
pub mod pvalue;
pub mod survival;
pub mod ttest;
pub mod wilcox;

mod erfc;
mod special;
#[cfg(test)]
mod testutil;

pub use error::{NotComputable, Reason};
pub use pvalue::PValue;
