//! `--ensureMemberships`: re-runs that converge. An existing user gets what the record asks
//! and lacks through the 2025-02-19 additive calls, in a fixed order, and nothing else.

use std::collections::BTreeMap;

use crate::support::mock::{Answer, Memberships, Mock};
use crate::support::{atlas, Cmd, TempDir, PERSON};

const O1: &str = "5dd56c847a3e5a1f363d424d";
const P1: &str = "5f71e5255afec75a3d0f96dc";
const P2: &str = "5f71e5255afec75a3d0f96dd";
const T1: &str = "66b6d8e2a1b2c3d4e5f60719";
const USER: &str = "user@example.com";

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A member of O1 (ORG_MEMBER, no team) and of P1 (GROUP_READ_ONLY).
fn member_of_o1_and_p1() -> Memberships {
    Memberships {
        orgs: BTreeMap::from([(O1.to_string(), (v(&["ORG_MEMBER"]), Vec::new()))]),
        groups: BTreeMap::from([(P1.to_string(), v(&["GROUP_READ_ONLY"]))]),
    }
}

fn ensure(extra: &[&str]) -> Cmd {
    atlas(&PERSON).args(&["--ensureMemberships"]).args(extra)
}

/// The asks: ORG_MEMBER and ORG_BILLING_ADMIN in O1, team T1, P1 with GROUP_READ_ONLY and
/// GROUP_OWNER, P2 with GROUP_OWNER: against `member_of_o1_and_p1`, one missing org role,
/// one team, one role in a project the user is in, and a whole project.
fn asks() -> Vec<String> {
    v(&[
        "--orgRole",
        &format!("{O1}:ORG_MEMBER,{O1}:ORG_BILLING_ADMIN"),
        "--teamId",
        T1,
        "--projectRole",
        &format!("{P1}:GROUP_READ_ONLY,{P1}:GROUP_OWNER,{P2}:GROUP_OWNER"),
    ])
}

/// (method, target, body) of the authorized requests after the first `skip`.
fn calls(mock: &Mock, skip: usize) -> Vec<(String, String, String)> {
    mock.requests()
        .into_iter()
        .filter(|r| r.authorized)
        .skip(skip)
        .map(|r| (r.method, r.target, r.body))
        .collect()
}

