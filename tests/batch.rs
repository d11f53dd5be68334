//! `--file`, `--ifNotExists` and `--dryRun` end to end: hundreds of invites on one
//! connection, results per line as text or JSON Lines, validation of whole files before
//! anything is sent, safe re-runs confirmed by lookups, cut connections, and dry runs that
//! touch nothing.

use std::time::Duration;

use crate::support::mock::{Answer, Mock};
use crate::support::{atlas, users_csv, Cmd, TempDir, EXAMPLE, ORG, PASSWORD};

/// A file `name` holding `text` in a fresh directory (kept alive by the returned guard).
fn file(name: &str, text: &str) -> (TempDir, String) {
    crate::support::temp_file("batch", name, text)
}

fn invite_file(path: &str) -> Cmd {
    atlas(&["users", "invite", "--file", path, "--password", PASSWORD])
}

#[test]
fn five_hundred_csv_records_on_one_connection() {
    let mock = Mock::start();
    let (_dir, path) = file("users.csv", &users_csv(500));
    let run = invite_file(&path)
        .against(&mock)
        .run_within(Duration::from_secs(120));
    run.code_is(0)
        .stderr_is("500 records: 500 invited, 0 already existed, 0 failed\n")
        .leaks_none(&[PASSWORD, &mock.opts.private]);
    let out = run.stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 500);
    assert_eq!(
        lines[0],
        "line 2: invited user1@example.com (id 66b6d8e2a1b2c3d4e5f60001)"
    );
    assert_eq!(
        lines[499],
        "line 501: invited user500@example.com (id 66b6d8e2a1b2c3d4e5f601f4)"
    );
    assert!(
        mock.requests().len() <= 502,
        "{} requests",
        mock.requests().len()
    );
    assert_eq!(mock.connections(), 1);
    assert!(mock.requests().iter().all(|r| r.conn == 1));
    let first = &mock.requests()[1];
    assert!(first.body.starts_with(r#"{"country":"US","emailAddress":"user1@example.com","firstName":"First1","lastName":"Last1","password":""#), "{}", first.body);
}

#[test]
fn the_same_file_as_json_lines_in_and_out() {
    let mock = Mock::start();
    let mut text = String::new();
    for i in 1..=500 {
        text.push_str(&format!(
            "{{\"Username\":\"u{i}@example.com\",\"firstName\":\"F\",\"lastName\":\"L\",\"country\":\"gb\",\"orgRole\":[\"{ORG}:ORG_MEMBER\"],\"password\":\"{PASSWORD}-{i}\"}}\n"
        ));
    }
    let (_dir, path) = file("users.jsonl", &text);
    let run = atlas(&["users", "invite", "--file", &path, "-o", "json"])
        .against(&mock)
        .run();
    run.code_is(0).leaks_none(&[PASSWORD]);
    let out = run.stdout();
    assert_eq!(
        out.lines().next().unwrap(),
        r#"{"line":1,"username":"u1@example.com","result":"invited","id":"66b6d8e2a1b2c3d4e5f60001","error":null}"#
    );
    assert_eq!(out.lines().count(), 500);
    assert!(mock.requests()[1]
        .body
        .starts_with(r#"{"country":"GB","emailAddress":"u1@example.com""#));
    assert!(mock.requests().len() <= 502);
    assert_eq!(mock.connections(), 1);
}

#[test]
fn a_file_with_bad_records_names_every_problem_and_sends_nothing() {
    let mock = Mock::start();
    let text = "username,firstName,lastName,country,orgRole,shoeSize\n\
                a@example.com,A,B,US,x:ORG_MEMBER,42\n";
    let (_dir, path) = file("bad.csv", text);
    invite_file(&path)
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is(&format!("Error: {path}: line 1, column 6: unknown column \"shoeSize\" (the columns are the flag names: username, email, firstName, lastName, country, mobile, password, orgRole, projectRole, teamId)\n\
            Error: {path}: line 2, column 5 (orgRole) \"x:ORG_MEMBER\": \"x\" is not a 24-digit lowercase hexadecimal ID\n\
            Error: 2 problems in 2 records; nothing was sent\n"));
    let text = format!(
        "username,firstName,lastName,country,orgRole\n\
         a@example.com,A,B,UK,{ORG}:ORG_MEMBER\n\
         b@example.com,,B,US,{ORG}:ORG_MEMBER\n\
         not-an-email,A,B,US,{ORG}:ORG_NOPE\n\
         a@example.com,A,B,US,{ORG}:ORG_MEMBER\n\
         \"c@example.com\",\"A\",\"B\",\"US\",\"{ORG}:ORG_MEMBER,\"\n"
    );
    let (_dir2, path) = file("bad.csv", &text);
    let run = atlas(&["users", "invite", "--file", &path])
        .against(&mock)
        .run();
    run.code_is(2);
    let want = [
        format!("Error: {path}: line 2, column 4 (country): \"UK\" is not an ISO 3166-1 alpha-2 code (did you mean GB?)"),
        // Every record lacks a password: one line names them all.
        format!("Error: {path}: lines 2-6: no password: add a password column or give --password (the 2023-01-01 endpoint needs one; --apiVersion 2025-02-19 does not)"),
        format!("Error: {path}: line 3: no \"firstName\" (add the column, or give the flag for every record)"),
        format!("Error: {path}: line 4, column 1 (username): \"not-an-email\" is not an email address (no @; want name@example.com)"),
        format!("Error: {path}: line 4: flag --email: \"not-an-email\" is not an email address (no @; want name@example.com)"),
        format!("Error: {path}: line 4, column 5 (orgRole) \"{ORG}:ORG_NOPE\": unknown role ORG_NOPE (valid: ORG_OWNER, ORG_MEMBER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN, ORG_BILLING_READ_ONLY, ORG_READ_ONLY, ORG_STREAM_PROCESSING_ADMIN)"),
        format!("Error: {path}: line 5: username a@example.com is also on line 2"),
        format!("Error: {path}: line 6, column 5 (orgRole) \"{ORG}:ORG_MEMBER,\": a role is empty (two commas in a row, or one at either end; want ID:ROLE,ID:ROLE)"),
        "Error: 12 problems in 5 records; nothing was sent\n".to_string(),
    ];
    let err = run.stderr();
    for line in &want {
        assert!(err.contains(line.as_str()), "missing {line}\n---\n{err}");
    }
    assert_eq!(mock.connections(), 0, "nothing may be sent");
}

#[test]
fn a_rerun_with_if_not_exists_confirms_every_user_by_lookup() {
    let mock = Mock::start();
    mock.unique_usernames();
    let (_dir, path) = file("users.csv", &users_csv(5));
    invite_file(&path).against(&mock).run().code_is(0);
    let before = mock.requests().len();
    // 2023-01-01 reads nothing first (auto and 2025-02-19 read the organization: see the
    // desired-state suite), so each 409 is looked up.
    let run = invite_file(&path)
        .args(&["--ifNotExists", "--apiVersion", "2023-01-01"])
        .against(&mock)
        .run();
    run.code_is(0)
        .stderr_is("5 records: 0 invited, 5 already existed, 0 failed\n");
    assert!(
        run.stdout().starts_with(
            "line 2: already exists user1@example.com (id 66b6d8e2a1b2c3d4e5f60001)\n"
        ),
        "{}",
        run.stdout()
    );
    let again = &mock.requests()[before..];
    let lookups = again.iter().filter(|r| r.method == "GET").count();
    assert_eq!(lookups, 5, "each 409 confirmed by getUserByName");
    assert!(again
        .iter()
        .any(|r| r.target == "/api/atlas/v2/users/byName/user3@example.com"));
    // Without --ifNotExists the same re-run fails every record: exit 1.
    invite_file(&path)
        .against(&mock)
        .run()
        .code_is(1)
        .stderr_has("5 records: 0 invited, 0 already existed, 5 failed (lines 2, 3, 4, 5, 6)\n");
}

#[test]
fn a_mix_of_invited_existing_and_failed_records() {
    let mock = Mock::start();
    mock.exists(&["user2@example.com"]);
    mock.refuse(&["user4@example.com"]);
    let (_dir, path) = file("users.csv", &users_csv(5));
    let run = invite_file(&path)
        .args(&["--ifNotExists", "-o", "json"])
        .against(&mock)
        .run();
    run.code_is(1);
    let lines: Vec<String> = run.stdout().lines().map(str::to_string).collect();
    assert_eq!(
        lines[1],
        r#"{"line":3,"username":"user2@example.com","result":"already exists","id":"5e0000000000000000000001","error":null}"#
    );
    assert!(lines[3].starts_with(r#"{"line":5,"username":"user4@example.com","result":"failed","id":null,"error":"https://localhost:"#), "{}", lines[3]);
    assert!(
        lines[3].contains(r#"HTTP 400 Bad Request (Error code: \"INVALID_EMAIL_ADDRESS\")"#),
        "{}",
        lines[3]
    );
    assert_eq!(
        run.stderr(),
        "5 records: 3 invited, 1 already existed, 1 failed (line 5)\nError: 1 of 5 records failed; their lines above say why\n"
    );
}

#[test]
fn a_cut_connection_makes_that_record_unknown_and_the_rest_go_on() {
    let mock = Mock::start();
    mock.script([Answer::Usual, Answer::Usual, Answer::Hangup]);
    let (_dir, path) = file("users.csv", &users_csv(5));
    let run = invite_file(&path).against(&mock).run();
    run.code_is(3);
    let out = run.stdout();
    assert!(
        out.contains("line 4: unknown user3@example.com: POST https://localhost:"),
        "{out}"
    );
    assert!(
        out.contains("the invitation may or may not have been created"),
        "{out}"
    );
    assert!(out.contains("line 6: invited user5@example.com"), "{out}");
    assert!(
        run.stderr()
            .starts_with("5 records: 4 invited, 0 already existed, 0 failed, 1 unknown (line 4)\n"),
        "{}",
        run.stderr()
    );
    // The cut record is never resent: five authorized requests in all.
    assert_eq!(mock.requests().iter().filter(|r| r.authorized).count(), 5);
    assert_eq!(mock.connections(), 2, "one reconnection");
}

#[test]
fn an_unknown_record_makes_the_exit_3_even_when_another_failed() {
    let mock = Mock::start();
    mock.script([Answer::Usual, Answer::Usual, Answer::Hangup]);
    mock.refuse(&["user5@example.com"]);
    let (_dir, path) = file("users.csv", &users_csv(5));
    let run = invite_file(&path).against(&mock).run();
    run.code_is(3).stderr_is(
        "5 records: 3 invited, 0 already existed, 1 failed (line 6), 1 unknown (line 4)\nError: 1 of 5 records are unknown or not attempted: check them in Atlas, then run the file again with --ifNotExists\n",
    );
}

#[test]
fn when_atlas_cannot_be_reached_the_rest_are_not_attempted() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (_dir, path) = file("users.csv", &users_csv(3));
    let run = invite_file(&path)
        .env(
            "MONGODB_ATLAS_BASE_URL",
            format!("http://127.0.0.1:{port}/"),
        )
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "abcdefgh")
        .env(
            "MONGODB_ATLAS_PRIVATE_API_KEY",
            "12345678-90ab-cdef-1234-567890abcdef",
        )
        .run();
    run.code_is(3);
    let out = run.stdout();
    assert!(
        out.starts_with("line 2: not attempted user1@example.com: POST http://127.0.0.1:"),
        "{out}"
    );
    assert!(
        out.ends_with(
            "line 3: not attempted user2@example.com\nline 4: not attempted user3@example.com\n"
        ),
        "{out}"
    );
    assert!(run.stderr().contains(
        "3 records: 0 invited, 0 already existed, 0 failed, 3 not attempted (lines 2, 3, 4)\n"
    ));
}

#[test]
fn a_dry_run_prints_every_request_and_connects_nowhere() {
    let mock = Mock::start();
    let (_dir, path) = file("users.csv", &users_csv(2));
    let run = invite_file(&path).args(&["--dryRun"]).against(&mock).run();
    run.code_is(0)
        .stderr_is("")
        .leaks_none(&[PASSWORD, &mock.opts.private]);
    let out = run.stdout();
    assert!(out.contains(&format!(
        "# line 3: user2@example.com\nPOST {}api/atlas/v2/users\nAccept: application/vnd.atlas.2023-01-01+json\nContent-Type: application/vnd.atlas.2023-01-01+json\nAuthorization: Digest username=\"abcdefgh\", ...",
        mock.url()
    )), "{out}");
    assert!(out.contains(r#""password":"[redacted]""#), "{out}");
    // A single invite without --password: no prompt, no stdin read, nothing sent.
    let o = format!("{ORG}:ORG_OWNER");
    let run = atlas(&[
        "users",
        "invite",
        "--email",
        "a@example.com",
        "--username",
        "a@example.com",
        "--firstName",
        "A",
        "--lastName",
        "B",
        "--country",
        "US",
        "--orgRole",
        &o,
        "--dryRun",
        "--apiVersion",
        "2025-02-19",
    ])
    .against(&mock)
    .run();
    run.code_is(0);
    assert!(
        run.stdout().contains(&format!(
            "POST {}api/atlas/v2/orgs/{ORG}/users\nAccept: application/vnd.atlas.2025-02-19+json",
            mock.url()
        )),
        "{}",
        run.stdout()
    );
    assert!(run
        .stdout()
        .contains(r#"{"username":"a@example.com","roles":{"orgRoles":["ORG_OWNER"]}}"#));
    assert_eq!(mock.connections(), 0);
    // A base URL that does not resolve is no problem: no DNS either.
    invite_file(&path)
        .args(&["--dryRun"])
        .against(&mock)
        .env("MONGODB_ATLAS_BASE_URL", "https://atlas.invalid/")
        .run_within(Duration::from_secs(5))
        .code_is(0);
}

#[test]
fn csv_quoting_reaches_the_request_intact() {
    let mock = Mock::start();
    let text = format!(
        "\u{feff}USERNAME,firstname,LastName,country,orgRole\r\n\
         q@example.com,\"Ann, Jr.\",\"O\"\"Brien\",US,\"{ORG}:ORG_MEMBER,{ORG}:ORG_READ_ONLY\"\r\n"
    );
    let (_dir, path) = file("q.csv", &text);
    invite_file(&path).against(&mock).run().code_is(0);
    let body = &mock.requests()[1].body;
    assert!(
        body.contains(r#""firstName":"Ann, Jr.","lastName":"O\"Brien""#),
        "{body}"
    );
    assert!(
        body.contains(r#"{"orgId":"5dd56c847a3e5a1f363d424d","roleName":"ORG_READ_ONLY"}"#),
        "{body}"
    );
}

#[test]
fn if_not_exists_for_a_single_invite() {
    let mock = Mock::start();
    mock.exists(&["user@example.com"]);
    let mut args = EXAMPLE.to_vec();
    args.extend(["--password", PASSWORD, "--ifNotExists"]);
    atlas(&args)
        .against(&mock)
        .run()
        .code_is(0)
        .stdout_is("The user 'user@example.com' already exists.\n");
    let run = atlas(&args).args(&["-o", "json"]).against(&mock).run();
    run.code_is(0);
    assert!(
        run.stdout()
            .contains("\"id\": \"5e0000000000000000000001\""),
        "{}",
        run.stdout()
    );
    // 2025-02-19: the 409 is confirmed with listOrgUsers.
    let run = atlas(&args)
        .args(&["--apiVersion", "2025-02-19"])
        .against(&mock)
        .run();
    run.code_is(0)
        .stdout_is("The user 'user@example.com' already exists.\n");
    let last = mock.requests().pop().unwrap();
    assert_eq!(last.method, "GET");
    assert_eq!(
        last.target,
        "/api/atlas/v2/orgs/5dd56c847a3e5a1f363d424d/users?username=user%40example.com"
    );
    // Without a confirmed match, the original error stands.
    let mock = Mock::start();
    mock.refuse(&["user@example.com"]);
    atlas(&args)
        .against(&mock)
        .run()
        .code_is(1)
        .stderr_has("HTTP 400 Bad Request (Error code: \"INVALID_EMAIL_ADDRESS\")");
    // A lookup that answers with somebody else confirms nothing.
    let mock = Mock::start();
    mock.refuse(&["user@example.com"]);
    mock.script([
        Answer::Usual,
        Answer::json(
            200,
            r#"{"id":"5e0000000000000000000009","username":"other@example.com"}"#,
        ),
    ]);
    atlas(&args)
        .against(&mock)
        .run()
        .code_is(1)
        .stderr_has("HTTP 400 Bad Request (Error code: \"INVALID_EMAIL_ADDRESS\")");
    assert_eq!(
        mock.requests().last().unwrap().method,
        "GET",
        "the lookup was made"
    );
}

#[test]
fn if_not_exists_matches_usernames_in_unicode_lower_case_as_atlas_does() {
    // Atlas holds ünal@example.com and compares usernames in Unicode lower case, so its
    // refusal of ÜNAL@example.com means this user exists: every lookup must agree.
    let name = "ÜNAL@example.com";
    let role = format!("{ORG}:ORG_MEMBER");
    let args = [
        "users",
        "invite",
        "--username",
        name,
        "--email",
        name,
        "--firstName",
        "Ünal",
        "--lastName",
        "User",
        "--country",
        "TR",
        "--orgRole",
        &role,
        "--password",
        PASSWORD,
        "--ifNotExists",
    ];
    let conflict = || {
        Answer::api_error(
            409,
            "USER_ALREADY_EXISTS",
            "A pending or active user with username ünal@example.com already exists.",
            "Conflict",
        )
    };
    let by_name = Answer::json(
        200,
        r#"{"country":"TR","emailAddress":"ünal@example.com","firstName":"Ünal","id":"5e0000000000000000000004","lastName":"User","links":[],"roles":[],"teamIds":[],"username":"ünal@example.com"}"#,
    );
    let listed = Answer::json(
        200,
        r#"{"links":[],"results":[{"id":"5e0000000000000000000003","orgMembershipStatus":"PENDING","roles":{"orgRoles":["ORG_MEMBER"]},"teamIds":[],"username":"ünal@example.com"}],"totalCount":1}"#,
    );
    for (version, lookup, target) in [
        (
            "2023-01-01",
            by_name,
            "/api/atlas/v2/users/byName/%C3%9CNAL@example.com".to_string(),
        ),
        (
            "2025-02-19",
            listed,
            format!("/api/atlas/v2/orgs/{ORG}/users?username=%C3%9CNAL%40example.com"),
        ),
    ] {
        let mock = Mock::start();
        mock.script([conflict(), lookup]);
        atlas(&args)
            .args(&["--apiVersion", version])
            .against(&mock)
            .run()
            .code_is(0)
            .stdout_is(&format!("The user '{name}' already exists.\n"));
        let last = mock.requests().pop().unwrap();
        assert_eq!(
            (last.method.as_str(), last.target),
            ("GET", target),
            "{version}"
        );
    }
}

#[test]
fn other_formats_are_refused_with_a_file() {
    let mock = Mock::start();
    let (_dir, path) = file("users.csv", &users_csv(1));
    invite_file(&path)
        .args(&["-o", "go-template={{.Id}}"])
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_has("with --file, results print as text lines or, with -o json, as JSON Lines");
    assert_eq!(mock.connections(), 0);
}

#[test]
fn a_stale_nonce_mid_file_is_answered_afresh_and_the_run_goes_on() {
    let mock = Mock::start();
    mock.script([Answer::Usual, Answer::Stale]);
    let (_dir, path) = file("users.csv", &users_csv(4));
    invite_file(&path)
        .against(&mock)
        .run()
        .code_is(0)
        .stderr_is("4 records: 4 invited, 0 already existed, 0 failed\n");
    // Challenge, 4 invites, and one more answer for the record that met the stale nonce.
    assert_eq!(mock.requests().len(), 6);
    assert_eq!(mock.connections(), 1);
}

#[test]
fn a_problem_of_many_records_is_one_line_naming_their_lines_then_a_count() {
    let mock = Mock::start();
    let (_dir, path) = file("users.csv", &users_csv(40));
    atlas(&["users", "invite", "--file", &path])
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is(&format!(
            "Error: {path}: lines 2-41: no password: add a password column or give --password (the 2023-01-01 endpoint needs one; --apiVersion 2025-02-19 does not)\n\
             Error: 40 problems in 40 records; nothing was sent\n"
        ));
    invite_file(&path)
        .args(&["--password", "x"])
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is(&format!(
            "Error: {path}: lines 2-41: flag --password: the password must have at least 8 characters (it has 1) (the record's other values are not shown: a column out of place may hold the password)\n\
             Error: 40 problems in 40 records; nothing was sent\n"
        ));
    // Ranges in file order, each group where its first problem was; one alone says `line`.
    let mut text = String::from("username,firstName,lastName,country,orgRole\n");
    for line in 2..=13 {
        let user = match line {
            5 => "user5-example.com".to_string(),
            _ => format!("user{line}@example.com"),
        };
        let country = if [3, 6, 7, 8, 9].contains(&line) {
            "UK"
        } else {
            "US"
        };
        text.push_str(&format!("{user},A,B,{country},{ORG}:ORG_MEMBER\n"));
    }
    let (_d2, path) = file("mixed.csv", &text);
    let uk = "column 4 (country): \"UK\" is not an ISO 3166-1 alpha-2 code (did you mean GB?)";
    invite_file(&path)
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is(&format!(
            "Error: {path}: lines 3, 6-9, {uk}\n\
             Error: {path}: line 5, column 1 (username): \"user5-example.com\" is not an email address (no @; want name@example.com)\n\
             Error: {path}: line 5: flag --email: \"user5-example.com\" is not an email address (no @; want name@example.com)\n\
             Error: 7 problems in 6 records; nothing was sent\n"
        ));
    assert_eq!(mock.connections(), 0, "nothing may be sent");
}

#[test]
fn a_wrong_field_count_or_a_bad_line_hides_no_other_record_s_problems() {
    let mock = Mock::start();
    let text = format!(
        "username,firstName,lastName,country,orgRole\n\
         a@example.com,A,B,US,{ORG}:ORG_MEMBER\n\
         b@example.com,B,US,{ORG}:ORG_MEMBER\n\
         c@example.com,C,D,UK,{ORG}:ORG_MEMBER\n\
         d@example.com,\"D,E,US,{ORG}:ORG_MEMBER\n"
    );
    let (_dir, path) = file("users.csv", &text);
    invite_file(&path)
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is(&format!(
            "Error: {path}: line 3: 4 fields, but the header has 5 (quote a value that holds a comma)\n\
             Error: {path}: line 4, column 4 (country): \"UK\" is not an ISO 3166-1 alpha-2 code (did you mean GB?)\n\
             Error: {path}: line 5: a quoted field is never closed\n\
             Error: 3 problems in 3 records; nothing was sent\n"
        ));
    let text = format!(
        "{{\"username\":\"a@example.com\",\"orgRole\":\"{ORG}:ORG_MEMBER\"\n\
         {{\"username\":\"b@example.com\",\"country\":\"UK\",\"orgRole\":\"{ORG}:ORG_MEMBER\"}}\n\
         {{\"username\":\"c@example.com\",\"shoeSize\":\"42\"}}\n"
    );
    let (_d2, path) = file("users.jsonl", &text);
    let run = invite_file(&path)
        .args(&["--firstName", "A", "--lastName", "B", "--country", "US"])
        .against(&mock)
        .run();
    run.code_is(2);
    let err = run.stderr();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines[0].starts_with(&format!("Error: {path}: line 1: ")),
        "{err}"
    );
    assert_eq!(
        lines[1],
        format!("Error: {path}: line 2, key \"country\": \"UK\" is not an ISO 3166-1 alpha-2 code (did you mean GB?)")
    );
    assert!(
        lines[2].starts_with(&format!(
            "Error: {path}: line 3, key \"shoeSize\": unknown column"
        )),
        "{err}"
    );
    assert_eq!(lines[3], "Error: 3 problems in 3 records; nothing was sent");
    // A header that cannot be read still ends the reading: no later row is judged.
    let (_d3, path) = file("header.csv", "username,\"firstName\nx,y\nnot-an-email\n");
    invite_file(&path)
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is(&format!(
            "Error: {path}: line 1: a quoted field is never closed\n"
        ));
    assert_eq!(mock.connections(), 0, "nothing may be sent");
}
