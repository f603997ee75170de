//! A legacy XLS file's compound-file structure, checked before calamine
//! reads it.
//!
//! Why: an XLS is an OLE compound file, a small file system whose streams
//! are chains of sectors linked through a table (the FAT). calamine 0.38
//! follows a chain until it ends or, for the directory, without any limit,
//! so a crafted 33 KB file whose directory chain loops back on itself made
//! it allocate until the machine ran out of memory (found by fuzzing,
//! `fuzz/regressions/ingest_workbook/calamine-cfb-cyclic-directory.xls`).
//! A chain in a sound file visits each sector once, so no chain can be
//! longer than the file: this module walks every chain calamine will walk,
//! the same way (MS-CFB; calamine's `cfb.rs`), and calls the file damaged
//! when one runs longer, points outside the table, or when a stream claims
//! more bytes than the file has. What calamine itself rejects cleanly
//! (a bad signature or sector size, a sector past the end) is left to it,
//! so its own message is kept.

/// The compound-file signature.
const SIGNATURE: &[u8; 8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Sector ids from here up are markers, not sectors (MS-CFB 2.1).
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
/// The marker of a DIFAT sector; ids below it in the DIFAT are FAT sectors.
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
/// The end of a chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Streams shorter than this live in the mini stream (MS-CFB 2.6.3), whose
/// chains are short by construction.
const MINI_STREAM_CUTOFF: usize = 4096;

/// What the structure check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Structure {
    /// Every chain ends within the file (or calamine rejects the file with
    /// its own message).
    Bounded,
    /// A chain loops or leaves the sector table, or a stream claims more
    /// bytes than the file has: reading it would not end, or would panic.
    Damaged,
}

/// The outcome of walking one chain.
enum Walk {
    /// It ended within the file.
    Ends,
    /// calamine reports an error of its own on it (a sector past the end).
    Rejected,
    /// It loops or leaves the table.
    Damaged,
}

/// The file as calamine sees it: sectors after the header, zeros past the
/// end (`workbook::ZeroTail`), `maxid` = file length / sector size.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    maxid: u32,
}

