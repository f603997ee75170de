//! The downloadable CRF template and data dictionary, generated from
//! [`crate::schema`] alone: no column is listed here, so a column added to
//! the schema appears in the template, its drop-downs and the dictionary at
//! once.
//!
//! Used by the CLI (`lenalyze template --out-dir DIR`) and by the tests,
//! which check that the files published in `www/template/` are exactly what
//! this code writes.
//!
//! Files:
//! - `lenalyze-crf-template.xlsx`: sheet `patients` (header row of every
//!   canonical column, frozen, sized, with drop-downs for categorical, yes/no,
//!   sex and grade columns and a date format on date columns) and sheet
//!   `dictionary`. Lenalyze reads the first and notes the second as ignored.
//! - `lenalyze-crf-template.csv`: the header row, UTF-8 with a BOM so that
//!   Excel keeps Korean text when the file is filled and saved again.
//! - `data-dictionary.csv` and `data-dictionary.json` (for the page).
//!
//! Every output is deterministic: the workbook's creation time is fixed.

use crate::schema::{
    Category, ColumnSpec, LabKind, Requirement, ValueKind, LAB_KINDS, LAB_WEEKS, LONG_SHEETS,
    PATIENT_COLUMNS, STUDY_AE_TERMS,
};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde::Serialize;

/// Names of the generated files, in the order they are written.
pub const FILES: [&str; 4] = [
    "lenalyze-crf-template.xlsx",
    "lenalyze-crf-template.csv",
    "data-dictionary.csv",
    "data-dictionary.json",
];

/// Rows of the template that carry drop-downs and formats (the header is
/// row 1; 1,000 patients is far beyond a registry study).
const TEMPLATE_ROWS: u32 = 1000;

/// The date format of date columns, as the contract writes dates.
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// One column of the data dictionary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Canonical column name.
    pub column: String,
    /// `patients` or a long sheet.
    pub sheet: &'static str,
    /// Type as the dictionary names it.
    #[serde(rename = "type")]
    pub kind_label: &'static str,
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

fn required_label(requirement: Requirement) -> String {
    match requirement {
        Requirement::Required => "yes".into(),
        Requirement::RequiredUnless(alt) => format!("yes, unless {alt} is given"),
        Requirement::Optional => "no".into(),
    }
}

/// Allowed values as the dictionary and the drop-downs show them.
fn allowed(kind: ValueKind, categories: &[Category]) -> Vec<String> {
    let list: &[&str] = match kind {
        ValueKind::Choice => return categories.iter().map(|c| c.canonical.into()).collect(),
        ValueKind::Sex => &["M", "F"],
        ValueKind::YesNo => &["Y", "N"],
        ValueKind::Grade => &["0", "1", "2", "3", "4", "5"],
        ValueKind::Date => &["YYYY-MM-DD"],
        ValueKind::Integer => &["whole number"],
        ValueKind::Number => &["number"],
        ValueKind::Karyotype => &["ISCN, e.g. 46,XX,del(5)(q13q33)[20]"],
        ValueKind::Schedule => &["text as in Table 4, or QD, QD 21/28, QOD"],
        ValueKind::Text => &[],
    };
    list.iter().map(|s| s.to_string()).collect()
}

fn fixed_entry(spec: &ColumnSpec) -> Entry {
    Entry {
        column: spec.name.into(),
        sheet: "patients",
        kind_label: spec.kind.label(),
        required: required_label(spec.requirement),
        unit: spec.unit.unwrap_or(""),
        meaning: spec.meaning.replace('`', ""),
        allowed_values: allowed(spec.kind, spec.categories),
        also_accepted: spec.aliases.iter().map(|a| a.to_string()).collect(),
        kind: spec.kind,
    }
}

