//! The words for the report's codes: the one place that turns an analysis
//! code (a method, a reason, a criterion, a factor) into catalogue text.
//!
//! Every match here is exhaustive, so a code added to the analysis without
//! its words does not compile.

use super::format::trimmed;
use crate::analysis::final_dose::BodySize;
use crate::analysis::hemoglobin::ResponseGroup;
use crate::analysis::outcome::Endpoint;
use crate::analysis::populations::{Criterion, NotEvaluableReason};
use crate::analysis::predictors::Factor;
use crate::analysis::table1::{Level, LevelCode, Unit, Variable};
use crate::analysis::toxicity::AeGroup;
use crate::analysis::values::Method;
use crate::ingest::schedule::Regimen;
use crate::model::{Response, StopReason};
use crate::settings::Settings;
use crate::stats::Reason;
use crate::text::{keys, Key, Text};

/// Why a figure is not computable.
pub fn reason(r: Reason) -> Key {
    match r {
        Reason::NoPatients => keys::REASON_NO_PATIENTS,
        Reason::TooFewPatients => keys::REASON_TOO_FEW_PATIENTS,
        Reason::TooFewPairs => keys::REASON_TOO_FEW_PAIRS,
        Reason::UnequalLengths => keys::REASON_UNEQUAL_LENGTHS,
        Reason::ConstantVariable => keys::REASON_CONSTANT_VARIABLE,
        Reason::ConstantGroups => keys::REASON_CONSTANT_GROUPS,
        Reason::ZeroMargin => keys::REASON_ZERO_MARGIN,
        Reason::OddsRatioUndefined => keys::REASON_ODDS_RATIO_UNDEFINED,
        Reason::OddsRatioNotFound => keys::REASON_ODDS_RATIO_NOT_FOUND,
        Reason::TooManyForExactTest => keys::REASON_TOO_MANY_FOR_EXACT_TEST,
        Reason::TooLarge => keys::REASON_TOO_LARGE,
        Reason::NoDegreesOfFreedom => keys::REASON_NO_DEGREES_OF_FREEDOM,
        Reason::StatisticUndefined => keys::REASON_STATISTIC_UNDEFINED,
        Reason::MoreEventsThanPatients => keys::REASON_MORE_EVENTS_THAN_PATIENTS,
        Reason::NotFinite => keys::REASON_NOT_FINITE,
        Reason::InvalidConfidenceLevel => keys::REASON_INVALID_CONFIDENCE_LEVEL,
        Reason::NumericalFailure => keys::REASON_NUMERICAL_FAILURE,
        Reason::SingleCategory => keys::REASON_SINGLE_CATEGORY,
        Reason::PerfectAgreement => keys::REASON_PERFECT_AGREEMENT,
        Reason::NotPoolable => keys::REASON_NOT_POOLABLE,
    }
}

/// The name of a method.
pub fn method(m: Method) -> Key {
    match m {
        Method::Describe => keys::METHOD_DESCRIBE,
        Method::ClopperPearson => keys::METHOD_CLOPPER_PEARSON,
        Method::Welch => keys::METHOD_WELCH,
        Method::MannWhitneyExact => keys::METHOD_MANN_WHITNEY_EXACT,
        Method::MannWhitneyNormal => keys::METHOD_MANN_WHITNEY_NORMAL,
        Method::Fisher => keys::METHOD_FISHER,
        Method::ChiSquare => keys::METHOD_CHI_SQUARE,
        Method::ChiSquareYates => keys::METHOD_CHI_SQUARE_YATES,
        Method::ConditionalOddsRatio => keys::METHOD_CONDITIONAL_ODDS_RATIO,
        Method::Pearson => keys::METHOD_PEARSON,
        Method::Spearman => keys::METHOD_SPEARMAN,
        Method::KaplanMeier => keys::METHOD_KAPLAN_MEIER,
        Method::MeanByWeek => keys::METHOD_MEAN_BY_WEEK,
    }
}

/// A number as the plan's settings are written (`730.5`, `150000`).
fn setting(x: f64) -> String {
    trimmed(x, 2)
}

/// A failed eligibility criterion, with the settings' thresholds.
pub fn criterion(c: Criterion, s: &Settings, t: Text) -> String {
    match c {
        Criterion::Age => t.f(keys::CRITERION_AGE, &[("min", &setting(s.min_age_years))]),
        Criterion::LowerRiskIpss => t.t(keys::CRITERION_IPSS).to_string(),
        Criterion::Del5q => t.t(keys::CRITERION_DEL5Q).to_string(),
        Criterion::TransfusionDependent => t.t(keys::CRITERION_TRANSFUSION).to_string(),
        Criterion::NoChromosome7Abnormality => t.t(keys::CRITERION_CHR7).to_string(),
        Criterion::BaselineAnc => t.f(keys::CRITERION_ANC, &[("min", &setting(s.min_anc_per_ul))]),
        Criterion::BaselinePlatelets => t.f(
            keys::CRITERION_PLATELETS,
            &[("min", &setting(s.min_platelets_per_ul))],
        ),
    }
}

