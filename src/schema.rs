//! The CRF schema (crf-v1): the one definition of every column.
//!
//! The parser matches headers against it, the CRF template and the data
//! dictionary are generated from it, and the docs quote it. Nothing else in
//! the crate lists column names, so a column added here is read, templated and
//! documented at once.

use serde::Serialize;

/// A fixed column of the patients sheet, as a type: the parser matches it
/// exhaustively, so a column added to [`PATIENT_COLUMNS`] (which needs a
/// variant here) is a compile error until it is read. The variants are in
/// template order: `field as usize` is the column's index in
/// [`PATIENT_COLUMNS`] (checked at compile time below).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `patient_id`.
    PatientId,
    /// `site`.
    Site,
    /// `sex`.
    Sex,
    /// `age`.
    Age,
    /// `birth_date`.
    BirthDate,
    /// `height_cm`.
    HeightCm,
    /// `weight_kg`.
    WeightKg,
    /// `diagnosis_date`.
    DiagnosisDate,
    /// `who_class`.
    WhoClass,
    /// `ipss`.
    Ipss,
    /// `ipss_r`.
    IpssR,
    /// `karyotype`.
    Karyotype,
    /// `additional_abnormalities`.
    AdditionalAbnormalities,
    /// `chr7_abnormality`.
    Chr7Abnormality,
    /// `bm_blasts_pct`.
    BmBlastsPct,
    /// `td_at_diagnosis`.
    TdAtDiagnosis,
    /// `rbc_units_8wk`.
    RbcUnits8wk,
    /// `rbc_units_6mo`.
    RbcUnits6mo,
    /// `prior_esa`.
    PriorEsa,
    /// `prior_esa_ti`.
    PriorEsaTi,
    /// `start_date`.
    StartDate,
    /// `start_dose_mg`.
    StartDoseMg,
    /// `start_schedule`.
    StartSchedule,
    /// `response`.
    Response,
    /// `response_date`.
    ResponseDate,
    /// `dose_reduced`.
    DoseReduced,
    /// `dose_interrupted`.
    DoseInterrupted,
    /// `final_dose_mg`.
    FinalDoseMg,
    /// `final_schedule`.
    FinalSchedule,
    /// `stop_date`.
    StopDate,
    /// `stop_reason`.
    StopReason,
    /// `last_followup_date`.
    LastFollowupDate,
    /// `vital_status`.
    VitalStatus,
    /// `death_date`.
    DeathDate,
    /// `aml_date`.
    AmlDate,
}

/// What kind of value a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Free text.
    Text,
    /// `M`/`F` and their variants.
    Sex,
    /// Whole number.
    Integer,
    /// Decimal number.
    Number,
    /// Calendar date.
    Date,
    /// Yes/no and their variants.
    YesNo,
    /// One of a fixed list of categories.
    Choice,
    /// ISCN karyotype string.
    Karyotype,
    /// Dosing schedule (free text or code).
    Schedule,
    /// CTCAE grade 0–5.
    Grade,
}

/// Whether a column must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// The file cannot be analyzed without it.
    Required,
    /// Required unless the named alternative column is present.
    RequiredUnless(Field),
    /// May be absent.
    Optional,
}

/// A category of a choice column: canonical spelling and accepted variants
/// (compared after [`normalize_token`]).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Category {
    /// The spelling used in reports and the template's drop-down.
    pub canonical: &'static str,
    /// Other spellings accepted.
    pub variants: &'static [&'static str],
}

/// One column of the patients sheet (what it means is the catalogue's,
/// `diag.meaning_<name>`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ColumnSpec {
    /// The field, as a type.
    pub field: Field,
    /// Canonical column name.
    pub name: &'static str,
    /// Other header spellings accepted (compared after [`normalize_header`]).
    pub aliases: &'static [&'static str],
    /// Value type.
    pub kind: ValueKind,
    /// Whether it must be present.
    pub requirement: Requirement,
    /// Unit of the values, if any.
    pub unit: Option<&'static str>,
    /// Allowed categories, for choice columns.
    pub categories: &'static [Category],
}

const fn col(
    field: Field,
    name: &'static str,
    aliases: &'static [&'static str],
    kind: ValueKind,
    requirement: Requirement,
    unit: Option<&'static str>,
) -> ColumnSpec {
    ColumnSpec {
        field,
        name,
        aliases,
        kind,
        requirement,
        unit,
        categories: &[],
    }
}

