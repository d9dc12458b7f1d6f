//! The macros whose arguments sendlens understands: the formatting family (with inline
//! `{name}` arguments), `vec!`, `assert!`, `tokio::select!` and the `join!` family. Any other
//! macro is opaque: the locals it names get uses we cannot see, so they are never judged.

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

pub enum MacroArgs {
    /// `println!("{} {x}", a)`: the write target (for `write!`), the arguments (borrowed) and
    /// the format string literal (for inline arguments).
    Format { target: Option<Expr>, exprs: Vec<Expr>, format: Option<syn::LitStr> },
    /// Arguments taken by value.
    Values { exprs: Vec<Expr>, kind: ValuesKind },
    /// `select!` branches: the future, the pattern it binds, the handler.
    Select { branches: Vec<(Expr, Option<syn::Pat>, Expr)> },
    Opaque,
}

fn comma_exprs(tokens: TokenStream) -> Option<Vec<Expr>> {
    let p = Punctuated::<Expr, Token![,]>::parse_terminated;
    p.parse2(tokens).ok().map(|p| p.into_iter().collect())
}

pub fn parse(mac: &syn::Macro, name: &str) -> MacroArgs {
    let tokens = mac.tokens.clone();
    match name {
        "println" | "print" | "eprintln" | "eprint" | "format" | "panic" | "unreachable" | "todo" | "unimplemented" | "format_args" => {
            format_args(tokens, false, 0)
        }
        "write" | "writeln" => format_args(tokens, true, 0),
        "assert" | "debug_assert" => format_args(tokens, false, 1),
        "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne" => format_args(tokens, false, 2),
        "vec" => {
            // `vec![x; n]` or `vec![a, b]`.
            let repeat = |input: ParseStream| -> syn::Result<Vec<Expr>> {
                let e: Expr = input.parse()?;
                input.parse::<Token![;]>()?;
                let n: Expr = input.parse()?;
                Ok(vec![e, n])
            };
            if let Ok(v) = repeat.parse2(tokens.clone()) {
                return MacroArgs::Values { exprs: v, kind: ValuesKind::Vec };
            }
            match comma_exprs(tokens) {
                Some(exprs) => MacroArgs::Values { exprs, kind: ValuesKind::Vec },
                None => MacroArgs::Opaque,
            }
        }
        "dbg" => match comma_exprs(tokens) {
            Some(exprs) => MacroArgs::Values { exprs, kind: ValuesKind::Dbg },
            None => MacroArgs::Opaque,
        },
        "matches" => {
            let first = |input: ParseStream| -> syn::Result<Expr> {
                let e: Expr = input.parse()?;
                input.parse::<Token![,]>()?;
                let _: TokenStream = input.parse()?;
                Ok(e)
            };
            match first.parse2(tokens) {
                Ok(e) => MacroArgs::Format { target: None, exprs: vec![e], format: None },
                Err(_) => MacroArgs::Opaque,
            }
        }
        "join" | "try_join" if is_async_crate(mac) => match comma_exprs(tokens) {
            Some(exprs) => MacroArgs::Values { exprs, kind: ValuesKind::Join },
            None => MacroArgs::Opaque,
        },
        "select" if is_async_crate(mac) => match select_branches(tokens) {
            Some(branches) => MacroArgs::Select { branches },
            None => MacroArgs::Opaque,
        },
        _ => MacroArgs::Opaque,
    }
}

fn is_async_crate(mac: &syn::Macro) -> bool {
    let first = mac.path.segments.first().map(|s| s.ident.to_string()).unwrap_or_default();
    mac.path.segments.len() > 1 && matches!(first.as_str(), "tokio" | "futures")
}

/// Parses `[target,] [leading exprs,] "format", args...`; `leading` counts value arguments
/// before the format string (`assert!(cond, "..")` has one).
fn format_args(tokens: TokenStream, has_target: bool, leading: usize) -> MacroArgs {
    let Some(mut exprs) = comma_exprs(tokens) else { return MacroArgs::Opaque };
    let target = if has_target && !exprs.is_empty() { Some(exprs.remove(0)) } else { None };
    let mut format = None;
    let idx = leading.min(exprs.len());
    if let Some(Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })) = exprs.get(idx) {
        format = Some(s.clone());
        exprs.remove(idx);
    }
    // Named arguments `name = expr`: only the value is used.
    let exprs = exprs
        .into_iter()
        .map(|e| match e {
            Expr::Assign(a) => *a.right,
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
