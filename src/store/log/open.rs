//! Opening the log: without blocking (a FIFO with no writer would block a
//! plain open forever), and only if it is a regular file.

use std::fs::File;
use std::path::Path;

use rustix::fs::{Mode, OFlags};

/// Opens the file at `path` without blocking, to read (`append` false) or
/// to read and append (`append` true, creating it with mode 0o644), and
/// checks on the opened handle that it is a regular file; anything else is
/// an [`std::io::ErrorKind::InvalidInput`] error that says what it is.
pub(crate) fn open_regular(path: &Path, append: bool) -> std::io::Result<File> {
    let flags = if append {
        OFlags::RDWR | OFlags::APPEND | OFlags::CREATE
    } else {
        OFlags::RDONLY
    };
    crate::regular::open_checked(
        path,
        flags,
        Mode::from_raw_mode(0o644),
        "the review log must be a regular file",
    )
}

/// The whole of the regular file at `path` (a FIFO or device is an error,
/// never a hang): for the user's small files (the caches are read bounded,
/// by [`crate::regular::read_cache_file`]).
pub(crate) fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut open_regular(path, false)?, &mut bytes)?;
    Ok(bytes)
}
