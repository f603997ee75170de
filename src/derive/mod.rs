//! Derivations: values a careful study statistician computes from the raw
//! records instead of taking the site's word for them.
//!
//! A site types `Int-1` in the IPSS column and `0` in the additional
//! abnormalities column; the karyotype, the marrow blasts and the blood
//! counts it also typed say what those values should be. Deriving them
//! (per `derivations.md`) lets the report show the recorded value beside
//! the derived one and list every disagreement, and lets a setting base the
//! tables on the derived values instead.
//!
//! Every module here is a pure function of typed values: no cells, no
//! diagnostics, no words. What could not be derived is a typed reason
//! (an enum), which the caller turns into a located diagnostic. Every
//! threshold is checked against its published source, cited in the
//! module's documentation and beside the tests.
//!
//! - [`iscn`]: the ISCN karyotype string to clones and typed abnormalities.
//! - [`cytogenetics`]: clonality, del(5q), the abnormality count, -7/del(7q),
//!   complexity and the IPSS and IPSS-R cytogenetic groups.
//! - [`risk`]: the IPSS, IPSS-R and age-adjusted IPSS-RA scores.

pub mod cytogenetics;
pub mod iscn;
pub mod risk;
