//! The static release binaries in an empty root: no shared libraries, no /dev, no CA
//! bundle, no resolv.conf; only the binary, an /etc/hosts naming the mock, and the test CA.
//! Each must invite over TLS by host name: x86-64 natively, arm64 through
//! `qemu-aarch64-static`, copied into the root beside it. The dynamic build must fail the
//! very same test.
//!
//! Needs root (chroot); CI runs as root. The binaries come from `make release-all`
//! (ATLAS_STATIC_BIN and ATLAS_STATIC_BIN_AARCH64, which `make test` sets), or are built
//! here with `make release`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::mock::Mock;
use crate::support::{EXAMPLE, PASSWORD};

/// The release binary for `arch`: from `var`, else built by `make release ARCH=<arch>`.
fn static_binary(var: &str, arch: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(var) {
        return PathBuf::from(p);
    }
    let out = Command::new("make")
        .args(["--no-print-directory", "-s", "release"])
        .arg(format!("ARCH={arch}"))
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

/// What `file -b` says of `path`.
fn file_kind(path: &Path) -> String {
    let out = Command::new("file")
        .arg("-b")
        .arg(path)
        .output()
        .expect("file(1) is installed by .ci/install-deps");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs an invite with `binary` chrooted into a fresh root, through `emulator` (copied into
/// the root) when given; returns (exit code, stdout, stderr).
fn invite_in_empty_root(
    binary: &Path,
    emulator: Option<&Path>,
    mock: &Mock,
) -> (i32, String, String) {
    let root = crate::support::temp_dir("root");
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::copy(binary, root.join("atlas")).unwrap();
    std::fs::write(root.join("etc/hosts"), "127.0.0.1 mock.test\n").unwrap();
    std::fs::copy(&mock.ca_file, root.join("ca.pem")).unwrap();
    let mut want = vec!["atlas", "ca.pem", "etc", "etc/hosts"];
    let mut cmd = Command::new("chroot");
    cmd.arg(root.path());
    if let Some(emulator) = emulator {
        std::fs::copy(emulator, root.join("qemu")).unwrap();
        want.push("qemu");
        cmd.arg("/qemu");
    }
    assert_eq!(walk(&root), want, "the root holds nothing else");
    let out = cmd
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

/// Asserts that `binary` is static and invites from an empty root.
fn invites_from_an_empty_root(binary: &Path, emulator: Option<&Path>) {
    let kind = file_kind(binary);
    assert!(
        kind.contains("statically linked"),
        "{}: {kind}",
        binary.display()
    );
    let mock = Mock::start();
    let (code, stdout, stderr) = invite_in_empty_root(binary, emulator, &mock);
    assert_eq!(
        code,
        0,
        "{} failed in the empty root:\n{stdout}\n{stderr}",
        binary.display()
    );
    assert_eq!(stdout, "The user 'user@example.com' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n");
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs[1].authorized);
}

fn assert_root() {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    assert!(root, "this test chroots and needs root (CI runs as root)");
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
    assert_root();
    let binary = static_binary("ATLAS_STATIC_BIN", "x86_64");
    assert!(
        file_kind(&binary).contains("x86-64"),
        "{}",
        file_kind(&binary)
    );
    invites_from_an_empty_root(&binary, None);

    // The same test with the dynamic build: it cannot even start without its libraries.
    let dynamic = Path::new(env!("CARGO_BIN_EXE_atlas"));
    let kind = file_kind(dynamic);
    assert!(kind.contains("dynamically linked"), "{kind}");
    let mock = Mock::start();
    let (code, _, stderr) = invite_in_empty_root(dynamic, None, &mock);
    assert_ne!(code, 0, "a dynamic binary must not work in an empty root");
    assert!(stderr.contains("No such file or directory"), "{stderr}");
    assert_eq!(mock.connections(), 0);
}

#[test]
fn arm64_binary_invites_from_an_empty_root_under_qemu() {
    assert_root();
    let binary = static_binary("ATLAS_STATIC_BIN_AARCH64", "aarch64");
    assert!(
        file_kind(&binary).contains("ARM aarch64"),
        "{}",
        file_kind(&binary)
    );
    let qemu = Path::new("/usr/bin/qemu-aarch64-static");
    let kind = file_kind(qemu);
    assert!(
        kind.contains("statically linked") || kind.contains("static-pie linked"),
        "qemu-aarch64-static (installed by .ci/install-deps) must be static to run in the root"
    );
    invites_from_an_empty_root(&binary, Some(qemu));
}
