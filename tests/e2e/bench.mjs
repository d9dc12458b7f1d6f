// The browser figures, printed as tables: `cargo xtask bench` builds the page, serves it and runs
// this. Results also go to test-artifacts/bench.json.
//
// 1. www/bench.html: the native benchmark's inputs (corpus fixtures; generated 1k/10k/100k-line
//    files) through the wasm build in a worker: analyze and syn-parse-only, median and p95.
// 1b. Memory of the page's own analyzer worker over 10,000 analyses of changing text, read through
//    the DevTools protocol (wasm linear memory and the worker's JS heap, after a collection).
// 2. Navigation to first diagnostics on the page's default example, cold cache, median of N loads.
// 3. What the page downloads before its first diagnostics (raw, gzip -9, brotli -q 11).
// 4. analyze per keystroke in the page itself, for its examples and a 1,000-line file.
//
// Environment: BENCH_LARGEST=1 (also search the largest file analyzed within 1 s), BENCH_RUNS (cold loads, default 9), BENCH_KEYSTROKES (default 20), BENCH_PKG (a
// folder under the repository holding another wasm-bindgen build, for the opt-level table),
// BENCH_ONLY=wasm (only part 1), BENCH_ONLY=nav (only parts 2 and 3), BENCH_BIG=0 (skip the 100k-line file), BENCH_SAMPLES,
// BENCH_MEMORY (analyses in the memory check), SENDLENS_BENCH_DUMP (a folder where
// `SENDLENS_BENCH_DUMP=DIR cargo bench --bench analyze` wrote its inputs: the browser's generated
// files are compared with them).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { startServer, launch, settled, setText, ARTIFACTS, ROOT } from './helpers.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 20);
const ONLY_WASM = process.env.BENCH_ONLY === 'wasm';
const ONLY_NAV = process.env.BENCH_ONLY === 'nav';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n) => (n == null ? 'n/a' : `${(n / 1024 / 1024).toFixed(2)} MB`);
const msf = (x) => `${x.toFixed(x < 1 ? 3 : x < 100 ? 2 : 0)} ms`;

/** A 1,000-line file: the classic cases repeated as separate functions, with ordinary code between. */
export function thousandLines() {
  const parts = ['use std::cell::RefCell;', 'use std::rc::Rc;', 'use std::sync::{Arc, Mutex};', ''];
  let i = 0;
  while (parts.length + 22 <= 997) {
    parts.push(
      `async fn rc_counter_${i}() {`,
      `    let counter = Rc::new(RefCell::new(${i}));`,
      '    let handle = tokio::spawn(async move {',
      '        *counter.borrow_mut() += 1;',
      '    });',
      '    handle.await.unwrap();',
      '}',
      '',
      `async fn arc_counter_${i}() {`,
      `    let counter = Arc::new(Mutex::new(${i}));`,
      '    let c = Arc::clone(&counter);',
      '    let handle = tokio::spawn(async move {',
      '        let mut guard = c.lock().unwrap();',
      '        *guard += 1;',
      '    });',
      '    handle.await.unwrap();',
      '}',
      '',
      `fn plain_${i}(xs: &[u32]) -> u32 {`,
      '    xs.iter().map(|x| x * 2).filter(|x| x % 3 == 0).sum()',
      '}',
      '',
    );
    i++;
  }
  while (parts.length < 997) parts.push('// filler');
  parts.push('#[tokio::main]', 'async fn main() {}', '');
  return parts.join('\n');
}

async function wasmBench(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const params = new URLSearchParams();
  if (process.env.BENCH_PKG) params.set('pkg', `/${process.env.BENCH_PKG.replace(/^\/|\/$/g, '')}/`);
  if (process.env.BENCH_BIG) params.set('big', process.env.BENCH_BIG);
  if (process.env.BENCH_SAMPLES) params.set('samples', process.env.BENCH_SAMPLES);
  if (process.env.BENCH_LARGEST === '1') params.set('largest', '1');
  await page.goto(`${url}/www/bench.html?${params}`);
  await page.waitForFunction(() => document.body.dataset.done, null, { timeout: 15 * 60_000 });
  const results = JSON.parse(await page.locator('#results').textContent());
  if (results.error || errors.length) throw new Error(`bench.html failed: ${results.error ?? errors.join('\n')}`);
  await page.screenshot({ path: join(ARTIFACTS, 'bench.png'), fullPage: true });
  await page.close();
  return results;
}

