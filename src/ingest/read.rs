//! Bytes to sheets: format detection, text decoding, CSV dialects, workbooks.
//!
//! The format is decided by the file's first bytes, not its name: a `.csv`
//! that is really an XLSX (a common export mistake) is still read, and binary
//! junk is refused with a message instead of being parsed as text. Text is
//! decoded from a BOM when there is one, as UTF-16 when every other byte of
//! it is zero, as UTF-8 when it is valid, and otherwise by chardetng's guess
//! (which finds the Korean CP949/EUC-KR files many sites' Excel still
//! writes).
//!
//! UTF-8 and UTF-16 are decoded by the standard library in every build, the
//! way the WHATWG Encoding Standard says (each error one U+FFFD; a test
//! compares them with encoding_rs, which implements that standard). Any
//! other encoding needs the cargo feature `legacy-encodings` (chardetng and
//! encoding_rs): chardetng checks its CJK guesses by decoding with
//! encoding_rs, so even detecting CP949 carries the CJK index tables, and
//! the page's first-visit CSV build leaves them out. Without the feature
//! such a file is a located error ([`NotUnicode`]); the page's Worker asks
//! [`is_unicode`] first and sends such a file to the full build.

use super::csv_cells::CsvCells;
use super::sheet::Sheet;
use crate::diagnostics::{Diagnostics, Location};
use crate::text::{keys, Message};
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

/// Text in neither UTF-8 nor UTF-16, read by a build without the cargo
/// feature `legacy-encodings` (the page's CSV build), which cannot tell
/// which encoding it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUnicode;

/// Decodes text bytes: BOM, then UTF-16 without BOM (from its zero bytes),
/// then UTF-8, then chardetng's guess.
///
/// # Errors
/// [`NotUnicode`] when the text needs chardetng's guess and this build has
/// no `legacy-encodings`.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, NotUnicode> {
    if let Some((encoding, bom_len)) = Unicode::from_bom(bytes) {
        return Ok(encoding.decode(&bytes[bom_len..]));
    }
    // UTF-16 of ASCII text is valid UTF-8 (full of NULs), so it goes first.
    match Unicode::utf16_without_bom(bytes) {
        Some(encoding) => Ok(encoding.decode(bytes)),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Decoded {
                text: Cow::Borrowed(text),
                encoding: Unicode::Utf8.name(),
                had_errors: false,
            }),
            Err(_) => decode_legacy(bytes),
        },
    }
}

/// True when [`decode`] reads the bytes as UTF-8 or UTF-16 (a BOM, UTF-16's
/// zero bytes, or valid UTF-8), so every build reads them; false when they
/// need `legacy-encodings`. The page's Worker asks this of each text file
/// to choose the build that reads it.
pub fn is_unicode(bytes: &[u8]) -> bool {
    Unicode::from_bom(bytes).is_some()
        || Unicode::utf16_without_bom(bytes).is_some()
        || std::str::from_utf8(bytes).is_ok()
}

/// Text in no Unicode encoding: chardetng's guess, decoded by encoding_rs.
#[cfg(feature = "legacy-encodings")]
fn decode_legacy(bytes: &[u8]) -> Result<Decoded<'_>, NotUnicode> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        had_errors,
    })
}

/// Without `legacy-encodings` the encoding cannot even be told.
#[cfg(not(feature = "legacy-encodings"))]
fn decode_legacy(_bytes: &[u8]) -> Result<Decoded<'_>, NotUnicode> {
    Err(NotUnicode)
}

/// The Unicode encodings every build decodes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unicode {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Unicode {
    /// The name as the WHATWG standard (and encoding_rs) spells it: the
    /// report's `encoding` notes name it.
    fn name(self) -> &'static str {
        match self {
            Unicode::Utf8 => "UTF-8",
            Unicode::Utf16Le => "UTF-16LE",
            Unicode::Utf16Be => "UTF-16BE",
        }
    }

    /// The encoding a byte order mark names, and the mark's length.
    fn from_bom(bytes: &[u8]) -> Option<(Self, usize)> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            Some((Unicode::Utf8, 3))
        } else if bytes.starts_with(b"\xFF\xFE") {
            Some((Unicode::Utf16Le, 2))
        } else if bytes.starts_with(b"\xFE\xFF") {
            Some((Unicode::Utf16Be, 2))
        } else {
            None
        }
    }

    /// UTF-16 text without a BOM has a zero in every other byte of ASCII
    /// text.
    fn utf16_without_bom(bytes: &[u8]) -> Option<Self> {
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
            Some(Unicode::Utf16Le)
        } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 < pairs {
            Some(Unicode::Utf16Be)
        } else {
            None
        }
    }

    /// Decodes bytes after any BOM as the WHATWG decoder of this encoding
    /// does: every error is one U+FFFD.
    fn decode(self, bytes: &[u8]) -> Decoded<'_> {
        let (text, had_errors) = match self {
            // Rust replaces each maximal invalid subpart with one U+FFFD,
            // as the WHATWG UTF-8 decoder does.
            Unicode::Utf8 => {
                let text = String::from_utf8_lossy(bytes);
                let had_errors = matches!(text, Cow::Owned(_));
                (text, had_errors)
            }
            Unicode::Utf16Le => {
                let (text, had_errors) = decode_utf16(bytes, u16::from_le_bytes);
                (Cow::Owned(text), had_errors)
            }
            Unicode::Utf16Be => {
                let (text, had_errors) = decode_utf16(bytes, u16::from_be_bytes);
                (Cow::Owned(text), had_errors)
            }
        };
        Decoded {
            text,
            encoding: self.name(),
            had_errors,
        }
    }
}

