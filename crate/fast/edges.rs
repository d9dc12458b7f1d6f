//! The first and last token of a syntax node, read from the tree instead of printing it.
//!
//! `syn::spanned::Spanned::span` prints the node back into a token stream and joins the spans
//! of its first and last tokens: linear in the node's size. The walk asks for the range of
//! every block, statement and expression it enters, so each subtree was printed once per
//! enclosing node; on the benchmark files that was about a third of the whole analysis. The two
//! tokens that decide the range are fields of the tree (a call ends with its parenthesis group,
//! an await with `await`, ...), so [`Edges::edges`] reads them directly.
//!
//! It answers `None` where it would have to guess: attributes (the printer may wrap the
//! expression in parentheses of its own), token groups without delimiters, verbatim tokens, and
//! variants syn may add. The caller then falls back to `Spanned`. The test below checks, on every
//! fixture, that both give the same range wherever `edges` answers.

use crate::fast::punctuated::Elements;
use proc_macro2::Span;
use syn::{Expr, Stmt};

/// Spans of a node's first and last token, when the tree tells them without printing.
pub trait Edges {
    fn edges(&self) -> Option<(Span, Span)>;
}

fn group(span: &proc_macro2::extra::DelimSpan) -> (Span, Span) {
    (span.join(), span.join())
}

fn label_or(label: &Option<syn::Label>, keyword: Span) -> Span {
    label.as_ref().map_or(keyword, |l| l.name.apostrophe)
}

fn path_first(qself: Option<&syn::QSelf>, path: &syn::Path) -> Option<Span> {
    if let Some(q) = qself {
        return Some(q.lt_token.span);
    }
    match &path.leading_colon {
        Some(c) => Some(c.spans[0]),
        None => path.segments.first_element().map(|s| s.ident.span()),
    }
}

fn path_last(path: &syn::Path) -> Option<Span> {
    let seg = path.segments.last_element()?;
    match &seg.arguments {
        syn::PathArguments::None => Some(seg.ident.span()),
        syn::PathArguments::AngleBracketed(a) => Some(a.gt_token.span),
        _ => None,
    }
}

fn mac(m: &syn::Macro) -> Option<(Span, Span)> {
    let last = match &m.delimiter {
        syn::MacroDelimiter::Paren(p) => p.span.join(),
        syn::MacroDelimiter::Brace(b) => b.span.join(),
        syn::MacroDelimiter::Bracket(b) => b.span.join(),
    };
    Some((path_first(None, &m.path)?, last))
}

fn first(e: &Expr) -> Option<Span> {
    expr(e).map(|(f, _)| f)
}

fn last(e: &Expr) -> Option<Span> {
    expr(e).map(|(_, l)| l)
}

/// Expression kinds that code names directly (`range_of(method_call)`), and `Expr` itself.
macro_rules! edges_of {
    ($($ty:ident => $f:ident),* $(,)?) => {
        $(impl Edges for syn::$ty {
            fn edges(&self) -> Option<(Span, Span)> {
                if !self.attrs.is_empty() {
                    return None;
                }
                $f(self)
            }
        })*
        fn expr(e: &Expr) -> Option<(Span, Span)> {
            match e {
                $(Expr::$f(x) => x.edges(),)*
                Expr::Array(a) if a.attrs.is_empty() => Some(group(&a.bracket_token.span)),
                Expr::Paren(p) if p.attrs.is_empty() => Some(group(&p.paren_token.span)),
                Expr::Repeat(r) if r.attrs.is_empty() => Some(group(&r.bracket_token.span)),
                Expr::Tuple(t) if t.attrs.is_empty() => Some(group(&t.paren_token.span)),
                _ => None,
            }
        }
    };
}

#[allow(non_snake_case)]
mod variants {
    use super::*;

