//! What a flow produced: for each user, what Atlas now holds (`Found`) and whether it was
//! new (`Outcome`); for the run, what to print on stdout (`Printed`).

use crate::api::members::Member;
use crate::api::AppUser;

use super::ensure::Addition;

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

/// What Atlas holds for a user after an invite.
#[derive(Debug, Clone)]
pub(crate) enum Found {
    /// createUser's answer, or getUserByName's.
    User(Box<AppUser>),
    /// The memberships created (or confirmed), in call order.
    Members(Vec<Member>),
}

impl Found {
    /// The user's id, for result lines.
    pub(crate) fn id(&self) -> String {
        let id = match self {
            Found::User(u) => u.id.clone(),
            Found::Members(m) => m.first().and_then(|m| m.id.clone()),
        };
        id.unwrap_or_else(|| "unknown".into())
    }
}

/// How one invite ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    Invited(Found),
    /// `--ifNotExists`, and a lookup confirmed the user exists.
    Exists(Found),
    /// `--ensureMemberships`: the user existed and got these additions.
    Updated(Found, Vec<Addition>),
}
