//! The 2025-02-19 org and project user endpoints, end to end against the mock: the mapping
//! from flags to calls (bodies and media types exact), one connection and one
//! authentication for several calls, `auto`'s switch on 410 Gone, partial failures, 409,
//! every output format on both answer shapes, and service accounts.

use crate::support::mock::{Answer, Mock, Options, MEDIA_2025};
use crate::support::{atlas, Cmd, PASSWORD, PERSON};

const O1: &str = "5dd56c847a3e5a1f363d424d";
const O2: &str = "5dd56c847a3e5a1f363d424e";
const P1: &str = "5f71e5255afec75a3d0f96dc";
const P2: &str = "5f71e5255afec75a3d0f96dd";
const USER: &str = "user@example.com";
const TEXT: &str = "The user 'user@example.com' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n";
const NOT_SENT: &str = "Note: --email, --firstName, --lastName, --country were checked but not sent: the 2025-02-19 endpoints take only the username and roles; the invited person enters the rest on accepting\n";

/// An invite with the required flags and `roles` (`--orgRole`/`--projectRole` pairs).
fn invite(roles: &[&str]) -> Cmd {
    atlas(&PERSON).args(roles)
}

fn org_path(id: &str) -> String {
    format!("/api/atlas/v2/orgs/{id}/users")
}

fn group_path(id: &str) -> String {
    format!("/api/atlas/v2/groups/{id}/users")
}

