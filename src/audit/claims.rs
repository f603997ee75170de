//! The claims file: a CSV with one printed figure per row.
//!
//! Columns (header row, any order, case-insensitive): `table`, `row`,
//! `column`, `printed` (required), `source` and `note` (optional). `table`
//! is a presentation table's id (`table2`), `row` and `column` the ids of
//! its row and column (`sex`, `p`; see `Cell::key`), `printed` the value as
//! the paper prints it (`0.038`, `<0.001`, `15 (41.9)`). A problem in the
//! file is a located diagnostic (file, row, column, value), never a panic;
//! the rows that can be read are checked.

use crate::diagnostics::{Diagnostics, Location};
use crate::ingest::read::{decode, detect_delimiter};
use crate::text::{keys, Message};

/// One printed figure to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Row of the claims file (the header is row 1).
    pub line: u32,
    /// Presentation table id.
    pub table: String,
    /// Row id within the table.
    pub row: String,
    /// Column id within the table.
    pub column: String,
    /// The value as printed.
    pub printed: String,
    /// Where the paper prints it ("Table 2", "Results").
    pub source: String,
    /// The reader's note.
    pub note: String,
}

const REQUIRED: [&str; 4] = ["table", "row", "column", "printed"];
const OPTIONAL: [&str; 2] = ["source", "note"];

/// Reads a claims file. Rows with a problem are left out with an error
/// diagnostic; blank rows are skipped.
pub fn parse(name: &str, bytes: &[u8], diags: &mut Diagnostics) -> Vec<Claim> {
    let at = |row: Option<u32>, column: Option<&str>, value: Option<&str>| Location {
        file: name.to_string(),
        row,
        column: column.map(str::to_string),
        value: value.map(str::to_string),
        ..Location::default()
    };
    let Ok(decoded) = decode(bytes) else {
        diags.error(
            "encoding-unsupported",
            at(None, None, None),
            Message::new(keys::DIAG_ENCODING_UNSUPPORTED),
        );
        return Vec::new();
    };
    let text = decoded.text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        diags.error(
            "claims-empty",
            at(None, None, None),
            Message::new(keys::DIAG_CLAIMS_EMPTY),
        );
        return Vec::new();
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        _ => {
            diags.error(
                "claims-unreadable",
                at(Some(1), None, None),
                Message::new(keys::DIAG_CLAIMS_UNREADABLE),
            );
            return Vec::new();
        }
    };
    let index = |name: &str| header.iter().position(|h| h == name);
    let mut missing = false;
    for column in REQUIRED {
        if index(column).is_none() {
            missing = true;
            diags.error(
                "claims-missing-column",
                at(Some(1), Some(column), None),
                Message::new(keys::DIAG_CLAIMS_MISSING_COLUMN).with("column", column),
            );
        }
    }
    for h in &header {
        if !h.is_empty() && !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()) {
            diags.warning(
                "claims-unknown-column",
                at(Some(1), Some(h), None),
                Message::new(keys::DIAG_CLAIMS_UNKNOWN_COLUMN).with("column", h),
            );
        }
    }
    if missing {
        return Vec::new();
    }
    let mut claims = Vec::new();
    let mut line = 1u32;
    for record in records {
        // The reader skips blank lines, so the row comes from its position.
        let position = match &record {
            Ok(r) => r.position(),
            Err(e) => e.position(),
        };
        line = position.map_or(line.saturating_add(1), |p| line_at(text, p.byte()));
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diags.error(
                    "claims-csv-syntax",
                    at(Some(line), None, None),
                    Message::new(keys::DIAG_CSV_SYNTAX).with("error", e),
                );
                break;
            }
        };
        let cell = |column: &str| {
            index(column)
                .and_then(|i| record.get(i))
                .map_or(String::new(), |v| v.trim().to_string())
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut complete = true;
        for column in REQUIRED {
            if cell(column).is_empty() {
                complete = false;
                diags.error(
                    "claims-empty-cell",
                    at(Some(line), Some(column), None),
                    Message::new(keys::DIAG_CLAIMS_EMPTY_CELL).with("column", column),
                );
            }
        }
        if complete {
            claims.push(Claim {
                line,
                table: cell("table"),
                row: cell("row"),
                column: cell("column"),
                printed: cell("printed"),
                source: cell("source"),
                note: cell("note"),
            });
        }
    }
    claims
}

/// The spreadsheet row of the record starting at byte `offset` (blank lines
/// before it, which the reader counts into the record, skipped).
fn line_at(text: &str, offset: u64) -> u32 {
    let bytes = text.as_bytes();
    let mut at = usize::try_from(offset)
        .unwrap_or(bytes.len())
        .min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    let newlines = bytes[..at].iter().filter(|&&b| b == b'\n').count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    #[test]
    fn reads_rows_and_locates_problems() {
        let text = "table,row,column,printed,note\n\
                    table2,sex,p,0.020,\n\
                    \n\
                    table2,,p,0.086,age\n\
                    table1;sex.male;n_percent;x\n\
                    table3,hematologic.lymphopenia,any,\"8 (25.8)\",grades sum to 11\n";
        let mut d = Diagnostics::new();
        let claims = parse("claims.csv", text.as_bytes(), &mut d);
        assert_eq!(claims.len(), 2);
        assert_eq!(claims[0].line, 2);
        assert_eq!(claims[1].printed, "8 (25.8)");
        assert_eq!(claims[1].line, 6);
        let errors: Vec<_> = d.iter().filter(|x| x.severity == Severity::Error).collect();
        // row 4 has no row id; row 5 is one cell (wrong delimiter): three
        // required cells empty
        assert_eq!(errors.len(), 4);
        assert_eq!(errors[0].location.row, Some(4));
        assert_eq!(errors[0].location.column.as_deref(), Some("row"));
        assert_eq!(errors[1].location.row, Some(5));
        assert_eq!(errors[0].location.file, "claims.csv");
    }

    #[test]
    fn a_missing_column_stops_with_an_error() {
        let mut d = Diagnostics::new();
        let claims = parse("c.csv", b"table,row,value\nx,y,1\n", &mut d);
        assert!(claims.is_empty());
        assert!(d.has_errors());
        let mut d = Diagnostics::new();
        assert!(parse("c.csv", b"", &mut d).is_empty());
        assert!(d.has_errors());
        let mut d = Diagnostics::new();
        assert!(parse("c.csv", &[0xff, 0xfe, 0x00], &mut d).is_empty());
    }
}
