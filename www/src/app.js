// The sendlens explainer page (loaded by main.js): a CodeMirror 6 editor whose text is analyzed in a Web Worker on
// every edit (debounced, stale results dropped), with underlines, hovers, a diagnostics panel,
// fix previews, an examples menu and a rules reference generated from the rules' own docs.
//
// Untrusted code only ever reaches the DOM as text: no innerHTML anywhere in this page. That
// includes code from a share link (share.js), which is as untrusted as pasted code.

import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { EditorState, Compartment } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { searchKeymap } from '@codemirror/search';
import { syntaxHighlighting, HighlightStyle, bracketMatching, indentOnInput } from '@codemirror/language';
import { setDiagnostics, linter, lintGutter, lintKeymap } from '@codemirror/lint';
import { tags as t } from '@lezer/highlight';

// main.js, the entry module, is evaluated already (it loads this one): the analyzer it started,
// with the first analysis asked for, is used here, and the examples are its copy, which it needed
// before this code was loaded. (An import of analyzer.js here would bundle a second copy of it.)
import { analyzer, editorAnalyses, firstRequest, timings, measured, CLASSIC_EXAMPLES } from './main.js';
import { renderMarkdown } from './markdown.js';
import { lineDiff, minimalChange } from './diff.js';
import { encodeShare, decodeShare, isShareFragment, ShareError } from './share.js';
import { el, rich, plural } from './dom.js';

const DEBOUNCE_MS = 120;
/** The panel lists this many diagnostics; the rest are still underlined in the editor. Building
 * thousands of DOM nodes at once would freeze typing on a huge paste. */
const PANEL_LIMIT = 100;
/** The editor underlines this many. Measured: 16,667 diagnostics (a 100,000-line paste) took the
 * editor's lint state over 300 ms to build, on the main thread. */
const EDITOR_LIMIT = 2000;

const $ = (sel) => document.querySelector(sel);

// ---------------------------------------------------------------------------------------------
// Editor

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.definitionKeyword, t.modifier, t.self], color: 'var(--tok-keyword)' },
  { tag: [t.string, t.special(t.string), t.character], color: 'var(--tok-string)' },
  { tag: [t.number, t.bool, t.atom], color: 'var(--tok-number)' },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: [t.typeName, t.className, t.namespace], color: 'var(--tok-type)' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.macroName], color: 'var(--tok-function)' },
  { tag: [t.attributeName, t.meta, t.annotation], color: 'var(--tok-meta)' },
  { tag: [t.special(t.variableName), t.labelName], color: 'var(--tok-lifetime)' },
  { tag: [t.operator, t.punctuation, t.bracket, t.derefOperator], color: 'var(--tok-punct)' },
  { tag: t.invalid, color: 'var(--error)' },
]);

const editorTheme = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--editor-bg)', height: '100%' },
  '.cm-content': { caretColor: 'var(--fg)', fontFamily: 'var(--mono)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection)' },
  '.cm-gutters': { backgroundColor: 'var(--gutter-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel-bg)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
});

const lintTheme = new Compartment();
/**
 * Rust highlighting and indentation, given to the editor after the first diagnostics: parsing the
 * text with the grammar and highlighting it took ~50 ms of main-thread time at startup (profiled),
 * all of it ahead of the first analysis' display. Until then the editor shows the text plain.
 * (Loading the grammar lazily saved no time in measurements and costs 3.3 KB brotli of chunk
 * overhead in all, but it takes ~30 KB off what the page downloads before its first diagnostics,
 * the size budget of issue "Speed and size".)
 */
const language = new Compartment();
let languageLoaded = null;

/**
 * Gives the editor the Rust grammar, once. The grammar is downloaded only then, as its own chunk:
 * it is a third of the editor's code (the parse tables), and nothing before the first diagnostics
 * needs it. A failed download leaves the text plain; analysis does not depend on it.
 */
