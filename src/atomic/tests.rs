#![allow(clippy::unwrap_used)]
use super::*;
use std::time::{Duration, SystemTime};

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(TEMP_SUFFIX))
        .collect()
}

fn is_regular(p: &Path) -> bool {
    std::fs::symlink_metadata(p).unwrap().is_file()
}

#[test]
fn writes_a_new_file_and_replaces_an_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    for target in [Target::User, Target::Cache] {
        write_atomically(&p, target, b"one").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomically(&p, target, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
    }
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_user_file_keeps_its_permissions_and_its_link_is_followed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.txt");
    std::fs::write(&target, b"old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    write_atomically(&link, Target::User, b"new").unwrap();
    assert!(link.is_symlink());
    assert_eq!(std::fs::read(&target).unwrap(), b"new");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    // A new file is not private to the owner, as a plain write would not be.
    let fresh = dir.path().join("fresh.txt");
    write_atomically(&fresh, Target::User, b"x").unwrap();
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, b"x").unwrap();
    let mode_of = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode_of(&fresh), mode_of(&plain));
}

/// The attack of issue 18: `cache/deck-ids.bin` is a link to a file
/// outside the cache (it was `/dev/zero`); writing the cache replaces the
/// link, and the file it pointed to is untouched. Fails on the code that
/// followed links (the outside file got the cache's bytes).
#[test]
fn a_link_at_a_cache_path_is_replaced_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::fs::create_dir(&cache).unwrap();
    let outside = dir.path().join("outside");
    std::fs::write(&outside, b"precious").unwrap();
    let p = cache.join("deck-ids.bin");
    std::os::unix::fs::symlink(&outside, &p).unwrap();
    write_atomically(&p, Target::Cache, b"concurDI...").unwrap();
    assert!(is_regular(&p), "the link became a regular file");
    assert_eq!(std::fs::read(&p).unwrap(), b"concurDI...");
    assert_eq!(std::fs::read(&outside).unwrap(), b"precious");
    // A dangling link and a link to a folder: replaced too.
    std::fs::remove_file(&p).unwrap();
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &p).unwrap();
    write_atomically(&p, Target::Cache, b"x").unwrap();
    assert!(is_regular(&p));
    assert!(!dir.path().join("nowhere").exists());
    std::fs::remove_file(&p).unwrap();
    std::os::unix::fs::symlink(dir.path(), &p).unwrap();
    write_atomically(&p, Target::Cache, b"y").unwrap();
    assert!(is_regular(&p));
    assert!(leftovers(&cache).is_empty());
}

#[test]
fn a_fifo_a_socket_or_a_folder_at_a_cache_path_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("replay.bin");
    crate::regular::mkfifo(&fifo).unwrap();
    // Opening a FIFO with no reader to write would block: it is never opened.
    write_atomically(&fifo, Target::Cache, b"a").unwrap();
    assert!(is_regular(&fifo));
    let sock = dir.path().join("sock.bin");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    write_atomically(&sock, Target::Cache, b"b").unwrap();
    assert!(is_regular(&sock));
    let folder = dir.path().join("decks.bin");
    std::fs::create_dir_all(folder.join("inside")).unwrap();
    write_atomically(&folder, Target::Cache, b"c").unwrap();
    assert_eq!(std::fs::read(&folder).unwrap(), b"c");
}

#[test]
fn a_user_path_that_is_not_a_regular_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |p: &Path, what: &str| {
        let err = write_atomically(p, Target::User, b"x").unwrap_err();
        assert!(matches!(err, WriteError::NotRegular { .. }), "{err}");
        assert!(err.to_string().contains(what), "{err}");
        assert!(leftovers(dir.path()).is_empty());
    };
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    refused(&folder, "it is a folder");
    assert!(folder.is_dir());
    let fifo = dir.path().join("fifo");
    crate::regular::mkfifo(&fifo).unwrap();
    refused(&fifo, "it is a FIFO");
    let sock = dir.path().join("sock");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    refused(&sock, "it is a socket");
    // Through a link: the link's target is what counts.
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    refused(&link, "it is a FIFO");
    assert!(link.is_symlink());
}

#[test]
fn a_writer_that_fails_halfway_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.bin");
    write_atomically(&p, Target::Cache, b"old").unwrap();
    let err = write_atomically_with(&p, Target::Cache, |w| {
        w.write_all(&[7; 300_000])?;
        Err(std::io::Error::other("stopped"))
    })
    .unwrap_err();
    assert!(matches!(err, WriteError::Write { .. }), "{err}");
    assert_eq!(std::fs::read(&p).unwrap(), b"old");
    assert!(leftovers(dir.path()).is_empty());
    write_atomically_with(&p, Target::Cache, |w| w.write_all(&[7; 300_000])).unwrap();
    assert_eq!(std::fs::read(&p).unwrap().len(), 300_000);
}

