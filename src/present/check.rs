//! The data check: every diagnostic with its location, and what was read.

use super::model::{Block, Cell, List, Paragraph, TextRole};
use super::{rows, table, Ctx, Section};
use crate::diagnostics::Severity;
use crate::text::{keys, Text};
use crate::Report;

/// At most this many rows of a listing are shown (diagnostics of one
/// severity, excluded patients, derived disagreements, …); the report JSON
/// has all of them.
pub const MAX_LISTED: usize = 500;

/// `2 errors, 5 warnings, 1 note.`
pub(super) fn summary(report: &Report, t: Text) -> String {
    let c = report.diagnostic_counts;
    t.f(
        keys::CHECK_SUMMARY,
        &[
            (
                "errors",
                &t.plural(c.errors, keys::CHECK_ERRORS_ONE, keys::CHECK_ERRORS_OTHER),
            ),
            (
                "warnings",
                &t.plural(
                    c.warnings,
                    keys::CHECK_WARNINGS_ONE,
                    keys::CHECK_WARNINGS_OTHER,
                ),
            ),
            (
                "notes",
                &t.plural(c.infos, keys::CHECK_NOTES_ONE, keys::CHECK_NOTES_OTHER),
            ),
        ],
    )
}

pub(super) fn section(report: &Report, ctx: Ctx) -> Section {
    let t = ctx.t;
    let mut blocks = vec![Block::Text(Paragraph {
        role: if report.has_errors() {
            TextRole::Error
        } else {
            TextRole::Body
        },
        text: if report.has_errors() {
            let next = if report.analysis.is_some() {
                keys::CHECK_PARTIAL
            } else {
                keys::CHECK_FIX_ERRORS
            };
            format!("{} {}", summary(report, t), t.t(next))
        } else {
            summary(report, t)
        },
    })];
    for (severity, id, title, short) in [
        (
            Severity::Error,
            "diagnostics-error",
            keys::CHECK_ERRORS_TITLE,
            keys::CHECK_ERRORS_SHORT,
        ),
        (
            Severity::Warning,
            "diagnostics-warning",
            keys::CHECK_WARNINGS_TITLE,
            keys::CHECK_WARNINGS_SHORT,
        ),
        (
            Severity::Info,
            "diagnostics-info",
            keys::CHECK_NOTES_TITLE,
            keys::CHECK_NOTES_SHORT,
        ),
    ] {
        let items: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .collect();
        if items.is_empty() {
            continue;
        }
        let body = items
            .iter()
            .map(|d| {
                let l = &d.location;
                let column = match (&l.column, &l.column_letter) {
                    (Some(c), Some(letter)) => format!("{c} ({letter})"),
                    (Some(c), None) => c.clone(),
                    (None, Some(letter)) => letter.clone(),
                    (None, None) => String::new(),
                };
                // A REDCap export's place (event, instrument, instance,
                // field) where a workbook names its sheet.
                let sheet = match (&l.sheet, &l.redcap) {
                    (Some(s), Some(r)) => {
                        format!("{s}{}{}", t.t(keys::LIST_SEPARATOR), r.render(t, false))
                    }
                    (None, Some(r)) => r.render(t, false),
                    (s, None) => s.clone().unwrap_or_default(),
                };
                vec![
                    Cell::user(&l.file),
                    Cell::user(&sheet),
                    l.row.map_or(Cell::empty(), |r| Cell::count(r as usize)),
                    Cell::user(&column),
                    Cell::user(l.value.as_deref().unwrap_or("")),
                    Cell::user(l.patient_id.as_deref().unwrap_or("")),
                    Cell::text(match &d.repeated {
                        None => d.message.render(t),
                        Some(r) => format!("{} {}", d.message.render(t), repeated(r, t)),
                    }),
                ]
            })
            .collect();
        let title = t.t(title);
        let mut tb = table(
            id,
            t.t(short).to_string(),
            format!("{title} ({})", items.len()),
            vec![[
                keys::CHECK_COL_FILE,
                keys::CHECK_COL_SHEET,
                keys::CHECK_COL_ROW,
                keys::CHECK_COL_COLUMN,
                keys::CHECK_COL_VALUE,
                keys::CHECK_COL_PATIENT,
                keys::CHECK_COL_MESSAGE,
            ]
            .map(|k| Cell::head(t.t(k)))
            .to_vec()],
            rows(body),
            vec![],
        );
        tb.wide = true;
        tb.listing = true;
        blocks.push(Block::Table(tb));
    }
    blocks.extend(ingest(report, t));
    super::section("data-check", t.t(keys::CHECK_TITLE), blocks)
}

