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

/// The parts of a compound file that calamine reads before any stream.
struct Compound<'a> {
    file: &'a [u8],
    sectors: Sectors<'a>,
    fat: Vec<u32>,
    /// Each directory entry: its name (as calamine decodes it), first
    /// sector and length.
    entries: Vec<(String, u32, u64)>,
    mini_fat_start: u32,
    mini_fat_len: usize,
}

/// The header, DIFAT, FAT and directory of a compound file, read the way
/// calamine reads them; `Err` says what the whole-file check concludes
/// when they cannot be read (`Bounded`: calamine rejects the file itself).
fn parse(file: &[u8]) -> Result<Compound<'_>, Structure> {
    use Structure::{Bounded, Damaged};
    if file.len() < 512 || file.get(..8) != Some(&SIGNATURE[..]) {
        return Err(Bounded);
    }
    let size: usize = match u16_at(file, 30) {
        9 => 512,
        12 => 4096,
        _ => return Err(Bounded),
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
            return Err(Bounded);
        }
        difat.extend(sectors.words(id));
        match difat.pop() {
            Some(next) => id = next,
            None => return Err(Bounded),
        }
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < DIFAT_SECTOR) {
        if id > sectors.maxid {
            return Err(Bounded);
        }
        fat.extend(sectors.words(id));
    }

    // The directory: a chain read whole, 128 bytes an entry.
    let mut directory = Vec::new();
    match sectors.walk(&fat, dir_start, usize::MAX, |id| {
        directory.extend(sectors.bytes(id))
    }) {
        Walk::Ends => {}
        Walk::Rejected => return Err(Bounded),
        Walk::Damaged => return Err(Damaged),
    }
    let entries: Vec<(String, u32, u64)> = directory
        .chunks_exact(128)
        .map(|e| {
            let len = if size == 512 {
                u64::from(u32_at(e, 120))
            } else {
                u64::from(u32_at(e, 120)) | (u64::from(u32_at(e, 124)) << 32)
            };
            (entry_name(e), u32_at(e, 116), len)
        })
        .collect();
    // No stream of a sound file is longer than the file.
    if entries.iter().any(|&(_, _, len)| len > file.len() as u64) {
        return Err(Damaged);
    }
    Ok(Compound {
        file,
        sectors,
        fat,
        entries,
        mini_fat_start,
        mini_fat_len,
    })
}

/// A directory entry's name as calamine reads it: the first 64 bytes as
/// UTF-16LE, cut at the first NUL.
fn entry_name(entry: &[u8]) -> String {
    let units: Vec<u16> = entry
        .get(..64)
        .unwrap_or_default()
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect();
    let mut name = String::from_utf16_lossy(&units);
    if let Some(nul) = name.find('\0') {
        name.truncate(nul);
    }
    name
}

/// Checks the chains of a compound file (see the module docs).
pub(crate) fn check(file: &[u8]) -> Structure {
    use Structure::{Bounded, Damaged};
    let c = match parse(file) {
        Ok(c) => c,
        Err(verdict) => return verdict,
    };
    let mut chains: Vec<(u32, usize)> = Vec::new();
    if let Some(&(_, root_start, root_len)) = c.entries.first() {
        if c.mini_fat_len > 0 {
            chains.push((root_start, root_len as usize));
            chains.push((
                c.mini_fat_start,
                c.mini_fat_len.saturating_mul(c.sectors.size),
            ));
        }
    }
    chains.extend(
        c.entries
            .iter()
            .skip(1)
            .filter(|&&(_, _, len)| len as usize >= MINI_STREAM_CUTOFF)
            .map(|&(_, start, len)| (start, len as usize)),
    );
    for (start, len) in chains {
        if let Walk::Damaged = c.sectors.walk(&c.fat, start, len, |_| {}) {
            return Damaged;
        }
    }
    Bounded
}

