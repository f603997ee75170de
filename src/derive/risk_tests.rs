//! Every cut point of the IPSS and IPSS-R, worked by hand from the printed
//! tables: IPSS, Greenberg 1997 (ASH reprint of the prognostic-variables
//! table; cytopenia limits Hb 10 g/dL, ANC 1,800/µL, platelets 100,000/µL);
//! IPSS-R and IPSS-RA, Greenberg 2012 as printed on
//! ipssrbasic.mds-foundation.org. The IPSS-RA values were checked in exact
//! arithmetic with `python3 -c "from fractions import Fraction as F; …"`
//! (mpmath gives the same).

use super::*;

/// Counts with no cytopenia by either score.
const NORMAL: BloodCounts = BloodCounts {
    hb_g_dl: Some(12.0),
    anc_per_ul: Some(2500.0),
    platelets_per_ul: Some(200_000.0),
};

fn counts(hb: f64, anc: f64, plt: f64) -> BloodCounts {
    BloodCounts {
        hb_g_dl: Some(hb),
        anc_per_ul: Some(anc),
        platelets_per_ul: Some(plt),
    }
}

fn ipss_of(
    blasts: f64,
    g: IpssCytoGroup,
    c: BloodCounts,
) -> Result<(f64, IpssCategory), NotScored> {
    ipss(Some(blasts), Some(g), c).map(|s| (s.score, s.category))
}

#[test]
fn ipss_blast_bands() {
    use IpssCytoGroup::Good;
    // < 5 → 0; 5–10 → 0.5; 11–20 → 1.5; 21–30 → 2.0.
    for (blasts, points) in [
        (0.0, 0.0),
        (4.9, 0.0),
        (5.0, 0.5),
        (10.0, 0.5),
        (11.0, 1.5),
        (20.0, 1.5),
        (21.0, 2.0),
        (30.0, 2.0),
    ] {
        assert_eq!(
            ipss(Some(blasts), Some(Good), NORMAL).unwrap().blast_points,
            points,
            "{blasts}"
        );
    }
    // Between the printed whole-percentage bands: no score, and why.
    for blasts in [10.5, 10.01, 20.5] {
        assert_eq!(
            ipss(Some(blasts), Some(Good), NORMAL).unwrap_err().reasons,
            [Reason::BetweenBands {
                component: Component::Blasts,
                value: blasts
            }]
        );
    }
    assert_eq!(
        ipss(Some(31.0), Some(Good), NORMAL).unwrap_err().reasons,
        [Reason::AboveScope {
            component: Component::Blasts,
            value: 31.0
        }]
    );
}

#[test]
fn ipss_cytopenias_at_their_limits() {
    use IpssCytoGroup::Good;
    // Exactly at a limit is not a cytopenia (the limits are "<").
    let at_limits = counts(10.0, 1800.0, 100_000.0);
    assert_eq!(
        ipss(Some(1.0), Some(Good), at_limits).unwrap().cytopenias,
        0
    );
    // One cytopenia → 0 points; two → 0.5; three → 0.5.
    for (c, n, points) in [
        (counts(9.9, 1800.0, 100_000.0), 1, 0.0),
        (counts(9.9, 1799.0, 100_000.0), 2, 0.5),
        (counts(10.0, 1799.0, 99_999.0), 2, 0.5),
        (counts(9.9, 1799.0, 99_999.0), 3, 0.5),
    ] {
        let s = ipss(Some(1.0), Some(Good), c).unwrap();
        assert_eq!((s.cytopenias, s.cytopenia_points), (n, points), "{c:?}");
    }
}

#[test]
fn ipss_risk_groups_at_every_score() {
    use IpssCategory::*;
    use IpssCytoGroup::*;
    let two = counts(9.0, 1000.0, 200_000.0); // two cytopenias: 0.5
                                              // (blasts, karyotype, counts) → score, group; worked by hand.
    for (blasts, g, c, score, group) in [
        (1.0, Good, NORMAL, 0.0, Low),           // 0 + 0 + 0
        (1.0, Intermediate, NORMAL, 0.5, Int1),  // 0 + 0.5 + 0
        (5.0, Intermediate, NORMAL, 1.0, Int1),  // 0.5 + 0.5 + 0
        (11.0, Good, NORMAL, 1.5, Int2),         // 1.5 + 0 + 0
        (11.0, Intermediate, NORMAL, 2.0, Int2), // 1.5 + 0.5 + 0
        (21.0, Intermediate, NORMAL, 2.5, High), // 2.0 + 0.5 + 0
        (21.0, Poor, two, 3.5, High),            // 2.0 + 1.0 + 0.5
        (1.0, Poor, NORMAL, 1.0, Int1),          // 0 + 1.0 + 0
        (1.0, Good, two, 0.5, Int1),             // 0 + 0 + 0.5
    ] {
        assert_eq!(
            ipss_of(blasts, g, c).unwrap(),
            (score, group),
            "{blasts} {g:?}"
        );
    }
}

