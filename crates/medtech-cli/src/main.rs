//! `medtech`: see the crate docs of `medtech_cli`.

use std::io::{IsTerminal, Write};

fn main() {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let output =
        medtech_cli::main_with(std::env::args_os().collect(), &mut std::io::stdin(), color);
    let _ = std::io::stdout().write_all(output.stdout.as_bytes());
    let _ = std::io::stderr().write_all(output.stderr.as_bytes());
    std::process::exit(output.status);
}
