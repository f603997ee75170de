//! The `transfusions` and `dosing` sheets: dated logs kept on the patient
//! in date order. They are records; what they imply (the burden before
//! start, dose changes) is derived and checked in `crate::derive`.

use super::Rows;
use crate::diagnostics::Diagnostics;
use crate::ingest::schedule;
use crate::ingest::values::{self, Presence};
use crate::model::{DosingRecord, Patient, TransfusionRecord};
use crate::schema::LabKind;
use crate::text::{keys, Message};

/// Merges the rows of a `transfusions` sheet; returns the rows read.
pub(super) fn merge_transfusions(
    rows: &Rows<'_>,
    patients: &mut [Patient],
    diags: &mut Diagnostics,
) -> usize {
    let cols = rows.cols;
    let rows_read = rows.each(diags, |r, p, date, diags| {
        match (date, rows.number(r, cols.units)) {
            (Some(date), Some(units)) if units >= 0.0 => {
                let pre_hb = match values::presence(&rows.cell(r, cols.pre_hb)) {
                    Presence::Present => match rows.number(r, cols.pre_hb) {
                        Some(hb) if hb_plausible(hb) => Some(hb),
                        _ => {
                            diags.warning(
                                "invalid-value",
                                rows.at(r, cols.pre_hb, rows.cell(r, cols.pre_hb).display()),
                                Message::new(keys::DIAG_INVALID_PRE_HB),
                            );
                            None
                        }
                    },
                    _ => None,
                };
                patients[p].transfusion_log.push(TransfusionRecord {
                    date,
                    units,
                    pre_hb,
                });
            }
            _ => diags.warning(
                "invalid-value",
                rows.at(r, cols.units, rows.cell(r, cols.units).display()),
                Message::new(keys::DIAG_INVALID_TRANSFUSION_ROW),
            ),
        }
    });
    for patient in patients.iter_mut() {
        patient.transfusion_log.sort_by_key(|t| t.date);
    }
    rows_read
}

/// Merges the rows of a `dosing` sheet; returns the rows read.
pub(super) fn merge_dosing(
    rows: &Rows<'_>,
    patients: &mut [Patient],
    diags: &mut Diagnostics,
) -> usize {
    let cols = rows.cols;
    let rows_read = rows.each(diags, |r, p, date, diags| {
        match (date, rows.number(r, cols.dose_mg)) {
            (Some(d), Some(dose)) if dose >= 0.0 => {
                let sched = match values::presence(&rows.cell(r, cols.schedule)) {
                    Presence::Present => schedule::parse(&rows.cell(r, cols.schedule).display()),
                    _ => None,
                };
                let reason = match values::presence(&rows.cell(r, cols.reason)) {
                    Presence::Present => Some(rows.cell(r, cols.reason).display()),
                    _ => None,
                };
                patients[p].dosing_log.push(DosingRecord {
                    date: d,
                    dose_mg: dose,
                    schedule: sched,
                    reason,
                });
            }
            _ => diags.warning(
                "invalid-value",
                rows.at(r, cols.dose_mg, rows.cell(r, cols.dose_mg).display()),
                Message::new(keys::DIAG_INVALID_DOSING_ROW),
            ),
        }
    });
    for patient in patients.iter_mut() {
        patient.dosing_log.sort_by_key(|d| d.date);
    }
    rows_read
}

/// A pre-transfusion Hb in g/dL within the plausible range of any Hb.
fn hb_plausible(hb: f64) -> bool {
    let (lo, hi) = LabKind::Hb.plausible_range();
    (lo..=hi).contains(&hb)
}
