//! The study's cytogenetic facts from a read karyotype: del(5q), the number
//! of distinct clonal abnormalities (and so "additional abnormalities"),
//! -7/del(7q), complexity, and the IPSS and IPSS-R cytogenetic groups.
//!
//! Sources (each rule checked against them):
//! - Clonality, ISCN 2020 (McGowan-Jordan, Hastings, Moore (eds.), Karger
//!   2020; chapter 11, neoplasia, "clones and clonal evolution"; the same
//!   in ISCN 2016): a clone is a cell population derived from a single
//!   progenitor, and it is established by at least two cells with the same
//!   structural abnormality or the same extra chromosome, or by at least
//!   three cells with the same missing chromosome. The clone is the cell
//!   population, not one abnormality: once a cell line is a clone, every
//!   abnormality written for it belongs to it. So `46,XX,-7,+mar[2]` is a
//!   clone (two cells share the extra marker) that carries the -7, though
//!   two cells would not establish a loss on their own; `45,XX,-7[2]` is
//!   not a clone. An abnormality is clonal when its cells, added over every
//!   cell line that has it (a stemline and its `idem` sidelines), reach its
//!   threshold, or when it is written in a cell line that is a clone by
//!   itself. Any other is non-clonal: listed in
//!   [`Cytogenetics::non_clonal`] (with its cells), never counted. A
//!   composite karyotype (`[cp10]`) lists only clonal abnormalities, so all
//!   of them count.
//! - IPSS cytogenetic groups, Greenberg et al., Blood 1997;89:2079, Table
//!   (as reprinted by ASH, "Good = normal, -Y, del(5q), del(20q); Poor =
//!   complex (≥3 abnormalities) or chromosome 7 anomalies; Intermediate =
//!   any other abnormalities"). "del(5q)" etc. mean the abnormality alone.
//! - IPSS-R cytogenetic categories, Schanz et al., J Clin Oncol
//!   2012;30:820 as used in Greenberg et al., Blood 2012;120:2454 (the MDS
//!   Foundation's calculator, ipssrbasic.mds-foundation.org, lists them):
//!   very good -Y, del(11q); good normal, del(5q), del(12p), del(20q),
//!   double including del(5q); intermediate del(7q), +8, +19, i(17q), any
//!   other single or double independent clones; poor -7,
//!   inv(3)/t(3q)/del(3q), double including -7/del(7q), complex with 3
//!   abnormalities; very poor complex with more than 3.
//!
//! Choices where the sources leave room (each tested):
//! - **No cell count.** A clone written without `[n]` is taken as the
//!   laboratory reported it: its abnormalities count as clonal, and
//!   [`Cytogenetics::cell_counts_missing`] says so, so the report can flag
//!   the patient. (Labs drop `[n]` when copying a result, not when a finding
//!   is a single cell; refusing would lose most hand-typed karyotypes.)
//! - **Counting.** Each distinct abnormality counts once over all clones
//!   (an `idem` copy is the same abnormality); `+2mar` counts two markers,
//!   `+1~3mar` one (the lower bound); constitutional abnormalities (`+21c`)
//!   do not count.
//! - **Additional abnormalities** = distinct − 1 when del(5q) is present,
//!   else all distinct abnormalities (all are beyond del(5q)), as the CRF
//!   column means "count beyond del(5q)".
//! - **-7/del(7q)** (the CRF's `chr7_abnormality`) is exactly loss of 7 or
//!   a deletion of 7q; the IPSS "chromosome 7 anomalies" is any clonal
//!   abnormality naming chromosome 7 (a translocation or +7 included).
//! - **Lineages (IPSS-R).** A lineage is a stemline with its sidelines, or
//!   clones sharing a clonal abnormality; single/double/complex count one
//!   lineage's abnormalities. With two or more independent abnormal
//!   lineages, the category is the worst lineage's, but at least
//!   intermediate ("any other single or double independent clones").
//! - **3q** (inv(3)/t(3q)/del(3q)): [`ThreeQScope`]; a derivative
//!   chromosome with a 3q breakpoint counts as t(3q); `inv(3)` or
//!   `del(3q)` written without bands counts under either scope, as printed.

use super::iscn::{Abnormality, AbnormalityKind, Arm, Chromosome, Karyotype};
use serde::{Deserialize, Serialize};

