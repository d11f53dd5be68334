//! The one error type of the program and the exit code each kind maps to.
//!
//! The exit code tells a script what happened without parsing text: 2 means nothing was
//! sent, 1 means Atlas answered and refused, 3 means Atlas could not be reached or did not
//! answer, 4 means Atlas accepted the request but its answer was unreadable. `main` is the only place that prints these.

use std::fmt;

/// Everything that can stop an invite.
#[derive(Debug)]
pub enum Error {
    /// Bad flags, environment or input; nothing was sent (exit 2). One entry per problem.
    Usage(Vec<String>),
    /// Atlas answered with a refusal (exit 1). The text is the whole message.
    Api(String),
    /// Atlas answered 401 (exit 1); the text says why, the hint how to fix it.
    Unauthorized(String),
    /// Atlas could not be reached or did not answer (exit 3).
    Network(String),
    /// Atlas accepted the request but its answer could not be read (exit 4).
    Uncertain(String),
    /// The user pressed Ctrl-C at the password prompt (exit 130, as a shell reports SIGINT).
    Interrupted,
}

impl Error {
    /// A single usage problem.
    pub fn usage(msg: impl Into<String>) -> Error {
        Error::Usage(vec![msg.into()])
    }

    /// The process exit code documented in the README.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Api(_) | Error::Unauthorized(_) => 1,
            Error::Network(_) => 3,
            Error::Uncertain(_) => 4,
            Error::Interrupted => 130,
        }
    }
}

/// How to give credentials; shown after every 401 and when none are configured.
pub const CREDENTIALS_HINT: &str = "set MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (API keys) or MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account), or the same keys in lower case in a profile of config.toml";

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(list) => {
                for (i, msg) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\nError: ")?;
                    }
                    f.write_str(msg)?;
                }
                Ok(())
            }
            Error::Api(msg) | Error::Network(msg) | Error::Uncertain(msg) => f.write_str(msg),
            Error::Interrupted => f.write_str("interrupted"),
            Error::Unauthorized(why) => {
                write!(f, "unauthorized")?;
                if !why.is_empty() {
                    write!(f, " ({why})")?;
                }
                write!(f, "\n\nTo authenticate, {CREDENTIALS_HINT}.")
            }
        }
    }
}

impl From<lexopt::Error> for Error {
    fn from(e: lexopt::Error) -> Error {
        Error::usage(e.to_string())
    }
}
