//! The environment, read once: the official CLI's `MONGODB_ATLAS_*` / legacy `MCLI_*` keys
//! and the few plain variables we honour.
//!
//! Capturing it in a value keeps `resolve` a pure function that unit tests can drive.

use std::collections::BTreeMap;

/// A snapshot of the process environment (UTF-8 values only).
#[derive(Debug, Default, Clone)]
pub(crate) struct Env {
    vars: BTreeMap<String, String>,
    /// Whether any variable starts with `MCLI` (legacy names only, then).
    legacy: bool,
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
        Env { vars, legacy }
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