const fn choice(
    field: Field,
    name: &'static str,
    aliases: &'static [&'static str],
    requirement: Requirement,
    categories: &'static [Category],
) -> ColumnSpec {
    ColumnSpec {
        field,
        name,
        aliases,
        kind: ValueKind::Choice,
        requirement,
        unit: None,
        categories,
    }
}

const fn cat(canonical: &'static str, variants: &'static [&'static str]) -> Category {
    Category {
        canonical,
        variants,
    }
}

use Field as F;
use Requirement::{Optional, Required, RequiredUnless};
use ValueKind as K;

/// IPSS risk groups in clinical order.
pub const IPSS: &[Category] = &[
    cat("Low", &["low risk", "lowrisk"]),
    cat(
        "Int-1",
        &[
            "intermediate-1",
            "intermediate 1",
            "int1",
            "int 1",
            "intermediate1",
        ],
    ),
    cat(
        "Int-2",
        &[
            "intermediate-2",
            "intermediate 2",
            "int2",
            "int 2",
            "intermediate2",
        ],
    ),
    cat("High", &["high risk"]),
];

/// IPSS-R risk groups in clinical order.
pub const IPSS_R: &[Category] = &[
    cat("Very low", &["verylow", "vlow", "very low risk"]),
    cat("Low", &["low risk"]),
    cat("Intermediate", &["int", "intermediate risk"]),
    cat("High", &["high risk"]),
    cat("Very high", &["veryhigh", "vhigh", "very high risk"]),
];

/// WHO categories in the order Table 1 shows them.
pub const WHO_CLASS: &[Category] = &[
    cat(
        "MDS with isolated del(5q)",
        &[
            "MDS-del(5q)",
            "MDS del(5q)",
            "MDS with del(5q)",
            "MDS with isolate del(5q)",
            "MDS-5q",
            "del(5q) MDS",
            "5q- syndrome",
            "isolated del(5q)",
            "MDS-5q-",
        ],
    ),
    cat(
        "MDS-SLD",
        &["MDS with single lineage dysplasia", "RCUD", "RA"],
    ),
    cat(
        "MDS-MLD",
        &[
            "MDS with multilineage dysplasia",
            "MDS, multilineage dysplasia",
            "RCMD",
        ],
    ),
    cat(
        "MDS-RS",
        &[
            "MDS with ring sideroblasts",
            "RARS",
            "MDS-RS-SLD",
            "MDS-RS-MLD",
        ],
    ),
    cat(
        "MDS-EB-1",
        &[
            "MDS with excess blasts-1",
            "MDS, excess blast-1",
            "RAEB-1",
            "EB-1",
            "MDS-EB1",
        ],
    ),
    cat(
        "MDS-EB-2",
        &["MDS with excess blasts-2", "RAEB-2", "EB-2", "MDS-EB2"],
    ),
    cat(
        "MDS-U",
        &[
            "MDS, unclassifiable",
            "MDS unclassifiable",
            "MDS-unclassifiable",
        ],
    ),
];

/// Physician-assessed response (IWG 2000 HI-E).
pub const RESPONSE: &[Category] = &[
    cat(
        "RBC-TI",
        &[
            "TI",
            "RBC TI",
            "transfusion independence",
            "transfusion independent",
            "HI-E major",
            "major",
        ],
    ),
    cat("HI-E minor", &["minor", "HIE minor", "minor response"]),
    cat(
        "none",
        &["no", "no response", "NR", "non-responder", "failure"],
    ),
    cat("NE", &["not evaluable", "non-evaluable", "not assessable"]),
];

/// Reasons for stopping lenalidomide.
pub const STOP_REASON: &[Category] = &[
    cat(
        "no response",
        &[
            "NR",
            "non-response",
            "lack of response",
            "failure",
            "loss of response",
        ],
    ),
    cat("toxicity", &["adverse event", "AE", "intolerance", "toxic"]),
    cat(
        "AML progression",
        &[
            "AML",
            "progression",
            "AML transformation",
            "leukemic transformation",
            "transformation",
        ],
    ),
    cat(
        "patient choice",
        &[
            "at will",
            "patient decision",
            "patient refusal",
            "refusal",
            "withdrawal",
        ],
    ),
    cat("other", &[]),
];

/// Vital status at last follow-up.
pub const VITAL_STATUS: &[Category] = &[
    cat("alive", &["living", "a"]),
    cat("dead", &["deceased", "died", "death", "expired", "d"]),
];

/// Every fixed column of the patients sheet, in template order. Lab and
/// adverse-event columns are families (see [`LAB_KINDS`], [`LAB_WEEKS`],
/// [`STUDY_AE_TERMS`]).
pub const PATIENT_COLUMNS: &[ColumnSpec] = &[
    col(
        F::PatientId,
        "patient_id",
        &[
            "환자번호",
            "등록번호",
            "id",
            "patient",
            "patient no",
            "patient number",
            "pt id",
            "subject id",
            "case id",
        ],
        K::Text,
        Required,
        None,
    ),
    col(
        F::Site,
        "site",
        &[
            "기관",
            "병원",
            "institution",
            "hospital",
            "center",
            "centre",
        ],
        K::Text,
        Optional,
        None,
    ),
    col(F::Sex, "sex", &["gender", "성별"], K::Sex, Required, None),
    col(
        F::Age,
        "age",
        &["나이", "연령", "age at start", "age years"],
        K::Integer,
        RequiredUnless(F::BirthDate),
        Some("years"),
    ),
    col(
        F::BirthDate,
        "birth_date",
        &["date of birth", "dob", "birthdate", "birthday"],
        K::Date,
        Optional,
        None,
    ),
    col(
        F::HeightCm,
        "height_cm",
        &["키", "신장", "height"],
        K::Number,
        Optional,
        Some("cm"),
    ),
    col(
        F::WeightKg,
        "weight_kg",
        &["체중", "몸무게", "weight", "body weight", "bodyweight"],
        K::Number,
        Optional,
        Some("kg"),
    ),
    col(
        F::DiagnosisDate,
        "diagnosis_date",
        &[
            "진단일",
            "date of diagnosis",
            "mds diagnosis date",
            "diagnosis",
            "dx date",
        ],
        K::Date,
        Required,
        None,
    ),
    choice(
        F::WhoClass,
        "who_class",
        &[
            "who",
            "who classification",
            "who category",
            "who 2016",
            "who class",
        ],
        Required,
        WHO_CLASS,
    ),
    choice(
        F::Ipss,
        "ipss",
        &["ipss risk", "ipss category"],
        Required,
        IPSS,
    ),
    choice(
        F::IpssR,
        "ipss_r",
        &["ipssr", "ipss revised", "r-ipss", "ipss-r risk"],
        Optional,
        IPSS_R,
    ),
    col(
        F::Karyotype,
        "karyotype",
        &["g-banding", "cytogenetics", "karyotype iscn"],
        K::Karyotype,
        Required,
        None,
    ),
    col(
        F::AdditionalAbnormalities,
        "additional_abnormalities",
        &[
            "additional abnormalities",
            "number of additional abnormalities",
        ],
        K::Integer,
        Optional,
        None,
    ),
    col(
        F::Chr7Abnormality,
        "chr7_abnormality",
        &["chr7", "-7/del(7q)", "monosomy 7"],
        K::YesNo,
        Optional,
        None,
    ),
    col(
        F::BmBlastsPct,
        "bm_blasts_pct",
        &[
            "bm blasts",
            "marrow blasts",
            "bone marrow blasts",
            "blasts",
            "blast",
            "골수 모세포",
        ],
        K::Number,
        Optional,
        Some("%"),
    ),
    col(
        F::TdAtDiagnosis,
        "td_at_diagnosis",
        &["transfusion dependent at diagnosis", "td at dx"],
        K::YesNo,
        Optional,
        None,
    ),
    col(
        F::RbcUnits8wk,
        "rbc_units_8wk",
        &[
            "rbc units 8 weeks",
            "rbc 8wk",
            "rbc units in 8 weeks",
            "transfusion 8wk",
        ],
        K::Number,
        Required,
        Some("units"),
    ),
    col(
        F::RbcUnits6mo,
        "rbc_units_6mo",
        &[
            "rbc units 6 months",
            "rbc 6mo",
            "rbc units in 6 months",
            "transfusion 6mo",
        ],
        K::Number,
        Optional,
        Some("units"),
    ),
    col(
        F::PriorEsa,
        "prior_esa",
        &["esa", "prior esa use", "previous esa"],
        K::YesNo,
        Optional,
        None,
    ),
    col(
        F::PriorEsaTi,
        "prior_esa_ti",
        &["esa ti", "rbc-ti on esa", "esa response"],
        K::YesNo,
        Optional,
        None,
    ),
    col(
        F::StartDate,
        "start_date",
        &[
            "투약 시작일",
            "레날리도마이드 시작일",
            "lenalidomide start",
            "start",
            "date of start",
            "len start date",
            "treatment start",
        ],
        K::Date,
        Required,
        None,
    ),
    col(
        F::StartDoseMg,
        "start_dose_mg",
        &["start dose", "starting dose", "initial dose"],
        K::Number,
        Required,
        Some("mg"),
    ),
    col(
        F::StartSchedule,
        "start_schedule",
        &["starting schedule", "initial schedule", "schedule"],
        K::Schedule,
        Required,
        None,
    ),
    choice(
        F::Response,
        "response",
        &["best response", "hi-e response", "erythroid response"],
        Required,
        RESPONSE,
    ),
    col(
        F::ResponseDate,
        "response_date",
        &["date of response", "ti date"],
        K::Date,
        Optional,
        None,
    ),
    col(
        F::DoseReduced,
        "dose_reduced",
        &["dose reduction"],
        K::YesNo,
        Required,
        None,
    ),
    col(
        F::DoseInterrupted,
        "dose_interrupted",
        &["dose interruption"],
        K::YesNo,
        Optional,
        None,
    ),
    col(
        F::FinalDoseMg,
        "final_dose_mg",
        &["final dose", "stable dose", "final stable dose"],
        K::Number,
        Optional,
        Some("mg"),
    ),
    col(
        F::FinalSchedule,
        "final_schedule",
        &["final stable schedule", "stable schedule"],
        K::Schedule,
        Optional,
        None,
    ),
    col(
        F::StopDate,
        "stop_date",
        &[
            "date of discontinuation",
            "discontinuation date",
            "end date",
            "last dose date",
        ],
        K::Date,
        Optional,
        None,
    ),
    choice(
        F::StopReason,
        "stop_reason",
        &[
            "discontinuation reason",
            "reason for discontinuation",
            "reason for stop",
        ],
        Optional,
        STOP_REASON,
    ),
    col(
        F::LastFollowupDate,
        "last_followup_date",
        &[
            "최종 추적일",
            "last follow-up",
            "last followup",
            "date of last follow-up",
            "last fu date",
            "last contact",
        ],
        K::Date,
        Required,
        None,
    ),
    choice(
        F::VitalStatus,
        "vital_status",
        &["status", "survival status"],
        Optional,
        VITAL_STATUS,
    ),
    col(
        F::DeathDate,
        "death_date",
        &["사망일", "date of death"],
        K::Date,
        Optional,
        None,
    ),
    col(
        F::AmlDate,
        "aml_date",
        &[
            "aml transformation date",
            "date of aml",
            "aml progression date",
        ],
        K::Date,
        Optional,
        None,
    ),
];

// Each column names its own variant, in the enum's order: a column added
// with a copied variant, or out of order, does not compile.
const _: () = {
    let mut i = 0;
    while i < PATIENT_COLUMNS.len() {
        assert!(PATIENT_COLUMNS[i].field as usize == i);
        i += 1;
    }
};

impl Field {
    /// The column's schema entry.
    pub fn spec(self) -> &'static ColumnSpec {
        &PATIENT_COLUMNS[self as usize]
    }

    /// The canonical column name (`start_date`).
    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A laboratory value recorded by week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LabKind {
    /// Hemoglobin, g/dL.
    Hb,
    /// Absolute neutrophil count, per µL.
    Anc,
    /// Platelets, per µL.
    Plt,
    /// Absolute lymphocyte count, per µL.
    Alc,
}

/// Lab families: kind, column prefix, header words accepted, unit (their
/// names are the catalogue's, `diag.lab_<prefix>`).
pub const LAB_KINDS: &[(LabKind, &str, &[&str], &str)] = &[
    (
        LabKind::Hb,
        "hb",
        &["hb", "hgb", "hemoglobin", "haemoglobin"],
        "g/dL",
    ),
    (
        LabKind::Anc,
        "anc",
        &["anc", "neutrophils", "neutrophil", "neut"],
        "/µL",
    ),
    (
        LabKind::Plt,
        "plt",
        &["plt", "platelets", "platelet", "platelet count"],
        "/µL",
    ),
    (
        LabKind::Alc,
        "alc",
        &["alc", "lymphocytes", "lymphocyte", "lymph"],
        "/µL",
    ),
];

/// Nominal weeks at which labs are recorded; week 0 is baseline.
pub const LAB_WEEKS: &[u32] = &[0, 4, 8, 12, 16, 24, 48];

/// When a lab value of the patients sheet was taken: at diagnosis (crf-v1.1
/// `hb_dx`, for the risk scores) or at a nominal week of treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum LabTime {
    /// At MDS diagnosis (`hb_dx`).
    Diagnosis,
    /// At a nominal week after start (`hb_w4`); week 0 is baseline.
    Week(u32),
}

