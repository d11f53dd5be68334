//! Seeded differential test of the strict JSON reader, with the rules Atlas's error bodies
//! are read by (a lone surrogate escape is U+FFFD, a repeated key's last value wins), and
//! of the JSON writer, against Go's encoding/json: random texts (objects with repeated
//! keys, arrays, every escape, surrogate pairs and lone halves, raw non-ASCII, `<>&`,
//! U+2028, controls, numbers of every shape from `-0` to 400-digit exponents, literals and
//! whitespace, valid and not), half of them damaged by one random edit, must be refused
//! alike or read to the same value, which our writer must print as Go's `json.Marshal`
//! prints Go's. `JSON_DIFF_CASES` (default 4,000) and `JSON_DIFF_SEED` change the run.

use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::{go_json, read_json, JsonRules};

/// The rules `api::ApiError` reads a body with.
const RULES: JsonRules = JsonRules {
    max_depth: 64,
    unique_keys: false,
    elide_deep: true,
    replace_lone_surrogates: true,
};

/// Pieces of a string's body, raw or escaped.
const PIECES: [&str; 40] = [
    "a",
    "Ann",
    "user@example.com",
    " ",
    "é",
    "😀",
    "日本",
    "\u{2028}",
    "\u{2029}",
    "<",
    ">",
    "&",
    "'",
    "/",
    "\u{7f}",
    "\u{85}",
    "\u{feff}",
    "\\\"",
    "\\\\",
    "\\/",
    "\\b",
    "\\f",
    "\\n",
    "\\r",
    "\\t",
    "\\u0041",
    "\\u00e9",
    "\\u2028",
    "\\uFFFD",
    "\\u0000",
    "\\u001f",
    "\\ud83d\\ude00",
    "\\uD83D\\uDE00",
    "\\udbff\\udfff",
    "\\ud800",
    "\\udfff",
    "\\ud83d\\u0041",
    "\\ud83d\\ud83d",
    "\\ude00\\ud83d",
    "\\ud83d\\n",
];
/// Pieces that break a string.
const BAD_PIECES: [&str; 8] = [
    "\t",
    "\n",
    "\u{1}",
    "\\x41",
    "\\u12",
    "\\uZZZZ",
    "\\ud83d\\u12",
    "\\",
];
const NUMBERS: [&str; 34] = [
    "0",
    "-0",
    "1",
    "-1",
    "42",
    "0.5",
    "-0.0",
    "1e6",
    "1E+6",
    "1e-7",
    "2.5e-5",
    "999999.9999999999",
    "9.999999999999999e-05",
    "123456789012345678901234567890",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "1e308",
    "1.7976931348623157e308",
    "1e309",
    "-1e400",
    "1e-400",
    "4.9e-324",
    "2e-324",
    "0.1",
    "100",
    "1e21",
    "1e20",
    "12345678.9",
    "00",
    "01",
    "1.",
    ".5",
];
const BAD_NUMBERS: [&str; 8] = ["+1", "-", "1e", "1e+", "0x10", "NaN", "Infinity", "1_000"];
const SPACES: [&str; 8] = ["", "", "", " ", "\n", "\t", "\r\n  ", "\u{a0}"];
/// Characters a damaging edit inserts.
const NOISE: [char; 18] = [
    '"', '\\', ',', ':', '[', ']', '{', '}', ' ', '0', '-', 'e', '.', 'u', 'd', '8', '\0', 'é',
];

fn space(r: &mut Rng) -> &'static str {
    if r.chance(85) {
        ""
    } else {
        r.pick(&SPACES)
    }
}

fn string(r: &mut Rng) -> String {
    let mut s = String::from("\"");
    for _ in 0..r.below(5) {
        if r.chance(3) {
            s.push_str(r.pick(&BAD_PIECES));
        } else if r.chance(15) {
            s.push_str(&format!("\\u{:04x}", r.below(0x10000)));
        } else {
            s.push_str(r.pick(&PIECES));
        }
    }
    s.push('"');
    s
}

fn number(r: &mut Rng) -> String {
    match r.below(20) {
        0 => r.pick(&BAD_NUMBERS).to_string(),
        1..=8 => r.pick(&NUMBERS).to_string(),
        9 => format!("{}e{}", r.below(1000), r.below(700) as i64 - 350),
        10 => format!("-{}.{:0>3}", r.below(100_000), r.below(1000)),
        _ => (r.next() >> r.below(64)).to_string(),
    }
}

/// A JSON value, now and then not quite one.
fn value(r: &mut Rng, depth: usize) -> String {
    let pick = if depth > 5 { r.below(6) } else { r.below(10) };
    match pick {
        0 | 1 => string(r),
        2 | 3 => number(r),
        4 => r
            .pick(&["true", "false", "null", "true", "null", "nul", "True"])
            .to_string(),
        5 => r.pick(&["[]", "{}", "\"\""]).to_string(),
        6 | 7 => {
            let items: Vec<String> = (0..r.below(4))
                .map(|_| format!("{}{}{}", space(r), value(r, depth + 1), space(r)))
                .collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let keys = [
                "\"a\"",
                "\"b\"",
                "\"detail\"",
                "\"A\"",
                "\"\\u0061\"",
                "\"é\"",
            ];
            let members: Vec<String> = (0..r.below(5))
                .map(|_| {
                    let key = if r.chance(80) {
                        r.pick(&keys).to_string()
                    } else {
                        string(r)
                    };
                    format!(
                        "{}{key}{}:{}{}",
                        space(r),
                        space(r),
                        space(r),
                        value(r, depth + 1)
                    )
                })
                .collect();
            format!("{{{}}}", members.join(","))
        }
    }
}

/// `s` after one random edit: a character deleted, inserted, replaced, doubled or
/// swapped with the next, or the text cut short.
fn damage(r: &mut Rng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.is_empty() {
        return s.to_string();
    }
    let at = r.below(c.len());
    let noise = NOISE[r.below(NOISE.len())];
    match r.below(6) {
        0 => {
            c.remove(at);
        }
        1 => c.insert(at, noise),
        2 => c[at] = noise,
        3 => c.insert(at, c[at]),
        4 if at + 1 < c.len() => c.swap(at, at + 1),
        _ => c.truncate(at),
    }
    c.into_iter().collect()
}

#[test]
fn random_json_reads_and_writes_as_go_does() {
    let (n, mut r, seed) = run_size("JSON_DIFF", 4_000, 0x150_2026);
    let texts: Vec<String> = (0..n)
        .map(|_| {
            let t = format!("{}{}{}", space(&mut r), value(&mut r, 0), space(&mut r));
            if r.chance(50) {
                damage(&mut r, &t)
            } else {
                t
            }
        })
        .collect();
    let go = crate::support::gocheck::Go::build().json(&texts);
    assert_eq!(go.len(), n);
    let mut bad = Vec::new();
    let mut read = 0;
    for (text, want) in texts.iter().zip(&go) {
        let ours = read_json(text, RULES).map(|v| go_json(&v));
        let same = match (&ours, want) {
            (Ok(a), Ok(b)) => a == b,
            (Err(_), Err(_)) => true,
            _ => false,
        };
        if !same {
            bad.push(format!("{text:?}\n  go   {want:?}\n  ours {ours:?}"));
        }
        read += usize::from(want.is_ok());
    }
    assert!(
        bad.is_empty(),
        "{} of {n} texts read or written differently from Go's encoding/json (seed {seed:#x}):\n{}",
        bad.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(
        read > n / 4 && read < n * 3 / 4,
        "Go read {read} of {n} texts: the texts miss the valid or the broken"
    );
}
