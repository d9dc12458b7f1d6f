// DOM building shared by the page (app.js) and the widget (embed/element.js). Everything is set
// as text or as attributes: no HTML is ever parsed from a string.
import { inline } from './markdown.js';

/**
 * `<tag>` with `attrs` (`class`, `dataset` as an object, any attribute; null, undefined and false
 * leave it out, true sets it empty) and `children` (nodes or text; null, undefined and false
 * skipped).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** A span whose `code`, **strong** and *em* parts are elements (markdown.js `inline`); all of it text. */
export function rich(text, attrs = {}) {
  const node = el('span', attrs);
  inline(node, String(text ?? ''));
  return node;
}

/** "1 error", "2 errors". */
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
