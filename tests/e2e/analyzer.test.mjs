// The analyzer's client (www/src/analyzer.js, used by the page and by <send-lens>) in node, with
// a scripted fake worker: a trap fails that request only and a new worker answers the others; a
// wasm that cannot load fails every request at once and later ones immediately; a silent analyzer
// is given up on, its time limit counted from the worker's start and previous answer; a line of
// analyses sends one at a time and gives only the latest text's answer. The worker itself runs in
// the browser tests (page, embed, security).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../../www/src/analyzer.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Stand-ins for worker.js, answering in order as it does: `PANIC` traps, `HANG` never answers
 * (nor anything after it), `SLOW:<ms>` takes that long; `init` may fail, or take `readyAfterMs`,
 * and the requests wait for it.
 * Each worker records the messages it received.
 */
function fakeWorkers({ failInit = false, readyAfterMs = 1 } = {}) {
  const started = [];
  const startWorker = () => {
    const worker = {
      terminated: false,
      stuck: false,
      onmessage: null,
      received: [],
      queue: null,
      init: null,
      terminate() {
        this.terminated = true;
      },
      postMessage(msg) {
        this.received.push(msg);
        // As worker.js, requests wait for `init`, which may come after them.
        if (msg.type === 'init') this.init(msg);
        else this.queue = this.queue.then(() => this.answer(msg));
      },
      async answer(msg) {
        await sleep(msg.type === 'init' ? readyAfterMs : Number(/^SLOW:(\d+)$/.exec(msg.source)?.[1] ?? 1));
        // A real worker answers in order: once stuck, it answers nothing more.
        if (this.terminated || this.stuck) return;
        const reply = (data) => this.onmessage?.({ data });
        if (msg.type === 'init') return reply(failInit ? { type: 'fatal', message: 'cannot load the analyzer: 404' } : { type: 'ready', version: 'fake', rules: [] });
        if (msg.source === 'PANIC') return reply({ type: 'crash', id: msg.id, message: 'unreachable' });
        if (msg.source === 'HANG') return void (this.stuck = true);
        if (msg.type === 'applyFix') return reply({ type: 'fixed', id: msg.id, text: `${msg.source} fixed by ${started.indexOf(this)}` });
        reply({ type: 'result', id: msg.id, analysis: { diagnostics: [], echo: msg.source, slim: msg.slim, worker: started.indexOf(this) } });
      },
    };
    worker.queue = new Promise((resolve) => (worker.init = (msg) => resolve(worker.answer(msg))));
    started.push(worker);
    return worker;
  };
  return { started, startWorker };
}

test('analyzer client: a trap fails only its request, and the other widgets get answers from a new worker', async () => {
  const fake = fakeWorkers();
  const analyzer = createAnalyzer({ startWorker: fake.startWorker, wasm: 'x.wasm' });
  const [a, crashed, b] = await Promise.allSettled([analyzer.analyze('A', '2021'), analyzer.analyze('PANIC', '2021'), analyzer.analyze('B', '2021')]);
  assert.equal(a.value.echo, 'A');
  assert.equal(crashed.status, 'rejected');
  assert.equal(crashed.reason.crashed, true);
  assert.match(crashed.reason.message, /crashed \(unreachable\)/);
  assert.equal(b.value.echo, 'B');
  assert.equal(b.value.worker, 1, 'answered by the replacement worker');
  assert.equal(fake.started.length, 2);
  assert.equal(fake.started[0].terminated, true, 'the broken worker is ended');
  assert.equal((await analyzer.analyze('C', '2021')).worker, 1);
});

test('analyzer client: a wasm that cannot load fails every request, now and later', async () => {
  const fake = fakeWorkers({ failInit: true });
  const analyzer = createAnalyzer({ startWorker: fake.startWorker, wasm: 'x.wasm' });
  const results = await Promise.allSettled([analyzer.analyze('A', '2021'), analyzer.applyFix('A', {})]);
  assert.deepEqual(results.map((r) => [r.status, r.reason?.message]), [
    ['rejected', 'cannot load the analyzer: 404'],
    ['rejected', 'cannot load the analyzer: 404'],
  ]);
  await assert.rejects(analyzer.analyze('B', '2021'), /cannot load the analyzer: 404/);
  assert.equal(fake.started.length, 1, 'no endless restarts');
  await assert.rejects(analyzer.ready, /cannot load the analyzer: 404/);
  const broken = createAnalyzer({ startWorker: () => { throw new Error('blocked by CSP'); }, wasm: 'x.wasm' });
  await assert.rejects(broken.analyze('A', '2021'), /cannot start the analyzer worker: blocked by CSP/);
});

