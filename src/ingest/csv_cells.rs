//! A CSV file's cells, stored column by column (see [`CsvCells`]), and
//! the sheets made of such cells: a CSV file, or a sheet built from cells
//! read elsewhere (the crf-v1 sheets a REDCap export becomes).

use super::sheet::{CellRef, Cells, Origin, Sheet};

/// The cells of a CSV file: one text buffer and one list of cell ends per
/// column.
///
/// Ingest reads the patients sheet column by column (some rules decide a
/// whole column), so it visits every row once per column. Cells stored
/// column by column make each pass a sequential scan of the offsets and a
/// forward scan of the text, which the processor prefetches; row-major
/// offsets made cache misses most of the reading time on 100,000 patients.
/// The columns are not joined afterwards: joining copied every cell once
/// more and held the text twice at the peak. A column's cells lie one after
/// the other in its text, so each is stored as where it ends (4 bytes), and
/// begins where the cell above ends: a (start, end) pair per cell took 74
/// MB of the 148 MB at 10⁵ patients.
///
/// The table is as wide as the widest of the first rows (where the header
/// is), so one ragged row with thousands of cells cannot inflate it; filled
/// cells beyond that width are counted per row instead of stored.
///
/// Empty cells are not stored: a column's ends stop at its last filled row,
/// and the rows before a filled cell that had none in its column are padded
/// (an empty cell ends where the cell above did) only then. So a short row costs nothing for the columns it does not
/// reach (a header of 100,000 columns above 20,000 one-cell rows took
/// 11.6 GB when every row was padded to the width), and the padding a file
/// can ask for is bounded: more than [`PADDING_BUDGET_PER_BYTE`] cell ends per
/// byte of text (beyond [`PADDING_FLOOR`]) stops reading with
/// [`TooRagged`].
#[derive(Debug)]
pub(crate) struct CsvCells {
    /// Each column's text and where each of its cells ends in it, row by
    /// row, up to the column's last filled row (a cell begins where the one
    /// above ends; the first at 0).
    columns: Vec<(String, Vec<u32>)>,
    rows: usize,
    width: usize,
    /// Filled cells beyond `width`, per row.
    overflow: Vec<u32>,
    /// One past the last filled column of each row (0: no cell filled).
    ends: Vec<u32>,
    /// Ends stored for rows that had no cell in their column.
    padded: usize,
    /// Empty lines of the text (which are not rows here) as (the row they
    /// come before, empty lines up to there), one entry per run, so row
    /// numbers in messages count them as a spreadsheet does.
    empty_lines: Vec<(u32, u32)>,
    /// Length of the whole text, to size the buffers once the first rows
    /// tell how long a row is (0: unknown).
    size_hint: usize,
    /// Bytes of the rows read so far (cells and separators).
    bytes_read: usize,
}

/// Rows whose width sets the table's width: the header is among them.
const WIDTH_ROWS: usize = 20;

/// Padding ends (4 bytes each) a file may cause per byte of its text: a
/// rectangular file, or one whose short rows are at the end, needs none; a
/// column filled only now and then needs about one per row it skips, which
/// its rows' delimiters already paid for.
pub(crate) const PADDING_BUDGET_PER_BYTE: usize = 2;

/// Padding ends allowed whatever the file's size (4 MB).
pub(crate) const PADDING_FLOOR: usize = 1 << 20;

/// A file whose rows are so much shorter than its widest rows that storing
/// it as a table would take far more memory than the file: the 1-based
/// record at which reading stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooRagged {
    /// The row (1 = the first line, empty lines counted) that asked for
    /// too much padding.
    pub record: usize,
}

impl CsvCells {
    #[cfg(test)]
    pub(crate) fn new() -> CsvCells {
        CsvCells::with_size_hint(0)
    }

    /// Cells of a text of `text_len` bytes: after the first rows the
    /// buffers are reserved for the rows the rest of the text will hold,
    /// instead of doubling (and copying) as they grow.
    pub(crate) fn with_size_hint(text_len: usize) -> CsvCells {
        CsvCells {
            columns: Vec::new(),
            rows: 0,
            width: 0,
            overflow: Vec::new(),
            ends: Vec::new(),
            padded: 0,
            empty_lines: Vec::new(),
            size_hint: text_len,
            bytes_read: 0,
        }
    }

