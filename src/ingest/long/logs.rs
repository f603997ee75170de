//! The `transfusions` and `dosing` sheets: dated logs kept on the patient
//! in date order. They are records; what they imply (the burden before
//! start, dose changes) is derived and checked in `crate::derive`.

use super::Rows;
use crate::diagnostics::Diagnostics;
use crate::ingest::schedule;
use crate::model::{DosingRecord, Patient, TransfusionRecord};
use crate::schema::LabKind;
use crate::text::keys;

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
                let pre_hb = match rows.present_text(r, cols.pre_hb) {
                    Some(_) => match rows.number(r, cols.pre_hb) {
                        Some(hb) if hb_plausible(hb) => Some(hb),
                        _ => {
                            rows.invalid(diags, r, cols.pre_hb, keys::DIAG_INVALID_PRE_HB);
                            None
                        }
                    },
                    None => None,
                };
                patients[p].transfusion_log.push(TransfusionRecord {
                    date,
                    units,
                    pre_hb,
                });
            }
            _ => rows.invalid(diags, r, cols.units, keys::DIAG_INVALID_TRANSFUSION_ROW),
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
                patients[p].dosing_log.push(DosingRecord {
                    date: d,
                    dose_mg: dose,
                    schedule: rows
                        .present_text(r, cols.schedule)
                        .and_then(|text| schedule::parse(&text)),
                    reason: rows.present_text(r, cols.reason),
                });
            }
            _ => rows.invalid(diags, r, cols.dose_mg, keys::DIAG_INVALID_DOSING_ROW),
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
