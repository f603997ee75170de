//! The karyotype cell at ingest: the del(5q) eligibility fact, the
//! `additional_abnormalities` / `chr7_abnormality` columns when empty, and
//! every note a clinician needs to trust them.
//!
//! Why here and not in the flow: the karyotype is read once, where its
//! cell's location is known, and what could not be read is said at that
//! cell. The rules are those of [`crate::derive::iscn`] and
//! [`crate::derive::cytogenetics`] (ISCN 2020 clonality, derivations.md);
//! this module only decides what the patient record holds and what the
//! user is told:
//! - a karyotype recorded as not done or unknown (`nd`, `not done`, `NA`)
//!   is a note: nothing can be derived, so del(5q) is not assessable;
//! - a part that could hide an abnormality and was not read makes del(5q)
//!   *not assessable* (kept, with a warning) unless del(5q) was read
//!   anyway; it is never "no del(5q)";
//! - del(5q) seen in too few cells to be a clone is said as such (with its
//!   cells), not as "no del(5q) found"; other non-clonal findings are a
//!   note;
//! - a clone with no cell count is a note: clonality could not be checked;
//! - a typo read as meant (a bracket added) is a note naming the part;
//! - marrow blasts the IPSS cannot score (10.5 %, > 30 %) are a warning at
//!   the blasts cell, an empty blasts cell a note (derivations.md: "a value
//!   between bands … is a warning and no score").
//!
//! A derived fact never overwrites a recorded one: the columns are filled
//! only when empty, and [`crate::model::FromKaryotype`] remembers which
//! were filled, so the checks compare only what a site recorded.

use crate::derive::cytogenetics::{self, IpssCytoGroup, IpssRCyto, ThreeQScope};
use crate::derive::iscn::{Karyotype, Unread};
use crate::derive::risk::{self, BloodCounts, Component, Reason};
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Obs, Patient};
use crate::text::{keys, Message};
use std::collections::HashMap;
use std::rc::Rc;

/// One karyotype text, read and classified.
#[derive(Debug)]
struct Reading {
    /// The text as recorded (trimmed).
    text: String,
    /// The text read as ISCN.
    karyotype: Karyotype,
    /// What it says for the study.
    facts: cytogenetics::Cytogenetics,
}

/// The karyotypes of one sheet read so far, by their text.
///
/// A cohort's karyotypes repeat (most patients have one of a few
/// del(5q) karyotypes), and reading one is a pure function of its text:
/// each distinct text is read and classified once, not once per patient.
/// The notes and warnings are still said at every patient's cell.
#[derive(Debug, Default)]
pub(super) struct Readings {
    by_text: HashMap<String, Rc<Reading>>,
}

impl Readings {
    /// The reading of `text`, read now if it was not before.
    fn of(&mut self, text: &str) -> Rc<Reading> {
        if let Some(reading) = self.by_text.get(text) {
            return Rc::clone(reading);
        }
        let karyotype = Karyotype::parse(text);
        let facts = cytogenetics::classify(&karyotype, ThreeQScope::default());
        let reading = Rc::new(Reading {
            text: text.to_string(),
            karyotype,
            facts,
        });
        self.by_text.insert(text.to_string(), Rc::clone(&reading));
        reading
    }
}

