//! The invite itself: send the validated request and turn the answer into output or an error.

use crate::api::AppUser;
use crate::app::Printed;
use crate::auth::{self, Post};
use crate::config::resolve::Invite;
use crate::console::Console;
use crate::error::Error;
use crate::gofmt::status_line;
use crate::net::transport::Response;

/// Sends the invite and returns what to print on stdout.
pub(crate) fn run(console: &Console, inv: &Invite) -> Result<Printed, Error> {
    let password = inv.user.password.as_deref().unwrap_or_default();
    // The body carries the password JSON-escaped (`<` as \u003c ...): both forms are secret.
    let escaped = crate::render::json::quoted(password);
    console.secret(password);
    console.secret(&escaped[1..escaped.len() - 1]);
    let body = inv.user.body();
    let post = Post {
        url: &inv.url,
        path: &inv.path,
        body: &body,
    };
    let answer = auth::post(console, &inv.net, &inv.auth, &post)?;
    match answer.status {
        200..=299 => render(inv, &answer),
        300..=399 => Err(Error::Refused(format!(
            "POST {}: HTTP {}: Atlas answered with a redirect to {}; not followed, so neither the keys nor the body went there (check the base URL)",
            inv.url,
            status_line(answer.status),
            answer.location.as_deref().unwrap_or("nowhere")
        ))),
        _ => Err(refused(&inv.url, &answer)),
    }
}

/// The output for a 2xx answer; an answer that cannot be read or printed is exit 4, since
/// the invitation was most likely sent.
fn render(inv: &Invite, answer: &Response) -> Result<Printed, Error> {
    let accepted = |why: &str| {
        Error::Unreadable(format!(
            "POST {}: HTTP {}: Atlas accepted the request, but {why}: the invitation was most likely sent; check the organization's users in Atlas",
            inv.url,
            status_line(answer.status)
        ))
    };
    if let Some(why) = &answer.body_error {
        return Err(accepted(why));
    }
    let Some(user) = AppUser::decode(&answer.body) else {
        return Err(Error::Unreadable(format!(
            "POST {}: HTTP {}: Atlas accepted the request, but its answer is not the expected user JSON; the invitation was most likely sent: check the organization's users in Atlas",
            inv.url,
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

/// The error for a refusal: the official line, or why the answer could not be read.
fn refused(url: &str, answer: &Response) -> Error {
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