function loadRustLanguage() {
  languageLoaded ??= import('@codemirror/lang-rust').then(
    ({ rust }) => view.dispatch({ effects: language.reconfigure(rust()) }),
    () => {},
  );
  return languageLoaded;
}

function createEditor(parent, doc) {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        language.of([]),
        syntaxHighlighting(highlight),
        lintGutter(),
        // The lint state and its styles from the start (no lint source: the worker's results come
        // through setDiagnostics). Otherwise the first results add them, which restyled the whole
        // page in the middle of showing the first diagnostics.
        linter(null),
        editorTheme,
        lintTheme.of([]),
        // Tab is left to the browser so keyboard users can leave the editor.
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': 'Rust source code', 'aria-describedby': 'editor-help' }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          scheduleAnalysis();
          // A link shown for copying by hand no longer matches the text.
          document.querySelector('#share-fallback').hidden = true;
        }),
      ],
    }),
  });
}

// ---------------------------------------------------------------------------------------------
// Analysis scheduling (the worker, its restarts and its time limit: analyzer.js, from main.js)

let rulesDocs = [];
let version = '';
let timer = null;
let lastAnalysis = null;
let renderedSource = null; // the text whose analysis the panel shows (fixes refer to it)
let holdForShare = false; // a share link is being decoded: its code, not the editor's, comes first

/** The text or the edition changed: the panel says it is busy, the analysis is asked for soon. */
function scheduleAnalysis({ immediate = false } = {}) {
  editorAnalyses.stale();
  setBusy(true);
  clearTimeout(timer);
  timer = null;
  if (immediate) analyzeLatest();
  else
    timer = setTimeout(() => {
      timer = null;
      analyzeLatest();
    }, DEBOUNCE_MS);
}

/** Asks for the analysis of the editor's text; the line sends it once the previous one is answered. */
function analyzeLatest() {
  if (holdForShare) return; // openShare asks once the link's code is in the editor
  measured('sendlens:send', () => {
    const source = view.state.doc.toString();
    show(editorAnalyses.analyze(source, $('#edition').value), source);
  });
}

/** Shows the analysis of `source` when it comes, unless newer text was asked for meanwhile (null). */
async function show(answer, source) {
  let analysis;
  try {
    analysis = await answer;
  } catch (err) {
    showFailure(err);
    return;
  }
  if (analysis) measured('sendlens:render', () => render(analysis, source));
}

function showFailure(err) {
  if (err.fatal) {
    showBanner(err.message, 'error');
    setBusy(false);
    afterFirstAnswer();
  } else if (err.crashed) {
    // The panel keeps the previous analysis; the next edit is analyzed by the new worker.
    showBanner(`${err.message[0].toUpperCase()}${err.message.slice(1)}. It was restarted; keep editing.`, 'error');
    setBusy(false);
  } else if (err.timedOut) {
    // The stopped text is not sent again (it would only be stopped again); the next edit is.
    showStopped();
  } else {
    // An answer, not a failure of the worker (a report too large to hand over, bad options).
    showNoReport(`The analyzer could not report on this text: ${err.message}.`);
  }
}

