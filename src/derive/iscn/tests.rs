//! The reader on published ISCN examples, the study's own karyotypes, and
//! hand-typed hard cases.

use super::*;
use AbnormalityKind::*;

fn read(s: &str) -> Karyotype {
    Karyotype::parse(s)
}

/// (kind, chromosomes, breakpoints) of every abnormality of clone `i`.
fn abn(k: &Karyotype, i: usize) -> Vec<(AbnormalityKind, String, String)> {
    k.clones[i]
        .abnormalities
        .iter()
        .map(|a| {
            let ch: Vec<String> = a.chromosomes.iter().map(|c| c.to_string()).collect();
            (a.kind, ch.join(";"), a.breakpoints.join(";"))
        })
        .collect()
}

fn t(kind: AbnormalityKind, ch: &str, bp: &str) -> (AbnormalityKind, String, String) {
    (kind, ch.to_string(), bp.to_string())
}

fn cells(k: &Karyotype, i: usize) -> Option<(u32, bool)> {
    k.clones[i].cells.map(|c| (c.count, c.composite))
}

#[test]
fn iscn_2020_examples() {
    // ISCN 2020 §9.1 (errata page, iscn.karger.com): an inversion, with the
    // neoplasia cell count.
    let k = read("46,XX,inv(3)(q21q26.2)[10]");
    assert!(k.unread.is_empty(), "{:?}", k.unread);
    assert_eq!(
        k.clones[0].chromosome_number,
        Some(ChromosomeNumber {
            low: 46,
            high: 46,
            ploidy: None
        })
    );
    assert_eq!(
        k.clones[0]
            .sex_chromosomes
            .as_ref()
            .map(|s| s.text.as_str()),
        Some("XX")
    );
    assert_eq!(abn(&k, 0), [t(Inversion, "3", "q21q26.2")]);
    assert_eq!(cells(&k, 0), Some((10, false)));

    // §8.3: an acquired +21 in a patient with constitutional trisomy 21.
    let k = read("48,XY,+21c,+21[10]");
    let a = &k.clones[0].abnormalities;
    assert_eq!((a[0].kind, a[0].constitutional), (Gain, true));
    assert_eq!((a[1].kind, a[1].constitutional), (Gain, false));
    let k = read("46,XY,+21c,-21[10]");
    assert_eq!(abn(&k, 0), [t(Gain, "21", ""), t(Loss, "21", "")]);

    // §9.2.1: additional material of unknown origin (no cell count).
    let k = read("46,XY,add(12)(q13)");
    assert_eq!(abn(&k, 0), [t(AdditionalMaterial, "12", "q13")]);
    assert_eq!(cells(&k, 0), None);
    assert!(k.unread.is_empty());
}

#[test]
fn the_demo_karyotypes_read_completely() {
    // Every karyotype of www/demo/lenalyze-demo.csv.
    for s in [
        "46,XX,del(5)(q13q33)[20]",
        "46,XY,del(5)(q13q33)[17]/46,XY[3]",
        "46,XX,del(5)(q14q34),del(12)(p12)[14]/46,XX[6]",
        "47,XX,del(5)(q13q33),+8[15]/46,XX[5]",
        "46,XY,del(5)(q22q33),del(20)(q11.2)[18]/46,XY[2]",
    ] {
        let k = read(s);
        assert!(k.unread.is_empty(), "{s}: {:?}", k.unread);
        assert_eq!(
            k.clones.last().map(Clone::is_normal),
            Some(k.clones.len() == 2),
            "{s}"
        );
    }
    let k = read("46,XY,del(5)(q22q33),del(20)(q11.2)[18]/46,XY[2]");
    assert_eq!(
        abn(&k, 0),
        [t(Deletion, "5", "q22q33"), t(Deletion, "20", "q11.2")]
    );
    assert_eq!(
        (cells(&k, 0), cells(&k, 1)),
        (Some((18, false)), Some((2, false)))
    );
}