test('analyzer client: a request with no answer is given up on and the next one still works', async () => {
  const fake = fakeWorkers();
  const analyzer = createAnalyzer({ startWorker: fake.startWorker, wasm: 'x.wasm', timeoutMs: 200 });
  const [hang, ok] = await Promise.allSettled([analyzer.analyze('HANG', '2021'), analyzer.analyze('OK', '2021')]);
  assert.equal(hang.status, 'rejected');
  assert.match(hang.reason.message, /did not answer within 0.2 s/);
  assert.equal(hang.reason.timedOut, true);
  assert.equal(ok.value.echo, 'OK');
  assert.equal(fake.started.length, 2);
});

test('analyzer client: the time limit counts from the worker\'s start and its previous answer, and can be changed', async () => {
  // Asked for before the worker is ready (after 400 ms), two analyses of 200 ms each: the second
  // is answered 800 ms after it was asked for, yet neither worked more than 300 ms.
  const fake = fakeWorkers({ readyAfterMs: 400 });
  const analyzer = createAnalyzer({ startWorker: fake.startWorker, wasm: 'x.wasm', timeoutMs: 300 });
  const answers = await Promise.all([analyzer.analyze('SLOW:200', '2021'), analyzer.analyze('SLOW:200', '2021')]);
  assert.deepEqual(answers.map((a) => a.worker), [0, 0], 'no restart');
  assert.deepEqual(await analyzer.ready, { version: 'fake', rules: [] });
  analyzer.timeoutMs = 50;
  await assert.rejects(analyzer.analyze('SLOW:300', '2021'), /did not answer within 0.05 s/);
  assert.equal(fake.started.length, 2);
});

test('analyzer client: after a restart, a fix the old worker kept fails; a fix sent whole goes to the new worker', async () => {
  const fake = fakeWorkers();
  const analyzer = createAnalyzer({ startWorker: fake.startWorker, wasm: new Promise((r) => setTimeout(() => r('later.wasm'), 20)) });
  const [crashed, kept, whole] = await Promise.allSettled([
    analyzer.analyze('PANIC', '2021'),
    analyzer.applyFix('x', { title: 't', kept: { analysis: 7, index: 0 } }),
    analyzer.applyFix('y', { title: 't', edits: [] }),
  ]);
  assert.equal(crashed.reason.crashed, true);
  assert.match(kept.reason.message, /restarted since/);
  assert.equal(whole.value, 'y fixed by 1');
  // The wasm (a promise here, as the page's compiled module) is given to every worker.
  assert.deepEqual(fake.started.map((w) => w.received.find((m) => m.type === 'init')?.wasm), ['later.wasm', 'later.wasm']);
});

test('analyzer client: a line sends one analysis at a time, and gives only the latest text\'s answer', async () => {
  const fake = fakeWorkers();
  const analyzer = createAnalyzer({ startWorker: fake.startWorker, wasm: 'x.wasm' });
  const line = analyzer.line({ slim: true });
  const first = line.analyze('SLOW:100', '2021');
  const second = line.analyze('B', '2021'); // waits: the first is in flight
  const third = line.analyze('C', '2021'); // replaces the second
  assert.equal(await second, null, 'replaced before it was sent');
  assert.equal(await first, null, 'answered, but not the latest text');
  const latest = await third;
  assert.equal(latest.echo, 'C');
  assert.equal(latest.slim, true);
  const sent = () => fake.started[0].received.filter((m) => m.type === 'analyze').map((m) => m.source);
  assert.deepEqual(sent(), ['SLOW:100', 'C'], 'the replaced text is never sent');
  // stale(): the text changed, the answer on its way is not wanted.
  const changed = line.analyze('D', '2021');
  line.stale();
  assert.equal(await changed, null);
  // A failure is reported only for the latest text.
  await assert.rejects(line.analyze('PANIC', '2021'), (err) => err.crashed);
  const dropped = line.analyze('PANIC', '2021');
  line.stale();
  assert.equal(await dropped, null);
  assert.equal((await line.analyze('E', '2021')).worker, 2, 'two crashes, two new workers');
  // Lines are independent: each widget has its own.
  const [a, b] = await Promise.all([line.analyze('F', '2021'), analyzer.line().analyze('G', '2021')]);
  assert.deepEqual([a.echo, b.echo, b.slim], ['F', 'G', false]);
});
