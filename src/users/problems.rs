//! A file's problems, grouped: the same problem on many records is one line that names
//! their lines as ranges (`lines 2-41`), placed where it first appeared, so one repeated
//! mistake does not bury the others. Only the printed texts are kept and the rest is
//! counted, so a file of any length costs a hundred lines and a few counters.

use std::collections::HashMap;

/// The most problem lines a run prints; past them, how many more there are.
const MAX_PROBLEMS: usize = 100;
/// The most line ranges one problem lists; past them, how many more records have it.
const MAX_RANGES: usize = 10;

/// One problem of a file: the line where its record starts (none for the whole file) and
/// what follows the line number (`, column 4 (country): ...` or `: no password: ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) line: Option<usize>,
    pub(crate) text: String,
}

impl Problem {
    /// A problem of the record starting on `line`; `text` follows the line number.
    pub(crate) fn at(line: usize, text: impl Into<String>) -> Problem {
        Problem {
            line: Some(line),
            text: text.into(),
        }
    }

    /// `line 3, column 4 (country): ...`, or the text of a problem without a line.
    pub(crate) fn whole(&self) -> String {
        match self.line {
            Some(line) => format!("line {line}{}", self.text),
            None => self.text.clone(),
        }
    }
}

/// The records that share one problem's text.
struct Group {
    /// Its place among the groups: where the problem first appeared.
    order: usize,
    /// Whether the problem has lines (a whole file's problem has none).
    lined: bool,
    /// First and last line of each run of records that follow one another.
    ranges: Vec<(usize, usize)>,
    /// The ordinal of the last record met with this problem.
    last: usize,
    /// Records with it past `MAX_RANGES` ranges.
    more: usize,
}

impl Group {
    /// Adds the record numbered `ordinal` (counting every record of the file) on `line`.
    fn add(&mut self, ordinal: usize, line: Option<usize>) {
        if ordinal == self.last {
            return;
        }
        let follows = ordinal == self.last + 1 && self.more == 0;
        self.last = ordinal;
        let Some(line) = line else { return };
        let n = self.ranges.len();
        match self.ranges.last_mut() {
            Some(range) if follows => range.1 = line,
            _ if n < MAX_RANGES => self.ranges.push((line, line)),
            _ => self.more += 1,
        }
    }

    /// `line 2: ...`, `lines 2, 5, 9-41: ...`, `lines 2, 4, ... and 7 more: ...`.
    fn describe(&self, text: &str) -> String {
        if !self.lined {
            return text.to_string();
        }
        let single = matches!(self.ranges.as_slice(), [(a, b)] if a == b) && self.more == 0;
        let ranges: Vec<String> = self
            .ranges
            .iter()
            .map(|&(a, b)| match a == b {
                true => a.to_string(),
                false => format!("{a}-{b}"),
            })
            .collect();
        let more = match self.more {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let word = if single { "line" } else { "lines" };
        format!("{word} {}{more}{text}", ranges.join(", "))
    }
}

/// A file's problems, record by record, grouped by their text.
#[derive(Default)]
pub(crate) struct Grouped {
    /// The printed texts (each kept once) and their groups.
    groups: HashMap<String, Group>,
    /// Problems past the printed ones, and the records that have any.
    more: usize,
    more_records: usize,
    /// Every problem, and every record that has any.
    problems: usize,
    records: usize,
    /// How many records were added: the number of the one at hand.
    ordinal: usize,
}

impl Grouped {
    /// Adds the next record's problems: none for a clean record, which ends every range.
    pub(crate) fn record(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.ordinal += 1;
        let (mut lined, mut past) = (false, false);
        for p in problems {
            self.problems += 1;
            lined |= p.line.is_some();
            let n = self.groups.len();
            match self.groups.get_mut(p.text.as_str()) {
                Some(group) => group.add(self.ordinal, p.line),
                None if n < MAX_PROBLEMS => {
                    let mut group = Group {
                        order: n,
                        lined: p.line.is_some(),
                        ranges: Vec::new(),
                        last: 0,
                        more: 0,
                    };
                    group.add(self.ordinal, p.line);
                    self.groups.insert(p.text, group);
                }
                None => {
                    self.more += 1;
                    past = true;
                }
            }
        }
        self.records += usize::from(lined);
        self.more_records += usize::from(past);
    }

