//! Runs the binary on a pseudo-terminal of a chosen width, as an interactive shell would,
//! and returns every byte the terminal was sent.
//!
//! A small Python driver (python3, installed by `.ci/install-deps`) opens the pty, sets its
//! size, runs the binary with stderr (and, when asked, stdout) on it, can resize it once a
//! given text has been shown, and kills the binary at its deadline.

use std::process::Command;

const DRIVER: &str = r#"
import os, sys, json, struct, fcntl, termios, subprocess, time, select
cols, same, marker, new_cols = int(sys.argv[1]), sys.argv[2] == '1', sys.argv[3].encode(), int(sys.argv[4])
master, slave = os.openpty()
def size(c):
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', 24, c, 0, 0))
size(cols)
out = slave if same else subprocess.DEVNULL
p = subprocess.Popen(sys.argv[5:], stdin=subprocess.DEVNULL, stdout=out, stderr=slave)
os.close(slave)
shown, resized = b'', -1
deadline = time.time() + 60
while time.time() < deadline:
    if select.select([master], [], [], 0.05)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        shown += data
        if resized < 0 and marker and marker in shown:
            size(new_cols)
            resized = len(shown)
    elif p.poll() is not None:
        break
if p.poll() is None:
    p.kill()
p.wait()
print(json.dumps({'code': p.returncode, 'shown': shown.hex(), 'resized': resized}))
"#;

/// The terminal a run gets.
pub struct Terminal<'a> {
    /// Its width in columns (0: a pty that does not say, as a fresh one).
    pub columns: u16,
    /// Whether stdout is on the terminal too (else it goes to /dev/null).
    pub stdout_too: bool,
    /// Once this text has been shown, the terminal is resized to this many columns.
    pub resize: Option<(&'a str, u16)>,
}

/// What the terminal was sent.
pub struct Shown {
    pub code: i32,
    pub text: String,
    /// The byte offset in `text` at which the terminal was resized, if it was.
    pub resized_at: Option<usize>,
}

/// Runs the binary with `args` and only `env` on `term`.
pub fn run(term: &Terminal<'_>, args: &[&str], env: &[(&str, String)]) -> Shown {
    let (marker, new_columns) = term.resize.unwrap_or(("", 0));
    let mut c = Command::new("python3");
    c.arg("-c")
        .arg(DRIVER)
        .arg(term.columns.to_string())
        .arg(if term.stdout_too { "1" } else { "0" })
        .arg(marker)
        .arg(new_columns.to_string())
        .arg(crate::support::bin())
        .args(args)
        .env_clear();
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("python3 runs the pty driver");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| -> String {
        let start = report.find(&format!("\"{name}\": ")).unwrap_or_else(|| {
            panic!(
                "the pty driver failed: {report}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        }) + name.len()
            + 4;
        let rest = &report[start..];
        let end = rest.find([',', '}']).unwrap_or(rest.len());
        rest[..end].trim_matches('"').to_string()
    };
    let hex = field("shown");
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    Shown {
        code: field("code").parse().unwrap(),
        text: String::from_utf8(bytes).expect("the binary writes UTF-8"),
        resized_at: field("resized").parse::<usize>().ok(),
    }
}

impl Shown {
    /// Every status line drawn, with where it starts: the text between a `\r` and the
    /// `ESC[K` that ends the draw, for draws that start like one (`[3/10] `).
    pub fn draws(&self) -> Vec<(usize, &str)> {
        let mut draws = Vec::new();
        for (at, _) in self.text.match_indices("\r[") {
            let rest = &self.text[at + 1..];
            let Some(end) = rest.find("\x1b[K") else {
                continue;
            };
            let line = &rest[..end];
            if line.contains(" invited, ") {
                draws.push((at, line));
            }
        }
        draws
    }

    /// The lines the terminal shows at the end: `\r` returns to the line's start, `ESC[K`
    /// clears to its end, characters overwrite (no wrapping).
    pub fn screen(&self) -> Vec<String> {
        let mut lines = vec![Vec::<char>::new()];
        let mut col = 0;
        let mut chars = self.text.chars().peekable();
        while let Some(c) = chars.next() {
            let line = lines.last_mut().unwrap();
            match c {
                '\r' => col = 0,
                '\n' => {
                    lines.push(Vec::new());
                    col = 0;
                }
                '\x1b' if chars.peek() == Some(&'[') => {
                    chars.next();
                    if chars.next() == Some('K') {
                        line.truncate(col);
                    }
                }
                c => {
                    if col < line.len() {
                        line[col] = c;
                    } else {
                        line.push(c);
                    }
                    col += 1;
                }
            }
        }
        lines
            .into_iter()
            .map(|l| l.into_iter().collect::<String>())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// How many columns `text` takes: one per character (the tests' text is ASCII, `·`, `…`).
pub fn columns(text: &str) -> usize {
    text.chars().count()
}
