//! The cells of a legacy XLS, counted from its BIFF records before calamine
//! reads them.
//!
//! Why: calamine 0.38 builds every sheet of an XLS as soon as it opens the
//! file (`Xls::new`), each as a dense rectangle over its used range, and a
//! failed allocation aborts; a 30 KB file with cells at far-apart places
//! made it ask for 25 GB (found by fuzzing). So the workbook stream
//! (`ingest::ole::workbook_stream`) is walked here record by record the way
//! calamine walks it (its `xls.rs`: `RecordIter`, `parse_workbook`), each
//! worksheet's used range and filled cells are counted, and
//! `ingest::budget` decides which sheets may be built. A sheet that may not
//! is hidden from calamine by changing two bytes in a copy of the file: the
//! type of the first record calamine reads for it becomes end-of-file, so
//! calamine sees an empty sheet. A `DIMENSIONS` record that would make
//! calamine reserve more cells than the sheet may span is changed to a
//! record type calamine ignores (it only sizes a reservation).
//!
//! The count errs on the large side: every record calamine turns into a
//! cell counts, even one calamine would then reject (which stops its whole
//! reading of the file anyway). A BIFF record is a little-endian u16 type,
//! a u16 length and that many bytes; a cell record begins with its row and
//! column as two u16 (MS-XLS 2.4).

use super::budget::{sheet_allowance, Budget, Footprint, Refusal};

mod sst;

/// BOF: starts a substream (the globals, a worksheet, an embedded chart).
const BOF: u16 = 0x0809;
/// EOF: ends a substream.
const EOF: u16 = 0x000A;
/// Continue: more data of the record before it.
const CONTINUE: u16 = 0x003C;
/// BoundSheet8: a sheet's name and where its substream starts.
const BOUND_SHEET: u16 = 0x0085;
/// Dimensions: the sheet's declared used range (calamine reserves it).
const DIMENSIONS: u16 = 0x0200;
/// Formula: a cell with a formula and its cached value.
const FORMULA: u16 = 0x0006;
/// String: the text value of the formula before it.
const STRING: u16 = 0x0207;
/// MulRk: numbers in consecutive columns of one row.
const MULRK: u16 = 0x00BD;
/// The records calamine 0.38 turns into one cell each, at the row and
/// column in their first four bytes: Number, Label, RString, BoolErr, Rk,
/// LabelSst. (It does not read Blank or MulBlank.)
const SINGLE_CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];
/// CodePage: the encoding of the workbook's text (1200 is UTF-16).
const CODE_PAGE: u16 = 0x0042;
/// SST: the workbook's shared strings, which LabelSst cells show.
const SST: u16 = 0x00FC;
/// LabelSst: a cell showing the shared string whose index it holds.
const LABEL_SST: u16 = 0x00FD;
/// A record type calamine ignores wherever it meets it, written over a
/// record calamine must not act on.
const IGNORED: u16 = 0x0000;
/// Passes of planning before giving up on a file whose patches keep
/// changing how its records line up (only a crafted file does that).
const MAX_PASSES: usize = 16;

/// One record, where calamine's record iterator yields it.
struct Record<'a> {
    /// Offset of the record's type in the stream.
    at: usize,
    typ: u16,
    data: &'a [u8],
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let b = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let b = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The records from `at` as calamine's `RecordIter` yields them: Continue
/// records after a record are taken with it. Ends at the stream's end or at
/// the first record calamine reports as cut short (where it stops reading
/// the whole file).
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = Record<'_>> {
    let mut at = Some(at);
    std::iter::from_fn(move || {
        let start = at.take()?;
        let rest = stream.get(start..)?;
        let typ = u16_at(rest, 0)?;
        let len = usize::from(u16_at(rest, 2)?);
        let data = rest.get(4..4 + len)?;
        let mut next = start + 4 + len;
        let follows = |p: usize| {
            let rest = stream.get(p..).unwrap_or_default();
            rest.len() > 4 && u16_at(rest, 0) == Some(CONTINUE)
        };
        while follows(next) {
            let len = usize::from(u16_at(stream, next + 2)?);
            if stream.len() < next + 4 + len {
                return None;
            }
            next += 4 + len;
        }
        at = Some(next);
        Some(Record {
            at: start,
            typ,
            data,
        })
    })
}