/// One stream of a compound file as calamine gathers it, and where each of
/// its bytes lies in the file, so that a byte of the stream can be changed
/// in a copy of the file.
#[derive(Debug)]
pub(crate) struct Stream {
    /// The stream's bytes (zeros where a sector lies past the file's end).
    pub bytes: Vec<u8>,
    /// The file offset of each unit (sector or mini sector) of the stream.
    places: Vec<usize>,
    /// Bytes per unit: the sector size, or 64 in the mini stream.
    unit: usize,
}

impl Stream {
    /// Where byte `at` of the stream lies in the file (it may lie past the
    /// file's end, in the zeros calamine reads there).
    pub fn file_offset(&self, at: usize) -> Option<usize> {
        let place = *self.places.get(at / self.unit)?;
        place.checked_add(at % self.unit)
    }
}

/// What reading the workbook stream found.
#[derive(Debug)]
pub(crate) enum WorkbookStream {
    /// The `Workbook` (or `Book`) stream, as calamine will read it.
    Found(Stream),
    /// Calamine will not reach the stream (no such stream, or it rejects
    /// the file with its own message first).
    Absent,
    /// The stream's mini-stream chain leaves the mini stream, where
    /// calamine would read whatever bytes its reader happens to be at: no
    /// sound file does that, and what it reads cannot be known beforehand.
    Damaged,
}

/// Reads the stream calamine's XLS reader parses (`Workbook`, else `Book`,
/// the first entry of that name in any letter case), after [`check`] found
/// the file's chains bounded.
pub(crate) fn workbook_stream(file: &[u8]) -> WorkbookStream {
    let Ok(c) = parse(file) else {
        return WorkbookStream::Absent;
    };
    let mut outcome = WorkbookStream::Absent;
    for name in ["Workbook", "Book"] {
        let Some(&(_, start, len)) = c
            .entries
            .iter()
            .find(|(n, ..)| n.eq_ignore_ascii_case(name))
        else {
            continue;
        };
        let Ok(len) = usize::try_from(len) else {
            return WorkbookStream::Damaged;
        };
        outcome = if len < MINI_STREAM_CUTOFF {
            mini_stream(&c, start, len)
        } else {
            big_stream(&c, start, len)
        };
        if let WorkbookStream::Found(_) = outcome {
            return outcome;
        }
    }
    outcome
}

/// Where each sector of a big-sector chain lies, as calamine gathers it;
/// `None` when calamine rejects the chain itself.
fn chain_places(c: &Compound<'_>, start: u32, len: usize) -> Option<Vec<usize>> {
    let mut places = Vec::new();
    let header = c.sectors.size;
    match c.sectors.walk(&c.fat, start, len, |id| {
        places.push((id as usize).saturating_mul(header).saturating_add(header))
    }) {
        Walk::Ends => Some(places),
        Walk::Rejected | Walk::Damaged => None,
    }
}

/// The bytes at `places` (units of `unit` bytes), cut to `len`, zeros past
/// the file's end.
fn gather(file: &[u8], places: &[usize], unit: usize, len: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(len.min(places.len().saturating_mul(unit)));
    for &at in places {
        let take = unit.min(len - bytes.len());
        let have = file.get(at..).unwrap_or_default();
        let n = have.len().min(take);
        bytes.extend_from_slice(&have[..n]);
        bytes.resize(bytes.len() + (take - n), 0);
        if bytes.len() >= len {
            break;
        }
    }
    bytes
}

fn big_stream(c: &Compound<'_>, start: u32, len: usize) -> WorkbookStream {
    let Some(places) = chain_places(c, start, len) else {
        return WorkbookStream::Absent;
    };
    let bytes = gather(c.file, &places, c.sectors.size, len);
    WorkbookStream::Found(Stream {
        bytes,
        places,
        unit: c.sectors.size,
    })
}

