//! Bytes to sheets: format detection, text decoding, CSV dialects, workbooks.
//!
//! The format is decided by the file's first bytes, not its name: a `.csv`
//! that is really an XLSX (a common export mistake) is still read, and binary
//! junk is refused with a message instead of being parsed as text. Text is
//! decoded from a BOM when there is one, as UTF-8 when it is valid, and
//! otherwise by chardetng's guess (which finds the Korean CP949/EUC-KR files
//! many sites' Excel still writes).

use super::csv_cells::CsvCells;
use super::sheet::Sheet;
use crate::diagnostics::{Diagnostics, Location};
use crate::text::{keys, Message};
use encoding_rs::Encoding;
use std::borrow::Cow;

/// The container format of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text.
    Text,
    /// XLSX or ODS (a zip archive).
    Zip,
    /// Legacy XLS (an OLE compound file).
    Ole,
}

/// Decides the format from magic bytes.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        Format::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Format::Ole
    } else {
        Format::Text
    }
}

/// Reads every sheet of one file. Problems go to `diags`; an unreadable file
/// yields no sheets and an error.
pub fn read_file(name: &str, bytes: &[u8], diags: &mut Diagnostics) -> Vec<Sheet> {
    let at = Location {
        file: name.to_string(),
        ..Location::default()
    };
    if bytes.is_empty() {
        diags.error("empty-file", at, Message::new(keys::DIAG_EMPTY_FILE));
        return Vec::new();
    }
    match sniff(bytes) {
        Format::Zip | Format::Ole => read_workbook(name, bytes, diags),
        Format::Text => read_text(name, bytes, diags).into_iter().collect(),
    }
}

#[cfg(feature = "workbook")]
fn read_workbook(name: &str, bytes: &[u8], diags: &mut Diagnostics) -> Vec<Sheet> {
    super::workbook::read(name, bytes, diags)
}

#[cfg(not(feature = "workbook"))]
fn read_workbook(name: &str, _bytes: &[u8], diags: &mut Diagnostics) -> Vec<Sheet> {
    diags.error(
        "workbook-support-missing",
        Location {
            file: name.to_string(),
            ..Location::default()
        },
        Message::new(keys::DIAG_WORKBOOK_SUPPORT_MISSING),
    );
    Vec::new()
}

/// Decoded text and the encoding it was read with.
pub struct Decoded<'a> {
    /// The text: the input bytes themselves when they are UTF-8 (no copy of
    /// a file that may be hundreds of megabytes), else the decoded copy.
    pub text: Cow<'a, str>,
    /// Encoding name as the WHATWG standard spells it.
    pub encoding: &'static str,
    /// True when some bytes could not be decoded and were replaced.
    pub had_errors: bool,
}

/// Decodes text bytes: BOM, then UTF-16 without BOM (from its zero bytes),
/// then UTF-8, then chardetng's guess.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text,
            encoding: encoding.name(),
            had_errors,
        };
    }
    // UTF-16 of ASCII text is valid UTF-8 (full of NULs), so it goes first.
    let utf16 = utf16_without_bom(bytes);
    if let (None, Ok(text)) = (utf16, std::str::from_utf8(bytes)) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: "UTF-8",
            had_errors: false,
        };
    }
    let encoding = utf16.unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Allow)
    });
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding: encoding.name(),
        had_errors,
    }
}

/// UTF-16 text without a BOM has a zero in every other byte of ASCII text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// True when decoded text looks like binary data rather than a table.
fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(4096).collect();
    if sample.is_empty() {
        return false;
    }
    let control = sample
        .iter()
        .filter(|&&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffd}')
        .count();
    control * 20 > sample.len()
}

/// Picks the delimiter from the header line: the most frequent of comma,
/// semicolon and tab outside quotes.
pub fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut lines_seen = 0;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            '\n' if !in_quotes => {
                lines_seen += 1;
                if counts.iter().any(|&n| n > 0) || lines_seen > 20 {
                    break;
                }
            }
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    delimiters[best]
}

