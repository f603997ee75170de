//! The shared strings of an XLS (its `SST` record), measured the way
//! calamine reads them, so the text a sheet's `LabelSst` cells will copy is
//! counted before calamine copies it.
//!
//! Why: calamine 0.38 gives every `LabelSst` cell its own copy of the
//! shared string it shows, while the file pays for the string once and a
//! few bytes per cell; a string of 65,535 characters shown in every cell of
//! a sheet makes a small file ask for gigabytes. Only each string's length
//! matters here, so the characters are skipped, not decoded; but the walk
//! must follow calamine's exactly (MS-XLS 2.4.265 `SST`, 2.5.293
//! `XLUnicodeRichExtendedString`, and calamine's `parse_sst`,
//! `read_rich_extended_string` and `read_dbcs`), or the strings after a
//! misread one would be measured at the wrong index.

use super::{u16_at, u32_at, Record, CONTINUE};

/// The record's data and the data of each `Continue` record after it, as
/// calamine's record iterator gathers them (stopping where it would report
/// a record cut short, which ends calamine's reading of the whole file).
pub(super) fn fragments<'a>(stream: &'a [u8], record: &Record<'a>) -> Vec<&'a [u8]> {
    let mut out = vec![record.data];
    let mut at = record.at + 4 + record.data.len();
    while stream.len() > at + 4 && u16_at(stream, at) == Some(CONTINUE) {
        let Some(len) = u16_at(stream, at + 2).map(usize::from) else {
            break;
        };
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            break;
        };
        out.push(data);
        at += 4 + len;
    }
    out
}

/// An upper bound on the UTF-8 bytes of each shared string, by index.
///
/// A string of `cch` characters becomes at most 3 bytes a character when
/// the workbook's code page is UTF-16 (1200, what Excel writes): each
/// UTF-16 unit, or a lone surrogate's replacement character, is at most 3
/// bytes of UTF-8, and a surrogate pair (4 bytes) is two characters. With
/// another code page calamine decodes the two bytes it keeps for each
/// character as that code page's text, at most 6 bytes a character.
///
/// Where calamine would stop with an error (which fails the whole file),
/// the strings measured so far are returned.
pub(super) fn text_bounds(fragments: &[&[u8]], utf16: bool) -> Vec<u64> {
    let per_char: u64 = if utf16 { 3 } else { 6 };
    let mut reader = Fragments {
        data: fragments.first().copied().unwrap_or_default(),
        rest: fragments.get(1..).unwrap_or_default(),
    };
    let mut out = Vec::new();
    // cstTotal and cstUnique.
    let Some(data) = reader.data.get(8..) else {
        return out;
    };
    reader.data = data;
    while !reader.data.is_empty() || reader.next_fragment() {
        match reader.string() {
            Some(chars) => out.push(chars as u64 * per_char),
            None => break,
        }
    }
    out
}

/// A position in a record's data and the `Continue` fragments after it.
struct Fragments<'a> {
    data: &'a [u8],
    rest: &'a [&'a [u8]],
}

