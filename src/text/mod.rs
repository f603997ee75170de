//! The text catalogue: every word Lenalyze shows a person, one file per
//! language (`locales/<lang>.txt`), keyed by id.
//!
//! Why a data file and generated keys rather than strings in code: the words
//! of a clinical report are edited by clinicians and translators, not
//! programmers, and a second language must be a second file of the same keys.
//! `build.rs` turns the English file's keys into constants in [`keys`], so a
//! key the code uses but English lacks does not compile; a test checks that
//! every other language has exactly the English keys with the same
//! placeholders.
//!
//! The format is one `key = text` per line, `#` comments, `{name}`
//! placeholders, `\n` for a line break, `\s` for a space (at the end of a
//! text, where editors would strip it). Nothing here knows the report: the
//! presentation layer (`present`) picks keys and fills in numbers it has
//! already formatted.

use serde::{Deserialize, Serialize};
use std::fmt::Display;
use std::sync::OnceLock;

/// A catalogue key (generated from `locales/en.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(usize);

/// Every catalogue key, as constants named after the key
/// (`table1.caption` → `TABLE1_CAPTION`).
pub mod keys {
    use super::Key;
    include!(concat!(env!("OUT_DIR"), "/keys.rs"));
}

/// A language Lenalyze speaks.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 tag (`en`, `ko`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language of a BCP 47 tag (`en`, `en-GB`); `None` when Lenalyze
    /// does not speak it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../locales/en.txt"),
            Lang::Ko => include_str!("../../locales/ko.txt"),
        }
    }

    fn catalogue(self) -> &'static Catalogue {
        static EN: OnceLock<Catalogue> = OnceLock::new();
        static KO: OnceLock<Catalogue> = OnceLock::new();
        let cell = match self {
            Lang::En => &EN,
            Lang::Ko => &KO,
        };
        cell.get_or_init(|| Parsed::parse(self.source()).texts)
    }
}

/// The texts of one language, indexed by [`Key`].
type Catalogue = Vec<String>;

/// A parsed catalogue file: texts in key order, and what did not fit
/// (checked by the tests; at run time a missing text shows as `⟦key⟧`).
#[cfg_attr(not(test), allow(dead_code))]
struct Parsed {
    texts: Vec<String>,
    /// Keys English has that this file lacks.
    missing: Vec<&'static str>,
    /// Keys this file has that English does not.
    unknown: Vec<String>,
}

impl Parsed {
    fn parse(source: &str) -> Parsed {
        let mut texts = vec![None; keys::NAMES.len()];
        let mut unknown = Vec::new();
        for line in source.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, text)) = line.split_once(" = ") else {
                unknown.push(line.to_string());
                continue;
            };
            match keys::NAMES.iter().position(|n| *n == key) {
                Some(i) => texts[i] = Some(text.replace("\\n", "\n").replace("\\s", " ")),
                None => unknown.push(key.to_string()),
            }
        }
        let missing = keys::NAMES
            .iter()
            .zip(&texts)
            .filter(|(_, t)| t.is_none())
            .map(|(n, _)| *n)
            .collect();
        Parsed {
            texts: texts
                .into_iter()
                .zip(keys::NAMES)
                .map(|(t, name)| t.unwrap_or_else(|| format!("⟦{name}⟧")))
                .collect(),
            missing,
            unknown,
        }
    }
}

/// Words in one language: what the presentation layer writes with.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    lang: Lang,
}

impl Text {
    /// The words of `lang`.
    pub fn new(lang: Lang) -> Text {
        Text { lang }
    }

    /// The language.
    pub fn lang(self) -> Lang {
        self.lang
    }

    /// The text of a key without placeholders.
    pub fn t(self, key: Key) -> &'static str {
        self.lang.catalogue()[key.0].as_str()
    }

    /// The text of a key with its `{name}` placeholders filled in.
    pub fn f(self, key: Key, args: &[(&str, &dyn Display)]) -> String {
        fill(self.t(key), args)
    }

    /// `one` for n = 1, else `other` (English plural rule; a language without
    /// plurals gives both keys the same text), with `{n}` filled in.
    pub fn plural(self, n: usize, one: Key, other: Key) -> String {
        self.f(if n == 1 { one } else { other }, &[("n", &n)])
    }
}

