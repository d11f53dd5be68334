//! Seeded differential test of the config.toml reader against Python's `tomllib` (TOML 1.0):
//! random documents (all four string kinds with escapes, unicode and quotes next to their
//! delimiters, integers in every base, booleans, floats, dates, nested arrays and inline
//! tables, bare, quoted and dotted keys, tables, array tables, comments, CRLF), half of
//! them then damaged by one random edit. Both readers must accept or refuse alike, and
//! every string, integer and boolean must read the same. Ours reads TOML 1.1, so the
//! documents and edits stay within 1.0: no `\e` or `\x` escape is made, no newline put in
//! (1.1 allows them inside inline tables). tomllib keeps integers beyond 64 bits, which
//! TOML says to refuse; ours refusing those is agreement. `TOML_DIFF_CASES` (default
//! 2,000) and `TOML_DIFF_SEED` change the run.

use std::collections::BTreeMap;

use crate::support::python;
use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::toml;
use miniserde::json::Value;

/// Reads a JSON array of documents on stdin; prints one JSON line per document: the
/// refusal, or every key reachable through tables as path, kind and value.
const TOMLLIB: &str = r#"
import json, sys, tomllib
def big(v):
    if isinstance(v, dict):
        return any(big(x) for x in v.values())
    if isinstance(v, list):
        return any(big(x) for x in v)
    return type(v) is int and not -2**63 <= v < 2**63
for doc in json.load(sys.stdin):
    try:
        data = tomllib.loads(doc)
    except tomllib.TOMLDecodeError as e:
        print(json.dumps({"error": str(e)}))
        continue
    out = {}
    def walk(path, v):
        if isinstance(v, dict):
            out[path] = ["table", ""]
            for k, x in v.items():
                walk(path + "." + k if path else k, x)
        elif isinstance(v, bool):
            out[path] = ["boolean", "true" if v else "false"]
        elif isinstance(v, int):
            out[path] = ["integer", str(v)]
        elif isinstance(v, str):
            out[path] = ["string", v]
        else:
            out[path] = ["other", ""]
    walk("", data)
    print(json.dumps({"keys": out, "big": big(data)}))
"#;

/// Characters string contents are drawn from: delimiters, escapes' raw forms, controls,
/// DEL, non-ASCII of every UTF-8 length.
const CHARS: &[char] = &[
    'a', 'b', 'Z', '0', ' ', '\t', '"', '\'', '\\', '\n', '#', '=', '[', ']', '{', '}', ',',
    '\u{1}', '\u{8}', '\u{c}', '\r', '\u{1f}', '\u{7f}', 'é', '€', '日', '😀',
];

/// Random string content of up to `n` characters.
fn content(r: &mut Rng, n: usize) -> String {
    (0..r.below(n + 1))
        .map(|_| CHARS[r.below(CHARS.len())])
        .collect()
}

fn unicode_escape(r: &mut Rng, c: char) -> String {
    if r.chance(50) {
        format!("\\U{:08X}", c as u32)
    } else if (c as u32) < 0x10000 {
        format!("\\u{:04x}", c as u32)
    } else {
        format!("\\U{:08x}", c as u32)
    }
}

/// `s` as a basic string, escaping what must be and some of what may be.
fn basic(r: &mut Rng, s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' if r.chance(50) => out.push_str("\\t"),
            '\u{8}' if r.chance(50) => out.push_str("\\b"),
            '\u{c}' if r.chance(50) => out.push_str("\\f"),
            '\r' if r.chance(50) => out.push_str("\\r"),
            c if c == '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' || r.chance(10) => {
                out.push_str(&unicode_escape(r, c))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as a multi-line basic string: raw newlines and quotes where they stay unambiguous,
/// line-ending backslashes that add nothing.
fn multiline_basic(r: &mut Rng, s: &str) -> String {
    let mut out = String::from("\"\"\"");
    if s.starts_with('\n') || r.chance(50) {
        out.push_str(if r.chance(30) { "\r\n" } else { "\n" });
    }
    let mut quotes = 0;
    for c in s.chars() {
        if c == '"' && quotes < 2 && r.chance(70) {
            quotes += 1;
            out.push('"');
            continue;
        }
        quotes = 0;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str(if r.chance(20) { "\r\n" } else { "\n" }),
            '\r' => out.push_str("\\r"),
            '\t' => out.push('\t'),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&unicode_escape(r, c)),
            c => out.push(c),
        }
        if r.chance(5) {
            out.push_str(r.pick(&["\\\n", "\\  \n  \t", "\\\r\n\n  "]));
        }
    }
    out.push_str("\"\"\"");
    out
}