#[test]
fn a_missing_folder_is_a_write_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = write_atomically(&dir.path().join("no/such/a.txt"), Target::User, b"x").unwrap_err();
    assert!(matches!(err, WriteError::Write { .. }), "{err}");
}

/// A file at `p` last written `secs` seconds ago.
fn written_ago(p: &Path, secs: u64) -> std::fs::File {
    let f = std::fs::File::create(p).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(secs))
        .unwrap();
    f
}

/// A killed writer's temporary file goes on the next sweep; one whose
/// writer still holds it stays, and so does one just made (its writer may
/// not have locked it yet); nothing else is touched, and a link of that
/// name is removed, not followed.
#[test]
fn temporaries_whose_writer_is_gone_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let abandoned = d.join(".replay.bin.AbC123.concur-tmp");
    written_ago(&abandoned, 3);
    let fresh = d.join(".replay.bin.NeW000.concur-tmp");
    std::fs::write(&fresh, b"just made").unwrap();
    let live = d.join(".deck-ids.bin.XyZ789.concur-tmp");
    let held = written_ago(&live, 3600);
    held.lock().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let precious = outside.path().join("precious");
    std::fs::write(&precious, b"keep").unwrap();
    let link = d.join(".x.bin.LiNk00.concur-tmp");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let mine = d.join("notes.concur-tmp");
    std::fs::write(&mine, b"not ours: no leading dot").unwrap();
    assert_eq!(remove_stale_temps(d), 2);
    assert!(!abandoned.exists() && !link.is_symlink());
    assert!(live.exists() && mine.exists() && fresh.exists());
    assert_eq!(std::fs::read(&precious).unwrap(), b"keep");
    drop(held);
    assert_eq!(remove_stale_temps(d), 1);
    assert!(!live.exists());
}

/// Writing a file of the user's sweeps that file's own abandoned
/// temporaries (a killed `export -o`), and nothing else in the folder:
/// not another file's, not one just made, not a folder or a link of that
/// name, not a name that differs in its random part.
#[test]
fn a_user_write_sweeps_only_its_own_abandoned_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = d.join("out.csv");
    let abandoned = d.join(".out.csv.AbC123.concur-tmp");
    written_ago(&abandoned, 3600);
    let kept = [
        d.join(".other.csv.AbC123.concur-tmp"),
        d.join(".out.csv.AbC12.concur-tmp"),
        d.join(".out.csv.AbC-23.concur-tmp"),
        d.join(".out.csv.XyZ789.concur-tmp.bak"),
    ];
    for k in &kept {
        written_ago(k, 3600);
    }
    let fresh = d.join(".out.csv.NeW000.concur-tmp");
    std::fs::write(&fresh, b"just made").unwrap();
    let folder = d.join(".out.csv.DiR000.concur-tmp");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("inside"), b"keep").unwrap();
    let outside = tempfile::tempdir().unwrap();
    let precious = outside.path().join("precious");
    std::fs::write(&precious, b"keep").unwrap();
    let link = d.join(".out.csv.LiNk00.concur-tmp");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    write_atomically(&out, Target::User, b"a,b\n").unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"a,b\n");
    assert!(!abandoned.exists());
    for k in kept.iter().chain([&fresh, &folder.join("inside")]) {
        assert!(k.exists(), "{}", k.display());
    }
    assert!(link.is_symlink());
    assert_eq!(std::fs::read(&precious).unwrap(), b"keep");
}

/// A sweep running while cache files are written (the deck loader and
/// the replay sweep and write `cache/` at once) never costs a write: a
/// temporary file is removed only under its lock, and a writer whose fresh
/// file was swept before it locked it makes another. Failed when the
/// writer locked its file after creating it without checking: about one
/// write in a few hundred was lost ("cannot replace"), as was one in some
/// ten thousand while only the check was made.
#[test]
fn a_sweep_during_writes_never_loses_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sweeper = {
        let (d, stop) = (d.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                remove_stale_temps(&d);
            }
        })
    };
    let p = d.join("replay.bin");
    let failed = (0..1000)
        .filter(|_| write_atomically(&p, Target::Cache, b"x").is_err())
        .count();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    sweeper.join().unwrap();
    assert_eq!(failed, 0);
}
