//! The karyotype through the whole analysis: what the flow does with a
//! karyotype that cannot be read, what the user is told at the cell, the
//! recorded cytogenetic columns against the karyotype, and the cytogenetics
//! table of a registry extract (issue 10, items 1 and 7; the review of
//! 2026-11-30, defects 1, 8 and 10). Every expected value is worked from
//! the karyotype by hand (ISCN 2020 clonality: 2 cells for a gain or
//! structural abnormality, 3 for a loss; a clone carries every abnormality
//! written for it).

use crate::common;

use lenalyze::analysis::populations::Criterion;
use lenalyze::present::{present, tables};
use lenalyze::text::{keys, Lang};
use lenalyze::{analyze, InputFile, Report, Settings};

/// The demo CRF with some patients' cells replaced: (patient, column, value).
fn demo_with(changes: &[(&str, &str, &str)]) -> InputFile {
    let path = common::root().join("www/demo/lenalyze-demo.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    let mut changed = 0;
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(String::from).collect();
        for (id, column, value) in changes {
            if row[0] == *id {
                row[col(column)] = value.to_string();
                changed += 1;
            }
        }
        writer.write_record(&row).unwrap();
    }
    assert_eq!(changed, changes.len(), "every change found its patient");
    InputFile {
        name: "demo.csv".into(),
        bytes: writer.into_inner().unwrap(),
    }
}

/// The demo's patient ids, in order.
fn demo_ids() -> Vec<String> {
    let path = common::root().join("www/demo/lenalyze-demo.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect()
}

/// (code, message key) of every diagnostic about a patient.
fn about(report: &Report, patient: &str) -> Vec<(&'static str, &'static str)> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.location.patient_id.as_deref() == Some(patient))
        .map(|d| (d.code, d.message.key.name()))
        .collect()
}

fn excluded_for(report: &Report, patient: &str) -> Option<Vec<Criterion>> {
    let flow = &report.analysis.as_ref().unwrap().population_flow;
    flow.excluded
        .iter()
        .find(|e| e.patient_id == patient)
        .map(|e| e.reasons.clone())
}

#[test]
fn the_flow_never_calls_an_unreadable_karyotype_no_del5q() {
    let ids = demo_ids();
    let (unread, single, not_done, repaired) = (&ids[0], &ids[1], &ids[2], &ids[3]);
    let report = analyze(
        &[demo_with(&[
            // The review's P16: a typo in the kind. Not read, so del(5q)
            // is not assessable: kept, with the warning, not excluded.
            (unread, "karyotype", "46,XX,dle(5)(q13q33)[20]"),
            // The review's K29: one cell is no clone, said as such.
            (single, "karyotype", "46,XX,del(5)(q13q33)[1]/46,XX[19]"),
            // Not done: a note, and del(5q) not assessable.
            (not_done, "karyotype", "nd"),
            // The review's K18: a missing bracket, read as meant.
            (repaired, "karyotype", "46,XX,del(5)(q13q33[20]"),
        ])],
        &Settings::default(),
    );
    let name = |k: lenalyze::text::Key| k.name();
    // Unreadable: not excluded for del(5q); the del(5q)-unknown warning
    // and the flow's not-assessable warning.
    assert!(!excluded_for(&report, unread)
        .unwrap_or_default()
        .contains(&Criterion::Del5q));
    let d = about(&report, unread);
    assert!(
        d.contains(&(
            "karyotype-not-iscn",
            name(keys::DIAG_KARYOTYPE_NOT_ISCN_DEL5Q_UNKNOWN)
        )),
        "{d:?}"
    );
    assert!(
        d.iter().any(|(c, _)| *c == "eligibility-not-assessable"),
        "{d:?}"
    );
    assert!(!d.iter().any(|(c, _)| *c == "no-del5q"), "{d:?}");
    // One cell: excluded, with the non-clonal wording.
    assert!(excluded_for(&report, single)
        .unwrap()
        .contains(&Criterion::Del5q));
    assert!(about(&report, single).contains(&("no-del5q", name(keys::DIAG_DEL5Q_NOT_CLONAL))));
    // Not done: a note and not assessable.
    let d = about(&report, not_done);
    assert!(d.contains(&("karyotype-not-done", name(keys::DIAG_KARYOTYPE_NOT_DONE))));
    assert!(!excluded_for(&report, not_done)
        .unwrap_or_default()
        .contains(&Criterion::Del5q));
    // Repaired: del(5q) read, a note naming the part.
    assert!(!excluded_for(&report, repaired)
        .unwrap_or_default()
        .contains(&Criterion::Del5q));
    let d = about(&report, repaired);
    assert!(d.contains(&("karyotype-repaired", name(keys::DIAG_KARYOTYPE_REPAIRED))));
    assert!(!d.iter().any(|(c, _)| *c == "karyotype-not-iscn"), "{d:?}");
}

