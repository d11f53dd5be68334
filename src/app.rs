//! The pipeline of one invocation: scan the flags, resolve and validate them with the
//! environment and config.toml, read the password, and hand the invite to its flow.

use crate::config::env::Env;
use crate::console::Console;
use crate::error::Error;
use crate::flags::help;
use crate::flags::parse;
use crate::flow::{dryrun, file, preview, single, Printed};
use crate::hiargs::{self, Printing, Version};
use crate::lowargs::{Mode, Topic};
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
            let args = hiargs::resolve(&low, &Env::from_process(), console)?;
            if args.dry_run {
                return match dryrun::print(console, &args) {
                    // The reader went away (`| head`): nothing was sent either way.
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        Err(Error::Local(format!("writing to standard output: {e}")))
                    }
                    _ => Ok(Printed::text("")),
                };
            }
            let output = match &args.output {
                Printing::Lines { json } if args.plan => {
                    return preview::run(console, &args, *json)
                }
                Printing::Lines { json } => return file::run(console, &args, *json),
                Printing::Answer(output) => output,
            };
            let Some(mut invitee) = args.invitees.each().next() else {
                return Err(Error::usage("nothing to invite"));
            };
            // The 2025-02-19 endpoints take no password: none is read or prompted for.
            let create_user = args.version != Version::V20250219 && invitee.user.teams.is_empty();
            if invitee.user.password.is_none() && create_user {
                let pw = password::read(console)?;
                validate::password(&pw)?;
                invitee.user.password = Some(pw);
            }
            single::run(console, &args, output, &invitee)
        }
    }
}
