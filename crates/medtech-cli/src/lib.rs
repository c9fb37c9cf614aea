//! The `medtech` command: debug, normalize, validate and test MedTech mappings offline and in CI
//! (cli.md). `main.rs` only parses arguments and prints an [`run::Output`]; everything else is
//! here so tests can run commands in-process.

pub mod annotations;
pub mod args;
pub mod diff;
pub mod examples;
pub mod render;
pub mod run;
pub mod sarif;
pub mod schema;
pub mod stream;
pub mod test_cmd;
pub mod workers;

use clap::Parser;

/// Parses `argv` and runs the command. Usage errors exit with status 3 (cli.md); `--help` and
/// `--version` print to stdout and exit 0.
pub fn main_with(argv: Vec<std::ffi::OsString>, stdin: run::Stdin<'_>, color: bool) -> run::Output {
    let mut streamed = Vec::new();
    let mut output = main_to(argv, stdin, color, &mut streamed);
    if !streamed.is_empty() {
        output.stdout = String::from_utf8_lossy(&streamed).into_owned() + &output.stdout;
    }
    output
}

/// Like [`main_with`], but commands that stream (`normalize`, `debug`) write their standard output to
/// `out` as it is produced; the returned `stdout` holds the rest.
pub fn main_to(
    argv: Vec<std::ffi::OsString>,
    stdin: run::Stdin<'_>,
    color: bool,
    out: &mut dyn std::io::Write,
) -> run::Output {
    match args::Cli::try_parse_from(argv) {
        Ok(cli) => run::run_to(cli, stdin, color, out),
        Err(error) => {
            let text = error.render().to_string();
            if error.use_stderr() {
                run::Output {
                    stdout: String::new(),
                    stderr: text,
                    status: medtech_core::ExitStatus::Usage as i32,
                }
            } else {
                run::Output {
                    stdout: text,
                    stderr: String::new(),
                    status: 0,
                }
            }
        }
    }
}
