//! The downloadable CRF template and data dictionary, generated from
//! [`crate::schema`] alone: no column is listed here, so a column added to
//! the schema appears in the template, its drop-downs and the dictionary at
//! once.
//!
//! Every word the files show a person (meanings, type and requirement
//! labels, descriptions of allowed values, the dictionary's sheet name and
//! heads, the drop-downs' messages) comes from the text catalogue
//! (`locales/<lang>.txt`); a column's meaning is `diag.meaning_<column>`, the
//! words diagnostics use for it. Column names, aliases, category spellings
//! and units are the input contract and the same in every language, so the
//! header row of every language's template is the same.
//!
//! Used by the CLI (`lenalyze template --out-dir DIR [--lang en|ko]`) and by
//! the tests, which check that the files published in `www/template/` are
//! exactly what this code writes.
//!
//! Files, per language (English as named, Korean with `-ko` before the
//! extension, see [`files`]):
//! - `lenalyze-crf-template.xlsx`: sheet `patients` (header row of every
//!   canonical column, frozen, sized, with drop-downs for categorical, yes/no,
//!   sex and grade columns and a date format on date columns) and the
//!   dictionary sheet (`dictionary`, `데이터 사전`). Lenalyze reads the first
//!   and notes the second as ignored. The Korean workbook names Malgun Gothic.
//! - `lenalyze-crf-template.csv`: the header row, UTF-8 with a BOM so that
//!   Excel keeps Korean text when the file is filled and saved again.
//! - `data-dictionary.csv` and `data-dictionary.json` (for the page).
//! - `redcap-data-dictionary.csv`: the same fields as a REDCap project's
//!   data dictionary (`crate::redcap_template`).
//!
//! Every output is deterministic: the workbook's creation time is fixed.

use crate::present::format::display_width;
use crate::schema::{
    Category, ColumnSpec, LabKind, LabTime, Requirement, ValueKind, LAB_KINDS, LONG_SHEETS,
    PATIENT_COLUMNS, STUDY_AE_TERMS,
};
use crate::text::{keys, Key, Lang, Text};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde::Serialize;

/// Names of the generated English files, in the order they are written;
/// the other languages add `-<lang>` before the extension ([`files`]).
pub const FILES: [&str; 5] = [
    "lenalyze-crf-template.xlsx",
    "lenalyze-crf-template.csv",
    "data-dictionary.csv",
    "data-dictionary.json",
    crate::redcap_template::FILE,
];

/// The names of the files of one language: [`FILES`] for English,
/// `lenalyze-crf-template-ko.xlsx` and so on for Korean.
pub fn files(lang: Lang) -> [String; 5] {
    FILES.map(|name| match lang {
        Lang::En => name.to_string(),
        _ => match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}-{}.{ext}", lang.tag()),
            None => format!("{name}-{}", lang.tag()),
        },
    })
}

/// Rows of the template that carry drop-downs and formats (the header is
/// row 1; 1,000 patients is far beyond a registry study).
const TEMPLATE_ROWS: u32 = 1000;

/// The date format of date columns, as the contract writes dates.
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// The font of a language's workbook: `None` keeps Excel's default
/// (Calibri); Korean names Malgun Gothic (맑은 고딕, Windows' and Office's
/// Korean UI font) with the Hangul character set, so Excel and LibreOffice
/// pick a Korean-capable font for the dictionary's words and typed values.
fn font(lang: Lang) -> Option<(&'static str, u8)> {
    match lang {
        Lang::En => None,
        Lang::Ko => Some(("Malgun Gothic", 129)),
    }
}

/// One column of the data dictionary, in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Canonical column name (the same in every language).
    pub column: String,
    /// `patients` or a long sheet (sheet names are part of the contract).
    pub sheet: &'static str,
    /// Type as the dictionary names it.
    #[serde(rename = "type")]
    pub kind_label: String,
    /// `yes`, `no`, or when it is required.
    pub required: String,
    /// Unit of the values, or empty.
    pub unit: &'static str,
    /// What the column means.
    pub meaning: String,
    /// Allowed values: categories, or the form a value takes.
    pub allowed_values: Vec<String>,
    /// Other header spellings Lenalyze accepts.
    pub also_accepted: Vec<String>,
    /// Value kind, for the drop-downs and formats.
    #[serde(skip)]
    pub kind: ValueKind,
}

