//! Generates the catalogue keys from `locales/en.txt`, so a key used in code
//! that the English catalogue does not have is a compile error, and the
//! other languages are checked against English by a test
//! (`text::tests::every_language_has_every_key`).

use std::fmt::Write as _;

fn main() {
    let path = "locales/en.txt";
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).expect("locales/en.txt is readable");
    let mut names: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, _)) = line.split_once(" = ") else {
            panic!("locales/en.txt:{}: expected `key = text`", i + 1);
        };
        assert!(
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_'),
            "locales/en.txt:{}: keys are lower-case ASCII, digits, '.' and '_': {key}",
            i + 1
        );
        assert!(
            !names.iter().any(|n| n == key),
            "locales/en.txt:{}: duplicate key {key}",
            i + 1
        );
        names.push(key.to_string());
    }
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        let ident = name.replace('.', "_").to_uppercase();
        writeln!(out, "/// `{name}`").unwrap();
        writeln!(out, "pub const {ident}: Key = Key({i});").unwrap();
    }
    writeln!(out, "/// Every key's name, indexed by the key.").unwrap();
    writeln!(out, "pub(crate) const NAMES: [&str; {}] = [", names.len()).unwrap();
    for name in &names {
        writeln!(out, "    {name:?},").unwrap();
    }
    writeln!(out, "];").unwrap();
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("keys.rs");
    std::fs::write(dest, out).unwrap();
}
