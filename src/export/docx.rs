//! The Word document: every section of the presentation with three-line
//! (booktabs) tables, the way journals set them.
//!
//! A journal table has a rule above and below the header and one at the
//! bottom, and no vertical or inner grid lines; captions go above tables and
//! below figures, footnotes under each table; numbers are right-aligned so
//! that figures with the same decimals line up; a wide table gets a
//! landscape page of its own.

use crate::present::figures::Figure;
use crate::present::format::display_width;
use crate::present::model::{Block, Cell, TextRole};
use crate::present::{Presentation, Table};
use docx_rs::{
    AlignmentType, BorderType, Docx, PageMargin, PageOrientationType, Paragraph, Pic, Run,
    RunFonts, Section, Table as DocTable, TableBorders, TableCell, TableCellBorder,
    TableCellBorderPosition, TableCellBorders, TableLayoutType, TableRow, VMergeType, WidthType,
};

/// A figure for the Word document: its id and PNG bytes (the page draws
/// them; captions come from the presentation).
#[derive(Debug, Clone)]
pub struct FigurePng {
    /// The figure's id in the presentation.
    pub id: String,
    /// PNG file bytes.
    pub png: Vec<u8>,
}

/// Width and height of a PNG from its header.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    (w > 0 && h > 0).then_some((w, h))
}

/// A4 in twips.
const A4: (u32, u32) = (11_906, 16_838);
/// Page margin in twips (2 cm).
const MARGIN: u32 = 1_134;
/// Font sizes in half-points.
const BODY: usize = 20;
const TABLE: usize = 18;
const NOTE: usize = 16;
/// Rule widths in eighths of a point: booktabs' heavy and light rules.
const HEAVY: usize = 12;
const LIGHT: usize = 6;

fn fonts() -> RunFonts {
    // Arial reads well at 9 pt; the East Asian slot names a Korean font with
    // its common fallbacks, so Hangul shows in Word and LibreOffice.
    RunFonts::new()
        .ascii("Arial")
        .hi_ansi("Arial")
        .cs("Arial")
        .east_asia("Malgun Gothic")
}

fn run(text: &str, size: usize) -> Run {
    // Line breaks in a text become breaks in the run.
    let mut r = Run::new().size(size).fonts(fonts());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(docx_rs::BreakType::TextWrapping);
        }
        r = r.add_text(line);
    }
    r
}

fn para(text: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(run(text, size))
}

