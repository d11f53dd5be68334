//! The predefined functions of Go templates (plus the official CLI's two), and `printf`.

use super::value::{fmt_v, V};
use crate::gofmt::{float_g, quote};

/// Why a call failed: wrong arity (reported bare) or an error the function returned.
pub(crate) enum CallError {
    Arity(String),
    Failed(String),
}

const NAMES: [&str; 21] = [
    "and",
    "call",
    "eq",
    "formatAliases",
    "ge",
    "gt",
    "html",
    "index",
    "js",
    "le",
    "len",
    "lt",
    "ne",
    "not",
    "or",
    "print",
    "printf",
    "println",
    "slice",
    "urlquery",
    "valueOrEmptySlice",
];

/// Whether `name` is a function templates may call.
pub(crate) fn exists(name: &str) -> bool {
    NAMES.contains(&name)
}

fn arity(name: &str, want: usize, got: usize) -> Result<(), CallError> {
    if want == got {
        Ok(())
    } else {
        Err(CallError::Arity(format!(
            "wrong number of args for {name}: want {want} got {got}"
        )))
    }
}

fn failed<T>(msg: impl Into<String>) -> Result<T, CallError> {
    Err(CallError::Failed(msg.into()))
}

/// Calls `name` with evaluated arguments (`and`/`or` are handled lazily by the executor).
pub(crate) fn call(name: &str, args: Vec<V>) -> Result<V, CallError> {
    let n = args.len();
    match name {
        "not" => {
            arity(name, 1, n)?;
            Ok(V::Bool(!args[0].truth()))
        }
        "len" => {
            arity(name, 1, n)?;
            match args[0].indirect() {
                Some(V::Str(s)) => Ok(V::Int(s.len() as i64)),
                Some(V::Slice { items, .. }) => Ok(V::Int(items.len() as i64)),
                _ => failed(format!("len of type {}", args[0].type_name())),
            }
        }
        "index" => index(&args),
        "slice" => slice(&args),
        "print" => Ok(V::Str(sprint(&args))),
        "println" => Ok(V::Str(sprintln(&args))),
        "printf" => printf(&args),
        "eq" => eq(&args),
        "ne" | "lt" | "le" | "gt" | "ge" => ordered(name, &args),
        "html" => Ok(V::Str(html(&eval_args(&args)))),
        "js" => Ok(V::Str(js(&eval_args(&args)))),
        "urlquery" => Ok(V::Str(crate::gofmt::query_escape(&eval_args(&args)))),
        "call" => failed(format!(
            "non-function {} of type {}",
            args.first().map_or("<nil>".into(), |a| a.print()),
            args.first().map_or("<nil>".into(), V::type_name)
        )),
        "valueOrEmptySlice" => {
            arity(name, 1, n)?;
            Ok(match &args[0] {
                V::Slice { nil: true, .. } | V::Ptr { nil: true, .. } => V::Nil,
                v => v.clone(),
            })
        }
        "formatAliases" => format_aliases(&args),
        _ => failed(format!("function \"{name}\" not defined")),
    }
}

/// `index x i j ...`: element of a slice or byte of a string, step by step.
fn index(args: &[V]) -> Result<V, CallError> {
    let n = args.len();
    if n == 0 {
        return Err(CallError::Arity(
            "wrong number of args for index: want at least 1 got 0".into(),
        ));
    }
    let mut v = args[0].clone();
    for key in &args[1..] {
        v = match (v.indirect(), key) {
            (Some(V::Slice { items, .. }), V::Int(i)) => {
                match usize::try_from(*i).ok().and_then(|i| items.get(i)) {
                    Some(x) => x.clone(),
                    None => return failed(out_of_range(*i, items.len(), "slice")),
                }
            }
            (Some(V::Str(s)), V::Int(i)) => {
                match usize::try_from(*i).ok().and_then(|i| s.as_bytes().get(i)) {
                    Some(b) => V::Int(i64::from(*b)),
                    None => return failed(out_of_range(*i, s.len(), "string")),
                }
            }
            (Some(V::Slice { .. } | V::Str(_)), k) => {
                return failed(format!(
                    "cannot index slice/array with type {}",
                    k.type_name()
                ))
            }
            (None, _) => return failed("index of untyped nil"),
            (Some(other), _) => {
                return failed(format!("can't index item of type {}", other.type_name()))
            }
        };
    }
    Ok(v)
}

