// @ts-check
// Analysis settings: the form and the URL hash. The defaults and accepted
// ranges are the core's (`settings_info()` in src/wasm.rs, asked from the
// Worker at start-up and passed to `configure`); this module keeps no copy
// of them. The hash holds only settings that differ from the defaults, as
// `#settings=` + encodeURIComponent(JSON); never any patient data.

/** @typedef {import('./types/report').Settings} Settings */
/** @typedef {import('./types/report').TwoByTwoTest} TwoByTwoTest */
/** @typedef {import('./types/report').Source} Source */
/**
 * One numeric setting's accepted range (`settings_info().ranges`).
 * @typedef {{ path: string, min: number, max: number, integer: boolean }} Range
 */
/**
 * What `settings_info()` returns.
 * @typedef {{ defaults: Settings, ranges: Range[] }} SettingsInfo
 */
/** @typedef {{ [key: string]: unknown }} Tree */

/**
 * The accepted values of the settings that are a choice. Typed as a record
 * over the generated union, so tsc fails when the core adds or renames one.
 * @type {Record<string, Record<string, true>>}
 */
const CHOICES = {
  two_by_two_test: /** @type {Record<TwoByTwoTest, true>} */ ({ fisher: true, chi_square: true, chi_square_yates: true }),
  response_source: /** @type {Record<Source, true>} */ ({ recorded: true, derived: true }),
  risk_source: /** @type {Record<Source, true>} */ ({ recorded: true, derived: true }),
  toxicity_source: /** @type {Record<Source, true>} */ ({ recorded: true, derived: true }),
};

/**
 * A REDCap missing-data code, as the core's `Settings::validate` accepts
 * it: letters, digits, dots, dashes and underscores.
 */
const CODE = /^[A-Za-z0-9._-]+$/;

/**
 * A list setting typed in one field: its items, split at commas.
 * @param {string} text
 * @returns {string[]}
 */
function splitList(text) {
  return text.split(',').map((x) => x.trim()).filter((x) => x !== '');
}

/** @type {SettingsInfo | null} */
let info = null;

/**
 * Takes the core's defaults and ranges (the JSON of `settings_info()`).
 * @param {string | SettingsInfo} json
 */
export function configure(json) {
  info = typeof json === 'string' ? /** @type {SettingsInfo} */ (JSON.parse(json)) : json;
}

/** @returns {SettingsInfo} */
function current() {
  if (!info) throw new Error('settings: configure() was not called');
  return info;
}

/**
 * A deep copy of a JSON value.
 * @template T
 * @param {T} value
 * @returns {T}
 */
function copy(value) {
  return JSON.parse(JSON.stringify(value));
}

/** The core's defaults (a fresh copy). @returns {Settings} */
export function defaults() {
  return copy(current().defaults);
}

/**
 * The range of a numeric setting.
 * @param {string} path
 */
export function range(path) {
  return current().ranges.find((r) => r.path === path);
}

/**
 * True when a number is acceptable for a setting.
 * @param {string} path
 * @param {number} v
 */
function inRange(path, v) {
  const r = range(path);
  if (!Number.isFinite(v)) return false;
  if (!r) return true;
  return (!r.integer || Number.isInteger(v)) && v >= r.min && v <= r.max;
}

/**
 * True when `v` is an acceptable value for the setting at `path` whose
 * default is `def`.
 * @param {string} path
 * @param {unknown} def
 * @param {unknown} v
 */
function acceptable(path, def, v) {
  if (Array.isArray(def)) return Array.isArray(v) && v.every((x) => typeof x === 'string' && CODE.test(x));
  if (typeof v !== typeof def) return false;
  if (typeof v === 'number') return inRange(path, v);
  if (typeof v === 'string') return Boolean(CHOICES[path]?.[v]);
  return typeof v === 'boolean';
}

/**
 * @param {unknown} v
 * @returns {v is Tree}
 */
