//! The presentation layer: a [`Report`] laid out as journal tables, figures
//! and texts in one language, every number formatted once.
//!
//! Why a layer of its own: the page, the CLI's CSVs, the XLSX workbook and
//! the Word document must show the same text for every figure, and a second
//! language must change only the words. So the report stays language-free
//! data, and this pure step, `present(report, lang)`, decides every row,
//! label, footnote and number format; the renderers only place its cells.
//! Adding a table means adding one module here and nothing in `www/`.
//!
//! Each table module takes its part of the analysis and the words
//! ([`Text`]) and returns a [`Section`]; number formats live in [`format`].

pub mod figures;
pub mod format;
pub mod model;

mod audit;
mod characteristics;
mod check;
pub mod dataset;
mod derived;
mod efficacy;
mod final_dose;
mod flow;
mod hemoglobin;
mod outcome;
mod predictors;
mod toxicity;
mod words;

pub use check::MAX_LISTED;
pub use model::{Block, Cell, CellKind, Group, Presentation, Section, Table};

use crate::analysis::values::Computed;
use crate::analysis::{Analysis, Part};
use crate::settings::Settings;
use crate::text::{keys, Key, Lang, Text};
use crate::Report;

/// What every table module writes with: the words, the settings and how
/// much of a long listing to lay out.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    t: Text,
    settings: &'a Settings,
    listings: Listings,
}

impl Ctx<'_> {
    /// How many of a listing's `total` rows to lay out: all of them, or
    /// with [`Listings::Cut`] the first [`MAX_LISTED`]. A listing that
    /// grows with the cohort (the derived dataset, the disagreements) lays
    /// out only these and then says what it left out ([`cut_listing`]):
    /// at 10⁵ patients the page's presentation formatted 3.3 million
    /// dataset cells to show 500 rows of them.
    fn listed(self, total: usize) -> usize {
        match self.listings {
            Listings::Cut => total.min(MAX_LISTED),
            Listings::Whole => total,
        }
    }
}

/// How much of a long listing a presentation holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listings {
    /// The first [`MAX_LISTED`] rows and a footnote with the total: what
    /// the page shows and the Word document prints.
    Cut,
    /// Every row: what a table's CSV, the XLSX workbook and the derived
    /// dataset hold.
    Whole,
}

/// Lays out a report in `lang`, long listings cut ([`Listings::Cut`]).
pub fn present(report: &Report, lang: Lang) -> Presentation {
    present_with(report, lang, Listings::Cut)
}

/// Lays out a report in `lang`, with long listings cut or whole.
pub fn present_with(report: &Report, lang: Lang, listings: Listings) -> Presentation {
    let t = Text::new(lang);
    let ctx = Ctx {
        t,
        settings: &report.provenance.settings,
        listings,
    };
    let mut sections = vec![check::section(report, ctx)];
    if let Some(a) = &report.analysis {
        sections.push(flow::section(&a.population_flow, ctx));
        let mut part = |part: Part, built: Option<Section>| {
            sections.push(built.unwrap_or_else(|| not_built(a, part, ctx)));
        };
        part(
            Part::Characteristics,
            a.table1.as_ref().map(|x| characteristics::section(x, ctx)),
        );
        part(
            Part::Efficacy,
            a.efficacy.as_ref().map(|x| efficacy::section(x, ctx)),
        );
        part(
            Part::Predictors,
            a.table2
                .as_ref()
                .map(|x| predictors::table2_section(x, ctx)),
        );
        part(
            Part::DoseModification,
            a.dose_modification
                .as_ref()
                .map(|x| predictors::dose_section(x, ctx)),
        );
        part(
            Part::FinalDose,
            a.table4.as_ref().map(|x| final_dose::section(x, ctx)),
        );
        part(
            Part::Toxicity,
            a.table3.as_ref().map(|x| toxicity::section(x, ctx)),
        );
        part(
            Part::Hemoglobin,
            a.hemoglobin.as_ref().map(|x| hemoglobin::section(x, ctx)),
        );
        part(
            Part::Outcome,
            a.discontinuation
                .as_ref()
                .zip(a.survival.as_ref())
                .map(|(d, s)| outcome::section(d, s, ctx)),
        );
        part(
            Part::PriorEsa,
            a.prior_esa
                .as_ref()
                .map(|x| outcome::prior_esa_section(x, ctx)),
        );
    }
    if let Some(d) = &report.derived {
        sections.push(derived::section(d, ctx));
    } else if crate::pool::is_pooled(report) {
        sections.push(section(
            "derived",
            t.t(keys::DERIVED_TITLE),
            vec![Block::Text(model::Paragraph {
                role: model::TextRole::Hint,
                text: t.t(keys::POOL_DERIVED_NOT_AVAILABLE).to_string(),
            })],
        ));
    }
    if let Some(a) = &report.audit {
        let shorts: Vec<(&str, String)> = sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Table(t) => Some((t.id, t.short.clone())),
                _ => None,
            })
            .collect();
        sections.push(audit::section(a, &shorts, ctx));
    }
    if listings == Listings::Cut {
        for table in sections
            .iter_mut()
            .flat_map(|s| &mut s.blocks)
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
        {
            cap_listing(table, t);
        }
    }
    Presentation {
        lang: lang.tag(),
        title: t.t(keys::REPORT_TITLE).to_string(),
        summary: check::summary(report, t),
        sections,
    }
}

