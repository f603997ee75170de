//! The presentation model: a report laid out as sections of journal tables,
//! figures and short texts, every number already formatted.
//!
//! Renderers (the page, CSV, XLSX, DOCX) only place these cells; none of them
//! formats a number or writes a word of its own, so a figure copied from the
//! page and one copied from the Word file are the same text.

use serde::Serialize;

/// A report laid out for reading, in one language.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Presentation {
    /// BCP 47 language tag of every text.
    pub lang: &'static str,
    /// The report's title.
    pub title: String,
    /// A one-line summary of the diagnostics (counts by severity).
    pub summary: String,
    /// Sections in reading order.
    pub sections: Vec<Section>,
}

/// One section of the report (a heading and its blocks).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Stable id (also the page anchor).
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// Tables, figures and texts in order.
    pub blocks: Vec<Block>,
}

/// A piece of a section.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A journal table.
    Table(Table),
    /// A figure.
    Figure(super::figures::Figure),
    /// A paragraph of text.
    Text(Paragraph),
    /// A short list of facts.
    List(List),
}

/// A paragraph.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// What kind of paragraph (the page styles it).
    pub role: TextRole,
    /// The text.
    pub text: String,
}

/// What a paragraph is for.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextRole {
    /// A sub-heading.
    Heading,
    /// Running text.
    Body,
    /// A hint or caveat.
    Hint,
    /// A statement that the analysis cannot go on.
    Error,
}

/// A bulleted list.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct List {
    /// Items.
    pub items: Vec<String>,
}

/// A journal table: caption, header rows, row groups, footnotes.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Stable id: the page anchor, the CSV file name and the XLSX sheet.
    pub id: &'static str,
    /// Short name for a sheet tab or a button ("Table 2").
    pub short: String,
    /// Caption, printed above the table.
    pub caption: String,
    /// Header rows (cells may span).
    pub head: Vec<Vec<Cell>>,
    /// Row groups; a group's label is a full-width row.
    pub groups: Vec<Group>,
    /// Footnotes, printed under the table.
    pub footnotes: Vec<String>,
    /// Wide tables are set in landscape in the Word document.
    pub wide: bool,
    /// A listing (of patients, problems or columns) that supports the
    /// results rather than a result table: the page folds it until asked.
    pub listing: bool,
    /// A dataset rather than a journal table (the derived dataset): its
    /// CSV is the header row and one row per record, with no caption,
    /// group label or footnote lines, so statistical software reads the
    /// first line as the column names.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dataset: bool,
    /// Rows left out of this view (a long listing); the report JSON has all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<Truncated>,
}

/// How many rows a long listing left out.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Truncated {
    /// Rows shown.
    pub shown: usize,
    /// Rows in all.
    pub total: usize,
}

/// Rows under an optional full-width label.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The group's label ("Hematologic"); `None` for an unlabeled group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Stable id of the group (a report code, e.g. `sex`): the first part
    /// of its rows' ids (see [`Cell::key`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Rows; a cell spanning rows appears once, in its first row.
    pub rows: Vec<Vec<Cell>>,
}

/// What a cell holds, so renderers can align it and a spreadsheet can store
/// a number as a number.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    /// A column or row heading Lenalyze wrote.
    Label,
    /// Text Lenalyze wrote.
    Text,
    /// Text from the user's files (already neutralized for spreadsheets).
    User,
    /// A whole number.
    Count,
    /// `n (%)` or `n/N (%)`.
    CountPercent,
    /// `median (min–max)`.
    MedianRange,
    /// `mean ± SEM`.
    MeanSem,
    /// A p-value.
    P,
    /// `estimate (lower–upper)`.
    Estimate,
    /// A plain number.
    Number,
    /// A dash: not computable, with the reason in `note`.
    NotComputable,
    /// Nothing.
    Empty,
}

/// One table cell.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// What the cell holds.
    pub kind: CellKind,
    /// The text every renderer shows.
    pub text: String,
    /// The number the text shows, when it is exactly one number (stored as
    /// a number in XLSX, with `decimals` decimals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<f64>,
    /// Decimals of `number` as shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// The denominator of an `n (%)` or `n/N (%)` cell, so a reader (or the
    /// audit of a published table) knows which N the percentage is of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<usize>,
    /// A tooltip: why a value is not computable, what a ratio compares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Stable id of the row (on a row heading) or of the column (on a column
    /// heading) this cell heads, from the report's codes (`male`, `p`). A
    /// row's id is its group's key and its headings' keys joined with `.`
    /// (`sex.male`; a heading spanning rows counts for each); a column's id
    /// its headings' keys top to bottom. Claims files name cells by them;
    /// renderers ignore them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// A row heading (`th scope=row`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub header: bool,
    /// Indentation level of a row heading (0 = none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub indent: u8,
    /// Rows spanned (1 = none).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub row_span: u16,
    /// Columns spanned (1 = none).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub col_span: u16,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

