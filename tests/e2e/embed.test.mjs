// End-to-end: the embeddable widget (dist/send-lens.js, dist/send-lens.inline.js) in Debian's
// headless Chromium. Run by `cargo xtask test` (SENDLENS_URL: the served repository root), or
// alone after `cargo xtask build` with `node --test tests/e2e/embed.test.mjs`.
// Test pages are written into test-artifacts/embed-pages/ and served like any file, with the
// server's CSP (`script-src 'self' 'wasm-unsafe-eval'`). Screenshots go to test-artifacts/.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { useChromium, openPage, startFirefox, NO_FIREFOX, ARTIFACTS, ROOT } from './helpers.mjs';

const PAGES = join(ARTIFACTS, 'embed-pages');
before(() => {
  assert.ok(existsSync(join(ROOT, 'dist/send-lens.js')), 'dist/ is built (cargo xtask build)');
  mkdirSync(PAGES, { recursive: true });
});
const site = useChromium();

const RC_COUNTER = `use std::cell::RefCell;
use std::rc::Rc;

#[tokio::main]
async fn main() {
    let counter = Rc::new(RefCell::new(0));
    let handle = tokio::spawn(async move {
        *counter.borrow_mut() += 1;
    });
    handle.await.unwrap();
}
`;
const BORROW = `#[tokio::main]
async fn main() {
    let name = String::from("sendlens");
    let handle = tokio::spawn(async {
        println!("hello from {name}");
    });
    handle.await.unwrap();
}
`;
const CLEAN = BORROW.replace('async {', 'async move {');
const escapeHtml = (s) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Writes a test page next to the others and returns its served URL. */
function servedPage(name, body, { head = '', script = '<script type="module" src="/dist/send-lens.js"></script>' } = {}) {
  writeFileSync(join(PAGES, name), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,">${script}${head}</head><body>${body}</body></html>`);
  return `${site.url}/test-artifacts/embed-pages/${name}`;
}

/** A fresh page with its console errors and warnings (CSP violations show there) and requests collected. */
const open = (url, options = {}) => openPage(site.browser, url, { contextOptions: { viewport: { width: 1100, height: 900 }, ...options }, warnings: true });

/** Waits until `count` widgets have finished their latest analysis; returns their state. */
async function widgets(page, count, timeout = 30_000) {
  await page.waitForFunction(
    (n) => {
      const all = [...document.querySelectorAll('send-lens')];
      return all.length === n && all.every((w) => w.dataset.state && w.getAttribute('aria-busy') !== 'true');
    },
    count,
    { timeout },
  );
  return page.evaluate(() =>
    [...document.querySelectorAll('send-lens')].map((w) => ({
      id: w.id,
      state: w.dataset.state,
      errors: w.dataset.errorCount === undefined ? null : Number(w.dataset.errorCount),
      warnings: w.dataset.warningCount === undefined ? null : Number(w.dataset.warningCount),
      rules: [...w.shadowRoot.querySelectorAll('.diag')].map((d) => d.dataset.rule),
      code: w.code,
    })),
  );
}

const shadowText = (locator, sel) => locator.evaluate((w, s) => [...w.shadowRoot.querySelectorAll(s)].map((e) => e.textContent), sel);

test('the demo article shows three working widgets with their diagnostics, from one worker and one wasm download', async () => {
  const { page, ctx, problems, requests } = await open(`${site.url}/www/embed-demo.html`);
  const found = await widgets(page, 3);
  assert.deepEqual(
    found.map((w) => [w.state, w.errors, w.warnings, w.rules]),
    [
      ['ready', 1, 0, ['non-send-capture']],
      ['ready', 0, 0, []],
      ['ready', 1, 0, ['task-borrows-local']],
    ],
  );
  // The text content form, with `&lt;` in the HTML, gives the real code, dedented.
  assert.match(found[0].code, /^use std::cell::RefCell;\n/);
  assert.match(found[0].code, /let counter: Rc<RefCell<u32>> = Rc::new/);
  // The <script type="text/rust"> form.
  assert.match(found[1].code, /^use std::sync::\{Arc, Mutex\};\n/);
  // The third is the upgraded <pre><code class="language-rust">; the language-text and
  // language-html blocks are left alone.
  assert.equal(found[2].code, BORROW);
  assert.equal(await page.locator('pre > code.language-rust').count(), 0);
  assert.equal(await page.locator('pre > code.language-text').count(), 1);
  // Underlines on the culprits, where rustc points.
  assert.deepEqual(await shadowText(page.locator('#rc-counter'), '.u-error'), ['task_counter']);
  assert.deepEqual(await shadowText(page.locator('send-lens').nth(2), '.u-error'), ['name']);
  // The list says it in words, with the labels and the help.
  const list = (await shadowText(page.locator('#rc-counter'), '.diag'))[0];
  assert.match(list, /not `?Send/);
  assert.match(list, /line 9:10/);
  assert.match((await shadowText(page.locator('send-lens').nth(2), '.diag'))[0], /help: .*move/);
  // One worker and one wasm download for the three.
  assert.equal(page.workers().length, 1, 'one analyzer worker for all widgets');
  assert.equal(requests.filter((u) => u.endsWith('/sendlens_bg.wasm')).length, 1);
  await page.screenshot({ path: join(ARTIFACTS, 'embed-demo.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('hovering an underline shows its message', async () => {
  const { page, ctx } = await open(`${site.url}/www/embed-demo.html`);
  await widgets(page, 3);
  const widget = page.locator('#rc-counter');
  const box = await widget.locator('.u-error').first().boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tip = widget.locator('.tip');
  await tip.waitFor({ state: 'visible', timeout: 5000 });
  assert.match(await tip.textContent(), /task_counter.*is captured here/);
  await page.mouse.move(5, 5);
  await tip.waitFor({ state: 'hidden', timeout: 5000 });
  await ctx.close();
});

test('"Apply fix" rewrites the code through the analyzer, the count drops to 0, and Undo restores it', async () => {
  const { page, ctx, problems } = await open(`${site.url}/www/embed-demo.html`);
  await widgets(page, 3);
  const widget = page.locator('#rc-counter');
  const before = await widget.evaluate((w) => w.code);
  await widget.locator('.apply-fix').first().click();
  await page.waitForFunction(() => document.querySelector('#rc-counter').dataset.errorCount === '0');
  const fixed = await widget.evaluate((w) => w.code);
  assert.match(fixed, /let counter: Arc<Mutex<u32>> = Arc::new\(Mutex::new\(0\)\);/);
  assert.match(fixed, /\*task_counter\.lock\(\)\.unwrap\(\) \+= 1;/);
  assert.doesNotMatch(fixed, /Rc|RefCell/);
  assert.equal(await widget.locator('.clear').isVisible(), true, 'the all-clear message shows');
  await widget.locator('.undo').click();
  await page.waitForFunction(() => document.querySelector('#rc-counter').dataset.errorCount === '1');
  assert.equal(await widget.evaluate((w) => w.code), before);
  // The upgraded block's fix adds `move`.
  const third = page.locator('send-lens').nth(2);
  await third.locator('.apply-fix').first().click();
  await page.waitForFunction(() => document.querySelectorAll('send-lens')[2].dataset.errorCount === '0');
  assert.equal(await third.evaluate((w) => w.code), CLEAN);
  // Once the reader edits the fixed code, "Undo the fix" would throw the edit away: it goes.
  assert.equal(await third.locator('.undo').isVisible(), true);
  await third.locator('textarea').press('End');
  await page.keyboard.type(' ');
  assert.equal(await third.locator('.undo').isVisible(), false);
  await page.screenshot({ path: join(ARTIFACTS, 'embed-fixed.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('typing in a widget re-analyzes it', async () => {
  const { page, ctx } = await open(servedPage('typing.html', `<send-lens id="w">${escapeHtml(BORROW)}</send-lens>`));
  assert.equal((await widgets(page, 1))[0].errors, 1);
  const textarea = page.locator('#w').locator('textarea');
  await textarea.click();
  const at = BORROW.indexOf('async {') + 'async'.length;
  await textarea.evaluate((t, i) => t.setSelectionRange(i, i), at);
  await page.keyboard.type(' move');
  await page.waitForFunction(() => document.querySelector('#w').dataset.errorCount === '0');
  assert.equal(await page.locator('#w').evaluate((w) => w.code), CLEAN);
  // The browser's own undo takes the typing back.
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('#w').dataset.errorCount === '1');
  await ctx.close();
});

test('host page CSS does not leak into the widget, and the widget adds no style to the page', async () => {
  const probe = '<p class="probe">A paragraph of the host page.</p><pre class="probe">host pre</pre><button class="probe">host button</button>';
  const body = `${probe}<send-lens id="w">${escapeHtml(RC_COUNTER)}</send-lens>`;
  const hostile = '<style>* { color: red !important; font-size: 40px !important; line-height: 3 !important; font-family: cursive !important; letter-spacing: 6px !important; text-transform: uppercase !important; text-align: right !important; white-space: normal !important; } send-lens { font-weight: 900; font-style: italic; visibility: visible; }</style>';
  const clean = await open(servedPage('clean.html', body, { head: '' }));
  const bad = await open(servedPage('hostile.html', body, { head: hostile }));
  const noWidget = await open(servedPage('hostile-no-widget.html', body, { head: hostile, script: '' }));
  await widgets(clean.page, 1);
  await widgets(bad.page, 1);
  const PROPS = ['color', 'font-size', 'line-height', 'font-family', 'letter-spacing', 'text-transform', 'text-align', 'white-space', 'font-weight', 'font-style'];
  const inside = (page) =>
    page.evaluate((props) => {
      const root = document.querySelector('send-lens').shadowRoot;
      const out = {};
      for (const sel of ['.sl', '.status', '.hl', 'textarea', '.gutter', '.msg', '.diag li', '.apply-fix', '.open']) {
        const cs = getComputedStyle(root.querySelector(sel));
        out[sel] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
      }
      return out;
    }, PROPS);
  const [cleanStyles, badStyles] = [await inside(clean.page), await inside(bad.page)];
  assert.deepEqual(badStyles, cleanStyles, 'the widget looks the same under hostile CSS');
  assert.notEqual(badStyles['.msg'].color, 'rgb(255, 0, 0)');
  assert.equal(badStyles['.sl']['font-size'], '14px');
  // Nothing leaks out: the page's own elements are styled exactly as without the widget, and
  // the widget's styles live in its shadow root only.
  const probes = (page) =>
    page.evaluate((props) => [...document.querySelectorAll('.probe')].map((e) => props.map((p) => getComputedStyle(e).getPropertyValue(p))), PROPS);
  assert.deepEqual(await probes(bad.page), await probes(noWidget.page));
  assert.deepEqual(
    await bad.page.evaluate(() => ({ sheets: document.styleSheets.length, adopted: document.adoptedStyleSheets.length })),
    { sheets: 1, adopted: 0 },
  );
  await bad.page.screenshot({ path: join(ARTIFACTS, 'embed-hostile-css.png'), fullPage: true });
  assert.deepEqual([...clean.problems, ...bad.problems], []);
  for (const p of [clean, bad, noWidget]) await p.ctx.close();
});

test('progressive enhancement: matching <pre><code> blocks are upgraded, others kept; without JavaScript the code shows', async () => {
  const body = `
    <pre id="a"><code data-send-lens data-edition="2024">${escapeHtml(RC_COUNTER)}</code></pre>
    <pre id="b"><code class="language-rust">${escapeHtml(BORROW)}</code></pre>
    <pre id="c"><code class="language-rust edition2021" data-send-lens data-readonly>${escapeHtml(CLEAN)}</code></pre>`;
  // Default selector: pre > code[data-send-lens].
  const url = servedPage('upgrade-default.html', body);
  const { page, ctx, problems } = await open(url);
  const found = await widgets(page, 2);
  assert.deepEqual(found.map((w) => [w.id, w.errors, w.code]), [['a', 1, RC_COUNTER], ['c', 0, CLEAN]]);
  assert.equal(await page.locator('send-lens#a').getAttribute('edition'), '2024');
  assert.equal(await page.locator('send-lens#c').getAttribute('edition'), '2021', 'mdBook edition class');
  assert.equal(await page.locator('send-lens#c').evaluate((w) => w.shadowRoot.querySelector('textarea').readOnly), true);
  assert.equal(await page.locator('pre#b > code.language-rust').count(), 1, 'a block the selector does not match stays');
  assert.deepEqual(problems, []);
  await ctx.close();
  // The author's selector on the script tag: every Rust block.
  const every = servedPage('upgrade-all.html', body, { script: '<script type="module" src="/dist/send-lens.js" data-upgrade="pre > code.language-rust"></script>' });
  const all = await open(every);
  assert.deepEqual((await widgets(all.page, 2)).map((w) => [w.id, w.errors]), [['b', 1], ['c', 0]]);
  assert.equal(await all.page.locator('pre#a').count(), 1);
  await all.ctx.close();
  // Without JavaScript: the plain blocks, and the elements' text, are what the reader gets.
  const off = await open(every, { javaScriptEnabled: false });
  assert.equal(await off.page.locator('pre > code').count(), 3);
  assert.equal(await off.page.locator('pre#b').textContent(), BORROW);
  await off.ctx.close();
  const demo = await open(`${site.url}/www/embed-demo.html`, { javaScriptEnabled: false });
  assert.match(await demo.page.locator('#rc-counter').innerText(), /let counter: Rc<RefCell<u32>> = Rc::new\(RefCell::new\(0\)\);/);
  assert.match(await demo.page.locator('#arc-mutex').innerText(), /let counter = Arc::new\(Mutex::new\(0\)\);/, 'the script form shows too');
  assert.match(await demo.page.locator('pre > code.language-rust').innerText(), /tokio::spawn\(async \{/);
  await demo.page.screenshot({ path: join(ARTIFACTS, 'embed-demo-no-js.png'), fullPage: true });
  await demo.ctx.close();
});

test('collapsed shows only the diagnostics until clicked; readonly shows fixes as a diff; themes', async () => {
  const body = `
    <send-lens id="collapsed" collapsed>${escapeHtml(RC_COUNTER)}</send-lens>
    <send-lens id="readonly" readonly height="120">${escapeHtml(BORROW)}</send-lens>
    <send-lens id="dark" theme="dark">${escapeHtml(CLEAN)}</send-lens>
    <send-lens id="light" theme="light">${escapeHtml(CLEAN)}</send-lens>
    <send-lens id="auto">${escapeHtml(CLEAN)}</send-lens>`;
  const { page, ctx, problems } = await open(servedPage('options.html', body), { colorScheme: 'dark' });
  await widgets(page, 5);
  const collapsed = page.locator('#collapsed');
  assert.equal(await collapsed.locator('.code').isVisible(), false, 'the code is hidden');
  assert.equal(await collapsed.locator('.diag').isVisible(), true, 'the diagnostics show');
  assert.equal(await collapsed.getAttribute('data-error-count'), '1');
  await collapsed.locator('.toggle').click();
  assert.equal(await collapsed.locator('.code').isVisible(), true, 'a click shows the code');
  assert.equal(await collapsed.getAttribute('collapsed'), null);
  assert.equal(await collapsed.locator('.toggle').isVisible(), false);

  const readonly = page.locator('#readonly');
  const textarea = readonly.locator('textarea');
  assert.equal(await textarea.evaluate((t) => t.readOnly), true);
  await textarea.click();
  await page.keyboard.type('xyz');
  assert.equal(await readonly.evaluate((w) => w.code), BORROW, 'typing does not change read-only code');
  assert.equal(await readonly.locator('.apply-fix').count(), 0);
  await readonly.locator('.show-fix').click();
  const diff = readonly.locator('.diff');
  await diff.waitFor({ timeout: 5000 });
  assert.match(await diff.textContent(), /\+\s+let handle = tokio::spawn\(async move \{/);
  assert.equal(await readonly.evaluate((w) => w.code), BORROW, 'showing a fix does not apply it');
  assert.equal(Math.round((await readonly.locator('.code').boundingBox()).height), 120, 'height="120" is 120px');

  const background = (id) => page.locator(`#${id}`).evaluate((w) => getComputedStyle(w.shadowRoot.querySelector('.sl')).backgroundColor);
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  assert.ok(luminance(await background('dark')) < 60, 'theme="dark" is dark');
  assert.ok(luminance(await background('light')) > 200, 'theme="light" is light under a dark system theme');
  assert.ok(luminance(await background('auto')) < 60, 'no theme follows the dark system theme');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.ok(luminance(await background('auto')) > 200, 'no theme follows the light system theme');
  assert.ok(luminance(await background('dark')) < 60);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, 'embed-options.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('"Open in sendlens" carries the exact code (non-ASCII too) and edition through a share link', async () => {
  const code = 'fn main() {\n    let s = "héllo wörld, 日本語, 🦀 <b>&amp;</b>";\n    println!("{s}");\n}\n';
  const body = `<send-lens id="w" edition="2024">${escapeHtml(code)}</send-lens><send-lens id="custom" page="https://example.org/lens/">${escapeHtml(BORROW)}</send-lens>`;
  const { page, ctx, problems } = await open(servedPage('share.html', body));
  await widgets(page, 2);
  const href = await page.locator('#w').locator('a.open').getAttribute('href');
  assert.ok(href.startsWith(`${site.url}/index.html#code=`), href);
  const decoded = await page.evaluate(async (h) => {
    const { decodeShare } = await import('/www/src/share.js');
    return decodeShare(new URL(h).hash);
  }, href);
  assert.deepEqual(decoded, { code, edition: '2024' });
  assert.equal(await page.locator('#w').evaluate((w) => w.code), code);
  assert.ok((await page.locator('#custom').locator('a.open').getAttribute('href')).startsWith('https://example.org/lens/#code='));
  // After an edit the link carries the new code (the widget is "ready" once its link is).
  const textarea = page.locator('#w').locator('textarea');
  await textarea.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('// ünïcode edit\n');
  await page.waitForFunction(() => document.querySelector('#w').code.endsWith('edit\n'));
  await widgets(page, 2);
  const edited = await page.locator('#w').evaluate((w) => w.code);
  const link = await page.locator('#w').locator('a.open').getAttribute('href');
  assert.deepEqual(
    await page.evaluate(async (h) => (await import('/www/src/share.js')).decodeShare(new URL(h).hash), link),
    { code: edited, edition: '2024' },
  );
  // Followed, the link opens the full page with that code and edition in its editor.
  const [full] = await Promise.all([page.waitForEvent('popup'), page.locator('#w').locator('a.open').click()]);
  await full.waitForFunction((c) => window.sendlens?.view?.state.doc.toString() === c, edited, { timeout: 30_000 });
  assert.equal(await full.locator('#edition').inputValue(), '2024');
  await full.screenshot({ path: join(ARTIFACTS, 'embed-opened-in-page.png') });
  await full.close();
  // data-page on the script tag sets the default page.
  const custom = await open(servedPage('share-page.html', `<send-lens>${escapeHtml(CLEAN)}</send-lens>`, {
    script: '<script type="module" src="/dist/send-lens.js" data-page="/docs/sendlens.html"></script>',
  }));
  await widgets(custom.page, 1);
  assert.ok((await custom.page.locator('send-lens a.open').getAttribute('href')).startsWith(`${site.url}/docs/sendlens.html#code=`));
  assert.deepEqual([...problems, ...custom.problems], []);
  await custom.ctx.close();
  await ctx.close();
});

test('untrusted code only reaches the DOM as text', async () => {
  const code = 'fn main() { let x = "<img src=x onerror=\\"window.__pwned=1\\">"; }\n/* <script>window.__pwned=2</script> */\n';
  const { page, ctx } = await open(servedPage('xss.html', `<send-lens id="w">${escapeHtml(code)}</send-lens>`));
  await widgets(page, 1);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#w').evaluate((w) => w.shadowRoot.querySelectorAll('img, script').length), 0);
  assert.equal(await page.locator('#w').evaluate((w) => w.code), code);
  await ctx.close();
});

test('the inline build works from file://, with no server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'send-lens-file-'));
  try {
    copyFileSync(join(ROOT, 'dist/send-lens.inline.js'), join(dir, 'send-lens.inline.js'));
    // In <head> on purpose: a classic script runs before the body is parsed.
    writeFileSync(
      join(dir, 'article.html'),
      `<!doctype html><html><head><meta charset="utf-8"><title>offline</title>
      <script src="send-lens.inline.js" data-upgrade="pre > code.language-rust"></script></head><body>
      <h1>From a USB stick</h1>
      <send-lens id="element">${escapeHtml(RC_COUNTER)}</send-lens>
      <pre><code class="language-rust">${escapeHtml(BORROW)}</code></pre>
      </body></html>`,
    );
    const url = pathToFileURL(join(dir, 'article.html')).href;
    const { page, ctx, problems, requests } = await open(url);
    const found = await widgets(page, 2);
    assert.deepEqual(found.map((w) => [w.state, w.errors, w.rules]), [['ready', 1, ['non-send-capture']], ['ready', 1, ['task-borrows-local']]]);
    assert.equal(found[0].code, RC_COUNTER);
    assert.equal(page.workers().length, 1);
    assert.ok(page.workers()[0].url().startsWith('blob:'), 'the worker runs from a blob: URL');
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('blob:') && !u.startsWith('data:')), [], 'no network');
    // The fix works offline too.
    await page.locator('#element').locator('.apply-fix').first().click();
    await page.waitForFunction(() => document.querySelector('#element').dataset.errorCount === '0');
    await page.screenshot({ path: join(ARTIFACTS, 'embed-file-url.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await ctx.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// Firefox (Debian's firefox-esr through geckodriver's WebDriver API, as in firefox.test.mjs):
// the demo's widgets and a fix, and the inline build from file://. Skipped without Firefox.

test('Firefox: the demo\'s widgets, a fix, and the inline build from file://', { skip: NO_FIREFOX }, async () => {
  const firefox = await startFirefox({ width: 1100, height: 900 });
  const { exec } = firefox;
  const dir = mkdtempSync(join(tmpdir(), 'send-lens-ff-'));
  try {
    const counts = (n) =>
      firefox.waitFor(`const all = [...document.querySelectorAll('send-lens')];
        return all.length === ${n} && all.every((w) => w.dataset.state && w.getAttribute('aria-busy') !== 'true')
          ? all.map((w) => [w.dataset.state, w.dataset.errorCount, [...w.shadowRoot.querySelectorAll('.diag')].map((d) => d.dataset.rule).join()]) : null;`);
    await firefox.goto(`${site.url}/www/embed-demo.html`);
    assert.deepEqual(await counts(3), [['ready', '1', 'non-send-capture'], ['ready', '0', ''], ['ready', '1', 'task-borrows-local']]);
    assert.equal(await exec(`return document.querySelector('#rc-counter').shadowRoot.querySelector('.u-error').textContent`), 'task_counter');
    await exec(`document.querySelector('#rc-counter').shadowRoot.querySelector('.apply-fix').click()`);
    await firefox.waitFor(`return document.querySelector('#rc-counter').dataset.errorCount === '0'`);
    assert.match(await exec(`return document.querySelector('#rc-counter').code`), /Arc::new\(Mutex::new\(0\)\)/);
    writeFileSync(join(ARTIFACTS, 'embed-demo-firefox.png'), await firefox.screenshot());

    copyFileSync(join(ROOT, 'dist/send-lens.inline.js'), join(dir, 'send-lens.inline.js'));
    writeFileSync(join(dir, 'a.html'), `<!doctype html><meta charset="utf-8"><script src="send-lens.inline.js"></script><send-lens>${escapeHtml(BORROW)}</send-lens>`);
    await firefox.goto(pathToFileURL(join(dir, 'a.html')).href);
    assert.deepEqual(await counts(1), [['ready', '1', 'task-borrows-local']]);
  } finally {
    await firefox.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the widget\'s Rust colouring: token kinds, and linear on pathological text', async () => {
  const { tokenize } = await import('../../www/src/embed/highlight.js');
  const text = `#[derive(Debug)]\nfn f<'a>(x: &'a str) -> char { /* a /* nested */ comment */ let c = '\\n'; let r = r#"raw "q" "#; println!("{x}"); 'x' }\n`;
  const kinds = (t) => tokenize(t).map(([a, b, k]) => [t.slice(a, b), k]);
  const got = kinds(text);
  const kindOf = (piece) => got.find(([p]) => p === piece)?.[1];
  assert.equal(kindOf('#[derive(Debug)]'), 'meta');
  assert.equal(kindOf('fn'), 'keyword');
  assert.equal(kindOf('f'), 'function');
  assert.equal(kindOf("'a"), 'lifetime');
  assert.equal(kindOf("'\\n'"), 'string');
  assert.equal(kindOf("'x'"), 'string');
  assert.equal(kindOf('/* a /* nested */ comment */'), 'comment');
  assert.equal(kindOf('r#"raw "q" "#'), 'string');
  assert.equal(kindOf('println!'), 'macro');
  assert.equal(kindOf('str'), '');
  // Tokens are ordered, inside the text, and never overlap.
  let end = 0;
  for (const [a, b] of tokenize(text)) {
    assert.ok(a >= end && b > a && b <= text.length);
    end = b;
  }
  // Unclosed constructs run to the end of the text as one token, so the lexer stays linear
  // (rescanning the rest of the text at each unclosed `r#"` took seconds at this size).
  for (const bad of ['r#"'.repeat(40_000), '/*'.repeat(50_000)]) assert.deepEqual(tokenize(bad), [[0, bad.length, bad.startsWith('r') ? 'string' : 'comment']]);
  for (const bad of ['"'.repeat(100_001), '#['.repeat(50_000), "'a".repeat(50_000)]) assert.equal(tokenize(bad).at(-1)[1], bad.length);
});
