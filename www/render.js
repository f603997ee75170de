// @ts-check
// Renders the report JSON as the study's journal tables and figures, in the
// order a hematologist reads them. Every string from the user's files
// (patient IDs, WHO class wording, column headers, values) is set as text.

import { el, download, slug } from './dom.js';
import {
  DASH, fixed, trim, percent, pValue, numText, nPct, nOfN, percentInterval, medianRange, meanSem,
  months, levelLabel, missingNote,
} from './format.js';
import { c, n, rh, ch, notComputable, renderTable } from './tables.js';
import { hbFigure, toxicityFigure, kmFigure, flowFigure, serializeSvg, svgToPng } from './figures.js';

/** @typedef {import('./tables.js').TableModel} TableModel */
/** @typedef {import('./tables.js').Cell} Cell */
/** @typedef {{ id: string, title: string, svg: SVGSVGElement }} FigureRef */

/** At most this many diagnostics per severity are listed on the page (all are in the JSON). */
const MAX_DIAGNOSTICS = 500;

/**
 * A `Computed<T>`: its value, or undefined.
 * @param {any} computed
 */
function value(computed) {
  return computed && 'value' in computed ? computed.value : undefined;
}

/**
 * Why a `Computed<T>` is not computable.
 * @param {any} computed
 */
function reason(computed) {
  return computed && typeof computed.not_computable === 'string' ? computed.not_computable : 'not available';
}

/**
 * A section with a heading.
 * @param {string} id
 * @param {string} title
 * @param {Array<Node | string | null | undefined | false>} children
 */
function section(id, title, children) {
  return el('section', { class: 'section', id, 'aria-labelledby': `${id}-title` }, [
    el('h3', { id: `${id}-title`, text: title }),
    ...children,
  ]);
}

/**
 * Renders the whole report.
 * @param {any} report
 * @returns {{ node: HTMLElement, figures: FigureRef[] }}
 */
export function renderReport(report) {
  /** @type {FigureRef[]} */
  const figures = [];
  const root = el('div', { class: 'report-sections' });
  const a = report.analysis;
  const nav = el('nav', { class: 'toc', 'aria-label': 'Report sections' });
  root.append(nav);
  root.append(renderDiagnostics(report));
  if (a) {
    const conf = report.provenance?.settings?.confidence_level ?? 0.95;
    root.append(
      renderFlow(a.population_flow, figures),
      renderTable1(a.table1),
      renderEfficacy(a.efficacy),
      renderTable2(a.table2),
      renderDoseModification(a.dose_modification),
      renderTable4(a.table4),
      renderTable3(a.table3, figures),
      renderHemoglobin(a.hemoglobin, figures),
      renderOutcome(a.discontinuation, a.survival, conf, figures),
      renderPriorEsa(a.prior_esa),
    );
  }
  const list = el('ol');
  for (const s of root.querySelectorAll('section.section')) {
    const heading = s.querySelector('h3');
    list.append(el('li', {}, [el('a', { href: `#${s.id}`, text: heading?.textContent ?? s.id })]));
  }
  nav.append(list);
  return { node: root, figures };
}

/**
 * A figure with its caption and SVG/PNG download buttons.
 * @param {string} id
 * @param {string} caption
 * @param {SVGSVGElement} svg
 * @param {FigureRef[]} figures
 */
function figureBlock(id, caption, svg, figures) {
  figures.push({ id, title: caption, svg });
  const svgButton = el('button', { type: 'button', class: 'secondary', text: 'Download SVG' });
  const pngButton = el('button', { type: 'button', class: 'secondary', text: 'Download PNG' });
  const short = caption.split('. ')[0];
  svgButton.setAttribute('aria-label', `Download SVG of ${short}`);
  pngButton.setAttribute('aria-label', `Download PNG of ${short}`);
  svgButton.addEventListener('click', () => download(`lenalyze-${id}.svg`, serializeSvg(svg), 'image/svg+xml'));
  pngButton.addEventListener('click', async () => {
    const png = await svgToPng(svg, 2);
    download(`lenalyze-${id}.png`, png, 'image/png');
  });
  return el('figure', { class: 'chart-figure', id }, [
    el('div', { class: 'chart-wrap' }, [svg]),
    el('figcaption', { text: caption }),
    el('div', { class: 'export-actions' }, [svgButton, pngButton]),
  ]);
}

// ---------------------------------------------------------------- data check

