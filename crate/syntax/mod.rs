//! Syntax helpers, below everything that judges: the source text and its offsets, the input
//! limits checked before parsing, and what the arguments of the macros sendlens understands are.

pub mod limits;
pub mod macros;
pub mod text;