#[test]
fn del5q_in_every_notation_is_one_abnormality() {
    let forms = [
        "del(5)(q13q33)",
        "del(5q)",
        "5q-",
        "5q\u{2212}",
        "del(5)(q13-q33)",
        "del(5)(q13;q33)",
        "DEL(5)(Q13Q33)",
        "del (5) (q13q33)",
        "del5q",
        "del 5q",
        "del(5)q13q33",
    ];
    let id = read("46,XX,del(5)(q13q33)[20]").clones[0].abnormalities[0].identity();
    for f in forms {
        let k = read(&format!("46,XX,{f}[20]"));
        assert!(k.unread.is_empty(), "{f}: {:?}", k.unread);
        let a = &k.clones[0].abnormalities[0];
        assert!(a.is_deletion_of(5, Arm::Q), "{f}: {a:?}");
        assert_eq!(a.identity(), id, "{f}");
        assert_eq!(
            a.text.to_lowercase().replace(' ', ""),
            f.to_lowercase().replace(' ', "").replace('\u{2212}', "-")
        );
    }
    // Not the same: the short arm, another chromosome.
    assert!(!read("46,XX,del(5)(p13)").clones[0].abnormalities[0].is_deletion_of(5, Arm::Q));
    assert!(!read("46,XX,del(7)(q22)").clones[0].abnormalities[0].is_deletion_of(5, Arm::Q));
}

#[test]
fn idem_sl_sdl_expand_to_the_full_list() {
    let k = read("46,XY,del(5)(q22q35)[10]/47,idem,+8[6]/48,idem,+8,+21[4]");
    assert_eq!(k.clones[1].relation, Relation::Sideline { of: 0 });
    assert_eq!(abn(&k, 1), [t(Deletion, "5", "q22q35"), t(Gain, "8", "")]);
    assert!(k.clones[1].abnormalities[0].inherited);
    assert!(!k.clones[1].abnormalities[1].inherited);
    assert_eq!(abn(&k, 2).len(), 3);
    // sdl: the clone just before; sdl1: the first sideline.
    let k = read("46,XX,del(5)(q13q33)[5]/47,sl,+8[5]/48,sdl,+9[5]/47,sdl1,+11[5]");
    assert_eq!(k.clones[2].relation, Relation::Sideline { of: 1 });
    assert_eq!(
        abn(&k, 2),
        [
            t(Deletion, "5", "q13q33"),
            t(Gain, "8", ""),
            t(Gain, "9", "")
        ]
    );
    assert_eq!(k.clones[3].relation, Relation::Sideline { of: 1 });
    assert_eq!(abn(&k, 3).len(), 3);
    // idem in the first clone refers to nothing.
    let k = read("47,idem,+8[5]");
    assert_eq!(k.unread[0].kind, UnreadKind::Relation);
    assert!(k.counting_blocked());
}

#[test]
fn numbers_ranges_ploidy_and_composite() {
    let k = read("45~48,XY,+1,-5,+8[cp10]");
    let n = k.clones[0].chromosome_number.unwrap();
    assert_eq!((n.low, n.high, n.ploidy), (45, 48, None));
    assert_eq!(cells(&k, 0), Some((10, true)));
    assert_eq!(
        abn(&k, 0),
        [t(Gain, "1", ""), t(Loss, "5", ""), t(Gain, "8", "")]
    );

    let k = read("92<4n>,XXYY,-7,-7[5]/46,XY[15]");
    let n = k.clones[0].chromosome_number.unwrap();
    assert_eq!((n.low, n.high, n.ploidy), (92, 92, Some(4)));
    assert_eq!(k.clones[0].sex_chromosomes.as_ref().unwrap().text, "XXYY");
    let k = read("58~63<3n>,XXX,+1,+8[cp4]");
    let n = k.clones[0].chromosome_number.unwrap();
    assert_eq!((n.low, n.high, n.ploidy), (58, 63, Some(3)));
    assert!(k.unread.is_empty());
}

