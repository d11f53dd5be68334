//! Seeded differential test of URL escaping against Go's net/url: random strings of every
//! ASCII character (`%`, `+`, `/`, `?`, `#`, `&`, `=`, `@`, `~`, spaces and controls
//! among them), Latin, CJK and emoji, escaped by `gostd::query_escape` (the `?username=`
//! of a lookup, a service account's form body, a template's `urlquery`) and
//! `gostd::path_escape` (getUserByName's path), must give the bytes of Go's
//! `url.QueryEscape` and `url.PathEscape`. `ESCAPE_DIFF_CASES` (default 3,000) and
//! `ESCAPE_DIFF_SEED` change the run.

use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::{path_escape, query_escape};

const OTHERS: [char; 8] = [
    'é',
    'ß',
    'Ü',
    '日',
    '😀',
    '\u{a0}',
    '\u{2028}',
    '\u{10ffff}',
];

fn text(r: &mut Rng) -> String {
    (0..r.below(10))
        .map(|_| {
            if r.chance(20) {
                OTHERS[r.below(OTHERS.len())]
            } else {
                char::from(r.below(0x80) as u8)
            }
        })
        .collect()
}

#[test]
fn random_strings_escape_as_go_escapes_them() {
    let (n, mut r, seed) = run_size("ESCAPE_DIFF", 3_000, 0xe5c_2026);
    let texts: Vec<String> = (0..n).map(|_| text(&mut r)).collect();
    let go = crate::support::gocheck::Go::build().strings(&texts);
    assert_eq!(go.len(), n);
    let mut bad = Vec::new();
    for (t, w) in texts.iter().zip(&go) {
        for (form, ours) in [("query", query_escape(t)), ("path", path_escape(t))] {
            let Some(miniserde::json::Value::String(want)) = w.get(form) else {
                panic!("gocheck strings: no {form} for {t:?}")
            };
            if &ours != want {
                bad.push(format!("{t:?}: {form}: go {want:?}, ours {ours:?}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} escapes differ from Go's net/url (seed {seed:#x}):\n{}",
        bad.len(),
        bad.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}