    pub fn Assign(a: &syn::ExprAssign) -> Option<(Span, Span)> {
        Some((first(&a.left)?, last(&a.right)?))
    }
    pub fn Async(a: &syn::ExprAsync) -> Option<(Span, Span)> {
        Some((a.async_token.span, a.block.brace_token.span.join()))
    }
    pub fn Await(a: &syn::ExprAwait) -> Option<(Span, Span)> {
        Some((first(&a.base)?, a.await_token.span))
    }
    pub fn Binary(b: &syn::ExprBinary) -> Option<(Span, Span)> {
        Some((first(&b.left)?, last(&b.right)?))
    }
    pub fn Block(b: &syn::ExprBlock) -> Option<(Span, Span)> {
        let brace = b.block.brace_token.span.join();
        Some((label_or(&b.label, brace), brace))
    }
    pub fn Break(b: &syn::ExprBreak) -> Option<(Span, Span)> {
        let end = match (&b.expr, &b.label) {
            (Some(e), _) => last(e)?,
            (None, Some(l)) => l.ident.span(),
            (None, None) => b.break_token.span,
        };
        Some((b.break_token.span, end))
    }
    pub fn Call(c: &syn::ExprCall) -> Option<(Span, Span)> {
        Some((first(&c.func)?, c.paren_token.span.join()))
    }
    pub fn Closure(c: &syn::ExprClosure) -> Option<(Span, Span)> {
        let start = if let Some(l) = &c.lifetimes {
            l.for_token.span
        } else if let Some(t) = &c.constness {
            t.span
        } else if let Some(t) = &c.asyncness {
            t.span
        } else if let Some(t) = &c.capture {
            t.span
        } else {
            c.inputs_begin.spans[0]
        };
        // With a return type, the printer adds braces of its own around a body that is not a
        // plain block.
        let plain_body = matches!(c.output, syn::ReturnType::Default)
            || matches!(&*c.body, Expr::Block(b) if b.attrs.is_empty() && b.label.is_none());
        if !plain_body {
            return None;
        }
        Some((start, last(&c.body)?))
    }
    pub fn Const(c: &syn::ExprConst) -> Option<(Span, Span)> {
        Some((c.const_token.span, c.block.brace_token.span.join()))
    }
    pub fn Continue(c: &syn::ExprContinue) -> Option<(Span, Span)> {
        Some((c.continue_token.span, c.label.as_ref().map_or(c.continue_token.span, |l| l.ident.span())))
    }
    pub fn Field(f: &syn::ExprField) -> Option<(Span, Span)> {
        let end = match &f.member {
            syn::Member::Named(i) => i.span(),
            syn::Member::Unnamed(i) => i.span,
        };
        Some((first(&f.base)?, end))
    }
    pub fn ForLoop(f: &syn::ExprForLoop) -> Option<(Span, Span)> {
        Some((label_or(&f.label, f.for_token.span), f.body.brace_token.span.join()))
    }
    pub fn If(i: &syn::ExprIf) -> Option<(Span, Span)> {
        let end = match &i.else_branch {
            Some((_, e)) => last(e)?,
            None => i.then_branch.brace_token.span.join(),
        };
        Some((i.if_token.span, end))
    }
    pub fn Index(i: &syn::ExprIndex) -> Option<(Span, Span)> {
        Some((first(&i.expr)?, i.bracket_token.span.join()))
    }
    pub fn Let(l: &syn::ExprLet) -> Option<(Span, Span)> {
        Some((l.let_token.span, last(&l.expr)?))
    }
    pub fn Lit(l: &syn::ExprLit) -> Option<(Span, Span)> {
        Some((l.lit.span(), l.lit.span()))
    }
    pub fn Loop(l: &syn::ExprLoop) -> Option<(Span, Span)> {
        Some((label_or(&l.label, l.loop_token.span), l.body.brace_token.span.join()))
    }
    pub fn Macro(m: &syn::ExprMacro) -> Option<(Span, Span)> {
        mac(&m.mac)
    }
    pub fn Match(m: &syn::ExprMatch) -> Option<(Span, Span)> {
        Some((m.match_token.span, m.brace_token.span.join()))
    }
    pub fn MethodCall(m: &syn::ExprMethodCall) -> Option<(Span, Span)> {
        Some((first(&m.receiver)?, m.paren_token.span.join()))
    }
    pub fn Path(p: &syn::ExprPath) -> Option<(Span, Span)> {
        Some((path_first(p.qself.as_ref(), &p.path)?, path_last(&p.path)?))
    }
    pub fn Range(r: &syn::ExprRange) -> Option<(Span, Span)> {
        let (dots_first, dots_last) = match &r.limits {
            syn::RangeLimits::HalfOpen(t) => (t.spans[0], t.spans[1]),
            syn::RangeLimits::Closed(t) => (t.spans[0], t.spans[2]),
        };
        let start = match &r.start {
            Some(e) => first(e)?,
            None => dots_first,
        };
        let end = match &r.end {
            Some(e) => last(e)?,
            None => dots_last,
        };
        Some((start, end))
    }
    pub fn Reference(r: &syn::ExprReference) -> Option<(Span, Span)> {
        Some((r.and_token.span, last(&r.expr)?))
    }
    pub fn Return(r: &syn::ExprReturn) -> Option<(Span, Span)> {
        let end = match &r.expr {
            Some(e) => last(e)?,
            None => r.return_token.span,
        };
        Some((r.return_token.span, end))
    }
    pub fn Struct(s: &syn::ExprStruct) -> Option<(Span, Span)> {
        Some((path_first(s.qself.as_ref(), &s.path)?, s.brace_token.span.join()))
    }
    pub fn Try(t: &syn::ExprTry) -> Option<(Span, Span)> {
        Some((first(&t.expr)?, t.question_token.span))
    }
    pub fn Unary(u: &syn::ExprUnary) -> Option<(Span, Span)> {
        let op = match u.op {
            syn::UnOp::Deref(t) => t.span,
            syn::UnOp::Not(t) => t.span,
            syn::UnOp::Neg(t) => t.span,
            #[allow(unreachable_patterns)]
            _ => return None,
        };
        Some((op, last(&u.expr)?))
    }
    pub fn Unsafe(u: &syn::ExprUnsafe) -> Option<(Span, Span)> {
        Some((u.unsafe_token.span, u.block.brace_token.span.join()))
    }
    pub fn While(w: &syn::ExprWhile) -> Option<(Span, Span)> {
        Some((label_or(&w.label, w.while_token.span), w.body.brace_token.span.join()))
    }
}

