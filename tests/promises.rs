//! Promises where features meet: a signal against a Digest challenge,
//! a token request or a record's additions; what a report says was granted; a 409 to an
//! addition; `ATLAS_MAX_WAIT` over all of a record's calls; a token kept across a dropped
//! connection; the USER_ALREADY_EXISTS hint. Each is counted at the server, and each is
//! also run against a 410 switch, a 429 storm or an expiring token.

use std::time::Duration;

use crate::support::ids::{O2 as ORG2, P1 as P, T1 as T};
use crate::support::mock::{Answer, Memberships, Mock, Options, Request};
use crate::support::{atlas, memberships, strings, users_csv, Cmd, TempDir, ORG, PASSWORD, PERSON};

const BOB: &str = "bob@example.com";
const USER: &str = "user@example.com";
/// How long the mock holds an answer the signal must come before: well within the 2 s the
/// run waits for an answer in flight after a signal.
const HELD: Duration = Duration::from_millis(1000);

/// A file holding `text` in a fresh directory (kept alive by the returned guard).
fn file(text: &str) -> (TempDir, String) {
    crate::support::temp_file("promises", "users.csv", text)
}

/// A CSV of one record per `(username, orgRole, teamId, projectRole)`.
fn csv(rows: &[(&str, &str, &str, &str)]) -> String {
    let mut text = String::from("username,firstName,lastName,country,orgRole,teamId,projectRole\n");
    for (user, orgs, team, projects) in rows {
        text.push_str(&format!("{user},A,B,US,\"{orgs}\",{team},{projects}\n"));
    }
    text
}

/// A file run of `path` with these flags.
fn invite_file(path: &str, flags: &[&str]) -> Cmd {
    atlas(&["users", "invite", "--file", path]).args(flags)
}

/// `cmd` signed in as `mock`'s service account instead of API keys.
fn as_service_account(cmd: Cmd, mock: &Mock) -> Cmd {
    cmd.env("MONGODB_ATLAS_BASE_URL", mock.url())
        .env("SSL_CERT_FILE", &mock.ca_file)
        .env("MONGODB_ATLAS_CLIENT_ID", &mock.opts.client_id)
        .env("MONGODB_ATLAS_CLIENT_SECRET", &mock.opts.client_secret)
}

/// An ACTIVE member of ORG with ORG_MEMBER and nothing else.
fn org_member() -> Memberships {
    memberships(&[(ORG, &["ORG_MEMBER"], &[])], &[])
}

/// A rate-limit answer as Atlas gives it, with this Retry-After.
fn limited(retry_after: &str) -> Answer {
    let mut a = Answer::api_error(429, "RATE_LIMITED", "Slow down.", "Too Many Requests");
    if let Answer::Respond { headers, .. } = &mut a {
        headers.push(("Retry-After".into(), retry_after.into()));
    }
    a
}

/// (method, path without query) of every authorized request, in order.
fn sent(mock: &Mock) -> Vec<(String, String)> {
    let calls = mock.calls().into_iter();
    calls
        .map(|(m, t, _)| (m, t.split('?').next().unwrap_or_default().to_string()))
        .collect()
}

fn post(path: String) -> (String, String) {
    ("POST".to_string(), path)
}

fn get(path: String) -> (String, String) {
    ("GET".to_string(), path)
}

/// listOrgUsers / createOrgUser of `org`.
fn org_users(org: &str) -> String {
    format!("/api/atlas/v2/orgs/{org}/users")
}

/// Asserts that nothing reached the mock after the run ended, and that every request it
/// received was answered (none was left in flight at the signal).
fn nothing_after(mock: &Mock, received: usize) {
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        mock.received(),
        received,
        "requests: {:#?}",
        mock.requests()
    );
    assert_eq!(mock.requests().len(), received);
}

fn authorized(reqs: &[Request]) -> usize {
    reqs.iter().filter(|r| r.authorized).count()
}

// 1. A signal while Atlas holds the Digest challenge: the answer to it is never sent.

#[test]
fn a_sigterm_while_atlas_holds_the_digest_challenge_sends_no_authenticated_request() {
    let mock = Mock::start();
    mock.delay(HELD);
    let (_dir, path) = file(&users_csv(2));
    let cmd = invite_file(&path, &["--password", PASSWORD]).against(&mock);
    let (code, run) = cmd.signal_when(libc::SIGTERM, || mock.received() >= 1);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(
        "line 2: not attempted user1@example.com\nline 3: not attempted user2@example.com\n",
    )
    .stderr_has("2 records: 0 invited, 0 already existed, 0 failed, 2 not attempted (lines 2, 3)\n")
    .stderr_has("stopped by SIGTERM: nothing was sent after it");
    nothing_after(&mock, 1);
    let reqs = mock.requests();
    assert_eq!(
        (reqs[0].target.as_str(), reqs[0].header("authorization")),
        ("/api/atlas/v2/users", None),
        "only the request the challenge answered"
    );
    assert_eq!(authorized(&reqs), 0);
}

