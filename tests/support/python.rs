//! Python's standard library as a test oracle (`tomllib`, `csv`; python3 is installed by
//! `.ci/install-deps`): a script reads a JSON array of texts on stdin and prints one JSON
//! object per text.

use std::io::Write;
use std::process::{Command, Stdio};

use miniserde::json::{self, Object, Value};

/// Runs `script` on `texts`; its answers in order, one object each.
pub fn judge(script: &str, texts: &[String]) -> Vec<Object> {
    let mut input = String::from("[");
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            input.push(',');
        }
        atlas_invite::testing::json::string(&mut input, t);
    }
    input.push(']');
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is installed by .ci/install-deps (make test does)");
    let mut stdin = child.stdin.take().unwrap();
    let feed = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    feed.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "python3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<Object> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| match json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            _ => panic!("python3 answered {line:?}"),
        })
        .collect();
    assert_eq!(answers.len(), texts.len(), "one answer per text");
    answers
}

/// The string `v` holds.
pub fn string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => panic!("python3 answered {other:?} for a string"),
    }
}
