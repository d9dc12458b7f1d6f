// The analyzer's worker: loads the wasm module and answers the page's requests, so typing never
// waits for an analysis. If the analyzer panics (the wasm instance traps), this worker reports
// the crash and is considered dead: the page terminates it and starts a new one.
import init, { analyze, applyFix, rules, version, __panicForTests } from '../pkg/sendlens.js';

const ready = init({ module_or_path: new URL('../pkg/sendlens_bg.wasm', import.meta.url) });
let dead = false;

function crash(msg, err) {
  dead = true;
  self.postMessage({ type: 'crash', id: msg.id, seq: msg.seq, message: String(err && err.message ? err.message : err) });
}

ready.then(
  () => self.postMessage({ type: 'ready', version: version(), rules: rules() }),
  (err) => self.postMessage({ type: 'fatal', message: `cannot load the analyzer: ${err && err.message ? err.message : err}` }),
);

self.onmessage = async (event) => {
  const msg = event.data;
  await ready;
  if (dead) return;
  try {
    switch (msg.type) {
      case 'analyze': {
        const t0 = performance.now();
        const analysis = analyze(msg.source, { edition: msg.edition });
        const ms = performance.now() - t0;
        self.postMessage({ type: 'result', seq: msg.seq, analysis, ms });
        break;
      }
      case 'applyFix':
        self.postMessage({ type: 'fixed', id: msg.id, text: applyFix(msg.source, msg.fix) });
        break;
      case 'panic':
        __panicForTests();
        break;
      default:
        break;
    }
  } catch (err) {
    // A JsError from bad input is a plain Error; a panic is a WebAssembly.RuntimeError. Either
    // way the instance may be in a broken state, so report a crash and let the page restart us.
    crash(msg, err);
  }
};
