//! A mock Atlas Administration API: HTTPS with a test CA, Digest authentication checked
//! on the server side, every request recorded, and answers scriptable per test.
//!
//! It is real server code (sockets, TLS, HTTP/1.1 keep-alive), not a stub of the client:
//! tests assert on what actually crossed the wire. `curl --digest` is run against it in
//! the interop tests to prove its Digest checking is right. This file is the handle a
//! test holds; the rooms beside it serve (`server`), authenticate (`auth`), route
//! (`routes`), keep the people (`people`), the 2023-01-01 users (`legacy`) and the limits.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::AtomicU32;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::certs::{TempDir, TestCa};

mod auth;
mod legacy;
mod limits;
pub mod people;
mod routes;
mod server;
mod wire;

pub use people::{Memberships, Status};

/// The media type both headers must carry (createUser, 2023-01-01).
pub const MEDIA: &str = "application/vnd.atlas.2023-01-01+json";
/// The media type of the org and project user endpoints (2025-02-19).
pub const MEDIA_2025: &str = "application/vnd.atlas.2025-02-19+json";

/// How the mock listens and authenticates.
#[derive(Clone)]
pub struct Options {
    pub public: String,
    pub private: String,
    pub tls: bool,
    /// `MD5`, `MD5-sess`, `SHA-256` or `SHA-256-sess`.
    pub algorithm: String,
    /// Offer qop="auth"; without it the RFC 2069 form is expected.
    pub qop: bool,
    /// Send an opaque value that must be echoed.
    pub opaque: bool,
    /// Service account credentials accepted at /api/oauth/token.
    pub client_id: String,
    pub client_secret: String,
    /// Answer createUser with 410 Gone, as after its 2027-07-01 sunset.
    pub gone: bool,
    /// Honour each nonce for one answer only (nc 1): a reused nonce is called stale.
    pub single_use_nonces: bool,
    /// A token bucket in front of every authenticated API call, as Atlas's: (capacity,
    /// tokens refilled per second). An empty bucket answers 429 RATE_LIMITED_TOKEN_BUCKET
    /// with Retry-After; every API answer carries RateLimit-Limit and RateLimit-Remaining.
    pub bucket: Option<(f64, f64)>,
    /// At most this many invitations per window, then 400 INVITATIONS_RATE_LIMITED_IP
    /// without Retry-After, as Atlas limited them in the wild.
    pub invitation_limit: Option<(usize, Duration)>,
    /// How long a service-account token lives (`expires_in`); a later use gets a 401.
    pub token_ttl: Duration,
    /// The `expires_in` the token answer claims, when it differs from the truth.
    pub token_claim: Option<u64>,
    /// How long each invitation takes to create.
    pub slow_create: Duration,
    /// createUser answers 410 Gone once this many users were created.
    pub gone_after: Option<u32>,
    /// Added to every `totalCount` of listOrgUsers and listGroupUsers (never below 0):
    /// Atlas calls it an estimate, so a client that trusts it is caught.
    pub total_count_skew: i64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            public: "abcdefgh".into(),
            private: "12345678-90ab-cdef-1234-567890abcdef".into(),
            tls: true,
            algorithm: "MD5".into(),
            qop: true,
            opaque: false,
            client_id: "mdb_sa_id_0123456789abcdef01234567".into(),
            client_secret: "mdb_sa_sk_SECRETsecretSECRETsecret".into(),
            gone: false,
            single_use_nonces: false,
            bucket: None,
            invitation_limit: None,
            token_ttl: Duration::from_secs(3600),
            token_claim: None,
            slow_create: Duration::ZERO,
            gone_after: None,
            total_count_skew: 0,
        }
    }
}

/// A scripted answer for the next request that passes Digest authentication.
#[derive(Clone, Debug)]
pub enum Answer {
    /// Answer as the mock would without a script (to script a later request only).
    Usual,
    /// 401 with `stale=true` and a fresh nonce.
    Stale,
    /// This status, content type and body.
    Respond {
        status: u16,
        content_type: String,
        body: String,
        headers: Vec<(String, String)>,
    },
    /// Close the connection without answering.
    Hangup,
    /// This status and headers announcing `len` bytes, then zeros as fast as they go.
    Huge { status: u16, len: u64 },
    /// This status, then one body byte per second.
    Trickle { status: u16 },
    /// This status and a few body bytes of a longer announced body, then close.
    Cut { status: u16 },
}