/// Parts as the messages quote them: each in quotes, comma-separated (a
/// `/` would read as a clone separator).
fn quoted<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The karyotype of one patient: sets `del5q`, fills the cytogenetic
/// columns when empty, and says what the reading found. `at` is the
/// karyotype cell (its value is the cell as written); `shown` gives the
/// cell as written, asked for only when the karyotype is not a known value
/// (`nd`); `readings` holds the sheet's karyotypes read so far.
pub(super) fn karyotype(
    patient: &mut Patient,
    at: impl Fn(String) -> Location,
    shown: impl FnOnce() -> Option<String>,
    readings: &mut Readings,
    diags: &mut Diagnostics,
) {
    let reading = match &patient.karyotype {
        Obs::Known(text) => readings.of(text),
        Obs::Unknown => {
            let shown = shown().unwrap_or_default();
            diags.info(
                "karyotype-not-done",
                at(shown.clone()),
                Message::new(keys::DIAG_KARYOTYPE_NOT_DONE).with("value", shown),
            );
            return;
        }
        _ => return,
    };
    let (text, read, facts) = (&reading.text, &reading.karyotype, &reading.facts);
    let unreadable = facts.classification.is_err();
    // del(5q) read is there; its absence is only known when the whole
    // karyotype was read.
    patient.del5q = if facts.del5q || !unreadable {
        Obs::Known(facts.del5q)
    } else {
        Obs::Invalid
    };
    let mut not_derived = false;
    let fill = |o: &Obs<_>| !o.is_known() && *o != Obs::Invalid;
    if fill(&patient.chr7_abnormality) {
        patient.chr7_abnormality = if facts.minus7_or_del7q || !unreadable {
            patient.from_karyotype.chr7_abnormality = true;
            Obs::Known(facts.minus7_or_del7q)
        } else {
            not_derived = true;
            Obs::Invalid
        };
    }
    if !patient.additional_abnormalities.is_known()
        && patient.additional_abnormalities != Obs::Invalid
    {
        match &facts.classification {
            Ok(c) => {
                patient.additional_abnormalities = Obs::Known(c.additional);
                patient.from_karyotype.additional_abnormalities = true;
            }
            Err(_) => {
                // Could not be derived: counted as invalid, not as "not recorded".
                patient.additional_abnormalities = Obs::Invalid;
                not_derived = true;
            }
        }
    }

    // The parts not read: those that could hide an abnormality are named
    // in a warning; when there are none, the others (FISH, remarks) in a
    // note.
    let (blocking, other): (Vec<&Unread>, Vec<&Unread>) =
        read.unread.iter().partition(|u| u.kind.blocks_counting());
    // Only a warning needs the parts as text: built then.
    let part = || {
        if blocking.is_empty() {
            quoted([text.as_str()])
        } else {
            quoted(blocking.iter().map(|u| u.text.as_str()))
        }
    };
    if patient.del5q == Obs::Invalid {
        diags.warning(
            "karyotype-not-iscn",
            at(text.clone()),
            Message::new(keys::DIAG_KARYOTYPE_NOT_ISCN_DEL5Q_UNKNOWN).with("part", part()),
        );
    } else if not_derived {
        diags.warning(
            "karyotype-not-iscn",
            at(text.clone()),
            Message::new(keys::DIAG_KARYOTYPE_NOT_ISCN).with("part", part()),
        );
    }
    if blocking.is_empty() && !other.is_empty() {
        diags.info(
            "karyotype-part-not-read",
            at(text.clone()),
            Message::new(keys::DIAG_KARYOTYPE_PART_NOT_READ)
                .with("part", quoted(other.iter().map(|u| u.text.as_str()))),
        );
    }
    if !read.repaired.is_empty() {
        diags.info(
            "karyotype-repaired",
            at(text.clone()),
            Message::new(keys::DIAG_KARYOTYPE_REPAIRED)
                .with("part", quoted(read.repaired.iter().map(String::as_str))),
        );
    }
    // Free text (`del(5q) isolated`) is not a karyotype missing its counts:
    // the warning above says what it is.
    let free_text = read
        .unread
        .iter()
        .any(|u| u.kind == crate::derive::iscn::UnreadKind::ChromosomeNumber);
    if facts.cell_counts_missing && !free_text {
        diags.info(
            "karyotype-no-cell-count",
            at(text.clone()),
            Message::new(keys::DIAG_KARYOTYPE_NO_CELL_COUNT),
        );
    }
    // Non-clonal findings, in ISCN's own notation (cells in brackets).
    let (del5q_single, others): (Vec<_>, Vec<_>) = facts
        .non_clonal
        .iter()
        .partition(|n| n.abnormality.is_deletion_of(5, crate::derive::iscn::Arm::Q));
    let cells = |list: &[&cytogenetics::NonClonal]| {
        list.iter()
            .map(|n| format!("{}[{}]", n.abnormality.text, n.cells))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !others.is_empty() {
        diags.info(
            "karyotype-non-clonal",
            at(text.clone()),
            Message::new(keys::DIAG_KARYOTYPE_NON_CLONAL).with("findings", cells(&others)),
        );
    }
    if patient.del5q == Obs::Known(false) {
        if del5q_single.is_empty() {
            diags.warning(
                "no-del5q",
                at(text.clone()),
                Message::new(keys::DIAG_NO_DEL5Q),
            );
        } else {
            diags.warning(
                "no-del5q",
                at(text.clone()),
                Message::new(keys::DIAG_DEL5Q_NOT_CLONAL).with("findings", cells(&del5q_single)),
            );
        }
    }
}

/// Marrow blasts the risk scores cannot use, said at the blasts cell: a
/// value between the IPSS's whole-percentage bands (10.5 %) or above 30 %
/// is a warning (derivations.md), an empty cell in a file that has the
/// column a note. The verdict is the risk module's own (scored with
/// placeholder good values for the other parts, and only its blast reasons
/// kept), so the bands are written down once.
pub(super) fn blasts(
    patient: &Patient,
    at: impl Fn(String) -> Location,
    column_exists: bool,
    diags: &mut Diagnostics,
) {
    let shown = |v: f64| crate::ingest::sheet::format_number(v);
    match patient.bm_blasts_pct {
        Obs::Known(b) => {
            let counts = BloodCounts {
                hb_g_dl: Some(12.0),
                anc_per_ul: Some(2000.0),
                platelets_per_ul: Some(200_000.0),
            };
            let mut reasons: Vec<Reason> = Vec::new();
            if let Err(e) = risk::ipss(Some(b), Some(IpssCytoGroup::Good), counts) {
                reasons.extend(e.reasons);
            }
            if let Err(e) = risk::ipss_r(Some(b), Some(IpssRCyto::Good), counts) {
                reasons.extend(e.reasons);
            }
            let between = reasons.iter().any(|r| {
                matches!(
                    r,
                    Reason::BetweenBands {
                        component: Component::Blasts,
                        ..
                    }
                )
            });
            let above = reasons.iter().any(|r| {
                matches!(
                    r,
                    Reason::AboveScope {
                        component: Component::Blasts,
                        ..
                    }
                )
            });
            let key = if above {
                keys::DIAG_BLASTS_ABOVE_SCOPE
            } else if between {
                keys::DIAG_BLASTS_BETWEEN_BANDS
            } else {
                return;
            };
            diags.warning(
                "blasts-not-scored",
                at(shown(b)),
                Message::new(key).with("value", shown(b)),
            );
        }
        Obs::Empty | Obs::Unknown if column_exists => diags.info(
            "blasts-missing",
            at(String::new()),
            Message::new(keys::DIAG_BLASTS_MISSING),
        ),
        _ => {}
    }
}
