//! createUser and getUserByName, the 2023-01-01 calls that sunset on 2027-07-01: the
//! users they create live here, apart from the people of the 2025-02-19 endpoints, with
//! the switches a test sets (refused names, unique names, 410 Gone).

use std::sync::atomic::Ordering;

use miniserde::json::{self, Object, Value};

use super::limits::invitation_limited;
use super::wire::{quote, Reply};
use super::{lock, Options, Request, Shared};

/// The users createUser made and the test's switches.
#[derive(Default)]
pub struct Legacy {
    /// Whether createUser refuses (409) a username it created before.
    pub unique: bool,
    /// Usernames createUser refuses with a 400.
    pub refused: Vec<String>,
    /// (username, answer) of the users createUser created.
    created: Vec<(String, String)>,
}

/// createUser: 410 once gone, 400 for a refused name, 409 for a taken one, else 201 with
/// the live answer's shape and headers.
pub fn create_user(req: &Request, sh: &Shared, o: &Options) -> Reply {
    let made = sh.created.load(Ordering::SeqCst);
    if o.gone || o.gone_after.is_some_and(|n| made >= n) {
        return Reply::error(
            410,
            "GONE",
            "This endpoint was removed on 2027-07-01; use the 2025-02-19 org and project user endpoints.",
        );
    }
    let Ok(Value::Object(body)) = json::from_str::<Value>(&req.body) else {
        return Reply::error(400, "MALFORMED_REQUEST", "Malformed JSON.");
    };
    let username = text(&body, "username");
    if let Some(limited) = invitation_limited(&sh.limits, o) {
        return limited;
    }
    if let Some(refusal) = refusal(&username, sh) {
        return refusal;
    }
    let n = sh.created.fetch_add(1, Ordering::SeqCst) + 1;
    let id = format!("66b6d8e2a1b2c3d4e5f6{n:04x}");
    let out = user_answer(&id, &body);
    lock(&sh.legacy).created.push((username, out.clone()));
    let href = format!("https://cloud.mongodb.com/api/atlas/v2/users/{id}");
    Reply::json(201, out)
        .with("Location", &href)
        .with("Deprecation", "Wed, 19 Feb 2025 00:00:00 GMT")
        .with("Sunset", "Thu, 1 Jul 2027 00:00:00 GMT")
        .with("RateLimit-Limit", "100")
        .with("RateLimit-Remaining", "99")
}

/// The string field `k` of a body, empty when absent or not a string.
fn text(body: &Object, k: &str) -> String {
    match body.get(k) {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// The 400 for a refused username or the 409 for a taken one.
fn refusal(username: &str, sh: &Shared) -> Option<Reply> {
    let taken_everywhere = lock(&sh.people).exists_everywhere(username);
    let legacy = lock(&sh.legacy);
    if legacy.refused.iter().any(|u| u == username) {
        return Some(Reply::error(
            400,
            "INVALID_EMAIL_ADDRESS",
            &format!("The email address {username} is not allowed."),
        ));
    }
    // Searched only when a test asks for unique names: a benchmark's thousands of users
    // must not make each createUser slower than the last.
    let made_before = || {
        legacy
            .created
            .iter()
            .any(|(u, _)| u.eq_ignore_ascii_case(username))
    };
    if taken_everywhere || (legacy.unique && made_before()) {
        return Some(Reply::error(
            409,
            "USER_ALREADY_EXISTS",
            &format!("A user with username {username} already exists."),
        ));
    }
    None
}

/// createUser's answer: the body's fields back, no password, roles empty until accepted.
fn user_answer(id: &str, body: &Object) -> String {
    let q = |k: &str| quote(&text(body, k));
    let mut out = format!(
        r#"{{"country":{},"createdAt":"2026-08-10T03:07:30Z","emailAddress":{},"firstName":{},"id":"{id}","lastName":{},"links":[{{"href":"https://cloud.mongodb.com/api/atlas/v2/users/{id}","rel":"self"}}],"#,
        q("country"),
        q("emailAddress"),
        q("firstName"),
        q("lastName"),
    );
    if body.contains_key("mobileNumber") {
        out.push_str(&format!(r#""mobileNumber":{},"#, q("mobileNumber")));
    }
    out.push_str(&format!(
        r#""roles":[],"teamIds":[],"username":{}}}"#,
        q("username")
    ));
    out
}

/// getUserByName: a user createUser made, one declared to exist everywhere, else 404.
pub fn user_by_name(name: &str, sh: &Shared) -> Reply {
    let made = lock(&sh.legacy)
        .created
        .iter()
        .find(|(u, _)| u.eq_ignore_ascii_case(name))
        .map(|(_, body)| body.clone());
    let body = match made {
        Some(body) => body,
        None if lock(&sh.people).exists_everywhere(name) => format!(
            r#"{{"country":"US","emailAddress":{n},"firstName":"Known","id":"5e0000000000000000000001","lastName":"User","links":[],"roles":[],"teamIds":[],"username":{n}}}"#,
            n = quote(name)
        ),
        None => {
            return Reply::error(
                404,
                "USER_NOT_FOUND",
                &format!("No user with username {name} exists."),
            )
        }
    };
    Reply::json(200, body)
}