/// UTF-16 as the WHATWG decoder reads it: an unpaired surrogate is one
/// U+FFFD (the unit after it is read again), and an odd last byte is one
/// more, except after a high surrogate at the very end: the standard's
/// decoder then reports the two as one error at the end of the input.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> (String, bool) {
    let pairs = bytes.chunks_exact(2);
    let odd_byte = !pairs.remainder().is_empty();
    let units = pairs.map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len());
    let mut had_errors = false;
    let mut last_unit = None;
    for c in char::decode_utf16(units.inspect(|&u| last_unit = Some(u))) {
        text.push(c.unwrap_or_else(|_| {
            had_errors = true;
            char::REPLACEMENT_CHARACTER
        }));
    }
    if odd_byte {
        had_errors = true;
        if !matches!(last_unit, Some(0xD800..=0xDBFF)) {
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    (text, had_errors)
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
    // Bytes, not chars: quotes, delimiters and newlines are ASCII, and no
    // byte of a multi-byte UTF-8 character equals an ASCII byte. Only the
    // quotes matter, so the reading jumps from one to the next (`find`
    // skips the bytes between them many at a time) instead of walking
    // every byte, and rows are counted only for the culprit.
    let bytes = text.as_bytes();
    let quote_from = |at: usize| {
        text.get(at..)
            .and_then(|rest| rest.find('"'))
            .map(|q| at + q)
    };
    let row_at = |offset: usize| {
        let newlines = bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        u32::try_from(newlines).map_or(u32::MAX, |n| n.saturating_add(1))
    };
    let mut first_malformed: Option<usize> = None;
    let mut at = 0;
    while let Some(open) = quote_from(at) {
        // A quote inside a field is text.
        let field_start =
            open == 0 || matches!(bytes[open - 1], b'\n') || bytes[open - 1] == delimiter;
        if !field_start {
            at = open + 1;
            continue;
        }
        // The closing quote: the next one not doubled (`""` is a quote).
        let mut from = open + 1;
        let close = loop {
            match quote_from(from) {
                Some(q) if bytes.get(q + 1) == Some(&b'"') => from = q + 2,
                Some(q) => break Some(q),
                None => break None,
            }
        };
        let Some(close) = close else {
            // Never closed: it runs to the end of the file.
            return Some(row_at(first_malformed.unwrap_or(open)));
        };
        // After the closing quote, only spaces before the delimiter or the
        // end of the line.
        let after = bytes[close + 1..]
            .iter()
            .position(|&c| !(matches!(c, b' ' | b'\t' | b'\r') && c != delimiter))
            .map_or(bytes.len(), |n| close + 1 + n);
        if bytes
            .get(after)
            .is_some_and(|&c| c != b'\n' && c != delimiter)
        {
            first_malformed.get_or_insert(after);
        }
        at = after;
    }
    first_malformed.map(row_at)
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
    let Ok(decoded) = decode(bytes) else {
        diags.error(
            "encoding-unsupported",
            at,
            Message::new(keys::DIAG_ENCODING_UNSUPPORTED),
        );
        return None;
    };
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

    /// "환자번호;병원;성별\nKR-01;서울대학교병원;여\n" in CP949/EUC-KR
    /// (Python: `s.encode("cp949")`).
    const CP949: &[u8] = b"\xC8\xAF\xC0\xDA\xB9\xF8\xC8\xA3;\xBA\xB4\xBF\xF8;\xBC\xBA\xBA\xB0\n\
        KR-01;\xBC\xAD\xBF\xEF\xB4\xEB\xC7\xD0\xB1\xB3\xBA\xB4\xBF\xF8;\xBF\xA9\n";

    #[test]
    fn encodings() {
        let decoded = |bytes: &[u8]| {
            let d = decode(bytes).expect("Unicode");
            (d.text.into_owned(), d.encoding, d.had_errors)
        };
        assert_eq!(decoded(b"\xEF\xBB\xBFid"), ("id".into(), "UTF-8", false));
        assert_eq!(decoded("id,é".as_bytes()), ("id,é".into(), "UTF-8", false));
        let utf16le: Vec<u8> = "\u{feff}id,site"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decoded(&utf16le), ("id,site".into(), "UTF-16LE", false));
        let utf16be: Vec<u8> = "\u{feff}id,site"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decoded(&utf16be), ("id,site".into(), "UTF-16BE", false));
        let nobom: Vec<u8> = "id,site\n1,2\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            decoded(&nobom),
            ("id,site\n1,2\n".into(), "UTF-16LE", false)
        );
        // A lone byte after a BOM: one replacement, as a browser shows it.
        assert_eq!(
            decoded(b"\xEF\xBB\xBFa\xFFb"),
            ("a\u{fffd}b".into(), "UTF-8", true)
        );
        for bytes in [
            &b"\xEF\xBB\xBFid"[..],
            &utf16le[..],
            &utf16be[..],
            &nobom[..],
            &b"id,site"[..],
        ] {
            assert!(is_unicode(bytes));
        }
        assert!(!is_unicode(CP949));
    }

    #[cfg(feature = "legacy-encodings")]
    #[test]
    fn legacy_encodings_are_detected_and_decoded() {
        let d = decode(CP949).expect("legacy-encodings");
        assert_eq!(d.encoding, "EUC-KR");
        assert_eq!(d.text, "환자번호;병원;성별\nKR-01;서울대학교병원;여\n");
        assert!(!d.had_errors);
    }

    #[cfg(not(feature = "legacy-encodings"))]
    #[test]
    fn legacy_encodings_are_a_located_error() {
        assert!(decode(CP949).is_err());
        let mut diags = Diagnostics::new();
        assert!(read_file("kr.csv", CP949, &mut diags).is_empty());
        let d = diags.iter().next().expect("a diagnostic");
        assert_eq!(
            (d.code, d.location.file.as_str()),
            ("encoding-unsupported", "kr.csv")
        );
    }

    /// Every byte string up to `len` bytes over `alphabet`, shortest first.
    #[cfg(feature = "legacy-encodings")]
    fn strings(alphabet: &[u8], len: usize) -> Vec<Vec<u8>> {
        let mut all = vec![Vec::new()];
        let mut last = vec![Vec::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| {
                    alphabet.iter().map(move |&b| {
                        let mut t: Vec<u8> = s.clone();
                        t.push(b);
                        t
                    })
                })
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// The standard library's UTF-8 and UTF-16 decoding (every build) is
    /// encoding_rs's (the WHATWG Encoding Standard's, the native build's
    /// until the CSV build left encoding_rs out), error for error: every
    /// string up to 6 bytes over the bytes that matter (ASCII, NUL,
    /// surrogate halves, lead, continuation and never-valid bytes), and
    /// pseudo-random longer ones.
    #[cfg(feature = "legacy-encodings")]
    #[test]
    fn unicode_decoding_is_encoding_rs_decoding() {
        let check = |bytes: &[u8]| {
            for (ours, theirs) in [
                (Unicode::Utf8, encoding_rs::UTF_8),
                (Unicode::Utf16Le, encoding_rs::UTF_16LE),
                (Unicode::Utf16Be, encoding_rs::UTF_16BE),
            ] {
                let d = ours.decode(bytes);
                let (text, had_errors) = theirs.decode_without_bom_handling(bytes);
                assert_eq!(
                    (&*d.text, d.encoding, d.had_errors),
                    (&*text, theirs.name(), had_errors),
                    "{ours:?} {bytes:02X?}"
                );
            }
            let ours = Unicode::from_bom(bytes).map(|(e, n)| (e.name(), n));
            let theirs = encoding_rs::Encoding::for_bom(bytes).map(|(e, n)| (e.name(), n));
            assert_eq!(ours, theirs, "{bytes:02X?}");
        };
        let utf16 = [0x00, 0x41, 0xD8, 0xDB, 0xDC, 0xDF, 0xFE, 0xFF];
        let utf8 = [
            0x41, 0x80, 0x8F, 0x9F, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5,
        ];
        for bytes in strings(&utf16, 6).iter().chain(&strings(&utf8, 5)) {
            check(bytes);
        }
        // xorshift32 (Marsaglia 2003): no clock, the same strings every run.
        let mut state: u32 = 2_463_534_242;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| utf16[(next() % 8) as usize] ^ (u8::from(next() % 4 == 0) * 0x80))
                .collect();
            check(&bytes);
            let bytes: Vec<u8> = (0..len).map(|_| (next() >> 24) as u8).collect();
            check(&bytes);
        }
    }

    /// The quote check as it read every byte (before it jumped from quote
    /// to quote): the reference the faster reading must agree with.
    fn byte_by_byte(text: &str, delimiter: u8) -> Option<u32> {
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

    #[test]
    fn quote_check_agrees_with_reading_every_byte() {
        // Every text of up to 6 bytes over the bytes that matter, and
        // longer pseudo-random ones (a linear congruential generator,
        // fixed seed).
        let alphabet = b"a,;\"\n\r \t";
        let check = |text: &[u8]| {
            let text = std::str::from_utf8(text).unwrap();
            for delimiter in [b',', b';', b'\t'] {
                assert_eq!(
                    unclosed_quote_row(text, delimiter),
                    byte_by_byte(text, delimiter),
                    "{text:?} {delimiter}"
                );
            }
        };
        let mut text = Vec::new();
        for len in 0..=6u32 {
            for mut n in 0..alphabet.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                check(&text);
            }
        }
        let mut state: u64 = 1;
        for _ in 0..20_000 {
            text.clear();
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            for _ in 0..(state >> 58) + 7 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                text.push(alphabet[(state >> 40) as usize % alphabet.len()]);
            }
            check(&text);
        }
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