#[test]
fn structural_kinds() {
    let k = read(
        "47,XY,t(3;3)(q21;q26.2),der(1;7)(q10;p10),i(17)(q10),i(17q),r(7)(p22q36),\
         ins(5;11)(q31;q13q23),dup(1)(q21q32),+der(7)t(7;12)(q22;p12),dic(5;17)(q11;p11),\
         ?del(20)(q11.2),+2mar,+1~3mar,+r,2~15dmin,-Y[20]",
    );
    assert!(k.unread.is_empty(), "{:?}", k.unread);
    assert_eq!(
        abn(&k, 0),
        [
            t(Translocation, "3;3", "q21;q26.2"),
            t(Derivative, "1;7", "q10;p10"),
            t(Isochromosome, "17", "q10"),
            t(Isochromosome, "17", "q"),
            t(Ring, "7", "p22q36"),
            t(Insertion, "5;11", "q31;q13q23"),
            t(Duplication, "1", "q21q32"),
            t(Derivative, "7;12", "q22;p12"),
            t(Other, "5;17", "q11;p11"),
            t(Deletion, "20", "q11.2"),
            t(Marker, "", ""),
            t(Marker, "", ""),
            t(Ring, "", ""),
            t(Other, "", ""),
            t(Loss, "Y", ""),
        ]
    );
    let a = &k.clones[0].abnormalities;
    assert_eq!(a[2].identity(), a[3].identity(), "i(17)(q10) = i(17q)");
    assert_eq!(a[7].sign, Some(Sign::Plus));
    assert!(a[9].questionable);
    assert_eq!((a[10].copies, a[11].copies), (2, 1));
}

#[test]
fn messy_typing() {
    // Lower case, spaces, a missing bracket, full-width and typographic signs.
    for s in [
        "46,xx,del(5)(q13q33)[20]",
        "46, XX, del(5)(q13q33) [20]",
        "46,XX,del(5)(q13q33)[20",
        "46,XX,del(5)(q13q33)20]",
        "46,XX,del(5)(q13q33)(20)",
        "46,XX,del(5)(q13q33)\u{FF3B}20\u{FF3D}",
        "46 XX del(5)(q13q33) [20]",
        " 46,XX,del(5)(q13q33)[ 20 ] ",
    ] {
        let k = read(s);
        assert!(k.unread.is_empty(), "{s}: {:?}", k.unread);
        assert_eq!(abn(&k, 0), [t(Deletion, "5", "q13q33")], "{s}");
        assert_eq!(cells(&k, 0), Some((20, false)), "{s}");
        assert_eq!(
            k.clones[0].sex_chromosomes.as_ref().unwrap().text,
            "XX",
            "{s}"
        );
    }
    let k = read("45,XY,\u{2212}7[20]");
    assert_eq!(abn(&k, 0), [t(Loss, "7", "")]);
}

#[test]
fn fish_tails_and_remarks_are_named_not_read() {
    let k = read("46,XX,del(5)(q13q33)[20].nuc ish(EGR1x1,D5S23/D5S721x2)[180/200]");
    assert_eq!(abn(&k, 0), [t(Deletion, "5", "q13q33")]);
    assert_eq!(
        k.unread,
        [Unread {
            text: "nuc ish(EGR1x1,D5S23/D5S721x2)[180/200]".into(),
            kind: UnreadKind::InSituHybridization
        }]
    );
    assert!(!k.counting_blocked());
    let k = read("46,XX,del(5)(q13q33)[20] ish del(5)(q31)(EGR1-)");
    assert_eq!(k.clones.len(), 1);
    assert_eq!(k.unread[0].kind, UnreadKind::InSituHybridization);
    // Only FISH: nothing to read as a karyotype.
    let k = read("nuc ish(EGR1x1)[150/200]");
    assert!(k.clones.is_empty());

    let k = read("46,XX[20] normal female karyotype");
    assert_eq!(k.unread[0].kind, UnreadKind::Remark);
    assert_eq!(k.unread[0].text, "normal female karyotype");
    assert!(k.clones[0].is_normal());
    assert!(!k.counting_blocked());
    let k = read("46,XX,del(5)(q13q33)isolated[20]");
    assert_eq!(abn(&k, 0), [t(Deletion, "5", "q13q33")]);
    assert_eq!(k.unread[0].text, "isolated");
}

