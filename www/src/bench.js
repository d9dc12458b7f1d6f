// The browser benchmark (www/bench.html): the native benchmark's inputs (benches/analyze.rs) run
// through the page's wasm build, in a module worker as the page runs it. This one file is both
// the page's script (main thread: starts the worker, shows the results) and the worker (loads the
// wasm, generates the inputs, times them). Results: JSON in #results (text only), read by
// tests/e2e/bench.mjs (`cargo xtask bench`).
//
// Query parameters: `pkg` (a same-origin folder holding sendlens.js + sendlens_bg.wasm; default
// ../pkg/, the page's build), `samples` (timed samples per input, default 15), `big` (0 skips the
// 100,000-line file), `largest` (1 also searches the largest generated file `analyze` answers
// within 1 s: issue 5's figure). The memory check runs in the page's own worker (tests/e2e/bench.mjs).
//
// Timing: performance.now() is coarsened to 100 µs on a page without cross-origin isolation, so a
// sample times a batch of back-to-back calls lasting at least BATCH_MS and divides.

const BATCH_MS = 8;

if (typeof document === 'undefined') {
  self.onmessage = (event) => runInWorker(event.data).then(
    (results) => self.postMessage({ ok: true, results }),
    (err) => self.postMessage({ ok: false, error: String(err && err.stack ? err.stack : err) }),
  );
} else {
  startPage();
}

function startPage() {
  const params = new URLSearchParams(location.search);
  const status = document.getElementById('status');
  const out = document.getElementById('results');
  const table = document.getElementById('table');
  const config = {
    pkg: new URL(params.get('pkg') ?? '../pkg/', import.meta.url).href,
    samples: Number(params.get('samples') ?? 15),
    big: params.get('big') !== '0',
    largest: params.get('largest') === '1',
  };
  if (new URL(config.pkg).origin !== location.origin) {
    status.textContent = 'pkg must be on this origin';
    return;
  }
  const worker = new Worker(new URL(import.meta.url), { type: 'module', name: 'sendlens-bench' });
  const t0 = performance.now();
  status.textContent = 'running… (about a minute)';
  worker.onmessage = (event) => {
    const { ok, results, error } = event.data;
    if (!ok) {
      status.textContent = 'failed';
      out.textContent = JSON.stringify({ error });
      document.body.dataset.done = 'error';
      return;
    }
    results.wallSeconds = (performance.now() - t0) / 1000;
    out.textContent = JSON.stringify(results, null, 2);
    renderTable(table, results);
    status.textContent = `done in ${results.wallSeconds.toFixed(0)} s`;
    document.body.dataset.done = 'ok';
  };
  worker.onerror = (event) => {
    status.textContent = `worker failed: ${event.message}`;
    out.textContent = JSON.stringify({ error: event.message });
    document.body.dataset.done = 'error';
  };
  worker.postMessage(config);
}

function renderTable(table, results) {
  const head = ['input', 'files', 'lines', 'bytes', 'analyze median', 'p95', 'analysis only', 'parse only', 'analysis / parse', 'µs per line'];
  const rows = results.inputs.map((r) => [
    r.name, r.files, r.lines, r.bytes, r.analyze ? ms(r.analyze.median) : 'report too large', r.analyze ? ms(r.analyze.p95) : '–',
    r.analysisOnly ? ms(r.analysisOnly.median) : '–', r.parse ? ms(r.parse.median) : '–',
    r.analysisOnly && r.parse ? `${(r.analysisOnly.median / r.parse.median).toFixed(2)}×` : '–',
    r.analyzeTotal ? ((r.analyzeTotal * 1000) / r.lines).toFixed(2) : '–',
  ]);
  const thead = table.createTHead().insertRow();
  for (const h of head) thead.appendChild(document.createElement('th')).textContent = h;
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = String(cell);
  }
}

const ms = (x) => `${x.toFixed(x < 1 ? 3 : 1)} ms`;

// ---------------------------------------------------------------------------------------------
// The worker

