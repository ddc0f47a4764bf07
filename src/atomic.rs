//! Replacing a file atomically: write a temporary file in the same folder,
//! flush it to disk, rename it over the target. A crash leaves either the old
//! file or the new one, never half of one; a temporary file a killed writer
//! left behind is removed by the next run ([`remove_stale_temps`]).
//!
//! One rule per kind of target ([`Target`]):
//!
//! - a cache file is always written as a fresh regular file at its own
//!   path: a symbolic link there is replaced, never followed (a link planted
//!   in `cache/` cannot make concur overwrite the file it points to), and
//!   so is anything else that is not a regular file;
//! - a file of the user's own (`check --fix-ids`, `export -o`, `import`'s
//!   output, the last quiz's weak cards) may be a link to a regular file,
//!   whose target is then replaced (the link stays); a device, a FIFO, a
//!   socket or a folder there is refused, before anything is written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The suffix of every temporary file concur writes; its name is
/// `.NAME.XXXXXX` and this, in the target's folder.
pub const TEMP_SUFFIX: &str = ".concur-tmp";

/// What kind of file is written: the rule about links and non-regular
/// files at the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A file in concur's cache folder: whatever is at the path (a link, a
    /// FIFO, a device, a folder) is replaced by a fresh regular file; a link
    /// is never followed. Its bytes are not synced to the disk before the
    /// rename: every cache is checked by its frame's checksum when read and
    /// rebuilt when it fails, so a cache that a power loss left empty or
    /// torn costs only time, and no command waits for the disk to write
    /// one.
    Cache,
    /// A file of the user's: a link to a regular file is followed and its
    /// target replaced; a path that is not a regular file is refused.
    User,
}

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The path is a symbolic link whose target cannot be found.
    #[error("cannot follow the link {}", path.display())]
    Link {
        /// The link.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The path (or the file a link there points to) is not a regular file.
    #[error(
        "cannot replace {}: it is {what}, not a regular file: choose another path",
        path.display()
    )]
    NotRegular {
        /// The path (the link's target if it was a link).
        path: PathBuf,
        /// What it is: "a folder", "a device", "a FIFO", "a socket".
        what: &'static str,
    },
    /// The temporary file could not be created, written or flushed.
    #[error("cannot write in {}: check the folder's permissions", dir.display())]
    Write {
        /// The folder of the target.
        dir: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The temporary file could not be renamed over the target.
    #[error("cannot replace {}", path.display())]
    Replace {
        /// The target.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` (a `target` file) through a temporary file in
/// the same folder, `sync_all` (for a [`Target::User`] file) and a rename.
/// An existing regular file keeps its permissions; a new one gets the
/// usual ones (`0o666` less the umask). The folder must exist.
pub fn write_atomically(path: &Path, target: Target, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomically_with(path, target, |w| w.write_all(bytes))
}

/// Where the bytes go, and the permissions of the file they replace, by
/// the rule of `target`.
fn destination(
    path: &Path,
    target: Target,
) -> Result<(PathBuf, Option<std::fs::Permissions>), WriteError> {
    let kind = |m: &std::fs::Metadata| crate::regular::kind_of(&m.file_type());
    match target {
        Target::Cache => match std::fs::symlink_metadata(path) {
            Ok(m) if m.is_file() => Ok((path.to_path_buf(), Some(m.permissions()))),
            // A rename replaces a link, a FIFO or a device, not a folder.
            Ok(m) if m.is_dir() => match std::fs::remove_dir_all(path) {
                Ok(()) => Ok((path.to_path_buf(), None)),
                Err(_) => Err(WriteError::NotRegular {
                    path: path.to_path_buf(),
                    what: kind(&m),
                }),
            },
            _ => Ok((path.to_path_buf(), None)),
        },
        Target::User => {
            let resolved = if path.is_symlink() {
                std::fs::canonicalize(path).map_err(|source| WriteError::Link {
                    path: path.to_path_buf(),
                    source,
                })?
            } else {
                path.to_path_buf()
            };
            match std::fs::metadata(&resolved) {
                Ok(m) if m.is_file() => Ok((resolved, Some(m.permissions()))),
                Ok(m) => Err(WriteError::NotRegular {
                    path: resolved,
                    what: kind(&m),
                }),
                Err(_) => Ok((resolved, None)),
            }
        }
    }
}

/// [`write_atomically`] with the bytes written by `write` (to a buffered
/// writer over the temporary file), so that a large file need not be held
/// in memory first. An error from `write` leaves the target as it was.
pub fn write_atomically_with(
    path: &Path,
    target: Target,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    stage_with(path, target, write)?.commit()
}

/// A file written in full, and flushed to disk, in a temporary file beside
/// its target, and not yet in place: [`Staged::commit`] renames it over
/// the target; dropping it instead deletes it and leaves the target as it
/// was. Staging several files first, then committing them, writes all of
/// them or (when one cannot be written) none.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Staged {
    /// Puts the file in place (a rename in its folder).
    pub fn commit(self) -> Result<(), WriteError> {
        let path = self.path;
        // On failure the temporary file is dropped, which deletes it.
        self.tmp.persist(&path).map_err(|e| WriteError::Replace {
            path: path.clone(),
            source: e.error,
        })?;
        Ok(())
    }
}

/// Writes `bytes` for `path` (a `target` file) into a [`Staged`] file, by
/// the rules of [`write_atomically`].
pub fn stage(path: &Path, target: Target, bytes: &[u8]) -> Result<Staged, WriteError> {
    stage_with(path, target, |w| w.write_all(bytes))
}

/// [`stage`] with the bytes written by `write`.
fn stage_with(
    path: &Path,
    target: Target,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged, WriteError> {
    let (path, keep) = destination(path, target)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let write_err = |source| WriteError::Write {
        dir: dir.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    if target == Target::User {
        // A folder of the user's is swept of this file's leftovers only.
        remove_stale_temps_of(&path);
    }
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM);
    // NamedTempFile's default is 0o600; ask for what `File::create` gives.
    #[cfg(unix)]
    let default_mode =
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o666);
    #[cfg(unix)]
    builder.permissions(default_mode);
    let mut tmp = locked_temp(&builder, dir).map_err(write_err)?;
    {
        let mut w = std::io::BufWriter::with_capacity(256 * 1024, tmp.as_file_mut());
        write(&mut w).map_err(write_err)?;
        w.flush().map_err(write_err)?;
    }
    if let Some(perms) = keep {
        let _ = tmp.as_file().set_permissions(perms);
    }
    if target == Target::User {
        tmp.as_file().sync_all().map_err(write_err)?;
    }
    Ok(Staged { tmp, path })
}

/// A new temporary file in `dir`, locked until it is renamed and closed: a
/// lock that can be taken tells [`remove_stale_temps`] that the writer is
/// gone. A sweep leaves a file younger than [`FRESH`] alone, and removes one
/// only while it holds its lock; so if a writer stalled between creating
/// its file and locking it, and a sweep removed it meanwhile, the writer
/// finds no link left once it has the lock, and makes another. Where locks
/// are not supported, age alone decides.
fn locked_temp(
    builder: &tempfile::Builder<'_, '_>,
    dir: &Path,
) -> std::io::Result<tempfile::NamedTempFile> {
    use std::os::unix::fs::MetadataExt;
    for _ in 0..3 {
        let tmp = builder.tempfile_in(dir)?;
        let kept = tmp.as_file().lock().is_err()
            || tmp.as_file().metadata().map_or(true, |m| m.nlink() > 0);
        if kept {
            return Ok(tmp);
        }
    }
    Err(std::io::Error::other(
        "each temporary file was removed by another process's sweep",
    ))
}

/// Makes `dir`, a folder of concur's cache, its own: a link there (to a
/// folder of the user's, say) or anything else that is not a folder is
/// removed, never followed, so that nothing concur writes, prunes or sweeps
/// in its cache lands outside it. A missing folder stays missing (a writer
/// creates it); a real one is left as it is. Best effort.
pub fn claim_cache_dir(dir: &Path) {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            let _ = std::fs::remove_file(dir);
        }
        Err(_) => {}
    }
}

