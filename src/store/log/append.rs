//! Appending one line to the log: whole, under an exclusive lock, and on
//! disk before returning.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::LogEntry;
use crate::store::error::{StoreError, io};

/// Appends one entry as a whole line, under an exclusive lock, and flushes it
/// to disk before returning. If the file ends in a torn line (no newline), a
/// newline is written first so the torn line stays separate; nothing already
/// in the file is changed.
pub fn append(path: &Path, entry: &LogEntry) -> Result<(), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir, "cannot create the data folder"))?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(io(path, "cannot open the review log"))?;
    file.lock()
        .map_err(io(path, "cannot lock the review log"))?;
    let mut line = String::new();
    let len = file
        .metadata()
        .map_err(io(path, "cannot read the review log"))?
        .len();
    if len > 0 {
        let mut last = [0u8; 1];
        file.seek(SeekFrom::Start(len - 1))
            .and_then(|_| file.read_exact(&mut last))
            .map_err(io(path, "cannot read the review log"))?;
        if last[0] != b'\n' {
            line.push('\n');
        }
    }
    line.push_str(&entry.to_json_line());
    line.push('\n');
    file.write_all(line.as_bytes())
        .map_err(io(path, "cannot write to the review log"))?;
    file.sync_data()
        .map_err(io(path, "cannot flush the review log to disk"))?;
    // The lock is released when `file` is closed.
    Ok(())
}
