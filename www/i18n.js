// @ts-check
// The page's own words (buttons, status lines, progress stages, errors):
// one table per language, keyed by id. The report's words do not live here;
// they come from the core's catalogue (locales/*.txt) inside the
// presentation. A second language is a second table with exactly the keys
// of `en` (typed so tsc fails on a missing key) and the same {placeholders}
// (tests/e2e/unit.test.mjs checks both, and that every key the page uses
// exists).
//
// index.html marks its static texts with data-i18n="key" (the element's
// text) or data-i18n-aria-label / data-i18n-title (an attribute); `applyStatic`
// sets them from the table, and the test checks that the English in the HTML
// is the table's.

/** The language of the page and of every text the core lays out: the one place to change it. */
export const LANG = 'en';

export const en = {
  // index.html
  'page.title': 'Lenalyze — lenalidomide in del(5q) MDS, analyzed in your browser',
  'page.skip': 'Skip to the main content',
  'page.tagline': 'The tables of a retrospective lenalidomide study in lower-risk, transfusion-dependent del(5q) MDS, from your case report forms.',
  'page.privacy': 'Your files never leave this computer:',
  'page.privacy_detail': 'everything is computed in this page.',
  'intake.title': 'Load case report forms',
  'intake.drop': 'Drop CRF files here, or press Enter to choose them',
  'intake.drop_help': 'CSV, TSV, XLSX, XLS or ODS. Several files at once: a patients sheet plus optional labs, adverse_events, transfusions and dosing sheets.',
  'intake.demo': 'Try the demo data',
  'intake.demo_csv': 'Demo CSV',
  'intake.demo_xlsx': 'Demo XLSX',
  'intake.cancel': 'Cancel',
  'settings.title': 'Analysis settings',
  'settings.populations': 'Populations',
  'settings.apply_eligibility': 'Apply the eligibility criteria',
  'settings.min_age_years': 'Minimum age (years)',
  'settings.min_anc_per_ul': 'Minimum baseline ANC (/µL)',
  'settings.min_platelets_per_ul': 'Minimum baseline platelets (/µL)',
  'settings.evaluable_min_days': 'Fewer days on treatment than this with a response (or more with NE) gets a warning',
  'settings.tests': 'Tests and intervals',
  'settings.two_by_two_test': 'Test for 2×2 tables (Table 2, dose modification)',
  'settings.test.fisher': "Fisher's exact test, two-sided",
  'settings.test.chi_square': "Pearson's chi-square",
  'settings.test.chi_square_yates': "Pearson's chi-square with Yates' correction",
  'settings.confidence_level': 'Confidence level (%)',
  'settings.cut_points': 'Table 2 cut points',
  'settings.diagnosis_to_start_days': 'Diagnosis to start (days; ≥ vs <)',
  'settings.rbc_units_8wk': 'RBC units in 8 weeks (≤ vs >)',
  'settings.anc_per_ul': 'Baseline ANC (/µL; ≥ vs <)',
  'settings.platelets_per_ul': 'Baseline platelets (/µL; ≥ vs <)',
  'settings.thrombocytopenia_grade': 'Thrombocytopenia grade (≥ vs <)',
  'settings.reset': "Reset to the plan's defaults",
  'report.title': 'Report',
  'report.json': 'Download report JSON',
  'report.xlsx': 'Download all tables (XLSX)',
  'report.docx': 'Download Word document (DOCX)',
  'report.print': 'Print',
  'report.raw_json': 'Report JSON',
  'template.title': 'CRF template and data dictionary',
  'template.intro': 'Collect data with the template, one row per patient; the dictionary says what every column means.',
  'template.xlsx': 'CRF template (XLSX)',
  'template.csv': 'CRF template (CSV)',
  'template.dictionary_csv': 'Data dictionary (CSV)',
  'template.show_dictionary': 'Show the data dictionary',
  'template.loading': 'Loading…',
  'footer.text': 'computes in WebAssembly in this tab; nothing is uploaded. Works offline after the first visit.',

  // Status line and progress
  'status.reading': 'Reading {files}…',
  'status.reading_files': 'Reading files…',
  'status.loading_demo': 'Loading the demo data…',
  'status.demo_failed': 'The demo data could not be loaded: {error}',
  'status.starting': 'Starting the analysis engine…',
  'status.engine_failed': 'The analysis engine could not start: {error}',
  'status.analyzed.one': 'Analyzed {n} patients ({warnings} warning).',
  'status.analyzed.other': 'Analyzed {n} patients ({warnings} warnings).',
  'status.needs_fixing.one': 'The files need fixing first: {errors} error (see the data check below).',
  'status.needs_fixing.other': 'The files need fixing first: {errors} errors (see the data check below).',
  'status.failed': 'Lenalyze could not analyze these files: {error}',
  'status.cancelled': 'Cancelled. Choose files again to start over.',
  'status.export_cancelled': 'Cancelled.',
  'status.downloaded': 'Downloaded {name}.',
  'status.export_failed': 'The {format} export failed: {error}',
  'status.working': 'Working…',
  'stage.loading': 'Loading the analysis engine…',
  'stage.loading-workbook': 'Loading the workbook reader…',
  'stage.analyzing': 'Analyzing…',
  'stage.exporting': 'Building the document…',

  // Errors the Worker reports
  'error.worker_stopped': 'the analysis worker stopped',
  'error.unknown_export': 'unknown export format {format}',
  'error.export_unavailable': '{format} export is not available in this build',

  // Settings form
  'settings.out_of_range': '“{label}” must be between {min} and {max}; the last valid settings stay in use.',
  'settings.not_a_number': '“{label}” must be a number; the last valid settings stay in use.',
  'settings.invalid': 'A setting is out of range; the last valid settings stay in use.',
  'settings.differ': 'Settings differ from the analysis plan; the report records them.',

  // Report chrome
  'report.files': 'Files: {files}',
  'report.toc': 'Report sections',
  'table.csv': 'Download CSV',
  'table.csv_label': 'Download CSV of {name}',
  'table.show_all': 'Show all {n} rows',
  'table.show_all_label': 'Show all {n} rows of {name}',
  'table.showing': 'Showing the first {shown} of {total} rows.',
  'figure.svg': 'Download SVG',
  'figure.png': 'Download PNG',
  'figure.svg_label': 'Download SVG of {name}',
  'figure.png_label': 'Download PNG of {name}',
  'figure.draw_failed': 'the figure could not be drawn',
  'figure.png_failed': 'PNG encoding failed',

  // Data dictionary
  'dictionary.caption': 'Data dictionary: {n} columns of the CRF',
  'dictionary.short': 'Data dictionary',
  'dictionary.column': 'Column',
  'dictionary.sheet': 'Sheet',
  'dictionary.type': 'Type',
  'dictionary.required': 'Required',
  'dictionary.unit': 'Unit',
  'dictionary.meaning': 'Meaning',
  'dictionary.allowed': 'Allowed values',
  'dictionary.also': 'Also accepted headers',
  'dictionary.note': 'The same dictionary as a spreadsheet: data-dictionary.csv above.',
  'dictionary.unavailable': 'The data dictionary is not available in this copy of Lenalyze.',
};

