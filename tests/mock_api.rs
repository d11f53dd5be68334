//! The mock's 2025-02-19 people endpoints, driven with `curl --digest` to show that they
//! follow the API description: paged reads with an untrustworthy `totalCount`, status
//! filters, lapsed users replaced, the five removals and what they leave in the store,
//! and the test hooks (answers by path, people who arrive late, `calls`).

use std::collections::BTreeMap;
use std::process::Command;

use miniserde::json::{self, Object, Value};

use crate::support::mock::{Answer, Memberships, Mock, Options, Status, MEDIA_2025};

const O1: &str = "5dd56c847a3e5a1f363d424d";
const O2: &str = "5dd56c847a3e5a1f363d424e";
const P1: &str = "5f71e5255afec75a3d0f96dc";
const P2: &str = "5f71e5255afec75a3d0f96dd";
const P3: &str = "5f71e5255afec75a3d0f96de";
const T1: &str = "66b6d8e2a1b2c3d4e5f60719";
const USER: &str = "user@example.com";

/// One answer as curl saw it.
struct Got {
    status: u16,
    retry_after: String,
    body: String,
}

impl Got {
    fn json(&self) -> Object {
        match json::from_str::<Value>(&self.body) {
            Ok(Value::Object(o)) => o,
            _ => panic!("not a JSON object ({}): {}", self.status, self.body),
        }
    }

    /// The `results` of a list answer, as (id, username, orgMembershipStatus).
    fn results(&self) -> Vec<(String, String, String)> {
        let Some(Value::Array(items)) = self.json().get("results").cloned() else {
            panic!("no results: {}", self.body)
        };
        let row = |v: &Value| {
            let Value::Object(o) = v else { panic!("{v:?}") };
            (
                text(o, "id"),
                text(o, "username"),
                text(o, "orgMembershipStatus"),
            )
        };
        items.iter().map(row).collect()
    }

    fn total(&self) -> String {
        self.json()
            .get("totalCount")
            .map_or("absent".into(), json::to_string)
    }

    fn error_code(&self) -> String {
        text(&self.json(), "errorCode")
    }
}

fn text(o: &Object, k: &str) -> String {
    match o.get(k) {
        Some(Value::String(s)) => s.clone(),
        other => panic!("{k} is {other:?}"),
    }
}

/// `method path` with the 2025-02-19 media type in Accept, and in Content-Type with a body.
fn call(mock: &Mock, method: &str, path: &str, body: Option<&str>) -> Got {
    let mut headers = vec![format!("Accept: {MEDIA_2025}")];
    if body.is_some() {
        headers.push(format!("Content-Type: {MEDIA_2025}"));
    }
    curl(mock, method, path, body, &headers)
}

