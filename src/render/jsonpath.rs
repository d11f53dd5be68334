//! JSONPath as the official CLI evaluates `-o json-path=<expr>` (PaesslerAG/jsonpath).
//!
//! Goessner syntax over the answer's JSON names: `$.id`, `$['id']`, `$.roles[0]`, `[-1]`,
//! `*`, `..`, unions `[a,b]`, slices `[start:end:step]`, filters `[?(@.rel == 'self')]`
//! and scripts `(@.x)`. Semantics follow that library: a path without wildcards fails on
//! an unknown key and gives `null` for an index out of range; a path with any wildcard
//! gives the list of what matched and never fails. Objects are visited in key order (Go
//! visits them in random order). Filters may also use `<`, `<=`, `>`, `>=`, `&&`, `||`,
//! which the official CLI's expression language lacks. The result prints as indented JSON
//! (a string prints quoted): `id=$(atlas users invite ... -o json-path='$.id' | tr -d '"')`.

use miniserde::json::{Array, Number, Value};

use crate::error::Error;

/// A compiled path.
#[derive(Debug, Clone)]
pub struct JsonPath {
    segs: Vec<Seg>,
}

#[derive(Debug, Clone)]
enum Seg {
    /// `.name`, `[key]`: exactly one result.
    Child(Expr),
    /// `(expr)`: the value of a script.
    Script(Expr),
    /// `*`, `[*]`.
    Star,
    /// `[a, b]`.
    Union(Vec<Expr>),
    /// `..`: the value and every descendant, depth first.
    Descend,
    /// `[start:end:step]`.
    Slice(Option<Expr>, Option<Expr>, Option<Expr>),
    /// `[?expr]`.
    Filter(Expr),
}

impl Seg {
    fn ambiguous(&self) -> bool {
        !matches!(self, Seg::Child(_) | Seg::Script(_))
    }
}

