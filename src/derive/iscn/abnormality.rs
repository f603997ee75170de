//! One karyotype item (`del(5)(q13q33)`, `+8`, `-Y`, `+2mar`, `5q-`) to a
//! typed [`Abnormality`].
//!
//! An item either reads completely, reads with a leftover (kept as an
//! unread remark by the caller: `del(5)(q13q33)isolated`), or does not read
//! at all; nothing here guesses what an unknown word means. The historical
//! short forms `5q-` (a deletion) and `14q+` (added material), and the
//! ISCN short forms `del(5q)`, `i(17q)`, are read as the same abnormality as
//! their detailed forms (ISCN 2020 §9.1, short system), so that
//! `del(5)(q13q33)` and `del(5q)` compare equal (see [`Abnormality::identity`]).

/// A chromosome: an autosome 1–22, X or Y.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chromosome {
    /// Chromosome 1 to 22.
    Autosome(u8),
    /// The X chromosome.
    X,
    /// The Y chromosome.
    Y,
}

impl Chromosome {
    /// Reads `5`, `17`, `X`, `y`.
    pub fn parse(s: &str) -> Option<Chromosome> {
        match s {
            "x" | "X" => Some(Chromosome::X),
            "y" | "Y" => Some(Chromosome::Y),
            _ if !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()) => {
                let n: u8 = s.parse().ok()?;
                (1..=22).contains(&n).then_some(Chromosome::Autosome(n))
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for Chromosome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Chromosome::Autosome(n) => write!(f, "{n}"),
            Chromosome::X => f.write_str("X"),
            Chromosome::Y => f.write_str("Y"),
        }
    }
}

/// What kind of abnormality an item names (ISCN 2020 chapters 8–9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AbnormalityKind {
    /// An extra whole chromosome (`+8`).
    Gain,
    /// A missing whole chromosome (`-7`, `-Y`).
    Loss,
    /// `del`: a deleted segment.
    Deletion,
    /// `dup`: a duplicated segment.
    Duplication,
    /// `t`: a translocation.
    Translocation,
    /// `inv`: an inversion.
    Inversion,
    /// `i`: an isochromosome.
    Isochromosome,
    /// `der`: a derivative chromosome.
    Derivative,
    /// `add`: additional material of unknown origin.
    AdditionalMaterial,
    /// `ins`: an insertion.
    Insertion,
    /// `r`: a ring chromosome.
    Ring,
    /// `mar`: a marker chromosome.
    Marker,
    /// Another ISCN abnormality (`dic`, `idic`, `hsr`, `dmin`, `trp`, …).
    Other,
}

/// `+` or `-` written before a structural abnormality (`+der(1;7)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sign {
    /// An extra copy.
    Plus,
    /// A missing copy.
    Minus,
}

/// A chromosome arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arm {
    /// The short arm.
    P,
    /// The long arm.
    Q,
}

/// One abnormality of a clone, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abnormality {
    /// What kind it is.
    pub kind: AbnormalityKind,
    /// `+`/`-` before a structural abnormality or marker; `None` for plain
    /// gains and losses (their kind says it) and unsigned items.
    pub sign: Option<Sign>,
    /// The chromosomes named, in order (a derivative's partners included).
    pub chromosomes: Vec<Chromosome>,
    /// The breakpoints, one string per chromosome where written, in lower
    /// case without spaces (`q13q33`, `q22`); an arm alone (`q`) for the
    /// short forms `del(5q)`, `5q-`.
    pub breakpoints: Vec<String>,
    /// Copies (`+2mar`: 2; `+1~3mar`: 1, the lower bound; otherwise 1).
    pub copies: u16,
    /// Marked constitutional (`+21c`): present from birth, not part of the
    /// neoplasm.
    pub constitutional: bool,
    /// Marked questionable (`?del(5)(q13q33)`).
    pub questionable: bool,
    /// Taken over from the stemline or an earlier sideline by `idem`, `sl`
    /// or `sdl`, not written in this clone.
    pub inherited: bool,
    /// The item as written.
    pub text: String,
}

