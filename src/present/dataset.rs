//! The derived dataset: one row per screened patient, like an ADaM
//! subject-level dataset, for download (CSV, XLSX) and for the CLI's
//! `--patients`.
//!
//! Unlike the journal tables its headers and values are data codes, the
//! same in every language: column names as the data dictionary lists them,
//! categories spelled as crf-v1 spells them (`RBC-TI`, `HI-E`, `none`,
//! `NE`, `met`), so a statistician can read it back into R or SAS. An empty
//! cell is a value that could not be derived; the CLI's `--derivations`
//! file says why (the report JSON lists no patient's derived values). Its
//! CSV (the CLI's `--patients` file and the page's download, the same
//! bytes) is a plain dataset: the header row of column codes, then one row
//! per screened patient ([`crate::present::Table::dataset`]).

use super::format::trimmed;
use super::{listing, rows, table, Cell, CellKind, Ctx, Table};
use crate::derive::checks::code;
use crate::derive::checks::Derived;
use crate::derive::cytogenetics::{IpssCytoGroup, IpssRCyto};
use crate::derive::hira::HiraOutcome;
use crate::derive::risk::Component;
use crate::derive::subject::Subject;
use crate::schema::ValueKind;
use crate::text::keys;

/// One column of the derived dataset, for the data dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatasetColumn {
    /// Column name (the header, the same in every language).
    pub name: &'static str,
    /// What kind of value it holds.
    pub kind: ValueKind,
    /// The codes it may hold (empty for numbers and free text); an empty
    /// cell is always allowed: a value that could not be derived.
    pub codes: &'static [&'static str],
}

