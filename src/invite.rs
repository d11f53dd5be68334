//! The invite itself: send the validated request through the chosen API version and turn
//! the answers into output or an error.
//!
//! 2023-01-01 is one createUser call, as the official CLI makes it. 2025-02-19 is one call
//! per membership (see `api::members`), all on one connection and one authentication; a
//! failure after earlier calls succeeded says exactly which memberships exist. `auto`
//! makes the createUser call and switches to 2025-02-19 only when Atlas answers 410 Gone,
//! which means the request was not processed, so nothing is sent twice.

use crate::api::members::{self, Call, Member, MEDIA_TYPE as MEMBERS_MEDIA};
use crate::api::{AppUser, MEDIA_TYPE as USERS_MEDIA, USERS_PATH};
use crate::app::Printed;
use crate::auth::{Post, Session};
use crate::config::resolve::{Invite, Version};
use crate::console::Console;
use crate::error::Error;
use crate::gofmt::status_line;
use crate::net::transport::Response;

/// Sends the invite and returns what to print on stdout.
pub(crate) fn run(console: &Console, inv: &Invite) -> Result<Printed, Error> {
    let mut session = Session::new(console, &inv.net, &inv.auth);
    match inv.version {
        Version::V20250219 => {
            if let Some(line) = not_sent(inv) {
                console.notice(&line);
            }
            memberships(&mut session, inv, &inv.calls)
        }
        Version::V20230101 => {
            let (url, answer) = create_user(console, &mut session, inv)?;
            user_result(inv, &url, &answer)
        }
        Version::Auto => {
            let (url, answer) = create_user(console, &mut session, inv)?;
            if answer.status != 410 {
                return user_result(inv, &url, &answer);
            }
            console.notice(
                "Atlas retired POST /api/atlas/v2/users (410 Gone), so it invited nobody; this run invites through the 2025-02-19 org and project user endpoints instead (--apiVersion 2025-02-19), which take only the username and roles",
            );
            let calls = members::plan(&inv.user.username, &inv.user.roles)
                .map_err(|e| Error::Refused(e.to_string()))?;
            memberships(&mut session, inv, &calls)
        }
    }
}

/// The one line saying which given flags the 2025-02-19 endpoints do not take.
fn not_sent(inv: &Invite) -> Option<String> {
    let u = &inv.user;
    let given: Vec<&str> = [
        ("--email", true),
        ("--firstName", true),
        ("--lastName", true),
        ("--country", true),
        ("--mobile", u.mobile.is_some()),
        ("--password", u.password.is_some()),
    ]
    .into_iter()
    .filter(|(_, given)| *given)
    .map(|(flag, _)| flag)
    .collect();
    (!given.is_empty()).then(|| {
        format!(
            "Note: {} were checked but not sent: the 2025-02-19 endpoints take only the username and roles; the invited person enters the rest on accepting",
            given.join(", ")
        )
    })
}

/// createUser (2023-01-01): the answer and the URL it came from.
fn create_user(
    console: &Console,
    session: &mut Session<'_>,
    inv: &Invite,
) -> Result<(String, Response), Error> {
    let password = inv.user.password.as_deref().unwrap_or_default();
    // The body carries the password JSON-escaped (`<` as \u003c ...): both forms are secret.
    let escaped = crate::render::json::quoted(password);
    console.secret(password);
    console.secret(&escaped[1..escaped.len() - 1]);
    let body = inv.user.body();
    let url = format!("{}{USERS_PATH}", inv.base);
    let path = format!("{}{USERS_PATH}", inv.base_path);
    let answer = session.post(&Post {
        url: &url,
        path: &path,
        media: USERS_MEDIA,
        body: &body,
    })?;
    Ok((url, answer))
}

/// The output or error for createUser's answer.
fn user_result(inv: &Invite, url: &str, answer: &Response) -> Result<Printed, Error> {
    match answer.status {
        200..=299 => render_user(inv, url, answer),
        _ => Err(refusal(url, answer)),
    }
}

/// The output for a 2xx createUser answer; an answer that cannot be read or printed is
/// exit 4, since the invitation was most likely sent.
fn render_user(inv: &Invite, url: &str, answer: &Response) -> Result<Printed, Error> {
    if let Some(why) = &answer.body_error {
        return Err(accepted(url, answer, why));
    }
    let Some(user) = AppUser::decode(&answer.body) else {
        return Err(Error::Unreadable(format!(
            "POST {url}: HTTP {}: Atlas accepted the request, but its answer is not the expected user JSON; the invitation was most likely sent: check the organization's users in Atlas",
            status_line(answer.status)
        )));
    };
    let invited = format!(
        "the user '{}' was invited (id {})",
        user.username.as_deref().unwrap_or_default(),
        user.id.as_deref().unwrap_or("unknown")
    );
    match inv.output.render(&user) {
        Ok(text) => Ok(Printed {
            text,
            invited: Some(invited),
        }),
        Err(e) => Err(Error::Unreadable(format!(
            "{invited}, but the output format failed: {e}"
        ))),
    }
}

