//! XLSX, XLS and ODS through calamine (cargo feature `workbook`).
//!
//! Every sheet is read; which one holds the patients and which are long
//! sheets is decided later from names and headers. Date cells become dates
//! (1900 and 1904 date systems alike); formulas arrive as their cached
//! values, which is what the user saw when they saved.
//!
//! No sheet is built past `ingest::budget`'s bound: an XLS's records are
//! counted before calamine opens it (`ingest::biff`, which hides a sheet
//! past the bound from calamine), an ODS's `content.xml` likewise
//! (`ingest::ods`, which empties such a sheet in a copy), an XLSX's or
//! XLSB's cells as they stream.

use super::biff;
use super::budget::{self, Budget, Footprint, Refusal, CELL_TEXT_LIMIT};
use super::long::LongKind;
use super::ods;
use super::ole::{self, WorkbookStream};
use super::sheet::{CellRef, Cells, Sheet};
use super::unpacked;
use crate::date::Date;
use crate::diagnostics::{Diagnostics, Location};
use crate::text::{keys, Message};
use calamine::{Cell, CellErrorType, Data, DataRef, Range, Reader, Sheets, Xls};
use std::borrow::Cow;
use std::io::{Cursor, Read, Seek, SeekFrom};

/// Reads all non-empty sheets of a workbook.
pub fn read(name: &str, bytes: &[u8], diags: &mut Diagnostics) -> Vec<Sheet> {
    let at = Location {
        file: name.to_string(),
        ..Location::default()
    };
    let ole = crate::ingest::read::sniff(bytes) == crate::ingest::read::Format::Ole;
    // Sheets not read because of their size, by name (already said).
    let mut refused: Vec<String> = Vec::new();
    let bytes: Cow<'_, [u8]> = if ole {
        match bounded_xls(bytes) {
            XlsCheck::Damaged => {
                diags.error(
                    "unreadable-workbook",
                    at,
                    Message::new(keys::DIAG_DAMAGED_WORKBOOK),
                );
                return Vec::new();
            }
            XlsCheck::Read { bytes, refusals } => {
                for (sheet, refusal) in refusals {
                    budget::refuse(diags, name, &sheet, refusal);
                    refused.push(sheet);
                }
                match bytes {
                    Some(bytes) => bytes,
                    // The sheets cannot be hidden from calamine (a record
                    // to change lies past the file's end): none is read.
                    None => {
                        if refused.is_empty() {
                            diags.error(
                                "unreadable-workbook",
                                at,
                                Message::new(keys::DIAG_DAMAGED_WORKBOOK),
                            );
                        }
                        return Vec::new();
                    }
                }
            }
        }
    } else {
        match ods::check(bytes) {
            ods::Check::NotOds => match unpacked::limit_passed(bytes) {
                None => Cow::Borrowed(bytes),
                Some(limit) => {
                    diags.error(
                        "workbook-too-large",
                        at,
                        Message::new(keys::DIAG_WORKBOOK_UNPACKS_TOO_LARGE)
                            .with("file", name)
                            .with("limit", budget::grouped(limit)),
                    );
                    return Vec::new();
                }
            },
            ods::Check::Damaged => {
                diags.error(
                    "unreadable-workbook",
                    at,
                    Message::new(keys::DIAG_DAMAGED_WORKBOOK),
                );
                return Vec::new();
            }
            ods::Check::ContentTooLarge => {
                diags.error(
                    "workbook-too-large",
                    at,
                    Message::new(keys::DIAG_WORKBOOK_UNPACKS_TOO_LARGE)
                        .with("file", name)
                        .with("limit", budget::grouped(ods::CONTENT_LIMIT)),
                );
                return Vec::new();
            }
            ods::Check::Read { bytes, refusals } => {
                for (sheet, refusal) in refusals {
                    budget::refuse(diags, name, &sheet, refusal);
                    refused.push(sheet);
                }
                match bytes {
                    Some(bytes) => bytes,
                    // The copy without the refused sheets could not be
                    // made: none is read.
                    None => return Vec::new(),
                }
            }
        }
    };
    let ranges = match contained(|| read_ranges(&bytes)) {
        Some(Ok(ranges)) => ranges,
        Some(Err(e)) => {
            diags.error(
                "unreadable-workbook",
                at,
                // calamine's own words: not in the catalogue.
                Message::new(keys::DIAG_UNREADABLE_WORKBOOK).with("error", e),
            );
            return Vec::new();
        }
        None => {
            diags.error(
                "unreadable-workbook",
                at,
                Message::new(keys::DIAG_DAMAGED_WORKBOOK),
            );
            return Vec::new();
        }
    };
    // The sheet that holds the patients, as `ingest` will pick it: the one
    // named patients, else the first sheet with cells unless it is named as
    // a long sheet. When it could not be read, the workbook's other sheets
    // are not read either: the next one would be taken for the patients.
    let failed =
        |n: &str, r: &Result<Range<Data>, SheetError>| r.is_err() || refused.iter().any(|x| x == n);
    let is_patients = |n: &str| crate::schema::normalize_token(n) == "patients";
    let holder = ranges
        .iter()
        .find(|(n, _)| is_patients(n))
        .or_else(|| {
            ranges
                .iter()
                .find(|(n, r)| failed(n, r) || r.as_ref().is_ok_and(|r| !r.is_empty()))
        })
        .filter(|(n, _)| is_patients(n) || LongKind::from_name(n).is_none());
    let holder_failed = holder.is_some_and(|(n, r)| failed(n, r));
    let mut sheets = Vec::new();
    for (sheet_name, range) in ranges {
        match range {
            // Said above; calamine read it as empty.
            _ if refused.contains(&sheet_name) => {}
            Err(SheetError::TooLarge(refusal)) => budget::refuse(diags, name, &sheet_name, refusal),
            Ok(range) if !range.is_empty() => sheets.push(range_sheet(name, &sheet_name, range)),
            // An empty sheet is skipped, but an empty "patients" sheet must
            // be said: otherwise the next sheet would be taken for it.
            Ok(_) if crate::schema::normalize_token(&sheet_name) == "patients" => diags.error(
                "empty-sheet",
                Location {
                    sheet: Some(sheet_name.clone()),
                    ..at.clone()
                },
                Message::new(keys::DIAG_EMPTY_PATIENTS_SHEET),
            ),
            Ok(_) => {}
            Err(SheetError::Unreadable(e)) => diags.error(
                "unreadable-sheet",
                Location {
                    sheet: Some(sheet_name.clone()),
                    ..at.clone()
                },
                Message::new(keys::DIAG_UNREADABLE_SHEET).with("error", e),
            ),
        }
    }
    if holder_failed {
        return Vec::new();
    }
    if sheets.is_empty() && !diags.has_errors() {
        diags.error("empty-file", at, Message::new(keys::DIAG_NO_FILLED_SHEET));
    }
    sheets
}