/** @param {any} report */
function renderDiagnostics(report) {
  const c0 = report.diagnostic_counts;
  const plural = (/** @type {number} */ k, /** @type {string} */ w) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const children = [
    el('p', { class: report.status === 'ok' ? 'summary' : 'summary error', text: `${plural(c0.errors, 'error')}, ${plural(c0.warnings, 'warning')}, ${plural(c0.infos, 'note')}.` + (report.status === 'ok' ? '' : ' The analysis runs once the errors are fixed.') }),
  ];
  const titles = /** @type {Record<string, string>} */ ({
    error: 'Errors — fix these before the analysis can run',
    warning: 'Warnings — values left out or questioned',
    info: 'Notes',
  });
  for (const severity of ['error', 'warning', 'info']) {
    const items = report.diagnostics.filter((/** @type {any} */ d) => d.severity === severity);
    if (items.length === 0) continue;
    const shown = items.slice(0, MAX_DIAGNOSTICS);
    /** @type {TableModel} */
    const model = {
      id: `diagnostics-${severity}`,
      caption: `${titles[severity]} (${items.length})`,
      cls: `diagnostics ${severity}`,
      head: [[ch('File'), ch('Sheet'), ch('Row'), ch('Column'), ch('Value'), ch('Patient'), ch('Message')]],
      groups: [{
        rows: shown.map((/** @type {any} */ d) => {
          const l = d.location ?? {};
          const column = l.column ? `${l.column}${l.column_letter ? ` (${l.column_letter})` : ''}` : (l.column_letter ?? '');
          return [c(l.file ?? ''), c(l.sheet ?? ''), n(l.row ?? '', { csv: l.row ?? '' }), c(column), c(l.value ?? '', { cls: 'value' }), c(l.patient_id ?? ''), rh(d.message, { cls: 'message' })];
        }),
      }],
      footnotes: items.length > shown.length ? [`The first ${shown.length} of ${items.length} are listed; the report JSON has all of them.`] : [],
    };
    children.push(el('h4', { text: titles[severity] }), renderTable(model));
  }
  children.push(renderIngest(report.ingest));
  return section('data-check', 'Data check', children);
}

/** @param {any} ingest */
function renderIngest(ingest) {
  if (!ingest) return null;
  const parts = [el('h4', { text: 'What was read' })];
  /** @type {TableModel} */
  const sheets = {
    id: 'ingest-sheets',
    caption: 'Sheets read and their roles',
    head: [[ch('File'), ch('Sheet'), ch('Role'), ch('Data rows')]],
    groups: [{ rows: ingest.sheets.map((/** @type {any} */ s) => [rh(s.file), c(s.sheet ?? DASH), c(s.role), n(s.rows, { csv: s.rows })]) }],
    footnotes: [],
  };
  parts.push(renderTable(sheets));
  const facts = el('ul', { class: 'facts' });
  facts.append(el('li', {}, [`${ingest.columns.length} CRF columns recognized.`]));
  facts.append(el('li', {}, [ingest.ignored_columns.length
    ? `Columns ignored (not part of the CRF): ${ingest.ignored_columns.join(', ')}.`
    : 'No columns ignored.']));
  if (ingest.unit_conversions.length) {
    for (const u of ingest.unit_conversions) {
      facts.append(el('li', { text: `Converted ${u.columns.join(', ')} from ${u.from_unit} to ${u.to_unit} (× ${u.factor}; decided by the ${u.decided_by}).` }));
    }
  } else {
    facts.append(el('li', { text: 'No unit conversions.' }));
  }
  const ls = ingest.long_sheets;
  if (ls && Object.keys(ls.rows_read ?? {}).length) {
    facts.append(el('li', { text: `Long sheets merged: ${Object.entries(ls.rows_read).map(([k, v]) => `${k} (${v} rows)`).join(', ')}; lab values assigned to a week: ${ls.labs_assigned}, outside every window: ${ls.labs_outside_windows}.` }));
  }
  parts.push(facts);
  const missing = Object.entries(ingest.missing_cells ?? {}).filter(([, m]) => /** @type {any} */ (m).empty || /** @type {any} */ (m).unknown);
  const totals = missing.reduce((acc, [, m]) => [acc[0] + /** @type {any} */ (m).empty, acc[1] + /** @type {any} */ (m).unknown], [0, 0]);
  const details = el('details', { class: 'missing-cells' }, [
    el('summary', { text: `Empty and unknown cells: ${totals[0]} empty (not recorded), ${totals[1]} written as unknown, in ${missing.length} column${missing.length === 1 ? '' : 's'}` }),
  ]);
  if (missing.length) {
    details.append(renderTable({
      id: 'ingest-missing',
      caption: 'Empty vs unknown cells per column',
      head: [[ch('Column'), ch('Empty'), ch('Unknown')]],
      groups: [{ rows: missing.map(([col, m]) => [rh(col), n(/** @type {any} */ (m).empty, { csv: /** @type {any} */ (m).empty }), n(/** @type {any} */ (m).unknown, { csv: /** @type {any} */ (m).unknown })]) }],
      footnotes: ['Empty: the cell was left blank (not recorded). Unknown: the cell says so (NA, unknown, -).'],
    }));
  }
  parts.push(details);
  return el('div', { class: 'ingest' }, parts);
}

