//! The pipeline of one invocation: scan the flags, resolve and validate them with the
//! environment and config.toml, read the password, send, and render the answer.

use crate::console::Console;
use crate::error::Error;
use crate::input::cli::{self, Mode, Topic};
use crate::input::{help, password};
use crate::{config, invite};

/// Does the work and returns what to print on stdout; `console` gets everything else.
pub fn run(console: &Console) -> Result<String, Error> {
    let low = cli::parse()?;
    match low.mode {
        Mode::Version => Ok(help::version()),
        Mode::Help(Topic::Root) => Ok(help::ROOT.to_string()),
        Mode::Help(Topic::Users) => Ok(help::USERS.to_string()),
        Mode::Help(Topic::Invite) => Ok(help::INVITE.to_string()),
        Mode::Invite => {
            let env = config::env::Env::from_process();
            let mut inv = config::resolve::resolve(&low, &env, console)?;
            if inv.user.password.is_none() {
                let pw = password::read(console)?;
                config::resolve::password(&pw)?;
                inv.user.password = Some(pw);
            }
            invite::run(console, &inv)
        }
    }
}
