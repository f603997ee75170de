//! `lenalyze aggregate` and `lenalyze pool`: the CLI's shell around
//! [`lenalyze::pool`] (read files, call the library, write files).

use super::{emit, file_name, print_diagnostics, Outputs};
use lenalyze::pool;
use lenalyze::text::{Lang, Text};
use lenalyze::{InputFile, Settings};
use std::io::Write;
use std::process::ExitCode;

fn read_inputs(files: &[String]) -> Result<Vec<InputFile>, String> {
    files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Ok(InputFile {
                name: file_name(path),
                bytes,
            })
        })
        .collect()
}

fn language(tag: Option<&String>) -> Result<Lang, String> {
    let tag = tag.ok_or("--lang needs a language (en or ko)")?;
    Lang::from_tag(tag).ok_or_else(|| format!("unknown language \"{tag}\" (try en or ko)"))
}

/// `lenalyze aggregate FILE... [--site NAME] [--settings S] [--lang L] [-o SITE.json]`.
pub fn aggregate(args: &[String]) -> Result<ExitCode, String> {
    let mut files = Vec::new();
    let mut output: Option<String> = None;
    let mut site = String::new();
    let mut settings = Settings::default();
    let mut lang = Lang::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-o" | "--output" => output = Some(rest.next().ok_or("-o needs a file name")?.clone()),
            "--site" => site = rest.next().ok_or("--site needs a name")?.clone(),
            "--settings" => {
                let path = rest.next().ok_or("--settings needs a file name")?;
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {path}: {e}"))?;
                settings = Settings::from_json(&text)?;
            }
            "--lang" => lang = language(rest.next())?,
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option \"{flag}\" for aggregate"))
            }
            file => files.push(file.to_string()),
        }
    }
    if files.is_empty() {
        return Err("no input files given".into());
    }
    let inputs = read_inputs(&files)?;
    let aggregated = pool::aggregate(&inputs, &settings, &site);
    print_diagnostics(&aggregated.report, lang);
    let Some(summary) = aggregated.summary else {
        eprintln!("no site summary written: the files have errors that stop the analysis");
        return Ok(ExitCode::from(1));
    };
    let mut stderr = std::io::stderr();
    for line in pool::disclosure::note(&summary, Text::new(lang)) {
        let _ = writeln!(stderr, "{line}");
    }
    let json = summary.to_json();
    match output {
        Some(path) => {
            std::fs::write(&path, json).map_err(|e| format!("cannot write {path}: {e}"))?
        }
        None => std::io::stdout()
            .write_all(json.as_bytes())
            .map_err(|e| e.to_string())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `lenalyze pool SITE.json... [-o REPORT.json] [--lang L] [--tables-dir D]
/// [--xlsx F] [--docx F] [--presentation F]`.
pub fn pool(args: &[String]) -> Result<ExitCode, String> {
    let mut files = Vec::new();
    let mut outputs = Outputs {
        output: None,
        lang: Lang::default(),
        tables_dir: None,
        presentation: None,
        xlsx: None,
        docx: None,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |what: &str| -> Result<Option<String>, String> {
            Ok(Some(
                rest.next()
                    .ok_or_else(|| format!("{arg} needs {what}"))?
                    .clone(),
            ))
        };
        match arg.as_str() {
            "-o" | "--output" => outputs.output = value("a file name")?,
            "--tables-dir" => outputs.tables_dir = value("a directory")?,
            "--presentation" => outputs.presentation = value("a file name")?,
            "--xlsx" => outputs.xlsx = value("a file name")?,
            "--docx" => outputs.docx = value("a file name")?,
            "--lang" => outputs.lang = language(rest.next())?,
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option \"{flag}\" for pool"))
            }
            file => files.push(file.to_string()),
        }
    }
    if files.is_empty() {
        return Err("no site summaries given".into());
    }
    let inputs = read_inputs(&files)?;
    let report = pool::pool(&inputs);
    emit(&report, &outputs, None, None)?;
    print_diagnostics(&report, outputs.lang);
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
