//! Go's standard library as a test oracle: builds `tests/gocheck` (Go from the
//! distribution, installed by `.ci/install-deps`) and asks it to render templates on the
//! SDK's types as the official CLI sets them up, read dates, JSON and answers, print
//! floats, and quote, escape and lower-case strings.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use miniserde::json::{self, Value};

use super::TempDir;

/// A built gocheck binary; removed with its directory.
pub struct Go {
    _dir: TempDir,
    bin: PathBuf,
}

/// Go's minor version (1.x).
pub fn minor() -> u32 {
    let out = Command::new("go")
        .arg("version")
        .output()
        .expect("go is installed by .ci/install-deps (make test does)");
    let v = String::from_utf8_lossy(&out.stdout).into_owned();
    // "go version go1.19.8 linux/amd64"
    v.split_whitespace()
        .nth(2)
        .and_then(|g| g.strip_prefix("go1."))
        .and_then(|m| m.split('.').next())
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

impl Go {
    pub fn build() -> Go {
        let dir = super::temp_dir("gocheck");
        let bin = dir.join("gocheck");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gocheck");
        let build = Command::new("go")
            .args(["build", "-o"])
            .arg(&bin)
            .arg(".")
            .current_dir(&src)
            .env("GOFLAGS", "-mod=mod")
            .env("GOPROXY", "off")
            // Go's build cache is kept with Cargo's build products, not in the system temp dir.
            .env(
                "GOCACHE",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("gocache"),
            )
            .output()
            .expect("go is installed by .ci/install-deps (make test does)");
        assert!(
            build.status.success(),
            "go build: {}",
            String::from_utf8_lossy(&build.stderr)
        );
        Go { _dir: dir, bin }
    }

    /// Runs the checker with `args`, `input` on its stdin (written from a thread, so a
    /// full pipe cannot stall both sides); its stdout.
    fn pipe(&self, args: &[&str], input: String) -> String {
        let mut child = Command::new(&self.bin)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        String::from_utf8(out.stdout).unwrap()
    }

    /// Renders each (template, answer JSON); `Ok(output)` or `Err(Go's error text)`.
    pub fn render(&self, cases: &[(String, String)]) -> Vec<Result<String, String>> {
        let mut input = String::new();
        for (expr, answer) in cases {
            let mut line = String::from("{\"expr\":");
            atlas_invite::testing::json::string(&mut line, expr);
            line.push_str(",\"answer\":");
            atlas_invite::testing::json::string(&mut line, answer);
            line.push_str("}\n");
            input.push_str(&line);
        }
        self.pipe(&[], input).lines().map(ok_out).collect()
    }

    /// Go's encoding/json on each text (`gocheck json`): `Ok(json.Marshal of the text
    /// decoded into an any)`, or `Err(Go's error)`.
    pub fn json(&self, texts: &[String]) -> Vec<Result<String, String>> {
        self.pipe(&["json"], string_lines(texts))
            .lines()
            .map(ok_out)
            .collect()
    }

    /// Each (shape, body) decoded into the SDK's struct for the shape (`user`, `org`,
    /// `group`, `orgpage`, `grouppage`) and printed by `json.MarshalIndent` (a page's
    /// results one after another, joined by newlines); `Err(Go's error)` when it fails.
    pub fn answers(&self, cases: &[(&str, String)]) -> Vec<Result<String, String>> {
        let mut input = String::new();
        for (shape, body) in cases {
            input.push_str(&format!("{{\"shape\":\"{shape}\",\"body\":"));
            atlas_invite::testing::json::string(&mut input, body);
            input.push_str("}\n");
        }
        self.pipe(&["answers"], input).lines().map(ok_out).collect()
    }

    /// What Go's standard library makes of each string (`gocheck strings`): one object
    /// per string, from the name of the form (`quote`, `q`, `query`, `lower`, ...) to its
    /// JSON value.
    pub fn strings(&self, texts: &[String]) -> Vec<json::Object> {
        self.pipe(&["strings"], string_lines(texts))
            .lines()
            .map(|line| match json::from_str::<Value>(line) {
                Ok(Value::Object(o)) => o,
                _ => panic!("bad line {line}"),
            })
            .collect()
    }

    /// `<code> <http.StatusText(code)>` for every code from 100 to 999.
    pub fn status_texts(&self) -> Vec<String> {
        self.pipe(&["status"], String::new())
            .lines()
            .map(|line| match json::from_str::<Value>(line) {
                Ok(Value::String(s)) => s,
                _ => panic!("bad line {line}"),
            })
            .collect()
    }

    /// What Go's `http.ParseTime` reads each date as (`gocheck dates`, the local zone
    /// UTC): `Some((unix seconds, nanoseconds))`, or `None` when it refuses it.
    pub fn dates(&self, dates: &[String]) -> Vec<Option<(i64, u32)>> {
        self.pipe(&["dates"], string_lines(dates))
            .lines()
            .map(|line| {
                let Ok(Value::Object(o)) = json::from_str::<Value>(line) else {
                    panic!("bad line {line}")
                };
                let number = |key: &str| match o.get(key) {
                    Some(Value::Number(json::Number::I64(n))) => *n,
                    Some(Value::Number(json::Number::U64(n))) => *n as i64,
                    _ => panic!("bad line {line}"),
                };
                match o.get("ok") {
                    Some(Value::Bool(true)) => Some((number("unix"), number("nanos") as u32)),
                    _ => None,
                }
            })
            .collect()
    }

    /// Go's forms of each float (`gocheck floats`): one map per input line, from the
    /// form's name (`v`, `json`, `e`, ...) to Go's text.
    pub fn floats(&self, input: &str) -> Vec<std::collections::BTreeMap<String, String>> {
        self.pipe(&["floats"], input.to_string())
            .lines()
            .map(|line| {
                let Ok(Value::Object(o)) = json::from_str::<Value>(line) else {
                    panic!("bad line {line}")
                };
                o.iter()
                    .map(|(k, v)| match v {
                        Value::String(s) => (k.clone(), s.clone()),
                        _ => panic!("bad line {line}"),
                    })
                    .collect()
            })
            .collect()
    }
}

/// Each text as a JSON string, one a line.
fn string_lines(texts: &[String]) -> String {
    let mut input = String::new();
    for t in texts {
        atlas_invite::testing::json::string(&mut input, t);
        input.push('\n');
    }
    input
}

/// A `{"ok": bool, "out": text}` line: `Ok(text)` or `Err(text)`.
fn ok_out(line: &str) -> Result<String, String> {
    let Ok(Value::Object(o)) = json::from_str::<Value>(line) else {
        panic!("bad line {line}")
    };
    let Some(Value::String(got)) = o.get("out") else {
        panic!("bad line {line}")
    };
    match o.get("ok") {
        Some(Value::Bool(true)) => Ok(got.clone()),
        _ => Err(got.clone()),
    }
}