/// The catalogue words of a patients-sheet column (`diag.meaning_<column>`,
/// read inside a sentence): what the dictionary says and what a diagnostic
/// names when the column is missing. `None` only for a column the catalogue
/// lacks (a test makes that a failure).
pub fn column_words(column: &str) -> Option<Key> {
    Key::lookup(&format!("diag.meaning_{column}"))
}

/// The catalogue words of a long sheet's column
/// (`diag.meaning_<sheet>_<column>`; one key for every sheet's `patient_id`).
pub fn long_column_words(sheet: &str, column: &str) -> Option<Key> {
    if column == "patient_id" {
        return Some(keys::DIAG_MEANING_LONG_PATIENT_ID);
    }
    Key::lookup(&format!("diag.meaning_{sheet}_{column}"))
}

/// The words of a key for a dictionary cell: code marks dropped and, when
/// the text starts with a plain word, its first letter capitalized (the
/// catalogue keeps meanings as they read inside a sentence). A notation
/// (`del(5q)`, `-7`) stays as written; scripts without case are unchanged.
fn cell_words(t: Text, key: Option<Key>) -> String {
    let text = key.map_or("", |k| t.t(k)).replace('`', "");
    let letters = text.chars().take_while(|c| c.is_alphabetic()).count();
    if letters == 0
        || matches!(text.chars().nth(letters), Some(c) if c == '(' || c.is_ascii_digit())
    {
        return text;
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// How the dictionary names a type.
fn kind_label(kind: ValueKind) -> Key {
    match kind {
        ValueKind::Text => keys::TEMPLATE_KIND_TEXT,
        ValueKind::Sex => keys::TEMPLATE_KIND_SEX,
        ValueKind::Integer => keys::TEMPLATE_KIND_INTEGER,
        ValueKind::Number => keys::TEMPLATE_KIND_NUMBER,
        ValueKind::Date => keys::TEMPLATE_KIND_DATE,
        ValueKind::YesNo => keys::TEMPLATE_KIND_YES_NO,
        ValueKind::Choice => keys::TEMPLATE_KIND_CHOICE,
        ValueKind::Karyotype => keys::TEMPLATE_KIND_KARYOTYPE,
        ValueKind::Schedule => keys::TEMPLATE_KIND_SCHEDULE,
        ValueKind::Grade => keys::TEMPLATE_KIND_GRADE,
    }
}

fn required_label(t: Text, requirement: Requirement) -> String {
    match requirement {
        Requirement::Required => t.t(keys::TEMPLATE_REQUIRED_YES).into(),
        Requirement::RequiredUnless(alt) => {
            t.f(keys::TEMPLATE_REQUIRED_UNLESS, &[("column", &alt.name())])
        }
        Requirement::Optional => t.t(keys::TEMPLATE_REQUIRED_NO).into(),
    }
}

/// Allowed values as the dictionary and the drop-downs show them: the
/// contract's spellings (categories, `Y`/`N`, `M`/`F`, grades) in every
/// language, or the catalogue's description of the form a value takes.
fn allowed(t: Text, kind: ValueKind, categories: &[Category]) -> Vec<String> {
    let data: &[&str] = match kind {
        ValueKind::Choice => return categories.iter().map(|c| c.canonical.into()).collect(),
        ValueKind::Sex => &["M", "F"],
        ValueKind::YesNo => &["Y", "N"],
        ValueKind::Grade => &["0", "1", "2", "3", "4", "5"],
        ValueKind::Text => &[],
        ValueKind::Date => return vec![t.t(keys::TEMPLATE_ALLOWED_DATE).into()],
        ValueKind::Integer => return vec![t.t(keys::TEMPLATE_ALLOWED_INTEGER).into()],
        ValueKind::Number => return vec![t.t(keys::TEMPLATE_ALLOWED_NUMBER).into()],
        ValueKind::Karyotype => return vec![t.t(keys::TEMPLATE_ALLOWED_KARYOTYPE).into()],
        ValueKind::Schedule => return vec![t.t(keys::TEMPLATE_ALLOWED_SCHEDULE).into()],
    };
    data.iter().map(|s| s.to_string()).collect()
}

fn fixed_entry(t: Text, spec: &ColumnSpec) -> Entry {
    Entry {
        column: spec.name.into(),
        sheet: "patients",
        kind_label: t.t(kind_label(spec.kind)).into(),
        required: required_label(t, spec.requirement),
        unit: spec.unit.unwrap_or(""),
        meaning: cell_words(t, column_words(spec.name)),
        allowed_values: allowed(t, spec.kind, spec.categories),
        also_accepted: spec.aliases.iter().map(|a| a.to_string()).collect(),
        kind: spec.kind,
    }
}

/// A lab's name at the start of a sentence (`diag.lab_<prefix>`).
fn lab_name(kind: LabKind) -> Option<Key> {
    Key::lookup(&format!("diag.lab_{}", kind.prefix()))
}

fn lab_entry(t: Text, kind: LabKind, words: &[&str], time: LabTime) -> Entry {
    let lab = cell_words(t, lab_name(kind));
    let meaning = match time {
        LabTime::Diagnosis => t.f(keys::TEMPLATE_LAB_DIAGNOSIS, &[("lab", &lab)]),
        LabTime::Week(0) => t.f(keys::TEMPLATE_LAB_BASELINE, &[("lab", &lab)]),
        LabTime::Week(week) => t.f(keys::TEMPLATE_LAB_WEEK, &[("lab", &lab), ("week", &week)]),
    };
    // ingest requires the baseline Hb, ANC and platelets unless a labs sheet
    // gives them; the lymphocyte count is optional.
    let required = if time == LabTime::Week(0) && kind != LabKind::Alc {
        keys::TEMPLATE_REQUIRED_UNLESS_LABS_SHEET
    } else {
        keys::TEMPLATE_REQUIRED_NO
    };
    let suffix = time.suffix();
    let spoken = match time {
        LabTime::Diagnosis => "at diagnosis".to_string(),
        LabTime::Week(week) => format!("w{week}"),
    };
    Entry {
        column: format!("{}_{suffix}", kind.prefix()),
        sheet: "patients",
        kind_label: t.t(kind_label(ValueKind::Number)).into(),
        required: t.t(required).into(),
        unit: kind.unit(),
        meaning,
        allowed_values: allowed(t, ValueKind::Number, &[]),
        also_accepted: words
            .iter()
            .map(|w| format!("{w} {spoken}"))
            .chain((time == LabTime::Week(0)).then(|| format!("{} baseline", words[0])))
            .collect(),
        kind: ValueKind::Number,
    }
}

fn ae_entry(t: Text, term: &str) -> Entry {
    let name = cell_words(t, Key::lookup(&format!("ae.{term}")));
    Entry {
        column: format!("ae_{term}"),
        sheet: "patients",
        kind_label: t.t(kind_label(ValueKind::Grade)).into(),
        required: t.t(keys::TEMPLATE_REQUIRED_NO).into(),
        unit: "",
        meaning: t.f(keys::TEMPLATE_AE, &[("term", &name)]),
        allowed_values: allowed(t, ValueKind::Grade, &[]),
        also_accepted: vec![format!("AE: {}", term.replace('_', " "))],
        kind: ValueKind::Grade,
    }
}

/// The columns of the patients sheet in template order (fixed columns, labs
/// by week, adverse events), described in `lang`. The column names are the
/// same in every language.
pub fn patient_columns(lang: Lang) -> Vec<Entry> {
    let t = Text::new(lang);
    let mut entries: Vec<Entry> = PATIENT_COLUMNS.iter().map(|c| fixed_entry(t, c)).collect();
    for time in LabTime::all() {
        for (kind, _, words, _) in LAB_KINDS {
            // Lymphocytes at diagnosis enter no risk score.
            if !(time == LabTime::Diagnosis && *kind == LabKind::Alc) {
                entries.push(lab_entry(t, *kind, words, time));
            }
        }
    }
    entries.extend(STUDY_AE_TERMS.iter().map(|term| ae_entry(t, term)));
    entries
}

/// Every column of the dictionary in `lang`: the patients sheet, then the
/// long sheets.
pub fn dictionary(lang: Lang) -> Vec<Entry> {
    let t = Text::new(lang);
    let mut entries = patient_columns(lang);
    for long in LONG_SHEETS {
        for column in long.columns {
            let (sheet, name, kind) = (long.name, column.name, &column.kind);
            entries.push(Entry {
                column: name.into(),
                sheet,
                kind_label: t.t(kind_label(*kind)).into(),
                required: t
                    .t(if column.required {
                        keys::TEMPLATE_REQUIRED_YES
                    } else {
                        keys::TEMPLATE_REQUIRED_NO
                    })
                    .into(),
                unit: "",
                meaning: cell_words(t, long_column_words(sheet, name)),
                allowed_values: allowed(t, *kind, &[]),
                also_accepted: column.aliases.iter().map(|a| a.to_string()).collect(),
                kind: *kind,
            });
        }
    }
    entries.extend(derived_entries(t));
    entries
}

/// The derived dataset's columns (sheet `derived`: what Lenalyze writes,
/// the page's download and `lenalyze analyze --patients`), with the codes
/// each may hold; an empty cell is a value that could not be derived.
fn derived_entries(t: Text) -> Vec<Entry> {
    crate::present::dataset::DATASET_COLUMNS
        .iter()
        .map(|c| Entry {
            column: c.name.into(),
            sheet: "derived",
            kind_label: t.t(kind_label(c.kind)).into(),
            required: t.t(keys::TEMPLATE_REQUIRED_DERIVED).into(),
            unit: match c.name {
                "age_at_diagnosis" => "years",
                "final_intensity_derived" => "mg/day",
                n if n.starts_with("rbc_units") => "units",
                _ => "",
            },
            meaning: cell_words(t, Key::lookup(&format!("dataset.col_{}", c.name))),
            allowed_values: if c.codes.is_empty() {
                allowed(t, c.kind, &[])
            } else {
                c.codes.iter().map(|x| x.to_string()).collect()
            },
            also_accepted: Vec::new(),
            kind: c.kind,
        })
        .collect()
}

fn xlsx_error(e: XlsxError) -> String {
    format!("cannot write the template workbook: {e}")
}

/// A value written into the template by [`workbook`], for tests that fill it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date, as a real date cell.
    Date(u16, u8, u8),
}

/// The template workbook in `lang`; `rows` fills the patients sheet below
/// the header (empty for the published template), one value per template
/// column. The header row is the same in every language, so a filled Korean
/// template reads exactly like an English one.
pub fn workbook(lang: Lang, rows: &[Vec<Option<Value>>]) -> Result<Vec<u8>, String> {
    let t = Text::new(lang);
    let columns = patient_columns(lang);
    let mut wb = Workbook::new();
    let mut base = Format::new();
    if let Some((name, charset)) = font(lang) {
        base = base.set_font_name(name).set_font_charset(charset);
        // Malgun Gothic 11: 8-pixel digits and 22-pixel rows, as Korean Excel
        // sizes its default cells.
        wb.set_default_format(&base, 22, 72).map_err(xlsx_error)?;
    }
    let created = ExcelDateTime::from_ymd(2020, 1, 1).map_err(xlsx_error)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(t.t(keys::TEMPLATE_TITLE))
            .set_creation_datetime(&created),
    );
    let header = base
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE8F3))
        .set_border_bottom(FormatBorder::Thin);
    let date = base.clone().set_num_format(DATE_FORMAT);

    let ws = wb.add_worksheet();
    ws.set_name("patients").map_err(xlsx_error)?;
    ws.set_freeze_panes(1, 1).map_err(xlsx_error)?;
    for (c, entry) in columns.iter().enumerate() {
        let col = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
        ws.write_string_with_format(0, col, &entry.column, &header)
            .map_err(xlsx_error)?;
        ws.set_column_width(col, column_width(entry))
            .map_err(xlsx_error)?;
        if entry.kind == ValueKind::Date {
            ws.set_column_format(col, &date).map_err(xlsx_error)?;
        } else if font(lang).is_some() {
            // What is typed into the column is Hangul-capable too.
            ws.set_column_format(col, &base).map_err(xlsx_error)?;
        }
        if let Some(validation) = validation(t, entry)? {
            ws.add_data_validation(1, col, TEMPLATE_ROWS, col, &validation)
                .map_err(xlsx_error)?;
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| "too many rows".to_string())?;
        for (c, value) in row.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
            write_value(ws, r, col, value.as_ref(), &base, &date)?;
        }
    }

    let ws = wb.add_worksheet();
    ws.set_name(t.t(keys::TEMPLATE_DICTIONARY_SHEET))
        .map_err(xlsx_error)?;
    write_dictionary_sheet(t, ws, &dictionary(lang), &base, &header)?;
    wb.save_to_buffer().map_err(xlsx_error)
}

fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<&Value>,
    base: &Format,
    date: &Format,
) -> Result<(), String> {
    match value {
        None => {}
        Some(Value::Text(text)) => {
            ws.write_string_with_format(row, col, text, base)
                .map_err(xlsx_error)?;
        }
        Some(Value::Number(n)) => {
            ws.write_number_with_format(row, col, *n, base)
                .map_err(xlsx_error)?;
        }
        Some(Value::Date(y, m, d)) => {
            let dt = ExcelDateTime::from_ymd(*y, *m, *d).map_err(xlsx_error)?;
            ws.write_datetime_with_format(row, col, &dt, date)
                .map_err(xlsx_error)?;
        }
    }
    Ok(())
}

/// Wide enough for the header and the longest allowed value, within reason.
fn column_width(entry: &Entry) -> f64 {
    let longest_value = match entry.kind {
        ValueKind::Choice | ValueKind::Sex | ValueKind::YesNo | ValueKind::Grade => entry
            .allowed_values
            .iter()
            .map(|v| display_width(v))
            .max()
            .unwrap_or(0),
        ValueKind::Date => 10,
        ValueKind::Karyotype => 28,
        ValueKind::Schedule => 34,
        _ => 8,
    };
    let chars = display_width(&entry.column).max(longest_value) + 2;
    chars.min(40) as f64
}

