//! config.toml and profiles: real files in a scrubbed HOME, checked by what reached the mock.

use std::path::{Path, PathBuf};

use crate::support::mock::{Mock, Options};
use crate::support::{atlas, Cmd, EXAMPLE, PASSWORD};

/// `official.toml` is laid out as the official CLI writes it (Go's TOML encoder: global
/// keys first, then tables, keys sorted, two-space indent, single-quoted strings).
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// A HOME holding `.config/atlascli/config.toml` copied from a fixture, with `@BASE_URL@`
/// replaced; returns the HOME and the file's path.
fn home_with(fixture: &str, mock: &Mock) -> (crate::support::TempDir, PathBuf) {
    let home = crate::support::temp_dir("home");
    let dir = home.join(".config/atlascli");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(Path::new(FIXTURES).join(fixture)).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(&file, text.replace("@BASE_URL@", &mock.url())).unwrap();
    chmod(&file, 0o600);
    (home, file)
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// An invite with HOME set and the mock's URL and CA from the environment (no keys).
fn invite(home: &Path, mock: &Mock) -> Cmd {
    atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .env("HOME", home)
        .env("MONGODB_ATLAS_BASE_URL", mock.url())
        .env("SSL_CERT_FILE", &mock.ca_file)
}

/// A mock that accepts the given API keys.
fn mock_for(public: &str, private: &str) -> Mock {
    Mock::with(Options {
        public: public.into(),
        private: private.into(),
        ..Options::default()
    })
}

/// The Digest user name the mock saw on the authenticated request.
fn digest_user(mock: &Mock) -> String {
    let reqs = mock.requests();
    let auth = reqs
        .last()
        .unwrap()
        .header("authorization")
        .unwrap_or("")
        .to_string();
    assert!(reqs.last().unwrap().authorized, "{reqs:#?}");
    auth.split("username=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

const DEFAULT: (&str, &str) = ("defaultpub", "11111111-90ab-cdef-1234-567890abcdef");
const PROD: (&str, &str) = ("prodpubkey", "22222222-90ab-cdef-1234-567890abcdef");

#[test]
fn official_file_default_profile_keys_and_output() {
    let mock = mock_for(DEFAULT.0, DEFAULT.1);
    let (home, _) = home_with("official.toml", &mock);
    let run = invite(&home, &mock).run();
    run.code_is(0).stderr_is("");
    assert!(
        run.stdout().starts_with("{\n  \"country\""),
        "output = 'json' from the profile"
    );
    assert_eq!(digest_user(&mock), DEFAULT.0);
}

#[test]
fn profile_from_flag_then_environment() {
    // -P picks [prod]; the name is lower-cased.
    let mock = mock_for(PROD.0, PROD.1);
    let (home, _) = home_with("official.toml", &mock);
    invite(&home, &mock).args(&["-P", "PROD"]).run().code_is(0);
    assert_eq!(digest_user(&mock), PROD.0);

    // MONGODB_ATLAS_PROFILE picks it when -P is absent...
    let mock = mock_for(PROD.0, PROD.1);
    invite(&home, &mock)
        .env("MONGODB_ATLAS_PROFILE", "prod")
        .run()
        .code_is(0);
    assert_eq!(digest_user(&mock), PROD.0);

    // ...and -P beats it.
    let mock = mock_for(DEFAULT.0, DEFAULT.1);
    invite(&home, &mock)
        .env("MONGODB_ATLAS_PROFILE", "prod")
        .args(&["--profile=default"])
        .run()
        .code_is(0);
    assert_eq!(digest_user(&mock), DEFAULT.0);
}

#[test]
fn the_only_profile_is_used_when_none_is_named() {
    let mock = mock_for("solopub", "44444444-90ab-cdef-1234-567890abcdef");
    let (home, _) = home_with("single-profile.toml", &mock);
    invite(&home, &mock).run().code_is(0);
    assert_eq!(digest_user(&mock), "solopub");
}

#[test]
fn profile_names_with_dots_are_refused_and_unknown_ones_are_empty() {
    let mock = Mock::start();
    let (home, file) = home_with("official.toml", &mock);
    invite(&home, &mock)
        .args(&["-P", "a.b"])
        .run()
        .code_is(2)
        .stderr_is("Error: profile should not contain '.': \"a.b\"\n");
    invite(&home, &mock).args(&["-P", "nosuch"]).run().code_is(2).stderr_is(&format!(
        "Error: no credentials: set MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (API keys) or MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account), or the same keys in lower case in profile [nosuch] of {}\n",
        file.display()
    ));
    assert_eq!(mock.connections(), 0);
}

#[test]
fn hand_edited_file_with_crlf_comments_and_odd_values() {
    let mock = mock_for("opspub", "33333333-90ab-cdef-1234-567890abcdef");
    let (home, _) = home_with("hand-edited.toml", &mock);
    // The base URL comes from the file's ops_manager_url: no MONGODB_ATLAS_BASE_URL here.
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "-P", "ops"])
        .env("HOME", &home)
        .env("SSL_CERT_FILE", &mock.ca_file)
        .run();
    run.code_is(0).stdout_is("The user 'user@example.com' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n");
    assert_eq!(digest_user(&mock), "opspub");
}

#[test]
fn top_level_keys_beat_the_profile_and_flags_beat_both() {
    let mock = mock_for(DEFAULT.0, DEFAULT.1);
    let (home, _) = home_with("top-level.toml", &mock);
    let run = invite(&home, &mock).run();
    run.code_is(0);
    assert!(
        run.stdout().starts_with('{'),
        "top-level output = 'json' wins: {}",
        run.stdout()
    );
    let run = invite(&home, &mock).args(&["-o", "plaintext"]).run();
    assert!(run.stdout().starts_with("The user"), "the flag wins");
    let run = invite(&home, &mock)
        .env("MONGODB_ATLAS_OUTPUT", "plaintext")
        .run();
    assert!(
        run.stdout().starts_with("The user"),
        "the environment beats the file"
    );
}

#[test]
fn environment_beats_the_file_key_by_key() {
    let mock = mock_for("envpub", DEFAULT.1);
    let (home, _) = home_with("official.toml", &mock);
    invite(&home, &mock)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "envpub")
        .run()
        .code_is(0);
    assert_eq!(
        digest_user(&mock),
        "envpub",
        "public key from the environment, private from the file"
    );
}

