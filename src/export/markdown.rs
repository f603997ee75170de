//! A section of the presentation as Markdown (pipe tables), for documents
//! kept in a repository: `docs/paper-reproduction.md` is the audit of the
//! paper's printed figures, written this way, never by hand.

use crate::present::model::{Block, Section, Table};

/// A section as Markdown: its title, then each table's caption, header,
/// body (a group label as a bold row) and footnotes; `preamble` (e.g. a
/// provenance line) goes first as an HTML comment.
pub fn markdown(section: &Section, preamble: &str) -> String {
    let mut out = String::new();
    if !preamble.is_empty() {
        out.push_str(&format!("<!-- {} -->\n\n", preamble.replace("--", "–")));
    }
    out.push_str(&format!("# {}\n", cell(&section.title)));
    for block in &section.blocks {
        if let Block::Table(t) = block {
            out.push('\n');
            table(t, &mut out);
        }
    }
    out
}

fn table(t: &Table, out: &mut String) {
    let width = t.width();
    out.push_str(&format!("**{}**\n\n", cell(&t.caption)));
    let grid = t.grid();
    // grid: caption, header rows, body, blank, footnotes
    let head_rows = t.head.len();
    let mut rows = grid.iter().skip(1);
    for (i, row) in rows.by_ref().take(head_rows).enumerate() {
        line(row, width, out);
        if i + 1 == head_rows {
            out.push('|');
            out.push_str(&"---|".repeat(width));
            out.push('\n');
        }
    }
    let mut notes = false;
    for row in rows {
        if row.is_empty() {
            notes = true;
            out.push('\n');
            continue;
        }
        if notes {
            out.push_str(&format!("{}\n\n", cell(&row[0])));
        } else if row.len() == 1 {
            let mut label = vec![format!("**{}**", cell(&row[0]))];
            label.resize(width, String::new());
            line(&label, width, out);
        } else {
            line(row, width, out);
        }
    }
    if !notes {
        out.push('\n');
    }
}

fn line(row: &[String], width: usize, out: &mut String) {
    out.push('|');
    for i in 0..width {
        out.push(' ');
        out.push_str(&cell(row.get(i).map_or("", String::as_str)));
        out.push_str(" |");
    }
    out.push('\n');
}

/// Text safe inside a pipe-table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::model::{Cell, Group};

    #[test]
    fn pipe_table_with_groups_and_notes() {
        let t = Table {
            id: "t",
            short: "T".into(),
            caption: "Caption".into(),
            head: vec![vec![Cell::head("A"), Cell::head("B|C")]],
            groups: vec![Group {
                label: Some("G".into()),
                key: None,
                rows: vec![vec![Cell::label("x"), Cell::count(1)]],
            }],
            footnotes: vec!["Note.".into()],
            wide: false,
            listing: false,
            dataset: false,
            truncated: None,
        };
        let s = Section {
            id: "s",
            title: "Title".into(),
            blocks: vec![Block::Table(t)],
        };
        assert_eq!(
            markdown(&s, "made -- here"),
            "<!-- made – here -->\n\n# Title\n\n**Caption**\n\n| A | B\\|C |\n|---|---|\n| **G** |  |\n| x | 1 |\n\nNote.\n\n"
        );
    }
}
