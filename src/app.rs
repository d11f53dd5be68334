//! The pipeline of one invocation: scan the flags, resolve and validate them with the
//! environment and config.toml, read the password, and hand the invite to its flow.

use crate::config::env::Env;
use crate::console::Console;
use crate::error::Error;
use crate::flags::help;
use crate::flags::lowargs::{Mode, Topic};
use crate::flags::parse;
use crate::flow::{dryrun, file, preview, single, Printed};
use crate::hiargs::{self, Version};
use crate::users::{password, validate};

/// Does the work and returns what to print on stdout; `console` gets everything else.
pub fn run(console: &Console) -> Result<Printed, Error> {
    let low = parse::parse()?;
    match low.mode {
        Mode::Version => Ok(Printed::text(help::version())),
        Mode::Help(Topic::Root) => Ok(Printed::text(help::root())),
        Mode::Help(Topic::Users) => Ok(Printed::text(help::USERS)),
        Mode::Help(Topic::Invite) => Ok(Printed::text(help::invite())),
        Mode::Help(Topic::Help) => Ok(Printed::text(help::help())),
        // As cobra's help command: the usage on stderr, and exit 0.
        Mode::UnknownHelpTopic => {
            let text = help::unknown_topic(&low.unknown_topic, &low.topic_hint);
            console.say(text.trim_end());
            Ok(Printed::text(""))
        }
        Mode::Invite => {
            let inv = hiargs::resolve(&low, &Env::from_process(), console)?;
            if inv.dry_run {
                return match dryrun::print(console, &inv) {
                    // The reader went away (`| head`): nothing was sent either way.
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        Err(Error::Local(format!("writing to standard output: {e}")))
                    }
                    _ => Ok(Printed::text("")),
                };
            }
            if inv.plan {
                return preview::run(console, &inv);
            }
            if inv.file {
                return file::run(console, &inv);
            }
            let Some(mut job) = inv.users.jobs().next() else {
                return Err(Error::usage("nothing to invite"));
            };
            // The 2025-02-19 endpoints take no password: none is read or prompted for.
            let create_user = inv.version != Version::V20250219 && job.user.teams.is_empty();
            if job.user.password.is_none() && create_user {
                let pw = password::read(console)?;
                validate::password(&pw)?;
                job.user.password = Some(pw);
            }
            single::run(console, &inv, &job)
        }
    }
}