/// The whole presentation, with the figures the page drew, as a Word
/// document.
///
/// # Errors
/// The writer's message if the document cannot be built.
pub fn docx(p: &Presentation, figures: &[FigurePng]) -> Result<Vec<u8>, String> {
    // docx-rs numbers paragraphs from a per-thread counter that only its own
    // serializers reset; serializing an empty document resets it, so a
    // second document built in the same process (the page's Worker) gets the
    // same ids, and the same bytes.
    let _ = Docx::new().json();
    let portrait = |s: Section| {
        s.page_size(docx_rs::PageSize::new().size(A4.0, A4.1))
            .page_margin(margins())
    };
    let mut doc = Docx::new()
        .default_fonts(fonts())
        .default_size(BODY)
        .page_size(A4.0, A4.1)
        .page_margin(margins())
        .created_at("2000-01-01T00:00:00Z")
        .updated_at("2000-01-01T00:00:00Z");
    let mut current =
        Section::new().add_paragraph(Paragraph::new().add_run(run(&p.title, 32).bold()));
    let mut pic_id = 0;
    let italics = crate::present::has_italics(p);
    // A manuscript's reader wants the tables first; the data check is an
    // appendix.
    let (check, results): (Vec<_>, Vec<_>) = p.sections.iter().partition(|s| s.id == "data-check");
    for s in results.into_iter().chain(check) {
        // The heading goes with the section's first block, so a section that
        // opens with a landscape table has its heading on that page.
        let mut heading = Some(
            Paragraph::new()
                .add_run(run(&s.title, 26).bold())
                .keep_next(true),
        );
        for b in &s.blocks {
            let opens_landscape = matches!(b, Block::Table(t) if t.wide);
            if let Some(h) = heading.take() {
                if opens_landscape {
                    heading = Some(h);
                } else {
                    current = current.add_paragraph(h);
                }
            }
            match b {
                Block::Text(t) => {
                    let r = run(&t.text, BODY);
                    let r = match t.role {
                        TextRole::Heading => r.bold(),
                        TextRole::Hint if italics => r.italic(),
                        TextRole::Hint => r,
                        TextRole::Error => r.bold().color("B00020"),
                        TextRole::Body => r,
                    };
                    current = current.add_paragraph(Paragraph::new().add_run(r));
                }
                Block::List(l) => {
                    for item in &l.items {
                        current = current.add_paragraph(para(&format!("•\u{a0}{item}"), BODY));
                    }
                }
                Block::Table(t) if t.wide => {
                    // A landscape page of its own: close the portrait section.
                    doc = doc.add_section(portrait(current));
                    let (w, h) = (A4.1, A4.0);
                    let landscape = Section::new()
                        .page_size(
                            docx_rs::PageSize::new()
                                .size(w, h)
                                .orient(PageOrientationType::Landscape),
                        )
                        .page_orient(PageOrientationType::Landscape)
                        .page_margin(margins());
                    let landscape = match heading.take() {
                        Some(h) => landscape.add_paragraph(h),
                        None => landscape,
                    };
                    doc = doc.add_section(add_table(landscape, t, w - 2 * MARGIN, italics));
                    current = Section::new();
                }
                Block::Table(t) => current = add_table(current, t, A4.0 - 2 * MARGIN, italics),
                Block::Figure(fig) => {
                    if let Some(png) = figures.iter().find(|f| f.id == fig.id) {
                        pic_id += 1;
                        current = add_figure(current, fig, png, pic_id);
                    }
                }
            }
        }
    }
    // The last section's page settings are the document's own.
    for child in current.children().clone() {
        doc = match child {
            docx_rs::SectionChild::Paragraph(p) => doc.add_paragraph(*p),
            docx_rs::SectionChild::Table(t) => doc.add_table(*t),
            _ => doc,
        };
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).map_err(|e| e.to_string())?;
    Ok(buf.into_inner())
}

fn margins() -> PageMargin {
    let m = MARGIN as i32;
    PageMargin::new()
        .top(m)
        .bottom(m)
        .left(m)
        .right(m)
        .header(m / 2)
        .footer(m / 2)
}

fn add_figure(section: Section, fig: &Figure, png: &FigurePng, id: usize) -> Section {
    let Some((w, h)) = png_size(&png.png) else {
        return section;
    };
    // 16 cm wide (EMU: 360,000 per cm); the page renders PNGs at 2×.
    let width = 5_760_000u64;
    let pic = Pic::new_with_dimensions(png.png.clone(), w, h)
        .size(width as u32, (width * u64::from(h) / u64::from(w)) as u32)
        .id(format!("rIdImage{id}"));
    section
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_image(pic))
                .keep_next(true),
        )
        .add_paragraph(para(&fig.caption, NOTE + 2))
}

