//! The statistics checked against values taken from the reference
//! implementations' *own* test suites, not values the team computed.
//!
//! Why: the unit tests in `src/stats/` compare against numbers the team
//! produced with R, SciPy and mpmath; a shared misunderstanding (the wrong
//! variant, a wrong argument) would pass them. The numbers here were chosen
//! and checked by R core, the `survival` maintainer and SciPy, each in a test
//! that fails their own CI if the value moves. Every number carries its file,
//! test and commit:
//!
//! - `scipy@3dbf660a919b` — github.com/scipy/scipy, commit
//!   3dbf660a919b1479cdf30d533176053b428d08d3 (2026-08-22);
//! - `R@0c26529e807a` — github.com/wch/r-source (the R sources' mirror),
//!   commit 0c26529e807a9b1dd65f7324958c17bf72e1de1a (2024-10-22); its
//!   `*.Rout.save` files are the outputs R's `make check` compares against;
//! - `survival@a2533a920092` — github.com/therneau/survival, commit
//!   a2533a920092db6fd9f8b03fabd13177e47c9769 (2026-08-16), same convention.
//!
//! Tolerances: where a suite prints 16 digits we ask for agreement to the
//! suite's own tolerance or tighter (stated per test); where it prints the
//! 4–7 digits of an R print-out we ask for half a unit in the last printed
//! digit. Where a suite's value belongs to a variant Lenalyze does not
//! compute (another alternative, exact Spearman, R's `NA`), the test says
//! which and tests what the variant maps to. `docs/methods.md`
//! ("Reference vectors") lists the counts per function.

// The numbers are copied digit for digit as the suites print them (R prints
// up to 20 digits), so that each can be found in its source by search.
#![allow(clippy::excessive_precision)]

mod binom;
mod correlation;
mod fisher;
mod survival;
mod welch;
mod wilcox;

/// Asserts `|actual − expected| ≤ rtol·|expected|`; infinities and zeros
/// must match exactly. `what` names the reference value in the failure.
#[track_caller]
pub fn assert_rel(actual: f64, expected: f64, rtol: f64, what: &str) {
    if expected.is_infinite() || expected == 0.0 {
        assert!(
            actual == expected,
            "{what}: actual {actual:e}, expected exactly {expected:e}"
        );
        return;
    }
    let err = ((actual - expected) / expected).abs();
    assert!(
        err <= rtol,
        "{what}: actual {actual:.17e}, expected {expected:.17e}, relative error {err:.2e} > {rtol:.0e}"
    );
}

/// Asserts `actual` rounds to a value printed with `digits` significant
/// digits: `|actual − printed| ≤ ½·10^(e−digits+1)` where `e` is the
/// printed value's decimal exponent (R prints 4–7 significant digits).
#[track_caller]
pub fn assert_printed(actual: f64, printed: f64, digits: i32, what: &str) {
    assert!(
        printed != 0.0 && printed.is_finite(),
        "{what}: use assert_rel"
    );
    let exponent = printed.abs().log10().floor() as i32;
    let half_unit = 0.5 * 10f64.powi(exponent - digits + 1);
    assert!(
        (actual - printed).abs() <= half_unit * (1.0 + 1e-9),
        "{what}: actual {actual:.10e} does not print as {printed:e} ({digits} significant digits)"
    );
}

/// Asserts `|actual − expected| ≤ atol` (for suites that test absolutely).
#[track_caller]
pub fn assert_abs(actual: f64, expected: f64, atol: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= atol,
        "{what}: actual {actual:.17e}, expected {expected:.17e}, |difference| > {atol:e}"
    );
}

/// Asserts `actual` rounds to `printed` at `decimals` decimal places (R's
/// `summary.survfit` prints a column with a common number of decimals).
#[track_caller]
pub fn assert_decimals(actual: f64, printed: f64, decimals: i32, what: &str) {
    let half_unit = 0.5 * 10f64.powi(-decimals);
    assert!(
        (actual - printed).abs() <= half_unit * (1.0 + 1e-9),
        "{what}: actual {actual:.10} does not print as {printed} ({decimals} decimals)"
    );
}