impl Abnormality {
    /// Whether this is a deletion of `arm` of autosome `n` (`del(5q)`,
    /// `del(5)(q13q33)`, `5q-`).
    pub fn is_deletion_of(&self, n: u8, arm: Arm) -> bool {
        self.kind == AbnormalityKind::Deletion
            && self.chromosomes.first() == Some(&Chromosome::Autosome(n))
            && self.arm(0) == Some(arm)
    }

    /// Whether this is the loss of a whole chromosome `c` (`-7`, `-Y`).
    pub fn is_loss_of(&self, c: Chromosome) -> bool {
        self.kind == AbnormalityKind::Loss && self.chromosomes.first() == Some(&c)
    }

    /// The arm of the `i`-th chromosome's first breakpoint.
    pub fn arm(&self, i: usize) -> Option<Arm> {
        match self.breakpoints.get(i)?.bytes().next()? {
            b'p' => Some(Arm::P),
            b'q' => Some(Arm::Q),
            _ => None,
        }
    }

    /// Whether the abnormality takes a chromosome away, which ISCN asks to
    /// see in three cells, not two, before calling it clonal.
    pub fn is_loss(&self) -> bool {
        self.kind == AbnormalityKind::Loss || self.sign == Some(Sign::Minus)
    }

    /// What makes two items the same abnormality: kind, sign and
    /// chromosomes, and the breakpoints, except that deletions and
    /// isochromosomes compare by arm, so `del(5q)` = `del(5)(q13q33)` and
    /// `i(17q)` = `i(17)(q10)`. Marks (constitutional, questionable,
    /// inherited) and spelling do not count.
    pub fn identity(&self) -> String {
        let by_arm = matches!(
            self.kind,
            AbnormalityKind::Deletion | AbnormalityKind::Isochromosome
        );
        let mut key = format!("{:?}{:?}", self.kind, self.sign);
        for c in &self.chromosomes {
            key.push_str(&format!(";{c}"));
        }
        key.push('|');
        for (i, b) in self.breakpoints.iter().enumerate() {
            if by_arm {
                key.push_str(&format!(";{:?}", self.arm(i)));
            } else {
                key.push_str(&format!(";{b}"));
            }
        }
        key
    }
}

/// The outcome of reading one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    /// An abnormality, and any text left over after it.
    Abnormality(Abnormality, Option<String>),
    /// `idem` or `sl`: the stemline's abnormalities.
    Stemline,
    /// `sdl` (`None`: the clone just before) or `sdlN` (the N-th sideline).
    Sideline(Option<usize>),
    /// Not an abnormality.
    NotRead,
}

/// Reads one item (already without spaces; any case).
pub(super) fn read_item(original: &str) -> Item {
    let s = original.to_ascii_lowercase();
    match s.as_str() {
        "idem" | "sl" => return Item::Stemline,
        "sdl" => return Item::Sideline(None),
        _ => {}
    }
    if let Some(n) = s.strip_prefix("sdl") {
        if let Ok(n) = n.parse::<usize>() {
            return Item::Sideline(Some(n));
        }
    }
    match read_abnormality(&s) {
        Some((mut a, used)) => {
            a.text = original.to_string();
            let rest = &s[used..];
            let leftover = (!rest.is_empty()).then(|| original[used..].to_string());
            Item::Abnormality(a, leftover)
        }
        None => Item::NotRead,
    }
}

fn new(kind: AbnormalityKind) -> Abnormality {
    Abnormality {
        kind,
        sign: None,
        chromosomes: Vec::new(),
        breakpoints: Vec::new(),
        copies: 1,
        constitutional: false,
        questionable: false,
        inherited: false,
        text: String::new(),
    }
}

/// A cursor over an ASCII-lower-cased item. Every position it stops at is
/// just after an ASCII byte, so slicing the original text there is safe.
struct Cursor<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.at).copied()
    }
    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'a str {
        let start = self.at;
        while self.peek().is_some_and(&f) {
            self.at += 1;
        }
        &self.s[start..self.at]
    }
    /// The text of a `( … )` group, without the brackets.
    /// The position is unchanged when there is no complete group.
    fn group(&mut self) -> Option<&'a str> {
        let start = self.at;
        if !self.eat(b'(') {
            return None;
        }
        let inner = self.take_while(|b| b != b'(' && b != b')');
        if self.eat(b')') {
            Some(inner)
        } else {
            self.at = start;
            None
        }
    }
}

