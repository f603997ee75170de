//! Checking a published table: the seed paper's printed figures
//! (`examples/paper-claims.csv`) against the demo data. The demo reproduces
//! every count the paper prints, so the audit must find exactly the
//! inconsistencies the paper has (see `docs/paper-reproduction.md`, which is
//! this audit written as Markdown and must be current).
//!
//! Reference values: the one-sided Fisher tails are exact hypergeometric
//! sums (Python fractions + math.comb), e.g. for age [[7, 8], [2, 11]]
//! P(X ≥ 7) = 0.0855072463768116 and for IPSS [[5, 10], [4, 9]]
//! P(X ≥ 5) = 0.603623188405797; the correlation P of a printed r is
//! mpmath's regularized incomplete beta on 17 df (r = 0.325 → 0.174569,
//! r = 0.133 → 0.587269); GRIM by hand: 5/31 = 16.13 %, 6/31 = 19.35 %, so
//! no count of 31 is 16.2 %; 13/31 = 41.94 %.

#![cfg(not(target_arch = "wasm32"))]

use crate::common;

use lenalyze::audit::{Audit, ClaimResult, Finding, Rounding, Test, Verdict};
use lenalyze::present::present;
use lenalyze::text::Lang;
use std::process::Command;

fn demo_audit(claims: &[u8]) -> lenalyze::Report {
    let root = common::root();
    let demo = common::file(&root.join("www/demo/lenalyze-demo.csv"));
    let report = lenalyze::analyze(&[demo], &lenalyze::Settings::default());
    lenalyze::check_claims(report, "claims.csv", claims)
}

fn paper() -> Audit {
    let claims = std::fs::read(common::root().join("examples/paper-claims.csv")).unwrap();
    demo_audit(&claims).audit.unwrap()
}

fn result<'a>(
    a: &'a Audit,
    table: &str,
    row: &str,
    column: &str,
    printed: &str,
) -> &'a ClaimResult {
    a.results
        .iter()
        .find(|r| r.table == table && r.row == row && r.column == column && r.printed == printed)
        .unwrap_or_else(|| panic!("no claim {table} {row} {column} {printed}"))
}