#[derive(Debug, Clone)]
enum Expr {
    Lit(Value),
    /// `$...` (root) or `@...` (current element).
    Path {
        root: bool,
        path: JsonPath,
    },
    Neg(Box<Expr>),
    Bin(Op, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl JsonPath {
    /// Compiles `src`; errors name the column (1-based).
    pub fn parse(src: &str) -> Result<JsonPath, Error> {
        Self::parse_text(src).map_err(Error::usage)
    }

    fn parse_text(src: &str) -> Result<JsonPath, String> {
        if src.trim().is_empty() {
            return Err("empty jsonpath".into());
        }
        let mut p = Parser {
            chars: src.chars().collect(),
            i: 0,
            depth: 0,
        };
        p.ws();
        if !p.eat('$') {
            return p.fail("a path starts with $");
        }
        let path = p.segments()?;
        p.ws();
        if p.i < p.chars.len() {
            return p.fail("unexpected character");
        }
        Ok(path)
    }

    /// Evaluates against `root`; the error is the library's (`unknown key x`).
    pub fn eval(&self, root: &Value) -> Result<Value, Error> {
        self.eval_at(root, root).map_err(Error::usage)
    }

    fn eval_at(&self, root: &Value, start: &Value) -> Result<Value, String> {
        if !self.segs.iter().any(Seg::ambiguous) {
            let mut v = start.clone();
            for seg in &self.segs {
                v = match seg {
                    Seg::Child(key) => select(root, &v, key)?,
                    Seg::Script(e) => e.eval(root, &v)?,
                    _ => return Err("internal error: wildcard in a plain path".into()),
                };
            }
            return Ok(v);
        }
        let mut out = Vec::new();
        visit(root, &self.segs, start.clone(), &mut out);
        let mut a = Array::new();
        a.extend(out);
        Ok(Value::Array(a))
    }
}

/// Applies `segs` to `v`, pushing every match; failures only drop the branch.
fn visit(root: &Value, segs: &[Seg], v: Value, out: &mut Vec<Value>) {
    let Some((seg, rest)) = segs.split_first() else {
        out.push(v);
        return;
    };
    match seg {
        Seg::Child(key) => {
            if let Ok(next) = select(root, &v, key) {
                visit(root, rest, next, out);
            }
        }
        Seg::Script(e) => {
            if let Ok(next) = e.eval(root, &v) {
                visit(root, rest, next, out);
            }
        }
        Seg::Star => {
            for child in children(&v) {
                visit(root, rest, child, out);
            }
        }
        Seg::Union(keys) => {
            for key in keys {
                if let Ok(next) = select(root, &v, key) {
                    visit(root, rest, next, out);
                }
            }
        }
        Seg::Descend => {
            let mut all = Vec::new();
            descend(&v, &mut all);
            for node in all {
                visit(root, rest, node, out);
            }
        }
        Seg::Slice(start, end, step) => {
            let Value::Array(a) = &v else { return };
            let int = |e: &Option<Expr>, default: i64| match e {
                None => Ok(default),
                Some(e) => e.eval(root, &v).and_then(|x| to_int(&x)),
            };
            let (Ok(start), Ok(end), Ok(step)) =
                (int(start, 0), int(end, i64::from(i32::MAX)), int(step, 1))
            else {
                return;
            };
            let n = a.len() as i64;
            let clamp = |i: i64| if i < 0 { (n + i).max(0) } else { i.min(n) };
            let (lo, hi) = (clamp(start), clamp(end));
            let step = if step == 0 { 1 } else { step };
            if lo > hi {
                return;
            }
            let picks: Vec<i64> = if step > 0 {
                (lo..hi).step_by(step as usize).collect()
            } else {
                (lo..hi)
                    .rev()
                    .step_by(step.unsigned_abs() as usize)
                    .collect()
            };
            for i in picks {
                visit(root, rest, a[i as usize].clone(), out);
            }
        }
        Seg::Filter(cond) => {
            for child in children(&v) {
                if let Ok(Value::Bool(true)) = cond.eval(root, &child) {
                    visit(root, rest, child, out);
                }
            }
        }
    }
}

/// A value and all its descendants, parents first, object members in key order.
fn descend(v: &Value, out: &mut Vec<Value>) {
    out.push(v.clone());
    for child in children(v) {
        descend(&child, out);
    }
}

fn children(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.iter().cloned().collect(),
        Value::Object(o) => o.values().cloned().collect(),
        _ => Vec::new(),
    }
}

/// One key or index: out of range gives null, an unknown key an error.
fn select(root: &Value, v: &Value, key: &Expr) -> Result<Value, String> {
    match v {
        Value::Array(a) => {
            let i = to_int(&key.eval(root, v)?)
                .map_err(|e| format!("could not select value, invalid key: {e}"))?;
            let p = if i < 0 { a.len() as i64 + i } else { i };
            Ok(usize::try_from(p).ok().and_then(|p| a.get(p)).cloned().unwrap_or(Value::Null))
        }
        Value::Object(o) => {
            let k = to_key(&key.eval(root, v)?);
            o.get(&k).cloned().ok_or_else(|| format!("unknown key {k}"))
        }
        other => Err(format!(
            "unsupported value type {} for select, expected map[string]interface{{}}, []interface{{}} or Array",
            go_type(other)
        )),
    }
}

fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(Number::U64(u)) => Some(*u as f64),
        Value::Number(Number::I64(i)) => Some(*i as f64),
        Value::Number(Number::F64(f)) => Some(*f),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn to_int(v: &Value) -> Result<i64, String> {
    to_f64(v)
        .map(|f| f as i64)
        .ok_or_else(|| format!("expected a number, got {}", go_type(v)))
}

fn to_key(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => crate::json::number(n),
        Value::Bool(b) => b.to_string(),
        Value::Null => "<nil>".into(),
        _ => String::new(),
    }
}

/// Deep equality as Go's reflect.DeepEqual sees decoded JSON (numbers are float64).
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => to_f64(a) == to_f64(b),
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Null, Value::Null) => true,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => false,
    }
}