/// Reads an abnormality at the start of `s` (lower case); returns it and
/// how many bytes it used.
fn read_abnormality(s: &str) -> Option<(Abnormality, usize)> {
    let mut c = Cursor { s, at: 0 };
    let questionable = c.eat(b'?');
    let sign = if c.eat(b'+') {
        Some(Sign::Plus)
    } else if c.eat(b'-') {
        Some(Sign::Minus)
    } else {
        None
    };
    let mut a = if c
        .peek()
        .is_some_and(|b| b.is_ascii_digit() || b == b'x' || b == b'y')
    {
        read_numeric(&mut c, sign)?
    } else {
        let mut a = read_named(&mut c)?;
        a.sign = sign;
        a
    };
    a.questionable = questionable;
    // `x2`: copies of a structural abnormality.
    if c.peek() == Some(b'x') && c.s.as_bytes().get(c.at + 1).is_some_and(u8::is_ascii_digit) {
        c.at += 1;
        a.copies = c.take_while(|b| b.is_ascii_digit()).parse().unwrap_or(1);
    }
    // The constitutional mark ends the item.
    if c.peek() == Some(b'c') && c.at + 1 == s.len() {
        c.at += 1;
        a.constitutional = true;
    }
    Some((a, c.at))
}

/// `+8`, `-7`, `-y`, `+21c`, `+2mar`, `+1~3mar`, `2~15dmin`, `5q-`, `20q-`.
fn read_numeric(c: &mut Cursor<'_>, sign: Option<Sign>) -> Option<Abnormality> {
    let lead = c.take_while(|b| b.is_ascii_digit());
    if lead.is_empty() {
        // X or Y: only a gain or loss.
        let chromosome = Chromosome::parse(&c.s[c.at..=c.at])?;
        c.at += 1;
        return whole(chromosome, sign?);
    }
    // A copy number before a marker or double minutes: `2mar`, `1~3mar`.
    let mut upper = "";
    if c.peek() == Some(b'~') {
        c.at += 1;
        upper = c.take_while(|b| b.is_ascii_digit());
        if upper.is_empty() {
            return None;
        }
    }
    if c.s[c.at..].starts_with("mar") || c.s[c.at..].starts_with("dmin") {
        let mut a = read_named(c)?;
        a.sign = sign;
        a.copies = lead.parse().ok()?;
        return Some(a);
    }
    if !upper.is_empty() {
        return None;
    }
    let chromosome = Chromosome::parse(lead)?;
    // Historical short forms: `5q-` is a deletion, `14q+` added material.
    if let Some(arm @ (b'p' | b'q')) = c.peek() {
        let kind = match c.s.as_bytes().get(c.at + 1) {
            Some(b'-') => AbnormalityKind::Deletion,
            Some(b'+') => AbnormalityKind::AdditionalMaterial,
            _ => return None,
        };
        if sign.is_some() {
            return None;
        }
        c.at += 2;
        let mut a = new(kind);
        a.chromosomes.push(chromosome);
        a.breakpoints.push((arm as char).to_string());
        return Some(a);
    }
    whole(chromosome, sign?)
}

fn whole(chromosome: Chromosome, sign: Sign) -> Option<Abnormality> {
    let mut a = new(match sign {
        Sign::Plus => AbnormalityKind::Gain,
        Sign::Minus => AbnormalityKind::Loss,
    });
    a.chromosomes.push(chromosome);
    Some(a)
}

