//! The lexer of Go's text/template: text and `{{ }}` actions, trim markers, comments.

/// A token with its byte offset in the template source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) kind: Tok,
    pub(crate) pos: usize,
    /// Source text of the token (for messages).
    pub(crate) text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Text(String),
    Open,
    Close,
    /// `.Name` (the name without the dot).
    Field(String),
    /// `$` or `$name` (with the dollar).
    Var(String),
    Ident(String),
    Keyword(&'static str),
    Dot,
    Str(String),
    Char(char),
    Number(String),
    Bool(bool),
    Nil,
    Pipe,
    LParen,
    RParen,
    Declare,
    Assign,
    Comma,
    Space,
    Eof,
}

const KEYWORDS: [&str; 10] = [
    "block", "break", "continue", "define", "else", "end", "if", "range", "template", "with",
];

/// Splits `src` into tokens, or fails with `(offset, message)`.
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, (usize, String)> {
    let mut out = Vec::new();
    let b = src.as_bytes();
    let mut i = 0;
    let mut trim_next = false;
    while i < b.len() {
        let open = src[i..].find("{{").map(|o| i + o);
        let text_end = open.unwrap_or(b.len());
        let mut text = &src[i..text_end];
        if trim_next {
            text = text.trim_start_matches([' ', '\t', '\r', '\n']);
            trim_next = false;
        }
        let Some(open) = open else {
            if !text.is_empty() {
                out.push(tok(Tok::Text(text.into()), i, text));
            }
            break;
        };
        // `{{- ` trims the text before it.
        let trim_left = src[open + 2..].starts_with('-')
            && src[open + 3..].starts_with([' ', '\t', '\r', '\n']);
        if trim_left {
            text = text.trim_end_matches([' ', '\t', '\r', '\n']);
        }
        if !text.is_empty() {
            out.push(tok(Tok::Text(text.into()), i, text));
        }
        i = open + 2 + if trim_left { 2 } else { 0 };
        // Comments: `{{/* ... */}}`, closed right away.
        if src[i..].starts_with("/*") {
            let end = src[i + 2..]
                .find("*/")
                .map(|e| i + 2 + e + 2)
                .ok_or((open, "unclosed comment".to_string()))?;
            let rest = &src[end..];
            if rest.starts_with("}}") {
                i = end + 2;
            } else if rest.starts_with(" -}}")
                || rest.starts_with("\t-}}")
                || rest.starts_with("\n-}}")
            {
                i = end + 4;
                trim_next = true;
            } else {
                return Err((open, "comment ends before closing delimiter".into()));
            }
            continue;
        }
        out.push(tok(Tok::Open, open, "{{"));
        i = lex_action(src, i, &mut out, &mut trim_next)?;
    }
    out.push(tok(Tok::Eof, src.len(), ""));
    Ok(out)
}

fn tok(kind: Tok, pos: usize, text: &str) -> Token {
    Token {
        kind,
        pos,
        text: text.to_string(),
    }
}

/// Lexes inside `{{ }}` from `i`; returns the offset after `}}`.
fn lex_action(
    src: &str,
    mut i: usize,
    out: &mut Vec<Token>,
    trim_next: &mut bool,
) -> Result<usize, (usize, String)> {
    let mut depth = 0i32;
    loop {
        let rest = &src[i..];
        if let Some(trim) = closing(rest) {
            if depth > 0 {
                return Err((i, "unclosed left paren".into()));
            }
            out.push(tok(Tok::Close, i, "}}"));
            *trim_next = trim;
            return Ok(i + if trim { 4 } else { 2 });
        }
        let Some(c) = rest.chars().next() else {
            return Err((i, "unclosed action".into()));
        };
        let start = i;
        let punct = |kind, text: &'static str| (Some(tok(kind, start, text)), start + text.len());
        let (token, end) = match c {
            ' ' | '\t' | '\r' | '\n' => space(src, start),
            '|' => punct(Tok::Pipe, "|"),
            '(' => {
                depth += 1;
                punct(Tok::LParen, "(")
            }
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err((start, "unexpected right paren".into()));
                }
                punct(Tok::RParen, ")")
            }
            ',' => punct(Tok::Comma, ","),
            ':' if rest.starts_with(":=") => punct(Tok::Declare, ":="),
            ':' => return Err((start, "expected :=".into())),
            '=' => punct(Tok::Assign, "="),
            '"' | '`' | '\'' => quoted(src, start, c)?,
            '.' if !rest[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                let mut end = start + 1;
                let name = word(src, &mut end);
                let kind = if name.is_empty() {
                    Tok::Dot
                } else {
                    Tok::Field(name)
                };
                (Some(tok(kind, start, &src[start..end])), end)
            }
            '$' => {
                let mut end = start + 1;
                let name = word(src, &mut end);
                let kind = Tok::Var(format!("${name}"));
                (Some(tok(kind, start, &src[start..end])), end)
            }
            c if c.is_ascii_digit()
                || ((c == '-' || c == '+' || c == '.')
                    && rest[1..].starts_with(|d: char| d.is_ascii_digit())) =>
            {
                number(src, start)
            }
            c if c.is_alphabetic() || c == '_' => ident(src, start),
            c => return Err((start, format!("unrecognized character in action: {c:?}"))),
        };
        out.extend(token);
        i = end;
    }
}

