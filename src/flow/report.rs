//! A file run's report: one result line per record (text or JSON Lines) as it is known,
//! then `--prune`'s removals on lines of their own (no file line), and the summary. It is
//! shared with the signal watcher, which completes it when the run cannot (an answer
//! still in flight after a signal), so every record is reported once.

use std::time::{Duration, Instant};

use crate::console::{Console, Handle, Progress};
use crate::json::Writer;
use crate::plan::grant::{Grant, Revoke};

/// How one record (or one person's removals) ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Invited,
    Exists,
    Failed,
    Unknown,
    NotAttempted,
    /// Existed, and got what the record asked and lacked.
    Updated,
    /// A lapsed invitation replaced by a new one.
    Reinvited,
    /// `--prune` took what the file no longer asks.
    Removed,
    /// `--prune` kept an organization owner.
    Kept,
}

/// How many statuses there are.
const STATUSES: usize = 9;

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Invited => "invited",
            Status::Exists => "already exists",
            Status::Failed => "failed",
            Status::Unknown => "unknown",
            Status::NotAttempted => "not attempted",
            Status::Updated => "updated",
            Status::Reinvited => "re-invited",
            Status::Removed => "removed",
            Status::Kept => "kept",
        }
    }

    /// The JSON Lines `result`.
    fn json_word(self) -> &'static str {
        match self {
            Status::Reinvited => "reinvited",
            other => other.word(),
        }
    }
}

/// One record's (or one person's removals') result.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) status: Status,
    pub(crate) id: Option<String>,
    pub(crate) error: Option<String>,
    /// What an existing person got.
    pub(crate) added: Vec<Grant>,
    /// What `--prune` took.
    pub(crate) removed: Vec<Revoke>,
}

impl Entry {
    /// A result without an id, error or memberships.
    pub(crate) fn bare(status: Status) -> Entry {
        Entry {
            status,
            id: None,
            error: None,
            added: Vec::new(),
            removed: Vec::new(),
        }
    }
}

/// The report so far.
pub(crate) struct Report {
    json: bool,
    /// (line, username) of every record, in file order.
    records: Vec<(usize, String)>,
    /// The status of each record reported so far (a prefix of `records`).
    done: Vec<Status>,
    /// How many records ended in each status (so far `done`, counted).
    counts: [usize; STATUSES],
    /// What the removal lines added up to.
    removals: Removals,
    /// Set once the report is complete: nothing more is printed.
    closed: bool,
    /// The flag that makes a re-run of the same file finish the job (`--ifNotExists`,
    /// `--ensureMemberships` or `--prune`), for the advice after a stop.
    pub(crate) resume: &'static str,
    /// The people whose removals are to be sent, in order, and how many of them have a
    /// line: the signal watcher reports the rest.
    removing: (Vec<String>, usize),
    /// Set once the reads are over and records are being sent: before, no record can be
    /// in flight.
    sending: bool,
    started: Instant,
}

/// What `--prune`'s lines added up to.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Removals {
    /// Removal calls that took effect.
    pub(crate) calls: usize,
    /// People with removals made, and owners kept.
    pub(crate) removed: usize,
    pub(crate) kept: usize,
    pub(crate) failed: usize,
    pub(crate) unknown: usize,
    /// Not sent because an invitation or addition of the run failed first.
    pub(crate) held: usize,
    /// Not sent because the run stopped (Atlas unreachable, rate limited, a signal).
    pub(crate) skipped: usize,
}

impl Report {
    pub(crate) fn new(json: bool, records: Vec<(usize, String)>) -> Report {
        Report {
            json,
            done: Vec::with_capacity(records.len()),
            counts: [0; STATUSES],
            records,
            removals: Removals::default(),
            closed: false,
            resume: "--ifNotExists",
            removing: (Vec::new(), 0),
            sending: false,
            started: Instant::now(),
        }
    }

    /// How many records the file has.
    pub(crate) fn records_len(&self) -> usize {
        self.records.len()
    }

    /// How many records are reported.
    pub(crate) fn reported(&self) -> usize {
        self.done.len()
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closed
    }

    /// Marks the reads over: from now on a record may be in flight.
    pub(crate) fn start_sending(&mut self) {
        self.sending = true;
    }

