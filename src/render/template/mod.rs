//! Go text/template for `-o go-template=...` and `-o go-template-file=...`.
//!
//! The official CLI runs the user's template on its Go struct (`*admin.CloudAppUser`) and
//! pipes the result through a tabwriter; provisioning scripts capture what it prints, so
//! this is a faithful re-implementation of the parts of text/template a template over one
//! record can use: actions, pipelines, variables, if/else if/with/range (with break and
//! continue), define/template/block, trim markers, comments and the predefined functions.
//! Errors read like Go's.
//!
//! What a user sees (this was the README's; it is held by `tests/formats.rs`,
//! `tests/go_crosscheck.rs` and `tests/template_diff.rs`):
//!
//! - Fields have the SDK's Go names: `Country`, `CreatedAt`, `EmailAddress`, `FirstName`,
//!   `Id`, `LastAuth`, `LastName`, `Links` (`Href`, `Rel`), `MobileNumber`, `Password`,
//!   `Roles` (`GroupId`, `OrgId`, `RoleName`), `TeamIds`, `Username`, and the SDK's
//!   `GetX`/`HasX` methods; the 2025-02-19 answers have theirs (`OrgMembershipStatus`,
//!   `Roles.OrgRoles`, `Roles.GroupRoleAssignments`, `InvitationExpiresAt`, ...).
//! - Supported: actions, pipelines, field chains, variables with `:=` and `=`,
//!   `if`/`else if`/`else`, `with`/`else with`, `range` (slices, integers; index and element
//!   variables, `else`, `break`, `continue`), `define`, `template`, `block`, `{{- -}}`,
//!   comments, and `and or not len index slice print printf println eq ne lt le gt ge html
//!   js urlquery` plus the official `valueOrEmptySlice` and `formatAliases`. `printf`
//!   handles `%v %+v %T %s %q %d %t %x %X %o %b %c %U %e %f %g %%` with flags, widths and
//!   precisions (Go's `fmt`, ported in `fmt.rs`): verbs other than `%v` apply to each
//!   element and field, a verb that does not fit prints `%!verb(type=value)` keeping its
//!   width and flags (`%!s(int=2026    )`), integer verbs print a pointer's address in
//!   their base, `html`, `js` and `urlquery` follow pointers, `len` follows pointers while
//!   `index` and `slice` do not, `lt`/`le`/`gt`/`ge` refuse incompatible kinds.
//! - Values print as Go prints them: a nil pointer is `<nil>`, times `2026-08-10 03:07:30
//!   +0000 UTC`, slices `[a b]`; every model struct ends with `NullFields []string`, so
//!   `{{.}}` prints `{US 2026-08-10 ... user@example.com []}`; `GetXOk` (two results) is
//!   Go's error. Time values have `Format` (Go layouts), `String`, `Year`, `Month`, `Day`,
//!   `Hour`, `Minute`, `Second`, `Nanosecond`, `YearDay`, `Weekday`, `Unix`, `UnixMilli`,
//!   `UTC` and `IsZero`. Output goes through Go's tabwriter with the official settings
//!   (minimum width 6, tab width 4, padding 3, spaces).
//! - Before sending, a template is tried on two sample answers, one with every field and
//!   one with none, and refused (exit 2) only when no answer could avoid the error: a
//!   syntax error, an unknown function, a misspelt field or a wrong type that fails both
//!   alike (`{{.Usename}}`). Whatever an answer could change is left to the real one, as the
//!   official CLI does (`{{range .Roles}}{{.Href}}{{end}}`, `{{index .Roles 0}}`);
//!   `tests/template_diff.rs` counts templates Go renders that ours refuses before
//!   sending: zero.
//! - Not supported: `call`, other methods, Go-syntax output (`%#v` prints as `%v`), and
//!   real memory addresses (ours are stand-ins, numbered within each print; Go's change on
//!   every run). A string sliced through a multi-byte character shows U+FFFD where Go
//!   prints the raw bytes.

use crate::error::Error;

mod exec;
mod fmt;
mod funcs;
mod lex;
mod parse;
pub(crate) mod value;

use exec::Kind;
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

    /// Tries the template before anything is sent, on two answers of the expected shape:
    /// `full` (every field set) and `empty` (none). It is refused only when no answer
    /// could avoid the error: both fail with the same message, and the error is the
    /// template's own (`Kind::Template`), not about the answer's contents. Whatever an
    /// answer could change (a branch, an index, `and` stopping early) is left to the real
    /// answer.
    pub(crate) fn check(&self, full: &V, empty: &V) -> Result<(), Error> {
        match (self.execute(full), self.execute(empty)) {
            (Err((e, Kind::Template)), Err((other, _))) if e.to_string() == other.to_string() => {
                Err(e)
            }
            _ => Ok(()),
        }
    }

    /// The output, or the error and its kind.
    fn execute(&self, data: &V) -> Result<String, (Error, Kind)> {
        let mut e = exec::Exec::new(&self.trees);
        match e.run(NAME, data) {
            Ok(()) => Ok(crate::render::tabwriter::align(&e.out)),
            Err(err) => {
                let (l, col) = line_col(&self.src, err.pos);
                let at = &err.at;
                Err((
                    Error::usage(format!(
                        "template: {NAME}:{l}:{col}: executing \"{NAME}\" at <{at}>: {}",
                        err.msg
                    )),
                    err.kind,
                ))
            }
        }
    }
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
