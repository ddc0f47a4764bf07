//! Noticing that deck files changed on disk, for live reload. Polled by the
//! interface about twice a second.
//!
//! On Linux the folders are watched with inotify: a poll when nothing
//! changed is one non-blocking read that finds nothing, whatever the number
//! of deck files. Only when the kernel reports a change (or once every
//! [`FULL_EVERY`] polls, for deck files that are links to files elsewhere)
//! are the files listed and their metadata compared. Without inotify (or
//! when a watch cannot be added), the files are listed every
//! [`FALLBACK_EVERY`] polls instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::LoadOptions;
use super::cache::FileStamp;
use super::load::{Walk, walk_folder};

/// Each file's stamp, by the deck caches' rule (size, times including the
/// change time no tool can put back, inode): a missing file has the default.
type Stamps = BTreeMap<PathBuf, FileStamp>;

/// With inotify, a full comparison every this many polls anyway (a minute
/// at two polls a second): a deck file that is a link to a file outside the
/// watched folders changes without an event.
pub const FULL_EVERY: u32 = 120;

/// Without inotify, the files are compared every this many polls.
pub const FALLBACK_EVERY: u32 = 4;

/// Remembers the deck files under some paths and their stamps.
#[derive(Debug)]
pub struct DeckWatcher {
    paths: Vec<PathBuf>,
    stamps: Stamps,
    notify: Option<Notify>,
    polls: u32,
}

/// The files and the folders that hold them.
struct Scan {
    stamps: Stamps,
    dirs: Vec<PathBuf>,
}

impl DeckWatcher {
    /// Watches the paths of `opts` (the bundled decks never change).
    pub fn new(opts: &LoadOptions) -> DeckWatcher {
        let mut w = DeckWatcher {
            paths: opts.paths.clone(),
            stamps: Stamps::new(),
            notify: Notify::new(),
            polls: 0,
        };
        // Watches first: a change during the first scan is seen next poll.
        let scan = w.scan();
        w.watch(&scan.dirs);
        w.stamps = scan.stamps;
        w
    }

    /// True if the watcher relies on kernel events (not on comparing the
    /// files at every poll).
    pub fn uses_events(&self) -> bool {
        self.notify.is_some()
    }

    fn scan(&self) -> Scan {
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for p in &self.paths {
            match std::fs::metadata(p) {
                Ok(m) if m.is_dir() => {
                    let Walk {
                        files: f, dirs: d, ..
                    } = walk_folder(p);
                    files.extend(f);
                    dirs.extend(d);
                }
                Ok(_) => {
                    files.push(p.clone());
                    dirs.extend(parent(p));
                }
                // A missing folder (`$DATA/decks` before the first deck):
                // watch where it would appear.
                Err(_) => dirs.extend(parent(p)),
            }
        }
        let stamps = files
            .into_iter()
            .map(|f| {
                let stamp = std::fs::metadata(&f)
                    .map(|m| FileStamp::of(&m))
                    .unwrap_or_default();
                (f, stamp)
            })
            .collect();
        Scan { stamps, dirs }
    }

    /// Adds a watch on each folder; without inotify, or if one cannot be
    /// added (the user's watch limit), falls back to comparing the files.
    fn watch(&mut self, dirs: &[PathBuf]) {
        if let Some(n) = &self.notify
            && !dirs.iter().all(|d| n.add(d))
        {
            self.notify = None;
        }
    }

    /// True if a deck file was added, removed or changed since the last
    /// call (or since [`DeckWatcher::new`]).
    pub fn poll(&mut self) -> bool {
        self.polls = self.polls.wrapping_add(1);
        let due = match &self.notify {
            Some(n) => n.drain() || self.polls.is_multiple_of(FULL_EVERY),
            None => self.polls.is_multiple_of(FALLBACK_EVERY),
        };
        if !due {
            return false;
        }
        let now = self.scan();
        // New folders get watches (one already watched keeps its watch).
        self.watch(&now.dirs);
        let changed = now.stamps != self.stamps;
        self.stamps = now.stamps;
        changed
    }
}

fn parent(p: &Path) -> Option<PathBuf> {
    match p.parent() {
        Some(d) if d.as_os_str().is_empty() => Some(PathBuf::from(".")),
        other => other.map(Path::to_path_buf),
    }
}

/// An inotify instance (Linux only).
#[derive(Debug)]
struct Notify {
    #[cfg(target_os = "linux")]
    fd: std::os::fd::OwnedFd,
}

#[cfg(target_os = "linux")]
impl Notify {
    fn new() -> Option<Notify> {
        use rustix::fs::inotify::{CreateFlags, init};
        init(CreateFlags::NONBLOCK | CreateFlags::CLOEXEC)
            .ok()
            .map(|fd| Notify { fd })
    }