/// The dataset's columns, in order, with their allowed codes (the data
/// dictionary lists them; their meanings are `dataset.col_<name>` in the
/// catalogue). `counts_from_week0` holds `none` or any of `hb`, `anc`,
/// `plt` separated by spaces.
pub const DATASET_COLUMNS: &[DatasetColumn] = &[
    DatasetColumn {
        name: "patient_id",
        kind: ValueKind::Text,
        codes: &[],
    },
    DatasetColumn {
        name: "site",
        kind: ValueKind::Text,
        codes: &[],
    },
    DatasetColumn {
        name: "cyto_del5q",
        kind: ValueKind::YesNo,
        codes: &["yes", "no"],
    },
    DatasetColumn {
        name: "cyto_abnormalities",
        kind: ValueKind::Integer,
        codes: &[],
    },
    DatasetColumn {
        name: "cyto_chr7",
        kind: ValueKind::YesNo,
        codes: &["yes", "no"],
    },
    DatasetColumn {
        name: "cyto_complex",
        kind: ValueKind::YesNo,
        codes: &["yes", "no"],
    },
    DatasetColumn {
        name: "ipss_cyto_group",
        kind: ValueKind::Choice,
        codes: &["Good", "Intermediate", "Poor"],
    },
    DatasetColumn {
        name: "ipss_r_cyto",
        kind: ValueKind::Choice,
        codes: &["Very good", "Good", "Intermediate", "Poor", "Very poor"],
    },
    DatasetColumn {
        name: "ipss_score",
        kind: ValueKind::Number,
        codes: &[],
    },
    DatasetColumn {
        name: "ipss",
        kind: ValueKind::Choice,
        codes: &["Low", "Int-1", "Int-2", "High"],
    },
    DatasetColumn {
        name: "ipss_recorded",
        kind: ValueKind::Choice,
        codes: &["Low", "Int-1", "Int-2", "High"],
    },
    DatasetColumn {
        name: "ipss_r_score",
        kind: ValueKind::Number,
        codes: &[],
    },
    DatasetColumn {
        name: "ipss_r",
        kind: ValueKind::Choice,
        codes: &["Very low", "Low", "Intermediate", "High", "Very high"],
    },
    DatasetColumn {
        name: "ipss_r_recorded",
        kind: ValueKind::Choice,
        codes: &["Very low", "Low", "Intermediate", "High", "Very high"],
    },
    DatasetColumn {
        name: "age_at_diagnosis",
        kind: ValueKind::Number,
        codes: &[],
    },
    DatasetColumn {
        name: "ipss_ra_score",
        kind: ValueKind::Number,
        codes: &[],
    },
    DatasetColumn {
        name: "counts_from_week0",
        kind: ValueKind::Choice,
        codes: &["none", "hb", "anc", "plt"],
    },
    DatasetColumn {
        name: "ctcae_anemia",
        kind: ValueKind::Grade,
        codes: &["0", "1", "2", "3"],
    },
    DatasetColumn {
        name: "ctcae_neutropenia",
        kind: ValueKind::Grade,
        codes: &["0", "1", "2", "3", "4"],
    },
    DatasetColumn {
        name: "ctcae_thrombocytopenia",
        kind: ValueKind::Grade,
        codes: &["0", "1", "2", "3", "4"],
    },
    DatasetColumn {
        name: "ctcae_lymphopenia",
        kind: ValueKind::Grade,
        codes: &["0", "1", "2", "3", "4"],
    },
    DatasetColumn {
        name: "rbc_units_8wk_derived",
        kind: ValueKind::Number,
        codes: &[],
    },
    DatasetColumn {
        name: "rbc_units_6mo_derived",
        kind: ValueKind::Number,
        codes: &[],
    },
    DatasetColumn {
        name: "rbc_units_16wk_derived",
        kind: ValueKind::Number,
        codes: &[],
    },
    DatasetColumn {
        name: "transfusion_burden_2018",
        kind: ValueKind::Choice,
        codes: &["NTD", "LTB", "HTB", "unclassified"],
    },
    DatasetColumn {
        name: "iwg2000",
        kind: ValueKind::Choice,
        codes: &["RBC-TI", "HI-E major", "HI-E minor", "none", "NE"],
    },
    DatasetColumn {
        name: "iwg2006",
        kind: ValueKind::Choice,
        codes: &["HI-E", "none", "NE"],
    },
    DatasetColumn {
        name: "iwg2018",
        kind: ValueKind::Choice,
        codes: &["HI-E", "HI-E minor", "none", "NE"],
    },
    DatasetColumn {
        name: "response_recorded",
        kind: ValueKind::Choice,
        codes: &["RBC-TI", "HI-E minor", "none", "NE"],
    },
    DatasetColumn {
        name: "hira_4mo",
        kind: ValueKind::Choice,
        codes: &["met", "not met"],
    },
    DatasetColumn {
        name: "dose_reduced_derived",
        kind: ValueKind::YesNo,
        codes: &["yes", "no"],
    },
    DatasetColumn {
        name: "dose_interrupted_derived",
        kind: ValueKind::YesNo,
        codes: &["yes", "no"],
    },
    DatasetColumn {
        name: "final_intensity_derived",
        kind: ValueKind::Number,
        codes: &[],
    },
];

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// The IPSS cytogenetic group as the data dictionary spells it.
pub fn ipss_cyto_code(g: IpssCytoGroup) -> &'static str {
    match g {
        IpssCytoGroup::Good => "Good",
        IpssCytoGroup::Intermediate => "Intermediate",
        IpssCytoGroup::Poor => "Poor",
    }
}

/// The IPSS-R cytogenetic category as crf-v1 spells categories
/// (`Very good` … `Very poor`, like `ipss_r`'s `Very low` … `Very high`).
pub fn ipss_r_cyto_code(c: IpssRCyto) -> &'static str {
    match c {
        IpssRCyto::VeryGood => "Very good",
        IpssRCyto::Good => "Good",
        IpssRCyto::Intermediate => "Intermediate",
        IpssRCyto::Poor => "Poor",
        IpssRCyto::VeryPoor => "Very poor",
    }
}

/// The counts a row's risk scores took from week 0 (`hb`, `anc`, `plt`,
/// space-separated), `none` when all came from diagnosis.
fn week0_code(counts: &[Component]) -> String {
    let codes: Vec<&str> = counts
        .iter()
        .filter_map(|c| match c {
            Component::Hemoglobin => Some("hb"),
            Component::Neutrophils => Some("anc"),
            Component::Platelets => Some("plt"),
            _ => None,
        })
        .collect();
    if codes.is_empty() {
        "none".into()
    } else {
        codes.join(" ")
    }
}

/// A number as data: up to `digits` decimals without trailing zeros and an
/// ASCII minus (statistical software reads `−1.5` as text).
fn num(x: f64, digits: u8) -> String {
    trimmed(x, digits).replace('\u{2212}', "-")
}

