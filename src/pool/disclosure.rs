//! The disclosure note a site sees before it exports its summary: every
//! count in the summary that is above zero and below a threshold (the
//! setting `disclosure_min_count`, 5 by default), named by where it is.
//!
//! Why every cell, and by place: a small cell (one patient aged 91, the
//! only patient who stopped for toxicity) is what could point to a person;
//! the site decides whether its ethics approval allows sending it. The note
//! walks the summary's JSON, so a tally added to a table later is covered
//! without touching this module.

use super::summary::SiteSummary;
use serde::Serialize;
use serde_json::Value;

/// A count below the threshold.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SmallCell {
    /// Where it is: the tally's path, its parts joined by ` › `
    /// (`table1 › age › values › 91.0`).
    pub place: String,
    /// The count.
    pub count: u64,
}

/// Every count of `summary` from 1 to `threshold − 1`, in the summary's
/// order.
pub fn small_cells(summary: &SiteSummary, threshold: u64) -> Vec<SmallCell> {
    let mut out = Vec::new();
    if let Ok(data) = serde_json::to_value(&summary.data) {
        walk(&data, &mut Vec::new(), threshold, &mut out);
    }
    out
}

fn is_small(n: u64, threshold: u64) -> bool {
    n > 0 && n < threshold
}

fn label(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn walk(v: &Value, path: &mut Vec<String>, threshold: u64, out: &mut Vec<SmallCell>) {
    let record = |path: &[String], n: u64, out: &mut Vec<SmallCell>| {
        out.push(SmallCell {
            place: path.join(" › "),
            count: n,
        })
    };
    match v {
        Value::Number(n) => {
            if let Some(n) = n.as_u64().filter(|n| is_small(*n, threshold)) {
                record(path, n, out);
            }
        }
        Value::Object(map) => {
            for (k, x) in map {
                path.push(k.clone());
                walk(x, path, threshold, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                // A (value or key, count) pair of a histogram or a tally by
                // key: named by its value; any other array item by position.
                match item.as_array().map(Vec::as_slice) {
                    Some([key, Value::Number(n)]) if !key.is_u64() && n.is_u64() => {
                        let n = n.as_u64().unwrap_or(0);
                        if is_small(n, threshold) {
                            path.push(label(key));
                            record(path, n, out);
                            path.pop();
                        }
                    }
                    _ => {
                        path.push((i + 1).to_string());
                        walk(item, path, threshold, out);
                        path.pop();
                    }
                }
            }
        }
        _ => {}
    }
}

/// The disclosure note in words, one line each: what the summary holds,
/// then every small cell (or that there is none).
pub fn note(summary: &SiteSummary, t: crate::text::Text) -> Vec<String> {
    use crate::text::keys;
    let threshold = u64::from(summary.settings.disclosure_min_count);
    let cells = small_cells(summary, threshold);
    let mut lines = vec![t.f(
        keys::POOL_SUMMARY_HOLDS,
        &[("patients", &summary.data.flow.screened)],
    )];
    if cells.is_empty() {
        lines.push(t.f(keys::POOL_DISCLOSURE_NONE, &[("threshold", &threshold)]));
    } else {
        lines.push(t.f(
            keys::POOL_DISCLOSURE_INTRO,
            &[("n", &cells.len()), ("threshold", &threshold)],
        ));
        lines.extend(cells.iter().map(|c| {
            t.f(
                keys::POOL_DISCLOSURE_CELL,
                &[("place", &c.place), ("count", &c.count)],
            )
        }));
    }
    lines
}
