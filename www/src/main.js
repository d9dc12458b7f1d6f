// The page's entry point, kept small: it starts the analyzer (analyzer.js: the worker, and the
// wasm's download and compilation) and asks for the first analysis before the editor's much
// larger code runs; then it loads the page (app.js), which imports from here the analyzer, the
// line of analyses of the editor's text and that first request.
//
// Built on its own, without shared chunks (xtask `bundle()`): an import here would be one more
// download before any of this starts. app.js takes the examples and the analyzer's client from
// here rather than bundle a second copy.
import { CLASSIC_EXAMPLES } from './examples.js';
import { isShareFragment } from './share.js';
import { createAnalyzer, measured } from './analyzer.js';

export { CLASSIC_EXAMPLES, measured };

/**
 * How long the page waits for the worker to say it runs before loading the editor regardless
 * (measured on a busy 2-core machine: it says so 60-100 ms after this module runs).
 */
const BOOT_WAIT_MS = 250;

/**
 * How long one request may keep the worker busy before it is stopped and a new worker started:
 * wasm cannot be interrupted from outside, so a runaway analysis can only be ended by terminating
 * its worker. `?analysisTimeout=<ms>` overrides it (tests use a short one).
 */
const ANALYSIS_TIMEOUT_MS = (() => {
  const asked = Number(new URLSearchParams(location.search).get('analysisTimeout'));
  return Number.isFinite(asked) && asked > 0 ? Math.min(Math.max(asked, 10), 600_000) : 5000;
})();

/**
 * The analyzer's wasm, compiled here rather than in the worker: its download then starts now,
 * not once the worker's own script has been fetched and run, and the workers started after a
 * crash reuse it. Streaming compilation works off the main thread. Null when it cannot be compiled
 * here (no streaming compilation, a server that does not send application/wasm): the worker then
 * loads the wasm from its URL.
 */
const wasmModule =
  typeof WebAssembly.compileStreaming === 'function'
    ? WebAssembly.compileStreaming(fetch(new URL('../pkg/sendlens_bg.wasm', import.meta.url))).catch(() => null)
    : Promise.resolve(null);

/** The time of every analysis in the worker, stale ones included (for tests and benchmarks). */
export const timings = [];

export const analyzer = createAnalyzer({
  startWorker: () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'sendlens-analyzer' }),
  wasm: wasmModule.then((module) => module ?? new URL('../pkg/sendlens_bg.wasm', import.meta.url).href),
  timeoutMs: ANALYSIS_TIMEOUT_MS,
  measure: true,
  onAnalysis: (analysis) => timings.push(analysis.ms),
});
/** The analyses of the editor's text (slim: see worker.js). */
export const editorAnalyses = analyzer.line({ slim: true });
analyzer.start();

/**
 * The first analysis, of the default example with the edition select's value (the browser may
 * have restored another): app.js shows it if the editor holds that text with that edition when
 * it starts. None for a share link, whose code app.js decodes first.
 */
export const firstRequest = isShareFragment(location.hash) ? null : askFirst();

function askFirst() {
  const source = CLASSIC_EXAMPLES[0].source;
  const edition = document.getElementById('edition')?.value ?? '2021';
  const analysis = editorAnalyses.analyze(source, edition);
  analysis.catch(() => {}); // app.js reports a failure, once it runs
  return { source, edition, analysis };
}

// A worker's thread does not start while its page's main thread is busy (traced: it waits on the
// main thread), and evaluating app.js and building the editor keep it busy for 50-100 ms. So
// app.js is evaluated once the worker says it runs, or after BOOT_WAIT_MS; the wasm and the first
// analysis then proceed on the other core while the editor is built. (app.js is fetched and
// compiled meanwhile: index.html preloads it.)
Promise.race([analyzer.booted, new Promise((resolve) => setTimeout(resolve, BOOT_WAIT_MS))]).then(() => import('./app.js'));