/// What became of an XLS before calamine reads it.
enum XlsCheck<'a> {
    /// Its structure is damaged (`ingest::ole`).
    Damaged,
    /// The bytes for calamine (`None`: not to be read at all), and the
    /// sheets hidden from it.
    Read {
        bytes: Option<Cow<'a, [u8]>>,
        refusals: Vec<(String, Refusal)>,
    },
}

/// Checks an XLS's structure and counts its sheets' cells; a sheet past
/// the bound is hidden from calamine in a copy of the file (`ingest::biff`).
fn bounded_xls(bytes: &[u8]) -> XlsCheck<'_> {
    if ole::check(bytes) == ole::Structure::Damaged {
        return XlsCheck::Damaged;
    }
    let stream = match ole::workbook_stream(bytes) {
        WorkbookStream::Damaged => return XlsCheck::Damaged,
        // calamine will say what is wrong itself.
        WorkbookStream::Absent => {
            return XlsCheck::Read {
                bytes: Some(Cow::Borrowed(bytes)),
                refusals: Vec::new(),
            }
        }
        WorkbookStream::Found(stream) => stream,
    };
    let plan = biff::plan(&stream.bytes);
    if plan.patches.is_empty() {
        return XlsCheck::Read {
            bytes: Some(Cow::Borrowed(bytes)),
            refusals: plan.refused,
        };
    }
    let mut copy = bytes.to_vec();
    let mut placed = true;
    for (at, typ) in plan.patches {
        for (i, byte) in typ.to_le_bytes().into_iter().enumerate() {
            let Some(at) = at.checked_add(i) else {
                placed = false;
                continue;
            };
            // A byte calamine already reads as wanted (a zero past the
            // file's end, say) needs no change.
            if stream.bytes.get(at) == Some(&byte) {
                continue;
            }
            match stream.file_offset(at).and_then(|o| copy.get_mut(o)) {
                Some(b) => *b = byte,
                None => placed = false,
            }
        }
    }
    XlsCheck::Read {
        bytes: placed.then_some(Cow::Owned(copy)),
        refusals: plan.refused,
    }
}

