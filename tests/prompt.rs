//! The masked password prompt, driven through a real pseudo-terminal.
//!
//! A small Python helper (python3, installed by `.ci/install-deps`) opens a pty, runs the
//! binary with the pty as stdin and stderr, types keys, and reports the exit code, stdout,
//! what the terminal showed, and whether echo was back on afterwards.

use std::process::Command;

use crate::support::mock::Mock;
use crate::support::EXAMPLE;

const DRIVER: &str = r#"
import os, sys, termios, subprocess, time, select
binary, keys = sys.argv[1], sys.argv[2].encode().decode('unicode_escape').encode('latin-1')
master, slave = os.openpty()
p = subprocess.Popen([binary] + sys.argv[3:], stdin=slave, stderr=slave, stdout=subprocess.PIPE)
shown = b''
deadline = time.time() + 20
while b'Password: ' not in shown and time.time() < deadline:
    if select.select([master], [], [], 0.1)[0]:
        shown += os.read(master, 1024)
time.sleep(0.2)
os.write(master, keys)
out, _ = p.communicate(timeout=30)
while select.select([master], [], [], 0.2)[0]:
    try:
        shown += os.read(master, 1024)
    except OSError:
        break
echo = bool(termios.tcgetattr(slave)[3] & termios.ECHO)
sys.stdout.write('code=%d\necho=%s\nstdout=%r\nshown=%r\n' % (p.returncode, echo, out.decode(), shown.decode(errors='replace')))
"#;

fn drive(mock: &Mock, keys: &str, extra: &[&str]) -> String {
    let mut args = EXAMPLE.to_vec();
    args.extend_from_slice(extra);
    let out = Command::new("python3")
        .arg("-c")
        .arg(DRIVER)
        .arg(crate::support::bin())
        .arg(keys)
        .args(&args)
        .env_clear()
        .env("MONGODB_ATLAS_BASE_URL", mock.url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", &mock.opts.public)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", &mock.opts.private)
        .env("SSL_CERT_FILE", &mock.ca_file)
        .output()
        .expect("python3 runs the pty driver");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "driver failed: {report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    report
}

#[test]
fn prompt_is_masked_on_stderr_and_json_stays_clean() {
    let mock = Mock::start();
    let report = drive(&mock, r"two wordsX\x7f!\r", &["-o", "json"]);
    assert!(report.contains("code=0\n"), "{report}");
    assert!(report.contains("echo=True\n"), "echo restored: {report}");
    assert!(
        report.contains("stdout='{\\n  \"country\": \"US\""),
        "{report}"
    );
    assert!(
        report.contains("shown='Password: \\r\\n'"),
        "nothing typed is shown: {report}"
    );
    assert!(mock.requests()[1]
        .body
        .contains(r#""password":"two words!""#));
}

#[test]
fn ctrl_c_at_the_prompt_restores_the_terminal_and_exits_130() {
    let mock = Mock::start();
    let report = drive(&mock, r"secret\x03", &[]);
    assert!(report.contains("code=130\n"), "{report}");
    assert!(report.contains("echo=True\n"), "{report}");
    assert!(!report.contains("secret"), "{report}");
    assert_eq!(mock.connections(), 0);
}

#[test]
fn short_typed_password_is_refused_before_sending() {
    let mock = Mock::start();
    let report = drive(&mock, r"short\r", &[]);
    assert!(report.contains("code=2\n"), "{report}");
    assert!(
        report.contains("at least 8 characters (it has 5)"),
        "{report}"
    );
    assert_eq!(mock.connections(), 0);
}
