//! Seeded differential test of the answer decoders against Go's encoding/json on the SDK's
//! types: random createUser answers (CloudAppUser), createOrgUser and addGroupUsers answers
//! (OrgUserResponse, GroupUserResponse) and pages of listOrgUsers and listGroupUsers, with
//! fields in any order, absent, null, repeated or of the wrong type, strings holding every
//! escape and lone surrogate halves, RFC 3339 times with fractions and offsets, and unknown
//! fields of any shape, must be refused alike or printed with `-o json` as Go's
//! `json.MarshalIndent` prints what it decoded. `ANSWERS_DIFF_CASES` (default 2,000 of
//! each shape) and `ANSWERS_DIFF_SEED` change the run.
//!
//! Known differences, left out because Atlas sends none of them: a null inside a list (Go
//! reads the element's zero value, the run cannot read the answer); a string that is no
//! RFC 3339 time in a time field (Go refuses the answer, the run prints it without that
//! field); a key given twice whose first value has the wrong type (Go refuses, the run
//! takes the last), whose last is null (Go keeps the first of a field that is no pointer)
//! or whose values are objects or lists (Go merges the second into the first); a number
//! beyond float64's range in an unknown field (Go skips it unread, the run refuses it).

use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::answer_json;

/// String bodies, raw or escaped, lone surrogate halves among them.
const PIECES: [&str; 24] = [
    "a",
    "Ann",
    "user@example.com",
    "ÜNAL@example.com",
    " ",
    "é",
    "😀",
    "\u{2028}",
    "<b>",
    "&",
    "\u{7f}",
    "\\\"",
    "\\\\",
    "\\/",
    "\\b\\f\\n\\r\\t",
    "\\u0041",
    "\\u0000",
    "\\ud83d\\ude00",
    "\\ud800",
    "\\udfff",
    "\\ud83d\\u0041",
    "\\ud83d\\ud83d",
    "\\ud83d\\n",
    "5dd56c847a3e5a1f363d424d",
];
const TIMES: [&str; 8] = [
    "2026-08-10T03:07:30Z",
    "2026-08-10T03:07:30.123Z",
    "2026-08-10T03:07:30.000000001+02:00",
    "1999-12-31T23:59:59-05:30",
    "2026-02-28T00:00:00.5Z",
    "2024-02-29T12:00:00.120000Z",
    "0001-01-01T00:00:00Z",
    "2026-08-10T03:07:30+00:00",
];
/// Values of the wrong type for any field (the first eight not strings).
const OTHERS: [&str; 10] = [
    "5",
    "true",
    "1e400",
    "-0",
    "{}",
    "[]",
    "{\"a\":[1,{\"b\":null}]}",
    "[\"x\",2]",
    "\"\\ud83d\"",
    "999999.9999999999",
];

/// Unknown fields' values (no number beyond float64's range: Go skips an unknown
/// field's value unread, the run's reader refuses such a number anywhere).
const UNKNOWN: [&str; 8] = [
    "5",
    "true",
    "-0",
    "{}",
    "[\"x\",2]",
    "{\"a\":[1,{\"b\":null}],\"a\":\"\\ud83d\"}",
    "\"\\ud83d\"",
    "999999.9999999999",
];

/// A field's name and the maker of its good values.
type Field = (&'static str, fn(&mut Rng) -> String);

fn string(r: &mut Rng) -> String {
    let body: String = (0..r.below(4)).map(|_| r.pick(&PIECES)).collect();
    format!("\"{body}\"")
}

/// A field's value: now and then null (when `nullable`) or of the wrong type (when
/// `wrong`). A time field's wrong value is never a string: Go refuses a string that is no
/// RFC 3339 time, where the run prints the answer without it (see the module's note).
fn field(
    r: &mut Rng,
    name: &str,
    (wrong, nullable): (bool, bool),
    good: impl FnOnce(&mut Rng) -> String,
) -> String {
    let time = name.ends_with("At") || name == "lastAuth";
    match r.below(40) {
        0 | 1 if nullable => "null".into(),
        2 if wrong && time => r.pick(&OTHERS[..8]).to_string(),
        2 if wrong => r.pick(&OTHERS).to_string(),
        _ => good(r),
    }
}

fn time(r: &mut Rng) -> String {
    format!("\"{}\"", r.pick(&TIMES))
}

/// A list of `item`s (never a null among them: see the module's note).
fn list(r: &mut Rng, item: fn(&mut Rng) -> String) -> String {
    let items: Vec<String> = (0..r.below(4)).map(|_| item(r)).collect();
    format!("[{}]", items.join(","))
}

fn strings(r: &mut Rng) -> String {
    list(r, string)
}

/// Fields whose values are objects or lists: never given twice (see the module's note).
const CONTAINERS: [&str; 6] = [
    "roles",
    "links",
    "teamIds",
    "groupRoleAssignments",
    "orgRoles",
    "groupRoles",
];

/// An object of `fields` (name, value maker) in random order, each present or not, a
/// string now and then given twice (the first of two never of the wrong type, the last
/// never null: see the module's note), with unknown fields among them.
fn object(r: &mut Rng, fields: &[Field]) -> String {
    let mut members: Vec<(&str, String)> = Vec::new();
    for (name, make) in fields {
        let times = match [0, 1, 1, 1, 1, 1, 1, 2][r.below(8)] {
            2 if CONTAINERS.contains(name) => 1,
            t => t,
        };
        for i in 0..times {
            let last = i + 1 == times;
            let v = field(r, name, (last, !last || times == 1), make);
            members.push((name, v));
        }
    }
    for _ in 0..r.below(3) {
        let name = r.pick(&["extra", "roles2", "Ünknown", "links2"]);
        members.push((name, r.pick(&UNKNOWN).to_string()));
    }
    // A random order that keeps a repeated key's values in the order they were made.
    let mut order: Vec<usize> = (0..members.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, r.below(i + 1));
    }
    let mut placed: Vec<(&str, String)> = order.iter().map(|&i| members[i].clone()).collect();
    for name in fields.iter().map(|(n, _)| *n) {
        let mut values = members
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.clone());
        for slot in placed.iter_mut().filter(|(n, _)| *n == name) {
            slot.1 = values.next().unwrap_or_default();
        }
    }
    let text: Vec<String> = placed.iter().map(|(n, v)| format!("\"{n}\":{v}")).collect();
    format!("{{{}}}", text.join(","))
}

