//! A strict JSON reader (RFC 8259) into miniserde's `Value`, for the texts whose every
//! byte matters: Atlas's error bodies (numbers read exactly, as Go reads them) and the
//! records of a JSON Lines file (a reason and the key for every refusal, a nesting cap,
//! repeated keys refused).
//!
//! miniserde's own reader rounds some decimals wrongly (`999999.9999999999` reads as
//! 1e6) and says only that a text is not JSON; this one reads numbers with the standard
//! library's correctly rounded parser and says why and where.

use miniserde::json::{Array, Number, Object, Value};

/// What the caller allows.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Deepest nesting of arrays and objects (1: a flat object).
    pub max_depth: usize,
    /// Whether a key given twice in one object is refused (else the last one wins, as Go
    /// and Python keep it).
    pub unique_keys: bool,
    /// Whether a container nested deeper than `max_depth` is read as the string "…" (its
    /// text skipped, checked only for matching brackets and strings) instead of refused.
    pub elide_deep: bool,
    /// Whether a `\u` escape of a lone UTF-16 surrogate (a high one not followed by a low
    /// one, or a low one alone) reads as U+FFFD, as Go's encoding/json reads it, instead of
    /// being refused.
    pub replace_lone_surrogates: bool,
}

/// The rules Go's encoding/json reads Atlas's answers by: a lone surrogate escape is
/// U+FFFD, a repeated key's last value wins; containers nested past 64 levels (only a
/// hostile server sends those) read as the string "…".
pub(crate) const GO: Rules = Rules {
    max_depth: 64,
    unique_keys: false,
    elide_deep: true,
    replace_lone_surrogates: true,
};

/// Why a text is not the JSON wanted, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// The key whose value was being read, innermost first seen, if any.
    pub key: Option<String>,
    pub reason: String,
}

/// Reads one JSON value filling all of `text` (whitespace around it allowed).
pub fn parse(text: &str, rules: Rules) -> Result<Value, SyntaxError> {
    let mut r = Reader {
        s: text.as_bytes(),
        i: 0,
        rules,
        keys: Vec::new(),
    };
    r.space();
    let v = r.value(0)?;
    r.space();
    if r.i < r.s.len() {
        return Err(r.fail("unexpected text after the value"));
    }
    Ok(v)
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
    rules: Rules,
    /// The keys of the objects being read, outermost first.
    keys: Vec<String>,
}