/// IPSS cytogenetic group (Greenberg 1997).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IpssCytoGroup {
    /// Normal, -Y alone, del(5q) alone, del(20q) alone.
    Good,
    /// Any other.
    Intermediate,
    /// Complex (≥ 3 abnormalities) or any chromosome 7 anomaly.
    Poor,
}

/// IPSS-R cytogenetic category (Schanz 2012), best to worst.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IpssRCyto {
    /// -Y, del(11q).
    VeryGood,
    /// Normal, del(5q), del(12p), del(20q), double including del(5q).
    Good,
    /// del(7q), +8, +19, i(17q), any other single or double (independent clones).
    Intermediate,
    /// -7, inv(3)/t(3q)/del(3q), double including -7/del(7q), complex with 3.
    Poor,
    /// Complex with more than 3 abnormalities.
    VeryPoor,
}

/// Which 3q abnormalities make the IPSS-R "inv(3)/t(3q)/del(3q)" poor
/// group: a setting, because the printed table says "3q" while the
/// recurrent lesions are at 3q21 and 3q26.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreeQScope {
    /// Any breakpoint on 3q, as printed.
    #[default]
    AnyBreakpoint,
    /// Only breakpoints in 3q21 or 3q26.
    Q21OrQ26,
}

/// Why a karyotype could not be classified.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unclassifiable {
    /// No clone could be read (empty, `failed`, a FISH result only).
    NothingRead,
    /// A part that could hide an abnormality was not read (see
    /// [`Karyotype::unread`]), so any count would be a guess.
    PartNotRead,
}

/// The counts and groups, when the karyotype could be classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classified {
    /// Distinct clonal abnormalities over all clones.
    pub distinct: u32,
    /// Abnormalities beyond del(5q) (see the module docs).
    pub additional: u32,
    /// Three or more distinct clonal abnormalities.
    pub complex: bool,
    /// The number of independent abnormal lineages.
    pub lineages: u32,
    /// IPSS cytogenetic group.
    pub ipss: IpssCytoGroup,
    /// IPSS-R cytogenetic category.
    pub ipss_r: IpssRCyto,
}

/// What a karyotype says for the study.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cytogenetics {
    /// The distinct clonal abnormalities, in the order first met.
    pub clonal: Vec<Abnormality>,
    /// Abnormalities seen in too few cells to be clonal, each with the
    /// number of cells it was seen in.
    pub non_clonal: Vec<NonClonal>,
    /// del(5q) among the clonal abnormalities read.
    pub del5q: bool,
    /// -7 or del(7q) among the clonal abnormalities read.
    pub minus7_or_del7q: bool,
    /// Some abnormal clone had no cell count, so clonality was assumed.
    pub cell_counts_missing: bool,
    /// The counts and groups, or why there are none.
    pub classification: Result<Classified, Unclassifiable>,
}

/// An abnormality seen in too few cells to make a clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonClonal {
    /// The abnormality (as first written).
    pub abnormality: Abnormality,
    /// The cells it was seen in, over every cell line that has it.
    pub cells: u32,
}

/// The fewest cells that establish a clone with this abnormality (ISCN:
/// two for a gain or a structural abnormality, three for a loss).
fn clone_threshold(a: &Abnormality) -> u32 {
    if a.is_loss() {
        3
    } else {
        2
    }
}

/// Whether a cell line is a clone by itself: its cells share every
/// abnormality written for it, so it is one when its own count reaches the
/// threshold of any of them (two cells with a gain or structural change,
/// three when all are losses). Unknown or composite counts are not judged
/// here (see [`classify`]).
fn is_clone_by_itself(clone: &super::iscn::Clone) -> bool {
    let Some(cells) = clone.cells.filter(|c| !c.composite) else {
        return false;
    };
    clone
        .abnormalities
        .iter()
        .filter(|a| !a.constitutional)
        .any(|a| cells.count >= clone_threshold(a))
}

