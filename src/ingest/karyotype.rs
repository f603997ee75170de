//! ISCN karyotype strings to the facts the study needs.
//!
//! Only three facts matter: is del(5q) present, how many distinct other
//! abnormalities are there across all clones, and is -7/del(7q) among them.
//! Clones are split at `/`, cell counts `[20]` dropped, and each clone's
//! abnormalities are the comma-separated items after the chromosome count
//! and sex chromosomes. A string that is not ISCN-shaped still answers the
//! del(5q) and chromosome 7 questions by pattern, but not the count.

/// What a karyotype says, as far as the study needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KaryotypeFacts {
    /// del(5q) is present.
    pub del5q: bool,
    /// Distinct abnormalities other than del(5q), when the string is ISCN-shaped.
    pub additional_abnormalities: Option<u32>,
    /// -7 or del(7q) is present.
    pub chr7_abnormality: bool,
}

fn is_del5q(item: &str) -> bool {
    let s = item.to_lowercase().replace(' ', "");
    s.contains("del(5)(q") || s.contains("del(5q)") || s.contains("5q-") || s.contains("del5q")
}

fn is_chr7(item: &str) -> bool {
    let s = item.to_lowercase().replace(' ', "");
    s == "-7"
        || s.contains("del(7)(q")
        || s.contains("del(7q)")
        || s.contains("7q-")
        || s.contains("monosomy7")
        || s.split([',', '/']).any(|t| t.trim() == "-7")
}

/// Reads a karyotype string.
pub fn parse(text: &str) -> KaryotypeFacts {
    let mut distinct: Vec<String> = Vec::new();
    let mut iscn_shaped = true;
    let mut del5q = false;
    let mut chr7 = false;
    for clone in text.split('/') {
        let clone = match clone.find('[') {
            Some(i) => &clone[..i],
            None => clone,
        };
        let items: Vec<&str> = clone
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let Some(count) = items.first() else { continue };
        let count_ok = count
            .trim_end_matches('~')
            .split('~')
            .all(|c| c.chars().all(|ch| ch.is_ascii_digit()) && !c.is_empty());
        if !count_ok || items.len() < 2 {
            iscn_shaped = false;
        }
        for item in items.iter().skip(2) {
            let lower = item.to_lowercase();
            if matches!(lower.as_str(), "idem" | "sl" | "sdl" | "sdl1" | "sdl2") {
                continue;
            }
            if is_del5q(item) {
                del5q = true;
                continue;
            }
            if is_chr7(item) {
                chr7 = true;
            }
            if !distinct.iter().any(|d| d.eq_ignore_ascii_case(item)) {
                distinct.push((*item).to_string());
            }
        }
    }
    if !iscn_shaped {
        del5q = is_del5q(text);
        chr7 = is_chr7(text);
    }
    KaryotypeFacts {
        del5q,
        additional_abnormalities: iscn_shaped.then_some(distinct.len() as u32),
        chr7_abnormality: chr7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isolated_del5q() {
        let k = parse("46,XX,del(5)(q13q33)[20]");
        assert_eq!(
            k,
            KaryotypeFacts {
                del5q: true,
                additional_abnormalities: Some(0),
                chr7_abnormality: false
            }
        );
    }

    #[test]
    fn one_additional_across_clones() {
        let k = parse("47,XX,del(5)(q13q33),+8[15]/46,XX[5]");
        assert_eq!(k.additional_abnormalities, Some(1));
        let k = parse("46,XY,del(5)(q22q35)[10]/47,idem,+8[6]/48,idem,+8,+21[4]");
        assert_eq!(k.additional_abnormalities, Some(2));
    }

    #[test]
    fn chromosome7() {
        let k = parse("45,XY,del(5)(q13q33),-7[20]");
        assert!(k.chr7_abnormality);
        assert_eq!(k.additional_abnormalities, Some(1));
        assert!(parse("46,XX,del(5)(q13q33),del(7)(q22)[20]").chr7_abnormality);
        assert!(!parse("46,XX,del(5)(q13q33),+7[20]").chr7_abnormality);
    }

    #[test]
    fn free_text() {
        let k = parse("del(5q) isolated");
        assert!(k.del5q);
        assert_eq!(k.additional_abnormalities, None);
        assert!(!parse("46,XX[20]").del5q);
    }
}
