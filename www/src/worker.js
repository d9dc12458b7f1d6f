// The analyzer's worker: loads the wasm module and answers the page's requests, so typing never
// waits for an analysis. If the analyzer panics (the wasm instance traps), this worker reports
// the crash and is considered dead: the page terminates it and starts a new one.
//
// Fixes stay here. A file-wide fix (say, Rc -> Arc everywhere) carries an edit per use, and every
// diagnostic that offers it carries its own copy: on a large file that is millions of objects,
// and copying them to the page froze its main thread for over a second (measured on a 2,000-line
// paste). The page gets each fix's title and applicability with an id, and applies a fix by id.
import init, { analyze, applyFix, rules, version, __panicForTests } from '../pkg/sendlens.js';

// The page compiles the wasm while this worker starts (a compiled module is shared with workers,
// not copied) and sends it as the first message, `init`; the same module serves the workers
// started after a crash. Without one (the page could not compile it), the worker loads it itself.
let receiveModule;
const moduleFromPage = new Promise((resolve) => (receiveModule = resolve));
const ready = moduleFromPage.then((module) => init({ module_or_path: module ?? new URL('../pkg/sendlens_bg.wasm', import.meta.url) }));
// Says the worker runs: main.js holds the editor's start, a long main-thread task, until then,
// because a module worker's start needs its page's main thread.
self.postMessage({ type: 'booted' });
let dead = false;
/** Fixes of the latest analyses, by the page's analysis sequence number (a few, newest last). */
const fixTables = new Map();
const KEEP_TABLES = 4;
/** The page shows (underlines) at most this many diagnostics (app.js EDITOR_LIMIT); sending the
 * rest only costs the page's main thread their copy (16,667 on a 100,000-line paste). */
const SEND_LIMIT = 2000;

function crash(msg, err) {
  dead = true;
  self.postMessage({ type: 'crash', id: msg.id, seq: msg.seq, message: String(err && err.message ? err.message : err) });
}

ready.then(
  () => self.postMessage({ type: 'ready', version: version(), rules: rules() }),
  (err) => self.postMessage({ type: 'fatal', message: `cannot load the analyzer: ${err && err.message ? err.message : err}` }),
);

/** Replaces every diagnostic's fixes by `{ id, title, applicability }`, keeping the fixes here. */
function keepFixes(seq, analysis) {
  const table = [];
  for (const d of analysis.diagnostics) {
    d.fixes = d.fixes.map((fix) => ({ id: table.push(fix) - 1, title: fix.title, applicability: fix.applicability }));
  }
  fixTables.set(seq, table);
  for (const old of fixTables.keys()) if (fixTables.size > KEEP_TABLES) fixTables.delete(old);
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === 'init') {
    receiveModule(msg.module instanceof WebAssembly.Module ? msg.module : null);
    return;
  }
  await ready;
  if (dead) return;
  try {
    switch (msg.type) {
      case 'analyze': {
        const t0 = performance.now();
        const analysis = analyze(msg.source, { edition: msg.edition });
        const ms = performance.now() - t0;
        // Counted before the list is cut, so the page's counts stay exact.
        analysis.totals = {
          diagnostics: analysis.diagnostics.length,
          errors: analysis.diagnostics.filter((d) => d.severity === 'error').length,
          warnings: analysis.diagnostics.filter((d) => d.severity === 'warning').length,
        };
        analysis.diagnostics.length = Math.min(analysis.diagnostics.length, SEND_LIMIT);
        keepFixes(msg.seq, analysis);
        self.postMessage({ type: 'result', seq: msg.seq, analysis, ms });
        break;
      }
      case 'applyFix': {
        const fix = fixTables.get(msg.seq)?.[msg.fixId];
        // Only when the analyzer was restarted since that analysis (its fixes went with it).
        if (!fix) self.postMessage({ type: 'fixed', id: msg.id, error: 'the analyzer was restarted since; edit the text to analyze it again' });
        else self.postMessage({ type: 'fixed', id: msg.id, text: applyFix(msg.source, fix) });
        break;
      }
      case 'panic':
        __panicForTests();
        break;
      default:
        break;
    }
  } catch (err) {
    if (msg.type === 'analyze' && !(err instanceof WebAssembly.RuntimeError)) {
      // A JsError (a report too large to hand over, bad options) is an answer: the wasm call
      // returned normally, and the instance is fine.
      self.postMessage({ type: 'failed', seq: msg.seq, message: String(err && err.message ? err.message : err) });
      return;
    }
    // A panic is a WebAssembly.RuntimeError (a trap): the instance may be in a broken state, so
    // report a crash and let the page restart us.
    crash(msg, err);
  }
};
