// End-to-end: the page keeps working offline after its first visit (the service worker that
// `cargo xtask build` writes to the root as sw.js), and a new build replaces the cached files.
// Each test serves its own copy of the built page from a temporary folder, so it can stop the
// server (the network is gone for real) or change files as a new build would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useChromium, serveFolder, settled, ROOT, ARTIFACTS } from './helpers.mjs';

const skip = existsSync(join(ROOT, 'sw.js')) ? false : 'sw.js is missing: run `cargo xtask build` first';
// Chromium only: each test serves its own copy of the site.
const chrome = useChromium({ serve: false, skip });

/** A copy of the built page (what a static host would hold). */
function copySite() {
  const dir = mkdtempSync(join(tmpdir(), 'sendlens-offline-'));
  for (const p of ['index.html', 'sw.js', 'www/style.css', 'www/dist', 'www/pkg']) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  return dir;
}

/** A static server for `dir` (sending no policy, as many hosts) that counts requests and can be stopped for good. */
const serve = (dir) => serveFolder(dir, { csp: false });

const swVersion = (dir) => readFileSync(join(dir, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]+[^"]*)";/)[1];
const swAssets = (dir) => JSON.parse(readFileSync(join(dir, 'sw.js'), 'utf8').match(/const ASSETS = (\[.*\]);/)[1]);

/** Waits until the page is controlled by the service worker and `cache` is the only cache, with every asset. */
async function waitForCache(page, cache, count, timeout = 30_000) {
  const t0 = Date.now();
  let seen;
  for (;;) {
    // (A polling loop here, not waitForFunction: its predicate would have to be async.)
    seen = await page.evaluate(async (name) => {
      const names = await caches.keys();
      const entries = names.includes(name) ? (await (await caches.open(name)).keys()).length : 0;
      return { names, entries, controlled: !!navigator.serviceWorker.controller };
    }, cache);
    if (seen.controlled && seen.names.length === 1 && seen.names[0] === cache && seen.entries === count) return;
    if (Date.now() - t0 > timeout) assert.fail(`cache ${cache} with ${count} files not ready: ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('after a first visit the page loads and analyzes with the network gone', { skip }, async () => {
  const dir = copySite();
  const site = await serve(dir);
  const ctx = await chrome.browser.newContext({ viewport: { width: 1400, height: 950 } });
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${site.url}/index.html`);
  const online = await settled(page);
  const assets = swAssets(dir);
  assert.ok(assets.includes('index.html') && assets.includes('www/pkg/sendlens_bg.wasm') && assets.includes('www/dist/app.js'), assets.join());
  await waitForCache(page, `sendlens-${swVersion(dir)}`, assets.length);

  // The network goes: the server stops and the browser is told it is offline.
  await site.stop();
  await ctx.setOffline(true);
  const served = site.requests.length;
  const response = await page.reload();
  assert.ok(response.fromServiceWorker(), 'index.html came from the service worker');
  const offline = await settled(page);
  assert.deepEqual({ ...offline, ms: 0 }, { ...online, ms: 0 }, 'the default example\'s diagnostics, as online');
  assert.ok(offline.errors >= 1);
  assert.equal(await page.locator('.cm-lintRange-error').first().textContent(), 'counter');
  // A query string (the page's settings) and a share link work offline too.
  const other = await ctx.newPage();
  await other.goto(`${site.url}/index.html?analysisTimeout=5000#code=S8tTyE3MzNPQVKhWKCjKzCvJyVPUUMo4vDInJ1_hw_xlDUqa1gq1AA&edition=2024`);
  await settled(other);
  assert.equal(await other.evaluate(() => window.sendlens.view.state.doc.toString()), 'fn main() { println!("héllo 🦀"); }');
  await page.screenshot({ path: join(ARTIFACTS, 'offline.png') });
  assert.equal(site.requests.length, served, 'nothing reached the (stopped) server');
  assert.deepEqual(problems, []);
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a new build (new sw.js version) replaces the cached files and deletes the old cache', { skip }, async () => {
  const dir = copySite();
  const site = await serve(dir);
  const ctx = await chrome.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${site.url}/index.html`);
  await settled(page);
  const v1 = swVersion(dir);
  const count = swAssets(dir).length;
  await waitForCache(page, `sendlens-${v1}`, count);
  const marker = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sendlens-build').trim());
  assert.equal(await marker(), '');

  // What a rebuild does after a stylesheet change: new file contents, and a new version in sw.js
  // (xtask's offline::tests check that any asset change gives a new version).
  appendFileSync(join(dir, 'www/style.css'), '\n:root { --sendlens-build: "2"; }\n');
  const v2 = `${v1}0`;
  writeFileSync(join(dir, 'sw.js'), readFileSync(join(dir, 'sw.js'), 'utf8').replace(`const VERSION = "${v1}";`, `const VERSION = "${v2}";`));
  assert.equal(swVersion(dir), v2);

  // The next visit finds the new sw.js, which caches the new files and deletes the old cache.
  await page.reload();
  await settled(page);
  await waitForCache(page, `sendlens-${v2}`, count);
  // This load came from the old cache; the page says a reload shows the new version.
  await page.locator('#banner').waitFor({ state: 'visible' });
  assert.match(await page.locator('#banner-text').textContent(), /new version of sendlens is ready: reload/);
  const cachedCss = await page.evaluate(async (cache) => {
    const c = await caches.open(cache);
    const hit = await c.match(new URL('www/style.css', location.href).href);
    return hit ? hit.text() : `missing; cached: ${(await c.keys()).map((r) => r.url).join(' ')}`;
  }, `sendlens-${v2}`);
  assert.match(cachedCss, /--sendlens-build: "2"/, 'the new stylesheet is cached');
  // And it is what the page uses, even with the network gone.
  await site.stop();
  await ctx.setOffline(true);
  await page.reload();
  await settled(page);
  assert.equal(await marker(), '"2"');
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});
