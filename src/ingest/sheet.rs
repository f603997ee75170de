//! Sheets of cells: the format-independent view of an input file.
//!
//! A sheet holds its cells where the reader left them, behind [`Cells`]: a
//! CSV's text (`csv_cells`) or a workbook's range (`workbook`), so no cell
//! is copied: [`Sheet::cell`] hands out a borrowed [`CellRef`]. This module
//! knows neither storage; everything after it sees only headers and cells,
//! never the file format.

use crate::date::Date;

/// A borrowed cell value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    /// Nothing in the cell.
    Empty,
    /// Text as written (not trimmed).
    Text(&'a str),
    /// A numeric cell of a workbook.
    Number(f64),
    /// A date cell of a workbook.
    Date(Date),
    /// A boolean cell of a workbook.
    Bool(bool),
    /// A spreadsheet error such as `#DIV/0!`.
    Error(&'a str),
}

impl CellRef<'_> {
    /// True when the cell holds nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            CellRef::Empty => true,
            CellRef::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user would read it.
    pub fn display(&self) -> String {
        match self {
            CellRef::Empty => String::new(),
            CellRef::Text(t) => t.trim().to_string(),
            CellRef::Number(n) => format_number(*n),
            CellRef::Date(d) => d.to_string(),
            CellRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellRef::Error(e) => (*e).to_string(),
        }
    }
}

/// Formats a number without a trailing `.0` for whole values.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Where a sheet's cells are stored, as the sheet reads them: rows and
/// columns of the stored table (the header's row among them), 0-based.
pub(crate) trait Cells: std::fmt::Debug {
    /// Rows stored.
    fn height(&self) -> usize;

    /// Columns stored: the widest row.
    fn width(&self) -> usize;

    /// The cell at a stored row and column; empty outside the table.
    fn get(&self, row: usize, col: usize) -> CellRef<'_>;

    /// One past the last filled column of a row: every cell at or after it
    /// is empty.
    fn row_end(&self, _row: usize) -> usize {
        self.width()
    }

    /// Rows stored for a column: every cell of the column below is empty.
    fn column_len(&self, _col: usize) -> usize {
        self.height()
    }

    /// Filled cells of a row beyond [`Cells::width`] (counted, not stored).
    fn overflow(&self, _row: usize) -> usize {
        0
    }

    /// Empty lines of the file above a row, which were not stored as rows
    /// but which a spreadsheet counts in row numbers.
    fn empty_lines_before(&self, _row: usize) -> u32 {
        0
    }
}

/// One table of an input: a CSV file or a workbook sheet.
#[derive(Debug)]
pub struct Sheet {
    /// Name of the file it came from.
    pub file: String,
    /// Sheet name for workbooks, `None` for CSV.
    pub sheet_name: Option<String>,
    /// Header cells as written, trimmed.
    pub header: Vec<String>,
    /// True when numbers may use a decimal comma (semicolon- or tab-delimited text).
    pub decimal_comma: bool,
    /// Index of the header among the body's rows; data starts after it.
    pub(crate) header_index: usize,
    /// Spreadsheet row number (1-based) of body row 0.
    pub(crate) first_row_number: u32,
    /// Spreadsheet column index (0 = A) of body column 0.
    pub(crate) first_column: usize,
    /// The cells.
    pub(crate) body: Box<dyn Cells>,
    /// Where the rows and columns were in the user's file, for a sheet
    /// built from another file's shape (a REDCap export read into crf-v1
    /// sheets): row numbers and column letters then point there.
    pub(crate) origin: Option<Box<Origin>>,
}

/// Row numbers and column letters of a built sheet in the user's file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    /// Row number of the header in the user's file.
    pub header_row: u32,
    /// Row number in the user's file of each data row.
    pub rows: Vec<u32>,
    /// Column letter in the user's file of each column.
    pub letters: Vec<String>,
}

impl Sheet {
    /// A sheet of `cells`, taking the first row with at least two filled
    /// cells as the header (title lines above it are skipped);
    /// `first_row_number` and `first_column` are where the cells begin in
    /// the user's spreadsheet (1 and 0 = A for a CSV).
    pub(crate) fn new(
        file: &str,
        sheet_name: Option<String>,
        cells: Box<dyn Cells>,
        decimal_comma: bool,
        first_row_number: u32,
        first_column: usize,
    ) -> Sheet {
        let mut sheet = Sheet {
            file: file.to_string(),
            sheet_name,
            header: Vec::new(),
            decimal_comma,
            header_index: 0,
            first_row_number,
            first_column,
            body: cells,
            origin: None,
        };
        sheet.locate_header();
        sheet
    }

