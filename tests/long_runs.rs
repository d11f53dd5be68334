//! Long provisioning runs against what a fast local server never shows: createUser turning
//! 410 mid-file, Atlas's rate limits (a token bucket, a shared bucket, the invitation
//! limit), expiring service-account tokens, wrong credentials, signals, and the progress
//! line on a terminal.

use std::time::{Duration, Instant};

use crate::support::mock::{Answer, Mock, Options};
use crate::support::{atlas, users_csv, Cmd, TempDir, ORG, PASSWORD};

/// A file holding `text` in a fresh directory (kept alive by the returned guard).
fn file(text: &str) -> (TempDir, String) {
    crate::support::temp_file("long-runs", "users.csv", text)
}

fn invite_file(path: &str) -> Cmd {
    atlas(&["users", "invite", "--file", path, "--password", PASSWORD])
}

/// (target, authorized) of every request the mock answered.
fn targets(mock: &Mock) -> Vec<(String, bool)> {
    mock.requests()
        .into_iter()
        .map(|r| (r.target, r.authorized))
        .collect()
}

#[test]
fn auto_switches_for_the_rest_of_the_file_when_create_user_turns_410() {
    let org_path = format!("/api/atlas/v2/orgs/{ORG}/users");
    for (gone_after, created) in [(0, 0), (2, 2)] {
        let mock = Mock::with(Options {
            gone_after: Some(gone_after),
            ..Options::default()
        });
        let (_dir, path) = file(&users_csv(5));
        let run = invite_file(&path).against(&mock).run();
        run.code_is(0)
            .stderr_has("Atlas retired POST /api/atlas/v2/users (410 Gone)")
            .stderr_has("5 records: 5 invited, 0 already existed, 0 failed\n");
        let out = run.stdout();
        assert_eq!(out.matches(": invited user").count(), 5, "{out}");
        assert!(!out.contains("already exists"), "{out}");
        // createUser for the first `created` records and the one answered 410; the
        // org user endpoint for that one and every later record, never createUser again.
        let authorized: Vec<String> = targets(&mock)
            .into_iter()
            .filter(|(_, ok)| *ok)
            .map(|(t, _)| t)
            .collect();
        let mut want = vec!["/api/atlas/v2/users".to_string(); created + 1];
        want.extend(vec![org_path.clone(); 5 - created]);
        assert_eq!(authorized, want, "gone after {gone_after}");
    }
}

#[test]
fn a_record_without_roles_fails_after_the_switch_and_is_never_called_existing() {
    let mock = Mock::with(Options {
        gone_after: Some(0),
        ..Options::default()
    });
    let (_dir, path) = file(&format!(
        "username,firstName,lastName,country,orgRole\na@example.com,A,B,US,\nb@example.com,A,B,US,{ORG}:ORG_MEMBER\n"
    ));
    let run = invite_file(&path).against(&mock).run();
    run.code_is(1)
        .stdout_has("line 2: failed a@example.com: Atlas retired POST /api/atlas/v2/users (410 Gone), and the 2025-02-19 endpoints that replace it need an organization or project role")
        .stdout_has("line 3: invited b@example.com")
        .stderr_has("2 records: 1 invited, 0 already existed, 1 failed (line 2)\n");
}

/// A rate-limit answer as Atlas gives it, with `retry_after` when given.
fn limited(status: u16, code: &str, retry_after: Option<&str>) -> Answer {
    let mut a = Answer::api_error(status, code, "Slow down.", "Too Many Requests");
    if let (Answer::Respond { headers, .. }, Some(ra)) = (&mut a, retry_after) {
        headers.push(("Retry-After".into(), ra.into()));
    }
    a
}

/// The usernames invited, in order, from the mock's point of view.
fn invited(mock: &Mock) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.authorized && r.method == "POST")
        .count()
}

#[test]
fn a_file_waits_out_a_token_bucket_and_invites_every_record() {
    let mock = Mock::with(Options {
        bucket: Some((3.0, 4.0)),
        ..Options::default()
    });
    let (_dir, path) = file(&users_csv(12));
    let run = invite_file(&path)
        .env("ATLAS_BACKOFF", "0.1")
        .against(&mock)
        .run_within(Duration::from_secs(60));
    run.code_is(0)
        .stderr_has("12 records: 12 invited, 0 already existed, 0 failed\n")
        .stderr_has("rate limited (RATE_LIMITED_TOKEN_BUCKET): waiting 1s before line ");
    assert!(mock.limited() > 0, "the bucket ran dry");
    assert_eq!(run.stdout().matches(": invited ").count(), 12);
}