/// A drop-down for columns with a fixed list of values.
fn validation(t: Text, entry: &Entry) -> Result<Option<DataValidation>, String> {
    if !matches!(
        entry.kind,
        ValueKind::Choice | ValueKind::Sex | ValueKind::YesNo | ValueKind::Grade
    ) {
        return Ok(None);
    }
    // Excel splits the list at commas; no allowed value may contain one.
    if let Some(v) = entry.allowed_values.iter().find(|v| v.contains(',')) {
        return Err(format!(
            "the allowed value \"{v}\" of {} contains a comma, which an Excel drop-down cannot hold",
            entry.column
        ));
    }
    let meaning: String = entry.meaning.chars().take(200).collect();
    let v = DataValidation::new()
        .allow_list_strings(&entry.allowed_values)
        .map_err(xlsx_error)?
        .ignore_blank(true)
        .set_input_title(entry.column.chars().take(32).collect::<String>())
        .map_err(xlsx_error)?
        .set_input_message(t.f(keys::TEMPLATE_INPUT_MESSAGE, &[("meaning", &meaning)]))
        .map_err(xlsx_error)?
        // A warning, not a stop: NA and unknown are valid in every cell.
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title(t.t(keys::TEMPLATE_ERROR_TITLE))
        .map_err(xlsx_error)?
        .set_error_message(t.f(
            keys::TEMPLATE_ERROR_MESSAGE,
            &[
                ("column", &entry.column),
                ("values", &entry.allowed_values.join(", ")),
            ],
        ))
        .map_err(xlsx_error)?;
    Ok(Some(v))
}

