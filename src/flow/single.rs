//! A single invite from the flags: the official output, or `The user '<u>' already exists.`

use super::inviter::Inviter;
use super::outcome::{Found, Outcome, Printed};
use crate::console::Console;
use crate::error::Error;
use crate::hiargs::HiArgs;
use crate::users::Job;

/// A single invite: the official output, or `The user '<u>' already exists.`
pub(crate) fn run(console: &Console, inv: &HiArgs, job: &Job) -> Result<Printed, Error> {
    let mut inviter = Inviter::new(console, inv, None);
    let (found, new, added) = match inviter.invite(job)? {
        Outcome::Invited(found) => (found, true, Vec::new()),
        Outcome::Exists(found) => (found, false, Vec::new()),
        Outcome::Updated(found, added) => (found, false, added),
    };
    let username = &job.user.username;
    let added: Vec<String> = added.iter().map(|a| a.describe()).collect();
    let done = match (new, added.is_empty()) {
        (true, _) => format!("the user '{username}' was invited ({})", ids(&found)),
        (false, true) => format!("the user '{username}' already exists ({})", ids(&found)),
        (false, false) => format!(
            "the user '{username}' already exists ({}) and got {}",
            ids(&found),
            added.join(", ")
        ),
    };
    let rendered = match (&found, new, &inv.output) {
        (_, false, crate::render::Output::Text) if !added.is_empty() => Ok(format!(
            "The user '{username}' already exists; added {}.\n",
            added.join(", ")
        )),
        (_, false, crate::render::Output::Text) => {
            Ok(format!("The user '{username}' already exists.\n"))
        }
        (Found::User(user), _, output) => output.render(user),
        (Found::Members(members), _, output) => output.render_members(members),
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

/// `id X` or `organization O (id X), project P (id Y)`.
fn ids(found: &Found) -> String {
    match found {
        Found::User(_) => format!("id {}", found.id()),
        Found::Members(members) => members
            .iter()
            .map(|m| format!("id {}", m.id.as_deref().unwrap_or("unknown")))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