// ---------------------------------------------------------------- flow

/**
 * @param {any} flow
 * @param {FigureRef[]} figures
 */
function renderFlow(flow, figures) {
  const excludedReasons = Object.entries(flow.excluded_by_reason);
  const summary = `Screened ${flow.screened} → ${flow.eligibility_applied ? `excluded ${flow.excluded.length}` : 'eligibility not applied'} → eligible ${flow.eligible}`
    + `${flow.no_start_date.length ? ` → no start date ${flow.no_start_date.length}` : ''} → safety population ${flow.safety} → not evaluable ${flow.not_evaluable.length}`
    + ` → evaluable ${flow.evaluable} → Responders (RBC-TI) ${flow.responders}, non-responders ${flow.non_responders}.`;
  const children = [
    figureBlock('fig-flow', 'Population flow: screened, eligible, safety, evaluable, responders.', flowFigure(flow, 'fig-flow-svg'), figures),
    el('p', { class: 'flow-summary', text: summary }),
  ];
  if (flow.kept_not_assessable) {
    children.push(el('p', { class: 'hint', text: `${flow.kept_not_assessable} eligible patient(s) kept although a criterion could not be assessed (see the warnings).` }));
  }
  if (flow.excluded.length) {
    children.push(renderTable({
      id: 'flow-excluded',
      caption: `Excluded patients (${flow.excluded.length})`,
      head: [[ch('Patient'), ch('Row'), ch('Reasons (every criterion failed)')]],
      groups: [{ rows: flow.excluded.map((/** @type {any} */ x) => [rh(x.patient_id), n(x.row, { csv: x.row }), c(x.reasons.join('; '))]) }],
      footnotes: [`By reason: ${excludedReasons.map(([r, k]) => `${r}, ${k}`).join('; ')} (a patient may fail several criteria).`],
    }));
  }
  if (flow.no_start_date.length) {
    children.push(el('p', { class: 'hint', text: `Eligible but without a start date (not in the safety population): ${flow.no_start_date.join(', ')}.` }));
  }
  if (flow.not_evaluable.length) {
    children.push(renderTable({
      id: 'flow-not-evaluable',
      caption: `Not evaluable for response (${flow.not_evaluable.length})`,
      head: [[ch('Patient'), ch('Stop reason'), ch('Days on treatment'), ch('Response')]],
      groups: [{ rows: flow.not_evaluable.map((/** @type {any} */ x) => [rh(x.patient_id), c(x.stop_reason ?? DASH), n(x.days_on_treatment ?? DASH, { csv: x.days_on_treatment ?? '' }), c(x.response)]) }],
      footnotes: [`By reason: ${Object.entries(flow.not_evaluable_by_reason).map(([r, k]) => `${r}, ${k}`).join('; ')}.`],
    }));
  }
  return section('flow', 'Population flow', children);
}

// ---------------------------------------------------------------- Table 1

/**
 * Formats a value of a continuous row.
 * @param {string} unit
 */
function valueFormat(unit) {
  return unit === 'g/dL' ? (/** @type {number} */ x) => fixed(x, 1) : (/** @type {number} */ x) => trim(x, 1);
}

/**
 * A count cell in a table whose population has N patients: "n (pct)",
 * "n/d (pct)" when the denominator differs, and the percentage of known
 * values in brackets when some are missing.
 * @param {import('./format.js').Count} count
 * @param {number} N
 */
function countCell(count, N) {
  let text = count.denominator === N ? nPct(count) : `${count.n}/${count.denominator}${count.percent === null ? '' : ` (${percent(count.percent)})`}`;
  if (count.missing > 0 && count.percent_of_known !== null) text += ` [${percent(count.percent_of_known)}]`;
  return n(text);
}