#[test]
fn refusals_in_a_row_past_every_retry_after_never_fail_a_record() {
    // A bucket shared with other clients: four 429s in a row, whatever the wait, then a
    // fifth attempt (beyond a single invite's four) that goes through.
    let mock = Mock::start();
    mock.script((0..5).map(|_| limited(429, "RATE_LIMITED_TOKEN_BUCKET", Some("0"))));
    let (_dir, path) = file(&users_csv(2));
    let run = invite_file(&path)
        .env("ATLAS_BACKOFF", "0.05")
        .against(&mock)
        .run_within(Duration::from_secs(30));
    run.code_is(0)
        .stderr_has("2 records: 2 invited, 0 already existed, 0 failed\n");
    let waits = run
        .stderr()
        .matches("rate limited (RATE_LIMITED_TOKEN_BUCKET): waiting")
        .count();
    assert_eq!(waits, 5, "{}", run.stderr());
    // The back-off grows past the Retry-After of 0: 0, 0.05, 0.1, 0.2, 0.4.
    run.stderr_has("waiting 0s before line 2 (user1@example.com)\n")
        .stderr_has("waiting 0.4s before line 2 (user1@example.com)\n");
}

#[test]
fn the_invitation_limit_is_waited_out_without_failing_the_records_after_it() {
    let mock = Mock::with(Options {
        invitation_limit: Some((2, Duration::from_millis(700))),
        ..Options::default()
    });
    let (_dir, path) = file(&users_csv(5));
    let run = invite_file(&path)
        .env("ATLAS_BACKOFF", "0.1")
        .against(&mock)
        .run_within(Duration::from_secs(30));
    run.code_is(0)
        .stderr_has("5 records: 5 invited, 0 already existed, 0 failed\n")
        .stderr_has("rate limited (INVITATIONS_RATE_LIMITED_IP): waiting 0.1s before line 4 (user3@example.com)\n");
}

#[test]
fn past_its_bound_a_record_and_the_rest_are_not_attempted_and_the_message_says_how_to_resume() {
    let mock = Mock::start();
    mock.script([limited(429, "RATE_LIMITED_TOKEN_BUCKET", Some("5"))]);
    let (_dir, path) = file(&users_csv(3));
    let start = Instant::now();
    let run = invite_file(&path)
        .env("ATLAS_MAX_WAIT", "2")
        .against(&mock)
        .run_within(Duration::from_secs(30));
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "it did not wait 5s past a 2s bound"
    );
    run.code_is(3)
        .stderr_has("3 records: 0 invited, 0 already existed, 0 failed, 3 not attempted (lines 2, 3, 4)\n")
        .stderr_has("rate limited (RATE_LIMITED_TOKEN_BUCKET): Atlas asked to wait 5s before retrying; this command waits at most 2s in all (ATLAS_MAX_WAIT); the rest were not attempted: run the same file again with --ifNotExists to resume\n");
    assert!(
        run.stdout()
            .starts_with("line 2: not attempted user1@example.com: POST "),
        "{}",
        run.stdout()
    );
    assert_eq!(invited(&mock), 1, "only the refused request was sent");
}

#[test]
fn a_single_invite_keeps_its_cap_unless_atlas_max_wait_raises_it() {
    let single = |mock: &Mock| {
        atlas(&crate::support::EXAMPLE)
            .args(&["--password", PASSWORD])
            .against(mock)
    };
    let mock = Mock::start();
    mock.script((0..4).map(|_| limited(429, "RATE_LIMITED", Some("0"))));
    single(&mock)
        .run()
        .code_is(1)
        .stderr_has("(gave up after 4 attempts)\n");
    let mock = Mock::start();
    mock.script((0..4).map(|_| limited(429, "RATE_LIMITED", Some("0"))));
    single(&mock)
        .env("ATLAS_MAX_WAIT", "120")
        .run()
        .code_is(0)
        .stderr_has("Retrying in 4s (attempt 5): 429 Too Many Requests\n");
}

