//! `--dryRun`: every request the invite would send, printed instead of sent, after the
//! same resolution and validation as a real run. No name is looked up, no connection made,
//! no password read; the body shows the password as `[redacted]`, and the authentication
//! only by its public identifier.

use crate::api::members::MEDIA_TYPE as MEMBERS_MEDIA;
use crate::api::{MEDIA_TYPE as USERS_MEDIA, USERS_PATH};
use crate::auth::Auth;
use crate::hiargs::{HiArgs, Version};
use crate::users::Job;

/// The requests of `inv`, as text.
pub(crate) fn requests(inv: &HiArgs) -> String {
    let mut out = String::new();
    let authorization = match &inv.auth {
        Auth::Digest(keys) => format!(
            "Authorization: Digest username=\"{}\", ... (answering the server's challenge; the private key never leaves this machine)",
            keys.public
        ),
        Auth::ServiceAccount {
            client_id,
            token_url,
            ..
        } => {
            out.push_str(&format!(
                "# once: a bearer token for the service account\nPOST {token_url}\nAccept: application/json\nContent-Type: application/x-www-form-urlencoded\nAuthorization: Basic {client_id}:[redacted]\n\ngrant_type=client_credentials\n\n"
            ));
            format!("Authorization: Bearer [the token for {client_id}]")
        }
    };
    if inv.version == Version::Auto {
        out.push_str("# --apiVersion auto: createUser; a 410 Gone answer would switch this and every later user to the 2025-02-19 endpoints\n\n");
    }
    for job in &inv.jobs {
        if let Some(line) = job.line {
            out.push_str(&format!("# line {line}: {}\n", job.user.username));
        }
        for (path, media, body) in calls(inv, job) {
            out.push_str(&format!(
                "POST {}{path}\nAccept: {media}\nContent-Type: {media}\n{authorization}\n\n{body}\n\n",
                inv.base
            ));
        }
    }
    out
}

/// The path, media type and body of each call for `job`.
fn calls(inv: &HiArgs, job: &Job) -> Vec<(String, &'static str, String)> {
    match inv.version {
        Version::V20250219 => job
            .calls
            .iter()
            .map(|c| (c.path(), MEMBERS_MEDIA, c.body.clone()))
            .collect(),
        Version::V20230101 | Version::Auto => {
            let mut user = job.user.clone();
            user.password = Some("[redacted]".into());
            vec![(USERS_PATH.to_string(), USERS_MEDIA, user.body())]
        }
    }
}
