//! What a dosing row's free-text `reason` says about the dose: held,
//! given again, stopped for good, or something else.
//!
//! derivations.md counts "a row with dose 0 or a reason saying so" as an
//! interruption. Sites write reasons in their own language and words, so
//! the reading is a list of word stems per language (English, Korean,
//! Japanese, Chinese, French, German, Spanish) checked in an order that
//! keeps the common traps out: a negation ("no interruption", "중단 없이")
//! is not an interruption, a resumption ("resumed after hold", "재개") is
//! checked before the hold it mentions, and a permanent stop ("discontinued",
//! "영구 중단", "中止") is the end of treatment, not an interruption. Korean
//! "중단" alone is read as an interruption: in a dosing row it usually
//! means the drug was held, and a final stop is recognised from the dates
//! (a dose-0 row on or after `stop_date`).

/// What a dosing row's free-text reason says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoseReason {
    /// The drug was held (an interruption).
    Interruption,
    /// The drug was given again after being held.
    Resumption,
    /// The drug was stopped for good.
    Discontinuation,
    /// Anything else (a toxicity, a reduction, nothing).
    Other,
}

impl DoseReason {
    /// Whether the row is an interruption.
    pub fn is_interruption(self) -> bool {
        self == DoseReason::Interruption
    }
}

/// Reads a dosing row's reason (English, Korean, Japanese, Chinese, French,
/// German, Spanish). Negations ("no interruption", "중단 없이") and
/// resumptions ("resumed after hold", "재개") are not interruptions;
/// "discontinued" / "영구 중단" are the stop.
pub fn read_reason(text: &str) -> DoseReason {
    let t: String = text
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let any = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if any(&[
        "no interrupt",
        "not interrupt",
        "without interrupt",
        "no hold",
        "not held",
        "no dose hold",
        "중단 없",
        "중단없",
        "휴약 없",
        "휴약없",
    ]) {
        return DoseReason::Other;
    }
    if any(&[
        "resum", "restart", "re-start", "reinstat", "재개", "再開", "恢复", "reprise", "wieder",
        "reanud", "reinici",
    ]) {
        return DoseReason::Resumption;
    }
    if any(&[
        "discontinu",
        "permanent",
        "영구",
        "투약 종료",
        "치료 종료",
        "中止",
        "abgesetzt",
        "arrêt définitif",
        "definitiv",
    ]) {
        return DoseReason::Discontinuation;
    }
    if any(&[
        "interrupt",
        "hold",
        "held",
        "withh",
        "suspen",
        "pause",
        "skip",
        "omit",
        "stop",
        "중단",
        "중지",
        "휴약",
        "보류",
        "中断",
        "休薬",
        "暂停",
        "停药",
        "unterbr",
        "aussetz",
    ]) {
        return DoseReason::Interruption;
    }
    DoseReason::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_in_several_languages() {
        use DoseReason::*;
        for (text, expected) in [
            ("Held for neutropenia", Interruption),
            ("dose hold x 1 week", Interruption),
            ("interrupted (G4 ANC)", Interruption),
            ("temporarily stopped", Interruption),
            ("호중구 감소로 일시 중단", Interruption),
            ("휴약", Interruption),
            ("투약 보류", Interruption),
            ("休薬", Interruption),
            ("暂停用药", Interruption),
            ("Traitement suspendu", Interruption),
            ("Therapie unterbrochen", Interruption),
            ("tratamiento suspendido", Interruption),
            ("resumed after hold", Resumption),
            ("재개", Resumption),
            ("restarted at 5 mg", Resumption),
            ("no interruption", Other),
            ("중단 없이 감량", Other),
            ("discontinued: AML", Discontinuation),
            ("영구 중단", Discontinuation),
            ("dose reduced for rash", Other),
            ("", Other),
        ] {
            assert_eq!(read_reason(text), expected, "{text}");
        }
        assert!(read_reason("HOLD").is_interruption());
    }
}
