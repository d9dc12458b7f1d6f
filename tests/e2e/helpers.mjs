// Shared by the end-to-end tests and the benchmark: a static server (when `cargo xtask test`
// did not pass one in SENDLENS_URL) and Debian's Chromium driven by playwright-core. Nothing
// here downloads a browser.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const ARTIFACTS = join(ROOT, 'test-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** Serves the repository root on 127.0.0.1 (a fallback when SENDLENS_URL is not set). */
export async function startServer() {
  if (process.env.SENDLENS_URL) return { url: process.env.SENDLENS_URL.replace(/\/$/, ''), close: async () => {} };
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(ROOT, path));
      if (!file.startsWith(ROOT + sep) && file !== ROOT) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'",
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
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
