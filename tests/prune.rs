//! `--prune` (offboarding): a file run that also removes what the file no longer asks,
//! within the organizations, teams and projects it names, behind its guards (owners kept,
//! `--maxRemovals`, removals held after a failure, a refused read). Every test counts at
//! the mock what was sent and checks the mock's people afterwards.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::support::ids::{O1, O2, P1, P2, P3, P4, T1, T2, T3};
use crate::support::mock::{Answer, Memberships, Mock, Status};
use crate::support::{atlas, memberships, strings, Cmd, Run, TempDir};

const ALICE: &str = "alice@example.com";
const BOB: &str = "bob@example.com";
const CAROL: &str = "carol@example.com";
const ERIN: &str = "erin@example.com";
const FRANK: &str = "frank@example.com";
const OWNER: &str = "owner@example.com";

/// How long any one run may take before it counts as hung.
const HANG: Duration = Duration::from_secs(60);

/// Memberships in O1 (these org roles and teams) and in these projects.
fn in_o1(roles: &[&str], teams: &[&str], projects: &[(&str, &[&str])]) -> Memberships {
    memberships(&[(O1, roles, teams)], projects)
}

/// The usual member: ORG_MEMBER of O1 in team T1, GROUP_READ_ONLY in P1.
fn usual() -> Memberships {
    in_o1(&["ORG_MEMBER"], &[T1], &[(P1, &["GROUP_READ_ONLY"])])
}

/// One CSV line: a username, then its orgRole, teamId and projectRole cells.
fn row(user: &str, org_roles: &str, teams: &str, project_roles: &str) -> String {
    format!("{user},\"{org_roles}\",\"{teams}\",\"{project_roles}\"\n")
}

/// A CSV of `rows` under its header: only usernames and roles, as the 2025-02-19
/// endpoints need. Row `i` is on line `i + 2`.
fn csv(rows: &[String]) -> String {
    format!("username,orgRole,teamId,projectRole\n{}", rows.concat())
}

/// The row of a user asking what [`usual`] holds.
fn usual_row(user: &str) -> String {
    let (org, project) = (format!("{O1}:ORG_MEMBER"), format!("{P1}:GROUP_READ_ONLY"));
    row(user, &org, T1, &project)
}

/// A CSV of usual rows for `users`.
fn usual_csv(users: &[&str]) -> String {
    csv(&users.iter().map(|u| usual_row(u)).collect::<Vec<_>>())
}

fn file(text: &str) -> (TempDir, String) {
    crate::support::temp_file("prune", "team.csv", text)
}

/// `atlas users invite --file <path> --prune` and `extra`, against `mock`.
fn prune(mock: &Mock, path: &str, extra: &[&str]) -> Cmd {
    atlas(&["users", "invite", "--file", path, "--prune"])
        .args(extra)
        .against(mock)
}

/// A mock where P1, P2 and P4 belong to O1 and P3 to O2.
fn mock() -> Mock {
    let mock = Mock::start();
    mock.project_in(P1, O1);
    mock.project_in(P2, O1);
    mock.project_in(P3, O2);
    mock.project_in(P4, O1);
    mock
}

/// (method, target, body) of every authorized request that is not a read, in order.
fn writes(mock: &Mock) -> Vec<(String, String, String)> {
    let calls = mock.calls().into_iter();
    calls.filter(|(m, _, _)| m != "GET").collect()
}

/// Asserts that the mock received reads only.
fn only_reads(mock: &Mock) {
    assert_eq!(writes(mock), [], "nothing but reads");
    assert!(
        mock.requests().iter().all(|r| r.method == "GET"),
        "{:#?}",
        mock.requests()
    );
}

fn post(target: String, body: String) -> (String, String, String) {
    ("POST".into(), target, body)
}

fn delete(target: String) -> (String, String, String) {
    ("DELETE".into(), target, String::new())
}

/// The memberships of each of `users`, to compare before and after.
fn store(mock: &Mock, users: &[&str]) -> Vec<Option<Memberships>> {
    users.iter().map(|u| mock.memberships(u)).collect()
}

