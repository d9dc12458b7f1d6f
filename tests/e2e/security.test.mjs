// End-to-end: browser safety (issue 5). The page keeps to its Content-Security-Policy (header and
// meta tag) while used; pasted code cannot run, however it is shown; a runaway analysis is
// stopped and the worker replaced; typing stays responsive on a 100,000-line paste.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useChromium, openPage, settled, setText, ARTIFACTS, ROOT } from './helpers.mjs';

const site = useChromium();

/** Runs before any page script: records CSP violations (the event fires on the document). */
function recordViolations() {
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
  });
}

/** `path` on the server, recording CSP violations; `strip`: as a static host that sends no policy. */
async function open(path, { context, strip } = {}) {
  const ctx = context ?? (await site.browser.newContext({ viewport: { width: 1400, height: 950 } }));
  if (strip) {
    // A static host that sends no policy: only index.html's meta tag is left to enforce it.
    await ctx.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    });
  }
  return openPage(site.browser, `${site.url}/${path}`, { context: ctx, init: recordViolations });
}

const violations = (page) => page.evaluate(() => window.cspViolations);

/** Proves the policy is in force and the recorder works: an inline script is refused and reported. */
async function inlineScriptIsRefused(page) {
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.head.append(s);
    return window.inlineRan === true;
  });
  assert.equal(ran, false, 'the inline script did not run');
  await page.waitForFunction(() => window.cspViolations.some((v) => v.startsWith('script-src')));
}

async function useThePage(page) {
  await settled(page);
  // Type, as a person would.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n// typed\n');
  await settled(page);
  // Hover an underline, apply a fix through the preview.
  await page.locator('.cm-lintRange-error').first().hover();
  await page.locator('.cm-tooltip-lint').waitFor();
  await page.locator('#diagnostics .apply-fix').first().click();
  await page.locator('#fix-dialog').waitFor({ state: 'visible' });
  await page.locator('#fix-confirm').click();
  await settled(page);
  // Share, switch theme and example, open a rule's example.
  await page.locator('#share').click();
  await page.waitForFunction(() => location.hash.startsWith('#code='));
  await page.locator('#theme').selectOption('dark');
  await page.locator('#example').selectOption({ index: 2 });
  await settled(page);
  await page.locator('#rule-list details summary').first().click();
  await page.locator('#rule-list .open-example').first().click();
  await settled(page);
}

test('the page works under its Content-Security-Policy, from the header and from the meta tag alone', async () => {
  for (const strip of [false, true]) {
    const ctx = await site.browser.newContext({ viewport: { width: 1400, height: 950 } });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
    const { page, problems } = await open('index.html', { context: ctx, strip });
    const header = (await page.reload()).headers()['content-security-policy'];
    assert.equal(Boolean(header), !strip, strip ? 'no header: the meta tag alone' : 'the server sends the policy');
    await useThePage(page);
    // A share link opened in a new page (the decoder's streams run under the policy too).
    const link = page.url();
    const other = await ctx.newPage();
    await other.addInitScript(recordViolations);
    await other.goto(link);
    await settled(other);
    assert.deepEqual(await violations(other), []);
    assert.deepEqual(await violations(page), [], strip ? 'meta tag only' : 'header and meta tag');
    assert.deepEqual(problems, []);
    await inlineScriptIsRefused(page);
    await ctx.close();
  }
});

test('the embed demo article works under the same policy', async (t) => {
  if (!existsSync(join(ROOT, 'www/embed-demo.html'))) {
    t.skip('www/embed-demo.html does not exist yet (the embed is built separately)');
    return;
  }
  const { page, ctx, problems } = await open('www/embed-demo.html');
  assert.ok((await page.reload()).headers()['content-security-policy'], 'served with the policy');
  const widgets = page.locator('send-lens');
  await page.waitForFunction(
    () => {
      const all = [...document.querySelectorAll('send-lens')];
      return all.length >= 3 && all.every((w) => w.hasAttribute('data-error-count'));
    },
    null,
    { timeout: 30_000 },
  );
  assert.ok((await widgets.count()) >= 3);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(problems.filter((p) => /Content Security Policy/i.test(p)), []);
  await inlineScriptIsRefused(page);
  await ctx.close();
});

