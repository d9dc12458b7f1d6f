//! The `sendlens` command line: reads Rust files, runs [`sendlens::analyze`] on each, and prints
//! the reports as rustc-style frames (default) or as JSON (`--json`).
//!
//! This is the only code that knows about files, processes and terminals; the analysis itself
//! stays pure. Exit codes: 0 when no error-severity diagnostic was found, 1 when one was, 2 when
//! the command line was wrong or some input could not be read or analyzed (the other files are
//! still checked and reported first).
//!
//! - `args.rs`: the arguments; `json.rs`: `--json`; `render.rs`: rustc-style frames and diffs.

// The CLI is native only: its rendering dependencies are not built for wasm32, where the library
// is used through `crate/wasm.rs` instead. The stub keeps `cargo test --target wasm32-...`
// (which builds every binary of the package) compiling.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod json;
#[cfg(not(target_arch = "wasm32"))]
mod render;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "\
Explains why async Rust fails Send, Sync or 'static at a spawn site, and how to fix it.

Usage: sendlens [OPTIONS] FILE...

Arguments:
  FILE...               Rust source files to check; `-` reads standard input

Options:
      --json            Print the report as JSON: one file gives one JSON object, several files
                        give JSON Lines (one object per line, with an added \"file\" field)
      --edition <YEAR>  Rust edition the code is checked for: 2021 (default) or 2024
  -h, --help            Print this help
  -V, --version         Print the version

Exit status: 0 no errors found, 1 errors found, 2 bad usage or a file that could not be read.";

#[cfg(not(target_arch = "wasm32"))]
mod cli {

    use std::io::{self, Read, Write};
    use std::panic::{self, AssertUnwindSafe};
    use std::process::ExitCode;

    use sendlens::{Analysis, Options};

    /// The name shown for standard input, in frames and in the `file` field of JSON Lines.
    const STDIN_NAME: &str = "<stdin>";

    use crate::args::{parse_args, Args, Command};
    use crate::json::{json_line, to_json};
    use crate::render::write_frames;
    use crate::USAGE;

    pub fn main() -> ExitCode {
        let command = match parse_args(std::env::args().skip(1)) {
            Ok(command) => command,
            Err(message) => {
                eprintln!("sendlens: {message}\nUsage: sendlens [--json] [--edition 2021|2024] FILE... (see --help)");
                return ExitCode::from(2);
            }
        };
        let result = match command {
            Command::Help => write_stdout(&format!("{USAGE}\n")).map(|()| ExitCode::SUCCESS),
            Command::Version => write_stdout(&format!("sendlens {}\n", sendlens::VERSION)).map(|()| ExitCode::SUCCESS),
            Command::Check(args) => check_files(&args),
        };
        // A closed stdout (`sendlens x.rs | head`) is not worth a message, only a non-zero status.
        result.unwrap_or(ExitCode::from(2))
    }

    /// Why a file got no report. Each is printed on stderr, naming the file.
    enum InputError {
        Io(io::Error),
        Directory,
        NotUtf8 { valid_up_to: usize },
        AnalyzerPanicked(String),
    }

    impl std::fmt::Display for InputError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                InputError::Io(e) => write!(f, "{e}"),
                InputError::Directory => write!(f, "is a directory, not a Rust file"),
                InputError::NotUtf8 { valid_up_to } => {
                    write!(f, "not valid UTF-8 (first invalid byte at offset {valid_up_to})")
                }
                InputError::AnalyzerPanicked(msg) => {
                    write!(f, "internal error: the analyzer panicked ({msg}); please report this file")
                }
            }
        }
    }

    fn read_source(path: &str) -> Result<String, InputError> {
        let bytes = if path == "-" {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf).map_err(InputError::Io)?;
            buf
        } else {
            // Checked first because reading a directory fails with a less helpful message on some
            // platforms (and succeeds with nothing on others).
            if std::fs::metadata(path).map(|m| m.is_dir()).unwrap_or(false) {
                return Err(InputError::Directory);
            }
            std::fs::read(path).map_err(InputError::Io)?
        };
        String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 { valid_up_to: e.utf8_error().valid_up_to() })
    }

    /// Runs the analyzer, turning a panic (a bug, but the CLI must not crash on it) into an error.
    fn analyze_guarded(source: &str, options: &Options) -> Result<Analysis, InputError> {
        let previous_hook = panic::take_hook();
        panic::set_hook(Box::new(|_| {})); // the message is reported below, once, naming the file
        let result = panic::catch_unwind(AssertUnwindSafe(|| sendlens::analyze(source, options)));
        panic::set_hook(previous_hook);
        result.map_err(|payload| {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            InputError::AnalyzerPanicked(msg)
        })
    }

    fn check_files(args: &Args) -> io::Result<ExitCode> {
        let options = Options { edition: args.edition };
        let json_lines = args.json && args.files.len() > 1;
        let mut any_errors = false;
        let mut any_failures = false;
        let (mut error_count, mut warning_count, mut checked) = (0, 0, 0);
        for path in &args.files {
            let display_name = if path == "-" { STDIN_NAME } else { path.as_str() };
            let analysis = match read_source(path)
                .and_then(|source| analyze_guarded(&source, &options).map(|analysis| (source, analysis)))
            {
                Ok(found) => found,
                Err(e) => {
                    eprintln!("sendlens: {display_name}: {e}");
                    any_failures = true;
                    continue;
                }
            };
            let (source, analysis) = analysis;
            checked += 1;
            any_errors |= analysis.error_count() > 0;
            error_count += analysis.error_count();
            warning_count += analysis.warning_count();
            if json_lines {
                write_json(&(json_line(display_name, &analysis) + "\n"))?;
            } else if args.json {
                write_json(&(to_json(&analysis) + "\n"))?;
            } else {
                write_frames(display_name, &source, &analysis)?;
            }
        }
        if !args.json {
            let files = if checked == 1 { "file" } else { "files" };
            write_stdout(&format!(
                "sendlens: checked {checked} {files}: {}, {}\n",
                plural(error_count, "error"),
                plural(warning_count, "warning")
            ))?;
        }
        Ok(ExitCode::from(if any_failures {
            2
        } else if any_errors {
            1
        } else {
            0
        }))
    }

    fn plural(n: usize, word: &str) -> String {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    }

    /// Writes to stdout through anstream, which keeps colors for a terminal and strips them for
    /// pipes and files (and honours `NO_COLOR` / `CLICOLOR_FORCE`).
    pub(crate) fn write_stdout(text: &str) -> io::Result<()> {
        let mut out = anstream::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    /// JSON carries no color, so it bypasses anstream's scan for escape codes (a few percent of
    /// the run time on large reports).
    fn write_json(text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()
    }
}

#[cfg(not(target_arch = "wasm32"))]
use cli::write_stdout;
