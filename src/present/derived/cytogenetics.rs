//! The cytogenetics of the derived section: what the karyotypes say over
//! every screened patient (the cytogenetics table a registry extract gets
//! without a safety population), and the recorded `additional_abnormalities`
//! and `chr7_abnormality` against the karyotype, each disagreement added to
//! the section's listing, as is a WHO class "MDS with isolated del(5q)"
//! the karyotype contradicts.

use super::super::format::percent;
use super::super::{rows, table, Block, Cell, Ctx, Group};
use super::cross_table;
use crate::derive::cytogenetics::{IpssCytoGroup, IpssRCyto};
use crate::derive::cytogenetics_checks::{CytogeneticsChecks, NotIsolatedDel5q};
use crate::text::{keys, Key};

fn ipss_group(g: IpssCytoGroup) -> Key {
    match g {
        IpssCytoGroup::Good => keys::DERIVED_CYTO_GOOD,
        IpssCytoGroup::Intermediate => keys::DERIVED_CYTO_INTERMEDIATE,
        IpssCytoGroup::Poor => keys::DERIVED_CYTO_POOR,
    }
}

fn ipss_r_category(c: IpssRCyto) -> Key {
    match c {
        IpssRCyto::VeryGood => keys::DERIVED_CYTO_VERY_GOOD,
        IpssRCyto::Good => keys::DERIVED_CYTO_GOOD,
        IpssRCyto::Intermediate => keys::DERIVED_CYTO_INTERMEDIATE,
        IpssRCyto::Poor => keys::DERIVED_CYTO_POOR,
        IpssRCyto::VeryPoor => keys::DERIVED_CYTO_VERY_POOR,
    }
}

/// The tables, and the disagreements for the section's listing
/// (patient, column, recorded, derived).
pub(super) fn blocks(
    c: &CytogeneticsChecks,
    ctx: Ctx,
    listed: &mut Vec<[String; 4]>,
) -> Vec<Block> {
    let t = ctx.t;
    let s = &c.summary;
    let n_pct =
        |n: usize| Cell::count_percent(format!("{n} ({})", percent(n, s.classified)), s.classified);
    let row = |key: Key, n: usize, indent: u8| vec![Cell::label(t.t(key)).indent(indent), n_pct(n)];
    let counts = rows(vec![
        row(keys::DERIVED_CYTO_DEL5Q, s.del5q, 0),
        row(keys::LEVEL_ISOLATED_DEL5Q, s.isolated_del5q, 1),
        row(keys::LEVEL_DEL5Q_PLUS_ONE, s.del5q_plus_one, 1),
        row(keys::LEVEL_DEL5Q_PLUS_TWO, s.del5q_plus_two, 1),
        row(keys::DERIVED_CYTO_CHR7, s.chr7, 0),
        row(keys::DERIVED_CYTO_COMPLEX, s.complex, 0),
    ]);
    let ipss = Group {
        label: Some(t.t(keys::DERIVED_CYTO_IPSS_GROUP).to_string()),
        key: None,
        rows: s
            .ipss_groups
            .iter()
            .map(|&(g, n)| row(ipss_group(g), n, 1))
            .collect(),
    };
    let ipss_r = Group {
        label: Some(t.t(keys::DERIVED_CYTO_IPSS_R_CATEGORY).to_string()),
        key: None,
        rows: s
            .ipss_r_categories
            .iter()
            .map(|&(k, n)| row(ipss_r_category(k), n, 1))
            .collect(),
    };
    let mut groups = counts;
    groups.push(ipss);
    groups.push(ipss_r);
    let summary = table(
        "derived-cytogenetics",
        t.t(keys::DERIVED_CYTO_SHORT).into(),
        t.f(keys::DERIVED_CYTO_CAPTION, &[("n", &s.classified)]),
        vec![vec![
            Cell::head(t.t(keys::DERIVED_CYTO_COL_FINDING)),
            Cell::head(t.t(keys::COL_N_PERCENT)),
        ]],
        groups,
        vec![t.f(
            keys::DERIVED_CYTO_NOTE,
            &[
                ("screened", &s.screened),
                ("classified", &s.classified),
                ("none", &s.no_karyotype),
                ("not_read", &s.not_read),
            ],
        )],
    );

    let yes_no = |b: &bool| super::yes_no(*b, t);
    let mut additional = cross_table(
        "derived-additional-abnormalities",
        "additional_abnormalities".into(),
        t.t(keys::DERIVED_CYTO_ADDITIONAL_CAPTION).into(),
        &c.additional_abnormalities,
        |n: &u32| n.to_string(),
        ctx,
    );
    let mut chr7 = cross_table(
        "derived-chr7-abnormality",
        "chr7_abnormality".into(),
        t.t(keys::DERIVED_CYTO_CHR7_CAPTION).into(),
        &c.chr7_abnormality,
        yes_no,
        ctx,
    );
    for tb in [&mut additional, &mut chr7] {
        tb.footnotes
            .push(t.t(keys::DERIVED_CYTO_RECORDED_WIN).into());
    }
    for d in &c.additional_abnormalities.disagreements {
        listed.push([
            d.patient_id.clone(),
            "additional_abnormalities".into(),
            d.recorded.to_string(),
            d.derived.to_string(),
        ]);
    }
    for d in &c.chr7_abnormality.disagreements {
        listed.push([
            d.patient_id.clone(),
            "chr7_abnormality".into(),
            yes_no(&d.recorded),
            yes_no(&d.derived),
        ]);
    }
    for m in &c.who_isolated_del5q {
        let derived = match m.reason {
            NotIsolatedDel5q::NoDel5q => keys::CRITERION_DEL5Q,
            NotIsolatedDel5q::Chromosome7 => keys::CRITERION_CHR7,
            NotIsolatedDel5q::TwoOrMoreAdditional => keys::LEVEL_DEL5Q_PLUS_TWO,
        };
        listed.push([
            m.patient_id.clone(),
            "who_class".into(),
            t.t(keys::DERIVED_CYTO_WHO_ISOLATED_DEL5Q).into(),
            t.t(derived).into(),
        ]);
    }
    vec![
        Block::Table(summary),
        Block::Table(additional),
        Block::Table(chr7),
    ]
}
