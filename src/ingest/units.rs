//! Lab units: what a bracketed unit says, and what the values say when no
//! unit is written.
//!
//! The analysis works in g/dL for hemoglobin and cells per µL for counts.
//! A unit in the header is honoured unless the values contradict it.
//! Without one, a lab whose values are implausible in the analysis unit but
//! plausible in the usual other one (Hb in g/L, counts in ×10³/µL) is
//! converted as a whole, and the report says so; converting value by value
//! would let one typo change its unit. [`decide`] is that rule, for the
//! wide week columns and the long `labs` sheet alike.

use crate::schema::LabKind;

/// A unit conversion applied to a column, reported to the user.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitConversion {
    /// Canonical column names converted.
    pub columns: Vec<String>,
    /// The unit the values were in.
    pub from_unit: String,
    /// The analysis unit.
    pub to_unit: String,
    /// Multiplied by.
    pub factor: f64,
    /// `header` when the header said so, `values` when the values did.
    pub decided_by: &'static str,
}

/// Factor to multiply values by to reach the analysis unit, from a unit as
/// written in a header; `None` when the unit is not recognized.
pub fn factor_from_unit(kind: LabKind, unit: &str) -> Option<f64> {
    let u: String = unit
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == 'μ' { 'µ' } else { c })
        .collect();
    match kind {
        LabKind::Hb => match u.as_str() {
            "g/dl" | "gm/dl" | "g%" => Some(1.0),
            "g/l" => Some(0.1),
            "mmol/l" => Some(1.611),
            _ => None,
        },
        LabKind::Anc | LabKind::Plt | LabKind::Alc => {
            let thousands = u.contains("10^3")
                || u.contains("10³")
                || u.contains("10e3")
                || u.contains("10*3")
                || u.starts_with("k/")
                || u.contains("10^9/l")
                || u.contains("10⁹/l")
                || u.contains("10e9/l")
                || u.contains("g/l")
                || u.contains("thou");
            let per_ul = u.ends_with("/ul")
                || u.ends_with("/µl")
                || u.ends_with("/mm3")
                || u.ends_with("/mm³")
                || u.contains("10^6/l");
            if thousands {
                Some(1000.0)
            } else if per_ul {
                Some(1.0)
            } else {
                None
            }
        }
    }
}

/// Applies a conversion factor to a value. A factor below 1 that is the
/// reciprocal of a whole number (g/L → g/dL is × 0.1) divides by that number
/// instead: `107.0 * 0.1` is `10.700000000000001`, but `107.0 / 10.0` is
/// `10.7`, the same value as a cell reading `10.7`, so a file in g/L reads to
/// exactly the same patients as the same file in g/dL.
pub fn convert(value: f64, factor: f64) -> f64 {
    let divisor = 1.0 / factor;
    if factor > 0.0 && factor < 1.0 && divisor.fract() == 0.0 {
        value / divisor
    } else {
        value * factor
    }
}

/// Median of values (reordered in place); `None` when there are none.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    // The middle values selected, not the whole column sorted: the same
    // order statistics, in linear time (a sort was 5 % of ingest).
    let even = values.len() % 2 == 0;
    let (below, &mut upper, _) = values.select_nth_unstable_by(values.len() / 2, f64::total_cmp);
    let lower = below.iter().copied().max_by(f64::total_cmp);
    Some(match lower {
        Some(lower) if even => (lower + upper) / 2.0,
        _ => upper,
    })
}

/// Factor implied by a column's median when no unit is written: values
/// implausible in the analysis unit but plausible in the usual other one.
/// Returns the factor and the unit it implies, or `None` for "as is".
pub fn factor_from_values(kind: LabKind, median: f64) -> Option<(f64, &'static str)> {
    match kind {
        LabKind::Hb if median > 30.0 && median < 250.0 => Some((0.1, "g/L")),
        LabKind::Anc | LabKind::Alc if median > 0.0 && median < 50.0 => Some((1000.0, "×10³/µL")),
        LabKind::Plt if median > 0.0 && median < 2000.0 => Some((1000.0, "×10³/µL")),
        _ => None,
    }
}

/// How a lab column's unit was decided: one rule for the wide week columns
/// and the long `labs` sheet alike.
///
/// A unit in the header is honoured while the values agree with it. When
/// the header's unit would make the column's values implausible and they
/// are plausible as they stand, the values win and the header's unit is
/// ignored with a warning (`header-unit-mismatch`): a clinician who typed
/// `(g/L)` over values like 9.8 meant g/dL, and converting would drop
/// every value as implausible. Without a unit the header could name (none,
/// or one Lenalyze does not know, which is warned), the column's median
/// decides ([`factor_from_values`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UnitDecision {
    /// Already in the analysis unit.
    AsIs,
    /// The header's unit, which the values agree with: multiply by this.
    Header(f64),
    /// No unit the header could name; the values look like `from`.
    Values {
        /// Multiply by this.
        factor: f64,
        /// The unit the values look like.
        from: &'static str,
    },
    /// The header names a unit the values contradict: read as they stand.
    HeaderContradicted,
}

