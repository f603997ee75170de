//! How many cells a workbook's sheets may cost, decided before calamine
//! builds them.
//!
//! Why: calamine stores a sheet as a dense rectangle, every cell from the
//! top-left filled cell to the bottom-right one (its "used range"), 32
//! bytes a cell whether filled or not, and an allocation that fails aborts
//! the program instead of returning an error. Two stray cells far apart
//! therefore cost as much as a full sheet: a 30 KB XLS found by fuzzing
//! (`fuzz/regressions/ingest_workbook/calamine-xls-far-cells-used-range.xls`)
//! asked for 25 GB. A sheet's used range is counted first (the XLS records
//! by `ingest::biff`, the XLSX cells as they stream), and a sheet is built
//! only when the counts below allow it.
//!
//! The bound, for each sheet: its used range may hold at most
//! [`SHEET_CELL_FLOOR`] cells or [`EMPTY_CELLS_PER_FILLED`] times its
//! filled cells, whichever is more; and the sheets of one workbook together
//! at most [`WORKBOOK_CELL_LIMIT`] cells. A sheet beyond either is not read,
//! and the reader is told why and what to do; the other sheets are read.
//!
//! Text is bounded too, because a workbook can repeat it without paying
//! for it: an XLSX or XLS keeps each distinct text once (its shared
//! strings), and each cell that shows it gets its own copy when built, so
//! one 1 MB text shown in 10,000 cells of a small file would cost 10 GB.
//! A cell's text may be at most [`CELL_TEXT_LIMIT`] bytes, and the cells
//! of one workbook together at most [`WORKBOOK_TEXT_LIMIT`] bytes, each
//! shared text counted every time a cell shows it.

use crate::diagnostics::{Diagnostics, Location};
use crate::text::{keys, Message};

/// Any sheet may span this many cells, however few are filled: 2²⁰, a
/// million cells (32 MB in calamine), far more than any CRF sheet of a
/// multi-site study spans, so a title block or a note left far below or
/// to the right of a table never stops a file from being read.
pub(crate) const SHEET_CELL_FLOOR: u64 = 1 << 20;

/// Past the floor, a sheet may span this many cells per filled cell (at
/// most 63 of every 64 cells empty). A CRF table is dense (optional
/// columns left empty leave it well over half filled), so only cells
/// strewn far from their table reach it; and since each filled cell costs
/// the file at least a few bytes, memory stays proportional to the file.
pub(crate) const EMPTY_CELLS_PER_FILLED: u64 = 64;

/// The sheets of one workbook together may span this many cells: 2²⁴,
/// about 16.8 million, 512 MB in calamine. The largest cohort the page
/// reads (10⁵ patients, 46 MB of CSV, near its 64 MB limit) is about 6
/// million cells, and a 64 MB XLS holds at most about 11 million filled
/// cells even in its densest records (6 bytes a number); the limit leaves
/// room for both and keeps a crafted workbook (many sheets, or many names
/// for one sheet) under a stated ceiling.
pub(crate) const WORKBOOK_CELL_LIMIT: u64 = 1 << 24;

/// One cell's text (as calamine builds it) may be at most this many bytes:
/// 1 MiB, 32 times Excel's own limit of 32,767 characters a cell.
pub(crate) const CELL_TEXT_LIMIT: u64 = 1 << 20;

/// The text of one workbook's cells together, shared text counted in every
/// cell that shows it, may be at most this many bytes: 256 MiB. The
/// largest cohort the page reads (10⁵ patients, 46 MB as CSV, all of it
/// text) holds less than a fifth of it, and an XLS, at most 65,536 rows,
/// far less.
pub(crate) const WORKBOOK_TEXT_LIMIT: u64 = 256 << 20;

/// A rectangle of cells, zero-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Extent {
    /// The first row.
    pub top: u32,
    /// The first column.
    pub left: u32,
    /// The last row.
    pub bottom: u32,
    /// The last column.
    pub right: u32,
}