/// The stdout lines of removals: text lines without `line N: `, JSON `"line":null`.
fn removal_lines(run: &Run) -> Vec<String> {
    let out = run.stdout();
    let record = |l: &&str| {
        l.starts_with("line ") || (l.starts_with("{\"line\":") && !l.starts_with("{\"line\":null"))
    };
    out.lines()
        .filter(|l| !record(l))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_person_deleted_from_the_file_leaves_the_organization_and_nothing_else_changes() {
    let mock = mock();
    let a = mock.seed(ALICE, usual(), false);
    let b = mock.seed(BOB, usual(), false);
    let e = mock.seed(ERIN, usual(), false);
    let (_d, path) = file(&usual_csv(&[ALICE, BOB]));
    let kept = store(&mock, &[ALICE, BOB]);
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(0)
        .stdout_is(&format!(
            "line 2: already exists {ALICE} (id {a})\nline 3: already exists {BOB} (id {b})\nremoved {ERIN} (id {e}): organization {O1} (not in the file)\n"
        ))
        .stderr_has("2 records: 0 invited, 2 already existed, 0 failed, 1 removed\n");
    assert_eq!(
        writes(&mock),
        [delete(format!("/api/atlas/v2/orgs/{O1}/users/{e}"))]
    );
    assert_eq!(store(&mock, &[ALICE, BOB]), kept, "nothing else changed");
    assert_eq!(
        mock.memberships(ERIN),
        Some(Memberships::default()),
        "out of O1, its team and its project"
    );

    // JSON Lines, the same again on a fresh mock.
    let mock = self::mock();
    mock.seed(ALICE, usual(), false);
    mock.seed(BOB, usual(), false);
    let e = mock.seed(ERIN, usual(), false);
    let run = prune(&mock, &path, &["-o", "json"]).run_within(HANG);
    run.code_is(0)
        .stderr_has("2 records: 0 invited, 2 already existed, 0 failed, 1 removed\n");
    assert_eq!(
        removal_lines(&run),
        [format!(
            r#"{{"line":null,"username":"{ERIN}","result":"removed","id":"{e}","error":null,"removed":[{{"kind":"org","org":"{O1}"}}]}}"#
        )]
    );
    assert_eq!(writes(&mock).len(), 1);
}

#[test]
fn a_changed_role_is_added_before_the_old_one_is_removed() {
    let mock = mock();
    let a = mock.seed(ALICE, usual(), false);
    mock.seed(BOB, usual(), false);
    let bob = store(&mock, &[BOB]);
    let (_d, path) = file(&csv(&[
        row(
            ALICE,
            &format!("{O1}:ORG_BILLING_ADMIN"),
            T1,
            &format!("{P1}:GROUP_OWNER"),
        ),
        row(
            BOB,
            &format!("{O1}:ORG_MEMBER"),
            T1,
            &format!("{P1}:GROUP_READ_ONLY"),
        ),
    ]));
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(0)
        .stdout_is(&format!(
            "line 2: updated {ALICE} (id {a}): added ORG_BILLING_ADMIN in {O1}, GROUP_OWNER in {P1}\nline 3: already exists {BOB} (id {})\nremoved {ALICE} (id {a}): ORG_MEMBER in {O1}, GROUP_READ_ONLY in {P1}\n",
            mock.person(BOB, O1).unwrap().0
        ))
        .stderr_has("2 records: 0 invited, 1 updated, 1 already existed, 0 failed, 2 removed\n");
    let role = |kind: &str, place: &str, verb: &str| {
        format!("/api/atlas/v2/{kind}/{place}/users/{a}:{verb}")
    };
    assert_eq!(
        writes(&mock),
        [
            post(
                role("orgs", O1, "addRole"),
                r#"{"orgRole":"ORG_BILLING_ADMIN"}"#.into()
            ),
            post(
                role("groups", P1, "addRole"),
                r#"{"groupRole":"GROUP_OWNER"}"#.into()
            ),
            post(
                role("orgs", O1, "removeRole"),
                r#"{"orgRole":"ORG_MEMBER"}"#.into()
            ),
            post(
                role("groups", P1, "removeRole"),
                r#"{"groupRole":"GROUP_READ_ONLY"}"#.into()
            ),
        ]
    );
    let now = mock.memberships(ALICE).unwrap();
    assert_eq!(
        now.orgs[O1],
        (strings(&["ORG_BILLING_ADMIN"]), strings(&[T1]))
    );
    assert_eq!(
        now.groups,
        BTreeMap::from([(P1.to_string(), strings(&["GROUP_OWNER"]))])
    );
    assert_eq!(store(&mock, &[BOB]), bob);
}

#[test]
fn a_team_left_is_removed_with_the_user_id_and_teams_the_file_never_names_stay() {
    let mock = mock();
    let a = mock.seed(ALICE, in_o1(&["ORG_MEMBER"], &[T1, T2, T3], &[]), false);
    mock.seed(BOB, in_o1(&["ORG_MEMBER"], &[T1], &[]), false);
    let (_d, path) = file(&csv(&[
        row(ALICE, &format!("{O1}:ORG_MEMBER"), T2, ""),
        row(BOB, &format!("{O1}:ORG_MEMBER"), T1, ""),
    ]));
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(0)
        .stderr_has("2 records: 0 invited, 2 already existed, 0 failed, 1 removed\n");
    assert_eq!(
        removal_lines(&run),
        [format!("removed {ALICE} (id {a}): team {T1}")]
    );
    assert_eq!(
        writes(&mock),
        [post(
            format!("/api/atlas/v2/orgs/{O1}/teams/{T1}:removeUser"),
            format!(r#"{{"id":"{a}"}}"#)
        )]
    );
    let now = mock.memberships(ALICE).unwrap();
    assert_eq!(
        now.orgs[O1],
        (strings(&["ORG_MEMBER"]), strings(&[T2, T3])),
        "T3 is not in the file"
    );
}

#[test]
fn a_project_left_is_removed_and_a_dropped_project_role_taken() {
    let mock = mock();
    let a = mock.seed(
        ALICE,
        in_o1(
            &["ORG_MEMBER"],
            &[],
            &[
                (P1, &["GROUP_READ_ONLY", "GROUP_OWNER"]),
                (P2, &["GROUP_READ_ONLY"]),
                (P4, &["GROUP_READ_ONLY"]),
            ],
        ),
        false,
    );
    mock.seed(
        BOB,
        in_o1(
            &["ORG_MEMBER"],
            &[],
            &[(P1, &["GROUP_READ_ONLY"]), (P2, &["GROUP_READ_ONLY"])],
        ),
        false,
    );
    let bob = store(&mock, &[BOB]);
    let (_d, path) = file(&csv(&[
        row(
            ALICE,
            &format!("{O1}:ORG_MEMBER"),
            "",
            &format!("{P1}:GROUP_OWNER"),
        ),
        row(
            BOB,
            &format!("{O1}:ORG_MEMBER"),
            "",
            &format!("{P1}:GROUP_READ_ONLY,{P2}:GROUP_READ_ONLY"),
        ),
    ]));
    let run = prune(&mock, &path, &["-o", "json"]).run_within(HANG);
    run.code_is(0)
        .stderr_has("2 records: 0 invited, 2 already existed, 0 failed, 2 removed\n");
    assert_eq!(
        removal_lines(&run),
        [format!(
            r#"{{"line":null,"username":"{ALICE}","result":"removed","id":"{a}","error":null,"removed":[{{"kind":"projectRole","project":"{P1}","role":"GROUP_READ_ONLY"}},{{"kind":"project","project":"{P2}"}}]}}"#
        )]
    );
    assert_eq!(
        writes(&mock),
        [
            post(
                format!("/api/atlas/v2/groups/{P1}/users/{a}:removeRole"),
                r#"{"groupRole":"GROUP_READ_ONLY"}"#.into()
            ),
            delete(format!("/api/atlas/v2/groups/{P2}/users/{a}")),
        ]
    );
    let now = mock.memberships(ALICE).unwrap();
    assert_eq!(
        now.groups,
        BTreeMap::from([
            (P1.to_string(), strings(&["GROUP_OWNER"])),
            (P4.to_string(), strings(&["GROUP_READ_ONLY"])),
        ]),
        "P4 is not in the file"
    );
    assert_eq!(now.orgs[O1], (strings(&["ORG_MEMBER"]), strings(&[])));
    assert_eq!(store(&mock, &[BOB]), bob);
}

/// A boss in the file (ORG_OWNER beside the ORG_MEMBER the file asks), an owner not in the
/// file in team T1 and project P1, and alice; returns the owner's id.
fn owners(mock: &Mock) -> String {
    mock.seed(ALICE, usual(), false);
    mock.seed(
        "boss@example.com",
        in_o1(
            &["ORG_OWNER", "ORG_MEMBER"],
            &[T1],
            &[(P1, &["GROUP_READ_ONLY"])],
        ),
        false,
    );
    mock.seed(
        OWNER,
        in_o1(&["ORG_OWNER"], &[T1], &[(P1, &["GROUP_OWNER"])]),
        false,
    )
}

#[test]
fn owners_are_kept_and_lose_no_role_but_leave_teams_and_projects_in_scope() {
    let mock = mock();
    let o = owners(&mock);
    let boss = store(&mock, &["boss@example.com"]);
    let (_d, path) = file(&usual_csv(&[ALICE, "boss@example.com"]));
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(0)
        .stderr_has("2 records: 0 invited, 2 already existed, 0 failed, 2 removed, 2 kept\n");
    assert_eq!(
        removal_lines(&run),
        [
            "kept boss@example.com: organization owner (change owners by hand)".to_string(),
            format!("kept {OWNER}: organization owner (change owners by hand)"),
            format!("removed {OWNER} (id {o}): team {T1}, project {P1}"),
        ]
    );
    assert_eq!(
        writes(&mock),
        [
            post(
                format!("/api/atlas/v2/orgs/{O1}/teams/{T1}:removeUser"),
                format!(r#"{{"id":"{o}"}}"#)
            ),
            delete(format!("/api/atlas/v2/groups/{P1}/users/{o}")),
        ],
        "no removeOrgUser, no removeRole of ORG_OWNER"
    );
    assert_eq!(store(&mock, &["boss@example.com"]), boss);
    assert_eq!(
        mock.memberships(OWNER).unwrap(),
        in_o1(&["ORG_OWNER"], &[], &[])
    );

    // JSON Lines.
    let mock = self::mock();
    let o = owners(&mock);
    let run = prune(&mock, &path, &["-o", "json"]).run_within(HANG);
    run.code_is(0);
    let lines = removal_lines(&run);
    assert_eq!(
        lines[1],
        format!(r#"{{"line":null,"username":"{OWNER}","result":"kept","id":"{o}","error":null}}"#),
        "{lines:#?}"
    );
}

/// Seeds `n` people, `u01@example.com` on, ORG_MEMBER of O1.
fn many(mock: &Mock, n: usize) -> Vec<String> {
    let people = (1..=n).map(|i| {
        let m = in_o1(&["ORG_MEMBER"], &[], &[]);
        (format!("u{i:02}@example.com"), m, Status::Active)
    });
    mock.seed_many(people)
}

/// A file of `u01` to `u<n>`, ORG_MEMBER of O1.
fn many_csv(n: usize) -> String {
    let mut text = String::from("username,orgRole\n");
    for i in 1..=n {
        text.push_str(&format!("u{i:02}@example.com,{O1}:ORG_MEMBER\n"));
    }
    text
}

#[test]
fn a_file_cut_to_half_is_refused_by_max_removals_until_it_is_raised() {
    let mock = mock();
    let ids = many(&mock, 24);
    let (_d, path) = file(&many_csv(12));
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(2).stdout_is("");
    let err = run.stderr();
    // The first removals listed, then one error line saying how many and how to go on.
    let mut want = vec![format!(
        "--prune would make 12 removals, more than --maxRemovals 5 allows; they begin:"
    )];
    for i in 13..=22 {
        want.push(format!(
            "  remove u{i:02}@example.com from organization {O1} (not in the file)"
        ));
    }
    want.push("  ... and 2 more".into());
    want.push("Error: --prune would make 12 removals, more than --maxRemovals 5 allows; nothing was sent: if the file is complete (not cut short, not the wrong file), review them with --plan and run again with --maxRemovals 12".into());
    let got: Vec<&str> = err
        .lines()
        .skip_while(|l| !l.starts_with("--prune would make"))
        .collect();
    assert_eq!(got, want, "{err}");
    only_reads(&mock);

    // --plan warns, and sends only reads.
    let plan = prune(&mock, &path, &["--plan"]).run_within(HANG);
    plan.code_is(0)
        .stdout_has("Plan: 0 to invite, 0 to re-invite, 0 to update, 12 unchanged, 12 to remove\n")
        .stderr_has("a run would refuse this plan: 12 removals, more than --maxRemovals 5; nothing would be sent");
    only_reads(&mock);

    // One below the count is still refused; the count lets it through.
    prune(&mock, &path, &["--maxRemovals", "11"])
        .run_within(HANG)
        .code_is(2)
        .stderr_has("--prune would make 12 removals, more than --maxRemovals 11 allows");
    only_reads(&mock);
    let run = prune(&mock, &path, &["--maxRemovals", "12"]).run_within(HANG);
    run.code_is(0)
        .stderr_has("12 records: 0 invited, 12 already existed, 0 failed, 12 removed\n");
    let gone: Vec<_> = ids[12..]
        .iter()
        .map(|id| delete(format!("/api/atlas/v2/orgs/{O1}/users/{id}")))
        .collect();
    assert_eq!(writes(&mock), gone);
    assert_eq!(
        mock.memberships("u13@example.com"),
        Some(Memberships::default())
    );
    assert_eq!(
        mock.memberships("u12@example.com"),
        Some(in_o1(&["ORG_MEMBER"], &[], &[]))
    );
}

#[test]
fn a_projects_only_file_never_touches_organization_membership() {
    let mock = mock();
    mock.seed(ALICE, usual(), false);
    let e = mock.seed(ERIN, usual(), false);
    let (_d, path) = file(&format!(
        "username,projectRole\n{ALICE},{P1}:GROUP_READ_ONLY\n"
    ));
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(0)
        .stderr_has("1 records: 0 invited, 1 already existed, 0 failed, 1 removed\n");
    assert_eq!(
        removal_lines(&run),
        [format!("removed {ERIN} (id {e}): project {P1}")]
    );
    assert_eq!(
        writes(&mock),
        [delete(format!("/api/atlas/v2/groups/{P1}/users/{e}"))]
    );
    let orgs = mock
        .calls()
        .into_iter()
        .filter(|(_, t, _)| t.contains("/orgs/"));
    assert_eq!(orgs.count(), 0, "not even a read of the organization");
    assert_eq!(
        mock.memberships(ERIN).unwrap(),
        in_o1(&["ORG_MEMBER"], &[T1], &[])
    );
}

#[test]
fn removals_a_remove_org_user_of_the_run_covers_are_not_sent() {
    let mock = mock();
    mock.seed(ALICE, usual(), false);
    let bob = memberships(&[], &[(P3, &["GROUP_READ_ONLY"])]);
    mock.seed(BOB, bob, false);
    // In O1's team T1 and project P1 (both go with O1), and in P3 of O2 (does not).
    let e = mock.seed(
        ERIN,
        in_o1(
            &["ORG_MEMBER"],
            &[T1],
            &[(P1, &["GROUP_OWNER"]), (P3, &["GROUP_OWNER"])],
        ),
        false,
    );
    let p3 = format!("{P3}:GROUP_READ_ONLY");
    let (_d, path) = file(&csv(&[usual_row(ALICE), row(BOB, "", "", &p3)]));
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(0)
        .stderr_has("2 records: 0 invited, 2 already existed, 0 failed, 2 removed\n");
    assert_eq!(
        removal_lines(&run),
        [format!(
            "removed {ERIN} (id {e}): organization {O1} (not in the file), project {P3}"
        )]
    );
    assert_eq!(
        writes(&mock),
        [
            delete(format!("/api/atlas/v2/orgs/{O1}/users/{e}")),
            delete(format!("/api/atlas/v2/groups/{P3}/users/{e}")),
        ]
    );
    assert_eq!(mock.memberships(ERIN), Some(Memberships::default()));
}

#[test]
fn lapsed_users_are_left_alone_and_not_counted() {
    let mock = mock();
    mock.seed(ALICE, usual(), false);
    mock.seed_status("expired@example.com", usual(), Status::InvitationExpired);
    mock.seed_status("rejected@example.com", usual(), Status::InvitationRejected);
    let e = mock.seed(ERIN, usual(), true);
    let lapsed = store(&mock, &["expired@example.com", "rejected@example.com"]);
    let (_d, path) = file(&usual_csv(&[ALICE]));
    let run = prune(&mock, &path, &["--maxRemovals", "1"]).run_within(HANG);
    run.code_is(0)
        .stderr_has("1 records: 0 invited, 1 already existed, 0 failed, 1 removed\n");
    assert_eq!(
        removal_lines(&run),
        [format!(
            "removed {ERIN} (id {e}): organization {O1} (not in the file)"
        )],
        "a PENDING invitation is revoked, the lapsed ones are not touched"
    );
    assert_eq!(
        writes(&mock),
        [delete(format!("/api/atlas/v2/orgs/{O1}/users/{e}"))]
    );
    assert_eq!(
        store(&mock, &["expired@example.com", "rejected@example.com"]),
        lapsed
    );
}

#[test]
fn running_the_pruned_file_again_changes_nothing() {
    let mock = mock();
    let a = mock.seed(ALICE, usual(), false);
    mock.seed(ERIN, usual(), false);
    mock.seed(OWNER, in_o1(&["ORG_OWNER"], &[], &[]), false);
    let (_d, path) = file(&usual_csv(&[ALICE]));
    prune(&mock, &path, &[]).run_within(HANG).code_is(0);
    let before = mock.calls().len();
    let after = store(&mock, &[ALICE, ERIN, OWNER]);
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(0)
        .stdout_is(&format!(
            "line 2: already exists {ALICE} (id {a})\nkept {OWNER}: organization owner (change owners by hand)\n"
        ))
        .stderr_has("1 records: 0 invited, 1 already existed, 0 failed, 0 removed, 1 kept\n");
    let again = mock.calls().split_off(before);
    assert!(
        !again.is_empty() && again.iter().all(|(m, _, _)| m == "GET"),
        "{again:#?}"
    );
    assert_eq!(store(&mock, &[ALICE, ERIN, OWNER]), after);
}

/// Runs `--prune` with `extra` and sends SIGTERM while the run's first request after its
/// reads is in flight (answered a second late); asserts that nothing came after that
/// request. A `--plan` of the same file first counts the reads (it makes the same).
fn terminated_at_first_write(mock: &Mock, path: &str, extra: &[&str]) -> (i32, Run) {
    let before = mock.received();
    let plan = [extra, &["--plan"]].concat();
    prune(mock, path, &plan).run_within(HANG).code_is(0);
    let reads = mock.received() - before;
    for _ in 0..reads {
        mock.delay(Duration::ZERO);
    }
    mock.delay(Duration::from_secs(1));
    let start = mock.received();
    let (code, run) =
        prune(mock, path, extra).signal_when(libc::SIGTERM, || mock.received() > start + reads);
    assert_eq!(
        mock.received(),
        start + reads + 1,
        "nothing after the request in flight\n{}",
        run.stderr()
    );
    (code, run)
}

#[test]
fn sigterm_during_a_removal_leaves_the_rest_not_attempted_and_sends_nothing_after() {
    let mock = mock();
    let a = mock.seed(ALICE, usual(), false);
    let e = mock.seed(ERIN, usual(), false);
    mock.seed(FRANK, usual(), false);
    let (_d, path) = file(&usual_csv(&[ALICE]));
    let (code, run) = terminated_at_first_write(&mock, &path, &[]);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(&format!(
        "line 2: already exists {ALICE} (id {a})\nremoved {ERIN} (id {e}): organization {O1} (not in the file)\nnot attempted {FRANK}\n"
    ))
    .stderr_has("1 records: 0 invited, 1 already existed, 0 failed, 1 removed, 1 removal not attempted\n")
    // A re-run that finishes the job prunes again: the advice names --prune.
    .stderr_has("stopped by SIGTERM: nothing was sent after it; run the same file again with --prune to finish\n");
    assert_eq!(
        writes(&mock),
        [delete(format!("/api/atlas/v2/orgs/{O1}/users/{e}"))]
    );
    assert_eq!(mock.memberships(FRANK), Some(usual()));
}

#[test]
fn removals_are_held_when_an_invitation_or_addition_failed_or_is_unknown() {
    let new = "new@example.com";
    for (case, code, record) in [
        ("invitation refused", 1, "1 failed (line 3)"),
        ("invitation unknown", 3, "0 failed, 1 unknown (line 3)"),
        ("addition refused", 1, "1 failed (line 2)"),
    ] {
        let mock = mock();
        let a = mock.seed(ALICE, usual(), false);
        mock.seed(ERIN, usual(), false);
        let refused = Answer::api_error(400, "INVALID_ATTRIBUTE", "Refused.", "Bad Request");
        let (at, answer, alice_roles) = match case {
            "invitation refused" => ("/users".into(), refused, format!("{O1}:ORG_MEMBER")),
            "invitation unknown" => ("/users".into(), Answer::Hangup, format!("{O1}:ORG_MEMBER")),
            _ => (
                format!("/users/{a}:addRole"),
                refused,
                format!("{O1}:ORG_MEMBER,{O1}:ORG_READ_ONLY"),
            ),
        };
        mock.answer_at("POST", &format!("/api/atlas/v2/orgs/{O1}{at}"), answer);
        let p1 = format!("{P1}:GROUP_READ_ONLY");
        let (_d, path) = file(&csv(&[row(ALICE, &alice_roles, T1, &p1), usual_row(new)]));
        let erin = store(&mock, &[ERIN]);
        let run = prune(&mock, &path, &[]).run_within(HANG);
        run.code_is(code)
            .stderr_has(&format!("{record}, 0 removed, 1 removal not attempted\n"));
        assert_eq!(
            removal_lines(&run),
            [format!("not attempted {ERIN}")],
            "{case}"
        );
        let sent = writes(&mock);
        assert!(
            sent.iter()
                .all(|(m, t, _)| m == "POST" && !t.contains("remove")),
            "{case}: {sent:#?}"
        );
        assert_eq!(store(&mock, &[ERIN]), erin, "{case}");
    }
}

#[test]
fn a_failed_removal_says_what_was_removed_and_the_others_go_on_and_a_404_counts_as_done() {
    let mock = mock();
    let both = || {
        in_o1(
            &["ORG_MEMBER"],
            &[T1, T2],
            &[(P1, &["GROUP_READ_ONLY"]), (P2, &["GROUP_READ_ONLY"])],
        )
    };
    mock.seed(ALICE, both(), false);
    mock.seed(BOB, both(), false);
    let e = mock.seed(ERIN, usual(), false);
    let f = mock.seed(FRANK, usual(), false);
    let (_d, path) = file(&csv(&[
        row(
            ALICE,
            &format!("{O1}:ORG_MEMBER"),
            "",
            &format!("{P1}:GROUP_READ_ONLY"),
        ),
        row(
            BOB,
            &format!("{O1}:ORG_MEMBER"),
            &format!("{T1},{T2}"),
            &format!("{P1}:GROUP_READ_ONLY,{P2}:GROUP_READ_ONLY"),
        ),
    ]));
    // Alice leaves T1, T2 and P2: the second is refused. Erin is gone already.
    let team = |t: &str| format!("/api/atlas/v2/orgs/{O1}/teams/{t}:removeUser");
    mock.answer_at(
        "POST",
        &team(T2),
        Answer::api_error(400, "INVALID_ATTRIBUTE", "Refused.", "Bad Request"),
    );
    mock.answer_at(
        "DELETE",
        &format!("/api/atlas/v2/orgs/{O1}/users/{e}"),
        Answer::api_error(404, "USER_NOT_FOUND", "No such user.", "Not Found"),
    );
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(1)
        .stderr_has(
            "2 records: 0 invited, 2 already existed, 0 failed, 3 removed, 1 removal failed\n",
        )
        .stderr_has("Error: 1 of the removals failed; their lines above say why\n");
    let lines = removal_lines(&run);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    let failed = &lines[0];
    assert!(
        failed.starts_with(&format!("failed {ALICE}: ")) && failed.contains("HTTP 400 Bad Request"),
        "{failed}"
    );
    assert!(
        failed.ends_with(&format!(
            "; removed: team {T1}; not removed: team {T2} (this call failed), project {P2} (not attempted)"
        )),
        "{failed}"
    );
    assert_eq!(
        lines[1..],
        [
            format!("removed {ERIN} (id {e}): organization {O1} (not in the file)"),
            format!("removed {FRANK} (id {f}): organization {O1} (not in the file)"),
        ]
    );
    let a = mock.person(ALICE, O1).unwrap().0;
    assert_eq!(
        writes(&mock),
        [
            post(team(T1), format!(r#"{{"id":"{a}"}}"#)),
            post(team(T2), format!(r#"{{"id":"{a}"}}"#)),
            delete(format!("/api/atlas/v2/orgs/{O1}/users/{e}")),
            delete(format!("/api/atlas/v2/orgs/{O1}/users/{f}")),
        ]
    );
    let alice = mock.memberships(ALICE).unwrap();
    assert_eq!(alice.orgs[O1].1, strings(&[T2]));
    assert_eq!(alice.groups.len(), 2, "P2 not attempted");
    assert_eq!(mock.memberships(FRANK), Some(Memberships::default()));
}

#[test]
fn a_refused_read_in_scope_stops_the_run_before_anything_is_sent() {
    for (at, what) in [
        (
            format!("/api/atlas/v2/groups/{P1}/users"),
            format!("project {P1}"),
        ),
        (
            format!("/api/atlas/v2/orgs/{O1}/users"),
            format!("organization {O1}"),
        ),
    ] {
        let mock = mock();
        mock.seed(ALICE, usual(), false);
        mock.seed(ERIN, usual(), false);
        let before = store(&mock, &[ALICE, ERIN]);
        mock.answer_at(
            "GET",
            &at,
            Answer::api_error(403, "FORBIDDEN", "Not allowed.", "Forbidden"),
        );
        // A new person too: an invitation would be sent if the run went on.
        let (_d, path) = file(&usual_csv(&[ALICE, "new@example.com"]));
        let run = prune(&mock, &path, &[]).run_within(HANG);
        run.code_is(1).stdout_is("").stderr_has(&format!(
            "Error: --prune: reading {what} was refused (403 Forbidden), so who to remove there cannot be known; nothing was sent (give the credentials read access, or leave it out of the file)\n"
        ));
        only_reads(&mock);
        assert_eq!(store(&mock, &[ALICE, ERIN]), before);
    }
}

#[test]
fn prune_refusals_exit_2_and_send_nothing() {
    let mock = Mock::start();
    let (_d, path) = file(&usual_csv(&[ALICE]));
    let file_run = |extra: &[&str]| {
        atlas(&["users", "invite", "--file", &path])
            .args(extra)
            .against(&mock)
    };
    let single = atlas(&crate::support::PERSON)
        .args(&["--orgRole", &format!("{O1}:ORG_MEMBER"), "--prune"])
        .against(&mock);
    let cases = [
        (single, "error parsing flag --prune: it needs --file (the file is the list of who keeps access)"),
        (
            file_run(&["--prune", "--apiVersion", "2023-01-01", "--password", "Correct-Horse-9"]),
            "error parsing flag --prune: it needs the 2025-02-19 endpoints (the reads and the removals): use --apiVersion 2025-02-19 or auto",
        ),
        (
            file_run(&["--maxRemovals", "3"]),
            "error parsing flag --maxRemovals: it bounds --prune, which is not given",
        ),
        (
            file_run(&["--prune", "--maxRemovals", "ten"]),
            r#"error parsing flag --maxRemovals: "ten" is not a whole number of removals (0 or more; default 5)"#,
        ),
        (
            file_run(&["--prune", "--maxRemovals=-1"]),
            r#"error parsing flag --maxRemovals: "-1" is not a whole number of removals (0 or more; default 5)"#,
        ),
    ];
    for (cmd, message) in cases {
        cmd.run_within(HANG)
            .code_is(2)
            .stdout_is("")
            .stderr_has(&format!("Error: {message}\n"));
    }
    assert_eq!((mock.received(), mock.connections()), (0, 0));
}

/// Alice as the file asks; carol in team T2 and with GROUP_OWNER in P1 beside what the
/// file asks; erin not in the file; an owner not in the file. Returns carol's and erin's ids.
fn planned(mock: &Mock) -> (String, String) {
    mock.seed(
        ALICE,
        in_o1(&["ORG_MEMBER"], &[T1, T2], &[(P1, &["GROUP_READ_ONLY"])]),
        false,
    );
    let c = mock.seed(
        CAROL,
        in_o1(
            &["ORG_MEMBER"],
            &[T1, T2],
            &[(P1, &["GROUP_READ_ONLY", "GROUP_OWNER"])],
        ),
        false,
    );
    let e = mock.seed(ERIN, usual(), false);
    mock.seed(OWNER, in_o1(&["ORG_OWNER"], &[], &[]), false);
    (c, e)
}

#[test]
fn a_plan_lists_each_removal_call_and_the_run_then_sends_exactly_those() {
    let mock = mock();
    let (c, e) = planned(&mock);
    let (org, p1) = (format!("{O1}:ORG_MEMBER"), format!("{P1}:GROUP_READ_ONLY"));
    let (_d, path) = file(&csv(&[
        row(ALICE, &org, &format!("{T1},{T2}"), &p1),
        row(CAROL, &org, T1, &p1),
    ]));
    let plan = prune(&mock, &path, &["--plan"]).run_within(HANG);
    plan.code_is(0).stdout_is(&format!(
        "line 2: unchanged {ALICE} (ACTIVE)
line 3: unchanged {CAROL} (ACTIVE)
remove {CAROL} from team {T2}
    POST /api/atlas/v2/orgs/{O1}/teams/{T2}:removeUser
remove GROUP_OWNER in {P1} from {CAROL}
    POST /api/atlas/v2/groups/{P1}/users/{c}:removeRole
remove {ERIN} from organization {O1} (not in the file)
    DELETE /api/atlas/v2/orgs/{O1}/users/{e}
kept {OWNER}: organization owner (change owners by hand)
Plan: 0 to invite, 0 to re-invite, 0 to update, 2 unchanged, 3 to remove, 1 kept
"
    ));
    only_reads(&mock);

    let json = prune(&mock, &path, &["--plan", "-o", "json"]).run_within(HANG);
    let remove = |user: &str, method: &str, path: String, body: &str| {
        format!(
            r#"{{"line":null,"username":"{user}","action":"remove","status":"ACTIVE","calls":[{{"method":"{method}","path":"{path}","body":{body}}}]}}"#
        )
    };
    json.code_is(0).stderr_has(
        "Plan: 0 to invite, 0 to re-invite, 0 to update, 2 unchanged, 3 to remove, 1 kept\n",
    );
    assert_eq!(
        removal_lines(&json),
        [
            remove(
                CAROL,
                "POST",
                format!("/api/atlas/v2/orgs/{O1}/teams/{T2}:removeUser"),
                &format!(r#"{{"id":"{c}"}}"#)
            ),
            remove(
                CAROL,
                "POST",
                format!("/api/atlas/v2/groups/{P1}/users/{c}:removeRole"),
                r#"{"groupRole":"GROUP_OWNER"}"#
            ),
            remove(
                ERIN,
                "DELETE",
                format!("/api/atlas/v2/orgs/{O1}/users/{e}"),
                "null"
            ),
            format!(
                r#"{{"line":null,"username":"{OWNER}","action":"kept","status":"ACTIVE","calls":[]}}"#
            ),
        ]
    );
    only_reads(&mock);

    // The run sends the plan's calls, in its order, and nothing else.
    prune(&mock, &path, &[]).run_within(HANG).code_is(0);
    let planned: Vec<(String, String)> = plan
        .stdout()
        .lines()
        .filter_map(|l| l.strip_prefix("    ")?.split_once(' '))
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let sent: Vec<(String, String)> = writes(&mock).into_iter().map(|(m, t, _)| (m, t)).collect();
    assert_eq!(sent, planned);
    assert_eq!(
        mock.memberships(CAROL),
        Some(in_o1(&["ORG_MEMBER"], &[T1], &[(P1, &["GROUP_READ_ONLY"])]))
    );
}

#[test]
fn a_dry_run_states_the_removal_rule_and_connects_nowhere() {
    let mock = Mock::start();
    let (_d, path) = file(&usual_csv(&[ALICE]));
    for (extra, max) in [(&[][..], 5), (&["--maxRemovals", "7"][..], 7)] {
        prune(&mock, &path, &["--dryRun"]).args(extra).run_within(HANG).code_is(0).stdout_has(&format!(
            "# --prune: after every invitation and addition succeeded, what the file no longer asks is removed within the organizations, teams and projects it names (removeOrgUser for people not in the file, removeOrgUserRole, removeOrgTeamUser, removeGroupUser, removeGroupUserRole); organization owners are kept; more than {max} removals (--maxRemovals) and nothing is sent; who is removed depends on the reads, so a dry run cannot say (use --plan)\n"
        ));
    }
    assert_eq!(mock.connections(), 0);
}

#[test]
fn sigterm_between_two_removals_of_the_last_person_fails_them_and_exits_143() {
    let mock = mock();
    let a = mock.seed(ALICE, usual(), false);
    let bob = memberships(&[], &[(P3, &["GROUP_READ_ONLY"])]);
    mock.seed(BOB, bob, false);
    // Erin leaves O1, then P3 (of O2).
    let e = mock.seed(
        ERIN,
        in_o1(&["ORG_MEMBER"], &[], &[(P3, &["GROUP_OWNER"])]),
        false,
    );
    let p3 = format!("{P3}:GROUP_READ_ONLY");
    let (_d, path) = file(&csv(&[usual_row(ALICE), row(BOB, "", "", &p3)]));
    let (code, run) = terminated_at_first_write(&mock, &path, &[]);
    let b = mock.person(BOB, O2).unwrap().0;
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(&format!(
        "line 2: already exists {ALICE} (id {a})\nline 3: already exists {BOB} (id {b})\nfailed {ERIN}: stopped by SIGTERM before this call; removed: organization {O1} (not in the file); not removed: project {P3} (not attempted)\n"
    ))
    .stderr_has("stopped by SIGTERM: nothing was sent after it");
    assert_eq!(
        writes(&mock),
        [delete(format!("/api/atlas/v2/orgs/{O1}/users/{e}"))]
    );
}

#[test]
fn sigterm_during_the_last_records_additions_holds_the_removals_and_exits_143() {
    let mock = mock();
    let a = mock.seed(ALICE, usual(), false);
    mock.seed(ERIN, usual(), false);
    let (_d, path) = file(&csv(&[row(
        ALICE,
        &format!("{O1}:ORG_MEMBER,{O1}:ORG_BILLING_ADMIN"),
        T1,
        &format!("{P1}:GROUP_READ_ONLY,{P1}:GROUP_OWNER"),
    )]));
    let (code, run) = terminated_at_first_write(&mock, &path, &[]);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(&format!(
        "line 2: failed {ALICE}: stopped by SIGTERM before this call; exists: organization {O1} (id {a}); added: ORG_BILLING_ADMIN in {O1}; not added: GROUP_OWNER in {P1} (not attempted)\nnot attempted {ERIN}\n"
    ))
    .stderr_has("stopped by SIGTERM: nothing was sent after it");
    assert_eq!(writes(&mock).len(), 1);
}

#[test]
fn a_removal_that_may_have_taken_effect_is_unknown_never_resent_and_exits_3() {
    let mock = mock();
    mock.seed(ALICE, usual(), false);
    let e = mock.seed(ERIN, usual(), false);
    let f = mock.seed(FRANK, usual(), false);
    let erin = format!("/api/atlas/v2/orgs/{O1}/users/{e}");
    mock.answer_at("DELETE", &erin, Answer::Hangup);
    let (_d, path) = file(&usual_csv(&[ALICE]));
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(3)
        .stderr_has("1 records: 0 invited, 1 already existed, 0 failed, 1 removed, 1 removal unknown\n")
        .stderr_has("Error: 1 removal is unknown or not attempted: check them in Atlas, then run the file again with --prune\n");
    let lines = removal_lines(&run);
    assert!(
        lines[0].starts_with(&format!("unknown {ERIN}: "))
            && lines[0].contains("the removal may or may not have taken effect"),
        "{lines:#?}"
    );
    assert_eq!(
        lines[1..],
        [format!(
            "removed {FRANK} (id {f}): organization {O1} (not in the file)"
        )]
    );
    assert_eq!(
        writes(&mock),
        [
            delete(erin),
            delete(format!("/api/atlas/v2/orgs/{O1}/users/{f}"))
        ],
        "sent once"
    );
}

#[test]
fn a_file_user_is_known_whatever_the_case_of_their_name() {
    let mock = mock();
    mock.seed(ALICE, usual(), false);
    mock.seed("Bob@Example.com", usual(), false);
    let (_d, path) = file(&usual_csv(&["ALICE@example.com", "bob@example.COM"]));
    let before = store(&mock, &[ALICE, BOB]);
    prune(&mock, &path, &[])
        .run_within(HANG)
        .code_is(0)
        .stderr_has("2 records: 0 invited, 2 already existed, 0 failed\n");
    assert_eq!(writes(&mock), []);
    assert_eq!(store(&mock, &[ALICE, BOB]), before);
}

#[test]
fn people_on_later_pages_of_a_read_are_pruned_too() {
    let mock = mock();
    let ids = many(&mock, 502);
    let (_d, path) = file(&many_csv(500));
    let run = prune(&mock, &path, &[]).run_within(HANG);
    run.code_is(0)
        .stderr_has("500 records: 0 invited, 500 already existed, 0 failed, 2 removed\n");
    let reads: Vec<String> = mock.calls().into_iter().map(|(_, t, _)| t).collect();
    assert!(
        reads.iter().any(|t| t.contains("pageNum=2")),
        "{:#?}",
        &reads[..3]
    );
    assert_eq!(
        writes(&mock),
        [
            delete(format!("/api/atlas/v2/orgs/{O1}/users/{}", ids[500])),
            delete(format!("/api/atlas/v2/orgs/{O1}/users/{}", ids[501])),
        ]
    );
}

/// A listOrgUsers answer of these members (each a JSON object), as Atlas's media type.
fn crafted(results: &[String]) -> Answer {
    Answer::Respond {
        status: 200,
        content_type: crate::support::mock::MEDIA_2025.into(),
        body: format!(
            r#"{{"links":[],"results":[{}],"totalCount":{}}}"#,
            results.join(","),
            results.len()
        ),
        headers: Vec::new(),
    }
}

#[test]
fn a_full_page_of_members_without_names_is_refused_as_such_not_as_a_repetition() {
    let mock = mock();
    mock.seed(ALICE, usual(), false);
    let roles = r#""orgMembershipStatus":"ACTIVE","roles":{"orgRoles":["ORG_MEMBER"]}"#;
    // Page 1: 500 members without a username (nobody new by name); page 2 is the mock's.
    let members: Vec<String> = (0..500)
        .map(|i| format!(r#"{{"id":"5e00000000000000000{i:05x}",{roles}}}"#))
        .collect();
    mock.answer_at(
        "GET",
        &format!("/api/atlas/v2/orgs/{O1}/users"),
        crafted(&members),
    );
    let (_d, path) = file(&csv(&[row(ALICE, &format!("{O1}:ORG_MEMBER"), "", "")]));
    let run = prune(&mock, &path, &["--apiVersion", "2025-02-19"]).run_within(HANG);
    run.code_is(1).stdout_is("").stderr_has(&format!(
        "Error: --prune: reading organization {O1} listed 500 members without a username or an id, so who to remove there cannot be known; nothing was sent\n"
    ));
    only_reads(&mock);
}

#[test]
fn members_without_a_username_or_an_id_make_prune_refuse_before_anything_is_sent() {
    let mock = mock();
    let a = mock.seed(ALICE, usual(), false);
    let roles = r#""orgMembershipStatus":"ACTIVE","roles":{"orgRoles":["ORG_MEMBER"]}"#;
    // Alice, someone without a username, someone without an id.
    let members = [
        format!(r#"{{"id":"{a}",{roles},"username":"{ALICE}"}}"#),
        format!(r#"{{"id":"5e0000000000000000000abc",{roles}}}"#),
        format!(r#"{{{roles},"username":"{ERIN}"}}"#),
    ];
    let (_d, path) = file(&csv(&[
        row(ALICE, &format!("{O1}:ORG_MEMBER"), "", ""),
        row("new@example.com", &format!("{O1}:ORG_MEMBER"), "", ""),
    ]));
    mock.answer_at(
        "GET",
        &format!("/api/atlas/v2/orgs/{O1}/users"),
        crafted(&members),
    );
    let run = prune(&mock, &path, &["--apiVersion", "2025-02-19"]).run_within(HANG);
    run.code_is(1).stdout_is("").stderr_has(&format!(
        "Error: --prune: reading organization {O1} listed 2 members without a username or an id, so who to remove there cannot be known; nothing was sent\n"
    ));
    only_reads(&mock);

    // Without --prune the same read is fine: those members are never matched.
    mock.answer_at(
        "GET",
        &format!("/api/atlas/v2/orgs/{O1}/users"),
        crafted(&members),
    );
    let run = atlas(&["users", "invite", "--file", &path])
        .args(&["--ifNotExists", "--apiVersion", "2025-02-19"])
        .against(&mock)
        .run_within(HANG);
    run.code_is(0)
        .stderr_has("2 records: 1 invited, 1 already existed, 0 failed\n");
    assert_eq!(
        writes(&mock),
        [post(
            format!("/api/atlas/v2/orgs/{O1}/users"),
            r#"{"username":"new@example.com","roles":{"orgRoles":["ORG_MEMBER"]}}"#.into()
        )]
    );
}

/// A 429 asking to wait `retry_after` seconds.
fn limited(retry_after: &str) -> Answer {
    let mut a = Answer::api_error(429, "RATE_LIMITED", "Slow down.", "Too Many Requests");
    if let Answer::Respond { headers, .. } = &mut a {
        headers.push(("Retry-After".into(), retry_after.into()));
    }
    a
}

#[test]
fn a_removal_partly_done_then_rate_limited_past_the_bound_fails_and_stops_the_run() {
    for json_out in [false, true] {
        let mock = mock();
        mock.seed(ALICE, usual(), false);
        let bob = memberships(&[], &[(P3, &["GROUP_READ_ONLY"])]);
        mock.seed(BOB, bob, false);
        // Erin leaves O1, then P3 (of O2): the second is rate limited past ATLAS_MAX_WAIT.
        let e = mock.seed(
            ERIN,
            in_o1(&["ORG_MEMBER"], &[], &[(P3, &["GROUP_OWNER"])]),
            false,
        );
        mock.seed(FRANK, usual(), false);
        let p3 = format!("/api/atlas/v2/groups/{P3}/users/{e}");
        mock.answer_at("DELETE", &p3, limited("30"));
        let (_d, path) = file(&csv(&[
            usual_row(ALICE),
            row(BOB, "", "", &format!("{P3}:GROUP_READ_ONLY")),
        ]));
        let extra: &[&str] = if json_out { &["-o", "json"] } else { &[] };
        let run = prune(&mock, &path, extra)
            .env("ATLAS_MAX_WAIT", "1")
            .run_within(HANG);
        let why = format!(
            "DELETE {}{}: rate limited (RATE_LIMITED): Atlas asked to wait 30s before retrying; this command waits at most 1s in all (ATLAS_MAX_WAIT)",
            mock.url(),
            &p3[1..]
        );
        let notes = format!(
            "; removed: organization {O1} (not in the file); not removed: project {P3} (this call failed)"
        );
        run.code_is(3)
            .stderr_has("2 records: 0 invited, 2 already existed, 0 failed, 1 removed, 1 removal failed, 1 removal not attempted\n")
            .stderr_has(&format!("Error: {why}{notes}; the rest were not attempted: run the same file again with --prune to resume\n"));
        let lines = removal_lines(&run);
        if json_out {
            assert!(
                lines[0].starts_with(&format!(
                    r#"{{"line":null,"username":"{ERIN}","result":"failed","id":null,"error":"{why}"#
                )),
                "{lines:#?}"
            );
            assert!(
                lines[0].ends_with(&format!(
                    r#"{notes}","removed":[{{"kind":"org","org":"{O1}"}}]}}"#
                )),
                "{lines:#?}"
            );
            assert_eq!(
                lines[1],
                format!(
                    r#"{{"line":null,"username":"{FRANK}","result":"not attempted","id":null,"error":null}}"#
                )
            );
        } else {
            assert!(
                lines[0].starts_with(&format!("failed {ERIN}: {why}"))
                    && lines[0].ends_with(&notes),
                "{lines:#?}"
            );
            assert_eq!(lines[1], format!("not attempted {FRANK}"));
        }
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert_eq!(
            writes(&mock),
            [
                delete(format!("/api/atlas/v2/orgs/{O1}/users/{e}")),
                delete(p3),
            ],
            "once each, nothing for frank"
        );
        assert_eq!(mock.memberships(FRANK), Some(usual()));
    }
}

#[test]
fn a_signal_whose_grace_ends_during_a_removal_leaves_it_unknown_and_the_rest_not_attempted() {
    let mock = mock();
    let a = mock.seed(ALICE, usual(), false);
    let e = mock.seed(ERIN, usual(), false);
    mock.seed(FRANK, usual(), false);
    // Erin's removal is answered one byte a second: past the 2s grace after the signal.
    let erin = format!("/api/atlas/v2/orgs/{O1}/users/{e}");
    mock.answer_at("DELETE", &erin, Answer::Trickle { status: 200 });
    let (_d, path) = file(&usual_csv(&[ALICE]));
    let arrived = || mock.calls().iter().any(|(m, _, _)| m == "DELETE");
    let (code, run) = prune(&mock, &path, &[]).signal_when(libc::SIGTERM, arrived);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    run.stdout_is(&format!(
        "line 2: already exists {ALICE} (id {a})\nunknown {ERIN}\nnot attempted {FRANK}\n"
    ))
    .stderr_has("1 records: 0 invited, 1 already existed, 0 failed, 0 removed, 1 removal unknown, 1 removal not attempted\n")
    .stderr_has("stopped by SIGTERM: the answer in flight did not come within 2s, so that removal is unknown; check it in Atlas, then run the same file again with --prune\n");
    assert_eq!(writes(&mock), [delete(erin)], "nothing after it");
    assert_eq!(mock.memberships(FRANK), Some(usual()));
}

/// Team `i` of O1: 24 hexadecimal digits.
fn team(i: usize) -> String {
    format!("66b6d8e2a1b2c3d4{i:08x}")
}

#[test]
fn prune_finds_each_persons_team_removal_among_2000_people_and_teams() {
    // Person i is in team i, which their record names, and in team i+1, which the next
    // record names: one team removal each, every team of the file a candidate. That the
    // cost grows in proportion (10x the people) is `make bench`'s row, not a timed test.
    const N: usize = 2_000;
    let mock = mock();
    let user = |i: usize| format!("u{i:05}@example.com");
    mock.seed_many((0..N).map(|i| {
        let teams = [team(i), team((i + 1) % N)];
        let teams: Vec<&str> = teams.iter().map(String::as_str).collect();
        (user(i), in_o1(&["ORG_MEMBER"], &teams, &[]), Status::Active)
    }));
    let rows: Vec<String> = (0..N)
        .map(|i| row(&user(i), &format!("{O1}:ORG_MEMBER"), &team(i), ""))
        .collect();
    let (_d, path) = file(&csv(&rows));
    let run = prune(&mock, &path, &["--plan", "--maxRemovals", "100000"]).run();
    run.code_is(0);
    let out = run.stdout();
    let removals: Vec<&str> = out.lines().filter(|l| l.starts_with("remove ")).collect();
    assert_eq!(removals.len(), N);
    for (i, line) in removals.iter().enumerate() {
        assert_eq!(
            *line,
            format!("remove {} from team {}", user(i), team((i + 1) % N))
        );
    }
    let calls = out.lines().filter(|l| l.ends_with(":removeUser")).count();
    assert_eq!(calls, N);
    assert!(
        out.ends_with(
            "Plan: 0 to invite, 0 to re-invite, 0 to update, 2000 unchanged, 2000 to remove\n"
        ),
        "{}",
        &out[out.len().saturating_sub(200)..]
    );
    only_reads(&mock);
}

#[test]
fn a_signal_whose_grace_ends_during_a_records_call_leaves_the_removals_not_attempted() {
    let mock = mock();
    let a = mock.seed(ALICE, usual(), false);
    mock.seed(ERIN, usual(), false);
    // Alice's addition is answered one byte a second: past the 2s grace after the signal.
    let add = format!("/api/atlas/v2/orgs/{O1}/users/{a}:addRole");
    mock.answer_at("POST", &add, Answer::Trickle { status: 200 });
    let (_d, path) = file(&csv(&[row(
        ALICE,
        &format!("{O1}:ORG_MEMBER,{O1}:ORG_BILLING_ADMIN"),
        T1,
        &format!("{P1}:GROUP_READ_ONLY"),
    )]));
    let arrived = || mock.calls().iter().any(|(m, _, _)| m == "POST");
    let (code, run) = prune(&mock, &path, &[]).signal_when(libc::SIGTERM, arrived);
    assert_eq!(code, 143, "{}\n{}", run.stdout(), run.stderr());
    // As when the answer comes within the grace: erin's removal is held back.
    run.stdout_is(&format!("line 2: unknown {ALICE}\nnot attempted {ERIN}\n"))
        .stderr_has("1 records: 0 invited, 0 already existed, 0 failed, 1 unknown (line 2), 0 removed, 1 removal not attempted\n")
        .stderr_has("stopped by SIGTERM: the answer in flight did not come within 2s, so that record is unknown; check it in Atlas, then run the same file again with --prune\n");
    assert_eq!(
        writes(&mock),
        [post(add, r#"{"orgRole":"ORG_BILLING_ADMIN"}"#.into())],
        "nothing after it"
    );
    assert_eq!(mock.memberships(ERIN), Some(usual()));
}
