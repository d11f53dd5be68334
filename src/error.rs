//! The one error type of the program; each kind carries its exit code.
//!
//! The kind is chosen where the failure is understood (a validator knows nothing was sent,
//! the transport knows whether the request left the process), so `main` only prints it and
//! exits with `exit_code`. Messages read `context: detail`, one line each.

use std::fmt;

/// Everything that can stop the command.
#[derive(Debug)]
pub enum Error {
    /// Bad flags, environment, configuration or input; nothing was sent (exit 2). One
    /// message per problem, so a run reports them all.
    Usage(Vec<String>),
    /// This machine failed before anything that could create a user left it, such as the
    /// OS random source or the terminal (exit 2: nothing was sent).
    Local(String),
    /// Atlas answered and refused (exit 1). The text is the whole message.
    Refused(String),
    /// Atlas answered 401 (exit 1); the text says why, the hint how to fix it.
    Unauthorized(String),
    /// Atlas could not be reached or did not answer (exit 3).
    Unreachable(String),
    /// Atlas accepted the request but its answer could not be read or printed (exit 4).
    Unreadable(String),
    /// Ctrl-C at the password prompt (exit 130, as a shell reports SIGINT).
    Interrupted,
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A single usage problem.
    pub fn usage(msg: impl Into<String>) -> Error {
        Error::Usage(vec![msg.into()])
    }

    /// All of `errors` as one; usage problems are listed together.
    pub fn all(errors: Vec<Error>) -> Error {
        let mut list = Vec::new();
        for e in errors {
            match e {
                Error::Usage(more) => list.extend(more),
                other if list.is_empty() => return other,
                other => list.push(other.to_string()),
            }
        }
        Error::Usage(list)
    }

    /// The same error with `context: ` before each message.
    pub fn context(self, context: &str) -> Error {
        self.map_messages(|m| format!("{context}: {m}"), true)
    }

    /// The same error with `; note` after its message (the last one, for usage lists).
    pub fn append(self, note: &str) -> Error {
        self.map_messages(|m| format!("{m}; {note}"), false)
    }

    /// The same kind with `f` applied to its messages: every usage problem (`all`) or the
    /// last one.
    fn map_messages(self, f: impl Fn(String) -> String, all: bool) -> Error {
        match self {
            Error::Usage(mut list) if !all => {
                if let Some(last) = list.pop() {
                    list.push(f(last));
                }
                Error::Usage(list)
            }
            Error::Usage(list) => Error::Usage(list.into_iter().map(f).collect()),
            Error::Local(m) => Error::Local(f(m)),
            Error::Refused(m) => Error::Refused(f(m)),
            Error::Unauthorized(m) => Error::Unauthorized(f(m)),
            Error::Unreachable(m) => Error::Unreachable(f(m)),
            Error::Unreadable(m) => Error::Unreadable(f(m)),
            Error::Interrupted => Error::Interrupted,
        }
    }

    /// Whether the request that failed may have taken effect: Atlas accepted it but the
    /// answer was unreadable, or it left and no answer came.
    pub(crate) fn may_have_taken_effect(&self) -> bool {
        match self {
            Error::Unreadable(_) => true,
            Error::Unreachable(msg) => msg.contains(MAYBE_CREATED),
            _ => false,
        }
    }

    /// The process exit code documented in the README.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Local(_) => 2,
            Error::Refused(_) | Error::Unauthorized(_) => 1,
            Error::Unreachable(_) => 3,
            Error::Unreadable(_) => 4,
            Error::Interrupted => 130,
        }
    }
}

/// What an error says when a request that could create the user may have been processed.
pub(crate) const MAYBE_CREATED: &str = "the invitation may or may not have been created";

/// How to give credentials; shown after every 401 and when none are configured.
pub const CREDENTIALS_HINT: &str = "set MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (API keys) or MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account), or the same keys in lower case in a profile of config.toml";

/// Writes `msg` with control characters escaped (`\r`, `\n`, `\u{1b}`), so every message
/// stays on its line and text from a server or a URL cannot move the terminal's cursor.
fn write_escaped(f: &mut fmt::Formatter<'_>, msg: &str) -> fmt::Result {
    for c in msg.chars() {
        match c {
            '\r' => f.write_str("\\r")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            c if c.is_control() => write!(f, "{}", c.escape_unicode())?,
            c => write!(f, "{c}")?,
        }
    }
    Ok(())
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(list) => {
                for (i, msg) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\nError: ")?;
                    }
                    write_escaped(f, msg)?;
                }
                Ok(())
            }
            Error::Local(msg)
            | Error::Refused(msg)
            | Error::Unreachable(msg)
            | Error::Unreadable(msg) => write_escaped(f, msg),
            Error::Interrupted => f.write_str("interrupted"),
            Error::Unauthorized(why) => {
                write!(f, "unauthorized")?;
                if !why.is_empty() {
                    f.write_str(" (")?;
                    write_escaped(f, why)?;
                    f.write_str(")")?;
                }
                write!(f, "\n\nTo authenticate, {CREDENTIALS_HINT}.")
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<lexopt::Error> for Error {
    fn from(e: lexopt::Error) -> Error {
        Error::usage(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_carry_exit_codes() {
        let codes: Vec<u8> = [
            Error::usage("x"),
            Error::Local("x".into()),
            Error::Refused("x".into()),
            Error::Unauthorized("x".into()),
            Error::Unreachable("x".into()),
            Error::Unreadable("x".into()),
            Error::Interrupted,
        ]
        .iter()
        .map(Error::exit_code)
        .collect();
        assert_eq!(codes, [2, 2, 1, 1, 3, 4, 130]);
    }

    #[test]
    fn usage_problems_combine_and_take_context() {
        let e = Error::all(vec![
            Error::usage("a"),
            Error::usage("b").context("flag --x"),
        ]);
        assert_eq!(e.to_string(), "a\nError: flag --x: b");
        assert_eq!(e.exit_code(), 2);
        let e = Error::Refused("a\r\nb\u{1b}[2J".into());
        assert_eq!(e.to_string(), "a\\r\\nb\\u{1b}[2J");
        let e = Error::all(vec![Error::Local("no random".into())]);
        assert_eq!(e.exit_code(), 2);
        assert_eq!(e.to_string(), "no random");
    }
}