/// The dictionary's column heads.
const DICTIONARY_HEADER: [Key; 8] = [
    keys::TEMPLATE_HEAD_COLUMN,
    keys::TEMPLATE_HEAD_SHEET,
    keys::TEMPLATE_HEAD_TYPE,
    keys::TEMPLATE_HEAD_REQUIRED,
    keys::TEMPLATE_HEAD_UNIT,
    keys::TEMPLATE_HEAD_MEANING,
    keys::TEMPLATE_HEAD_ALLOWED,
    keys::TEMPLATE_HEAD_ALSO_ACCEPTED,
];

/// The widest a dictionary column grows (in the width of a digit) before
/// its text wraps: the meaning reads in one line at a typical screen, lists
/// of values and aliases wrap.
const DICTIONARY_MAX_WIDTH: [usize; 8] = [26, 15, 24, 34, 8, 70, 45, 45];

fn dictionary_row(e: &Entry) -> [String; 8] {
    [
        e.column.clone(),
        e.sheet.to_string(),
        e.kind_label.clone(),
        e.required.clone(),
        e.unit.to_string(),
        e.meaning.clone(),
        e.allowed_values.join("; "),
        e.also_accepted.join("; "),
    ]
}

fn write_dictionary_sheet(
    t: Text,
    ws: &mut Worksheet,
    entries: &[Entry],
    base: &Format,
    header: &Format,
) -> Result<(), String> {
    ws.set_freeze_panes(1, 1).map_err(xlsx_error)?;
    // Printed (or converted to PDF) in bands of columns: each page repeats
    // the heads and the column names.
    ws.set_landscape();
    ws.set_repeat_rows(0, 0).map_err(xlsx_error)?;
    ws.set_repeat_columns(0, 0).map_err(xlsx_error)?;
    let line_height = line_height(t.lang());
    let rows: Vec<[String; 8]> = entries.iter().map(dictionary_row).collect();
    let wrap = base.clone().set_text_wrap().set_align(FormatAlign::Top);
    let top = base.clone().set_align(FormatAlign::Top);
    for (c, key) in DICTIONARY_HEADER.iter().enumerate() {
        let col = c as u16;
        let title = t.t(*key);
        ws.write_string_with_format(0, col, title, header)
            .map_err(xlsx_error)?;
        // By display width (a Hangul syllable is about two digits wide), never
        // narrower than the head, at most the column's maximum.
        let longest = rows.iter().map(|r| display_width(&r[c])).max().unwrap_or(0);
        let width = longest
            .min(DICTIONARY_MAX_WIDTH[c])
            .max(display_width(title))
            + 2;
        ws.set_column_width(col, width as f64).map_err(xlsx_error)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| "too many rows".to_string())?;
        // Neither Excel nor LibreOffice grows a row for wrapped text it did
        // not lay out itself, so the row is made as tall as its longest cell.
        let lines = cells
            .iter()
            .zip(DICTIONARY_MAX_WIDTH)
            .map(|(cell, max)| wrapped_lines(cell, max))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row, line_height * lines as f64)
                .map_err(xlsx_error)?;
        }
        for (c, cell) in cells.iter().enumerate() {
            if !cell.is_empty() {
                let format = if display_width(cell) > DICTIONARY_MAX_WIDTH[c] {
                    &wrap
                } else {
                    &top
                };
                ws.write_string_with_format(row, c as u16, cell, format)
                    .map_err(xlsx_error)?;
            }
        }
    }
    Ok(())
}