fn link(r: &mut Rng) -> String {
    object(r, &[("href", string), ("rel", string)])
}

fn role(r: &mut Rng) -> String {
    object(
        r,
        &[("groupId", string), ("orgId", string), ("roleName", string)],
    )
}

fn assignment(r: &mut Rng) -> String {
    object(r, &[("groupId", string), ("groupRoles", strings)])
}

fn org_roles(r: &mut Rng) -> String {
    object(
        r,
        &[
            ("groupRoleAssignments", |r| list(r, assignment)),
            ("orgRoles", strings),
        ],
    )
}

fn user(r: &mut Rng) -> String {
    object(
        r,
        &[
            ("country", string),
            ("createdAt", time),
            ("emailAddress", string),
            ("firstName", string),
            ("id", string),
            ("lastAuth", time),
            ("lastName", string),
            ("links", |r| list(r, link)),
            ("mobileNumber", string),
            ("roles", |r| list(r, role)),
            ("teamIds", strings),
            ("username", string),
        ],
    )
}

/// The fields both membership answers share after their roles.
const PERSON: [Field; 11] = [
    ("id", string),
    ("orgMembershipStatus", string),
    ("username", string),
    ("invitationCreatedAt", time),
    ("invitationExpiresAt", time),
    ("inviterUsername", string),
    ("country", string),
    ("createdAt", time),
    ("firstName", string),
    ("lastAuth", time),
    ("lastName", string),
];

fn org_member(r: &mut Rng) -> String {
    let mut fields = PERSON.to_vec();
    fields.push(("roles", org_roles));
    fields.push(("teamIds", strings));
    fields.push(("mobileNumber", string));
    object(r, &fields)
}

fn group_member(r: &mut Rng) -> String {
    let mut fields = PERSON.to_vec();
    fields.push(("roles", strings));
    fields.push(("mobileNumber", string));
    object(r, &fields)
}

fn page(r: &mut Rng, member: fn(&mut Rng) -> String) -> String {
    let results: Vec<String> = (0..r.below(4)).map(|_| member(r)).collect();
    format!(
        "{{\"links\":[],\"results\":[{}],\"totalCount\":{}}}",
        results.join(","),
        results.len()
    )
}

#[test]
fn random_answers_decode_and_print_as_go_does() {
    let (n, mut r, seed) = run_size("ANSWERS_DIFF", 2_000, 0xa115_2026);
    let mut cases: Vec<(&str, String)> = Vec::new();
    for _ in 0..n {
        cases.push(("user", user(&mut r)));
        cases.push(("org", org_member(&mut r)));
        cases.push(("group", group_member(&mut r)));
        cases.push(("orgpage", page(&mut r, org_member)));
        cases.push(("grouppage", page(&mut r, group_member)));
    }
    let go = crate::support::gocheck::Go::build().answers(&cases);
    assert_eq!(go.len(), cases.len());
    let mut bad = Vec::new();
    let mut read = 0;
    for ((shape, body), want) in cases.iter().zip(&go) {
        let ours = answer_json(shape, body);
        let same = match (&ours, want) {
            (Some(a), Ok(b)) => a == b,
            (None, Err(_)) => true,
            _ => false,
        };
        if !same {
            bad.push(format!("{shape} {body}\n  go   {want:?}\n  ours {ours:?}"));
        }
        read += usize::from(want.is_ok());
    }
    assert!(
        bad.is_empty(),
        "{} of {} answers read or printed differently from Go's encoding/json (seed {seed:#x}):\n{}",
        bad.len(),
        cases.len(),
        bad.iter().take(12).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(
        read > cases.len() / 4 && read < cases.len() * 19 / 20,
        "Go read {read} of {} answers: the answers miss the readable or the unreadable",
        cases.len()
    );
}