/** @param {any} t */
function renderTable1(t) {
  /** @type {import('./tables.js').Group[]} */
  const groups = [];
  let anyKnownPct = false;
  for (const row of t.rows) {
    if (row.kind === 'continuous') {
      const d = row.describe;
      const s = value(d.summary);
      const label = `${row.label} (${row.unit})${d.missing.total ? ` — ${missingNote(d.missing.total)}` : ''}`;
      const f = valueFormat(row.unit);
      /** @type {Cell[][]} */
      const rows = [];
      if (row.show.includes('median_range')) rows.push([rh('Median (range)', { cls: 'indent' }), s ? n(medianRange(s, f)) : notComputable(reason(d.summary))]);
      if (row.show.includes('mean_sem')) rows.push([rh('Mean ± SEM', { cls: 'indent' }), s ? n(meanSem(s, 1)) : notComputable(reason(d.summary))]);
      groups.push({ label, rows });
    } else {
      const label = `${row.label}${row.missing.total ? ` — ${missingNote(row.missing.total)}` : ''}`;
      const rows = row.levels.map((/** @type {[string, any]} */ [level, count]) => {
        if (count.missing > 0) anyKnownPct = true;
        return [rh(level, { cls: 'indent' }), countCell(count, t.n)];
      });
      groups.push({ label, rows });
    }
  }
  const footnotes = [`Safety population, N = ${t.n}. Values are n (%) unless stated; percentages of N, one decimal.`];
  if (anyKnownPct) footnotes.push('[ ]: percentage of the patients with a known value.');
  footnotes.push('SEM, standard error of the mean (SD/√n); ESA, erythropoiesis-stimulating agent; IPSS(-R), International Prognostic Scoring System (revised); RBC-TI, red blood cell transfusion independence.');
  return section('characteristics', 'Table 1. Patient characteristics', [renderTable({
    id: 'table1',
    caption: `Table 1. Patient characteristics (N = ${t.n})`,
    head: [[ch('Parameter'), ch('N (%)', { num: true })]],
    groups,
    footnotes,
  })]);
}

// ---------------------------------------------------------------- efficacy

/** @param {any} e */
function renderEfficacy(e) {
  const ti = value(e.rbc_ti);
  const level = ti ? levelLabel(ti.confidence_level) : '95%';
  /** @type {TableModel} */
  const response = {
    id: 'efficacy-response',
    caption: `Response to lenalidomide (evaluable population, N = ${e.n})`,
    head: [[ch('Response'), ch('n/N (%)', { num: true }), ch(`${level} CI (%)`, { num: true })]],
    groups: [{
      rows: [
        [rh('RBC-TI (HI-E major)'), ti ? n(nOfN(ti.count)) : notComputable(reason(e.rbc_ti)), ti ? n(percentInterval(ti.lower, ti.upper)) : notComputable(reason(e.rbc_ti))],
        [rh('HI-E minor'), n(nOfN(e.hi_e_minor)), n('')],
        [rh('No response'), n(nOfN(e.no_response)), n('')],
        [rh('Any HI-E (RBC-TI or minor)'), n(nOfN(e.any_hi_e)), n('')],
      ],
    }],
    footnotes: [
      `CI: ${ti ? ti.method : 'Clopper–Pearson exact interval'}, ${level}; evaluable population, N = ${e.n}.`,
      'RBC-TI, RBC transfusion independence for ≥ 8 weeks; HI-E, hematologic improvement–erythroid (IWG 2000).',
    ],
  };
  const d = e.duration_months;
  const welch = value(d.welch);
  const mw = value(d.mann_whitney);
  /** @param {string} name @param {any} g @param {boolean} first */
  const durationRow = (name, g, first) => {
    const s = value(g.summary);
    /** @type {Cell[]} */
    const row = [
      rh(`${name}${g.missing.total ? ` (${missingNote(g.missing.total)})` : ''}`),
      n(g.n, { csv: g.n }),
      s ? n(meanSem(s, 1)) : notComputable(reason(g.summary)),
      s ? n(medianRange(s, (x) => fixed(x, 1))) : notComputable(reason(g.summary)),
    ];
    if (first) {
      row.push(welch ? n(pValue(welch.p_value), { rowspan: 2 }) : notComputable(reason(d.welch), { rowspan: 2 }));
      row.push(mw ? n(pValue(mw.p_value), { rowspan: 2 }) : notComputable(reason(d.mann_whitney), { rowspan: 2 }));
    }
    return row;
  };
  /** @type {TableModel} */
  const duration = {
    id: 'efficacy-duration',
    caption: 'Duration of lenalidomide use by response (months)',
    head: [[ch('Group'), ch('n', { num: true }), ch('Mean ± SEM', { num: true }), ch('Median (range)', { num: true }), ch('P (Welch)', { num: true }), ch('P (Mann–Whitney)', { num: true })]],
    groups: [{ rows: [durationRow('Responders', d.responders, true), durationRow('Non-responders', d.non_responders, false)] }],
    footnotes: [
      `Months = days / 30.4375; days on treatment = (stop date, or last follow-up when still on treatment) − start date. Evaluable population, N = ${e.n}.`,
      `P (Welch): ${welch ? welch.method : "Welch's two-sample t-test, two-sided"}. P (Mann–Whitney): ${mw ? mw.method : 'Mann–Whitney U, two-sided'}.`,
    ],
  };
  const t = e.time_to_response_days;
  const ts = value(t.summary);
  /** @type {TableModel} */
  const ttr = {
    id: 'efficacy-time-to-response',
    caption: 'Time to response (days from start to RBC-TI)',
    head: [[ch('Group'), ch('n', { num: true }), ch('Median (range)', { num: true }), ch('Mean ± SEM', { num: true })]],
    groups: [{ rows: [[
      rh(`Responders with a response date${t.missing.total ? ` (${missingNote(t.missing.total)})` : ''}`),
      n(t.n, { csv: t.n }),
      ts ? n(medianRange(ts, (x) => trim(x, 1))) : notComputable(reason(t.summary)),
      ts ? n(meanSem(ts, 1)) : notComputable(reason(t.summary)),
    ]] }],
    footnotes: ['Time to response = response date − start date, where the response date is recorded.'],
  };
  return section('efficacy', 'Efficacy', [renderTable(response), renderTable(duration), renderTable(ttr)]);
}

