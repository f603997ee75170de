//! The `lenalyze` command line: a thin shell around [`lenalyze::analyze_files`].
//!
//! `lenalyze analyze FILE... [-o report.json] [--settings settings.json]`
//! writes the same JSON as the page for the same files, byte for byte.
//! `lenalyze template --out-dir DIR [--lang en|ko]` writes the CRF template
//! and data dictionary in one language, or in every language (see
//! `src/template.rs`).
//! Exit codes: 0 success, 1 the files have errors, 2 usage errors.

use lenalyze::present::{present_with, Listings, Presentation};
use lenalyze::text::{keys, Lang, Text};
use lenalyze::{analyze_files, export, InputFile, Settings, Severity};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use lenalyze::template;

#[path = "lenalyze/pooling.rs"]
mod pooling;

const USAGE: &str = "\
Usage:
  lenalyze analyze FILE... [-o REPORT.json] [--settings SETTINGS.json]
                   [--lang en|ko] [--tables-dir DIR] [--xlsx TABLES.xlsx]
                   [--docx REPORT.docx] [--presentation TABLES.json]
                   [--patients DERIVED.csv] [--derivations DERIVED.json]
                   [--claims CLAIMS.csv [--audit-markdown AUDIT.md]]
  lenalyze aggregate FILE... [--site NAME] [--settings SETTINGS.json]
                   [--lang en|ko] [-o SITE.json]
  lenalyze pool SITE.json... [-o REPORT.json] [--lang en|ko]
                [--tables-dir DIR] [--xlsx TABLES.xlsx] [--docx REPORT.docx]
                [--presentation TABLES.json]
  lenalyze template --out-dir DIR [--lang en|ko]
  lenalyze synth N [--seed S] [--format csv|xlsx] [--long] [-o FILE]
  lenalyze --help | --version

