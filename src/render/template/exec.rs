//! Executing a parsed template against a Go value, with Go's error messages.

use super::fmt;
use super::funcs;
use super::parse::{Arg, ArgNode, Branch, Cmd, Node, Pipe, Trees};
use super::value::V;
use crate::render::gotime::GoTime;

/// Largest output a template may produce, most loop iterations, deepest `template` nesting.
const MAX_OUTPUT: usize = 4 << 20;
const MAX_STEPS: usize = 1_000_000;
const MAX_DEPTH: usize = 100;

/// A failure while executing: where (offset and node source) and what.
#[derive(Debug)]
pub(crate) struct ExecError {
    pub(crate) pos: usize,
    pub(crate) at: String,
    pub(crate) msg: String,
    pub(crate) kind: Kind,
}

/// Whether an execution error is the template's own or depends on the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// About the template's shape: a misspelt field or method, a wrong type for a function.
    Template,
    /// About the answer's contents: an index, a length or a slice bound, a nil pointer, or
    /// raised in an `if`, `with` or `range` body that the answer chose to run.
    Answer,
}

#[derive(PartialEq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

/// Execution state: variables in scope, output so far, and the loop budget.
pub(crate) struct Exec<'a> {
    trees: &'a Trees,
    vars: Vec<(String, V)>,
    pub(crate) out: String,
    steps: usize,
    depth: usize,
}

type R<T> = Result<T, ExecError>;

fn fail<T>(pos: usize, at: &str, msg: impl Into<String>) -> R<T> {
    Err(ExecError {
        pos,
        at: at.to_string(),
        msg: msg.into(),
        kind: Kind::Template,
    })
}

/// An error about the answer's contents.
fn fail_on_answer<T>(pos: usize, at: &str, msg: impl Into<String>) -> R<T> {
    fail(pos, at, msg).map_err(|e| ExecError {
        kind: Kind::Answer,
        ..e
    })
}

/// Marks an error raised inside a conditional body: the answer chose to run it.
fn conditional<T>(r: R<T>) -> R<T> {
    r.map_err(|e| ExecError {
        kind: Kind::Answer,
        ..e
    })
}

