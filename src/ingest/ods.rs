//! What calamine will build from an ODS, counted before it builds it.
//!
//! Why: calamine 0.38 builds every sheet of an OpenDocument spreadsheet
//! when it opens the file (`Ods::new` → `parse_content`), not when a sheet
//! is asked for, and it expands `table:number-rows-repeated` and
//! `table:number-columns-repeated` into real cells up to its own caps (2²⁰
//! rows, 2¹⁴ columns, 10⁸ cells: 3.2 GB). An 838-byte file
//! (`fuzz/regressions/ingest_workbook/calamine-ods-repeated-wide-row.ods`,
//! one row of 16,384 cells repeated 6,000 times) asks for 98 million cells,
//! and `<text:s text:c="N"/>` becomes N spaces of a cell's text with no cap
//! at all. An allocation failure aborts instead of returning an error.
//!
//! So before calamine sees an ODS, [`check`] streams its `content.xml`
//! through the same XML reader with the same settings and follows
//! calamine's reading event by event (its `parse_content`, `read_table`,
//! `read_row` and `get_datatype`, and the arithmetic of its `get_range`),
//! counting instead of building: the cells calamine pushes as it reads each
//! row (trailing empty cells are not pushed, a row stops at 2¹⁴ columns),
//! the data range and the formula range it then builds (rows expanded by
//! their repeats, from the first to the last non-empty row, the columns of
//! the outermost non-empty cells), and the text it clones into each of
//! them. Where the two could differ the count errs high: text is counted
//! at its raw length (entities only shrink), and an element calamine would
//! reject is counted as if read.
//!
//! The bound is `ingest::budget`'s: a sheet whose data (or formula) range
//! spans more than max(2²⁰, 64 × its filled cells) is refused with the
//! usual "filled cells as far apart as …" error; the cells calamine builds
//! for all sheets together, counted as above with each 32 bytes of text as
//! one more cell, may not pass 2²⁴; and one cell's text may not pass
//! [`CELL_TEXT_LIMIT`]. `content.xml` itself may unpack to at most
//! [`CONTENT_LIMIT`] bytes (a zip bomb is refused whole).
//!
//! A refused sheet is emptied in a copy of the file: a new zip with the
//! three parts calamine reads (`mimetype`, `META-INF/manifest.xml` copied
//! as it is, and `content.xml` with the bytes after the refused table's
//! start tag, through the end tag where calamine's `read_table` stops,
//! replaced by an end tag), so calamine reads the other sheets as it would
//! have read them in the original and sees the refused one empty, in its
//! place (as the XLS path hides a sheet from calamine).
//!
//! Two shapes would make calamine loop forever (the end of `content.xml`
//! inside a table but outside a row, or inside a comment annotation of a
//! text cell: its loops ignore the end of input there); such a file is a
//! damaged workbook.
//!
//! This runs outside `workbook::contained`, on hostile bytes: no indexing,
//! no unwrap, every count saturating.

use super::budget::{Budget, Refusal, CELL_TEXT_LIMIT};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::Reader as XmlReader;
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Cursor, Read};
use zip::read::ZipArchive;

/// The `mimetype` part of an OpenDocument spreadsheet, as calamine checks it.
const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// calamine's cap on a table's rows (`ods::MAX_ROWS`).
const MAX_ROWS: u64 = 1_048_576;

/// calamine's cap on a row's columns (`ods::MAX_COLUMNS`).
const MAX_COLUMNS: u64 = 16_384;

/// Bytes of text counted as one cell (a cell is 32 bytes in calamine).
const TEXT_BYTES_PER_CELL: u64 = 32;

/// `content.xml` may unpack to at most this many bytes: 512 MiB, about 4
/// million cells as LibreOffice writes them (~120 bytes of XML a cell),
/// more than a 64 MB file of real data holds; a tiny zip that inflates
/// to gigabytes is refused before anything is built from it.
pub(crate) const CONTENT_LIMIT: u64 = super::unpacked::PART_LIMIT;

/// What becomes of a zip before calamine reads it.
#[derive(Debug)]
pub(crate) enum Check<'a> {
    /// Not an OpenDocument spreadsheet (calamine reads it as XLSX/XLSB or
    /// rejects it).
    NotOds,
    /// calamine would never finish reading it.
    Damaged,
    /// Its `content.xml` unpacks to more than [`CONTENT_LIMIT`] bytes.
    ContentTooLarge,
    /// To be read: the bytes for calamine (the file itself, or a copy
    /// without the refused sheets; `None`: the copy could not be made, so
    /// nothing is read), and the sheets refused with why.
    Read {
        /// What calamine reads.
        bytes: Option<Cow<'a, [u8]>>,
        /// The sheets refused (cut out of the copy).
        refusals: Vec<(String, Refusal)>,
    },
}

