//! The macros whose arguments sendlens understands: the formatting family (with inline
//! `{name}` arguments), `vec!`, `assert!`, `tokio::select!` and the `join!` family. Any other
//! macro is opaque: the locals it names get uses we cannot see, so they are never judged.

use crate::fast::punctuated::Elements;
use proc_macro2::{TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, Token};

pub enum ValuesKind {
    Vec,
    Dbg,
    /// `join!`: all futures awaited together.
    Join,
}

/// What the walker reads from a macro's arguments, borrowed from its [`ParsedBody`].
pub enum MacroArgs<'p> {
    /// `println!("{} {x}", a)`: the write target (for `write!`), the arguments (borrowed) and
    /// the format string literal (for inline arguments).
    Format {
        target: Option<&'p Expr>,
        exprs: Vec<&'p Expr>,
        format: Option<&'p syn::LitStr>,
    },
    /// Arguments taken by value.
    Values {
        exprs: Vec<&'p Expr>,
        kind: ValuesKind,
    },
    /// `select!` branches: the future, the pattern it binds, the handler.
    Select {
        branches: &'p [(Expr, Option<syn::Pat>, Expr)],
    },
    Opaque,
}

/// Which of the understood macros a name is, and how its body parses.
#[derive(Clone, Copy)]
enum Kind {
    /// The formatting family: `has_target` for `write!`, `leading` value arguments before the
    /// format string (`assert!(cond, "..")` has one).
    Format {
        has_target: bool,
        leading: usize,
    },
    Vec,
    Dbg,
    Matches,
    Join,
    Select,
    Opaque,
}

/// A macro body parsed once. The walker parses the bodies it understands, and the mention
/// visitor (`mentions.rs`), which reads every macro body as comma-separated expressions, takes
/// the same parse instead of parsing again (that second parse was a twentieth of an analysis).
pub struct ParsedBody {
    kind: Kind,
    body: Body,
}

/// Parsed macro bodies by the address of their `syn::Macro` (see `Walker::macro_bodies`).
#[derive(Default)]
pub struct MacroBodies {
    by_macro: crate::fast::hash::HashMap<*const syn::Macro, std::rc::Rc<ParsedBody>>,
}

impl MacroBodies {
    pub fn get(&self, mac: &syn::Macro) -> Option<&std::rc::Rc<ParsedBody>> {
        self.by_macro.get(&(mac as *const syn::Macro))
    }

    pub fn insert(&mut self, mac: &syn::Macro, parsed: std::rc::Rc<ParsedBody>) {
        self.by_macro.insert(mac, parsed);
    }
}

enum Body {
    /// `Punctuated::<Expr, Token![,]>::parse_terminated` of the tokens; `None` when they do not
    /// parse that way.
    Comma(Option<Vec<Expr>>),
    /// `vec![x; n]` (boxed: rare, and an `Expr` is large).
    Repeat(Box<(Expr, Expr)>),
    /// The first argument of `matches!`.
    Matches(Option<Expr>),
    Select(Option<Vec<(Expr, Option<syn::Pat>, Expr)>>),
    /// Not parsed: a macro the walker does not understand.
    Opaque,
}

fn comma_exprs(tokens: TokenStream) -> Option<Vec<Expr>> {
    if let Some(simple) = simple_list(&tokens) {
        return Some(simple);
    }
    let p = Punctuated::<Expr, Token![,]>::parse_terminated;
    p.parse2(tokens).ok().map(|p| p.into_iter().collect())
}

/// `"{} {}", a, b` or `"{}", *counter.borrow(), names.len()`: what most macro bodies hold,
/// built as syn's parser builds it without running it (syn's expression parser cost about
/// 15,000 instructions per `println!`). Each argument is a literal or a name, then any `.field`
/// and `.method()` without arguments, behind at most one `*`, `&` or `&mut`; [`simple_expr`]
/// says exactly what. A body with anything else (`None`) goes to the parser whole.
fn simple_list(tokens: &TokenStream) -> Option<Vec<Expr>> {
    let mut out = vec![];
    let mut trees = tokens.clone().into_iter().peekable();
    while trees.peek().is_some() {
        out.push(simple_expr(&mut trees)?);
        match trees.next() {
            None => break,
            Some(TokenTree::Punct(p)) if p.as_char() == ',' => {}
            Some(_) => return None,
        }
    }
    Some(out)
}

