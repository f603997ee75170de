//! How far a zipped workbook (XLSX, XLSB) unpacks, checked before calamine
//! opens it.
//!
//! Why: deflate packs up to about 1,000 to 1, so a 64 MB file can unpack
//! to 64 GB. calamine reads some parts of an XLSX whole at open (the shared
//! strings, the styles, the workbook and its relationships: memory as large
//! as the part) and streams the sheets (time: minutes of inflating, in the
//! page's Worker). Before calamine opens a zip, every part is inflated once
//! into nothing, counting its bytes, and stopped at the limit: a part past
//! [`PART_LIMIT`], or parts past [`TOTAL_LIMIT`] together, refuse the file
//! with a message that says so. (An ODS is checked by `ingest::ods`, which
//! reads its `content.xml` anyway, with the same part limit.)
//!
//! No indexing and no unwrap on the file's bytes: this runs outside
//! `workbook::contained`.

use std::io::{Cursor, Read};
use zip::read::ZipArchive;

/// One part may unpack to at most 512 MiB: a 10⁵-patient cohort's sheet
/// (about 6 million cells, some 200 MB of XLSX sheet XML) fits twice over.
pub(crate) const PART_LIMIT: u64 = 1 << 29;

/// All parts together may unpack to at most 1 GiB.
pub(crate) const TOTAL_LIMIT: u64 = 1 << 30;

/// The limit a part of the zip, or all its parts together, unpack past
/// ([`PART_LIMIT`] or [`TOTAL_LIMIT`]); `None` within both. A file that is
/// not a zip, or a part the zip reader cannot inflate, is left to calamine
/// (it reads with the same zip reader, and says what is wrong).
pub(crate) fn limit_passed(bytes: &[u8]) -> Option<u64> {
    passed(bytes, PART_LIMIT, TOTAL_LIMIT)
}

fn passed(bytes: &[u8], part_limit: u64, total_limit: u64) -> Option<u64> {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return None;
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        let mut counted = part.take(part_limit.saturating_add(1));
        let n = std::io::copy(&mut counted, &mut std::io::sink()).unwrap_or(0);
        total = total.saturating_add(n);
        if n > part_limit {
            return Some(part_limit);
        }
        if total > total_limit {
            return Some(total_limit);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    fn zip_of(parts: &[(&str, usize)]) -> Vec<u8> {
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, size) in parts {
            out.start_file(*name, options).unwrap();
            out.write_all(&vec![b' '; *size]).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_part_or_the_parts_past_their_limit_refuse_the_file() {
        // 1 MB of spaces deflates to about a kilobyte.
        let bomb = zip_of(&[("xl/sharedStrings.xml", 1 << 20)]);
        assert!(bomb.len() < 8 * 1024, "{}", bomb.len());
        assert_eq!(passed(&bomb, 1 << 19, 1 << 30), Some(1 << 19));
        assert_eq!(passed(&bomb, 1 << 20, 1 << 30), None);
        let many = zip_of(&[("a", 1 << 19), ("b", 1 << 19), ("c", 1)]);
        assert_eq!(passed(&many, 1 << 20, (1 << 20) + 1), None);
        assert_eq!(passed(&many, 1 << 20, 1 << 20), Some(1 << 20));
    }

    #[test]
    fn what_is_not_a_zip_is_left_to_calamine() {
        assert_eq!(limit_passed(b"PK\x03\x04 broken"), None);
        assert_eq!(limit_passed(b""), None);
    }

    #[test]
    fn the_demo_workbook_is_within_the_limits() {
        let demo = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/www/demo/lenalyze-demo.xlsx"
        ))
        .unwrap();
        assert_eq!(limit_passed(&demo), None);
    }
}
