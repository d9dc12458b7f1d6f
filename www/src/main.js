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

// Offline: the service worker (generated at the root by `cargo xtask build`, so that its scope
// covers index.html) caches the page's own files after the first visit. Registered once the page
// has loaded, so its downloads never compete with the first analysis. Not on file:// (browsers
// refuse service workers there) nor where they are unsupported; a failure only costs offline use.
function registerServiceWorker() {
  navigator.serviceWorker.register(new URL('../../sw.js', import.meta.url)).catch(() => {});
}
if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.protocol === 'http:')) {
  if (document.readyState === 'complete') registerServiceWorker();
  else addEventListener('load', registerServiceWorker, { once: true });
}