/// The height in points of one line of the workbook's font at 11 pt
/// (Calibri 15, Malgun Gothic 16.5, as Excel sizes their default rows).
fn line_height(lang: Lang) -> f64 {
    match font(lang) {
        None => 15.0,
        Some(_) => 16.5,
    }
}

/// How many lines a cell takes in a column `max` digits wide, breaking at
/// spaces (a word wider than the column gets lines of its own).
fn wrapped_lines(cell: &str, max: usize) -> usize {
    let mut lines = 1;
    let mut used = 0;
    for word in cell.split(' ') {
        let w = display_width(word);
        let needed = if used == 0 { w } else { used + 1 + w };
        if needed <= max {
            used = needed;
        } else if used == 0 {
            lines += w.saturating_sub(1) / max;
            used = w % max;
        } else {
            lines += 1 + w.saturating_sub(1) / max;
            used = w % max;
        }
    }
    lines
}

/// One CSV line, quoting cells that need it, ended by CRLF as Excel writes.
fn csv_line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect();
    format!("{}\r\n", quoted.join(","))
}

const BOM: &str = "\u{feff}";

/// The header-only CSV template: column names only, the same in every
/// language.
pub fn csv_template() -> Vec<u8> {
    let names: Vec<String> = patient_columns(Lang::En)
        .into_iter()
        .map(|e| e.column)
        .collect();
    format!("{BOM}{}", csv_line(&names)).into_bytes()
}