impl LabTime {
    /// Every time point of the patients sheet, in template order.
    pub fn all() -> impl Iterator<Item = LabTime> {
        std::iter::once(LabTime::Diagnosis).chain(LAB_WEEKS.iter().map(|&w| LabTime::Week(w)))
    }

    /// The column-name suffix: `dx`, `w4`.
    pub fn suffix(self) -> String {
        match self {
            LabTime::Diagnosis => "dx".into(),
            LabTime::Week(w) => format!("w{w}"),
        }
    }
}

impl LabKind {
    /// Column prefix (`hb`, `anc`, `plt`, `alc`).
    pub fn prefix(self) -> &'static str {
        LAB_KINDS.iter().find(|l| l.0 == self).map_or("", |l| l.1)
    }

    /// Unit of values in the analysis.
    pub fn unit(self) -> &'static str {
        LAB_KINDS.iter().find(|l| l.0 == self).map_or("", |l| l.3)
    }

    /// Values outside this range (in the analysis unit) are implausible.
    pub fn plausible_range(self) -> (f64, f64) {
        match self {
            LabKind::Hb => (2.0, 25.0),
            LabKind::Anc | LabKind::Alc => (0.0, 100_000.0),
            // Below 500/µL a platelet count is a unit or typing error.
            LabKind::Plt => (500.0, 2_000_000.0),
        }
    }
}

