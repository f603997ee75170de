//! The site summary file: a versioned, checksummed JSON document holding a
//! site's tallies ([`AnalysisData`]) and the settings they were made with,
//! and nothing about any one patient (no rows, IDs or dates).
//!
//! The checksum is SHA-256 over the canonical JSON of every other field
//! (serde's field order, sorted maps, shortest round-trip floats), so a
//! summary edited after export no longer matches and is rejected; it is an
//! integrity check against accidents and casual edits, not a signature.

use crate::analysis::AnalysisData;
use crate::settings::Settings;
use crate::text::{keys, Message};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `format` field that marks a site summary.
pub const FORMAT: &str = "lenalyze-site-summary";

/// The version of the summary's shape; a summary of another version is
/// rejected rather than read differently.
pub const FORMAT_VERSION: u32 = 1;

/// Why a file cannot be pooled: a diagnostic code and the message.
#[derive(Debug, Clone)]
pub struct Rejection {
    /// The diagnostic's code (`pool-checksum`, …).
    pub code: &'static str,
    /// The message.
    pub message: Message,
}

/// A site's summary: what pooling needs from the site, and nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSummary {
    /// [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The Lenalyze version that made it; pooling needs the same version.
    pub lenalyze_version: String,
    /// The site's label (given at export, or the file name).
    pub site: String,
    /// SHA-256 over the SHA-256 of each input file, sorted: the same files
    /// exported twice (under any label) have the same fingerprint, and it
    /// tells nothing of the files' content.
    pub source: String,
    /// The settings of the site's analysis.
    pub settings: Settings,
    /// The tallies.
    pub data: AnalysisData,
    /// `sha256:` and the hex SHA-256 of the canonical JSON of the fields
    /// above.
    pub checksum: String,
}

/// The checksummed fields, borrowed, in the file's order.
#[derive(Serialize)]
struct Signed<'a> {
    format: &'a str,
    format_version: u32,
    lenalyze_version: &'a str,
    site: &'a str,
    source: &'a str,
    settings: &'a Settings,
    data: &'a AnalysisData,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl SiteSummary {
    /// A summary of a site's tallies made from `files`, with its checksum.
    pub fn new(
        site: &str,
        files: &[crate::InputFile],
        settings: &Settings,
        data: AnalysisData,
    ) -> SiteSummary {
        let mut hashes: Vec<String> = files.iter().map(|f| sha256_hex(&f.bytes)).collect();
        hashes.sort();
        let mut s = SiteSummary {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            lenalyze_version: crate::VERSION.to_string(),
            site: site.to_string(),
            source: sha256_hex(hashes.concat().as_bytes()),
            settings: settings.clone(),
            data,
            checksum: String::new(),
        };
        s.checksum = s.computed_checksum();
        s
    }

    /// The checksum the other fields call for (`sha256:` and hex); a
    /// summary is read only when its `checksum` is this. Public so the
    /// fuzz target `pool_summaries` can reach the pooling past it.
    pub fn computed_checksum(&self) -> String {
        let signed = Signed {
            format: &self.format,
            format_version: self.format_version,
            lenalyze_version: &self.lenalyze_version,
            site: &self.site,
            source: &self.source,
            settings: &self.settings,
            data: &self.data,
        };
        let canonical = serde_json::to_string(&signed).unwrap_or_default();
        format!("sha256:{}", sha256_hex(canonical.as_bytes()))
    }

    /// A fingerprint of the tallies alone (not the site's label), to catch
    /// the same data exported twice under two labels.
    pub fn content_fingerprint(&self) -> String {
        sha256_hex(
            serde_json::to_string(&self.data)
                .unwrap_or_default()
                .as_bytes(),
        )
    }

    /// The summary as JSON, pretty-printed with a trailing newline (floats
    /// written exactly: shortest round-trip digits, no rounding).
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }

    /// Reads and checks a summary: its format, format version, Lenalyze
    /// version and checksum.
    ///
    /// # Errors
    /// Why the file cannot be pooled, in a coordinator's words.
    pub fn read(bytes: &[u8]) -> Result<SiteSummary, Rejection> {
        let not_summary = || Rejection {
            code: "pool-not-a-summary",
            message: Message::new(keys::POOL_NOT_SUMMARY).with("format", FORMAT),
        };
        let text = std::str::from_utf8(bytes).map_err(|_| not_summary())?;
        let value: serde_json::Value =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|_| not_summary())?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(not_summary());
        }
        let found = value.get("format_version").and_then(|v| v.as_u64());
        if found != Some(u64::from(FORMAT_VERSION)) {
            return Err(Rejection {
                code: "pool-format-version",
                message: Message::new(keys::POOL_FORMAT_VERSION)
                    .with(
                        "found",
                        found.map_or_else(|| "?".to_string(), |v| v.to_string()),
                    )
                    .with("expected", FORMAT_VERSION),
            });
        }
        let version = value
            .get("lenalyze_version")
            .and_then(|v| v.as_str())
            .unwrap_or("?");
        if version != crate::VERSION {
            return Err(Rejection {
                code: "pool-lenalyze-version",
                message: Message::new(keys::POOL_LENALYZE_VERSION)
                    .with("found", version)
                    .with("expected", crate::VERSION),
            });
        }
        let unreadable = |detail: String| Rejection {
            code: "pool-unreadable",
            message: Message::new(keys::POOL_UNREADABLE).with(
                "detail",
                crate::diagnostics::cut_value(&detail).unwrap_or(detail.clone()),
            ),
        };
        let summary: SiteSummary =
            serde_json::from_value(value).map_err(|e| unreadable(e.to_string()))?;
        if summary.checksum != summary.computed_checksum() {
            return Err(Rejection {
                code: "pool-checksum",
                message: Message::new(keys::POOL_CHECKSUM),
            });
        }
        summary.settings.validate().map_err(unreadable)?;
        Ok(summary)
    }

    /// True when `bytes` look like a site summary (a JSON object whose
    /// `format` is [`FORMAT`]), whatever its version: how the page tells
    /// summaries from CRF files.
    pub fn sniff(bytes: &[u8]) -> bool {
        let head = &bytes[..bytes.len().min(4096)];
        let text = String::from_utf8_lossy(head);
        let object = text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{');
        object
            && (text.contains(&format!("\"format\": \"{FORMAT}\""))
                || text.contains(&format!("\"format\":\"{FORMAT}\"")))
    }
}