/// The data dictionary as CSV, in `lang`.
pub fn dictionary_csv(lang: Lang) -> Vec<u8> {
    let t = Text::new(lang);
    let mut out = String::from(BOM);
    out.push_str(&csv_line(&DICTIONARY_HEADER.map(|k| t.t(k).to_string())));
    for e in dictionary(lang) {
        out.push_str(&csv_line(&dictionary_row(&e)));
    }
    out.into_bytes()
}

/// The data dictionary as JSON, for the page: field names are the same in
/// every language, the words are `lang`'s.
pub fn dictionary_json(lang: Lang) -> Result<Vec<u8>, String> {
    #[derive(Serialize)]
    struct Document {
        contract: &'static str,
        columns: Vec<Entry>,
    }
    let doc = Document {
        contract: "crf-v1",
        columns: dictionary(lang),
    };
    let mut json = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    json.push('\n');
    Ok(json.into_bytes())
}

/// The files of one language, named as in [`files`].
pub fn generate(lang: Lang) -> Result<Vec<(String, Vec<u8>)>, String> {
    let [xlsx, csv, dictionary_csv_name, dictionary_json_name, redcap] = files(lang);
    Ok(vec![
        (xlsx, workbook(lang, &[])?),
        (csv, csv_template()),
        (dictionary_csv_name, dictionary_csv(lang)),
        (dictionary_json_name, dictionary_json(lang)?),
        (redcap, crate::redcap_template::dictionary_csv(lang)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_its_words_in_every_language() {
        for spec in PATIENT_COLUMNS {
            assert!(
                column_words(spec.name).is_some(),
                "{}: no diag.meaning_{} in the catalogue",
                spec.name,
                spec.name
            );
        }
        for long in LONG_SHEETS {
            for column in long.columns {
                let (sheet, name) = (long.name, column.name);
                assert!(
                    long_column_words(sheet, name).is_some(),
                    "{sheet}:{name}: no diag.meaning_{sheet}_{name} in the catalogue"
                );
            }
        }
        for (kind, ..) in LAB_KINDS {
            assert!(lab_name(*kind).is_some(), "{kind:?}: no diag.lab_ key");
        }
        for term in STUDY_AE_TERMS {
            assert!(Key::lookup(&format!("ae.{term}")).is_some(), "no ae.{term}");
        }
        for lang in Lang::ALL {
            for e in dictionary(lang) {
                let cells = dictionary_row(&e).join(" | ");
                assert!(!cells.contains('⟦'), "{}: {cells}", lang.tag());
                assert!(!e.meaning.is_empty(), "{}: {}", lang.tag(), e.column);
            }
        }
    }

    #[test]
    fn the_korean_dictionary_speaks_korean() {
        let hangul = |s: &str| s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
        let english = dictionary(Lang::En);
        for (ko, en) in dictionary(Lang::Ko).iter().zip(&english) {
            assert_eq!(ko.column, en.column);
            assert_eq!(ko.also_accepted, en.also_accepted);
            for words in [&ko.meaning, &ko.kind_label, &ko.required] {
                assert!(hangul(words), "{}: {words}", ko.column);
            }
        }
        let head = String::from_utf8(dictionary_csv(Lang::Ko)).unwrap();
        let head = head.lines().next().unwrap().trim_start_matches('\u{feff}');
        assert!(head.split(',').all(hangul), "{head}");
    }

    #[test]
    fn wrapped_lines_break_at_spaces() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("aaaa bbbb", 10), 1);
        assert_eq!(wrapped_lines("aaaa bbbbbb", 10), 2);
        // Hangul is two digits wide.
        assert_eq!(wrapped_lines("가나다 라마바", 10), 2);
        assert_eq!(wrapped_lines("aaaaaaaaaaaaaaaaaaaaaaaaa", 10), 3);
    }

    #[test]
    fn file_names_by_language() {
        assert_eq!(files(Lang::En), FILES.map(String::from));
        assert_eq!(
            files(Lang::Ko),
            [
                "lenalyze-crf-template-ko.xlsx",
                "lenalyze-crf-template-ko.csv",
                "data-dictionary-ko.csv",
                "data-dictionary-ko.json",
                "redcap-data-dictionary-ko.csv",
            ]
            .map(String::from)
        );
    }
}
