// The page's entry point, kept tiny: it starts the analyzer's worker (which then fetches and
// compiles the wasm) before the editor's much larger code is even downloaded and parsed, then
// loads the page (app.js). Messages that arrive before the page is ready are kept for it.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'sendlens-analyzer' });
const early = { worker, messages: [], errors: [] };
worker.onmessage = (event) => early.messages.push(event.data);
worker.onerror = (event) => {
  event.preventDefault();
  early.errors.push(event.message || 'the analyzer worker failed');
};
globalThis.sendlensEarlyWorker = early;
import('./app.js');
