//! Go's `fmt` (Sprint, Sprintln, Sprintf) over template values, following the structure
//! of Go's `fmt/print.go` and `fmt/format.go`: `print_arg` at the top, `print_value` for
//! what is inside, verbs applied element by element to slices and field by field to
//! structs, `%!verb(type=value)` for a verb that does not fit (keeping the directive's
//! width and flags, as Go does), Stringers (`time.Time`, `time.Month`, `time.Weekday`)
//! for the string verbs, and pointers as addresses in the verb's base.
//!
//! Go prints real heap addresses; ours are stand-ins numbered within one call, so the same
//! value prints the same however much was printed before. `%#v` (Go syntax) prints as
//! `%v`.

use super::value::V;
use crate::gostd::{can_backquote, format_float, quote};

/// The first stand-in heap address; each printed pointer takes the next one.
const FIRST_ADDR: u64 = 0xc000010000;
const LDIGITS: &[u8; 17] = b"0123456789abcdefx";
const UDIGITS: &[u8; 17] = b"0123456789ABCDEFX";

/// One directive's flags, width and precision (Go's `fmt.fmtFlags` plus `wid`, `prec`).
#[derive(Default, Clone, Copy)]
struct Flags {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    plus_v: bool,
    wid: Option<usize>,
    prec: Option<usize>,
}

/// Go's `pp`: the output, the current directive's flags, and the address counter.
struct Printer {
    buf: String,
    f: Flags,
    erroring: bool,
    addr: u64,
}

/// `fmt.Sprint`: operands in `%v`, a space between two that are not strings.
pub(crate) fn sprint(args: &[V]) -> String {
    let mut p = Printer::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let is_string = matches!(a, V::Str(_));
        if i > 0 && !is_string && !prev_string {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v');
        prev_string = is_string;
    }
    p.buf
}

/// `fmt.Sprintln`: operands in `%v`, always separated by spaces, then a newline.
pub(crate) fn sprintln(args: &[V]) -> String {
    let mut p = Printer::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v');
    }
    p.buf.push('\n');
    p.buf
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// `fmt.Sprintf`.
pub(crate) fn sprintf(format: &str, args: &[V]) -> String {
    let mut p = Printer::new();
    let mut next = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            p.buf.push(c);
            continue;
        }
        p.f = Flags::default();
        p.flags(&mut chars);
        p.width_and_precision(&mut chars, args, &mut next);
        let Some(verb) = chars.next() else {
            p.buf.push_str("%!(NOVERB)");
            break;
        };
        match verb {
            '%' => p.buf.push('%'),
            _ if next >= args.len() => {
                p.buf.push_str(&format!("%!{verb}(MISSING)"));
            }
            _ => {
                if verb == 'v' {
                    // `%+v` names struct fields; `%#v` (Go syntax) prints as `%v`.
                    p.f.plus_v = p.f.plus;
                    p.f.plus = false;
                    p.f.sharp = false;
                }
                p.print_arg(&args[next], verb);
                next += 1;
            }
        }
    }
    if next < args.len() {
        p.extra(&args[next..]);
    }
    p.buf
}

impl Printer {
    /// The flags after `%`: `#`, `0`, `+`, `-` and space.
    fn flags(&mut self, chars: &mut Chars<'_>) {
        while let Some(&c) = chars.peek() {
            match c {
                '#' => self.f.sharp = true,
                '0' => self.f.zero = !self.f.minus,
                '+' => self.f.plus = true,
                '-' => {
                    self.f.minus = true;
                    self.f.zero = false;
                }
                ' ' => self.f.space = true,
                _ => break,
            }
            chars.next();
        }
    }

    /// The width and `.precision`: numbers, or `*` taking an int operand.
    fn width_and_precision(&mut self, chars: &mut Chars<'_>, args: &[V], next: &mut usize) {
        if chars.peek() == Some(&'*') {
            chars.next();
            match int_arg(args.get(*next)) {
                Some(w) => {
                    if w < 0 {
                        self.f.minus = true;
                        self.f.zero = false;
                    }
                    self.f.wid = Some(w.unsigned_abs().min(1_000_000) as usize);
                }
                None => self.buf.push_str("%!(BADWIDTH)"),
            }
            *next += 1;
        } else {
            self.f.wid = number(chars);
        }
        if chars.peek() != Some(&'.') {
            return;
        }
        chars.next();
        if chars.peek() == Some(&'*') {
            chars.next();
            match int_arg(args.get(*next)) {
                Some(n) if n >= 0 => self.f.prec = Some(n.min(1_000_000) as usize),
                Some(_) => self.f.prec = None,
                None => self.buf.push_str("%!(BADPREC)"),
            }
            *next += 1;
        } else {
            self.f.prec = Some(number(chars).unwrap_or(0));
        }
    }

