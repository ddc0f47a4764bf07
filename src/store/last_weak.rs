//! `$DATA/quiz-last-weak.json`: the weak cards of the last finished quiz,
//! for `concur quiz --last-weak`.

use serde::{Deserialize, Serialize};

use crate::data_dir::DataDir;
use crate::store::CardRef;
use crate::store::error::{StoreError, io};

#[derive(Serialize, Deserialize)]
struct LastWeak {
    weak: Vec<CardRef>,
}

/// Remembers the weak cards of the quiz just finished (replacing the last
/// list atomically; the review log is not touched).
pub fn save_last_weak(data: &DataDir, weak: &[CardRef]) -> Result<(), StoreError> {
    let root = data.root();
    std::fs::create_dir_all(root).map_err(io(root, "cannot create the data folder"))?;
    let path = data.last_weak();
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
pub fn load_last_weak(data: &DataDir) -> Result<Option<Vec<CardRef>>, StoreError> {
    let path = data.last_weak();
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
        let data = DataDir::new(dir.path());
        assert_eq!(load_last_weak(&data).unwrap(), None);
        let weak = vec![CardRef {
            deck: "d".into(),
            card: "c".into(),
        }];
        save_last_weak(&data, &weak).unwrap();
        assert_eq!(load_last_weak(&data).unwrap(), Some(weak));
        std::fs::write(data.last_weak(), b"{not json").unwrap();
        let err = load_last_weak(&data).unwrap_err().to_string();
        assert!(
            err.starts_with(&data.last_weak().display().to_string()),
            "{err}"
        );
    }
}