Reads case report forms (CSV, TSV, XLSX, XLS, ODS; a patients sheet plus
optional labs, adverse_events, transfusions and dosing sheets) and writes the
study report as JSON to REPORT.json, or to standard output. The report is
the same in every language; --lang (en English, the default; ko Korean)
chooses the words of what is laid out from it: --tables-dir writes every table as CSV (one file per table, the same
text as the page), --xlsx and --docx every table as a workbook and a Word
document (the page's Word document adds the figures), --presentation the
laid-out report as JSON (what the page renders), --patients the derived
dataset (one row per screened patient: risk scores, CTCAE grades from labs,
IWG responses, dose modification, each beside the recorded value) as CSV.
The report counts patients but lists none of their derived values;
--derivations writes them in full as JSON (each score's parts, the dose
history, every reason a value is empty), one object per screened patient.

--claims checks a published table: each printed figure in CLAIMS.csv
(columns table,row,column,printed[,source,note]; see docs/claims.md) is
looked up in the analysis and judged (consistent, consistent after rounding,
not consistent, and why). The audit is added to the report and to every
output; --audit-markdown also writes it as a Markdown document.

`aggregate` analyzes one site's files and writes its site summary to
SITE.json (or standard output): the counts and value tallies every table is
computed from, the settings and the Lenalyze version, with a checksum, and
no patient rows, IDs or dates. Standard error shows what it holds and every
count below the setting disclosure_min_count (default 5), for the site to
check before sending it. --site labels the site (default: the first file's
name). `pool` reads the sites' summaries and writes the pooled study report
in the same JSON as `analyze`, with the same outputs; summaries of another
version, edited after export, of the same site twice or with other settings
are errors.

`template` writes the CRF template (XLSX and CSV) and the data dictionary
(CSV and JSON) into DIR, in English and Korean (files named -ko), or only in
the --lang given; the template's column names are the same in both.

`synth` writes a synthetic crf-v1 cohort of N patients for benchmarks and
tests (default seed 1; the same seed gives the same bytes): FILE, default
synth-N.csv or .xlsx. With --long, labs and adverse events go to long sheets
(and a transfusion and a dosing log): in the workbook, or as
FILE-labs.csv, FILE-adverse_events.csv, FILE-transfusions.csv and
FILE-dosing.csv beside it.

Exit codes: 0 analyzed, 1 the files have errors (listed on standard error),
2 usage error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("lenalyze: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(command) = args.first() else {
        return Err("no command given".into());
    };
    match command.as_str() {
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        "-V" | "--version" => {
            println!("lenalyze {}", lenalyze::VERSION);
            return Ok(ExitCode::SUCCESS);
        }
        "analyze" => {}
        "template" => return write_template(&args[1..]),
        "aggregate" => return pooling::aggregate(&args[1..]),
        "pool" => return pooling::pool(&args[1..]),
        #[cfg(feature = "synth")]
        "synth" => return write_synth(&args[1..]),
        other => return Err(format!("unknown command \"{other}\"")),
    }
    let mut files = Vec::new();
    let mut output: Option<String> = None;
    let mut settings_path: Option<String> = None;
    let mut xlsx_path: Option<String> = None;
    let mut docx_path: Option<String> = None;
    let mut tables_dir: Option<String> = None;
    let mut presentation_path: Option<String> = None;
    let mut patients_path: Option<String> = None;
    let mut derivations_path: Option<String> = None;
    let mut claims_path: Option<String> = None;
    let mut audit_markdown: Option<String> = None;
    let mut lang = Lang::default();
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-o" | "--output" => output = Some(rest.next().ok_or("-o needs a file name")?.clone()),
            "--settings" => {
                settings_path = Some(rest.next().ok_or("--settings needs a file name")?.clone())
            }
            "--xlsx" => xlsx_path = Some(rest.next().ok_or("--xlsx needs a file name")?.clone()),
            "--docx" => docx_path = Some(rest.next().ok_or("--docx needs a file name")?.clone()),
            "--tables-dir" => {
                tables_dir = Some(rest.next().ok_or("--tables-dir needs a directory")?.clone())
            }
            "--presentation" => {
                presentation_path = Some(
                    rest.next()
                        .ok_or("--presentation needs a file name")?
                        .clone(),
                )
            }
            "--patients" => {
                patients_path = Some(rest.next().ok_or("--patients needs a file name")?.clone())
            }
            "--derivations" => {
                derivations_path = Some(
                    rest.next()
                        .ok_or("--derivations needs a file name")?
                        .clone(),
                )
            }
            "--lang" => {
                let tag = rest.next().ok_or("--lang needs a language (en or ko)")?;
                lang = Lang::from_tag(tag)
                    .ok_or_else(|| format!("unknown language \"{tag}\" (try en or ko)"))?;
            }
            "--claims" => {
                claims_path = Some(rest.next().ok_or("--claims needs a file name")?.clone())
            }
            "--audit-markdown" => {
                audit_markdown = Some(
                    rest.next()
                        .ok_or("--audit-markdown needs a file name")?
                        .clone(),
                )
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option \"{flag}\""))
            }
            file => files.push(file.to_string()),
        }
    }
    if files.is_empty() {
        return Err("no input files given".into());
    }
    if audit_markdown.is_some() && claims_path.is_none() {
        return Err("--audit-markdown needs --claims".into());
    }
    let settings = match settings_path {
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Settings::from_json(&text)?
        }
        None => Settings::default(),
    };
    let mut inputs = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let name = file_name(path);
        inputs.push(InputFile { name, bytes });
    }
    let mut report = analyze_files(inputs, &settings);
    if let Some(path) = &claims_path {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        report = lenalyze::check_claims(report, &file_name(path), &bytes);
    }
    let outputs = Outputs {
        output,
        lang,
        tables_dir,
        presentation: presentation_path,
        xlsx: xlsx_path,
        docx: docx_path,
    };
    emit(&report, &outputs, patients_path, audit_markdown)?;
    if let Some(path) = derivations_path {
        match report.derivations_json() {
            Some(json) => {
                std::fs::write(&path, json).map_err(|e| format!("cannot write {path}: {e}"))?
            }
            None => eprintln!("{path} not written: the files have errors, so nothing was derived"),
        }
    }
    print_diagnostics(&report, lang);
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Where the report and what is laid out from it go (options shared by
/// `analyze` and `pool`).
struct Outputs {
    output: Option<String>,
    lang: Lang,
    tables_dir: Option<String>,
    presentation: Option<String>,
    xlsx: Option<String>,
    docx: Option<String>,
}

/// Writes the report JSON and every output asked for.
fn emit(
    report: &lenalyze::Report,
    outputs: &Outputs,
    patients_path: Option<String>,
    audit_markdown: Option<String>,
) -> Result<(), String> {
    let Outputs {
        output,
        lang,
        tables_dir,
        presentation: presentation_path,
        xlsx: xlsx_path,
        docx: docx_path,
    } = outputs;
    let lang = *lang;
    let json = report.to_json();
    match output {
        Some(path) => {
            std::fs::write(path, json).map_err(|e| format!("cannot write {path}: {e}"))?
        }
        None => std::io::stdout()
            .write_all(json.as_bytes())
            .map_err(|e| e.to_string())?,
    }
    let laid_out = presentation_path.is_some()
        || tables_dir.is_some()
        || patients_path.is_some()
        || audit_markdown.is_some()
        || xlsx_path.is_some()
        || docx_path.is_some();
    if !laid_out {
        // The report alone: nothing to lay out (a tenth of the time at 10⁴
        // patients).
        return Ok(());
    }
    // What the page shows (long listings cut) for the presentation JSON
    // and the Word document; every row for the CSVs, the dataset and XLSX.
    let cut = present_with(report, lang, Listings::Cut);
    let whole = std::cell::OnceCell::<Presentation>::new();
    let whole = || whole.get_or_init(|| present_with(report, lang, Listings::Whole));
    let presentation = &cut;
    let write = |path: &str, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| format!("cannot write {path}: {e}"))
    };
    if let Some(path) = presentation_path {
        let json = serde_json::to_string(presentation).map_err(|e| e.to_string())?;
        write(path, json.as_bytes())?;
    }
    if let Some(dir) = tables_dir {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        for table in lenalyze::present::tables(whole()) {
            let path = dir.join(export::csv_name(table));
            write(&path.to_string_lossy(), export::csv(table).as_bytes())?;
        }
    }
    if let Some(path) = patients_path {
        match lenalyze::present::tables(whole()).find(|t| t.id == "derived-dataset") {
            Some(table) => write(&path, export::csv(table).as_bytes())?,
            None => eprintln!("{path} not written: the files have errors, so nothing was derived"),
        }
    }
    if let Some(path) = audit_markdown {
        let t = Text::new(lang);
        let section = presentation.sections.iter().find(|s| s.id == "audit");
        let inputs: Vec<&str> = report
            .provenance
            .inputs
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        let preamble = t.f(
            keys::AUDIT_MARKDOWN_GENERATED,
            &[
                ("version", &lenalyze::VERSION),
                ("inputs", &inputs.join(t.t(keys::LIST_SEPARATOR))),
                (
                    "claims",
                    &report.audit.as_ref().map_or("", |a| a.file.as_str()),
                ),
            ],
        );
        if let Some(section) = section {
            write(&path, export::markdown(section, &preamble).as_bytes())?;
        }
    }
    if let Some(path) = xlsx_path {
        write(path, &export::xlsx(whole())?)?;
    }
    if let Some(path) = docx_path {
        write(path, &export::docx(presentation, &[])?)?;
    }
    Ok(())
}