/// A literal string (single-line or multi-line) holding what of `s` it can hold.
fn literal(r: &mut Rng, s: &str, multi: bool) -> String {
    let ok = |c: char| {
        !matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}')
            && (multi || !matches!(c, '\'' | '\n'))
    };
    let mut kept = String::new();
    let mut quotes = 0;
    for c in s.chars().filter(|&c| ok(c)) {
        quotes = if c == '\'' { quotes + 1 } else { 0 };
        if quotes <= 2 {
            kept.push(c);
        }
    }
    if !multi {
        return format!("'{kept}'");
    }
    let newline = if kept.starts_with('\n') || r.chance(50) {
        "\n"
    } else {
        ""
    };
    format!("'''{newline}{kept}'''")
}

/// A string value in one of the four kinds.
fn string(r: &mut Rng) -> String {
    let s = content(r, 12);
    match r.below(4) {
        0 => basic(r, &s),
        1 => multiline_basic(r, &s),
        2 => literal(r, &s, false),
        _ => literal(r, &s, true),
    }
}

fn integer(r: &mut Rng) -> String {
    r.pick(&[
        "0",
        "+0",
        "-0",
        "42",
        "+17",
        "-9223372036854775808",
        "9223372036854775807",
        "1_000_000",
        "5_349_221",
        "0xDEADbeef",
        "0xdead_beef",
        "0o755",
        "0o0_7",
        "0b1101_0110",
        "0x0",
    ])
    .to_string()
}

fn opaque(r: &mut Rng) -> String {
    r.pick(&[
        "1.5",
        "-0.0",
        "+1e6",
        "6.626e-34",
        "9_224_617.445_991",
        "3E+2",
        "inf",
        "-inf",
        "nan",
        "+nan",
        "1979-05-27",
        "1979-05-27T07:32:00Z",
        "1979-05-27 07:32:00",
        "1979-05-27T00:32:00.999999-07:00",
        "07:32:00",
        "00:32:00.5",
    ])
    .to_string()
}

fn value(r: &mut Rng, depth: usize) -> String {
    match r.below(if depth > 2 { 7 } else { 9 }) {
        0..=2 => string(r),
        3 => integer(r),
        4 => r.pick(&["true", "false"]).to_string(),
        5 | 6 => opaque(r),
        7 => {
            let items: Vec<String> = (0..r.below(4)).map(|_| value(r, depth + 1)).collect();
            let sep = r.pick(&[",", ", ", " ,\n  ", ", # note\n"]);
            let end = match items.is_empty() {
                true => r.pick(&["", "\n"]),
                false => r.pick(&["", ",", ",\n", "\n"]),
            };
            format!("[{}{end}]", items.join(sep))
        }
        _ => {
            let items: Vec<String> = (0..r.below(4))
                .map(|i| format!("{} = {}", key(r, i), value(r, depth + 1)))
                .collect();
            format!("{{{}}}", items.join(r.pick(&[",", ", "])))
        }
    }
}

/// A key unique among its neighbours (`-<i>` ends it; the random part holds no `-`).
fn key(r: &mut Rng, i: usize) -> String {
    match r.below(6) {
        0 => {
            let raw = content(r, 6).replace('.', "");
            basic(r, &format!("{raw}-{i}"))
        }
        1 => {
            let raw = content(r, 6).replace('.', "");
            literal(r, &format!("{raw}-{i}"), false)
        }
        _ => format!(
            "{}-{i}",
            r.pick(&[
                "k",
                "org_id",
                "output",
                "a1",
                "_",
                "0",
                "x_y",
                "public_api_key"
            ])
        ),
    }
}

