// End-to-end: the served page in Debian's headless Chromium, used as a person uses it.
// Run by `cargo xtask test` (which serves the built page and passes SENDLENS_URL), or alone after
// `cargo xtask build` with `node --test tests/e2e/`. Screenshots go to test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { useChromium, openPage, settled, setText, ARTIFACTS, ROOT } from './helpers.mjs';

const site = useChromium();

/** A fresh page, its console errors collected (CSP violations and uncaught errors show there). */
const open = ({ context } = {}) => openPage(site.browser, `${site.url}/index.html`, { context, contextOptions: { viewport: { width: 1400, height: 950 } } });

const editorText = (page) => page.evaluate(() => window.sendlens.view.state.doc.toString());

const CLEAN = `#[tokio::main]
async fn main() {
    let name = String::from("sendlens");
    let handle = tokio::spawn(async move {
        println!("hello from {name}");
    });
    handle.await.unwrap();
}
`;

test('the page opens with the first example showing its diagnostics', async () => {
  const { page, ctx, problems } = await open();
  // The attributes are absent until the first analysis finishes.
  const counts = await settled(page);
  const text = await editorText(page);
  assert.match(text, /Rc::new\(RefCell::new\(0\)\)/, 'the first example is the Rc<RefCell<_>> counter');
  assert.ok(counts.errors >= 1, `the first example shows an error (got ${JSON.stringify(counts)})`);
  // The underline is on the culprit: `counter` inside the spawned block.
  const underlined = await page.locator('.cm-lintRange-error').first().textContent();
  assert.equal(underlined, 'counter');
  // The panel: message, rule, and a way to fix it.
  const diag = page.locator('#diagnostics .diag-error').first();
  assert.ok((await diag.locator('.message').textContent()).length > 10);
  assert.ok((await page.locator('#diagnostics .apply-fix').count()) >= 1, 'a fix is offered');
  assert.match(await page.locator('#counts').textContent(), /\d+ errors?, \d+ warnings?/);
  // Hover on the underline shows the message.
  await page.locator('.cm-lintRange-error').first().hover();
  await page.locator('.cm-tooltip-lint').waitFor({ timeout: 5000 });
  await page.screenshot({ path: join(ARTIFACTS, 'page.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the first analysis, asked for before the editor loads, is shown only if the editor still matches it', async () => {
  // main.js asks for the default example's analysis (edition 2021) before app.js runs; the
  // edition changes before app.js is let through, so that answer must be dropped as stale and
  // the text analyzed again with the new edition.
  const ctx = await site.browser.newContext();
  const page = await ctx.newPage();
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  await page.route('**/www/dist/app.js', async (route) => {
    await gate;
    await route.continue();
  });
  const worker = page.waitForEvent('worker');
  await page.goto(`${site.url}/index.html`, { waitUntil: 'commit' });
  await worker;
  await page.locator('#edition').selectOption('2024');
  release();
  const counts = await settled(page);
  assert.ok(counts.errors >= 1);
  const seen = await page.evaluate(() => ({ analyses: window.sendlens.timings.length, edition: document.querySelector('#edition').value }));
  assert.deepEqual(seen, { analyses: 2, edition: '2024' }, 'the early answer (2021) was dropped and the text analyzed as 2024');
  await ctx.close();

  // Unchanged, the early answer is the one shown: one analysis in all.
  const { page: plain, ctx: plainCtx } = await open();
  await settled(plain);
  assert.equal(await plain.evaluate(() => window.sendlens.timings.length), 1);
  await plainCtx.close();
});

test('typing code that introduces a problem gets it flagged', async () => {
  const { page, ctx, problems } = await open();
  await settled(page);
  await setText(page, CLEAN);
  const clean = await settled(page);
  assert.equal(clean.errors, 0, 'the clean program has no error');
  // Type a syntax error with the keyboard, at the end of line 3.
  await page.locator('.cm-content').click();
  await page.evaluate(() => {
    const view = window.sendlens.view;
    const line = view.state.doc.line(3);
    view.dispatch({ selection: { anchor: line.to } });
  });
  await page.keyboard.type(' let x = ;');
  let counts = await settled(page);
  assert.ok(counts.errors >= 1, 'a syntax error is flagged');
  assert.ok(await page.locator('#diagnostics .diag-error[data-rule="syntax"]').count() >= 1);
  for (let i = 0; i < ' let x = ;'.length; i++) await page.keyboard.press('Backspace');
  counts = await settled(page);
  assert.equal(counts.errors, 0, 'and the error goes when the text is fixed');
  // Right after an edit the panel says it is busy, and keeps the last counts until the new ones.
  const justAfterEdit = await page.evaluate(() => {
    const view = window.sendlens.view;
    view.dispatch({ changes: { from: view.state.doc.length, insert: '\n' }, userEvent: 'input.type' });
    const p = document.querySelector('#diagnostics');
    return { busy: p.getAttribute('aria-busy'), errors: p.dataset.errorCount };
  });
  assert.deepEqual(justAfterEdit, { busy: 'true', errors: '0' });
  await settled(page);

  // Delete `move`: the block now borrows a local, which tokio::spawn cannot take.
  await page.evaluate(() => {
    const view = window.sendlens.view;
    const at = view.state.doc.toString().indexOf(' move {');
    view.dispatch({ selection: { anchor: at + ' move'.length } });
  });
  for (let i = 0; i < ' move'.length; i++) await page.keyboard.press('Backspace');
  counts = await settled(page);
  assert.ok(counts.errors >= 1, 'a non-move block borrowing a local is flagged');
  assert.ok((await page.locator('.cm-lintRange-error').count()) >= 1);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('"Apply fix" shows the change as a diff, then applying it removes the error', async () => {
  const { page, ctx, problems } = await open();
  await settled(page);
  const first = page.locator('#diagnostics .diag-error').first();
  const rule = await first.getAttribute('data-rule');
  const before = await editorText(page);
  await first.locator('.apply-fix').first().click();
  const dialog = page.locator('#fix-dialog');
  await dialog.waitFor({ state: 'visible' });
  assert.ok((await dialog.locator('.diff-add, .diff-del').count()) >= 1, 'the diff shows what changes');
  await page.screenshot({ path: join(ARTIFACTS, 'fix-preview.png') });
  await page.locator('#fix-confirm').click();
  await dialog.waitFor({ state: 'hidden' });
  assert.notEqual(await editorText(page), before, 'the fix changed the text');
  await settled(page);
  assert.equal(await page.locator(`#diagnostics .diag-error[data-rule="${rule}"]`).count(), 0, `no ${rule} error is left`);
  // Undo restores the original text.
  await page.locator('.cm-content').focus();
  await page.keyboard.press('Control+z');
  assert.equal(await editorText(page), before);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a fix for older text is never applied to newer text', async () => {
  const { page, ctx } = await open();
  await settled(page);
  // Edit, and click "Apply fix" before the new analysis is back.
  await page.evaluate(() => {
    const view = window.sendlens.view;
    view.dispatch({ changes: { from: 0, insert: '// edited\n' }, userEvent: 'input.type' });
    document.querySelector('#diagnostics .apply-fix').click();
  });
  await page.locator('#banner').waitFor({ state: 'visible' });
  assert.match(await page.locator('#banner-text').textContent(), /text changed/);
  assert.equal(await page.locator('#fix-dialog').isVisible(), false);
  await settled(page);
  await ctx.close();
});

test('Cancel in the fix preview leaves the text alone', async () => {
  const { page, ctx } = await open();
  await settled(page);
  page.setDefaultTimeout(10_000);
  const before = await editorText(page);
  const button = page.locator('#diagnostics .apply-fix').first();
  await button.focus();
  await page.keyboard.press('Enter');
  await page.locator('#fix-dialog').waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await page.locator('#fix-dialog').waitFor({ state: 'hidden' });
  assert.equal(await editorText(page), before);
  await ctx.close();
});

test('every example loads and shows its diagnostics; the theme switches', async () => {
  const { page, ctx, problems } = await open();
  await settled(page);
  const options = await page.locator('#example option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(options.length >= 4, `the classic cases and one per rule (got ${options.length})`);
  for (const value of options) {
    await page.locator('#example').selectOption(value);
    const counts = await settled(page);
    if (value.endsWith('-fixed')) {
      // The corrected version of the example before it compiles: nothing to report.
      assert.equal(counts.errors, 0, `${value} shows no error`);
      continue;
    }
    assert.ok(counts.errors + counts.warnings >= 1, `${value} shows a diagnostic`);
    if (value.startsWith('rule:')) {
      const id = value.slice('rule:'.length);
      assert.ok(await page.locator(`#diagnostics .diag[data-rule="${id}"]`).count() >= 1, `the ${id} example triggers ${id}`);
    }
  }
  // Edition switch re-analyzes.
  await page.locator('#edition').selectOption('2024');
  await settled(page);
  await page.locator('#edition').selectOption('2021');
  await settled(page);

  await page.locator('#theme').selectOption('dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 150, `the dark theme is dark (${bg})`);
  await page.screenshot({ path: join(ARTIFACTS, 'page-dark.png') });
  await page.locator('#theme').selectOption('light');
  const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.ok(light.match(/\d+/g).map(Number).reduce((a, c) => a + c, 0) > 600, `the light theme is light (${light})`);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the theme follows prefers-color-scheme by default', async () => {
  const ctx = await site.browser.newContext({ colorScheme: 'dark', viewport: { width: 1200, height: 800 } });
  const { page } = await open({ context: ctx });
  await settled(page);
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.ok(bg.match(/\d+/g).map(Number).reduce((a, c) => a + c, 0) < 150, `dark by preference (${bg})`);
  await ctx.close();
});

test('the rules reference is generated from the rules\' docs', async () => {
  const { page, ctx } = await open();
  await settled(page);
  // It is built once the first diagnostics are shown.
  await page.evaluate(() => window.sendlens.startupWork);
  const ruleOptions = await page.locator('#example option[value^="rule:"]').count();
  const rules = page.locator('#rule-list .rule');
  assert.equal(await rules.count(), ruleOptions);
  assert.ok(ruleOptions >= 1);
  for (const rule of await rules.all()) {
    assert.ok((await rule.locator('h3').textContent()).length > 3);
    assert.ok((await rule.locator('p').count()) >= 1, 'docs rendered');
  }
  await ctx.close();
});

test('the page works with the network cut: every asset is local', async () => {
  const ctx = await site.browser.newContext();
  const origin = new URL(site.url).origin;
  const outside = [];
  await ctx.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort('internetdisconnected');
  });
  const failed = [];
  ctx.on('requestfailed', (r) => failed.push(r.url()));
  const { page, problems } = await open({ context: ctx });
  const first = await settled(page);
  // What loads after the first diagnostics (the grammar, the service worker) is local too.
  await page.evaluate(() => window.sendlens.startupWork);
  assert.deepEqual(outside, [], 'no request leaves the machine');
  assert.deepEqual(failed, []);
  // Cut everything, then keep editing: the analysis still runs.
  await ctx.setOffline(true);
  await setText(page, 'fn main() { let = ; }\n');
  const counts = await settled(page);
  assert.ok(counts.errors >= 1);
  await setText(page, CLEAN);
  assert.equal((await settled(page)).errors, 0);
  assert.ok(first.errors >= 0);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a panic in the analyzer is reported and the page keeps working', async () => {
  const ctx = await site.browser.newContext();
  // Every download of the wasm by the page or its workers (Playwright sees both), not the
  // service worker's (it caches every file for offline use).
  const wasmLoads = [];
  ctx.on('request', (r) => {
    if (r.url().endsWith('/sendlens_bg.wasm') && !r.serviceWorker()) wasmLoads.push(r.url());
  });
  const { page } = await open({ context: ctx });
  await settled(page);
  await page.evaluate(() => window.sendlens.crashAnalyzerForTests());
  await page.locator('#banner').waitFor({ state: 'visible' });
  assert.match(await page.locator('#banner-text').textContent(), /crashed/);
  await setText(page, 'fn main() { let = ; }\n');
  const counts = await settled(page);
  assert.ok(counts.errors >= 1, 'a new worker analyzes the next edit');
  // The new worker is given the module main.js compiled: it neither downloads nor compiles it again.
  assert.equal(wasmLoads.length, 1, `the wasm is downloaded once (${wasmLoads.length})`);
  await ctx.close();
});

test('stale results are dropped: only the latest text\'s analysis is shown', async () => {
  const { page, ctx } = await open();
  await settled(page);
  await setText(page, CLEAN);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  // Many quick edits; the last one leaves a syntax error.
  await page.keyboard.type('fn f() {}\nfn g() {}\nfn h( {}', { delay: 5 });
  const counts = await settled(page);
  assert.ok(counts.errors >= 1);
  assert.ok(await page.locator('#diagnostics .diag-error[data-rule="syntax"]').count() >= 1);
  await ctx.close();
});

test('keyboard only: Tab leaves the editor, focus is visible, controls are labelled', async () => {
  const { page, ctx } = await open();
  await settled(page);
  // The first Tab from the top reaches the skip link, then the toolbar.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'example');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.locator('.cm-content').focus();
  await page.keyboard.press('Tab');
  const outside = await page.evaluate(() => !document.activeElement.closest('.cm-editor'));
  assert.ok(outside, 'Tab moves focus out of the editor');
  // Every control has an accessible name.
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('button, select, [contenteditable="true"]')]
      .filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim() || e.closest('label')))
      .map((e) => e.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, []);
  assert.ok(await page.locator('.cm-content[aria-label]').count());
  await ctx.close();
});

test('user code only reaches the DOM as text', async () => {
  const { page, ctx } = await open();
  await settled(page);
  await setText(page, 'fn main() { let s = "<img src=x id=injected>"; <b id=bold>x</b> }\n');
  await settled(page);
  assert.equal(await page.locator('#injected, #bold').count(), 0);
  await ctx.close();
  // And the page's code has no HTML-parsing sinks at all.
  // (www/src/embed/ included: the widget's code is held to the same rule.)
  const sources = readdirSync(join(ROOT, 'www/src'), { recursive: true }).filter((f) => f.endsWith('.js'));
  assert.ok(sources.length >= 5, `found the page's sources (${sources.length})`);
  for (const f of sources) {
    const src = readFileSync(join(ROOT, 'www/src', f), 'utf8');
    assert.doesNotMatch(src, /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML\(|document\.write\(|DOMParser/, f);
  }
  // No inline scripts or on* handlers (the Content-Security-Policy forbids them).
  const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
  // The counts appear only once the first analysis has finished.
  assert.doesNotMatch(html.match(/<section id="diagnostics"[^>]*>/)[0], /data-(error|warning)-count/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.doesNotMatch(html, /\son[a-z]+=/);
});
