//! The environment, read once: the official CLI's `MONGODB_ATLAS_*` / legacy `MCLI_*` keys
//! and the few plain variables we honour.
//!
//! Capturing it in a value keeps `resolve` a pure function that unit tests can drive.

use std::collections::BTreeMap;

use crate::console::Console;
use crate::error::Error;

/// The credential keys that a `_FILE` twin may give instead (`MONGODB_ATLAS_CLIENT_SECRET_FILE`
/// names a file holding the secret, as container secrets are mounted).
pub(crate) const FILE_KEYS: [&str; 4] = [
    "PUBLIC_API_KEY",
    "PRIVATE_API_KEY",
    "CLIENT_ID",
    "CLIENT_SECRET",
];

/// A snapshot of the process environment (UTF-8 values only).
#[derive(Debug, Default, Clone)]
pub(crate) struct Env {
    vars: BTreeMap<String, String>,
    /// Whether any variable starts with `MCLI` (legacy names only, then).
    legacy: bool,
    /// Values read from `_FILE` twins: variable name to (where it came from, value).
    from_files: BTreeMap<String, (String, String)>,
}

impl Env {
    /// Reads the process environment.
    pub(crate) fn from_process() -> Env {
        Env::from_pairs(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        )
    }

    /// Builds an environment from pairs (for tests).
    pub(crate) fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Env {
        let vars: BTreeMap<String, String> = pairs.into_iter().collect();
        let legacy = vars.keys().any(|k| k.starts_with("MCLI"));
        Env {
            vars,
            legacy,
            from_files: BTreeMap::new(),
        }
    }

    /// Reads every credential's `_FILE` twin that is set (in the prefix in use): a regular
    /// file of at most 1 MiB, one trailing LF or CRLF stripped, registered as a secret at
    /// once. Refused, with the variable and the path but never the content: a twin set
    /// beside its variable, a file that cannot be read, an empty one, one holding a line
    /// break or any other control character (NUL: `/proc/self/environ` is no key).
    pub(crate) fn read_secret_files(&mut self, console: &Console) -> Result<(), Error> {
        let mut problems = Vec::new();
        for key in FILE_KEYS {
            let name = format!("{}{key}", self.prefix());
            let twin = format!("{name}_FILE");
            let Some(path) = self.var(&twin).map(str::to_string) else {
                continue;
            };
            if self.var(&name).is_some() {
                problems.push(Error::usage(format!(
                    "{name} and {twin} are both set: set one of them"
                )));
                continue;
            }
            match secret_file(&path) {
                Ok(value) => {
                    console.secret(&value);
                    self.from_files
                        .insert(name, (format!("{twin} ({path})"), value));
                }
                Err(why) => problems.push(Error::usage(format!("{twin} {path}: {why}"))),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::all(problems))
        }
    }

    /// A plain variable; empty counts as unset.
    pub(crate) fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// A profile key from the environment, with the variable's name for messages.
    ///
    /// `key` is upper case (`PUBLIC_API_KEY`). If any variable starting with `MCLI` exists,
    /// only the legacy `MCLI_<KEY>` names are read, as the official CLI does.
    pub(crate) fn atlas(&self, key: &str) -> Option<(String, &str)> {
        let name = format!("{}{key}", self.prefix());
        if let Some((source, value)) = self.from_files.get(&name) {
            return Some((source.clone(), value));
        }
        let value = self.var(&name)?;
        Some((name, value))
    }

    /// Whether the profile key `key` (upper case) was read from its `_FILE` twin: then
    /// even a public identifier is a secret, never printed.
    pub(crate) fn read_from_file(&self, key: &str) -> bool {
        self.from_files
            .contains_key(&format!("{}{key}", self.prefix()))
    }

    /// `MCLI_` when any MCLI variable exists, else `MONGODB_ATLAS_`.
    pub(crate) fn prefix(&self) -> &'static str {
        if self.legacy {
            "MCLI_"
        } else {
            "MONGODB_ATLAS_"
        }
    }
}