/// At `}}` (`Some(false)`) or ` -}}`, which also trims the text after it (`Some(true)`).
fn closing(rest: &str) -> Option<bool> {
    if rest.starts_with("}}") {
        return Some(false);
    }
    let trims =
        rest.len() > 3 && rest.starts_with([' ', '\t', '\r', '\n']) && rest[1..].starts_with("-}}");
    trims.then_some(true)
}

/// A run of spaces; none when it only precedes ` -}}`, whose space belongs to the delimiter.
fn space(src: &str, start: usize) -> (Option<Token>, usize) {
    let b = src.as_bytes();
    let mut i = start;
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    if src[i..].starts_with("-}}") {
        i -= 1;
        if i == start {
            return (None, i);
        }
    }
    (Some(tok(Tok::Space, start, " ")), i)
}

/// A string (`"..."` or a raw `` `...` ``) or a character constant (`'x'`).
fn quoted(src: &str, start: usize, quote: char) -> Result<(Option<Token>, usize), (usize, String)> {
    let (s, end) = string(src, start, quote)?;
    let text = &src[start..end];
    if quote != '\'' {
        return Ok((Some(tok(Tok::Str(s), start, text)), end));
    }
    let mut chars = s.chars();
    let (Some(ch), None) = (chars.next(), chars.next()) else {
        return Err((start, format!("malformed character constant: {text}")));
    };
    Ok((Some(tok(Tok::Char(ch), start, text)), end))
}

/// A number literal, checked later by the parser.
fn number(src: &str, start: usize) -> (Option<Token>, usize) {
    let b = src.as_bytes();
    let mut i = start + 1;
    while i < b.len()
        && (b[i].is_ascii_alphanumeric()
            || b[i] == b'.'
            || b[i] == b'_'
            || ((b[i] == b'+' || b[i] == b'-') && matches!(b[i - 1], b'e' | b'E' | b'p' | b'P')))
    {
        i += 1;
    }
    let text = &src[start..i];
    (Some(tok(Tok::Number(text.into()), start, text)), i)
}

/// A keyword, `true`, `false`, `nil`, or a function name.
fn ident(src: &str, start: usize) -> (Option<Token>, usize) {
    let mut end = start;
    let w = word(src, &mut end);
    let kind = match w.as_str() {
        "true" => Tok::Bool(true),
        "false" => Tok::Bool(false),
        "nil" => Tok::Nil,
        k => match KEYWORDS.iter().find(|kw| **kw == k) {
            Some(kw) => Tok::Keyword(kw),
            None => Tok::Ident(w.clone()),
        },
    };
    (Some(tok(kind, start, &w)), end)
}

fn word(src: &str, i: &mut usize) -> String {
    let start = *i;
    for c in src[start..].chars() {
        if c.is_alphanumeric() || c == '_' {
            *i += c.len_utf8();
        } else {
            break;
        }
    }
    src[start..*i].to_string()
}

/// A Go string literal (`"..."` with escapes, or raw `` `...` ``) starting at `i`.
fn string(src: &str, i: usize, quote: char) -> Result<(String, usize), (usize, String)> {
    let mut out = String::new();
    let mut chars = src[i + 1..].char_indices();
    while let Some((j, c)) = chars.next() {
        let at = i + 1 + j;
        if c == quote {
            return Ok((out, at + 1));
        }
        if quote == '`' {
            out.push(c);
            continue;
        }
        match c {
            '\n' => return Err((i, "unterminated quoted string".into())),
            '\\' => {
                let Some((_, e)) = chars.next() else { break };
                let hex = |chars: &mut std::str::CharIndices, n: usize| -> Option<char> {
                    let digits: String = (0..n)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    u32::from_str_radix(&digits, 16)
                        .ok()
                        .and_then(char::from_u32)
                };
                let ch = match e {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'v' => '\u{b}',
                    '\\' => '\\',
                    '"' => '"',
                    '\'' => '\'',
                    'x' => hex(&mut chars, 2).ok_or((at, "invalid escape".to_string()))?,
                    'u' => hex(&mut chars, 4).ok_or((at, "invalid escape".to_string()))?,
                    'U' => hex(&mut chars, 8).ok_or((at, "invalid escape".to_string()))?,
                    _ => return Err((at, format!("invalid syntax: unknown escape \\{e}"))),
                };
                out.push(ch);
            }
            c => out.push(c),
        }
    }
    Err((i, "unterminated quoted string".into()))
}
