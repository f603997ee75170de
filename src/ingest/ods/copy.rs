//! The copy of an ODS that calamine reads when a sheet is refused.

use super::{CONTENT_LIMIT, MIMETYPE};
use std::io::{Cursor, Read, Write};
use zip::read::ZipArchive;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A copy of the ODS for calamine: `mimetype`, `META-INF/manifest.xml` and
/// `content.xml` with each cut byte range replaced by `</table:table>`, so
/// a refused table is an empty sheet in its place (the only parts calamine
/// reads; `meta.xml`'s properties are not used here). `None` if a part
/// cannot be read again or written.
pub(super) fn rewrite<R: Read + std::io::Seek>(
    zip: &mut ZipArchive<R>,
    cuts: &[(u64, Option<u64>)],
) -> Option<Vec<u8>> {
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    out.start_file("mimetype", stored).ok()?;
    out.write_all(MIMETYPE).ok()?;
    // calamine fails without a manifest: so does the copy.
    if let Ok(manifest) = zip.by_name("META-INF/manifest.xml") {
        out.raw_copy_file(manifest).ok()?;
    }
    out.start_file("content.xml", deflated).ok()?;
    let part = zip.by_name("content.xml").ok()?;
    let mut part = part.take(CONTENT_LIMIT);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut at: u64 = 0;
    loop {
        let n = part.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        let piece = chunk.get(..n)?;
        let end = at.saturating_add(n as u64);
        // Keep the bytes of this piece outside every cut.
        let mut from = at;
        for &(cut_start, cut_end) in cuts {
            let cut_end = cut_end.unwrap_or(u64::MAX);
            if cut_end <= from || cut_start >= end {
                continue;
            }
            if cut_start >= from {
                out.write_all(slice(piece, at, from, cut_start)?).ok()?;
                out.write_all(b"</table:table>").ok()?;
            }
            from = from.max(cut_end);
        }
        if from < end {
            out.write_all(slice(piece, at, from, end)?).ok()?;
        }
        at = end;
    }
    out.finish().ok().map(Cursor::into_inner)
}

/// The bytes `from..to` of the part, from a piece that starts at `at`.
fn slice(piece: &[u8], at: u64, from: u64, to: u64) -> Option<&[u8]> {
    let a = usize::try_from(from.checked_sub(at)?).ok()?;
    let b = usize::try_from(to.checked_sub(at)?).ok()?;
    piece.get(a..b)
}