    /// Appends a record as the next row, each filled field to its column's
    /// buffer.
    ///
    /// # Errors
    /// [`TooRagged`] when the row would need more padding than the budget
    /// (the row is not stored; stop reading).
    pub(crate) fn push(&mut self, record: &csv::StringRecord) -> Result<(), TooRagged> {
        let row = self.rows;
        if row == WIDTH_ROWS {
            self.reserve_for_the_rest();
        }
        let mut overflow = 0;
        let mut end = 0;
        self.bytes_read += record.as_slice().len() + record.len();
        let budget = self
            .bytes_read
            .saturating_mul(PADDING_BUDGET_PER_BYTE)
            .saturating_add(PADDING_FLOOR);
        // The padding this row needs, checked before anything is stored.
        let mut padding = 0usize;
        for (c, field) in record.iter().enumerate() {
            if field.is_empty() || c >= self.columns.len() {
                continue;
            }
            padding += row - self.columns[c].1.len();
        }
        if self.padded.saturating_add(padding) > budget {
            let empty = self.empty_lines_before(row) as usize;
            return Err(TooRagged {
                record: row + 1 + empty,
            });
        }
        self.padded += padding;
        for (c, field) in record.iter().enumerate() {
            if c >= self.columns.len() {
                if row >= WIDTH_ROWS {
                    overflow += u32::from(!field.trim().is_empty());
                    continue;
                }
                self.columns.push((String::new(), Vec::new()));
            }
            if field.is_empty() {
                continue;
            }
            end = c + 1;
            let (text, ends) = &mut self.columns[c];
            // Within the budget checked above; a new column (only in the
            // first WIDTH_ROWS rows) pads fewer than WIDTH_ROWS. Offsets
            // past 4 GiB are caught in `finish`.
            ends.resize(row, text.len() as u32);
            text.push_str(field);
            ends.push(text.len() as u32);
        }
        self.overflow.push(overflow);
        self.ends.push(u32::try_from(end).unwrap_or(u32::MAX));
        self.rows += 1;
        Ok(())
    }

    /// Notes `n` empty lines before the next row: they hold no cell and are
    /// not rows here (a million of them cost one entry), but they count in
    /// row numbers ([`CsvCells::empty_lines_before`]).
    pub(crate) fn skip_empty_lines(&mut self, n: u64) {
        if n == 0 {
            return;
        }
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        let row = u32::try_from(self.rows).unwrap_or(u32::MAX);
        let total = self.empty_lines.last().map_or(0, |&(_, t)| t);
        self.empty_lines.push((row, total.saturating_add(n)));
        self.bytes_read += n as usize;
    }

    /// Empty lines of the text above a row.
    pub(crate) fn empty_lines_before(&self, row: usize) -> u32 {
        let after = self
            .empty_lines
            .partition_point(|&(r, _)| (r as usize) <= row);
        after.checked_sub(1).map_or(0, |i| self.empty_lines[i].1)
    }

    /// Reserves each column's buffers for the rows still to come, estimated
    /// from the bytes per row so far (a tenth more, for longer rows later).
    fn reserve_for_the_rest(&mut self) {
        if self.size_hint == 0 || self.bytes_read == 0 {
            return;
        }
        let rest = self.size_hint.saturating_sub(self.bytes_read) as f64;
        let more_rows = (rest / (self.bytes_read as f64 / self.rows as f64) * 1.1) as usize;
        let rows = self.rows as f64;
        for (text, ends) in &mut self.columns {
            // A column filled in few of the first rows (a wide header over
            // short rows) reserves as little.
            let filled = ends.len() as f64 / rows;
            text.reserve((text.len() as f64 / rows * more_rows as f64) as usize);
            ends.reserve((filled * more_rows as f64) as usize);
        }
        self.overflow.reserve(more_rows);
        self.ends.reserve(more_rows);
    }

    /// Ends reading; call once, after the last row.
    ///
    /// # Errors
    /// When the text outgrows 4 GiB (offsets are 32-bit).
    pub(crate) fn finish(&mut self) -> Result<(), ()> {
        let total: usize = self.columns.iter().map(|(t, _)| t.len()).sum();
        if u32::try_from(total).is_err() {
            return Err(());
        }
        self.width = self.columns.len();
        Ok(())
    }

    /// True when no cell holds anything but whitespace.
    pub(crate) fn all_blank(&self) -> bool {
        self.columns.iter().all(|(t, _)| t.trim().is_empty())
            && self.overflow.iter().all(|&n| n == 0)
    }
}

