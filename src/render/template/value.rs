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
    /// An `int`.
    Int(i64),
    /// Another integer type: `int64`, or `time.Month` and `time.Weekday`, which print
    /// their names through their `String` methods.
    IntOf(&'static str, i64),
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

    /// The `NullFields []string` that ends every model struct of the Atlas SDK (tagged
    /// `json:"-"`, so never set from an answer): it shows when a struct is printed.
    pub(crate) fn null_fields() -> (&'static str, V) {
        ("NullFields", V::nil_slice("string"))
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

    /// The zero value of this value's type.
    pub(crate) fn zero(&self) -> V {
        match self {
            V::Nil => V::Nil,
            V::Bool(_) => V::Bool(false),
            V::Int(_) => V::Int(0),
            V::IntOf(ty, _) => V::IntOf(ty, 0),
            V::Float(_) => V::Float(0.0),
            V::Str(_) => V::Str(String::new()),
            V::Time(_) => V::Time(GoTime::zero()),
            V::Ptr { target, .. } => V::nil_ptr(target.zero()),
            V::Slice { elem, .. } => V::nil_slice(elem),
            V::Struct { ty, fields } => V::Struct {
                ty,
                fields: fields.iter().map(|(n, f)| (*n, f.zero())).collect(),
            },
        }
    }

    /// Go's type name, as `%T` and error messages print it.
    pub(crate) fn type_name(&self) -> String {
        match self {
            V::Nil => "<nil>".into(),
            V::Bool(_) => "bool".into(),
            V::Int(_) => "int".into(),
            V::IntOf(ty, _) => (*ty).into(),
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
            V::Int(i) | V::IntOf(_, i) => *i != 0,
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
}