function seconds(ms) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s`;
}

function showStopped() {
  showNoReport(
    `The analysis stopped after ${seconds(analyzer.timeoutMs)}; the file may be too large. ` +
      'The analyzer was restarted: edit the text, or paste a smaller part of it, to analyze again.',
  );
  $('#counts').textContent = 'Analysis stopped';
  panel.dataset.analysis = 'stopped';
}

/** The panel when the latest text has no report: why, and no counts (they would describe other text). */
function showNoReport(why) {
  lastAnalysis = null;
  renderedSource = null;
  view.dispatch(setDiagnostics(view.state, []));
  list.replaceChildren(el('p', { class: 'stopped' }, why));
  $('#counts').textContent = 'No report';
  $('#counts').dataset.errors = '0';
  delete panel.dataset.errorCount;
  delete panel.dataset.warningCount;
  delete panel.dataset.analysisMs;
  panel.dataset.analysis = 'failed';
  $('#timing').textContent = '';
  setBusy(false);
  afterFirstAnswer();
}

// ---------------------------------------------------------------------------------------------
// Rendering

const panel = $('#diagnostics');
const list = $('#diagnostic-list');

function setBusy(busy) {
  if (busy) panel.setAttribute('aria-busy', 'true');
  else panel.removeAttribute('aria-busy');
}

function showBanner(text, kind = 'info', source = '') {
  $('#banner-text').textContent = text;
  $('#banner').dataset.kind = kind;
  $('#banner').dataset.source = source;
  $('#banner').hidden = false;
}

function clamp(n, len) {
  return Math.max(0, Math.min(n, len));
}

function toEditorDiagnostics(analysis) {
  const len = view.state.doc.length;
  const out = [];
  for (const d of analysis.diagnostics.slice(0, EDITOR_LIMIT)) {
    const primary = d.labels.find((l) => l.primary);
    for (const label of d.labels) {
      const from = clamp(label.span.start, len);
      const to = clamp(Math.max(label.span.end, label.span.start), len);
      if (label.primary) {
        out.push({
          from,
          to,
          severity: d.severity === 'info' ? 'info' : d.severity,
          source: d.rule,
          message: label.message && label.message !== d.message ? `${d.message}\n${label.message}` : d.message,
          renderMessage: () => {
            const box = el('div', { class: 'tip' }, el('strong', {}, rich(d.message)));
            if (label.message && label.message !== d.message) box.append(el('div', {}, rich(label.message)));
            return box;
          },
          markClass: 'cm-sl-primary',
          actions: d.fixes.map((fix) => ({ name: `Fix: ${fix.title.replaceAll('`', '')}`, apply: () => previewFix(fix) })),
        });
      } else {
        out.push({ from, to, severity: 'info', source: d.rule, message: label.message, renderMessage: () => rich(label.message), markClass: 'cm-sl-secondary' });
      }
    }
    if (!primary && d.labels.length === 0) out.push({ from: 0, to: 0, severity: d.severity, source: d.rule, message: d.message });
  }
  return out;
}

function jumpTo(span) {
  const len = view.state.doc.length;
  view.dispatch({ selection: { anchor: clamp(span.start, len), head: clamp(span.end, len) }, scrollIntoView: true });
  view.focus();
}

function locationButton(span, text) {
  const button = el('button', { type: 'button', class: 'loc', title: 'Show in the editor' }, text ?? `${span.line}:${span.col}`);
  button.addEventListener('click', () => jumpTo(span));
  return button;
}

function renderDiagnostic(d, index) {
  const primary = d.labels.find((l) => l.primary) ?? d.labels[0];
  const ruleLink = el('a', { href: `#rule-${d.rule}`, class: 'rule-id' }, d.rule);
  const header = el(
    'header',
    {},
    el('span', { class: `badge badge-${d.severity}` }, d.severity),
    ' ',
    ruleLink,
    primary ? ' ' : null,
    primary ? locationButton(primary.span, `line ${primary.span.line}, col ${primary.span.col}`) : null,
  );
  const article = el('article', { class: `diag diag-${d.severity}`, 'aria-labelledby': `diag-msg-${index}`, dataset: { rule: d.rule } });
  article.append(header, el('p', { class: 'message', id: `diag-msg-${index}` }, rich(d.message)));

  const labels = [...d.labels].sort((a, b) => a.span.start - b.span.start);
  if (labels.length) {
    const ol = el('ol', { class: 'labels', 'aria-label': 'Where' });
    for (const l of labels) {
      ol.append(el('li', { class: l.primary ? 'label primary' : 'label secondary' }, locationButton(l.span), ' ', rich(l.message || (l.primary ? 'here' : ''))));
    }
    article.append(ol);
  }
  if (d.notes.length) {
    const ul = el('ul', { class: 'notes', 'aria-label': 'Why' });
    for (const n of d.notes) ul.append(el('li', {}, el('span', { class: 'kw' }, 'note: '), rich(n)));
    article.append(ul);
  }
  if (d.help.length) {
    const ul = el('ul', { class: 'help', 'aria-label': 'Help' });
    for (const h of d.help) ul.append(el('li', {}, el('span', { class: 'kw' }, 'help: '), rich(h)));
    article.append(ul);
  }
  if (d.fixes.length) {
    const fixes = el('div', { class: 'fixes' });
    for (const fix of d.fixes) {
      const button = el('button', { type: 'button', class: 'apply-fix', 'aria-label': `Apply fix: ${fix.title}` }, fix.applicability === 'displayOnly' ? 'Show fix' : 'Apply fix');
      button.addEventListener('click', () => previewFix(fix));
      fixes.append(el('div', { class: 'fix' }, rich(fix.title, { class: 'fix-title' }), ' ', el('span', { class: `applicability applicability-${fix.applicability}` }, applicabilityText(fix.applicability)), ' ', button));
    }
    article.append(fixes);
  }
  return article;
}