/// One request through `curl --digest` with exactly these headers.
fn curl(mock: &Mock, method: &str, path: &str, body: Option<&str>, headers: &[String]) -> Got {
    let mut c = Command::new("curl");
    c.args(["--silent", "--show-error", "--digest", "--user"])
        .arg(format!("{}:{}", mock.opts.public, mock.opts.private))
        .arg("--cacert")
        .arg(&mock.ca_file)
        .args(["--request", method]);
    for h in headers {
        c.args(["-H", h]);
    }
    if let Some(b) = body {
        c.args(["--data-binary", b]);
    }
    c.args(["--write-out", "\n%{http_code} %header{retry-after}"])
        .arg(format!("{}{}", mock.url(), path.trim_start_matches('/')));
    let out = c
        .output()
        .expect("curl is not installed: run .ci/install-deps (make test does)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, last) = text.rsplit_once('\n').unwrap_or(("", &text));
    let (status, retry_after) = last.split_once(' ').unwrap_or((last, ""));
    Got {
        status: status.parse().unwrap_or(0),
        retry_after: retry_after.trim().to_string(),
        body: body.to_string(),
    }
}

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// ORG_MEMBER of O1, with `projects` (GROUP_READ_ONLY each).
fn in_o1(projects: &[&str]) -> Memberships {
    Memberships {
        orgs: BTreeMap::from([(O1.to_string(), (v(&["ORG_MEMBER"]), Vec::new()))]),
        groups: projects
            .iter()
            .map(|p| (p.to_string(), v(&["GROUP_READ_ONLY"])))
            .collect(),
    }
}

fn users(org: &str) -> String {
    format!("/api/atlas/v2/orgs/{org}/users")
}

#[test]
fn a_1200_person_organization_reads_in_three_pages_and_the_total_is_only_an_estimate() {
    let mock = Mock::with(Options {
        total_count_skew: -250,
        ..Options::default()
    });
    // 1,200 ACTIVE or PENDING members and 30 expired invitations among them.
    let status = |i: usize| match (i % 41, i % 2) {
        (40, _) => Status::InvitationExpired,
        (_, 0) => Status::Active,
        _ => Status::Pending,
    };
    let seeded = mock
        .seed_many((0..1230).map(|i| (format!("user{i:04}@example.com"), in_o1(&[]), status(i))));
    let live: Vec<String> = (0..1230)
        .filter(|i| status(*i).live())
        .map(|i| seeded[i].clone())
        .collect();
    assert_eq!(live.len(), 1200);
    let mut read = Vec::new();
    for (page, want) in [(1, 500), (2, 500), (3, 200), (4, 0)] {
        let got = call(
            &mock,
            "GET",
            &format!("{}?itemsPerPage=500&pageNum={page}", users(O1)),
            None,
        );
        assert_eq!(got.status, 200, "{}", got.body);
        // A client that stops once it has totalCount people misses the third page.
        assert_eq!(got.total(), "950", "page {page}");
        let rows = got.results();
        assert_eq!(rows.len(), want, "page {page}");
        assert!(rows.iter().all(|(_, _, s)| s == "ACTIVE" || s == "PENDING"));
        read.extend(rows.into_iter().map(|(id, _, _)| id));
    }
    assert_eq!(read, live, "every live member once, in creation order");
    // The default page is 100; out-of-range pages and sizes are refused as Atlas does.
    let first = call(&mock, "GET", &users(O1), None);
    assert_eq!(first.results().len(), 100);
    for bad in ["itemsPerPage=501", "itemsPerPage=0", "pageNum=0"] {
        let got = call(&mock, "GET", &format!("{}?{bad}", users(O1)), None);
        assert_eq!(
            (got.status, got.error_code()),
            (400, "INVALID_PARAMETER".into()),
            "{bad}"
        );
    }
    let none = call(
        &mock,
        "GET",
        &format!("{}?includeCount=false", users(O1)),
        None,
    );
    assert_eq!(none.total(), "absent");
}

#[test]
fn lists_filter_by_status_and_show_each_organization_its_projects() {
    let mock = Mock::start();
    mock.project_in(P1, O1);
    mock.project_in(P2, O2);
    for (name, status) in [
        ("active@example.com", Status::Active),
        ("pending@example.com", Status::Pending),
        ("expired@example.com", Status::InvitationExpired),
        ("rejected@example.com", Status::InvitationRejected),
    ] {
        mock.seed_status(name, in_o1(&[P1, P2]), status);
    }
    let names = |got: &Got| -> Vec<String> { got.results().into_iter().map(|r| r.1).collect() };
    let default = call(&mock, "GET", &users(O1), None);
    assert_eq!(
        names(&default),
        ["active@example.com", "pending@example.com"]
    );
    assert!(
        default.body.contains(P1) && !default.body.contains(P2),
        "{}",
        default.body
    );
    let q = "orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED";
    let lapsed = call(&mock, "GET", &format!("{}?{q}", users(O1)), None);
    assert_eq!(
        names(&lapsed),
        ["expired@example.com", "rejected@example.com"]
    );
    assert!(lapsed
        .body
        .contains(r#""invitationExpiresAt":"2026-05-31T03:07:30Z""#));
    assert!(
        lapsed.body.contains(r#""invitationExpiresAt":null"#),
        "{}",
        lapsed.body
    );
    // A project's members carry its organization's status.
    let p1 = format!("/api/atlas/v2/groups/{P1}/users");
    let project = call(
        &mock,
        "GET",
        &format!("{p1}?orgMembershipStatuses=INVITATION_REJECTED"),
        None,
    );
    assert_eq!(names(&project), ["rejected@example.com"]);
    let bad = call(
        &mock,
        "GET",
        &format!("{p1}?orgMembershipStatuses=GONE"),
        None,
    );
    assert_eq!(
        (bad.status, bad.error_code()),
        (400, "INVALID_PARAMETER".into())
    );
    let one = call(
        &mock,
        "GET",
        &format!("{}?username=pending%40example.com", users(O1)),
        None,
    );
    assert_eq!(
        (names(&one), one.total()),
        (v(&["pending@example.com"]), "1".into())
    );
}

#[test]
fn a_lapsed_user_is_replaced_with_a_new_id_and_a_live_one_is_a_conflict() {
    let mock = Mock::start();
    mock.project_in(P1, O1);
    let mut m = in_o1(&[P1]);
    m.orgs.get_mut(O1).unwrap().1.push(T1.into());
    let old = mock.seed_status(USER, m, Status::InvitationRejected);
    let team = format!("/api/atlas/v2/orgs/{O1}/teams/{T1}:addUser");
    let not_in_org = call(&mock, "POST", &team, Some(&format!(r#"{{"id":"{old}"}}"#)));
    assert_eq!(
        (not_in_org.status, not_in_org.error_code()),
        (400, "USER_NOT_IN_ORG".into())
    );

    let body = format!(r#"{{"username":"{USER}","roles":{{"orgRoles":["ORG_READ_ONLY"]}}}}"#);
    let created = call(&mock, "POST", &users(O1), Some(&body));
    assert_eq!(created.status, 201, "{}", created.body);
    let new = text(&created.json(), "id");
    assert_ne!(new, old, "the lapsed user is replaced");
    assert_eq!(mock.person(USER, O1), Some((new.clone(), Status::Pending)));
    let m = mock.memberships(USER).unwrap();
    assert_eq!(
        m.orgs[O1],
        (v(&["ORG_READ_ONLY"]), Vec::new()),
        "as the request says"
    );
    assert!(
        m.groups.is_empty(),
        "the old invitation's project went with it"
    );
    let stale = call(&mock, "DELETE", &format!("{}/{old}", users(O1)), None);
    assert_eq!(stale.status, 404, "the old id is gone");

    let again = call(&mock, "POST", &users(O1), Some(&body));
    assert_eq!(
        (again.status, again.error_code()),
        (409, "USER_ALREADY_EXISTS".into())
    );
    let joined = call(&mock, "POST", &team, Some(&format!(r#"{{"id":"{new}"}}"#)));
    assert_eq!(joined.status, 200, "{}", joined.body);

    // addGroupUsers replaces a lapsed user too.
    let p2 = format!("/api/atlas/v2/groups/{P2}/users");
    mock.seed_status("gone@example.com", in_o1(&[]), Status::InvitationExpired);
    let body = r#"{"username":"gone@example.com","roles":["GROUP_OWNER"]}"#;
    let added = call(&mock, "POST", &p2, Some(body));
    assert_eq!(added.status, 201, "{}", added.body);
    assert!(
        added.body.contains(r#""orgMembershipStatus":"PENDING""#),
        "{}",
        added.body
    );
}

/// A mock holding USER: ORG_MEMBER and ORG_BILLING_ADMIN of O1 in team T1, GROUP_OWNER
/// and GROUP_READ_ONLY of P1, GROUP_READ_ONLY of P2 and P3; P1 and P3 are O1's projects.
fn removable() -> (Mock, String) {
    let mock = Mock::start();
    mock.project_in(P1, O1);
    mock.project_in(P3, O1);
    let mut m = in_o1(&[P1, P2, P3]);
    let (org_roles, teams) = m.orgs.get_mut(O1).unwrap();
    org_roles.push("ORG_BILLING_ADMIN".into());
    teams.push(T1.into());
    m.groups.get_mut(P1).unwrap().push("GROUP_OWNER".into());
    let id = mock.seed(USER, m, false);
    (mock, id)
}

#[test]
fn role_and_team_removals_answer_as_the_spec_says_and_keep_the_last_role() {
    let (mock, id) = removable();
    let me = format!("{}/{id}", users(O1));
    let p1 = format!("/api/atlas/v2/groups/{P1}/users");
    let role = call(
        &mock,
        "POST",
        &format!("{me}:removeRole"),
        Some(r#"{"orgRole":"ORG_BILLING_ADMIN"}"#),
    );
    assert_eq!(role.status, 200, "{}", role.body);
    assert!(
        role.body.contains(r#""orgRoles":["ORG_MEMBER"]"#),
        "{}",
        role.body
    );
    let last = call(
        &mock,
        "POST",
        &format!("{me}:removeRole"),
        Some(r#"{"orgRole":"ORG_MEMBER"}"#),
    );
    assert_eq!(
        (last.status, last.error_code()),
        (400, "CANNOT_REMOVE_LAST_ROLE".into())
    );
    let extra = call(
        &mock,
        "POST",
        &format!("{me}:removeRole"),
        Some(r#"{"orgRole":"ORG_MEMBER","x":1}"#),
    );
    assert_eq!(extra.status, 400);

    let group_role = format!("{p1}/{id}:removeRole");
    let removed = call(
        &mock,
        "POST",
        &group_role,
        Some(r#"{"groupRole":"GROUP_OWNER"}"#),
    );
    assert_eq!(
        (
            removed.status,
            removed.body.contains(r#""roles":["GROUP_READ_ONLY"]"#)
        ),
        (200, true)
    );
    let last = call(
        &mock,
        "POST",
        &group_role,
        Some(r#"{"groupRole":"GROUP_READ_ONLY"}"#),
    );
    assert_eq!(last.status, 400);

    let team = format!("/api/atlas/v2/orgs/{O1}/teams/{T1}:removeUser");
    let left = call(&mock, "POST", &team, Some(&format!(r#"{{"id":"{id}"}}"#)));
    assert_eq!(
        (left.status, left.body.contains(r#""teamIds":[]"#)),
        (200, true),
        "{}",
        left.body
    );
    assert_eq!(
        call(&mock, "POST", &team, Some(&format!(r#"{{"id":"{id}"}}"#))).status,
        404
    );
}

#[test]
fn removing_a_user_answers_204_and_the_place_forgets_them() {
    let (mock, id) = removable();
    let me = format!("{}/{id}", users(O1));
    let p1 = format!("/api/atlas/v2/groups/{P1}/users");
    // A DELETE takes Accept only; without it, 406.
    let bare = curl(&mock, "DELETE", &format!("{p1}/{id}"), None, &[]);
    assert_eq!(bare.status, 406);
    let gone = call(&mock, "DELETE", &format!("{p1}/{id}"), None);
    assert_eq!((gone.status, gone.body.as_str()), (204, ""));
    assert_eq!(call(&mock, "GET", &p1, None).results().len(), 0);
    assert_eq!(
        call(&mock, "DELETE", &format!("{p1}/{id}"), None).status,
        404
    );

    let out = call(&mock, "DELETE", &me, None);
    assert_eq!((out.status, out.body.as_str()), (204, ""));
    let lookup = call(
        &mock,
        "GET",
        &format!("{}?username={USER}", users(O1)),
        None,
    );
    assert_eq!((lookup.results().len(), lookup.total()), (0, "0".into()));
    let m = mock.memberships(USER).unwrap();
    assert!(m.orgs.is_empty(), "{m:?}");
    assert_eq!(
        m.groups.keys().collect::<Vec<_>>(),
        [P2],
        "P3 went with O1; P2 was not declared"
    );
    let nobody = call(
        &mock,
        "DELETE",
        &format!("{}/5e00000000000000000000ff", users(O1)),
        None,
    );
    assert_eq!(
        (nobody.status, nobody.error_code()),
        (404, "USER_NOT_FOUND".into())
    );
}

#[test]
fn answers_by_path_late_arrivals_and_calls_script_a_race() {
    let mock = Mock::start();
    mock.seed(USER, in_o1(&[]), false);
    mock.answer_at(
        "GET",
        &users(O2),
        Answer::api_error(403, "FORBIDDEN", "Not allowed.", "Forbidden"),
    );
    assert_eq!(
        call(&mock, "GET", &users(O1), None).status,
        200,
        "another path"
    );
    assert_eq!(call(&mock, "GET", &users(O2), None).status, 403);
    assert_eq!(
        call(&mock, "GET", &users(O2), None).status,
        200,
        "once only"
    );

    // Page 2 of a read is rate limited.
    let mut limited = Answer::api_error(429, "RATE_LIMITED", "Slow down.", "Too Many Requests");
    if let Answer::Respond { headers, .. } = &mut limited {
        headers.push(("Retry-After".into(), "7".into()));
    }
    mock.answer_at("GET", &users(O1), limited);
    let page2 = call(&mock, "GET", &format!("{}?pageNum=2", users(O1)), None);
    assert_eq!((page2.status, page2.retry_after.as_str()), (429, "7"));

    // Somebody else invites the user between a read and the create.
    let late = "late@example.com";
    let before = mock.calls().len();
    mock.seed_after(before + 1, late, in_o1(&[]), Status::Pending);
    let read = call(
        &mock,
        "GET",
        &format!("{}?username={late}", users(O1)),
        None,
    );
    assert_eq!(read.results().len(), 0, "not there yet");
    let body = format!(r#"{{"username":"{late}","roles":{{"orgRoles":["ORG_MEMBER"]}}}}"#);
    let create = call(&mock, "POST", &users(O1), Some(&body));
    assert_eq!(create.status, 409, "{}", create.body);
    let calls = mock.calls();
    assert_eq!(
        calls[before..],
        [
            (
                "GET".into(),
                format!("{}?username={late}", users(O1)),
                String::new()
            ),
            ("POST".into(), users(O1), body),
        ]
    );
}
