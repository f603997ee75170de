//! The ISCN karyotype reader: a karyotype string to clones and typed
//! abnormalities, plus the parts that could not be read.
//!
//! Why a reader and not a pattern search: the study's derived facts (is
//! del(5q) there, how many other abnormalities, is the karyotype complex,
//! which IPSS/IPSS-R cytogenetic group) depend on clones, cell counts and
//! `idem`/`sl`/`sdl` references, which a substring search cannot see
//! (`47,idem,+8` has a del(5q) without writing it).
//!
//! Real karyotypes from many hospitals are messy, so the reader reads what
//! can be read and names what cannot, never guessing:
//! - lower case (`46,xx,del(5)(q13q33)`), stray spaces (`del (5)(q13q33)`,
//!   `46, XX`), spaces for commas (`46 XX del(5q)`), typographic dashes and
//!   full-width brackets are normalised;
//! - a missing bracket around the cell count (`[20`, `20]`, `(20)`), or no
//!   cell count at all, is accepted (the count is then unknown);
//! - `45~47` ranges, a ploidy level `<2n>`/`<3n>` (also when typed before
//!   the number, `<2n>46`), composite `[cp10]`;
//! - a closing bracket missing at the end of an abnormality
//!   (`del(5)(q13q33[20]`, `del(5q,+8`) is added when the abnormality then
//!   reads completely; the part is named in [`Karyotype::repaired`] so a
//!   person can check it, and it is counted like any other;
//! - `nuc ish`/`ish`/`arr` tails (FISH and array results, a different
//!   notation) and free-text remarks become [`Unread`] parts with their text;
//! - an item that is not an abnormality becomes an [`Unread`] part, and the
//!   rest of the clone is still read.
//!
//! Notation follows ISCN 2020 (McGowan-Jordan, Hastings, Moore (eds.),
//! Karger 2020) and ISCN 2016: clones separated by `/`, the stemline first,
//! sidelines after it, a normal clone last; cell counts in square brackets;
//! `idem`/`sl` = the stemline's abnormalities, `sdl` = the preceding
//! sideline's, `sdl1`, `sdl2` = the first, second sideline's; a trailing `c`
//! marks a constitutional abnormality (e.g. `48,XY,+21c,+21[10]`, ISCN 2020
//! errata §8.3); the short and detailed systems (`del(5q)` =
//! `del(5)(q13q33)` for counting).

mod abnormality;
mod lexing;
#[cfg(test)]
mod tests;

use abnormality::{read_item, Item};
pub use abnormality::{Abnormality, AbnormalityKind, Arm, Chromosome, Sign};
use lexing::{items, normalise, split_fish, split_top_level};
use serde::Serialize;

/// A karyotype as read: its clones in the order written, and every part
/// that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Karyotype {
    /// The clones (cell lines), in the order written.
    pub clones: Vec<Clone>,
    /// The parts not read, in the order met.
    pub unread: Vec<Unread>,
    /// The parts read only after a typo was repaired (a closing bracket
    /// added, a ploidy level moved after the number), as written.
    pub repaired: Vec<String>,
}

/// One clone (cell line) of a karyotype.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clone {
    /// The clone as written (after normalising dashes and brackets).
    pub text: String,
    /// The chromosome number, when it could be read.
    pub chromosome_number: Option<ChromosomeNumber>,
    /// The sex chromosomes as written (`XX`, `XY`, `X`, `XXY`), when given.
    pub sex_chromosomes: Option<SexChromosomes>,
    /// The number of cells, when given.
    pub cells: Option<Cells>,
    /// Whether the clone builds on an earlier one (`idem`, `sl`, `sdl`).
    pub relation: Relation,
    /// The clone's abnormalities, those taken over from its stemline or
    /// sideline first (marked `inherited`), then its own.
    pub abnormalities: Vec<Abnormality>,
}

impl Clone {
    /// A clone with no abnormality other than constitutional ones: a
    /// normal cell line (`46,XX[20]`).
    pub fn is_normal(&self) -> bool {
        self.abnormalities.iter().all(|a| a.constitutional)
    }
}