impl Expr {
    fn eval(&self, root: &Value, current: &Value) -> Result<Value, String> {
        match self {
            Expr::Lit(v) => Ok(v.clone()),
            Expr::Path { root: true, path } => path.eval_at(root, root),
            Expr::Path { root: false, path } => path.eval_at(root, current),
            Expr::Neg(e) => match to_f64(&e.eval(root, current)?) {
                Some(f) => Ok(Value::Number(Number::F64(-f))),
                None => Err("unexpected value, expected number".into()),
            },
            Expr::Bin(op, a, b) => {
                let x = a.eval(root, current)?;
                if matches!(op, Op::And | Op::Or) {
                    let Value::Bool(xb) = x else {
                        return Err("expected a boolean".into());
                    };
                    if (*op == Op::And && !xb) || (*op == Op::Or && xb) {
                        return Ok(Value::Bool(xb));
                    }
                    return match b.eval(root, current)? {
                        Value::Bool(yb) => Ok(Value::Bool(yb)),
                        _ => Err("expected a boolean".into()),
                    };
                }
                let y = b.eval(root, current)?;
                let r = match op {
                    Op::Eq => equal(&x, &y),
                    Op::Ne => !equal(&x, &y),
                    _ => {
                        let ord = match (&x, &y) {
                            (Value::String(p), Value::String(q)) => p.partial_cmp(q),
                            _ => match (to_f64(&x), to_f64(&y)) {
                                (Some(p), Some(q))
                                    if !matches!(
                                        (&x, &y),
                                        (Value::String(_), _) | (_, Value::String(_))
                                    ) =>
                                {
                                    p.partial_cmp(&q)
                                }
                                _ => return Err("cannot order these values".into()),
                            },
                        };
                        let Some(ord) = ord else {
                            return Ok(Value::Bool(false));
                        };
                        match op {
                            Op::Lt => ord.is_lt(),
                            Op::Le => ord.is_le(),
                            Op::Gt => ord.is_gt(),
                            _ => ord.is_ge(),
                        }
                    }
                };
                Ok(Value::Bool(r))
            }
        }
    }
}

