//! `$DATA/quiz-last-weak.json`: the weak cards of the last finished quiz,
//! for `concur quiz --last-weak`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::CardRef;
use crate::store::error::{StoreError, io};

/// The file that remembers the last quiz's weak cards.
pub fn last_weak_path(data: &Path) -> PathBuf {
    data.join("quiz-last-weak.json")
}

#[derive(Serialize, Deserialize)]
struct LastWeak {
    weak: Vec<CardRef>,
}

/// Remembers the weak cards of the quiz just finished (replacing the last
/// list atomically; the review log is not touched).
pub fn save_last_weak(data: &Path, weak: &[CardRef]) -> Result<(), StoreError> {
    std::fs::create_dir_all(data).map_err(io(data, "cannot create the data folder"))?;
    let path = last_weak_path(data);
    let text = serde_json::to_string_pretty(&LastWeak {
        weak: weak.to_vec(),
    })
    .map_err(|e| StoreError::BadFile {
        path: path.clone(),
        message: e.to_string(),
    })?;
    crate::atomic::write_atomically(&path, crate::atomic::Target::User, text.as_bytes())?;
    Ok(())
}

/// The weak cards of the last quiz, or `None` if no quiz was finished yet.
pub fn load_last_weak(data: &Path) -> Result<Option<Vec<CardRef>>, StoreError> {
    let path = last_weak_path(data);
    match super::log::open::read_regular(&path) {
        Ok(bytes) => {
            let v: LastWeak = serde_json::from_slice(&bytes).map_err(|e| StoreError::BadFile {
                path: path.clone(),
                message: e.to_string(),
            })?;
            Ok(Some(v.weak))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(&path, "cannot read the last quiz's weak cards")(e)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn last_weak_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_last_weak(dir.path()).unwrap(), None);
        let weak = vec![CardRef {
            deck: "d".into(),
            card: "c".into(),
        }];
        save_last_weak(dir.path(), &weak).unwrap();
        assert_eq!(load_last_weak(dir.path()).unwrap(), Some(weak));
        std::fs::write(last_weak_path(dir.path()), b"{not json").unwrap();
        let err = load_last_weak(dir.path()).unwrap_err().to_string();
        assert!(
            err.starts_with(&last_weak_path(dir.path()).display().to_string()),
            "{err}"
        );
    }
}
