// End-to-end: share links. The Share button puts the code and edition into the URL fragment and
// copies the link; opening a link shows exactly that code; a damaged, cut-short, oversized or
// "zip bomb" link shows a message and the default example, never a blank page. The decoder is
// also called directly in the browser with inputs too long to navigate to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { useChromium, openPage, settled, setText, ARTIFACTS } from './helpers.mjs';

const site = useChromium();

/** The page at `hash`, its console errors collected; `init` runs before the page's scripts. */
const open = (hash = '', { context, init } = {}) =>
  openPage(site.browser, `${site.url}/index.html${hash}`, { context, init: init ?? [], contextOptions: { viewport: { width: 1400, height: 950 } } });

const editorText = (page) => page.evaluate(() => window.sendlens.view.state.doc.toString());
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const link = (bytes, edition) => `#code=${b64url(bytes)}${edition ? `&edition=${edition}` : ''}`;

// Non-ASCII of every width UTF-16 and UTF-8 have: accents, CJK, an astral emoji, right-to-left
// text, a zero-width joiner, a tab, and characters URLs treat specially.
const UNICODE_CODE = `use std::rc::Rc;

// Grüße, 日本語, 🦀 crab, עברית, a\u200Db, #fragment&edition=2015 %41 + ?q
#[tokio::main]
async fn main() {
    let name = Rc::new(String::from("héllo 🦀 ✓"));
    tokio::spawn(async move {
\tprintln!("{name} — «ok»");
    });
}
`;

test('Share puts the code in the link and copies it; the link reproduces the code and edition exactly', async () => {
  const ctx = await site.browser.newContext({ viewport: { width: 1400, height: 950 } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
  const { page, problems } = await open('', { context: ctx });
  await settled(page);
  await setText(page, UNICODE_CODE);
  await page.locator('#edition').selectOption('2024');
  const sender = await settled(page);
  assert.ok(sender.errors >= 1, 'the shared code has a diagnostic (Rc moved into a task)');
  const urlBefore = page.url();
  const historyBefore = await page.evaluate(() => {
    window.sameDocument = true; // gone if the page reloaded
    return history.length;
  });
  // Keyboard: focus the button and press Enter, as a keyboard user would.
  await page.locator('#share').focus();
  await page.keyboard.press('Enter');
  await page.locator('#share-status').filter({ hasText: 'copied' }).waitFor({ timeout: 10_000 });
  const href = page.url();
  assert.match(href, /\/index\.html#code=[A-Za-z0-9_-]+&edition=2024$/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), href, 'the clipboard holds the link');
  assert.equal(await page.evaluate(() => history.length), historyBefore, 'no new history entry, no reload');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no reload');
  assert.notEqual(href, urlBefore);
  assert.equal(await editorText(page), UNICODE_CODE, 'sharing leaves the text alone');

  // The receiver: a fresh context, as someone else opening the link.
  const other = await open(href.slice(href.indexOf('#')));
  const receiver = await settled(other.page);
  assert.equal(await editorText(other.page), UNICODE_CODE, 'the exact code, byte for byte');
  assert.equal(await other.page.locator('#edition').inputValue(), '2024');
  assert.equal(await other.page.locator('#example').inputValue(), 'shared', 'the menu says where the code came from');
  assert.deepEqual(receiver, { ...sender, ms: receiver.ms }, 'the same diagnostics as the sender saw');
  assert.equal(await other.page.locator('#banner').isVisible(), false);
  // The editor shows the non-ASCII text as typed.
  assert.ok((await other.page.locator('.cm-content').textContent()).includes('Grüße, 日本語, 🦀 crab, עברית'));
  await other.page.screenshot({ path: join(ARTIFACTS, 'share-link-opened.png') });
  assert.deepEqual([...problems, ...other.problems], []);
  await other.ctx.close();
  await ctx.close();
});

test('when the clipboard is denied the link is shown, selected, for copying by hand', async () => {
  // Deterministic denial: the browser's own rules differ between headless and headed runs.
  const deny = () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
    });
  };
  const { page, ctx, problems } = await open('', { init: deny });
  await settled(page);
  await page.locator('#share').click();
  const input = page.locator('#share-link');
  await input.waitFor({ state: 'visible' });
  const href = page.url();
  assert.match(href, /#code=/);
  assert.equal(await input.inputValue(), href);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'share-link', 'focused, so Ctrl+C copies it');
  const selected = await page.evaluate(() => {
    const i = document.activeElement;
    return i.value.slice(i.selectionStart, i.selectionEnd);
  });
  assert.equal(selected, href);
  assert.match(await page.locator('#share-status').textContent(), /address bar/);
  await page.screenshot({ path: join(ARTIFACTS, 'share-clipboard-denied.png') });
  assert.deepEqual(problems, []);
  await ctx.close();
});

const DEFAULT_MARK = /Rc::new\(RefCell::new\(0\)\)/;

// Each bad link, and what the message must say.
const BAD_LINKS = [
  ['characters a link never has', '#code=@@@@', /cannot be opened: .*characters/],
  ['no code', '#code=&edition=2021', /carries no code/],
  ['an unknown edition', `${link(deflateRawSync('fn main() {}'))}`.replace(/$/, '&edition=1999'), /edition "1999"/],
  ['cut short', (() => {
    const full = link(deflateRawSync(UNICODE_CODE.repeat(5)));
    return full.slice(0, Math.floor(full.length / 2));
  })(), /cut short/],
  ['garbled', `#code=${'QUJD'.repeat(50)}`, /damaged|cut short/],
  ['not UTF-8', link(deflateRawSync(Buffer.from([0x66, 0x6e, 0xff, 0xfe, 0x80]))), /not UTF-8/],
  // 64 MB of spaces deflate to about 64 KB: a small link that would unpack to far more than the
  // analyzer's 8 MB limit.
  ['a zip bomb', link(deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 })), /more than 8 MB/],
];

