//! Table-driven tests of `-o go-template=` and `-o json-path=`: each case is an answer from
//! Atlas, an expression, and the bytes the official CLI prints (the table is in
//! `support/format_cases.rs`).

use atlas_invite::testing::{AppUser, Output};

/// Compiles `format` (without the sample check) and renders `answer` with it.
fn render(format: &str, answer: &str) -> Result<String, String> {
    let user = AppUser::decode(answer).expect("test answers decode");
    Output::compile(format, "-o")
        .and_then(|o| o.render(&user))
        .map_err(|e| e.to_string())
}

/// Runs a table; every mismatch is listed before failing.
fn table(kind: &str, cases: &[crate::support::format_cases::Case]) {
    let mut bad = Vec::new();
    for (expr, answer, want) in cases {
        let format = format!("{kind}={expr}");
        let got = render(&format, answer);
        let ok = match (&got, want) {
            (Ok(g), Ok(w)) => g == w,
            (Err(g), Err(w)) => g.contains(w),
            _ => false,
        };
        if !ok {
            bad.push(format!("{kind} {expr:?}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} cases failed:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}

#[test]
fn go_templates() {
    let cases = crate::support::format_cases::templates();
    assert!(cases.len() >= 60, "{} template cases", cases.len());
    table("go-template", &cases);
}

#[test]
fn json_paths() {
    let cases = crate::support::format_cases::json_paths();
    assert!(cases.len() >= 40, "{} json-path cases", cases.len());
    table("json-path", &cases);
}
