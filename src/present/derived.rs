//! "Derived values and checks": what the raw records say against what the
//! sites recorded (derivations.md), and the derived dataset.
//!
//! Each comparison is a cross table (recorded rows, derived columns) with
//! agreement and Cohen's kappa in its footnote, followed by a listing of
//! every patient where the two differ, so a data manager can query exactly
//! those rows.

use super::format::{fixed, level, trimmed};
use super::model::{Paragraph, TextRole};
use super::{computed, listing, rows, table, words, Block, Cell, CellKind, Ctx, Section};
use crate::derive::checks::{Comparison, Derived, Responded};
use crate::derive::ctcae::Lab;
use crate::derive::dose::DoseDisagreement;
use crate::derive::hira::HiraNotApplicable;
use crate::derive::response_outcome::Iwg2000;
use crate::derive::risk::Component;
use crate::derive::sources::KeptReason;
use crate::derive::subject::{Derivation, NotDerived};
use crate::derive::transfusion::BurdenDisagreement;
use crate::settings::Source;
use crate::text::{keys, Key, Text};

mod cytogenetics;

fn responded(r: Responded) -> Key {
    match r {
        Responded::Response => keys::DERIVED_RESPONDED_YES,
        Responded::NoResponse => keys::DERIVED_RESPONDED_NO,
        Responded::NotEvaluable => keys::RESPONSE_NE,
    }
}

fn iwg2000_name(c: Iwg2000, t: Text) -> String {
    match c {
        Iwg2000::HiEMajor => t.t(keys::DERIVED_IWG2000_HIE_MAJOR).into(),
        other => t.t(words::response(other.as_recorded())).into(),
    }
}

fn part(c: Component) -> Key {
    match c {
        Component::Blasts => keys::DERIVED_PART_BLASTS,
        Component::Cytogenetics => keys::DERIVED_PART_CYTOGENETICS,
        Component::Hemoglobin => keys::DERIVED_PART_HEMOGLOBIN,
        Component::Neutrophils => keys::DERIVED_PART_NEUTROPHILS,
        Component::Platelets => keys::DERIVED_PART_PLATELETS,
        Component::Age => keys::DERIVED_PART_AGE,
        Component::DiagnosisDate => keys::DERIVED_PART_DIAGNOSIS_DATE,
    }
}

fn kept_reason(r: KeptReason, t: Text) -> String {
    let key = match r {
        KeptReason::NoTransfusionSheet => keys::DERIVED_KEPT_NO_TRANSFUSION_SHEET,
        KeptReason::NoStartDate => keys::DERIVED_KEPT_NO_START_DATE,
        KeptReason::NoTreatmentEnd => keys::DERIVED_KEPT_NO_TREATMENT_END,
        KeptReason::NoLabValue => keys::DERIVED_KEPT_NO_LAB_VALUE,
        KeptReason::NoCrfCategory => keys::DERIVED_KEPT_NO_CRF_CATEGORY,
        KeptReason::ScorePartMissing { component } => {
            return t.f(
                keys::DERIVED_KEPT_PART_MISSING,
                &[("part", &t.t(part(component)))],
            )
        }
        KeptReason::ScorePartNotGraded { component } => {
            return t.f(
                keys::DERIVED_KEPT_PART_NOT_GRADED,
                &[("part", &t.t(part(component)))],
            )
        }
    };
    t.t(key).into()
}

/// Which source each group of tables used, and who kept a recorded value
/// (settings `response_source`, `risk_source`, `toxicity_source`).
fn sources_table(d: &Derived, ctx: Ctx) -> super::Table {
    let t = ctx.t;
    let sep = t.t(keys::LIST_SEPARATOR);
    let body = [
        (keys::DERIVED_SOURCES_RESPONSE, &d.sources.response),
        (keys::DERIVED_SOURCES_RISK, &d.sources.risk),
        (keys::DERIVED_SOURCES_TOXICITY, &d.sources.toxicity),
    ]
    .into_iter()
    .map(|(what, used)| {
        let derived = used.source == Source::Derived;
        let kept: u64 = used.kept_recorded.iter().map(|k| k.patients).sum();
        let why: Vec<String> = used
            .kept_recorded
            .iter()
            .map(|k| {
                t.f(
                    keys::DERIVED_KEPT_REASON,
                    &[("reason", &kept_reason(k.reason, t)), ("n", &k.patients)],
                )
            })
            .collect();
        vec![
            Cell::label(t.t(what)),
            Cell::text(t.t(if derived {
                keys::DERIVED_SOURCE_DERIVED
            } else {
                keys::DERIVED_SOURCE_RECORDED
            })),
            if derived {
                Cell::count(kept as usize)
            } else {
                Cell::empty()
            },
            if why.is_empty() {
                Cell::empty()
            } else {
                Cell::text(why.join(sep))
            },
        ]
    })
    .collect();
    table(
        "derived-sources",
        t.t(keys::DERIVED_SOURCES_SHORT).into(),
        t.t(keys::DERIVED_SOURCES_CAPTION).into(),
        vec![vec![
            Cell::head(t.t(keys::DERIVED_SOURCES_COL_VALUES)),
            Cell::head(t.t(keys::DERIVED_SOURCES_COL_SOURCE)),
            Cell::head(t.t(keys::DERIVED_SOURCES_COL_KEPT)),
            Cell::head(t.t(keys::DERIVED_SOURCES_COL_WHY)),
        ]],
        rows(body),
        vec![t.t(keys::DERIVED_SOURCES_NOTE).into()],
    )
}

