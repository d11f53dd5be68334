//! Desired state: a file run reads each organization once, plans, and sends only
//! the difference. Every test runs the binary against the mock and counts at the server
//! what was sent: reads page by page, then exactly the calls a person lacks, and the
//! `--plan` and `--dryRun` listings checked against what the real run then sends.

use std::time::Duration;

use miniserde::json::{self, Value};

use crate::support::ids::{O1, O2, P1, P2, T1};
use crate::support::mock::{Answer, Memberships, Mock, Options, Status, MEDIA_2025};
use crate::support::{atlas, memberships, strings, users_csv, Cmd, TempDir, PASSWORD, PERSON};

/// What every page of a read asks for after its page number.
const STATUSES: &str = "orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED";
const HEADER: &str = "username,firstName,lastName,country,orgRole,projectRole,teamId\n";
/// A run's hang guard, never a performance bound.
const LIMIT: Duration = Duration::from_secs(120);

/// (method, target, body) of one authorized request.
type Call = (String, String, String);

/// Member of `org` with `roles`, in no team and no project.
fn in_org(org: &str, roles: &[&str]) -> Memberships {
    memberships(&[(org, roles, &[])], &[])
}

/// Member of `project` with `roles`, in no organization.
fn in_project(project: &str, roles: &[&str]) -> Memberships {
    memberships(&[], &[(project, roles)])
}

/// One CSV record: the names every version accepts, then the role and team cells.
fn row(user: &str, org_roles: &str, project_roles: &str, teams: &str) -> String {
    format!("{user},First,Last,US,\"{org_roles}\",\"{project_roles}\",\"{teams}\"\n")
}

/// A CSV file of `rows` under the header, in a fresh directory.
fn csv(rows: &[String]) -> (TempDir, String) {
    crate::support::temp_file("desired", "users.csv", HEADER.to_string() + &rows.concat())
}

/// `users_csv(n)` in a fresh directory.
fn users_file(n: usize) -> (TempDir, String) {
    crate::support::temp_file("desired", "users.csv", users_csv(n))
}

/// A file run of `path` with a password (createUser needs one) and `extra` flags.
fn run_file(path: &str, extra: &[&str]) -> Cmd {
    atlas(&["users", "invite", "--file", path, "--password", PASSWORD]).args(extra)
}

/// `user<i>@example.com` for `range`, members of O1 as `users_csv` asks (ORG_MEMBER),
/// seeded in one go.
fn seed_users(mock: &Mock, range: std::ops::RangeInclusive<usize>) {
    mock.seed_many(range.map(|i| {
        (
            format!("user{i}@example.com"),
            in_org(O1, &["ORG_MEMBER"]),
            Status::Active,
        )
    }));
}

fn org_users(org: &str) -> String {
    format!("/api/atlas/v2/orgs/{org}/users")
}

fn group_users(group: &str) -> String {
    format!("/api/atlas/v2/groups/{group}/users")
}

/// The target of page `page` of the read of `path`.
fn page(path: &str, page: usize) -> String {
    format!("{path}?itemsPerPage=500&pageNum={page}&{STATUSES}")
}

fn is_read(target: &str) -> bool {
    target.contains("?itemsPerPage=")
}

/// The authorized calls from the `from`-th on.
fn calls_from(mock: &Mock, from: usize) -> Vec<Call> {
    mock.calls().into_iter().skip(from).collect()
}

/// The targets of the reads among `calls`, in order.
fn reads(calls: &[Call]) -> Vec<String> {
    let read = calls.iter().filter(|(_, t, _)| is_read(t));
    read.map(|(_, t, _)| t.clone()).collect()
}

/// The calls that are not reads, in order.
fn sent(calls: &[Call]) -> Vec<Call> {
    let rest = calls.iter().filter(|(_, t, _)| !is_read(t));
    rest.cloned().collect()
}

/// (method, target) of `calls`.
fn lines_of(calls: &[Call]) -> Vec<(String, String)> {
    let pairs = calls.iter().map(|(m, t, _)| (m.clone(), t.clone()));
    pairs.collect()
}

fn post(target: String, body: String) -> Call {
    ("POST".into(), target, body)
}

/// createOrgUser's body for `user` with org roles and no project or team.
fn org_body(user: &str, roles: &[&str]) -> String {
    let roles: Vec<String> = roles.iter().map(|r| format!("\"{r}\"")).collect();
    format!(
        r#"{{"username":"{user}","roles":{{"orgRoles":[{}]}}}}"#,
        roles.join(",")
    )
}

/// How many requests the mock answered without authentication (Digest challenges).
fn challenges(mock: &Mock) -> usize {
    mock.requests().iter().filter(|r| !r.authorized).count()
}

#[test]
fn an_unchanged_rerun_of_1200_users_reads_three_pages_and_sends_nothing_else() {
    let (_dir, path) = users_file(1200);
    // A client trusting totalCount would stop after page 1 (-700) or read a page 4 (+600).
    for skew in [-700, 600] {
        for flag in ["--ifNotExists", "--ensureMemberships"] {
            let mock = Mock::with(Options {
                total_count_skew: skew,
                ..Options::default()
            });
            seed_users(&mock, 1..=1200);
            let run = run_file(&path, &[flag]).against(&mock).run_within(LIMIT);
            run.code_is(0)
                .stderr_has("1200 records: 0 invited, 1200 already existed, 0 failed\n");
            assert_eq!(
                run.stdout()
                    .lines()
                    .filter(|l| l.contains(": already exists "))
                    .count(),
                1200,
                "{flag}"
            );
            let path = org_users(O1);
            let want: Vec<String> = (1..=3).map(|n| page(&path, n)).collect();
            assert_eq!(reads(&mock.calls()), want, "skew {skew} {flag}");
            assert_eq!(mock.calls().len(), 3, "reads only: skew {skew} {flag}");
            assert_eq!(mock.requests().len(), 4, "and one Digest challenge");
            assert_eq!(challenges(&mock), 1);
        }
    }
}

#[test]
fn a_first_run_reads_the_organization_once_then_only_creates_and_a_plain_run_reads_nothing() {
    let mock = Mock::start();
    // 1000 others: two full pages, then an empty third one ends the read.
    mock.seed_many((1..=1000).map(|i| {
        (
            format!("other{i}@example.com"),
            in_org(O1, &["ORG_MEMBER"]),
            Status::Active,
        )
    }));
    let (_dir, path) = users_file(200);
    run_file(&path, &["--ifNotExists"])
        .against(&mock)
        .run_within(LIMIT)
        .code_is(0)
        .stderr_has("200 records: 200 invited, 0 already existed, 0 failed\n");
    let calls = mock.calls();
    let want: Vec<String> = (1..=3).map(|n| page(&org_users(O1), n)).collect();
    assert_eq!(reads(&calls[..3]), want);
    let creates = sent(&calls);
    assert_eq!(creates.len(), 200);
    assert!(creates
        .iter()
        .all(|(m, t, _)| m == "POST" && t == "/api/atlas/v2/users"));
    assert_eq!((mock.requests().len(), challenges(&mock)), (204, 1));

    // No flag: no read at all, 200 creates and one challenge.
    let plain = Mock::start();
    run_file(&path, &[])
        .against(&plain)
        .run_within(LIMIT)
        .code_is(0)
        .stderr_has("200 records: 200 invited, 0 already existed, 0 failed\n");
    assert_eq!(plain.requests().len(), 201);
    assert!(reads(&plain.calls()).is_empty());
}