fn mini_stream(c: &Compound<'_>, start: u32, len: usize) -> WorkbookStream {
    let size = c.sectors.size;
    // Without a mini FAT calamine's mini stream is empty, and it would
    // read a small stream from wherever its reader stands.
    let Some(&(_, root_start, root_len)) = c.entries.first() else {
        return WorkbookStream::Absent;
    };
    if c.mini_fat_len == 0 {
        return WorkbookStream::Damaged;
    }
    let (Some(root), Some(mini_fat_places)) = (
        chain_places(c, root_start, root_len as usize),
        chain_places(c, c.mini_fat_start, c.mini_fat_len.saturating_mul(size)),
    ) else {
        return WorkbookStream::Absent;
    };
    let root_len = (root_len as usize).min(root.len().saturating_mul(size));
    let mini_fat: Vec<u32> = gather(
        c.file,
        &mini_fat_places,
        size,
        c.mini_fat_len.saturating_mul(size),
    )
    .chunks_exact(4)
    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    .collect();
    // Walk the mini chain as calamine's `get_chain` does; each mini sector
    // must lie wholly inside the gathered mini stream.
    let mut places = Vec::new();
    let mut id = start;
    let mut gathered = 0usize;
    while id != END_OF_CHAIN {
        let Some(end) = (id as usize).checked_add(1).and_then(|n| n.checked_mul(64)) else {
            return WorkbookStream::Damaged;
        };
        if end > root_len {
            return WorkbookStream::Damaged;
        }
        let in_root = end - 64;
        let Some(&sector_place) = root.get(in_root / size) else {
            return WorkbookStream::Damaged;
        };
        places.push(sector_place + in_root % size);
        gathered += 64.min(len - gathered);
        if gathered >= len {
            break;
        }
        match mini_fat.get(id as usize) {
            Some(&next) => id = next,
            // calamine indexes past its mini FAT here (a panic, contained).
            None => return WorkbookStream::Absent,
        }
    }
    let bytes = gather(c.file, &places, 64, len);
    WorkbookStream::Found(Stream {
        bytes,
        places,
        unit: 64,
    })
}

#[cfg(test)]
pub(crate) mod tests {
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

    /// A compound file holding `stream` (at least 4096 bytes, so in
    /// regular sectors) as its `Workbook` stream, in sectors 2, 3, …
    pub(crate) fn with_workbook(stream: &[u8]) -> Vec<u8> {
        assert!(stream.len() >= MINI_STREAM_CUTOFF);
        let n = stream.len().div_ceil(512);
        let mut fat = vec![FAT_SECTOR, END_OF_CHAIN];
        fat.extend((3..=n as u32 + 1).chain([END_OF_CHAIN]));
        let mut f = compound(&fat, 1, 0, n);
        let entry = 1024 + 128;
        for (i, c) in "Workbook".encode_utf16().enumerate() {
            f[entry + 2 * i..entry + 2 * i + 2].copy_from_slice(&c.to_le_bytes());
        }
        f[entry + 64..entry + 66].copy_from_slice(&18u16.to_le_bytes());
        f[entry + 66] = 2;
        f[entry + 116..entry + 120].copy_from_slice(&2u32.to_le_bytes());
        f[entry + 120..entry + 124].copy_from_slice(&(stream.len() as u32).to_le_bytes());
        f[3 * 512..3 * 512 + stream.len()].copy_from_slice(stream);
        f
    }

