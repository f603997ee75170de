//! The Korean report: every word Lenalyze writes in a Korean report is
//! Korean, apart from the abbreviations, method names, units, CRF spellings
//! and column names kept on purpose (the allowlist below); a Korean and an
//! English reader get the same report JSON; and the Korean dosing words of
//! Table 4 read back as the schedules they name.

#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use lenalyze::ingest::schedule::{parse, Regimen};
use lenalyze::present::{present, Presentation};
use lenalyze::settings::Settings;
use lenalyze::text::{keys, Lang, Text};
use lenalyze::{analyze, Report};
use std::collections::BTreeSet;

use common::{file, root};
use std::process::Command;

const DEMO: &str = "www/demo/lenalyze-demo.csv";

/// Latin words a Korean report keeps on purpose: abbreviations clinicians
/// use as they are, method and eponym names, units, the CRF's own category
/// spellings (which are also what a site types), and notation. One list,
/// shared with the page's Korean test. CRF column names and the units their
/// headers gave are allowed separately, from the report ([`data_words`]).
fn kept() -> BTreeSet<&'static str> {
    include_str!("../data/korean-kept-words.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Every text of a presentation a reader sees that Lenalyze wrote: titles,
/// captions, labels, footnotes, notes, figure texts. Text from the user's
/// files (cells of kind `user`: file names, patient IDs, the CRF's category
/// spellings as the site wrote them) and identifiers are left out.
fn written_texts(p: &Presentation) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(m) => {
                let user = m.get("kind").and_then(|k| k.as_str()) == Some("user");
                for (k, x) in m {
                    let identifier = matches!(
                        k.as_str(),
                        "type" | "id" | "kind" | "role" | "lang" | "key" | "denominator"
                    );
                    if identifier || (user && k == "text") {
                        continue;
                    }
                    walk(x, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(p).unwrap(), &mut out);
    out
}

/// The Latin-script words of a text: runs of ASCII letters and digits (with
/// the `_ . : - µ` that join identifiers, versions and units), trimmed of
/// punctuation; runs without a letter (numbers) are not words.
fn latin_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "_.:-µ".contains(c)))
        .map(|w| w.trim_matches(|c: char| ".:-".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .map(str::to_string)
        .collect()
}

/// Latin words that come from the user's files and are shown as written:
/// the CRF columns and long sheets a report read, and the units their
/// headers gave (named in the data check's notes).
fn data_words(report: &Report) -> BTreeSet<String> {
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let ingest = &json["ingest"];
    let mut words: BTreeSet<String> = ingest["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    if let Some(m) = ingest["missing_cells"].as_object() {
        words.extend(m.keys().cloned());
    }
    // Patient IDs (named in lists such as the HIRA rule's).
    if let Some(d) = &report.derived {
        words.extend(d.subjects.iter().map(|s| s.patient_id.clone()));
    }
    // The derived dataset's column names: data codes, like the CRF's.
    words.extend(
        lenalyze::present::dataset::DATASET_COLUMNS
            .iter()
            .map(|c| c.name.to_string()),
    );
    // The crf-v1 names of the long sheets read (`transfusions`, `dosing`):
    // identifiers of the contract, kept like the column names.
    if let Some(m) = ingest["long_sheets"]["rows_read"].as_object() {
        words.extend(m.keys().cloned());
    }
    for u in ingest["unit_conversions"].as_array().into_iter().flatten() {
        for unit in [&u["from_unit"], &u["to_unit"]] {
            words.extend(latin_words(unit.as_str().unwrap_or_default()));
        }
    }
    words
}

/// Latin words of the Korean presentation that are neither kept on purpose
/// nor words of the user's files, with the text they are in.
fn english_leaks(report: &Report) -> Vec<(String, String)> {
    let data = data_words(report);
    let kept = kept();
    let mut leaks = Vec::new();
    for text in written_texts(&present(report, Lang::Ko)) {
        for word in latin_words(&text) {
            if !kept.contains(word.as_str()) && !data.contains(&word) {
                leaks.push((word, text.clone()));
            }
        }
    }
    leaks
}

#[test]
fn words_are_split_as_intended() {
    assert_eq!(
        latin_words("P: Fisher의 정확검정, 양측; N = 28."),
        ["P", "Fisher", "N"]
    );
    assert_eq!(
        latin_words("(R의 survival::survfit과 같은 방법). NR, 미도달."),
        ["R", "survival::survfit", "NR"]
    );
    assert_eq!(
        latin_words("≥ 1000/µL; 7.2 ± 0.2 g/dL; IPSS(-R); del(5q)"),
        ["µL", "g", "dL", "IPSS", "R", "del", "5q"]
    );
    assert!(latin_words("31 (100.0) – 0.020").is_empty());
}

#[test]
fn the_korean_demo_report_keeps_only_the_latin_words_meant_to_be_kept() {
    let mut inputs = vec![root().join(DEMO)];
    // Encodings, delimiters, units and workbook formats of the same data:
    // their notes (encoding read, units converted) are Korean too.
    for name in [
        "demo-cp949-semicolon.csv",
        "demo-utf16.csv",
        "demo-wide-gL.csv",
        "demo.ods",
        "demo.xls",
    ] {
        inputs.push(root().join("tests/data").join(name));
    }
    let settings = common::settings_variants();
    for path in &inputs {
        for s in &settings {
            let report = analyze(&[file(path)], s);
            let leaks = english_leaks(&report);
            assert!(
                leaks.is_empty(),
                "{}: Latin words in the Korean report that are not on the allowlist: {leaks:#?}",
                path.display()
            );
        }
    }
    // And the check sees what it should: the demo's tables are Korean, and
    // the same check finds the English words of the English report.
    let report = analyze(&[file(&root().join(DEMO))], &Settings::default());
    let korean = written_texts(&present(&report, Lang::Ko));
    assert!(korean
        .iter()
        .any(|t| t == "표 1. 환자 특성 (안전성 분석군, N = 31)"));
    assert!(korean.iter().any(|t| t == "호중구 감소증"));
    let english = written_texts(&present(&report, Lang::En));
    let data = data_words(&report);
    let kept = kept();
    let english_words: BTreeSet<String> = english
        .iter()
        .flat_map(|t| latin_words(t))
        .filter(|w| !kept.contains(w.as_str()) && !data.contains(w))
        .collect();
    for word in ["Neutropenia", "Responders", "Median", "Table"] {
        assert!(english_words.contains(word), "{word} not caught in English");
    }
}

#[test]
fn korean_and_english_readers_get_the_same_report_json() {
    // The library: the report does not depend on the language; only its
    // presentation does.
    let report = analyze(&[file(&root().join(DEMO))], &Settings::default());
    let en = present(&report, Lang::En);
    let ko = present(&report, Lang::Ko);
    assert_eq!((en.lang, ko.lang), ("en", "ko"));
    assert_ne!(
        serde_json::to_string(&en).unwrap(),
        serde_json::to_string(&ko).unwrap()
    );
    // The CLI: the report files written with --lang en and --lang ko are
    // byte-identical, while the tables differ.
    let dir = std::env::temp_dir().join(format!("lenalyze-korean-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let run = |lang: &str| {
        let report = dir.join(format!("report-{lang}.json"));
        let tables = dir.join(format!("tables-{lang}"));
        let out = Command::new(env!("CARGO_BIN_EXE_lenalyze"))
            .current_dir(root())
            .args(["analyze", DEMO, "--lang", lang, "-o"])
            .arg(&report)
            .arg("--tables-dir")
            .arg(&tables)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            std::fs::read(report).unwrap(),
            std::fs::read_to_string(tables.join("lenalyze-table1.csv")).unwrap(),
        )
    };
    let (en_json, en_table1) = run("en");
    let (ko_json, ko_table1) = run("ko");
    assert!(en_json == ko_json, "the report JSON depends on --lang");
    assert_eq!(en_json, report.to_json().into_bytes());
    assert!(en_table1.contains("Table 1. Patient characteristics"));
    assert!(ko_table1.contains("표 1. 환자 특성"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn korean_language_tags() {
    assert_eq!(Lang::from_tag("ko"), Some(Lang::Ko));
    assert_eq!(Lang::from_tag("ko-KR"), Some(Lang::Ko));
    assert_eq!(Lang::from_tag("KO_kr"), Some(Lang::Ko));
    assert_eq!(Lang::Ko.tag(), "ko");
    assert!(Lang::ALL.contains(&Lang::Ko));
}

/// Table 4 words a regimen in Korean; the diagnostic for an unreadable
/// schedule tells the site to write it "as in Table 4", so the Korean words
/// must read back as the same regimen (all but the two the parser has no
/// words for in any language: 5 days a week, and other intermittent cycles).
#[test]
fn korean_table4_dosing_reads_back_as_its_regimen() {
    let t = Text::new(Lang::Ko);
    for (key, regimen) in [
        (keys::REGIMEN_DAILY, Regimen::Daily),
        (keys::REGIMEN_EVERY_OTHER_DAY, Regimen::EveryOtherDay),
        (keys::REGIMEN_DAILY_21_OF_28, Regimen::Daily21Of28),
        (
            keys::REGIMEN_EVERY_OTHER_DAY_21_OF_28,
            Regimen::EveryOtherDay21Of28,
        ),
        (keys::REGIMEN_DAILY_14_OF_21, Regimen::Daily14Of21),
        (keys::REGIMEN_DAILY_14_OF_28, Regimen::Daily14Of28),
    ] {
        let text = t.f(
            keys::TABLE4_DOSING,
            &[("dose", &"5"), ("regimen", &t.t(key))],
        );
        let schedule = parse(&text).unwrap_or_else(|| panic!("{text:?} does not read back"));
        assert_eq!(schedule.regimen, regimen, "{text:?}");
        assert_eq!(schedule.dose_in_text_mg, Some(5.0), "{text:?}");
    }
    // The example the diagnostic gives.
    let example = t.t(keys::DIAG_UNREADABLE_SCHEDULE);
    assert!(example.contains("\"5 mg 격일 투여\""), "{example}");
    assert_eq!(
        parse("5 mg 격일 투여").map(|s| s.regimen),
        Some(Regimen::EveryOtherDay)
    );
}