#[test]
fn after_a_410_switch_a_sigterm_during_a_fresh_challenge_sends_no_answer_to_it() {
    // Nonces good for one answer: the createOrgUser after the switch meets a fresh
    // challenge, held back until the signal has come.
    let mock = Mock::with(Options {
        gone: true,
        single_use_nonces: true,
        ..Options::default()
    });
    for d in [Duration::ZERO, Duration::ZERO, HELD] {
        mock.delay(d);
    }
    let (_dir, path) = file(&users_csv(2));
    let cmd = invite_file(&path, &["--password", PASSWORD]).against(&mock);
    let (code, run) = cmd.signal_when(libc::SIGTERM, || mock.received() >= 3);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(
        "line 2: not attempted user1@example.com\nline 3: not attempted user2@example.com\n",
    )
    .stderr_has("Atlas retired POST /api/atlas/v2/users (410 Gone)")
    .stderr_has("stopped by SIGTERM: nothing was sent after it");
    nothing_after(&mock, 3);
    assert_eq!(sent(&mock), [post("/api/atlas/v2/users".into())]);
    let last = &mock.requests()[2];
    assert_eq!(
        (last.target.as_str(), last.authorized),
        (org_users(ORG).as_str(), false)
    );
}

// 2. A signal during a service account's token request: the call never goes out.

#[test]
fn a_sigterm_during_the_token_request_sends_no_create_org_user() {
    let mock = Mock::start();
    mock.delay(HELD);
    let (_dir, path) = file(&users_csv(2));
    let cmd = as_service_account(invite_file(&path, &["--apiVersion", "2025-02-19"]), &mock);
    let (code, run) = cmd.signal_when(libc::SIGTERM, || mock.received() >= 1);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(
        "line 2: not attempted user1@example.com\nline 3: not attempted user2@example.com\n",
    )
    .stderr_has("stopped by SIGTERM: nothing was sent after it")
    .leaks_none(&[&mock.opts.client_secret]);
    nothing_after(&mock, 1);
    assert_eq!(mock.requests()[0].target, "/api/oauth/token");
    assert_eq!(
        mock.tokens().len(),
        1,
        "the token was granted, and not used"
    );
}

#[test]
fn a_sigterm_during_the_renewal_of_an_expiring_token_sends_no_create_org_user() {
    // The token claims a second of life; the first create takes longer, so the second
    // record renews it, and the signal comes during that renewal.
    let mock = Mock::with(Options {
        token_claim: Some(1),
        ..Options::default()
    });
    for d in [Duration::ZERO, Duration::from_millis(1100), HELD] {
        mock.delay(d);
    }
    let (_dir, path) = file(&users_csv(2));
    let cmd = as_service_account(invite_file(&path, &["--apiVersion", "2025-02-19"]), &mock);
    let (code, run) = cmd.signal_when(libc::SIGTERM, || mock.received() >= 3);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    assert!(
        run.stdout()
            .starts_with("line 2: invited user1@example.com (id "),
        "{}",
        run.stdout()
    );
    run.stdout_has("line 3: not attempted user2@example.com\n");
    nothing_after(&mock, 3);
    let targets: Vec<String> = mock.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        ["/api/oauth/token", &org_users(ORG), "/api/oauth/token"]
    );
    assert_eq!(mock.tokens().len(), 2);
}

// 3. A signal between two additions: the record is failed and says what was added.

/// bob, a member of ORG (ORG_MEMBER), whose record asks ORG_BILLING_ADMIN and team T too;
/// carol, new, after him.
fn bob_lacks_a_role_and_a_team() -> (TempDir, String) {
    let orgs = format!("{ORG}:ORG_MEMBER,{ORG}:ORG_BILLING_ADMIN");
    let carol = format!("{ORG}:ORG_MEMBER");
    file(&csv(&[
        (BOB, &orgs, T, ""),
        ("carol@example.com", &carol, "", ""),
    ]))
}

/// The result line of bob stopped before his team.
fn bob_stopped(id: &str) -> String {
    format!("line 2: failed {BOB}: stopped by SIGTERM before this call; exists: organization {ORG} (id {id}); added: ORG_BILLING_ADMIN in {ORG}; not added: team {T} (not attempted)\nline 3: not attempted carol@example.com\n")
}

#[test]
fn a_sigterm_between_two_additions_fails_the_record_with_what_was_added() {
    let mock = Mock::start();
    let id = mock.seed(BOB, org_member(), false);
    // The read is challenged and answered; the first addition's answer is held back.
    for d in [Duration::ZERO, Duration::ZERO, HELD] {
        mock.delay(d);
    }
    let (_dir, path) = bob_lacks_a_role_and_a_team();
    let cmd = invite_file(&path, &["--ensureMemberships"]).against(&mock);
    let (code, run) = cmd.signal_when(libc::SIGTERM, || mock.received() >= 3);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(&bob_stopped(&id))
        .stderr_has("2 records: 0 invited, 0 already existed, 1 failed (line 2), 1 not attempted (line 3)\n")
        .stderr_has("stopped by SIGTERM: nothing was sent after it");
    nothing_after(&mock, 3);
    assert_eq!(
        sent(&mock),
        [
            get(org_users(ORG)),
            post(format!("{}/{id}:addRole", org_users(ORG)))
        ]
    );
}

