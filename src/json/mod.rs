//! A small JSON writer that produces the same bytes as Go's encoding/json (strings, and
//! numbers through `gostd`'s one float printer).
//!
//! miniserde cannot omit fields or indent, and the official CLI's output is Go's
//! `MarshalIndent` with HTML-safe escaping; scripts compare those bytes, so we write them
//! ourselves: compact or two-space indented, keys in the order the caller gives.

pub mod read;

use miniserde::json::{Number, Value};

/// Decodes an answer of Atlas into `T` as Go's encoding/json fills the SDK's struct: the
/// text read with Go's rules (`read::GO`: a lone surrogate is U+FFFD, a repeated key's
/// last value wins), then handed to miniserde, whose own reader refuses lone surrogates.
pub(crate) fn go_decode<T: miniserde::Deserialize>(body: &str) -> Option<T> {
    go_decode_value(&read::parse(body, read::GO).ok()?)
}

/// `go_decode` of a value already read.
pub(crate) fn go_decode_value<T: miniserde::Deserialize>(v: &Value) -> Option<T> {
    miniserde::json::from_str(&miniserde::json::to_string(v)).ok()
}

/// Appends `s` as a JSON string, escaped the way Go does (`<`, `>`, `&`, U+2028, U+2029 too).
pub fn string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let b = s.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < b.len() {
        // Runs of bytes that can need no escape are skipped at a table lookup each.
        if !SPECIAL[usize::from(b[i])] {
            i += 1;
            continue;
        }
        let escape: Option<&str> = match b[i] {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            c if c < 0x20 || c == b'<' || c == b'>' || c == b'&' => None,
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            0xe2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) => {
                None
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // Bytes that need no escape are copied in runs; every escape starts a character.
        out.push_str(&s[plain..i]);
        let len = if b[i] == 0xe2 { 3 } else { 1 };
        match escape {
            Some(e) => out.push_str(e),
            None => {
                let c = s[i..].chars().next().unwrap_or_default();
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
        }
        i += len;
        plain = i;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// The bytes `string` must look at: controls, `"`, `\`, `<`, `>`, `&`, and 0xE2 (the
/// first byte of U+2028 and U+2029).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'&' as usize] = true;
    t[0xe2] = true;
    t
};

/// `s` as a JSON string literal.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::new();
    string(&mut out, s);
    out
}

/// A JSON number as Go re-encodes it: decoded into a float64, then encoding/json's form.
pub(crate) fn number(n: &Number) -> String {
    crate::gostd::float_json(as_float(n))
}

/// A JSON number as Go decodes it into an `any`: a float64.
pub(crate) fn as_float(n: &Number) -> f64 {
    match n {
        Number::U64(u) => *u as f64,
        Number::I64(i) => *i as f64,
        Number::F64(f) => *f,
    }
}

/// Writes values with an indent of `indent` spaces per level (0 means compact).
pub(crate) struct Writer {
    out: String,
    indent: usize,
    /// One entry per open container: whether it holds an element yet.
    open: Vec<bool>,
    /// A key was just written, so the next value needs no separator.
    after_key: bool,
}

impl Writer {
    /// A writer indenting by `indent` spaces, or compact when 0.
    pub(crate) fn new(indent: usize) -> Writer {
        Writer {
            out: String::with_capacity(256),
            indent,
            open: Vec::with_capacity(8),
            after_key: false,
        }
    }

    /// The text written so far.
    pub(crate) fn finish(self) -> String {
        self.out
    }

    fn newline(&mut self) {
        if self.indent > 0 {
            self.out.push('\n');
            let width = self.indent * self.open.len();
            self.out.extend(std::iter::repeat_n(' ', width));
        }
    }

    /// Emits what goes before an element: nothing after a key, else a comma and a newline.
    fn separate(&mut self) {
        if std::mem::take(&mut self.after_key) {
            return;
        }
        if let Some(has) = self.open.last().copied() {
            if has {
                self.out.push(',');
            }
            if let Some(last) = self.open.last_mut() {
                *last = true;
            }
            self.newline();
        }
    }

    /// Opens `{` or `[`.
    pub(crate) fn open(&mut self, bracket: char) {
        self.separate();
        self.out.push(bracket);
        self.open.push(false);
    }

    /// Closes the innermost container with `}` or `]`.
    pub(crate) fn close(&mut self, bracket: char) {
        if self.open.pop() == Some(true) {
            self.newline();
        }
        self.out.push(bracket);
    }

    /// Writes an object key; a value must follow.
    pub(crate) fn key(&mut self, k: &str) {
        self.separate();
        string(&mut self.out, k);
        self.out.push(':');
        if self.indent > 0 {
            self.out.push(' ');
        }
        self.after_key = true;
    }

    /// Writes a string value.
    pub(crate) fn str(&mut self, s: &str) {
        self.separate();
        string(&mut self.out, s);
    }

    /// Writes an array of strings.
    pub(crate) fn strings<S: AsRef<str>>(&mut self, items: &[S]) {
        self.open('[');
        for s in items {
            self.str(s.as_ref());
        }
        self.close(']');
    }

    /// Writes a key and a string value.
    pub(crate) fn field(&mut self, k: &str, v: &str) {
        self.key(k);
        self.str(v);
    }

    /// Writes a key and a string value, or `null`.
    pub(crate) fn field_or_null(&mut self, k: &str, v: Option<&str>) {
        self.key(k);
        match v {
            Some(v) => self.str(v),
            None => self.raw("null"),
        }
    }

    /// Writes a key and a whole number, or `null`.
    pub(crate) fn number_or_null(&mut self, k: &str, n: Option<usize>) {
        self.key(k);
        match n {
            Some(n) => self.raw(&n.to_string()),
            None => self.raw("null"),
        }
    }

    /// Writes literal JSON (a number, `true`, `null`).
    pub(crate) fn raw(&mut self, literal: &str) {
        self.separate();
        self.out.push_str(literal);
    }

    /// Writes any miniserde value, object keys sorted (as Go sorts map keys). Containers
    /// nested deeper than 64 levels (only a hostile server sends those) print as "…".
    pub(crate) fn value(&mut self, v: &Value) {
        self.value_at(v, 0)
    }

    fn value_at(&mut self, v: &Value, depth: usize) {
        if depth > 64 && matches!(v, Value::Array(_) | Value::Object(_)) {
            self.str("…");
            return;
        }
        match v {
            Value::Null => self.raw("null"),
            Value::Bool(b) => self.raw(if *b { "true" } else { "false" }),
            Value::Number(n) => self.raw(&number(n)),
            Value::String(s) => self.str(s),
            Value::Array(a) => {
                self.open('[');
                for item in a.iter() {
                    self.value_at(item, depth + 1);
                }
                self.close(']');
            }
            Value::Object(o) => {
                self.open('{');
                for (k, item) in o.iter() {
                    self.key(k);
                    self.value_at(item, depth + 1);
                }
                self.close('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(src: &str, indent: usize) -> String {
        let v: Value = miniserde::json::from_str(src).unwrap();
        let mut w = Writer::new(indent);
        w.value(&v);
        w.finish()
    }

    #[test]
    fn indents_like_go_marshal_indent() {
        assert_eq!(
            pretty(r#"{"b":[1,{"x":[]}],"a":{},"c":"<&>"}"#, 2),
            "{\n  \"a\": {},\n  \"b\": [\n    1,\n    {\n      \"x\": []\n    }\n  ],\n  \"c\": \"\\u003c\\u0026\\u003e\"\n}"
        );
        assert_eq!(
            pretty(r#"{"b":[1,2.5],"a":null}"#, 0),
            r#"{"a":null,"b":[1,2.5]}"#
        );
    }

    #[test]
    fn escapes_like_go() {
        let mut s = String::new();
        string(&mut s, "q\"\\\n\t\u{1}\u{8}\u{2028}é");
        assert_eq!(s, r#""q\"\\\n\t\u0001\b\u2028é""#);
        assert_eq!(number(&Number::F64(1e6)), "1000000");
    }
}
