//! The pipeline of one invocation: scan the flags, resolve and validate them with the
//! environment and config.toml, read the password, send, and render the answer.

use crate::config::resolve::Version;
use crate::console::Console;
use crate::error::Error;
use crate::input::cli::{self, Mode, Topic};
use crate::input::{help, password};
use crate::{batch, config, dryrun, invite};

/// What a successful run prints on stdout.
pub struct Printed {
    pub text: String,
    /// For an invite, who was invited (`the user 'x' was invited (id y)`): a failure to
    /// print must still say so.
    pub invited: Option<String>,
}

impl Printed {
    /// Text that reports no invite (help, version, a dry run).
    pub(crate) fn text(text: impl Into<String>) -> Printed {
        Printed {
            text: text.into(),
            invited: None,
        }
    }
}

/// Does the work and returns what to print on stdout; `console` gets everything else.
pub fn run(console: &Console) -> Result<Printed, Error> {
    let low = cli::parse()?;
    match low.mode {
        Mode::Version => Ok(Printed::text(help::version())),
        Mode::Help(Topic::Root) => Ok(Printed::text(help::ROOT)),
        Mode::Help(Topic::Users) => Ok(Printed::text(help::USERS)),
        Mode::Help(Topic::Invite) => Ok(Printed::text(help::INVITE)),
        Mode::Invite => {
            let env = config::env::Env::from_process();
            let mut inv = config::resolve::resolve(&low, &env, console)?;
            if inv.dry_run {
                return Ok(Printed::text(dryrun::requests(&inv)));
            }
            if inv.file {
                return batch::run(console, &inv);
            }
            // The 2025-02-19 endpoints take no password: none is read or prompted for.
            let needs_password = inv.version != Version::V20250219;
            if let Some(job) = inv.jobs.first_mut() {
                if job.user.password.is_none() && needs_password {
                    let pw = password::read(console)?;
                    config::jobs::password(&pw)?;
                    job.user.password = Some(pw);
                }
            }
            invite::run(console, &inv)
        }
    }
}