function isTree(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merges a partial settings object over the defaults, keeping only known
 * keys with values of the right type and range (a shared link with a bad
 * value falls back to the default).
 * @param {unknown} partial
 * @returns {Settings}
 */
export function merge(partial) {
  const out = /** @type {Tree} */ (defaults());
  /** @param {Tree} into @param {Tree} from @param {string} prefix */
  const walk = (into, from, prefix) => {
    for (const [key, def] of Object.entries(into)) {
      const path = prefix + key;
      const v = from[key];
      if (v === undefined) continue;
      if (isTree(def)) {
        if (isTree(v)) walk(def, v, `${path}.`);
      } else if (acceptable(path, def, v)) {
        into[key] = v;
      }
    }
  };
  if (isTree(partial)) walk(out, partial, '');
  return /** @type {Settings} */ (out);
}

/**
 * The settings that differ from the defaults (nested like the settings).
 * @param {Settings} settings
 * @returns {Tree}
 */
export function diff(settings) {
  /** @param {Tree} def @param {Tree} value @returns {Tree} */
  const walk = (def, value) => {
    /** @type {Tree} */
    const out = {};
    for (const [key, d] of Object.entries(def)) {
      const v = value[key];
      if (isTree(d)) {
        const inner = isTree(v) ? walk(d, v) : {};
        if (Object.keys(inner).length) out[key] = inner;
      } else if (v !== undefined && JSON.stringify(v) !== JSON.stringify(d)) {
        // Lists (`redcap_missing_codes`) compare by value, not identity.
        out[key] = v;
      }
    }
    return out;
  };
  return walk(/** @type {Tree} */ (current().defaults), /** @type {Tree} */ (settings));
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
 * True when a hash carries settings (other hashes are section anchors).
 * @param {string} hash
 */
export function hasSettings(hash) {
  return /(?:^#|&)settings=/.test(hash);
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
 * True when the settings are all defaults.
 * @param {Settings} settings
 */
export function isDefault(settings) {
  return Object.keys(diff(settings)).length === 0;
}

/**
 * The form's inputs that carry a setting (named by its path).
 * @param {HTMLFormElement} form
 */
function inputs(form) {
  return Array.from(form.elements)
    .filter((e) => (e instanceof HTMLInputElement || e instanceof HTMLSelectElement) && e.name)
    .map((e) => /** @type {HTMLInputElement | HTMLSelectElement} */ (e));
}

/**
 * How many places an input moves its setting's decimal point:
 * `data-percent` shows a fraction as a percentage (0.95 as 95).
 * @param {HTMLInputElement | HTMLSelectElement} input
 */
function placesOf(input) {
  return input.dataset.percent === undefined ? 0 : 2;
}

/**
 * A number's shortest text with its decimal point moved `places` to the
 * right (left when negative): an exact change of unit, digit for digit, so
 * no rounding and no floating-point noise (0.95 → "95", "95.5" → 0.955).
 * The number itself is the core's (its default, a range end, a link's
 * value) or the user's; nothing here formats a result.
 * @param {number | string} x
 * @param {number} places
 * @returns {string}
 */
export function shiftPoint(x, places) {
  const text = String(x).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return text;
  const digits = m[2] + (m[3] ?? '');
  const point = m[2].length + places + Number(m[4] ?? 0);
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const frac = padded.slice(at).replace(/0+$/, '');
  return m[1].replace('+', '') + whole + (frac ? '.' + frac : '');
}

/**
 * Puts the core's ranges on the form's number inputs (min, max, step), so
 * the browser checks them as the core will.
 * @param {HTMLFormElement} form
 */
export function applyRanges(form) {
  for (const input of inputs(form)) {
    const r = range(input.name);
    if (!r || !(input instanceof HTMLInputElement)) continue;
    const places = placesOf(input);
    input.min = shiftPoint(r.min, places);
    input.max = shiftPoint(r.max, places);
    input.step = r.integer && places === 0 ? '1' : 'any';
    input.inputMode = r.integer && places === 0 ? 'numeric' : 'decimal';
  }
}

/**
 * The value at a path ("a" or "a.b").
 * @param {Settings} settings
 * @param {string} path
 * @returns {unknown}
 */
function read(settings, path) {
  /** @type {unknown} */
  let o = settings;
  for (const k of path.split('.')) o = isTree(o) ? o[k] : undefined;
  return o;
}

/**
 * Sets the value at a path.
 * @param {Settings} settings
 * @param {string} path
 * @param {unknown} v
 */
function write(settings, path, v) {
  const keys = path.split('.');
  let o = /** @type {Tree} */ (settings);
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    if (!isTree(next)) return;
    o = next;
  }
  o[keys[keys.length - 1]] = v;
}

/**
 * Fills the settings form.
 * @param {HTMLFormElement} form
 * @param {Settings} settings
 */
export function fillForm(form, settings) {
  for (const input of inputs(form)) {
    const v = read(settings, input.name);
    if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = Boolean(v);
    else if (typeof v === 'number') input.value = shiftPoint(v, placesOf(input));
    else if (Array.isArray(v)) input.value = v.join(', ');
    else input.value = String(v ?? '');
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
  for (const input of inputs(form)) {
    const def = read(out, input.name);
    /** @type {unknown} */
    let v;
    if (input instanceof HTMLInputElement && input.type === 'checkbox') v = input.checked;
    else if (typeof def === 'number') {
      v = Number(shiftPoint(input.value, -placesOf(input)));
      if (input.value.trim() === '' || !Number.isFinite(v)) return null;
    } else if (Array.isArray(def)) v = splitList(input.value);
    else v = input.value;
    if (!acceptable(input.name, def, v)) return null;
    write(out, input.name, v);
  }
  return out;
}
