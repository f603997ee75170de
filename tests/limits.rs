//! Limits: hostile sizes and shapes of a CSV or a workbook give a located
//! message (or are read correctly) in bounded memory, through the whole analysis and the
//! report JSON (issue 13, item 4; the figures are in SECURITY.md).
//!
//! Memory is measured, not timed: this test binary counts every allocation
//! (a counting global allocator) and each test asserts the peak of live
//! bytes while `analyze` runs and the size of the report JSON. The tests
//! run one at a time (a lock), so the peak is one test's. Each input is
//! built in memory from the demo CSV.

// Native only: the counting allocator and the demo file.
#![cfg(not(target_arch = "wasm32"))]

use lenalyze::diagnostics::{Diagnostic, Severity, LISTED_PLACES, MAX_VALUE_CHARS};
use lenalyze::{analyze, InputFile, Report, Settings};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only
// counters are updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test at a time, so the peak is that test's.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// What one analysis cost and gave.
struct Run {
    report: Report,
    /// Peak of live bytes during `analyze` and the JSON, above what was
    /// live before (the input).
    peak: usize,
    /// Length of the report JSON.
    json: usize,
}

/// Analyzes one file with the default settings, measuring the peak.
fn run(name: &str, bytes: Vec<u8>) -> Run {
    let files = [InputFile {
        name: name.into(),
        bytes,
    }];
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let report = analyze(&files, &Settings::default());
    let json = report.to_json().len();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    Run { report, peak, json }
}

const MB: usize = 1 << 20;

/// The demo CSV as rows of cells (it has no quoted cells).
fn demo() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/demo/lenalyze-demo.csv"
    ))
    .expect("demo CSV");
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).expect(name)
}

fn csv(rows: &[Vec<String>]) -> String {
    rows.iter().map(|r| r.join(",") + "\n").collect()
}

/// The diagnostics with a code.
fn with_code<'a>(report: &'a Report, code: &str) -> Vec<&'a Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

/// Every string of a diagnostic's location and parameters is short.
fn echoes_are_cut(report: &Report) {
    let limit = MAX_VALUE_CHARS + 1; // the cut value and "…"
    for d in report.diagnostics.iter() {
        let l = &d.location;
        for s in [&l.column, &l.value, &l.patient_id, &l.sheet]
            .into_iter()
            .flatten()
        {
            assert!(
                s.chars().count() <= limit,
                "{} echoes {} chars",
                d.code,
                s.len()
            );
        }
        for (_, p) in &d.message.params {
            if let lenalyze::text::Param::Text(s) = p {
                assert!(
                    s.chars().count() <= limit,
                    "{} echoes {} chars",
                    d.code,
                    s.len()
                );
            }
        }
    }
}

#[test]
fn a_1_mb_cell_in_a_number_column_is_one_located_warning_with_its_start() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut rows = demo();
    let age = column(&rows, "age");
    rows[1][age] = "9".repeat(MB);
    let r = run("cell.csv", csv(&rows).into_bytes());
    let bad = with_code(&r.report, "invalid-value");
    assert_eq!(bad.len(), 1);
    let l = &bad[0].location;
    assert_eq!(
        (l.row, l.column.as_deref(), l.column_letter.as_deref()),
        (Some(2), Some("age"), Some("D"))
    );
    assert_eq!(
        l.value.as_deref(),
        Some(&*format!("{}…", "9".repeat(MAX_VALUE_CHARS)))
    );
    echoes_are_cut(&r.report);
    // The cell is read once and never copied whole into the report.
    assert!(r.json < 300_000, "report {} bytes", r.json);
    assert!(r.peak < 12 * MB, "peak {} bytes", r.peak);
}

#[test]
fn a_1_mb_header_is_cut_in_the_warning_and_the_ingest_summary() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut rows = demo();
    rows[0].push("H".repeat(MB));
    for row in &mut rows[1..] {
        row.push("1".into());
    }
    let r = run("header.csv", csv(&rows).into_bytes());
    let ignored = with_code(&r.report, "ignored-column");
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0].location.row, Some(1));
    let cut = format!("{}…", "H".repeat(MAX_VALUE_CHARS));
    assert_eq!(ignored[0].location.column.as_deref(), Some(&*cut));
    assert_eq!(r.report.ingest.ignored_columns, vec![cut]);
    echoes_are_cut(&r.report);
    // The demo's report is about 170 KB.
    assert!(r.json < 300_000, "report {} bytes", r.json);
    assert!(r.peak < 12 * MB, "peak {} bytes", r.peak);
}

