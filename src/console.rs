//! The one door to the terminal: everything printed on stderr (notices, warnings, the debug
//! trace, errors, a file run's status line) and on stdout (results, a dry run's requests)
//! leaves through a `Console`, which also owns the run's secrets, so every byte printed is
//! scrubbed of them by construction, and which keeps the status line out of the way of
//! everything else when stdout and stderr share a terminal.
//!
//! `main` creates it and hands it down by reference; secrets are registered as they become
//! known (keys when resolved, the password when read, a token or Digest response when
//! made). Tests give it buffers instead, which may pretend to be terminals.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::hash::BuildHasherDefault;
use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::error::Error;

/// Back to the start of the screen line, and erase it: how a status line is cleared.
const CLEAR: &str = "\r\x1b[K";

/// Shorter strings are not treated as secrets: replacing them would blank out plain text.
const MIN_SECRET: usize = 6;

/// Where stderr and stdout output go, and the secrets they must never contain.
pub struct Console {
    streams: Arc<Streams>,
    /// Whether stderr is a terminal: only then is a progress line shown.
    tty: bool,
    /// Whether stdout is a terminal: then it shares the screen with the status line.
    out_tty: bool,
    /// The terminal's width as a test sets it; `None`: ask stderr's terminal at each draw.
    columns: Option<Cell<Option<usize>>>,
    secrets: RefCell<Secrets>,
    /// The status line a file run keeps under its notices on a terminal.
    status: RefCell<Status>,
}

/// The two streams, shared with the signal watcher through a `Handle`: every byte the
/// process writes goes through them.
struct Streams {
    err: Mutex<Box<dyn Write + Send>>,
    out: Mutex<Box<dyn Write + Send>>,
}

impl Streams {
    /// Writes `text` to stderr; a failing stderr is ignored (nowhere is left to say so).
    fn err(&self, text: &str) {
        let mut err = self.err.lock().unwrap_or_else(|e| e.into_inner());
        let _ = err.write_all(text.as_bytes());
        let _ = err.flush();
    }

    fn out(&self, text: &str) -> std::io::Result<()> {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        out.write_all(text.as_bytes())?;
        out.flush()
    }
}

/// The console's streams for another thread (the signal watcher, which completes a file
/// run's report when the run cannot): text this program built, written as is.
#[derive(Clone)]
pub(crate) struct Handle {
    streams: Arc<Streams>,
    /// Whether stderr shows a status line the watcher's lines must clear first.
    tty: bool,
}

impl Handle {
    /// Writes result lines to stdout, after clearing a status line left on stderr's
    /// terminal.
    pub(crate) fn out(&self, text: &str) -> std::io::Result<()> {
        self.clear();
        self.streams.out(text)
    }

    /// Writes lines to stderr, after clearing a status line.
    pub(crate) fn say(&self, text: &str) {
        self.clear();
        self.streams.err(&format!("{text}\n"));
    }

    fn clear(&self) {
        if self.tty {
            self.streams.err(CLEAR);
        }
    }
}

/// The status line and the countdown after it, while one is shown.
#[derive(Default)]
struct Status {
    line: Option<Progress>,
    /// Whole seconds left of a wait.
    countdown: Option<u64>,
}

/// A file run's status line in parts, so the console can fit it to the terminal's width:
/// `[7/20] 5 invited, 1 existing, 0 failed · 0:42 elapsed, about 1:20 left · line 8:
/// alice@example.com`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Progress {
    /// `[7/20] 5 invited, 1 existing, 0 failed`: always shown.
    pub(crate) counts: String,
    /// `0:42 elapsed`.
    pub(crate) elapsed: String,
    /// `about 1:20 left`, once there is an estimate.
    pub(crate) left: Option<String>,
    /// `line 8`.
    pub(crate) line: String,
    /// The record's username, its control characters escaped.
    pub(crate) user: String,
}

