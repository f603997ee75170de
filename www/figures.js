// @ts-check
// The report's figures as SVG, built with createElementNS; every label is
// set with textContent. Styling is presentation attributes only (no CSS
// classes, no <style>), so a downloaded SVG or PNG looks like the page, and
// the page's strict CSP is respected. Colors differ in lightness and line
// style, so the figures read in grayscale and in print.

import { fixed, trim, months, DAYS_PER_MONTH } from './format.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans KR", Arial, sans-serif';
const INK = '#1b1f24';
const MUTED = '#4a525b';
const GRID = '#d9dde2';

/**
 * Creates an SVG element.
 * @param {string} tag
 * @param {Record<string, string | number | undefined | null>} [attrs]
 * @param {Array<Node | string | null | undefined | false>} [children]
 * @returns {SVGElement}
 */
function s(tag, attrs = {}, children = []) {
  const node = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/**
 * SVG text.
 * @param {number} x
 * @param {number} y
 * @param {string} text
 * @param {Record<string, string | number | undefined>} [attrs]
 */
function t(x, y, text, attrs = {}) {
  return s('text', { x, y, fill: INK, text, ...attrs });
}

/**
 * An accessible SVG root with <title> and <desc>, a white background, and
 * a viewBox (CSS scales it to the page).
 * @param {string} id
 * @param {number} width
 * @param {number} height
 * @param {string} title
 * @param {string} desc
 * @returns {SVGSVGElement}
 */
function root(id, width, height, title, desc) {
  const svg = /** @type {SVGSVGElement} */ (s('svg', {
    id, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`, 'font-family': FONT, 'font-size': 12, class: 'chart',
  }));
  svg.append(s('title', { id: `${id}-title`, text: title }), s('desc', { id: `${id}-desc`, text: desc }));
  svg.append(s('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }));
  return svg;
}

/**
 * Nice tick values covering [lo, hi].
 * @param {number} lo
 * @param {number} hi
 * @param {number} target
 */
function ticks(lo, hi, target = 6) {
  const span = hi - lo || 1;
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => span / st <= target) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1e9) / 1e9);
  return out;
}

/**
 * A linear scale.
 * @param {number} d0
 * @param {number} d1
 * @param {number} r0
 * @param {number} r1
 */
function scale(d0, d1, r0, r1) {
  return (/** @type {number} */ v) => r0 + ((v - d0) / (d1 - d0 || 1)) * (r1 - r0);
}

// ---------------------------------------------------------------- Figure 1

/**
 * Figure 1: hemoglobin mean ± SEM by week, responders vs non-responders,
 * with n under each week.
 * @param {any} h  report.analysis.hemoglobin
 * @param {string} id
 * @returns {SVGSVGElement}
 */
export function hbFigure(h, id) {
  const W = 760;
  const H = 440;
  const m = { left: 110, right: 24, top: 48, bottom: 120 };
  const styles = [
    { name: 'Responders', stroke: INK, dash: undefined, fill: INK, shape: 'circle', dx: -3 },
    { name: 'Non-responders', stroke: '#6b7580', dash: '6 4', fill: '#ffffff', shape: 'square', dx: 3 },
  ];
  const series = h.series.map((/** @type {any} */ sr, /** @type {number} */ i) => ({
    ...styles[i % 2],
    name: sr.group === 'responders' ? 'Responders' : sr.group === 'non-responders' ? 'Non-responders' : sr.group,
    nPatients: sr.n_patients,
    points: sr.points.filter((/** @type {any} */ p) => p.summary && 'value' in p.summary)
      .map((/** @type {any} */ p) => ({ week: p.week, n: p.n, mean: p.summary.value.mean, sem: p.summary.value.sem ?? 0 })),
    allPoints: sr.points,
  }));
  const all = series.flatMap((/** @type {any} */ sr) => sr.points);
  const weeks = [...new Set(series.flatMap((/** @type {any} */ sr) => sr.allPoints.map((/** @type {any} */ p) => p.week)))].sort((a, b) => a - b);
  const maxWeek = Math.max(48, ...weeks);
  const lo = all.length ? Math.floor(Math.min(...all.map((/** @type {any} */ p) => p.mean - p.sem)) - 0.5) : 0;
  const hi = all.length ? Math.ceil(Math.max(...all.map((/** @type {any} */ p) => p.mean + p.sem)) + 0.5) : 14;
  const x = scale(0, maxWeek, m.left + 10, W - m.right - 10);
  const y = scale(lo, hi, H - m.bottom, m.top);
  const desc = series.map((/** @type {any} */ sr) => `${sr.name} (N = ${sr.nPatients}): ${sr.points.map((/** @type {any} */ p) => `week ${p.week} ${fixed(p.mean, 1)} ± ${fixed(p.sem, 1)} (n = ${p.n})`).join('; ')}`).join('. ');
  const svg = root(id, W, H, 'Figure 1. Hemoglobin (g/dL, mean ± SEM) by week of lenalidomide treatment', desc || 'No hemoglobin values.');
  const plot = s('g');
  for (const v of ticks(lo, hi, 6)) {
    plot.append(s('line', { x1: m.left, x2: W - m.right, y1: y(v), y2: y(v), stroke: GRID, 'stroke-width': 1 }));
    plot.append(t(m.left - 8, y(v) + 4, trim(v, 1), { 'text-anchor': 'end', fill: MUTED }));
  }
  plot.append(s('line', { x1: m.left, x2: W - m.right, y1: H - m.bottom, y2: H - m.bottom, stroke: INK }));
  plot.append(s('line', { x1: m.left, x2: m.left, y1: m.top, y2: H - m.bottom, stroke: INK }));
  for (const w of weeks) {
    plot.append(s('line', { x1: x(w), x2: x(w), y1: H - m.bottom, y2: H - m.bottom + 5, stroke: INK }));
    plot.append(t(x(w), H - m.bottom + 18, String(w), { 'text-anchor': 'middle' }));
  }
  plot.append(t((m.left + W - m.right) / 2, H - m.bottom + 36, 'Weeks from lenalidomide start', { 'text-anchor': 'middle', 'font-weight': 600 }));
  plot.append(t(22, (m.top + H - m.bottom) / 2, `Hemoglobin (${h.unit}, mean ± SEM)`, { 'text-anchor': 'middle', 'font-weight': 600, transform: `rotate(-90 22 ${(m.top + H - m.bottom) / 2})` }));
  // n under each week, one row per series.
  plot.append(t(m.left - 8, H - m.bottom + 62, 'n', { 'text-anchor': 'end', 'font-style': 'italic', fill: MUTED }));
  series.forEach((/** @type {any} */ sr, /** @type {number} */ i) => {
    const rowY = H - m.bottom + 80 + i * 18;
    plot.append(t(m.left - 8, rowY, sr.name, { 'text-anchor': 'end', fill: MUTED }));
    for (const w of weeks) {
      const p = sr.allPoints.find((/** @type {any} */ q) => q.week === w);
      plot.append(t(x(w), rowY, String(p ? p.n : 0), { 'text-anchor': 'middle' }));
    }
  });
  for (const sr of series) {
    const g = s('g');
    const pts = sr.points;
    if (pts.length > 1) {
      g.append(s('polyline', {
        points: pts.map((/** @type {any} */ p) => `${x(p.week) + sr.dx},${y(p.mean)}`).join(' '),
        fill: 'none', stroke: sr.stroke, 'stroke-width': 2, 'stroke-dasharray': sr.dash,
      }));
    }
    for (const p of pts) {
      const cx = x(p.week) + sr.dx;
      if (p.sem > 0) {
        g.append(s('line', { x1: cx, x2: cx, y1: y(p.mean - p.sem), y2: y(p.mean + p.sem), stroke: sr.stroke, 'stroke-width': 1.5 }));
        for (const v of [p.mean - p.sem, p.mean + p.sem]) g.append(s('line', { x1: cx - 4, x2: cx + 4, y1: y(v), y2: y(v), stroke: sr.stroke, 'stroke-width': 1.5 }));
      }
      g.append(marker(sr.shape, cx, y(p.mean), sr.stroke, sr.fill));
    }
    plot.append(g);
  }
  // Legend above the plot.
  const legend = s('g');
  let lx = m.left;
  for (const sr of series) {
    legend.append(s('line', { x1: lx, x2: lx + 34, y1: 22, y2: 22, stroke: sr.stroke, 'stroke-width': 2, 'stroke-dasharray': sr.dash }));
    legend.append(marker(sr.shape, lx + 17, 22, sr.stroke, sr.fill));
    const label = `${sr.name} (N = ${sr.nPatients})`;
    legend.append(t(lx + 42, 26, label));
    lx += 42 + label.length * 7 + 28;
  }
  svg.append(plot, legend);
  return svg;
}

/**
 * A point marker.
 * @param {string} shape
 * @param {number} cx
 * @param {number} cy
 * @param {string} stroke
 * @param {string} fill
 */
function marker(shape, cx, cy, stroke, fill) {
  return shape === 'square'
    ? s('rect', { x: cx - 4.5, y: cy - 4.5, width: 9, height: 9, fill, stroke, 'stroke-width': 1.8 })
    : s('circle', { cx, cy, r: 4.5, fill, stroke, 'stroke-width': 1.8 });
}

// ---------------------------------------------------------------- toxicity

/** Grade colors, light to dark: distinct in grayscale. */
const GRADE_FILL = ['', '#d4e4f4', '#8fbbe0', '#3d7fc0', '#15407a', '#000000'];

/**
 * Toxicity by worst grade: one stacked horizontal bar per term.
 * @param {any} table3
 * @param {string} id
 * @returns {SVGSVGElement}
 */
export function toxicityFigure(table3, id) {
  const N = table3.n;
  const rows = /** @type {any[]} */ (table3.rows);
  const rowH = 22;
  const m = { left: 190, right: 50, top: 56, bottom: 48 };
  /** @type {Array<{ kind: 'group', label: string } | { kind: 'term', row: any }>} */
  const lines = [];
  let lastGroup = '';
  for (const r of rows) {
    if (r.group !== lastGroup) {
      lines.push({ kind: 'group', label: r.group === 'hematologic' ? 'Hematologic' : 'Non-hematologic' });
      lastGroup = r.group;
    }
    lines.push({ kind: 'term', row: r });
  }
  const W = 760;
  const H = m.top + lines.length * rowH + m.bottom;
  const x = scale(0, Math.max(N, 1), m.left, W - m.right);
  const desc = rows.map((r) => `${r.label}: ${r.by_grade.slice(1).map((/** @type {number} */ k, /** @type {number} */ i) => `grade ${i + 1} ${k}`).join(', ')}`).join('; ');
  const svg = root(id, W, H, `Toxicities by worst grade (patients, N = ${N})`, desc || 'No adverse events.');
  const plotBottom = m.top + lines.length * rowH;
  for (const v of ticks(0, Math.max(N, 1), 8)) {
    svg.append(s('line', { x1: x(v), x2: x(v), y1: m.top - 4, y2: plotBottom, stroke: GRID }));
    svg.append(t(x(v), plotBottom + 16, trim(v, 1), { 'text-anchor': 'middle', fill: MUTED }));
  }
  svg.append(s('line', { x1: m.left, x2: W - m.right, y1: plotBottom, y2: plotBottom, stroke: INK }));
  svg.append(t((m.left + W - m.right) / 2, plotBottom + 36, 'Patients', { 'text-anchor': 'middle', 'font-weight': 600 }));
  lines.forEach((line, i) => {
    const yTop = m.top + i * rowH;
    if (line.kind === 'group') {
      svg.append(t(8, yTop + 15, line.label, { 'font-weight': 700 }));
      return;
    }
    const r = line.row;
    const label = r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label;
    svg.append(t(m.left - 8, yTop + 15, label.charAt(0).toUpperCase() + label.slice(1), { 'text-anchor': 'end' }));
    let acc = 0;
    for (let g = 1; g <= 5; g++) {
      const k = r.by_grade[g];
      if (!k) continue;
      svg.append(s('rect', { x: x(acc), y: yTop + 4, width: x(acc + k) - x(acc), height: rowH - 8, fill: GRADE_FILL[g], stroke: '#ffffff', 'stroke-width': 1 }));
      acc += k;
    }
    svg.append(t(x(acc) + 5, yTop + 15, String(acc), { fill: MUTED }));
  });
  // Legend.
  let lx = m.left;
  svg.append(t(lx - 8, 26, 'Worst grade', { 'text-anchor': 'end', fill: MUTED }));
  for (let g = 1; g <= 5; g++) {
    svg.append(s('rect', { x: lx, y: 15, width: 14, height: 14, fill: GRADE_FILL[g], stroke: INK, 'stroke-width': 0.5 }));
    svg.append(t(lx + 19, 26, `Grade ${g}`));
    lx += 86;
  }
  return svg;
}

// ---------------------------------------------------------------- Kaplan–Meier

/**
 * A Kaplan–Meier curve: step function, censor ticks, numbers at risk under
 * the axis; time in months (days / 30.4375).
 * @param {any} analysis  one of report.analysis.survival
 * @param {string} id
 * @returns {SVGSVGElement}
 */
export function kmFigure(analysis, id) {
  const k = analysis.estimate.value;
  const W = 760;
  const H = 396;
  const m = { left: 110, right: 24, top: 40, bottom: 110 };
  const steps = /** @type {any[]} */ (k.steps);
  const lastDay = Math.max(0, ...steps.map((p) => p.time), ...k.at_risk.map((/** @type {[number, number]} */ a) => a[0]));
  const maxMonths = Math.max(3, Math.ceil(months(lastDay) / 3) * 3);
  const x = scale(0, maxMonths, m.left, W - m.right);
  const y = scale(0, 1, H - m.bottom, m.top);
  const median = k.median_days === null ? 'median not reached' : `median ${fixed(months(k.median_days), 1)} months`;
  const svg = root(id, W, H, `${analysis.name}, Kaplan–Meier estimate`, `${analysis.name} (event: ${analysis.event}): ${k.n} patients, ${k.events} events, ${median}. Tick marks are censored patients; numbers at risk every 3 months under the time axis.`);
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(s('line', { x1: m.left, x2: W - m.right, y1: y(v), y2: y(v), stroke: GRID }));
    svg.append(t(m.left - 8, y(v) + 4, `${Math.round(v * 100)}`, { 'text-anchor': 'end', fill: MUTED }));
  }
  svg.append(s('line', { x1: m.left, x2: W - m.right, y1: y(0), y2: y(0), stroke: INK }));
  svg.append(s('line', { x1: m.left, x2: m.left, y1: m.top, y2: y(0), stroke: INK }));
  const tickStep = maxMonths > 48 ? 12 : maxMonths > 24 ? 6 : 3;
  for (let mo = 0; mo <= maxMonths + 1e-9; mo += tickStep) {
    svg.append(s('line', { x1: x(mo), x2: x(mo), y1: y(0), y2: y(0) + 5, stroke: INK }));
    svg.append(t(x(mo), y(0) + 18, String(mo), { 'text-anchor': 'middle' }));
  }
  svg.append(t((m.left + W - m.right) / 2, y(0) + 36, 'Months from lenalidomide start', { 'text-anchor': 'middle', 'font-weight': 600 }));
  const midY = (m.top + y(0)) / 2;
  svg.append(t(22, midY, `${analysis.name} (%)`, { 'text-anchor': 'middle', 'font-weight': 600, transform: `rotate(-90 22 ${midY})` }));
  // Step function.
  let path = `M${x(0)},${y(1)}`;
  let surv = 1;
  const censors = [];
  for (const p of steps) {
    const px = x(months(p.time));
    path += ` H${px}`;
    if (p.n_event > 0) {
      surv = p.survival;
      path += ` V${y(surv)}`;
    }
    if (p.n_censor > 0) censors.push([px, y(surv)]);
  }
  const end = Math.max(0, ...steps.map((p) => p.time));
  path += ` H${x(months(end))}`;
  svg.append(s('path', { d: path, fill: 'none', stroke: INK, 'stroke-width': 2 }));
  for (const [cx, cy] of censors) svg.append(s('line', { x1: cx, x2: cx, y1: cy - 6, y2: cy + 6, stroke: INK, 'stroke-width': 1.5 }));
  if (k.median_days !== null) {
    svg.append(s('line', { x1: m.left, x2: x(months(k.median_days)), y1: y(0.5), y2: y(0.5), stroke: MUTED, 'stroke-dasharray': '4 3' }));
    svg.append(s('line', { x1: x(months(k.median_days)), x2: x(months(k.median_days)), y1: y(0.5), y2: y(0), stroke: MUTED, 'stroke-dasharray': '4 3' }));
  }
  // Numbers at risk.
  svg.append(t(m.left - 22, y(0) + 66, 'At risk', { 'text-anchor': 'end', 'font-weight': 600 }));
  for (const [day, count] of k.at_risk) {
    const mo = day / DAYS_PER_MONTH;
    if (Math.abs(mo / tickStep - Math.round(mo / tickStep)) > 1e-6) continue;
    svg.append(t(x(mo), y(0) + 66, String(count), { 'text-anchor': 'middle' }));
  }
  svg.append(t(W - m.right, 18, `N = ${k.n}, events = ${k.events}; ${median}`, { 'text-anchor': 'end', fill: MUTED }));
  return svg;
}

// ---------------------------------------------------------------- flow

/**
 * Wraps a line to at most `max` characters per line (on spaces).
 * @param {string} text
 * @param {number} max
 */
function wrap(text, max) {
  const out = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && (line + ' ' + word).length > max) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/**
 * The population flow as boxes and arrows.
 * @param {any} flow
 * @param {string} id
 * @returns {SVGSVGElement}
 */
export function flowFigure(flow, id) {
  const W = 760;
  const mainX = 40;
  const mainW = 300;
  const sideX = 420;
  const sideW = 320;
  const boxH = 50;
  const gap = 34;
  /** @type {Array<{ label: string, n: number, side?: { label: string, n: number, lines: string[] } }>} */
  const steps = [
    {
      label: 'Screened', n: flow.screened,
      side: flow.eligibility_applied
        ? { label: 'Excluded', n: flow.excluded.length, lines: Object.entries(flow.excluded_by_reason).map(([r, k]) => `${r}: ${k}`) }
        : { label: 'Eligibility criteria not applied', n: 0, lines: [] },
    },
    { label: 'Eligible', n: flow.eligible, side: flow.no_start_date.length ? { label: 'No start date', n: flow.no_start_date.length, lines: [] } : undefined },
    { label: 'Safety population', n: flow.safety, side: { label: 'Not evaluable for response', n: flow.not_evaluable.length, lines: Object.entries(flow.not_evaluable_by_reason).map(([r, k]) => `${r}: ${k}`) } },
    { label: 'Evaluable for response', n: flow.evaluable },
  ];
  // Side boxes grow with their lines.
  const sideLines = steps.map((st) => (st.side ? st.side.lines.slice(0, 6).flatMap((l) => wrap(l, 42)) : []));
  const rowH = steps.map((_, i) => Math.max(boxH, 34 + sideLines[i].length * 16) + gap);
  const H = 20 + rowH.reduce((a, b) => a + b, 0) + boxH + 30;
  const desc = `Screened ${flow.screened}; excluded ${flow.excluded.length}; eligible ${flow.eligible}; safety population ${flow.safety}; not evaluable ${flow.not_evaluable.length}; evaluable ${flow.evaluable}; responders (RBC-TI) ${flow.responders}; non-responders ${flow.non_responders}.`;
  const svg = root(id, W, H, 'Population flow', desc);
  const defs = s('defs', {}, [
    s('marker', { id: `${id}-arrow`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, [
      s('path', { d: 'M0,0 L10,5 L0,10 z', fill: INK }),
    ]),
  ]);
  svg.append(defs);
  const arrow = `url(#${id}-arrow)`;
  /**
   * @param {number} bx @param {number} by @param {number} bw @param {number} bh
   * @param {string} label @param {number} count @param {string[]} lines @param {boolean} strong
   */
  const box = (bx, by, bw, bh, label, count, lines, strong) => {
    const g = s('g');
    g.append(s('rect', { x: bx, y: by, width: bw, height: bh, rx: 6, fill: strong ? '#eef3f9' : '#ffffff', stroke: INK, 'stroke-width': strong ? 1.5 : 1 }));
    const ty = lines.length ? by + 21 : by + bh / 2 + 5;
    g.append(t(bx + 12, ty, label, { 'font-weight': 600, 'font-size': 13.5 }));
    g.append(t(bx + bw - 12, ty, `n = ${count}`, { 'text-anchor': 'end', 'font-weight': 700, 'font-size': 13.5 }));
    lines.forEach((line, i) => g.append(t(bx + 12, by + 41 + i * 16, line, { fill: MUTED, 'font-size': 12.5 })));
    return g;
  };
  let yTop = 20;
  steps.forEach((st, i) => {
    const lines = sideLines[i];
    svg.append(box(mainX, yTop, mainW, boxH, st.label, st.n, [], true));
    const nextTop = yTop + rowH[i];
    svg.append(s('line', { x1: mainX + mainW / 2, x2: mainX + mainW / 2, y1: yTop + boxH, y2: nextTop - 2, stroke: INK, 'stroke-width': 1.5, 'marker-end': arrow }));
    if (st.side) {
      const sh = Math.max(boxH - 12, 30 + lines.length * 16);
      const sy = yTop + boxH + (rowH[i] - boxH - sh) / 2;
      svg.append(box(sideX, sy, sideW, sh, st.side.label, st.side.n, lines, false));
      const midY = sy + Math.min(sh / 2, 16);
      svg.append(s('line', { x1: mainX + mainW / 2, x2: sideX - 2, y1: midY, y2: midY, stroke: INK, 'stroke-width': 1.5, 'marker-end': arrow }));
    }
    yTop = nextTop;
  });
  // Responders and non-responders side by side under "Evaluable".
  const rY = yTop;
  const respW = 270;
  const nonX = mainX + respW + 24;
  const nonW = 200;
  svg.append(box(mainX, rY, respW, boxH, 'Responders (RBC-TI)', flow.responders, [], true));
  svg.append(box(nonX, rY, nonW, boxH, 'Non-responders', flow.non_responders, [], false));
  const evalBottom = yTop - gap;
  svg.append(s('path', { d: `M${mainX + mainW / 2},${evalBottom + gap / 2} H${nonX + nonW / 2} V${rY - 2}`, fill: 'none', stroke: INK, 'stroke-width': 1.5, 'marker-end': arrow }));
  return svg;
}

// ---------------------------------------------------------------- export

/**
 * A standalone SVG document for a figure (explicit size, namespace).
 * @param {SVGSVGElement} svg
 * @returns {string}
 */
export function serializeSvg(svg) {
  const clone = /** @type {SVGSVGElement} */ (svg.cloneNode(true));
  const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 800 600').split(/\s+/).map(Number);
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  clone.removeAttribute('class');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

/**
 * Draws a figure into a canvas at `scale`× and returns PNG bytes.
 * @param {SVGSVGElement} svg
 * @param {number} [factor]
 * @returns {Promise<Uint8Array>}
 */
export async function svgToPng(svg, factor = 2) {
  const text = serializeSvg(svg);
  const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 800 600').split(/\s+/).map(Number);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = () => reject(new Error('the figure could not be drawn'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * factor);
    canvas.height = Math.round(h * factor);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
    return new Uint8Array(await /** @type {Blob} */ (blob).arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