impl Sectors<'_> {
    /// The little-endian u32 words of a sector, zeros past the file's end.
    fn words(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let start = (id as usize).saturating_mul(self.size);
        (0..self.size / 4).map(move |i| {
            let at = start.saturating_add(i * 4);
            match self.data.get(at..at.saturating_add(4)) {
                Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
                None => 0,
            }
        })
    }

    /// The bytes of a sector, zeros past the file's end.
    fn bytes(&self, id: u32) -> Vec<u8> {
        let start = (id as usize).saturating_mul(self.size);
        let mut out = vec![0; self.size];
        if let Some(have) = self.data.get(start..) {
            let n = have.len().min(self.size);
            out[..n].copy_from_slice(&have[..n]);
        }
        out
    }

    /// Walks a chain as calamine's `get_chain` does (until the end marker
    /// or until `len` bytes are gathered), calling `visit` on each sector.
    fn walk(&self, fat: &[u32], start: u32, len: usize, mut visit: impl FnMut(u32)) -> Walk {
        let mut id = start;
        let mut gathered = 0usize;
        let mut steps = 0u64;
        while id != END_OF_CHAIN {
            if id > self.maxid {
                return Walk::Rejected;
            }
            steps += 1;
            if steps > u64::from(self.maxid) + 1 {
                return Walk::Damaged;
            }
            visit(id);
            gathered = gathered.saturating_add(self.size.min(len - gathered));
            if gathered >= len {
                break;
            }
            match fat.get(id as usize) {
                Some(&next) => id = next,
                None => return Walk::Damaged,
            }
        }
        Walk::Ends
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Checks the chains of a compound file (see the module docs).
pub(crate) fn check(file: &[u8]) -> Structure {
    use Structure::{Bounded, Damaged};
    if file.len() < 512 || &file[..8] != SIGNATURE {
        return Bounded;
    }
    let size: usize = match u16_at(file, 30) {
        9 => 512,
        12 => 4096,
        _ => return Bounded,
    };
    let sectors = Sectors {
        data: file.get(size..).unwrap_or_default(),
        size,
        maxid: u32::try_from(file.len() / size).unwrap_or(u32::MAX),
    };
    let dir_start = u32_at(file, 48);
    let mini_fat_start = u32_at(file, 60);
    let mini_fat_len = u32_at(file, 64) as usize;

    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors
    // whose last word is the next one (calamine bounds this walk itself).
    let mut difat: Vec<u32> = (0..109).map(|i| u32_at(file, 76 + 4 * i)).collect();
    let mut id = u32_at(file, 68);
    let mut steps = 0u64;
    while id < MAX_REGULAR_SECTOR {
        steps += 1;
        if steps > u64::from(sectors.maxid) + 1 || id > sectors.maxid {
            return Bounded;
        }
        difat.extend(sectors.words(id));
        match difat.pop() {
            Some(next) => id = next,
            None => return Bounded,
        }
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < DIFAT_SECTOR) {
        if id > sectors.maxid {
            return Bounded;
        }
        fat.extend(sectors.words(id));
    }

    // The directory: a chain read whole, 128 bytes an entry.
    let mut directory = Vec::new();
    match sectors.walk(&fat, dir_start, usize::MAX, |id| {
        directory.extend(sectors.bytes(id))
    }) {
        Walk::Ends => {}
        Walk::Rejected => return Bounded,
        Walk::Damaged => return Damaged,
    }
    let entries: Vec<(u32, u64)> = directory
        .chunks_exact(128)
        .map(|e| {
            let len = if size == 512 {
                u64::from(u32_at(e, 120))
            } else {
                u64::from(u32_at(e, 120)) | (u64::from(u32_at(e, 124)) << 32)
            };
            (u32_at(e, 116), len)
        })
        .collect();
    // No stream of a sound file is longer than the file.
    if entries.iter().any(|&(_, len)| len > file.len() as u64) {
        return Damaged;
    }
    let mut chains: Vec<(u32, usize)> = Vec::new();
    if let Some(&(root_start, root_len)) = entries.first() {
        if mini_fat_len > 0 {
            chains.push((root_start, root_len as usize));
            chains.push((mini_fat_start, mini_fat_len.saturating_mul(size)));
        }
    }
    chains.extend(
        entries
            .iter()
            .skip(1)
            .filter(|&&(_, len)| len as usize >= MINI_STREAM_CUTOFF)
            .map(|&(start, len)| (start, len as usize)),
    );
    for (start, len) in chains {
        if let Walk::Damaged = sectors.walk(&fat, start, len, |_| {}) {
            return Damaged;
        }
    }
    Bounded
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal version-3 compound file: header, one FAT sector (sector
    /// 0), one directory sector (sector 1) holding a root entry, and
    /// `extra` more sectors; `fat` gives the FAT's first entries.
    fn compound(fat: &[u32], dir_start: u32, root_len: u32, extra: usize) -> Vec<u8> {
        let mut f = vec![0u8; 512 * (3 + extra)];
        f[..8].copy_from_slice(SIGNATURE);
        f[26..28].copy_from_slice(&3u16.to_le_bytes());
        f[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        f[30..32].copy_from_slice(&9u16.to_le_bytes());
        f[32..34].copy_from_slice(&6u16.to_le_bytes());
        f[44..48].copy_from_slice(&1u32.to_le_bytes());
        f[48..52].copy_from_slice(&dir_start.to_le_bytes());
        f[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        f[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        // DIFAT: sector 0 is the FAT; the rest free.
        for i in 0..109 {
            let v = if i == 0 { 0 } else { 0xFFFF_FFFF };
            f[76 + 4 * i..80 + 4 * i].copy_from_slice(&u32::to_le_bytes(v));
        }
        // The FAT (sector 0 at offset 512): free unless given.
        for i in 0..128 {
            let v = fat.get(i).copied().unwrap_or(0xFFFF_FFFF);
            f[512 + 4 * i..516 + 4 * i].copy_from_slice(&v.to_le_bytes());
        }
        // The root entry (sector 1 at offset 1024).
        let root = 1024;
        for (i, c) in "Root Entry".encode_utf16().enumerate() {
            f[root + 2 * i..root + 2 * i + 2].copy_from_slice(&c.to_le_bytes());
        }
        f[root + 116..root + 120].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        f[root + 120..root + 124].copy_from_slice(&root_len.to_le_bytes());
        f
    }

    const FAT_SECTOR: u32 = 0xFFFF_FFFD;

    #[test]
    fn a_sound_file_is_bounded() {
        let f = compound(&[FAT_SECTOR, END_OF_CHAIN], 1, 0, 0);
        assert_eq!(check(&f), Structure::Bounded);
    }

    #[test]
    fn a_directory_chain_that_loops_is_damaged() {
        // Sector 1 → 2 → 1 → …: calamine would gather it forever.
        let f = compound(&[FAT_SECTOR, 2, 1], 1, 0, 1);
        assert_eq!(check(&f), Structure::Damaged);
        // A sector that points to itself, likewise.
        let f = compound(&[FAT_SECTOR, 1], 1, 0, 0);
        assert_eq!(check(&f), Structure::Damaged);
    }

    #[test]
    fn a_chain_leaving_the_table_is_damaged() {
        // Sector 1's next is 500, past the FAT's 128 entries but within
        // the file's sectors: calamine would index past its table.
        let f = compound(&[FAT_SECTOR, 500], 1, 0, 600);
        assert_eq!(check(&f), Structure::Damaged);
    }

    #[test]
    fn a_stream_longer_than_the_file_is_damaged() {
        let f = compound(&[FAT_SECTOR, END_OF_CHAIN], 1, 10_000_000, 0);
        assert_eq!(check(&f), Structure::Damaged);
    }

    #[test]
    fn what_calamine_rejects_itself_is_left_to_it() {
        // Not a compound file, a bad sector size, a chain past the end.
        assert_eq!(check(b"patient_id,sex\n"), Structure::Bounded);
        let mut f = compound(&[FAT_SECTOR, END_OF_CHAIN], 1, 0, 0);
        f[30] = 7;
        assert_eq!(check(&f), Structure::Bounded);
        let f = compound(&[FAT_SECTOR, 9_999], 1, 0, 0);
        assert_eq!(check(&f), Structure::Bounded);
    }
}
