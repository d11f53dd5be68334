//! Which handler answers a request: authentication first, then the token bucket, then
//! any scripted answer, then the call its method and path name, after the media-type
//! checks Atlas makes. Unknown calls are 404 RESOURCE_NOT_FOUND.

use std::sync::atomic::Ordering;

use super::auth;
use super::legacy;
use super::limits::{bucket_headers, invitation_limited, take_from_bucket};
use super::people::change::Change;
use super::people::invite::{requested_memberships, requested_user};
use super::people::{list, Kind, Place};
use super::wire::{hex24, percent_decode, Action, Reply};
use super::{lock, Answer, Options, Request, Shared, MEDIA, MEDIA_2025};

/// Answers queued by the test.
#[derive(Default)]
pub struct Script {
    /// For the next authenticated requests, whatever they are.
    pub next: std::collections::VecDeque<Answer>,
    /// (method, path prefix, answer): for the next authenticated request whose method
    /// and path (without query) match; these go before `next`.
    pub at: Vec<(String, String, Answer)>,
}

/// Where a request goes.
#[derive(Debug, PartialEq)]
enum Route {
    CreateUser,
    UserByName(String),
    List(Place),
    Invite(Place),
    Change(Change),
    Unknown,
}

/// Decides the answer to `req`, marking it authorized when its credentials are right.
pub fn answer(req: &mut Request, sh: &Shared, o: &Options) -> Reply {
    if req.target == "/api/oauth/token" {
        return auth::token(req, sh, o);
    }
    if let Err(challenge) = auth::authenticate(req, sh, o) {
        return challenge;
    }
    lock(&sh.people).tick();
    let mut reply = take_from_bucket(&sh.limits, o)
        .or_else(|| scripted(req, sh, o))
        .unwrap_or_else(|| dispatch(req, sh, o));
    reply.headers.extend(bucket_headers(&sh.limits, o));
    reply
}

/// The test's answer for this request, if it queued one.
fn scripted(req: &Request, sh: &Shared, o: &Options) -> Option<Reply> {
    let path = req.target.split('?').next().unwrap_or_default();
    let answer = {
        let mut s = lock(&sh.script);
        match s
            .at
            .iter()
            .position(|(m, p, _)| *m == req.method && path.starts_with(p.as_str()))
        {
            Some(i) => Some(s.at.remove(i).2),
            None => s.next.pop_front(),
        }
    };
    Some(match answer? {
        Answer::Usual => return None,
        Answer::Stale => auth::challenge(sh, o, true),
        Answer::Hangup => Reply::acting(0, Action::Hangup),
        Answer::Huge { status, len } => Reply::acting(status, Action::Huge(len)),
        Answer::Trickle { status } => Reply::acting(status, Action::Trickle),
        Answer::Cut { status } => Reply::acting(status, Action::Cut),
        Answer::Respond {
            status,
            content_type,
            body,
            headers,
        } => {
            let mut r = Reply::typed(status, &content_type, body);
            r.headers.extend(headers);
            r
        }
    })
}

/// The answer of the call `req` names.
fn dispatch(req: &Request, sh: &Shared, o: &Options) -> Reply {
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let route = route(&req.method, path);
    if let Some(refusal) = media(req, &route) {
        return refusal;
    }
    match route {
        Route::CreateUser => legacy::create_user(req, sh, o),
        Route::UserByName(name) => legacy::user_by_name(&name, sh),
        Route::List(place) => list::list(&lock(&sh.people), &place, query, o.total_count_skew),
        Route::Invite(place) => invite(req, sh, o, &place),
        Route::Change(c) => match lock(&sh.people).change(&c, &req.body) {
            Ok(_) if matches!(c, Change::Leave { .. }) => Reply::empty(204),
            Ok(body) => Reply::media(200, body),
            Err(refusal) => refusal,
        },
        Route::Unknown => Reply::error(404, "RESOURCE_NOT_FOUND", "Cannot find resource."),
    }
}

