//! The karyotype string to pieces before anything is read: typographic
//! signs to ASCII, the FISH/array tail split off, clones split at `/` and
//! items at `,`, with the spacing and bracket typos people make absorbed
//! here so the reader sees one item per abnormality.

/// Typographic dashes, tildes and full-width brackets to ASCII.
pub(super) fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2212}' | '\u{2013}' | '\u{2010}' | '\u{2011}' | '\u{FF0D}' => '-',
            '\u{FF5E}' | '\u{301C}' => '~',
            '\u{FF08}' => '(',
            '\u{FF09}' => ')',
            '\u{FF3B}' => '[',
            '\u{FF3D}' => ']',
            '\u{FF0C}' => ',',
            '\u{FF1B}' => ';',
            '\u{FF0B}' => '+',
            '\u{3000}' | '\t' | '\n' | '\r' => ' ',
            c => c,
        })
        .collect()
}

/// Splits off an in situ hybridization or array tail (`.nuc ish(…)`,
/// ` ish del(5)(…)`, `.arr[GRCh38]…`).
pub(super) fn split_fish(text: &str) -> (&str, Option<&str>) {
    let lower = text.to_ascii_lowercase();
    let at = ["nuc ish", "nucish", ".ish", " ish", ".arr", " arr["]
        .iter()
        .filter_map(|m| lower.find(m))
        .chain(
            ["ish ", "ish(", "arr[", "arr("]
                .iter()
                .filter(|m| lower.starts_with(**m))
                .map(|_| 0),
        )
        .min();
    match at {
        Some(at) => (&text[..at], Some(text[at..].trim_start_matches(['.', ' ']))),
        None => (text, None),
    }
}

/// Splits at `sep` outside brackets. A cell count's `]` closes any round
/// bracket left open before it (a typo: `del(5)(q13q33[20]/46,XX[5]` is two
/// clones), and commas split items even inside an open round bracket, as no
/// G-banding breakpoint contains a comma (`del(5)(q13q33,+8`).
pub(super) fn split_top_level(text: &str, sep: u8) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut round, mut square) = (0i32, 0i32);
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let depth = if sep == b',' { square } else { round + square };
        match b {
            b'(' => round += 1,
            b')' => round -= 1,
            b'[' => square += 1,
            b']' => {
                square -= 1;
                round = 0;
            }
            _ if b == sep && depth <= 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A clone body's items: split at commas, spaces next to brackets removed,
/// other spaces separating items (`46 XX`), and a kind name split from its
/// chromosome by a space joined again (`del 5q`).
pub(super) fn items(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in split_top_level(body, b',') {
        let tokens = tokens(item);
        let mut i = 0;
        while i < tokens.len() {
            let name = tokens[i].to_ascii_lowercase();
            let joins = matches!(
                name.as_str(),
                "del" | "dup" | "t" | "inv" | "i" | "der" | "add" | "ins" | "r"
            ) && tokens
                .get(i + 1)
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit() || c == '('));
            if joins {
                out.push(format!("{}{}", tokens[i], tokens[i + 1]));
                i += 2;
            } else {
                out.push(tokens[i].clone());
                i += 1;
            }
        }
    }
    out
}

fn tokens(item: &str) -> Vec<String> {
    let mut tokens = vec![String::new()];
    let mut space = false;
    for c in item.trim().chars() {
        if c == ' ' {
            space = true;
            continue;
        }
        let last = tokens.last().and_then(|t| t.chars().last());
        let glued = matches!(c, '(' | ')' | '[' | ']' | ';' | '~' | '<' | '>')
            || matches!(last, Some('(' | '[' | ';' | '~' | '<'));
        if space && !glued && !tokens.last().is_some_and(String::is_empty) {
            tokens.push(String::new());
        }
        space = false;
        if let Some(t) = tokens.last_mut() {
            t.push(c);
        }
    }
    tokens.retain(|t| !t.is_empty());
    tokens
}