/// A stop reason; `None`: not recorded.
pub fn stop_reason(r: Option<StopReason>) -> Key {
    match r {
        Some(StopReason::NoResponse) => keys::STOP_NO_RESPONSE,
        Some(StopReason::Toxicity) => keys::STOP_TOXICITY,
        Some(StopReason::AmlProgression) => keys::STOP_AML_PROGRESSION,
        Some(StopReason::PatientChoice) => keys::STOP_PATIENT_CHOICE,
        Some(StopReason::Other) => keys::STOP_OTHER,
        None => keys::STOP_NOT_RECORDED,
    }
}

/// Why a patient is not evaluable.
pub fn not_evaluable(r: NotEvaluableReason, t: Text) -> String {
    match r {
        NotEvaluableReason::Stopped { stop_reason: r } => t.t(stop_reason(r)).to_string(),
        NotEvaluableReason::OnTreatment => t.t(keys::NOT_EVALUABLE_ON_TREATMENT).to_string(),
        NotEvaluableReason::ResponseNotRecorded => t.t(keys::NOT_EVALUABLE_NO_RESPONSE).to_string(),
    }
}

/// A recorded response; `None`: not recorded.
pub fn response(r: Option<Response>) -> Key {
    match r {
        Some(Response::RbcTi) => keys::RESPONSE_RBC_TI,
        Some(Response::HiEMinor) => keys::RESPONSE_HI_E_MINOR,
        Some(Response::NoResponse) => keys::RESPONSE_NONE,
        Some(Response::NotEvaluable) => keys::RESPONSE_NE,
        None => keys::RESPONSE_NOT_RECORDED,
    }
}

/// A Table 1 variable.
pub fn variable(v: Variable) -> Key {
    match v {
        Variable::Age => keys::VARIABLE_AGE,
        Variable::Sex => keys::VARIABLE_SEX,
        Variable::DiagnosisToStart => keys::VARIABLE_DIAGNOSIS_TO_START,
        Variable::TransfusionDependence => keys::VARIABLE_TRANSFUSION_DEPENDENCE,
        Variable::Karyotype => keys::VARIABLE_KARYOTYPE,
        Variable::WhoClass => keys::VARIABLE_WHO_CLASS,
        Variable::Ipss => keys::VARIABLE_IPSS,
        Variable::IpssR => keys::VARIABLE_IPSS_R,
        Variable::BaselineHb => keys::VARIABLE_BASELINE_HB,
        Variable::RbcUnits8wk => keys::VARIABLE_RBC_UNITS_8WK,
        Variable::PriorEsa => keys::VARIABLE_PRIOR_ESA,
    }
}

/// A unit.
pub fn unit(u: Unit) -> Key {
    match u {
        Unit::Years => keys::UNIT_YEARS,
        Unit::Weeks => keys::UNIT_WEEKS,
        Unit::GramsPerDecilitre => keys::UNIT_G_PER_DL,
        Unit::RbcUnits => keys::UNIT_RBC_UNITS,
    }
}

/// A Table 1 level: Lenalyze's words, or the category as written.
pub fn level(l: &Level, t: Text) -> String {
    let key = match l {
        Level::Category(c) => return c.clone(),
        Level::Code(LevelCode::Male) => keys::LEVEL_MALE,
        Level::Code(LevelCode::Female) => keys::LEVEL_FEMALE,
        Level::Code(LevelCode::AtDiagnosis) => keys::LEVEL_AT_DIAGNOSIS,
        Level::Code(LevelCode::AtStart) => keys::LEVEL_AT_START,
        Level::Code(LevelCode::IsolatedDel5q) => keys::LEVEL_ISOLATED_DEL5Q,
        Level::Code(LevelCode::Del5qPlusOne) => keys::LEVEL_DEL5Q_PLUS_ONE,
        Level::Code(LevelCode::Del5qPlusTwoOrMore) => keys::LEVEL_DEL5Q_PLUS_TWO,
        Level::Code(LevelCode::EsaTreated) => keys::LEVEL_ESA_TREATED,
        Level::Code(LevelCode::EsaTi) => keys::LEVEL_ESA_TI,
    };
    t.t(key).to_string()
}

/// A Table 2 factor.
pub fn factor(f: Factor) -> Key {
    match f {
        Factor::Sex => keys::FACTOR_SEX,
        Factor::Age => keys::FACTOR_AGE,
        Factor::DiagnosisToStart => keys::FACTOR_DIAGNOSIS_TO_START,
        Factor::Ipss => keys::FACTOR_IPSS,
        Factor::RbcTransfusion => keys::FACTOR_RBC_TRANSFUSION,
        Factor::Neutrophils => keys::FACTOR_NEUTROPHILS,
        Factor::Platelets => keys::FACTOR_PLATELETS,
        Factor::Thrombocytopenia => keys::FACTOR_THROMBOCYTOPENIA,
    }
}

