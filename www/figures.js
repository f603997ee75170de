// @ts-check
// Draws the presentation's figures (src/present/figures.rs) as SVG, built
// with createElementNS; every label is set with textContent. Only geometry
// is decided here: every word, number label and tick label comes from the
// model, so the figures say what the tables say, in the report's language.
// Styling is presentation attributes only (no CSS classes, no <style>), so a
// downloaded SVG or PNG looks like the page, and the page's strict CSP is
// respected. Colors differ in lightness and line style, so the figures read
// in grayscale and in print.

import { t as tr } from './i18n.js';

/** @typedef {import('./types/presentation').Figure} Figure */
/** @typedef {import('./types/presentation').Axis} Axis */
/** @typedef {import('./types/presentation').LineChart} LineChart */
/** @typedef {import('./types/presentation').BarChart} BarChart */
/** @typedef {import('./types/presentation').SurvivalChart} SurvivalChart */
/** @typedef {import('./types/presentation').FlowChart} FlowChart */
/** @typedef {import('./types/presentation').FlowBox} FlowBox */

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The page's font stack (style.css): Latin system faces, then Korean ones; no web font. */
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
  + '"Apple SD Gothic Neo", "Malgun Gothic", "맑은 고딕", "Noto Sans KR", "Noto Sans CJK KR", NanumGothic, "Nanum Gothic", sans-serif';
const INK = '#1b1f24';
const MUTED = '#4a525b';
const GRID = '#d9dde2';
/** Width of every figure (viewBox units). */
const W = 760;

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
function text(x, y, text, attrs = {}) {
  return s('text', { x, y, fill: INK, text, ...attrs });
}

/**
 * About how wide a text is at a font size (for margins and wrapping; the
 * SVG has no layout engine of its own and the page must not measure, so a
 * downloaded file looks the same everywhere).
 * @param {string} str
 * @param {number} [size]
 */
function textWidth(str, size = 12) {
  let w = 0;
  for (const ch of str) w += /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch) ? 1 : 0.56;
  return w * size;
}

/**
 * An accessible SVG root with <title> and <desc>, a white background, and
 * a viewBox (CSS scales it to the page).
 * @param {Figure} figure
 * @param {number} height
 * @returns {SVGSVGElement}
 */
