//! The official CLI's configuration: config.toml profiles merged with the environment.
//!
//! Scripts arrive with a config.toml the official CLI wrote and `-P name`; this file finds
//! that file, picks the profile by the official rules, and answers "what is key K, and
//! where did it come from" with the precedence environment > top-level key > profile.

pub(crate) mod env;
pub mod toml;

use std::path::{Path, PathBuf};

use crate::console::Console;
use crate::error::Error;
use crate::fs::{self, FileError};
use env::Env;
use toml::{Document, Table, Value};

/// A setting and where it came from (an environment variable or a place in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Setting {
    pub(crate) value: String,
    pub(crate) source: String,
}

/// The environment plus the selected profile of config.toml.
pub(crate) struct Config<'a> {
    env: &'a Env,
    /// The file, when it exists.
    path: Option<PathBuf>,
    doc: Document,
    profile: String,
}

/// Keys whose values are secrets; a file holding any must not be readable by others.
const SECRET_KEYS: [&str; 4] = [
    "private_api_key",
    "client_secret",
    "access_token",
    "refresh_token",
];

/// A profile name as given (`-P` or the environment) made the profile's key, as the
/// official CLI's `SetName` makes it: refused with a dot (quoted as typed, by Go's `%q`),
/// else lower-cased as Go's `strings.ToLower` does, one character at a time with no
/// context (Σ is always σ, İ is i).
pub fn profile_name(name: &str) -> Result<String, String> {
    if name.contains('.') {
        return Err(format!(
            "profile should not contain '.': {}",
            crate::gostd::quote(name)
        ));
    }
    Ok(name.chars().map(crate::gostd::to_lower).collect())
}

impl<'a> Config<'a> {
    /// Finds and reads config.toml and selects the profile (`flag` is -P/--profile).
    pub(crate) fn load(
        env: &'a Env,
        flag: Option<&str>,
        console: &Console,
    ) -> Result<Config<'a>, Error> {
        let (path, doc) = match config_path(env) {
            None => (None, Document::default()),
            Some(p) => match read_file(&p, console)? {
                None => (None, Document::default()),
                Some(doc) => (Some(p), doc),
            },
        };
        let chosen = match (flag, env.atlas("PROFILE")) {
            (Some(name), _) => Some(name.to_string()),
            (None, Some((_, name))) => Some(name.to_string()),
            (None, None) => None,
        };
        let profile = match chosen {
            Some(name) => profile_name(&name).map_err(Error::usage)?,
            None => {
                let profiles: Vec<&str> = doc
                    .tables
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .filter(|n| !n.contains('.'))
                    .collect();
                match profiles.as_slice() {
                    [only] => only.to_string(),
                    _ => "default".to_string(),
                }
            }
        };
        Ok(Config {
            env,
            path,
            doc,
            profile,
        })
    }

    /// The environment alone, for when the file could not be read (its error is reported).
    pub(crate) fn without_file(env: &'a Env) -> Config<'a> {
        Config {
            env,
            path: None,
            doc: Document::default(),
            profile: "default".into(),
        }
    }

    /// `MONGODB_ATLAS_` or, in legacy mode, `MCLI_`.
    pub(crate) fn env_prefix(&self) -> &'static str {
        self.env.prefix()
    }

    /// The selected profile's name.
    pub(crate) fn profile(&self) -> &str {
        &self.profile
    }

    /// Where the file is (or would be), for messages.
    pub(crate) fn path_shown(&self) -> String {
        match self.path.clone().or_else(|| config_path(self.env)) {
            Some(p) => p.display().to_string(),
            None => "config.toml".to_string(),
        }
    }

    fn profile_table(&self) -> Option<&Table> {
        self.doc
            .tables
            .iter()
            .find(|(n, _)| *n == self.profile)
            .map(|(_, t)| t)
    }

    /// The first of `keys` that is set, looking at each level (environment, top-level key,
    /// profile) for all keys before moving to the next. Empty values count as unset.
    pub(crate) fn get_any(&self, keys: &[&str]) -> Result<Option<Setting>, Error> {
        for key in keys {
            if let Some((name, value)) = self.env.atlas(&key.to_ascii_uppercase()) {
                return Ok(Some(Setting {
                    value: value.to_string(),
                    source: name,
                }));
            }
        }
        let path = self.path_shown();
        let levels = [
            (Some(&self.doc.root), format!("at the top of {path}")),
            (
                self.profile_table(),
                format!("in profile [{}] of {path}", self.profile),
            ),
        ];
        for (table, place) in levels {
            let Some(table) = table else { continue };
            for key in keys {
                let Some((_, v)) = table.iter().find(|(k, _)| k == key) else {
                    continue;
                };
                let source = format!("{key} {place}");
                let value = match v {
                    Value::String(s) => s.clone(),
                    Value::Integer(n) => n.to_string(),
                    Value::Boolean(b) => b.to_string(),
                    Value::Other(kind) => {
                        return Err(Error::usage(format!(
                            "{source}: must be a quoted string, not an {kind}"
                        )))
                    }
                };
                if !value.is_empty() {
                    return Ok(Some(Setting { value, source }));
                }
            }
        }
        Ok(None)
    }

    /// One key; see `get_any`.
    pub(crate) fn get(&self, key: &str) -> Result<Option<Setting>, Error> {
        self.get_any(&[key])
    }
}

