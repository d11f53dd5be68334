//! Authenticating the invite: the HTTP Digest handshake for API keys (`digest`), the OAuth
//! client credentials flow for service accounts (`token`), and the session that carries a
//! run's calls on one connection and one authentication, retrying what Atlas says it did
//! not process (`session`).

pub mod digest;
mod session;
mod token;

pub(crate) use session::{Policy, Session};

use crate::net::transport::Request;

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
pub(crate) const REDACTED: &str = "[redacted]";

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

/// One call to send: where, what it signs, its media type and body (`None`: a GET).
pub(crate) struct Exchange<'a> {
    pub(crate) url: &'a str,
    /// The request target (path) that the Digest answer signs.
    pub(crate) path: &'a str,
    /// `Accept` and `Content-Type`: the API version's media type.
    pub(crate) media: &'a str,
    pub(crate) body: Option<&'a str>,
    /// The body as `--debug` shows it, each secret placed as `[redacted]` (`None`: the
    /// body holds none).
    pub(crate) shown_body: Option<&'a str>,
}

impl<'a> Exchange<'a> {
    /// `POST` or `GET`.
    pub(crate) fn method(&self) -> &'static str {
        if self.body.is_some() {
            "POST"
        } else {
            "GET"
        }
    }

    /// The request for this call, with an `Authorization` header when given.
    fn request(&self, authorization: Option<&'a str>) -> Request<'a> {
        Request {
            url: self.url,
            accept: self.media,
            content_type: self.media,
            authorization,
            hidden_user: false,
            body: self.body,
            shown_body: self.shown_body,
            may_create: authorization.is_some() && self.body.is_some(),
        }
    }

    /// The request for this call with a Digest `header` built with `keys`: the trace hides
    /// its user name when the public key came from a secret file.
    fn digest_request(&self, header: &'a str, keys: &Keys) -> Request<'a> {
        Request {
            hidden_user: keys.public_hidden,
            ..self.request(Some(header))
        }
    }
}
