//! Pooling sites without moving patient rows.
//!
//! Each site analyses its own files and exports a [`SiteSummary`]: the
//! tallies every table is computed from ([`crate::analysis::AnalysisData`]:
//! counts, 2×2 tables, value→count histograms, co-moments, event and
//! censoring counts by day from start), the settings, the Lenalyze version
//! and a checksum, but no patient row, ID or date. The coordinating site
//! [`pool`]s the summaries: the tallies are merged and the same
//! `analysis::from_data` that builds every analysis builds the study's
//! report, in the same schema as `analyze`. So every pooled figure is the
//! figure of the concatenated files (counts equal; a mean or a Pearson r
//! within rounding of the order the sums are taken in), except the few that
//! need patients side by side: the patient listings (excluded patients by
//! ID and the like, which become counts by reason and by site), Spearman's
//! ρ (marked not available when pooling), and the derived values and
//! checks (per patient; left out with a note).
//!
//! Why the summaries are checked before anything is merged: a table pooled
//! from summaries made with different settings or versions, from a file
//! edited by hand, or with one site counted twice would look right and be
//! wrong. Each problem is a located diagnostic naming the summary file.

pub mod disclosure;
pub mod summary;

pub use disclosure::{small_cells, SmallCell};
pub use summary::SiteSummary;

use crate::analysis::tally::Merge;
use crate::diagnostics::{Diagnostics, Location};
use crate::ingest::{IngestSummary, InputFile};
use crate::report::{InputProvenance, Provenance, Report};
use crate::settings::Settings;
use crate::text::{keys, Message};

/// A site's own analysis and, when the analysis ran, its summary.
#[derive(Debug, Clone)]
pub struct Aggregated {
    /// The site's report, exactly as `analyze` gives it.
    pub report: Report,
    /// The summary to send; absent when the files have errors that stop
    /// the analysis.
    pub summary: Option<SiteSummary>,
}

/// Analyses a site's files and makes its summary, labelled `site` (when
/// blank, the first file's name without its extension).
pub fn aggregate(files: &[InputFile], settings: &Settings, site: &str) -> Aggregated {
    let (report, data) = crate::analyze_with_data(files, settings);
    let site = if site.trim().is_empty() {
        default_site_label(files)
    } else {
        site.trim().to_string()
    };
    Aggregated {
        summary: data.map(|d| SiteSummary::new(&site, files, settings, d)),
        report,
    }
}

/// The label of a site whose summary is not given one: the first file's
/// name without its extension.
pub fn default_site_label(files: &[InputFile]) -> String {
    files
        .first()
        .map(|f| {
            let name = f.name.rsplit(['/', '\\']).next().unwrap_or(&f.name);
            match name.rsplit_once('.') {
                Some((stem, _)) if !stem.is_empty() => stem.to_string(),
                _ => name.to_string(),
            }
        })
        .unwrap_or_default()
}

/// The setting that is the site's own choice and may differ across sites:
/// it decides what the site is warned about, not what is computed.
const SITE_ONLY_SETTINGS: [&str; 1] = ["disclosure_min_count"];

