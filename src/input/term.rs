//! Terminal mode switching for the masked password prompt: the only `unsafe` in the program.
//!
//! We switch the terminal to non-canonical mode with echo and signal keys off, so Ctrl-C
//! arrives as a byte we handle (restoring the terminal) instead of killing the process with
//! echo still off. The previous mode is restored when the guard drops.

use std::os::fd::RawFd;

/// `struct termios` as Linux defines it (glibc and musl agree on this layout).
#[repr(C)]
#[derive(Clone, Copy)]
struct Termios {
    c_iflag: u32,
    c_oflag: u32,
    c_cflag: u32,
    c_lflag: u32,
    c_line: u8,
    c_cc: [u8; 32],
    c_ispeed: u32,
    c_ospeed: u32,
}

const ISIG: u32 = 0o1;
const ICANON: u32 = 0o2;
const ECHO: u32 = 0o10;
const VTIME: usize = 5;
const VMIN: usize = 6;
const TCSAFLUSH: i32 = 2;

extern "C" {
    fn tcgetattr(fd: i32, termios: *mut Termios) -> i32;
    fn tcsetattr(fd: i32, actions: i32, termios: *const Termios) -> i32;
}

/// Restores the saved terminal mode when dropped.
pub struct RawMode {
    fd: RawFd,
    saved: Termios,
}

impl RawMode {
    /// Turns echo, line editing and signal keys off on `fd`.
    pub fn enter(fd: RawFd) -> std::io::Result<RawMode> {
        let mut t = Termios {
            c_iflag: 0,
            c_oflag: 0,
            c_cflag: 0,
            c_lflag: 0,
            c_line: 0,
            c_cc: [0; 32],
            c_ispeed: 0,
            c_ospeed: 0,
        };
        // SAFETY: `t` is a valid, writable termios of the layout the C library expects;
        // tcgetattr only writes into it, and tcsetattr only reads a termios it filled.
        unsafe {
            if tcgetattr(fd, &mut t) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let saved = t;
            t.c_lflag &= !(ECHO | ICANON | ISIG);
            t.c_cc[VMIN] = 1;
            t.c_cc[VTIME] = 0;
            if tcsetattr(fd, TCSAFLUSH, &t) != 0 {
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
            tcsetattr(self.fd, TCSAFLUSH, &self.saved);
        }
    }
}