impl Cells for CsvCells {
    fn height(&self) -> usize {
        self.rows
    }

    fn width(&self) -> usize {
        self.width
    }

    fn get(&self, row: usize, col: usize) -> CellRef<'_> {
        let text = self.columns.get(col).and_then(|(text, ends)| {
            let end = *ends.get(row)?;
            let start = row.checked_sub(1).and_then(|above| ends.get(above));
            text.get(start.map_or(0, |&s| s as usize)..end as usize)
        });
        match text {
            None | Some("") => CellRef::Empty,
            Some(t) => CellRef::Text(t),
        }
    }

    /// One past the last filled column of a row (0 when none is filled).
    fn row_end(&self, row: usize) -> usize {
        self.ends.get(row).map_or(0, |&n| n as usize)
    }

    /// Rows stored for a column: its last filled row + 1.
    fn column_len(&self, col: usize) -> usize {
        self.columns.get(col).map_or(0, |(_, ends)| ends.len())
    }

    /// Filled cells of a row beyond the table's width.
    fn overflow(&self, row: usize) -> usize {
        self.overflow.get(row).map_or(0, |&n| n as usize)
    }

    fn empty_lines_before(&self, row: usize) -> u32 {
        CsvCells::empty_lines_before(self, row)
    }
}

impl Sheet {
    /// Builds a sheet from CSV records, taking the first row with at least
    /// two filled cells as the header (title lines above it are skipped).
    pub(crate) fn from_csv(file: &str, cells: CsvCells, decimal_comma: bool) -> Sheet {
        Sheet::new(file, None, Box::new(cells), decimal_comma, 1, 0)
    }

    /// A sheet built from cells read elsewhere (the crf-v1 sheets a REDCap
    /// export becomes): `header` is row 0, `origin` says where each row and
    /// column was in the user's file.
    pub(crate) fn built(
        file: &str,
        sheet_name: Option<String>,
        header: Vec<String>,
        rows: &[Vec<String>],
        origin: Origin,
    ) -> Sheet {
        let mut cells = CsvCells::with_size_hint(0);
        // Built rows are as wide as the header (they need no padding beyond
        // the budget), and far below the 4 GiB a CSV may hold.
        let _ = cells.push(&csv::StringRecord::from(header.clone()));
        for row in rows {
            let _ = cells.push(&csv::StringRecord::from(row.clone()));
        }
        let _ = cells.finish();
        Sheet {
            file: file.to_string(),
            sheet_name,
            header,
            decimal_comma: false,
            header_index: 0,
            first_row_number: 1,
            first_column: 0,
            body: Box::new(cells),
            origin: Some(Box::new(origin)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(rows: &[&[&str]]) -> Sheet {
        let mut cells = CsvCells::new();
        for r in rows {
            cells.push(&csv::StringRecord::from(r.to_vec())).unwrap();
        }
        cells.finish().unwrap();
        Sheet::from_csv("t.csv", cells, false)
    }

    #[test]
    fn column_major_cells_read_back() {
        let s = csv(&[
            &["id", "sex", "age"],
            &["1", "F", "66"],
            &["2", "", "70"],
            &["3", "M"],
        ]);
        assert_eq!(s.header, vec!["id", "sex", "age"]);
        assert_eq!(s.n_rows(), 3);
        assert_eq!(s.cell(0, 2), CellRef::Text("66"));
        assert_eq!(s.cell(1, 1), CellRef::Empty);
        assert_eq!(s.cell(2, 2), CellRef::Empty);
        assert_eq!(s.cell(9, 0), CellRef::Empty);
        assert_eq!(s.row_number(0), 2);
    }

    #[test]
    fn ragged_rows_are_counted_not_stored() {
        let mut rows: Vec<Vec<&str>> = vec![vec!["id", "sex"]];
        rows.extend((0..25).map(|_| vec!["1", "F"]));
        rows.push(vec!["2", "M", "", "stray", "more"]);
        rows.push(vec!["", "", "", "", "only here"]);
        let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let s = csv(&refs);
        assert_eq!(s.cells_beyond_header(25), 2);
        assert!(!s.row_is_blank(26));
        assert_eq!(s.cells_beyond_header(26), 1);
        assert_eq!(s.cell(25, 3), CellRef::Empty);
    }
}