    /// Watches `dir` for any change to the entries in it. False if the
    /// watch could not be added, but the folder exists.
    fn add(&self, dir: &Path) -> bool {
        use rustix::fs::inotify::{WatchFlags, add_watch};
        let flags = WatchFlags::MODIFY
            | WatchFlags::ATTRIB
            | WatchFlags::CLOSE_WRITE
            | WatchFlags::CREATE
            | WatchFlags::DELETE
            | WatchFlags::DELETE_SELF
            | WatchFlags::MOVE_SELF
            | WatchFlags::MOVED_FROM
            | WatchFlags::MOVED_TO;
        match add_watch(&self.fd, dir, flags) {
            Ok(_) => true,
            // Gone between the listing and now: the parent's watch sees it.
            Err(e) => e == rustix::io::Errno::NOENT || e == rustix::io::Errno::NOTDIR,
        }
    }

    /// Reads every pending event; true if there was any (or the read
    /// failed: then a comparison decides).
    fn drain(&self) -> bool {
        let mut buf = [0u8; 4096];
        let mut any = false;
        loop {
            match rustix::io::read(&self.fd, &mut buf) {
                Ok(0) => return any,
                Ok(_) => any = true,
                Err(rustix::io::Errno::AGAIN) => return any,
                Err(rustix::io::Errno::INTR) => {}
                Err(_) => return true,
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
impl Notify {
    fn new() -> Option<Notify> {
        None
    }

    fn add(&self, _: &Path) -> bool {
        false
    }

    fn drain(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::time::{Duration, SystemTime};

    fn opts(p: &Path) -> LoadOptions {
        LoadOptions {
            bundled: false,
            paths: vec![p.to_path_buf()],
            optional: vec![],
            cache: None,
            lint: false,
        }
    }

    /// Polls until a change is seen (at most the polls of a full
    /// comparison, so a watcher that only ever compares also passes).
    fn sees_change(w: &mut DeckWatcher) -> bool {
        (0..FULL_EVERY).any(|_| w.poll())
    }

    #[test]
    fn notices_changes_additions_and_removals() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        std::fs::write(&a, "x").unwrap();
        let mut w = DeckWatcher::new(&opts(dir.path()));
        assert!(!sees_change(&mut w));
        // Same size, later mtime: set explicitly, so no waiting is needed.
        std::fs::write(&a, "y").unwrap();
        let f = std::fs::File::options().write(true).open(&a).unwrap();
        f.set_modified(SystemTime::now() + Duration::from_secs(5))
            .unwrap();
        assert!(sees_change(&mut w));
        assert!(!sees_change(&mut w));
        std::fs::write(dir.path().join("b.toml"), "z").unwrap();
        assert!(sees_change(&mut w));
        std::fs::remove_file(&a).unwrap();
        assert!(sees_change(&mut w));
        std::fs::write(dir.path().join("notes.txt"), "not a deck").unwrap();
        assert!(!sees_change(&mut w));
        // A new sub-folder, then a deck in it.
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert!(!sees_change(&mut w));
        std::fs::write(sub.join("c.toml"), "c").unwrap();
        assert!(sees_change(&mut w));
        // A missing folder that appears with a deck in it.
        let later = dir.path().join("later");
        let mut w2 = DeckWatcher::new(&opts(&later));
        assert!(!sees_change(&mut w2));
        std::fs::create_dir(&later).unwrap();
        std::fs::write(later.join("d.toml"), "d").unwrap();
        assert!(sees_change(&mut w2));
    }

    /// An edit in place with its size and modification time put back
    /// (`touch -r`) is a change: the change time moved. Failed while the
    /// watcher compared only times and sizes.
    #[test]
    fn an_edit_with_its_mtime_put_back_is_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        std::fs::write(&a, "x").unwrap();
        let before = std::fs::metadata(&a).unwrap();
        let mut w = DeckWatcher::new(&opts(dir.path()));
        assert!(!sees_change(&mut w));
        // The change time ticks with the kernel's clock: edit until it has
        // moved (a few milliseconds at most), as a later edit would find it.
        let stamp = FileStamp::of(&before);
        while FileStamp::of(&std::fs::metadata(&a).unwrap()) == stamp {
            std::fs::write(&a, "y").unwrap();
            let f = std::fs::File::options().write(true).open(&a).unwrap();
            f.set_modified(before.modified().unwrap()).unwrap();
        }
        let after = std::fs::metadata(&a).unwrap();
        assert_eq!(
            (after.len(), after.modified().unwrap()),
            (1, before.modified().unwrap())
        );
        assert!(sees_change(&mut w));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn with_events_an_idle_poll_does_not_list_the_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "x").unwrap();
        let mut w = DeckWatcher::new(&opts(dir.path()));
        assert!(w.uses_events());
        // The file changes without an event the watch would see: only a
        // poll that lists and compares the files notices it. So idle polls
        // do not list them, and the full comparison comes at its turn.
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("t.toml");
        std::fs::write(&target, "t").unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("link.toml")).unwrap();
        assert!(w.poll(), "the new link is an event in the watched folder");
        std::fs::write(&target, "changed").unwrap();
        assert!((1..FULL_EVERY).any(|_| w.poll()));
        assert_eq!(
            w.polls, FULL_EVERY,
            "seen at the full comparison, not before"
        );
    }
}
