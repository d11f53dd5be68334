//! A single invite from the flags: the official output, `The user '<u>' already exists.`,
//! or what an existing user got. With the 2025-02-19 endpoints and `-o json` (or a path or
//! template), one rendering per invitation's place, each the person as that organization
//! or project describes them, whatever the person's state before.

use super::inviter::Inviter;
use super::outcome::{Ended, Outcome, Printed};
use crate::console::Console;
use crate::error::Error;
use crate::hiargs::HiArgs;
use crate::plan::known::Known;
use crate::render::Output;
use crate::users::Invitee;

/// A single invite: the official output, or `The user '<u>' already exists.`
pub(crate) fn run(
    console: &Console,
    args: &HiArgs,
    output: &Output,
    invitee: &Invitee,
) -> Result<Printed, Error> {
    let mut inviter = Inviter::new(console, args, None);
    inviter.session.begin(None);
    let outcome = inviter
        .invite(invitee, &Known::nothing())
        .map_err(|f| f.error)?;
    let username = &invitee.user.username;
    let added: Vec<String> = outcome.added.iter().map(|a| a.describe()).collect();
    let done = match outcome.ended {
        Ended::Invited | Ended::Reinvited => {
            format!("the user '{username}' was invited ({})", ids(&outcome))
        }
        Ended::Exists => format!("the user '{username}' already exists ({})", ids(&outcome)),
        Ended::Updated => format!(
            "the user '{username}' already exists ({}) and got {}",
            ids(&outcome),
            added.join(", ")
        ),
    };
    let new = matches!(outcome.ended, Ended::Invited | Ended::Reinvited);
    let rendered = match (&outcome.user, new, output) {
        (_, false, Output::Text) if !added.is_empty() => Ok(format!(
            "The user '{username}' already exists; added {}.\n",
            added.join(", ")
        )),
        (_, false, Output::Text) => Ok(format!("The user '{username}' already exists.\n")),
        (Some(user), _, output) => output.render(user),
        (None, _, output) => {
            let members: Vec<_> = outcome.members.iter().map(|(_, m)| m.clone()).collect();
            output.render_members(&members)
        }
    };
    match rendered {
        Ok(text) => Ok(Printed {
            text,
            invited: Some(done),
        }),
        Err(e) => Err(Error::Unreadable(format!(
            "{done}, but the output format failed: {e}"
        ))),
    }
}

/// `id X` or `id X, id Y` (one per place).
fn ids(outcome: &Outcome) -> String {
    match &outcome.user {
        Some(_) => format!("id {}", outcome.id()),
        None => outcome
            .members
            .iter()
            .map(|(_, m)| format!("id {}", m.id.as_deref().unwrap_or("unknown")))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