/// One argument of [`simple_list`], up to the `,` after it or the end: `lit | name`, then
/// `(.member | .method())*`, behind an optional `*`, `&` or `&mut`, as syn 3.0.10 builds it
/// (`expr.rs`: `unary_expr` for the prefix, `trailer_helper` for the chain): `Expr::Lit`,
/// `Expr::Path`, `Expr::Field`, `Expr::MethodCall` with no turbofish and no arguments,
/// `Expr::Unary`, `Expr::Reference`, each with the spans of its own tokens. Keywords other than
/// a `self` receiver, literal members (`t.0`), turbofish, arguments, indexing, calls, paths,
/// operators and `.await` all give `None`.
fn simple_expr(trees: &mut std::iter::Peekable<proc_macro2::token_stream::IntoIter>) -> Option<Expr> {
    enum Prefix {
        Deref(Token![*]),
        Ref(Token![&], Option<Token![mut]>),
    }
    let prefix = match trees.peek()? {
        TokenTree::Punct(p) if p.as_char() == '*' => {
            let star = Token![*](p.span());
            trees.next();
            Some(Prefix::Deref(star))
        }
        TokenTree::Punct(p) if p.as_char() == '&' => {
            let and = Token![&](p.span());
            trees.next();
            let mutability = match trees.peek() {
                Some(TokenTree::Ident(m)) if m == "mut" => {
                    let m = Token![mut](m.span());
                    trees.next();
                    Some(m)
                }
                _ => None,
            };
            Some(Prefix::Ref(and, mutability))
        }
        _ => None,
    };
    let mut expr = match trees.next()? {
        TokenTree::Literal(lit) => Expr::Lit(syn::ExprLit { attrs: vec![], lit: syn::Lit::new(lit) }),
        TokenTree::Ident(name) if name == "self" || !is_keyword(&name) => {
            Expr::Path(syn::ExprPath { attrs: vec![], qself: None, path: name.into() })
        }
        _ => return None,
    };
    while let Some(TokenTree::Punct(dot)) = trees.peek() {
        if dot.as_char() != '.' {
            break;
        }
        let dot_token = Token![.](dot.span());
        trees.next();
        let member = match trees.next()? {
            TokenTree::Ident(m) if !is_keyword(&m) => m,
            _ => return None,
        };
        expr = match trees.peek() {
            Some(TokenTree::Group(args))
                if args.delimiter() == proc_macro2::Delimiter::Parenthesis && args.stream().is_empty() =>
            {
                let paren_token = syn::token::Paren { span: args.delim_span() };
                trees.next();
                Expr::MethodCall(syn::ExprMethodCall {
                    attrs: vec![],
                    receiver: Box::new(expr),
                    dot_token,
                    method: member,
                    turbofish: None,
                    paren_token,
                    args: Punctuated::new(),
                })
            }
            Some(TokenTree::Group(_)) => return None,
            _ => Expr::Field(syn::ExprField {
                attrs: vec![],
                base: Box::new(expr),
                dot_token,
                member: syn::Member::Named(member),
            }),
        };
    }
    match trees.peek() {
        None => {}
        Some(TokenTree::Punct(p)) if p.as_char() == ',' => {}
        Some(_) => return None,
    }
    Some(match prefix {
        None => expr,
        Some(Prefix::Deref(star)) => {
            Expr::Unary(syn::ExprUnary { attrs: vec![], op: syn::UnOp::Deref(star), expr: Box::new(expr) })
        }
        Some(Prefix::Ref(and_token, mutability)) => {
            Expr::Reference(syn::ExprReference { attrs: vec![], and_token, mutability, expr: Box::new(expr) })
        }
    })
}

