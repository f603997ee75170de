//! Exports: every table of the report as a flat grid, written as one XLSX
//! workbook or one Word document (feature `export`).
//!
//! One function, [`tables`], lays each table out the way the journal prints
//! it (formatted cells, footnotes naming test and population); the writers
//! only place those grids. Cells that carry text from the user's files are
//! marked, and [`safe_cell`] neutralizes formula-leading ones (`=`, `+`, `-`,
//! `@`), so an export never turns a site's cell into a live formula.

use crate::analysis::values::{Computed, Count, Describe, Num, TestResult};
use crate::analysis::Analysis;
use crate::ingest::sheet::format_number;
use crate::settings::Settings;

/// A cell of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text Lenalyze wrote.
    Text(String),
    /// Text that came from the user's files.
    User(String),
    /// A whole number.
    Int(i64),
}

impl Cell {
    /// The text shown, neutralized when it came from the user.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::User(t) => safe_cell(t),
            Cell::Int(n) => n.to_string(),
        }
    }
}

/// A table as the journal prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatTable {
    /// Short id, also the XLSX sheet name.
    pub id: &'static str,
    /// Caption.
    pub title: String,
    /// Column headers.
    pub header: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
    /// Footnotes.
    pub notes: Vec<String>,
}

/// Prefixes a formula-leading cell (`=`, `+`, `-`, `@`, tab, CR) with an
/// apostrophe so spreadsheets show it as text.
pub fn safe_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A percentage of n/N with one decimal, rounded half away from zero from
/// the exact fraction (integer arithmetic, no binary rounding).
pub fn percent(n: usize, denominator: usize) -> String {
    if denominator == 0 {
        return "—".into();
    }
    let (n, d) = (n as u128, denominator as u128);
    let tenths = (2000 * n + d) / (2 * d);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `n (pct)` of a count.
pub fn count(c: &Count) -> String {
    format!("{} ({})", c.n, percent(c.n, c.denominator))
}

/// A value with `digits` decimals, rounded half away from zero.
pub fn fixed(x: f64, digits: i32) -> String {
    if !x.is_finite() {
        return if x > 0.0 { "∞".into() } else { "—".into() };
    }
    let f = 10f64.powi(digits);
    let r = (x.abs() * f + 0.5 + 1e-9).floor() / f * x.signum();
    format!("{:.*}", digits.max(0) as usize, r)
}

/// A p-value: three decimals, or `<0.001`.
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "<0.001".into()
    } else {
        fixed(p, 3)
    }
}

fn short(x: f64) -> String {
    if x.fract() == 0.0 {
        format_number(x)
    } else {
        fixed(x, 1)
    }
}

fn computed<T>(c: &Computed<T>, f: impl Fn(&T) -> String) -> String {
    match c {
        Computed::Value(v) => f(v),
        Computed::NotComputable(reason) => format!("— ({reason})"),
    }
}

fn median_range(d: &Describe) -> String {
    computed(&d.summary, |s| {
        // One precision for the three numbers: whole when all are whole.
        let digits = if [s.median, s.min, s.max].iter().all(|x| x.fract() == 0.0) {
            0
        } else {
            1
        };
        format!(
            "{} ({}–{})",
            fixed(s.median, digits),
            fixed(s.min, digits),
            fixed(s.max, digits)
        )
    })
}

/// Up to two decimals, without trailing zeros (3.75, 7.5, 10).
fn trimmed(x: f64) -> String {
    let t = fixed(x, 2);
    if t.contains('.') {
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        t
    }
}

fn mean_sem(d: &Describe) -> String {
    computed(&d.summary, |s| match s.sem {
        Some(sem) => format!("{} ± {}", fixed(s.mean, 1), fixed(sem, 1)),
        None => format!("{} (n = 1)", fixed(s.mean, 1)),
    })
}

fn p_of(t: &Computed<TestResult>) -> String {
    computed(t, |t| p_value(t.p_value))
}