#[test]
fn one_org_is_one_create_org_user_call_without_reading_a_password() {
    let mock = Mock::start();
    let org_role = format!("{O1}:ORG_MEMBER");
    // No --password and stdin closed: the 2025-02-19 endpoints need none.
    invite(&["--orgRole", &org_role, "--apiVersion", "2025-02-19"])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(TEXT)
        .stderr_is(NOT_SENT);
    assert_eq!(
        mock.authorized_calls(),
        [(
            org_path(O1),
            format!(r#"{{"username":"{USER}","roles":{{"orgRoles":["ORG_MEMBER"]}}}}"#)
        )]
    );
    for r in mock.requests() {
        assert_eq!(r.header("content-type"), Some(MEDIA_2025));
        assert_eq!(r.header("accept"), Some(MEDIA_2025));
    }
}

#[test]
fn one_org_carries_the_project_roles_as_group_role_assignments() {
    let mock = Mock::start();
    let (o, p1, p2, p1b) = (
        format!("{O1}:ORG_MEMBER"),
        format!("{P1}:GROUP_READ_ONLY"),
        format!("{P2}:GROUP_OWNER"),
        format!("{P1}:group_data_access_read_only"),
    );
    invite(&[
        "--orgRole",
        &o,
        "--projectRole",
        &p1,
        "--projectRole",
        &p2,
        "--projectRole",
        &p1b,
        "--password",
        PASSWORD,
        "--apiVersion",
        "2025-02-19",
    ])
    .against(&mock)
    .run()
    .code_is(0)
    .stdout_is(TEXT)
    .stderr_has("--country, --password were checked but not sent")
    .leaks_none(&[PASSWORD]);
    assert_eq!(
        mock.authorized_calls(),
        [(
            org_path(O1),
            format!(
                r#"{{"username":"{USER}","roles":{{"orgRoles":["ORG_MEMBER"],"groupRoleAssignments":[{{"groupId":"{P1}","groupRoles":["GROUP_READ_ONLY","GROUP_DATA_ACCESS_READ_ONLY"]}},{{"groupId":"{P2}","groupRoles":["GROUP_OWNER"]}}]}}}}"#
            )
        )]
    );
}

#[test]
fn several_orgs_then_each_project_share_one_connection_and_one_challenge() {
    let mock = Mock::start();
    let roles = format!("{O1}:ORG_MEMBER,{O2}:ORG_OWNER");
    let projects = format!("{P1}:GROUP_READ_ONLY,{P2}:GROUP_OWNER");
    let run = invite(&[
        "--orgRole",
        &roles,
        "--projectRole",
        &projects,
        "-o",
        "json",
    ])
    .env("ATLAS_API_VERSION", "2025-02-19")
    .against(&mock)
    .run();
    run.code_is(0);
    assert_eq!(
        mock.authorized_calls(),
        [
            (
                org_path(O1),
                format!(r#"{{"username":"{USER}","roles":{{"orgRoles":["ORG_MEMBER"]}}}}"#)
            ),
            (
                org_path(O2),
                format!(r#"{{"username":"{USER}","roles":{{"orgRoles":["ORG_OWNER"]}}}}"#)
            ),
            (
                group_path(P1),
                format!(r#"{{"username":"{USER}","roles":["GROUP_READ_ONLY"]}}"#)
            ),
            (
                group_path(P2),
                format!(r#"{{"username":"{USER}","roles":["GROUP_OWNER"]}}"#)
            ),
        ]
    );
    // One challenge, then four calls on the reused nonce; one TCP connection.
    assert_eq!(mock.requests().len(), 5);
    assert_eq!(mock.connections(), 1);
    let nc: Vec<String> = mock.requests()[1..]
        .iter()
        .map(|r| {
            r.header("authorization")
                .unwrap()
                .split("nc=")
                .nth(1)
                .unwrap()[..8]
                .to_string()
        })
        .collect();
    assert_eq!(nc, ["00000001", "00000002", "00000003", "00000004"]);
    // One JSON rendering per membership, in call order.
    let out = run.stdout();
    assert_eq!(
        out.matches("\"orgMembershipStatus\": \"PENDING\"").count(),
        4,
        "{out}"
    );
    assert!(out.find("ORG_MEMBER").unwrap() < out.find("ORG_OWNER").unwrap());
    assert!(
        out.ends_with("  \"inviterUsername\": \"admin@example.com\"\n}\n"),
        "{out}"
    );
}

#[test]
fn project_roles_alone_are_add_group_users_calls() {
    let mock = Mock::start();
    let p = format!("{P1}:GROUP_OWNER");
    invite(&[
        "--projectRole",
        &p,
        "--apiVersion",
        "2025-02-19",
        "-o",
        "go-template={{.Id}} {{.Username}} {{.Roles}} {{.OrgMembershipStatus}}",
    ])
    .against(&mock)
    .run()
    .code_is(0)
    .stdout_is("6a7940722c88faeba59b0001 user@example.com [GROUP_OWNER] PENDING");
    assert_eq!(
        mock.authorized_calls(),
        [(
            group_path(P1),
            format!(r#"{{"username":"{USER}","roles":["GROUP_OWNER"]}}"#)
        )]
    );
}

#[test]
fn no_roles_or_a_bad_version_are_refused_before_sending() {
    let mock = Mock::start();
    invite(&["--apiVersion", "2025-02-19"])
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is("Error: the 2025-02-19 endpoints need an organization or project role: give --orgRole ID:ROLE or --projectRole ID:ROLE (or use --apiVersion 2023-01-01)\n");
    invite(&["--apiVersion", "2024"])
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is("Error: error parsing flag --apiVersion: \"2024\" is not an API version (want 2023-01-01, 2025-02-19 or auto)\n");
    invite(&[])
        .env("ATLAS_API_VERSION", "latest")
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_has("ATLAS_API_VERSION: \"latest\" is not an API version");
    // A format that fails on the 2025-02-19 answers is found before sending.
    let o = format!("{O1}:ORG_MEMBER");
    invite(&[
        "--orgRole",
        &o,
        "--apiVersion",
        "2025-02-19",
        "-o",
        "go-template={{.EmailAddress}}",
    ])
    .against(&mock)
    .run()
    .code_is(2)
    .stderr_has("can't evaluate field EmailAddress in type *admin.OrgUserResponse");
    assert_eq!(mock.connections(), 0);
}

#[test]
fn auto_switches_on_410_gone_without_inviting_twice() {
    let mock = Mock::with(Options {
        gone: true,
        ..Options::default()
    });
    let o = format!("{O1}:ORG_OWNER");
    invite(&["--orgRole", &o, "--password", PASSWORD])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(TEXT)
        .stderr_is("Atlas retired POST /api/atlas/v2/users (410 Gone), so it invited nobody; this run invites through the 2025-02-19 org and project user endpoints instead (--apiVersion 2025-02-19), which take only the username and roles\n")
        .leaks_none(&[PASSWORD, &mock.opts.private]);
    let reqs = mock.requests();
    let seen: Vec<(&str, bool)> = reqs
        .iter()
        .map(|r| (r.target.as_str(), r.authorized))
        .collect();
    assert_eq!(
        seen,
        [
            ("/api/atlas/v2/users", false),
            ("/api/atlas/v2/users", true),
            (org_path(O1).as_str(), true),
        ]
    );
    assert_eq!(mock.connections(), 1);
    // An explicit 2023-01-01 does not switch.
    invite(&[
        "--orgRole",
        &o,
        "--password",
        PASSWORD,
        "--apiVersion",
        "2023-01-01",
    ])
    .against(&mock)
    .run()
    .code_is(1)
    .stderr_has("HTTP 410 Gone (Error code: \"GONE\")");
}

#[test]
fn a_later_failure_says_which_memberships_exist() {
    let mock = Mock::start();
    mock.script([
        Answer::json(201, r#"{"id":"6a7940722c88faeba59bf001","orgMembershipStatus":"PENDING","roles":{"orgRoles":["ORG_MEMBER"]},"username":"user@example.com"}"#),
        Answer::api_error(404, "ORG_NOT_FOUND", "No organization with ID 5dd56c847a3e5a1f363d424e exists.", "Not Found"),
    ]);
    let roles = format!("{O1}:ORG_MEMBER,{O2}:ORG_OWNER");
    let p = format!("{P1}:GROUP_OWNER");
    let run = invite(&[
        "--orgRole",
        &roles,
        "--projectRole",
        &p,
        "--apiVersion",
        "2025-02-19",
    ])
    .against(&mock)
    .run();
    run.code_is(1).stdout_is("").stderr_has(&format!(
        "/api/atlas/v2/orgs/{O2}/users POST: HTTP 404 Not Found (Error code: \"ORG_NOT_FOUND\") Detail: No organization with ID {O2} exists. Reason: Not Found. Params: [], BadRequestDetail: ; memberships created: organization {O1} (id 6a7940722c88faeba59bf001); not created: organization {O2} (this call failed), project {P1} (not attempted)\n"
    ));
    // Nothing after the failure, nothing resent.
    assert_eq!(mock.authorized_calls().len(), 2);
}

#[test]
fn an_existing_user_is_a_409_in_the_official_wording() {
    let mock = Mock::start();
    mock.exists(&[USER]);
    let o = format!("{O1}:ORG_MEMBER");
    invite(&["--orgRole", &o, "--apiVersion", "2025-02-19"])
        .against(&mock)
        .run()
        .code_is(1)
        .stderr_has(&format!(
            "Error: https://localhost:{}/api/atlas/v2/orgs/{O1}/users POST: HTTP 409 Conflict (Error code: \"USER_ALREADY_EXISTS\") Detail: A pending or active user with username {USER} already exists. Reason: Conflict. Params: [], BadRequestDetail: \n",
            mock.addr.port()
        ));
}

#[test]
fn every_format_on_both_answer_shapes() {
    let o = format!("{O1}:ORG_MEMBER");
    let p = format!("{P1}:GROUP_READ_ONLY");
    let cases: [(&str, &str, &str); 6] = [
        ("--orgRole", "json-path=$.roles.orgRoles[0]", "\"ORG_MEMBER\"\n"),
        ("--projectRole", "json-path=$.roles", "[\n  \"GROUP_READ_ONLY\"\n]\n"),
        ("--orgRole", "go-template={{.Roles.OrgRoles}} {{.InviterUsername}} {{.InvitationExpiresAt}}", "[ORG_MEMBER] admin@example.com 2026-09-09 03:07:30 +0000 UTC"),
        ("--projectRole", "go-template={{range .Roles}}{{.}}{{end}} {{.GetInviterUsername}} {{.HasCountry}}", "GROUP_READ_ONLY admin@example.com false"),
        ("--orgRole", "json", "{\n  \"id\": \"6a7940722c88faeba59b0001\",\n  \"orgMembershipStatus\": \"PENDING\",\n  \"roles\": {\n    \"groupRoleAssignments\": [],\n    \"orgRoles\": [\n      \"ORG_MEMBER\"\n    ]\n  },\n  \"teamIds\": [],\n  \"username\": \"user@example.com\",\n  \"invitationCreatedAt\": \"2026-08-10T03:07:30Z\",\n  \"invitationExpiresAt\": \"2026-09-09T03:07:30Z\",\n  \"inviterUsername\": \"admin@example.com\"\n}\n"),
        ("--projectRole", "json", "{\n  \"id\": \"6a7940722c88faeba59b0001\",\n  \"orgMembershipStatus\": \"PENDING\",\n  \"roles\": [\n    \"GROUP_READ_ONLY\"\n  ],\n  \"username\": \"user@example.com\",\n  \"invitationCreatedAt\": \"2026-08-10T03:07:30Z\",\n  \"invitationExpiresAt\": \"2026-09-09T03:07:30Z\",\n  \"inviterUsername\": \"admin@example.com\"\n}\n"),
    ];
    for (flag, format, want) in cases {
        let mock = Mock::start();
        let role = if flag == "--orgRole" { &o } else { &p };
        invite(&[flag, role, "--apiVersion", "2025-02-19", "-o", format])
            .against(&mock)
            .run()
            .code_is(0)
            .stdout_is(want);
    }
}

#[test]
fn service_accounts_fetch_one_token_for_every_call() {
    let mock = Mock::start();
    let roles = format!("{O1}:ORG_MEMBER,{O2}:ORG_OWNER");
    let run = invite(&["--orgRole", &roles, "--apiVersion", "2025-02-19"])
        .env("MONGODB_ATLAS_BASE_URL", mock.url())
        .env("SSL_CERT_FILE", &mock.ca_file)
        .env("MONGODB_ATLAS_CLIENT_ID", &mock.opts.client_id)
        .env("MONGODB_ATLAS_CLIENT_SECRET", &mock.opts.client_secret)
        .run();
    run.code_is(0).stdout_is(TEXT);
    let tokens = mock.tokens();
    assert_eq!(tokens.len(), 1, "one token for both calls");
    run.leaks_none(&[&mock.opts.client_secret, &tokens[0]]);
    let targets: Vec<String> = mock.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        ["/api/oauth/token".to_string(), org_path(O1), org_path(O2)]
    );
    assert_eq!(mock.connections(), 1);
}

#[test]
fn a_server_refusing_nonce_reuse_costs_a_challenge_per_call_not_a_failure() {
    let mock = Mock::with(Options {
        single_use_nonces: true,
        ..Options::default()
    });
    let roles = format!("{O1}:ORG_MEMBER,{O2}:ORG_OWNER");
    invite(&["--orgRole", &roles, "--apiVersion", "2025-02-19"])
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is(TEXT);
    // Challenge and answer for the first call; for the second, the reused nonce is called
    // stale and its fresh challenge answered.
    let seen: Vec<(String, bool)> = mock
        .requests()
        .into_iter()
        .map(|r| (r.target, r.authorized))
        .collect();
    assert_eq!(
        seen,
        [
            (org_path(O1), false),
            (org_path(O1), true),
            (org_path(O2), false),
            (org_path(O2), true)
        ]
    );
    assert_eq!(
        mock.authorized_calls().len(),
        2,
        "each membership created once"
    );
}

#[test]
fn a_cut_connection_after_earlier_calls_is_uncertain_and_never_resent() {
    let mock = Mock::start();
    mock.script([
        Answer::json(201, r#"{"id":"6a7940722c88faeba59bf001","orgMembershipStatus":"PENDING","roles":{"orgRoles":["ORG_MEMBER"]},"username":"user@example.com"}"#),
        Answer::Hangup,
    ]);
    let roles = format!("{O1}:ORG_MEMBER,{O2}:ORG_OWNER");
    let p = format!("{P1}:GROUP_OWNER");
    invite(&["--orgRole", &roles, "--projectRole", &p, "--apiVersion", "2025-02-19"])
        .against(&mock)
        .run()
        .code_is(3)
        .stderr_has(&format!(
            "the invitation may or may not have been created: check the organization's users in Atlas before retrying; memberships created: organization {O1} (id 6a7940722c88faeba59bf001); uncertain: organization {O2} (see above); not created: project {P1} (not attempted)\n"
        ));
    assert_eq!(
        mock.authorized_calls().len(),
        2,
        "the cut call is not resent"
    );
}

/// Atlas's 409 for `USER` on either endpoint.
fn conflict() -> Answer {
    Answer::api_error(
        409,
        "USER_ALREADY_EXISTS",
        &format!("A pending or active user with username {USER} already exists."),
        "Conflict",
    )
}

/// A listOrgUsers (`org`) or listGroupUsers answer that lists other users only, as Atlas
/// would if it ignored the `username` filter.
fn strangers(org: bool) -> Answer {
    let roles = if org {
        r#"{"orgRoles":["ORG_MEMBER"]},"teamIds":[]"#
    } else {
        r#"["GROUP_READ_ONLY"]"#
    };
    let results: Vec<String> = ["stranger@example.com", "user@example.co", "other@example.com"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            format!(r#"{{"id":"5e000000000000000000000{i}","orgMembershipStatus":"ACTIVE","roles":{roles},"username":"{name}"}}"#)
        })
        .collect();
    Answer::json(
        200,
        &format!(
            r#"{{"links":[],"results":[{}],"totalCount":3}}"#,
            results.join(",")
        ),
    )
}

#[test]
fn a_lookup_that_lists_only_other_users_confirms_nothing() {
    // Were Atlas to ignore the `username` filter, --ifNotExists must not call a stranger
    // "already exists": the 409 stands, for a single invite and in a file run, on both
    // endpoints.
    for (flag, role, org) in [
        ("--orgRole", format!("{O1}:ORG_MEMBER"), true),
        ("--projectRole", format!("{P1}:GROUP_READ_ONLY"), false),
    ] {
        let path = if org { org_path(O1) } else { group_path(P1) };
        let lookup = format!("{path}?username=user%40example.com");
        let mock = Mock::start();
        mock.script([conflict(), strangers(org)]);
        invite(&[flag, &role, "--apiVersion", "2025-02-19", "--ifNotExists"])
            .against(&mock)
            .run()
            .code_is(1)
            .stdout_is("")
            .stderr_has(&format!(
                "{path} POST: HTTP 409 Conflict (Error code: \"USER_ALREADY_EXISTS\")"
            ));
        let calls: Vec<String> = mock
            .authorized_calls()
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            calls,
            [path.clone(), lookup.clone()],
            "the call, its lookup, nothing more"
        );

        let column = flag.trim_start_matches("--");
        let (_dir, file) = crate::support::temp_file(
            "members",
            "team.csv",
            format!("username,email,firstName,lastName,country,{column}\n{USER},{USER},A,B,US,{role}\nnew@example.com,new@example.com,C,D,US,{role}\n"),
        );
        let mock = Mock::start();
        // The file run reads the place first (nobody there yet): someone invites the
        // user before the create, whose 409 is looked up.
        mock.script([Answer::Usual, conflict(), strangers(org), Answer::Usual]);
        let run = atlas(&["users", "invite", "--file", &file])
            .args(&["--apiVersion", "2025-02-19", "--ifNotExists"])
            .against(&mock)
            .run();
        run.code_is(1)
            .stdout_has("line 2: failed user@example.com")
            .stdout_has("line 3: invited new@example.com")
            .stderr_has("2 records: 1 invited, 0 already existed, 1 failed (line 2)");
        let calls: Vec<String> = mock
            .authorized_calls()
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        let read = format!("{path}?itemsPerPage=500&pageNum=1&orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED");
        assert_eq!(
            calls,
            [read, path.clone(), lookup, path],
            "the read, each record once, one lookup"
        );
    }
}

fn file(name: &str, text: &str) -> (crate::support::TempDir, String) {
    crate::support::temp_file("members", name, text)
}

#[test]
fn a_file_for_the_2025_endpoints_needs_only_usernames_and_roles_and_notes_nothing() {
    let text = format!(
        "username,orgRole\na@example.com,{O1}:ORG_MEMBER\nb@example.com,{O1}:ORG_MEMBER\nc@example.com,{O1}:ORG_MEMBER\n"
    );
    let (_dir, path) = file("users.csv", &text);
    let run_with = |extra: &[&str], mock: &Mock| {
        atlas(&["users", "invite", "--file", &path])
            .args(extra)
            .against(mock)
            .run()
    };
    let mock = Mock::start();
    run_with(&["--apiVersion", "2025-02-19"], &mock)
        .code_is(0)
        .stderr_is("3 records: 3 invited, 0 already existed, 0 failed\n");
    // One challenge, then one createOrgUser a record.
    assert_eq!(mock.requests().len(), 4);
    let calls = mock.authorized_calls();
    assert_eq!(calls.len(), 3);
    assert!(
        calls.iter().all(|(path, _)| *path == org_path(O1)),
        "{calls:?}"
    );
    // --ensureMemberships takes the same endpoints over auto: the same needs, no Note.
    let mock = Mock::start();
    run_with(&["--ensureMemberships"], &mock)
        .code_is(0)
        .stderr_is("--ensureMemberships: inviting through the 2025-02-19 org and project user endpoints, whose additive calls bring an existing user's memberships up to date\n3 records: 3 invited, 0 already existed, 0 failed\n");
    // The challenge, the organization's read, one createOrgUser a record.
    assert_eq!(mock.requests().len(), 5);
    // Details the file gives are checked (a bad country is a problem) and not noted.
    let (_d2, full) = file(
        "full.csv",
        &format!("username,firstName,lastName,country,orgRole\na@example.com,A,B,US,{O1}:ORG_MEMBER\nb@example.com,B,C,UK,{O1}:ORG_MEMBER\n"),
    );
    let mock = Mock::start();
    let full_run = |extra: &[&str]| {
        atlas(&[
            "users",
            "invite",
            "--file",
            &full,
            "--apiVersion",
            "2025-02-19",
        ])
        .args(extra)
        .against(&mock)
        .run()
    };
    full_run(&[]).code_is(2).stderr_is(&format!(
        "Error: {full}: line 3, column 4 (country): \"UK\" is not an ISO 3166-1 alpha-2 code (did you mean GB?)\n"
    ));
    assert_eq!(mock.connections(), 0);
    let (_d3, good) = file(
        "good.csv",
        &format!("username,firstName,lastName,country,password,orgRole\na@example.com,A,B,US,{PASSWORD},{O1}:ORG_MEMBER\n"),
    );
    atlas(&[
        "users",
        "invite",
        "--file",
        &good,
        "--apiVersion",
        "2025-02-19",
    ])
    .against(&mock)
    .run()
    .code_is(0)
    .stderr_is("1 records: 1 invited, 0 already existed, 0 failed\n");
    // Under auto createUser may be called: the names are required, grouped in one line.
    let mock = Mock::start();
    run_with(&["--password", PASSWORD], &mock)
        .code_is(2)
        .stderr_is(&format!(
            "Error: {path}: lines 2-4: no \"country\", \"firstName\", \"lastName\" (add the column, or give the flag for every record)\n\
             Error: 3 problems in 3 records; nothing was sent\n"
        ));
    assert_eq!(mock.connections(), 0);
}

#[test]
fn a_single_invite_for_the_2025_endpoints_keeps_the_official_required_flags_and_the_note() {
    let mock = Mock::start();
    let org_role = format!("{O1}:ORG_MEMBER");
    atlas(&[
        "users",
        "invite",
        "--username",
        USER,
        "--orgRole",
        &org_role,
        "--apiVersion",
        "2025-02-19",
    ])
    .against(&mock)
    .run()
    .code_is(2)
    .stderr_is(
        "Error: required flag(s) \"country\", \"email\", \"firstName\", \"lastName\" not set\n",
    );
    assert_eq!(mock.connections(), 0);
    invite(&["--orgRole", &org_role, "--apiVersion", "2025-02-19"])
        .against(&mock)
        .run()
        .code_is(0)
        .stderr_is(NOT_SENT);
}
