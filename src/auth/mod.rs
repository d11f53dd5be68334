//! Authenticating the invite: the HTTP Digest handshake for API keys (`digest`), the OAuth
//! client credentials flow for service accounts (`token`), and the session that carries a
//! run's calls on one connection and one authentication, retrying what Atlas says it did
//! not process (`session`).

pub mod digest;
mod session;
mod token;

pub(crate) use session::{Base, Policy, Session};

/// Atlas programmatic API keys.
#[derive(Clone)]
pub(crate) struct Keys {
    pub(crate) public: String,
    pub(crate) private: String,
    /// Whether `public` was read from a secret file: then it is a secret as well, and
    /// every output places it as `[redacted]`.
    pub(crate) public_hidden: bool,
}

/// How the invite authenticates.
#[derive(Clone)]
pub(crate) enum Auth {
    /// HTTP Digest with programmatic API keys.
    Digest(Keys),
    /// OAuth 2.0 client credentials: a service account's id and secret, exchanged for a
    /// bearer token at `token_url`.
    ServiceAccount {
        client_id: String,
        client_secret: String,
        token_url: String,
        /// Whether `client_id` was read from a secret file (never printed, then).
        client_id_hidden: bool,
    },
}

/// What output shows in place of a value read from a secret file.
const REDACTED: &str = "[redacted]";

impl Auth {
    /// The public identifier (public key or client id) as output shows it: itself, or
    /// `[redacted]` when it was read from a secret file.
    pub(crate) fn shown_identity(&self) -> &str {
        let (value, hidden) = match self {
            Auth::Digest(keys) => (&keys.public, keys.public_hidden),
            Auth::ServiceAccount {
                client_id,
                client_id_hidden,
                ..
            } => (client_id, *client_id_hidden),
        };
        if hidden {
            REDACTED
        } else {
            value
        }
    }
}