struct Parser {
    chars: Vec<char>,
    i: usize,
    /// Nesting of expressions and paths, bounded so no input can exhaust the stack.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek2(&self) -> Option<char> {
        self.chars.get(self.i + 1).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn fail<T>(&self, what: &str) -> Result<T, String> {
        let found = match self.peek() {
            Some(c) => format!("{c:?}"),
            None => "the end".into(),
        };
        Err(format!("{what}, found {found} at column {}", self.i + 1))
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.i;
        if !self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
            return None;
        }
        while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            self.i += 1;
        }
        Some(self.chars[start..self.i].iter().collect())
    }

    fn segments(&mut self) -> Result<JsonPath, String> {
        let mut segs = Vec::new();
        loop {
            match self.peek() {
                Some('.') if self.peek2() == Some('.') => {
                    self.i += 2;
                    segs.push(Seg::Descend);
                    match self.peek() {
                        Some('[') => segs.push(self.bracket(true)?),
                        Some('*') => {
                            self.i += 1;
                            segs.push(Seg::Star);
                        }
                        Some('(') => segs.push(self.script()?),
                        _ => match self.ident() {
                            Some(name) => segs.push(Seg::Child(Expr::Lit(Value::String(name)))),
                            None => return self.fail("expected a name, [, * or ( after .."),
                        },
                    }
                }
                Some('.') => {
                    self.i += 1;
                    if self.eat('*') {
                        segs.push(Seg::Star);
                    } else {
                        match self.ident() {
                            Some(name) => segs.push(Seg::Child(Expr::Lit(Value::String(name)))),
                            None => return self.fail("expected a name, . or * after ."),
                        }
                    }
                }
                Some('[') => segs.push(self.bracket(false)?),
                Some('(') => segs.push(self.script()?),
                _ => return Ok(JsonPath { segs }),
            }
        }
    }

    fn script(&mut self) -> Result<Seg, String> {
        self.i += 1;
        let e = self.expr()?;
        self.ws();
        if !self.eat(')') {
            return self.fail("expected )");
        }
        Ok(Seg::Script(e))
    }

    /// `[...]`; after `..` a single key still selects from every node (a union of one).
    fn bracket(&mut self, after_descend: bool) -> Result<Seg, String> {
        self.i += 1;
        self.ws();
        if self.eat('*') {
            self.ws();
            if !self.eat(']') {
                return self.fail("expected ] after [*");
            }
            return Ok(Seg::Star);
        }
        if self.eat('?') {
            let e = self.expr()?;
            self.ws();
            if !self.eat(']') {
                return self.fail("expected ] after the filter");
            }
            return Ok(Seg::Filter(e));
        }
        let mut parts: Vec<Option<Expr>> = Vec::new();
        let mut sep = None;
        loop {
            self.ws();
            let item = if matches!(self.peek(), Some(':' | ']' | ',')) {
                None
            } else {
                Some(self.expr()?)
            };
            parts.push(item);
            self.ws();
            let c = self.peek();
            match c {
                Some(']') => {
                    self.i += 1;
                    break;
                }
                Some(':' | ',') => {
                    if sep.is_some_and(|s| Some(s) != c) {
                        return self.fail("mixed : and , in brackets");
                    }
                    sep = c;
                    self.i += 1;
                }
                _ => return self.fail("expected ], : or , in brackets"),
            }
        }
        if sep == Some(':') {
            if parts.len() > 3 {
                return Err("range query has at least the parameter [min:max:step]".into());
            }
            if after_descend {
                return Err("mapper can not be combined with range query".into());
            }
            parts.resize(3, None);
            let mut it = parts.into_iter();
            return Ok(Seg::Slice(
                it.next().flatten(),
                it.next().flatten(),
                it.next().flatten(),
            ));
        }
        let keys: Option<Vec<Expr>> = parts.into_iter().collect();
        let Some(mut keys) = keys else {
            return self.fail("empty key in brackets");
        };
        if keys.len() == 1 && !after_descend {
            return Ok(Seg::Child(keys.remove(0)));
        }
        Ok(Seg::Union(keys))
    }

    fn expr(&mut self) -> Result<Expr, String> {
        if self.depth >= 32 {
            return self.fail("expression nested too deeply");
        }
        self.depth += 1;
        let e = self.binary(1);
        self.depth -= 1;
        e
    }

    fn op(&mut self) -> Option<(Op, u8, usize)> {
        let rest: String = self.chars[self.i..].iter().take(2).collect();
        let table = [
            ("||", Op::Or, 1),
            ("&&", Op::And, 2),
            ("==", Op::Eq, 3),
            ("!=", Op::Ne, 3),
            ("<=", Op::Le, 3),
            (">=", Op::Ge, 3),
            ("<", Op::Lt, 3),
            (">", Op::Gt, 3),
        ];
        table
            .iter()
            .find(|(s, _, _)| rest.starts_with(s))
            .map(|(s, op, prec)| (*op, *prec, s.len()))
    }

    fn binary(&mut self, min: u8) -> Result<Expr, String> {
        let mut left = self.unary()?;
        loop {
            self.ws();
            let Some((op, prec, len)) = self.op() else {
                return Ok(left);
            };
            if prec < min {
                return Ok(left);
            }
            self.i += len;
            let right = self.binary(prec + 1)?;
            left = Expr::Bin(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        self.ws();
        let Some(c) = self.peek() else {
            return self.fail("expected a value");
        };
        match c {
            '(' => {
                self.i += 1;
                let e = self.expr()?;
                self.ws();
                if !self.eat(')') {
                    return self.fail("expected )");
                }
                Ok(e)
            }
            '-' => {
                self.i += 1;
                Ok(Expr::Neg(Box::new(self.expr_unary()?)))
            }
            '$' | '@' => {
                self.i += 1;
                let path = self.segments()?;
                Ok(Expr::Path {
                    root: c == '$',
                    path,
                })
            }
            '\'' | '"' | '`' => self.string(c),
            c if c.is_ascii_digit() || c == '.' => self.number(),
            _ => match self.ident().as_deref() {
                Some("true") => Ok(Expr::Lit(Value::Bool(true))),
                Some("false") => Ok(Expr::Lit(Value::Bool(false))),
                Some("null") | Some("nil") => Ok(Expr::Lit(Value::Null)),
                Some(other) => Err(format!(
                    "unknown identifier {other:?} at column {}",
                    self.i + 1 - other.chars().count()
                )),
                None => self.fail("expected a value"),
            },
        }
    }

    /// A unary operand, counted as one level of nesting.
    fn expr_unary(&mut self) -> Result<Expr, String> {
        if self.depth >= 32 {
            return self.fail("expression nested too deeply");
        }
        self.depth += 1;
        let e = self.unary();
        self.depth -= 1;
        e
    }

    fn number(&mut self) -> Result<Expr, String> {
        let start = self.i;
        while self.peek().is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || c == '.'
                || ((c == '+' || c == '-') && matches!(self.chars.get(self.i - 1), Some('e' | 'E')))
        }) {
            self.i += 1;
        }
        let text: String = self.chars[start..self.i].iter().collect();
        let f = if let Some(h) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            i64::from_str_radix(h, 16).ok().map(|v| v as f64)
        } else {
            text.parse::<f64>().ok()
        };
        match f {
            Some(f) => Ok(Expr::Lit(Value::Number(Number::F64(f)))),
            None => Err(format!("invalid number {text:?} at column {}", start + 1)),
        }
    }

    fn string(&mut self, quote: char) -> Result<Expr, String> {
        let start = self.i;
        self.i += 1;
        let mut s = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(format!("unterminated string at column {}", start + 1));
            };
            self.i += 1;
            match c {
                c if c == quote => return Ok(Expr::Lit(Value::String(s))),
                '\\' if quote != '`' => {
                    let Some(e) = self.peek() else { continue };
                    self.i += 1;
                    s.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        other => other,
                    });
                }
                c => s.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(path: &str, json: &str) -> Result<String, String> {
        let v: Value = miniserde::json::from_str(json).unwrap();
        let out = JsonPath::parse(path)
            .and_then(|p| p.eval(&v))
            .map_err(|e| e.to_string())?;
        let mut w = crate::json::Writer::new(0);
        w.value(&out);
        Ok(w.finish())
    }

    #[test]
    fn basics() {
        let j = r#"{"a":{"b":[1,2,3]},"c":"x"}"#;
        assert_eq!(run("$.a.b[1]", j).unwrap(), "2");
        assert_eq!(run("$.a.b[-1]", j).unwrap(), "3");
        assert_eq!(run("$.a.b[9]", j).unwrap(), "null");
        assert_eq!(run("$.a.nope", j).unwrap_err(), "unknown key nope");
        assert_eq!(run("$.a.b[*]", j).unwrap(), "[1,2,3]");
        assert_eq!(run("$.a.b[0:3:2]", j).unwrap(), "[1,3]");
        assert_eq!(run("$..b[0]", j).unwrap(), "[1]");
        assert_eq!(run("$.a.b[?(@ > 1 && @ != 3)]", j).unwrap(), "[2]");
        assert_eq!(
            run("$.a.b[?(@ == 1 || @ == 2 && @ > 5)]", j).unwrap(),
            "[1]"
        );
        assert!(
            run("$.a[", j).unwrap_err().contains("column 5"),
            "{}",
            run("$.a[", j).unwrap_err()
        );
        assert_eq!(run("", j).unwrap_err(), "empty jsonpath");
    }
}