/// Checks an ODS's sheets before calamine builds them; see the module docs.
pub(crate) fn check(bytes: &[u8]) -> Check<'_> {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return Check::NotOds;
    };
    if !is_ods(&mut zip) {
        return Check::NotOds;
    }
    let scan = match zip.by_name("content.xml") {
        Ok(part) => scan(part),
        // calamine says "content.xml not found", or its zip error.
        Err(_) => return Check::NotOds,
    };
    let scan = match scan {
        Ok(scan) => scan,
        Err(Stop::Hang) => return Check::Damaged,
        Err(Stop::TooLarge) => return Check::ContentTooLarge,
    };
    if scan.cuts.is_empty() {
        return Check::Read {
            bytes: Some(Cow::Borrowed(bytes)),
            refusals: scan.refusals,
        };
    }
    Check::Read {
        bytes: rewrite(&mut zip, &scan.cuts).map(Cow::Owned),
        refusals: scan.refusals,
    }
}

/// True when the zip's `mimetype` part starts as calamine's `Ods::new`
/// wants it (it reads 46 bytes and compares).
fn is_ods<R: Read + std::io::Seek>(zip: &mut ZipArchive<R>) -> bool {
    let Ok(part) = zip.by_name("mimetype") else {
        return false;
    };
    let mut head = Vec::with_capacity(MIMETYPE.len());
    let read = part.take(MIMETYPE.len() as u64).read_to_end(&mut head);
    read.is_ok() && head == MIMETYPE
}

/// Why the scan of `content.xml` stopped before its end.
#[derive(Debug)]
enum Stop {
    /// calamine would loop forever here.
    Hang,
    /// Past [`CONTENT_LIMIT`].
    TooLarge,
}

/// Where calamine stops reading (it returns an error): nothing further is
/// built, so counting stops too.
struct Halt;

/// The outcome of a scan: the byte ranges of `content.xml` to replace by
/// an end tag (the end `None`: to the end of the part), each the content of
/// a refused table, and the sheets refused.
struct Scan {
    cuts: Vec<(u64, Option<u64>)>,
    refusals: Vec<(String, Refusal)>,
}

/// A `BufRead` that counts the bytes its reader consumed, so a table's
/// place in the part is known even when a byte-order mark was skipped
/// (quick-xml's own position leaves it out).
struct Counted<R> {
    inner: R,
    consumed: u64,
    /// Bytes the part may unpack to ([`CONTENT_LIMIT`] but in tests).
    limit: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed = self.consumed.saturating_add(n as u64);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.consumed = self.consumed.saturating_add(amt as u64);
        self.inner.consume(amt);
    }
}

/// The XML reader as calamine configures it for `content.xml`.
type Xml<R> = XmlReader<Counted<BufReader<std::io::Take<R>>>>;

fn xml_reader<R: Read>(part: R, limit: u64) -> Xml<R> {
    let mut reader = XmlReader::from_reader(Counted {
        inner: BufReader::new(part.take(limit.saturating_add(1))),
        consumed: 0,
        limit,
    });
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    reader
}

/// Reads the next event; `Ok(None)` where calamine gets an error. Past
/// [`CONTENT_LIMIT`] the part is refused (its bytes are not read further).
fn next<'b, R: Read>(reader: &mut Xml<R>, buf: &'b mut Vec<u8>) -> Result<Option<Event<'b>>, Stop> {
    buf.clear();
    let event = reader.read_event_into(buf);
    if past_limit(reader) {
        return Err(Stop::TooLarge);
    }
    Ok(event.ok())
}

/// True once the part gave more bytes than it may.
fn past_limit<R>(reader: &Xml<R>) -> bool {
    let source = reader.get_ref();
    source.consumed > source.limit
}

/// The byte offset in the part just after the last event read, given the
/// length of the byte-order mark quick-xml skipped (its own position
/// leaves the mark out).
fn offset<R>(reader: &Xml<R>, bom: u64) -> u64 {
    reader.buffer_position().saturating_add(bom)
}

