//! Classification tests. Expected groups are worked by hand from the
//! printed rules: IPSS, Greenberg 1997 ("Good = normal, -Y, del(5q),
//! del(20q); Poor = complex (≥3 abnormalities) or chromosome 7 anomalies;
//! Intermediate = any other"); IPSS-R, Schanz 2012 / Greenberg 2012 as on
//! ipssrbasic.mds-foundation.org; clonality, ISCN 2020 (2 cells for a gain
//! or structural abnormality, 3 for a loss).

use super::*;
use IpssCytoGroup as G;
use IpssRCyto as R;

fn cyto(s: &str) -> Cytogenetics {
    classify(&Karyotype::parse(s), ThreeQScope::default())
}

fn groups(s: &str) -> (u32, u32, bool, G, R) {
    let c = cyto(s)
        .classification
        .unwrap_or_else(|e| panic!("{s}: {e:?}"));
    (c.distinct, c.additional, c.complex, c.ipss, c.ipss_r)
}

#[test]
fn the_study_karyotypes() {
    // (karyotype, distinct, additional, complex, IPSS, IPSS-R)
    let cases = [
        // Isolated del(5q): "del(5q) alone" is good in both.
        ("46,XX,del(5)(q13q33)[20]", (1, 0, false, G::Good, R::Good)),
        (
            "46,XY,del(5)(q13q33)[17]/46,XY[3]",
            (1, 0, false, G::Good, R::Good),
        ),
        // del(5q) and one more: IPSS "any other" (not alone) = intermediate;
        // IPSS-R "double including del(5q)" = good.
        (
            "47,XX,del(5)(q13q33),+8[15]/46,XX[5]",
            (2, 1, false, G::Intermediate, R::Good),
        ),
        (
            "46,XX,del(5)(q14q34),del(12)(p12)[14]/46,XX[6]",
            (2, 1, false, G::Intermediate, R::Good),
        ),
        // Three in one lineage (stemline + idem sidelines): complex, poor in
        // both ("complex with 3 abnormalities").
        (
            "46,XY,del(5)(q22q35)[10]/47,idem,+8[6]/48,idem,+8,+21[4]",
            (3, 2, true, G::Poor, R::Poor),
        ),
        // Four (two markers count two): very poor.
        (
            "48,XX,del(5)(q13q33),+8,+2mar[20]",
            (4, 3, true, G::Poor, R::VeryPoor),
        ),
        // With -7 or del(7q): IPSS poor (chromosome 7); IPSS-R "double
        // including -7/del(7q)" = poor.
        (
            "45,XY,del(5)(q13q33),-7[20]",
            (2, 1, false, G::Poor, R::Poor),
        ),
        (
            "46,XY,del(5)(q13q33),del(7)(q22q34)[20]",
            (2, 1, false, G::Poor, R::Poor),
        ),
        // Normal.
        ("46,XX[20]", (0, 0, false, G::Good, R::Good)),
    ];
    for (s, expected) in cases {
        assert_eq!(groups(s), expected, "{s}");
    }
    let c = cyto("45,XY,del(5)(q13q33),-7[20]");
    assert!(c.del5q && c.minus7_or_del7q);
    // +7 is a chromosome 7 anomaly for the IPSS, but not -7/del(7q).
    let c = cyto("47,XY,+7[20]");
    assert!(!c.minus7_or_del7q);
    assert_eq!(c.classification.unwrap().ipss, G::Poor);
}

#[test]
fn single_abnormalities() {
    // (karyotype, IPSS, IPSS-R), each by the printed lists.
    let cases = [
        ("45,X,-Y[20]", G::Good, R::VeryGood),
        ("46,XX,del(11)(q14q23)[20]", G::Intermediate, R::VeryGood),
        ("46,XX,del(20)(q11.2q13.3)[20]", G::Good, R::Good),
        ("46,XX,del(12)(p12)[20]", G::Intermediate, R::Good),
        ("45,XX,-7[20]", G::Poor, R::Poor),
        ("46,XX,del(7)(q22)[20]", G::Poor, R::Intermediate),
        ("47,XX,+8[20]", G::Intermediate, R::Intermediate),
        ("47,XX,+19[20]", G::Intermediate, R::Intermediate),
        ("46,XX,i(17)(q10)[20]", G::Intermediate, R::Intermediate),
        ("46,XX,inv(3)(q21q26.2)[20]", G::Intermediate, R::Poor),
        ("46,XX,t(3;3)(q21;q26.2)[20]", G::Intermediate, R::Poor),
        ("46,XX,t(3;5)(q25;q35)[20]", G::Intermediate, R::Poor),
        ("46,XX,del(3)(q12)[20]", G::Intermediate, R::Poor),
        ("46,XX,del(3)(p14)[20]", G::Intermediate, R::Intermediate),
        (
            "46,XX,t(1;3)(p36;p21)[20]",
            G::Intermediate,
            R::Intermediate,
        ),
    ];
    for (s, ipss, ipss_r) in cases {
        let (n, _, _, g, r) = groups(s);
        assert_eq!((n, g, r), (1, ipss, ipss_r), "{s}");
    }
}

