//! The one door to the terminal: everything printed on stderr (notices, warnings, the debug
//! trace, errors) and the final stdout text leave through a `Console`, which also owns the
//! run's secrets, so every byte printed is scrubbed of them by construction.
//!
//! `main` creates it and hands it down by reference; secrets are registered as they become
//! known (keys when resolved, the password when read, a token or Digest response when
//! made). Tests give it a buffer instead of stderr.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::hash::BuildHasherDefault;
use std::io::Write;
use std::rc::Rc;

use crate::error::Error;

/// Shorter strings are not treated as secrets: replacing them would blank out plain text.
const MIN_SECRET: usize = 6;

/// Where stderr output goes, and the secrets it must never contain.
pub struct Console {
    err: RefCell<Box<dyn Write>>,
    /// Whether stderr is a terminal: only then is a progress line shown.
    tty: bool,
    secrets: RefCell<Secrets>,
    /// The status line a file run keeps under its notices on a terminal.
    status: RefCell<Status>,
}

/// The status line and the countdown after it, while one is shown.
#[derive(Default)]
struct Status {
    line: Option<String>,
    /// Whole seconds left of a wait.
    countdown: Option<u64>,
}

/// The secrets, indexed so that scrubbing a text costs time in proportion to the text:
/// each position is looked up once by its first `MIN_SECRET` bytes, and only where some
/// secret starts that way is each secret length tried, longest first, in a hash set.
#[derive(Default)]
struct Secrets {
    /// Every secret once.
    known: HashSet<String>,
    /// The first `MIN_SECRET` bytes of every secret, as a number.
    prefixes: HashSet<u64, BuildHasherDefault<PrefixHasher>>,
    /// How many secrets have each length.
    lengths: BTreeMap<usize, usize>,
}

/// A multiplicative hash for the prefixes: they are already well mixed bytes.
#[derive(Default)]
struct PrefixHasher(u64);

impl std::hash::Hasher for PrefixHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl Secrets {
    fn prefix(s: &[u8]) -> Option<u64> {
        let p: [u8; MIN_SECRET] = s.get(..MIN_SECRET)?.try_into().ok()?;
        let mut n = [0u8; 8];
        n[..MIN_SECRET].copy_from_slice(&p);
        Some(u64::from_le_bytes(n))
    }

    fn add(&mut self, s: &str) {
        let Some(key) = Secrets::prefix(s.as_bytes()) else {
            return;
        };
        if self.known.insert(s.to_string()) {
            self.prefixes.insert(key);
            *self.lengths.entry(s.len()).or_default() += 1;
        }
    }

    /// Forgets `s`; its prefix stays as a hint, which costs only a lookup.
    fn remove(&mut self, s: &str) {
        if self.known.remove(s) {
            if let Some(n) = self.lengths.get_mut(&s.len()) {
                *n -= 1;
                if *n == 0 {
                    self.lengths.remove(&s.len());
                }
            }
        }
    }

    /// The longest secret starting at byte `i` of `text`, if any.
    fn at(&self, text: &str, i: usize) -> Option<usize> {
        let b = text.as_bytes();
        let key = Secrets::prefix(&b[i..])?;
        if !self.prefixes.contains(&key) {
            return None;
        }
        self.lengths.keys().rev().copied().find(|&len| {
            text.get(i..i + len)
                .is_some_and(|candidate| self.known.contains(candidate))
        })
    }

