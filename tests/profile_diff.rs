//! Seeded differential test of the profile name (`-P` or `MONGODB_ATLAS_PROFILE`) against
//! the official CLI's `SetName`, run in Go: random names of letters in any case and
//! script (Σ at a word's end, İ, ẞ, the Kelvin sign), digits, `-`, `_`, dots, spaces,
//! quotes, controls and format characters must be lower-cased as Go's `strings.ToLower`
//! does (one rune at a time, no context), or refused with Go's message, which quotes the
//! name as typed with `%q`. Names holding code points Go's Unicode tables (older than
//! Rust's) do not assign are skipped. `PROFILE_DIFF_CASES` (default 3,000) and
//! `PROFILE_DIFF_SEED` change the run.

use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::profile_name;

const CHARS: [&str; 8] = [
    "abcXYZ019-_",
    "ΣΣΑΒσςΟΔΥ",
    "İIıiẞßKÅΩ",
    "ДЖЯᎠꭰ𐐀ǅⅧ",
    ".",
    " \"'`\\",
    "\u{0}\u{7}\u{1b}\u{85}\u{a0}\u{ad}\u{200b}\u{feff}\u{2028}",
    "é\u{301}😀日",
];

fn name(r: &mut Rng) -> String {
    (0..r.below(9))
        .map(|_| {
            let pool: Vec<char> = CHARS[r.below(CHARS.len())].chars().collect();
            pool[r.below(pool.len())]
        })
        .collect()
}

#[test]
fn random_profile_names_read_as_the_official_cli_reads_them() {
    let (n, mut r, seed) = run_size("PROFILE_DIFF", 3_000, 0x9f0_2026);
    let names: Vec<String> = (0..n).map(|_| name(&mut r)).collect();
    let go = crate::support::gocheck::Go::build().strings(&names);
    assert_eq!(go.len(), n);
    let (mut bad, mut refused) = (Vec::new(), 0);
    for (name, w) in names.iter().zip(&go) {
        if !matches!(w.get("assigned"), Some(miniserde::json::Value::Bool(true))) {
            continue;
        }
        let Some(miniserde::json::Value::String(want)) = w.get("profile") else {
            panic!("gocheck strings: no profile for {name:?}")
        };
        let ours = match profile_name(name) {
            Ok(n) => n,
            Err(e) => format!("error: {e}"),
        };
        if &ours != want {
            bad.push(format!("{name:?}: go {want:?}, ours {ours:?}"));
        }
        refused += usize::from(want.starts_with("error: "));
    }
    assert!(
        bad.is_empty(),
        "{} of {n} profile names read differently from the official CLI (seed {seed:#x}):\n{}",
        bad.len(),
        bad.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(
        refused > n / 10 && refused < n * 9 / 10,
        "{refused} of {n} names refused: the names miss the dots or their absence"
    );
}