    /// Whether records are being sent (the reads are over).
    pub(crate) fn is_sending(&self) -> bool {
        self.sending
    }

    /// Reports the next record on stdout, or says why stdout failed. The line is ours
    /// and printed as is; only its error (Atlas's words) is scrubbed of secrets.
    pub(crate) fn record(&mut self, console: &Console, mut r: Entry) -> std::io::Result<()> {
        r.error = r.error.map(|e| console.scrub(&e));
        let (line, user) = &self.records[self.done.len()];
        let text = self.text(Some(*line), user, &r);
        self.push(r.status);
        console.out(&text)
    }

    /// Reports one person's removals (or why they were kept, failed or not attempted: `held`
    /// back by a failed record, or skipped when the run stopped), on a line without a file
    /// line.
    pub(crate) fn removal(
        &mut self,
        console: &Console,
        username: &str,
        mut r: Entry,
        held: bool,
    ) -> std::io::Result<()> {
        r.error = r.error.map(|e| console.scrub(&e));
        let text = self.text(None, username, &r);
        self.count_removal(&r, held);
        console.out(&text)
    }

    /// Counts a removal line.
    fn count_removal(&mut self, r: &Entry, held: bool) {
        if r.status != Status::Kept {
            self.removing.1 += 1;
        }
        let m = &mut self.removals;
        m.calls += r.removed.len();
        match r.status {
            Status::Removed => m.removed += 1,
            Status::Kept => m.kept += 1,
            Status::Failed => m.failed += 1,
            Status::Unknown => m.unknown += 1,
            Status::NotAttempted if held => m.held += 1,
            Status::NotAttempted => m.skipped += 1,
            _ => {}
        }
    }

    /// The people whose removals the run is to send, in order.
    pub(crate) fn removing(&mut self, usernames: Vec<String>) {
        self.removing = (usernames, 0);
    }

    /// Whether the run is sending removals (every record reported, some removal not).
    pub(crate) fn is_removing(&self) -> bool {
        self.done.len() == self.records.len() && self.removing.1 < self.removing.0.len()
    }

    /// Whether every record was invited, re-invited, updated or existed.
    pub(crate) fn all_done(&self) -> bool {
        self.done.len() == self.records.len()
            && [Status::Failed, Status::Unknown, Status::NotAttempted]
                .iter()
                .all(|s| self.records_with(*s) == 0)
    }

    /// What the removal lines added up to.
    pub(crate) fn removals(&self) -> Removals {
        self.removals
    }

    /// Reports every record not reported yet as `status` (one `unknown` at most, then
    /// `not attempted`) through `handle`, and closes the report; for the signal watcher,
    /// which cannot hold the console.
    pub(crate) fn rest_through(&mut self, handle: &Handle, first: Status) {
        let mut out = String::new();
        let mut status = first;
        while self.done.len() < self.records.len() {
            let (line, user) = &self.records[self.done.len()];
            out.push_str(&self.text(Some(*line), user, &Entry::bare(status)));
            self.push(status);
            status = Status::NotAttempted;
        }
        while self.removing.1 < self.removing.0.len() {
            let user = self.removing.0[self.removing.1].clone();
            let entry = Entry::bare(status);
            out.push_str(&self.text(None, &user, &entry));
            self.count_removal(&entry, false);
            status = Status::NotAttempted;
        }
        let _ = handle.out(&out);
        self.closed = true;
    }

    /// Marks the rest `not attempted` without printing them (stdout is gone).
    pub(crate) fn rest_unprinted(&mut self) -> Vec<usize> {
        let lines: Vec<usize> = self.records[self.done.len()..]
            .iter()
            .map(|(l, _)| *l)
            .collect();
        while self.done.len() < self.records.len() {
            self.push(Status::NotAttempted);
        }
        lines
    }

    /// Closes the report: nothing more is printed.
    pub(crate) fn close(&mut self) {
        self.closed = true;
    }

    fn text(&self, line: Option<usize>, username: &str, r: &Entry) -> String {
        let shown = Shown {
            line,
            username,
            entry: r,
        };
        if self.json {
            json_line(&shown)
        } else {
            text_line(&shown)
        }
    }

    fn push(&mut self, s: Status) {
        self.done.push(s);
        self.counts[s as usize] += 1;
    }

