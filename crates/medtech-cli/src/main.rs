//! `medtech`: see the crate docs of `medtech_cli`.

use std::io::{IsTerminal, Write};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let output = medtech_cli::main_to(
        std::env::args_os().collect(),
        &mut std::io::stdin(),
        color,
        &mut stdout,
    );
    let _ = stdout.write_all(output.stdout.as_bytes());
    let _ = stdout.flush();
    let _ = std::io::stderr().write_all(output.stderr.as_bytes());
    std::process::exit(output.status);
}
