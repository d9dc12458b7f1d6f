// <send-lens>: an editable (or read-only) Rust snippet analyzed by sendlens, for articles and docs.
// Shared by both builds (send-lens.js, a module; send-lens.inline.js, a classic script): the entry
// says where the worker and the wasm come from and which <script> tag loaded it.
//
// The editor is a transparent <textarea> over a <pre> that shows the colours and underlines (the
// usual overlay technique): native editing, selection, undo, accessibility and mobile keyboards
// for a few KB, where CodeMirror would cost more than the budget of issue 6 (see highlight.js).
// Untrusted code and messages only ever reach the DOM as text (no innerHTML anywhere).

import { createAnalyzer } from '../analyzer.js';
import { el, rich, plural } from '../dom.js';
import { tokenize } from './highlight.js';
import { STYLES } from './style.js';
import { lineDiff, minimalChange } from '../diff.js';
import { encodeShare } from '../share.js';

const TAG = 'send-lens';
const DEFAULT_UPGRADE = 'pre > code[data-send-lens]';
const EDITIONS = ['2021', '2024'];
const DEBOUNCE_MS = 250;
// Past this size the code is shown uncoloured: colouring is per keystroke on the main thread.
const MAX_HIGHLIGHT_CHARS = 100_000;
const MAX_MARKS = 500;

let settings = null; // {analyzer, defaultPage}: analyzer() is the page's one client (analyzer.js)
let sheet = null;

/** Strips the blank first/last lines and the indentation every line shares (HTML source is indented). */
export function dedent(text) {
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.match(/^[ \t]*/)[0]);
  let common = indents[0] ?? '';
  for (const i of indents) while (!i.startsWith(common)) common = common.slice(0, -1);
  return lines.map((l) => l.slice(Math.min(common.length, l.length))).join('\n') + (lines.length ? '\n' : '');
}

function codeFromLightDom(host) {
  const script = [...host.children].find((c) => c.localName === 'script' && c.type.trim().toLowerCase() === 'text/rust');
  return dedent((script ?? host).textContent);
}

/** `theme`-independent parts of the label list: where the marks go in the code. */
function marksOf(analysis, length) {
  const marks = [];
  for (const d of analysis.diagnostics) {
    for (const label of d.labels) {
      let from = Math.max(0, Math.min(label.span.start, length));
      let to = Math.max(from, Math.min(label.span.end, length));
      if (from === to) {
        if (to < length) to++;
        else if (from > 0) from--;
      }
      const cls = label.primary ? (d.severity === 'warning' ? 'u-warning' : d.severity === 'error' ? 'u-error' : 'u-secondary') : 'u-secondary';
      marks.push({ from, to, cls, diagnostic: d, label });
      if (marks.length >= MAX_MARKS) return marks;
    }
  }
  return marks;
}

class SendLens extends HTMLElement {
  static observedAttributes = ['edition', 'readonly', 'height', 'collapsed', 'page'];

  #parts;
  #started = false;
  #text = ''; // the text last painted
  #marks = [];
  #markOf = new WeakMap(); // painted span -> marks under it
  #seq = 0;
  #analyses = null; // this widget's line of analyses (analyzer.js), made on the first one
  #timer = null;
  #analysis = null;
  #analyzedSource = null;
  #undoText = null; // the text before the last fix, while nothing else has changed it
  #replacing = false;
  #shareSeq = 0;
  #hoverFrame = 0;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    if (sheet) shadow.adoptedStyleSheets = [sheet];
    else shadow.append(el('style', {}, STYLES)); // browsers without constructable stylesheets
    const p = {};
    p.status = el('span', { class: 'status', role: 'status', 'aria-live': 'polite' }, 'Loading the analyzer…');
    p.edition = el('span', { class: 'status edition' });
    p.toggle = el('button', { type: 'button', class: 'toggle', 'aria-expanded': 'false' }, 'Show the code');
    p.undo = el('button', { type: 'button', class: 'undo', hidden: true }, 'Undo the fix');
    p.open = el('a', { class: 'open', target: '_blank', rel: 'noopener', title: 'Open this code in the full sendlens page', hidden: true }, 'Open in sendlens ↗');
    p.gutter = el('pre', { class: 'gutter', 'aria-hidden': 'true' });
    p.hl = el('pre', { class: 'hl', 'aria-hidden': 'true' });
    p.textarea = el('textarea', {
      spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off', autocorrect: 'off', wrap: 'off',
      'aria-label': 'Rust code, checked by sendlens',
    });
    p.editor = el('div', { class: 'editor' }, p.hl, p.textarea);
    p.code = el('div', { class: 'code' }, p.gutter, p.editor);
    p.note = el('p', { class: 'note', hidden: true });
    p.diags = el('ul', { class: 'diags', 'aria-label': 'Problems found by sendlens' });
    p.clear = el('p', { class: 'clear', hidden: true }, 'No problems found: nothing here keeps a spawned future from being Send or \'static.');
    p.tip = el('div', { class: 'tip', hidden: true });
    p.root = el(
      'div',
      { class: 'sl', part: 'widget' },
      el('div', { class: 'bar' }, el('span', { class: 'brand' }, 'sendlens'), p.status, p.edition, el('span', { class: 'spacer' }), p.undo, p.toggle, p.open),
      p.code,
      p.note,
      p.diags,
      p.clear,
      p.tip,
    );
    p.root.style.position = 'relative';
    shadow.append(p.root);
    this.#parts = p;

