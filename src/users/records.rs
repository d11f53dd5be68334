//! The records of `--file`: CSV (RFC 4180, read by csv-core: a header row, quoted fields
//! with commas, quotes and newlines, CRLF, an optional UTF-8 BOM) or JSON Lines (the first
//! non-blank character is `{`). Column and key names are the flag names, in any case.
//!
//! Only the syntax is judged here; every problem carries the line where its record starts
//! and the column (CSV) or key (JSON Lines), and all of them are reported together.

use miniserde::json::Value;

use crate::error::Error;
use crate::flags::defs;
use crate::users::problems::Problem;

/// One value of a record and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    /// The column's canonical name (`firstName`).
    pub(crate) column: &'static str,
    /// Where it stands, for messages.
    pub(crate) place: Place,
    /// The text; roles from a JSON array are joined with commas.
    pub(crate) value: String,
}

/// Where a cell stands: written out only when a message needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// A CSV column, 1-based.
    Column(usize),
    /// A JSON Lines key, as written.
    Key(String),
}

impl Place {
    /// `column 3 (country)` or `key "country"`.
    pub(crate) fn describe(&self, column: &str) -> String {
        match self {
            Place::Column(n) => format!("column {n} ({column})"),
            Place::Key(key) => format!("key {key:?}"),
        }
    }
}

/// One record: the line where it starts and its non-empty cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) line: usize,
    pub(crate) cells: Vec<Cell>,
}

impl Record {
    /// The cell of `column`, if the record has a non-empty one.
    pub(crate) fn get(&self, column: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.column == column)
    }

    pub(crate) fn get_mut(&mut self, column: &str) -> Option<&mut Cell> {
        self.cells.iter_mut().find(|c| c.column == column)
    }
}

/// Parses `text` as CSV or JSON Lines; the usage error lists every problem found, each
/// starting `line N`.
#[cfg(test)]
pub(crate) fn parse(text: &str) -> Result<Vec<Record>, Error> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for r in Records::new(text) {
        match r {
            Ok(record) => records.push(record),
            Err(more) => problems.extend(more.iter().map(Problem::whole)),
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(Error::Usage(problems))
    }
}

/// The records of a file, read one at a time: each item is a record, or the problems of
/// one (the header's come first). Nothing but the record at hand is kept, so a file of any
/// length costs its text and one record.
pub(crate) struct Records<'a> {
    kind: Kind<'a>,
}

enum Kind<'a> {
    Csv {
        rows: Box<CsvRows<'a>>,
        /// The header's columns (`None`: unknown), once read.
        columns: Option<Vec<Option<&'static str>>>,
    },
    Json(std::iter::Enumerate<Lines<'a>>),
    /// A header row that cannot be read: nothing more is.
    Done,
}

impl<'a> Records<'a> {
    pub(crate) fn new(text: &'a str) -> Records<'a> {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let kind = if body.trim_start().starts_with('{') {
            Kind::Json(split_lines(body).enumerate())
        } else {
            Kind::Csv {
                rows: Box::new(CsvRows::new(body.as_bytes())),
                columns: None,
            }
        };
        Records { kind }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Record, Vec<Problem>>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.kind {
            Kind::Done => None,
            Kind::Json(lines) => loop {
                let (i, raw) = lines.next()?;
                if !raw.trim().is_empty() {
                    return Some(json_line(i + 1, raw));
                }
            },
            Kind::Csv { rows, columns } => loop {
                let (line, fields) = match rows.next() {
                    Some(Ok(row)) => row,
                    // Without a header, no later row can be read.
                    Some(Err(p)) if columns.is_none() => {
                        self.kind = Kind::Done;
                        return Some(Err(vec![p]));
                    }
                    Some(Err(p)) => return Some(Err(vec![p])),
                    None if columns.is_none() => {
                        *columns = Some(Vec::new());
                        return Some(Err(vec![Problem {
                            line: None,
                            text: "the file is empty: want a header row (username,email,...) and one row per user".into(),
                        }]));
                    }
                    None => return None,
                };
                let Some(cols) = columns else {
                    let (cols, problems) = header(line, &fields);
                    *columns = Some(cols);
                    if problems.is_empty() {
                        continue;
                    }
                    return Some(Err(problems));
                };
                if fields.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                return Some(csv_record(line, fields, cols));
            },
        }
    }
}

/// The header's columns, and its problems.
fn header(line: usize, names: &[String]) -> (Vec<Option<&'static str>>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let col = column(name);
        match col {
            None => problems.push(Problem::at(
                line,
                format!(", column {}: {}", i + 1, unknown(name)),
            )),
            Some(c) if columns.contains(&Some(c)) => problems.push(Problem::at(
                line,
                format!(", column {}: column {c} appears twice", i + 1),
            )),
            Some(_) => {}
        }
        columns.push(col);
    }
    (columns, problems)
}

