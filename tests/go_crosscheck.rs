//! The go-template table checked against Go itself: `tests/gocheck` renders every case
//! with Go's text/template and tabwriter, set up as the official CLI sets them up, on a
//! copy of the SDK's types. Go comes from the distribution (`.ci/install-deps` installs
//! golang-go); features newer than that Go are listed and skipped by version.

/// Cases using Go features newer than `since` (minor version of Go 1.x).
const NEWER: [(&str, u32); 1] = [("{{range 3}}{{.}}{{end}}", 22)];

#[test]
fn templates_match_go() {
    let minor = crate::support::gocheck::minor();
    let go = crate::support::gocheck::Go::build();
    let cases: Vec<crate::support::format_cases::Case> = crate::support::format_cases::templates()
        .into_iter()
        .filter(|(expr, _, _)| !NEWER.iter().any(|(e, since)| e == expr && minor < *since))
        .collect();
    let input: Vec<(String, String)> = cases
        .iter()
        .map(|(e, a, _)| (e.to_string(), a.to_string()))
        .collect();
    let results = go.render(&input);
    assert_eq!(results.len(), cases.len());

    let mut bad = Vec::new();
    for ((expr, _, want), result) in cases.iter().zip(&results) {
        let (ok, got) = match result {
            Ok(out) => (true, out),
            Err(e) => (false, e),
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
