//! The summary and the comparisons on hand-made patients; every expected
//! count is worked from the karyotypes by hand (ISCN 2020 clonality, the
//! counts of derivations.md).

use super::*;
use crate::derive::subject::{self, Records};
use crate::derive::DerivationSettings;
use crate::model::{Obs, RowRef};

fn patient(id: &str, karyotype: Obs<String>) -> Patient {
    let mut p = Patient::new(
        id.into(),
        RowRef {
            file: "t.csv".into(),
            sheet: None,
            row: 2,
        },
    );
    p.karyotype = karyotype;
    p
}

fn k(text: &str) -> Obs<String> {
    Obs::Known(text.into())
}

fn checks(patients: &[Patient]) -> CytogeneticsChecks {
    let subjects: Vec<Subject> = patients
        .iter()
        .map(|p| subject::derive(p, Records::default(), &DerivationSettings::default()))
        .collect();
    build(patients, &subjects, 0.95)
}

#[test]
fn recorded_columns_against_the_karyotype() {
    // The review's C1: 47,XX,del(5)(q13q33),+8[20] has del(5q) and +8 (20
    // cells each, clonal): 2 distinct, 1 beyond del(5q), no -7/del(7q).
    // Recorded 0 and yes: both disagree.
    let mut c1 = patient("C1", k("47,XX,del(5)(q13q33),+8[20]"));
    c1.additional_abnormalities = Obs::Known(0);
    c1.chr7_abnormality = Obs::Known(true);
    // Agrees on both: del(5q) alone, recorded 0 and no.
    let mut a1 = patient("A1", k("46,XX,del(5)(q13q33)[20]"));
    a1.additional_abnormalities = Obs::Known(0);
    a1.chr7_abnormality = Obs::Known(false);
    // Filled from the karyotype at ingest: not compared (it would agree
    // with itself).
    let mut f1 = patient("F1", k("45,XY,del(5)(q13q33),-7[20]"));
    f1.additional_abnormalities = Obs::Known(1);
    f1.chr7_abnormality = Obs::Known(true);
    f1.from_karyotype = crate::model::FromKaryotype {
        additional_abnormalities: true,
        chr7_abnormality: true,
    };
    // The review's Z2: -7 belongs to the +mar clone, so 3 distinct, 2
    // beyond del(5q), -7 present; recorded 1 and no: both disagree.
    let mut z2 = patient("Z2", k("46,XX,del(5)(q13q33)[20]/46,XX,-7,+mar[2]"));
    z2.additional_abnormalities = Obs::Known(1);
    z2.chr7_abnormality = Obs::Known(false);
    let c = checks(&[c1, a1, f1, z2]);
    let add = &c.additional_abnormalities;
    assert_eq!((add.n, add.agreeing), (3, 1));
    let listed: Vec<(&str, u32, u32)> = add
        .disagreements
        .iter()
        .map(|d| (d.patient_id.as_str(), d.recorded, d.derived))
        .collect();
    assert_eq!(listed, [("C1", 0, 1), ("Z2", 1, 2)]);
    // Categories 0, 1, 2 fixed; table[recorded][derived].
    assert_eq!(add.categories, [0, 1, 2]);
    assert_eq!(add.table, [[1, 1, 0], [0, 0, 1], [0, 0, 0]]);
    let chr7 = &c.chr7_abnormality;
    assert_eq!((chr7.n, chr7.agreeing), (3, 1));
    let listed: Vec<(&str, bool, bool)> = chr7
        .disagreements
        .iter()
        .map(|d| (d.patient_id.as_str(), d.recorded, d.derived))
        .collect();
    assert_eq!(listed, [("C1", true, false), ("Z2", false, true)]);
}

#[test]
fn summary_of_every_screened_karyotype() {
    let patients = [
        // del(5q) alone: isolated; IPSS good, IPSS-R good.
        patient("P1", k("46,XX,del(5)(q13q33)[20]")),
        // +1: del(5q),+8 → IPSS intermediate, IPSS-R good (double with
        // del(5q)).
        patient("P2", k("47,XX,del(5)(q13q33),+8[20]")),
        // +2: del(5q),-7,+8 → complex, chr7, IPSS poor, IPSS-R poor
        // (complex with 3).
        patient("P3", k("46,XX,del(5)(q13q33),-7,+8[20]")),
        // No del(5q): normal → good / good.
        patient("P4", k("46,XY[20]")),
        // Unreadable, not done, empty.
        patient("P5", k("46,XX,dle(5)(q13q33)[20]")),
        patient("P6", Obs::Unknown),
        patient("P7", Obs::Empty),
    ];
    let s = checks(&patients).summary;
    assert_eq!(
        (s.screened, s.no_karyotype, s.not_read, s.classified),
        (7, 2, 1, 4)
    );
    assert_eq!(
        (
            s.del5q,
            s.isolated_del5q,
            s.del5q_plus_one,
            s.del5q_plus_two
        ),
        (3, 1, 1, 1)
    );
    assert_eq!((s.chr7, s.complex), (1, 1));
    assert_eq!(
        s.ipss_groups,
        [
            (IpssCytoGroup::Good, 2),
            (IpssCytoGroup::Intermediate, 1),
            (IpssCytoGroup::Poor, 1)
        ]
    );
    assert_eq!(
        s.ipss_r_categories,
        [
            (IpssRCyto::VeryGood, 0),
            (IpssRCyto::Good, 3),
            (IpssRCyto::Intermediate, 0),
            (IpssRCyto::Poor, 1),
            (IpssRCyto::VeryPoor, 0)
        ]
    );
}

#[test]
fn who_isolated_del5q_against_the_karyotype() {
    // WHO 2016: del(5q) alone or with 1 additional abnormality, except -7
    // or del(7q). By hand: W1 del(5q) alone fits; W2 del(5q),+8 (one more)
    // fits; W3 normal has no del(5q); W4 del(5q),-7 has chromosome 7; W5
    // del(5q),+8,+21 has two more; W6 is another class (not checked); W7
    // is unreadable (not checked).
    let who = |id: &str, kt: &str, class: &str| {
        let mut p = patient(id, k(kt));
        p.who_class = Obs::Known(class.into());
        p
    };
    let iso = "MDS with isolated del(5q)";
    let c = checks(&[
        who("W1", "46,XX,del(5)(q13q33)[20]", iso),
        who("W2", "47,XX,del(5)(q13q33),+8[20]", iso),
        who("W3", "46,XX[20]", iso),
        who("W4", "45,XX,del(5)(q13q33),-7[20]", iso),
        who("W5", "48,XX,del(5)(q13q33),+8,+21[20]", iso),
        who("W6", "46,XX[20]", "MDS-MLD"),
        who("W7", "46,XX,dle(5)(q13q33)[20]", iso),
    ]);
    let listed: Vec<(&str, NotIsolatedDel5q)> = c
        .who_isolated_del5q
        .iter()
        .map(|m| (m.patient_id.as_str(), m.reason))
        .collect();
    assert_eq!(
        listed,
        [
            ("W3", NotIsolatedDel5q::NoDel5q),
            ("W4", NotIsolatedDel5q::Chromosome7),
            ("W5", NotIsolatedDel5q::TwoOrMoreAdditional)
        ]
    );
}
