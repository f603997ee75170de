//! Mergeable tallies: what a table is computed from, in a form two sites'
//! tallies can be added in.
//!
//! Why: each table is built in two steps, patients → a tally (counts, 2×2
//! tables, value→count histograms, event/censoring counts by day) → the
//! table. The tally of two patient lists is the sum of their tallies, and
//! the table is a function of the tally alone, so a study pooled from the
//! sites' tallies (`crate::pool`) is the study analysed from the
//! concatenated files, figure for figure, by construction. A tally holds no
//! patient row: a histogram is of one variable (or one variable within a
//! response group), never several variables of the same patient side by
//! side.

use serde::{Deserialize, Serialize};

/// A tally that can absorb another site's tally of the same kind.
pub trait Merge {
    /// Adds `other` to `self`.
    fn merge(&mut self, other: &Self);
}

impl Merge for usize {
    fn merge(&mut self, other: &Self) {
        *self = self.saturating_add(*other);
    }
}

impl Merge for u64 {
    fn merge(&mut self, other: &Self) {
        *self = self.saturating_add(*other);
    }
}

impl<T: Merge, const N: usize> Merge for [T; N] {
    fn merge(&mut self, other: &Self) {
        for (a, b) in self.iter_mut().zip(other) {
            a.merge(b);
        }
    }
}

impl<K: Ord + Clone, V: Merge + Clone> Merge for std::collections::BTreeMap<K, V> {
    fn merge(&mut self, other: &Self) {
        for (k, v) in other {
            match self.get_mut(k) {
                Some(mine) => mine.merge(v),
                None => {
                    self.insert(k.clone(), v.clone());
                }
            }
        }
    }
}

impl<T: Ord + Clone> Merge for std::collections::BTreeSet<T> {
    fn merge(&mut self, other: &Self) {
        self.extend(other.iter().cloned());
    }
}

/// Implements [`Merge`] for a struct by merging every named field.
#[macro_export]
macro_rules! merge_fields {
    ($t:ty { $($field:ident),* $(,)? }) => {
        impl $crate::analysis::tally::Merge for $t {
            fn merge(&mut self, other: &Self) {
                $( $crate::analysis::tally::Merge::merge(&mut self.$field, &other.$field); )*
            }
        }
    };
}

merge_fields!(super::values::Missing {
    total,
    not_recorded,
    unknown,
    invalid
});

/// A multiset of numbers: each distinct value with how many times it
/// occurs, in increasing order. Rebuilding the sorted values from it gives
/// every order statistic (median, range, ranks) exactly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Values(Vec<(f64, usize)>);

impl Values {
    /// The multiset of `values`.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Values {
        let mut v = Values(values.into_iter().map(|x| (x, 1)).collect());
        v.normalize();
        v
    }

    /// Sorts by value and adds up repeated values (a tally read from a file
    /// may be in any order).
    fn normalize(&mut self) {
        self.0.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut out: Vec<(f64, usize)> = Vec::with_capacity(self.0.len());
        for (x, n) in self.0.drain(..) {
            match out.last_mut() {
                Some(last) if last.0.total_cmp(&x).is_eq() => last.1 = last.1.saturating_add(n),
                _ if n > 0 => out.push((x, n)),
                _ => {}
            }
        }
        self.0 = out;
    }

    /// Every value, repeated by its count, in increasing order.
    pub fn sorted(&self) -> Vec<f64> {
        self.0
            .iter()
            .flat_map(|&(x, n)| std::iter::repeat_n(x, n))
            .collect()
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.0.iter().map(|p| p.1).sum()
    }

    /// True when there is no value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Distinct values with their counts, in increasing order.
    pub fn counts(&self) -> &[(f64, usize)] {
        &self.0
    }
}

impl Merge for Values {
    fn merge(&mut self, other: &Self) {
        self.0.extend_from_slice(&other.0);
        self.normalize();
    }
}

/// Counts by a key (a category, a reason), in key order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Counts<K>(Vec<(K, usize)>);

impl<K> Default for Counts<K> {
    fn default() -> Self {
        Counts(Vec::new())
    }
}

impl<K: Ord + Clone> Counts<K> {
    /// The counts of `keys`.
    pub fn of(keys: impl IntoIterator<Item = K>) -> Counts<K> {
        let mut c = Counts(keys.into_iter().map(|k| (k, 1)).collect());
        c.normalize();
        c
    }

    fn normalize(&mut self) {
        self.0.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(K, usize)> = Vec::with_capacity(self.0.len());
        for (k, n) in self.0.drain(..) {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = last.1.saturating_add(n),
                _ if n > 0 => out.push((k, n)),
                _ => {}
            }
        }
        self.0 = out;
    }

    /// The count of `key` (0 when absent).
    pub fn get(&self, key: &K) -> usize {
        self.0
            .binary_search_by(|p| p.0.cmp(key))
            .map(|i| self.0[i].1)
            .unwrap_or(0)
    }

    /// Keys with their counts, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, usize)> {
        self.0.iter().map(|(k, n)| (k, *n))
    }

    /// The sum of all counts.
    pub fn total(&self) -> usize {
        self.0.iter().map(|p| p.1).sum()
    }
}

impl<K: Ord + Clone> Merge for Counts<K> {
    fn merge(&mut self, other: &Self) {
        self.0.extend(other.0.iter().cloned());
        self.normalize();
    }
}

/// A yes/no variable: how many said yes, and how many are missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct YesNo {
    /// Patients the tally is over.
    pub n: usize,
    /// Known yes.
    pub yes: usize,
    /// Missing, by kind.
    pub missing: super::values::Missing,
}

merge_fields!(YesNo { n, yes, missing });

impl YesNo {
    /// Tallies an observed yes/no per patient.
    pub fn of<'a>(obs: impl IntoIterator<Item = &'a crate::model::Obs<bool>>) -> YesNo {
        let mut t = YesNo::default();
        let mut all = Vec::new();
        for o in obs {
            t.n += 1;
            if o.get() == Some(true) {
                t.yes += 1;
            }
            all.push(o);
        }
        t.missing = super::values::Missing::of(all);
        t
    }

    /// The count of yes of the tally's patients.
    pub fn count(&self) -> super::values::Count {
        super::values::Count::new(self.yes, self.n, self.missing.total)
    }
}

/// A continuous variable: its values and how many are missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Numbers {
    /// Patients the tally is over.
    pub n: usize,
    /// The known values.
    pub values: Values,
    /// Missing, by kind.
    pub missing: super::values::Missing,
}

merge_fields!(Numbers { n, values, missing });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_merge_is_the_multiset_union_in_any_order() {
        let a = Values::of([3.0, 1.0, 3.0]);
        let b = Values::of([2.0, 3.0]);
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        assert_eq!(ab.sorted(), vec![1.0, 2.0, 3.0, 3.0, 3.0]);
        assert_eq!(ab.counts(), &[(1.0, 1), (2.0, 1), (3.0, 3)]);
        assert_eq!(ab, Values::of([3.0, 1.0, 3.0, 2.0, 3.0]));
    }

    #[test]
    fn counts_merge_adds_and_reads_unsorted_input() {
        let mut a = Counts::of(["b", "a", "b"]);
        a.merge(&Counts(vec![("c", 2), ("a", 1), ("z", 0)]));
        assert_eq!(a.get(&"a"), 2);
        assert_eq!(a.get(&"b"), 2);
        assert_eq!(a.get(&"c"), 2);
        assert_eq!(a.get(&"z"), 0);
        assert_eq!(a.total(), 6);
    }
}