function applicabilityText(a) {
  return a === 'safe' ? 'safe' : a === 'unsafe' ? 'check the change' : 'advice only';
}

function render(analysis, source) {
  const ms = analysis.ms;
  lastAnalysis = analysis;
  renderedSource = source;
  // The worker sends at most EDITOR_LIMIT diagnostics, with the totals.
  const errors = analysis.totals.errors;
  const warnings = analysis.totals.warnings;
  const total = analysis.totals.diagnostics;
  view.dispatch(setDiagnostics(view.state, toEditorDiagnostics(analysis)));

  list.replaceChildren(...analysis.diagnostics.slice(0, PANEL_LIMIT).map(renderDiagnostic));
  if (total > PANEL_LIMIT) {
    const more = total - PANEL_LIMIT;
    const underlined = Math.min(total, EDITOR_LIMIT);
    const where = underlined === total ? 'the editor underlines them all' : `the editor underlines the first ${underlined}`;
    list.append(el('p', { class: 'more' }, `${plural(more, 'more diagnostic')} not listed here; ${where}.`));
  }
  if (analysis.diagnostics.length === 0) {
    list.append(el('p', { class: 'all-clear' }, 'No problems found: nothing here keeps a spawned future from being Send or \'static.'));
  }
  $('#counts').textContent = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  $('#counts').dataset.errors = String(errors);
  panel.dataset.errorCount = String(errors);
  panel.dataset.warningCount = String(warnings);
  panel.dataset.analysisMs = ms.toFixed(2);
  panel.dataset.analysis = 'done';
  $('#timing').textContent = `analyzed in ${ms < 1 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
  setBusy(false);
  if (!firstDiagnosticsAt) {
    firstDiagnosticsAt = performance.now();
    document.documentElement.dataset.firstDiagnosticsMs = firstDiagnosticsAt.toFixed(1);
    afterFirstAnswer();
  }
}
let firstDiagnosticsAt = 0;

// ---------------------------------------------------------------------------------------------
// What waits for the first answer

let firstAnswerShown = false;
let startupDone;
/** Settles once the deferred startup work is over: the grammar loaded, the service worker registered (or either failed). */
const startupWork = new Promise((resolve) => (startupDone = resolve));

/**
 * Starts what was kept off the way to the first answer (its diagnostics, or why there are none),
 * once that answer is painted: the Rust grammar and the rules reference, then the service worker
 * when the page is idle.
 * The service worker used to register on `load`, and compiled and downloaded the page's files
 * again on the other core while the first analysis ran.
 */
function afterFirstAnswer() {
  if (firstAnswerShown) return;
  firstAnswerShown = true;
  requestAnimationFrame(() =>
    setTimeout(() => {
      const grammar = loadRustLanguage();
      renderRules();
      const registered = new Promise((resolve) => {
        const register = () => registerServiceWorker().then(resolve);
        if (typeof requestIdleCallback === 'function') requestIdleCallback(register, { timeout: 3000 });
        else setTimeout(register, 500);
      });
      Promise.all([grammar, registered]).then(() => startupDone());
    }),
  );
}

/**
 * Offline: the service worker (generated at the root by `cargo xtask build`, so that its scope
 * covers index.html) caches the page's own files after the first visit. Not on file:// (browsers
 * refuse service workers there) nor where they are unsupported; a failure only costs offline use.
 */
async function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || (location.protocol !== 'https:' && location.protocol !== 'http:')) return;
  await navigator.serviceWorker.register(new URL('../../sw.js', import.meta.url)).catch(() => {});
}

// ---------------------------------------------------------------------------------------------
// Fix preview

const dialog = $('#fix-dialog');
let dialogFix = null;

async function previewFix(fix) {
  const source = view.state.doc.toString();
  if (!lastAnalysis || source !== renderedSource) {
    showBanner('The text changed since the last analysis; wait for it to finish, then try again.', 'info');
    return;
  }
  let fixed;
  try {
    // The worker holds the fix's edits (a slim analysis, worker.js).
    fixed = await analyzer.applyFix(source, fix);
  } catch (err) {
    showBanner(`Cannot apply the fix: ${err.message}`, 'error');
    return;
  }
  dialogFix = { source, fixed, fix };
  $('#fix-dialog-title').replaceChildren(rich(fix.title));
  $('#fix-dialog-applicability').textContent =
    fix.applicability === 'safe'
      ? 'This fix keeps the program\u2019s meaning.'
      : fix.applicability === 'unsafe'
        ? 'This fix compiles but changes behaviour: check it.'
        : 'Advice only: sendlens does not apply this change itself.';
  const pre = $('#fix-diff');
  pre.replaceChildren();
  for (const line of lineDiff(source, fixed)) {
    if (line.kind === '…') {
      pre.append(el('span', { class: 'diff-line diff-gap' }, '     …'));
      continue;
    }
    const n = line.kind === '+' ? line.newLine : line.oldLine;
    pre.append(el('span', { class: `diff-line diff-${line.kind === '+' ? 'add' : line.kind === '-' ? 'del' : 'ctx'}` }, `${String(n).padStart(4)} ${line.kind} ${line.text}`));
  }
  $('#fix-confirm').hidden = fix.applicability === 'displayOnly';
  dialog.showModal();
  (fix.applicability === 'displayOnly' ? $('#fix-cancel') : $('#fix-confirm')).focus();
}

$('#fix-confirm').addEventListener('click', () => {
  if (!dialogFix) return;
  const { source, fixed } = dialogFix;
  dialogFix = null;
  dialog.close();
  if (view.state.doc.toString() !== source) {
    showBanner('The text changed while the fix was shown; it was not applied.', 'info');
    return;
  }
  const change = minimalChange(source, fixed);
  view.dispatch({ changes: change, selection: { anchor: change.from + change.insert.length }, scrollIntoView: true, userEvent: 'input.fix' });
  view.focus();
});
$('#fix-cancel').addEventListener('click', () => {
  dialogFix = null;
  dialog.close();
});

// ---------------------------------------------------------------------------------------------
// Examples, rules reference, edition, theme

function loadExample(source) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source }, selection: { anchor: 0 }, scrollIntoView: true });
  scheduleAnalysis({ immediate: true });
}

function exampleOptions() {
  const select = $('#example');
  const shared = sharedCode === null ? null : el('option', { value: 'shared' }, 'The code from the share link');
  const classic = el('optgroup', { label: 'Classic cases' });
  for (const ex of CLASSIC_EXAMPLES) classic.append(el('option', { value: `classic:${ex.id}` }, ex.title));
  const perRule = el('optgroup', { label: 'One per rule' });
  for (const r of rulesDocs) perRule.append(el('option', { value: `rule:${r.id}` }, `${r.id}: ${r.title}`));
  // A link opened before the menu was first filled (the analyzer still loading) stays selected.
  const keepShared = select.value === 'shared' || select.disabled;
  select.replaceChildren(...[shared, classic, perRule].filter(Boolean));
  if (shared && keepShared) select.value = 'shared';
  select.disabled = false;
}

function exampleSource(value) {
  const [kind, id] = value.split(/:(.*)/s);
  if (kind === 'shared') return sharedCode ?? undefined;
  if (kind === 'classic') return CLASSIC_EXAMPLES.find((e) => e.id === id)?.source;
  if (kind === 'rule') return rulesDocs.find((r) => r.id === id)?.example;
  return undefined;
}

function renderRules() {
  const container = $('#rule-list');
  container.replaceChildren();
  for (const r of rulesDocs) {
    const open = el('button', { type: 'button', class: 'open-example' }, 'Open this example in the editor');
    open.addEventListener('click', () => {
      $('#example').value = `rule:${r.id}`;
      loadExample(r.example);
      view.focus();
      window.scrollTo({ top: 0 });
    });
    const article = el(
      'article',
      { class: 'rule', id: `rule-${r.id}`, 'aria-labelledby': `rule-title-${r.id}` },
      el('h3', { id: `rule-title-${r.id}` }, r.title, ' ', el('code', { class: 'rule-id' }, r.id)),
    );
    article.append(renderMarkdown(r.docs, 4));
    const details = el('details', {}, el('summary', {}, 'Example'), el('pre', {}, el('code', {}, r.example)), open);
    article.append(details);
    container.append(article);
  }
}

function applyTheme(theme) {
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  try {
    localStorage.setItem('sendlens-theme', theme);
  } catch {
    /* storage may be unavailable */
  }
}

function onFirstReady() {
  $('#version').textContent = `v${version}`;
  exampleOptions();
  // The rules reference is a long page of DOM: built after the first answer (`afterFirstAnswer`),
  // or now if that answer came before the analyzer was ready (a crash, say).
  if (firstAnswerShown) renderRules();
}

// ---------------------------------------------------------------------------------------------
// Share links (the form and its limits: share.js)

let sharedCode = null; // the code of the share link last opened, for the examples menu
let openedFragment = null; // the share fragment last opened or made here
let opening = 0; // bumped per link opened: only the latest one's code is shown
let shareStatusTimer = null;

function shareStatus(text) {
  clearTimeout(shareStatusTimer);
  $('#share-status').textContent = text;
  if (text) shareStatusTimer = setTimeout(() => ($('#share-status').textContent = ''), 8000);
}

/** Puts the code and edition into the address (no reload) and copies the link. */
async function share() {
  $('#share-fallback').hidden = true;
  let fragment;
  try {
    fragment = await encodeShare({ code: view.state.doc.toString(), edition: $('#edition').value });
  } catch (err) {
    shareStatus('');
    showBanner(`Cannot make a share link: ${err instanceof ShareError ? err.message : 'this browser cannot compress it'}.`, 'error');
    return;
  }
  openedFragment = fragment;
  const url = new URL(location.href);
  url.hash = fragment;
  // window.history: `history` here is CodeMirror's undo history.
  window.history.replaceState(window.history.state, '', url.href);
  try {
    await navigator.clipboard.writeText(url.href);
    shareStatus('Link copied to the clipboard.');
  } catch {
    // Denied (no permission, not focused) or unsupported: the link is in the address bar
    // already; show it selected too, so Ctrl+C copies it.
    shareStatus('The link is in the address bar; the clipboard is not available here.');
    const input = $('#share-link');
    input.value = url.href;
    $('#share-fallback').hidden = false;
    input.focus();
    input.select();
  }
}

function setText(text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 }, scrollIntoView: true });
}

/** Shows the code of a share link, or says why it cannot and shows the default example. */
async function openShare(fragment) {
  const mine = ++opening;
  openedFragment = fragment;
  holdForShare = true;
  setBusy(true);
  try {
    const { code, edition } = await decodeShare(fragment);
    if (mine !== opening) return; // a newer link is being opened
    sharedCode = code;
    $('#edition').value = edition;
    setText(code);
    if (rulesDocs.length) exampleOptions();
    $('#example').value = 'shared';
    if (!$('#banner').hidden && $('#banner').dataset.source === 'share') $('#banner').hidden = true;
  } catch (err) {
    if (mine !== opening) return;
    const why = err instanceof ShareError ? err.message : 'it could not be read';
    showBanner(`This share link cannot be opened: ${why}. Showing the default example instead.`, 'error', 'share');
    $('#edition').value = '2021';
    setText(CLASSIC_EXAMPLES[0].source);
    $('#example').value = `classic:${CLASSIC_EXAMPLES[0].id}`;
  } finally {
    if (mine === opening) {
      holdForShare = false;
      scheduleAnalysis({ immediate: true });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Start

const startFragment = isShareFragment(location.hash) ? location.hash : null;
// With a share link the editor starts empty rather than flashing the default example.
const view = createEditor($('#editor'), startFragment ? '' : CLASSIC_EXAMPLES[0].source);

$('#example').addEventListener('change', (e) => {
  const source = exampleSource(e.target.value);
  if (source !== undefined) loadExample(source);
});
$('#edition').addEventListener('change', () => scheduleAnalysis({ immediate: true }));
{
  let saved = 'auto';
  try {
    saved = localStorage.getItem('sendlens-theme') || 'auto';
  } catch {
    /* ignore */
  }
  $('#theme').value = saved;
  applyTheme(saved);
  $('#theme').addEventListener('change', (e) => applyTheme(e.target.value));
}
$('#banner-dismiss').addEventListener('click', () => ($('#banner').hidden = true));
$('#share').addEventListener('click', share);
$('#share').disabled = false;
// A share link opened in this tab (pasted into the address bar, or followed from the embed):
// other fragments, such as #rules, stay plain anchors. Coming back to the link already shown
// (e.g. Back from #rules) keeps the edits made since.
addEventListener('hashchange', () => {
  if (isShareFragment(location.hash) && location.hash !== openedFragment) openShare(location.hash);
});

// A new build's service worker (sw.js) takes over while this page runs, but the page itself was
// loaded from the previous version's cache: say that a reload shows the new one. Not on the first
// visit, when a worker takes control of a page that had none.
if ('serviceWorker' in navigator) {
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController) showBanner('A new version of sendlens is ready: reload the page to use it.', 'info', 'update');
  });
}

analyzer.ready.then(
  (ready) => {
    version = ready.version;
    rulesDocs = ready.rules;
    onFirstReady();
  },
  () => {}, // the analyses' failures say why
);
setBusy(true);
// A share link first: opening it holds analysis back until the link is decoded. Otherwise main.js
// asked for the default example's analysis before this code was even evaluated, so that the worker
// analyzes on the other core while the editor is built: that answer is shown if the editor still
// holds what it was asked for (the browser may have restored another edition meanwhile); else
// the editor's text is asked for, and that early answer is dropped as stale when it comes.
if (startFragment) openShare(startFragment);
else if (firstRequest && firstRequest.source === view.state.doc.toString() && firstRequest.edition === $('#edition').value) {
  show(firstRequest.analysis, firstRequest.source);
} else scheduleAnalysis({ immediate: true });
// Highlighting does not wait for an analyzer that is slow to arrive (a slow network, say).
setTimeout(loadRustLanguage, 1000);

// Hooks for tests and benchmarks (not part of the UI).
window.sendlens = {
  get view() {
    return view;
  },
  timings,
  /** Resolves once what waited for the first answer (the grammar, the service worker) is done. */
  startupWork,
  /** The time limit for one request to the worker, in ms (`?analysisTimeout=` sets it at load). */
  get analysisTimeoutMs() {
    return analyzer.timeoutMs;
  },
  set analysisTimeoutMs(ms) {
    analyzer.timeoutMs = ms;
  },
  crashAnalyzerForTests() {
    analyzer.panicForTests().catch(showFailure);
  },
};