impl UnitDecision {
    /// The factor to multiply the column's values by.
    pub fn factor(self) -> f64 {
        match self {
            UnitDecision::AsIs | UnitDecision::HeaderContradicted => 1.0,
            UnitDecision::Header(f) | UnitDecision::Values { factor: f, .. } => f,
        }
    }
}

/// Decides a lab column's unit from the factor of its header's unit (`None`
/// when the header has no unit or one not recognized) and the median of its
/// values (see [`UnitDecision`]).
pub fn decide(kind: LabKind, header_factor: Option<f64>, median: f64) -> UnitDecision {
    let (lo, hi) = kind.plausible_range();
    let plausible = |v: f64| v >= lo && v <= hi;
    match header_factor {
        Some(f) if f != 1.0 && !plausible(convert(median, f)) && plausible(median) => {
            UnitDecision::HeaderContradicted
        }
        Some(f) if f != 1.0 => UnitDecision::Header(f),
        Some(_) => UnitDecision::AsIs,
        None => match factor_from_values(kind, median) {
            Some((factor, from)) => UnitDecision::Values { factor, from },
            None => UnitDecision::AsIs,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_is_the_middle_of_the_sorted_values() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5.0]), Some(5.0));
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        // Against sorting the whole column, on pseudo-random columns
        // (a linear congruential generator, fixed seed) with repeats.
        let mut state: u64 = 7;
        for len in 1..200 {
            let values: Vec<f64> = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    ((state >> 33) % 50) as f64 / 4.0
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let mid = len / 2;
            let expected = if len % 2 == 0 {
                (sorted[mid - 1] + sorted[mid]) / 2.0
            } else {
                sorted[mid]
            };
            assert_eq!(median(&mut values.clone()), Some(expected), "{values:?}");
        }
    }

    #[test]
    fn header_units() {
        assert_eq!(factor_from_unit(LabKind::Hb, "g/L"), Some(0.1));
        assert_eq!(factor_from_unit(LabKind::Hb, "g/dL"), Some(1.0));
        assert_eq!(factor_from_unit(LabKind::Plt, "x10^3/uL"), Some(1000.0));
        assert_eq!(factor_from_unit(LabKind::Plt, "K/uL"), Some(1000.0));
        assert_eq!(factor_from_unit(LabKind::Anc, "10^9/L"), Some(1000.0));
        assert_eq!(factor_from_unit(LabKind::Anc, "/µL"), Some(1.0));
        assert_eq!(factor_from_unit(LabKind::Anc, "furlongs"), None);
    }

    #[test]
    fn conversions_are_exact() {
        assert_eq!(convert(107.0, 0.1), 10.7);
        assert_eq!(convert(69.0, 0.1), 6.9);
        assert_eq!(convert(7.5, 1000.0), 7500.0);
        assert_eq!(convert(5.0, 1.611), 5.0 * 1.611);
    }

    #[test]
    fn value_units() {
        assert_eq!(factor_from_values(LabKind::Hb, 85.0), Some((0.1, "g/L")));
        assert_eq!(factor_from_values(LabKind::Hb, 8.5), None);
        assert_eq!(
            factor_from_values(LabKind::Plt, 150.0),
            Some((1000.0, "×10³/µL"))
        );
        assert_eq!(factor_from_values(LabKind::Anc, 1200.0), None);
    }

    #[test]
    fn one_decision_for_header_and_values() {
        use UnitDecision::*;
        // Header g/L over values in g/L (median 95 g/L = 9.5 g/dL): honoured.
        assert_eq!(decide(LabKind::Hb, Some(0.1), 95.0), Header(0.1));
        // Header g/L over values already in g/dL (9.5 g/L = 0.95 g/dL is
        // below the plausible 2 g/dL; 9.5 g/dL is plausible): the values win.
        assert_eq!(decide(LabKind::Hb, Some(0.1), 9.5), HeaderContradicted);
        // Header ×10³/µL over counts per µL (189,000 × 1,000 is past the
        // plausible 2,000,000/µL): the values win.
        assert_eq!(
            decide(LabKind::Plt, Some(1000.0), 189_000.0),
            HeaderContradicted
        );
        assert_eq!(decide(LabKind::Plt, Some(1000.0), 189.0), Header(1000.0));
        // Header in the analysis unit: as is, whatever the values.
        assert_eq!(decide(LabKind::Hb, Some(1.0), 95.0), AsIs);
        // No header unit: the values decide.
        assert_eq!(
            decide(LabKind::Hb, None, 95.0),
            Values {
                factor: 0.1,
                from: "g/L"
            }
        );
        assert_eq!(decide(LabKind::Hb, None, 9.5), AsIs);
        // Both readings plausible (ANC median 60 under a ×10³/µL header is
        // 60,000/µL; 60/µL is plausible too): the header stands.
        assert_eq!(decide(LabKind::Anc, Some(1000.0), 60.0), Header(1000.0));
        assert_eq!(HeaderContradicted.factor(), 1.0);
    }
}