/// A temporary file younger than this is never removed: its writer may not
/// have locked it yet.
pub const FRESH: Duration = Duration::from_secs(2);

/// How old a temporary file must be before it is removed where file locks
/// do not work (and the lock cannot tell whether its writer is alive).
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// Removes the temporary files of concur's naming (`.NAME.XXXXXX` and
/// [`TEMP_SUFFIX`]) in `dir` whose writer is gone: a `kill -9` or a power
/// cut in the middle of a write leaves one. A writer holds a lock on its
/// temporary file until it is renamed, so a file whose lock can be taken
/// has no writer (unless it is younger than [`FRESH`]); where locks are not
/// supported, a file older than [`STALE_AFTER`] counts as abandoned. Anything of that name that is not a
/// regular file goes too (never followed). Best effort; returns how many
/// were removed.
pub fn remove_stale_temps(dir: &Path) -> usize {
    sweep(
        dir,
        |name| name.starts_with('.') && name.ends_with(TEMP_SUFFIX),
        true,
    )
}

/// Removes the entries of `dir` whose name is `ours`: a regular file once
/// its writer is gone ([`remove_if_abandoned`]), and, if `any_kind`, a
/// folder, link or anything else of that name at once (never followed).
/// Returns how many were removed.
fn sweep(dir: &Path, ours: impl Fn(&str) -> bool, any_kind: bool) -> usize {
    let Ok(list) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in list.flatten() {
        if !ours(&e.file_name().to_string_lossy()) {
            continue;
        }
        // Not followed: the entry's own type.
        let Ok(meta) = e.metadata() else { continue };
        let path = e.path();
        let gone = if meta.is_file() {
            remove_if_abandoned(&path, &meta)
        } else if !any_kind {
            false
        } else if meta.is_dir() {
            std::fs::remove_dir_all(&path).is_ok()
        } else {
            std::fs::remove_file(&path).is_ok()
        };
        removed += usize::from(gone);
    }
    removed
}