    /// `%!(EXTRA type=value, ...)` for operands no verb used.
    fn extra(&mut self, args: &[V]) {
        self.f = Flags::default();
        self.buf.push_str("%!(EXTRA ");
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                self.buf.push_str(", ");
            }
            if matches!(a, V::Nil) {
                self.buf.push_str("<nil>");
            } else {
                self.buf.push_str(&a.type_name());
                self.buf.push('=');
                self.print_arg(a, 'v');
            }
        }
        self.buf.push(')');
    }
}

/// A `*` width or precision: an int operand.
fn int_arg(v: Option<&V>) -> Option<i64> {
    match v {
        Some(V::Int(i) | V::IntOf(_, i)) => Some(*i),
        _ => None,
    }
}

fn number(chars: &mut Chars<'_>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        n = Some((n.unwrap_or(0) * 10 + d as usize).min(1_000_000));
        chars.next();
    }
    n
}

/// The text an action prints: pointers followed (a nil one prints `<nil>`), then Go's
/// `fmt.Fprint`, as text/template's `printableValue` does.
pub(crate) fn printable(v: &V) -> String {
    if let V::Nil = v {
        return "<no value>".into();
    }
    let mut v = v;
    while let V::Ptr { target, nil: false } = v {
        v = target;
    }
    sprint_one(v)
}

/// `%v` of one value, as text/template prints an action's value and Go's `%v` does.
pub(crate) fn sprint_one(v: &V) -> String {
    sprint(std::slice::from_ref(v))
}

impl Printer {
    fn new() -> Printer {
        Printer {
            buf: String::new(),
            f: Flags::default(),
            erroring: false,
            addr: FIRST_ADDR,
        }
    }

    /// Go's `printArg`: the operand itself (depth 0).
    fn print_arg(&mut self, arg: &V, verb: char) {
        if let V::Nil = arg {
            match verb {
                'T' | 'v' => self.pad_str("<nil>"),
                _ => self.bad_verb(verb, arg),
            }
            return;
        }
        if verb == 'T' {
            let name = arg.type_name();
            self.fmt_s(&name);
            return;
        }
        if verb == 'p' {
            self.fmt_pointer(arg, 'p');
            return;
        }
        if !self.handle_methods(arg, verb) {
            self.print_value(arg, verb, 0);
        }
    }