impl Progress {
    /// A status line of one part (`reading organization <id>: page 2, 1,000 users`), cut
    /// to the terminal's width.
    pub(crate) fn plain(text: String) -> Progress {
        Progress {
            counts: text,
            elapsed: String::new(),
            left: None,
            line: String::new(),
            user: String::new(),
        }
    }

    /// The line with the parts asked for, `user` in place of the username, `wait` after;
    /// empty parts are left out.
    fn draw(&self, elapsed: bool, left: bool, user: &str, wait: &str) -> String {
        let mut s = self.counts.clone();
        if elapsed && !self.elapsed.is_empty() {
            s.push_str(" · ");
            s.push_str(&self.elapsed);
            if let Some(l) = self.left.as_deref().filter(|_| left) {
                s.push_str(", ");
                s.push_str(l);
            }
        }
        if !self.line.is_empty() {
            s.push_str(" · ");
            s.push_str(&self.line);
            s.push_str(": ");
            s.push_str(user);
        }
        s.push_str(wait);
        s
    }
}

impl fmt::Display for Progress {
    /// The whole line, as a terminal wide enough shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.draw(true, true, &self.user, ""))
    }
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
    /// A console on the process's stderr and stdout.
    pub fn process() -> Console {
        use std::io::IsTerminal;
        let mut console = Console::to(Box::new(std::io::stderr()), Box::new(std::io::stdout()));
        console.tty = std::io::stderr().is_terminal();
        console.out_tty = std::io::stdout().is_terminal();
        console.columns = None;
        console
    }

    /// A console writing stderr into a shared buffer, and stdout into one no test reads
    /// (for tests).
    pub fn buffer() -> (Console, Buffer) {
        let (console, err, _) = Console::buffers(false, false);
        (console, err)
    }

    /// A console writing stderr and stdout into shared buffers that pretend to be
    /// terminals or not (for tests); their width is 80 columns until `set_columns`.
    pub fn buffers(err_tty: bool, out_tty: bool) -> (Console, Buffer, Buffer) {
        let (err, out) = (Buffer::default(), Buffer::default());
        let mut console = Console::to(Box::new(err.clone()), Box::new(out.clone()));
        console.tty = err_tty;
        console.out_tty = out_tty;
        (console, err, out)
    }

    /// A console whose stderr and stdout are both terminals writing into one buffer, as
    /// the two streams of an interactive run share one screen (for tests).
    pub fn screen() -> (Console, Buffer) {
        let screen = Buffer::default();
        let mut console = Console::to(Box::new(screen.clone()), Box::new(screen.clone()));
        console.tty = true;
        console.out_tty = true;
        (console, screen)
    }

    fn to(err: Box<dyn Write + Send>, out: Box<dyn Write + Send>) -> Console {
        Console {
            streams: Arc::new(Streams {
                err: Mutex::new(err),
                out: Mutex::new(out),
            }),
            tty: false,
            out_tty: false,
            columns: Some(Cell::new(None)),
            secrets: RefCell::new(Secrets::default()),
            status: RefCell::new(Status::default()),
        }
    }

    /// Makes a test console's terminal `columns` wide (`None`: its size is unknown). The
    /// process's console asks its terminal instead, at every draw.
    pub fn set_columns(&self, columns: Option<usize>) {
        if let Some(c) = &self.columns {
            c.set(columns);
        }
    }

    /// The terminal's width now: asked at every draw, so a resized terminal gets a line
    /// that fits at the next update; 80 when the terminal does not say.
    fn width(&self) -> usize {
        let asked = match &self.columns {
            Some(c) => c.get(),
            None => terminal_columns(std::io::stderr()),
        };
        asked.filter(|&n| n > 0).unwrap_or(80)
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
        self.write_verbatim(&self.scrub(text));
    }

    /// Writes `text` to stderr as it is: text this program built, which places every
    /// secret as `[redacted]` itself, so its own words and names are never rewritten.
    fn write_verbatim(&self, text: &str) {
        self.streams.err(text);
    }

    /// The streams for another thread (the signal watcher).
    pub(crate) fn handle(&self) -> Handle {
        Handle {
            streams: self.streams.clone(),
            tty: self.tty,
        }
    }

    /// Runs `write` with the status line out of its way: when one is shown and `shared`
    /// (the text goes to the status line's terminal), the status line is cleared first
    /// and drawn again after, so the text starts on a line of its own.
    fn above_status<T>(&self, shared: bool, write: impl FnOnce() -> T) -> T {
        let shown = shared && self.tty && self.status.borrow().line.is_some();
        if shown {
            self.write_verbatim(CLEAR);
        }
        let result = write();
        if shown {
            self.redraw();
        }
        result
    }

    /// Writes whole lines to stderr (`scrub`: scrubbed first), above the status line.
    fn lines_of(&self, text: &str, scrub: bool) {
        self.above_status(true, || match scrub {
            true => self.write(text),
            false => self.write_verbatim(text),
        });
    }

    fn lines(&self, text: &str) {
        self.lines_of(text, true);
    }

    /// A line this program built, each secret placed as `[redacted]` by construction (a
    /// summary, a wait for a record, a request `--debug` traces): printed as is, never
    /// rewritten by the scrubber.
    pub fn say(&self, line: &str) {
        self.lines_of(&format!("{line}\n"), false);
    }

    /// A line that may hold text from outside (Atlas's words, an answer `--debug`
    /// traces, a retry's cause): scrubbed.
    pub fn notice(&self, line: &str) {
        self.lines(&format!("{line}\n"));
    }

    /// A warning that does not stop the command.
    pub fn warn(&self, line: &str) {
        self.lines(&format!("Warning: {line}\n"));
    }

    /// Whether a status line would be shown (stderr is a terminal).
    pub fn shows_progress(&self) -> bool {
        self.tty
    }

    /// The status line, drawn in place under the notices; shown only on a terminal.
    pub(crate) fn progress(&self, line: &Progress) {
        if self.tty {
            *self.status.borrow_mut() = Status {
                line: Some(line.clone()),
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

    /// Draws the status line over the current screen line, fitted to the terminal's
    /// width less one column, so the cursor never reaches the edge and wraps.
    fn redraw(&self) {
        let text = {
            let status = self.status.borrow();
            let Some(line) = &status.line else {
                return;
            };
            let fitted = fit(line, status.countdown, self.width() - 1);
            format!("\r{fitted}\x1b[K")
        };
        self.write_verbatim(&text);
    }

    /// Clears the status line.
    pub fn progress_done(&self) {
        if self.tty && self.status.borrow().line.is_some() {
            *self.status.borrow_mut() = Status::default();
            self.write_verbatim(CLEAR);
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

    /// Writes whole lines this program built to stdout as they are: text that holds no
    /// secret by construction (each secret it places shows as `[redacted]` where it
    /// stands), so its own words, keys and names are never rewritten by the scrubber.
    /// When stdout shares the terminal of a status line, the status line is cleared first
    /// and drawn again after, so each line starts on a screen line of its own.
    pub fn out(&self, text: &str) -> std::io::Result<()> {
        self.above_status(self.out_tty, || self.streams.out(text))
    }

    /// Writes the command's result to stdout, scrubbed.
    pub fn print(&self, text: &str) -> std::io::Result<()> {
        self.out(&self.scrub(text))
    }
}

/// The width in columns of the terminal `fd` is, if it is one and knows its size.
fn terminal_columns(fd: impl std::os::fd::AsRawFd) -> Option<usize> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` through the pointer, which points to a
    // live, writable one; on a descriptor that is no terminal it fails and writes nothing.
    let r = unsafe { libc::ioctl(fd.as_raw_fd(), libc::TIOCGWINSZ, &mut size) };
    (r == 0).then_some(usize::from(size.ws_col))
}

/// The fewest columns a shortened username keeps (`ali…@example.com`) before the time
/// left, then the time elapsed, are dropped instead.
const MIN_USER: usize = 16;

/// The status line, and the wait after it, in at most `cols` terminal columns: the
/// username is shortened first (down to `MIN_USER`), then the time left is dropped, then
/// the time elapsed (the username may then shrink to two columns), and whatever still
/// does not fit is cut with `…`.
fn fit(p: &Progress, wait: Option<u64>, cols: usize) -> String {
    let wait = wait.map(|s| format!(" · waiting {s}s")).unwrap_or_default();
    let user = columns(&p.user);
    for (elapsed, left, least) in [
        (true, true, MIN_USER),
        (true, false, MIN_USER),
        (false, false, 2),
    ] {
        let room = cols.checked_sub(columns(&p.draw(elapsed, left, "", &wait)));
        if let Some(room) = room.filter(|&room| room >= user.min(least)) {
            return p.draw(elapsed, left, &shorten(&p.user, room), &wait);
        }
    }
    cut(&p.draw(false, false, &p.user, &wait), cols)
}

/// `user` in at most `room` columns, `…` standing for what is left out: the end of the
/// part before the `@` while the domain fits whole, else the middle.
fn shorten(user: &str, room: usize) -> String {
    if columns(user) <= room {
        return user.to_string();
    }
    let Some(keep) = room.checked_sub(1) else {
        return String::new();
    };
    if let Some(at) = user.rfind('@') {
        let domain = &user[at..];
        let after = columns(domain);
        if after < keep {
            return format!("{}…{domain}", head(&user[..at], keep - after));
        }
    }
    let back = keep / 2;
    format!("{}…{}", head(user, keep - back), tail(user, back))
}

/// `text` in at most `cols` columns, ending in `…` when cut.
fn cut(text: &str, cols: usize) -> String {
    match cols.checked_sub(1) {
        _ if columns(text) <= cols => text.to_string(),
        Some(keep) => format!("{}…", head(text, keep)),
        None => String::new(),
    }
}

/// The longest start of `text` that fits in `cols` columns.
fn head(text: &str, cols: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += char_columns(c);
        if used > cols {
            return &text[..i];
        }
    }
    text
}

/// The longest end of `text` that fits in `cols` columns.
fn tail(text: &str, cols: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices().rev() {
        used += char_columns(c);
        if used > cols {
            return &text[i + c.len_utf8()..];
        }
    }
    text
}

/// How many columns `text` takes on a terminal.
fn columns(text: &str) -> usize {
    text.chars().map(char_columns).sum()
}

/// Two columns for the East Asian wide and fullwidth characters (CJK, Hangul, kana,
/// fullwidth forms, the common emoji blocks), one for every other character. Combining
/// marks are counted as one, which only makes a line shorter than it could be; ambiguous
/// ones (`·`, `…`) as one, as terminals outside CJK locales show them.
fn char_columns(c: char) -> usize {
    const WIDE: [(u32, u32); 16] = [
        (0x1100, 0x115F),
        (0x2E80, 0x303E),
        (0x3041, 0x33FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xA000, 0xA4CF),
        (0xA960, 0xA97F),
        (0xAC00, 0xD7A3),
        (0xF900, 0xFAFF),
        (0xFE10, 0xFE19),
        (0xFE30, 0xFE6F),
        (0xFF00, 0xFF60),
        (0xFFE0, 0xFFE6),
        (0x1F300, 0x1F64F),
        (0x1F900, 0x1F9FF),
        (0x20000, 0x3FFFD),
    ];
    let c = u32::from(c);
    1 + usize::from(WIDE.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)))
}

/// A growable byte buffer shared with a test console.
#[derive(Clone, Default)]
pub struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    /// Everything written so far, as text.
    pub fn text(&self) -> String {
        let bytes = self.0.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let mut bytes = self.0.lock().unwrap_or_else(|e| e.into_inner());
        bytes.extend_from_slice(data);
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
        let (c, buf, out) = Console::buffers(false, false);
        c.secret("abc");
        c.secret("hunter2-secret");
        c.secret("hunter2-secret-longer");
        assert_eq!(
            c.scrub("x hunter2-secret-longer y hunter2-secret abc"),
            "x [redacted] y [redacted] abc"
        );
        c.notice("retry: hunter2-secret");
        c.warn("w hunter2-secret");
        c.notice("> hunter2-secret-longer");
        c.error(&Error::Refused("refused hunter2-secret".into()));
        c.print("out hunter2-secret\n").unwrap();
        assert_eq!(
            buf.text(),
            "retry: [redacted]\nWarning: w [redacted]\n> [redacted]\nError: refused [redacted]\n"
        );
        assert_eq!(out.text(), "out [redacted]\n");
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
    /// The README's status line, 98 columns in full.
    fn progress(user: &str) -> Progress {
        Progress {
            counts: "[7/20] 5 invited, 1 existing, 0 failed".into(),
            elapsed: "0:42 elapsed".into(),
            left: Some("about 1:20 left".into()),
            line: "line 8".into(),
            user: user.into(),
        }
    }

    #[test]
    fn the_watchers_handle_writes_through_the_same_streams_clearing_the_status_line() {
        let (c, screen) = Console::screen();
        c.progress(&progress("a@x.com"));
        let handle = c.handle();
        std::thread::spawn(move || {
            handle.out("line 9: unknown b@x.com\n").unwrap();
            handle.say("1 records: ...");
        })
        .join()
        .unwrap();
        let text = screen.text();
        assert!(
            text.ends_with("\r\x1b[Kline 9: unknown b@x.com\n\r\x1b[K1 records: ...\n"),
            "{text:?}"
        );
        let (c, err, out) = Console::buffers(false, false);
        let handle = c.handle();
        handle.out("x\n").unwrap();
        handle.say("y");
        assert_eq!((out.text(), err.text()), ("x\n".into(), "y\n".into()));
    }

    #[test]
    fn a_result_line_on_the_status_lines_screen_gets_a_line_of_its_own() {
        let (c, screen) = Console::screen();
        let mut p = progress("a@x.com");
        p.left = None;
        c.out("no status line yet\n").unwrap();
        c.progress(&p);
        c.out("line 8: invited a@x.com (id 1)\n").unwrap();
        c.countdown(Some(std::time::Duration::from_millis(2500)));
        c.out("line 9: failed b@x.com: no\n").unwrap();
        c.progress_done();
        c.say("2 records");
        let status = "[7/20] 5 invited, 1 existing, 0 failed · 0:42 elapsed · line 8: a@x.com";
        // 80 columns: with the wait, the time elapsed no longer fits.
        let waiting = "[7/20] 5 invited, 1 existing, 0 failed · line 8: a@x.com · waiting 3s";
        assert_eq!(
            screen.text(),
            format!(
                "no status line yet\n\
                 \r{status}\x1b[K\
                 \r\x1b[Kline 8: invited a@x.com (id 1)\n\r{status}\x1b[K\
                 \r{waiting}\x1b[K\
                 \r\x1b[Kline 9: failed b@x.com: no\n\r{waiting}\x1b[K\
                 \r\x1b[K2 records\n"
            )
        );
    }

    #[test]
    fn stdout_elsewhere_leaves_the_status_line_alone() {
        let (c, err, out) = Console::buffers(true, false);
        c.progress(&progress("a@x.com"));
        let drawn = err.text();
        c.out("line 8: invited a@x.com (id 1)\n").unwrap();
        assert_eq!(err.text(), drawn, "nothing more on stderr");
        assert_eq!(out.text(), "line 8: invited a@x.com (id 1)\n");
        // Without a terminal on stderr there is no status line at all.
        let (c, err, out) = Console::buffers(false, true);
        c.progress(&progress("a@x.com"));
        c.out("x\n").unwrap();
        assert_eq!((err.text(), out.text()), (String::new(), "x\n".into()));
    }

    #[test]
    fn the_status_line_fits_the_width_the_username_shortened_first() {
        let full = "[7/20] 5 invited, 1 existing, 0 failed · 0:42 elapsed, about 1:20 left · line 8: alice@example.com";
        let p = progress("alice@example.com");
        assert_eq!(p.to_string(), full);
        assert_eq!(columns(full), 98);
        let fits = |cols, wait| fit(&p, wait, cols);
        assert_eq!(fits(98, None), full);
        assert_eq!(fits(97, None), full.replace("alice@", "ali…@"));
        // Past the username's 16 columns, the time left goes, then the time elapsed.
        assert_eq!(
            fits(82, None),
            "[7/20] 5 invited, 1 existing, 0 failed · 0:42 elapsed · line 8: alice@example.com"
        );
        assert_eq!(
            fits(79, None),
            "[7/20] 5 invited, 1 existing, 0 failed · line 8: alice@example.com"
        );
        assert_eq!(
            fits(79, Some(43)),
            "[7/20] 5 invited, 1 existing, 0 failed · line 8: ali…@example.com · waiting 43s"
        );
        assert_eq!(fits(30, None), "[7/20] 5 invited, 1 existing,…");
        assert_eq!(fits(1, None), "…");
        assert_eq!(fits(0, None), "");
        for cols in 0..120 {
            for wait in [None, Some(5), Some(640)] {
                let line = fits(cols, wait);
                assert!(columns(&line) <= cols, "{cols}: {line}");
            }
        }
    }

    #[test]
    fn usernames_keep_their_domain_and_wide_characters_count_two() {
        assert_eq!(shorten("alice@example.com", 17), "alice@example.com");
        assert_eq!(shorten("alice@example.com", 14), "a…@example.com");
        // The domain does not fit: the middle goes.
        assert_eq!(shorten("alice@example.com", 13), "alice@…le.com");
        assert_eq!(shorten("alice@example.com", 12), "alice@…e.com");
        assert_eq!(shorten("alice@example.com", 1), "…");
        assert_eq!(shorten("alice@example.com", 0), "");
        assert_eq!(columns("山田太郎@example.jp"), 19);
        assert_eq!(shorten("山田太郎@example.jp", 16), "山田…@example.jp");
        assert_eq!(shorten("山田太郎@example.jp", 15), "山…@example.jp");
        assert_eq!(shorten("山田太郎@example.jp", 8), "山田….jp");
        assert_eq!(columns("ｆｕｌｌ·한국…😀"), 8 + 1 + 4 + 1 + 2);
    }

    #[test]
    fn each_draw_asks_the_width_so_a_resize_counts_at_the_next_update() {
        let (c, err, _) = Console::buffers(true, true);
        let mut p = progress("a-rather-long-name.of.someone@subdomain.example.com");
        p.left = None;
        c.set_columns(Some(120));
        c.progress(&p);
        let wide = "[7/20] 5 invited, 1 existing, 0 failed · 0:42 elapsed · line 8: a-rather-long-name.of.someone@subdomain.example.com";
        assert_eq!(err.text(), format!("\r{wide}\x1b[K"));
        c.set_columns(Some(60));
        c.countdown(Some(std::time::Duration::from_secs(9)));
        let narrow = "[7/20] 5 invited, 1 existing, 0 failed · line 8: a-rather-…";
        assert_eq!(columns(narrow), 59);
        assert_eq!(err.text(), format!("\r{wide}\x1b[K\r{narrow}\x1b[K"));
        // A terminal that does not say its size counts as 80 columns.
        for unknown in [None, Some(0)] {
            c.set_columns(unknown);
            c.progress(&p);
            let line = err.text().rsplit('\r').next().unwrap().to_string();
            assert_eq!(columns(line.trim_end_matches("\x1b[K")), 79, "{line:?}");
        }
    }
}
