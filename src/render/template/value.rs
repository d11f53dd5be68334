//! Go values as templates see them, and Go's `fmt` printing of them (`%v` and friends).
//!
//! Templates run on the official CLI's Go struct (`*admin.CloudAppUser`), so pointers,
//! nil, struct field order and type names all show through in output and error messages.
//! Go prints pointers inside structs as memory addresses; ours are fixed stand-ins.

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
}

impl V {
    pub(crate) fn ptr(v: V) -> V {
        V::Ptr {
            target: Box::new(v),
            nil: false,
        }
    }

    pub(crate) fn nil_ptr(zero: V) -> V {
        V::Ptr {
            target: Box::new(zero),
            nil: true,
        }
    }

    /// A `*string` field: the value, or nil.
    pub(crate) fn opt_str(v: &Option<String>) -> V {
        match v {
            Some(s) => V::ptr(V::Str(s.clone())),
            None => V::nil_ptr(V::Str(String::new())),
        }
    }

    /// A `*time.Time` field from an RFC 3339 timestamp, or nil.
    pub(crate) fn opt_time(v: &Option<String>) -> V {
        match v.as_deref().and_then(GoTime::parse) {
            Some(t) => V::ptr(V::Time(t)),
            None => V::nil_ptr(V::Time(GoTime::zero())),
        }
    }

    /// A non-nil slice of `elem`.
    pub(crate) fn slice(items: Vec<V>, elem: &'static str) -> V {
        V::Slice {
            items,
            elem,
            nil: false,
        }
    }

    /// A nil slice of `elem`.
    pub(crate) fn nil_slice(elem: &'static str) -> V {
        V::Slice {
            items: Vec::new(),
            elem,
            nil: true,
        }
    }

    /// A `*[]string` field, or nil.
    pub(crate) fn opt_strings(v: &Option<Vec<String>>) -> V {
        match v {
            Some(items) => V::ptr(V::strings(items)),
            None => V::nil_ptr(V::nil_slice("string")),
        }
    }

    /// A `[]string`.
    pub(crate) fn strings(items: &[String]) -> V {
        V::slice(items.iter().map(|s| V::Str(s.clone())).collect(), "string")
    }

    /// Go's type name, as `%T` and error messages print it.
    pub(crate) fn type_name(&self) -> String {
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
        }
    }

    /// Go's template truth: false, 0, nil, and empty strings, slices and maps are false.
    pub(crate) fn truth(&self) -> bool {
        match self {
            V::Nil => false,
            V::Bool(b) => *b,
            V::Int(i) => *i != 0,
            V::Float(f) => *f != 0.0,
            V::Str(s) => !s.is_empty(),
            V::Time(_) | V::Struct { .. } => true,
            V::Ptr { nil, .. } => !nil,
            V::Slice { items, .. } => !items.is_empty(),
        }
    }

    /// Follows pointers; `None` for a nil pointer.
    pub(crate) fn indirect(&self) -> Option<&V> {
        match self {
            V::Ptr { nil: true, .. } => None,
            V::Ptr { target, .. } => target.indirect(),
            v => Some(v),
        }
    }

    /// The value a template action prints: one pointer level removed (nil prints `<nil>`).
    pub(crate) fn print(&self) -> String {
        match self {
            V::Ptr { nil: true, .. } => "<nil>".into(),
            V::Ptr { target, .. } => target.print(),
            v => fmt_v(v, false, 0),
        }
    }
}

/// The first stand-in heap address; each printed pointer takes the next one.
const FIRST_ADDR: u64 = 0xc000010000;

/// `%v` (`plus` for `%+v`) at nesting `depth`.
///
/// Pointers nested below the top print as stand-in addresses (Go's real ones differ on
/// every run), numbered from `FIRST_ADDR` within this one call, so what a value prints
/// never depends on what was printed before.
pub(crate) fn fmt_v(v: &V, plus: bool, depth: usize) -> String {
    let mut next = FIRST_ADDR;
    fmt_at(v, plus, depth, &mut next)
}

/// `fmt_v` with the next stand-in address in `addr`.
fn fmt_at(v: &V, plus: bool, depth: usize, addr: &mut u64) -> String {
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
            V::Struct { .. } | V::Slice { .. } if depth == 0 => {
                format!("&{}", fmt_at(target, plus, depth + 1, addr))
            }
            _ => {
                let shown = format!("0x{:x}", *addr);
                *addr += 0x10;
                shown
            }
        },
        V::Slice { items, .. } => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| fmt_at(i, plus, depth + 1, addr))
                .collect();
            format!("[{}]", parts.join(" "))
        }
        V::Struct { fields, .. } => {
            let parts: Vec<String> = fields
                .iter()
                .map(|(n, f)| {
                    let s = fmt_at(f, plus, depth + 1, addr);
                    if plus {
                        format!("{n}:{s}")
                    } else {
                        s
                    }
                })
                .collect();
            format!("{{{}}}", parts.join(" "))
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
        // The same value prints the same, however much was printed before.
        assert_eq!(fmt_v(&V::ptr(link.clone()), false, 0), printed);
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
