// The analyzer worker of the embeddable widget, shared by every <send-lens> on a page (one wasm
// instance for all of them). Built as a classic script so the same file runs from a URL next to
// `send-lens.js` and, in the inline build, from a blob: URL: its first message says where the
// wasm comes from (a URL, or the bytes themselves).
//
// Protocol: in  {type:'init', wasm} | {type:'analyze', id, source, edition} | {type:'applyFix', id, source, fix}
//           out {type:'ready', version} | {type:'fatal', message} | {type:'result', id, analysis}
//               | {type:'fixed', id, text} | {type:'error', id, message} | {type:'crash', id, message}
import init, { analyze, applyFix, version } from '../../pkg/sendlens.js';

let ready = null;
let dead = false;

const describe = (err) => String(err && err.message ? err.message : err);

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === 'init') {
    ready = init({ module_or_path: msg.wasm }).then(
      () => self.postMessage({ type: 'ready', version: version() }),
      (err) => {
        dead = true;
        self.postMessage({ type: 'fatal', message: `cannot load the analyzer: ${describe(err)}` });
      },
    );
    return;
  }
  await ready;
  if (dead) return;
  try {
    if (msg.type === 'analyze') {
      self.postMessage({ type: 'result', id: msg.id, analysis: analyze(msg.source, { edition: msg.edition }) });
    } else if (msg.type === 'applyFix') {
      self.postMessage({ type: 'fixed', id: msg.id, text: applyFix(msg.source, msg.fix) });
    }
  } catch (err) {
    // A trap (a panic) leaves the wasm instance unusable: report it so the page starts a new
    // worker. Any other error (a JsError for a malformed fix) leaves it sound.
    const trapped = err instanceof WebAssembly.RuntimeError;
    if (trapped) dead = true;
    self.postMessage({ type: trapped ? 'crash' : 'error', id: msg.id, message: describe(err) });
  }
};
