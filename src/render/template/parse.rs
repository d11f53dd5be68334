//! The parser of Go's text/template: actions, pipelines, control structures, `define`.

use std::collections::BTreeMap;

use super::lex::{Tok, Token};

/// A node of a template body.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Text(String),
    Action(Pipe),
    If(Branch),
    With(Branch),
    Range(Branch),
    Template {
        pos: usize,
        name: String,
        pipe: Option<Pipe>,
    },
    Break,
    Continue,
}

/// `if`, `with` and `range`: the pipeline, the body and the optional `else` body.
#[derive(Debug, Clone)]
pub(crate) struct Branch {
    pub(crate) pos: usize,
    pub(crate) pipe: Pipe,
    pub(crate) list: Vec<Node>,
    pub(crate) else_list: Option<Vec<Node>>,
}

/// `$x := cmd | cmd`.
#[derive(Debug, Clone)]
pub(crate) struct Pipe {
    pub(crate) pos: usize,
    pub(crate) decl: Vec<String>,
    pub(crate) assign: bool,
    pub(crate) cmds: Vec<Cmd>,
}

/// One command: a function or value and its arguments.
#[derive(Debug, Clone)]
pub(crate) struct Cmd {
    pub(crate) src: String,
    pub(crate) args: Vec<ArgNode>,
}

/// An operand with its position and source text (for error messages).
#[derive(Debug, Clone)]
pub(crate) struct ArgNode {
    /// Where errors about it are reported (a field chain's first link, as Go does).
    pub(crate) pos: usize,
    /// Where its source text starts.
    pub(crate) start: usize,
    pub(crate) src: String,
    pub(crate) arg: Arg,
}

#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Dot,
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Char(char),
    /// `.A.B`.
    Field(Vec<String>),
    /// `$x.A.B`.
    Var(String, Vec<String>),
    /// A function name.
    Func(String),
    /// `(pipeline).A.B`.
    Sub(Box<Pipe>, Vec<String>),
}

/// Parsed templates by name; the main one is `output`.
pub(crate) type Trees = BTreeMap<String, Vec<Node>>;

/// What ended a list.
enum Stop {
    Eof,
    End,
    Else(usize),
}

pub(crate) struct Parser<'a> {
    pub(crate) src: &'a str,
    toks: Vec<Token>,
    i: usize,
    trees: Trees,
    vars: Vec<String>,
    range_depth: usize,
    /// Nesting of blocks and parentheses, bounded so no input can exhaust the stack.
    depth: usize,
    funcs: &'a dyn Fn(&str) -> bool,
}

/// Deepest nesting of control blocks and parenthesized pipelines accepted.
const MAX_DEPTH: usize = 100;