// ---------------------------------------------------------------- 2×2 tables

/**
 * The odds-ratio cell of a 2×2 table.
 * @param {any} table
 * @param {Omit<Cell, 'text'>} [opts]
 */
function oddsRatioCell(table, opts = {}) {
  const or = value(table.odds_ratio);
  if (!or) return notComputable(reason(table.odds_ratio), opts);
  return n(`${numText(or.estimate, 2)} (${numText(or.lower, 2)}–${numText(or.upper, 2)})`, { title: or.compares, ...opts });
}

/**
 * The P cell of a 2×2 table (the test the settings chose).
 * @param {any} table
 * @param {Omit<Cell, 'text'>} [opts]
 */
function pCell(table, opts = {}) {
  const t = value(table.test);
  return t ? n(pValue(t.p_value), opts) : notComputable(reason(table.test), opts);
}

/**
 * The method of the chosen test across rows.
 * @param {any[]} tables
 */
function testMethod(tables) {
  for (const t of tables) {
    const v = value(t.test);
    if (v) return v.method;
  }
  return 'the chosen test';
}

/** @param {any} t */
function renderTable2(t) {
  const groups = t.rows.map((/** @type {any} */ row) => {
    const [[a, b], [cc, d]] = row.table.counts;
    let level1 = row.level1;
    let level2 = row.level2;
    if (row.factor === 'Age' && t.age_median !== null && t.age_median !== undefined) {
      level1 = `< median (${trim(t.age_median, 1)} y)`;
      level2 = `≥ median (${trim(t.age_median, 1)} y)`;
    }
    return {
      rows: [
        [
          rh(`${row.factor}${row.missing ? ` (${missingNote(row.missing)})` : ''}`, { scope: 'rowgroup', rowspan: 2, cls: 'factor' }),
          rh(level1),
          n(a, { csv: a }), n(b, { csv: b }),
          pCell(row.table, { rowspan: 2 }),
          oddsRatioCell(row.table, { rowspan: 2 }),
        ],
        [rh(level2), n(cc, { csv: cc }), n(d, { csv: d })],
      ],
    };
  });
  const level = value(t.rows[0]?.table.odds_ratio)?.confidence_level ?? 0.95;
  return section('predictors', 'Table 2. Predictors of RBC-TI', [renderTable({
    id: 'table2',
    caption: `Table 2. Evaluation of potential predictors for RBC-TI (evaluable population, N = ${t.n})`,
    cls: 'table2',
    head: [[ch('Factor'), ch('Level'), ch('Response no', { num: true }), ch('Response yes', { num: true }), ch('P', { num: true }), ch(`OR (${levelLabel(level)} CI)`, { num: true })]],
    groups,
    footnotes: [
      `P: ${testMethod(t.rows.map((/** @type {any} */ r) => r.table))}; evaluable population, N = ${t.n}.`,
      `OR: odds of RBC-TI in the second level relative to the first; conditional maximum-likelihood estimate with exact ${levelLabel(level)} interval (as R fisher.test). Age split at the median of the safety population.`,
      'A patient missing a factor is left out of that row (the row says how many).',
    ],
  })]);
}

