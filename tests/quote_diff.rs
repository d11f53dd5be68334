//! Seeded differential test of Go's quoting against Go: random strings of ASCII, controls
//! and C1 controls, spaces of every kind, format characters (soft hyphen, zero-width
//! ones, the byte order mark, tags), line and paragraph separators, combining marks,
//! private use, noncharacters, unassigned code points, emoji and letters of every plane,
//! and code points drawn from all of Unicode, quoted by `gostd::quote` (the API error
//! line's `%q`) and by a template's `printf "%q"`, `"%+q"` and `"%#q"`, must give the bytes
//! Go's `strconv.Quote` and text/template give. A string holding a code point that Go's
//! Unicode tables (older than Rust's) do not assign is skipped: Go escapes it as
//! unprintable where the official CLI's newer Go may not. `QUOTE_DIFF_CASES` (default
//! 3,000) and `QUOTE_DIFF_SEED` change the run.

use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::{go_value, quote, AppUser, Template};

/// Characters the strings are made of, besides code points drawn at random.
const CHARS: [char; 48] = [
    'a',
    'Z',
    '0',
    ' ',
    '"',
    '\\',
    '\'',
    '`',
    '%',
    '\0',
    '\u{7}',
    '\u{8}',
    '\t',
    '\n',
    '\u{b}',
    '\u{c}',
    '\r',
    '\u{1b}',
    '\u{1f}',
    '\u{7f}',
    '\u{80}',
    '\u{85}',
    '\u{9f}',
    '\u{a0}',
    '\u{ad}',
    'é',
    '\u{301}',
    '\u{34f}',
    '\u{600}',
    '\u{1680}',
    '\u{180e}',
    '\u{2000}',
    '\u{200b}',
    '\u{200d}',
    '\u{2028}',
    '\u{2029}',
    '\u{202e}',
    '\u{3000}',
    '\u{e000}',
    '\u{fe0f}',
    '\u{feff}',
    '\u{fffd}',
    '\u{2062}',
    '\u{10400}',
    '\u{1d173}',
    '\u{1f600}',
    '\u{e0001}',
    '\u{10fffd}',
];

fn text(r: &mut Rng) -> String {
    (0..r.below(6))
        .map(|_| match r.below(40) {
            0 => char::from_u32(r.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
            1..=4 => char::from_u32(r.below(0x2_0000) as u32).unwrap_or('\u{fffd}'),
            _ => CHARS[r.below(CHARS.len())],
        })
        .collect()
}

/// The template that prints a string in Go's three quoted forms.
const TEMPLATE: &str = r#"{{printf "%q|%+q|%#q" .Username .Username .Username}}"#;

#[test]
fn random_strings_quote_as_go_quotes_them() {
    let (n, mut r, seed) = run_size("QUOTE_DIFF", 3_000, 0x9007_2026);
    let texts: Vec<String> = (0..n).map(|_| text(&mut r)).collect();
    let go = crate::support::gocheck::Go::build();
    let want = go.strings(&texts);
    let answers: Vec<(String, String)> = texts
        .iter()
        .map(|t| {
            let mut answer = String::from("{\"username\":");
            atlas_invite::testing::json::string(&mut answer, t);
            answer.push('}');
            (TEMPLATE.to_string(), answer)
        })
        .collect();
    let rendered = go.render(&answers);
    assert_eq!((want.len(), rendered.len()), (n, n));
    let (mut bad, mut skipped) = (Vec::new(), 0);
    for (((t, w), (_, answer)), go_printed) in texts.iter().zip(&want).zip(&answers).zip(&rendered)
    {
        if !matches!(w.get("assigned"), Some(miniserde::json::Value::Bool(true))) {
            skipped += 1;
            continue;
        }
        let Some(miniserde::json::Value::String(go_quote)) = w.get("quote") else {
            panic!("gocheck strings: no quote for {t:?}")
        };
        if &quote(t) != go_quote {
            bad.push(format!("{t:?}: quote: go {go_quote}, ours {}", quote(t)));
        }
        let user = AppUser::decode(answer).expect("the answer reads");
        let ours = Template::parse(TEMPLATE)
            .and_then(|tmpl| tmpl.render(&go_value(&user)))
            .map_err(|e| e.to_string());
        if &ours != go_printed {
            bad.push(format!("{t:?}: printf: go {go_printed:?}, ours {ours:?}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {n} strings quoted differently from Go (seed {seed:#x}):\n{}",
        bad.len(),
        bad.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(
        skipped < n / 4,
        "{skipped} of {n} strings skipped as unassigned in Go's Unicode tables"
    );
}