/// The adverse-event terms of the study's Table 3, hematologic first; the
/// template carries one column for each. Any other `ae_` column is read too.
pub const STUDY_AE_TERMS: &[&str] = &[
    "neutropenia",
    "lymphopenia",
    "thrombocytopenia",
    "anemia",
    "leukopenia",
    "febrile_neutropenia",
    "pruritus",
    "fatigue",
    "rash",
    "diarrhea",
    "dyspepsia",
    "constipation",
    "headache",
    "insomnia",
    "deep_vein_thrombosis",
    "dyspnea",
    "tongue_discoloration",
    "loss_of_appetite",
    "increased_creatinine",
];

/// Terms the toxicity table groups as hematologic.
pub const HEMATOLOGIC_AE_TERMS: &[&str] = &[
    "neutropenia",
    "lymphopenia",
    "thrombocytopenia",
    "anemia",
    "leukopenia",
    "febrile_neutropenia",
];

/// The kinds of long sheet.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LongKind {
    /// Lab values by date.
    Labs,
    /// Adverse events with grades.
    AdverseEvents,
    /// RBC transfusions.
    Transfusions,
    /// Dose changes.
    Dosing,
}

impl LongKind {
    /// The sheet's schema entry.
    pub fn spec(self) -> &'static LongSheet {
        &LONG_SHEETS[self as usize]
    }

    /// The sheet name in crf-v1.
    pub fn sheet_name(self) -> &'static str {
        self.spec().name
    }
}

