//! Regular files only: opening one to read without blocking (a FIFO with no
//! writer would block a plain open forever), saying in words what a file
//! that is not regular is, and reading a cache file without trusting its
//! size.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use rustix::fs::{Mode, OFlags};

/// What a file type is, in words ("a folder", "a FIFO", ...), for messages.
pub fn kind_of(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading without blocking and checks, on the opened
/// handle, that it is a regular file; anything else is an
/// [`std::io::ErrorKind::InvalidInput`] error that says what it is.
pub fn open_read(path: &Path) -> std::io::Result<File> {
    open_checked(
        path,
        OFlags::RDONLY,
        Mode::empty(),
        "only regular files are read",
    )
}

/// Opens `path` with `flags` (and `mode` if it is created) without
/// blocking (a FIFO with no writer would block a plain open forever), and
/// checks on the opened handle that it is a regular file; anything else is
/// an [`std::io::ErrorKind::InvalidInput`] error that says what it is, then
/// `rule`. Reads and writes on the file block as usual.
pub fn open_checked(path: &Path, flags: OFlags, mode: Mode, rule: &str) -> std::io::Result<File> {
    let flags = flags | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    let file = File::from(rustix::fs::open(path, flags, mode)?);
    let t = file.metadata()?.file_type();
    if !t.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("not a regular file (it is {}); {rule}", kind_of(&t)),
        ));
    }
    // A regular file: reads and writes block as usual from here on.
    let flags = rustix::fs::fcntl_getfl(&file)?;
    rustix::fs::fcntl_setfl(&file, flags - OFlags::NONBLOCK)?;
    Ok(file)
}

/// The bytes of the cache file at `path` if it is a regular file of at
/// most `limit` bytes whose first bytes are `head` (its magic and format),
/// else `None`. Memory stays bounded whatever the file is: its size is
/// checked before anything is read, only the head is read before it is
/// known to match, and never more than `limit` plus one byte in all (a file
/// that grows while read is refused too).
pub fn read_cache_file(path: &Path, head: &[u8], limit: u64) -> Option<Vec<u8>> {
    let file = open_read(path).ok()?;
    let len = file.metadata().ok()?.len();
    if len > limit || len < head.len() as u64 {
        return None;
    }
    let mut file = file.take(limit.saturating_add(1));
    let mut bytes = vec![0; head.len()];
    file.read_exact(&mut bytes).ok()?;
    if bytes != head {
        return None;
    }
    bytes.reserve_exact(usize::try_from(len).ok()?.saturating_sub(head.len()));
    file.read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= limit).then_some(bytes)
}

/// Makes a FIFO at `p`, for tests that need one (never the machine's own
/// files).
#[cfg(test)]
pub(crate) fn mkfifo(p: &Path) -> std::io::Result<()> {
    Ok(rustix::fs::mknodat(
        rustix::fs::CWD,
        p,
        rustix::fs::FileType::Fifo,
        Mode::from_raw_mode(0o600),
        0,
    )?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_cache_file_is_read_only_within_its_limit_and_with_its_head() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.bin");
        std::fs::write(&p, b"HEADbody").unwrap();
        assert_eq!(read_cache_file(&p, b"HEAD", 8).unwrap(), b"HEADbody");
        assert!(read_cache_file(&p, b"HEAD", 7).is_none(), "over the limit");
        assert!(read_cache_file(&p, b"HEAX", 8).is_none(), "another head");
        assert!(read_cache_file(&dir.path().join("none"), b"HEAD", 8).is_none());
        // Sparse and huge: refused from its size, nothing read.
        let big = std::fs::File::create(&p).unwrap();
        big.set_len(1 << 40).unwrap();
        assert!(read_cache_file(&p, b"HEAD", u64::MAX).is_none());
    }

    #[test]
    fn a_fifo_is_not_opened_for_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe");
        mkfifo(&p).unwrap();
        let err = open_read(&p).unwrap_err();
        assert!(err.to_string().contains("a FIFO"), "{err}");
        assert!(read_cache_file(&p, b"", 10).is_none());
    }
}
