// @ts-check
// Renders the report JSON as the sections a hematologist reads. Cell text
// from the user's files is only ever set as text.

import { el } from './dom.js';

/**
 * @param {any} report
 * @returns {HTMLElement}
 */
export function renderReport(report) {
  const root = el('div', { class: 'report-sections' });
  root.append(renderDiagnostics(report));
  if (report.analysis) {
    root.append(renderFlow(report.analysis.population_flow));
  }
  return root;
}

/** @param {any} report */
function renderDiagnostics(report) {
  const section = el('section', { class: 'section', id: 'data-check', 'aria-labelledby': 'data-check-title' }, [
    el('h3', { id: 'data-check-title', text: 'Data check' }),
  ]);
  const c = report.diagnostic_counts;
  section.append(el('p', { text: `${c.errors} error(s), ${c.warnings} warning(s), ${c.infos} note(s).` }));
  for (const severity of ['error', 'warning', 'info']) {
    const items = report.diagnostics.filter((/** @type {any} */ d) => d.severity === severity);
    if (items.length === 0) continue;
    const title = { error: 'Errors — fix these before the analysis can run', warning: 'Warnings — values left out or questioned', info: 'Notes' }[severity];
    const list = el('ul', { class: `diagnostics ${severity}` });
    for (const d of items) {
      const l = d.location;
      const where = [l.file, l.sheet && `sheet ${l.sheet}`, l.row && `row ${l.row}`, l.column && `column “${l.column}”${l.column_letter ? ` (${l.column_letter})` : ''}`, l.patient_id && `patient ${l.patient_id}`]
        .filter(Boolean).join(', ');
      list.append(el('li', {}, [el('span', { class: 'where', text: where }), ' ', el('span', { class: 'message', text: d.message })]));
    }
    section.append(el('h4', { text: title }), list);
  }
  return section;
}

/** @param {any} flow */
function renderFlow(flow) {
  const section = el('section', { class: 'section', id: 'flow', 'aria-labelledby': 'flow-title' }, [
    el('h3', { id: 'flow-title', text: 'Population flow' }),
  ]);
  const steps = el('ol', { class: 'flow' });
  /** @param {string} label @param {number} n @param {string} [detail] */
  const step = (label, n, detail) => el('li', { class: 'flow-step' }, [el('span', { class: 'flow-n', text: String(n) }), el('span', { class: 'flow-label', text: label }), detail ? el('span', { class: 'flow-detail', text: detail }) : null]);
  steps.append(step('Screened', flow.screened));
  const excluded = Object.entries(flow.excluded_by_reason).map(([r, n]) => `${r}: ${n}`).join('; ');
  steps.append(step(flow.eligibility_applied ? 'Excluded' : 'Eligibility not applied', flow.excluded.length, excluded));
  steps.append(step('Safety population', flow.safety, flow.no_start_date.length ? `no start date: ${flow.no_start_date.length}` : ''));
  const ne = Object.entries(flow.not_evaluable_by_reason).map(([r, n]) => `${r}: ${n}`).join('; ');
  steps.append(step('Not evaluable', flow.not_evaluable.length, ne));
  steps.append(step('Evaluable for response', flow.evaluable));
  steps.append(step('Responders (RBC-TI)', flow.responders, `non-responders: ${flow.non_responders}`));
  section.append(steps);
  return section;
}