/// Why calamine's reading of one sheet gave no cells.
enum SheetError {
    /// calamine could not read it.
    Unreadable(calamine::Error),
    /// It is past the bound (`ingest::budget`); not built.
    TooLarge(Refusal),
}

/// One sheet as calamine read it, by name.
type SheetRange = (String, Result<Range<Data>, SheetError>);

/// Everything calamine does with a file: open it and read every sheet.
fn read_ranges(bytes: &[u8]) -> Result<Vec<SheetRange>, calamine::Error> {
    let mut workbook = open(bytes)?;
    let mut budget = Budget::default();
    let names = workbook.sheet_names();
    let mut out = Vec::with_capacity(names.len());
    for sheet in names {
        let range = match &mut workbook {
            // XLSX and XLSB stream their cells: counted before the range
            // is built (calamine's `worksheet_range` would build it first).
            Sheets::Xlsx(x) => match x.worksheet_cells_reader(&sheet) {
                Ok(mut r) => bounded_range(
                    std::iter::from_fn(|| r.next_cell().transpose()),
                    &mut budget,
                    calamine::Error::Xlsx,
                ),
                // A chart sheet: calamine's `worksheet_range` gives an
                // empty range.
                Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(Range::default()),
                Err(e) => Err(SheetError::Unreadable(calamine::Error::Xlsx(e))),
            },
            Sheets::Xlsb(x) => match x.worksheet_cells_reader(&sheet) {
                Ok(mut r) => bounded_range(
                    std::iter::from_fn(|| r.next_cell().transpose()),
                    &mut budget,
                    calamine::Error::Xlsb,
                ),
                Err(e) => Err(SheetError::Unreadable(calamine::Error::Xlsb(e))),
            },
            // An XLS or ODS was bounded before calamine opened it (an ODS
            // is built whole at open; `ingest::ods`).
            Sheets::Xls(_) | Sheets::Ods(_) => workbook
                .worksheet_range(&sheet)
                .map_err(SheetError::Unreadable),
        };
        out.push((sheet, range));
    }
    Ok(out)
}