/** @typedef {keyof typeof en} MessageKey */

/** Every language the page speaks; each table has exactly the keys of `en`. */
export const CATALOGUES = /** @type {Record<string, Record<MessageKey, string>>} */ ({ en });

/** The table in use. */
const table = CATALOGUES[LANG] ?? en;

/**
 * A text of the page with its {placeholders} filled in.
 * @param {MessageKey} key
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 */
export function t(key, params = {}) {
  const text = table[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * A text that depends on a count: `key.one` for 1, `key.other` otherwise.
 * @param {'status.analyzed' | 'status.needs_fixing'} key
 * @param {number} n
 * @param {Record<string, string | number>} [params]
 */
export function tn(key, n, params = {}) {
  return t(/** @type {MessageKey} */ (`${key}.${n === 1 ? 'one' : 'other'}`), params);
}

/**
 * Sets the static texts of a document from the table: `data-i18n` (text),
 * `data-i18n-aria-label` and `data-i18n-title` (attributes).
 * @param {ParentNode} root
 */
export function applyStatic(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.textContent = t(/** @type {MessageKey} */ (node.getAttribute('data-i18n')));
  }
  for (const attr of ['aria-label', 'title']) {
    for (const node of root.querySelectorAll(`[data-i18n-${attr}]`)) {
      node.setAttribute(attr, t(/** @type {MessageKey} */ (node.getAttribute(`data-i18n-${attr}`))));
    }
  }
}