fn space(r: &mut Rng) -> &'static str {
    r.pick(&["", " ", "  ", "\t", " \t"])
}

fn eol(r: &mut Rng) -> String {
    let comment = if r.chance(20) {
        format!(
            "{}# {}",
            space(r),
            r.pick(&["note", "é ' \" [x]", "", "k = 'v'"])
        )
    } else {
        String::new()
    };
    format!("{comment}{}", if r.chance(20) { "\r\n" } else { "\n" })
}

/// Key/value lines, some with dotted keys under a fresh first part.
fn entries(r: &mut Rng, doc: &mut String, tag: &str) {
    for i in 0..r.below(5) {
        if r.chance(15) {
            doc.push_str(&eol(r));
        }
        let k = if r.chance(10) {
            format!("dot{tag}{i}{}.{}", space(r), key(r, i))
        } else {
            key(r, i)
        };
        doc.push_str(&format!(
            "{}{k}{}={}{}",
            space(r),
            space(r),
            space(r),
            value(r, 0)
        ));
        doc.push_str(&eol(r));
    }
}

fn document(r: &mut Rng) -> String {
    let mut doc = String::new();
    entries(r, &mut doc, "root");
    for t in 0..r.below(4) {
        let header = match r.below(6) {
            0 => format!("[[list{t}]]"),
            1 => format!("[ sub{t} . \"inner\" ]"),
            2 => format!("[\"Quoted {t}\"]"),
            _ => format!("[{}profile{t}]", r.pick(&["", "Dev", "prod_"])),
        };
        doc.push_str(&format!("{}{header}", space(r)));
        doc.push_str(&eol(r));
        entries(r, &mut doc, &t.to_string());
    }
    doc
}

/// One random edit: a character that matters to TOML put in, taken out or swapped in;
/// never one that makes TOML 1.1 syntax (a newline, or more of what [`toml11`] counts).
fn damage(r: &mut Rng, doc: &str) -> String {
    const SYNTAX: &[char] = &['.', '_', '+', 'e', 'u', 'x', ':', '-', '0', '\\'];
    loop {
        let mut chars: Vec<char> = doc.chars().collect();
        let at = r.below(chars.len() + 1);
        let pool = if r.chance(30) { SYNTAX } else { CHARS };
        let c = pool[r.below(pool.len())];
        match r.below(3) {
            _ if matches!(c, '\n' | '\r') => continue,
            0 => chars.insert(at, c),
            1 if at < chars.len() => drop(chars.remove(at)),
            _ if at < chars.len() => chars[at] = c,
            _ => chars.push(c),
        }
        let damaged: String = chars.into_iter().collect();
        if toml11(&damaged) <= toml11(doc) {
            return damaged;
        }
    }
}

/// How many places look like TOML 1.1 syntax: `\e` and `\x` escapes, a comma closing an
/// inline table, and `HH:MM` with no seconds after it (nor a sign or colon before it: an
/// offset, or the end of a full time).
fn toml11(doc: &str) -> usize {
    let b = doc.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let short_times = (0..b.len())
        .filter(|&i| digit(i) && digit(i + 1) && b.get(i + 2) == Some(&b':'))
        .filter(|&i| digit(i + 3) && digit(i + 4) && b.get(i + 5) != Some(&b':'))
        .filter(|&i| i == 0 || !b"+-:0123456789".contains(&b[i - 1]))
        .count();
    let trailing_commas = (doc.split(',').skip(1))
        .filter(|rest| rest.trim_start().starts_with('}'))
        .count();
    doc.matches("\\e").count() + doc.matches("\\x").count() + short_times + trailing_commas
}

/// What tomllib made of each document.
/// tomllib's reading of a document: every key by path as (kind, value), and whether some
/// integer is beyond 64 bits.
type Reading = (BTreeMap<String, (String, String)>, bool);

