// Rust tokens for colouring the widget's code. Hand-written on purpose: the widget must stay
// small (issue 6: wasm + JS under 250 KB brotli), and the only grammar-based option, Lezer's
// Rust grammar (what @codemirror/lang-rust uses), is 40 KB brotli by itself, CodeMirror's view
// and state another 65 KB. Colours only need a lexer, since the analyzer does the real parsing;
// anything this lexer does not know is left uncoloured, never rejected.

const KEYWORDS = new Set(
  ('as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut ' +
    'pub ref return self Self static struct super trait true type union unsafe use where while yield').split(' '),
);

// Sticky patterns tried in order at each position; the first that matches gives the token.
const RULES = [
  ['comment', /\/\/[^\n]*/y],
  ['comment', /\/\*/y], // nested block comments: finished by blockCommentEnd
  // Raw strings r#"…"#; unterminated, they run to the end (as in rustc), which also keeps a text
  // full of unclosed `r#"` linear instead of rescanning the rest of it at each one.
  ['string', /b?r(#*)"[\s\S]*?(?:"\1|$)/y],
  ['string', /[bc]?"(?:[^"\\]|\\[\s\S])*(?:"|$)/y],
  ['string', /b?'(?:[^'\\\n]|\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F_]{1,8}\}|.))'/y], // chars, before lifetimes
  ['lifetime', /'(?:r#)?[A-Za-z_][A-Za-z0-9_]*/y],
  ['meta', /#!?\[/y], // attributes: finished by attributeEnd
  ['number', /(?:0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d[\d_]*(?:\.(?!\.|[A-Za-z_])[\d_]*)?(?:[eE][+-]?[\d_]+)?)(?:[iuf](?:8|16|32|64|128|size))?/y],
  ['ident', /(?:r#)?[A-Za-z_][A-Za-z0-9_]*/y],
  ['space', /\s+/y],
  ['punct', /::|->|=>|[^\sA-Za-z0-9_]/y],
];

function blockCommentEnd(text, from) {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return text.length;
}

function attributeEnd(text, from) {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i + 1;
    else if (c === '\n' && depth <= 1 && text[i - 1] !== ',') return i; // an unclosed `#[` ends with its line
  }
  return text.length;
}

/** Tokens of `text` as [from, to, kind] (UTF-16 offsets; kind is a CSS class suffix or ''). */
export function tokenize(text) {
  const out = [];
  let pos = 0;
  let prevWord = '';
  while (pos < text.length) {
    let kind = 'punct';
    let end = pos + 1;
    for (const [k, re] of RULES) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (!m || m[0].length === 0) continue;
      kind = k;
      end = pos + m[0].length;
      break;
    }
    if (kind === 'comment' && text.startsWith('/*', pos)) end = blockCommentEnd(text, pos);
    if (kind === 'meta') end = attributeEnd(text, pos);
    if (kind === 'ident') {
      const word = text.slice(pos, end);
      const next = /\s*(\S)/y;
      next.lastIndex = end;
      const after = next.exec(text)?.[1];
      if (KEYWORDS.has(word)) kind = 'keyword';
      else if (text[end] === '!' && text[end + 1] !== '=') {
        kind = 'macro';
        end++;
      } else if (prevWord === 'fn' || after === '(') kind = 'function';
      else if (/^[A-Z]/.test(word)) kind = 'type';
      else kind = '';
      prevWord = word;
    } else if (kind !== 'space' && kind !== 'comment') prevWord = '';
    if (kind !== 'space') out.push([pos, end, kind === 'punct' ? 'punct' : kind]);
    pos = end;
  }
  return out;
}
