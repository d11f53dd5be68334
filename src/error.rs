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
    /// Atlas answered 401 (exit 1): `why`, then how to give credentials under `prefix`
    /// (`MONGODB_ATLAS_`, or `MCLI_` when the legacy names are in use).
    Unauthorized { why: String, prefix: &'static str },
    /// Atlas could not be reached or did not answer (exit 3). `maybe_processed`: the
    /// request left this machine and no answer came, so it may have taken effect; set by
    /// the transport, which knows whether anything was sent.
    Unreachable { msg: String, maybe_processed: bool },
    /// Atlas accepted the request but its answer could not be read or printed (exit 4).
    Unreadable(String),
    /// Ctrl-C at the password prompt (exit 130, as a shell reports SIGINT).
    Interrupted,
    /// A file run stopped by this signal (exit 128 + the signal: 130 for SIGINT, 143 for
    /// SIGTERM) after reporting every record.
    Stopped(i32),
    /// Atlas kept rate-limiting a request past the run's bound on waiting (exit 3); it was
    /// never processed.
    RateLimited(String),
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A single usage problem.
    pub fn usage(msg: impl Into<String>) -> Error {
        Error::Usage(vec![msg.into()])
    }

    /// A 401 with the official credentials hint, under the usual variable names.
    pub fn unauthorized(why: impl Into<String>) -> Error {
        Error::Unauthorized {
            why: why.into(),
            prefix: "MONGODB_ATLAS_",
        }
    }

    /// Atlas could not be reached, and nothing that could take effect was sent.
    pub fn unreachable(msg: impl Into<String>) -> Error {
        Error::Unreachable {
            msg: msg.into(),
            maybe_processed: false,
        }
    }

    /// All of `errors` as one, every message kept in order. Usage problems alone stay a
    /// usage error (a line each); with any other kind, the first such error's kind (and
    /// exit code) wins and the messages share its line.
    pub fn all(errors: Vec<Error>) -> Error {
        let mut lines = Vec::new();
        let mut kind = None;
        for e in errors {
            match e {
                Error::Usage(more) => lines.extend(more),
                other => {
                    lines.push(other.to_string());
                    kind.get_or_insert(other);
                }
            }
        }
        match kind {
            None => Error::Usage(lines),
            Some(Error::Unauthorized { .. }) => Error::Refused(lines.join("; ")),
            Some(k) => k.map_messages(|_| lines.join("; "), true),
        }
    }

    /// The same error with its credentials hint naming `prefix`'s variables.
    pub(crate) fn with_env_prefix(self, prefix: &'static str) -> Error {
        match self {
            Error::Unauthorized { why, .. } => Error::Unauthorized { why, prefix },
            other => other,
        }
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
            Error::Unauthorized { why, prefix } => Error::Unauthorized {
                why: f(why),
                prefix,
            },
            Error::Unreachable {
                msg,
                maybe_processed,
            } => Error::Unreachable {
                msg: f(msg),
                maybe_processed,
            },
            Error::Unreadable(m) => Error::Unreadable(f(m)),
            Error::Interrupted => Error::Interrupted,
            Error::Stopped(s) => Error::Stopped(s),
            Error::RateLimited(m) => Error::RateLimited(f(m)),
        }
    }

    /// Whether the request that failed may have taken effect: Atlas accepted it but the
    /// answer was unreadable, or it left and no answer came.
    pub(crate) fn may_have_taken_effect(&self) -> bool {
        match self {
            Error::Unreadable(_) => true,
            Error::Unreachable {
                maybe_processed, ..
            } => *maybe_processed,
            _ => false,
        }
    }

    /// The process exit code documented in the README.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Local(_) => 2,
            Error::Refused(_) | Error::Unauthorized { .. } => 1,
            Error::Unreachable { .. } | Error::RateLimited(_) => 3,
            Error::Unreadable(_) => 4,
            Error::Interrupted => 130,
            Error::Stopped(signal) => u8::try_from(128 + signal).unwrap_or(130),
        }
    }
}

/// What an error says when a request that could create the user may have been processed.
pub(crate) const MAYBE_CREATED: &str = "the invitation may or may not have been created";
/// The same for a removal.
pub(crate) const MAYBE_REMOVED: &str = "the removal may or may not have taken effect";

impl Error {
    /// The lines the console prints, each after `Error: `: one per usage problem, else the
    /// whole message; none after Ctrl-C at the prompt or a signal that stopped a file run
    /// (the run said everything already).
    pub(crate) fn lines(&self) -> Vec<String> {
        match self {
            Error::Usage(_) => self.to_string().split('\n').map(str::to_string).collect(),
            Error::Interrupted | Error::Stopped(_) => Vec::new(),
            _ => vec![self.to_string()],
        }
    }
}