#[test]
fn a_sigterm_during_a_429_wait_before_the_second_addition_fails_the_record_alike() {
    let mock = Mock::start();
    let id = mock.seed(BOB, org_member(), false);
    let team = format!("/api/atlas/v2/orgs/{ORG}/teams/{T}:addUser");
    mock.answer_at("POST", &team, limited("5"));
    let (_dir, path) = bob_lacks_a_role_and_a_team();
    let cmd = invite_file(&path, &["--ensureMemberships"]).against(&mock);
    // The read (challenged), the role, then the team's 429: the run is waiting.
    let (code, run) = cmd.signal_when(libc::SIGTERM, || mock.requests().len() >= 4);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(&bob_stopped(&id))
        .stderr_has("rate limited (RATE_LIMITED): waiting 5s before line 2 (bob@example.com)")
        .stderr_has("stopped by SIGTERM: nothing was sent after it");
    nothing_after(&mock, 4);
    assert_eq!(
        sent(&mock),
        [
            get(org_users(ORG)),
            post(format!("{}/{id}:addRole", org_users(ORG))),
            post(team),
        ],
        "the team once, never again after the signal"
    );
}

#[test]
fn a_sigterm_during_the_last_records_additions_still_exits_143() {
    let mock = Mock::start();
    let id = mock.seed(BOB, org_member(), false);
    for d in [Duration::ZERO, Duration::ZERO, HELD] {
        mock.delay(d);
    }
    let orgs = format!("{ORG}:ORG_MEMBER,{ORG}:ORG_BILLING_ADMIN");
    let (_dir, path) = file(&csv(&[(BOB, &orgs, T, "")]));
    let cmd = invite_file(&path, &["--ensureMemberships", "-o", "json"]).against(&mock);
    let (code, run) = cmd.signal_when(libc::SIGTERM, || mock.received() >= 3);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(&format!("{{\"line\":2,\"username\":\"{BOB}\",\"result\":\"failed\",\"id\":null,\"error\":\"stopped by SIGTERM before this call; exists: organization {ORG} (id {id}); added: ORG_BILLING_ADMIN in {ORG}; not added: team {T} (not attempted)\",\"added\":[{{\"kind\":\"orgRole\",\"org\":\"{ORG}\",\"role\":\"ORG_BILLING_ADMIN\"}}]}}\n"))
        .stderr_has("stopped by SIGTERM: nothing was sent after it");
    nothing_after(&mock, 3);
}

#[test]
fn a_sigterm_during_a_429_wait_of_the_lookup_after_a_409_leaves_the_record_not_attempted() {
    // Nothing took effect: the 409 is no failure of the record until the lookup answers.
    let mock = Mock::start();
    mock.exists(&["user1@example.com"]);
    let by_name = "/api/atlas/v2/users/byName/";
    mock.answer_at("GET", by_name, limited("5"));
    let (_dir, path) = file(&users_csv(2));
    let cmd = invite_file(&path, &["--password", PASSWORD, "--ifNotExists"]).against(&mock);
    // The read (challenged), createUser's 409, then the lookup's 429: the run is waiting.
    let (code, run) = cmd.signal_when(libc::SIGTERM, || mock.requests().len() >= 4);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(
        "line 2: not attempted user1@example.com\nline 3: not attempted user2@example.com\n",
    )
    .stderr_has("stopped by SIGTERM: nothing was sent after it");
    nothing_after(&mock, 4);
    let users = "/api/atlas/v2/users".to_string();
    let lookup = get(format!("{by_name}user1@example.com"));
    assert_eq!(sent(&mock), [get(org_users(ORG)), post(users), lookup]);
}

// 4. What an existing person was granted, in file results and a single invite's text.

/// bob's record: ORG_BILLING_ADMIN more in ORG, and ORG2 where he is not.
fn bob_in_two_orgs() -> String {
    format!("{ORG}:ORG_MEMBER,{ORG}:ORG_BILLING_ADMIN,{ORG2}:ORG_READ_ONLY")
}

#[test]
fn a_file_reports_a_role_and_an_organization_given_to_an_existing_user_as_updated() {
    let mock = Mock::start();
    let id = mock.seed(BOB, org_member(), false);
    let (_dir, path) = file(&csv(&[(BOB, &bob_in_two_orgs(), "", "")]));
    invite_file(&path, &["--ensureMemberships"])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(&format!("line 2: updated {BOB} (id {id}): added ORG_BILLING_ADMIN in {ORG}, organization {ORG2} (ORG_READ_ONLY)\n"))
        .stderr_has("1 records: 0 invited, 1 updated, 0 already existed, 0 failed\n");
    assert_eq!(
        sent(&mock),
        [
            get(org_users(ORG)),
            get(org_users(ORG2)),
            post(format!("{}/{id}:addRole", org_users(ORG))),
            post(org_users(ORG2)),
        ]
    );
}

