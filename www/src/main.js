// The page's entry point, kept small: it starts the analyzer's worker and the wasm's download and
// compilation, and asks for the first analysis, before the editor's much larger code runs; then
// it loads the page (app.js), which imports `early` from here and takes the worker over with the
// messages that arrived meanwhile.
//
// Built on its own, without shared chunks (xtask `bundle()`): an import here would be one more
// download before any of this starts. app.js takes the examples from here rather than bundle a
// second copy.
import { CLASSIC_EXAMPLES } from './examples.js';
import { isShareFragment } from './share.js';

export { CLASSIC_EXAMPLES };

/**
 * How long the page waits for the worker to say it runs before loading the editor regardless
 * (measured on a busy 2-core machine: it says so 60-100 ms after this module runs).
 */
const BOOT_WAIT_MS = 250;

/**
 * The analyzer's wasm, compiled here rather than in the worker: its download then starts now,
 * not once the worker's own script has been fetched and run, and the workers started after a
 * crash reuse it. Streaming compilation works off the main thread. Null when it cannot be compiled
 * here (no streaming compilation, a server that does not send application/wasm): the worker then
 * loads the wasm itself.
 */
const wasmModule =
  typeof WebAssembly.compileStreaming === 'function'
    ? WebAssembly.compileStreaming(fetch(new URL('../pkg/sendlens_bg.wasm', import.meta.url))).catch(() => null)
    : Promise.resolve(null);

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'sendlens-analyzer' });
wasmModule.then((module) => worker.postMessage({ type: 'init', module }));
/** What app.js takes over: the worker, the wasm, what the worker said so far, the request sent. */
export const early = { worker, wasmModule, messages: [], errors: [], request: null };
let booted;
// A worker's thread does not start while its page's main thread is busy (traced: it waits on the
// main thread), and evaluating app.js and building the editor keep it busy for 50-100 ms. So
// app.js is evaluated once the worker says it runs, or after BOOT_WAIT_MS; the wasm and the first
// analysis then proceed on the other core while the editor is built. (app.js is fetched and
// compiled meanwhile: index.html preloads it.)
const bootedOrTimeout = new Promise((resolve) => {
  booted = resolve;
  setTimeout(resolve, BOOT_WAIT_MS);
});
worker.onmessage = (event) => {
  if (event.data?.type === 'booted') booted();
  else early.messages.push(event.data);
};
worker.onerror = (event) => {
  event.preventDefault();
  early.errors.push(event.message || 'the analyzer worker failed');
  booted();
};

// The editor opens on the default example unless the address holds a share link (app.js decodes
// that). The edition select may hold a value the browser restored. app.js checks both again.
if (!isShareFragment(location.hash)) {
  early.request = { type: 'analyze', seq: 1, source: CLASSIC_EXAMPLES[0].source, edition: document.getElementById('edition')?.value ?? '2021' };
  worker.postMessage(early.request);
}
bootedOrTimeout.then(() => import('./app.js'));