fn lab_term(lab: Lab) -> Key {
    match lab {
        Lab::Hemoglobin => keys::AE_ANEMIA,
        Lab::Neutrophils => keys::AE_NEUTROPENIA,
        Lab::Platelets => keys::AE_THROMBOCYTOPENIA,
        Lab::Lymphocytes => keys::AE_LYMPHOPENIA,
    }
}

fn hira_reason(r: HiraNotApplicable) -> Key {
    match r {
        HiraNotApplicable::StoppedBefore => keys::DERIVED_HIRA_STOPPED_BEFORE,
        HiraNotApplicable::FollowUpEnded => keys::DERIVED_HIRA_FOLLOW_UP_ENDED,
        HiraNotApplicable::NoBurdenBeforeStart => keys::DERIVED_HIRA_NO_BURDEN,
    }
}

/// Agreement and kappa, for a comparison's footnote.
fn agreement_note<K>(c: &Comparison<K>, ctx: Ctx) -> String {
    let t = ctx.t;
    let kappa = match &c.kappa {
        crate::analysis::values::Computed::Value(k) => match &k.interval {
            crate::analysis::values::Computed::Value((lo, hi)) => t.f(
                keys::DERIVED_KAPPA_CI,
                &[
                    ("kappa", &fixed(k.kappa, 2)),
                    ("level", &level(ctx.settings.confidence_level)),
                    ("lower", &fixed(*lo, 2)),
                    ("upper", &fixed(*hi, 2)),
                ],
            ),
            crate::analysis::values::Computed::NotComputable(_) => {
                t.f(keys::DERIVED_KAPPA, &[("kappa", &fixed(k.kappa, 2))])
            }
        },
        crate::analysis::values::Computed::NotComputable(r) => t.f(
            keys::DERIVED_KAPPA_NOT_COMPUTABLE,
            &[("reason", &t.t(words::reason(*r)))],
        ),
    };
    t.f(
        keys::DERIVED_AGREEMENT,
        &[("agreeing", &c.agreeing), ("n", &c.n), ("kappa", &kappa)],
    )
}

/// A cross table of a comparison: recorded categories down, derived across.
fn cross_table<K>(
    id: &'static str,
    short: String,
    caption: String,
    c: &Comparison<K>,
    name: impl Fn(&K) -> String,
    ctx: Ctx,
) -> super::Table {
    let t = ctx.t;
    let head: Vec<Cell> = c.categories.iter().map(|k| Cell::head(name(k))).collect();
    let body = c
        .categories
        .iter()
        .zip(&c.table)
        .map(|(k, counts)| {
            let mut row = vec![Cell::label(name(k))];
            row.extend(counts.iter().map(|&n| Cell::count(n as usize)));
            row
        })
        .collect();
    table(
        id,
        short,
        caption,
        vec![
            vec![
                Cell::head(t.t(keys::DERIVED_COL_RECORDED)).rows(2),
                Cell::head(t.t(keys::DERIVED_COL_DERIVED)).cols(c.categories.len() as u16),
            ],
            head,
        ],
        rows(body),
        vec![agreement_note(c, ctx)],
    )
}

