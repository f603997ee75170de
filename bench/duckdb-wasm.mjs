// @ts-nocheck
// DuckDB-Wasm in headless Chromium on each file, one page, for
// scripts/bench.sh (bench/duckdb.html served from a local origin). Prints
// one JSON line per file: the first run, ms from choosing the file to both
// queries answered (a second file on the same page hung in DuckDB-Wasm
// 1.32 here, so each file gets a fresh page).
//
//   node bench/duckdb-wasm.mjs FILE...
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const ROOT=path.resolve(path.dirname(fileURLToPath(import.meta.url)),'..');
const MOUNTS={'/duckdb/':path.join(ROOT,'bench/node_modules/@duckdb/duckdb-wasm/dist'),'/bench/':path.join(ROOT,'bench')};
const server=http.createServer((req,res)=>{const u=new URL(req.url,'http://x');for(const [p,d] of Object.entries(MOUNTS)){if(u.pathname.startsWith(p)){const f=path.join(d,u.pathname.slice(p.length));if(fs.existsSync(f)&&fs.statSync(f).isFile()){res.writeHead(200,{'content-type':f.endsWith('.wasm')?'application/wasm':f.endsWith('.html')?'text/html':'text/javascript'});fs.createReadStream(f).pipe(res);return;}}}res.writeHead(404).end();});
await new Promise(r=>server.listen(0,'127.0.0.1',r));
const port=server.address().port;
const b=await chromium.launch({executablePath:'/usr/bin/chromium',args:['--headless','--no-sandbox','--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']});
const p=await b.newPage();
p.on('console',m=>console.error('console',m.type(),m.text()));
p.on('pageerror',e=>console.log('pageerror',String(e)));
p.on('requestfailed',r=>console.log('failed',r.url()));
p.on('response',r=>{if(r.status()>=400)console.log('status',r.status(),r.url())});
await p.goto(`http://127.0.0.1:${port}/bench/duckdb.html`);
await p.waitForFunction(()=>window.duckdbReady,undefined,{timeout:60000});
console.error('ready');
for (const f of process.argv.slice(2)) {
  await p.goto(`http://127.0.0.1:${port}/bench/duckdb.html`);
  await p.waitForFunction(()=>window.duckdbReady,undefined,{timeout:60000});
  const times = [];
  let result;
  for (let k = 0; k < 1; k++) {
    const st=Date.now();
    await p.setInputFiles('#file',f);
    await p.waitForFunction(()=>window.duckdbResult,undefined,{timeout:300000}).catch(e=>console.log('timeout'));
    times.push(Date.now()-st);
    result ??= await p.evaluate(()=>window.duckdbResult);
  }
  console.log(JSON.stringify({ tool: 'duckdb-wasm', case: 'file', file: path.basename(f), bytes: fs.statSync(f).size, first_ms: times[0], result }));
}
await b.close(); server.close();
