//! Each fixed column placed on the patients by its field, and each
//! adverse-event column by its term.
//!
//! [`read_fixed`] matches [`Field`] exhaustively: a column added to the
//! schema does not compile until this says how it is read and where its
//! values go, so no column can be mapped and then silently ignored. What a
//! value must be beyond its type (blasts within 0–100 %, transfused units
//! not negative, a dose above zero) is checked here, at the cell.

use super::decode::ColumnReader;
use super::{Ctx, Missing};
use crate::diagnostics::Diagnostics;
use crate::ingest::values;
use crate::model::{Obs, Patient, Response, StopReason};
use crate::schema::Field;
use crate::text::{keys, Message};

/// Reads the column at `col`, which holds `field`, into the patients, and
/// returns its empty and explicitly unknown cells (read off the decoded
/// column, not counted in another pass over the cells).
pub(super) fn read_fixed(
    ctx: &Ctx<'_>,
    field: Field,
    col: usize,
    patients: &mut [Patient],
    diags: &mut Diagnostics,
) -> Missing {
    let column = ColumnReader::new(ctx, col, field);
    let d = diags;
    match field {
        // The IDs were read with the rows (`super::patient_rows`): a row
        // whose ID is empty or unknown holds no patient, so none is missing.
        Field::PatientId => Missing::default(),
        Field::Site => set(patients, column.texts(d), |p| &mut p.site),
        Field::Sex => set(patients, column.decode(d, values::sex), |p| &mut p.sex),
        Field::Age => set(patients, column.numbers(d), |p| &mut p.age),
        Field::HeightCm => set(patients, column.numbers(d), |p| &mut p.height_cm),
        Field::WeightKg => set(patients, column.numbers(d), |p| &mut p.weight_kg),
        Field::WhoClass => {
            // Unrecognized WHO wording is kept as written: Table 1 lists it.
            let mut category = column.category_matcher();
            let who = column.decode(d, |c| {
                Some(category(c).map_or_else(|| c.display(), str::to_string))
            });
            set(patients, who, |p| &mut p.who_class)
        }
        Field::Ipss => set_map(patients, column.categories(d), str::to_string, |p| {
            &mut p.ipss
        }),
        Field::IpssR => set_map(patients, column.categories(d), str::to_string, |p| {
            &mut p.ipss_r
        }),
        Field::Response => set_map(
            patients,
            column.categories(d),
            |s| Response::from_canonical(s).unwrap_or(Response::NotEvaluable),
            |p| &mut p.response,
        ),
        Field::StopReason => set_map(
            patients,
            column.categories(d),
            |s| StopReason::from_canonical(s).unwrap_or(StopReason::Other),
            |p| &mut p.stop_reason,
        ),
        Field::VitalStatus => set_map(
            patients,
            column.categories(d),
            |s| s == "dead",
            |p| &mut p.dead,
        ),
        Field::Karyotype => set(patients, column.texts(d), |p| &mut p.karyotype),
        Field::AdditionalAbnormalities => set(patients, column.counts(d), |p| {
            &mut p.additional_abnormalities
        }),
        Field::Chr7Abnormality => set(patients, column.yes_no(d), |p| &mut p.chr7_abnormality),
        Field::TdAtDiagnosis => set(patients, column.yes_no(d), |p| &mut p.td_at_diagnosis),
        Field::BmBlastsPct => {
            let blasts = column.numbers(d);
            let blasts = column.flag_implausible(
                blasts,
                d,
                |v| !(0.0..=100.0).contains(&v),
                |v| Message::new(keys::DIAG_BLASTS_OUT_OF_RANGE).with("value", v),
            );
            set(patients, blasts, |p| &mut p.bm_blasts_pct)
        }
        Field::RbcUnits8wk => set(patients, rbc_units(&column, d), |p| &mut p.rbc_units_8wk),
        Field::RbcUnits6mo => set(patients, rbc_units(&column, d), |p| &mut p.rbc_units_6mo),
        Field::PriorEsa => set(patients, column.yes_no(d), |p| &mut p.prior_esa),
        Field::PriorEsaTi => set(patients, column.yes_no(d), |p| &mut p.prior_esa_ti),
        Field::StartDoseMg => set(patients, dose(ctx, &column, d), |p| &mut p.start_dose_mg),
        Field::FinalDoseMg => set(patients, dose(ctx, &column, d), |p| &mut p.final_dose_mg),
        Field::StartSchedule => set(patients, column.schedules(d), |p| &mut p.start_schedule),
        Field::FinalSchedule => set(patients, column.schedules(d), |p| &mut p.final_schedule),
        Field::DoseReduced => set(patients, column.yes_no(d), |p| &mut p.dose_reduced),
        Field::DoseInterrupted => set(patients, column.yes_no(d), |p| &mut p.dose_interrupted),
        Field::BirthDate => set(patients, column.dates(d), |p| &mut p.birth_date),
        Field::DiagnosisDate => set(patients, column.dates(d), |p| &mut p.diagnosis_date),
        Field::StartDate => set(patients, column.dates(d), |p| &mut p.start_date),
        Field::ResponseDate => set(patients, column.dates(d), |p| &mut p.response_date),
        Field::StopDate => set(patients, column.dates(d), |p| &mut p.stop_date),
        Field::LastFollowupDate => set(patients, column.dates(d), |p| &mut p.last_followup_date),
        Field::DeathDate => set(patients, column.dates(d), |p| &mut p.death_date),
        Field::AmlDate => set(patients, column.dates(d), |p| &mut p.aml_date),
    }
}

