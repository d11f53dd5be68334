//! Reading the files a user names (config.toml, SSL_CERT_FILE, a template file, `--file`):
//! regular files only, after following links, and never more than a size cap.
//!
//! A FIFO would block forever on open and `/dev/zero` would fill memory; the command
//! promises never to hang, so anything but a regular file is refused before it is opened.

use std::io::Read;
use std::path::Path;

/// The largest settings file read (config.toml, a CA bundle, a template): the official
/// CLI's are a few hundred bytes. `--file` has its own, larger cap.
pub(crate) const SETTINGS_FILE_LIMIT: u64 = 1 << 20;

/// Why a file could not be read, as a phrase to put after its name.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FileError {
    /// It does not exist (a missing optional file is no error to its reader).
    Missing,
    /// A symbolic link whose target does not exist.
    Dangling,
    /// Anything else, already worded (`is a FIFO, not a regular file`, `permission denied`).
    Other(String),
}

impl FileError {
    /// Why, as a phrase to put after the file's name.
    pub(crate) fn phrase(self) -> String {
        match self {
            FileError::Missing | FileError::Dangling => "no such file or directory".into(),
            FileError::Other(why) => why,
        }
    }
}

/// Reads the regular file at `path` (links followed), at most `SETTINGS_FILE_LIMIT` bytes.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, FileError> {
    read_up_to(path, SETTINGS_FILE_LIMIT)
}

/// `read` with another size cap.
pub(crate) fn read_up_to(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(match std::fs::symlink_metadata(path) {
                Ok(_) => FileError::Dangling,
                Err(_) => FileError::Missing,
            })
        }
        Err(e) => return Err(FileError::Other(os_error(&e))),
    };
    if !meta.is_file() {
        return Err(FileError::Other(format!(
            "is {}, not a regular file",
            kind(&meta)
        )));
    }
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    let file = std::fs::File::open(path).map_err(|e| FileError::Other(os_error(&e)))?;
    let mut data = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut data)
        .map_err(|e| FileError::Other(os_error(&e)))?;
    // A file that grew while being read.
    if data.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(data)
}

fn too_large(limit: u64) -> FileError {
    FileError::Other(format!(
        "is larger than {} KiB, the most this command reads",
        limit / 1024
    ))
}

/// What a non-regular file is, with its article.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

/// Go's wording for the usual file errors, lower case.
pub(crate) fn os_error(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(libc::ELOOP) => return "too many levels of symbolic links".into(),
        Some(libc::ENOENT) => return "no such file or directory".into(),
        Some(libc::EACCES) => return "permission denied".into(),
        Some(libc::EISDIR) => return "is a directory".into(),
        _ => {}
    }
    let s = e.to_string();
    // "Permission denied (os error 13)" -> "permission denied"
    let s = s.split(" (os error").next().unwrap_or(&s);
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_files_are_refused_without_opening() {
        let other = |p: &str| match read(Path::new(p)) {
            Err(FileError::Other(why)) => why,
            r => panic!("{p}: {r:?}"),
        };
        assert_eq!(
            other("/dev/zero"),
            "is a character device, not a regular file"
        );
        assert_eq!(other("/"), "is a directory, not a regular file");
        assert_eq!(read(Path::new("/nonexistent/x")), Err(FileError::Missing));
    }

    #[test]
    fn procfs_files_of_size_zero_are_read_in_full() {
        // procfs gives its files size 0; the cap is on what is read, not on that size.
        let path = Path::new("/proc/self/environ");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        let data = read(path).unwrap();
        assert!(data.contains(&b'=') && data.ends_with(&[0]), "{data:?}");
    }
}
