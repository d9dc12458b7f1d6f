//! Bounds that keep every analysis finite. Inputs beyond them get an `input-limit` warning
//! instead of a parse: syn's parser, our walk and the syntax tree's destructor all recurse, once
//! per nesting level and once per link of a chain (`1 + 1 + …`, `.f().f()…`, `else if …`), and
//! wasm has a stack of about 1 MB.
//!
//! The measure is taken on proc-macro2's token trees rather than with a hand-written scanner:
//! its lexer is the one syn parses with, so strings, raw strings (`r#"…"#`), byte strings, char
//! literals such as `'"'`, lifetimes and nested block comments are exactly what the parser will
//! see, and nothing can hide brackets from this check. Its lexer keeps its own stack and its
//! `TokenStream` drops without recursion (proc-macro2 1.0.107 `parse.rs::token_stream`,
//! `fallback.rs` `impl Drop for TokenStream`), and our walk below is iterative too, so measuring
//! cannot overflow whatever the depth. Input that does not lex gets the parser's own syntax error.

use std::str::FromStr;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use crate::report::{Diagnostic, Severity};
use crate::syntax::text::{Range, SourceText};

/// Deepest nesting of brackets, braces and parentheses we parse.
pub const MAX_NESTING: usize = 128;
/// Largest input we parse, in bytes.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Most chain units on any path from the file into its innermost group. A link of a chain
/// (`1 + 1 + …`, `.f().f()…`, `x???`, `f()()`, `a[0][0]`, `else if …`, `x as u8 as u8`) is one
/// unit; links that nest the syntax tree to the right cost more, as syn's parser recurses into
/// them with deeper frames (weights below, measured in wasm, where the stack is smallest); each
/// enclosing group costs `NESTING_UNITS`. Counted per group level between `;` and `,`, and summed
/// over the enclosing levels, since a chain inside a group inside a chain nests the tree by both.
pub const MAX_CHAIN: usize = 1500;
/// What one level of brackets adds to the chain budget of everything inside it.
const NESTING_UNITS: usize = 6;

/// The weight of a chain link, by what it is. Measured with `analyze` in wasm (release build,
/// Node 20's default stack) on chains of one kind: about 1,500 links of a left-nested chain
/// (binary operators, method calls, `?`, casts, `else if`, prefix `!`) fit, but only ~480
/// closures `|| || …` (~960 `|`), ~1,150 assignments `a = a = …`, ~760 `return return …`,
/// ~490 reference types `&&&…u8` and ~240 nested generics `Vec<Vec<…>>`. Each weight is set so
/// that the budget allows about half of what fits.
fn punct_units(c: char, prefix: bool) -> usize {
    match c {
        // `::` and `'a` do not nest the tree.
        ':' | '\'' => 0,
        '<' => 12,
        '|' | '=' => 3,
        // `&&&&u8`, `****x`, `- - - x`: right-nested prefix operators and reference types.
        _ if prefix => 6,
        _ => 1,
    }
}

/// Compared with `Ident == &str`, which reads the identifier in place: `to_string` on every
/// identifier of the file (formatting machinery and an allocation each) was a sixth of this
/// check.
fn keyword_units(word: &proc_macro2::Ident) -> usize {
    if word == "return" || word == "break" || word == "yield" {
        4
    } else if word == "else" || word == "as" || word == "move" {
        1
    } else {
        0
    }
}

/// What the pre-scan found.
pub enum Checked {
    /// Beyond the limits: builds the warning reported instead of an analysis.
    Beyond(Box<dyn Fn(&SourceText) -> Diagnostic>),
    /// Within them, with the tokens the parser can take (`syn::parse2`) so that the file is
    /// lexed once, not twice (lexing was a sixth of an analysis). `None` when they are not
    /// exactly what `syn::parse_file` would lex, which then lexes again: input that does not
    /// lex (its error comes from the parser, as before), and a file starting with a byte order
    /// mark or `#!`, which `parse_file` strips or keeps as a shebang before lexing (syn 3.0.10
    /// `lib.rs::parse_file`; proc-macro2 would keep the mark's char in the columns of line 1).
    Within(Option<TokenStream>),
}

