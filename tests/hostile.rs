//! Hostile and broken servers: every row states the answer, the exit code, the message, how
//! many requests the mock saw, and a bound on the time taken. The last tests run every
//! failing scenario, and every mode that reads, plans or prunes (under `--debug`, a token
//! renewed mid-run, a 429 met), and look for the secrets used in them in all output.

use std::os::unix::process::CommandExt;
use std::time::{Duration, Instant};

use crate::support::mock::{Answer, Mock};
use crate::support::{atlas, Run, EXAMPLE, PASSWORD};

/// One scenario: how to set the mock up, and what must happen.
struct Case {
    name: &'static str,
    setup: fn(&Mock),
    env: &'static [(&'static str, &'static str)],
    code: i32,
    stderr: &'static str,
    requests: usize,
    within: Duration,
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn api_json(status: u16) -> Answer {
    Answer::api_error(status, "RATE_LIMITED", "Slow down.", "Too Many Requests")
}

fn busy(status: u16, retry_after: &str) -> Answer {
    let mut a = api_json(status);
    if let Answer::Respond { headers, .. } = &mut a {
        headers.push(("Retry-After".into(), retry_after.into()));
    }
    a
}

fn cases() -> Vec<Case> {
    vec![
        Case { name: "401 without a challenge", setup: |m| m.challenge_with(None), env: &[], code: 1,
            stderr: "Error: unauthorized (the server sent no Digest challenge)\n", requests: 1, within: secs(5) },
        Case { name: "unterminated quote", setup: |m| m.challenge_with(Some("Digest realm=\"MMS Public API, nonce=abc")), env: &[], code: 1,
            stderr: "Error: unauthorized (malformed authentication challenge: unterminated quoted string)", requests: 1, within: secs(5) },
        Case { name: "no nonce", setup: |m| m.challenge_with(Some("Digest realm=\"MMS Public API\", qop=\"auth\"")), env: &[], code: 1,
            stderr: "Error: unauthorized (the Digest challenge has no nonce)", requests: 1, within: secs(5) },
        Case { name: "only unsupported algorithms", setup: |m| m.challenge_with(Some("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256, Digest realm=\"r\", nonce=\"n\", algorithm=TOTP")), env: &[], code: 1,
            stderr: "unsupported algorithm", requests: 1, within: secs(5) },
        Case { name: "only qop=auth-int", setup: |m| m.challenge_with(Some("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"")), env: &[], code: 1,
            stderr: "unsupported qop \"auth-int\" (only auth is supported)", requests: 1, within: secs(5) },
        Case { name: "UTF-8 realm", setup: |m| m.challenge_with(Some("Digest realm=\"caf\u{e9}\", nonce=\"abc\", qop=\"auth\"")), env: &[], code: 1,
            stderr: "Error: unauthorized (malformed authentication challenge: its realm holds bytes other than visible ASCII)", requests: 1, within: secs(5) },
        Case { name: "non-ASCII nonce", setup: |m| m.challenge_with(Some("Digest realm=\"r\", nonce=\"\u{430}bc\", qop=\"auth\"")), env: &[], code: 1,
            stderr: "its nonce holds bytes other than visible ASCII", requests: 1, within: secs(5) },
        Case { name: "endless stale=true", setup: |m| m.script([Answer::Stale, Answer::Stale, Answer::Stale, Answer::Stale]), env: &[], code: 1,
            stderr: "unauthorized (the server kept calling the nonce stale; giving up after one renewal)", requests: 3, within: secs(5) },
        Case { name: "100 MB body on success", setup: |m| m.script([Answer::Huge { status: 201, len: 100 << 20 }]), env: &[], code: 4,
            stderr: "HTTP 201 Created: Atlas accepted the request, but the answer is larger than 1024 KiB; stopped reading it: the invitation was most likely sent", requests: 2, within: secs(10) },
        Case { name: "100 MB body on an error", setup: |m| m.script([Answer::Huge { status: 500, len: 100 << 20 }]), env: &[], code: 1,
            stderr: "HTTP 500 Internal Server Error: the answer is larger than 1024 KiB; stopped reading it\n", requests: 2, within: secs(10) },
        Case { name: "one byte per second", setup: |m| m.script([Answer::Trickle { status: 201 }]), env: &[("ATLAS_REQUEST_TIMEOUT", "2")], code: 4,
            stderr: "Atlas accepted the request, but the rest of the answer did not arrive within 2s", requests: 2, within: secs(8) },
        Case { name: "reset before the headers", setup: |m| m.script([Answer::Hangup]), env: &[], code: 3,
            stderr: "the invitation may or may not have been created: check the organization's users in Atlas before retrying", requests: 2, within: secs(5) },
        Case { name: "reset after the headers", setup: |m| m.script([Answer::Cut { status: 201 }]), env: &[], code: 4,
            stderr: "Atlas accepted the request, but the connection broke while the answer arrived", requests: 2, within: secs(5) },
        Case { name: "truncated JSON", setup: |m| m.script([Answer::json(201, r#"{"country":"US","id":"66b6"#)]), env: &[], code: 4,
            stderr: "not the expected user JSON; the invitation was most likely sent", requests: 2, within: secs(5) },
        Case { name: "lone surrogate escapes in an error's detail", setup: |m| m.script([Answer::json(409, r#"{"detail":"User \ud83d\u0041 and \ude00 exists.","errorCode":"USER_ALREADY_EXISTS","parameters":["\ud800"],"reason":"Conflict"}"#)]), env: &[], code: 1,
            stderr: "/api/atlas/v2/users POST: HTTP 409 Conflict (Error code: \"USER_ALREADY_EXISTS\") Detail: User \u{fffd}A and \u{fffd} exists. Reason: Conflict. Params: [\u{fffd}], BadRequestDetail: \n", requests: 2, within: secs(5) },
        Case { name: "429 until the attempts run out", setup: |m| m.script((0..4).map(|_| busy(429, "0"))), env: &[], code: 1,
            stderr: "HTTP 429 Too Many Requests (Error code: \"RATE_LIMITED\") Detail: Slow down. Reason: Too Many Requests. Params: [], BadRequestDetail:  (gave up after 4 attempts)\n", requests: 8, within: secs(5) },
        Case { name: "Retry-After longer than this command waits", setup: |m| m.script([busy(503, "3600")]), env: &[], code: 1,
            stderr: "(Atlas asked to wait 3600s before retrying; this command waits at most 60s in all)\n", requests: 2, within: secs(5) },
        Case { name: "timeout after sending", setup: |m| { m.delay(Duration::ZERO); m.delay(secs(6)); }, env: &[("ATLAS_REQUEST_TIMEOUT", "1")], code: 3,
            stderr: "no complete answer within 1s; the invitation may or may not have been created", requests: 1, within: secs(5) },
    ]
}

fn run_case(c: &Case) -> (Run, Mock) {
    let mock = Mock::start();
    (c.setup)(&mock);
    let mut cmd = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock);
    for (k, v) in c.env {
        cmd = cmd.env(k, v);
    }
    (cmd.run(), mock)
}

#[test]
fn hostile_server_matrix() {
    for c in cases() {
        let start = Instant::now();
        let (run, mock) = run_case(&c);
        let took = start.elapsed();
        assert_eq!(
            run.code(),
            c.code,
            "{}: exit code\n{}",
            c.name,
            run.stderr()
        );
        assert!(
            run.stderr().contains(c.stderr),
            "{}: stderr lacks {:?}\n{}",
            c.name,
            c.stderr,
            run.stderr()
        );
        assert_eq!(run.stdout(), "", "{}: nothing on stdout", c.name);
        // The timeout case's authenticated request never completes, so the mock logs only
        // the challenge; all others log every request they answered.
        assert_eq!(mock.requests().len(), c.requests, "{}: requests", c.name);
        assert!(took < c.within, "{}: took {took:?}", c.name);
    }
}

#[test]
fn a_huge_body_is_read_in_bounded_memory() {
    let mock = Mock::start();
    mock.script([Answer::Huge {
        status: 201,
        len: 100 << 20,
    }]);
    let mut cmd = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock);
    // 64 MiB of address space: buffering the 100 MB answer would fail.
    unsafe {
        cmd.cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 64 << 20,
                rlim_max: 64 << 20,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let run = cmd.run();
    run.code_is(4).stderr_has("larger than 1024 KiB");
}

#[test]
fn redirects_to_another_host_get_nothing() {
    let elsewhere = Mock::start();
    let mock = Mock::start();
    mock.script([Answer::Respond {
        status: 307,
        content_type: "text/plain".into(),
        body: String::new(),
        headers: vec![(
            "Location".into(),
            format!("{}api/atlas/v2/users", elsewhere.url()),
        )],
    }]);
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .run();
    run.code_is(1)
        .stderr_has(&format!(
            "a redirect to {}api/atlas/v2/users; not followed",
            elsewhere.url()
        ))
        .stderr_has("not followed, so neither the keys nor the body went there");
    assert_eq!(elsewhere.connections(), 0);
    assert_eq!(mock.requests().len(), 2);
}

#[test]
fn busy_answers_are_retried_after_retry_after() {
    // Seconds.
    let mock = Mock::start();
    mock.script([busy(503, "1")]);
    let start = Instant::now();
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .run();
    run.code_is(0)
        .stderr_is("Retrying in 1s (attempt 2 of 4): 503 Service Unavailable\n");
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "the wait was honoured"
    );
    assert_eq!(
        mock.requests().len(),
        4,
        "each attempt is a challenge and an answer"
    );

    // An HTTP date two seconds ahead.
    let mock = Mock::start();
    let when = std::time::SystemTime::now() + Duration::from_secs(2);
    mock.script([busy(429, &http_date(when))]);
    let start = Instant::now();
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .run();
    run.code_is(0)
        .stderr_has("(attempt 2 of 4): 429 Too Many Requests\n");
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(6),
        "{took:?}"
    );
}

/// An IMF-fixdate for `t`, made by date(1) so the test does not trust our own calendar.
fn http_date(t: std::time::SystemTime) -> String {
    let secs = t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let out = std::process::Command::new("date")
        .args([
            "-u",
            "-d",
            &format!("@{secs}"),
            "+%a, %d %b %Y %H:%M:%S GMT",
        ])
        .env("LC_ALL", "C")
        .output()
        .expect("date(1)");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn refused_connections_are_retried_briefly() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mock = Mock::start();
    let start = Instant::now();
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .env(
            "MONGODB_ATLAS_BASE_URL",
            format!("https://127.0.0.1:{port}/"),
        )
        .run();
    run.code_is(3)
        .stderr_has("Retrying in 0.25s (attempt 2 of 3): POST https://127.0.0.1:")
        .stderr_has("Retrying in 0.5s (attempt 3 of 3)")
        .stderr_has(&format!(
            "Error: POST https://127.0.0.1:{port}/api/atlas/v2/users: connection refused\n"
        ));
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn non_utf8_json_is_decoded_like_go() {
    let mock = Mock::start();
    mock.script([Answer::Respond {
        status: 201,
        content_type: "application/json".into(),
        headers: vec![],
        body: String::from_utf8_lossy(
            b"{\"username\":\"u\xffx@example.com\",\"id\":\"66b6d8e2a1b2c3d4e5f60001\"}",
        )
        .into_owned(),
    }]);
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "-o", "go-template={{.Username}}"])
        .against(&mock)
        .run();
    run.code_is(0).stdout_is("u\u{fffd}x@example.com");
}

#[test]
fn no_failing_scenario_prints_a_secret() {
    let mut runs: Vec<(Run, Vec<String>)> = Vec::new();
    for c in cases() {
        let (run, mock) = run_case(&c);
        runs.push((run, digest_responses(&mock)));
    }
    // Wrong keys, a service account refused, --debug on a failure, a bad flag value.
    let mock = Mock::start();
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "--debug"])
        .against(&mock)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong-private-key-123")
        .run();
    runs.push((run, digest_responses(&mock)));
    let mock = Mock::start();
    mock.script([Answer::api_error(
        500,
        "UNEXPECTED_ERROR",
        "boom",
        "Internal Server Error",
    )]);
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "-D"])
        .against(&mock)
        .run();
    runs.push((run, digest_responses(&mock)));
    let mock = Mock::start();
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "--debug"])
        .against(&mock)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "")
        .env("MONGODB_ATLAS_CLIENT_ID", &mock.opts.client_id)
        .env("MONGODB_ATLAS_CLIENT_SECRET", "mdb_sa_sk_wrong-secret-456")
        .run();
    runs.push((run, Vec::new()));
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "--country", "XX"])
        .run();
    runs.push((run, Vec::new()));
    let defaults = crate::support::mock::Options::default();
    for (run, responses) in &runs {
        let mut secrets: Vec<&str> = vec![
            PASSWORD,
            &defaults.private,
            &defaults.client_secret,
            "wrong-private-key-123",
            "mdb_sa_sk_wrong-secret-456",
        ];
        secrets.extend(responses.iter().map(String::as_str));
        run.leaks_none(&secrets);
    }
}