    p.textarea.addEventListener('input', () => this.#onInput());
    p.textarea.addEventListener('mousemove', (e) => this.#hover(e));
    p.textarea.addEventListener('mouseleave', () => (p.tip.hidden = true));
    p.toggle.addEventListener('click', () => this.removeAttribute('collapsed'));
    p.undo.addEventListener('click', () => {
      const before = this.#undoText;
      this.#forgetUndo();
      if (before !== null) this.#replaceText(before);
    });
  }

  /** The code shown (and analyzed); setting it replaces the code and analyzes it. */
  get code() {
    return this.#started ? this.#parts.textarea.value : codeFromLightDom(this);
  }

  set code(text) {
    this.#start(String(text ?? ''));
  }

  /** The latest analysis (see `Analysis` in www/pkg/sendlens.d.ts), or null. */
  get analysis() {
    return this.#analysis;
  }

  connectedCallback() {
    if (this.#started) return;
    // Parsed after a classic script defined the element, its children may not exist yet.
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => this.#start(), { once: true });
    else this.#start();
  }

  disconnectedCallback() {
    clearTimeout(this.#timer);
  }

  attributeChangedCallback(name) {
    if (!this.#started) return;
    if (name === 'edition') this.#schedule(0);
    else if (name === 'readonly') {
      this.#parts.textarea.readOnly = this.hasAttribute('readonly');
      if (this.#analysis) this.#renderList();
    } else if (name === 'height') this.#applyHeight();
    else if (name === 'collapsed') this.#parts.toggle.setAttribute('aria-expanded', String(!this.hasAttribute('collapsed')));
    else if (name === 'page') this.#updateLink();
  }

  #start(code) {
    if (this.#started && code === undefined) return;
    const p = this.#parts;
    const first = !this.#started;
    this.#started = true;
    p.textarea.value = code ?? codeFromLightDom(this);
    this.#forgetUndo();
    if (first) {
      p.textarea.readOnly = this.hasAttribute('readonly');
      p.toggle.setAttribute('aria-expanded', String(!this.hasAttribute('collapsed')));
      this.#applyHeight();
    }
    this.#marks = [];
    this.#paint();
    this.#schedule(0);
  }

  #edition() {
    const asked = (this.getAttribute('edition') ?? '2021').trim();
    return { asked, used: EDITIONS.includes(asked) ? asked : '2021' };
  }

  #applyHeight() {
    const h = (this.getAttribute('height') ?? '').trim();
    const css = /^\d+(\.\d+)?$/.test(h) ? `${h}px` : h && globalThis.CSS?.supports('height', h) ? h : '';
    this.#parts.code.style.height = css;
  }

  // -------------------------------------------------------------------------------------------
  // Editing and painting

  #onInput() {
    if (!this.#replacing) this.#forgetUndo();
    const next = this.#parts.textarea.value;
    // Keep the underlines where they were while the new analysis runs: shift the marks after the
    // edit, drop the ones it touched.
    const change = minimalChange(this.#text, next);
    const delta = change.insert.length - (change.to - change.from);
    this.#marks = this.#marks
      .filter((m) => m.to <= change.from || m.from >= change.to)
      .map((m) => (m.from >= change.to ? { ...m, from: m.from + delta, to: m.to + delta } : m));
    this.#paint();
    this.#schedule(DEBOUNCE_MS);
  }

  #forgetUndo() {
    this.#undoText = null;
    this.#parts.undo.hidden = true;
  }

  #replaceText(next) {
    this.#replacing = true;
    try {
      this.#replaceTextNow(next);
    } finally {
      this.#replacing = false;
    }
  }

  #replaceTextNow(next) {
    const ta = this.#parts.textarea;
    const change = minimalChange(ta.value, next);
    // insertText keeps the browser's own undo history; it needs a focused, visible textarea.
    let done = false;
    if (ta.offsetParent !== null && !ta.readOnly) {
      ta.focus({ preventScroll: true });
      ta.setSelectionRange(change.from, change.to);
      try {
        done = document.execCommand('insertText', false, change.insert) && ta.value === next;
      } catch {
        done = false;
      }
    }
    if (!done) {
      ta.value = next;
      this.#onInput();
    }
  }

  #paint() {
    const p = this.#parts;
    const text = p.textarea.value;
    this.#text = text;
    const lines = text.split('\n').length - (text.endsWith('\n') && text.length ? 1 : 0);
    p.gutter.textContent = Array.from({ length: Math.max(1, lines) }, (_, i) => i + 1).join('\n');
    const tokens = text.length <= MAX_HIGHLIGHT_CHARS ? tokenize(text) : [];
    const marks = [...this.#marks].sort((x, y) => x.from - y.from);
    const cuts = new Set([0, text.length]);
    for (const [a, b] of tokens) cuts.add(a).add(b);
    for (const m of marks) cuts.add(m.from).add(m.to);
    const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    this.#markOf = new WeakMap();
    let t = 0;
    let next = 0; // marks[next..] start after this piece
    let active = []; // marks that cover this piece (a sweep, not a scan of all marks per piece)
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      while (t < tokens.length && tokens[t][1] <= a) t++;
      const kind = t < tokens.length && tokens[t][0] <= a ? tokens[t][2] : '';
      while (next < marks.length && marks[next].from <= a) active.push(marks[next++]);
      if (active.length) active = active.filter((m) => m.to > a);
      const under = active.length ? [...active] : active;
      const piece = text.slice(a, b);
      if (!kind && under.length === 0) {
        frag.append(piece);
        continue;
      }
      const classes = new Set(under.map((m) => m.cls));
      if (kind) classes.add(`t-${kind}`);
      const span = el('span', { class: [...classes].join(' ') }, piece);
      if (under.length) this.#markOf.set(span, under);
      frag.append(span);
    }
    // A textarea shows a last empty line after a final newline; a <pre> does not.
    if (text.endsWith('\n') || text === '') frag.append(' ');
    p.hl.replaceChildren(frag);
  }

