//! `atlas users invite`: create a MongoDB Atlas user and invite them to organizations and
//! projects, as the official Atlas CLI does, from one small static binary.
//!
//! `main` is thin: it creates the console, runs the pipeline (`atlas_invite::run`), prints
//! the result or the error through the console, and picks the exit code.

use std::process::ExitCode;

use atlas_invite::console::Console;
use atlas_invite::error::Error;

fn main() -> ExitCode {
    let console = Console::stderr();
    match atlas_invite::run(&console) {
        Ok(text) => match console.print(&mut std::io::stdout().lock(), &text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                console.error(&Error::Refused(format!("writing to standard output: {e}")));
                ExitCode::from(1)
            }
        },
        Err(Error::Interrupted) => ExitCode::from(130),
        Err(e) => {
            console.error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