/// Cuts a listing longer than [`MAX_LISTED`] rows to its first rows, with a
/// footnote; the table's CSV ([`Listings::Whole`]) has every row.
///
/// Why here: listings grow with the cohort (one row per patient and
/// disagreement: 479,570 rows at 10⁵ patients), and every renderer (page,
/// DOCX, the JSON handed to the page) paid for all of them. One pass over
/// the finished presentation covers every listing, present and future.
fn cap_listing(table: &mut Table, t: Text) {
    let max = MAX_LISTED;
    if !table.listing || table.truncated.is_some() {
        return;
    }
    let total: usize = table.groups.iter().map(|g| g.rows.len()).sum();
    if total <= max {
        return;
    }
    let mut left = max;
    let mut kept_groups = 0;
    for group in &mut table.groups {
        if left == 0 {
            break;
        }
        group.rows.truncate(left);
        let kept = group.rows.len();
        // A cell spanning rows must not reach past the rows kept.
        for (i, row) in group.rows.iter_mut().enumerate() {
            let room = u16::try_from(kept - i).unwrap_or(u16::MAX);
            for cell in row.iter_mut() {
                cell.row_span = cell.row_span.min(room);
            }
        }
        left -= kept;
        kept_groups += 1;
    }
    table.groups.truncate(kept_groups);
    cut_listing(table, total, t);
}

/// Says that a listing holds only its first rows of `total` (the marker
/// and the footnote), when it holds fewer: for a listing laid out with
/// only those rows ([`Ctx::listed`]) and for [`cap_listing`].
fn cut_listing(table: &mut Table, total: usize, t: Text) {
    let shown: usize = table.groups.iter().map(|g| g.rows.len()).sum();
    if !table.listing || table.truncated.is_some() || shown >= total {
        return;
    }
    table.truncated = Some(model::Truncated { shown, total });
    table.footnotes.push(t.f(
        keys::CHECK_LISTED_FIRST,
        &[("shown", &shown), ("total", &total)],
    ));
}

/// The section id and title of a part of the plan.
fn part_heading(part: Part) -> (&'static str, Key) {
    match part {
        Part::Characteristics => ("characteristics", keys::TABLE1_TITLE),
        Part::Efficacy => ("efficacy", keys::EFFICACY_TITLE),
        Part::Predictors => ("predictors", keys::TABLE2_TITLE),
        Part::DoseModification => ("dose", keys::DOSE_TITLE),
        Part::FinalDose => ("final-dose", keys::TABLE4_TITLE),
        Part::Toxicity => ("toxicity", keys::TABLE3_TITLE),
        Part::Hemoglobin => ("hb", keys::HB_TITLE),
        Part::Outcome => ("outcome", keys::OUTCOME_TITLE),
        Part::PriorEsa => ("esa", keys::ESA_TITLE),
    }
}

/// A part left out: its heading and which columns it lacks.
fn not_built(a: &Analysis, part: Part, ctx: Ctx) -> Section {
    let (id, title) = part_heading(part);
    let missing = a
        .not_built
        .iter()
        .find(|n| n.part == part)
        .map(|n| n.missing_columns.join(", "))
        .unwrap_or_default();
    section(
        id,
        ctx.t.t(title),
        vec![Block::Text(model::Paragraph {
            role: model::TextRole::Hint,
            text: ctx.t.f(keys::PART_NOT_BUILT, &[("columns", &missing)]),
        })],
    )
}

/// True when the presentation's script has italics (Hangul does not: a
/// slanted Latin letter beside upright Hangul looks like a mistake), so
/// renderers set group labels and notes upright instead.
pub fn has_italics(p: &Presentation) -> bool {
    p.lang != Lang::Ko.tag()
}