/// A column of a long sheet, as a type: the long-sheet reader matches it
/// exhaustively, so a column added to [`LONG_SHEETS`] with a new field does
/// not compile until it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LongField {
    /// The patient the row belongs to.
    PatientId,
    /// The date of a lab sample, transfusion or dose change.
    Date,
    /// A lab value (`labs`).
    Lab(LabKind),
    /// The adverse-event term.
    Term,
    /// The adverse event's CTCAE grade.
    Grade,
    /// The adverse event's onset date.
    OnsetDate,
    /// RBC units transfused.
    Units,
    /// Hemoglobin before the transfusion.
    PreHb,
    /// The dose from that date.
    DoseMg,
    /// The schedule from that date.
    Schedule,
    /// Why the dose changed.
    Reason,
}

/// A long-sheet column (its meaning is the catalogue's,
/// `diag.meaning_<sheet>_<column>`).
#[derive(Debug, Clone, Copy)]
pub struct LongColumn {
    /// The field, as a type.
    pub field: LongField,
    /// Canonical column name.
    pub name: &'static str,
    /// Other header spellings accepted (compared after [`normalize_header`]).
    pub aliases: &'static [&'static str],
    /// Value type.
    pub kind: ValueKind,
    /// The sheet cannot be read without it.
    pub required: bool,
}

