// @ts-nocheck
// DuckDB-Wasm (exception-handling build, one worker) as a page would use it:
// the file is registered as a browser File (read through FileReader in
// slices, not copied whole), then the same two queries as bench/peers.py.
import * as duckdb from '/duckdb/duckdb-browser.mjs';

const DIST = new URL('/duckdb/', location.href).href;
const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(`${DIST}duckdb-browser-eh.worker.js`));
await db.instantiate(`${DIST}duckdb-eh.wasm`);
const conn = await db.connect();
window.duckdbReadyMs = performance.now();
window.duckdbReady = true;

const TOXICITY = `
  WITH ae AS (
    UNPIVOT (SELECT COLUMNS('^ae_') FROM crf) ON COLUMNS(*) INTO NAME term VALUE grade
  )
  SELECT term,
         count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) = 1) AS g1,
         count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) = 2) AS g2,
         count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) = 3) AS g3,
         count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) = 4) AS g4,
         count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) = 5) AS g5,
         count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) >= 3) AS g3plus
  FROM ae GROUP BY term ORDER BY term`;
const RATE = `
  SELECT count(*) FILTER (WHERE trim(response) = 'RBC-TI')::DOUBLE
         / greatest(count(*) FILTER (WHERE upper(trim(response)) <> 'NE'), 1) AS rate
  FROM crf`;

let run = 0;
document.getElementById('file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  const name = `crf${run++}.csv`;
  try {
    await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    await conn.query(`CREATE OR REPLACE TABLE crf AS SELECT * FROM read_csv('${name}', header = true, sample_size = -1)`);
    const table = (await conn.query(TOXICITY)).toArray();
    const rate = (await conn.query(RATE)).toArray()[0].rate;
    const grade3 = table.reduce((s, r) => s + Number(r.g3plus), 0);
    document.getElementById('out').textContent = `${table.length} terms, RBC-TI ${rate}`;
    window.duckdbResult = { terms: table.length, rbc_ti_rate: Math.round(rate * 1e6) / 1e6, grade3_or_more: grade3 };
    window.duckdbRuns = run;
  } catch (error) {
    window.duckdbResult = { error: String(error) };
    window.duckdbRuns = run;
  }
});
