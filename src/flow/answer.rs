//! Reading Atlas's answers into what they mean for the run: a user or a member from a 2xx
//! (an unreadable one is exit 4: Atlas most likely did what was asked), or the error for
//! any other answer (a redirect never followed, the official API error line).

use crate::api::calls::Call;
use crate::api::members::{Member, Target};
use crate::api::AppUser;
use crate::error::Error;
use crate::gostd::status_line;
use crate::net::transport::Response;

/// The user in a 2xx createUser (or getUserByName) answer.
pub(crate) fn user(call: &Call, url: &str, answer: &Response) -> Result<AppUser, Error> {
    if let Some(why) = &answer.body_error {
        return Err(accepted(call, url, answer, why));
    }
    AppUser::decode(&answer.body).ok_or_else(|| {
        Error::Unreadable(format!(
            "{} {url}: HTTP {}: Atlas accepted the request, but its answer is not the expected user JSON; the invitation was most likely sent: check the organization's users in Atlas",
            call.method.as_str(),
            status_line(answer.status)
        ))
    })
}

/// The member a 2xx membership answer describes.
pub(crate) fn member(
    call: &Call,
    url: &str,
    answer: &Response,
    target: &Target,
) -> Result<Member, Error> {
    match (&answer.body_error, Member::decode(target, &answer.body)) {
        (None, Some(member)) => Ok(member),
        (Some(why), _) => Err(accepted(call, url, answer, why)),
        (None, None) => Err(accepted(
            call,
            url,
            answer,
            "its answer is not the expected membership JSON",
        )),
    }
}

/// A 2xx whose answer could not be read: the call most likely took effect (exit 4).
pub(crate) fn accepted(call: &Call, url: &str, answer: &Response, why: &str) -> Error {
    let done = match call.may_change() {
        Some(crate::error::MAYBE_REMOVED) => "the removal most likely took effect",
        _ => "the invitation was most likely sent",
    };
    Error::Unreadable(format!(
        "{} {url}: HTTP {}: Atlas accepted the request, but {why}: {done}; check the organization's users in Atlas",
        call.method.as_str(),
        status_line(answer.status)
    ))
}

/// The error for a non-2xx answer: a redirect (never followed), the official API error
/// line, or why the answer could not be read.
pub(crate) fn refusal(call: &Call, url: &str, answer: &Response) -> Error {
    let method = call.method.as_str();
    if (300..=399).contains(&answer.status) {
        return Error::Refused(format!(
            "{method} {url}: HTTP {}: Atlas answered with a redirect to {}; not followed, so neither the keys nor the body went there (check the base URL)",
            status_line(answer.status),
            answer.location.as_deref().unwrap_or("nowhere")
        ));
    }
    if let Some(why) = &answer.body_error {
        return Error::Refused(format!(
            "{method} {url}: HTTP {}: {why}",
            status_line(answer.status)
        ));
    }
    let mut msg = crate::api::error_line(
        method,
        url,
        answer.status,
        &answer.content_type,
        &answer.body,
    );
    if let Some(note) = &answer.note {
        msg.push_str(&format!(" ({note})"));
    }
    Error::Refused(msg)
}
