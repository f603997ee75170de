// The fuzz targets' entry points, shared by the libFuzzer targets in
// `fuzz_targets/` (nightly features through cargo-fuzz) and by the stable
// smoke test `tests/suite/fuzz_corpus.rs`, which feeds every saved corpus file to
// the same functions. Each entry panics only when Lenalyze breaks one of its
// promises: a panic inside the core, a p-value outside (0, 1], a percentage
// outside [0, 100], a non-finite number, or a report whose JSON does not
// read back.

use lenalyze::diagnostics::Diagnostics;
use lenalyze::ingest::read::{sniff, Format};
use lenalyze::pool::SiteSummary;
use lenalyze::text::Lang;
use lenalyze::{InputFile, Settings};

/// Separates files in an `analyze` input (after the settings line).
pub const FILE_SEPARATOR: &[u8] = b"\n--next-file--\n";

/// Delimited text (CSV, TSV, any encoding) through the whole ingest.
pub fn ingest_text(data: &[u8]) {
    if sniff(data) != Format::Text {
        return;
    }
    ingest_one("fuzz.csv", data);
}

/// A workbook (XLSX/ODS zip or XLS compound file) through the whole ingest.
pub fn ingest_workbook(data: &[u8]) {
    if sniff(data) == Format::Text {
        return;
    }
    ingest_one("fuzz.xlsx", data);
}

fn ingest_one(name: &str, data: &[u8]) {
    let mut diags = Diagnostics::new();
    let files = [InputFile {
        name: name.to_string(),
        bytes: data.to_vec(),
    }];
    let _ = lenalyze::ingest::ingest(&files, &mut diags);
}

/// Site summaries (the JSON a site exports, `lenalyze aggregate`) pooled as
/// the coordinator's page and `lenalyze pool` do: up to four files
/// separated by [`FILE_SEPARATOR`]. They are pooled as written (the
/// reader's checks: format, versions, checksum, settings), and once more
/// with the checksum of each one that reads as a summary made right, so
/// the fuzzer reaches the pooling of arbitrary tallies past the checksum;
/// each report is checked like `analyze`'s and laid out in both languages.
pub fn pool_summaries(data: &[u8]) {
    let parts: Vec<&[u8]> = split(data, FILE_SEPARATOR).into_iter().take(4).collect();
    pooled(parts.iter().map(|p| p.to_vec()).collect());
    let sealed = parts
        .iter()
        .map(|p| match serde_json::from_slice::<SiteSummary>(p) {
            Ok(mut s) => {
                s.checksum = s.computed_checksum();
                s.to_json().into_bytes()
            }
            Err(_) => p.to_vec(),
        })
        .collect();
    pooled(sealed);
}

fn pooled(files: Vec<Vec<u8>>) {
    let files: Vec<InputFile> = files
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| InputFile {
            name: format!("site{i}.json"),
            bytes,
        })
        .collect();
    let report = lenalyze::pool::pool(&files);
    checked(&report);
}

/// The report's JSON reads back and keeps its invariants; it is laid out
/// in English and Korean.
fn checked(report: &lenalyze::Report) {
    let json = report.to_json();
    let value: serde_json::Value = serde_json::from_str(&json).expect("report JSON reads back");
    check_report(&value, "$");
    for lang in [Lang::En, Lang::Ko] {
        let p = lenalyze::present::present(report, lang);
        let text = serde_json::to_string(&p).expect("presentation serializes");
        assert!(!text.is_empty());
    }
}

/// The whole analysis as the page runs it: the first line is the settings
/// JSON (invalid settings fall back to the defaults, as the page's URL hash
/// does), the rest is up to four files separated by [`FILE_SEPARATOR`]; the
/// report is analysed, laid out in both languages, and serialized.
pub fn analyze(data: &[u8]) {
    let (settings_line, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let settings = std::str::from_utf8(settings_line)
        .ok()
        .and_then(|s| Settings::from_json(s).ok())
        .unwrap_or_default();
    let files: Vec<InputFile> = split(rest, FILE_SEPARATOR)
        .into_iter()
        .take(4)
        .enumerate()
        .map(|(i, bytes)| InputFile {
            name: format!("site{i}.csv"),
            bytes: bytes.to_vec(),
        })
        .collect();
    let report = lenalyze::analyze(&files, &settings);
    checked(&report);
}

fn split<'a>(data: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + sep.len() <= data.len() {
        if &data[i..i + sep.len()] == sep {
            out.push(&data[start..i]);
            i += sep.len();
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(&data[start..]);
    out
}

/// Panics when a report's JSON breaks an invariant: every `p_value` in
/// (0, 1], every `percent`/`*_percent` in [0, 100], every number finite
/// (serde_json writes NaN and infinity as null, so a null `p_value`,
/// `estimate`, `lower` or `upper` is caught as a non-number).
pub fn check_report(v: &serde_json::Value, path: &str) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, child) in map {
                let here = format!("{path}.{k}");
                if k == "p_value" {
                    let p = child
                        .as_f64()
                        .unwrap_or_else(|| panic!("{here} is {child}"));
                    assert!(p > 0.0 && p <= 1.0, "{here} = {p}");
                }
                if k == "percent" || k.ends_with("_percent") {
                    if let Some(x) = child.as_f64() {
                        assert!((0.0..=100.0).contains(&x), "{here} = {x}");
                    }
                }
                if let serde_json::Value::Number(n) = child {
                    let x = n.as_f64().unwrap_or(0.0);
                    assert!(x.is_finite(), "{here} = {n}");
                }
                check_report(child, &here);
            }
            // A count: n and the missing among the N never exceed N.
            let num = |k: &str| map.get(k).and_then(|x| x.as_u64());
            if let (Some(n), Some(d), Some(m)) = (num("n"), num("denominator"), num("missing")) {
                assert!(n + m <= d, "{path}: n {n} + missing {m} > denominator {d}");
            }
            // An interval: lower ≤ upper.
            let real = |k: &str| map.get(k).and_then(|x| x.as_f64());
            if let (Some(lo), Some(hi)) = (real("lower"), real("upper")) {
                assert!(lo <= hi, "{path}: lower {lo} > upper {hi}");
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_report(item, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

/// For the libFuzzer targets that read workbooks: a panic inside calamine
/// is contained by the ingest (`ingest::workbook::contained` turns it into
/// a "damaged workbook" error), so it is not a finding; any other panic
/// still aborts, as libFuzzer's own hook would. Call once, at start.
#[allow(dead_code)] // used by the fuzz targets, not by the smoke test
pub fn contained_calamine_panics_are_not_findings() {
    let libfuzzer_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info
            .location()
            .is_some_and(|l| l.file().contains("/calamine-"));
        if !in_calamine {
            libfuzzer_hook(info);
        }
    }));
}
