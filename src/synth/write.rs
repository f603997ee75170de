//! Writes a synthetic cohort as CSV files or as one XLSX workbook.
//!
//! Both formats draw the same patients in the same order from the same
//! random stream, so a seed gives the same cohort in either; CSV streams
//! patient by patient (a million patients never sit in memory), the
//! workbook is built in memory.

use super::cells::{patient_row, Cell};
use super::patient::draw;
use super::rng::Rng;
use super::{ae_terms, columns, long, Options};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use std::io::{self, Write};

/// Where the CSV files go: the patients sheet, and with `Options::long` one
/// writer per long sheet (in the order of `schema::LONG_SHEETS`; see
/// [`CsvSheets::LONG_NAMES`]).
pub struct CsvSheets<W: Write> {
    /// The patients sheet.
    pub patients: W,
    /// The long sheets, when asked for.
    pub long: Option<[W; long::KINDS]>,
}

impl<W: Write> CsvSheets<W> {
    /// The long sheets' names, for file names such as `cohort-labs.csv`
    /// (ingest recognizes a CSV file's sheet by that name).
    pub const LONG_NAMES: [&'static str; long::KINDS] = [
        crate::schema::LONG_SHEETS[0].name,
        crate::schema::LONG_SHEETS[1].name,
        crate::schema::LONG_SHEETS[2].name,
        crate::schema::LONG_SHEETS[3].name,
    ];
}

/// Calls `row` for every patient of the cohort with the patients-sheet row
/// and, with `Options::long`, the long-sheet rows.
fn each_patient(
    options: &Options,
    mut row: impl FnMut(&[Cell], Option<&[Vec<Vec<Cell>>; long::KINDS]>) -> Result<(), String>,
) -> Result<(), String> {
    let terms = ae_terms();
    let cols = columns(options.long);
    let mut rng = Rng::new(options.seed);
    for n in 0..options.patients {
        let course = draw(&mut rng, n, &terms);
        let cells = patient_row(&course, &cols, &mut rng);
        let long_rows = options.long.then(|| long::rows(&course, &terms, &mut rng));
        row(&cells, long_rows.as_ref())?;
    }
    Ok(())
}

/// The patients sheet's header.
fn header(options: &Options) -> Vec<String> {
    let terms = ae_terms();
    columns(options.long)
        .iter()
        .map(|c| c.header(&terms))
        .collect()
}

/// Writes the cohort as CSV (comma-separated, UTF-8, quoted where needed).
pub fn csv<W: Write>(options: &Options, out: &mut CsvSheets<W>) -> io::Result<()> {
    let mut patients = csv::Writer::from_writer(&mut out.patients);
    patients.write_record(header(options))?;
    let mut long_writers: Option<Vec<csv::Writer<&mut W>>> = out
        .long
        .as_mut()
        .map(|ws| ws.iter_mut().map(csv::Writer::from_writer).collect());
    if let Some(ws) = long_writers.as_mut() {
        for (k, w) in ws.iter_mut().enumerate() {
            w.write_record(long::header(k))?;
        }
    }
    let mut text = Vec::new();
    each_patient(options, |cells, long_rows| {
        write_csv_row(&mut patients, cells, &mut text).map_err(|e| e.to_string())?;
        if let (Some(ws), Some(rows)) = (long_writers.as_mut(), long_rows) {
            for (w, sheet) in ws.iter_mut().zip(rows) {
                for r in sheet {
                    write_csv_row(w, r, &mut text).map_err(|e| e.to_string())?;
                }
            }
        }
        Ok(())
    })
    .map_err(io::Error::other)?;
    patients.flush()?;
    if let Some(ws) = long_writers.as_mut() {
        for w in ws {
            w.flush()?;
        }
    }
    Ok(())
}

fn write_csv_row<W: Write>(
    w: &mut csv::Writer<W>,
    cells: &[Cell],
    text: &mut Vec<String>,
) -> csv::Result<()> {
    text.clear();
    text.extend(cells.iter().map(|c| match c {
        Cell::Empty => String::new(),
        Cell::Text(t) => t.clone(),
        Cell::Number(x) => x.to_string(),
        Cell::Date(d, sep) => {
            let (y, m, dd) = d.ymd();
            format!("{y:04}{sep}{m:02}{sep}{dd:02}")
        }
    }));
    w.write_record(text.iter())
}

/// Writes the cohort as one XLSX workbook: a `patients` sheet and, with
/// `Options::long`, the long sheets. Dates of sites that write ISO dates
/// become real date cells; the others stay text, as such sites' files do.
pub fn xlsx(options: &Options) -> Result<Vec<u8>, String> {
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let mut patients = Worksheet::new();
    patients.set_name("patients").map_err(|e| e.to_string())?;
    let mut long_sheets: Vec<(Worksheet, u32)> = Vec::new();
    if options.long {
        for k in 0..long::KINDS {
            let mut ws = Worksheet::new();
            ws.set_name(long::name(k)).map_err(|e| e.to_string())?;
            for (col, h) in long::header(k).iter().enumerate() {
                ws.write_string(0, col as u16, *h)
                    .map_err(|e| e.to_string())?;
            }
            long_sheets.push((ws, 1));
        }
    }
    for (col, h) in header(options).iter().enumerate() {
        patients
            .write_string(0, col as u16, h)
            .map_err(|e| e.to_string())?;
    }
    let mut next_row = 1u32;
    each_patient(options, |cells, long_rows| {
        write_xlsx_row(&mut patients, next_row, cells, &date_format)?;
        next_row += 1;
        if let Some(rows) = long_rows {
            for ((ws, r), sheet) in long_sheets.iter_mut().zip(rows) {
                for cells in sheet {
                    write_xlsx_row(ws, *r, cells, &date_format)?;
                    *r += 1;
                }
            }
        }
        Ok(())
    })?;
    let mut workbook = Workbook::new();
    workbook.push_worksheet(patients);
    for (ws, _) in long_sheets {
        workbook.push_worksheet(ws);
    }
    workbook.save_to_buffer().map_err(|e| e.to_string())
}

fn write_xlsx_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[Cell],
    date_format: &Format,
) -> Result<(), String> {
    for (col, cell) in cells.iter().enumerate() {
        let col = col as u16;
        let written = match cell {
            Cell::Empty => continue,
            Cell::Text(t) => ws.write_string(row, col, t),
            Cell::Number(x) => ws.write_number(row, col, *x),
            Cell::Date(d, '-') => {
                let (y, m, dd) = d.ymd();
                let dt = ExcelDateTime::from_ymd(y as u16, m as u8, dd as u8)
                    .map_err(|e| e.to_string())?;
                ws.write_datetime_with_format(row, col, &dt, date_format)
            }
            Cell::Date(d, sep) => {
                let (y, m, dd) = d.ymd();
                ws.write_string(row, col, format!("{y:04}{sep}{m:02}{sep}{dd:02}"))
            }
        };
        written.map_err(|e| e.to_string())?;
    }
    Ok(())
}