/// The name shells and `kill -l` use.
pub(crate) fn signal_name(signal: i32) -> &'static str {
    match signal {
        libc::SIGINT => "SIGINT",
        libc::SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

/// Ends the process at once with `e`'s exit code, for the signal watcher when the run
/// cannot return to `main` (an answer still in flight, a second signal): the one way out
/// besides `main`'s return, with the same exit codes. What `e` has to say was printed.
pub(crate) fn leave(e: &Error) -> ! {
    std::process::exit(i32::from(e.exit_code()))
}

impl Error {}

/// How to give credentials under `prefix` (`MONGODB_ATLAS_` or `MCLI_`); shown after
/// every 401.
pub fn credentials_hint(prefix: &str) -> String {
    format!(
        "set {prefix}PUBLIC_API_KEY and {prefix}PRIVATE_API_KEY (API keys) or {prefix}CLIENT_ID and {prefix}CLIENT_SECRET (a service account), or the same keys in lower case in a profile of config.toml"
    )
}

/// `text` with control characters escaped as in messages, for anything from outside that
/// is printed on a terminal (a username on the status line).
pub(crate) fn escaped(text: &str) -> String {
    struct Escaped<'a>(&'a str);
    impl fmt::Display for Escaped<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write_escaped(f, self.0)
        }
    }
    Escaped(text).to_string()
}

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
    /// One line per usage problem; every other kind is one message (a 401's hint follows
    /// it after a blank line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(list) => {
                for (i, msg) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write_escaped(f, msg)?;
                }
                Ok(())
            }
            Error::Local(msg)
            | Error::Refused(msg)
            | Error::Unreachable { msg, .. }
            | Error::Unreadable(msg)
            | Error::RateLimited(msg) => write_escaped(f, msg),
            Error::Interrupted => f.write_str("interrupted"),
            Error::Stopped(signal) => write!(f, "stopped by {}", signal_name(*signal)),
            Error::Unauthorized { why, prefix } => {
                write!(f, "unauthorized")?;
                if !why.is_empty() {
                    f.write_str(" (")?;
                    write_escaped(f, why)?;
                    f.write_str(")")?;
                }
                write!(f, "\n\nTo authenticate, {}.", credentials_hint(prefix))
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
            Error::unauthorized("x"),
            Error::unreachable("x"),
            Error::Unreadable("x".into()),
            Error::Interrupted,
            Error::Stopped(libc::SIGINT),
            Error::Stopped(libc::SIGTERM),
            Error::RateLimited("x".into()),
        ]
        .iter()
        .map(Error::exit_code)
        .collect();
        assert_eq!(codes, [2, 2, 1, 1, 3, 4, 130, 130, 143, 3]);
    }

    #[test]
    fn usage_problems_combine_and_take_context() {
        let e = Error::all(vec![
            Error::usage("a"),
            Error::usage("b").context("flag --x"),
        ]);
        assert_eq!(e.lines(), ["a", "flag --x: b"]);
        assert_eq!(e.exit_code(), 2);
        // A later non-usage error keeps its message and the kind of the first one wins.
        let e = Error::all(vec![
            Error::usage("a"),
            Error::Local("no random".into()),
            Error::unreachable("down"),
        ]);
        assert_eq!(
            (e.exit_code(), e.to_string()),
            (2, "a; no random; down".into())
        );
        let e = Error::all(vec![Error::unreachable("down"), Error::usage("b")]);
        assert_eq!((e.exit_code(), e.to_string()), (3, "down; b".into()));
        let e = Error::Refused("a\r\nb\u{1b}[2J".into());
        assert_eq!(e.to_string(), "a\\r\\nb\\u{1b}[2J");
        let e = Error::all(vec![Error::Local("no random".into())]);
        assert_eq!(e.exit_code(), 2);
        assert_eq!(e.to_string(), "no random");
    }
}

#[cfg(test)]
mod hint_tests {
    use super::*;

    #[test]
    fn the_credentials_hint_names_the_variables_in_use() {
        let e = Error::unauthorized("no").with_env_prefix("MCLI_");
        let text = e.to_string();
        assert!(
            text.contains("set MCLI_PUBLIC_API_KEY and MCLI_PRIVATE_API_KEY"),
            "{text}"
        );
        assert!(!text.contains("MONGODB_ATLAS_"), "{text}");
        assert!(Error::unauthorized("no")
            .to_string()
            .contains("MONGODB_ATLAS_CLIENT_ID"));
    }
}
