//! Atlas's limits as the mock plays them: a token bucket in front of every authenticated
//! call (429 with Retry-After, RateLimit headers on answers), and the per-address
//! invitation limit seen in the wild (400 without Retry-After).

use std::collections::VecDeque;
use std::sync::Mutex;
use std::thread;
use std::time::Instant;

use super::wire::Reply;
use super::{lock, Options};

/// The state of both limits.
#[derive(Default)]
pub struct Limits {
    /// The token bucket's level and when it was last filled.
    bucket: Option<(f64, Instant)>,
    /// 429 answers from the bucket.
    pub limited: usize,
    /// When each invitation of the current window was created.
    invitations: VecDeque<Instant>,
}

/// Takes a token from the bucket, or the 429 Atlas answers when it is empty.
pub fn take_from_bucket(l: &Mutex<Limits>, o: &Options) -> Option<Reply> {
    let (capacity, refill) = o.bucket?;
    let mut l = lock(l);
    let (level, at) = l.bucket.unwrap_or((capacity, Instant::now()));
    let level = (level + at.elapsed().as_secs_f64() * refill).min(capacity);
    if level >= 1.0 {
        l.bucket = Some((level - 1.0, Instant::now()));
        return None;
    }
    l.bucket = Some((level, Instant::now()));
    l.limited += 1;
    let wait = ((1.0 - level) / refill).ceil().max(1.0) as u64;
    let detail = format!("Rate limit exceeded for api/atlas/v2/orgs. Please retry after {wait} seconds. Request capacity: {capacity}. Refill rate: {refill} per 1 seconds.");
    Some(
        Reply::error(429, "RATE_LIMITED_TOKEN_BUCKET", &detail)
            .with("Retry-After", &wait.to_string()),
    )
}

/// The bucket's headers for an answer, when there is a bucket.
pub fn bucket_headers(l: &Mutex<Limits>, o: &Options) -> Vec<(String, String)> {
    let Some((capacity, _)) = o.bucket else {
        return Vec::new();
    };
    let level = lock(l).bucket.map_or(capacity, |(l, _)| l);
    vec![
        ("RateLimit-Limit".into(), format!("{capacity}")),
        ("RateLimit-Remaining".into(), format!("{}", level.floor())),
    ]
}

/// Counts an invitation, or refuses it when the window's are used up; a slow create
/// takes its time here.
pub fn invitation_limited(l: &Mutex<Limits>, o: &Options) -> Option<Reply> {
    thread::sleep(o.slow_create);
    let (limit, window) = o.invitation_limit?;
    let mut l = lock(l);
    while l.invitations.front().is_some_and(|t| t.elapsed() >= window) {
        l.invitations.pop_front();
    }
    if l.invitations.len() >= limit {
        return Some(Reply::error(
            400,
            "INVITATIONS_RATE_LIMITED_IP",
            &format!("Rate limit of {limit} invitations per 1 minutes exceeded"),
        ));
    }
    l.invitations.push_back(Instant::now());
    None
}
