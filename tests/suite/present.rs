//! The presentation layer and its exports, end to end: every table of every
//! test input is complete in every language, user text never becomes a
//! spreadsheet formula, and exports are byte-identical run after run.
//! (That the page, the CLI's CSVs, the XLSX and the DOCX show the same text
//! cell by cell is `tests/e2e/present-parity.test.mjs`.)

#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use lenalyze::present::{present, tables, Presentation};
use lenalyze::settings::Settings;
use lenalyze::text::Lang;
use lenalyze::{analyze, InputFile};

use common::{file, inputs_under, root, settings_variants};

fn demo() -> InputFile {
    file(&root().join("www/demo/lenalyze-demo.csv"))
}

/// Every text of a presentation: titles, captions, cells, footnotes, figure
/// texts and labels.
fn texts(p: &Presentation) -> Vec<String> {
    let json = serde_json::to_value(p).unwrap();
    let mut out = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(m) => m.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&json, &mut out);
    out
}

/// A `{name}` left unfilled in a text.
fn unfilled(text: &str) -> Option<&str> {
    let open = text.find('{')?;
    let rest = &text[open + 1..];
    let close = rest.find('}')?;
    let name = &rest[..close];
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')).then_some(name)
}

#[test]
fn every_text_of_every_input_is_complete_in_every_language() {
    let mut inputs = inputs_under(&root().join("www/demo"));
    inputs.extend(inputs_under(&root().join("tests/data")));
    let settings = settings_variants();
    for path in &inputs {
        for s in &settings {
            let report = analyze(&[file(path)], s);
            for lang in Lang::ALL {
                for text in texts(&present(&report, lang)) {
                    assert!(
                        !text.contains('⟦'),
                        "{}: missing catalogue text in {text:?}",
                        path.display()
                    );
                    assert_eq!(
                        unfilled(&text),
                        None,
                        "{}: unfilled placeholder in {text:?}",
                        path.display()
                    );
                }
            }
        }
    }
}

#[test]
fn the_demo_reads_as_the_paper_prints_it() {
    let p = present(&analyze(&[demo()], &Settings::default()), Lang::En);
    let table = |id: &str| tables(&p).find(|t| t.id == id).unwrap().grid();
    let t2 = table("table2");
    assert_eq!(
        t2[2],
        ["Sex", "Male", "5", "2", "0.020", "9.50 (1.09–135.41)"]
    );
    assert_eq!(t2[5][1], "≥ median (66 y)");
    let t4 = table("table4");
    assert_eq!(t4[7], ["5 mg once every other day", "6 (31.6)", "2.5"]);
    let t3 = table("table3");
    assert!(t3.contains(&vec![
        "Febrile neutropenia a)".to_string(),
        "28".into(),
        "–".into(),
        "–".into(),
        "3".into(),
        "0".into(),
        "0".into(),
        "3 (9.7)".into(),
        "3 (9.7)".into()
    ]));
    let response = table("efficacy-response");
    assert_eq!(
        response[2],
        ["RBC-TI (HI-E major)", "19/28 (67.9%)", "47.6–84.1"]
    );
}

/// Text a spreadsheet would run as a formula: `=`, `+`, `-`, `@` (or tab,
/// CR) first, after any spaces.
fn formula_like(text: &str) -> bool {
    text.trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[test]
fn user_text_never_becomes_a_formula_even_when_indented() {
    let demo = String::from_utf8(demo().bytes).unwrap();
    // A WHO class Lenalyze does not know is listed as written in Table 1,
    // where levels are indented under their variable.
    let hostile = demo.replacen(
        ",MDS-MLD,",
        ",\"    =HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",",
        1,
    );
    assert_ne!(hostile, demo);
    let report = analyze(
        &[InputFile {
            name: "hostile.csv".into(),
            bytes: hostile.into_bytes(),
        }],
        &Settings::default(),
    );
    let p = present(&report, Lang::En);
    let mut found = false;
    for t in tables(&p) {
        for row in t.grid() {
            for cell in row {
                assert!(!formula_like(&cell), "{}: {cell:?}", t.id);
                found |= cell.contains("HYPERLINK");
            }
        }
        let csv = lenalyze::export::csv(t);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(!formula_like(cell), "{} CSV: {cell:?}", t.id);
            }
        }
    }
    assert!(
        found,
        "the hostile value is shown (neutralized), not dropped"
    );
}

#[test]
fn control_characters_from_cells_never_reach_a_document() {
    // A NUL byte in a cell was written raw into the DOCX's XML, which no
    // XML reader (Word included) accepts; XLSX and DOCX hold only tab, line
    // feed and carriage return of the C0 controls.
    let demo = String::from_utf8(demo().bytes).unwrap();
    let hostile = demo
        .replacen(",MDS-MLD,", ",MDS\0MLD\u{1}\u{1b},", 1)
        .replacen("Asan Medical Center", "Asan\0Medical\u{7f}Center", 1);
    assert_ne!(hostile, demo);
    let report = analyze(
        &[InputFile {
            name: "nul\0.csv".into(),
            bytes: hostile.into_bytes(),
        }],
        &Settings::default(),
    );
    for lang in [Lang::En, Lang::Ko] {
        let p = present(&report, lang);
        let json = serde_json::to_string(&p).unwrap();
        // serde_json writes other control characters as \u00XX, \b or \f.
        for bad in ["\\u00", "\\b", "\\f", "\u{7f}"] {
            assert!(!json.contains(bad), "{bad} in the presentation");
        }
        assert!(json.contains("MDS␀MLD␁␛"), "shown, as control pictures");
        assert!(json.contains("Asan␀Medical␡Center"));
    }
}

#[test]
fn exports_are_byte_identical_run_after_run() {
    let p = present(&analyze(&[demo()], &Settings::default()), Lang::En);
    let a = lenalyze::export::xlsx(&p).unwrap();
    let b = lenalyze::export::xlsx(&p).unwrap();
    assert!(a == b, "two XLSX of the same report differ");
    // A figure, so the image relationship ids are exercised too.
    let png = {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(2u32.to_be_bytes());
        png.extend(1u32.to_be_bytes());
        png.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        png
    };
    let figures = [lenalyze::export::FigurePng {
        id: "fig-hb".into(),
        png,
    }];
    let a = lenalyze::export::docx(&p, &figures).unwrap();
    let b = lenalyze::export::docx(&p, &figures).unwrap();
    if a != b {
        let dir = std::env::temp_dir();
        std::fs::write(dir.join("lenalyze-a.docx"), &a).unwrap();
        std::fs::write(dir.join("lenalyze-b.docx"), &b).unwrap();
    }
    assert!(a == b, "two DOCX of the same report differ");
}
