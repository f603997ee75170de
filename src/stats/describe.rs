//! Descriptive statistics. Design decision: the standard deviation and the
//! standard error are `Option<f64>` inside an otherwise successful
//! [`Summary`], because a single patient still has a mean, median, minimum
//! and maximum, whereas the spread is undefined (`None`) — not an error for
//! the whole summary. The mean and variance use two passes (mean first, then
//! squared deviations) for numerical stability; nothing is filtered, so the
//! caller removes missing values first.

use super::special::{finite, require_finite};
use super::{NotComputable, Reason};

/// Summary of a sample of measurements.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Number of values.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (divisor n − 1); `None` when n = 1.
    pub sd: Option<f64>,
    /// Standard error of the mean, sd/√n; `None` when n = 1.
    pub sem: Option<f64>,
    /// Median (mean of the two middle values when n is even).
    pub median: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

/// Summarises `values` (n, mean, sd, sem, median, min, max).
///
/// Errors: no values ("no patients in group"), or a NaN/infinite value.
pub fn summarize(values: &[f64]) -> Result<Summary, NotComputable> {
    require_finite(values, "data")?;
    let sorted = sorted_copy(values)?;
    let n = sorted.len();
    let nf = n as f64;
    let mean = finite(values.iter().sum::<f64>() / nf, "mean")?;
    let (sd, sem) = if n >= 2 {
        let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
        let sd = finite((ss / (nf - 1.0)).sqrt(), "standard deviation")?;
        (Some(sd), Some(sd / nf.sqrt()))
    } else {
        (None, None)
    };
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return Err(NotComputable::because(Reason::NoPatients));
    };
    Ok(Summary {
        n,
        mean,
        sd,
        sem,
        median: median_of_sorted(&sorted)?,
        min,
        max,
    })
}

/// Median of `values` (mean of the two middle values when n is even).
///
/// Errors: no values, or a NaN/infinite value.
pub fn median(values: &[f64]) -> Result<f64, NotComputable> {
    require_finite(values, "data")?;
    median_of_sorted(&sorted_copy(values)?)
}

fn sorted_copy(values: &[f64]) -> Result<Vec<f64>, NotComputable> {
    if values.is_empty() {
        return Err(NotComputable::because(Reason::NoPatients));
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    Ok(v)
}

fn median_of_sorted(sorted: &[f64]) -> Result<f64, NotComputable> {
    let n = sorted.len();
    let none = || NotComputable::because(Reason::NoPatients);
    if n % 2 == 1 {
        sorted.get(n / 2).copied().ok_or_else(none)
    } else {
        let lo = *sorted.get(n / 2 - 1).ok_or_else(none)?;
        let hi = *sorted.get(n / 2).ok_or_else(none)?;
        // lo/2 + hi/2 cannot overflow for huge values.
        Ok(lo / 2.0 + hi / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::assert_rel;
    use super::*;

    const X: [f64; 8] = [12.5, 3.0, 7.25, 9.0, 15.5, 3.0, 8.0, 11.0];

    #[test]
    fn summary_of_sample() {
        let s = summarize(&X).unwrap();
        assert_eq!(s.n, 8);
        // python3 -c "import numpy as np; print(np.mean([12.5,3,7.25,9,15.5,3,8,11]))"
        assert_rel(s.mean, 8.65625, 1e-14);
        // python3 -c "import numpy as np; print(np.std([12.5,3,7.25,9,15.5,3,8,11], ddof=1))"
        assert_rel(s.sd.unwrap(), 4.369000989111486, 1e-13);
        // python3 -c "from scipy.stats import sem; print(sem([12.5,3,7.25,9,15.5,3,8,11]))"
        assert_rel(s.sem.unwrap(), 1.5446751132057324, 1e-13);
        // python3 -c "import numpy as np; print(np.median([12.5,3,7.25,9,15.5,3,8,11]))"
        assert_rel(s.median, 8.5, 1e-15);
        assert_eq!((s.min, s.max), (3.0, 15.5));
    }

    #[test]
    fn odd_median() {
        // python3 -c "import numpy as np; print(np.median([5,1,4]))"
        assert_eq!(median(&[5.0, 1.0, 4.0]).unwrap(), 4.0);
    }

    #[test]
    fn single_value_has_no_spread() {
        let s = summarize(&[4.2]).unwrap();
        assert_eq!(
            (s.n, s.mean, s.median, s.min, s.max),
            (1, 4.2, 4.2, 4.2, 4.2)
        );
        assert_eq!((s.sd, s.sem), (None, None));
    }

    #[test]
    fn empty_and_invalid() {
        let e = summarize(&[]).unwrap_err();
        assert_eq!(e.reason, Reason::NoPatients);
        assert!(median(&[]).is_err());
        assert!(summarize(&[1.0, f64::NAN]).is_err());
        assert!(summarize(&[f64::MAX, f64::MAX]).is_err());
    }
}