use variants::*;

edges_of! {
    ExprAssign => Assign,
    ExprAsync => Async,
    ExprAwait => Await,
    ExprBinary => Binary,
    ExprBlock => Block,
    ExprBreak => Break,
    ExprCall => Call,
    ExprClosure => Closure,
    ExprConst => Const,
    ExprContinue => Continue,
    ExprField => Field,
    ExprForLoop => ForLoop,
    ExprIf => If,
    ExprIndex => Index,
    ExprLet => Let,
    ExprLit => Lit,
    ExprLoop => Loop,
    ExprMacro => Macro,
    ExprMatch => Match,
    ExprMethodCall => MethodCall,
    ExprPath => Path,
    ExprRange => Range,
    ExprReference => Reference,
    ExprReturn => Return,
    ExprStruct => Struct,
    ExprTry => Try,
    ExprUnary => Unary,
    ExprUnsafe => Unsafe,
    ExprWhile => While,
}

impl Edges for Expr {
    fn edges(&self) -> Option<(Span, Span)> {
        expr(self)
    }
}

impl Edges for syn::Block {
    fn edges(&self) -> Option<(Span, Span)> {
        Some(group(&self.brace_token.span))
    }
}

impl Edges for syn::Local {
    fn edges(&self) -> Option<(Span, Span)> {
        if !self.attrs.is_empty() {
            return None;
        }
        Some((self.let_token.span, self.semi_token.span))
    }
}

impl Edges for syn::StmtMacro {
    fn edges(&self) -> Option<(Span, Span)> {
        if !self.attrs.is_empty() {
            return None;
        }
        let (start, end) = mac(&self.mac)?;
        Some((start, self.semi_token.map_or(end, |s| s.span)))
    }
}

impl Edges for Stmt {
    fn edges(&self) -> Option<(Span, Span)> {
        match self {
            Stmt::Local(l) => l.edges(),
            Stmt::Macro(m) => m.edges(),
            Stmt::Expr(e, semi) => {
                let (start, end) = expr(e)?;
                Some((start, semi.map_or(end, |s| s.span)))
            }
            _ => None,
        }
    }
}

impl Edges for syn::Arm {
    fn edges(&self) -> Option<(Span, Span)> {
        // The pattern's first token would need a reader of its own; patterns are small, so
        // only the body is worth the shortcut.
        None
    }
}

/// Nodes whose range is cheap to print (patterns, types, literals): always `Spanned`.
macro_rules! printed {
    ($($ty:ty),*) => {
        $(impl Edges for $ty {
            fn edges(&self) -> Option<(Span, Span)> {
                None
            }
        })*
    };
}