/// Every setting as `path = value` (JSON), in a fixed order.
fn flat_settings(s: &Settings) -> Vec<(String, String)> {
    fn walk(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, x) in map {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(x, &p, out);
                }
            }
            other => out.push((path.to_string(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::to_value(s) {
        walk(&v, "", &mut out);
    }
    out.retain(|(p, _)| !SITE_ONLY_SETTINGS.contains(&p.as_str()));
    out
}

/// The settings of `b` that differ from `a`, as `path: a → b`.
fn settings_differences(a: &Settings, b: &Settings) -> Vec<String> {
    let fa = flat_settings(a);
    let fb = flat_settings(b);
    fa.iter()
        .zip(&fb)
        .filter(|(x, y)| x != y)
        .map(|((path, va), (_, vb))| format!("{path}: {va} → {vb}"))
        .collect()
}

fn at(file: &str) -> Location {
    Location {
        file: file.to_string(),
        ..Location::default()
    }
}

/// Pools site summaries into the study report, in the same schema as
/// `analyze`. Never fails: a file that is not a summary, a tampered one, one
/// from another version, the same site or data twice, or settings that
/// differ are errors in the report's diagnostics, and then the report has
/// no analysis.
pub fn pool(files: &[InputFile]) -> Report {
    let mut diags = Diagnostics::new();
    let mut read: Vec<(&InputFile, SiteSummary)> = Vec::new();
    for f in files {
        match SiteSummary::read(&f.bytes) {
            Ok(s) => read.push((f, s)),
            Err(r) => diags.error(r.code, at(&f.name), r.message),
        }
    }
    if files.is_empty() {
        diags.error(
            "pool-no-summary",
            Location::default(),
            Message::new(keys::POOL_NONE),
        );
    }
    let mut accepted: Vec<(&InputFile, SiteSummary)> = Vec::new();
    for (f, s) in read {
        let same_site = accepted
            .iter()
            .find(|(_, a)| a.site.trim().to_lowercase() == s.site.trim().to_lowercase());
        let same_files = accepted.iter().find(|(_, a)| a.source == s.source);
        let same_data = accepted
            .iter()
            .find(|(_, a)| a.content_fingerprint() == s.content_fingerprint());
        if let Some((other, _)) = same_site {
            diags.error(
                "pool-duplicate-site",
                at(&f.name),
                Message::new(keys::POOL_DUPLICATE_SITE)
                    .with("site", &s.site)
                    .with("other", &other.name),
            );
            continue;
        }
        if let Some((other, a)) = same_files {
            diags.error(
                "pool-duplicate-content",
                at(&f.name),
                Message::new(keys::POOL_DUPLICATE_CONTENT)
                    .with("other", &other.name)
                    .with("site", &s.site)
                    .with("other_site", &a.site),
            );
            continue;
        }
        // Two small sites can have the same tallies from different files
        // (one excluded patient each): said, not refused.
        if let Some((other, a)) = same_data {
            diags.warning(
                "pool-same-data",
                at(&f.name),
                Message::new(keys::POOL_SAME_DATA)
                    .with("other", &other.name)
                    .with("site", &s.site)
                    .with("other_site", &a.site),
            );
        }
        if let Some((first, a)) = accepted.first() {
            let differences = settings_differences(&a.settings, &s.settings);
            if !differences.is_empty() {
                diags.error(
                    "pool-settings-differ",
                    at(&f.name),
                    Message::new(keys::POOL_SETTINGS_DIFFER)
                        .with("other", &first.name)
                        .with("settings", differences.join("; ")),
                );
                continue;
            }
        }
        accepted.push((f, s));
    }
    let settings = accepted
        .first()
        .map(|(_, s)| s.settings.clone())
        .unwrap_or_default();
    let provenance = Provenance {
        lenalyze_version: crate::VERSION,
        inputs: files
            .iter()
            .map(|f| InputProvenance::of(&f.name, &f.bytes))
            .collect(),
        settings: settings.clone(),
    };
    if diags.has_errors() || accepted.is_empty() {
        return Report::new(provenance, diags, IngestSummary::default(), None, None);
    }
    let mut data = crate::analysis::AnalysisData::default();
    for (_, s) in &accepted {
        data.merge(&s.data);
    }
    let sites = accepted
        .iter()
        .map(|(_, s)| s.data.flow.site(&s.site))
        .collect();
    let flow = data.flow.pooled_flow(settings.apply_eligibility, sites);
    let analysis = crate::analysis::from_data(flow, &data, &settings);
    let ingest = IngestSummary {
        // Each summary is listed as what was read: its site and patients.
        sheets: accepted
            .iter()
            .map(|(f, s)| crate::ingest::SheetUse {
                file: f.name.clone(),
                sheet: Some(s.site.clone()),
                role: "site_summary".to_string(),
                rows: s.data.flow.screened,
            })
            .collect(),
        columns: data.columns.iter().cloned().collect(),
        ae_terms: data.table3.terms.keys().cloned().collect(),
        ..IngestSummary::default()
    };
    Report::new(provenance, diags, ingest, Some(analysis), None)
}

/// True when the report was pooled from site summaries.
pub fn is_pooled(report: &Report) -> bool {
    report
        .analysis
        .as_ref()
        .is_some_and(|a| a.population_flow.pooled.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_differences_name_the_setting() {
        let a = Settings::default();
        let mut b = Settings::default();
        b.cut_points.rbc_units_8wk = 6.0;
        b.disclosure_min_count = 11;
        assert_eq!(
            settings_differences(&a, &b),
            vec!["cut_points.rbc_units_8wk: 4.0 → 6.0".to_string()]
        );
    }

    #[test]
    fn default_label_is_the_file_stem() {
        let f = |name: &str| InputFile {
            name: name.into(),
            bytes: vec![],
        };
        assert_eq!(default_site_label(&[f("dir/site03.csv")]), "site03");
        assert_eq!(default_site_label(&[f("site")]), "site");
    }
}