#[test]
fn unreadable_parts_are_named_and_block_counting() {
    // Free text: no chromosome number, so not an ISCN karyotype, but the
    // del(5q) it names is still read.
    let k = read("del(5q) isolated");
    assert_eq!(k.unread[0].kind, UnreadKind::ChromosomeNumber);
    assert!(k.counting_blocked());
    assert!(k.clones[0].abnormalities[0].is_deletion_of(5, Arm::Q));
    // A typo in an abnormality: named, the rest still read.
    let k = read("47,XX,del(5)(q13q33),+8,dell(7)(q22)[20]");
    assert_eq!(abn(&k, 0), [t(Deletion, "5", "q13q33"), t(Gain, "8", "")]);
    assert_eq!(
        k.unread,
        [Unread {
            text: "dell(7)(q22)".into(),
            kind: UnreadKind::Abnormality
        }]
    );
    assert!(k.counting_blocked());
    // A bracket missing inside an abnormality, where adding it does not
    // give a whole abnormality: named, blocks counting.
    let k = read("46,XX,del(5[20]");
    assert_eq!(k.unread[0].kind, UnreadKind::Abnormality);
    assert!(k.clones[0].abnormalities.is_empty());
    // Chromosome 23 does not exist; a cell count that is not a number.
    assert_eq!(
        read("46,XX,+23[20]").unread[0].kind,
        UnreadKind::Abnormality
    );
    let k = read("46,XX,del(5)(q13q33)[twenty]");
    assert_eq!(k.unread[0].kind, UnreadKind::CellCount);
    assert_eq!(cells(&k, 0), None);
    assert!(read("").clones.is_empty());
    assert!(read("  /  ").clones.is_empty());
}

#[test]
fn more_hand_typed_cases() {
    // Upper-case relation words and composite mark, loss of Y after a
    // single X.
    let k = read("45,X,-Y,del(5)(q13q33)[CP10]/46,IDEM,+8[5]");
    assert!(k.unread.is_empty(), "{:?}", k.unread);
    assert_eq!(cells(&k, 0), Some((10, true)));
    assert_eq!(k.clones[0].sex_chromosomes.as_ref().unwrap().text, "X");
    assert_eq!(abn(&k, 0), [t(Loss, "Y", ""), t(Deletion, "5", "q13q33")]);
    assert_eq!(abn(&k, 1).len(), 3);
    // A remark in brackets after the count, and one in Korean.
    let k = read("46,XY,del(5)(q13q33)[15]/46,XY[5] (FISH: EGR1 deleted in 80%)");
    assert_eq!(k.clones.len(), 2);
    assert_eq!(k.unread[0].kind, UnreadKind::Remark);
    assert!(!k.counting_blocked());
    let k = read("46,XX[20] 정상 핵형");
    assert_eq!(k.unread[0].text, "정상 핵형");
    assert!(!k.counting_blocked());
    // A constitutional sex chromosome complement.
    let k = read("47,XXYc,del(5)(q13q33)[20]");
    let sex = k.clones[0].sex_chromosomes.clone().unwrap();
    assert_eq!((sex.text.as_str(), sex.constitutional), ("XXY", true));
    // A failed culture is not a karyotype.
    let k = read("no metaphases");
    assert!(k.counting_blocked());
}