/// One sheet named in the workbook globals, as calamine will read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SheetScan {
    /// The sheet's name.
    pub name: String,
    /// Where calamine starts reading the sheet's records.
    pub start: usize,
    /// Its cells as calamine will build them.
    pub footprint: Footprint,
    /// Each `DIMENSIONS` record calamine acts on: where, and how many cells
    /// it makes calamine reserve.
    pub reservations: Vec<(usize, u64)>,
}

/// Scans the workbook stream: every sheet of the globals' `BoundSheet8`
/// records, in order, with the cells calamine will build for it.
pub(crate) fn scan(stream: &[u8]) -> Vec<SheetScan> {
    let mut biff8 = true;
    let mut bound = Vec::new();
    let mut utf16 = true;
    let mut shared = Vec::new();
    for r in records(stream, 0) {
        match r.typ {
            BOF => biff8 = u16_at(r.data, 0) == Some(0x0600),
            BOUND_SHEET => {
                if let Some(start) = u32_at(r.data, 0) {
                    bound.push((start as usize, sheet_name(r.data, biff8)));
                }
            }
            CODE_PAGE => utf16 = u16_at(r.data, 0) == Some(1200),
            SST => shared = sst::text_bounds(&sst::fragments(stream, &r), utf16),
            EOF => break,
            _ => {}
        }
    }
    bound
        .into_iter()
        .map(|(start, name)| scan_sheet(stream, start, name, &shared))
        .collect()
}

/// A `BoundSheet8` record's name (a short string from byte 6: a length
/// byte, in BIFF8 a flags byte whose low bit says two bytes a character,
/// then the characters), without NULs as calamine keeps it.
fn sheet_name(data: &[u8], biff8: bool) -> String {
    let Some(&count) = data.get(6) else {
        return String::new();
    };
    let count = usize::from(count);
    let wide = biff8 && data.get(7).is_some_and(|f| f & 1 == 1);
    let chars = data.get(if biff8 { 8 } else { 7 }..).unwrap_or_default();
    let name = if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(count)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(count).map(|&b| char::from(b)).collect()
    };
    name.replace('\0', "")
}

/// One sheet's records from `start`, as calamine's sheet loop reads them:
/// until the sheet's EOF, skipping nested substreams (embedded charts).
/// `shared` bounds the bytes of each shared string (`sst::text_bounds`),
/// counted in every cell that shows it.
fn scan_sheet(stream: &[u8], start: usize, name: String, shared: &[u64]) -> SheetScan {
    let mut footprint = Footprint::default();
    let mut reservations = Vec::new();
    let mut seen_bof = false;
    let mut depth = 0usize;
    // calamine's position of the last formula, where a String record's
    // text goes; (0, 0) before any formula.
    let mut formula_at = (0u32, 0u32);
    let row_col = |d: &[u8]| Some((u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?)));
    for r in records(stream, start) {
        if depth > 0 {
            match r.typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match r.typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                if let Some(cells) = reservation(r.data) {
                    reservations.push((r.at, cells));
                }
            }
            FORMULA => {
                if let Some((row, col)) = row_col(r.data) {
                    formula_at = (row, col);
                    footprint.add(row, col);
                }
            }
            STRING => footprint.add(formula_at.0, formula_at.1),
            MULRK => {
                let len = r.data.len();
                if let (Some((row, first)), true) = (row_col(r.data), len >= 6) {
                    let n = (len - 6) / 6;
                    if n > 0 && (len - 6) % 6 == 0 {
                        footprint.add_run(row, first, first + n as u32 - 1, n as u64);
                    }
                }
            }
            t if SINGLE_CELLS.contains(&t) => {
                if let Some((row, col)) = row_col(r.data) {
                    footprint.add(row, col);
                }
                // calamine copies the shared string into the cell.
                if t == LABEL_SST {
                    let text = u32_at(r.data, 6)
                        .and_then(|i| shared.get(i as usize))
                        .copied()
                        .unwrap_or(0);
                    footprint.add_text(text);
                }
            }
            _ => {}
        }
    }
    SheetScan {
        name,
        start,
        footprint,
        reservations,
    }
}

