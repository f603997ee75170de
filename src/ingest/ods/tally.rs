//! The counts of one ODS table: what calamine's `read_table`, `read_row`
//! and `get_range` build from it, and the decision whether it may be built.

use super::super::budget::{Budget, Footprint, Refusal};
use super::TEXT_BYTES_PER_CELL;

/// What calamine builds of one table, counted.
#[derive(Debug, Default, Clone)]
pub(super) struct Table {
    /// Rows so far, repeats included and capped as calamine caps them
    /// (its `total_rows`).
    pub(super) rows: u64,
    /// Row elements so far (calamine's row index).
    pub(super) row_elements: u64,
    /// Cells pushed as the rows are read (calamine's `cells` and
    /// `formulas`, one entry each a cell).
    pub(super) pushed: u64,
    /// Text cloned into the pushed cells, in bytes.
    pub(super) pushed_text: u64,
    /// The data range `get_range` builds.
    pub(super) data: RangeTally,
    /// The formula range `get_range` builds.
    pub(super) formulas: RangeTally,
    /// The first cell whose text is past [`super::super::budget::CELL_TEXT_LIMIT`]: row, column,
    /// bytes.
    pub(super) long_cell: Option<(u64, u64, u64)>,
}

/// Counts one of the two ranges calamine's `get_range` builds from the
/// pushed cells: it spans the rows from the first to the last row element
/// with a non-empty cell, each expanded by its repeats, and the columns
/// from the leftmost to the rightmost non-empty cell.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct RangeTally {
    /// The rows (repeats expanded) of all row elements so far.
    pub(super) rows_so_far: u64,
    /// The first row element with a non-empty cell: its index, and the
    /// expanded rows before it.
    pub(super) first: Option<(u64, u64)>,
    /// The last row element with a non-empty cell: its index, and the
    /// expanded rows through it.
    pub(super) last: (u64, u64),
    /// The leftmost and rightmost non-empty columns.
    pub(super) columns: Option<(u64, u64)>,
    /// Non-empty cells, repeats expanded.
    pub(super) filled: u64,
    /// Text in the range, repeats expanded, in bytes.
    pub(super) text: u64,
}

/// The non-empty cells of one row element, for one range.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct RowTally {
    pub(super) columns: Option<(u64, u64)>,
    pub(super) filled: u64,
    pub(super) text: u64,
}

impl RowTally {
    pub(super) fn add(&mut self, first: u64, count: u64, text: u64) {
        if count == 0 {
            return;
        }
        let last = first.saturating_add(count - 1);
        self.columns = Some(match self.columns {
            Some((l, r)) => (l.min(first), r.max(last)),
            None => (first, last),
        });
        self.filled = self.filled.saturating_add(count);
        self.text = self.text.saturating_add(count.saturating_mul(text));
    }
}

impl RangeTally {
    /// Adds a row element (its index, its repeats as calamine capped them).
    pub(super) fn add_row(&mut self, index: u64, repeats: u64, row: RowTally) {
        let before = self.rows_so_far;
        self.rows_so_far = before.saturating_add(repeats);
        let Some((left, right)) = row.columns else {
            return;
        };
        if self.first.is_none() {
            self.first = Some((index, before));
        }
        self.last = (index, self.rows_so_far);
        self.columns = Some(match self.columns {
            Some((l, r)) => (l.min(left), r.max(right)),
            None => (left, right),
        });
        self.filled = self
            .filled
            .saturating_add(repeats.saturating_mul(row.filled));
        self.text = self.text.saturating_add(repeats.saturating_mul(row.text));
    }

    /// The range as a footprint: its rows are the cells calamine reserves
    /// and fills (the expanded rows, or the row elements between the first
    /// and the last if more: it reserves that many before it expands).
    pub(super) fn footprint(&self) -> Footprint {
        let (Some((first_index, top)), Some((left, right))) = (self.first, self.columns) else {
            return Footprint::default();
        };
        let (last_index, through) = self.last;
        let rows = through
            .saturating_sub(top)
            .max(last_index.saturating_sub(first_index).saturating_add(1));
        let clamp = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
        let mut footprint = Footprint::default();
        footprint.add_run(clamp(top), clamp(left), clamp(left), 0);
        footprint.add_run(
            clamp(top.saturating_add(rows - 1)),
            clamp(right),
            clamp(right),
            self.filled,
        );
        footprint
    }
}

impl Table {
    /// The cells calamine builds for the table: those pushed while
    /// reading, the two ranges, and the text, 32 bytes to a cell.
    pub(super) fn cells(&self) -> u64 {
        let text = self
            .pushed_text
            .saturating_add(self.data.text)
            .saturating_add(self.formulas.text);
        self.pushed
            .saturating_add(self.data.footprint().cells())
            .saturating_add(self.formulas.footprint().cells())
            .saturating_add(text.div_ceil(TEXT_BYTES_PER_CELL))
    }

    /// Grants the table its cells, or says why it is refused.
    pub(super) fn decide(&self, budget: &mut Budget) -> Option<Refusal> {
        if let Some((row, column, bytes)) = self.long_cell {
            let clamp = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
            return Some(Refusal::CellText {
                row: clamp(row),
                column: clamp(column),
                bytes,
            });
        }
        for range in [self.data.footprint(), self.formulas.footprint()] {
            if !range.fits_a_sheet() {
                return Some(Refusal::Spread(range));
            }
        }
        budget.admit_expanded(self.cells(), self.data.filled).err()
    }
}