#[test]
fn three_q_scope() {
    let with = |s: &str, scope| {
        classify(&Karyotype::parse(s), scope)
            .classification
            .unwrap()
            .ipss_r
    };
    use ThreeQScope::*;
    // Any 3q breakpoint (as printed) vs 3q21/3q26 only.
    for (s, any, narrow) in [
        ("46,XX,inv(3)(q21q26.2)[20]", R::Poor, R::Poor),
        ("46,XX,t(3;21)(q26.2;q22)[20]", R::Poor, R::Poor),
        ("46,XX,t(3;5)(q25;q35)[20]", R::Poor, R::Intermediate),
        ("46,XX,del(3)(q12)[20]", R::Poor, R::Intermediate),
        ("46,XX,der(3)t(3;17)(q21;q21)[20]", R::Poor, R::Poor),
        ("46,XX,del(3q)[20]", R::Poor, R::Poor),
    ] {
        assert_eq!(
            (with(s, AnyBreakpoint), with(s, Q21OrQ26)),
            (any, narrow),
            "{s}"
        );
    }
}

#[test]
fn clonality_needs_two_cells_or_three_for_a_loss() {
    // One cell with +8: non-clonal, listed, not counted.
    let c = cyto("46,XX,del(5)(q13q33)[19]/47,XX,+8[1]");
    assert_eq!(c.non_clonal.len(), 1);
    assert_eq!(c.non_clonal[0].abnormality.kind, AbnormalityKind::Gain);
    assert_eq!(c.non_clonal[0].cells, 1);
    assert_eq!(c.classification.unwrap().additional, 0);
    // Two cells with a gain: clonal; two with a loss: not; three: clonal.
    assert_eq!(groups("47,XX,+8[2]/46,XX[18]").0, 1);
    assert_eq!(groups("45,XX,-7[2]/46,XX[18]").0, 0);
    assert_eq!(groups("45,XX,-7[3]/46,XX[17]").0, 1);
    // A single cell with del(5q) is not a del(5q) clone.
    let c = cyto("46,XX,del(5)(q13q33)[1]/46,XX[19]");
    assert!(!c.del5q);
    // Cells add up over the stemline and its sidelines.
    let c = cyto("46,XX,del(5)(q13q33)[1]/47,idem,+8[1]/46,XX[18]");
    assert!(c.del5q);
    assert_eq!(c.non_clonal.len(), 1);
    // The review's K29: one cell with del(5q) is listed as non-clonal (one
    // cell), so the report can say so rather than "no del(5q)".
    let c = cyto("46,XX,del(5)(q13q33)[1]/46,XX[19]");
    assert_eq!(c.non_clonal.len(), 1);
    assert!(c.non_clonal[0].abnormality.is_deletion_of(5, Arm::Q));
    assert_eq!(c.non_clonal[0].cells, 1);
    // A composite karyotype lists clonal abnormalities only.
    assert_eq!(groups("45~47,XX,del(5)(q13q33),-7[cp2]").0, 2);
}

#[test]
fn a_clone_carries_every_abnormality_written_for_it() {
    // ISCN 2020 ch. 11: the clone is the cell population; two cells sharing
    // an extra marker establish it, and the -7 written for the same cells
    // belongs to it although two cells would not establish a loss alone
    // (the review's Z2). By hand: stemline del(5q) [20] clonal; sideline
    // -7,+mar [2]: +mar 2 cells ≥ 2 → a clone → -7 clonal too. Distinct:
    // del(5q), -7, +mar = 3 → additional 2, complex; -7 → chr7 and IPSS
    // poor.
    let c = cyto("46,XX,del(5)(q13q33)[20]/46,XX,-7,+mar[2]");
    assert!(c.non_clonal.is_empty(), "{:?}", c.non_clonal);
    assert!(c.del5q && c.minus7_or_del7q);
    let k = c.classification.unwrap();
    assert_eq!((k.distinct, k.additional, k.complex), (3, 2, true));
    assert_eq!(k.ipss, G::Poor);
    // The review's P15: three cells, clonal either way.
    assert!(cyto("46,XY,-7,+mar[3]/46,XY[17]").minus7_or_del7q);
    // Losses alone in two cells are still no clone (P18), and a sideline
    // of one cell establishes nothing of its own: its +8 stays non-clonal
    // while the del(5q) it inherits adds up to 20 cells.
    let c = cyto("45,XY,-7[2]/46,XY[18]");
    assert!(!c.minus7_or_del7q);
    assert_eq!(c.non_clonal[0].cells, 2);
    let c = cyto("46,XX,del(5)(q13q33)[19]/47,idem,+8[1]");
    assert!(c.del5q);
    assert_eq!(c.non_clonal.len(), 1);
    assert_eq!(c.non_clonal[0].abnormality.kind, AbnormalityKind::Gain);
    // Three cells with two losses: a clone by the loss rule.
    assert_eq!(groups("44,XX,-7,-20[3]/46,XX[17]").0, 2);
}