test('a damaged, cut-short or zip-bomb link shows a message and the default example', async () => {
  const ctx = await site.browser.newContext({ viewport: { width: 1400, height: 950 } });
  for (const [what, fragment, message] of BAD_LINKS) {
    const { page, problems } = await open(fragment, { context: ctx });
    const counts = await settled(page);
    await page.locator('#banner').waitFor({ state: 'visible' });
    const banner = await page.locator('#banner-text').textContent();
    assert.match(banner, /This share link cannot be opened/, what);
    assert.match(banner, message, `${what}: ${banner}`);
    assert.match(banner, /default example/, what);
    assert.match(await editorText(page), DEFAULT_MARK, `${what}: the default example is shown`);
    assert.ok(counts.errors >= 1, `${what}: with its diagnostics`);
    assert.equal(await page.locator('#edition').inputValue(), '2021');
    if (what === 'cut short') await page.screenshot({ path: join(ARTIFACTS, 'share-link-broken.png') });
    assert.deepEqual(problems, [], what);
    await page.close();
  }
  await ctx.close();
});

test('a link followed in an open page loads (hashchange); #rules stays an anchor; Back keeps the edits', async () => {
  const { page, ctx, problems } = await open('#rules');
  await settled(page);
  assert.match(await editorText(page), DEFAULT_MARK, '#rules is not a share link');
  assert.equal(await page.locator('#banner').isVisible(), false);

  const code = 'fn main() {\n    let v = vec![1, 2, 3];\n}\n';
  await page.evaluate((h) => (location.hash = h), link(deflateRawSync(code), '2021'));
  await page.waitForFunction((c) => window.sendlens.view.state.doc.toString() === c, code);
  assert.equal((await settled(page)).errors, 0);

  // Edit, follow an anchor, come back: the edit stays (the link is not opened again).
  await setText(page, `${code}// edited\n`);
  await settled(page);
  await page.locator('.toolbar a[href="#rules"]').click();
  await page.waitForFunction(() => location.hash === '#rules');
  assert.ok(await page.evaluate(() => document.querySelector('#rules').getBoundingClientRect().top < 50), 'the anchor scrolled to the rules');
  await page.goBack();
  await page.waitForFunction(() => location.hash.startsWith('#code='));
  await page.waitForTimeout(300);
  assert.equal(await editorText(page), `${code}// edited\n`);

  // A bad link followed in an open page: message, and the default example.
  await page.evaluate(() => (location.hash = '#code=AAAA'));
  await page.locator('#banner').waitFor({ state: 'visible' });
  await page.waitForFunction(() => window.sendlens.view.state.doc.toString().includes('RefCell::new(0)'));
  await settled(page);
  // And a good one afterwards clears that message.
  await page.evaluate((h) => (location.hash = h), link(deflateRawSync(code), '2024'));
  await page.waitForFunction((c) => window.sendlens.view.state.doc.toString() === c, code);
  assert.equal(await page.locator('#banner').isVisible(), false);
  assert.equal(await page.locator('#edition').inputValue(), '2024');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the decoder, called directly, refuses 10 MB, garbage and zip bombs quickly', async () => {
  const { page, ctx } = await open();
  await settled(page);
  const bomb = link(deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 }));
  const results = await page.evaluate(async (bombLink) => {
    const { decodeShare, ShareError } = await import('/www/src/share.js');
    const cases = {
      '10 MB of base64 characters': `#code=${'A'.repeat(10 * 1024 * 1024)}`,
      '10 MB of other characters': '\u00e9'.repeat(10 * 1024 * 1024),
      '1.9 MB of garbage base64': `#code=${'Zm9v'.repeat(475_000)}`,
      'a zip bomb (64 MB of spaces)': bombLink,
      'a cut-short link': bombLink.slice(0, 2000),
    };
    const out = {};
    for (const [name, input] of Object.entries(cases)) {
      const t0 = performance.now();
      try {
        await decodeShare(input);
        out[name] = { ok: true };
      } catch (err) {
        out[name] = { ok: false, shareError: err instanceof ShareError, message: err.message, ms: performance.now() - t0 };
      }
    }
    return out;
  }, bomb);
  for (const [name, r] of Object.entries(results)) {
    console.log(`decodeShare(${name}): refused in ${r.ms?.toFixed(1)} ms: ${r.message}`);
    assert.equal(r.ok, false, `${name} is refused`);
    assert.ok(r.shareError, `${name}: a ShareError (${r.message})`);
    assert.ok(r.message.length > 10);
  }
  // 10 MB is refused before any work: its length alone rules it out.
  assert.match(results['10 MB of base64 characters'].message, /too long/);
  assert.ok(results['10 MB of base64 characters'].ms < 1000, `10 MB refused in ${results['10 MB of base64 characters'].ms} ms`);
  assert.match(results['a zip bomb (64 MB of spaces)'].message, /more than 8 MB/);
  await ctx.close();
});
