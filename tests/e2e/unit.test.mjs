// @ts-check
// Unit tests of the page's pure modules (no browser): CSV neutralization,
// number formatting, settings in the URL hash.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeCell, toCsv } from '../../www/csv.js';
import { roundHalfAway, percent, pValue, fixed, trim, numText, nOfN, nPct, percentInterval } from '../../www/format.js';
import { fromHash, toHash, diff, defaults, merge } from '../../www/settings.js';

test('safeCell neutralizes formula-leading text and keeps computed numbers', () => {
  assert.equal(safeCell('=HYPERLINK("x")'), '\'=HYPERLINK("x")');
  assert.equal(safeCell('+1'), "'+1");
  assert.equal(safeCell('-2+3'), "'-2+3");
  assert.equal(safeCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(safeCell('\tx'), "'\tx");
  assert.equal(safeCell('\rx'), "'\rx");
  assert.equal(safeCell(-0.114), '-0.114');
  assert.equal(safeCell(31), '31');
  assert.equal(safeCell('24 (77.4)'), '24 (77.4)');
  assert.equal(safeCell('<img src=x>'), '<img src=x>');
  assert.equal(safeCell(null), '');
  assert.equal(safeCell(undefined), '');
  assert.equal(safeCell(NaN), '');
});

test('toCsv quotes, neutralizes and starts with a BOM', () => {
  const csv = toCsv([['a', '=HYPERLINK("x")', -1.5], ['b,c', 'line\nbreak', '']]);
  assert.ok(csv.startsWith('\uFEFF'));
  assert.equal(csv, '\uFEFFa,"\'=HYPERLINK(""x"")",-1.5\r\n"b,c","line\nbreak",\r\n');
});

test('numbers are formatted per the analysis plan', () => {
  assert.equal(roundHalfAway(2.675, 2), 2.68);
  assert.equal(roundHalfAway(-0.05, 1), -0.1);
  assert.equal(percent(100 * 19 / 28), '67.9');
  assert.equal(percent(100 * 1 / 8), '12.5');
  assert.equal(percent(100 * 1 / 16), '6.3');
  assert.equal(percent(null), '—');
  assert.equal(pValue(0.019575), '0.020');
  assert.equal(pValue(0.0003), '<0.001');
  assert.equal(pValue(0.0012), '0.001');
  assert.equal(pValue(1), '1.000');
  assert.equal(fixed(-0.1145, 3), '\u22120.115');
  assert.equal(trim(3.75, 2), '3.75');
  assert.equal(trim(10, 2), '10');
  assert.equal(trim(0.428571, 1), '0.4');
  assert.equal(numText('Infinity'), '∞');
  assert.equal(numText(9.4992), '9.50');
  const count = { n: 19, denominator: 28, percent: 100 * 19 / 28, missing: 0, percent_of_known: 100 * 19 / 28 };
  assert.equal(nOfN(count), '19/28 (67.9%)');
  assert.equal(nPct(count), '19 (67.9)');
  assert.equal(percentInterval(0.4764835932903835, 0.8412239621138452), '47.6–84.1');
});

test('settings: only non-default values go in the hash, and come back', () => {
  assert.equal(toHash(defaults()), '');
  const s = merge({ two_by_two_test: 'chi_square', cut_points: { rbc_units_8wk: 6 } });
  assert.deepEqual(diff(s), { two_by_two_test: 'chi_square', cut_points: { rbc_units_8wk: 6 } });
  const hash = toHash(s);
  assert.match(hash, /^#settings=/);
  assert.deepEqual(fromHash(hash), s);
  assert.deepEqual(fromHash('#settings=%7Bbroken'), defaults());
  assert.deepEqual(fromHash('#settings=' + encodeURIComponent('{"typo":1,"two_by_two_test":"nope"}')), defaults());
});

test('settings from a shared link: out-of-range values fall back to the defaults', async () => {
  const s = await import('../../www/settings.js');
  const merged = s.merge({ confidence_level: 2, min_age_years: -1, evaluable_min_days: 2.5, cut_points: { thrombocytopenia_grade: 2.5, rbc_units_8wk: 6 } });
  const d = s.defaults();
  assert.equal(merged.confidence_level, d.confidence_level);
  assert.equal(merged.min_age_years, d.min_age_years);
  assert.equal(merged.evaluable_min_days, d.evaluable_min_days);
  assert.equal(merged.cut_points.thrombocytopenia_grade, d.cut_points.thrombocytopenia_grade);
  assert.equal(merged.cut_points.rbc_units_8wk, 6);
});

test('small odds ratios keep two significant digits', () => {
  assert.equal(numText(0.0042), '0.0042');
  assert.equal(numText(0.22), '0.22');
});
