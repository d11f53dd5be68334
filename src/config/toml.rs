//! A small TOML reader for the official CLI's config.toml: tables of string settings.
//!
//! Hand-written rather than a crate: the toml crates bring serde and a parser framework
//! (several hundred kilobytes) to read a dozen strings. It reads TOML 1.1 (1.0 with `\e` and
//! `\xHH` escapes, newlines in inline tables, times without seconds) and refuses what TOML
//! refuses: strings of all four kinds, integers, booleans, comments, CRLF; arrays, inline
//! tables, floats and dates are checked and kept as opaque values. Errors carry a line and
//! column. `tests/toml_diff.rs` compares it with Python's tomllib on random documents.

use crate::error::Error;

/// A value; only strings, integers and booleans are ever used as settings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    String(String),
    Integer(i64),
    Boolean(bool),
    /// An array, inline table, float or date: parsed, not interpreted.
    Other(&'static str),
}

/// `key = value` pairs in file order; keys lower-cased (the official CLI's reader ignores case).
pub(crate) type Table = Vec<(String, Value)>;

/// A parsed document: top-level keys and `[table]` sections.
#[derive(Debug, Default)]
pub struct Document {
    pub(crate) root: Table,
    /// `[name]` sections in file order; dotted names keep their dots, array tables are absent.
    pub(crate) tables: Vec<(String, Table)>,
}

impl Document {
    /// Every key as `(dotted path, kind, value)`, table keys under their table's name: what
    /// the differential test compares with another TOML reader. Kinds are `string`,
    /// `integer`, `boolean`, or the opaque kind of a `Value::Other` (with an empty value).
    pub fn leaves(&self) -> Vec<(String, &'static str, String)> {
        let root = self.root.iter().map(|(k, v)| (k.clone(), v));
        let tables = (self.tables.iter())
            .flat_map(|(name, t)| t.iter().map(move |(k, v)| (format!("{name}.{k}"), v)));
        root.chain(tables)
            .map(|(path, v)| match v {
                Value::String(s) => (path, "string", s.clone()),
                Value::Integer(n) => (path, "integer", n.to_string()),
                Value::Boolean(b) => (path, "boolean", b.to_string()),
                Value::Other(kind) => (path, *kind, String::new()),
            })
            .collect()
    }
}

/// Parses `text`; the error reads `line L, column C: what`.
pub fn parse(text: &str) -> Result<Document, Error> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        depth: 0,
    };
    p.document().map_err(Error::usage)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    /// Nesting of arrays and inline tables, bounded so no input can exhaust the stack.
    depth: usize,
}

/// Deepest nesting of arrays and inline tables accepted.
const MAX_DEPTH: usize = 64;

/// Where the next entries go.
enum Target {
    Root,
    Table(usize),
    /// Inside `[[array]]`: parsed, checked for duplicate keys, dropped at the next header.
    Ignored,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn at(&self, lit: &str) -> bool {
        self.s[self.i..].starts_with(lit.as_bytes())
    }

    fn err<T>(&self, what: impl Into<String>) -> Result<T, String> {
        self.err_at(self.i, what)
    }

    fn err_at<T>(&self, pos: usize, what: impl Into<String>) -> Result<T, String> {
        let before = &self.text.as_bytes()[..pos.min(self.s.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        Err(format!("line {line}, column {column}: {}", what.into()))
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn skip_comment(&mut self) -> Result<(), String> {
        if self.peek() == Some(b'#') {
            while let Some(b) = self.peek() {
                if b == b'\n' || (b == b'\r' && self.at("\r\n")) {
                    break;
                }
                if control(b.into()) {
                    return self.err("control character in a comment");
                }
                self.i += 1;
            }
        }
        Ok(())
    }

    /// After a key/value or header: only spaces and a comment may remain on the line.
    fn end_of_line(&mut self) -> Result<(), String> {
        self.skip_ws();
        self.skip_comment()?;
        match self.peek() {
            None => Ok(()),
            Some(b'\n') => {
                self.i += 1;
                Ok(())
            }
            Some(b'\r') if self.at("\r\n") => {
                self.i += 2;
                Ok(())
            }
            Some(_) => self.err("expected the end of the line"),
        }
    }

    /// Skips spaces, tabs and newlines (LF or CRLF; a lone CR stays).
    fn skip_blank_lines(&mut self) {
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'\n') => self.i += 1,
                Some(b'\r') if self.at("\r\n") => self.i += 2,
                _ => return,
            }
        }
    }

