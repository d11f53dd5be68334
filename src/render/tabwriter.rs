//! Go's text/tabwriter with the official CLI's settings: tab-terminated cells in
//! consecutive lines are aligned into columns (minimum width 6, padding 3, spaces).
//!
//! Templates print through it, so `{{.Id}}\t{{.Username}}` lines come out aligned exactly
//! as the official CLI aligns them. The algorithm is Go's: a column block is the run of
//! lines that have a cell in that column; the last cell of each line is not aligned.

/// The official CLI's tabwriter settings.
const MIN_WIDTH: usize = 6;
const PADDING: usize = 3;

/// A cell: its text and its width in characters.
struct Cell {
    text: String,
    width: usize,
}

/// Aligns `text` as Go's tabwriter does, with the official CLI's settings.
pub(crate) fn align(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines: Vec<Vec<Cell>> = vec![Vec::new()];
    let mut cell = String::new();
    for c in text.chars() {
        match c {
            '\t' | '\x0b' | '\n' | '\x0c' => {
                let width = cell.chars().count();
                let text = std::mem::take(&mut cell);
                let cells = match lines.last_mut() {
                    Some(line) => {
                        line.push(Cell { text, width });
                        line.len()
                    }
                    None => 0,
                };
                if c == '\n' || c == '\x0c' {
                    lines.push(Vec::new());
                    // A line with one cell cannot affect later columns: flush everything.
                    if c == '\x0c' || cells == 1 {
                        flush(&mut lines, &mut out);
                    }
                }
            }
            c => cell.push(c),
        }
    }
    if !cell.is_empty() {
        let width = cell.chars().count();
        if let Some(line) = lines.last_mut() {
            line.push(Cell { text: cell, width });
        }
    }
    flush(&mut lines, &mut out);
    out
}

/// Formats all buffered lines; the last (incomplete) line gets no newline.
fn flush(lines: &mut Vec<Vec<Cell>>, out: &mut String) {
    let mut widths = Vec::new();
    format(lines, &mut widths, 0, lines.len(), out);
    lines.clear();
    lines.push(Vec::new());
}

fn format(
    lines: &[Vec<Cell>],
    widths: &mut Vec<usize>,
    mut line0: usize,
    line1: usize,
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        // A column block starts here: print the lines before it.
        write_lines(lines, widths, line0, this, out);
        line0 = this;
        let mut width = MIN_WIDTH;
        while this < line1 && column + 1 < lines[this].len() {
            width = width.max(lines[this][column].width + PADDING);
            this += 1;
        }
        widths.push(width);
        format(lines, widths, line0, this, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, widths, line0, line1, out);
}

fn write_lines(
    lines: &[Vec<Cell>],
    widths: &[usize],
    line0: usize,
    line1: usize,
    out: &mut String,
) {
    for (i, line) in lines.iter().enumerate().take(line1).skip(line0) {
        for (j, c) in line.iter().enumerate() {
            out.push_str(&c.text);
            if let Some(w) = widths.get(j) {
                out.extend(std::iter::repeat_n(' ', w.saturating_sub(c.width)));
            }
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns_like_go() {
        assert_eq!(
            align("ID\tNAME\n1\talice\n22\tbob\n"),
            "ID    NAME\n1     alice\n22    bob\n"
        );
        assert_eq!(
            align("a-long-id\tx\nb\ty\n"),
            "a-long-id   x\nb           y\n"
        );
        assert_eq!(align("no tabs\nat all"), "no tabs\nat all");
        assert_eq!(
            align("a\tb\tc\nd\te\n\nx\ty\n"),
            "a     b     c\nd     e\n\nx     y\n"
        );
        // A tab-terminated cell that ends the text is the last cell: not padded.
        assert_eq!(align("trailing\t"), "trailing");
        assert_eq!(align("é\tx\n"), "é     x\n");
    }
}