/// The modal chromosome number: `46`, a range `45~47`, with a ploidy level
/// when written (`92<4n>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChromosomeNumber {
    /// The lowest count (the count itself when there is no range).
    pub low: u16,
    /// The highest count.
    pub high: u16,
    /// The ploidy level written in angle brackets (`<3n>`: 3).
    pub ploidy: Option<u8>,
}

/// The sex chromosomes of a clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SexChromosomes {
    /// As written, upper case (`XX`, `XY`, `XXY`).
    pub text: String,
    /// Marked constitutional (`XXYc`).
    pub constitutional: bool,
}

/// A clone's cell count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cells {
    /// The number of cells (metaphases).
    pub count: u32,
    /// A composite karyotype (`[cp10]`): every abnormality listed is clonal,
    /// but not every cell has all of them (ISCN 2020 §11.1.5).
    pub composite: bool,
}

/// How a clone relates to the clones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// A stemline, an independent clone or a normal clone: it writes out
    /// all its abnormalities.
    Own,
    /// A sideline of the clone at this index (`idem`/`sl`: the stemline;
    /// `sdl`: the clone just before; `sdlN`: the N-th sideline).
    Sideline {
        /// Index into [`Karyotype::clones`].
        of: usize,
    },
}

/// A part of the karyotype that was not read.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unread {
    /// The text not read, as written.
    pub text: String,
    /// What it is, as far as can be told.
    pub kind: UnreadKind,
}

/// What an unread part of a karyotype is.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnreadKind {
    /// The chromosome number at the start of a clone is missing or not a
    /// number: the text is not an ISCN karyotype (e.g. `del(5q) isolated`).
    ChromosomeNumber,
    /// An item where an abnormality belongs that is not one.
    Abnormality,
    /// A cell count that is not a number.
    CellCount,
    /// `idem`/`sl`/`sdl` with no clone to refer to.
    Relation,
    /// An in situ hybridization (`nuc ish`, `ish`) or array (`arr`) result:
    /// another notation, not read.
    InSituHybridization,
    /// Words after or among the karyotype (`46,XX[20] normal female`).
    Remark,
}

impl UnreadKind {
    /// Whether the part could hide an abnormality, so that counting the
    /// abnormalities would be a guess. FISH tails and remarks do not; an
    /// unreadable item, a missing chromosome number or a dangling `idem`
    /// do.
    pub fn blocks_counting(self) -> bool {
        matches!(
            self,
            UnreadKind::ChromosomeNumber | UnreadKind::Abnormality | UnreadKind::Relation
        )
    }
}

impl Karyotype {
    /// Reads a karyotype string. Never fails: what cannot be read is in
    /// [`Karyotype::unread`].
    pub fn parse(text: &str) -> Karyotype {
        let text = normalise(text);
        let mut k = Karyotype::default();
        let (banding, fish) = split_fish(&text);
        for clone in split_top_level(banding, b'/') {
            if !clone.trim().is_empty() {
                k.read_clone(clone.trim());
            }
        }
        if let Some(fish) = fish {
            k.unread(fish, UnreadKind::InSituHybridization);
        }
        k
    }

    /// Whether any unread part could hide an abnormality.
    pub fn counting_blocked(&self) -> bool {
        self.unread.iter().any(|u| u.kind.blocks_counting())
    }

    fn unread(&mut self, text: &str, kind: UnreadKind) {
        let text = text.trim();
        if !text.is_empty() {
            self.unread.push(Unread {
                text: text.to_string(),
                kind,
            });
        }
    }