    /// Skips spaces, newlines and comments (between entries and inside arrays).
    fn skip_blank(&mut self) -> Result<(), String> {
        loop {
            self.skip_blank_lines();
            if self.peek() != Some(b'#') {
                return Ok(());
            }
            self.skip_comment()?;
        }
    }

    fn document(&mut self) -> Result<Document, String> {
        let mut doc = Document::default();
        let mut target = Target::Root;
        let mut ignored = Table::new();
        let mut seen_tables: Vec<String> = Vec::new();
        loop {
            self.skip_blank()?;
            let Some(b) = self.peek() else { break };
            if b == b'[' {
                let start = self.i;
                let array = self.at("[[");
                self.i += if array { 2 } else { 1 };
                self.skip_ws();
                let name = self.key_path()?.to_ascii_lowercase();
                self.skip_ws();
                let close = if array { "]]" } else { "]" };
                if !self.at(close) {
                    return self.err(format!("expected {close} to close the table header"));
                }
                self.i += close.len();
                self.end_of_line()?;
                if array {
                    target = Target::Ignored;
                    ignored.clear();
                    continue;
                }
                if seen_tables.contains(&name) {
                    return self.err_at(start, format!("duplicate table [{name}]"));
                }
                seen_tables.push(name.clone());
                doc.tables.push((name, Table::new()));
                target = Target::Table(doc.tables.len() - 1);
                continue;
            }
            let start = self.i;
            let key = self.key_path()?.to_ascii_lowercase();
            self.skip_ws();
            if self.peek() != Some(b'=') {
                return self.err(format!("expected = after the key {key:?}"));
            }
            self.i += 1;
            self.skip_ws();
            let value = self.value()?;
            self.end_of_line()?;
            let table = match target {
                Target::Root => &mut doc.root,
                Target::Table(i) => &mut doc.tables[i].1,
                Target::Ignored => &mut ignored,
            };
            if table.iter().any(|(k, _)| *k == key) {
                return self.err_at(start, format!("duplicate key {key:?}"));
            }
            table.push((key, value));
        }
        Ok(doc)
    }

    /// A key, possibly dotted (`a."b".c`), joined with dots.
    fn key_path(&mut self) -> Result<String, String> {
        let mut parts = vec![self.key()?];
        loop {
            let save = self.i;
            self.skip_ws();
            if self.peek() == Some(b'.') {
                self.i += 1;
                self.skip_ws();
                parts.push(self.key()?);
            } else {
                self.i = save;
                return Ok(parts.join("."));
            }
        }
    }

    fn key(&mut self) -> Result<String, String> {
        match self.peek() {
            Some(b'"') => self.basic_string(),
            Some(b'\'') => self.literal_string(),
            _ => {
                let start = self.i;
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    self.i += 1;
                }
                if self.i == start {
                    return self.err("expected a key");
                }
                Ok(self.text[start..self.i].to_string())
            }
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        if self.depth >= MAX_DEPTH {
            return self.err("arrays and inline tables are nested too deeply");
        }
        self.depth += 1;
        let v = self.value_inner();
        self.depth -= 1;
        v
    }

    fn value_inner(&mut self) -> Result<Value, String> {
        match self.peek() {
            Some(b'"') if self.at("\"\"\"") => self.multiline_basic().map(Value::String),
            Some(b'"') => self.basic_string().map(Value::String),
            Some(b'\'') if self.at("'''") => self.multiline_literal().map(Value::String),
            Some(b'\'') => self.literal_string().map(Value::String),
            Some(b'[') => self.array(),
            Some(b'{') => self.inline_table(),
            Some(_) => self.bare_value(),
            None => self.err("expected a value"),
        }
    }