impl Extent {
    /// The cells of the rectangle.
    pub fn cells(&self) -> u64 {
        let rows = u64::from(self.bottom.saturating_sub(self.top)) + 1;
        let columns = u64::from(self.right.saturating_sub(self.left)) + 1;
        rows.saturating_mul(columns)
    }

    /// The rectangle grown to hold a cell.
    fn with(self, row: u32, column: u32) -> Extent {
        Extent {
            top: self.top.min(row),
            left: self.left.min(column),
            bottom: self.bottom.max(row),
            right: self.right.max(column),
        }
    }
}

/// A cell's reference as the spreadsheet shows it (`A1`, `XFD60000`).
pub(crate) fn cell_reference(row: u32, column: u32) -> String {
    // In u64: a crafted column near u32::MAX must not overflow a 32-bit
    // usize (the page's WebAssembly) on its way to letters.
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        u64::from(row) + 1
    )
}

/// A count with its thousands grouped by commas (`796,629,563`), as both
/// the English and the Korean text write them.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The filled cells of one sheet: where they reach and how many there are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Footprint {
    /// The used range; `None` while no cell is filled.
    pub extent: Option<Extent>,
    /// Filled cells counted.
    pub filled: u64,
    /// Bytes of text the cells will hold once built (at least), a shared
    /// text counted in every cell that shows it.
    pub text: u64,
}

impl Footprint {
    /// Counts one filled cell.
    pub fn add(&mut self, row: u32, column: u32) {
        self.add_run(row, column, column, 1);
    }

    /// Counts `n` filled cells in one row, from `first` to `last` column.
    pub fn add_run(&mut self, row: u32, first: u32, last: u32, n: u64) {
        let extent = match self.extent {
            Some(e) => e.with(row, first),
            None => Extent {
                top: row,
                left: first,
                bottom: row,
                right: first,
            },
        };
        self.extent = Some(extent.with(row, last));
        self.filled = self.filled.saturating_add(n);
    }

    /// Counts the text one cell will hold.
    pub fn add_text(&mut self, bytes: u64) {
        self.text = self.text.saturating_add(bytes);
    }

    /// The cells calamine will allocate for the sheet.
    pub fn cells(&self) -> u64 {
        self.extent.map_or(0, |e| e.cells())
    }

    /// True when the sheet's used range is within the per-sheet bound.
    pub fn fits_a_sheet(&self) -> bool {
        self.cells() <= sheet_allowance(self.filled)
    }
}

/// The cells a sheet with `filled` filled cells may span.
pub(crate) fn sheet_allowance(filled: u64) -> u64 {
    SHEET_CELL_FLOOR.max(EMPTY_CELLS_PER_FILLED.saturating_mul(filled))
}

/// Why a sheet is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Its filled cells lie so far apart that its used range is beyond the
    /// per-sheet bound.
    Spread(Footprint),
    /// With it, the workbook's sheets together would pass
    /// [`WORKBOOK_CELL_LIMIT`]; `cells` is what the sheet alone spans (at
    /// least: counting may stop once the limit is passed).
    WorkbookFull {
        /// Cells of the sheet's used range.
        cells: u64,
    },
    /// An ODS sheet whose repeated rows and columns expand to more cells
    /// than the workbook has left (`ingest::ods`: the cells calamine
    /// builds while reading and the ranges it builds from them, its text
    /// counted at 32 bytes a cell).
    Expanded {
        /// The cells counted for the sheet.
        cells: u64,
        /// Its filled cells, repeats expanded.
        filled: u64,
    },
    /// An ODS cell whose text, as calamine would build it (`text:s`
    /// spaces written as a count), is past `ods::CELL_TEXT_LIMIT`.
    CellText {
        /// Zero-based row, repeats expanded.
        row: u32,
        /// Zero-based column.
        column: u32,
        /// Bytes of its text (at least).
        bytes: u64,
    },
    /// With it, the text of the workbook's cells would pass
    /// [`WORKBOOK_TEXT_LIMIT`]; `bytes` is what the sheet's cells hold
    /// (at least: counting may stop once the limit is passed).
    TextFull {
        /// Bytes of text in the sheet's cells, shared text counted in
        /// every cell that shows it.
        bytes: u64,
    },
}