/// One CSV row as a record of its header's columns.
fn csv_record(
    line: usize,
    fields: Vec<String>,
    columns: &[Option<&'static str>],
) -> Result<Record, Vec<Problem>> {
    if fields.len() != columns.len() {
        return Err(vec![Problem::at(
            line,
            format!(
                ": {} fields, but the header has {} (quote a value that holds a comma)",
                fields.len(),
                columns.len()
            ),
        )]);
    }
    let cells = fields
        .into_iter()
        .enumerate()
        .filter_map(|(i, value)| {
            let column = columns[i]?;
            (!value.is_empty()).then(|| Cell {
                column,
                place: Place::Column(i + 1),
                value,
            })
        })
        .collect();
    Ok(Record { line, cells })
}

/// The canonical name of a column, matched without regard to case.
fn column(name: &str) -> Option<&'static str> {
    defs::columns()
        .map(|f| f.name)
        .find(|c| c.eq_ignore_ascii_case(name.trim()))
}

fn unknown(name: &str) -> String {
    format!(
        "unknown column {name:?} (the columns are the flag names: {})",
        defs::columns()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Every CSV record with the line it starts on, or the line of a quoted field that is
/// never closed.
pub fn csv_rows(text: &[u8]) -> Result<Vec<(usize, Vec<String>)>, Error> {
    CsvRows::new(text)
        .collect::<Result<_, _>>()
        .map_err(|p| Error::usage(p.whole()))
}

/// The most fields a record may have: the columns are the flag names, nine of them.
const MAX_FIELDS: usize = 64;
/// The most bytes a record may hold: a CSV record's fields, a JSON Lines line.
const MAX_RECORD: usize = 1 << 20;

/// The rows of a CSV text, one at a time, with growing buffers: a row costs what it holds,
/// and one past `MAX_FIELDS` or `MAX_RECORD` is refused without being kept.
struct CsvRows<'a> {
    text: &'a [u8],
    /// Bytes of `text` consumed, and the line they end on.
    pos: usize,
    line: usize,
    reader: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Whether the final line ending was given: a text without one gets it, so every
    /// record ends inside the input and a quote left open is seen.
    tail: bool,
    done: bool,
}

impl<'a> CsvRows<'a> {
    fn new(text: &'a [u8]) -> CsvRows<'a> {
        CsvRows {
            text,
            pos: 0,
            line: 1,
            reader: csv_core::Reader::new(),
            out: vec![0; 1024],
            ends: vec![0; 32],
            tail: text.ends_with(b"\n"),
            done: false,
        }
    }
}

impl CsvRows<'_> {
    /// The first `n` fields csv-core has written.
    fn fields(&self, n: usize) -> Vec<String> {
        let mut fields = Vec::with_capacity(n);
        let mut from = 0;
        for &end in &self.ends[..n] {
            // The input is UTF-8 and csv-core splits it only at ASCII bytes, so the
            // lossy conversion is a fallback that valid text never reaches.
            let bytes = &self.out[from..end];
            fields.push(match std::str::from_utf8(bytes) {
                Ok(s) => s.to_owned(),
                Err(_) => String::from_utf8_lossy(bytes).into_owned(),
            });
            from = end;
        }
        fields
    }
}

impl Iterator for CsvRows<'_> {
    type Item = Result<(usize, Vec<String>), Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let text = self.text;
        let blank = text[self.pos..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let record_line = self.line + line_ends(text, self.pos..self.pos + blank);
        let (mut outlen, mut endlen) = (0, 0);
        let mut overflow = false;
        loop {
            let (input, real): (&[u8], bool) = match (self.pos < text.len(), self.tail) {
                (true, _) => (&text[self.pos..], true),
                (false, false) => (b"\n", false),
                (false, true) => (b"", false),
            };
            let (result, nin, nout, nend) =
                self.reader
                    .read_record(input, &mut self.out[outlen..], &mut self.ends[endlen..]);
            if real {
                self.line += line_ends(text, self.pos..self.pos + nin);
                self.pos += nin;
            } else if nin > 0 {
                self.tail = true;
            }
            outlen += nout;
            endlen += nend;
            match result {
                csv_core::ReadRecordResult::Record if overflow => {
                    return Some(Err(Problem::at(record_line, format!(
                        ": a record of more than {MAX_FIELDS} fields or {} KiB (the columns are the flag names; is this a CSV file?)",
                        MAX_RECORD >> 10
                    ))));
                }
                csv_core::ReadRecordResult::Record => {
                    return Some(Ok((record_line, self.fields(endlen))));
                }
                csv_core::ReadRecordResult::End => {
                    self.done = true;
                    return None;
                }
                // Past the bounds, the rest of the record is read over the same buffers.
                csv_core::ReadRecordResult::OutputFull if self.out.len() >= MAX_RECORD => {
                    overflow = true;
                    outlen = 0;
                }
                csv_core::ReadRecordResult::OutputEndsFull if self.ends.len() >= MAX_FIELDS => {
                    overflow = true;
                    endlen = 0;
                }
                csv_core::ReadRecordResult::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                // Everything given, the final line ending included: either nothing was
                // left (the end comes next) or a quoted field swallowed it.
                csv_core::ReadRecordResult::InputEmpty
                    if self.pos >= text.len() && self.tail && input.is_empty() =>
                {
                    self.done = true;
                    return None;
                }
                csv_core::ReadRecordResult::InputEmpty if self.pos < text.len() || !self.tail => {}
                csv_core::ReadRecordResult::InputEmpty if outlen == 0 && endlen == 0 => {}
                csv_core::ReadRecordResult::InputEmpty => {
                    self.done = true;
                    return Some(Err(Problem::at(
                        record_line,
                        ": a quoted field is never closed",
                    )));
                }
            }
        }
    }
}