/// An odds ratio or limit: two decimals, or two significant digits below
/// 0.01 (so 0.0042 is not shown as 0.00).
fn num(n: Num) -> String {
    match n.0 {
        x if !x.is_finite() => "∞".into(),
        x if x != 0.0 && x.abs() < 0.01 => fixed(x, 1 - x.abs().log10().floor() as i32),
        x => fixed(x, 2),
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn missing_note(m: usize) -> Cell {
    if m == 0 {
        text("")
    } else {
        text(format!("missing {m}"))
    }
}

/// Every table of the analysis, in report order.
pub fn tables(a: &Analysis, settings: &Settings) -> Vec<FlatTable> {
    let mut out = Vec::new();
    let f = &a.population_flow;
    let step =
        |label: &str, n: usize, detail: &str| vec![text(label), Cell::Int(n as i64), text(detail)];
    let mut flow_rows = vec![step("Screened", f.screened, "")];
    flow_rows.extend(
        f.excluded_by_reason
            .iter()
            .map(|(reason, n)| step("Excluded", *n, reason)),
    );
    let applied = if f.eligibility_applied {
        ""
    } else {
        "eligibility criteria not applied"
    };
    flow_rows.push(step("Eligible", f.eligible, applied));
    flow_rows.push(step("Safety population", f.safety, ""));
    flow_rows.extend(
        f.not_evaluable_by_reason
            .iter()
            .map(|(reason, n)| step("Not evaluable", *n, reason)),
    );
    flow_rows.push(step("Evaluable for response", f.evaluable, ""));
    flow_rows.push(step("Responders (RBC-TI)", f.responders, ""));
    flow_rows.push(step("Non-responders", f.non_responders, ""));
    out.push(FlatTable {
        id: "Flow",
        title: "Population flow".into(),
        header: vec!["Step".into(), "N".into(), "Detail".into()],
        rows: flow_rows,
        notes: vec![],
    });

    let t1 = &a.table1;
    let mut rows = Vec::new();
    for row in &t1.rows {
        match row {
            crate::analysis::table1::Row::Categorical {
                label,
                levels,
                missing,
            } => {
                rows.push(vec![
                    text(label.clone()),
                    text(""),
                    missing_note(missing.total),
                ]);
                for (level, c) in levels {
                    rows.push(vec![
                        Cell::User(format!("    {level}")),
                        // A subgroup's own denominator is shown (4/12, not 4 of 31).
                        text(if c.denominator == t1.n {
                            count(c)
                        } else {
                            format!(
                                "{}/{} ({})",
                                c.n,
                                c.denominator,
                                percent(c.n, c.denominator)
                            )
                        }),
                        text(""),
                    ]);
                }
            }
            crate::analysis::table1::Row::Continuous {
                label,
                unit,
                describe,
                show,
            } => {
                rows.push(vec![
                    text(format!("{label} ({unit})")),
                    text(""),
                    missing_note(describe.missing.total),
                ]);
                if show.contains(&"median_range") {
                    rows.push(vec![
                        text("    Median (range)"),
                        text(median_range(describe)),
                        text(""),
                    ]);
                }
                if show.contains(&"mean_sem") {
                    rows.push(vec![
                        text("    Mean ± SEM"),
                        text(mean_sem(describe)),
                        text(""),
                    ]);
                }
            }
        }
    }
    out.push(FlatTable {
        id: "Table 1",
        title: format!(
            "Table 1. Patient characteristics (safety population, N = {})",
            t1.n
        ),
        header: vec!["Parameter".into(), "N (%)".into(), "Missing".into()],
        rows,
        notes: vec!["Percentages of the safety population.".into()],
    });

    let e = &a.efficacy;
    let ti = computed(&e.rbc_ti, |p| {
        format!(
            "{}/{} ({}%; {:.0}% CI {}–{}%)",
            p.count.n,
            p.count.denominator,
            percent(p.count.n, p.count.denominator),
            p.confidence_level * 100.0,
            fixed(100.0 * p.lower, 1),
            fixed(100.0 * p.upper, 1)
        )
    });
    let d = &e.duration_months;
    out.push(FlatTable {
        id: "Efficacy",
        title: format!("Efficacy (evaluable population, N = {})", e.n),
        header: vec!["Outcome".into(), "Value".into()],
        rows: vec![
            vec![text("RBC transfusion independence"), text(ti)],
            vec![
                text("HI-E minor"),
                text(format!("{}/{}", e.hi_e_minor.n, e.n)),
            ],
            vec![
                text("No response"),
                text(format!("{}/{}", e.no_response.n, e.n)),
            ],
            vec![text("Any HI-E"), text(format!("{}/{}", e.any_hi_e.n, e.n))],
            vec![
                text("Duration of use, responders (months, mean ± SEM)"),
                text(mean_sem(&d.responders)),
            ],
            vec![
                text("Duration of use, non-responders (months, mean ± SEM)"),
                text(mean_sem(&d.non_responders)),
            ],
            vec![text("P, Welch's t-test"), text(p_of(&d.welch))],
            vec![text("P, Mann–Whitney U"), text(p_of(&d.mann_whitney))],
            vec![
                text("Time to response (days, median (range))"),
                text(median_range(&e.time_to_response_days)),
            ],
        ],
        notes: vec!["Exact (Clopper–Pearson) interval. Months = days / 30.4375.".into()],
    });

    let t2 = &a.table2;
    let mut rows = Vec::new();
    for p in &t2.rows {
        let c = p.table.counts;
        let or = computed(&p.table.odds_ratio, |o| {
            format!("{} ({}–{})", num(o.estimate), num(o.lower), num(o.upper))
        });
        rows.push(vec![
            text(format!("{}: {}", p.factor, p.level1)),
            Cell::Int(c[0][0] as i64),
            Cell::Int(c[0][1] as i64),
            text(p_of(&p.table.test)),
            text(or),
            missing_note(p.missing),
        ]);
        rows.push(vec![
            text(format!("{}: {}", p.factor, p.level2)),
            Cell::Int(c[1][0] as i64),
            Cell::Int(c[1][1] as i64),
            text(""),
            text(""),
            text(""),
        ]);
    }
    let method = t2
        .rows
        .first()
        .map(|p| computed(&p.table.test, |t| t.method.clone()))
        .unwrap_or_default();
    out.push(FlatTable {
        id: "Table 2",
        title: format!("Table 2. Potential predictors of RBC-TI (evaluable population, N = {})", t2.n),
        header: vec!["Factor".into(), "Response no".into(), "Response yes".into(), "P".into(), format!("OR ({} CI)", level_label(settings.confidence_level)), "Missing".into()],
        rows,
        notes: vec![
            format!("P: {method}. OR: conditional maximum-likelihood odds ratio of RBC-TI, second level vs first, with exact interval."),
            format!("Age split at the median of the safety population ({}).", t2.age_median.map_or("—".into(), short)),
        ],
    });

    let dm = &a.dose_modification;
    let dose_row = |c: &crate::analysis::predictors::DoseChange| {
        vec![
            text(c.what),
            text(format!(
                "{}/{} ({})",
                c.responders.n,
                c.responders.denominator,
                percent(c.responders.n, c.responders.denominator)
            )),
            text(format!(
                "{}/{} ({})",
                c.non_responders.n,
                c.non_responders.denominator,
                percent(c.non_responders.n, c.non_responders.denominator)
            )),
            text(p_of(&c.table.test)),
        ]
    };
    out.push(FlatTable {
        id: "Dose modification",
        title: "Dose modification (evaluable population)".into(),
        header: vec![
            "".into(),
            "Responders n/N (%)".into(),
            "Non-responders n/N (%)".into(),
            "P".into(),
        ],
        rows: vec![dose_row(&dm.reduction), dose_row(&dm.interruption)],
        notes: vec![format!(
            "P: {}.",
            computed(&dm.reduction.table.test, |t| t.method.clone())
        )],
    });

    let t4 = &a.table4;
    let rows = t4
        .rows
        .iter()
        .map(|r| {
            vec![
                text(r.dosing.clone()),
                Cell::Int(r.count.n as i64),
                text(trimmed(r.dose_intensity_mg_per_day)),
            ]
        })
        .collect();
    let mut notes: Vec<String> = t4
        .correlations
        .iter()
        .map(|c| {
            format!(
                "Dose intensity vs {}: Pearson r = {}, P = {}; Spearman ρ = {}, P = {}.",
                c.with,
                computed(&c.pearson, |x| fixed(x.r, 3)),
                computed(&c.pearson, |x| p_value(x.p_value)),
                computed(&c.spearman, |x| fixed(x.r, 3)),
                computed(&c.spearman, |x| p_value(x.p_value))
            )
        })
        .collect();
    if t4.missing > 0 {
        notes.push(format!(
            "{} responder(s) without a readable final dose and schedule.",
            t4.missing
        ));
    }
    out.push(FlatTable {
        id: "Table 4",
        title: format!(
            "Table 4. Final stable dose of lenalidomide for responders (N = {})",
            t4.n
        ),
        header: vec![
            "Lenalidomide dosing".into(),
            "Patients".into(),
            "Dose intensity (mg/day)".into(),
        ],
        rows,
        notes,
    });

    let t3 = &a.table3;
    let mut rows = Vec::new();
    for group in ["hematologic", "non-hematologic"] {
        let members: Vec<_> = t3.rows.iter().filter(|r| r.group == group).collect();
        if members.is_empty() {
            continue;
        }
        rows.push(vec![text(if group == "hematologic" {
            "Hematologic"
        } else {
            "Non-hematologic"
        })]);
        for r in members {
            let mut row = vec![Cell::User(format!("    {}", capitalize(&r.label)))];
            // CTCAE v5.0 defines febrile neutropenia from grade 3 only.
            let undefined_low = r.term == "febrile_neutropenia";
            row.extend(r.by_grade.iter().enumerate().map(|(g, n)| {
                if undefined_low && (g == 1 || g == 2) && *n == 0 {
                    text("–")
                } else {
                    Cell::Int(*n as i64)
                }
            }));
            row.push(text(count(&r.any_grade)));
            row.push(text(count(&r.grade_3_or_higher)));
            rows.push(row);
        }
    }
    out.push(FlatTable {
        id: "Table 3",
        title: format!(
            "Table 3. Toxicities, worst grade during treatment (safety population, N = {})",
            t3.n
        ),
        header: [
            "Toxicity",
            "None",
            "Grade 1",
            "Grade 2",
            "Grade 3",
            "Grade 4",
            "Grade 5",
            "Any (%)",
            "Grade ≥3 (%)",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: vec![
            "CTCAE v5.0 worst grade per patient; Any and Grade ≥3 are n (% of N).".into(),
            "–: grade 1 or 2 febrile neutropenia is not defined in CTCAE v5.0.".into(),
        ],
    });

    let mut rows = Vec::new();
    for s in &a.hemoglobin.series {
        for p in &s.points {
            rows.push(vec![
                text(s.group),
                Cell::Int(i64::from(p.week)),
                Cell::Int(p.n as i64),
                text(computed(&p.summary, |x| fixed(x.mean, 2))),
                text(computed(&p.summary, |x| {
                    x.sd.map_or("—".into(), |v| fixed(v, 2))
                })),
                text(computed(&p.summary, |x| {
                    x.sem.map_or("—".into(), |v| fixed(v, 2))
                })),
            ]);
        }
    }
    out.push(FlatTable {
        id: "Hemoglobin",
        title: "Hemoglobin over time (g/dL)".into(),
        header: ["Group", "Week", "n", "Mean", "SD", "SEM"]
            .map(String::from)
            .to_vec(),
        rows,
        notes: vec![a.hemoglobin.method.to_string()],
    });

    let dc = &a.discontinuation;
    let mut rows: Vec<Vec<Cell>> =
        vec![vec![text("Stopped lenalidomide"), text(count(&dc.stopped))]];
    rows.extend(
        dc.by_reason
            .iter()
            .map(|(r, c)| vec![text(format!("    {r}")), text(count(c))]),
    );
    rows.push(vec![
        text("Still on treatment"),
        text(count(&dc.on_treatment)),
    ]);
    for s in &a.survival {
        let med = computed(&s.estimate, |k| {
            let m = |x: Option<f64>| {
                x.map_or("NR".to_string(), |d| {
                    fixed(d / crate::analysis::efficacy::DAYS_PER_MONTH, 1)
                })
            };
            let median = match k.median_days {
                Some(_) => format!("{} months", m(k.median_days)),
                None => "not reached".to_string(),
            };
            format!(
                "median {median} ({}–{}); {} of {} patients with the event",
                m(k.median_lower_days),
                m(k.median_upper_days),
                k.events,
                k.n
            )
        });
        rows.push(vec![
            text(format!("{} (event: {})", s.name, s.event)),
            text(med),
        ]);
    }
    out.push(FlatTable {
        id: "Outcome",
        title: format!(
            "Discontinuation and outcome (safety population, N = {})",
            dc.n
        ),
        header: vec!["".into(), "Value".into()],
        rows,
        notes: vec![
            format!("Kaplan–Meier estimates, {} log-log intervals; censored at last follow-up; NR: not reached.", level_label(settings.confidence_level)),
        ],
    });

    let pe = &a.prior_esa;
    out.push(FlatTable {
        id: "Prior ESA",
        title: "Prior ESA subgroup".into(),
        header: vec!["".into(), "n/N".into()],
        rows: vec![
            vec![
                text("Treated with ESA before lenalidomide"),
                text(format!("{}/{}", pe.treated.n, pe.treated.denominator)),
            ],
            vec![
                text("RBC-TI on ESA"),
                text(format!(
                    "{}/{}",
                    pe.rbc_ti_on_esa.n, pe.rbc_ti_on_esa.denominator
                )),
            ],
            vec![
                text("RBC-TI on lenalidomide (evaluable)"),
                text(format!(
                    "{}/{}",
                    pe.rbc_ti_on_lenalidomide.n, pe.rbc_ti_on_lenalidomide.denominator
                )),
            ],
        ],
        notes: vec![],
    });
    out
}

/// `95%` for 0.95.
fn level_label(level: f64) -> String {
    format!("{}%", trimmed(level * 100.0))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// All tables as one XLSX workbook, one sheet per table.
///
/// # Errors
/// The writer's message if the workbook cannot be built.
#[cfg(feature = "export")]
pub fn xlsx(tables: &[FlatTable]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title_format = Format::new().set_bold().set_font_size(12);
    let note_format = Format::new().set_italic();
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.id).map_err(|e| e.to_string())?;
        ws.write_string_with_format(0, 0, &t.title, &title_format)
            .map_err(|e| e.to_string())?;
        for (c, h) in t.header.iter().enumerate() {
            ws.write_string_with_format(2, c as u16, h, &bold)
                .map_err(|e| e.to_string())?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 3, c as u16);
                match cell {
                    Cell::Int(n) => ws.write_number(r, c, *n as f64),
                    other => ws.write_string(r, c, other.text()),
                }
                .map_err(|e| e.to_string())?;
            }
        }
        let after = t.rows.len() as u32 + 4;
        for (i, n) in t.notes.iter().enumerate() {
            ws.write_string_with_format(after + i as u32, 0, n, &note_format)
                .map_err(|e| e.to_string())?;
        }
        ws.set_column_width(0, 48).map_err(|e| e.to_string())?;
        for c in 1..t.header.len().max(2) {
            ws.set_column_width(c as u16, 16)
                .map_err(|e| e.to_string())?;
        }
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// A figure for the Word document: its title and PNG bytes.
#[derive(Debug, Clone)]
pub struct FigurePng {
    /// Caption.
    pub title: String,
    /// PNG file bytes.
    pub png: Vec<u8>,
}

/// Width and height of a PNG from its header.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    (w > 0 && h > 0).then_some((w, h))
}

/// All tables and figures as a Word document.
///
/// # Errors
/// The writer's message if the document cannot be built.
#[cfg(feature = "export")]
pub fn docx(title: &str, tables: &[FlatTable], figures: &[FigurePng]) -> Result<Vec<u8>, String> {
    use docx_rs::{
        Docx, PageMargin, Paragraph, Pic, Run, Table, TableCell, TableLayoutType, TableRow,
        WidthType,
    };
    // A4 width (11,906 twips) less two 1,000-twip margins, rounded down.
    const TEXT_WIDTH: usize = 9_800;
    let para = |t: &str, bold: bool, size: usize| {
        let run = Run::new().add_text(t).size(size);
        Paragraph::new().add_run(if bold { run.bold() } else { run })
    };
    let margin = PageMargin::new()
        .left(1_000)
        .right(1_000)
        .top(1_200)
        .bottom(1_200);
    let mut doc = Docx::new()
        .page_margin(margin)
        .add_paragraph(para(title, true, 32));
    for t in tables {
        doc = doc.add_paragraph(para(&t.title, true, 22));
        // The label column gets the most room, the number columns share the
        // rest; wide tables get a narrower label column and smaller type.
        // Word and LibreOffice honour fixed cell widths, not the grid alone.
        let width = t.header.len();
        let (label, size) = if width > 6 { (2_600, 16) } else { (3_600, 18) };
        let rest = (TEXT_WIDTH - label) / (width.max(2) - 1);
        let widths: Vec<usize> = std::iter::once(label)
            .chain(std::iter::repeat_n(rest, width.saturating_sub(1)))
            .collect();
        let cell = |i: usize, p: Paragraph| {
            let w = widths.get(i).copied().unwrap_or(rest);
            TableCell::new().add_paragraph(p).width(w, WidthType::Dxa)
        };
        let header = TableRow::new(
            t.header
                .iter()
                .enumerate()
                .map(|(i, h)| cell(i, para(h, true, size)))
                .collect(),
        );
        let mut rows = vec![header];
        for row in &t.rows {
            let mut cells: Vec<TableCell> = row
                .iter()
                .enumerate()
                .map(|(i, c)| cell(i, para(&c.text(), false, size)))
                .collect();
            while cells.len() < width {
                cells.push(cell(cells.len(), Paragraph::new()));
            }
            rows.push(TableRow::new(cells));
        }
        let table = Table::new(rows)
            .set_grid(widths.clone())
            .layout(TableLayoutType::Fixed);
        doc = doc.add_table(table);
        for n in &t.notes {
            doc = doc.add_paragraph(para(n, false, 16));
        }
        doc = doc.add_paragraph(Paragraph::new());
    }
    for f in figures {
        let Some((w, h)) = png_size(&f.png) else {
            continue;
        };
        // Fit 16 cm wide (EMU: 360,000 per cm); PNGs come at 2× scale.
        let pic = Pic::new_with_dimensions(f.png.clone(), w, h).size(
            5_760_000,
            (5_760_000u64 * u64::from(h) / u64::from(w)) as u32,
        );
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)));
        doc = doc.add_paragraph(para(&f.title, true, 20));
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).map_err(|e| e.to_string())?;
    Ok(buf.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_away_from_exact_fraction() {
        assert_eq!(percent(19, 28), "67.9");
        assert_eq!(percent(5, 31), "16.1");
        assert_eq!(percent(1, 8), "12.5");
        assert_eq!(percent(1, 16), "6.3"); // 6.25 → 6.3
        assert_eq!(percent(0, 31), "0.0");
        assert_eq!(percent(31, 31), "100.0");
        assert_eq!(percent(1, 0), "—");
    }

    #[test]
    fn formula_cells_are_neutralized() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("+1"), "'+1");
        assert_eq!(safe_cell("-7"), "'-7");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("Seoul"), "Seoul");
        assert_eq!(Cell::User("=1+1".into()).text(), "'=1+1");
        assert_eq!(Cell::Text("-".into()).text(), "-");
    }

    #[test]
    fn p_values_and_fixed() {
        assert_eq!(p_value(0.0195), "0.020");
        assert_eq!(p_value(0.0004), "<0.001");
        assert_eq!(fixed(2.675, 2), "2.68");
        assert_eq!(fixed(-1.25, 1), "-1.3");
    }

    #[test]
    fn png_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((640, 480)));
        assert_eq!(png_size(b"nope"), None);
    }
}
