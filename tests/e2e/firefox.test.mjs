// A smoke test of the page in headless Firefox (Debian's firefox-esr), through geckodriver's
// W3C WebDriver HTTP API with node's fetch: the page loads, the default example shows its
// diagnostics, typing is analyzed, the theme switches, share links round-trip. Skipped when
// Firefox or geckodriver is missing (`cargo xtask test` installs them where it can and passes
// GECKODRIVER).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, startFirefox, NO_FIREFOX as skip, ARTIFACTS } from './helpers.mjs';

let server;
let firefox;
const exec = (...args) => firefox.exec(...args);
const waitFor = (...args) => firefox.waitFor(...args);
const SETTLED = `const p = document.querySelector('#diagnostics');
  return p && p.hasAttribute('data-error-count') && p.getAttribute('aria-busy') !== 'true'
    ? { errors: Number(p.dataset.errorCount), warnings: Number(p.dataset.warningCount) } : null;`;

before(async () => {
  if (skip) return;
  server = await startServer();
  firefox = await startFirefox({ width: 1400, height: 950 });
});

after(async () => {
  await firefox?.close();
  await server?.close();
});

test('Firefox: the page shows the first example\'s diagnostics and analyzes edits', { skip }, async () => {
  await firefox.goto(`${server.url}/index.html`);
  const first = await waitFor(SETTLED);
  assert.ok(first.errors >= 1, `the first example shows an error (${JSON.stringify(first)})`);
  assert.equal(await exec(`return document.querySelector('.cm-lintRange-error')?.textContent`), 'counter');
  assert.ok(await exec(`return document.querySelectorAll('#diagnostics .apply-fix').length`) >= 1);

  // Edit through the editor: a syntax error is flagged, then the clean text is clean.
  await exec(`const v = window.sendlens.view; v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: 'fn main() { let = ; }\\n' } });`);
  const broken = await waitFor(SETTLED);
  assert.ok(broken.errors >= 1);
  await exec(`const v = window.sendlens.view; v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: 'fn main() {}\\n' } });`);
  assert.equal((await waitFor(SETTLED)).errors, 0);

  // Theme switch.
  await exec(`const s = document.querySelector('#theme'); s.value = 'dark'; s.dispatchEvent(new Event('change'));`);
  assert.equal(await exec(`return document.documentElement.dataset.theme`), 'dark');
  await exec(`const s = document.querySelector('#example'); s.value = 'classic:arc-mutex'; s.dispatchEvent(new Event('change'));`);
  assert.ok((await waitFor(SETTLED)).errors >= 1);
  writeFileSync(join(ARTIFACTS, 'page-firefox.png'), await firefox.screenshot());
});

test('Firefox: a share link round-trips non-ASCII code and edition; a broken one shows the message', { skip }, async () => {
  const code = 'use std::rc::Rc;\n// Grüße 日本語 🦀 עברית\nfn main() {\n    let s = Rc::new("«ok» ✓");\n}\n';
  // Made by the page's own encoder (CompressionStream 'deflate-raw', which Firefox has too).
  await firefox.goto(`${server.url}/index.html`);
  await waitFor(SETTLED);
  const fragment = await firefox.wd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      import('/www/src/share.js').then((m) => m.encodeShare({ code: arguments[0], edition: '2024' })).then(done, (e) => done('error: ' + e.message));`,
    args: [code],
  });
  assert.match(fragment, /^#code=[A-Za-z0-9_-]+&edition=2024$/);
  // (A query string that differs each time makes these real navigations, not hash changes.)
  await firefox.goto(`${server.url}/index.html?firefox=1${fragment}`);
  await waitFor(`return window.sendlens && window.sendlens.view.state.doc.toString() === ${JSON.stringify(code)}`);
  await waitFor(SETTLED);
  assert.equal(await exec(`return document.querySelector('#edition').value`), '2024');
  assert.equal(await exec(`return document.querySelector('#banner').hidden`), true);

  await firefox.goto(`${server.url}/index.html?firefox=2#code=${fragment.slice(6, 20)}`);
  await waitFor(`return !document.querySelector('#banner').hidden`);
  assert.match(await exec(`return document.querySelector('#banner-text').textContent`), /This share link cannot be opened: .*default example/);
  assert.ok((await waitFor(SETTLED)).errors >= 1, 'the default example, with its diagnostics');
});