/// How many lines end in `input[range]`: LF, CRLF and a lone CR each end one, as csv-core
/// and editors see them (a CRLF split by the range's start counts where its CR is).
fn line_ends(input: &[u8], range: std::ops::Range<usize>) -> usize {
    let mut after_cr = range.start > 0 && input[range.start - 1] == b'\r';
    let s = &input[range.clone()];
    if !s.contains(&b'\r') {
        let lfs = s.iter().filter(|&&b| b == b'\n').count();
        return lfs - usize::from(after_cr && s.first() == Some(&b'\n'));
    }
    let mut n = 0;
    for &b in &input[range] {
        n += usize::from(b == b'\r' || (b == b'\n' && !after_cr));
        after_cr = b == b'\r';
    }
    n
}

/// How a JSON Lines record is read: a flat object (roles may be arrays), each key once.
const JSON_RULES: crate::json::read::Rules = crate::json::read::Rules {
    max_depth: 16,
    unique_keys: true,
    elide_deep: false,
    replace_lone_surrogates: false,
};

/// The lines of a text: LF, CRLF and a lone CR each end one, as for CSV.
struct Lines<'a>(Option<&'a str>);

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.0?;
        match s.find(['\r', '\n']) {
            Some(i) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                self.0 = Some(&s[i + skip..]);
                Some(&s[..i])
            }
            None => {
                self.0 = None;
                (!s.is_empty()).then_some(s)
            }
        }
    }
}

fn split_lines(text: &str) -> Lines<'_> {
    Lines(Some(text))
}

/// A JSON value as a cell's text: a string, or for roles an array of strings joined with
/// commas; `None` for null.
fn cell_text(col: &str, value: &Value) -> Result<Option<String>, &'static str> {
    let roles = matches!(col, "orgRole" | "projectRole" | "teamId");
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Array(items) if roles => {
            let strings: Option<Vec<&str>> = items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect();
            strings
                .map(|s| Some(s.join(",")))
                .ok_or("want an array of \"ID:ROLE\" strings")
        }
        _ if roles => Err("want a string or an array of strings"),
        _ => Err("want a string"),
    }
}

/// One line of JSON Lines, refused unread past `MAX_RECORD` bytes (as a CSV record is), so
/// a record's cost stays bounded.
fn json_line(line: usize, raw: &str) -> Result<Record, Vec<Problem>> {
    if raw.len() > MAX_RECORD {
        return Err(vec![Problem::at(
            line,
            format!(
                ": a record of more than {} KiB ({} bytes; a line of JSON Lines is one user)",
                MAX_RECORD >> 10,
                crate::users::shown::thousands(raw.len())
            ),
        )]);
    }
    json_record(line, raw)
}