#[test]
fn legacy_mcli_variables_replace_the_new_names() {
    let mock = mock_for("mclipub", "mcli-private-key");
    let (home, _) = home_with("official.toml", &mock);
    let run = invite(&home, &mock)
        .env("MCLI_PUBLIC_API_KEY", "mclipub")
        .env("MCLI_PRIVATE_API_KEY", "mcli-private-key")
        .env("MCLI_OPS_MANAGER_URL", mock.url())
        .env("MONGODB_ATLAS_BASE_URL", "https://ignored.example/")
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "ignored")
        .run();
    run.code_is(0);
    assert_eq!(digest_user(&mock), "mclipub");
}

#[test]
fn a_refusal_in_legacy_mcli_mode_names_the_mcli_variables() {
    let mock = mock_for("mclipub", "mcli-private-key");
    let (home, _) = home_with("official.toml", &mock);
    let run = invite(&home, &mock)
        .env("MCLI_PUBLIC_API_KEY", "mclipub")
        .env("MCLI_PRIVATE_API_KEY", "wrong-private-key")
        .env("MCLI_OPS_MANAGER_URL", mock.url())
        .run();
    run.code_is(1)
        .stderr_has("To authenticate, set MCLI_PUBLIC_API_KEY and MCLI_PRIVATE_API_KEY (API keys) or MCLI_CLIENT_ID and MCLI_CLIENT_SECRET");
    assert!(!run.stderr().contains("MONGODB_ATLAS_"), "{}", run.stderr());
}

#[test]
fn xdg_config_home_wins_over_home() {
    let mock = mock_for(PROD.0, PROD.1);
    let (xdg_home, _) = home_with("official.toml", &mock);
    let empty_home = crate::support::temp_dir("empty-home");
    invite(&empty_home, &mock)
        .env("XDG_CONFIG_HOME", xdg_home.join(".config"))
        .args(&["-P", "prod"])
        .run()
        .code_is(0);
    assert_eq!(digest_user(&mock), PROD.0);
}

