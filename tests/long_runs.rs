//! Long provisioning runs against what a fast local server never shows: createUser turning
//! 410 mid-file, Atlas's rate limits (a token bucket, a shared bucket, the invitation
//! limit), expiring service-account tokens, wrong credentials, signals, and the progress
//! line on a terminal.

use crate::support::mock::{Mock, Options};
use crate::support::{atlas, users_csv, Cmd, TempDir, ORG, PASSWORD};

/// A file holding `text` in a fresh directory (kept alive by the returned guard).
fn file(text: &str) -> (TempDir, String) {
    let dir = crate::support::temp_dir("long-runs");
    let path = dir.join("users.csv");
    std::fs::write(&path, text).unwrap();
    let shown = path.display().to_string();
    (dir, shown)
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