/// A binding `x`, `mut x`, `ref mut x`: the walk declares one per binding, and printing it
/// allocated its identifier and a stream. `x @ pat` is left to `Spanned`.
impl Edges for syn::PatIdent {
    fn edges(&self) -> Option<(Span, Span)> {
        if !self.attrs.is_empty() || self.subpat.is_some() {
            return None;
        }
        let first = match (&self.by_ref, &self.mutability) {
            (Some(r), _) => r.span,
            (None, Some(m)) => m.span,
            (None, None) => self.ident.span(),
        };
        Some((first, self.ident.span()))
    }
}

impl Edges for syn::Pat {
    fn edges(&self) -> Option<(Span, Span)> {
        match self {
            syn::Pat::Ident(p) => p.edges(),
            _ => None,
        }
    }
}

/// The common written types: paths, references, pointers, tuples, slices, arrays, `!`. The
/// item index reads the range of every field, parameter and return type.
impl Edges for syn::Type {
    fn edges(&self) -> Option<(Span, Span)> {
        let mut first = None;
        let mut t = self;
        // `&&&T` and `*const *mut T` end with their innermost type: followed without recursion.
        loop {
            let (start, inner) = match t {
                syn::Type::Reference(r) => (r.and_token.span, &*r.elem),
                syn::Type::Ptr(p) => (p.star_token.span, &*p.elem),
                _ => break,
            };
            first.get_or_insert(start);
            t = inner;
        }
        let (start, end) = match t {
            syn::Type::Path(p) => (path_first(p.qself.as_ref(), &p.path)?, path_last(&p.path)?),
            syn::Type::Tuple(t) => group(&t.paren_token.span),
            syn::Type::Slice(s) => group(&s.bracket_token.span),
            syn::Type::Array(a) => group(&a.bracket_token.span),
            syn::Type::Never(n) => (n.bang_token.span, n.bang_token.span),
            _ => return None,
        };
        Some((first.unwrap_or(start), end))
    }
}

/// A function's signature, up to its return type; with a `where` clause, variadic or
/// `safe`/`unsafe` it is printed instead.
impl Edges for syn::Signature {
    fn edges(&self) -> Option<(Span, Span)> {
        if self.generics.where_clause.is_some()
            || self.variadic.is_some()
            || !matches!(self.safety, syn::Safety::Default)
        {
            return None;
        }
        let first = match (&self.constness, &self.asyncness, &self.abi) {
            (Some(c), _, _) => c.span,
            (None, Some(a), _) => a.span,
            (None, None, Some(abi)) => abi.extern_token.span,
            (None, None, None) => self.fn_token.span,
        };
        let last = match &self.output {
            syn::ReturnType::Default => self.paren_token.span.join(),
            syn::ReturnType::Type(_, t) => t.edges()?.1,
        };
        Some((first, last))
    }
}

impl Edges for syn::ItemUse {
    fn edges(&self) -> Option<(Span, Span)> {
        if !self.attrs.is_empty() {
            return None;
        }
        let first = match &self.vis {
            syn::Visibility::Public(p) => p.span,
            syn::Visibility::Restricted(r) => r.pub_token.span,
            syn::Visibility::Inherited => self.use_token.span,
        };
        Some((first, self.semi_token.span))
    }
}

impl Edges for syn::LitStr {
    fn edges(&self) -> Option<(Span, Span)> {
        Some((self.span(), self.span()))
    }
}

printed!(syn::Lit, syn::Ident, syn::Path, syn::Member);

#[cfg(test)]
mod tests {
    use super::Edges;
    use syn::spanned::Spanned;
    use syn::visit::Visit;

    /// Every node kind the walk asks ranges of, on every fixture: where `edges` answers, it
    /// must agree with `Spanned` exactly.
    struct Compare {
        file: String,
        checked: usize,
        answered: usize,
        mismatches: Vec<String>,
    }

    impl Compare {
        fn check<T: Edges + Spanned>(&mut self, node: &T, file: &str) {
            self.checked += 1;
            let Some((first, last)) = node.edges() else { return };
            self.answered += 1;
            let slow = node.span();
            let fast = (first.start(), last.end());
            if (slow.start(), slow.end()) != fast {
                self.mismatches.push(format!(
                    "{file}: {:?}..{:?} (Spanned) vs {:?}..{:?} (edges)",
                    slow.start(),
                    slow.end(),
                    fast.0,
                    fast.1
                ));
            }
        }
    }