async function runInWorker(config) {
  const glue = await import(new URL('sendlens.js', config.pkg).href);
  await glue.default({ module_or_path: new URL('sendlens_bg.wasm', config.pkg) });
  const corpus = await loadCorpus();
  // Builds before __parseOnlyForBench existed (the opt-level table compares old builds) are told
  // apart by their syntax diagnostics, and get no parse-only figures.
  const parses = glue.__parseOnlyForBench
    ?? ((text) => !glue.analyze(text, {}).diagnostics.some((d) => d.rule === 'syntax'));
  const parseTimed = (text, samples) => (glue.__parseOnlyForBench ? timed(() => glue.__parseOnlyForBench(text), samples) : null);
  const parsing = corpus.filter((f) => parses(f.text));
  const inputs = [];

  // analysisOnly: `analyze` without handing the report to JS (builds before that export get none).
  const analysisOnly = glue.__analyzeOnlyForBench;
  const onlyTimed = (text, edition, samples) => (analysisOnly ? timed(() => analysisOnly(text, edition), samples) : null);

  // The corpus: each fixture timed alone; its figure is the median over the fixtures.
  const perFixture = corpus.map((f) => {
    const options = { edition: f.edition };
    return {
      name: f.name,
      analyze: timed(() => glue.analyze(f.text, options), config.samples),
      analysisOnly: onlyTimed(f.text, f.edition, config.samples),
      parse: parseTimed(f.text, config.samples),
    };
  });
  const across = (key) => {
    const timings = perFixture.map((f) => f[key]).filter(Boolean);
    if (timings.length === 0) return null;
    const medians = timings.map((t) => t.median);
    return { median: median(medians), p95: p95(medians), max: Math.max(...medians), min: median(timings.map((t) => t.min)), fixtures: timings.length };
  };
  inputs.push({
    name: 'corpus', files: corpus.length,
    lines: sum(corpus.map((f) => lineCount(f.text))), bytes: sum(corpus.map((f) => utf8Length(f.text))),
    analyze: across('analyze'), analysisOnly: across('analysisOnly'), parse: across('parse'),
    analyzeTotal: sum(perFixture.map((f) => (f.analysisOnly ?? f.analyze).median)),
    slowest: [...perFixture].sort((a, b) => b.analyze.median - a.analyze.median).slice(0, 3)
      .map((f) => ({ name: f.name, ms: f.analyze.median })),
  });

  const sizes = [['lines_1k', 1000, config.samples], ['lines_10k', 10000, Math.min(config.samples, 9)]];
  if (config.big) sizes.push(['lines_100k', 100000, Math.min(config.samples, 5)]);
  for (const [name, min, samples] of sizes) {
    const text = generated(parsing, min);
    const input = { name, files: 1, lines: lineCount(text), bytes: utf8Length(text) };
    // The report of a large file may be too big to cross (V8's longest string is 2^29 - 24
    // units): then there is no `analyze` figure, and the error says why.
    const calls = {};
    try {
      const first = glue.analyze(text, {});
      input.errors = first.diagnostics.filter((d) => d.severity === 'error').length;
      // The report's size as it lives in JS: fixes that share an edit list share the array
      // (JSON.stringify would write it out once per fix and measure what never crossed).
      const lists = new Set(first.diagnostics.flatMap((d) => d.fixes.map((f) => f.edits)));
      input.reportEdits = [...lists].reduce((n, list) => n + list.length, 0);
      input.reportFixes = first.diagnostics.reduce((n, d) => n + d.fixes.length, 0);
      calls.analyze = () => glue.analyze(text, {});
    } catch (err) {
      input.analyzeError = String(err && err.message ? err.message : err);
    }
    if (analysisOnly) calls.analysisOnly = () => analysisOnly(text, '2021');
    if (glue.__parseOnlyForBench) calls.parse = () => glue.__parseOnlyForBench(text);
    // The three are compared with each other, so they are timed in turns: a sample of each in
    // every round, rather than all of one before the next, so that what changes during the run
    // (the engine optimising code in the background, other work on the machine, garbage left
    // by earlier reports) weighs on all three alike.
    const timings = timedInTurns(calls, samples);
    input.analyze = timings.analyze ?? null;
    input.analysisOnly = timings.analysisOnly ?? null;
    input.parse = timings.parse ?? null;
    input.analyzeTotal = (input.analysisOnly ?? input.analyze)?.median ?? null;
    inputs.push(input);
  }

  // Issue 5's figure: the largest input `analyze` (report handed over included) answers within
  // 1 s. Generated files grow by half until the median of three calls passes 1 s or the input
  // limit (8 MiB) is reached, then the gap is bisected.
  let largestWithin1s = null;
  if (config.largest) {
    const steps = [];
    const measure = (lines) => {
      const text = generated(parsing, lines);
      const bytes = utf8Length(text);
      if (bytes > 8 * 1024 * 1024) return null;
      const runs = [0, 1, 2].map(() => {
        const t0 = performance.now();
        glue.analyze(text, {});
        return performance.now() - t0;
      });
      const step = { lines: lineCount(text), bytes, ms: median(runs) };
      steps.push(step);
      return step;
    };
    let below = 0;
    let above = 0;
    for (let lines = 10000; ; lines = Math.round(lines * 1.5)) {
      const step = measure(lines);
      if (!step) break;
      if (step.ms > 1000) {
        above = lines;
        break;
      }
      below = lines;
    }
    // Then halve the gap four times (to within 1/16 of the last step).
    for (let i = 0; i < 4 && below && above; i++) {
      const mid = Math.round((below + above) / 2);
      const step = measure(mid);
      if (step && step.ms <= 1000) below = mid;
      else above = mid;
    }
    const within = steps.filter((s) => s.ms <= 1000).sort((a, b) => a.lines - b.lines);
    largestWithin1s = { largest: within[within.length - 1] ?? null, steps };
  }

  return {
    largestWithin1s,
    userAgent: navigator.userAgent,
    version: glue.version(),
    pkg: config.pkg,
    batchMs: BATCH_MS,
    samples: config.samples,
    inputs,
  };
}