/// The Digest `response` values the mock received (secret-equivalent).
fn digest_responses(mock: &Mock) -> Vec<String> {
    mock.requests()
        .iter()
        .filter_map(|r| r.header("authorization").map(str::to_string))
        .filter_map(|a| {
            a.split("response=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn ctrl_c_during_a_request_ends_the_command_with_sigint() {
    use std::os::unix::process::ExitStatusExt;
    let mock = Mock::start();
    mock.delay(Duration::ZERO);
    mock.delay(secs(20));
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .start();
    // Wait until the authenticated request is at the mock, held there by the delay.
    let start = Instant::now();
    while mock.received() < 2 && start.elapsed() < secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(mock.received(), 2, "the invite never reached the mock");
    assert_eq!(
        mock.requests().len(),
        1,
        "the invite was answered before Ctrl-C"
    );
    unsafe { libc::kill(run.id(), libc::SIGINT) };
    let status = run.wait_within(secs(10)).out.status;
    // Killed by SIGINT: a shell reports exit status 130.
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
    assert!(start.elapsed() < secs(10));
}

#[test]
fn a_server_echoing_our_secrets_does_not_get_them_printed() {
    // A broken proxy that echoes the request into its error page.
    let mock = Mock::start();
    mock.script([Answer::Respond {
        status: 502,
        content_type: "text/html".into(),
        headers: vec![],
        body: format!("<html><body>bad gateway for {PASSWORD} and 12345678-90ab-cdef-1234-567890abcdef</body></html>"),
    }]);
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "--debug"])
        .against(&mock)
        .run();
    run.code_is(1)
        .stderr_has("bad gateway for [redacted] and [redacted]");
    let mut secrets = vec![PASSWORD, "12345678-90ab-cdef-1234-567890abcdef"];
    let responses = digest_responses(&mock);
    secrets.extend(responses.iter().map(String::as_str));
    run.leaks_none(&secrets);

    // An answer that puts the password into a field that gets printed.
    let mock = Mock::start();
    mock.script([Answer::json(
        201,
        &format!(r#"{{"username":"u@example.com","firstName":"{PASSWORD}"}}"#),
    )]);
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "-o", "json"])
        .against(&mock)
        .run();
    run.code_is(0).leaks_none(&[PASSWORD]);
    assert!(
        run.stdout().contains("\"firstName\": \"[redacted]\""),
        "{}",
        run.stdout()
    );
}