/// The cells a `DIMENSIONS` record makes calamine reserve, computed as
/// calamine 0.38's `parse_dimensions` and its caller do in a release build
/// (u32 arithmetic that wraps); `None` when calamine rejects the record.
fn reservation(d: &[u8]) -> Option<u64> {
    let (first_row, row_end, mut first_col, col_end) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0)?),
            u32::from(u16_at(d, 2)?),
            u32::from(u16_at(d, 4)?),
            u32::from(u16_at(d, 6)?),
        ),
        14 | 16 => (
            u32_at(d, 0)?,
            u32_at(d, 4)?,
            u32::from(u16_at(d, 8)?),
            u32::from(u16_at(d, 10)?),
        ),
        _ => return None,
    };
    if first_col > 0xFF || col_end < first_col {
        first_col = 0;
    }
    let (last_row, last_col) = if row_end >= 1 && col_end >= 1 {
        (row_end - 1, col_end - 1)
    } else {
        (first_row, first_col)
    };
    let rows = last_row.wrapping_sub(first_row).wrapping_add(1);
    let cols = last_col.wrapping_sub(first_col).wrapping_add(1);
    Some(u64::from(rows).saturating_mul(u64::from(cols)))
}

/// What to do with a workbook stream before calamine reads it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Sheets not to be read, by name, and why.
    pub refused: Vec<(String, Refusal)>,
    /// Record types to overwrite: the stream offset of the type, and the
    /// new type.
    pub patches: Vec<(usize, u16)>,
}

/// Decides which sheets calamine may build (see the module docs); the
/// patches, applied to the stream, leave every sheet calamine will read
/// within `ingest::budget`'s bound.
pub(crate) fn plan(stream: &[u8]) -> Plan {
    // Copied only once a record must change.
    let mut patched = std::borrow::Cow::Borrowed(stream);
    let mut plan = Plan::default();
    for _ in 0..MAX_PASSES {
        let mut budget = Budget::default();
        let mut new = Vec::new();
        for sheet in scan(&patched) {
            match budget.admit(&sheet.footprint) {
                Ok(()) => {
                    let allowed = sheet_allowance(sheet.footprint.filled);
                    new.extend(
                        sheet
                            .reservations
                            .iter()
                            .filter(|&&(_, cells)| cells > allowed)
                            .map(|&(at, _)| (at, IGNORED)),
                    );
                }
                Err(refusal) => {
                    if !plan.refused.iter().any(|(n, _)| *n == sheet.name) {
                        plan.refused.push((sheet.name.clone(), refusal));
                    }
                    new.push((sheet.start, EOF));
                }
            }
        }
        new.retain(|&(at, typ)| u16_at(&patched, at) != Some(typ));
        if new.is_empty() {
            return plan;
        }
        for &(at, typ) in &new {
            write_type(patched.to_mut(), at, typ);
        }
        plan.patches.extend(new);
    }
    // The patches keep moving how the records line up: end the globals at
    // their first record, so calamine reads no sheet at all.
    plan.patches.push((0, EOF));
    plan
}