/// The tests that reproduce a p-value claim.
fn reproducing(r: &ClaimResult) -> Vec<Test> {
    r.findings
        .iter()
        .flat_map(|f| match f {
            Finding::Tests { tried } => tried
                .iter()
                .filter(|t| t.reproduces)
                .map(|t| t.test)
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

#[test]
fn every_claim_is_found_and_read() {
    let a = paper();
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    for r in &a.results {
        assert!(
            matches!(
                r.verdict,
                Verdict::Consistent | Verdict::ConsistentAfterRounding | Verdict::NotConsistent
            ),
            "row {}: {:?} {:?}",
            r.line,
            r.verdict,
            r.findings
        );
    }
    assert!(a.results.len() > 200);
}

#[test]
fn table2_p_values_as_docs_paper_reproduction_lists_them() {
    let a = paper();
    // Reproduced by the plan's test (two-sided Fisher): sex 0.020, platelets 0.064.
    for (row, p) in [("sex", "0.020"), ("platelets", "0.064")] {
        assert_eq!(
            result(&a, "table2", row, "p", p).verdict,
            Verdict::Consistent
        );
    }
    // One-sided Fisher p-values printed as two-sided.
    for (row, p, side) in [
        ("age", "0.086", Test::FisherGreater),
        ("ipss", "0.604", Test::FisherGreater),
        ("rbc_transfusion", "0.210", Test::FisherLess),
        ("neutrophils", "0.123", Test::FisherLess),
    ] {
        let r = result(&a, "table2", row, "p", p);
        assert_eq!(r.verdict, Verdict::NotConsistent, "{row}");
        assert_eq!(reproducing(r), vec![side], "{row}");
    }
    // No test on the printed counts gives these.
    for (row, p) in [
        ("diagnosis_to_start", "0.410"),
        ("thrombocytopenia", "0.038"),
    ] {
        let r = result(&a, "table2", row, "p", p);
        assert_eq!(r.verdict, Verdict::NotConsistent);
        assert!(reproducing(r).is_empty(), "{row}");
        let tried = r.findings.iter().find_map(|f| match f {
            Finding::Tests { tried } => Some(tried.len()),
            _ => None,
        });
        assert_eq!(tried, Some(5), "{row}: all five 2×2 tests tried");
    }
    // Every Table 2 count is the paper's.
    for r in a
        .results
        .iter()
        .filter(|r| r.table == "table2" && r.column != "p")
    {
        assert_eq!(r.verdict, Verdict::Consistent, "{} {}", r.row, r.column);
    }
    // "P=0.03": the two-sided Fisher 0.0346 rounded to two decimals.
    let r = result(&a, "dose-modification", "reduction", "p", "P=0.03");
    assert_eq!(r.verdict, Verdict::ConsistentAfterRounding);
    assert_eq!(
        r.findings,
        vec![Finding::Rounded {
            rules: Rounding::ALL.to_vec()
        }]
    );
}

#[test]
fn impossible_r_and_p_pair_is_named() {
    let a = paper();
    let pair = |row, p| {
        result(&a, "table4-correlations", row, "pearson_p", p)
            .findings
            .iter()
            .find_map(|f| match f {
                Finding::PrintedPair {
                    two_sided,
                    possible,
                    n,
                    ..
                } => Some((*two_sided, *possible, *n)),
                _ => None,
            })
            .unwrap()
    };
    let (p, possible, n) = pair("weight", "P=1.000");
    assert!(!possible);
    assert_eq!(n, 19);
    assert!((p - 0.174569427972479).abs() < 1e-9);
    // BMI: r = 0.133 gives 0.5873, and an r that rounds to 0.133 can give 0.588.
    let (p, possible, _) = pair("bmi", "P=0.588");
    assert!(possible);
    assert!((p - 0.587269338561078).abs() < 1e-9);
}

#[test]
fn counts_and_percentages_the_paper_contradicts() {
    let a = paper();
    let r = result(
        &a,
        "table1",
        "ipss_r.intermediate",
        "n_percent",
        "15 (41.9)",
    );
    assert_eq!(r.verdict, Verdict::NotConsistent);
    assert!(r.findings.contains(&Finding::CountDiffers {
        printed: 15,
        recomputed: 13
    }));
    assert!(r.findings.iter().any(|f| matches!(f,
        Finding::PercentNotOfCount { n: 15, denominator: 31, counts, .. } if counts == &vec![13])));
    let r = result(&a, "table3", "diarrhea", "any", "5 (16.2)");
    assert_eq!(r.verdict, Verdict::NotConsistent);
    assert!(r
        .findings
        .contains(&Finding::NoCountGivesPercent { denominator: 31 }));
    let r = result(&a, "table3", "lymphopenia", "any", "8 (25.8)");
    assert!(r.findings.contains(&Finding::CountDiffers {
        printed: 8,
        recomputed: 11
    }));
    let r = result(&a, "table1", "age.median_range", "n_percent", "67");
    assert_eq!(r.verdict, Verdict::NotConsistent);
    assert_eq!(
        result(&a, "table1", "age.median_range", "n_percent", "66 (46–83)").verdict,
        Verdict::Consistent
    );
    assert_eq!(
        result(
            &a,
            "table1",
            "transfusion_dependence.at_start",
            "n_percent",
            "31 (100)"
        )
        .verdict,
        Verdict::Consistent
    );
    assert_eq!(
        result(&a, "efficacy-duration", "responders", "p_welch", "P＜0.001").verdict,
        Verdict::Consistent
    );
    // The whole list of what does not follow: nothing else.
    let mut differ: Vec<String> = a
        .results
        .iter()
        .filter(|r| r.verdict == Verdict::NotConsistent)
        .map(|r| format!("{} {} {}", r.table, r.row, r.column))
        .collect();
    differ.sort();
    assert_eq!(
        differ,
        [
            "table1 age.median_range n_percent",
            "table1 ipss_r.intermediate n_percent",
            "table2 age p",
            "table2 diagnosis_to_start p",
            "table2 ipss p",
            "table2 neutrophils p",
            "table2 rbc_transfusion p",
            "table2 thrombocytopenia p",
            "table3 diarrhea any",
            "table3 lymphopenia any",
            "table4-correlations bmi pearson_p",
            "table4-correlations bmi pearson_r",
            "table4-correlations weight pearson_p",
            "table4-correlations weight pearson_r",
        ]
    );
}

#[test]
fn a_percentage_of_another_population_is_named() {
    // 19 of 31 screened is 61.3%; the paper's 67.9% is of 28 evaluable.
    let claims = "table,row,column,printed\nefficacy-response,rbc_ti,n_percent,19 (61.3%)\nflow,screened,n,30\ntable9,x,y,1\ntable2,sex,p,n.s.\n";
    let a = demo_audit(claims.as_bytes()).audit.unwrap();
    let r = &a.results[0];
    assert_eq!(r.verdict, Verdict::NotConsistent);
    assert!(r.findings.iter().any(|f| matches!(
        f,
        Finding::OtherDenominator {
            denominator: 31,
            ..
        }
    )));
    assert_eq!(a.results[1].verdict, Verdict::NotConsistent);
    assert_eq!(a.results[2].verdict, Verdict::NotFound);
    assert_eq!(a.results[2].findings, vec![Finding::UnknownTable]);
    assert_eq!(a.results[3].verdict, Verdict::Unreadable);
}

#[test]
fn a_broken_claims_file_is_located_and_shown() {
    let report = demo_audit(b"table,row,printed\ntable2,sex,0.020\n");
    let a = report.audit.as_ref().unwrap();
    assert!(a.results.is_empty());
    let d = a.diagnostics.iter().next().unwrap();
    assert_eq!(d.location.file, "claims.csv");
    assert_eq!(d.location.row, Some(1));
    assert_eq!(d.location.column.as_deref(), Some("column"));
    for lang in Lang::ALL {
        let p = present(&report, lang);
        let audit = p.sections.iter().find(|s| s.id == "audit").unwrap();
        assert_eq!(audit.blocks.len(), 2, "the audit table and its problems");
    }
}

#[test]
fn the_audit_is_a_table_in_every_output_and_language() {
    let claims = std::fs::read(common::root().join("examples/paper-claims.csv")).unwrap();
    let report = demo_audit(&claims);
    let json = report.to_json();
    assert!(json.contains("\"audit\""));
    for lang in Lang::ALL {
        let p = present(&report, lang);
        let table = lenalyze::present::tables(&p)
            .find(|t| t.id == "audit")
            .unwrap();
        let rows: usize = table.groups.iter().map(|g| g.rows.len()).sum();
        assert_eq!(rows, report.audit.as_ref().unwrap().results.len());
        let csv = lenalyze::export::csv(table);
        assert!(csv.contains("0.038"));
        assert!(!csv.contains('⟦'), "{lang:?}: a missing catalogue text");
    }
    // Without claims the report is unchanged (no audit key).
    let root = common::root();
    let demo = common::file(&root.join("www/demo/lenalyze-demo.csv"));
    let plain = lenalyze::analyze(&[demo], &lenalyze::Settings::default());
    assert!(!plain.to_json().contains("\"audit\""));
}

#[test]
fn docs_paper_reproduction_is_the_current_audit() {
    let root = common::root();
    let out = std::env::temp_dir().join(format!("lenalyze-audit-{}.md", std::process::id()));
    let status = Command::new(env!("CARGO_BIN_EXE_lenalyze"))
        .args([
            "analyze",
            "www/demo/lenalyze-demo.csv",
            "--claims",
            "examples/paper-claims.csv",
            "--audit-markdown",
        ])
        .arg(&out)
        .args(["-o", if cfg!(windows) { "NUL" } else { "/dev/null" }])
        .current_dir(&root)
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    let committed = std::fs::read_to_string(root.join("docs/paper-reproduction.md")).unwrap();
    assert!(
        written == committed,
        "docs/paper-reproduction.md is out of date: run scripts/paper-reproduction.sh"
    );
    // The page offers the same claims file.
    assert_eq!(
        std::fs::read(root.join("examples/paper-claims.csv")).unwrap(),
        std::fs::read(root.join("www/claims/paper-claims.csv")).unwrap()
    );
}
