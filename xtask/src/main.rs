//! `cargo xtask build|serve|test`: the project's two commands and their helpers.
use std::process::{exit, Command};

fn run(cmd: &mut Command) {
    eprintln!("xtask: running {:?}", cmd);
    let status = cmd.status().unwrap_or_else(|e| {
        eprintln!("xtask: cannot start {:?}: {e}", cmd);
        exit(2)
    });
    if !status.success() {
        eprintln!("xtask: {:?} failed: {status}", cmd);
        exit(status.code().unwrap_or(1));
    }
}

fn main() {
    let task = std::env::args().nth(1).unwrap_or_default();
    match task.as_str() {
        "test" => {
            run(Command::new("cargo").args(["test", "--workspace"]));
        }
        _ => {
            eprintln!("usage: cargo xtask test");
            exit(2);
        }
    }
}
