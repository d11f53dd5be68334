//! The records of `--file`: CSV (RFC 4180, read by csv-core: a header row, quoted fields
//! with commas, quotes and newlines, CRLF, an optional UTF-8 BOM) or JSON Lines (the first
//! non-blank character is `{`). Column and key names are the flag names, in any case.
//!
//! Only the syntax is judged here; every problem carries the line where its record starts
//! and the column (CSV) or key (JSON Lines), and all of them are reported together.

use miniserde::json::Value;

use crate::error::Error;
use crate::flags::defs;

/// One value of a record and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    /// The column's canonical name (`firstName`).
    pub(crate) column: &'static str,
    /// `column 3` (CSV) or `key "firstName"` (JSON Lines), for messages.
    pub(crate) place: String,
    /// The text; roles from a JSON array are joined with commas.
    pub(crate) value: String,
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
}

/// Parses `text` as CSV or JSON Lines; the usage error lists every problem found, each
/// starting `line N`.
pub(crate) fn parse(text: &str) -> Result<Vec<Record>, Error> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = if body.trim_start().starts_with('{') {
        json_lines(body)
    } else {
        csv(body)
    };
    parsed.map_err(Error::Usage)
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

/// CSV with a header row.
fn csv(text: &str) -> Result<Vec<Record>, Vec<String>> {
    let rows = csv_rows(text.as_bytes()).map_err(|e| e.lines())?;
    let mut problems = Vec::new();
    let mut rows = rows.into_iter();
    let Some((header_line, header)) = rows.next() else {
        return Err(vec![
            "the file is empty: want a header row (username,email,...) and one row per user".into(),
        ]);
    };
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let col = column(name);
        match col {
            None => problems.push(format!(
                "line {header_line}, column {}: {}",
                i + 1,
                unknown(name)
            )),
            Some(c) if columns.contains(&Some(c)) => problems.push(format!(
                "line {header_line}, column {}: column {c} appears twice",
                i + 1
            )),
            Some(_) => {}
        }
        columns.push(col);
    }
    let mut records = Vec::new();
    for (line, fields) in rows {
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if fields.len() != columns.len() {
            problems.push(format!(
                "line {line}: {} fields, but the header has {} (quote a value that holds a comma)",
                fields.len(),
                columns.len()
            ));
            continue;
        }
        let cells = fields
            .into_iter()
            .enumerate()
            .filter_map(|(i, value)| {
                let column = columns[i]?;
                (!value.is_empty()).then(|| Cell {
                    column,
                    place: format!("column {} ({column})", i + 1),
                    value,
                })
            })
            .collect();
        records.push(Record { line, cells });
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

/// Every CSV record with the line it starts on, or the line of a quoted field that is
/// never closed.
pub fn csv_rows(text: &[u8]) -> Result<Vec<(usize, Vec<String>)>, Error> {
    // A final line ending, so every record ends inside the input.
    let mut input = text.to_vec();
    if !input.ends_with(b"\n") {
        input.push(b'\n');
    }
    let mut reader = csv_core::Reader::new();
    let mut out = vec![0u8; input.len()];
    // No record has more fields than the file has commas, plus one.
    let mut ends = vec![0usize; input.iter().filter(|&&b| b == b',').count() + 1];
    let mut rows = Vec::new();
    let (mut pos, mut line) = (0, 1);
    loop {
        let skipped = &input[pos..];
        let blank = skipped
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let record_line = line + line_ends(&input, pos..pos + blank);
        let (result, nin, nout, nend) = reader.read_record(&input[pos..], &mut out, &mut ends);
        line += line_ends(&input, pos..pos + nin);
        pos += nin;
        match result {
            csv_core::ReadRecordResult::Record => {
                let mut fields = Vec::with_capacity(nend);
                let mut from = 0;
                for &end in &ends[..nend] {
                    fields.push(String::from_utf8_lossy(&out[from..end]).into_owned());
                    from = end;
                }
                rows.push((record_line, fields));
            }
            csv_core::ReadRecordResult::InputEmpty if nout == 0 && nend == 0 => {}
            csv_core::ReadRecordResult::End => return Ok(rows),
            _ => {
                return Err(Error::usage(format!(
                    "line {record_line}: a quoted field is never closed"
                )))
            }
        }
    }
}

/// How many lines end in `input[range]`: LF, CRLF and a lone CR each end one, as csv-core
/// and editors see them (a CRLF split by the range's start counts where its CR is).
fn line_ends(input: &[u8], range: std::ops::Range<usize>) -> usize {
    range
        .filter(|&i| input[i] == b'\r' || (input[i] == b'\n' && (i == 0 || input[i - 1] != b'\r')))
        .count()
}

/// How a JSON Lines record is read: a flat object (roles may be arrays), each key once.
const JSON_RULES: crate::json::read::Rules = crate::json::read::Rules {
    max_depth: 16,
    unique_keys: true,
    elide_deep: false,
};

/// The lines of `text`: LF, CRLF and a lone CR each end one, as for CSV.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\r', '\n']) {
            Some(i) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[i + skip..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                (!s.is_empty()).then_some(s)
            }
        }
    })
}

/// A JSON value as a cell's text: a string, or for roles an array of strings joined with
/// commas; `None` for null.
fn cell_text(col: &str, value: &Value) -> Result<Option<String>, &'static str> {
    let roles = matches!(col, "orgRole" | "projectRole");
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

/// JSON Lines: one object per line; values are strings, or arrays of strings for roles.
fn json_lines(text: &str) -> Result<Vec<Record>, Vec<String>> {
    let mut problems = Vec::new();
    let mut records = Vec::new();
    for (i, raw) in split_lines(text).enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let object = match crate::json::read::parse(raw, JSON_RULES) {
            Ok(Value::Object(object)) => object,
            Err(e) if raw.trim_start().starts_with('{') => {
                let place = match &e.key {
                    Some(key) => format!(", key {key:?}"),
                    None => String::new(),
                };
                problems.push(format!("line {line}{place}: {}", e.reason));
                continue;
            }
            _ => {
                problems.push(format!(
                    "line {line}: not a JSON object (JSON Lines: one object per line)"
                ));
                continue;
            }
        };
        let mut cells: Vec<Cell> = Vec::new();
        for (key, value) in object.iter() {
            let place = format!("key {key:?}");
            let Some(col) = column(key) else {
                problems.push(format!("line {line}, {place}: {}", unknown(key)));
                continue;
            };
            if cells.iter().any(|c| c.column == col) {
                problems.push(format!("line {line}, {place}: {col} is given twice"));
                continue;
            }
            let text = match cell_text(col, value) {
                Ok(Some(text)) => text,
                Ok(None) => continue,
                Err(why) => {
                    problems.push(format!("line {line}, {place}: {why}"));
                    continue;
                }
            };
            if !text.is_empty() {
                cells.push(Cell {
                    column: col,
                    place,
                    value: text,
                });
            }
        }
        records.push(Record { line, cells });
    }
    if problems.is_empty() {
        Ok(records)
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
            records[2].get("orgRole").unwrap().place,
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
        assert_eq!(e[0], "line 1, column 2: unknown column \"shoeSize\" (the columns are the flag names: username, email, firstName, lastName, country, mobile, password, orgRole, projectRole)");
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