#[test]
fn json_lines_list_both_grants_also_through_a_429_storm() {
    let mock = Mock::with(Options {
        bucket: Some((2.0, 4.0)),
        ..Options::default()
    });
    let id = mock.seed(BOB, org_member(), false);
    let (_dir, path) = file(&csv(&[(BOB, &bob_in_two_orgs(), "", "")]));
    invite_file(&path, &["--ensureMemberships", "-o", "json"])
        .against(&mock)
        .run_within(Duration::from_secs(60))
        .code_is(0)
        .stdout_is(&format!("{{\"line\":2,\"username\":\"{BOB}\",\"result\":\"updated\",\"id\":\"{id}\",\"error\":null,\"added\":[{{\"kind\":\"orgRole\",\"org\":\"{ORG}\",\"role\":\"ORG_BILLING_ADMIN\"}},{{\"kind\":\"org\",\"org\":\"{ORG2}\",\"roles\":[\"ORG_READ_ONLY\"],\"teams\":[]}}]}}\n"))
        .stderr_has("rate limited (RATE_LIMITED_TOKEN_BUCKET): waiting");
    // Each call until it got through, and nothing twice that Atlas processed.
    let mut calls = sent(&mock);
    assert_eq!(calls.len(), 4 + mock.limited(), "{calls:#?}");
    calls.dedup();
    assert_eq!(calls.len(), 4, "{calls:#?}");
    let now = mock.memberships(BOB).unwrap();
    assert_eq!(
        now.orgs[ORG].0,
        strings(&["ORG_MEMBER", "ORG_BILLING_ADMIN"])
    );
    assert_eq!(now.orgs[ORG2].0, strings(&["ORG_READ_ONLY"]));
}

#[test]
fn a_single_invite_says_what_an_existing_user_was_added() {
    let mock = Mock::start();
    let id = mock.seed(BOB, org_member(), false);
    atlas(&["users", "invite", "--username", BOB, "--email", BOB])
        .args(&["--firstName", "Bob", "--lastName", "Ray", "--country", "US"])
        .args(&["--orgRole", &bob_in_two_orgs(), "--ensureMemberships"])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(&format!("The user '{BOB}' already exists; added ORG_BILLING_ADMIN in {ORG}, organization {ORG2} (ORG_READ_ONLY).\n"));
    assert_eq!(
        sent(&mock),
        [
            post(org_users(ORG)),
            get(org_users(ORG)),
            post(format!("{}/{id}:addRole", org_users(ORG))),
            post(org_users(ORG2)),
        ]
    );
}

#[test]
fn a_member_of_both_organizations_given_a_project_is_updated_with_the_project() {
    let mock = Mock::start();
    let both = memberships(
        &[(ORG, &["ORG_MEMBER"], &[]), (ORG2, &["ORG_MEMBER"], &[])],
        &[],
    );
    let id = mock.seed(BOB, both, false);
    let orgs = format!("{ORG}:ORG_MEMBER,{ORG2}:ORG_MEMBER");
    let project = format!("{P}:GROUP_READ_ONLY");
    let (_dir, path) = file(&csv(&[(BOB, &orgs, "", &project)]));
    invite_file(&path, &["--ensureMemberships", "-o", "json"])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(&format!("{{\"line\":2,\"username\":\"{BOB}\",\"result\":\"updated\",\"id\":\"{id}\",\"error\":null,\"added\":[{{\"kind\":\"project\",\"project\":\"{P}\",\"roles\":[\"GROUP_READ_ONLY\"]}}]}}\n"))
        .stderr_has("1 records: 0 invited, 1 updated, 0 already existed, 0 failed\n");
    let calls = sent(&mock);
    assert_eq!(
        calls[3..],
        [post(format!("/api/atlas/v2/groups/{P}/users"))],
        "after reading both organizations and the project: {calls:#?}"
    );
}

#[test]
fn an_active_member_only_added_to_a_project_is_updated_not_invited() {
    // The project rides along in the organization's record: an addition.
    let mock = Mock::start();
    let id = mock.seed(BOB, org_member(), false);
    let project = format!("{P}:GROUP_READ_ONLY");
    let (_dir, path) = file(&csv(&[(BOB, &format!("{ORG}:ORG_MEMBER"), "", &project)]));
    invite_file(&path, &["--ensureMemberships"])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(&format!(
            "line 2: updated {BOB} (id {id}): added GROUP_READ_ONLY in {P}\n"
        ))
        .stderr_has("1 records: 0 invited, 1 updated, 0 already existed, 0 failed\n");
    let group = format!("/api/atlas/v2/groups/{P}/users");
    assert_eq!(sent(&mock), [get(org_users(ORG)), post(group.clone())]);
}