/// The cells and text a workbook's sheets have been granted so far.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    granted: u64,
    text_granted: u64,
}

impl Budget {
    /// Grants a sheet its cells, or says why it cannot have them.
    pub fn admit(&mut self, sheet: &Footprint) -> Result<(), Refusal> {
        if !sheet.fits_a_sheet() {
            return Err(Refusal::Spread(*sheet));
        }
        let total = self.granted.saturating_add(sheet.cells());
        if total > WORKBOOK_CELL_LIMIT {
            return Err(Refusal::WorkbookFull {
                cells: sheet.cells(),
            });
        }
        let text = self.text_granted.saturating_add(sheet.text);
        if text > WORKBOOK_TEXT_LIMIT {
            return Err(Refusal::TextFull { bytes: sheet.text });
        }
        self.granted = total;
        self.text_granted = text;
        Ok(())
    }

    /// Grants an ODS sheet the cells calamine builds for it (counted by
    /// `ingest::ods`), or refuses it when the workbook would pass
    /// [`WORKBOOK_CELL_LIMIT`].
    pub fn admit_expanded(&mut self, cells: u64, filled: u64) -> Result<(), Refusal> {
        let total = self.granted.saturating_add(cells);
        if total > WORKBOOK_CELL_LIMIT {
            return Err(Refusal::Expanded { cells, filled });
        }
        self.granted = total;
        Ok(())
    }

    /// Filled cells a sheet may still bring before the workbook is full
    /// (each filled cell spans at least one cell).
    pub fn remaining(&self) -> u64 {
        WORKBOOK_CELL_LIMIT.saturating_sub(self.granted)
    }

    /// Bytes of text a sheet may still bring before the workbook is full.
    pub fn remaining_text(&self) -> u64 {
        WORKBOOK_TEXT_LIMIT.saturating_sub(self.text_granted)
    }
}