fn tomllib(docs: &[String]) -> Vec<Result<Reading, String>> {
    let answers = python::judge(TOMLLIB, docs);
    let kind_value = |kv: &Value| match kv {
        Value::Array(kv) if kv.len() == 2 => (python::string(&kv[0]), python::string(&kv[1])),
        other => panic!("tomllib answered {other:?} for a key"),
    };
    answers
        .iter()
        .map(|o| {
            if let Some(e) = o.get("error") {
                return Err(python::string(e));
            }
            let (Some(Value::Object(keys)), Some(Value::Bool(big))) = (o.get("keys"), o.get("big"))
            else {
                panic!("tomllib answered {o:?}")
            };
            // Ours lower-cases keys as the official CLI's reader does.
            let keys = (keys.iter())
                .map(|(path, kv)| (path.to_ascii_lowercase(), kind_value(kv)))
                .collect();
            Ok((keys, *big))
        })
        .collect()
}

/// Where our reading of an accepted document differs from tomllib's, if anywhere.
fn compare(
    ours: &[(String, &'static str, String)],
    theirs: &BTreeMap<String, (String, String)>,
) -> Option<String> {
    // Ours keeps arrays, inline tables, floats and dates whole; what tomllib finds inside them
    // is not compared, nor what it finds under `[[array tables]]` (ours skips those).
    let opaque: Vec<&str> = ours
        .iter()
        .filter(|(_, kind, _)| !matches!(*kind, "string" | "integer" | "boolean"))
        .map(|(p, _, _)| p.as_str())
        .collect();
    let inside = |p: &str| opaque.iter().any(|o| p.starts_with(&format!("{o}.")));
    for (path, kind, v) in ours {
        let Some((tk, tv)) = theirs.get(path) else {
            return Some(format!(
                "ours has {path} = {kind} {v:?}; tomllib has no such key"
            ));
        };
        let same = match *kind {
            "string" | "integer" | "boolean" => (tk.as_str(), tv) == (*kind, v),
            _ => matches!(tk.as_str(), "other" | "table"),
        };
        if !same {
            return Some(format!("{path}: ours {kind} {v:?}, tomllib {tk} {tv:?}"));
        }
    }
    for (path, (kind, v)) in theirs {
        let read = ours.iter().any(|(p, _, _)| p == path);
        if kind != "table" && kind != "other" && !read && !inside(path) {
            return Some(format!(
                "tomllib has {path} = {kind} {v:?}; ours has no such key"
            ));
        }
    }
    None
}

#[test]
fn random_documents_read_as_tomllib_reads_them() {
    let (n, mut r, seed) = run_size("TOML_DIFF", 2000, 0x7041_2026);
    let docs: Vec<String> = (0..n)
        .map(|i| {
            let doc = document(&mut r);
            if i % 2 == 1 {
                damage(&mut r, &doc)
            } else {
                doc
            }
        })
        .collect();
    let want = tomllib(&docs);
    assert_eq!(want.len(), docs.len());
    let mut bad = Vec::new();
    let mut refused = 0;
    for (i, (doc, theirs)) in docs.iter().zip(&want).enumerate() {
        if let (0, Err(e)) = (i % 2, theirs) {
            panic!("the generator made invalid TOML {doc:?}: {e}");
        }
        let problem = match (toml::parse(doc), theirs) {
            (Ok(ours), Ok((theirs, _))) => compare(&ours.leaves(), theirs),
            (Err(_), Err(_)) => {
                refused += 1;
                None
            }
            (Err(e), Ok((_, true))) if e.to_string().contains("integer out of range") => {
                refused += 1;
                None
            }
            (Ok(_), Err(e)) => Some(format!("ours accepts; tomllib: {e}")),
            (Err(e), Ok(_)) => Some(format!("tomllib accepts; ours: {e}")),
        };
        if let Some(p) = problem {
            bad.push(format!("document {doc:?}\n  {p}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} documents read differently from tomllib (seed {seed:#x}):\n{}",
        bad.len(),
        docs.len(),
        bad.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
    // The damaged half must reach the refusal paths, or the comparison proves little.
    assert!(
        refused > n / 10,
        "only {refused} of {n} documents were refused"
    );
}