#[test]
fn an_active_member_invited_to_a_project_of_their_organization_is_updated_not_invited() {
    // A record of the project alone: its addGroupUsers answers ACTIVE, as Atlas does for
    // an active member of the project's organization.
    let project = format!("{P}:GROUP_READ_ONLY");
    let group = format!("/api/atlas/v2/groups/{P}/users");
    let mock = Mock::start();
    mock.project_in(P, ORG);
    let id = mock.seed(BOB, org_member(), false);
    let (_dir, path) = file(&csv(&[(BOB, "", "", &project)]));
    invite_file(&path, &["--ensureMemberships", "-o", "json"])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(&format!("{{\"line\":2,\"username\":\"{BOB}\",\"result\":\"updated\",\"id\":\"{id}\",\"error\":null,\"added\":[{{\"kind\":\"project\",\"project\":\"{P}\",\"roles\":[\"GROUP_READ_ONLY\"]}}]}}\n"))
        .stderr_has("1 records: 0 invited, 1 updated, 0 already existed, 0 failed\n");
    assert_eq!(sent(&mock), [get(group.clone()), post(group.clone())]);
    // A single invite (blind) says the same; a new person is invited.
    let mock = Mock::start();
    mock.project_in(P, ORG);
    mock.seed(BOB, org_member(), false);
    let single = |username: &str| {
        atlas(&[
            "users",
            "invite",
            "--username",
            username,
            "--email",
            username,
        ])
        .args(&["--firstName", "A", "--lastName", "B", "--country", "US"])
        .args(&["--projectRole", &project, "--apiVersion", "2025-02-19"])
    };
    single(BOB)
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(&format!(
            "The user '{BOB}' already exists; added GROUP_READ_ONLY in {P}.\n"
        ));
    single("carol@example.com")
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_has("The user 'carol@example.com' has been invited.\n");
    assert_eq!(sent(&mock), [post(group.clone()), post(group)]);
}

// 5. --ifNotExists: a membership that existed is never called created.

/// The person invited to ORG (where they are) and ORG2 (which refuses), with
/// `--ifNotExists`.
fn exists_then_refused(flags: &[&str]) -> Cmd {
    atlas(&PERSON)
        .args(&[
            "--orgRole",
            &format!("{ORG}:ORG_MEMBER,{ORG2}:ORG_READ_ONLY"),
        ])
        .args(&["--ifNotExists"])
        .args(flags)
}

#[test]
fn if_not_exists_says_an_organization_existed_when_the_next_one_refuses() {
    for gone in [false, true] {
        let mock = Mock::with(Options {
            gone,
            ..Options::default()
        });
        let id = mock.seed(USER, org_member(), false);
        let forbidden = Answer::api_error(403, "FORBIDDEN", "Not allowed.", "Forbidden");
        mock.answer_at("POST", &org_users(ORG2), forbidden);
        // Under auto, createUser's 410 switches first.
        let flags: &[&str] = match gone {
            false => &["--apiVersion", "2025-02-19"],
            true => &["--password", PASSWORD],
        };
        let run = exists_then_refused(flags).against(&mock).run();
        run.code_is(1)
            .stderr_has("HTTP 403 Forbidden (Error code: \"FORBIDDEN\")")
            .stderr_has(&format!("; exists: organization {ORG} (id {id}); not created: organization {ORG2} (this call failed)"));
        assert!(
            !run.stderr().contains("memberships created"),
            "{}",
            run.stderr()
        );
        let mut want = vec![
            post(org_users(ORG)),
            get(org_users(ORG)),
            post(org_users(ORG2)),
        ];
        if gone {
            want.insert(0, post("/api/atlas/v2/users".into()));
        }
        assert_eq!(sent(&mock), want, "gone: {gone}");
    }
}

// 6. A 409 (or USER_ALREADY_HAS_ROLE / USER_ALREADY_IN_TEAM) to an addition is done.

/// bob's record: ORG_BILLING_ADMIN, team T and project P besides ORG_MEMBER in ORG.
fn bob_asks_role_team_project() -> (TempDir, String) {
    let orgs = format!("{ORG}:ORG_MEMBER,{ORG}:ORG_BILLING_ADMIN");
    file(&csv(&[(BOB, &orgs, T, &format!("{P}:GROUP_READ_ONLY"))]))
}