/** @param {any} dm */
function renderDoseModification(dm) {
  /** @param {string} label @param {any} change */
  const row = (label, change) => [rh(label), n(nOfN(change.responders)), n(nOfN(change.non_responders)), pCell(change.table), oddsRatioCell(change.table)];
  const level = value(dm.reduction.table.odds_ratio)?.confidence_level ?? 0.95;
  const miss = [dm.reduction, dm.interruption].filter((x) => x.responders.missing || x.non_responders.missing)
    .map((x) => `${x.what}: ${missingNote(x.responders.missing + x.non_responders.missing)}`);
  return section('dose', 'Dose modification', [renderTable({
    id: 'dose-modification',
    caption: 'Dose modification by response (evaluable population)',
    head: [[ch('Modification'), ch('Responders, n/N (%)', { num: true }), ch('Non-responders, n/N (%)', { num: true }), ch('P', { num: true }), ch(`OR (${levelLabel(level)} CI)`, { num: true })]],
    groups: [{ rows: [row('Dose reduction', dm.reduction), row('Dose interruption', dm.interruption)] }],
    footnotes: [
      `P: ${testMethod([dm.reduction.table, dm.interruption.table])}; evaluable population, N = ${dm.reduction_overall.denominator}.`,
      'OR: odds of the modification in responders relative to non-responders (conditional maximum-likelihood estimate, exact interval).',
      `Dose reduction in all evaluable patients: ${nOfN(dm.reduction_overall)}.`,
      ...(miss.length ? [`Missing: ${miss.join('; ')}.`] : []),
    ],
  })]);
}

// ---------------------------------------------------------------- Table 4

/** @param {any} t */
function renderTable4(t) {
  /** @type {TableModel} */
  const doses = {
    id: 'table4',
    caption: `Table 4. Final stable dose of lenalidomide for responders (N = ${t.n})`,
    head: [[ch('Lenalidomide dosing'), ch('Patients, n (%)', { num: true }), ch('Dose intensity (mg/day)', { num: true })]],
    groups: [{ rows: t.rows.map((/** @type {any} */ r) => [rh(r.dosing), n(nPct(r.count)), n(trim(r.dose_intensity_mg_per_day, 2), { csv: r.dose_intensity_mg_per_day })]) }],
    footnotes: [
      `Responders, N = ${t.n}; ordered by dose intensity, highest first. Dose intensity = dose × share of days dosed.`,
      ...(t.missing ? [`Responders without a readable final dose and schedule: ${t.missing} (${missingNote(t.missing)}).`] : []),
    ],
  };
  const corr = t.correlations.map((/** @type {any} */ k) => {
    const p = value(k.pearson);
    const s = value(k.spearman);
    return [
      rh(`${capitalize(k.with)}${k.missing ? ` (${missingNote(k.missing)})` : ''}`),
      n(p ? p.n : (s ? s.n : DASH), { csv: p ? p.n : '' }),
      p ? n(fixed(p.r, 3), { csv: Number(roundTo(p.r, 3)) }) : notComputable(reason(k.pearson)),
      p ? n(pValue(p.p_value)) : notComputable(reason(k.pearson)),
      s ? n(fixed(s.r, 3), { csv: Number(roundTo(s.r, 3)) }) : notComputable(reason(k.spearman)),
      s ? n(pValue(s.p_value)) : notComputable(reason(k.spearman)),
    ];
  });
  const p0 = value(t.correlations[0]?.pearson);
  const s0 = value(t.correlations[0]?.spearman);
  /** @type {TableModel} */
  const correlations = {
    id: 'table4-correlations',
    caption: 'Correlation of final dose intensity with body size (responders)',
    head: [[ch('With'), ch('n', { num: true }), ch('Pearson r', { num: true }), ch('P', { num: true }), ch('Spearman ρ', { num: true }), ch('P', { num: true })]],
    groups: [{ rows: corr }],
    footnotes: [`Pearson: ${p0 ? p0.method : 'two-sided t test on n−2 df'}. Spearman: ${s0 ? s0.method : 'two-sided t approximation'}. Responders, N = ${t.n}.`],
  };
  return section('final-dose', 'Table 4. Final stable dose', [renderTable(doses), renderTable(correlations)]);
}

/**
 * Rounds half away from zero, as a number (for CSV cells).
 * @param {number} x
 * @param {number} digits
 */