    fn locate_header(&mut self) {
        let total = self.raw_height();
        let width = self.raw_width();
        let header_index = (0..total.min(20))
            .find(|&r| {
                (0..width)
                    .filter(|&c| !self.raw_cell(r, c).is_blank())
                    .count()
                    >= 2
            })
            .unwrap_or(0);
        self.header_index = header_index;
        let mut header: Vec<String> = (0..width)
            .map(|c| self.raw_cell(header_index, c).display())
            .collect();
        while header.last().is_some_and(|h| h.is_empty()) {
            header.pop();
        }
        self.header = header;
    }

    fn raw_height(&self) -> usize {
        self.body.height()
    }

    fn raw_width(&self) -> usize {
        self.body.width()
    }

    /// Empty lines of the file above a raw row, which a spreadsheet counts.
    fn empty_lines_before(&self, row: usize) -> u32 {
        self.body.empty_lines_before(row)
    }

    fn raw_cell(&self, row: usize, col: usize) -> CellRef<'_> {
        self.body.get(row, col)
    }

    /// Number of data rows below the header.
    pub fn n_rows(&self) -> usize {
        self.raw_height().saturating_sub(self.header_index + 1)
    }

    /// The cell at a data row (0 = first row below the header) and column.
    pub fn cell(&self, row: usize, col: usize) -> CellRef<'_> {
        self.raw_cell(self.header_index + 1 + row, col)
    }

    /// Number of cells in a data row beyond the header's width that hold a
    /// value (data without a header).
    pub fn cells_beyond_header(&self, row: usize) -> usize {
        let within = (self.header.len()..self.row_end(row))
            .filter(|&c| !self.cell(row, c).is_blank())
            .count();
        within + self.raw_overflow(self.header_index + 1 + row)
    }

    /// True when every cell of a data row is blank.
    pub fn row_is_blank(&self, row: usize) -> bool {
        (0..self.row_end(row)).all(|c| self.cell(row, c).is_blank())
            && self.raw_overflow(self.header_index + 1 + row) == 0
    }

    /// The columns of a data row up to its last filled cell: every cell at
    /// or after it is empty. Loops over a row's cells stop here, so a header
    /// of 100,000 columns above short rows costs each row only its own
    /// cells, not the header's width.
    pub fn row_end(&self, row: usize) -> usize {
        self.body
            .row_end(self.header_index + 1 + row)
            .min(self.raw_width())
    }

    /// The data rows of a column up to its last filled cell: every cell of
    /// the column below it is empty (see [`Sheet::row_end`]).
    pub fn column_end(&self, col: usize) -> usize {
        self.body
            .column_len(col)
            .saturating_sub(self.header_index + 1)
            .min(self.n_rows())
    }

    /// Filled cells of a raw row beyond the stored width.
    fn raw_overflow(&self, row: usize) -> usize {
        self.body.overflow(row)
    }

    /// The spreadsheet row number of a data row, as the user sees it.
    pub fn row_number(&self, row: usize) -> u32 {
        if let Some(n) = self.origin.as_ref().and_then(|o| o.rows.get(row)) {
            return *n;
        }
        let raw = self.header_index + 1 + row;
        let index = u32::try_from(raw).unwrap_or(u32::MAX);
        self.first_row_number
            .saturating_add(index)
            .saturating_add(self.empty_lines_before(raw))
    }

    /// Where a diagnostic about the header points: the header row, at a
    /// column when one is given (its name and letter).
    pub fn header_location(&self, col: Option<usize>) -> crate::diagnostics::Location {
        crate::diagnostics::Location {
            file: self.file.clone(),
            sheet: self.sheet_name.clone(),
            row: Some(self.header_row_number()),
            column: col.and_then(|c| self.header.get(c).cloned()),
            column_letter: col.map(|c| self.column_letter(c)),
            ..crate::diagnostics::Location::default()
        }
    }

    /// The spreadsheet row number of the header.
    pub fn header_row_number(&self) -> u32 {
        if let Some(o) = &self.origin {
            return o.header_row;
        }
        let index = u32::try_from(self.header_index).unwrap_or(u32::MAX);
        self.first_row_number
            .saturating_add(index)
            .saturating_add(self.empty_lines_before(self.header_index))
    }

    /// The spreadsheet column letter of a column index.
    pub fn column_letter(&self, col: usize) -> String {
        if let Some(letter) = self.origin.as_ref().and_then(|o| o.letters.get(col)) {
            return letter.clone();
        }
        crate::diagnostics::column_letter(self.first_column + col)
    }

    /// Name used in messages: `file` or `file, sheet "name"`.
    pub fn label(&self) -> String {
        match &self.sheet_name {
            Some(name) => format!("{} (sheet \"{}\")", self.file, name),
            None => self.file.clone(),
        }
    }
}
