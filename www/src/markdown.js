// A small Markdown renderer for the rules' docs that builds DOM nodes and only ever sets text
// (never innerHTML): headings, paragraphs, bullet lists, fenced code, `code`, **strong**, *em*.

/** Appends `text` to `parent`, with `code`, **strong** and *em* as elements (text only). */
export function inline(parent, text) {
  const re = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parent.append(text.slice(last, m.index));
    const tok = m[0];
    let el;
    if (tok.startsWith('`')) {
      el = document.createElement('code');
      el.textContent = tok.slice(1, -1);
    } else if (tok.startsWith('**')) {
      el = document.createElement('strong');
      el.textContent = tok.slice(2, -2);
    } else {
      el = document.createElement('em');
      el.textContent = tok.slice(1, -1);
    }
    parent.append(el);
    last = m.index + tok.length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

/** Renders `markdown` into a DocumentFragment. `headingLevel` is the level of a `#` heading. */
export function renderMarkdown(markdown, headingLevel = 3) {
  const frag = document.createDocumentFragment();
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  let para = [];
  let list = null;
  const flush = () => {
    if (para.length) {
      const p = document.createElement('p');
      inline(p, para.join(' '));
      frag.append(p);
      para = [];
    }
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*```\s*([\w,+-]*)/);
    if (fence) {
      flush();
      const body = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) body.push(lines[i]);
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      const lang = fence[1].split(',')[0];
      if (lang) code.dataset.lang = lang;
      code.textContent = body.join('\n');
      pre.append(code);
      frag.append(pre);
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      flush();
      const level = Math.min(6, headingLevel + heading[1].length - 1);
      const h = document.createElement(`h${level}`);
      inline(h, heading[2]);
      frag.append(h);
      continue;
    }
    const item = line.match(/^\s*[-*]\s+(.*)$/);
    if (item) {
      if (para.length) flush();
      if (!list) {
        list = document.createElement('ul');
        frag.append(list);
      }
      const li = document.createElement('li');
      inline(li, item[1]);
      list.append(li);
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (list && /^\s+/.test(line)) {
      list.lastChild.append(' ');
      inline(list.lastChild, line.trim());
      continue;
    }
    list = null;
    para.push(line.trim());
  }
  flush();
  return frag;
}
