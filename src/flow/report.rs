//! A file run's report: one result line per record (text or JSON Lines) as it is known,
//! and the summary. It is shared with the signal watcher, which completes it when the run
//! cannot (an answer still in flight after a signal), so every record is reported once.

use std::time::{Duration, Instant};

use super::ensure::Addition;
use crate::console::{Console, Progress};
use crate::json::Writer;

/// How one record ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Invited,
    Exists,
    Failed,
    Unknown,
    NotAttempted,
    /// `--ensureMemberships`: existed, and got what the record asked and lacked.
    Updated,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Invited => "invited",
            Status::Exists => "already exists",
            Status::Failed => "failed",
            Status::Unknown => "unknown",
            Status::NotAttempted => "not attempted",
            Status::Updated => "updated",
        }
    }
}

/// One record's result.
pub(crate) struct Result {
    pub(crate) status: Status,
    pub(crate) id: Option<String>,
    pub(crate) error: Option<String>,
    /// What an `updated` user got.
    pub(crate) added: Vec<Addition>,
}

/// The report so far.
pub(crate) struct Report {
    json: bool,
    /// (line, username) of every record, in file order.
    records: Vec<(usize, String)>,
    /// The status of each record reported so far (a prefix of `records`).
    done: Vec<Status>,
    /// How many records ended in each status, kept as they are reported.
    counts: [usize; 6],
    /// Set once the report is complete: nothing more is printed.
    closed: bool,
    started: Instant,
}

impl Report {
    pub(crate) fn new(json: bool, records: Vec<(usize, String)>) -> Report {
        Report {
            json,
            done: Vec::with_capacity(records.len()),
            counts: [0; 6],
            records,
            closed: false,
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

    /// Reports the next record on stdout, or says why stdout failed. The line is ours
    /// and printed as is; only its error (Atlas's words) is scrubbed of secrets.
    pub(crate) fn record(&mut self, console: &Console, mut r: Result) -> std::io::Result<()> {
        r.error = r.error.map(|e| console.scrub(&e));
        let text = self.line_text(&r);
        self.push(r.status);
        console.out(&text)
    }

    /// Reports every record not reported yet as `status` (one `unknown` at most, then
    /// `not attempted`), straight to stdout; for the signal watcher, which has no console.
    pub(crate) fn rest_raw(&mut self, first: Status) {
        let mut out = String::new();
        let mut status = first;
        while self.done.len() < self.records.len() {
            let text = self.line_text(&Result {
                status,
                id: None,
                error: None,
                added: Vec::new(),
            });
            self.push(status);
            out.push_str(&text);
            status = Status::NotAttempted;
        }
        let _ = crate::console::out_unheld(&out);
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

    fn line_text(&self, r: &Result) -> String {
        let (line, user) = &self.records[self.done.len()];
        let line = Line {
            line: *line,
            username: user,
            result: r.status,
            id: r.id.clone(),
            error: r.error.clone(),
            added: &r.added,
        };
        if self.json {
            json_line(&line)
        } else {
            text_line(&line)
        }
    }

    fn push(&mut self, s: Status) {
        self.done.push(s);
        self.counts[s as usize] += 1;
    }

    /// How many records ended as `s`.
    pub(crate) fn count(&self, s: Status) -> usize {
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
                self.count(Status::Invited),
                self.count(Status::Exists),
                self.count(Status::Failed) + self.count(Status::Unknown),
            ),
            elapsed: format!("{} elapsed", clock(elapsed)),
            left,
            line: format!("line {line}"),
            user: crate::error::escaped(user),
        }
    }

    /// `200 records: 197 invited, 2 already existed, 1 failed (line 57)`.
    pub(crate) fn summary(&self) -> String {
        let lines = |r: Status| -> Vec<usize> {
            self.records
                .iter()
                .zip(&self.done)
                .filter(|(_, x)| **x == r)
                .map(|((l, _), _)| *l)
                .collect()
        };
        let mut parts = vec![format!("{} invited", self.count(Status::Invited))];
        if self.count(Status::Updated) > 0 {
            parts.push(format!("{} updated", self.count(Status::Updated)));
        }
        parts.push(format!("{} already existed", self.count(Status::Exists)));
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
        format!("{} records: {}", self.records.len(), parts.join(", "))
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

/// One record's result line.
struct Line<'a> {
    line: usize,
    username: &'a str,
    result: Status,
    id: Option<String>,
    error: Option<String>,
    added: &'a [Addition],
}

/// `line 2: invited alice@example.com (id 6a79...)` and the like.
fn text_line(l: &Line<'_>) -> String {
    let (line, user, word) = (l.line, l.username, l.result.word());
    if l.result == Status::Updated {
        let added: Vec<String> = l.added.iter().map(Addition::describe).collect();
        let id = l.id.as_deref().unwrap_or("unknown");
        return format!(
            "line {line}: {word} {user} (id {id}): added {}\n",
            added.join(", ")
        );
    }
    match (&l.id, &l.error) {
        (Some(id), _) => format!("line {line}: {word} {user} (id {id})\n"),
        (None, Some(e)) => format!("line {line}: {word} {user}: {e}\n"),
        (None, None) => format!("line {line}: {word} {user}\n"),
    }
}

/// `{"line":2,"username":"...","result":"invited","id":"...","error":null}`.
fn json_line(l: &Line<'_>) -> String {
    let mut w = Writer::new(0);
    w.open('{');
    w.key("line");
    w.raw(&l.line.to_string());
    w.field("username", l.username);
    w.field("result", l.result.word());
    for (key, value) in [("id", &l.id), ("error", &l.error)] {
        match value {
            Some(v) => w.field(key, v),
            None => {
                w.key(key);
                w.raw("null");
            }
        }
    }
    if l.result == Status::Updated {
        w.key("added");
        w.open('[');
        for a in l.added {
            a.write_json(&mut w);
        }
        w.close(']');
    }
    w.close('}');
    w.finish() + "\n"
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
}