function roundTo(x, digits) {
  return fixed(x, digits).replace('\u2212', '-');
}

// ---------------------------------------------------------------- Table 3

/** @param {string} s */
function capitalize(s) {
  return s.length ? s[0].toUpperCase() + s.slice(1) : s;
}

/**
 * @param {any} t
 * @param {FigureRef[]} figures
 */
function renderTable3(t, figures) {
  let fnNote = false;
  /** @param {any} r */
  const row = (r) => {
    const fn = r.term === 'febrile_neutropenia' && r.by_grade[1] === 0 && r.by_grade[2] === 0;
    if (fn) fnNote = true;
    return [
      rh(`${capitalize(r.label)}${fn ? ' a)' : ''}${r.missing ? ` (${missingNote(r.missing)})` : ''}`),
      ...r.by_grade.map((/** @type {number} */ k, /** @type {number} */ g) => (fn && (g === 1 || g === 2) ? n('–', { title: 'Not defined in CTCAE v5.0', csv: '' }) : n(k, { csv: k }))),
      n(nPct(r.any_grade)),
      n(r.grade_3_or_higher.n === 0 ? '0' : nPct(r.grade_3_or_higher)),
    ];
  };
  const hem = t.rows.filter((/** @type {any} */ r) => r.group === 'hematologic');
  const non = t.rows.filter((/** @type {any} */ r) => r.group !== 'hematologic');
  /** @type {import('./tables.js').Group[]} */
  const groups = [];
  if (hem.length) groups.push({ label: 'Hematologic', rows: hem.map(row) });
  if (non.length) groups.push({ label: 'Non-hematologic', rows: non.map(row) });
  const footnotes = [`Patients by worst CTCAE grade during treatment; safety population, N = ${t.n}. Any (%) and Grade ≥3 (%) are n (% of N).`];
  if (fnNote) footnotes.push('a) Grade 1 or 2 febrile neutropenia is not defined in the Common Terminology Criteria for Adverse Events v5.0.');
  const children = [renderTable({
    id: 'table3',
    caption: `Table 3. Hematologic and non-hematologic toxicities (worst during treatment, N = ${t.n})`,
    cls: 'table3',
    head: [[ch('Toxicity'), ch('None', { num: true }), ch('Grade 1', { num: true }), ch('Grade 2', { num: true }), ch('Grade 3', { num: true }), ch('Grade 4', { num: true }), ch('Grade 5', { num: true }), ch('Any (%)', { num: true }), ch('Grade ≥3 (%)', { num: true })]],
    groups,
    footnotes,
  })];
  if (t.rows.length) {
    children.push(figureBlock('fig-toxicity', `Figure 2. Toxicities by worst grade (patients, N = ${t.n}).`, toxicityFigure(t, 'fig-toxicity-svg'), figures));
  }
  return section('toxicity', 'Table 3. Toxicity', children);
}

// ---------------------------------------------------------------- hemoglobin

/**
 * @param {any} h
 * @param {FigureRef[]} figures
 */
function renderHemoglobin(h, figures) {
  const weeks = [...new Set(h.series.flatMap((/** @type {any} */ s) => s.points.map((/** @type {any} */ p) => p.week)))].sort((x, y) => x - y);
  const rows = weeks.map((w) => {
    /** @type {Cell[]} */
    const row = [rh(`Week ${w}`)];
    for (const s of h.series) {
      const p = s.points.find((/** @type {any} */ q) => q.week === w);
      const sum = p && value(p.summary);
      row.push(n(p ? p.n : 0, { csv: p ? p.n : 0 }));
      row.push(sum ? n(meanSem(sum, 1)) : (p ? notComputable(reason(p.summary)) : n(DASH)));
    }
    return row;
  });
  const names = /** @type {Record<string, string>} */ ({ responders: 'Responders', 'non-responders': 'Non-responders' });
  const head = [
    [ch('Week', { rowspan: 2 }), ...h.series.map((/** @type {any} */ s) => ch(`${names[s.group] ?? s.group} (N = ${s.n_patients})`, { colspan: 2 }))],
    h.series.flatMap(() => [ch('n', { num: true }), ch(`Mean ± SEM (${h.unit})`, { num: true })]),
  ];
  return section('hb', 'Hemoglobin over time', [
    renderTable({
      id: 'hemoglobin',
      caption: `Hemoglobin by week of treatment (${h.unit}, mean ± SEM)`,
      head,
      groups: [{ rows }],
      footnotes: [`${h.method}; evaluable responders and non-responders. n: patients with a value that week.`],
    }),
    figureBlock('fig-hb', 'Figure 1. Hemoglobin level changes after lenalidomide treatment (mean ± SEM), responders vs non-responders.', hbFigure(h, 'fig-hb-svg'), figures),
  ]);
}

