//! The invite itself: send the validated request and turn the answer into output or an error.

use crate::api::{self, AppUser};
use crate::auth::{self, Post};
use crate::error::Error;
use crate::resolve::Invite;

/// Sends the invite and returns what to print on stdout.
pub fn run(inv: &Invite) -> Result<String, Error> {
    let body = inv.user.body();
    // The body carries the password JSON-escaped (`<` as \u003c ...): both forms are secret.
    let escaped = crate::json::quoted(&inv.user.password);
    crate::secrets::register(&inv.user.password);
    crate::secrets::register(&escaped[1..escaped.len() - 1]);
    let post = Post {
        url: &inv.url,
        path: &inv.path,
        body: &body,
    };
    let answer = auth::post(&inv.net, &inv.auth, &post)?;
    let status = api::status_line(answer.status);
    if let Some(why) = &answer.body_error {
        return Err(match answer.status {
            200..=299 => Error::Uncertain(format!(
                "POST {}: HTTP {status}: Atlas accepted the request, but {why}: the invitation was most likely sent; check the organization's users in Atlas",
                inv.url
            )),
            _ => Error::Api(format!("POST {}: HTTP {status}: {why}", inv.url)),
        });
    }
    match answer.status {
        200..=299 => match AppUser::decode(&answer.body) {
            Ok(user) => inv.output.render(&user).map_err(|e| {
                Error::Uncertain(format!(
                    "the user '{}' was invited (id {}), but the output format failed: {e}",
                    user.username.as_deref().unwrap_or_default(),
                    user.id.as_deref().unwrap_or("unknown")
                ))
            }),
            Err(_) => Err(Error::Uncertain(format!(
                "POST {}: HTTP {}: Atlas accepted the request, but its answer is not the expected user JSON; the invitation was most likely sent: check the organization's users in Atlas",
                inv.url,
                api::status_line(answer.status)
            ))),
        },
        300..=399 => Err(Error::Api(format!(
            "POST {}: HTTP {}: Atlas answered with a redirect to {}; not followed, so neither the keys nor the body went there (check the base URL)",
            inv.url,
            api::status_line(answer.status),
            answer.location.as_deref().unwrap_or("nowhere")
        ))),
        _ => {
            let mut msg = api::error_message(&inv.url, answer.status, &answer.content_type, &answer.body);
            if let Some(note) = &answer.note {
                msg.push_str(&format!(" ({note})"));
            }
            Err(Error::Api(msg))
        }
    }
}