/// Classifies a read karyotype.
pub fn classify(k: &Karyotype, three_q: ThreeQScope) -> Cytogenetics {
    // Per distinct abnormality over all clones: the cells (`None` = some
    // clone with it has no count or is composite, so it is taken as
    // clonal), and whether a cell line that is a clone by itself has it.
    struct Seen {
        id: String,
        first: Abnormality,
        cells: Option<u32>,
        in_a_clone: bool,
    }
    let mut seen: Vec<Seen> = Vec::new();
    let mut cell_counts_missing = false;
    for clone in &k.clones {
        let in_a_clone = is_clone_by_itself(clone);
        for a in clone.abnormalities.iter().filter(|a| !a.constitutional) {
            let cells = clone.cells.filter(|c| !c.composite).map(|c| c.count);
            cell_counts_missing |= clone.cells.is_none();
            let id = a.identity();
            match seen.iter_mut().find(|s| s.id == id) {
                Some(s) => {
                    s.cells = s.cells.zip(cells).map(|(t, c)| t + c);
                    s.first.copies = s.first.copies.max(a.copies);
                    s.in_a_clone |= in_a_clone;
                }
                None => seen.push(Seen {
                    id,
                    first: a.clone(),
                    cells,
                    in_a_clone,
                }),
            }
        }
    }
    let (clonal, non_clonal): (Vec<_>, Vec<_>) = seen
        .into_iter()
        .partition(|s| s.in_a_clone || s.cells.is_none_or(|n| n >= clone_threshold(&s.first)));
    let clonal_ids: Vec<String> = clonal.iter().map(|s| s.id.clone()).collect();
    let clonal: Vec<Abnormality> = clonal.into_iter().map(|s| s.first).collect();
    let del5q = clonal.iter().any(is_del5q);
    let minus7_or_del7q = clonal.iter().any(is_minus7_or_del7q);
    let classification = if k.clones.is_empty() {
        Err(Unclassifiable::NothingRead)
    } else if k.counting_blocked() {
        Err(Unclassifiable::PartNotRead)
    } else {
        let lineages = lineages(k, &clonal_ids);
        let distinct = weight(&clonal);
        Ok(Classified {
            distinct,
            additional: if del5q { distinct - 1 } else { distinct },
            complex: distinct >= 3,
            lineages: lineages.len() as u32,
            ipss: ipss_group(&clonal),
            ipss_r: ipss_r_category(&lineages, &clonal, three_q),
        })
    };
    Cytogenetics {
        clonal,
        non_clonal: non_clonal
            .into_iter()
            .map(|s| NonClonal {
                abnormality: s.first,
                // Non-clonal means every clone with it had a count.
                cells: s.cells.unwrap_or(0),
            })
            .collect(),
        del5q,
        minus7_or_del7q,
        cell_counts_missing,
        classification,
    }
}

fn is_del5q(a: &Abnormality) -> bool {
    a.is_deletion_of(5, Arm::Q)
}

fn is_minus7_or_del7q(a: &Abnormality) -> bool {
    a.is_loss_of(Chromosome::Autosome(7)) || a.is_deletion_of(7, Arm::Q)
}

/// How many abnormalities a list is: one each, markers by their copies.
fn weight(abnormalities: &[Abnormality]) -> u32 {
    abnormalities
        .iter()
        .map(|a| match a.kind {
            AbnormalityKind::Marker => u32::from(a.copies.max(1)),
            _ => 1,
        })
        .sum()
}

