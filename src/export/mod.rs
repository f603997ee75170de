//! Exports: the presentation model written as CSV (one file per table), one
//! XLSX workbook, one Word document, or a section as Markdown.
//!
//! The writers only place the model's cells. They format no number and
//! write no word of their own (the words come from the catalogue through the
//! model), so every export shows exactly the text of the page. User text was
//! neutralized for spreadsheets when it entered the model
//! ([`crate::present::format::safe_text`]).
//!
//! Exports are deterministic: the same report gives byte-identical files
//! (document dates are fixed, zip entries carry no clock).

#[cfg(feature = "export")]
mod docx;
mod markdown;
#[cfg(feature = "export")]
mod xlsx;

#[cfg(feature = "export")]
pub use docx::{docx, png_size, FigurePng};
pub use markdown::markdown;
#[cfg(feature = "export")]
pub use xlsx::xlsx;

use crate::present::Table;

/// One table as CSV: UTF-8 with a byte-order mark (so Excel reads Korean
/// right), CRLF line ends, RFC 4180 quoting; caption, header rows, body,
/// footnotes, as [`Table::grid`] lays them out; a dataset's header and
/// records only ([`Table::csv_rows`]).
pub fn csv(table: &Table) -> String {
    let mut out = String::from('\u{FEFF}');
    for row in table.csv_texts() {
        for (i, text) in row.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            quote(text, &mut out);
        }
        out.push_str("\r\n");
    }
    out
}

/// Writes `text` as one CSV field: quoted, its quotes doubled, when it
/// holds a comma, a quote or a line break.
fn quote(text: &str, out: &mut String) {
    if text.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// The file name of a table's CSV (`lenalyze-table2.csv`).
pub fn csv_name(table: &Table) -> String {
    format!("lenalyze-{}.csv", table.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::model::{Cell, Group};

    #[test]
    fn csv_quotes_and_keeps_spans_in_place() {
        let t = Table {
            id: "t",
            short: "T".into(),
            caption: "Caption, with comma".into(),
            head: vec![vec![Cell::head("A"), Cell::head("B").cols(2)]],
            groups: vec![Group {
                label: Some("G".into()),
                key: None,
                rows: vec![
                    vec![
                        Cell::label("x").rows(2),
                        Cell::count(1),
                        Cell::text("say \"hi\""),
                    ],
                    vec![Cell::count(2), Cell::user("=1+1")],
                ],
            }],
            footnotes: vec!["Note.".into()],
            wide: false,
            listing: false,
            dataset: false,
            truncated: None,
        };
        assert_eq!(
            csv(&t),
            "\u{FEFF}\"Caption, with comma\"\r\nA,B,\r\nG\r\nx,1,\"say \"\"hi\"\"\"\r\n,2,'=1+1\r\n\r\nNote.\r\n"
        );
    }
}