/// The id an answer line shows: `(id X)`.
fn id_in(line: &str) -> &str {
    let start = line.find("(id ").expect("an id") + 4;
    &line[start..start + 24]
}

/// The line of stdout about `user`.
fn line_of<'a>(out: &'a str, user: &str) -> &'a str {
    let (text, json) = (format!(" {user}"), format!("\"{user}\""));
    let mut found = out
        .lines()
        .filter(|l| l.contains(&text) || l.contains(&json));
    found
        .next()
        .unwrap_or_else(|| panic!("no line for {user}:\n{out}"))
}

#[test]
fn new_changed_lapsed_and_complete_users_get_only_their_calls_and_the_summary_counts_each() {
    let mock = Mock::start();
    let role_id = mock.seed("role@example.com", in_org(O1, &["ORG_MEMBER"]), false);
    let mut people: Vec<(String, Memberships, Status)> = (1..=494)
        .map(|i| {
            (
                format!("same{i}@example.com"),
                in_org(O1, &["ORG_MEMBER"]),
                Status::Active,
            )
        })
        .collect();
    people.push((
        "proj@example.com".into(),
        in_org(O1, &["ORG_MEMBER"]),
        Status::Pending,
    ));
    let lapsed = (
        "lapsed@example.com".into(),
        in_org(O1, &["ORG_MEMBER"]),
        Status::InvitationExpired,
    );
    people.push(lapsed);
    let ids = mock.seed_many(people);
    let member = format!("{O1}:ORG_MEMBER");
    let same = |r: std::ops::RangeInclusive<usize>| -> Vec<String> {
        r.map(|i| row(&format!("same{i}@example.com"), &member, "", ""))
            .collect()
    };
    let mut rows = vec![
        row("new1@example.com", &member, "", ""),
        row(
            "role@example.com",
            &format!("{member},{O1}:ORG_BILLING_ADMIN"),
            "",
            "",
        ),
    ];
    rows.extend(same(1..=247));
    rows.push(row("lapsed@example.com", &member, "", ""));
    rows.push(row("new2@example.com", &member, "", ""));
    rows.extend(same(248..=494));
    rows.push(row(
        "proj@example.com",
        &member,
        &format!("{P1}:GROUP_READ_ONLY"),
        "",
    ));
    rows.push(row("new3@example.com", &member, "", ""));
    let (_dir, path) = csv(&rows);
    let run = run_file(&path, &["--ensureMemberships"])
        .against(&mock)
        .run_within(LIMIT);
    run.code_is(0).stderr_has(
        "500 records: 3 invited, 1 re-invited, 2 updated, 494 already existed, 0 failed\n",
    );
    let calls = mock.calls();
    assert_eq!(
        reads(&calls),
        [page(&org_users(O1), 1)],
        "497 members: one page"
    );
    assert_eq!(
        sent(&calls),
        [
            post(org_users(O1), org_body("new1@example.com", &["ORG_MEMBER"])),
            post(
                format!("{}/{role_id}:addRole", org_users(O1)),
                r#"{"orgRole":"ORG_BILLING_ADMIN"}"#.into()
            ),
            post(
                org_users(O1),
                org_body("lapsed@example.com", &["ORG_MEMBER"])
            ),
            post(org_users(O1), org_body("new2@example.com", &["ORG_MEMBER"])),
            post(
                group_users(P1),
                r#"{"username":"proj@example.com","roles":["GROUP_READ_ONLY"]}"#.into()
            ),
            post(org_users(O1), org_body("new3@example.com", &["ORG_MEMBER"])),
        ]
    );
    assert_eq!(mock.requests().len(), 8, "a challenge, a read, six calls");
    let out = run.stdout();
    assert_eq!(out.lines().count(), 500);
    assert_eq!(
        line_of(&out, "role@example.com"),
        format!("line 3: updated role@example.com (id {role_id}): added ORG_BILLING_ADMIN in {O1}")
    );
    assert_eq!(
        line_of(&out, "proj@example.com"),
        format!(
            "line 500: updated proj@example.com (id {}): added GROUP_READ_ONLY in {P1}",
            ids[494]
        )
    );
    assert_eq!(
        line_of(&out, "same1@example.com"),
        format!("line 4: already exists same1@example.com (id {})", ids[0])
    );
    assert!(
        line_of(&out, "new1@example.com").starts_with("line 2: invited new1@example.com (id 6a79")
    );
    let again = line_of(&out, "lapsed@example.com");
    assert!(
        again.starts_with("line 251: re-invited lapsed@example.com (id 6a79"),
        "{again}"
    );
    assert_eq!(
        mock.person("lapsed@example.com", O1).unwrap(),
        (id_in(again).to_string(), Status::Pending)
    );

    // Right after, Atlas holds it all: 500 members now, so two pages and nothing else.
    let before = mock.calls().len();
    run_file(&path, &["--ensureMemberships"])
        .against(&mock)
        .run_within(LIMIT)
        .code_is(0)
        .stderr_has("500 records: 0 invited, 500 already existed, 0 failed\n");
    let rerun = calls_from(&mock, before);
    assert_eq!(
        reads(&rerun),
        [page(&org_users(O1), 1), page(&org_users(O1), 2)]
    );
    assert_eq!(rerun.len(), 2, "{rerun:#?}");
    assert_eq!(mock.requests().len(), 8 + 3, "and one challenge");
}