    impl<'ast> Visit<'ast> for Compare {
        fn visit_expr(&mut self, e: &'ast syn::Expr) {
            let file = std::mem::take(&mut self.file);
            self.check(e, &file);
            self.file = file;
            syn::visit::visit_expr(self, e);
        }
        fn visit_stmt(&mut self, s: &'ast syn::Stmt) {
            let file = std::mem::take(&mut self.file);
            self.check(s, &file);
            self.file = file;
            syn::visit::visit_stmt(self, s);
        }
        fn visit_block(&mut self, b: &'ast syn::Block) {
            let file = std::mem::take(&mut self.file);
            self.check(b, &file);
            self.file = file;
            syn::visit::visit_block(self, b);
        }
        fn visit_local(&mut self, l: &'ast syn::Local) {
            let file = std::mem::take(&mut self.file);
            self.check(l, &file);
            self.file = file;
            syn::visit::visit_local(self, l);
        }
        fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
            let file = std::mem::take(&mut self.file);
            self.check(m, &file);
            self.file = file;
            syn::visit::visit_stmt_macro(self, m);
        }
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            let file = std::mem::take(&mut self.file);
            self.check(p, &file);
            self.file = file;
            syn::visit::visit_pat_ident(self, p);
        }
        fn visit_pat(&mut self, p: &'ast syn::Pat) {
            let file = std::mem::take(&mut self.file);
            self.check(p, &file);
            self.file = file;
            syn::visit::visit_pat(self, p);
        }
        fn visit_type(&mut self, t: &'ast syn::Type) {
            let file = std::mem::take(&mut self.file);
            self.check(t, &file);
            self.file = file;
            syn::visit::visit_type(self, t);
        }
        fn visit_signature(&mut self, s: &'ast syn::Signature) {
            let file = std::mem::take(&mut self.file);
            self.check(s, &file);
            self.file = file;
            syn::visit::visit_signature(self, s);
        }
        fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
            let file = std::mem::take(&mut self.file);
            self.check(u, &file);
            self.file = file;
            syn::visit::visit_item_use(self, u);
        }
        fn visit_lit_str(&mut self, l: &'ast syn::LitStr) {
            let file = std::mem::take(&mut self.file);
            self.check(l, &file);
            self.file = file;
            syn::visit::visit_lit_str(self, l);
        }
    }

    fn fixture_files() -> Vec<std::path::PathBuf> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut out = vec![];
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = entry.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        out
    }

    #[test]
    fn edges_agree_with_printed_spans_on_every_fixture() {
        let mut cmp = Compare { file: String::new(), checked: 0, answered: 0, mismatches: vec![] };
        let extra = r#"
            async fn f(x: Option<u8>) {
                match x { _ => async {} }.await;
                let v = if true { 1 } else { 2 }.to_string();
                let c = move |a: u8| -> u8 { a + 1 };
                let r = ..=3; let s = 1..; let t = ..;
                'outer: loop { break 'outer; }
                let p = <Vec<u8>>::new(); let q = ::std::mem::drop::<u8>;
                let u = !-*&&x; let w = S { a: 1, ..Default::default() };
                #[allow(unused)] let z = 1 + 2;
                m!{ a b }; n![1]; o!(2);
                let (ref mut a, mut b, ref c, d @ Some(_)) = t;
                let ty: (&'static mut [u8; 3], *const *mut u8, Vec<Option<&str>>, <T as Tr>::A, fn(u8) -> !, [&dyn Send]) = todo!();
            }
            pub(crate) use a::b;
            pub const unsafe extern "C" fn g<T>(x: &T) -> Result<(), ::std::io::Error> where T: Send {
            }
            async fn h(&self, (a, b): (u8, u8)) -> impl Send {
            }
        "#;
        let mut files = 0;
        for path in fixture_files() {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if let Ok(file) = syn::parse_file(&text) {
                files += 1;
                cmp.file = path.display().to_string();
                cmp.visit_file(&file);
            }
        }
        let file = syn::parse_file(extra).expect("the extra cases parse");
        cmp.file = "extra".into();
        cmp.visit_file(&file);
        proc_macro2::extra::invalidate_current_thread_spans();
        assert!(files > 300, "expected the fixtures, found {files} parsing files");
        assert!(cmp.answered * 10 > cmp.checked * 9, "edges answered only {} of {} nodes", cmp.answered, cmp.checked);
        assert!(
            cmp.mismatches.is_empty(),
            "{} of {} ranges differ:\n{}",
            cmp.mismatches.len(),
            cmp.answered,
            cmp.mismatches.join("\n")
        );
    }
}