/// Says that a sheet was not read, and why, as an error located at the
/// sheet (like an unreadable sheet: the workbook's other sheets are read).
pub(crate) fn refuse(diags: &mut Diagnostics, file: &str, sheet: &str, refusal: Refusal) {
    let at = Location {
        file: file.to_string(),
        sheet: Some(sheet.to_string()),
        ..Location::default()
    };
    match refusal {
        Refusal::Spread(footprint) => {
            let Some(e) = footprint.extent else {
                return;
            };
            diags.error(
                "sheet-too-spread",
                at,
                Message::new(keys::DIAG_SHEET_TOO_SPREAD)
                    .with("sheet", sheet)
                    .with("file", file)
                    .with("first", cell_reference(e.top, e.left))
                    .with("last", cell_reference(e.bottom, e.right))
                    .with("cells", grouped(e.cells()))
                    .with("filled", grouped(footprint.filled)),
            );
        }
        Refusal::WorkbookFull { cells } => diags.error(
            "workbook-too-large",
            at,
            Message::new(keys::DIAG_WORKBOOK_TOO_LARGE)
                .with("sheet", sheet)
                .with("file", file)
                .with("cells", grouped(cells))
                .with("limit", grouped(WORKBOOK_CELL_LIMIT)),
        ),
        Refusal::Expanded { cells, filled } => diags.error(
            "workbook-too-large",
            at,
            Message::new(keys::DIAG_ODS_SHEET_TOO_LARGE)
                .with("sheet", sheet)
                .with("file", file)
                .with("cells", grouped(cells))
                .with("filled", grouped(filled))
                .with("limit", grouped(WORKBOOK_CELL_LIMIT)),
        ),
        Refusal::CellText { row, column, bytes } => diags.error(
            "cell-too-long",
            Location {
                row: Some(row.saturating_add(1)),
                column_letter: Some(crate::diagnostics::column_letter(column as usize)),
                ..at
            },
            Message::new(keys::DIAG_CELL_TEXT_TOO_LONG)
                .with("sheet", sheet)
                .with("file", file)
                .with("cell", cell_reference(row, column))
                .with("bytes", grouped(bytes))
                .with("limit", grouped(CELL_TEXT_LIMIT)),
        ),
        Refusal::TextFull { bytes } => diags.error(
            "workbook-too-large",
            at,
            Message::new(keys::DIAG_WORKBOOK_TEXT_TOO_LARGE)
                .with("sheet", sheet)
                .with("file", file)
                .with("bytes", grouped(bytes))
                .with("limit", grouped(WORKBOOK_TEXT_LIMIT)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_spreadsheet_letters() {
        assert_eq!(cell_reference(0, 0), "A1");
        // XFD is the last column of Excel (16,384 = 2^14 columns).
        assert_eq!(cell_reference(59_999, 16_383), "XFD60000");
        assert_eq!(cell_reference(u32::MAX, 0), "A4294967296");
        for column in [0, 25, 26, 701, 702, 16_383] {
            assert_eq!(
                cell_reference(0, column),
                format!("{}1", crate::diagnostics::column_letter(column as usize))
            );
        }
        // Column 2^32 (index u32::MAX) in letters, worked in Python.
        assert_eq!(cell_reference(0, u32::MAX), "MWLQKWV1");
    }

    #[test]
    fn a_calamine_cell_is_32_bytes() {
        // The figure behind the bytes quoted above and in SECURITY.md.
        assert_eq!(std::mem::size_of::<calamine::Data>(), 32);
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(796_629_563), "796,629,563");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn the_used_range_is_the_rectangle_of_the_filled_cells() {
        let mut f = Footprint::default();
        assert_eq!(f.cells(), 0);
        f.add(4, 2);
        assert_eq!(f.cells(), 1);
        f.add_run(9, 0, 5, 6);
        // Rows 4..=9 (6) × columns 0..=5 (6).
        assert_eq!(f.cells(), 36);
        assert_eq!(f.filled, 7);
        let whole = Extent {
            top: 0,
            left: 0,
            bottom: u32::MAX,
            right: u32::MAX,
        };
        assert_eq!(whole.cells(), u64::MAX);
    }

    #[test]
    fn a_sheet_may_span_the_floor_or_64_cells_per_filled_cell() {
        let mut two_far = Footprint::default();
        two_far.add(0, 0);
        two_far.add(1023, 1023);
        // 1024 × 1024 = 2^20 cells: exactly the floor.
        assert!(two_far.fits_a_sheet());
        two_far.add(1024, 0);
        assert!(!two_far.fits_a_sheet());
        // 1025 × 1024 = 1,049,600 cells need 1,049,600 / 64 = 16,400
        // filled cells.
        let mut dense = two_far;
        dense.filled = 16_399;
        assert!(!dense.fits_a_sheet());
        dense.filled = 16_400;
        assert!(dense.fits_a_sheet());
    }

    #[test]
    fn the_workbook_limit_counts_every_granted_sheet() {
        let mut sheet = Footprint::default();
        sheet.add(0, 0);
        sheet.add_run(1023, 0, 1023, 1024);
        let mut budget = Budget::default();
        // 16 sheets of 2^20 cells fill 2^24 exactly; the 17th is refused.
        for _ in 0..16 {
            assert_eq!(budget.admit(&sheet), Ok(()));
        }
        assert_eq!(budget.remaining(), 0);
        assert_eq!(
            budget.admit(&sheet),
            Err(Refusal::WorkbookFull { cells: 1 << 20 })
        );
        let mut spread = Footprint::default();
        spread.add(0, 0);
        spread.add(1_048_575, 16_383);
        assert_eq!(budget.admit(&spread), Err(Refusal::Spread(spread)));
    }
}
