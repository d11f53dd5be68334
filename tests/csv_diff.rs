//! Seeded differential test of the `--file` CSV reader against Python's `csv` module:
//! random files (fields plain, empty, spaced, non-ASCII, or quoted with commas, doubled
//! quotes and line breaks inside; LF, CRLF and lone CR line ends; blank lines; with or
//! without a final line end), some ending inside a quoted field, are split into records by
//! both, which must agree on every field, on the line each record starts on, and on refusing
//! an unclosed quote. `CSV_DIFF_CASES` (default 2,000) and `CSV_DIFF_SEED` change the run.

use crate::support::python::string;
use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::csv_rows;
use miniserde::json::Value;

/// Reads a JSON array of files on stdin; prints one JSON line per file: its records (blank
/// lines skipped) as [start line, fields], or the error. Lines are counted as Python reads
/// them: LF, CRLF and a lone CR each end one.
const PYTHON: &str = r#"
import csv, io, json, sys
for text in json.load(sys.stdin):
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, before = [], 0
    try:
        for fields in reader:
            # A blank line is an empty row of its own, so a record starts on the line
            # after the last one read.
            start, before = before + 1, reader.line_num
            if fields:
                rows.append([start, fields])
    except csv.Error as e:
        print(json.dumps({"error": str(e)}))
        continue
    print(json.dumps({"rows": rows}))
"#;

const WORDS: &[&str] = &[
    "user@example.com",
    "Ann",
    "O'Brien",
    "5dd56c847a3e5a1f363d424d:ORG_MEMBER",
    "é日😀",
    " spaced ",
    "a\tb",
    "x",
];

/// A field as written in the file: quoted when it must be, and sometimes when not.
fn field(r: &mut Rng) -> String {
    let mut value = String::new();
    for _ in 0..r.below(3) {
        value.push_str(r.pick(WORDS));
        if r.chance(30) {
            value.push_str(r.pick(&[",", "\"", "\n", "\r\n", "\r", "\"\"", ", "]));
        }
    }
    let special = value.contains([',', '"', '\n', '\r']);
    if special || r.chance(15) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

fn file(r: &mut Rng) -> String {
    let mut text = String::new();
    let rows = 1 + r.below(6);
    for row in 0..rows {
        while r.chance(15) {
            text.push_str(r.pick(&["\n", "\r\n", "\r"]));
        }
        let fields: Vec<String> = (0..1 + r.below(5)).map(|_| field(r)).collect();
        let line = fields.join(",");
        // A record of one empty field is a blank line to both readers; write it quoted.
        text.push_str(if line.is_empty() { "\"\"" } else { &line });
        if row + 1 < rows || r.chance(60) {
            text.push_str(r.pick(&["\n", "\r\n", "\r"]));
        }
    }
    if r.chance(8) {
        // An unclosed quote at the end: both must refuse.
        text.push_str(r.pick(&["\"open", "a,\"open\nmore", "\"\"\"half"]));
    }
    text
}

/// Records with the line each starts on.
type Rows = Vec<(usize, Vec<String>)>;

/// What Python's csv module made of each file: its records, or an error.
fn python(files: &[String]) -> Vec<Result<Rows, String>> {
    let row = |v: &Value| match v {
        Value::Array(r) => match &r[..] {
            [Value::Number(start), Value::Array(fields)] => (
                start.to_string().parse().unwrap(),
                fields.iter().map(string).collect(),
            ),
            _ => panic!("python answered {r:?} for a record"),
        },
        other => panic!("python answered {other:?} for a record"),
    };
    (crate::support::python::judge(PYTHON, files).iter())
        .map(|o| match (o.get("error"), o.get("rows")) {
            (Some(e), _) => Err(string(e)),
            (None, Some(Value::Array(rows))) => Ok(rows.iter().map(row).collect()),
            _ => panic!("python answered {o:?}"),
        })
        .collect()
}

#[test]
fn random_files_split_as_python_splits_them() {
    let (n, mut r, seed) = run_size("CSV_DIFF", 2000, 0xc5f_2026);
    let files: Vec<String> = (0..n).map(|_| file(&mut r)).collect();
    let want = python(&files);
    assert_eq!(want.len(), files.len());
    let mut bad = Vec::new();
    let mut refused = 0;
    for (text, theirs) in files.iter().zip(&want) {
        let ours = csv_rows(text.as_bytes());
        let same = match (&ours, theirs) {
            (Ok(a), Ok(b)) => a == b,
            (Err(_), Err(_)) => {
                refused += 1;
                true
            }
            _ => false,
        };
        if !same {
            bad.push(format!(
                "file {text:?}\n  python {theirs:?}\n  ours   {ours:?}"
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} files split differently from Python's csv (seed {seed:#x}):\n{}",
        bad.len(),
        files.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(refused > n / 50, "only {refused} of {n} files were refused");
}
