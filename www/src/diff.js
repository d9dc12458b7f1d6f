// A line diff of a fix: the changed lines with a little context, as the preview before applying.

/**
 * A line diff (LCS over the changed middle) as hunks with `context` lines around each change.
 * Returns [{kind: ' ' | '-' | '+' | '…', text, oldLine?, newLine?}]; '…' separates hunks.
 */
export function lineDiff(before, after, context = 2) {
  const a = before.split('\n');
  const b = after.split('\n');
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const all = [];
  for (let i = 0; i < pre; i++) all.push({ kind: ' ', text: a[i], oldLine: i + 1 });
  if (am.length * bm.length <= 4_000_000) {
    // LCS table from the end, then walk forward.
    const n = am.length;
    const m = bm.length;
    const t = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) t[i][j] = am[i] === bm[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        all.push({ kind: ' ', text: am[i], oldLine: pre + i + 1 });
        i++;
        j++;
      } else if (i < n && (j === m || t[i + 1][j] >= t[i][j + 1])) {
        all.push({ kind: '-', text: am[i], oldLine: pre + i + 1 });
        i++;
      } else {
        all.push({ kind: '+', text: bm[j], newLine: pre + j + 1 });
        j++;
      }
    }
  } else {
    am.forEach((text, i) => all.push({ kind: '-', text, oldLine: pre + i + 1 }));
    bm.forEach((text, j) => all.push({ kind: '+', text, newLine: pre + j + 1 }));
  }
  for (let i = a.length - suf; i < a.length; i++) all.push({ kind: ' ', text: a[i], oldLine: i + 1 });
  // Keep `context` unchanged lines around each change.
  const keep = all.map(() => false);
  all.forEach((l, i) => {
    if (l.kind === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(all.length - 1, i + context); k++) keep[k] = true;
  });
  const out = [];
  let gap = false;
  all.forEach((l, i) => {
    if (keep[i]) {
      if (gap && out.length) out.push({ kind: '…', text: '' });
      gap = false;
      out.push(l);
    } else gap = true;
  });
  return out;
}

/** The smallest single replacement that turns `before` into `after` (keeps the cursor and undo sane). */
export function minimalChange(before, after) {
  let from = 0;
  const max = Math.min(before.length, after.length);
  while (from < max && before.charCodeAt(from) === after.charCodeAt(from)) from++;
  let suf = 0;
  while (suf < max - from && before.charCodeAt(before.length - 1 - suf) === after.charCodeAt(after.length - 1 - suf)) suf++;
  return { from, to: before.length - suf, insert: after.slice(from, after.length - suf) };
}