/// `slice x lo hi max`: a sub-slice or substring.
fn slice(args: &[V]) -> Result<V, CallError> {
    let n = args.len();
    if n == 0 {
        return Err(CallError::Arity(
            "wrong number of args for slice: want at least 1 got 0".into(),
        ));
    }
    let idx: Vec<i64> = args[1..]
        .iter()
        .map(|a| match a {
            V::Int(i) => Ok(*i),
            o => Err(CallError::Failed(format!(
                "cannot index slice/array with type {}",
                o.type_name()
            ))),
        })
        .collect::<Result<_, _>>()?;
    let len = match args[0].indirect() {
        Some(V::Str(s)) => s.len(),
        Some(V::Slice { items, .. }) => items.len(),
        _ => return failed(format!("can't slice item of type {}", args[0].type_name())),
    } as i64;
    if idx.len() > 3 || (idx.len() == 3 && matches!(args[0].indirect(), Some(V::Str(_)))) {
        return failed("too many slice indexes");
    }
    let lo = idx.first().copied().unwrap_or(0);
    let hi = idx.get(1).copied().unwrap_or(len);
    if lo < 0 || hi < lo || hi > len {
        return failed(format!(
            "index out of range: {}",
            if lo < 0 || lo > len { lo } else { hi }
        ));
    }
    match args[0].indirect() {
        Some(V::Str(s)) => match s.get(lo as usize..hi as usize) {
            Some(sub) => Ok(V::Str(sub.to_string())),
            None => failed("slice splits a UTF-8 character"),
        },
        Some(V::Slice { items, elem, .. }) => Ok(V::Slice {
            items: items[lo as usize..hi as usize].to_vec(),
            elem,
            nil: false,
        }),
        _ => failed(format!("can't slice item of type {}", args[0].type_name())),
    }
}

/// `printf format args...`.
fn printf(args: &[V]) -> Result<V, CallError> {
    let Some(V::Str(f)) = args.first() else {
        return failed(format!(
            "wrong type for value; expected string; got {}",
            args.first().map_or("<nil>".into(), V::type_name)
        ));
    };
    Ok(V::Str(sprintf(f, &args[1..])))
}

/// `eq a b c ...`: whether `a` equals any of the others.
fn eq(args: &[V]) -> Result<V, CallError> {
    let n = args.len();
    if n < 2 {
        return Err(CallError::Arity(format!(
            "wrong number of args for eq: want at least 2 got {n}"
        )));
    }
    for b in &args[1..] {
        if compare(&args[0], b)? == std::cmp::Ordering::Equal {
            return Ok(V::Bool(true));
        }
    }
    Ok(V::Bool(false))
}

/// `ne`, `lt`, `le`, `gt`, `ge` on two values.
fn ordered(name: &str, args: &[V]) -> Result<V, CallError> {
    let n = args.len();
    arity(name, 2, n)?;
    if name != "ne" && basic(&args[0]).is_none() {
        return failed("invalid type for comparison");
    }
    let o = compare(&args[0], &args[1])?;
    Ok(V::Bool(match name {
        "ne" => o.is_ne(),
        "lt" => o.is_lt(),
        "le" => o.is_le(),
        "gt" => o.is_gt(),
        _ => o.is_ge(),
    }))
}

/// The official CLI's `formatAliases`: ` [aliases: a, b]`, or nothing for none.
fn format_aliases(args: &[V]) -> Result<V, CallError> {
    let n = args.len();
    let name = "formatAliases";
    arity(name, 1, n)?;
    match &args[0] {
        V::Slice { items, .. } if items.is_empty() => Ok(V::Str(String::new())),
        V::Slice { items, .. } => Ok(V::Str(format!(
            " [aliases: {}]",
            items.iter().map(V::print).collect::<Vec<_>>().join(", ")
        ))),
        other => failed(format!(
            "wrong type for value; expected []string; got {}",
            other.type_name()
        )),
    }
}

/// Go's two messages: its own check lets an index equal to the length through, and
/// reflect then panics.
fn out_of_range(i: i64, len: usize, what: &str) -> String {
    if i == len as i64 {
        format!("reflect: {what} index out of range")
    } else {
        format!("index out of range: {i}")
    }
}

/// A basic value for comparison: bool, integer, float or string.
enum Basic<'a> {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

fn basic(v: &V) -> Option<Basic<'_>> {
    match v {
        V::Bool(b) => Some(Basic::Bool(*b)),
        V::Int(i) => Some(Basic::Int(*i)),
        V::Float(f) => Some(Basic::Float(*f)),
        V::Str(s) => Some(Basic::Str(s)),
        _ => None,
    }
}

