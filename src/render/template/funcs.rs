//! The predefined functions of Go templates (plus the official CLI's two), and `printf`.

use super::fmt::{printable, sprint, sprintf, sprintln};
use super::value::V;

/// Why a call failed: wrong arity (reported bare) or an error the function returned,
/// about its arguments' types or about the answer's contents (an index, a length).
pub(crate) enum CallError {
    Arity(String),
    Failed(String),
    OnAnswer(String),
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

/// A failure that another answer could avoid: an index out of range, a nil pointer.
fn failed_on_answer<T>(msg: impl Into<String>) -> Result<T, CallError> {
    Err(CallError::OnAnswer(msg.into()))
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
            // Go follows pointers here (and not in index or slice).
            match (&args[0], args[0].indirect()) {
                (V::Nil, _) => failed("reflect: call of reflect.Value.Type on zero Value"),
                (_, None) => failed_on_answer("len of nil pointer"),
                (_, Some(V::Str(s))) => Ok(V::Int(s.len() as i64)),
                (_, Some(V::Slice { items, .. })) => Ok(V::Int(items.len() as i64)),
                (_, Some(other)) => failed(format!("len of type {}", other.type_name())),
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
        "urlquery" => Ok(V::Str(crate::gostd::query_escape(&eval_args(&args)))),
        "call" => failed(format!(
            "non-function {} of type {}",
            args.first().map_or("<nil>".into(), printable),
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
    if matches!(v, V::Nil) {
        return failed("index of untyped nil");
    }
    for key in &args[1..] {
        if matches!(v, V::Ptr { .. }) && v.indirect().is_none() {
            return failed_on_answer("index of nil pointer");
        }
        v = match (v.indirect(), key) {
            (Some(V::Slice { items, .. }), V::Int(i)) => {
                match usize::try_from(*i).ok().and_then(|i| items.get(i)) {
                    Some(x) => x.clone(),
                    None => return failed_on_answer(out_of_range(*i, items.len(), "slice")),
                }
            }
            (Some(V::Str(s)), V::Int(i)) => {
                match usize::try_from(*i).ok().and_then(|i| s.as_bytes().get(i)) {
                    Some(b) => V::IntOf("uint8", i64::from(*b)),
                    None => return failed_on_answer(out_of_range(*i, s.len(), "string")),
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
    // Go does not follow pointers here: `slice .Id` is a *string.
    let item = &args[0];
    if matches!(item, V::Nil) {
        return failed("slice of untyped nil");
    }
    if n - 1 > 3 {
        return failed(format!("too many slice indexes: {}", n - 1));
    }
    let (len, cap) = match item {
        V::Str(_) if n - 1 == 3 => return failed("cannot 3-index slice a string"),
        V::Str(s) => (s.len(), s.len()),
        V::Slice { items, .. } => (items.len(), capacity(items.len())),
        other => return failed(format!("can't slice item of type {}", other.type_name())),
    };
    let mut idx = [0i64, len as i64, 0];
    for (i, a) in args[1..].iter().enumerate() {
        idx[i] = index_arg(a, cap)?;
    }
    if idx[0] > idx[1] {
        return failed_on_answer(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if n - 1 == 3 && idx[1] > idx[2] {
        return failed_on_answer(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    let (lo, hi) = (idx[0], idx[1]);
    match Some(item) {
        // Go slices bytes; a cut through a character shows as U+FFFD.
        Some(V::Str(s)) => Ok(V::Str(
            String::from_utf8_lossy(&s.as_bytes()[lo as usize..hi as usize]).into_owned(),
        )),
        Some(V::Slice { items, elem, .. }) => {
            // Past the length but within the capacity, Go's slice shows zero values.
            let mut all = items.clone();
            while all.len() < hi as usize {
                all.push(items.first().map(V::zero).unwrap_or(V::Nil));
            }
            Ok(V::Slice {
                items: all[lo as usize..hi as usize].to_vec(),
                elem,
                nil: false,
            })
        }
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
        if equal(&args[0], b)? {
            return Ok(V::Bool(true));
        }
    }
    Ok(V::Bool(false))
}

/// `ne`, `lt`, `le`, `gt`, `ge` on two values.
fn ordered(name: &str, args: &[V]) -> Result<V, CallError> {
    let n = args.len();
    arity(name, 2, n)?;
    if name == "ne" {
        return eq(args).map(|v| V::Bool(!v.truth()));
    }
    // Only basic kinds compare, only against their own kind, and bools do not order.
    let o = match (basic(&args[0]), basic(&args[1])) {
        (None, _) | (_, None) => return failed("invalid type for comparison"),
        (Some(Basic::Int(x)), Some(Basic::Int(y))) => x.cmp(&y),
        (Some(Basic::Float(x)), Some(Basic::Float(y))) => {
            x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Greater)
        }
        (Some(Basic::Str(x)), Some(Basic::Str(y))) => x.cmp(y),
        (Some(Basic::Bool(_)), Some(Basic::Bool(_))) => {
            return failed("invalid type for comparison")
        }
        _ => return failed("incompatible types for comparison"),
    };
    Ok(V::Bool(match name {
        "lt" => o.is_lt(),
        "le" => o.is_le(),
        "gt" => o.is_gt(),
        _ => o.is_ge(),
    }))
}

/// Go's `indexArg`: an integer index within `cap`.
fn index_arg(v: &V, cap: usize) -> Result<i64, CallError> {
    let x = match v {
        V::Int(i) | V::IntOf(_, i) => *i,
        V::Nil => return failed("cannot index slice/array with nil"),
        other => {
            return failed(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            ))
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return failed_on_answer(format!("index out of range: {x}"));
    }
    Ok(x)
}

/// The capacity encoding/json gives a decoded slice of `len` elements: 0 when empty,
/// else grown from 4 by half again.
fn capacity(len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let mut cap = 4;
    while cap < len {
        cap += cap / 2;
    }
    cap
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
            items.iter().map(printable).collect::<Vec<_>>().join(", ")
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
        V::Int(i) | V::IntOf(_, i) => Some(Basic::Int(*i)),
        V::Float(f) => Some(Basic::Float(*f)),
        V::Str(s) => Some(Basic::Str(s)),
        _ => None,
    }
}

/// Go's `eq` of two values: basic kinds by value (different kinds are an error unless one
/// is untyped nil); nillable values of the same kind equal when both are nil (or the
/// same value); slices and structs holding them are not comparable.
fn equal(a: &V, b: &V) -> Result<bool, CallError> {
    match (basic(a), basic(b)) {
        (Some(Basic::Bool(x)), Some(Basic::Bool(y))) => return Ok(x == y),
        (Some(Basic::Int(x)), Some(Basic::Int(y))) => return Ok(x == y),
        (Some(Basic::Float(x)), Some(Basic::Float(y))) => return Ok(x == y),
        (Some(Basic::Str(x)), Some(Basic::Str(y))) => return Ok(x == y),
        (Some(_), Some(_)) => return failed("incompatible types for comparison"),
        (Some(_), None) | (None, Some(_)) => {
            return if matches!(a, V::Nil) || matches!(b, V::Nil) {
                Ok(false)
            } else {
                failed("incompatible types for comparison")
            }
        }
        (None, None) => {}
    }
    let kind = |v: &V| match v {
        V::Ptr { .. } => 1,
        V::Slice { .. } => 2,
        V::Struct { .. } | V::Time(_) => 3,
        _ => 0,
    };
    let nil = |v: &V| {
        matches!(
            v,
            V::Nil | V::Ptr { nil: true, .. } | V::Slice { nil: true, .. }
        )
    };
    if kind(a) != kind(b) && !matches!(a, V::Nil) && !matches!(b, V::Nil) {
        return failed(format!(
            "non-comparable types {}: {}, {}: {}",
            super::fmt::sprintf("%s", std::slice::from_ref(a)),
            a.type_name(),
            b.type_name(),
            super::fmt::sprintf("%v", std::slice::from_ref(b))
        ));
    }
    if nil(a) || nil(b) {
        return Ok(nil(a) == nil(b));
    }
    match b {
        V::Slice { .. } | V::Struct { .. } => failed(format!(
            "non-comparable type {}: {}",
            super::fmt::sprintf("%s", std::slice::from_ref(b)),
            b.type_name()
        )),
        _ => Ok(a.type_name() == b.type_name() && a == b),
    }
}

/// The single string the escaping functions work on: fmt.Sprint of the arguments, each
/// with its pointers followed first (Go's `printableValue`).
fn eval_args(args: &[V]) -> String {
    if let [V::Str(s)] = args {
        return s.clone();
    }
    let followed: Vec<V> = args
        .iter()
        .map(|a| {
            let mut v = a;
            while let V::Ptr { target, nil: false } = v {
                v = target;
            }
            match v {
                V::Nil => V::Str("<no value>".into()),
                v => v.clone(),
            }
        })
        .collect();
    sprint(&followed)
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