// Code whose strings, comments and type names are markup; the diagnostics quote `Rc<img>` and
// `Rc<script>`, and the fix preview shows the commented lines. Every handler sets `sentinel`.
const HOSTILE = `use std::rc::Rc;

#[allow(non_camel_case_types)]
struct img;
#[allow(non_camel_case_types)]
struct script;

// </script><img src=x onerror=alert(1)> <svg onload=alert(1)> <a href="javascript:alert(1)">x</a>
#[tokio::main]
async fn main() {
    let img_onerror: Rc<img> = Rc::new(img); /* </script><img src=x onerror="window.sentinel=1;alert(1)"> */
    let svg_onload: Rc<script> = Rc::new(script); // <svg onload="window.sentinel=2;alert(2)"></svg>
    let link = "javascript:window.sentinel=3;alert(3)";
    let html = "</script><script>window.sentinel=4</script><iframe src=\\"javascript:window.sentinel=5\\"></iframe>";
    tokio::spawn(async move {
        let _ = (&img_onerror, &svg_onload, link, html);
    });
}
`;

/** Records, from the very start, every element of the dangerous kinds added to the document. */
function watchElements() {
  window.addedElements = [];
  const KINDS = new Set(['IMG', 'SVG', 'SCRIPT', 'IFRAME', 'svg', 'OBJECT', 'EMBED']);
  const record = (node) => {
    if (node.nodeType !== 1) return;
    for (const e of [node, ...node.querySelectorAll('*')]) {
      if (KINDS.has(e.tagName)) window.addedElements.push(e.outerHTML.slice(0, 120));
      for (const a of e.attributes) {
        if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) window.addedElements.push(`${e.tagName} ${a.name}=${a.value.slice(0, 60)}`);
      }
    }
  };
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) record(n);
  }).observe(document, { childList: true, subtree: true });
}