  #hover(event) {
    cancelAnimationFrame(this.#hoverFrame);
    this.#hoverFrame = requestAnimationFrame(() => {
      const p = this.#parts;
      const hit = this.shadowRoot.elementsFromPoint(event.clientX, event.clientY).find((e) => this.#markOf.has(e));
      if (!hit) {
        p.tip.hidden = true;
        return;
      }
      const lines = [];
      for (const m of this.#markOf.get(hit)) {
        if (m.label.primary) lines.push(el('p', {}, rich(m.diagnostic.message)));
        if (m.label.message) lines.push(el('p', {}, rich(m.label.message)));
      }
      p.tip.replaceChildren(...lines.slice(0, 6));
      const box = p.root.getBoundingClientRect();
      p.tip.style.left = `${Math.max(0, Math.min(event.clientX - box.left + 12, box.width - 280))}px`;
      p.tip.style.top = `${event.clientY - box.top + 18}px`;
      p.tip.hidden = false;
    });
  }

  #reveal(span) {
    const p = this.#parts;
    if (this.hasAttribute('collapsed')) this.removeAttribute('collapsed');
    const ta = p.textarea;
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(Math.min(span.start, ta.value.length), Math.min(span.end, ta.value.length));
    const lineHeight = parseFloat(getComputedStyle(p.hl).lineHeight) || 20;
    const top = (span.line - 1) * lineHeight;
    if (top < p.code.scrollTop || top > p.code.scrollTop + p.code.clientHeight - 2 * lineHeight) {
      p.code.scrollTop = Math.max(0, top - p.code.clientHeight / 3);
    }
    p.code.scrollIntoView({ block: 'nearest' });
  }

  // -------------------------------------------------------------------------------------------
  // Analysis

  #schedule(delay) {
    const seq = ++this.#seq;
    this.#analyses?.stale();
    clearTimeout(this.#timer);
    this.setAttribute('aria-busy', 'true');
    this.#timer = setTimeout(() => this.#analyze(seq), delay);
  }

  async #analyze(seq) {
    const source = this.#parts.textarea.value;
    const edition = this.#edition();
    let analysis;
    try {
      this.#analyses ??= settings.analyzer().line();
      // Null when the code changed meanwhile: a newer analysis is scheduled.
      analysis = await this.#analyses.analyze(source, edition.used);
    } catch (err) {
      this.removeAttribute('aria-busy');
      this.removeAttribute('data-error-count');
      this.removeAttribute('data-warning-count');
      this.dataset.state = 'failed';
      this.#parts.status.textContent = 'Not analyzed';
      this.#showNote(err.crashed ? `The analyzer crashed on this code (${err.message}); edit it to try again.` : String(err.message ?? err), true);
      return;
    }
    if (analysis) this.#render(analysis, source, edition, seq);
  }

  async #render(analysis, source, edition, seq) {
    const p = this.#parts;
    this.#analysis = analysis;
    this.#analyzedSource = source;
    const { errors, warnings } = analysis.totals;
    this.#marks = marksOf(analysis, source.length);
    this.#paint();
    this.#renderList();
    p.status.textContent = errors + warnings ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')}` : 'No problems';
    p.status.dataset.errors = String(errors);
    p.edition.textContent = `edition ${edition.used}`;
    this.#showNote(edition.asked === edition.used ? '' : `sendlens checks editions 2021 and 2024: this code was checked as edition 2021, not ${edition.asked}.`);
    this.dataset.errorCount = String(errors);
    this.dataset.warningCount = String(warnings);
    // "ready" once everything shows this code, the link to the full page included.
    await this.#updateLink();
    if (seq !== this.#seq) return;
    this.dataset.state = 'ready';
    this.removeAttribute('aria-busy');
    this.dispatchEvent(new CustomEvent('send-lens-analysis', { bubbles: true, detail: { errors, warnings, analysis } }));
  }

  #showNote(text, bad = false) {
    const note = this.#parts.note;
    note.textContent = text;
    note.classList.toggle('bad', bad);
    note.hidden = !text;
  }

  #renderList() {
    const p = this.#parts;
    const diagnostics = this.#analysis.diagnostics;
    p.diags.replaceChildren(...diagnostics.map((d) => this.#renderDiagnostic(d)));
    p.clear.hidden = diagnostics.length > 0;
  }

  #renderDiagnostic(d) {
    const item = el('li', { class: `diag ${d.severity}`, 'data-rule': d.rule });
    item.append(el('p', { class: 'msg' }, el('span', { class: 'sev' }, d.severity), rich(d.message), el('span', { class: 'rule' }, d.rule)));
    const labels = [...d.labels].sort((a, b) => a.span.start - b.span.start);
    if (labels.length) {
      const list = el('ul', { class: 'labels', 'aria-label': 'Where' });
      for (const l of labels) {
        const at = el('button', { type: 'button', class: 'loc', title: 'Show in the code' }, `line ${l.span.line}:${l.span.col}`);
        at.addEventListener('click', () => this.#reveal(l.span));
        list.append(el('li', { class: l.primary ? 'primary' : 'secondary' }, at, ' ', rich(l.message || (l.primary ? 'here' : ''))));
      }
      item.append(list);
    }
    const notes = [...d.notes.map((n) => ['note: ', n]), ...d.help.map((h) => ['help: ', h])];
    if (notes.length) item.append(el('ul', { class: 'notes' }, ...notes.map(([kw, n]) => el('li', {}, el('span', { class: 'kw' }, kw), rich(n)))));
    for (const fix of d.fixes) item.append(this.#renderFix(fix));
    return item;
  }

  #renderFix(fix) {
    const readonly = this.hasAttribute('readonly');
    const applicable = fix.applicability !== 'displayOnly' && !readonly;
    const button = el('button', { type: 'button', class: applicable ? 'apply-fix primary' : 'show-fix', 'aria-expanded': applicable ? null : 'false' }, applicable ? 'Apply fix' : 'Show the change');
    const appl = fix.applicability === 'safe' ? 'keeps the meaning' : fix.applicability === 'unsafe' ? 'changes behaviour: check it' : 'advice only';
    const box = el('div', { class: 'fix' }, el('span', { class: 'kw' }, 'fix: '), rich(fix.title), el('span', { class: 'appl' }, `(${appl})`), button);
    let diff = null;
    button.addEventListener('click', async () => {
      if (diff) {
        diff.remove();
        diff = null;
        button.setAttribute('aria-expanded', 'false');
        return;
      }
      const source = this.#analyzedSource;
      if (source !== this.#parts.textarea.value) return this.#showNote('The code changed since it was checked; try again in a moment.');
      let fixed;
      try {
        fixed = await settings.analyzer().applyFix(source, fix);
      } catch (err) {
        return this.#showNote(`Cannot apply the fix: ${err.message}`, true);
      }
      if (source !== this.#parts.textarea.value) return this.#showNote('The code changed since it was checked; try again in a moment.');
      if (applicable) {
        this.#undoText = source;
        this.#parts.undo.hidden = false;
        this.#replaceText(fixed);
        return;
      }
      diff = el('div', { class: 'diff', role: 'region', 'aria-label': 'The change' });
      for (const line of lineDiff(source, fixed)) {
        const n = line.kind === '+' ? line.newLine : line.oldLine;
        const cls = line.kind === '+' ? 'add' : line.kind === '-' ? 'del' : 'ctx';
        diff.append(el('span', { class: cls }, line.kind === '…' ? '   …' : `${String(n).padStart(3)} ${line.kind} ${line.text}`));
      }
      box.after(diff);
      button.setAttribute('aria-expanded', 'true');
    });
    return box;
  }

  // -------------------------------------------------------------------------------------------
  // "Open in sendlens": the full page, with the code in the share-link fragment.

  #pageURL() {
    const own = this.getAttribute('page');
    try {
      return own ? new URL(own, document.baseURI) : new URL(settings.defaultPage);
    } catch {
      return null;
    }
  }

  async #updateLink() {
    const p = this.#parts;
    const seq = ++this.#shareSeq;
    const page = this.#pageURL();
    if (!page || typeof CompressionStream !== 'function') {
      p.open.hidden = true;
      return;
    }
    let fragment;
    try {
      fragment = await encodeShare({ code: p.textarea.value, edition: this.#edition().used });
    } catch {
      fragment = null;
    }
    if (seq !== this.#shareSeq) return;
    if (fragment === null) {
      p.open.hidden = true;
      return;
    }
    page.hash = '';
    p.open.href = page.href + fragment;
    p.open.hidden = false;
  }
}

/**
 * Replaces every `<pre>` holding a code block that matches `selector` with a <send-lens> showing
 * the same code (options from `data-edition`, `data-readonly`, … on the code or the pre, or an
 * mdBook `edition2021` class). Returns the new elements.
 */
export function upgrade(selector = DEFAULT_UPGRADE, root = document) {
  let blocks;
  try {
    blocks = root.querySelectorAll(selector);
  } catch {
    console.warn(`send-lens: data-upgrade="${selector}" is not a valid CSS selector`);
    return [];
  }
  const made = [];
  for (const code of blocks) {
    const pre = code.closest('pre') ?? code;
    if (!pre.isConnected || pre.closest(TAG)) continue;
    const widget = document.createElement(TAG);
    for (const name of ['edition', 'readonly', 'collapsed', 'height', 'theme', 'page']) {
      const value = code.dataset[name] ?? pre.dataset[name];
      if (value !== undefined) widget.setAttribute(name, value);
    }
    const mdbookEdition = code.className.match?.(/\bedition(20\d\d)\b/);
    if (!widget.hasAttribute('edition') && mdbookEdition) widget.setAttribute('edition', mdbookEdition[1]);
    if (pre.id) widget.id = pre.id;
    // The code stays in the light DOM as plain text: what copy, find-in-page and readers see.
    widget.textContent = code.textContent;
    pre.replaceWith(widget);
    made.push(widget);
  }
  return made;
}

/**
 * Defines <send-lens> and upgrades the code blocks the loading script asks for.
 * `script`: the <script> element that loaded the widget (its data-upgrade / data-page), or null;
 * `scriptURL`: where it was loaded from; `startWorker`/`wasm`: see createAnalyzer.
 */
export function defineSendLens({ script, scriptURL, startWorker, wasm }) {
  if (customElements.get(TAG)) {
    console.warn('send-lens: the element is already defined (is the script loaded twice?)');
    return;
  }
  let analyzer = null;
  const page = script?.dataset.page;
  settings = {
    analyzer: () => (analyzer ??= createAnalyzer({ startWorker, wasm })),
    defaultPage: (page ? new URL(page, document.baseURI) : new URL('../index.html', scriptURL)).href,
  };
  if (typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in Document.prototype) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLES);
    } catch {
      sheet = null;
    }
  }
  customElements.define(TAG, SendLens);
  const selector = script?.dataset.upgrade?.trim() || DEFAULT_UPGRADE;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => upgrade(selector), { once: true });
  else upgrade(selector);
}
