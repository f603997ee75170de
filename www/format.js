// @ts-check
// Number formatting per the analysis plan: percentages with one decimal,
// rounded half away from zero; p-values with three decimals or <0.001.
// Pure functions (no DOM), so node can unit-test them.

/** Days per month (365.25 / 12), as the core uses. */
export const DAYS_PER_MONTH = 30.4375;

/** The dash shown for a value that is not computable or not available. */
export const DASH = '—';

/**
 * Rounds half away from zero to `digits` decimals.
 * @param {number} x
 * @param {number} digits
 */
export function roundHalfAway(x, digits) {
  const f = 10 ** digits;
  // The epsilon absorbs binary representation error (2.675 stored as 2.67499…).
  const scaled = Math.abs(x) * f;
  const r = Math.floor(scaled + 0.5 + 1e-9);
  return (Math.sign(x) * r) / f;
}

/**
 * A number with a fixed number of decimals; negative numbers get a true
 * minus sign (U+2212), as journals print them.
 * @param {number | null | undefined} x
 * @param {number} [digits]
 */
export function fixed(x, digits = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  const r = roundHalfAway(x, digits);
  const s = Math.abs(r).toFixed(digits);
  return r < 0 ? `\u2212${s}` : s;
}

/**
 * A number with up to `maxDigits` decimals, trailing zeros dropped
 * (66 → "66", 0.4286 → "0.4", 3.75 → "3.75" with maxDigits 2).
 * @param {number | null | undefined} x
 * @param {number} [maxDigits]
 */
export function trim(x, maxDigits = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  const s = fixed(x, maxDigits);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** @param {number | null | undefined} pct */
export function percent(pct) {
  return pct === null || pct === undefined ? DASH : fixed(pct, 1);
}

/** @param {number | null | undefined} p */
export function pValue(p) {
  if (p === null || p === undefined || !Number.isFinite(p)) return DASH;
  if (p < 0.001) return '<0.001';
  return fixed(p, 3);
}

/**
 * A report `Num`: a number, or "Infinity" / "-Infinity", or null.
 * @param {number | string | null | undefined} x
 * @returns {number | null}
 */
export function num(x) {
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  return typeof x === 'number' ? x : null;
}

/**
 * Formats a `Num` with `digits` decimals; infinities as ∞.
 * @param {number | string | null | undefined} x
 * @param {number} [digits]
 */
export function numText(x, digits = 2) {
  const v = num(x);
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '\u2212∞';
  // Two significant digits below 0.01, so 0.0042 is not shown as 0.00.
  if (v !== 0 && Math.abs(v) < 0.01) return fixed(v, 1 - Math.floor(Math.log10(Math.abs(v))));
  return fixed(v, digits);
}

/**
 * @typedef {{ n: number, denominator: number, percent: number | null, missing: number, percent_of_known: number | null }} Count
 */

/**
 * "n (pct)", as in Table 1: "23 (74.2)".
 * @param {Count} c
 */
export function nPct(c) {
  return c.percent === null || c.percent === undefined ? `${c.n}` : `${c.n} (${percent(c.percent)})`;
}

/**
 * "n/N (pct%)", as the efficacy text writes it: "19/28 (67.9%)".
 * @param {Count} c
 */
export function nOfN(c) {
  return c.percent === null || c.percent === undefined ? `${c.n}/${c.denominator}` : `${c.n}/${c.denominator} (${percent(c.percent)}%)`;
}

/**
 * An interval "lo–hi" with the given formatter.
 * @param {number | string | null | undefined} lo
 * @param {number | string | null | undefined} hi
 * @param {(x: number | string | null | undefined) => string} f
 */
export function interval(lo, hi, f) {
  return `${f(lo)}–${f(hi)}`;
}

/**
 * A proportion interval (0–1) as percentages: "47.6–84.1".
 * @param {number} lower
 * @param {number} upper
 */
export function percentInterval(lower, upper) {
  return `${percent(100 * lower)}–${percent(100 * upper)}`;
}

/**
 * Median (range) of a summary: "66 (46–83)".
 * @param {{ median: number, min: number, max: number }} s
 * @param {(x: number) => string} f
 */
export function medianRange(s, f) {
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

/**
 * Mean ± SEM of a summary: "7.2 ± 0.2".
 * @param {{ mean: number, sem: number | null }} s
 * @param {number} [digits]
 */
export function meanSem(s, digits = 1) {
  return s.sem === null || s.sem === undefined ? `${fixed(s.mean, digits)}` : `${fixed(s.mean, digits)} ± ${fixed(s.sem, digits)}`;
}

/**
 * Days as months (days / 30.4375).
 * @param {number} days
 */
export function months(days) {
  return days / DAYS_PER_MONTH;
}

/**
 * A confidence level as a percentage label: 0.95 → "95%".
 * @param {number} level
 */
export function levelLabel(level) {
  return `${trim(100 * level, 1)}%`;
}

/**
 * The missing-count note: "missing: 2", or "" when nothing is missing.
 * @param {number | null | undefined} n
 */
export function missingNote(n) {
  return n ? `missing: ${n}` : '';
}