fn compare(a: &V, b: &V) -> Result<std::cmp::Ordering, CallError> {
    use std::cmp::Ordering::*;
    match (basic(a), basic(b)) {
        (Some(Basic::Bool(x)), Some(Basic::Bool(y))) => Ok(x.cmp(&y)),
        (Some(Basic::Int(x)), Some(Basic::Int(y))) => Ok(x.cmp(&y)),
        (Some(Basic::Float(x)), Some(Basic::Float(y))) => Ok(x.partial_cmp(&y).unwrap_or(Less)),
        (Some(Basic::Str(x)), Some(Basic::Str(y))) => Ok(x.cmp(y)),
        (Some(_), Some(_)) => failed("incompatible types for comparison"),
        // Non-basic values: equal only if both are nil (Go compares pointers by address).
        _ => match (a, b) {
            (V::Nil, V::Nil) => Ok(Equal),
            (V::Ptr { nil: true, .. } | V::Nil, V::Ptr { nil: true, .. } | V::Nil)
                if a.type_name() == b.type_name() || matches!(a, V::Nil) || matches!(b, V::Nil) =>
            {
                Ok(Equal)
            }
            _ if a.type_name() != b.type_name() => failed("incompatible types for comparison"),
            (V::Ptr { .. }, V::Ptr { .. }) => Ok(Less),
            _ => failed("non-comparable type"),
        },
    }
}

/// The single string the escaping functions work on: fmt.Sprint of the arguments.
fn eval_args(args: &[V]) -> String {
    if let [V::Str(s)] = args {
        return s.clone();
    }
    sprint(args)
}

/// fmt.Sprint: operands printed with %v, spaces between operands when neither is a string.
pub(crate) fn sprint(args: &[V]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !matches!(a, V::Str(_)) && !matches!(args[i - 1], V::Str(_)) {
            out.push(' ');
        }
        out.push_str(&fmt_v(a, false, 0));
    }
    out
}

/// fmt.Sprintln: operands with %v separated by spaces, then a newline.
pub(crate) fn sprintln(args: &[V]) -> String {
    let parts: Vec<String> = args.iter().map(|a| fmt_v(a, false, 0)).collect();
    format!("{}\n", parts.join(" "))
}

