// The widget's styles, adopted by each shadow root (a constructed stylesheet, which a page's CSP
// `style-src` does not govern, unlike a <style> element).
//
// Isolation: the host page's selectors cannot reach inside the shadow root, but inherited
// properties (color, font-size, line-height, …) still flow in through <send-lens> itself, and a
// page rule such as `* { color: red !important }` matches the host element and beats any :host
// rule. So the reset that counts is `all: initial` on `.sl`, the root inside the shadow, which no
// page selector matches; every inherited property below it comes from this sheet. Sizes are px
// and em, never rem (a page may change the root font size). Custom properties do cross the
// boundary; only `--send-lens-*` ones are read, as documented theming hooks.
export const STYLES = String.raw`
:host { display: block; margin: 1.2em 0; }
:host([hidden]) { display: none; }
.sl {
  all: initial;
  display: block;
  box-sizing: border-box;
  color-scheme: light;
  --fg: #1d1f23; --muted: #5d6470; --border: #d4d6db; --bg: #ffffff; --bar-bg: #f3f4f6; --gutter: #8b929c;
  --accent: #0b5cad; --focus: #d9480f; --error: #c92a2a; --error-bg: #fff0f0; --warning: #9c5700;
  --warning-bg: #fff7e6; --secondary: #7048e8; --selection: #cfe0ff;
  --add-bg: #e6f7ea; --add-fg: #1b6b2c; --del-bg: #fdecec; --del-fg: #a61e1e;
  --t-keyword: #8e24aa; --t-string: #2b7a0b; --t-number: #b35900; --t-comment: #6a737d; --t-type: #0b6e99;
  --t-function: #1c4fbf; --t-macro: #1c4fbf; --t-meta: #8a6d00; --t-lifetime: #b3006b; --t-punct: #4a5058;
  font-family: var(--send-lens-font, system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif);
  font-size: var(--send-lens-font-size, 14px);
  line-height: 1.45;
  color: var(--fg);
  background: var(--bg);
  border: 1px solid var(--border);
  border-radius: 6px;
  overflow: hidden;
  text-align: left;
  direction: ltr;
}
.sl *, .sl *::before, .sl *::after { box-sizing: border-box; }
:host([theme="dark"]) .sl {
  color-scheme: dark;
  --fg: #e3e5e8; --muted: #9aa1ab; --border: #343841; --bg: #1a1c20; --bar-bg: #23262c; --gutter: #6c727c;
  --accent: #7cb7ff; --focus: #ffa94d; --error: #ff6b6b; --error-bg: #3a1d1f; --warning: #ffc069;
  --warning-bg: #3a2e14; --secondary: #b197fc; --selection: #2f4a75;
  --add-bg: #17331f; --add-fg: #8ce99a; --del-bg: #3d1a1c; --del-fg: #ffa8a8;
  --t-keyword: #e599f7; --t-string: #a9e34b; --t-number: #ffc078; --t-comment: #8b929c; --t-type: #66d9e8;
  --t-function: #91a7ff; --t-macro: #91a7ff; --t-meta: #ffd43b; --t-lifetime: #faa2c1; --t-punct: #c1c6cd;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) .sl {
    color-scheme: dark;
    --fg: #e3e5e8; --muted: #9aa1ab; --border: #343841; --bg: #1a1c20; --bar-bg: #23262c; --gutter: #6c727c;
    --accent: #7cb7ff; --focus: #ffa94d; --error: #ff6b6b; --error-bg: #3a1d1f; --warning: #ffc069;
    --warning-bg: #3a2e14; --secondary: #b197fc; --selection: #2f4a75;
    --add-bg: #17331f; --add-fg: #8ce99a; --del-bg: #3d1a1c; --del-fg: #ffa8a8;
    --t-keyword: #e599f7; --t-string: #a9e34b; --t-number: #ffc078; --t-comment: #8b929c; --t-type: #66d9e8;
    --t-function: #91a7ff; --t-macro: #91a7ff; --t-meta: #ffd43b; --t-lifetime: #faa2c1; --t-punct: #c1c6cd;
  }
}
.bar { display: flex; align-items: center; gap: 0.6em; flex-wrap: wrap; padding: 0.35em 0.7em; background: var(--bar-bg);
  border-bottom: 1px solid var(--border); font-size: 0.9em; }
.brand { font-weight: 600; }
.status { color: var(--muted); }
.status[data-errors]:not([data-errors="0"]) { color: var(--error); font-weight: 600; }
.spacer { flex: 1; }
button, a.open { font: inherit; font-size: 1em; color: var(--accent); background: none; border: 1px solid transparent;
  border-radius: 4px; padding: 0.1em 0.4em; cursor: pointer; text-decoration: none; }
button:hover, a.open:hover { border-color: var(--border); }
button:focus-visible, a:focus-visible, textarea:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
button.primary { background: var(--accent); color: var(--bg); }
.toggle { display: none; }
:host([collapsed]) .toggle { display: inline-block; }
.code { position: relative; display: flex; overflow: auto; background: var(--bg); }
:host([collapsed]) .code { display: none; }
.gutter, .hl, textarea {
  margin: 0; padding: 0.6em 0.8em; border: 0; font-family: var(--send-lens-mono, ui-monospace, "SFMono-Regular",
  "DejaVu Sans Mono", Menlo, Consolas, monospace); font-size: 0.93em; line-height: 1.5; letter-spacing: 0;
  word-spacing: 0; tab-size: 4; white-space: pre; font-weight: 400; font-style: normal; text-transform: none;
}
.gutter { color: var(--gutter); text-align: right; user-select: none; padding-right: 0.4em; min-width: 2.6em;
  position: sticky; left: 0; background: var(--bg); z-index: 2; }
.editor { position: relative; flex: 1 0 auto; min-width: 0; }
.hl { color: var(--fg); }
textarea { position: absolute; inset: 0; width: 100%; height: 100%; resize: none; overflow: hidden; background: transparent;
  color: transparent; caret-color: var(--fg); outline: none; }
textarea:focus-visible { outline-offset: -2px; }
textarea::selection { background: var(--selection); color: transparent; }
.t-keyword { color: var(--t-keyword); } .t-string { color: var(--t-string); } .t-number { color: var(--t-number); }
.t-comment { color: var(--t-comment); font-style: italic; } .t-type { color: var(--t-type); }
.t-function { color: var(--t-function); } .t-macro { color: var(--t-macro); } .t-meta { color: var(--t-meta); }
.t-lifetime { color: var(--t-lifetime); } .t-punct { color: var(--t-punct); }
.u-error { text-decoration: underline wavy var(--error); text-decoration-skip-ink: none; text-underline-offset: 3px; }
.u-warning { text-decoration: underline wavy var(--warning); text-decoration-skip-ink: none; text-underline-offset: 3px; }
.u-secondary { text-decoration: underline dotted var(--secondary); text-underline-offset: 3px; }
.u-error.u-secondary, .u-warning.u-secondary { text-decoration-style: wavy; }
.tip { position: absolute; z-index: 5; max-width: 36em; padding: 0.4em 0.6em; background: var(--bar-bg); color: var(--fg);
  border: 1px solid var(--border); border-radius: 4px; box-shadow: 0 2px 8px rgba(0,0,0,.2); font-size: 0.9em;
  pointer-events: none; white-space: normal; }
.tip p { margin: 0; } .tip p + p { margin-top: 0.3em; color: var(--muted); }
.diags { margin: 0; padding: 0; list-style: none; border-top: 1px solid var(--border); }
.diags:empty { display: none; }
.diag { padding: 0.5em 0.8em; border-left: 3px solid var(--error); }
.diag + .diag { border-top: 1px solid var(--border); }
.diag.warning { border-left-color: var(--warning); }
.diag.info { border-left-color: var(--accent); }
.diag p, .diag ul { margin: 0.15em 0; }
.diag ul { padding-left: 1.2em; }
.msg { font-weight: 600; }
.sev { display: inline-block; font-size: 0.78em; text-transform: uppercase; letter-spacing: 0.03em; padding: 0 0.4em;
  border-radius: 3px; margin-right: 0.4em; background: var(--error-bg); color: var(--error); font-weight: 700; }
.warning .sev { background: var(--warning-bg); color: var(--warning); }
.rule { color: var(--muted); font-weight: 400; font-size: 0.85em; margin-left: 0.4em; }
.kw { color: var(--muted); }
.loc { font-family: var(--send-lens-mono, ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace); font-size: 0.9em; padding: 0 0.3em; }
code { font-family: var(--send-lens-mono, ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace); font-size: 0.92em;
  background: var(--bar-bg); border-radius: 3px; padding: 0 0.2em; }
.fix { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.4em; margin-top: 0.3em; }
.appl { font-size: 0.85em; color: var(--muted); }
.diff { margin: 0.3em 0 0; padding: 0.4em 0; overflow: auto; background: var(--bar-bg); border-radius: 4px;
  font-family: var(--send-lens-mono, ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace); font-size: 0.88em; line-height: 1.45; white-space: pre; }
.diff span { display: block; padding: 0 0.6em; }
.diff .add { background: var(--add-bg); color: var(--add-fg); } .diff .del { background: var(--del-bg); color: var(--del-fg); }
.clear { padding: 0.5em 0.8em; margin: 0; color: var(--muted); border-top: 1px solid var(--border); }
.note { padding: 0.4em 0.8em; margin: 0; border-top: 1px solid var(--border); color: var(--muted); font-size: 0.9em; }
.note.bad { color: var(--error); }
`;