impl Fragments<'_> {
    /// Moves to the next fragment; false when there is none.
    fn next_fragment(&mut self) -> bool {
        match self.rest.split_first() {
            Some((first, rest)) => {
                self.data = first;
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// Takes `n` bytes, across fragments.
    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.data.is_empty() && !self.next_fragment() {
                return None;
            }
            let take = n.min(self.data.len());
            self.data = &self.data[take..];
            n -= take;
        }
        Some(())
    }

    /// Reads one `XLUnicodeRichExtendedString` as calamine does and gives
    /// its characters; `None` where calamine fails.
    fn string(&mut self) -> Option<usize> {
        if self.data.is_empty() {
            // calamine reads an empty string here.
            return Some(0);
        }
        let cch = usize::from(u16_at(self.data, 0)?);
        let flags = *self.data.get(2)?;
        self.data = &self.data[3..];
        let mut runs = 0;
        if flags & 0x8 != 0 {
            runs = usize::from(u16_at(self.data, 0)?);
            self.data = &self.data[2..];
        }
        let mut ext = 0;
        if flags & 0x4 != 0 {
            // calamine reads it as i32 and casts: a negative length is a
            // huge skip, which fails.
            ext = usize::try_from(i32::from_le_bytes(u32_at(self.data, 0)?.to_le_bytes())).ok()?;
            self.data = &self.data[4..];
        }
        // The characters: one or two bytes each by the high-byte flag,
        // which each `Continue` fragment that they run into restates in
        // its first byte.
        let mut high = flags & 0x1 != 0;
        let mut left = cch;
        while left > 0 {
            let width = if high { 2 } else { 1 };
            let here = left.min(self.data.len() / width);
            self.data = &self.data[here * width..];
            left -= here;
            if left > 0 {
                if !self.next_fragment() {
                    return None;
                }
                high = self.data.first()? & 0x1 != 0;
                self.data = &self.data[1..];
            }
        }
        self.skip(runs.checked_mul(4)?)?;
        self.skip(ext)?;
        Some(cch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shared string as Excel writes it: `cch`, flags, characters.
    fn string(text: &str, high: bool) -> Vec<u8> {
        let mut out = (text.chars().count() as u16).to_le_bytes().to_vec();
        out.push(u8::from(high));
        if high {
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        } else {
            out.extend(text.bytes());
        }
        out
    }

    fn sst(strings: &[Vec<u8>]) -> Vec<u8> {
        let n = (strings.len() as u32).to_le_bytes();
        let mut out = [n, n].concat();
        for s in strings {
            out.extend(s);
        }
        out
    }

    #[test]
    fn each_string_is_measured_at_its_index() {
        let data = sst(&[string("yes", false), string("삼", true), string("", false)]);
        assert_eq!(text_bounds(&[&data], true), vec![9, 3, 0]);
        // Another code page: 6 bytes a character.
        assert_eq!(text_bounds(&[&data], false), vec![18, 6, 0]);
    }

    #[test]
    fn rich_runs_and_phonetic_blocks_are_skipped() {
        // "ab" with 2 format runs (8 bytes) and a 5-byte ExtRst, then "c".
        let mut rich = vec![2, 0, 0x0C, 2, 0, 5, 0, 0, 0, b'a', b'b'];
        rich.extend([0u8; 8 + 5]);
        let data = sst(&[rich, string("c", false)]);
        assert_eq!(text_bounds(&[&data], true), vec![6, 3]);
    }

    #[test]
    fn characters_run_on_into_continue_records_with_their_own_flag() {
        // "abcd" split after "ab"; the Continue restates the flag (wide),
        // so "cd" takes 4 bytes; then "e" in the same fragment.
        let mut first = sst(&[]);
        first.extend([4, 0, 0, b'a', b'b']);
        let mut second = vec![1, b'c', 0, b'd', 0];
        second.extend(string("e", false));
        assert_eq!(text_bounds(&[&first, &second], true), vec![12, 3]);
        // A string starting in a new fragment.
        let third = string("xyz", false);
        assert_eq!(
            text_bounds(&[&first, &second, &third], true),
            vec![12, 3, 9]
        );
    }

    #[test]
    fn hostile_tables_stop_without_panicking() {
        for data in [
            vec![],
            vec![0; 7],
            sst(&[vec![5, 0]]),
            sst(&[vec![5, 0, 0x08, 1]]),
            sst(&[vec![5, 0, 0x04, 0xFF, 0xFF, 0xFF, 0xFF]]),
            sst(&[vec![0xFF, 0xFF, 1, b'a']]),
        ] {
            let bounds = text_bounds(&[&data], true);
            assert!(bounds.len() <= 1, "{data:?}: {bounds:?}");
        }
        // The longest string a record can declare, cut short: not counted.
        let data = sst(&[vec![0xFF, 0xFF, 0]]);
        assert_eq!(text_bounds(&[&data, &[]], true), Vec::<u64>::new());
    }

    #[test]
    fn random_tables_never_panic_and_count_at_most_a_string_per_three_bytes() {
        // A fixed linear congruential generator (Knuth's MMIX constants):
        // 20,000 tables of random bytes split into random fragments.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for _ in 0..20_000 {
            let len = next() % 64;
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let cuts = next() % 4;
            let mut fragments: Vec<&[u8]> = Vec::new();
            let mut rest = &bytes[..];
            for _ in 0..cuts {
                let at = next() % (rest.len() + 1);
                fragments.push(&rest[..at]);
                rest = &rest[at..];
            }
            fragments.push(rest);
            let bounds = text_bounds(&fragments, next() % 2 == 0);
            // Each string but an empty fragment's takes at least 3 bytes.
            assert!(bounds.len() <= len / 3 + fragments.len(), "{fragments:?}");
        }
    }
}
