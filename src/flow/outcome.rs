//! What a flow produced: for each person, what Atlas now holds and how it came to hold it
//! (`Outcome`); for the run, what to print on stdout (`Printed`).

use crate::api::members::{Member, Target};
use crate::api::AppUser;
use crate::error::Error;
use crate::plan::grant::Grant;

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

/// How one person's invite ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    /// Invited (everywhere the record asks).
    Invited,
    /// A lapsed invitation (expired or rejected) was replaced by a new one.
    Reinvited,
    /// The person existed and got what the record asked and they lacked.
    Updated,
    /// The person existed (`--ifNotExists`), and nothing was sent or nothing was missing.
    Exists,
}

/// What one person's invite did.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub(crate) ended: Ended,
    /// createUser's answer, or getUserByName's (2023-01-01).
    pub(crate) user: Option<Box<AppUser>>,
    /// The person as each invitation's place describes them, in plan order (2025-02-19).
    pub(crate) members: Vec<(Target, Member)>,
    /// What an existing person got, in the order sent: additions, and invitations to
    /// places they were not in.
    pub(crate) added: Vec<Grant>,
}

/// A person's invite that failed: why, and what took effect before (then the person is
/// partly invited: reported as a failure with what they got, never `not attempted`).
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) error: Error,
    /// Every call that took effect, in order: invitations and additions.
    pub(crate) done: Vec<Grant>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure {
            error,
            done: Vec::new(),
        }
    }
}

impl Outcome {
    /// The user's id, for result lines.
    pub(crate) fn id(&self) -> String {
        let id = match &self.user {
            Some(u) => u.id.clone(),
            None => self.members.first().and_then(|(_, m)| m.id.clone()),
        };
        id.unwrap_or_else(|| "unknown".into())
    }
}
