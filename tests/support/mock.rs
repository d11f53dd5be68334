//! A mock Atlas Administration API: HTTPS with a test CA, Digest authentication checked
//! on the server side, every request recorded, and answers scriptable per test.
//!
//! It is real server code (sockets, TLS, HTTP/1.1 keep-alive), not a stub of the client:
//! tests assert on what actually crossed the wire. `curl --digest` is run against it in
//! the interop tests to prove its Digest checking is right.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use md5::{Digest as _, Md5};
use miniserde::json::{self, Value};

use super::certs::{TempDir, TestCa};

pub mod people;
pub use people::Memberships;
use people::Person;

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

#[derive(Default)]
struct State {
    requests: Vec<Request>,
    connections: usize,
    answers: VecDeque<Answer>,
    /// Delay before answering the next requests, in order.
    delays: VecDeque<Duration>,
    /// Nonces issued and the highest nc seen for each.
    nonces: HashMap<String, u32>,
    users: u32,
    /// Bearer tokens issued at /api/oauth/token, and when.
    tokens: Vec<String>,
    issued: Vec<Instant>,
    /// The token bucket's level and when it was last filled.
    bucket: Option<(f64, Instant)>,
    /// 429 answers from the bucket.
    limited: usize,
    /// When each invitation of the current window was created.
    invitations: VecDeque<Instant>,
    /// Replacements for the next 401 challenges: `None` sends no WWW-Authenticate at all.
    challenges: VecDeque<Option<String>>,
    /// Requests read so far, including any still waiting for their answer.
    received: usize,
    /// Usernames that already exist everywhere (409 from the 2025-02-19 endpoints).
    existing: Vec<String>,
    /// Whether createUser refuses (409) a username it created before.
    unique: bool,
    /// Usernames createUser refuses with a 400.
    refused: Vec<String>,
    /// (username, answer) of the users createUser created.
    created: Vec<(String, String)>,
    /// (org or project path, username) of memberships created so far.
    members: Vec<(String, String)>,
    /// The people of the 2025-02-19 endpoints and their memberships.
    people: Vec<Person>,
    /// Every accepted connection, to close when the mock stops.
    open: Vec<(usize, TcpStream)>,
    /// Set when the mock is dropped: the accept loop ends.
    stopped: bool,
}

/// A running mock server.
pub struct Mock {
    pub addr: SocketAddr,
    pub opts: Options,
    /// PEM file of the CA that signed the server certificate (when TLS).
    pub ca_file: PathBuf,
    state: Arc<Mutex<State>>,
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
        let tls = if opts.tls {
            Some(ca.server_config())
        } else {
            None
        };
        let state = Arc::new(Mutex::new(State::default()));
        let (st, o) = (state.clone(), opts.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let conn = {
                    let mut s = st.lock().unwrap();
                    if s.stopped {
                        return;
                    }
                    s.connections += 1;
                    let conn = s.connections;
                    if let Ok(clone) = stream.try_clone() {
                        s.open.push((conn, clone));
                    }
                    conn
                };
                let (st, o, tls) = (st.clone(), o.clone(), tls.clone());
                thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(120)));
                    match tls {
                        Some(cfg) => {
                            if let Ok(sc) = rustls::ServerConnection::new(cfg) {
                                serve(rustls::StreamOwned::new(sc, stream), conn, &st, &o);
                            }
                        }
                        None => serve(stream, conn, &st, &o),
                    }
                    // Closed on our side: the clone kept for stopping must not hold it open.
                    let mut s = st.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(i) = s.open.iter().position(|(n, _)| *n == conn) {
                        let (_, c) = s.open.swap_remove(i);
                        let _ = c.shutdown(std::net::Shutdown::Both);
                    }
                });
            }
        });
        Mock {
            addr,
            opts,
            ca_file,
            state,
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
        self.state.lock().unwrap().answers.extend(answers);
    }

    /// Replaces the next challenge header (`None`: a 401 without any challenge).
    pub fn challenge_with(&self, header: Option<&str>) {
        self.state
            .lock()
            .unwrap()
            .challenges
            .push_back(header.map(str::to_string));
    }

    /// Queues a delay before the next answer.
    pub fn delay(&self, d: Duration) {
        self.state.lock().unwrap().delays.push_back(d);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The target and body of every request that passed authentication, in order.
    pub fn authorized_calls(&self) -> Vec<(String, String)> {
        self.requests()
            .into_iter()
            .filter(|r| r.authorized)
            .map(|r| (r.target, r.body))
            .collect()
    }

    /// Makes createUser answer 409 for a username it created before, as Atlas does (by
    /// default each test may invite the same user again).
    pub fn unique_usernames(&self) {
        self.state.lock().unwrap().unique = true;
    }

    /// Makes createUser refuse these usernames (400 INVALID_EMAIL_ADDRESS).
    pub fn refuse(&self, usernames: &[&str]) {
        let mut s = self.state.lock().unwrap();
        s.refused.extend(usernames.iter().map(|u| u.to_string()));
    }

    /// Makes these usernames exist already: the 2025-02-19 endpoints answer 409.
    pub fn exists(&self, usernames: &[&str]) {
        let mut s = self.state.lock().unwrap();
        s.existing.extend(usernames.iter().map(|u| u.to_string()));
    }

    /// Makes `username` an existing user (ACTIVE, or PENDING when `pending`) with these
    /// memberships; returns the user's id.
    pub fn seed(&self, username: &str, m: Memberships, pending: bool) -> String {
        let mut s = self.state.lock().unwrap();
        let id = format!("5e00000000000000000000{:02x}", s.people.len() + 16);
        s.people.push(Person {
            id: id.clone(),
            username: username.to_string(),
            status: if pending { "PENDING" } else { "ACTIVE" },
            m,
        });
        id
    }

    /// The memberships the mock holds for `username`.
    pub fn memberships(&self, username: &str) -> Option<Memberships> {
        let s = self.state.lock().unwrap();
        s.people
            .iter()
            .find(|p| p.username.eq_ignore_ascii_case(username))
            .map(|p| p.m.clone())
    }

    /// How many requests have arrived, answered or not (`requests` lists answered ones).
    pub fn received(&self) -> usize {
        self.state.lock().unwrap().received
    }

    /// Bearer tokens issued so far.
    pub fn tokens(&self) -> Vec<String> {
        self.state.lock().unwrap().tokens.clone()
    }

    /// How many 429s the token bucket answered.
    pub fn limited(&self) -> usize {
        self.state.lock().unwrap().limited
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        self.state.lock().unwrap().connections
    }
}

