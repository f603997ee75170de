//! The XLSX workbook: one sheet per table, laid out as the journal prints
//! it, with numbers stored as numbers.

use crate::present::model::Cell;
use crate::present::{Presentation, Table};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Every table of a presentation as one workbook.
///
/// # Errors
/// The writer's message if the workbook cannot be built.
pub fn xlsx(p: &Presentation) -> Result<Vec<u8>, String> {
    build(p).map_err(|e| e.to_string())
}

/// The formats a sheet uses.
struct Formats {
    caption: Format,
    head: Format,
    head_last: Format,
    group: Format,
    label: Format,
    number: Format,
    note: Format,
}

fn build(p: &Presentation) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date: the same report gives the same bytes.
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&p.title)
            .set_creation_datetime(&epoch),
    );
    let font = "Arial";
    let base = Format::new().set_font_name(font).set_font_size(10);
    let f = Formats {
        caption: base.clone().set_bold().set_font_size(11),
        head: base
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Bottom)
            .set_border_top(FormatBorder::Medium),
        head_last: base
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Bottom)
            .set_border_bottom(FormatBorder::Thin),
        group: base.clone().set_bold(),
        label: base.clone().set_align(FormatAlign::Top),
        number: base.clone().set_align(FormatAlign::Right),
        note: if crate::present::has_italics(p) {
            base.clone().set_italic().set_font_size(9)
        } else {
            base.clone().set_font_size(9)
        },
    };
    let mut used: Vec<String> = Vec::new();
    for table in crate::present::tables(p) {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&table.short, &mut used))?;
        sheet(ws, table, &f)?;
    }
    wb.save_to_buffer()
}

/// A sheet name Excel accepts (≤ 31 characters, none of `[]:*?/\`), unique
/// in the workbook.
fn sheet_name(short: &str, used: &mut Vec<String>) -> String {
    let clean: String = short
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let base: String = clean.trim_matches('\'').chars().take(31).collect();
    let mut name = if base.is_empty() {
        "Table".into()
    } else {
        base.clone()
    };
    let mut k = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({k})");
        name = base
            .chars()
            .take(31 - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        k += 1;
    }
    used.push(name.clone());
    name
}

/// Excel's limit on the characters of one cell.
const EXCEL_MAX_CHARS: usize = 32_767;

/// A text as one cell can hold it: past Excel's limit (which no table,
/// caption or footnote of the presentation should reach, but a workbook
/// must never fail to be written for it), its first characters and `…`.
fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(EXCEL_MAX_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some(_) => {
            let (end, _) = text
                .char_indices()
                .nth(EXCEL_MAX_CHARS - 1)
                .unwrap_or((0, ' '));
            std::borrow::Cow::Owned(format!("{}…", &text[..end]))
        }
    }
}

/// A number format showing `decimals` decimals and a true minus sign.
fn number_format(decimals: u8) -> String {
    let body = if decimals == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(usize::from(decimals)))
    };
    format!("{body};\"\u{2212}\"{body}")
}

