//! The errors of the store.

use std::path::{Path, PathBuf};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No home folder could be found for the platform data folder.
    #[error("cannot find a data folder: set CONCUR_HOME or pass --data-dir DIR")]
    NoDataDir,
    /// An I/O error on a file.
    #[error("{path}: {action}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The cause.
        source: std::io::Error,
    },
    /// A file that could not be replaced atomically.
    #[error(transparent)]
    Write(#[from] crate::atomic::WriteError),
    /// A file of the store whose content cannot be read.
    #[error("{path}: {message}")]
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Turns an I/O error on `path` into a [`StoreError::Io`].
pub(crate) fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        path,
        action,
        source,
    }
}
