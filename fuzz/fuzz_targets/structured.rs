//! Rust-like programs built by `arbitrary` around spawn sites: tokio/thread/scoped spawns, async
//! blocks and closures (move or not), `Rc`/`Arc`/`RefCell`/`Mutex`/`Cell`, guards, `.await`,
//! nested blocks, `if let`/`while let`/`match`, loops, macros, plus raw tokens that break the
//! syntax at random places. Most programs parse, so the fuzzer reaches the walk, the solver, the
//! rules and the fixes instead of stopping at the parser as random bytes mostly do. Each program
//! is checked (in the edition `Program::edition_2024` picks) with the same invariants as the
//! `analyze` target.
#![no_main]

use std::fmt::Write;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sendlens::Edition;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

/// A stack overflow kills the process before libFuzzer can save the input (no alternate signal
/// stack on its thread), so `run.sh` asks for each input to be written first
/// (`SENDLENS_FUZZ_LAST=<file>`) and keeps that file when the process dies of a signal.
fn keep_last_input(text: &[u8]) {
    use std::sync::OnceLock;
    static PATH: OnceLock<Option<std::path::PathBuf>> = OnceLock::new();
    if let Some(path) = PATH.get_or_init(|| std::env::var_os("SENDLENS_FUZZ_LAST").map(Into::into)) {
        let _ = std::fs::write(path, text);
    }
}

#[derive(Arbitrary, Debug)]
struct Program {
    edition_2024: bool,
    header: bool,
    items: Vec<Item>,
}

#[derive(Arbitrary, Debug)]
enum Item {
    AsyncFn { name: Name, tokio_main: bool, params: Vec<(Var, Ty)>, body: Vec<Stmt> },
    Fn { name: Name, generic: Option<Bound>, params: Vec<(Var, Ty)>, body: Vec<Stmt> },
    Struct { name: Name, fields: Vec<Ty> },
    Impl { name: Name, methods: Vec<(Name, bool, Vec<Stmt>)> },
    Raw(Tok),
}

#[derive(Arbitrary, Debug)]
enum Stmt {
    Let { var: Var, mutable: bool, ty: Option<Ty>, init: Expr },
    Semi(Expr),
    Tail(Expr),
    LetUnderscore(Expr),
    Block(Vec<Stmt>),
    If { cond: Expr, then: Vec<Stmt>, otherwise: Option<Vec<Stmt>> },
    IfLet { var: Var, scrutinee: Expr, then: Vec<Stmt>, otherwise: Option<Vec<Stmt>> },
    WhileLet { var: Var, scrutinee: Expr, body: Vec<Stmt> },
    LetElse { var: Var, scrutinee: Expr },
    Loop(Vec<Stmt>),
    For { var: Var, iter: Expr, body: Vec<Stmt> },
    Match { scrutinee: Expr, arms: Vec<(Var, Vec<Stmt>)> },
    Drop(Var),
    Return(Option<Expr>),
    Raw(Tok),
}

#[derive(Arbitrary, Debug)]
enum Expr {
    Var(Var),
    Int(u8),
    Str,
    New(Ctor, Box<Expr>),
    Method(Box<Expr>, Method),
    Await(Box<Expr>),
    Spawn(SpawnFn, Box<Task>),
    Ref { mutable: bool, of: Box<Expr> },
    Deref(Box<Expr>),
    Call(Name, Vec<Expr>),
    Binary(Box<Expr>, Op, Box<Expr>),
    Assign(Box<Expr>, Box<Expr>),
    Block(Vec<Stmt>, Option<Box<Expr>>),
    Async { moved: bool, body: Vec<Stmt> },
    Closure { moved: bool, body: Vec<Stmt> },
    Macro(MacroKind, Vec<Expr>),
    Tuple(Vec<Expr>),
    Field(Box<Expr>, Var),
    Try(Box<Expr>),
    Raw(Tok, Box<Expr>),
}