#[test]
fn ipss_missing_parts_are_all_named() {
    let e = ipss(None, None, BloodCounts::default()).unwrap_err();
    let missing = |component| Reason::Missing { component };
    use Component::*;
    assert_eq!(
        e.reasons,
        [
            missing(Blasts),
            missing(Cytogenetics),
            missing(Hemoglobin),
            missing(Neutrophils),
            missing(Platelets)
        ]
    );
    // Never scored as if 0: one missing count is enough to have no score,
    // even when the other two already decide the cytopenia points.
    let one_missing = BloodCounts {
        platelets_per_ul: None,
        ..counts(9.0, 1000.0, 0.0)
    };
    assert_eq!(
        ipss(Some(1.0), Some(IpssCytoGroup::Good), one_missing)
            .unwrap_err()
            .reasons,
        [missing(Platelets)]
    );
    let e = ipss(
        Some(-1.0),
        Some(IpssCytoGroup::Good),
        counts(f64::NAN, 1.0, 1.0),
    )
    .unwrap_err();
    assert_eq!(e.reasons.len(), 2);
    assert!(matches!(
        e.reasons[0],
        Reason::Implausible {
            component: Blasts,
            ..
        }
    ));
    assert!(matches!(
        e.reasons[1],
        Reason::Implausible {
            component: Hemoglobin,
            ..
        }
    ));
}

fn ipss_r_of(blasts: f64, c: IpssRCyto, counts: BloodCounts) -> IpssR {
    ipss_r(Some(blasts), Some(c), counts).unwrap()
}

#[test]
fn ipss_r_cut_points() {
    use IpssRCyto::*;
    // Blasts: ≤ 2 → 0; > 2–< 5 → 1; 5–10 → 2; > 10 → 3.
    for (blasts, points) in [
        (0.0, 0.0),
        (2.0, 0.0),
        (2.01, 1.0),
        (4.99, 1.0),
        (5.0, 2.0),
        (10.0, 2.0),
        (10.01, 3.0),
        (30.0, 3.0),
    ] {
        assert_eq!(
            ipss_r_of(blasts, Good, NORMAL).blast_points,
            points,
            "{blasts}"
        );
    }
    // Hb: ≥ 10 → 0; 8–< 10 → 1; < 8 → 1.5.
    for (hb, points) in [(10.0, 0.0), (9.99, 1.0), (8.0, 1.0), (7.99, 1.5)] {
        let c = BloodCounts {
            hb_g_dl: Some(hb),
            ..NORMAL
        };
        assert_eq!(ipss_r_of(1.0, Good, c).hemoglobin_points, points, "{hb}");
    }
    // Platelets: ≥ 100,000 → 0; 50,000–< 100,000 → 0.5; < 50,000 → 1.
    for (plt, points) in [
        (100_000.0, 0.0),
        (99_999.0, 0.5),
        (50_000.0, 0.5),
        (49_999.0, 1.0),
    ] {
        let c = BloodCounts {
            platelets_per_ul: Some(plt),
            ..NORMAL
        };
        assert_eq!(ipss_r_of(1.0, Good, c).platelet_points, points, "{plt}");
    }
    // ANC: ≥ 800 → 0; < 800 → 0.5.
    for (anc, points) in [(800.0, 0.0), (799.0, 0.5)] {
        let c = BloodCounts {
            anc_per_ul: Some(anc),
            ..NORMAL
        };
        assert_eq!(ipss_r_of(1.0, Good, c).neutrophil_points, points, "{anc}");
    }
    // Cytogenetics: very good 0, good 1, intermediate 2, poor 3, very poor 4.
    for (c, points) in [
        (VeryGood, 0.0),
        (Good, 1.0),
        (Intermediate, 2.0),
        (Poor, 3.0),
        (VeryPoor, 4.0),
    ] {
        assert_eq!(ipss_r_of(1.0, c, NORMAL).cytogenetic_points, points);
    }
}

