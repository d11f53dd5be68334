//! Terminal mode switching for the masked password prompt (one of the three files with
//! `unsafe`: see the crate documentation).
//!
//! We switch the terminal to non-canonical mode with echo and signal keys off, so Ctrl-C
//! arrives as a byte we handle (restoring the terminal) instead of killing the process with
//! echo still off. The previous mode is restored when the guard drops. The termios layout
//! and flag values come from `libc`, which has them right for every target we ship.

use std::os::fd::RawFd;

/// Restores the saved terminal mode when dropped.
pub(crate) struct RawMode {
    fd: RawFd,
    saved: libc::termios,
}

impl RawMode {
    /// Turns echo, line editing and signal keys off on `fd`.
    pub(crate) fn enter(fd: RawFd) -> std::io::Result<RawMode> {
        // SAFETY: termios is plain old data, so all-zero is a valid value; tcgetattr only
        // writes into the termios it is given, and tcsetattr only reads one tcgetattr filled.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &mut t) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let saved = t;
            t.c_lflag &= !(libc::ECHO | libc::ICANON | libc::ISIG);
            t.c_cc[libc::VMIN] = 1;
            t.c_cc[libc::VTIME] = 0;
            if libc::tcsetattr(fd, libc::TCSAFLUSH, &t) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(RawMode { fd, saved })
        }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        // SAFETY: restores the termios tcgetattr filled in `enter`.
        unsafe {
            libc::tcsetattr(self.fd, libc::TCSAFLUSH, &self.saved);
        }
    }
}