/// The random characters in a temporary file's name, between `.NAME.` and
/// [`TEMP_SUFFIX`].
pub const TEMP_RANDOM: usize = 6;

/// Removes the temporary files that earlier writes of `path` left beside
/// it (`.NAME.` with NAME its file name, [`TEMP_RANDOM`] letters or digits,
/// then [`TEMP_SUFFIX`]): a `kill -9` in the middle of `concur export -o`
/// leaves one. In a folder of the user's nothing else is concur's, so only
/// regular files of exactly that name go, and only once their writer is
/// gone (as in [`remove_stale_temps`]). Best effort; returns how many were
/// removed.
pub fn remove_stale_temps_of(path: &Path) -> usize {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let ours = |entry: &str| {
        entry
            .strip_prefix(prefix.as_str())
            .and_then(|r| r.strip_suffix(TEMP_SUFFIX))
            .is_some_and(|random| {
                random.len() == TEMP_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
            })
    };
    sweep(dir, ours, false)
}

/// Removes the temporary file at `path` if nobody writes it any more,
/// holding its lock while it does (see [`locked_temp`]).
fn remove_if_abandoned(path: &Path, meta: &std::fs::Metadata) -> bool {
    let age = meta
        .modified()
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok());
    if age.is_some_and(|a| a < FRESH) {
        return false;
    }
    let Ok(file) = crate::regular::open_read(path) else {
        return false;
    };
    let abandoned = match file.try_lock() {
        Ok(()) => true,
        Err(std::fs::TryLockError::WouldBlock) => false,
        Err(std::fs::TryLockError::Error(_)) => age.is_some_and(|a| a > STALE_AFTER),
    };
    // Removed before the lock is let go (when `file` is dropped).
    abandoned && std::fs::remove_file(path).is_ok()
}

#[cfg(test)]
mod tests;