#[test]
fn an_addition_answered_user_already_has_role_is_done_and_the_rest_follow() {
    // Through a 429 storm: the scripted 409 waits for the call that gets past the bucket.
    let mock = Mock::with(Options {
        bucket: Some((2.0, 4.0)),
        ..Options::default()
    });
    let id = mock.seed(BOB, org_member(), false);
    let role = format!("{}/{id}:addRole", org_users(ORG));
    let has = "The user already has the role ORG_BILLING_ADMIN.";
    mock.answer_at(
        "POST",
        &role,
        Answer::api_error(409, "USER_ALREADY_HAS_ROLE", has, "Conflict"),
    );
    let (_dir, path) = bob_asks_role_team_project();
    invite_file(&path, &["--ensureMemberships"])
        .against(&mock)
        .run_within(Duration::from_secs(60))
        .code_is(0)
        .stdout_is(&format!(
            "line 2: updated {BOB} (id {id}): added team {T}, GROUP_READ_ONLY in {P}\n"
        ))
        .stderr_has("1 records: 0 invited, 1 updated, 0 already existed, 0 failed\n");
    let mut calls = sent(&mock);
    assert_eq!(calls.len(), 4 + mock.limited(), "{calls:#?}");
    calls.dedup();
    let team = format!("/api/atlas/v2/orgs/{ORG}/teams/{T}:addUser");
    let project = format!("/api/atlas/v2/groups/{P}/users");
    let want = [
        get(org_users(ORG)),
        post(role.clone()),
        post(team.clone()),
        post(project),
    ];
    assert_eq!(calls, want);
    // A re-run converges: it adds what the mock truly lacked, then nothing is missing.
    let before = sent(&mock).len();
    invite_file(&path, &["--ensureMemberships", "-o", "json"])
        .against(&mock)
        .run_within(Duration::from_secs(60))
        .code_is(0)
        .stdout_has("\"result\":\"updated\"");
    let mut again = sent(&mock).split_off(before);
    again.dedup();
    assert_eq!(
        again,
        [get(org_users(ORG)), post(role)],
        "the team went the first time"
    );
    let before = sent(&mock).len();
    invite_file(&path, &["--ensureMemberships"])
        .against(&mock)
        .run_within(Duration::from_secs(60))
        .code_is(0)
        .stdout_is(&format!("line 2: already exists {BOB} (id {id})\n"));
    let mut last = sent(&mock).split_off(before);
    last.dedup();
    assert_eq!(last, [get(org_users(ORG))], "only the read");
}

#[test]
fn after_a_lagging_read_atlas_own_already_answers_count_as_done() {
    // bob holds the role and the team; the read lags and shows neither.
    let mock = Mock::start();
    let holds = memberships(&[(ORG, &["ORG_MEMBER", "ORG_BILLING_ADMIN"], &[T])], &[]);
    let id = mock.seed(BOB, holds, false);
    let stale = format!(
        r#"{{"links":[],"results":[{{"id":"{id}","orgMembershipStatus":"ACTIVE","roles":{{"orgRoles":["ORG_MEMBER"]}},"teamIds":[],"username":"{BOB}"}}],"totalCount":1}}"#
    );
    mock.answer_at("GET", &org_users(ORG), Answer::json(200, &stale));
    let (_dir, path) = bob_asks_role_team_project();
    invite_file(&path, &["--ensureMemberships"])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(&format!(
            "line 2: updated {BOB} (id {id}): added GROUP_READ_ONLY in {P}\n"
        ));
    assert_eq!(
        sent(&mock).len(),
        4,
        "the read and three additions, once each"
    );
    let before = sent(&mock).len();
    invite_file(&path, &["--ensureMemberships"])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(&format!("line 2: already exists {BOB} (id {id})\n"));
    assert_eq!(sent(&mock).split_off(before), [get(org_users(ORG))]);
}

// 7. A single invite's json-path output is the same whatever the person's state.

fn json_path_team_ids(mock: &Mock) -> Cmd {
    atlas(&PERSON)
        .args(&["--orgRole", &format!("{ORG}:ORG_MEMBER"), "--teamId", T])
        .args(&["--projectRole", &format!("{P}:GROUP_READ_ONLY")])
        .args(&["--ensureMemberships", "-o", "json-path=$.teamIds"])
        .against(mock)
}

#[test]
fn json_path_prints_the_same_bytes_for_a_new_an_updated_and_a_complete_user() {
    let want = format!("[\n  \"{T}\"\n]\n");
    let new = Mock::start();
    json_path_team_ids(&new).run().code_is(0).stdout_is(&want);
    assert_eq!(sent(&new), [post(org_users(ORG))]);

    let lacking = Mock::start();
    let id = lacking.seed(USER, org_member(), false);
    json_path_team_ids(&lacking)
        .run()
        .code_is(0)
        .stdout_is(&want);
    assert_eq!(
        sent(&lacking),
        [
            post(org_users(ORG)),
            get(org_users(ORG)),
            post(format!("/api/atlas/v2/orgs/{ORG}/teams/{T}:addUser")),
            post(format!("/api/atlas/v2/groups/{P}/users")),
        ]
    );
    assert_eq!(lacking.person(USER, ORG).unwrap().0, id);

    let complete = Mock::start();
    let all = memberships(
        &[(ORG, &["ORG_MEMBER"], &[T])],
        &[(P, &["GROUP_READ_ONLY"])],
    );
    complete.seed(USER, all, false);
    json_path_team_ids(&complete)
        .run()
        .code_is(0)
        .stdout_is(&want);
    assert_eq!(sent(&complete), [post(org_users(ORG)), get(org_users(ORG))]);
}