/// Replaces every `{name}` in `template` with its argument; an unknown
/// placeholder is left as written, so a mistake shows instead of vanishing.
fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(&v.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names of a text, sorted.
#[cfg(test)]
fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_with_the_same_placeholders() {
        let english = Parsed::parse(Lang::En.source());
        assert!(english.missing.is_empty() && english.unknown.is_empty());
        for lang in Lang::ALL {
            let parsed = Parsed::parse(lang.source());
            assert!(
                parsed.missing.is_empty(),
                "{}: missing keys {:?}",
                lang.tag(),
                parsed.missing
            );
            assert!(
                parsed.unknown.is_empty(),
                "{}: keys or lines English does not have {:?}",
                lang.tag(),
                parsed.unknown
            );
            for (i, name) in keys::NAMES.iter().enumerate() {
                assert_eq!(
                    placeholders(&parsed.texts[i]),
                    placeholders(&english.texts[i]),
                    "{}: placeholders of {name}",
                    lang.tag()
                );
            }
        }
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(fill("N = {n}", &[("n", &31)]), "N = 31");
        assert_eq!(fill("{a}–{b}", &[("a", &1), ("b", &"x")]), "1–x");
        assert_eq!(fill("{nope} {n}", &[("n", &2)]), "{nope} 2");
        assert_eq!(fill("open {", &[]), "open {");
        assert_eq!(placeholders("{b} and {a} and {b}"), vec!["a", "b"]);
    }

    #[test]
    fn languages_from_tags() {
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
        assert_eq!(Lang::from_tag("xx"), None);
    }
}

impl Key {
    /// The key's name in the catalogue files (`table1.caption`).
    pub fn name(self) -> &'static str {
        keys::NAMES[self.0]
    }

    /// The key of a name built at run time (`ae.<term>` for a term found in
    /// the data); `None` when the catalogue has no such key.
    pub fn lookup(name: &str) -> Option<Key> {
        keys::NAMES.iter().position(|n| *n == name).map(Key)
    }
}

impl Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Key {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TextKey".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A key of the text catalogue (locales/<lang>.txt).",
            "type": "string"
        })
    }
}

/// A sentence of the catalogue with its parameters, not yet in any
/// language: what the report stores (diagnostics), so a Korean and an
/// English reader get the same JSON and each reads it in their words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The sentence.
    pub key: Key,
    /// Its `{name}` placeholders' values, in order.
    pub params: Vec<(&'static str, Param)>,
}

/// The value of a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// Shown as written: a value from the user's file, a number, a column
    /// name.
    Text(String),
    /// A word of the catalogue, shown in the reader's language.
    Key(Key),
    /// Several words of the catalogue, joined with commas.
    Keys(Vec<Key>),
}

impl Message {
    /// A sentence without parameters (yet).
    pub fn new(key: Key) -> Message {
        Message {
            key,
            params: Vec::new(),
        }
    }

    /// With a value shown as written.
    pub fn with(mut self, name: &'static str, value: impl Display) -> Message {
        self.params.push((name, Param::Text(value.to_string())));
        self
    }

    /// With a catalogue word.
    pub fn with_key(mut self, name: &'static str, key: Key) -> Message {
        self.params.push((name, Param::Key(key)));
        self
    }

    /// With catalogue words joined by commas.
    pub fn with_keys(mut self, name: &'static str, keys: Vec<Key>) -> Message {
        self.params.push((name, Param::Keys(keys)));
        self
    }

    /// The sentence in a language.
    pub fn render(&self, t: Text) -> String {
        let values: Vec<(&str, String)> = self
            .params
            .iter()
            .map(|(name, p)| {
                let v = match p {
                    Param::Text(s) => s.clone(),
                    Param::Key(k) => t.t(*k).to_string(),
                    Param::Keys(ks) => ks
                        .iter()
                        .map(|k| t.t(*k))
                        .collect::<Vec<_>>()
                        .join(t.t(keys::LIST_SEPARATOR)),
                };
                (*name, v)
            })
            .collect();
        let args: Vec<(&str, &dyn Display)> = values
            .iter()
            .map(|(n, v)| (*n, v as &dyn Display))
            .collect();
        t.f(self.key, &args)
    }
}

impl Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Params<'a>(&'a [(&'static str, Param)]);
        impl Serialize for Params<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (name, p) in self.0 {
                    match p {
                        Param::Text(v) => m.serialize_entry(name, v)?,
                        Param::Key(k) => m.serialize_entry(
                            name,
                            &std::collections::BTreeMap::from([("key", k)]),
                        )?,
                        Param::Keys(ks) => m.serialize_entry(
                            name,
                            &std::collections::BTreeMap::from([("keys", ks)]),
                        )?,
                    }
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("key", &self.key)?;
        m.serialize_entry("params", &Params(&self.params))?;
        m.end()
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Message {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Message".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A sentence of the text catalogue with its parameters: a value shown as written (string), or catalogue words ({\"key\": …} or {\"keys\": […]}).",
            "type": "object",
            "required": ["key", "params"],
            "properties": {
                "key": { "type": "string" },
                "params": {
                    "type": "object",
                    "additionalProperties": {
                        "oneOf": [
                            { "type": "string" },
                            { "type": "object", "required": ["key"], "properties": { "key": { "type": "string" } }, "additionalProperties": false },
                            { "type": "object", "required": ["keys"], "properties": { "keys": { "type": "array", "items": { "type": "string" } } }, "additionalProperties": false }
                        ]
                    }
                }
            }
        })
    }
}