#[test]
fn keyring_profiles_say_what_is_missing() {
    let mock = Mock::start();
    let (home, file) = home_with("official.toml", &mock);
    let f = file.display();
    invite(&home, &mock).args(&["-P", "keyring"]).run().code_is(2).stderr_is(&format!(
        "Error: profile [keyring] of {f} has auth_type api_keys but no API keys (the official CLI may have moved them to the OS keyring, which this build does not read): set MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY\n"
    ));
    invite(&home, &mock).args(&["-P", "keyring-sa"]).run().code_is(2).stderr_has(&format!(
        "Error: profile [keyring-sa] of {f} has auth_type service_account but no client id or secret"
    )).stderr_has("set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET\n");
    invite(&home, &mock)
        .args(&["-P", "user"])
        .run()
        .code_is(2)
        .stderr_has(
            "uses auth_type user_account (atlas auth login), which this build does not support",
        );
    assert_eq!(mock.connections(), 0);
}

#[test]
fn service_account_profile_gets_a_token_then_invites() {
    let mock = Mock::start();
    let (home, _) = home_with("official.toml", &mock);
    let run = invite(&home, &mock).args(&["-P", "sa", "--debug"]).run();
    run.code_is(0)
        .leaks_none(&[&mock.opts.client_id, &mock.opts.client_secret, PASSWORD]);
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 2, "{reqs:#?}");
    assert_eq!(reqs[0].target, "/api/oauth/token");
    assert_eq!(reqs[0].header("accept"), Some("application/json"));
    let token = &mock.tokens()[0];
    assert_eq!(
        reqs[1].header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    assert!(reqs[1].authorized);
    assert_eq!(
        mock.connections(),
        1,
        "token and invite share one connection"
    );
    run.leaks_none(&[token]);

    // A wrong secret is refused at the token endpoint; the invite is never sent.
    let mock = Mock::start();
    let run = invite(&home, &mock)
        .args(&["-P", "sa"])
        .env("MONGODB_ATLAS_CLIENT_SECRET", "mdb_sa_sk_wrong")
        .run();
    run.code_is(1)
        .stderr_has("Error: unauthorized (Atlas rejected the service account's client id or secret")
        .leaks_none(&["mdb_sa_sk_wrong"]);
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn broken_files_name_the_file_line_and_column() {
    let mock = Mock::start();
    let (home, file) = home_with("unterminated.toml", &mock);
    invite(&home, &mock).run().code_is(2).stderr_is(&format!(
        "Error: config file {}: line 3, column 21: unterminated string\n",
        file.display()
    ));
    let (home, file) = home_with("duplicate-table.toml", &mock);
    invite(&home, &mock).run().code_is(2).stderr_is(&format!(
        "Error: config file {}: line 7, column 1: duplicate table [default]\n",
        file.display()
    ));
    // An unquoted secret is not echoed back in the error.
    let home_u = crate::support::temp_dir("unquoted");
    std::fs::create_dir_all(home_u.join(".config/atlascli")).unwrap();
    let f = home_u.join(".config/atlascli/config.toml");
    std::fs::write(
        &f,
        "[default]\n  private_api_key = 99999999-90ab-cdef-1234-567890abcdef\n",
    )
    .unwrap();
    chmod(&f, 0o600);
    invite(&home_u, &mock)
        .run()
        .code_is(2)
        .stderr_is(&format!(
            "Error: config file {}: line 2, column 21: invalid value (strings need quotes)\n",
            f.display()
        ))
        .leaks_none(&["99999999-90ab"]);
    // Other problems are still reported in the same run.
    let run = invite(&home, &mock).args(&["--country", "UK"]).run();
    run.code_is(2)
        .stderr_has("duplicate table")
        .stderr_has("did you mean GB?");

    let home = crate::support::temp_dir("dir-home");
    std::fs::create_dir_all(home.join(".config/atlascli/config.toml")).unwrap();
    invite(&home, &mock).run().code_is(2).stderr_has(&format!(
        "Error: config file {}: cannot read: ",
        home.join(".config/atlascli/config.toml").display()
    ));
    assert_eq!(mock.connections(), 0);
}

#[test]
fn a_missing_file_is_fine() {
    let mock = Mock::start();
    let home = crate::support::temp_dir("no-config");
    invite(&home, &mock)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", &mock.opts.public)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", &mock.opts.private)
        .run()
        .code_is(0);
}

