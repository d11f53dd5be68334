//! `--teamId`: inviting straight into teams through createOrgUser's `teamIds`, validated
//! before anything is sent, in single invites and files, under every `--apiVersion`.

use crate::support::mock::{Mock, MEDIA_2025};
use crate::support::{atlas, Cmd, TempDir, PERSON};

const O1: &str = "5dd56c847a3e5a1f363d424d";
const O2: &str = "5dd56c847a3e5a1f363d424e";
const P1: &str = "5f71e5255afec75a3d0f96dc";
const T1: &str = "66b6d8e2a1b2c3d4e5f60719";
const T2: &str = "66b6d8e2a1b2c3d4e5f6071a";

fn invite(extra: &[&str]) -> Cmd {
    atlas(&PERSON).args(extra)
}

#[test]
fn one_organization_takes_a_plain_team_id_in_its_create_org_user_call() {
    let mock = Mock::start();
    let org = format!("{O1}:ORG_MEMBER");
    let run = invite(&[
        "--orgRole",
        &org,
        "--teamId",
        &format!("{T1},{T2}"),
        "--apiVersion",
        "2025-02-19",
        "-o",
        "json",
    ])
    .against(&mock)
    .run();
    run.code_is(0);
    assert_eq!(
        mock.authorized_calls(),
        [(
            format!("/api/atlas/v2/orgs/{O1}/users"),
            format!(
                r#"{{"username":"user@example.com","roles":{{"orgRoles":["ORG_MEMBER"]}},"teamIds":["{T1}","{T2}"]}}"#
            )
        )]
    );
    assert_eq!(mock.requests()[1].header("content-type"), Some(MEDIA_2025));
    let out = run.stdout();
    assert!(
        out.contains(&format!("\"teamIds\": [\n    \"{T1}\",\n    \"{T2}\"\n  ]")),
        "{out}"
    );
    invite(&[
        "--orgRole",
        &org,
        "--teamId",
        T1,
        "--apiVersion",
        "2025-02-19",
        "-o",
        "go-template={{.TeamIds}}",
    ])
    .against(&Mock::start())
    .run()
    .code_is(0)
    .stdout_is(&format!("[{T1}]"));
}

#[test]
fn org_team_pairs_go_to_their_organizations_calls() {
    let mock = Mock::start();
    let roles = format!("{O1}:ORG_MEMBER,{O2}:ORG_OWNER");
    invite(&[
        "--orgRole",
        &roles,
        "--teamId",
        &format!("{O2}:{T2}"),
        "--teamId",
        &format!("{O1}:{T1}"),
        "--apiVersion",
        "2025-02-19",
    ])
    .against(&mock)
    .run()
    .code_is(0);
    assert_eq!(
        mock.authorized_calls(),
        [
            (
                format!("/api/atlas/v2/orgs/{O1}/users"),
                format!(
                    r#"{{"username":"user@example.com","roles":{{"orgRoles":["ORG_MEMBER"]}},"teamIds":["{T1}"]}}"#
                )
            ),
            (
                format!("/api/atlas/v2/orgs/{O2}/users"),
                format!(
                    r#"{{"username":"user@example.com","roles":{{"orgRoles":["ORG_OWNER"]}},"teamIds":["{T2}"]}}"#
                )
            ),
        ]
    );
}