/// One optional long sheet: its kind, crf-v1 name and columns.
#[derive(Debug, Clone, Copy)]
pub struct LongSheet {
    /// The kind, as a type.
    pub kind: LongKind,
    /// The sheet name in crf-v1.
    pub name: &'static str,
    /// Its columns in template order.
    pub columns: &'static [LongColumn],
}

const fn long(
    field: LongField,
    name: &'static str,
    aliases: &'static [&'static str],
    kind: ValueKind,
    required: bool,
) -> LongColumn {
    LongColumn {
        field,
        name,
        aliases,
        kind,
        required,
    }
}

use LongField as L;

/// The optional long sheets, in [`LongKind`] order (checked below).
pub const LONG_SHEETS: &[LongSheet] = &[
    LongSheet {
        kind: LongKind::Labs,
        name: "labs",
        columns: &[
            long(
                L::PatientId,
                "patient_id",
                &["id", "patient"],
                K::Text,
                true,
            ),
            long(L::Date, "date", &["lab date", "sample date"], K::Date, true),
            long(
                L::Lab(LabKind::Hb),
                "hb",
                &["hgb", "hemoglobin", "haemoglobin"],
                K::Number,
                false,
            ),
            long(
                L::Lab(LabKind::Anc),
                "anc",
                &["neutrophils", "neutrophil"],
                K::Number,
                false,
            ),
            long(
                L::Lab(LabKind::Plt),
                "plt",
                &["platelets", "platelet"],
                K::Number,
                false,
            ),
            long(
                L::Lab(LabKind::Alc),
                "alc",
                &["lymphocytes", "lymphocyte"],
                K::Number,
                false,
            ),
        ],
    },
    LongSheet {
        kind: LongKind::AdverseEvents,
        name: "adverse_events",
        columns: &[
            long(
                L::PatientId,
                "patient_id",
                &["id", "patient"],
                K::Text,
                true,
            ),
            long(
                L::Term,
                "term",
                &["ae", "adverse event", "event"],
                K::Text,
                true,
            ),
            long(
                L::Grade,
                "grade",
                &["ctcae grade", "worst grade"],
                K::Grade,
                true,
            ),
            long(
                L::OnsetDate,
                "onset_date",
                &["onset", "date"],
                K::Date,
                false,
            ),
        ],
    },
    LongSheet {
        kind: LongKind::Transfusions,
        name: "transfusions",
        columns: &[
            long(
                L::PatientId,
                "patient_id",
                &["id", "patient"],
                K::Text,
                true,
            ),
            long(L::Date, "date", &["transfusion date"], K::Date, true),
            long(L::Units, "units", &["rbc units", "rbc"], K::Number, true),
            long(
                L::PreHb,
                "pre_hb",
                &["pre-transfusion hb", "trigger hb", "hb before"],
                K::Number,
                false,
            ),
        ],
    },
    LongSheet {
        kind: LongKind::Dosing,
        name: "dosing",
        columns: &[
            long(
                L::PatientId,
                "patient_id",
                &["id", "patient"],
                K::Text,
                true,
            ),
            long(
                L::Date,
                "date",
                &["dose date", "change date"],
                K::Date,
                true,
            ),
            long(L::DoseMg, "dose_mg", &["dose"], K::Number, true),
            long(L::Schedule, "schedule", &[], K::Schedule, false),
            long(L::Reason, "reason", &[], K::Text, false),
        ],
    },
];

const _: () = {
    let mut i = 0;
    while i < LONG_SHEETS.len() {
        assert!(LONG_SHEETS[i].kind as usize == i);
        i += 1;
    }
};

impl LongSheet {
    /// The column of a field, if the sheet has it.
    pub fn column(&self, field: LongField) -> Option<&'static LongColumn> {
        self.columns.iter().find(|c| c.field == field)
    }
}