    /// Go's `handleMethods` for our Stringers: `time.Time` (and a pointer to one, nil
    /// printing `<nil>`), `time.Month` and `time.Weekday`, for the string verbs.
    fn handle_methods(&mut self, v: &V, verb: char) -> bool {
        if self.erroring || !matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
            return false;
        }
        let s = match v {
            V::Time(t) => t.go_string(),
            V::Ptr { target, nil } if matches!(**target, V::Time(_)) => {
                if *nil {
                    // Go's String panics on a nil receiver; fmt writes <nil>, unpadded.
                    self.buf.push_str("<nil>");
                    return true;
                }
                match &**target {
                    V::Time(t) => t.go_string(),
                    _ => return false,
                }
            }
            V::IntOf(ty, i) => match stringer(ty, *i) {
                Some(s) => s,
                None => return false,
            },
            _ => return false,
        };
        self.fmt_string(&s, verb);
        true
    }

    /// Go's `printValue`: a value inside another (depth > 0), or one without methods.
    fn print_value(&mut self, v: &V, verb: char, depth: usize) {
        if depth > 0 && self.handle_methods(v, verb) {
            return;
        }
        match v {
            V::Nil => match verb {
                'v' if depth > 0 => self.pad_str("<nil>"),
                _ if depth > 0 => self.bad_verb(verb, v),
                _ => self.fmt_s("<invalid reflect.Value>"),
            },
            V::Bool(b) => self.fmt_bool(*b, verb, v),
            V::Int(i) | V::IntOf(_, i) => self.fmt_integer(*i as u64, true, verb, v),
            V::Float(f) => self.fmt_float(*f, verb, v),
            V::Str(s) => self.fmt_string(s, verb),
            V::Time(t) => {
                // Printed through its unexported fields {wall ext loc}; loc is nil for UTC.
                let parts = [
                    V::IntOf("uint64", i64::from(t.nanos)),
                    V::IntOf("int64", t.unix() + 62_135_596_800),
                    V::nil_ptr(V::Struct {
                        ty: "time.Location",
                        fields: Vec::new(),
                    }),
                ];
                self.buf.push('{');
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    if self.f.plus_v {
                        self.buf.push_str(["wall:", "ext:", "loc:"][i]);
                    }
                    self.print_value(part, verb, depth + 1);
                }
                self.buf.push('}');
            }
            V::Struct { fields, .. } => {
                self.buf.push('{');
                for (i, (name, field)) in fields.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    if self.f.plus_v {
                        self.buf.push_str(name);
                        self.buf.push(':');
                    }
                    self.print_value(field, verb, depth + 1);
                }
                self.buf.push('}');
            }
            V::Slice { items, .. } => {
                self.buf.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    self.print_value(item, verb, depth + 1);
                }
                self.buf.push(']');
            }
            V::Ptr { target, nil } => {
                let composite = matches!(**target, V::Struct { .. } | V::Slice { .. } | V::Time(_));
                if depth == 0 && !nil && composite {
                    self.buf.push('&');
                    self.print_value(target, verb, depth + 1);
                    return;
                }
                self.fmt_pointer(v, verb);
            }
        }
    }

    /// `%!verb(type=value)`, the value in `%v` with the directive's flags still set.
    fn bad_verb(&mut self, verb: char, v: &V) {
        self.erroring = true;
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        if matches!(v, V::Nil) {
            self.buf.push_str("<nil>");
        } else {
            self.buf.push_str(&v.type_name());
            self.buf.push('=');
            self.print_arg(v, 'v');
        }
        self.buf.push(')');
        self.erroring = false;
    }

    /// A pointer: `<nil>` or its address, in the verb's base for the integer verbs.
    fn fmt_pointer(&mut self, v: &V, verb: char) {
        if !matches!(verb, 'v' | 'p' | 'b' | 'o' | 'd' | 'x' | 'X') {
            self.bad_verb(verb, v);
            return;
        }
        let u = match v {
            V::Ptr { nil: true, .. } => 0,
            V::Ptr { .. } => {
                let a = self.addr;
                self.addr += 0x10;
                a
            }
            _ => {
                self.bad_verb(verb, v);
                return;
            }
        };
        match verb {
            'v' if u == 0 => self.pad_str("<nil>"),
            'v' | 'p' => self.fmt_0x64(u, !self.f.sharp),
            _ => self.fmt_integer(u, false, verb, v),
        }
    }

    fn fmt_0x64(&mut self, u: u64, leading_0x: bool) {
        let sharp = self.f.sharp;
        self.f.sharp = leading_0x;
        self.integer(u, 16, false, 'v', LDIGITS);
        self.f.sharp = sharp;
    }

    fn fmt_bool(&mut self, b: bool, verb: char, v: &V) {
        match verb {
            't' | 'v' => self.pad_str(if b { "true" } else { "false" }),
            _ => self.bad_verb(verb, v),
        }
    }

    /// Go's `fmtInteger` of `pp`: the verb picks base and form.
    fn fmt_integer(&mut self, u: u64, signed: bool, verb: char, v: &V) {
        match verb {
            'v' | 'd' => self.integer(u, 10, signed, verb, LDIGITS),
            'b' => self.integer(u, 2, signed, verb, LDIGITS),
            'o' | 'O' => self.integer(u, 8, signed, verb, LDIGITS),
            'x' => self.integer(u, 16, signed, verb, LDIGITS),
            'X' => self.integer(u, 16, signed, verb, UDIGITS),
            'c' => {
                let c = char::from_u32(u as u32)
                    .filter(|_| u <= 0x10FFFF)
                    .unwrap_or('\u{FFFD}');
                self.pad_str(&c.to_string());
            }
            'q' => {
                let c = char::from_u32(u as u32)
                    .filter(|_| u <= 0x10FFFF)
                    .unwrap_or('\u{FFFD}');
                let quoted = quote_rune(c);
                self.pad_str(&if self.f.plus { ascii(&quoted) } else { quoted });
            }
            'U' => self.unicode(u),
            _ => self.bad_verb(verb, v),
        }
    }

    /// Go's `fmt.fmtInteger`: precision or zero padding as leading zeros, prefixes, sign.
    fn integer(&mut self, u: u64, base: u64, signed: bool, verb: char, digits: &[u8; 17]) {
        let negative = signed && (u as i64) < 0;
        let mut u = if negative {
            (u as i64).unsigned_abs()
        } else {
            u
        };
        let mut prec = 0;
        if let Some(p) = self.f.prec {
            prec = p;
            if p == 0 && u == 0 {
                let zero = self.f.zero;
                self.f.zero = false;
                self.padding(self.f.wid.unwrap_or(0));
                self.f.zero = zero;
                return;
            }
        } else if self.f.zero && self.f.wid.is_some() {
            prec = self.f.wid.unwrap_or(0);
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1);
            }
        }
        let mut out: Vec<u8> = Vec::new();
        loop {
            out.push(digits[(u % base) as usize]);
            u /= base;
            if u == 0 {
                break;
            }
        }
        while out.len() < prec {
            out.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => out.extend_from_slice(b"b0"),
                8 if out.last() != Some(&b'0') => out.push(b'0'),
                16 => {
                    out.push(digits[16]);
                    out.push(b'0');
                }
                _ => {}
            }
        }
        if verb == 'O' {
            out.extend_from_slice(b"o0");
        }
        if negative {
            out.push(b'-');
        } else if self.f.plus {
            out.push(b'+');
        } else if self.f.space {
            out.push(b' ');
        }
        out.reverse();
        let zero = self.f.zero;
        self.f.zero = false;
        self.pad(&String::from_utf8_lossy(&out));
        self.f.zero = zero;
    }

    /// `%U`: `U+0041`, with `%#U` also the quoted character.
    fn unicode(&mut self, u: u64) {
        let prec = self.f.prec.unwrap_or(4).max(4);
        let mut s = format!("U+{:0prec$X}", u, prec = prec);
        if self.f.sharp {
            if let Some(c) = char::from_u32(u as u32).filter(|c| !c.is_control()) {
                s.push_str(&format!(" '{c}'"));
            }
        }
        let zero = self.f.zero;
        self.f.zero = false;
        self.pad(&s);
        self.f.zero = zero;
    }

    /// Go's `fmtFloat` of `pp` and `fmt`.
    fn fmt_float(&mut self, v: f64, verb: char, arg: &V) {
        let (verb, default_prec) = match verb {
            'v' => ('g', None),
            'b' | 'g' | 'G' | 'x' | 'X' => (verb, None),
            'f' | 'F' | 'e' | 'E' => (verb, Some(6)),
            _ => {
                self.bad_verb(verb, arg);
                return;
            }
        };
        let prec = self.f.prec.or(default_prec);
        let mut num = format_float(v, verb, prec);
        if !num.starts_with(['+', '-']) {
            num.insert(0, '+');
        }
        if self.f.sharp && verb != 'b' && v.is_finite() {
            num = sharp_float(&num, verb, prec);
        }
        if self.f.space && num.starts_with('+') && !self.f.plus {
            num.replace_range(..1, " ");
        }
        if v.is_infinite() || v.is_nan() {
            let zero = self.f.zero;
            self.f.zero = false;
            // No sign is shown for NaN or +Inf unless asked for.
            if num.starts_with('+') && !self.f.plus && !self.f.space {
                self.pad(&num[1..]);
            } else {
                self.pad(&num);
            }
            self.f.zero = zero;
            return;
        }
        if self.f.plus || !num.starts_with('+') {
            let len = num.chars().count();
            if let Some(w) = self.f.wid.filter(|w| self.f.zero && *w > len) {
                let sign = num.remove(0);
                self.buf.push(sign);
                self.padding(w - len);
                self.buf.push_str(&num);
                return;
            }
            self.pad(&num);
            return;
        }
        self.pad(&num[1..]);
    }

    /// Go's `fmtString` of `pp`.
    fn fmt_string(&mut self, s: &str, verb: char) {
        match verb {
            'v' | 's' => self.fmt_s(s),
            'x' => self.fmt_sx(s, LDIGITS),
            'X' => self.fmt_sx(s, UDIGITS),
            'q' => self.fmt_q(s),
            _ => self.bad_verb(verb, &V::Str(s.to_string())),
        }
    }

    /// `%s`: the string cut to the precision (in characters), padded.
    fn fmt_s(&mut self, s: &str) {
        let s: String = match self.f.prec {
            Some(p) => s.chars().take(p).collect(),
            None => s.to_string(),
        };
        self.pad_str(&s);
    }

    /// `%x` of a string: hex of its bytes, spaced with ` `, prefixed with `#`.
    fn fmt_sx(&mut self, s: &str, digits: &[u8; 17]) {
        let bytes = s.as_bytes();
        let length = self.f.prec.map_or(bytes.len(), |p| p.min(bytes.len()));
        let mut width = 2 * length;
        if width > 0 {
            if self.f.space {
                if self.f.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.f.sharp {
                width += 2;
            }
        } else {
            if let Some(w) = self.f.wid {
                self.padding(w);
            }
            return;
        }
        let wid = self.f.wid.unwrap_or(0);
        if wid > width && !self.f.minus {
            self.padding(wid - width);
        }
        let prefix = [b'0', digits[16]];
        if self.f.sharp {
            self.buf
                .push_str(std::str::from_utf8(&prefix).unwrap_or_default());
        }
        for (i, b) in bytes[..length].iter().enumerate() {
            if self.f.space && i > 0 {
                self.buf.push(' ');
                if self.f.sharp {
                    self.buf
                        .push_str(std::str::from_utf8(&prefix).unwrap_or_default());
                }
            }
            self.buf.push(digits[(b >> 4) as usize] as char);
            self.buf.push(digits[(b & 0xF) as usize] as char);
        }
        if wid > width && self.f.minus {
            self.padding(wid - width);
        }
    }

    /// `%q`: a Go string literal; `%#q` a raw one when it can be; `%+q` ASCII only.
    fn fmt_q(&mut self, s: &str) {
        let s: String = match self.f.prec {
            Some(p) => s.chars().take(p).collect(),
            None => s.to_string(),
        };
        if self.f.sharp && can_backquote(&s) {
            self.pad_str(&format!("`{s}`"));
        } else if self.f.plus {
            self.pad(&quote_ascii(&s));
        } else {
            self.pad(&quote(&s));
        }
    }

    /// Go's `padString`: width in characters, zeros when the zero flag is set.
    fn pad_str(&mut self, s: &str) {
        self.pad(s);
    }

    fn pad(&mut self, s: &str) {
        let len = s.chars().count();
        let wid = self.f.wid.unwrap_or(0);
        if wid <= len {
            self.buf.push_str(s);
            return;
        }
        if self.f.minus {
            self.buf.push_str(s);
            self.padding(wid - len);
        } else {
            self.padding(wid - len);
            self.buf.push_str(s);
        }
    }

    fn padding(&mut self, n: usize) {
        let c = if self.f.zero { '0' } else { ' ' };
        self.buf.extend(std::iter::repeat_n(c, n));
    }
}