/// xorshift64: a tiny deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn never_panics_on_generated_strings() {
    // Random strings over the karyotype alphabet (and some non-ASCII), and
    // the examples above with characters inserted, deleted or replaced.
    let alphabet: Vec<char> = "0123456789,;/()[]~<>+-?.cpqXYxyidemslnrtvaurkh \u{2212}\u{FF3B}한ü"
        .chars()
        .collect();
    let seeds = [
        "46,XY,del(5)(q22q35)[10]/47,idem,+8[6]/48,idem,+8,+21[4]",
        "92<4n>,XXYY,-7,-7[5]/46,XY[15]",
        "45~48,XY,+1,-5,+8[cp10].nuc ish(EGR1x1)[180/200]",
        "47,XY,+der(7)t(7;12)(q22;p12),+1~3mar,2~15dmin[20]",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..20_000 {
        let s: String = if round % 2 == 0 {
            let len = rng.below(40);
            (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect()
        } else {
            let mut chars: Vec<char> = seeds[rng.below(seeds.len())].chars().collect();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(chars.len() + 1);
                match rng.below(3) {
                    0 => chars.insert(at, alphabet[rng.below(alphabet.len())]),
                    1 if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ if at < chars.len() => chars[at] = alphabet[rng.below(alphabet.len())],
                    _ => {}
                }
            }
            chars.into_iter().collect()
        };
        let k = read(&s);
        // Every unread part is text from the input.
        for u in &k.unread {
            assert!(!u.text.is_empty(), "{s:?}");
        }
        let _ = crate::derive::cytogenetics::classify(&k, Default::default());
    }
}

#[test]
fn repairable_typos_are_read_and_named() {
    // The review's K18: the closing bracket of the breakpoints is missing.
    // Adding it gives del(5)(q13q33), read and counted; the part is named
    // as repaired, nothing is unread.
    let k = read("46,XX,del(5)(q13q33[20]");
    assert!(k.unread.is_empty(), "{:?}", k.unread);
    assert_eq!(k.repaired, ["del(5)(q13q33"]);
    assert_eq!(abn(&k, 0), [t(Deletion, "5", "q13q33")]);
    assert_eq!(cells(&k, 0), Some((20, false)));
    // In the middle of the list, and in the short form.
    let k = read("47,XX,del(5)(q13q33,+8[20]");
    assert!(k.unread.is_empty(), "{:?}", k.unread);
    assert_eq!(abn(&k, 0), [t(Deletion, "5", "q13q33"), t(Gain, "8", "")]);
    let k = read("46,XX,del(5q[20]");
    assert_eq!(k.repaired, ["del(5q"]);
    assert!(k.clones[0].abnormalities[0].is_deletion_of(5, Arm::Q));
    // An open bracket before a cell count does not swallow the next clone.
    let k = read("46,XX,del(5)(q13q33[17]/46,XX[3]");
    assert_eq!(k.clones.len(), 2);
    assert_eq!(cells(&k, 1), Some((3, false)));
    assert!(k.clones[1].is_normal());
}

#[test]
fn ploidy_typed_before_the_number() {
    // ISCN writes the level after the number (`46<2n>`, as the review's Z1
    // has it); the review's P13 types it first. Both read the same, nothing
    // lost, the sex chromosomes included; the moved level is named.
    for s in [
        "46<2n>,XX,del(5)(q13q33)[20]",
        "<2n>46,XX,del(5)(q13q33)[20]",
    ] {
        let k = read(s);
        assert!(k.unread.is_empty(), "{s}: {:?}", k.unread);
        let n = k.clones[0].chromosome_number.unwrap();
        assert_eq!((n.low, n.high, n.ploidy), (46, 46, Some(2)), "{s}");
        assert_eq!(k.clones[0].sex_chromosomes.as_ref().unwrap().text, "XX");
        assert_eq!(abn(&k, 0), [t(Deletion, "5", "q13q33")], "{s}");
    }
    assert_eq!(read("<2n>46,XX,del(5)(q13q33)[20]").repaired, ["<2n>46"]);
    // A level alone where the number belongs: that item is named (not the
    // whole clone again), and the rest is still read.
    let k = read("<2n>,XX,del(5)(q13q33)[20]");
    assert_eq!(
        k.unread,
        [Unread {
            text: "<2n>".into(),
            kind: UnreadKind::ChromosomeNumber
        }]
    );
    assert_eq!(abn(&k, 0), [t(Deletion, "5", "q13q33")]);
    // After the cell count it is a remark (the review's K36).
    let k = read("46,XX,del(5)(q13q33)[20]<2n>");
    assert_eq!(k.unread[0].kind, UnreadKind::Remark);
    assert!(!k.counting_blocked());
}
