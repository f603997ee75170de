// @ts-check
// Renders the presentation (src/present/, laid out by the core in one
// language) generically: each section with its heading, and each block as
// what it is — a table, a figure, a paragraph or a list. No table, figure or
// word of the report is known here; adding one in the core needs nothing in
// www/. Every text goes in through textContent.

import { el, download } from './dom.js';
import { renderTable } from './tables.js';
import { drawFigure, serializeSvg, svgToPng } from './figures.js';
import { t, getLang } from './i18n.js';

/** @typedef {import('./types/presentation').Presentation} Presentation */
/** @typedef {import('./types/presentation').Section} Section */
/** @typedef {import('./types/presentation').Block} Block */
/** @typedef {import('./types/presentation').Figure} Figure */
/** @typedef {{ id: string, svg: SVGSVGElement }} FigureRef */

/**
 * Renders the whole presentation, with a table of contents first.
 * @param {Presentation} presentation
 * @returns {{ node: HTMLElement, figures: FigureRef[] }}
 */
export function renderPresentation(presentation) {
  /** @type {FigureRef[]} */
  const figures = [];
  const list = el('ol');
  const nav = el('nav', { class: 'toc', 'aria-label': t('report.toc') }, [list]);
  const root = el('div', { class: 'report-sections', lang: presentation.lang }, [nav]);
  for (const section of presentation.sections) {
    root.append(renderSection(section, figures));
    const link = el('a', { href: `#${section.id}`, text: section.title });
    // The URL hash holds the settings: a section link scrolls without changing it.
    link.addEventListener('click', (event) => {
      const heading = document.getElementById(`${section.id}-title`);
      if (!heading) return;
      event.preventDefault();
      heading.scrollIntoView();
      heading.focus({ preventScroll: true });
    });
    list.append(el('li', {}, [link]));
  }
  return { node: root, figures };
}

/**
 * A section: its heading and blocks.
 * @param {Section} section
 * @param {FigureRef[]} figures
 */
function renderSection(section, figures) {
  const node = el('section', { class: 'section', id: section.id, 'aria-labelledby': `${section.id}-title` }, [
    el('h3', { id: `${section.id}-title`, tabindex: -1, text: section.title }),
  ]);
  for (const block of section.blocks) node.append(renderBlock(block, figures));
  return node;
}

/**
 * One block of a section.
 * @param {Block} block
 * @param {FigureRef[]} figures
 * @returns {HTMLElement}
 */
function renderBlock(block, figures) {
  switch (block.type) {
    case 'table':
      return renderTable(block);
    case 'figure':
      return figureBlock(block, figures);
    case 'list':
      return el('ul', { class: 'facts' }, block.items.map((item) => el('li', { text: item })));
    case 'text':
      switch (block.role) {
        case 'heading': return el('h4', { text: block.text });
        case 'hint': return el('p', { class: 'hint', text: block.text });
        case 'error': return el('p', { class: 'summary error', text: block.text });
        case 'body': return el('p', { text: block.text });
      }
  }
}

/**
 * A figure with its caption (below it) and SVG/PNG download buttons.
 * @param {Figure} figure
 * @param {FigureRef[]} figures
 */
function figureBlock(figure, figures) {
  const svg = drawFigure(figure);
  figures.push({ id: figure.id, svg });
  const svgButton = el('button', { type: 'button', class: 'secondary', 'data-figure': figure.id, 'data-format': 'svg', text: t('figure.svg') });
  const pngButton = el('button', { type: 'button', class: 'secondary', 'data-figure': figure.id, 'data-format': 'png', text: t('figure.png') });
  svgButton.setAttribute('aria-label', t('figure.svg_label', { name: figure.title }));
  pngButton.setAttribute('aria-label', t('figure.png_label', { name: figure.title }));
  svgButton.addEventListener('click', () => download(`lenalyze-${figure.id}.svg`, serializeSvg(svg), 'image/svg+xml'));
  pngButton.addEventListener('click', async () => {
    download(`lenalyze-${figure.id}.png`, await svgToPng(svg, 2), 'image/png');
  });
  return el('figure', { class: 'chart-figure', id: figure.id }, [
    el('div', { class: 'chart-wrap' }, [svg]),
    el('figcaption', { text: figure.caption }),
    // The page's own words, in the page's language (the figure's may differ when the core falls back).
    el('div', { class: 'export-actions', lang: getLang() }, [svgButton, pngButton]),
  ]);
}

export { svgToPng };
