//! The static binary in an empty root: no shared libraries, no /dev, no CA bundle, no
//! resolv.conf; only the binary, an /etc/hosts naming the mock, and the test CA. It must
//! invite over TLS by host name. The dynamic build must fail the very same test.
//!
//! Needs root (chroot); CI runs as root. The static binary comes from `make release`
//! (ATLAS_STATIC_BIN, which `make test` sets), or is built here into its own target dir.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::mock::Mock;
use support::{EXAMPLE, PASSWORD};

fn static_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("ATLAS_STATIC_BIN") {
        return PathBuf::from(p);
    }
    let out = Command::new("make")
        .args([
            "--no-print-directory",
            "-s",
            "release",
            "TARGET_DIR=target/empty-root-test",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("make runs");
    assert!(
        out.status.success(),
        "make release failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs an invite with `binary` chrooted into a fresh root; returns (exit code, stdout, stderr).
fn invite_in_empty_root(binary: &Path, mock: &Mock) -> (i32, String, String) {
    let root = support::temp_dir("root");
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::copy(binary, root.join("atlas")).unwrap();
    std::fs::write(root.join("etc/hosts"), "127.0.0.1 mock.test\n").unwrap();
    std::fs::copy(&mock.ca_file, root.join("ca.pem")).unwrap();
    let entries: Vec<String> = walk(&root);
    assert_eq!(
        entries,
        ["atlas", "ca.pem", "etc", "etc/hosts"],
        "the root holds nothing else"
    );
    let out = Command::new("chroot")
        .arg(&root)
        .arg("/atlas")
        .args(EXAMPLE)
        .args(["--password", PASSWORD])
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env(
            "MONGODB_ATLAS_BASE_URL",
            format!("https://mock.test:{}/", mock.addr.port()),
        )
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", &mock.opts.public)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", &mock.opts.private)
        .env("SSL_CERT_FILE", "/ca.pem")
        .output()
        .expect("chroot runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            out.push(name.clone());
            out.extend(walk(&e.path()).into_iter().map(|n| format!("{name}/{n}")));
        } else {
            out.push(name);
        }
    }
    out.sort();
    out
}

#[test]
fn static_binary_invites_from_an_empty_root_and_dynamic_one_cannot() {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    assert!(root, "this test chroots and needs root (CI runs as root)");

    let binary = static_binary();
    let file = Command::new("file")
        .arg("-b")
        .arg(&binary)
        .output()
        .expect("file(1) is installed by .ci/install-deps");
    let kind = String::from_utf8_lossy(&file.stdout).into_owned();
    assert!(
        kind.contains("statically linked"),
        "{}: {kind}",
        binary.display()
    );

    let mock = Mock::start();
    let (code, stdout, stderr) = invite_in_empty_root(&binary, &mock);
    assert_eq!(
        code, 0,
        "static binary failed in the empty root:\n{stdout}\n{stderr}"
    );
    assert_eq!(stdout, "The user 'user@example.com' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n");
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs[1].authorized);

    // The same test with the dynamic build: it cannot even start without its libraries.
    let dynamic = Path::new(support::bin());
    let kind = String::from_utf8_lossy(
        &Command::new("file")
            .arg("-b")
            .arg(dynamic)
            .output()
            .unwrap()
            .stdout,
    )
    .into_owned();
    assert!(kind.contains("dynamically linked"), "{kind}");
    let mock = Mock::start();
    let (code, _, stderr) = invite_in_empty_root(dynamic, &mock);
    assert_ne!(code, 0, "a dynamic binary must not work in an empty root");
    assert!(stderr.contains("No such file or directory"), "{stderr}");
    assert_eq!(mock.connections(), 0);
}