/// Measures the input against the limits.
pub fn check(source: &str) -> Checked {
    if source.len() > MAX_BYTES {
        let n = source.len();
        return Checked::Beyond(Box::new(move |text| {
            limit(
                text,
                Range::empty(0),
                format!("the file is {n} bytes; sendlens analyses files up to {MAX_BYTES} bytes"),
            )
        }));
    }
    // Unlexable input cannot nest the syntax tree: syn stops at the same lexer error.
    let Ok(tokens) = TokenStream::from_str(source) else {
        return Checked::Within(None);
    };
    let excess = match measure(tokens) {
        Ok(tokens) => {
            let same_as_parse_file = !source.starts_with('\u{feff}') && !source.starts_with("#!");
            return Checked::Within(same_as_parse_file.then_some(tokens));
        }
        Err(excess) => excess,
    };
    Checked::Beyond(Box::new(move |text| {
        let at = text.offset_of(excess.at);
        let range = Range::new(at, text.text[at..].chars().next().map_or(at, |c| at + c.len_utf8()));
        let message = match excess.kind {
            Excess::Nesting => {
                format!("brackets nest deeper than {MAX_NESTING} levels here; sendlens does not analyse code nested this deep")
            }
            Excess::Chain => format!(
                "more than {MAX_CHAIN} operators, calls or `else`/`as`/`return` chain up in one expression here; sendlens does not analyse expressions this long"
            ),
        };
        limit(text, range, message)
    }))
}

enum Excess {
    Nesting,
    Chain,
}

struct Found {
    kind: Excess,
    at: proc_macro2::LineColumn,
}

/// One open group while walking the token trees.
struct Level {
    tokens: proc_macro2::token_stream::IntoIter,
    /// The trees already walked, moved here to be put back together as the same stream.
    walked: TokenStream,
    /// The group being walked (its delimiter and span), `None` for the file.
    group: Option<(Delimiter, proc_macro2::Span)>,
    /// What the group costs before any link: `NESTING_UNITS`, 0 for the file.
    base: usize,
    /// Units since the last `;` or `,` of this group, `base` included.
    chain: usize,
    /// Whether the previous token can be followed by a postfix call or index (an identifier, a
    /// literal or a group), which also tells a prefix operator from an infix one.
    operand_before: bool,
    /// Whether the previous token was a `{…}` group: a statement or item may have ended there.
    after_brace: bool,
    /// `<` not yet closed by `>`, and `|` seen, since the count started: a `,` inside generic
    /// arguments (`A<u8, A<u8, …>>`) or closure parameters (`|a, b| |a, b| …`) does not end
    /// the chain, since the nesting goes on after it.
    open_angles: usize,
    pipes: usize,
    /// The previous token was a `-` or `=` joined to the next one (`->`, `=>`: no closing `>`).
    arrow_start: bool,
}

impl Level {
    fn new(tokens: TokenStream, group: Option<(Delimiter, proc_macro2::Span)>, base: usize) -> Level {
        Level {
            tokens: tokens.into_iter(),
            walked: TokenStream::new(),
            group,
            base,
            chain: base,
            operand_before: false,
            after_brace: false,
            open_angles: 0,
            pipes: 0,
            arrow_start: false,
        }
    }

    /// Starts the count again; returns the units dropped.
    fn restart(&mut self) -> usize {
        let dropped = self.chain - self.base;
        self.chain = self.base;
        self.open_angles = 0;
        self.pipes = 0;
        dropped
    }
}