/// Column widths in twips: each column what its longest text needs (about
/// 100 twips a character at 9 pt, plus the cell's padding; a spanning cell
/// counts for none); extra room is shared in proportion, and when the page
/// is too narrow the text columns give way (their labels wrap) while the
/// number columns keep their width.
fn column_widths(t: &Table, text_width: u32) -> Vec<usize> {
    let width = t.width().max(1);
    let numeric = t.numeric_columns();
    // Twips each column needs for its longest text, and at least (its
    // longest word, which cannot wrap).
    let mut need = vec![300usize; width];
    let mut least = vec![300usize; width];
    let head = t.placed_rows(&t.head).into_iter().map(|r| (r, 115));
    let body = t
        .groups
        .iter()
        .flat_map(|g| t.placed_rows(&g.rows))
        .map(|r| (r, 100));
    // Twips a character needs: bold headers are wider.
    for (row, per_char) in head.chain(body) {
        for (c, cell) in row.iter().enumerate() {
            if let Some(cell) = cell.filter(|cell| cell.col_span <= 1) {
                let indent = 2 * usize::from(cell.indent);
                let len = display_width(&cell.text) + indent;
                let word = cell
                    .text
                    .split_whitespace()
                    .map(display_width)
                    .max()
                    .unwrap_or(0)
                    + indent;
                need[c] = need[c].max(len * per_char);
                least[c] = least[c].max(word * per_char);
            }
        }
    }
    let pad = |w: usize| w + 240;
    let need: Vec<usize> = need.into_iter().map(pad).collect();
    let least: Vec<usize> = least.into_iter().map(pad).collect();
    let total = text_width as usize;
    let sum: usize = need.iter().sum();
    if sum <= total {
        return need.iter().map(|n| n * total / sum).collect();
    }
    // Too wide: number columns keep what they need; text columns get their
    // longest word and share what is left in proportion to what more they
    // would like.
    let fixed: usize = (0..width).filter(|&c| numeric[c]).map(|c| need[c]).sum();
    let floors: usize = (0..width).filter(|&c| !numeric[c]).map(|c| least[c]).sum();
    let wish: usize = (0..width)
        .filter(|&c| !numeric[c])
        .map(|c| need[c] - least[c].min(need[c]))
        .sum();
    let spare = total.saturating_sub(fixed + floors);
    (0..width)
        .map(|c| {
            if numeric[c] {
                need[c]
            } else {
                let more = (need[c] - least[c].min(need[c])) * spare;
                least[c] + more.checked_div(wish).unwrap_or(0)
            }
        })
        .collect()
}

fn rule(position: TableCellBorderPosition, size: usize) -> TableCellBorder {
    TableCellBorder::new(position)
        .border_type(BorderType::Single)
        .size(size)
        .color("000000")
}

fn no_borders() -> TableCellBorders {
    TableCellBorders::with_empty()
}

fn cell_paragraph(cell: &Cell, size: usize, bold: bool, right: bool) -> Paragraph {
    let mut r = run(&cell.text, size);
    if bold {
        r = r.bold();
    }
    let mut p = Paragraph::new().add_run(r);
    if right {
        p = p.align(AlignmentType::Right);
    }
    if cell.indent > 0 {
        p = p.indent(Some(i32::from(cell.indent) * 220), None, None, None);
    }
    p
}

/// Adds a table's caption, the table and its footnotes to a section.
fn add_table(section: Section, t: &Table, text_width: u32, italics: bool) -> Section {
    let widths = column_widths(t, text_width);
    let numeric = t.numeric_columns();
    let width = widths.len();
    let mut rows = Vec::new();
    let head_rows = t.placed_rows(&t.head);
    let n_head = head_rows.len();
    for (r, row) in head_rows.iter().enumerate() {
        let mut borders = no_borders();
        if r == 0 {
            borders = borders.set(rule(TableCellBorderPosition::Top, HEAVY));
        }
        if r + 1 == n_head {
            borders = borders.set(rule(TableCellBorderPosition::Bottom, LIGHT));
        }
        rows.push(doc_row(
            row, &widths, &numeric, borders, true, r, &head_rows,
        ));
    }
    let mut body: Vec<TableRow> = Vec::new();
    for g in &t.groups {
        if let Some(label) = &g.label {
            let r = run(label, TABLE);
            let p = Paragraph::new().add_run(if italics { r.italic() } else { r });
            body.push(TableRow::new(vec![TableCell::new()
                .add_paragraph(p)
                .grid_span(width)
                .width(widths.iter().sum(), WidthType::Dxa)
                .set_borders(no_borders())]));
        }
        let placed = t.placed_rows(&g.rows);
        for (r, row) in placed.iter().enumerate() {
            body.push(doc_row(
                row,
                &widths,
                &numeric,
                no_borders(),
                false,
                r,
                &placed,
            ));
        }
    }
    // The bottom rule: on the last row's cells.
    if let Some(last) = body.pop() {
        body.push(bottom_rule(last));
    }
    rows.extend(body);
    let table = DocTable::new(rows)
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .set_borders(TableBorders::with_empty());
    let mut section = section.add_paragraph(
        Paragraph::new()
            .add_run(run(&t.caption, BODY).bold())
            .keep_next(true),
    );
    section = section.add_table(table);
    for note in &t.footnotes {
        section = section.add_paragraph(para(note, NOTE));
    }
    section.add_paragraph(Paragraph::new())
}

