//! The derived dataset: one row per screened patient, like an ADaM
//! subject-level dataset, for download (CSV, XLSX) and for the CLI's
//! `--patients`.
//!
//! Unlike the journal tables its headers and values are data codes, the
//! same in every language: column names as the data dictionary lists them,
//! categories spelled as crf-v1 spells them (`RBC-TI`, `HI-E`, `none`,
//! `NE`, `met`), so a statistician can read it back into R or SAS. An empty
//! cell is a value that could not be derived; the report says why.

use super::format::trimmed;
use super::{listing, rows, table, Cell, Ctx, Table};
use crate::derive::checks::code;
use crate::derive::checks::Derived;
use crate::derive::hira::HiraOutcome;
use crate::derive::subject::Subject;
use crate::text::keys;

/// The dataset's columns, in order (documented in the data dictionary).
pub const COLUMNS: &[&str] = &[
    "patient_id",
    "site",
    "cyto_del5q",
    "cyto_abnormalities",
    "cyto_chr7",
    "cyto_complex",
    "ipss_cyto_group",
    "ipss_r_cyto",
    "ipss_score",
    "ipss",
    "ipss_recorded",
    "ipss_r_score",
    "ipss_r",
    "ipss_r_recorded",
    "ipss_ra_score",
    "counts_from_week0",
    "ctcae_anemia",
    "ctcae_neutropenia",
    "ctcae_thrombocytopenia",
    "ctcae_lymphopenia",
    "rbc_units_8wk_derived",
    "rbc_units_6mo_derived",
    "rbc_units_16wk_derived",
    "transfusion_burden_2018",
    "iwg2000",
    "iwg2006",
    "iwg2018",
    "response_recorded",
    "hira_4mo",
    "dose_reduced_derived",
    "dose_interrupted_derived",
    "final_intensity_derived",
];

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// One patient's cells, in [`COLUMNS`] order.
fn row(s: &Subject) -> Vec<String> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let mut out = vec![s.patient_id.clone(), opt(s.site.clone())];
    let cyto = s.cytogenetics.as_ref();
    out.push(opt(cyto.map(|c| yes_no(c.del5q))));
    out.push(opt(cyto.map(|c| c.abnormalities.to_string())));
    out.push(opt(cyto.map(|c| yes_no(c.chr7))));
    out.push(opt(cyto.map(|c| yes_no(c.complex))));
    out.push(opt(cyto.map(|c| code(&c.ipss_group))));
    out.push(opt(cyto.map(|c| code(&c.ipss_r_category))));
    out.push(opt(s.ipss.as_ref().map(|x| trimmed(x.score, 1))));
    out.push(opt(s.ipss.as_ref().map(|x| code(&x.category))));
    out.push(opt(s.ipss_recorded.clone()));
    out.push(opt(s.ipss_r.as_ref().map(|x| trimmed(x.score, 1))));
    out.push(opt(s.ipss_r.as_ref().map(|x| code(&x.category))));
    out.push(opt(s.ipss_r_recorded.clone()));
    out.push(opt(s.ipss_ra.as_ref().map(|x| trimmed(x.score, 2))));
    out.push(yes_no(s.counts_from_week0));
    out.extend(s.ctcae.iter().map(|g| opt(g.map(|g| g.to_string()))));
    let units = |f: fn(&crate::derive::transfusion::PreStartBurden) -> f64| {
        opt(s.burden.as_ref().map(|b| trimmed(f(b), 1)))
    };
    out.push(units(|b| b.units_8_weeks));
    out.push(units(|b| b.units_6_months));
    out.push(units(|b| b.units_16_weeks));
    out.push(opt(s.iwg2018.as_ref().map(|r| code(&r.burden.class))));
    out.push(opt(s.iwg2000.as_ref().map(code)));
    out.push(opt(s.iwg2006.as_ref().map(|r| code(&r.response.category))));
    out.push(opt(s.iwg2018.as_ref().map(|r| code(&r.response.category))));
    out.push(opt(s.response_recorded.as_ref().map(code)));
    out.push(opt(s.hira.as_ref().and_then(|h| match h.outcome {
        HiraOutcome::NotApplicable => None,
        o => Some(code(&o)),
    })));
    out.push(opt(s.dose.as_ref().map(|d| yes_no(d.reduced))));
    out.push(opt(s.dose.as_ref().map(|d| yes_no(d.interrupted))));
    out.push(opt(s
        .dose
        .as_ref()
        .and_then(|d| d.final_stable.as_ref())
        .map(|f| trimmed(f.intensity_mg_per_day, 2))));
    out
}

/// The dataset as a presentation table (a listing: the page folds it).
pub(super) fn dataset_table(d: &Derived, ctx: Ctx) -> Table {
    let t = ctx.t;
    // Data codes, not words: marked as such (the page keeps them as they are).
    let head = vec![COLUMNS.iter().map(|c| Cell::user_label(c)).collect()];
    let body = d
        .subjects
        .iter()
        .map(|s| {
            row(s)
                .iter()
                .enumerate()
                // The patient ID heads its row.
                .map(|(i, v)| {
                    if i == 0 {
                        Cell::user_label(v)
                    } else {
                        Cell::user(v)
                    }
                })
                .collect()
        })
        .collect();
    let mut tb = listing(table(
        "derived-dataset",
        t.t(keys::DATASET_SHORT).into(),
        t.t(keys::DATASET_CAPTION).into(),
        head,
        rows(body),
        vec![t.t(keys::DATASET_NOTE).into()],
    ));
    tb.wide = true;
    tb
}