#[test]
fn ipss_r_categories_at_every_cut() {
    use IpssRCategory as C;
    use IpssRCyto::*;
    let anc_low = BloodCounts {
        anc_per_ul: Some(500.0),
        ..NORMAL
    };
    let hb_low = BloodCounts {
        hb_g_dl: Some(7.0),
        ..NORMAL
    };
    // (blasts, cyto, counts) → score, category; worked by hand.
    for (blasts, cyto, c, score, category) in [
        (1.0, Good, anc_low, 1.5, C::VeryLow),    // 1 + 0 + 0.5 (≤ 1.5)
        (3.0, Good, NORMAL, 2.0, C::Low),         // 1 + 1
        (3.0, Intermediate, NORMAL, 3.0, C::Low), // 2 + 1 (≤ 3)
        (3.0, Intermediate, anc_low, 3.5, C::Intermediate), // 2 + 1 + 0.5
        (1.0, Poor, hb_low, 4.5, C::Intermediate), // 3 + 0 + 1.5 (≤ 4.5)
        (5.0, Poor, NORMAL, 5.0, C::High),        // 3 + 2
        (5.0, VeryPoor, NORMAL, 6.0, C::High),    // 4 + 2 (≤ 6)
        (5.0, VeryPoor, anc_low, 6.5, C::VeryHigh), // 4 + 2 + 0.5
        (0.0, VeryGood, NORMAL, 0.0, C::VeryLow),
    ] {
        let s = ipss_r_of(blasts, cyto, c);
        assert_eq!(
            (s.score, s.category),
            (score, category),
            "{blasts} {cyto:?}"
        );
    }
    // The worst of everything: 4 + 3 + 1.5 + 1 + 0.5 = 10.
    let worst = counts(7.0, 500.0, 10_000.0);
    assert_eq!(ipss_r_of(15.0, VeryPoor, worst).score, 10.0);
}

#[test]
fn ipss_r_missing_and_out_of_scope() {
    let e = ipss_r(
        Some(35.0),
        None,
        BloodCounts {
            hb_g_dl: None,
            ..NORMAL
        },
    )
    .unwrap_err();
    assert_eq!(
        e.reasons,
        [
            Reason::Missing {
                component: Component::Cytogenetics
            },
            Reason::AboveScope {
                component: Component::Blasts,
                value: 35.0
            },
            Reason::Missing {
                component: Component::Hemoglobin
            },
        ]
    );
    assert!(matches!(
        ipss_r(Some(101.0), Some(IpssRCyto::Good), NORMAL)
            .unwrap_err()
            .reasons[..],
        [Reason::Implausible {
            component: Component::Blasts,
            ..
        }]
    ));
}

#[test]
fn ipss_ra_by_the_formula() {
    use IpssRCategory as C;
    // IPSS-RA = s + (age − 70)(0.05 − 0.005 s), worked by hand:
    for (s, age, ra, category) in [
        (3.0, 80.0, 3.35, C::Intermediate),  // 3 + 10 × 0.035
        (1.5, 60.0, 1.075, C::VeryLow),      // 1.5 − 10 × 0.0425
        (4.5, 70.0, 4.5, C::Intermediate),   // age 70: unchanged, at the cut
        (6.0, 90.0, 6.4, C::VeryHigh),       // 6 + 20 × 0.02
        (7.0, 50.0, 6.7, C::VeryHigh),       // 7 − 20 × 0.015
        (0.0, 100.0, 1.5, C::VeryLow),       // 0 + 30 × 0.05, at the cut
        (2.0, 95.0, 3.0, C::Low),            // 2 + 25 × 0.04, at the cut
        (5.0, 50.0, 4.5, C::Intermediate),   // 5 − 20 × 0.025, at the cut
        (3.0, 71.0, 3.035, C::Intermediate), // 3 + 1 × 0.035
    ] {
        let r = Ok(IpssR {
            score: s,
            category: IpssRCategory::of(s),
            cytogenetic_points: 0.0,
            blast_points: 0.0,
            hemoglobin_points: 0.0,
            platelet_points: 0.0,
            neutrophil_points: 0.0,
        });
        let got = ipss_ra(&r, Some(age)).unwrap();
        assert_eq!((got.score, got.category), (ra, category), "{s} at {age}");
    }
}

#[test]
fn ipss_ra_missing_age_or_score() {
    let r = ipss_r(None, Some(IpssRCyto::Good), NORMAL);
    let e = ipss_ra(&r, None).unwrap_err();
    assert_eq!(
        e.reasons,
        [
            Reason::Missing {
                component: Component::Blasts
            },
            Reason::Missing {
                component: Component::Age
            }
        ]
    );
    let r = ipss_r(Some(1.0), Some(IpssRCyto::Good), NORMAL);
    assert!(matches!(
        ipss_ra(&r, Some(130.0)).unwrap_err().reasons[..],
        [Reason::Implausible {
            component: Component::Age,
            ..
        }]
    ));
    assert_eq!(ipss_ra(&r, Some(70.0)).unwrap().score, 1.0);
}

#[test]
fn categories_serialize_as_the_crf_spells_them() {
    let json = |v: &dyn erased::Json| v.json();
    assert_eq!(json(&IpssCategory::Int1), "\"Int-1\"");
    assert_eq!(json(&IpssCategory::Int2), "\"Int-2\"");
    assert_eq!(json(&IpssCategory::Low), "\"Low\"");
    assert_eq!(json(&IpssRCategory::VeryLow), "\"Very low\"");
    assert_eq!(json(&IpssRCategory::VeryHigh), "\"Very high\"");
    assert_eq!(json(&IpssRCategory::Intermediate), "\"Intermediate\"");
}

mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}