test('pasted markup and javascript: URLs never run and show exactly as typed', async () => {
  const ctx = await site.browser.newContext({ viewport: { width: 1400, height: 950 } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
  const page = await ctx.newPage();
  await page.addInitScript(watchElements);
  await page.addInitScript(recordViolations);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.goto(`${site.url}/index.html`);
  await settled(page);
  // The page's own markup has one such element, its entry script; from here on nothing may add any.
  const own = await page.evaluate(() => window.addedElements.splice(0));
  assert.deepEqual([...new Set(own)], ['<script type="module" src="www/dist/main.js"></script>']);

  // A real paste: through the clipboard and Ctrl+V into the editor.
  await page.evaluate((t) => navigator.clipboard.writeText(t), HOSTILE);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+v');
  await page.waitForFunction((t) => window.sendlens.view.state.doc.toString() === t, HOSTILE);
  const counts = await settled(page);
  assert.equal(counts.errors, 2, 'both Rc captures are flagged');

  // The editor shows every line as typed.
  const lines = await page.locator('.cm-line').allTextContents();
  assert.deepEqual(lines, HOSTILE.split('\n'));
  // The panel quotes the type names as text.
  const messages = await page.locator('#diagnostics .message').allTextContents();
  assert.ok(messages.some((m) => m.includes('of type Rc<img>, which is not Send')), messages.join('\n'));
  assert.ok(messages.some((m) => m.includes('of type Rc<script>, which is not Send')), messages.join('\n'));
  const labels = (await page.locator('#diagnostics .label').allTextContents()).join('\n');
  assert.match(labels, /img_onerror is captured here, with type Rc<img>/);
  // So does the hover.
  await page.locator('.cm-lintRange-error').first().hover();
  await page.locator('.cm-tooltip-lint').waitFor();
  assert.match(await page.locator('.cm-tooltip-lint').textContent(), /Rc<img>/);

  // The fix preview shows the hostile lines as text.
  await page.locator('#diagnostics .apply-fix').first().click();
  await page.locator('#fix-dialog').waitFor({ state: 'visible' });
  const diff = await page.locator('#fix-diff .diff-line').allTextContents();
  const shown = (line) => diff.some((d) => d.endsWith(` ${line}`));
  const hostileLine = HOSTILE.split('\n').find((l) => l.includes('onerror="window.sentinel=1'));
  assert.ok(shown(hostileLine), `the old line, as typed:\n${diff.join('\n')}`);
  assert.ok(shown(hostileLine.replace('Rc<img> = Rc::new', 'Arc<img> = Arc::new')), `the new line:\n${diff.join('\n')}`);
  await page.screenshot({ path: join(ARTIFACTS, 'hostile-fix-preview.png') });
  await page.locator('#fix-confirm').click();
  await settled(page);
  assert.match(await page.evaluate(() => window.sendlens.view.state.doc.toString()), /onerror="window\.sentinel=1;alert\(1\)"/);
  await page.screenshot({ path: join(ARTIFACTS, 'hostile-code.png') });

  // Nothing ran, nothing was created, nothing was even attempted against the policy.
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.equal(await page.evaluate(() => window.sentinel), undefined, 'no handler ran');
  assert.deepEqual(await page.evaluate(() => window.addedElements), [], 'no img/svg/script/iframe element, no on* attribute, no javascript: URL');
  assert.equal(await page.locator('a[href^="javascript:"], [onerror], [onload]').count(), 0);
  assert.deepEqual(await violations(page), []);
  await ctx.close();
});

test('an analyzer error that is not a crash (bad options) is reported in the panel; the same worker goes on', async () => {
  const { page, ctx, problems } = await open('index.html');
  await settled(page);
  const workers = () => page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/worker.js')).length);
  const before = await workers();
  // An edition the analyzer refuses with a JsError (the menu never offers one; the worker is
  // what is tested here).
  await page.evaluate(() => {
    const select = document.querySelector('#edition');
    select.append(new Option('2018', '2018'));
    select.value = '2018';
    select.dispatchEvent(new Event('change'));
  });
  await page.waitForFunction(() => document.querySelector('#diagnostics').dataset.analysis === 'failed');
  assert.match(await page.locator('#diagnostic-list').textContent(), /The analyzer could not report on this text: .*edition/);
  assert.equal(await page.locator('#diagnostics').getAttribute('data-error-count'), null);
  assert.equal(await page.locator('#banner').isVisible(), false, 'not reported as a crash');
  await page.locator('#edition').selectOption('2021');
  assert.ok((await settled(page)).errors >= 1);
  assert.equal(await workers(), before, 'no new worker was needed');
  assert.deepEqual(problems, []);
  await ctx.close();
});

/** A realistic file of `lines` lines: the default example's shape, many times over. */
function bigFile(lines) {
  const parts = [];
  let n = 0;
  for (let i = 0; n < lines; i++) {
    parts.push(`async fn task${i}() {\n    let counter = std::rc::Rc::new(std::cell::RefCell::new(${i}));\n    tokio::spawn(async move {\n        *counter.borrow_mut() += 1;\n    });\n}\n`);
    n += 6;
  }
  return parts.join('');
}

test('a runaway analysis is stopped, reported in the panel, and the next edit works', async () => {
  // 50 ms: no 100,000-line file is analyzed that fast, so this one is stopped for sure.
  const { page, ctx, problems } = await open('index.html?analysisTimeout=50');
  // (On a loaded machine even the default example may take longer than that: done or stopped.)
  await page.waitForFunction(() => document.querySelector('#diagnostics').dataset.analysis, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.sendlens.analysisTimeoutMs), 50);
  const workers = () => page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/worker.js')).length);
  const workersBefore = await workers();
  await setText(page, bigFile(100_000));
  assert.equal(await page.locator('#diagnostics').getAttribute('aria-busy'), 'true');
  await page.waitForFunction(
    () => {
      const p = document.querySelector('#diagnostics');
      return p.getAttribute('aria-busy') !== 'true' && p.dataset.analysis === 'stopped';
    },
    null,
    { timeout: 30_000 },
  );
  const panel = await page.locator('#diagnostic-list').textContent();
  assert.match(panel, /analysis stopped after 50 ms; the file may be too large/);
  assert.equal(await page.locator('#counts').textContent(), 'Analysis stopped');
  assert.equal(await page.locator('#diagnostics').getAttribute('data-error-count'), null, 'no counts for text that was not analyzed');
  assert.equal(await page.locator('#diagnostics').getAttribute('aria-busy'), null);
  assert.equal(await page.locator('.cm-lintRange').count(), 0, 'no stale underlines');
  await page.screenshot({ path: join(ARTIFACTS, 'analysis-stopped.png') });

  // A new worker is started (the old one is terminated: wasm cannot be interrupted otherwise).
  await page.waitForFunction((n) => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/worker.js')).length > n, workersBefore);
  // The stopped text is not sent again on its own; the next edit is analyzed, within a normal limit.
  await page.evaluate(() => (window.sendlens.analysisTimeoutMs = 30_000));
  await setText(page, 'fn main() { let = ; }\n');
  const counts = await settled(page);
  assert.ok(counts.errors >= 1, 'the next edit is analyzed');
  assert.equal(await page.locator('#diagnostics').getAttribute('data-analysis'), 'done');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('typing stays responsive on a 100,000-line paste: the analysis path never blocks the main thread', async () => {
  const ctx = await site.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    window.longTasks = [];
    window.keyEvents = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.longTasks.push({ start: e.startTime, end: e.startTime + e.duration, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // Event Timing: from the key press to the next frame painted, i.e. how long a keystroke takes to echo.
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.name === 'keydown') window.keyEvents.push(e.duration);
    }).observe({ type: 'event', buffered: true, durationThreshold: 16 });
  });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${site.url}/index.html`);
  await settled(page);
  const big = bigFile(100_000);
  // Two phases: a file the analyzer finishes with many diagnostics (its result is drawn), and
  // the 100,000-line paste (which the default 5 s limit stops on this machine, or not: either
  // way its main-thread work is measured).
  const figures = {};
  for (const [name, text] of [['2,000 lines', bigFile(2000)], ['100,000 lines', big]]) {
    await setText(page, text);
    const from = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    const typed = '// still typing';
    await page.keyboard.type(typed, { delay: 50 });
    await page.waitForFunction(
      () => {
        const p = document.querySelector('#diagnostics');
        return p.getAttribute('aria-busy') !== 'true' && p.dataset.analysis;
      },
      null,
      { timeout: 60_000 },
    );
    assert.ok((await page.evaluate(() => window.sendlens.view.state.doc.toString())).endsWith(typed), 'every keystroke landed');
    const r = await page.evaluate((from) => {
      const measures = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('sendlens:') && m.startTime >= from);
      const overlapping = (t) => measures.some((m) => m.startTime < t.end && m.startTime + m.duration > t.start);
      const tasks = window.longTasks.filter((t) => t.start >= from);
      const keys = window.keyEvents.splice(0);
      return {
        analysis: document.querySelector('#diagnostics').dataset.analysis,
        errors: document.querySelector('#diagnostics').dataset.errorCount,
        sendMs: Math.max(0, ...measures.filter((m) => m.name === 'sendlens:send').map((m) => m.duration)),
        renderMs: Math.max(0, ...measures.filter((m) => m.name === 'sendlens:render').map((m) => m.duration)),
        analysisLongTasks: tasks.filter(overlapping).map((t) => Math.round(t.ms)),
        otherLongTasksMax: Math.round(Math.max(0, ...tasks.filter((t) => !overlapping(t)).map((t) => t.ms))),
        keysOver16ms: keys.length,
        keyEchoMaxMs: Math.max(0, ...keys),
      };
    }, from);
    figures[name] = r;
    console.log(`${name}: ${JSON.stringify(r)}`);
    for (const ms of r.analysisLongTasks) assert.ok(ms <= 200, `${name}: a long task of ${ms} ms on the analysis path`);
    assert.ok(r.sendMs <= 200 && r.renderMs <= 200, `${name}: send ${r.sendMs} ms, render ${r.renderMs} ms`);
  }
  assert.equal(figures['2,000 lines'].analysis, 'done', 'the 2,000-line file is analyzed and drawn');
  assert.ok(Number(figures['2,000 lines'].errors) > 200, 'with its hundreds of diagnostics');
  // One error per spawn site, counted exactly though the worker sends the page only the first 2,000.
  if (figures['100,000 lines'].analysis === 'done') assert.equal(Number(figures['100,000 lines'].errors), Math.ceil(100_000 / 6));
  assert.deepEqual(problems, []);
  await ctx.close();
});