/** The generated inputs must be the native benchmark's: compare line and byte counts with its dump. */
function compareWithDump(inputs) {
  const dir = process.env.SENDLENS_BENCH_DUMP;
  if (!dir) return [];
  const notes = [];
  for (const input of inputs.filter((i) => i.name.startsWith('lines_'))) {
    const file = join(dir, `${input.name}.rs`);
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file).length;
    if (bytes !== input.bytes) throw new Error(`${input.name}: the browser generated ${input.bytes} bytes, benches/analyze.rs ${bytes}`);
    notes.push(`${input.name} matches ${file} (${bytes} bytes)`);
  }
  return notes;
}

async function sizes(browser, url) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const requests = [];
  page.on('requestfinished', (r) => requests.push(r));
  await page.goto(`${url}/index.html`);
  await settled(page);
  // What the page loads once its first diagnostics are shown (the grammar, the service worker's
  // downloads) is not on the way to them.
  await page.evaluate(() => window.sendlens.startupWork);
  const shownAt = await page.evaluate(() => performance.timeOrigin + Number(document.documentElement.dataset.firstDiagnosticsMs));
  await ctx.close();
  const files = new Set();
  const later = new Set();
  for (const r of requests) {
    const path = new URL(r.url()).pathname;
    if (r.timing().startTime < shownAt) files.add(path);
    else if (!r.serviceWorker()) later.add(path);
  }
  for (const path of files) later.delete(path);
  const rows = [];
  for (const path of [...files].sort()) {
    const body = readFileSync(join(ROOT, decodeURIComponent(path).replace(/^\//, '') || 'index.html'));
    rows.push({
      path,
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip, brotli: a.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { rows, total, later: [...later].sort() };
}

/** Resolves to the page's `firstDiagnosticsMs` once it is set. */
const FIRST_DIAGNOSTICS = `new Promise((resolve) => {
  const value = () => document.documentElement.dataset.firstDiagnosticsMs;
  if (value()) return resolve(Number(value()));
  new MutationObserver((_, observer) => {
    if (value()) {
      observer.disconnect();
      resolve(Number(value()));
    }
  }).observe(document.documentElement, { attributes: true });
})`;

async function firstDiagnostics(browser, url) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext(); // a cold cache each time
    const page = await ctx.newPage();
    // Waited for through the DevTools protocol, not Playwright's own waiting: that first injects
    // its script into the page (measured: 20-40 ms of the page's main thread), in the middle of
    // the load being measured.
    const cdp = await ctx.newCDPSession(page);
    await page.goto(`${url}/index.html`);
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: FIRST_DIAGNOSTICS, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`waiting for the first diagnostics: ${exceptionDetails.text}`);
    times.push(result.value);
    await ctx.close();
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length };
}

async function perKeystroke(page, name, text) {
  await setText(page, text);
  const base = await settled(page);
  const ms = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    // One keystroke: a character typed inside the first function body, then deleted.
    await page.evaluate((n) => {
      const view = window.sendlens.view;
      const doc = view.state.doc.toString();
      const at = doc.indexOf('{', doc.indexOf('fn ')) + 1;
      if (n % 2 === 0) view.dispatch({ changes: { from: at, insert: ' ' }, userEvent: 'input.type' });
      else view.dispatch({ changes: { from: at, to: at + 1 }, userEvent: 'delete.backward' });
    }, i);
    ms.push((await settled(page)).ms);
  }
  const lines = text.split('\n').length;
  return { name, lines, diagnostics: base.errors + base.warnings, median: median(ms), p95: p95(ms), max: Math.max(...ms) };
}

/**
 * Runs `count` analyses of changing text in the page's analyzer worker, through the worker's own
 * message handler (its replies are swallowed so the page does not see them), and reads its wasm
 * linear memory and JS heap (after a garbage collection) along the way. The worker is reached
 * with the DevTools protocol's target messages: playwright's workers expose no heap figures, and
 * the wasm module is private to the worker's module scope, found with queryObjects.
 */
async function workerMemory(browser, url, count) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  const replies = new Map();
  let nextId = 1;
  const attached = new Promise((resolve) => cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker' && e.targetInfo.url.endsWith('/worker.js')) resolve(e.sessionId);
  }));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    if (replies.has(m.id)) replies.get(m.id)(m);
    replies.delete(m.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await page.goto(`${url}/index.html`);
  const example = await (async () => { await settled(page); return page.evaluate(() => window.sendlens.view.state.doc.toString()); })();
  const sessionId = await attached;
  const ask = (method, params = {}) => new Promise((resolve, reject) => {
    const id = nextId++;
    replies.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
  });
  const evaluate = async (expression) => {
    const r = await ask('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`in the worker: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  };
  const proto = await ask('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
  const read = async (analyses) => {
    await ask('HeapProfiler.collectGarbage');
    const heap = await ask('Runtime.getHeapUsage');
    const found = await ask('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
    const sizes = await ask('Runtime.callFunctionOn', {
      objectId: found.objects.objectId, returnByValue: true,
      functionDeclaration: 'function () { return this.map((m) => m.buffer.byteLength); }',
    });
    return { analyses, wasmBytes: Math.max(...sizes.result.value), jsHeapBytes: heap.usedSize };
  };
  // Every text differs (a changing constant), as while typing; every 7th is cut mid-line, as
  // half-typed code is.
  const run = (from, to) => evaluate(`(async () => {
    const post = self.postMessage;
    let errors = 0;
    self.postMessage = (m) => { if (m.type === 'result') errors += m.analysis.diagnostics.length; else post.call(self, m); };
    try {
      const base = ${JSON.stringify(example)};
      for (let i = ${from}; i < ${to}; i++) {
        let source = base + '\\nconst EDIT_' + i + ': u32 = ' + i + ';\\n';
        if (i % 7 === 0) source = source.slice(0, Math.floor(source.length * 0.6));
        await self.onmessage({ data: { type: 'analyze', id: -1 - i, source, edition: '2021', slim: true } });
      }
    } finally { self.postMessage = post; }
    return errors;
  })()`);
  const points = [];
  let diagnostics = await run(0, 1);
  points.push(await read(1));
  diagnostics += await run(1, 1000);
  points.push(await read(1000));
  diagnostics += await run(1000, count);
  points.push(await read(count));
  await page.close();
  return { points, diagnostics, text: 'the default example with a changing line, every 7th cut at 60 %' };
}

function printWasm(wasm, dumpNotes) {
  console.log(`\n## analyze in the browser (${wasm.pkg}, sendlens ${wasm.version})\n`);
  console.log('analyze: the exported call, report handed to JS included; analysis only: the same without the hand-over; parse only: syn::parse_file.\n');
  console.log('| input | files | lines | bytes | errors | analyze median | p95 | analysis only | parse only | analyze / parse | analysis / parse | µs per line (analysis) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const ratio = (a, b) => (a && b ? `${(a.median / b.median).toFixed(2)}×` : '–');
  const med = (t) => (t ? msf(t.median) : '–');
  for (const r of wasm.inputs) {
    const perLine = r.analyzeTotal ? ((r.analyzeTotal * 1000) / r.lines).toFixed(2) : '–';
    const analyze = r.analyze ? msf(r.analyze.median) : 'report too large to cross';
    console.log(`| ${r.name} | ${r.files} | ${r.lines} | ${r.bytes} | ${r.errors ?? ''} | ${analyze} | ${r.analyze ? msf(r.analyze.p95) : '–'} | ${med(r.analysisOnly)} | ${med(r.parse)} | ${ratio(r.analyze, r.parse)} | ${ratio(r.analysisOnly, r.parse)} | ${perLine} |`);
  }
  const corpus = wasm.inputs.find((r) => r.name === 'corpus');
  console.log(`\ncorpus: median and p95 over the ${corpus.files} fixtures of each fixture's median; max ${msf(corpus.analyze.max)}; slowest ${corpus.slowest.map((s) => `${s.name} ${msf(s.ms)}`).join(', ')}`);
  for (const r of wasm.inputs.filter((i) => i.analyzeError)) console.log(`${r.name}: analyze failed: ${r.analyzeError}`);
  for (const r of wasm.inputs.filter((i) => i.reportFixes !== undefined)) console.log(`${r.name}: report holds ${r.reportFixes} fixes sharing ${r.reportEdits} distinct edits`);
  for (const n of dumpNotes) console.log(`generated input ${n}`);
  if (wasm.largestWithin1s) {
    const { largest, steps } = wasm.largestWithin1s;
    console.log(`\nlargest generated file analyze answers within 1 s: ${largest ? `${largest.lines} lines, ${largest.bytes} bytes, ${msf(largest.ms)}` : 'none'}`);
    console.log(`steps (lines: ms): ${[...steps].sort((x, y) => x.lines - y.lines).map((s) => `${s.lines}: ${s.ms.toFixed(0)}`).join(', ')}`);
  }
}

function printNavigation(size, first) {
  console.log('\n## what the page downloads before its first diagnostics\n');
  console.log('| file | raw | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|');
  for (const r of size.rows) console.log(`| \`${r.path}\` | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
  console.log(`| **total** | **${kb(size.total.raw)}** | **${kb(size.total.gzip)}** | **${kb(size.total.brotli)}** |`);
  if (size.later.length) console.log(`\nloaded after the first diagnostics: ${size.later.map((p) => `\`${p}\``).join(', ')}`);
  console.log(`\nnavigation to first diagnostics (default example, cold cache): median ${first.median.toFixed(0)} ms (min ${first.min.toFixed(0)}, max ${first.max.toFixed(0)}) over ${first.runs} loads`);
}

const server = await startServer();
const browser = await launch();
if (ONLY_NAV) {
  try {
    const size = await sizes(browser, server.url);
    const first = await firstDiagnostics(browser, server.url);
    writeFileSync(join(ARTIFACTS, 'bench-nav.json'), JSON.stringify({ chromium: browser.version(), size, firstDiagnostics: first }, null, 2));
    console.log(`Chromium ${browser.version()} (headless)`);
    printNavigation(size, first);
  } finally {
    await browser.close();
    await server.close();
  }
  process.exit(0);
}
try {
  const wasm = await wasmBench(browser, server.url);
  const dumpNotes = compareWithDump(wasm.inputs);
  const results = { chromium: browser.version(), wasm };
  if (!ONLY_WASM) results.memory = await workerMemory(browser, server.url, Number(process.env.BENCH_MEMORY ?? 10000));
  if (!ONLY_WASM) {
    results.size = await sizes(browser, server.url);
    results.firstDiagnostics = await firstDiagnostics(browser, server.url);
    const page = await browser.newPage();
    await page.goto(`${server.url}/index.html`);
    await settled(page);
    const options = await page.locator('#example option').evaluateAll((os) => os.map((o) => o.value));
    results.perKeystroke = [];
    for (const value of options) {
      await page.locator('#example').selectOption(value);
      await settled(page);
      const text = await page.evaluate(() => window.sendlens.view.state.doc.toString());
      results.perKeystroke.push(await perKeystroke(page, value, text));
    }
    results.perKeystroke.push(await perKeystroke(page, '1,000-line file', thousandLines()));
    await page.close();
  }
  writeFileSync(join(ARTIFACTS, ONLY_WASM ? 'bench-wasm.json' : 'bench.json'), JSON.stringify(results, null, 2));

  console.log(`Chromium ${results.chromium} (headless)`);
  printWasm(wasm, dumpNotes);
  if (!ONLY_WASM) {
    printNavigation(results.size, results.firstDiagnostics);
    console.log(`\n## the page's worker over ${results.memory.points.at(-1).analyses} analyses (${results.memory.text})\n`);
    for (const p of results.memory.points) console.log(`after ${String(p.analyses).padStart(6)}: wasm memory ${mb(p.wasmBytes)}, JS heap ${mb(p.jsHeapBytes)}`);
    console.log(`\n## analyze per keystroke in the page's worker (${KEYSTROKES} keystrokes per text)\n`);
    console.log('| text | lines | diagnostics | median | p95 | max |\n|---|---:|---:|---:|---:|---:|');
    for (const k of results.perKeystroke) {
      console.log(`| ${k.name} | ${k.lines} | ${k.diagnostics} | ${k.median.toFixed(2)} ms | ${k.p95.toFixed(2)} ms | ${k.max.toFixed(2)} ms |`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
