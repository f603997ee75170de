//! The figures' data, laid out for drawing: axes with their ticks and
//! labels, series of points, bars, steps and boxes, every text in the
//! report's language.
//!
//! The page only draws them (`www/figures.js` turns these values into SVG
//! geometry); it neither computes a statistic nor writes a word, so the
//! figures say what the tables say.

use super::format::{fixed, trimmed};
use super::hemoglobin::weeks;
use super::words;
use crate::analysis::efficacy::DAYS_PER_MONTH;
use crate::analysis::hemoglobin::HemoglobinOverTime;
use crate::analysis::outcome::{Endpoint, KmOut, SurvivalAnalysis};
use crate::analysis::populations::PopulationFlow;
use crate::analysis::toxicity::Table3;
use crate::analysis::values::Computed;
use crate::text::{keys, Text};
use serde::Serialize;

/// A figure: caption (printed below it), an accessible title and
/// description, and what to draw.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Stable id (file names of downloads).
    pub id: String,
    /// Caption under the figure.
    pub caption: String,
    /// Accessible title (SVG `<title>`).
    pub title: String,
    /// Accessible description with the figure's numbers (SVG `<desc>`).
    pub description: String,
    /// What to draw.
    pub chart: Chart,
}

/// What a figure draws.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Chart {
    /// Means with error bars over time, one line per series.
    Lines(LineChart),
    /// One stacked horizontal bar per row.
    Bars(BarChart),
    /// A Kaplan–Meier step function.
    Survival(SurvivalChart),
    /// Boxes and arrows of the population flow.
    Flow(FlowChart),
}

/// An axis: its label, range and ticks.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    /// Axis title.
    pub label: String,
    /// Lower end.
    pub min: f64,
    /// Upper end.
    pub max: f64,
    /// Ticks with their labels.
    pub ticks: Vec<Tick>,
}

/// A position on an axis with its label.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tick {
    /// Position.
    pub value: f64,
    /// Label.
    pub label: String,
}

/// Lines of means with error bars.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineChart {
    /// Time axis.
    pub x: Axis,
    /// Value axis.
    pub y: Axis,
    /// Label of the rows of numbers under the axis.
    pub counts_label: String,
    /// Series in legend order.
    pub series: Vec<LineSeries>,
}

/// One line.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineSeries {
    /// Short name (row of counts).
    pub name: String,
    /// Legend entry.
    pub legend: String,
    /// Points with a value.
    pub points: Vec<LinePoint>,
    /// Patients with a value at each tick of the time axis.
    pub counts: Vec<Tick>,
}

/// A mean with its error bar.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinePoint {
    /// Time.
    pub x: f64,
    /// Mean.
    pub y: f64,
    /// Half-length of the error bar (SEM; 0 when there is none).
    pub error: f64,
}

/// Stacked horizontal bars.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarChart {
    /// Count axis.
    pub x: Axis,
    /// Legend title.
    pub legend_title: String,
    /// Legend entries, one per segment.
    pub legend: Vec<String>,
    /// Rows, with group headings between them.
    pub rows: Vec<BarRow>,
}

/// A bar, or a group heading when `segments` is empty and `heading` set.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarRow {
    /// Row label.
    pub label: String,
    /// A group heading rather than a bar.
    pub heading: bool,
    /// Segment sizes, in legend order.
    pub segments: Vec<usize>,
    /// Label at the bar's end.
    pub total: String,
}

/// A Kaplan–Meier curve.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurvivalChart {
    /// Months from start.
    pub x: Axis,
    /// Percentage without the event.
    pub y: Axis,
    /// Corners of the step function, `[months, fraction]`.
    pub path: Vec<[f64; 2]>,
    /// Censored patients, `[months, fraction]`.
    pub censored: Vec<[f64; 2]>,
    /// The median in months, when reached.
    pub median: Option<f64>,
    /// Label of the numbers at risk.
    pub at_risk_label: String,
    /// Numbers at risk at the time ticks.
    pub at_risk: Vec<Tick>,
    /// One line of figures printed above the plot.
    pub summary: String,
}

/// The population flow.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowChart {
    /// The main column, each step with an optional box to its side.
    pub steps: Vec<FlowStep>,
    /// The boxes the last step splits into.
    pub split: Vec<FlowBox>,
}

/// A step of the flow.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowStep {
    /// The main box.
    pub main: FlowBox,
    /// Who left the flow here.
    pub side: Option<FlowBox>,
}