/// Writes a record type into a stream (a sheet's start may lie past the
/// stream's end, where calamine reads nothing).
fn write_type(stream: &mut [u8], at: usize, typ: u16) {
    if let Some(b) = at.checked_add(2).and_then(|end| stream.get_mut(at..end)) {
        b.copy_from_slice(&typ.to_le_bytes());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ingest::budget::{Extent, WORKBOOK_CELL_LIMIT};

    /// One record: type, length, data.
    pub(crate) fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// A Number record (row, column, format, an f64).
    pub(crate) fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0, 0]);
        d.extend(1.5f64.to_le_bytes());
        rec(0x0203, &d)
    }

    fn bof() -> Vec<u8> {
        rec(BOF, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0])
    }

    /// A BIFF8 workbook stream: globals naming one sheet per body, then
    /// each sheet's substream (BOF, the body's records, EOF).
    pub(crate) fn workbook(sheets: &[(&str, Vec<u8>)]) -> Vec<u8> {
        workbook_with(&[], sheets)
    }

    /// A BIFF8 workbook stream whose globals also hold `globals` (records,
    /// such as a shared-string table) after the sheets' names.
    pub(crate) fn workbook_with(globals: &[u8], sheets: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let bound_len = |name: &str| 4 + 8 + name.len();
        let globals_len = bof().len()
            + sheets.iter().map(|(n, _)| bound_len(n)).sum::<usize>()
            + globals.len()
            + 4;
        let mut out = bof();
        let mut start = globals_len;
        let mut bodies = Vec::new();
        for (name, body) in sheets {
            let mut d = (start as u32).to_le_bytes().to_vec();
            d.extend([0, 0, name.len() as u8, 0]);
            d.extend(name.as_bytes());
            out.extend(rec(BOUND_SHEET, &d));
            let mut sub = bof();
            sub.extend(body);
            sub.extend(rec(EOF, &[]));
            start += sub.len();
            bodies.push(sub);
        }
        out.extend(globals);
        out.extend(rec(EOF, &[]));
        assert_eq!(out.len(), globals_len);
        bodies.into_iter().for_each(|b| out.extend(b));
        out
    }

    fn extent(top: u32, left: u32, bottom: u32, right: u32) -> Option<Extent> {
        Some(Extent {
            top,
            left,
            bottom,
            right,
        })
    }

    #[test]
    fn a_sheet_spans_its_cell_records() {
        let body = [number(2, 1), number(9, 4), number(5, 0)].concat();
        let scans = scan(&workbook(&[("patients", body)]));
        assert_eq!(scans.len(), 1);
        assert_eq!(scans[0].name, "patients");
        assert_eq!(scans[0].footprint.extent, extent(2, 0, 9, 4));
        assert_eq!(scans[0].footprint.filled, 3);
    }

    #[test]
    fn every_cell_record_calamine_reads_counts() {
        // MulRk: row 7, columns 3..=5 (three 6-byte RK values), last column.
        let mut mulrk = 7u16.to_le_bytes().to_vec();
        mulrk.extend(3u16.to_le_bytes());
        mulrk.extend([0u8; 18]);
        mulrk.extend(5u16.to_le_bytes());
        // Formula at (40, 2) whose text follows in a String record.
        let mut formula = 40u16.to_le_bytes().to_vec();
        formula.extend(2u16.to_le_bytes());
        formula.extend([0u8; 16]);
        let body = [
            rec(MULRK, &mulrk),
            rec(FORMULA, &formula),
            rec(STRING, &[0, 0]),
            // LabelSst, BoolErr, Rk, Label at their rows and columns.
            rec(0x00FD, &[1, 0, 9, 0, 0, 0, 0, 0, 0, 0]),
            rec(0x0205, &[3, 0, 1, 0, 0, 0, 1, 0]),
            rec(0x027E, &[0, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
            rec(0x0204, &[4, 0, 0, 1, 0, 0, 0, 0, 0]),
            // Blank (not read by calamine) far away does not count.
            rec(0x0201, &[0xFF, 0xFF, 0xFF, 0x00, 0, 0]),
        ]
        .concat();
        let s = &scan(&workbook(&[("s", body)]))[0];
        // Rows 1 (LabelSst) to 256 (Rk), columns 0 (Rk) to 256 (Label).
        assert_eq!(s.footprint.extent, extent(1, 0, 256, 256));
        // Three MulRk values, the formula and its string, four more.
        assert_eq!(s.footprint.filled, 3 + 2 + 4);
    }

    #[test]
    fn a_string_before_any_formula_lands_at_a1() {
        let body = [number(100, 100), rec(STRING, &[0, 0])].concat();
        let s = &scan(&workbook(&[("s", body)]))[0];
        assert_eq!(s.footprint.extent, extent(0, 0, 100, 100));
    }

    #[test]
    fn an_embedded_chart_and_what_follows_the_sheet_do_not_count() {
        let body = [
            number(0, 0),
            bof(),
            number(60_000, 200),
            rec(EOF, &[]),
            number(1, 1),
        ]
        .concat();
        let mut stream = workbook(&[("s", body)]);
        // Records after the sheet's EOF belong to no sheet.
        stream.extend(number(65_000, 255));
        let s = &scan(&stream)[0];
        assert_eq!(s.footprint.extent, extent(0, 0, 1, 1));
    }

    #[test]
    fn continue_records_belong_to_the_record_before_them() {
        // A Continue record whose data looks like a far Number record.
        let far = number(65_000, 255);
        let body = [number(0, 0), rec(CONTINUE, &far)].concat();
        let s = &scan(&workbook(&[("s", body)]))[0];
        assert_eq!(s.footprint.extent, extent(0, 0, 0, 0));
    }

    #[test]
    fn hostile_records_are_read_without_panicking() {
        // Cut short, a length past the end, a sheet starting past the end,
        // a MulRk of the wrong length, empty records.
        let mut stream = workbook(&[("s", [number(0, 0), rec(MULRK, &[1, 0, 0])].concat())]);
        stream.extend([0x03, 0x02, 0xFF, 0xFF, 1]);
        scan(&stream);
        for cut in 0..stream.len() {
            scan(&stream[..cut]);
        }
        let mut d = 1_000_000u32.to_le_bytes().to_vec();
        d.extend([0, 0, 1, 0, b'x']);
        let mut far = rec(BOF, &[0, 6]);
        far.extend(rec(BOUND_SHEET, &d));
        let s = scan(&far);
        assert_eq!(s[0].footprint, Footprint::default());
        assert_eq!(reservation(&[]), None);
        // A Dimensions record whose last row is before its first wraps as
        // in calamine's release build: 1 - 10 + 1 = 2^32 - 8 rows of one column.
        let mut dims = 10u32.to_le_bytes().to_vec();
        dims.extend(2u32.to_le_bytes());
        dims.extend([0, 0, 1, 0, 0, 0]);
        assert_eq!(reservation(&dims), Some((1u64 << 32) - 9 + 1));
    }

    #[test]
    fn the_far_cells_sheet_is_hidden_and_the_others_kept() {
        let far = [number(0, 0), number(59_999, 255)].concat();
        let stream = workbook(&[
            ("patients", [number(0, 0), number(31, 20)].concat()),
            ("notes", far),
        ]);
        let scans = scan(&stream);
        let plan = plan(&stream);
        assert_eq!(
            plan.refused,
            [("notes".to_string(), Refusal::Spread(scans[1].footprint))]
        );
        assert_eq!(plan.patches, [(scans[1].start, EOF)]);
        let mut patched = stream.clone();
        write_type(&mut patched, scans[1].start, EOF);
        let after = scan(&patched);
        assert_eq!(after[0].footprint, scans[0].footprint);
        assert_eq!(after[1].footprint, Footprint::default());
    }

    #[test]
    fn an_oversized_dimensions_record_is_neutralised_and_the_sheet_read() {
        // rows 0..65535, columns 0..255 declared; two cells filled.
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(65_536u32.to_le_bytes());
        dims.extend([0, 0, 0, 1, 0, 0]);
        let body = [rec(DIMENSIONS, &dims), number(0, 0), number(3, 3)].concat();
        let stream = workbook(&[("s", body)]);
        let s = &scan(&stream)[0];
        assert_eq!(s.reservations.len(), 1);
        assert_eq!(s.reservations[0].1, 65_536 * 256);
        let plan = plan(&stream);
        assert!(plan.refused.is_empty());
        assert_eq!(plan.patches, [(s.reservations[0].0, IGNORED)]);
    }

    #[test]
    fn sheets_past_the_workbook_limit_are_refused_in_order() {
        // Each sheet spans 2^20 cells (the floor): the 17th passes 2^24.
        let full = [number(0, 0), number(4095, 255)].concat();
        let names: Vec<String> = (0..18).map(|i| format!("s{i}")).collect();
        let sheets: Vec<(&str, Vec<u8>)> =
            names.iter().map(|n| (n.as_str(), full.clone())).collect();
        let plan = plan(&workbook(&sheets));
        assert_eq!(WORKBOOK_CELL_LIMIT, 16 << 20);
        assert_eq!(
            plan.refused,
            [
                ("s16".to_string(), Refusal::WorkbookFull { cells: 1 << 20 }),
                ("s17".to_string(), Refusal::WorkbookFull { cells: 1 << 20 })
            ]
        );
    }

    #[test]
    fn names_are_read_as_written() {
        // BIFF8 wide characters: "환자".
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend([0, 0, 2, 1]);
        for c in "환자".encode_utf16() {
            d.extend(c.to_le_bytes());
        }
        assert_eq!(sheet_name(&d, true), "환자");
        assert_eq!(
            sheet_name(&[0, 0, 0, 0, 0, 0, 3, b'a', 0, b'b'], false),
            "ab"
        );
        assert_eq!(sheet_name(&[0, 0], true), "");
    }

    /// An SST record holding one string of `chars` one-byte characters.
    fn sst_of_one(chars: u16) -> Vec<u8> {
        let mut d = [1u32.to_le_bytes(), 1u32.to_le_bytes()].concat();
        d.extend(chars.to_le_bytes());
        d.push(0);
        d.extend(std::iter::repeat_n(b'x', usize::from(chars)));
        rec(SST, &d)
    }

    /// `n` LabelSst cells down column A, each showing shared string 0.
    fn labels(n: u16) -> Vec<u8> {
        (0..n)
            .flat_map(|row| {
                let mut d = row.to_le_bytes().to_vec();
                d.extend([0, 0, 0, 0, 0, 0, 0, 0]);
                rec(LABEL_SST, &d)
            })
            .collect()
    }

    #[test]
    fn a_shared_string_counts_in_every_cell_that_shows_it() {
        // 8,000 characters, at most 3 bytes each once decoded from UTF-16
        // (the default code page): 24,000 bytes a cell. 11,000 cells hold
        // 264,000,000 bytes, under the 268,435,456 (256 MiB) a workbook
        // may hold; 12,000 hold 288,000,000, over it.
        let sst = sst_of_one(8_000);
        let fits = workbook_with(&sst, &[("notes", labels(11_000))]);
        let scans = scan(&fits);
        assert_eq!(scans[0].footprint.text, 264_000_000);
        assert_eq!(scans[0].footprint.filled, 11_000);
        assert_eq!(plan(&fits), Plan::default());
        let over = workbook_with(&sst, &[("patients", labels(3)), ("notes", labels(12_000))]);
        let plan = plan(&over);
        assert_eq!(
            plan.refused,
            [(
                "notes".to_string(),
                Refusal::TextFull { bytes: 288_000_000 }
            )]
        );
        assert_eq!(plan.patches.len(), 1);
        // A code page other than UTF-16 doubles the bound; an index past
        // the table counts nothing (calamine makes no cell of it).
        let cp1252 = [rec(CODE_PAGE, &1252u16.to_le_bytes()), sst].concat();
        let mut stray = labels(1);
        stray.extend(rec(LABEL_SST, &[1, 0, 0, 0, 0, 0, 9, 0, 0, 0]));
        let scans = scan(&workbook_with(&cp1252, &[("notes", stray)]));
        assert_eq!(scans[0].footprint.text, 48_000);
        assert_eq!(scans[0].footprint.filled, 2);
    }
}