/// Every patient where recorded and derived differ.
fn disagreements(
    id: &'static str,
    short: String,
    caption: String,
    rows_: Vec<[String; 4]>,
    ctx: Ctx,
) -> super::Table {
    let t = ctx.t;
    let total = rows_.len();
    let head = vec![vec![
        Cell::head(t.t(keys::DERIVED_COL_PATIENT)),
        Cell::head(t.t(keys::DERIVED_COL_WHAT)),
        Cell::head(t.t(keys::DERIVED_COL_RECORDED)),
        Cell::head(t.t(keys::DERIVED_COL_DERIVED)),
    ]];
    let body = rows_
        .into_iter()
        .take(ctx.listed(total))
        .map(|[p, what, r, d]| {
            vec![
                Cell::user_label(&p),
                Cell::text(what),
                Cell::text(r),
                Cell::text(d),
            ]
        })
        .collect();
    let mut tb = listing(table(id, short, caption, head, rows(body), Vec::new()));
    super::cut_listing(&mut tb, total, t);
    tb
}

fn yes_no(b: bool, t: Text) -> String {
    t.t(if b {
        keys::DERIVED_YES
    } else {
        keys::DERIVED_NO
    })
    .to_string()
}

/// The patients whose risk scores took counts from week 0, with which: the
/// first [`LISTED_PLACES`](crate::diagnostics::LISTED_PLACES) by name and
/// how many more (a footnote is one text, in one spreadsheet cell; the
/// derived dataset names every patient).
fn week0_note(patients: &[(String, Vec<Component>)], t: Text) -> String {
    let sep = t.t(keys::LIST_SEPARATOR);
    let named = patients.len().min(crate::diagnostics::LISTED_PLACES);
    let list: Vec<String> = patients[..named]
        .iter()
        .map(|(id, counts)| {
            let counts: Vec<&str> = counts.iter().map(|c| t.t(part(*c))).collect();
            t.f(
                keys::DERIVED_WEEK0_PATIENT,
                &[
                    ("patient", &super::format::safe_text(id)),
                    ("counts", &counts.join(sep)),
                ],
            )
        })
        .collect();
    if named == patients.len() {
        t.f(keys::DERIVED_WEEK0_NOTE, &[("patients", &list.join(sep))])
    } else {
        t.f(
            keys::DERIVED_WEEK0_NOTE_MORE,
            &[
                ("n", &patients.len()),
                ("patients", &list.join(sep)),
                ("more", &(patients.len() - named)),
            ],
        )
    }
}

/// Why CTCAE grades could not be derived, one footnote per reason (e.g.
/// no `start_date`, without which no lab value is "on treatment").
fn ctcae_not_derived(d: &Derived, t: Text) -> Vec<String> {
    let mut counts: Vec<(NotDerived, usize)> = Vec::new();
    for s in &d.subjects {
        for (what, why) in &s.not_derived {
            if *what == Derivation::Ctcae {
                match counts.iter_mut().find(|(w, _)| w == why) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((*why, 1)),
                }
            }
        }
    }
    counts.sort();
    counts
        .into_iter()
        .map(|(why, n)| {
            let reason = match why {
                NotDerived::NoStartDate => keys::DERIVED_KEPT_NO_START_DATE,
                NotDerived::NoTreatmentEnd => keys::DERIVED_KEPT_NO_TREATMENT_END,
                _ => keys::DERIVED_KEPT_NO_LAB_VALUE,
            };
            t.f(
                keys::DERIVED_CTCAE_NOT_DERIVED,
                &[("n", &n), ("reason", &t.t(reason))],
            )
        })
        .collect()
}

