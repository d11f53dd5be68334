//! Java's own lower case as a test oracle: `tests/javacheck/Lower.java`, run from source
//! by the JDK (`java Lower.java`, JDK 11 or later; `.ci/install-deps` installs one), prints
//! `String.toLowerCase(Locale.ROOT)` of each string, the rule Atlas's Java compares
//! usernames by.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Java's lower case of each text: `Some(lower case)`, or `None` when Java's Unicode
/// tables leave one of its code points undefined.
pub fn lower(texts: &[String]) -> Vec<Option<String>> {
    let input: String = texts
        .iter()
        .map(|t| {
            let hex: Vec<String> = t.chars().map(|c| format!("{:x}", c as u32)).collect();
            hex.join(" ") + "\n"
        })
        .collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/javacheck/Lower.java");
    let mut child = Command::new("java")
        .arg(src)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("a JDK is installed by .ci/install-deps (make test does)");
    let mut stdin = child.stdin.take().unwrap();
    let feed = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    feed.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "java: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<Option<String>> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let mut words = line.split(' ');
            let defined = words.next() == Some("D");
            let lower: String = words
                .map(|h| {
                    u32::from_str_radix(h, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap()
                })
                .collect();
            defined.then_some(lower)
        })
        .collect();
    assert_eq!(answers.len(), texts.len(), "one answer per text");
    answers
}