/// A file run of `path` against `mock`, signed in as its service account.
fn as_service_account(mock: &Mock, path: &str) -> Cmd {
    atlas(&["users", "invite", "--file", path, "--password", PASSWORD])
        .env("MONGODB_ATLAS_BASE_URL", mock.url())
        .env("SSL_CERT_FILE", &mock.ca_file)
        .env("MONGODB_ATLAS_CLIENT_ID", &mock.opts.client_id)
        .env("MONGODB_ATLAS_CLIENT_SECRET", &mock.opts.client_secret)
}

#[test]
fn a_run_that_outlives_its_token_fetches_one_per_lifetime() {
    let mock = Mock::with(Options {
        token_ttl: Duration::from_secs(1),
        slow_create: Duration::from_millis(150),
        ..Options::default()
    });
    let (_dir, path) = file(&users_csv(14));
    let run = as_service_account(&mock, &path).run_within(Duration::from_secs(60));
    run.code_is(0)
        .stderr_has("14 records: 14 invited, 0 already existed, 0 failed\n")
        .leaks_none(&[&mock.opts.client_secret]);
    // About 2.1 s of creates with a 1 s token renewed at 0.9 s: three or four tokens.
    let tokens = mock.tokens().len();
    assert!((2..=5).contains(&tokens), "{tokens} tokens");
    let refused = mock.requests().iter().filter(|r| !r.authorized).count();
    assert_eq!(refused, 0, "no call met an expired token");
}

#[test]
fn a_token_that_expires_early_is_renewed_once_and_the_refused_call_resent() {
    // The answer claims an hour; the token lasts a second.
    let mock = Mock::with(Options {
        token_ttl: Duration::from_secs(1),
        token_claim: Some(3600),
        slow_create: Duration::from_millis(150),
        ..Options::default()
    });
    let (_dir, path) = file(&users_csv(14));
    let run = as_service_account(&mock, &path).run_within(Duration::from_secs(60));
    run.code_is(0)
        .stderr_has("14 records: 14 invited, 0 already existed, 0 failed\n");
    let reqs = mock.requests();
    let refused = reqs.iter().filter(|r| !r.authorized).count();
    let tokens = mock.tokens().len();
    assert!(refused >= 1, "the early expiry was met");
    assert_eq!(
        tokens,
        refused + 1,
        "one new token per refusal, never a loop"
    );
    // Each refused call is followed by a token request and the same call again.
    for (i, r) in reqs.iter().enumerate().filter(|(_, r)| !r.authorized) {
        assert_eq!(reqs[i + 1].target, "/api/oauth/token");
        assert_eq!(
            (&reqs[i + 2].target, &reqs[i + 2].body),
            (&r.target, &r.body)
        );
    }
}

#[test]
fn wrong_keys_stop_a_file_run_after_one_rejected_answer() {
    let mock = Mock::start();
    let (_dir, path) = file(&users_csv(20));
    let run = invite_file(&path)
        .against(&mock)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong-private-key-000")
        .run();
    run.code_is(1)
        .stdout_has("line 2: failed user1@example.com: unauthorized\n")
        .stdout_has("line 21: not attempted user20@example.com\n")
        .stderr_has("20 records: 0 invited, 0 already existed, 1 failed (line 2), 19 not attempted (lines 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, ...)\n");
    assert_eq!(run.stdout().lines().count(), 20);
    assert_eq!(
        run.stderr().matches("Error: unauthorized").count(),
        1,
        "{}",
        run.stderr()
    );
    assert!(
        mock.requests().len() <= 4,
        "{} requests",
        mock.requests().len()
    );
}

#[test]
fn a_forbidden_record_fails_alone_and_the_run_goes_on() {
    let mock = Mock::start();
    mock.script([
        Answer::Usual,
        Answer::api_error(403, "FORBIDDEN", "Not allowed.", "Forbidden"),
    ]);
    let (_dir, path) = file(&users_csv(4));
    let run = invite_file(&path).against(&mock).run();
    run.code_is(1)
        .stdout_has("line 4: invited user3@example.com")
        .stderr_is("4 records: 3 invited, 0 already existed, 1 failed (line 3)\nError: 1 of 4 records failed; their lines above say why\n");
}