#[test]
fn a_1_mb_text_cell_is_kept_as_data_but_bounded() {
    // WHO wording Lenalyze does not know is kept as written (Table 1 lists
    // it): a 1 MB cell is data, carried once per place the report shows it.
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut rows = demo();
    let who = column(&rows, "who_class");
    rows[1][who] = "x".repeat(MB);
    let r = run("text.csv", csv(&rows).into_bytes());
    assert!(!r.report.diagnostics.has_errors());
    echoes_are_cut(&r.report);
    assert!(r.json < 2 * MB, "report {} bytes", r.json);
    assert!(r.peak < 16 * MB, "peak {} bytes", r.peak);
}

#[test]
fn a_hundred_thousand_unknown_columns_are_one_grouped_warning_in_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut rows = demo();
    rows[0].extend((0..100_000).map(|i| format!("x{i}")));
    let input = csv(&rows);
    assert!(input.len() < 800_000);
    let r = run("wide.csv", input.into_bytes());
    let ignored = with_code(&r.report, "ignored-column");
    assert_eq!(ignored.len(), 1, "one grouped warning");
    let repeated = ignored[0].repeated.as_ref().expect("grouped");
    assert_eq!(repeated.count, 99_999);
    assert_eq!(repeated.rows, vec![1]);
    assert_eq!(repeated.columns.len(), LISTED_PLACES);
    // The demo has 82 columns: the first unknown one is the 83rd, CE.
    assert_eq!(ignored[0].location.column_letter.as_deref(), Some("CE"));
    assert_eq!(repeated.columns[0], "CF");
    assert_eq!(r.report.diagnostic_counts.warnings, 100_000);
    // Measured: 1.75 MB of JSON (the ignored columns' names are listed in
    // the ingest summary) and a 31 MB peak in release, for a 700 KB file;
    // 124 MB before unknown columns were counted instead of kept.
    assert!(r.json < 2 * MB, "report {} bytes", r.json);
    assert!(r.peak < 40 * MB, "peak {} bytes", r.peak);
}

#[test]
fn a_wide_header_over_short_rows_is_read_in_memory_linear_in_the_file() {
    // Every row used to be padded to the header's width: 20,000 columns
    // over 20,000 rows would be 3.2 GB of spans (with 100,000 columns, a
    // 730 KB file took 11.6 GB and more than a minute in release).
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let rows = demo();
    let mut text = csv(&rows[..1]);
    text.pop();
    for i in 0..20_000 {
        text.push_str(&format!(",x{i}"));
    }
    text.push('\n');
    text.push_str(&csv(&rows[1..]));
    text.push_str(&"1\n".repeat(20_000));
    let r = run("ragged.csv", text.into_bytes());
    // The one-cell rows are patient IDs without data: one grouped warning.
    let id_only = with_code(&r.report, "id-only-row");
    assert_eq!(id_only.len(), 1);
    assert_eq!(id_only[0].location.row, Some(33));
    assert_eq!(id_only[0].repeated.as_ref().map(|g| g.count), Some(19_999));
    assert!(r.peak < 24 * MB, "peak {} bytes", r.peak);
}

#[test]
fn short_rows_under_a_wide_header_then_a_full_row_stop_with_a_located_error() {
    // Storing the last row would pad 20,000 columns for 100,000 rows:
    // 16 GB of spans for a 400 KB file.
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut text = String::from("patient_id");
    for i in 0..20_000 {
        text.push_str(&format!(",x{i}"));
    }
    text.push('\n');
    text.push_str(&"1\n".repeat(100_000));
    text.push_str(&vec!["1"; 20_001].join(","));
    text.push('\n');
    let size = text.len();
    let r = run("attack.csv", text.into_bytes());
    let ragged = with_code(&r.report, "ragged-rows");
    assert_eq!(ragged.len(), 1, "{:?}", r.report.diagnostics);
    assert_eq!(ragged[0].severity, Severity::Error);
    assert_eq!(ragged[0].location.file, "attack.csv");
    assert_eq!(ragged[0].location.row, Some(100_002));
    // The padding budget: 2 cell ends of 4 bytes per byte of text, and
    // 4 MB (the bound below is the one for 8-byte spans, which it was).
    assert!(
        r.peak < 16 * size + 8 * MB + 8 * MB,
        "peak {} bytes",
        r.peak
    );
}