    /// `text` with each leftmost, longest secret replaced by `[redacted]`.
    fn scrub(&self, text: &str) -> String {
        if self.known.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let (mut i, mut copied) = (0, 0);
        while i + MIN_SECRET <= text.len() {
            match self.at(text, i) {
                // A match is a `&str` slice, so `i` is a character boundary.
                Some(len) => {
                    out.push_str(&text[copied..i]);
                    out.push_str("[redacted]");
                    i += len;
                    copied = i;
                }
                None => i += 1,
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

impl Console {
    /// A console writing to the process's stderr.
    pub fn stderr() -> Console {
        use std::io::IsTerminal;
        let mut console = Console::to(Box::new(std::io::stderr()));
        console.tty = std::io::stderr().is_terminal();
        console
    }

    /// A console writing into a shared buffer (for tests).
    pub fn buffer() -> (Console, Buffer) {
        let buf = Buffer::default();
        (Console::to(Box::new(buf.clone())), buf)
    }

    fn to(err: Box<dyn Write>) -> Console {
        Console {
            err: RefCell::new(err),
            tty: false,
            secrets: RefCell::new(Secrets::default()),
            status: RefCell::new(Status::default()),
        }
    }

    /// Remembers `s` as a secret: nothing printed from now on contains it.
    pub fn secret(&self, s: &str) {
        self.secrets.borrow_mut().add(s);
    }

    /// Forgets a secret that only one request carried (a Digest response), once that
    /// request is done, so a long run does not keep every one.
    pub fn forget(&self, s: &str) {
        self.secrets.borrow_mut().remove(s);
    }

    /// `text` with every registered secret replaced by `[redacted]`.
    pub fn scrub(&self, text: &str) -> String {
        self.secrets.borrow().scrub(text)
    }

    /// Writes `text` to stderr, scrubbed. A failing stderr is ignored: there is nowhere
    /// left to report it.
    fn write(&self, text: &str) {
        let mut err = self.err.borrow_mut();
        let _ = err.write_all(self.scrub(text).as_bytes());
        let _ = err.flush();
    }

    /// Writes `text` to stderr as it is: text this program built, which places every
    /// secret as `[redacted]` itself, so its own words and names are never rewritten.
    fn write_verbatim(&self, text: &str) {
        let mut err = self.err.borrow_mut();
        let _ = err.write_all(text.as_bytes());
        let _ = err.flush();
    }

    /// Writes whole lines (`scrub`: scrubbed first): on a terminal showing a status line,
    /// they go above it (the status line is cleared, the lines written, the status line
    /// drawn again).
    fn lines_of(&self, text: &str, scrub: bool) {
        let shown = self.tty && self.status.borrow().line.is_some();
        if shown {
            self.write_verbatim("\r\x1b[K");
        }
        if scrub {
            self.write(text);
        } else {
            self.write_verbatim(text);
        }
        if shown {
            self.redraw();
        }
    }

    fn lines(&self, text: &str) {
        self.lines_of(text, true);
    }

    /// A line this program built around no secret (a summary, a wait for a record): it
    /// is printed as is, never rewritten by the scrubber.
    pub fn say(&self, line: &str) {
        self.lines_of(&format!("{line}\n"), false);
    }

    /// A line of information (a retry, a fallback).
    pub fn notice(&self, line: &str) {
        self.lines(&format!("{line}\n"));
    }

    /// A warning that does not stop the command.
    pub fn warn(&self, line: &str) {
        self.lines(&format!("Warning: {line}\n"));
    }

    /// A `--debug` trace line of text from outside (an answer): scrubbed.
    pub fn trace(&self, line: &str) {
        self.lines(&format!("{line}\n"));
    }

    /// A `--debug` trace line of a request we built, its secrets placed as `[redacted]`
    /// already: printed as is.
    pub fn trace_ours(&self, line: &str) {
        self.lines_of(&format!("{line}\n"), false);
    }

    /// Whether a status line would be shown (stderr is a terminal).
    pub fn shows_progress(&self) -> bool {
        self.tty
    }

    /// The status line, drawn in place under the notices; shown only on a terminal.
    pub fn progress(&self, line: &str) {
        if self.tty {
            *self.status.borrow_mut() = Status {
                line: Some(line.to_string()),
                countdown: None,
            };
            self.redraw();
        }
    }

    /// The time left of a wait, after the status line (`None`: the wait is over).
    pub fn countdown(&self, left: Option<std::time::Duration>) {
        if !self.tty || self.status.borrow().line.is_none() {
            return;
        }
        let secs = left.map(|d| d.as_secs() + u64::from(d.subsec_nanos() > 0));
        if self.status.borrow().countdown != secs {
            self.status.borrow_mut().countdown = secs;
            self.redraw();
        }
    }

    fn redraw(&self) {
        let text = {
            let status = self.status.borrow();
            let Some(line) = &status.line else {
                return;
            };
            match status.countdown {
                Some(s) => format!("\r{line} · waiting {s}s\x1b[K"),
                None => format!("\r{line}\x1b[K"),
            }
        };
        self.write_verbatim(&text);
    }

    /// Clears the status line.
    pub fn progress_done(&self) {
        if self.tty && self.status.borrow().line.is_some() {
            *self.status.borrow_mut() = Status::default();
            self.write_verbatim("\r\x1b[K");
        }
    }

    /// A prompt, without a line ending.
    pub fn prompt(&self, text: &str) {
        self.write(text);
    }

    /// The error that ends the command, as `Error: <message>`.
    pub fn error(&self, e: &Error) {
        for line in e.lines() {
            self.lines(&format!("Error: {line}\n"));
        }
    }

    /// Writes text this program built to `out` as is: text that holds no secret by
    /// construction (each secret it places shows as `[redacted]` where it stands), so its
    /// own words, keys and names are never rewritten by the scrubber.
    pub fn print_verbatim(&self, out: &mut dyn Write, text: &str) -> std::io::Result<()> {
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    /// Writes the command's result to `out` (stdout), scrubbed.
    pub fn print(&self, out: &mut dyn Write, text: &str) -> std::io::Result<()> {
        out.write_all(self.scrub(text).as_bytes())?;
        out.flush()
    }
}

/// A growable byte buffer shared with a test console.
#[derive(Clone, Default)]
pub struct Buffer(Rc<RefCell<Vec<u8>>>);

impl Buffer {
    /// Everything written so far, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_registered_secrets_everywhere() {
        let (c, buf) = Console::buffer();
        c.secret("abc");
        c.secret("hunter2-secret");
        c.secret("hunter2-secret-longer");
        assert_eq!(
            c.scrub("x hunter2-secret-longer y hunter2-secret abc"),
            "x [redacted] y [redacted] abc"
        );
        c.notice("retry: hunter2-secret");
        c.warn("w hunter2-secret");
        c.trace("> hunter2-secret-longer");
        c.error(&Error::Refused("refused hunter2-secret".into()));
        let mut out = Vec::new();
        c.print(&mut out, "out hunter2-secret\n").unwrap();
        assert_eq!(
            buf.text(),
            "retry: [redacted]\nWarning: w [redacted]\n> [redacted]\nError: refused [redacted]\n"
        );
        assert_eq!(out, b"out [redacted]\n");
    }

    #[test]
    fn scrubbing_is_leftmost_longest_and_forgets_one_request_secrets() {
        let (c, _) = Console::buffer();
        c.secret("secret-one");
        c.secret("secret-one-two");
        c.secret("é-secret-é");
        assert_eq!(
            c.scrub("secret-one-two secret-onesecret-one é-secret-é!"),
            "[redacted] [redacted][redacted] [redacted]!"
        );
        c.forget("secret-one");
        assert_eq!(
            c.scrub("secret-one secret-one-two"),
            "secret-one [redacted]"
        );
        assert_eq!(c.scrub("short"), "short");
    }

    #[test]
    fn consoles_do_not_share_secrets() {
        let (a, _) = Console::buffer();
        let (b, _) = Console::buffer();
        a.secret("only-in-a");
        assert_eq!(b.scrub("only-in-a"), "only-in-a");
    }
}