/// Lists the errors and warnings on standard error, in the reader's
/// language.
fn print_diagnostics(report: &lenalyze::Report, lang: Lang) {
    let mut stderr = std::io::stderr();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
    {
        let l = &d.location;
        // Where, in the reader's language: "file, sheet S, row 4, column "age"".
        let t = Text::new(lang);
        let mut place = vec![l.file.clone()];
        if let Some(sheet) = &l.sheet {
            place.push(t.f(keys::CLI_SHEET, &[("sheet", sheet)]));
        }
        if let Some(redcap) = l.redcap.as_ref().map(|r| r.render(t, true)) {
            if !redcap.is_empty() {
                place.push(redcap);
            }
        }
        if let Some(row) = l.row {
            place.push(t.f(keys::CLI_ROW, &[("row", &row)]));
        }
        if let Some(column) = &l.column {
            place.push(t.f(keys::CLI_COLUMN, &[("column", column)]));
        }
        let place = place.join(t.t(keys::LIST_SEPARATOR));
        let severity = t.t(if d.severity == Severity::Error {
            keys::CLI_ERROR
        } else {
            keys::CLI_WARNING
        });
        let _ = writeln!(stderr, "{severity}: {place}: {}", d.text(lang));
    }
}

/// The file name of a path, as the report records it.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// `lenalyze template --out-dir DIR [--lang en|ko]`.
fn write_template(args: &[String]) -> Result<ExitCode, String> {
    let mut out_dir: Option<&str> = None;
    let mut langs = Lang::ALL.to_vec();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--out-dir" | "-o" => {
                out_dir = Some(rest.next().ok_or("--out-dir needs a directory")?.as_str())
            }
            "--lang" => {
                let tag = rest.next().ok_or("--lang needs a language (en or ko)")?;
                langs = vec![Lang::from_tag(tag)
                    .ok_or_else(|| format!("unknown language \"{tag}\" (try en or ko)"))?];
            }
            other => return Err(format!("unknown argument \"{other}\" for template")),
        }
    }
    let dir = Path::new(out_dir.ok_or("template needs --out-dir DIR")?);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for lang in langs {
        for (name, bytes) in template::generate(lang)? {
            let path = dir.join(name);
            std::fs::write(&path, bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!("{}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `lenalyze synth N [--seed S] [--format csv|xlsx] [--long] [-o FILE]`.
#[cfg(feature = "synth")]
fn write_synth(args: &[String]) -> Result<ExitCode, String> {
    use lenalyze::synth::{self, CsvSheets};
    use std::io::BufWriter;
    let mut patients: Option<usize> = None;
    let mut seed = 1u64;
    let mut xlsx = false;
    let mut long = false;
    let mut out: Option<String> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--seed" => {
                let s = rest.next().ok_or("--seed needs a number")?;
                seed = s
                    .parse()
                    .map_err(|_| format!("--seed needs a whole number, not \"{s}\""))?;
            }
            "--format" => match rest.next().map(String::as_str) {
                Some("csv") => xlsx = false,
                Some("xlsx") => xlsx = true,
                other => {
                    return Err(format!(
                        "--format needs csv or xlsx, not \"{}\"",
                        other.unwrap_or("")
                    ))
                }
            },
            "--long" => long = true,
            "-o" | "--output" => out = Some(rest.next().ok_or("-o needs a file name")?.clone()),
            n if patients.is_none() && !n.starts_with('-') => {
                patients = Some(
                    n.replace('_', "")
                        .parse()
                        .map_err(|_| format!("synth needs a number of patients, not \"{n}\""))?,
                )
            }
            other => return Err(format!("unknown argument \"{other}\" for synth")),
        }
    }
    let patients = patients.ok_or("synth needs a number of patients")?;
    let options = synth::Options {
        patients,
        seed,
        long,
    };
    let extension = if xlsx { "xlsx" } else { "csv" };
    let path = out.unwrap_or_else(|| format!("synth-{patients}.{extension}"));
    let create = |p: &str| {
        std::fs::File::create(p)
            .map(BufWriter::new)
            .map_err(|e| format!("cannot write {p}: {e}"))
    };
    if xlsx {
        std::fs::write(&path, synth::xlsx(&options)?)
            .map_err(|e| format!("cannot write {path}: {e}"))?;
        println!("{path}");
        return Ok(ExitCode::SUCCESS);
    }
    let stem = path.strip_suffix(".csv").unwrap_or(&path);
    let mut written = vec![path.clone()];
    let long_files = if long {
        let names =
            CsvSheets::<BufWriter<std::fs::File>>::LONG_NAMES.map(|n| format!("{stem}-{n}.csv"));
        written.extend(names.iter().cloned());
        let [a, b, c, d] = &names;
        Some([create(a)?, create(b)?, create(c)?, create(d)?])
    } else {
        None
    };
    let mut sheets = CsvSheets {
        patients: create(&path)?,
        long: long_files,
    };
    synth::csv(&options, &mut sheets).map_err(|e| format!("cannot write {path}: {e}"))?;
    sheets.patients.flush().map_err(|e| e.to_string())?;
    for w in sheets.long.iter_mut().flatten() {
        w.flush().map_err(|e| e.to_string())?;
    }
    for p in written {
        println!("{p}");
    }
    Ok(ExitCode::SUCCESS)
}
