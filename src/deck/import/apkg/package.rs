//! The zip of a package: its collection, chosen by format and copied
//! (decompressed) to a temporary file, never past [`Limits`]: a zip bomb
//! stops at the collection bound, whatever sizes the zip declares.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use super::{ApkgError, Format, Limits};

/// The collection, out of its zip.
#[derive(Debug)]
pub(super) struct Extracted {
    /// Removed (with the file) when dropped.
    _dir: tempfile::TempDir,
    /// The SQLite file.
    pub path: PathBuf,
    /// Which collection it was.
    pub format: Format,
}

/// The SQLite file header.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// Copies the collection of the package at `path` to a temporary file.
pub(super) fn extract(path: &Path, limits: &Limits) -> Result<Extracted, ApkgError> {
    let file = crate::regular::open_read(path).map_err(ApkgError::Read)?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| match e {
        zip::result::ZipError::Io(e) => ApkgError::Read(e),
        other => ApkgError::NotZip(other.to_string()),
    })?;
    if zip.len() > limits.entries {
        return Err(ApkgError::TooLarge(format!(
            "the zip holds {} files, over {}",
            zip.len(),
            limits.entries
        )));
    }
    // The current format also holds a stub `collection.anki2` for old
    // versions of Anki ("please update"): the newest collection wins.
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(String::from)
        .collect();
    let format = [Format::Current, Format::Legacy21, Format::Legacy2]
        .into_iter()
        .find(|f| names.iter().any(|n| n == f.entry()))
        .ok_or(ApkgError::NoCollection(zip.len()))?;
    let entry_err = |why: String| ApkgError::Entry {
        entry: format.entry(),
        why,
    };
    let entry = zip
        .by_name(format.entry())
        .map_err(|e| entry_err(e.to_string()))?;
    let too_big = || {
        ApkgError::TooLarge(format!(
            "the collection is over {} MiB once decompressed",
            limits.collection_bytes / (1024 * 1024)
        ))
    };
    if entry.size() > limits.collection_bytes {
        return Err(too_big());
    }
    let dir = tempfile::Builder::new()
        .prefix(".concur-apkg")
        .tempdir()
        .map_err(ApkgError::Temp)?;
    let out_path = dir.path().join("collection.sqlite");
    let mut out =
        std::io::BufWriter::new(std::fs::File::create(&out_path).map_err(ApkgError::Temp)?);
    let bound = limits.collection_bytes;
    let copied = match format {
        Format::Current => unzstd(entry, &mut out, bound).map_err(|e| match e {
            Copy::Read(why) => entry_err(why),
            Copy::Write(e) => ApkgError::Temp(e),
        })?,
        Format::Legacy21 | Format::Legacy2 => {
            copy(&mut entry.take(bound + 1), &mut out).map_err(|e| match e {
                Copy::Read(why) => entry_err(why),
                Copy::Write(e) => ApkgError::Temp(e),
            })?
        }
    };
    if copied > bound {
        return Err(too_big());
    }
    out.flush().map_err(ApkgError::Temp)?;
    drop(out);
    let mut head = [0u8; 16];
    let read = std::fs::File::open(&out_path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(ApkgError::Temp)?;
    if read < head.len() || head != SQLITE_MAGIC {
        return Err(ApkgError::Collection(format!(
            "{} is not an SQLite database (it is damaged, encrypted, or not made by Anki)",
            format.entry()
        )));
    }
    Ok(Extracted {
        _dir: dir,
        path: out_path,
        format,
    })
}

/// Why a copy stopped.
enum Copy {
    /// Reading (or decompressing) failed: the package is damaged.
    Read(String),
    /// Writing the temporary file failed.
    Write(std::io::Error),
}

/// Copies `from` to `to`; the bytes copied.
fn copy(from: &mut impl Read, to: &mut impl Write) -> Result<u64, Copy> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut n: u64 = 0;
    loop {
        let got = match from.read(&mut buf) {
            Ok(0) => return Ok(n),
            Ok(got) => got,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Copy::Read(e.to_string())),
        };
        to.write_all(&buf[..got]).map_err(Copy::Write)?;
        n += got as u64;
    }
}

/// Decompresses the zstd frames of `from` into `to`, stopping once past
/// `bound` bytes; the bytes written.
fn unzstd(from: impl Read, to: &mut impl Write, bound: u64) -> Result<u64, Copy> {
    let mut from = BufReader::new(from);
    let mut n: u64 = 0;
    loop {
        match from.fill_buf() {
            Ok([]) => return Ok(n),
            Ok(_) => {}
            Err(e) => return Err(Copy::Read(e.to_string())),
        }
        let frame = ruzstd::decoding::StreamingDecoder::new(&mut from)
            .map_err(|e| Copy::Read(format!("not zstd data ({e})")))?;
        n += copy(&mut frame.take(bound + 1 - n), to)?;
        if n > bound {
            return Ok(n);
        }
    }
}