/// One line of JSON Lines: an object whose values are strings, or arrays of strings for
/// roles.
fn json_record(line: usize, raw: &str) -> Result<Record, Vec<Problem>> {
    let object = match crate::json::read::parse(raw, JSON_RULES) {
        Ok(Value::Object(object)) => object,
        Err(e) if raw.trim_start().starts_with('{') => {
            let place = match &e.key {
                Some(key) => format!(", key {key:?}"),
                None => String::new(),
            };
            return Err(vec![Problem::at(line, format!("{place}: {}", e.reason))]);
        }
        _ => {
            return Err(vec![Problem::at(
                line,
                ": not a JSON object (JSON Lines: one object per line)",
            )])
        }
    };
    let mut problems = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    for (key, value) in object.iter() {
        let place = format!(", key {key:?}");
        let Some(col) = column(key) else {
            problems.push(Problem::at(line, format!("{place}: {}", unknown(key))));
            continue;
        };
        if cells.iter().any(|c| c.column == col) {
            problems.push(Problem::at(line, format!("{place}: {col} is given twice")));
            continue;
        }
        match cell_text(col, value) {
            Ok(Some(text)) if !text.is_empty() => cells.push(Cell {
                column: col,
                place: Place::Key(key.clone()),
                value: text,
            }),
            Ok(_) => {}
            Err(why) => problems.push(Problem::at(line, format!("{place}: {why}"))),
        }
    }
    if problems.is_empty() {
        Ok(Record { line, cells })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match parse(text) {
            Err(Error::Usage(list)) => list,
            other => panic!("{other:?}"),
        }
    }

    fn values(r: &Record) -> Vec<(&str, &str)> {
        r.cells
            .iter()
            .map(|c| (c.column, c.value.as_str()))
            .collect()
    }

    #[test]
    fn csv_quoting_crlf_bom_and_lines() {
        let text = "\u{feff}Username,FIRSTNAME,lastName,orgRole\r\n\
                    a@x.com,\"Ann, Jr.\",\"O\"\"Brien\",\"o:ORG_MEMBER,p:ORG_OWNER\"\r\n\
                    \r\n\
                    b@x.com,\"Two\nLines\",B,\n\
                    c@x.com,C,D,o:ORG_MEMBER";
        let records = parse(text).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].line, 2);
        assert_eq!(
            values(&records[0]),
            [
                ("username", "a@x.com"),
                ("firstName", "Ann, Jr."),
                ("lastName", "O\"Brien"),
                ("orgRole", "o:ORG_MEMBER,p:ORG_OWNER")
            ]
        );
        assert_eq!(records[1].line, 4);
        assert_eq!(values(&records[1])[1], ("firstName", "Two\nLines"));
        assert_eq!(records[2].line, 6, "the quoted newline counts");
        assert_eq!(
            records[2].get("orgRole").unwrap().place.describe("orgRole"),
            "column 4 (orgRole)"
        );
    }

    #[test]
    fn a_lone_cr_ends_a_line_as_lf_and_crlf_do() {
        let records = parse("username\ra@x.com\r\rb@x.com\r\nc@x.com\n\rd@x.com").unwrap();
        let lines: Vec<usize> = records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 5, 7]);
    }

    #[test]
    fn csv_problems_name_lines_and_columns() {
        let e = problems("username,shoeSize,username\na@x.com,42\n");
        assert_eq!(e[0], "line 1, column 2: unknown column \"shoeSize\" (the columns are the flag names: username, email, firstName, lastName, country, mobile, password, orgRole, projectRole, teamId)");
        assert_eq!(e[1], "line 1, column 3: column username appears twice");
        assert_eq!(
            e[2],
            "line 2: 2 fields, but the header has 3 (quote a value that holds a comma)"
        );
        assert_eq!(
            problems("username\n\"a@x.com\n"),
            ["line 2: a quoted field is never closed"]
        );
    }

    #[test]
    fn json_lines_end_at_any_line_ending_and_say_why_a_line_is_refused() {
        let records = parse("{\"username\":\"a@x.com\"}\r{\"username\":\"b@x.com\"}\r\n\n{\"username\":\"c@x.com\"}").unwrap();
        let lines: Vec<usize> = records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 4]);
        let e = problems("{\"username\":\"a@x.com\",\"country\":1e400}\n{\"username\":\"\\ud800\"}\n{\"orgRole\":\"a\",\"orgRole\":\"b\"}\n");
        assert_eq!(
            e,
            [
                "line 1, key \"country\": number out of range",
                "line 2, key \"username\": invalid \\u escape",
                "line 3, key \"orgRole\": the key is given twice",
            ]
        );
    }

    #[test]
    fn json_lines_strings_arrays_and_problems() {
        let records = parse("\n{\"USERNAME\":\"a@x.com\",\"orgRole\":[\"o:ORG_MEMBER\",\"p:ORG_OWNER\"],\"mobile\":null}\n{\"username\":\"b@x.com\"}\n").unwrap();
        assert_eq!(records[0].line, 2);
        assert_eq!(
            values(&records[0]),
            [
                ("username", "a@x.com"),
                ("orgRole", "o:ORG_MEMBER,p:ORG_OWNER")
            ]
        );
        assert_eq!(records[1].line, 3);
        let e = problems("{\"username\":1}\n{\"x\":\"y\"}\nnot json\n");
        assert_eq!(e[0], "line 1, key \"username\": want a string");
        assert!(e[1].starts_with("line 2, key \"x\": unknown column \"x\""));
        assert_eq!(
            e[2],
            "line 3: not a JSON object (JSON Lines: one object per line)"
        );
    }
}
