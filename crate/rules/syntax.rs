//! ## What it finds
//! Text that does not parse as a Rust file.
//!
//! ## Why rustc rejects it
//! The compiler stops at the first syntax error; nothing else can be checked until it is fixed.
//!
//! ## Example
//! ```rust,ignore
//! let h = tokio::spawn(move async { work().await });
//! ```
//!
//! ## Use instead
//! ```rust,ignore
//! let h = tokio::spawn(async move { work().await });
//! ```

use super::RuleDoc;

pub const ID: &str = "syntax";

pub const DOC: RuleDoc = RuleDoc {
    id: ID,
    title: "The code does not parse",
    docs: "Text that does not parse as a Rust file. The compiler stops at the first syntax error; nothing else can be checked until it is fixed.",
    example: "#[tokio::main]\nasync fn main() {\n    let h = tokio::spawn(move async {\n        println!(\"hi\");\n    });\n    h.await.unwrap();\n}\n",
};