#[test]
fn bad_teams_are_refused_before_sending() {
    let mock = Mock::start();
    let one = format!("{O1}:ORG_MEMBER");
    let two = format!("{O1}:ORG_MEMBER,{O2}:ORG_MEMBER");
    let project = format!("{P1}:GROUP_OWNER");
    let cases: Vec<(Vec<String>, String)> = vec![
        (vec!["--orgRole".into(), one.clone(), "--teamId".into(), "nope".into()],
            "error parsing flag --teamId \"nope\": want TEAM or ORG:TEAM, each 24 lowercase hexadecimal digits".into()),
        (vec!["--orgRole".into(), one.clone(), "--teamId".into(), format!("{O2}:{T1}")],
            format!("organization {O2} has no --orgRole in this invite")),
        (vec!["--orgRole".into(), two, "--teamId".into(), T1.into()],
            "this invite names several organizations: write ORG:TEAM".into()),
        (vec!["--projectRole".into(), project, "--teamId".into(), T1.into()],
            "a team is joined through an organization, and this invite has none: add --orgRole ORG:ROLE".into()),
        (vec!["--orgRole".into(), one.clone(), "--teamId".into(), format!("{T1},{O1}:{T1}")],
            "the team is given twice".into()),
        (vec!["--orgRole".into(), one.clone(), "--teamId".into(), format!("{T1},")],
            "a team id is empty".into()),
        (vec!["--orgRole".into(), one, "--teamId".into(), T1.into(), "--apiVersion".into(), "2023-01-01".into()],
            "error parsing flag --teamId: teams need the 2025-02-19 endpoints (createUser cannot add a user to a team): use --apiVersion 2025-02-19 or auto".into()),
    ];
    for (args, want) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        invite(&args)
            .args(&["--password", "Correct-Horse-9"])
            .against(&mock)
            .run()
            .code_is(2)
            .stderr_has(&want);
    }
    assert_eq!(mock.connections(), 0, "nothing sent");
}

#[test]
fn auto_invites_a_team_through_the_2025_endpoints_from_the_start_without_a_password() {
    let mock = Mock::start();
    let org = format!("{O1}:ORG_MEMBER");
    // No --password, and stdin is empty: reading one would fail.
    let run = invite(&["--orgRole", &org, "--teamId", T1])
        .against(&mock)
        .run();
    run.code_is(0)
        .stderr_has("--teamId: inviting through the 2025-02-19 org user endpoint, which adds the user to teams in the same call (createUser cannot)\n");
    let targets: Vec<String> = mock
        .authorized_calls()
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(targets, [format!("/api/atlas/v2/orgs/{O1}/users")]);
}

fn file(name: &str, text: &str) -> (TempDir, String) {
    crate::support::temp_file("teams", name, text)
}

#[test]
fn a_file_with_a_team_id_column_and_the_flag_filling_empty_cells() {
    let mock = Mock::start();
    let (_d, csv) = file(
        "team.csv",
        &format!("username,orgRole,teamId\na@example.com,{O1}:ORG_MEMBER,\"{T1},{T2}\"\nb@example.com,{O1}:ORG_MEMBER,\n"),
    );
    let names = ["--firstName", "A", "--lastName", "B", "--country", "US"];
    atlas(&[
        "users",
        "invite",
        "--file",
        &csv,
        "--teamId",
        T2,
        "--apiVersion",
        "2025-02-19",
    ])
    .args(&names)
    .against(&mock)
    .run()
    .code_is(0)
    .stderr_has("2 records: 2 invited");
    let bodies: Vec<String> = mock
        .authorized_calls()
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    assert!(
        bodies[0].ends_with(&format!(r#""teamIds":["{T1}","{T2}"]}}"#)),
        "{}",
        bodies[0]
    );
    assert!(
        bodies[1].ends_with(&format!(r#""teamIds":["{T2}"]}}"#)),
        "{}",
        bodies[1]
    );
    let (_d2, jsonl) = file(
        "team.jsonl",
        &format!("{{\"username\":\"c@example.com\",\"orgRole\":\"{O1}:ORG_MEMBER\",\"teamId\":[\"{T1}\"]}}\n"),
    );
    let run = atlas(&[
        "users",
        "invite",
        "--file",
        &jsonl,
        "--dryRun",
        "--apiVersion",
        "2025-02-19",
    ])
    .args(&names)
    .against(&mock)
    .run();
    run.code_is(0)
        .stdout_has(&format!(r#""teamIds":["{T1}"]}}"#));
}
