// The analyzer's worker, the same code for the page (www/dist/worker.js, a module worker) and for
// the <send-lens> widget (dist/send-lens.worker.js, a classic script, so that the inline build can
// start it from a blob: URL). It loads the wasm and answers requests in the order they come, so
// typing never waits for an analysis. analyzer.js is its only client: it starts it, restarts it
// after a crash and stops an analysis that runs too long (wasm cannot be interrupted otherwise).
//
// Protocol (every request carries an `id`, echoed by its answer):
//   in   {type:'init', wasm}                 where the wasm comes from: a compiled WebAssembly.Module,
//                                            a URL string or the bytes; sent once, first or not
//        {type:'analyze', id, source, edition, slim}
//        {type:'applyFix', id, source, fix}  fix: one of the analysis' fixes, as it was received
//        {type:'panic', id}                  makes the analyzer panic (tests)
//   out  {type:'booted'}                     the worker runs (sent at once, before the wasm loads)
//        {type:'ready', version, rules}      the wasm is loaded
//        {type:'fatal', message}             the wasm cannot be loaded: nothing will be answered
//        {type:'result', id, analysis}       the analysis, with `ms` (time to analyze) and `totals`
//        {type:'fixed', id, text}            the source with the fix applied
//        {type:'error', id, message}         the analyzer refused the request (bad options, a fix
//                                            it no longer has); the worker goes on
//        {type:'crash', id, message}         the analyzer panicked (a wasm trap): the instance may be
//                                            broken, so this worker answers nothing more
//
// `slim` (the page's editor, which may hold a 100,000-line paste): the answer carries at most
// SEND_LIMIT diagnostics, and each fix as `{title, applicability, kept}` while its edits stay here.
// A file-wide fix (Rc -> Arc everywhere) carries an edit per use, and every diagnostic that offers
// it carries its own copy: on a large file that is millions of objects, and copying them to the
// page froze its main thread for over a second (measured on a 2,000-line paste). applyFix finds a
// kept fix by its `kept` reference, among the fixes of the latest KEEP_TABLES slim analyses.
import init, { analyze, applyFix, rules, version, __panicForTests } from '../pkg/sendlens.js';

/** Slim answers carry at most this many diagnostics: the page underlines no more (app.js
 * EDITOR_LIMIT), and sending the rest only costs its main thread their copy (16,667 on a
 * 100,000-line paste). The totals count them all. */
const SEND_LIMIT = 2000;
const KEEP_TABLES = 4;

const describe = (err) => String(err && err.message ? err.message : err);

let receiveWasm;
/** Settles once the wasm is loaded (true) or cannot be (false). */
const ready = new Promise((resolve) => (receiveWasm = resolve)).then((wasm) =>
  init({ module_or_path: wasm }).then(
    () => {
      self.postMessage({ type: 'ready', version: version(), rules: rules() });
      return true;
    },
    (err) => {
      self.postMessage({ type: 'fatal', message: `cannot load the analyzer: ${describe(err)}` });
      return false;
    },
  ),
);
// The page holds the editor's start (a long main-thread task) until the worker runs, because a
// worker's thread does not start while its page's main thread is busy (main.js).
self.postMessage({ type: 'booted' });

let dead = false;
/** The fixes of the latest slim analyses, by request id (a few, newest last). */
const fixTables = new Map();

/** Cuts a slim answer down: SEND_LIMIT diagnostics, and fixes kept here, referenced by `kept`. */
function slim(id, analysis) {
  analysis.diagnostics.length = Math.min(analysis.diagnostics.length, SEND_LIMIT);
  const table = [];
  for (const d of analysis.diagnostics) {
    d.fixes = d.fixes.map((fix) => ({ title: fix.title, applicability: fix.applicability, kept: { analysis: id, index: table.push(fix) - 1 } }));
  }
  fixTables.set(id, table);
  for (const old of fixTables.keys()) if (fixTables.size > KEEP_TABLES) fixTables.delete(old);
}

function answer(msg) {
  switch (msg.type) {
    case 'analyze': {
      const t0 = performance.now();
      const analysis = analyze(msg.source, { edition: msg.edition });
      analysis.ms = performance.now() - t0;
      // Counted before a slim answer is cut, so the counts stay exact.
      const severities = analysis.diagnostics.map((d) => d.severity);
      analysis.totals = {
        diagnostics: severities.length,
        errors: severities.filter((s) => s === 'error').length,
        warnings: severities.filter((s) => s === 'warning').length,
      };
      if (msg.slim) slim(msg.id, analysis);
      return { type: 'result', id: msg.id, analysis };
    }
    case 'applyFix': {
      const fix = msg.fix.kept ? fixTables.get(msg.fix.kept.analysis)?.[msg.fix.kept.index] : msg.fix;
      // Gone only when this worker did not make that analysis (it replaced one that crashed) or
      // made KEEP_TABLES newer ones since.
      if (!fix) return { type: 'error', id: msg.id, message: 'the analyzer was restarted since; edit the text to analyze it again' };
      return { type: 'fixed', id: msg.id, text: applyFix(msg.source, fix) };
    }
    case 'panic':
      __panicForTests();
      return null;
    default:
      return { type: 'error', id: msg.id, message: `unknown request ${JSON.stringify(msg.type)}` };
  }
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === 'init') {
    receiveWasm(msg.wasm);
    return;
  }
  if (!(await ready) || dead) return;
  let reply;
  try {
    reply = answer(msg);
  } catch (err) {
    // A panic is a WebAssembly.RuntimeError (a trap): the instance may be in a broken state, so
    // this worker stops and its client starts another. Any other error (a JsError: a report too
    // large to hand over, bad options, a malformed fix) is an answer, and the instance is fine.
    const trapped = err instanceof WebAssembly.RuntimeError;
    if (trapped) dead = true;
    reply = { type: trapped ? 'crash' : 'error', id: msg.id, message: describe(err) };
  }
  if (reply) self.postMessage(reply);
};
