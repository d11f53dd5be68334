//! Go values as templates see them, and Go's `fmt` printing of them (`%v` and friends).
//!
//! Templates run on the official CLI's Go struct (`*admin.CloudAppUser`), so pointers,
//! nil, struct field order and type names all show through in output and error messages.
//! Go prints pointers inside structs as memory addresses; ours are fixed stand-ins.

use std::cell::Cell;

use crate::render::gotime::GoTime;

/// A Go value.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    /// Untyped nil (the `nil` keyword, a missing map entry).
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Time(GoTime),
    /// A pointer; when `nil`, `target` holds the pointee's zero value (for `GetX` methods).
    Ptr {
        target: Box<V>,
        nil: bool,
    },
    /// A slice of `elem` (its Go type name); `nil` for a nil slice.
    Slice {
        items: Vec<V>,
        elem: &'static str,
        nil: bool,
    },
    /// A struct: its Go type and fields in declaration order.
    Struct {
        ty: &'static str,
        fields: Vec<(&'static str, V)>,
    },
    /// A map with string keys, sorted.
    Map(Vec<(String, V)>),
}

impl V {
    pub fn ptr(v: V) -> V {
        V::Ptr {
            target: Box::new(v),
            nil: false,
        }
    }

    pub fn nil_ptr(zero: V) -> V {
        V::Ptr {
            target: Box::new(zero),
            nil: true,
        }
    }

    /// Go's type name, as `%T` and error messages print it.
    pub fn type_name(&self) -> String {
        match self {
            V::Nil => "<nil>".into(),
            V::Bool(_) => "bool".into(),
            V::Int(_) => "int".into(),
            V::Float(_) => "float64".into(),
            V::Str(_) => "string".into(),
            V::Time(_) => "time.Time".into(),
            V::Ptr { target, .. } => format!("*{}", target.type_name()),
            V::Slice { elem, .. } => format!("[]{elem}"),
            V::Struct { ty, .. } => (*ty).into(),
            V::Map(_) => "map[string]interface {}".into(),
        }
    }

    /// Go's template truth: false, 0, nil, and empty strings, slices and maps are false.
    pub fn truth(&self) -> bool {
        match self {
            V::Nil => false,
            V::Bool(b) => *b,
            V::Int(i) => *i != 0,
            V::Float(f) => *f != 0.0,
            V::Str(s) => !s.is_empty(),
            V::Time(_) | V::Struct { .. } => true,
            V::Ptr { nil, .. } => !nil,
            V::Slice { items, .. } => !items.is_empty(),
            V::Map(m) => !m.is_empty(),
        }
    }

    /// Follows pointers; `None` for a nil pointer.
    pub fn indirect(&self) -> Option<&V> {
        match self {
            V::Ptr { nil: true, .. } => None,
            V::Ptr { target, .. } => target.indirect(),
            v => Some(v),
        }
    }

    /// The value a template action prints: one pointer level removed (nil prints `<nil>`).
    pub fn print(&self) -> String {
        match self {
            V::Ptr { nil: true, .. } => "<nil>".into(),
            V::Ptr { target, .. } => target.print(),
            v => fmt_v(v, false, 0),
        }
    }
}

thread_local! {
    static NEXT_ADDR: Cell<u64> = const { Cell::new(0xc000010000) };
}

/// A stand-in for a Go heap address (real ones differ on every run).
fn address() -> String {
    NEXT_ADDR.with(|a| {
        let v = a.get();
        a.set(v + 0x10);
        format!("0x{v:x}")
    })
}

/// `%v` (`plus` for `%+v`) at nesting `depth`.
pub fn fmt_v(v: &V, plus: bool, depth: usize) -> String {
    match v {
        V::Nil => "<nil>".into(),
        V::Bool(b) => b.to_string(),
        V::Int(i) => i.to_string(),
        V::Float(f) => crate::gofmt::float_g(*f),
        V::Str(s) => s.clone(),
        V::Time(t) => t.go_string(),
        // A nil *time.Time is a Stringer whose String panics; fmt prints <nil> for it too.
        V::Ptr { nil: true, .. } => "<nil>".into(),
        V::Ptr { target, .. } => match &**target {
            V::Time(t) => t.go_string(),
            V::Struct { .. } | V::Slice { .. } | V::Map(_) if depth == 0 => {
                format!("&{}", fmt_v(target, plus, depth + 1))
            }
            _ => address(),
        },
        V::Slice { items, .. } => {
            let parts: Vec<String> = items.iter().map(|i| fmt_v(i, plus, depth + 1)).collect();
            format!("[{}]", parts.join(" "))
        }
        V::Struct { fields, .. } => {
            let parts: Vec<String> = fields
                .iter()
                .map(|(n, f)| {
                    let s = fmt_v(f, plus, depth + 1);
                    if plus {
                        format!("{n}:{s}")
                    } else {
                        s
                    }
                })
                .collect();
            format!("{{{}}}", parts.join(" "))
        }
        V::Map(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}:{}", fmt_v(v, plus, depth + 1)))
                .collect();
            format!("map[{}]", parts.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structs_and_pointers() {
        let link = V::Struct {
            ty: "admin.Link",
            fields: vec![
                ("Href", V::nil_ptr(V::Str(String::new()))),
                ("Rel", V::ptr(V::Str("self".into()))),
            ],
        };
        let printed = fmt_v(&V::ptr(link.clone()), false, 0);
        assert!(printed.starts_with("&{<nil> 0xc0000"), "{printed}");
        assert_eq!(V::ptr(V::Str("x".into())).print(), "x");
        assert_eq!(V::nil_ptr(V::Str(String::new())).print(), "<nil>");
        assert!(!V::Slice {
            items: vec![],
            elem: "string",
            nil: true
        }
        .truth());
    }
}