function root(figure, height) {
  const id = `${figure.id}-svg`;
  const svg = /** @type {SVGSVGElement} */ (s('svg', {
    id, viewBox: `0 0 ${W} ${height}`, role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`, 'font-family': FONT, 'font-size': 12, class: 'chart',
  }));
  svg.append(s('title', { id: `${id}-title`, text: figure.title }), s('desc', { id: `${id}-desc`, text: figure.description }));
  svg.append(s('rect', { x: 0, y: 0, width: W, height, fill: '#ffffff' }));
  return svg;
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

/**
 * Draws a figure of the presentation.
 * @param {Figure} figure
 * @returns {SVGSVGElement}
 */
export function drawFigure(figure) {
  const chart = figure.chart;
  switch (chart.kind) {
    case 'lines': return lines(figure, chart);
    case 'bars': return bars(figure, chart);
    case 'survival': return survival(figure, chart);
    case 'flow': return flow(figure, chart);
  }
}

/**
 * The y axis: grid lines, tick labels and the rotated title.
 * @param {SVGElement} g
 * @param {Axis} axis
 * @param {(v: number) => number} y
 * @param {number} left
 * @param {number} right
 */
function yAxis(g, axis, y, left, right) {
  for (const tick of axis.ticks) {
    g.append(s('line', { x1: left, x2: right, y1: y(tick.value), y2: y(tick.value), stroke: GRID, 'stroke-width': 1 }));
    g.append(text(left - 8, y(tick.value) + 4, tick.label, { 'text-anchor': 'end', fill: MUTED }));
  }
  const mid = (y(axis.min) + y(axis.max)) / 2;
  g.append(text(22, mid, axis.label, { 'text-anchor': 'middle', 'font-weight': 600, transform: `rotate(-90 22 ${mid})` }));
}

/**
 * The x axis: tick marks, tick labels and the title under them.
 * @param {SVGElement} g
 * @param {Axis} axis
 * @param {(v: number) => number} x
 * @param {number} bottom
 * @param {number} left
 * @param {number} right
 */
function xAxis(g, axis, x, bottom, left, right) {
  for (const tick of axis.ticks) {
    g.append(s('line', { x1: x(tick.value), x2: x(tick.value), y1: bottom, y2: bottom + 5, stroke: INK }));
    g.append(text(x(tick.value), bottom + 18, tick.label, { 'text-anchor': 'middle' }));
  }
  g.append(text((left + right) / 2, bottom + 36, axis.label, { 'text-anchor': 'middle', 'font-weight': 600 }));
}

// ---------------------------------------------------------------- lines

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

/** Line styles in series order: solid dark circles, dashed grey squares. */
const LINE_STYLES = [
  { stroke: INK, dash: undefined, fill: INK, shape: 'circle', dx: -3 },
  { stroke: '#6b7580', dash: '6 4', fill: '#ffffff', shape: 'square', dx: 3 },
];

/**
 * Means with error bars over time, one line per series, with the counts
 * under the time axis and the legend above the plot.
 * @param {Figure} figure
 * @param {LineChart} c
 */
function lines(figure, c) {
  const names = c.series.map((sr) => sr.name);
  const left = Math.max(110, 16 + Math.max(0, ...names.map((n) => textWidth(n))));
  const m = { left, right: 24, top: 48, bottom: 84 + 18 * c.series.length };
  const H = 320 + m.bottom;
  const x = scale(c.x.min, c.x.max, m.left + 10, W - m.right - 10);
  const y = scale(c.y.min, c.y.max, H - m.bottom, m.top);
  const svg = root(figure, H);
  const plot = s('g');
  yAxis(plot, c.y, y, m.left, W - m.right);
  plot.append(s('line', { x1: m.left, x2: W - m.right, y1: H - m.bottom, y2: H - m.bottom, stroke: INK }));
  plot.append(s('line', { x1: m.left, x2: m.left, y1: m.top, y2: H - m.bottom, stroke: INK }));
  xAxis(plot, c.x, x, H - m.bottom, m.left, W - m.right);
  // The counts under each time, one row per series.
  plot.append(text(m.left - 8, H - m.bottom + 62, c.counts_label, { 'text-anchor': 'end', 'font-style': 'italic', fill: MUTED }));
  c.series.forEach((sr, i) => {
    const rowY = H - m.bottom + 80 + i * 18;
    plot.append(text(m.left - 8, rowY, sr.name, { 'text-anchor': 'end', fill: MUTED }));
    for (const count of sr.counts) plot.append(text(x(count.value), rowY, count.label, { 'text-anchor': 'middle' }));
  });
  c.series.forEach((sr, i) => {
    const st = LINE_STYLES[i % LINE_STYLES.length];
    const g = s('g');
    if (sr.points.length > 1) {
      g.append(s('polyline', {
        points: sr.points.map((p) => `${x(p.x) + st.dx},${y(p.y)}`).join(' '),
        fill: 'none', stroke: st.stroke, 'stroke-width': 2, 'stroke-dasharray': st.dash,
      }));
    }
    for (const p of sr.points) {
      const cx = x(p.x) + st.dx;
      if (p.error > 0) {
        g.append(s('line', { x1: cx, x2: cx, y1: y(p.y - p.error), y2: y(p.y + p.error), stroke: st.stroke, 'stroke-width': 1.5 }));
        for (const v of [p.y - p.error, p.y + p.error]) g.append(s('line', { x1: cx - 4, x2: cx + 4, y1: y(v), y2: y(v), stroke: st.stroke, 'stroke-width': 1.5 }));
      }
      g.append(marker(st.shape, cx, y(p.y), st.stroke, st.fill));
    }
    plot.append(g);
  });
  // Legend above the plot.
  const legend = s('g');
  let lx = m.left;
  c.series.forEach((sr, i) => {
    const st = LINE_STYLES[i % LINE_STYLES.length];
    legend.append(s('line', { x1: lx, x2: lx + 34, y1: 22, y2: 22, stroke: st.stroke, 'stroke-width': 2, 'stroke-dasharray': st.dash }));
    legend.append(marker(st.shape, lx + 17, 22, st.stroke, st.fill));
    legend.append(text(lx + 42, 26, sr.legend));
    lx += 42 + textWidth(sr.legend) + 28;
  });
  svg.append(plot, legend);
  return svg;
}

// ---------------------------------------------------------------- bars

/** Segment colors, light to dark: distinct in grayscale. */
const BAR_FILL = ['#d4e4f4', '#8fbbe0', '#3d7fc0', '#15407a', '#000000'];

/**
 * Shortens a label to fit `width`, with an ellipsis (the full text is the
 * element's tooltip and is in the description and the table).
 * @param {string} label
 * @param {number} width
 */
function fit(label, width) {
  if (textWidth(label) <= width) return label;
  let out = '';
  for (const ch of label) {
    if (textWidth(`${out}${ch}…`) > width) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

/**
 * One stacked horizontal bar per row, group headings between them.
 * @param {Figure} figure
 * @param {BarChart} c
 */
function bars(figure, c) {
  const rowH = 22;
  const longest = Math.max(0, ...c.rows.filter((r) => !r.heading).map((r) => textWidth(r.label)));
  const left = Math.min(300, Math.max(190, longest + 24));
  const m = { left, right: 50, top: 56, bottom: 48 };
  const H = m.top + c.rows.length * rowH + m.bottom;
  const x = scale(c.x.min, c.x.max || 1, m.left, W - m.right);
  const svg = root(figure, H);
  const plotBottom = m.top + c.rows.length * rowH;
  for (const tick of c.x.ticks) {
    svg.append(s('line', { x1: x(tick.value), x2: x(tick.value), y1: m.top - 4, y2: plotBottom, stroke: GRID }));
    svg.append(text(x(tick.value), plotBottom + 16, tick.label, { 'text-anchor': 'middle', fill: MUTED }));
  }
  svg.append(s('line', { x1: m.left, x2: W - m.right, y1: plotBottom, y2: plotBottom, stroke: INK }));
  svg.append(text((m.left + W - m.right) / 2, plotBottom + 36, c.x.label, { 'text-anchor': 'middle', 'font-weight': 600 }));
  c.rows.forEach((row, i) => {
    const yTop = m.top + i * rowH;
    if (row.heading) {
      svg.append(text(8, yTop + 15, row.label, { 'font-weight': 700 }));
      return;
    }
    const shown = fit(row.label, m.left - 16);
    const label = text(m.left - 8, yTop + 15, shown, { 'text-anchor': 'end' });
    if (shown !== row.label) label.append(s('title', { text: row.label }));
    svg.append(label);
    let acc = 0;
    row.segments.forEach((k, g) => {
      if (!k) return;
      svg.append(s('rect', { x: x(acc), y: yTop + 4, width: x(acc + k) - x(acc), height: rowH - 8, fill: BAR_FILL[g % BAR_FILL.length], stroke: '#ffffff', 'stroke-width': 1 }));
      acc += k;
    });
    svg.append(text(x(acc) + 5, yTop + 15, row.total, { fill: MUTED }));
  });
  // Legend.
  let lx = m.left;
  svg.append(text(lx - 8, 26, c.legend_title, { 'text-anchor': 'end', fill: MUTED }));
  c.legend.forEach((entry, g) => {
    svg.append(s('rect', { x: lx, y: 15, width: 14, height: 14, fill: BAR_FILL[g % BAR_FILL.length], stroke: INK, 'stroke-width': 0.5 }));
    svg.append(text(lx + 19, 26, entry));
    lx += Math.max(86, 19 + textWidth(entry) + 16);
  });
  return svg;
}

// ---------------------------------------------------------------- survival

/**
 * A Kaplan–Meier step function with censor ticks, the median when reached,
 * the numbers at risk under the time axis and a summary line above.
 * @param {Figure} figure
 * @param {SurvivalChart} c
 */
function survival(figure, c) {
  const H = 396;
  const m = { left: Math.max(110, 30 + textWidth(c.at_risk_label, 12.5)), right: 24, top: 40, bottom: 110 };
  const x = scale(c.x.min, c.x.max, m.left, W - m.right);
  const y = scale(c.y.min, c.y.max, H - m.bottom, m.top);
  const svg = root(figure, H);
  yAxis(svg, c.y, y, m.left, W - m.right);
  svg.append(s('line', { x1: m.left, x2: W - m.right, y1: y(c.y.min), y2: y(c.y.min), stroke: INK }));
  svg.append(s('line', { x1: m.left, x2: m.left, y1: m.top, y2: y(c.y.min), stroke: INK }));
  xAxis(svg, c.x, x, y(c.y.min), m.left, W - m.right);
  if (c.path.length) {
    svg.append(s('polyline', { points: c.path.map(([px, py]) => `${x(px)},${y(py)}`).join(' '), fill: 'none', stroke: INK, 'stroke-width': 2 }));
  }
  for (const [cx, cy] of c.censored) svg.append(s('line', { x1: x(cx), x2: x(cx), y1: y(cy) - 6, y2: y(cy) + 6, stroke: INK, 'stroke-width': 1.5 }));
  if (c.median !== null && c.median !== undefined) {
    const half = (c.y.min + c.y.max) / 2;
    svg.append(s('line', { x1: m.left, x2: x(c.median), y1: y(half), y2: y(half), stroke: MUTED, 'stroke-dasharray': '4 3' }));
    svg.append(s('line', { x1: x(c.median), x2: x(c.median), y1: y(half), y2: y(c.y.min), stroke: MUTED, 'stroke-dasharray': '4 3' }));
  }
  const riskY = y(c.y.min) + 66;
  svg.append(text(m.left - 22, riskY, c.at_risk_label, { 'text-anchor': 'end', 'font-weight': 600 }));
  for (const tick of c.at_risk) svg.append(text(x(tick.value), riskY, tick.label, { 'text-anchor': 'middle' }));
  svg.append(text(W - m.right, 18, c.summary, { 'text-anchor': 'end', fill: MUTED }));
  return svg;
}

// ---------------------------------------------------------------- flow

/**
 * Wraps a line to lines at most `width` wide (on spaces).
 * @param {string} str
 * @param {number} width
 * @param {number} size
 */
function wrap(str, width, size) {
  const out = [];
  let line = '';
  for (const word of str.split(' ')) {
    if (line && textWidth(`${line} ${word}`, size) > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/**
 * The population flow: the main column of boxes with arrows, a box to the
 * side for who left at a step, and the split of the last step.
 * @param {Figure} figure
 * @param {FlowChart} c
 */
function flow(figure, c) {
  const mainX = 40;
  const mainW = 300;
  const sideX = 420;
  const sideW = 320;
  const boxH = 50;
  const gap = 34;
  const sideLines = c.steps.map((st) => (st.side ? st.side.lines.flatMap((l) => wrap(l, sideW - 24, 12.5)) : []));
  const rowH = c.steps.map((_, i) => Math.max(boxH, 34 + sideLines[i].length * 16) + gap);
  const H = 20 + rowH.reduce((a, b) => a + b, 0) + (c.split.length ? boxH : 0) + 30;
  const svg = root(figure, H);
  const arrowId = `${figure.id}-svg-arrow`;
  svg.append(s('defs', {}, [
    s('marker', { id: arrowId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, [
      s('path', { d: 'M0,0 L10,5 L0,10 z', fill: INK }),
    ]),
  ]));
  const arrow = `url(#${arrowId})`;
  /**
   * @param {number} bx @param {number} by @param {number} bw @param {number} bh
   * @param {FlowBox} b @param {string[]} detail
   */
  const box = (bx, by, bw, bh, b, detail) => {
    const g = s('g');
    g.append(s('rect', { x: bx, y: by, width: bw, height: bh, rx: 6, fill: b.strong ? '#eef3f9' : '#ffffff', stroke: INK, 'stroke-width': b.strong ? 1.5 : 1 }));
    const ty = detail.length ? by + 21 : by + bh / 2 + 5;
    const room = bw - 24 - (b.count ? textWidth(b.count, 13.5) + 10 : 0);
    const label = wrap(b.label, room, 13.5);
    label.forEach((line, i) => g.append(text(bx + 12, ty + (i - (label.length - 1) / 2) * 15, line, { 'font-weight': 600, 'font-size': 13.5 })));
    if (b.count) g.append(text(bx + bw - 12, ty, b.count, { 'text-anchor': 'end', 'font-weight': 700, 'font-size': 13.5 }));
    detail.forEach((line, i) => g.append(text(bx + 12, by + 41 + i * 16, line, { fill: MUTED, 'font-size': 12.5 })));
    return g;
  };
  let yTop = 20;
  c.steps.forEach((st, i) => {
    svg.append(box(mainX, yTop, mainW, boxH, st.main, []));
    const nextTop = yTop + rowH[i];
    const last = i === c.steps.length - 1;
    if (!last) {
      svg.append(s('line', { x1: mainX + mainW / 2, x2: mainX + mainW / 2, y1: yTop + boxH, y2: nextTop - 2, stroke: INK, 'stroke-width': 1.5, 'marker-end': arrow }));
    }
    if (st.side) {
      const lines = sideLines[i];
      // Room under the last detail line for descenders (Hangul sits lower than Latin).
      const sh = Math.max(boxH - 12, 34 + lines.length * 16);
      const sy = yTop + boxH + (rowH[i] - boxH - sh) / 2;
      svg.append(box(sideX, sy, sideW, sh, st.side, lines));
      const midY = sy + Math.min(sh / 2, 16);
      if (last) svg.append(s('line', { x1: mainX + mainW / 2, x2: mainX + mainW / 2, y1: yTop + boxH, y2: midY, stroke: INK, 'stroke-width': 1.5 }));
      svg.append(s('line', { x1: mainX + mainW / 2, x2: sideX - 2, y1: midY, y2: midY, stroke: INK, 'stroke-width': 1.5, 'marker-end': arrow }));
    }
    yTop = nextTop;
  });
  // The split of the last step, side by side under it.
  if (c.split.length) {
    const room = W - mainX - 20;
    const each = Math.min(270, (room - 24 * (c.split.length - 1)) / c.split.length);
    const centers = c.split.map((_, k) => mainX + k * (each + 24) + each / 2);
    const evalBottom = yTop - gap;
    const branchY = evalBottom + gap / 2;
    const trunk = mainX + mainW / 2;
    svg.append(s('line', { x1: trunk, x2: trunk, y1: evalBottom, y2: branchY, stroke: INK, 'stroke-width': 1.5 }));
    const span = [Math.min(trunk, ...centers), Math.max(trunk, ...centers)];
    svg.append(s('line', { x1: span[0], x2: span[1], y1: branchY, y2: branchY, stroke: INK, 'stroke-width': 1.5 }));
    c.split.forEach((b, k) => {
      svg.append(s('line', { x1: centers[k], x2: centers[k], y1: branchY, y2: yTop - 2, stroke: INK, 'stroke-width': 1.5, 'marker-end': arrow }));
      svg.append(box(mainX + k * (each + 24), yTop, each, boxH, b, []));
    });
  }
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
 * Draws a figure into a canvas at `factor`× and returns PNG bytes.
 * @param {SVGSVGElement} svg
 * @param {number} [factor]
 * @returns {Promise<Uint8Array<ArrayBuffer>>}
 */
export async function svgToPng(svg, factor = 2) {
  const source = serializeSvg(svg);
  const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 800 600').split(/\s+/).map(Number);
  const url = URL.createObjectURL(new Blob([source], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = () => reject(new Error(tr('figure.draw_failed')));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * factor);
    canvas.height = Math.round(h * factor);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(tr('figure.draw_failed'));
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    /** @type {Blob} */
    const blob = await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(tr('figure.png_failed')))), 'image/png'));
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
