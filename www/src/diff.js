// A line diff of a fix: the changed lines with a little context, as the preview before applying.

/** Returns [{kind: ' ' | '-' | '+', text, oldLine?, newLine?}] for the changed region. */
export function lineDiff(before, after, context = 2) {
  const a = before.split('\n');
  const b = after.split('\n');
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const out = [];
  const start = Math.max(0, pre - context);
  for (let i = start; i < pre; i++) out.push({ kind: ' ', text: a[i], oldLine: i + 1 });
  for (let i = pre; i < a.length - suf; i++) out.push({ kind: '-', text: a[i], oldLine: i + 1 });
  for (let i = pre; i < b.length - suf; i++) out.push({ kind: '+', text: b[i], newLine: i + 1 });
  const end = Math.min(a.length, a.length - suf + context);
  for (let i = a.length - suf; i < end; i++) out.push({ kind: ' ', text: a[i], oldLine: i + 1 });
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
