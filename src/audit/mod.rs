//! Checking a published table against the data: each printed figure of a
//! claims file is looked up in the report's laid-out tables and judged.
//!
//! Why here and not in the page: the judgement needs the exact values
//! behind the shown ones (the fraction behind a percentage, the unrounded
//! p-value, the 2×2 table behind it), which only the report holds, and the
//! same audit must come out of the CLI and the page. The audit is data
//! (verdicts and typed findings with numbers, no sentence); the
//! presentation words it in the reader's language, as for every table.
//!
//! For each claim: the recomputed cell (by the table, row and column ids of
//! the presentation), a [`Verdict`], and [`Finding`]s saying why: which
//! rounding rules reproduce a printed value; for a p-value that does not
//! match, which other test on the same data does (one-sided Fisher,
//! chi-square with or without Yates, Student's t, a rank-sum variant); for
//! a percentage, whether any count over its denominator can give it (GRIM)
//! and which other population's N does; for a printed r with its P,
//! whether the pair is possible at the analysis' n.

mod alternatives;
pub mod claims;
mod judge;
mod locate;
pub mod printed;

pub use claims::Claim;
pub use printed::Rounding;

use crate::diagnostics::Diagnostics;
use crate::text::Lang;
use crate::Report;
use serde::Serialize;

/// The audit of one claims file.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Audit {
    /// The claims file's name.
    pub file: String,
    /// One result per claim read, in the file's order.
    pub results: Vec<ClaimResult>,
    /// Problems reading the claims file (located: file, row, column).
    pub diagnostics: Diagnostics,
}

/// The judgement of one printed figure.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimResult {
    /// Row of the claims file.
    pub line: u32,
    /// Table id.
    pub table: String,
    /// Row id.
    pub row: String,
    /// Column id.
    pub column: String,
    /// The value as printed.
    pub printed: String,
    /// Where the paper prints it.
    pub source: String,
    /// The claims file's note.
    pub note: String,
    /// The cell as Lenalyze shows it (absent when not found).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recomputed: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub findings: Vec<Finding>,
}

/// How a printed figure compares with the recomputed one.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The same value.
    Consistent,
    /// The recomputed value rounded to the printed decimals (by a rule the
    /// findings name).
    ConsistentAfterRounding,
    /// Neither.
    NotConsistent,
    /// The recomputed cell is a dash (not computable).
    NotComputable,
    /// The printed text is not a figure Lenalyze can read, or its shape
    /// differs from the cell's.
    Unreadable,
    /// No such table, row or column in the report.
    NotFound,
}

/// A statistical test the audit tries for a p-value.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    /// Fisher's exact test, two-sided.
    FisherTwoSided,
    /// Fisher's exact test, one-sided, P(X ≤ a).
    FisherLess,
    /// Fisher's exact test, one-sided, P(X ≥ a).
    FisherGreater,
    /// Pearson's chi-square without correction.
    ChiSquare,
    /// Pearson's chi-square with Yates' correction.
    ChiSquareYates,
    /// Welch's t test.
    WelchT,
    /// Student's t test, pooled variance.
    StudentT,
    /// Rank-sum (Mann–Whitney), exact.
    RankSumExact,
    /// Rank-sum, normal approximation with continuity correction.
    RankSumNormalCorrected,
    /// Rank-sum, normal approximation without continuity correction.
    RankSumNormalUncorrected,
    /// Correlation t test, two-sided.
    CorrelationTwoSided,
    /// Correlation t test, one-sided.
    CorrelationOneSided,
}

/// A test's p-value on the same data.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TestValue {
    /// The test.
    pub test: Test,
    /// Its p-value.
    pub p: f64,
    /// True when it gives the printed value.
    pub reproduces: bool,
}

/// A population whose N a percentage may be of.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Population {
    /// Screened.
    Screened,
    /// Eligible.
    Eligible,
    /// Safety population.
    Safety,
    /// Evaluable for response.
    Evaluable,
    /// Responders.
    Responders,
    /// Non-responders.
    NonResponders,
}

/// Why a claim got its verdict.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// The claim's table id is not in the report.
    UnknownTable,
    /// The table has no row with the claim's row id.
    UnknownRow,
    /// The table has no column with the claim's column id.
    UnknownColumn,
    /// The ids name more than one cell.
    AmbiguousCell,
    /// Rounding the recomputed value to the printed decimals gives the
    /// printed value under these rules.
    Rounded {
        /// The rules.
        rules: Vec<Rounding>,
    },
    /// The printed and recomputed figures hold different numbers of values.
    ShapeDiffers,
    /// A printed number differs from the recomputed one.
    NumberDiffers {
        /// As printed.
        printed: String,
        /// As Lenalyze shows it.
        recomputed: String,
    },
    /// The printed count differs from the recomputed count.
    CountDiffers {
        /// Printed.
        printed: u64,
        /// Recomputed.
        recomputed: u64,
    },
    /// The printed denominator differs from the recomputed one.
    DenominatorDiffers {
        /// Printed.
        printed: u64,
        /// Recomputed.
        recomputed: u64,
    },
    /// The printed percentage is not the printed count over the
    /// denominator; these counts would give it.
    PercentNotOfCount {
        /// The printed count.
        n: u64,
        /// The denominator.
        denominator: u64,
        /// n/denominator as a percentage, one decimal.
        percent: f64,
        /// Counts whose percentage of the denominator is the printed one.
        counts: Vec<usize>,
    },
    /// No count over the denominator gives the printed percentage (GRIM).
    NoCountGivesPercent {
        /// The denominator.
        denominator: u64,
    },
    /// The printed count over another population's N gives the printed
    /// percentage.
    OtherDenominator {
        /// That N.
        denominator: usize,
        /// Whose.
        population: Population,
    },
    /// The tests tried for a p-value that does not match, each with its
    /// value on the same data; `reproduces` marks those giving the printed
    /// value (none: no test does).
    Tests {
        /// The tests.
        tried: Vec<TestValue>,
    },
    /// The printed r and P checked against each other at the analysis' n.
    PrintedPair {
        /// The printed coefficient.
        r: f64,
        /// Pairs.
        n: usize,
        /// Two-sided P of that r at n.
        two_sided: f64,
        /// One-sided P.
        one_sided: f64,
        /// False when neither gives the printed P: an impossible pair.
        possible: bool,
    },
}

/// Checks the claims file `name` (`bytes`) against a report. The report's
/// tables are looked up as laid out (ids, not words, so in any language).
pub fn check(report: &Report, name: &str, bytes: &[u8]) -> Audit {
    let mut diagnostics = Diagnostics::new();
    let claims = claims::parse(name, bytes, &mut diagnostics);
    let mut plain = report.clone();
    plain.audit = None;
    let presentation = crate::present::present(&plain, Lang::En);
    let tables: Vec<_> = crate::present::tables(&presentation).collect();
    let mut results: Vec<ClaimResult> = claims
        .iter()
        .map(|c| judge::claim(c, &tables, report))
        .collect();
    judge::printed_pairs(&mut results, &tables);
    Audit {
        file: name.to_string(),
        results,
        diagnostics,
    }
}

impl Audit {
    /// How many claims got `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.results.iter().filter(|r| r.verdict == verdict).count()
    }
}
