//! Pooling site summaries (`lenalyze::pool`): the demo split by site into
//! 21 sites' files, each aggregated into a summary and all pooled, gives
//! the demo's own analysis for every figure (counts equal, floating-point
//! figures within 1e-12 relative), in any order of the summaries; no patient
//! ID or date from the inputs is in any summary; a summary edited after
//! export, of another version, given twice or made with other settings is
//! rejected, naming why; and random cohorts split at random into 1–25 sites
//! pool to their direct analysis (proptest).
#![cfg(not(target_arch = "wasm32"))]

use crate::common::{self, cohort};

use lenalyze::pool::{self, SiteSummary};
use lenalyze::settings::Settings;
use lenalyze::{InputFile, Report};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

const DEMO: [&str; 4] = [
    "lenalyze-demo.csv",
    "lenalyze-demo-labs.csv",
    "lenalyze-demo-transfusions.csv",
    "lenalyze-demo-dosing.csv",
];

fn demo_files() -> Vec<InputFile> {
    DEMO.iter()
        .map(|n| common::file(&common::root().join("www/demo").join(n)))
        .collect()
}

/// A CSV file as a header and records (the `csv` crate, so quoted commas
/// stay in their cell).
fn read_csv(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().clone();
    let rows = r.records().map(|x| x.unwrap()).collect();
    (header, rows)
}

fn write_csv(header: &csv::StringRecord, rows: &[&csv::StringRecord]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(*r).unwrap();
    }
    w.into_inner().unwrap()
}

/// The demo's four files split into one set of four files per group of
/// patients (`group` of a patients row → its group); each long sheet's rows
/// go with their patient.
fn split(
    files: &[InputFile],
    group: impl Fn(usize, &csv::StringRecord) -> String,
) -> BTreeMap<String, Vec<InputFile>> {
    let (header, rows) = read_csv(&files[0].bytes);
    let mut of_patient = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<&csv::StringRecord>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let g = group(i, r);
        of_patient.insert(r[0].to_string(), g.clone());
        groups.entry(g).or_default().push(r);
    }
    let long: Vec<_> = files[1..].iter().map(|f| read_csv(&f.bytes)).collect();
    groups
        .iter()
        .enumerate()
        .map(|(k, (g, patients))| {
            let stem = format!("site{k:02}");
            let mut out = vec![InputFile {
                name: format!("{stem}.csv"),
                bytes: write_csv(&header, patients),
            }];
            for ((h, rows), kind) in long.iter().zip(["labs", "transfusions", "dosing"]) {
                let mine: Vec<&csv::StringRecord> = rows
                    .iter()
                    .filter(|r| of_patient.get(&r[0]) == Some(g))
                    .collect();
                out.push(InputFile {
                    name: format!("{stem}-{kind}.csv"),
                    bytes: write_csv(h, &mine),
                });
            }
            (g.clone(), out)
        })
        .collect()
}

fn summaries(sites: &BTreeMap<String, Vec<InputFile>>, settings: &Settings) -> Vec<InputFile> {
    sites
        .iter()
        .map(|(site, files)| {
            let summary = pool::aggregate(files, settings, site)
                .summary
                .unwrap_or_else(|| panic!("{site} has a summary"));
            InputFile {
                name: format!("{site}.json"),
                bytes: summary.to_json().into_bytes(),
            }
        })
        .collect()
}

fn json(report: &Report) -> Value {
    serde_json::from_str(&report.to_json()).unwrap()
}

/// Parts of the analysis a pooled report does not have by design, as
/// (parent path, key): the flow's by-site part, Spearman's ρ. (The flow's
/// patient listings are numbers in the JSON, the same pooled or not.)
fn not_pooled(path: &str, key: &str) -> bool {
    (path == "analysis.population_flow" && key == "pooled")
        || (path.starts_with("analysis.table4.correlations") && key == "spearman")
}