#[derive(Arbitrary, Debug)]
enum Task {
    AsyncBlock { moved: bool, body: Vec<Stmt> },
    Closure { moved: bool, body: Vec<Stmt> },
    AsyncClosure { moved: bool, body: Vec<Stmt> },
    Call(Name, Vec<Expr>),
    Expr(Expr),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum SpawnFn {
    Tokio,
    TokioTask,
    SpawnBlocking,
    SpawnLocal,
    Thread,
    ThreadBuilder,
    Scoped,
    JoinSet,
    Handle,
    Smol,
    AsyncStd,
    BlockOn,
    Unknown,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Ctor {
    Rc,
    Arc,
    RefCell,
    Cell,
    Mutex,
    RwLock,
    TokioMutex,
    BoxDyn,
    Some,
    Ok,
    Vec,
    Weak,
    Channel,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Method {
    Clone,
    Lock,
    LockAwait,
    Borrow,
    BorrowMut,
    Read,
    Write,
    Get,
    Set,
    Unwrap,
    Recv,
    Send,
    Push,
    Iter,
    Downgrade,
    Upgrade,
    AsRef,
    Len,
    Boxed,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum MacroKind {
    Println,
    Format,
    Vec,
    Assert,
    Select,
    Join,
    Unknown,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Ty {
    U32,
    String,
    RcU32,
    ArcMutex,
    ArcRefCell,
    RcRefCell,
    CellU32,
    BoxDynError,
    BoxDynErrorSend,
    RawPtr,
    RefU32,
    MutexGuard,
    Generic,
    ImplFuture,
    ImplFutureSend,
    SelfRef,
    Receiver,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Bound {
    None,
    Send,
    SendStatic,
    FutureSend,
    FnSend,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Op {
    Add,
    Sub,
    Eq,
    And,
    Dot,
    As,
    Range,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Var {
    A,
    B,
    C,
    Data,
    Guard,
    Counter,
    SelfVar,
    Underscore,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Name {
    Main,
    Run,
    Work,
    Helper,
    State,
    Job,
}

/// Tokens that break or bend the syntax: unbalanced brackets, stray keywords, literals a naive
/// lexer gets wrong, and the characters hostile input is made of.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Tok {
    OpenBrace,
    CloseBrace,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Semi,
    Comma,
    Dot,
    DotAwait,
    Async,
    Move,
    Pipe,
    Amp,
    Lifetime,
    QuoteChar,
    Quote,
    RawStr,
    RawStrOpen,
    ByteStr,
    BlockCommentOpen,
    BlockCommentClose,
    LineComment,
    Newline,
    CarriageReturn,
    Tab,
    Nul,
    Rtl,
    ZeroWidth,
    Emoji,
    PathSep,
    FatArrow,
    Attr,
    Impl,
    Dyn,
    Where,
    Question,
    Bang,
    Lt,
    Gt,
    InvalidEscape,
    Label,
}

impl Tok {
    fn text(self) -> &'static str {
        match self {
            Tok::OpenBrace => "{",
            Tok::CloseBrace => "}",
            Tok::OpenParen => "(",
            Tok::CloseParen => ")",
            Tok::OpenBracket => "[",
            Tok::CloseBracket => "]",
            Tok::Semi => ";",
            Tok::Comma => ",",
            Tok::Dot => ".",
            Tok::DotAwait => ".await",
            Tok::Async => "async ",
            Tok::Move => "move ",
            Tok::Pipe => "|",
            Tok::Amp => "&",
            Tok::Lifetime => "'a ",
            Tok::QuoteChar => "'\"'",
            Tok::Quote => "\"",
            Tok::RawStr => "r#\"}{\"#",
            Tok::RawStrOpen => "r####\"",
            Tok::ByteStr => "b\"\\x00{\"",
            Tok::BlockCommentOpen => "/* /*",
            Tok::BlockCommentClose => "*/",
            Tok::LineComment => "// {\n",
            Tok::Newline => "\n",
            Tok::CarriageReturn => "\r",
            Tok::Tab => "\t",
            Tok::Nul => "\0",
            Tok::Rtl => "\u{202e}",
            Tok::ZeroWidth => "\u{200b}",
            Tok::Emoji => "\u{1f980}",
            Tok::PathSep => "::",
            Tok::FatArrow => "=>",
            Tok::Attr => "#[tokio::main]",
            Tok::Impl => "impl ",
            Tok::Dyn => "dyn ",
            Tok::Where => " where T: Send ",
            Tok::Question => "?",
            Tok::Bang => "!",
            Tok::Lt => "<",
            Tok::Gt => ">",
            Tok::InvalidEscape => "\"\\q\"",
            Tok::Label => "'outer: ",
        }
    }
}

impl Var {
    fn text(self) -> &'static str {
        match self {
            Var::A => "a",
            Var::B => "b",
            Var::C => "c",
            Var::Data => "data",
            Var::Guard => "guard",
            Var::Counter => "counter",
            Var::SelfVar => "self",
            Var::Underscore => "_",
        }
    }
}

impl Name {
    fn text(self) -> &'static str {
        match self {
            Name::Main => "main",
            Name::Run => "run",
            Name::Work => "work",
            Name::Helper => "helper",
            Name::State => "State",
            Name::Job => "Job",
        }
    }
}

impl Ty {
    fn text(self) -> &'static str {
        match self {
            Ty::U32 => "u32",
            Ty::String => "String",
            Ty::RcU32 => "Rc<u32>",
            Ty::ArcMutex => "Arc<Mutex<u32>>",
            Ty::ArcRefCell => "Arc<RefCell<u32>>",
            Ty::RcRefCell => "Rc<RefCell<Vec<u32>>>",
            Ty::CellU32 => "Cell<u32>",
            Ty::BoxDynError => "Box<dyn std::error::Error>",
            Ty::BoxDynErrorSend => "Box<dyn std::error::Error + Send + Sync>",
            Ty::RawPtr => "*const u8",
            Ty::RefU32 => "&u32",
            Ty::MutexGuard => "std::sync::MutexGuard<'_, u32>",
            Ty::Generic => "T",
            Ty::ImplFuture => "impl Future<Output = ()>",
            Ty::ImplFutureSend => "impl Future<Output = ()> + Send",
            Ty::SelfRef => "&self",
            Ty::Receiver => "std::sync::mpsc::Receiver<u32>",
        }
    }
}

struct Out {
    text: String,
    depth: usize,
}

impl Out {
    fn line(&mut self) {
        self.text.push('\n');
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
    }

    fn block(&mut self, stmts: &[Stmt]) {
        self.text.push('{');
        self.depth += 1;
        for s in stmts {
            self.line();
            self.stmt(s);
        }
        self.depth -= 1;
        self.line();
        self.text.push('}');
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::AsyncFn { name, tokio_main, params, body } => {
                if *tokio_main {
                    self.text.push_str("#[tokio::main]\n");
                }
                let _ = write!(self.text, "async fn {}(", name.text());
                self.params(params);
                self.text.push_str(") ");
                self.block(body);
            }
            Item::Fn { name, generic, params, body } => {
                let _ = write!(self.text, "fn {}", name.text());
                match generic {
                    None => {}
                    Some(Bound::None) => self.text.push_str("<T>"),
                    Some(Bound::Send) => self.text.push_str("<T: Send>"),
                    Some(Bound::SendStatic) => self.text.push_str("<T: Send + 'static>"),
                    Some(Bound::FutureSend) => self.text.push_str("<T: Future + Send + 'static>"),
                    Some(Bound::FnSend) => self.text.push_str("<T: FnOnce() + Send + 'static>"),
                }
                self.text.push('(');
                self.params(params);
                self.text.push_str(") ");
                self.block(body);
            }
            Item::Struct { name, fields } => {
                let _ = write!(self.text, "struct {} {{", name.text());
                for (i, f) in fields.iter().enumerate() {
                    let _ = write!(self.text, " f{i}: {},", f.text());
                }
                self.text.push_str(" }");
            }
            Item::Impl { name, methods } => {
                let _ = write!(self.text, "impl {} {{", name.text());
                self.depth += 1;
                for (m, is_async, body) in methods {
                    self.line();
                    let _ = write!(self.text, "{}fn {}(&self) ", if *is_async { "async " } else { "" }, m.text());
                    self.block(body);
                }
                self.depth -= 1;
                self.line();
                self.text.push('}');
            }
            Item::Raw(t) => self.text.push_str(t.text()),
        }
        self.text.push('\n');
    }

    fn params(&mut self, params: &[(Var, Ty)]) {
        for (i, (v, t)) in params.iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            match t {
                Ty::SelfRef => self.text.push_str("&self"),
                _ => {
                    let _ = write!(self.text, "{}: {}", v.text(), t.text());
                }
            }
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Let { var, mutable, ty, init } => {
                let _ = write!(self.text, "let {}{}", if *mutable { "mut " } else { "" }, var.text());
                if let Some(t) = ty {
                    let _ = write!(self.text, ": {}", t.text());
                }
                self.text.push_str(" = ");
                self.expr(init);
                self.text.push(';');
            }
            Stmt::Semi(e) => {
                self.expr(e);
                self.text.push(';');
            }
            Stmt::Tail(e) => self.expr(e),
            Stmt::LetUnderscore(e) => {
                self.text.push_str("let _ = ");
                self.expr(e);
                self.text.push(';');
            }
            Stmt::Block(b) => self.block(b),
            Stmt::If { cond, then, otherwise } => {
                self.text.push_str("if ");
                self.expr(cond);
                self.text.push(' ');
                self.block(then);
                if let Some(o) = otherwise {
                    self.text.push_str(" else ");
                    self.block(o);
                }
            }
            Stmt::IfLet { var, scrutinee, then, otherwise } => {
                let _ = write!(self.text, "if let Some({}) = ", var.text());
                self.expr(scrutinee);
                self.text.push(' ');
                self.block(then);
                if let Some(o) = otherwise {
                    self.text.push_str(" else ");
                    self.block(o);
                }
            }
            Stmt::WhileLet { var, scrutinee, body } => {
                let _ = write!(self.text, "while let Ok({}) = ", var.text());
                self.expr(scrutinee);
                self.text.push(' ');
                self.block(body);
            }
            Stmt::LetElse { var, scrutinee } => {
                let _ = write!(self.text, "let Some({}) = ", var.text());
                self.expr(scrutinee);
                self.text.push_str(" else { return };");
            }
            Stmt::Loop(b) => {
                self.text.push_str("loop ");
                self.block(b);
            }
            Stmt::For { var, iter, body } => {
                let _ = write!(self.text, "for {} in ", var.text());
                self.expr(iter);
                self.text.push(' ');
                self.block(body);
            }
            Stmt::Match { scrutinee, arms } => {
                self.text.push_str("match ");
                self.expr(scrutinee);
                self.text.push_str(" {");
                self.depth += 1;
                for (v, body) in arms {
                    self.line();
                    let _ = write!(self.text, "Some({}) => ", v.text());
                    self.block(body);
                }
                self.line();
                self.text.push_str("_ => {}");
                self.depth -= 1;
                self.line();
                self.text.push('}');
            }
            Stmt::Drop(v) => {
                let _ = write!(self.text, "drop({});", v.text());
            }
            Stmt::Return(e) => {
                self.text.push_str("return");
                if let Some(e) = e {
                    self.text.push(' ');
                    self.expr(e);
                }
                self.text.push(';');
            }
            Stmt::Raw(t) => self.text.push_str(t.text()),
        }
    }

    fn args(&mut self, args: &[Expr]) {
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.expr(a);
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Var(v) => self.text.push_str(v.text()),
            Expr::Int(n) => {
                let _ = write!(self.text, "{n}");
            }
            Expr::Str => self.text.push_str("\"é{}\\n\""),
            Expr::New(c, inner) => {
                let path = match c {
                    Ctor::Rc => "Rc::new(",
                    Ctor::Arc => "Arc::new(",
                    Ctor::RefCell => "RefCell::new(",
                    Ctor::Cell => "Cell::new(",
                    Ctor::Mutex => "Mutex::new(",
                    Ctor::RwLock => "RwLock::new(",
                    Ctor::TokioMutex => "tokio::sync::Mutex::new(",
                    Ctor::BoxDyn => "Box::<dyn std::error::Error>::from(",
                    Ctor::Some => "Some(",
                    Ctor::Ok => "Ok::<_, Box<dyn std::error::Error>>(",
                    Ctor::Vec => "Vec::from(",
                    Ctor::Weak => "Rc::downgrade(&",
                    Ctor::Channel => "std::sync::mpsc::channel::<u32>(); (",
                };
                self.text.push_str(path);
                self.expr(inner);
                self.text.push(')');
            }
            Expr::Method(recv, m) => {
                self.expr(recv);
                self.text.push_str(match m {
                    Method::Clone => ".clone()",
                    Method::Lock => ".lock().unwrap()",
                    Method::LockAwait => ".lock().await",
                    Method::Borrow => ".borrow()",
                    Method::BorrowMut => ".borrow_mut()",
                    Method::Read => ".read().unwrap()",
                    Method::Write => ".write().unwrap()",
                    Method::Get => ".get()",
                    Method::Set => ".set(1)",
                    Method::Unwrap => ".unwrap()",
                    Method::Recv => ".recv()",
                    Method::Send => ".send(1)",
                    Method::Push => ".push(1)",
                    Method::Iter => ".iter()",
                    Method::Downgrade => ".downgrade()",
                    Method::Upgrade => ".upgrade()",
                    Method::AsRef => ".as_ref()",
                    Method::Len => ".len()",
                    Method::Boxed => ".boxed()",
                });
            }
            Expr::Await(e) => {
                self.expr(e);
                self.text.push_str(".await");
            }
            Expr::Spawn(f, task) => {
                let (open, close) = match f {
                    SpawnFn::Tokio => ("tokio::spawn(", ")"),
                    SpawnFn::TokioTask => ("tokio::task::spawn(", ")"),
                    SpawnFn::SpawnBlocking => ("tokio::task::spawn_blocking(", ")"),
                    SpawnFn::SpawnLocal => ("tokio::task::spawn_local(", ")"),
                    SpawnFn::Thread => ("std::thread::spawn(", ")"),
                    SpawnFn::ThreadBuilder => ("thread::Builder::new().spawn(", ").unwrap()"),
                    SpawnFn::Scoped => ("std::thread::scope(|s| { s.spawn(", "); })"),
                    SpawnFn::JoinSet => ("tokio::task::JoinSet::new().spawn(", ")"),
                    SpawnFn::Handle => ("tokio::runtime::Handle::current().spawn(", ")"),
                    SpawnFn::Smol => ("smol::spawn(", ").detach()"),
                    SpawnFn::AsyncStd => ("async_std::task::spawn(", ")"),
                    SpawnFn::BlockOn => ("futures::executor::block_on(", ")"),
                    SpawnFn::Unknown => ("my_runtime::spawn(", ")"),
                };
                self.text.push_str(open);
                match &**task {
                    Task::AsyncBlock { moved, body } => {
                        self.text.push_str(if *moved { "async move " } else { "async " });
                        self.block(body);
                    }
                    Task::Closure { moved, body } => {
                        self.text.push_str(if *moved { "move || " } else { "|| " });
                        self.block(body);
                    }
                    Task::AsyncClosure { moved, body } => {
                        self.text.push_str(if *moved { "async move || " } else { "async || " });
                        self.block(body);
                    }
                    Task::Call(name, args) => {
                        let _ = write!(self.text, "{}(", name.text());
                        self.args(args);
                        self.text.push(')');
                    }
                    Task::Expr(e) => self.expr(e),
                }
                self.text.push_str(close);
            }
            Expr::Ref { mutable, of } => {
                self.text.push_str(if *mutable { "&mut " } else { "&" });
                self.expr(of);
            }
            Expr::Deref(e) => {
                self.text.push('*');
                self.expr(e);
            }
            Expr::Call(name, args) => {
                let _ = write!(self.text, "{}(", name.text());
                self.args(args);
                self.text.push(')');
            }
            Expr::Binary(l, op, r) => {
                self.expr(l);
                self.text.push_str(match op {
                    Op::Add => " + ",
                    Op::Sub => " - ",
                    Op::Eq => " == ",
                    Op::And => " && ",
                    Op::Dot => ".",
                    Op::As => " as ",
                    Op::Range => "..",
                });
                self.expr(r);
            }
            Expr::Assign(l, r) => {
                self.expr(l);
                self.text.push_str(" = ");
                self.expr(r);
            }
            Expr::Block(stmts, tail) => {
                self.text.push('{');
                self.depth += 1;
                for s in stmts {
                    self.line();
                    self.stmt(s);
                }
                if let Some(t) = tail {
                    self.line();
                    self.expr(t);
                }
                self.depth -= 1;
                self.line();
                self.text.push('}');
            }
            Expr::Async { moved, body } => {
                self.text.push_str(if *moved { "async move " } else { "async " });
                self.block(body);
            }
            Expr::Closure { moved, body } => {
                self.text.push_str(if *moved { "move || " } else { "|| " });
                self.block(body);
            }
            Expr::Macro(kind, args) => {
                match kind {
                    MacroKind::Println => self.text.push_str("println!(\"{} {a}\", "),
                    MacroKind::Format => self.text.push_str("format!(\"{counter:?}\", "),
                    MacroKind::Vec => self.text.push_str("vec!["),
                    MacroKind::Assert => self.text.push_str("assert!("),
                    MacroKind::Select => self.text.push_str("tokio::select! { _ = "),
                    MacroKind::Join => self.text.push_str("tokio::join!("),
                    MacroKind::Unknown => self.text.push_str("mystery!("),
                }
                self.args(args);
                self.text.push_str(match kind {
                    MacroKind::Vec => "]",
                    MacroKind::Select => " => {} }",
                    _ => ")",
                });
            }
            Expr::Tuple(items) => {
                self.text.push('(');
                self.args(items);
                self.text.push_str(",)");
            }
            Expr::Field(e, v) => {
                self.expr(e);
                let _ = write!(self.text, ".{}", v.text());
            }
            Expr::Try(e) => {
                self.expr(e);
                self.text.push('?');
            }
            Expr::Raw(t, e) => {
                self.text.push_str(t.text());
                self.expr(e);
            }
        }
    }
}

const HEADER: &str = "use std::cell::{Cell, RefCell};\nuse std::rc::Rc;\nuse std::sync::{Arc, Mutex, RwLock};\nuse std::thread;\nuse std::future::Future;\n";

fuzz_target!(|program: Program| {
    let mut out = Out { text: String::new(), depth: 0 };
    if program.header {
        out.text.push_str(HEADER);
    }
    for item in &program.items {
        out.item(item);
    }
    keep_last_input(out.text.as_bytes());
    let edition = if program.edition_2024 { Edition::E2024 } else { Edition::E2021 };
    // To turn a crash artifact into a regression fixture (a plain `.rs` file):
    // `SENDLENS_FUZZ_PRINT=1 cargo +nightly fuzz run structured <artifact>`.
    if std::env::var_os("SENDLENS_FUZZ_PRINT").is_some() {
        eprintln!("---- {edition:?} ----\n{}\n---- end ----", out.text);
    }
    invariants::check_report_and_fixes(&out.text, edition);
});