/// Adds the heavy bottom rule to every cell of a row.
fn bottom_rule(row: TableRow) -> TableRow {
    let cells = row
        .cells
        .into_iter()
        .map(|c| match c {
            docx_rs::TableRowChild::TableCell(cell) => docx_rs::TableRowChild::TableCell(
                cell.set_border(rule(TableCellBorderPosition::Bottom, HEAVY)),
            ),
        })
        .collect();
    TableRow { cells, ..row }
}

/// One row of the Word table: each placed cell, spans as grid spans and
/// vertical merges.
fn doc_row(
    placed: &[Option<&Cell>],
    widths: &[usize],
    numeric: &[bool],
    borders: TableCellBorders,
    head: bool,
    r: usize,
    all: &[Vec<Option<&Cell>>],
) -> TableRow {
    let mut cells = Vec::new();
    let mut c = 0;
    while c < widths.len() {
        match placed.get(c).copied().flatten() {
            Some(cell) => {
                let span = usize::from(cell.col_span.max(1)).min(widths.len() - c);
                let w: usize = widths[c..c + span].iter().sum();
                // A header over numbers, and numbers, are right-aligned.
                let right = if head {
                    span == 1 && numeric.get(c).copied().unwrap_or(false)
                } else {
                    cell.is_numeric()
                };
                let mut tc = TableCell::new()
                    .add_paragraph(cell_paragraph(cell, TABLE, head, right))
                    .width(w, WidthType::Dxa)
                    .set_borders(borders.clone());
                if span > 1 {
                    tc = tc.grid_span(span);
                    if head {
                        // A heading over several columns is centered over
                        // them with a short rule under it (booktabs'
                        // cmidrule).
                        tc = TableCell::new()
                            .add_paragraph(
                                cell_paragraph(cell, TABLE, head, false)
                                    .align(AlignmentType::Center),
                            )
                            .width(w, WidthType::Dxa)
                            .set_borders(
                                borders
                                    .clone()
                                    .set(rule(TableCellBorderPosition::Bottom, LIGHT)),
                            )
                            .grid_span(span);
                    }
                }
                if cell.row_span > 1 {
                    tc = tc.vertical_merge(VMergeType::Restart);
                }
                cells.push(tc);
                c += span;
            }
            None => {
                // Covered by a span from above (a vertical merge goes on), or
                // by one from the left (already counted), or simply empty.
                let from_above = (0..r).rev().find_map(|up| {
                    all[up]
                        .get(c)
                        .copied()
                        .flatten()
                        .filter(|above| usize::from(above.row_span) > r - up)
                });
                match from_above {
                    Some(above) => {
                        let span = usize::from(above.col_span.max(1)).min(widths.len() - c);
                        let w: usize = widths[c..c + span].iter().sum();
                        let mut tc = TableCell::new()
                            .add_paragraph(Paragraph::new())
                            .width(w, WidthType::Dxa)
                            .vertical_merge(VMergeType::Continue)
                            .set_borders(borders.clone());
                        if span > 1 {
                            tc = tc.grid_span(span);
                        }
                        cells.push(tc);
                        c += span;
                    }
                    None => {
                        cells.push(
                            TableCell::new()
                                .add_paragraph(Paragraph::new())
                                .width(widths[c], WidthType::Dxa)
                                .set_borders(borders.clone()),
                        );
                        c += 1;
                    }
                }
            }
        }
    }
    TableRow::new(cells).cant_split()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((640, 480)));
        assert_eq!(png_size(b"nope"), None);
    }
}