    fn read_clone(&mut self, text: &str) {
        let (body, cells) = self.split_cells(text);
        let items = items(body);
        let mut rest = items.iter().map(String::as_str).peekable();
        let first = rest.peek().copied().unwrap_or("");
        let chromosome_number = match chromosome_number(first) {
            Some(n) => {
                if first.starts_with('<') {
                    self.repaired.push(first.to_string());
                }
                rest.next();
                Some(n)
            }
            None if first.bytes().any(|b| b.is_ascii_digit() || b == b'<')
                && matches!(read_item(first), Item::NotRead) =>
            {
                // Where the number belongs, number-like but not a number
                // (`4b`, `<2n>`): that item is what was not read; the rest
                // still is. Words (`Normal female karyotype`) are named whole.
                self.unread(first, UnreadKind::ChromosomeNumber);
                rest.next();
                None
            }
            None => {
                // Starts with an abnormality (`del(5q) isolated`): not an
                // ISCN karyotype, named whole.
                self.unread(text, UnreadKind::ChromosomeNumber);
                None
            }
        };
        let sex_chromosomes = rest.peek().and_then(|s| sex_chromosomes(s));
        if sex_chromosomes.is_some() {
            rest.next();
        }
        let index = self.clones.len();
        let mut relation = Relation::Own;
        let mut own = Vec::new();
        for item in rest {
            let (read, item) = match repair_brackets(item) {
                Some((repaired, a)) => {
                    self.repaired.push(item.to_string());
                    (Item::Abnormality(a, None), repaired)
                }
                None => (read_item(item), item.to_string()),
            };
            let item = item.as_str();
            match read {
                Item::Abnormality(a, leftover) => {
                    own.push(a);
                    if let Some(leftover) = leftover {
                        // Words after an abnormality are a remark; brackets
                        // or digits may be a broken part of it.
                        let broken = leftover
                            .bytes()
                            .any(|b| b.is_ascii_digit() || b"()[];".contains(&b));
                        let kind = if broken {
                            UnreadKind::Abnormality
                        } else {
                            UnreadKind::Remark
                        };
                        self.unread(&leftover, kind);
                    }
                }
                reference @ (Item::Stemline | Item::Sideline(_)) => {
                    let of = match reference {
                        Item::Sideline(None) => index.checked_sub(1),
                        Item::Sideline(Some(n)) => Some(n),
                        _ => Some(0),
                    };
                    match of.filter(|&of| of < index) {
                        Some(of) => relation = Relation::Sideline { of },
                        None => self.unread(item, UnreadKind::Relation),
                    }
                }
                Item::NotRead => {
                    let kind = if item.len() >= 3 && item.bytes().all(|b| b.is_ascii_alphabetic())
                        || !item.is_ascii()
                    {
                        UnreadKind::Remark
                    } else {
                        UnreadKind::Abnormality
                    };
                    self.unread(item, kind);
                }
            }
        }
        let mut abnormalities = match relation {
            Relation::Sideline { of } => self.clones[of]
                .abnormalities
                .iter()
                .cloned()
                .map(|mut a| {
                    a.inherited = true;
                    a
                })
                .collect(),
            Relation::Own => Vec::new(),
        };
        abnormalities.extend(own);
        self.clones.push(Clone {
            text: text.to_string(),
            chromosome_number,
            sex_chromosomes,
            cells,
            relation,
            abnormalities,
        });
    }

    /// Splits a clone into its body and cell count: `…[20]`, `…[cp10]`,
    /// `…[20` and `…20]` (a bracket missing), `…(20)`. Text after the count
    /// is a remark.
    fn split_cells<'a>(&mut self, text: &'a str) -> (&'a str, Option<Cells>) {
        let (body, count, tail) = if let Some(open) = text.rfind('[') {
            let after = &text[open + 1..];
            let (count, tail) = match after.find(']') {
                Some(close) => (&after[..close], &after[close + 1..]),
                None => (after, ""),
            };
            (&text[..open], count, tail)
        } else if let Some(inner) = text.strip_suffix(']') {
            let digits = inner.len() - inner.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let start = inner.len() - digits;
            let cp = inner[..start].to_ascii_lowercase().ends_with("cp");
            let start = if cp { start - 2 } else { start };
            (&inner[..start], &inner[start..], "")
        } else if let Some(open) = trailing_count_group(text) {
            (&text[..open], &text[open + 1..text.len() - 1], "")
        } else {
            (text, "", "")
        };
        let tail = tail.trim().trim_start_matches(['.', ';', ',']);
        self.unread(tail, UnreadKind::Remark);
        let count = count.trim().to_ascii_lowercase();
        if count.is_empty() {
            return (body, None);
        }
        let (composite, digits) = match count.strip_prefix("cp") {
            Some(d) => (true, d.trim()),
            None => (false, count.as_str()),
        };
        match digits.parse::<u32>() {
            Ok(n) if digits.bytes().all(|b| b.is_ascii_digit()) => (
                body,
                Some(Cells {
                    count: n,
                    composite,
                }),
            ),
            _ => {
                self.unread(&count, UnreadKind::CellCount);
                (body, None)
            }
        }
    }
}