/// Every table of a presentation, in order.
pub fn tables(p: &Presentation) -> impl Iterator<Item = &Table> {
    p.sections.iter().flat_map(|s| {
        s.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    })
}

/// Every figure of a presentation, in order.
pub fn figures(p: &Presentation) -> impl Iterator<Item = &figures::Figure> {
    p.sections.iter().flat_map(|s| {
        s.blocks.iter().filter_map(|b| match b {
            Block::Figure(f) => Some(f),
            _ => None,
        })
    })
}

/// A cell for a computed value, or a dash with the reason.
fn computed<T>(c: &Computed<T>, t: Text, f: impl FnOnce(&T) -> Cell) -> Cell {
    match c {
        Computed::Value(v) => f(v),
        Computed::NotComputable(reason) => Cell::not_computable(t.f(
            keys::CELL_NOT_COMPUTABLE,
            &[("reason", &t.t(words::reason(*reason)))],
        )),
    }
}

/// The footnote naming every distinct not-computable reason in a table.
fn reason_notes(table: &mut Table) {
    let mut seen: Vec<String> = Vec::new();
    for g in &table.groups {
        for row in &g.rows {
            for c in row {
                if c.kind == CellKind::NotComputable {
                    if let Some(n) = &c.note {
                        if !seen.contains(n) {
                            seen.push(n.clone());
                        }
                    }
                }
            }
        }
    }
    table
        .footnotes
        .extend(seen.into_iter().map(|n| format!("{} {n}", format::DASH)));
}

/// `label (missing: n)`, or the label alone when nothing is missing.
fn with_missing(label: &str, missing: usize, t: Text) -> String {
    if missing == 0 {
        label.to_string()
    } else {
        t.f(
            keys::LABEL_WITH_MISSING,
            &[("label", &label), ("n", &missing)],
        )
    }
}

/// A table with the common parts filled in; the not-computable footnotes
/// are added from its cells.
fn table(
    id: &'static str,
    short: String,
    caption: String,
    head: Vec<Vec<Cell>>,
    groups: Vec<Group>,
    footnotes: Vec<String>,
) -> Table {
    let mut table = Table {
        id,
        short,
        caption,
        head,
        groups,
        footnotes,
        wide: false,
        listing: false,
        dataset: false,
        truncated: None,
    };
    table.wide = table.width() > 6;
    reason_notes(&mut table);
    table
}

/// Marks a table as a listing (the page folds it until asked).
fn listing(mut t: Table) -> Table {
    t.listing = true;
    t
}

/// One unlabeled group.
fn rows(rows: Vec<Vec<Cell>>) -> Vec<Group> {
    vec![Group {
        label: None,
        key: None,
        rows,
    }]
}

/// A report code as the report's JSON spells it (`rbc_transfusion`; a
/// tagged code's kind and values joined with `_`, `stopped_toxicity`): the
/// stable id of a row or column.
pub(crate) fn code<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Object(map)) => {
            let kind = map.get("kind").and_then(|v| v.as_str());
            kind.into_iter()
                .chain(
                    map.iter()
                        .filter(|(k, _)| *k != "kind")
                        .filter_map(|(_, v)| v.as_str()),
                )
                .collect::<Vec<_>>()
                .join("_")
        }
        _ => String::new(),
    }
}

/// A stable id from text (a CRF category as written): lower case, runs of
/// other characters as one `_` (`Int-1` → `int_1`).
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Column headings with their stable ids.
fn heads(t: Text, columns: &[(&str, crate::text::Key)]) -> Vec<Vec<Cell>> {
    vec![columns
        .iter()
        .map(|(id, k)| Cell::head(t.t(*k)).key(*id))
        .collect()]
}

/// A section.
fn section(id: &'static str, title: &str, blocks: Vec<Block>) -> Section {
    Section {
        id,
        title: title.to_string(),
        blocks,
    }
}

/// Upper-cases the first letter (AE terms are stored lower case).
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// The JSON Schema of [`Presentation`], pretty-printed with a trailing
/// newline; published as `www/presentation.schema.json` (the page's types
/// are generated from it).
#[cfg(feature = "schema")]
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(Presentation);
    schema.insert(
        "$id".into(),
        "https://lenalyze.invalid/presentation.schema.json".into(),
    );
    schema.insert(
        "title".into(),
        "Lenalyze presentation: a report laid out for reading".into(),
    );
    let mut json = serde_json::to_string_pretty(&schema).unwrap_or_default();
    json.push('\n');
    json
}