/// The row (1-based record number) of a quote that breaks the CSV, or
/// `None` when every quote is well placed. Quotes count only at the start of
/// a field, as in RFC 4180 and the csv crate, which reads both faults below
/// without an error. A stray quote at the start of a cell pairs with the next
/// real one and leaves a closing quote followed by more text
/// (`"MDS-MLD,Low,"46,XX…`), shifting every later cell of the row; the first
/// such row is the culprit. Otherwise a quote never closed runs to the end of
/// the file, swallowing every row after it; its row is the culprit.
fn unclosed_quote_row(text: &str, delimiter: u8) -> Option<u32> {
    if !text.contains('"') {
        return None;
    }
    // Bytes, not chars: quotes, delimiters and newlines are ASCII, and no
    // byte of a multi-byte UTF-8 character equals an ASCII byte.
    let mut row: u32 = 1;
    let mut in_quotes = false;
    let mut opened_at = 1;
    let mut field_start = true;
    let mut just_closed = false;
    let mut first_malformed: Option<u32> = None;
    let mut bytes = text.bytes().peekable();
    while let Some(c) = bytes.next() {
        if in_quotes {
            match c {
                b'"' if bytes.peek() == Some(&b'"') => {
                    bytes.next();
                }
                b'"' => {
                    in_quotes = false;
                    just_closed = true;
                }
                b'\n' => row = row.saturating_add(1),
                _ => {}
            }
            continue;
        }
        if just_closed && matches!(c, b' ' | b'\t' | b'\r') && c != delimiter {
            continue;
        }
        if just_closed && c != b'\n' && c != delimiter {
            first_malformed.get_or_insert(row);
        }
        just_closed = false;
        match c {
            b'"' if field_start => {
                in_quotes = true;
                opened_at = row;
                field_start = false;
            }
            b'\n' => {
                row = row.saturating_add(1);
                field_start = true;
            }
            c if c == delimiter => field_start = true,
            _ => field_start = false,
        }
    }
    first_malformed.or(in_quotes.then_some(opened_at))
}

/// The empty lines at a byte offset of the text, which the csv crate skips
/// before the record there: `\n`, `\r\n` and a lone `\r` each end one.
fn empty_lines_at(text: &[u8], start: u64) -> u64 {
    let Ok(mut start) = usize::try_from(start) else {
        return 0;
    };
    // The reader stops after the `\r` of a `\r\n` ending the last row.
    if start > 0 && text.get(start - 1) == Some(&b'\r') && text.get(start) == Some(&b'\n') {
        start += 1;
    }
    let rest = text.get(start..).unwrap_or_default();
    let mut lines = 0;
    let mut bytes = rest.iter().peekable();
    while let Some(&b) = bytes.next() {
        match b {
            b'\n' => lines += 1,
            b'\r' => {
                bytes.next_if_eq(&&b'\n');
                lines += 1;
            }
            _ => break,
        }
    }
    lines
}

