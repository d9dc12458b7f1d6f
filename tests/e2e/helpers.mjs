// Shared by the end-to-end tests and the benchmark: a static server (when `cargo xtask test` did
// not pass one in SENDLENS_URL), Debian's Chromium driven by playwright-core, pages opened with
// what goes wrong on them collected, and headless Firefox through geckodriver's WebDriver API.
// Nothing here downloads a browser.
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const ARTIFACTS = join(ROOT, 'test-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** The policy xtask's server sends (xtask/src/serve.rs `CSP`). */
export const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * Serves folder `dir` on 127.0.0.1 (with the page's Content-Security-Policy unless `csp` is
 * false). `requests` lists every path asked for; `stop()` also cuts the open connections, as a
 * server that goes away for good does.
 */
export async function serveFolder(dir, { csp = true } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(dir, path));
      if (!file.startsWith(dir + sep) && file !== dir) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...(csp ? { 'Content-Security-Policy': CSP } : {}) });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const close = () => new Promise((r) => server.close(r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close,
    stop: () => {
      server.closeAllConnections();
      return close();
    },
  };
}

/** The repository root, served: the server `cargo xtask test` passes in SENDLENS_URL, else one of ours. */
export async function startServer() {
  if (process.env.SENDLENS_URL) return { url: process.env.SENDLENS_URL.replace(/\/$/, ''), close: async () => {} };
  return serveFolder(ROOT);
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * The set-up of a test file: before its tests, the served repository (unless `serve` is false)
 * and Chromium; after them, both closed. The returned object's `url` (the server's) and
 * `browser` are set once the tests run. `skip`: start nothing (the file's tests are skipped).
 */
export function useChromium({ serve = true, skip = false } = {}) {
  const session = { url: null, browser: null };
  let server = null;
  before(async () => {
    if (skip) return;
    if (serve) {
      server = await startServer();
      session.url = server.url;
    }
    session.browser = await launch();
  });
  after(async () => {
    await session.browser?.close();
    await server?.close();
  });
  return session;
}

/**
 * Opens `url` in a new page of `context` (else of a new context made with `contextOptions`), with
 * `init` scripts run before the page's own, and collects what goes wrong on it in `problems`:
 * uncaught errors, console errors (and warnings too with `warnings`), and any console message
 * about the Content-Security-Policy (violations in a worker are not events the page sees;
 * Chromium logs them). `requests`: the URL of every request the page makes.
 */
export async function openPage(browser, url, { context, contextOptions = {}, init = [], warnings = false } = {}) {
  const ctx = context ?? (await browser.newContext(contextOptions));
  const page = await ctx.newPage();
  for (const script of [init].flat()) await page.addInitScript(script);
  const problems = [];
  const requests = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || (warnings && m.type() === 'warning') || /Content Security Policy/i.test(m.text())) {
      problems.push(`console ${m.type()}: ${m.text()}`);
    }
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { page, ctx, problems, requests };
}

/** Waits until the diagnostics panel shows the result of the latest analysis. */
export async function settled(page, timeout = 30_000) {
  await page.waitForFunction(() => {
    const p = document.querySelector('#diagnostics');
    return p && p.hasAttribute('data-error-count') && p.getAttribute('aria-busy') !== 'true';
  }, null, { timeout });
  return page.evaluate(() => {
    const p = document.querySelector('#diagnostics');
    return { errors: Number(p.dataset.errorCount), warnings: Number(p.dataset.warningCount), ms: Number(p.dataset.analysisMs) };
  });
}

/** Replaces the editor's text as typing would (through the editor, so the page re-analyzes). */
export async function setText(page, text) {
  await page.evaluate((t) => {
    const view = window.sendlens.view;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t }, userEvent: 'input.paste' });
  }, text);
}

// ---------------------------------------------------------------------------------------------
// Firefox: Debian's firefox-esr through geckodriver's W3C WebDriver HTTP API, with node's fetch.

const GECKODRIVER = [process.env.GECKODRIVER, join(homedir(), '.cargo/bin/geckodriver'), '/usr/bin/geckodriver', '/usr/local/bin/geckodriver'].find(
  (p) => p && existsSync(p),
);
const FIREFOX = ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p));
/** The `skip` option of a Firefox test: false, or why it cannot run (`cargo xtask test` installs both where it can). */
export const NO_FIREFOX = !GECKODRIVER || !FIREFOX || process.env.SENDLENS_NO_FIREFOX ? 'Firefox or geckodriver is not installed' : false;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  const s = createNetServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * Starts geckodriver and a headless Firefox session with a `width` x `height` window. Returns
 * `wd(method, path, body)` (a WebDriver command, path relative to the session), `exec(script,
 * ...args)` (a script run in the page: its `return` value), `waitFor(script)` (polls `exec` until
 * the value is truthy, and returns it), `goto(url)`, `screenshot()` (PNG bytes) and `close()`.
 */
export async function startFirefox({ width = 1400, height = 950 } = {}) {
  const port = await freePort();
  const driver = spawn(GECKODRIVER, ['--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const command = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value).slice(0, 400)}`);
    return json.value;
  };
  let session = null;
  try {
    for (let i = 0; ; i++) {
      try {
        await command('GET', '/status');
        break;
      } catch (e) {
        if (i > 100) throw e;
        await sleep(100);
      }
    }
    const created = await command('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          'moz:firefoxOptions': {
            binary: FIREFOX,
            args: ['-headless'],
            prefs: { 'network.proxy.type': 0, 'app.update.enabled': false, 'browser.shell.checkDefaultBrowser': false },
          },
        },
      },
    });
    session = created.sessionId;
    await command('POST', `/session/${session}/window/rect`, { width, height });
  } catch (e) {
    driver.kill();
    throw e;
  }
  const wd = (method, path, body) => command(method, `/session/${session}${path}`, body);
  const exec = (script, ...args) => wd('POST', '/execute/sync', { script, args });
  return {
    wd,
    exec,
    async waitFor(script, timeoutMs = 30_000) {
      const t0 = Date.now();
      for (;;) {
        const v = await exec(script);
        if (v) return v;
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for: ${script}`);
        await sleep(100);
      }
    },
    goto: (url) => wd('POST', '/url', { url }),
    screenshot: async () => Buffer.from(await wd('GET', '/screenshot'), 'base64'),
    async close() {
      await command('DELETE', `/session/${session}`).catch(() => {});
      driver.kill();
    },
  };
}
