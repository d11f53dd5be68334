//! The go-template table checked against Go itself: `tests/gocheck` renders every case
//! with Go's text/template and tabwriter, set up as the official CLI sets them up, on a
//! copy of the SDK's types. Go comes from the distribution (`.ci/install-deps` installs
//! golang-go); features newer than that Go are listed and skipped by version.

#[path = "support/format_cases.rs"]
mod format_cases;
mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use miniserde::json::{self, Value};

/// Cases using Go features newer than `since` (minor version of Go 1.x).
const NEWER: [(&str, u32); 1] = [("{{range 3}}{{.}}{{end}}", 22)];

fn go_minor() -> u32 {
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

#[test]
fn templates_match_go() {
    let minor = go_minor();
    let dir = support_dir();
    let tmp = support::temp_dir("gocheck");
    let bin = tmp.join("gocheck");
    let build = Command::new("go")
        .args(["build", "-o"])
        .arg(&bin)
        .arg(".")
        .current_dir(&dir)
        .env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        // Go's build cache is kept with Cargo's build products, not in the system temp dir.
        .env(
            "GOCACHE",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("gocache"),
        )
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "go build: {}",
        String::from_utf8_lossy(&build.stderr)
    );

    let cases: Vec<format_cases::Case> = format_cases::templates()
        .into_iter()
        .filter(|(expr, _, _)| !NEWER.iter().any(|(e, since)| e == expr && minor < *since))
        .collect();
    let mut input = String::new();
    for (expr, answer, _) in &cases {
        let mut line = String::from("{\"expr\":");
        atlas_invite::testing::json::string(&mut line, expr);
        line.push_str(",\"answer\":");
        atlas_invite::testing::json::string(&mut line, answer);
        line.push_str("}\n");
        input.push_str(&line);
    }
    let mut child = Command::new(&bin)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), cases.len());

    let mut bad = Vec::new();
    for ((expr, _, want), line) in cases.iter().zip(&lines) {
        let Ok(Value::Object(o)) = json::from_str::<Value>(line) else {
            panic!("bad line {line}")
        };
        let ok = matches!(o.get("ok"), Some(Value::Bool(true)));
        let Some(Value::String(got)) = o.get("out") else {
            panic!("bad line {line}")
        };
        // Our expectations name the SDK package `admin`, as Go does for the real types.
        let same = match want {
            Ok(w) => ok && got == w,
            Err(w) => !ok && got.contains(w),
        };
        if !same {
            bad.push(format!(
                "{expr:?}\n  table {want:?}\n  go    ok={ok} {got:?}"
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} cases differ from Go 1.{minor}:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}

fn support_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gocheck")
}
