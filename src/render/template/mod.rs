//! Go text/template for `-o go-template=...` and `-o go-template-file=...`.
//!
//! The official CLI runs the user's template on its Go struct (`*admin.CloudAppUser`) and
//! pipes the result through a tabwriter; provisioning scripts capture what it prints, so
//! this is a faithful re-implementation of the parts of text/template a template over one
//! record can use: actions, pipelines, variables, if/else if/with/range (with break and
//! continue), define/template/block, trim markers, comments and the predefined functions.
//! Errors read like Go's.

use crate::error::Error;

mod exec;
mod fmt;
mod funcs;
mod lex;
mod parse;
pub(crate) mod value;

use parse::Trees;
pub(crate) use value::V;

/// The name the official CLI gives its template; it appears in error messages.
const NAME: &str = "output";

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    src: String,
    trees: Trees,
}

impl Template {
    /// Parses `src`; the error reads like Go's (`template: output:1: ...`).
    pub fn parse(src: &str) -> Result<Template, Error> {
        let trees = parse::parse(NAME, src, &funcs::exists).map_err(|(pos, msg)| {
            Error::usage(format!("template: {NAME}:{}: {msg}", line(src, pos)))
        })?;
        Ok(Template {
            src: src.to_string(),
            trees,
        })
    }

    /// Executes against `data` (the template's dot) and aligns the result with the tabwriter.
    pub fn render(&self, data: &V) -> Result<String, Error> {
        self.execute(data).map_err(|(e, _)| e)
    }

    /// Tries the template on `sample` before anything is sent, refusing only what fails
    /// whatever the answer: an error reached unconditionally that is not about the data's
    /// contents (a misspelt field or method, a wrong type for a function). An error inside
    /// an `if`, `with` or `range` body, or about an index, a length or a nil pointer,
    /// depends on the answer, so the real answer decides.
    pub(crate) fn check(&self, sample: &V) -> Result<(), Error> {
        match self.execute(sample) {
            Ok(_) => Ok(()),
            Err((_, true)) => Ok(()),
            Err((e, false)) => Err(e),
        }
    }

    /// The output, or the error and whether it depends on the data.
    fn execute(&self, data: &V) -> Result<String, (Error, bool)> {
        let mut e = exec::Exec::new(&self.trees);
        match e.run(NAME, data) {
            Ok(()) => Ok(crate::render::tabwriter::align(&e.out)),
            Err(err) => {
                let depends = err.conditional || depends_on_data(&err.msg);
                let (l, col) = line_col(&self.src, err.pos);
                let at = &err.at;
                Err((
                    Error::usage(format!(
                        "template: {NAME}:{l}:{col}: executing \"{NAME}\" at <{at}>: {}",
                        err.msg
                    )),
                    depends,
                ))
            }
        }
    }
}

/// Whether an execution error is about the data's contents (an index, a length, a nil
/// pointer) rather than its shape.
fn depends_on_data(msg: &str) -> bool {
    [
        "index out of range",
        "invalid slice index",
        "nil pointer",
        "len of nil",
        "index of nil",
    ]
    .iter()
    .any(|m| msg.contains(m))
}

fn line(src: &str, pos: usize) -> usize {
    line_col(src, pos).0
}

/// 1-based line and 0-based byte column, as Go's ErrorContext reports them.
fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let before = &src.as_bytes()[..pos.min(src.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = match before.iter().rposition(|&b| b == b'\n') {
        Some(nl) => pos - nl - 1,
        None => pos,
    };
    (line, col)
}
