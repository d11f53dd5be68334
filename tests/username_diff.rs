//! Seeded differential test of the one username comparison (`api::username_key`,
//! `same_username`) against Java's `String.toLowerCase(Locale.ROOT)`.
//!
//! The reference: Atlas is a Java service and compares usernames in lower case (ÜNAL and
//! ünal are one user); Java's root-locale lower case is Unicode's full mapping (İ is i and
//! a combining dot, not Go's simple `strings.ToLower` i; no Turkish dotless rules) with
//! one context: Σ is ς at the end of a word, where Java's word boundaries (a break
//! iterator: `Α1Σ` is `α1ς`) differ from Unicode's Final_Sigma that Rust and Python use
//! (`α1σ`). The key reads both small sigmas as σ, so it never tells apart two names Java
//! makes one, and makes one only names that differ in σ and ς alone.
//!
//! Random usernames of ASCII, Latin, Greek (Σ among letters, digits, `_`, `.`, marks and
//! modifier letters), Turkish, German, Cyrillic, Armenian, Georgian, Cherokee, Deseret,
//! Adlam, compatibility letters (Kelvin, Ångström, Roman numerals, circled and fullwidth
//! letters, titlecase digraphs), combining marks and any code point of the first two
//! planes, each with a variant in other case: the key must be Java's lower case with ς
//! read as σ, and two names the same user exactly when their keys are. Code points that
//! Java's Unicode tables (older than Rust's) do not define are skipped.
//! `USERNAME_DIFF_CASES` (default 3,000) and `USERNAME_DIFF_SEED` change the run.

use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::{same_username, username_key};

const POOLS: [&str; 12] = [
    "abcxyzABCXYZ0129._-+",
    "ΣΣΣσςΑΒΓΔΕΟΥΩαβγοωΆάΐΰ",
    "Σ1Σ_Σ.Σ'Σ-Σʰ\u{345}\u{301}Σ",
    "İIıiŞşĞğÇç",
    "ßẞÄÖÜäöüÉÈéè",
    "ДЖЯЁдЖяёЇїҐґ",
    "ԱԲՖաբֆﬓ",
    "ᲐᲑᲒაბგ",
    "ᎠᎡᏴꭰꭱᏼ",
    "𐐀𐐁𐐨𐐩𞤀𞤢",
    "KÅΩⅧⅷⒶⓐＡａǅǆǄ",
    "\u{200d}\u{fe0f}😀\u{301}\u{307}\u{130}\u{1e9e}",
];

fn part(r: &mut Rng) -> String {
    (0..1 + r.below(8))
        .map(|_| {
            if r.chance(4) {
                char::from_u32(r.below(0x2_0000) as u32).unwrap_or('x')
            } else {
                let pool: Vec<char> = POOLS[r.below(POOLS.len())].chars().collect();
                pool[r.below(pool.len())]
            }
        })
        .collect()
}

fn username(r: &mut Rng) -> String {
    let domain = r.pick(&[
        "example.com",
        "Example.COM",
        "ΕΛΛΑΣ.gr",
        "xn--mnchen-3ya.de",
    ]);
    format!("{}@{domain}", part(r))
}

/// `name` with each character's case changed now and then (by Rust's mappings: Java
/// decides whether the result is the same user).
fn variant(r: &mut Rng, name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            let changed: String = match r.below(4) {
                0 => c.to_uppercase().collect(),
                1 => c.to_lowercase().collect(),
                2 if c == 'σ' || c == 'ς' => ['σ', 'ς'][r.below(2)].to_string(),
                _ => c.to_string(),
            };
            changed.chars().collect::<Vec<_>>()
        })
        .collect()
}

/// Java's lower case with both small sigmas read as σ.
fn fold(java: &str) -> String {
    java.replace('ς', "σ")
}

#[test]
fn random_usernames_compare_as_atlas_java_compares_them() {
    let (n, mut r, seed) = run_size("USERNAME_DIFF", 3_000, 0x05e4_2026);
    let mut names = Vec::new();
    for _ in 0..n {
        let a = username(&mut r);
        let b = if r.chance(80) {
            variant(&mut r, &a)
        } else {
            username(&mut r)
        };
        names.push(a);
        names.push(b);
    }
    let java = crate::support::java::lower(&names);
    let (mut bad, mut skipped, mut same) = (Vec::new(), 0, 0);
    for (pair, lower) in names.chunks(2).zip(java.chunks(2)) {
        let (a, b) = (&pair[0], &pair[1]);
        let [Some(ja), Some(jb)] = lower else {
            skipped += 1;
            continue;
        };
        for (name, j) in [(a, ja), (b, jb)] {
            if username_key(name) != fold(j) {
                bad.push(format!(
                    "key {name:?}: java {j:?} (σ for ς: {:?}), ours {:?}",
                    fold(j),
                    username_key(name)
                ));
            }
        }
        let java_same = fold(ja) == fold(jb);
        if same_username(a, b) != java_same {
            bad.push(format!(
                "{a:?} and {b:?}: one user by java's lower case (ς as σ): {java_same}, ours {}",
                !java_same
            ));
        }
        same += usize::from(java_same);
    }
    assert!(
        bad.is_empty(),
        "{} differences from Java's lower case (seed {seed:#x}):\n{}",
        bad.len(),
        bad.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(
        skipped < n / 4 && same > n / 3 && same < n * 9 / 10,
        "{skipped} of {n} pairs skipped, {same} the same user: the names miss the tables or the cases"
    );
}