/// An abnormality with closing brackets missing at its end
/// (`del(5)(q13q33`, `del(5q`): the item with them added and the
/// abnormality, when the open group names an arm or band and the whole
/// then reads completely; `None` otherwise (the item is then read as
/// written and any broken part named).
fn repair_brackets(item: &str) -> Option<(String, Abnormality)> {
    let open = item.bytes().filter(|&b| b == b'(').count();
    let close = item.bytes().filter(|&b| b == b')').count();
    // Only a group that names an arm or band is completed: `del(5` could
    // be del(5q) or del(5)(q…), so it stays unread.
    let last_group = item.rsplit('(').next().unwrap_or("").to_ascii_lowercase();
    if open <= close || open - close > 2 || !last_group.contains(['p', 'q']) {
        return None;
    }
    let repaired = format!("{item}{}", ")".repeat(open - close));
    match read_item(&repaired) {
        Item::Abnormality(a, None) => Some((repaired, a)),
        _ => None,
    }
}

/// `…del(5)(q13q33)(20)`: a last bracket group of digits right after a
/// closing bracket or a space is a cell count, not a breakpoint (those
/// start with p or q).
fn trailing_count_group(text: &str) -> Option<usize> {
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let digits = &inner[open + 1..];
    let before = inner[..open].chars().next_back()?;
    (!digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (before == ')' || before == ' ' || before == ','))
        .then_some(open)
}

/// `46`, `45~47`, `45-47`, `92<4n>`, `58~63<3n>`; the level typed first
/// (`<2n>46`) reads the same.
fn chromosome_number(item: &str) -> Option<ChromosomeNumber> {
    let moved;
    let item = match item.strip_prefix('<').and_then(|r| r.split_once('>')) {
        Some((level, count)) if !count.is_empty() => {
            moved = format!("{count}<{level}>");
            moved.as_str()
        }
        _ => item,
    };
    let (count, ploidy) = match item.split_once('<') {
        Some((count, level)) => {
            let level = level.strip_suffix('>')?.to_ascii_lowercase();
            let digits = level.trim_end_matches(['n', '+', '-', '±']);
            let n: u8 = if digits.is_empty() {
                1
            } else {
                digits.parse().ok()?
            };
            (count, Some(n))
        }
        None => (item, None),
    };
    let (low, high) = match count.split_once(['~', '-']) {
        Some((l, h)) => (l, h),
        None => (count, count),
    };
    let number = |s: &str| -> Option<u16> {
        (!s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (low, high) = (number(low)?, number(high)?);
    (low <= high).then_some(ChromosomeNumber { low, high, ploidy })
}

/// `XX`, `xy`, `X`, `XXY`, `XXYc`.
fn sex_chromosomes(item: &str) -> Option<SexChromosomes> {
    let upper = item.to_ascii_uppercase();
    let (letters, constitutional) = match upper.strip_suffix('C') {
        Some(l) => (l, true),
        None => (upper.as_str(), false),
    };
    (!letters.is_empty() && letters.len() <= 5 && letters.bytes().all(|b| b == b'X' || b == b'Y'))
        .then(|| SexChromosomes {
            text: letters.to_string(),
            constitutional,
        })
}