/// A box of the flow.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowBox {
    /// Label.
    pub label: String,
    /// `n = 31`; empty when there is no count.
    pub count: String,
    /// Lines of detail (reasons with counts).
    pub lines: Vec<String>,
    /// Emphasized (a population of the analysis).
    pub strong: bool,
}

/// "Nice" tick values covering `[lo, hi]`: steps of 1, 2, 2.5 or 5 × 10^k,
/// about `target` of them.
fn nice_ticks(lo: f64, hi: f64, target: f64) -> Vec<f64> {
    let span = if hi > lo { hi - lo } else { 1.0 };
    let raw = span / target;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|st| span / st <= target)
        .unwrap_or(10.0 * mag);
    let mut out = Vec::new();
    let mut i = (lo / step - 1e-9).ceil();
    while i * step <= hi + 1e-9 && out.len() < 100 {
        out.push((i * step * 1e9).round() / 1e9);
        i += 1.0;
    }
    out
}

fn ticks(values: impl IntoIterator<Item = f64>) -> Vec<Tick> {
    values
        .into_iter()
        .map(|v| Tick {
            value: v,
            label: trimmed(v, 2),
        })
        .collect()
}

/// Figure 1: hemoglobin mean ± SEM by week, responders vs non-responders.
pub(super) fn hemoglobin(h: &HemoglobinOverTime, t: Text) -> Figure {
    let weeks = weeks(h);
    let series: Vec<LineSeries> = h
        .series
        .iter()
        .map(|s| {
            let name = t.t(words::group(s.group)).to_string();
            LineSeries {
                legend: t.f(
                    keys::LABEL_WITH_N,
                    &[("label", &name), ("n", &s.n_patients)],
                ),
                name,
                points: s
                    .points
                    .iter()
                    .filter_map(|p| match &p.summary {
                        Computed::Value(v) => Some(LinePoint {
                            x: f64::from(p.week),
                            y: v.mean,
                            error: v.sem.unwrap_or(0.0),
                        }),
                        Computed::NotComputable(_) => None,
                    })
                    .collect(),
                counts: weeks
                    .iter()
                    .map(|w| Tick {
                        value: f64::from(*w),
                        label: s
                            .points
                            .iter()
                            .find(|p| p.week == *w)
                            .map_or(0, |p| p.n)
                            .to_string(),
                    })
                    .collect(),
            }
        })
        .collect();
    let all = series.iter().flat_map(|s| &s.points);
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
        (lo.min(p.y - p.error), hi.max(p.y + p.error))
    });
    let (lo, hi) = if lo.is_finite() {
        ((lo - 0.5).floor(), (hi + 0.5).ceil())
    } else {
        (0.0, 14.0)
    };
    let max_week = weeks.iter().copied().max().unwrap_or(0).max(48);
    let description = series
        .iter()
        .map(|s| {
            let points: Vec<String> = s
                .points
                .iter()
                .zip(&s.counts)
                .map(|(p, _)| {
                    let n = s
                        .counts
                        .iter()
                        .find(|c| c.value == p.x)
                        .map_or("0", |c| c.label.as_str());
                    t.f(
                        keys::FIG_HB_POINT,
                        &[
                            ("week", &p.x),
                            ("mean", &fixed(p.y, 1)),
                            ("sem", &fixed(p.error, 1)),
                            ("n", &n),
                        ],
                    )
                })
                .collect();
            format!("{}: {}", s.legend, points.join("; "))
        })
        .collect::<Vec<_>>()
        .join(". ");
    Figure {
        id: "fig-hb".into(),
        caption: t.t(keys::FIG_HB_CAPTION).to_string(),
        title: t.f(keys::FIG_HB_TITLE, &[("unit", &h.unit)]),
        description: if description.is_empty() {
            t.t(keys::FIG_HB_EMPTY).to_string()
        } else {
            description
        },
        chart: Chart::Lines(LineChart {
            x: Axis {
                label: t.t(keys::FIG_HB_X).to_string(),
                min: 0.0,
                max: f64::from(max_week),
                ticks: ticks(weeks.iter().map(|w| f64::from(*w))),
            },
            y: Axis {
                label: t.f(keys::FIG_HB_Y, &[("unit", &h.unit)]),
                min: lo,
                max: hi,
                ticks: ticks(nice_ticks(lo, hi, 6.0)),
            },
            counts_label: t.t(keys::COL_N).to_string(),
            series,
        }),
    }
}