#[test]
fn readable_secrets_draw_one_warning() {
    let mock = mock_for(DEFAULT.0, DEFAULT.1);
    let (home, file) = home_with("official.toml", &mock);
    chmod(&file, 0o644);
    let run = invite(&home, &mock).run();
    run.code_is(0).stderr_is(&format!(
        "Warning: {f} holds secrets and is readable by others (mode 644); run: chmod 600 {f}\n",
        f = file.display()
    ));
    chmod(&file, 0o600);
    invite(&home, &mock).run().code_is(0).stderr_is("");
}

#[test]
fn service_and_base_url_errors_name_their_source() {
    // Both fail validation, so nothing leaves the machine.
    let check = |profile: &str, want: &str| {
        let home = crate::support::temp_dir("svc");
        std::fs::create_dir_all(home.join(".config/atlascli")).unwrap();
        let file = home.join(".config/atlascli/config.toml");
        std::fs::write(
            &file,
            format!("[default]\n{profile}public_api_key='a'\nprivate_api_key='b'\n"),
        )
        .unwrap();
        chmod(&file, 0o600);
        atlas(&EXAMPLE)
            .args(&["--password", PASSWORD])
            .env("HOME", &home)
            .run()
            .code_is(2)
            .stderr_is(&format!(
                "Error: {}\n",
                want.replace("FILE", &file.display().to_string())
            ));
    };
    check(
        "service = 'onprem'\nops_manager_url = ''\n",
        "service in profile [default] of FILE: unsupported service: onprem (want cloud or cloudgov)",
    );
    // The service is checked even when a base URL makes it unused: nothing reaches the mock.
    let mock = Mock::start();
    check(
        &format!("service = 'cloudx'\nops_manager_url = '{}'\n", mock.url()),
        "service in profile [default] of FILE: unsupported service: cloudx (want cloud or cloudgov)",
    );
    assert_eq!(mock.connections(), 0, "nothing may be sent");
    check(
        "base_url = 'cloud.mongodb.com'\n",
        "base_url in profile [default] of FILE: \"cloud.mongodb.com\" is not a valid base URL: missing scheme (want https://host/)",
    );
}

#[test]
fn empty_values_fall_through_and_auth_type_api_keys_beats_a_service_account() {
    let mock = mock_for(DEFAULT.0, DEFAULT.1);
    let (home, _) = home_with("official.toml", &mock);
    // An empty variable is unset: the profile's output = 'json' applies.
    let run = invite(&home, &mock).env("MONGODB_ATLAS_OUTPUT", "").run();
    run.code_is(0);
    assert!(run.stdout().starts_with('{'), "{}", run.stdout());
    // Service account credentials are present, but auth_type api_keys selects Digest.
    invite(&home, &mock)
        .env("MONGODB_ATLAS_CLIENT_ID", &mock.opts.client_id)
        .env("MONGODB_ATLAS_CLIENT_SECRET", &mock.opts.client_secret)
        .env("MONGODB_ATLAS_AUTH_TYPE", "api_keys")
        .run()
        .code_is(0);
    assert_eq!(digest_user(&mock), DEFAULT.0);
    // Without auth_type, the service account wins over the API keys.
    let mock2 = Mock::start();
    invite(&home, &mock2)
        .env("MONGODB_ATLAS_CLIENT_ID", &mock2.opts.client_id)
        .env("MONGODB_ATLAS_CLIENT_SECRET", &mock2.opts.client_secret)
        .run()
        .code_is(0);
    assert_eq!(mock2.requests()[0].target, "/api/oauth/token");
}

/// A HOME whose config.toml is made by `make` (a FIFO, a link, a huge file ...).
fn home_where(make: impl FnOnce(&Path)) -> (crate::support::TempDir, PathBuf) {
    let home = crate::support::temp_dir("special");
    let dir = home.join(".config/atlascli");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    make(&file);
    (home, file)
}