#[test]
fn lapsed_invitations_are_sent_again_and_reported_reinvited() {
    for (version, flag, json_out) in [
        ("2025-02-19", "--ifNotExists", false),
        ("2025-02-19", "--ensureMemberships", true),
        ("auto", "--ifNotExists", true),
        ("auto", "--ensureMemberships", false),
    ] {
        let mock = Mock::start();
        mock.seed_status(
            "expired@example.com",
            in_org(O1, &["ORG_MEMBER"]),
            Status::InvitationExpired,
        );
        let member = mock.seed("member@example.com", in_org(O1, &["ORG_MEMBER"]), false);
        mock.seed_status(
            "rejected@example.com",
            in_project(P1, &["GROUP_READ_ONLY"]),
            Status::InvitationRejected,
        );
        let org = format!("{O1}:ORG_MEMBER");
        let (_dir, path) = csv(&[
            row("expired@example.com", &org, "", ""),
            row("member@example.com", &org, "", ""),
            row(
                "rejected@example.com",
                "",
                &format!("{P1}:GROUP_READ_ONLY"),
                "",
            ),
            row("fresh@example.com", &org, "", ""),
        ]);
        let mut args = vec!["--apiVersion", version, flag];
        if json_out {
            args.extend(["-o", "json"]);
        }
        let run = run_file(&path, &args).against(&mock).run_within(LIMIT);
        let case = format!("{version} {flag}");
        run.code_is(0)
            .stderr_has("4 records: 1 invited, 2 re-invited, 1 already existed, 0 failed\n");
        let calls = mock.calls();
        assert_eq!(
            reads(&calls),
            [page(&org_users(O1), 1), page(&group_users(P1), 1)],
            "{case}"
        );
        // Only auto with --ifNotExists keeps createUser for the person nobody invited.
        let fresh = if version == "auto" && flag == "--ifNotExists" {
            let body = format!(
                r#"{{"country":"US","emailAddress":"fresh@example.com","firstName":"First","lastName":"Last","password":"{PASSWORD}","roles":[{{"orgId":"{O1}","roleName":"ORG_MEMBER"}}],"username":"fresh@example.com"}}"#
            );
            post("/api/atlas/v2/users".into(), body)
        } else {
            post(
                org_users(O1),
                org_body("fresh@example.com", &["ORG_MEMBER"]),
            )
        };
        let want = [
            post(
                org_users(O1),
                org_body("expired@example.com", &["ORG_MEMBER"]),
            ),
            post(
                group_users(P1),
                r#"{"username":"rejected@example.com","roles":["GROUP_READ_ONLY"]}"#.into(),
            ),
            fresh,
        ];
        assert_eq!(sent(&calls), want, "{case}");
        let accepts: Vec<Option<String>> = mock
            .requests()
            .iter()
            .filter(|r| r.authorized)
            .map(|r| r.header("accept").map(str::to_string))
            .collect();
        assert_eq!(
            accepts[..4],
            vec![Some(MEDIA_2025.to_string()); 4],
            "{case}: reads and re-invitations"
        );
        if version == "auto" && flag == "--ifNotExists" {
            let create = accepts[4].as_deref();
            assert_eq!(create, Some(crate::support::mock::MEDIA), "createUser");
        }
        let out = run.stdout();
        let expired = line_of(&out, "expired@example.com");
        let rejected = line_of(&out, "rejected@example.com");
        if json_out {
            assert!(
                expired.starts_with(
                    r#"{"line":2,"username":"expired@example.com","result":"reinvited","id":"6a79"#
                ),
                "{case}: {expired}"
            );
            assert!(
                rejected.starts_with(
                    r#"{"line":4,"username":"rejected@example.com","result":"reinvited","id":"6a79"#
                ),
                "{case}: {rejected}"
            );
            assert_eq!(
                line_of(&out, "member@example.com"),
                format!(
                    r#"{{"line":3,"username":"member@example.com","result":"already exists","id":"{member}","error":null}}"#
                )
            );
            assert!(line_of(&out, "fresh@example.com").contains(r#""result":"invited""#));
        } else {
            assert!(
                expired.starts_with("line 2: re-invited expired@example.com (id 6a79"),
                "{case}: {expired}"
            );
            assert!(
                rejected.starts_with("line 4: re-invited rejected@example.com (id 6a79"),
                "{case}: {rejected}"
            );
            assert_eq!(
                line_of(&out, "member@example.com"),
                format!("line 3: already exists member@example.com (id {member})")
            );
        }
        assert_eq!(
            mock.person("expired@example.com", O1).unwrap().1,
            Status::Pending,
            "{case}"
        );
    }
}

#[test]
fn a_user_invited_by_someone_else_after_the_read_is_a_409_looked_up() {
    for flag in ["--ifNotExists", "--ensureMemberships"] {
        let mock = Mock::start();
        // Arrives with the second authorized request: right after the read.
        let id = mock.seed_after(
            1,
            "late@example.com",
            in_org(O1, &["ORG_MEMBER"]),
            Status::Active,
        );
        let org = format!("{O1}:ORG_MEMBER");
        let (_dir, path) = csv(&[row("late@example.com", &org, "", T1)]);
        let run = run_file(&path, &["--apiVersion", "2025-02-19", flag])
            .against(&mock)
            .run_within(LIMIT);
        run.code_is(0);
        let calls = mock.calls();
        let create = post(
            org_users(O1),
            format!(
                r#"{{"username":"late@example.com","roles":{{"orgRoles":["ORG_MEMBER"]}},"teamIds":["{T1}"]}}"#
            ),
        );
        let lookup = (
            "GET".to_string(),
            format!("{}?username=late%40example.com", org_users(O1)),
            String::new(),
        );
        let mut want = vec![
            ("GET".to_string(), page(&org_users(O1), 1), String::new()),
            create,
            lookup,
        ];
        if flag == "--ensureMemberships" {
            want.push(post(
                format!("/api/atlas/v2/orgs/{O1}/teams/{T1}:addUser"),
                format!(r#"{{"id":"{id}"}}"#),
            ));
            run.stdout_is(&format!(
                "line 2: updated late@example.com (id {id}): added team {T1}\n"
            ))
            .stderr_has("1 records: 0 invited, 1 updated, 0 already existed, 0 failed\n");
        } else {
            run.stdout_is(&format!(
                "line 2: already exists late@example.com (id {id})\n"
            ))
            .stderr_has("1 records: 0 invited, 1 already existed, 0 failed\n");
        }
        assert_eq!(calls, want, "{flag}");
    }
}

#[test]
fn a_refused_read_sends_that_organizations_records_one_by_one() {
    let mock = Mock::start();
    let a = mock.seed("a@example.com", in_org(O1, &["ORG_MEMBER"]), false);
    let c = mock.seed("c@example.com", in_org(O2, &["ORG_MEMBER"]), false);
    mock.answer_at(
        "GET",
        &org_users(O2),
        Answer::api_error(403, "FORBIDDEN", "Not allowed.", "Forbidden"),
    );
    let (one, two) = (format!("{O1}:ORG_MEMBER"), format!("{O2}:ORG_MEMBER"));
    let (_dir, path) = csv(&[
        row("a@example.com", &one, "", ""),
        row("b@example.com", &one, "", ""),
        row("c@example.com", &two, "", ""),
        row("d@example.com", &two, "", ""),
    ]);
    let run = run_file(&path, &["--apiVersion", "2025-02-19", "--ifNotExists"])
        .against(&mock)
        .run_within(LIMIT);
    run.code_is(0)
        .stderr_has("4 records: 2 invited, 2 already existed, 0 failed\n");
    let refused = format!("reading organization {O2} was refused (403 Forbidden): its records are sent one by one, each looked up after a 409\n");
    assert_eq!(
        run.stderr().matches(&refused).count(),
        1,
        "{}",
        run.stderr()
    );
    let out = run.stdout();
    assert_eq!(
        line_of(&out, "a@example.com"),
        format!("line 2: already exists a@example.com (id {a})")
    );
    assert_eq!(
        line_of(&out, "c@example.com"),
        format!("line 4: already exists c@example.com (id {c})")
    );
    assert!(line_of(&out, "b@example.com").starts_with("line 3: invited"));
    assert!(line_of(&out, "d@example.com").starts_with("line 5: invited"));
    let get = |t: String| ("GET".to_string(), t, String::new());
    assert_eq!(
        mock.calls(),
        [
            get(page(&org_users(O1), 1)),
            get(page(&org_users(O2), 1)),
            post(org_users(O1), org_body("b@example.com", &["ORG_MEMBER"])),
            post(org_users(O2), org_body("c@example.com", &["ORG_MEMBER"])),
            get(format!("{}?username=c%40example.com", org_users(O2))),
            post(org_users(O2), org_body("d@example.com", &["ORG_MEMBER"])),
        ]
    );
}

/// A file of users 1, 700 and 1150 (on pages 1, 2 and 3 of 1,200 members) and a new one.
fn across_pages() -> (TempDir, String) {
    let org = format!("{O1}:ORG_MEMBER");
    csv(&[
        row("user1@example.com", &org, "", ""),
        row("user700@example.com", &org, "", ""),
        row("user1150@example.com", &org, "", ""),
        row("new@example.com", &org, "", ""),
    ])
}

#[test]
fn a_rate_limited_page_is_waited_out_and_no_page_is_read_twice_or_skipped() {
    let mock = Mock::start();
    seed_users(&mock, 1..=1200);
    mock.answer_at("GET", &org_users(O1), Answer::Usual);
    mock.answer_at(
        "GET",
        &org_users(O1),
        Answer::Respond {
            status: 429,
            content_type: "application/json".into(),
            body: r#"{"detail":"Rate limit exceeded.","error":429,"errorCode":"RATE_LIMITED","parameters":[],"reason":"Too Many Requests"}"#.into(),
            headers: vec![("Retry-After".into(), "1".into())],
        },
    );
    let (_dir, path) = across_pages();
    let run = run_file(&path, &["--ifNotExists"])
        .against(&mock)
        .run_within(LIMIT);
    run.code_is(0)
        .stderr_has("4 records: 1 invited, 3 already existed, 0 failed\n");
    let path = org_users(O1);
    let calls = mock.calls();
    assert_eq!(
        reads(&calls),
        [
            page(&path, 1),
            page(&path, 2),
            page(&path, 2),
            page(&path, 3)
        ]
    );
    assert_eq!(
        lines_of(&sent(&calls)),
        [("POST".to_string(), "/api/atlas/v2/users".to_string())]
    );
}

#[test]
fn a_signal_during_the_reads_sends_nothing_else_and_leaves_every_record_not_attempted() {
    // The second page answers after the signal: within the two seconds' grace (the run
    // stops before page 3), and after it (the signal watcher ends the run).
    for (slow, stopped) in [
        (800, "stopped by SIGTERM: nothing was sent after it; run the same file again with --ifNotExists to finish\n"),
        (3000, "stopped by SIGTERM during the reads: nothing was sent; run the same file again\n"),
    ] {
        let slow = Duration::from_millis(slow);
        let mock = Mock::start();
        seed_users(&mock, 1..=1200);
        // The challenge, page 1, then page 2.
        for d in [Duration::ZERO, Duration::ZERO, slow] {
            mock.delay(d);
        }
        let (_dir, path) = across_pages();
        let cmd = run_file(&path, &["--ifNotExists"]).against(&mock);
        let (_, run) = cmd.signal_when(libc::SIGTERM, || mock.received() >= 3);
        // The run is over: let the mock finish answering the page it was holding.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while mock.requests().len() < mock.received() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        run.code_is(143)
            .stdout_is("line 2: not attempted user1@example.com\nline 3: not attempted user700@example.com\nline 4: not attempted user1150@example.com\nline 5: not attempted new@example.com\n")
            .stderr_is(&format!("4 records: 0 invited, 0 already existed, 0 failed, 4 not attempted (lines 2, 3, 4, 5)\n{stopped}"));
        let path = org_users(O1);
        assert_eq!(
            reads(&mock.calls()),
            [page(&path, 1), page(&path, 2)],
            "{slow:?}"
        );
        assert_eq!(mock.calls().len(), 2, "nothing but reads: {slow:?}");
    }
}

#[test]
fn any_other_failed_read_stops_the_run_before_anything_is_sent() {
    let mock = Mock::start();
    seed_users(&mock, 1..=1200);
    mock.answer_at("GET", &org_users(O1), Answer::Usual);
    mock.answer_at(
        "GET",
        &org_users(O1),
        Answer::api_error(
            500,
            "UNEXPECTED_ERROR",
            "Unexpected error.",
            "Internal Server Error",
        ),
    );
    let (_dir, path) = across_pages();
    let run = run_file(&path, &["--ifNotExists"])
        .against(&mock)
        .run_within(LIMIT);
    run.code_is(3)
        .stdout_is("line 2: not attempted user1@example.com\nline 3: not attempted user700@example.com\nline 4: not attempted user1150@example.com\nline 5: not attempted new@example.com\n")
        .stderr_has("4 records: 0 invited, 0 already existed, 0 failed, 4 not attempted (lines 2, 3, 4, 5)\n")
        .stderr_has("; nothing was sent\n");
    let path = org_users(O1);
    assert_eq!(mock.calls().len(), 2);
    assert_eq!(reads(&mock.calls()), [page(&path, 1), page(&path, 2)]);
}

/// The people of the plan tests, seeded; returns the id of `upd@`, who lacks things.
fn plan_people(mock: &Mock) -> String {
    mock.seed_status(
        "expired@example.com",
        in_org(O1, &["ORG_MEMBER"]),
        Status::InvitationExpired,
    );
    let mut upd = in_org(O1, &["ORG_MEMBER"]);
    upd.groups.insert(P2.into(), strings(&["GROUP_OWNER"]));
    let id = mock.seed("upd@example.com", upd, false);
    mock.seed("same@example.com", in_org(O1, &["ORG_MEMBER"]), false);
    mock.seed("pend@example.com", in_org(O1, &["ORG_MEMBER"]), true);
    mock.seed("multi@example.com", in_org(O2, &["ORG_MEMBER"]), false);
    mock.seed_status(
        "rejected@example.com",
        in_project(P2, &["GROUP_READ_ONLY"]),
        Status::InvitationRejected,
    );
    id
}

/// A file asking of `plan_people` (and of two new people) what gives every action but
/// `conflict` under `--ensureMemberships`.
fn plan_file() -> (TempDir, String) {
    let org = format!("{O1}:ORG_MEMBER");
    csv(&[
        row("new@example.com", &org, "", ""),
        row("expired@example.com", &org, "", ""),
        row(
            "upd@example.com",
            &format!("{org},{O1}:ORG_BILLING_ADMIN"),
            &format!("{P1}:GROUP_READ_ONLY,{P2}:GROUP_OWNER,{P2}:GROUP_READ_ONLY"),
            T1,
        ),
        row("same@example.com", &org, "", ""),
        row("pend@example.com", &org, "", ""),
        row(
            "multi@example.com",
            &format!("{org},{O2}:ORG_MEMBER"),
            "",
            "",
        ),
        row(
            "rejected@example.com",
            "",
            &format!("{P2}:GROUP_READ_ONLY"),
            "",
        ),
        row("newp@example.com", "", &format!("{P2}:GROUP_OWNER"), ""),
    ])
}

#[test]
fn the_plan_names_each_action_and_its_calls_exactly() {
    let mock = Mock::start();
    let id = plan_people(&mock);
    let (_dir, path) = plan_file();
    let run = run_file(&path, &["--plan", "--ensureMemberships"])
        .against(&mock)
        .run_within(LIMIT);
    let (o1, o2) = (org_users(O1), org_users(O2));
    let p2 = group_users(P2);
    run.code_is(0).stdout_is(&format!(
        "line 2: invite new@example.com
    POST {o1}
line 3: re-invite expired@example.com (INVITATION_EXPIRED)
    POST {o1}
line 4: update upd@example.com: add ORG_BILLING_ADMIN in {O1}, team {T1}, GROUP_READ_ONLY in {P1}, GROUP_READ_ONLY in {P2}
    POST {o1}/{id}:addRole
    POST /api/atlas/v2/orgs/{O1}/teams/{T1}:addUser
    POST {}
    POST /api/atlas/v2/groups/{P2}/users/{id}:addRole
line 5: unchanged same@example.com (ACTIVE)
line 6: unchanged pend@example.com (PENDING)
line 7: update multi@example.com: add organization {O1} (ORG_MEMBER)
    POST {o1}
line 8: re-invite rejected@example.com (INVITATION_REJECTED)
    POST {p2}
line 9: invite newp@example.com
    POST {p2}
Plan: 2 to invite, 2 to re-invite, 2 to update, 2 unchanged
",
        group_users(P1)
    ));
    let calls = mock.calls();
    assert!(
        calls.iter().all(|(m, t, _)| m == "GET" && is_read(t)),
        "reads only: {calls:#?}"
    );
    assert_eq!(reads(&calls), [page(&o1, 1), page(&o2, 1), page(&p2, 1)]);
}

#[test]
fn the_plan_lists_exactly_the_calls_the_run_then_sends() {
    let mock = Mock::start();
    plan_people(&mock);
    let (_dir, path) = plan_file();
    let flags = ["--ensureMemberships"];
    let text = run_file(&path, &["--plan", flags[0]])
        .against(&mock)
        .run_within(LIMIT);
    text.code_is(0);
    let json_plan = run_file(&path, &["--plan", flags[0], "-o", "json"])
        .against(&mock)
        .run_within(LIMIT);
    json_plan
        .code_is(0)
        .stderr_has("Plan: 2 to invite, 2 to re-invite, 2 to update, 2 unchanged\n");
    assert!(
        !json_plan.stdout().contains("Plan:"),
        "the Plan line goes to stderr with -o json"
    );
    let before = mock.calls().len();
    assert!(
        mock.calls().iter().all(|(m, _, _)| m == "GET"),
        "--plan sends only GETs"
    );
    run_file(&path, &flags)
        .against(&mock)
        .run_within(LIMIT)
        .code_is(0)
        .stderr_has("8 records: 2 invited, 2 re-invited, 2 updated, 2 already existed, 0 failed\n");
    let done = sent(&calls_from(&mock, before));
    assert_eq!(
        reads(&calls_from(&mock, before)).len(),
        3,
        "the run reads what the plan read"
    );

    // The text plan's call lines are the run's calls, in order.
    let planned: Vec<(String, String)> = text
        .stdout()
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .map(|l| {
            let (m, p) = l.split_once(' ').unwrap();
            (m.to_string(), p.to_string())
        })
        .collect();
    assert_eq!(planned, lines_of(&done));

    // The JSON plan: one object per person, its calls with their bodies, as sent.
    let mut from_json = Vec::new();
    let out = json_plan.stdout();
    assert_eq!(out.lines().count(), 8, "{out}");
    for (n, line) in out.lines().enumerate() {
        let Ok(Value::Object(o)) = json::from_str::<Value>(line) else {
            panic!("not a JSON object: {line}")
        };
        let keys: Vec<&str> = o.keys().map(String::as_str).collect();
        let mut want = vec!["action", "calls", "line", "status", "username"];
        if o.contains_key("invitationExpiresAt") {
            want.insert(2, "invitationExpiresAt");
        }
        assert_eq!(keys, want, "{line}");
        assert!(matches!(&o["line"], Value::Number(_)), "{line}");
        assert_eq!(json::to_string(&o["line"]), (n + 2).to_string());
        let Value::Array(calls) = &o["calls"] else {
            panic!("{line}")
        };
        for c in calls {
            let Value::Object(c) = c else {
                panic!("{line}")
            };
            let s = |k: &str| match &c[k] {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => json::to_string(other),
            };
            from_json.push((s("method"), s("path"), s("body")));
        }
    }
    // miniserde's objects sort their keys: compare the bodies as values.
    let canon = |calls: Vec<Call>| -> Vec<Call> {
        let value = |b: &str| match b {
            "" => String::new(),
            b => json::to_string(&json::from_str::<Value>(b).unwrap()),
        };
        calls
            .into_iter()
            .map(|(m, t, b)| (m, t, value(&b)))
            .collect()
    };
    assert_eq!(canon(from_json), canon(done.clone()));
    let by_user = |u: &str| -> String {
        out.lines()
            .find(|l| l.contains(&format!("\"username\":\"{u}\"")))
            .unwrap()
            .to_string()
    };
    assert!(by_user("expired@example.com").starts_with(r#"{"line":3,"username":"expired@example.com","action":"reinvite","status":"INVITATION_EXPIRED","invitationExpiresAt":"2026-05-31T03:07:30Z","calls":[{"method":"POST","path":"/api/atlas/v2/orgs/"#), "{out}");
    assert_eq!(
        by_user("same@example.com"),
        r#"{"line":5,"username":"same@example.com","action":"unchanged","status":"ACTIVE","calls":[]}"#
    );
    assert_eq!(
        by_user("new@example.com"),
        format!(
            r#"{{"line":2,"username":"new@example.com","action":"invite","status":null,"calls":[{{"method":"POST","path":"{}","body":{}}}]}}"#,
            org_users(O1),
            org_body("new@example.com", &["ORG_MEMBER"])
        )
    );
}

#[test]
fn a_conflict_is_planned_exit_0_and_the_run_then_fails_with_409() {
    let mock = Mock::start();
    mock.seed("member@example.com", in_org(O1, &["ORG_MEMBER"]), true);
    let org = format!("{O1}:ORG_MEMBER");
    let (_dir, path) = csv(&[
        row("member@example.com", &org, "", ""),
        row("new@example.com", &org, "", ""),
    ]);
    let o1 = org_users(O1);
    run_file(&path, &["--plan", "--apiVersion", "2025-02-19"])
        .against(&mock)
        .run_within(LIMIT)
        .code_is(0)
        .stdout_is(&format!("line 2: conflict member@example.com (PENDING): the run would fail with 409 (--ifNotExists or --ensureMemberships make an existing user a success)
    POST {o1}
line 3: invite new@example.com
    POST {o1}
Plan: 1 to invite, 0 to re-invite, 0 to update, 0 unchanged, 1 conflicting
"));
    assert_eq!(mock.calls().len(), 1, "one read");
    // A plain run reads nothing and sends both: the first fails as planned.
    let run = run_file(&path, &["--apiVersion", "2025-02-19"])
        .against(&mock)
        .run_within(LIMIT);
    run.code_is(1)
        .stderr_has("2 records: 1 invited, 0 already existed, 1 failed (line 2)\n");
    assert!(
        line_of(&run.stdout(), "member@example.com").contains("409"),
        "{}",
        run.stdout()
    );
    let done: Vec<(String, String)> = lines_of(&calls_from(&mock, 1));
    assert_eq!(done, vec![("POST".to_string(), o1.clone()); 2]);
}

#[test]
fn the_plan_is_refused_with_2023_01_01_and_with_a_dry_run_before_any_connection() {
    let mock = Mock::start();
    let (_dir, path) = csv(&[row("new@example.com", &format!("{O1}:ORG_MEMBER"), "", "")]);
    run_file(&path, &["--plan", "--apiVersion", "2023-01-01"])
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is("Error: error parsing flag --plan: it reads through the 2025-02-19 endpoints (getUserByName cannot list an organization): use --apiVersion 2025-02-19 or auto\n");
    run_file(&path, &["--plan", "--dryRun"])
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is("Error: --plan and --dryRun cannot go together: --plan reads what Atlas holds (GET requests only), --dryRun sends nothing at all (no connection); pick one\n");
    let org = format!("{O1}:ORG_MEMBER");
    atlas(&PERSON)
        .args(&[
            "--orgRole",
            &org,
            "--plan",
            "--apiVersion",
            "2023-01-01",
            "--password",
            PASSWORD,
        ])
        .against(&mock)
        .run()
        .code_is(2);
    assert_eq!(mock.connections(), 0, "nothing sent");
}

#[test]
fn a_single_invites_plan_looks_the_user_up_in_each_place_not_the_whole_organization() {
    let mock = Mock::start();
    seed_users(&mock, 1..=600);
    mock.seed("user@example.com", in_org(O1, &["ORG_MEMBER"]), false);
    let (orgs, project) = (
        format!("{O1}:ORG_MEMBER,{O2}:ORG_MEMBER"),
        format!("{P1}:GROUP_READ_ONLY"),
    );
    let run = atlas(&PERSON)
        .args(&[
            "--orgRole",
            &orgs,
            "--projectRole",
            &project,
            "--plan",
            "--ensureMemberships",
        ])
        .against(&mock)
        .run_within(LIMIT);
    // A single invite reads nothing: the plan lists the calls it sends blind, the
    // invitation to O1 that meets a 409 and the lookup that follows it included.
    run.code_is(0).stdout_is(&format!(
        "update user@example.com: add organization {O2} (ORG_MEMBER), GROUP_READ_ONLY in {P1}
    POST {}
    GET {}?username=user%40example.com
    POST {}
    POST {}
Plan: 0 to invite, 0 to re-invite, 1 to update, 0 unchanged
",
        org_users(O1),
        org_users(O1),
        org_users(O2),
        group_users(P1)
    ));
    let lookup = |path: String| {
        (
            "GET".to_string(),
            format!("{path}?username=user%40example.com&{STATUSES}"),
            String::new(),
        )
    };
    assert_eq!(
        mock.calls(),
        [
            lookup(org_users(O1)),
            lookup(org_users(O2)),
            lookup(group_users(P1))
        ]
    );
    // The same for someone Atlas does not hold, under auto: createUser.
    let before = mock.calls().len();
    atlas(&PERSON)
        .args(&["--email", "x@example.com", "--username", "x@example.com", "--orgRole", &format!("{O1}:ORG_MEMBER"), "--plan"])
        .against(&mock)
        .run_within(LIMIT)
        .code_is(0)
        .stdout_is("invite x@example.com\n    POST /api/atlas/v2/users\nPlan: 1 to invite, 0 to re-invite, 0 to update, 0 unchanged\n");
    assert_eq!(
        lines_of(&calls_from(&mock, before)),
        [(
            "GET".to_string(),
            format!("{}?username=x%40example.com&{STATUSES}", org_users(O1))
        )]
    );
}

#[test]
fn a_dry_run_of_a_team_invite_under_auto_prints_create_org_user_with_team_ids() {
    let mock = Mock::start();
    let org = format!("{O1}:ORG_MEMBER");
    let run = atlas(&PERSON)
        .args(&["--orgRole", &org, "--teamId", T1, "--dryRun"])
        .against(&mock)
        .run();
    run.code_is(0)
        .stdout_has(&format!("POST {}api/atlas/v2/orgs/{O1}/users\n", mock.url()))
        .stdout_has(&format!("\n\n{{\"username\":\"user@example.com\",\"roles\":{{\"orgRoles\":[\"ORG_MEMBER\"]}},\"teamIds\":[\"{T1}\"]}}\n"));
    assert!(
        !run.stdout().contains("api/atlas/v2/users\n"),
        "{}",
        run.stdout()
    );
    assert_eq!(mock.connections(), 0);
}

/// The calls a dry run prints: each `METHOD <base>path` line, and the body printed after it.
fn dry_calls(out: &str, base: &str) -> Vec<Call> {
    let mut calls: Vec<Call> = Vec::new();
    let mut after_blank = false;
    for line in out.lines() {
        let method = line
            .split_once(' ')
            .filter(|(m, rest)| ["GET", "POST", "DELETE"].contains(m) && rest.starts_with(base));
        match method {
            Some((m, rest)) => {
                calls.push((m.into(), format!("/{}", &rest[base.len()..]), String::new()))
            }
            None if after_blank && line.starts_with('{') => {
                let last = calls.last_mut().expect("a body after its request");
                assert!(last.2.is_empty(), "one body per request:\n{out}");
                last.2 = line.to_string();
            }
            None => {}
        }
        after_blank = line.is_empty();
    }
    calls
}

/// One combination of the dry-run test: a version, the roles of one kind of invitation,
/// a team or none, and a membership flag or none.
struct Combo {
    n: usize,
    version: &'static str,
    roles: &'static str,
    org_roles: String,
    project_roles: String,
    /// The `--teamId` value or cell, empty for none.
    team: String,
    flag: &'static str,
}

impl Combo {
    fn every() -> Vec<Combo> {
        let mut all = Vec::new();
        for version in ["auto", "2023-01-01", "2025-02-19"] {
            for (roles, org_roles, project_roles) in [
                ("one org", format!("{O1}:ORG_MEMBER"), String::new()),
                (
                    "several orgs",
                    format!("{O1}:ORG_MEMBER,{O2}:ORG_READ_ONLY"),
                    String::new(),
                ),
                (
                    "org and projects",
                    format!("{O1}:ORG_MEMBER"),
                    format!("{P1}:GROUP_READ_ONLY,{P2}:GROUP_OWNER"),
                ),
                (
                    "projects only",
                    String::new(),
                    format!("{P1}:GROUP_READ_ONLY"),
                ),
            ] {
                for team in [false, true] {
                    let team = match (team, roles) {
                        (false, _) => String::new(),
                        (true, "several orgs") => format!("{O1}:{T1}"),
                        (true, _) => T1.to_string(),
                    };
                    for flag in ["", "--ifNotExists", "--ensureMemberships"] {
                        all.push(Combo {
                            n: all.len() + 1,
                            version,
                            roles,
                            org_roles: org_roles.clone(),
                            project_roles: project_roles.clone(),
                            team: team.clone(),
                            flag,
                        });
                    }
                }
            }
        }
        all
    }

    fn name(&self) -> String {
        let team = if self.team.is_empty() {
            "no team"
        } else {
            "a team"
        };
        format!(
            "{}, {}, {team}, flag {:?}",
            self.version, self.roles, self.flag
        )
    }

    /// `--apiVersion` and the flag, then `--dryRun` for a dry run.
    fn run_flags(&self, dry: bool) -> Vec<String> {
        let mut args = strings(&["--apiVersion", self.version]);
        args.extend(
            [self.flag, if dry { "--dryRun" } else { "" }]
                .into_iter()
                .filter(|f| !f.is_empty())
                .map(String::from),
        );
        args
    }

    /// A single invite of a new user `c<n>@example.com`.
    fn single(&self, dry: bool) -> Cmd {
        let user = format!("c{}@example.com", self.n);
        let mut args = strings(&[
            "--username",
            &user,
            "--email",
            &user,
            "--password",
            PASSWORD,
        ]);
        for (f, value) in [
            ("--orgRole", &self.org_roles),
            ("--projectRole", &self.project_roles),
            ("--teamId", &self.team),
        ] {
            if !value.is_empty() {
                args.extend([f.to_string(), value.clone()]);
            }
        }
        args.extend(self.run_flags(dry));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        atlas(&PERSON).args(&args)
    }

    /// A file of two new users, `c<n>-a@` and `c<n>-b@`.
    fn file(&self) -> (TempDir, String) {
        let row = |who: &str| {
            row(
                &format!("c{}-{who}@example.com", self.n),
                &self.org_roles,
                &self.project_roles,
                &self.team,
            )
        };
        csv(&[row("a"), row("b")])
    }

    /// The refusal the binary must give, if it refuses the combination.
    fn refusal(&self) -> Option<&'static str> {
        match (self.version, self.team.is_empty(), self.roles, self.flag) {
            (_, false, "projects only", _) => {
                Some("a team is joined through an organization, and this invite has none")
            }
            ("2023-01-01", _, _, "--ensureMemberships") => {
                Some("error parsing flag --ensureMemberships: it needs the 2025-02-19 endpoints")
            }
            ("2023-01-01", false, _, _) => {
                Some("teams need the 2025-02-19 endpoints (createUser cannot add a user to a team)")
            }
            _ => None,
        }
    }
}

/// Dry run, then the real run of the same arguments; checks they agree and returns how
/// many calls the real run sent past its reads.
fn dry_then_real(mock: &Mock, cmd: impl Fn(bool) -> Cmd, case: &str) -> usize {
    let dry = cmd(true).against(mock).run_within(LIMIT);
    dry.code_is(0);
    let printed = dry_calls(&dry.stdout(), &mock.url());
    let before = mock.calls().len();
    let real = cmd(false).against(mock).run_within(LIMIT);
    real.code_is(0);
    let done: Vec<Call> = sent(&calls_from(mock, before))
        .into_iter()
        .map(|(m, t, b)| (m, t, b.replace(PASSWORD, "[redacted]")))
        .collect();
    assert_eq!(printed, done, "{case}\n--- dry run\n{}", dry.stdout());
    assert!(!done.is_empty(), "{case}");
    done.len()
}

#[test]
fn the_dry_run_prints_exactly_the_calls_the_real_run_sends_for_every_combination() {
    let mock = Mock::start();
    let (mut compared, mut refused) = (0, 0);
    let combos = Combo::every();
    assert_eq!(combos.len(), 72);
    for c in &combos {
        let (_dir, path) = c.file();
        let file = |dry: bool| {
            let flags = c.run_flags(dry);
            let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
            run_file(&path, &flags)
        };
        let Some(why) = c.refusal() else {
            compared += dry_then_real(&mock, |dry| c.single(dry), &format!("single: {}", c.name()));
            compared += dry_then_real(&mock, file, &format!("file: {}", c.name()));
            continue;
        };
        refused += 1;
        let before = mock.received();
        for dry in [true, false] {
            c.single(dry)
                .against(&mock)
                .run()
                .code_is(2)
                .stderr_has(why);
            file(dry).against(&mock).run().code_is(2).stderr_has(why);
        }
        assert_eq!(
            mock.received(),
            before,
            "refused, nothing sent: {}",
            c.name()
        );
    }
    assert_eq!(refused, 22);
    assert_eq!(compared, 180, "calls compared");
}

/// Project `j` of the large-page test: 24 hexadecimal digits.
fn project(j: usize) -> String {
    format!("5f71e5255afec75a{j:08x}")
}

#[test]
fn a_page_of_a_read_larger_than_a_mebibyte_is_read() {
    // 500 members, each in 30 projects with 2 roles and in a team: page 1 is about 1.6 MB,
    // past the 1 MiB an invite's answer may hold.
    let mock = Mock::start();
    let mut m = in_org(O1, &["ORG_MEMBER"]);
    m.orgs.get_mut(O1).unwrap().1.push(T1.to_string());
    m.groups = (1..=30)
        .map(|j| {
            (
                project(j),
                strings(&["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]),
            )
        })
        .collect();
    mock.seed_many((1..=600).map(|i| (format!("user{i}@example.com"), m.clone(), Status::Active)));
    let org = format!("{O1}:ORG_MEMBER");
    let (_dir, path) = csv(&[
        row("user1@example.com", &org, "", ""),
        row("user600@example.com", &org, "", ""),
        row("new@example.com", &org, "", ""),
    ]);
    let run = run_file(&path, &["--ifNotExists", "--apiVersion", "2025-02-19"])
        .against(&mock)
        .run_within(LIMIT);
    run.code_is(0)
        .stderr_has("3 records: 1 invited, 2 already existed, 0 failed\n");
    let calls = mock.calls();
    assert_eq!(
        reads(&calls),
        [page(&org_users(O1), 1), page(&org_users(O1), 2)]
    );
    assert_eq!(
        sent(&calls),
        [post(
            org_users(O1),
            org_body("new@example.com", &["ORG_MEMBER"])
        )]
    );
}

/// A listOrgUsers answer of `results` (each a member's JSON object).
fn crafted(results: &[String]) -> Answer {
    let body = format!(
        r#"{{"links":[],"results":[{}],"totalCount":{}}}"#,
        results.join(","),
        results.len()
    );
    Answer::Respond {
        status: 200,
        content_type: MEDIA_2025.into(),
        body,
        headers: Vec::new(),
    }
}

#[test]
fn a_page_that_brings_nobody_new_fails_the_read_before_anything_is_sent() {
    let mock = Mock::start();
    let members: Vec<String> = (1..=500)
        .map(|i| {
            format!(
                r#"{{"id":"5e0000000000000000{i:06x}","orgMembershipStatus":"ACTIVE","roles":{{"orgRoles":["ORG_MEMBER"]}},"teamIds":[],"username":"same{i}@example.com"}}"#
            )
        })
        .collect();
    // Page 2 is page 1 again: a client that kept reading would never finish for sure.
    mock.answer_at("GET", &org_users(O1), crafted(&members));
    mock.answer_at("GET", &org_users(O1), crafted(&members));
    let org = format!("{O1}:ORG_MEMBER");
    let (_dir, path) = csv(&[
        row("same1@example.com", &org, "", ""),
        row("new@example.com", &org, "", ""),
    ]);
    let run = run_file(&path, &["--ifNotExists", "--apiVersion", "2025-02-19"])
        .against(&mock)
        .run_within(LIMIT);
    run.code_is(3)
        .stdout_is("line 2: not attempted same1@example.com\nline 3: not attempted new@example.com\n")
        .stderr_has("2 records: 0 invited, 0 already existed, 0 failed, 2 not attempted (lines 2, 3)\n")
        .stderr_has("page 2 lists nobody the earlier pages did not (Atlas repeats itself); nothing was read to the end; nothing was sent\n");
    let path = org_users(O1);
    assert_eq!(mock.calls().len(), 2, "nothing but the two reads");
    assert_eq!(reads(&mock.calls()), [page(&path, 1), page(&path, 2)]);
}

#[test]
fn a_plan_of_a_run_that_reads_nothing_lists_the_calls_that_run_sends() {
    // A file under auto without a membership flag sends createUser: a lapsed invitation is
    // invited afresh by it, as the run cannot know it lapsed.
    let mock = Mock::start();
    mock.seed_status(
        "expired@example.com",
        in_org(O1, &["ORG_MEMBER"]),
        Status::InvitationExpired,
    );
    let (_dir, path) = csv(&[row(
        "expired@example.com",
        &format!("{O1}:ORG_MEMBER"),
        "",
        "",
    )]);
    let plan = run_file(&path, &["--plan"])
        .against(&mock)
        .run_within(LIMIT);
    plan.code_is(0).stdout_is(
        "line 2: invite expired@example.com\n    POST /api/atlas/v2/users\nPlan: 1 to invite, 0 to re-invite, 0 to update, 0 unchanged\n",
    );
    let json = run_file(&path, &["--plan", "-o", "json"])
        .against(&mock)
        .run_within(LIMIT);
    json.code_is(0);
    assert!(
        json.stdout().starts_with(
            r#"{"line":2,"username":"expired@example.com","action":"invite","status":"INVITATION_EXPIRED","#
        ),
        "{}",
        json.stdout()
    );
    let before = mock.calls().len();
    assert!(mock
        .calls()
        .iter()
        .all(|(m, t, _)| m == "GET" && is_read(t)));
    run_file(&path, &[])
        .against(&mock)
        .run_within(LIMIT)
        .code_is(0)
        .stderr_has("1 records: 1 invited, 0 already existed, 0 failed\n");
    assert_eq!(
        lines_of(&calls_from(&mock, before)),
        [("POST".to_string(), "/api/atlas/v2/users".to_string())]
    );

    // A single invite of a member with --ifNotExists: the invitation meets a 409, then the
    // lookup finds them.
    let mock = Mock::start();
    mock.seed("user@example.com", in_org(O1, &["ORG_MEMBER"]), false);
    let single = |extra: &[&str]| {
        atlas(&PERSON)
            .args(&["--orgRole", &format!("{O1}:ORG_MEMBER")])
            .args(&["--ifNotExists", "--apiVersion", "2025-02-19"])
            .args(extra)
            .against(&mock)
            .run_within(LIMIT)
    };
    let lookup = format!("{}?username=user%40example.com", org_users(O1));
    single(&["--plan"]).code_is(0).stdout_is(&format!(
        "unchanged user@example.com (ACTIVE)\n    POST {}\n    GET {lookup}\nPlan: 0 to invite, 0 to re-invite, 0 to update, 1 unchanged\n",
        org_users(O1)
    ));
    let before = mock.calls().len();
    assert!(mock.calls().iter().all(|(m, _, _)| m == "GET"));
    single(&[])
        .code_is(0)
        .stdout_is("The user 'user@example.com' already exists.\n");
    assert_eq!(
        lines_of(&calls_from(&mock, before)),
        [
            ("POST".to_string(), org_users(O1)),
            ("GET".to_string(), lookup)
        ]
    );
}

#[test]
fn a_failed_records_json_line_lists_what_was_added_before_the_failure() {
    let mock = Mock::start();
    let id = mock.seed("member@example.com", in_org(O1, &["ORG_MEMBER"]), false);
    mock.answer_at(
        "POST",
        &format!("/api/atlas/v2/orgs/{O1}/teams/{T1}:addUser"),
        Answer::api_error(400, "INVALID_ATTRIBUTE", "Refused.", "Bad Request"),
    );
    let (_dir, path) = csv(&[row(
        "member@example.com",
        &format!("{O1}:ORG_MEMBER,{O1}:ORG_BILLING_ADMIN"),
        "",
        T1,
    )]);
    let run = run_file(&path, &["--ensureMemberships", "-o", "json"])
        .against(&mock)
        .run_within(LIMIT);
    run.code_is(1)
        .stderr_has("1 records: 0 invited, 0 already existed, 1 failed (line 2)\n");
    let line = run.stdout();
    assert!(
        line.starts_with(r#"{"line":2,"username":"member@example.com","result":"failed","#),
        "{line}"
    );
    assert!(
        line.contains(&format!("; exists: organization {O1} (id {id}); added: ORG_BILLING_ADMIN in {O1}; not added: team {T1} (this call failed)")),
        "{line}"
    );
    assert!(
        line.ends_with(&format!(
            r#","added":[{{"kind":"orgRole","org":"{O1}","role":"ORG_BILLING_ADMIN"}}]}}
"#
        )),
        "{line}"
    );
    assert_eq!(
        lines_of(&sent(&mock.calls())),
        [
            (
                "POST".to_string(),
                format!("{}/{id}:addRole", org_users(O1))
            ),
            (
                "POST".to_string(),
                format!("/api/atlas/v2/orgs/{O1}/teams/{T1}:addUser")
            ),
        ]
    );
}
