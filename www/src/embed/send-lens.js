// The module build, dist/send-lens.js: `<script type="module" src=".../send-lens.js"></script>`.
// The worker (send-lens.worker.js) and the wasm (sendlens_bg.wasm) are loaded from next to it.
import { defineSendLens, upgrade } from './element.js';

const scriptURL = import.meta.url;
// document.currentScript is null in a module: find our tag by its resolved URL (for its data-*).
const script = [...document.querySelectorAll('script[src]')].find((s) => s.src === scriptURL) ?? null;
const workerURL = new URL('send-lens.worker.js', scriptURL);

function startWorker() {
  try {
    return new Worker(workerURL, { name: 'send-lens' });
  } catch (err) {
    // A Worker must come from the page's origin: served from another origin (a CDN), the script
    // fetches the worker's code (with CORS) and starts it from a blob: URL instead.
    if (err?.name !== 'SecurityError') throw err;
    return fetch(workerURL)
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${workerURL} answered ${r.status}`))))
      .then((code) => new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })), { name: 'send-lens' }));
  }
}

defineSendLens({ script, scriptURL, startWorker, wasm: new URL('sendlens_bg.wasm', scriptURL).href });

export { upgrade };
