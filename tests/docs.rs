//! Documentation that cannot drift: every flag of the flag table is in the README and in
//! `--help`, every byte the program prints leaves through the console, and the crate
//! documentation builds without a warning.

use crate::support::atlas;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_flag_is_in_the_readme_and_in_help() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let help = atlas(&["users", "invite", "--help"]).run();
    help.code_is(0);
    let help = help.stdout();
    for (name, short) in atlas_invite::testing::flags() {
        let long = format!("--{name}");
        assert!(readme.contains(&format!("`{long}")), "README lacks {long}");
        assert!(
            help.contains(&format!("{long} ")) || help.contains(&format!("{long}\n")),
            "--help lacks {long}\n{help}"
        );
        if let Some(c) = short {
            assert!(readme.contains(&format!("`-{c}`")), "README lacks -{c}");
            assert!(help.contains(&format!("-{c}, {long}")), "--help lacks -{c}");
        }
    }
}

/// Every `.rs` file under `dir`.
fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn nothing_prints_but_the_console() {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    assert!(files.len() > 40, "{files:?}");
    let doors = [
        "print!",
        "println!",
        "eprint!",
        "eprintln!",
        "stdout()",
        "stderr()",
    ];
    for file in files.iter().filter(|f| !f.ends_with("src/console.rs")) {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for door in doors {
                assert!(
                    !code.contains(door),
                    "{}:{}: {door} outside the console: {line}",
                    file.display(),
                    n + 1
                );
            }
        }
    }
}
