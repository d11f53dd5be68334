//! The release build is reproducible: the same source, copied into two directories of
//! different names and depths, builds (with `.ci/release`) to identical bytes, and no build
//! path reaches the binary.
//!
//! It builds the x86-64 release twice from scratch, standard library included (minutes),
//! so it is ignored by a plain `cargo test`; `make test` runs it with `--ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Copies the files git tracks (as they are in the working tree) from `from` into `to`.
fn copy_tracked(from: &Path, to: &Path) {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(from)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git ls-files failed");
    for name in out.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let rel = Path::new(std::str::from_utf8(name).unwrap());
        if !from.join(rel).exists() {
            continue;
        }
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(from.join(rel), dest).unwrap();
    }
}

/// Builds the x86-64 release in `tree`; returns the binary's path.
fn build(tree: &Path) -> PathBuf {
    let out = Command::new("bash")
        .args([".ci/release", "x86_64"])
        .current_dir(tree)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "release build in {} failed:\n{}",
        tree.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .to_string();
    tree.join(path)
}

#[test]
#[ignore = "builds the release twice from scratch (minutes); make test runs it"]
fn two_checkouts_in_different_directories_build_identical_bytes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let first = crate::support::temp_dir("repro");
    let second_top = crate::support::temp_dir("reproducible-elsewhere");
    let second = second_top.join("a/deeper/checkout");
    let (a, b) = (first.join("atlas-invite"), second);
    for tree in [&a, &b] {
        copy_tracked(src, tree);
    }
    let (bin_a, bin_b) = (build(&a), build(&b));
    let (bytes_a, bytes_b) = (
        std::fs::read(&bin_a).unwrap(),
        std::fs::read(&bin_b).unwrap(),
    );
    for (tree, bytes) in [(&a, &bytes_a), (&b, &bytes_b)] {
        let path = tree.to_string_lossy();
        assert!(
            !bytes.windows(path.len()).any(|w| w == path.as_bytes()),
            "the binary holds its build path {path}"
        );
    }
    assert!(
        bytes_a == bytes_b,
        "{} ({} bytes) and {} ({} bytes) differ",
        bin_a.display(),
        bytes_a.len(),
        bin_b.display(),
        bytes_b.len()
    );
}