/** Median, p95 and max of `samples` timings of `f` in ms per call, each a batch ≥ BATCH_MS. */
function timed(f, samples) {
  return timedInTurns({ f }, samples).f;
}

/** Calls per batch so that a batch of `f` lasts at least BATCH_MS (after a first, warming call). */
function batchSize(f) {
  f(); // warm: the first call of a text also builds lazy tables
  let reps = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) f();
    const elapsed = performance.now() - t;
    if (elapsed >= BATCH_MS) return reps;
    reps *= elapsed > 0 ? Math.min(10, Math.ceil((BATCH_MS * 1.2) / elapsed)) : 10;
  }
}

/** `timed` for several functions at once, one batch of each per round. */
function timedInTurns(fs, samples) {
  const names = Object.keys(fs);
  const reps = Object.fromEntries(names.map((n) => [n, batchSize(fs[n])]));
  const runs = Object.fromEntries(names.map((n) => [n, []]));
  for (let s = 0; s < samples; s++) {
    for (const n of names) {
      const t = performance.now();
      for (let i = 0; i < reps[n]; i++) fs[n]();
      runs[n].push((performance.now() - t) / reps[n]);
    }
  }
  // min: the least disturbed sample, for comparing builds on a busy machine.
  return Object.fromEntries(names.map((n) => {
    const r = runs[n];
    return [n, { median: median(r), p95: p95(r), min: Math.min(...r), max: Math.max(...r), reps: reps[n], samples }];
  }));
}

async function loadCorpus() {
  const base = new URL('../../tests/fixtures/corpus/', import.meta.url);
  const labels = await (await fetch(new URL('labels.jsonl', base))).text();
  // Sorted by name, as benches/analyze.rs reads them (ASCII names: code-unit order is byte order).
  const names = labels.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).file).sort();
  return Promise.all(names.map(async (name) => {
    const response = await fetch(new URL(`cases/${name}`, base));
    if (!response.ok) throw new Error(`cannot fetch fixture ${name}: ${response.status}`);
    const text = await response.text();
    const edition = text.split('\n').slice(0, 5).some((l) => l.replaceAll(' ', '') === '//edition:2024') ? '2024' : '2021';
    return { name, text, edition };
  }));
}

// ---------------------------------------------------------------------------------------------
// The generated files, built exactly as benches/analyze.rs builds them (`generated`,
// `top_level_item_names`, `rename_items`), so native and browser figures describe the same text.
// tests/e2e/bench.mjs compares the 1k and 10k results with that benchmark's dump when one exists.

const isIdentChar = (c) => /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}_]/u.test(c);
const QUALIFIERS = ['pub', 'pub(crate)', 'async', 'unsafe', 'const', 'extern', '"C"', 'mut'];
const KINDS = ['fn', 'struct', 'enum', 'trait', 'type', 'static', 'const', 'mod', 'union', 'macro_rules!'];

/** Rust's `str::lines`: split on \n, a trailing \r dropped, no empty last line. */
function rustLines(text) {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

const lineCount = (text) => rustLines(text).length;

function topLevelItemNames(text) {
  const names = [];
  for (const line of rustLines(text)) {
    if (!/^\p{Alphabetic}/u.test(line)) continue;
    const words = line.split(/[\s<({:;]/u);
    let k = 0;
    let word = words[k++];
    let kind;
    while (word !== undefined) {
      if (KINDS.includes(word)) kind = word;
      else if (!QUALIFIERS.includes(word) && word !== '') break;
      word = words[k++];
    }
    if (kind !== undefined && word !== undefined && word !== '' && [...word].every(isIdentChar)) names.push(word);
  }
  return names;
}

function renameItems(text, names, suffix) {
  const wanted = new Set(names);
  let out = '';
  // Identifier runs and the text between them, as the Rust loop walks them.
  for (const [token] of text.matchAll(/[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}_]+|[^\p{Alphabetic}\p{Nd}\p{Nl}\p{No}_]+/gu)) {
    const qualified = out.endsWith('::') || out.endsWith('.');
    out += token;
    if (isIdentChar(token[0]) && !qualified && wanted.has(token)) out += `_${suffix}`;
  }
  return out;
}

function generated(parsing, minLines) {
  let out = '';
  let lines = 0;
  for (let copy = 0; lines < minLines; copy++) {
    const text = parsing[copy % parsing.length].text;
    const renamed = renameItems(text, topLevelItemNames(text), copy);
    lines += lineCount(renamed) + 1;
    out += `${renamed}\n`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function p95(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const utf8Length = (s) => new TextEncoder().encode(s).length;