/// Builds a sheet's range from its streamed cells if the bound allows it,
/// as calamine's `worksheet_range` does (empty cells skipped, the range
/// from the first filled row and column).
///
/// A shared string arrives borrowed from the workbook's table of shared
/// strings and becomes a copy in every cell that shows it, so the cells
/// are kept borrowed while their text is counted, and copied only once
/// the whole sheet is within the bound: a refused sheet costs its cells'
/// count, not their text.
fn bounded_range<'a, E>(
    cells: impl Iterator<Item = Result<Cell<DataRef<'a>>, E>>,
    budget: &mut Budget,
    error: impl Fn(E) -> calamine::Error,
) -> Result<Range<Data>, SheetError> {
    let mut footprint = Footprint::default();
    let mut kept = Vec::new();
    for cell in cells {
        let cell = cell.map_err(|e| SheetError::Unreadable(error(e)))?;
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, column) = cell.get_position();
        footprint.add(row, column);
        // Each filled cell spans a cell: past what is left of the
        // workbook's cells, stop keeping them.
        if footprint.filled > budget.remaining() {
            return Err(SheetError::TooLarge(Refusal::WorkbookFull {
                cells: footprint.cells(),
            }));
        }
        let text = text_bytes(cell.get_value());
        if text > CELL_TEXT_LIMIT {
            return Err(SheetError::TooLarge(Refusal::CellText {
                row,
                column,
                bytes: text,
            }));
        }
        footprint.add_text(text);
        if footprint.text > budget.remaining_text() {
            return Err(SheetError::TooLarge(Refusal::TextFull {
                bytes: footprint.text,
            }));
        }
        kept.push(cell);
    }
    budget.admit(&footprint).map_err(SheetError::TooLarge)?;
    Ok(Range::from_sparse(
        kept.into_iter()
            .map(|cell| {
                let at = cell.get_position();
                Cell::new(at, Data::from(cell.get_value().clone()))
            })
            .collect(),
    ))
}

/// The bytes of text a streamed cell's value will own once built.
fn text_bytes(value: &DataRef<'_>) -> u64 {
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len() as u64,
        DataRef::SharedString(s) => s.len() as u64,
        DataRef::Int(_)
        | DataRef::Float(_)
        | DataRef::Bool(_)
        | DataRef::DateTime(_)
        | DataRef::Error(_)
        | DataRef::Empty => 0,
    }
}

/// Runs calamine on untrusted bytes, turning a panic into `None`.
///
/// calamine 0.38's XLS reader indexes record data without checking record
/// lengths (e.g. a `BoundSheet8` record shorter than its fields panics in
/// `read_u32`; found by fuzzing, `fuzz/regressions/ingest_workbook/`), and
/// 0.38 is the newest release. Where panics unwind (the native CLI and the
/// tests) such a file becomes a located "damaged workbook" error. The page's
/// WebAssembly aborts on panic instead; there the Worker's panic hook
/// reports it and the page starts a fresh instance (SECURITY.md).
#[cfg(panic = "unwind")]
fn contained<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

/// Without unwinding a panic cannot be caught; see the unwinding version.
#[cfg(not(panic = "unwind"))]
fn contained<T>(f: impl FnOnce() -> T) -> Option<T> {
    Some(f())
}

/// Opens a workbook. A legacy XLS (OLE compound file) is read through
/// [`ZeroTail`], because calamine 0.38 panics (a slice out of range in its
/// sector reader) when a sector chain names the last sector of a truncated
/// or crafted file; found by fuzzing, regression test
/// `tests/suite/fuzz_corpus.rs` with `fuzz/regressions/ingest_workbook/`.
fn open(bytes: &[u8]) -> Result<Sheets<ZeroTail<'_>>, calamine::Error> {
    let ole = crate::ingest::read::sniff(bytes) == crate::ingest::read::Format::Ole;
    let reader = ZeroTail {
        inner: Cursor::new(bytes),
        zeros_after_end: ole,
    };
    if ole {
        Xls::new(reader)
            .map(Sheets::Xls)
            .map_err(calamine::Error::Xls)
    } else {
        calamine::open_workbook_auto_from_rs(reader)
    }
}

/// The file's bytes, read as if followed by zeros (when `zeros_after_end`):
/// calamine's compound-file reader asks for whole sectors up to the length
/// that seeking to the end reports (bounded by it), and reads a sector
/// the file cuts short as zeros instead of slicing past its buffer. Seeking
/// still reports the true length, so no chain can run further.
#[derive(Clone)]
struct ZeroTail<'a> {
    inner: Cursor<&'a [u8]>,
    zeros_after_end: bool,
}

