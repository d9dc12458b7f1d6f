// The page's figures: transferred size (wasm + JS + CSS, gzip and brotli), time from navigation
// to the first diagnostics, and `analyze` time per keystroke in Chromium for the examples and a
// 1,000-line file. Run with `cargo xtask bench` (builds the page, serves it, runs this).
// Results: a Markdown table on stdout and test-artifacts/bench.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { startServer, launch, settled, setText, ARTIFACTS, ROOT } from './helpers.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 30);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

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

async function sizes(browser, url) {
  const page = await browser.newPage();
  const files = new Set();
  page.on('requestfinished', (r) => files.add(new URL(r.url()).pathname));
  await page.goto(`${url}/index.html`);
  await settled(page);
  await page.close();
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
  return { rows, total };
}

async function firstDiagnostics(browser, url) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext(); // a cold cache each time
    const page = await ctx.newPage();
    await page.goto(`${url}/index.html`);
    await settled(page);
    times.push(await page.evaluate(() => Number(document.documentElement.dataset.firstDiagnosticsMs)));
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

const server = await startServer();
const browser = await launch();
try {
  const size = await sizes(browser, server.url);
  const first = await firstDiagnostics(browser, server.url);
  const page = await browser.newPage();
  await page.goto(`${server.url}/index.html`);
  await settled(page);
  const options = await page.locator('#example option').evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
  const keystrokes = [];
  for (const o of options) {
    await page.locator('#example').selectOption(o.value);
    await settled(page);
    const text = await page.evaluate(() => window.sendlens.view.state.doc.toString());
    keystrokes.push(await perKeystroke(page, o.value, text));
  }
  keystrokes.push(await perKeystroke(page, '1,000-line file', thousandLines()));
  const chromium = browser.version();
  const results = { chromium, runs: RUNS, keystrokes: KEYSTROKES, size, firstDiagnostics: first, perKeystroke: keystrokes };
  writeFileSync(join(ARTIFACTS, 'bench.json'), JSON.stringify(results, null, 2));

  console.log(`Chromium ${chromium} (headless), ${RUNS} cold loads, ${KEYSTROKES} keystrokes per text\n`);
  console.log('| file | raw | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|');
  for (const r of size.rows) console.log(`| \`${r.path}\` | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
  console.log(`| **total** | **${kb(size.total.raw)}** | **${kb(size.total.gzip)}** | **${kb(size.total.brotli)}** |\n`);
  console.log(`Navigation to first diagnostics: median ${first.median.toFixed(0)} ms (min ${first.min.toFixed(0)}, max ${first.max.toFixed(0)}) over ${first.runs} cold loads\n`);
  console.log('| text | lines | diagnostics | analyze median | p95 | max |\n|---|---:|---:|---:|---:|---:|');
  for (const k of keystrokes) {
    console.log(`| ${k.name} | ${k.lines} | ${k.diagnostics} | ${k.median.toFixed(2)} ms | ${k.p95.toFixed(2)} ms | ${k.max.toFixed(2)} ms |`);
  }
} finally {
  await browser.close();
  await server.close();
}