/// The route of `method` and `path`; ids must be 24 hexadecimal digits.
fn route(method: &str, path: &str) -> Route {
    let Some(rest) = path.strip_prefix("/api/atlas/v2/") else {
        return Route::Unknown;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    let place = |kind: &str, id: &str| match kind {
        "orgs" if hex24(id) => Some(Place::org(id)),
        "groups" if hex24(id) => Some(Place::group(id)),
        _ => None,
    };
    let user = |u: &str| hex24(u).then(|| u.to_string());
    let found = match (method, parts.as_slice()) {
        ("POST", ["users"]) => Some(Route::CreateUser),
        ("GET", ["users", "byName", name]) => Some(Route::UserByName(percent_decode(name, false))),
        ("GET", [kind, id, "users"]) => place(kind, id).map(Route::List),
        ("POST", [kind, id, "users"]) => place(kind, id).map(Route::Invite),
        ("DELETE", [kind, id, "users", u]) => place(kind, id)
            .zip(user(u))
            .map(|(place, user)| Route::Change(Change::Leave { place, user })),
        ("POST", [kind, id, "users", call]) => {
            let (u, add) = match call.split_once(':') {
                Some((u, "addRole")) => (u, true),
                Some((u, "removeRole")) => (u, false),
                _ => return Route::Unknown,
            };
            place(kind, id)
                .zip(user(u))
                .map(|(place, user)| Route::Change(Change::Role { place, user, add }))
        }
        ("POST", ["orgs", org, "teams", call]) => {
            let (team, add) = match call.split_once(':') {
                Some((t, "addUser")) => (t, true),
                Some((t, "removeUser")) => (t, false),
                _ => return Route::Unknown,
            };
            (hex24(org) && hex24(team)).then(|| {
                Route::Change(Change::Team {
                    org: org.to_string(),
                    team: team.to_string(),
                    add,
                })
            })
        }
        _ => None,
    };
    found.unwrap_or(Route::Unknown)
}

/// The refusal of a request whose media types are wrong for its route: createUser wants
/// 2023-01-01 in both headers (415, 406), getUserByName in Accept; the 2025-02-19 calls
/// want theirs in Accept and, with a body, in Content-Type (406).
fn media(req: &Request, route: &Route) -> Option<Reply> {
    let accept = req.header("accept");
    let not_acceptable = || Some(Reply::error(406, "NOT_ACCEPTABLE", "Not acceptable."));
    match route {
        Route::Unknown => None,
        Route::CreateUser if req.header("content-type") != Some(MEDIA) => Some(Reply::error(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "Unsupported media type.",
        )),
        Route::CreateUser | Route::UserByName(_) if accept != Some(MEDIA) => not_acceptable(),
        Route::CreateUser | Route::UserByName(_) => None,
        _ if accept != Some(MEDIA_2025) => not_acceptable(),
        _ if req.method == "POST" && req.header("content-type") != Some(MEDIA_2025) => {
            not_acceptable()
        }
        _ => None,
    }
}

/// createOrgUser or addGroupUsers: 201 with the member's answer.
fn invite(req: &Request, sh: &Shared, o: &Options, place: &Place) -> Reply {
    let (body, username) = match requested_user(&req.body) {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    if let Some(limited) = invitation_limited(&sh.limits, o) {
        return limited;
    }
    let asked = match requested_memberships(&body, place) {
        Ok(asked) => asked,
        Err(refusal) => return refusal,
    };
    let new_id = || {
        let n = sh.created.fetch_add(1, Ordering::SeqCst) + 1;
        format!("6a7940722c88faeba59b{n:04x}")
    };
    let limit = if place.kind == Kind::Org {
        "500"
    } else {
        "1200"
    };
    match lock(&sh.people).invite(&username, place, asked, new_id) {
        Ok(answer) => Reply::media(201, answer).with("RateLimit-Limit", limit),
        Err(refusal) => refusal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const O: &str = "5dd56c847a3e5a1f363d424d";
    const U: &str = "5e0000000000000000000010";

    #[test]
    fn routes_need_methods_and_object_ids() {
        let users = format!("/api/atlas/v2/orgs/{O}/users");
        assert_eq!(route("GET", &users), Route::List(Place::org(O)));
        assert_eq!(route("POST", &users), Route::Invite(Place::org(O)));
        assert_eq!(route("PUT", &users), Route::Unknown);
        assert_eq!(
            route("GET", "/api/atlas/v2/orgs/5DD56C847A3E5A1F363D424D/users"),
            Route::Unknown
        );
        assert_eq!(
            route("DELETE", &format!("/api/atlas/v2/groups/{O}/users/{U}")),
            Route::Change(Change::Leave {
                place: Place::group(O),
                user: U.into()
            })
        );
        assert_eq!(
            route("POST", &format!("{users}/{U}:removeRole")),
            Route::Change(Change::Role {
                place: Place::org(O),
                user: U.into(),
                add: false
            })
        );
        assert_eq!(
            route("POST", &format!("{users}/{U}:dropRole")),
            Route::Unknown
        );
        assert_eq!(
            route(
                "POST",
                &format!("/api/atlas/v2/orgs/{O}/teams/{U}:removeUser")
            ),
            Route::Change(Change::Team {
                org: O.into(),
                team: U.into(),
                add: false
            })
        );
        assert_eq!(
            route("GET", "/api/atlas/v2/users/byName/a%40b.com"),
            Route::UserByName("a@b.com".into())
        );
    }
}