/// What a named integer type's `String` method says, if it has one.
fn stringer(ty: &str, i: i64) -> Option<String> {
    use crate::gostd::{DAYS, MONTHS};
    match ty {
        "time.Month" => Some(
            match usize::try_from(i - 1).ok().and_then(|m| MONTHS.get(m)) {
                Some(m) => m.to_string(),
                None => format!("%!Month({i})"),
            },
        ),
        "time.Weekday" => Some(match usize::try_from(i).ok().and_then(|d| DAYS.get(d)) {
            Some(d) => d.to_string(),
            None => format!("%!Weekday({i})"),
        }),
        _ => None,
    }
}

/// `strconv.QuoteRune`.
fn quote_rune(c: char) -> String {
    let q = quote(&c.to_string());
    let inner = &q[1..q.len() - 1];
    match c {
        '\'' => "'\\''".to_string(),
        '"' => "'\"'".to_string(),
        _ => format!("'{inner}'"),
    }
}

/// `strconv.QuoteToASCII`.
fn quote_ascii(s: &str) -> String {
    ascii(&quote(s))
}

/// A quoted literal with every non-ASCII character as `\u` or `\U` escapes.
fn ascii(quoted: &str) -> String {
    let mut out = String::new();
    for c in quoted.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if (c as u32) < 0x10000 {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push_str(&format!("\\U{:08x}", c as u32));
        }
    }
    out
}