#[cfg_attr(not(feature = "schema"), allow(dead_code))]
fn one() -> u16 {
    1
}

fn is_one(n: &u16) -> bool {
    *n == 1
}

impl Cell {
    /// A cell of `kind` showing `text`.
    pub fn new(kind: CellKind, text: impl Into<String>) -> Cell {
        Cell {
            kind,
            text: text.into(),
            number: None,
            decimals: None,
            denominator: None,
            note: None,
            key: None,
            header: false,
            indent: 0,
            row_span: 1,
            col_span: 1,
        }
    }

    /// A column heading.
    pub fn head(text: impl Into<String>) -> Cell {
        Cell::new(CellKind::Label, text)
    }

    /// A row heading Lenalyze wrote.
    pub fn label(text: impl Into<String>) -> Cell {
        Cell {
            header: true,
            ..Cell::new(CellKind::Label, text)
        }
    }

    /// A row heading from the user's files, neutralized for spreadsheets.
    pub fn user_label(text: &str) -> Cell {
        Cell {
            header: true,
            ..Cell::user(text)
        }
    }

    /// Text from the user's files, neutralized for spreadsheets.
    pub fn user(text: &str) -> Cell {
        Cell::new(CellKind::User, super::format::safe_text(text))
    }

    /// [`Cell::user`] of an owned text (not copied when it needs no change).
    pub fn user_owned(text: String) -> Cell {
        Cell::new(CellKind::User, super::format::safe_text_owned(text))
    }

    /// Text Lenalyze wrote.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::new(CellKind::Text, text)
    }

    /// An empty cell.
    pub fn empty() -> Cell {
        Cell::new(CellKind::Empty, "")
    }

    /// A whole number.
    pub fn count(n: usize) -> Cell {
        Cell {
            number: Some(n as f64),
            decimals: Some(0),
            ..Cell::new(CellKind::Count, n.to_string())
        }
    }

    /// A number shown with `decimals` decimals as `text`.
    pub fn number(kind: CellKind, x: f64, decimals: u8, text: String) -> Cell {
        Cell {
            number: Some(x),
            decimals: Some(decimals),
            ..Cell::new(kind, text)
        }
    }

    /// A value that could not be computed: a dash, the reason in the note.
    pub fn not_computable(reason: impl Into<String>) -> Cell {
        Cell {
            note: Some(reason.into()),
            ..Cell::new(CellKind::NotComputable, super::format::DASH)
        }
    }

    /// True for a figure (not a heading, not text).
    pub fn is_numeric(&self) -> bool {
        !self.header
            && (self.number.is_some()
                || !matches!(
                    self.kind,
                    CellKind::Label | CellKind::Text | CellKind::User | CellKind::Empty
                ))
    }

    /// Indented by `level`.
    pub fn indent(mut self, level: u8) -> Cell {
        self.indent = level;
        self
    }

    /// Spanning `rows` rows.
    pub fn rows(mut self, rows: u16) -> Cell {
        self.row_span = rows;
        self
    }

    /// Spanning `cols` columns.
    pub fn cols(mut self, cols: u16) -> Cell {
        self.col_span = cols;
        self
    }

    /// `n (%)` or `n/N (%)` text for a count of `denominator`.
    pub fn count_percent(text: impl Into<String>, denominator: usize) -> Cell {
        Cell {
            denominator: Some(denominator),
            ..Cell::new(CellKind::CountPercent, text)
        }
    }

    /// With a stable id (see [`Cell::key`](Cell#structfield.key)).
    pub fn key(mut self, key: impl Into<String>) -> Cell {
        self.key = Some(key.into());
        self
    }

    /// With a tooltip.
    pub fn note(mut self, note: impl Into<String>) -> Cell {
        self.note = Some(note.into());
        self
    }
}

impl Table {
    /// Columns of the widest header row.
    pub fn width(&self) -> usize {
        self.head
            .iter()
            .map(|row| row.iter().map(|c| usize::from(c.col_span)).sum())
            .max()
            .unwrap_or(0)
    }

