//! Seeded differential test of the JSON reader behind `--file`'s JSON Lines (and Atlas's
//! error bodies) against Python's json module: random lines (strings with every escape,
//! numbers of every form and size, literals, arrays, nested objects, repeated keys), half
//! of them then damaged by one random edit, must be accepted or refused alike and read as
//! the same values. Where the two differ on purpose, Python is told: a key given twice
//! (Python keeps the last; we refuse), `NaN` and `Infinity` (Python's extension), a number
//! beyond float64 (Python reads infinity) and a lone surrogate escape (Python keeps it)
//! count as refusals. `JSONL_DIFF_CASES` (default 3,000) and `JSONL_DIFF_SEED` change the run.

use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::{read_json, JsonRules};
use miniserde::json::{Number, Value};

const PYTHON: &str = r#"
import json, math, struct, sys
def canon(v):
    if isinstance(v, bool): return ["b", v]
    if v is None: return ["n"]
    if isinstance(v, (int, float)):
        f = float(v) + 0.0
        return ["d", struct.pack(">d", f).hex()]
    if isinstance(v, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in v): raise ValueError("lone surrogate")
        return ["s", v]
    if isinstance(v, list): return ["a", [canon(x) for x in v]]
    return ["o", [[canon(k), canon(x)] for k, x in sorted(v.items())]]
def pairs(ps):
    keys = [k for k, _ in ps]
    if len(set(keys)) != len(keys): raise ValueError("repeated key")
    return dict(ps)
def const(c): raise ValueError("constant " + c)
def num(s):
    f = float(s)
    if math.isinf(f): raise ValueError("out of range")
    return f
for text in json.load(sys.stdin):
    try:
        v = json.loads(text, object_pairs_hook=pairs, parse_constant=const, parse_float=num, parse_int=lambda s: num(s) if len(s) > 300 else int(s))
        print(json.dumps({"ok": canon(v)}))
    except Exception as e:
        print(json.dumps({"error": str(e)}))
"#;

const KEYS: &[&str] = &["username", "orgRole", "country", "é", "a b", "", "username"];
const STRINGS: &[&str] = &[
    "user@example.com",
    "5dd56c847a3e5a1f363d424d:ORG_MEMBER",
    "\\n\\t\\\\\\\"\\/",
    "\\u00e9\\u65e5",
    "\\ud83d\\ude00",
    "\\ud800",
    "\\udc00x",
    "é日😀",
    "\\u0000",
    "\\x",
];
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-17",
    "3.25",
    "1e5",
    "1E-7",
    "-0.0",
    "999999.9999999999",
    "9.999999999999999e-05",
    "1e400",
    "-1e400",
    "18446744073709551616",
    "123456789012345678901234567890",
    "01",
    "1.",
    ".5",
    "2e",
    "-",
    "5e-324",
    "1.7976931348623157e308",
];

fn value(r: &mut Rng, depth: usize) -> String {
    match r.below(if depth > 3 { 4 } else { 7 }) {
        0 => format!("\"{}\"", r.pick(STRINGS)),
        1 => r.pick(NUMBERS).to_string(),
        2 => r
            .pick(&["true", "false", "null", "NaN", "Infinity", "nul"])
            .to_string(),
        3 => format!("\"{}{}\"", r.pick(STRINGS), r.pick(STRINGS)),
        4 => {
            let items: Vec<String> = (0..r.below(4)).map(|_| value(r, depth + 1)).collect();
            format!("[{}]", items.join(r.pick(&[",", ", ", " ,\n"])))
        }
        _ => object(r, depth + 1),
    }
}

fn object(r: &mut Rng, depth: usize) -> String {
    let members: Vec<String> = (0..r.below(5))
        .map(|_| {
            format!(
                "\"{}\"{}{}",
                r.pick(KEYS),
                r.pick(&[":", " : ", ":\t"]),
                value(r, depth)
            )
        })
        .collect();
    format!("{{{}}}", members.join(","))
}

/// One random edit: a character dropped, doubled or replaced.
fn damage(r: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return text.to_string();
    }
    let i = r.below(chars.len());
    let mut out: Vec<char> = chars.clone();
    match r.below(3) {
        0 => {
            out.remove(i);
        }
        1 => out.insert(i, chars[i]),
        _ => {
            out[i] = r
                .pick(&[
                    "{", "}", "[", "]", ",", ":", "\"", "\\", "e", "-", " ", "\u{1}",
                ])
                .chars()
                .next()
                .unwrap()
        }
    }
    out.into_iter().collect()
}

/// Whether our value is the one Python's canonical form describes.
fn same(ours: &Value, theirs: &Value) -> bool {
    let Value::Array(t) = theirs else {
        return false;
    };
    let tag = match t.first() {
        Some(Value::String(s)) => s.as_str(),
        _ => return false,
    };
    match (tag, ours, t.get(1)) {
        ("n", Value::Null, _) => true,
        ("b", Value::Bool(a), Some(Value::Bool(b))) => a == b,
        ("d", Value::Number(n), Some(Value::String(hex))) => {
            let f = match n {
                Number::U64(u) => *u as f64,
                Number::I64(i) => *i as f64,
                Number::F64(f) => *f,
            } + 0.0;
            format!("{:016x}", f.to_bits()) == *hex
        }
        ("s", Value::String(a), Some(Value::String(b))) => a == b,
        ("a", Value::Array(a), Some(Value::Array(b))) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| same(x, y))
        }
        ("o", Value::Object(a), Some(Value::Array(b))) => {
            a.len() == b.len()
                && a.iter().zip(b.iter()).all(|((k, v), pair)| match pair {
                    Value::Array(kv) if kv.len() == 2 => {
                        same(&Value::String(k.clone()), &kv[0]) && same(v, &kv[1])
                    }
                    _ => false,
                })
        }
        _ => false,
    }
}

#[test]
fn random_lines_read_as_python_reads_them() {
    let (n, mut r, seed) = run_size("JSONL_DIFF", 3000, 0x150a_2026);
    let lines: Vec<String> = (0..n)
        .map(|_| {
            let line = object(&mut r, 0);
            if r.chance(50) {
                damage(&mut r, &line)
            } else {
                line
            }
        })
        .collect();
    let want = crate::support::python::judge(PYTHON, &lines);
    let rules = JsonRules {
        max_depth: 64,
        unique_keys: true,
        elide_deep: false,
        replace_lone_surrogates: false,
    };
    let (mut bad, mut refused) = (Vec::new(), 0);
    for (line, theirs) in lines.iter().zip(&want) {
        let ours = read_json(line, rules);
        let agree = match (&ours, theirs.get("ok")) {
            (Ok(v), Some(t)) => same(v, t),
            (Err(_), None) => {
                refused += 1;
                true
            }
            _ => false,
        };
        if !agree {
            bad.push(format!(
                "line {line:?}\n  python {theirs:?}\n  ours   {ours:?}"
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {n} lines read differently from Python's json (seed {seed:#x}):\n{}",
        bad.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(
        refused > n / 10 && refused < n * 9 / 10,
        "{refused} of {n} refused"
    );
}
