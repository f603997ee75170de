//! XLSX, XLS and ODS through calamine (cargo feature `workbook`).
//!
//! Every sheet is read; which one holds the patients and which are long
//! sheets is decided later from names and headers. Date cells become dates
//! (1900 and 1904 date systems alike); formulas arrive as their cached
//! values, which is what the user saw when they saved.

use super::sheet::{CellRef, Sheet};
use crate::date::Date;
use crate::diagnostics::{Diagnostics, Location};
use crate::text::{keys, Message};
use calamine::{CellErrorType, Data, Range, Reader, Sheets, Xls};
use std::io::{Cursor, Read, Seek, SeekFrom};

/// Reads all non-empty sheets of a workbook.
pub fn read(name: &str, bytes: &[u8], diags: &mut Diagnostics) -> Vec<Sheet> {
    let at = Location {
        file: name.to_string(),
        ..Location::default()
    };
    let ole = crate::ingest::read::sniff(bytes) == crate::ingest::read::Format::Ole;
    if ole && super::ole::check(bytes) == super::ole::Structure::Damaged {
        diags.error(
            "unreadable-workbook",
            at,
            Message::new(keys::DIAG_DAMAGED_WORKBOOK),
        );
        return Vec::new();
    }
    let ranges = match contained(|| read_ranges(bytes)) {
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
    let mut sheets = Vec::new();
    for (sheet_name, range) in ranges {
        match range {
            Ok(range) if !range.is_empty() => {
                sheets.push(Sheet::from_range(name, &sheet_name, range))
            }
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
            Err(e) => diags.error(
                "unreadable-sheet",
                Location {
                    sheet: Some(sheet_name.clone()),
                    ..at.clone()
                },
                Message::new(keys::DIAG_UNREADABLE_SHEET).with("error", e),
            ),
        }
    }
    if sheets.is_empty() && !diags.has_errors() {
        diags.error("empty-file", at, Message::new(keys::DIAG_NO_FILLED_SHEET));
    }
    sheets
}

/// One sheet as calamine read it, by name.
type SheetRange = (String, Result<Range<Data>, calamine::Error>);

/// Everything calamine does with a file: open it and read every sheet.
fn read_ranges(bytes: &[u8]) -> Result<Vec<SheetRange>, calamine::Error> {
    let mut workbook = open(bytes)?;
    Ok(workbook
        .sheet_names()
        .into_iter()
        .map(|sheet| {
            let range = workbook.worksheet_range(&sheet);
            (sheet, range)
        })
        .collect())
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
/// `tests/fuzz_corpus.rs` with `fuzz/regressions/ingest_workbook/`.
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

/// Converts a calamine cell to a borrowed cell.
pub(crate) fn cell_ref(data: Option<&Data>) -> CellRef<'_> {
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