/// Transfused units: a negative number is named and left out.
fn rbc_units(column: &ColumnReader<'_, '_>, diags: &mut Diagnostics) -> Vec<Obs<f64>> {
    let units = column.numbers(diags);
    column.flag_implausible(
        units,
        diags,
        |n| n < 0.0,
        |_| Message::new(keys::DIAG_NEGATIVE_RBC_UNITS),
    )
}

/// A dose in mg: a number above zero (0 or less cannot be read as a dose).
fn dose(ctx: &Ctx<'_>, column: &ColumnReader<'_, '_>, diags: &mut Diagnostics) -> Vec<Obs<f64>> {
    let decimal_comma = ctx.sheet.decimal_comma;
    column.decode(diags, |c| {
        values::number(c, decimal_comma).filter(|n| *n > 0.0)
    })
}

/// Gives each patient its value of a decoded column; returns the
/// column's missing cells.
fn set<T>(
    patients: &mut [Patient],
    column: Vec<Obs<T>>,
    slot: impl Fn(&mut Patient) -> &mut Obs<T>,
) -> Missing {
    let missing = Missing::of(&column);
    for (patient, obs) in patients.iter_mut().zip(column) {
        *slot(patient) = obs;
    }
    missing
}

/// Gives each patient its value of a decoded column, converted by `f`;
/// returns the column's missing cells.
fn set_map<T, U>(
    patients: &mut [Patient],
    column: Vec<Obs<T>>,
    f: impl Fn(T) -> U,
    slot: impl Fn(&mut Patient) -> &mut Obs<U>,
) -> Missing {
    let missing = Missing::of(&column);
    for (patient, obs) in patients.iter_mut().zip(column) {
        *slot(patient) = obs.map(&f);
    }
    missing
}

/// Reads an adverse-event column (`ae_<term>`): each patient's worst grade,
/// in patient order (placed on the patients with the other terms, by
/// [`super::place_adverse_events`]). An empty cell means the event did not
/// occur: grade 0 (see `Patient::worst_grade`).
pub(super) fn read_adverse_event(
    ctx: &Ctx<'_>,
    col: usize,
    diags: &mut Diagnostics,
) -> Vec<Obs<u8>> {
    (0..ctx.rows.len())
        .map(|p| {
            let cell = ctx.cell(p, col);
            let obs = match values::presence(&cell) {
                values::Presence::Empty => Obs::Empty,
                values::Presence::Unknown => Obs::Unknown,
                values::Presence::Present => values::grade(&cell).map_or(Obs::Invalid, Obs::Known),
            };
            if obs == Obs::Invalid {
                let shown = cell.display();
                diags.warning(
                    "invalid-grade",
                    ctx.at(p, col, &shown),
                    Message::new(keys::DIAG_INVALID_GRADE).with("value", &shown),
                );
            }
            obs
        })
        .collect()
}