/// The value a secret file holds, or why it cannot be used (never quoting it).
fn secret_file(path: &str) -> Result<String, String> {
    let bytes = crate::fs::read(std::path::Path::new(path))
        .map_err(|e| format!("cannot read: {}", e.phrase()))?;
    let text = String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_string())?;
    let value = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text);
    if value.is_empty() {
        return Err("the file is empty".into());
    }
    if let Some((at, c)) = value.char_indices().find(|(_, c)| c.is_control()) {
        return Err(match c {
            '\n' | '\r' => "the file holds more than one line (one value, with at most one line ending after it)".into(),
            _ => format!(
                "the file holds a control character ({}) at byte {at}: it must hold one value, with at most one line ending after it",
                control_name(c)
            ),
        });
    }
    Ok(value.to_string())
}

/// A control character as an error names it: its code point, and its name when it has a
/// common one. Never the text around it.
fn control_name(c: char) -> String {
    let name = match c {
        '\0' => " NUL",
        '\t' => " tab",
        '\x1b' => " escape",
        '\x7f' => " delete",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn empty_is_unset_and_mcli_switches() {
        let e = env(&[
            ("MONGODB_ATLAS_PUBLIC_API_KEY", "pub"),
            ("MONGODB_ATLAS_OUTPUT", ""),
        ]);
        assert_eq!(
            e.atlas("PUBLIC_API_KEY"),
            Some(("MONGODB_ATLAS_PUBLIC_API_KEY".into(), "pub"))
        );
        assert_eq!(e.atlas("OUTPUT"), None);
        let e = env(&[("MONGODB_ATLAS_PUBLIC_API_KEY", "pub"), ("MCLI_OTHER", "x")]);
        assert_eq!(e.atlas("PUBLIC_API_KEY"), None);
        let e = env(&[("MCLI_PUBLIC_API_KEY", "old")]);
        assert_eq!(e.atlas("PUBLIC_API_KEY").map(|(_, v)| v), Some("old"));
    }

    /// Writes `content` to a fresh file and reads it as a secret file.
    fn read_as_secret(name: &str, content: &[u8]) -> Result<String, String> {
        let path = std::env::temp_dir().join(format!("atlas-secret-{}-{name}", std::process::id()));
        std::fs::write(&path, content).unwrap();
        let read = secret_file(&path.display().to_string());
        std::fs::remove_file(&path).unwrap();
        read
    }

    #[test]
    fn a_secret_file_holds_one_value_without_control_characters() {
        assert_eq!(read_as_secret("lf", b"key-1\n"), Ok("key-1".into()));
        assert_eq!(read_as_secret("crlf", b"key 2\r\n"), Ok("key 2".into()));
        assert_eq!(read_as_secret("none", "kéy".as_bytes()), Ok("kéy".into()));
        let lines =
            "the file holds more than one line (one value, with at most one line ending after it)";
        for (name, content, why) in [
            ("two-lf", &b"s3cr3t\n\n"[..], lines.to_string()),
            ("cr", b"s3cr3t\rs3cr3t", lines.into()),
            (
                "nul",
                b"A=s3cr3t\0B=2\0",
                "a control character (U+0000 NUL) at byte 8".into(),
            ),
            (
                "tab",
                b"s3cr3t\tx",
                "a control character (U+0009 tab) at byte 6".into(),
            ),
            (
                "esc",
                b"\x1b[2Js3cr3t",
                "a control character (U+001B escape) at byte 0".into(),
            ),
            (
                "del",
                b"s3cr3t\x7f",
                "a control character (U+007F delete) at byte 6".into(),
            ),
            (
                "c1",
                "é\u{85}s3cr3t".as_bytes(),
                "a control character (U+0085) at byte 2".into(),
            ),
        ] {
            let err = read_as_secret(name, content).unwrap_err();
            assert!(err.contains(&why), "{name}: {err}");
            assert!(!err.contains("s3cr3t"), "{name}: {err}");
        }
    }

    #[test]
    fn proc_self_environ_is_read_and_refused_without_showing_it() {
        // procfs calls it a regular file of size 0: the bounded read still reads it all.
        let err = secret_file("/proc/self/environ").unwrap_err();
        assert!(
            err.starts_with("the file holds a control character (U+0000 NUL) at byte "),
            "{err}"
        );
        assert!(!err.contains('='), "{err}");
    }
}