impl Reader<'_> {
    fn fail(&self, reason: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset: self.i,
            key: self.keys.last().cloned(),
            reason: reason.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth >= self.rules.max_depth
            && self.rules.elide_deep
            && matches!(self.peek(), Some(b'{' | b'['))
        {
            self.skip_container()?;
            return Ok(Value::String("…".into()));
        }
        match self.peek() {
            None => Err(self.fail("unexpected end of text")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("expected a value")),
        }
    }

    fn word(&mut self, word: &str, v: Value) -> Result<Value, SyntaxError> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.fail("expected a value"))
        }
    }

    fn nest(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth > self.rules.max_depth && !self.rules.elide_deep {
            return Err(self.fail(format!(
                "nested more than {} levels deep",
                self.rules.max_depth
            )));
        }
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.nest(depth)?;
        self.i += 1;
        let mut out = Object::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Value::Object(out));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.fail("expected a key in double quotes"));
            }
            let at = self.i;
            let key = self.string()?;
            self.space();
            if self.peek() != Some(b':') {
                return Err(self.fail("expected ':' after the key"));
            }
            self.i += 1;
            self.space();
            self.keys.push(key);
            let v = self.value(depth)?;
            let key = self.keys.pop().unwrap_or_default();
            if self.rules.unique_keys && out.contains_key(&key) {
                self.i = at;
                self.keys.push(key);
                let e = self.fail("the key is given twice");
                return Err(e);
            }
            out.insert(key, v);
            self.space();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(out));
                }
                _ => return Err(self.fail("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.nest(depth)?;
        self.i += 1;
        let mut out = Array::new();
        self.space();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Value::Array(out));
        }
        loop {
            self.space();
            out.push(self.value(depth)?);
            self.space();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(out));
                }
                _ => return Err(self.fail("expected ',' or ']'")),
            }
        }
    }

    /// Steps over one container without recursing: brackets must match, strings close.
    fn skip_container(&mut self) -> Result<(), SyntaxError> {
        let mut open = Vec::new();
        while let Some(b) = self.peek() {
            match b {
                b'{' | b'[' => open.push(b),
                b'}' | b']' => {
                    let want = if b == b'}' { b'{' } else { b'[' };
                    if open.pop() != Some(want) {
                        return Err(self.fail("brackets do not match"));
                    }
                    if open.is_empty() {
                        self.i += 1;
                        return Ok(());
                    }
                }
                b'"' => {
                    self.string()?;
                    continue;
                }
                _ => {}
            }
            self.i += 1;
        }
        Err(self.fail("unexpected end of text"))
    }

    /// A number: integers that fit stay integers (as miniserde reads them), the rest are
    /// read as the nearest float64; one beyond float64's range is refused.
    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.i;
        let digits = |r: &mut Self| {
            let from = r.i;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.i += 1;
            }
            r.i - from
        };
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        if digits(self) == 0 {
            return Err(self.fail("expected a digit"));
        }
        if self.s[int_start] == b'0' && self.i - int_start > 1 {
            self.i = int_start + 1;
            return Err(self.fail("a number does not start with 0"));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.i += 1;
            integer = false;
            if digits(self) == 0 {
                return Err(self.fail("expected a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            integer = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.fail("expected a digit in the exponent"));
            }
        }
        // Only ASCII digits and signs were consumed.
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or_default();
        if integer {
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Value::Number(Number::U64(u)));
            }
            // `-0` is a float's negative zero, as Go reads it.
            if let Ok(i) =
                text.parse::<i64>()
                    .map_err(drop)
                    .and_then(|i| if i == 0 { Err(()) } else { Ok(i) })
            {
                return Ok(Value::Number(Number::I64(i)));
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Number(Number::F64(f))),
            _ => {
                self.i = start;
                Err(self.fail("number out of range"))
            }
        }
    }

    /// A string; `\u` escapes must pair their surrogates.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let run = self.i;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // The text is a &str and the run stops only at ASCII bytes: whole characters.
            out.push_str(std::str::from_utf8(&self.s[run..self.i]).unwrap_or_default());
            match self.peek() {
                None => return Err(self.fail("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => return Err(self.fail("a control character in a string (escape it)")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        self.i += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode(),
            _ => return Err(self.fail("invalid escape")),
        };
        self.i += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i + 1..self.i + 5)?;
        let v = u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()?;
        h.iter().all(u8::is_ascii_hexdigit).then(|| {
            self.i += 5;
            v
        })
    }

    /// A `\u` escape, with the low surrogate escape after a high one. A lone surrogate is
    /// U+FFFD or refused (`Rules::replace_lone_surrogates`); as in Go, the escape after a
    /// lone high surrogate is then read on its own.
    fn unicode(&mut self) -> Result<char, SyntaxError> {
        let at = self.i - 1;
        let bad = |r: &mut Self| {
            r.i = at;
            Err(r.fail("invalid \\u escape"))
        };
        let Some(first) = self.hex4() else {
            return bad(self);
        };
        if !(0xD800..=0xDFFF).contains(&first) {
            return char::from_u32(first).map_or_else(|| bad(self), Ok);
        }
        let after = self.i;
        if first <= 0xDBFF && self.s[self.i..].starts_with(b"\\u") {
            self.i += 1;
            if let Some(lo @ 0xDC00..=0xDFFF) = self.hex4() {
                let code = 0x10000 + ((first - 0xD800) << 10) + (lo - 0xDC00);
                return char::from_u32(code).map_or_else(|| bad(self), Ok);
            }
            self.i = after;
        }
        if self.rules.replace_lone_surrogates {
            Ok(char::REPLACEMENT_CHARACTER)
        } else {
            bad(self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: Rules = Rules {
        max_depth: 8,
        unique_keys: true,
        elide_deep: false,
        replace_lone_surrogates: false,
    };

    fn reason(text: &str) -> (String, Option<String>) {
        let e = parse(text, RULES).unwrap_err();
        (e.reason, e.key)
    }

    #[test]
    fn reads_numbers_exactly() {
        let f = |t: &str| match parse(t, RULES).unwrap() {
            Value::Number(Number::F64(f)) => f,
            other => panic!("{other:?}"),
        };
        assert_eq!(f("999999.9999999999"), 999999.9999999999);
        assert_eq!(f("9.999999999999999e-05"), 9.999999999999999e-05);
        assert_eq!(f("-0.0").to_bits(), (-0.0f64).to_bits());
        assert!(matches!(
            parse("18446744073709551616", RULES),
            Ok(Value::Number(Number::F64(_)))
        ));
        assert!(matches!(
            parse("-5", RULES),
            Ok(Value::Number(Number::I64(-5)))
        ));
        assert_eq!(reason("1e400").0, "number out of range");
        assert_eq!(reason("01").0, "a number does not start with 0");
        assert_eq!(reason("1.").0, "expected a digit after the decimal point");
    }

    #[test]
    fn strings_escapes_and_keys() {
        let v = parse(r#"{"a":"\u00e9\ud83d\ude00\n\/"}"#, RULES).unwrap();
        let Value::Object(o) = v else { panic!() };
        assert!(matches!(o.get("a"), Some(Value::String(s)) if s == "é😀\n/"));
        assert_eq!(
            reason(r#"{"country":"\ud800"}"#),
            ("invalid \\u escape".into(), Some("country".into()))
        );
        assert_eq!(
            reason("\"a\u{1}\"").0,
            "a control character in a string (escape it)"
        );
        assert_eq!(
            reason(r#"{"orgRole":"a","orgRole":"b"}"#),
            ("the key is given twice".into(), Some("orgRole".into()))
        );
        let last = Rules {
            unique_keys: false,
            ..RULES
        };
        assert!(parse(r#"{"a":1,"a":2}"#, last).is_ok());
    }

    #[test]
    fn lone_surrogates_read_as_go_reads_them_or_are_refused() {
        let go = Rules {
            replace_lone_surrogates: true,
            ..RULES
        };
        let read = |text: &str| match parse(text, go) {
            Ok(Value::String(s)) => s,
            other => panic!("{text}: {other:?}"),
        };
        // What Go's encoding/json reads for each (json.Unmarshal into a string).
        for (text, want) in [
            (r#""\ud83d""#, "\u{fffd}"),
            (r#""\ude00x""#, "\u{fffd}x"),
            (r#""a\ud83d\u0041""#, "a\u{fffd}A"),
            (r#""\ud83d\ud83d\ude00""#, "\u{fffd}😀"),
            (r#""\ude00\ud83d""#, "\u{fffd}\u{fffd}"),
            (r#""\ud83d\n""#, "\u{fffd}\n"),
            (r#""\ud83d\ude00""#, "😀"),
            (r#""\udbff\udfff""#, "\u{10ffff}"),
        ] {
            assert_eq!(read(text), want, "{text}");
        }
        // An escape after a lone high surrogate is still checked on its own.
        assert_eq!(
            parse(r#""\ud83d\u12""#, go).unwrap_err(),
            SyntaxError {
                offset: 7,
                key: None,
                reason: "invalid \\u escape".into()
            }
        );
        for text in [
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83d\u0041""#,
            r#""\ud83d\ud83d""#,
        ] {
            let e = parse(text, RULES).unwrap_err();
            assert_eq!(
                (e.offset, e.reason.as_str()),
                (1, "invalid \\u escape"),
                "{text}"
            );
        }
    }

    #[test]
    fn structure_depth_and_trailing_text() {
        assert_eq!(reason("[1,]").0, "expected a value");
        assert_eq!(reason("{\"a\" 1}").0, "expected ':' after the key");
        assert_eq!(reason("{} x").0, "unexpected text after the value");
        assert_eq!(reason("NaN").0, "expected a value");
        let deep = "[".repeat(9) + &"]".repeat(9);
        assert_eq!(reason(&deep).0, "nested more than 8 levels deep");
        assert!(parse(&("[".repeat(8) + &"]".repeat(8)), RULES).is_ok());
        // A million levels: refused at the cap, without recursing that deep.
        assert!(parse(&"[".repeat(1_000_000), RULES).is_err());
        let elide = Rules {
            elide_deep: true,
            ..RULES
        };
        let deep = format!(
            "[1,{}\"]\"{}]",
            "[".repeat(1_000_000),
            "]".repeat(1_000_000)
        );
        let Ok(Value::Array(a)) = parse(&deep, elide) else {
            panic!("not read")
        };
        assert!(matches!(&a[1], Value::Array(_)));
        assert!(parse(&format!("[{}]", "[".repeat(100)), elide).is_err());
    }
}
