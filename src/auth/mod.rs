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
    },
}