fn sheet(ws: &mut Worksheet, t: &Table, f: &Formats) -> Result<(), XlsxError> {
    let width = t.width().max(1);
    ws.write_string_with_format(0, 0, cell_text(&t.caption).as_ref(), &f.caption)?;
    let head_top = 2u32;
    let placed_head = t.placed_rows(&t.head);
    let last_head = t.head.len().saturating_sub(1);
    let mut widths = vec![8usize; width];
    let numeric = t.numeric_columns();
    for (r, row) in placed_head.iter().enumerate() {
        let format = if r == last_head {
            &f.head_last
        } else {
            &f.head
        };
        let r = head_top + r as u32;
        // Every position gets the border, covered ones too.
        for c in 0..width {
            ws.write_blank(r, c as u16, format)?;
        }
        for (c, cell) in row.iter().enumerate() {
            if let Some(cell) = cell {
                // A heading sits over its column: right over numbers,
                // centered over several columns, else left.
                let align = if cell.col_span > 1 {
                    FormatAlign::Center
                } else if numeric.get(c).copied().unwrap_or(false) {
                    FormatAlign::Right
                } else {
                    FormatAlign::Left
                };
                let format = format.clone().set_align(align);
                place(ws, r, c, cell, &format, &mut widths)?;
            }
        }
    }
    let mut r = head_top + t.head.len() as u32;
    let body_top = r;
    for g in &t.groups {
        if let Some(label) = &g.label {
            ws.write_string_with_format(r, 0, cell_text(label).as_ref(), &f.group)?;
            r += 1;
        }
        for row in t.placed_rows(&g.rows) {
            for (c, cell) in row.iter().enumerate() {
                if let Some(cell) = cell {
                    let format = if cell.is_numeric() {
                        f.number.clone()
                    } else {
                        f.label.clone().set_indent(cell.indent)
                    };
                    place(ws, r, c, cell, &format, &mut widths)?;
                }
            }
            r += 1;
        }
    }
    // The rule under the table.
    let rule = Format::new().set_border_top(FormatBorder::Medium);
    for c in 0..width {
        ws.write_blank(r, c as u16, &rule)?;
    }
    r += 1;
    for note in &t.footnotes {
        ws.write_string_with_format(r, 0, cell_text(note).as_ref(), &f.note)?;
        r += 1;
    }
    ws.set_freeze_panes(body_top, 0)?;
    for (c, w) in widths.iter().enumerate() {
        let cap = if c == 0 { 60 } else { 30 };
        ws.set_column_width(c as u16, (*w).clamp(6, cap) as f64 + 2.0)?;
    }
    if t.wide {
        ws.set_landscape();
    }
    // Printed, a table fits the page width.
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Writes one cell (merging its span), a number as a number.
fn place(
    ws: &mut Worksheet,
    r: u32,
    c: usize,
    cell: &Cell,
    format: &Format,
    widths: &mut [usize],
) -> Result<(), XlsxError> {
    let c16 = c as u16;
    let indent = usize::from(cell.indent) * 2;
    if let Some(w) = widths.get_mut(c) {
        if cell.col_span <= 1 {
            *w = (*w).max(crate::present::format::display_width(&cell.text) + indent);
        }
    }
    let format = match (cell.number, cell.decimals) {
        (Some(_), Some(d)) => format.clone().set_num_format(number_format(d)),
        _ => format.clone(),
    };
    let format = if cell.row_span > 1 {
        format.set_align(FormatAlign::VerticalCenter)
    } else {
        format
    };
    if cell.row_span > 1 || cell.col_span > 1 {
        let last_r = r + u32::from(cell.row_span.max(1)) - 1;
        let last_c = c16 + cell.col_span.max(1) - 1;
        ws.merge_range(r, c16, last_r, last_c, "", &format)?;
    }
    match cell.number {
        Some(x) => ws.write_number_with_format(r, c16, x, &format)?,
        None => ws.write_string_with_format(r, c16, cell_text(&cell.text).as_ref(), &format)?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_past_excels_cell_limit_is_cut_not_refused() {
        let short = "é".repeat(EXCEL_MAX_CHARS);
        assert_eq!(cell_text(&short), short.as_str());
        let long = "é".repeat(EXCEL_MAX_CHARS + 1);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), EXCEL_MAX_CHARS);
        assert!(cut.ends_with("é…"));
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        assert_eq!(sheet_name("Table 1", &mut used), "Table 1");
        assert_eq!(sheet_name("Table 1", &mut used), "Table 1 (2)");
        assert_eq!(sheet_name("a/b:c", &mut used), "a-b-c");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &mut used).chars().count(), 31);
        assert_eq!(
            sheet_name(&long, &mut used),
            format!("{} (2)", "x".repeat(27))
        );
    }

    #[test]
    fn number_formats_keep_the_decimals_and_the_minus() {
        assert_eq!(number_format(0), "0;\"−\"0");
        assert_eq!(number_format(3), "0.000;\"−\"0.000");
    }
}