    /// Whether no record had a problem.
    pub(crate) fn is_empty(&self) -> bool {
        self.problems == 0
    }

    /// The lines to print, each starting `path: `: the groups in file order, how many
    /// more there are, and (for more than one problem) the count of all.
    pub(crate) fn finish(self, path: &str) -> Vec<String> {
        let mut groups: Vec<(String, Group)> = self.groups.into_iter().collect();
        groups.sort_unstable_by_key(|(_, g)| g.order);
        let mut lines: Vec<String> = groups
            .iter()
            .map(|(text, g)| format!("{path}: {}", g.describe(text)))
            .collect();
        if self.more > 0 {
            lines.push(format!(
                "... and {} more problems ({})",
                self.more,
                plural(self.more_records, "record")
            ));
        }
        if self.problems > 1 {
            let records = match self.records {
                0 => String::new(),
                n => format!(" in {}", plural(n, "record")),
            };
            lines.push(format!(
                "{} problems{records}; nothing was sent",
                self.problems
            ));
        }
        lines
    }
}

/// `1 record`, `2 records`.
fn plural(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(records: &[&[(usize, &str)]]) -> Vec<String> {
        let mut g = Grouped::default();
        for r in records {
            g.record(r.iter().map(|&(line, text)| Problem::at(line, text)));
        }
        g.finish("f.csv")
    }

    #[test]
    fn repeated_problems_are_one_line_with_ranges_where_the_first_was() {
        let mut records: Vec<&[(usize, &str)]> = vec![
            &[(2, ": no password"), (2, ", column 1 (username): bad")],
            &[(3, ": no password")],
            &[],
            &[(5, ": no password")],
            &[(6, ": other")],
        ];
        let tail: Vec<[(usize, &str); 1]> = (9..=41).map(|l| [(l, ": no password")]).collect();
        records.extend(tail.iter().map(|r| &r[..]));
        assert_eq!(
            finish(&records),
            [
                "f.csv: lines 2-3, 5, 9-41: no password",
                "f.csv: line 2, column 1 (username): bad",
                "f.csv: line 6: other",
                "38 problems in 37 records; nothing was sent",
            ]
        );
        // One problem alone needs no count; one record's problem twice is one line.
        assert_eq!(finish(&[&[(4, ": x")]]), ["f.csv: line 4: x"]);
        assert_eq!(
            finish(&[&[(4, ": x"), (4, ": x")]]),
            [
                "f.csv: line 4: x",
                "2 problems in 1 record; nothing was sent"
            ]
        );
    }

    #[test]
    fn ranges_and_groups_are_bounded_and_the_rest_counted() {
        let odd: Vec<[(usize, &str); 1]> = (0..100).map(|i| [(2 + 2 * i, ": x")]).collect();
        let mut records: Vec<&[(usize, &str)]> = Vec::new();
        for r in &odd {
            records.push(&r[..]);
            records.push(&[]);
        }
        assert_eq!(
            finish(&records),
            [
                "f.csv: lines 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 90 more: x",
                "100 problems in 100 records; nothing was sent",
            ]
        );
        let mut g = Grouped::default();
        for i in 0..1000 {
            g.record([
                Problem::at(i + 2, format!(": {i}")),
                Problem::at(i + 2, ": y"),
            ]);
        }
        let lines = g.finish("f.csv");
        assert_eq!(lines.len(), 102);
        assert_eq!(lines[0], "f.csv: line 2: 0");
        assert_eq!(lines[1], "f.csv: lines 2-1001: y");
        assert_eq!(lines[100], "... and 901 more problems (901 records)");
        assert_eq!(
            lines[101],
            "2000 problems in 1000 records; nothing was sent"
        );
    }
}