#[test]
fn a_server_that_never_speaks_tls_hits_the_connect_timeout() {
    // Accepts the connection, then says nothing: the TLS handshake is part of connecting.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let held: Vec<_> = silent.incoming().take(3).collect();
        std::thread::sleep(secs(30));
        drop(held);
    });
    let mock = Mock::start();
    let start = Instant::now();
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .env(
            "MONGODB_ATLAS_BASE_URL",
            format!("https://127.0.0.1:{port}/"),
        )
        .env("ATLAS_CONNECT_TIMEOUT", "1")
        .run();
    run.code_is(3).stderr_is(&format!(
        "Error: POST https://127.0.0.1:{port}/api/atlas/v2/users: could not connect within 1s\n"
    ));
    assert!(start.elapsed() < secs(5), "{:?}", start.elapsed());
}

#[test]
fn the_debug_trace_hides_an_escaped_password() {
    let mock = Mock::start();
    let password = r#"Pa<ss>&"word\1"#;
    let run = atlas(&EXAMPLE)
        .args(&["--password", password, "--debug"])
        .against(&mock)
        .run();
    run.code_is(0)
        .stderr_has(r#""password":"[redacted]""#)
        .leaks_none(&[password, r#"Pa\u003css\u003e\u0026\"word\\1"#]);
    assert!(mock.requests()[1]
        .body
        .contains(r#""password":"Pa\u003css\u003e\u0026\"word\\1""#));
}

#[test]
fn a_failed_write_after_the_invite_is_exit_4_with_the_user_named() {
    let mock = Mock::start();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .stdout_to(full)
        .run_within(secs(10));
    run.code_is(4)
        .stderr_has("Error: the user 'user@example.com' was invited (id 66b6d8e2a1b2c3d4e5f6")
        .stderr_has("), but writing it to standard output failed: No space left on device");
    assert_eq!(mock.requests().len(), 2, "invited once");
}

#[test]
fn a_closed_reader_is_not_an_error_after_the_invite() {
    // `atlas ... | true`: the reader is gone, the invite happened; exit 0 says so.
    let mock = Mock::start();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .stdout_to(std::os::fd::OwnedFd::from(writer).into())
        .run_within(secs(10));
    run.code_is(0).stderr_is("");
}

#[test]
fn a_proxy_wanting_credentials_or_not_resolving_is_named() {
    let mock = Mock::start();
    // A proxy that answers every CONNECT with 407.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::{BufRead, BufReader, Write};
        for conn in listener.incoming().flatten().take(1) {
            let mut r = BufReader::new(conn.try_clone().unwrap());
            let mut line = String::new();
            while r.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let mut w = conn;
            let _ = w.write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let base = format!("https://mock.test:{}/", mock.addr.port());
    atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .env("MONGODB_ATLAS_BASE_URL", &base)
        .env("HTTPS_PROXY", format!("http://{proxy}"))
        .run_within(secs(10))
        .code_is(3)
        .stderr_has(&format!("the proxy 127.0.0.1:{} wants credentials (HTTP 407 Proxy Authentication Required): put them in the proxy URL, as http://user:pass@127.0.0.1:{}", proxy.port(), proxy.port()));
    atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .env("MONGODB_ATLAS_BASE_URL", &base)
        .env("HTTPS_PROXY", "http://proxy.invalid:3128")
        .run_within(secs(20))
        .code_is(3)
        .stderr_has("could not resolve the proxy's host name proxy.invalid:3128 (DNS)");
    assert_eq!(mock.connections(), 0);
}

#[test]
fn bad_base_urls_are_refused_before_sending_and_printed_escaped() {
    let mock = Mock::start();
    let port = mock.addr.port();
    for (url, why) in [
        (
            format!("https://localhost:{port}/a b/"),
            "contains a space (percent-encode it, as %20)",
        ),
        (
            format!("https://localhost:{port}/x\r\nX-Injected: 1"),
            "contains a carriage return (\\r)",
        ),
        (
            format!("https://localhost:{port}/\u{1b}[2J"),
            "contains the control character \\u{1b}",
        ),
        (
            format!("https://localhost:{port}/caf\u{e9}/"),
            "which must be percent-encoded",
        ),
    ] {
        let run = atlas(&EXAMPLE)
            .args(&["--password", PASSWORD])
            .against(&mock)
            .env("MONGODB_ATLAS_BASE_URL", &url)
            .run_within(secs(5));
        run.code_is(2).stderr_has(why);
        let err = run.stderr();
        assert_eq!(err.lines().count(), 1, "one line: {err:?}");
        assert!(!err.trim_end().chars().any(|c| c.is_control()), "{err:?}");
    }
    assert_eq!(mock.connections(), 0, "nothing may be sent");
}

#[test]
fn a_retry_after_date_that_does_not_exist_is_no_date() {
    // 31 February 2099 (refused by Go's http.ParseTime too): the first back-off applies,
    // not a wait until March 2099.
    let mock = Mock::start();
    mock.script([busy(503, "Sat, 31 Feb 2099 00:00:00 GMT")]);
    atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .run_within(secs(20))
        .code_is(0)
        .stderr_is("Retrying in 1s (attempt 2 of 4): 503 Service Unavailable\n");
    assert_eq!(
        mock.requests().len(),
        4,
        "challenge and 503, then challenge and 201"
    );
    // The day before exists: Atlas asked for a wait longer than a single invite waits.
    let mock = Mock::start();
    mock.script([busy(503, "Fri, 27 Feb 2099 00:00:00 GMT")]);
    atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .run_within(secs(20))
        .code_is(1)
        .stderr_has("before retrying; this command waits at most 60s in all)\n");
    assert_eq!(mock.requests().len(), 2, "challenge, 503; no retry");
}

#[test]
fn no_read_plan_or_prune_run_prints_a_secret() {
    use crate::support::mock::{Memberships, Options, Status};
    use std::collections::BTreeMap;
    const ORG: &str = crate::support::ORG;
    let cell = "Cell-Password-77";
    let member = |roles: &[&str]| Memberships {
        orgs: BTreeMap::from([(
            ORG.to_string(),
            (roles.iter().map(|r| r.to_string()).collect(), Vec::new()),
        )]),
        groups: BTreeMap::new(),
    };
    let text = format!(
        "username,firstName,lastName,country,orgRole,password\n\
         kept@example.com,K,L,US,\"{ORG}:ORG_MEMBER,{ORG}:ORG_BILLING_ADMIN\",{cell}\n\
         new@example.com,N,M,US,{ORG}:ORG_MEMBER,{cell}\n"
    );
    let (_d, path) = crate::support::temp_file("leaks", "team.csv", &text);
    // Every mode that reads or plans, each with --debug, as API keys and as a service
    // account whose token expires after the first call (so it is renewed mid-run), the
    // removal and an addition answered 429 once, the plan also as JSON.
    let modes: [&[&str]; 6] = [
        &["--plan"],
        &["--plan", "-o", "json"],
        &["--dryRun"],
        &["--ensureMemberships"],
        &["--prune"],
        &["--prune", "-o", "json"],
    ];
    let mut runs: Vec<(Run, Vec<String>, Vec<String>)> = Vec::new();
    for mode in modes {
        for account in [false, true] {
            let mock = Mock::with(Options {
                token_ttl: Duration::from_millis(if account { 300 } else { 3_600_000 }),
                ..Options::default()
            });
            mock.seed("kept@example.com", member(&["ORG_MEMBER"]), false);
            mock.seed_status("gone@example.com", member(&["ORG_MEMBER"]), Status::Active);
            let limited = Answer::Respond {
                status: 429,
                content_type: "application/json".into(),
                body: r#"{"error":429,"errorCode":"RATE_LIMITED","detail":"slow down","reason":"Too Many Requests"}"#.into(),
                headers: vec![("Retry-After".into(), "1".into())],
            };
            mock.answer_at(
                "DELETE",
                &format!("/api/atlas/v2/orgs/{ORG}/users/"),
                limited.clone(),
            );
            mock.answer_at("POST", &format!("/api/atlas/v2/orgs/{ORG}/users/"), limited);
            let mut cmd = atlas(&["users", "invite", "--file", &path, "--debug"])
                .args(mode)
                .against(&mock);
            if account {
                cmd = cmd
                    .env("MONGODB_ATLAS_PUBLIC_API_KEY", "")
                    .env("MONGODB_ATLAS_PRIVATE_API_KEY", "")
                    .env("MONGODB_ATLAS_CLIENT_ID", &mock.opts.client_id)
                    .env("MONGODB_ATLAS_CLIENT_SECRET", &mock.opts.client_secret);
            }
            let run = cmd.run_within(secs(120));
            assert!(
                [0, 1, 3].contains(&run.code()),
                "{mode:?}: {}",
                run.stderr()
            );
            runs.push((run, digest_responses(&mock), mock.tokens()));
        }
    }
    let defaults = Options::default();
    for (run, responses, tokens) in &runs {
        let mut secrets: Vec<&str> = vec![cell, &defaults.private, &defaults.client_secret];
        secrets.extend(responses.iter().map(String::as_str));
        secrets.extend(tokens.iter().map(String::as_str));
        run.leaks_none(&secrets);
    }
    // The scenario did what it claims: tokens renewed, challenges answered, a 429 met.
    let accounts = runs.iter().filter(|(_, _, t)| t.len() >= 2).count();
    assert!(
        accounts >= 3,
        "tokens were renewed mid-run in {accounts} runs"
    );
    assert!(runs
        .iter()
        .any(|(r, _, _)| r.stderr().contains("rate limited")));
    assert!(runs.iter().filter(|(_, d, _)| !d.is_empty()).count() >= 5);
}
