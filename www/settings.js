// @ts-check
// Analysis settings (src/settings.rs): the defaults, the form, and the URL
// hash. The hash holds only settings that differ from the defaults, as
// `#settings=` + encodeURIComponent(JSON); never any patient data.

/**
 * @typedef {object} CutPoints
 * @property {number} diagnosis_to_start_days
 * @property {number} rbc_units_8wk
 * @property {number} anc_per_ul
 * @property {number} platelets_per_ul
 * @property {number} thrombocytopenia_grade
 */

/**
 * @typedef {object} Settings
 * @property {boolean} apply_eligibility
 * @property {number} min_age_years
 * @property {number} min_anc_per_ul
 * @property {number} min_platelets_per_ul
 * @property {number} evaluable_min_days
 * @property {'fisher' | 'chi_square' | 'chi_square_yates'} two_by_two_test
 * @property {CutPoints} cut_points
 * @property {number} confidence_level
 */

/** @type {Readonly<Settings>} */
export const DEFAULTS = Object.freeze({
  apply_eligibility: true,
  min_age_years: 19,
  min_anc_per_ul: 500,
  min_platelets_per_ul: 25000,
  evaluable_min_days: 28,
  two_by_two_test: 'fisher',
  cut_points: Object.freeze({
    diagnosis_to_start_days: 730.5,
    rbc_units_8wk: 4,
    anc_per_ul: 1000,
    platelets_per_ul: 150000,
    thrombocytopenia_grade: 3,
  }),
  confidence_level: 0.95,
});

const TESTS = ['fisher', 'chi_square', 'chi_square_yates'];

/** @returns {Settings} */
export function defaults() {
  return { ...DEFAULTS, cut_points: { ...DEFAULTS.cut_points } };
}

/** Accepted ranges, as the core validates them (src/settings.rs). */
const RANGES = {
  min_age_years: [0, 120], min_anc_per_ul: [0, 1e6], min_platelets_per_ul: [0, 1e7], evaluable_min_days: [0, 3650],
  confidence_level: [0.5000001, 0.9999999], diagnosis_to_start_days: [0, 36500], rbc_units_8wk: [0, 1000],
  anc_per_ul: [0, 1e6], platelets_per_ul: [0, 1e7], thrombocytopenia_grade: [1, 5],
};
const INTEGERS = ['evaluable_min_days', 'thrombocytopenia_grade'];

/** True when a number is acceptable for a setting. @param {string} key @param {number} v */
function inRange(key, v) {
  const r = /** @type {Record<string, number[]>} */ (RANGES)[key];
  if (!Number.isFinite(v) || (INTEGERS.includes(key) && !Number.isInteger(v))) return false;
  return !r || (v >= r[0] && v <= r[1]);
}

/**
 * Merges a partial settings object over the defaults, keeping only known
 * keys with values of the right type and
 * range (a shared link with a bad value falls back to the default).
 * @param {any} partial
 * @returns {Settings}
 */
export function merge(partial) {
  const out = defaults();
  if (!partial || typeof partial !== 'object') return out;
  const o = /** @type {Record<string, any>} */ (out);
  for (const [key, def] of Object.entries(DEFAULTS)) {
    const v = partial[key];
    if (v === undefined) continue;
    if (key === 'cut_points') {
      if (v && typeof v === 'object') {
        for (const ck of Object.keys(DEFAULTS.cut_points)) {
          if (typeof v[ck] === 'number' && inRange(ck, v[ck])) /** @type {Record<string, number>} */ (out.cut_points)[ck] = v[ck];
        }
      }
    } else if (key === 'two_by_two_test') {
      if (TESTS.includes(v)) out.two_by_two_test = v;
    } else if (typeof v === typeof def && (typeof v !== 'number' || inRange(key, v))) {
      o[key] = v;
    }
  }
  return out;
}

/**
 * The settings that differ from the defaults (nested for cut points).
 * @param {Settings} settings
 * @returns {Record<string, any>}
 */
export function diff(settings) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const [key, def] of Object.entries(DEFAULTS)) {
    if (key === 'cut_points') {
      /** @type {Record<string, number>} */
      const cp = {};
      for (const [ck, cd] of Object.entries(DEFAULTS.cut_points)) {
        const v = /** @type {Record<string, number>} */ (settings.cut_points)[ck];
        if (v !== cd) cp[ck] = v;
      }
      if (Object.keys(cp).length) out.cut_points = cp;
    } else if (/** @type {Record<string, any>} */ (settings)[key] !== def) {
      out[key] = /** @type {Record<string, any>} */ (settings)[key];
    }
  }
  return out;
}

/**
 * Reads settings from a location hash (`#settings=…`); defaults otherwise.
 * @param {string} hash
 * @returns {Settings}
 */
export function fromHash(hash) {
  const match = /(?:^#|&)settings=([^&]*)/.exec(hash);
  if (!match) return defaults();
  try {
    return merge(JSON.parse(decodeURIComponent(match[1])));
  } catch {
    return defaults();
  }
}

/**
 * The hash for settings: "" when all are defaults.
 * @param {Settings} settings
 */
export function toHash(settings) {
  const d = diff(settings);
  return Object.keys(d).length ? `#settings=${encodeURIComponent(JSON.stringify(d))}` : '';
}

/**
 * Fills the settings form.
 * @param {HTMLFormElement} form
 * @param {Settings} settings
 */
export function fillForm(form, settings) {
  for (const element of Array.from(form.elements)) {
    const input = /** @type {HTMLInputElement | HTMLSelectElement} */ (element);
    if (!input.name) continue;
    const v = read(settings, input.name);
    if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = Boolean(v);
    else if (input.name === 'confidence_level') input.value = String(Math.round(Number(v) * 1e6) / 1e4);
    else input.value = String(v);
  }
}

/**
 * Reads the settings form; null when a field is invalid.
 * @param {HTMLFormElement} form
 * @returns {Settings | null}
 */
export function readForm(form) {
  if (!form.checkValidity()) return null;
  const out = defaults();
  for (const element of Array.from(form.elements)) {
    const input = /** @type {HTMLInputElement | HTMLSelectElement} */ (element);
    if (!input.name) continue;
    /** @type {any} */
    let v;
    if (input instanceof HTMLInputElement && input.type === 'checkbox') v = input.checked;
    else if (input.name === 'two_by_two_test') v = input.value;
    else {
      v = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(v)) return null;
      if (input.name === 'confidence_level') v = Math.round(v * 1e4) / 1e6;
    }
    write(out, input.name, v);
  }
  return out;
}

/**
 * @param {Settings} settings
 * @param {string} path  "a" or "a.b"
 */
function read(settings, path) {
  return path.split('.').reduce((/** @type {any} */ o, k) => (o ? o[k] : undefined), settings);
}

/**
 * @param {Settings} settings
 * @param {string} path
 * @param {any} v
 */
function write(settings, path, v) {
  const keys = path.split('.');
  /** @type {any} */
  let o = settings;
  for (const k of keys.slice(0, -1)) o = o[k];
  o[keys[keys.length - 1]] = v;
}

/**
 * True when the settings are all defaults.
 * @param {Settings} settings
 */
export function isDefault(settings) {
  return Object.keys(diff(settings)).length === 0;
}