impl<'a> Exec<'a> {
    pub(crate) fn new(trees: &'a Trees) -> Exec<'a> {
        Exec {
            trees,
            vars: Vec::new(),
            out: String::new(),
            steps: 0,
            depth: 0,
        }
    }

    /// Runs template `name` with `data` as dot and `$`.
    pub(crate) fn run(&mut self, name: &str, data: &V) -> R<()> {
        let Some(list) = self.trees.get(name) else {
            return fail(0, "", format!("no such template \"{name}\""));
        };
        self.vars = vec![("$".into(), data.clone())];
        self.walk(data, list).map(|_| ())
    }

    fn emit(&mut self, s: &str, pos: usize) -> R<()> {
        if self.out.len() + s.len() > MAX_OUTPUT {
            return fail(pos, "", format!("output exceeds {MAX_OUTPUT} bytes"));
        }
        self.out.push_str(s);
        Ok(())
    }

    fn walk(&mut self, dot: &V, list: &[Node]) -> R<Flow> {
        for node in list {
            let flow = match node {
                Node::Text(t) => {
                    self.emit(t, 0)?;
                    Flow::Normal
                }
                Node::Action(pipe) => {
                    let v = self.pipe(dot, pipe)?;
                    if pipe.decl.is_empty() {
                        self.emit(&fmt::printable(&v), pipe.pos)?;
                    }
                    Flow::Normal
                }
                Node::If(b) => self.if_with(dot, b, false)?,
                Node::With(b) => self.if_with(dot, b, true)?,
                Node::Range(b) => self.range(dot, b)?,
                Node::Break => Flow::Break,
                Node::Continue => Flow::Continue,
                Node::Template { pos, name, pipe } => {
                    self.template(dot, *pos, name, pipe.as_ref())?;
                    Flow::Normal
                }
            };
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn template(&mut self, dot: &V, pos: usize, name: &str, pipe: Option<&Pipe>) -> R<()> {
        let data = match pipe {
            Some(p) => self.pipe(dot, p)?,
            None => V::Nil,
        };
        let at = format!("{{{{template \"{name}\"}}}}");
        let Some(list) = self.trees.get(name) else {
            return fail(pos, &at, format!("template \"{name}\" not defined"));
        };
        if self.depth >= MAX_DEPTH {
            return fail(
                pos,
                &at,
                format!("exceeded maximum template depth ({MAX_DEPTH})"),
            );
        }
        self.depth += 1;
        let saved = std::mem::replace(&mut self.vars, vec![("$".into(), data.clone())]);
        let r = self.walk(&data, list);
        self.vars = saved;
        self.depth -= 1;
        r.map(|_| ())
    }

    /// `if` and `with`: the body when the pipeline is true (with: as dot), else the else part.
    fn if_with(&mut self, dot: &V, b: &Branch, with: bool) -> R<Flow> {
        let mark = self.vars.len();
        let v = self.pipe(dot, &b.pipe)?;
        let flow = if v.truth() {
            let new_dot = if with { v } else { dot.clone() };
            conditional(self.walk(&new_dot, &b.list))?
        } else if let Some(e) = &b.else_list {
            conditional(self.walk(dot, e))?
        } else {
            Flow::Normal
        };
        self.vars.truncate(mark);
        Ok(flow)
    }

    fn range(&mut self, dot: &V, b: &Branch) -> R<Flow> {
        let mark = self.vars.len();
        let v = self.pipe(dot, &b.pipe)?;
        let at = &b.pipe.cmds.last().map_or(String::new(), |c| c.src.clone());
        let at_pos = b
            .pipe
            .cmds
            .last()
            .and_then(|c| c.args.first())
            .map_or(b.pos, |a| a.pos);
        let items: Vec<(V, V)> = match v.indirect() {
            // Go ranges over a nil pointer only to fail; untyped nil is simply empty.
            None => return fail(at_pos, at, "range can't iterate over <nil>"),
            Some(V::Nil) => Vec::new(),
            Some(V::Slice { items, .. }) => items
                .iter()
                .enumerate()
                .map(|(i, x)| (V::Int(i as i64), x.clone()))
                .collect(),
            Some(V::Int(n)) => {
                if *n > MAX_STEPS as i64 {
                    return fail(
                        at_pos,
                        at,
                        format!("range over {n} exceeds {MAX_STEPS} iterations"),
                    );
                }
                (0..(*n).max(0)).map(|i| (V::Int(i), V::Int(i))).collect()
            }
            Some(other) => {
                return fail(
                    at_pos,
                    at,
                    format!("range can't iterate over {}", fmt::printable(other)),
                )
            }
        };
        // The pipeline pushed its declared variables; each iteration sets them afresh.
        let decl = &b.pipe.decl;
        let base = mark;
        if items.is_empty() {
            self.vars.truncate(mark);
            if let Some(e) = &b.else_list {
                return conditional(self.walk(dot, e));
            }
            return Ok(Flow::Normal);
        }
        for (k, x) in items {
            self.steps += 1;
            if self.steps > MAX_STEPS {
                return fail(b.pos, at, format!("more than {MAX_STEPS} loop iterations"));
            }
            self.vars.truncate(base);
            match decl.len() {
                1 => self.vars.push((decl[0].clone(), x.clone())),
                2 => {
                    self.vars.push((decl[0].clone(), k));
                    self.vars.push((decl[1].clone(), x.clone()));
                }
                _ => {}
            }
            if conditional(self.walk(&x, &b.list))? == Flow::Break {
                break;
            }
        }
        self.vars.truncate(mark);
        Ok(Flow::Normal)
    }

    fn pipe(&mut self, dot: &V, pipe: &Pipe) -> R<V> {
        let mut value: Option<V> = None;
        for cmd in &pipe.cmds {
            value = Some(self.command(dot, cmd, value)?);
        }
        let v = value.unwrap_or(V::Nil);
        if pipe.assign {
            if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| *n == pipe.decl[0]) {
                slot.1 = v.clone();
            }
        } else {
            for name in &pipe.decl {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn command(&mut self, dot: &V, cmd: &Cmd, last: Option<V>) -> R<V> {
        let first = &cmd.args[0];
        let rest = &cmd.args[1..];
        match &first.arg {
            Arg::Nil => fail(first.pos, &first.src, "nil is not a command"),
            Arg::Func(name) => self.call(dot, first, name, rest, last, &cmd.src),
            Arg::Field(names) => self.chain(dot, dot.clone(), names, first, rest, last),
            Arg::Var(name, names) => {
                let v = self.var(name, first)?;
                if names.is_empty() {
                    return self.no_args(first, rest, last).map(|_| v);
                }
                self.chain(dot, v, names, first, rest, last)
            }
            Arg::Sub(p, names) => {
                let v = self.pipe(dot, p)?;
                if names.is_empty() {
                    return self.no_args(first, rest, last).map(|_| v);
                }
                self.chain(dot, v, names, first, rest, last)
            }
            _ => {
                let v = self.arg(dot, first)?;
                self.no_args(first, rest, last).map(|_| v)
            }
        }
    }

    fn no_args(&self, node: &ArgNode, rest: &[ArgNode], last: Option<V>) -> R<()> {
        if !rest.is_empty() || last.is_some() {
            return fail(
                node.pos,
                &node.src,
                format!("can't give argument to non-function {}", node.src),
            );
        }
        Ok(())
    }

    fn var(&self, name: &str, node: &ArgNode) -> R<V> {
        match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => fail(node.pos, &node.src, format!("undefined variable: {name}")),
        }
    }

    /// Evaluates an argument to a value (a function name or multi-field chain included).
    fn arg(&mut self, dot: &V, a: &ArgNode) -> R<V> {
        Ok(match &a.arg {
            Arg::Dot => dot.clone(),
            Arg::Nil => V::Nil,
            Arg::Bool(b) => V::Bool(*b),
            Arg::Int(i) => V::Int(*i),
            Arg::Float(f) => V::Float(*f),
            Arg::Str(s) => V::Str(s.clone()),
            Arg::Char(c) => V::Int(i64::from(u32::from(*c))),
            Arg::Field(names) => self.chain(dot, dot.clone(), names, a, &[], None)?,
            Arg::Var(name, names) => {
                let v = self.var(name, a)?;
                self.chain(dot, v, names, a, &[], None)?
            }
            Arg::Sub(p, names) => {
                let v = self.pipe(dot, p)?;
                self.chain(dot, v, names, a, &[], None)?
            }
            Arg::Func(name) => self.call(dot, a, name, &[], None, &a.src)?,
        })
    }

    /// `.A.B.C args...`: fields, the SDK's `GetX`/`HasX` methods, and time methods.
    fn chain(
        &mut self,
        dot: &V,
        mut v: V,
        names: &[String],
        node: &ArgNode,
        args: &[ArgNode],
        last: Option<V>,
    ) -> R<V> {
        for (i, name) in names.iter().enumerate() {
            let is_last = i + 1 == names.len();
            let has_args = is_last && (!args.is_empty() || last.is_some());
            let time = match &v {
                V::Time(t) => Some(t.clone()),
                V::Ptr { target, nil } if matches!(**target, V::Time(_)) => {
                    if *nil {
                        // Go calls the method through the nil pointer and reports the panic.
                        let msg = if time_method(&GoTime::zero(), name, &[]).is_ok()
                            || name == "Format"
                        {
                            format!("error calling {name}: value method time.Time.{name} called using nil *Time pointer")
                        } else {
                            format!("nil pointer evaluating *time.Time.{name}")
                        };
                        return fail_on_answer(node.pos, &node.src, msg);
                    }
                    match &**target {
                        V::Time(t) => Some(t.clone()),
                        _ => None,
                    }
                }
                _ => None,
            };
            if let Some(t) = time {
                let ty = v.type_name();
                let mut vals = Vec::new();
                if is_last {
                    for a in args {
                        vals.push(self.arg(dot, a)?);
                    }
                    vals.extend(last.clone());
                }
                v = time_method(&t, name, &vals).map_err(|msg| ExecError {
                    pos: node.pos,
                    at: node.src.clone(),
                    msg: msg.replace("in type time.Time", &format!("in type {ty}")),
                    kind: Kind::Template,
                })?;
                continue;
            }
            v = self.field(&v, name, node, has_args)?;
        }
        Ok(v)
    }

    fn field(&self, recv: &V, name: &str, node: &ArgNode, has_args: bool) -> R<V> {
        let ty = recv.type_name();
        let target = match recv {
            V::Ptr { nil: true, target } => {
                if let Some(v) = method(target, name) {
                    return self.method_args(v, name, node, has_args);
                }
                return fail_on_answer(
                    node.pos,
                    &node.src,
                    format!("nil pointer evaluating {ty}.{name}"),
                );
            }
            V::Ptr { target, .. } => &**target,
            v => v,
        };
        match target {
            V::Struct { fields, .. } => {
                if let Some((_, v)) = fields.iter().find(|(n, _)| *n == name) {
                    if has_args {
                        return fail(
                            node.pos,
                            &node.src,
                            format!("{name} has arguments but cannot be invoked as function"),
                        );
                    }
                    return Ok(v.clone());
                }
                if let Some(v) = method(target, name) {
                    return self.method_args(v, name, node, has_args);
                }
                fail(
                    node.pos,
                    &node.src,
                    format!("can't evaluate field {name} in type {ty}"),
                )
            }
            V::Nil => fail(
                node.pos,
                &node.src,
                format!("nil data; no entry for key \"{name}\""),
            ),
            _ => fail(
                node.pos,
                &node.src,
                format!("can't evaluate field {name} in type {ty}"),
            ),
        }
    }

    fn method_args(
        &self,
        v: Result<V, String>,
        name: &str,
        node: &ArgNode,
        has_args: bool,
    ) -> R<V> {
        let v = v.map_err(|msg| ExecError {
            pos: node.pos,
            at: node.src.clone(),
            msg,
            kind: Kind::Template,
        })?;
        if has_args {
            return fail(
                node.pos,
                &node.src,
                format!("wrong number of args for {name}: want 0 got 1"),
            );
        }
        Ok(v)
    }

    /// Calls a function; errors it returns are reported at the whole command (`cmd`),
    /// arity errors at the function name, as Go does.
    fn call(
        &mut self,
        dot: &V,
        node: &ArgNode,
        name: &str,
        args: &[ArgNode],
        last: Option<V>,
        cmd: &str,
    ) -> R<V> {
        let at = node.src.clone();
        let wrap = |e: String, kind: Kind| ExecError {
            pos: node.pos,
            at: cmd.to_string(),
            msg: format!("error calling {name}: {e}"),
            kind,
        };
        // `and` and `or` evaluate their arguments lazily and return one of them.
        if name == "and" || name == "or" {
            let n = args.len() + usize::from(last.is_some());
            if n == 0 {
                return fail(
                    node.pos,
                    &at,
                    format!("wrong number of args for {name}: want at least 1 got 0"),
                );
            }
            let mut v = V::Nil;
            for a in args {
                v = self.arg(dot, a)?;
                if v.truth() == (name == "or") {
                    return Ok(v);
                }
            }
            if let Some(l) = last {
                v = l;
            }
            return Ok(v);
        }
        let mut vals = Vec::with_capacity(args.len() + 1);
        for a in args {
            vals.push(self.arg(dot, a)?);
        }
        if let Some(l) = last {
            vals.push(l);
        }
        funcs::call(name, vals).map_err(|e| match e {
            funcs::CallError::Arity(msg) => ExecError {
                pos: node.pos,
                at: at.clone(),
                msg,
                kind: Kind::Template,
            },
            funcs::CallError::Failed(msg) => wrap(msg, Kind::Template),
            funcs::CallError::OnAnswer(msg) => wrap(msg, Kind::Answer),
        })
    }
}

/// The methods of Go's `time.Time` that make sense in a template.
fn time_method(t: &GoTime, name: &str, args: &[V]) -> Result<V, String> {
    let want = |n: usize| {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!(
                "wrong number of args for {name}: want {n} got {}",
                args.len()
            ))
        }
    };
    match name {
        "Format" => {
            want(1)?;
            match &args[0] {
                V::Str(layout) => Ok(V::Str(t.format(layout))),
                other => Err(format!(
                    "wrong type for value; expected string; got {}",
                    other.type_name()
                )),
            }
        }
        "String" => want(0).map(|_| V::Str(t.go_string())),
        "Year" => want(0).map(|_| V::Int(t.year)),
        "Month" => want(0).map(|_| V::IntOf("time.Month", i64::from(t.month))),
        "Day" => want(0).map(|_| V::Int(i64::from(t.day))),
        "Hour" => want(0).map(|_| V::Int(i64::from(t.hour))),
        "Minute" => want(0).map(|_| V::Int(i64::from(t.minute))),
        "Second" => want(0).map(|_| V::Int(i64::from(t.second))),
        "Nanosecond" => want(0).map(|_| V::Int(i64::from(t.nanos))),
        "YearDay" => want(0).map(|_| V::Int(t.year_day())),
        "Weekday" => want(0).map(|_| V::IntOf("time.Weekday", t.weekday() as i64)),
        "Unix" => want(0).map(|_| V::IntOf("int64", t.unix())),
        "UnixMilli" => {
            want(0).map(|_| V::IntOf("int64", t.unix() * 1000 + i64::from(t.nanos / 1_000_000)))
        }
        "UTC" => want(0).map(|_| V::Time(t.utc())),
        "IsZero" => want(0).map(|_| V::Bool(*t == GoTime::zero())),
        _ => Err(format!("can't evaluate field {name} in type time.Time")),
    }
}

/// The Atlas SDK's methods on its model structs: `GetX` (the field's value, or its zero
/// value for a nil pointer), `HasX` (pointer fields: whether set) and `GetXOk`, which
/// returns two values and so cannot be called from a template. `NullFields` has none.
fn method(recv: &V, name: &str) -> Option<Result<V, String>> {
    let V::Struct { fields, .. } = recv else {
        return None;
    };
    let field = |f: &str| {
        fields
            .iter()
            .find(|(n, _)| *n == f && *n != "NullFields")
            .map(|(_, v)| v)
    };
    if let Some(f) = name.strip_prefix("Get").and_then(|f| f.strip_suffix("Ok")) {
        if field(f).is_some() {
            return Some(Err(format!(
                "can't call method/function {name:?} with 2 results"
            )));
        }
    }
    if let Some(v) = name.strip_prefix("Get").and_then(field) {
        return Some(Ok(match v {
            V::Ptr { target, .. } => (**target).clone(),
            other => other.clone(),
        }));
    }
    match name.strip_prefix("Has").and_then(field) {
        Some(V::Ptr { nil, .. }) => Some(Ok(V::Bool(!nil))),
        _ => None,
    }
}