impl Answer {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Answer {
        Answer::Respond {
            status,
            content_type: "application/json".into(),
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// An Atlas ApiError answer.
    pub fn api_error(status: u16, code: &str, detail: &str, reason: &str) -> Answer {
        Answer::json(
            status,
            &format!(
                r#"{{"detail":"{detail}","error":{status},"errorCode":"{code}","parameters":[],"reason":"{reason}"}}"#
            ),
        )
    }
}

/// One request as received.
#[derive(Clone, Debug)]
pub struct Request {
    /// Which TCP connection (1-based) carried it.
    pub conn: usize,
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Whether its Digest answer was checked and correct.
    pub authorized: bool,
}

impl Request {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Everything the mock's threads share, one lock per room (never two held at once).
#[derive(Default)]
struct Shared {
    /// What crossed the wire, and the open connections.
    rec: Mutex<server::Recording>,
    /// Nonces, tokens and scripted challenges.
    auth: Mutex<auth::AuthState>,
    /// Answers the test queued.
    script: Mutex<routes::Script>,
    /// The people of the 2025-02-19 endpoints.
    people: Mutex<people::People>,
    /// The users of createUser (2023-01-01).
    legacy: Mutex<legacy::Legacy>,
    /// The token bucket and the invitation limit.
    limits: Mutex<limits::Limits>,
    /// Users created by createUser, createOrgUser and addGroupUsers: their ids count up
    /// from it, and `Options::gone_after` counts it.
    created: AtomicU32,
}

/// Locks a room, also after a thread panicked holding it (the state is still readable).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running mock server.
pub struct Mock {
    pub addr: SocketAddr,
    pub opts: Options,
    /// PEM file of the CA that signed the server certificate (when TLS).
    pub ca_file: PathBuf,
    shared: Arc<Shared>,
    /// Holds `ca_file`; removed when the mock is dropped.
    _ca_dir: TempDir,
}

impl Mock {
    /// Starts a mock with default options on 127.0.0.1 and a free port.
    pub fn start() -> Mock {
        Mock::with(Options::default())
    }

    /// Starts a mock with `opts`.
    pub fn with(opts: Options) -> Mock {
        Mock::bind("127.0.0.1:0", opts)
    }

    /// Starts a mock on `addr`.
    pub fn bind(addr: &str, opts: Options) -> Mock {
        let listener = TcpListener::bind(addr).expect("bind mock listener");
        let addr = listener.local_addr().unwrap();
        let ca = TestCa::new();
        let (ca_dir, ca_file) = ca.write_ca_file();
        let tls = opts.tls.then(|| ca.server_config());
        let shared = Arc::new(Shared::default());
        server::start(listener, tls, shared.clone(), opts.clone());
        Mock {
            addr,
            opts,
            ca_file,
            shared,
            _ca_dir: ca_dir,
        }
    }

    /// The base URL, by host name so TLS checks the certificate's name.
    pub fn url(&self) -> String {
        let scheme = if self.opts.tls { "https" } else { "http" };
        format!("{scheme}://localhost:{}/", self.addr.port())
    }

    /// Queues answers for the next authenticated requests.
    pub fn script(&self, answers: impl IntoIterator<Item = Answer>) {
        lock(&self.shared.script).next.extend(answers);
    }

    /// Queues `answer` for the next authenticated request whose method is `method` and
    /// whose path (without the query) starts with `path_prefix`; it goes before `script`'s.
    pub fn answer_at(&self, method: &str, path_prefix: &str, answer: Answer) {
        let at = (method.to_string(), path_prefix.to_string(), answer);
        lock(&self.shared.script).at.push(at);
    }

    /// Replaces the next challenge header (`None`: a 401 without any challenge).
    pub fn challenge_with(&self, header: Option<&str>) {
        let header = header.map(str::to_string);
        lock(&self.shared.auth).challenges.push_back(header);
    }

    /// Queues a delay before the next answer.
    pub fn delay(&self, d: Duration) {
        lock(&self.shared.rec).delays.push_back(d);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.shared.rec).requests.clone()
    }