// ---------------------------------------------------------------- outcome

/**
 * Months from days, one decimal; null = not reached.
 * @param {number | null | undefined} days
 */
function monthsText(days) {
  return days === null || days === undefined ? 'NR' : fixed(months(days), 1);
}

/**
 * @param {any} d
 * @param {any[]} survival
 * @param {number} conf
 * @param {FigureRef[]} figures
 */
function renderOutcome(d, survival, conf, figures) {
  /** @type {Cell[][]} */
  const rows = [[rh('Stopped lenalidomide'), countCell(d.stopped, d.n)]];
  for (const [why, count] of d.by_reason) rows.push([rh(why, { cls: 'indent' }), countCell(count, d.n)]);
  rows.push([rh('Still on treatment at last follow-up'), countCell(d.on_treatment, d.n)]);
  if (d.stop_unknown) rows.push([rh('Stop date unknown or unreadable'), n(d.stop_unknown, { csv: d.stop_unknown })]);
  const stops = renderTable({
    id: 'discontinuation',
    caption: `Discontinuation (safety population, N = ${d.n})`,
    head: [[ch('Status'), ch('n (%)', { num: true })]],
    groups: [{ rows }],
    footnotes: [`Safety population, N = ${d.n}; percentages of N.`],
  });
  const level = levelLabel(conf);
  const kmRows = survival.map((s) => {
    const k = value(s.estimate);
    if (!k) return [rh(s.name), c(s.event), notComputable(reason(s.estimate)), notComputable(reason(s.estimate)), notComputable(reason(s.estimate)), n(s.excluded, { csv: s.excluded })];
    const median = k.median_days === null ? 'not reached' : fixed(months(k.median_days), 1);
    const ci = `${monthsText(k.median_lower_days)}–${monthsText(k.median_upper_days)}`;
    return [rh(s.name), c(s.event), n(k.n, { csv: k.n }), n(k.events, { csv: k.events }), n(`${median} (${ci})`), n(s.excluded, { csv: s.excluded })];
  });
  const method = survival[0]?.method ?? 'Kaplan–Meier';
  const km = renderTable({
    id: 'survival',
    caption: 'Kaplan–Meier estimates (safety population)',
    head: [[ch('Analysis'), ch('Event'), ch('Patients', { num: true }), ch('Events', { num: true }), ch(`Median, months (${level} CI)`, { num: true }), ch('Left out', { num: true })]],
    groups: [{ rows: kmRows }],
    footnotes: [
      `${method}. Time from lenalidomide start, censored at last follow-up; months = days / 30.4375. NR: not reached.`,
      'Left out: patients without the dates an analysis needs (e.g. a death without a date).',
    ],
  });
  const children = [stops, km];
  survival.forEach((s, i) => {
    const k = value(s.estimate);
    if (!k) return;
    const id = `fig-km-${slug(s.name)}`;
    children.push(figureBlock(id, `Figure ${3 + i}. ${s.name} (Kaplan–Meier; event: ${s.event}; N = ${k.n}, events = ${k.events}).`, kmFigure(s, `${id}-svg`), figures));
  });
  return section('outcome', 'Discontinuation and Kaplan–Meier', children);
}

/** @param {any} e */
function renderPriorEsa(e) {
  return section('esa', 'Prior ESA subgroup', [renderTable({
    id: 'prior-esa',
    caption: 'Patients previously treated with an ESA',
    head: [[ch('Subgroup'), ch('n/N (%)', { num: true })]],
    groups: [{
      rows: [
        [rh(`Treated with an ESA before lenalidomide${e.treated.missing ? ` (${missingNote(e.treated.missing)})` : ''}`), n(nOfN(e.treated))],
        [rh(`RBC-TI on the ESA${e.rbc_ti_on_esa.missing ? ` (${missingNote(e.rbc_ti_on_esa.missing)})` : ''}`, { cls: 'indent' }), n(nOfN(e.rbc_ti_on_esa))],
        [rh('RBC-TI on lenalidomide (evaluable ESA-treated patients)', { cls: 'indent' }), n(nOfN(e.rbc_ti_on_lenalidomide))],
      ],
    }],
    footnotes: ['Safety population; RBC-TI on lenalidomide among those ESA-treated patients who are evaluable for response. ESA, erythropoiesis-stimulating agent.'],
  })]);
}

export { svgToPng };
