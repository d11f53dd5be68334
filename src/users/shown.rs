//! How a value is quoted in a message: whole, cut past the longest its field could
//! legally be (so a 10 MB cell gives a short line), or not at all when the record's
//! columns may be out of place and one may hold a password.

/// How a value is shown in a message: quoted, cut past the longest its field could
/// legally be, or not at all when the record may have its columns misplaced.
#[derive(Clone, Copy)]
pub(crate) struct Shown {
    /// The record's password cell failed: a misplaced column may hold a password.
    pub(crate) hidden: bool,
}

impl Shown {
    /// `"v"`, or `"vvvv..." (10,485,760 bytes)` past `max` characters, or `the value`.
    pub(crate) fn value(self, v: &str, max: usize) -> String {
        if self.hidden {
            return "the value".into();
        }
        if v.chars().count() <= max {
            return format!("{v:?}");
        }
        let head: String = v.chars().take(max).collect();
        format!("{:?} ({} bytes)", format!("{head}..."), thousands(v.len()))
    }

    /// The same, unquoted when short (as in the official `unexpected role format: x`).
    pub(crate) fn bare(self, v: &str, max: usize) -> String {
        if self.hidden || v.chars().count() > max {
            return self.value(v, max);
        }
        v.to_string()
    }
}

/// `10,485,760`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_with_their_size() {
        let shown = Shown { hidden: false };
        assert_eq!(shown.value("US", 8), "\"US\"");
        assert_eq!(shown.value("abcdefghij", 4), "\"abcd...\" (10 bytes)");
        assert_eq!(shown.bare("x", 4), "x");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
