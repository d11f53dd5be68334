//! `--dryRun`: every request the invite would send, printed instead of sent, after the
//! same resolution and validation as a real run. No name is looked up, no connection made,
//! no password read; the body shows the password as `[redacted]`, and the authentication
//! only by its public identifier (itself `[redacted]` when read from a secret file).

use crate::api::members::MEDIA_TYPE as MEMBERS_MEDIA;
use crate::api::{MEDIA_TYPE as USERS_MEDIA, USERS_PATH};
use crate::auth::Auth;
use crate::console::Console;
use crate::hiargs::{HiArgs, Version};
use crate::users::Job;

/// Prints the requests of `inv` on stdout as they are built, a few pages at a time, so a
/// file of any length costs no more than a page of output. The text is ours and holds no
/// secret (the password shows as `[redacted]` where it is placed), so it is printed as is.
pub(crate) fn print(console: &Console, inv: &HiArgs) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    let mut out = head(inv);
    let authorization = authorization(inv);
    for job in inv.users.jobs() {
        job_requests(inv, &job, &authorization, &mut out);
        if out.len() >= PAGE {
            console.print_verbatim(&mut stdout, &out)?;
            out.clear();
        }
    }
    console.print_verbatim(&mut stdout, &out)
}

/// How much output is built before it is written.
const PAGE: usize = 64 << 10;

/// What comes before the first user's requests.
fn head(inv: &HiArgs) -> String {
    let mut out = String::new();
    if let Auth::ServiceAccount { token_url, .. } = &inv.auth {
        let client_id = inv.auth.shown_identity();
        out.push_str(&format!(
            "# once: a bearer token for the service account\nPOST {token_url}\nAccept: application/json\nContent-Type: application/x-www-form-urlencoded\nAuthorization: Basic {client_id}:[redacted]\n\ngrant_type=client_credentials\n\n"
        ));
    }
    if inv.ensure {
        out.push_str("# --ensureMemberships: for a user that exists already, a lookup decides which additions are sent (addOrgUserRole, addOrgTeamUser, addGroupUsers, addGroupUserRole: what the record asks and the user lacks); a dry run looks nothing up\n\n");
    }
    if inv.version == Version::Auto {
        out.push_str("# --apiVersion auto: createUser; a 410 Gone answer would switch this and every later user to the 2025-02-19 endpoints\n\n");
    }
    out
}

/// The authorization line every request shows; a public key or client id read from a
/// secret file shows as `[redacted]`.
fn authorization(inv: &HiArgs) -> String {
    let identity = inv.auth.shown_identity();
    match &inv.auth {
        Auth::Digest(_) => format!(
            "Authorization: Digest username=\"{identity}\", ... (answering the server's challenge; the private key never leaves this machine)"
        ),
        Auth::ServiceAccount { .. } => {
            format!("Authorization: Bearer [the token for {identity}]")
        }
    }
}

/// Appends `job`'s requests to `out`.
fn job_requests(inv: &HiArgs, job: &Job, authorization: &str, out: &mut String) {
    use std::fmt::Write;
    if let Some(line) = job.line {
        let _ = writeln!(out, "# line {line}: {}", job.user.username);
    }
    for (path, media, body) in calls(inv, job) {
        let _ = write!(
            out,
            "POST {}{path}\nAccept: {media}\nContent-Type: {media}\n{authorization}\n\n{body}\n\n",
            inv.base
        );
    }
}

/// The path, media type and body of each call for `job`.
fn calls(inv: &HiArgs, job: &Job) -> Vec<(String, &'static str, String)> {
    match inv.version {
        Version::V20250219 => job
            .calls()
            .into_iter()
            .map(|c| (c.path(), MEMBERS_MEDIA, c.body))
            .collect(),
        Version::V20230101 | Version::Auto => {
            vec![(
                USERS_PATH.to_string(),
                USERS_MEDIA,
                job.user.body_showing("[redacted]"),
            )]
        }
    }
}