/// The abnormal lineages, each as the indices (into `clonal`) of its
/// clonal abnormalities: clones joined when one is a sideline of the
/// other or when they share a clonal abnormality.
fn lineages(k: &Karyotype, clonal_ids: &[String]) -> Vec<Vec<usize>> {
    let per_clone: Vec<Vec<usize>> = k
        .clones
        .iter()
        .map(|c| {
            let mut ids: Vec<usize> = c
                .abnormalities
                .iter()
                .filter_map(|a| clonal_ids.iter().position(|id| *id == a.identity()))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    let mut parent: Vec<usize> = (0..k.clones.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, clone) in k.clones.iter().enumerate() {
        let mut join = |j: usize| {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a] = b;
        };
        if let super::iscn::Relation::Sideline { of } = clone.relation {
            join(of);
        }
        for j in 0..i {
            if per_clone[i].iter().any(|x| per_clone[j].contains(x)) {
                join(j);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, ids) in per_clone.into_iter().enumerate() {
        if ids.is_empty() {
            continue;
        }
        let r = root(&mut parent, i);
        match groups.iter_mut().find(|(g, _)| *g == r) {
            Some((_, all)) => all.extend(ids),
            None => groups.push((r, ids)),
        }
    }
    groups
        .into_iter()
        .map(|(_, mut ids)| {
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect()
}

/// Greenberg 1997: good = normal or -Y, del(5q), del(20q) alone; poor =
/// ≥ 3 abnormalities or any chromosome 7 anomaly; intermediate = other.
fn ipss_group(clonal: &[Abnormality]) -> IpssCytoGroup {
    let n = weight(clonal);
    if clonal
        .iter()
        .any(|a| a.chromosomes.contains(&Chromosome::Autosome(7)))
        || n >= 3
    {
        return IpssCytoGroup::Poor;
    }
    match clonal {
        [] => IpssCytoGroup::Good,
        [a] if n == 1
            && (a.is_loss_of(Chromosome::Y) || is_del5q(a) || a.is_deletion_of(20, Arm::Q)) =>
        {
            IpssCytoGroup::Good
        }
        _ => IpssCytoGroup::Intermediate,
    }
}

fn ipss_r_category(
    lineages: &[Vec<usize>],
    clonal: &[Abnormality],
    three_q: ThreeQScope,
) -> IpssRCyto {
    let per_lineage = lineages.iter().map(|ids| {
        let abnormalities: Vec<Abnormality> = ids.iter().map(|&i| clonal[i].clone()).collect();
        lineage_category(&abnormalities, three_q)
    });
    match lineages.len() {
        0 => IpssRCyto::Good,
        1 => per_lineage.max().unwrap_or(IpssRCyto::Good),
        _ => per_lineage
            .max()
            .unwrap_or(IpssRCyto::Good)
            .max(IpssRCyto::Intermediate),
    }
}

/// One lineage's IPSS-R category from its abnormalities.
fn lineage_category(abnormalities: &[Abnormality], three_q: ThreeQScope) -> IpssRCyto {
    match weight(abnormalities) {
        0 => IpssRCyto::Good,
        1 => {
            let a = &abnormalities[0];
            if a.is_loss_of(Chromosome::Y) || a.is_deletion_of(11, Arm::Q) {
                IpssRCyto::VeryGood
            } else if is_del5q(a) || a.is_deletion_of(12, Arm::P) || a.is_deletion_of(20, Arm::Q) {
                IpssRCyto::Good
            } else if a.is_loss_of(Chromosome::Autosome(7)) || is_three_q(a, three_q) {
                IpssRCyto::Poor
            } else {
                IpssRCyto::Intermediate
            }
        }
        2 => {
            if abnormalities.iter().any(is_minus7_or_del7q) {
                IpssRCyto::Poor
            } else if abnormalities.iter().any(is_del5q) {
                IpssRCyto::Good
            } else {
                IpssRCyto::Intermediate
            }
        }
        3 => IpssRCyto::Poor,
        _ => IpssRCyto::VeryPoor,
    }
}

/// inv(3), t(3q) (a derivative included) or del(3q), within the scope.
fn is_three_q(a: &Abnormality, scope: ThreeQScope) -> bool {
    let three = Chromosome::Autosome(3);
    let Some(i) = a.chromosomes.iter().position(|&c| c == three) else {
        return false;
    };
    let kind_fits = match a.kind {
        AbnormalityKind::Inversion => a.chromosomes.len() == 1,
        AbnormalityKind::Deletion => a.chromosomes.len() == 1,
        AbnormalityKind::Translocation | AbnormalityKind::Derivative => true,
        _ => false,
    };
    if !kind_fits {
        return false;
    }
    // A translocation's breakpoint on 3 is the one in 3's position; an
    // inversion or deletion has one band string with both breakpoints.
    let Some(bands) = a.breakpoints.get(i) else {
        // `inv(3)` without bands: as printed.
        return a.kind != AbnormalityKind::Translocation && a.kind != AbnormalityKind::Derivative;
    };
    let q_bands: Vec<&str> = split_bands(bands)
        .into_iter()
        .filter(|b| b.starts_with('q'))
        .collect();
    match scope {
        ThreeQScope::AnyBreakpoint => !q_bands.is_empty(),
        ThreeQScope::Q21OrQ26 => {
            // The arm alone (`del(3q)`) names no band: as printed.
            bands == "q"
                || q_bands
                    .iter()
                    .any(|b| b.starts_with("q21") || b.starts_with("q26"))
        }
    }
}

/// `q21q26.2` → `q21`, `q26.2`.
fn split_bands(bands: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in bands.bytes().enumerate() {
        if (b == b'p' || b == b'q') && i > start {
            out.push(&bands[start..i]);
            start = i;
        }
    }
    out.push(&bands[start..]);
    out
}

#[cfg(test)]
#[path = "cytogenetics_tests.rs"]
mod tests;