/// The two levels of a Table 2 factor (first row, second row).
pub fn factor_levels(f: Factor, cut: Option<f64>, t: Text) -> (String, String) {
    let c = cut.map_or_else(|| super::format::DASH.to_string(), setting);
    let pair = |a, b| (t.f(a, &[("cut", &c)]), t.f(b, &[("cut", &c)]));
    match f {
        Factor::Sex => pair(keys::LEVEL_MALE, keys::LEVEL_FEMALE),
        Factor::Age => {
            let m = cut.map_or_else(|| super::format::DASH.to_string(), |m| trimmed(m, 1));
            (
                t.f(keys::TABLE2_AGE_BELOW, &[("median", &m)]),
                t.f(keys::TABLE2_AGE_AT_LEAST, &[("median", &m)]),
            )
        }
        Factor::DiagnosisToStart => pair(keys::TABLE2_DAYS_BELOW, keys::TABLE2_DAYS_AT_LEAST),
        // The CRF's own category spellings.
        Factor::Ipss => ("Low".to_string(), "Int-1".to_string()),
        Factor::RbcTransfusion => pair(keys::TABLE2_UNITS_AT_MOST, keys::TABLE2_UNITS_ABOVE),
        Factor::Neutrophils | Factor::Platelets => {
            pair(keys::TABLE2_COUNT_AT_LEAST, keys::TABLE2_COUNT_BELOW)
        }
        Factor::Thrombocytopenia => pair(keys::TABLE2_GRADE_AT_LEAST, keys::TABLE2_GRADE_BELOW),
    }
}

/// A dosing regimen ("once every other day").
pub fn regimen(r: Regimen) -> Key {
    match r {
        Regimen::Daily => keys::REGIMEN_DAILY,
        Regimen::EveryOtherDay => keys::REGIMEN_EVERY_OTHER_DAY,
        Regimen::Daily21Of28 => keys::REGIMEN_DAILY_21_OF_28,
        Regimen::EveryOtherDay21Of28 => keys::REGIMEN_EVERY_OTHER_DAY_21_OF_28,
        Regimen::Daily14Of21 => keys::REGIMEN_DAILY_14_OF_21,
        Regimen::Daily14Of28 => keys::REGIMEN_DAILY_14_OF_28,
        Regimen::Daily5Of7 => keys::REGIMEN_DAILY_5_OF_7,
        Regimen::DailyIntermittent => keys::REGIMEN_DAILY_INTERMITTENT,
    }
}

/// What dose intensity is correlated with.
pub fn body_size(b: BodySize) -> Key {
    match b {
        BodySize::Bmi => keys::BODY_BMI,
        BodySize::Weight => keys::BODY_WEIGHT,
    }
}

/// A Kaplan–Meier analysis: its name and its event.
pub fn endpoint(e: Endpoint) -> (Key, Key) {
    match e {
        Endpoint::TimeOnTreatment => (keys::KM_TIME_ON_TREATMENT, keys::KM_EVENT_STOP),
        Endpoint::OverallSurvival => (keys::KM_OVERALL_SURVIVAL, keys::KM_EVENT_DEATH),
        Endpoint::AmlFreeSurvival => (keys::KM_AML_FREE_SURVIVAL, keys::KM_EVENT_AML_OR_DEATH),
    }
}

/// A response group.
pub fn group(g: ResponseGroup) -> Key {
    match g {
        ResponseGroup::Responders => keys::GROUP_RESPONDERS,
        ResponseGroup::NonResponders => keys::GROUP_NON_RESPONDERS,
    }
}

/// Hematologic or not.
pub fn ae_group(g: AeGroup) -> Key {
    match g {
        AeGroup::Hematologic => keys::TABLE3_HEMATOLOGIC,
        AeGroup::NonHematologic => keys::TABLE3_NON_HEMATOLOGIC,
    }
}

/// An adverse-event term: the catalogue's name for a study term
/// (`ae.<term>`), else the site's term with spaces for underscores; the
/// first letter upper case.
pub fn ae_term(term: &str, t: Text) -> String {
    let name = format!("ae.{term}");
    match Key::lookup(&name) {
        Some(k) => t.t(k).to_string(),
        None => super::capitalize(&term.replace('_', " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    #[test]
    fn every_study_adverse_event_has_its_words() {
        for term in crate::schema::STUDY_AE_TERMS {
            assert!(
                Key::lookup(&format!("ae.{term}")).is_some(),
                "locales: ae.{term} is missing"
            );
        }
        let t = Text::new(Lang::En);
        assert_eq!(ae_term("deep_vein_thrombosis", t), "Deep vein thrombosis");
        assert_eq!(ae_term("hiccups_grade", t), "Hiccups grade");
    }

    #[test]
    fn factor_levels_carry_the_cut_points() {
        let t = Text::new(Lang::En);
        assert_eq!(
            factor_levels(Factor::Platelets, Some(150_000.0), t),
            ("≥ 150000/µL".to_string(), "< 150000/µL".to_string())
        );
        assert_eq!(
            factor_levels(Factor::Age, Some(66.0), t),
            ("< median (66 y)".to_string(), "≥ median (66 y)".to_string())
        );
        assert_eq!(
            factor_levels(Factor::DiagnosisToStart, Some(730.5), t).0,
            "< 730.5 days"
        );
    }
}
