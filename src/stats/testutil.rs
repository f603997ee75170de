//! Test helpers (compiled only for tests).

/// Asserts `actual` is within relative tolerance `rel` of `expected`
/// (absolute `rel` when `expected` is 0; exact equality for infinities).
pub(crate) fn assert_rel(actual: f64, expected: f64, rel: f64) {
    if expected.is_infinite() || expected == 0.0 {
        let ok = if expected == 0.0 {
            actual.abs() <= rel
        } else {
            actual == expected
        };
        assert!(ok, "actual {actual:e} != expected {expected:e}");
        return;
    }
    let err = ((actual - expected) / expected).abs();
    assert!(
        err <= rel,
        "actual {actual:.17e} vs expected {expected:.17e}: relative error {err:e} > {rel:e}"
    );
}