/// Words the parser reads as something other than a path (`true`, `self`, `break`, ...): syn's
/// list of words it will not take as an identifier (syn 3.0.10 `ident.rs::accept_as_ident`).
fn is_keyword(name: &proc_macro2::Ident) -> bool {
    matches!(
        crate::syntax::text::IdentText::new(name).as_str(),
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

fn kind(mac: &syn::Macro, name: &str) -> Kind {
    match name {
        "println" | "print" | "eprintln" | "eprint" | "format" | "panic" | "unreachable" | "todo" | "unimplemented"
        | "format_args" => Kind::Format { has_target: false, leading: 0 },
        "write" | "writeln" => Kind::Format { has_target: true, leading: 0 },
        "assert" | "debug_assert" => Kind::Format { has_target: false, leading: 1 },
        "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne" => {
            Kind::Format { has_target: false, leading: 2 }
        }
        "vec" => Kind::Vec,
        "dbg" => Kind::Dbg,
        "matches" => Kind::Matches,
        "join" | "try_join" if is_async_crate(mac) => Kind::Join,
        "select" if is_async_crate(mac) => Kind::Select,
        _ => Kind::Opaque,
    }
}

/// Parses the body of macro `mac` named `name` (its last path segment) as far as the walker
/// understands it.
pub fn parse(mac: &syn::Macro, name: &str) -> ParsedBody {
    let kind = kind(mac, name);
    let tokens = mac.tokens.clone();
    let body = match kind {
        Kind::Format { .. } | Kind::Dbg | Kind::Join => Body::Comma(comma_exprs(tokens)),
        Kind::Vec => vec_body(tokens),
        Kind::Matches => {
            let first = |input: ParseStream| -> syn::Result<Expr> {
                let e: Expr = input.parse()?;
                input.parse::<Token![,]>()?;
                let _: TokenStream = input.parse()?;
                Ok(e)
            };
            Body::Matches(first.parse2(tokens).ok())
        }
        Kind::Select => Body::Select(select_branches(tokens)),
        Kind::Opaque => Body::Opaque,
    };
    ParsedBody { kind, body }
}

/// `vec![x; n]` or `vec![a, b]`, in one pass: both start with an expression, and the token
/// after it tells them apart. (Trying the `;` form first and parsing again as a list on its
/// error parsed the first element twice and built an error message each time.) The results
/// are those of the two separate parses: when the `;` form does not parse, neither does the
/// list (its first separator is a `;`), and the list form is `parse_terminated`'s grammar.
fn vec_body(tokens: TokenStream) -> Body {
    if let Some(simple) = simple_list(&tokens) {
        return Body::Comma(Some(simple));
    }
    enum Vec2 {
        Repeat(Box<(Expr, Expr)>),
        List(Vec<Expr>),
    }
    let parser = |input: ParseStream| -> syn::Result<Vec2> {
        if input.is_empty() {
            return Ok(Vec2::List(vec![]));
        }
        let first: Expr = input.parse()?;
        if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            let n: Expr = input.parse()?;
            return Ok(Vec2::Repeat(Box::new((first, n))));
        }
        let mut list = vec![first];
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            list.push(input.parse()?);
        }
        Ok(Vec2::List(list))
    };
    match parser.parse2(tokens) {
        Ok(Vec2::Repeat(pair)) => Body::Repeat(pair),
        Ok(Vec2::List(list)) => Body::Comma(Some(list)),
        Err(_) => Body::Comma(None),
    }
}

impl ParsedBody {
    /// The body as comma-separated expressions, when it was parsed that way (`Some(None)`: it
    /// does not parse so); `None` when it was not tried.
    pub fn comma_exprs(&self) -> Option<Option<&[Expr]>> {
        match &self.body {
            Body::Comma(list) => Some(list.as_deref()),
            // A `vec![x; n]` body is not a list: its first separator is a `;`.
            Body::Repeat(..) => Some(None),
            _ => None,
        }
    }

    pub fn args(&self) -> MacroArgs<'_> {
        match (&self.body, self.kind) {
            (Body::Comma(Some(list)), Kind::Format { has_target, leading }) => format_args(list, has_target, leading),
            (Body::Comma(Some(list)), Kind::Vec) => {
                MacroArgs::Values { exprs: list.iter().collect(), kind: ValuesKind::Vec }
            }
            (Body::Repeat(pair), _) => MacroArgs::Values { exprs: vec![&pair.0, &pair.1], kind: ValuesKind::Vec },
            (Body::Comma(Some(list)), Kind::Dbg) => {
                MacroArgs::Values { exprs: list.iter().collect(), kind: ValuesKind::Dbg }
            }
            (Body::Comma(Some(list)), Kind::Join) => {
                MacroArgs::Values { exprs: list.iter().collect(), kind: ValuesKind::Join }
            }
            (Body::Matches(Some(e)), _) => MacroArgs::Format { target: None, exprs: vec![e], format: None },
            (Body::Select(Some(branches)), _) => MacroArgs::Select { branches },
            _ => MacroArgs::Opaque,
        }
    }
}