    /// A compound file holding `stream` (under 4096 bytes) as its
    /// `Workbook` stream in the mini stream: mini sectors 0, 1, … chained
    /// in the mini FAT (sector 2), inside a root stream whose sectors are
    /// chained backwards (the last sector first), so that placing a byte
    /// must follow both chains.
    pub(crate) fn with_small_workbook(stream: &[u8]) -> Vec<u8> {
        assert!(stream.len() < MINI_STREAM_CUTOFF);
        let minis = stream.len().div_ceil(64).max(1);
        let k = (minis * 64).div_ceil(512);
        // Root sectors 3..3+k, chained from the last down to 3.
        let mut fat = vec![FAT_SECTOR, END_OF_CHAIN, END_OF_CHAIN, END_OF_CHAIN];
        fat.extend((4..3 + k as u32).map(|id| id - 1));
        let mut f = compound(&fat, 1, (k * 512) as u32, k + 1);
        f[60..64].copy_from_slice(&2u32.to_le_bytes());
        f[64..68].copy_from_slice(&1u32.to_le_bytes());
        let root_start = 2 + k as u32;
        f[1024 + 116..1024 + 120].copy_from_slice(&root_start.to_le_bytes());
        // The mini FAT (sector 2 at offset 1536).
        for i in 0..128 {
            let v = if i + 1 < minis {
                i as u32 + 1
            } else if i + 1 == minis {
                END_OF_CHAIN
            } else {
                0xFFFF_FFFF
            };
            f[1536 + 4 * i..1540 + 4 * i].copy_from_slice(&v.to_le_bytes());
        }
        let entry = 1024 + 128;
        for (i, c) in "Workbook".encode_utf16().enumerate() {
            f[entry + 2 * i..entry + 2 * i + 2].copy_from_slice(&c.to_le_bytes());
        }
        f[entry + 64..entry + 66].copy_from_slice(&18u16.to_le_bytes());
        f[entry + 66] = 2;
        f[entry + 116..entry + 120].copy_from_slice(&0u32.to_le_bytes());
        f[entry + 120..entry + 124].copy_from_slice(&(stream.len() as u32).to_le_bytes());
        // Mini sector m is at byte 64·m of the root stream, whose j-th
        // sector is file sector 2 + k − j.
        for (at, &b) in stream.iter().enumerate() {
            let j = at / 512;
            let sector = 2 + k - j;
            f[512 + sector * 512 + at % 512] = b;
        }
        f
    }

    #[test]
    fn a_small_workbook_stream_is_read_and_placed_through_the_mini_stream() {
        let stream: Vec<u8> = (0..1500u32).map(|i| (i % 253) as u8).collect();
        let file = with_small_workbook(&stream);
        assert_eq!(check(&file), Structure::Bounded);
        let WorkbookStream::Found(s) = workbook_stream(&file) else {
            panic!("no stream");
        };
        assert_eq!(s.bytes, stream);
        for (at, &b) in stream.iter().enumerate() {
            assert_eq!(s.file_offset(at).map(|o| file[o]), Some(b), "byte {at}");
        }
        // A mini sector past the mini stream: calamine would read on from
        // its reader, so the file is damaged.
        let mut past = file.clone();
        past[1536..1540].copy_from_slice(&500u32.to_le_bytes());
        assert!(matches!(workbook_stream(&past), WorkbookStream::Damaged));
    }

    #[test]
    fn the_workbook_stream_is_read_and_placed() {
        let stream: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
        let file = with_workbook(&stream);
        assert_eq!(check(&file), Structure::Bounded);
        let WorkbookStream::Found(s) = workbook_stream(&file) else {
            panic!("no stream");
        };
        assert_eq!(s.bytes, stream);
        for at in [0, 1, 511, 512, 4999] {
            assert_eq!(s.file_offset(at), Some(3 * 512 + at));
        }
        assert_eq!(s.file_offset(5120), None);
        // A stream under 4096 bytes lives in the mini stream; this file
        // has none, so calamine would read it from wherever it stands.
        let mut small = file.clone();
        small[1024 + 128 + 120..1024 + 128 + 124].copy_from_slice(&100u32.to_le_bytes());
        assert!(matches!(workbook_stream(&small), WorkbookStream::Damaged));
        // No stream of that name: left to calamine.
        let mut other = file;
        other[1024 + 128] = b'X';
        assert!(matches!(workbook_stream(&other), WorkbookStream::Absent));
    }

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