#[test]
fn json_path_is_the_same_when_the_token_expires_before_the_lookup() {
    // The token claims an hour and lasts a second; the lookup reaches Atlas after it.
    let mock = Mock::with(Options {
        token_ttl: Duration::from_secs(1),
        token_claim: Some(3600),
        ..Options::default()
    });
    mock.seed(USER, org_member(), false);
    for d in [0, 0, 1100] {
        mock.delay(Duration::from_millis(d));
    }
    let cmd = as_service_account(json_path_team_ids(&mock), &mock)
        .env_remove("MONGODB_ATLAS_PUBLIC_API_KEY")
        .env_remove("MONGODB_ATLAS_PRIVATE_API_KEY");
    cmd.run()
        .code_is(0)
        .stdout_is(&format!("[\n  \"{T}\"\n]\n"));
    let team = format!("/api/atlas/v2/orgs/{ORG}/teams/{T}:addUser");
    assert_eq!(
        sent(&mock),
        [
            post("/api/oauth/token".into()),
            post(org_users(ORG)),
            post("/api/oauth/token".into()),
            get(org_users(ORG)),
            post(team),
            post(format!("/api/atlas/v2/groups/{P}/users")),
        ],
        "the refused lookup sent again once, with the new token"
    );
    let refused: Vec<String> = mock
        .requests()
        .into_iter()
        .filter(|r| !r.authorized)
        .map(|r| r.target.split('?').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(refused, [org_users(ORG)], "the expired token met once");
    assert_eq!(mock.tokens().len(), 2);
}

// 8. ATLAS_MAX_WAIT bounds all of one record's waiting, whatever the number of its calls.

#[test]
fn max_wait_bounds_a_records_calls_in_all_across_the_410_switch() {
    // createUser waits 2s, then turns 410; createOrgUser would wait 2s more: past 3s.
    let mock = Mock::with(Options {
        gone: true,
        ..Options::default()
    });
    mock.answer_at("POST", "/api/atlas/v2/users", limited("2"));
    mock.answer_at("POST", &org_users(ORG), limited("2"));
    let (_dir, path) = file(&users_csv(2));
    let run = invite_file(&path, &["--password", PASSWORD])
        .env("ATLAS_MAX_WAIT", "3")
        .against(&mock)
        .run_within(Duration::from_secs(30));
    run.code_is(3)
        .stderr_has("rate limited (RATE_LIMITED): waiting 2s before line 2 (user1@example.com)\n")
        .stderr_has("2 records: 0 invited, 0 already existed, 0 failed, 2 not attempted (lines 2, 3)\n")
        .stderr_has("Atlas asked to wait 2s before retrying; this command waits at most 3s in all (ATLAS_MAX_WAIT); the rest were not attempted: run the same file again with --ifNotExists to resume\n");
    assert!(
        run.stdout()
            .starts_with("line 2: not attempted user1@example.com: POST "),
        "nothing took effect: {}",
        run.stdout()
    );
    let users = "/api/atlas/v2/users".to_string();
    assert_eq!(
        sent(&mock),
        [post(users.clone()), post(users), post(org_users(ORG))],
        "no call after the one whose wait would pass the bound"
    );
}

#[test]
fn max_wait_past_a_call_that_took_effect_fails_the_record_and_stops_the_run() {
    let mock = Mock::start();
    mock.answer_at("POST", &org_users(ORG), limited("2"));
    mock.answer_at("POST", &org_users(ORG2), limited("2"));
    let orgs = format!("{ORG}:ORG_MEMBER,{ORG2}:ORG_MEMBER");
    let one = format!("{ORG}:ORG_MEMBER");
    let (_dir, path) = file(&csv(&[
        (BOB, &orgs, "", ""),
        ("carol@example.com", &one, "", ""),
    ]));
    let run = invite_file(&path, &["--apiVersion", "2025-02-19"])
        .env("ATLAS_MAX_WAIT", "3")
        .against(&mock)
        .run_within(Duration::from_secs(30));
    let id = mock.person(BOB, ORG).unwrap().0;
    run.code_is(3)
        .stdout_has(&format!("line 2: failed {BOB}: POST "))
        .stdout_has(&format!("this command waits at most 3s in all (ATLAS_MAX_WAIT); memberships created: organization {ORG} (id {id}); not created: organization {ORG2} (this call failed)\n"))
        .stdout_has("line 3: not attempted carol@example.com\n")
        .stderr_has("2 records: 0 invited, 0 already existed, 1 failed (line 2), 1 not attempted (line 3)\n");
    assert_eq!(
        sent(&mock),
        [
            post(org_users(ORG)),
            post(org_users(ORG)),
            post(org_users(ORG2))
        ],
        "ORG2 once; nothing for carol"
    );
}

#[test]
fn max_wait_counts_the_lookup_after_a_409_and_stops_the_run_there() {
    // createUser waits 2s and meets a 409; its lookup would wait 2s more: past 3s.
    let mock = Mock::start();
    mock.exists(&["user1@example.com", "user2@example.com"]);
    let by_name = "/api/atlas/v2/users/byName/";
    mock.answer_at("POST", "/api/atlas/v2/users", limited("2"));
    mock.answer_at("GET", by_name, limited("2"));
    let (_dir, path) = file(&users_csv(2));
    let run = invite_file(&path, &["--password", PASSWORD, "--ifNotExists"])
        .env("ATLAS_MAX_WAIT", "3")
        .against(&mock)
        .run_within(Duration::from_secs(30));
    run.code_is(3)
        .stderr_has(
            "2 records: 0 invited, 0 already existed, 0 failed, 2 not attempted (lines 2, 3)\n",
        )
        .stderr_has(
            "this command waits at most 3s in all (ATLAS_MAX_WAIT); the rest were not attempted",
        );
    assert!(
        run.stdout()
            .starts_with("line 2: not attempted user1@example.com: GET "),
        "{}",
        run.stdout()
    );
    let users = "/api/atlas/v2/users".to_string();
    assert_eq!(
        sent(&mock),
        [
            get(org_users(ORG)),
            post(users.clone()),
            post(users),
            get(format!("{by_name}user1@example.com")),
        ],
        "nothing after the lookup whose wait would pass the bound"
    );
}

// 9. A dropped connection keeps a valid service-account token.

#[test]
fn a_dropped_connection_keeps_the_service_accounts_token() {
    for gone in [false, true] {
        let mock = Mock::with(Options {
            gone,
            ..Options::default()
        });
        mock.answer_at("POST", &org_users(ORG), Answer::Hangup);
        let (_dir, path) = file(&users_csv(2));
        // Under auto, createUser's 410 switches the first record before the hang-up.
        let flags: &[&str] = match gone {
            false => &["--apiVersion", "2025-02-19"],
            true => &["--password", PASSWORD],
        };
        let run = as_service_account(invite_file(&path, flags), &mock)
            .run_within(Duration::from_secs(30));
        run.code_is(3)
            .stdout_has("line 2: unknown user1@example.com: POST ")
            .stdout_has("line 3: invited user2@example.com (id ");
        assert_eq!(
            mock.tokens().len(),
            1,
            "gone: {gone}: {:#?}",
            mock.requests()
        );
        let creates: Vec<Request> = mock
            .requests()
            .into_iter()
            .filter(|r| r.target == org_users(ORG))
            .collect();
        assert_eq!(creates.len(), 2, "one per record, never resent");
        assert!(creates[1].conn > creates[0].conn, "a new connection");
        assert_eq!(
            creates[0].header("authorization"),
            creates[1].header("authorization"),
            "the same token on the new connection"
        );
    }
}

// 10. The USER_ALREADY_EXISTS hint: once per run, and never with --ifNotExists.

const HINT: &str = "hint: USER_ALREADY_EXISTS means the user is in Atlas already";

#[test]
fn a_rerun_without_if_not_exists_hints_once_also_after_the_410_switch() {
    for gone in [false, true] {
        let mock = Mock::with(Options {
            gone,
            ..Options::default()
        });
        mock.exists(&[
            "user1@example.com",
            "user2@example.com",
            "user3@example.com",
        ]);
        let (_dir, path) = file(&users_csv(3));
        let run = invite_file(&path, &["--password", PASSWORD])
            .against(&mock)
            .run();
        run.code_is(1)
            .stderr_has("3 records: 0 invited, 0 already existed, 3 failed (lines 2, 3, 4)\n");
        assert_eq!(
            run.stdout().matches("USER_ALREADY_EXISTS").count(),
            3,
            "{}",
            run.stdout()
        );
        assert_eq!(run.stderr().matches(HINT).count(), 1, "{}", run.stderr());
        let creates = sent(&mock).len();
        assert_eq!(creates, if gone { 4 } else { 3 }, "one create each");
    }
}

#[test]
fn if_not_exists_never_hints_even_when_the_lookup_does_not_confirm() {
    let mock = Mock::start();
    let users = ["user1@example.com", "user2@example.com"];
    mock.exists(&users);
    for u in users {
        let missing = Answer::api_error(404, "USER_NOT_FOUND", "No user.", "Not Found");
        mock.answer_at("GET", &format!("/api/atlas/v2/users/byName/{u}"), missing);
    }
    let (_dir, path) = file(&users_csv(2));
    let run = invite_file(&path, &["--password", PASSWORD, "--ifNotExists"])
        .against(&mock)
        .run();
    run.code_is(1)
        .stderr_has("2 records: 0 invited, 0 already existed, 2 failed (lines 2, 3)\n");
    assert_eq!(run.stdout().matches("USER_ALREADY_EXISTS").count(), 2);
    assert!(!run.stderr().contains(HINT), "{}", run.stderr());
    let (users, by_name) = ("/api/atlas/v2/users", "/api/atlas/v2/users/byName");
    assert_eq!(
        sent(&mock),
        [
            get(org_users(ORG)),
            post(users.into()),
            get(format!("{by_name}/user1@example.com")),
            post(users.into()),
            get(format!("{by_name}/user2@example.com")),
        ]
    );
}