fn is_async_crate(mac: &syn::Macro) -> bool {
    mac.path.segments.len() > 1
        && mac.path.segments.first_element().is_some_and(|s| s.ident == "tokio" || s.ident == "futures")
}

/// Splits `[target,] [leading exprs,] "format", args...`.
fn format_args(list: &[Expr], has_target: bool, leading: usize) -> MacroArgs<'_> {
    let mut exprs: Vec<&Expr> = list.iter().collect();
    let target = if has_target && !exprs.is_empty() { Some(exprs.remove(0)) } else { None };
    let mut format = None;
    let idx = leading.min(exprs.len());
    if let Some(Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })) = exprs.get(idx).copied() {
        format = Some(s);
        exprs.remove(idx);
    }
    // Named arguments `name = expr`: only the value is used.
    let exprs = exprs
        .into_iter()
        .map(|e| match e {
            Expr::Assign(a) => &*a.right,
            e => e,
        })
        .collect();
    MacroArgs::Format { target, exprs, format }
}

/// `tokio::select! { pat = fut => handler, ... else => handler }`
fn select_branches(tokens: TokenStream) -> Option<Vec<(Expr, Option<syn::Pat>, Expr)>> {
    let parser = |input: ParseStream| -> syn::Result<Vec<(Expr, Option<syn::Pat>, Expr)>> {
        let mut out = vec![];
        if input.peek(syn::Ident) && input.fork().parse::<syn::Ident>().map(|i| i == "biased").unwrap_or(false) {
            input.parse::<syn::Ident>()?;
            input.parse::<Token![;]>()?;
        }
        while !input.is_empty() {
            if input.peek(Token![else]) {
                input.parse::<Token![else]>()?;
                input.parse::<Token![=>]>()?;
                let h: Expr = input.parse()?;
                out.push((Expr::Verbatim(TokenStream::new()), None, h));
            } else {
                let pat = syn::Pat::parse_single(input)?;
                input.parse::<Token![=]>()?;
                let fut = Expr::parse_without_eager_brace(input)?;
                if input.peek(Token![,]) && input.peek2(Token![if]) {
                    input.parse::<Token![,]>()?;
                    input.parse::<Token![if]>()?;
                    let _cond = Expr::parse_without_eager_brace(input)?;
                }
                input.parse::<Token![=>]>()?;
                let h: Expr = input.parse()?;
                out.push((fut, Some(pat), h));
            }
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(out)
    };
    parser.parse2(tokens).ok()
}

/// Inline arguments of a format string as written in the source (quotes included):
/// `(byte offset, length, name)` of each `{name}` / `{name:?}`.
pub fn inline_args(literal_src: &str) -> Vec<(usize, usize, String)> {
    let bytes = literal_src.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            if bytes.get(i + 1) == Some(&b'{') {
                i += 2;
                continue;
            }
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && (bytes[j] == b'_' || bytes[j].is_ascii_alphanumeric()) {
                j += 1;
            }
            let name = &literal_src[start..j];
            let ends_ok = matches!(bytes.get(j), Some(b'}') | Some(b':'));
            let is_ident = name.chars().next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic()) && name != "_";
            if ends_ok && is_ident {
                out.push((start, j - start, name.to_string()));
            }
            i = j.max(i + 1);
        } else if bytes[i] == b'}' && bytes.get(i + 1) == Some(&b'}') {
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// Every identifier in a token stream (for opaque macros).
pub fn idents(tokens: &TokenStream) -> Vec<String> {
    let mut out = vec![];
    let mut stack = vec![tokens.clone()];
    let mut budget = 100_000usize;
    while let Some(ts) = stack.pop() {
        for tt in ts {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                return out;
            }
            match tt {
                TokenTree::Ident(i) => out.push(i.to_string()),
                TokenTree::Group(g) => stack.push(g.stream()),
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::inline_args;
    use crate::fast::punctuated::Elements;
    use syn::parse::Parser;
    use syn::spanned::Spanned;

    /// What an expression the shortcut builds is, as text: its nodes, recursively; anything
    /// else is "other".
    fn shape(e: &super::Expr) -> String {
        use super::Expr;
        match e {
            Expr::Lit(l) if l.attrs.is_empty() => format!("lit {:?}", std::mem::discriminant(&l.lit)),
            Expr::Path(p) if p.attrs.is_empty() && p.qself.is_none() && p.path.leading_colon.is_none() => {
                let segs: Vec<String> = p
                    .path
                    .segments
                    .elements()
                    .map(|s| format!("{}{}", s.ident, matches!(s.arguments, syn::PathArguments::None)))
                    .collect();
                format!("path {}", segs.join("::"))
            }
            Expr::Field(f) if f.attrs.is_empty() => match &f.member {
                syn::Member::Named(m) => format!("({}).{m}", shape(&f.base)),
                syn::Member::Unnamed(_) => "other".into(),
            },
            Expr::MethodCall(m) if m.attrs.is_empty() && m.turbofish.is_none() && m.args.is_empty() => {
                format!("({}).{}()", shape(&m.receiver), m.method)
            }
            Expr::Unary(u) if u.attrs.is_empty() && matches!(u.op, syn::UnOp::Deref(_)) => {
                format!("*({})", shape(&u.expr))
            }
            Expr::Reference(r) if r.attrs.is_empty() => {
                format!("&{}({})", if r.mutability.is_some() { "mut " } else { "" }, shape(&r.expr))
            }
            _ => "other".into(),
        }
    }

    /// Every token of an expression with where it starts and ends.
    fn tokens_with_spans(e: &super::Expr) -> Vec<(String, proc_macro2::LineColumn, proc_macro2::LineColumn)> {
        fn flatten(
            stream: proc_macro2::TokenStream,
            out: &mut Vec<(String, proc_macro2::LineColumn, proc_macro2::LineColumn)>,
        ) {
            for tree in stream {
                match tree {
                    proc_macro2::TokenTree::Group(g) => {
                        out.push((format!("{:?} open", g.delimiter()), g.span_open().start(), g.span_open().end()));
                        flatten(g.stream(), out);
                        out.push((format!("{:?} close", g.delimiter()), g.span_close().start(), g.span_close().end()));
                    }
                    other => out.push((other.to_string(), other.span().start(), other.span().end())),
                }
            }
        }
        let mut out = vec![];
        flatten(quote::ToTokens::to_token_stream(e), &mut out);
        out
    }

    /// The shortcut builds what the parser builds: same nodes, same tokens, same spans; and it
    /// leaves to the parser what it does not build.
    #[test]
    fn simple_lists_match_the_parser() {
        let bodies = [
            r#""{} {}", a, b"#,
            r#""{x:?}","#,
            "1, 2u8, 3.5, 'c', b'x', r\"raw\", c\"c\", r#type, _x",
            "",
            "data",
            r#""{}", *counter.borrow()"#,
            r#""{} {}", names.len(), *a.b.lock().unwrap()"#,
            "&x, &mut y.z, &mut w.v(), &self.name, self.count()",
            r#""alice".to_string(), 1.max(), 2.5.abs(), r#match.r#type()"#,
            "a . b  .  c ( ),",
            "&raw.x, *r#raw",
            "self",
        ];
        for body in bodies {
            let tokens: proc_macro2::TokenStream = body.parse().expect("lexes");
            let fast = super::simple_list(&tokens).unwrap_or_else(|| panic!("{body} is simple"));
            let parsed =
                super::Punctuated::<super::Expr, super::Token![,]>::parse_terminated.parse2(tokens).expect("parses");
            let parsed: Vec<super::Expr> = parsed.into_iter().collect();
            assert_eq!(fast.len(), parsed.len(), "{body}");
            for (f, p) in fast.iter().zip(&parsed) {
                assert_eq!(shape(f), shape(p), "{body}");
                assert!(!shape(f).contains("other"), "{body}: {}", shape(f));
                assert_eq!(tokens_with_spans(f), tokens_with_spans(p), "{body}");
                assert_eq!((f.span().start(), f.span().end()), (p.span().start(), p.span().end()), "{body}");
            }
        }
        let left_to_the_parser = [
            "true, 1",
            "a, -1",
            ", a",
            "a b",
            "f(x)",
            "break",
            "_",
            "a,, b",
            "x.await",
            "t.0",
            "t.0.1",
            "x.get(0)",
            "x.iter::<u8>()",
            "x.y[0]",
            "a::b",
            "a!()",
            "&&x",
            "&raw const x",
            "&raw mut x",
            "**x",
            "*&x",
            "!x",
            "-x",
            "x.y + 1",
            "x.match",
            "x.self",
            "x..y",
            "Self.x",
            "x.y()()",
            "x.y {}",
            "x.y()?",
            "x as u8",
            "x = 1",
        ];
        for body in left_to_the_parser {
            let tokens: proc_macro2::TokenStream = body.parse().expect("lexes");
            assert!(super::simple_list(&tokens).is_none(), "{body} is left to the parser");
        }
        proc_macro2::extra::invalidate_current_thread_spans();
    }

    /// What the shortcut builds matches the parser on generated bodies: every body of its
    /// grammar is taken, and whatever it takes (also with other tokens mixed in) is what syn
    /// builds, node for node, token for token, span for span.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn generated_bodies_match_the_parser() {
        use proptest::prelude::*;
        const PREFIXES: &[&str] = &["", "*", "&", "&mut ", "& mut ", "&&", "!", "-"];
        const BASES: &[&str] =
            &["a", "self", "r#type", "counter_clone", "raw", "1", "2.5", "\"s\"", "'c'", "_", "true", "Self"];
        const LINKS: &[&str] = &[
            ".len()",
            ".x",
            ".borrow_mut()",
            ".r#match()",
            ".await",
            ".0",
            ".get(0)",
            "()",
            "[0]",
            "::b",
            "?",
            ".iter::<u8>()",
            " + 1",
            " as u8",
        ];
        // The first of each list belong to the shortcut's grammar.
        let (simple_prefixes, simple_bases, simple_links) = (5, 9, 4);
        let item = (0..PREFIXES.len(), 0..BASES.len(), proptest::collection::vec(0..LINKS.len(), 0..4));
        let mut runner =
            proptest::test_runner::TestRunner::new(proptest::test_runner::Config { cases: 3000, ..Default::default() });
        runner
            .run(&(proptest::collection::vec(item, 0..4), any::<bool>()), |(items, trailing)| {
                let in_grammar = items.iter().all(|(p, b, links)| {
                    *p < simple_prefixes && *b < simple_bases && links.iter().all(|l| *l < simple_links)
                });
                let mut body: Vec<String> = items
                    .iter()
                    .map(|(p, b, links)| {
                        format!("{}{}{}", PREFIXES[*p], BASES[*b], links.iter().map(|l| LINKS[*l]).collect::<String>())
                    })
                    .collect();
                if trailing && !body.is_empty() {
                    body.push(String::new());
                }
                let body = body.join(", ");
                let Ok(tokens) = body.parse::<proc_macro2::TokenStream>() else { return Ok(()) };
                let fast = super::simple_list(&tokens);
                let parsed = super::Punctuated::<super::Expr, super::Token![,]>::parse_terminated
                    .parse2(tokens)
                    .map(|p| p.into_iter().collect::<Vec<_>>());
                if in_grammar {
                    prop_assert!(fast.is_some(), "{body} is in the shortcut's grammar");
                }
                if let Some(fast) = fast {
                    let parsed = parsed.map_err(|e| {
                        TestCaseError::fail(format!("{body}: taken by the shortcut, refused by syn: {e}"))
                    })?;
                    prop_assert_eq!(fast.len(), parsed.len(), "{}", body);
                    for (f, p) in fast.iter().zip(&parsed) {
                        prop_assert_eq!(shape(f), shape(p), "{}", body);
                        prop_assert_eq!(tokens_with_spans(f), tokens_with_spans(p), "{}", body);
                    }
                }
                proc_macro2::extra::invalidate_current_thread_spans();
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn finds_inline_arguments_with_their_offsets() {
        let src = r#""{counter:?} and {{x}} {} {0} {name}""#;
        let found = inline_args(src);
        let names: Vec<_> = found.iter().map(|(_, _, n)| n.as_str()).collect();
        assert_eq!(names, ["counter", "name"]);
        let (off, len, _) = found[0];
        assert_eq!(&src[off..off + len], "counter");
    }
}