#[test]
fn special_looping_and_oversized_config_files_are_refused_in_bounded_time_and_memory() {
    use std::os::unix::fs::symlink;
    let mock = Mock::start();
    let fifo = |p: &Path| {
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    };
    type Make = Box<dyn Fn(&Path)>;
    let cases: [(&str, Make, &str); 5] = [
        ("FIFO", Box::new(fifo), "is a FIFO, not a regular file"),
        (
            "link to /dev/zero",
            Box::new(|p: &Path| symlink("/dev/zero", p).unwrap()),
            "is a character device, not a regular file",
        ),
        (
            "link to /dev/urandom",
            Box::new(|p: &Path| symlink("/dev/urandom", p).unwrap()),
            "is a character device, not a regular file",
        ),
        (
            "link to itself",
            Box::new(|p: &Path| symlink(p, p).unwrap()),
            "too many levels of symbolic links",
        ),
        (
            "2 MiB file",
            Box::new(|p: &Path| std::fs::write(p, "# padding\n".repeat(200_000)).unwrap()),
            "is larger than 1024 KiB, the most this command reads",
        ),
    ];
    for (name, make, why) in cases {
        let (home, file) = home_where(make);
        invite(&home, &mock)
            .memory_limit(64 << 20)
            .run_within(std::time::Duration::from_secs(5))
            .code_is(2)
            .stderr_is(&format!(
                "Error: config file {}: cannot read: {why}\n",
                file.display()
            ));
        assert_eq!(mock.connections(), 0, "{name}: nothing may be sent");
    }
}

#[test]
fn a_dangling_config_link_is_named_in_a_warning_and_skipped() {
    let mock = Mock::start();
    let (home, file) =
        home_where(|p| std::os::unix::fs::symlink("/nonexistent/config.toml", p).unwrap());
    atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .env("HOME", &home)
        .run_within(std::time::Duration::from_secs(10))
        .code_is(0)
        .stderr_is(&format!(
            "Warning: config file {} is a symbolic link to a file that does not exist; reading no config file\n",
            file.display()
        ));
}

/// Writes each `(name, content)` into `dir` and returns the paths.
fn secret_files(dir: &Path, files: &[(&str, &str)]) -> Vec<String> {
    files
        .iter()
        .map(|(name, content)| {
            let p = dir.join(name);
            std::fs::write(&p, content).unwrap();
            p.display().to_string()
        })
        .collect()
}

#[test]
fn credentials_from_mounted_secret_files_with_lf_or_crlf() {
    let mock = Mock::start();
    let dir = crate::support::temp_dir("secrets");
    let paths = secret_files(
        &dir,
        &[
            ("public", &format!("{}\n", mock.opts.public)),
            ("private", &format!("{}\r\n", mock.opts.private)),
            ("id", &format!("{}\n", mock.opts.client_id)),
            ("secret", &mock.opts.client_secret.clone()),
        ],
    );
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .env("MONGODB_ATLAS_BASE_URL", mock.url())
        .env("SSL_CERT_FILE", &mock.ca_file)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY_FILE", &paths[0])
        .env("MONGODB_ATLAS_PRIVATE_API_KEY_FILE", &paths[1])
        .args(&["--debug"])
        .run();
    run.code_is(0)
        .leaks_none(&[&mock.opts.public, &mock.opts.private, PASSWORD])
        .stderr_has("> Authorization: Digest username=\"[redacted]\", realm=");
    assert!(
        mock.requests()[1].authorized,
        "Digest with the keys from the files"
    );
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "--debug"])
        .env("MCLI_OPS_MANAGER_URL", mock.url())
        .env("SSL_CERT_FILE", &mock.ca_file)
        .env("MCLI_CLIENT_ID_FILE", &paths[2])
        .env("MCLI_CLIENT_SECRET_FILE", &paths[3])
        .run();
    run.code_is(0)
        .leaks_none(&[&mock.opts.client_id, &mock.opts.client_secret, PASSWORD]);
    assert_eq!(
        mock.tokens().len(),
        1,
        "a token for the service account from the files"
    );
    run.leaks_none(&[&mock.tokens()[0]]);
}