    fn array(&mut self) -> Result<Value, String> {
        let open = self.i;
        self.i += 1;
        loop {
            self.skip_blank()?;
            match self.peek() {
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Other("array"));
                }
                None => return self.err_at(open, "unterminated array"),
                _ => {}
            }
            self.value()?;
            self.skip_blank()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {}
                None => return self.err_at(open, "unterminated array"),
                _ => return self.err("expected , or ] in an array"),
            }
        }
    }

    fn inline_table(&mut self) -> Result<Value, String> {
        let open = self.i;
        self.i += 1;
        loop {
            self.skip_blank()?;
            match self.peek() {
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Other("inline table"));
                }
                None => return self.err_at(open, "unterminated inline table"),
                _ => {}
            }
            self.key_path()?;
            self.skip_ws();
            if self.peek() != Some(b'=') {
                return self.err("expected = in an inline table");
            }
            self.i += 1;
            self.skip_ws();
            self.value()?;
            self.skip_blank()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {}
                None => return self.err_at(open, "unterminated inline table"),
                _ => return self.err("expected , or } in an inline table"),
            }
        }
    }

    /// Integers, booleans, floats and dates.
    fn bare_value(&mut self) -> Result<Value, String> {
        let start = self.i;
        let stop = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'#' | b',' | b']' | b'}');
        while self.peek().is_some_and(|b| !stop(b)) {
            self.i += 1;
        }
        // A local date-time may put a space between the date and the time.
        if self.i - start == 10
            && self.peek() == Some(b' ')
            && self.s.get(self.i + 1).is_some_and(u8::is_ascii_digit)
        {
            self.i += 1;
            while self.peek().is_some_and(|b| !stop(b)) {
                self.i += 1;
            }
        }
        let raw = &self.text[start..self.i];
        match raw {
            "true" => return Ok(Value::Boolean(true)),
            "false" => return Ok(Value::Boolean(false)),
            _ => {}
        }
        match integer(raw) {
            Some(Some(n)) => return Ok(Value::Integer(n)),
            Some(None) => return self.err_at(start, "integer out of range"),
            None => {}
        }
        if float(raw) {
            return Ok(Value::Other("float"));
        }
        if date_time(raw) {
            return Ok(Value::Other("date"));
        }
        if raw.is_empty() {
            return self.err("expected a value");
        }
        self.err_at(
            start,
            // The value is not echoed: it may be a key someone forgot to quote.
            "invalid value (strings need quotes)",
        )
    }

    fn basic_string(&mut self) -> Result<String, String> {
        let open = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.text[self.i..].chars().next() else {
                return self.err_at(open, "unterminated string");
            };
            match c {
                '"' => {
                    self.i += 1;
                    return Ok(out);
                }
                '\\' => {
                    self.i += 1;
                    out.push(self.escape()?);
                }
                '\n' | '\r' => return self.err_at(open, "unterminated string"),
                c if control(c.into()) => return self.err("control character in a string"),
                c => {
                    self.i += c.len_utf8();
                    out.push(c);
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, String> {
        let start = self.i - 1;
        let Some(e) = self.peek() else {
            return self.err("unterminated string");
        };
        self.i += 1;
        let hex = |p: &mut Self, n: usize| -> Result<char, String> {
            let digits = p.text.get(p.i..p.i + n).unwrap_or("");
            let code = (digits.len() == n && digits.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(digits, 16).ok())
                .flatten();
            p.i += n.min(p.s.len() - p.i);
            code.and_then(char::from_u32)
                .map_or_else(|| p.err_at(start, "invalid unicode escape"), Ok)
        };
        match e {
            b'b' => Ok('\u{8}'),
            b't' => Ok('\t'),
            b'n' => Ok('\n'),
            b'f' => Ok('\u{c}'),
            b'r' => Ok('\r'),
            b'e' => Ok('\u{1b}'),
            b'"' => Ok('"'),
            b'\\' => Ok('\\'),
            b'x' => hex(self, 2),
            b'u' => hex(self, 4),
            b'U' => hex(self, 8),
            _ => self.err_at(start, "invalid escape sequence in a string"),
        }
    }

    fn literal_string(&mut self) -> Result<String, String> {
        let open = self.i;
        self.i += 1;
        let start = self.i;
        loop {
            match self.peek() {
                Some(b'\'') => {
                    let s = self.text[start..self.i].to_string();
                    self.i += 1;
                    return Ok(s);
                }
                Some(b'\n' | b'\r') | None => return self.err_at(open, "unterminated string"),
                Some(b) if control(b.into()) => return self.err("control character in a string"),
                Some(_) => self.i += 1,
            }
        }
    }

    /// Skips the newline right after an opening `"""` or `'''`.
    fn skip_first_newline(&mut self) {
        if self.at("\r\n") {
            self.i += 2;
        } else if self.at("\n") {
            self.i += 1;
        }
    }

    /// The closing delimiter, allowing up to two extra quotes that belong to the content.
    fn close_multiline(&mut self, q: u8, out: &mut String) -> bool {
        let mut n = 0;
        while self.s.get(self.i + n) == Some(&q) {
            n += 1;
        }
        if n < 3 {
            return false;
        }
        let extra = (n - 3).min(2);
        for _ in 0..extra {
            out.push(q as char);
        }
        self.i += 3 + extra;
        true
    }

    fn multiline_basic(&mut self) -> Result<String, String> {
        let open = self.i;
        self.i += 3;
        self.skip_first_newline();
        let mut out = String::new();
        loop {
            let Some(c) = self.text[self.i..].chars().next() else {
                return self.err_at(open, "unterminated multi-line string");
            };
            match c {
                '"' if self.close_multiline(b'"', &mut out) => return Ok(out),
                '\\' => {
                    // A line-ending backslash trims the newline and following whitespace.
                    let mut j = self.i + 1;
                    while matches!(self.s.get(j), Some(b' ' | b'\t')) {
                        j += 1;
                    }
                    if self.s[j..].starts_with(b"\n") || self.s[j..].starts_with(b"\r\n") {
                        self.i = j;
                        self.skip_blank_lines();
                    } else {
                        self.i += 1;
                        out.push(self.escape()?);
                    }
                }
                c => self.multiline_char(c, &mut out)?,
            }
        }
    }

    /// One character of a multi-line string's body: newlines (LF or CRLF, kept as LF) and
    /// tabs are content, other control characters are not.
    fn multiline_char(&mut self, c: char, out: &mut String) -> Result<(), String> {
        if c == '\r' && self.at("\r\n") {
            self.i += 1;
            return Ok(());
        }
        if c != '\n' && control(c.into()) {
            return self.err("control character in a string");
        }
        self.i += c.len_utf8();
        out.push(c);
        Ok(())
    }

    fn multiline_literal(&mut self) -> Result<String, String> {
        let open = self.i;
        self.i += 3;
        self.skip_first_newline();
        let mut out = String::new();
        loop {
            let Some(c) = self.text[self.i..].chars().next() else {
                return self.err_at(open, "unterminated multi-line string");
            };
            if c == '\'' && self.close_multiline(b'\'', &mut out) {
                return Ok(out);
            }
            self.multiline_char(c, &mut out)?;
        }
    }
}

/// Characters TOML allows nowhere raw but in multi-line strings (newlines) and anywhere (tab).
fn control(c: u32) -> bool {
    (c < 0x20 && c != 0x09) || c == 0x7f
}

/// Digits of `radix` with single `_` between them.
fn digits(s: &str, radix: u32) -> bool {
    let digit = |c: char| c.is_digit(radix);
    s.starts_with(digit)
        && s.ends_with(digit)
        && !s.contains("__")
        && s.chars().all(|c| c == '_' || digit(c))
}

/// A decimal integer's digits: no leading zero.
fn decimal(s: &str) -> bool {
    digits(s, 10) && !(s.len() > 1 && s.starts_with('0'))
}

/// A TOML integer: decimal with sign, or unsigned 0x / 0o / 0b; `Some(None)` when it is
/// one but does not fit 64 bits, `None` when it is not one.
fn integer(raw: &str) -> Option<Option<i64>> {
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(d) = raw.strip_prefix(prefix) {
            return digits(d, radix).then(|| i64::from_str_radix(&d.replace('_', ""), radix).ok());
        }
    }
    let unsigned = raw.strip_prefix(['+', '-']).unwrap_or(raw);
    decimal(unsigned).then(|| raw.replace('_', "").parse().ok())
}

/// A TOML float: `inf`, `nan`, or a decimal integer part with a fraction, an exponent or both.
fn float(raw: &str) -> bool {
    let unsigned = raw.strip_prefix(['+', '-']).unwrap_or(raw);
    if unsigned == "inf" || unsigned == "nan" {
        return true;
    }
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let (int, fraction) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    decimal(int)
        && (fraction.is_some() || exponent.is_some())
        && fraction.is_none_or(|f| digits(f, 10))
        && exponent.is_none_or(|e| digits(e, 10))
}

/// An offset date-time, local date-time, local date or local time, in range.
fn date_time(raw: &str) -> bool {
    let Some((date, rest)) = raw.get(..10).zip(raw.get(10..)) else {
        return time(raw);
    };
    let field = |range: std::ops::Range<usize>| number(date.get(range)?);
    let (Some(y), Some(m), Some(d)) = (field(0..4), field(5..7), field(8..10)) else {
        return time(raw);
    };
    let days = crate::gostd::days_in_month(i64::from(y), m);
    let date_ok = date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-';
    if !(date_ok && (1..=12).contains(&m) && (1..=days).contains(&d)) {
        return false;
    }
    let Some(rest) = rest.strip_prefix(['T', 't', ' ']) else {
        return rest.is_empty();
    };
    // The offset starts at Z or at a sign after the seconds.
    let (clock, offset) = match rest
        .char_indices()
        .find(|&(i, c)| i >= 5 && "Zz+-".contains(c))
    {
        Some((i, _)) => rest.split_at(i),
        None => (rest, ""),
    };
    let offset_ok = match offset.as_bytes() {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] => hours_minutes(&offset[1..]),
        _ => false,
    };
    time(clock) && offset_ok
}

