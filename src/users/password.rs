//! Where the new user's password comes from when --password is absent.
//!
//! Piped input gives one line (inner spaces kept, unlike the official CLI, which silently
//! keeps only the first word); a terminal gets a masked prompt on stderr so stdout stays
//! clean for `-o json`.

use std::io::{BufRead, IsTerminal, Read};
use std::os::fd::AsRawFd;

use crate::console::Console;
use crate::error::Error;
use crate::users::term::RawMode;

/// Longest password line we read; anything longer is an input mistake.
const MAX_LEN: usize = 4096;

const HOW: &str = "pass --password, pipe it as the first line of standard input, or run in a terminal to be prompted";

/// Reads the password from standard input: a line when piped, a masked prompt on a terminal.
/// The password is registered as a secret with `console` before it is returned.
pub(crate) fn read(console: &Console) -> Result<String, Error> {
    let stdin = std::io::stdin();
    let pw = if stdin.is_terminal() {
        prompt(console, stdin.as_raw_fd())?
    } else {
        first_line(&mut stdin.lock())?
    };
    console.secret(&pw);
    Ok(pw)
}

/// The first line of `r` without its line ending.
fn first_line(r: &mut impl BufRead) -> Result<String, Error> {
    let mut buf = Vec::new();
    r.take(MAX_LEN as u64 + 2)
        .read_until(b'\n', &mut buf)
        .map_err(|e| Error::usage(format!("reading the password from standard input: {e}")))?;
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    } else if buf.len() > MAX_LEN {
        return Err(Error::usage(format!(
            "the password on standard input is longer than {MAX_LEN} bytes"
        )));
    }
    if buf.is_empty() {
        return Err(Error::usage(format!(
            "no password: standard input is empty or starts with an empty line; {HOW}"
        )));
    }
    String::from_utf8(buf)
        .map_err(|_| Error::usage("the password on standard input is not valid UTF-8"))
}

/// Prompts `Password: ` on stderr and reads keys without echo until Enter.
fn prompt(console: &Console, fd: i32) -> Result<String, Error> {
    console.prompt("Password: ");
    let raw = RawMode::enter(fd).map_err(|e| {
        Error::Local(format!(
            "cannot turn off terminal echo for the password prompt: {e}"
        ))
    })?;
    let result = read_keys(&mut std::io::stdin().lock());
    drop(raw);
    console.prompt("\n");
    result
}

/// Line editing for the prompt: Enter ends, Backspace and Ctrl-U edit, Ctrl-C interrupts.
pub fn read_keys(r: &mut impl Read) -> Result<String, Error> {
    let mut line: Vec<u8> = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        let n = r
            .read(&mut byte)
            .map_err(|e| Error::usage(format!("reading the password from the terminal: {e}")))?;
        if n == 0 {
            break;
        }
        match byte[0] {
            b'\r' | b'\n' => break,
            0x03 | 0x1c => return Err(Error::Interrupted),
            0x04 if line.is_empty() => break,
            0x7f | 0x08 => {
                // Drop one whole UTF-8 character.
                while let Some(b) = line.pop() {
                    if b & 0xc0 != 0x80 {
                        break;
                    }
                }
            }
            0x15 => line.clear(),
            b if b < 0x20 => {}
            b => {
                if line.len() >= MAX_LEN {
                    return Err(Error::usage(format!(
                        "the password is longer than {MAX_LEN} bytes"
                    )));
                }
                line.push(b);
            }
        }
    }
    if line.is_empty() {
        return Err(Error::usage(format!("no password was typed; {HOW}")));
    }
    String::from_utf8(line).map_err(|_| Error::usage("the typed password is not valid UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_keeps_inner_spaces() {
        let pw = first_line(&mut &b"two words here\r\nnext\n"[..]).unwrap();
        assert_eq!(pw, "two words here");
        assert_eq!(first_line(&mut &b"no-newline"[..]).unwrap(), "no-newline");
        let e = first_line(&mut &b""[..]).unwrap_err().to_string();
        assert!(e.starts_with("no password: standard input is empty"), "{e}");
    }

    #[test]
    fn key_editing() {
        assert_eq!(read_keys(&mut &b"abcx\x7fd\r"[..]).unwrap(), "abcd");
        assert_eq!(
            read_keys(&mut &b"junk\x15pw\xc3\xa9\x7f!\n"[..]).unwrap(),
            "pw!"
        );
        assert!(matches!(
            read_keys(&mut &b"ab\x03"[..]),
            Err(Error::Interrupted)
        ));
    }
}