/// Normalizes a header for matching: lower-case, without spaces, dots,
/// hyphens, underscores, colons, slashes and a trailing unit in brackets.
/// Returns the normalized header and the bracketed unit, if any.
pub fn normalize_header(header: &str) -> (String, Option<String>) {
    // Full-width brackets (typed with a Korean or Japanese input method).
    let ascii: String = header
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '［' => '[',
            '］' => ']',
            c => c,
        })
        .collect();
    let trimmed = ascii.trim().trim_start_matches('\u{feff}');
    let (body, unit) = split_trailing_unit(trimmed);
    (normalize_token(body), unit.map(|u| u.trim().to_string()))
}

/// Splits `Platelets W0 (x10^3/uL)` into `Platelets W0` and `x10^3/uL`.
/// A bracket counts as a unit when a space precedes it or it reads like one
/// (`Height(cm)`), so `-7/del(7q)` keeps its bracket.
fn split_trailing_unit(header: &str) -> (&str, Option<&str>) {
    const UNIT_WORDS: &[&str] = &[
        "cm", "kg", "mg", "years", "yr", "y", "units", "u", "%", "days", "wk",
    ];
    let h = header.trim_end();
    for (open, close) in [('(', ')'), ('[', ']')] {
        let Some(without_close) = h.strip_suffix(close) else {
            continue;
        };
        let Some(start) = without_close.rfind(open) else {
            continue;
        };
        let body = &without_close[..start];
        let inner = &without_close[start + open.len_utf8()..];
        let spaced = body.ends_with(char::is_whitespace);
        let unit_like =
            inner.contains('/') || UNIT_WORDS.contains(&inner.trim().to_lowercase().as_str());
        if !body.trim().is_empty() && (spaced || unit_like) {
            return (body, Some(inner));
        }
    }
    (h, None)
}

/// Lower-cases and drops spaces, dots, hyphens, underscores, colons and
/// slashes, so `Int-1`, `int 1` and `INT_1` compare equal.
pub fn normalize_token(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '.' | '-' | '_' | ':' | '/' | '\t' | '\n' | '\r' | '\u{a0}'
            )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The characters of `s` as [`normalize_token`] keeps them, without
/// allocating.
fn normalized_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '.' | '-' | '_' | ':' | '/' | '\t' | '\n' | '\r' | '\u{a0}'
            )
        })
        .flat_map(char::to_lowercase)
}

/// The canonical category for a cell value, if it matches one. Called for
/// every categorical cell, so it compares without allocating.
pub fn match_category(categories: &[Category], value: &str) -> Option<&'static str> {
    normalized_chars(value).next()?;
    let exact = |value: &str| {
        categories.iter().find_map(|c| {
            let hit = std::iter::once(c.canonical)
                .chain(c.variants.iter().copied())
                .any(|a| normalized_chars(a).eq(normalized_chars(value)));
            hit.then_some(c.canonical)
        })
    };
    // `Low (score 0)`, `Int-1 (1.0)`: a trailing remark in brackets.
    exact(value).or_else(|| {
        let (head, _) = value.split_once('(')?;
        (!head.trim().is_empty()).then(|| exact(head)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalize() {
        assert_eq!(
            normalize_header("Height (cm)"),
            ("height".into(), Some("cm".into()))
        );
        assert_eq!(
            normalize_header("Platelets W0 (x10^3/uL)"),
            ("plateletsw0".into(), Some("x10^3/uL".into()))
        );
        assert_eq!(
            normalize_header(" Start_Dose-mg "),
            ("startdosemg".into(), None)
        );
        assert_eq!(
            normalize_header("Hb [g/L]"),
            ("hb".into(), Some("g/L".into()))
        );
    }

    #[test]
    fn categories_match_variants() {
        assert_eq!(match_category(IPSS, "intermediate-1"), Some("Int-1"));
        assert_eq!(match_category(IPSS, "INT 1"), Some("Int-1"));
        assert_eq!(match_category(RESPONSE, "rbc ti"), Some("RBC-TI"));
        assert_eq!(
            match_category(WHO_CLASS, "MDS, multilineage dysplasia"),
            Some("MDS-MLD")
        );
        assert_eq!(match_category(IPSS, "medium"), None);
        assert_eq!(match_category(IPSS, "Low (score 0)"), Some("Low"));
        assert_eq!(match_category(IPSS, "(Low)"), None);
    }

    #[test]
    fn canonical_names_are_unique_after_normalizing() {
        let mut seen = std::collections::HashSet::new();
        for c in PATIENT_COLUMNS {
            assert!(seen.insert(normalize_token(c.name)), "{}", c.name);
        }
    }
}