/// Parses `src` named `name`; `funcs` says which function names exist.
pub(crate) fn parse(
    name: &str,
    src: &str,
    funcs: &dyn Fn(&str) -> bool,
) -> Result<Trees, (usize, String)> {
    let toks = super::lex::lex(src)?;
    let mut p = Parser {
        src,
        toks,
        i: 0,
        trees: Trees::new(),
        vars: vec!["$".into()],
        range_depth: 0,
        depth: 0,
        funcs,
    };
    let (list, end) = p.list()?;
    match end {
        Stop::Eof => {}
        Stop::End => return Err((p.pos(), "unexpected {{end}}".into())),
        Stop::Else(pos) => return Err((pos, "unexpected {{else}}".into())),
    }
    // A `define` may not replace a non-empty main template body; Go keeps the body.
    p.trees.insert(name.to_string(), list);
    Ok(p.trees)
}

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        &self.toks[self.i].kind
    }

    fn pos(&self) -> usize {
        self.toks[self.i].pos
    }

    fn next(&mut self) -> Token {
        let t = self.toks[self.i].clone();
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
        t
    }

    /// The next token that is not a space.
    fn next_non_space(&mut self) -> Token {
        loop {
            let t = self.next();
            if t.kind != Tok::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> &Tok {
        while *self.peek() == Tok::Space {
            self.i += 1;
        }
        self.peek()
    }

    fn err<T>(&self, pos: usize, msg: impl Into<String>) -> Result<T, (usize, String)> {
        Err((pos, msg.into()))
    }

    /// Nodes until EOF, `{{end}}` or `{{else}}`.
    fn list(&mut self) -> Result<(Vec<Node>, Stop), (usize, String)> {
        let mut nodes = Vec::new();
        loop {
            let t = self.next();
            match t.kind {
                Tok::Eof => return Ok((nodes, Stop::Eof)),
                Tok::Text(s) => nodes.push(Node::Text(s)),
                Tok::Open => {
                    let kw = self.peek_non_space().clone();
                    match kw {
                        Tok::Keyword("end") => {
                            self.next_non_space();
                            self.close("end")?;
                            return Ok((nodes, Stop::End));
                        }
                        Tok::Keyword("else") => {
                            let pos = self.next_non_space().pos;
                            return Ok((nodes, Stop::Else(pos)));
                        }
                        _ => {
                            if let Some(n) = self.action()? {
                                nodes.push(n);
                            }
                        }
                    }
                }
                _ => return self.err(t.pos, format!("unexpected {}", t.text)),
            }
        }
    }

    fn close(&mut self, what: &str) -> Result<(), (usize, String)> {
        let t = self.next_non_space();
        if t.kind != Tok::Close {
            return self.err(t.pos, format!("unexpected {} in {what}", quote(&t)));
        }
        Ok(())
    }

    fn action(&mut self) -> Result<Option<Node>, (usize, String)> {
        if self.depth >= MAX_DEPTH {
            return self.err(self.pos(), format!("blocks nested deeper than {MAX_DEPTH}"));
        }
        self.depth += 1;
        let r = self.action_inner();
        self.depth -= 1;
        r
    }

    fn action_inner(&mut self) -> Result<Option<Node>, (usize, String)> {
        let t = self.peek_non_space().clone();
        let pos = self.pos();
        match t {
            Tok::Keyword("if") => {
                self.next();
                Ok(Some(Node::If(self.branch("if", pos)?)))
            }
            Tok::Keyword("with") => {
                self.next();
                Ok(Some(Node::With(self.branch("with", pos)?)))
            }
            Tok::Keyword("range") => {
                self.next();
                self.range_depth += 1;
                let b = self.branch("range", pos);
                self.range_depth -= 1;
                Ok(Some(Node::Range(b?)))
            }
            Tok::Keyword(kw @ ("break" | "continue")) => {
                self.next();
                if self.range_depth == 0 {
                    return self.err(pos, format!("{{{{{kw}}}}} outside {{{{range}}}}"));
                }
                self.close(kw)?;
                Ok(Some(if kw == "break" {
                    Node::Break
                } else {
                    Node::Continue
                }))
            }
            Tok::Keyword("define") => {
                self.next();
                let name = self.template_name("define")?;
                self.close("define clause")?;
                let saved = std::mem::replace(&mut self.vars, vec!["$".into()]);
                let (list, end) = self.list()?;
                self.vars = saved;
                if !matches!(end, Stop::End) {
                    return self.err(pos, "unexpected EOF");
                }
                self.trees.insert(name, list);
                Ok(None)
            }
            Tok::Keyword(kw @ ("template" | "block")) => {
                self.next();
                // Go reports errors of a template call at its name.
                self.peek_non_space();
                let pos = self.pos();
                let name = self.template_name(kw)?;
                let pipe = if *self.peek_non_space() == Tok::Close {
                    self.next();
                    None
                } else {
                    Some(self.pipeline(kw, false, Tok::Close)?)
                };
                if kw == "block" {
                    let saved = std::mem::replace(&mut self.vars, vec!["$".into()]);
                    let (list, end) = self.list()?;
                    self.vars = saved;
                    if !matches!(end, Stop::End) {
                        return self.err(pos, "unexpected EOF");
                    }
                    self.trees.insert(name.clone(), list);
                }
                Ok(Some(Node::Template { pos, name, pipe }))
            }
            Tok::Keyword(kw) => self.err(pos, format!("unexpected {kw}")),
            _ => Ok(Some(Node::Action(self.pipeline(
                "command",
                true,
                Tok::Close,
            )?))),
        }
    }

    fn template_name(&mut self, ctx: &str) -> Result<String, (usize, String)> {
        let t = self.next_non_space();
        match t.kind {
            Tok::Str(s) => Ok(s),
            _ => self.err(t.pos, format!("unexpected {} in {ctx} clause", quote(&t))),
        }
    }

    /// `if`/`with`/`range` after the keyword, through `{{end}}`.
    fn branch(&mut self, kw: &str, pos: usize) -> Result<Branch, (usize, String)> {
        let mark = self.vars.len();
        let pipe = self.pipeline(kw, true, Tok::Close)?;
        let (list, end) = self.list()?;
        let else_list = match end {
            Stop::Eof => return self.err(pos, "unexpected EOF"),
            Stop::End => None,
            Stop::Else(epos) => {
                // `{{else if ...}}` and `{{else with ...}}` chain without their own {{end}}.
                let chained = match self.peek_non_space() {
                    Tok::Keyword("if") if kw == "if" => Some("if"),
                    Tok::Keyword("with") if kw == "with" => Some("with"),
                    _ => None,
                };
                if let Some(inner) = chained {
                    let ipos = self.pos();
                    self.next();
                    if self.depth >= MAX_DEPTH {
                        return self.err(ipos, format!("blocks nested deeper than {MAX_DEPTH}"));
                    }
                    self.depth += 1;
                    let b = self.branch(inner, ipos);
                    self.depth -= 1;
                    let b = b?;
                    Some(vec![if inner == "if" {
                        Node::If(b)
                    } else {
                        Node::With(b)
                    }])
                } else {
                    self.close("else")?;
                    let (l, e) = self.list()?;
                    match e {
                        Stop::End => Some(l),
                        Stop::Else(p) => return self.err(p, "expected end; found {{else}}"),
                        Stop::Eof => return self.err(epos, "unexpected EOF"),
                    }
                }
            }
        };
        self.vars.truncate(mark);
        Ok(Branch {
            pos,
            pipe,
            list,
            else_list,
        })
    }

    /// A pipeline up to `end` (`}}` or `)`), with optional declarations.
    fn pipeline(&mut self, ctx: &str, allow_decl: bool, end: Tok) -> Result<Pipe, (usize, String)> {
        let pos = {
            self.peek_non_space();
            self.pos()
        };
        let (decl, assign) = if allow_decl {
            self.declarations(ctx, pos)?
        } else {
            (Vec::new(), false)
        };
        let mut cmds = Vec::new();
        loop {
            let t = self.peek_non_space().clone();
            if t == end {
                self.next();
                break;
            }
            if matches!(t, Tok::Eof) {
                return self.err(self.pos(), "unclosed action");
            }
            cmds.push(self.command(&end)?);
            if *self.peek_non_space() == Tok::Pipe {
                self.next();
                if *self.peek_non_space() == end {
                    return self.err(self.pos(), "missing command after |");
                }
            }
        }
        if cmds.is_empty() {
            return self.err(pos, format!("missing value for {ctx}"));
        }
        self.executable(&cmds)?;
        Ok(Pipe {
            pos,
            decl,
            assign,
            cmds,
        })
    }

    /// `$x :=`, `$x =` or (in a range) `$i, $x :=` at the start of a pipeline: the names
    /// and whether they are assigned (else declared). Without one, nothing is consumed.
    fn declarations(
        &mut self,
        ctx: &str,
        pos: usize,
    ) -> Result<(Vec<String>, bool), (usize, String)> {
        let save = self.i;
        let mut names = Vec::new();
        let mut decl = Vec::new();
        let mut assign = false;
        while let Tok::Var(v) = self.peek_non_space().clone() {
            self.next();
            names.push(v);
            match self.peek_non_space().clone() {
                Tok::Declare | Tok::Assign => {
                    assign = *self.peek() == Tok::Assign;
                    self.next();
                    decl = names;
                    break;
                }
                Tok::Comma if ctx == "range" && names.len() == 1 => {
                    self.next();
                }
                _ => break,
            }
        }
        if decl.is_empty() {
            self.i = save;
            return Ok((decl, false));
        }
        if decl.len() > 1 && assign {
            return self.err(pos, "too many declarations in assignment");
        }
        for v in &decl {
            if assign {
                if !self.vars.contains(v) {
                    return self.err(pos, format!("undefined variable \"{v}\""));
                }
            } else {
                self.vars.push(v.clone());
            }
        }
        Ok((decl, assign))
    }

    /// Every stage after the first must be something that can take the previous result.
    fn executable(&self, cmds: &[Cmd]) -> Result<(), (usize, String)> {
        for (i, c) in cmds.iter().enumerate().skip(1) {
            if let Some(first) = c.args.first() {
                if !matches!(
                    first.arg,
                    Arg::Func(_) | Arg::Field(_) | Arg::Var(..) | Arg::Sub(..) | Arg::Dot
                ) {
                    return self.err(
                        first.pos,
                        format!("non executable command in pipeline stage {}", i + 1),
                    );
                }
            }
        }
        Ok(())
    }

    fn command(&mut self, end: &Tok) -> Result<Cmd, (usize, String)> {
        let pos = self.pos();
        let mut args = Vec::new();
        loop {
            let t = self.peek().clone();
            match t {
                Tok::Space => {
                    self.next();
                    continue;
                }
                Tok::Pipe => break,
                ref e if e == end => break,
                Tok::Close | Tok::RParen => {
                    let t = self.next();
                    return self.err(t.pos, format!("unexpected {} in operand", quote(&t)));
                }
                _ => {}
            }
            let a = self.operand()?;
            // Operands must be separated by spaces.
            if !matches!(
                self.peek(),
                Tok::Space | Tok::Pipe | Tok::Close | Tok::RParen
            ) {
                let t = self.next();
                return self.err(t.pos, format!("unexpected {} in operand", quote(&t)));
            }
            args.push(a);
        }
        if args.is_empty() {
            return self.err(pos, "empty command");
        }
        let end = args.last().map_or(pos, |a| a.start + a.src.len());
        Ok(Cmd {
            src: self.src[pos..end].to_string(),
            args,
        })
    }

    fn operand(&mut self) -> Result<ArgNode, (usize, String)> {
        let t = self.next();
        let pos = t.pos;
        let arg = match t.kind {
            Tok::Dot => Arg::Dot,
            Tok::Nil => Arg::Nil,
            Tok::Bool(b) => Arg::Bool(b),
            Tok::Str(s) => Arg::Str(s),
            Tok::Char(c) => Arg::Char(c),
            Tok::Number(n) => number(&n).ok_or((pos, format!("bad number syntax: \"{n}\"")))?,
            Tok::Field(f) => Arg::Field(vec![f]),
            Tok::Var(v) => {
                if !self.vars.contains(&v) {
                    return self.err(pos, format!("undefined variable \"{v}\""));
                }
                Arg::Var(v, Vec::new())
            }
            Tok::Ident(name) => {
                if !(self.funcs)(&name) {
                    return self.err(pos, format!("function \"{name}\" not defined"));
                }
                Arg::Func(name)
            }
            Tok::LParen => {
                if self.depth >= MAX_DEPTH {
                    return self.err(pos, format!("parentheses nested deeper than {MAX_DEPTH}"));
                }
                self.depth += 1;
                let p = self.pipeline("parenthesized pipeline", false, Tok::RParen);
                self.depth -= 1;
                let p = p?;
                Arg::Sub(Box::new(p), Vec::new())
            }
            _ => return self.err(pos, format!("unexpected {} in operand", quote(&t))),
        };
        // Field chains: `.A.B`, `$x.A`, `(pipe).A`. Go places a chain at its first link.
        let mut arg = arg;
        let mut chain_pos = None;
        while let Tok::Field(f) = self.peek().clone() {
            chain_pos.get_or_insert(self.pos());
            self.next();
            match &mut arg {
                Arg::Field(names) | Arg::Var(_, names) | Arg::Sub(_, names) => names.push(f),
                _ => {
                    return self.err(
                        pos,
                        format!("unexpected . after term {:?}", &self.src[pos..self.pos()]),
                    )
                }
            }
        }
        let end = self.toks[self.i].pos;
        let src = self.src[pos..end].trim_end().to_string();
        Ok(ArgNode {
            pos: chain_pos.unwrap_or(pos),
            start: pos,
            src,
            arg,
        })
    }
}

fn quote(t: &Token) -> String {
    match t.kind {
        Tok::Eof => "EOF".into(),
        Tok::Close => "\"}}\"".into(),
        _ => format!("{:?}", t.text),
    }
}

/// A Go number literal: integers (with `_`, 0x, 0o, 0b), floats, and character codes.
fn number(s: &str) -> Option<Arg> {
    let clean = s.replace('_', "");
    let (neg, digits) = match clean.strip_prefix('-') {
        Some(d) => (true, d.to_string()),
        None => (false, clean.trim_start_matches('+').to_string()),
    };
    let radix = [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ];
    for (p, r) in radix {
        if let Some(d) = digits.strip_prefix(p) {
            let v = i64::from_str_radix(d, r).ok()?;
            return Some(Arg::Int(if neg { -v } else { v }));
        }
    }
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        if digits.len() > 1 && digits.starts_with('0') {
            let v = i64::from_str_radix(&digits[1..], 8).ok()?;
            return Some(Arg::Int(if neg { -v } else { v }));
        }
        let v: i64 = digits.parse().ok()?;
        return Some(Arg::Int(if neg { -v } else { v }));
    }
    let f: f64 = digits.parse().ok()?;
    // Go treats float constants with integral values as ints where an int fits.
    Some(Arg::Float(if neg { -f } else { f }))
}
