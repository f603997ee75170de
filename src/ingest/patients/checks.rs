//! What the patients sheet implies across its columns, checked once every
//! column is read: the karyotype's facts where the cytogenetic columns are
//! empty, age from the birth date, plausible body size, dates in order
//! after the start, death and vital status agreeing, and the dose written
//! in a schedule against the dose column. A value that cannot be right is
//! set aside (invalid) with a warning at its cell, never silently changed.

use super::{Column, Ctx};
use crate::date::Date;
use crate::diagnostics::Diagnostics;
use crate::ingest::columns::FieldKey;
use crate::ingest::cytogenetics::{self, Readings};
use crate::ingest::sheet::format_number;
use crate::model::{Obs, Patient};
use crate::schema::Field;
use crate::text::{keys, Key, Message};

/// Where a patient keeps one value.
type Slot<T> = fn(&mut Patient) -> &mut Obs<T>;

/// A body measure: its column, its plausible range, what it is in words,
/// and where the patient keeps it.
type BodySize = (Field, (f64, f64), Key, Slot<f64>);

/// Values derived from others, and checks across columns.
pub(super) fn derive_and_check(
    ctx: &Ctx<'_>,
    columns: &[Column],
    patients: &mut [Patient],
    diags: &mut Diagnostics,
) {
    // A column the sheet does not have (death_date, say, when only
    // vital_status is given) is no column: not column A.
    let col_of = |field: Field| {
        columns
            .iter()
            .find(|c| c.key == FieldKey::Fixed(field))
            .map(|c| c.index)
    };
    let at = |p: usize, field: Field, value: String| ctx.at_column(p, col_of(field), &value);
    let karyotype_col = col_of(Field::Karyotype);
    let mut karyotypes = Readings::default();
    for (p, patient) in patients.iter_mut().enumerate() {
        // Karyotype facts; explicit columns win when filled.
        cytogenetics::karyotype(
            patient,
            |v| at(p, Field::Karyotype, v),
            || karyotype_col.map(|c| ctx.cell(p, c).display()),
            &mut karyotypes,
            diags,
        );
        cytogenetics::blasts(
            patient,
            |v| at(p, Field::BmBlastsPct, v),
            col_of(Field::BmBlastsPct).is_some(),
            diags,
        );
        // Age: the column, else completed years from birth to start.
        if !patient.age.is_known() {
            if let (Some(birth), Some(start)) = (patient.birth_date.get(), patient.start_date.get())
            {
                patient.age = Obs::Known(f64::from(birth.whole_years_until(start)));
            }
        }
        if let Some(age) = patient.age.get() {
            if !(0.0..=120.0).contains(&age) {
                diags.warning(
                    "implausible-value",
                    at(p, Field::Age, format_number(age)),
                    Message::new(keys::DIAG_IMPLAUSIBLE_AGE).with("age", format_number(age)),
                );
                patient.age = Obs::Invalid;
            }
        }
        // Height and weight within what an adult's can be.
        let body: [BodySize; 2] = [
            (
                Field::HeightCm,
                (100.0, 230.0),
                keys::DIAG_HEIGHT_IN_CM,
                |p| &mut p.height_cm,
            ),
            (
                Field::WeightKg,
                (20.0, 250.0),
                keys::DIAG_WEIGHT_IN_KG,
                |p| &mut p.weight_kg,
            ),
        ];
        for (field, (lo, hi), what, slot) in body {
            let slot = slot(patient);
            if let Some(v) = slot.get().filter(|v| !(lo..=hi).contains(v)) {
                diags.warning(
                    "implausible-value",
                    at(p, field, format_number(v)),
                    Message::new(keys::DIAG_IMPLAUSIBLE_BODY_SIZE)
                        .with("value", format_number(v))
                        .with_key("what", what),
                );
                *slot = Obs::Invalid;
            }
        }
        // Dates in order.
        if let Some(start) = patient.start_date.get() {
            let checks: [(Field, Key, Slot<Date>); 5] = [
                (Field::StopDate, keys::DIAG_WHY_STOP_DATE, |p| {
                    &mut p.stop_date
                }),
                (Field::ResponseDate, keys::DIAG_WHY_RESPONSE_DATE, |p| {
                    &mut p.response_date
                }),
                (
                    Field::LastFollowupDate,
                    keys::DIAG_WHY_LAST_FOLLOWUP_DATE,
                    |p| &mut p.last_followup_date,
                ),
                (Field::DeathDate, keys::DIAG_WHY_DEATH_DATE, |p| {
                    &mut p.death_date
                }),
                (Field::AmlDate, keys::DIAG_WHY_AML_DATE, |p| &mut p.aml_date),
            ];
            for (field, why, slot) in checks {
                if let Some(d) = slot(patient).get().filter(|d| *d < start) {
                    diags.warning(
                        "date-before-start",
                        at(p, field, d.to_string()),
                        Message::new(keys::DIAG_DATE_BEFORE_START)
                            .with("column", field.name())
                            .with("date", d)
                            .with("start", start)
                            .with_key("why", why),
                    );
                    *slot(patient) = Obs::Invalid;
                }
            }
            if let Some(d) = patient.diagnosis_date.get().filter(|d| *d > start) {
                diags.warning(
                    "diagnosis-after-start",
                    at(p, Field::DiagnosisDate, d.to_string()),
                    Message::new(keys::DIAG_DIAGNOSIS_AFTER_START)
                        .with("date", d)
                        .with("start", start),
                );
                patient.diagnosis_date = Obs::Invalid;
            }
        }
        if let (Some(stop), Some(fu)) = (patient.stop_date.get(), patient.last_followup_date.get())
        {
            if fu < stop {
                diags.warning(
                    "followup-before-stop",
                    at(p, Field::LastFollowupDate, fu.to_string()),
                    Message::new(keys::DIAG_FOLLOWUP_BEFORE_STOP)
                        .with("date", fu)
                        .with("stop", stop),
                );
                patient.last_followup_date = Obs::Known(stop);
            }
        }
        // An unreadable reason already has its own warning.
        if patient.stop_date.is_known() && matches!(patient.stop_reason, Obs::Empty) {
            diags.warning(
                "missing-stop-reason",
                at(p, Field::StopReason, String::new()),
                Message::new(keys::DIAG_MISSING_STOP_REASON),
            );
        }
        if patient.dead == Obs::Known(true) && !patient.death_date.is_known() {
            diags.warning(
                "death-without-date",
                at(p, Field::DeathDate, String::new()),
                Message::new(keys::DIAG_DEATH_WITHOUT_DATE),
            );
        }
        if patient.death_date.is_known() && patient.dead == Obs::Known(false) {
            diags.warning(
                "death-date-but-alive",
                at(p, Field::VitalStatus, "alive".into()),
                Message::new(keys::DIAG_DEATH_DATE_BUT_ALIVE),
            );
            patient.dead = Obs::Known(true);
        }
        if patient.death_date.is_known() && !patient.dead.is_known() {
            patient.dead = Obs::Known(true);
        }
        // A dose written in the schedule that differs from the dose column.
        for (sched, dose, field) in [
            (
                &patient.start_schedule,
                &patient.start_dose_mg,
                Field::StartSchedule,
            ),
            (
                &patient.final_schedule,
                &patient.final_dose_mg,
                Field::FinalSchedule,
            ),
        ] {
            if let (Some(s), Some(d)) = (sched.get(), dose.get()) {
                if let Some(t) = s.dose_in_text_mg.filter(|t| (t - d).abs() > 1e-9) {
                    diags.warning(
                        "dose-mismatch",
                        at(p, field, String::new()),
                        Message::new(keys::DIAG_DOSE_MISMATCH)
                            .with("schedule_dose", format_number(t))
                            .with("dose", format_number(d)),
                    );
                }
            }
        }
        if patient.final_schedule.is_known() && !patient.final_dose_mg.is_known() {
            if let Some(d) = patient.final_schedule.get().and_then(|s| s.dose_in_text_mg) {
                patient.final_dose_mg = Obs::Known(d);
            }
        }
        if patient.start_schedule.is_known() && !patient.start_dose_mg.is_known() {
            if let Some(d) = patient.start_schedule.get().and_then(|s| s.dose_in_text_mg) {
                patient.start_dose_mg = Obs::Known(d);
            }
        }
    }
}