#[test]
fn a_million_empty_lines_cost_no_cells_and_rows_keep_their_numbers() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut rows = demo();
    let age = column(&rows, "age");
    rows[2][age] = "abc".into();
    // Empty lines before the header, between the header and the data, and
    // at the end; a spreadsheet shows each as a row.
    let mut text = "\n".repeat(1_000);
    text.push_str(&csv(&rows[..1]));
    text.push_str(&"\n".repeat(1_000_000));
    text.push_str(&csv(&rows[1..]));
    text.push_str(&"\n".repeat(1_000_000));
    let r = run("empty.csv", text.into_bytes());
    assert_eq!(r.report.status, "ok", "{:?}", r.report.diagnostics);
    let bad = with_code(&r.report, "invalid-value");
    assert_eq!(bad.len(), 1);
    // The header is on line 1,001, the empty lines fill 1,002 to
    // 1,001,001, and the data's second row is on line 1,001,003.
    assert_eq!(bad[0].location.row, Some(1_001_003));
    // Empty lines are not rows of data, and are not stored.
    assert_eq!(r.report.ingest.sheets[0].rows, 31);
    assert!(r.peak < 8 * MB, "peak {} bytes", r.peak);
}

#[test]
fn nul_bytes_in_a_cell_are_an_unknown_value_and_a_file_of_nuls_is_not_a_table() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut rows = demo();
    let sex = column(&rows, "sex");
    rows[1][sex] = "F\0".into();
    let r = run("nul.csv", csv(&rows).into_bytes());
    let bad = with_code(&r.report, "invalid-value");
    assert_eq!(bad.len(), 1, "{:?}", r.report.diagnostics);
    assert_eq!(bad[0].location.row, Some(2));
    assert_eq!(bad[0].location.column.as_deref(), Some("sex"));
    assert_eq!(bad[0].location.value.as_deref(), Some("F\0"));

    let r = run("nuls.csv", vec![0; MB]);
    let refused = with_code(&r.report, "not-a-table");
    assert_eq!(refused.len(), 1, "{:?}", r.report.diagnostics);
    assert_eq!(refused[0].location.file, "nuls.csv");
    assert!(r.peak < 8 * MB, "peak {} bytes", r.peak);
}

#[test]
fn deeply_nested_and_unbalanced_quotes_name_their_row() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let rows = demo();
    let header = csv(&rows[..1]);
    // A million quotes: an even run is one quoted cell of half a million
    // quotes (RFC 4180 doubling), an odd run never closes.
    for (quotes, row) in [(1_000_000, None), (1_000_001, Some(2))] {
        let text = format!("{header}{}\n", "\"".repeat(quotes));
        let r = run("quotes.csv", text.into_bytes());
        let unclosed = with_code(&r.report, "unclosed-quote");
        assert_eq!(unclosed.first().and_then(|d| d.location.row), row);
        echoes_are_cut(&r.report);
        assert!(r.peak < 12 * MB, "peak {} bytes", r.peak);
    }
    // Quotes nested 25,000 deep in each of 20 cells: valid RFC 4180 (each
    // doubled quote is one quote), so the cells are read, and the one in
    // the sex column is a value Lenalyze cannot read, cut in its message.
    let cell = format!("{}a{}", "\"".repeat(50_001), "\"".repeat(50_001));
    let text = format!("{header}{}\n", vec![cell; 20].join(","));
    let r = run("nested.csv", text.into_bytes());
    assert!(with_code(&r.report, "unclosed-quote").is_empty());
    let sex = with_code(&r.report, "invalid-value")
        .into_iter()
        .find(|d| d.location.column.as_deref() == Some("sex"))
        .expect("sex is not readable");
    assert_eq!(sex.location.row, Some(2));
    let cut = format!("{}…", "\"".repeat(MAX_VALUE_CHARS));
    assert_eq!(sex.location.value.as_deref(), Some(&*cut));
    echoes_are_cut(&r.report);
    assert!(r.peak < 12 * MB, "peak {} bytes", r.peak);
}