fn html(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn js(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            '\n' => out.push_str("\\u000A"),
            '\r' => out.push_str("\\u000D"),
            '\t' => out.push_str("\\u0009"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// One parsed `%` directive.
#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// fmt.Sprintf for the verbs templates use: v, +v, T, s, q, d, t, x, X, o, b, c, e, f, g, %.
pub(crate) fn sprintf(format: &str, args: &[V]) -> String {
    let mut out = String::new();
    let mut next = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '#' => spec.sharp = true,
                ' ' => spec.space = true,
                '0' => spec.zero = true,
                _ => break,
            }
            chars.next();
        }
        let mut num = |chars: &mut std::iter::Peekable<std::str::Chars>| -> Option<usize> {
            if chars.peek() == Some(&'*') {
                chars.next();
                let v = match args.get(next) {
                    Some(V::Int(i)) => Some((*i).clamp(0, 10_000) as usize),
                    _ => None,
                };
                next += 1;
                return v;
            }
            let mut n: Option<usize> = None;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = Some((n.unwrap_or(0) * 10 + d as usize).min(10_000));
                chars.next();
            }
            n
        };
        spec.width = num(&mut chars);
        if chars.peek() == Some(&'.') {
            chars.next();
            spec.prec = Some(num(&mut chars).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next += 1;
        out.push_str(&directive(verb, &spec, arg));
    }
    if next < args.len() {
        let extra: Vec<String> = args[next..]
            .iter()
            .map(|a| format!("{}={}", a.type_name(), fmt_v(a, false, 0)))
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

fn pad(s: String, spec: &Spec, numeric: bool) -> String {
    let len = s.chars().count();
    let Some(w) = spec.width.filter(|w| *w > len) else {
        return s;
    };
    let fill = w - len;
    if spec.minus {
        return format!("{s}{}", " ".repeat(fill));
    }
    if spec.zero && numeric {
        let (sign, digits) = match s.strip_prefix(['-', '+']) {
            Some(d) => (&s[..1], d),
            None => ("", s.as_str()),
        };
        return format!("{sign}{}{digits}", "0".repeat(fill));
    }
    format!("{}{s}", " ".repeat(fill))
}

fn bad(verb: char, arg: &V) -> String {
    format!("%!{verb}({}={})", arg.type_name(), fmt_v(arg, false, 0))
}

fn directive(verb: char, spec: &Spec, arg: &V) -> String {
    let signed = |i: i64, body: String| -> String {
        if i >= 0 && spec.plus {
            format!("+{body}")
        } else if i >= 0 && spec.space {
            format!(" {body}")
        } else {
            body
        }
    };
    match (verb, arg) {
        ('v', _) => pad(fmt_v(arg, spec.plus, 0), spec, false),
        ('T', _) => pad(arg.type_name(), spec, false),
        ('s', V::Str(s)) => pad(truncate(s, spec.prec), spec, false),
        ('s', V::Time(_) | V::Struct { .. } | V::Slice { .. }) => {
            pad(fmt_v(arg, false, 0), spec, false)
        }
        ('s', V::Ptr { target, nil: false })
            if matches!(**target, V::Time(_) | V::Struct { .. }) =>
        {
            pad(fmt_v(arg, false, 0), spec, false)
        }
        ('q', V::Str(s)) => pad(quote(s), spec, false),
        ('q', V::Int(i)) => pad(
            format!("'{}'", char::from_u32(*i as u32).unwrap_or('\u{FFFD}')),
            spec,
            false,
        ),
        ('t', V::Bool(b)) => pad(b.to_string(), spec, false),
        ('d', V::Int(i)) => pad(signed(*i, i.to_string()), spec, true),
        ('b', V::Int(i)) => pad(
            signed(
                *i,
                format!("{}{:b}", if *i < 0 { "-" } else { "" }, i.unsigned_abs()),
            ),
            spec,
            true,
        ),
        ('o', V::Int(i)) => pad(
            signed(
                *i,
                format!(
                    "{}{}{:o}",
                    if *i < 0 { "-" } else { "" },
                    if spec.sharp { "0" } else { "" },
                    i.unsigned_abs()
                ),
            ),
            spec,
            true,
        ),
        ('x' | 'X', V::Int(i)) => {
            let h = format!("{:x}", i.unsigned_abs());
            let h = if verb == 'X' { h.to_uppercase() } else { h };
            let prefix = if spec.sharp {
                if verb == 'X' {
                    "0X"
                } else {
                    "0x"
                }
            } else {
                ""
            };
            pad(
                signed(*i, format!("{}{prefix}{h}", if *i < 0 { "-" } else { "" })),
                spec,
                true,
            )
        }
        ('x' | 'X', V::Str(s)) => {
            let h: String = s.bytes().map(|b| format!("{b:02x}")).collect();
            pad(if verb == 'X' { h.to_uppercase() } else { h }, spec, false)
        }
        ('c', V::Int(i)) => pad(
            char::from_u32(*i as u32).unwrap_or('\u{FFFD}').to_string(),
            spec,
            false,
        ),
        ('U', V::Int(i)) => pad(format!("U+{:04X}", i), spec, false),
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G', V::Float(f)) => pad(float(verb, *f, spec), spec, true),
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G', V::Int(_)) => bad(verb, arg),
        _ => bad(verb, arg),
    }
}

fn truncate(s: &str, prec: Option<usize>) -> String {
    match prec {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    }
}

fn float(verb: char, f: f64, spec: &Spec) -> String {
    let sign = if f >= 0.0 && spec.plus {
        "+"
    } else if f >= 0.0 && spec.space {
        " "
    } else {
        ""
    };
    let body = match verb {
        'f' | 'F' => format!("{:.*}", spec.prec.unwrap_or(6), f),
        'e' | 'E' => {
            let s = format!("{:.*e}", spec.prec.unwrap_or(6), f);
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let e: i32 = e.parse().unwrap_or(0);
            let s = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
            if verb == 'E' {
                s.to_uppercase()
            } else {
                s
            }
        }
        _ => match spec.prec {
            None => float_g(f),
            Some(p) => {
                let p = p.max(1);
                let exp = if f == 0.0 {
                    0
                } else {
                    f.abs().log10().floor() as i32
                };
                if exp < -4 || exp >= p as i32 {
                    let s = format!("{:.*e}", p - 1, f);
                    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                    let m = if m.contains('.') {
                        m.trim_end_matches('0').trim_end_matches('.')
                    } else {
                        m
                    };
                    let e: i32 = e.parse().unwrap_or(0);
                    format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
                } else {
                    let s = format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, f);
                    if s.contains('.') {
                        s.trim_end_matches('0').trim_end_matches('.').to_string()
                    } else {
                        s
                    }
                }
            }
        },
    };
    format!("{sign}{body}")
}