fn kind_of(name: &str) -> Option<AbnormalityKind> {
    use AbnormalityKind::*;
    Some(match name {
        "del" => Deletion,
        "dup" => Duplication,
        "t" => Translocation,
        "inv" => Inversion,
        "i" => Isochromosome,
        "der" => Derivative,
        "add" => AdditionalMaterial,
        "ins" => Insertion,
        "r" => Ring,
        "mar" => Marker,
        "dic" | "idic" | "ider" | "trc" | "trp" | "qdp" | "hsr" | "dmin" | "rob" | "tas"
        | "fis" | "psu" | "rec" | "tan" | "fra" => Other,
        _ => return None,
    })
}

/// `del(5)(q13q33)`, `del(5q)`, `del5q`, `t(3;3)(q21;q26.2)`,
/// `der(7)t(7;12)(q22;p12)`, `mar1`, `r`, `dmin`.
fn read_named(c: &mut Cursor<'_>) -> Option<Abnormality> {
    let name = c.take_while(|b| b.is_ascii_lowercase());
    // `del5q`: the name runs into the chromosome.
    let kind = kind_of(name)?;
    let mut a = new(kind);
    if kind == AbnormalityKind::Marker {
        c.take_while(|b| b.is_ascii_digit());
        return Some(a);
    }
    let chromosomes = match c.group() {
        Some(g) => g,
        None if c.peek().is_some_and(|b| b.is_ascii_digit()) => {
            c.take_while(|b| b.is_ascii_alphanumeric() && b != b'c' && b != b'x')
        }
        // `+r`, `dmin`: no chromosome given; any other kind needs one.
        None if matches!(kind, AbnormalityKind::Ring | AbnormalityKind::Other) => return Some(a),
        None => return None,
    };
    for token in chromosomes.split(';') {
        // `5q` in the short form `del(5q)`: the chromosome and its arm.
        let (chromosome, arm) = match token.as_bytes().last() {
            Some(b'p' | b'q') if token.len() > 1 => token.split_at(token.len() - 1),
            _ => (token, ""),
        };
        a.chromosomes.push(Chromosome::parse(chromosome)?);
        if !arm.is_empty() {
            a.breakpoints.push(arm.to_string());
        }
    }
    if let Some(g) = c.group() {
        if !a.breakpoints.is_empty() {
            return None;
        }
        let parts: Vec<String> = g.split(';').map(band).collect::<Option<_>>()?;
        // `del(5)(q13;q33)`: one chromosome, its two breakpoints split by a
        // stray semicolon.
        if a.chromosomes.len() == 1 && parts.len() > 1 && kind != AbnormalityKind::Derivative {
            a.breakpoints.push(parts.concat());
        } else {
            a.breakpoints.extend(parts);
        }
    } else if kind == AbnormalityKind::Deletion && a.breakpoints.is_empty() {
        // `del(5)q13q33`: the breakpoints without their brackets.
        let rest = c.take_while(|b| b.is_ascii_alphanumeric() || b == b'.');
        if !rest.is_empty() {
            a.breakpoints.push(band(rest)?);
        }
    }
    // A derivative names how it arose: `der(7)t(7;12)(q22;p12)`.
    if kind == AbnormalityKind::Derivative {
        while c.peek().is_some_and(|b| b.is_ascii_lowercase()) {
            let save = c.at;
            match read_named(c) {
                Some(part) if part.kind != AbnormalityKind::Marker => {
                    for ch in part.chromosomes {
                        if !a.chromosomes.contains(&ch) {
                            a.chromosomes.push(ch);
                        }
                    }
                    a.breakpoints.extend(part.breakpoints);
                }
                _ => {
                    c.at = save;
                    break;
                }
            }
        }
    }
    Some(a)
}

/// One chromosome's breakpoints (`q13q33`, `q13-q33`, `p11.2`, `q10`):
/// starts with an arm, `cen` or `?`; dashes and arrows between bands go.
fn band(text: &str) -> Option<String> {
    let b: String = text
        .chars()
        .filter(|&ch| ch != '-' && ch != '>' && ch != '→')
        .collect();
    let ok =
        (b.starts_with('p') || b.starts_with('q') || b.starts_with("cen") || b.starts_with('?'))
            && b.bytes()
                .all(|x| x.is_ascii_alphanumeric() || x == b'.' || x == b'~' || x == b'?');
    ok.then_some(b)
}