    /// The target and body of every request that passed authentication, in order.
    pub fn authorized_calls(&self) -> Vec<(String, String)> {
        let calls = self.calls().into_iter();
        calls.map(|(_, target, body)| (target, body)).collect()
    }

    /// The method, target and body of every request that passed authentication, in order.
    pub fn calls(&self) -> Vec<(String, String, String)> {
        let rec = lock(&self.shared.rec);
        let authorized = rec.requests.iter().filter(|r| r.authorized);
        authorized
            .map(|r| (r.method.clone(), r.target.clone(), r.body.clone()))
            .collect()
    }

    /// Makes createUser answer 409 for a username it created before, as Atlas does (by
    /// default each test may invite the same user again).
    pub fn unique_usernames(&self) {
        lock(&self.shared.legacy).unique = true;
    }

    /// Makes createUser refuse these usernames (400 INVALID_EMAIL_ADDRESS).
    pub fn refuse(&self, usernames: &[&str]) {
        let refused = usernames.iter().map(|u| u.to_string());
        lock(&self.shared.legacy).refused.extend(refused);
    }

    /// Makes these usernames exist already, everywhere: createUser and the 2025-02-19
    /// creates answer 409, getUserByName and the username lookups find them (they are
    /// not people: full lists leave them out).
    pub fn exists(&self, usernames: &[&str]) {
        let mut people = lock(&self.shared.people);
        for u in usernames {
            people.add_everywhere(u);
        }
    }

    /// Makes `username` an existing user (ACTIVE, or PENDING when `pending`) with these
    /// memberships; returns the user's id.
    pub fn seed(&self, username: &str, m: Memberships, pending: bool) -> String {
        let status = if pending {
            Status::Pending
        } else {
            Status::Active
        };
        self.seed_status(username, m, status)
    }

    /// Makes `username` a person with these memberships and this status in every
    /// organization; returns their id.
    pub fn seed_status(&self, username: &str, m: Memberships, status: Status) -> String {
        lock(&self.shared.people).seed(username, m, status)
    }

    /// Seeds many people at once (one lock); returns their ids in order.
    pub fn seed_many(
        &self,
        people: impl IntoIterator<Item = (String, Memberships, Status)>,
    ) -> Vec<String> {
        let mut store = lock(&self.shared.people);
        let seeded = people.into_iter();
        seeded.map(|(u, m, s)| store.seed(&u, m, s)).collect()
    }

    /// Makes `username` appear once `n` authorized API requests were answered (somebody
    /// else invites them meanwhile); returns the id they will have. Token requests do
    /// not count.
    pub fn seed_after(&self, n: usize, username: &str, m: Memberships, status: Status) -> String {
        lock(&self.shared.people).seed_after(n, username, m, status)
    }

    /// Declares that `project` belongs to `org`: listOrgUsers of another organization
    /// leaves its roles out, and removeOrgUser of `org` removes them. Undeclared projects
    /// show under every organization.
    pub fn project_in(&self, project: &str, org: &str) {
        lock(&self.shared.people).declare(project, org);
    }

    /// The memberships the mock holds for `username`.
    pub fn memberships(&self, username: &str) -> Option<Memberships> {
        lock(&self.shared.people)
            .named(username)
            .map(|p| p.m.clone())
    }

    /// The id and the status in `org` of the person called `username`.
    pub fn person(&self, username: &str, org: &str) -> Option<(String, Status)> {
        let people = lock(&self.shared.people);
        let p = people.named(username)?;
        Some((p.id.clone(), p.status_in(org)))
    }

    /// How many requests have arrived, answered or not (`requests` lists answered ones).
    pub fn received(&self) -> usize {
        lock(&self.shared.rec).received
    }

    /// Bearer tokens issued so far.
    pub fn tokens(&self) -> Vec<String> {
        let auth = lock(&self.shared.auth);
        auth.tokens.iter().map(|(t, _)| t.clone()).collect()
    }

    /// How many 429s the token bucket answered.
    pub fn limited(&self) -> usize {
        lock(&self.shared.limits).limited
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        lock(&self.shared.rec).connections
    }
}

impl Drop for Mock {
    /// Stops the server: the accept loop ends and every open connection is shut down, so
    /// all of the mock's threads exit.
    fn drop(&mut self) {
        server::stop(&self.shared, self.addr);
    }
}