/// `HH:MM:SS` with an optional fraction of a second, or `HH:MM` (TOML 1.1).
fn time(raw: &str) -> bool {
    if raw.len() == 5 {
        return hours_minutes(raw);
    }
    let (clock, fraction) = match raw.split_once('.') {
        Some((c, f)) => (c, Some(f)),
        None => (raw, None),
    };
    let seconds = clock.get(6..).and_then(number).is_some_and(|s| s < 60);
    clock.len() == 8
        && clock.as_bytes()[5] == b':'
        && clock.get(..5).is_some_and(hours_minutes)
        && seconds
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// `HH:MM` in range.
fn hours_minutes(raw: &str) -> bool {
    let field = |range: std::ops::Range<usize>| raw.get(range).and_then(number);
    raw.len() == 5
        && raw.as_bytes()[2] == b':'
        && field(0..2).is_some_and(|h| h < 24)
        && field(3..5).is_some_and(|m| m < 60)
}

/// A run of ASCII digits as a number.
fn number(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(t: &'a Table, k: &str) -> Option<&'a Value> {
        t.iter().find(|(key, _)| key == k).map(|(_, v)| v)
    }

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }

    #[test]
    fn official_cli_file() {
        let doc = parse("version = 2\nskip_update_check = true\n[default]\n  org_id = '5dd56c847a3e5a1f363d424d'\n  public_api_key = 'abcdefgh'\n\n[Other]\n  service = 'cloudgov'\n").unwrap();
        assert_eq!(get(&doc.root, "version"), Some(&Value::Integer(2)));
        assert_eq!(
            get(&doc.root, "skip_update_check"),
            Some(&Value::Boolean(true))
        );
        assert_eq!(doc.tables[0].0, "default");
        assert_eq!(
            get(&doc.tables[0].1, "public_api_key"),
            Some(&s("abcdefgh"))
        );
        assert_eq!(doc.tables[1].0, "other");
    }

    #[test]
    fn strings_of_every_kind() {
        let text = "a = \"tab\\there \\u00e9 \\U0001F600 \\\"q\\\"\"\r\nb = 'C:\\path'\r\nc = \"\"\"\nline1\\\n    line2 \"\"quoted\"\" \"\"\"\"\nd = '''\nraw \\n '''\n\"quoted key\" = 1_000\nE = 0xff\n";
        let doc = parse(text).unwrap();
        assert_eq!(get(&doc.root, "a"), Some(&s("tab\there é 😀 \"q\"")));
        assert_eq!(get(&doc.root, "b"), Some(&s("C:\\path")));
        assert_eq!(
            get(&doc.root, "c"),
            Some(&s("line1line2 \"\"quoted\"\" \""))
        );
        assert_eq!(get(&doc.root, "d"), Some(&s("raw \\n ")));
        assert_eq!(get(&doc.root, "quoted key"), Some(&Value::Integer(1000)));
        assert_eq!(get(&doc.root, "e"), Some(&Value::Integer(255)));
    }

    #[test]
    fn other_values_do_not_disturb_neighbours() {
        let text = "x = [1, \"]\", [2, 3], {a = 'x'},\n  # comment ]\n]\ny = {k = \"}\", n.m = [1]}\nd = 1979-05-27 07:32:00\nf = 6.02e23\nz = 'after'\n[a.b]\nk = 'dotted'\n[[arr]]\nk = 'ignored'\n[p]\nk = 'v'\n";
        let doc = parse(text).unwrap();
        assert_eq!(get(&doc.root, "x"), Some(&Value::Other("array")));
        assert_eq!(get(&doc.root, "y"), Some(&Value::Other("inline table")));
        assert_eq!(get(&doc.root, "d"), Some(&Value::Other("date")));
        assert_eq!(get(&doc.root, "f"), Some(&Value::Other("float")));
        assert_eq!(get(&doc.root, "z"), Some(&s("after")));
        let names: Vec<&str> = doc.tables.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a.b", "p"]);
        assert_eq!(get(&doc.tables[1].1, "k"), Some(&s("v")));
    }

    #[test]
    fn toml_1_1_additions_are_read() {
        let text =
            "e = \"\\e[1m\\x41\"\nt = {a = 1,\n  b = 07:32, # note\n}\nd = 1979-05-27T07:32Z\n";
        let doc = parse(text).unwrap();
        assert_eq!(get(&doc.root, "e"), Some(&s("\u{1b}[1mA")));
        assert_eq!(get(&doc.root, "t"), Some(&Value::Other("inline table")));
        assert_eq!(get(&doc.root, "d"), Some(&Value::Other("date")));
    }

    #[test]
    fn what_toml_refuses_is_refused() {
        let refused = |text: &str| parse(text).unwrap_err().to_string();
        for bad in [
            "f = 1.",
            "f = .5",
            "f = 1e",
            "f = 01.5",
            "f = 1__0.5",
            "f = 3+2",
            "d = 1979-02-29",
            "d = 1979-13-01",
            "d = 1979-05-27T24:00:00",
            "d = 1979-05-27T07:32:00+7:00",
            "d = 07:60:00",
            "d = 00:32:00.",
            "i = 0x_1",
            "i = +0x1",
            "i = 00",
        ] {
            let e = refused(bad);
            assert!(e.contains("invalid value"), "{bad}: {e}");
        }
        let cases = [
            (
                "i = 9223372036854775808",
                "line 1, column 5: integer out of range",
            ),
            (
                "# a\u{7f}\n",
                "line 1, column 4: control character in a comment",
            ),
            (
                "k = 'a\u{7f}'",
                "line 1, column 7: control character in a string",
            ),
            (
                "k = '''a\u{8}'''",
                "line 1, column 9: control character in a string",
            ),
            (
                "k = \"\"\"a\rb\"\"\"",
                "line 1, column 9: control character in a string",
            ),
            (
                "k = \"\"\"a\\\rb\"\"\"",
                "line 1, column 9: invalid escape sequence in a string",
            ),
            (
                "[[a]]\nk = 1\nk = 2\n",
                "line 3, column 1: duplicate key \"k\"",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(refused(text), want, "{text:?}");
        }
        // Each `[[a]]` starts a new element: the same key again is no duplicate.
        assert!(parse("[[a]]\nk = 1\n[[a]]\nk = 2\n").is_ok());
        let leap = parse("d = 2000-02-29T23:59:59.5-00:30\n").unwrap();
        assert_eq!(leap.root[0].1, Value::Other("date"));
    }

    #[test]
    fn errors_point_at_line_and_column() {
        assert_eq!(
            parse("a = 'x'\nb = \"open\n").unwrap_err().to_string(),
            "line 2, column 5: unterminated string"
        );
        assert_eq!(
            parse("[p]\nk='1'\n[p]\n").unwrap_err().to_string(),
            "line 3, column 1: duplicate table [p]"
        );
        assert_eq!(
            parse("k = 1\nk = 2").unwrap_err().to_string(),
            "line 2, column 1: duplicate key \"k\""
        );
        assert_eq!(
            parse("k = bare\n").unwrap_err().to_string(),
            "line 1, column 5: invalid value (strings need quotes)"
        );
        assert_eq!(
            parse("k = 'a' b\n").unwrap_err().to_string(),
            "line 1, column 9: expected the end of the line"
        );
        assert_eq!(
            parse("[p\n").unwrap_err().to_string(),
            "line 1, column 3: expected ] to close the table header"
        );
        assert_eq!(
            parse("k = \"\\q\"").unwrap_err().to_string(),
            "line 1, column 6: invalid escape sequence in a string"
        );
        assert_eq!(
            parse("k = [1, 2").unwrap_err().to_string(),
            "line 1, column 5: unterminated array"
        );
    }
}