#[test]
fn recorded_cytogenetics_disagreeing_with_the_karyotype_are_listed() {
    let ids = demo_ids();
    let (c1, z2, filled) = (&ids[4], &ids[5], &ids[6]);
    let report = analyze(
        &[demo_with(&[
            // The review's C1: del(5q) and +8 in 20 cells = 1 beyond
            // del(5q), no -7/del(7q); recorded 0 and Y.
            (c1, "karyotype", "47,XX,del(5)(q13q33),+8[20]"),
            (c1, "additional_abnormalities", "0"),
            (c1, "chr7_abnormality", "Y"),
            // The review's Z2: the +mar clone carries the -7: 2 beyond
            // del(5q), -7 present; recorded 1 and N.
            (z2, "karyotype", "46,XX,del(5)(q13q33)[20]/46,XX,-7,+mar[2]"),
            (z2, "additional_abnormalities", "1"),
            (z2, "chr7_abnormality", "N"),
            // Empty columns are filled from the karyotype, not compared.
            (filled, "additional_abnormalities", ""),
            (filled, "chr7_abnormality", ""),
        ])],
        &Settings::default(),
    );
    let c = &report.derived.as_ref().unwrap().cytogenetics;
    let screened = demo_ids().len() as u64;
    // Every other demo patient records what its karyotype says (the unit
    // test the_demo_records_agree_with_their_karyotypes), so exactly the
    // two above disagree; the filled one is not compared.
    assert_eq!(c.additional_abnormalities.n, screened - 1);
    assert_eq!(c.additional_abnormalities.agreeing, screened - 3);
    let add: Vec<(&str, u32, u32)> = c
        .additional_abnormalities
        .disagreements
        .iter()
        .map(|d| (d.patient_id.as_str(), d.recorded, d.derived))
        .collect();
    assert_eq!(add, [(c1.as_str(), 0, 1), (z2.as_str(), 1, 2)]);
    let chr7: Vec<(&str, bool, bool)> = c
        .chr7_abnormality
        .disagreements
        .iter()
        .map(|d| (d.patient_id.as_str(), d.recorded, d.derived))
        .collect();
    assert_eq!(
        chr7,
        [(c1.as_str(), true, false), (z2.as_str(), false, true)]
    );
    // The listing names each, with the column as recorded and derived.
    let p = present(&report, Lang::En);
    let listing = tables(&p)
        .find(|t| t.id == "derived-disagreements")
        .unwrap()
        .grid();
    for row in [
        [c1.as_str(), "additional_abnormalities", "0", "1"],
        [c1.as_str(), "chr7_abnormality", "yes", "no"],
        [z2.as_str(), "additional_abnormalities", "1", "2"],
        [z2.as_str(), "chr7_abnormality", "no", "yes"],
    ] {
        assert!(listing.iter().any(|r| r == &row), "{row:?} in {listing:?}");
    }
    for id in [
        "derived-additional-abnormalities",
        "derived-chr7-abnormality",
    ] {
        assert!(tables(&p).any(|t| t.id == id), "{id}");
    }
}

/// A registry extract (the review's registry.csv, first rows): karyotype,
/// blasts and counts at diagnosis, no lenalidomide columns.
const REGISTRY: &str = "\
patient_id,site,sex,age,diagnosis_date,who_class,ipss,ipss_r,karyotype,bm_blasts_pct,hb_dx,anc_dx,plt_dx
P01,A,F,70,2019-01-10,MDS with isolated del(5q),Int-1,Very low,\"46,XX[20]\",2,10,800,50000
P06,A,F,70,2019-01-10,MDS with isolated del(5q),Low,Very low,\"46,xx,del(5)(q13q33)[18]/46,xx[2]\",1,10,1800,100000
P07,A,F,70,2019-01-10,MDS-EB-2,Int-1,Intermediate,\"46,XX[20]\",10.5,12,2000,200000
P08,A,F,70,2019-01-10,MDS-U,Low,Low,\"46,XX[20]\",,12,2000,200000
P11,B,F,80,2019-01-10,MDS with isolated del(5q),Low,Low,\"46,XX,del(5q)\",3,9,2000,200000
P13,B,F,70,2019-01-10,MDS with isolated del(5q),Low,Very low,\"<2n>46,XX,del(5)(q13q33)[20]\",1,12,2000,200000
P15,C,M,70,2019-01-10,MDS-MLD,Int-1,Intermediate,\"46,XY,-7,+mar[3]/46,XY[17]\",1,12,2000,200000
P16,C,F,70,2019-01-10,MDS with isolated del(5q),Low,Very low,\"46,XX,dle(5)(q13q33)[20]\",1,12,2000,200000
P17,C,F,70,2019-01-10,MDS with isolated del(5q),Low,Very low,\"46,XX,del(5)(q13q33)[19]/47,XX,+8[1]\",1,12,2000,200000
P22,D,M,70,2019-01-10,MDS-MLD,Low,Low,\"47,XY,del(5)(q13q33),+8[20]\",1,12,2000,200000
";