fn lab_entry(kind: LabKind, words: &[&str], week: u32) -> Entry {
    let when = if week == 0 {
        "at baseline (week 0: the last value in the 14 days up to start)".to_string()
    } else {
        format!("at week {week}")
    };
    // ingest requires the baseline Hb, ANC and platelets unless a labs sheet
    // gives them; the lymphocyte count is optional.
    let required = if week == 0 && kind != LabKind::Alc {
        "yes, unless a labs sheet is given"
    } else {
        "no"
    };
    Entry {
        column: format!("{}_w{week}", kind.prefix()),
        sheet: "patients",
        kind_label: ValueKind::Number.label(),
        required: required.into(),
        unit: kind.unit(),
        meaning: format!("{} {when}", kind.meaning()),
        allowed_values: allowed(ValueKind::Number, &[]),
        also_accepted: words
            .iter()
            .map(|w| format!("{w} w{week}"))
            .chain((week == 0).then(|| format!("{} baseline", words[0])))
            .collect(),
        kind: ValueKind::Number,
    }
}

fn ae_entry(term: &str) -> Entry {
    let words = term.replace('_', " ");
    Entry {
        column: format!("ae_{term}"),
        sheet: "patients",
        kind_label: ValueKind::Grade.label(),
        required: "no".into(),
        unit: "",
        meaning: format!("Worst CTCAE v5.0 grade of {words} during treatment; empty or 0 = none"),
        allowed_values: allowed(ValueKind::Grade, &[]),
        also_accepted: vec![format!("AE: {words}")],
        kind: ValueKind::Grade,
    }
}

/// The columns of the patients sheet in template order: fixed columns, labs
/// by week, adverse events.
pub fn patient_columns() -> Vec<Entry> {
    let mut entries: Vec<Entry> = PATIENT_COLUMNS.iter().map(fixed_entry).collect();
    for &week in LAB_WEEKS {
        for (kind, _, words, _, _) in LAB_KINDS {
            entries.push(lab_entry(*kind, words, week));
        }
    }
    entries.extend(STUDY_AE_TERMS.iter().map(|t| ae_entry(t)));
    entries
}

/// Every column of the dictionary: the patients sheet, then the long sheets.
pub fn dictionary() -> Vec<Entry> {
    let mut entries = patient_columns();
    for (sheet, columns) in LONG_SHEETS {
        for (name, aliases, kind, required, meaning) in *columns {
            entries.push(Entry {
                column: (*name).into(),
                sheet,
                kind_label: kind.label(),
                required: if *required { "yes" } else { "no" }.into(),
                unit: "",
                meaning: (*meaning).into(),
                allowed_values: allowed(*kind, &[]),
                also_accepted: aliases.iter().map(|a| a.to_string()).collect(),
                kind: *kind,
            });
        }
    }
    entries
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

/// The template workbook; `rows` fills the patients sheet below the header
/// (empty for the published template), one value per template column.
pub fn workbook(rows: &[Vec<Option<Value>>]) -> Result<Vec<u8>, String> {
    let columns = patient_columns();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2020, 1, 1).map_err(xlsx_error)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Lenalyze CRF template (crf-v1)")
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE8F3))
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format(DATE_FORMAT);

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
        }
        if let Some(validation) = validation(entry)? {
            ws.add_data_validation(1, col, TEMPLATE_ROWS, col, &validation)
                .map_err(xlsx_error)?;
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| "too many rows".to_string())?;
        for (c, value) in row.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
            write_value(ws, r, col, value.as_ref(), &date)?;
        }
    }

    let ws = wb.add_worksheet();
    ws.set_name("dictionary").map_err(xlsx_error)?;
    write_dictionary_sheet(ws, &dictionary(), &header)?;
    wb.save_to_buffer().map_err(xlsx_error)
}

fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<&Value>,
    date: &Format,
) -> Result<(), String> {
    match value {
        None => {}
        Some(Value::Text(t)) => {
            ws.write_string(row, col, t).map_err(xlsx_error)?;
        }
        Some(Value::Number(n)) => {
            ws.write_number(row, col, *n).map_err(xlsx_error)?;
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
            .map(|v| v.chars().count())
            .max()
            .unwrap_or(0),
        ValueKind::Date => 10,
        ValueKind::Karyotype => 28,
        ValueKind::Schedule => 34,
        _ => 8,
    };
    let chars = entry.column.chars().count().max(longest_value) + 2;
    chars.min(40) as f64
}

/// A drop-down for columns with a fixed list of values.
fn validation(entry: &Entry) -> Result<Option<DataValidation>, String> {
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
    let mut message: String = entry.meaning.chars().take(200).collect();
    message.push_str(". Type NA if unknown.");
    let v = DataValidation::new()
        .allow_list_strings(&entry.allowed_values)
        .map_err(xlsx_error)?
        .ignore_blank(true)
        .set_input_title(entry.column.chars().take(32).collect::<String>())
        .map_err(xlsx_error)?
        .set_input_message(message)
        .map_err(xlsx_error)?
        // A warning, not a stop: NA and unknown are valid in every cell.
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("Not in the list")
        .map_err(xlsx_error)?
        .set_error_message(format!(
            "{} takes one of: {}. Keep this value anyway?",
            entry.column,
            entry.allowed_values.join(", ")
        ))
        .map_err(xlsx_error)?;
    Ok(Some(v))
}

const DICTIONARY_HEADER: [&str; 8] = [
    "column",
    "sheet",
    "type",
    "required",
    "unit",
    "meaning",
    "allowed values",
    "also accepted",
];

fn dictionary_row(e: &Entry) -> [String; 8] {
    [
        e.column.clone(),
        e.sheet.to_string(),
        e.kind_label.to_string(),
        e.required.clone(),
        e.unit.to_string(),
        e.meaning.clone(),
        e.allowed_values.join("; "),
        e.also_accepted.join("; "),
    ]
}

fn write_dictionary_sheet(
    ws: &mut Worksheet,
    entries: &[Entry],
    header: &Format,
) -> Result<(), String> {
    ws.set_freeze_panes(1, 1).map_err(xlsx_error)?;
    let widths = [26.0, 15.0, 18.0, 30.0, 8.0, 70.0, 45.0, 45.0];
    for (c, (title, width)) in DICTIONARY_HEADER.iter().zip(widths).enumerate() {
        let col = c as u16;
        ws.write_string_with_format(0, col, *title, header)
            .map_err(xlsx_error)?;
        ws.set_column_width(col, width).map_err(xlsx_error)?;
    }
    for (r, entry) in entries.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| "too many rows".to_string())?;
        for (c, cell) in dictionary_row(entry).iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(row, c as u16, cell).map_err(xlsx_error)?;
            }
        }
    }
    Ok(())
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

/// The header-only CSV template.
pub fn csv_template() -> Vec<u8> {
    let names: Vec<String> = patient_columns().into_iter().map(|e| e.column).collect();
    format!("{BOM}{}", csv_line(&names)).into_bytes()
}

/// The data dictionary as CSV.
pub fn dictionary_csv() -> Vec<u8> {
    let mut out = String::from(BOM);
    out.push_str(&csv_line(&DICTIONARY_HEADER.map(String::from)));
    for e in dictionary() {
        out.push_str(&csv_line(&dictionary_row(&e)));
    }
    out.into_bytes()
}

/// The data dictionary as JSON, for the page.
pub fn dictionary_json() -> Result<Vec<u8>, String> {
    #[derive(Serialize)]
    struct Document {
        contract: &'static str,
        columns: Vec<Entry>,
    }
    let doc = Document {
        contract: "crf-v1",
        columns: dictionary(),
    };
    let mut json = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    json.push('\n');
    Ok(json.into_bytes())
}

/// All generated files, named as in [`FILES`].
pub fn generate() -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    Ok(vec![
        (FILES[0], workbook(&[])?),
        (FILES[1], csv_template()),
        (FILES[2], dictionary_csv()),
        (FILES[3], dictionary_json()?),
    ])
}
