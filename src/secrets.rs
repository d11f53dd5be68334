//! The secrets of this run, so nothing printed can carry one.
//!
//! Messages are built from server answers too, and a broken proxy may echo our request
//! (password, Digest response) into its error page. Every secret is registered when it
//! becomes known, and everything printed passes through `scrub` on its way out.

use std::sync::Mutex;

static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers `s` as a secret (very short strings are ignored: they would blank out text).
pub fn register(s: &str) {
    if s.len() < 6 {
        return;
    }
    if let Ok(mut list) = SECRETS.lock() {
        if !list.iter().any(|x| x == s) {
            list.push(s.to_string());
            // Longest first, so a secret containing another is replaced whole.
            list.sort_by_key(|x| std::cmp::Reverse(x.len()));
        }
    }
}

/// `text` with every registered secret replaced by `[redacted]`.
pub fn scrub(text: &str) -> String {
    let Ok(list) = SECRETS.lock() else {
        return text.to_string();
    };
    let mut out = text.to_string();
    for s in list.iter() {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "[redacted]");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_registered_secrets() {
        register("abc");
        register("hunter2-secret");
        register("hunter2-secret-longer");
        assert_eq!(
            scrub("x hunter2-secret-longer y hunter2-secret abc"),
            "x [redacted] y [redacted] abc"
        );
    }
}