/// A data value's cell: a number cell for a number (stored as a number in
/// the XLSX, with the decimals it shows), else the code as text. The text
/// becomes the cell's without a copy.
fn data_cell(v: String) -> Cell {
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() => {
            let decimals = v.split_once('.').map_or(0, |(_, d)| d.len() as u8);
            Cell::number(CellKind::Number, x, decimals, v)
        }
        _ => Cell::user_owned(v),
    }
}

/// One patient's cells, in [`DATASET_COLUMNS`] order (the patient ID
/// heads its row): each value written once, straight into its cell.
fn row(s: &Subject) -> Vec<Cell> {
    let mut out = Vec::with_capacity(DATASET_COLUMNS.len());
    out.push(Cell::user_label(&s.patient_id));
    out.push(Cell::user(s.site.as_deref().unwrap_or_default()));
    let mut push = |v: Option<String>| out.push(data_cell(v.unwrap_or_default()));
    let cyto = s.cytogenetics.as_ref();
    push(cyto.map(|c| yes_no(c.del5q)));
    push(cyto.map(|c| c.abnormalities.to_string()));
    push(cyto.map(|c| yes_no(c.chr7)));
    push(cyto.map(|c| yes_no(c.complex)));
    push(cyto.map(|c| ipss_cyto_code(c.ipss_group).into()));
    push(cyto.map(|c| ipss_r_cyto_code(c.ipss_r_category).into()));
    push(s.ipss.as_ref().map(|x| num(x.score, 1)));
    push(s.ipss.as_ref().map(|x| code(&x.category)));
    push(s.ipss_recorded.clone());
    push(s.ipss_r.as_ref().map(|x| num(x.score, 1)));
    push(s.ipss_r.as_ref().map(|x| code(&x.category)));
    push(s.ipss_r_recorded.clone());
    push(s.age_at_diagnosis.map(|a| num(a, 2)));
    push(s.ipss_ra.as_ref().map(|x| num(x.score, 2)));
    push(Some(week0_code(&s.counts_from_week0)));
    for g in &s.ctcae {
        push(g.map(|g| g.to_string()));
    }
    let units = |f: fn(&crate::derive::transfusion::PreStartBurden) -> f64| {
        s.burden.as_ref().map(|b| num(f(b), 1))
    };
    push(units(|b| b.units_8_weeks));
    push(units(|b| b.units_6_months));
    push(units(|b| b.units_16_weeks));
    push(s.iwg2018.as_ref().map(|r| code(&r.burden.class)));
    push(s.iwg2000.as_ref().map(code));
    push(s.iwg2006.as_ref().map(|r| code(&r.response.category)));
    push(
        s.iwg2018
            .as_ref()
            .map(|r| r.response.category.dataset_code().into()),
    );
    push(s.response_recorded.as_ref().map(code));
    push(s.hira.as_ref().and_then(|h| match h.outcome {
        HiraOutcome::NotApplicable => None,
        o => Some(code(&o)),
    }));
    push(s.dose.as_ref().map(|d| yes_no(d.reduced)));
    push(s.dose.as_ref().map(|d| yes_no(d.interrupted)));
    push(
        s.dose
            .as_ref()
            .and_then(|d| d.final_stable.as_ref())
            .map(|f| num(f.intensity_mg_per_day, 2)),
    );
    out
}

/// The dataset as a presentation table (a listing: the page folds it).
pub(super) fn dataset_table(d: &Derived, ctx: Ctx) -> Table {
    let t = ctx.t;
    // Data codes, not words: marked as such (the page keeps them as they are).
    let head = vec![DATASET_COLUMNS
        .iter()
        .map(|c| Cell::user_label(c.name))
        .collect()];
    let total = d.subjects.len();
    let body = d.subjects[..ctx.listed(total)].iter().map(row).collect();
    let mut tb = listing(table(
        "derived-dataset",
        t.t(keys::DATASET_SHORT).into(),
        t.t(keys::DATASET_CAPTION).into(),
        head,
        rows(body),
        vec![t.t(keys::DATASET_NOTE).into()],
    ));
    tb.wide = true;
    tb.dataset = true;
    super::cut_listing(&mut tb, total, t);
    tb
}
