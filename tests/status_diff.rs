//! Every status line against Go: `gostd::status_line` for each code from 100 to 999 must
//! read as Go's `Response.Status` does over HTTP/2 (the code, a space and
//! `http.StatusText`), the trailing space of a code Go has no text for dropped. Not
//! random: the thousand codes are all there are.

use atlas_invite::testing::status_line;

#[test]
fn every_status_line_reads_as_go_reads_it() {
    let go = crate::support::gocheck::Go::build().status_texts();
    assert_eq!(go.len(), 900);
    let bad: Vec<String> = (100u16..=999)
        .zip(&go)
        .filter(|(code, want)| status_line(*code) != want.trim_end())
        .map(|(code, want)| format!("{code}: go {want:?}, ours {:?}", status_line(code)))
        .collect();
    assert!(
        bad.is_empty(),
        "{} status lines differ from Go's http.StatusText:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