    /// The table as a rectangular grid of texts, as CSV and the parity test
    /// see it: caption, header rows, body rows (a group label as its own
    /// row), a blank row and the footnotes. A spanned cell's text appears
    /// once, in its first position; the positions it covers are empty.
    pub fn grid(&self) -> Vec<Vec<String>> {
        owned(self.grid_texts())
    }

    /// [`Table::grid`], the texts borrowed from the cells.
    fn grid_texts(&self) -> Vec<Vec<&str>> {
        let width = self.width();
        let mut out = vec![vec![self.caption.as_str()]];
        out.extend(expand(&self.head, width));
        for g in &self.groups {
            if let Some(label) = &g.label {
                out.push(vec![label.as_str()]);
            }
            out.extend(expand(&g.rows, width));
        }
        if !self.footnotes.is_empty() {
            out.push(vec![]);
            out.extend(self.footnotes.iter().map(|f| vec![f.as_str()]));
        }
        out
    }

    /// The rows of the table's CSV: [`Table::grid`], except for a
    /// [`Table::dataset`], whose CSV is its header row and body rows only.
    pub fn csv_rows(&self) -> Vec<Vec<String>> {
        owned(self.csv_texts())
    }

    /// [`Table::csv_rows`], the texts borrowed from the cells (what the CSV
    /// writer reads: at 10⁵ patients the dataset is 3.3 million cells, each
    /// copied once more for nothing otherwise).
    pub fn csv_texts(&self) -> Vec<Vec<&str>> {
        if !self.dataset {
            return self.grid_texts();
        }
        let width = self.width();
        let mut out = expand(&self.head, width);
        for g in &self.groups {
            out.extend(expand(&g.rows, width));
        }
        out
    }

    /// For each column: true when its body cells are numbers (renderers
    /// right-align the column and its header).
    pub fn numeric_columns(&self) -> Vec<bool> {
        let width = self.width();
        let mut numeric = vec![false; width];
        let mut text = vec![false; width];
        for g in &self.groups {
            for row in self.placed_rows(&g.rows) {
                for (c, cell) in row.iter().enumerate() {
                    match cell {
                        Some(cell) if cell.kind == CellKind::Empty => {}
                        Some(cell) if cell.is_numeric() => numeric[c] = true,
                        Some(_) => text[c] = true,
                        None => {}
                    }
                }
            }
        }
        numeric.iter().zip(text).map(|(n, t)| *n && !t).collect()
    }

    /// Every body row as a full-width row of cells (spans expanded, covered
    /// positions `None`), for writers that place cells on a grid.
    pub fn placed_rows<'a>(&self, rows: &'a [Vec<Cell>]) -> Vec<Vec<Option<&'a Cell>>> {
        place(rows, self.width())
    }
}

/// Places rows with spans on a `width`-column grid: each cell at its
/// position, the positions it covers `None`.
pub fn place(rows: &[Vec<Cell>], width: usize) -> Vec<Vec<Option<&Cell>>> {
    let mut covered = vec![0u16; width];
    rows.iter()
        .map(|row| {
            let mut out: Vec<Option<&Cell>> = Vec::with_capacity(width);
            let mut cells = row.iter();
            while out.len() < width {
                let col = out.len();
                if covered[col] > 0 {
                    covered[col] -= 1;
                    out.push(None);
                    continue;
                }
                let Some(cell) = cells.next() else {
                    out.push(None);
                    continue;
                };
                out.push(Some(cell));
                let span = usize::from(cell.col_span.max(1));
                for k in 0..span {
                    if let Some(c) = covered.get_mut(col + k) {
                        *c = cell.row_span.saturating_sub(1);
                    }
                }
                for _ in 1..span {
                    if out.len() < width {
                        out.push(None);
                    }
                }
            }
            out
        })
        .collect()
}

/// Rows placed on the grid ([`place`]) as their texts, a covered position
/// empty.
fn expand(rows: &[Vec<Cell>], width: usize) -> Vec<Vec<&str>> {
    place(rows, width)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|c| c.map_or("", |c| c.text.as_str()))
                .collect()
        })
        .collect()
}

/// Borrowed grid texts as owned ones.
fn owned(rows: Vec<Vec<&str>>) -> Vec<Vec<String>> {
    rows.into_iter()
        .map(|row| row.into_iter().map(str::to_string).collect())
        .collect()
}