/// The demo's patients in an XLSX sheet, and a sheet `notes` with a note at
/// A1 and a stray cell at XFD1048576, the last cell of a sheet (a used
/// range of 1.7×10¹⁰ cells, 550 GB in calamine's 32-byte cells).
fn demo_xlsx_with_a_far_cell() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("patients").unwrap();
    for (r, row) in demo().iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                ws.write_string(r as u32, c as u16, value).unwrap();
            }
        }
    }
    let notes = wb.add_worksheet();
    notes.set_name("notes").unwrap();
    notes.write_string(0, 0, "entered by site 3").unwrap();
    notes.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn far_apart_cells_in_a_workbook_sheet_are_refused_before_they_are_allocated() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let r = run("site3.xlsx", demo_xlsx_with_a_far_cell());
    let refused = with_code(&r.report, "sheet-too-spread");
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].location.sheet.as_deref(), Some("notes"));
    let errors = r
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    assert_eq!(errors, 1);
    // Measured: a 1.1 MB peak (the patients sheet and the XLSX's parts).
    assert!(r.peak < 4 * MB, "peak {} bytes", r.peak);
}

#[test]
fn an_xls_with_far_apart_cell_records_is_refused_before_calamine_allocates() {
    // Found by fuzzing: calamine allocated 25 GB for this 30 KB file.
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/regressions/ingest_workbook/calamine-xls-far-cells-used-range.xls"
    ))
    .unwrap();
    let r = run("crash.xls", bytes);
    assert_eq!(with_code(&r.report, "sheet-too-spread").len(), 1);
    // Measured: a 0.14 MB peak (the file, its workbook stream and a copy
    // with the sheet hidden); calamine alone asked for 25 GB before.
    assert!(r.peak < 4 * MB, "peak {} bytes", r.peak);
}

#[test]
fn an_ods_with_repeated_rows_and_counted_spaces_is_refused_before_calamine_expands_it() {
    // calamine builds every ODS sheet at open, repeats expanded: 98
    // million cells for the first file (838 bytes; 600 repeats of the
    // same row took 629 MB in a debug CLI before), 4 GB of spaces in one
    // cell for the second (792 bytes).
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for (file, code) in [
        ("calamine-ods-repeated-wide-row.ods", "sheet-too-spread"),
        ("calamine-ods-text-spaces-count.ods", "cell-too-long"),
    ] {
        let bytes = std::fs::read(format!(
            "{}/fuzz/regressions/ingest_workbook/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let r = run("site.ods", bytes);
        assert_eq!(with_code(&r.report, code).len(), 1, "{file}");
        // Measured: a 0.54 MB peak for each (537,000 bytes: the zip's
        // and the XML reader's buffers; the guard builds no cell).
        assert!(r.peak < 4 * MB, "{file}: peak {} bytes", r.peak);
    }
}

#[test]
fn a_long_shared_text_in_many_cells_is_refused_before_it_is_copied_into_each() {
    // One 32,000-character text, stored once as a shared string, shown in
    // 9,000 cells (288 MB of text once copied into each): the 48 KB XLSX
    // (written by hand) took 287 MB and the 346 KB XLS (LibreOffice's
    // conversion of it, its long string in Continue records) 568 MB
    // (peak RSS of the release CLI) before the text was counted.
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for file in [
        "shared-string-in-9000-cells.xlsx",
        "shared-string-in-9000-cells.xls",
    ] {
        let bytes = std::fs::read(format!(
            "{}/fuzz/regressions/ingest_workbook/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let r = run(file, bytes);
        let refused = with_code(&r.report, "workbook-too-large");
        assert_eq!(refused.len(), 1, "{file}");
        assert_eq!(refused[0].location.sheet.as_deref(), Some("notes"));
        let text = refused[0].text(lenalyze::text::Lang::En);
        assert!(text.contains("bytes counted"), "{text}");
        // Measured: 0.80 MB for the XLSX, 1.64 MB for the XLS.
        assert!(r.peak < 8 * MB, "{file}: peak {} bytes", r.peak);
    }
}