/// The length of the byte-order mark quick-xml will skip: it looks at the
/// first bytes its source's buffer holds, as here.
fn bom_length<R: Read>(reader: &mut Xml<R>) -> u64 {
    match reader.get_mut().inner.fill_buf() {
        Ok(head) => quick_xml::encoding::detect_encoding(head).map_or(0, |d| d.bom_len() as u64),
        Err(_) => 0,
    }
}

/// Follows calamine's `parse_content` over `content.xml`.
fn scan<R: Read>(part: R) -> Result<Scan, Stop> {
    scan_tables(part, CONTENT_LIMIT, &mut |_, _| {})
}

/// [`scan`] with the part's limit given, showing each table's counts to
/// `seen` (the tests compare them with what calamine builds).
fn scan_tables<R: Read>(
    part: R,
    limit: u64,
    seen: &mut dyn FnMut(&str, &Table),
) -> Result<Scan, Stop> {
    let mut reader = xml_reader(part, limit);
    let bom = bom_length(&mut reader);
    let mut buf = Vec::with_capacity(1024);
    let mut budget = Budget::default();
    let mut out = Scan {
        cuts: Vec::new(),
        refusals: Vec::new(),
    };
    while let Some(event) = next(&mut reader, &mut buf)? {
        match event {
            Event::Start(e) if e.name() == QName("table:table") => {
                // calamine reads a table only when it has a name.
                let Some(name) = attr(&e, "table:name").map(|v| decoded(v).to_string()) else {
                    continue;
                };
                // A refused table keeps its start tag and loses the rest.
                let start = offset(&reader, bom);
                let mut table = Table::default();
                let read = read_table(&mut reader, &mut table);
                let end = match read {
                    Ok(Ok(())) => Some(offset(&reader, bom)),
                    // calamine stops here with an error: what it built of
                    // this table is decided, and a refused table is cut
                    // to the end of the part (nothing after it is read).
                    Ok(Err(Halt)) => None,
                    Err(stop) => return Err(stop),
                };
                seen(&name, &table);
                if let Some(refusal) = table.decide(&mut budget) {
                    out.cuts.push((start, end));
                    out.refusals.push((name, refusal));
                }
                if end.is_none() {
                    break;
                }
            }
            Event::Start(e) if e.name() == QName("table:named-expressions") => {
                let halted = read_named_expressions(&mut reader)?.is_err();
                if halted {
                    break;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Follows calamine's `read_named_expressions`: it ends at the end tag and
/// fails on anything but a named range or expression.
fn read_named_expressions<R: Read>(reader: &mut Xml<R>) -> Result<Result<(), Halt>, Stop> {
    let mut buf = Vec::new();
    loop {
        match next(reader, &mut buf)? {
            Some(Event::Start(e))
                if e.name() == QName("table:named-range")
                    || e.name() == QName("table:named-expression") => {}
            Some(Event::End(e))
                if e.name() == QName("table:named-range")
                    || e.name() == QName("table:named-expression") => {}
            Some(Event::End(e)) if e.name() == QName("table:named-expressions") => {
                return Ok(Ok(()))
            }
            _ => return Ok(Err(Halt)),
        }
    }
}

/// Follows calamine's `read_table`: rows until the table's end tag,
/// everything else ignored. `Ok(Err(Halt))` where calamine fails.
fn read_table<R: Read>(reader: &mut Xml<R>, table: &mut Table) -> Result<Result<(), Halt>, Stop> {
    let mut buf = Vec::with_capacity(1024);
    loop {
        let Some(event) = next(reader, &mut buf)? else {
            return Ok(Err(Halt));
        };
        match event {
            Event::Start(e) if e.name() == QName("table:table-row") => {
                let Some(repeats) = count(&e, "table:number-rows-repeated", true) else {
                    return Ok(Err(Halt));
                };
                let capped = repeats.min(MAX_ROWS.saturating_sub(table.rows));
                let row_index = table.row_elements;
                let first_row = table.rows;
                table.rows = table.rows.saturating_add(capped);
                table.row_elements = table.row_elements.saturating_add(1);
                let (data, formulas) = match read_row(reader, table, first_row)? {
                    Ok(rows) => rows,
                    Err(Halt) => return Ok(Err(Halt)),
                };
                table.data.add_row(row_index, capped, data);
                table.formulas.add_row(row_index, capped, formulas);
            }
            Event::End(e) if e.name() == QName("table:table") => return Ok(Ok(())),
            // calamine's loop ignores the end of input here, forever.
            Event::Eof => return Err(Stop::Hang),
            _ => {}
        }
    }
}

/// Follows calamine's `read_row`: cells until the row's end tag, anything
/// else an error. Empty cells are held back and pushed only before a
/// non-empty one (so trailing ones never are); a row stops at 2¹⁴ columns.
fn read_row<R: Read>(
    reader: &mut Xml<R>,
    table: &mut Table,
    row: u64,
) -> Result<Result<(RowTally, RowTally), Halt>, Stop> {
    let mut buf = Vec::with_capacity(1024);
    let mut data = RowTally::default();
    let mut formulas = RowTally::default();
    let mut width: u64 = 0;
    let mut held_empty: u64 = 0;
    loop {
        let Some(event) = next(reader, &mut buf)? else {
            return Ok(Err(Halt));
        };
        match event {
            Event::Start(e)
                if e.name() == QName("table:table-cell")
                    || e.name() == QName("table:covered-table-cell") =>
            {
                let e = e.into_owned();
                let Some(repeats) = count(&e, "table:number-columns-repeated", false) else {
                    return Ok(Err(Halt));
                };
                let cell = match read_cell(reader, &e)? {
                    Ok(cell) => cell,
                    Err(Halt) => return Ok(Err(Halt)),
                };
                let empty = held_empty.min(MAX_COLUMNS.saturating_sub(width));
                width = width.saturating_add(empty);
                table.pushed = table.pushed.saturating_add(empty);
                held_empty = 0;
                let longest = cell.data_text.max(cell.formula_text);
                if longest > CELL_TEXT_LIMIT && table.long_cell.is_none() {
                    table.long_cell = Some((row, width, longest));
                }
                let capped = repeats.min(MAX_COLUMNS.saturating_sub(width));
                if !cell.data && cell.formula_text == 0 {
                    held_empty = capped;
                } else {
                    let text = cell.data_text.saturating_add(cell.formula_text);
                    table.pushed = table.pushed.saturating_add(capped);
                    table.pushed_text = table
                        .pushed_text
                        .saturating_add(capped.saturating_mul(text));
                    if cell.data {
                        data.add(width, capped, cell.data_text);
                    }
                    if cell.formula_text > 0 {
                        formulas.add(width, capped, cell.formula_text);
                    }
                    width = width.saturating_add(capped);
                }
                if !cell.closed && reader.read_to_end_into(e.name(), &mut buf).is_err() {
                    return Ok(Err(Halt));
                }
                if past_limit(reader) {
                    return Err(Stop::TooLarge);
                }
            }
            Event::End(e) if e.name() == QName("table:table-row") => {
                return Ok(Ok((data, formulas)))
            }
            _ => return Ok(Err(Halt)),
        }
    }
}

/// One cell as calamine's `get_datatype` reads it.
struct Cell {
    /// Its value is not `Data::Empty`.
    data: bool,
    /// Bytes of its value's text (a string, date or time), at most.
    data_text: u64,
    /// Bytes of its formula, at most.
    formula_text: u64,
    /// Its end tag was read (a text cell); otherwise calamine skips to it.
    closed: bool,
}

/// Follows calamine's `get_datatype`: the value from the first value
/// attribute, and for a text cell without one, the text of its paragraphs.
fn read_cell<R: Read>(reader: &mut Xml<R>, e: &BytesStart<'_>) -> Result<Result<Cell, Halt>, Stop> {
    let mut cell = Cell {
        data: false,
        data_text: 0,
        formula_text: 0,
        closed: false,
    };
    let mut is_string = false;
    let mut is_error = false;
    let mut value_set = false;
    let mut string_value_empty = false;
    for item in RawAttrs::new(e.attributes_raw()) {
        let Ok((key, value)) = item else {
            // calamine fails on a malformed attribute.
            return Ok(Err(Halt));
        };
        match key {
            "office:value" if !value_set => {
                value_set = true;
                cell.data = true;
            }
            "office:string-value" | "office:date-value" | "office:time-value" if !value_set => {
                value_set = true;
                cell.data = true;
                cell.data_text = value.len() as u64;
                string_value_empty = key == "office:string-value" && decoded(value).is_empty();
            }
            "office:boolean-value" if !value_set => {
                value_set = true;
                cell.data = true;
            }
            "office:value-type" if !value_set => is_string = value == "string",
            "calcext:value-type" => is_error = value == "error",
            "table:formula" => cell.formula_text = value.len() as u64,
            _ => {}
        }
    }
    if !((!value_set && is_string) || (is_error && string_value_empty)) {
        return Ok(Ok(cell));
    }
    cell.data = true;
    cell.data_text = 0;
    cell.closed = true;
    let mut first_paragraph = true;
    let mut buf = Vec::with_capacity(256);
    let add = |cell: &mut Cell, n: u64| cell.data_text = cell.data_text.saturating_add(n);
    loop {
        let Some(event) = next(reader, &mut buf)? else {
            return Ok(Err(Halt));
        };
        match event {
            // Line ends only shrink when normalised.
            Event::Text(t) => add(&mut cell, t.len() as u64),
            // A character is at most 4 bytes.
            Event::GeneralRef(_) => add(&mut cell, 4),
            Event::End(end)
                if end.name() == QName("table:table-cell")
                    || end.name() == QName("table:covered-table-cell") =>
            {
                return Ok(Ok(cell))
            }
            Event::Start(s) if s.name() == QName("office:annotation") => loop {
                match next(reader, &mut buf)? {
                    Some(Event::End(end)) if end.name() == QName("office:annotation") => break,
                    None => return Ok(Err(Halt)),
                    // calamine's loop ignores the end of input here, forever.
                    Some(Event::Eof) => return Err(Stop::Hang),
                    Some(_) => {}
                }
            },
            Event::Start(s) if s.name() == QName("text:p") => {
                if first_paragraph {
                    first_paragraph = false;
                } else {
                    add(&mut cell, 1);
                }
            }
            Event::Start(s) if s.name() == QName("text:s") => {
                let Some(spaces) = count(&s, "text:c", true) else {
                    return Ok(Err(Halt));
                };
                add(&mut cell, spaces);
            }
            Event::Start(s)
                if s.name() == QName("text:tab") || s.name() == QName("text:line-break") =>
            {
                add(&mut cell, 1)
            }
            Event::Eof => return Ok(Err(Halt)),
            _ => {}
        }
    }
}

/// A count attribute (`None` where calamine fails to read it; absent is
/// 1). calamine unescapes some before parsing them as a `usize` (64 bits
/// natively; a larger count fails there too, and in the page's 32-bit
/// WebAssembly calamine fails sooner, so counting in 64 bits errs high).
fn count(e: &BytesStart<'_>, key: &str, unescaped: bool) -> Option<u64> {
    let mut found = None;
    for item in RawAttrs::new(e.attributes_raw()) {
        let (k, v) = item.ok()?;
        if k == key {
            found = Some(v);
            break;
        }
    }
    let Some(v) = found else {
        return Some(1);
    };
    if unescaped {
        quick_xml::escape::unescape(v).ok()?.parse().ok()
    } else {
        v.parse().ok()
    }
}

/// An attribute's raw value, the first with that key (as calamine's
/// `raw_attr`; a malformed attribute before it reads as absent, where
/// calamine fails).
fn attr<'a>(e: &'a BytesStart<'_>, key: &str) -> Option<&'a str> {
    RawAttrs::new(e.attributes_raw())
        .map_while(Result::ok)
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// A raw attribute value with its entities replaced (as written if one is
/// unknown).
fn decoded(v: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::unescape(v).unwrap_or(std::borrow::Cow::Borrowed(v))
}

/// The attributes of a start tag as calamine 0.38 splits them (its
/// `attrs::RawAttrIter`): whitespace, a key up to `=` (trailing whitespace
/// trimmed), whitespace, then a value in single or double quotes up to the
/// same quote or the end. A key without `=`, or a value without a quote,
/// is malformed and ends the attributes.
struct RawAttrs<'a> {
    rest: &'a str,
}

impl<'a> RawAttrs<'a> {
    fn new(raw: &'a str) -> Self {
        RawAttrs { rest: raw }
    }
}

impl<'a> Iterator for RawAttrs<'a> {
    type Item = Result<(&'a str, &'a str), ()>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self
            .rest
            .trim_start_matches(|c: char| c.is_ascii_whitespace());
        if rest.is_empty() {
            self.rest = rest;
            return None;
        }
        let Some((key, after)) = rest.split_once('=') else {
            self.rest = "";
            return Some(Err(()));
        };
        let after = after.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let quote = match after.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => {
                self.rest = "";
                return Some(Err(()));
            }
        };
        let body = after.get(1..).unwrap_or("");
        let (value, rest) = body.split_once(quote).unwrap_or((body, ""));
        self.rest = rest;
        Some(Ok((
            key.trim_end_matches(|c: char| c.is_ascii_whitespace()),
            value,
        )))
    }
}

mod copy;
mod tally;
#[cfg(test)]
mod tests;

use copy::rewrite;
use tally::{RowTally, Table};