#[test]
fn an_existing_user_gets_exactly_what_is_missing_in_order_and_nothing_else() {
    let mock = Mock::start();
    let id = mock.seed(USER, member_of_o1_and_p1(), false);
    let args = asks();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = ensure(&args).against(&mock).run();
    run.code_is(0)
        .stdout_is(&format!("The user '{USER}' already exists; added ORG_BILLING_ADMIN in {O1}, team {T1}, GROUP_OWNER in {P1}, GROUP_OWNER in {P2}.\n"))
        .stderr_has("--ensureMemberships: inviting through the 2025-02-19 org and project user endpoints");
    let seen = calls(&mock, 0);
    let post = |t: String, b: String| ("POST".to_string(), t, b);
    assert_eq!(
        seen[2..],
        [
            post(
                format!("/api/atlas/v2/orgs/{O1}/users/{id}:addRole"),
                r#"{"orgRole":"ORG_BILLING_ADMIN"}"#.into()
            ),
            post(
                format!("/api/atlas/v2/orgs/{O1}/teams/{T1}:addUser"),
                format!(r#"{{"id":"{id}"}}"#)
            ),
            post(
                format!("/api/atlas/v2/groups/{P1}/users/{id}:addRole"),
                r#"{"groupRole":"GROUP_OWNER"}"#.into()
            ),
            post(
                format!("/api/atlas/v2/groups/{P2}/users"),
                format!(r#"{{"username":"{USER}","roles":["GROUP_OWNER"]}}"#)
            ),
        ],
        "after the 409 and the lookup: {seen:#?}"
    );
    assert_eq!(
        (seen[0].1.as_str(), seen[1].0.as_str()),
        (format!("/api/atlas/v2/orgs/{O1}/users").as_str(), "GET")
    );
    assert!(
        mock.requests()
            .iter()
            .all(|r| r.method == "POST" || r.method == "GET"),
        "nothing removed"
    );
    let now = mock.memberships(USER).unwrap();
    assert_eq!(
        now.orgs[O1],
        (v(&["ORG_MEMBER", "ORG_BILLING_ADMIN"]), v(&[T1]))
    );
    assert_eq!(now.groups[P1], v(&["GROUP_READ_ONLY", "GROUP_OWNER"]));
    assert_eq!(now.groups[P2], v(&["GROUP_OWNER"]));

    // Right after: everything is there; no call after the lookup.
    let before = calls(&mock, 0).len();
    ensure(&args)
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(&format!("The user '{USER}' already exists.\n"));
    assert_eq!(calls(&mock, before).len(), 2, "the 409 and the lookup only");
}

#[test]
fn a_pending_user_is_updated_too_and_json_shows_the_last_answer() {
    let mock = Mock::start();
    mock.seed(USER, member_of_o1_and_p1(), true);
    let run = ensure(&["--orgRole", &format!("{O1}:ORG_READ_ONLY"), "-o", "json"])
        .against(&mock)
        .run();
    run.code_is(0);
    let out = run.stdout();
    assert!(
        out.contains("\"orgMembershipStatus\": \"PENDING\""),
        "{out}"
    );
    assert!(
        out.contains("\"ORG_READ_ONLY\""),
        "the answer of the last addition: {out}"
    );
}

fn file(text: &str) -> (TempDir, String) {
    crate::support::temp_file("ensure", "team.csv", text)
}

#[test]
fn a_file_of_new_complete_and_incomplete_users_converges_and_a_rerun_sends_no_addition() {
    let mock = Mock::start();
    mock.seed("complete@example.com", member_of_o1_and_p1(), false);
    let id = mock.seed(
        "incomplete@example.com",
        Memberships {
            orgs: BTreeMap::from([(O1.to_string(), (v(&["ORG_MEMBER"]), Vec::new()))]),
            groups: BTreeMap::new(),
        },
        false,
    );
    let (_d2, path2) = file(&format!(
        "username,firstName,lastName,country,orgRole,projectRole\nnew@example.com,A,B,US,{O1}:ORG_MEMBER,{P1}:GROUP_READ_ONLY\ncomplete@example.com,A,B,US,{O1}:ORG_MEMBER,{P1}:GROUP_READ_ONLY\nincomplete@example.com,A,B,US,{O1}:ORG_MEMBER,{P1}:GROUP_READ_ONLY\n"
    ));
    let run = atlas(&[
        "users",
        "invite",
        "--file",
        &path2,
        "--ensureMemberships",
        "-o",
        "json",
    ])
    .against(&mock)
    .run();
    run.code_is(0)
        .stderr_has("3 records: 1 invited, 1 updated, 1 already existed, 0 failed\n");
    let out = run.stdout();
    assert!(out.contains(&format!("{{\"line\":4,\"username\":\"incomplete@example.com\",\"result\":\"updated\",\"id\":\"{id}\",\"error\":null,\"added\":[{{\"kind\":\"project\",\"project\":\"{P1}\",\"roles\":[\"GROUP_READ_ONLY\"]}}]}}")), "{out}");
    assert!(
        out.contains("\"username\":\"complete@example.com\",\"result\":\"already exists\""),
        "{out}"
    );
    // A re-run right after: all there, no addition sent.
    let before = calls(&mock, 0).len();
    let run = atlas(&["users", "invite", "--file", &path2, "--ensureMemberships"])
        .against(&mock)
        .run();
    run.code_is(0)
        .stderr_has("3 records: 0 invited, 3 already existed, 0 failed\n");
    let after = calls(&mock, before);
    assert!(
        after
            .iter()
            .all(|(m, t, _)| m == "GET" || t == &format!("/api/atlas/v2/orgs/{O1}/users")),
        "{after:#?}"
    );
}

#[test]
fn a_failure_on_the_third_addition_says_what_was_added_and_what_not() {
    let mock = Mock::start();
    mock.seed(USER, member_of_o1_and_p1(), false);
    let args = asks();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // The 409, the lookup, two additions, then a refusal.
    mock.script([
        Answer::Usual,
        Answer::Usual,
        Answer::Usual,
        Answer::Usual,
        Answer::api_error(403, "FORBIDDEN", "Not allowed.", "Forbidden"),
    ]);
    let run = ensure(&args).against(&mock).run();
    run.code_is(1)
        .stderr_has("HTTP 403 Forbidden (Error code: \"FORBIDDEN\")")
        .stderr_has(&format!("added: ORG_BILLING_ADMIN in {O1}, team {T1}; not added: GROUP_OWNER in {P1} (this call failed), GROUP_OWNER in {P2} (not attempted)"));
    assert_eq!(calls(&mock, 0).len(), 5, "nothing after the failure");
}

#[test]
fn it_needs_the_2025_endpoints_and_a_dry_run_says_what_the_lookup_decides() {
    let mock = Mock::start();
    let org = format!("{O1}:ORG_MEMBER");
    ensure(&[
        "--orgRole",
        &org,
        "--apiVersion",
        "2023-01-01",
        "--password",
        "Correct-Horse-9",
    ])
    .against(&mock)
    .run()
    .code_is(2)
    .stderr_has("error parsing flag --ensureMemberships: it needs the 2025-02-19 endpoints");
    ensure(&["--orgRole", &org, "--dryRun"])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_has("# --ensureMemberships: for a user that exists already, a lookup decides which additions are sent")
        .stdout_has(&format!("POST {}api/atlas/v2/orgs/{O1}/users", mock.url()));
    assert_eq!(mock.connections(), 0);
}

#[test]
fn project_roles_alone_look_the_user_up_in_the_project() {
    let mock = Mock::start();
    let id = mock.seed(USER, member_of_o1_and_p1(), false);
    ensure(&["--projectRole", &format!("{P1}:GROUP_OWNER")])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(&format!(
            "The user '{USER}' already exists; added GROUP_OWNER in {P1}.\n"
        ));
    let seen: Vec<(String, String)> = calls(&mock, 0)
        .into_iter()
        .map(|(m, t, _)| (m, t))
        .collect();
    assert_eq!(
        seen,
        [
            (
                "POST".to_string(),
                format!("/api/atlas/v2/groups/{P1}/users")
            ),
            (
                "GET".to_string(),
                format!("/api/atlas/v2/groups/{P1}/users?username=user%40example.com")
            ),
            (
                "POST".to_string(),
                format!("/api/atlas/v2/groups/{P1}/users/{id}:addRole")
            ),
        ]
    );
}
