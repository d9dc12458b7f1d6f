// The client of the analyzer's worker (worker.js), the only one: the page's main.js makes one for
// its editor, and the <send-lens> widget one for every widget on a page. It starts the worker,
// numbers the requests and matches the answers to them, and makes sure no request waits forever:
// - the worker cannot start or the wasm cannot load: every request, now and later, fails with
//   that message (`fatal`); the worker is not started again;
// - the analyzer traps (a panic) on some request: that request fails (`crashed`), the worker is
//   replaced at once and the other requests are sent again to the new one;
// - the worker does not answer the request it works on within `timeoutMs` (counted from when it
//   was sent or from the worker's previous answer, whichever is later: the worker answers in
//   order, and the wasm's download is not the analysis' time): the same as a trap (`timedOut`).
// Requests made before the worker exists or has loaded the wasm wait in the worker.
//
// An editor asks through a `line()` of analyses, where only the latest text matters: one analysis
// at a time is sent, the text asked for meanwhile waits (replaced by any newer one), and answers
// for text that is no longer the latest resolve to null.

const DEFAULT_TIMEOUT_MS = 20_000;

export class AnalyzerError extends Error {
  /** `crashed`: the analyzer trapped; `timedOut`: it did not answer; `fatal`: it cannot run at all. */
  constructor(message, { crashed = false, timedOut = false, fatal = false } = {}) {
    super(message);
    this.name = 'AnalyzerError';
    this.crashed = crashed;
    this.timedOut = timedOut;
    this.fatal = fatal;
  }
}

const describe = (err) => String(err && err.message ? err.message : err);

/** Runs `f` as a named User Timing measure (a few microseconds), for performance profiles. */
export function measured(name, f) {
  const start = performance.now();
  try {
    return f();
  } finally {
    performance.measure(name, { start });
  }
}

/**
 * `startWorker()` returns a Worker running worker.js (or a promise of one); `wasm` is what the
 * worker's `init` takes (a WebAssembly.Module, a URL string or the bytes), or a promise of it.
 * `measure`: handle the worker's messages inside a `sendlens:message` User Timing measure (the
 * page's tests tell the analysis path's main-thread work from the editor's by these).
 * `onAnalysis(analysis)`: called for every analysis received, stale ones included.
 */
