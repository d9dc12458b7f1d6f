//! The command line's arguments. Hand-written: the surface is four flags and a list of files,
//! and a dependency such as clap would add more build time (and binary size) than this file.

use sendlens::Edition;

#[derive(Debug, PartialEq)]
pub(crate) struct Args {
    pub json: bool,
    pub edition: Edition,
    pub files: Vec<String>,
}

#[derive(Debug, PartialEq)]
pub(crate) enum Command {
    Check(Args),
    Help,
    Version,
}

/// Parses the arguments after the program name. `Err` carries a message for the user.
pub(crate) fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut json = false;
    let mut edition = Edition::default();
    let mut files = Vec::new();
    let mut only_files = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if only_files || arg == "-" || !arg.starts_with('-') {
            files.push(arg);
            continue;
        }
        // `--edition=2024` and `--edition 2024` are both accepted.
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.to_string())),
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "--" => only_files = true,
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--json" if inline_value.is_none() => json = true,
            "--edition" => {
                let value = inline_value
                    .or_else(|| args.next())
                    .ok_or_else(|| "--edition needs a value: 2021 or 2024".to_string())?;
                edition = Edition::parse(&value)
                    .ok_or_else(|| format!("unsupported edition `{value}`: expected 2021 or 2024"))?;
            }
            _ => return Err(format!("unknown option `{arg}`")),
        }
    }
    if files.is_empty() {
        return Err("no input files (use `-` to read standard input)".to_string());
    }
    Ok(Command::Check(Args { json, edition, files }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_and_files_are_parsed_in_any_order() {
        let parsed = parse(&["a.rs", "--edition", "2024", "--json", "-", "b.rs"]);
        assert_eq!(
            parsed,
            Ok(Command::Check(Args {
                json: true,
                edition: Edition::E2024,
                files: vec!["a.rs".into(), "-".into(), "b.rs".into()],
            }))
        );
        assert!(matches!(parse(&["--edition=2024", "x.rs"]), Ok(Command::Check(Args { edition: Edition::E2024, .. }))));
    }

    #[test]
    fn a_double_dash_makes_the_rest_file_names() {
        let Ok(Command::Check(args)) = parse(&["--", "--json"]) else { panic!("not parsed") };
        assert_eq!(args.files, vec!["--json".to_string()]);
        assert!(!args.json);
    }

    #[test]
    fn bad_usage_is_an_error_message() {
        assert!(parse(&[]).is_err());
        assert!(parse(&["--edition"]).is_err());
        assert!(parse(&["--edition", "2018", "a.rs"]).unwrap_err().contains("2018"));
        assert!(parse(&["--frobnicate", "a.rs"]).unwrap_err().contains("--frobnicate"));
        assert!(parse(&["--json=yes", "a.rs"]).is_err());
    }
}
