// @ts-check
// Number formatting per the analysis plan: percentages with one decimal,
// rounded half away from zero; p-values with three decimals or <0.001.

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

/** @param {number | null | undefined} x @param {number} [digits] */
export function fixed(x, digits = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return roundHalfAway(x, digits).toFixed(digits);
}

/** @param {number | null | undefined} pct */
export function percent(pct) {
  return pct === null || pct === undefined ? '—' : fixed(pct, 1);
}

/** @param {number | null | undefined} p */
export function pValue(p) {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 0.001) return '<0.001';
  return fixed(p, 3);
}