/// Go's `%#` for floats: a decimal point always, and for `%g`, `%v` and `%x` trailing
/// zeros up to the precision (6 when none is given). `num` starts with its sign.
fn sharp_float(num: &str, verb: char, prec: Option<usize>) -> String {
    let mut digits: i64 = match verb {
        'v' | 'g' | 'G' | 'x' => prec.map_or(6, |p| p as i64),
        _ => 0,
    };
    let mut body: String = num[..1].to_string();
    let mut tail = String::new();
    let mut has_point = false;
    let mut nonzero = false;
    let chars: Vec<char> = num.chars().collect();
    let mut i = 1;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '.' => has_point = true,
            'p' | 'P' => {
                tail = chars[i..].iter().collect();
                break;
            }
            'e' | 'E' if verb != 'x' && verb != 'X' => {
                tail = chars[i..].iter().collect();
                break;
            }
            _ => {
                if c != '0' {
                    nonzero = true;
                }
                if nonzero {
                    digits -= 1;
                }
            }
        }
        body.push(c);
        i += 1;
    }
    if !has_point {
        if body.len() == 2 && body.ends_with('0') {
            digits -= 1;
        }
        body.push('.');
    }
    while digits > 0 {
        body.push('0');
        digits -= 1;
    }
    body + &tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_like_go() {
        let s = |v: &str| V::Str(v.into());
        let i = V::Int;
        assert_eq!(
            sprintf(
                "%5.2f|%-6d|%06d|%x|%X|%#o",
                &[V::Float(1.23456), i(42), i(-42), i(255), i(255), i(8)]
            ),
            " 1.23|42    |-00042|ff|FF|010"
        );
        assert_eq!(
            sprintf("%s %q %v %d", &[s("a"), s("b\n"), V::Bool(true), s("x")]),
            "a \"b\\n\" true %!d(string=x)"
        );
        assert_eq!(
            sprintf("%8s|%-8s|%.2s", &[s("ab"), s("ab"), s("abc")]),
            "      ab|ab      |ab"
        );
        assert_eq!(sprintf("%-8s|", &[i(2026)]), "%!s(int=2026    )|");
        assert_eq!(
            sprintf("%.5d|%x|% x", &[i(1), s("hi"), s("hi")]),
            "00001|6869|68 69"
        );
        assert_eq!(sprintf("%d", &[V::slice(vec![i(1), i(2)], "int")]), "[1 2]");
        assert_eq!(
            sprintf("%g|%v", &[V::nil_slice("string"), V::Nil]),
            "[]|<nil>"
        );
        assert_eq!(sprintf("%d %d", &[i(1)]), "1 %!d(MISSING)");
        assert_eq!(sprintf("%d", &[i(1), s("x")]), "1%!(EXTRA string=x)");
        assert_eq!(sprintf("%x", &[V::Float(1.5)]), "0x1.8p+00");
        assert_eq!(sprintf("%b", &[V::Float(1.0)]), "4503599627370496p-52");
        assert_eq!(
            sprintf(
                "%v %s %d",
                &[
                    V::IntOf("time.Month", 8),
                    V::IntOf("time.Month", 8),
                    V::IntOf("time.Month", 8)
                ]
            ),
            "August August 8"
        );
        assert_eq!(
            sprintf("%U %c %q", &[i(0x41), i(0x41), i(0x41)]),
            "U+0041 A 'A'"
        );
    }

    #[test]
    fn pointers_inside_values() {
        let p = V::ptr(V::Str("x".into()));
        let one = std::slice::from_ref(&p);
        assert_eq!(sprintf("%v", one), "0xc000010000");
        assert_eq!(sprintf("%x", one), "c000010000");
        assert_eq!(sprintf("%s", one), "%!s(*string=0xc000010000)");
        let st = V::ptr(V::Struct {
            ty: "admin.Link",
            fields: vec![
                ("Href", p),
                ("Rel", V::nil_ptr(V::Str(String::new()))),
                V::null_fields(),
            ],
        });
        assert_eq!(
            sprint(std::slice::from_ref(&st)),
            "&{0xc000010000 <nil> []}"
        );
        assert_eq!(
            sprintf("%+v", std::slice::from_ref(&st)),
            "&{Href:0xc000010000 Rel:<nil> NullFields:[]}"
        );
        assert_eq!(
            sprintf("%s", &[st]),
            "&{%!s(*string=0xc000010000) %!s(*string=<nil>) []}"
        );
    }

    #[test]
    fn printing_follows_pointers_like_text_template() {
        let link = V::Struct {
            ty: "admin.Link",
            fields: vec![
                ("Href", V::nil_ptr(V::Str(String::new()))),
                ("Rel", V::ptr(V::Str("self".into()))),
            ],
        };
        let printed = printable(&V::ptr(link.clone()));
        assert!(printed.starts_with("{<nil> 0xc0000"), "{printed}");
        // The same value prints the same, however much was printed before.
        assert_eq!(printable(&V::ptr(link)), printed);
        assert_eq!(printable(&V::ptr(V::Str("x".into()))), "x");
        assert_eq!(printable(&V::nil_ptr(V::Str(String::new()))), "<nil>");
        assert!(!V::nil_slice("string").truth());
    }
}
