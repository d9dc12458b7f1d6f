// The page-wide analyzer client: one worker (one wasm instance) for every <send-lens> on the
// page, started by the first widget that asks. Requests are answered in order by the worker.
//
// Failure handling, so a widget never waits forever:
// - the worker cannot start or the wasm cannot load: every request, now and later, fails with
//   that message (`fatal`);
// - the analyzer traps (a panic) on some text: that request fails with `crashed`, the worker is
//   replaced and the other requests are sent again to the new one;
// - a request gets no answer for WATCHDOG_MS after the analyzer was ready: treated as a trap.

const WATCHDOG_MS = 20_000;
const WATCHDOG_TICK_MS = 1000;

export class AnalyzerError extends Error {
  constructor(message, { crashed = false } = {}) {
    super(message);
    this.name = 'AnalyzerError';
    this.crashed = crashed;
  }
}

/**
 * `startWorker()` returns a Worker (or a promise of one) running `worker.js`; `wasm` is what the
 * worker's init takes: a URL string, or the module's bytes. `watchdogMs` is for tests.
 */
export function createAnalyzer({ startWorker, wasm, watchdogMs = WATCHDOG_MS }) {
  let worker = null;
  let readyAt = 0;
  let fatal = null;
  let nextId = 0;
  let watchdog = null;
  const pending = new Map(); // id -> {msg, resolve, reject, sentAt}

  function fail(message) {
    fatal = new AnalyzerError(message);
    for (const p of pending.values()) p.reject(fatal);
    pending.clear();
    stop();
  }

  function stop() {
    clearInterval(watchdog);
    watchdog = null;
    if (worker && typeof worker.terminate === 'function') worker.terminate();
    worker = null;
    readyAt = 0;
  }

  function start() {
    const started = Promise.resolve()
      .then(startWorker)
      .then((w) => {
        if (worker !== started) return w.terminate(); // replaced meanwhile
        worker = w;
        w.onmessage = (event) => onMessage(w, event.data);
        w.onerror = (event) => {
          event.preventDefault?.();
          if (worker === w) fail(`the analyzer worker failed to run${event.message ? `: ${event.message}` : ''}`);
        };
        w.postMessage({ type: 'init', wasm });
        for (const p of pending.values()) w.postMessage(p.msg);
        watchdog ??= setInterval(checkWatchdog, Math.min(WATCHDOG_TICK_MS, watchdogMs / 2));
      })
      .catch((err) => fail(`cannot start the analyzer worker: ${err && err.message ? err.message : err}`));
    worker = started;
  }

  function onMessage(w, msg) {
    if (worker !== w) return;
    if (msg.type === 'ready') {
      readyAt = performance.now();
      for (const p of pending.values()) p.sentAt = readyAt;
      return;
    }
    if (msg.type === 'fatal') return fail(msg.message);
    const p = pending.get(msg.id);
    if (msg.type === 'crash') return crash(msg.id, `the analyzer crashed (${msg.message})`);
    if (!p) return;
    pending.delete(msg.id);
    if (pending.size === 0) {
      clearInterval(watchdog);
      watchdog = null;
    }
    if (msg.type === 'result') p.resolve(msg.analysis);
    else if (msg.type === 'fixed') p.resolve(msg.text);
    else p.reject(new AnalyzerError(msg.message));
  }

  function crash(id, message) {
    const culprit = pending.get(id);
    pending.delete(id);
    stop();
    culprit?.reject(new AnalyzerError(message, { crashed: true }));
    if (pending.size) start();
  }

  function checkWatchdog() {
    if (!readyAt || pending.size === 0) return;
    const [id, oldest] = pending.entries().next().value;
    if (performance.now() - oldest.sentAt > watchdogMs) crash(id, `the analyzer did not answer within ${watchdogMs / 1000} s`);
  }

  function request(body) {
    if (fatal) return Promise.reject(fatal);
    return new Promise((resolve, reject) => {
      const msg = { ...body, id: ++nextId };
      pending.set(msg.id, { msg, resolve, reject, sentAt: readyAt ? performance.now() : 0 });
      if (!worker) start();
      else if (!(worker instanceof Promise)) {
        worker.postMessage(msg);
        watchdog ??= setInterval(checkWatchdog, Math.min(WATCHDOG_TICK_MS, watchdogMs / 2));
      }
    });
  }

  return {
    /** The analysis of `source` (see `Analysis` in www/pkg/sendlens.d.ts). */
    analyze: (source, edition) => request({ type: 'analyze', source, edition }),
    /** `source` with `fix` (from an analysis of the same text) applied. */
    applyFix: (source, fix) => request({ type: 'applyFix', source, fix }),
  };
}