#[test]
fn a_signal_mid_file_reports_every_record_once_sends_nothing_more_and_exits_128_plus_it() {
    for (signal, name, code) in [
        (libc::SIGTERM, "SIGTERM", 143),
        (libc::SIGINT, "SIGINT", 130),
    ] {
        let mock = Mock::with(Options {
            slow_create: Duration::from_millis(200),
            ..Options::default()
        });
        let (_dir, path) = file(&users_csv(10));
        for json in [false, true] {
            let mut cmd = invite_file(&path).against(&mock);
            if json {
                cmd = cmd.args(&["-o", "json"]);
            }
            let before = mock.received();
            let (got, run) = cmd.signal_when(signal, || mock.received() >= before + 4);
            let (out, err) = (run.stdout(), run.stderr());
            let after_signal = mock.received();
            std::thread::sleep(Duration::from_millis(300));
            assert_eq!(
                mock.received(),
                after_signal,
                "nothing is sent after the signal"
            );
            assert_eq!(got, code, "{name}\n{out}\n{err}");
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(lines.len(), 10, "every record once: {out}");
            let last = if json {
                "\"result\":\"not attempted\""
            } else {
                "line 11: not attempted user10@example.com"
            };
            assert!(lines[9].contains(last), "{out}");
            assert!(err.contains("10 records: "), "{err}");
            assert!(
                err.contains(&format!("stopped by {name}: nothing was sent after it")),
                "{err}"
            );
        }
    }
}

#[test]
fn an_answer_still_in_flight_two_seconds_after_a_signal_is_unknown() {
    let mock = Mock::with(Options {
        slow_create: Duration::from_secs(4),
        ..Options::default()
    });
    let (_dir, path) = file(&users_csv(3));
    // The answer would come after 4 s: that the record is `unknown`, not `invited`, shows
    // the run stopped waiting at the 2 s grace (no clock in the test).
    let (code, run) = invite_file(&path)
        .against(&mock)
        .signal_when(libc::SIGTERM, || mock.received() >= 2);
    let (out, err) = (run.stdout(), run.stderr());
    assert_eq!(code, 143, "{out}\n{err}");
    assert_eq!(
        out,
        "line 2: unknown user1@example.com\nline 3: not attempted user2@example.com\nline 4: not attempted user3@example.com\n"
    );
    assert!(err.contains("3 records: 0 invited, 0 already existed, 0 failed, 1 unknown (line 2), 2 not attempted (lines 3, 4)\n"), "{err}");
    assert!(
        err.contains("the answer in flight did not come within 2s"),
        "{err}"
    );
}

#[test]
fn on_a_terminal_the_status_line_is_redrawn_in_place_and_notices_go_above_it() {
    let mock = Mock::start();
    mock.script([
        Answer::Usual,
        limited(429, "RATE_LIMITED_TOKEN_BUCKET", Some("2")),
    ]);
    let (_dir, path) = file(&users_csv(4));
    let env = [
        ("MONGODB_ATLAS_BASE_URL", mock.url()),
        ("MONGODB_ATLAS_PUBLIC_API_KEY", mock.opts.public.clone()),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", mock.opts.private.clone()),
        ("SSL_CERT_FILE", mock.ca_file.display().to_string()),
    ];
    // Wide enough for the whole line (80 columns would drop the time left).
    let term = crate::support::pty::Terminal {
        columns: 200,
        stdout_too: false,
        resize: None,
    };
    let run = crate::support::pty::run(
        &term,
        &["users", "invite", "--file", &path, "--password", PASSWORD],
        &env,
    );
    let shown = &run.text;
    // The status line, counting down during the wait, and redrawn in place.
    assert!(
        shown.contains("\r[2/4] 1 invited, 0 existing, 0 failed · 0:0"),
        "{shown}"
    );
    assert!(
        shown.contains("line 3: user2@example.com · waiting 2s\x1b[K"),
        "{shown}"
    );
    assert!(shown.contains("· waiting 1s\x1b[K"), "{shown}");
    assert!(
        shown.contains("about 0:0"),
        "an estimate of the time left: {shown}"
    );
    // The notice on its own line: the status line cleared first, drawn again after.
    assert!(
        shown.contains("\r\x1b[Krate limited (RATE_LIMITED_TOKEN_BUCKET): waiting 2s before line 3 (user2@example.com)\r\n\r[2/4]"),
        "{shown}"
    );
    // At the end the status line is gone and the summary stands alone.
    assert_eq!(
        run.screen(),
        [
            "rate limited (RATE_LIMITED_TOKEN_BUCKET): waiting 2s before line 3 (user2@example.com)",
            "4 records: 4 invited, 0 already existed, 0 failed",
        ]
    );
}