#[test]
fn secret_files_that_cannot_be_used_are_refused_naming_the_variable_and_path_only() {
    let mock = Mock::start();
    let dir = crate::support::temp_dir("bad-secrets");
    let secret = "s3cr3t-private-key-value";
    let paths = secret_files(
        &dir,
        &[
            ("empty", ""),
            ("two", &format!("{secret}\nmore\n")),
            ("ok", secret),
        ],
    );
    let fifo = dir.join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let fifo = fifo.display().to_string();
    let missing = dir.join("missing").display().to_string();
    let nul = secret_files(&dir, &[("nul", &format!("{secret}\0{secret}\n"))]).remove(0);
    let escape = secret_files(&dir, &[("escape", &format!("\x1b]0;{secret}\x07"))]).remove(0);
    let cases: Vec<(Vec<(&str, &str)>, String)> = vec![
        (
            vec![("MONGODB_ATLAS_PRIVATE_API_KEY", "x"), ("MONGODB_ATLAS_PRIVATE_API_KEY_FILE", &paths[2])],
            "MONGODB_ATLAS_PRIVATE_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY_FILE are both set: set one of them".into(),
        ),
        (
            vec![("MONGODB_ATLAS_PRIVATE_API_KEY_FILE", &paths[0])],
            format!("MONGODB_ATLAS_PRIVATE_API_KEY_FILE {}: the file is empty", paths[0]),
        ),
        (
            vec![("MONGODB_ATLAS_PRIVATE_API_KEY_FILE", &paths[1])],
            format!("MONGODB_ATLAS_PRIVATE_API_KEY_FILE {}: the file holds more than one line (one value, with at most one line ending after it)", paths[1]),
        ),
        (
            vec![("MONGODB_ATLAS_PRIVATE_API_KEY_FILE", &fifo)],
            format!("MONGODB_ATLAS_PRIVATE_API_KEY_FILE {fifo}: cannot read: is a FIFO, not a regular file"),
        ),
        (
            vec![("MONGODB_ATLAS_PRIVATE_API_KEY_FILE", &missing)],
            format!("MONGODB_ATLAS_PRIVATE_API_KEY_FILE {missing}: cannot read: no such file or directory"),
        ),
        (
            vec![("MONGODB_ATLAS_PRIVATE_API_KEY_FILE", &nul)],
            format!("MONGODB_ATLAS_PRIVATE_API_KEY_FILE {nul}: the file holds a control character (U+0000 NUL) at byte 24: it must hold one value, with at most one line ending after it"),
        ),
        (
            vec![("MONGODB_ATLAS_PRIVATE_API_KEY_FILE", &escape)],
            format!("MONGODB_ATLAS_PRIVATE_API_KEY_FILE {escape}: the file holds a control character (U+001B escape) at byte 0: it must hold one value, with at most one line ending after it"),
        ),
    ];
    for (vars, want) in cases {
        let mut cmd = atlas(&EXAMPLE)
            .args(&["--password", PASSWORD])
            .env("MONGODB_ATLAS_BASE_URL", mock.url())
            .env("SSL_CERT_FILE", &mock.ca_file)
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", &mock.opts.public);
        for (k, v) in &vars {
            cmd = cmd.env(k, v);
        }
        let run = cmd.run_within(std::time::Duration::from_secs(10));
        run.code_is(2)
            .stderr_is(&format!("Error: {want}\n"))
            .leaks_none(&[secret]);
    }
    assert_eq!(mock.connections(), 0, "nothing sent");
}

#[test]
fn swapped_secret_files_print_neither_key() {
    // The public key's file holds the private key by mistake, and the other way round:
    // Atlas refuses the keys, and neither shows in the trace, the Digest user name included.
    let mock = Mock::start();
    let dir = crate::support::temp_dir("swapped");
    let paths = secret_files(
        &dir,
        &[
            ("public", &format!("{}\n", mock.opts.private)),
            ("private", &format!("{}\n", mock.opts.public)),
        ],
    );
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "--debug"])
        .env("MONGODB_ATLAS_BASE_URL", mock.url())
        .env("SSL_CERT_FILE", &mock.ca_file)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY_FILE", &paths[0])
        .env("MONGODB_ATLAS_PRIVATE_API_KEY_FILE", &paths[1])
        .run_within(std::time::Duration::from_secs(20));
    run.code_is(1)
        .leaks_none(&[&mock.opts.private, &mock.opts.public, PASSWORD])
        .stderr_has("Error: unauthorized")
        .stderr_has("> Authorization: Digest username=\"[redacted]\", realm=");
    assert_eq!(mock.requests().len(), 2, "one challenge, one answer");
}

