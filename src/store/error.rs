//! The errors of the store.

use std::path::{Path, PathBuf};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No home folder could be found for the platform data folder.
    #[error("cannot find a data folder: set CONCUR_HOME or pass --data-dir DIR")]
    NoDataDir,
    /// An I/O error on a file. The cause is part of the message (every
    /// caller shows it, one line in a banner or after `concur: error:`), so
    /// it is not also a `source` that an error chain would print again.
    #[error("{path}: {action}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The cause.
        cause: std::io::Error,
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
    move |cause| StoreError::Io {
        path,
        action,
        cause,
    }
}