    /// How many records ended as `s`.
    pub(crate) fn records_with(&self, s: Status) -> usize {
        self.counts[s as usize]
    }

    /// `[7/20] 5 invited, 1 existing, 0 failed · 0:42 elapsed, about 1:20 left · line 8:
    /// alice@example.com`: the status line before record `n` (0-based), in the parts the
    /// console fits to the terminal.
    pub(crate) fn status_line(&self, n: usize) -> Progress {
        let total = self.records.len();
        let elapsed = self.started.elapsed();
        let left = match n {
            0 => None,
            n => {
                let per = elapsed / n as u32;
                Some(format!("about {} left", clock(per * (total - n) as u32)))
            }
        };
        let (line, user) = &self.records[n.min(total.saturating_sub(1))];
        Progress {
            counts: format!(
                "[{}/{total}] {} invited, {} existing, {} failed",
                n + 1,
                self.records_with(Status::Invited) + self.records_with(Status::Reinvited),
                self.records_with(Status::Exists) + self.records_with(Status::Updated),
                self.records_with(Status::Failed) + self.records_with(Status::Unknown),
            ),
            elapsed: format!("{} elapsed", clock(elapsed)),
            left,
            line: format!("line {line}"),
            user: crate::error::escaped(user),
        }
    }

    /// `200 records: 197 invited, 2 already existed, 1 failed (line 57)`, with
    /// re-invited, updated, removed and kept when there are any.
    pub(crate) fn summary(&self) -> String {
        let lines = |r: Status| -> Vec<usize> {
            self.records
                .iter()
                .zip(&self.done)
                .filter(|(_, x)| **x == r)
                .map(|((l, _), _)| *l)
                .collect()
        };
        let mut parts = vec![format!("{} invited", self.records_with(Status::Invited))];
        for (s, word) in [
            (Status::Reinvited, "re-invited"),
            (Status::Updated, "updated"),
        ] {
            if self.records_with(s) > 0 {
                parts.push(format!("{} {word}", self.records_with(s)));
            }
        }
        parts.push(format!(
            "{} already existed",
            self.records_with(Status::Exists)
        ));
        for r in [Status::Failed, Status::Unknown, Status::NotAttempted] {
            let at = lines(r);
            if at.is_empty() && r != Status::Failed {
                continue;
            }
            let mut part = format!("{} {}", at.len(), r.word());
            if !at.is_empty() {
                let shown: Vec<String> = at.iter().take(10).map(usize::to_string).collect();
                let more = if at.len() > 10 { ", ..." } else { "" };
                let noun = if at.len() == 1 { "line" } else { "lines" };
                part.push_str(&format!(" ({noun} {}{more})", shown.join(", ")));
            }
            parts.push(part);
        }
        parts.extend(self.removal_parts());
        format!("{} records: {}", self.records.len(), parts.join(", "))
    }

    /// `3 removed, 1 kept, 1 removal failed`: what `--prune`'s lines added up to.
    fn removal_parts(&self) -> Vec<String> {
        let m = self.removals;
        let lines = m.removed + m.kept + m.failed + m.unknown + m.held + m.skipped;
        if lines == 0 {
            return Vec::new();
        }
        let mut parts = vec![format!("{} removed", m.calls)];
        let plural = |n: usize| if n == 1 { "removal" } else { "removals" };
        for (n, what) in [
            (m.kept, None),
            (m.failed, Some("failed")),
            (m.unknown, Some("unknown")),
            (m.held + m.skipped, Some("not attempted")),
        ] {
            match (n, what) {
                (0, _) => {}
                (n, None) => parts.push(format!("{n} kept")),
                (n, Some(w)) => parts.push(format!("{n} {} {w}", plural(n))),
            }
        }
        parts
    }
}

/// `m:ss`, or `h:mm:ss` from an hour on.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=3599 => format!("{}:{:02}", s / 60, s % 60),
        _ => format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60),
    }
}

/// One result as printed.
struct Shown<'a> {
    /// The record's line; `None` for a removal line.
    line: Option<usize>,
    username: &'a str,
    entry: &'a Entry,
}