#[test]
fn a_registry_extract_gets_its_cytogenetics_table_and_located_notes() {
    let report = analyze(
        &[InputFile {
            name: "registry.csv".into(),
            bytes: REGISTRY.as_bytes().to_vec(),
        }],
        &Settings::default(),
    );
    let s = &report.derived.as_ref().unwrap().cytogenetics.summary;
    // 10 screened; P16 not read; 9 classified. del(5q) clones: P06, P11
    // (no count, taken as clonal), P13 (ploidy typed first), P17 (the +8
    // of one cell is not counted), P22 = 5; isolated P06, P11, P13, P17 =
    // 4, +1 P22. -7: P15 (3 cells). Complex: none (P15 has -7 and +mar).
    assert_eq!(
        (s.screened, s.no_karyotype, s.not_read, s.classified),
        (10, 0, 1, 9)
    );
    assert_eq!(
        (
            s.del5q,
            s.isolated_del5q,
            s.del5q_plus_one,
            s.del5q_plus_two
        ),
        (5, 4, 1, 0)
    );
    assert_eq!((s.chr7, s.complex), (1, 0));
    let p = present(&report, Lang::Ko);
    let t = tables(&p)
        .find(|t| t.id == "derived-cytogenetics")
        .expect("the cytogenetics table is built without lenalidomide columns");
    assert!(t.grid().iter().any(|r| r.iter().any(|c| c == "5 (55.6)")));
    assert!(tables(&p).any(|t| t.id == "derived-dataset"));
    // WHO "MDS with isolated del(5q)" needs del(5q) (WHO 2016): P01's
    // karyotype is normal, so it is listed; P06, P11, P13 and P17 fit.
    let who = &report
        .derived
        .as_ref()
        .unwrap()
        .cytogenetics
        .who_isolated_del5q;
    let ids: Vec<&str> = who.iter().map(|m| m.patient_id.as_str()).collect();
    assert_eq!(ids, ["P01"]);
    let listing = tables(&present(&report, Lang::En))
        .find(|t| t.id == "derived-disagreements")
        .unwrap()
        .grid();
    assert!(listing.iter().any(|r| r
        == &[
            "P01",
            "who_class",
            "MDS with isolated del(5q)",
            "no del(5q)"
        ]));
    // Located notes and warnings at the cells (the review's P07, P08, P11,
    // P13, P17).
    let name = |k: lenalyze::text::Key| k.name();
    let at = |id: &str, code: &str| {
        report
            .diagnostics
            .iter()
            .find(|d| d.location.patient_id.as_deref() == Some(id) && d.code == code)
            .map(|d| (d.severity, d.location.column.clone(), d.message.key.name()))
    };
    use lenalyze::diagnostics::Severity;
    assert_eq!(
        at("P07", "blasts-not-scored"),
        Some((
            Severity::Warning,
            Some("bm_blasts_pct".into()),
            name(keys::DIAG_BLASTS_BETWEEN_BANDS)
        ))
    );
    assert_eq!(
        at("P08", "blasts-missing").map(|a| a.0),
        Some(Severity::Info)
    );
    assert_eq!(
        at("P11", "karyotype-no-cell-count").map(|a| a.1),
        Some(Some("karyotype".into()))
    );
    assert!(at("P13", "karyotype-repaired").is_some());
    assert!(at("P13", "karyotype-not-iscn").is_none());
    let d = report
        .diagnostics
        .iter()
        .find(|d| {
            d.location.patient_id.as_deref() == Some("P17") && d.code == "karyotype-non-clonal"
        })
        .unwrap();
    assert!(d
        .message
        .render(lenalyze::text::Text::new(Lang::En))
        .contains("+8[1]"));
}
