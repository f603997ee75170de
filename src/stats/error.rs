//! The single error type of the statistics module. A result that cannot be
//! computed is an ordinary outcome in clinical data (an empty group, a
//! constant variable), so it is a value with a reason a clinician can read,
//! never a panic or a NaN.

use std::fmt;

/// Why a statistic could not be computed, e.g.
/// `"not computable: no patients in group"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotComputable {
    /// Human-readable reason, always starting with `"not computable: "`.
    pub reason: String,
}

impl NotComputable {
    /// Builds the error from a short explanation; `"not computable: "` is
    /// prepended, so pass e.g. `"fewer than 3 pairs"`.
    pub fn because(why: impl AsRef<str>) -> Self {
        NotComputable {
            reason: format!("not computable: {}", why.as_ref()),
        }
    }
}

impl fmt::Display for NotComputable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for NotComputable {}