impl Read for ZeroTail<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && self.zeros_after_end && !buf.is_empty() {
            buf.fill(0);
            return Ok(buf.len());
        }
        Ok(n)
    }
}

impl Seek for ZeroTail<'_> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// A sheet of a workbook range, which keeps its absolute top-left position.
fn range_sheet(file: &str, name: &str, range: Range<Data>) -> Sheet {
    let first_row_number = range.start().map_or(1, |(r, _)| r + 1);
    let first_column = range.start().map_or(0, |(_, c)| c as usize);
    let cells = Box::new(RangeCells(range));
    Sheet::new(
        file,
        Some(name.to_string()),
        cells,
        false,
        first_row_number,
        first_column,
    )
}

/// A workbook sheet's cells: calamine's range, read in place.
#[derive(Debug)]
struct RangeCells(Range<Data>);

impl Cells for RangeCells {
    fn height(&self) -> usize {
        self.0.height()
    }

    fn width(&self) -> usize {
        self.0.width()
    }

    fn get(&self, row: usize, col: usize) -> CellRef<'_> {
        cell_ref(self.0.get((row, col)))
    }
}

/// Converts a calamine cell to a borrowed cell.
fn cell_ref(data: Option<&Data>) -> CellRef<'_> {
    match data {
        None | Some(Data::Empty) => CellRef::Empty,
        Some(Data::String(s)) if s.is_empty() => CellRef::Empty,
        Some(Data::String(s)) => CellRef::Text(s),
        Some(Data::Int(i)) => CellRef::Number(*i as f64),
        Some(Data::Float(f)) => CellRef::Number(*f),
        Some(Data::Bool(b)) => CellRef::Bool(*b),
        Some(Data::DateTime(dt)) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match Date::from_ymd(i32::from(y), u32::from(m), u32::from(d)) {
                Some(date) => CellRef::Date(date),
                None => CellRef::Number(dt.as_f64()),
            }
        }
        Some(Data::DateTime(dt)) => CellRef::Number(dt.as_f64()),
        Some(Data::DateTimeIso(s)) | Some(Data::DurationIso(s)) => CellRef::Text(s),
        Some(Data::Error(e)) => CellRef::Error(match e {
            CellErrorType::Div0 => "#DIV/0!",
            CellErrorType::NA => "#N/A",
            CellErrorType::Name => "#NAME?",
            CellErrorType::Null => "#NULL!",
            CellErrorType::Num => "#NUM!",
            CellErrorType::Ref => "#REF!",
            CellErrorType::Value => "#VALUE!",
            CellErrorType::GettingData => "#GETTING_DATA",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::biff::tests::{number, rec, workbook};
    use crate::ingest::ole::tests::with_workbook;

    /// A legacy XLS (a compound file around a BIFF8 workbook stream) with
    /// the given sheets, padded with a record calamine ignores so the
    /// stream lies in regular sectors.
    fn xls(sheets: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut stream = workbook(sheets);
        stream.extend(rec(0x0000, &vec![0; 4096]));
        with_workbook(&stream)
    }

    /// A small table: a header row of two numbers and `rows` rows.
    fn table(rows: u16) -> Vec<u8> {
        (0..=rows)
            .flat_map(|r| [number(r, 0), number(r, 1)].concat())
            .collect()
    }

    #[test]
    fn a_sheet_with_far_apart_cells_is_hidden_from_calamine_and_the_rest_read() {
        let notes = [number(0, 0), number(59_999, 255)].concat();
        let bytes = xls(&[("patients", table(3)), ("notes", notes)]);
        let mut diags = Diagnostics::new();
        let sheets = read("site3.xls", &bytes, &mut diags);
        let errors: Vec<_> = diags
            .iter()
            .map(|d| (d.code, d.location.sheet.clone()))
            .collect();
        assert_eq!(errors, [("sheet-too-spread", Some("notes".to_string()))]);
        let d = diags.iter().next().map(|d| d.text(crate::text::Lang::En));
        assert!(
            d.as_deref()
                .is_some_and(|t| t.contains("as far apart as A1 and IV60000")),
            "{d:?}"
        );
        // calamine read the patients sheet from the patched copy as it
        // reads the original.
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].sheet_name.as_deref(), Some("patients"));
        assert_eq!(sheets[0].n_rows(), 3);
        let mut original = calamine::Xls::new(Cursor::new(&bytes[..])).map(Sheets::Xls);
        let patients = original
            .as_mut()
            .map(|w| w.worksheet_range("patients").map(|r| r.get_size()));
        assert!(matches!(patients, Ok(Ok((4, 2)))), "{patients:?}");
    }

    #[test]
    fn a_small_xls_in_the_mini_stream_is_patched_in_place() {
        let notes = [number(0, 0), number(59_999, 255)].concat();
        let stream = workbook(&[("patients", table(3)), ("notes", notes)]);
        let bytes = crate::ingest::ole::tests::with_small_workbook(&stream);
        let mut diags = Diagnostics::new();
        let sheets = read("site3.xls", &bytes, &mut diags);
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["sheet-too-spread"]);
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].n_rows(), 3);
    }

    #[test]
    fn a_refused_patients_sheet_stops_the_workbook() {
        let far = [table(3), number(59_999, 255)].concat();
        let bytes = xls(&[("patients", far), ("labs", table(2))]);
        let mut diags = Diagnostics::new();
        let sheets = read("site3.xls", &bytes, &mut diags);
        assert!(sheets.is_empty());
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["sheet-too-spread"]);
    }

    #[test]
    fn a_sound_xls_is_read_unchanged() {
        let bytes = xls(&[("patients", table(5)), ("labs", table(2))]);
        let mut diags = Diagnostics::new();
        let sheets = read("site.xls", &bytes, &mut diags);
        assert!(diags.is_empty());
        let rows: Vec<usize> = sheets.iter().map(|s| s.n_rows()).collect();
        assert_eq!(rows, [5, 2]);
    }

    #[test]
    fn xlsx_text_is_counted_in_every_cell_before_it_is_copied() {
        // The streamed cells of an XLSX: one shared string of 32,767 bytes
        // (Excel's longest) in 8,193 cells is 268,460,031 bytes, just past
        // the 256 MiB; 8,192 fit. Counted on the borrowed cells.
        let long = "x".repeat(32_767);
        let cells = |n: u32| {
            (0..n)
                .map(|row| Ok::<_, ()>(Cell::new((row, 0), DataRef::SharedString(&long))))
                .collect::<Vec<_>>()
        };
        let mut budget = Budget::default();
        let fits = bounded_range(cells(8_192).into_iter(), &mut budget, |_| {
            calamine::Error::Msg("unreachable")
        });
        assert!(matches!(fits, Ok(ref r) if r.get_size() == (8_192, 1)));
        let mut budget = Budget::default();
        let over = bounded_range(cells(8_193).into_iter(), &mut budget, |_| {
            calamine::Error::Msg("unreachable")
        });
        assert!(matches!(
            over,
            Err(SheetError::TooLarge(Refusal::TextFull {
                bytes: 268_460_031
            }))
        ));
        // One cell past 1 MiB is refused by itself, at its place.
        let huge = "y".repeat((1 << 20) + 1);
        let mut budget = Budget::default();
        let one = bounded_range(
            [Ok::<_, ()>(Cell::new((4, 2), DataRef::SharedString(&huge)))].into_iter(),
            &mut budget,
            |_| calamine::Error::Msg("unreachable"),
        );
        assert!(matches!(
            one,
            Err(SheetError::TooLarge(Refusal::CellText {
                row: 4,
                column: 2,
                bytes: 1_048_577
            }))
        ));
    }
}
