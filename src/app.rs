//! The pipeline of one invocation: scan the flags, resolve and validate them with the
//! environment and config.toml, read the password, send, and render the answer.

use crate::config::resolve::Version;
use crate::console::Console;
use crate::error::Error;
use crate::input::cli::{self, Mode, Topic};
use crate::input::{help, password};
use crate::{config, invite};

/// What a successful run prints on stdout.
pub struct Printed {
    pub text: String,
    /// For an invite, who was invited (`the user 'x' was invited (id y)`): a failure to
    /// print must still say so.
    pub invited: Option<String>,
}

impl Printed {
    fn help(text: impl Into<String>) -> Printed {
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
        Mode::Version => Ok(Printed::help(help::version())),
        Mode::Help(Topic::Root) => Ok(Printed::help(help::ROOT)),
        Mode::Help(Topic::Users) => Ok(Printed::help(help::USERS)),
        Mode::Help(Topic::Invite) => Ok(Printed::help(help::INVITE)),
        Mode::Invite => {
            let env = config::env::Env::from_process();
            let mut inv = config::resolve::resolve(&low, &env, console)?;
            // The 2025-02-19 endpoints take no password: none is read or prompted for.
            if inv.user.password.is_none() && inv.version != Version::V20250219 {
                let pw = password::read(console)?;
                config::resolve::password(&pw)?;
                inv.user.password = Some(pw);
            }
            invite::run(console, &inv)
        }
    }
}
