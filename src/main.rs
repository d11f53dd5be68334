//! `atlas users invite`: create a MongoDB Atlas user and invite them to organizations and
//! projects, as the official Atlas CLI does, from one small static binary.
//!
//! `main` is thin: scan arguments, resolve and validate, read the password, send, print.
//! It is the only place that prints errors and chooses the exit code.

use std::io::Write;
use std::process::ExitCode;

use atlas_invite::cli::{self, Mode, Topic};
use atlas_invite::error::Error;
use atlas_invite::{env, help, invite, password, resolve, secrets};

fn main() -> ExitCode {
    match run() {
        Ok(text) => match std::io::stdout()
            .lock()
            .write_all(secrets::scrub(&text).as_bytes())
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("Error: writing to standard output: {e}");
                ExitCode::from(1)
            }
        },
        Err(Error::Interrupted) => ExitCode::from(130),
        Err(e) => {
            eprintln!("Error: {}", secrets::scrub(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}

/// Does the work and returns what to print on stdout.
fn run() -> Result<String, Error> {
    let low = cli::parse()?;
    match low.mode {
        Mode::Version => Ok(help::version()),
        Mode::Help(Topic::Root) => Ok(help::ROOT.to_string()),
        Mode::Help(Topic::Users) => Ok(help::USERS.to_string()),
        Mode::Help(Topic::Invite) => Ok(help::INVITE.to_string()),
        Mode::Invite => {
            let mut inv = resolve::resolve(&low, &env::Env::from_process())?;
            if inv.user.password.is_empty() {
                let pw = password::read()?;
                resolve::password(&pw).map_err(Error::usage)?;
                inv.user.password = pw;
            }
            invite::run(&inv)
        }
    }
}