/// The section.
pub(super) fn section(d: &Derived, ctx: Ctx) -> Section {
    let t = ctx.t;
    let mut blocks = vec![Block::Text(Paragraph {
        role: TextRole::Body,
        text: t.t(keys::DERIVED_INTRO).to_string(),
    })];
    blocks.push(Block::Table(sources_table(d, ctx)));
    let mut listed: Vec<[String; 4]> = Vec::new();
    // Risk groups: recorded against the scores derived from blasts,
    // karyotype and counts (category codes as crf-v1 spells them).
    for (id, label, c) in [
        ("derived-ipss", "IPSS", &d.risk.ipss),
        ("derived-ipss-r", "IPSS-R", &d.risk.ipss_r),
    ] {
        let mut tb = cross_table(
            id,
            label.into(),
            t.f(keys::DERIVED_RISK_CAPTION, &[("score", &label)]),
            c,
            |k: &String| k.clone(),
            ctx,
        );
        if !d.risk.counts_from_week0.is_empty() {
            tb.footnotes.push(week0_note(&d.risk.counts_from_week0, t));
        }
        blocks.push(Block::Table(tb));
        for dis in &c.disagreements {
            listed.push([
                dis.patient_id.clone(),
                label.into(),
                dis.recorded.clone(),
                dis.derived.clone(),
            ]);
        }
    }
    blocks.extend(cytogenetics::blocks(&d.cytogenetics, ctx, &mut listed));
    match &d.response {
        Some(r) => {
            let response_name = |k: &Iwg2000| iwg2000_name(*k, t);
            let mut tb = cross_table(
                "derived-iwg2000",
                t.t(keys::DERIVED_IWG2000_SHORT).into(),
                t.t(keys::DERIVED_IWG2000_CAPTION).into(),
                &r.iwg2000,
                response_name,
                ctx,
            );
            tb.footnotes.push(t.t(keys::DERIVED_IWG2000_NOTE).into());
            blocks.push(Block::Table(tb));
            for (id, short, caption, c) in [
                (
                    "derived-iwg2006",
                    keys::DERIVED_IWG2006_SHORT,
                    keys::DERIVED_IWG2006_CAPTION,
                    &r.iwg2006,
                ),
                (
                    "derived-iwg2018",
                    keys::DERIVED_IWG2018_SHORT,
                    keys::DERIVED_IWG2018_CAPTION,
                    &r.iwg2018,
                ),
            ] {
                let mut tb = cross_table(
                    id,
                    t.t(short).into(),
                    t.t(caption).into(),
                    c,
                    |k| t.t(responded(*k)).into(),
                    ctx,
                );
                if id == "derived-iwg2006" && r.iwg2006_without_pre_hb > 0 {
                    tb.footnotes.push(t.f(
                        keys::DERIVED_IWG2006_NO_PRE_HB,
                        &[("n", &r.iwg2006_without_pre_hb)],
                    ));
                }
                blocks.push(Block::Table(tb));
            }
            for dis in &r.iwg2000.disagreements {
                listed.push([
                    dis.patient_id.clone(),
                    t.t(keys::DERIVED_IWG2000_SHORT).into(),
                    response_name(&dis.recorded),
                    response_name(&dis.derived),
                ]);
            }
            for (short, c) in [
                (keys::DERIVED_IWG2006_SHORT, &r.iwg2006),
                (keys::DERIVED_IWG2018_SHORT, &r.iwg2018),
            ] {
                for dis in &c.disagreements {
                    listed.push([
                        dis.patient_id.clone(),
                        t.t(short).into(),
                        t.t(responded(dis.recorded)).into(),
                        t.t(responded(dis.derived)).into(),
                    ]);
                }
            }
        }
        None => blocks.push(Block::Text(Paragraph {
            role: TextRole::Hint,
            text: t.t(keys::DERIVED_NO_TRANSFUSIONS).to_string(),
        })),
    }

    // CTCAE grades: one row per count, and the shift tables.
    let grade_rows = d
        .ctcae
        .iter()
        .map(|c| {
            vec![
                Cell::label(t.t(lab_term(c.lab))),
                Cell::count(c.grades.n as usize),
                Cell::count(c.grades.agreeing as usize),
                computed(&c.grades.kappa, t, |k| {
                    Cell::number(CellKind::Number, k.kappa, 2, fixed(k.kappa, 2))
                }),
                Cell::count(c.shift.worsened() as usize),
            ]
        })
        .collect();
    blocks.push(Block::Table(table(
        "derived-ctcae",
        t.t(keys::DERIVED_CTCAE_SHORT).into(),
        t.t(keys::DERIVED_CTCAE_CAPTION).into(),
        vec![vec![
            Cell::head(t.t(keys::DERIVED_COL_COUNT)),
            Cell::head(t.t(keys::DERIVED_COL_COMPARED)),
            Cell::head(t.t(keys::DERIVED_COL_AGREEING)),
            Cell::head(t.t(keys::DERIVED_COL_KAPPA)),
            Cell::head(t.t(keys::DERIVED_COL_WORSENED)),
        ]],
        rows(grade_rows),
        [t.f(
            keys::DERIVED_CTCAE_NOTE,
            &[
                (
                    "hb_f",
                    &trimmed(ctx.settings.derivations.ctcae.lln_hb_female_g_dl, 1),
                ),
                (
                    "hb_m",
                    &trimmed(ctx.settings.derivations.ctcae.lln_hb_male_g_dl, 1),
                ),
                (
                    "anc",
                    &trimmed(ctx.settings.derivations.ctcae.lln_anc_per_ul, 0),
                ),
                (
                    "plt",
                    &trimmed(ctx.settings.derivations.ctcae.lln_platelets_per_ul, 0),
                ),
                (
                    "alc",
                    &trimmed(ctx.settings.derivations.ctcae.lln_alc_per_ul, 0),
                ),
            ],
        )]
        .into_iter()
        .chain(ctcae_not_derived(d, t))
        .collect(),
    )));
    for c in &d.ctcae {
        for dis in &c.grades.disagreements {
            listed.push([
                dis.patient_id.clone(),
                t.t(lab_term(c.lab)).into(),
                dis.recorded.to_string(),
                dis.derived.to_string(),
            ]);
        }
    }
    let grade_head = |i: usize| {
        if i == 5 {
            t.t(keys::DERIVED_NO_VALUE).to_string()
        } else {
            i.to_string()
        }
    };
    let shift_head: Vec<Cell> = (0..6).map(|i| Cell::head(grade_head(i))).collect();
    let groups = d
        .ctcae
        .iter()
        .map(|c| super::Group {
            key: None,
            label: Some(t.t(lab_term(c.lab)).to_string()),
            rows: (0..6)
                .map(|i| {
                    let mut row = vec![Cell::label(grade_head(i)).indent(1)];
                    row.extend(c.shift.counts[i].iter().map(|&n| Cell::count(n as usize)));
                    row
                })
                .collect(),
        })
        .collect();
    blocks.push(Block::Table(table(
        "derived-shift",
        t.t(keys::DERIVED_SHIFT_SHORT).into(),
        t.t(keys::DERIVED_SHIFT_CAPTION).into(),
        vec![
            vec![
                Cell::head(t.t(keys::DERIVED_COL_BASELINE)).rows(2),
                Cell::head(t.t(keys::DERIVED_COL_WORST)).cols(6),
            ],
            shift_head,
        ],
        groups,
        Vec::new(),
    )));

    if let Some(h) = &d.hira {
        let mut items = vec![
            t.f(keys::DERIVED_HIRA_MET, &[("n", &h.met)]),
            t.f(keys::DERIVED_HIRA_NOT_MET, &[("n", &h.not_met)]),
        ];
        if !h.not_met_continued.is_empty() {
            items.push(t.f(
                keys::DERIVED_HIRA_CONTINUED,
                &[("patients", &h.not_met_continued.join(", "))],
            ));
        }
        for (r, n) in &h.not_applicable {
            items.push(t.f(
                keys::DERIVED_HIRA_NOT_APPLICABLE,
                &[("reason", &t.t(hira_reason(*r))), ("n", n)],
            ));
        }
        blocks.push(Block::Text(Paragraph {
            role: TextRole::Heading,
            text: t.t(keys::DERIVED_HIRA_TITLE).to_string(),
        }));
        blocks.push(Block::List(super::model::List { items }));
    }

    for c in &d.burden {
        for col in &c.columns {
            let (name, r, dv) = match col {
                BurdenDisagreement::RbcUnits8wk { recorded, derived } => {
                    ("rbc_units_8wk", recorded, derived)
                }
                BurdenDisagreement::RbcUnits6mo { recorded, derived } => {
                    ("rbc_units_6mo", recorded, derived)
                }
            };
            listed.push([
                c.patient_id.clone(),
                name.into(),
                trimmed(*r, 1),
                trimmed(*dv, 1),
            ]);
        }
    }
    let none = || t.t(keys::DERIVED_NOT_DERIVABLE).to_string();
    for c in &d.dose {
        for col in &c.columns {
            let row = match col {
                DoseDisagreement::DoseReduced { recorded, derived } => [
                    "dose_reduced".into(),
                    yes_no(*recorded, t),
                    yes_no(*derived, t),
                ],
                DoseDisagreement::DoseInterrupted { recorded, derived } => [
                    "dose_interrupted".into(),
                    yes_no(*recorded, t),
                    yes_no(*derived, t),
                ],
                DoseDisagreement::FinalDoseMg { recorded, derived } => [
                    "final_dose_mg".into(),
                    trimmed(*recorded, 1),
                    derived.map_or_else(none, |x| trimmed(x, 1)),
                ],
                DoseDisagreement::FinalSchedule { recorded, derived } => [
                    "final_schedule".into(),
                    t.t(words::regimen(*recorded)).into(),
                    derived.map_or_else(none, |r| t.t(words::regimen(r)).into()),
                ],
            };
            let [what, r, dv] = row;
            listed.push([c.patient_id.clone(), what, r, dv]);
        }
    }
    blocks.push(Block::Table(disagreements(
        "derived-disagreements",
        t.t(keys::DERIVED_DISAGREEMENTS_SHORT).into(),
        t.f(keys::DERIVED_DISAGREEMENTS_CAPTION, &[("n", &listed.len())]),
        listed,
        ctx,
    )));
    blocks.push(Block::Table(super::dataset::dataset_table(d, ctx)));
    super::section("derived", t.t(keys::DERIVED_TITLE), blocks)
}
