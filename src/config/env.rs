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
    /// beside its variable, a file that cannot be read, an empty one, one with an inner
    /// line break.
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
    if value.contains(['\n', '\r']) {
        return Err(
            "the file holds more than one line (one value, with at most one line ending after it)"
                .into(),
        );
    }
    Ok(value.to_string())
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
}