export function createAnalyzer({ startWorker, wasm, timeoutMs = DEFAULT_TIMEOUT_MS, measure = false, onAnalysis = null }) {
  let worker = null; // the running Worker, a promise while it starts, or null
  let heardAt = 0; // when the running worker was ready or last answered; 0 until it is ready
  let fatal = null;
  let nextId = 0;
  let watchdog = null;
  /** Unanswered requests, in the order they were made (and sent): id -> {msg, resolve, reject, sentAt}. */
  const pending = new Map();
  let onBooted;
  const booted = new Promise((resolve) => (onBooted = resolve));
  let onReady;
  let onFailure;
  const ready = new Promise((resolve, reject) => {
    onReady = resolve;
    onFailure = reject;
  });
  ready.catch(() => {}); // a client that never asks is not told

  function start() {
    if (worker || fatal) return;
    const starting = Promise.resolve()
      .then(startWorker)
      .then((w) => {
        if (worker !== starting) return w.terminate(); // stopped meanwhile
        worker = w;
        w.onmessage = measure ? (event) => measured('sendlens:message', () => onMessage(w, event.data)) : (event) => onMessage(w, event.data);
        w.onerror = (event) => {
          event.preventDefault?.();
          if (worker === w) fail(`the analyzer worker failed to run${event.message ? `: ${event.message}` : ''}`);
        };
        // `init` goes first when the wasm is at hand; the worker holds requests until it comes.
        const init = (module) => worker === w && w.postMessage({ type: 'init', wasm: module });
        if (typeof wasm?.then === 'function') wasm.then(init);
        else init(wasm);
        for (const p of pending.values()) send(p);
      })
      .catch((err) => fail(`cannot start the analyzer worker: ${describe(err)}`));
    worker = starting;
  }

  function send(p) {
    p.sentAt = performance.now();
    worker.postMessage(p.msg);
    watch();
  }

  function stop() {
    clearTimeout(watchdog);
    watchdog = null;
    if (worker && !(worker instanceof Promise)) worker.terminate();
    worker = null;
    heardAt = 0;
  }

  function fail(message) {
    fatal = new AnalyzerError(message, { fatal: true });
    stop();
    for (const p of pending.values()) p.reject(fatal);
    pending.clear();
    onBooted();
    onFailure(fatal);
  }

  /** Ends the worker over request `id`, which fails with `error`; the others go to a new worker. */
  function restart(id, error) {
    const culprit = pending.get(id);
    pending.delete(id);
    stop();
    culprit?.reject(error);
    // A kept fix lived in the worker that is gone (worker.js `slim`).
    for (const [other, p] of pending) {
      if (p.msg.type !== 'applyFix' || !p.msg.fix.kept) continue;
      pending.delete(other);
      p.reject(new AnalyzerError('the analyzer was restarted since; edit the text to analyze it again'));
    }
    start();
  }

  function onMessage(w, msg) {
    if (worker !== w) return;
    switch (msg.type) {
      case 'booted':
        return onBooted();
      case 'ready':
        heardAt = performance.now();
        onReady({ version: msg.version, rules: msg.rules });
        return watch();
      case 'fatal':
        return fail(msg.message);
      case 'crash':
        return restart(msg.id, new AnalyzerError(`the analyzer crashed (${msg.message})`, { crashed: true }));
      default:
        break;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    heardAt = performance.now();
    watch();
    if (msg.type === 'result') {
      onAnalysis?.(msg.analysis);
      p.resolve(msg.analysis);
    } else if (msg.type === 'fixed') p.resolve(msg.text);
    else p.reject(new AnalyzerError(msg.message));
  }

  /** Arms the watchdog for the request the worker works on: the oldest unanswered one. */
  function watch() {
    clearTimeout(watchdog);
    watchdog = null;
    if (!heardAt || pending.size === 0) return;
    const [id, oldest] = pending.entries().next().value;
    const since = Math.max(oldest.sentAt, heardAt);
    watchdog = setTimeout(() => {
      const seconds = timeoutMs / 1000;
      restart(id, new AnalyzerError(`the analyzer did not answer within ${seconds} s`, { timedOut: true }));
    }, since + timeoutMs - performance.now());
  }

  function request(body) {
    if (fatal) return Promise.reject(fatal);
    return new Promise((resolve, reject) => {
      const p = { msg: { ...body, id: ++nextId }, resolve, reject, sentAt: 0 };
      pending.set(p.msg.id, p);
      if (!worker) start();
      else if (!(worker instanceof Promise)) send(p);
    });
  }

  /**
   * A line of analyses of one editor's text, where only the latest matters. `analyze()` resolves
   * to the analysis, or to null when a newer `analyze()` or `stale()` came since; it rejects
   * (an AnalyzerError) only while it is the latest. `slim`: see worker.js.
   */
  function line({ slim = false } = {}) {
    let latest = null; // the newest call
    let waiting = null; // a call held while another is in flight
    let inFlight = false;
    function sendCall(call) {
      inFlight = true;
      const settle = (outcome) => {
        inFlight = false;
        if (call !== latest) call.resolve(null);
        else outcome();
        if (waiting) {
          const next = waiting;
          waiting = null;
          sendCall(next);
        }
      };
      request({ type: 'analyze', source: call.source, edition: call.edition, slim }).then(
        (analysis) => settle(() => call.resolve(analysis)),
        (err) => settle(() => call.reject(err)),
      );
    }
    return {
      analyze(source, edition) {
        return new Promise((resolve, reject) => {
          const call = { source, edition, resolve, reject };
          latest = call;
          waiting?.resolve(null);
          waiting = null;
          if (inFlight) waiting = call;
          else sendCall(call);
        });
      },
      /** The text changed (its analysis will be asked for): earlier answers are not wanted. */
      stale() {
        latest = null;
        waiting?.resolve(null);
        waiting = null;
      },
    };
  }

  return {
    /** Starts the worker now (else the first request does). */
    start,
    /** Settles when the first worker says it runs, or cannot start. */
    booted,
    /** The first worker's `{version, rules}` once its wasm is loaded. */
    ready,
    /** The time limit of one request, in ms. */
    get timeoutMs() {
      return timeoutMs;
    },
    set timeoutMs(ms) {
      timeoutMs = ms;
      watch();
    },
    line,
    /** The analysis of `source` (see `Analysis` in www/pkg/sendlens.d.ts, plus `ms` and `totals`). */
    analyze: (source, edition) => request({ type: 'analyze', source, edition }),
    /** `source` with `fix` (from an analysis of the same text) applied. */
    applyFix: (source, fix) => request({ type: 'applyFix', source, fix }),
    /** Makes the analyzer panic: rejects with a `crashed` AnalyzerError (tests). */
    panicForTests: () => request({ type: 'panic' }),
  };
}
