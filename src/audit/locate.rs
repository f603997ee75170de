//! Finding a claim's cell in the presentation by its table, row and column
//! ids (see `Cell::key`).

use crate::present::model::{Cell, Table};

/// Why a claim's cell was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// No table has that id.
    Table,
    /// No row has that id.
    Row,
    /// No column has that id.
    Column,
    /// The ids name more than one cell.
    Ambiguous,
}

/// The column ids of a table: each column's headings' keys, top to bottom,
/// joined with `.` (a heading spanning columns counts for each).
pub fn column_ids(table: &Table) -> Vec<String> {
    let width = table.width();
    let mut ids: Vec<Vec<&str>> = vec![Vec::new(); width];
    for row in &table.head {
        let mut col = 0;
        for cell in row {
            let span = usize::from(cell.col_span.max(1));
            for id in ids.iter_mut().skip(col).take(span) {
                if let Some(k) = &cell.key {
                    id.push(k);
                }
            }
            col += span;
        }
    }
    ids.into_iter().map(|k| k.join(".")).collect()
}

/// A body row: its id and, for each column, the cell there (a cell
/// spanning rows or columns appears at every position it covers).
pub struct PlacedRow<'a> {
    /// Group key and heading keys joined with `.`.
    pub id: String,
    /// Cells by column.
    pub cells: Vec<Option<&'a Cell>>,
}

/// Every body row of a table with its id.
pub fn rows(table: &Table) -> Vec<PlacedRow<'_>> {
    let width = table.width();
    let mut out = Vec::new();
    for group in &table.groups {
        let mut covering: Vec<Option<(&Cell, u16)>> = vec![None; width];
        for row in &group.rows {
            let mut cells: Vec<Option<&Cell>> = vec![None; width];
            let mut next = row.iter();
            let mut col = 0;
            while col < width {
                if let Some((cell, left)) = covering[col] {
                    if left > 0 {
                        cells[col] = Some(cell);
                        covering[col] = (left > 1).then_some((cell, left - 1));
                        col += 1;
                        continue;
                    }
                }
                let Some(cell) = next.next() else { break };
                let span = usize::from(cell.col_span.max(1));
                for c in col..(col + span).min(width) {
                    cells[c] = Some(cell);
                    covering[c] = (cell.row_span > 1).then_some((cell, cell.row_span - 1));
                }
                col += span;
            }
            let mut keys: Vec<&str> = group.key.iter().map(String::as_str).collect();
            let mut last: Option<*const Cell> = None;
            for cell in cells.iter().flatten() {
                if std::ptr::eq(last.unwrap_or(std::ptr::null()), *cell) {
                    continue;
                }
                last = Some(*cell);
                if cell.header {
                    if let Some(k) = &cell.key {
                        keys.push(k);
                    }
                }
            }
            out.push(PlacedRow {
                id: keys.join("."),
                cells,
            });
        }
    }
    out
}

/// True when a claim's row id names this row: the same id, or its first or
/// last parts (`sex` and `male` both name `sex.male`).
pub fn names_row(claim: &str, id: &str) -> bool {
    id == claim || id.starts_with(&format!("{claim}.")) || id.ends_with(&format!(".{claim}"))
}

/// The cell a claim names: its table, the cell, the full id of the first
/// row it is in and of its column.
pub struct Found<'a> {
    /// The table.
    pub table: &'a Table,
    /// The cell.
    pub cell: &'a Cell,
    /// The first row's full id.
    pub row: String,
    /// The column's full id.
    pub column: String,
}

/// The one cell a claim names.
pub fn find<'a>(
    tables: &[&'a Table],
    table: &str,
    row: &str,
    column: &str,
) -> Result<Found<'a>, Miss> {
    let t = tables
        .iter()
        .find(|t| t.id == table)
        .copied()
        .ok_or(Miss::Table)?;
    let columns = column_ids(t);
    let matching: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, id)| *id == column || names_row(column, id))
        .map(|(i, _)| i)
        .collect();
    let col = match matching.as_slice() {
        [] => return Err(Miss::Column),
        [c] => *c,
        _ => return Err(Miss::Ambiguous),
    };
    // A row whose whole id is the claim's wins over rows it begins or ends
    // (`stopped` is the row, not also `stopped.toxicity`).
    let all = rows(t);
    let exact = all.iter().any(|r| r.id == row);
    let rows: Vec<PlacedRow> = all
        .into_iter()
        .filter(|r| {
            if exact {
                r.id == row
            } else {
                names_row(row, &r.id)
            }
        })
        .collect();
    let first = rows.first().ok_or(Miss::Row)?.id.clone();
    let mut found: Option<&Cell> = None;
    for r in &rows {
        if let Some(cell) = r.cells.get(col).copied().flatten() {
            match found {
                Some(f) if !std::ptr::eq(f, cell) => return Err(Miss::Ambiguous),
                _ => found = Some(cell),
            }
        }
    }
    found
        .map(|cell| Found {
            table: t,
            cell,
            row: first,
            column: columns[col].clone(),
        })
        .ok_or(Miss::Row)
}