/// Walks the token trees without recursion and, within the limits, gives back the same trees.
///
/// The trees are moved, not copied: proc-macro2 has no borrowing iterator, and iterating a
/// group's stream while the group holds it copies every token (an allocation for each
/// identifier and literal). A stream taken out of a group that is then dropped has no other
/// owner, so iterating it moves the tokens; each group is rebuilt from them with its delimiter
/// and span (`Group::set_span` sets the span its open and close spans are taken from), which
/// is the stream the lexer made.
fn measure(tokens: TokenStream) -> Result<TokenStream, Found> {
    let mut stack = vec![Level::new(tokens, None, 0)];
    // Sum of `chain` over every level on the stack.
    let mut chain_sum = 0usize;
    while let Some(level) = stack.last_mut() {
        let Some(tree) = level.tokens.next() else {
            chain_sum -= level.chain;
            let done = stack.pop().expect("the level just looked at");
            match (done.group, stack.last_mut()) {
                (Some((delimiter, span)), Some(parent)) => {
                    let mut group = proc_macro2::Group::new(delimiter, done.walked);
                    group.set_span(span);
                    parent.walked.extend([TokenTree::Group(group)]);
                }
                _ => return Ok(done.walked),
            }
            continue;
        };
        // After `{…}`, an identifier (other than `else`/`as`), an attribute or a literal starts a
        // new statement, item or match arm: `fn a() -> u32 {…} fn b() -> u32 {…}` or
        // `A => {…} B => {…}` are not one long expression, so the count starts again.
        let starts_anew = level.after_brace
            && match &tree {
                TokenTree::Ident(i) => i != "else" && i != "as",
                TokenTree::Punct(p) => p.as_char() == '#',
                TokenTree::Literal(_) => true,
                TokenTree::Group(_) => false,
            };
        if starts_anew {
            chain_sum -= level.restart();
        }
        let links = match &tree {
            TokenTree::Punct(p) if p.as_char() == ';' => {
                chain_sum -= level.restart();
                0
            }
            TokenTree::Punct(p) if p.as_char() == ',' => {
                if level.open_angles == 0 && level.pipes % 2 == 0 {
                    chain_sum -= level.restart();
                }
                0
            }
            // Every character counts, so `->` and `+=` count twice (real code can afford it);
            // one that follows no operand is a prefix operator.
            TokenTree::Punct(p) => {
                match p.as_char() {
                    '<' => level.open_angles += 1,
                    '>' if !level.arrow_start => level.open_angles = level.open_angles.saturating_sub(1),
                    '|' => level.pipes += 1,
                    _ => {}
                }
                punct_units(p.as_char(), !level.operand_before)
            }
            TokenTree::Ident(i) => keyword_units(i),
            TokenTree::Literal(_) => 0,
            TokenTree::Group(g) => usize::from(level.operand_before && g.delimiter() != Delimiter::Brace),
        };
        level.chain += links;
        chain_sum += links;
        level.operand_before = matches!(tree, TokenTree::Ident(_) | TokenTree::Literal(_) | TokenTree::Group(_));
        level.after_brace = matches!(&tree, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace);
        level.arrow_start =
            matches!(&tree, TokenTree::Punct(p) if matches!(p.as_char(), '-' | '=') && p.spacing() == Spacing::Joint);
        if chain_sum > MAX_CHAIN {
            return Err(Found { kind: Excess::Chain, at: tree.span().start() });
        }
        match tree {
            TokenTree::Group(group) => {
                if stack.len() > MAX_NESTING {
                    return Err(Found { kind: Excess::Nesting, at: group.span_open().start() });
                }
                let (delimiter, span, stream) = (group.delimiter(), group.span(), group.stream());
                drop(group);
                stack.push(Level::new(stream, Some((delimiter, span)), NESTING_UNITS));
                chain_sum += NESTING_UNITS;
            }
            tree => level.walked.extend([tree]),
        }
    }
    unreachable!("the file's level returns its stream when it ends")
}

fn limit(text: &SourceText, range: Range, message: String) -> Diagnostic {
    Diagnostic {
        rule: "input-limit".into(),
        severity: Severity::Warning,
        message: message.clone(),
        labels: vec![crate::report::Label {
            span: text.span(range),
            message: "analysis stopped here".into(),
            primary: true,
        }],
        notes: vec!["rustc may well accept this program; sendlens did not check it".into()],
        help: vec![],
        fixes: vec![],
    }
}