/// Figure 2: patients by worst grade, one stacked bar per toxicity.
pub(super) fn toxicity(t3: &Table3, t: Text) -> Figure {
    let n = t3.n.max(1) as f64;
    let mut rows = Vec::new();
    let mut last_group = None;
    for r in &t3.rows {
        if Some(r.group) != last_group {
            last_group = Some(r.group);
            rows.push(BarRow {
                label: t.t(words::ae_group(r.group)).to_string(),
                heading: true,
                segments: vec![],
                total: String::new(),
            });
        }
        let total: usize = r.by_grade[1..].iter().sum();
        rows.push(BarRow {
            label: words::ae_term(&r.term, t),
            heading: false,
            segments: r.by_grade[1..].to_vec(),
            total: total.to_string(),
        });
    }
    let description = t3
        .rows
        .iter()
        .map(|r| {
            let grades: Vec<String> = (1..=5)
                .map(|g| {
                    t.f(
                        keys::FIG_TOX_GRADE_COUNT,
                        &[("grade", &g), ("n", &r.by_grade[g])],
                    )
                })
                .collect();
            format!("{}: {}", words::ae_term(&r.term, t), grades.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    Figure {
        id: "fig-toxicity".into(),
        caption: t.f(keys::FIG_TOX_CAPTION, &[("n", &t3.n)]),
        title: t.f(keys::FIG_TOX_TITLE, &[("n", &t3.n)]),
        description,
        chart: Chart::Bars(BarChart {
            x: Axis {
                label: t.t(keys::FIG_TOX_X).to_string(),
                min: 0.0,
                max: n,
                ticks: ticks(nice_ticks(0.0, n, 8.0)),
            },
            legend_title: t.t(keys::FIG_TOX_LEGEND).to_string(),
            legend: (1..=5)
                .map(|g| t.f(keys::TABLE3_COL_GRADE, &[("grade", &g)]))
                .collect(),
            rows,
        }),
    }
}

/// A Kaplan–Meier figure, numbered `number`.
pub(super) fn kaplan_meier(s: &SurvivalAnalysis, k: &KmOut, number: usize, t: Text) -> Figure {
    let months = |d: f64| d / DAYS_PER_MONTH;
    let last_day = k
        .steps
        .iter()
        .map(|p| p.time)
        .chain(k.at_risk.iter().map(|a| a.0))
        .fold(0.0, f64::max);
    let max_months = ((months(last_day) / 3.0).ceil() * 3.0).max(3.0);
    let step = if max_months > 48.0 {
        12.0
    } else if max_months > 24.0 {
        6.0
    } else {
        3.0
    };
    let x_ticks: Vec<f64> = (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|m| *m <= max_months + 1e-9)
        .collect();
    let mut path = vec![[0.0, 1.0]];
    let mut censored = Vec::new();
    let mut survival = 1.0;
    for p in &k.steps {
        let x = months(p.time);
        path.push([x, survival]);
        if p.n_event > 0 {
            survival = p.survival;
            path.push([x, survival]);
        }
        if p.n_censor > 0 {
            censored.push([x, survival]);
        }
    }
    let at_risk = k
        .at_risk
        .iter()
        .filter(|(day, _)| {
            let m = months(*day) / step;
            (m - m.round()).abs() < 1e-6
        })
        .map(|(day, n)| Tick {
            value: months(*day),
            label: n.to_string(),
        })
        .collect();
    let (name, event) = words::endpoint(s.endpoint);
    let (name, event) = (t.t(name), t.t(event));
    let median = match k.median_days {
        Some(d) => t.f(keys::KM_MEDIAN_MONTHS, &[("months", &fixed(months(d), 1))]),
        None => t.t(keys::KM_MEDIAN_NOT_REACHED).to_string(),
    };
    let summary = t.f(
        keys::FIG_KM_SUMMARY,
        &[("n", &k.n), ("events", &k.events), ("median", &median)],
    );
    Figure {
        id: format!("fig-km-{}", endpoint_id(s.endpoint)),
        caption: t.f(
            keys::FIG_KM_CAPTION,
            &[
                ("number", &number),
                ("name", &name),
                ("event", &event),
                ("n", &k.n),
                ("events", &k.events),
            ],
        ),
        title: t.f(keys::FIG_KM_TITLE, &[("name", &name)]),
        description: t.f(
            keys::FIG_KM_DESCRIPTION,
            &[("name", &name), ("event", &event), ("summary", &summary)],
        ),
        chart: Chart::Survival(SurvivalChart {
            x: Axis {
                label: t.t(keys::FIG_KM_X).to_string(),
                min: 0.0,
                max: max_months,
                ticks: ticks(x_ticks),
            },
            y: Axis {
                label: t.f(keys::FIG_KM_Y, &[("name", &name)]),
                min: 0.0,
                max: 1.0,
                ticks: [0.0, 0.25, 0.5, 0.75, 1.0]
                    .into_iter()
                    .map(|v| Tick {
                        value: v,
                        label: fixed(v * 100.0, 0),
                    })
                    .collect(),
            },
            path,
            censored,
            median: k.median_days.map(months),
            at_risk_label: t.t(keys::FIG_KM_AT_RISK).to_string(),
            at_risk,
            summary,
        }),
    }
}

/// The population flow as boxes.
pub(super) fn flow(f: &PopulationFlow, ctx: super::Ctx) -> Figure {
    let t = ctx.t;
    let count = |n: usize| t.f(keys::FIG_FLOW_COUNT, &[("n", &n)]);
    let boxed = |key, n: usize, lines: Vec<String>, strong| FlowBox {
        label: t.t(key).to_string(),
        count: count(n),
        lines,
        strong,
    };
    let reason = |r: String, n: usize| t.f(keys::FIG_FLOW_REASON, &[("reason", &r), ("n", &n)]);
    let screened_side = if f.eligibility_applied {
        boxed(
            keys::FLOW_EXCLUDED,
            f.excluded_count(),
            f.excluded_by_reason
                .iter()
                .map(|(c, n)| reason(words::criterion(*c, ctx.settings, t), *n))
                .collect(),
            false,
        )
    } else {
        FlowBox {
            label: t.t(keys::FLOW_NOT_APPLIED).to_string(),
            count: String::new(),
            lines: vec![],
            strong: false,
        }
    };
    let steps = vec![
        FlowStep {
            main: boxed(keys::FLOW_SCREENED, f.screened, vec![], true),
            side: Some(screened_side),
        },
        FlowStep {
            main: boxed(keys::FLOW_ELIGIBLE, f.eligible, vec![], true),
            side: (f.no_start_date_count() > 0).then(|| {
                boxed(
                    keys::FLOW_NO_START_DATE,
                    f.no_start_date_count(),
                    vec![],
                    false,
                )
            }),
        },
        FlowStep {
            main: boxed(keys::FLOW_SAFETY, f.safety, vec![], true),
            side: Some(boxed(
                keys::FLOW_NOT_EVALUABLE,
                f.not_evaluable_count(),
                f.not_evaluable_by_reason
                    .iter()
                    .map(|c| reason(words::not_evaluable(c.reason, t), c.n))
                    .collect(),
                false,
            )),
        },
        FlowStep {
            main: boxed(keys::FLOW_EVALUABLE, f.evaluable, vec![], true),
            side: None,
        },
    ];
    Figure {
        id: "fig-flow".into(),
        caption: t.t(keys::FIG_FLOW_CAPTION).to_string(),
        title: t.t(keys::FLOW_TITLE).to_string(),
        description: t.f(
            keys::FIG_FLOW_DESCRIPTION,
            &[
                ("screened", &f.screened),
                ("excluded", &f.excluded_count()),
                ("eligible", &f.eligible),
                ("safety", &f.safety),
                ("not_evaluable", &f.not_evaluable_count()),
                ("evaluable", &f.evaluable),
                ("responders", &f.responders),
                ("non_responders", &f.non_responders),
            ],
        ),
        chart: Chart::Flow(FlowChart {
            steps,
            split: vec![
                boxed(keys::FLOW_RESPONDERS, f.responders, vec![], true),
                boxed(keys::FLOW_NON_RESPONDERS, f.non_responders, vec![], false),
            ],
        }),
    }
}

/// The stable id of a Kaplan–Meier figure (file names of downloads).
fn endpoint_id(e: Endpoint) -> &'static str {
    match e {
        Endpoint::TimeOnTreatment => "time-on-treatment",
        Endpoint::OverallSurvival => "overall-survival",
        Endpoint::AmlFreeSurvival => "aml-free-survival",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 31.0, 8.0),
            vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0]
        );
        assert_eq!(
            nice_ticks(6.0, 11.0, 6.0),
            vec![6.0, 7.0, 8.0, 9.0, 10.0, 11.0]
        );
        assert_eq!(nice_ticks(0.0, 1.0, 4.0), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    }
}