#[test]
fn no_cell_count_is_taken_as_clonal_and_said() {
    let c = cyto("46,XX,del(5)(q13q33)");
    assert!(c.del5q && c.cell_counts_missing);
    assert_eq!(c.classification.unwrap().additional, 0);
    assert!(!cyto("46,XX,del(5)(q13q33)[20]").cell_counts_missing);
}

#[test]
fn constitutional_abnormalities_do_not_count() {
    assert_eq!(
        groups("47,XY,+21c,del(5)(q13q33)[20]"),
        (1, 0, false, G::Good, R::Good)
    );
    assert_eq!(groups("46,XY,inv(9)(p11q13)c[20]").0, 0);
}

#[test]
fn lineages_and_independent_clones() {
    // Two independent single-abnormality clones, each good alone: "any
    // other single or double independent clones" = intermediate.
    let c = cyto("46,XX,del(5)(q13q33)[8]/46,XX,del(20)(q11.2)[4]/46,XX[8]")
        .classification
        .unwrap();
    assert_eq!(
        (c.lineages, c.distinct, c.ipss, c.ipss_r),
        (2, 2, G::Intermediate, R::Intermediate)
    );
    // An independent -7 clone: the worse lineage decides.
    let c = cyto("46,XX,del(5)(q13q33)[8]/45,XX,-7[4]/46,XX[8]")
        .classification
        .unwrap();
    assert_eq!((c.lineages, c.ipss_r), (2, R::Poor));
    // Two independent doubles: not complex by lineage (intermediate), but
    // four distinct abnormalities over the karyotype (IPSS poor).
    let c = cyto("47,XX,+8,del(20)(q11.2)[8]/47,XX,+9,del(11)(q14)[4]/46,XX[8]")
        .classification
        .unwrap();
    assert_eq!(
        (c.lineages, c.distinct, c.ipss, c.ipss_r),
        (2, 4, G::Poor, R::Intermediate)
    );
    // Clones sharing del(5q) (written in two notations, no idem) are one
    // lineage: a double including del(5q).
    let c = cyto("46,XX,del(5q)[10]/47,XX,del(5)(q13q33),+8[5]")
        .classification
        .unwrap();
    assert_eq!((c.lineages, c.distinct, c.ipss_r), (1, 2, R::Good));
}

#[test]
fn additional_without_del5q_counts_everything() {
    let c = cyto("47,XX,+8[20]");
    assert!(!c.del5q);
    assert_eq!(c.classification.unwrap().additional, 1);
}

#[test]
fn unclassifiable_says_why() {
    let c = cyto("del(5q) isolated");
    assert!(c.del5q);
    assert_eq!(c.classification, Err(Unclassifiable::PartNotRead));
    assert_eq!(cyto("").classification, Err(Unclassifiable::NothingRead));
    assert_eq!(
        cyto("nuc ish(EGR1x1)[150/200]").classification,
        Err(Unclassifiable::NothingRead)
    );
    assert_eq!(
        cyto("46,XX,del(5)(q13q33),+8,dell(7)(q22)[20]").classification,
        Err(Unclassifiable::PartNotRead)
    );
    // A FISH tail or a remark does not hide a banding abnormality.
    assert_eq!(
        groups("46,XX,del(5)(q13q33)[20].nuc ish(EGR1x1)[180/200]").1,
        0
    );
    assert_eq!(groups("46,XX,del(5)(q13q33)[20] isolated").1, 0);
}

#[test]
fn the_demo_records_agree_with_their_karyotypes() {
    // Every demo patient's recorded additional_abnormalities and
    // chr7_abnormality equal what its karyotype says.
    let demo = include_str!("../../www/demo/lenalyze-demo.csv");
    let mut rows = csv::Reader::from_reader(demo.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (k, add, chr7) = (
        col("karyotype"),
        col("additional_abnormalities"),
        col("chr7_abnormality"),
    );
    let mut n = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let c = cyto(&row[k]);
        let classified = c.classification.unwrap();
        assert_eq!(classified.additional.to_string(), &row[add], "{}", &row[k]);
        assert_eq!(
            if c.minus7_or_del7q { "Y" } else { "N" },
            &row[chr7],
            "{}",
            &row[k]
        );
        assert!(c.del5q);
        n += 1;
    }
    assert_eq!(n, 31);
}