impl Drop for Mock {
    /// Stops the server: the accept loop ends and every open connection is shut down, so
    /// all of the mock's threads exit.
    fn drop(&mut self) {
        let open = {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            s.stopped = true;
            std::mem::take(&mut s.open)
        };
        for (_, c) in open {
            let _ = c.shutdown(std::net::Shutdown::Both);
        }
        // Wake the accept loop so it sees `stopped`.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// Serves HTTP/1.1 requests on one connection until it closes.
fn serve<S: Read + Write>(stream: S, conn: usize, st: &Mutex<State>, o: &Options) {
    let mut r = BufReader::new(stream);
    loop {
        let Some(mut req) = read_request(&mut r, conn) else {
            return;
        };
        let delay = {
            let mut s = st.lock().unwrap();
            s.received += 1;
            s.delays.pop_front()
        };
        if let Some(d) = delay {
            thread::sleep(d);
        }
        let (status, mut headers, body, action) = answer(&mut req, st, o);
        if req.authorized && req.target != "/api/oauth/token" {
            headers.extend(bucket_headers(st, o));
        }
        st.lock().unwrap().requests.push(req);
        if action == Action::Hangup {
            return;
        }
        let len = match action {
            Action::Huge(n) => n,
            Action::Trickle | Action::Cut => 1000,
            _ => body.len() as u64,
        };
        let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (n, v) in &headers {
            out.push_str(&format!("{n}: {v}\r\n"));
        }
        out.push_str(&format!("Content-Length: {len}\r\n\r\n{body}"));
        let w = r.get_mut();
        if w.write_all(out.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
        match action {
            Action::Huge(mut left) => {
                let chunk = [b' '; 65536];
                while left > 0 {
                    let n = left.min(chunk.len() as u64) as usize;
                    if w.write_all(&chunk[..n]).is_err() {
                        return;
                    }
                    left -= n as u64;
                }
            }
            Action::Trickle => loop {
                thread::sleep(Duration::from_secs(1));
                if w.write_all(b" ").and_then(|_| w.flush()).is_err() {
                    return;
                }
            },
            Action::Cut => {
                let _ = w.write_all(b"{\"country\":").and_then(|_| w.flush());
                return;
            }
            _ => {}
        }
    }
}

fn read_request<R: BufRead>(r: &mut R, conn: usize) -> Option<Request> {
    let mut line = String::new();
    if r.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (n, v) = h.split_once(':')?;
        headers.push((n.trim().to_string(), v.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some(Request {
        conn,
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        authorized: false,
    })
}

/// What to send: status, headers, body, and how to send it.
type Reply = (u16, Vec<(String, String)>, String, Action);

/// How a reply goes out.
#[derive(Clone, Copy, PartialEq)]
enum Action {
    Normal,
    Hangup,
    Huge(u64),
    Trickle,
    Cut,
}

/// Decides the answer to `req`, marking it authorized when its Digest answer is right.
fn answer(req: &mut Request, st: &Mutex<State>, o: &Options) -> Reply {
    let auth = req.header("authorization").map(str::to_string);
    if req.target == "/api/oauth/token" {
        return token(req, auth.as_deref(), st, o);
    }
    let verdict = match auth.as_deref() {
        Some(a) if a.starts_with("Bearer ") => {
            let s = st.lock().unwrap();
            match s.tokens.iter().position(|t| a[7..] == *t) {
                Some(i) if s.issued[i].elapsed() < o.token_ttl => Some(Verdict::Ok),
                Some(_) => {
                    return api_error(
                        401,
                        "TOKEN_EXPIRED",
                        "The access token has expired.",
                        "Unauthorized",
                    )
                }
                None => return api_error(401, "INVALID_TOKEN", "Invalid token.", "Unauthorized"),
            }
        }
        a => a.map(|a| verify(a, req, st, o)),
    };
    match verdict {
        None => return challenge(st, o, false),
        Some(Verdict::Stale) => return challenge(st, o, true),
        Some(Verdict::Bad) => return challenge(st, o, false),
        Some(Verdict::Ok) => req.authorized = true,
    }
    if let Some(limited) = take_from_bucket(st, o) {
        return limited;
    }
    let scripted = st.lock().unwrap().answers.pop_front();
    match scripted {
        None | Some(Answer::Usual) => {}
        Some(Answer::Stale) => return challenge(st, o, true),
        Some(Answer::Hangup) => return (0, Vec::new(), String::new(), Action::Hangup),
        Some(Answer::Huge { status, len }) => {
            return (status, json_type(), String::new(), Action::Huge(len))
        }
        Some(Answer::Trickle { status }) => {
            return (status, json_type(), String::new(), Action::Trickle)
        }
        Some(Answer::Cut { status }) => return (status, json_type(), String::new(), Action::Cut),
        Some(Answer::Respond {
            status,
            content_type,
            body,
            headers,
        }) => {
            let mut h = vec![("Content-Type".to_string(), content_type)];
            h.extend(headers);
            return (status, h, body, Action::Normal);
        }
    }
    if let (true, Some(a)) = (req.method == "POST", people::addition(&req.target)) {
        if req.header("content-type") != Some(MEDIA_2025)
            || req.header("accept") != Some(MEDIA_2025)
        {
            return api_error(406, "NOT_ACCEPTABLE", "Not acceptable.", "Not Acceptable");
        }
        let done = people::apply(&mut st.lock().unwrap().people, &a, &req.body);
        return match done {
            Ok(body) => (
                200,
                vec![("Content-Type".into(), MEDIA_2025.into())],
                body,
                Action::Normal,
            ),
            Err((status, code, detail)) => api_error(status, code, &detail, reason(status)),
        };
    }
    if req.method == "POST" && member_target(&req.target).is_some() {
        return create_member(req, st, o);
    }
    if req.method == "GET" {
        return lookup(req, st);
    }
    if req.method != "POST" || req.target != "/api/atlas/v2/users" {
        return api_error(
            404,
            "RESOURCE_NOT_FOUND",
            "Cannot find resource.",
            "Not Found",
        );
    }
    if req.header("content-type") != Some(MEDIA) {
        return api_error(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "Unsupported media type.",
            "Unsupported Media Type",
        );
    }
    if req.header("accept") != Some(MEDIA) {
        return api_error(406, "NOT_ACCEPTABLE", "Not acceptable.", "Not Acceptable");
    }
    if o.gone || o.gone_after.is_some_and(|n| st.lock().unwrap().users >= n) {
        return api_error(
            410,
            "GONE",
            "This endpoint was removed on 2027-07-01; use the 2025-02-19 org and project user endpoints.",
            "Gone",
        );
    }
    let Ok(Value::Object(body)) = json::from_str::<Value>(&req.body) else {
        return api_error(400, "MALFORMED_REQUEST", "Malformed JSON.", "Bad Request");
    };
    let text = |k: &str| match body.get(k) {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    let username = text("username");
    if let Some(limited) = invitation_limited(st, o) {
        return limited;
    }
    let n = {
        let mut s = st.lock().unwrap();
        if s.refused.contains(&username) {
            drop(s);
            return api_error(
                400,
                "INVALID_EMAIL_ADDRESS",
                &format!("The email address {username} is not allowed."),
                "Bad Request",
            );
        }
        let taken = s.existing.iter().any(|u| u.eq_ignore_ascii_case(&username))
            || (s.unique
                && s.created
                    .iter()
                    .any(|(u, _)| u.eq_ignore_ascii_case(&username)));
        if taken {
            drop(s);
            return api_error(
                409,
                "USER_ALREADY_EXISTS",
                &format!("A user with username {username} already exists."),
                "Conflict",
            );
        }
        s.users += 1;
        s.users
    };
    let id = format!("66b6d8e2a1b2c3d4e5f6{n:04x}");
    let mut out = format!(
        r#"{{"country":{},"createdAt":"2026-08-10T03:07:30Z","emailAddress":{},"firstName":{},"id":"{id}","lastName":{},"links":[{{"href":"https://cloud.mongodb.com/api/atlas/v2/users/{id}","rel":"self"}}],"#,
        quote(&text("country")),
        quote(&text("emailAddress")),
        quote(&text("firstName")),
        quote(&text("lastName")),
    );
    if body.contains_key("mobileNumber") {
        out.push_str(&format!(
            r#""mobileNumber":{},"#,
            quote(&text("mobileNumber"))
        ));
    }
    out.push_str(&format!(
        r#""roles":[],"teamIds":[],"username":{}}}"#,
        quote(&text("username"))
    ));
    st.lock().unwrap().created.push((username, out.clone()));
    let headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        (
            "Location".to_string(),
            format!("https://cloud.mongodb.com/api/atlas/v2/users/{id}"),
        ),
        (
            "Deprecation".to_string(),
            "Wed, 19 Feb 2025 00:00:00 GMT".to_string(),
        ),
        (
            "Sunset".to_string(),
            "Thu, 1 Jul 2027 00:00:00 GMT".to_string(),
        ),
        ("RateLimit-Limit".to_string(), "100".to_string()),
        ("RateLimit-Remaining".to_string(), "99".to_string()),
    ];
    (201, headers, out, Action::Normal)
}

/// `orgs` or `groups` and the id, for `/api/atlas/v2/{orgs|groups}/{24 hex}/users`.
fn member_target(target: &str) -> Option<(&str, &str)> {
    let rest = target.strip_prefix("/api/atlas/v2/")?;
    let (kind, rest) = rest.split_once('/')?;
    let id = rest.strip_suffix("/users")?;
    let hex = id.len() == 24 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (matches!(kind, "orgs" | "groups") && hex).then_some((kind, id))
}

/// createOrgUser and addGroupUsers: the body checked against OrgUserRequest and
/// GroupUserRequest of the OpenAPI description, 409 for a user that exists, else 201 with
/// a pending user's answer.
fn create_member(req: &Request, st: &Mutex<State>, o: &Options) -> Reply {
    let Some((kind, place_id)) = member_target(&req.target) else {
        unreachable!("routed here by member_target")
    };
    let place_id = place_id.to_string();
    let mut learned = Memberships::default();
    if req.header("content-type") != Some(MEDIA_2025) || req.header("accept") != Some(MEDIA_2025) {
        return api_error(406, "NOT_ACCEPTABLE", "Not acceptable.", "Not Acceptable");
    }
    let invalid = |why: &str| api_error(400, "INVALID_ATTRIBUTE", why, "Bad Request");
    let Ok(Value::Object(body)) = json::from_str::<Value>(&req.body) else {
        return invalid("Malformed JSON.");
    };
    let Some(Value::String(username)) = body.get("username") else {
        return invalid("username is required.");
    };
    if !username.contains('@') {
        return invalid("username must be an email address.");
    }
    if let Some(limited) = invitation_limited(st, o) {
        return limited;
    }
    let strings = |v: Option<&Value>, prefix: &str| -> Option<Vec<String>> {
        let Some(Value::Array(items)) = v else {
            return None;
        };
        let out: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Value::String(s) if s.starts_with(prefix) => Some(s.clone()),
                _ => None,
            })
            .collect();
        (out.len() == items.len() && !out.is_empty()).then_some(out)
    };
    let roles_json = match kind {
        "orgs" => {
            let allowed = ["username", "roles", "teamIds"];
            if body.keys().any(|k| !allowed.contains(&k.as_str())) {
                return invalid("Unknown field in OrgUserRequest.");
            }
            let Some(Value::Object(roles)) = body.get("roles") else {
                return invalid("roles is required.");
            };
            let Some(org_roles) = strings(roles.get("orgRoles"), "ORG_") else {
                return invalid("roles.orgRoles needs at least one organization role.");
            };
            let mut assignments = Vec::new();
            match roles.get("groupRoleAssignments") {
                None => {}
                Some(Value::Array(items)) => {
                    for item in items {
                        let Value::Object(a) = item else {
                            return invalid("groupRoleAssignments holds objects.");
                        };
                        let group = match a.get("groupId") {
                            Some(Value::String(g))
                                if member_target(&format!("/api/atlas/v2/groups/{g}/users"))
                                    .is_some() =>
                            {
                                g.clone()
                            }
                            _ => return invalid("groupId must be 24 hexadecimal digits."),
                        };
                        let Some(group_roles) = strings(a.get("groupRoles"), "GROUP_") else {
                            return invalid("groupRoles needs project roles.");
                        };
                        assignments.push(format!(
                            r#"{{"groupId":"{group}","groupRoles":[{}]}}"#,
                            list(&group_roles)
                        ));
                        learned.groups.insert(group.clone(), group_roles.clone());
                    }
                }
                Some(_) => return invalid("groupRoleAssignments must be an array."),
            }
            // OrgUserRequest.teamIds: unique 24-hexadecimal team ids.
            let teams = match body.get("teamIds") {
                None => Vec::new(),
                Some(Value::Array(items)) => {
                    let ids: Vec<String> = items
                        .iter()
                        .filter_map(|i| match i {
                            Value::String(s)
                                if s.len() == 24
                                    && s.bytes().all(|b| {
                                        b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
                                    }) =>
                            {
                                Some(s.clone())
                            }
                            _ => None,
                        })
                        .collect();
                    let unique = ids.iter().enumerate().all(|(i, t)| !ids[..i].contains(t));
                    if ids.len() != items.len() || ids.is_empty() || !unique {
                        return invalid("teamIds must be unique 24-hexadecimal team ids.");
                    }
                    ids
                }
                Some(_) => return invalid("teamIds must be an array."),
            };
            let roles_json = format!(
                r#"{{"groupRoleAssignments":[{}],"orgRoles":[{}]}},"teamIds":[{}]"#,
                assignments.join(","),
                list(&org_roles),
                list(&teams)
            );
            learned.orgs.insert(place_id.clone(), (org_roles, teams));
            roles_json
        }
        _ => {
            if body.keys().any(|k| k != "username" && k != "roles") {
                return invalid("Unknown field in GroupUserRequest.");
            }
            let Some(roles) = strings(body.get("roles"), "GROUP_") else {
                return invalid("roles needs at least one project role.");
            };
            let roles_json = format!("[{}]", list(&roles));
            learned.groups.insert(place_id.clone(), roles);
            roles_json
        }
    };
    // A person the 2025-02-19 endpoints know: 409 where they are a member already, else
    // the membership is added (addGroupUsers grants a project to an org member).
    {
        let mut s = st.lock().unwrap();
        if let Some(p) = s
            .people
            .iter_mut()
            .find(|p| p.username.eq_ignore_ascii_case(username))
        {
            let member = match kind {
                "orgs" => p.m.orgs.contains_key(&place_id),
                _ => p.m.groups.contains_key(&place_id),
            };
            if member {
                drop(s);
                return api_error(
                    409,
                    "USER_ALREADY_EXISTS",
                    &format!("A pending or active user with username {username} already exists."),
                    "Conflict",
                );
            }
            p.m.orgs.extend(learned.orgs);
            p.m.groups.extend(learned.groups);
            let body = match kind {
                "orgs" => p.org_answer(&place_id),
                _ => p.group_answer(&place_id),
            };
            return (
                201,
                vec![("Content-Type".into(), MEDIA_2025.into())],
                body,
                Action::Normal,
            );
        }
    }
    let n = {
        let mut s = st.lock().unwrap();
        let place = req.target.clone();
        if s.existing.contains(username) || s.members.contains(&(place.clone(), username.clone())) {
            drop(s);
            return api_error(
                409,
                "USER_ALREADY_EXISTS",
                &format!("A pending or active user with username {username} already exists."),
                "Conflict",
            );
        }
        s.members.push((place, username.clone()));
        s.users += 1;
        s.users
    };
    let id = format!("6a7940722c88faeba59b{n:04x}");
    // The new user is a person of the 2025-02-19 endpoints from now on.
    st.lock().unwrap().people.push(Person {
        id: id.clone(),
        username: username.clone(),
        status: "PENDING",
        m: learned,
    });
    let out = format!(
        r#"{{"id":"{id}","orgMembershipStatus":"PENDING","roles":{roles_json},"username":{},"invitationCreatedAt":"2026-08-10T03:07:30Z","invitationExpiresAt":"2026-09-09T03:07:30Z","inviterUsername":"admin@example.com"}}"#,
        quote(username)
    );
    let limit = if kind == "orgs" { "500" } else { "1200" };
    let headers = vec![
        ("Content-Type".to_string(), MEDIA_2025.to_string()),
        ("RateLimit-Limit".to_string(), limit.to_string()),
    ];
    (201, headers, out, Action::Normal)
}

/// getUserByName (2023-01-01) and listOrgUsers / listGroupUsers `?username=` (2025-02-19):
/// what exists, either made by this mock or declared with `exists`.
fn lookup(req: &Request, st: &Mutex<State>) -> Reply {
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let s = st.lock().unwrap();
    if let Some(name) = path.strip_prefix("/api/atlas/v2/users/byName/") {
        let name = percent_decode(name, false);
        if req.header("accept") != Some(MEDIA) {
            drop(s);
            return api_error(406, "NOT_ACCEPTABLE", "Not acceptable.", "Not Acceptable");
        }
        let made = s
            .created
            .iter()
            .find(|(u, _)| u.eq_ignore_ascii_case(&name));
        let body = match made {
            Some((_, body)) => body.clone(),
            None if s.existing.iter().any(|u| u.eq_ignore_ascii_case(&name)) => format!(
                r#"{{"country":"US","emailAddress":{n},"firstName":"Known","id":"5e0000000000000000000001","lastName":"User","links":[],"roles":[],"teamIds":[],"username":{n}}}"#,
                n = quote(&name)
            ),
            None => {
                drop(s);
                return api_error(
                    404,
                    "USER_NOT_FOUND",
                    &format!("No user with username {name} exists."),
                    "Not Found",
                );
            }
        };
        return (200, json_type(), body, Action::Normal);
    }
    let Some((kind, _)) = member_target(path) else {
        drop(s);
        return api_error(
            404,
            "RESOURCE_NOT_FOUND",
            "Cannot find resource.",
            "Not Found",
        );
    };
    if req.header("accept") != Some(MEDIA_2025) {
        drop(s);
        return api_error(406, "NOT_ACCEPTABLE", "Not acceptable.", "Not Acceptable");
    }
    let wanted = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("username="))
        .map(|v| percent_decode(v, true))
        .unwrap_or_default();
    // A person of the 2025-02-19 endpoints, with the memberships they hold here.
    if let Some(p) = s
        .people
        .iter()
        .find(|p| p.username.eq_ignore_ascii_case(&wanted))
    {
        let place = path
            .trim_start_matches("/api/atlas/v2/")
            .split('/')
            .nth(1)
            .unwrap_or("");
        let member = match kind {
            "orgs" => p.m.orgs.contains_key(place),
            _ => p.m.groups.contains_key(place),
        };
        let results = match (member, kind) {
            (false, _) => String::new(),
            (true, "orgs") => p.org_answer(place),
            (true, _) => p.group_answer(place),
        };
        let total = usize::from(member);
        let body = format!(r#"{{"links":[],"results":[{results}],"totalCount":{total}}}"#);
        return (200, json_type(), body, Action::Normal);
    }
    let known = s.existing.iter().any(|u| u.eq_ignore_ascii_case(&wanted))
        || s.members
            .iter()
            .any(|(place, u)| place == path && u.eq_ignore_ascii_case(&wanted));
    let results = if known && !wanted.is_empty() {
        let roles = if kind == "orgs" {
            r#"{"orgRoles":["ORG_MEMBER"]},"teamIds":[]"#
        } else {
            r#"["GROUP_READ_ONLY"]"#
        };
        format!(
            r#"{{"id":"5e0000000000000000000002","orgMembershipStatus":"ACTIVE","roles":{roles},"username":{}}}"#,
            quote(&wanted)
        )
    } else {
        String::new()
    };
    let total = usize::from(!results.is_empty());
    let body = format!(r#"{{"links":[],"results":[{results}],"totalCount":{total}}}"#);
    (200, json_type(), body, Action::Normal)
}

/// `%XX` escapes decoded, and `+` as a space in a query (`plus_is_space`).
fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
                continue;
            }
            (b'+', _) if plus_is_space => out.push(b' '),
            (c, _) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn list(items: &[String]) -> String {
    items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(",")
}

/// The OAuth 2.0 client-credentials token endpoint of service accounts.
fn token(req: &mut Request, auth: Option<&str>, st: &Mutex<State>, o: &Options) -> Reply {
    let want = format!(
        "Basic {}",
        base64(format!("{}:{}", o.client_id, o.client_secret).as_bytes())
    );
    if req.method != "POST"
        || auth != Some(want.as_str())
        || req.header("content-type") != Some("application/x-www-form-urlencoded")
        || req.body != "grant_type=client_credentials"
    {
        return (
            401,
            vec![("Content-Type".into(), "application/json".into())],
            r#"{"error":"invalid_client","error_description":"Invalid client credentials."}"#
                .into(),
            Action::Normal,
        );
    }
    req.authorized = true;
    let tok = format!(
        "eyJtb2NrIjp0cnVlfQ.{}",
        new_nonce().replace(['+', '/'], "_")
    );
    {
        let mut s = st.lock().unwrap();
        s.tokens.push(tok.clone());
        s.issued.push(Instant::now());
    }
    let body = format!(
        r#"{{"access_token":"{tok}","expires_in":{},"token_type":"Bearer"}}"#,
        o.token_claim.unwrap_or(o.token_ttl.as_secs())
    );
    (
        200,
        vec![("Content-Type".into(), "application/json".into())],
        body,
        Action::Normal,
    )
}

fn base64(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = String::new();
    for b in data {
        bits.push_str(&format!("{b:08b}"));
    }
    while bits.len() % 6 != 0 {
        bits.push('0');
    }
    let mut out: String = bits
        .as_bytes()
        .chunks(6)
        .map(|c| A[usize::from_str_radix(std::str::from_utf8(c).unwrap(), 2).unwrap()] as char)
        .collect();
    while out.len() % 4 != 0 {
        out.push('=');
    }
    out
}

fn json_type() -> Vec<(String, String)> {
    vec![("Content-Type".into(), "application/json".into())]
}

fn quote(s: &str) -> String {
    let mut w = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => w.push_str("\\\""),
            '\\' => w.push_str("\\\\"),
            c if (c as u32) < 0x20 => w.push_str(&format!("\\u{:04x}", c as u32)),
            c => w.push(c),
        }
    }
    w.push('"');
    w
}

fn api_error(status: u16, code: &str, detail: &str, reason_text: &str) -> Reply {
    let body = format!(
        r#"{{"detail":"{detail}","error":{status},"errorCode":"{code}","parameters":[],"reason":"{reason_text}"}}"#
    );
    (
        status,
        vec![("Content-Type".into(), "application/json".into())],
        body,
        Action::Normal,
    )
}

/// Takes a token from the bucket, or the 429 Atlas answers when it is empty.
fn take_from_bucket(st: &Mutex<State>, o: &Options) -> Option<Reply> {
    let (capacity, refill) = o.bucket?;
    let mut s = st.lock().unwrap();
    let (level, at) = s.bucket.unwrap_or((capacity, Instant::now()));
    let level = (level + at.elapsed().as_secs_f64() * refill).min(capacity);
    if level >= 1.0 {
        s.bucket = Some((level - 1.0, Instant::now()));
        return None;
    }
    s.bucket = Some((level, Instant::now()));
    s.limited += 1;
    let wait = ((1.0 - level) / refill).ceil().max(1.0) as u64;
    let detail = format!("Rate limit exceeded for api/atlas/v2/orgs. Please retry after {wait} seconds. Request capacity: {capacity}. Refill rate: {refill} per 1 seconds.");
    let (status, mut headers, body, action) = api_error(
        429,
        "RATE_LIMITED_TOKEN_BUCKET",
        &detail,
        "Too Many Requests",
    );
    headers.push(("Retry-After".into(), wait.to_string()));
    Some((status, headers, body, action))
}

/// The bucket's headers for an answer, when there is a bucket.
fn bucket_headers(st: &Mutex<State>, o: &Options) -> Vec<(String, String)> {
    let Some((capacity, _)) = o.bucket else {
        return Vec::new();
    };
    let level = st.lock().unwrap().bucket.map_or(capacity, |(l, _)| l);
    vec![
        ("RateLimit-Limit".into(), format!("{capacity}")),
        ("RateLimit-Remaining".into(), format!("{}", level.floor())),
    ]
}

/// Counts an invitation, or refuses it when the window's are used up; a slow create
/// takes its time here.
fn invitation_limited(st: &Mutex<State>, o: &Options) -> Option<Reply> {
    thread::sleep(o.slow_create);
    let (limit, window) = o.invitation_limit?;
    let mut s = st.lock().unwrap();
    while s.invitations.front().is_some_and(|t| t.elapsed() >= window) {
        s.invitations.pop_front();
    }
    if s.invitations.len() >= limit {
        return Some(api_error(
            400,
            "INVITATIONS_RATE_LIMITED_IP",
            &format!("Rate limit of {limit} invitations per 1 minutes exceeded"),
            "Bad Request",
        ));
    }
    s.invitations.push_back(Instant::now());
    None
}

/// A 401 with a fresh nonce, shaped like the live challenge.
fn challenge(st: &Mutex<State>, o: &Options, stale: bool) -> Reply {
    let custom = st.lock().unwrap().challenges.pop_front();
    if let Some(header) = custom {
        let mut h = vec![("Content-Type".to_string(), "application/json".to_string())];
        h.extend(header.map(|v| ("WWW-Authenticate".to_string(), v)));
        return (401, h, "{}".into(), Action::Normal);
    }
    let nonce = new_nonce();
    st.lock().unwrap().nonces.insert(nonce.clone(), 0);
    let mut h = format!(
        "Digest realm=\"MMS Public API\", domain=\"\", nonce=\"{nonce}\", algorithm={}",
        o.algorithm
    );
    if o.qop {
        h.push_str(", qop=\"auth\"");
    }
    if o.opaque {
        h.push_str(", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    }
    h.push_str(if stale {
        ", stale=true"
    } else {
        ", stale=false"
    });
    let body = r#"{"detail":"You are not authorized for this resource.","error":401,"errorCode":"NOT_ORG_GROUP_CREATOR","parameters":[],"reason":"Unauthorized"}"#;
    (
        401,
        vec![
            ("Content-Type".into(), "application/json".into()),
            ("WWW-Authenticate".into(), h),
        ],
        body.into(),
        Action::Normal,
    )
}

/// 32 base64 characters, always including `+` and `/` like the live nonces.
fn new_nonce() -> String {
    use ring::rand::SecureRandom;
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bytes = [0u8; 32];
    ring::rand::SystemRandom::new().fill(&mut bytes).unwrap();
    let mut s: Vec<u8> = bytes.iter().map(|b| B64[(b & 63) as usize]).collect();
    s[5] = b'+';
    s[11] = b'/';
    String::from_utf8(s).unwrap()
}

enum Verdict {
    Ok,
    Stale,
    Bad,
}

/// Checks a Digest `Authorization` header the way a server must (RFC 7616 section 3.4).
fn verify(header: &str, req: &Request, st: &Mutex<State>, o: &Options) -> Verdict {
    let Some(rest) = header.strip_prefix("Digest ") else {
        return Verdict::Bad;
    };
    let p = params(rest);
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    if get("username") != o.public
        || get("realm") != "MMS Public API"
        || get("uri") != req.target
        || !get("algorithm").eq_ignore_ascii_case(&o.algorithm)
        || (o.opaque && get("opaque") != "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")
    {
        return Verdict::Bad;
    }
    let nonce = get("nonce");
    let hash = |s: &str| -> String {
        if o.algorithm.to_ascii_uppercase().starts_with("SHA-256") {
            hex(ring::digest::digest(&ring::digest::SHA256, s.as_bytes()).as_ref())
        } else {
            hex(&Md5::digest(s.as_bytes()))
        }
    };
    let mut ha1 = hash(&format!("{}:MMS Public API:{}", o.public, o.private));
    if o.algorithm.to_ascii_lowercase().ends_with("-sess") {
        ha1 = hash(&format!("{ha1}:{nonce}:{}", get("cnonce")));
    }
    let ha2 = hash(&format!("{}:{}", req.method, req.target));
    let expected = if o.qop {
        if get("qop") != "auth" || get("nc").len() != 8 || get("cnonce").is_empty() {
            return Verdict::Bad;
        }
        hash(&format!(
            "{ha1}:{nonce}:{}:{}:auth:{ha2}",
            get("nc"),
            get("cnonce")
        ))
    } else {
        hash(&format!("{ha1}:{nonce}:{ha2}"))
    };
    if get("response") != expected {
        return Verdict::Bad;
    }
    let mut s = st.lock().unwrap();
    let nc = u32::from_str_radix(get("nc"), 16).unwrap_or(1);
    match s.nonces.get_mut(nonce) {
        // A replayed or out-of-order nc is refused like a stale nonce.
        Some(seen) if nc > *seen && !(o.single_use_nonces && nc > 1) => {
            *seen = nc;
            Verdict::Ok
        }
        _ => Verdict::Stale,
    }
}

/// Splits `k=v, k="v"` pairs, honouring quotes and backslash escapes.
fn params(s: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() {
            return out;
        }
        let mut val = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => val.extend(chars.next()),
                    '"' => break,
                    c => val.push(c),
                }
            }
        } else {
            while let Some(c) = chars.peek().copied() {
                if c == ',' {
                    break;
                }
                val.push(c);
                chars.next();
            }
        }
        out.insert(key.trim().to_ascii_lowercase(), val.trim().to_string());
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        406 => "Not Acceptable",
        410 => "Gone",
        409 => "Conflict",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