fn read_text(name: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<Sheet> {
    let at = Location {
        file: name.to_string(),
        ..Location::default()
    };
    let decoded = decode(bytes);
    if looks_binary(&decoded.text) {
        diags.error("not-a-table", at, Message::new(keys::DIAG_NOT_A_TABLE));
        return None;
    }
    if decoded.encoding != "UTF-8" {
        diags.info(
            "encoding",
            at.clone(),
            Message::new(keys::DIAG_ENCODING).with("encoding", decoded.encoding),
        );
    }
    if decoded.had_errors {
        diags.warning(
            "encoding-errors",
            at.clone(),
            Message::new(keys::DIAG_ENCODING_ERRORS).with("encoding", decoded.encoding),
        );
    }
    let delimiter = detect_delimiter(&decoded.text);
    // The csv crate reads a misplaced or unclosed quote without an error,
    // so cells would silently shift or rows run into one cell.
    if let Some(row) = unclosed_quote_row(&decoded.text, delimiter) {
        diags.error(
            "unclosed-quote",
            Location {
                row: Some(row),
                ..at
            },
            Message::new(keys::DIAG_UNCLOSED_QUOTE),
        );
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(decoded.text.as_bytes());
    let mut cells = CsvCells::with_size_hint(decoded.text.len());
    let mut record = csv::StringRecord::new();
    // The csv crate skips empty lines, but a spreadsheet shows each as an
    // empty row: they are counted (not stored), so the row numbers in
    // messages are the spreadsheet's.
    let text = decoded.text.as_bytes();
    loop {
        let start = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(true) => {
                cells.skip_empty_lines(empty_lines_at(text, start));
                if let Err(ragged) = cells.push(&record) {
                    diags.error(
                        "ragged-rows",
                        Location {
                            row: Some(u32::try_from(ragged.record).unwrap_or(u32::MAX)),
                            ..at.clone()
                        },
                        Message::new(keys::DIAG_RAGGED_ROWS),
                    );
                    return None;
                }
            }
            Ok(false) => break,
            Err(e) => {
                let row = e.position().map(|p| p.record() as u32 + 1);
                // The csv crate's own words: not in the catalogue.
                diags.error(
                    "csv-syntax",
                    Location { row, ..at.clone() },
                    Message::new(keys::DIAG_CSV_SYNTAX).with("error", e),
                );
                break;
            }
        }
    }
    if cells.finish().is_err() {
        diags.error(
            "file-too-large",
            at.clone(),
            Message::new(keys::DIAG_FILE_TOO_LARGE),
        );
        return None;
    }
    if cells.all_blank() {
        diags.error("empty-file", at, Message::new(keys::DIAG_NO_ROWS));
        return None;
    }
    Some(Sheet::from_csv(name, cells, delimiter != b','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(detect_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(detect_delimiter("\"a;x\",b,c\n"), b',');
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFid").text, "id");
        let utf16le: Vec<u8> = "\u{feff}id,site"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&utf16le).text, "id,site");
        let utf16be: Vec<u8> = "\u{feff}id,site"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&utf16be).text, "id,site");
        let nobom: Vec<u8> = "id,site\n1,2\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&nobom).text, "id,site\n1,2\n");
        let (cp949, _, _) =
            encoding_rs::EUC_KR.encode("환자번호;병원;성별\nKR-01;서울대학교병원;여\n");
        let d = decode(&cp949);
        assert_eq!(d.encoding, "EUC-KR");
        assert!(d.text.contains("서울대학교병원"));
    }

    #[test]
    fn unclosed_quotes() {
        assert_eq!(
            unclosed_quote_row("a,b\n\"1,2\"\n3,\"x\"\"y\"\n", b','),
            None
        );
        assert_eq!(unclosed_quote_row("a,b\n1,\"two\nlines\"\n", b','), None);
        assert_eq!(unclosed_quote_row("a,b\n1,\"2\n3,4\n", b','), Some(2));
        // A stray quote pairs with the next one; blame the stray's row.
        assert_eq!(
            unclosed_quote_row("a,b,c\n1,2,3\n\"MDS,\"1,2\",3\n", b','),
            Some(3)
        );
        assert_eq!(unclosed_quote_row("a,b\n\"x\" ,2\n", b','), None);
        assert_eq!(unclosed_quote_row("a;b\n5\" tall;2\n", b';'), None);
    }

    #[test]
    fn empty_lines_are_rows_as_a_spreadsheet_shows_them() {
        for text in [
            "\n\nid,sex\n1,F\n\n\n2,M\n\n",
            "\r\n\r\nid,sex\r\n1,F\r\n\r\n\r\n2,M\r\n\r\n",
            "\r\rid,sex\r1,F\r\r\r2,M\r\r",
        ] {
            let mut diags = Diagnostics::new();
            let sheets = read_file("t.csv", text.as_bytes(), &mut diags);
            let sheet = &sheets[0];
            assert_eq!(sheet.header, vec!["id", "sex"], "{text:?}");
            assert_eq!(sheet.header_row_number(), 3, "{text:?}");
            let ids: Vec<(u32, String)> = (0..sheet.n_rows())
                .map(|r| (sheet.row_number(r), sheet.cell(r, 0).display()))
                .collect();
            assert_eq!(ids, vec![(4, "1".into()), (7, "2".into())], "{text:?}");
        }
        // A quoted cell over two lines is one row.
        let mut diags = Diagnostics::new();
        let sheets = read_file("t.csv", b"id,note\n1,\"a\nb\"\n\n2,c\n", &mut diags);
        assert_eq!(sheets[0].row_number(1), 4);
        assert_eq!(sheets[0].cell(1, 0).display(), "2");
    }

    #[test]
    fn junk_is_refused() {
        let mut diags = Diagnostics::new();
        let junk: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(read_file("junk.csv", &junk, &mut diags).is_empty());
        assert!(diags.has_errors());
    }
}