/// What was read: sheets and their roles, columns, conversions, long
/// sheets, empty and unknown cells.
fn ingest(report: &Report, t: Text) -> Vec<Block> {
    let ingest = &report.ingest;
    let mut blocks = vec![Block::Text(Paragraph {
        role: TextRole::Heading,
        text: t.t(keys::INGEST_TITLE).to_string(),
    })];
    let sheet_rows = ingest
        .sheets
        .iter()
        .map(|s| {
            vec![
                Cell::user_label(&s.file),
                Cell::user(s.sheet.as_deref().unwrap_or(super::format::DASH)),
                Cell::text(role(&s.role, t)),
                Cell::count(s.rows),
            ]
        })
        .collect();
    blocks.push(Block::Table(super::listing(table(
        "ingest-sheets",
        t.t(keys::INGEST_SHEETS_SHORT).to_string(),
        t.t(keys::INGEST_SHEETS_CAPTION).to_string(),
        vec![[
            keys::CHECK_COL_FILE,
            keys::CHECK_COL_SHEET,
            keys::INGEST_COL_ROLE,
            keys::INGEST_COL_ROWS,
        ]
        .map(|k| Cell::head(t.t(k)))
        .to_vec()],
        rows(sheet_rows),
        vec![],
    ))));
    let mut facts = vec![t.f(
        keys::INGEST_COLUMNS_RECOGNIZED,
        &[("n", &ingest.columns.len())],
    )];
    // A file with thousands of unknown columns names the first few.
    let ignored = &ingest.ignored_columns;
    let named = ignored.len().min(crate::diagnostics::LISTED_PLACES);
    let names = super::format::safe_text(&ignored[..named].join(", "));
    facts.push(if ignored.is_empty() {
        t.t(keys::INGEST_NO_COLUMNS_IGNORED).to_string()
    } else if named == ignored.len() {
        t.f(keys::INGEST_COLUMNS_IGNORED, &[("columns", &names)])
    } else {
        t.f(
            keys::INGEST_COLUMNS_IGNORED_MORE,
            &[("columns", &names), ("n", &(ignored.len() - named))],
        )
    });
    if ingest.unit_conversions.is_empty() {
        facts.push(t.t(keys::INGEST_NO_UNIT_CONVERSIONS).to_string());
    }
    for u in &ingest.unit_conversions {
        facts.push(t.f(
            keys::INGEST_UNIT_CONVERSION,
            &[
                ("columns", &u.columns.join(", ")),
                ("from", &u.from_unit),
                ("to", &u.to_unit),
                ("factor", &super::format::trimmed(u.factor, 4)),
                (
                    "by",
                    &t.t(if u.decided_by == "header" {
                        keys::INGEST_DECIDED_BY_HEADER
                    } else {
                        keys::INGEST_DECIDED_BY_VALUES
                    }),
                ),
            ],
        ));
    }
    let ls = &ingest.long_sheets;
    if !ls.rows_read.is_empty() {
        let sheets: Vec<String> = ls
            .rows_read
            .iter()
            .map(|(k, v)| t.f(keys::INGEST_LONG_SHEET, &[("sheet", k), ("rows", v)]))
            .collect();
        facts.push(t.f(
            keys::INGEST_LONG_SHEETS,
            &[
                ("sheets", &sheets.join(", ")),
                ("assigned", &ls.labs_assigned),
                ("outside", &ls.labs_outside_windows),
            ],
        ));
    }
    blocks.push(Block::List(List { items: facts }));
    let missing: Vec<_> = ingest
        .missing_cells
        .iter()
        .filter(|(_, m)| m.empty > 0 || m.unknown > 0)
        .collect();
    let (empty, unknown) = missing
        .iter()
        .fold((0, 0), |(e, u), (_, m)| (e + m.empty, u + m.unknown));
    let missing_rows = missing
        .iter()
        .map(|(col, m)| {
            vec![
                Cell::label(col.to_string()),
                Cell::count(m.empty),
                Cell::count(m.unknown),
            ]
        })
        .collect();
    if missing.is_empty() {
        blocks.push(Block::List(List {
            items: vec![t.t(keys::INGEST_NO_MISSING).to_string()],
        }));
        return blocks;
    }
    blocks.push(Block::Table(super::listing(table(
        "ingest-missing",
        t.t(keys::INGEST_MISSING_SHORT).to_string(),
        t.f(
            keys::INGEST_MISSING_CAPTION,
            &[
                ("empty", &empty),
                ("unknown", &unknown),
                (
                    "columns",
                    &t.plural(
                        missing.len(),
                        keys::INGEST_COLUMNS_ONE,
                        keys::INGEST_COLUMNS_OTHER,
                    ),
                ),
            ],
        ),
        vec![[
            keys::INGEST_COL_COLUMN,
            keys::INGEST_COL_EMPTY,
            keys::INGEST_COL_UNKNOWN,
        ]
        .map(|k| Cell::head(t.t(k)))
        .to_vec()],
        rows(missing_rows),
        vec![t.t(keys::INGEST_MISSING_NOTE).to_string()],
    ))));
    blocks
}