/// Reads and parses config.toml at `p`; `None` when there is none. A dangling link is
/// warned about and skipped; anything else that cannot be read is an error naming it.
fn read_file(p: &Path, console: &Console) -> Result<Option<Document>, Error> {
    let cannot =
        |why: &str| Error::usage(format!("config file {}: cannot read: {why}", p.display()));
    let bytes = match fs::read(p) {
        Ok(bytes) => bytes,
        Err(FileError::Missing) => return Ok(None),
        Err(FileError::Dangling) => {
            console.warn(&format!(
                "config file {} is a symbolic link to a file that does not exist; reading no config file",
                p.display()
            ));
            return Ok(None);
        }
        Err(FileError::Other(why)) => return Err(cannot(&why)),
    };
    let text = String::from_utf8(bytes).map_err(|_| cannot("it is not UTF-8 text"))?;
    let doc = toml::parse(&text).map_err(|e| e.context(&format!("config file {}", p.display())))?;
    warn_if_exposed(console, p, &doc);
    Ok(Some(doc))
}

/// `$XDG_CONFIG_HOME/atlascli/config.toml`, else `$HOME/.config/atlascli/config.toml`.
pub(crate) fn config_path(env: &Env) -> Option<PathBuf> {
    let dir = match (env.var("XDG_CONFIG_HOME"), env.var("HOME")) {
        (Some(xdg), _) => PathBuf::from(xdg),
        (None, Some(home)) => PathBuf::from(home).join(".config"),
        (None, None) => return None,
    };
    Some(dir.join("atlascli").join("config.toml"))
}

/// Warns once, like ssh, when a file holding secrets is readable by group or others.
fn warn_if_exposed(console: &Console, path: &Path, doc: &Document) {
    use std::os::unix::fs::PermissionsExt;
    let holds_secret = std::iter::once(&doc.root)
        .chain(doc.tables.iter().map(|(_, t)| t))
        .flatten()
        .any(|(k, v)| {
            SECRET_KEYS.contains(&k.as_str()) && matches!(v, Value::String(s) if !s.is_empty())
        });
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode())
        .unwrap_or(0);
    if holds_secret && mode & 0o077 != 0 {
        console.warn(&format!(
            "{} holds secrets and is readable by others (mode {:o}); run: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    fn with_doc<'a>(e: &'a Env, text: &str, profile: &str) -> Config<'a> {
        Config {
            env: e,
            path: None,
            doc: toml::parse(text).unwrap(),
            profile: profile.into(),
        }
    }

    #[test]
    fn precedence_env_then_top_level_then_profile() {
        let text = "service = 'cloudgov'\noutput = ''\n[p]\nservice = 'cloud'\noutput = 'json'\npublic_api_key = 'filekey'\n";
        let e = env(&[]);
        let c = with_doc(&e, text, "p");
        assert_eq!(c.get("service").unwrap().unwrap().value, "cloudgov");
        assert_eq!(
            c.get("output").unwrap().unwrap().source,
            "output in profile [p] of config.toml"
        );
        let e = env(&[("MONGODB_ATLAS_PUBLIC_API_KEY", "envkey")]);
        let c = with_doc(&e, text, "p");
        assert_eq!(c.get("public_api_key").unwrap().unwrap().value, "envkey");
        let c = with_doc(&e, text, "missing");
        assert_eq!(c.get("output").unwrap(), None);
    }

    #[test]
    fn non_string_values() {
        let e = env(&[]);
        let c = with_doc(&e, "[p]\norg_id = 5\nservice = ['x']\n", "p");
        assert_eq!(c.get("org_id").unwrap().unwrap().value, "5");
        assert_eq!(
            c.get("service").unwrap_err().to_string(),
            "service in profile [p] of config.toml: must be a quoted string, not an array"
        );
    }

    #[test]
    fn paths() {
        let p = config_path(&env(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")])).unwrap();
        assert_eq!(p, PathBuf::from("/x/atlascli/config.toml"));
        let p = config_path(&env(&[("XDG_CONFIG_HOME", ""), ("HOME", "/h")])).unwrap();
        assert_eq!(p, PathBuf::from("/h/.config/atlascli/config.toml"));
        assert_eq!(config_path(&env(&[])), None);
    }
}