/// `line 2: invited alice@example.com (id 6a79...)`, `removed erin@example.com (id ...):
/// organization ... (not in the file)` and the like.
fn text_line(l: &Shown<'_>) -> String {
    let r = l.entry;
    let (user, word) = (l.username, r.status.word());
    let at = l.line.map(|n| format!("line {n}: ")).unwrap_or_default();
    let id = r.id.as_deref().unwrap_or("unknown");
    let listed = |items: Vec<String>| items.join(", ");
    match r.status {
        Status::Kept => {
            return format!("{at}{word} {user}: organization owner (change owners by hand)\n")
        }
        Status::Removed => {
            let removed = listed(r.removed.iter().map(Revoke::describe).collect());
            return format!("{at}{word} {user} (id {id}): {removed}\n");
        }
        Status::Invited | Status::Reinvited | Status::Updated | Status::Exists
            if !r.added.is_empty() =>
        {
            let added = listed(r.added.iter().map(Grant::describe).collect());
            return format!("{at}{word} {user} (id {id}): added {added}\n");
        }
        _ => {}
    }
    match (&r.id, &r.error) {
        (Some(id), _) => format!("{at}{word} {user} (id {id})\n"),
        (None, Some(e)) => format!("{at}{word} {user}: {e}\n"),
        (None, None) => format!("{at}{word} {user}\n"),
    }
}

/// `{"line":2,"username":"...","result":"invited","id":"...","error":null}`, with
/// `added` or `removed` lists when there are any.
fn json_line(l: &Shown<'_>) -> String {
    let r = l.entry;
    let mut w = Writer::new(0);
    w.open('{');
    w.number_or_null("line", l.line);
    w.field("username", l.username);
    w.field("result", r.status.json_word());
    w.field_or_null("id", r.id.as_deref());
    w.field_or_null("error", r.error.as_deref());
    if r.status == Status::Updated || !r.added.is_empty() {
        list(&mut w, "added", &r.added, Grant::write_json);
    }
    if r.status == Status::Removed || !r.removed.is_empty() {
        list(&mut w, "removed", &r.removed, Revoke::write_json);
    }
    w.close('}');
    w.finish() + "\n"
}

/// `"key":[...]`, each item as `write` puts it.
fn list<T>(w: &mut Writer, key: &str, items: &[T], write: fn(&T, &mut Writer)) {
    w.key(key);
    w.open('[');
    for item in items {
        write(item, w);
    }
    w.close(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_status_lines() {
        assert_eq!(clock(Duration::from_secs(42)), "0:42");
        assert_eq!(clock(Duration::from_secs(3725)), "1:02:05");
        let mut r = Report::new(
            false,
            vec![(2, "a@x.com".into()), (3, "b\u{1b}@x.com".into())],
        );
        assert!(r
            .status_line(0)
            .to_string()
            .starts_with("[1/2] 0 invited, 0 existing, 0 failed · 0:00 elapsed · line 2: a@x.com"));
        r.push(Status::Invited);
        let s = r.status_line(1).to_string();
        assert!(s.starts_with("[2/2] 1 invited, 0 existing, 0 failed · 0:00 elapsed, about 0:00 left · line 3: b\\u{1b}@x.com"), "{s}");
    }

    #[test]
    fn removal_lines_and_their_summary() {
        let (console, _) = Console::buffer();
        let mut r = Report::new(true, vec![(2, "a@x.com".into())]);
        r.push(Status::Exists);
        let removed = Entry {
            id: Some("u1".into()),
            removed: vec![Revoke::Org { org: "o".into() }],
            ..Entry::bare(Status::Removed)
        };
        assert_eq!(
            r.text(None, "e@x.com", &removed),
            "{\"line\":null,\"username\":\"e@x.com\",\"result\":\"removed\",\"id\":\"u1\",\"error\":null,\"removed\":[{\"kind\":\"org\",\"org\":\"o\"}]}\n"
        );
        r.json = false;
        assert_eq!(
            r.text(None, "e@x.com", &removed),
            "removed e@x.com (id u1): organization o (not in the file)\n"
        );
        let _ = console;
        r.count_removal(&removed, false);
        r.count_removal(&Entry::bare(Status::Kept), false);
        assert_eq!(
            r.summary(),
            "1 records: 0 invited, 1 already existed, 0 failed, 1 removed, 1 kept"
        );
    }
}