/// What a sheet was read as (`patients`, a long sheet's name, `ignored`).
fn role(role: &str, t: Text) -> String {
    let key = match role {
        "patients" => keys::ROLE_PATIENTS,
        "labs" => keys::ROLE_LABS,
        "adverse_events" => keys::ROLE_ADVERSE_EVENTS,
        "transfusions" => keys::ROLE_TRANSFUSIONS,
        "dosing" => keys::ROLE_DOSING,
        "ignored" => keys::ROLE_IGNORED,
        "redcap_dictionary" => keys::ROLE_REDCAP_DICTIONARY,
        "site_summary" => keys::ROLE_SITE_SUMMARY,
        other => return other.to_string(),
    };
    t.t(key).to_string()
}

/// Where else a grouped problem was found: "Found 12 more times in this
/// sheet: rows 3–9, 14; columns D, F."
fn repeated(r: &crate::diagnostics::Repeated, t: Text) -> String {
    let mut places = Vec::new();
    if !r.rows.is_empty() {
        places.push(t.f(keys::CHECK_REPEATED_ROWS, &[("rows", &ranges(&r.rows))]));
    }
    if !r.columns.is_empty() {
        places.push(t.f(
            keys::CHECK_REPEATED_COLUMNS,
            &[("columns", &r.columns.join(t.t(keys::LIST_SEPARATOR)))],
        ));
    }
    if places.is_empty() {
        return t.f(keys::CHECK_REPEATED_NOWHERE, &[("n", &r.count)]);
    }
    let mut places = places.join(t.t(keys::LIST_SEMICOLON));
    if r.rows.len().max(r.columns.len()) < r.count {
        places.push_str(t.t(keys::CHECK_REPEATED_MORE));
    }
    t.f(
        keys::CHECK_REPEATED,
        &[("n", &r.count), ("places", &places)],
    )
}

/// Row numbers as compact ranges: 3, 4, 5, 9 → "3–5, 9".
fn ranges(rows: &[u32]) -> String {
    let mut sorted = rows.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        out.push(if end > start {
            format!("{start}–{end}")
        } else {
            start.to_string()
        });
        i += 1;
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_as_ranges() {
        assert_eq!(ranges(&[9, 3, 4, 5]), "3–5, 9");
        assert_eq!(ranges(&[2]), "2");
        assert_eq!(ranges(&[]), "");
    }
}