#[test]
fn proc_self_environ_as_a_secret_file_is_refused_showing_none_of_it() {
    // procfs reports the file as regular and empty; it is read, and its NULs refuse it
    // before anything is sent, without printing the environment (the private key in it).
    let mock = Mock::start();
    let marker = "environment-marker-value-0123";
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "--debug"])
        .env("MONGODB_ATLAS_BASE_URL", mock.url())
        .env("SSL_CERT_FILE", &mock.ca_file)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY_FILE", "/proc/self/environ")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", &mock.opts.private)
        .env("MARKER", marker)
        .run_within(std::time::Duration::from_secs(10));
    let err = run
        .code_is(2)
        .leaks_none(&[&mock.opts.private, marker, PASSWORD])
        .stderr();
    let prefix = "Error: MONGODB_ATLAS_PUBLIC_API_KEY_FILE /proc/self/environ: the file holds a control character (U+0000 NUL) at byte ";
    let rest = err.strip_prefix(prefix).unwrap_or_else(|| panic!("{err}"));
    let (offset, rest) = rest.split_once(':').unwrap();
    assert!(offset.bytes().all(|b| b.is_ascii_digit()), "{err}");
    assert_eq!(
        rest, " it must hold one value, with at most one line ending after it\n",
        "one line: {err}"
    );
    assert_eq!(mock.connections(), 0, "nothing sent");
}

#[test]
fn dry_runs_show_identifiers_from_secret_files_as_redacted() {
    let mock = Mock::start();
    let dir = crate::support::temp_dir("dry-secrets");
    let paths = secret_files(
        &dir,
        &[
            ("public", &format!("{}\n", mock.opts.public)),
            ("private", &mock.opts.private.clone()),
            ("id", &mock.opts.client_id.clone()),
            ("secret", &mock.opts.client_secret.clone()),
        ],
    );
    let dry = |vars: &[(&str, &str)]| {
        let mut cmd = atlas(&EXAMPLE)
            .args(&["--password", PASSWORD, "--dryRun"])
            .env("MONGODB_ATLAS_BASE_URL", mock.url());
        for (k, v) in vars {
            cmd = cmd.env(k, v);
        }
        cmd.run_within(std::time::Duration::from_secs(10))
    };
    let keys = [
        ("MONGODB_ATLAS_PUBLIC_API_KEY_FILE", paths[0].as_str()),
        ("MONGODB_ATLAS_PRIVATE_API_KEY_FILE", &paths[1]),
    ];
    dry(&keys)
        .code_is(0)
        .stdout_has("\nAuthorization: Digest username=\"[redacted]\", ... (")
        .leaks_none(&[&mock.opts.public, &mock.opts.private, PASSWORD]);
    let account = [
        ("MONGODB_ATLAS_CLIENT_ID_FILE", paths[2].as_str()),
        ("MONGODB_ATLAS_CLIENT_SECRET_FILE", &paths[3]),
    ];
    dry(&account)
        .code_is(0)
        .stdout_has("\nAuthorization: Basic [redacted]:[redacted]\n")
        .stdout_has("\nAuthorization: Bearer [the token for [redacted]]\n")
        .leaks_none(&[&mock.opts.client_id, &mock.opts.client_secret, PASSWORD]);
    // The same identifiers from the plain environment are shown, as ever.
    let plain = [
        ("MONGODB_ATLAS_CLIENT_ID", mock.opts.client_id.as_str()),
        ("MONGODB_ATLAS_CLIENT_SECRET", &mock.opts.client_secret),
    ];
    dry(&plain)
        .code_is(0)
        .stdout_has(&format!(
            "\nAuthorization: Basic {}:[redacted]\n",
            mock.opts.client_id
        ))
        .stdout_has(&format!(
            "\nAuthorization: Bearer [the token for {}]\n",
            mock.opts.client_id
        ))
        .leaks_none(&[&mock.opts.client_secret]);
    let plain = [
        ("MONGODB_ATLAS_PUBLIC_API_KEY", mock.opts.public.as_str()),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", &mock.opts.private),
    ];
    dry(&plain)
        .code_is(0)
        .stdout_has(&format!(
            "\nAuthorization: Digest username=\"{}\", ... (",
            mock.opts.public
        ))
        .leaks_none(&[&mock.opts.private]);
    assert_eq!(mock.connections(), 0, "a dry run sends nothing");
}