/// The 2025-02-19 calls, one after another on the session, then their output. A failure
/// stops the run (nothing is resent) and says which memberships exist.
fn memberships(session: &mut Session<'_>, inv: &Invite, calls: &[Call]) -> Result<Printed, Error> {
    let mut done: Vec<(&Call, Member)> = Vec::new();
    for (i, call) in calls.iter().enumerate() {
        let url = format!("{}{}", inv.base, call.path());
        let path = format!("{}{}", inv.base_path, call.path());
        let sent = session.post(&Post {
            url: &url,
            path: &path,
            media: MEMBERS_MEDIA,
            body: &call.body,
        });
        let member = sent.and_then(|answer| match answer.status {
            200..=299 => match (
                &answer.body_error,
                Member::decode(&call.target, &answer.body),
            ) {
                (None, Some(member)) => Ok(member),
                (Some(why), _) => Err(accepted(&url, &answer, why)),
                (None, None) => Err(accepted(
                    &url,
                    &answer,
                    "its answer is not the expected membership JSON",
                )),
            },
            _ => Err(refusal(&url, &answer)),
        });
        match member {
            Ok(member) => done.push((call, member)),
            Err(e) => return Err(partial(e, &done, &calls[i..])),
        }
    }
    let members: Vec<Member> = done.iter().map(|(_, m)| m.clone()).collect();
    let invited = format!(
        "the user '{}' was invited ({})",
        inv.user.username,
        created(&done)
    );
    match inv.output.render_members(&members) {
        Ok(text) => Ok(Printed {
            text,
            invited: Some(invited),
        }),
        Err(e) => Err(Error::Unreadable(format!(
            "{invited}, but the output format failed: {e}"
        ))),
    }
}

/// `organization X (id Y), project Z (id Y)`.
fn created(done: &[(&Call, Member)]) -> String {
    done.iter()
        .map(|(call, m)| {
            format!(
                "{} (id {})",
                call.describe(),
                m.id.as_deref().unwrap_or("unknown")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `e` for the first call of `left`, with what the earlier calls created, whether the
/// failed call may have taken effect, and what was not attempted.
fn partial(e: Error, done: &[(&Call, Member)], left: &[Call]) -> Error {
    if done.is_empty() && left.len() <= 1 {
        return e;
    }
    let mut notes = Vec::new();
    if !done.is_empty() {
        notes.push(format!("memberships created: {}", created(done)));
    }
    let mut not: Vec<String> = left
        .iter()
        .skip(1)
        .map(|c| format!("{} (not attempted)", c.describe()))
        .collect();
    if let Some(failed) = left.first() {
        if e.may_have_taken_effect() {
            notes.push(format!("uncertain: {} (see above)", failed.describe()));
        } else {
            not.insert(0, format!("{} (this call failed)", failed.describe()));
        }
    }
    if !not.is_empty() {
        notes.push(format!("not created: {}", not.join(", ")));
    }
    e.append(&notes.join("; "))
}

/// A 2xx whose answer could not be read: the call most likely took effect (exit 4).
fn accepted(url: &str, answer: &Response, why: &str) -> Error {
    Error::Unreadable(format!(
        "POST {url}: HTTP {}: Atlas accepted the request, but {why}: the invitation was most likely sent; check the organization's users in Atlas",
        status_line(answer.status)
    ))
}

/// The error for a non-2xx answer: a redirect (never followed), the official API error
/// line, or why the answer could not be read.
fn refusal(url: &str, answer: &Response) -> Error {
    if (300..=399).contains(&answer.status) {
        return Error::Refused(format!(
            "POST {url}: HTTP {}: Atlas answered with a redirect to {}; not followed, so neither the keys nor the body went there (check the base URL)",
            status_line(answer.status),
            answer.location.as_deref().unwrap_or("nowhere")
        ));
    }
    if let Some(why) = &answer.body_error {
        return Error::Refused(format!(
            "POST {url}: HTTP {}: {why}",
            status_line(answer.status)
        ));
    }
    let mut msg = crate::api::error_message(url, answer.status, &answer.content_type, &answer.body);
    if let Some(note) = &answer.note {
        msg.push_str(&format!(" ({note})"));
    }
    Error::Refused(msg)
}
