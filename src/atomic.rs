//! Replacing a file atomically: write a temporary file in the same folder,
//! flush it to disk, rename it over the target. A crash leaves either the old
//! file or the new one, never half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// `sync_all` and a rename. A symbolic link is followed: its target is
/// replaced, the link stays. An existing file keeps its permissions; a new
/// one gets the usual ones (`0o666` less the umask). The folder must exist.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// [`write_atomically`] with the bytes written by `write` (to a buffered
/// writer over the temporary file), so that a large file need not be held
/// in memory first. An error from `write` leaves the target as it was.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let resolved;
    let path = if path.is_symlink() {
        resolved = std::fs::canonicalize(path).map_err(|source| WriteError::Link {
            path: path.to_path_buf(),
            source,
        })?;
        resolved.as_path()
    } else {
        path
    };
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
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".concur-tmp");
    // NamedTempFile's default is 0o600; ask for what `File::create` gives.
    #[cfg(unix)]
    let default_mode =
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o666);
    #[cfg(unix)]
    builder.permissions(default_mode);
    let mut tmp = builder.tempfile_in(dir).map_err(write_err)?;
    {
        let mut w = std::io::BufWriter::with_capacity(256 * 1024, tmp.as_file_mut());
        write(&mut w).map_err(write_err)?;
        w.flush().map_err(write_err)?;
    }
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the original file's permissions.
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.as_file().sync_all().map_err(write_err)?;
    // On failure the temporary file is dropped, which deletes it.
    tmp.persist(path).map_err(|e| WriteError::Replace {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".concur-tmp"))
            .collect()
    }

    #[test]
    fn writes_a_new_file_and_replaces_an_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomically(&p, b"one").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_follows_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, b"old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(link.is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        // A new file is not private to the owner, as a plain write would not be.
        let fresh = dir.path().join("fresh.txt");
        write_atomically(&fresh, b"x").unwrap();
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, b"x").unwrap();
        let mode_of = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode_of(&fresh), mode_of(&plain));
    }

    #[test]
    fn a_writer_that_fails_halfway_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.bin");
        write_atomically(&p, b"old").unwrap();
        let err = write_atomically_with(&p, |w| {
            w.write_all(&[7; 300_000])?;
            Err(std::io::Error::other("stopped"))
        })
        .unwrap_err();
        assert!(matches!(err, WriteError::Write { .. }), "{err}");
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert!(leftovers(dir.path()).is_empty());
        write_atomically_with(&p, |w| w.write_all(&[7; 300_000])).unwrap();
        assert_eq!(std::fs::read(&p).unwrap().len(), 300_000);
    }

    #[test]
    fn a_missing_folder_is_a_write_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomically(&dir.path().join("no/such/a.txt"), b"x").unwrap_err();
        assert!(matches!(err, WriteError::Write { .. }), "{err}");
    }
}
