//! `atlas users invite`: create a MongoDB Atlas user and invite them to organizations and
//! projects, as the official Atlas CLI does, from one small static binary.
//!
//! `main` is thin: it creates the console, runs the pipeline (`atlas_invite::run`), prints
//! the result or the error through the console, and picks the exit code.

use std::process::ExitCode;

use atlas_invite::console::Console;
use atlas_invite::error::Error;

fn main() -> ExitCode {
    let console = Console::process();
    match atlas_invite::run(&console) {
        Ok(printed) => match console.print(&printed.text) {
            Ok(()) => ExitCode::SUCCESS,
            // The reader went away (`| head`): the work is done and exit 0 says so, so a
            // script that retries on failure does not invite twice.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                let e = match printed.invited {
                    Some(who) => Error::Unreadable(format!(
                        "{who}, but writing it to standard output failed: {e}"
                    )),
                    None => Error::Local(format!("writing to standard output: {e}")),
                };
                console.error(&e);
                ExitCode::from(e.exit_code())
            }
        },
        Err(e) => {
            console.error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