/// Every difference between the pooled and the direct analysis: integers,
/// strings and booleans equal; floats within 1e-12 relative (a correlation
/// coefficient, in [−1, 1], within 1e-12 absolute).
fn differences(pooled: &Value, direct: &Value, path: &str, out: &mut Vec<String>) {
    match (pooled, direct) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                if not_pooled(path, k) {
                    continue;
                }
                match a.get(k) {
                    Some(w) => differences(w, v, &format!("{path}.{k}"), out),
                    None => out.push(format!("{path}.{k}: missing in the pooled report")),
                }
            }
            for k in a.keys() {
                if !b.contains_key(k) && !not_pooled(path, k) {
                    out.push(format!("{path}.{k}: only in the pooled report"));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(x, y, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.is_f64() || b.is_f64() => {
            let (x, y) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            let tolerance = if path.ends_with(".r") {
                1e-12
            } else {
                1e-12 * y.abs()
            };
            if (x - y).abs() > tolerance {
                out.push(format!("{path}: pooled {x} vs direct {y}"));
            }
        }
        _ => {
            if pooled != direct {
                out.push(format!("{path}: pooled {pooled} vs direct {direct}"));
            }
        }
    }
}

fn assert_pooled_is_direct(pooled: &Report, direct: &Report) {
    assert!(!pooled.has_errors(), "{:?}", pooled.diagnostics);
    let (p, d) = (json(pooled), json(direct));
    let mut out = Vec::new();
    differences(&p["analysis"], &d["analysis"], "analysis", &mut out);
    assert!(
        out.is_empty(),
        "{} differences:\n{}",
        out.len(),
        out.join("\n")
    );
    // The listings become counts.
    let (pf, df) = (
        &pooled.analysis.as_ref().unwrap().population_flow,
        &direct.analysis.as_ref().unwrap().population_flow,
    );
    assert_eq!(pf.excluded_count(), df.excluded.len());
    assert_eq!(pf.no_start_date_count(), df.no_start_date.len());
    assert_eq!(pf.not_evaluable_count(), df.not_evaluable.len());
    assert_eq!(pf.excluded_several_reasons(), df.excluded_several_reasons());
    let sites = &pf.pooled.as_ref().unwrap().sites;
    assert_eq!(sites.iter().map(|s| s.screened).sum::<usize>(), df.screened);
    assert_eq!(
        sites.iter().map(|s| s.responders).sum::<usize>(),
        df.responders
    );
}

#[test]
fn the_demo_split_by_site_pools_to_the_demo_in_any_order() {
    let files = demo_files();
    for settings in common::settings_variants() {
        let direct = lenalyze::analyze(&files, &settings);
        assert!(direct.analysis.is_some());
        let sites = split(&files, |_, r| r[1].to_string());
        assert_eq!(sites.len(), 21, "the demo's 21 hospitals");
        let mut summaries = summaries(&sites, &settings);
        let pooled = pool::pool(&summaries);
        assert_pooled_is_direct(&pooled, &direct);
        assert_eq!(
            pooled
                .analysis
                .as_ref()
                .unwrap()
                .population_flow
                .pooled
                .as_ref()
                .unwrap()
                .sites
                .len(),
            21
        );
        // A site left out shows: the comparison is not blind.
        let mut out = Vec::new();
        let without_one = pool::pool(&summaries[1..]);
        differences(
            &json(&without_one)["analysis"],
            &json(&direct)["analysis"],
            "analysis",
            &mut out,
        );
        assert!(!out.is_empty());
        summaries.reverse();
        assert_pooled_is_direct(&pool::pool(&summaries), &direct);
        // A fixed shuffle: every third summary first.
        let (a, b): (Vec<_>, Vec<_>) = summaries
            .into_iter()
            .enumerate()
            .partition(|(i, _)| i % 3 == 0);
        let shuffled: Vec<InputFile> = a.into_iter().chain(b).map(|(_, f)| f).collect();
        assert_pooled_is_direct(&pool::pool(&shuffled), &direct);
    }
}

#[test]
fn the_comparison_sees_one_count_more_or_a_float_off_by_1e_9() {
    let direct = json(&lenalyze::analyze(&demo_files(), &Settings::default()));
    let mut changed = direct.clone();
    let n = &mut changed["analysis"]["table1"]["rows"][1]["levels"][0][1]["n"];
    *n = Value::from(n.as_u64().unwrap() + 1);
    let mut out = Vec::new();
    differences(
        &changed["analysis"],
        &direct["analysis"],
        "analysis",
        &mut out,
    );
    assert_eq!(out.len(), 1, "{out:?}");
    let mut changed = direct.clone();
    let p = &mut changed["analysis"]["efficacy"]["duration_months"]["welch"]["value"]["p_value"];
    *p = Value::from(p.as_f64().unwrap() * (1.0 + 1e-9));
    let mut out = Vec::new();
    differences(
        &changed["analysis"],
        &direct["analysis"],
        "analysis",
        &mut out,
    );
    assert_eq!(out.len(), 1, "{out:?}");
}

#[test]
fn the_demo_split_by_rows_pools_to_the_demo() {
    let files = demo_files();
    let settings = Settings::default();
    let direct = lenalyze::analyze(&files, &settings);
    let sites = split(&files, |i, _| format!("rows-{}", i / 10));
    assert_eq!(sites.len(), 4);
    assert_pooled_is_direct(&pool::pool(&summaries(&sites, &settings)), &direct);
}

#[test]
fn one_summary_pools_to_its_own_analysis_and_reports_the_pooling() {
    let files = demo_files();
    let settings = Settings::default();
    let direct = lenalyze::analyze(&files, &settings);
    let all: BTreeMap<String, Vec<InputFile>> = [("Demo".to_string(), files)].into();
    let pooled = pool::pool(&summaries(&all, &settings));
    assert_pooled_is_direct(&pooled, &direct);
    let t4 = pooled.analysis.as_ref().unwrap().table4.as_ref().unwrap();
    for c in &t4.correlations {
        assert_eq!(
            c.spearman,
            lenalyze::analysis::values::Computed::NotComputable(
                lenalyze::stats::Reason::NotPoolable
            )
        );
    }
    assert!(pooled.derived.is_none());
    let presentation = lenalyze::present::present(&pooled, lenalyze::text::Lang::En);
    let text = serde_json::to_string(&presentation).unwrap();
    assert!(
        text.contains("not available when pooling"),
        "the pooled report says what is left out"
    );
    assert!(text.contains("flow-sites"));
    // Same schemas as every report and presentation.
    let validate = |schema: String, value: &Value| {
        let schema: Value = serde_json::from_str(&schema).unwrap();
        let v = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = v.iter_errors(value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    };
    validate(lenalyze::report::json_schema(), &json(&pooled));
    validate(
        lenalyze::present::json_schema(),
        &serde_json::to_value(&presentation).unwrap(),
    );
}

/// Every patient ID and every date-like cell (a run of digits with `-`, `/`
/// or `.` inside) of the inputs.
fn identifying_strings(files: &[InputFile]) -> Vec<String> {
    let mut out = Vec::new();
    for f in files {
        let (header, rows) = read_csv(&f.bytes);
        for r in &rows {
            for (h, cell) in header.iter().zip(r.iter()) {
                let date_like = cell.len() >= 8
                    && cell
                        .chars()
                        .all(|c| c.is_ascii_digit() || "-/.".contains(c))
                    && cell.chars().filter(|c| "-/.".contains(*c)).count() >= 2;
                if h == "patient_id" || date_like {
                    out.push(cell.to_string());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn no_patient_id_or_date_is_in_any_summary() {
    let files = demo_files();
    let secrets = identifying_strings(&files);
    assert!(secrets.iter().any(|s| s.starts_with("KR-")), "IDs found");
    assert!(secrets.iter().any(|s| s.starts_with("20")), "dates found");
    let sites = split(&files, |_, r| r[1].to_string());
    for summary in summaries(&sites, &Settings::default()) {
        let text = String::from_utf8(summary.bytes).unwrap();
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{} holds {s}", summary.name);
        }
    }
}

fn codes(report: &Report) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn tampered_other_version_duplicate_and_other_settings_are_rejected() {
    let files = demo_files();
    let settings = Settings::default();
    let sites = split(&files, |i, _| format!("rows-{}", i / 16));
    let good = summaries(&sites, &settings);
    assert_eq!(good.len(), 2);
    assert!(!pool::pool(&good).has_errors());
    let edit = |f: &InputFile, from: &str, to: &str| {
        let text = String::from_utf8(f.bytes.clone()).unwrap();
        assert!(text.contains(from), "{from}");
        InputFile {
            name: f.name.clone(),
            bytes: text.replacen(from, to, 1).into_bytes(),
        }
    };
    let one = SiteSummary::read(&good[0].bytes).unwrap();
    let screened = format!("\"screened\": {}", one.data.flow.screened);
    let more = format!("\"screened\": {}", one.data.flow.screened + 1);
    let cases: Vec<(Vec<InputFile>, &str)> = vec![
        (
            vec![edit(&good[0], &screened, &more), good[1].clone()],
            "pool-checksum",
        ),
        (
            vec![
                edit(
                    &good[0],
                    "\"lenalyze_version\": \"",
                    "\"lenalyze_version\": \"9",
                ),
                good[1].clone(),
            ],
            "pool-lenalyze-version",
        ),
        (
            vec![
                edit(&good[0], "\"format_version\": 1", "\"format_version\": 2"),
                good[1].clone(),
            ],
            "pool-format-version",
        ),
        (
            vec![good[0].clone(), good[0].clone()],
            "pool-duplicate-site",
        ),
        (
            vec![demo_files()[0].clone(), good[1].clone()],
            "pool-not-a-summary",
        ),
        (vec![], "pool-no-summary"),
    ];
    for (inputs, code) in cases {
        let report = pool::pool(&inputs);
        assert!(report.analysis.is_none(), "{code}");
        assert_eq!(codes(&report), vec![code]);
    }
    // The same data under another label.
    let relabelled = pool::aggregate(&sites["rows-0"], &settings, "Another hospital")
        .summary
        .unwrap();
    let twice = vec![
        good[0].clone(),
        InputFile {
            name: "another.json".into(),
            bytes: relabelled.to_json().into_bytes(),
        },
    ];
    assert_eq!(codes(&pool::pool(&twice)), vec!["pool-duplicate-content"]);
    // The same data from other bytes (CRLF line ends): pooled, with a
    // warning, since two small sites can have the same tallies.
    let crlf: Vec<InputFile> = sites["rows-0"]
        .iter()
        .map(|f| InputFile {
            name: f.name.clone(),
            bytes: String::from_utf8(f.bytes.clone())
                .unwrap()
                .replace('\n', "\r\n")
                .into_bytes(),
        })
        .collect();
    let same_data = pool::aggregate(&crlf, &settings, "Copy").summary.unwrap();
    let report = pool::pool(&[
        good[0].clone(),
        InputFile {
            name: "copy.json".into(),
            bytes: same_data.to_json().into_bytes(),
        },
    ]);
    assert_eq!(codes(&report), vec!["pool-same-data"]);
    assert!(report.analysis.is_some());
    // Other settings: named; the disclosure threshold is each site's own.
    let other = Settings {
        confidence_level: 0.9,
        disclosure_min_count: 11,
        ..Settings::default()
    };
    let mixed = vec![good[0].clone(), summaries(&sites, &other).remove(1)];
    let report = pool::pool(&mixed);
    assert_eq!(codes(&report), vec!["pool-settings-differ"]);
    let text = report
        .diagnostics
        .iter()
        .next()
        .unwrap()
        .text(lenalyze::text::Lang::En);
    assert!(text.contains("confidence_level: 0.95 → 0.9"), "{text}");
    assert!(!text.contains("disclosure"), "{text}");
    let own_threshold = Settings {
        disclosure_min_count: 11,
        ..Settings::default()
    };
    let fine = vec![good[0].clone(), summaries(&sites, &own_threshold).remove(1)];
    assert!(!pool::pool(&fine).has_errors());
}

#[test]
fn the_disclosure_note_lists_every_small_count() {
    let files = demo_files();
    let summary = pool::aggregate(&files, &Settings::default(), "Demo")
        .summary
        .unwrap();
    let cells = pool::small_cells(&summary, 5);
    assert!(!cells.is_empty());
    assert!(cells.iter().all(|c| (1..5).contains(&c.count)));
    // The demo's one patient who stopped for AML progression, say, is a
    // count of 1 somewhere; a threshold of 1 lists nothing.
    assert!(cells.iter().any(|c| c.count == 1));
    assert!(pool::small_cells(&summary, 1).is_empty());
    // Every histogram value with a count below 5 is named by its value.
    assert!(cells
        .iter()
        .any(|c| c.place.starts_with("table1 › age › values › ")));
    let note = pool::disclosure::note(
        &summary,
        lenalyze::text::Text::new(lenalyze::text::Lang::Ko),
    );
    assert_eq!(note.len(), cells.len() + 2);
}

fn cohort_sites(rows: &[cohort::Row], assignment: &[usize]) -> Vec<Vec<InputFile>> {
    let sites = assignment.iter().copied().max().map_or(0, |m| m + 1);
    (0..sites)
        .filter_map(|s| {
            let (mine, ids): (Vec<cohort::Row>, Vec<usize>) = rows
                .iter()
                .zip(assignment)
                .enumerate()
                .filter(|(_, (_, a))| **a == s)
                .map(|(i, (r, _))| (r.clone(), i))
                .unzip();
            (!mine.is_empty()).then(|| {
                vec![InputFile {
                    name: format!("site{s}.csv"),
                    bytes: cohort::to_csv(&mine, &ids).into_bytes(),
                }]
            })
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(16),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Random cohorts split at random into 1–25 sites: the pooled report is
    /// the direct analysis of all the patients.
    #[test]
    fn random_cohorts_split_into_sites_pool_to_their_analysis(
        (rows, assignment) in cohort::cohort(3, 60).prop_flat_map(|rows| {
            let n = rows.len();
            (Just(rows), 1usize..=25).prop_flat_map(move |(rows, k)| {
                (Just(rows), proptest::collection::vec(0..k, n))
            })
        }),
        eligibility in any::<bool>(),
    ) {
        let settings = Settings { apply_eligibility: eligibility, ..Settings::default() };
        let ids: Vec<usize> = (0..rows.len()).collect();
        let all = [InputFile { name: "all.csv".into(), bytes: cohort::to_csv(&rows, &ids).into_bytes() }];
        let direct = lenalyze::analyze(&all, &settings);
        prop_assume!(direct.analysis.is_some());
        let summaries: Vec<InputFile> = cohort_sites(&rows, &assignment)
            .iter()
            .enumerate()
            .map(|(i, files)| {
                let s = pool::aggregate(files, &settings, &format!("site {i}")).summary;
                InputFile {
                    name: format!("site{i}.json"),
                    bytes: s.expect("every site's file is analysed").to_json().into_bytes(),
                }
            })
            .collect();
        let pooled = pool::pool(&summaries);
        prop_assert!(!pooled.has_errors(), "{:?}", pooled.diagnostics);
        let mut out = Vec::new();
        differences(&json(&pooled)["analysis"], &json(&direct)["analysis"], "analysis", &mut out);
        prop_assert!(out.is_empty(), "{}", out.join("\n"));
    }
}
